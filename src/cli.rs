//! The command-line interface: clap definitions only. The work lives in `commands`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCandidates;

use crate::completion::{certificate_names, namespace_names};

use crate::pki::{KeyType, Role};

/// Private CA and mTLS certificates for Temporal deployments.
///
/// tcerts creates a root CA with an issuing intermediate (or an intermediate signed by
/// your enterprise root), per-namespace issuing CAs, and frontend, internode, worker and
/// CLI certificates with exactly the extensions Temporal needs.
#[derive(Debug, Parser)]
#[command(name = "tcerts", version, about, long_about, max_term_width = 100)]
#[command(
    after_help = "Exit status: 0 success, 1 a check failed, 2 usage or input error, 3 changes pending (plan), 4 apply wrote some certificates and failed on others."
)]
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

    /// No progress, success lines, next steps, notes, tables or descriptions; warnings and
    /// errors still print (stderr), and so does data asked for on stdout.
    #[arg(long, short, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,

    /// Read the CA key passphrase from the first line of this file (default:
    /// TCERTS_CA_PASSPHRASE).
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,

    /// The PKCS#11 module (shared library) for CA keys in tokens (default:
    /// TCERTS_PKCS11_MODULE).
    #[arg(long, global = true, value_name = "PATH")]
    pub pkcs11_module: Option<PathBuf>,
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
    /// Manage the CAs: import, rotate, retire, export-root-key.
    #[command(subcommand)]
    Ca(CaCommand),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the man page (roff), or write one per command to a directory.
    Man(ManArgs),
    /// Show what `apply` would change (exit 0: nothing due, 3: changes pending, 2: error).
    #[command(after_help = "Exit status: 0 nothing to do, 3 changes pending, 2 error.")]
    Plan,
    /// Make the certificates match tcerts.toml: create, renew and re-issue.
    #[command(
        after_help = "Exit status: 0 done, 2 error (nothing changed), 4 some certificates written, others failed (the message names both)."
    )]
    Apply(ApplyArgs),
    /// Re-issue declared certificates now, from their tcerts.toml entries (role, namespace,
    /// names, key type, validity, CSR): a new key unless --reuse-key.
    Renew(RenewArgs),
    /// List every CA and certificate with its status (from DIR/inventory.db).
    #[command(
        after_help = "Exit status: 0 ok, 1 something expires within --expiring-within, 2 error."
    )]
    List(ListArgs),
    /// Write expiry metrics in the Prometheus text format, for node_exporter's textfile
    /// collector: every certificate and CA, and the Temporal Cloud bundles' CAs.
    Metrics(MetricsArgs),
    /// Mark a certificate revoked (for `tcerts crl`); Temporal itself does not check CRLs.
    Revoke(RevokeArgs),
    /// Write a CRL for each still-trusted generation of the issuing CA (or a namespace's CA),
    /// each signed by that generation's key.
    Crl(CrlArgs),
    /// Build a namespace's accepted client CA bundle for Temporal Cloud, checked against
    /// every Cloud rule before it is written.
    #[command(after_help = BUNDLE_HELP)]
    Bundle(BundleArgs),
    /// Print the Temporal Cloud certificate filters that admit exactly one namespace's
    /// worker and CLI certificates.
    Filters(FiltersArgs),
    /// Write a certificate in the form a Temporal consumer reads: CLI profile, environment,
    /// Kubernetes Secret, Helm values, server config or PKCS#12.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Find why a Temporal mTLS connection fails: check certificate files, a CA bundle,
    /// the PKI directory, or a live endpoint, and explain pasted TLS errors.
    ///
    /// Without --cert, --bundle, --connect or --explain, checks everything in the PKI
    /// directory (--dir). Findings are grouped by certificate, each with a severity, a
    /// stable code (see docs/doctor.md) and a fix.
    #[command(
        after_help = "Exit status: 0 no error found, 1 at least one error, 2 doctor could not run."
    )]
    Doctor(DoctorArgs),
    /// Show every certificate in a file, or in a server's chain, in human-readable form.
    Inspect(InspectArgs),
    /// The issuance log (DIR/audit.jsonl): check its hash chain, or print it.
    #[command(subcommand)]
    Audit(AuditCommand),
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the log's hash chain and that every certificate on disk has its line.
    #[command(
        after_help = "Exit status: 0 the chain is intact and every certificate on disk is recorded, 1 it is not (the first broken line is named), 2 error."
    )]
    Verify(AuditVerifyArgs),
    /// Print the log, oldest first.
    List(AuditListArgs),
}

