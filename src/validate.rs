//! Client-side checks of the rules the API pages state as hard rules: the rules, the limits, and
//! the checks each request type's [`Rules`] (beside the type, in its resource's module) are made of.
//!
//! The client runs them before sending, so a request that breaks one is never sent; the emulator
//! runs the same checks to answer as the server does. Subaccount types are not checked: the pages
//! contradict each other, and the allowed values depend on the account's settings.

use std::fmt;

use crate::error::Error;

/// The most characters of a first or last name (documented for `POST user`; checked for every
/// person in a request).
pub const MAX_NAME_CHARS: usize = 128;
/// The most characters of an email address.
pub const MAX_EMAIL_CHARS: usize = 255;
/// The most characters of a user's `job_title` (documented for `POST user`).
pub const MAX_JOB_TITLE_CHARS: usize = 64;
/// The most characters of a user's `telephone` (documented for `POST user`).
pub const MAX_TELEPHONE_CHARS: usize = 64;
/// The most characters of a subaccount's `child_name` (newer docs).
pub const MAX_CHILD_NAME_CHARS: usize = 64;
/// The invite statuses `filters[status]` takes: both spellings of cancelled appear in the docs.
pub const INVITE_STATUSES: [&str; 5] = ["pending", "accepted", "expired", "cancelled", "canceled"];
/// The longest value of a query parameter: servers refuse request lines beyond about 8 KiB, and
/// a longer value is better named here than reported as a broken URL.
pub const MAX_QUERY_VALUE_CHARS: usize = 2048;
/// The largest `limit` the list endpoints accept.
pub const MAX_PAGE_SIZE: u32 = 1000;
/// API key roles (`restricted_to_role_id`), from the glossary: 0 none, 100 orders, 101 orders,
/// domains and organizations, 102 view only, 103 user management.
pub const API_KEY_ROLES: [i64; 5] = [0, 100, 101, 102, 103];
/// The validation types `POST organization/{id}/validation` takes.
pub const VALIDATION_TYPES: [&str; 6] = ["ov", "ev", "cs", "ev_cs", "ds", "smime"];
/// The validation types that need `verified_users` (the pt-br copy of the page; the example
/// sends `ov` without them).
pub const VALIDATION_TYPES_WITH_VERIFIED_USERS: [&str; 3] = ["ev", "cs", "ev_cs"];
/// The API key statuses `PUT key/{key_id}/status` takes.
pub const API_KEY_STATUSES: [&str; 2] = ["active", "revoked"];

/// Which documented rule a value breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// Not empty or whitespace only.
    Required,
    /// At most `max` characters.
    MaxChars {
        /// The limit.
        max: usize,
        /// The value's length in characters.
        got: usize,
    },
    /// A username: only a-z, A-Z, 0-9 and `@ - _ + .`.
    UsernameCharacters {
        /// The first character not allowed.
        found: char,
    },
    /// A valid email address (see [`is_email`]).
    Email,
    /// A list with at least one entry.
    NonEmptyList,
    /// A number in `min..=max`.
    Range {
        /// The smallest allowed value.
        min: i64,
        /// The largest allowed value.
        max: i64,
        /// The value given.
        got: i64,
    },
    /// A number of at least `min`.
    AtLeast {
        /// The smallest allowed value.
        min: i64,
        /// The value given.
        got: i64,
    },
    /// An ID: greater than zero.
    PositiveId {
        /// The value given.
        got: i64,
    },
    /// One of a documented set of numbers (e.g. [`API_KEY_ROLES`]).
    OneOf {
        /// The allowed values.
        allowed: &'static [i64],
        /// The value given.
        got: i64,
    },
    /// `true` (a service user's `is_api_only`).
    MustBeTrue,
    /// One of a documented set of words.
    OneOfWords {
        /// The allowed words.
        allowed: &'static [&'static str],
        /// The value given.
        got: String,
    },
    /// Text with a NUL character, which no field can hold.
    NoNul,
    /// A filter name: letters, digits and `_`, and not `search` (that is its own parameter).
    FilterName,
    /// An update that names at least one of these fields to change.
    SomethingToChange {
        /// The fields it may change.
        fields: &'static [&'static str],
    },
}

