//! Running a plan: workers share one client (so its limiter paces the whole run), each
//! operation is journaled `in_flight` just before its request may leave and settled after, and
//! an outcome that leaves open whether it was carried out is checked on the read side before
//! anything is sent again. The engine owns the attempts: the client's own retries are off for a
//! run's requests, and every repeat is the engine's, counted against `max_attempts`. Progress
//! and one-time keys reach the observer on the caller's thread.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use super::journal::{Entry, Journal, RunInfo, RunLock, State};
use super::keys::{self, KeyFile, OneTimeKey, Slot};
use super::plan::{Action, Kind, Plan};
use super::reconcile::{self, Check};
use super::report::{Progress, Report};
use crate::cancel::CancelToken;
use crate::client::{CallOptions, Client};
use crate::error::{Error, Status};
use crate::secret::Secret;

/// How a run goes.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Operations run at once (default 4). They share one client, and so its rate limiter.
    pub workers: usize,
    /// The most times one operation's request is sent before it is settled without success
    /// (default 3). The engine counts every request: the client's own retries are off in a run.
    pub max_attempts: u32,
    /// Where one-time keys go (`run` only; a resume uses its run's). Default: beside the
    /// journal, `<journal>.keys.jsonl`. Kept as an absolute path.
    pub keys_file: Option<PathBuf>,
    /// `resume` only: send the `failed` operations again (nothing of theirs was carried out,
    /// so this repeats nothing).
    pub retry_failed: bool,
    /// Stops the run when cancelled (Ctrl-C, SIGTERM): no operation starts from then on, and
    /// those under way finish and are journaled.
    pub cancel: Option<CancelToken>,
}