#[derive(Debug, Args)]
pub struct AuditVerifyArgs {
    /// Also check that line SEQ has this SHA-256 (a head recorded earlier, e.g. in a CI
    /// log): this catches lines removed from the end.
    #[arg(long, value_name = "SEQ:SHA256")]
    pub anchor: Vec<String>,
}

#[derive(Debug, Args)]
pub struct AuditListArgs {
    /// Only lines from this long ago (e.g. 7d) or since this time (RFC 3339).
    #[arg(long, value_name = "DURATION|TIME")]
    pub since: Option<String>,
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
    #[arg(long, conflicts_with = "key_store")]
    pub encrypt_ca_key: bool,

    /// Generate every CA key this PKI creates, now and later (namespace add, ca rotate), inside a PKCS#11 token, e.g.
    /// pkcs11:token=tcerts (RFC 7512; add ?pin-source=file:PATH or set TCERTS_PKCS11_PIN).
    /// The keys are sensitive and never extractable; tcerts.toml records their URIs.
    #[arg(long, value_name = "PKCS11-URI")]
    pub key_store: Option<String>,
}

#[derive(Debug, Args)]
pub struct IssueArgs {
    /// The Temporal role the certificate is for.
    #[arg(value_enum)]
    pub role: Role,

    /// Certificate name: its CN and its directory under DIR/certs (default: the role).
    #[arg(long, value_name = "NAME", add = ArgValueCandidates::new(certificate_names))]
    pub name: Option<String>,

    /// A DNS subject alternative name (repeatable).
    #[arg(long = "dns", value_name = "NAME")]
    pub dns: Vec<String>,

    /// An IP subject alternative name (repeatable).
    #[arg(long = "ip", value_name = "ADDR")]
    pub ip: Vec<String>,

    /// Temporal namespace (worker, cli): issue from that namespace's CA.
    #[arg(long, value_name = "NS", add = ArgValueCandidates::new(namespace_names))]
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

    /// Put the CSR's DNS names into the certificate as they are (the requester chose them).
    /// Without it, a CSR that asks for names needs them repeated with --dns.
    #[arg(long, requires = "csr", conflicts_with_all = ["dns", "ip"])]
    pub accept_csr_names: bool,

    /// Replace an existing certificate of this name.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum NamespaceCommand {
    /// Create a namespace's CA: by default its own self-signed root, so that its Cloud
    /// bundle and trust admit only its certificates (see docs/trust-model.md).
    Add(NamespaceAddArgs),
    /// List the namespaces and their CAs: each its own root (isolated), or under a shared
    /// root (isolation needs certificate filters).
    List,
}

#[derive(Debug, Args)]
pub struct NamespaceAddArgs {
    /// The Temporal namespace (e.g. payments, or payments.a1b2c on Temporal Cloud).
    pub namespace: String,

    #[command(flatten)]
    pub anchor: NamespaceAnchorArgs,

    /// Replace an existing namespace CA.
    #[arg(long)]
    pub force: bool,

    /// Generate the namespace CA's key inside a PKCS#11 token, e.g.
    /// pkcs11:token=tcerts (RFC 7512; add ?pin-source=file:PATH or set TCERTS_PKCS11_PIN).
    /// Default: the PKI's [key_store]. The key is sensitive and never extractable;
    /// tcerts.toml records its URI.
    #[arg(long, value_name = "PKCS11-URI")]
    pub key_store: Option<String>,
}

