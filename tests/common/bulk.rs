//! A mixed bulk plan with a fault on 5 % of each kind's operations, every fault kind the
//! emulator has, and what each operation must end as. A fault picks its operation by the
//! operation's key in the request body, so which one it hits never depends on timing.

use certcentral::bulk::{Kind, State};
use certcentral::emulator::{Emulator, Fault};

/// Every fault kind, as the action part of a fault.
pub const FAULTS: [&str; 10] = [
    r#""kind": "respond", "status": 503"#,
    r#""kind": "respond", "status": 429, "retry_after": "0""#,
    r#""kind": "respond", "status": 400"#,
    r#""kind": "delay", "ms": 20"#,
    r#""kind": "hold", "ms": 20"#,
    r#""kind": "malformed", "keep": -1"#,
    r#""kind": "truncated", "keep": -1"#,
    r#""kind": "corrupt_field", "field": "id", "value": "x""#,
    r#""kind": "reset_before""#,
    r#""kind": "reset_after""#,
];

const KINDS: [Kind; 5] = [
    Kind::SendInvite,
    Kind::AddUser,
    Kind::AddServiceUser,
    Kind::CreateOrganization,
    Kind::CreateSubaccount,
];

const ROUTES: [&str; 5] = [
    "POST account/subaccount/invite",
    "POST user",
    "POST user",
    "POST organization",
    "POST account",
];

pub const HEADER: &str = "key,kind,email,subaccount_type,username,first_name,last_name,\
access_roles,api_name,name,address,city,state,zip,country,telephone,\
organization_contact.first_name,organization_contact.last_name,organization_contact.email,\
organization_contact.telephone,account_type,user.first_name,user.last_name,user.email,\
organization.name,organization.address,organization.zip,organization.city,organization.state,\
organization.country";

/// The key of operation `i`: fixed width, so no key is part of another.
pub fn key(i: usize) -> String {
    format!("op{i:05}")
}

pub fn kind(i: usize) -> Kind {
    KINDS[i % 5]
}

/// The fault operation `i` meets (an index into [`FAULTS`]): 5 % of each kind, each fault kind
/// in turn.
pub fn fault(i: usize) -> Option<usize> {
    let j = i / 5;
    (j % 20 == 3).then_some((j / 20) % FAULTS.len())
}

/// The plan as CSV.
pub fn plan_csv(count: usize) -> String {
    let mut csv = String::from(HEADER);
    csv.push('\n');
    for i in 0..count {
        let k = key(i);
        let row = match kind(i) {
            Kind::SendInvite => format!("{k},send_invite,{k}@invite.example.com,retail,,,,,,,,,,,,,,,,,,,,,,,,,,"),
            Kind::AddUser => format!("{k},add_user,{k}@user.example.com,,{k},Ada,User,5,,,,,,,,,,,,,,,,,,,,,,"),
            Kind::AddServiceUser => format!("{k},add_service_user,{k}@svc.example.com,,,,,,bot-{k},,,,,,,,,,,,,,,,,,,,,"),
            Kind::CreateOrganization => format!("{k},create_organization,,,,,,,,Org {k},1 Way,Lehi,ut,84043,us,555-0100,Gia,Booth,gia@example.com,555-0101,,,,,,,,,,"),
            Kind::CreateSubaccount => format!("{k},create_subaccount,,,,,,,,,,,,,,,,,,,managed,Grace,Hopper,{k}@sub.example.com,Sub {k},2 Way,10002,Lehi,ut,us"),
            other => unreachable!("KINDS holds only the creation kinds, not {other}"),
        };
        csv.push_str(&row);
        csv.push('\n');
    }
    csv
}

/// Installs each faulted operation's fault: once, on its route, for the request whose body
/// holds its key.
pub fn install_faults(emulator: &Emulator, count: usize) {
    for i in (0..count).filter(|i| fault(*i).is_some()) {
        let action = FAULTS[fault(i).unwrap_or_default()];
        let json = format!(
            r#"{{"route": "{}", "times": 1, "body_contains": "{}", {action}}}"#,
            ROUTES[i % 5],
            key(i)
        );
        let fault: Fault = serde_json::from_str(&json).expect("a fault");
        emulator.add_fault(fault).expect("installed");
    }
}

/// How operation `i` must end, and whether the server created it.
pub fn expected(i: usize) -> (State, bool) {
    let Some(f) = fault(i) else {
        return (State::Done, true);
    };
    let name = FAULTS[f];
    if name.contains("400") {
        return (State::Failed, false);
    }
    match kind(i) {
        // An invite, a user and an organization are looked up (or, for an organization, asked
        // for again under the duplicate check), and sent again only when absent.
        Kind::SendInvite | Kind::AddUser | Kind::CreateOrganization => (State::Done, true),
        // A subaccount and a service user cannot be looked up: after an outcome that leaves
        // open whether they exist, a person must look.
        Kind::AddServiceUser | Kind::CreateSubaccount => {
            let settled = ["429", "delay", "hold"].iter().any(|k| name.contains(k));
            let created = !(name.contains("503") || name.contains("reset_before"));
            if settled {
                (State::Done, true)
            } else {
                (State::NeedsAttention, created)
            }
        }
        other => unreachable!("KINDS holds only the creation kinds, not {other}"),
    }
}

/// Whether operation `i`'s one-time key must reach the keys file (a creation whose answer, or
/// the part of it that arrived, held the key).
pub fn key_expected(i: usize) -> bool {
    if !matches!(kind(i), Kind::AddServiceUser | Kind::CreateSubaccount) {
        return false;
    }
    match fault(i).map(|f| FAULTS[f]) {
        None => true,
        Some(name) => !["503", "400", "reset_before", "reset_after"]
            .iter()
            .any(|k| name.contains(k)),
    }
}
