//! A real proxy for a test, started by `scripts/test-proxy.py` from the project's .venv and
//! stopped when dropped.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};

pub struct TestProxy {
    child: Child,
    stdin: Option<ChildStdin>,
    /// `http://127.0.0.1:PORT`, without credentials.
    pub url: String,
    pub user: Option<String>,
    pub password: Option<String>,
    /// The intercepting proxy's CA certificate.
    pub ca: Option<String>,
}

impl TestProxy {
    /// `kind`: `tunnel`, `auth` or `intercept` (which trusts `upstream_ca`).
    pub fn start(kind: &str, upstream_ca: Option<&std::path::Path>) -> TestProxy {
        let root = env!("CARGO_MANIFEST_DIR");
        let python = std::env::var_os("CERTCENTRAL_TEST_PYTHON")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(root).join(".venv/bin/python"));
        assert!(
            python.exists(),
            "{} is missing: the proxy tests need the project's .venv (run `make venv`)",
            python.display()
        );
        let mut command = Command::new(python);
        command
            .arg(format!("{root}/scripts/test-proxy.py"))
            .arg(kind);
        if let Some(ca) = upstream_ca {
            command.arg("--upstream-ca").arg(ca);
        }
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("test-proxy.py starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let info: serde_json::Value =
            serde_json::from_str(&line).unwrap_or_else(|_| panic!("test-proxy.py said {line:?}"));
        let text = |key: &str| info[key].as_str().map(str::to_owned);
        TestProxy {
            stdin: child.stdin.take(),
            child,
            url: text("url").unwrap(),
            user: text("user"),
            password: text("password"),
            ca: text("ca"),
        }
    }

    /// The URL with `user:password@`.
    pub fn url_with(&self, user: &str, password: &str) -> String {
        self.url
            .replacen("http://", &format!("http://{user}:{password}@"), 1)
    }
}

impl Drop for TestProxy {
    fn drop(&mut self) {
        // Closing its input tells the script to stop the proxy; it exits once it has.
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}
