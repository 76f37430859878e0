//! A hook the core runs on the calling thread just before each attempt is sent, once the rate
//! limiter has granted its slot. The bulk engine journals an operation as `in_flight` there, so
//! a row is in flight only from the moment its request may leave, never while it waits.

use std::cell::RefCell;

use crate::error::Error;

type Hook = Box<dyn FnMut() -> Result<(), Error>>;

thread_local! {
    static HOOK: RefCell<Option<Hook>> = const { RefCell::new(None) };
}

/// Runs `call` with `hook` run before each attempt it sends on this thread; an `Err` from the
/// hook ends the call with that error, and nothing is sent.
#[cfg_attr(not(feature = "bulk"), allow(dead_code))]
pub(crate) fn with_hook<T>(
    hook: impl FnMut() -> Result<(), Error> + 'static,
    call: impl FnOnce() -> T,
) -> T {
    let previous = HOOK.with(|slot| slot.borrow_mut().replace(Box::new(hook)));
    struct Restore(Option<Hook>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            HOOK.with(|slot| *slot.borrow_mut() = previous);
        }
    }
    let _restore = Restore(previous);
    call()
}

/// Runs the installed hook, if any (the client calls this right before sending).
pub(crate) fn run() -> Result<(), Error> {
    // Taken out while it runs, so a hook that itself makes a call cannot re-enter it.
    let hook = HOOK.with(|slot| slot.borrow_mut().take());
    let Some(mut hook) = hook else {
        return Ok(());
    };
    let outcome = hook();
    HOOK.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.is_none() {
            *slot = Some(hook);
        }
    });
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;

    #[test]
    fn the_hook_runs_per_attempt_and_only_inside_its_call() {
        assert!(run().is_ok(), "no hook installed");
        let runs = Rc::new(Cell::new(0));
        let counted = Rc::clone(&runs);
        let outcome = with_hook(
            move || {
                counted.set(counted.get() + 1);
                if counted.get() == 2 {
                    return Err(Error::invalid_argument("journal", "is full"));
                }
                Ok(())
            },
            || [run(), run()],
        );
        assert!(outcome[0].is_ok());
        assert_eq!(
            outcome[1].as_ref().unwrap_err().status(),
            crate::Status::InvalidArgument
        );
        assert_eq!(runs.get(), 2);
        assert!(run().is_ok(), "uninstalled after the call");
        assert_eq!(runs.get(), 2);
    }
}
