//! The issuance profile of each Temporal role: which EKUs, whether SANs are required,
//! whether the certificate belongs to a namespace.

use std::fmt;

use rcgen::ExtendedKeyUsagePurpose as Eku;
use serde::{Deserialize, Serialize};

/// What a certificate is for, in Temporal's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The frontend service's server certificate, presented to SDKs, workers and the CLI.
    Frontend,
    /// The certificate every server service presents both as server and as client.
    Internode,
    /// A worker process's client certificate.
    Worker,
    /// A client certificate for people, CI and admin tools using the Temporal CLI.
    Cli,
    /// A generic TLS server certificate.
    Server,
    /// A generic TLS client certificate.
    Client,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Frontend => "frontend",
            Role::Internode => "internode",
            Role::Worker => "worker",
            Role::Cli => "cli",
            Role::Server => "server",
            Role::Client => "client",
        }
    }

    /// The extended key usages Temporal checks for this role. Internode certificates are
    /// used as server and as client certificate, so they carry both.
    pub fn extended_key_usages(self) -> Vec<Eku> {
        match self {
            Role::Frontend | Role::Server => vec![Eku::ServerAuth],
            Role::Internode => vec![Eku::ServerAuth, Eku::ClientAuth],
            Role::Worker | Role::Cli | Role::Client => vec![Eku::ClientAuth],
        }
    }

    /// Roles presented as a TLS server: Go refuses them without a SAN.
    pub fn is_server(self) -> bool {
        matches!(self, Role::Frontend | Role::Internode | Role::Server)
    }

    pub fn is_client(self) -> bool {
        matches!(
            self,
            Role::Internode | Role::Worker | Role::Cli | Role::Client
        )
    }

    /// Roles that connect to a Temporal namespace and may be issued by its CA.
    pub fn takes_namespace(self) -> bool {
        matches!(self, Role::Worker | Role::Cli | Role::Client)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
