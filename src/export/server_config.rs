//! The `global.tls` block of a self-hosted Temporal server's config: `internode` (server
//! and client: the same certificate both ways), `frontend` (clients must present a
//! certificate, `requireClientAuth: true`), `systemWorker` (the server's own worker,
//! calling the frontend with the internode certificate), `refreshInterval` (hot reload)
//! and `expirationChecks`. File paths, or the `*Data` fields (base64 of the PEM).

use base64::Engine;
use serde::Serialize;

use std::path::Path;

use super::CertFiles;
use super::Error;

#[derive(Debug, Serialize)]
pub struct Document {
    pub global: Global,
}

#[derive(Debug, Serialize)]
pub struct Global {
    pub tls: Tls,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tls {
    pub refresh_interval: String,
    pub expiration_checks: ExpirationChecks,
    pub internode: Group,
    pub frontend: Group,
    pub system_worker: SystemWorker,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExpirationChecks {
    pub warning_window: String,
    pub error_window: String,
    pub check_interval: String,
}

#[derive(Debug, Serialize)]
pub struct Group {
    pub server: ServerSide,
    pub client: ClientSide,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerSide {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cert_file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_file: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub client_ca_files: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cert_data: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_data: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub client_ca_data: Vec<String>,
    pub require_client_auth: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientSide {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub root_ca_files: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub root_ca_data: Vec<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SystemWorker {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cert_file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cert_data: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_data: Option<String>,
    pub client: ClientSide,
}

/// A certificate's three files, as paths or as base64 data.
pub struct Material {
    cert: Option<String>,
    key: Option<String>,
    ca: String,
    inline: bool,
}

impl Material {
    /// The files of a Kubernetes TLS Secret mounted at `mount`: `tls.crt` (the chain),
    /// `tls.key`, `ca.crt` (the keys `export k8s-secret` writes).
    pub fn mounted(mount: &str) -> Material {
        Material {
            cert: Some(format!("{mount}/tls.crt")),
            key: Some(format!("{mount}/tls.key")),
            ca: format!("{mount}/ca.crt"),
            inline: false,
        }
    }

    pub fn of(files: &CertFiles, inline: bool) -> Result<Material, Error> {
        let b64 = |s: String| base64::engine::general_purpose::STANDARD.encode(s.as_bytes());
        Ok(if inline {
            Material {
                cert: Some(b64(files.read(&files.chain)?)),
                key: Some(b64(files.read(&files.key)?)),
                ca: b64(files.read(&files.ca)?),
                inline,
            }
        } else {
            Material {
                cert: Some(utf8(&files.chain)?),
                key: Some(utf8(&files.key)?),
                ca: utf8(&files.ca)?,
                inline,
            }
        })
    }

    /// The server side, trusting `client_ca` (a trust file's path, or its base64 data).
    fn server(&self, client_ca: &str) -> ServerSide {
        let cas = vec![client_ca.to_string()];
        let (f, d) = (!self.inline, self.inline);
        ServerSide {
            cert_file: self.cert.clone().filter(|_| f),
            key_file: self.key.clone().filter(|_| f),
            client_ca_files: if f { cas.clone() } else { Vec::new() },
            cert_data: self.cert.clone().filter(|_| d),
            key_data: self.key.clone().filter(|_| d),
            client_ca_data: if d { cas } else { Vec::new() },
            require_client_auth: true,
        }
    }

    fn client(&self, server_name: Option<String>) -> ClientSide {
        ClientSide {
            server_name,
            root_ca_files: if self.inline {
                Vec::new()
            } else {
                vec![self.ca.clone()]
            },
            root_ca_data: if self.inline {
                vec![self.ca.clone()]
            } else {
                Vec::new()
            },
        }
    }
}

fn utf8(p: &std::path::Path) -> Result<String, Error> {
    p.to_str()
        .map(str::to_string)
        .ok_or_else(|| Error::PathNotUtf8(p.to_path_buf()))
}

/// What the servers check client certificates with: a trust file's path each, or its
/// base64 data with `inline` (`trust/clients.pem`, `trust/internode.pem`: issuing CAs
/// only, never a root, see `store::trust_files`), or where a Secret mounts them.
pub struct ClientTrust {
    pub clients: String,
    pub internode: String,
}

impl ClientTrust {
    /// The PKI's trust files, as paths or (`inline`) as base64 of their PEM.
    pub fn of(
        clients: &Path,
        internode: &Path,
        via: &CertFiles,
        inline: bool,
    ) -> Result<ClientTrust, Error> {
        let value = |path: &Path| -> Result<String, Error> {
            if inline {
                Ok(base64::engine::general_purpose::STANDARD.encode(via.read(path)?.as_bytes()))
            } else {
                utf8(path)
            }
        };
        Ok(ClientTrust {
            clients: value(clients)?,
            internode: value(internode)?,
        })
    }
}

pub fn document(
    frontend: &CertFiles,
    internode: &CertFiles,
    trust: &ClientTrust,
    inline: bool,
    refresh_interval: &str,
) -> Result<Document, Error> {
    let fe = Material::of(frontend, inline)?;
    let inn = Material::of(internode, inline)?;
    Ok(Document {
        global: Global {
            tls: tls(
                &fe,
                &inn,
                trust,
                frontend.first_name(),
                internode.first_name(),
                refresh_interval,
            ),
        },
    })
}

/// The `global.tls` block for the frontend's and the internode certificate's material
/// (`fe_name`, `inn_name`: the names clients check each against) and the client trust.
pub fn tls(
    fe: &Material,
    inn: &Material,
    trust: &ClientTrust,
    fe_name: Option<String>,
    inn_name: Option<String>,
    refresh_interval: &str,
) -> Tls {
    let inline = fe.inline;
    Tls {
        refresh_interval: refresh_interval.to_string(),
        expiration_checks: ExpirationChecks {
            warning_window: "720h".into(),
            error_window: "168h".into(),
            check_interval: "1h".into(),
        },
        internode: Group {
            // Internode peers present the internode certificate: the issuing CA's
            // generations anchor it.
            server: inn.server(&trust.internode),
            client: inn.client(inn_name),
        },
        frontend: Group {
            // Workers, CLI and internode clients: anchored on the issuing and namespace
            // CAs, never the root, so that a retired CA is refused.
            server: fe.server(&trust.clients),
            client: fe.client(fe_name.clone()),
        },
        system_worker: SystemWorker {
            cert_file: inn.cert.clone().filter(|_| !inline),
            key_file: inn.key.clone().filter(|_| !inline),
            cert_data: inn.cert.clone().filter(|_| inline),
            key_data: inn.key.clone().filter(|_| inline),
            client: fe.client(fe_name),
        },
    }
}
