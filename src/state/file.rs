//! The state file: what the account should hold, read from TOML (or JSON of the same shape) and
//! checked in full before anything is read or sent. Every problem is reported at once, with its
//! line (TOML) and key (`user[2].email`).

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::validate::{VALIDATION_TYPES, VALIDATION_TYPES_WITH_VERIFIED_USERS};

/// A role by its name (looked up in the account's roles) or its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RoleName {
    /// An id.
    Id(i64),
    /// A name, compared without regard to case.
    Name(String),
}

impl fmt::Display for RoleName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RoleName::Id(id) => write!(f, "{id}"),
            RoleName::Name(name) => f.write_str(name),
        }
    }
}

/// `[[division]]`: a division (container) under the account's root division or under `parent`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Division {
    /// Its name; with `parent`, the natural key.
    pub name: String,
    /// The division it is under, by name; none: the account's root division.
    pub parent: Option<String>,
    /// A description, used when it is created.
    pub description: Option<String>,
    /// The template it is created with; default: its parent's.
    pub template_id: Option<i64>,
}

/// `[[user]]`: a standard user. Fields left out are not managed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// The natural key.
    pub username: String,
    /// Email address.
    pub email: Option<String>,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Job title.
    pub job_title: Option<String>,
    /// Telephone.
    pub telephone: Option<String>,
    /// The whole set of access roles.
    pub roles: Option<Vec<RoleName>>,
    /// The whole list of divisions the user is restricted to, by name (empty: unrestricted).
    pub divisions: Option<Vec<String>>,
}

/// `[[service_user]]`: a service user and its API key, found by the key's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceUser {
    /// The natural key: the name of its API key.
    pub api_name: String,
    /// Email address.
    pub email: Option<String>,
    /// The API key role the key is restricted to (set when created).
    pub role: Option<RoleName>,
}

/// `contact = { … }` of an organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email address.
    pub email: String,
    /// Telephone.
    pub telephone: String,
    /// Job title.
    pub job_title: Option<String>,
    /// Telephone extension.
    pub telephone_extension: Option<String>,
}

/// `[[organization]]`: an organization, found as the duplicate check matches it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    /// Legal name (natural key).
    pub name: String,
    /// Address (natural key).
    pub address: String,
    /// City (natural key).
    pub city: String,
    /// State (natural key).
    pub state: String,
    /// Postal code (natural key).
    pub zip: String,
    /// Country, e.g. `us` (natural key).
    pub country: String,
    /// Second address line (used when created).
    pub address2: Option<String>,
    /// Assumed name (used when created).
    pub assumed_name: Option<String>,
    /// Telephone (required to create it).
    pub telephone: Option<String>,
    /// Contact person (required to create it).
    pub contact: Option<Contact>,
    /// Validation types submitted when missing, e.g. `["ov"]`.
    pub validations: Option<Vec<String>>,
}

impl Organization {
    /// The natural key, compared without regard to case or surrounding spaces.
    pub(crate) fn identity(&self) -> [String; 6] {
        identity(
            &self.name,
            &self.address,
            &self.city,
            &self.state,
            &self.zip,
            &self.country,
        )
    }
}

/// The natural key of an organization from its parts.
pub(crate) fn identity(
    name: &str,
    address: &str,
    city: &str,
    state: &str,
    zip: &str,
    country: &str,
) -> [String; 6] {
    [name, address, city, state, zip, country].map(|s| s.trim().to_lowercase())
}

/// What an account should hold: the state file, checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Desired {
    /// `[[division]]` entries.
    #[serde(default)]
    pub division: Vec<Division>,
    /// `[[user]]` entries.
    #[serde(default)]
    pub user: Vec<User>,
    /// `[[service_user]]` entries.
    #[serde(default)]
    pub service_user: Vec<ServiceUser>,
    /// `[[organization]]` entries.
    #[serde(default)]
    pub organization: Vec<Organization>,
}

/// One problem of a state file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileProblem {
    /// The line (TOML files), counting from 1.
    pub line: Option<usize>,
    /// Where: `user[2].email` (the entry's place in its kind, from 1).
    pub key: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        write!(f, "{}: {}", self.key, self.message)
    }
}

/// A state file refused whole: every problem found. Nothing was read or sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// The file.
    pub path: String,
    /// Every problem, in file order.
    pub problems: Vec<FileProblem>,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "{} has {n} problem{} (nothing was read or sent):",
            self.path,
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FileError {}

