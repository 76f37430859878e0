//! Users: `POST user` for standard users and service users, `GET user`, `GET user/{id}`,
//! `GET user/me`.

use serde::{Deserialize, Serialize};

use std::sync::Arc;

use ureq::http::Method;

use super::containers::{Container, Role};
use super::keys::api_key_role;
use super::list::ListParams;
use super::pages::{list_query, Pages};
use crate::client::{is_missing_route, merged, path_id, validate_ids, Client, MergedBody, Policy};
use crate::decode::lenient;
use crate::decode::raw::{decode_flat, record};
use crate::decode::{Listed, Page, RawBody, RawJson, Response};
use crate::error::Result;
use crate::secret::Secret;
use crate::validate::{
    broken, email, first, job_title_and_telephone, max_chars, person_names, positive_id, required,
    username, validate, Checked, Found, Rule, Rules, Violation, MAX_NAME_CHARS,
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

/// The changes `update_user` makes (`PUT user/{user_id}`): each field given replaces the user's
/// value; each field left `None` keeps it (the client reads the user first and sends the
/// merged set, because the server erases what the request leaves out).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    /// Sign-in name: a-z A-Z 0-9 @ - _ + . only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// First name, at most 128 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name, at most 128 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Email address, at most 255 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Job title, at most 64 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    /// Telephone number, at most 64 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
    /// Whether the user can sign in only through SAML SSO.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_saml_sso_only: Option<bool>,
}

/// The fields `PUT user/{user_id}` takes: what `update_user` carries over from the user as read.
const UPDATE_USER_FIELDS: [&str; 7] = [
    "username",
    "first_name",
    "last_name",
    "email",
    "job_title",
    "telephone",
    "is_saml_sso_only",
];

/// Body of `PUT user/{user_id}/role`: the whole set of the user's access roles.
#[derive(Debug, Serialize)]
struct SetUserRolesBody {
    access_roles: Vec<RoleRef>,
}

/// Body of `PUT user/{user_id}/container-assignments`: the whole set of the user's divisions,
/// as strings of digits as the page documents.
#[derive(Debug, Serialize)]
struct SetUserContainersBody {
    container_id_assignments: Vec<String>,
}

/// Parameters of `GET user/api-only` (the service users): those of `GET user`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListServiceUsersQuery {
    /// Only service users of this container.
    pub container_id: Option<i64>,
    /// Only service users with this access role.
    pub access_role_id: Option<i64>,
    /// Leave each user's `container` out of the answer.
    pub without_container: Option<bool>,
    /// Filters (e.g. `status`), search (username, names, email), sort and pagination.
    pub list: ListParams,
}

impl ListServiceUsersQuery {
    /// The percent-encoded query string.
    pub fn to_query_string(&self) -> String {
        self.as_users_query().to_query_string()
    }

    /// The same parameters as a `GET user` query: how they are encoded and checked.
    fn as_users_query(&self) -> ListUsersQuery {
        ListUsersQuery {
            container_id: self.container_id,
            access_role_id: self.access_role_id,
            without_container: self.without_container,
            list: self.list.clone(),
        }
    }
}

/// The paths the docs give for the service users' list, in the order they are tried.
const SERVICE_USER_PATHS: [&str; 2] = ["user/api-only", "service-user"];

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

impl Rules for UpdateUserRequest {
    fn check(&self) -> Checked {
        first(self.violations())
    }

    fn violations(&self) -> Vec<Violation> {
        let mut found = Found::default();
        let given = [
            self.username.is_some(),
            self.first_name.is_some(),
            self.last_name.is_some(),
            self.email.is_some(),
            self.job_title.is_some(),
            self.telephone.is_some(),
            self.is_saml_sso_only.is_some(),
        ];
        if !given.contains(&true) {
            let rule = Rule::SomethingToChange {
                fields: &UPDATE_USER_FIELDS,
            };
            found.add(broken("request", rule));
        }
        if let Some(name) = &self.username {
            found.add(username("username", name));
        }
        for (field, value) in [
            ("first_name", &self.first_name),
            ("last_name", &self.last_name),
        ] {
            if let Some(value) = value {
                found.add(
                    required(field, value).and_then(|()| max_chars(field, value, MAX_NAME_CHARS)),
                );
            }
        }
        if let Some(address) = &self.email {
            found.add(email("email", address));
        }
        job_title_and_telephone(&mut found, "", &self.job_title, &self.telephone);
        found.0
    }
}

