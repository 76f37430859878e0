//! `CERTCENTRAL_LOG=debug|info|warn|error`: the library's own log records on stderr, for C
//! programs and the command, which have no logging setup of their own (Python maps the same
//! variable onto its `certcentral` logger; Rust programs install their own logger). Only
//! records of target `certcentral` are shown: method, path, status, attempt, never a key, a
//! query string or a body.

use std::io::Write;

/// The variable read.
pub const LOG_ENV: &str = "CERTCENTRAL_LOG";

struct Stderr;

impl log::Log for Stderr {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target() == "certcentral" && metadata.level() <= log::max_level()
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            let _ = writeln!(
                std::io::stderr().lock(),
                "certcentral {}: {}",
                record.level().as_str().to_ascii_lowercase(),
                record.args()
            );
        }
    }

    fn flush(&self) {}
}

static LOGGER: Stderr = Stderr;

/// Installs the stderr logger at the level `CERTCENTRAL_LOG` names, once, unless the program
/// already has a logger or the variable is unset or unknown.
pub(crate) fn install_from_env() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let Ok(level) = std::env::var(LOG_ENV) else {
            return;
        };
        let Ok(level) = level.trim().parse::<log::LevelFilter>() else {
            return;
        };
        if log::set_logger(&LOGGER).is_ok() {
            log::set_max_level(level);
        }
    });
}
