//! Containers (divisions) and roles: `GET container`, `GET container/{id}`,
//! `GET container/{id}/role`, `GET key/api-roles`; containers also appear nested in users,
//! organizations and subaccounts.

use serde::{Deserialize, Serialize};

use crate::client::{path_id, Client};
use crate::decode::lenient;
use crate::decode::raw::record;
use crate::decode::{Listed, Page, RawJson};
use crate::error::Result;

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

record!(Container, OrganizationAssignment, Role);

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
