//! Checks of one certificate of a chain, on its own or against its issuer: validity,
//! key, signature algorithm, EKU and key usage, names, CA constraints. The path and trust
//! checks, and `check_chain` that runs them all, are in `chain.rs`.

use rustls_pki_types::ServerName;
use time::{Duration, OffsetDateTime};

use super::Usage;
use crate::doctor::evidence::{Cert, EKU_CLIENT_AUTH, EKU_SERVER_AUTH};
use crate::doctor::{Finding, Severity, days_phrase};
use crate::pki::{Renewal, format_time};

/// expired, not-yet-valid, expiring-soon (due by the shared renewal rule, `pki::Renewal`).
pub fn check_validity(
    cert: &Cert,
    now: OffsetDateTime,
    rule: &Renewal,
    expired: Severity,
    fix: &str,
) -> Vec<Finding> {
    let i = &cert.info;
    let s = &i.subject;
    if now > i.not_after {
        let what = if i.is_ca {
            "CA certificate"
        } else {
            "certificate"
        };
        return vec![Finding::new(
            "expired",
            expired,
            s,
            format!(
                "the {what} expired on {} ({}); Go peers fail with 'x509: certificate has expired or is not yet valid'",
                format_time(i.not_after),
                days_phrase(i.days_left(now))
            ),
            fix,
        )];
    }
    if now < i.not_before {
        return vec![Finding::new(
            "not-yet-valid",
            Severity::Error,
            s,
            format!(
                "not valid before {} ({}); a clock that is behind, or a certificate issued with a future start",
                format_time(i.not_before),
                days_phrase((i.not_before - now).whole_days())
            ),
            "check the clocks (timedatectl / NTP) of the issuing host and the peers; re-issue if notBefore is wrong",
        )];
    }
    if rule.is_due(i.not_before, i.not_after, now) {
        let window = rule.window(i.not_before, i.not_after);
        return vec![Finding::new(
            "expiring-soon",
            Severity::Warning,
            s,
            format!(
                "expires on {} ({}), inside its renewal window ({}): due for renewal (the rule `tcerts plan` and `tcerts list` apply too)",
                format_time(i.not_after),
                days_phrase(i.days_left(now)),
                window_phrase(window)
            ),
            fix,
        )];
    }
    Vec::new()
}

/// A renewal window in days, or hours when under two days.
fn window_phrase(w: Duration) -> String {
    if w < Duration::days(2) {
        format!("the last {} hours", w.whole_hours().max(1))
    } else {
        format!("the last {} days", w.whole_days())
    }
}

/// weak-key: RSA under 2048 bits or with an exponent other than 65537, DSA, unknown
/// curves.
pub fn check_key(cert: &Cert) -> Vec<Finding> {
    let k = &cert.key;
    if let Some(e) = &k.odd_exponent {
        return vec![Finding::new(
            "weak-key",
            Severity::Error,
            &cert.info.subject,
            format!(
                "{k} key with public exponent {e}: every common generator uses 65537, and small exponents such as 3 are a known weakness; tcerts refuses such keys in CSRs"
            ),
            "re-issue with a new key (openssl's default exponent is 65537; tcerts uses ECDSA P-256 by default)",
        )];
    }
    let weak = match k.algorithm.as_str() {
        "RSA" => k.bits.is_some_and(|b| b < 2048),
        "ECDSA" => k.bits.is_none(),
        "DSA" => true,
        _ => false,
    };
    if weak {
        vec![Finding::new(
            "weak-key",
            Severity::Error,
            &cert.info.subject,
            format!(
                "{k} key: Go, rustls and Temporal Cloud refuse keys weaker than RSA 2048 or ECDSA P-256"
            ),
            "re-issue with a strong key (tcerts uses ECDSA P-256 by default; --key-type rsa-3072 for RSA)",
        )]
    } else {
        Vec::new()
    }
}

