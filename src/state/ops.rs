//! Turning a plan's items into bulk operations, by stage: divisions first (stage 1), then
//! users, service users and organizations (stage 2), then role and division assignments,
//! validations and deletions (stage 3). An operation that needs an id only known once an
//! earlier stage has run waits (`action: None`) until the plan is computed again.

use super::file::{Division, Organization, ServiceUser, User};
use crate::api::{
    AddServiceUserRequest, AddUserRequest, CreateContainerRequest, CreateOrganizationRequest,
    OrganizationContactRequest, UpdateUserRequest,
};
use crate::bulk::{
    Action, ContainerCreation, KeyTarget, OrganizationTarget, OrganizationValidation,
    UserContainers, UserRoles, UserTarget, UserUpdate,
};

/// Divisions.
pub const STAGE_DIVISIONS: u8 = 1;
/// Users, service users, organizations.
pub const STAGE_OBJECTS: u8 = 2;
/// Assignments, validations, deletions.
pub const STAGE_ASSIGNMENTS: u8 = 3;

/// One bulk operation of an item.
#[derive(Debug, Clone, PartialEq)]
pub struct Op {
    /// Its stage.
    pub stage: u8,
    /// Its key in the stage's bulk plan.
    pub key: String,
    /// The request; `None` while it waits for an id an earlier stage creates.
    pub action: Option<Action>,
}

fn op(stage: u8, address: &str, what: &str, action: Option<Action>) -> Op {
    Op {
        stage,
        key: format!("{address}/{what}"),
        action,
    }
}

pub(crate) fn create_division(
    address: &str,
    parent: Option<i64>,
    d: &Division,
    template: Option<i64>,
) -> Op {
    let action = parent.map(|parent_id| {
        let mut container = CreateContainerRequest::new(d.name.clone(), template.unwrap_or(0));
        container.description = d.description.clone();
        Action::CreateContainer(ContainerCreation {
            parent_id,
            container,
        })
    });
    op(STAGE_DIVISIONS, address, "create", action)
}

pub(crate) fn add_user(
    address: &str,
    u: &User,
    roles: Vec<i64>,
    divisions: Option<&[Option<i64>]>,
) -> Op {
    let known: Option<Vec<i64>> = match divisions {
        None => Some(Vec::new()),
        Some(list) => list.iter().copied().collect(),
    };
    let action = known.map(|ids| {
        let mut r = AddUserRequest::new(
            u.username.clone(),
            u.first_name.clone().unwrap_or_default(),
            u.last_name.clone().unwrap_or_default(),
            u.email.clone().unwrap_or_default(),
            roles,
        );
        r.job_title = u.job_title.clone();
        r.telephone = u.telephone.clone();
        if !ids.is_empty() {
            r.container_id_assignments = Some(ids);
        }
        Action::AddUser(r)
    });
    op(STAGE_OBJECTS, address, "create", action)
}

pub(crate) fn update_user(address: &str, user_id: i64, changes: UpdateUserRequest) -> Op {
    op(
        STAGE_OBJECTS,
        address,
        "update",
        Some(Action::UpdateUser(UserUpdate { user_id, changes })),
    )
}

pub(crate) fn set_roles(address: &str, user_id: i64, access_roles: Vec<i64>) -> Op {
    op(
        STAGE_ASSIGNMENTS,
        address,
        "roles",
        Some(Action::SetUserRoles(UserRoles {
            user_id,
            access_roles,
        })),
    )
}

pub(crate) fn set_divisions(address: &str, user_id: i64, ids: Option<Vec<i64>>) -> Op {
    let action = ids.map(|container_ids| {
        Action::SetUserContainers(UserContainers {
            user_id,
            container_ids,
        })
    });
    op(STAGE_ASSIGNMENTS, address, "divisions", action)
}

pub(crate) fn add_service_user(
    address: &str,
    s: &ServiceUser,
    email: &str,
    role: Option<i64>,
) -> Op {
    let mut r = AddServiceUserRequest::new(email, s.api_name.clone());
    r.restricted_to_role_id = role;
    op(
        STAGE_OBJECTS,
        address,
        "create",
        Some(Action::AddServiceUser(r)),
    )
}

pub(crate) fn create_organization(address: &str, o: &Organization) -> Op {
    let contact = o.contact.clone().unwrap_or_else(|| super::file::Contact {
        first_name: String::new(),
        last_name: String::new(),
        email: String::new(),
        telephone: String::new(),
        job_title: None,
        telephone_extension: None,
    });
    let r = CreateOrganizationRequest {
        name: o.name.clone(),
        assumed_name: o.assumed_name.clone(),
        address: o.address.clone(),
        address2: o.address2.clone(),
        city: o.city.clone(),
        state: o.state.clone(),
        zip: o.zip.clone(),
        country: o.country.clone(),
        telephone: o.telephone.clone().unwrap_or_default(),
        organization_contact: OrganizationContactRequest {
            first_name: contact.first_name,
            last_name: contact.last_name,
            job_title: contact.job_title,
            email: contact.email,
            telephone: contact.telephone,
            telephone_extension: contact.telephone_extension,
        },
        skip_duplicate_org_check: None,
    };
    op(
        STAGE_OBJECTS,
        address,
        "create",
        Some(Action::CreateOrganization(r)),
    )
}

pub(crate) fn validate(address: &str, organization_id: Option<i64>, types: Vec<String>) -> Op {
    let action = organization_id.map(|organization_id| {
        Action::SubmitOrganizationValidation(OrganizationValidation {
            organization_id,
            validations: types,
        })
    });
    op(STAGE_ASSIGNMENTS, address, "validation", action)
}

pub(crate) fn delete_user(address: &str, user_id: i64) -> Op {
    op(
        STAGE_ASSIGNMENTS,
        address,
        "delete",
        Some(Action::DeleteUser(UserTarget { user_id })),
    )
}

pub(crate) fn revoke_key(address: &str, key_id: i64) -> Op {
    op(
        STAGE_ASSIGNMENTS,
        &format!("{address}#{key_id}"),
        "revoke",
        Some(Action::RevokeApiKey(KeyTarget { key_id })),
    )
}

pub(crate) fn delete_organization(address: &str, organization_id: i64) -> Op {
    op(
        STAGE_ASSIGNMENTS,
        &format!("{address}#{organization_id}"),
        "delete",
        Some(Action::DeleteOrganization(OrganizationTarget {
            organization_id,
        })),
    )
}
