//! A plan: operations, each with a caller-chosen key unique in the plan, read from rows (CSV
//! records or dicts) and checked in full before anything is sent.
//!
//! A row names its `key` and `kind` and the request's fields as columns: the API's field names,
//! with a dot for a nested object (`user.email`, `organization_contact.telephone`). Lists are
//! written `5;1` in CSV (or as lists in dicts). Every problem of every row is reported at once,
//! by row and column; the documented rules come from `crate::validate`.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::Read;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::targets::{
    ContainerCreation, KeyTarget, OrganizationTarget, OrganizationValidation, UserContainers,
    UserRoles, UserTarget, UserUpdate,
};
use crate::api::{
    AddServiceUserRequest, AddUserRequest, CreateOrganizationRequest, CreateSubaccountRequest,
    SendInviteRequest,
};
use crate::error::Error;
use crate::validate::{Rules, Violation};

/// What an operation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `POST account/subaccount/invite` for one address.
    SendInvite,
    /// `POST user`.
    AddUser,
    /// `POST user` for a service user (its one-time key goes to the keys file).
    AddServiceUser,
    /// `POST organization`.
    CreateOrganization,
    /// `POST account` (a managed subaccount's one-time key goes to the keys file).
    CreateSubaccount,
    /// `PUT user/{user_id}`, read and merged: only the named fields change.
    UpdateUser,
    /// `DELETE user/{user_id}`.
    DeleteUser,
    /// `PUT user/{user_id}/role`: the whole set of access roles.
    SetUserRoles,
    /// `PUT user/{user_id}/container-assignments`: the whole list of divisions.
    SetUserContainers,
    /// `PUT key/{key_id}/status` to `revoked`.
    RevokeApiKey,
    /// `DELETE organization/{organization_id}`.
    DeleteOrganization,
    /// `POST container/{parent_id}/children`.
    CreateContainer,
    /// `POST organization/{organization_id}/validation`.
    SubmitOrganizationValidation,
}

impl Kind {
    /// Every kind, in the order reports list them.
    ///
    pub const ALL: [Kind; 13] = [
        Kind::SendInvite,
        Kind::AddUser,
        Kind::AddServiceUser,
        Kind::CreateOrganization,
        Kind::CreateSubaccount,
        Kind::UpdateUser,
        Kind::DeleteUser,
        Kind::SetUserRoles,
        Kind::SetUserContainers,
        Kind::RevokeApiKey,
        Kind::DeleteOrganization,
        Kind::CreateContainer,
        Kind::SubmitOrganizationValidation,
    ];

    /// The name a plan uses, e.g. `send_invite`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::SendInvite => "send_invite",
            Kind::AddUser => "add_user",
            Kind::AddServiceUser => "add_service_user",
            Kind::CreateOrganization => "create_organization",
            Kind::CreateSubaccount => "create_subaccount",
            Kind::UpdateUser => "update_user",
            Kind::DeleteUser => "delete_user",
            Kind::SetUserRoles => "set_user_roles",
            Kind::SetUserContainers => "set_user_containers",
            Kind::RevokeApiKey => "revoke_api_key",
            Kind::DeleteOrganization => "delete_organization",
            Kind::CreateContainer => "create_container",
            Kind::SubmitOrganizationValidation => "submit_organization_validation",
        }
    }

    /// The kind with this name.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    fn columns(self) -> &'static [Column] {
        match self {
            Kind::SendInvite => INVITE,
            Kind::AddUser => USER,
            Kind::AddServiceUser => SERVICE_USER,
            Kind::CreateOrganization => ORGANIZATION,
            Kind::CreateSubaccount => SUBACCOUNT,
            Kind::UpdateUser => USER_UPDATE,
            Kind::DeleteUser => USER_TARGET,
            Kind::SetUserRoles => USER_ROLES,
            Kind::SetUserContainers => USER_CONTAINERS,
            Kind::RevokeApiKey => KEY_TARGET,
            Kind::DeleteOrganization => ORGANIZATION_TARGET,
            Kind::CreateContainer => CONTAINER,
            Kind::SubmitOrganizationValidation => ORGANIZATION_VALIDATION,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An operation's request.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// An invite to one address (`emails` holds exactly one).
    SendInvite(SendInviteRequest),
    /// A user.
    AddUser(AddUserRequest),
    /// A service user.
    AddServiceUser(AddServiceUserRequest),
    /// An organization.
    CreateOrganization(CreateOrganizationRequest),
    /// A subaccount.
    CreateSubaccount(CreateSubaccountRequest),
    /// Changes to a user.
    UpdateUser(UserUpdate),
    /// A user to delete.
    DeleteUser(UserTarget),
    /// A user's access roles.
    SetUserRoles(UserRoles),
    /// A user's divisions.
    SetUserContainers(UserContainers),
    /// An API key to revoke.
    RevokeApiKey(KeyTarget),
    /// An organization to delete.
    DeleteOrganization(OrganizationTarget),
    /// A division.
    CreateContainer(ContainerCreation),
    /// Validations to submit for an organization.
    SubmitOrganizationValidation(OrganizationValidation),
}

