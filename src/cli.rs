//! The command-line interface: clap definitions only. The work lives in `commands`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::pki::{KeyType, Role};

/// Private CA and mTLS certificates for Temporal deployments.
///
/// tcerts creates a root CA with an issuing intermediate (or an intermediate signed by
/// your enterprise root), per-namespace issuing CAs, and frontend, internode, worker and
/// CLI certificates with exactly the extensions Temporal needs.
#[derive(Debug, Parser)]
#[command(name = "tcerts", version, about, long_about, max_term_width = 100)]
#[command(after_help = "Exit status: 0 success, 1 a check failed, 2 usage or input error.")]
pub struct Cli {
    /// The PKI directory.
    #[arg(
        long,
        global = true,
        env = "TCERTS_DIR",
        default_value = "pki",
        value_name = "DIR"
    )]
    pub dir: PathBuf,

    /// Print results as JSON on stdout.
    #[arg(long, global = true)]
    pub json: bool,

    /// Print only errors and warnings.
    #[arg(long, short, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,

    /// Read the CA key passphrase from the first line of this file (default:
    /// TCERTS_CA_PASSPHRASE).
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a PKI: a root CA and an issuing intermediate, or an intermediate for an enterprise root.
    Init(InitArgs),
    /// Issue a certificate for a Temporal role, with a new key or from a CSR.
    Issue(IssueArgs),
    /// Manage per-namespace issuing CAs.
    #[command(subcommand)]
    Namespace(NamespaceCommand),
    /// Manage the CAs: import an intermediate signed by an enterprise root.
    #[command(subcommand)]
    Ca(CaCommand),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    Man,
    /// Show what `apply` would change (exit 0: nothing due, 3: changes pending, 2: error).
    #[command(after_help = "Exit status: 0 nothing to do, 3 changes pending, 2 error.")]
    Plan,
    /// Make the certificates match tcerts.toml: create, renew and re-issue.
    Apply(ApplyArgs),
    /// List every CA and certificate with its status (from DIR/inventory.json).
    #[command(
        after_help = "Exit status: 0 ok, 1 something expires within --expiring-within, 2 error."
    )]
    List(ListArgs),
    /// Mark a certificate revoked (for `tcerts crl`); Temporal itself does not check CRLs.
    Revoke(RevokeArgs),
    /// Write a CRL of the issuing CA (or a namespace's CA), signed by it.
    Crl(CrlArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Organisation (O) written into every certificate's subject.
    #[arg(long, value_name = "NAME")]
    pub org: String,

    /// Key type for the CAs and the default for certificates.
    #[arg(long, value_enum, default_value_t = KeyType::EcdsaP256)]
    pub key_type: KeyType,

    /// Validity of the root CA (e.g. 10y).
    #[arg(long, default_value = "10y", value_name = "DURATION")]
    pub root_validity: String,

    /// Validity of intermediate and namespace CAs (e.g. 5y).
    #[arg(long, default_value = "5y", value_name = "DURATION")]
    pub ca_validity: String,

    /// Default validity of leaf certificates (e.g. 90d).
    #[arg(long, default_value = "90d", value_name = "DURATION")]
    pub leaf_validity: String,

    /// Create only the issuing intermediate's key and CSR, to be signed by an existing
    /// enterprise root; then run `tcerts ca import`.
    #[arg(long)]
    pub external_root: bool,

    /// Replace an existing PKI (its CA files are moved to DIR/archive first).
    #[arg(long)]
    pub force: bool,

    /// Store CA keys as encrypted PKCS#8 (scrypt, AES-256-CBC); the passphrase comes from
    /// TCERTS_CA_PASSPHRASE or --passphrase-file, never from the command line.
    #[arg(long)]
    pub encrypt_ca_key: bool,
}

#[derive(Debug, Args)]
pub struct IssueArgs {
    /// The Temporal role the certificate is for.
    #[arg(value_enum)]
    pub role: Role,

    /// Certificate name: its CN and its directory under DIR/certs (default: the role).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// A DNS subject alternative name (repeatable).
    #[arg(long = "dns", value_name = "NAME")]
    pub dns: Vec<String>,

