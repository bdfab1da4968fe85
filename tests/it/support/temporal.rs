//! End-to-end harness: the real Temporal CLI and its dev server behind an nginx
//! mTLS terminator.
//!
//! `temporal server start-dev` is a real Temporal server but speaks plaintext gRPC
//! only, so [`Nginx`] terminates TLS in front of it: it presents the server chain,
//! requires a client certificate that chains to the given client CA, and proxies
//! gRPC (HTTP/2 with ALPN `h2`, which the Go gRPC client insists on) to the dev
//! server.
//!
//! Tools are looked up with [`require_tools`]. When one is missing the test is
//! skipped with a notice on stderr, unless `TCERTS_REQUIRE_E2E` is set (CI), in
//! which case the test fails.
//!
//! Every process started here is bounded in time and runs in its own process group,
//! which is killed on drop, so nothing is left behind when a test panics.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::thread;
use std::time::{Duration, Instant};

use super::net::free_ports;
use super::process::{Supervised, display_args, run_with_timeout};
use super::tools::INSTALL_HINT;

// The harness's other parts, under the names the tests have always used (tests written
// against them elsewhere keep compiling; new tests use support::tools' gate directly).
pub use super::go::{GoTerminator, go_verify, require_go};
pub use super::nginx::Nginx;
#[allow(unused_imports)]
pub use super::tools::{REQUIRE_E2E_ENV, e2e_required, find_temporal, require_tools};

/// Default time limit for one `temporal` CLI invocation.
pub const CLI_TIMEOUT: Duration = Duration::from_secs(30);
/// How long the dev server may take to report SERVING.
pub const SERVER_START_TIMEOUT: Duration = Duration::from_secs(60);
fn temporal_bin() -> PathBuf {
    find_temporal().unwrap_or_else(|| {
        panic!("the `temporal` CLI was not found; call require_tools() first. {INSTALL_HINT}")
    })
}

/// Runs the Temporal CLI with `args`, isolated from the user's Temporal profile, and
/// killed after [`CLI_TIMEOUT`].
pub fn temporal_cli<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    temporal_cli_with_timeout(args, CLI_TIMEOUT)
}

/// [`temporal_cli`] with an explicit time limit. Panics (with the output so far) if
/// the CLI has not exited within `timeout`.
pub fn temporal_cli_with_timeout<I, S>(args: I, timeout: Duration) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<OsString> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
    let home = tempfile::Builder::new()
        .prefix("tcerts-temporal-home-")
        .tempdir()
        .unwrap_or_else(|e| panic!("cannot create a scratch HOME for the temporal CLI: {e}"));
    let mut cmd = Command::new(temporal_bin());
    cmd.args(&args);
    isolate_temporal_env(&mut cmd, home.path());
    let shown = format!("temporal {}", display_args(&args));
    run_with_timeout(cmd, timeout)
        .unwrap_or_else(|e| panic!("`{shown}`: {e}"))
        .unwrap_or_else(|partial| {
            panic!(
                "`{shown}` did not finish within {timeout:?} and was killed\n\
                 --- stdout ---\n{}\n--- stderr ---\n{}",
                String::from_utf8_lossy(&partial.stdout),
                String::from_utf8_lossy(&partial.stderr)
            )
        })
}

