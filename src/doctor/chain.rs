//! Checks of one presented chain (a leaf, its intermediates) against a CA file, the way
//! the peer checks it. Structural checks first (they can name every problem at once),
//! then rustls-webpki's verdict as a backstop for whatever they did not explain.

use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use time::{Duration, OffsetDateTime};

use super::evidence::{Cert, EKU_CLIENT_AUTH, EKU_SERVER_AUTH};
use super::{Finding, Report, Severity, days_phrase};
use crate::pki::{Renewal, format_time};

/// How the peer will use the leaf.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Usage {
    /// A server certificate, checked by a client (SDK, worker, CLI) dialling the frontend.
    Server,
    /// A client certificate, checked by the frontend (workers, CLI, internode).
    Client,
}

impl Usage {
    fn eku(self) -> &'static str {
        match self {
            Usage::Server => EKU_SERVER_AUTH,
            Usage::Client => EKU_CLIENT_AUTH,
        }
    }

    fn eku_name(self) -> &'static str {
        match self {
            Usage::Server => "serverAuth",
            Usage::Client => "clientAuth",
        }
    }
}

/// One chain to check.
pub struct ChainInput<'a> {
    /// The certificates as the peer receives them, in file order (leaf first).
    pub presented: &'a [Cert],
    /// The certificates the peer trusts (its CA file); empty when unknown.
    pub trust: &'a [Cert],
    /// The name of the CA file, for messages.
    pub trust_name: &'a str,
    pub usage: Option<Usage>,
    pub server_name: Option<&'a str>,
    pub now: OffsetDateTime,
    /// How to re-issue the leaf, for fixes (e.g. `tcerts renew fe`).
    pub reissue: &'a str,
    /// Whether `reissue` gives a certificate with the extended key usage `usage` needs
    /// (the leaf's role is known and has it). When not, a missing EKU is fixed by a
    /// certificate of another role, and the fix says which.
    pub reissue_has_usage: bool,
    /// The leaf's renewal rule (its CAs get the same expiry warning, no renew_before).
    pub renewal: Renewal,
    /// The CAs of the PKI directory beside the run, if any: evidence for
    /// missing-intermediate.
    pub known: &'a KnownCas,
}

/// CA certificates tcerts knows apart from the chain and the CA file: those of a PKI
/// directory (`ca/**/cert.pem`, `chain.pem`), named for messages (`the PKI in ./pki`).
#[derive(Debug, Clone, Default)]
pub struct KnownCas {
    pub certs: Vec<Cert>,
    pub source: String,
}

