//! Which proxy, if any, a client goes through: an explicit one, none, or the environment's
//! (`https_proxy`, `HTTPS_PROXY`, `all_proxy`, `ALL_PROXY`, minus `NO_PROXY`). Proxy
//! credentials are secrets: they are shown nowhere, only the scheme, host and port are.

use std::fmt;
use std::net::IpAddr;

use ureq::http::Uri;

use crate::error::Error;
use crate::secret::Secret;

/// A proxy URL, checked: `http://`, `https://`, `socks5://` or `socks5h://`, a host, an
/// optional port and optional `user:password@`.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct ProxyUrl {
    scheme: String,
    host: String,
    port: u16,
    user: Option<Secret>,
    password: Option<Secret>,
}

impl ProxyUrl {
    /// Parses `text`, given as `field`. Messages never repeat the text: it may hold a password.
    pub(crate) fn parse(text: &str, field: &str) -> Result<ProxyUrl, Error> {
        let bad = |rule: &str| Error::invalid_argument(field, rule);
        // A bare `host:port` means http, as curl reads it.
        let text = text.trim();
        let text = if text.contains("://") {
            text.to_owned()
        } else {
            format!("http://{text}")
        };
        let uri: Uri = text.parse().map_err(|_| {
            bad("is not a valid proxy URL; expected e.g. http://[user:password@]proxy.example:3128")
        })?;
        let scheme = uri
            .scheme_str()
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        let default_port = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            "socks5" | "socks5h" => 1080,
            _ => return Err(bad("must use http://, https://, socks5:// or socks5h://")),
        };
        let authority = uri.authority().ok_or_else(|| bad("needs a host"))?;
        if uri
            .path_and_query()
            .is_some_and(|p| !matches!(p.as_str(), "" | "/"))
        {
            return Err(bad(
                "must not have a path or a query (only scheme, host and port)",
            ));
        }
        let host = authority.host();
        if host.is_empty() {
            return Err(bad("needs a host"));
        }
        let decode = |part: &str| {
            percent_encoding::percent_decode_str(part)
                .decode_utf8()
                .map(|s| Secret::new(s.into_owned()))
                .map_err(|_| bad("has credentials that are not valid percent-encoded UTF-8"))
        };
        let (user, password) = match authority.as_str().rsplit_once('@') {
            None => (None, None),
            Some((userinfo, _)) => match userinfo.split_once(':') {
                Some((user, password)) => (Some(decode(user)?), Some(decode(password)?)),
                None => (Some(decode(userinfo)?), None),
            },
        };
        Ok(ProxyUrl {
            scheme,
            host: host.to_owned(),
            port: authority.port_u16().unwrap_or(default_port),
            user,
            password,
        })
    }

    /// The proxy as ureq takes it.
    pub(crate) fn to_ureq(&self) -> Result<ureq::Proxy, Error> {
        let protocol = match self.scheme.as_str() {
            "https" => ureq::ProxyProtocol::Https,
            "socks5" => ureq::ProxyProtocol::Socks5,
            "socks5h" => ureq::ProxyProtocol::Socks5h,
            _ => ureq::ProxyProtocol::Http,
        };
        let mut builder = ureq::Proxy::builder(protocol)
            .host(self.host.trim_start_matches('[').trim_end_matches(']'))
            .port(self.port);
        if let Some(user) = &self.user {
            builder = builder.username(user.expose());
        }
        if let Some(password) = &self.password {
            builder = builder.password(password.expose());
        }
        builder
            .build()
            .map_err(|_| Error::invalid_argument("proxy", format!("{self} is not usable")))
    }

    /// Whether the proxy runs on this machine.
    pub(crate) fn is_loopback(&self) -> bool {
        crate::config::is_loopback(&self.host)
    }

    /// Whether traffic to the proxy itself is encrypted or leaves this machine: TLS is needed to
    /// reach an `https://` proxy.
    pub(crate) fn needs_tls(&self) -> bool {
        self.scheme == "https"
    }
}

/// Scheme, host and port only: the form every message and `Debug` shows.
impl fmt::Display for ProxyUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}:{}", self.scheme, self.host, self.port)
    }
}

