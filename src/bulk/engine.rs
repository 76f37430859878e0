//! Running a plan: workers share one client (so its limiter paces the whole run), each
//! operation is journaled `in_flight` just before its request may leave and settled after, and
//! an outcome that leaves open whether it was carried out is checked on the read side before
//! anything is sent again. Progress and one-time keys reach the observer on the caller's thread.

use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Instant;

use super::journal::{Entry, Journal, RunInfo, State};
use super::keys::{self, KeyFile, OneTimeKey};
use super::plan::{Action, Kind, Plan};
use super::reconcile::{self, Check};
use super::report::{Progress, Report};
use crate::client::Client;
use crate::error::{Error, Status};
use crate::secret::Secret;

/// How a run goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunOptions {
    /// Operations run at once (default 4). They share one client, and so its rate limiter.
    pub workers: usize,
    /// The most times one operation's request is sent before it is `failed` (default 3).
    pub max_attempts: u32,
    /// Where one-time keys go (`run` only; a resume uses its run's). Default: beside the
    /// journal, `<journal>.keys.jsonl`.
    pub keys_file: Option<PathBuf>,
    /// `resume` only: send the `failed` operations again (their requests were refused, so this
    /// repeats nothing).
    pub retry_failed: bool,
}

impl Default for RunOptions {
    fn default() -> RunOptions {
        RunOptions {
            workers: 4,
            max_attempts: 3,
            keys_file: None,
            retry_failed: false,
        }
    }
}

/// Receives a run's progress and one-time keys, on the thread that called `run` or `resume`. An
/// `Err` stops the run: operations under way finish, the rest stay `pending`, and the error is
/// returned.
pub trait Observer {
    /// After the start and after each operation settles.
    fn progress(&mut self, _progress: &Progress) -> Result<(), Error> {
        Ok(())
    }

    /// A one-time key, already written to the keys file.
    fn one_time_key(&mut self, _key: &OneTimeKey) -> Result<(), Error> {
        Ok(())
    }

    /// The run is stopping because of `why` (an interrupt, say): no operation starts from now
    /// on, and those under way finish first.
    fn stopping(&mut self, _why: &Error) {}
}

/// An observer that ignores everything.
impl Observer for () {}

/// The default keys file of a journal: `run.db` → `run.db.keys.jsonl`.
pub fn default_keys_file(journal: &Path) -> PathBuf {
    let mut name = journal.as_os_str().to_owned();
    name.push(".keys.jsonl");
    PathBuf::from(name)
}

/// Runs `plan`, journaling it in a new file `journal`. Returns the journal's final state; the
/// run is complete when [`Report::finished`]. `Err` when it could not start, or stopped
/// (interrupted, the observer refused, the journal could not be written, authentication
/// failed): the journal then holds where it got to, and [`resume`] goes on from there.
pub fn run(
    client: &Client,
    plan: &Plan,
    journal: &Path,
    options: &RunOptions,
    observer: &mut dyn Observer,
) -> Result<Report, Error> {
    let keys_file = options
        .keys_file
        .clone()
        .unwrap_or_else(|| default_keys_file(journal));
    // Opened first: a keys file others can read is refused before anything is journaled.
    let keys = KeyFile::open(&keys_file)?;
    let info = RunInfo {
        base_url: client.base_url().to_owned(),
        keys_file,
    };
    let journal = Journal::create(journal, plan, &info)?;
    drive(client, journal, keys, options, observer)
}

/// Goes on with the run a journal holds: `in_flight` operations are checked on the read side
/// first, `pending` ones are sent. The client must talk to the API the run was made against.
pub fn resume(
    client: &Client,
    journal: &Path,
    options: &RunOptions,
    observer: &mut dyn Observer,
) -> Result<Report, Error> {
    let journal = Journal::open(journal)?;
    let info = journal.info()?;
    if info.base_url != client.base_url() {
        return Err(Error::invalid_argument(
            "journal",
            format!(
                "{} holds a run against {}, but this client talks to {}",
                journal.path().display(),
                info.base_url,
                client.base_url()
            ),
        ));
    }
    let keys = KeyFile::open(&info.keys_file)?;
    if options.retry_failed {
        journal.retry_failed()?;
    }
    drive(client, journal, keys, options, observer)
}

/// The state of the run a journal holds; sends nothing.
pub fn status(journal: &Path) -> Result<Report, Error> {
    report(&Journal::open(journal)?)
}

fn report(journal: &Journal) -> Result<Report, Error> {
    Ok(Report {
        journal: journal.path().to_owned(),
        keys_file: journal.info()?.keys_file,
        entries: journal.entries()?.into_iter().map(|(e, _)| e).collect(),
    })
}

