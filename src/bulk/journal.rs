//! The journal: one SQLite file holding the plan and every operation's state, written before
//! each request is sent (`in_flight`) and after its outcome, so that a run killed at any instant
//! resumes from it and repeats nothing.
//!
//! WAL mode with `synchronous=NORMAL`: each write is complete in the operating system before the
//! call returns, so it survives the process being killed (`kill -9`) at any point; a power
//! failure may lose the last writes. No secret is ever stored: requests carry none, error
//! messages never hold a body, and one-time keys go to the keys file (`key_written` only says
//! that one did).
//!
//! One process at a time: a run holds an exclusive lock on `<journal>.lock` for as long as it
//! runs (the operating system drops it when the process ends, however it ends), and a state
//! change to `in_flight` takes a row only in the state its writer read it in.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{params, Connection, OptionalExtension};

use super::plan::{Action, Kind, Operation};
use crate::error::Error;

/// Format of the journal's tables; a journal of another format is refused.
const FORMAT: i64 = 2;

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
    /// Refused by the server, or never sent; nothing was carried out.
    Failed,
    /// It may or may not have been carried out and nothing can tell: a person must look. Never
    /// repeated automatically.
    NeedsAttention,
}

impl State {
    /// Every state, in report order.
    ///
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
    /// This run's identity: the keys file's lines carry it, so that lines another run left in
    /// the same file are never taken for this run's.
    pub run_id: String,
    /// The API the run was made against.
    pub base_url: String,
    /// Where its one-time keys are written (an absolute path).
    pub keys_file: PathBuf,
}

/// An open journal, shared by a run's workers.
pub(crate) struct Journal {
    connection: Mutex<Connection>,
    path: PathBuf,
}

/// An error about the journal file, naming it.
pub(crate) fn journal_error(path: &Path, what: &str, e: impl std::fmt::Display) -> Error {
    Error::invalid_argument("journal", format!("{}: {what}: {e}", path.display()))
}

const SCHEMA: &str = "
CREATE TABLE run (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    format INTEGER NOT NULL,
    run_id TEXT NOT NULL,
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
CREATE INDEX operations_by_state ON operations (state, seq);
";

/// The columns `Entry` is read from, in order.
const ENTRY_COLUMNS: &str = "seq, key, kind, state, attempts, ambiguous, created_id, error_kind, \
                             message, key_written";

/// The exclusive lock a run holds on its journal (`<journal>.lock`), released when dropped or
/// when the process ends.
#[derive(Debug)]
pub(crate) struct RunLock {
    _file: File,
}

/// The lock file of a journal.
fn lock_path(journal: &Path) -> PathBuf {
    let mut name = journal.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

impl RunLock {
    /// Takes the journal's lock, or fails at once naming the journal and, where the lock file
    /// says, the process holding it.
    pub(crate) fn take(journal: &Path) -> Result<RunLock, Error> {
        let path = lock_path(journal);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| journal_error(journal, "cannot create its lock file", e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                let who = if holder.is_empty() {
                    "another process".to_owned()
                } else {
                    format!("another process ({holder})")
                };
                return Err(journal_error(
                    journal,
                    "is in use",
                    format!(
                        "{who} is running it; one run at a time per journal (wait for it to \
                         end, or stop it: it resumes from the journal)"
                    ),
                ));
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(journal_error(journal, "cannot lock it", e));
            }
        }
        // Who holds it, for the message another process shows; best effort.
        let holder = format!("pid {} on {}", std::process::id(), host_name());
        let _ = file.set_len(0);
        let _ = file.rewind();
        let _ = file.write_all(holder.as_bytes());
        Ok(RunLock { _file: file })
    }
}

fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|name| name.trim().to_owned())
        .unwrap_or_else(|_| "this host".to_owned())
}

/// A new run's identity: 128 bits that differ between runs (not a secret).
pub(crate) fn new_run_id() -> String {
    use std::hash::BuildHasher;
    let seed = (
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos(),
    );
    let state = std::collections::hash_map::RandomState::new();
    format!(
        "{:016x}{:016x}",
        state.hash_one((seed, 1)),
        state.hash_one((seed, 2))
    )
}

