//! The emulated account's data: invites, subaccounts, users, API keys, organizations and
//! containers.
//!
//! Records are the emulator's own, written in the API pages' wire names, so that a typo in the
//! client's models shows up in the tests instead of being mirrored here.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::clock;
use super::faults::Faults;
use super::EmulatorOptions;
use crate::api::{CreateOrganizationRequest, CreateSubaccountRequest};
use crate::http::rate_limit::{RateLimit, Slots};

/// The primary account that the API key belongs to.
pub(crate) const ROOT_ACCOUNT_ID: i64 = 1_000_000;
pub(crate) const ROOT_CONTAINER_ID: i64 = 300_000;
/// The user the API key belongs to.
pub(crate) const ADMIN_USER_ID: i64 = 100_000;
/// The id of the emulator's own API key: a number the id sequence skips (see
/// [`State::next_id`]), so no key made later can have it, and starting the emulator takes no
/// number from the sequence (the ids of what tests create stay as they were).
pub(crate) const ADMIN_KEY_ID: i64 = 999_999;
/// Where the ids of organizations start.
pub(crate) const ORGANIZATION_ID_BASE: i64 = 200_000;
/// Where the ids of organization contacts and verified contacts start.
pub(crate) const CONTACT_ID_BASE: i64 = 1_200_000;

#[derive(Debug, Clone, Serialize)]
pub(crate) struct InviteRecord {
    pub id: i64,
    pub email: String,
    pub subaccount_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invite_note: Option<String>,
    pub date_created: String,
    pub last_sent_date: String,
    pub status: String,
}

/// A user of the emulated account (standard or service user).
#[derive(Debug, Clone)]
pub(crate) struct UserRecord {
    pub id: i64,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub job_title: Option<String>,
    pub telephone: Option<String>,
    pub container_id: i64,
    pub access_roles: Vec<i64>,
    /// A service user: API-only, created with its first key.
    pub api_only: bool,
    pub container_id_assignments: Vec<i64>,
    /// Set by `POST user` or `PUT user/{user_id}`; unset until then.
    pub is_saml_sso_only: Option<bool>,
}

/// An API key, without the key itself (which only [`State::api_keys`] knows).
#[derive(Debug, Clone)]
pub(crate) struct ApiKeyRecord {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    /// False once revoked: the key no longer authenticates.
    pub active: bool,
    /// ISO 8601 with `+00:00`, as the key pages show.
    pub create_date: String,
    /// When the key last authenticated a request; `None` until then.
    pub last_used_date: Option<String>,
    /// 0 (none), 100, 101, 102 or 103.
    pub restricted_to_role_id: i64,
}

/// An organization's contact (organization or technical), in the API's field names.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ContactRecord {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub job_title: Option<String>,
    pub telephone: Option<String>,
    pub telephone_extension: Option<String>,
    pub language_id: Option<String>,
}

/// A person who verifies an organization's validation: an existing user or a new contact.
#[derive(Debug, Clone)]
pub(crate) struct VerifiedUser {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
}

/// One validation type of an organization, as submitted.
#[derive(Debug, Clone)]
pub(crate) struct ValidationRecord {
    /// `ov`, `ev`, `cs`, `ev_cs`, `ds` or `smime`.
    pub kind: String,
    /// `pending` once submitted (the emulator never completes a validation).
    pub status: String,
    pub verified_users: Vec<VerifiedUser>,
}

#[derive(Debug, Clone)]
pub(crate) struct OrganizationRecord {
    pub id: i64,
    /// Name, address, city, state, zip and country, normalized: the duplicate check's key.
    pub identity: String,
    /// What the organization was created with (its contacts live on below, as they change).
    pub request: CreateOrganizationRequest,
    pub organization_contact: ContactRecord,
    pub technical_contact: Option<ContactRecord>,
    /// Submitted validations, one per type.
    pub validations: Vec<ValidationRecord>,
}

/// A subaccount, with what it was created with.
#[derive(Debug, Clone)]
pub(crate) struct SubaccountRecord {
    pub account_id: i64,
    pub date_created: String,
    pub request: CreateSubaccountRequest,
    /// Its organization, as the creation answer showed it.
    pub organization: serde_json::Value,
    pub container_id: i64,
    /// The account manager's name, when `account_manager_user_id` named a user.
    pub account_manager: Option<String>,
    /// Set by `PUT account/subaccount/{subaccount_id}`; unset until then.
    pub allow_parent_order_renewal: Option<bool>,
}

/// A container (division): the account's own, and one per subaccount.
#[derive(Debug, Clone)]
pub(crate) struct ContainerRecord {
    pub id: i64,
    pub name: String,
    pub parent_id: i64,
    pub description: Option<String>,
    pub template_id: i64,
    /// Set by `PUT container/{container_id}/user-assignments`; until then the container lists
    /// the users whose container it is.
    pub user_id_assignments: Option<Vec<i64>>,
}

/// The most invites seeding may create: enough for any benchmark, small enough for memory.
pub const MAX_SEEDED_INVITES: usize = 2_000_000;

