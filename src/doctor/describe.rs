//! A certificate in human terms, for `tcerts inspect` and the chain `doctor --connect` saw.

use serde::Serialize;
use time::OffsetDateTime;

use super::evidence::Cert;
use crate::pki::format_time;

#[derive(Debug, Clone, Serialize)]
pub struct CertDescription {
    pub position: String,
    pub subject: String,
    pub issuer: String,
    pub self_signed: bool,
    pub is_ca: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_len: Option<u32>,
    pub dns: Vec<String>,
    pub ips: Vec<String>,
    pub key_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_bits: Option<u32>,
    pub key_usage: Option<Vec<&'static str>>,
    pub extended_key_usage: Option<Vec<String>>,
    pub signature: String,
    pub not_before: String,
    pub not_after: String,
    pub days_left: i64,
    pub serial: String,
    pub sha256: String,
    pub sha1: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject_key_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authority_key_id: Option<String>,
}

fn eku_name(oid: &str) -> String {
    match oid {
        "1.3.6.1.5.5.7.3.1" => "serverAuth".into(),
        "1.3.6.1.5.5.7.3.2" => "clientAuth".into(),
        "1.3.6.1.5.5.7.3.3" => "codeSigning".into(),
        "1.3.6.1.5.5.7.3.4" => "emailProtection".into(),
        "1.3.6.1.5.5.7.3.8" => "timeStamping".into(),
        "1.3.6.1.5.5.7.3.9" => "OCSPSigning".into(),
        o => o.into(),
    }
}

impl CertDescription {
    pub fn of(c: &Cert, now: OffsetDateTime) -> CertDescription {
        let i = &c.info;
        let mut eku: Option<Vec<String>> = c
            .eku
            .as_ref()
            .map(|v| v.iter().map(|o| eku_name(o)).collect());
        if c.eku_any
            && let Some(v) = eku.as_mut()
        {
            v.push("anyExtendedKeyUsage".into());
        }
        CertDescription {
            position: c.label.clone(),
            subject: i.subject.clone(),
            issuer: i.issuer.clone(),
            self_signed: c.self_signed,
            is_ca: i.is_ca,
            path_len: i.path_len,
            dns: i.dns.clone(),
            ips: i.ips.iter().map(ToString::to_string).collect(),
            key_type: c.key.to_string(),
            key_bits: c.key.bits,
            key_usage: c.key_usage.clone(),
            extended_key_usage: eku,
            signature: c.signature_name().to_string(),
            not_before: format_time(i.not_before),
            not_after: format_time(i.not_after),
            days_left: i.days_left(now),
            serial: i.serial_hex.clone(),
            sha256: c.sha256.clone(),
            sha1: c.sha1.clone(),
            subject_key_id: i.subject_key_id.as_deref().map(crate::pki::hex_colons),
            authority_key_id: i.authority_key_id.as_deref().map(crate::pki::hex_colons),
        }
    }

    /// The description as aligned `key: value` lines.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut kv = |k: &str, v: String| out.push(format!("  {k:<13} {v}"));
        kv("subject", self.subject.clone());
        kv(
            "issuer",
            if self.self_signed {
                format!("{} (self-signed)", self.issuer)
            } else {
                self.issuer.clone()
            },
        );
        let mut sans: Vec<String> = self.dns.iter().map(|d| format!("DNS:{d}")).collect();
        sans.extend(self.ips.iter().map(|i| format!("IP:{i}")));
        kv(
            "SANs",
            if sans.is_empty() {
                "(none)".into()
            } else {
                sans.join(", ")
            },
        );
        kv(
            "CA",
            if self.is_ca {
                match self.path_len {
                    Some(p) => format!("yes, pathlen {p}"),
                    None => "yes".into(),
                }
            } else {
                "no".into()
            },
        );
        kv("key", self.key_type.clone());
        kv(
            "key usage",
            self.key_usage
                .as_ref()
                .map(|v| v.join(", "))
                .unwrap_or_else(|| "(no extension)".into()),
        );
        kv(
            "ext key usage",
            self.extended_key_usage
                .as_ref()
                .map(|v| v.join(", "))
                .unwrap_or_else(|| "(no extension: any)".into()),
        );
        kv("signature", self.signature.clone());
        let left = match self.days_left {
            d if d < 0 => format!("expired {} days ago", -d),
            d => format!("{d} days left"),
        };
        kv(
            "validity",
            format!("{} to {} ({left})", self.not_before, self.not_after),
        );
        kv("serial", self.serial.clone());
        kv("SHA-256", self.sha256.clone());
        kv("SHA-1", self.sha1.clone());
        if let Some(s) = &self.subject_key_id {
            kv("subject key", s.clone());
        }
        if let Some(a) = &self.authority_key_id {
            kv("authority key", a.clone());
        }
        out
    }
}
