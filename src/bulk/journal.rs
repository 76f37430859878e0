//! The journal: one SQLite file holding the plan and every operation's state, written before
//! each request is sent (`in_flight`) and after its outcome, so that a run killed at any instant
//! resumes from it and repeats nothing.
//!
//! WAL mode with `synchronous=NORMAL`: each write is complete in the operating system before the
//! call returns, so it survives the process being killed (`kill -9`) at any point; a power
//! failure may lose the last writes. No secret is ever stored: requests carry none, error
//! messages never hold a body, and one-time keys go to the keys file (`key_written` only says
//! that one did).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{params, Connection, OptionalExtension};

use super::plan::{Action, Kind, Plan};
use crate::error::Error;

/// Format of the journal's tables; a journal of another format is refused.
const FORMAT: i64 = 1;

/// Where an operation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    /// Not sent yet (or known not to have been carried out).
    Pending,
    /// Its request may have been sent and its outcome is not recorded: a resume checks the read
    /// side before acting again.
    InFlight,
    /// Carried out; `created_id` holds the id where there is one.
    Done,
    /// Refused by the server (or it kept failing); nothing was carried out.
    Failed,
    /// It may or may not have been carried out and nothing can tell: a person must look. Never
    /// repeated automatically.
    NeedsAttention,
}

impl State {
    /// Every state, in report order.
    ///
    /// cbindgen:ignore
    pub const ALL: [State; 5] = [
        State::Pending,
        State::InFlight,
        State::Done,
        State::Failed,
        State::NeedsAttention,
    ];

    /// The name the journal and reports use, e.g. `needs_attention`.
    pub fn name(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::InFlight => "in_flight",
            State::Done => "done",
            State::Failed => "failed",
            State::NeedsAttention => "needs_attention",
        }
    }

    fn from_name(name: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.name() == name)
    }
}

impl std::fmt::Display for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One operation as the journal has it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Its place in the plan (0 = first).
    pub seq: i64,
    /// The caller's key.
    pub key: String,
    /// What it does.
    pub kind: Kind,
    /// Where it stands.
    pub state: State,
    /// How many times its request was sent (or may have been).
    pub attempts: u32,
    /// Whether an earlier attempt may have been carried out.
    pub ambiguous: bool,
    /// The id of what it created (an invite's id, found on the read side).
    pub created_id: Option<i64>,
    /// The last error's status name, e.g. `conflict`.
    pub error_kind: Option<String>,
    /// The last error, or what is known (`needs_attention`).
    pub message: Option<String>,
    /// Whether a one-time key of it was written to the keys file.
    pub key_written: bool,
}

/// The run a journal describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunInfo {
    /// The API the run was made against.
    pub base_url: String,
    /// Where its one-time keys are written.
    pub keys_file: PathBuf,
}

/// An open journal, shared by a run's workers.
pub(crate) struct Journal {
    connection: Mutex<Connection>,
    path: PathBuf,
}

fn journal_error(path: &Path, what: &str, e: impl std::fmt::Display) -> Error {
    Error::invalid_argument("journal", format!("{}: {what}: {e}", path.display()))
}

const SCHEMA: &str = "
CREATE TABLE run (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    format INTEGER NOT NULL,
    base_url TEXT NOT NULL,
    keys_file TEXT NOT NULL,
    created TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE operations (
    seq INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    request TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'in_flight', 'done', 'failed', 'needs_attention')),
    attempts INTEGER NOT NULL DEFAULT 0,
    ambiguous INTEGER NOT NULL DEFAULT 0,
    created_id INTEGER,
    error_kind TEXT,
    message TEXT,
    key_written INTEGER NOT NULL DEFAULT 0,
    updated TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
";

impl Journal {
    fn connect(path: &Path) -> Result<Connection, Error> {
        let connection =
            Connection::open(path).map_err(|e| journal_error(path, "cannot open it", e))?;
        connection
            .execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
            .map_err(|e| journal_error(path, "cannot set it up", e))?;
        connection
            .busy_timeout(std::time::Duration::from_secs(10))
            .map_err(|e| journal_error(path, "cannot set it up", e))?;
        Ok(connection)
    }

