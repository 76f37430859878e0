//! Listing invites: every filter, every sort key, and pagination across pages.
#![cfg(feature = "emulator")]

mod common;

use certcentral::{Invite, ListInvitesQuery, SendInviteRequest, Status};
use common::{client, emulator};

fn ids(page: &[Invite]) -> Vec<i64> {
    page.iter().map(|i| i.id).collect()
}

fn list(client: &certcentral::Client, query: ListInvitesQuery) -> Vec<Invite> {
    client.list_invites(&query).unwrap().items
}

#[test]
fn every_filter_selects_what_it_names() {
    let emulator = emulator();
    emulator.seed_invites(8).unwrap();
    let client = client(&emulator);
    // Seeded: invitee{i}@example.com, types cycle retail/enterprise/reseller/managed, statuses
    // cycle pending/accepted/expired/cancelled, one hour apart from 2019-01-01 00:00:00.
    let by = |query: ListInvitesQuery| ids(&list(&client, query));

    assert_eq!(
        by(ListInvitesQuery {
            email: Some("invitee3@example.com".into()),
            ..Default::default()
        }),
        [4]
    );
    assert_eq!(
        by(ListInvitesQuery {
            subaccount_type: Some("reseller".into()),
            ..Default::default()
        }),
        [3, 7]
    );
    assert_eq!(
        by(ListInvitesQuery {
            status: Some("accepted".into()),
            ..Default::default()
        }),
        [2, 6]
    );
    // Both spellings in the docs select cancelled invites.
    for spelling in ["cancelled", "canceled"] {
        assert_eq!(
            by(ListInvitesQuery {
                status: Some(spelling.into()),
                ..Default::default()
            }),
            [4, 8]
        );
    }
    assert_eq!(
        by(ListInvitesQuery {
            date_created: Some("2019-01-01 02:00:00".into()),
            ..Default::default()
        }),
        [3]
    );
    assert_eq!(
        by(ListInvitesQuery {
            last_sent_date: Some("2019-01-01 0".into()),
            ..Default::default()
        })
        .len(),
        8
    );
}

