//! # certcentral
//!
//! A blocking client for DigiCert CertCentral Services API v2 account management: subaccount
//! invites, subaccounts, users, service users and their API keys, organizations and containers. The same core is exposed as a C ABI
//! (feature `capi`, header `include/certcentral.h`) and as the Python module `certcentral`
//! (feature `python`, built by maturin), over one error type. Feature `emulator` adds an offline,
//! stateful CertCentral for tests.
//!
//! ```no_run
//! use certcentral::{Client, ListInvitesQuery, SendInviteRequest};
//!
//! let client = Client::builder().api_key("…").build()?;
//! client.send_invite(&SendInviteRequest::new(["ops@example.com"], "retail"))?;
//! for invite in client.invites(ListInvitesQuery::default())? {
//!     let invite = invite?;
//!     println!("{} {:?}", invite.id, invite.email);
//! }
//! # Ok::<(), certcentral::Error>(())
//! ```

pub mod api;
mod cancel;
mod client;
mod config;
mod decode;
mod error;
mod http;
#[cfg(any(feature = "capi", feature = "cli"))]
mod log_env;
mod secret;
pub mod validate;
#[cfg(feature = "wipe-freed-memory")]
mod wipe;

/// The design card's name for [`api`]: the request and response types.
pub use api as models;

#[cfg(feature = "wipe-freed-memory")]
#[global_allocator]
static ALLOCATOR: wipe::WipingAllocator = wipe::WipingAllocator;

#[cfg(feature = "bulk")]
pub mod bulk;
#[cfg(feature = "bulk")]
pub mod state;

#[cfg(feature = "cli")]
pub mod cli;

#[cfg(feature = "emulator")]
pub mod emulator;

#[cfg(feature = "capi")]
pub mod ffi;

#[cfg(feature = "python")]
mod python;

/// Entry points for the fuzz targets in `fuzz/`: never in a shipped library.
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;

pub use api::*;
pub use cancel::CancelToken;
pub use client::{BeforeSend, CallOptions, Client};
pub use config::{
    ClientBuilder, Region, API_KEY_ENV, BASE_URL_ENV, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_MAX_IDLE_CONNECTIONS,
    DEFAULT_MAX_RATE_LIMIT_WAIT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_RETRY_AFTER, DEFAULT_PREFETCH_PAGES, DEFAULT_TIMEOUT, MAX_PREFETCH_PAGES, MAX_WAIT,
};
pub use error::{
    redact, ApiErrorDetail, ApiFailure, Error, Exchange, RequestInfo, ResponseBody, Result, Status,
    MIN_REDACTED_INSIDE_WORDS,
};
pub use http::rate_limit::{RateLimit, Window};
pub use http::retry::RetryPolicy;
pub use secret::Secret;

/// The crate version, as sent in the `User-Agent`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The README's Rust blocks, compiled (and run unless marked `no_run`) by `cargo test --doc`.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