impl From<FileError> for crate::Error {
    fn from(e: FileError) -> crate::Error {
        crate::Error::invalid_argument("state", e.to_string())
    }
}

/// A value as read, with its line where the format gives one.
struct At {
    line: Option<usize>,
    value: Value,
}

/// One `[[kind]]` entry as read.
struct Entry {
    line: Option<usize>,
    fields: BTreeMap<String, At>,
}

/// Reads a state file: TOML, or JSON when it ends in `.json` (or starts with `{`).
pub fn read_file(path: &Path) -> Result<Desired, FileError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| FileError {
        path: name.clone(),
        problems: vec![FileProblem {
            line: None,
            key: "file".to_owned(),
            message: format!("cannot be read: {e}"),
        }],
    })?;
    let json = path.extension().is_some_and(|e| e == "json") || text.trim_start().starts_with('{');
    parse(&name, &text, json)
}

/// Reads a state file's text (`json`: JSON, else TOML); `name` names it in problems.
pub fn parse(name: &str, text: &str, json: bool) -> Result<Desired, FileError> {
    let refuse = |problems| FileError {
        path: name.to_owned(),
        problems,
    };
    let kinds = if json {
        from_json(text).map_err(|p| refuse(vec![p]))?
    } else {
        from_toml(text).map_err(|p| refuse(vec![p]))?
    };
    let mut checker = Checker::default();
    let desired = checker.desired(kinds);
    if checker.problems.is_empty() {
        Ok(desired)
    } else {
        checker.problems.sort_by_key(|p| p.line.unwrap_or(0));
        Err(refuse(checker.problems))
    }
}

type Kinds = Vec<(String, Option<usize>, Value, Vec<Entry>)>;

/// Where each line starts, to turn a span's offset into a line without rescanning the text.
struct Lines(Vec<usize>);

impl Lines {
    fn of(text: &str) -> Lines {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines(starts)
    }

    /// The line (from 1) holding byte `offset`.
    fn at(&self, offset: usize) -> usize {
        self.0.partition_point(|start| *start <= offset)
    }
}

fn from_toml(text: &str) -> Result<Kinds, FileProblem> {
    use toml::de::{DeTable, DeValue};
    let lines = Lines::of(text);
    let doc = DeTable::parse(text).map_err(|e| FileProblem {
        line: e.span().map(|s| lines.at(s.start)),
        key: "file".to_owned(),
        message: format!("not valid TOML: {}", e.message()),
    })?;
    fn json(value: &DeValue<'_>) -> Value {
        match value {
            DeValue::String(s) => Value::String(s.to_string()),
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .map(Value::from)
                .unwrap_or_else(|_| Value::String(i.as_str().to_owned())),
            DeValue::Float(f) => f
                .as_str()
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map_or(Value::Null, Value::Number),
            DeValue::Boolean(b) => Value::Bool(*b),
            DeValue::Datetime(d) => Value::String(d.to_string()),
            DeValue::Array(a) => Value::Array(a.iter().map(|v| json(v.get_ref())).collect()),
            DeValue::Table(t) => Value::Object(
                t.iter()
                    .map(|(k, v)| (k.get_ref().to_string(), json(v.get_ref())))
                    .collect(),
            ),
        }
    }
    let mut kinds = Vec::new();
    for (kind, value) in doc.get_ref().iter() {
        let line = Some(lines.at(kind.span().start));
        let mut entries = Vec::new();
        if let DeValue::Array(items) = value.get_ref() {
            for item in items.iter() {
                if let DeValue::Table(table) = item.get_ref() {
                    entries.push(Entry {
                        line: Some(lines.at(item.span().start)),
                        fields: table
                            .iter()
                            .map(|(k, v)| {
                                let at = At {
                                    line: Some(lines.at(k.span().start)),
                                    value: json(v.get_ref()),
                                };
                                (k.get_ref().to_string(), at)
                            })
                            .collect(),
                    });
                }
            }
        }
        kinds.push((
            kind.get_ref().to_string(),
            line,
            json(value.get_ref()),
            entries,
        ));
    }
    Ok(kinds)
}

