//! The difference between a state file and the live account: what to create, what to change
//! (each field: live → wanted), what `--prune` deletes, and what is not managed here.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::file::{self, Desired, RoleName};
use super::live::{Live, LiveDivision};
use super::ops::{self, Op};
use crate::api::Role;
use crate::error::Error;

/// What a plan item does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// `+`: created.
    Create,
    /// `~`: changed in place.
    Update,
    /// `-`: deleted (or, for a service user, its key revoked); only with `--prune`.
    Delete,
}

impl Change {
    /// `+`, `~` or `-`.
    pub fn sign(self) -> char {
        match self {
            Change::Create => '+',
            Change::Update => '~',
            Change::Delete => '-',
        }
    }
}

/// One field of an item: what the account holds and what the file wants.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field, as the state file names it.
    pub field: String,
    /// The live value (`null` for a creation).
    pub live: Value,
    /// The wanted value (`null` for a deletion).
    pub wanted: Value,
}

/// One object to create, change or delete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// `kind.key`, e.g. `user.grace` (what `--target` names).
    pub address: String,
    /// What happens to it.
    pub change: Change,
    /// The fields that differ.
    pub fields: Vec<FieldChange>,
    /// The operations that carry it out, by stage (recomputed from the live state on apply).
    #[serde(skip)]
    pub(crate) ops: Vec<Op>,
}

/// A plan: the items, what is left alone, and notes on what cannot be changed here.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StatePlan {
    /// Creations and changes, then deletions.
    pub items: Vec<Item>,
    /// Objects in the account the file does not mention, never touched (`--prune` turns
    /// users, service users' keys and organizations among them into deletions).
    pub unmanaged: Vec<String>,
    /// Differences this tool cannot carry out (a division's description, a key's role).
    pub notes: Vec<String>,
    /// The live state's fingerprint: a digest of every live object (see
    /// [`SavedPlan`](super::SavedPlan)).
    pub fingerprint: String,
}

impl StatePlan {
    /// Whether applying it would change anything.
    pub fn has_changes(&self) -> bool {
        !self.items.is_empty()
    }

    /// How many items of this change.
    pub fn count(&self, change: Change) -> usize {
        self.items.iter().filter(|i| i.change == change).count()
    }
}

/// What to plan: the file, whether to prune, and the targets (`kind.key`; none: all).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Scope {
    /// Delete what the file does not mention (users, service users' keys, organizations).
    pub prune: bool,
    /// Only these objects (`user.grace`, `division.EMEA`, `organization.Acme Ltd`).
    pub targets: Vec<String>,
}

impl Scope {
    fn wants(&self, address: &str) -> bool {
        self.targets.is_empty() || self.targets.iter().any(|t| t == address)
    }

    /// Refuses a target of no kind.
    pub fn check(&self) -> Result<(), Error> {
        for t in &self.targets {
            let kind = t.split_once('.').map(|(k, rest)| (k, rest.is_empty()));
            match kind {
                Some(("division" | "user" | "service_user" | "organization", false)) => {}
                _ => {
                    return Err(Error::invalid_argument(
                        "target",
                        format!(
                            "{t:?} is not kind.key (division.NAME, user.USERNAME, \
                             service_user.API_NAME, organization.NAME)"
                        ),
                    ))
                }
            }
        }
        Ok(())
    }
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Collects problems found against the live account (an unknown role or division).
#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn into_result(self) -> Result<(), Error> {
        if self.0.is_empty() {
            return Ok(());
        }
        let n = self.0.len();
        Err(Error::invalid_argument(
            "state",
            format!(
                "the state file has {n} problem{} against the account (nothing was sent):\n  {}",
                if n == 1 { "" } else { "s" },
                self.0.join("\n  ")
            ),
        ))
    }
}

fn role_id(roles: &[Role], wanted: &RoleName) -> Option<i64> {
    match wanted {
        RoleName::Id(id) => roles.iter().any(|r| r.id == *id).then_some(*id),
        RoleName::Name(name) => roles
            .iter()
            .find(|r| r.name.as_deref().is_some_and(|n| same(n, name)))
            .map(|r| r.id),
    }
}

/// A division's id: `Some(id)` when it exists, `None` when the file creates it this run.
type Resolved = Option<i64>;

