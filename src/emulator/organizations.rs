//! Organizations: `POST organization` (with the duplicate check), `GET organization` and
//! `GET organization/{organization_id}`; and their lifecycle: `DELETE
//! organization/{organization_id}`, `PUT organization/{organization_id}/contact` (a sent
//! contact's omitted optional fields are erased), `POST organization/{organization_id}/validation`
//! and `GET organization/{organization_id}/validation`.

use serde_json::{json, Value};

use super::body::{self, Fields};
use super::listing::{self, without_nulls, Match, Row, Spec};
use super::routes::{broken_rule, conflict, not_found, parse, Answer, Handled, Route};
use super::state::{
    ContactRecord, OrganizationRecord, State, ValidationRecord, VerifiedUser, CONTACT_ID_BASE,
    ORGANIZATION_ID_BASE, ROOT_CONTAINER_ID,
};
use super::DuplicateOrganizations;
use crate::api::CreateOrganizationRequest;
use crate::validate::{
    positive_id, Rule, MAX_JOB_TITLE_CHARS, MAX_NAME_CHARS, MAX_TELEPHONE_CHARS, VALIDATION_TYPES,
    VALIDATION_TYPES_WITH_VERIFIED_USERS,
};

pub(crate) const ROUTES: &[Route] = &[
    Route {
        pattern: "POST organization",
        handler: |state, call| create_organization(state, call.body),
    },
    Route {
        pattern: "GET organization",
        handler: |state, call| list_organizations(state, call.query),
    },
    Route {
        pattern: "GET organization/{organization_id}",
        handler: |state, call| get_organization(state, call.id()),
    },
    Route {
        pattern: "DELETE organization/{organization_id}",
        handler: |state, call| delete_organization(state, call.id()),
    },
    Route {
        pattern: "PUT organization/{organization_id}/contact",
        handler: |state, call| update_organization_contacts(state, call.id(), call.body),
    },
    Route {
        pattern: "POST organization/{organization_id}/validation",
        handler: |state, call| submit_organization_validation(state, call.id(), call.body),
    },
    Route {
        pattern: "GET organization/{organization_id}/validation",
        handler: |state, call| get_organization_validations(state, call.id()),
    },
];

fn organization_identity(request: &CreateOrganizationRequest) -> String {
    [
        &request.name,
        &request.address,
        &request.city,
        &request.state,
        &request.zip,
        &request.country,
    ]
    .map(|part| part.trim().to_lowercase())
    .join("\u{1f}")
}

fn create_organization(state: &mut State, body: &[u8]) -> Handled {
    let request: CreateOrganizationRequest = parse(body)?;
    let identity = organization_identity(&request);
    if request.skip_duplicate_org_check != Some(true) {
        if let Some(existing) = state.organizations.iter().find(|o| o.identity == identity) {
            return match state.options.duplicate_organizations {
                DuplicateOrganizations::Reuse => {
                    state.stats.organizations_reused += 1;
                    Ok(Answer::json(201, &json!({"id": existing.id})))
                }
                DuplicateOrganizations::Reject => Err(conflict(
                    "duplicate_organization",
                    &format!(
                        "An organization with these details already exists (id {}); set \
                         skip_duplicate_org_check to create another.",
                        existing.id
                    ),
                )),
            };
        }
    }
    let id = state.next_id(ORGANIZATION_ID_BASE);
    let c = &request.organization_contact;
    let organization_contact = ContactRecord {
        // The sequence number the organization's id was made with: no other contact has it.
        id: CONTACT_ID_BASE + (id - ORGANIZATION_ID_BASE),
        first_name: c.first_name.clone(),
        last_name: c.last_name.clone(),
        email: c.email.clone(),
        job_title: c.job_title.clone(),
        telephone: Some(c.telephone.clone()),
        telephone_extension: c.telephone_extension.clone(),
        language_id: None,
    };
    state.organizations.push(OrganizationRecord {
        id,
        identity,
        request,
        organization_contact,
        technical_contact: None,
        validations: Vec::new(),
    });
    state.stats.organizations_created += 1;
    Ok(Answer::json(201, &json!({"id": id})))
}

