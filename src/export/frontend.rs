//! The PKI's frontend certificates as clients see them: the names a client may dial (their
//! subject alternative names), checked against an export's `--server-name` and `--address`,
//! and the real names that hints print instead of placeholders.
//!
//! A Go client (the `temporal` CLI, the SDKs) checks the frontend's certificate against
//! `--tls-server-name` when given, else against the host it dials: so `--server-name` is
//! checked when given, else the `--address` host. A wildcard SAN matches exactly one
//! leftmost label; an IP address matches only an IP SAN.

use std::net::IpAddr;

use crate::pki::{Role, SubjectAltNames};
use crate::store::{Config, Store};

/// Temporal's default frontend gRPC port, used in hints (the PKI does not know the port).
pub const DEFAULT_PORT: u16 = 7233;

/// One frontend certificate and the names it is valid for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frontend {
    pub name: String,
    pub dns: Vec<String>,
    pub ips: Vec<IpAddr>,
}

impl Frontend {
    /// Whether a client dialling `host` (or given it as server name) accepts this
    /// certificate's names.
    pub fn valid_for(&self, host: &str) -> bool {
        san_matches(&self.dns, &self.ips, host)
    }

    /// The name hints print: the first DNS name, else the first IP address.
    pub fn first_name(&self) -> Option<String> {
        self.dns
            .iter()
            .find(|d| !d.starts_with("*."))
            .or(self.dns.first())
            .cloned()
            .or_else(|| self.ips.first().map(ToString::to_string))
    }

    /// Its names as `DNS: a, b; IP: c`.
    pub fn describe_names(&self) -> String {
        let mut parts = Vec::new();
        if !self.dns.is_empty() {
            parts.push(format!("DNS: {}", self.dns.join(", ")));
        }
        if !self.ips.is_empty() {
            let ips: Vec<String> = self.ips.iter().map(ToString::to_string).collect();
            parts.push(format!("IP: {}", ips.join(", ")));
        }
        if parts.is_empty() {
            "no names".into()
        } else {
            parts.join("; ")
        }
    }

    /// The `issue ... --force` that adds `host` to its names (`--dns`/`--ip` replace the
    /// names together, so every current one is repeated).
    fn reissue_adding(&self, pki_dir: &str, host: &str) -> String {
        let mut cmd = format!("tcerts --dir {pki_dir} issue frontend --name {}", self.name);
        for d in &self.dns {
            cmd.push_str(&format!(" --dns {d}"));
        }
        for ip in &self.ips {
            cmd.push_str(&format!(" --ip {ip}"));
        }
        let flag = if host.parse::<IpAddr>().is_ok() {
            "ip"
        } else {
            "dns"
        };
        cmd.push_str(&format!(" --{flag} {host} --force"));
        cmd
    }
}

/// The frontend certificates declared in tcerts.toml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frontends {
    None,
    One(Frontend),
    Several(Vec<Frontend>),
}

impl Frontends {
    /// Every declared frontend certificate, with the names of its issued certificate (or,
    /// not issued yet or unreadable, of its declaration).
    pub fn load(store: &Store, config: &Config) -> Frontends {
        let mut all: Vec<Frontend> = config
            .certificates
            .iter()
            .filter(|c| c.role == Role::Frontend)
            .map(|decl| {
                if let Ok(cert) = Store::read_cert(&store.cert_files(&decl.name).cert) {
                    Frontend {
                        name: decl.name.clone(),
                        dns: cert.dns,
                        ips: cert.ips,
                    }
                } else {
                    let sans = SubjectAltNames::parse(&decl.dns, &decl.ip).unwrap_or_default();
                    Frontend {
                        name: decl.name.clone(),
                        dns: sans.dns,
                        ips: sans.ips,
                    }
                }
            })
            .collect();
        match all.len() {
            0 => Frontends::None,
            1 => Frontends::One(all.remove(0)),
            _ => Frontends::Several(all),
        }
    }

