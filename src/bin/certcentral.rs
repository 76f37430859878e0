//! `certcentral`: bulk provisioning that survives crashes, and lists of invites, users and
//! organizations (`certcentral --help`). Built with the `cli` feature.

fn main() -> std::process::ExitCode {
    certcentral::cli::main()
}
