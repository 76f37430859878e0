//! Containers (divisions) and access roles: the account's containers, one container's details,
//! creating a child container, a container's children and setting its users, and the access
//! roles of a container; `certcentral_role` and `certcentral_role_list`, which the API-key roles
//! (`super::keys`) share.

use std::ffi::c_char;

use super::arena::{free_owned, Arena};
use super::boundary::arg_slice;
use super::client::certcentral_client;
use super::convert::{
    arg_request, array, certcentral_optional_bool, field_string, into_c, ints, opt_string, texts,
    write_optional_bool, ToC, ToCore,
};
use super::error::certcentral_error;
use super::macros::ffi_fn;
use crate::api::{Container, CreateContainerRequest, OrganizationAssignment, Page, Role};
use crate::error::{Error, Status};

/// Body of `POST container/{parent_id}/children`.
#[repr(C)]
pub struct certcentral_create_container_request {
    /// Required: the new container's name.
    pub name: *const c_char,
    /// Required: the container template (`GET container/{id}/template`).
    pub template_id: i64,
    /// Optional description.
    pub description: *const c_char,
}

impl ToCore for certcentral_create_container_request {
    type Core = CreateContainerRequest;

    unsafe fn to_core(&self) -> Result<CreateContainerRequest, Error> {
        // SAFETY: the caller upholds the pointer contract of this struct's fields.
        unsafe {
            Ok(CreateContainerRequest {
                name: field_string(self.name, "name")?,
                description: opt_string(self.description, "description")?,
                template_id: self.template_id,
            })
        }
    }
}

/// A container (division): from `certcentral_get_container` or `certcentral_list_containers`,
/// or nested in a user or an organization (then with only some fields; the others absent).
#[repr(C)]
pub struct certcentral_container_details {
    /// Container ID.
    pub id: i64,
    /// The parent container; 0 for a top-level container (or when absent).
    pub parent_id: i64,
    /// The container's name; NULL when absent.
    pub name: *const c_char,
    /// Whether the container is active.
    pub is_active: certcentral_optional_bool,
    /// The container exactly as the server sent it.
    pub raw_json: *const c_char,
    /// Public identifier; NULL when absent.
    pub public_id: *const c_char,
    /// Description; NULL when absent (the top-level container has none).
    pub description: *const c_char,
    /// The container template; 0 when absent.
    pub template_id: i64,
    /// Custom-branding key; NULL when absent.
    pub ekey: *const c_char,
    /// Whether the container has its own logo.
    pub has_logo: certcentral_optional_bool,
    /// Domains the container may order for; NULL when none.
    pub allowed_domain_names: *const *const c_char,
    /// How many elements `allowed_domain_names` points to.
    pub allowed_domain_names_len: usize,
    /// IDs of the users assigned to the container; NULL when none.
    pub user_id_assignments: *const i64,
    /// How many elements `user_id_assignments` points to.
    pub user_id_assignments_len: usize,
    /// Organizations assigned to the container; NULL when none.
    pub organization_assignments: *const certcentral_organization_assignment,
    /// How many elements `organization_assignments` points to.
    pub organization_assignments_len: usize,
}

impl ToC for Container {
    type C = certcentral_container_details;
    fn to_c(&self, arena: &mut Arena) -> certcentral_container_details {
        let (allowed_domain_names, allowed_domain_names_len) =
            texts(&self.allowed_domain_names, arena);
        let (user_id_assignments, user_id_assignments_len) = ints(&self.user_id_assignments, arena);
        let (organization_assignments, organization_assignments_len) =
            array(&self.organization_assignments, arena);
        certcentral_container_details {
            id: self.id,
            parent_id: self.parent_id.unwrap_or(0),
            name: arena.opt_text(self.name.as_deref()),
            is_active: write_optional_bool(self.is_active),
            raw_json: arena.text(self.raw.as_str()),
            public_id: arena.opt_text(self.public_id.as_deref()),
            description: arena.opt_text(self.description.as_deref()),
            template_id: self.template_id.unwrap_or(0),
            ekey: arena.opt_text(self.ekey.as_deref()),
            has_logo: write_optional_bool(self.has_logo),
            allowed_domain_names,
            allowed_domain_names_len,
            user_id_assignments,
            user_id_assignments_len,
            organization_assignments,
            organization_assignments_len,
        }
    }
}

/// Frees a container from `certcentral_get_container` and everything in it. NULL is ignored.
/// Containers nested in other results are freed with them, never with this function.
#[no_mangle]
pub unsafe extern "C" fn certcentral_container_details_free(
    container: *mut certcentral_container_details,
) {
    ffi_fn!(free: free_owned(container))
}

/// An organization assigned to a container.
#[repr(C)]
pub struct certcentral_organization_assignment {
    /// Organization ID.
    pub id: i64,
    /// active or inactive; NULL when absent.
    pub status: *const c_char,
    /// Legal name; NULL when absent.
    pub name: *const c_char,
    /// Name and assumed name combined; NULL when absent.
    pub display_name: *const c_char,
    /// Whether it is active.
    pub is_active: certcentral_optional_bool,
    /// The assignment exactly as the server sent it.
    pub raw_json: *const c_char,
}