    /// What hints print for the frontend: `(address, server name)` of the one frontend,
    /// or why a placeholder stays.
    pub fn dial_hint(&self, pki_dir: &str) -> Result<(String, String), String> {
        match self {
            Frontends::One(fe) => match fe.first_name() {
                Some(n) => {
                    let host = if n.contains(':') {
                        format!("[{n}]")
                    } else {
                        n.clone()
                    };
                    Ok((format!("{host}:{DEFAULT_PORT}"), n))
                }
                None => Err(format!(
                    "frontend certificate '{}' has no names; re-issue it with `tcerts --dir {pki_dir} issue frontend --name {} --dns NAME --force`",
                    fe.name, fe.name
                )),
            },
            Frontends::None => Err(format!(
                "this PKI has no frontend certificate yet; `tcerts --dir {pki_dir} issue frontend --dns NAME` creates one, and NAME is what goes here"
            )),
            Frontends::Several(all) => {
                let names: Vec<&str> = all.iter().map(|f| f.name.as_str()).collect();
                Err(format!(
                    "this PKI has several frontend certificates ({}): use a name of the one these clients dial",
                    names.join(", ")
                ))
            }
        }
    }
}

/// The host of `host:port` (`[v6]:port` too).
pub fn host_of(address: &str) -> &str {
    let host = address.rsplit_once(':').map_or(address, |(h, _)| h);
    host.strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host)
}

/// Whether `name` is among the SANs, as a TLS client checks it: DNS names compared without
/// case and trailing dot, a wildcard `*.a.b` matching exactly one leftmost label, an IP
/// address matching only an IP SAN.
pub fn san_matches(dns: &[String], ips: &[IpAddr], name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if let Ok(ip) = name.parse::<IpAddr>() {
        return ips.contains(&ip);
    }
    dns.iter().any(|san| {
        let san = san.trim_end_matches('.').to_ascii_lowercase();
        match san.strip_prefix("*.") {
            Some(suffix) => name
                .split_once('.')
                .is_some_and(|(label, rest)| !label.is_empty() && rest == suffix),
            None => san == name,
        }
    })
}

/// The warning for an export whose clients would refuse the frontend's certificate: the
/// name they check (`--server-name`, else the `--address` host) is not among the SANs of
/// any frontend certificate. None when it is, when there is no frontend to check against,
/// or for Temporal Cloud (its server certificate is not this PKI's).
pub fn check_dialled(
    frontends: &Frontends,
    address: Option<&str>,
    server_name: Option<&str>,
    public_server: bool,
    pki_dir: &str,
) -> Option<String> {
    if public_server {
        return None;
    }
    let (flag, checked) = match (server_name, address) {
        (Some(n), _) => ("--server-name", n),
        (None, Some(a)) => ("--address host", host_of(a)),
        (None, None) => return None,
    };
    let all: Vec<&Frontend> = match frontends {
        Frontends::None => return None,
        Frontends::One(fe) => vec![fe],
        Frontends::Several(v) => v.iter().collect(),
    };
    if all.iter().any(|fe| fe.valid_for(checked)) {
        return None;
    }
    let names: Vec<String> = all
        .iter()
        .map(|fe| format!("'{}' ({})", fe.name, fe.describe_names()))
        .collect();
    let go_error = go_name_error(all[0], checked);
    let mut msg = format!(
        "{flag} {checked} is not a name of the frontend certificate{} {}: clients check the frontend's certificate against it and will refuse it ('{go_error}').",
        if all.len() == 1 { "" } else { "s" },
        names.join(", ")
    );
    let dial_name = all.iter().find_map(|fe| fe.first_name());
    match (flag, &dial_name) {
        ("--server-name", Some(n)) => msg.push_str(&format!(" Fix: use --server-name {n}")),
        (_, Some(n)) => msg.push_str(&format!(
            " Fix: add --server-name {n} (clients then check that name and still dial {checked})"
        )),
        _ => msg.push_str(" Fix:"),
    }
    let fe = all[0];
    msg.push_str(&format!(
        "{} or add {checked} to the names of {}: {}, or add it to dns/ip of its [[certificate]] in tcerts.toml and run `tcerts --dir {pki_dir} renew {}`",
        if dial_name.is_some() { ";" } else { "" },
        if all.len() > 1 {
            "the frontend these clients dial, e.g."
        } else {
            "the frontend"
        },
        fe.reissue_adding(pki_dir, checked),
        fe.name
    ));
    Some(msg)
}

