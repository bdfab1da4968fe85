//! `tcerts.toml`: the declared PKI. Read with serde (unknown keys are errors that name
//! the line); changed with toml_edit so that the user's comments and layout survive.

use std::path::Path;

use serde::{Deserialize, Serialize};
use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, value};

use super::Error;
use crate::pki::{KeyType, Renewal, Role, Validity, validate_name, validate_namespace};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Written as O in every certificate's subject.
    pub organization: String,
    #[serde(default)]
    pub root: RootConfig,
    pub defaults: Defaults,
    #[serde(default, rename = "namespace")]
    pub namespaces: Vec<NamespaceConfig>,
    #[serde(default, rename = "certificate")]
    pub certificates: Vec<CertificateConfig>,
    /// Where CA keys created from now on are generated (`init --key-store`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_store: Option<super::key_store::KeyStoreConfig>,
    /// CA keys kept in PKCS#11 tokens, by the CA certificate's public key.
    #[serde(default, rename = "ca_key", skip_serializing_if = "Vec::is_empty")]
    pub ca_keys: Vec<super::key_store::CaKeyConfig>,
    /// `certificates` by name (the first of a name), built on first use: a PKI of 10,000
    /// certificates looks each one up, and a linear search made that quadratic.
    #[serde(skip)]
    pub(crate) by_name: std::sync::OnceLock<std::collections::HashMap<String, usize>>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RootConfig {
    #[serde(default)]
    pub mode: RootMode,
    /// CA keys are stored encrypted (`init --encrypt-ca-key`); new CA keys are too.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub encrypt_ca_keys: bool,
}

/// Who holds the root: tcerts (`local`) or an enterprise PKI that signed the issuing
/// intermediate (`external`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RootMode {
    #[default]
    Local,
    External,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    pub key_type: KeyType,
    pub root_validity: Validity,
    pub ca_validity: Validity,
    pub leaf_validity: Validity,
    /// Renew a certificate this long before it expires (default: in the last third of its
    /// lifetime).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renew_before: Option<Validity>,
    /// Due for renewal (doctor: expiring-soon, list: due) with fewer than this left, even
    /// before the renew window (default 14 days; see `pki::Renewal`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_warning: Option<Validity>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NamespaceConfig {
    pub name: String,
    /// Where the namespace's CA sits: `true`, under the shared (or enterprise) root, so
    /// its Cloud bundle must hold that root and only certificate filters isolate it;
    /// `false`, its own self-signed root (isolated by construction). Absent (a PKI from
    /// before this choice existed): the default of the root mode, see [`Self::under_root`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub under_root: Option<bool>,
}