/// Applies `$body` to the request of any action, bound to `$r`.
macro_rules! each_request {
    ($action:expr, $r:ident => $body:expr) => {
        match $action {
            Action::SendInvite($r) => $body,
            Action::AddUser($r) => $body,
            Action::AddServiceUser($r) => $body,
            Action::CreateOrganization($r) => $body,
            Action::CreateSubaccount($r) => $body,
            Action::UpdateUser($r) => $body,
            Action::DeleteUser($r) => $body,
            Action::SetUserRoles($r) => $body,
            Action::SetUserContainers($r) => $body,
            Action::RevokeApiKey($r) => $body,
            Action::DeleteOrganization($r) => $body,
            Action::CreateContainer($r) => $body,
            Action::SubmitOrganizationValidation($r) => $body,
        }
    };
}

/// Builds the action of `kind` from `$decode(Action::Variant)`.
macro_rules! for_kind {
    ($kind:expr, $decode:expr) => {
        match $kind {
            Kind::SendInvite => $decode(Action::SendInvite),
            Kind::AddUser => $decode(Action::AddUser),
            Kind::AddServiceUser => $decode(Action::AddServiceUser),
            Kind::CreateOrganization => $decode(Action::CreateOrganization),
            Kind::CreateSubaccount => $decode(Action::CreateSubaccount),
            Kind::UpdateUser => $decode(Action::UpdateUser),
            Kind::DeleteUser => $decode(Action::DeleteUser),
            Kind::SetUserRoles => $decode(Action::SetUserRoles),
            Kind::SetUserContainers => $decode(Action::SetUserContainers),
            Kind::RevokeApiKey => $decode(Action::RevokeApiKey),
            Kind::DeleteOrganization => $decode(Action::DeleteOrganization),
            Kind::CreateContainer => $decode(Action::CreateContainer),
            Kind::SubmitOrganizationValidation => $decode(Action::SubmitOrganizationValidation),
        }
    };
}

impl Action {
    /// What it does.
    pub fn kind(&self) -> Kind {
        match self {
            Action::SendInvite(_) => Kind::SendInvite,
            Action::AddUser(_) => Kind::AddUser,
            Action::AddServiceUser(_) => Kind::AddServiceUser,
            Action::CreateOrganization(_) => Kind::CreateOrganization,
            Action::CreateSubaccount(_) => Kind::CreateSubaccount,
            Action::UpdateUser(_) => Kind::UpdateUser,
            Action::DeleteUser(_) => Kind::DeleteUser,
            Action::SetUserRoles(_) => Kind::SetUserRoles,
            Action::SetUserContainers(_) => Kind::SetUserContainers,
            Action::RevokeApiKey(_) => Kind::RevokeApiKey,
            Action::DeleteOrganization(_) => Kind::DeleteOrganization,
            Action::CreateContainer(_) => Kind::CreateContainer,
            Action::SubmitOrganizationValidation(_) => Kind::SubmitOrganizationValidation,
        }
    }

    /// Whether its answer carries a one-time key (the keys file must have room for it first).
    pub(crate) fn returns_key(&self) -> bool {
        matches!(
            self,
            Action::AddServiceUser(_) | Action::CreateSubaccount(_)
        )
    }

    /// The request as JSON (the journal keeps it, so a resume needs no plan file).
    pub(crate) fn to_json(&self) -> String {
        let value = each_request!(self, r => serde_json::to_string(r));
        // These types serialize plain strings, numbers and lists: it cannot fail.
        value.unwrap_or_default()
    }

    /// The request a journal kept.
    pub(crate) fn from_json(kind: Kind, json: &str) -> Result<Action, serde_json::Error> {
        fn parsed<T: DeserializeOwned>(
            json: &str,
            wrap: impl FnOnce(T) -> Action,
        ) -> Result<Action, serde_json::Error> {
            serde_json::from_str(json).map(wrap)
        }
        for_kind!(kind, |wrap| parsed(json, wrap))
    }

    fn violations(&self) -> Vec<Violation> {
        each_request!(self, r => r.violations())
    }
}

/// One operation of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The caller's name for it, unique in the plan: how the journal, the report and the keys
    /// file refer to it.
    pub key: String,
    /// What it does.
    pub action: Action,
}

