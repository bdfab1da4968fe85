//! `tcerts export FORMAT [NAME]`: a certificate in the form its consumer reads.

use std::fs;
use std::path::Path;

use serde_json::json;

use super::init::shell_path;
use crate::Error;
use crate::cli::{
    EnvExportArgs, ExportCommand, HelmValuesExportArgs, K8sSecretExportArgs, Pkcs12ExportArgs,
    ProfileExportArgs, ServerConfigExportArgs,
};
use crate::export::{
    self, CertFiles, default_secret_name, emit, env, helm_values, is_cloud_address, k8s_secret,
    pick_by_role, pkcs12, refuse_ed25519_for_cloud, server_config, temporal_profile,
    validate_k8s_name,
};
use crate::output::Output;
use crate::pki::{self, Role};
use crate::store::{LockMode, Store, atomic};

pub(super) fn run(dir: &Path, cmd: ExportCommand, out: Output) -> Result<(), Error> {
    match cmd {
        ExportCommand::TemporalProfile(a) => profile(dir, a, out),
        ExportCommand::Env(a) => environment(dir, a, out),
        ExportCommand::K8sSecret(a) => k8s(dir, a, out),
        ExportCommand::HelmValues(a) => helm(dir, a, out),
        ExportCommand::ServerConfig(a) => server(dir, a, out),
        ExportCommand::Pkcs12(a) => p12(dir, a, out),
    }
}

fn open(dir: &Path) -> Result<(Store, crate::store::Config), Error> {
    let store = Store::open(dir, LockMode::Shared)?;
    let config = store.config()?;
    Ok((store, config))
}

/// Records in the issuance log that a certificate's private key left the PKI, and where to.
fn audit_key_export(store: &Store, files: &CertFiles, output: Option<&Path>) -> Result<(), Error> {
    let to = match output {
        Some(p) if p != Path::new("-") => std::path::absolute(p)
            .unwrap_or_else(|_| p.to_path_buf())
            .display()
            .to_string(),
        _ => "stdout".to_string(),
    };
    store.audit(
        crate::audit::Entry::for_cert("key-exported", &files.cert)
            .name(files.name.clone())
            .key(Some(format!("certs/{}/key.pem", files.name)))
            .detail("output", to),
    )?;
    Ok(())
}

fn check_namespace(ns: Option<&str>) -> Result<(), Error> {
    if let Some(ns) = ns {
        pki::validate_namespace(ns).map_err(|e| Error::Usage(format!("--namespace: {e}")))?;
    }
    Ok(())
}

fn check_address(a: &str) -> Result<(), Error> {
    let ok = a
        .rsplit_once(':')
        .is_some_and(|(h, p)| !h.is_empty() && p.parse::<u16>().is_ok_and(|p| p > 0))
        && !a.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "--address '{a}': give host:port, e.g. temporal-frontend:7233"
        )))
    }
}

/// Confirms a written file to the user (nothing when the output went to stdout).
fn report(out: Output, path: Option<&Path>, title: &str, what: &str, next: &[String]) {
    if let Some(p) = path.filter(|p| *p != Path::new("-")) {
        out.done(title);
        out.wrote(p, what);
        out.next("Use it:", next);
        out.json(&json!({ "output": p, "format": what }));
    }
}

fn profile(dir: &Path, a: ProfileExportArgs, out: Output) -> Result<(), Error> {
    check_address(&a.address)?;
    check_namespace(a.namespace.as_deref())?;
    let profile_name = a.profile.clone().unwrap_or_else(|| a.name.clone());
    temporal_profile::validate_profile_name(&profile_name)?;
    let (store, config) = open(dir)?;
    let files = CertFiles::load(&store, &config, &a.name)?;
    refuse_ed25519_for_cloud(&files, Some(&a.address))?;
    let path = match &a.config_file {
        Some(p) => p.clone(),
        None => temporal_profile::default_config_file()?,
    };
    let existing = if path.is_file() {
        let bytes = crate::store::read_input(&path)?;
        String::from_utf8(bytes)
            .map_err(|_| Error::Usage(format!("{}: not UTF-8 text", path.display())))?
    } else if path.exists() {
        return Err(Error::Usage(format!("{}: not a file", path.display())));
    } else {
        String::new()
    };
    let namespace = a.namespace.clone().or_else(|| files.namespace.clone());
    let merged = temporal_profile::merge(
        &path,
        &existing,
        &files,
        &temporal_profile::Profile {
            name: &profile_name,
            address: &a.address,
            namespace: namespace.as_deref(),
            server_name: a.server_name.as_deref(),
            public_server: is_cloud_address(&a.address),
        },
    )?;
    if a.stdout {
        return emit(None, merged.as_bytes(), atomic::PUBLIC_MODE);
    }
    // A symlinked config file (dotfiles repositories) is updated where it points.
    let target = match fs::symlink_metadata(&path) {
        Ok(m) if m.file_type().is_symlink() => {
            fs::canonicalize(&path).map_err(|e| crate::store::Error::io(&path, e))?
        }
        _ => path.clone(),
    };
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        atomic::create_dir_all(parent)?;
    }
    // Keep the file's mode (it may hold API keys); a new file is private.
    let mode = fs::metadata(&target)
        .map(|m| std::os::unix::fs::PermissionsExt::mode(&m.permissions()) & 0o777)
        .unwrap_or(atomic::KEY_MODE);
    atomic::write_file(&target, merged.as_bytes(), mode)?;
    out.done(&format!(
        "Wrote profile '{profile_name}' for certificate '{}'",
        a.name
    ));
    out.wrote(&path, "Temporal CLI / SDK config file");
    let cfg = if a.config_file.is_some() {
        format!(" --config-file {}", shell_path(&path))
    } else {
        String::new()
    };
    out.next(
        "Use it:",
        &[format!(
            "temporal operator namespace list --profile {profile_name}{cfg}"
        )],
    );
    out.json(&json!({ "profile": profile_name, "config_file": path, "certificate": a.name }));
    Ok(())
}

