//! Subaccounts: `POST account`, `GET account/subaccount`, `GET account/subaccount/{id}`.

use serde::{Deserialize, Serialize};

use std::sync::Arc;

use serde_json::value::RawValue;

use ureq::http::Method;

use super::list::ListParams;
use super::organizations::Organization;
use super::pages::{list_query, Pages};
use super::users::User;
use crate::client::{path_id, Client, Policy};
use crate::decode::lenient;
use crate::decode::raw::record;
use crate::decode::{Listed, Page, RawBody, RawJson, Response};
use crate::error::Result;
use crate::secret::Secret;
use crate::validate::{
    broken, email, first, job_title_and_telephone, optional_max_chars, person_names, positive_id,
    required, username, validate, Checked, Found, Rule, Rules, Violation, MAX_CHILD_NAME_CHARS,
};

/// Body of `POST account`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateSubaccountRequest {
    /// Type of subaccount to create (e.g. `retail`, `enterprise`, `reseller`, `managed`;
    /// the allowed values depend on the account's settings).
    #[serde(default)]
    pub account_type: String,
    /// Account types that may be created under the new subaccount.
    #[serde(default)]
    pub allowed_grandchildren: Vec<String>,
    /// ID of an existing user who will manage the subaccount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_manager_user_id: Option<i64>,
    /// Whether the parent account is billed for the subaccount's orders (server default: false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bill_parent: Option<bool>,
    /// Display name of the subaccount (newer docs; at most 64 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child_name: Option<String>,
    /// The subaccount's first user.
    #[serde(default)]
    pub user: SubaccountUserRequest,
    /// The subaccount's primary organization.
    #[serde(default)]
    pub organization: SubaccountOrganizationRequest,
}

/// `user` in [`CreateSubaccountRequest`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubaccountUserRequest {
    /// First name; required.
    #[serde(default)]
    pub first_name: String,
    /// Last name; required.
    #[serde(default)]
    pub last_name: String,
    /// Email address; required. Receives the account-creation email.
    #[serde(default)]
    pub email: String,
    /// Sign-in name; the server uses `email` when it is omitted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Job title; optional.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    /// Telephone number; optional.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
}

/// `organization` in [`CreateSubaccountRequest`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubaccountOrganizationRequest {
    /// Legal name; required.
    #[serde(default)]
    pub name: String,
    /// Public ("doing business as") name; optional.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assumed_name: Option<String>,
    /// Address; required.
    #[serde(default)]
    pub address: String,
    /// Second address line; optional.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address2: Option<String>,
    /// Postal code; required.
    #[serde(default)]
    pub zip: String,
    /// City; required.
    #[serde(default)]
    pub city: String,
    /// State; required.
    #[serde(default)]
    pub state: String,
    /// Country; required.
    #[serde(default)]
    pub country: String,
    /// Telephone number; optional.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
}

/// The subaccount the server created. For a `managed` subaccount, `api_key` holds its API key,
/// which the server shows this one time only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subaccount {
    /// Account ID of the subaccount.
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    /// The subaccount's type, e.g. `retail` or `managed`.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub account_type: Option<String>,
    /// The user who manages the subaccount.
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub account_manager_user_id: Option<i64>,
    /// Whether the parent account is billed for the subaccount's orders.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub bill_parent: Option<bool>,
    /// The subaccount's primary organization.
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub organization: Option<Organization>,
    /// The subaccount's first user.
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub user: Option<User>,
    /// The managed subaccount's API key: returned once, never retrievable again.
    #[serde(default, deserialize_with = "lenient::opt_secret")]
    pub api_key: Option<Secret>,
    /// The response exactly as the server sent it (including `api_key`).
    #[serde(skip)]
    pub raw: RawJson,
}

/// One subaccount in a list (`GET account/subaccount`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubaccountSummary {
    /// The subaccount's account ID (`account_id`).
    #[serde(rename = "account_id", deserialize_with = "lenient::int")]
    pub id: i64,
    /// The subaccount's type, e.g. `reseller`.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub account_type: Option<String>,
    /// Its primary organization's name.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub organization_name: Option<String>,
    /// When it was created, `yyyy-MM-dd HH:mm:ss`.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub date_created: Option<String>,
    /// The name of its account manager.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub account_manager: Option<String>,
    /// The subaccount as the server sent it.
    #[serde(skip)]
    pub raw: RawJson,
}