/// Where a problem is: a data row (1 = the first) and, for CSV, the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The data row, counting from 1; `None` for a problem of the whole plan (a CSV header).
    pub row: Option<usize>,
    /// The line of a CSV file the row starts on.
    pub line: Option<u64>,
    /// The column, e.g. `user.email`.
    pub column: Option<String>,
    /// What is wrong, naming the rule.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.row, self.line) {
            (Some(row), Some(line)) => write!(f, "row {row} (line {line})")?,
            (Some(row), None) => write!(f, "row {row}")?,
            (None, Some(line)) => write!(f, "line {line}")?,
            (None, None) => f.write_str("plan")?,
        }
        if let Some(column) = &self.column {
            write!(f, ", column `{column}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A plan that was refused; nothing was sent. `problems` lists every problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError {
    /// Every problem found, in row order.
    pub problems: Vec<Problem>,
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.problems.len();
        write!(
            f,
            "the plan has {count} problem{} (nothing was sent):",
            if count == 1 { "" } else { "s" }
        )?;
        for problem in &self.problems {
            write!(f, "\n  {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PlanError {}

/// One row as read: a CSV record or a dict, its values by column.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// The CSV line it starts on, if it came from CSV.
    pub line: Option<u64>,
    /// Values by column; nested objects are flattened to dotted columns.
    pub fields: BTreeMap<String, Value>,
}

impl Row {
    /// A row from a JSON object (a dict): nested objects become dotted columns.
    pub fn from_json(object: &Map<String, Value>) -> Row {
        fn flatten(prefix: &str, object: &Map<String, Value>, out: &mut BTreeMap<String, Value>) {
            for (name, value) in object {
                let column = if prefix.is_empty() {
                    name.clone()
                } else {
                    format!("{prefix}.{name}")
                };
                match value {
                    Value::Object(inner) => flatten(&column, inner, out),
                    other => {
                        out.insert(column, other.clone());
                    }
                }
            }
        }
        let mut fields = BTreeMap::new();
        flatten("", object, &mut fields);
        Row { line: None, fields }
    }
}

/// A checked plan: unique keys, known kinds, every documented rule met. A plan read from a CSV
/// file ([`Plan::from_csv_file`]) is not held in memory: it is checked in one pass, and read
/// again, row by row, when a run journals it.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    source: Source,
}

#[derive(Debug, Clone, PartialEq)]
enum Source {
    Operations(Vec<Operation>),
    CsvFile {
        path: std::path::PathBuf,
        len: usize,
    },
}

/// The longest key accepted.
pub const MAX_KEY_CHARS: usize = 200;

impl Plan {
    /// A plan from operations built in code; checked like one read from rows.
    pub fn new(operations: Vec<Operation>) -> Result<Plan, PlanError> {
        let mut problems = Vec::new();
        let mut seen = Seen::default();
        for (i, op) in operations.iter().enumerate() {
            let mut here = |column: Option<String>, message: String| {
                problems.push(Problem {
                    row: Some(i + 1),
                    line: None,
                    column,
                    message,
                })
            };
            if let Some(message) = key_problem(&op.key) {
                here(Some("key".into()), message);
            }
            for v in op.action.violations() {
                here(Some(v.field.clone()), v.rule.to_string());
            }
            if let Action::SendInvite(r) = &op.action {
                if r.emails.len() > 1 {
                    let rule = format!(
                        "must hold one address per operation (got {})",
                        r.emails.len()
                    );
                    here(Some("emails".into()), rule);
                }
            }
            let noted = seen.note_key(i + 1, &op.key).into_iter();
            for (column, message) in noted.chain(seen.note_action(i + 1, &op.action)) {
                here(Some(column), message);
            }
        }
        if problems.is_empty() {
            Ok(Plan {
                source: Source::Operations(operations),
            })
        } else {
            Err(PlanError { problems })
        }
    }

    /// A plan from rows (dicts, or CSV records).
    pub fn from_rows(rows: impl IntoIterator<Item = Row>) -> Result<Plan, PlanError> {
        let mut operations = Vec::new();
        check_rows(rows.into_iter().map(Ok), None, |op| operations.push(op))?;
        Ok(Plan {
            source: Source::Operations(operations),
        })
    }

    /// A plan from CSV text with a header row, held in memory.
    pub fn from_csv(reader: impl Read) -> Result<Plan, PlanError> {
        let (header, rows) = csv_rows(reader)?;
        let mut operations = Vec::new();
        check_rows(rows, Some(&header), |op| operations.push(op))?;
        Ok(Plan {
            source: Source::Operations(operations),
        })
    }

    /// A plan from a CSV file with a header row, checked in one pass without holding its rows:
    /// a run reads the file again as it journals it (a file changed in between is refused
    /// then, nothing sent). Every problem of every row is reported.
    pub fn from_csv_file(path: impl AsRef<std::path::Path>) -> Result<Plan, PlanError> {
        let path = path.as_ref();
        let (header, rows) = csv_rows(open_plan(path)?)?;
        let mut len = 0;
        check_rows(rows, Some(&header), |_| len += 1)?;
        Ok(Plan {
            source: Source::CsvFile {
                path: path.to_owned(),
                len,
            },
        })
    }

    /// The operations, in plan order. For a plan read from a file, each is read again as the
    /// iterator advances: `Err` when the file cannot be read, or no longer holds the plan that
    /// was checked.
    pub fn operations(&self) -> Box<dyn Iterator<Item = Result<Operation, Error>> + '_> {
        match &self.source {
            Source::Operations(operations) => Box::new(operations.iter().cloned().map(Ok)),
            Source::CsvFile { path, len } => Box::new(reread(path, *len)),
        }
    }

    /// The operations' keys, in plan order.
    pub fn keys(&self) -> Result<Vec<String>, Error> {
        self.operations().map(|op| op.map(|op| op.key)).collect()
    }

    /// How many operations it has.
    pub fn len(&self) -> usize {
        match &self.source {
            Source::Operations(operations) => operations.len(),
            Source::CsvFile { len, .. } => *len,
        }
    }

    /// Whether it has none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn plan_problem(line: Option<u64>, message: String) -> PlanError {
    PlanError {
        problems: vec![Problem {
            row: None,
            line,
            column: None,
            message,
        }],
    }
}

fn open_plan(path: &std::path::Path) -> Result<std::fs::File, PlanError> {
    if path.is_dir() {
        return Err(plan_problem(
            None,
            format!("{} is a directory", path.display()),
        ));
    }
    std::fs::File::open(path)
        .map_err(|e| plan_problem(None, format!("cannot read {}: {e}", path.display())))
}

/// The header of CSV text, and its records as rows, read one at a time.
#[allow(clippy::type_complexity)]
fn csv_rows(
    reader: impl Read,
) -> Result<(Vec<String>, impl Iterator<Item = Result<Row, PlanError>>), PlanError> {
    let mut csv = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::None)
        .from_reader(reader);
    let header: Vec<String> = csv
        .headers()
        .map_err(|e| plan_problem(Some(1), format!("cannot read the CSV header: {e}")))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_owned())
        .collect();
    let names = header.clone();
    let rows = csv.into_records().map(move |record| {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line());
            plan_problem(line, format!("not valid CSV: {e}"))
        })?;
        let fields = names
            .iter()
            .zip(record.iter())
            .map(|(name, value)| (name.clone(), Value::String(value.to_owned())))
            .collect();
        Ok(Row {
            line: record.position().map(|p| p.line()),
            fields,
        })
    });
    Ok((header, rows))
}