impl NamespaceConfig {
    /// Whether the namespace's CA is declared to sit under the shared root: as recorded,
    /// else the default for the root mode (an enterprise root: under it; a local root: an
    /// independent namespace root).
    pub fn under_root(&self, mode: RootMode) -> bool {
        self.under_root.unwrap_or(mode == RootMode::External)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CertificateConfig {
    pub name: String,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dns: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ip: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_type: Option<KeyType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity: Option<Validity>,
    /// Renew this long before expiry; default: [defaults] renew_before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renew_before: Option<Validity>,
    /// Sign this CSR instead of generating a key (path relative to the PKI directory or absolute).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csr: Option<String>,
}

/// Why two namespace names that differ only in case cannot coexist.
pub const CASE_CLASH_WHY: &str = "Temporal Cloud certificate filters match the organizational unit (OU=namespace) case-insensitively, so a filter could not tell the two namespaces' certificates apart";

/// The file `init` writes. Every commented `key = value` line and `[[table]]` block is an
/// example that parses, in place, once its `# ` is removed: settings of a table sit before
/// that table's first key (so they stay in it as tables are appended), whole-table examples
/// sit at the end of the file (which stays the end: new tables go before it).
const STARTER: &str = r#"# tcerts PKI configuration.
# tcerts reads this file on every run; `tcerts issue` and `tcerts namespace add` record
# what they create here. Keep it in version control: it holds no secrets.
# `tcerts plan` shows what is missing, due for renewal or changed; `tcerts apply` does it.
# A commented `key = value` line or block is an example: remove its `# ` to use it there.

# Written as O= in every certificate's subject.
organization = ""

[root]
# "local": tcerts holds the root CA key. "external": an enterprise root signed the
# issuing intermediate (`tcerts init --external-root`, then `tcerts ca import`).
mode = "local"

[defaults]
# Renew every certificate this long before it expires (a [[certificate]] may set its
# own). Default: in the last third of each certificate's lifetime (30 days before the
# end of a 90-day certificate).
# renew_before = "14d"
# Also due when fewer than this is left, whichever comes first (never more than a third
# of a certificate's lifetime). Default: 14 days. doctor, plan, apply and list agree.
# expiry_warning = "21d"
# ecdsa-p256, ecdsa-p384, rsa-2048, rsa-3072, rsa-4096 or ed25519 (Temporal Cloud
# accepts only RSA and ECDSA).
key_type = "ecdsa-p256"
# Durations: a number and a unit, h, d, w or y (365 days).
root_validity = "10y"
ca_validity = "5y"
leaf_validity = "90d"

# Namespaces and certificates follow: `tcerts namespace add` and `tcerts issue` add
# their entries above these examples.
#
# A namespace with its own issuing CA for its workers' and CLI certificates; declare it
# here, then `tcerts namespace add orders` creates the CA (or run only that command):
# [[namespace]]
# name = "orders"
#
# A server certificate: every [[certificate]] key and what it defaults to.
# [[certificate]]
# name = "edge-frontend"     # its CN and its directory, certs/edge-frontend
# role = "frontend"          # frontend, internode, worker, cli, server or client
# dns = ["temporal.example.com", "localhost"]
# ip = ["127.0.0.1"]
# key_type = "ecdsa-p384"    # default: [defaults] key_type
# validity = "30d"           # default: [defaults] leaf_validity
# renew_before = "10d"       # default: [defaults] renew_before
#
# A worker certificate from namespace orders' CA, with OU=orders (what Temporal Cloud
# certificate filters match); needs the namespace's CA: `tcerts namespace add orders`.
# [[certificate]]
# name = "orders-worker"
# role = "worker"
# namespace = "orders"       # worker, cli, client only
#
# A certificate signed from a CSR, so that the workload keeps its key (the path is
# relative to this directory; the CSR's key replaces key_type).
# [[certificate]]
# name = "w1"
# role = "worker"
# csr = "requests/w1.csr"
"#;

impl Config {
    /// Parses and checks the file. Every name that becomes part of a path (namespace and
    /// certificate names) is validated here, exactly as the CLI validates its flags, so no
    /// command ever builds a path from an unchecked entry (`../../outside`).
    pub fn parse(path: &Path, text: &str) -> Result<Config, Error> {
        let config: Config = toml::from_str(text).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        config.check_names().map_err(|message| Error::Config {
            path: path.to_path_buf(),
            message,
        })?;
        Ok(config)
    }

    /// The declared namespace whose name equals `name` ignoring case but is spelled
    /// differently (`Payments` for `payments`).
    pub fn namespace_case_clash(&self, name: &str) -> Option<&str> {
        self.namespaces
            .iter()
            .map(|n| n.name.as_str())
            .find(|n| *n != name && n.eq_ignore_ascii_case(name))
    }

    fn check_names(&self) -> Result<(), String> {
        for ns in &self.namespaces {
            validate_namespace(&ns.name)
                .map_err(|e| format!("[[namespace]] name = {:?}: {e}", ns.name))?;
        }
        let names: Vec<&str> = self.namespaces.iter().map(|n| n.name.as_str()).collect();
        for (i, a) in names.iter().enumerate() {
            // An exact repeat is harmless (one CA directory); a different spelling is not.
            if let Some(b) = names[..i]
                .iter()
                .find(|b| *b != a && b.eq_ignore_ascii_case(a))
            {
                return Err(format!(
                    "namespaces '{b}' and '{a}' differ only in case: {CASE_CLASH_WHY}; keep one of the [[namespace]] entries"
                ));
            }
        }
        for c in &self.certificates {
            validate_name(&c.name)
                .map_err(|e| format!("[[certificate]] name = {:?}: {e}", c.name))?;
            if let Some(ns) = &c.namespace {
                validate_namespace(ns).map_err(|e| {
                    format!("[[certificate]] '{}': namespace = {ns:?}: {e}", c.name)
                })?;
            }
        }
        Ok(())
    }

    /// The commented starter file with these settings filled in.
    pub fn starter(&self) -> String {
        let mut doc: DocumentMut = STARTER.parse().unwrap_or_default();
        doc["organization"] = value(self.organization.as_str());
        doc["root"]["mode"] = value(match self.root.mode {
            RootMode::Local => "local",
            RootMode::External => "external",
        });
        if self.root.encrypt_ca_keys {
            doc["root"]["encrypt_ca_keys"] = value(true);
        }
        let d = &self.defaults;
        doc["defaults"]["key_type"] = value(d.key_type.as_str());
        doc["defaults"]["root_validity"] = value(d.root_validity.to_string());
        doc["defaults"]["ca_validity"] = value(d.ca_validity.to_string());
        doc["defaults"]["leaf_validity"] = value(d.leaf_validity.to_string());
        let text = doc.to_string();
        match d.renew_before {
            // In place of its commented example, so that the file never holds both.
            Some(r) => text.replace(
                "# renew_before = \"14d\"\n",
                &format!("renew_before = \"{r}\"\n"),
            ),
            None => text,
        }
    }

    pub fn namespace(&self, name: &str) -> Option<&NamespaceConfig> {
        self.namespaces.iter().find(|n| n.name == name)
    }

    pub fn certificate(&self, name: &str) -> Option<&CertificateConfig> {
        let index = self.by_name.get_or_init(|| {
            let mut m = std::collections::HashMap::with_capacity(self.certificates.len());
            for (i, c) in self.certificates.iter().enumerate() {
                m.entry(c.name.clone()).or_insert(i);
            }
            m
        });
        index
            .get(name)
            .and_then(|&i| self.certificates.get(i))
            .filter(|c| c.name == name)
    }

    /// The renewal rule of the certificate `name` (its renew_before, else [defaults]).
    pub fn leaf_renewal(&self, name: &str) -> Renewal {
        self.renewal_of(self.certificate(name))
    }

    /// The renewal rule of a declaration (its renew_before, else [defaults]).
    pub fn renewal_of(&self, decl: Option<&CertificateConfig>) -> Renewal {
        Renewal {
            renew_before: decl
                .and_then(|c| c.renew_before)
                .or(self.defaults.renew_before)
                .map(Validity::duration),
            ..self.ca_renewal()
        }
    }

    /// The renewal rule of a CA: the last third of its lifetime (renew_before is for
    /// leaves), or the expiry warning.
    pub fn ca_renewal(&self) -> Renewal {
        Renewal {
            renew_before: None,
            expiry_warning: self
                .defaults
                .expiry_warning
                .unwrap_or(crate::pki::DEFAULT_EXPIRY_WARNING)
                .duration(),
        }
    }
}

/// Edits `text` (the current tcerts.toml) keeping comments: adds a namespace, or records
/// where its CA sits when it is already there.
pub fn add_namespace(path: &Path, text: &str, ns: &str, under_root: bool) -> Result<String, Error> {
    let mut doc = parse_doc(path, text)?;
    let tables = array_of_tables(&mut doc, "namespace");
    if let Some(t) = tables
        .iter_mut()
        .find(|t| t.get("name").and_then(Item::as_str) == Some(ns))
    {
        t["under_root"] = value(under_root);
    } else {
        let mut t = Table::new();
        t["name"] = value(ns);
        t["under_root"] = value(under_root);
        tables.push(t);
    }
    Ok(doc.to_string())
}

/// The `[[namespace]]` table [`add_namespace`] adds for a namespace the file does not
/// declare, to be added after the last table; None if toml_edit would write it otherwise
/// (then the whole file is edited).
pub fn namespace_insertion(
    path: &Path,
    ns: &str,
    under_root: bool,
) -> Result<Option<NewTable>, Error> {
    let probe = "[[namespace]]\nname = \"\"\n";
    let rendered = add_namespace(path, probe, ns, under_root)?;
    Ok(rendered
        .strip_prefix(probe)
        .map(|t| NewTable(t.to_string())))
}

/// Edits `text` keeping comments: records a certificate, updating the entry of that name
/// in place (its comments and the order of its keys stay) or appending a new one. `note`,
/// when given, is written as a comment line above the entry, so that a change a command
/// made to a declaration shows in the file and in its diff.
pub fn upsert_certificate(
    path: &Path,
    text: &str,
    cert: &CertificateConfig,
    note: Option<&str>,
) -> Result<String, Error> {
    let mut doc = parse_doc(path, text)?;
    let fields: [(&str, Option<Item>); 9] = [
        ("name", Some(value(cert.name.as_str()))),
        ("role", Some(value(cert.role.as_str()))),
        ("namespace", cert.namespace.as_deref().map(value)),
        (
            "dns",
            (!cert.dns.is_empty()).then(|| value(cert.dns.iter().collect::<Array>())),
        ),
        (
            "ip",
            (!cert.ip.is_empty()).then(|| value(cert.ip.iter().collect::<Array>())),
        ),
        ("key_type", cert.key_type.map(|k| value(k.as_str()))),
        ("validity", cert.validity.map(|v| value(v.to_string()))),
        (
            "renew_before",
            cert.renew_before.map(|v| value(v.to_string())),
        ),
        ("csr", cert.csr.as_deref().map(value)),
    ];
    let tables = array_of_tables(&mut doc, "certificate");
    let existing = tables
        .iter_mut()
        .find(|x| x.get("name").and_then(Item::as_str) == Some(cert.name.as_str()));
    let (t, new) = if let Some(t) = existing {
        (t, false)
    } else {
        tables.push(Table::new());
        match tables.iter_mut().last() {
            Some(t) => (t, true),
            None => unreachable!("just pushed"),
        }
    };
    for (key, item) in fields {
        match item {
            // An unchanged value keeps its formatting and trailing comment.
            Some(item) if same_value(t.get(key), &item) => {}
            Some(item) => t[key] = item,
            None => {
                t.remove(key);
            }
        }
    }
    if let Some(note) = note {
        let prefix = t
            .decor()
            .prefix()
            .and_then(|p| p.as_str())
            .unwrap_or(if new { "\n" } else { "" })
            .to_string();
        let sep = if prefix.is_empty() || prefix.ends_with('\n') {
            ""
        } else {
            "\n"
        };
        let mut lines = String::new();
        for l in note.lines() {
            lines.push_str("# ");
            lines.push_str(l);
            lines.push('\n');
        }
        t.decor_mut().set_prefix(format!("{prefix}{sep}{lines}"));
    }
    Ok(doc.to_string())
}

/// Which `[[certificate]]` entries of tcerts.toml a command reads. A command about one
/// certificate reads only the entries that may declare it: in a PKI of 10,000 declared
/// certificates, parsing all of them would cost more than issuing one (issue #11).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Declarations<'a> {
    All,
    /// The entries that may declare certificate NAME, and the frontends (whose names go
    /// into connection hints).
    For(&'a str),
    /// None: the organization, defaults, root, namespaces and CA keys only.
    NoCertificates,
}

impl Config {
    /// Parses the file with only the `[[certificate]]` entries `which` names. Entries are
    /// skipped by their text, before parsing; a file the split cannot be sure of (a
    /// multi-line string) or whose reduced form does not parse is parsed whole, so an
    /// error is reported as [`Config::parse`] reports it.
    pub fn parse_declarations(
        path: &Path,
        text: &str,
        which: Declarations<'_>,
    ) -> Result<Config, Error> {
        Self::parse_declarations_kept(path, text, which).map(|(config, _)| config)
    }

    /// [`Config::parse_declarations`], with the reduced text it parsed (None when it
    /// parsed the whole text).
    pub(crate) fn parse_declarations_kept(
        path: &Path,
        text: &str,
        which: Declarations<'_>,
    ) -> Result<(Config, Option<String>), Error> {
        if which != Declarations::All
            && let Some(reduced) = select_certificates(text, which)
            && let Ok(config) = Self::parse(path, &reduced)
        {
            return Ok((config, Some(reduced)));
        }
        Ok((Self::parse(path, text)?, None))
    }
}

/// `text` without the `[[certificate]]` tables `which` does not want; None when the file
/// holds a multi-line string, inside which a line could look like a table header.
///
/// A few vectorised searches over the whole file and one walk over its line starts:
/// 10,000 tables (480 KB) take 0.4-0.5 ms in the release build on the 2-core benchmark
/// VM, so `issue` in such a file costs little more than in a small one (issue #11).
fn select_certificates(text: &str, which: Declarations<'_>) -> Option<String> {
    use memchr::{memchr_iter, memmem};
    let bytes = text.as_bytes();
    if memmem::find(bytes, br#"""""#).is_some() || memmem::find(bytes, b"'''").is_some() {
        return None;
    }
    // Where the text mentions what a kept table must mention (sorted offsets).
    let mentions: Vec<usize> = match which {
        Declarations::For(name) => {
            // Conservative: any mention of the name quoted (or an escape that could spell
            // it), and any frontend; what is kept is then parsed and matched exactly. The
            // name is searched once and its quotes checked around each hit.
            let quoted = |&p: &usize| {
                let q = p.checked_sub(1).map(|b| bytes[b]);
                matches!(q, Some(b'"' | b'\'')) && bytes.get(p + name.len()).copied() == q
            };
            let mut at: Vec<usize> = memmem::find_iter(bytes, name.as_bytes())
                .filter(quoted)
                .chain(memmem::find_iter(bytes, b"frontend"))
                .chain(memchr_iter(b'\\', bytes))
                .collect();
            at.sort_unstable();
            at
        }
        _ => Vec::new(),
    };
    let keep = |from: usize, to: usize| match which {
        Declarations::All => true,
        Declarations::NoCertificates => false,
        Declarations::For(_) => {
            let first = mentions.partition_point(|&p| p < from);
            mentions.get(first).is_some_and(|&p| p < to)
        }
    };
    let mut out = String::with_capacity(text.len().min(1 << 16));
    // Copied up to here.
    let mut copied = 0;
    // Ends the certificate table that starts at `from` (if any) at `to`: dropped from the
    // output unless kept. A skipped entry is still checked: a name that would leave the
    // PKI makes every command refuse the file, as the whole parse does (it says why), so
    // an unsafe one makes this give up (false).
    let mut close = |table: Option<usize>, names_safe: bool, to: usize, out: &mut String| {
        let Some(from) = table else {
            return true;
        };
        if keep(from, to) {
            return true;
        }
        if !names_safe {
            return false;
        }
        out.push_str(&text[copied..from]);
        copied = to;
        true
    };
    // Only lines that start (after blanks) with `[` or `name` matter. Line ends are found
    // with one vectorised byte search (10,000 tables: 40,000 lines in about 25 µs); a
    // search for a longer needle costs far more per hit when hits are this dense.
    let mut line_ends = newlines(bytes).chain(std::iter::once(bytes.len()));
    // The certificate table being read (its start), and whether its names are safe.
    let mut table: Option<usize> = None;
    let mut names_safe = true;
    let mut start = 0;
    while start < bytes.len() {
        let end = line_ends.next().unwrap_or(bytes.len());
        let first = start
            + bytes[start..end]
                .iter()
                .take_while(|&&b| b == b' ' || b == b'\t')
                .count();
        match bytes.get(first) {
            Some(b'[') => {
                if !close(table, names_safe, start, &mut out) {
                    return None;
                }
                let header = &text[first..end];
                let certificate = header == "[[certificate]]" || is_certificate_header(header);
                if !certificate
                    && header
                        .trim_start_matches(['[', ' ', '\t', '"', '\''])
                        .starts_with("certificate")
                {
                    // A sub-table of an entry (not a tcerts key): only a whole parse can
                    // say which entry it belongs to.
                    return None;
                }
                table = certificate.then_some(start);
                names_safe = true;
            }
            Some(b'n') if table.is_some() && bytes[first..end].starts_with(b"name") => {
                names_safe &= name_line_is_safe(&text[first..end]);
            }
            _ => {}
        }
        start = end + 1;
    }
    if !close(table, names_safe, bytes.len(), &mut out) {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(out)
}

/// Where `bytes` holds `\n`, in order: a 64-byte block is compared at once (the compiler
/// makes it a few vector compares and mask moves) and its set bits walked, which costs
/// about a nanosecond a line where calling a byte search per line costs four.
fn newlines(bytes: &[u8]) -> Newlines<'_> {
    Newlines {
        bytes,
        next_word: 0,
        word_at: 0,
        bits: 0,
    }
}

/// See [`newlines`]: eight bytes at a time, a word's newlines found with arithmetic.
struct Newlines<'a> {
    bytes: &'a [u8],
    next_word: usize,
    word_at: usize,
    /// The high bit of each byte of the current word that is a newline.
    bits: u64,
}

impl Iterator for Newlines<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
        while self.bits == 0 {
            let at = self.next_word;
            let word = match self.bytes.get(at..at + 8) {
                Some(w) => u64::from_le_bytes(w.try_into().unwrap_or([0; 8])),
                None if at < self.bytes.len() => {
                    let mut w = [0u8; 8];
                    w[..self.bytes.len() - at].copy_from_slice(&self.bytes[at..]);
                    u64::from_le_bytes(w)
                }
                None => return None,
            };
            // A byte's high bit is set exactly when the byte is a newline (no carries
            // between bytes: each byte's low seven bits plus 0x7f stays within the byte).
            let v = word ^ 0x0a0a_0a0a_0a0a_0a0a;
            self.bits = !(((v & LOW7) + LOW7) | v) & !LOW7;
            self.word_at = at;
            self.next_word = at + 8;
        }
        let i = (self.bits.trailing_zeros() / 8) as usize;
        self.bits &= self.bits - 1;
        Some(self.word_at + i)
    }
}