    /// A new journal holding `plan`, all `pending`. Refuses a file that already holds a run.
    pub(crate) fn create(path: &Path, plan: &Plan, info: &RunInfo) -> Result<Journal, Error> {
        if path.exists() && std::fs::metadata(path).is_ok_and(|m| m.len() > 0) {
            return Err(Error::invalid_argument(
                "journal",
                format!(
                    "{} already exists; resume that run, or choose a new journal file",
                    path.display()
                ),
            ));
        }
        let mut connection = Journal::connect(path)?;
        let fail = |e| journal_error(path, "cannot write the plan", e);
        let tx = connection.transaction().map_err(fail)?;
        tx.execute_batch(SCHEMA).map_err(fail)?;
        tx.execute(
            "INSERT INTO run (id, format, base_url, keys_file) VALUES (1, ?1, ?2, ?3)",
            params![FORMAT, info.base_url, info.keys_file.to_string_lossy()],
        )
        .map_err(fail)?;
        {
            let mut insert = tx
                .prepare("INSERT INTO operations (seq, key, kind, request) VALUES (?1, ?2, ?3, ?4)")
                .map_err(fail)?;
            for (seq, op) in plan.operations().iter().enumerate() {
                insert
                    .execute(params![
                        seq as i64,
                        op.key,
                        op.action.kind().name(),
                        op.action.to_json()
                    ])
                    .map_err(fail)?;
            }
        }
        tx.commit().map_err(fail)?;
        Ok(Journal {
            connection: Mutex::new(connection),
            path: path.to_owned(),
        })
    }

