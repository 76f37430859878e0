//! `certcentral plan` and `certcentral apply`: accounts as code.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::progress::Display;
use super::{exit, Connection};
use crate::cancel::CancelToken;
use crate::error::Error;
use crate::state::{self, ApplyOptions, Change, Scope, Source, StatePlan};

/// Exit code of `plan --detailed-exitcode` when there are changes.
pub(crate) const CHANGES: i32 = 2;
/// Exit code of `plan --detailed-exitcode` on any error (2 means changes there).
pub(crate) const DETAILED_ERROR: i32 = 1;

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PlanOutput {
    /// `+`, `~` and `-` lines for people.
    Text,
    /// The plan as JSON, for machines.
    Json,
}

#[derive(Args, Debug)]
pub(crate) struct ScopeArgs {
    /// Delete what the file does not mention: users, service users' API keys (revoked) and
    /// organizations. Never the API key's own user or its keys.
    #[arg(long)]
    prune: bool,
    /// Only this object, e.g. `user.grace` or `division.EMEA` (repeatable).
    #[arg(long = "target", value_name = "KIND.KEY")]
    targets: Vec<String>,
}

impl ScopeArgs {
    fn scope(&self) -> Scope {
        Scope {
            prune: self.prune,
            targets: self.targets.clone(),
        }
    }
}

#[derive(Args, Debug)]
pub(crate) struct PlanArgs {
    /// The state file (TOML, or JSON of the same shape).
    file: PathBuf,
    #[command(flatten)]
    scope: ScopeArgs,
    /// How to print the plan.
    #[arg(long, value_enum, default_value = "text")]
    output: PlanOutput,
    /// Also save the plan, with the live state's fingerprint, for `certcentral apply`.
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
    /// Exit 0 without changes, 2 with changes, 1 on any error.
    #[arg(long)]
    detailed_exitcode: bool,
}

#[derive(Args, Debug)]
pub(crate) struct ApplyArgs {
    /// The state file, or a plan saved by `certcentral plan --out`.
    file: PathBuf,
    #[command(flatten)]
    scope: ScopeArgs,
    /// A folder of stage journals (created if missing); run again with it after a crash.
    #[arg(long, value_name = "DIR")]
    journal: PathBuf,
    #[command(flatten)]
    tuning: super::bulk::Tuning,
}

fn say(message: &dyn std::fmt::Display) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "certcentral: {message}");
}

pub(crate) fn plan(
    connection: &Connection,
    args: &PlanArgs,
    stop: &CancelToken,
) -> Result<i32, Error> {
    let outcome = (|| -> Result<bool, Error> {
        let source = Source::load(&args.file, args.scope.scope())?;
        let client = connection.client(true, stop)?;
        let plan = match (&source, &args.out) {
            (Source::File(desired, scope), Some(out)) => {
                let saved = state::plan_to_save(&client, desired, scope)?;
                saved.save(out)?;
                saved.plan
            }
            _ => state::plan(&client, &source)?,
        };
        let text = match args.output {
            PlanOutput::Json => format!(
                "{:#}\n",
                serde_json::to_value(&plan).unwrap_or(serde_json::Value::Null)
            ),
            PlanOutput::Text => render(&plan, std::io::stdout().is_terminal()),
        };
        super::lists::write_out(text.as_bytes())?;
        if let Some(out) = &args.out {
            say(&format!("plan saved to {}", out.display()));
        }
        Ok(plan.has_changes())
    })();
    match outcome {
        Ok(changes) => Ok(if changes && args.detailed_exitcode {
            CHANGES
        } else {
            exit::OK
        }),
        Err(error) if args.detailed_exitcode => {
            if matches!(error, Error::Interrupted) {
                return Err(error);
            }
            say(&error);
            Ok(DETAILED_ERROR)
        }
        Err(error) => Err(error),
    }
}