/// Whether a line of a skipped `[[certificate]]` table (leading blanks removed) that sets
/// `name` or `namespace` sets it to a plain quoted string that passes the checks
/// [`Config::parse`] makes (else the file is parsed whole); other lines pass.
fn name_line_is_safe(line: &str) -> bool {
    // The shape tcerts writes, `name = "w1"`, judged byte by byte (10,000 per command).
    if let Some(value) = line
        .strip_prefix("name = \"")
        .and_then(|v| v.strip_suffix('"').or_else(|| v.strip_suffix("\"\r")))
        && !value.is_empty()
        && value.len() <= 64
        && !value.starts_with(['.', '-'])
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    {
        return true;
    }
    let t = line.strip_suffix('\r').unwrap_or(line);
    let (key, check): (&str, fn(&str) -> bool) = if t.starts_with("namespace") {
        ("namespace", |v| validate_namespace(v).is_ok())
    } else if t.starts_with("name") {
        ("name", |v| validate_name(v).is_ok())
    } else {
        return true;
    };
    let Some(rest) = t[key.len()..].trim_start().strip_prefix('=') else {
        // Another key that starts with the same letters.
        return t[key.len()..]
            .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    };
    let v = rest.trim();
    let quoted = |q: char| {
        v.strip_prefix(q)
            .and_then(|r| r.split_once(q))
            .filter(|(_, after)| after.trim().is_empty() || after.trim().starts_with('#'))
            .map(|(inner, _)| inner)
    };
    quoted('"')
        .or_else(|| quoted('\''))
        .is_some_and(|inner| !inner.contains('\\') && check(inner))
}