impl fmt::Debug for ProxyUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let credentials = if self.user.is_some() {
            " (credentials: [redacted])"
        } else {
            ""
        };
        write!(f, "{self}{credentials}")
    }
}

/// What the builder was told about proxies.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum ProxyChoice {
    /// The environment's, except for a loopback host or one `NO_PROXY` names.
    #[default]
    FromEnvironment,
    /// This URL (checked when the client is built), for every host.
    Explicit(Secret),
    /// Never a proxy.
    Off,
}

/// The variables read, in order: the first set one wins (lower case first, as curl and Python
/// do). `http_proxy` is not read: every request this client sends to a remote host is https.
const PROXY_VARIABLES: [&str; 4] = ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"];
const NO_PROXY_VARIABLES: [&str; 2] = ["no_proxy", "NO_PROXY"];

impl ProxyChoice {
    /// The proxy for a client of `host` (`loopback` when it is this machine), reading the
    /// environment through `var`.
    pub(crate) fn resolve(
        &self,
        host: &str,
        loopback: bool,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<ProxyUrl>, Error> {
        match self {
            ProxyChoice::Explicit(url) => ProxyUrl::parse(url.expose(), "proxy").map(Some),
            ProxyChoice::Off => Ok(None),
            // A request meant for this machine (and its key) never goes elsewhere.
            ProxyChoice::FromEnvironment if loopback => Ok(None),
            ProxyChoice::FromEnvironment => {
                let set = |names: &[&'static str]| {
                    names
                        .iter()
                        .find_map(|&n| var(n).filter(|v| !v.trim().is_empty()).map(|v| (n, v)))
                };
                let Some((name, value)) = set(&PROXY_VARIABLES) else {
                    return Ok(None);
                };
                if set(&NO_PROXY_VARIABLES).is_some_and(|(_, list)| no_proxy_matches(&list, host)) {
                    return Ok(None);
                }
                ProxyUrl::parse(&value, name).map(Some)
            }
        }
    }
}

/// Whether a `NO_PROXY` list names `host`: `*`; a name, matching itself and its subdomains
/// (a leading `.` or `*.` is allowed); an IP address; or an IP range (`10.0.0.0/8`). Entries
/// may carry a `:port`, which is ignored.
pub(crate) fn no_proxy_matches(list: &str, host: &str) -> bool {
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim_end_matches('.');
    let host = host.to_ascii_lowercase();
    let ip = host.parse::<IpAddr>().ok();
    list.split([',', ' '])
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .any(|entry| {
            if entry == "*" {
                return true;
            }
            if let Some((net, bits)) = entry.split_once('/') {
                return match (ip, net.parse::<IpAddr>(), bits.parse::<u8>()) {
                    (Some(ip), Ok(net), Ok(bits)) => in_range(ip, net, bits),
                    _ => false,
                };
            }
            let entry = entry.trim_start_matches('[');
            let entry = match entry.split_once(']') {
                Some((address, _port)) => address,
                None if entry.matches(':').count() == 1 => entry.split(':').next().unwrap_or(entry),
                None => entry,
            };
            if let (Some(ip), Ok(other)) = (ip, entry.parse::<IpAddr>()) {
                return ip == other;
            }
            let name = entry
                .trim_start_matches('*')
                .trim_start_matches('.')
                .trim_end_matches('.');
            let name = name.to_ascii_lowercase();
            !name.is_empty() && (host == name || host.ends_with(&format!(".{name}")))
        })
}

fn in_range(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(ip), IpAddr::V4(net)) if bits <= 32 => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(ip) & mask == u32::from(net) & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(net)) if bits <= 128 => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(ip) & mask == u128::from(net) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| map.get(name).cloned()
    }

    fn chosen(choice: &ProxyChoice, host: &str, pairs: &[(&str, &str)]) -> Option<String> {
        let loopback = matches!(host, "localhost" | "127.0.0.1");
        choice
            .resolve(host, loopback, env(pairs))
            .unwrap()
            .map(|p| p.to_string())
    }

    #[test]
    fn the_environment_gives_the_proxy_unless_no_proxy_or_loopback() {
        let from_env = ProxyChoice::FromEnvironment;
        let vars = [
            ("HTTPS_PROXY", "http://p.example:3128"),
            ("NO_PROXY", ".internal,10.0.0.0/8"),
        ];
        assert_eq!(
            chosen(&from_env, "www.digicert.com", &vars).as_deref(),
            Some("http://p.example:3128")
        );
        assert_eq!(chosen(&from_env, "api.internal", &vars), None);
        assert_eq!(chosen(&from_env, "10.1.2.3", &vars), None);
        assert_eq!(chosen(&from_env, "localhost", &vars), None);
        assert_eq!(
            chosen(&from_env, "127.0.0.1", &[("ALL_PROXY", "socks5://s:1")]),
            None
        );
        // Lower case first, then ALL_PROXY; http_proxy is not for https.
        let vars = [
            ("https_proxy", "http://lower:1"),
            ("HTTPS_PROXY", "http://upper:2"),
        ];
        assert_eq!(
            chosen(&from_env, "h.example", &vars).as_deref(),
            Some("http://lower:1")
        );
        let vars = [
            ("ALL_PROXY", "socks5h://all:3"),
            ("http_proxy", "http://plain:4"),
        ];
        assert_eq!(
            chosen(&from_env, "h.example", &vars).as_deref(),
            Some("socks5h://all:3")
        );
        assert_eq!(
            chosen(&from_env, "h.example", &[("http_proxy", "http://plain:4")]),
            None
        );
        // An explicit proxy wins over everything; Off over the environment.
        let explicit = ProxyChoice::Explicit(Secret::new("http://e:5"));
        assert_eq!(
            chosen(&explicit, "localhost", &[("NO_PROXY", "*")]).as_deref(),
            Some("http://e:5")
        );
        assert_eq!(
            chosen(
                &ProxyChoice::Off,
                "h.example",
                &[("HTTPS_PROXY", "http://p:1")]
            ),
            None
        );
    }

    #[test]
    fn no_proxy_entries_match_names_subdomains_addresses_and_ranges() {
        let yes = [
            ("*", "anything.example"),
            ("example.com", "example.com"),
            ("example.com", "api.EXAMPLE.com"),
            (".example.com", "api.example.com"),
            ("*.example.com", "example.com"),
            ("a.test, example.com:443", "example.com"),
            ("192.168.0.0/16", "192.168.4.5"),
            ("::1", "[::1]"),
            ("[fd00::]:8443", "fd00::"),
            ("fd00::/8", "[fd12::1]"),
        ];
        for (list, host) in yes {
            assert!(no_proxy_matches(list, host), "{list} should match {host}");
        }
        let no = [
            ("example.com", "badexample.com"),
            ("example.com", "example.com.evil"),
            ("192.168.0.0/16", "192.169.0.1"),
            ("10.0.0.1", "10.0.0.2"),
            ("", "example.com"),
            ("10.0.0.0/99", "10.0.0.1"),
        ];
        for (list, host) in no {
            assert!(
                !no_proxy_matches(list, host),
                "{list} should not match {host}"
            );
        }
    }

    #[test]
    fn proxy_urls_are_checked_and_never_shown_with_credentials() {
        let proxy = ProxyUrl::parse("http://alice:s3cr%40t@proxy.example:3128", "proxy").unwrap();
        assert_eq!(proxy.to_string(), "http://proxy.example:3128");
        let shown = format!("{proxy:?}");
        assert!(
            !shown.contains("s3cr") && !shown.contains("alice"),
            "{shown}"
        );
        let ureq_proxy = proxy.to_ureq().unwrap();
        assert_eq!(ureq_proxy.password(), Some("s3cr@t"));
        assert_eq!(
            ProxyUrl::parse("socks5://h", "proxy").unwrap().to_string(),
            "socks5://h:1080"
        );
        assert_eq!(
            ProxyUrl::parse("h:3128", "proxy").unwrap().to_string(),
            "http://h:3128"
        );
        for bad in [
            "ftp://h:1",
            "http://",
            "http://u:PASSWORD@h:1/path",
            "not a url PASSWORD",
        ] {
            let err = ProxyUrl::parse(bad, "proxy").unwrap_err();
            assert_eq!(err.status(), crate::Status::InvalidArgument, "{bad}");
            assert!(err.to_string().contains("`proxy`"), "{err}");
            assert!(!err.to_string().contains("PASSWORD"), "{err}");
        }
    }
}
