//! Runs a read's attempt on a helper thread, so that its caller can walk away the moment the
//! call is cancelled (Ctrl-C during a slow GET) instead of waiting out the whole attempt. The
//! attempt goes on in the background and its answer is dropped; a creation is never run here,
//! because its answer must reach the caller.
//!
//! Helper threads are kept for reuse, and forgotten after a `fork()`: a child has none of its
//! parent's threads.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::cancel::CancelToken;

type Job = Box<dyn FnOnce() + Send>;

/// How long an idle helper waits for more work before it ends.
const IDLE_FOR: Duration = Duration::from_secs(60);
/// The most idle helpers kept.
const MAX_IDLE: usize = 64;

/// Idle helpers, each waiting on its own channel, and the process they belong to.
struct Pool {
    pid: u32,
    idle: Vec<mpsc::Sender<Job>>,
}

static POOL: Mutex<Pool> = Mutex::new(Pool {
    pid: 0,
    idle: Vec::new(),
});

fn pool() -> std::sync::MutexGuard<'static, Pool> {
    POOL.lock().unwrap_or_else(|p| p.into_inner())
}

/// An idle helper of this process, if there is one.
fn idle_helper() -> Option<mpsc::Sender<Job>> {
    let mut pool = pool();
    let pid = std::process::id();
    if pool.pid != pid {
        // After a fork the parent's helpers do not exist here; their channels lead nowhere.
        std::mem::forget(std::mem::take(&mut pool.idle));
        pool.pid = pid;
    }
    pool.idle.pop()
}

fn spawn_helper(first: Job) -> Result<(), Job> {
    let (sender, jobs) = mpsc::channel::<Job>();
    let first = Arc::new(Mutex::new(Some(first)));
    let given = Arc::clone(&first);
    let spawned = std::thread::Builder::new()
        .name("certcentral-read".to_owned())
        .spawn(move || {
            let mut job = given.lock().unwrap_or_else(|p| p.into_inner()).take();
            let pid = std::process::id();
            while let Some(run) = job.take() {
                run();
                {
                    let mut pool = pool();
                    if pool.pid != pid || pool.idle.len() >= MAX_IDLE {
                        return;
                    }
                    pool.idle.push(sender.clone());
                }
                match jobs.recv_timeout(IDLE_FOR) {
                    Ok(next) => job = Some(next),
                    // Its sender stays in the pool; a send to it fails and starts a new helper.
                    Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return,
                }
            }
        });
    match spawned {
        Ok(_) => Ok(()),
        Err(_) => Err(first
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
            .expect("not taken: the thread did not start")),
    }
}

/// Runs `job` on a helper thread; on the calling thread when no thread can be started.
fn run_elsewhere(job: Job) {
    let mut job = job;
    while let Some(helper) = idle_helper() {
        match helper.send(job) {
            Ok(()) => return,
            // That helper ended while idle: try the next.
            Err(mpsc::SendError(back)) => job = back,
        }
    }
    if let Err(job) = spawn_helper(job) {
        job();
    }
}

/// Runs `attempt` on a helper thread and waits for its outcome, or until `cancel` is cancelled:
/// then `None` at once, and the attempt finishes in the background.
pub(crate) fn attempt<T: Send + 'static>(
    cancel: &CancelToken,
    attempt: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    enum Event<T> {
        Done(T),
        Cancelled,
    }
    let (events, outcome) = mpsc::sync_channel::<Event<T>>(2);
    let done = events.clone();
    run_elsewhere(Box::new(move || {
        let _ = done.send(Event::Done(attempt()));
    }));
    let _woken = cancel.on_cancel(Arc::new(move || {
        let _ = events.try_send(Event::Cancelled);
    }));
    if cancel.is_cancelled() {
        // Cancelled before the waker was in place.
        return None;
    }
    // Only a polled token (Python's signal check) needs the wait to wake on its own.
    let patience = Duration::from_secs(3600);
    loop {
        match outcome.recv_timeout(cancel.slice(patience)) {
            Ok(Event::Done(value)) => return Some(value),
            Ok(Event::Cancelled) => return None,
            Err(RecvTimeoutError::Timeout) if cancel.is_cancelled() => return None,
            Err(RecvTimeoutError::Timeout) => {}
            // The helper died without an answer (a panic in it): the caller's boundary
            // reports it as the bug it is.
            Err(RecvTimeoutError::Disconnected) => panic!("a read's helper thread ended early"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[test]
    fn an_attempt_runs_elsewhere_and_its_caller_can_walk_away() {
        let token = CancelToken::new();
        assert_eq!(attempt(&token, || 41 + 1), Some(42));
        let elsewhere = attempt(&token, || std::thread::current().id()).unwrap();
        assert_ne!(elsewhere, std::thread::current().id());

        let (started, started_here) = mpsc::channel();
        let (release, released) = mpsc::channel::<()>();
        let finished = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&finished);
        let canceller = {
            let token = token.clone();
            std::thread::spawn(move || {
                started_here.recv().unwrap();
                token.cancel();
            })
        };
        let walked_away = attempt(&token, move || {
            started.send(()).unwrap();
            released.recv().unwrap();
            flag.store(true, Ordering::SeqCst);
        });
        assert_eq!(walked_away, None);
        assert!(!finished.load(Ordering::SeqCst), "the caller did not wait");
        release.send(()).unwrap();
        canceller.join().unwrap();
    }
}