/// What the emulator has created, so tests can prove nothing was created twice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Invites sent to an address with no pending invite, and invites seeded.
    pub invites_created: u64,
    /// Invites sent again to an address whose invite is pending.
    pub invites_resent: u64,
    /// Subaccounts created by `POST account`.
    pub subaccounts_created: u64,
    /// Standard users created by `POST user`, and users seeded.
    pub users_created: u64,
    /// Organizations created by `POST organization`.
    pub organizations_created: u64,
    /// `POST organization` requests answered with an existing organization's ID (the
    /// duplicate check matched).
    pub organizations_reused: u64,
    /// Service users created by `POST user` with `is_api_only`.
    pub service_users_created: u64,
    /// Keys made by `POST key/user/{user_id}` (a service user's first key is not counted).
    pub api_keys_created: u64,
    /// Requests received per API route, e.g. `"POST account"`, including ones answered with an
    /// error, a fault or 429; `"other"` counts unknown routes.
    pub requests: BTreeMap<String, u64>,
    /// Requests a scripted fault hit.
    pub faults_injected: u64,
    /// Requests answered 429 by the enforced rate limit.
    pub rate_limited: u64,
    /// Answers a `hold` fault has held (counted when the hold begins).
    pub held: u64,
    /// TLS handshakes begun (over HTTPS), counted when the client's hello arrives.
    pub tls_handshakes: u64,
    /// TLS handshakes that failed: no request was read on those connections. Counted when the
    /// server notices, which may be after the client has reported its error.
    pub tls_handshakes_failed: u64,
    /// TLS handshakes that resumed an earlier session (no certificate exchanged): the client's
    /// session cache at work.
    pub tls_handshakes_resumed: u64,
}

#[derive(Debug)]
pub(crate) struct State {
    pub invites: Vec<InviteRecord>,
    /// Usernames in use, lower-cased: they must be unique.
    pub usernames: HashSet<String>,
    /// The account's users, the key's owner (`admin`) first.
    pub users: Vec<UserRecord>,
    /// Every API key, with its record's id: the emulator's own key, and those of service users
    /// and of `POST key/user/{user_id}`.
    pub api_keys: HashMap<String, i64>,
    /// The keys' records by id, in order of creation.
    pub key_records: BTreeMap<i64, ApiKeyRecord>,
    pub organizations: Vec<OrganizationRecord>,
    pub subaccounts: Vec<SubaccountRecord>,
    pub containers: Vec<ContainerRecord>,
    pub stats: Stats,
    /// The behaviour, changeable at run time through the control routes.
    pub options: EmulatorOptions,
    pub faults: Faults,
    /// The enforced request windows, when rate limiting is on.
    pub rate_windows: Option<Slots>,
    next_id: i64,
}

impl State {
    pub(crate) fn new(options: EmulatorOptions) -> Result<State, String> {
        let mut faults = Faults::default();
        for fault in &options.faults {
            fault.check()?;
            faults.add(fault.clone());
        }
        let mut state = State {
            invites: Vec::new(),
            usernames: HashSet::from(["admin".to_owned()]),
            users: vec![UserRecord {
                id: ADMIN_USER_ID,
                username: "admin".to_owned(),
                first_name: "Emulated".to_owned(),
                last_name: "Administrator".to_owned(),
                email: "admin@example.com".to_owned(),
                job_title: None,
                telephone: None,
                container_id: ROOT_CONTAINER_ID,
                access_roles: vec![1],
                api_only: false,
                container_id_assignments: Vec::new(),
                is_saml_sso_only: None,
            }],
            api_keys: HashMap::from([(options.api_key.clone(), ADMIN_KEY_ID)]),
            key_records: BTreeMap::from([(ADMIN_KEY_ID, admin_key_record())]),
            organizations: Vec::new(),
            subaccounts: Vec::new(),
            containers: vec![ContainerRecord {
                id: ROOT_CONTAINER_ID,
                name: "Emulated account".to_owned(),
                parent_id: 0,
                description: None,
                template_id: 4,
                user_id_assignments: None,
            }],
            stats: Stats::default(),
            rate_windows: None,
            faults,
            options,
            next_id: 1,
        };
        state.seed_invites(state.options.seed_invites)?;
        state.apply_rate_limit();
        Ok(state)
    }

    /// (Re)starts enforcement of `options.rate_limit`, scaled by `options.time_scale`.
    pub(crate) fn apply_rate_limit(&mut self) {
        let scale = self.options.time_scale;
        self.rate_windows = self
            .options
            .rate_limit
            .as_ref()
            .map(|limit: &RateLimit| Slots::new(&limit.scaled(scale)));
    }

    /// IDs come from one sequence, offset per kind so that they read differently in tests; it
    /// skips [`ADMIN_KEY_ID`], so that a key made by `POST key/user/{user_id}` never has it.
    pub(crate) fn next_id(&mut self, base: i64) -> i64 {
        if self.next_id == ADMIN_KEY_ID {
            self.next_id += 1;
        }
        let id = base + self.next_id;
        self.next_id += 1;
        id
    }