/// What Go's crypto/x509 says when `fe` is not valid for `checked` (HostnameError).
fn go_name_error(fe: &Frontend, checked: &str) -> String {
    if checked.parse::<IpAddr>().is_ok() {
        if fe.ips.is_empty() {
            return format!(
                "x509: cannot validate certificate for {checked} because it doesn't contain any IP SANs"
            );
        }
        let ips: Vec<String> = fe.ips.iter().map(ToString::to_string).collect();
        return format!(
            "x509: certificate is valid for {}, not {checked}",
            ips.join(", ")
        );
    }
    if fe.dns.is_empty() {
        return format!(
            "x509: certificate is not valid for any names, but wanted to match {checked}"
        );
    }
    format!(
        "x509: certificate is valid for {}, not {checked}",
        fe.dns.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fe(dns: &[&str], ips: &[&str]) -> Frontend {
        Frontend {
            name: "frontend".into(),
            dns: dns.iter().map(std::string::ToString::to_string).collect(),
            ips: ips.iter().map(|s| s.parse().unwrap()).collect(),
        }
    }

    #[test]
    fn sans_match_as_a_tls_client_checks_them() {
        let f = fe(&["temporal-frontend", "*.svc.example.com"], &["10.0.0.1"]);
        assert!(f.valid_for("temporal-frontend"));
        assert!(f.valid_for("Temporal-Frontend."));
        assert!(f.valid_for("a.svc.example.com"));
        // One label only, and not the bare suffix.
        assert!(!f.valid_for("a.b.svc.example.com"));
        assert!(!f.valid_for("svc.example.com"));
        assert!(f.valid_for("10.0.0.1"));
        assert!(!f.valid_for("10.0.0.5"));
        // An IP never matches a DNS SAN, a name never an IP SAN.
        assert!(!fe(&["10.0.0.5"], &[]).valid_for("10.0.0.5"));
        assert!(!f.valid_for("other"));
    }

    #[test]
    fn hosts_of_addresses() {
        assert_eq!(host_of("temporal-frontend:7233"), "temporal-frontend");
        assert_eq!(host_of("10.0.0.5:7233"), "10.0.0.5");
        assert_eq!(host_of("[::1]:7233"), "::1");
    }

    #[test]
    fn the_checked_name_is_the_server_name_else_the_address_host() {
        let one = Frontends::One(fe(&["temporal-frontend", "localhost"], &[]));
        let check = |a: Option<&str>, s: Option<&str>| check_dialled(&one, a, s, false, "pki");
        assert_eq!(check(Some("temporal-frontend:7233"), None), None);
        assert_eq!(check(Some("10.0.0.5:7233"), Some("localhost")), None);
        let w = check(Some("10.0.0.5:7233"), None).unwrap();
        assert!(w.contains("--address host 10.0.0.5"), "{w}");
        assert!(w.contains("DNS: temporal-frontend, localhost"), "{w}");
        assert!(w.contains("add --server-name temporal-frontend"), "{w}");
        assert!(
            w.contains("issue frontend --name frontend --dns temporal-frontend --dns localhost --ip 10.0.0.5 --force"),
            "{w}"
        );
        let w = check(Some("temporal-frontend:7233"), Some("wrong-name")).unwrap();
        assert!(w.contains("--server-name wrong-name"), "{w}");
        assert!(
            w.contains("Fix: use --server-name temporal-frontend"),
            "{w}"
        );
        assert!(w.contains("--dns wrong-name --force"), "{w}");
        // Temporal Cloud, or no frontend: nothing to check against.
        assert_eq!(
            check_dialled(&one, Some("x.tmprl.cloud:7233"), None, true, "pki"),
            None
        );
        assert_eq!(
            check_dialled(&Frontends::None, Some("x:1"), None, false, "pki"),
            None
        );
    }

    #[test]
    fn hints_use_the_one_frontends_first_name() {
        let one = Frontends::One(fe(&["*.svc", "temporal-frontend"], &[]));
        assert_eq!(
            one.dial_hint("pki"),
            Ok(("temporal-frontend:7233".into(), "temporal-frontend".into()))
        );
        let ip_only = Frontends::One(fe(&[], &["::1"]));
        assert_eq!(
            ip_only.dial_hint("pki"),
            Ok(("[::1]:7233".into(), "::1".into()))
        );
        assert!(
            Frontends::None
                .dial_hint("pki")
                .unwrap_err()
                .contains("no frontend")
        );
        let two = Frontends::Several(vec![fe(&["a"], &[]), fe(&["b"], &[])]);
        assert!(two.dial_hint("pki").unwrap_err().contains("several"));
    }
}
