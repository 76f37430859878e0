//! Which certificate authorities a client trusts, and what a failed TLS check tells the caller.
//!
//! Trust, in this order: the `ca_bundle` certificates (always); then the certificates named by
//! `SSL_CERT_FILE`/`SSL_CERT_DIR` when either is set (in place of the system store, as
//! OpenSSL-based tools do), otherwise the operating system's store; and where those give no
//! certificate at all (a minimal container), the Mozilla roots bundled in the library.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use rustls::{CertificateError, Error as TlsError};
use rustls_pki_types::pem::{self, PemObject};
use rustls_pki_types::{CertificateDer, UnixTime};
use ureq::tls::{Certificate, RootCerts};

use crate::error::Error;

/// Extra roots for [`crate::ClientBuilder::ca_bundle`]: a PEM file, or PEM text.
#[derive(Clone)]
pub(crate) enum CaBundle {
    File(PathBuf),
    Pem(Vec<u8>),
}

impl std::fmt::Debug for CaBundle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CaBundle::File(path) => write!(f, "{}", path.display()),
            CaBundle::Pem(bytes) => write!(f, "<{} bytes of PEM>", bytes.len()),
        }
    }
}

/// The roots a client verifies servers against, and a one-line account of where they came
/// from for error messages.
#[derive(Clone)]
pub(crate) struct Trust {
    pub roots: RootCerts,
    pub sources: String,
}

impl std::fmt::Debug for Trust {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.sources)
    }
}

const CERT_FILE: &str = "SSL_CERT_FILE";
const CERT_DIR: &str = "SSL_CERT_DIR";

/// Loads every root a client trusts. An unreadable `ca_bundle`, or one without a certificate,
/// is an `INVALID_ARGUMENT` naming `ca_bundle`; so is an `SSL_CERT_FILE`/`SSL_CERT_DIR` that
/// gives no certificate at all.
pub(crate) fn load(bundles: &[CaBundle]) -> Result<Trust, Error> {
    let mut certs: Vec<CertificateDer<'static>> = Vec::new();
    let mut sources = Vec::new();
    for bundle in bundles {
        let found = read_bundle(bundle)?;
        sources.push(format!("{} from ca_bundle {bundle:?}", plural(found.len())));
        certs.extend(found);
    }

    let file = std::env::var_os(CERT_FILE).filter(|v| !v.is_empty());
    let dir = std::env::var_os(CERT_DIR).filter(|v| !v.is_empty());
    let native = native_roots(&file, &dir);
    let from_env = file.is_some() || dir.is_some();
    if from_env {
        if native.certs.is_empty() {
            let (field, value) = match (&file, &dir) {
                (Some(file), _) => (CERT_FILE, file.clone()),
                (None, dir) => (CERT_DIR, dir.clone().unwrap_or_default()),
            };
            let why = native
                .first_error
                .clone()
                .unwrap_or_else(|| "it holds no PEM certificate".to_owned());
            return Err(Error::invalid_argument(
                field,
                format!(
                    "names {}, which gives no trusted certificate ({why}); point it at a PEM \
                     bundle, or unset it to use the system's store",
                    Path::new(&value).display()
                ),
            ));
        }
        let named: Vec<String> = [(CERT_FILE, &file), (CERT_DIR, &dir)]
            .into_iter()
            .filter_map(|(name, v)| {
                v.as_ref()
                    .map(|v| format!("{name}={}", Path::new(v).display()))
            })
            .collect();
        sources.push(format!(
            "{} from {}",
            plural(native.certs.len()),
            named.join(" and ")
        ));
        certs.extend(native.certs.iter().cloned());
    } else if !native.certs.is_empty() {
        sources.push(format!(
            "{} from the system store",
            plural(native.certs.len())
        ));
        certs.extend(native.certs.iter().cloned());
    } else {
        sources.push(format!(
            "the {} bundled Mozilla roots (this system has no certificate store)",
            webpki_root_certs::TLS_SERVER_ROOT_CERTS.len()
        ));
        certs.extend(webpki_root_certs::TLS_SERVER_ROOT_CERTS.iter().cloned());
    }
    let roots = certs.iter().map(|c| Certificate::from_der(c).to_owned());
    Ok(Trust {
        roots: RootCerts::Specific(Arc::new(roots.collect())),
        sources: sources.join(", "),
    })
}

/// The system's (or `SSL_CERT_FILE`/`SSL_CERT_DIR`'s) certificates.
struct Native {
    certs: Arc<Vec<CertificateDer<'static>>>,
    first_error: Option<String>,
}