/// Where a namespace CA sits (recorded as `under_root` in tcerts.toml).
#[derive(Debug, Args)]
pub struct NamespaceAnchorArgs {
    /// Sign the namespace CA under the shared root (the default with --external-root):
    /// its Cloud bundle then holds that root, so only certificate filters isolate it, and
    /// retiring it does not cut its certificates off before they expire.
    #[arg(long, conflicts_with = "own_root")]
    pub under_root: bool,

    /// Make the namespace CA its own self-signed root (the default with a local root),
    /// also in a PKI under an enterprise root.
    #[arg(long)]
    pub own_root: bool,
}

impl NamespaceAnchorArgs {
    /// The choice given on the command line, if any.
    pub fn under_root(&self) -> Option<bool> {
        match (self.under_root, self.own_root) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        }
    }
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

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write tcerts.1 and a page per subcommand (tcerts-issue.1, tcerts-ca-rotate.1 and so on)
    /// into DIR instead of printing the top-level page.
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
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
pub struct RenewArgs {
    /// The certificates' names, as declared in tcerts.toml.
    #[arg(value_name = "NAME", required = true, add = ArgValueCandidates::new(certificate_names))]
    pub names: Vec<String>,

    /// Keep the existing key (default: a new key every time).
    #[arg(long)]
    pub reuse_key: bool,
}

#[derive(Debug, Args)]
pub struct MetricsArgs {
    /// Write to FILE atomically (e.g. /var/lib/node_exporter/textfile/tcerts.prom) instead
    /// of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Exit with status 1 if any CA or certificate expires within this duration (e.g. 30d;
    /// 0d: has expired).
    #[arg(long, value_name = "DURATION")]
    pub expiring_within: Option<String>,
}

#[derive(Debug, Args)]
pub struct CaScopeArgs {
    /// The CA of this namespace.
    #[arg(long, value_name = "NS", conflicts_with = "root", add = ArgValueCandidates::new(namespace_names))]
    pub namespace: Option<String>,

    /// The root CA (and, with it, every CA it signed).
    #[arg(long)]
    pub root: bool,
}

#[derive(Debug, Args)]
pub struct CaRotateArgs {
    #[command(flatten)]
    pub scope: CaScopeArgs,

    /// With --namespace: change where the namespace CA sits from this generation on
    /// (--own-root: its own root; --under-root: under the shared root).
    #[command(flatten)]
    pub anchor: NamespaceAnchorArgs,

    /// Generate the new CA keys inside a PKCS#11 token, e.g.
    /// pkcs11:token=tcerts (RFC 7512; add ?pin-source=file:PATH or set TCERTS_PKCS11_PIN).
    /// This moves a CA from a key file into a token: overlap, then `ca retire`. Default:
    /// the token of the CA's current key, else the PKI's [key_store]. The keys are
    /// sensitive and never extractable; tcerts.toml records their URIs.
    #[arg(long, value_name = "PKCS11-URI")]
    pub key_store: Option<String>,
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
    #[arg(add = ArgValueCandidates::new(certificate_names))]
    pub name: String,

    /// Why (RFC 5280 reason code).
    #[arg(long, value_enum)]
    pub reason: crate::revocation::Reason,
}

#[derive(Debug, Args)]
pub struct CrlArgs {
    /// The CRL of this namespace's CA (default: the issuing intermediate).
    #[arg(long, value_name = "NS", add = ArgValueCandidates::new(namespace_names))]
    pub namespace: Option<String>,

