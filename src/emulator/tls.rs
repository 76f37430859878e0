//! HTTPS for the emulator: a throw-away CA and server certificate made at start (rcgen), or a
//! given certificate and key, served through tokio-rustls.

use std::path::PathBuf;
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::{self, ServerConfig};

/// How the emulator serves HTTPS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsOptions {
    /// A CA made at start and a server certificate it issues for `names` (DNS names or IP
    /// addresses; by default `localhost`, `127.0.0.1` and `::1`). With `expired`, the
    /// certificate's validity ended on 2 January 2021, for testing a client's error.
    Generated {
        /// The names (DNS names or IP addresses) the certificate is for.
        names: Vec<String>,
        /// Make it a certificate that expired on 2 January 2021.
        expired: bool,
    },
    /// This certificate chain and its private key, as PEM files.
    Files {
        /// The certificate chain, server certificate first.
        cert: PathBuf,
        /// Its private key (PKCS#8, PKCS#1 or SEC1).
        key: PathBuf,
    },
}

impl TlsOptions {
    /// A fresh CA and a currently valid certificate for `localhost`, `127.0.0.1` and `::1`.
    pub fn generated() -> TlsOptions {
        TlsOptions::Generated {
            names: ["localhost", "127.0.0.1", "::1"]
                .map(str::to_owned)
                .to_vec(),
            expired: false,
        }
    }
}

/// The server's TLS configuration, and the generated CA's certificate (PEM) when there is one.
pub(crate) struct Served {
    pub config: Arc<ServerConfig>,
    pub ca_pem: Option<String>,
}

pub(crate) fn setup(options: &TlsOptions) -> Result<Served, String> {
    let (chain, key, ca_pem) = match options {
        TlsOptions::Generated { names, expired } => {
            let (chain, key, ca) = generate(names, *expired).map_err(|e| e.to_string())?;
            (chain, key, Some(ca))
        }
        TlsOptions::Files { cert, key } => {
            let chain = CertificateDer::pem_file_iter(cert)
                .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
                .map_err(|e| format!("cannot read the certificate {}: {e}", cert.display()))?;
            if chain.is_empty() {
                return Err(format!("{} holds no certificate", cert.display()));
            }
            let key = PrivateKeyDer::from_pem_file(key)
                .map_err(|e| format!("cannot read the key {}: {e}", key.display()))?;
            (chain, key, None)
        }
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|b| b.with_no_client_auth().with_single_cert(chain, key))
        .map_err(|e| format!("unusable certificate or key: {e}"))?;
    Ok(Served {
        config: Arc::new(config),
        ca_pem,
    })
}

type Generated = (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>, String);

fn generate(names: &[String], expired: bool) -> Result<Generated, rcgen::Error> {
    let ca_key = KeyPair::generate()?;
    let mut ca = CertificateParams::new(Vec::new())?;
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "certcentral-emulator throw-away CA");
    ca.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca_cert = ca.self_signed(&ca_key)?;
    let issuer = Issuer::new(ca, ca_key);

    let key = KeyPair::generate()?;
    let mut server = CertificateParams::new(names.to_vec())?;
    server
        .distinguished_name
        .push(DnType::CommonName, "certcentral-emulator");
    server.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    server.use_authority_key_identifier_extension = true;
    if expired {
        server.not_before = rcgen::date_time_ymd(2020, 1, 1);
        server.not_after = rcgen::date_time_ymd(2021, 1, 2);
    }
    let cert = server.signed_by(&key, &issuer)?;
    let key = PrivateKeyDer::try_from(key.serialize_der())
        .map_err(|_| rcgen::Error::KeyGenerationUnavailable)?;
    Ok((vec![cert.der().clone()], key, ca_cert.pem()))
}
