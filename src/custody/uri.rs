//! PKCS#11 URIs (RFC 7512): `pkcs11:token=NAME;object=LABEL;id=%01%02;type=private`, with
//! the query attributes `pin-source=file:PATH` and `module-path=PATH`. A `pin-value` is
//! refused: a PIN in a URI ends up in tcerts.toml, shell history and process lists.

use std::fmt;
use std::str::FromStr;

/// The attributes tcerts reads from a PKCS#11 URI.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pkcs11Uri {
    pub token: Option<String>,
    pub object: Option<String>,
    pub id: Option<Vec<u8>>,
    /// `private` for the keys tcerts records.
    pub object_type: Option<String>,
    /// `file:/path` (or a bare path): the file whose first line is the user PIN.
    pub pin_source: Option<String>,
    pub module_path: Option<String>,
}

/// Why a URI was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct UriError(pub String);

fn decode(s: &str) -> Result<Vec<u8>, UriError> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| UriError(format!("bad percent-encoding at '{}'", &s[i..])))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Ok(out)
}

fn decode_str(s: &str) -> Result<String, UriError> {
    String::from_utf8(decode(s)?).map_err(|_| UriError(format!("'{s}' is not UTF-8")))
}

/// Percent-encodes everything but RFC 3986 unreserved characters (and `:`/`/` in paths).
fn encode(bytes: &[u8], keep: &str) -> String {
    let mut s = String::new();
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || keep.as_bytes().contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02x}"));
        }
    }
    s
}

impl FromStr for Pkcs11Uri {
    type Err = UriError;

    fn from_str(s: &str) -> Result<Self, UriError> {
        let rest = s
            .strip_prefix("pkcs11:")
            .ok_or_else(|| UriError("a PKCS#11 URI starts with 'pkcs11:' (RFC 7512)".into()))?;
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let mut uri = Pkcs11Uri::default();
        for attr in path.split(';').filter(|a| !a.is_empty()) {
            let (k, v) = attr
                .split_once('=')
                .ok_or_else(|| UriError(format!("'{attr}' is not NAME=VALUE")))?;
            match k {
                "token" => uri.token = Some(decode_str(v)?),
                "object" => uri.object = Some(decode_str(v)?),
                "id" => uri.id = Some(decode(v)?),
                "type" => uri.object_type = Some(decode_str(v)?),
                // Further RFC 7512 path attributes select the same token more narrowly;
                // tcerts finds tokens by label.
                "manufacturer"
                | "model"
                | "serial"
                | "library-manufacturer"
                | "library-description"
                | "library-version"
                | "slot-description"
                | "slot-manufacturer"
                | "slot-id" => {}
                other => return Err(UriError(format!("unknown attribute '{other}'"))),
            }
        }
        for attr in query.split('&').filter(|a| !a.is_empty()) {
            let (k, v) = attr
                .split_once('=')
                .ok_or_else(|| UriError(format!("'{attr}' is not NAME=VALUE")))?;
            match k {
                "pin-source" => uri.pin_source = Some(decode_str(v)?),
                "module-path" => uri.module_path = Some(decode_str(v)?),
                "pin-value" => {
                    return Err(UriError(
                        "pin-value puts the PIN where it is seen and stored (tcerts.toml, shell history, process lists): set TCERTS_PKCS11_PIN or use pin-source=file:PATH".into(),
                    ));
                }
                "module-name" => {}
                other => return Err(UriError(format!("unknown query attribute '{other}'"))),
            }
        }
        if uri.token.as_deref().is_none_or(str::is_empty) {
            return Err(UriError(
                "name the token: pkcs11:token=LABEL (the label given to softhsm2-util --init-token, or your HSM's token/partition label)".into(),
            ));
        }
        Ok(uri)
    }
}

impl fmt::Display for Pkcs11Uri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut path = Vec::new();
        if let Some(t) = &self.token {
            path.push(format!("token={}", encode(t.as_bytes(), "")));
        }
        if let Some(o) = &self.object {
            path.push(format!("object={}", encode(o.as_bytes(), "")));
        }
        if let Some(id) = &self.id {
            let hex: String = id.iter().map(|b| format!("%{b:02x}")).collect();
            path.push(format!("id={hex}"));
        }
        if let Some(t) = &self.object_type {
            path.push(format!("type={}", encode(t.as_bytes(), "")));
        }
        write!(f, "pkcs11:{}", path.join(";"))?;
        let mut query = Vec::new();
        if let Some(p) = &self.pin_source {
            query.push(format!("pin-source={}", encode(p.as_bytes(), ":/")));
        }
        if let Some(m) = &self.module_path {
            query.push(format!("module-path={}", encode(m.as_bytes(), "/")));
        }
        if !query.is_empty() {
            write!(f, "?{}", query.join("&"))?;
        }
        Ok(())
    }
}

impl Pkcs11Uri {
    /// The same token (and its PIN source and module) with an object of its own.
    #[must_use]
    pub fn with_object(&self, label: &str, id: &[u8]) -> Pkcs11Uri {
        Pkcs11Uri {
            object: Some(label.to_string()),
            id: Some(id.to_vec()),
            object_type: Some("private".into()),
            ..self.clone()
        }
    }

    /// The token's label (present: parsing requires it).
    pub fn token_label(&self) -> &str {
        self.token.as_deref().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_rfc7512_uris() {
        let u: Pkcs11Uri =
            "pkcs11:token=My%20Token;object=ca;id=%01%ab;type=private?pin-source=file:/run/pin"
                .parse()
                .unwrap();
        assert_eq!(u.token.as_deref(), Some("My Token"));
        assert_eq!(u.object.as_deref(), Some("ca"));
        assert_eq!(u.id, Some(vec![0x01, 0xab]));
        assert_eq!(u.pin_source.as_deref(), Some("file:/run/pin"));
        let again: Pkcs11Uri = u.to_string().parse().unwrap();
        assert_eq!(again, u);
        assert_eq!(
            u.to_string(),
            "pkcs11:token=My%20Token;object=ca;id=%01%ab;type=private?pin-source=file:/run/pin"
        );
    }

    #[test]
    fn refuses_pins_and_nameless_tokens() {
        let e = "pkcs11:token=t?pin-value=1234"
            .parse::<Pkcs11Uri>()
            .unwrap_err();
        assert!(e.0.contains("TCERTS_PKCS11_PIN"), "{e}");
        assert!("pkcs11:object=x".parse::<Pkcs11Uri>().is_err());
        assert!("file:/x".parse::<Pkcs11Uri>().is_err());
        assert!("pkcs11:token=t;id=%zz".parse::<Pkcs11Uri>().is_err());
        assert!("pkcs11:token=t;color=red".parse::<Pkcs11Uri>().is_err());
    }
}