/// A checked CSV file's operations, read again; an error (and then the end) once it no longer
/// holds the plan that was checked.
fn reread(
    path: &std::path::Path,
    len: usize,
) -> Box<dyn Iterator<Item = Result<Operation, Error>> + '_> {
    let changed = move |why: String| {
        Error::invalid_argument(
            "plan",
            format!(
                "{} changed since it was checked ({why}); nothing was sent: check it again",
                path.display()
            ),
        )
    };
    let rows = match open_plan(path).and_then(csv_rows) {
        Ok((_, rows)) => rows,
        Err(e) => return Box::new(std::iter::once(Err(changed(e.to_string())))),
    };
    let mut rows = Some(rows);
    let mut count = 0;
    Box::new(std::iter::from_fn(move || {
        let current = rows.as_mut()?;
        let item = match current.next() {
            Some(Ok(row)) => {
                count += 1;
                read_row(&row).map_err(|problems| {
                    let (column, message) = problems.into_iter().next().unwrap_or_default();
                    let column = column.map_or_else(String::new, |c| format!(", column {c}"));
                    changed(format!("row {count}{column}: {message}"))
                })
            }
            Some(Err(e)) => Err(changed(e.to_string())),
            None if count != len => Err(changed(format!(
                "it has {count} rows now, {len} were checked"
            ))),
            None => {
                rows = None;
                return None;
            }
        };
        if item.is_err() {
            rows = None;
        }
        Some(item)
    }))
}

fn key_problem(key: &str) -> Option<String> {
    if key.trim().is_empty() {
        return Some("is required and must not be blank".to_owned());
    }
    let chars = key.chars().count();
    if chars > MAX_KEY_CHARS {
        return Some(format!(
            "must be at most {MAX_KEY_CHARS} characters (got {chars})"
        ));
    }
    if key.chars().any(char::is_control) {
        return Some("must not contain control characters".to_owned());
    }
    None
}

/// What earlier rows claimed: keys, and what reconciliation looks records up by (an invite's
/// address, a user's username), which must therefore be unique in a plan too.
#[derive(Default)]
struct Seen {
    keys: HashMap<String, usize>,
    invite_emails: HashMap<String, usize>,
    usernames: HashMap<String, usize>,
    /// A division's parent and name, lowercased.
    divisions: HashMap<String, usize>,
}

fn claim(
    map: &mut HashMap<String, usize>,
    row: usize,
    value: String,
    column: &str,
    what: &str,
) -> Option<(String, String)> {
    if let Some(first) = map.get(&value) {
        return Some((
            column.to_owned(),
            format!("{what} {value:?} is already used by row {first}; it must be unique"),
        ));
    }
    map.insert(value, row);
    None
}

impl Seen {
    /// The key's problem when an earlier row has it.
    fn note_key(&mut self, row: usize, key: &str) -> Option<(String, String)> {
        if key.trim().is_empty() {
            return None;
        }
        claim(&mut self.keys, row, key.to_owned(), "key", "key")
    }

    /// Problems of an operation whose look-up value an earlier row has.
    fn note_action(&mut self, row: usize, action: &Action) -> Vec<(String, String)> {
        let mut problems = Vec::new();
        let mut claim = |map: &mut HashMap<String, usize>, value: String, column: &str, what| {
            problems.extend(claim(map, row, value, column, what));
        };
        match action {
            Action::SendInvite(r) => {
                for email in &r.emails {
                    let email = email.to_ascii_lowercase();
                    claim(&mut self.invite_emails, email, "email", "invite address");
                }
            }
            Action::AddUser(r) if !r.username.is_empty() => {
                let name = r.username.to_ascii_lowercase();
                claim(&mut self.usernames, name, "username", "username");
            }
            Action::CreateContainer(r) if !r.container.name.trim().is_empty() => {
                let place = format!("{}/{}", r.parent_id, r.container.name.trim().to_lowercase());
                claim(&mut self.divisions, place, "name", "division (parent/name)");
            }
            _ => {}
        }
        problems
    }
}