fn from_json(text: &str) -> Result<Kinds, FileProblem> {
    let doc: Value = serde_json::from_str(text).map_err(|e| FileProblem {
        line: Some(e.line()),
        key: "file".to_owned(),
        message: format!("not valid JSON: {e}"),
    })?;
    let Value::Object(doc) = doc else {
        return Err(FileProblem {
            line: None,
            key: "file".to_owned(),
            message: "must be an object of kinds (`{\"user\": [...]}`)".to_owned(),
        });
    };
    Ok(doc
        .into_iter()
        .map(|(kind, value)| {
            let entries = match &value {
                Value::Array(list) => list
                    .iter()
                    .filter_map(|v| v.as_object())
                    .map(|o| Entry {
                        line: None,
                        fields: o
                            .iter()
                            .map(|(k, v)| {
                                (
                                    k.clone(),
                                    At {
                                        line: None,
                                        value: v.clone(),
                                    },
                                )
                            })
                            .collect(),
                    })
                    .collect(),
                _ => Vec::new(),
            };
            (kind, None, value, entries)
        })
        .collect())
}

/// Collects every problem while building [`Desired`].
#[derive(Default)]
struct Checker {
    problems: Vec<FileProblem>,
}

/// The fields of one entry being taken, with where it is.
struct Fields<'a> {
    place: String,
    line: Option<usize>,
    fields: BTreeMap<String, At>,
    checker: &'a mut Checker,
}

impl Fields<'_> {
    fn problem(&mut self, field: Option<&str>, line: Option<usize>, message: String) {
        let key = match field {
            Some(f) => format!("{}.{f}", self.place),
            None => self.place.clone(),
        };
        self.checker.problems.push(FileProblem {
            line: line.or(self.line),
            key,
            message,
        });
    }

    fn text(&mut self, name: &str, required: bool) -> Option<String> {
        match self.fields.remove(name) {
            None => {
                if required {
                    self.problem(Some(name), None, "is required".to_owned());
                }
                None
            }
            Some(At {
                line,
                value: Value::String(s),
            }) => {
                if s.trim().is_empty() {
                    self.problem(Some(name), line, "must not be empty".to_owned());
                    None
                } else {
                    Some(s)
                }
            }
            Some(At { line, value }) => {
                self.problem(
                    Some(name),
                    line,
                    format!("must be a string, not {}", type_name(&value)),
                );
                None
            }
        }
    }

    fn int(&mut self, name: &str) -> Option<i64> {
        match self.fields.remove(name) {
            None => None,
            Some(At { line, value }) => match value.as_i64() {
                Some(n) if n > 0 => Some(n),
                _ => {
                    self.problem(
                        Some(name),
                        line,
                        format!("must be a positive integer, not {value}"),
                    );
                    None
                }
            },
        }
    }

    fn role(&mut self, name: &str, value: Value, line: Option<usize>) -> Option<RoleName> {
        match value {
            Value::String(s) if !s.trim().is_empty() => Some(RoleName::Name(s)),
            Value::Number(n) if n.as_i64().is_some_and(|n| n > 0) => n.as_i64().map(RoleName::Id),
            other => {
                self.problem(
                    Some(name),
                    line,
                    format!("must be a role name or a positive id, not {other}"),
                );
                None
            }
        }
    }

    fn list(&mut self, name: &str) -> Option<(Vec<Value>, Option<usize>)> {
        match self.fields.remove(name) {
            None => None,
            Some(At {
                line,
                value: Value::Array(items),
            }) => Some((items, line)),
            Some(At { line, value }) => {
                self.problem(
                    Some(name),
                    line,
                    format!("must be a list, not {}", type_name(&value)),
                );
                None
            }
        }
    }

    fn texts(&mut self, name: &str) -> Option<Vec<String>> {
        let (items, line) = self.list(name)?;
        let mut out = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            match item {
                Value::String(s) if !s.trim().is_empty() => out.push(s),
                other => self.problem(
                    Some(&format!("{name}[{i}]")),
                    line,
                    format!("must be a non-empty string, not {other}"),
                ),
            }
        }
        Some(out)
    }

    /// Every field not taken is unknown.
    fn finish(mut self) {
        let rest = std::mem::take(&mut self.fields);
        for (name, at) in rest {
            self.problem(
                Some(&name),
                at.line,
                "is not a field of this kind".to_owned(),
            );
        }
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a table",
    }
}