fn read_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawEntry> {
    Ok(RawEntry {
        seq: r.get(0)?,
        key: r.get(1)?,
        kind: r.get(2)?,
        state: r.get(3)?,
        attempts: r.get(4)?,
        ambiguous: r.get(5)?,
        created_id: r.get(6)?,
        error_kind: r.get(7)?,
        message: r.get(8)?,
        key_written: r.get(9)?,
    })
}

/// A row before its names are checked.
struct RawEntry {
    seq: i64,
    key: String,
    kind: String,
    state: String,
    attempts: i64,
    ambiguous: bool,
    created_id: Option<i64>,
    error_kind: Option<String>,
    message: Option<String>,
    key_written: bool,
}

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

    /// Refuses a path that cannot take a new journal: a directory, or a file that already
    /// holds a run.
    pub(crate) fn check_new(path: &Path) -> Result<(), Error> {
        if path.is_dir() {
            return Err(journal_error(
                path,
                "cannot be created",
                "it is a directory",
            ));
        }
        if path.exists() && std::fs::metadata(path).is_ok_and(|m| m.len() > 0) {
            return Err(journal_error(
                path,
                "already exists",
                "resume that run, or choose a new journal file",
            ));
        }
        Ok(())
    }

    /// A new journal holding `operations`, all `pending`, written in one transaction as they
    /// come (a plan read from a file is never held whole). Refuses a file that already holds a
    /// run. The caller holds the journal's lock.
    pub(crate) fn create(
        path: &Path,
        operations: impl Iterator<Item = Result<Operation, Error>>,
        info: &RunInfo,
    ) -> Result<Journal, Error> {
        Journal::check_new(path)?;
        let mut connection = Journal::connect(path)?;
        let fail = |e| journal_error(path, "cannot write the plan", e);
        let tx = connection.transaction().map_err(fail)?;
        tx.execute_batch(SCHEMA).map_err(fail)?;
        tx.execute(
            "INSERT INTO run (id, format, run_id, base_url, keys_file) VALUES (1, ?1, ?2, ?3, ?4)",
            params![
                FORMAT,
                info.run_id,
                info.base_url,
                info.keys_file.to_string_lossy()
            ],
        )
        .map_err(fail)?;
        {
            let mut insert = tx
                .prepare("INSERT INTO operations (seq, key, kind, request) VALUES (?1, ?2, ?3, ?4)")
                .map_err(fail)?;
            for (seq, op) in operations.enumerate() {
                let op = op?;
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
        if path.is_dir() {
            return Err(journal_error(path, "is not a journal", "it is a directory"));
        }
        if !path.is_file() {
            return Err(journal_error(path, "cannot be read", "it does not exist"));
        }
        let connection = Journal::connect(path)?;
        let format: Option<i64> = connection
            .query_row("SELECT format FROM run WHERE id = 1", [], |r| r.get(0))
            .optional()
            .map_err(|e| journal_error(path, "is not a certcentral journal", e))?;
        match format {
            Some(FORMAT) => {}
            Some(1) => {
                return Err(journal_error(
                    path,
                    "was made by an earlier certcentral (journal format 1)",
                    "finish it with that version, or start a new run",
                ))
            }
            other => {
                return Err(journal_error(
                    path,
                    "is not a certcentral journal",
                    format!("format {other:?}, expected {FORMAT}"),
                ))
            }
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

    /// The run's settings. A keys file recorded as a relative path (by an earlier version) is
    /// taken relative to the journal's folder, never to where the command runs.
    pub(crate) fn info(&self) -> Result<RunInfo, Error> {
        let (run_id, base_url, keys_file) = self
            .lock()
            .query_row(
                "SELECT run_id, base_url, keys_file FROM run WHERE id = 1",
                [],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                },
            )
            .map_err(|e| journal_error(&self.path, "cannot read the run", e))?;
        let keys_file = PathBuf::from(keys_file);
        let keys_file = if keys_file.is_relative() {
            self.path.parent().unwrap_or(Path::new(".")).join(keys_file)
        } else {
            keys_file
        };
        Ok(RunInfo {
            run_id,
            base_url,
            keys_file,
        })
    }

    fn checked(&self, raw: RawEntry) -> Result<Entry, Error> {
        let bad = |what: String| journal_error(&self.path, "is damaged", what);
        let kind =
            Kind::from_name(&raw.kind).ok_or_else(|| bad(format!("unknown kind {}", raw.kind)))?;
        let state = State::from_name(&raw.state)
            .ok_or_else(|| bad(format!("unknown state {}", raw.state)))?;
        Ok(Entry {
            seq: raw.seq,
            key: raw.key,
            kind,
            state,
            attempts: u32::try_from(raw.attempts).unwrap_or(u32::MAX),
            ambiguous: raw.ambiguous,
            created_id: raw.created_id,
            error_kind: raw.error_kind,
            message: raw.message,
            key_written: raw.key_written,
        })
    }

    /// Every operation, in plan order (without its request).
    pub(crate) fn entries(&self) -> Result<Vec<Entry>, Error> {
        let fail = |e| journal_error(&self.path, "cannot read the operations", e);
        let raw: Vec<RawEntry> = {
            let connection = self.lock();
            let mut select = connection
                .prepare(&format!(
                    "SELECT {ENTRY_COLUMNS} FROM operations ORDER BY seq"
                ))
                .map_err(fail)?;
            let rows = select.query_map([], read_entry).map_err(fail)?;
            rows.collect::<rusqlite::Result<_>>().map_err(fail)?
        };
        raw.into_iter().map(|r| self.checked(r)).collect()
    }

    /// Up to `limit` operations still to run or check (`pending` or `in_flight`) after
    /// `after_seq`, in plan order, with their requests: a run takes its work a batch at a time.
    pub(crate) fn work(&self, after_seq: i64, limit: usize) -> Result<Vec<(Entry, Action)>, Error> {
        let fail = |e| journal_error(&self.path, "cannot read the operations", e);
        let rows: Vec<(RawEntry, String)> = {
            let connection = self.lock();
            let mut select = connection
                .prepare(&format!(
                    "SELECT {ENTRY_COLUMNS}, request FROM operations \
                     WHERE state IN ('pending', 'in_flight') AND seq > ?1 ORDER BY seq LIMIT ?2"
                ))
                .map_err(fail)?;
            let rows = select
                .query_map(params![after_seq, limit as i64], |r| {
                    Ok((read_entry(r)?, r.get::<_, String>(10)?))
                })
                .map_err(fail)?;
            rows.collect::<rusqlite::Result<_>>().map_err(fail)?
        };
        rows.into_iter()
            .map(|(raw, request)| {
                let entry = self.checked(raw)?;
                let action = Action::from_json(entry.kind, &request).map_err(|e| {
                    journal_error(
                        &self.path,
                        "is damaged",
                        format!("the request of {:?}: {e}", entry.key),
                    )
                })?;
                Ok((entry, action))
            })
            .collect()
    }

    /// How many operations are in each state (every state present).
    pub(crate) fn counts(&self) -> Result<std::collections::BTreeMap<State, usize>, Error> {
        let fail = |e| journal_error(&self.path, "cannot read the operations", e);
        let mut counts: std::collections::BTreeMap<State, usize> =
            State::ALL.iter().map(|s| (*s, 0)).collect();
        let connection = self.lock();
        let mut select = connection
            .prepare("SELECT state, count(*) FROM operations GROUP BY state")
            .map_err(fail)?;
        let rows = select
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .map_err(fail)?;
        for row in rows {
            let (state, n) = row.map_err(fail)?;
            if let Some(state) = State::from_name(&state) {
                counts.insert(state, usize::try_from(n).unwrap_or(0));
            }
        }
        Ok(counts)
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

    /// Its request may leave now: `in_flight`, one more attempt. Only from the state its writer
    /// read (`attempts` as read, and not settled): a row another writer has taken is refused,
    /// and nothing is sent.
    pub(crate) fn sending(&self, seq: i64, attempts_read: u32) -> Result<(), Error> {
        let changed = self
            .lock()
            .execute(
                "UPDATE operations SET state = 'in_flight', attempts = attempts + 1, \
                 updated = CURRENT_TIMESTAMP \
                 WHERE seq = ?1 AND attempts = ?2 AND state IN ('pending', 'in_flight')",
                params![seq, attempts_read],
            )
            .map_err(|e| journal_error(&self.path, "cannot record a request", e))?;
        if changed != 1 {
            return Err(journal_error(
                &self.path,
                "was changed by another writer",
                format!(
                    "operation {seq} is no longer as this run read it; nothing was sent for it \
                     (one run at a time per journal)"
                ),
            ));
        }
        Ok(())
    }

    /// Carried out.
    pub(crate) fn done(&self, seq: i64, id: Option<i64>, key_written: bool) -> Result<(), Error> {
        self.update(
            "UPDATE operations SET state = 'done', created_id = ?2, \
             key_written = key_written OR ?3, updated = CURRENT_TIMESTAMP WHERE seq = ?1",
            params![seq, id, key_written],
        )
    }

    /// Carried out, with a note for a person (a one-time key kept elsewhere, say).
    pub(crate) fn done_with_note(
        &self,
        seq: i64,
        id: Option<i64>,
        note: &str,
    ) -> Result<(), Error> {
        self.update(
            "UPDATE operations SET state = 'done', created_id = ?2, message = ?3, \
             updated = CURRENT_TIMESTAMP WHERE seq = ?1",
            params![seq, id, note],
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

    /// Refused, or never sent: `failed` with the error; nothing was carried out.
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

    /// Every `failed` operation back to `pending` (nothing of theirs was carried out, so
    /// sending them again repeats nothing); how many.
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
    use crate::api::SendInviteRequest;

    fn operations() -> impl Iterator<Item = Result<Operation, Error>> {
        [Ok(Operation {
            key: "i1".into(),
            action: Action::SendInvite(SendInviteRequest::new(["a@example.com"], "retail")),
        })]
        .into_iter()
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("cc-journal-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn states_are_recorded_and_read_back() {
        let dir = scratch("states");
        let path = dir.join("run.db");
        let info = RunInfo {
            run_id: new_run_id(),
            base_url: "http://127.0.0.1:1/".into(),
            keys_file: dir.join("keys"),
        };
        let journal = Journal::create(&path, operations(), &info).unwrap();
        assert!(
            Journal::create(&path, operations(), &info).is_err(),
            "no second run"
        );
        journal.sending(0, 0).unwrap();
        let reopened = Journal::open(&path).unwrap();
        assert_eq!(reopened.info().unwrap(), info);
        let (entry, action) = reopened.work(-1, 10).unwrap().remove(0);
        assert_eq!((entry.state, entry.attempts), (State::InFlight, 1));
        assert_eq!(
            Ok(Operation {
                key: "i1".into(),
                action
            }),
            operations().next().unwrap()
        );
        // Taken by a writer who read it before this attempt: refused.
        let err = reopened.sending(0, 0).unwrap_err();
        assert!(err.to_string().contains("another writer"), "{err}");
        journal.done(0, Some(7), false).unwrap();
        assert!(
            reopened.sending(0, 1).is_err(),
            "a settled row is never taken"
        );
        let entry = reopened.entries().unwrap().remove(0);
        assert_eq!((entry.state, entry.created_id), (State::Done, Some(7)));
        assert!(reopened.work(-1, 10).unwrap().is_empty());
        assert!(journal.done(9, None, false).is_err(), "unknown operation");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn one_run_at_a_time_holds_the_lock() {
        let dir = scratch("lock");
        let path = dir.join("run.db");
        let held = RunLock::take(&path).unwrap();
        let err = RunLock::take(&path).unwrap_err();
        let shown = err.to_string();
        assert!(
            shown.contains("run.db") && shown.contains("in use"),
            "{shown}"
        );
        assert!(
            shown.contains(&format!("pid {}", std::process::id())),
            "{shown}"
        );
        drop(held);
        RunLock::take(&path).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_relative_keys_file_is_taken_relative_to_the_journal() {
        let dir = scratch("relative");
        let path = dir.join("run.db");
        let info = RunInfo {
            run_id: new_run_id(),
            base_url: "http://127.0.0.1:1/".into(),
            keys_file: PathBuf::from("run.db.keys.jsonl"),
        };
        let journal = Journal::create(&path, operations(), &info).unwrap();
        assert_eq!(
            journal.info().unwrap().keys_file,
            dir.join("run.db.keys.jsonl")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