/// How a column's text (or a dict's value) becomes JSON.
#[derive(Clone, Copy)]
enum Type {
    Text,
    /// One address, sent as a one-entry list (`emails`).
    OneText,
    Int,
    Bool,
    Texts,
    Ints,
    /// Role ids, sent as `[{"id": n}]`.
    RoleIds,
}

struct Column {
    name: &'static str,
    /// Where the value goes in the request's JSON, dotted.
    path: &'static str,
    kind: Type,
}

const fn col(name: &'static str, kind: Type) -> Column {
    Column {
        name,
        path: name,
        kind,
    }
}

const INVITE: &[Column] = &[
    Column {
        name: "email",
        path: "emails",
        kind: Type::OneText,
    },
    col("subaccount_type", Type::Text),
    col("invite_note", Type::Text),
];

const USER: &[Column] = &[
    col("username", Type::Text),
    col("first_name", Type::Text),
    col("last_name", Type::Text),
    col("email", Type::Text),
    col("access_roles", Type::RoleIds),
    col("job_title", Type::Text),
    col("telephone", Type::Text),
    Column {
        name: "container_id",
        path: "container.id",
        kind: Type::Int,
    },
    col("container_id_assignments", Type::Ints),
    col("is_saml_sso_only", Type::Bool),
];

const SERVICE_USER: &[Column] = &[
    col("email", Type::Text),
    col("api_name", Type::Text),
    col("restricted_to_role_id", Type::Int),
    col("container_id_assignments", Type::Ints),
];

const ORGANIZATION: &[Column] = &[
    col("name", Type::Text),
    col("assumed_name", Type::Text),
    col("address", Type::Text),
    col("address2", Type::Text),
    col("city", Type::Text),
    col("state", Type::Text),
    col("zip", Type::Text),
    col("country", Type::Text),
    col("telephone", Type::Text),
    col("organization_contact.first_name", Type::Text),
    col("organization_contact.last_name", Type::Text),
    col("organization_contact.job_title", Type::Text),
    col("organization_contact.email", Type::Text),
    col("organization_contact.telephone", Type::Text),
    col("organization_contact.telephone_extension", Type::Text),
    col("skip_duplicate_org_check", Type::Bool),
];

const SUBACCOUNT: &[Column] = &[
    col("account_type", Type::Text),
    col("allowed_grandchildren", Type::Texts),
    col("account_manager_user_id", Type::Int),
    col("bill_parent", Type::Bool),
    col("child_name", Type::Text),
    col("user.first_name", Type::Text),
    col("user.last_name", Type::Text),
    col("user.email", Type::Text),
    col("user.username", Type::Text),
    col("user.job_title", Type::Text),
    col("user.telephone", Type::Text),
    col("organization.name", Type::Text),
    col("organization.assumed_name", Type::Text),
    col("organization.address", Type::Text),
    col("organization.address2", Type::Text),
    col("organization.zip", Type::Text),
    col("organization.city", Type::Text),
    col("organization.state", Type::Text),
    col("organization.country", Type::Text),
    col("organization.telephone", Type::Text),
];

const USER_UPDATE: &[Column] = &[
    col("user_id", Type::Int),
    Column {
        name: "username",
        path: "changes.username",
        kind: Type::Text,
    },
    Column {
        name: "first_name",
        path: "changes.first_name",
        kind: Type::Text,
    },
    Column {
        name: "last_name",
        path: "changes.last_name",
        kind: Type::Text,
    },
    Column {
        name: "email",
        path: "changes.email",
        kind: Type::Text,
    },
    Column {
        name: "job_title",
        path: "changes.job_title",
        kind: Type::Text,
    },
    Column {
        name: "telephone",
        path: "changes.telephone",
        kind: Type::Text,
    },
    Column {
        name: "is_saml_sso_only",
        path: "changes.is_saml_sso_only",
        kind: Type::Bool,
    },
];

const USER_TARGET: &[Column] = &[col("user_id", Type::Int)];

const USER_ROLES: &[Column] = &[col("user_id", Type::Int), col("access_roles", Type::Ints)];

const USER_CONTAINERS: &[Column] = &[col("user_id", Type::Int), col("container_ids", Type::Ints)];

const KEY_TARGET: &[Column] = &[col("key_id", Type::Int)];

const ORGANIZATION_VALIDATION: &[Column] = &[
    col("organization_id", Type::Int),
    col("validations", Type::Texts),
];

const ORGANIZATION_TARGET: &[Column] = &[col("organization_id", Type::Int)];

const CONTAINER: &[Column] = &[
    col("parent_id", Type::Int),
    Column {
        name: "name",
        path: "container.name",
        kind: Type::Text,
    },
    Column {
        name: "template_id",
        path: "container.template_id",
        kind: Type::Int,
    },
    Column {
        name: "description",
        path: "container.description",
        kind: Type::Text,
    },
];

/// Every column some kind uses, with `key` and `kind`.
fn known_column(name: &str) -> bool {
    name == "key"
        || name == "kind"
        || Kind::ALL
            .iter()
            .any(|k| k.columns().iter().any(|c| c.name == name))
}