fn environment(dir: &Path, a: EnvExportArgs, out: Output) -> Result<(), Error> {
    if let Some(addr) = &a.address {
        check_address(addr)?;
    }
    check_namespace(a.namespace.as_deref())?;
    let (store, config) = open(dir)?;
    let files = CertFiles::load(&store, &config, &a.name)?;
    refuse_ed25519_for_cloud(&files, a.address.as_deref())?;
    let namespace = a.namespace.clone().or_else(|| files.namespace.clone());
    let vars = env::variables(
        &files,
        &env::EnvSpec {
            address: a.address.as_deref(),
            namespace: namespace.as_deref(),
            server_name: a.server_name.as_deref(),
            inline: a.inline,
            public_server: a.address.as_deref().is_some_and(is_cloud_address),
        },
    )?;
    let text = if a.dotenv {
        env::dotenv(&vars)?
    } else {
        env::shell(&vars)
    };
    let mode = if a.inline {
        audit_key_export(&store, &files, a.output.as_deref())?;
        atomic::KEY_MODE
    } else {
        atomic::PUBLIC_MODE
    };
    emit(a.output.as_deref(), text.as_bytes(), mode)?;
    let next = match &a.output {
        Some(p) if a.dotenv => vec![format!("docker compose --env-file {} up", shell_path(p))],
        Some(p) => vec![format!(
            ". {} && temporal operator namespace list",
            shell_path(p)
        )],
        None => vec![],
    };
    report(
        out,
        a.output.as_deref(),
        &format!("Wrote the Temporal environment of certificate '{}'", a.name),
        if a.dotenv {
            ".env file"
        } else {
            "shell exports"
        },
        &next,
    );
    Ok(())
}

fn k8s(dir: &Path, a: K8sSecretExportArgs, out: Output) -> Result<(), Error> {
    let (store, config) = open(dir)?;
    let files = CertFiles::load(&store, &config, &a.name)?;
    let name = a
        .secret_name
        .clone()
        .unwrap_or_else(|| default_secret_name(&a.name));
    validate_k8s_name("--secret-name", &name)?;
    if let Some(ns) = &a.namespace {
        validate_k8s_name("--namespace", ns)?;
        if ns.contains('.') || ns.len() > 63 {
            return Err(Error::Usage(format!(
                "--namespace '{ns}': a Kubernetes namespace is at most 63 characters, without '.'"
            )));
        }
    }
    let secret = k8s_secret::secret(&files, &name, a.namespace.as_deref())?;
    let text = export::to_yaml(&secret)?;
    audit_key_export(&store, &files, a.output.as_deref())?;
    emit(a.output.as_deref(), text.as_bytes(), atomic::KEY_MODE)?;
    let next = a
        .output
        .as_ref()
        .map(|p| vec![format!("kubectl apply -f {}", shell_path(p))])
        .unwrap_or_default();
    report(
        out,
        a.output.as_deref(),
        &format!("Wrote Secret '{name}' for certificate '{}'", a.name),
        "kubernetes.io/tls Secret (holds the key, 0600)",
        &next,
    );
    Ok(())
}

/// The frontend and internode certificates a cluster-wide export covers (named, or the
/// only certificate of each role in tcerts.toml).
fn frontend_and_internode(
    dir: &Path,
    frontend: Option<&str>,
    internode: Option<&str>,
) -> Result<(CertFiles, CertFiles), Error> {
    let (store, config) = open(dir)?;
    let fe_name = pick_by_role(&config, Role::Frontend, frontend, "--frontend")?;
    let in_name = pick_by_role(&config, Role::Internode, internode, "--internode")?;
    Ok((
        CertFiles::load(&store, &config, &fe_name)?,
        CertFiles::load(&store, &config, &in_name)?,
    ))
}

