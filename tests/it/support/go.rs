//! The Go verifier and terminator (tests/go/mtls-terminator, standard library only):
//! crypto/x509 and crypto/tls as Temporal's frontend, CLI and SDKs use them.

use std::ffi::OsString;
use std::fs;
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use super::absolute;
use super::net::free_ports;
use super::nginx::NGINX_START_TIMEOUT;
use super::process::Supervised;
use super::temporal::Terminator;
use super::tools::require_tool;

/// The built `mtls-terminator`, or None (after a skip notice) when Go is missing;
/// panics instead when `TCERTS_REQUIRE_E2E` is set, or when the build fails.
pub fn require_go(test_name: &str) -> Option<PathBuf> {
    let go = require_tool("go", test_name)?;
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

impl Terminator for GoTerminator {
    fn address(&self) -> String {
        GoTerminator::address(self)
    }
}
