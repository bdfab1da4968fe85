//! Checks of one presented chain (a leaf, its intermediates) against a CA file, the way
//! the peer checks it: the path and trust checks here, the per-certificate checks in
//! `chain/certificate.rs`. Structural checks first (they can name every problem at once),
//! then rustls-webpki's verdict as a backstop for whatever they did not explain.

use rustls_pki_types::{CertificateDer, UnixTime};
use time::OffsetDateTime;

use super::evidence::{Cert, EKU_CLIENT_AUTH, EKU_SERVER_AUTH};
use super::{Finding, Report, Severity};
use crate::pki::Renewal;

mod certificate;

pub use certificate::{
    check_ca_as_leaf, check_eku, check_issuer, check_key, check_leaf_key_usage, check_names,
    check_outlives, check_signature, check_validity, role_for_usage,
};

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

/// The issuer of `top` among the CAs tcerts knows: same name, same key id, and its key
/// signed `top`.
fn known_issuer<'a>(top: &Cert, known: &'a KnownCas) -> Option<&'a Cert> {
    let ids_agree = |k: &Cert| match (&top.info.authority_key_id, &k.info.subject_key_id) {
        (Some(a), Some(s)) => a == s,
        _ => true,
    };
    known.certs.iter().find(|k| {
        k.info.subject_raw == top.info.issuer_raw
            && k.info.is_ca
            && ids_agree(k)
            && top.signed_by(k)
    })
}

/// missing-intermediate when the known issuer chains to the CA file (it is not being
/// sent), unknown-issuer when it does not (the CA file is another PKI's).
fn issuer_known_to_tcerts(
    top: &Cert,
    k: &Cert,
    trust: &[Cert],
    tn: &str,
    known: &KnownCas,
    go: &str,
    send: &str,
) -> Finding {
    let issuer = &top.info.issuer;
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
    Finding::new(
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
    )
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
        .map(|k| format!(" (key id {})", crate::pki::hex_colons(k)))
        .unwrap_or_default();
    let go = "Go reports 'x509: certificate signed by unknown authority'";
    let send = "send the intermediate: point certFile / --tls-cert-path at chain.pem (leaf, then intermediates), not cert.pem";
    let trust_right = "trust the right CA: give the peer the CA that issued it (tcerts: DIR/certs/NAME/ca.pem) in clientCaFiles / rootCaFiles / --tls-ca-path";
    if let Some(k) = known_issuer(top, known) {
        return issuer_known_to_tcerts(top, k, trust, tn, known, go, send);
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

/// Each certificate on the path: validity, key, signature, EKU, CA constraints, and
/// whether it outlives its issuer.
fn check_path_certs<'a>(
    path: &[&'a Cert],
    input: &ChainInput<'_>,
    fix: &str,
    ca_rule: Renewal,
) -> Vec<(&'a Cert, Finding)> {
    let mut out = Vec::new();
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
        out.extend(found.into_iter().map(|f| (*c, f)));
        if i > 0 {
            out.extend(
                check_outlives(path[i - 1], c)
                    .into_iter()
                    .map(|f| (path[i - 1], f)),
            );
        }
    }
    out
}

/// Trusted and presented certificates off the path: expiry only, as warnings.
fn check_off_path<'a>(
    path: &[&Cert],
    input: &ChainInput<'a>,
    presented: &'a [Cert],
    ca_rule: Renewal,
) -> Vec<(&'a Cert, Finding)> {
    let mut out = Vec::new();
    for c in input.trust.iter().chain(presented.iter()) {
        if !path.iter().any(|p| p.der() == c.der()) {
            out.extend(
                check_validity(
                    c,
                    input.now,
                    &ca_rule,
                    Severity::Warning,
                    "remove it, or renew it",
                )
                .into_iter()
                .map(|f| (c, f)),
            );
        }
    }

    out
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
    add(check_path_certs(&path, input, fix, ca_rule));
    add(check_duplicate_dn(&path));

    add(check_off_path(&path, input, presented, ca_rule));

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

/// The finding code and the words for a rustls-webpki error (a flat table).
fn webpki_error_code(err: &webpki::Error) -> (&'static str, &'static str) {
    match err {
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
    // Without a stated usage, a leaf that allows serverAuth is checked as a server's.
    let serves = match input.usage {
        Some(u) => u == Usage::Server,
        None => leaf.eku_allows(EKU_SERVER_AUTH),
    };
    let usage = if serves {
        webpki::KeyUsage::server_auth()
    } else {
        webpki::KeyUsage::client_auth()
    };
    let secs = u64::try_from(input.now.unix_timestamp()).unwrap_or(0);
    let time = UnixTime::since_unix_epoch(std::time::Duration::from_secs(secs));
    // rustls' algorithms, remembering results: the leaf's signature was verified by the
    // path building already, and the intermediate's by the first leaf checked.
    let algs = super::signatures::algorithms();
    let err = ee
        .verify_for_usage(algs, &anchors, &intermediates, time, usage, None, None)
        .err()?;
    let (code, what) = webpki_error_code(&err);
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
