//! Users: `POST user` for standard users and service users, `GET user`, `GET user/{id}`,
//! `GET user/me`.

use serde::{Deserialize, Serialize};

use std::sync::Arc;

use ureq::http::Method;

use super::containers::{Container, Role};
use super::keys::api_key_role;
use super::list::ListParams;
use super::pages::{list_query, Pages};
use crate::client::{path_id, Client, Policy};
use crate::decode::lenient;
use crate::decode::raw::{decode_flat, record};
use crate::decode::{Listed, Page, RawBody, RawJson, Response};
use crate::error::Result;
use crate::secret::Secret;
use crate::validate::{
    broken, email, first, job_title_and_telephone, person_names, positive_id, required, username,
    validate, Checked, Found, Rule, Rules, Violation,
};

/// Body of `POST user`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddUserRequest {
    /// Characters a–z, A–Z, 0–9, `@ - _ + .`
    #[serde(default)]
    pub username: String,
    /// At most 128 characters.
    #[serde(default)]
    pub first_name: String,
    /// At most 128 characters.
    #[serde(default)]
    pub last_name: String,
    /// A valid email address, at most 255 characters.
    #[serde(default)]
    pub email: String,
    /// At most 64 characters; required for the user to be an EV approver.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    /// At most 64 characters; required for the user to be an EV approver.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
    /// Legacy: the container to create the user in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container: Option<ContainerRef>,
    /// Access roles, sent as `[{"id": n}]` (1 Administrator, 2 Limited user, 3 Finance manager,
    /// 4 Manager, 5 Standard user).
    #[serde(default)]
    pub access_roles: Vec<RoleRef>,
    /// Divisions the user is assigned to; overrides the default containers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container_id_assignments: Option<Vec<i64>>,
    /// If true, the user can sign in only through SAML SSO (server default: false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_saml_sso_only: Option<bool>,
}

impl AddUserRequest {
    /// A request with the required fields; `access_role_ids` become `[{"id": n}]`.
    pub fn new(
        username: impl Into<String>,
        first_name: impl Into<String>,
        last_name: impl Into<String>,
        email: impl Into<String>,
        access_role_ids: impl IntoIterator<Item = i64>,
    ) -> AddUserRequest {
        AddUserRequest {
            username: username.into(),
            first_name: first_name.into(),
            last_name: last_name.into(),
            email: email.into(),
            access_roles: access_role_ids.into_iter().map(RoleRef::new).collect(),
            ..AddUserRequest::default()
        }
    }
}

/// `{"id": n}`: an access role, by ID, in a request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleRef {
    /// Access role ID: 1 Administrator, 2 Limited user, 3 Finance manager, 4 Manager,
    /// 5 Standard user.
    pub id: i64,
}

impl RoleRef {
    /// The role with this ID.
    pub fn new(id: i64) -> RoleRef {
        RoleRef { id }
    }
}

/// `{"id": n}`: a container reference.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerRef {
    /// Container (division) ID.
    pub id: i64,
}

/// The answer to `POST user`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatedUser {
    /// ID of the new user.
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    /// The answer exactly as the server sent it.
    #[serde(skip)]
    pub raw: RawJson,
}

impl Response for CreatedUser {
    fn decode_body(body: &Arc<RawBody>) -> Result<CreatedUser, serde_json::Error> {
        decode_flat(body, |created: &mut CreatedUser, raw| created.raw = raw)
    }
}

/// Body of `POST user` for a service user: an API-only user, created with its first API key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddServiceUserRequest {
    /// Always `true`: this is what makes `POST user` create a service user.
    pub is_api_only: bool,
    /// A valid email address, at most 255 characters.
    #[serde(default)]
    pub email: String,
    /// The name of the service user's API key.
    #[serde(default)]
    pub api_name: String,
    /// Limits the key to one API key role: 0 (none: the user's own role), 100 (orders),
    /// 101 (orders, domains, organizations), 102 (view only) or 103 (user management).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restricted_to_role_id: Option<i64>,
    /// Divisions the service user is assigned to; overrides the default containers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container_id_assignments: Option<Vec<i64>>,
}

impl Default for AddServiceUserRequest {
    fn default() -> AddServiceUserRequest {
        AddServiceUserRequest {
            is_api_only: true,
            email: String::new(),
            api_name: String::new(),
            restricted_to_role_id: None,
            container_id_assignments: None,
        }
    }
}

impl AddServiceUserRequest {
    /// A service user with this email whose first API key is named `api_name`.
    pub fn new(email: impl Into<String>, api_name: impl Into<String>) -> AddServiceUserRequest {
        AddServiceUserRequest {
            email: email.into(),
            api_name: api_name.into(),
            ..AddServiceUserRequest::default()
        }
    }
}

/// The answer to `POST user` for a service user: its id and its first API key, which the
/// server shows this one time only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceUser {
    /// ID of the new service user.
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    /// The service user's API key: returned once, never retrievable again.
    #[serde(default, deserialize_with = "lenient::opt_secret")]
    pub api_key: Option<Secret>,
    /// The answer exactly as the server sent it (including `api_key`).
    #[serde(skip)]
    pub raw: RawJson,
}

impl Response for ServiceUser {
    fn decode_body(body: &Arc<RawBody>) -> Result<ServiceUser, serde_json::Error> {
        decode_flat(body, |created: &mut ServiceUser, raw| created.raw = raw)
    }
}