/// insecure-signature: SHA-1 or MD5 (a self-signed root's own signature is never checked).
pub fn check_signature(cert: &Cert) -> Vec<Finding> {
    if cert.insecure_signature() && !cert.self_signed {
        vec![Finding::new(
            "insecure-signature",
            Severity::Error,
            &cert.info.subject,
            format!(
                "signed with {}: Go refuses SHA-1 signatures ('x509: cannot verify signature: insecure algorithm'), and Temporal Cloud requires SHA-256 or stronger",
                cert.signature_name()
            ),
            "have the issuer sign it again with SHA-256 (openssl: -sha256); tcerts always does",
        )]
    } else {
        Vec::new()
    }
}

/// eku-missing: the certificate's EKU extension does not allow the usage.
pub fn check_eku(cert: &Cert, usage: Usage, is_leaf: bool, fix: &str) -> Vec<Finding> {
    if cert.eku_allows(usage.eku()) {
        return Vec::new();
    }
    let has = cert
        .eku
        .as_ref()
        .map(|v| v.iter().map(|o| eku_name(o)).collect::<Vec<_>>().join(", "))
        .unwrap_or_default();
    let message = if is_leaf {
        format!(
            "its extended key usage ({has}) lacks {}: Go peers fail with 'x509: certificate specifies an incompatible key usage'",
            usage.eku_name()
        )
    } else {
        format!(
            "this CA's extended key usage ({has}) lacks {}; Go checks EKUs up the chain, so every certificate it issues fails {} use ('incompatible key usage')",
            usage.eku_name(),
            usage.eku_name()
        )
    };
    let fix = if is_leaf {
        fix.to_string()
    } else {
        "re-issue the CA without an EKU extension (or with both serverAuth and clientAuth)".into()
    };
    vec![Finding::new(
        "eku-missing",
        Severity::Error,
        &cert.info.subject,
        message,
        fix,
    )]
}

/// What gives a leaf the extended key usage `usage` needs: a certificate of a role that has
/// it, since re-issuing one of the same role would lack it again.
pub fn role_for_usage(usage: Usage) -> &'static str {
    match usage {
        Usage::Client => {
            "a client certificate needs clientAuth, which frontend and server certificates do not have: \
             present one of a client role (tcerts issue worker|cli --name NAME [--namespace NS], or client); \
             where one certificate is both server and client (internode traffic, or the Temporal Helm chart's \
             main branch, whose admintools presents the frontend Secret's certificate as a client certificate), \
             use one with both usages: tcerts issue internode --name NAME --dns NAME"
        }
        Usage::Server => {
            "a server certificate needs serverAuth, which worker, cli and client certificates do not have: \
             present one of a server role (tcerts issue frontend --name NAME --dns NAME, or server), \
             or internode for one that is both server and client"
        }
    }
}

fn eku_name(oid: &str) -> &str {
    match oid {
        EKU_SERVER_AUTH => "serverAuth",
        EKU_CLIENT_AUTH => "clientAuth",
        "1.3.6.1.5.5.7.3.3" => "codeSigning",
        "1.3.6.1.5.5.7.3.4" => "emailProtection",
        "1.3.6.1.5.5.7.3.8" => "timeStamping",
        "1.3.6.1.5.5.7.3.9" => "OCSPSigning",
        o => o,
    }
}

/// not-a-ca, ca-keyusage and path-length of a certificate used as an issuer, with
/// `below` non-self-issued intermediates between it and the leaf.
pub fn check_issuer(issuer: &Cert, below: u32) -> Vec<Finding> {
    let mut out = Vec::new();
    let s = &issuer.info.subject;
    if !issuer.info.is_ca {
        out.push(Finding::new(
            "not-a-ca",
            Severity::Error,
            s,
            "it issued the certificate below it but is not a CA (basicConstraints CA:TRUE missing): Go reports 'certificate signed by unknown authority'",
            "issue certificates only from a CA: tcerts init creates a root and an issuing CA with the right extensions",
        ));
    }
    if issuer.key_usage.is_some() && !issuer.has_key_usage("keyCertSign") {
        out.push(Finding::new(
            "ca-keyusage",
            Severity::Error,
            s,
            "the CA's key usage lacks keyCertSign, so it may not sign certificates: OpenSSL and Go-style verifiers reject every certificate it issued",
            "re-issue the CA with keyUsage = critical, keyCertSign, cRLSign",
        ));
    }
    if let Some(max) = issuer.info.path_len
        && below > max
    {
        out.push(Finding::new(
            "path-length",
            Severity::Error,
            s,
            format!(
                "pathLenConstraint {max} but {below} intermediate CA(s) sit below it in the chain: verifiers reject the chain"
            ),
            "re-issue the CA with a larger pathlen, or issue the leaf from a CA higher up",
        ));
    }
    out
}