/// Reads the store once per process, and again whenever `SSL_CERT_FILE`/`SSL_CERT_DIR` change:
/// reading and parsing a few hundred files would otherwise cost each new client milliseconds.
fn native_roots(file: &Option<OsString>, dir: &Option<OsString>) -> Native {
    type Cached = (Option<OsString>, Option<OsString>, Native);
    static CACHE: Mutex<Option<Cached>> = Mutex::new(None);
    let mut cache = CACHE.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((f, d, native)) = cache.as_ref() {
        if f == file && d == dir {
            return Native {
                certs: Arc::clone(&native.certs),
                first_error: native.first_error.clone(),
            };
        }
    }
    let loaded = rustls_native_certs::load_native_certs();
    for failure in &loaded.errors {
        log::warn!(target: "certcentral", "while loading trusted certificates: {failure}");
    }
    let native = Native {
        certs: Arc::new(loaded.certs),
        first_error: loaded.errors.first().map(ToString::to_string),
    };
    let copy = Native {
        certs: Arc::clone(&native.certs),
        first_error: native.first_error.clone(),
    };
    *cache = Some((file.clone(), dir.clone(), native));
    copy
}

/// Trust for a client that never speaks TLS (plain http:// to loopback, no https:// proxy):
/// nothing is loaded.
pub(crate) fn none() -> Trust {
    Trust {
        roots: RootCerts::Specific(Arc::new(Vec::new())),
        sources: "none (the client speaks plain http)".to_owned(),
    }
}

fn plural(n: usize) -> String {
    match n {
        1 => "1 certificate".to_owned(),
        n => format!("{n} certificates"),
    }
}

fn read_bundle(bundle: &CaBundle) -> Result<Vec<CertificateDer<'static>>, Error> {
    let bad = |why: String| Error::invalid_argument("ca_bundle", why);
    let parsed: Vec<Result<CertificateDer<'static>, pem::Error>> = match bundle {
        CaBundle::File(path) => {
            let bytes = read_capped(path).map_err(bad)?;
            CertificateDer::pem_slice_iter(&bytes).collect()
        }
        CaBundle::Pem(bytes) => CertificateDer::pem_slice_iter(bytes).collect(),
    };
    let certs = parsed
        .into_iter()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| bad(format!("{bundle:?} is not valid PEM ({e})")))?;
    if certs.is_empty() {
        return Err(bad(format!(
            "{bundle:?} holds no certificate (expected PEM blocks \
             \"-----BEGIN CERTIFICATE-----\")"
        )));
    }
    Ok(certs)
}

/// The largest certificate bundle read: far above any real one (Mozilla's whole set is about
/// 200 KiB), so a wrong path (`/dev/zero`, a disk image) fails at once instead of being read.
pub(crate) const MAX_CA_BUNDLE_BYTES: u64 = 8 * 1024 * 1024;

/// A bundle file's bytes: a regular file of at most [`MAX_CA_BUNDLE_BYTES`].
fn read_capped(path: &std::path::Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let cannot = |e: std::io::Error| format!("cannot read {}: {e}", path.display());
    let file = std::fs::File::open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    if !meta.is_file() {
        return Err(format!(
            "{} is not a regular file (a PEM bundle of certificates is)",
            path.display()
        ));
    }
    let mut bytes = Vec::new();
    file.take(MAX_CA_BUNDLE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_CA_BUNDLE_BYTES {
        return Err(format!(
            "{} is larger than {} MiB: it is not a certificate bundle",
            path.display(),
            MAX_CA_BUNDLE_BYTES / (1024 * 1024)
        ));
    }
    Ok(bytes)
}

/// A name as a certificate presents it, without rustls's `DnsName("…")` wrapping.
fn plain_name(presented: &str) -> &str {
    for prefix in ["DnsName(\"", "IpAddress("] {
        if let Some(inner) = presented.strip_prefix(prefix) {
            return inner.trim_end_matches(')').trim_end_matches('"');
        }
    }
    presented
}

/// How to fix an untrusted issuer, said once for every face.
const TRUST_HINT: &str = "pass the issuing CA's certificate as ca_bundle, or set SSL_CERT_FILE \
                          to a PEM bundle that holds it";

/// What failed, in plain words, for a rustls error met while connecting to `host`.
pub(crate) fn describe(error: &TlsError, host: &str, proxy: Option<&str>, trust: &Trust) -> String {
    let via = proxy.map_or(String::new(), |p| format!(" (through the proxy {p})"));
    match error {
        TlsError::InvalidCertificate(cert) => match cert {
            CertificateError::UnknownIssuer => {
                let inspecting = proxy.map_or(String::new(), |_| {
                    "; a proxy that inspects TLS re-signs with its own CA: trust that CA".to_owned()
                });
                format!(
                    "TLS: the certificate of {host}{via} is not issued by a trusted certificate \
                     authority (unknown issuer; trusted: {}): {TRUST_HINT}{inspecting}",
                    trust.sources
                )
            }
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                let names = match cert {
                    CertificateError::NotValidForNameContext { presented, .. } => {
                        let names: Vec<&str> = presented.iter().map(|n| plain_name(n)).collect();
                        format!(" (it is for {})", names.join(", "))
                    }
                    _ => String::new(),
                };
                format!(
                    "TLS: the certificate {host}{via} presented is not valid for the name \
                     {host}{names}: use the host name the certificate was issued for in the \
                     base URL"
                )
            }
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                let when = match cert {
                    CertificateError::ExpiredContext { time, not_after } => format!(
                        " on {} (this machine's clock says {})",
                        date(not_after),
                        date(time)
                    ),
                    _ => String::new(),
                };
                format!(
                    "TLS: the certificate of {host}{via} expired{when}: the server must renew \
                     it; check this machine's clock"
                )
            }
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                format!(
                    "TLS: the certificate of {host}{via} is not valid yet: check this machine's \
                     clock"
                )
            }
            CertificateError::Revoked => {
                format!("TLS: the certificate of {host}{via} has been revoked by its issuer")
            }
            CertificateError::InvalidPurpose | CertificateError::InvalidPurposeContext { .. } => {
                format!(
                    "TLS: the certificate of {host}{via} is not for server authentication: the \
                     server must present a TLS server certificate"
                )
            }
            CertificateError::Other(other) if other.to_string().contains("CaUsedAsEndEntity") => {
                format!(
                    "TLS: {host}{via} presents a CA certificate as its own: the server must \
                     present a certificate issued by that CA, not the CA itself"
                )
            }
            other => format!(
                "TLS: the certificate of {host}{via} failed verification ({other:?}): {TRUST_HINT}"
            ),
        },
        TlsError::InvalidMessage(_) | TlsError::InappropriateMessage { .. } => format!(
            "TLS: {host}{via} did not answer with TLS: is the server plain http://? (the \
             handshake failed)"
        ),
        TlsError::AlertReceived(alert) => format!(
            "TLS: {host}{via} refused the handshake (alert: {alert:?}): the server does not \
             accept this client's TLS versions or ciphers, or wants a client certificate"
        ),
        TlsError::PeerIncompatible(why) => format!(
            "TLS: the handshake with {host}{via} failed: no TLS version or cipher in common \
             ({why:?})"
        ),
        other => format!("TLS: the handshake with {host}{via} failed: {other}"),
    }
}