impl OrganizationRecord {
    fn json(&self, details: bool, validations: bool) -> Value {
        let r = &self.request;
        let display_name = match &r.assumed_name {
            Some(assumed) => format!("{} ({assumed})", r.name),
            None => r.name.clone(),
        };
        let mut answer = json!({
            "id": self.id,
            "status": "active",
            "name": r.name,
            "assumed_name": r.assumed_name,
            "display_name": display_name,
            "is_active": true,
            "address": r.address,
            "address2": r.address2,
            "zip": r.zip,
            "city": r.city,
            "state": r.state,
            "country": r.country.to_ascii_lowercase(),
            "telephone": r.telephone,
            "container": {"id": ROOT_CONTAINER_ID, "parent_id": 0, "name": "Emulated account",
                          "is_active": true},
            "container_id_assignments": [],
        });
        if details {
            answer["organization_contact"] = self.organization_contact.json();
            if let Some(technical) = &self.technical_contact {
                answer["technical_contact"] = technical.json();
            }
        }
        if validations {
            let submitted: Vec<Value> = self
                .validations
                .iter()
                .map(ValidationRecord::json)
                .collect();
            answer["validations"] = json!(submitted);
        }
        without_nulls(answer)
    }
}

impl ContactRecord {
    /// The contact as `GET organization/{organization_id}` shows it; fields never set absent.
    fn json(&self) -> Value {
        without_nulls(json!({
            "id": self.id,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "email": self.email,
            "job_title": self.job_title,
            "telephone": self.telephone,
            "telephone_extension": self.telephone_extension,
            "language_id": self.language_id,
        }))
    }
}

impl Row for OrganizationRecord {
    fn to_json(&self) -> Value {
        self.json(false, false)
    }
}

/// An organization listed with `include_validation=true`.
struct WithValidations<'a>(&'a OrganizationRecord);

impl Row for WithValidations<'_> {
    fn to_json(&self) -> Value {
        self.0.json(false, true)
    }
}

const ORGANIZATIONS: Spec = Spec {
    array: "organizations",
    filters: &[
        ("status", Match::Exact),
        // No emulated organization has a pending validation.
        (
            "validation",
            Match::With(|_, wanted| wanted == "not_pending"),
        ),
        // Every emulated organization is in the account's own division, which may order for all.
        ("container_id_for_organization", Match::With(|_, _| true)),
    ],
    search: &["id", "name"],
    search_always_contains: true,
    sort: &[
        "id",
        "name",
        "assumed_name",
        "display_name",
        "status",
        "city",
        "state",
        "country",
    ],
};

/// `GET organization`.
fn list_organizations(state: &State, raw_query: &str) -> Handled {
    let (params, extra) = listing::parse_query(raw_query)?;
    let validations = extra
        .get("include_validation")
        .is_some_and(|v| v == "true" || v == "1");
    Ok(if validations {
        let rows: Vec<WithValidations> = state.organizations.iter().map(WithValidations).collect();
        listing::answer(
            rows.iter().collect(),
            &params,
            &ORGANIZATIONS,
            listing::empty(state),
        )
    } else {
        listing::answer(
            state.organizations.iter().collect(),
            &params,
            &ORGANIZATIONS,
            listing::empty(state),
        )
    })
}

/// `GET organization/{organization_id}`.
fn get_organization(state: &State, id: i64) -> Handled {
    let org = state
        .organizations
        .iter()
        .find(|o| o.id == id)
        .ok_or_else(|| not_found("organization", id))?;
    Ok(Answer::json(200, &org.json(true, false)))
}

/// The organization with this id, or the documented 404.
fn organization_mut(state: &mut State, id: i64) -> Result<&mut OrganizationRecord, Answer> {
    state
        .organizations
        .iter_mut()
        .find(|o| o.id == id)
        .ok_or_else(|| not_found("organization", id))
}

/// `DELETE organization/{organization_id}`: the organization is gone from every read (and from
/// the duplicate check). Answers 204 No Content (the page's status is not visible; assumed, as
/// for the other deletions). The refusals the docs describe (the account's first organization,
/// one used by orders) are not modeled: the emulated account has no organization of its own and
/// no orders, and the error the API gives is not visible.
fn delete_organization(state: &mut State, id: i64) -> Handled {
    let before = state.organizations.len();
    state.organizations.retain(|o| o.id != id);
    if state.organizations.len() == before {
        return Err(not_found("organization", id));
    }
    Ok(Answer::empty(204))
}

