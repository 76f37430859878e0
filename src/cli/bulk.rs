//! `certcentral bulk run|resume|status`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::progress::Display;
use super::{exit, Connection};
use crate::bulk::{self, Plan, Report, RunOptions, State};
use crate::cancel::CancelToken;
use crate::error::Error;

#[derive(Subcommand, Debug)]
pub(crate) enum BulkCommand {
    /// Run a plan (CSV with `key` and `kind` columns, then the API's field names).
    Run {
        /// The plan file.
        plan: PathBuf,
        /// The journal to create (SQLite); resume from it after a crash.
        #[arg(long, value_name = "PATH")]
        journal: PathBuf,
        /// Where one-time keys go (mode 0600). Default: <journal>.keys.jsonl.
        #[arg(long, value_name = "PATH")]
        keys_file: Option<PathBuf>,
        #[command(flatten)]
        options: Tuning,
    },
    /// Go on with a run from its journal: operations that may have been sent are checked on
    /// the read side first; nothing is repeated.
    Resume {
        /// The run's journal.
        journal: PathBuf,
        /// Also send the failed operations again (the server refused them, so this repeats
        /// nothing).
        #[arg(long)]
        retry_failed: bool,
        #[command(flatten)]
        options: Tuning,
    },
    /// Show a run's state from its journal; sends nothing.
    Status {
        /// The run's journal.
        journal: PathBuf,
        /// How to print it.
        #[arg(long, value_enum, default_value = "table")]
        output: super::lists::Output,
    },
}

#[derive(Args, Debug)]
pub(crate) struct Tuning {
    /// Operations run at once; they share one client and its rate limiter.
    #[arg(long, default_value_t = 4)]
    pub(crate) workers: usize,
    /// The most times one operation's request is sent.
    #[arg(long, default_value_t = 3)]
    pub(crate) max_attempts: u32,
}

pub(crate) fn run(
    connection: &Connection,
    command: &BulkCommand,
    stop: &CancelToken,
) -> Result<i32, Error> {
    let (report, display, journal) = match command {
        BulkCommand::Status { journal, output } => {
            let report = bulk::status(journal)?;
            print_report(&report, *output)?;
            return Ok(code(&report));
        }
        BulkCommand::Run {
            plan,
            journal,
            keys_file,
            options,
        } => {
            // Checked in one pass over the file; the run reads it again as it journals it.
            let plan = match Plan::from_csv_file(plan) {
                Ok(plan) => plan,
                Err(problems) => {
                    use std::io::Write;
                    let _ = writeln!(std::io::stderr().lock(), "certcentral: {problems}");
                    return Ok(exit::USAGE);
                }
            };
            let client = connection.client(true, stop)?;
            let run_options = RunOptions {
                workers: options.workers,
                max_attempts: options.max_attempts,
                keys_file: keys_file.clone(),
                retry_failed: false,
                cancel: Some(stop.clone()),
            };
            let mut display = Display::new();
            let report = bulk::run(&client, &plan, journal, &run_options, &mut display);
            (report, display, journal)
        }
        BulkCommand::Resume {
            journal,
            retry_failed,
            options,
        } => {
            let client = connection.client(true, stop)?;
            let run_options = RunOptions {
                workers: options.workers,
                max_attempts: options.max_attempts,
                keys_file: None,
                retry_failed: *retry_failed,
                cancel: Some(stop.clone()),
            };
            let mut display = Display::new();
            let report = bulk::resume(&client, journal, &run_options, &mut display);
            (report, display, journal)
        }
    };
    display.finish();
    match report {
        Ok(report) => {
            print_report(&report, super::lists::Output::Table)?;
            Ok(code(&report))
        }
        Err(error) => {
            use std::io::Write;
            let mut err = std::io::stderr().lock();
            let (what, code) = match &error {
                Error::Interrupted => (
                    "interrupted; nothing further was sent (requests under way finished and \
                     are journaled)"
                        .to_owned(),
                    exit::INTERRUPTED,
                ),
                other => (other.to_string(), super::exit_code(other)),
            };
            let _ = writeln!(err, "certcentral: {what}");
            // A run that got as far as its journal goes on from there.
            if bulk::status(journal).is_ok() {
                let _ = writeln!(
                    err,
                    "certcentral: resume with: certcentral bulk resume {}",
                    journal.display()
                );
            }
            Ok(code)
        }
    }
}

fn code(report: &Report) -> i32 {
    if report.all_done() {
        exit::OK
    } else {
        exit::INCOMPLETE
    }
}

fn print_report(report: &Report, output: super::lists::Output) -> Result<(), Error> {
    use super::lists::Output;
    let mut text = String::new();
    let counts = report.counts();
    match output {
        Output::Json => {
            let entries: Vec<serde_json::Value> = report
                .entries
                .iter()
                .map(|e| {
                    serde_json::json!({
                        "key": e.key, "kind": e.kind.name(), "state": e.state.name(),
                        "attempts": e.attempts, "id": e.created_id, "error_kind": e.error_kind,
                        "message": e.message, "key_written": e.key_written,
                    })
                })
                .collect();
            let counts: serde_json::Map<String, serde_json::Value> = counts
                .iter()
                .map(|(s, n)| (s.name().to_owned(), (*n).into()))
                .collect();
            let value = serde_json::json!({
                "journal": report.journal, "keys_file": report.keys_file,
                "counts": counts, "operations": entries,
            });
            text = format!("{value:#}\n");
        }
        Output::Csv => {
            let mut csv = super::lists::CsvOut::new(&[
                "key",
                "kind",
                "state",
                "attempts",
                "id",
                "error_kind",
                "message",
                "key_written",
            ]);
            for e in &report.entries {
                csv.row(&[
                    e.key.clone(),
                    e.kind.name().to_owned(),
                    e.state.name().to_owned(),
                    e.attempts.to_string(),
                    e.created_id.map(|id| id.to_string()).unwrap_or_default(),
                    e.error_kind.clone().unwrap_or_default(),
                    e.message.clone().unwrap_or_default(),
                    e.key_written.to_string(),
                ]);
            }
            text = csv.finish();
        }
        Output::Table => {
            use std::fmt::Write;
            let line: Vec<String> = counts.iter().map(|(s, n)| format!("{s} {n}")).collect();
            let _ = writeln!(
                text,
                "{} operations: {}",
                report.entries.len(),
                line.join(", ")
            );
            for state in [State::Failed, State::NeedsAttention, State::InFlight] {
                for entry in report.in_state(state) {
                    let note = match (&entry.message, state) {
                        (Some(message), _) => message.as_str(),
                        (None, State::InFlight) => {
                            "may have been sent; a resume checks before acting"
                        }
                        (None, _) => "",
                    };
                    let _ = writeln!(
                        text,
                        "  {state} {} ({}): {}",
                        super::lists::printable(&entry.key),
                        entry.kind,
                        super::lists::printable(note)
                    );
                }
            }
            if report.entries.iter().any(|e| e.key_written) {
                let _ = writeln!(text, "one-time keys: {}", report.keys_file.display());
            }
            if !report.finished() {
                let _ = writeln!(
                    text,
                    "resume with: certcentral bulk resume {}",
                    report.journal.display()
                );
            }
        }
    }
    super::lists::write_out(text.as_bytes())
}
