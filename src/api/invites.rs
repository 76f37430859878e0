//! Subaccount invites: `POST account/subaccount/invite` and `GET account/subaccount/invite`.

use serde::{Deserialize, Serialize};

use ureq::http::Method;

use super::pages::{ListQuery, Pages};
use crate::client::{Client, Policy};
use crate::decode::lenient;
use crate::decode::raw::record;
use crate::decode::{Listed, Page, RawJson};
use crate::error::Result;
use crate::http::query;
use crate::validate::{
    broken, email, first, optional_max_chars, page_limit, required, validate, Checked, Found, Rule,
    Rules, Violation, INVITE_STATUSES, MAX_QUERY_VALUE_CHARS,
};

/// Body of `POST account/subaccount/invite`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendInviteRequest {
    /// Addresses that receive the invitation; one invite per address.
    #[serde(default)]
    pub emails: Vec<String>,
    /// Type of subaccount to create. Allowed values depend on the account's settings.
    #[serde(default)]
    pub subaccount_type: String,
    /// Custom message sent with the invite.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invite_note: Option<String>,
}

impl SendInviteRequest {
    /// An invite for `emails` to open a `subaccount_type` subaccount.
    pub fn new<I, S>(emails: I, subaccount_type: impl Into<String>) -> SendInviteRequest
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        SendInviteRequest {
            emails: emails.into_iter().map(Into::into).collect(),
            subaccount_type: subaccount_type.into(),
            invite_note: None,
        }
    }

    /// Sets the custom invitation message.
    pub fn invite_note(mut self, note: impl Into<String>) -> SendInviteRequest {
        self.invite_note = Some(note.into());
        self
    }
}

/// Filters, search, sort and pagination for `GET account/subaccount/invite`.
/// Every field left `None` is omitted from the query string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListInvitesQuery {
    /// `filters[email]`: exact email address.
    pub email: Option<String>,
    /// `filters[subaccount_type]`.
    pub subaccount_type: Option<String>,
    /// `filters[status]`: `pending`, `accepted`, `expired`, `cancelled` (or `canceled`).
    pub status: Option<String>,
    /// `filters[date_created]`, format `yyyy-MM-dd HH:mm:ss`.
    pub date_created: Option<String>,
    /// `filters[last_sent_date]`, format `yyyy-MM-dd HH:mm:ss`.
    pub last_sent_date: Option<String>,
    /// `filters[search]`: an exact email, or with a leading `%` a "contains" search.
    pub search: Option<String>,
    /// `sort`: comma-separated properties, each with an optional leading `-` for descending.
    pub sort: Option<String>,
    /// `offset`: index of the first result.
    pub offset: Option<u32>,
    /// `limit`: page size, 1 to 1000.
    pub limit: Option<u32>,
}

/// The wire names of the string parameters, in the order they are sent.
const STRING_PARAMS: [&str; 7] = [
    "filters[email]",
    "filters[subaccount_type]",
    "filters[status]",
    "filters[date_created]",
    "filters[last_sent_date]",
    "filters[search]",
    "sort",
];

impl ListInvitesQuery {
    fn string_fields(&self) -> [&Option<String>; 7] {
        [
            &self.email,
            &self.subaccount_type,
            &self.status,
            &self.date_created,
            &self.last_sent_date,
            &self.search,
            &self.sort,
        ]
    }

    fn string_fields_mut(&mut self) -> [&mut Option<String>; 7] {
        [
            &mut self.email,
            &mut self.subaccount_type,
            &mut self.status,
            &mut self.date_created,
            &mut self.last_sent_date,
            &mut self.search,
            &mut self.sort,
        ]
    }

    /// The percent-encoded query string, without the leading `?`; empty when nothing is set.
    pub fn to_query_string(&self) -> String {
        let offset = self.offset.map(|n| n.to_string());
        let limit = self.limit.map(|n| n.to_string());
        let strings = STRING_PARAMS.iter().zip(self.string_fields());
        let numbers = [("offset", &offset), ("limit", &limit)];
        let pairs = strings
            .map(|(name, value)| (*name, value))
            .chain(numbers)
            .filter_map(|(name, value)| value.as_deref().map(|v| (name, v)));
        query::encode(pairs)
    }

