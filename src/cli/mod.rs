//! The `certcentral` command (feature `cli`): bulk runs, and plain lists of invites, users and
//! organizations. One implementation: `src/bin/certcentral.rs` calls [`main`], and the Python
//! wheel's console script calls [`run`] through its module.
//!
//! The API key comes from `DIGICERT_API_KEY` or from a file (`--api-key-file`), never from an
//! argument that `ps` would show. Exit codes: see [`exit`].

mod bulk;
mod lists;
mod progress;
mod state;

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::cancel::CancelToken;
use crate::error::Error;
use crate::http::rate_limit::RateLimit;
use crate::{CallOptions, Client, Region, API_KEY_ENV};

/// Exit codes scripts can test.
pub mod exit {
    /// Success: for a bulk run, every operation is `done`.
    pub const OK: i32 = 0;
    /// A bulk run ended with operations `failed`, `needs_attention` or still unresolved; an
    /// apply did not converge. `plan --detailed-exitcode`: any error.
    pub const INCOMPLETE: i32 = 1;
    /// Bad usage, or a plan (a state file, a saved plan) refused before anything was sent.
    /// `plan --detailed-exitcode`: there are changes.
    pub const USAGE: i32 = 2;
    /// The API, the journal or a file failed (nothing more was sent).
    pub const ERROR: i32 = 3;
    /// Interrupted (Ctrl-C, SIGTERM): the journal holds where the run got to; resume it.
    pub const INTERRUPTED: i32 = 130;
}

pub use crate::BASE_URL_ENV;

#[derive(Parser, Debug)]
#[command(
    name = "certcentral",
    version = crate::VERSION,
    about = "DigiCert CertCentral account management: bulk provisioning that survives crashes, \
             accounts as code (plan, apply), and lists of invites, users and organizations.",
    after_help = "The API key is read from DIGICERT_API_KEY, or from --api-key-file; never from \
                  an argument.\nExit codes: 0 ok, 1 bulk run incomplete (failed or \
                  needs_attention; apply not converged), 2 bad usage, plan or state file (plan \
                  --detailed-exitcode: 0 no changes, 2 changes, 1 any error), 3 API or file \
                  error, 130 interrupted."
)]
struct Cli {
    #[command(flatten)]
    connection: Connection,
    #[command(subcommand)]
    command: Command,
}

/// Where and how to reach the API.
#[derive(Args, Debug)]
struct Connection {
    /// Read the API key from this file (first line) instead of DIGICERT_API_KEY. It should be
    /// readable by its owner only (chmod 600): a warning says otherwise.
    #[arg(long, global = true, value_name = "PATH")]
    api_key_file: Option<PathBuf>,
    /// Refused: a key given as an argument shows in `ps` and shell history.
    #[arg(long, global = true, hide = true, value_name = "KEY")]
    api_key: Option<String>,
    /// The API's region.
    #[arg(long, global = true, value_enum, default_value = "us")]
    region: RegionArg,
    /// Another base URL, e.g. an emulator's (plain http:// only for a loopback host).
    #[arg(long, global = true, env = BASE_URL_ENV, value_name = "URL")]
    base_url: Option<String>,
    /// Seconds one attempt may take [default: the client's, 30].
    #[arg(long, global = true, value_name = "SECONDS")]
    timeout: Option<f64>,
    /// The client-side rate limiter (the documented limits): on for bulk runs and the region
    /// URLs by default.
    #[arg(long, global = true, value_enum, default_value = "auto")]
    rate_limit: RateLimitArg,
    /// Multiply the limiter's periods by this factor, to match an emulator started with
    /// --time-scale.
    #[arg(long, global = true, default_value_t = 1.0, value_name = "FACTOR")]
    rate_limit_scale: f64,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum RegionArg {
    Us,
    Eu,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum RateLimitArg {
    Auto,
    On,
    Off,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run a plan of operations, journaled so that a crashed run resumes without repeating
    /// anything.
    #[command(subcommand)]
    Bulk(bulk::BulkCommand),
    /// Compare a state file (TOML or JSON) with the account: `+` create, `~` change, `-` delete
    /// (only with --prune). Sends nothing.
    Plan(state::PlanArgs),
    /// Converge the account to a state file (or a saved plan) through the bulk engine, stage
    /// by stage, journaled: run it again with the same --journal after a crash.
    Apply(state::ApplyArgs),
    /// Subaccount invites.
    #[command(subcommand)]
    Invites(lists::ListCommand<lists::InviteFilters>),
    /// Users of the account.
    #[command(subcommand)]
    Users(lists::ListCommand<lists::SearchFilters>),
    /// Organizations of the account.
    #[command(subcommand)]
    Orgs(lists::ListCommand<lists::SearchFilters>),
    /// Run the offline emulator on 127.0.0.1: prints its base URL and serves until Ctrl-C or
    /// SIGTERM (`certcentral emulator --help` lists its options).
    #[cfg(feature = "emulator")]
    #[command(disable_help_flag = true)]
    Emulator {
        /// The emulator's options (`--port`, `--api-key`, `--tls`, …).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        options: Vec<String>,
    },
}

impl Connection {
    /// The API key: from the file named, or the environment.
    fn api_key(&self) -> Result<String, Error> {
        if self.api_key.is_some() {
            return Err(Error::invalid_argument(
                "api_key",
                format!(
                    "is not taken as an argument (`ps` and shell history would show it): set \
                     {API_KEY_ENV}, or pass --api-key-file PATH (a file only you can read)"
                ),
            ));
        }
        match &self.api_key_file {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    Error::invalid_argument(
                        "api_key_file",
                        format!("cannot read {}: {e}", path.display()),
                    )
                })?;
                warn_if_readable_by_others(path);
                Ok(text.lines().next().unwrap_or("").trim().to_owned())
            }
            None => std::env::var(API_KEY_ENV).map_err(|_| {
                Error::invalid_argument(
                    "api_key",
                    format!("is required: set {API_KEY_ENV}, or pass --api-key-file PATH"),
                )
            }),
        }
    }

    /// A client whose calls stop when `stop` is cancelled; `bulk` turns the limiter on unless
    /// `--rate-limit off`.
    fn client(&self, bulk: bool, stop: &CancelToken) -> Result<Client, Error> {
        if self.timeout.is_some_and(|t| !(t.is_finite() && t > 0.0)) {
            return Err(Error::invalid_argument(
                "timeout",
                "must be a positive number of seconds",
            ));
        }
        if !(self.rate_limit_scale.is_finite()
            && self.rate_limit_scale > 0.0
            && self.rate_limit_scale <= MAX_RATE_LIMIT_SCALE)
        {
            return Err(Error::invalid_argument(
                "rate_limit_scale",
                format!("must be a number above 0 and at most {MAX_RATE_LIMIT_SCALE}"),
            ));
        }
        let mut builder = Client::builder()
            .api_key(self.api_key()?)
            .region(match self.region {
                RegionArg::Us => Region::Us,
                RegionArg::Eu => Region::Eu,
            })
            .user_agent_suffix("certcentral-cli");
        if let Some(seconds) = self.timeout {
            // Not clamped: the builder refuses what it would refuse from any face.
            builder =
                builder.timeout(Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX));
        }
        if let Some(url) = &self.base_url {
            builder = builder.base_url(url.clone());
        }
        let limited = match self.rate_limit {
            RateLimitArg::On => true,
            RateLimitArg::Off => false,
            RateLimitArg::Auto => bulk || self.base_url.is_none(),
        };
        builder = if limited {
            builder.rate_limit(RateLimit::documented().scaled(self.rate_limit_scale))
        } else {
            builder.no_rate_limit()
        };
        builder.build()?.with_options(CallOptions {
            cancel: Some(stop.clone()),
            ..CallOptions::default()
        })
    }
}