/// The column a violation's field (`emails[0]`, `access_roles[1].id`) belongs to.
fn column_of(kind: Kind, field: &str) -> String {
    let mut base = String::new();
    let mut depth = 0;
    for c in field.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => base.push(c),
            _ => {}
        }
    }
    kind.columns()
        .iter()
        .find(|c| base == c.path || base.starts_with(&format!("{}.", c.path)))
        .map_or(field.to_owned(), |c| c.name.to_owned())
}

/// A list written in one cell: entries separated by `;`, `,` or spaces.
fn split_list(text: &str) -> Vec<&str> {
    text.split([';', ',', ' ', '\t'])
        .filter(|s| !s.is_empty())
        .collect()
}

fn to_int(value: &Value) -> Result<i64, String> {
    match value {
        Value::Number(n) if n.is_i64() => Ok(n.as_i64().unwrap_or_default()),
        Value::String(s) => s
            .trim()
            .parse()
            .map_err(|_| format!("must be an integer (got {s:?})")),
        other => Err(format!("must be an integer (got {other})")),
    }
}

fn to_text(value: &Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(format!("must be text (got {other})")),
    }
}

/// A cell's value as the request's JSON; `None` when empty (left out).
fn convert(kind: Type, value: &Value) -> Result<Option<Value>, String> {
    let blank = match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => false,
    };
    if blank {
        return Ok(None);
    }
    let list = |value: &Value| -> Vec<Value> {
        match value {
            Value::Array(items) => items.clone(),
            Value::String(s) => split_list(s)
                .into_iter()
                .map(|s| Value::String(s.to_owned()))
                .collect(),
            other => vec![other.clone()],
        }
    };
    let converted = match kind {
        Type::Text => Value::String(to_text(value)?),
        Type::OneText => Value::Array(vec![Value::String(to_text(value)?)]),
        Type::Int => Value::from(to_int(value)?),
        Type::Bool => Value::Bool(match value {
            Value::Bool(b) => *b,
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" => true,
                "false" | "no" | "0" => false,
                _ => return Err(format!("must be true or false (got {s:?})")),
            },
            other => return Err(format!("must be true or false (got {other})")),
        }),
        Type::Texts => Value::Array(
            list(value)
                .iter()
                .map(|v| to_text(v).map(Value::String))
                .collect::<Result<_, _>>()?,
        ),
        Type::Ints => Value::Array(
            list(value)
                .iter()
                .map(|v| to_int(v).map(Value::from))
                .collect::<Result<_, _>>()?,
        ),
        Type::RoleIds => Value::Array(
            list(value)
                .iter()
                .map(|v| to_int(v).map(|id| serde_json::json!({ "id": id })))
                .collect::<Result<_, _>>()?,
        ),
    };
    Ok(Some(converted))
}

fn insert(object: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        Some((head, rest)) => {
            let inner = object
                .entry(head.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(inner) = inner {
                insert(inner, rest, value);
            }
        }
        None => {
            object.insert(path.to_owned(), value);
        }
    }
}

fn decode<T: DeserializeOwned>(
    object: Map<String, Value>,
    wrap: fn(T) -> Action,
) -> Result<Action, String> {
    serde_json::from_value(Value::Object(object))
        .map(wrap)
        .map_err(|e| e.to_string())
}

fn value_has_nul(value: &Value) -> bool {
    match value {
        Value::String(text) => text.contains('\0'),
        Value::Array(items) => items.iter().any(value_has_nul),
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| k.contains('\0') || value_has_nul(v)),
        _ => false,
    }
}

/// One row's operation, or its problems as (column, message).
fn read_row(row: &Row) -> Result<Operation, Vec<(Option<String>, String)>> {
    let mut problems: Vec<(Option<String>, String)> = Vec::new();
    let text = |name: &str| row.fields.get(name).and_then(|v| to_text(v).ok());
    let key = text("key").unwrap_or_default();
    if let Some(message) = key_problem(&key) {
        problems.push((Some("key".into()), message));
    }
    let kind_name = text("kind").unwrap_or_default();
    let Some(kind) = Kind::from_name(kind_name.trim()) else {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        let message = if kind_name.trim().is_empty() {
            format!("is required: one of {}", names.join(", "))
        } else {
            format!(
                "unknown operation kind {kind_name:?} (one of {})",
                names.join(", ")
            )
        };
        problems.push((Some("kind".into()), message));
        return Err(problems);
    };
    let mut object = Map::new();
    for (name, value) in &row.fields {
        if name != "key" && value_has_nul(value) {
            // A NUL ends a C string: the request would not be what the plan says.
            problems.push((Some(name.clone()), "must not contain a NUL byte".to_owned()));
            continue;
        }
        if name == "key" || name == "kind" {
            continue;
        }
        let Some(column) = kind.columns().iter().find(|c| c.name == name) else {
            if convert(Type::Text, value).is_ok_and(|v| v.is_none()) {
                continue;
            }
            let names: Vec<&str> = kind.columns().iter().map(|c| c.name).collect();
            problems.push((
                Some(name.clone()),
                format!(
                    "is not a column of {kind} (its columns: {})",
                    names.join(", ")
                ),
            ));
            continue;
        };
        match convert(column.kind, value) {
            Ok(Some(json)) => insert(&mut object, column.path, json),
            Ok(None) => {}
            Err(message) => problems.push((Some(name.clone()), message)),
        }
    }
    if matches!(kind, Kind::AddServiceUser) {
        object.insert("is_api_only".into(), Value::Bool(true));
    }
    let action = for_kind!(kind, |wrap| decode(object, wrap));
    let action = match action {
        Ok(action) => action,
        Err(message) => {
            problems.push((None, message));
            return Err(problems);
        }
    };
    for v in action.violations() {
        // A conversion problem already names this column.
        let column = column_of(kind, &v.field);
        if !problems.iter().any(|(c, _)| c.as_deref() == Some(&column)) {
            // A rule about the row as a whole (nothing to change) names no column.
            let named = kind.columns().iter().any(|c| c.name == column);
            problems.push((named.then_some(column), v.rule.to_string()));
        }
    }
    if problems.is_empty() {
        Ok(Operation { key, action })
    } else {
        Err(problems)
    }
}