    /// Parses a query string as the server would. `Err` names the parameter and the rule.
    pub fn from_query_string(raw: &str) -> Result<ListInvitesQuery, (String, String)> {
        let mut parsed = ListInvitesQuery::default();
        for (name, value) in query::decode(raw) {
            if let Some(i) = STRING_PARAMS.iter().position(|p| *p == name) {
                *parsed.string_fields_mut()[i] = Some(value);
            } else if name == "offset" || name == "limit" {
                let number = value
                    .parse::<u32>()
                    .map_err(|_| (name.clone(), "must be a non-negative integer".to_owned()))?;
                let slot = if name == "offset" {
                    &mut parsed.offset
                } else {
                    &mut parsed.limit
                };
                *slot = Some(number);
            } else if name.starts_with("filters[") {
                return Err((
                    name,
                    "is not a supported filter (email, subaccount_type, status, date_created, \
                     last_sent_date, search)"
                        .to_owned(),
                ));
            }
        }
        Ok(parsed)
    }
}

/// One subaccount invite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Invite {
    /// Invitation ID.
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    /// Address the invitation was sent to.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub email: Option<String>,
    /// The subaccount type offered.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub subaccount_type: Option<String>,
    /// Custom invitation message.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub invite_note: Option<String>,
    /// When the invite was first sent, `yyyy-MM-dd HH:mm:ss` (no time zone).
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub date_created: Option<String>,
    /// When the invite was last resent, `yyyy-MM-dd HH:mm:ss` (no time zone).
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub last_sent_date: Option<String>,
    /// `pending`, `accepted`, `expired`, `canceled` or `cancelled` (any other value is kept).
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub status: Option<String>,
    /// The invite as the server sent it, unknown fields included (see [`RawJson`]).
    #[serde(skip)]
    pub raw: RawJson,
}

record!(Invite);

impl Listed for Invite {
    const ARRAY: &'static [&'static str] = &["subaccount_invites"];
    fn record_id(&self) -> i64 {
        self.id
    }
}

/// One page of invites (`GET account/subaccount/invite`).
pub type InvitePage = Page<Invite>;

impl ListQuery for ListInvitesQuery {
    type Item = Invite;
    fn offset(&self) -> Option<u32> {
        self.offset
    }
    fn limit(&self) -> Option<u32> {
        self.limit
    }
    fn at(&self, offset: u32, limit: u32) -> ListInvitesQuery {
        ListInvitesQuery {
            offset: Some(offset),
            limit: Some(limit),
            ..self.clone()
        }
    }
    fn fetch(&self, client: &Client) -> Result<InvitePage> {
        client.list_invites(self)
    }
}

impl Rules for SendInviteRequest {
    fn check(&self) -> Checked {
        first(self.violations())
    }

    fn violations(&self) -> Vec<Violation> {
        let mut found = Found::default();
        if self.emails.is_empty() {
            found.add(broken("emails", Rule::NonEmptyList));
        }
        for (i, address) in self.emails.iter().enumerate() {
            found.add(email(&format!("emails[{i}]"), address));
        }
        found.add(required("subaccount_type", &self.subaccount_type));
        found.0
    }
}

impl Rules for ListInvitesQuery {
    fn check(&self) -> Checked {
        let texts = [
            ("email", &self.email),
            ("subaccount_type", &self.subaccount_type),
            ("status", &self.status),
            ("date_created", &self.date_created),
            ("last_sent_date", &self.last_sent_date),
            ("search", &self.search),
            ("sort", &self.sort),
        ];
        for (field, value) in texts {
            optional_max_chars(field, value, MAX_QUERY_VALUE_CHARS)?;
        }
        if let Some(status) = &self.status {
            if !INVITE_STATUSES.contains(&status.to_ascii_lowercase().as_str()) {
                let rule = Rule::OneOfWords {
                    allowed: &INVITE_STATUSES,
                    got: status.clone(),
                };
                return broken("status", rule);
            }
        }
        page_limit(self.limit)
    }
}

