//! The HTTP plumbing under the call engine: one ureq agent per client (`transport`), its TLS
//! trust, proxies and resolver, the retry policy, the client-side rate limiter, query strings,
//! and walking away from a cancelled read.

pub(crate) mod proxy;
pub(crate) mod query;
pub(crate) mod rate_limit;
pub(crate) mod resolver;
pub(crate) mod retry;
pub(crate) mod tls;
pub(crate) mod transport;
pub(crate) mod walk_away;
