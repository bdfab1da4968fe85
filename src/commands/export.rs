//! `tcerts export FORMAT [NAME]`: a certificate in the form its consumer reads.

use std::fs;
use std::path::Path;

use serde_json::json;

use crate::Error;
use crate::cli::{
    EnvExportArgs, ExportCommand, HelmChart, HelmValuesExportArgs, K8sSecretExportArgs,
    Pkcs12ExportArgs, ProfileExportArgs, ServerConfigExportArgs, TerraformExportArgs,
};
use crate::export::{
    self, CertFiles, default_secret_name, emit, env, filters, frontend, helm_values,
    is_cloud_address, k8s_secret, pick_by_role, pkcs12, refuse_ed25519_for_cloud, server_config,
    temporal_profile, terraform, validate_k8s_name,
};
use crate::output::Output;
use crate::output::shell_path;
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
        ExportCommand::Terraform(a) => terraform(dir, a, out),
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

/// Warns when clients would refuse the frontend's certificate for the name they check
/// (`--server-name`, else the `--address` host). A warning, not a refusal: the address may
/// lead through a proxy or port-forward presenting another certificate, or the frontend may
/// be re-issued with the name next.
fn check_frontend_names(
    dir: &Path,
    store: &Store,
    config: &crate::store::Config,
    address: Option<&str>,
    server_name: Option<&str>,
    out: Output,
) -> frontend::Frontends {
    let frontends = frontend::Frontends::load(store, config);
    if let Some(w) = frontend::check_dialled(
        &frontends,
        address,
        server_name,
        address.is_some_and(is_cloud_address),
        &shell_path(dir),
    ) {
        out.warn(&w);
    }
    frontends
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
    check_frontend_names(
        dir,
        &store,
        &config,
        Some(&a.address),
        a.server_name.as_deref(),
        out,
    );
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
        export::deliver(
            out,
            None,
            &merged,
            atomic::PUBLIC_MODE,
            "temporal-cli-config-toml",
            json!({ "profile": profile_name, "config_file": path, "certificate": a.name }),
        )?;
        return Ok(());
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
    atomic::write_output(&target, merged.as_bytes(), mode)?;
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
    let frontends = check_frontend_names(
        dir,
        &store,
        &config,
        a.address.as_deref(),
        a.server_name.as_deref(),
        out,
    );
    let namespace = a.namespace.clone().or_else(|| files.namespace.clone());
    // Without --address (no TEMPORAL_ADDRESS) the CLI dials 127.0.0.1:7233: the hint names
    // the one frontend, else a placeholder and why.
    let (dial, dial_why) = match (&a.address, frontends.dial_hint(&shell_path(dir))) {
        (Some(_), _) => (String::new(), None),
        (None, Ok((address, _))) => (format!(" --address {address}"), None),
        (None, Err(why)) => (
            " --address FRONTEND:7233".to_string(),
            Some(format!("(FRONTEND: {why})")),
        ),
    };
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
    export::deliver(
        out,
        a.output.as_deref(),
        &text,
        mode,
        if a.dotenv { "dotenv" } else { "shell" },
        json!({ "certificate": a.name, "namespace": namespace }),
    )?;
    let mut next = match &a.output {
        Some(p) if a.dotenv => vec![format!("docker compose --env-file {} up", shell_path(p))],
        Some(p) => vec![format!(
            ". {} && temporal operator namespace list{dial}",
            shell_path(p)
        )],
        None => vec![],
    };
    if !a.dotenv && !next.is_empty() {
        next.extend(dial_why);
    }
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
    export::deliver(
        out,
        a.output.as_deref(),
        &text,
        atomic::KEY_MODE,
        "kubernetes-secret-yaml",
        json!({ "certificate": a.name, "secret_name": name, "namespace": a.namespace }),
    )?;
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
    let refresh = refresh_interval(&a.refresh_interval)?;
    let (clients, internode, _) = export::client_trust_files(dir)?;
    let (store, config) = open(dir)?;
    let fe_name = pick_by_role(&config, Role::Frontend, a.frontend.as_deref(), "--frontend")?;
    let in_name = pick_by_role(
        &config,
        Role::Internode,
        a.internode.as_deref(),
        "--internode",
    )?;
    let d = shell_path(dir);
    let client_name = pick_client(&config, a.client.as_deref(), &d)?;
    let fe = CertFiles::load(&store, &config, &fe_name)?;
    let inn = CertFiles::load(&store, &config, &in_name)?;
    let client = CertFiles::load(&store, &config, &client_name)?;
    if client
        .cert
        .tls_ekus
        .is_some_and(|(_, client_auth)| !client_auth)
    {
        return Err(Error::Usage(format!(
            "--client {}: the certificate does not allow clientAuth, so the frontend would refuse it; \
             name a cli or worker certificate",
            client.name
        )));
    }
    let secret = |flag: &str, given: &Option<String>, files: &CertFiles| -> Result<String, Error> {
        let name = given
            .clone()
            .unwrap_or_else(|| default_secret_name(&files.name));
        validate_k8s_name(flag, &name)?;
        Ok(name)
    };
    let fe_secret = secret("--frontend-secret", &a.frontend_secret, &fe)?;
    let in_secret = secret("--internode-secret", &a.internode_secret, &inn)?;
    let client_secret = secret("--client-secret", &a.client_secret, &client)?;
    let trust_secret = a.trust_secret.clone();
    validate_k8s_name("--trust-secret", &trust_secret)?;
    let cluster = helm_values::Cluster {
        frontend: helm_values::Mounted {
            files: &fe,
            secret: &fe_secret,
        },
        internode: helm_values::Mounted {
            files: &inn,
            secret: &in_secret,
        },
        client: helm_values::Mounted {
            files: &client,
            secret: &client_secret,
        },
        trust_secret: &trust_secret,
        refresh_interval: refresh,
    };
    let (values, form) = match a.chart {
        HelmChart::Released => (
            helm_values::released(&cluster)?,
            "Helm values for the released chart temporal-1.6.0 (server.config.tls, additionalVolumes, additionalEnv)",
        ),
        HelmChart::Main => (
            helm_values::main_branch(&cluster)?,
            "Helm values for the chart's main branch (server.tls, web.tls; unreleased)",
        ),
    };
    let text = export::to_yaml(&values)?;
    let chart = match a.chart {
        HelmChart::Released => "temporal-1.6.0",
        HelmChart::Main => "main",
    };
    let to_file = export::deliver(
        out,
        a.output.as_deref(),
        &text,
        atomic::PUBLIC_MODE,
        "helm-values-yaml",
        json!({ "chart": chart }),
    )?;
    let Some(p) = a.output.as_ref().filter(|_| to_file) else {
        return Ok(());
    };
    let secrets = [
        (fe.name.as_str(), fe_secret.as_str()),
        (inn.name.as_str(), in_secret.as_str()),
        (client.name.as_str(), client_secret.as_str()),
    ];
    print_helm(&a, p, form, &secrets, (&clients, &internode), &d, out);
    Ok(())
}