/// The plan for people: `+` creations, `~` changes (field: live → wanted), then the
/// deletions apart (red on a terminal), what is not managed here, and notes.
pub(crate) fn render(plan: &StatePlan, colour: bool) -> String {
    use std::fmt::Write;
    let p = |s: &str| super::lists::printable(s).into_owned();
    let value = |v: &serde_json::Value| match v {
        serde_json::Value::Null => "(none)".to_owned(),
        other => p(&other.to_string()),
    };
    let mut out = String::new();
    for item in plan.items.iter().filter(|i| i.change != Change::Delete) {
        let _ = writeln!(out, "{} {}", item.change.sign(), p(&item.address));
        for f in &item.fields {
            match item.change {
                Change::Create => {
                    let _ = writeln!(out, "    {}: {}", f.field, value(&f.wanted));
                }
                _ => {
                    let _ = writeln!(
                        out,
                        "    {}: {} → {}",
                        f.field,
                        value(&f.live),
                        value(&f.wanted)
                    );
                }
            }
        }
    }
    let deletions: Vec<_> = plan
        .items
        .iter()
        .filter(|i| i.change == Change::Delete)
        .collect();
    if !deletions.is_empty() {
        let (red, reset) = if colour {
            ("\x1b[31m", "\x1b[0m")
        } else {
            ("", "")
        };
        let _ = writeln!(out, "\n{red}Deletions (--prune):{reset}");
        for item in deletions {
            let _ = writeln!(out, "{red}- {}{reset}", p(&item.address));
            for f in &item.fields {
                let _ = writeln!(out, "{red}    {}: {}{reset}", f.field, value(&f.live));
            }
        }
    }
    if !plan.unmanaged.is_empty() {
        let _ = writeln!(
            out,
            "\nNot managed here ({}; never touched):",
            plan.unmanaged.len()
        );
        for address in &plan.unmanaged {
            let _ = writeln!(out, "  {}", p(address));
        }
    }
    for note in &plan.notes {
        let _ = writeln!(out, "\nnote: {}", p(note));
    }
    let _ = writeln!(
        out,
        "\n{}",
        if plan.has_changes() {
            format!(
                "Plan: {} to create, {} to change, {} to delete.",
                plan.count(Change::Create),
                plan.count(Change::Update),
                plan.count(Change::Delete)
            )
        } else {
            "No changes: the account matches the file.".to_owned()
        }
    );
    out
}

pub(crate) fn apply(
    connection: &Connection,
    args: &ApplyArgs,
    stop: &CancelToken,
) -> Result<i32, Error> {
    let source = Source::load(&args.file, args.scope.scope())?;
    let client = connection.client(true, stop)?;
    let options = ApplyOptions {
        workers: args.tuning.workers,
        max_attempts: args.tuning.max_attempts,
        cancel: Some(stop.clone()),
    };
    let mut display = Display::new();
    let outcome = state::apply(&client, &source, &args.journal, &options, &mut display);
    display.finish();
    let report = match outcome {
        Ok(report) => report,
        Err(error) => {
            if !matches!(error, Error::Interrupted) {
                say(&error);
            } else {
                say(
                    &"interrupted; nothing further was sent (requests under way finished and \
                       are journaled)",
                );
            }
            if args.journal.is_dir() {
                say(&format!(
                    "run the same apply again with --journal {} to go on",
                    args.journal.display()
                ));
            }
            return Ok(match error {
                Error::Interrupted => exit::INTERRUPTED,
                other => super::exit_code(&other),
            });
        }
    };
    use std::fmt::Write;
    let mut text = String::new();
    for stage in &report.stages {
        let counts: Vec<String> = stage
            .counts()
            .iter()
            .map(|(s, n)| format!("{s} {n}"))
            .collect();
        let _ = writeln!(
            text,
            "{}: {} operations: {}",
            stage
                .journal
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            stage.entries.len(),
            counts.join(", ")
        );
        for entry in stage
            .entries
            .iter()
            .filter(|e| e.state != crate::bulk::State::Done)
        {
            let _ = writeln!(
                text,
                "  {} {} ({}): {}",
                entry.state,
                super::lists::printable(&entry.key),
                entry.kind,
                super::lists::printable(entry.message.as_deref().unwrap_or(""))
            );
        }
    }
    if report
        .stages
        .iter()
        .any(|s| s.entries.iter().any(|e| e.key_written))
    {
        let _ = writeln!(text, "one-time keys: {}", report.keys_file.display());
    }
    if report.converged {
        let _ = writeln!(
            text,
            "{}",
            if report.stages.is_empty() {
                "No changes: the account matches the file; nothing was sent."
            } else {
                "Applied: the account matches the file."
            }
        );
    } else {
        let _ = write!(
            text,
            "Not finished; what is left:\n{}",
            render(&report.remaining, false)
        );
    }
    super::lists::write_out(text.as_bytes())?;
    Ok(if report.converged {
        exit::OK
    } else {
        exit::INCOMPLETE
    })
}