/// Whether a line (leading blanks removed) is `[[certificate]]`, possibly spaced and
/// followed by a comment.
fn is_certificate_header(t: &str) -> bool {
    let Some(rest) = t.strip_prefix("[[") else {
        return false;
    };
    let Some(rest) = rest.trim_start().strip_prefix("certificate") else {
        return false;
    };
    let Some(rest) = rest.trim_start().strip_prefix("]]") else {
        return false;
    };
    let rest = rest.trim_start();
    rest.is_empty() || rest.starts_with('#')
}

/// The `[[certificate]]` table [`upsert_certificate`] adds for a certificate the file does
/// not declare, to be added after the last table; None if toml_edit would write it
/// otherwise (then the whole file is edited).
pub fn certificate_insertion(
    path: &Path,
    cert: &CertificateConfig,
    note: Option<&str>,
) -> Result<Option<NewTable>, Error> {
    // The table as toml_edit writes a new one after an existing table.
    let probe = "[[certificate]]\nname = \"\"\n";
    let rendered = upsert_certificate(path, probe, cert, note)?;
    Ok(rendered
        .strip_prefix(probe)
        .map(|t| NewTable(t.to_string())))
}

/// A rendered table (whole lines) to add to tcerts.toml after its last table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTable(String);

impl NewTable {
    /// Where it goes in `text`: after the last table, before the comments and blank
    /// lines that end the file.
    pub fn of(&self, text: &str) -> Insertion {
        let at = trailer_start(text);
        let body = &text[..at];
        let sep = if !body.is_empty() && !body.ends_with('\n') {
            "\n"
        } else {
            ""
        };
        Insertion {
            at,
            lines: format!("{sep}{}", self.0),
        }
    }
}

