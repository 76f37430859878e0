//! The read side: users, organizations, subaccounts, containers and roles. The docs' examples
//! decode; every list is followed across pages; every detail answers 404 for an unknown id; and
//! what was created is found again.
#![cfg(feature = "emulator")]

mod common;

use std::collections::BTreeMap;

use certcentral::models::*;
use certcentral::{Client, Status};
use common::{api_requests, client, decoded, emulator, fixture};
use serde_json::json;

#[test]
fn the_docs_examples_decode() {
    let users: UserPage = decoded("list-users.response.json");
    let user = &users.items[0];
    assert_eq!((user.id, user.account_id), (101, Some(5001)));
    assert_eq!(user.status.as_deref(), Some("active"));
    assert_eq!(user.container.as_ref().unwrap().ekey.as_deref(), Some("k"));
    assert_eq!(user.access_roles[0].name.as_deref(), Some("Administrator"));
    assert_eq!(user.has_container_assignments, Some(false));
    assert_eq!(users.total(), Some(1));

    let me: User = decoded("user-info.response.json");
    assert_eq!(me.is_saml_sso_only, Some(false));
    assert_eq!(me.last_login_date.as_deref(), Some("2024-01-02 03:04:05"));
    assert_eq!(me.raw.to_value()["container_visibility"][0]["id"], 5);

    let orgs: OrganizationPage = decoded("list-organizations.response.json");
    let org = &orgs.items[0];
    assert_eq!(org.id, 112233);
    assert_eq!(
        org.container_id_assignments,
        [112234],
        "strings in the docs"
    );
    assert_eq!(org.validations[0].validation_type.as_deref(), Some("ov"));
    let details: Organization = decoded("organization-info.response.json");
    let contact = details.organization_contact.as_ref().unwrap();
    assert_eq!(
        (contact.id, contact.telephone_extension.as_deref()),
        (Some(184), Some("12"))
    );
    assert_eq!(details.raw.to_value()["verified_contacts"][0]["id"], 9);

    let subs: SubaccountPage = decoded("list-subaccounts.response.json");
    assert_eq!(subs.items[0].id, 112233);
    assert_eq!(subs.items[0].account_manager.as_deref(), Some("Jim James"));
    let sub: SubaccountDetails = decoded("subaccount-info.response.json");
    assert_eq!(sub.parent_account_id, Some(1122331), "a string in the docs");
    let master = sub.master_user.as_ref().unwrap();
    assert_eq!(
        (master.i18n_language_id, master.container_id),
        (Some(1), Some(11223))
    );
    assert_eq!(sub.organization.as_ref().unwrap().id, 121212);

    let containers: Page<Container> = decoded("list-containers.response.json");
    let container = &containers.items[0];
    assert_eq!(container.user_id_assignments, [125038]);
    assert_eq!(
        container.organization_assignments[0].is_active,
        Some(true),
        "\"1\""
    );
    let roles: Page<Role> = decoded("list-container-roles.response.json");
    assert_eq!(roles.items[0].id, 5);
    let key_roles: Page<Role> = decoded("list-api-key-roles.response.json");
    assert_eq!(
        key_roles.items.iter().map(|r| r.id).collect::<Vec<_>>(),
        [100, 101, 102]
    );
}

