//! The keys file: where a run writes the one-time keys it receives (a managed subaccount's, a
//! service user's), one JSON line each, in a file only its owner can read. The journal records
//! only that a key was written; the key is never logged.
//!
//! Nothing may lose a key, so:
//! - the file is created new (mode 0600, never through a symbolic link), or an existing one must
//!   be a regular file of the running user that no one else can read or write;
//! - a run writes a line naming itself when it starts: a file that cannot take it stops the run
//!   before anything is sent;
//! - before each request that can return a key, a line's worth of space is written and flushed
//!   (a reserved slot), so the key itself later overwrites bytes already on disk and needs no
//!   new space; a full disk stops the run before that request, with nothing lost;
//! - every line carries the run's id, and a resume reads only its own run's lines: a file left
//!   by another run under the same name cannot stand in for this run's keys.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::plan::Kind;
use crate::error::Error;
use crate::secret::Secret;

/// A one-time key as the keys file (and a run's key callback) receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneTimeKey {
    /// The operation's key in the plan.
    pub operation: String,
    /// What created it.
    pub kind: Kind,
    /// The id of what was created, when the answer could be read.
    pub id: Option<i64>,
    /// The key itself.
    pub api_key: Secret,
}

/// One key line of the file.
#[derive(Serialize, Deserialize)]
struct KeyLine {
    run: String,
    key: String,
    kind: String,
    id: Option<i64>,
    api_key: Secret,
}

/// Any line, as a resume reads it: key lines have `api_key`; the others (a run's start, a
/// reserved slot) do not.
#[derive(Deserialize)]
struct AnyLine {
    #[serde(default)]
    run: Option<String>,
    #[serde(default)]
    key: Option<String>,
    #[serde(default)]
    id: Option<i64>,
    #[serde(default)]
    api_key: Option<serde::de::IgnoredAny>,
}

/// The bytes a reserved slot takes: room for a key line with a 200-character operation key and
/// a key of several hundred characters. A longer line is appended instead.
pub(crate) const SLOT_BYTES: usize = 1024;

/// Space written ahead for one key: where it is in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Slot {
    offset: u64,
}

/// The open keys file, shared by a run's workers.
pub(crate) struct KeyFile {
    file: Mutex<File>,
    path: PathBuf,
    run_id: String,
}

/// An error about the keys file, naming it.
pub(crate) fn keys_error(path: &Path, what: &str, e: impl std::fmt::Display) -> Error {
    Error::invalid_argument("keys_file", format!("{}: {what}: {e}", path.display()))
}

