//! Accounts as code (feature `bulk`): a state file says what divisions, users, service users
//! and organizations an account holds; [`plan`] compares it with the live account and
//! [`apply`] converges the account to it through the bulk engine, stage by stage, journaled, so
//! that a run killed at any instant goes on from where it got to and repeats nothing.
//!
//! ```no_run
//! use certcentral::state::{self, ApplyOptions, Scope, Source};
//!
//! let client = certcentral::Client::builder().build()?;
//! let source = Source::load("accounts.toml".as_ref(), Scope::default())?;
//! let plan = state::plan(&client, &source)?;
//! println!("{} to create", plan.count(state::Change::Create));
//! let options = ApplyOptions::default();
//! let report = state::apply(&client, &source, "run.db".as_ref(), &options, &mut ())?;
//! assert!(report.converged);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! `file` reads and checks the state file; `live` reads the account; `diff` computes the
//! plan; `ops` turns it into bulk operations; `saved` keeps a plan and the live state's
//! fingerprint.

mod diff;
mod file;
mod live;
mod ops;
mod saved;

use std::path::{Path, PathBuf};

pub use diff::{Change, FieldChange, Item, Scope, StatePlan};
pub use file::{
    parse, read_file, Contact, Desired, Division, FileError, FileProblem, Organization, RoleName,
    ServiceUser, User,
};
pub use live::{read as read_live, Live, LiveDivision, LiveKey, LiveOrganization, LiveUser};
pub use saved::{SavedPlan, FORMAT as SAVED_PLAN_FORMAT};

use crate::bulk::{self, Observer, Operation, Plan, Report, RunOptions};
use crate::cancel::CancelToken;
use crate::client::Client;
use crate::error::Error;

/// What to plan or apply: a state file with its scope, or a saved plan.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A state file, and `--prune`/`--target`.
    File(Desired, Scope),
    /// A saved plan: applied only while the account is as it was when the plan was made.
    Saved(SavedPlan),
}

impl Source {
    /// Reads `path`: a saved plan (JSON with `"format": "certcentral-plan/1"`; `scope` must
    /// then be empty), else a state file. A state file with problems is refused whole
    /// (`InvalidArgument` on `state`, listing every problem); nothing is read or sent.
    pub fn load(path: &Path, scope: Scope) -> Result<Source, Error> {
        scope.check()?;
        if let Ok(text) = std::fs::read_to_string(path) {
            if let Some(saved) = SavedPlan::parse(&text) {
                if scope.prune || !scope.targets.is_empty() {
                    return Err(Error::invalid_argument(
                        "saved_plan",
                        "a saved plan keeps its own --prune and --target: give neither",
                    ));
                }
                return Ok(Source::Saved(saved));
            }
        }
        Ok(Source::File(read_file(path)?, scope))
    }

    fn parts(&self) -> (&Desired, &Scope) {
        match self {
            Source::File(d, s) => (d, s),
            Source::Saved(p) => (&p.desired, &p.scope),
        }
    }
}

/// Reads the account and computes the plan; sends nothing. A saved plan is computed again
/// (and refused if the account moved since it was made).
pub fn plan(client: &Client, source: &Source) -> Result<StatePlan, Error> {
    let live = live::read(client)?;
    if let Source::Saved(saved) = source {
        saved.check(&live)?;
    }
    let (desired, scope) = source.parts();
    diff::diff(desired, &live, scope)
}

/// [`plan`], kept with the live state's digests to be applied later.
pub fn plan_to_save(client: &Client, desired: &Desired, scope: &Scope) -> Result<SavedPlan, Error> {
    let live = live::read(client)?;
    let plan = diff::diff(desired, &live, scope)?;
    Ok(SavedPlan {
        format: saved::FORMAT.to_owned(),
        desired: desired.clone(),
        scope: scope.clone(),
        objects: saved::objects(&live),
        plan,
    })
}

/// How an apply goes.
#[derive(Debug, Clone)]
pub struct ApplyOptions {
    /// Operations run at once within a stage (default 4).
    pub workers: usize,
    /// The most times one operation's request is sent (default 3).
    pub max_attempts: u32,
    /// Stops the apply (operations under way finish and are journaled).
    pub cancel: Option<CancelToken>,
}

impl Default for ApplyOptions {
    fn default() -> ApplyOptions {
        ApplyOptions {
            workers: 4,
            max_attempts: 3,
            cancel: None,
        }
    }
}

/// What an apply did.
#[derive(Debug, Clone)]
pub struct ApplyReport {
    /// Each stage run (or resumed), in order.
    pub stages: Vec<Report>,
    /// The plan left at the end: empty when the account matches the file.
    pub remaining: StatePlan,
    /// Whether the account now matches the file (every stage done, nothing left).
    pub converged: bool,
    /// Where created service users' one-time keys are (mode 0600).
    pub keys_file: PathBuf,
}

