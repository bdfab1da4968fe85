//! nginx as the mTLS terminator in front of the Temporal dev server.

use std::ffi::OsString;
use std::fs;
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use super::absolute;
use super::net::free_ports;
use super::process::Supervised;
use super::temporal::Terminator;
use super::tools::{INSTALL_HINT, find_nginx};

/// How long nginx may take to accept connections.
pub const NGINX_START_TIMEOUT: Duration = Duration::from_secs(15);

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

impl Terminator for Nginx {
    fn address(&self) -> String {
        Nginx::address(self)
    }
}

/// Our effective uid is 0 if a directory we just created is owned by root.
fn running_as_root(created_dir: &Path) -> bool {
    fs::metadata(created_dir).is_ok_and(|m| m.uid() == 0)
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
        "# Generated by tests/it/support/nginx.rs: mTLS terminator for the Temporal dev server.
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