impl Rule {
    /// The error-code category the emulator answers with, in the API's `category|field` style.
    pub fn code(&self) -> &'static str {
        match self {
            Rule::Required | Rule::NonEmptyList => "missing_field",
            Rule::MaxChars { .. } => "invalid_length",
            Rule::UsernameCharacters { .. } => "invalid_username",
            Rule::Email => "invalid_email",
            Rule::Range { .. }
            | Rule::AtLeast { .. }
            | Rule::PositiveId { .. }
            | Rule::OneOf { .. }
            | Rule::MustBeTrue
            | Rule::OneOfWords { .. }
            | Rule::NoNul
            | Rule::FilterName => "invalid_value",
            Rule::SomethingToChange { .. } => "missing_field",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Required => f.write_str("is required and must not be blank"),
            Rule::MaxChars { max, got } => {
                write!(f, "must be at most {max} characters (got {got})")
            }
            Rule::UsernameCharacters { found } => write!(
                f,
                "may contain only a-z, A-Z, 0-9 and @ - _ + . (found {found:?})"
            ),
            Rule::Email => f.write_str("must be a valid email address"),
            Rule::NonEmptyList => f.write_str("must contain at least one entry"),
            Rule::Range { min, max, got } => {
                write!(f, "must be between {min} and {max} (got {got})")
            }
            Rule::AtLeast { min, got } => write!(f, "must be at least {min} (got {got})"),
            Rule::PositiveId { got } => write!(f, "must be a positive ID (got {got})"),
            Rule::OneOf { allowed, got } => {
                let allowed: Vec<String> = allowed.iter().map(i64::to_string).collect();
                write!(f, "must be one of {} (got {got})", allowed.join(", "))
            }
            Rule::MustBeTrue => f.write_str("must be true"),
            Rule::OneOfWords { allowed, got } => {
                write!(f, "must be one of {} (got {got:?})", allowed.join(", "))
            }
            Rule::NoNul => f.write_str("must not contain a NUL character"),
            Rule::FilterName => f.write_str(
                "must name a property with letters, digits and _ (the search is `search`)",
            ),
            Rule::SomethingToChange { fields } => {
                write!(
                    f,
                    "must name at least one of {} to change",
                    fields.join(", ")
                )
            }
        }
    }
}

/// A broken rule and the field (as a JSON path, e.g. `user.email`) that breaks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The field as a JSON path, e.g. `user.email` or `emails[0]`.
    pub field: String,
    /// The rule it breaks.
    pub rule: Rule,
}

impl From<Violation> for Error {
    fn from(v: Violation) -> Error {
        Error::validation(v.field, v.rule.to_string())
    }
}

pub(crate) type Checked = Result<(), Violation>;

pub(crate) fn broken(field: &str, rule: Rule) -> Checked {
    Err(Violation {
        field: field.to_owned(),
        rule,
    })
}

pub(crate) fn required(field: &str, value: &str) -> Checked {
    if value.trim().is_empty() {
        return broken(field, Rule::Required);
    }
    Ok(())
}

pub(crate) fn max_chars(field: &str, value: &str, max: usize) -> Checked {
    let got = value.chars().count();
    if got > max {
        return broken(field, Rule::MaxChars { max, got });
    }
    Ok(())
}

pub(crate) fn optional_max_chars(field: &str, value: &Option<String>, max: usize) -> Checked {
    value
        .as_deref()
        .map_or(Ok(()), |v| max_chars(field, v, max))
}

pub(crate) fn username(field: &str, value: &str) -> Checked {
    required(field, value)?;
    let allowed = |c: char| c.is_ascii_alphanumeric() || "@-_+.".contains(c);
    if let Some(found) = value.chars().find(|c| !allowed(*c)) {
        return broken(field, Rule::UsernameCharacters { found });
    }
    Ok(())
}

pub(crate) fn positive_id(field: &str, id: i64) -> Checked {
    if id <= 0 {
        return broken(field, Rule::PositiveId { got: id });
    }
    Ok(())
}

/// Each id positive; the first that is not is named by its place (`field[i]`).
pub(crate) fn positive_ids(field: &str, ids: &[i64]) -> Checked {
    for (i, id) in ids.iter().enumerate() {
        positive_id(&format!("{field}[{i}]"), *id)?;
    }
    Ok(())
}

/// A required email address: present, at most 255 characters, and of valid syntax.
pub(crate) fn email(field: &str, value: &str) -> Checked {
    required(field, value)?;
    max_chars(field, value, MAX_EMAIL_CHARS)?;
    if !is_email(value) {
        return broken(field, Rule::Email);
    }
    Ok(())
}

/// Pragmatic address syntax (RFC 5321 dot-atom forms, internationalized letters allowed):
/// one `@`, a local part of at most 64 characters without empty dot-separated atoms, and a domain
/// of at least two labels of letters, digits and inner hyphens.
pub fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.rsplit_once('@') else {
        return false;
    };
    let atext = |c: char| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c);
    let local_ok = !local.is_empty()
        && local.chars().count() <= 64
        && local
            .split('.')
            .all(|atom| !atom.is_empty() && atom.chars().all(atext));
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.chars().count() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    let labels: Vec<&str> = domain.split('.').collect();
    let tld_ok = labels
        .last()
        .is_some_and(|tld| !tld.chars().all(|c| c.is_ascii_digit()));
    local_ok && labels.len() >= 2 && labels.iter().all(|l| label_ok(l)) && tld_ok
}

/// The rules the server applies to each request type.
pub trait Rules {
    /// The first rule the value breaks, if any.
    fn check(&self) -> Result<(), Violation>;