fn hex_id(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// missing-intermediate or unknown-issuer for a path that stops at `top`, whose issuer is
/// neither presented nor trusted. missing-intermediate only on positive evidence that the
/// issuer is an intermediate that leads to the CA file: a CA of the PKI directory that
/// signed `top` and chains to the CA file (name, key id and signature at every step), or
/// the caIssuers URL `top` carries. Otherwise what is known and both fixes.
fn missing_issuer(top: &Cert, trust: &[Cert], tn: &str, known: &KnownCas) -> Finding {
    let issuer = &top.info.issuer;
    let key_id = top
        .info
        .authority_key_id
        .as_deref()
        .map(|k| format!(" (key id {})", hex_id(k)))
        .unwrap_or_default();
    let go = "Go reports 'x509: certificate signed by unknown authority'";
    let send = "send the intermediate: point certFile / --tls-cert-path at chain.pem (leaf, then intermediates), not cert.pem";
    let trust_right = "trust the right CA: give the peer the CA that issued it (tcerts: DIR/certs/NAME/ca.pem) in clientCaFiles / rootCaFiles / --tls-ca-path";
    // The issuer among the CAs tcerts knows: same name, same key id, and its key signed `top`.
    let ids_agree = |k: &Cert| match (&top.info.authority_key_id, &k.info.subject_key_id) {
        (Some(a), Some(s)) => a == s,
        _ => true,
    };
    let issuer_cert = known.certs.iter().find(|k| {
        k.info.subject_raw == top.info.issuer_raw
            && k.info.is_ca
            && ids_agree(k)
            && top.signed_by(k)
    });
    if let Some(k) = issuer_cert {
        let (kpath, kend) = build_path(k, &known.certs, trust);
        if matches!(kend, PathEnd::Trusted) {
            let via: Vec<&str> = kpath.iter().map(|c| c.info.subject.as_str()).collect();
            return Finding::new(
                "missing-intermediate",
                Severity::Error,
                &top.info.subject,
                format!(
                    "issued by {issuer}, which is neither in the chain nor in {tn}; it is the CA {} of {}, and it chains to {tn} ({}): the intermediate is not being sent. {go}",
                    k.label,
                    known.source,
                    via.join(" → ")
                ),
                format!("{send} ({} holds it)", k.label),
            );
        }
        return Finding::new(
            "unknown-issuer",
            Severity::Error,
            &top.info.subject,
            format!(
                "issued by {issuer}, the CA {} of {}, which does not lead to any CA in {tn}: {tn} is the CA file of another PKI (sending the intermediate would not help). {go}",
                k.label, known.source
            ),
            format!(
                "trust the right CA: give the peer {}'s root (ca/root/cert.pem, or DIR/certs/NAME/ca.pem) in clientCaFiles / rootCaFiles / --tls-ca-path",
                known.source
            ),
        );
    }
    if let Some(url) = top.ca_issuers.first() {
        return Finding::new(
            "missing-intermediate",
            Severity::Error,
            &top.info.subject,
            format!(
                "issued by {issuer}{key_id}, which is neither in the chain nor in {tn}; the certificate names its issuer's certificate at {url} (Authority Information Access), so the issuer is an intermediate the sender must present: Go and Temporal never fetch it. {go}"
            ),
            format!(
                "{send} (the intermediate is at {url}); if that intermediate does not chain to {tn}, {trust_right}"
            ),
        );
    }
    let not_known = if known.source.is_empty() {
        String::new()
    } else {
        format!(", nor a CA of {}", known.source)
    };
    Finding::new(
        "unknown-issuer",
        Severity::Error,
        &top.info.subject,
        format!(
            "issued by {issuer}{key_id}, which is neither in the chain nor in {tn}{not_known}: either the sender does not send this intermediate, or {tn} is not the CA file of the PKI that issued it. {go}"
        ),
        format!(
            "either {send}; or {trust_right}. Run doctor beside the PKI that issued it (--dir) to tell which"
        ),
    )
}

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
        .chain(leaf.info.ips.iter().map(|i| i.to_string()))
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

enum Lookup<'a> {
    Found(&'a Cert),
    BadSignature(&'a Cert),
    Missing,
}

fn find_issuer<'a>(cur: &Cert, pool: &[&'a Cert], path: &[&Cert]) -> Lookup<'a> {
    let mut bad = None;
    // Bounded work on hostile CA files (thousands of namesakes): candidates whose key id
    // matches first, and at most MAX_SIGNATURE_CHECKS signatures per certificate.
    let named = pool.iter().filter(|cand| {
        cand.info.subject_raw == cur.info.issuer_raw
            && cand.der() != cur.der()
            && !path.iter().any(|p| p.der() == cand.der())
    });
    let key_id_matches =
        |cand: &&&Cert| match (&cur.info.authority_key_id, &cand.info.subject_key_id) {
            (Some(a), Some(s)) => a == s,
            _ => false,
        };
    let ordered = named
        .clone()
        .filter(key_id_matches)
        .chain(named.filter(|c| !key_id_matches(c)))
        .take(crate::pki::MAX_SIGNATURE_CHECKS);
    for cand in ordered {
        // A SHA-1 or MD5 signature cannot be verified here; matching key identifiers
        // identify the issuer, and insecure-signature reports the algorithm.
        let ids_match = match (&cur.info.authority_key_id, &cand.info.subject_key_id) {
            (Some(a), Some(s)) => a == s,
            _ => true,
        };
        if cur.signed_by(cand) || (cur.insecure_signature() && ids_match) {
            return Lookup::Found(cand);
        }
        bad.get_or_insert(*cand);
    }
    match bad {
        Some(c) => Lookup::BadSignature(c),
        None => Lookup::Missing,
    }
}

