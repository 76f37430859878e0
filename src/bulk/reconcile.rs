//! After an outcome that leaves open whether an operation was carried out (a reset, a timeout, a
//! 5xx, a run killed mid-request), the read side decides before anything is sent again.

use std::collections::HashMap;

use super::plan::Action;
use crate::api::{
    CreateOrganizationRequest, ListInvitesQuery, ListOrganizationsQuery, ListParams,
    ListUsersQuery, Organization,
};
use crate::client::Client;
use crate::error::Error;
use crate::Status;

/// What the read side says about an operation.
#[derive(Debug)]
pub(crate) enum Check {
    /// It was carried out; the id, where one is known.
    Found(Option<i64>),
    /// Not there, and sending it again cannot create a second one.
    Absent,
    /// Nothing can tell: what is known, for a person.
    Unknown(&'static str),
    /// The look-up itself failed; try again later.
    Failed(Error),
}

/// The page size of look-ups: one page holds every match.
const LOOKUP_PAGE: u32 = 100;

/// Looks `action` up. `written` holds the operations the keys file has a key for (with the id
/// recorded beside it): a key there means the creation happened.
pub(crate) fn check(
    client: &Client,
    key: &str,
    action: &Action,
    written: &HashMap<String, Option<i64>>,
) -> Check {
    if let Some(id) = written.get(key) {
        return match id {
            Some(id) => Check::Found(Some(*id)),
            None => Check::Unknown(
                "it was carried out (its one-time key is in the keys file) but its id could not \
                 be read; find it in CertCentral",
            ),
        };
    }
    let found =
        match action {
            Action::SendInvite(request) => match request.emails.first() {
                Some(email) => pending_invite(client, email),
                None => return Check::Unknown("an invite to no address"),
            },
            Action::AddUser(request) => user_by_username(client, &request.username),
            Action::CreateOrganization(request)
                if request.skip_duplicate_org_check != Some(true) =>
            {
                // The duplicate check makes a repeat safe; the look-up tells whether one is due.
                organization_by_identity(client, request)
            }
            Action::CreateOrganization(_) => {
                return Check::Unknown(
                    "created with skip_duplicate_org_check, so a repeat could make a second \
                 organization and nothing tells whether this one exists: check the organizations \
                 before running it again",
                )
            }
            Action::CreateSubaccount(_) => return Check::Unknown(
                "a subaccount has no reliable look-up and its one-time key (if managed) may be \
                 lost: check the subaccounts before creating it again",
            ),
            Action::AddServiceUser(_) => return Check::Unknown(
                "a service user has no reliable look-up and its one-time key may be lost: check \
                 the account's service users before creating it again",
            ),
            // Sending the same full set again leaves the same result.
            Action::UpdateUser(_) | Action::SetUserRoles(_) | Action::SetUserContainers(_) => {
                return Check::Absent
            }
            Action::DeleteUser(r) => gone(client.get_user(r.user_id), r.user_id),
            Action::DeleteOrganization(r) => gone(
                client.get_organization(r.organization_id),
                r.organization_id,
            ),
            Action::RevokeApiKey(r) => match client.get_api_key(r.key_id) {
                Ok(key) if key.status.as_deref() == Some("revoked") => Ok(Some(r.key_id)),
                other => gone(other, r.key_id),
            },
            Action::CreateContainer(r) => child_by_name(client, r.parent_id, &r.container.name),
            Action::SubmitOrganizationValidation(r) => {
                submitted(client, r.organization_id, &r.validations)
            }
        };
    match found {
        Ok(Some(id)) => Check::Found(Some(id)),
        Ok(None) => Check::Absent,
        Err(error) => Check::Failed(error),
    }
}

/// A deletion's target as read: gone (404) means it was carried out; still there, not yet.
fn gone<T>(read: Result<T, Error>, id: i64) -> Result<Option<i64>, Error> {
    match read {
        Ok(_) => Ok(None),
        Err(error) if error.status() == Status::NotFound => Ok(Some(id)),
        Err(error) => Err(error),
    }
}

/// Whether the organization has every validation type named (then a repeat is not needed; a
/// missing one means the submission did not arrive, and sending it again submits it once).
fn submitted(
    client: &Client,
    organization_id: i64,
    types: &[String],
) -> Result<Option<i64>, Error> {
    let have = client.get_organization_validations(organization_id)?;
    let all = types.iter().all(|wanted| {
        have.iter().any(|v| {
            v.validation_type
                .as_deref()
                .is_some_and(|t| t.eq_ignore_ascii_case(wanted))
        })
    });
    Ok(all.then_some(organization_id))
}

/// The division named `name` under `parent_id` (names are unique under a parent, so a repeat
/// would meet a conflict or make a second one).
fn child_by_name(client: &Client, parent_id: i64, name: &str) -> Result<Option<i64>, Error> {
    let children = client.list_child_containers(parent_id)?;
    Ok(children
        .into_iter()
        .find(|c| c.name.as_deref().map(str::trim) == Some(name.trim()))
        .map(|c| c.id))
}

/// The pending invite to `email`: sending another to it would only resend it.
fn pending_invite(client: &Client, email: &str) -> Result<Option<i64>, Error> {
    let query = ListInvitesQuery {
        email: Some(email.to_owned()),
        status: Some("pending".to_owned()),
        limit: Some(LOOKUP_PAGE),
        ..ListInvitesQuery::default()
    };
    for invite in client.invites(query)? {
        let invite = invite?;
        if invite
            .email
            .as_deref()
            .is_some_and(|e| e.eq_ignore_ascii_case(email))
        {
            return Ok(Some(invite.id));
        }
    }
    Ok(None)
}

/// The user named `username` (usernames are unique, so a repeat would meet 409).
fn user_by_username(client: &Client, username: &str) -> Result<Option<i64>, Error> {
    let query = ListUsersQuery {
        list: ListParams {
            search: Some(username.to_owned()),
            limit: Some(LOOKUP_PAGE),
            ..ListParams::default()
        },
        ..ListUsersQuery::default()
    };
    for user in client.users(query)? {
        let user = user?;
        if user
            .username
            .as_deref()
            .is_some_and(|u| u.eq_ignore_ascii_case(username))
        {
            return Ok(Some(user.id));
        }
    }
    Ok(None)
}

/// The organization the duplicate check would match: the same name, address, city, state, zip
/// and country (compared as the check compares them, trimmed and ignoring case).
fn organization_by_identity(
    client: &Client,
    request: &CreateOrganizationRequest,
) -> Result<Option<i64>, Error> {
    let norm = |text: &str| text.trim().to_lowercase();
    let wanted = [
        &request.name,
        &request.address,
        &request.city,
        &request.state,
        &request.zip,
        &request.country,
    ]
    .map(|part| norm(part));
    let query = ListOrganizationsQuery {
        list: ListParams {
            search: Some(request.name.clone()),
            limit: Some(LOOKUP_PAGE),
            ..ListParams::default()
        },
        ..ListOrganizationsQuery::default()
    };
    for organization in client.organizations(query)? {
        let organization: Organization = organization?;
        let have = [
            &organization.name,
            &organization.address,
            &organization.city,
            &organization.state,
            &organization.zip,
            &organization.country,
        ]
        .map(|part| norm(part.as_deref().unwrap_or("")));
        if have == wanted {
            return Ok(Some(organization.id));
        }
    }
    Ok(None)
}