impl Rules for SetUserRolesBody {
    fn check(&self) -> Checked {
        if self.access_roles.is_empty() {
            return broken("access_roles", Rule::NonEmptyList);
        }
        for (i, role) in self.access_roles.iter().enumerate() {
            positive_id(&format!("access_roles[{i}]"), role.id)?;
        }
        Ok(())
    }
}

impl Rules for SetUserContainersBody {
    fn check(&self) -> Checked {
        Ok(())
    }
}

impl Rules for ListServiceUsersQuery {
    fn check(&self) -> Checked {
        self.as_users_query().check()
    }
}

list_query!(ListServiceUsersQuery => User, list_service_users);

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

    /// `PUT user/{user_id}`: changes the fields `changes` names and keeps every other one.
    ///
    /// The server erases what the request leaves out (at least `job_title` and `telephone`),
    /// so this reads the user first (`GET user/{user_id}`) and sends the fields the user has,
    /// overlaid with `changes`; a field the server did not show is not sent. The API has no
    /// version check: an edit made by someone else between that read and this write is
    /// overwritten for the fields read. Both requests are retried as reads are (sending the
    /// same full set twice leaves the same user).
    pub fn update_user(&self, user_id: i64, changes: &UpdateUserRequest) -> Result<()> {
        let id = path_id("user_id", user_id)?;
        validate(changes)?;
        let current = self.get_user(id)?;
        let current = current.raw.to_value();
        let mut body = merged(Some(&current), &UPDATE_USER_FIELDS, changes)?;
        // The edit page types it as a string; it is sent as the boolean `POST user` takes.
        if let Some(serde_json::Value::String(text)) = body.get("is_saml_sso_only") {
            let on = text.eq_ignore_ascii_case("true");
            body.insert("is_saml_sso_only".to_owned(), on.into());
        }
        let body = MergedBody(body);
        self.write_ignoring_answer(Method::PUT, &format!("user/{id}"), &body, Policy::UPDATE)
    }

    /// `DELETE user/{user_id}`: deletes a user, permanently (not the key's own user). Retried
    /// as a read is; a 404 after an attempt that may have been carried out is success.
    pub fn delete_user(&self, user_id: i64) -> Result<()> {
        self.delete(&format!("user/{}", path_id("user_id", user_id)?))
    }

    /// `PUT user/{user_id}/role`: sets the user's access roles to exactly `role_ids` (the
    /// API replaces the whole set; at least one; see `list_access_roles`).
    pub fn set_user_roles(&self, user_id: i64, role_ids: &[i64]) -> Result<()> {
        let id = path_id("user_id", user_id)?;
        let body = SetUserRolesBody {
            access_roles: role_ids.iter().copied().map(RoleRef::new).collect(),
        };
        self.write_ignoring_answer(
            Method::PUT,
            &format!("user/{id}/role"),
            &body,
            Policy::UPDATE,
        )
    }

    /// `PUT user/{user_id}/container-assignments`: sets the divisions the user is restricted to
    /// to exactly `container_ids` (the API replaces the whole list; an empty list removes every
    /// assignment, which leaves the user unrestricted).
    pub fn set_user_containers(&self, user_id: i64, container_ids: &[i64]) -> Result<()> {
        let id = path_id("user_id", user_id)?;
        validate_ids("container_ids", container_ids)?;
        let body = SetUserContainersBody {
            container_id_assignments: container_ids.iter().map(i64::to_string).collect(),
        };
        let path = format!("user/{id}/container-assignments");
        self.write_ignoring_answer(Method::PUT, &path, &body, Policy::UPDATE)
    }

    /// `GET user/api-only`: one page of the account's service users (API-only users). One
    /// version of the docs prints the path as `service-user`: on a 404 `not_found|route` the
    /// client asks there, and keeps to the path that answered.
    pub fn list_service_users(&self, query: &ListServiceUsersQuery) -> Result<UserPage> {
        validate(query)?;
        let query = query.to_query_string();
        if let Some(path) = self.inner.service_users_path.get() {
            return self.read(path, &query);
        }
        let mut paths = SERVICE_USER_PATHS.iter().peekable();
        while let Some(path) = paths.next() {
            match self.read(path, &query) {
                Err(e) if paths.peek().is_some() && is_missing_route(&e) => continue,
                outcome => {
                    if outcome.is_ok() {
                        let _ = self.inner.service_users_path.set(path);
                    }
                    return outcome;
                }
            }
        }
        unreachable!("the last path's outcome is returned")
    }

    /// Every service user matching `query`, page by page.
    pub fn service_users(
        &self,
        query: ListServiceUsersQuery,
    ) -> Result<Pages<ListServiceUsersQuery>> {
        validate(&query)?;
        Ok(Pages::new(self.clone(), query))
    }
}
