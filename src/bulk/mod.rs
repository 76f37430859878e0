//! Bulk provisioning that survives crashes (feature `bulk`): a [`Plan`] of operations, run by
//! workers sharing one [`Client`](crate::Client) (so its rate limiter paces the whole run),
//! journaled in SQLite so that a run killed at any instant resumes and repeats nothing.
//!
//! ```no_run
//! use certcentral::bulk::{self, Plan, RunOptions};
//!
//! let client = certcentral::Client::builder().build()?;
//! let plan = Plan::from_csv(std::fs::File::open("plan.csv")?)?;
//! let report = bulk::run(&client, &plan, "run.db".as_ref(), &RunOptions::default(), &mut ())?;
//! println!("{:?}", report.counts());
//! // After a crash: bulk::resume(&client, "run.db".as_ref(), &RunOptions::default(), &mut ())
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Each operation moves `pending` → `in_flight` (journaled just before its request may leave)
//! → `done` (with the created id), `failed` (refused; nothing was carried out) or
//! `needs_attention` (it may have been carried out and nothing can tell). After an outcome that
//! leaves this open, and for every `in_flight` operation of a resumed run, the read side decides
//! before anything is sent again: an invite by its address (pending), a user by its username,
//! an organization through the duplicate check, a division by its name under its parent, a
//! deletion or revocation by reading its target (gone or revoked: done); an update or a list
//! replacement is sent again (the same full set leaves the same result). A subaccount or a service user has no reliable
//! look-up: it becomes `needs_attention` and is never repeated automatically. One-time keys go
//! to the keys file (mode 0600) and to the observer, never to the journal or a log.

mod engine;
mod journal;
mod keys;
mod plan;
mod reconcile;
mod report;
mod targets;

pub use engine::{default_keys_file, resume, run, status, Observer, RunOptions};
pub use journal::{Entry, State};
pub use keys::OneTimeKey;
pub use plan::{Action, Kind, Operation, Plan, PlanError, Problem, Row, MAX_KEY_CHARS};
pub use report::{Progress, Report};
pub use targets::{
    ContainerCreation, KeyTarget, OrganizationTarget, OrganizationValidation, UserContainers,
    UserRoles, UserTarget, UserUpdate,
};
