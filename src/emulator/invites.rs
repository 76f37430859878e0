//! Subaccount invites: `POST account/subaccount/invite` (send, or resend to a pending address)
//! and `GET account/subaccount/invite`.

use serde_json::Value;

use super::clock;
use super::listing::{self, Match, Row, Spec};
use super::routes::{broken_rule, parse, Answer, Handled, Route};
use super::state::{InviteRecord, State};
use super::subaccounts::check_type;
use crate::api::{ListInvitesQuery, SendInviteRequest};
use crate::validate::Rules;

pub(crate) const ROUTES: &[Route] = &[
    Route {
        pattern: "POST account/subaccount/invite",
        handler: |state, call| send_invite(state, call.body),
    },
    Route {
        pattern: "GET account/subaccount/invite",
        handler: |state, call| list_invites(state, call.query),
    },
];

fn send_invite(state: &mut State, body: &[u8]) -> Handled {
    let request: SendInviteRequest = parse(body)?;
    check_type(&state.options, "subaccount_type", &request.subaccount_type)?;
    let now = clock::now();
    for email in &request.emails {
        let pending = state
            .invites
            .iter_mut()
            .find(|i| i.status == "pending" && i.email.eq_ignore_ascii_case(email));
        if let Some(invite) = pending {
            // A second invite to a pending address is a resend.
            invite.last_sent_date = now.clone();
            invite.subaccount_type = request.subaccount_type.clone();
            invite.invite_note = request.invite_note.clone();
            state.stats.invites_resent += 1;
            continue;
        }
        let id = state.next_invite_id();
        state.invites.push(InviteRecord {
            id,
            email: email.clone(),
            subaccount_type: request.subaccount_type.clone(),
            invite_note: request.invite_note.clone(),
            date_created: now.clone(),
            last_sent_date: now.clone(),
            status: "pending".to_owned(),
        });
        state.stats.invites_created += 1;
    }
    Ok(Answer::empty(201))
}

impl Row for InviteRecord {
    fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or_default()
    }
    fn write_json(&self, out: &mut Vec<u8>) {
        // Serialized straight from the record: the invite list is the benchmarked one.
        let _ = serde_json::to_writer(out, self);
    }
}

const INVITES: Spec = Spec {
    array: "subaccount_invites",
    filters: &[
        ("email", Match::Exact),
        ("subaccount_type", Match::Exact),
        ("status", Match::Status),
        ("date_created", Match::Prefix),
        ("last_sent_date", Match::Prefix),
    ],
    search: &["email"],
    search_always_contains: false,
    // Invites carry no names; sorting by them is accepted and leaves the order alone.
    sort: &[
        "id",
        "email",
        "subaccount_type",
        "invite_note",
        "date_created",
        "last_sent_date",
        "status",
        "firstname",
        "lastname",
    ],
};

/// `GET account/subaccount/invite`.
fn list_invites(state: &State, raw_query: &str) -> Handled {
    let (params, _) = listing::parse_query(raw_query)?;
    let query = ListInvitesQuery {
        offset: params.offset,
        limit: params.limit,
        ..ListInvitesQuery::default()
    };
    query.check().map_err(broken_rule)?;
    Ok(listing::answer(
        state.invites.iter().collect(),
        &params,
        &INVITES,
        listing::empty(state),
    ))
}
