//! The live account, read through the read side: the listings run at once, each fetching its
//! pages ahead, all through the client's one rate limiter. Only what a state file can manage
//! (and what `--prune` may remove) is kept.

use serde::Serialize;

use crate::api::{
    ListApiKeysQuery, ListOrganizationsQuery, ListServiceUsersQuery, ListUsersQuery, Role,
};
use crate::client::Client;
use crate::error::Error;

/// A division as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LiveDivision {
    /// Its id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its parent's id (0: none).
    pub parent_id: i64,
    /// Its description.
    pub description: Option<String>,
    /// Its template.
    pub template_id: Option<i64>,
}

/// A standard user as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LiveUser {
    /// Its id.
    pub id: i64,
    /// Username.
    pub username: String,
    /// Email address.
    pub email: Option<String>,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Job title.
    pub job_title: Option<String>,
    /// Telephone.
    pub telephone: Option<String>,
    /// Access role ids, sorted.
    pub roles: Vec<i64>,
    /// Division assignments, sorted (empty: unrestricted).
    pub divisions: Vec<i64>,
}

/// A service user's API key as read (never the key itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LiveKey {
    /// The key's id.
    pub id: i64,
    /// Its name: a service user's `api_name`.
    pub name: String,
    /// The service user it belongs to.
    pub user_id: i64,
    /// That user's email address.
    pub email: Option<String>,
    /// `active` or `revoked`.
    pub status: Option<String>,
    /// The API key role it is restricted to (0 or none: unrestricted).
    pub role: Option<i64>,
}

/// An organization as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LiveOrganization {
    /// Its id.
    pub id: i64,
    /// Name, address, city, state, zip, country, as read.
    pub parts: [String; 6],
    /// Its validation types, lower case, sorted.
    pub validations: Vec<String>,
}

/// What the account holds, as far as a state file is concerned.
#[derive(Debug, Clone)]
pub struct Live {
    /// The user the API key belongs to: never deleted, its keys never revoked.
    pub me: i64,
    /// The account's root division.
    pub root: LiveDivision,
    /// The other divisions.
    pub divisions: Vec<LiveDivision>,
    /// The access roles users can get.
    pub roles: Vec<Role>,
    /// The roles an API key can be restricted to.
    pub key_roles: Vec<Role>,
    /// Standard users.
    pub users: Vec<LiveUser>,
    /// Service users' keys that are not revoked.
    pub keys: Vec<LiveKey>,
    /// Organizations.
    pub organizations: Vec<LiveOrganization>,
}

fn ids_of(value: Option<&serde_json::Value>) -> Vec<i64> {
    let mut ids: Vec<i64> = value
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| {
                    v.as_i64()
                        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
                        .or_else(|| v.get("id").and_then(|i| i.as_i64()))
                })
                .collect()
        })
        .unwrap_or_default();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Pages each listing fetches ahead: a plan reads every page anyway, so more in flight only
/// shortens the wait (the client's rate limiter still paces every request).
const PREFETCH: i64 = 16;

/// A listing thread's outcome (a panic becomes an error).
fn join<T>(h: std::thread::ScopedJoinHandle<'_, Result<T, Error>>) -> Result<T, Error> {
    h.join().unwrap_or_else(|p| Err(Error::from_panic(&*p)))
}