/// The two contact types of `PUT organization/{organization_id}/contact`.
const CONTACT_TYPES: [&str; 2] = ["organization_contact", "technical_contact"];

/// One checked item of `contacts`: a contact, or (technical only) its removal.
struct ContactChange {
    technical: bool,
    /// `None`: the item has no field but `contact_type`, which removes the technical contact.
    contact: Option<ContactRecord>,
}

/// A `contacts` item's contact, checked. `first_name`, `last_name` (at most 128 characters)
/// and `email` are required (assumed: the field table is not visible; the sibling order-contacts
/// table marks the names required, and the email decides whether the contact is the same one);
/// `job_title` and `telephone` at most 64 characters as for users.
fn parse_contact(item: &Fields) -> Result<ContactRecord, Answer> {
    Ok(ContactRecord {
        id: 0,
        first_name: item.required_text("first_name", MAX_NAME_CHARS)?,
        last_name: item.required_text("last_name", MAX_NAME_CHARS)?,
        email: item.email("email")?,
        job_title: item.text("job_title", MAX_JOB_TITLE_CHARS)?,
        telephone: item.text("telephone", MAX_TELEPHONE_CHARS)?,
        telephone_extension: item.text("telephone_extension", MAX_TELEPHONE_CHARS)?,
        language_id: item.text("language_id", MAX_TELEPHONE_CHARS)?,
    })
}

/// The `contacts` array of `PUT organization/{organization_id}/contact`, checked whole before
/// anything changes.
fn parse_contacts(body: &[u8]) -> Result<Vec<ContactChange>, Answer> {
    let object = body::object(body)?;
    let items = Fields::of(&object).array("contacts")?;
    if items.is_empty() {
        return Err(body::broken("contacts", Rule::NonEmptyList));
    }
    let mut changes: Vec<ContactChange> = Vec::new();
    for (i, value) in items.iter().enumerate() {
        let item = Fields::item(value, &format!("contacts[{i}]"))?;
        let kind = item.required_text("contact_type", 32)?;
        if !CONTACT_TYPES.contains(&kind.as_str()) {
            return Err(body::broken(
                &item.path("contact_type"),
                Rule::OneOfWords {
                    allowed: &CONTACT_TYPES,
                    got: kind,
                },
            ));
        }
        let technical = kind == "technical_contact";
        if changes.iter().any(|c| c.technical == technical) {
            return Err(Answer::error(
                400,
                "contact_type_duplicate",
                "A duplicate contact type was submitted. Make sure your request includes no more \
                 than one of each contact type and try again.",
            ));
        }
        let removal = technical && item.present().all(|name| name == "contact_type");
        let contact = if removal {
            None
        } else {
            Some(parse_contact(&item)?)
        };
        changes.push(ContactChange { technical, contact });
    }
    Ok(changes)
}

/// `PUT organization/{organization_id}/contact`: a `contacts` array, at most one item per
/// `contact_type` (else 400 `contact_type_duplicate`, as documented). A contact type left out
/// is left alone; `{"contact_type":"technical_contact"}` alone removes the technical contact
/// (the organization contact cannot be removed: the same item for it lacks the required
/// names). A sent contact REPLACES the current one: its optional fields left out
/// (`job_title`, `telephone`, `telephone_extension`, `language_id`) are erased, as the docs
/// warn; with the same first name, last name and email it keeps its id (updated in place),
/// otherwise it is a new contact with a new id. Answers 204 No Content (the docs show no body;
/// the status is not visible; assumed).
fn update_organization_contacts(state: &mut State, id: i64, body: &[u8]) -> Handled {
    let organization = organization_mut(state, id)?;
    let current = (
        organization.organization_contact.clone(),
        organization.technical_contact.clone(),
    );
    let mut changes = parse_contacts(body)?;
    for change in &mut changes {
        let Some(contact) = &mut change.contact else {
            continue;
        };
        let now = if change.technical {
            current.1.as_ref()
        } else {
            Some(&current.0)
        };
        let same = now.filter(|c| {
            c.first_name == contact.first_name
                && c.last_name == contact.last_name
                && c.email.eq_ignore_ascii_case(&contact.email)
        });
        contact.id = match same {
            Some(same) => same.id,
            None => state.next_id(CONTACT_ID_BASE),
        };
    }
    let organization = organization_mut(state, id)?;
    for change in changes {
        match (change.technical, change.contact) {
            (true, contact) => organization.technical_contact = contact,
            (false, Some(contact)) => organization.organization_contact = contact,
            // parse_contacts never removes the organization contact.
            (false, None) => {}
        }
    }
    Ok(Answer::empty(204))
}

