//! `certcentral-emulator`: runs the offline CertCentral emulator on 127.0.0.1 and prints its base
//! URL on the first line of stdout (with `--tls`, the CA certificate's path on the second). It
//! serves until it is stopped (SIGINT, SIGTERM) or killed. The same as `certcentral emulator`.

use std::process::ExitCode;

use certcentral::emulator::command;
use certcentral::CancelToken;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let stop = CancelToken::new();
    let signalled = stop.clone();
    install_signal_handler(move || signalled.cancel());
    ExitCode::from(u8::try_from(command::run(&args, &stop)).unwrap_or(1))
}

/// Stops on SIGINT and SIGTERM where the `cli` feature brings a handler; otherwise the signal
/// ends the process, which an in-memory emulator loses nothing to.
fn install_signal_handler(stop: impl Fn() + Send + 'static) {
    #[cfg(feature = "cli")]
    let _ = ctrlc::set_handler(stop);
    #[cfg(not(feature = "cli"))]
    drop(stop);
}