#[test]
fn the_table_name_of_the_subaccount_list_is_read_too() {
    let page: SubaccountPage =
        decode(br#"{"child_accounts":[{"account_id":"7","account_type":"retail"}]}"#).unwrap();
    assert_eq!(page.items[0].id, 7);
}

/// Creates `n` users, organizations and subaccounts.
fn populate(client: &Client, n: usize) {
    for i in 0..n {
        let mut user: AddUserRequest = fixture("add-user.request.json");
        user.username = format!("user{i}");
        user.email = format!("user{i}@example.com");
        client.add_user(&user).unwrap();
        let mut org: CreateOrganizationRequest = fixture("create-organization.request.json");
        org.name = format!("Org {i}");
        client.create_organization(&org).unwrap();
        let mut sub: CreateSubaccountRequest = fixture("create-subaccount.request.json");
        sub.user.email = format!("sub{i}@example.com");
        sub.user.username = None;
        sub.organization.name = format!("Subsidiary {i}");
        client.create_subaccount(&sub).unwrap();
    }
}

#[test]
fn every_list_is_followed_across_pages() {
    let emulator = emulator();
    let client = client(&emulator);
    populate(&client, 5);
    let page = |limit| ListParams {
        limit: Some(limit),
        ..ListParams::default()
    };
    let users: Vec<User> = client
        .users(ListUsersQuery {
            list: page(2),
            ..Default::default()
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(users.len(), 6, "admin and five");
    let orgs = client
        .organizations(ListOrganizationsQuery {
            list: page(2),
            ..Default::default()
        })
        .unwrap();
    let orgs: Vec<Organization> = orgs.collect::<Result<_, _>>().unwrap();
    assert_eq!(orgs.len(), 5);
    let mut subs = client
        .subaccounts(ListSubaccountsQuery { list: page(3) })
        .unwrap();
    assert_eq!(
        subs.total(),
        None,
        "nothing is fetched before the first next"
    );
    let ids: Vec<i64> = subs.by_ref().map(|s| s.unwrap().id).collect();
    assert_eq!(ids.len(), 5);
    assert_eq!((subs.total(), subs.fetched()), (Some(5), 5));
    let stats = emulator.stats();
    assert_eq!(stats.requests["GET user"], 3);
    assert_eq!(stats.requests["GET organization"], 3);
    assert_eq!(stats.requests["GET account/subaccount"], 2);
}

#[test]
fn filters_search_sort_and_the_endpoints_own_parameters() {
    let emulator = emulator();
    let client = client(&emulator);
    populate(&client, 3);
    let search = |text: &str| ListParams {
        search: Some(text.into()),
        ..ListParams::default()
    };
    let found = client
        .list_users(&ListUsersQuery {
            list: search("%user1"),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(found.items.len(), 1);
    assert_eq!(found.items[0].username.as_deref(), Some("user1"));
    let bare = client
        .list_users(&ListUsersQuery {
            without_container: Some(true),
            access_role_id: Some(1),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(bare.items.len(), 1, "only admin is an administrator");
    assert!(bare.items[0].container.is_none());

    let orgs = client
        .list_organizations(&ListOrganizationsQuery {
            include_validation: Some(true),
            list: ListParams {
                search: Some("org 2".into()),
                ..ListParams::default()
            },
        })
        .unwrap();
    assert_eq!(orgs.items.len(), 1);
    assert_eq!(orgs.items[0].raw.to_value()["validations"], json!([]));

    let sorted = client
        .list_subaccounts(&ListSubaccountsQuery {
            list: ListParams {
                sort: Some("-organization_name".into()),
                ..ListParams::default()
            },
        })
        .unwrap();
    let names: Vec<_> = sorted
        .items
        .iter()
        .map(|s| s.organization_name.clone().unwrap())
        .collect();
    assert_eq!(names, ["Subsidiary 2", "Subsidiary 1", "Subsidiary 0"]);

    let err = client
        .list_users(&ListUsersQuery {
            list: ListParams {
                filters: BTreeMap::from([("colour".into(), "teal".into())]),
                ..ListParams::default()
            },
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.status(), Status::BadRequest);
    assert_eq!(err.api_errors()[0].code, "invalid_filter|filters[colour]");
}

#[test]
fn bad_parameters_are_refused_before_sending() {
    let emulator = emulator();
    let client = client(&emulator);
    for (name, says) in [
        ("search", "filters[search]"),
        ("a]b", "filters[a]b]"),
        ("", "filters[]"),
    ] {
        let err = client
            .list_users(&ListUsersQuery {
                list: ListParams {
                    filters: BTreeMap::from([(name.to_owned(), "x".to_owned())]),
                    ..ListParams::default()
                },
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.status(), Status::Validation);
        assert!(err.to_string().contains(says), "{err}");
    }
    let err = client
        .list_subaccounts(&ListSubaccountsQuery {
            list: ListParams {
                limit: Some(0),
                ..ListParams::default()
            },
        })
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("`limit` must be between 1 and 1000 (got 0)"),
        "{err}"
    );
    for (err, field) in [
        (client.get_user(0).unwrap_err(), "user_id"),
        (client.get_organization(-3).unwrap_err(), "organization_id"),
        (client.get_subaccount(0).unwrap_err(), "subaccount_id"),
        (client.get_container(-1).unwrap_err(), "container_id"),
        (client.list_access_roles(0).unwrap_err(), "container_id"),
    ] {
        assert_eq!(err.status(), Status::Validation);
        assert!(err.to_string().contains(field), "{err}");
    }
    assert_eq!(api_requests(&emulator), 0);
}

#[test]
fn details_of_an_unknown_id_are_not_found() {
    let emulator = emulator();
    let client = client(&emulator);
    for err in [
        client.get_user(424_242).unwrap_err(),
        client.get_organization(424_242).unwrap_err(),
        client.get_subaccount(424_242).unwrap_err(),
        client.get_container(424_242).unwrap_err(),
        client.list_access_roles(424_242).unwrap_err(),
    ] {
        assert_eq!(err.status(), Status::NotFound, "{err}");
        assert_eq!(err.http_status(), Some(404));
        assert_eq!(err.api_errors()[0].code, "not_found");
    }
}

#[test]
fn what_was_created_is_found_through_the_read_side() {
    let emulator = emulator();
    let client = client(&emulator);
    let org_request: CreateOrganizationRequest = fixture("create-organization.request.json");
    let org = client.create_organization(&org_request).unwrap();
    let found = client.get_organization(org.id).unwrap();
    assert_eq!(found.name.as_deref(), Some(org_request.name.as_str()));
    let contact = found.organization_contact.unwrap();
    assert_eq!(
        contact.email.as_deref(),
        Some(org_request.organization_contact.email.as_str())
    );

    let user_request: AddUserRequest = fixture("add-user.request.json");
    let user = client.add_user(&user_request).unwrap();
    let found = client.get_user(user.id).unwrap();
    assert_eq!(
        found.username.as_deref(),
        Some(user_request.username.as_str())
    );
    assert_eq!(found.access_roles[0].id, user_request.access_roles[0].id);

    let sub_request: CreateSubaccountRequest = fixture("create-subaccount.request.json");
    let sub = client.create_subaccount(&sub_request).unwrap();
    let details = client.get_subaccount(sub.id).unwrap();
    assert_eq!(
        details.account_type.as_deref(),
        Some(sub_request.account_type.as_str())
    );
    assert_eq!(details.parent_account_id, Some(1_000_000));
    assert_eq!(
        details.master_user.unwrap().email.as_deref(),
        Some(sub_request.user.email.as_str())
    );
    let listed = client.list_subaccounts(&Default::default()).unwrap();
    assert_eq!(
        listed.items.iter().map(|s| s.id).collect::<Vec<_>>(),
        [sub.id]
    );

    // The subaccount brought a container of its own; both have the documented roles.
    let containers = client.list_containers().unwrap();
    assert_eq!(containers.len(), 2);
    let own = sub.organization.unwrap().container.unwrap().id;
    assert_eq!(
        client.get_container(own).unwrap().parent_id,
        Some(containers[0].id)
    );
    let roles = client.list_access_roles(own).unwrap();
    assert_eq!(
        roles.iter().map(|r| r.id).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    let key_roles = client.list_api_key_roles().unwrap();
    assert_eq!(
        key_roles.iter().map(|r| r.id).collect::<Vec<_>>(),
        [100, 101, 102]
    );
    assert_eq!(
        client.current_user().unwrap().username.as_deref(),
        Some("admin")
    );
}

#[test]
fn look_up_before_create() {
    let emulator = emulator();
    let client = client(&emulator);
    let request: CreateOrganizationRequest = fixture("create-organization.request.json");
    let existing = |client: &Client| {
        client
            .organizations(ListOrganizationsQuery {
                list: ListParams {
                    search: Some(request.name.clone()),
                    ..ListParams::default()
                },
                ..Default::default()
            })
            .unwrap()
            .map(Result::unwrap)
            .find(|o| o.name.as_deref() == Some(request.name.as_str()))
    };
    assert!(existing(&client).is_none());
    let created = client.create_organization(&request).unwrap();
    assert_eq!(existing(&client).map(|o| o.id), Some(created.id));
    assert_eq!(emulator.stats().organizations_created, 1);
}
