//! Containers (divisions) and roles: `GET container`, `GET container/{id}`,
//! `GET container/{id}/role`, `POST container/{id}/children`, `GET container/{id}/children`,
//! `PUT container/{id}/user-assignments`; containers also appear nested in users,
//! organizations and subaccounts.

use serde::{Deserialize, Serialize};
use ureq::http::Method;

use crate::client::{path_id, validate_ids, Client, Policy};
use crate::decode::lenient;
use crate::decode::raw::record;
use crate::decode::{Listed, Page, RawJson};
use crate::error::Result;
use crate::validate::{positive_id, required, Checked, Rules};

/// Body of `POST container/{container_id}/children`: a division under a parent container.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateContainerRequest {
    /// The new container's name (unique under its parent: how a repeated creation is found).
    #[serde(default)]
    pub name: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The container template (see `GET container/{id}/template`).
    #[serde(default)]
    pub template_id: i64,
}

impl CreateContainerRequest {
    /// A container named `name` made from template `template_id`.
    pub fn new(name: impl Into<String>, template_id: i64) -> CreateContainerRequest {
        CreateContainerRequest {
            name: name.into(),
            description: None,
            template_id,
        }
    }
}

impl Rules for CreateContainerRequest {
    fn check(&self) -> Checked {
        required("name", &self.name)?;
        positive_id("template_id", self.template_id)
    }
}

/// The answer to `POST container/{container_id}/children`: the new container's id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatedContainer {
    /// ID of the new container.
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    /// The answer exactly as the server sent it.
    #[serde(skip)]
    pub raw: RawJson,
}

/// Body of `PUT container/{container_id}/user-assignments`: the whole set of the container's
/// users.
#[derive(Debug, Serialize)]
struct SetContainerUsersBody {
    user_id_assignments: Vec<i64>,
}

impl Rules for SetContainerUsersBody {
    fn check(&self) -> Checked {
        Ok(())
    }
}

/// A container (division). Nested in other records it carries only some of these fields;
/// the others are `None` or empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Container {
    /// Container ID.
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    /// Public identifier.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub public_id: Option<String>,
    /// The container's name.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
    /// Description (absent on the top-level container in the docs' example).
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub description: Option<String>,
    /// The parent container; 0 for the top-level one.
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub parent_id: Option<i64>,
    /// The container template.
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub template_id: Option<i64>,
    /// Custom-branding key.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub ekey: Option<String>,
    /// Whether the container has its own logo.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub has_logo: Option<bool>,
    /// Whether the container is active.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_active: Option<bool>,
    /// Domains the container may order for.
    #[serde(default, deserialize_with = "lenient::texts")]
    pub allowed_domain_names: Vec<String>,
    /// Users assigned to the container (sent as strings in the docs' examples).
    #[serde(default, deserialize_with = "lenient::ints")]
    pub user_id_assignments: Vec<i64>,
    /// Organizations assigned to the container.
    #[serde(default, deserialize_with = "lenient::opt_records")]
    pub organization_assignments: Vec<OrganizationAssignment>,
    /// The container as the server sent it.
    #[serde(skip)]
    pub raw: RawJson,
}

/// An organization assigned to a container.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganizationAssignment {
    /// Organization ID.
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    /// `active` or `inactive`.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub status: Option<String>,
    /// Legal name.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
    /// Name and assumed name combined.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub display_name: Option<String>,
    /// Whether it is active (the docs send `"1"`/`"0"`).
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_active: Option<bool>,
    /// The assignment as the server sent it.
    #[serde(skip)]
    pub raw: RawJson,
}

/// A role: an access role (1 Administrator … 5 Standard user, or one an account defines) or an
/// API key role (100 orders, 101 orders, domains and organizations, 102 view only, 103 user
/// management).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Role {
    /// Role ID.
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    /// The role's name.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
    /// The role as the server sent it.
    #[serde(skip)]
    pub raw: RawJson,
}

record!(CreatedContainer, Container, OrganizationAssignment, Role);

impl Listed for Container {
    const ARRAY: &'static [&'static str] = &["containers"];
    fn record_id(&self) -> i64 {
        self.id
    }
}

impl Listed for Role {
    const ARRAY: &'static [&'static str] = &["access_roles"];
    fn record_id(&self) -> i64 {
        self.id
    }
}

impl Client {
    /// `GET container`: the account's containers (divisions).
    pub fn list_containers(&self) -> Result<Vec<Container>> {
        Ok(self.container_list()?.items)
    }

    /// [`Client::list_containers`] with the whole answer's `raw` (the C ABI hands it out).
    #[cfg_attr(not(feature = "capi"), allow(dead_code))]
    pub(crate) fn container_list(&self) -> Result<Page<Container>> {
        self.read("container", "")
    }

    /// `GET container/{container_id}`: one container's details.
    pub fn get_container(&self, container_id: i64) -> Result<Container> {
        let id = path_id("container_id", container_id)?;
        self.read(&format!("container/{id}"), "")
    }

    /// `POST container/{parent_id}/children`: creates a division under `parent_id`. A
    /// creation: never sent again once it may have reached the server.
    pub fn create_container(
        &self,
        parent_id: i64,
        request: &CreateContainerRequest,
    ) -> Result<CreatedContainer> {
        let path = format!("container/{}/children", path_id("parent_id", parent_id)?);
        self.write(Method::POST, &path, request, Policy::CREATE)
    }

    /// `GET container/{container_id}/children`: the container's immediate children.
    pub fn list_child_containers(&self, container_id: i64) -> Result<Vec<Container>> {
        Ok(self.child_container_list(container_id)?.items)
    }

    /// [`Client::list_child_containers`] with the whole answer's `raw`.
    #[cfg_attr(not(feature = "capi"), allow(dead_code))]
    pub(crate) fn child_container_list(&self, container_id: i64) -> Result<Page<Container>> {
        let id = path_id("container_id", container_id)?;
        self.read(&format!("container/{id}/children"), "")
    }

    /// `PUT container/{container_id}/user-assignments`: sets the container's users to exactly
    /// `user_ids` (the API replaces the whole list; an empty list clears it). Retried as a
    /// read is.
    pub fn set_container_users(&self, container_id: i64, user_ids: &[i64]) -> Result<()> {
        let id = path_id("container_id", container_id)?;
        validate_ids("user_ids", user_ids)?;
        let body = SetContainerUsersBody {
            user_id_assignments: user_ids.to_vec(),
        };
        let path = format!("container/{id}/user-assignments");
        self.write_ignoring_answer(Method::PUT, &path, &body, Policy::UPDATE)
    }

    /// `GET container/{container_id}/role`: the access roles users of a container can have
    /// (the ids `add_user` takes).
    pub fn list_access_roles(&self, container_id: i64) -> Result<Vec<Role>> {
        Ok(self.access_role_list(container_id)?.items)
    }

    /// [`Client::list_access_roles`] with the whole answer's `raw`.
    #[cfg_attr(not(feature = "capi"), allow(dead_code))]
    pub(crate) fn access_role_list(&self, container_id: i64) -> Result<Page<Role>> {
        let id = path_id("container_id", container_id)?;
        self.read(&format!("container/{id}/role"), "")
    }
}