/// The most stages one apply runs: nested divisions take one each.
const MAX_ROUNDS: usize = 32;

/// The stage journals in `dir`, in order.
fn stage_journals(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Error::invalid_argument("journal", format!("cannot read {}: {e}", dir.display()))
    })?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("stage-") && n.ends_with(".db"))
        })
        .collect();
    found.sort();
    Ok(found)
}

/// Converges the account to the source. `journal` is a folder (created if missing) holding
/// one bulk journal per stage (`stage-001.db`, …) and the keys file (`keys.jsonl`, mode
/// 0600). Run again with the same folder after a crash: an unfinished stage is resumed first
/// (nothing repeated), then the plan is computed again from the account and carried on.
///
/// Stages: divisions; then users, service users and organizations; then assignments,
/// validations and deletions. The account is read again before each, since the ids of what a
/// stage created are only known then. A saved plan is refused when the account moved since it
/// was made (checked before the first stage of a new apply).
pub fn apply(
    client: &Client,
    source: &Source,
    journal: &Path,
    options: &ApplyOptions,
    observer: &mut dyn Observer,
) -> Result<ApplyReport, Error> {
    if journal.exists() && !journal.is_dir() {
        return Err(Error::invalid_argument(
            "journal",
            format!(
                "{} is a file: an apply's journal is a folder of stage journals",
                journal.display()
            ),
        ));
    }
    std::fs::create_dir_all(journal).map_err(|e| {
        Error::invalid_argument(
            "journal",
            format!("cannot create {}: {e}", journal.display()),
        )
    })?;
    let keys_file = std::path::absolute(journal.join("keys.jsonl"))
        .map_err(|e| Error::invalid_argument("keys_file", e.to_string()))?;
    let run_options = RunOptions {
        workers: options.workers,
        max_attempts: options.max_attempts,
        keys_file: Some(keys_file.clone()),
        retry_failed: false,
        cancel: options.cancel.clone(),
    };
    let mut stages = Vec::new();
    let previous = stage_journals(journal)?;
    for path in &previous {
        // A journal killed while it was being written holds nothing: nothing was sent.
        if std::fs::metadata(path).is_ok_and(|m| m.len() == 0) {
            let _ = std::fs::remove_file(path);
            continue;
        }
        let status = bulk::status(path)?;
        if status.finished() {
            continue;
        }
        let report = bulk::resume(client, path, &run_options, observer)?;
        let done = report.all_done();
        stages.push(report);
        if !done {
            return Ok(ApplyReport {
                stages,
                remaining: plan(
                    client,
                    &Source::File(source.parts().0.clone(), source.parts().1.clone()),
                )?,
                converged: false,
                keys_file,
            });
        }
    }
    let (desired, scope) = source.parts();
    let first = stage_journals(journal)?.len() + 1;
    for next in first..first + MAX_ROUNDS {
        let live = live::read(client)?;
        if next == first && previous.is_empty() {
            if let Source::Saved(saved) = source {
                saved.check(&live)?;
            }
        }
        let plan = diff::diff(desired, &live, scope)?;
        let ops: Vec<&ops::Op> = plan.items.iter().flat_map(|i| &i.ops).collect();
        let ready = ops.iter().filter(|o| o.action.is_some());
        let Some(stage) = ready.clone().map(|o| o.stage).min() else {
            let converged = ops.is_empty();
            if !converged {
                return Err(Error::invalid_argument(
                    "state",
                    "the plan cannot go on: its operations wait for objects nothing creates",
                ));
            }
            return Ok(ApplyReport {
                stages,
                remaining: plan,
                converged,
                keys_file,
            });
        };
        let operations: Vec<Operation> = ready
            .filter(|o| o.stage == stage)
            .filter_map(|o| {
                o.action.clone().map(|action| Operation {
                    key: o.key.clone(),
                    action,
                })
            })
            .collect();
        let bulk_plan = Plan::new(operations).map_err(|e| {
            Error::invalid_argument("state", format!("the stage's operations are refused: {e}"))
        })?;
        let path = journal.join(format!("stage-{next:03}.db"));
        let report = bulk::run(client, &bulk_plan, &path, &run_options, observer)?;
        let done = report.all_done();
        stages.push(report);
        if !done {
            let remaining = diff::diff(desired, &live::read(client)?, scope)?;
            return Ok(ApplyReport {
                stages,
                remaining,
                converged: false,
                keys_file,
            });
        }
    }
    Err(Error::invalid_argument(
        "state",
        format!("the account did not converge in {MAX_ROUNDS} stages"),
    ))
}
