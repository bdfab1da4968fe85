//! Dynamic shell completion (clap_complete's `CompleteEnv`): the certificate and namespace
//! names of the PKI the command line points at. The shell runs
//! `COMPLETE=bash tcerts -- WORDS…`; these functions read the PKI directory named by
//! `--dir` among those words, else `TCERTS_DIR`, else `./pki`, without taking its lock
//! (completion must never wait), and offer nothing when it cannot be read.

use std::ffi::OsString;
use std::path::PathBuf;

use clap_complete::engine::CompletionCandidate;

use crate::store::{CONFIG_FILE, Config};

/// The PKI directory a command line being completed points at.
fn pki_dir_of(args: &[OsString]) -> PathBuf {
    let mut dir = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let s = a.to_string_lossy();
        if s == "--dir" {
            dir = it.next().map(PathBuf::from);
        } else if let Some(v) = s.strip_prefix("--dir=") {
            dir = Some(PathBuf::from(v));
        }
    }
    dir.or_else(|| std::env::var_os("TCERTS_DIR").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("pki"))
}

fn pki_dir() -> PathBuf {
    let args: Vec<OsString> = std::env::args_os().collect();
    pki_dir_of(&args)
}

fn config(dir: &std::path::Path) -> Option<Config> {
    let path = dir.join(CONFIG_FILE);
    let text = std::fs::read_to_string(&path).ok()?;
    Config::parse(&path, &text).ok()
}

fn subdirs(dir: &std::path::Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Certificates declared in tcerts.toml or present in DIR/certs, each with its role and
/// namespace as help.
pub fn certificate_names() -> Vec<CompletionCandidate> {
    let dir = pki_dir();
    let config = config(&dir);
    let mut names: Vec<(String, Option<String>)> = Vec::new();
    if let Some(c) = &config {
        for d in &c.certificates {
            let help = match &d.namespace {
                Some(ns) => format!("{} (namespace {ns})", d.role),
                None => d.role.to_string(),
            };
            names.push((d.name.clone(), Some(help)));
        }
    }
    for n in subdirs(&dir.join("certs")) {
        if !names.iter().any(|(m, _)| *m == n) {
            names.push((n, Some("not declared in tcerts.toml".into())));
        }
    }
    names
        .into_iter()
        .map(|(n, h)| CompletionCandidate::new(n).help(h.map(Into::into)))
        .collect()
}

/// Namespaces declared in tcerts.toml or with a CA in DIR/ca/namespaces.
pub fn namespace_names() -> Vec<CompletionCandidate> {
    let dir = pki_dir();
    let mut names: Vec<String> = config(&dir)
        .map(|c| c.namespaces.into_iter().map(|n| n.name).collect())
        .unwrap_or_default();
    for n in subdirs(&dir.join("ca/namespaces")) {
        if !names.contains(&n) {
            names.push(n);
        }
    }
    names.into_iter().map(CompletionCandidate::new).collect()
}

#[cfg(test)]
mod tests {
    use super::pki_dir_of;
    use std::ffi::OsString;
    use std::path::PathBuf;

    #[test]
    fn the_dir_comes_from_the_words_being_completed() {
        let w = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            pki_dir_of(&w(&[
                "tcerts", "--", "tcerts", "--dir", "/x/pki", "renew", ""
            ])),
            PathBuf::from("/x/pki")
        );
        assert_eq!(
            pki_dir_of(&w(&["tcerts", "--", "tcerts", "--dir=/y", "renew"])),
            PathBuf::from("/y")
        );
    }
}