    /// An existing journal.
    pub(crate) fn open(path: &Path) -> Result<Journal, Error> {
        if !path.is_file() {
            return Err(Error::invalid_argument(
                "journal",
                format!("{} does not exist", path.display()),
            ));
        }
        let connection = Journal::connect(path)?;
        let format: Option<i64> = connection
            .query_row("SELECT format FROM run WHERE id = 1", [], |r| r.get(0))
            .optional()
            .map_err(|e| journal_error(path, "is not a certcentral journal", e))?;
        if format != Some(FORMAT) {
            return Err(journal_error(
                path,
                "is not a certcentral journal",
                format!("format {format:?}, expected {FORMAT}"),
            ));
        }
        Ok(Journal {
            connection: Mutex::new(connection),
            path: path.to_owned(),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.connection.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The journal file.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The run's settings.
    pub(crate) fn info(&self) -> Result<RunInfo, Error> {
        self.lock()
            .query_row(
                "SELECT base_url, keys_file FROM run WHERE id = 1",
                [],
                |r| {
                    Ok(RunInfo {
                        base_url: r.get(0)?,
                        keys_file: PathBuf::from(r.get::<_, String>(1)?),
                    })
                },
            )
            .map_err(|e| journal_error(&self.path, "cannot read the run", e))
    }

    /// Every operation, in plan order, with its request.
    pub(crate) fn entries(&self) -> Result<Vec<(Entry, Action)>, Error> {
        let fail = |e| journal_error(&self.path, "cannot read the operations", e);
        let connection = self.lock();
        let mut select = connection
            .prepare(
                "SELECT seq, key, kind, request, state, attempts, ambiguous, created_id, \
                 error_kind, message, key_written FROM operations ORDER BY seq",
            )
            .map_err(fail)?;
        let rows = select
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, bool>(6)?,
                    r.get::<_, Option<i64>>(7)?,
                    r.get::<_, Option<String>>(8)?,
                    r.get::<_, Option<String>>(9)?,
                    r.get::<_, bool>(10)?,
                ))
            })
            .map_err(fail)?;
        let mut entries = Vec::new();
        for row in rows {
            let (seq, key, kind, request, state, attempts, ambiguous, id, kind_e, message, kw) =
                row.map_err(fail)?;
            let bad = |what: String| journal_error(&self.path, "is damaged", what);
            let kind = Kind::from_name(&kind).ok_or_else(|| bad(format!("unknown kind {kind}")))?;
            let state =
                State::from_name(&state).ok_or_else(|| bad(format!("unknown state {state}")))?;
            let action = Action::from_json(kind, &request)
                .map_err(|e| bad(format!("the request of {key:?}: {e}")))?;
            let entry = Entry {
                seq,
                key,
                kind,
                state,
                attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
                ambiguous,
                created_id: id,
                error_kind: kind_e,
                message,
                key_written: kw,
            };
            entries.push((entry, action));
        }
        Ok(entries)
    }

    fn update(&self, sql: &str, params: impl rusqlite::Params) -> Result<(), Error> {
        let changed = self
            .lock()
            .execute(sql, params)
            .map_err(|e| journal_error(&self.path, "cannot record an outcome", e))?;
        if changed != 1 {
            return Err(journal_error(
                &self.path,
                "cannot record an outcome",
                "the operation is not in the journal",
            ));
        }
        Ok(())
    }

    /// Its request may leave now: `in_flight`, one more attempt.
    pub(crate) fn sending(&self, seq: i64) -> Result<(), Error> {
        self.update(
            "UPDATE operations SET state = 'in_flight', attempts = attempts + 1, \
             updated = CURRENT_TIMESTAMP WHERE seq = ?1",
            params![seq],
        )
    }

    /// Carried out.
    pub(crate) fn done(&self, seq: i64, id: Option<i64>, key_written: bool) -> Result<(), Error> {
        self.update(
            "UPDATE operations SET state = 'done', created_id = ?2, \
             key_written = key_written OR ?3, updated = CURRENT_TIMESTAMP WHERE seq = ?1",
            params![seq, id, key_written],
        )
    }

    /// Not carried out (yet): back to `pending`, with why, and whether an earlier attempt may
    /// have been carried out.
    pub(crate) fn pending(
        &self,
        seq: i64,
        ambiguous: bool,
        why: Option<&Error>,
    ) -> Result<(), Error> {
        self.update(
            "UPDATE operations SET state = 'pending', ambiguous = ambiguous OR ?2, \
             error_kind = COALESCE(?3, error_kind), message = COALESCE(?4, message), \
             updated = CURRENT_TIMESTAMP WHERE seq = ?1",
            params![
                seq,
                ambiguous,
                why.map(Error::kind),
                why.map(ToString::to_string)
            ],
        )
    }

    /// Its outcome is unknown: stays `in_flight` (a resume checks again), noting why.
    pub(crate) fn unresolved(&self, seq: i64, why: &Error, note: &str) -> Result<(), Error> {
        self.update(
            "UPDATE operations SET state = 'in_flight', ambiguous = 1, error_kind = ?2, \
             message = ?3, updated = CURRENT_TIMESTAMP WHERE seq = ?1",
            params![seq, why.kind(), format!("{note}: {why}")],
        )
    }

    /// Refused, or kept failing: `failed` with the error.
    pub(crate) fn failed(&self, seq: i64, error: &Error, note: Option<&str>) -> Result<(), Error> {
        let message = match note {
            Some(note) => format!("{error} ({note})"),
            None => error.to_string(),
        };
        self.update(
            "UPDATE operations SET state = 'failed', error_kind = ?2, message = ?3, \
             updated = CURRENT_TIMESTAMP WHERE seq = ?1",
            params![seq, error.kind(), message],
        )
    }

    /// Nothing can tell whether it was carried out: `needs_attention` with what is known.
    pub(crate) fn needs_attention(
        &self,
        seq: i64,
        error: Option<&Error>,
        note: &str,
        key_written: bool,
    ) -> Result<(), Error> {
        let message = match error {
            Some(error) => format!("{note} (last error: {error})"),
            None => note.to_owned(),
        };
        self.update(
            "UPDATE operations SET state = 'needs_attention', error_kind = COALESCE(?2, error_kind), \
             message = ?3, key_written = key_written OR ?4, updated = CURRENT_TIMESTAMP \
             WHERE seq = ?1",
            params![seq, error.map(Error::kind), message, key_written],
        )
    }

    /// Every `failed` operation back to `pending` (their requests were refused, so sending them
    /// again repeats nothing); how many.
    pub(crate) fn retry_failed(&self) -> Result<usize, Error> {
        self.lock()
            .execute(
                "UPDATE operations SET state = 'pending', attempts = 0, \
                 updated = CURRENT_TIMESTAMP WHERE state = 'failed'",
                [],
            )
            .map_err(|e| journal_error(&self.path, "cannot reset failed operations", e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulk::plan::Operation;
    use crate::models::SendInviteRequest;

    fn plan() -> Plan {
        Plan::new(vec![Operation {
            key: "i1".into(),
            action: Action::SendInvite(SendInviteRequest::new(["a@example.com"], "retail")),
        }])
        .unwrap()
    }

    #[test]
    fn states_are_recorded_and_read_back() {
        let dir = std::env::temp_dir().join(format!("cc-journal-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("run.db");
        let _ = std::fs::remove_file(&path);
        let info = RunInfo {
            base_url: "http://127.0.0.1:1/".into(),
            keys_file: dir.join("keys"),
        };
        let journal = Journal::create(&path, &plan(), &info).unwrap();
        assert!(
            Journal::create(&path, &plan(), &info).is_err(),
            "no second run"
        );
        journal.sending(0).unwrap();
        let reopened = Journal::open(&path).unwrap();
        assert_eq!(reopened.info().unwrap(), info);
        let (entry, op) = reopened.entries().unwrap().remove(0);
        assert_eq!((entry.state, entry.attempts), (State::InFlight, 1));
        assert_eq!(op, plan().operations()[0].action);
        journal.done(0, Some(7), false).unwrap();
        let (entry, _) = reopened.entries().unwrap().remove(0);
        assert_eq!((entry.state, entry.created_id), (State::Done, Some(7)));
        assert!(journal.done(9, None, false).is_err(), "unknown operation");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
