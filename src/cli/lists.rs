//! `certcentral invites|users|orgs list`, printed as a table, JSON or CSV.

use std::io::Write;

use clap::{Args, Subcommand, ValueEnum};

use super::{exit, Connection};
use crate::error::Error;
use crate::models::{
    Invite, ListInvitesQuery, ListOrganizationsQuery, ListParams, ListUsersQuery, Organization,
    RawJson, User,
};

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
        /// At most this many records.
        #[arg(long)]
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

/// Page size when following pages.
const PAGE: u32 = 1000;

fn print<T>(
    records: impl Iterator<Item = Result<T, Error>>,
    raw_of: fn(&T) -> &RawJson,
    columns: &[&str],
    limit: Option<usize>,
    output: Output,
) -> Result<i32, Error> {
    let mut rows = Vec::new();
    for record in records.take(limit.unwrap_or(usize::MAX)) {
        rows.push(record?);
    }
    let raw: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| serde_json::from_str(raw_of(r).as_str()).unwrap_or_default())
        .collect();
    let cell = |value: &serde_json::Value, column: &str| match &value[column] {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut out = std::io::stdout().lock();
    let written = match output {
        Output::Json => writeln!(out, "{:#}", serde_json::Value::Array(raw)),
        Output::Csv => {
            let mut csv = csv::Writer::from_writer(&mut out);
            let mut result = csv.write_record(columns);
            for value in &raw {
                let cells: Vec<String> = columns.iter().map(|c| cell(value, c)).collect();
                result = result.and_then(|()| csv.write_record(&cells));
            }
            result
                .and_then(|()| csv.flush().map_err(Into::into))
                .map_err(std::io::Error::other)
        }
        Output::Table => {
            let cells: Vec<Vec<String>> = raw
                .iter()
                .map(|v| columns.iter().map(|c| cell(v, c)).collect())
                .collect();
            let widths: Vec<usize> = columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    cells
                        .iter()
                        .map(|row| row[i].chars().count())
                        .chain([c.len()])
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            let line = |values: Vec<&str>| {
                let padded: Vec<String> = values
                    .iter()
                    .zip(&widths)
                    .map(|(v, w)| format!("{v:<w$}"))
                    .collect();
                padded.join("  ").trim_end().to_owned()
            };
            let mut text = line(columns.to_vec());
            for row in &cells {
                text.push('\n');
                text.push_str(&line(row.iter().map(String::as_str).collect()));
            }
            writeln!(out, "{text}")
        }
    };
    written.map_err(|e| Error::invalid_argument("stdout", format!("cannot write: {e}")))?;
    Ok(exit::OK)
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
) -> Result<i32, Error> {
    let (filters, limit, output) = args(command);
    let query = ListInvitesQuery {
        status: filters.status.clone(),
        email: filters.email.clone(),
        search: filters.search.clone(),
        limit: Some(page(limit)),
        ..ListInvitesQuery::default()
    };
    let records = connection.client(false)?.invites(query)?;
    let columns = ["id", "email", "subaccount_type", "status", "date_created"];
    print(records, |r: &Invite| &r.raw, &columns, limit, output)
}

pub(crate) fn users(
    connection: &Connection,
    command: &ListCommand<SearchFilters>,
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
    let records = connection.client(false)?.users(query)?;
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
    let records = connection.client(false)?.organizations(query)?;
    let columns = ["id", "name", "city", "state", "country", "status"];
    print(records, |r: &Organization| &r.raw, &columns, limit, output)
}