/// A subaccount's details (`GET account/subaccount/{subaccount_id}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubaccountDetails {
    /// The subaccount's account ID (`account_id`).
    #[serde(rename = "account_id", deserialize_with = "lenient::int")]
    pub id: i64,
    /// The subaccount's type.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub account_type: Option<String>,
    /// Its primary organization's name.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub organization_name: Option<String>,
    /// Friendly name; only when one was set.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub child_name: Option<String>,
    /// When it was created, `YYYY-MM-DD hh:mm:ss`.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub date_created: Option<String>,
    /// The parent account (sent as a string in the docs).
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub parent_account_id: Option<i64>,
    /// The account that is billed.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub billing_account_name: Option<String>,
    /// The billed account's ID.
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub billing_account_id: Option<i64>,
    /// The name of its account manager.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub account_manager: Option<String>,
    /// Whether the parent account is billed.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub bill_parent: Option<bool>,
    /// Whether it may only create bill-to-parent subaccounts.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub enforce_bill_parent: Option<bool>,
    /// Its first user.
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub master_user: Option<MasterUser>,
    /// Its primary organization.
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub organization: Option<Organization>,
    /// The details as the server sent them.
    #[serde(skip)]
    pub raw: RawJson,
}

/// `master_user` of [`SubaccountDetails`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MasterUser {
    /// First name.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub last_name: Option<String>,
    /// Email address.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub email: Option<String>,
    /// Job title.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub job_title: Option<String>,
    /// Telephone number.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub telephone: Option<String>,
    /// Notification language (a string in the docs).
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub i18n_language_id: Option<i64>,
    /// The user's container (a string in the docs).
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub container_id: Option<i64>,
    /// The user as the server sent it.
    #[serde(skip)]
    pub raw: RawJson,
}

record!(SubaccountSummary, SubaccountDetails, MasterUser);

impl Listed for SubaccountSummary {
    /// The examples say `subaccounts`, the table `child_accounts`: both are read.
    const ARRAY: &'static [&'static str] = &["subaccounts", "child_accounts"];
    fn record_id(&self) -> i64 {
        self.id
    }
}

/// One page of subaccounts (`GET account/subaccount`).
pub type SubaccountPage = Page<SubaccountSummary>;

/// Parameters of `GET account/subaccount`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListSubaccountsQuery {
    /// Filters, search (organization name; a leading `%` for "contains"), sort
    /// (`account_id`, `account_type`, `organization_name`, `date_created`, `account_manager`)
    /// and pagination.
    pub list: ListParams,
}

impl ListSubaccountsQuery {
    /// The percent-encoded query string.
    pub fn to_query_string(&self) -> String {
        self.list.encode(&[])
    }
}

impl Response for Subaccount {
    /// The typed pass, then a borrowing pass to find the nested objects' text for their `raw`.
    fn decode_body(body: &Arc<RawBody>) -> Result<Subaccount, serde_json::Error> {
        #[derive(Deserialize)]
        struct Parts<'a> {
            #[serde(borrow, default)]
            organization: Option<&'a RawValue>,
            #[serde(borrow, default)]
            user: Option<&'a RawValue>,
        }
        #[derive(Deserialize)]
        struct OrganizationParts<'a> {
            #[serde(borrow, default)]
            container: Option<&'a RawValue>,
        }
        let mut subaccount: Subaccount = serde_json::from_str(body.text())?;
        let parts: Parts = serde_json::from_str(body.text())?;
        if let (Some(org), Some(text)) = (&mut subaccount.organization, parts.organization) {
            org.raw = RawJson::part(body, text);
            let org_parts: OrganizationParts = serde_json::from_str(text.get())?;
            if let (Some(container), Some(text)) = (&mut org.container, org_parts.container) {
                container.raw = RawJson::part(body, text);
            }
        }
        if let (Some(user), Some(text)) = (&mut subaccount.user, parts.user) {
            user.raw = RawJson::part(body, text);
        }
        subaccount.raw = RawJson::whole(body);
        Ok(subaccount)
    }
}

impl Rules for SubaccountUserRequest {
    fn check(&self) -> Checked {
        first(self.violations())
    }

    fn violations(&self) -> Vec<Violation> {
        let mut found = Found::default();
        person_names(&mut found, "user.", &self.first_name, &self.last_name);
        found.add(email("user.email", &self.email));
        if let Some(name) = &self.username {
            found.add(username("user.username", name));
        }
        job_title_and_telephone(&mut found, "user.", &self.job_title, &self.telephone);
        found.0
    }
}

impl Rules for SubaccountOrganizationRequest {
    fn check(&self) -> Checked {
        first(self.violations())
    }