/// Warns (on stderr) when a key file is readable or writable by others, as ssh does.
fn warn_if_readable_by_others(path: &std::path::Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path) {
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                use std::io::Write;
                let _ = writeln!(
                    std::io::stderr().lock(),
                    "certcentral: warning: {} is readable or writable by others (mode {mode:o}); \
                     `chmod 600` it: it holds an API key",
                    path.display()
                );
            }
        }
    }
}

/// The largest `--rate-limit-scale`: a window of 3 minutes stretched to a few days at most.
const MAX_RATE_LIMIT_SCALE: f64 = 1000.0;

/// Runs the command line `args` (the program name first) and returns the exit code. Output goes
/// to stdout, progress and errors to stderr.
pub fn run(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> i32 {
    run_until(args, &CancelToken::new())
}

/// [`run`], stopped cleanly when `stop` is cancelled (the entry points cancel it on SIGINT and
/// SIGTERM): a bulk run finishes and journals the requests under way, then exits 130.
pub fn run_until(
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    stop: &CancelToken,
) -> i32 {
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    // The emulator's options are its own (its `--api-key` is the key it accepts, not this
    // command's refused one): they go to it unparsed.
    #[cfg(feature = "emulator")]
    if args.get(1).is_some_and(|a| a == "emulator") {
        let options: Vec<String> = args[2..]
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        return crate::emulator::command::run(&options, stop);
    }
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp
                | clap::error::ErrorKind::DisplayVersion
                | clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => exit::OK,
                _ => exit::USAGE,
            };
        }
    };
    let outcome = match &cli.command {
        #[cfg(feature = "emulator")]
        Command::Emulator { options } => return crate::emulator::command::run(options, stop),
        Command::Bulk(command) => bulk::run(&cli.connection, command, stop),
        Command::Plan(args) => state::plan(&cli.connection, args, stop),
        Command::Apply(args) => state::apply(&cli.connection, args, stop),
        Command::Invites(command) => lists::invites(&cli.connection, command, stop),
        Command::Users(command) => lists::users(&cli.connection, command, stop),
        Command::Orgs(command) => lists::organizations(&cli.connection, command, stop),
    };
    let say = |message: &dyn std::fmt::Display| {
        use std::io::Write;
        let _ = writeln!(std::io::stderr().lock(), "certcentral: {message}");
    };
    match outcome {
        Ok(code) => code,
        Err(Error::Interrupted) => {
            say(&"interrupted; nothing further was sent");
            exit::INTERRUPTED
        }
        Err(error) => {
            say(&error);
            exit_code(&error)
        }
    }
}

/// The exit code of an error: bad usage is 2; a file (the journal, the keys file, the plan)
/// that cannot be used, like the API failing, is 3.
fn exit_code(error: &Error) -> i32 {
    match error {
        Error::InvalidArgument { field, .. }
            if matches!(field.as_str(), "journal" | "keys_file" | "plan" | "stdout") =>
        {
            exit::ERROR
        }
        Error::InvalidArgument { .. } | Error::Validation { .. } => exit::USAGE,
        _ => exit::ERROR,
    }
}

/// The binary's entry point: [`run_until`] with the process's arguments, where SIGINT (Ctrl-C)
/// and SIGTERM stop cleanly (requests under way finish and are journaled; exit 130).
pub fn main() -> std::process::ExitCode {
    crate::log_env::install_from_env();
    let stop = CancelToken::new();
    let signalled = stop.clone();
    // Without a handler (it failed to install) a signal ends the process, which the journal
    // survives too.
    let _ = ctrlc::set_handler(move || signalled.cancel());
    let code = run_until(std::env::args_os(), &stop);
    std::process::ExitCode::from(u8::try_from(code).unwrap_or(1))
}
