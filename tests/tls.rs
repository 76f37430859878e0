//! HTTPS to the TLS emulator: trust through `ca_bundle`, and each failed check as status 6
//! `TLS`, with no request reaching the emulator and no retry.
#![cfg(feature = "emulator")]

mod common;

use std::time::Duration;

use certcentral::emulator::{Emulator, TlsOptions};
use certcentral::{Client, ListInvitesQuery, Status};
use common::{emulator_with, fast_retries};

fn tls_emulator(tls: TlsOptions) -> Emulator {
    emulator_with(|o| o.tls = Some(tls))
}

/// A client for `emulator` that trusts only what the system (or `SSL_CERT_FILE`) trusts.
fn untrusting_client(emulator: &Emulator, base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .api_key(emulator.api_key())
        .retry_policy(fast_retries(2))
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// Asserts a TLS failure that names `check` and the host, began one handshake with the emulator
/// (no retry) and sent it no request.
fn assert_tls_failure(emulator: &Emulator, err: &certcentral::Error, check: &str, host: &str) {
    assert_eq!(err.status(), Status::Tls, "{err}");
    assert_eq!(err.kind(), "tls");
    let text = err.to_string();
    assert!(text.contains(check) && text.contains(host), "{text}");
    let stats = emulator.stats();
    assert_eq!(stats.requests.values().sum::<u64>(), 0, "{stats:?}");
    assert_eq!(stats.tls_handshakes, 1, "retried? {stats:?}");
}

#[test]
fn a_client_trusting_the_emulators_ca_works_over_https() {
    let emulator = tls_emulator(TlsOptions::generated());
    assert!(emulator.base_url().starts_with("https://127.0.0.1:"));
    let pem = emulator.ca_pem().unwrap();
    // From PEM text (what `client()` does) and from a file.
    let client = emulator.client().unwrap();
    assert_eq!(
        client
            .list_invites(&ListInvitesQuery::default())
            .unwrap()
            .total(),
        Some(0)
    );
    let dir = std::env::temp_dir().join(format!("cc-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("ca.pem");
    std::fs::write(&path, pem).unwrap();
    for base_url in [
        emulator.base_url().to_owned(),
        emulator.base_url().replace("127.0.0.1", "localhost"),
    ] {
        let client = Client::builder()
            .base_url(base_url)
            .api_key(emulator.api_key())
            .ca_bundle(&path)
            .build()
            .unwrap();
        client.current_user().unwrap();
    }
    assert_eq!(emulator.stats().requests["GET user/me"], 2);
    assert_eq!(emulator.stats().tls_handshakes, 3);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_untrusted_issuer_is_a_tls_error_saying_what_to_do() {
    let emulator = tls_emulator(TlsOptions::generated());
    let client = untrusting_client(&emulator, emulator.base_url());
    let err = client.current_user().unwrap_err();
    assert_tls_failure(&emulator, &err, "unknown issuer", "127.0.0.1");
    assert!(err.to_string().contains("ca_bundle"), "{err}");
    assert!(err.to_string().contains("SSL_CERT_FILE"), "{err}");
    // A creation is refused the same way: nothing created, nothing retried.
    let err = client
        .send_invite(&certcentral::SendInviteRequest::new(
            ["a@example.com"],
            "retail",
        ))
        .unwrap_err();
    assert_eq!(err.status(), Status::Tls);
    assert_eq!(emulator.stats().invites_created, 0);
    assert_eq!(emulator.stats().tls_handshakes, 2);
}

#[test]
fn a_certificate_for_another_name_is_a_tls_error() {
    let emulator = tls_emulator(TlsOptions::Generated {
        names: vec!["other.example".into()],
        expired: false,
    });
    let client = emulator.client_builder().max_retries(2).build().unwrap();
    let err = client.current_user().unwrap_err();
    assert_tls_failure(&emulator, &err, "not valid for the name", "127.0.0.1");
    assert!(err.to_string().contains("other.example"), "{err}");
}

#[test]
fn an_expired_certificate_is_a_tls_error() {
    let emulator = tls_emulator(TlsOptions::Generated {
        names: vec!["127.0.0.1".into()],
        expired: true,
    });
    let client = emulator.client_builder().max_retries(2).build().unwrap();
    let err = client.current_user().unwrap_err();
    assert_tls_failure(&emulator, &err, "expired on Sat, 02 Jan 2021", "127.0.0.1");
}

#[test]
fn https_to_a_plain_http_server_is_a_tls_error() {
    let emulator = common::emulator();
    let https = emulator.base_url().replace("http://", "https://");
    let client = untrusting_client(&emulator, &https);
    let err = client.current_user().unwrap_err();
    assert_eq!(err.status(), Status::Tls, "{err}");
    assert!(err.to_string().contains("did not answer with TLS"), "{err}");
}

#[test]
fn the_emulator_serves_a_given_certificate_and_key() {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca = rcgen::CertificateParams::new(Vec::new()).unwrap();
    ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let issuer = rcgen::Issuer::new(ca, ca_key);
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec!["localhost".to_owned()])
        .unwrap()
        .signed_by(&key, &issuer)
        .unwrap();
    let dir = std::env::temp_dir().join(format!("cc-tls-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (cert_path, key_path) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert_path, cert.pem()).unwrap();
    std::fs::write(&key_path, key.serialize_pem()).unwrap();
    let emulator = tls_emulator(TlsOptions::Files {
        cert: cert_path,
        key: key_path,
    });
    assert_eq!(emulator.ca_pem(), None);
    let client = Client::builder()
        .base_url(emulator.base_url().replace("127.0.0.1", "localhost"))
        .api_key(emulator.api_key())
        .ca_bundle_pem(ca_cert.pem())
        .build()
        .unwrap();
    client.current_user().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_bad_ca_bundle_fails_at_construction_naming_it() {
    for builder in [
        Client::builder().ca_bundle("/nonexistent/ca.pem"),
        Client::builder().ca_bundle_pem("not a certificate"),
    ] {
        let err = builder.api_key("k").build().unwrap_err();
        assert_eq!(err.status(), Status::InvalidArgument);
        assert!(err.to_string().contains("`ca_bundle`"), "{err}");
    }
}

/// Against a server that closes every connection (as the recorded one does), each call
/// connects again; the client's TLS session cache makes every handshake after the first a
/// resumption (no certificate sent or checked), and a client that keeps connections makes one.
#[test]
fn reconnects_resume_the_tls_session() {
    let emulator = emulator_with(|o| {
        o.tls = Some(TlsOptions::generated());
        o.close_connections = true;
    });
    let client = emulator.client().unwrap();
    for _ in 0..5 {
        client.current_user().unwrap();
    }
    let stats = emulator.stats();
    assert_eq!(
        stats.tls_handshakes, 5,
        "one connection per call: {stats:?}"
    );
    assert_eq!(
        stats.tls_handshakes_resumed, 4,
        "all but the first resumed: {stats:?}"
    );

    // A second client has its own cache: its first handshake is full.
    let other = emulator.client().unwrap();
    other.current_user().unwrap();
    assert_eq!(emulator.stats().tls_handshakes_resumed, 4);

    let keeping = emulator_with(|o| o.tls = Some(TlsOptions::generated()));
    let client = keeping.client().unwrap();
    for _ in 0..5 {
        client.current_user().unwrap();
    }
    assert_eq!(
        keeping.stats().tls_handshakes,
        1,
        "kept alive: one handshake"
    );
}
