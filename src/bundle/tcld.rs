//! A bundle as `tcld namespace accepted-client-ca list` prints it, so the two can be
//! compared with `diff` or `jq`: a JSON array (Go's `json.MarshalIndent` with four spaces)
//! of objects with exactly tcld's fields, in its order and forms:
//!
//! - `fingerprint`: lowercase hex SHA-1 of the DER;
//! - `issuer`, `subject`: Go's `pkix.Name.String()` (RFC 4514-like, most specific RDN
//!   first, Go's own attribute order and escaping);
//! - `notBefore`, `notAfter`: Go's `time.Time` JSON (RFC 3339, UTC `Z`);
//! - `base64EncodedData`: base64 of that certificate's PEM block, trimmed of surrounding
//!   whitespace as tcld's `parsePEM` does.

use base64::Engine;
use serde::Serialize;
use x509_parser::prelude::{FromDer, X509Certificate, X509Name};
use x509_parser::x509::AttributeTypeAndValue;

use crate::pki::{self, CertInfo, fingerprint_sha1};

/// One certificate, field for field as tcld's `caCert`.
#[derive(Debug, Clone, Serialize)]
pub struct Listing {
    pub fingerprint: String,
    pub issuer: String,
    pub subject: String,
    #[serde(rename = "notBefore")]
    pub not_before: String,
    #[serde(rename = "notAfter")]
    pub not_after: String,
    #[serde(rename = "base64EncodedData")]
    pub base64_encoded_data: String,
}

pub fn listing(certs: &[CertInfo]) -> Vec<Listing> {
    certs.iter().map(one).collect()
}

fn one(c: &CertInfo) -> Listing {
    let (subject, issuer) = match X509Certificate::from_der(&c.der) {
        Ok((_, x)) => (go_name_string(x.subject()), go_name_string(x.issuer())),
        // CertInfo parsed this DER already; keep its names rather than fail.
        Err(_) => (c.subject.clone(), c.issuer.clone()),
    };
    let pem = c.pem();
    Listing {
        fingerprint: fingerprint_sha1(&c.der),
        issuer,
        subject,
        not_before: pki::format_time(c.not_before),
        not_after: pki::format_time(c.not_after),
        base64_encoded_data: base64::engine::general_purpose::STANDARD.encode(pem.trim()),
    }
}

/// The listing as tcld prints it: `json.MarshalIndent(v, "", "    ")` and a newline, with
/// Go's HTML-safe escaping of `<`, `>`, `&` and U+2028/U+2029 inside strings.
pub fn to_json(listing: &[Listing]) -> Result<String, serde_json::Error> {
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    listing.serialize(&mut ser)?;
    let text = String::from_utf8_lossy(&buf);
    // These characters only ever occur inside JSON strings here (keys are ASCII words).
    let mut out = String::with_capacity(text.len() + 1);
    for ch in text.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out.push('\n');
    Ok(out)
}

/// The standard attributes Go parses into `pkix.Name` fields, in the order
/// `Name.ToRDNSequence` emits them, with the short names `RDNSequence.String` prints.
const GO_ATTRIBUTES: [(&str, &str); 9] = [
    ("2.5.4.6", "C"),
    ("2.5.4.8", "ST"),
    ("2.5.4.7", "L"),
    ("2.5.4.9", "STREET"),
    ("2.5.4.17", "POSTALCODE"),
    ("2.5.4.10", "O"),
    ("2.5.4.11", "OU"),
    ("2.5.4.3", "CN"),
    ("2.5.4.5", "SERIALNUMBER"),
];