impl ValidationRecord {
    /// The validation as `GET organization/{organization_id}/validation` and
    /// `include_validation` show it: a pending one without `date_created`/`validated_until`, as
    /// in the docs' example (the emulator never completes a validation).
    fn json(&self) -> Value {
        let users: Vec<Value> = self
            .verified_users
            .iter()
            .map(|u| json!({"id": u.id, "first_name": u.first_name, "last_name": u.last_name}))
            .collect();
        let mut answer = json!({
            "type": self.kind,
            "name": self.kind.replace('_', " ").to_ascii_uppercase(),
            "status": self.status,
        });
        if let Some(description) = validation_description(&self.kind) {
            answer["description"] = json!(description);
        }
        if !users.is_empty() {
            answer["verified_users"] = json!(users);
        }
        answer
    }
}

/// The glossary's description of a validation type (assumed for `ds` and `smime`, which the
/// emulator leaves without one).
fn validation_description(kind: &str) -> Option<&'static str> {
    match kind {
        "ov" => Some("Normal Organization Validation"),
        "ev" => Some("Extended Organization Validation (EV)"),
        "cs" => Some("Code Signing Organization Validation"),
        "ev_cs" => Some("Code Signing Organization Extended Validation (EV CS)"),
        _ => None,
    }
}

/// One `verified_users` item: an existing user by `id` (the other fields ignored, as the
/// docs say; an id that names no user is refused with 400 `invalid_user|<path>.id`, assumed), or
/// a person described by `first_name`, `last_name`, `job_title`, `telephone` and `email`, all
/// required then; a new contact id is given to them.
fn parse_verified_user(state: &mut State, item: &Fields) -> Result<VerifiedUser, Answer> {
    if let Some(id) = item.int("id")? {
        let field = item.path("id");
        positive_id(&field, id).map_err(broken_rule)?;
        let user = state.user(id).ok_or_else(|| {
            Answer::error(
                400,
                &format!("invalid_user|{field}"),
                &format!("{field} {id} is not a user of this account"),
            )
        })?;
        return Ok(VerifiedUser {
            id,
            first_name: user.first_name.clone(),
            last_name: user.last_name.clone(),
        });
    }
    let first_name = item.required_text("first_name", MAX_NAME_CHARS)?;
    let last_name = item.required_text("last_name", MAX_NAME_CHARS)?;
    item.required_text("job_title", MAX_JOB_TITLE_CHARS)?;
    item.required_text("telephone", MAX_TELEPHONE_CHARS)?;
    item.email("email")?;
    Ok(VerifiedUser {
        id: 0,
        first_name,
        last_name,
    })
}

/// `POST organization/{organization_id}/validation`: `validations` (required, at least one),
/// each with a `type` of the glossary (`ov`, `ev`, `cs`, `ev_cs`, `ds`, `smime`) and, for `ev`,
/// `cs` and `ev_cs`, `verified_users` (required for those by the pt-br copy; the example sends
/// `ov` without them). Each type submitted becomes `pending`, replacing that type's earlier
/// submission. Everything is checked before anything changes. Answers 204 No Content (the
/// page's status and body are not visible; assumed).
fn submit_organization_validation(state: &mut State, id: i64, body: &[u8]) -> Handled {
    organization_mut(state, id)?;
    let object = body::object(body)?;
    let items = Fields::of(&object).array("validations")?;
    if items.is_empty() {
        return Err(body::broken("validations", Rule::NonEmptyList));
    }
    let mut submitted: Vec<ValidationRecord> = Vec::new();
    for (i, value) in items.iter().enumerate() {
        let item = Fields::item(value, &format!("validations[{i}]"))?;
        let kind = item.required_text("type", 16)?.to_ascii_lowercase();
        if !VALIDATION_TYPES.contains(&kind.as_str()) {
            return Err(body::broken(
                &item.path("type"),
                Rule::OneOfWords {
                    allowed: &VALIDATION_TYPES,
                    got: kind,
                },
            ));
        }
        let users = if item.has("verified_users") {
            item.array("verified_users")?
        } else {
            &[]
        };
        if users.is_empty() && VALIDATION_TYPES_WITH_VERIFIED_USERS.contains(&kind.as_str()) {
            return Err(body::broken(
                &item.path("verified_users"),
                Rule::NonEmptyList,
            ));
        }
        let mut verified_users = Vec::new();
        for (j, user) in users.iter().enumerate() {
            let path = format!("{}[{j}]", item.path("verified_users"));
            verified_users.push(parse_verified_user(state, &Fields::item(user, &path)?)?);
        }
        submitted.retain(|v| v.kind != kind);
        submitted.push(ValidationRecord {
            kind,
            status: "pending".to_owned(),
            verified_users,
        });
    }
    for validation in &mut submitted {
        for user in &mut validation.verified_users {
            if user.id == 0 {
                user.id = state.next_id(CONTACT_ID_BASE);
            }
        }
    }
    let organization = organization_mut(state, id)?;
    for validation in submitted {
        organization
            .validations
            .retain(|v| v.kind != validation.kind);
        organization.validations.push(validation);
    }
    Ok(Answer::empty(204))
}