fn date(time: &UnixTime) -> String {
    httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(time.as_secs()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundle_without_certificates_is_refused_by_name() {
        for (bundle, why) in [
            (
                CaBundle::Pem(b"no pem here".to_vec()),
                "holds no certificate",
            ),
            (
                CaBundle::Pem(
                    b"-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n".to_vec(),
                ),
                "not valid PEM",
            ),
            (
                CaBundle::File("/nonexistent/ca.pem".into()),
                "cannot read /nonexistent/ca.pem",
            ),
            // Read for ever, or never: refused at once.
            (
                CaBundle::File("/dev/zero".into()),
                "/dev/zero is not a regular file",
            ),
        ] {
            let err = load(&[bundle]).unwrap_err();
            assert_eq!(err.status(), crate::Status::InvalidArgument);
            let text = err.to_string();
            assert!(text.contains("`ca_bundle`") && text.contains(why), "{text}");
        }
    }

    #[test]
    fn an_oversized_bundle_is_refused_without_reading_it_all() {
        let path = std::env::temp_dir().join(format!("cc-big-bundle-{}", std::process::id()));
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_CA_BUNDLE_BYTES * 4).unwrap(); // sparse: no disk used
        let err = load(&[CaBundle::File(path.clone())]).unwrap_err();
        assert!(err.to_string().contains("larger than 8 MiB"), "{err}");
        std::fs::remove_file(&path).unwrap();
        assert_eq!(plain_name("DnsName(\"localhost\")"), "localhost");
        assert_eq!(plain_name("IpAddress(127.0.0.1)"), "127.0.0.1");
    }

    #[test]
    fn every_certificate_error_names_the_host_and_the_check() {
        let trust = none();
        let cases = [
            (CertificateError::UnknownIssuer, "unknown issuer"),
            (CertificateError::NotValidForName, "not valid for the name"),
            (CertificateError::Expired, "expired"),
            (CertificateError::NotValidYet, "not valid yet"),
            (CertificateError::Revoked, "revoked"),
            (CertificateError::BadSignature, "failed verification"),
        ];
        for (cert, check) in cases {
            let text = describe(
                &TlsError::InvalidCertificate(cert),
                "h.example",
                None,
                &trust,
            );
            assert!(text.contains("h.example") && text.contains(check), "{text}");
        }
        let expired = CertificateError::ExpiredContext {
            time: UnixTime::since_unix_epoch(Duration::from_secs(1_700_000_000)),
            not_after: UnixTime::since_unix_epoch(Duration::from_secs(1_600_000_000)),
        };
        let text = describe(&TlsError::InvalidCertificate(expired), "h", None, &trust);
        assert!(text.contains("Sun, 13 Sep 2020"), "{text}");
        let text = describe(
            &TlsError::InvalidCertificate(CertificateError::UnknownIssuer),
            "h",
            Some("http://proxy.example:3128"),
            &trust,
        );
        assert!(
            text.contains("proxy.example:3128") && text.contains("ca_bundle"),
            "{text}"
        );
    }
}
