//! Values for the Temporal Helm chart (temporalio/helm-charts, chart `temporal`), in the
//! two forms its versions read:
//!
//! - **released** (`temporal-1.6.0`, the latest release, and the default): the chart has
//!   no TLS wiring of its own. It renders `server.config.tls` verbatim as the server
//!   config's `global.tls`, mounts whatever `server.additionalVolumes` /
//!   `additionalVolumeMounts` list, and gives admintools (also the namespace-setup job) and
//!   the Web UI `additionalEnv` plus volumes. So the values carry `export server-config`'s
//!   block with its files under the mounted Secrets, and the client environment of the
//!   temporal CLI (`TEMPORAL_TLS_*_PATH`) and of the Web UI server (`TEMPORAL_TLS_CA`,
//!   `_CERT`, `_KEY`, `_SERVER_NAME`, `_ENABLE_HOST_VERIFICATION`).
//! - **main** (the chart's main branch since commit e3cd39c, unreleased): `server.tls`
//!   and `web.tls` name the Secrets and the chart generates the rest. Its admintools, the
//!   namespace job and `helm test` present the *frontend* Secret's certificate as their
//!   client certificate, so that certificate must allow clientAuth.
//!
//! Every certificate Secret is a `kubernetes.io/tls` Secret of `export k8s-secret`:
//! `tls.crt` (the chain), `tls.key`, `ca.crt` (the root). In the released form the servers'
//! `clientCaFiles` come from one more, generic Secret holding the PKI's client trust files
//! ([`TRUST_MOUNT`]): `ca.crt` holds roots, which would admit every certificate under them,
//! retired CAs' included.

use serde_json::{Value, json};

use super::CertFiles;
use super::Error;
use super::server_config::{self, Material};

/// Where the server pods mount the frontend Secret (the main-branch chart's default too).
pub const FRONTEND_MOUNT: &str = "/etc/temporal/tls/frontend";
/// Where the server pods mount the internode Secret (the main-branch chart's default too).
pub const INTERNODE_MOUNT: &str = "/etc/temporal/tls/internode";
/// Where admintools and the Web UI mount the client certificate's Secret (the path the
/// main-branch chart uses for its admin client).
pub const CLIENT_MOUNT: &str = "/etc/temporal/tls/client";
/// Where the server pods mount the client trust Secret: `clients.pem` (the frontend's
/// clientCaFiles) and `internode.pem` (internode clientCaFiles), the PKI's
/// `trust/clients.pem` and `trust/internode.pem`. Issuing CAs only, never a root, so that
/// a retired CA's certificates are refused (docs/trust-model.md).
pub const TRUST_MOUNT: &str = "/etc/temporal/tls/client-trust";
/// The keys of the client trust Secret.
pub const TRUST_KEYS: [&str; 2] = ["clients.pem", "internode.pem"];

/// A certificate and the Secret that holds it.
pub struct Mounted<'a> {
    pub files: &'a CertFiles,
    pub secret: &'a str,
}

/// The certificates of one cluster.
pub struct Cluster<'a> {
    pub frontend: Mounted<'a>,
    pub internode: Mounted<'a>,
    /// What admintools and the Web UI present to the frontend.
    pub client: Mounted<'a>,
    /// The generic Secret holding the client trust files (keys [`TRUST_KEYS`]).
    pub trust_secret: &'a str,
    pub refresh_interval: &'a str,
}

/// The client trust as the server pods see it, under [`TRUST_MOUNT`].
fn mounted_trust() -> server_config::ClientTrust {
    server_config::ClientTrust {
        clients: format!("{TRUST_MOUNT}/{}", TRUST_KEYS[0]),
        internode: format!("{TRUST_MOUNT}/{}", TRUST_KEYS[1]),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum HelmError {
    #[error(
        "certificate '{0}' has no DNS or IP name, so admintools and the Web UI have no name to check the frontend against"
    )]
    NoServerName(String),
    #[error(
        "--chart main: the chart's own pods (admintools, the namespace-setup job and `helm test`) present the frontend Secret's \
         certificate as their client certificate, and frontend certificate '{0}' does not allow clientAuth, so a frontend that \
         requires client certificates refuses them. Either use the released chart's form (--chart released, the default), which \
         mounts a separate client certificate for them, or issue a frontend certificate that is also a client certificate \
         (an internode certificate is both: `tcerts issue internode --name frontend-mtls --dns NAME…` with the names clients dial) \
         and pass --frontend frontend-mtls"
    )]
    FrontendNotClient(String),
}

/// The name admintools and the Web UI check the frontend's certificate against.
fn frontend_name(c: &Cluster<'_>) -> Result<String, HelmError> {
    c.frontend
        .files
        .first_name()
        .ok_or_else(|| HelmError::NoServerName(c.frontend.files.name.clone()))
}

fn secret_volume(name: &str, secret: &str) -> Value {
    json!({ "name": name, "secret": { "secretName": secret } })
}

fn mount(name: &str, path: &str) -> Value {
    json!({ "name": name, "mountPath": path, "readOnly": true })
}

fn env(name: &str, value: &str) -> Value {
    json!({ "name": name, "value": value })
}