/// Keeps every Temporal setting out of `cmd` except what it is given explicitly:
/// removes `TEMPORAL_*` variables (address, TLS paths, profile, API key, ...) and
/// points HOME, XDG_CONFIG_HOME and TEMPORAL_CONFIG_FILE (the CLI's
/// `--config-file`, default `$HOME/.config/temporalio/temporal.toml`) into `home`,
/// where no profile exists.
pub fn isolate_temporal_env(cmd: &mut Command, home: &Path) {
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("TEMPORAL_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("TEMPORAL_CONFIG_FILE", home.join("temporal.toml"))
        .env("NO_COLOR", "1");
}

/// `temporal server start-dev` on free loopback ports, with its state in a scratch
/// directory. Killed (with its process group) on drop.
pub struct DevServer {
    process: Supervised,
    /// Frontend gRPC port (plaintext) on 127.0.0.1.
    pub port: u16,
    pub http_port: u16,
    pub metrics_port: u16,
}

impl DevServer {
    /// Starts the dev server with its database, logs and HOME under `scratch_dir`
    /// and waits until `temporal operator cluster health` reports SERVING.
    pub fn start(scratch_dir: &Path) -> DevServer {
        // A port picked by free_ports() can be taken before the server binds it; the
        // server then exits at once, and is retried on other ports.
        let mut attempt = 1;
        loop {
            let dir = scratch_dir.join(format!("temporal-dev-{attempt}"));
            match DevServer::try_start(&dir) {
                Ok(server) => return server,
                Err(why) if attempt < 3 => {
                    eprintln!("temporal dev server failed to start, retrying: {why}");
                    attempt += 1;
                }
                Err(why) => panic!("temporal dev server failed to start: {why}"),
            }
        }
    }

    fn try_start(dir: &Path) -> Result<DevServer, String> {
        let home = dir.join("home");
        fs::create_dir_all(&home)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", home.display()));
        let ports = free_ports(3);
        let (port, http_port, metrics_port) = (ports[0], ports[1], ports[2]);
        let args: Vec<OsString> = vec![
            "server".into(),
            "start-dev".into(),
            "--headless".into(),
            "--ip".into(),
            "127.0.0.1".into(),
            "--port".into(),
            port.to_string().into(),
            "--http-port".into(),
            http_port.to_string().into(),
            "--metrics-port".into(),
            metrics_port.to_string().into(),
            "--db-filename".into(),
            dir.join("temporal.db").into(),
        ];
        let process = Supervised::spawn(
            "temporal dev server",
            &temporal_bin(),
            &args,
            &dir.join("server.log"),
            Vec::new(),
            |cmd| isolate_temporal_env(cmd, &home),
        );
        let mut server = DevServer {
            process,
            port,
            http_port,
            metrics_port,
        };
        server.wait_until_serving()?;
        Ok(server)
    }

    /// `127.0.0.1:PORT` of the plaintext frontend.
    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// `Err` if the server exited during startup; panics if it is still not
    /// SERVING after [`SERVER_START_TIMEOUT`].
    fn wait_until_serving(&mut self) -> Result<(), String> {
        let started = Instant::now();
        let address = self.address();
        let mut last = String::new();
        while started.elapsed() < SERVER_START_TIMEOUT {
            if let Some(status) = self.process.exited() {
                return Err(format!(
                    "the server for {address} exited during startup ({status})\n{}",
                    self.process.log_tail()
                ));
            }
            let out = temporal_cli_with_timeout(
                ["operator", "cluster", "health", "--address", &address],
                Duration::from_secs(10),
            );
            let stdout = String::from_utf8_lossy(&out.stdout);
            if out.status.success() && stdout.contains("SERVING") {
                eprintln!(
                    "temporal dev server up at {address} after {:.1?}",
                    started.elapsed()
                );
                return Ok(());
            }
            last = format!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
            thread::sleep(Duration::from_millis(250));
        }
        panic!(
            "temporal dev server at {address} not SERVING after {SERVER_START_TIMEOUT:?}; \
             last health check said:\n{last}\n{}",
            self.process.log_tail()
        );
    }
}

/// An mTLS terminator in front of the dev server: what the CLI dials.
pub trait Terminator {
    fn address(&self) -> String;
}

/// `temporal operator namespace list` through the mTLS terminator, presenting `cert`
/// (the chain) and `key`, trusting `server_ca`, dialling the name `localhost`.
#[allow(dead_code)]
pub fn namespace_list(
    terminator: &impl Terminator,
    cert: &Path,
    key: &Path,
    server_ca: &Path,
) -> Output {
    let address = terminator.address();
    let args: Vec<&std::ffi::OsStr> = vec![
        "operator".as_ref(),
        "namespace".as_ref(),
        "list".as_ref(),
        "--address".as_ref(),
        address.as_ref(),
        "--tls-cert-path".as_ref(),
        cert.as_os_str(),
        "--tls-key-path".as_ref(),
        key.as_os_str(),
        "--tls-ca-path".as_ref(),
        server_ca.as_os_str(),
        "--tls-server-name".as_ref(),
        "localhost".as_ref(),
    ];
    temporal_cli(args)
}

/// A CLI run's status and output, for assertion messages.
#[allow(dead_code)]
pub fn describe(output: &Output) -> String {
    format!(
        "exit {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The CLI connected and listed the `default` namespace.
#[allow(dead_code)]
pub fn assert_lists_default(what: &str, output: &Output) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("default"),
        "{what}: expected `temporal operator namespace list` to succeed and list the \
         `default` namespace; {}",
        describe(output)
    );
}

/// The CLI failed, with one of `expected_stderr` in its error.
#[allow(dead_code)]
pub fn assert_refused(what: &str, output: &Output, expected_stderr: &[&str]) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "{what}: expected the connection to be refused, but the CLI succeeded; {}",
        describe(output)
    );
    assert!(
        expected_stderr.iter().any(|needle| stderr.contains(needle)),
        "{what}: the CLI failed, but not with any of {expected_stderr:?}; {}",
        describe(output)
    );
}
