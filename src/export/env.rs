//! The environment variables the Temporal CLI and the SDKs' envconfig read:
//! `TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`, `TEMPORAL_TLS_CLIENT_CERT_PATH`,
//! `TEMPORAL_TLS_CLIENT_KEY_PATH`, `TEMPORAL_TLS_SERVER_CA_CERT_PATH`,
//! `TEMPORAL_TLS_SERVER_NAME`, or with inline PEM the `*_DATA` variants.
//!
//! Two syntaxes: POSIX shell (`export K='v'`, for `. file` or `eval "$(…)"`) and .env files
//! (`K='v'`, or `K="…\n…"` for multi-line PEM, as Docker Compose and python-dotenv read).

use super::CertFiles;
use super::Error;

/// What to put in the environment.
pub struct EnvSpec<'a> {
    pub address: Option<&'a str>,
    pub namespace: Option<&'a str>,
    pub server_name: Option<&'a str>,
    pub inline: bool,
    /// Leave out the server CA (Temporal Cloud's server certificate is publicly trusted).
    pub public_server: bool,
}

/// The variables, in a fixed order.
pub fn variables(
    files: &CertFiles,
    spec: &EnvSpec<'_>,
) -> Result<Vec<(&'static str, String)>, Error> {
    let mut vars = Vec::new();
    if let Some(a) = spec.address {
        vars.push(("TEMPORAL_ADDRESS", a.to_string()));
    }
    if let Some(ns) = spec.namespace {
        vars.push(("TEMPORAL_NAMESPACE", ns.to_string()));
    }
    if spec.inline {
        vars.push(("TEMPORAL_TLS_CLIENT_CERT_DATA", files.read(&files.chain)?));
        vars.push(("TEMPORAL_TLS_CLIENT_KEY_DATA", files.read(&files.key)?));
        if !spec.public_server {
            vars.push(("TEMPORAL_TLS_SERVER_CA_CERT_DATA", files.read(&files.ca)?));
        }
    } else {
        vars.push(("TEMPORAL_TLS_CLIENT_CERT_PATH", utf8(&files.chain)?));
        vars.push(("TEMPORAL_TLS_CLIENT_KEY_PATH", utf8(&files.key)?));
        if !spec.public_server {
            vars.push(("TEMPORAL_TLS_SERVER_CA_CERT_PATH", utf8(&files.ca)?));
        }
    }
    if let Some(n) = spec.server_name {
        vars.push(("TEMPORAL_TLS_SERVER_NAME", n.to_string()));
    }
    Ok(vars)
}

fn utf8(p: &std::path::Path) -> Result<String, Error> {
    p.to_str()
        .map(str::to_string)
        .ok_or_else(|| Error::PathNotUtf8(p.to_path_buf()))
}

/// `export K='v'` lines for a POSIX shell.
pub fn shell(vars: &[(&'static str, String)]) -> String {
    vars.iter()
        .map(|(k, v)| format!("export {k}={}\n", shell_quote(v)))
        .collect()
}

/// A .env file: single quotes (literal) for one-line values, double quotes with `\n`
/// escapes for multi-line PEM.
pub fn dotenv(vars: &[(&'static str, String)]) -> Result<String, Error> {
    let mut out = String::new();
    for (k, v) in vars {
        if !v.contains('\n') && !v.contains('\'') {
            out.push_str(&format!("{k}='{v}'\n"));
        } else if v.contains('$') {
            return Err(Error::DotenvExpands(k));
        } else {
            let escaped = v
                .replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', "\\n");
            out.push_str(&format!("{k}=\"{escaped}\"\n"));
        }
    }
    Ok(out)
}

/// Single-quotes a value for a POSIX shell (newlines are kept literally).
pub fn shell_quote(v: &str) -> String {
    format!("'{}'", v.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        let vars = vec![
            ("TEMPORAL_ADDRESS", "h:1".to_string()),
            (
                "TEMPORAL_TLS_CLIENT_CERT_DATA",
                "-----A-----\nx\n".to_string(),
            ),
            ("TEMPORAL_TLS_SERVER_NAME", "it's".to_string()),
        ];
        assert_eq!(
            shell(&vars),
            "export TEMPORAL_ADDRESS='h:1'\nexport TEMPORAL_TLS_CLIENT_CERT_DATA='-----A-----\nx\n'\nexport TEMPORAL_TLS_SERVER_NAME='it'\\''s'\n"
        );
        assert_eq!(
            dotenv(&vars).unwrap(),
            "TEMPORAL_ADDRESS='h:1'\nTEMPORAL_TLS_CLIENT_CERT_DATA=\"-----A-----\\nx\\n\"\nTEMPORAL_TLS_SERVER_NAME=\"it's\"\n"
        );
    }
}