    /// The user an API key acts as, if the key authenticates (known, not revoked, its user not
    /// deleted); marks the key used now.
    pub(crate) fn authenticate(&mut self, key: &str) -> Option<i64> {
        let key_id = *self.api_keys.get(key)?;
        let record = self.key_records.get_mut(&key_id).filter(|k| k.active)?;
        record.last_used_date = Some(clock::now_iso());
        Some(record.user_id)
    }

    /// Keeps a new key and its record; it authenticates from now on.
    pub(crate) fn add_api_key(&mut self, key: String, record: ApiKeyRecord) {
        self.api_keys.insert(key, record.id);
        self.key_records.insert(record.id, record);
    }

    /// Deletes a user for good: from every list, its username freed, its keys gone, and out
    /// of every container's user assignments.
    pub(crate) fn remove_user(&mut self, id: i64) {
        let Some(index) = self.users.iter().position(|u| u.id == id) else {
            return;
        };
        let user = self.users.remove(index);
        self.usernames.remove(&user.username.to_lowercase());
        self.key_records.retain(|_, key| key.user_id != id);
        let records = &self.key_records;
        self.api_keys
            .retain(|_, key_id| records.contains_key(key_id));
        for container in &mut self.containers {
            if let Some(users) = &mut container.user_id_assignments {
                users.retain(|user_id| *user_id != id);
            }
        }
    }

    /// Whether a container has this id.
    pub(crate) fn has_container(&self, id: i64) -> bool {
        self.containers.iter().any(|c| c.id == id)
    }

    /// The user with this id.
    pub(crate) fn user(&self, id: i64) -> Option<&UserRecord> {
        self.users.iter().find(|u| u.id == id)
    }

    /// Claims a username; false when it is already taken.
    pub(crate) fn claim_username(&mut self, username: &str) -> bool {
        self.usernames.insert(username.to_lowercase())
    }

    /// Adds `count` invites with varied emails, types, statuses and dates, for tests and
    /// benchmarks. At most [`MAX_SEEDED_INVITES`] in all; `Err` names the limit.
    pub(crate) fn seed_invites(&mut self, count: usize) -> Result<(), String> {
        if count > MAX_SEEDED_INVITES.saturating_sub(self.invites.len()) {
            return Err(format!(
                "invites: at most {MAX_SEEDED_INVITES} invites can be seeded in all"
            ));
        }
        const TYPES: [&str; 4] = ["retail", "enterprise", "reseller", "managed"];
        const STATUSES: [&str; 4] = ["pending", "accepted", "expired", "cancelled"];
        let start = self.invites.len();
        self.invites.reserve(count);
        for i in start..start + count {
            let created = clock::format_timestamp(1_546_300_800 + 3_600 * i as u64);
            self.invites.push(InviteRecord {
                id: i as i64 + 1,
                email: format!("invitee{i}@example.com"),
                subaccount_type: TYPES[i % TYPES.len()].to_owned(),
                invite_note: Some(format!("Seeded invite {i}")),
                last_sent_date: created.clone(),
                date_created: created,
                status: STATUSES[i % STATUSES.len()].to_owned(),
            });
        }
        self.stats.invites_created += count as u64;
        Ok(())
    }

    /// Adds `count` varied users (for tests and benchmarks), at most [`MAX_SEEDED_INVITES`] in
    /// all, like invites.
    pub(crate) fn seed_users(&mut self, count: usize) -> Result<(), String> {
        if count > MAX_SEEDED_INVITES.saturating_sub(self.users.len()) {
            return Err(format!(
                "users: at most {MAX_SEEDED_INVITES} users can be seeded in all"
            ));
        }
        self.users.reserve(count);
        for _ in 0..count {
            let id = self.next_id(ADMIN_USER_ID);
            let username = format!("seeded.user{id}");
            self.usernames.insert(username.clone());
            self.users.push(UserRecord {
                id,
                email: format!("{username}@example.com"),
                username,
                first_name: "Seeded".to_owned(),
                last_name: format!("User {id}"),
                job_title: None,
                telephone: None,
                container_id: ROOT_CONTAINER_ID,
                access_roles: vec![(id % 5 + 1)],
                api_only: false,
                container_id_assignments: Vec::new(),
                is_saml_sso_only: None,
            });
        }
        self.stats.users_created += count as u64;
        Ok(())
    }

    pub(crate) fn next_invite_id(&self) -> i64 {
        self.invites.last().map_or(1, |i| i.id + 1)
    }
}

/// The record of the emulator's own key: the administrator's, made when the emulator starts.
fn admin_key_record() -> ApiKeyRecord {
    ApiKeyRecord {
        id: ADMIN_KEY_ID,
        user_id: ADMIN_USER_ID,
        name: "Emulator key".to_owned(),
        active: true,
        create_date: clock::now_iso(),
        last_used_date: None,
        restricted_to_role_id: 0,
    }
}