/// Go's `pkix.Name.String()` of a parsed certificate name. Go first gathers the standard
/// attributes into fields (CN and SERIALNUMBER: the last one wins; the others: every
/// value, one multi-valued RDN each), puts any other attribute before them, one RDN
/// each, in certificate order, and then prints the sequence in reverse, joined with `,`
/// (values of one RDN with `+`). Other attributes print as `OID=#` and the hex DER of the
/// value re-encoded as Go's `asn1.Marshal` of a string does.
pub fn go_name_string(name: &X509Name<'_>) -> String {
    let mut other: Vec<Vec<(String, Value)>> = Vec::new();
    let mut fields: Vec<Vec<String>> = vec![Vec::new(); GO_ATTRIBUTES.len()];
    for rdn in name.iter() {
        for atv in rdn.iter() {
            let oid = atv.attr_type().to_id_string();
            let value = decode(atv);
            match GO_ATTRIBUTES.iter().position(|(o, _)| *o == oid) {
                // CN and SERIALNUMBER are single strings in pkix.Name.
                Some(i) if i >= 7 => fields[i] = vec![value],
                Some(i) => fields[i].push(value),
                None => other.push(vec![(oid, Value::Other(value))]),
            }
        }
    }
    let mut seq = other;
    for (i, values) in fields.into_iter().enumerate() {
        if values.is_empty() || (i >= 7 && values[0].is_empty()) {
            continue;
        }
        let (_, short) = GO_ATTRIBUTES[i];
        seq.push(
            values
                .into_iter()
                .map(|v| (short.to_string(), Value::Standard(v)))
                .collect(),
        );
    }
    let mut out = String::new();
    for (i, rdn) in seq.iter().rev().enumerate() {
        if i > 0 {
            out.push(',');
        }
        for (j, (ty, value)) in rdn.iter().enumerate() {
            if j > 0 {
                out.push('+');
            }
            out.push_str(ty);
            match value {
                Value::Standard(v) => {
                    out.push('=');
                    out.push_str(&escape(v));
                }
                Value::Other(v) => {
                    out.push_str("=#");
                    out.push_str(&pki::hex(&go_asn1_string(v)));
                }
            }
        }
    }
    out
}

enum Value {
    Standard(String),
    Other(String),
}

/// The string Go's x509 parser makes of an attribute value (PrintableString, UTF8String,
/// IA5String, NumericString, T61String as raw bytes, BMPString as UTF-16).
fn decode(atv: &AttributeTypeAndValue<'_>) -> String {
    use x509_parser::der_parser::asn1_rs::Tag;
    let any = atv.attr_value();
    let data = any.data;
    if any.tag() == Tag::BmpString {
        let units: Vec<u16> = data
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    String::from_utf8_lossy(data).into_owned()
}

/// `RDNSequence.String`'s escaping: `,+"\<>;` always, a space at either end, `#` first.
fn escape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let last = v.len().saturating_sub(1);
    for (k, c) in v.char_indices() {
        let esc = match c {
            ',' | '+' | '"' | '\\' | '<' | '>' | ';' => true,
            ' ' => k == 0 || k == last,
            '#' => k == 0,
            _ => false,
        };
        if esc {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// DER of `asn1.Marshal(s)` for a Go string: a PrintableString when every character is
/// printable (Go rejects `*` and `&` there), else a UTF8String.
fn go_asn1_string(s: &str) -> Vec<u8> {
    let printable = s.bytes().all(|b| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b' ' | b'\'' | b'(' | b')' | b'+' | b',' | b'-' | b'.' | b'/' | b':' | b'=' | b'?'
            )
    });
    let tag = if printable { 0x13 } else { 0x0c };
    let body = s.as_bytes();
    let mut out = vec![tag];
    let n = body.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let len = n.to_be_bytes();
        let skip = len.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (len.len() - skip) as u8);
        out.extend_from_slice(&len[skip..]);
    }
    out.extend_from_slice(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name_of(params: rcgen::DistinguishedName) -> String {
        let mut p = rcgen::CertificateParams::default();
        p.distinguished_name = params;
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = p.self_signed(&key).unwrap();
        let (_, x) = X509Certificate::from_der(cert.der()).unwrap();
        go_name_string(x.subject())
    }

    #[test]
    fn go_order_and_escaping() {
        let mut dn = rcgen::DistinguishedName::new();
        dn.push(rcgen::DnType::CommonName, "Acme Temporal Root CA G1");
        dn.push(rcgen::DnType::OrganizationName, "Acme");
        assert_eq!(name_of(dn), "CN=Acme Temporal Root CA G1,O=Acme");

        let mut dn = rcgen::DistinguishedName::new();
        dn.push(rcgen::DnType::OrganizationalUnitName, "payments");
        dn.push(rcgen::DnType::CountryName, "DE");
        dn.push(rcgen::DnType::CommonName, " a,b+c#");
        dn.push(rcgen::DnType::OrganizationName, "#R&D <x> ");
        assert_eq!(
            name_of(dn),
            "CN=\\ a\\,b\\+c#,OU=payments,O=\\#R&D \\<x\\>\\ ,C=DE"
        );
    }

    #[test]
    fn other_attributes_print_as_hex_der_last() {
        assert_eq!(crate::pki::hex(&go_asn1_string("ab")), "13026162");
        assert_eq!(crate::pki::hex(&go_asn1_string("a*")), "0c02612a");
        assert_eq!(escape("x"), "x");
    }
}