/// What workers tell the caller's thread.
enum Event {
    Settled { from: State, to: State },
    Key(OneTimeKey),
    Fatal(Error),
}

fn drive(
    client: &Client,
    journal: Journal,
    keys: KeyFile,
    options: &RunOptions,
    observer: &mut dyn Observer,
) -> Result<Report, Error> {
    let info = journal.info()?;
    let written = keys::written(&info.keys_file)?;
    let entries = journal.entries()?;
    let mut progress = Progress {
        total: entries.len(),
        counts: State::ALL.iter().map(|s| (*s, 0)).collect(),
        settled: 0,
        elapsed: Default::default(),
    };
    for (entry, _) in &entries {
        *progress.counts.entry(entry.state).or_default() += 1;
    }
    let work: Vec<(Entry, Action)> = entries
        .into_iter()
        .filter(|(e, _)| matches!(e.state, State::Pending | State::InFlight))
        .collect();
    let shared = Shared {
        client,
        journal: Arc::new(journal),
        keys: &keys,
        written,
        max_attempts: options.max_attempts.max(1),
    };
    let stop = Arc::new(AtomicBool::new(false));
    let next = AtomicUsize::new(0);
    let started = Instant::now();
    observer.progress(&progress)?;

    let mut failure: Option<Error> = None;
    let mut told = false;
    let (events, received) = mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..options.workers.clamp(1, 256).min(work.len()) {
            let (events, stop, shared, work, next) = (events.clone(), &stop, &shared, &work, &next);
            let halt = Arc::clone(stop);
            scope.spawn(move || {
                // The client's waits (limiter, backoff) on this thread end when the run stops.
                crate::interrupt::with_check(
                    move || halt.load(Ordering::Relaxed),
                    || worker(shared, work, next, stop, &events),
                )
            });
        }
        drop(events);
        loop {
            match received.recv_timeout(crate::interrupt::CHECK_EVERY) {
                Ok(Event::Settled { from, to }) => {
                    *progress.counts.entry(from).or_default() -= 1;
                    *progress.counts.entry(to).or_default() += 1;
                    if matches!(to, State::Done | State::Failed | State::NeedsAttention) {
                        progress.settled += 1;
                    }
                    progress.elapsed = started.elapsed();
                    if let Err(e) = observer.progress(&progress) {
                        failure.get_or_insert(e);
                        stop.store(true, Ordering::Relaxed);
                    }
                }
                Ok(Event::Key(key)) => {
                    if let Err(e) = observer.one_time_key(&key) {
                        failure.get_or_insert(e);
                        stop.store(true, Ordering::Relaxed);
                    }
                }
                Ok(Event::Fatal(e)) => {
                    failure.get_or_insert(e);
                    stop.store(true, Ordering::Relaxed);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            if failure.is_none() {
                if let Err(e) = crate::interrupt::check() {
                    failure = Some(e);
                    stop.store(true, Ordering::Relaxed);
                }
            }
            if let (Some(why), false) = (&failure, told) {
                observer.stopping(why);
                told = true;
            }
        }
    });
    if let Some(error) = failure {
        return Err(error);
    }
    progress.elapsed = started.elapsed();
    report(&shared.journal)
}

fn worker(
    shared: &Shared<'_>,
    work: &[(Entry, Action)],
    next: &AtomicUsize,
    stop: &AtomicBool,
    events: &mpsc::Sender<Event>,
) {
    while !stop.load(Ordering::Relaxed) {
        let Some((entry, action)) = work.get(next.fetch_add(1, Ordering::Relaxed)) else {
            return;
        };
        let from = entry.state;
        let outcome = shared.execute(entry.clone(), action, events);
        let _ = match outcome {
            Ok(to) => events.send(Event::Settled { from, to }),
            Err(fatal) => {
                stop.store(true, Ordering::Relaxed);
                events.send(Event::Fatal(fatal))
            }
        };
    }
}

/// What a creation returned.
struct Created {
    id: Option<i64>,
    key: Option<Secret>,
}

/// What an error after a creation call means for the operation.
#[derive(Debug, PartialEq, Eq)]
enum Meaning {
    /// The server refused it; nothing was carried out.
    Refused,
    /// Refused for now (429, or the limiter would wait too long); nothing was carried out.
    NotNow,
    /// Stopped before it was sent.
    Stopped,
    /// It may have been carried out: a broken connection, a timeout, a 5xx.
    Unknown,
    /// It was carried out but its answer could not be read (or arrived cut short).
    CarriedOut,
    /// Every other operation would fail too (bad key), or a bug: the run stops.
    Fatal,
}

