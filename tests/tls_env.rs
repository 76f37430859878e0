//! What the environment says about trust and proxies: `SSL_CERT_FILE`, `HTTPS_PROXY` and
//! `NO_PROXY`. One test in its own binary, because it changes the process's environment.
#![cfg(feature = "emulator")]

mod common;

use certcentral::emulator::{Emulator, TlsOptions};
use certcentral::{Client, Status};
use common::emulator_with;
use common::proxy::TestProxy;

/// An address of this machine that is not a loopback *name* (`::ffff:127.0.0.1`): the
/// environment's proxy applies to it, as to a remote host.
const MAPPED: &str = "[::ffff:127.0.0.1]";

fn client(emulator: &Emulator, host: &str) -> Client {
    Client::builder()
        .base_url(emulator.base_url().replace("127.0.0.1", host))
        .api_key(emulator.api_key())
        .max_retries(0)
        .build()
        .unwrap()
}

#[test]
fn trust_and_proxies_follow_the_environment() {
    let emulator = emulator_with(|o| {
        o.tls = Some(TlsOptions::Generated {
            names: ["localhost", "127.0.0.1", "::ffff:127.0.0.1"]
                .map(str::to_owned)
                .to_vec(),
            expired: false,
        })
    });
    let dir = std::env::temp_dir().join(format!("cc-tls-env-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ca = dir.join("ca.pem");
    std::fs::write(&ca, emulator.ca_pem().unwrap()).unwrap();
    for name in [
        "SSL_CERT_DIR",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ] {
        std::env::remove_var(name);
    }
    for name in ["no_proxy", "NO_PROXY"] {
        std::env::remove_var(name);
    }

    // SSL_CERT_FILE names the roots, in place of the system's.
    std::env::set_var("SSL_CERT_FILE", &ca);
    client(&emulator, "127.0.0.1").current_user().unwrap();
    std::env::set_var("SSL_CERT_FILE", dir.join("missing.pem"));
    let err = Client::builder().api_key("k").build().unwrap_err();
    assert_eq!(err.status(), Status::InvalidArgument);
    assert!(err.to_string().contains("`SSL_CERT_FILE`"), "{err}");
    assert!(err.to_string().contains("missing.pem"), "{err}");
    std::env::set_var("SSL_CERT_FILE", &ca);

    // A proxy that refuses these credentials shows whether a request went through it.
    let proxy = TestProxy::start("auth", None);
    let (user, password) = (proxy.user.clone().unwrap(), proxy.password.clone().unwrap());
    std::env::set_var("HTTPS_PROXY", proxy.url_with(&user, "wrong"));
    let err = client(&emulator, MAPPED).current_user().unwrap_err();
    assert_eq!(err.status(), Status::Transport, "{err}");
    assert!(
        err.to_string().contains(&proxy.url) && err.to_string().contains("407"),
        "{err}"
    );
    // A loopback name never takes the environment's proxy, nor does a host NO_PROXY names.
    client(&emulator, "localhost").current_user().unwrap();
    for list in ["::ffff:127.0.0.1", "example.com, ::ffff:0.0.0.0/96", "*"] {
        std::env::set_var("NO_PROXY", list);
        client(&emulator, MAPPED).current_user().unwrap();
    }
    std::env::set_var("NO_PROXY", "example.com");
    assert!(client(&emulator, MAPPED).current_user().is_err());
    std::env::remove_var("NO_PROXY");
    // The builder's no_proxy() wins over the environment.
    let direct = Client::builder()
        .base_url(emulator.base_url().replace("127.0.0.1", MAPPED))
        .api_key(emulator.api_key())
        .no_proxy()
        .build()
        .unwrap();
    direct.current_user().unwrap();
    // Lower case first: https_proxy (right credentials) over HTTPS_PROXY (wrong ones). (proxy.py
    // cannot open a tunnel to an IPv6 literal: 502 proves the request went through it.)
    std::env::set_var("https_proxy", proxy.url_with(&user, &password));
    let err = client(&emulator, MAPPED).current_user().unwrap_err();
    assert!(err.to_string().contains("HTTP 502"), "{err}");
    assert_eq!(emulator.stats().requests["GET user/me"], 6);
    drop(proxy);

    std::fs::remove_dir_all(&dir).unwrap();
}