/// outlives-issuer: the certificate is valid after its issuer expires.
pub fn check_outlives(cert: &Cert, issuer: &Cert) -> Vec<Finding> {
    if cert.info.not_after > issuer.info.not_after {
        vec![Finding::new(
            "outlives-issuer",
            Severity::Warning,
            &cert.info.subject,
            format!(
                "valid until {} but its issuer ({}) expires on {}: it stops working then, and Temporal Cloud requires leaves to expire before their CA",
                format_time(cert.info.not_after),
                issuer.info.subject,
                format_time(issuer.info.not_after)
            ),
            "renew the CA before then; tcerts clamps new leaves to their CA's lifetime",
        )]
    } else {
        Vec::new()
    }
}

/// cn-only and name-mismatch, for a server certificate dialled as `server_name`.
pub fn check_names(leaf: &Cert, server_name: Option<&str>, reissue: &str) -> Vec<Finding> {
    let s = &leaf.info.subject;
    if !leaf.has_sans() {
        return vec![Finding::new(
            "cn-only",
            Severity::Error,
            s,
            format!(
                "no subject alternative names{}: Go refuses it ('x509: certificate relies on legacy Common Name field, use SANs instead')",
                leaf.info
                    .common_name
                    .as_ref()
                    .map(|c| format!(" (only CN={c})"))
                    .unwrap_or_default()
            ),
            format!("re-issue it with the names clients dial: {reissue} --dns NAME [--ip ADDR]"),
        )];
    }
    // A wildcard over a public suffix: whoever holds the key can impersonate every domain
    // under it. Reported whatever name is dialled.
    let mut out: Vec<Finding> = leaf
        .info
        .dns
        .iter()
        .filter_map(|d| crate::pki::public_suffix_wildcard_of(d).map(|sfx| (d, sfx)))
        .map(|(d, sfx)| {
            Finding::new(
                "wildcard-public-suffix",
                Severity::Error,
                s,
                format!(
                    "its name {d} is a wildcard over the public suffix '{sfx}': it matches every domain registered under it, so its key can impersonate all of them (browsers and the CA/B Forum refuse such names)"
                ),
                format!("re-issue it with names under a domain you control: {reissue} --dns NAME"),
            )
        })
        .collect();
    let Some(name) = server_name else {
        return out;
    };
    out.extend(check_server_name(leaf, name, reissue));
    out
}

/// name-mismatch: the certificate is not valid for the name clients dial.
fn check_server_name(leaf: &Cert, name: &str, reissue: &str) -> Vec<Finding> {
    let s = &leaf.info.subject;
    let Ok(server) = ServerName::try_from(name.to_string()) else {
        return vec![Finding::new(
            "name-mismatch",
            Severity::Error,
            s,
            format!("'{name}' is not a valid DNS name or IP address"),
            "pass the host name clients dial (--server-name)",
        )];
    };
    let Ok(ee) = webpki::EndEntityCert::try_from(leaf.der()) else {
        return Vec::new();
    };
    if ee.verify_is_valid_for_subject_name(&server).is_ok() {
        return Vec::new();
    }
    let names: Vec<String> = leaf
        .info
        .dns
        .iter()
        .cloned()
        .chain(leaf.info.ips.iter().map(ToString::to_string))
        .collect();
    let message = if matches!(server, ServerName::IpAddress(_)) && leaf.info.ips.is_empty() {
        format!(
            "dialled as IP {name}, but the certificate has no IP SANs (only {}): Go fails with 'cannot validate certificate for {name} because it doesn't contain any IP SANs'",
            names.join(", ")
        )
    } else {
        format!(
            "valid for {}, not {name}: Go fails with 'x509: certificate is valid for {}, not {name}'",
            names.join(", "),
            names.join(", ")
        )
    };
    vec![Finding::new(
        "name-mismatch",
        Severity::Error,
        s,
        message,
        format!(
            "re-issue it with the name clients dial: {reissue} --{} {name} (and its other --dns/--ip names); or dial one of its names (tls.client.serverName, --tls-server-name)",
            if matches!(server, ServerName::IpAddress(_)) {
                "ip"
            } else {
                "dns"
            }
        ),
    )]
}

