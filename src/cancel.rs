//! Stopping a call early: a token its caller cancels (Ctrl-C, a cancelled asyncio task, a bulk
//! run that stops). The call's waits (backoff, `Retry-After`, the rate limiter) wake at once
//! when it is cancelled, and no further attempt starts. An attempt already under way is not
//! abandoned, except a read (see `Client::call`): a creation whose answer arrives is always
//! delivered.

use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::error::Error;

/// Cancels the calls (and bulk runs) it is given to. Cheap to clone; clones share the state.
#[derive(Clone, Default)]
pub struct CancelToken {
    state: Arc<State>,
}

type Waker = Arc<dyn Fn() + Send + Sync>;

/// A check run while a call waits, for a signal that can only be seen by asking (Python runs its
/// signal handlers only when asked, on its main thread): true cancels the token.
pub(crate) type Poll = Box<dyn Fn() -> bool + Send + Sync>;

#[derive(Default)]
struct State {
    cancelled: AtomicBool,
    /// Who to wake on cancellation, besides sleepers: waits on other condition variables.
    wakers: Mutex<Vec<(u64, Waker)>>,
    next_waker: AtomicU64,
    /// Sleepers wait here.
    sleep_lock: Mutex<()>,
    woken: Condvar,
    poll: Option<(Duration, Poll)>,
}

impl fmt::Debug for CancelToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CancelToken")
            .field("cancelled", &self.state.cancelled.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

impl CancelToken {
    /// A token not yet cancelled.
    pub fn new() -> CancelToken {
        CancelToken::default()
    }

    /// A token that also runs `poll` every `every` while a call waits, and is cancelled when it
    /// returns true (the Python face's check for signals).
    #[cfg_attr(not(feature = "python"), allow(dead_code))]
    pub(crate) fn polled(every: Duration, poll: Poll) -> CancelToken {
        CancelToken {
            state: Arc::new(State {
                poll: Some((every, poll)),
                ..State::default()
            }),
        }
    }

    /// Cancels every call and run this token was given to: their waits end at once with
    /// `Error::Interrupted`, and no further request is sent.
    pub fn cancel(&self) {
        if self.state.cancelled.swap(true, Ordering::SeqCst) {
            return;
        }
        {
            // Taken so that a sleeper between its check and its wait cannot miss the notice.
            let _guard = lock(&self.state.sleep_lock);
            self.state.woken.notify_all();
        }
        let wakers: Vec<Waker> = lock(&self.state.wakers)
            .iter()
            .map(|(_, w)| Arc::clone(w))
            .collect();
        for wake in wakers {
            wake();
        }
    }

    /// Whether it was cancelled (running the poll, if it has one).
    pub fn is_cancelled(&self) -> bool {
        if self.state.cancelled.load(Ordering::SeqCst) {
            return true;
        }
        if let Some((_, poll)) = &self.state.poll {
            if poll() {
                self.cancel();
                return true;
            }
        }
        false
    }

    /// `Err(Interrupted)` once cancelled.
    pub(crate) fn check(&self) -> Result<(), Error> {
        if self.is_cancelled() {
            Err(Error::Interrupted)
        } else {
            Ok(())
        }
    }

    /// How long a wait on another condition variable may block before it must look again: as
    /// long as it likes, unless a poll must run.
    pub(crate) fn slice(&self, wait: Duration) -> Duration {
        match &self.state.poll {
            Some((every, _)) => wait.min(*every),
            None => wait,
        }
    }

    /// Sleeps for `total`, or until cancelled (`Err(Interrupted)`).
    pub(crate) fn sleep(&self, total: Duration) -> Result<(), Error> {
        let until = Instant::now() + total;
        loop {
            self.check()?;
            let guard = lock(&self.state.sleep_lock);
            // Read again under the lock `cancel` notifies under, so that no notice is lost.
            if self.state.cancelled.load(Ordering::SeqCst) {
                return Err(Error::Interrupted);
            }
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(());
            }
            drop(
                self.state
                    .woken
                    .wait_timeout(guard, self.slice(left))
                    .unwrap_or_else(|p| p.into_inner()),
            );
        }
    }

    /// Runs `wake` when the token is cancelled, for as long as the returned guard lives (a wait
    /// on another condition variable registers its `notify_all`).
    pub(crate) fn on_cancel(&self, wake: Waker) -> OnCancel<'_> {
        let id = self.state.next_waker.fetch_add(1, Ordering::Relaxed);
        lock(&self.state.wakers).push((id, wake));
        OnCancel { token: self, id }
    }
}

/// Removes its waker from the token when dropped.
pub(crate) struct OnCancel<'a> {
    token: &'a CancelToken,
    id: u64,
}

impl Drop for OnCancel<'_> {
    fn drop(&mut self) {
        lock(&self.token.state.wakers).retain(|(id, _)| *id != self.id);
    }
}

/// Sleeps for `total`, stopping early when `cancel` (if any) is cancelled.
pub(crate) fn sleep(cancel: Option<&CancelToken>, total: Duration) -> Result<(), Error> {
    match cancel {
        Some(token) => token.sleep(total),
        None => {
            std::thread::sleep(total);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn a_sleep_ends_when_another_thread_cancels() {
        let token = CancelToken::new();
        let (started_tx, started) = std::sync::mpsc::channel();
        let sleeper = {
            let token = token.clone();
            std::thread::spawn(move || {
                started_tx.send(()).unwrap();
                token.sleep(Duration::from_secs(3600))
            })
        };
        started.recv().unwrap();
        token.cancel();
        // Joining proves the hour-long sleep ended: a sleep that missed the notice would hang
        // the test (the harness's own timeout then fails it).
        assert!(matches!(sleeper.join().unwrap(), Err(Error::Interrupted)));
        assert!(token.is_cancelled());
        assert!(matches!(
            token.sleep(Duration::from_secs(3600)),
            Err(Error::Interrupted)
        ));
    }

    #[test]
    fn wakers_run_once_and_only_while_registered() {
        let token = CancelToken::new();
        let woken = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&woken);
        let registered = token.on_cancel(Arc::new(move || {
            counter.fetch_add(1, Ordering::SeqCst);
        }));
        let counter = Arc::clone(&woken);
        drop(token.on_cancel(Arc::new(move || {
            counter.fetch_add(100, Ordering::SeqCst);
        })));
        token.cancel();
        token.cancel();
        drop(registered);
        assert_eq!(woken.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_polled_token_is_cancelled_by_its_poll() {
        let polls = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&polls);
        let token = CancelToken::polled(
            Duration::from_millis(1),
            Box::new(move || counted.fetch_add(1, Ordering::SeqCst) == 2),
        );
        assert!(matches!(
            token.sleep(Duration::from_secs(3600)),
            Err(Error::Interrupted)
        ));
        assert_eq!(
            polls.load(Ordering::SeqCst),
            3,
            "stopped at the poll that saw it"
        );
        assert!(sleep(None, Duration::from_millis(1)).is_ok());
    }
}
