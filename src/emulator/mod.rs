//! An offline, stateful CertCentral for every endpoint the client calls, for tests: the
//! project's own, and its users'.
//!
//! It listens on 127.0.0.1 only, authenticates by `X-DC-DEVKEY`, applies the documented rules,
//! and answers the way recordings of the real server show (`tests/fixtures/recorded/`), else in
//! the documented JSON shapes and error bodies.
//!
//! ```
//! use certcentral::emulator::{Emulator, EmulatorOptions};
//! use certcentral::SendInviteRequest;
//!
//! let emulator = Emulator::start(EmulatorOptions::default())?;
//! let client = emulator.client()?;
//! client.send_invite(&SendInviteRequest::new(["a@example.com"], "retail"))?;
//! assert_eq!(emulator.stats().invites_created, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod admin;
mod body;
mod clock;
pub mod command;
mod containers;
mod faults;
mod invites;
mod keys;
mod listing;
mod organizations;
mod routes;
mod server;
mod state;
mod subaccounts;
mod tls;
mod users;

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::watch;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::http::rate_limit::RateLimit;
use crate::{Client, ClientBuilder};
pub use faults::{Fault, FaultAction};
pub use state::{Stats, MAX_SEEDED_INVITES};
pub use tls::TlsOptions;

/// What to do when `POST organization` matches an existing organization. The docs disagree:
/// the endpoint page says the existing one is reused, newer pages say the request fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateOrganizations {
    /// Answer with the existing organization's id (the endpoint page).
    #[default]
    Reuse,
    /// Answer 409 `duplicate_organization` (newer docs).
    Reject,
}

impl std::str::FromStr for DuplicateOrganizations {
    type Err = String;
    fn from_str(name: &str) -> std::result::Result<Self, String> {
        match name {
            "reuse" => Ok(DuplicateOrganizations::Reuse),
            "reject" => Ok(DuplicateOrganizations::Reject),
            other => Err(format!("must be \"reuse\" or \"reject\" (got {other:?})")),
        }
    }
}

/// Which path lists service users. The two stored versions of the docs' page print
/// `GET user/api-only` and `GET service-user`; the emulator answers one, and the other with the
/// router's 404 `not_found|route`, so clients can be tested against either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ServiceUsersPath {
    /// `GET user/api-only` (both site generations, with a cURL example).
    #[default]
    #[serde(rename = "user/api-only")]
    UserApiOnly,
    /// `GET service-user` (one stored version of the newer page).
    #[serde(rename = "service-user")]
    ServiceUser,
}

impl std::str::FromStr for ServiceUsersPath {
    type Err = String;
    fn from_str(path: &str) -> std::result::Result<Self, String> {
        match path {
            "user/api-only" => Ok(ServiceUsersPath::UserApiOnly),
            "service-user" => Ok(ServiceUsersPath::ServiceUser),
            other => Err(format!(
                "must be \"user/api-only\" or \"service-user\" (got {other:?})"
            )),
        }
    }
}

/// How the emulator behaves.
#[derive(Clone, PartialEq)]
pub struct EmulatorOptions {
    /// The only API key it accepts.
    pub api_key: String,
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Added before every API answer, like a network round trip.
    pub latency: Duration,
    /// A random delay between zero and this before each API request is counted and handled,
    /// like a slow network on the way in (it moves the moment the rate limit sees a request).
    pub jitter: Duration,
    /// When false, `POST account` answers 403 `access_denied|missing_permission`, as for an
    /// account whose representative has not enabled subaccounts.
    pub subaccounts_enabled: bool,
    /// The duplicate-organization policy.
    pub duplicate_organizations: DuplicateOrganizations,
    /// Subaccount types this account may create and invite for.
    pub subaccount_types: Vec<String>,
    /// Invites present at start.
    pub seed_invites: usize,
    /// Threads serving connections.
    pub worker_threads: usize,
    /// Enforced request limits (429 `request_limit_exceeded` beyond them); off by default.
    pub rate_limit: Option<RateLimit>,
    /// Multiplies the rate-limit periods, so tests of the documented windows run fast
    /// (0.01 turns 100 requests per 5 s into 100 per 50 ms).
    pub time_scale: f64,
    /// Faults installed at start.
    pub faults: Vec<Fault>,
    /// Serve HTTPS instead of plain HTTP (see [`TlsOptions`]).
    pub tls: Option<TlsOptions>,
    /// Answer a list that matches nothing with the docs' `{"<array>": [], "page": {…}}` instead
    /// of the real server's `{"page": {"total": 0, …}}` without the array (the default, as
    /// recorded; see `tests/fixtures/recorded/`).
    pub documented_empty_lists: bool,
    /// Which path lists service users (the other answers 404 `not_found|route`).
    pub service_users_path: ServiceUsersPath,
    /// Close the connection after every answer (`connection: close`), as every recorded answer
    /// of the real server does: each call then opens a connection (and, over HTTPS, resumes or
    /// makes a TLS session).
    pub close_connections: bool,
}

