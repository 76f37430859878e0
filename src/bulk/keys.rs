//! The keys file: where a run writes the one-time keys it receives (a managed subaccount's, a
//! service user's), one JSON line each, in a file only its owner can read (mode 0600). The
//! journal records only that a key was written; the key is never logged.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
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

/// One line of the keys file.
#[derive(Serialize, Deserialize)]
struct Line {
    key: String,
    kind: String,
    id: Option<i64>,
    api_key: Secret,
}

/// The open keys file, shared by a run's workers.
pub(crate) struct KeyFile {
    file: Mutex<File>,
    path: PathBuf,
}

fn keys_error(path: &Path, what: &str, e: impl std::fmt::Display) -> Error {
    Error::invalid_argument("keys_file", format!("{}: {what}: {e}", path.display()))
}

impl KeyFile {
    /// Opens (or creates, mode 0600) the file for appending. A file others can read is refused:
    /// the keys would be readable by them.
    pub(crate) fn open(path: &Path) -> Result<KeyFile, Error> {
        let mut options = OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options
            .open(path)
            .map_err(|e| keys_error(path, "cannot open it", e))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = file
                .metadata()
                .map_err(|e| keys_error(path, "cannot inspect it", e))?
                .permissions()
                .mode();
            if mode & 0o077 != 0 {
                return Err(keys_error(
                    path,
                    "is readable or writable by others",
                    format!(
                        "mode {:o}; `chmod 600` it or choose another file",
                        mode & 0o777
                    ),
                ));
            }
        }
        Ok(KeyFile {
            file: Mutex::new(file),
            path: path.to_owned(),
        })
    }

    /// Appends a key and flushes it to disk before returning: once the journal says a key was
    /// written, it is in the file.
    pub(crate) fn write(&self, key: &OneTimeKey) -> Result<(), Error> {
        let line = Line {
            key: key.operation.clone(),
            kind: key.kind.name().to_owned(),
            id: key.id,
            api_key: key.api_key.clone(),
        };
        let mut text = serde_json::to_string(&line)
            .map_err(|e| keys_error(&self.path, "cannot write a key", e))?;
        text.push('\n');
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_data())
            .map_err(|e| keys_error(&self.path, "cannot write a key", e))
    }
}

/// The operations the keys file has a key for, with the id it recorded: a resumed run finds
/// there what a killed one received but had not yet journaled. The keys themselves are not
/// kept. A missing file has none.
pub(crate) fn written(path: &Path) -> Result<HashMap<String, Option<i64>>, Error> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashMap::new()),
        Err(e) => return Err(keys_error(path, "cannot read it", e)),
    };
    let mut found = HashMap::new();
    for line in BufReader::new(file).lines() {
        let line = line.map_err(|e| keys_error(path, "cannot read it", e))?;
        // A line cut short by a crash holds no complete key; it is skipped.
        if let Ok(entry) = serde_json::from_str::<Line>(&line) {
            found.insert(entry.key, entry.id);
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_appended_privately_and_found_again() {
        let dir = std::env::temp_dir().join(format!("cc-keys-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("keys.jsonl");
        let _ = std::fs::remove_file(&path);
        let file = KeyFile::open(&path).unwrap();
        file.write(&OneTimeKey {
            operation: "s1".into(),
            kind: Kind::CreateSubaccount,
            id: Some(42),
            api_key: Secret::new("SECRETKEY"),
        })
        .unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"{\"key\": \"cut")
            .unwrap();
        let found = written(&path).unwrap();
        assert_eq!(found, HashMap::from([("s1".to_owned(), Some(42))]));
        assert!(std::fs::read_to_string(&path)
            .unwrap()
            .contains("SECRETKEY"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            let err = KeyFile::open(&path).err().unwrap();
            assert!(
                err.to_string().contains("readable or writable by others"),
                "{err}"
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