    /// Every rule the value breaks, at most one per field, in the order `check` looks at them
    /// (so the first is the one `check` reports). Only the creation requests list more than one.
    fn violations(&self) -> Vec<Violation> {
        self.check().err().into_iter().collect()
    }
}

/// The broken rules found so far: each field's checks stop at its first, the fields go on.
#[derive(Default)]
pub(crate) struct Found(pub(crate) Vec<Violation>);

impl Found {
    pub(crate) fn add(&mut self, checked: Checked) {
        if let Err(violation) = checked {
            self.0.push(violation);
        }
    }
}

/// `check` of a type whose rules are listed by `violations`.
pub(crate) fn first(violations: Vec<Violation>) -> Checked {
    violations.into_iter().next().map_or(Ok(()), Err)
}

/// Every list's `limit`: 1 to [`MAX_PAGE_SIZE`] (the invites page documents the maximum; the
/// other lists are held to the same rule rather than sending a page size the API may refuse).
pub(crate) fn page_limit(limit: Option<u32>) -> Checked {
    match limit {
        Some(limit) if !(1..=MAX_PAGE_SIZE).contains(&limit) => broken(
            "limit",
            Rule::Range {
                min: 1,
                max: MAX_PAGE_SIZE.into(),
                got: limit.into(),
            },
        ),
        _ => Ok(()),
    }
}

pub(crate) fn person_names(found: &mut Found, prefix: &str, first: &str, last: &str) {
    for (name, value) in [("first_name", first), ("last_name", last)] {
        let field = format!("{prefix}{name}");
        found.add(required(&field, value).and_then(|()| max_chars(&field, value, MAX_NAME_CHARS)));
    }
}

pub(crate) fn job_title_and_telephone(
    found: &mut Found,
    prefix: &str,
    job: &Option<String>,
    phone: &Option<String>,
) {
    let job_field = format!("{prefix}job_title");
    found.add(optional_max_chars(&job_field, job, MAX_JOB_TITLE_CHARS));
    let phone_field = format!("{prefix}telephone");
    found.add(optional_max_chars(&phone_field, phone, MAX_TELEPHONE_CHARS));
}

/// A count given as any integer (Python's ints, say) that must lie in `min..=max`: anything
/// else breaks the same documented rule whatever its sign or size.
pub fn checked_count(field: &str, value: i64, min: u32, max: u32) -> Result<u32, Error> {
    match u32::try_from(value) {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => {
            let rule = if max == u32::MAX {
                Rule::AtLeast {
                    min: min.into(),
                    got: value,
                }
            } else {
                Rule::Range {
                    min: min.into(),
                    max: max.into(),
                    got: value,
                }
            };
            Err(broken(field, rule).unwrap_err().into())
        }
    }
}

/// Runs the checks and turns the first broken rule into [`Error::Validation`].
pub fn validate(request: &impl Rules) -> Result<(), Error> {
    request.check().map_err(Error::from)
}

/// The first string in a request body that holds a NUL, as a JSON path (e.g. `user.email`):
/// no field of the API can hold one, and C would cut the text there.
pub(crate) fn nul_in(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(text) => text.contains('\0').then(String::new),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| nul_in(item).map(|rest| format!("[{i}]{rest}"))),
        serde_json::Value::Object(map) => map
            .iter()
            .find_map(|(key, item)| nul_in(item).map(|rest| format!(".{key}{rest}"))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::*;

    #[test]
    fn email_syntax() {
        for good in [
            "a@b.co",
            "jill.valentine@pd.racoon-city.gov",
            "x+tag@example.com",
            "o'neil@example.ie",
            "josé@exämple.de",
        ] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "",
            "plain",
            "@example.com",
            "a@",
            "a@b",
            "a@@b.com",
            "a b@c.com",
            "a@b..com",
            ".a@b.com",
            "a.@b.com",
            "a@-b.com",
            "a@b.123",
            "a@b.com\r\nBcc: x@y.z",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn violations_list_every_field_and_check_reports_the_first() {
        let mut req = AddUserRequest::new("bad name", "", "V", "not-an-email", []);
        req.job_title = Some("x".repeat(65));
        let fields: Vec<String> = req.violations().into_iter().map(|v| v.field).collect();
        assert_eq!(
            fields,
            [
                "username",
                "first_name",
                "email",
                "job_title",
                "access_roles"
            ]
        );
        assert_eq!(req.check().unwrap_err().field, "username");
        let ok = AddUserRequest::new("ada", "Ada", "L", "ada@example.com", [5]);
        assert!(ok.violations().is_empty() && ok.check().is_ok());
    }

    #[test]
    fn messages_name_field_and_rule() {
        let req = AddUserRequest::new("bad name", "J", "V", "j@v.com", [5]);
        let err = validate(&req).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid request: `username` may contain only a-z, A-Z, 0-9 and @ - _ + . \
             (found ' ') (nothing was sent)"
        );
    }
}