impl Checker {
    fn desired(&mut self, kinds: Kinds) -> Desired {
        let mut desired = Desired::default();
        for (kind, line, whole, entries) in kinds {
            let known = ["division", "user", "service_user", "organization"];
            if !known.contains(&kind.as_str()) {
                self.problems.push(FileProblem {
                    line,
                    key: kind.clone(),
                    message: format!("is not a kind: use one of {}", known.join(", ")),
                });
                continue;
            }
            let count = whole.as_array().map(|a| a.len());
            if count.is_none() || count != Some(entries.len()) {
                self.problems.push(FileProblem {
                    line,
                    key: kind.clone(),
                    message: format!("must be a list of tables (`[[{kind}]]`)"),
                });
                continue;
            }
            for (i, entry) in entries.into_iter().enumerate() {
                let mut f = Fields {
                    place: format!("{kind}[{}]", i + 1),
                    line: entry.line,
                    fields: entry.fields,
                    checker: self,
                };
                match kind.as_str() {
                    "division" => {
                        let d = Division {
                            name: f.text("name", true).unwrap_or_default(),
                            parent: f.text("parent", false),
                            description: f.text("description", false),
                            template_id: f.int("template_id"),
                        };
                        f.finish();
                        desired.division.push(d);
                    }
                    "user" => {
                        let username = f.text("username", true).unwrap_or_default();
                        let email = f.text("email", false);
                        let first_name = f.text("first_name", false);
                        let last_name = f.text("last_name", false);
                        let job_title = f.text("job_title", false);
                        let telephone = f.text("telephone", false);
                        let roles = f.list("roles").map(|(items, line)| {
                            if items.is_empty() {
                                f.problem(
                                    Some("roles"),
                                    line,
                                    "must name at least one role".to_owned(),
                                );
                            }
                            items
                                .into_iter()
                                .enumerate()
                                .filter_map(|(i, v)| f.role(&format!("roles[{}]", i), v, line))
                                .collect()
                        });
                        let divisions = f.texts("divisions");
                        f.finish();
                        desired.user.push(User {
                            username,
                            email,
                            first_name,
                            last_name,
                            job_title,
                            telephone,
                            roles,
                            divisions,
                        });
                    }
                    "service_user" => {
                        let api_name = f.text("api_name", true).unwrap_or_default();
                        let email = f.text("email", false);
                        let role = f
                            .fields
                            .remove("role")
                            .and_then(|at| f.role("role", at.value, at.line));
                        f.finish();
                        desired.service_user.push(ServiceUser {
                            api_name,
                            email,
                            role,
                        });
                    }
                    _ => {
                        let o = self_organization(&mut f);
                        f.finish();
                        desired.organization.push(o);
                    }
                }
            }
        }
        self.duplicates(&desired);
        desired
    }

    /// Two entries with one natural key.
    fn duplicates(&mut self, desired: &Desired) {
        let mut report = |kind: &str, keys: Vec<String>| {
            let mut seen = HashSet::new();
            for (i, key) in keys.into_iter().enumerate() {
                if !key.is_empty() && !seen.insert(key.clone()) {
                    self.problems.push(FileProblem {
                        line: None,
                        key: format!("{kind}[{}]", i + 1),
                        message: format!("repeats the {kind} {key}"),
                    });
                }
            }
        };
        report(
            "division",
            desired
                .division
                .iter()
                .map(|d| {
                    if d.name.is_empty() {
                        String::new()
                    } else {
                        format!("{:?} under {:?}", d.name, d.parent.as_deref().unwrap_or(""))
                    }
                })
                .collect(),
        );
        report(
            "user",
            desired.user.iter().map(|u| u.username.clone()).collect(),
        );
        report(
            "service_user",
            desired
                .service_user
                .iter()
                .map(|s| s.api_name.clone())
                .collect(),
        );
        report(
            "organization",
            desired
                .organization
                .iter()
                .map(|o| {
                    if o.name.is_empty() {
                        String::new()
                    } else {
                        o.identity().join(", ")
                    }
                })
                .collect(),
        );
    }
}

