//! Subject alternative names, certificate names and namespace names, validated before
//! anything is generated.

use std::net::IpAddr;

use rcgen::SanType;
use rustls_pki_types::DnsName;

use super::Error;

/// The DNS and IP names a certificate is valid for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubjectAltNames {
    pub dns: Vec<String>,
    pub ips: Vec<IpAddr>,
}

impl SubjectAltNames {
    /// Validates `--dns` and `--ip` values; duplicates are dropped, order is kept.
    pub fn parse(dns: &[String], ips: &[String]) -> Result<Self, Error> {
        let mut out = SubjectAltNames::default();
        for name in dns {
            let name = validate_dns(name)?;
            if !out.dns.contains(&name) {
                out.dns.push(name);
            }
        }
        for ip in ips {
            let addr: IpAddr = ip
                .trim()
                .parse()
                .map_err(|_| Error::InvalidIp(ip.clone()))?;
            if !out.ips.contains(&addr) {
                out.ips.push(addr);
            }
        }
        Ok(out)
    }

    pub fn is_empty(&self) -> bool {
        self.dns.is_empty() && self.ips.is_empty()
    }

    pub fn to_rcgen(&self) -> Result<Vec<SanType>, Error> {
        let mut sans = Vec::with_capacity(self.dns.len() + self.ips.len());
        for d in &self.dns {
            let ia5 = d
                .clone()
                .try_into()
                .map_err(|_| Error::InvalidDns(d.clone(), ""))?;
            sans.push(SanType::DnsName(ia5));
        }
        sans.extend(self.ips.iter().map(|ip| SanType::IpAddress(*ip)));
        Ok(sans)
    }
}

/// A DNS name as Go's and rustls' verifiers accept it: LDH labels (underscores allowed),
/// an optional leading `*.` wildcard label, lowercased, no trailing dot.
fn validate_dns(input: &str) -> Result<String, Error> {
    let name = input.trim().trim_end_matches('.').to_ascii_lowercase();
    if name.parse::<IpAddr>().is_ok() {
        return Err(Error::InvalidDns(
            input.to_string(),
            " (it is an IP address: use --ip)",
        ));
    }
    let rest = name.strip_prefix("*.").unwrap_or(&name);
    if rest.contains('*') {
        return Err(Error::InvalidDns(
            input.to_string(),
            " (a wildcard is allowed only as the whole first label, e.g. *.example.com)",
        ));
    }
    if rest.is_empty() || !rest.is_ascii() || DnsName::try_from(rest).is_err() {
        return Err(Error::InvalidDns(input.to_string(), ""));
    }
    // An all-numeric last label would be read as an IPv4 address by some resolvers.
    if rest
        .rsplit('.')
        .next()
        .is_some_and(|l| l.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(Error::InvalidDns(
            input.to_string(),
            " (the last label is all digits)",
        ));
    }
    if let Some(base) = name.strip_prefix("*.") {
        public_suffix_wildcard(input, base)?;
    }
    Ok(name)
}

/// Refuses a wildcard at or above a public suffix (`*.com`, `*.co.uk`, `*.github.io`): it
/// would match every domain registered under that suffix. Browsers and the CA/B Forum
/// refuse them too. The list is Mozilla's Public Suffix List (the `psl` crate), where a
/// top-level domain not on the list counts as a suffix as well (`*.internal`).
fn public_suffix_wildcard(input: &str, base: &str) -> Result<(), Error> {
    match wildcard_suffix(base) {
        Some(s) => Err(Error::WildcardPublicSuffix(input.to_string(), s)),
        None => Ok(()),
    }
}

/// The public suffix a DNS name `*.BASE` would cover entirely, if BASE is one.
fn wildcard_suffix(base: &str) -> Option<String> {
    use psl::Psl;
    let base = base.trim_end_matches('.').to_ascii_lowercase();
    let suffix = psl::List
        .suffix(base.as_bytes())
        .map(|s| String::from_utf8_lossy(s.as_bytes()).into_owned());
    match suffix {
        Some(s) if s == base => Some(s),
        None if !base.contains('.') => Some(base),
        _ => None,
    }
}

/// For a certificate's DNS name: the public suffix it is a wildcard over (`*.com` ->
/// `com`, `*` -> ``), or None for an ordinary name.
pub fn public_suffix_wildcard_of(name: &str) -> Option<String> {
    if name == "*" {
        return Some(String::new());
    }
    wildcard_suffix(name.strip_prefix("*.")?)
}

/// A certificate's name is also its directory under `certs/`, so it must be path-safe.
pub fn validate_name(name: &str) -> Result<(), Error> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('.')
        && !name.starts_with('-')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidName(name.to_string()))
    }
}

/// Temporal namespace names (Cloud's are `name.accountid`): letters, digits, `-`, `_`, `.`.
pub fn validate_namespace(ns: &str) -> Result<(), Error> {
    let bad = |why| Err(Error::InvalidNamespace(ns.to_string(), why));
    if ns.is_empty() || ns.len() > 255 {
        return bad("it must be 1 to 255 characters long");
    }
    if ns.starts_with('.') || ns.ends_with('.') || ns.starts_with('-') {
        return bad("it must not start or end with '.' or start with '-'");
    }
    if !ns
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    {
        return bad("use letters, digits, '-', '_' and '.'");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_names() {
        let ok = SubjectAltNames::parse(
            &[
                "Temporal-Frontend.svc.".into(),
                "*.example.com".into(),
                "localhost".into(),
            ],
            &["127.0.0.1".into(), "::1".into(), "127.0.0.1".into()],
        )
        .unwrap();
        assert_eq!(
            ok.dns,
            ["temporal-frontend.svc", "*.example.com", "localhost"]
        );
        assert_eq!(ok.ips.len(), 2);
        for bad in [
            "",
            "a..b",
            "-a.com",
            "a b",
            "foo.*.com",
            "*",
            "10.0.0.1",
            "ünï.com",
            "a.123",
        ] {
            assert!(SubjectAltNames::parse(&[bad.into()], &[]).is_err(), "{bad}");
        }
        assert!(SubjectAltNames::parse(&[], &["300.1.1.1".into()]).is_err());
        assert!(SubjectAltNames::parse(&[], &["localhost".into()]).is_err());
    }

    #[test]
    fn wildcards_at_or_above_a_public_suffix_are_refused() {
        for bad in [
            "*.com",
            "*.co.uk",
            "*.COM.",
            "*.github.io",
            "*.internal",
            "*.s3.amazonaws.com",
        ] {
            let e = SubjectAltNames::parse(&[bad.into()], &[]).unwrap_err();
            assert!(matches!(e, Error::WildcardPublicSuffix(..)), "{bad}: {e}");
        }
        for good in [
            "*.example.com",
            "*.temporal.example.co.uk",
            "*.corp.internal",
            "*.ns.svc.cluster.local",
        ] {
            assert!(
                SubjectAltNames::parse(&[good.into()], &[]).is_ok(),
                "{good}"
            );
        }
    }

    #[test]
    fn names_and_namespaces() {
        for ok in ["frontend", "worker-1", "a.b_c"] {
            validate_name(ok).unwrap();
        }
        for bad in ["", "..", "../x", "a/b", ".hidden", "-x", &"x".repeat(65)] {
            assert!(validate_name(bad).is_err(), "{bad}");
        }
        validate_namespace("payments.a1b2c").unwrap();
        for bad in ["", ".x", "x.", "a b", "a/b"] {
            assert!(validate_namespace(bad).is_err(), "{bad}");
        }
    }
}
