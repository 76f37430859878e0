//! `certcentral invites|users|orgs list`, printed as a table, JSON or CSV.

use std::io::Write;

use clap::{Args, Subcommand, ValueEnum};

use super::{exit, Connection};
use crate::api::{
    Invite, ListInvitesQuery, ListOrganizationsQuery, ListParams, ListUsersQuery, Organization,
    RawJson, User,
};
use crate::cancel::CancelToken;
use crate::error::Error;

/// How records are printed.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Output {
    /// Aligned columns.
    Table,
    /// A JSON array of the records as the server sent them.
    Json,
    /// CSV with a header row.
    Csv,
}

#[derive(Subcommand, Debug)]
pub(crate) enum ListCommand<F: Args> {
    /// List them, following every page.
    List {
        #[command(flatten)]
        filters: F,
        /// At most this many records (at least 1).
        #[arg(long, allow_negative_numbers = true, value_parser = positive_count)]
        limit: Option<usize>,
        /// How to print them.
        #[arg(long, value_enum, default_value = "table")]
        output: Output,
    },
}

#[derive(Args, Debug)]
pub(crate) struct InviteFilters {
    /// Only invites with this status (pending, accepted, expired, cancelled).
    #[arg(long)]
    status: Option<String>,
    /// Only the invite to this address.
    #[arg(long)]
    email: Option<String>,
    /// An exact email, or with a leading % any email containing the rest.
    #[arg(long)]
    search: Option<String>,
}

#[derive(Args, Debug)]
pub(crate) struct SearchFilters {
    /// The endpoint's free-text search.
    #[arg(long)]
    search: Option<String>,
}

/// A count of at least 1; anything else is refused naming the rule (a negative number is read
/// as a number, not as an unknown option).
fn positive_count(text: &str) -> Result<usize, String> {
    match text.trim().parse::<i64>() {
        Ok(n) if n >= 1 => usize::try_from(n).map_err(|_| format!("{n} is too large")),
        Ok(n) => Err(format!("must be at least 1 (got {n})")),
        Err(_) => Err(format!(
            "must be a whole number of at least 1 (got {text:?})"
        )),
    }
}

/// Page size when following pages.
const PAGE: u32 = 1000;

/// Text as a terminal may show it: control characters (escape sequences among them) are
/// written out as `\u{…}` instead of reaching the terminal.
pub(crate) fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// A CSV cell a spreadsheet will not run: one starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return gets a leading `'` (OWASP's advice against formula injection).
fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// CSV rows built in memory, every cell spreadsheet-safe.
pub(crate) struct CsvOut {
    text: Vec<u8>,
}

impl CsvOut {
    pub(crate) fn new(header: &[&str]) -> CsvOut {
        let mut out = CsvOut { text: Vec::new() };
        let header: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
        out.row(&header);
        out
    }

    pub(crate) fn row(&mut self, cells: &[String]) {
        let mut writer = csv::Writer::from_writer(Vec::new());
        // Writing to memory cannot fail.
        let _ = writer.write_record(cells.iter().map(|c| spreadsheet_safe(c).into_owned()));
        self.text.extend(writer.into_inner().unwrap_or_default());
    }

    /// The text so far; it starts again empty (without a header).
    pub(crate) fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.text)
    }

    pub(crate) fn finish(mut self) -> String {
        String::from_utf8_lossy(&self.take()).into_owned()
    }
}

/// Why printing stopped early.
pub(crate) enum Stopped {
    /// The reader went away (`| head`): a quiet end.
    PipeClosed,
    Failed(Box<Error>),
}

/// Writes to stdout. A closed pipe is a quiet end, not an error.
fn write_stdout(bytes: &[u8]) -> Result<(), Stopped> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Stopped::PipeClosed),
        Err(e) => Err(Stopped::Failed(Box::new(Error::invalid_argument(
            "stdout",
            format!("cannot write: {e}"),
        )))),
    }
}

/// [`write_stdout`] for a whole output: a closed pipe ends quietly.
pub(crate) fn write_out(bytes: &[u8]) -> Result<(), Error> {
    match write_stdout(bytes) {
        Ok(()) | Err(Stopped::PipeClosed) => Ok(()),
        Err(Stopped::Failed(e)) => Err(*e),
    }
}