    /// Where to write the CRLs of every still-trusted generation of the CA, one after
    /// another (PEM); default DIR/crl/SCOPE.pem, plus DIR/crl/SCOPE-G<n>.pem per generation.
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

const BUNDLE_HELP: &str = "Formats: pem for `tcld namespace accepted-client-ca set --ca-certificate-file`, \
base64 for `--ca-certificate` and Terraform's accepted_client_ca, json to compare with \
`tcld namespace accepted-client-ca list`.\n\
Exit status: 0 written, 1 the bundle breaks a Temporal Cloud rule (nothing written), \
2 usage or input error.";

#[derive(Debug, Args)]
pub struct BundleArgs {
    /// The Temporal namespace whose CA the bundle trusts (default: the default issuing CA).
    #[arg(long, value_name = "NS", conflicts_with = "from", add = ArgValueCandidates::new(namespace_names))]
    pub namespace: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = BundleFormat::Pem)]
    pub format: BundleFormat,

    /// Write to FILE (atomically) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Build the bundle from these CA certificate files (PEM or DER) instead of the PKI,
    /// and check them against the Cloud rules the same way.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub from: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BundleFormat {
    /// PEM certificates, root first.
    Pem,
    /// Base64 of the PEM text, on one line.
    Base64,
    /// What `tcld namespace accepted-client-ca list` prints: fingerprint (SHA-1), issuer,
    /// subject, notBefore, notAfter, base64EncodedData.
    Json,
}

#[derive(Debug, Args)]
pub struct FiltersArgs {
    /// The Temporal namespace.
    #[arg(long, value_name = "NS", add = ArgValueCandidates::new(namespace_names))]
    pub namespace: String,

    /// Write to FILE (atomically) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Merge a profile for certificate NAME into the Temporal CLI / SDK config file
    /// (temporal.toml), keeping its other profiles and comments.
    TemporalProfile(ProfileExportArgs),
    /// TEMPORAL_* environment variables for certificate NAME, as shell `export` lines or a
    /// .env file.
    Env(EnvExportArgs),
    /// A kubernetes.io/tls Secret manifest for certificate NAME (tls.crt = chain, tls.key,
    /// ca.crt).
    K8sSecret(K8sSecretExportArgs),
    /// Values for the Temporal Helm chart (released temporal-1.6.0 by default, or --chart
    /// main): server TLS config, and admintools and Web UI client TLS, mounting the Secrets
    /// of `export k8s-secret`.
    HelmValues(HelmValuesExportArgs),
    /// The global.tls block of a self-hosted Temporal server's config for the PKI's
    /// frontend and internode certificates.
    ServerConfig(ServerConfigExportArgs),
    /// A PKCS#12 file (AES-256 PBES2) with certificate NAME, its key and chain, for Java.
    Pkcs12(Pkcs12ExportArgs),
    /// A Terraform `temporalcloud_namespace` resource for namespace NS: its accepted client
    /// CA bundle and certificate filters, with the values only you know as variables.
    Terraform(TerraformExportArgs),
}

#[derive(Debug, Args)]
pub struct TerraformExportArgs {
    /// The Temporal namespace.
    #[arg(long, value_name = "NS")]
    pub namespace: String,

    /// Write the snippet to FILE (atomically) and the PEM bundle beside it
    /// (NS-accepted-client-ca.pem, read with filebase64()); default: stdout, with the
    /// bundle inline.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Put the bundle's base64 in the snippet even with --output (no bundle file).
    #[arg(long)]
    pub inline: bool,
}

#[derive(Debug, Args)]
pub struct ProfileExportArgs {
    /// The certificate (a directory under DIR/certs).
    #[arg(add = ArgValueCandidates::new(certificate_names))]
    pub name: String,

    /// The profile to create or update (default: NAME).
    #[arg(long, value_name = "PROFILE")]
    pub profile: Option<String>,

    /// The frontend address, host:port.
    #[arg(long, value_name = "HOST:PORT")]
    pub address: String,

    /// The Temporal namespace (default: the certificate's namespace, if it has one).
    #[arg(long, value_name = "NS", add = ArgValueCandidates::new(namespace_names))]
    pub namespace: Option<String>,

    /// The name the frontend's certificate is checked against (--tls-server-name).
    #[arg(long, value_name = "NAME")]
    pub server_name: Option<String>,

    /// The config file to merge into (default, as the Temporal CLI: $TEMPORAL_CONFIG_FILE,
    /// else Go's os.UserConfigDir(): $HOME/Library/Application Support on macOS,
    /// $XDG_CONFIG_HOME or $HOME/.config elsewhere; then temporalio/temporal.toml).
    #[arg(long, value_name = "FILE")]
    pub config_file: Option<PathBuf>,