    /// An IP subject alternative name (repeatable).
    #[arg(long = "ip", value_name = "ADDR")]
    pub ip: Vec<String>,

    /// Temporal namespace (worker, cli): issue from that namespace's CA.
    #[arg(long, value_name = "NS")]
    pub namespace: Option<String>,

    /// Validity (e.g. 90d, 12h, 2w, 1y); default from tcerts.toml.
    #[arg(long, value_name = "DURATION")]
    pub validity: Option<String>,

    /// Key type of the new key; default from tcerts.toml.
    #[arg(long, value_enum)]
    pub key_type: Option<KeyType>,

    /// Sign this CSR (PEM or DER) instead of generating a key: the workload keeps its key.
    #[arg(long, value_name = "FILE", conflicts_with = "key_type")]
    pub csr: Option<PathBuf>,

    /// Replace an existing certificate of this name.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum NamespaceCommand {
    /// Create a per-namespace issuing CA.
    Add(NamespaceAddArgs),
    /// List the namespaces and their CAs.
    List,
}

#[derive(Debug, Args)]
pub struct NamespaceAddArgs {
    /// The Temporal namespace (e.g. payments, or payments.a1b2c on Temporal Cloud).
    pub namespace: String,

    /// Replace an existing namespace CA.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum CaCommand {
    /// Import the issuing intermediate signed by an enterprise root (after `init --external-root`).
    Import(CaImportArgs),
    /// Create the successor of a CA (default: the issuing intermediate); the old one stays
    /// trusted until `ca retire`.
    Rotate(CaRotateArgs),
    /// Remove rotated-out CAs once no unexpired certificate depends on them.
    Retire(CaRetireArgs),
    /// Write the root key to a file for offline storage and remove it from the PKI.
    ExportRootKey(CaExportRootKeyArgs),
}

#[derive(Debug, Args)]
pub struct CaImportArgs {
    /// The signed intermediate certificate (PEM or DER).
    pub cert: PathBuf,

    /// The issuer chain: any enterprise intermediates, then the enterprise root (PEM).
    #[arg(long, value_name = "FILE")]
    pub chain: PathBuf,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// Keep the existing key when renewing (default: a new key every time).
    #[arg(long)]
    pub reuse_key: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Exit with status 1 if any CA or certificate expires within this duration (e.g. 30d).
    #[arg(long, value_name = "DURATION")]
    pub expiring_within: Option<String>,
}

#[derive(Debug, Args)]
pub struct CaScopeArgs {
    /// The CA of this namespace.
    #[arg(long, value_name = "NS", conflicts_with = "root")]
    pub namespace: Option<String>,

    /// The root CA (and, with it, every CA it signed).
    #[arg(long)]
    pub root: bool,
}

#[derive(Debug, Args)]
pub struct CaRotateArgs {
    #[command(flatten)]
    pub scope: CaScopeArgs,
}

#[derive(Debug, Args)]
pub struct CaRetireArgs {
    #[command(flatten)]
    pub scope: CaScopeArgs,

    /// Retire even though unexpired certificates still depend on the old CA (they stop
    /// being trusted).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct RevokeArgs {
    /// The certificate's name (its directory under DIR/certs).
    pub name: String,

    /// Why (RFC 5280 reason code).
    #[arg(long, value_enum)]
    pub reason: crate::revocation::Reason,
}

#[derive(Debug, Args)]
pub struct CrlArgs {
    /// The CRL of this namespace's CA (default: the issuing intermediate).
    #[arg(long, value_name = "NS")]
    pub namespace: Option<String>,

    /// Where to write the CRL (PEM); default DIR/crl/SCOPE.pem.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// How long the CRL is valid (nextUpdate), e.g. 7d.
    #[arg(long, default_value = "7d", value_name = "DURATION")]
    pub next_update: String,
}

#[derive(Debug, Args)]
pub struct CaExportRootKeyArgs {
    /// Where to write the root key (must not exist; written 0600).
    #[arg(long, value_name = "FILE")]
    pub output: PathBuf,
}