/// Whole lines added to a text at one place. A 50-byte table added to a 480 KB file is
/// written as the text around it and the lines, without copying the file in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Insertion {
    /// A line start of the text.
    at: usize,
    lines: String,
}

impl Insertion {
    /// The new text in three parts: what comes before, the lines, what comes after.
    pub fn parts<'t>(&'t self, text: &'t str) -> [&'t str; 3] {
        let (before, after) = text.split_at(self.at);
        [before, &self.lines, after]
    }

    pub fn apply(&self, text: &str) -> String {
        self.parts(text).concat()
    }

    /// What reducing the new text gives (see [`Declarations`]), from what reducing the
    /// text before gave: the lines added after the last table go after it, where only
    /// comments and blank lines follow them (unit-tested against reducing the new text).
    pub(crate) fn after_reduced(&self, reduced: &str) -> String {
        let sep = if reduced.is_empty() || reduced.ends_with('\n') {
            ""
        } else {
            "\n"
        };
        format!("{reduced}{sep}{}", self.lines)
    }
}

/// Where the comments and blank lines that end `text` begin.
fn trailer_start(text: &str) -> usize {
    let mut end = text.len();
    let mut start = text.len();
    while end > 0 {
        let line_start = text[..end.saturating_sub(1)]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let line = text[line_start..end].trim();
        if line.is_empty() || line.starts_with('#') {
            start = line_start;
            end = line_start;
        } else {
            break;
        }
    }
    start
}