/// chain-order: the peer takes the first certificate as the leaf and expects each next one
/// to be the issuer of the previous. Returns the leaf to check (the real one, when a CA
/// comes first) and the findings.
pub fn check_order(presented: &[Cert]) -> Option<(&Cert, Vec<(&Cert, Finding)>)> {
    let first = presented.first()?;
    if first.info.is_ca
        && let Some(real) = presented.iter().find(|c| !c.info.is_ca)
    {
        let f = Finding::new(
            "chain-order",
            Severity::Error,
            &first.info.subject,
            format!(
                "the file starts with a CA certificate, and the leaf ({}) comes later as {}: the peer takes the first certificate as the server's or client's own ('certificate is not valid for any names', 'incompatible key usage')",
                real.info.subject, real.label
            ),
            "put the leaf first, then its intermediates, nearest first (tcerts writes chain.pem this way)",
        );
        return Some((real, vec![(first, f)]));
    }
    for w in presented.windows(2) {
        let (child, next) = (&w[0], &w[1]);
        if child.self_signed || child.info.issuer_raw == next.info.subject_raw {
            continue;
        }
        if let Some(issuer) = presented
            .iter()
            .find(|c| c.info.subject_raw == child.info.issuer_raw && c.der() != child.der())
        {
            let f = Finding::new(
                "chain-order",
                Severity::Error,
                &next.info.subject,
                format!(
                    "follows {} but did not issue it; its issuer is {}: order the chain leaf first, each certificate followed by its issuer",
                    child.label, issuer.label
                ),
                "put the leaf first, then its intermediates, nearest first",
            );
            return Some((first, vec![(next, f)]));
        }
    }
    Some((first, Vec::new()))
}

/// How the path from the leaf upwards ends.
pub enum PathEnd<'a> {
    /// At a certificate of the CA file (the path is cut there, as verifiers do).
    Trusted,
    /// At a self-signed root that is not in the CA file.
    Root,
    /// At a certificate whose issuer is nowhere to be found.
    Missing,
    /// At a certificate whose issuer's name matches a certificate that did not sign it.
    BadSignature(&'a Cert),
}

/// The path from `leaf` up through the presented and trusted certificates, matching
/// issuer names and verifying each signature.
pub fn build_path<'a>(
    leaf: &'a Cert,
    presented: &'a [Cert],
    trust: &'a [Cert],
) -> (Vec<&'a Cert>, PathEnd<'a>) {
    let pool: Vec<&Cert> = presented.iter().chain(trust.iter()).collect();
    let trusted = |c: &Cert| trust.iter().any(|t| t.der() == c.der());
    let mut path: Vec<&Cert> = vec![leaf];
    let mut end = PathEnd::Missing;
    while path.len() < 12 {
        let cur = path[path.len() - 1];
        if trusted(cur) {
            end = PathEnd::Trusted;
            break;
        }
        if cur.self_signed {
            end = PathEnd::Root;
            break;
        }
        match find_issuer(cur, &pool, &path) {
            Lookup::Found(i) => path.push(i),
            Lookup::BadSignature(i) => {
                end = PathEnd::BadSignature(i);
                break;
            }
            Lookup::Missing => break,
        }
    }
    (path, end)
}

/// bad-signature, self-signed, missing-intermediate and unknown-issuer: why the path does
/// not reach the CA file.
pub fn check_trust<'a>(
    path: &[&'a Cert],
    end: &PathEnd<'_>,
    trust: &[Cert],
    trust_name: &str,
    known: &KnownCas,
) -> Vec<(&'a Cert, Finding)> {
    let (leaf, top) = (path[0], path[path.len() - 1]);
    let tn = trust_name;
    let finding = match end {
        PathEnd::Trusted => return Vec::new(),
        PathEnd::BadSignature(i) => Finding::new(
            "bad-signature",
            Severity::Error,
            &top.info.subject,
            format!(
                "its issuer's name matches {} ({}), but that certificate's key did not sign it: two different CAs with the same name, or an altered certificate",
                i.label, i.info.subject
            ),
            "use the CA that actually issued it (compare `tcerts inspect` fingerprints and key identifiers), and give successive CAs distinct names",
        ),
        _ if trust.is_empty() => {
            if path.len() == 1 && leaf.self_signed && !leaf.info.is_ca {
                Finding::new(
                    "self-signed",
                    Severity::Warning,
                    &leaf.info.subject,
                    "a self-signed leaf: only a peer that pins exactly this certificate accepts it",
                    "issue it from your CA instead (tcerts issue ROLE)",
                )
            } else {
                return Vec::new();
            }
        }
        PathEnd::Root if path.len() == 1 => Finding::new(
            "self-signed",
            Severity::Error,
            &leaf.info.subject,
            format!(
                "a self-signed certificate that is not in {tn}: peers trust only certificates issued by a CA they have"
            ),
            "issue it from your CA instead (tcerts issue ROLE), or add it to the peer's CA file if you really mean to pin it",
        ),
        PathEnd::Root => Finding::new(
            "unknown-issuer",
            Severity::Error,
            &top.info.subject,
            format!(
                "the chain ends at the root {}, which {tn} does not contain ('x509: certificate signed by unknown authority')",
                top.info.subject
            ),
            "give the peer this root in its CA file (clientCaFiles / rootCaFiles / --tls-ca-path)",
        ),
        PathEnd::Missing => missing_issuer(top, trust, tn, known),
    };
    let about = if finding.code == "self-signed" {
        leaf
    } else {
        top
    };
    vec![(about, finding)]
}