/// Opens the file for reading and writing without following a symbolic link: a new one is
/// created with mode 0600; an existing one must be a regular file of this user that no one else
/// can read or write.
fn open_private(path: &Path) -> Result<File, Error> {
    let mut options = OpenOptions::new();
    options.read(true).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    let created = options.clone().create_new(true).open(path);
    let file = match created {
        Ok(file) => return Ok(file),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => options.open(path),
        Err(e) => Err(e),
    };
    let file = file.map_err(|e| {
        if e.raw_os_error() == Some(libc::ELOOP) {
            keys_error(
                path,
                "is a symbolic link",
                "refused: keys are written only to a regular file",
            )
        } else {
            keys_error(path, "cannot be opened", e)
        }
    })?;
    let meta = file
        .metadata()
        .map_err(|e| keys_error(path, "cannot be inspected", e))?;
    if !meta.is_file() {
        return Err(keys_error(
            path,
            "is not a regular file",
            "choose a file for the keys",
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        if meta.uid() != me {
            return Err(keys_error(
                path,
                "belongs to another user",
                format!(
                    "owner uid {}, this process runs as uid {me}: they could read the keys; \
                     choose a new file",
                    meta.uid()
                ),
            ));
        }
        let mode = meta.mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(keys_error(
                path,
                "is readable or writable by others",
                format!("mode {mode:o}; `chmod 600` it or choose another file"),
            ));
        }
    }
    Ok(file)
}

impl KeyFile {
    /// Opens (or creates) the file for `run_id` and writes the run's start line to it: a file
    /// that cannot be written stops the run here, before anything is sent.
    pub(crate) fn open(path: &Path, run_id: &str) -> Result<KeyFile, Error> {
        let file = open_private(path)?;
        let keys = KeyFile {
            file: Mutex::new(file),
            path: path.to_owned(),
            run_id: run_id.to_owned(),
        };
        let start = serde_json::json!({"run": run_id, "started": true}).to_string();
        keys.append(&start)
            .map_err(|e| keys_error(path, "cannot be written", e))?;
        Ok(keys)
    }

    /// The file.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one line (`text` plus a newline) and flushes it to disk; where it starts.
    fn append(&self, text: &str) -> std::io::Result<u64> {
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        let at = file.seek(SeekFrom::End(0))?;
        let written = file
            .write_all(text.as_bytes())
            .and_then(|()| file.write_all(b"\n"))
            .and_then(|()| file.sync_data());
        if let Err(e) = written {
            // A partial line would be read as garbage: the file goes back to where it was.
            let _ = file.set_len(at);
            return Err(e);
        }
        Ok(at)
    }

    /// Writes a line's worth of space for a key that `operation` may return, and flushes it:
    /// once this succeeds, writing that key needs no new space.
    pub(crate) fn reserve(&self, operation: &str) -> Result<Slot, Error> {
        let mut line = serde_json::json!({"run": self.run_id, "reserved": operation}).to_string();
        let width = SLOT_BYTES - 1;
        if line.len() < width {
            line.extend(std::iter::repeat_n(' ', width - line.len()));
        }
        self.append(&line)
            .map(|offset| Slot { offset })
            .map_err(|e| {
                keys_error(
                    &self.path,
                    "has no room for the next one-time key",
                    format!("{e}; nothing was sent for {operation:?}"),
                )
            })
    }

    /// Writes a key (into its reserved slot when it fits, else at the end) and flushes it to
    /// disk before returning: once the journal says a key was written, it is in the file.
    pub(crate) fn write(&self, key: &OneTimeKey, slot: Option<Slot>) -> std::io::Result<()> {
        let line = KeyLine {
            run: self.run_id.clone(),
            key: key.operation.clone(),
            kind: key.kind.name().to_owned(),
            id: key.id,
            api_key: key.api_key.clone(),
        };
        let mut text = serde_json::to_string(&line).map_err(std::io::Error::other)?;
        let outcome = match slot {
            Some(slot) if text.len() < SLOT_BYTES => {
                text.extend(std::iter::repeat_n(' ', SLOT_BYTES - 1 - text.len()));
                self.overwrite(slot, &text)
            }
            _ => self.append(&text).map(drop),
        };
        crate::secret::wipe_string(&mut text);
        outcome
    }

    fn overwrite(&self, slot: Slot, text: &str) -> std::io::Result<()> {
        use std::os::unix::fs::FileExt;
        let file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        file.write_all_at(text.as_bytes(), slot.offset)?;
        file.sync_data()
    }
}

/// The operations of run `run_id` the keys file has a key for, with the id recorded beside it:
/// a resumed run finds there what a killed one received but had not yet journaled. Lines of
/// other runs, reserved slots and a line cut short by a crash are skipped; the keys themselves
/// are not kept. A missing file has none.
pub(crate) fn written(path: &Path, run_id: &str) -> Result<HashMap<String, Option<i64>>, Error> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashMap::new()),
        Err(e) => return Err(keys_error(path, "cannot be read", e)),
    };
    let mut found = HashMap::new();
    for line in BufReader::new(file).lines() {
        let line = line.map_err(|e| keys_error(path, "cannot be read", e))?;
        let Ok(entry) = serde_json::from_str::<AnyLine>(&line) else {
            continue;
        };
        if entry.run.as_deref() != Some(run_id) || entry.api_key.is_none() {
            continue;
        }
        if let Some(key) = entry.key {
            found.insert(key, entry.id);
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("cc-keys-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn key(operation: &str, id: i64) -> OneTimeKey {
        OneTimeKey {
            operation: operation.into(),
            kind: Kind::CreateSubaccount,
            id: Some(id),
            api_key: Secret::new(format!("SECRETKEY{id}")),
        }
    }

    #[test]
    fn keys_go_into_their_slots_and_only_this_runs_lines_count() {
        let dir = scratch("slots");
        let path = dir.join("keys.jsonl");
        let file = KeyFile::open(&path, "run-a").unwrap();
        let slot = file.reserve("s1").unwrap();
        file.write(&key("s1", 42), Some(slot)).unwrap();
        file.write(&key("s2", 43), None).unwrap();
        let _unused = file.reserve("s3").unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"{\"run\": \"run-a\", \"key\": \"cut")
            .unwrap();
        let found = written(&path, "run-a").unwrap();
        assert_eq!(
            found,
            HashMap::from([("s1".to_owned(), Some(42)), ("s2".to_owned(), Some(43))])
        );
        // The slot was overwritten in place: the file grew by the start line, three slots'
        // worth of lines and the cut tail only.
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.matches("SECRETKEY").count(), 2);
        assert!(text.contains("\"reserved\":\"s3\""));
        // Another run's view of the same file: none of these keys are its own.
        let again = KeyFile::open(&path, "run-b").unwrap();
        assert!(written(again.path(), "run-b").unwrap().is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn only_a_private_regular_file_of_this_user_is_used() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("private");
        let path = dir.join("keys.jsonl");
        drop(KeyFile::open(&path, "r").unwrap());
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let err = KeyFile::open(&path, "r").err().unwrap();
        assert!(
            err.to_string().contains("readable or writable by others"),
            "{err}"
        );

        let target = dir.join("elsewhere");
        std::fs::write(&target, "").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
        let link = dir.join("link.jsonl");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let err = KeyFile::open(&link, "r").err().unwrap();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            "",
            "nothing written through it"
        );

        let err = KeyFile::open(&dir, "r").err().unwrap();
        assert_eq!(err.status(), crate::Status::InvalidArgument);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