    /// Print the merged file on stdout instead of writing it.
    #[arg(long)]
    pub stdout: bool,
}

#[derive(Debug, Args)]
pub struct EnvExportArgs {
    /// The certificate (a directory under DIR/certs).
    #[arg(add = ArgValueCandidates::new(certificate_names))]
    pub name: String,

    /// The frontend address, host:port (TEMPORAL_ADDRESS).
    #[arg(long, value_name = "HOST:PORT")]
    pub address: Option<String>,

    /// The Temporal namespace (default: the certificate's namespace, if it has one).
    #[arg(long, value_name = "NS", add = ArgValueCandidates::new(namespace_names))]
    pub namespace: Option<String>,

    /// TEMPORAL_TLS_SERVER_NAME.
    #[arg(long, value_name = "NAME")]
    pub server_name: Option<String>,

    /// The PEM contents in the *_DATA variables instead of file paths (holds the key).
    #[arg(long)]
    pub inline: bool,

    /// A .env file (KEY="value") instead of shell `export` lines.
    #[arg(long)]
    pub dotenv: bool,

    /// Write to FILE (atomically; 0600 with --inline) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct K8sSecretExportArgs {
    /// The certificate (a directory under DIR/certs).
    #[arg(add = ArgValueCandidates::new(certificate_names))]
    pub name: String,

    /// The Kubernetes namespace of the Secret (metadata.namespace).
    #[arg(long, visible_alias = "k8s-namespace", value_name = "K8S_NS")]
    pub namespace: Option<String>,

    /// The Secret's name (default: temporal-NAME-tls).
    #[arg(long, value_name = "NAME")]
    pub secret_name: Option<String>,

    /// Write to FILE (atomically, 0600: it holds the key) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct HelmValuesExportArgs {
    /// Which Temporal Helm chart the values are for: `released` (temporal-1.6.0, the
    /// latest release: server.config.tls plus Secret volumes and additionalEnv) or `main`
    /// (the chart's main branch since commit e3cd39c: server.tls and web.tls).
    #[arg(long, value_enum, default_value_t = HelmChart::Released)]
    pub chart: HelmChart,

    /// The frontend certificate (default: the PKI's only frontend certificate).
    #[arg(long, value_name = "NAME", add = ArgValueCandidates::new(certificate_names))]
    pub frontend: Option<String>,

    /// The internode certificate (default: the PKI's only internode certificate).
    #[arg(long, value_name = "NAME", add = ArgValueCandidates::new(certificate_names))]
    pub internode: Option<String>,

    /// The client certificate admintools and the Web UI present to the frontend
    /// (default: the PKI's only cli certificate).
    #[arg(long, value_name = "NAME")]
    pub client: Option<String>,

    /// The frontend Secret's name (default: temporal-FRONTEND-tls).
    #[arg(long, value_name = "NAME")]
    pub frontend_secret: Option<String>,

    /// The internode Secret's name (default: temporal-INTERNODE-tls).
    #[arg(long, value_name = "NAME")]
    pub internode_secret: Option<String>,

    /// The client certificate's Secret name (default: temporal-CLIENT-tls).
    #[arg(long, value_name = "NAME")]
    pub client_secret: Option<String>,

    /// The generic Secret holding the PKI's client trust files (clients.pem,
    /// internode.pem): the servers' clientCaFiles in the released form.
    #[arg(long, value_name = "NAME", default_value = "tcerts-client-trust")]
    pub trust_secret: String,

    /// How often the server re-reads the certificate files (refreshInterval).
    #[arg(long, default_value = "1m", value_name = "DURATION")]
    pub refresh_interval: String,

    /// Write to FILE (atomically) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The Temporal Helm chart a values file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HelmChart {
    /// temporal-1.6.0, the latest released chart: TLS in server.config.tls, certificates
    /// mounted with additionalVolumes, clients configured with additionalEnv.
    Released,
    /// The chart's main branch (commit e3cd39c and later, unreleased): server.tls and web.tls.
    Main,
}