/// Prints records as their pages arrive (never holding more than one page), up to `limit`.
fn print<Q: crate::api::ListQuery>(
    mut pages: crate::api::Pages<Q>,
    raw_of: fn(&Q::Item) -> &RawJson,
    columns: &[&str],
    limit: Option<usize>,
    output: Output,
) -> Result<i32, Error> {
    let cell = |value: &serde_json::Value, column: &str| match &value[column] {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut left = limit.unwrap_or(usize::MAX);
    let mut printed = 0usize;
    let mut widths: Vec<usize> = columns.iter().map(|c| c.len()).collect();
    let mut csv = CsvOut::new(columns);
    let mut first = true;
    let outcome = (|| -> Result<(), Stopped> {
        loop {
            let page = match pages.next_page() {
                None => break,
                Some(page) => page.map_err(|e| Stopped::Failed(Box::new(e)))?,
            };
            let page: Vec<serde_json::Value> = page
                .iter()
                .take(left)
                .map(|r| serde_json::from_str(raw_of(r).as_str()).unwrap_or_default())
                .collect();
            left -= page.len();
            let mut text = Vec::new();
            match output {
                Output::Json => {
                    for value in &page {
                        text.extend_from_slice(if printed == 0 { b"[\n" } else { b",\n" });
                        text.extend_from_slice(value.to_string().as_bytes());
                        printed += 1;
                    }
                }
                Output::Csv => {
                    for value in &page {
                        let cells: Vec<String> = columns.iter().map(|c| cell(value, c)).collect();
                        csv.row(&cells);
                    }
                    text = csv.take();
                }
                Output::Table => {
                    let rows: Vec<Vec<String>> = page
                        .iter()
                        .map(|v| {
                            columns
                                .iter()
                                .map(|c| printable(&cell(v, c)).into_owned())
                                .collect()
                        })
                        .collect();
                    // The first page sets the columns' widths; later rows never shift them.
                    if first {
                        for row in &rows {
                            for (width, value) in widths.iter_mut().zip(row) {
                                *width = (*width).max(value.chars().count());
                            }
                        }
                    }
                    let line = |values: &[&str]| {
                        let padded: Vec<String> = values
                            .iter()
                            .zip(&widths)
                            .map(|(v, w)| format!("{v:<w$}"))
                            .collect();
                        padded.join("  ").trim_end().to_owned() + "\n"
                    };
                    if first {
                        text.extend_from_slice(line(columns).as_bytes());
                    }
                    for row in &rows {
                        let values: Vec<&str> = row.iter().map(String::as_str).collect();
                        text.extend_from_slice(line(&values).as_bytes());
                    }
                }
            }
            first = false;
            write_stdout(&text)?;
            if left == 0 {
                break;
            }
        }
        // What an empty listing still prints: the header, or an empty array.
        let end: Vec<u8> = match output {
            Output::Json if printed == 0 => b"[]\n".to_vec(),
            Output::Json => b"\n]\n".to_vec(),
            Output::Csv => csv.take(),
            Output::Table if first => line_of(columns),
            Output::Table => Vec::new(),
        };
        write_stdout(&end)
    })();
    match outcome {
        Ok(()) | Err(Stopped::PipeClosed) => Ok(exit::OK),
        Err(Stopped::Failed(e)) => Err(*e),
    }
}

/// The header line of an empty table.
fn line_of(columns: &[&str]) -> Vec<u8> {
    (columns.join("  ") + "\n").into_bytes()
}

fn args<F: Args>(command: &ListCommand<F>) -> (&F, Option<usize>, Output) {
    let ListCommand::List {
        filters,
        limit,
        output,
    } = command;
    (filters, *limit, *output)
}

fn page(limit: Option<usize>) -> u32 {
    limit.map_or(PAGE, |n| n.clamp(1, PAGE as usize) as u32)
}

pub(crate) fn invites(
    connection: &Connection,
    command: &ListCommand<InviteFilters>,
    stop: &CancelToken,
) -> Result<i32, Error> {
    let (filters, limit, output) = args(command);
    let query = ListInvitesQuery {
        status: filters.status.clone(),
        email: filters.email.clone(),
        search: filters.search.clone(),
        limit: Some(page(limit)),
        ..ListInvitesQuery::default()
    };
    let records = connection.client(false, stop)?.invites(query)?;
    let columns = ["id", "email", "subaccount_type", "status", "date_created"];
    print(records, |r: &Invite| &r.raw, &columns, limit, output)
}

pub(crate) fn users(
    connection: &Connection,
    command: &ListCommand<SearchFilters>,
    stop: &CancelToken,
) -> Result<i32, Error> {
    let (filters, limit, output) = args(command);
    let query = ListUsersQuery {
        list: ListParams {
            search: filters.search.clone(),
            limit: Some(page(limit)),
            ..ListParams::default()
        },
        ..ListUsersQuery::default()
    };
    let records = connection.client(false, stop)?.users(query)?;
    let columns = [
        "id",
        "username",
        "email",
        "first_name",
        "last_name",
        "status",
    ];
    print(records, |r: &User| &r.raw, &columns, limit, output)
}

pub(crate) fn organizations(
    connection: &Connection,
    command: &ListCommand<SearchFilters>,
    stop: &CancelToken,
) -> Result<i32, Error> {
    let (filters, limit, output) = args(command);
    let query = ListOrganizationsQuery {
        list: ListParams {
            search: filters.search.clone(),
            limit: Some(page(limit)),
            ..ListParams::default()
        },
        ..ListOrganizationsQuery::default()
    };
    let records = connection.client(false, stop)?.organizations(query)?;
    let columns = ["id", "name", "city", "state", "country", "status"];
    print(records, |r: &Organization| &r.raw, &columns, limit, output)
}
