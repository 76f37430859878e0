//! Shared helpers: an emulator per test, clients with fast retries, and the docs' fixtures.
#![allow(dead_code)]

use std::time::Duration;

use certcentral::emulator::{Emulator, EmulatorOptions};
use certcentral::{Client, RetryPolicy};
use serde::de::DeserializeOwned;

pub fn emulator() -> Emulator {
    emulator_with(|_| {})
}

pub fn emulator_with(configure: impl FnOnce(&mut EmulatorOptions)) -> Emulator {
    let mut options = EmulatorOptions::with_api_key("test-key");
    configure(&mut options);
    Emulator::start(options).expect("emulator starts")
}

/// Retries with millisecond backoff, so fault tests stay fast.
pub fn fast_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(4),
        max_retry_after: Duration::from_secs(2),
    }
}

pub fn client(emulator: &Emulator) -> Client {
    emulator
        .client_builder()
        .retry_policy(fast_retries(2))
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client builds")
}

pub fn fixture_text(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn fixture<T: DeserializeOwned>(name: &str) -> T {
    serde_json::from_str(&fixture_text(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A fixture decoded as the client decodes responses, `raw` included.
pub fn decoded<T: certcentral::models::Response>(name: &str) -> T {
    certcentral::models::decode(fixture_text(name).as_bytes())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Total requests the emulator received on every API route.
pub fn api_requests(emulator: &Emulator) -> u64 {
    emulator.stats().requests.values().sum()
}

pub mod proxy;

#[cfg(feature = "bulk")]
pub mod bulk;

/// A fresh directory for one test's files, under the target directory.
pub fn scratch_dir(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}