/// ca-as-leaf: the certificate presented as a client's or server's is a CA, and the file
/// holds no leaf at all (typically the CA file given as the certificate).
pub fn check_ca_as_leaf(leaf: &Cert, presented: &[Cert]) -> Vec<Finding> {
    if !leaf.info.is_ca || presented.iter().any(|c| !c.info.is_ca) {
        return Vec::new();
    }
    vec![Finding::new(
        "ca-as-leaf",
        Severity::Error,
        &leaf.info.subject,
        "the certificate presented is a CA (basicConstraints CA:TRUE) and the file holds no leaf: peers built on rustls (the Python, TypeScript and .NET SDKs) refuse it ('CaUsedAsEndEntity'); most often the CA file was given as the certificate",
        "point certFile / --tls-cert-path at the leaf's chain (tcerts: DIR/certs/NAME/chain.pem), and the CA file at the trust setting (--tls-ca-path, clientCaFiles)",
    )]
}

/// leaf-keyusage: a leaf whose KeyUsage lacks digitalSignature.
pub fn check_leaf_key_usage(leaf: &Cert, fix: &str) -> Vec<Finding> {
    if leaf.key_usage.is_some() && !leaf.has_key_usage("digitalSignature") && !leaf.info.is_ca {
        vec![Finding::new(
            "leaf-keyusage",
            Severity::Error,
            &leaf.info.subject,
            "the key usage lacks digitalSignature: TLS 1.3 and ECDHE handshakes sign with the key, and Temporal Cloud requires it",
            fix,
        )]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::{
        CaKind, CaSpec, IssuingCa, KeyType, LeafRequest, Role, SubjectAltNames, Validity,
        issue_leaf, new_ca,
    };

    #[test]
    fn expiring_soon_follows_the_shared_renewal_rule() {
        let now = crate::pki::now();
        let spec = CaSpec {
            kind: CaKind::Root,
            org: "T".into(),
            key_type: KeyType::EcdsaP256,
            validity: Validity::years(1),
            generation: 1,
        };
        let root = new_ca(&spec, None, now).unwrap();
        let ca = IssuingCa::new(root.cert.clone(), root.key, vec![], root.cert.clone()).unwrap();
        let req = LeafRequest {
            role: Role::Worker,
            name: "w".into(),
            org: "T".into(),
            namespace: None,
            sans: SubjectAltNames::default(),
            validity: "24h".parse().unwrap(),
            key: crate::pki::LeafKey::Generate(KeyType::EcdsaP256),
        };
        let leaf = issue_leaf(req, &ca, now).unwrap();
        let c = Cert::parse("leaf".into(), &leaf.cert.der).unwrap();
        let rule = Renewal::default();
        // Half-way: fine; 4 hours before the end: inside the window; after: expired.
        assert!(
            check_validity(
                &c,
                c.info.not_before + Duration::hours(12),
                &rule,
                Severity::Error,
                ""
            )
            .is_empty()
        );
        let f = check_validity(
            &c,
            c.info.not_after - Duration::hours(4),
            &rule,
            Severity::Error,
            "",
        );
        assert_eq!(f[0].code, "expiring-soon");
        let f = check_validity(
            &c,
            c.info.not_after + Duration::seconds(1),
            &rule,
            Severity::Error,
            "",
        );
        assert_eq!(f[0].code, "expired");
    }
}