/// Checks every row (and the header, for CSV), handing each good operation to `keep`; every
/// problem is collected. Only what uniqueness needs is held, never the rows.
fn check_rows(
    rows: impl Iterator<Item = Result<Row, PlanError>>,
    header: Option<&[String]>,
    mut keep: impl FnMut(Operation),
) -> Result<(), PlanError> {
    let mut problems = Vec::new();
    if let Some(header) = header {
        for (name, count) in header.iter().fold(BTreeMap::new(), |mut m, h| {
            *m.entry(h).or_insert(0) += 1;
            m
        }) {
            if count > 1 {
                problems.push(Problem {
                    row: None,
                    line: Some(1),
                    column: Some(name.clone()),
                    message: "appears more than once in the header".into(),
                });
            }
        }
        for name in header.iter().filter(|h| !known_column(h)) {
            problems.push(Problem {
                row: None,
                line: Some(1),
                column: Some(name.clone()),
                message: "is not a column of any operation kind".into(),
            });
        }
        for name in ["key", "kind"] {
            if !header.iter().any(|h| h == name) {
                problems.push(Problem {
                    row: None,
                    line: Some(1),
                    column: Some(name.into()),
                    message: "is missing from the header; every plan needs it".into(),
                });
            }
        }
    }
    // A required column missing from a CSV header is one problem, not one per row.
    let mut missing: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut seen = Seen::default();
    for (i, row) in rows.enumerate() {
        let row = match row {
            Ok(row) => row,
            Err(broken) => {
                // Not valid CSV: nothing after it can be read.
                problems.extend(broken.problems);
                break;
            }
        };
        let number = i + 1;
        let mut push = |column: Option<String>, message: String| {
            problems.push(Problem {
                row: Some(number),
                line: row.line,
                column,
                message,
            })
        };
        let key = row.fields.get("key").and_then(|v| to_text(v).ok());
        if let Some((column, message)) = seen.note_key(number, key.as_deref().unwrap_or("")) {
            push(Some(column), message);
        }
        match read_row(&row) {
            Ok(op) => {
                for (column, message) in seen.note_action(number, &op.action) {
                    push(Some(column), message);
                }
                keep(op);
            }
            Err(found) => {
                for (column, message) in found {
                    let absent = header.is_some_and(|h| {
                        column
                            .as_ref()
                            .is_some_and(|c| c != "key" && c != "kind" && !h.contains(c))
                    });
                    match column {
                        Some(column) if absent => missing.entry(column).or_default().push(number),
                        column => push(column, message),
                    }
                }
            }
        }
    }
    for (column, rows) in missing {
        let shown: Vec<String> = rows.iter().take(10).map(usize::to_string).collect();
        let more = if rows.len() > 10 { ", …" } else { "" };
        problems.push(Problem {
            row: None,
            line: Some(1),
            column: Some(column),
            message: format!(
                "is missing from the header; rows {}{more} need it",
                shown.join(", ")
            ),
        });
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(PlanError { problems })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &str) -> Result<Plan, PlanError> {
        Plan::from_csv(text.as_bytes())
    }

    fn ops(plan: &Plan) -> Vec<Operation> {
        plan.operations().map(Result::unwrap).collect()
    }

    #[test]
    fn a_mixed_csv_becomes_operations() {
        let plan = csv(
            "key,kind,email,subaccount_type,username,first_name,last_name,access_roles\n\
             i1,send_invite,a@example.com,retail,,,,\n\
             u1,add_user,ada@example.com,,ada,Ada,Lovelace,5;1\n",
        )
        .unwrap();
        assert_eq!(plan.len(), 2);
        assert_eq!(
            ops(&plan)[0].action,
            Action::SendInvite(SendInviteRequest::new(["a@example.com"], "retail"))
        );
        assert_eq!(
            ops(&plan)[1].action,
            Action::AddUser(AddUserRequest::new(
                "ada",
                "Ada",
                "Lovelace",
                "ada@example.com",
                [5, 1]
            ))
        );
    }

    #[test]
    fn every_problem_is_listed_by_row_and_column() {
        let err = csv(
            "key,kind,email,subaccount_type,username,first_name,last_name,access_roles\n\
             k,send_invite,not-an-email,,,,,\n\
             k,add_user,ada@example.com,,bad name,,L,x\n\
             z,paint_fence,,,,,,\n",
        )
        .unwrap_err();
        let shown: Vec<String> = err.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "row 1 (line 2), column `email`: must be a valid email address",
                "row 1 (line 2), column `subaccount_type`: is required and must not be blank",
                "row 2 (line 3), column `key`: key \"k\" is already used by row 1; it must be unique",
                "row 2 (line 3), column `access_roles`: must be an integer (got \"x\")",
                "row 2 (line 3), column `username`: may contain only a-z, A-Z, 0-9 and @ - _ + . \
                 (found ' ')",
                "row 2 (line 3), column `first_name`: is required and must not be blank",
                "row 3 (line 4), column `kind`: unknown operation kind \"paint_fence\" (one of \
                 send_invite, add_user, add_service_user, create_organization, create_subaccount, \
                 update_user, delete_user, set_user_roles, set_user_containers, revoke_api_key, \
                 delete_organization, create_container, submit_organization_validation)",
            ]
        );
    }

    #[test]
    fn a_validation_row_names_its_organization_and_types() {
        let plan =
            csv("key,kind,organization_id,validations\nv,submit_organization_validation,7,ov;ds\n")
                .unwrap();
        let op = plan.operations().next().unwrap().unwrap();
        assert_eq!(
            op.action,
            Action::SubmitOrganizationValidation(OrganizationValidation {
                organization_id: 7,
                validations: vec!["ov".into(), "ds".into()],
            })
        );
        let err =
            csv("key,kind,organization_id,validations\nv,submit_organization_validation,0,ev\n")
                .unwrap_err();
        let shown: Vec<String> = err.problems.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(shown[0].contains("organization_id"), "{shown:?}");
        assert!(
            shown[1].contains("must be one of ov, ds, smime"),
            "{shown:?}"
        );
    }

    #[test]
    fn duplicate_keys_addresses_and_usernames_are_refused() {
        let err = csv("key,kind,email,subaccount_type\n\
             a,send_invite,x@example.com,retail\n\
             a,send_invite,X@example.com,retail\n")
        .unwrap_err();
        let shown: Vec<String> = err.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "row 2 (line 3), column `key`: key \"a\" is already used by row 1; it must be unique",
                "row 2 (line 3), column `email`: invite address \"x@example.com\" is already used \
                 by row 1; it must be unique",
            ]
        );
    }

    #[test]
    fn header_problems_are_reported_once() {
        let err = csv("key,kind,email,colour\n\
             a,send_invite,x@example.com,red\n\
             b,send_invite,y@example.com,\n")
        .unwrap_err();
        let shown: Vec<String> = err.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "line 1, column `colour`: is not a column of any operation kind",
                "row 1 (line 2), column `colour`: is not a column of send_invite (its columns: \
                 email, subaccount_type, invite_note)",
                "line 1, column `subaccount_type`: is missing from the header; rows 1, 2 need it",
            ]
        );
    }

    #[test]
    fn plans_built_in_code_are_checked_the_same_way() {
        let op = |key: &str, emails: &[&str]| Operation {
            key: key.into(),
            action: Action::SendInvite(SendInviteRequest::new(emails.to_vec(), "retail")),
        };
        let err = Plan::new(vec![
            op("a", &["a@example.com", "b@example.com"]),
            op("a", &["c@example.com"]),
            op("", &[]),
        ])
        .unwrap_err();
        let shown: Vec<String> = err.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "row 1, column `emails`: must hold one address per operation (got 2)",
                "row 2, column `key`: key \"a\" is already used by row 1; it must be unique",
                "row 3, column `key`: is required and must not be blank",
                "row 3, column `emails`: must contain at least one entry",
            ]
        );
        assert_eq!(
            Plan::new(vec![op("a", &["a@example.com"])]).unwrap().len(),
            1
        );
    }

    #[test]
    fn dicts_with_nested_objects_and_lists_are_rows() {
        let row: Map<String, Value> = serde_json::from_str(
            r#"{"key": "s1", "kind": "create_subaccount", "account_type": "managed",
                "allowed_grandchildren": ["retail"], "bill_parent": true,
                "user": {"first_name": "A", "last_name": "B", "email": "a@example.com"},
                "organization": {"name": "N", "address": "1 Way", "zip": 10001,
                                 "city": "C", "state": "s", "country": "us"}}"#,
        )
        .unwrap();
        let plan = Plan::from_rows([Row::from_json(&row)]).unwrap();
        let Action::CreateSubaccount(request) = &ops(&plan)[0].action else {
            panic!("not a subaccount");
        };
        assert_eq!(request.organization.zip, "10001");
        assert_eq!(request.bill_parent, Some(true));
        assert_eq!(request.allowed_grandchildren, ["retail"]);
        let json = ops(&plan)[0].action.to_json();
        assert_eq!(
            Action::from_json(Kind::CreateSubaccount, &json).unwrap(),
            ops(&plan)[0].action
        );
    }
}
