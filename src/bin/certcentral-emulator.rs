//! `certcentral-emulator`: runs the offline CertCentral emulator on 127.0.0.1 and prints its base
//! URL on the first line of stdout. It serves until it is killed.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use certcentral::emulator::{DuplicateOrganizations, Emulator, EmulatorOptions, Fault};
use certcentral::RateLimit;

const USAGE: &str = r#"usage: certcentral-emulator [options]

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
  --fault JSON             install a fault, e.g.
                           '{"route":"POST account","kind":"respond","status":503,"times":1}'
                           kinds: respond, delay, malformed, truncated, corrupt_field,
                           reset_before, reset_after (repeatable)
  -h, --help               this text

Prints the base URL (e.g. http://127.0.0.1:41234/services/v2/) and serves until killed.
Control routes for tests live under <base URL>_emulator/: stats, seed, invites/{id}/status,
faults, settings (see the README)."#;

fn parse(args: &[String]) -> Result<EmulatorOptions, String> {
    let mut options = EmulatorOptions::default();
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
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    Ok(options)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let options = match parse(&args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("certcentral-emulator: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let emulator = match Emulator::start(options) {
        Ok(emulator) => emulator,
        Err(e) => {
            eprintln!("certcentral-emulator: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "{}", emulator.base_url());
    let _ = stdout.flush();
    loop {
        std::thread::park();
    }
}