/// The temporal CLI's environment (what admintools and the namespace job run) for the
/// client Secret mounted at [`CLIENT_MOUNT`].
fn cli_env(server_name: &str) -> Value {
    json!([
        env("TEMPORAL_TLS", "true"),
        env(
            "TEMPORAL_TLS_CLIENT_CERT_PATH",
            &format!("{CLIENT_MOUNT}/tls.crt")
        ),
        env(
            "TEMPORAL_TLS_CLIENT_KEY_PATH",
            &format!("{CLIENT_MOUNT}/tls.key")
        ),
        env(
            "TEMPORAL_TLS_SERVER_CA_CERT_PATH",
            &format!("{CLIENT_MOUNT}/ca.crt")
        ),
        env("TEMPORAL_TLS_SERVER_NAME", server_name),
    ])
}

/// The Web UI server's environment (temporalio/ui) for the same Secret.
fn web_env(server_name: &str) -> Value {
    json!([
        env("TEMPORAL_TLS_CA", &format!("{CLIENT_MOUNT}/ca.crt")),
        env("TEMPORAL_TLS_CERT", &format!("{CLIENT_MOUNT}/tls.crt")),
        env("TEMPORAL_TLS_KEY", &format!("{CLIENT_MOUNT}/tls.key")),
        env("TEMPORAL_TLS_SERVER_NAME", server_name),
        env("TEMPORAL_TLS_ENABLE_HOST_VERIFICATION", "true"),
    ])
}

/// Values for the released chart (temporal-1.6.0).
pub fn released(c: &Cluster<'_>) -> Result<Value, Error> {
    let fe_name = frontend_name(c)?;
    let tls = server_config::tls(
        &Material::mounted(FRONTEND_MOUNT),
        &Material::mounted(INTERNODE_MOUNT),
        &mounted_trust(),
        Some(fe_name.clone()),
        c.internode.files.first_name(),
        c.refresh_interval,
    );
    let tls = serde_json::to_value(tls).map_err(|e| Error::TlsConfig(e.to_string()))?;
    let client_volumes = json!([secret_volume("tcerts-client-tls", c.client.secret)]);
    let client_mounts = json!([mount("tcerts-client-tls", CLIENT_MOUNT)]);
    Ok(json!({
        "server": {
            "config": { "tls": tls },
            "additionalVolumes": [
                secret_volume("tcerts-internode-tls", c.internode.secret),
                secret_volume("tcerts-frontend-tls", c.frontend.secret),
                secret_volume("tcerts-client-trust", c.trust_secret),
            ],
            "additionalVolumeMounts": [
                mount("tcerts-internode-tls", INTERNODE_MOUNT),
                mount("tcerts-frontend-tls", FRONTEND_MOUNT),
                mount("tcerts-client-trust", TRUST_MOUNT),
            ],
        },
        "admintools": {
            "additionalEnv": cli_env(&fe_name),
            "additionalVolumes": client_volumes.clone(),
            "additionalVolumeMounts": client_mounts.clone(),
        },
        "web": {
            "additionalEnv": web_env(&fe_name),
            "additionalVolumes": client_volumes,
            "additionalVolumeMounts": client_mounts,
        },
    }))
}

/// Values for the chart's main branch (`server.tls`, `web.tls`). Refuses a frontend
/// certificate without clientAuth: the chart's own pods present it as a client.
pub fn main_branch(c: &Cluster<'_>) -> Result<Value, Error> {
    let fe_name = frontend_name(c)?;
    let inn_name = c
        .internode
        .files
        .first_name()
        .ok_or_else(|| HelmError::NoServerName(c.internode.files.name.clone()))?;
    if c.frontend
        .files
        .cert
        .tls_ekus
        .is_some_and(|(_, client)| !client)
    {
        return Err(HelmError::FrontendNotClient(c.frontend.files.name.clone()).into());
    }
    let group = |m: &Mounted<'_>, path: &str, name: &str| {
        json!({
            "enabled": true,
            "secretName": m.secret,
            "mountPath": path,
            "requireClientAuth": true,
            "serverName": name,
        })
    };
    // The chart deep-merges server.config.tls over what it generates; it generates no
    // systemWorker block, so the server's own worker is told to present the internode
    // certificate to the frontend, as `export server-config` does.
    let inn = Material::mounted(INTERNODE_MOUNT);
    let fe = Material::mounted(FRONTEND_MOUNT);
    let full = server_config::tls(
        &fe,
        &inn,
        &mounted_trust(),
        Some(fe_name.clone()),
        Some(inn_name.clone()),
        c.refresh_interval,
    );
    let system_worker =
        serde_json::to_value(&full.system_worker).map_err(|e| Error::TlsConfig(e.to_string()))?;
    Ok(json!({
        "server": {
            "tls": {
                "internode": group(&c.internode, INTERNODE_MOUNT, &inn_name),
                "frontend": group(&c.frontend, FRONTEND_MOUNT, &fe_name),
            },
            "config": {
                "tls": {
                    "refreshInterval": c.refresh_interval,
                    "systemWorker": system_worker,
                },
            },
        },
        "web": {
            "tls": {
                "enabled": true,
                "secretName": c.client.secret,
                "mountPath": CLIENT_MOUNT,
                "serverName": fe_name,
                "enableHostVerification": true,
            },
        },
    }))
}
