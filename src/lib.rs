//! # certcentral
//!
//! A blocking client for DigiCert CertCentral Services API v2 account management: subaccount
//! invites, subaccounts, users and organizations. The same core is exposed as a C ABI
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

mod cancel;
mod client;
mod error;
#[cfg(any(feature = "capi", feature = "cli"))]
mod log_env;
pub mod models;
mod pagination;
mod proxy;
mod query;
mod rate_limit;
mod resolver;
mod retry;
mod secret;
mod tls;
mod transport;
pub mod validate;
mod walk_away;
#[cfg(feature = "wipe-freed-memory")]
mod wipe;

#[cfg(feature = "wipe-freed-memory")]
#[global_allocator]
static ALLOCATOR: wipe::WipingAllocator = wipe::WipingAllocator;

#[cfg(feature = "bulk")]
pub mod bulk;

#[cfg(feature = "cli")]
pub mod cli;

#[cfg(feature = "emulator")]
pub mod emulator;

#[cfg(feature = "capi")]
pub mod ffi;

#[cfg(feature = "python")]
mod python;

#[doc(hidden)]
pub mod fuzzing;

pub use cancel::CancelToken;
pub use client::{
    BeforeSend, CallOptions, Client, ClientBuilder, Region, API_KEY_ENV, BASE_URL_ENV,
    DEFAULT_MAX_RESPONSE_BYTES, MAX_WAIT,
};
pub use error::{
    redact, ApiErrorDetail, ApiFailure, Error, Exchange, RequestInfo, ResponseBody, Result, Status,
    MIN_REDACTED_INSIDE_WORDS,
};
pub use models::*;
pub use pagination::{ListQuery, Pages};

/// Every invite matching a query, page by page (see [`Client::invites`]).
pub type Invites = Pages<ListInvitesQuery>;
pub use rate_limit::{RateLimit, Window};
pub use retry::RetryPolicy;
pub use secret::Secret;

/// The crate version, as sent in the `User-Agent`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The README's Rust blocks, compiled (and run unless marked `no_run`) by `cargo test --doc`.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