impl ToC for OrganizationAssignment {
    type C = certcentral_organization_assignment;
    fn to_c(&self, arena: &mut Arena) -> certcentral_organization_assignment {
        certcentral_organization_assignment {
            id: self.id,
            status: arena.opt_text(self.status.as_deref()),
            name: arena.opt_text(self.name.as_deref()),
            display_name: arena.opt_text(self.display_name.as_deref()),
            is_active: write_optional_bool(self.is_active),
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// A list of containers (`certcentral_list_containers`, `certcentral_list_child_containers`).
#[repr(C)]
pub struct certcentral_container_list {
    /// The containers; NULL when empty.
    pub containers: *const certcentral_container_details,
    /// How many elements `containers` points to.
    pub containers_len: usize,
    /// The whole response exactly as the server sent it.
    pub raw_json: *const c_char,
}

impl ToC for Page<Container> {
    type C = certcentral_container_list;
    fn to_c(&self, arena: &mut Arena) -> certcentral_container_list {
        let (containers, containers_len) = array(&self.items, arena);
        certcentral_container_list {
            containers,
            containers_len,
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// Frees a list of containers and everything in it. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn certcentral_container_list_free(list: *mut certcentral_container_list) {
    ffi_fn!(free: free_owned(list))
}

/// A role: an access role (1 Administrator ... 5 Standard user, or one the account defines) or
/// an API key role (100 orders, 101 orders, domains and organizations, 102 view only, 103 user
/// management).
#[repr(C)]
pub struct certcentral_role {
    /// Role ID.
    pub id: i64,
    /// The role's name; NULL when absent.
    pub name: *const c_char,
    /// The role exactly as the server sent it.
    pub raw_json: *const c_char,
}

impl ToC for Role {
    type C = certcentral_role;
    fn to_c(&self, arena: &mut Arena) -> certcentral_role {
        certcentral_role {
            id: self.id,
            name: arena.opt_text(self.name.as_deref()),
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// A list of roles (`certcentral_list_access_roles`, `certcentral_list_api_key_roles`).
#[repr(C)]
pub struct certcentral_role_list {
    /// The roles; NULL when empty.
    pub roles: *const certcentral_role,
    /// How many elements `roles` points to.
    pub roles_len: usize,
    /// The whole response exactly as the server sent it.
    pub raw_json: *const c_char,
}

impl ToC for Page<Role> {
    type C = certcentral_role_list;
    fn to_c(&self, arena: &mut Arena) -> certcentral_role_list {
        let (roles, roles_len) = array(&self.items, arena);
        certcentral_role_list {
            roles,
            roles_len,
            raw_json: arena.text(self.raw.as_str()),
        }
    }
}

/// Frees a list of roles and everything in it. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn certcentral_role_list_free(list: *mut certcentral_role_list) {
    ffi_fn!(free: free_owned(list))
}

/// `GET container`: the account's containers (divisions). On success `*out` receives a list
/// the caller frees with `certcentral_container_list_free`; on failure `*out` is NULL.
#[no_mangle]
pub unsafe extern "C" fn certcentral_list_containers(
    client: *const certcentral_client,
    out: *mut *mut certcentral_container_list,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        out: out = into_c(&client.container_list()?, Arena::default()),
        err: err,
    }
}

/// `GET container/{container_id}`: one container's details (`container_id` > 0, else
/// `CERTCENTRAL_STATUS_VALIDATION` and nothing is sent). On success `*out` receives a container
/// the caller frees with `certcentral_container_details_free`; on failure `*out` is NULL.
#[no_mangle]
pub unsafe extern "C" fn certcentral_get_container(
    client: *const certcentral_client,
    container_id: i64,
    out: *mut *mut certcentral_container_details,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        out: out = into_c(&client.get_container(container_id)?, Arena::default()),
        err: err,
    }
}

/// `GET container/{container_id}/role`: the access roles users of a container can have (the
/// ids `certcentral_add_user_request.access_role_ids` takes; `container_id` > 0, else
/// `CERTCENTRAL_STATUS_VALIDATION` and nothing is sent). On success `*out` receives a list the
/// caller frees with `certcentral_role_list_free`; on failure `*out` is NULL.
#[no_mangle]
pub unsafe extern "C" fn certcentral_list_access_roles(
    client: *const certcentral_client,
    container_id: i64,
    out: *mut *mut certcentral_role_list,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        out: out = into_c(&client.access_role_list(container_id)?, Arena::default()),
        err: err,
    }
}

/// `POST container/{parent_id}/children`: creates a division under `parent_id` (> 0); on
/// success `*container_id` receives the new container's id. A creation: never sent again once
/// it may have reached the server.
#[no_mangle]
pub unsafe extern "C" fn certcentral_create_container(
    client: *const certcentral_client,
    parent_id: i64,
    request: *const certcentral_create_container_request,
    container_id: *mut i64,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: { let request = arg_request(request, "request")?; },
        out: container_id = client.create_container(parent_id, &request)?.id,
        err: err,
    }
}

/// `GET container/{container_id}/children`: the container's immediate children
/// (`container_id` > 0, else `CERTCENTRAL_STATUS_VALIDATION` and nothing is sent; none: an
/// empty list). On success `*out` receives a list the caller frees with
/// `certcentral_container_list_free`; on failure `*out` is NULL.
#[no_mangle]
pub unsafe extern "C" fn certcentral_list_child_containers(
    client: *const certcentral_client,
    container_id: i64,
    out: *mut *mut certcentral_container_list,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        out: out = into_c(&client.child_container_list(container_id)?, Arena::default()),
        err: err,
    }
}

/// `PUT container/{container_id}/user-assignments`: sets the container's users to exactly the
/// `user_ids_len` ids at `user_ids` (the API replaces the whole list; length 0 clears it;
/// `container_id` > 0).
#[no_mangle]
pub unsafe extern "C" fn certcentral_set_container_users(
    client: *const certcentral_client,
    container_id: i64,
    user_ids: *const i64,
    user_ids_len: usize,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        client: client,
        args: { let ids = arg_slice(user_ids, user_ids_len, "user_ids")?; },
        call: client.set_container_users(container_id, ids)?,
        err: err,
    }
}
