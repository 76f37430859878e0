//! Stopping a call early: Ctrl-C in Python, a cancelled asyncio task. A language face installs
//! a check for the calls it runs on a thread; the core consults it while it waits (backoff,
//! `Retry-After`, the rate limiter) and before each retry, so those stop within
//! [`CHECK_EVERY`] of the signal. An attempt already under way is never abandoned: a creation
//! whose answer arrives is always delivered.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use crate::error::Error;

/// How often a wait looks at the check.
pub(crate) const CHECK_EVERY: Duration = Duration::from_millis(50);

thread_local! {
    static CHECK: RefCell<Option<Rc<dyn Fn() -> bool>>> = const { RefCell::new(None) };
}

/// Runs `call` with `check` consulted by the core's waits on this thread; `check` returns true
/// to stop. Nested installs keep the outer check (a cancellable async call wraps a sync one).
#[cfg_attr(not(any(feature = "python", feature = "bulk")), allow(dead_code))]
pub(crate) fn with_check<T>(check: impl Fn() -> bool + 'static, call: impl FnOnce() -> T) -> T {
    let installed = CHECK.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.is_some() {
            return false;
        }
        *slot = Some(Rc::new(check));
        true
    });
    struct Uninstall(bool);
    impl Drop for Uninstall {
        fn drop(&mut self) {
            if self.0 {
                CHECK.with(|slot| slot.borrow_mut().take());
            }
        }
    }
    let _uninstall = Uninstall(installed);
    call()
}

/// `Err(Interrupted)` when the installed check asks to stop.
pub(crate) fn check() -> Result<(), Error> {
    let check = CHECK.with(|slot| slot.borrow().clone());
    match check {
        Some(check) if check() => Err(Error::Interrupted),
        _ => Ok(()),
    }
}

/// Sleeps for `total`, stopping early (with `Err(Interrupted)`) when the check asks to.
pub(crate) fn sleep(total: Duration) -> Result<(), Error> {
    let until = Instant::now() + total;
    loop {
        check()?;
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(());
        }
        std::thread::sleep(left.min(CHECK_EVERY));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    #[test]
    fn a_wait_stops_at_the_next_check_after_the_signal() {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let checks = Rc::new(std::cell::Cell::new(0));
        let counted = Rc::clone(&checks);
        let outcome = with_check(
            move || {
                counted.set(counted.get() + 1);
                // The signal arrives while the third slice is slept.
                if counted.get() == 3 {
                    flag.store(true, Ordering::Relaxed);
                }
                flag.load(Ordering::Relaxed)
            },
            || sleep(Duration::from_secs(3600)),
        );
        assert!(matches!(outcome, Err(Error::Interrupted)));
        assert_eq!(checks.get(), 3, "stopped at the check that saw the signal");
        assert!(check().is_ok(), "uninstalled after the call");
    }

    #[test]
    fn the_outer_check_wins_and_nothing_is_checked_without_one() {
        assert!(sleep(Duration::from_millis(1)).is_ok());
        let outcome = with_check(|| true, || with_check(|| false, check));
        assert!(matches!(outcome, Err(Error::Interrupted)));
    }
}