/// Computes the plan of `desired` against `live`.
pub fn diff(desired: &Desired, live: &Live, scope: &Scope) -> Result<StatePlan, Error> {
    let mut problems = Problems::default();
    let mut items = Vec::new();
    let mut notes = Vec::new();

    // Divisions, parents first.
    let template_of = |id: i64| -> Option<i64> {
        std::iter::once(&live.root)
            .chain(&live.divisions)
            .find(|d| d.id == id)
            .and_then(|d| d.template_id)
    };
    let child = |parent: i64, name: &str| -> Option<&LiveDivision> {
        live.divisions
            .iter()
            .find(|d| d.parent_id == parent && same(&d.name, name))
    };
    // name → resolved id of the file's divisions, filled as they resolve.
    let mut by_name: HashMap<String, Vec<Resolved>> = HashMap::new();
    let mut resolved: Vec<Option<Resolved>> = vec![None; desired.division.len()];
    for _ in 0..=desired.division.len() {
        for (i, d) in desired.division.iter().enumerate() {
            if resolved[i].is_some() {
                continue;
            }
            let parent: Option<Resolved> = match &d.parent {
                None => Some(Some(live.root.id)),
                Some(p) => {
                    let in_file = desired
                        .division
                        .iter()
                        .enumerate()
                        .filter(|(_, o)| same(&o.name, p))
                        .map(|(j, _)| resolved[j])
                        .collect::<Vec<_>>();
                    match in_file.as_slice() {
                        [] => None,
                        [one] => *one,
                        _ => None,
                    }
                }
            };
            let Some(parent) = parent else { continue };
            let existing = parent.and_then(|p| child(p, &d.name));
            let address = match &d.parent {
                None => format!("division.{}", d.name),
                Some(p) => format!("division.{p}/{}", d.name),
            };
            let id = existing.map(|e| e.id);
            resolved[i] = Some(id);
            by_name.entry(d.name.to_lowercase()).or_default().push(id);
            match existing {
                Some(e) => {
                    if let Some(want) = &d.description {
                        if e.description.as_deref() != Some(want.as_str()) {
                            notes.push(format!(
                                "{address}: description {:?} → {want:?} is not changed here \
                                 (no call changes a division)",
                                e.description.as_deref().unwrap_or("")
                            ));
                        }
                    }
                }
                None if scope.wants(&address) => {
                    let template = d
                        .template_id
                        .or_else(|| parent.and_then(template_of))
                        .or(live.root.template_id);
                    let mut fields = vec![FieldChange {
                        field: "name".into(),
                        live: Value::Null,
                        wanted: d.name.clone().into(),
                    }];
                    if let Some(p) = &d.parent {
                        fields.push(FieldChange {
                            field: "parent".into(),
                            live: Value::Null,
                            wanted: p.clone().into(),
                        });
                    }
                    if let Some(desc) = &d.description {
                        fields.push(FieldChange {
                            field: "description".into(),
                            live: Value::Null,
                            wanted: desc.clone().into(),
                        });
                    }
                    items.push(Item {
                        address: address.clone(),
                        change: Change::Create,
                        fields,
                        ops: vec![ops::create_division(&address, parent, d, template)],
                    });
                }
                None => {}
            }
        }
    }
    for (i, d) in desired.division.iter().enumerate() {
        if resolved[i].is_none() {
            problems.0.push(format!(
                "division {:?}: its parent {:?} names no division of the file (one name, one \
                 division)",
                d.name,
                d.parent.as_deref().unwrap_or("")
            ));
        }
    }
    let division_id = |name: &str| -> Result<Resolved, String> {
        if let Some(ids) = by_name.get(&name.to_lowercase()) {
            return match ids.as_slice() {
                [one] => Ok(*one),
                _ => Err(format!("{name:?} names more than one division of the file")),
            };
        }
        let live_ids: Vec<i64> = live
            .divisions
            .iter()
            .filter(|d| same(&d.name, name))
            .map(|d| d.id)
            .collect();
        match live_ids.as_slice() {
            [one] => Ok(Some(*one)),
            [] => Err(format!(
                "{name:?} names no division of the file or the account"
            )),
            _ => Err(format!(
                "{name:?} names more than one division of the account"
            )),
        }
    };

    // Users, found by name through one index (an account may hold tens of thousands).
    let users_by_name: HashMap<String, &super::live::LiveUser> = live
        .users
        .iter()
        .map(|l| (l.username.trim().to_lowercase(), l))
        .collect();
    let mentioned_users: BTreeSet<String> = desired
        .user
        .iter()
        .map(|u| u.username.to_lowercase())
        .collect();
    for u in &desired.user {
        let address = format!("user.{}", u.username);
        let at = format!("user {:?}", u.username);
        let roles: Option<Vec<i64>> = u.roles.as_ref().map(|names| {
            let mut ids: Vec<i64> = names
                .iter()
                .filter_map(|n| {
                    let id = role_id(&live.roles, n);
                    if id.is_none() {
                        problems.0.push(format!(
                            "{at}: role {n} is not one of the account's roles ({})",
                            role_names(&live.roles)
                        ));
                    }
                    id
                })
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        });
        let divisions: Option<Vec<Resolved>> = u.divisions.as_ref().map(|names| {
            names
                .iter()
                .filter_map(|n| match division_id(n) {
                    Ok(id) => Some(id),
                    Err(e) => {
                        problems.0.push(format!("{at}: division {e}"));
                        None
                    }
                })
                .collect()
        });
        if !scope.wants(&address) {
            continue;
        }
        let existing = users_by_name
            .get(u.username.trim().to_lowercase().as_str())
            .copied();
        match existing {
            None => {
                let mut missing = Vec::new();
                for (name, value) in [
                    ("email", &u.email),
                    ("first_name", &u.first_name),
                    ("last_name", &u.last_name),
                ] {
                    if value.is_none() {
                        missing.push(name);
                    }
                }
                if roles.is_none() {
                    missing.push("roles");
                }
                if !missing.is_empty() {
                    problems.0.push(format!(
                        "{at}: is not in the account, and creating it needs {}",
                        missing.join(", ")
                    ));
                    continue;
                }
                let mut fields = Vec::new();
                let mut add = |field: &str, value: Value| {
                    fields.push(FieldChange {
                        field: field.into(),
                        live: Value::Null,
                        wanted: value,
                    })
                };
                for (name, value) in [
                    ("email", &u.email),
                    ("first_name", &u.first_name),
                    ("last_name", &u.last_name),
                    ("job_title", &u.job_title),
                    ("telephone", &u.telephone),
                ] {
                    if let Some(v) = value {
                        add(name, v.clone().into());
                    }
                }
                if let Some(r) = &u.roles {
                    add("roles", role_list(r));
                }
                if let Some(d) = &u.divisions {
                    add("divisions", d.clone().into());
                }
                items.push(Item {
                    ops: vec![ops::add_user(
                        &address,
                        u,
                        roles.clone().unwrap_or_default(),
                        divisions.as_deref(),
                    )],
                    address,
                    change: Change::Create,
                    fields,
                });
            }
            Some(l) => {
                let mut fields = Vec::new();
                let mut changes = crate::api::UpdateUserRequest::default();
                for (name, wanted, have, slot) in [
                    ("email", &u.email, &l.email, &mut changes.email),
                    (
                        "first_name",
                        &u.first_name,
                        &l.first_name,
                        &mut changes.first_name,
                    ),
                    (
                        "last_name",
                        &u.last_name,
                        &l.last_name,
                        &mut changes.last_name,
                    ),
                    (
                        "job_title",
                        &u.job_title,
                        &l.job_title,
                        &mut changes.job_title,
                    ),
                    (
                        "telephone",
                        &u.telephone,
                        &l.telephone,
                        &mut changes.telephone,
                    ),
                ] {
                    if let Some(w) = wanted {
                        if have.as_deref() != Some(w.as_str()) {
                            fields.push(FieldChange {
                                field: name.into(),
                                live: have.clone().map_or(Value::Null, Value::from),
                                wanted: w.clone().into(),
                            });
                            *slot = Some(w.clone());
                        }
                    }
                }
                let mut item_ops = Vec::new();
                if !fields.is_empty() {
                    item_ops.push(ops::update_user(&address, l.id, changes));
                }
                if let Some(ids) = &roles {
                    if *ids != l.roles && !ids.is_empty() {
                        fields.push(FieldChange {
                            field: "roles".into(),
                            live: names_of(&live.roles, &l.roles),
                            wanted: names_of(&live.roles, ids),
                        });
                        item_ops.push(ops::set_roles(&address, l.id, ids.clone()));
                    }
                }
                if let Some(ids) = &divisions {
                    let known: Option<Vec<i64>> = ids.iter().copied().collect();
                    let differs = match &known {
                        Some(k) => {
                            let mut k = k.clone();
                            k.sort_unstable();
                            k.dedup();
                            k != l.divisions
                        }
                        None => true,
                    };
                    if differs {
                        fields.push(FieldChange {
                            field: "divisions".into(),
                            live: division_names(live, &l.divisions),
                            wanted: u.divisions.clone().unwrap_or_default().into(),
                        });
                        item_ops.push(ops::set_divisions(&address, l.id, known));
                    }
                }
                if !fields.is_empty() {
                    items.push(Item {
                        address,
                        change: Change::Update,
                        fields,
                        ops: item_ops,
                    });
                }
            }
        }
    }

    // Service users, found by their key's name.
    let mentioned_keys: BTreeSet<String> = desired
        .service_user
        .iter()
        .map(|s| s.api_name.to_lowercase())
        .collect();
    for s in &desired.service_user {
        let address = format!("service_user.{}", s.api_name);
        let at = format!("service_user {:?}", s.api_name);
        let role = s.role.as_ref().and_then(|r| {
            let id = role_id(&live.key_roles, r);
            if id.is_none() {
                problems.0.push(format!(
                    "{at}: role {r} is not one of the API key roles ({})",
                    role_names(&live.key_roles)
                ));
            }
            id
        });
        if !scope.wants(&address) {
            continue;
        }
        match live.keys.iter().find(|k| k.name == s.api_name) {
            None => {
                let Some(email) = &s.email else {
                    problems.0.push(format!(
                        "{at}: is not in the account, and creating it needs email"
                    ));
                    continue;
                };
                let mut fields = vec![FieldChange {
                    field: "email".into(),
                    live: Value::Null,
                    wanted: email.clone().into(),
                }];
                if let Some(r) = &s.role {
                    fields.push(FieldChange {
                        field: "role".into(),
                        live: Value::Null,
                        wanted: r.to_string().into(),
                    });
                }
                items.push(Item {
                    ops: vec![ops::add_service_user(&address, s, email, role)],
                    address,
                    change: Change::Create,
                    fields,
                });
            }
            Some(k) => {
                if let Some(want) = role {
                    if k.role != Some(want) {
                        notes.push(format!(
                            "{address}: role {} → {} is not changed here (a key's role is set \
                             when it is created)",
                            k.role.map_or("none".to_owned(), |r| r.to_string()),
                            want
                        ));
                    }
                }
                if let Some(email) = &s.email {
                    if k.email.as_deref() != Some(email.as_str()) {
                        let changes = crate::api::UpdateUserRequest {
                            email: Some(email.clone()),
                            ..Default::default()
                        };
                        items.push(Item {
                            ops: vec![ops::update_user(&address, k.user_id, changes)],
                            address,
                            change: Change::Update,
                            fields: vec![FieldChange {
                                field: "email".into(),
                                live: k.email.clone().map_or(Value::Null, Value::from),
                                wanted: email.clone().into(),
                            }],
                        });
                    }
                }
            }
        }
    }

    // Organizations, found as the duplicate check finds them.
    let organizations_by_identity: HashMap<[String; 6], &super::live::LiveOrganization> = live
        .organizations
        .iter()
        .map(|l| {
            let [a, b, c, d, e, f] = &l.parts;
            (file::identity(a, b, c, d, e, f), l)
        })
        .collect();
    let mut mentioned_orgs = BTreeSet::new();
    for (i, o) in desired.organization.iter().enumerate() {
        let address = format!("organization.{}", o.name);
        // Two organizations of one name (at two addresses): their operations' keys differ.
        let op_address = if desired
            .organization
            .iter()
            .filter(|other| same(&other.name, &o.name))
            .count()
            > 1
        {
            format!("{address}#{}", i + 1)
        } else {
            address.clone()
        };
        let identity = o.identity();
        mentioned_orgs.insert(identity.clone());
        if !scope.wants(&address) {
            continue;
        }
        let existing = organizations_by_identity.get(&identity).copied();
        let wanted_validations = o.validations.clone().unwrap_or_default();
        match existing {
            None => {
                let mut missing = Vec::new();
                if o.telephone.is_none() {
                    missing.push("telephone");
                }
                if o.contact.is_none() {
                    missing.push("contact");
                }
                if !missing.is_empty() {
                    problems.0.push(format!(
                        "organization {:?}: is not in the account, and creating it needs {}",
                        o.name,
                        missing.join(", ")
                    ));
                    continue;
                }
                let mut fields: Vec<FieldChange> = [
                    ("name", &o.name),
                    ("address", &o.address),
                    ("city", &o.city),
                    ("state", &o.state),
                    ("zip", &o.zip),
                    ("country", &o.country),
                ]
                .into_iter()
                .map(|(f, v)| FieldChange {
                    field: f.into(),
                    live: Value::Null,
                    wanted: v.clone().into(),
                })
                .collect();
                let mut item_ops = vec![ops::create_organization(&op_address, o)];
                if !wanted_validations.is_empty() {
                    fields.push(FieldChange {
                        field: "validations".into(),
                        live: Value::Null,
                        wanted: wanted_validations.clone().into(),
                    });
                    item_ops.push(ops::validate(&op_address, None, wanted_validations));
                }
                items.push(Item {
                    address,
                    change: Change::Create,
                    fields,
                    ops: item_ops,
                });
            }
            Some(l) => {
                let missing: Vec<String> = wanted_validations
                    .iter()
                    .filter(|t| !l.validations.contains(t))
                    .cloned()
                    .collect();
                if !missing.is_empty() {
                    items.push(Item {
                        address: address.clone(),
                        change: Change::Update,
                        fields: vec![FieldChange {
                            field: "validations".into(),
                            live: l.validations.clone().into(),
                            wanted: wanted_validations.clone().into(),
                        }],
                        ops: vec![ops::validate(&op_address, Some(l.id), missing)],
                    });
                }
            }
        }
    }
    problems.into_result()?;

    // What the file does not mention.
    let mut unmanaged = Vec::new();
    let mut deletions = Vec::new();
    let file_divisions: BTreeSet<(String, i64)> = desired
        .division
        .iter()
        .zip(&resolved)
        .filter_map(|(d, r)| r.flatten().map(|id| (d.name.to_lowercase(), id)))
        .collect();
    for d in &live.divisions {
        if !file_divisions.contains(&(d.name.to_lowercase(), d.id)) {
            let address = format!("division.{}", d.name);
            if scope.wants(&address) {
                unmanaged.push(address);
            }
        }
    }
    for u in &live.users {
        if mentioned_users.contains(&u.username.to_lowercase()) {
            continue;
        }
        let address = format!("user.{}", u.username);
        if !scope.wants(&address) {
            continue;
        }
        if scope.prune && u.id != live.me {
            deletions.push(Item {
                ops: vec![ops::delete_user(&address, u.id)],
                address,
                change: Change::Delete,
                fields: vec![FieldChange {
                    field: "email".into(),
                    live: u.email.clone().map_or(Value::Null, Value::from),
                    wanted: Value::Null,
                }],
            });
        } else {
            unmanaged.push(address);
        }
    }
    for k in &live.keys {
        if mentioned_keys.contains(&k.name.to_lowercase()) {
            continue;
        }
        let address = format!("service_user.{}", k.name);
        if !scope.wants(&address) {
            continue;
        }
        if scope.prune && k.user_id != live.me {
            deletions.push(Item {
                ops: vec![ops::revoke_key(&address, k.id)],
                address,
                change: Change::Delete,
                fields: vec![FieldChange {
                    field: "key".into(),
                    live: format!("key {} (revoked)", k.id).into(),
                    wanted: Value::Null,
                }],
            });
        } else {
            unmanaged.push(address);
        }
    }
    for o in &live.organizations {
        let [a, b, c, d, e, f] = &o.parts;
        if mentioned_orgs.contains(&file::identity(a, b, c, d, e, f)) {
            continue;
        }
        let address = format!("organization.{}", o.parts[0]);
        if !scope.wants(&address) {
            continue;
        }
        if scope.prune {
            deletions.push(Item {
                ops: vec![ops::delete_organization(&address, o.id)],
                address,
                change: Change::Delete,
                fields: vec![FieldChange {
                    field: "address".into(),
                    live: format!("{}, {}, {} {}, {}", b, c, d, e, f).into(),
                    wanted: Value::Null,
                }],
            });
        } else {
            unmanaged.push(address);
        }
    }
    items.extend(deletions);
    Ok(StatePlan {
        items,
        unmanaged,
        notes,
        fingerprint: super::saved::fingerprint(live),
    })
}

fn role_names(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| format!("{} {}", r.id, r.name.as_deref().unwrap_or("")))
        .collect::<Vec<_>>()
        .join(", ")
}

fn role_list(roles: &[RoleName]) -> Value {
    roles
        .iter()
        .map(|r| r.to_string())
        .collect::<Vec<_>>()
        .into()
}

fn names_of(roles: &[Role], ids: &[i64]) -> Value {
    ids.iter()
        .map(|id| {
            roles
                .iter()
                .find(|r| r.id == *id)
                .and_then(|r| r.name.clone())
                .unwrap_or_else(|| id.to_string())
        })
        .collect::<Vec<_>>()
        .into()
}

fn division_names(live: &Live, ids: &[i64]) -> Value {
    ids.iter()
        .map(|id| {
            live.divisions
                .iter()
                .find(|d| d.id == *id)
                .map_or_else(|| id.to_string(), |d| d.name.clone())
        })
        .collect::<Vec<_>>()
        .into()
}
