//! What a run reports: progress while it runs, and the journal's state when it ends.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use super::journal::{Entry, State};

/// How far a run is. Counts cover the whole plan, earlier runs included; `settled` and
/// `elapsed` only this run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Operations in the plan.
    pub total: usize,
    /// Operations in each state now.
    pub counts: BTreeMap<State, usize>,
    /// Operations this run brought to `done`, `failed` or `needs_attention`.
    pub settled: usize,
    /// Since this run started.
    pub elapsed: Duration,
}

impl Progress {
    /// Operations in `state`.
    pub fn count(&self, state: State) -> usize {
        self.counts.get(&state).copied().unwrap_or(0)
    }

    /// Operations not yet settled (`pending` or `in_flight`).
    pub fn remaining(&self) -> usize {
        self.count(State::Pending) + self.count(State::InFlight)
    }

    /// Operations settled per second in this run.
    pub fn rate(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64();
        if seconds > 0.0 {
            self.settled as f64 / seconds
        } else {
            0.0
        }
    }

    /// At this run's rate, how long the rest takes; `None` before anything settled.
    pub fn eta(&self) -> Option<Duration> {
        let rate = self.rate();
        (rate > 0.0).then(|| Duration::from_secs_f64(self.remaining() as f64 / rate))
    }
}

/// A journal's state: every operation, and counts per state.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The journal file.
    pub journal: PathBuf,
    /// Where the run writes one-time keys.
    pub keys_file: PathBuf,
    /// Every operation, in plan order.
    pub entries: Vec<Entry>,
}

impl Report {
    /// Operations in each state (every state is present, zero or not).
    pub fn counts(&self) -> BTreeMap<State, usize> {
        let mut counts: BTreeMap<State, usize> = State::ALL.iter().map(|s| (*s, 0)).collect();
        for entry in &self.entries {
            *counts.entry(entry.state).or_default() += 1;
        }
        counts
    }

    /// Operations in `state`.
    pub fn in_state(&self, state: State) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(move |e| e.state == state)
    }

    /// Whether every operation is `done`.
    pub fn all_done(&self) -> bool {
        self.entries.iter().all(|e| e.state == State::Done)
    }

    /// Whether no operation is left to run or check (`pending` or `in_flight`).
    pub fn finished(&self) -> bool {
        self.entries
            .iter()
            .all(|e| !matches!(e.state, State::Pending | State::InFlight))
    }
}