fn same_value(old: Option<&Item>, new: &Item) -> bool {
    let show = |i: &Item| {
        i.as_value()
            .map(|v| v.clone().decorated("", "").to_string())
    };
    old.is_some_and(|o| show(o).is_some() && show(o) == show(new))
}

pub(super) fn parse_doc(path: &Path, text: &str) -> Result<DocumentMut, Error> {
    text.parse()
        .map_err(|e: toml_edit::TomlError| Error::Config {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
}

pub(super) fn array_of_tables<'a>(doc: &'a mut DocumentMut, key: &str) -> &'a mut ArrayOfTables {
    if !doc.get(key).is_some_and(Item::is_array_of_tables) {
        doc[key] = Item::ArrayOfTables(ArrayOfTables::new());
    }
    match doc[key].as_array_of_tables_mut() {
        Some(t) => t,
        None => unreachable!("just set to an array of tables"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Config {
        Config {
            organization: "Acme \"Corp\"".into(),
            root: RootConfig::default(),
            defaults: Defaults {
                key_type: KeyType::EcdsaP256,
                root_validity: Validity::years(10),
                ca_validity: Validity::years(5),
                leaf_validity: Validity::days(90),
                renew_before: None,
                expiry_warning: None,
            },
            namespaces: vec![],
            certificates: vec![],
            key_store: None,
            ca_keys: vec![],
            by_name: std::sync::OnceLock::new(),
        }
    }

    #[test]
    fn starter_round_trips_and_edits_keep_comments() {
        let p = Path::new("tcerts.toml");
        let text = sample().starter();
        let back = Config::parse(p, &text).unwrap();
        assert_eq!(back.organization, "Acme \"Corp\"");
        let text = add_namespace(p, &text, "payments", false).unwrap();
        let text = add_namespace(p, &text, "payments", true).unwrap();
        let cert = CertificateConfig {
            name: "w1".into(),
            role: Role::Worker,
            namespace: Some("payments".into()),
            dns: vec![],
            ip: vec![],
            key_type: None,
            validity: Some(Validity::days(30)),
            renew_before: Some(Validity::days(10)),
            csr: None,
        };
        let text = upsert_certificate(p, &text, &cert, None).unwrap();
        let text = upsert_certificate(p, &text, &cert, None).unwrap();
        assert!(text.contains("# Durations: a number and a unit"));
        let back = Config::parse(p, &text).unwrap();
        assert_eq!(back.namespaces.len(), 1);
        assert_eq!(back.namespaces[0].under_root, Some(true));
        assert!(back.namespaces[0].under_root(RootMode::Local));
        assert_eq!(back.certificates, vec![cert]);
    }

    #[test]
    fn namespaces_differing_only_in_case_are_refused_naming_the_file() {
        let p = Path::new("x/tcerts.toml");
        let text = add_namespace(p, &sample().starter(), "payments", false).unwrap();
        let config = Config::parse(p, &text).unwrap();
        assert_eq!(config.namespace_case_clash("Payments"), Some("payments"));
        assert_eq!(config.namespace_case_clash("payments"), None);
        assert_eq!(config.namespace_case_clash("orders"), None);
        let text = add_namespace(p, &text, "PAYMENTS", false).unwrap();
        let err = Config::parse(p, &text).unwrap_err().to_string();
        assert!(err.contains("x/tcerts.toml"), "{err}");
        assert!(err.contains("'payments' and 'PAYMENTS'"), "{err}");
        assert!(err.contains("case-insensitively"), "{err}");
    }

    #[test]
    fn names_that_become_paths_are_checked_on_load() {
        let p = Path::new("pki/tcerts.toml");
        for (entry, needle) in [
            (
                "[[namespace]]\nname = \"../../../outside/ns\"\n",
                "[[namespace]]",
            ),
            ("[[namespace]]\nname = \"a/b\"\n", "a/b"),
            (
                "[[certificate]]\nname = \"../w\"\nrole = \"worker\"\n",
                "[[certificate]]",
            ),
            (
                "[[certificate]]\nname = \"w\"\nrole = \"worker\"\nnamespace = \"../x\"\n",
                "namespace",
            ),
        ] {
            let text = format!("{}\n{entry}", sample().starter());
            let err = Config::parse(p, &text).unwrap_err().to_string();
            assert!(err.starts_with("pki/tcerts.toml: "), "{err}");
            assert!(err.contains(needle), "{err}");
        }
    }

    #[test]
    fn table_settings_stay_in_their_table_as_entries_are_appended() {
        let p = Path::new("tcerts.toml");
        let mut text = sample().starter();
        text = add_namespace(p, &text, "payments", false).unwrap();
        let cert = CertificateConfig {
            namespace: Some("payments".into()),
            ..plain("w1", Role::Worker)
        };
        text = upsert_certificate(p, &text, &cert, None).unwrap();
        let on = text.replace("# renew_before = \"14d\"", "renew_before = \"14d\"");
        let back = Config::parse(p, &on).unwrap();
        assert_eq!(back.defaults.renew_before, Some(Validity::days(14)));
        assert_eq!(back.certificates[0].renew_before, None);
        // The whole-table examples stay after every real table.
        let last_table = text.rfind("\n[[certificate]]").unwrap();
        assert!(text.find("# [[namespace]]").unwrap() > last_table, "{text}");
        // A starter with renew_before set holds it once, uncommented.
        let mut c = sample();
        c.defaults.renew_before = Some(Validity::days(20));
        let text = c.starter();
        assert_eq!(
            Config::parse(p, &text).unwrap().defaults.renew_before,
            c.defaults.renew_before
        );
        assert!(!text.contains("# renew_before = \"14d\""));
    }

    #[test]
    fn unknown_keys_name_the_line() {
        let text = sample().starter().replace("leaf_validity", "leaf_valdity");
        let err = Config::parse(Path::new("x/tcerts.toml"), &text)
            .unwrap_err()
            .to_string();
        assert!(err.contains("line"), "{err}");
        assert!(err.contains("leaf_valdity"), "{err}");
    }
    /// The same declarations in the same order, the new table written as toml_edit
    /// writes it (toml_edit puts it beside the other tables of its kind; the fast path
    /// after the last table), and the examples still last.
    fn same_declarations(fast: &str, slow: &str) {
        let path = Path::new("tcerts.toml");
        let json = |t: &str| serde_json::to_value(Config::parse(path, t).unwrap()).unwrap();
        assert_eq!(json(fast), json(slow));
        let mut a: Vec<&str> = fast.lines().collect();
        let mut b: Vec<&str> = slow.lines().collect();
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b, "the same lines");
        let examples = "# Namespaces and certificates follow";
        assert!(
            fast.split(examples)
                .nth(1)
                .is_some_and(|tail| !tail.lines().any(|l| l.starts_with('[')))
        );
    }

    /// A declaration with only a name and a role.
    fn plain(name: &str, role: Role) -> CertificateConfig {
        CertificateConfig {
            name: name.into(),
            role,
            namespace: None,
            dns: vec![],
            ip: vec![],
            key_type: None,
            validity: None,
            renew_before: None,
            csr: None,
        }
    }

    #[test]
    fn added_entries_hold_what_a_whole_parse_writes() {
        let path = Path::new("tcerts.toml");
        let mut text = sample().starter();
        let certs = [
            plain("w1", Role::Worker),
            CertificateConfig {
                name: "fe".into(),
                role: Role::Frontend,
                namespace: None,
                dns: vec!["temporal.example".into()],
                ip: vec!["127.0.0.1".into()],
                key_type: Some(KeyType::EcdsaP384),
                validity: Some(Validity::days(30)),
                renew_before: None,
                csr: None,
            },
        ];
        for (i, cert) in certs.iter().enumerate() {
            for note in [None, Some("a note")] {
                let mut c = cert.clone();
                c.name = format!("{}-{i}-{}", c.name, note.is_some());
                let slow = upsert_certificate(path, &text, &c, note).unwrap();
                let table = certificate_insertion(path, &c, note).unwrap().unwrap();
                let fast = table.of(&text).apply(&text);
                same_declarations(&fast, &slow);
                let again = upsert_certificate(path, &fast, &c, None).unwrap();
                same_declarations(&again, &fast);
                text = fast;
            }
            let ns = format!("ns{i}");
            let slow = add_namespace(path, &text, &ns, i == 0).unwrap();
            let table = namespace_insertion(path, &ns, i == 0).unwrap().unwrap();
            let fast = table.of(&text).apply(&text);
            same_declarations(&fast, &slow);
            text = fast;
        }
        let all = Config::parse(path, &text).unwrap();
        assert_eq!(all.certificates.len(), 4);
        assert_eq!(all.namespaces.len(), 2);
        // Only what a command about one certificate needs is parsed.
        let one = Config::parse_declarations(path, &text, Declarations::For("w1-0-true")).unwrap();
        let names: Vec<&str> = one.certificates.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["w1-0-true", "fe-1-false", "fe-1-true"]);
        assert_eq!(one.namespaces.len(), 2);
        let none = Config::parse_declarations(path, &text, Declarations::NoCertificates).unwrap();
        assert!(none.certificates.is_empty());
        assert_eq!(none.organization, all.organization);
        // A multi-line string: parsed whole.
        let odd = format!("{text}\n[[certificate]]\nname = \"\"\"odd\"\"\"\nrole = \"worker\"\n");
        let whole = Config::parse_declarations(path, &odd, Declarations::NoCertificates).unwrap();
        assert_eq!(whole.certificates.len(), 5);
    }

    /// The newlines found eight bytes at a time are every newline, in order, whatever
    /// the length and wherever they fall (the word's edges, the end, a multi-byte
    /// character next to them).
    #[test]
    fn newlines_are_all_found_in_order() {
        // A vertical tab (0x0b) after a newline: what a carry between bytes would mistake
        // for one.
        let mut texts: Vec<String> = vec![
            String::new(),
            "\n".into(),
            "a".into(),
            "\n\u{0b}\n\u{0b}\u{0b}x\n\u{0b}".repeat(5),
        ];
        for len in 1..40 {
            for step in [1, 3, 7, 8, 9] {
                let t: String = (0..len)
                    .map(|i| if i % step == step - 1 { '\n' } else { 'é' })
                    .collect();
                texts.push(t);
            }
        }
        for t in &texts {
            let want: Vec<usize> = t.match_indices('\n').map(|(i, _)| i).collect();
            assert_eq!(newlines(t.as_bytes()).collect::<Vec<_>>(), want, "{t:?}");
        }
    }

    /// A table added after the last one is validated by parsing the text read before
    /// (reduced) with the new lines after it: the same declarations as reducing and
    /// parsing the new text, wherever the file ends and however it ends.
    #[test]
    fn an_added_table_validates_like_the_new_file() {
        let path = Path::new("tcerts.toml");
        let mut base = sample().starter();
        for i in 0..3 {
            base.push_str(&format!(
                "\n[[certificate]]\nname = \"w{i}\"\nrole = \"worker\"\n"
            ));
        }
        let cert = plain("new", Role::Client);
        let cert_table = certificate_insertion(path, &cert, Some("a note"))
            .unwrap()
            .unwrap();
        let ns_table = namespace_insertion(path, "orders", false).unwrap().unwrap();
        let endings = [
            base.clone(),
            format!("{base}\n# trailing comment\n\n"),
            base.trim_end().to_string(),
            format!("{base}# a comment without a newline"),
        ];
        for text in &endings {
            for (table, which) in [
                (&cert_table, Declarations::For("new")),
                (&ns_table, Declarations::NoCertificates),
            ] {
                let insertion = table.of(text);
                let new = insertion.apply(text);
                assert_eq!(insertion.parts(text).concat(), new);
                let (_, reduced) = Config::parse_declarations_kept(path, text, which).unwrap();
                let fast = Config::parse(path, &insertion.after_reduced(&reduced.unwrap()));
                let slow = Config::parse_declarations(path, &new, which).unwrap();
                assert_eq!(
                    serde_json::to_value(fast.unwrap()).unwrap(),
                    serde_json::to_value(&slow).unwrap()
                );
                // Added after the last table, before the comments that end the file.
                let whole = Config::parse(path, &new).unwrap();
                let added =
                    whole.certificate("new").is_some() || whole.namespace("orders").is_some();
                assert!(added, "{new}");
                for comment in ["# trailing comment", "# a comment without a newline"] {
                    if text.contains(comment) {
                        assert!(new.trim_end().ends_with(comment), "{new}");
                    }
                }
            }
        }
    }

    /// What one certificate's command reads of tcerts.toml is what a whole parse reads
    /// for it, however the file is written; and a file the whole parse refuses is refused.
    #[test]
    fn a_declaration_read_alone_is_what_the_whole_parse_reads() {
        let path = Path::new("tcerts.toml");
        let base = sample().starter();
        let tables = [
            "[[certificate]]\nname = \"a\"\nrole = \"worker\"\n",
            "  [[ certificate ]]  # indented, spaced, commented\n  name = 'b'\n  role = \"client\"\n",
            "[[certificate]]\r\nname = \"c\"\r\nrole = \"worker\"\r\ndns = [\r\n  \"x\",\r\n]\r\n",
            "[[certificate]]\nrole = \"worker\"\nnamespace = \"payments\"\nname = \"d\"\n",
        ];
        let text = format!("{base}\n{}", tables.join("\n"));
        let whole = Config::parse(path, &text).unwrap();
        for name in ["a", "b", "c", "d"] {
            let one = Config::parse_declarations(path, &text, Declarations::For(name)).unwrap();
            assert_eq!(one.certificate(name), whole.certificate(name), "{name}");
            assert_eq!(one.certificates.len(), 1, "{name}: only its own table");
        }
        // Refused by the whole parse, so refused when read for another name too.
        for bad in [
            "[[certificate]]\nname = \"../escape\"\nrole = \"worker\"\n",
            "[[certificate]]\nname = \"e\"\nrole = \"worker\"\nnamespace = \"a/b\"\n",
            "[[certificate]]\nname = \"e\"\nrole = \"worker\"\n[certificate.extra]\nx = 1\n",
        ] {
            let file = format!("{text}\n{bad}");
            assert!(Config::parse(path, &file).is_err(), "{bad}");
            assert!(
                Config::parse_declarations(path, &file, Declarations::For("a")).is_err(),
                "{bad}"
            );
        }
    }
}