/// The client certificate admintools and the Web UI present: the one named, else the
/// PKI's only cli certificate.
fn pick_client(
    config: &crate::store::Config,
    named: Option<&str>,
    d: &str,
) -> Result<String, Error> {
    pick_by_role(config, Role::Cli, named, "--client").map_err(|e| match e {
        // No cli certificate: say exactly which one to issue.
        export::Error::NoCertificateOfRole { role: Role::Cli, .. } => Error::Usage(format!(
            "admintools and the Web UI need a client certificate to present to the frontend, and the PKI has no cli certificate; \
             issue one with `tcerts --dir {d} issue cli --name admintools`, or name another with --client"
        )),
        e => e.into(),
    })
}

/// The files written, the Secrets to create and the install command; the chart's caveats.
fn print_helm(
    a: &HelmValuesExportArgs,
    p: &Path,
    form: &str,
    secrets: &[(&str, &str); 3],
    (clients, internode): (&Path, &Path),
    d: &str,
    out: Output,
) {
    let trust_secret = &a.trust_secret;
    let [(fe, _), (inn, _), (client, _)] = *secrets;
    let mut next = Vec::new();
    for (cert, name) in secrets {
        let line = format!(
            "tcerts --dir {d} export k8s-secret {cert} --secret-name {name} | kubectl apply -f -"
        );
        if !next.contains(&line) {
            next.push(line);
        }
    }
    if matches!(a.chart, HelmChart::Released) {
        // Re-run after every `ca rotate`/`ca retire`: the servers re-read it (refreshInterval).
        next.push(format!(
            "kubectl create secret generic {trust_secret} --from-file={}={} --from-file={}={} --dry-run=client -o yaml | kubectl apply -f -",
            helm_values::TRUST_KEYS[0],
            shell_path(clients),
            helm_values::TRUST_KEYS[1],
            shell_path(internode)
        ));
    }
    next.push(format!(
        "helm upgrade --install temporal temporal/temporal -f {}",
        shell_path(p)
    ));
    out.done(&format!(
        "Wrote {form} for frontend '{fe}', internode '{inn}' and client '{client}'"
    ));
    out.wrote(p, "Helm values");
    out.next(
        "Create the Secrets in the release's namespace, then install:",
        &next,
    );
    let note = match a.chart {
        HelmChart::Released => {
            "Helm replaces lists rather than merging them: if your own values set \
             server.additionalVolumes, additionalVolumeMounts or admintools/web additionalEnv, merge these \
             entries into them. temporal-1.6.0's `helm test` pod gets no TLS settings, so `helm test` fails \
             against a frontend that requires client certificates; `kubectl exec` into admintools and run \
             `temporal operator cluster health` instead."
        }
        HelmChart::Main => {
            "These values need the chart from helm-charts' main branch (commit e3cd39c or later); \
             temporal-1.6.0 and earlier ignore server.tls and web.tls and would start the server without TLS. \
             The chart's admintools, namespace job and `helm test` present the frontend Secret's certificate \
             as their client certificate."
        }
    };
    out.line(&format!("\n{note}"));
    if matches!(a.chart, HelmChart::Main) {
        // The main-branch chart builds clientCaFiles from the Secrets' ca.crt: the roots.
        out.warn(&format!(
            "the main-branch chart's clientCaFiles are the Secrets' ca.crt, the roots: they accept every certificate under those roots, retired CAs' included, so `tcerts ca retire` does not cut certificates off there. The released form (--chart released) anchors the servers on {} and {} instead",
            shell_path(clients),
            shell_path(internode)
        ));
    }
    out.json(&json!({ "output": p, "format": "helm-values", "chart": match a.chart { HelmChart::Released => "temporal-1.6.0", HelmChart::Main => "main" } }));
}

