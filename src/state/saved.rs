//! A saved plan (`certcentral plan --out plan.json`) and the fingerprint of the live state it
//! was computed from: each live object's digest by address, so that a refusal can say what
//! moved.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::diff::{Scope, StatePlan};
use super::file::Desired;
use super::live::Live;
use crate::error::Error;

/// What marks a saved plan's JSON.
pub const FORMAT: &str = "certcentral-plan/1";

/// A plan saved to be applied later: the wanted state, the scope, and the live state's
/// digests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedPlan {
    /// [`FORMAT`].
    pub format: String,
    /// What the state file said.
    pub desired: Desired,
    /// `--prune` and `--target`.
    pub scope: Scope,
    /// Each live object's digest, by address.
    pub objects: BTreeMap<String, String>,
    /// The plan as computed (for people; apply computes it again).
    pub plan: StatePlan,
}

impl SavedPlan {
    /// Writes it as JSON.
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        let text = serde_json::to_string_pretty(self)
            .map_err(|e| Error::invalid_argument("plan", e.to_string()))?;
        std::fs::write(path, text + "\n").map_err(|e| {
            Error::invalid_argument("plan", format!("cannot write {}: {e}", path.display()))
        })
    }

    /// A saved plan from JSON text, or `None` when the text is not one.
    pub fn parse(text: &str) -> Option<SavedPlan> {
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return None;
        }
        serde_json::from_value(value).ok()
    }

    /// Refuses when the live state moved since: names what appeared, went or changed.
    pub fn check(&self, live: &Live) -> Result<(), Error> {
        let now = objects(live);
        let mut moved = Vec::new();
        for (address, digest) in &now {
            match self.objects.get(address) {
                None => moved.push(format!("{address} appeared")),
                Some(d) if d != digest => moved.push(format!("{address} changed")),
                Some(_) => {}
            }
        }
        for address in self.objects.keys() {
            if !now.contains_key(address) {
                moved.push(format!("{address} is gone"));
            }
        }
        if moved.is_empty() {
            return Ok(());
        }
        Err(Error::invalid_argument(
            "saved_plan",
            format!(
                "the account changed since this plan was made, so it is refused (nothing was \
                 sent); plan again. What moved:\n  {}",
                moved.join("\n  ")
            ),
        ))
    }
}

/// FNV-1a, 64 bits, as hex: a digest to notice change, not a security measure.
fn digest(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// Each live object's digest, by an address unique in the account.
pub fn objects(live: &Live) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let json = |v: &dyn erased::Json| v.json();
    for d in &live.divisions {
        out.insert(format!("division.{}#{}", d.name, d.id), json(d));
    }
    for u in &live.users {
        out.insert(format!("user.{}", u.username), json(u));
    }
    for k in &live.keys {
        out.insert(format!("service_user.{}#{}", k.name, k.id), json(k));
    }
    for o in &live.organizations {
        out.insert(format!("organization.{}#{}", o.parts[0], o.id), json(o));
    }
    out
}

mod erased {
    /// A live record's digest.
    pub(super) trait Json {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> String {
            super::digest(&serde_json::to_string(self).unwrap_or_default())
        }
    }
}

/// The fingerprint of the whole live state.
pub fn fingerprint(live: &Live) -> String {
    digest(&serde_json::to_string(&objects(live)).unwrap_or_default())
}