/// Every invite matching a query, page by page (see [`Client::invites`]).
pub type Invites = Pages<ListInvitesQuery>;

impl Client {
    /// `POST account/subaccount/invite`: invites each address to open a subaccount.
    pub fn send_invite(&self, request: &SendInviteRequest) -> Result<()> {
        // The documented answer is 201 with an empty body; nothing in it is needed.
        let path = "account/subaccount/invite";
        self.write_ignoring_answer(Method::POST, path, request, Policy::CREATE)
    }

    /// `GET account/subaccount/invite`: one page of invites.
    pub fn list_invites(&self, query: &ListInvitesQuery) -> Result<InvitePage> {
        validate(query)?;
        self.read("account/subaccount/invite", &query.to_query_string())
    }

    /// Every invite matching `query`, fetched page by page as the iterator advances.
    /// `query.limit` sets the page size (default 1000); `query.offset` where to start. The query
    /// is checked now; no request is sent until the first `next`.
    pub fn invites(&self, query: ListInvitesQuery) -> Result<Invites> {
        validate(&query)?;
        Ok(Pages::new(self.clone(), query))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_string_encodes_every_parameter() {
        let query = ListInvitesQuery {
            email: Some("a+b@x.com".into()),
            subaccount_type: Some("reseller".into()),
            status: Some("pending".into()),
            date_created: Some("2019-01-14 11:17:38".into()),
            last_sent_date: Some("2019-01-15".into()),
            search: Some("%gmail".into()),
            sort: Some("-date_created,email".into()),
            offset: Some(10),
            limit: Some(5),
        };
        let qs = query.to_query_string();
        assert_eq!(
            qs,
            "filters%5Bemail%5D=a%2Bb%40x.com&filters%5Bsubaccount_type%5D=reseller\
             &filters%5Bstatus%5D=pending&filters%5Bdate_created%5D=2019-01-14%2011%3A17%3A38\
             &filters%5Blast_sent_date%5D=2019-01-15&filters%5Bsearch%5D=%25gmail\
             &sort=-date_created%2Cemail&offset=10&limit=5"
        );
        assert_eq!(ListInvitesQuery::from_query_string(&qs), Ok(query));
        assert_eq!(ListInvitesQuery::default().to_query_string(), "");
    }

    #[test]
    fn a_value_cannot_inject_a_parameter() {
        let query = ListInvitesQuery {
            email: Some("x@y.com&limit=1".into()),
            ..Default::default()
        };
        let parsed = ListInvitesQuery::from_query_string(&query.to_query_string()).unwrap();
        assert_eq!(parsed.email.as_deref(), Some("x@y.com&limit=1"));
        assert_eq!(parsed.limit, None);
    }

    #[test]
    fn server_side_parsing_rejects_unknown_filters_and_bad_numbers() {
        let err = ListInvitesQuery::from_query_string("filters[colour]=red").unwrap_err();
        assert_eq!(err.0, "filters[colour]");
        let err = ListInvitesQuery::from_query_string("limit=ten").unwrap_err();
        assert_eq!(err.0, "limit");
        // The docs' own unencoded form is understood too.
        let parsed = ListInvitesQuery::from_query_string("filters[search]=%gmail").unwrap();
        assert_eq!(parsed.search.as_deref(), Some("%gmail"));
    }

    #[test]
    fn send_invite_omits_unset_note() {
        let req = SendInviteRequest::new(["a@example.com"], "retail");
        assert_eq!(
            serde_json::to_string(&req).unwrap(),
            r#"{"emails":["a@example.com"],"subaccount_type":"retail"}"#
        );
        let req = req.invite_note("hi");
        assert_eq!(
            serde_json::to_string(&req).unwrap(),
            r#"{"emails":["a@example.com"],"subaccount_type":"retail","invite_note":"hi"}"#
        );
    }
}