impl Default for EmulatorOptions {
    fn default() -> EmulatorOptions {
        EmulatorOptions {
            api_key: "emulator-api-key".to_owned(),
            port: 0,
            latency: Duration::ZERO,
            jitter: Duration::ZERO,
            subaccounts_enabled: true,
            duplicate_organizations: DuplicateOrganizations::Reuse,
            subaccount_types: ["retail", "enterprise", "reseller", "managed", "standard"]
                .map(str::to_owned)
                .to_vec(),
            seed_invites: 0,
            worker_threads: 2,
            rate_limit: None,
            time_scale: 1.0,
            faults: Vec::new(),
            tls: None,
            documented_empty_lists: false,
            service_users_path: ServiceUsersPath::UserApiOnly,
            close_connections: false,
        }
    }
}

impl std::fmt::Debug for EmulatorOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmulatorOptions")
            .field("api_key", &"[redacted]")
            .field("port", &self.port)
            .field("latency", &self.latency)
            .field("jitter", &self.jitter)
            .field("subaccounts_enabled", &self.subaccounts_enabled)
            .field("duplicate_organizations", &self.duplicate_organizations)
            .field("subaccount_types", &self.subaccount_types)
            .field("seed_invites", &self.seed_invites)
            .field("worker_threads", &self.worker_threads)
            .field("rate_limit", &self.rate_limit)
            .field("time_scale", &self.time_scale)
            .field("faults", &self.faults)
            .field("tls", &self.tls)
            .field("documented_empty_lists", &self.documented_empty_lists)
            .field("service_users_path", &self.service_users_path)
            .field("close_connections", &self.close_connections)
            .finish()
    }
}

impl EmulatorOptions {
    /// Default options with this API key.
    pub fn with_api_key(api_key: impl Into<String>) -> EmulatorOptions {
        EmulatorOptions {
            api_key: api_key.into(),
            ..EmulatorOptions::default()
        }
    }
}