fn self_organization(f: &mut Fields<'_>) -> Organization {
    let name = f.text("name", true).unwrap_or_default();
    let address = f.text("address", true).unwrap_or_default();
    let city = f.text("city", true).unwrap_or_default();
    let state = f.text("state", true).unwrap_or_default();
    let zip = f.text("zip", true).unwrap_or_default();
    let country = f.text("country", true).unwrap_or_default();
    let address2 = f.text("address2", false);
    let assumed_name = f.text("assumed_name", false);
    let telephone = f.text("telephone", false);
    let contact = match f.fields.remove("contact") {
        None => None,
        Some(At {
            line,
            value: Value::Object(map),
        }) => {
            let mut inner = Fields {
                place: format!("{}.contact", f.place),
                line: line.or(f.line),
                fields: map
                    .into_iter()
                    .map(|(k, value)| (k, At { line, value }))
                    .collect(),
                checker: &mut *f.checker,
            };
            let contact = Contact {
                first_name: inner.text("first_name", true).unwrap_or_default(),
                last_name: inner.text("last_name", true).unwrap_or_default(),
                email: inner.text("email", true).unwrap_or_default(),
                telephone: inner.text("telephone", true).unwrap_or_default(),
                job_title: inner.text("job_title", false),
                telephone_extension: inner.text("telephone_extension", false),
            };
            inner.finish();
            Some(contact)
        }
        Some(At { line, value }) => {
            f.problem(
                Some("contact"),
                line,
                format!(
                    "must be a table (`contact = {{ … }}`), not {}",
                    type_name(&value)
                ),
            );
            None
        }
    };
    let line = f.fields.get("validations").and_then(|a| a.line);
    let validations = f.texts("validations").map(|list| {
        list.into_iter()
            .map(|t| t.trim().to_ascii_lowercase())
            .enumerate()
            .filter_map(|(i, t)| {
                if !VALIDATION_TYPES.contains(&t.as_str()) {
                    f.problem(
                        Some(&format!("validations[{i}]")),
                        line,
                        format!("must be one of {}, not {t:?}", VALIDATION_TYPES.join(", ")),
                    );
                    None
                } else if VALIDATION_TYPES_WITH_VERIFIED_USERS.contains(&t.as_str()) {
                    f.problem(
                        Some(&format!("validations[{i}]")),
                        line,
                        format!("{t} needs verified users, which a state file cannot name"),
                    );
                    None
                } else {
                    Some(t)
                }
            })
            .collect()
    });
    Organization {
        name,
        address,
        city,
        state,
        zip,
        country,
        address2,
        assumed_name,
        telephone,
        contact,
        validations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_toml_file_reads_with_every_kind() {
        let text = r#"
[[division]]
name = "EMEA"
[[user]]
username = "grace"
email = "grace@example.com"
roles = ["Manager", 5]
divisions = ["EMEA"]
[[service_user]]
api_name = "ci-bot"
role = "Orders"
[[organization]]
name = "Acme"
address = "1 Main St"
city = "Lehi"
state = "ut"
zip = "84043"
country = "us"
contact = { first_name = "A", last_name = "B", email = "a@example.com", telephone = "555" }
validations = ["OV"]
"#;
        let d = parse("s.toml", text, false).unwrap();
        assert_eq!(d.division[0].name, "EMEA");
        assert_eq!(
            d.user[0].roles,
            Some(vec![RoleName::Name("Manager".into()), RoleName::Id(5)])
        );
        assert_eq!(
            d.service_user[0].role,
            Some(RoleName::Name("Orders".into()))
        );
        assert_eq!(d.organization[0].validations, Some(vec!["ov".to_owned()]));
        assert_eq!(d.organization[0].contact.as_ref().unwrap().telephone, "555");
    }

    #[test]
    fn every_problem_is_listed_with_its_line_and_key() {
        let text = "[[user]]\nemail = 3\nnickname = \"x\"\n[[organization]]\nname = \"A\"\n\
                    validations = [\"ev\"]\n[[gadget]]\nname = \"g\"\n";
        let e = parse("s.toml", text, false).unwrap_err();
        let got: Vec<(Option<usize>, &str)> = e
            .problems
            .iter()
            .map(|p| (p.line, p.key.as_str()))
            .collect();
        assert!(got.contains(&(Some(2), "user[1].email")), "{got:?}");
        assert!(got.contains(&(Some(3), "user[1].nickname")), "{got:?}");
        assert!(got.contains(&(Some(1), "user[1].username")), "{got:?}");
        assert!(
            got.contains(&(Some(6), "organization[1].validations[0]")),
            "{got:?}"
        );
        assert!(
            got.contains(&(Some(4), "organization[1].address")),
            "{got:?}"
        );
        assert!(got.contains(&(Some(7), "gadget")), "{got:?}");
    }

    #[test]
    fn json_of_the_same_shape_reads_and_duplicates_are_refused() {
        let text = r#"{"user": [{"username": "a"}, {"username": "a"}]}"#;
        let e = parse("s.json", text, true).unwrap_err();
        assert_eq!(e.problems.len(), 1);
        assert_eq!(e.problems[0].key, "user[2]");
        let ok = parse("s.json", r#"{"user": [{"username": "a"}]}"#, true).unwrap();
        assert_eq!(ok.user[0].username, "a");
    }
}
