//! Shared helpers for the integration tests: a `Pki` scratch directory and a `Test`
//! builder so each test reads as arguments → expected status and output, plus
//! `tools` (finding peers, the one skip gate), `process` (kill-on-drop children),
//! `net` (loopback ports), `fixture` (committed fixtures and golden files) and the
//! end-to-end harness (`temporal`, `nginx`, `go`).
#![allow(dead_code)]

pub mod fixture;
pub mod go;
pub mod net;
pub mod nginx;
pub mod process;
pub mod temporal;
pub mod tools;

pub use tools::{require_python_module, require_tool, skip_unless_required};

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A scratch directory with a PKI directory inside it (not yet initialised).
pub struct Pki {
    pub tmp: tempfile::TempDir,
    pub dir: PathBuf,
}

impl Pki {
    pub fn new() -> Pki {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("pki");
        Pki { tmp, dir }
    }

    /// A PKI initialised with `tcerts init --org Acme` plus `extra` arguments.
    pub fn init(extra: &[&str]) -> Pki {
        let pki = Pki::new();
        let mut args = vec!["init", "--org", "Acme"];
        args.extend_from_slice(extra);
        pki.tcerts(&args).succeeds();
        pki
    }

    /// Builder step: `tcerts namespace add NS`.
    pub fn with_namespace(self, ns: &str) -> Pki {
        self.tcerts(&["namespace", "add", ns]).succeeds();
        self
    }

    /// Builder step: `tcerts issue frontend --dns localhost --ip 127.0.0.1`, the server
    /// certificate the tests' loopback servers (s_server, nginx, the Go terminator) present.
    pub fn with_frontend(self) -> Pki {
        self.tcerts(&[
            "issue",
            "frontend",
            "--dns",
            "localhost",
            "--ip",
            "127.0.0.1",
        ])
        .succeeds();
        self
    }

    /// `tcerts --dir DIR ARGS…`
    pub fn tcerts(&self, args: &[&str]) -> Test {
        Test::new(&self.dir).args(args)
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    pub fn cert(&self, name: &str, file: &str) -> PathBuf {
        self.dir.join("certs").join(name).join(file)
    }

    /// The archived copy of a retired CA (`archive/<time>-<suffix>`, e.g. suffix
    /// `ca_previous_namespaces_payments_G1`): its cert.pem and key.pem.
    pub fn archived(&self, suffix: &str) -> PathBuf {
        let dir = self.path("archive");
        std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .flatten()
            .map(|e| e.path())
            .find(|p| p.to_string_lossy().ends_with(suffix))
            .unwrap_or_else(|| panic!("no archived {suffix} in {}", dir.display()))
    }

    /// The anchors a server checks certificate NAME with, as one openssl -CAfile: its
    /// ca.pem (the roots) plus every namespace CA that is its own root (a namespace leaf
    /// chains to that, not to the shared root). Written next to the PKI.
    pub fn anchors_of(&self, name: &str) -> PathBuf {
        let mut text = std::fs::read_to_string(self.cert(name, "ca.pem")).unwrap();
        if let Ok(rd) = std::fs::read_dir(self.path("ca/namespaces")) {
            for e in rd.flatten() {
                if let Ok(pem) = std::fs::read_to_string(e.path().join("cert.pem")) {
                    text.push_str(&pem);
                }
            }
        }
        let out = self.tmp.path().join(format!("anchors-{name}.pem"));
        std::fs::write(&out, text).unwrap();
        out
    }

    /// [`openssl_verify`] of certificate `name` as its peers check it: its ca.pem as the
    /// anchors, its chain.pem as what it sends.
    pub fn openssl_verify(&self, name: &str, purpose: &str) -> (bool, String) {
        openssl_verify(
            &self.cert(name, "ca.pem"),
            &self.cert(name, "chain.pem"),
            &self.cert(name, "cert.pem"),
            purpose,
        )
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.dir.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// The stored inventory (`DIR/inventory.db`) as `{"entries": [...]}` in list order,
    /// read by Python's sqlite3 module (SQLite's own reader, not tcerts), after SQLite's
    /// integrity check passes.
    pub fn inventory(&self) -> serde_json::Value {
        const READ: &str = r#"
import json, sqlite3, sys
# Read-write: after a kill -9 mid-transaction, SQLite's own recovery rolls the hot
# journal back on open, as tcerts' next writer does.
db = sqlite3.connect(sys.argv[1])
ok = db.execute("PRAGMA integrity_check").fetchone()[0]
assert ok == "ok", ok
db.row_factory = sqlite3.Row
rows = db.execute("SELECT * FROM entry ORDER BY grp, name, id").fetchall()
# Blobs (the recorded facts) as hex.
row = lambda r: {k: (r[k].hex() if isinstance(r[k], bytes) else r[k]) for k in r.keys()}
print(json.dumps({"entries": [row(r) for r in rows]}))
"#;
        let out = Command::new("python3")
            .args(["-c", READ])
            .arg(self.dir.join("inventory.db"))
            .output()
            .expect("python3 runs");
        assert!(
            out.status.success(),
            "inventory.db: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("inventory.db rows as JSON")
    }
}

/// `path` made absolute (the servers started here run in other directories).
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path)
        .unwrap_or_else(|e| panic!("cannot make {} absolute: {e}", path.display()))
}

/// One run of the tcerts binary.
pub struct Test {
    cmd: Command,
    label: String,
}

impl Test {
    pub fn new(dir: &Path) -> Test {
        let mut cmd = Command::new(assert_cmd::cargo_bin!("tcerts"));
        cmd.arg("--dir")
            .arg(dir)
            .env("NO_COLOR", "1")
            .env_remove("TCERTS_DIR");
        Test {
            cmd,
            label: String::new(),
        }
    }