/// duplicate-dn: two different certificates with one subject DN on the path.
pub fn check_duplicate_dn<'a>(path: &[&'a Cert]) -> Vec<(&'a Cert, Finding)> {
    let mut out = Vec::new();
    for (i, c) in path.iter().enumerate() {
        let dn = c.info.subject.to_lowercase();
        if let Some(j) = path[..i]
            .iter()
            .position(|p| p.info.subject.to_lowercase() == dn && p.der() != c.der())
        {
            out.push((*c, Finding::new(
                "duplicate-dn",
                Severity::Error,
                &c.info.subject,
                format!("the same subject DN as {} on the same chain: verifiers confuse the two, and Temporal Cloud requires every DN on a chain to be unique", path[j].label),
                "give each certificate a distinct subject (tcerts names CAs with a generation, G1, G2, …)",
            )));
        }
    }
    out
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

/// Every check of one chain; findings are added to `report` under each certificate.
pub fn check_chain(input: &ChainInput<'_>, report: &mut Report) {
    let presented = input.presented;
    let Some((leaf, order)) = check_order(presented) else {
        return;
    };
    let fix_owned = format!("re-issue it: {}", input.reissue);
    let fix = fix_owned.as_str();
    let errors_before = report.count(Severity::Error);
    report.checked += presented.len();
    let mut add = |pairs: Vec<(&Cert, Finding)>| {
        for (c, f) in pairs {
            report.cert(c, f);
        }
    };
    add(order);

    let (path, end) = build_path(leaf, presented, input.trust);
    add(check_trust(
        &path,
        &end,
        input.trust,
        input.trust_name,
        input.known,
    ));

    let ca_rule = Renewal {
        renew_before: None,
        ..input.renewal
    };
    // Each certificate on the path.
    for (i, c) in path.iter().enumerate() {
        let f = if i == 0 {
            fix
        } else {
            "renew the CA (and re-issue what it signed), before it expires"
        };
        let rule = if i == 0 { input.renewal } else { ca_rule };
        let mut found = check_validity(c, input.now, &rule, Severity::Error, f);
        found.extend(check_key(c));
        found.extend(check_signature(c));
        if let Some(u) = input.usage {
            let eku_fix = if input.reissue_has_usage {
                fix.to_string()
            } else {
                role_for_usage(u).to_string()
            };
            found.extend(check_eku(c, u, i == 0, &eku_fix));
        }
        if i > 0 {
            let below = path[1..i]
                .iter()
                .filter(|p| p.info.is_ca && !p.info.is_self_issued())
                .count() as u32;
            found.extend(check_issuer(c, below));
        }
        add(found.into_iter().map(|f| (*c, f)).collect());
        if i > 0 {
            add(check_outlives(path[i - 1], c)
                .into_iter()
                .map(|f| (path[i - 1], f))
                .collect());
        }
    }
    add(check_duplicate_dn(&path));

    // Trusted and presented certificates off the path: expiry only, as warnings.
    for c in input.trust.iter().chain(presented.iter()) {
        if !path.iter().any(|p| p.der() == c.der()) {
            add(check_validity(
                c,
                input.now,
                &ca_rule,
                Severity::Warning,
                "remove it, or renew it",
            )
            .into_iter()
            .map(|f| (c, f))
            .collect());
        }
    }

    let mut leaf_findings = check_leaf_key_usage(leaf, fix);
    if input.usage.is_some() || input.server_name.is_some() {
        leaf_findings.extend(check_ca_as_leaf(leaf, presented));
    }
    if input.usage == Some(Usage::Server) || input.server_name.is_some() {
        leaf_findings.extend(check_names(leaf, input.server_name, input.reissue));
    }
    add(leaf_findings.into_iter().map(|f| (leaf, f)).collect());

    // rustls-webpki's verdict, for what the structural checks did not explain.
    if !input.trust.is_empty()
        && !leaf.info.is_ca
        && matches!(end, PathEnd::Trusted)
        && report.count(Severity::Error) == errors_before
        && let Some(f) = webpki_verdict(input, leaf)
    {
        report.cert(leaf, f);
    }
}

fn webpki_verdict(input: &ChainInput<'_>, leaf: &Cert) -> Option<Finding> {
    let ee = match webpki::EndEntityCert::try_from(leaf.der()) {
        Ok(ee) => ee,
        Err(e) => {
            let what = if matches!(e, webpki::Error::UnsupportedCriticalExtension) {
                "it carries a critical extension verifiers do not know: Go ('x509: unhandled critical extension'), OpenSSL and rustls refuse it".to_string()
            } else {
                format!("rustls-webpki cannot read it ({e:?})")
            };
            return Some(Finding::new(
                "verification-failed",
                Severity::Error,
                &leaf.info.subject,
                what,
                "re-issue it without that extension (tcerts issue ROLE --name NAME --force)",
            ));
        }
    };
    let anchors: Vec<_> = input
        .trust
        .iter()
        .filter_map(|t| {
            webpki::anchor_from_trusted_cert(t.der())
                .ok()
                .map(|a| a.to_owned())
        })
        .collect();
    let intermediates: Vec<CertificateDer<'_>> = input
        .presented
        .iter()
        .chain(input.trust.iter())
        .filter(|c| c.der() != leaf.der())
        .map(|c| c.der().clone())
        .collect();
    let usage = match input.usage {
        Some(Usage::Server) => webpki::KeyUsage::server_auth(),
        Some(Usage::Client) => webpki::KeyUsage::client_auth(),
        None if leaf.eku_allows(EKU_SERVER_AUTH) => webpki::KeyUsage::server_auth(),
        None => webpki::KeyUsage::client_auth(),
    };
    let secs = u64::try_from(input.now.unix_timestamp()).unwrap_or(0);
    let time = UnixTime::since_unix_epoch(std::time::Duration::from_secs(secs));
    // rustls' algorithms, remembering results: the leaf's signature was verified by the
    // path building already, and the intermediate's by the first leaf checked.
    let algs = super::signatures::algorithms();
    let err = ee
        .verify_for_usage(algs, &anchors, &intermediates, time, usage, None, None)
        .err()?;
    let (code, what) = match &err {
        webpki::Error::CertExpired { .. } => ("expired", "a certificate on the chain has expired"),
        webpki::Error::CertNotValidYet { .. } => (
            "not-yet-valid",
            "a certificate on the chain is not yet valid",
        ),
        webpki::Error::UnknownIssuer => ("unknown-issuer", "no path to a trusted CA"),
        webpki::Error::RequiredEkuNotFoundContext(_) => (
            "eku-missing",
            "the extended key usage does not allow this use",
        ),
        webpki::Error::PathLenConstraintViolated => {
            ("path-length", "a CA's path length constraint is exceeded")
        }
        webpki::Error::CaUsedAsEndEntity => ("ca-as-leaf", "a CA certificate is used as the leaf"),
        webpki::Error::EndEntityUsedAsCa => ("not-a-ca", "a non-CA certificate issued another"),
        webpki::Error::NameConstraintViolation => (
            "name-constraints",
            "a CA's name constraints exclude this certificate's names",
        ),
        webpki::Error::UnsupportedSignatureAlgorithmContext(_)
        | webpki::Error::UnsupportedSignatureAlgorithmForPublicKeyContext(_) => (
            "insecure-signature",
            "a signature algorithm verifiers do not accept",
        ),
        webpki::Error::InvalidSignatureForPublicKey => {
            ("bad-signature", "a signature does not verify")
        }
        _ => ("verification-failed", "the chain does not verify"),
    };
    if input.presented.is_empty() {
        return None;
    }
    Some(Finding::new(
        code,
        Severity::Error,
        &leaf.info.subject,
        format!("rustls-webpki rejects the chain: {what} ({err:?})"),
        "run `tcerts inspect` on the chain and the CA file, and compare issuers and key identifiers",
    ))
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