/// `GET organization/{organization_id}/validation`: the validations submitted; none is answered
/// the recorded way (no `validations` key, as every empty list of the real server) unless
/// `documented_empty_lists`.
fn get_organization_validations(state: &State, id: i64) -> Handled {
    let organization = state
        .organizations
        .iter()
        .find(|o| o.id == id)
        .ok_or_else(|| not_found("organization", id))?;
    let rows = organization
        .validations
        .iter()
        .map(ValidationRecord::json)
        .collect();
    Ok(listing::plain_list(
        "validations",
        rows,
        listing::empty(state),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::routes::{handle, ApiRequest};
    use crate::emulator::state::ADMIN_USER_ID;
    use crate::emulator::EmulatorOptions;

    const KEY: &str = "test-key";

    fn state() -> State {
        State::new(EmulatorOptions::with_api_key(KEY)).unwrap()
    }

    fn call(state: &mut State, method: &str, route: &str, body: &str) -> Answer {
        let (route, query) = route.split_once('?').unwrap_or((route, ""));
        let request = ApiRequest {
            method,
            route,
            query,
            api_key: Some(KEY),
            body: body.as_bytes(),
        };
        handle(state, &request)
    }

    fn json_of(answer: &Answer) -> Value {
        serde_json::from_slice(&answer.body).unwrap()
    }

    fn code(answer: &Answer) -> String {
        json_of(answer)["errors"][0]["code"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    fn organization(state: &mut State, name: &str) -> i64 {
        let body = json!({"name": name, "address": "1 Main St", "city": "Lehi", "state": "UT",
            "zip": "84043", "country": "US", "telephone": "555-0100",
            "organization_contact": {"first_name": "Ada", "last_name": "Lovelace",
                "email": "ada@example.com", "telephone": "555-0101", "job_title": "CTO",
                "telephone_extension": "12"}});
        let made = call(state, "POST", "organization", &body.to_string());
        assert_eq!(made.status, 201, "{}", String::from_utf8_lossy(&made.body));
        json_of(&made)["id"].as_i64().unwrap()
    }

    fn details(state: &mut State, id: i64) -> Value {
        json_of(&call(state, "GET", &format!("organization/{id}"), ""))
    }

    #[test]
    fn a_deleted_organization_is_gone_from_every_read() {
        let mut state = state();
        let id = organization(&mut state, "Acme");
        let kept = organization(&mut state, "Other");
        let route = format!("organization/{id}");
        let deleted = call(&mut state, "DELETE", &route, "");
        assert_eq!((deleted.status, deleted.body.len()), (204, 0));
        assert_eq!(call(&mut state, "GET", &route, "").status, 404);
        let listed = json_of(&call(&mut state, "GET", "organization", ""));
        assert_eq!(listed["organizations"].as_array().unwrap().len(), 1);
        assert_eq!(listed["organizations"][0]["id"], kept);
        assert_eq!(call(&mut state, "DELETE", &route, "").status, 404);
        // Gone from the duplicate check too: the same details make a new organization.
        assert_ne!(organization(&mut state, "Acme"), id);
    }

    #[test]
    fn a_sent_contact_replaces_the_current_one_and_erases_its_omitted_fields() {
        let mut state = state();
        let id = organization(&mut state, "Acme");
        let before = details(&mut state, id)["organization_contact"].clone();
        assert_eq!(before["job_title"], "CTO");
        let route = format!("organization/{id}/contact");
        let same_person = json!({"contacts": [{"contact_type": "organization_contact",
            "first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com",
            "telephone": "555-0199"}]});
        let answer = call(&mut state, "PUT", &route, &same_person.to_string());
        assert_eq!((answer.status, answer.body.len()), (204, 0));
        let after = details(&mut state, id)["organization_contact"].clone();
        assert_eq!(
            after["id"], before["id"],
            "the same person is updated in place"
        );
        assert_eq!(after["telephone"], "555-0199");
        assert!(after.get("job_title").is_none(), "erased: {after}");
        assert!(
            after.get("telephone_extension").is_none(),
            "erased: {after}"
        );

        let other = json!({"contacts": [{"contact_type": "organization_contact",
            "first_name": "Grace", "last_name": "Hopper", "email": "grace@example.com"}]});
        call(&mut state, "PUT", &route, &other.to_string());
        let replaced = details(&mut state, id)["organization_contact"].clone();
        assert_ne!(
            replaced["id"], before["id"],
            "another person is a new contact"
        );
        assert_eq!(replaced["first_name"], "Grace");
    }

    #[test]
    fn a_technical_contact_is_added_left_alone_and_removed() {
        let mut state = state();
        let id = organization(&mut state, "Acme");
        let route = format!("organization/{id}/contact");
        assert!(details(&mut state, id).get("technical_contact").is_none());
        let tech = json!({"contacts": [{"contact_type": "technical_contact", "first_name": "Tim",
            "last_name": "Berners", "email": "tim@example.com", "language_id": "1"}]});
        assert_eq!(
            call(&mut state, "PUT", &route, &tech.to_string()).status,
            204
        );
        let shown = details(&mut state, id);
        assert_eq!(shown["technical_contact"]["language_id"], "1");
        // A type not sent is left alone.
        let org_only = json!({"contacts": [{"contact_type": "organization_contact",
            "first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}]});
        call(&mut state, "PUT", &route, &org_only.to_string());
        assert_eq!(
            details(&mut state, id)["technical_contact"],
            shown["technical_contact"]
        );
        let removal = r#"{"contacts": [{"contact_type": "technical_contact"}]}"#;
        assert_eq!(call(&mut state, "PUT", &route, removal).status, 204);
        assert!(details(&mut state, id).get("technical_contact").is_none());
    }

    #[test]
    fn contact_bodies_are_checked_whole_before_anything_changes() {
        let mut state = state();
        let id = organization(&mut state, "Acme");
        let route = format!("organization/{id}/contact");
        let good = r#"{"contact_type": "technical_contact", "first_name": "T", "last_name": "B", "email": "t@example.com"}"#;
        let cases = [
            (
                format!(r#"{{"contacts": [{good}, {good}]}}"#),
                "contact_type_duplicate",
            ),
            (r#"{"contacts": []}"#.to_owned(), "missing_field|contacts"),
            ("{}".to_owned(), "missing_field|contacts"),
            (
                r#"{"contacts": [{"first_name": "A"}]}"#.to_owned(),
                "missing_field|contacts[0].contact_type",
            ),
            (
                r#"{"contacts": [{"contact_type": "billing_contact"}]}"#.to_owned(),
                "invalid_value|contacts[0].contact_type",
            ),
            (
                r#"{"contacts": [{"contact_type": "organization_contact"}]}"#.to_owned(),
                "missing_field|contacts[0].first_name",
            ),
            (
                format!(
                    r#"{{"contacts": [{good}, {{"contact_type": "organization_contact", "first_name": "A", "last_name": "B", "email": "bad"}}]}}"#
                ),
                "invalid_email|contacts[1].email",
            ),
        ];
        for (body, expected) in cases {
            let answer = call(&mut state, "PUT", &route, &body);
            assert_eq!(
                (answer.status, code(&answer)),
                (400, expected.to_owned()),
                "{body}"
            );
        }
        let shown = details(&mut state, id);
        assert!(
            shown.get("technical_contact").is_none(),
            "nothing changed: {shown}"
        );
        assert_eq!(shown["organization_contact"]["job_title"], "CTO");
        let missing = call(
            &mut state,
            "PUT",
            "organization/4242/contact",
            r#"{"contacts": []}"#,
        );
        assert_eq!(missing.status, 404);
    }

    #[test]
    fn submitted_validations_are_pending_and_listed() {
        let mut state = state();
        let id = organization(&mut state, "Acme");
        let route = format!("organization/{id}/validation");
        let none = call(&mut state, "GET", &route, "");
        assert_eq!((none.status, json_of(&none)), (200, json!({})));
        let body = json!({"validations": [{"type": "ov"}, {"type": "EV", "verified_users": [
            {"id": ADMIN_USER_ID},
            {"first_name": "Jill", "last_name": "Valentine", "job_title": "CTO",
             "telephone": "555-555-5555", "email": "jill@example.com"}]}]});
        let answer = call(&mut state, "POST", &route, &body.to_string());
        assert_eq!((answer.status, answer.body.len()), (204, 0));
        let listed = json_of(&call(&mut state, "GET", &route, ""));
        let validations = listed["validations"].as_array().unwrap();
        assert_eq!(validations.len(), 2);
        assert_eq!(
            (
                validations[0]["type"].as_str(),
                validations[0]["status"].as_str()
            ),
            (Some("ov"), Some("pending"))
        );
        assert!(
            validations[0].get("date_created").is_none(),
            "pending: no dates"
        );
        let users = validations[1]["verified_users"].as_array().unwrap();
        assert_eq!(
            users[0],
            json!({"id": ADMIN_USER_ID, "first_name": "Emulated", "last_name": "Administrator"})
        );
        assert_eq!(users[1]["first_name"], "Jill");
        assert!(users[1]["id"].as_i64().unwrap() > 0);
        // The organization list shows them with include_validation.
        let orgs = json_of(&call(
            &mut state,
            "GET",
            "organization?include_validation=true",
            "",
        ));
        assert_eq!(
            orgs["organizations"][0]["validations"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
        // Submitting a type again replaces that type's submission.
        call(
            &mut state,
            "POST",
            &route,
            r#"{"validations": [{"type": "ov"}]}"#,
        );
        let listed = json_of(&call(&mut state, "GET", &route, ""));
        assert_eq!(listed["validations"].as_array().unwrap().len(), 2);
        state.options.documented_empty_lists = true;
        let other = organization(&mut state, "Other");
        let none = json_of(&call(
            &mut state,
            "GET",
            &format!("organization/{other}/validation"),
            "",
        ));
        assert_eq!(none, json!({"validations": []}));
    }

    #[test]
    fn validation_requests_follow_the_documented_rules() {
        let mut state = state();
        let id = organization(&mut state, "Acme");
        let route = format!("organization/{id}/validation");
        let cases = [
            (r#"{"validations": []}"#, "missing_field|validations"),
            (
                r#"{"validations": [{"type": "xv"}]}"#,
                "invalid_value|validations[0].type",
            ),
            (
                r#"{"validations": [{"type": "ev"}]}"#,
                "missing_field|validations[0].verified_users",
            ),
            (
                r#"{"validations": [{"type": "cs", "verified_users": [{"id": 4242}]}]}"#,
                "invalid_user|validations[0].verified_users[0].id",
            ),
            (
                r#"{"validations": [{"type": "ev", "verified_users": [{"first_name": "J", "last_name": "V", "job_title": "CTO", "email": "j@example.com"}]}]}"#,
                "missing_field|validations[0].verified_users[0].telephone",
            ),
            (
                r#"{"validations": [{"type": "ov"}, {"type": "ev"}]}"#,
                "missing_field|validations[1].verified_users",
            ),
        ];
        for (body, expected) in cases {
            let answer = call(&mut state, "POST", &route, body);
            assert_eq!(
                (answer.status, code(&answer)),
                (400, expected.to_owned()),
                "{body}"
            );
        }
        let none = json_of(&call(&mut state, "GET", &route, ""));
        assert!(
            none.get("validations").is_none(),
            "nothing submitted: {none}"
        );
        assert_eq!(
            call(
                &mut state,
                "POST",
                "organization/4242/validation",
                r#"{"validations": [{"type": "ov"}]}"#
            )
            .status,
            404
        );
        assert_eq!(
            call(&mut state, "GET", "organization/4242/validation", "").status,
            404
        );
    }
}