/// Reads the account. Every read that needs no other's answer runs at once (the current user,
/// the divisions, the API key roles, and the listings of users, service users, API keys and
/// organizations, each fetching pages ahead), all through the client's one rate limiter.
pub fn read(client: &Client) -> Result<Live, Error> {
    std::thread::scope(|s| {
        // Every read that needs no other's answer starts at once; the limiter paces them.
        let me = s.spawn(|| client.current_user());
        let containers = s.spawn(|| client.list_containers());
        let key_roles = s.spawn(|| client.list_api_key_roles());
        let users = s.spawn(|| -> Result<Vec<LiveUser>, Error> {
            let mut out = Vec::new();
            for user in client
                .users(ListUsersQuery::default())?
                .prefetch(PREFETCH)?
            {
                let user = user?;
                let raw = user.raw.to_value();
                out.push(LiveUser {
                    id: user.id,
                    username: user.username.unwrap_or_default(),
                    email: user.email,
                    first_name: user.first_name,
                    last_name: user.last_name,
                    job_title: user.job_title,
                    telephone: user.telephone,
                    roles: {
                        let mut r: Vec<i64> = user.access_roles.iter().map(|r| r.id).collect();
                        r.sort_unstable();
                        r
                    },
                    divisions: ids_of(raw.get("container_assignments")),
                });
            }
            Ok(out)
        });
        let service_users = s.spawn(|| -> Result<Vec<(i64, Option<String>)>, Error> {
            let mut out = Vec::new();
            for user in client
                .service_users(ListServiceUsersQuery::default())?
                .prefetch(PREFETCH)?
            {
                let user = user?;
                out.push((user.id, user.email));
            }
            Ok(out)
        });
        let keys = s.spawn(|| -> Result<Vec<crate::api::ApiKeyDetails>, Error> {
            client
                .api_keys(ListApiKeysQuery::default())?
                .prefetch(PREFETCH)?
                .collect::<Result<Vec<_>, Error>>()
        });
        let organizations = s.spawn(|| -> Result<Vec<LiveOrganization>, Error> {
            let query = ListOrganizationsQuery {
                include_validation: Some(true),
                ..ListOrganizationsQuery::default()
            };
            let mut out = Vec::new();
            for o in client.organizations(query)?.prefetch(PREFETCH)? {
                let o = o?;
                let text = |v: &Option<String>| v.clone().unwrap_or_default();
                let mut validations: Vec<String> = o
                    .validations
                    .iter()
                    .filter_map(|v| v.validation_type.as_ref().map(|t| t.to_ascii_lowercase()))
                    .collect();
                validations.sort();
                validations.dedup();
                out.push(LiveOrganization {
                    id: o.id,
                    parts: [
                        text(&o.name),
                        text(&o.address),
                        text(&o.city),
                        text(&o.state),
                        text(&o.zip),
                        text(&o.country),
                    ],
                    validations,
                });
            }
            Ok(out)
        });
        let me = join(me)?;
        let containers = join(containers)?;
        let root = containers
            .iter()
            .find(|c| me.container.as_ref().is_some_and(|m| m.id == c.id))
            .or_else(|| containers.iter().find(|c| c.parent_id.unwrap_or(0) == 0))
            .map(|c| c.id)
            .ok_or_else(|| Error::invalid_argument("state", "the account has no root division"))?;
        let division = |c: &crate::api::Container| LiveDivision {
            id: c.id,
            name: c.name.clone().unwrap_or_default(),
            parent_id: c.parent_id.unwrap_or(0),
            description: c.description.clone(),
            template_id: c.template_id,
        };
        let root_division = containers
            .iter()
            .find(|c| c.id == root)
            .map(division)
            .ok_or_else(|| Error::invalid_argument("state", "the root division was not listed"))?;
        let divisions = containers
            .iter()
            .filter(|c| c.id != root)
            .map(division)
            .collect();
        let roles = client.list_access_roles(root)?;
        let key_roles = join(key_roles)?;

        assemble(
            me,
            root_division,
            divisions,
            roles,
            key_roles,
            join(users)?,
            join(service_users)?,
            join(keys)?,
            join(organizations)?,
        )
    })
}

/// The live state from the reads' answers: a service user's keys with its email, revoked keys
/// left out.
#[allow(clippy::too_many_arguments)]
fn assemble(
    me: crate::api::User,
    root_division: LiveDivision,
    divisions: Vec<LiveDivision>,
    roles: Vec<Role>,
    key_roles: Vec<Role>,
    users: Vec<LiveUser>,
    service_users: Vec<(i64, Option<String>)>,
    keys: Vec<crate::api::ApiKeyDetails>,
    organizations: Vec<LiveOrganization>,
) -> Result<Live, Error> {
    let keys = keys
        .into_iter()
        .filter(|k| k.status.as_deref() != Some("revoked"))
        .filter_map(|k| {
            let owner = k.user.as_ref()?.id;
            let (_, email) = service_users.iter().find(|(id, _)| *id == owner)?;
            Some(LiveKey {
                id: k.id,
                name: k.name.clone().unwrap_or_default(),
                user_id: owner,
                email: email.clone(),
                status: k.status.clone(),
                role: k.restricted_to_role_id.filter(|r| *r > 0),
            })
        })
        .collect();
    Ok(Live {
        me: me.id,
        root: root_division,
        divisions,
        roles,
        key_roles,
        users,
        keys,
        organizations,
    })
}