    /// The binary without --dir (for completions, help, or a PKI given by env).
    pub fn bare() -> Test {
        let mut cmd = Command::new(assert_cmd::cargo_bin!("tcerts"));
        cmd.env("NO_COLOR", "1").env_remove("TCERTS_DIR");
        Test {
            cmd,
            label: String::new(),
        }
    }

    pub fn args(mut self, args: &[&str]) -> Test {
        self.label.push_str(&args.join(" "));
        self.cmd.args(args);
        self
    }

    pub fn arg(mut self, arg: impl AsRef<std::ffi::OsStr>) -> Test {
        self.label.push(' ');
        self.label.push_str(&arg.as_ref().to_string_lossy());
        self.cmd.arg(arg);
        self
    }

    pub fn env_remove(mut self, k: &str) -> Test {
        self.cmd.env_remove(k);
        self
    }

    pub fn env(mut self, k: &str, v: impl AsRef<std::ffi::OsStr>) -> Test {
        self.cmd.env(k, v);
        self
    }

    pub fn run(mut self) -> Run {
        let out = self.cmd.output().expect("run tcerts");
        Run {
            out,
            label: self.label,
        }
    }

    /// Runs and asserts exit status 0.
    pub fn succeeds(self) -> Run {
        self.run().status(0)
    }

    /// Runs and asserts the exit status.
    pub fn fails_with(self, code: i32) -> Run {
        self.run().status(code)
    }
}

pub struct Run {
    pub out: Output,
    label: String,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }

    pub fn status(self, code: i32) -> Run {
        assert_eq!(
            self.out.status.code(),
            Some(code),
            "`tcerts {}`\nstdout:\n{}\nstderr:\n{}",
            self.label,
            self.stdout(),
            self.stderr()
        );
        self
    }

    pub fn stdout_has(self, needle: &str) -> Run {
        assert!(
            self.stdout().contains(needle),
            "`tcerts {}` stdout lacks {needle:?}:\n{}",
            self.label,
            self.stdout()
        );
        self
    }

    pub fn stderr_has(self, needle: &str) -> Run {
        assert!(
            self.stderr().contains(needle),
            "`tcerts {}` stderr lacks {needle:?}:\n{}",
            self.label,
            self.stderr()
        );
        self
    }

    pub fn run_stderr_lacks(self, needle: &str) -> Run {
        assert!(
            !self.stderr().contains(needle),
            "`tcerts {}` stderr has {needle:?}:\n{}",
            self.label,
            self.stderr()
        );
        self
    }

    /// No panic message and no Rust backtrace ever reaches the user.
    pub fn no_panic(self) -> Run {
        let e = self.stderr();
        assert!(
            !e.contains("panicked") && !e.contains("RUST_BACKTRACE"),
            "panic in `tcerts {}`:\n{e}",
            self.label
        );
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.out.stdout).unwrap_or_else(|e| {
            panic!(
                "`tcerts {}` printed no JSON ({e}):\n{}",
                self.label,
                self.stdout()
            )
        })
    }
}

/// Runs `cmd` with `input` on its stdin, capturing stdout and stderr.
pub fn output_with_stdin(mut cmd: Command, input: &[u8]) -> std::io::Result<Output> {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    child.stdin.take().expect("piped stdin").write_all(input)?;
    child.wait_with_output()
}

