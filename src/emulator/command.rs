//! The emulator as a command: `certcentral-emulator [options]`, and `certcentral emulator
//! [options]` (the Rust command and the wheel's console script, for users without Rust). It
//! prints the base URL on the first line of stdout (with `--tls`, the CA certificate's path on
//! the second) and serves until it is stopped.

use std::io::Write;
use std::time::Duration;

use super::{DuplicateOrganizations, Emulator, EmulatorOptions, Fault, TlsOptions};
use crate::cancel::CancelToken;
use crate::http::rate_limit::RateLimit;

/// The options, as `--help` shows them.
pub const USAGE: &str = r#"usage: certcentral-emulator [options]
       certcentral emulator [options]   (the same, from the Python wheel's console script)

  --port N                 port on 127.0.0.1 (default 0: pick a free one)
  --api-key KEY            the API key to accept (default: emulator-api-key)
  --latency-ms N           delay every API answer by N milliseconds
  --jitter-ms N            delay each API request by 0-N ms before it is counted
  --seed-invites N         start with N varied invites
  --duplicate-orgs MODE    reuse (default) or reject a duplicate organization
  --no-subaccounts         answer POST account with 403 access_denied|missing_permission
  --subaccount-types LIST  comma-separated types the account may use
  --threads N              server threads (default 2)
  --rate-limit             enforce the documented limits (100 per 5 s, 1000 per 3 min)
  --time-scale F           multiply the rate-limit periods by F (e.g. 0.01 for tests)
  --documented-empty-lists answer a list that matches nothing with the docs' "[]" instead of
                           the real server's page object alone (the recorded form, default)
  --service-users-path P   the path that lists service users: user/api-only (default) or
                           service-user (the docs print both; the other answers 404)
  --close-connections      close the connection after every answer, as the recorded server
                           does (each call then connects, and over HTTPS resumes a session)
  --fault JSON             install a fault, e.g.
                           '{"route":"POST account","kind":"respond","status":503,"times":1}'
                           kinds: respond, delay, hold, malformed, truncated,
                           corrupt_field, reset_before, reset_after (repeatable)
  --tls                    serve HTTPS with a throw-away CA made at start, and a certificate
                           for localhost, 127.0.0.1 and ::1
  --tls-ca-out PATH        where to write that CA's certificate (PEM; default: a file in the
                           temporary directory)
  --tls-names LIST         comma-separated names the certificate is for instead (implies --tls)
  --tls-expired            make the certificate one that expired in 2021 (implies --tls)
  --tls-cert PATH          serve this PEM certificate chain instead (needs --tls-key)
  --tls-key PATH           the PEM private key of --tls-cert
  -h, --help               this text

