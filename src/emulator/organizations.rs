//! Organizations: `POST organization` (with the duplicate check), `GET organization` and
//! `GET organization/{organization_id}`.

use serde_json::{json, Value};

use super::listing::{self, without_nulls, Match, Row, Spec};
use super::routes::{conflict, not_found, parse, Answer, Handled, Route};
use super::state::{
    ContactRecord, OrganizationRecord, State, CONTACT_ID_BASE, ORGANIZATION_ID_BASE,
    ROOT_CONTAINER_ID,
};
use super::DuplicateOrganizations;
use crate::api::CreateOrganizationRequest;

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
            // Emulated organizations have no validations yet.
            answer["validations"] = json!([]);
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