fn helm(dir: &Path, a: HelmValuesExportArgs, out: Output) -> Result<(), Error> {
    let (fe, inn) = frontend_and_internode(dir, a.frontend.as_deref(), a.internode.as_deref())?;
    let fe_secret = a
        .frontend_secret
        .clone()
        .unwrap_or_else(|| default_secret_name(&fe.name));
    let in_secret = a
        .internode_secret
        .clone()
        .unwrap_or_else(|| default_secret_name(&inn.name));
    validate_k8s_name("--frontend-secret", &fe_secret)?;
    validate_k8s_name("--internode-secret", &in_secret)?;
    let values = helm_values::values(&in_secret, inn.first_name(), &fe_secret, fe.first_name());
    let text = export::to_yaml(&values)?;
    emit(a.output.as_deref(), text.as_bytes(), atomic::PUBLIC_MODE)?;
    let d = shell_path(dir);
    let next = a
        .output
        .as_ref()
        .map(|p| {
            vec![
                format!("tcerts --dir {d} export k8s-secret {} --secret-name {fe_secret} | kubectl apply -f -", fe.name),
                format!("tcerts --dir {d} export k8s-secret {} --secret-name {in_secret} | kubectl apply -f -", inn.name),
                format!("helm upgrade --install temporal temporal/temporal -f {}", shell_path(p)),
            ]
        })
        .unwrap_or_default();
    report(
        out,
        a.output.as_deref(),
        "Wrote Helm values for the frontend and internode TLS",
        "Helm values (server.tls)",
        &next,
    );
    Ok(())
}

fn server(dir: &Path, a: ServerConfigExportArgs, out: Output) -> Result<(), Error> {
    let refresh = a.refresh_interval.trim();
    let ok = refresh.len() > 1
        && refresh.ends_with(['s', 'm', 'h'])
        && refresh[..refresh.len() - 1].parse::<u32>().is_ok();
    if !ok {
        return Err(Error::Usage(format!(
            "--refresh-interval '{refresh}': give a number and s, m or h, e.g. 1m"
        )));
    }
    let (fe, inn) = frontend_and_internode(dir, a.frontend.as_deref(), a.internode.as_deref())?;
    let doc = server_config::document(&fe, &inn, a.inline, refresh)?;
    let text = export::to_yaml(&doc)?;
    let mode = if a.inline {
        let (store, _) = open(dir)?;
        audit_key_export(&store, &fe, a.output.as_deref())?;
        audit_key_export(&store, &inn, a.output.as_deref())?;
        atomic::KEY_MODE
    } else {
        atomic::PUBLIC_MODE
    };
    emit(a.output.as_deref(), text.as_bytes(), mode)?;
    report(
        out,
        a.output.as_deref(),
        "Wrote the server's global.tls block",
        "Temporal server config (global.tls)",
        &["merge it into the server's config YAML (e.g. config/development.yaml)".into()],
    );
    Ok(())
}

fn p12(dir: &Path, a: Pkcs12ExportArgs, out: Output) -> Result<(), Error> {
    let password = pkcs12::password(a.password_file.as_deref())?;
    let alias = a.alias.clone().unwrap_or_else(|| a.name.clone());
    if alias.is_empty() || alias.chars().any(char::is_control) {
        return Err(Error::Usage("--alias: give a printable name".into()));
    }
    let (store, config) = open(dir)?;
    let files = CertFiles::load(&store, &config, &a.name)?;
    let bytes = pkcs12::build(&files, &alias, &password)?;
    if a.output == Path::new("-") {
        return Err(Error::Usage(
            "--output: give a file name; a PKCS#12 file is binary".into(),
        ));
    }
    audit_key_export(&store, &files, Some(&a.output))?;
    emit(Some(&a.output), &bytes, atomic::KEY_MODE)?;
    out.done(&format!(
        "Wrote PKCS#12 for certificate '{}' (alias '{alias}', AES-256, chain to the root)",
        a.name
    ));
    out.wrote(&a.output, "PKCS#12 (0600)");
    out.next(
        "Use it (Java):",
        &[
            format!(
                "-Djavax.net.ssl.keyStore={} -Djavax.net.ssl.keyStoreType=PKCS12",
                shell_path(&a.output)
            ),
            format!(
                "openssl pkcs12 -info -noout -in {} -passin env:{}",
                shell_path(&a.output),
                pkcs12::PASSWORD_ENV
            ),
        ],
    );
    out.json(&json!({ "output": a.output, "alias": alias, "certificate": a.name }));
    Ok(())
}