/// Runs openssl with `args`, returning (success, stdout+stderr).
pub fn openssl(args: &[&str]) -> (bool, String) {
    let out = Command::new("openssl")
        .args(args)
        .output()
        .expect("openssl is installed");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// `openssl verify -x509_strict -purpose P -CAfile ROOT -untrusted CHAIN LEAF`, the way a
/// peer nobody here wrote checks a chain.
pub fn openssl_verify(root: &Path, chain: &Path, leaf: &Path, purpose: &str) -> (bool, String) {
    openssl(&[
        "verify",
        "-x509_strict",
        "-purpose",
        purpose,
        "-CAfile",
        &root.to_string_lossy(),
        "-untrusted",
        &chain.to_string_lossy(),
        &leaf.to_string_lossy(),
    ])
}

/// `openssl verify` of a client certificate as a self-hosted Temporal frontend checks it:
/// anchored on the issuing and namespace CAs of `anchors` (tcerts' `trust/clients.pem`),
/// which need not be roots (`-partial_chain`, what Go's crypto/tls does with its pool).
pub fn openssl_verify_client(anchors: &Path, chain: &Path, leaf: &Path) -> (bool, String) {
    openssl(&[
        "verify",
        "-x509_strict",
        "-partial_chain",
        "-purpose",
        "sslclient",
        "-CAfile",
        &anchors.to_string_lossy(),
        "-untrusted",
        &chain.to_string_lossy(),
        &leaf.to_string_lossy(),
    ])
}

/// A certificate signed by `ca_dir/{cert,key}.pem` (e.g. a retired CA's archived copy) with
/// openssl, not tcerts: what an attacker holding that key could make. `subj` as
/// `/O=Acme/OU=payments/CN=x`; `server` gives serverAuth and the DNS names, else clientAuth.
/// Returns (cert, key) in `out_dir`.
pub fn openssl_sign_with(
    ca_dir: &Path,
    out_dir: &Path,
    name: &str,
    subj: &str,
    server: Option<&[&str]>,
) -> (PathBuf, PathBuf) {
    let (key, csr) = openssl_csr(out_dir, name, subj, &[]);
    let ext = out_dir.join(format!("{name}.ext"));
    let mut text = String::from(
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n\
         subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
    );
    match server {
        Some(dns) => {
            text.push_str("extendedKeyUsage=serverAuth\n");
            let sans: Vec<String> = dns.iter().map(|d| format!("DNS:{d}")).collect();
            text.push_str(&format!("subjectAltName={}\n", sans.join(",")));
        }
        None => text.push_str("extendedKeyUsage=clientAuth\n"),
    }
    std::fs::write(&ext, text).unwrap();
    let cert = out_dir.join(format!("{name}.pem"));
    let (ok, t) = openssl(&[
        "x509",
        "-req",
        "-in",
        &csr.to_string_lossy(),
        "-CA",
        &ca_dir.join("cert.pem").to_string_lossy(),
        "-CAkey",
        &ca_dir.join("key.pem").to_string_lossy(),
        "-set_serial",
        "4242",
        "-days",
        "30",
        "-sha256",
        "-extfile",
        &ext.to_string_lossy(),
        "-out",
        &cert.to_string_lossy(),
    ]);
    assert!(ok, "openssl x509 -req with {}: {t}", ca_dir.display());
    (cert, key)
}

/// `openssl x509 -noout -text` of a certificate file.
pub fn openssl_text(cert: &Path) -> String {
    let (ok, text) = openssl(&["x509", "-noout", "-text", "-in", &cert.to_string_lossy()]);
    assert!(ok, "openssl cannot read {}: {text}", cert.display());
    text
}

/// An ECDSA P-256 key and a CSR for it made by `openssl req` in `dir` (`NAME.key`,
/// `NAME.csr`), with `subj` and any extra `openssl req` arguments (e.g. `-addext`).
pub fn openssl_csr(dir: &Path, name: &str, subj: &str, extra: &[&str]) -> (PathBuf, PathBuf) {
    let key = dir.join(format!("{name}.key"));
    let csr = dir.join(format!("{name}.csr"));
    let (k, c) = (
        key.to_string_lossy().into_owned(),
        csr.to_string_lossy().into_owned(),
    );
    let mut args = vec![
        "req",
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        &k,
        "-out",
        &c,
        "-subj",
        subj,
    ];
    args.extend_from_slice(extra);
    let (ok, text) = openssl(&args);
    assert!(ok, "openssl req: {text}");
    (key, csr)
}

/// The `--json` rule for content (README, "Global flags"): `tcerts --json ARGS`, whose
/// content would go to stdout, prints one JSON document instead. Python's json module (not
/// serde_json) parses it; its `format` is `format` and its `content` is byte for byte what
/// `tcerts ARGS` prints without --json. `env` is set for both runs. Returns the document.
pub fn json_embeds(
    pki: &Pki,
    args: &[&str],
    env: &[(&str, &str)],
    format: &str,
) -> serde_json::Value {
    let with_env = |mut t: Test| {
        for (k, v) in env {
            t = t.env(k, v);
        }
        t
    };
    let plain = with_env(pki.tcerts(args)).succeeds().stdout();
    let mut json_args = vec!["--json"];
    json_args.extend_from_slice(args);
    let run = with_env(pki.tcerts(&json_args)).succeeds();
    let mut py = Command::new("python3")
        .args([
            "-c",
            "import json, sys; d = json.load(sys.stdin); sys.stdout.write(d['format'] + '\\n' + d['content'])",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 is installed");
    use std::io::Write as _;
    py.stdin
        .take()
        .expect("stdin")
        .write_all(run.stdout().as_bytes())
        .expect("write to python3");
    let out = py.wait_with_output().expect("python3 runs");
    assert!(
        out.status.success(),
        "`tcerts --json {}`: Python's json module refuses it: {}\n{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr),
        run.stdout()
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (got_format, content) = text.split_once('\n').expect("format line");
    assert_eq!(got_format, format, "`tcerts --json {}`", args.join(" "));
    assert!(
        !content.is_empty(),
        "`tcerts --json {}`: empty content",
        args.join(" ")
    );
    assert_eq!(
        content,
        plain,
        "`tcerts --json {}`: content differs from the plain output",
        args.join(" ")
    );
    run.json()
}
