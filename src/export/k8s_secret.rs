//! A `kubernetes.io/tls` Secret manifest: `tls.crt` (the chain: leaf then
//! intermediates), `tls.key` and `ca.crt`, the keys the Temporal Helm chart mounts.
//! Values are base64 in `data`, as the API server stores them.

use std::collections::BTreeMap;

use base64::Engine;
use serde::Serialize;

use super::CertFiles;
use super::Error;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Secret {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub metadata: Metadata,
    #[serde(rename = "type")]
    pub type_: &'static str,
    pub data: BTreeMap<&'static str, String>,
}

#[derive(Debug, Serialize)]
pub struct Metadata {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    pub labels: BTreeMap<&'static str, String>,
}

pub fn secret(files: &CertFiles, name: &str, namespace: Option<&str>) -> Result<Secret, Error> {
    let b64 = |s: String| base64::engine::general_purpose::STANDARD.encode(s.as_bytes());
    let mut data = BTreeMap::new();
    data.insert("ca.crt", b64(files.read(&files.ca)?));
    data.insert("tls.crt", b64(files.read(&files.chain)?));
    data.insert("tls.key", b64(files.read(&files.key)?));
    let mut labels = BTreeMap::new();
    labels.insert("app.kubernetes.io/managed-by", "tcerts".to_string());
    Ok(Secret {
        api_version: "v1",
        kind: "Secret",
        metadata: Metadata {
            name: name.to_string(),
            namespace: namespace.map(str::to_string),
            labels,
        },
        type_: "kubernetes.io/tls",
        data,
    })
}
