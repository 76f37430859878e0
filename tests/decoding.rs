//! Decoding: the docs' example responses, extra and missing fields, and hostile bodies.

mod common;

use certcentral::models::*;
use common::{decoded, fixture_text};
use serde_json::{json, Value};

#[test]
fn the_docs_list_example_decodes() {
    let page: InvitePage = decoded("list-invites.response.json");
    assert_eq!(page.len(), 3);
    assert_eq!(
        (page.total(), page.limit(), page.offset()),
        (Some(3), Some(1000), Some(0))
    );
    let first = &page.items[0];
    assert_eq!(first.id, 1);
    assert_eq!(first.email.as_deref(), Some("email1@example.com"));
    assert_eq!(first.subaccount_type.as_deref(), Some("reseller"));
    assert_eq!(
        first.invite_note.as_deref(),
        Some("Sign up for your CertCentral account!")
    );
    assert_eq!(first.date_created.as_deref(), Some("2019-01-14 11:17:38"));
    assert_eq!(first.last_sent_date.as_deref(), Some("2019-01-15 08:22:19"));
    assert_eq!(first.status.as_deref(), Some("pending"));
    // The whole response is kept byte for byte, and each invite's raw is its exact part of it.
    let text = fixture_text("list-invites.response.json");
    assert_eq!(page.raw.as_str(), text);
    let third = page.items[2].raw.as_str();
    assert!(
        third.starts_with("{\n      \"id\": 3,") && third.ends_with('}'),
        "{third}"
    );
    assert!(text.contains(third));
    assert_eq!(page.items[2].raw.to_value()["email"], "email3@example.com");
}

#[test]
fn the_docs_subaccount_examples_decode() {
    let sub: Subaccount = decoded("create-subaccount.response.json");
    assert_eq!(sub.id, 1122334);
    assert_eq!(sub.account_manager_user_id, Some(12345));
    assert_eq!(sub.bill_parent, None);
    let org = sub.organization.as_ref().unwrap();
    assert_eq!(org.id, 3344556);
    assert_eq!(org.display_name.as_deref(), Some("Example Company, LLC"));
    assert_eq!(org.telephone.as_deref(), Some("111-222-333-4445"));
    assert_eq!(org.assumed_name, None);
    let container = org.container.as_ref().unwrap();
    assert_eq!((container.id, container.parent_id), (112234, Some(0)));
    let user = sub.user.as_ref().unwrap();
    assert_eq!((user.id, user.account_id), (45321, Some(12121)));
    assert_eq!(user.user_type.as_deref(), Some("standard"));
    assert!(sub.api_key.is_none());

    let managed: Subaccount = decoded("create-subaccount-managed.response.json");
    assert_eq!(managed.api_key.as_ref().unwrap().expose(), "{{api_key}}");
    assert!(!format!("{managed:?}").contains("{{api_key}}"));
}

#[test]
fn the_docs_id_answers_decode() {
    let user: CreatedUser = decoded("add-user.response.json");
    assert_eq!(user.id, 1538858);
    let org: CreatedOrganization = decoded("create-organization.response.json");
    assert_eq!(org.id, 112236);
}