fn meaning(error: &Error) -> Meaning {
    if matches!(error, Error::Interrupted) {
        return Meaning::Stopped;
    }
    if error.one_time_key().is_some() {
        // A key in the (partial) answer: the server created it.
        return Meaning::CarriedOut;
    }
    match error.status() {
        // A TLS failure sent nothing, and every other operation would meet it too.
        Status::Authentication | Status::Tls | Status::Panic => Meaning::Fatal,
        Status::RateLimited => Meaning::NotNow,
        Status::Server | Status::Transport | Status::Timeout => Meaning::Unknown,
        Status::Decode => Meaning::CarriedOut,
        Status::Ok
        | Status::InvalidArgument
        | Status::Validation
        | Status::BadRequest
        | Status::PermissionDenied
        | Status::NotFound
        | Status::Conflict
        | Status::Api => Meaning::Refused,
    }
}

struct Shared<'a> {
    client: &'a Client,
    journal: Arc<Journal>,
    keys: &'a KeyFile,
    /// Operations the keys file had a key for when the run started.
    written: std::collections::HashMap<String, Option<i64>>,
    max_attempts: u32,
}

impl Shared<'_> {
    /// Brings one operation as far as it goes; returns its state then. `Err` stops the run.
    fn execute(
        &self,
        mut entry: Entry,
        action: &Action,
        events: &mpsc::Sender<Event>,
    ) -> Result<State, Error> {
        let journal = &self.journal;
        let seq = entry.seq;
        if entry.state == State::InFlight {
            // An earlier run stopped while this may have been sent.
            entry.ambiguous = true;
            match reconcile::check(self.client, &entry.key, action, &self.written) {
                Check::Found(id) => return journal.done(seq, id, false).map(|()| State::Done),
                Check::Absent => {}
                Check::Unknown(note) => {
                    journal.needs_attention(seq, None, note, false)?;
                    return Ok(State::NeedsAttention);
                }
                Check::Failed(error) => return self.unresolved(seq, &error),
            }
        }
        let mut last: Option<Error> = None;
        loop {
            if entry.attempts >= self.max_attempts {
                let note = format!("gave up after {} attempts", entry.attempts);
                // Resumed at the limit: the journal has the last error's text.
                let error = last.unwrap_or_else(|| {
                    let previous = entry.message.as_deref().unwrap_or("none recorded");
                    Error::invalid_argument("max_attempts", format!("the last error: {previous}"))
                });
                journal.failed(seq, &error, Some(&note))?;
                return Ok(State::Failed);
            }
            let (outcome, sent) = self.attempt(seq, action)?;
            if sent {
                entry.attempts += 1;
            }
            let error = match outcome {
                Ok(created) => {
                    let written = match created.key {
                        Some(key) => self.deliver_key(&entry, created.id, key, events)?,
                        None => false,
                    };
                    journal.done(seq, created.id, written)?;
                    return Ok(State::Done);
                }
                Err(error) => error,
            };
            match meaning(&error) {
                Meaning::Fatal => {
                    if sent {
                        journal.pending(seq, entry.ambiguous, Some(&error))?;
                    }
                    return Err(error);
                }
                Meaning::Stopped => {
                    if sent {
                        journal.pending(seq, entry.ambiguous, None)?;
                    }
                    return Ok(State::Pending);
                }
                Meaning::Refused if error.status() == Status::Conflict && entry.ambiguous => {
                    // An earlier attempt may have created it: that is the conflict.
                    let settled = self.after_unknown(&entry, action, &error)?;
                    return Ok(settled.unwrap_or(State::Failed));
                }
                Meaning::Refused => {
                    journal.failed(seq, &error, None)?;
                    return Ok(State::Failed);
                }
                Meaning::NotNow if !sent => {
                    // The limiter would wait longer than allowed: leave it for a later run.
                    return Ok(State::Pending);
                }
                Meaning::NotNow => {
                    journal.pending(seq, entry.ambiguous, Some(&error))?;
                    last = Some(error);
                }
                Meaning::Unknown => {
                    entry.ambiguous = true;
                    match self.after_unknown(&entry, action, &error)? {
                        Some(state) => return Ok(state),
                        None => last = Some(error),
                    }
                }
                Meaning::CarriedOut => match self.carried_out(&entry, action, &error, events)? {
                    Some(state) => return Ok(state),
                    None => last = Some(error),
                },
            }
        }
    }

    /// After an outcome that may have been carried out: the read side decides. `None`: it is
    /// not there, send again.
    fn after_unknown(
        &self,
        entry: &Entry,
        action: &Action,
        error: &Error,
    ) -> Result<Option<State>, Error> {
        let seq = entry.seq;
        match reconcile::check(self.client, &entry.key, action, &self.written) {
            Check::Found(id) => self
                .journal
                .done(seq, id, false)
                .map(|()| Some(State::Done)),
            Check::Absent if error.status() == Status::Conflict => {
                // Refused, and not by an earlier attempt of ours.
                self.journal.failed(seq, error, None)?;
                Ok(Some(State::Failed))
            }
            Check::Absent => {
                self.journal.pending(seq, true, Some(error))?;
                Ok(None)
            }
            Check::Unknown(note) => {
                self.journal
                    .needs_attention(seq, Some(error), note, false)?;
                Ok(Some(State::NeedsAttention))
            }
            Check::Failed(read) => self.unresolved(seq, &read).map(Some),
        }
    }

    /// The server carried it out but its answer could not be read: any key in it is saved,
    /// and the id is looked up where the read side can. `None`: asking again is how to learn
    /// the id (an organization under the duplicate check).
    fn carried_out(
        &self,
        entry: &Entry,
        action: &Action,
        error: &Error,
        events: &mpsc::Sender<Event>,
    ) -> Result<Option<State>, Error> {
        let seq = entry.seq;
        let written = match error.one_time_key() {
            Some(key) => self.deliver_key(entry, None, Secret::new(key), events)?,
            None => false,
        };
        match reconcile::check(self.client, &entry.key, action, &self.written) {
            Check::Found(id) => {
                self.journal.done(seq, id, written)?;
                return Ok(Some(State::Done));
            }
            Check::Absent if entry.kind == Kind::CreateOrganization => {
                self.journal.pending(seq, true, Some(error))?;
                return Ok(None);
            }
            _ => {}
        }
        let note = if written {
            "the server carried it out, but its answer could not be read, so its id is unknown; \
             its one-time key was written to the keys file"
        } else {
            "the server carried it out, but its answer could not be read, so its id is unknown"
        };
        self.journal
            .needs_attention(seq, Some(error), note, written)?;
        Ok(Some(State::NeedsAttention))
    }

    /// The read side could not be asked: the operation stays `in_flight` for a later resume.
    fn unresolved(&self, seq: i64, error: &Error) -> Result<State, Error> {
        let note = "could not check whether it was carried out; resume to check again";
        self.journal.unresolved(seq, error, note)?;
        Ok(State::InFlight)
    }

    /// Writes a one-time key to the keys file, then hands it to the observer.
    fn deliver_key(
        &self,
        entry: &Entry,
        id: Option<i64>,
        api_key: Secret,
        events: &mpsc::Sender<Event>,
    ) -> Result<bool, Error> {
        let key = OneTimeKey {
            operation: entry.key.clone(),
            kind: entry.kind,
            id,
            api_key,
        };
        let saved = self.keys.write(&key);
        let _ = events.send(Event::Key(key));
        if let Err(error) = saved {
            let note = "created, but its one-time key could not be written to the keys file \
                        (it was handed to the key callback only)";
            self.journal
                .needs_attention(entry.seq, Some(&error), note, false)?;
            return Err(error);
        }
        Ok(true)
    }

    /// Sends the request once (with the client's own retries), journaling `in_flight` just
    /// before it may leave. Returns the outcome and whether anything was sent. `Err`: the
    /// journal could not be written, and nothing was sent.
    fn attempt(&self, seq: i64, action: &Action) -> Result<(Result<Created, Error>, bool), Error> {
        let sent = Rc::new(Cell::new(false));
        let broken: Rc<RefCell<Option<Error>>> = Rc::default();
        let (flag, journal_error) = (Rc::clone(&sent), Rc::clone(&broken));
        let journal = Arc::clone(&self.journal);
        let hook = move || {
            if !flag.get() {
                if let Err(e) = journal.sending(seq) {
                    *journal_error.borrow_mut() = Some(e.clone());
                    return Err(e);
                }
                flag.set(true);
            }
            Ok(())
        };
        let outcome = crate::before_send::with_hook(hook, || call(self.client, action));
        if let Some(error) = broken.take() {
            return Err(error);
        }
        Ok((outcome, sent.get()))
    }
}

fn call(client: &Client, action: &Action) -> Result<Created, Error> {
    let plain = |id| Created { id, key: None };
    match action {
        Action::SendInvite(r) => client.send_invite(r).map(|()| plain(None)),
        Action::AddUser(r) => client.add_user(r).map(|u| plain(Some(u.id))),
        Action::CreateOrganization(r) => client.create_organization(r).map(|o| plain(Some(o.id))),
        Action::AddServiceUser(r) => client.add_service_user(r).map(|s| Created {
            id: Some(s.id),
            key: s.api_key,
        }),
        Action::CreateSubaccount(r) => client.create_subaccount(r).map(|s| Created {
            id: Some(s.id),
            key: s.api_key,
        }),
    }
}