Prints the base URL (e.g. http://127.0.0.1:41234/services/v2/) and serves until stopped
(Ctrl-C, SIGTERM). With --tls the URL is https:// and the second line is the path of the CA
certificate to trust. It answers the way recordings of the real server show (an empty list is
the page object alone; a wrong key is 403). Control routes for tests live under
<base URL>_emulator/: stats, seed, invites/{id}/status, faults, release, replay, settings (see
the README)."#;

/// The options, and where to write the generated CA's certificate.
pub(crate) fn parse(args: &[String]) -> Result<(EmulatorOptions, Option<String>), String> {
    let mut options = EmulatorOptions::default();
    let (mut ca_out, mut cert, mut key) = (None, None, None);
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        let number = |text: String| -> Result<u64, String> {
            text.parse()
                .map_err(|_| format!("{flag} needs a non-negative integer, got {text:?}"))
        };
        match flag.as_str() {
            "--port" => {
                options.port = u16::try_from(number(value()?)?)
                    .map_err(|_| "--port must be at most 65535".to_owned())?
            }
            "--api-key" => options.api_key = value()?,
            "--latency-ms" => options.latency = Duration::from_millis(number(value()?)?),
            "--jitter-ms" => options.jitter = Duration::from_millis(number(value()?)?),
            "--seed-invites" => options.seed_invites = number(value()?)? as usize,
            "--threads" => options.worker_threads = number(value()?)?.max(1) as usize,
            "--no-subaccounts" => options.subaccounts_enabled = false,
            "--rate-limit" => options.rate_limit = Some(RateLimit::documented()),
            "--documented-empty-lists" => options.documented_empty_lists = true,
            "--service-users-path" => {
                options.service_users_path = value()?
                    .parse()
                    .map_err(|why| format!("--service-users-path {why}"))?
            }
            "--close-connections" => options.close_connections = true,
            "--time-scale" => {
                let text = value()?;
                options.time_scale = text
                    .parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite() && *f > 0.0)
                    .ok_or_else(|| format!("--time-scale needs a positive number, got {text:?}"))?
            }
            "--fault" => {
                let fault: Fault = serde_json::from_str(&value()?)
                    .map_err(|e| format!("--fault: not a fault ({e})"))?;
                fault.check().map_err(|e| format!("--fault: {e}"))?;
                options.faults.push(fault);
            }
            "--subaccount-types" => {
                options.subaccount_types = value()?.split(',').map(str::to_owned).collect()
            }
            "--duplicate-orgs" => {
                options.duplicate_organizations = match value()?.as_str() {
                    "reuse" => DuplicateOrganizations::Reuse,
                    "reject" => DuplicateOrganizations::Reject,
                    other => {
                        return Err(format!("--duplicate-orgs: reuse or reject, got {other:?}"))
                    }
                }
            }
            "--tls" => {
                generated(&mut options);
            }
            "--tls-ca-out" => ca_out = Some(value()?),
            "--tls-names" => {
                let list = value()?;
                if let TlsOptions::Generated { names, .. } = generated(&mut options) {
                    *names = list.split(',').map(str::to_owned).collect();
                }
            }
            "--tls-expired" => {
                if let TlsOptions::Generated { expired, .. } = generated(&mut options) {
                    *expired = true;
                }
            }
            "--tls-cert" => cert = Some(value()?),
            "--tls-key" => key = Some(value()?),
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    match (cert, key) {
        (Some(cert), Some(key)) => {
            if options.tls.is_some() {
                return Err("--tls-cert serves a given certificate: drop --tls and --tls-names/--tls-expired".to_owned());
            }
            options.tls = Some(TlsOptions::Files {
                cert: cert.into(),
                key: key.into(),
            });
        }
        (None, None) => {}
        _ => return Err("--tls-cert and --tls-key go together".to_owned()),
    }
    Ok((options, ca_out))
}

/// The generated-certificate settings, turned on.
fn generated(options: &mut EmulatorOptions) -> &mut TlsOptions {
    options.tls.get_or_insert_with(TlsOptions::generated)
}

/// Runs the emulator with these arguments (without the program name) until `stop` is
/// cancelled; the exit code (0, 1 when it cannot start, 2 for bad usage).
pub fn run(args: &[String], stop: &CancelToken) -> i32 {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return 0;
    }
    let (options, ca_out) = match parse(args) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("certcentral-emulator: {message}\n\n{USAGE}");
            return 2;
        }
    };
    let emulator = match Emulator::start(options) {
        Ok(emulator) => emulator,
        Err(e) => {
            eprintln!("certcentral-emulator: cannot start: {e}");
            return 1;
        }
    };
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "{}", emulator.base_url());
    if let Some(pem) = emulator.ca_pem() {
        let path = ca_out.unwrap_or_else(|| {
            let dir = std::env::temp_dir();
            let name = format!("certcentral-emulator-ca-{}.pem", std::process::id());
            dir.join(name).display().to_string()
        });
        if let Err(e) = std::fs::write(&path, pem) {
            eprintln!("certcentral-emulator: cannot write the CA certificate to {path}: {e}");
            return 1;
        }
        let _ = writeln!(stdout, "{path}");
    }
    let _ = stdout.flush();
    // Serves until stopped (SIGINT, SIGTERM, or the process is killed).
    while stop.sleep(Duration::from_secs(3600)).is_ok() {}
    emulator.shutdown();
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::ServiceUsersPath;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn the_service_users_path_is_chosen_by_its_flag() {
        let (options, _) = parse(&[]).unwrap();
        assert_eq!(options.service_users_path, ServiceUsersPath::UserApiOnly);
        let (options, _) = parse(&args(&["--service-users-path", "service-user"])).unwrap();
        assert_eq!(options.service_users_path, ServiceUsersPath::ServiceUser);
        let (options, _) = parse(&args(&["--service-users-path", "user/api-only"])).unwrap();
        assert_eq!(options.service_users_path, ServiceUsersPath::UserApiOnly);
        let err = parse(&args(&["--service-users-path", "users"])).unwrap_err();
        assert!(err.starts_with("--service-users-path must be"), "{err}");
        assert!(parse(&args(&["--service-users-path"])).is_err());
        assert!(USAGE.contains("--service-users-path"));
    }
}
