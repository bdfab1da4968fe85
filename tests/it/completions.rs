//! The committed completion scripts and man page are exactly what the CLI definition
//! generates. Regenerate with `TCERTS_BLESS=1 cargo test --test it completions::`.

use crate::support;
use support::*;

const FILES: [(&[&str], &str); 5] = [
    (&["completions", "bash"], "completions/tcerts.bash"),
    (&["completions", "zsh"], "completions/_tcerts"),
    (&["completions", "fish"], "completions/tcerts.fish"),
    (&["completions", "powershell"], "completions/_tcerts.ps1"),
    (&["completions", "elvish"], "completions/tcerts.elv"),
];

#[test]
fn generated_files_match_the_cli() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let bless = std::env::var_os("TCERTS_BLESS").is_some();
    for (args, file) in FILES {
        let out = Test::bare().args(args).succeeds().out.stdout;
        assert!(!out.is_empty());
        let path = root.join(file);
        if bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &out).unwrap();
            continue;
        }
        let committed = std::fs::read(&path).unwrap_or_default();
        assert!(
            committed == out,
            "{file} is stale: run `TCERTS_BLESS=1 cargo test --test it completions::`"
        );
    }
}

/// docs/man/ holds exactly the pages `tcerts man --output-dir` writes: one per command.
#[test]
fn man_pages_match_the_cli() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let committed_dir = root.join("docs/man");
    let tmp = tempfile::tempdir().unwrap();
    Test::bare()
        .args(&["man", "--output-dir"])
        .arg(tmp.path())
        .succeeds()
        .stdout_has("man pages");
    let names = |d: &std::path::Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .map(|rd| {
                rd.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    };
    let generated = names(tmp.path());
    for page in [
        "tcerts.1",
        "tcerts-issue.1",
        "tcerts-ca-rotate.1",
        "tcerts-renew.1",
        "tcerts-metrics.1",
    ] {
        assert!(
            generated.contains(&page.to_string()),
            "{page}: {generated:?}"
        );
    }
    // Every subcommand at every depth has its page.
    let help = Test::bare().args(&["--help"]).succeeds().stdout();
    assert!(
        help.contains("renew") && generated.len() > 25,
        "{generated:?}"
    );
    if std::env::var_os("TCERTS_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&committed_dir);
        std::fs::create_dir_all(&committed_dir).unwrap();
        for n in &generated {
            std::fs::copy(tmp.path().join(n), committed_dir.join(n)).unwrap();
        }
        return;
    }
    assert_eq!(
        names(&committed_dir),
        generated,
        "docs/man is stale: run `TCERTS_BLESS=1 cargo test --test it completions::`"
    );
    for n in &generated {
        assert!(
            std::fs::read(tmp.path().join(n)).unwrap()
                == std::fs::read(committed_dir.join(n)).unwrap(),
            "docs/man/{n} is stale: run `TCERTS_BLESS=1 cargo test --test it completions::`"
        );
    }
    // groff (man's formatter) renders every page without a warning.
    if let Some(groff) = require_tool("groff", "man_pages_match_the_cli") {
        for n in &generated {
            let out = std::process::Command::new(&groff)
                .args(["-man", "-Tutf8", "-ww", "-z"])
                .arg(committed_dir.join(n))
                .output()
                .expect("run groff");
            assert!(
                out.status.success() && out.stderr.is_empty(),
                "groff on docs/man/{n}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    // The top-level page on stdout, as before.
    let top = Test::bare().args(&["man"]).succeeds().stdout();
    assert!(
        top.starts_with(".ie") && top.contains("tcerts\\-renew"),
        "{}",
        &top[..200.min(top.len())]
    );
}

#[test]
fn bash_completion_offers_roles_and_key_types() {
    let out = Test::bare()
        .args(&["completions", "bash"])
        .succeeds()
        .stdout();
    for word in [
        "frontend",
        "internode",
        "worker",
        "ecdsa-p256",
        "rsa-4096",
        "--namespace",
    ] {
        assert!(out.contains(word), "bash completion lacks {word}");
    }
    // bash itself parses the script.
    let tmp = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(tmp.path(), &out).unwrap();
    let st = std::process::Command::new("bash")
        .arg("-n")
        .arg(tmp.path())
        .status()
        .unwrap();
    assert!(st.success());
}

#[test]
fn help_and_version() {
    let help = Test::bare()
        .args(&["--help"])
        .succeeds()
        .stdout_has("Private CA and mTLS certificates for Temporal")
        .stdout_has("3 changes pending (plan)")
        .stdout();
    // The `ca` line names every ca subcommand.
    let ca_line = help
        .lines()
        .find(|l| l.trim_start().starts_with("ca "))
        .unwrap_or_else(|| panic!("{help}"));
    let ca_help = Test::bare().args(&["ca", "--help"]).succeeds().stdout();
    let subcommands: Vec<&str> = ca_help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert_eq!(subcommands.len(), 4, "{ca_help}");
    for c in subcommands {
        assert!(ca_line.contains(c), "`ca` line lacks {c}: {ca_line}");
    }
    Test::bare()
        .args(&["issue", "--help"])
        .succeeds()
        .stdout_has("--csr <FILE>");
    Test::bare()
        .args(&["--version"])
        .succeeds()
        .stdout_has("tcerts ");
    Test::bare().args(&["frobnicate"]).fails_with(2);
}

/// bash itself loads the dynamic completion (`source <(COMPLETE=bash tcerts)`) and
/// completes a word as it would at a prompt; returns COMPREPLY.
fn bash_complete(words: &[&str], env_dir: Option<&std::path::Path>) -> Vec<String> {
    let bin = assert_cmd::cargo_bin!("tcerts");
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let script = format!(
        "source <(COMPLETE=bash '{bin}')\n\
         COMP_WORDS=({words})\nCOMP_CWORD={cword}\nCOMP_TYPE=9\n\
         _clap_complete_tcerts tcerts '{cur}' '{prev}'\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        bin = bin.display(),
        words = quoted.join(" "),
        cword = words.len() - 1,
        cur = words[words.len() - 1],
        prev = words[words.len() - 2],
    );
    let mut cmd = std::process::Command::new("bash");
    cmd.arg("-c").arg(script).env_remove("TCERTS_DIR");
    if let Some(d) = env_dir {
        cmd.env("TCERTS_DIR", d);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn dynamic_completion_offers_the_pkis_certificates_and_namespaces() {
    let pki = Pki::init(&[]).with_namespace("payments");
    pki.tcerts(&["namespace", "add", "billing"]).succeeds();
    pki.tcerts(&[
        "issue",
        "worker",
        "--name",
        "pay-worker",
        "--namespace",
        "payments",
    ])
    .succeeds();
    pki.tcerts(&["issue", "cli", "--name", "ops"]).succeeds();
    let dir = pki.dir.to_string_lossy().into_owned();

    let got = bash_complete(&["tcerts", "--dir", &dir, "renew", ""], None);
    for want in ["pay-worker", "ops"] {
        assert!(got.contains(&want.to_string()), "{want}: {got:?}");
    }
    let got = bash_complete(&["tcerts", "--dir", &dir, "export", "env", "pa"], None);
    assert_eq!(got, ["pay-worker"]);
    let got = bash_complete(
        &[
            "tcerts",
            "--dir",
            &dir,
            "issue",
            "worker",
            "--namespace",
            "",
        ],
        None,
    );
    assert!(
        got.contains(&"payments".to_string()) && got.contains(&"billing".to_string()),
        "{got:?}"
    );
    // TCERTS_DIR, as the commands themselves read it.
    let got = bash_complete(&["tcerts", "bundle", "--namespace", "b"], Some(&pki.dir));
    assert_eq!(got, ["billing"]);
    // No PKI there: nothing to offer, and no error.
    let got = bash_complete(&["tcerts", "--dir", "/nonexistent", "renew", "x"], None);
    assert!(got.is_empty(), "{got:?}");
}

/// `--json` with a completion script or the man page on stdout: one JSON document holding
/// it (README, "Global flags").
#[test]
fn json_embeds_completions_and_the_man_page() {
    let pki = Pki::new();
    let doc = json_embeds(&pki, &["completions", "bash"], &[], "completion-script");
    assert_eq!(doc["shell"], "bash");
    json_embeds(&pki, &["man"], &[], "roff");
    let dir = pki.tmp.path().join("man1");
    std::fs::create_dir(&dir).unwrap();
    let doc = pki
        .tcerts(&["--json", "man", "--output-dir", dir.to_str().unwrap()])
        .succeeds()
        .json();
    assert!(
        doc["pages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "tcerts-ca-rotate.1"),
        "{doc}"
    );
}