/// A server `refreshInterval`: a number and s, m or h.
fn refresh_interval(value: &str) -> Result<&str, Error> {
    let refresh = value.trim();
    let ok = refresh.len() > 1
        && refresh.ends_with(['s', 'm', 'h'])
        && refresh[..refresh.len() - 1].parse::<u32>().is_ok();
    if ok {
        Ok(refresh)
    } else {
        Err(Error::Usage(format!(
            "--refresh-interval '{refresh}': give a number and s, m or h, e.g. 1m"
        )))
    }
}

fn server(dir: &Path, a: ServerConfigExportArgs, out: Output) -> Result<(), Error> {
    let refresh = refresh_interval(&a.refresh_interval)?;
    let (clients, internode, rewritten) = export::client_trust_files(dir)?;
    out.trust_files(&crate::store::TrustFiles {
        written: Vec::new(),
        ..rewritten
    });
    let (fe, inn) = frontend_and_internode(dir, a.frontend.as_deref(), a.internode.as_deref())?;
    let trust = server_config::ClientTrust::of(&clients, &internode, &fe, a.inline)?;
    let doc = server_config::document(&fe, &inn, &trust, a.inline, refresh)?;
    let text = export::to_yaml(&doc)?;
    let mode = if a.inline {
        let (store, _) = open(dir)?;
        audit_key_export(&store, &fe, a.output.as_deref())?;
        audit_key_export(&store, &inn, a.output.as_deref())?;
        atomic::KEY_MODE
    } else {
        atomic::PUBLIC_MODE
    };
    export::deliver(
        out,
        a.output.as_deref(),
        &text,
        mode,
        "temporal-server-config-yaml",
        json!({ "frontend": fe.name, "internode": inn.name, "inline": a.inline }),
    )?;
    report(
        out,
        a.output.as_deref(),
        "Wrote the server's global.tls block",
        "Temporal server config (global.tls)",
        &[
            "merge it into the server's config YAML (e.g. config/development.yaml)".into(),
            format!(
                "clientCaFiles name {} and {}: tcerts rewrites them on every CA change (namespace add, ca rotate, ca retire); with --inline, export again after each",
                shell_path(&clients),
                shell_path(&internode)
            ),
        ],
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
    // The Temporal Java SDK builds its own TLS context, so -Djavax.net.ssl.keyStore is
    // ignored; the .p12 holds no trusted-CA entry, so the server's CA comes from ca.pem.
    let p12_path = shell_path(&a.output);
    let ca = files
        .ca
        .display()
        .to_string()
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    // The one frontend's name, else a placeholder and why.
    let (target, target_why) =
        match frontend::Frontends::load(&store, &config).dial_hint(&shell_path(dir)) {
            Ok((address, _)) => (address, None),
            Err(why) => ("HOST:7233".to_string(), Some(format!("(HOST: {why})"))),
        };
    let p12_java = a
        .output
        .display()
        .to_string()
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    out.next(
        "Use it (Temporal Java SDK: io.temporal.serviceclient.SimpleSslContextBuilder; the .p12 holds no trusted CA, so the server's CA comes from ca.pem):",
        &[
            "KeyStore trust = KeyStore.getInstance(\"PKCS12\"); trust.load(null, null); int i = 0;".to_string(),
            format!("for (Certificate c : CertificateFactory.getInstance(\"X.509\").generateCertificates(new FileInputStream(\"{ca}\"))) trust.setCertificateEntry(\"temporal-ca-\" + i++, c);"),
            "TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm()); tmf.init(trust);".to_string(),
            format!("SslContext ssl = SimpleSslContextBuilder.forPKCS12(new FileInputStream(\"{p12_java}\")).setKeyPassword(password).setTrustManager(tmf.getTrustManagers()[0]).build();"),
            format!("WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(\"{target}\").setSslContext(ssl).build());"),
            "(Temporal Cloud: leave out setTrustManager, its server certificate is publicly trusted. -Djavax.net.ssl.keyStore is ignored by the SDK.)".to_string(),
            format!(
                "openssl pkcs12 -info -noout -in {p12_path} -passin env:{}",
                pkcs12::PASSWORD_ENV
            ),
        ]
        .into_iter()
        .chain(target_why)
        .collect::<Vec<_>>(),
    );
    out.json(&json!({ "output": a.output, "alias": alias, "certificate": a.name }));
    Ok(())
}

fn terraform(dir: &Path, a: TerraformExportArgs, out: Output) -> Result<(), Error> {
    use crate::bundle::{self, Scope};
    let ns = a.namespace.trim().to_string();
    pki::validate_namespace(&ns).map_err(|e| Error::Usage(format!("--namespace: {e}")))?;
    let (store, config) = open(dir)?;
    if config.namespace(&ns).is_none() {
        return Err(Error::Usage(format!(
            "namespace '{ns}' has no CA in {}; create it with `tcerts --dir {} namespace add {ns}`",
            dir.display(),
            shell_path(dir)
        )));
    }
    // The same bundle and checks as `tcerts bundle --namespace NS`.
    let certs = bundle::scope_bundle(&store, &Scope::Namespace(ns.clone()))?;
    let pem = bundle::pem_text(&certs);
    let ders: Vec<_> = certs.iter().map(|c| c.der.clone()).collect();
    let violations = bundle::check_cloud_rules(&ders, pem.len());
    if !violations.is_empty() {
        return Err(Error::CheckFailed(super::bundle::refusal(&violations)));
    }
    let doc = filters::for_namespace(&config.organization, &ns).map_err(Error::Usage)?;
    let b64 = bundle::base64_text(&pem);
    let bundle_name = format!("{ns}-accepted-client-ca.pem");
    let bundle_path = match &a.output {
        Some(p) if !a.inline && p != Path::new("-") => {
            let parent = p.parent().filter(|d| !d.as_os_str().is_empty());
            Some(parent.map_or_else(
                || Path::new(&bundle_name).to_path_buf(),
                |d| d.join(&bundle_name),
            ))
        }
        _ => None,
    };
    let source = if bundle_path.is_some() {
        terraform::CaSource::File(&bundle_name)
    } else {
        terraform::CaSource::Inline(&b64)
    };
    let text = terraform::snippet(&terraform::Namespace {
        name: &ns,
        ca: source,
        ca_count: certs.len(),
        filters: &doc,
    });
    if let Some(b) = &bundle_path {
        emit(Some(b), pem.as_bytes(), atomic::PUBLIC_MODE)?;
    }
    let to_file = export::deliver(
        out,
        a.output.as_deref(),
        &text,
        atomic::PUBLIC_MODE,
        "terraform-hcl",
        json!({ "namespace": ns }),
    )?;
    if let Some(p) = a.output.as_ref().filter(|_| to_file) {
        out.done(&format!(
            "Wrote a temporalcloud_namespace for '{ns}' ({} CA certificate{}, filters O={}, OU={ns})",
            certs.len(),
            if certs.len() == 1 { "" } else { "s" },
            config.organization
        ));
        out.wrote(p, "Terraform (temporalcloud provider)");
        if let Some(b) = &bundle_path {
            out.wrote(b, "accepted client CA bundle (PEM), read with filebase64()");
        }
        let id = terraform::identifier(&ns);
        out.next(
            "Fill in the variables, then apply:",
            &[format!(
                "terraform plan -var '{id}_regions=[\"aws-us-east-1\"]' -var '{id}_retention_days=30'"
            )],
        );
        out.json(&json!({ "namespace": ns, "output": p, "bundle": bundle_path }));
    }
    Ok(())
}
