//! Values for the Temporal Helm chart (temporalio/helm-charts): `server.tls.internode` and
//! `server.tls.frontend`, each enabled, with the Secret the chart mounts (`tls.crt`,
//! `tls.key`, `ca.crt`, as `export k8s-secret` writes it) and the name clients check.

use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Values {
    pub server: Server,
}

#[derive(Debug, Serialize)]
pub struct Server {
    pub tls: Tls,
}

#[derive(Debug, Serialize)]
pub struct Tls {
    pub internode: Group,
    pub frontend: Group,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    pub enabled: bool,
    pub secret_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub require_client_auth: Option<bool>,
}

pub fn values(
    internode_secret: &str,
    internode_name: Option<String>,
    frontend_secret: &str,
    frontend_name: Option<String>,
) -> Values {
    Values {
        server: Server {
            tls: Tls {
                internode: Group {
                    enabled: true,
                    secret_name: internode_secret.to_string(),
                    server_name: internode_name,
                    require_client_auth: None,
                },
                frontend: Group {
                    enabled: true,
                    secret_name: frontend_secret.to_string(),
                    server_name: frontend_name,
                    require_client_auth: Some(true),
                },
            },
        },
    }
}