    fn violations(&self) -> Vec<Violation> {
        let fields = [
            ("organization.name", &self.name),
            ("organization.address", &self.address),
            ("organization.zip", &self.zip),
            ("organization.city", &self.city),
            ("organization.state", &self.state),
            ("organization.country", &self.country),
        ];
        let mut found = Found::default();
        for (field, value) in fields {
            found.add(required(field, value));
        }
        found.0
    }
}

impl Rules for CreateSubaccountRequest {
    fn check(&self) -> Checked {
        first(self.violations())
    }

    fn violations(&self) -> Vec<Violation> {
        let mut found = Found::default();
        found.add(required("account_type", &self.account_type));
        for (i, kind) in self.allowed_grandchildren.iter().enumerate() {
            found.add(required(&format!("allowed_grandchildren[{i}]"), kind));
        }
        if let Some(id) = self.account_manager_user_id {
            found.add(positive_id("account_manager_user_id", id));
        }
        found.add(optional_max_chars(
            "child_name",
            &self.child_name,
            MAX_CHILD_NAME_CHARS,
        ));
        found.0.extend(self.user.violations());
        found.0.extend(self.organization.violations());
        found.0
    }
}

impl Rules for ListSubaccountsQuery {
    fn check(&self) -> Checked {
        self.list.check()
    }
}

list_query!(ListSubaccountsQuery => SubaccountSummary, list_subaccounts);

/// The changes `update_subaccount` makes (`PUT account/subaccount/{subaccount_id}`): only the
/// settings given are sent; the server keeps the others (leaving out the account manager does
/// not remove it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateSubaccountRequest {
    /// The user who manages the subaccount (an existing user).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_manager_user_id: Option<i64>,
    /// Bill the parent account for all the subaccount's orders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bill_parent: Option<bool>,
    /// A name the parent sees, at most 64 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child_name: Option<String>,
}

impl Rules for UpdateSubaccountRequest {
    fn check(&self) -> Checked {
        first(self.violations())
    }

    fn violations(&self) -> Vec<Violation> {
        let mut found = Found::default();
        let given = [
            self.account_manager_user_id.is_some(),
            self.bill_parent.is_some(),
            self.child_name.is_some(),
        ];
        if !given.contains(&true) {
            let rule = Rule::SomethingToChange {
                fields: &["account_manager_user_id", "bill_parent", "child_name"],
            };
            found.add(broken("request", rule));
        }
        if let Some(id) = self.account_manager_user_id {
            found.add(positive_id("account_manager_user_id", id));
        }
        found.add(optional_max_chars(
            "child_name",
            &self.child_name,
            MAX_CHILD_NAME_CHARS,
        ));
        found.0
    }
}

impl Client {
    /// `POST account`: creates a subaccount. For a `managed` subaccount, the result's `api_key`
    /// is shown this one time only; if the answer cannot be read, the key is still in the
    /// error (see [`crate::Error::one_time_key`]).
    pub fn create_subaccount(&self, request: &CreateSubaccountRequest) -> Result<Subaccount> {
        self.write(
            Method::POST,
            "account",
            request,
            Policy::CREATE_ONE_TIME_KEY,
        )
    }

    /// `GET account/subaccount`: one page of the account's subaccounts.
    pub fn list_subaccounts(&self, query: &ListSubaccountsQuery) -> Result<SubaccountPage> {
        validate(query)?;
        self.read("account/subaccount", &query.to_query_string())
    }

    /// Every subaccount matching `query`, page by page.
    pub fn subaccounts(&self, query: ListSubaccountsQuery) -> Result<Pages<ListSubaccountsQuery>> {
        validate(&query)?;
        Ok(Pages::new(self.clone(), query))
    }

    /// `GET account/subaccount/{subaccount_id}`: one subaccount's details.
    pub fn get_subaccount(&self, subaccount_id: i64) -> Result<SubaccountDetails> {
        let id = path_id("subaccount_id", subaccount_id)?;
        self.read(&format!("account/subaccount/{id}"), "")
    }

    /// `PUT account/subaccount/{subaccount_id}`: changes the settings `changes` names; the
    /// server keeps the others. Retried as a read is.
    pub fn update_subaccount(
        &self,
        subaccount_id: i64,
        changes: &UpdateSubaccountRequest,
    ) -> Result<()> {
        let id = path_id("subaccount_id", subaccount_id)?;
        let path = format!("account/subaccount/{id}");
        self.write_ignoring_answer(Method::PUT, &path, changes, Policy::UPDATE)
    }
}