#[test]
fn search_is_exact_without_percent_and_contains_with_it() {
    let emulator = emulator();
    let client = client(&emulator);
    for email in [
        "ann@gmail.com",
        "bob@gmail.com",
        "cy@corp.example",
        "gmail@corp.example",
    ] {
        client
            .send_invite(&SendInviteRequest::new([email], "retail"))
            .unwrap();
    }
    let search = |term: &str| {
        let query = ListInvitesQuery {
            search: Some(term.into()),
            ..Default::default()
        };
        list(&client, query)
            .into_iter()
            .map(|i| i.email.unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        search("%gmail"),
        ["ann@gmail.com", "bob@gmail.com", "gmail@corp.example"]
    );
    assert_eq!(search("%@gmail.com"), ["ann@gmail.com", "bob@gmail.com"]);
    assert_eq!(search("bob@gmail.com"), ["bob@gmail.com"]);
    assert!(search("gmail").is_empty(), "without % the match is exact");
}

#[test]
fn every_sort_key_ascending_and_descending() {
    let emulator = emulator();
    emulator.seed_invites(12).unwrap();
    let client = client(&emulator);
    let sorted = |sort: &str| {
        ids(&list(
            &client,
            ListInvitesQuery {
                sort: Some(sort.into()),
                ..Default::default()
            },
        ))
    };
    let all: Vec<Invite> = list(&client, ListInvitesQuery::default());
    let key_of = |key: &str, i: &Invite| -> String {
        match key {
            "email" => i.email.clone().unwrap(),
            "subaccount_type" => i.subaccount_type.clone().unwrap(),
            "invite_note" => i.invite_note.clone().unwrap(),
            "date_created" => i.date_created.clone().unwrap(),
            "last_sent_date" => i.last_sent_date.clone().unwrap(),
            "status" => i.status.clone().unwrap(),
            _ => unreachable!(),
        }
    };
    for key in [
        "email",
        "subaccount_type",
        "invite_note",
        "date_created",
        "last_sent_date",
        "status",
    ] {
        let mut expected = all.clone();
        expected.sort_by(|a, b| key_of(key, a).cmp(&key_of(key, b)).then(a.id.cmp(&b.id)));
        // Ties keep id order when id is the second key.
        assert_eq!(sorted(&format!("{key},id")), ids(&expected), "{key}");
        expected.sort_by(|a, b| key_of(key, b).cmp(&key_of(key, a)).then(a.id.cmp(&b.id)));
        assert_eq!(sorted(&format!("-{key},id")), ids(&expected), "-{key}");
    }
    assert_eq!(sorted("-id"), (1..=12).rev().collect::<Vec<_>>());
    assert_eq!(sorted("id"), (1..=12).collect::<Vec<_>>());
    // Invites carry no names, so these documented keys are accepted and change nothing.
    assert_eq!(sorted("firstname"), (1..=12).collect::<Vec<_>>());
    assert_eq!(sorted("-lastname"), (1..=12).collect::<Vec<_>>());
    // Multi-key: by type, then newest first.
    let multi = list(
        &client,
        ListInvitesQuery {
            sort: Some("subaccount_type,-date_created".into()),
            ..Default::default()
        },
    );
    let pairs: Vec<(String, String)> = multi
        .iter()
        .map(|i| {
            (
                i.subaccount_type.clone().unwrap(),
                i.date_created.clone().unwrap(),
            )
        })
        .collect();
    let mut expected = pairs.clone();
    expected.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    assert_eq!(pairs, expected);
}

#[test]
fn an_unknown_sort_key_is_a_bad_request() {
    let emulator = emulator();
    let client = client(&emulator);
    let err = client
        .list_invites(&ListInvitesQuery {
            sort: Some("colour".into()),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.status(), Status::BadRequest);
    assert_eq!(err.api_errors()[0].code, "invalid_sort|colour");
}

#[test]
fn offset_and_limit_page_through_with_a_correct_page_object() {
    let emulator = emulator();
    emulator.seed_invites(25).unwrap();
    let client = client(&emulator);
    let page = client
        .list_invites(&ListInvitesQuery {
            offset: Some(20),
            limit: Some(10),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(ids(&page.items), (21..=25).collect::<Vec<_>>());
    assert_eq!(
        (page.total(), page.limit(), page.offset()),
        (Some(25), Some(10), Some(20))
    );

    let beyond = client
        .list_invites(&ListInvitesQuery {
            offset: Some(100),
            ..Default::default()
        })
        .unwrap();
    assert!(beyond.is_empty());
    assert_eq!(beyond.total(), Some(25));
}

#[test]
fn the_iterator_follows_every_page_and_reports_progress() {
    let emulator = emulator();
    emulator.seed_invites(2_345).unwrap();
    let client = client(&emulator);
    let before = common::api_requests(&emulator);
    let mut invites = client.invites(ListInvitesQuery::default()).unwrap();
    let first = invites.next().unwrap().unwrap();
    assert_eq!(first.id, 1);
    assert_eq!(invites.total(), Some(2_345));
    assert_eq!(invites.fetched(), 1_000);
    let rest: Vec<Invite> = invites.by_ref().collect::<Result<_, _>>().unwrap();
    assert_eq!(rest.len(), 2_344);
    assert_eq!(rest.last().unwrap().id, 2_345);
    assert!(invites.next().is_none());
    assert_eq!(
        common::api_requests(&emulator) - before,
        3,
        "three pages of 1000"
    );

    // A filter and a small page size, starting at an offset.
    let accepted: Vec<Invite> = client
        .invites(ListInvitesQuery {
            status: Some("accepted".into()),
            limit: Some(100),
            offset: Some(10),
            ..Default::default()
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        accepted.len(),
        (0..2_345).filter(|i| i % 4 == 1).count() - 10
    );
    assert!(accepted
        .iter()
        .all(|i| i.status.as_deref() == Some("accepted")));
}

#[test]
fn pages_come_whole_and_mix_with_single_steps() {
    let emulator = emulator();
    emulator.seed_invites(25).unwrap();
    let client = client(&emulator);
    let mut invites = client
        .invites(ListInvitesQuery {
            limit: Some(10),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(invites.next().unwrap().unwrap().id, 1);
    let rest_of_first: Vec<i64> = ids(&invites.next_page().unwrap().unwrap());
    assert_eq!(rest_of_first, (2..=10).collect::<Vec<_>>());
    assert_eq!(invites.next_page().unwrap().unwrap().len(), 10);
    assert_eq!(
        ids(&invites.next_page().unwrap().unwrap()),
        (21..=25).collect::<Vec<_>>()
    );
    assert!(invites.next_page().is_none());
    assert!(invites.next().is_none());
}

#[test]
fn a_bad_page_size_fails_before_any_request() {
    let emulator = emulator();
    let client = client(&emulator);
    let err = client
        .invites(ListInvitesQuery {
            limit: Some(5000),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.status(), Status::Validation);
    assert_eq!(common::api_requests(&emulator), 0);
}

#[test]
fn the_iterator_of_an_empty_listing_makes_one_request() {
    let emulator = emulator();
    let client = client(&emulator);
    assert_eq!(
        client.invites(ListInvitesQuery::default()).unwrap().count(),
        0
    );
    assert_eq!(common::api_requests(&emulator), 1);
}

#[test]
fn status_changes_made_through_the_emulator_show_up() {
    let emulator = emulator();
    let client = client(&emulator);
    client
        .send_invite(&SendInviteRequest::new(["a@example.com"], "retail"))
        .unwrap();
    assert!(emulator.set_invite_status(1, "accepted"));
    assert!(!emulator.set_invite_status(99, "accepted"));
    let page = client
        .list_invites(&ListInvitesQuery {
            status: Some("accepted".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(ids(&page.items), [1]);
}