#[derive(Debug, Args)]
pub struct ServerConfigExportArgs {
    /// The frontend certificate (default: the PKI's only frontend certificate).
    #[arg(long, value_name = "NAME", add = ArgValueCandidates::new(certificate_names))]
    pub frontend: Option<String>,

    /// The internode certificate (default: the PKI's only internode certificate).
    #[arg(long, value_name = "NAME", add = ArgValueCandidates::new(certificate_names))]
    pub internode: Option<String>,

    /// Base64 *Data values instead of file paths (holds the keys).
    #[arg(long)]
    pub inline: bool,

    /// How often the server re-reads the certificate files (refreshInterval).
    #[arg(long, default_value = "1m", value_name = "DURATION")]
    pub refresh_interval: String,

    /// Write to FILE (atomically; 0600 with --inline) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct Pkcs12ExportArgs {
    /// The certificate (a directory under DIR/certs).
    #[arg(add = ArgValueCandidates::new(certificate_names))]
    pub name: String,

    /// The .p12 file to write (0600).
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,

    /// Read the password from the first line of FILE (else from $TCERTS_P12_PASSWORD).
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,

    /// The key entry's alias: the friendlyName of the key and of the leaf certificate
    /// (default: NAME).
    #[arg(long, value_name = "ALIAS")]
    pub alias: Option<String>,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// A certificate or chain file (leaf first) to check the way the peer will.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["bundle", "explain"])]
    pub cert: Option<PathBuf>,

    /// The private key of --cert (checked to match it, and to be loadable).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["bundle", "explain"])]
    pub key: Option<PathBuf>,

    /// The CA file the peer trusts (clientCaFiles, rootCaFiles, --tls-ca-path).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["bundle", "explain"])]
    pub ca: Option<PathBuf>,

    /// The name clients dial (DNS name or IP): checked against the server certificate's SANs.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["bundle", "explain"])]
    pub server_name: Option<String>,

    /// How the peer uses --cert: `server` (a client checks the frontend) or `client` (the
    /// frontend checks a worker or CLI certificate).
    #[arg(long, value_enum, conflicts_with_all = ["bundle", "explain", "connect"])]
    pub usage: Option<crate::doctor::Usage>,

    /// A CA bundle to check (a Temporal Cloud namespace's accepted client CAs, or clientCaFiles).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["connect", "explain"])]
    pub bundle: Option<PathBuf>,

    /// Which rules --bundle must meet [default: cloud].
    #[arg(long = "for", value_enum, value_name = "TARGET", requires = "bundle")]
    pub bundle_for: Option<crate::doctor::files::BundleTarget>,

    /// Handshake with a live endpoint and report its chain, the client CAs it asks for,
    /// the alert it sends, the TLS version and ALPN.
    #[arg(long, value_name = "HOST:PORT", conflicts_with = "explain")]
    pub connect: Option<String>,

    /// Seconds for the whole of --connect: name lookup, TCP connection, TLS handshakes and
    /// the wait for the server's verdict.
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=300))]
    pub timeout: u64,

    /// Explain an error message pasted from Go, rustls, OpenSSL, the Temporal CLI, an SDK or tcld.
    #[arg(long, value_name = "TEXT")]
    pub explain: Option<String>,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// A certificate, chain or bundle file (PEM or DER).
    #[arg(
        value_name = "FILE",
        required_unless_present = "connect",
        conflicts_with = "connect"
    )]
    pub file: Option<PathBuf>,

    /// Show the chain a live server presents instead.
    #[arg(long, value_name = "HOST:PORT")]
    pub connect: Option<String>,

    /// The TLS server name (SNI) for --connect [default: the host].
    #[arg(long, value_name = "NAME", requires = "connect")]
    pub server_name: Option<String>,

    /// Seconds for the whole of --connect: name lookup, TCP connection and TLS handshake.
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=300))]
    pub timeout: u64,
}