/// A running emulator. It stops when dropped (or on [`Emulator::shutdown`]).
pub struct Emulator {
    base_url: String,
    ca_pem: Option<String>,
    shared: Arc<server::Shared>,
    stop: watch::Sender<bool>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl Emulator {
    /// Binds 127.0.0.1 and starts serving in the background.
    pub fn start(options: EmulatorOptions) -> io::Result<Emulator> {
        let tls = options
            .tls
            .as_ref()
            .map(tls::setup)
            .transpose()
            .map_err(|why| io::Error::new(io::ErrorKind::InvalidInput, why))?;
        let scheme = if tls.is_some() { "https" } else { "http" };
        let ca_pem = tls.as_ref().and_then(|served| served.ca_pem.clone());
        let tls = tls.map(|served| served.config);
        let listener =
            std::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, options.port)))?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(options.worker_threads.max(1))
            .thread_name("certcentral-emulator")
            .enable_all()
            .build()?;
        let api_key = options.api_key.clone();
        let state = state::State::new(options)
            .map_err(|rule| io::Error::new(io::ErrorKind::InvalidInput, rule))?;
        let shared = Arc::new(server::Shared {
            api_key,
            state: Mutex::new(state),
            release: tokio::sync::Notify::new(),
        });
        let (stop, stopped) = watch::channel(false);
        let listener = {
            let _guard = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        let serving = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("certcentral-emulator-accept".to_owned())
            .spawn(move || {
                runtime.block_on(server::serve(listener, tls, serving, stopped));
                runtime.shutdown_timeout(Duration::from_secs(1));
            })?;
        Ok(Emulator {
            base_url: format!("{scheme}://127.0.0.1:{port}{}", server::BASE_PATH),
            ca_pem,
            shared,
            stop,
            thread: Some(thread),
        })
    }

    /// The base URL to give a client, e.g. `http://127.0.0.1:41234/services/v2/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The API key the emulator accepts.
    pub fn api_key(&self) -> &str {
        &self.shared.api_key
    }

    /// The certificate (PEM) of the CA the emulator made for HTTPS: what a client must trust.
    /// `None` over plain HTTP, or when it serves a given certificate.
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }

    /// A client builder already pointed at this emulator with its key. When the emulator
    /// enforces rate limits, the client keeps them on the emulator's time scale (see
    /// [`Emulator::client_rate_limit`]); otherwise it has no limiter, as for any base URL of
    /// one's own.
    pub fn client_builder(&self) -> ClientBuilder {
        let builder = Client::builder()
            .base_url(self.base_url.clone())
            .api_key(self.api_key());
        let builder = match &self.ca_pem {
            Some(pem) => builder.ca_bundle_pem(pem.as_bytes()),
            None => builder,
        };
        if self.enforces_rate_limit() {
            builder.rate_limit(self.client_rate_limit())
        } else {
            builder
        }
    }

    /// Whether the emulator answers 429 past its rate limits.
    pub fn enforces_rate_limit(&self) -> bool {
        self.shared.state().options.rate_limit.is_some()
    }

    /// The limits a client of this emulator should keep: the ones it enforces (the documented
    /// ones when it enforces none) on its time scale, so that a client of a sped-up emulator
    /// waits as long as the emulator's windows, not a real three minutes.
    pub fn client_rate_limit(&self) -> RateLimit {
        let state = self.shared.state();
        let limit = state
            .options
            .rate_limit
            .clone()
            .unwrap_or_else(RateLimit::documented);
        limit.scaled(state.options.time_scale)
    }

    /// A client for this emulator.
    pub fn client(&self) -> Result<Client> {
        self.client_builder().build()
    }

    /// What was created so far, and requests per route.
    pub fn stats(&self) -> Stats {
        self.shared.state().stats.clone()
    }

    /// Adds `count` invites with varied emails, types, statuses and dates (at most
    /// [`MAX_SEEDED_INVITES`] in all).
    pub fn seed_invites(&self, count: usize) -> std::result::Result<(), String> {
        self.shared.state().seed_invites(count)
    }

    /// Sets an invite's status (e.g. `accepted`), as if the invitee had acted; false if no
    /// invite has this id.
    pub fn set_invite_status(&self, id: i64, status: &str) -> bool {
        admin::set_invite_status(&mut self.shared.state(), id, status)
    }

    /// Installs a fault; `Err` says what is wrong with it.
    pub fn add_fault(&self, fault: Fault) -> std::result::Result<(), String> {
        fault.check()?;
        self.shared.state().faults.add(fault);
        Ok(())
    }

    /// Answers every request to `route` (`"METHOD path"`, e.g. `"GET user"`) with `status` and
    /// exactly `body`, until faults are cleared: how tests serve a recording of the real server
    /// (`tests/fixtures/recorded/`) byte for byte. Nothing is handled or created.
    pub fn replay(&self, route: &str, status: u16, body: &str) -> std::result::Result<(), String> {
        self.add_fault(Fault::replay(route, status, body))
    }

    /// Releases every answer a `hold` fault is holding.
    pub fn release(&self) {
        self.shared.release.notify_waiters();
    }

    /// Removes every fault.
    pub fn clear_faults(&self) {
        self.shared.state().faults.clear();
    }

    /// Changes the behaviour while running. The API key, port, threads and seeded invites stay
    /// as started; faults are managed with [`Emulator::add_fault`].
    pub fn configure(&self, change: impl FnOnce(&mut EmulatorOptions)) {
        let mut state = self.shared.state();
        let mut options = state.options.clone();
        change(&mut options);
        let fixed = &state.options;
        options.api_key = fixed.api_key.clone();
        options.port = fixed.port;
        options.worker_threads = fixed.worker_threads;
        options.seed_invites = fixed.seed_invites;
        options.faults = fixed.faults.clone();
        options.tls = fixed.tls.clone();
        state.options = options;
        state.apply_rate_limit();
    }

    /// Stops serving and waits for the server thread to end.
    pub fn shutdown(mut self) {
        self.stop_and_join();
    }

    fn stop_and_join(&mut self) {
        let _ = self.stop.send(true);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Routes one request through a fresh emulated account without a server: for the fuzz targets.
#[cfg(feature = "fuzzing")]
pub(crate) fn fuzz_handle(
    options: EmulatorOptions,
    method: &str,
    route: &str,
    query: &str,
    api_key: Option<&str>,
    body: &[u8],
) -> u16 {
    let Ok(mut state) = state::State::new(options) else {
        return 500;
    };
    if let Some(control) = route.strip_prefix(admin::PREFIX) {
        return admin::handle(&mut state, method, control, query, body).status;
    }
    let request = routes::ApiRequest {
        method,
        route,
        query,
        api_key,
        body,
    };
    routes::handle(&mut state, &request).status
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.stop_and_join();
    }
}