impl Default for RunOptions {
    fn default() -> RunOptions {
        RunOptions {
            workers: 4,
            max_attempts: 3,
            keys_file: None,
            retry_failed: false,
            cancel: None,
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

    /// A one-time key, once the keys file has it (or could not take it: the run then stops
    /// with an error saying where the key is).
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
/// run is complete when [`Report::finished`]. `Err` when it could not start (another process
/// runs this journal, the keys file cannot be written), or stopped (interrupted, the observer
/// refused, the journal or the keys file could not be written, authentication failed): the
/// journal then holds where it got to, and [`resume`] goes on from there.
pub fn run(
    client: &Client,
    plan: &Plan,
    journal: &Path,
    options: &RunOptions,
    observer: &mut dyn Observer,
) -> Result<Report, Error> {
    let lock = RunLock::take(journal)?;
    Journal::check_new(journal)?;
    let keys_file = options
        .keys_file
        .clone()
        .unwrap_or_else(|| default_keys_file(journal));
    let keys_file = std::path::absolute(&keys_file)
        .map_err(|e| keys::keys_error(&keys_file, "cannot be resolved", e))?;
    let info = RunInfo {
        run_id: super::journal::new_run_id(),
        base_url: client.base_url().to_owned(),
        keys_file,
    };
    // Opened first: a keys file that cannot be written stops the run before anything is
    // journaled or sent.
    let keys = KeyFile::open(&info.keys_file, &info.run_id)?;
    let journal = Journal::create(journal, plan.operations(), &info)?;
    drive(client, journal, keys, &info, options, observer, lock)
}

/// Goes on with the run a journal holds: `in_flight` operations are checked on the read side
/// first, `pending` ones are sent. The client must talk to the API the run was made against.
pub fn resume(
    client: &Client,
    journal: &Path,
    options: &RunOptions,
    observer: &mut dyn Observer,
) -> Result<Report, Error> {
    let lock = RunLock::take(journal)?;
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
    let keys = KeyFile::open(&info.keys_file, &info.run_id)?;
    if options.retry_failed {
        journal.retry_failed()?;
    }
    drive(client, journal, keys, &info, options, observer, lock)
}

/// The state of the run a journal holds; sends nothing, and needs no lock.
pub fn status(journal: &Path) -> Result<Report, Error> {
    report(&Journal::open(journal)?)
}

fn report(journal: &Journal) -> Result<Report, Error> {
    Ok(Report {
        journal: journal.path().to_owned(),
        keys_file: journal.info()?.keys_file,
        entries: journal.entries()?,
    })
}

/// What workers tell the caller's thread.
enum Event {
    Settled {
        from: State,
        to: State,
    },
    Key(OneTimeKey),
    Fatal(Error),
    /// The caller's token was cancelled.
    Interrupted,
    /// A worker ended.
    Exited,
}

/// Operations still to run, taken from the journal a batch at a time: a run never holds the
/// whole plan.
struct Queue {
    batch: VecDeque<(Entry, Action)>,
    after: i64,
    exhausted: bool,
}

const BATCH: usize = 256;

impl Queue {
    fn take(&mut self, journal: &Journal) -> Result<Option<(Entry, Action)>, Error> {
        if self.batch.is_empty() && !self.exhausted {
            let next = journal.work(self.after, BATCH)?;
            self.exhausted = next.len() < BATCH;
            if let Some((last, _)) = next.last() {
                self.after = last.seq;
            }
            self.batch.extend(next);
        }
        Ok(self.batch.pop_front())
    }
}

/// Sends `Exited` when a worker ends, however it ends.
struct ExitNotice(mpsc::Sender<Event>);

impl Drop for ExitNotice {
    fn drop(&mut self) {
        let _ = self.0.send(Event::Exited);
    }
}

fn drive(
    client: &Client,
    journal: Journal,
    keys: KeyFile,
    info: &RunInfo,
    options: &RunOptions,
    observer: &mut dyn Observer,
    _lock: RunLock,
) -> Result<Report, Error> {
    let written = keys::written(keys.path(), &info.run_id)?;
    let counts = journal.counts()?;
    let mut progress = Progress {
        total: counts.values().sum(),
        counts,
        settled: 0,
        elapsed: Duration::ZERO,
    };
    let remaining = progress.remaining();
    // The run's own token: stops every worker's waits, and no new operation starts.
    let stop = CancelToken::new();
    let shared = Shared {
        client: client.with_options(CallOptions {
            max_retries: Some(0),
            cancel: Some(stop.clone()),
            ..CallOptions::default()
        })?,
        journal: Arc::new(journal),
        keys,
        info: info.clone(),
        written,
        max_attempts: options.max_attempts.max(1),
        stop: stop.clone(),
    };
    let queue = Mutex::new(Queue {
        batch: VecDeque::new(),
        after: -1,
        exhausted: false,
    });
    let started = Instant::now();
    observer.progress(&progress)?;

    let (events, received) = mpsc::channel();
    let caller = options.cancel.as_ref();
    let _on_interrupt = caller.map(|token| {
        let (events, stop) = (Mutex::new(events.clone()), stop.clone());
        token.on_cancel(Arc::new(move || {
            stop.cancel();
            let events = events.lock().unwrap_or_else(|p| p.into_inner());
            let _ = events.send(Event::Interrupted);
        }))
    });
    let workers = options.workers.clamp(1, 256).min(remaining);
    let mut failure: Option<Error> = None;
    let mut told = false;
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (events, shared, queue) = (events.clone(), &shared, &queue);
            scope.spawn(move || {
                let notice = ExitNotice(events.clone());
                worker(shared, queue, &events);
                drop(notice);
            });
        }
        let mut alive = workers;
        // Only a polled token (Python's signal check) needs the loop to wake on its own.
        let patience = Duration::from_secs(3600);
        while alive > 0 {
            let wait = caller.map_or(patience, |token| token.slice(patience));
            match received.recv_timeout(wait) {
                Ok(Event::Settled { from, to }) => {
                    *progress.counts.entry(from).or_default() -= 1;
                    *progress.counts.entry(to).or_default() += 1;
                    if matches!(to, State::Done | State::Failed | State::NeedsAttention) {
                        progress.settled += 1;
                    }
                    progress.elapsed = started.elapsed();
                    if let Err(e) = observer.progress(&progress) {
                        failure.get_or_insert(e);
                        stop.cancel();
                    }
                }
                Ok(Event::Key(key)) => {
                    if let Err(e) = observer.one_time_key(&key) {
                        failure.get_or_insert(e);
                        stop.cancel();
                    }
                }
                Ok(Event::Fatal(e)) => {
                    failure.get_or_insert(e);
                    stop.cancel();
                }
                Ok(Event::Interrupted) => {
                    failure.get_or_insert(Error::Interrupted);
                }
                Ok(Event::Exited) => alive -= 1,
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            if failure.is_none() && caller.is_some_and(CancelToken::is_cancelled) {
                failure = Some(Error::Interrupted);
                stop.cancel();
            }
            if let (Some(why), false) = (&failure, told) {
                observer.stopping(why);
                told = true;
            }
        }
    });
    // A key that arrived as the last worker ended.
    while let Ok(event) = received.try_recv() {
        if let Event::Key(key) = event {
            if let Err(e) = observer.one_time_key(&key) {
                failure.get_or_insert(e);
            }
        }
    }
    if let Some(error) = failure {
        return Err(error);
    }
    report(&shared.journal)
}

fn worker(shared: &Shared, queue: &Mutex<Queue>, events: &mpsc::Sender<Event>) {
    while !shared.stop.is_cancelled() {
        let next = queue
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take(&shared.journal);
        let (entry, action) = match next {
            Ok(Some(work)) => work,
            Ok(None) => return,
            Err(fatal) => {
                shared.stop.cancel();
                let _ = events.send(Event::Fatal(fatal));
                return;
            }
        };
        let from = entry.state;
        let _ = match shared.execute(entry, &action, events) {
            Ok(to) => events.send(Event::Settled { from, to }),
            Err(fatal) => {
                shared.stop.cancel();
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
    /// Not a byte of the request was written (refused connection, DNS, the proxy): nothing was
    /// carried out; it is sent again.
    NotSent,
    /// Stopped before it was sent.
    Stopped,
    /// It may have been carried out: a broken connection, a timeout, a 5xx.
    Unknown,
    /// It was carried out but its answer could not be read (or arrived cut short).
    CarriedOut,
    /// Every other operation would fail too (bad key, TLS), or a bug: the run stops.
    Fatal,
}

/// A refusal that an earlier attempt of ours may have caused: a 409 to a creation that arrived,
/// a 404 to a deletion that was carried out. The read side tells which.
fn settled_by_earlier(error: &Error) -> bool {
    matches!(error.status(), Status::Conflict | Status::NotFound)
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
        Status::Transport | Status::Timeout if error.not_sent() => Meaning::NotSent,
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

struct Shared {
    /// The caller's client with the engine's options: no retries of its own, and the run's
    /// stop token.
    client: Client,
    journal: Arc<Journal>,
    keys: KeyFile,
    info: RunInfo,
    /// Operations the keys file had a key for when the run started.
    written: std::collections::HashMap<String, Option<i64>>,
    max_attempts: u32,
    stop: CancelToken,
}

impl Shared {
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
            match reconcile::check(&self.client, &entry.key, action, &self.written) {
                Check::Found(id) => return journal.done(seq, id, false).map(|()| State::Done),
                Check::Absent => {}
                Check::Unknown(note) => {
                    journal.needs_attention(seq, None, note, false)?;
                    return Ok(State::NeedsAttention);
                }
                Check::Failed(error) => return self.unresolved(seq, &error),
            }
        }
        // Space for a key this operation may return, written before its request leaves.
        let mut slot: Option<Slot> = None;
        let mut last: Option<Error> = None;
        let mut pause: Option<Duration> = None;
        loop {
            if entry.attempts >= self.max_attempts {
                return self.give_up(&entry, action, last);
            }
            if let Some(wait) = pause.take() {
                if self.stop.sleep(wait).is_err() {
                    // Stopped while waiting to repeat it: it stays as journaled.
                    return Ok(if entry.state == State::InFlight {
                        State::InFlight
                    } else {
                        State::Pending
                    });
                }
            }
            if action.returns_key() && slot.is_none() {
                slot = Some(self.keys.reserve(&entry.key)?);
            }
            let (outcome, sent) = self.attempt(&entry, action)?;
            if sent {
                entry.attempts += 1;
                entry.state = State::InFlight;
            }
            let error = match outcome {
                Ok(created) => {
                    return match created.key {
                        Some(key) => self.deliver_key(&entry, created.id, key, slot, events),
                        None => journal.done(seq, created.id, false).map(|()| State::Done),
                    };
                }
                Err(error) => error,
            };
            let retry_wait = self
                .client
                .retry_policy()
                .wait_before(entry.attempts, &error);
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
                Meaning::Refused if settled_by_earlier(&error) && entry.ambiguous => {
                    // An earlier attempt may have done it: that is the conflict (a creation) or
                    // the 404 (a deletion).
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
                Meaning::NotNow | Meaning::NotSent => {
                    journal.pending(seq, entry.ambiguous, Some(&error))?;
                    entry.state = State::Pending;
                    last = Some(error);
                    pause = retry_wait;
                }
                Meaning::Unknown => {
                    entry.ambiguous = true;
                    match self.after_unknown(&entry, action, &error)? {
                        Some(state) => return Ok(state),
                        None => {
                            entry.state = State::Pending;
                            last = Some(error);
                            pause = retry_wait;
                        }
                    }
                }
                Meaning::CarriedOut => {
                    match self.carried_out(&entry, action, &error, slot, events)? {
                        Some(state) => return Ok(state),
                        None => {
                            entry.state = State::Pending;
                            last = Some(error);
                        }
                    }
                }
            }
        }
    }

    /// Out of attempts. If one of them may have been carried out, the read side decides: an
    /// ambiguous outcome is never `failed` on a guess.
    fn give_up(&self, entry: &Entry, action: &Action, last: Option<Error>) -> Result<State, Error> {
        let seq = entry.seq;
        let note = format!("gave up after {} attempts", entry.attempts);
        // Resumed at the limit: the journal has the last error's text.
        let error = last.unwrap_or_else(|| {
            let previous = entry.message.as_deref().unwrap_or("none recorded");
            Error::invalid_argument("max_attempts", format!("the last error: {previous}"))
        });
        if !entry.ambiguous {
            self.journal.failed(seq, &error, Some(&note))?;
            return Ok(State::Failed);
        }
        match reconcile::check(&self.client, &entry.key, action, &self.written) {
            Check::Found(id) => self.journal.done(seq, id, false).map(|()| State::Done),
            Check::Absent => {
                let note = format!("{note}; it is not there, so nothing was carried out");
                self.journal.failed(seq, &error, Some(&note))?;
                Ok(State::Failed)
            }
            Check::Unknown(what) => {
                let note = format!("{note}: {what}");
                self.journal
                    .needs_attention(seq, Some(&error), &note, false)?;
                Ok(State::NeedsAttention)
            }
            Check::Failed(read) => self.unresolved(seq, &read),
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
        match reconcile::check(&self.client, &entry.key, action, &self.written) {
            Check::Found(id) => self
                .journal
                .done(seq, id, false)
                .map(|()| Some(State::Done)),
            Check::Absent if settled_by_earlier(error) => {
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
        slot: Option<Slot>,
        events: &mpsc::Sender<Event>,
    ) -> Result<Option<State>, Error> {
        let seq = entry.seq;
        if let Some(key) = error.one_time_key() {
            // The key is what matters most; the id is looked up below where it can be.
            let id = match reconcile::check(&self.client, &entry.key, action, &self.written) {
                Check::Found(id) => id,
                _ => None,
            };
            let state = self.deliver_key(entry, id, Secret::new(key), slot, events)?;
            if id.is_none() && state == State::Done {
                let note = "the server carried it out, but its answer could not be read, so \
                            its id is unknown; its one-time key was written to the keys file";
                self.journal.needs_attention(seq, Some(error), note, true)?;
                return Ok(Some(State::NeedsAttention));
            }
            return Ok(Some(state));
        }
        match reconcile::check(&self.client, &entry.key, action, &self.written) {
            Check::Found(id) => {
                self.journal.done(seq, id, false)?;
                return Ok(Some(State::Done));
            }
            Check::Absent if entry.kind == Kind::CreateOrganization => {
                self.journal.pending(seq, true, Some(error))?;
                return Ok(None);
            }
            _ => {}
        }
        let note =
            "the server carried it out, but its answer could not be read, so its id is unknown";
        self.journal
            .needs_attention(seq, Some(error), note, false)?;
        Ok(Some(State::NeedsAttention))
    }

    /// The read side could not be asked: the operation stays `in_flight` for a later resume.
    fn unresolved(&self, seq: i64, error: &Error) -> Result<State, Error> {
        let note = "could not check whether it was carried out; resume to check again";
        self.journal.unresolved(seq, error, note)?;
        Ok(State::InFlight)
    }

    /// Saves a one-time key to the keys file, hands it to the observer, and journals the
    /// operation `done`. A write that keeps failing (its slot made that unlikely) stops the run:
    /// the key is written to a rescue file instead, and the error says where it is.
    fn deliver_key(
        &self,
        entry: &Entry,
        id: Option<i64>,
        api_key: Secret,
        slot: Option<Slot>,
        events: &mpsc::Sender<Event>,
    ) -> Result<State, Error> {
        let key = OneTimeKey {
            operation: entry.key.clone(),
            kind: entry.kind,
            id,
            api_key,
        };
        // Not cancellable: a key is never dropped because a run is stopping.
        let mut failure = None;
        for wait in [0, 100, 200, 400] {
            std::thread::sleep(Duration::from_millis(wait));
            match self.keys.write(&key, slot) {
                Ok(()) => {
                    failure = None;
                    break;
                }
                Err(e) => failure = Some(e),
            }
        }
        let _ = events.send(Event::Key(key.clone()));
        let Some(failure) = failure else {
            self.journal.done(entry.seq, id, true)?;
            return Ok(State::Done);
        };
        match rescue(self.journal.path(), &self.info.run_id, entry.seq, &key) {
            Ok(place) => {
                let note = format!(
                    "created; its one-time key is NOT in the keys file ({failure}); it was \
                     saved to {} (mode 0600) instead: keep it safe",
                    place.display()
                );
                self.journal.done_with_note(entry.seq, id, &note)?;
                Err(keys::keys_error(
                    self.keys.path(),
                    "could not take a one-time key",
                    format!(
                        "{failure}; the key of {:?} was saved to {} instead (move it to safe \
                         keeping); the run stopped: make room, then resume",
                        entry.key,
                        place.display()
                    ),
                ))
            }
            Err(also) => {
                let note = format!(
                    "created, but its one-time key could not be saved anywhere ({failure}; \
                     {also}): only a key callback received it"
                );
                self.journal
                    .needs_attention(entry.seq, None, &note, false)?;
                Err(keys::keys_error(
                    self.keys.path(),
                    "could not take a one-time key",
                    format!(
                        "{failure}; the key of {:?} could not be saved anywhere else either \
                         ({also}); the run stopped",
                        entry.key
                    ),
                ))
            }
        }
    }

    /// Sends the request once (the engine's view of the client has no retries), journaling
    /// `in_flight` just before it may leave. Returns the outcome and whether it was sent (or
    /// may have been). `Err`: the journal could not be written, and nothing was sent.
    fn attempt(
        &self,
        entry: &Entry,
        action: &Action,
    ) -> Result<(Result<Created, Error>, bool), Error> {
        let sent = Arc::new(AtomicBool::new(false));
        let broken: Arc<Mutex<Option<Error>>> = Arc::default();
        let (flag, journal_error) = (Arc::clone(&sent), Arc::clone(&broken));
        let (seq, attempts) = (entry.seq, entry.attempts);
        let journal = Arc::clone(&self.journal);
        let hook: crate::client::BeforeSend = Arc::new(move || {
            if !flag.load(Ordering::SeqCst) {
                if let Err(e) = journal.sending(seq, attempts) {
                    *journal_error.lock().unwrap_or_else(|p| p.into_inner()) = Some(e.clone());
                    return Err(e);
                }
                flag.store(true, Ordering::SeqCst);
            }
            Ok(())
        });
        let view = self.client.with_options(CallOptions {
            before_send: Some(hook),
            ..CallOptions::default()
        })?;
        let outcome = call(&view, action);
        drop(view);
        if let Some(error) = broken.lock().unwrap_or_else(|p| p.into_inner()).take() {
            return Err(error);
        }
        Ok((outcome, sent.load(Ordering::SeqCst)))
    }
}

/// Writes a key the keys file could not take to a file of its own (mode 0600, created new,
/// never through a link): beside the journal, else in the temporary directory.
fn rescue(journal: &Path, run_id: &str, seq: i64, key: &OneTimeKey) -> Result<PathBuf, String> {
    let line = serde_json::json!({
        "run": run_id, "key": key.operation, "kind": key.kind.name(), "id": key.id,
        "api_key": key.api_key.expose(),
    })
    .to_string();
    let name = format!(
        "{}.rescued-key-{seq}.json",
        journal
            .file_name()
            .map_or("run".into(), |n| n.to_string_lossy())
    );
    let journal = std::path::absolute(journal).unwrap_or_else(|_| journal.to_owned());
    let places = [
        journal.with_file_name(&name),
        std::env::temp_dir().join(format!("certcentral-{run_id}-{name}")),
    ];
    let mut failures = Vec::new();
    for place in places {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
        }
        let written = options.open(&place).and_then(|mut file| {
            use std::io::Write;
            file.write_all(line.as_bytes())
                .and_then(|()| file.write_all(b"\n"))
                .and_then(|()| file.sync_all())
        });
        match written {
            Ok(()) => return Ok(place),
            Err(e) => {
                let _ = std::fs::remove_file(&place);
                failures.push(format!("{}: {e}", place.display()));
            }
        }
    }
    Err(failures.join("; "))
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
        Action::UpdateUser(r) => client
            .update_user(r.user_id, &r.changes)
            .map(|()| plain(Some(r.user_id))),
        Action::DeleteUser(r) => client
            .delete_user(r.user_id)
            .map(|()| plain(Some(r.user_id))),
        Action::SetUserRoles(r) => client
            .set_user_roles(r.user_id, &r.access_roles)
            .map(|()| plain(Some(r.user_id))),
        Action::SetUserContainers(r) => client
            .set_user_containers(r.user_id, &r.container_ids)
            .map(|()| plain(Some(r.user_id))),
        Action::RevokeApiKey(r) => client
            .revoke_api_key(r.key_id)
            .map(|()| plain(Some(r.key_id))),
        Action::DeleteOrganization(r) => client
            .delete_organization(r.organization_id)
            .map(|()| plain(Some(r.organization_id))),
        Action::CreateContainer(r) => client
            .create_container(r.parent_id, &r.container)
            .map(|c| plain(Some(c.id))),
        Action::SubmitOrganizationValidation(r) => client
            .submit_organization_validation(r.organization_id, &r.request())
            .map(|()| plain(Some(r.organization_id))),
    }
}
