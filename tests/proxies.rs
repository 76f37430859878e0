//! HTTPS through real proxies from the project's .venv: proxy.py (a CONNECT tunnel, with and
//! without authentication) and mitmproxy (inspecting TLS with its own CA, the company-network
//! case). And a scan for secrets in every `Debug`, error and log line along the way.
#![cfg(feature = "emulator")]

mod common;

use std::sync::Mutex;

use certcentral::emulator::{Emulator, TlsOptions};
use certcentral::{Client, ClientBuilder, Status};
use common::proxy::TestProxy;
use common::{emulator_with, fast_retries};

fn tls_emulator() -> Emulator {
    emulator_with(|o| o.tls = Some(TlsOptions::generated()))
}

/// A client for the emulator by the name `localhost`, trusting its CA, with fast retries.
fn builder(emulator: &Emulator) -> ClientBuilder {
    emulator
        .client_builder()
        .base_url(emulator.base_url().replace("127.0.0.1", "localhost"))
        .retry_policy(fast_retries(2))
}

fn ca_file(emulator: &Emulator, name: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("cc-{name}-{}.pem", std::process::id()));
    std::fs::write(&path, emulator.ca_pem().unwrap()).unwrap();
    path
}

#[test]
fn a_connect_tunnel_carries_https_and_the_client_depends_on_it() {
    let emulator = tls_emulator();
    let proxy = TestProxy::start("tunnel", None);
    let url = proxy.url.clone();
    builder(&emulator)
        .proxy(&url)
        .build()
        .unwrap()
        .current_user()
        .unwrap();
    assert_eq!(emulator.stats().requests["GET user/me"], 1);
    // With the proxy gone, the same setting fails, naming the proxy: requests went through it.
    drop(proxy);
    let err = builder(&emulator)
        .proxy(&url)
        .build()
        .unwrap()
        .current_user()
        .unwrap_err();
    assert_eq!(err.status(), Status::Transport, "{err}");
    assert!(
        err.to_string().contains(&format!("the proxy {url}")),
        "{err}"
    );
    assert_eq!(emulator.stats().requests["GET user/me"], 1);
}

#[test]
fn a_proxy_asking_for_credentials_works_with_them_and_refuses_without() {
    let emulator = tls_emulator();
    let proxy = TestProxy::start("auth", None);
    let (user, password) = (proxy.user.clone().unwrap(), proxy.password.clone().unwrap());
    let client = builder(&emulator)
        .proxy(proxy.url_with(&user, &password))
        .build()
        .unwrap();
    client.current_user().unwrap();
    for url in [proxy.url.clone(), proxy.url_with(&user, "wrong-password")] {
        let client = builder(&emulator).proxy(url).build().unwrap();
        let err = client.current_user().unwrap_err();
        assert_eq!(err.status(), Status::Transport, "{err}");
        let text = err.to_string();
        assert!(text.contains(&proxy.url) && text.contains("407"), "{text}");
        assert!(!text.contains("wrong-password") && !text.contains(&password));
    }
    // Only the authenticated request reached the emulator, once: a 407 is not retried.
    assert_eq!(emulator.stats().requests["GET user/me"], 1);
    assert_eq!(emulator.stats().tls_handshakes, 1);
}

#[test]
fn a_proxy_that_inspects_tls_is_refused_until_its_ca_is_trusted() {
    let emulator = tls_emulator();
    let upstream = ca_file(&emulator, "intercept-upstream");
    let proxy = TestProxy::start("intercept", Some(&upstream));
    let err = builder(&emulator)
        .proxy(&proxy.url)
        .build()
        .unwrap()
        .current_user()
        .unwrap_err();
    assert_eq!(err.status(), Status::Tls, "{err}");
    let text = err.to_string();
    assert!(
        text.contains("unknown issuer") && text.contains(&proxy.url),
        "{text}"
    );
    assert!(text.contains("ca_bundle"), "{text}");
    assert!(emulator.stats().requests.is_empty());
    // The company-network case: trust the proxy's CA and it works end to end.
    let client = builder(&emulator)
        .proxy(&proxy.url)
        .ca_bundle(proxy.ca.as_deref().unwrap())
        .build()
        .unwrap();
    client.current_user().unwrap();
    assert_eq!(emulator.stats().requests["GET user/me"], 1);
    std::fs::remove_file(upstream).unwrap();
}

/// Collects every log record of every target, up to DEBUG. (At TRACE, ureq-proto dumps the raw
/// bytes sent, headers and all: TRACE for `ureq_proto` must never be on in production.)
struct Collect(Mutex<Vec<String>>);

impl log::Log for Collect {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        let line = format!("{} {}: {}", record.level(), record.target(), record.args());
        self.0.lock().unwrap().push(line);
    }
    fn flush(&self) {}
}

static LOGS: Collect = Collect(Mutex::new(Vec::new()));

#[test]
fn proxy_passwords_and_api_keys_appear_in_no_debug_error_or_log_line() {
    log::set_logger(&LOGS).unwrap();
    log::set_max_level(log::LevelFilter::Debug);
    let emulator = tls_emulator();
    let proxy = TestProxy::start("auth", None);
    let (user, password) = (proxy.user.clone().unwrap(), proxy.password.clone().unwrap());
    let key = emulator.api_key().to_owned();
    let mut shown = Vec::new();

    let good = builder(&emulator).proxy(proxy.url_with(&user, &password));
    shown.push(format!("{good:?}"));
    let client = good.build().unwrap();
    shown.push(format!("{client:?}"));
    client.current_user().unwrap();
    let wrong = builder(&emulator).proxy(proxy.url_with(&user, &format!("{password}x")));
    let err = wrong.build().unwrap().current_user().unwrap_err();
    shown.push(format!("{err} {err:?}"));
    // A TLS failure through the proxy, and a malformed proxy URL holding the password.
    let untrusted = Client::builder()
        .base_url(emulator.base_url())
        .api_key(&key)
        .proxy(proxy.url_with(&user, &password));
    let err = untrusted.build().unwrap().current_user().unwrap_err();
    assert_eq!(err.status(), Status::Tls);
    shown.push(format!("{err} {err:?}"));
    let err = builder(&emulator)
        .proxy(format!("ftp://{user}:{password}@127.0.0.1:1"))
        .build()
        .unwrap_err();
    shown.push(format!("{err} {err:?}"));

    shown.extend(LOGS.0.lock().unwrap().iter().cloned());
    assert!(shown.len() > 6, "nothing was logged: {shown:?}");
    for line in &shown {
        assert!(!line.contains(&password), "proxy password in: {line}");
        assert!(!line.contains(&key), "API key in: {line}");
    }
}