#[test]
fn unknown_fields_are_kept_in_raw_and_missing_optionals_are_none() {
    let body = json!({
        "subaccount_invites": [{"id": 7, "email": "x@example.com", "colour": "teal", "nested": {"a": [1, 2]}}],
        "page": {"total": 1, "limit": 0, "offset": 0, "next": null},
        "meta": {"request_id": "abc"}
    })
    .to_string();
    let page: InvitePage = decode(body.as_bytes()).unwrap();
    let invite = &page.items[0];
    assert_eq!(invite.id, 7);
    assert_eq!(invite.status, None);
    assert_eq!(invite.invite_note, None);
    assert_eq!(invite.raw.to_value()["colour"], "teal");
    assert_eq!(invite.raw.to_value()["nested"]["a"][1], 2);
    assert_eq!(page.raw.to_value()["meta"]["request_id"], "abc");
    assert_eq!(
        page.limit(),
        Some(0),
        "the documented limit: 0 example is carried as sent"
    );

    // No page object at all, and nulls where strings were expected.
    let page: InvitePage = decode(br#"{"subaccount_invites":[{"id":1,"email":null}]}"#).unwrap();
    assert_eq!(
        (page.total(), page.limit(), page.offset()),
        (None, None, None)
    );
    assert_eq!(page.items[0].email, None);

    let sub: Subaccount = decode(br#"{"id": 5, "future_field": [1]}"#).unwrap();
    assert_eq!(
        (sub.id, sub.organization.is_none(), sub.user.is_none()),
        (5, true, true)
    );
    assert_eq!(sub.raw.to_value()["future_field"], json!([1]));
}

#[test]
fn what_the_leniency_rules_cannot_read_fails_to_decode() {
    for (body, says) in [
        (
            r#"{"subaccount_invites":[{"id":"seven"}]}"#,
            "`subaccount_invites[0].id`: expected an integer, got a string",
        ),
        (
            r#"{"subaccount_invites":{"id":1}}"#,
            "`subaccount_invites`: expected an array, got an object",
        ),
        (
            r#"{"subaccount_invites":[7]}"#,
            "`subaccount_invites[0]`: expected an object, got a number",
        ),
        (
            r#"{"errors":[{"code":"x","message":"y"}]}"#,
            "missing field `subaccount_invites`",
        ),
        // Without its array, a body is an empty page only when it says there is nothing
        // (tests/recorded.rs has the rule in full).
        (
            r#"{"page":{"total":3}}"#,
            "missing field `subaccount_invites`, but `page.total` is 3",
        ),
        (r#"[]"#, "expected a JSON object, got an array"),
        (r#""#, "expected a JSON object, got an empty body"),
        (
            r#"<html>502</html>"#,
            "expected a JSON object, got HTML or XML",
        ),
    ] {
        let failure = decode::<InvitePage>(body.as_bytes()).unwrap_err();
        assert!(failure.to_string().contains(says), "{body}: {failure}");
    }
}

#[test]
fn page_counts_that_cannot_be_read_are_unknown() {
    for page in [
        r#"{"total":"many"}"#,
        r#"{"total":-1}"#,
        r#"{"total":null}"#,
        r#""text""#,
    ] {
        let body = format!(r#"{{"subaccount_invites":[],"page":{page}}}"#);
        let decoded: InvitePage = decode(body.as_bytes()).unwrap();
        assert_eq!(decoded.total(), None, "{page}");
    }
    // A count JSON cannot hold as a number spoils only itself.
    let decoded: InvitePage =
        decode(br#"{"subaccount_invites":[{"id":1}],"page":{"total":1e400,"limit":5}}"#).unwrap();
    assert_eq!(
        (decoded.total(), decoded.limit(), decoded.len()),
        (None, Some(5), 1)
    );
    let err = decode::<InvitePage>(br#"{"subaccount_invites":[{"id":1180591620717411303424}]}"#)
        .unwrap_err();
    assert!(
        err.to_string().contains("an integer beyond 64 bits"),
        "{err}"
    );
    let decoded: InvitePage =
        decode(br#"{"subaccount_invites":[],"page":{"total":"12","limit":5.0,"offset":"0"}}"#)
            .unwrap();
    assert_eq!(
        (decoded.total(), decoded.limit(), decoded.offset()),
        (Some(12), Some(5), Some(0))
    );
}

#[test]
fn a_typed_value_serializes_back_to_its_typed_fields() {
    let sub: Subaccount = decoded("create-subaccount-managed.response.json");
    let value: Value = serde_json::to_value(&sub).unwrap();
    assert_eq!(value["organization"]["container"]["id"], 112234);
    assert_eq!(value["user"]["type"], "standard");
    assert_eq!(value["api_key"], "{{api_key}}");
    let page: InvitePage = decoded("list-invites.response.json");
    let value = serde_json::to_value(&page).unwrap();
    assert_eq!(
        value["page"],
        json!({"total": 3, "limit": 1000, "offset": 0})
    );
    assert_eq!(
        value["subaccount_invites"][2]["email"],
        "email3@example.com"
    );
}

#[test]
fn a_null_invite_list_is_an_empty_page() {
    let page: InvitePage = decode(br#"{"subaccount_invites":null,"page":{"total":0}}"#).unwrap();
    assert!(page.is_empty());
    assert_eq!(page.total(), Some(0));
}