/// A user of the account (`GET user`, `GET user/{user_id}`, `GET user/me`), or the first user of
/// a new subaccount. Fields the answer leaves out are `None` or empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// User ID.
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    /// Sign-in name.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub username: Option<String>,
    /// The account the user belongs to.
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub account_id: Option<i64>,
    /// First name.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub last_name: Option<String>,
    /// Email address.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub email: Option<String>,
    /// Job title.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub job_title: Option<String>,
    /// Telephone number.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub telephone: Option<String>,
    /// The user's status, e.g. `active` (any value is kept).
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub status: Option<String>,
    /// Last sign-in, `yyyy-MM-dd HH:mm:ss`.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub last_login_date: Option<String>,
    /// The container the user belongs to (left out with `without_container`).
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub container: Option<Container>,
    /// The user's access roles.
    #[serde(default, deserialize_with = "lenient::opt_records")]
    pub access_roles: Vec<Role>,
    /// Whether the user can sign in only through SAML SSO.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_saml_sso_only: Option<bool>,
    /// The API's `type` field (e.g. `standard`).
    #[serde(rename = "type", default, deserialize_with = "lenient::opt_text")]
    pub user_type: Option<String>,
    /// Whether the user is limited to assigned containers (`container_assignments` in `raw`).
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub has_container_assignments: Option<bool>,
    /// The user as the server sent it, unknown fields included.
    #[serde(skip)]
    pub raw: RawJson,
}

record!(User);

impl Listed for User {
    const ARRAY: &'static [&'static str] = &["users"];
    fn record_id(&self) -> i64 {
        self.id
    }
}

/// One page of users (`GET user`).
pub type UserPage = Page<User>;

/// Parameters of `GET user`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListUsersQuery {
    /// Only users of this container.
    pub container_id: Option<i64>,
    /// Only users with this access role.
    pub access_role_id: Option<i64>,
    /// Leave each user's `container` out of the answer.
    pub without_container: Option<bool>,
    /// Filters, search (username, names, email), sort and pagination.
    pub list: ListParams,
}

impl ListUsersQuery {
    /// The percent-encoded query string.
    pub fn to_query_string(&self) -> String {
        let mut extra = Vec::new();
        extra.extend(self.container_id.map(|id| ("container_id", id.to_string())));
        extra.extend(
            self.access_role_id
                .map(|id| ("access_role_id", id.to_string())),
        );
        extra.extend(
            self.without_container
                .map(|on| ("without_container", on.to_string())),
        );
        self.list.encode(&extra)
    }
}

impl Rules for AddUserRequest {
    fn check(&self) -> Checked {
        first(self.violations())
    }

    fn violations(&self) -> Vec<Violation> {
        let mut found = Found::default();
        found.add(username("username", &self.username));
        person_names(&mut found, "", &self.first_name, &self.last_name);
        found.add(email("email", &self.email));
        job_title_and_telephone(&mut found, "", &self.job_title, &self.telephone);
        if let Some(container) = &self.container {
            found.add(positive_id("container.id", container.id));
        }
        if self.access_roles.is_empty() {
            found.add(broken("access_roles", Rule::NonEmptyList));
        }
        for (i, role) in self.access_roles.iter().enumerate() {
            found.add(positive_id(&format!("access_roles[{i}].id"), role.id));
        }
        for (i, id) in self.container_id_assignments.iter().flatten().enumerate() {
            found.add(positive_id(&format!("container_id_assignments[{i}]"), *id));
        }
        found.0
    }
}

impl Rules for AddServiceUserRequest {
    fn check(&self) -> Checked {
        first(self.violations())
    }

    fn violations(&self) -> Vec<Violation> {
        let mut found = Found::default();
        if !self.is_api_only {
            // `POST user` without it creates a standard user: that is `add_user`.
            found.add(broken("is_api_only", Rule::MustBeTrue));
        }
        found.add(email("email", &self.email));
        found.add(required("api_name", &self.api_name));
        found.add(api_key_role(
            "restricted_to_role_id",
            self.restricted_to_role_id,
        ));
        for (i, id) in self.container_id_assignments.iter().flatten().enumerate() {
            found.add(positive_id(&format!("container_id_assignments[{i}]"), *id));
        }
        found.0
    }
}

impl Rules for ListUsersQuery {
    fn check(&self) -> Checked {
        if let Some(id) = self.container_id {
            positive_id("container_id", id)?;
        }
        if let Some(id) = self.access_role_id {
            positive_id("access_role_id", id)?;
        }
        self.list.check()
    }
}

list_query!(ListUsersQuery => User, list_users);

impl Client {
    /// `POST user`: adds a user.
    pub fn add_user(&self, request: &AddUserRequest) -> Result<CreatedUser> {
        self.write(Method::POST, "user", request, Policy::CREATE)
    }

    /// `POST user` with `is_api_only`: adds a service user (an API-only user) and returns its
    /// id and its first API key, which is shown this one time only (if the answer cannot be
    /// read, the key is still in the error: [`crate::Error::one_time_key`]).
    pub fn add_service_user(&self, request: &AddServiceUserRequest) -> Result<ServiceUser> {
        self.write(Method::POST, "user", request, Policy::CREATE_ONE_TIME_KEY)
    }

    /// `GET user`: one page of the account's users.
    pub fn list_users(&self, query: &ListUsersQuery) -> Result<UserPage> {
        validate(query)?;
        self.read("user", &query.to_query_string())
    }

    /// Every user matching `query`, page by page (`query.list.limit` is the page size, default
    /// 1000). The query is checked now; nothing is sent until the first `next`.
    pub fn users(&self, query: ListUsersQuery) -> Result<Pages<ListUsersQuery>> {
        validate(&query)?;
        Ok(Pages::new(self.clone(), query))
    }

    /// `GET user/{user_id}`: one user's details.
    pub fn get_user(&self, user_id: i64) -> Result<User> {
        self.read(&format!("user/{}", path_id("user_id", user_id)?), "")
    }

    /// `GET user/me`: the user the API key belongs to.
    pub fn current_user(&self) -> Result<User> {
        self.read("user/me", "")
    }
}
