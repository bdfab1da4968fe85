//! Who can change the PKI. A directory other users can write to (or that another user
//! owns) lets them swap in their own CA or key, and the next `issue` signs with it; ssh
//! refuses a writable `~/.ssh` for the same reason. Writing commands refuse such a PKI
//! (see `Store::lock`), and `doctor` reports it.

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// One directory others can change, with the reason and the command that fixes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposure {
    pub path: PathBuf,
    pub why: String,
    pub fix: String,
}

/// Which directories a writing command must be able to trust.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    /// Every directory of the PKI: commands that read or replace many certificates
    /// (`apply`, `ca rotate`, `init --force`, …) and doctor.
    Whole,
    /// What one certificate's write depends on: the PKI directory, every directory under
    /// `ca/` (CA keys and certificates decide what is signed and trusted), `certs/` and
    /// `archive/` themselves, and `certs/NAME` (its files are read and replaced). Another
    /// certificate's directory is not read, so it is not judged: a single-certificate
    /// command then costs the same in a PKI of 100 certificates or 100,000 (issue #11);
    /// doctor still reports every exposed directory.
    Certificate(&'a str),
    /// The PKI directory, `ca/`, `certs/` and `archive/` themselves (`namespace add`).
    Cas,
}

/// The directories of the PKI in `scope` that hold keys or decide what is trusted (see
/// [`Scope`]). Symlinked directories are judged by their target, and not descended into.
pub fn exposures_in(dir: &Path, scope: Scope<'_>) -> Vec<Exposure> {
    let me = rustix::process::geteuid().as_raw();
    let mut found = Vec::new();
    judge(dir, me, &mut found);
    judge_tree(&dir.join("ca"), me, &mut found);
    match scope {
        Scope::Whole => {
            judge_tree(&dir.join("certs"), me, &mut found);
            judge_tree(&dir.join("archive"), me, &mut found);
        }
        Scope::Certificate(name) => {
            judge(&dir.join("certs"), me, &mut found);
            judge(&dir.join("archive"), me, &mut found);
            judge_tree(&dir.join("certs").join(name), me, &mut found);
        }
        Scope::Cas => {
            judge(&dir.join("certs"), me, &mut found);
            judge(&dir.join("archive"), me, &mut found);
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

/// Every exposed directory of the PKI (doctor, and writers of the whole PKI).
pub fn exposures(dir: &Path) -> Vec<Exposure> {
    exposures_in(dir, Scope::Whole)
}

/// Judges `top` and every directory under it.
fn judge_tree(top: &Path, me: u32, found: &mut Vec<Exposure>) {
    let mut stack = vec![top.to_path_buf()];
    while let Some(d) = stack.pop() {
        if !judge(&d, me, found) {
            continue;
        }
        let Ok(rd) = fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(e.path()),
                Ok(t) if t.is_symlink() && e.path().is_dir() => {
                    judge(&e.path(), me, found);
                }
                _ => {}
            }
        }
    }
}

/// Adds what is wrong with directory `d`; false when it does not exist.
fn judge(d: &Path, me: u32, found: &mut Vec<Exposure>) -> bool {
    let Ok(m) = fs::metadata(d) else {
        return false;
    };
    if !m.is_dir() {
        return false;
    }
    let mode = m.mode() & 0o7777;
    let shown = quoted(d);
    let writable = match (mode & 0o020 != 0, mode & 0o002 != 0) {
        (true, true) => Some("group- and world-writable"),
        (false, true) => Some("world-writable"),
        (true, false) => Some("group-writable"),
        (false, false) => None,
    };
    if let Some(w) = writable {
        found.push(Exposure {
            path: d.to_path_buf(),
            why: format!("{w} (mode {mode:04o})"),
            fix: format!("chmod go-w {shown}"),
        });
    }
    if m.uid() != me && m.uid() != 0 {
        found.push(Exposure {
            path: d.to_path_buf(),
            why: format!("owned by uid {}, not by you (uid {me}) or root", m.uid()),
            fix: format!("chown {me} {shown}"),
        });
    }
    true
}

/// A path as typed in a shell.
fn quoted(p: &Path) -> String {
    let s = p.display().to_string();
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:@".contains(c))
    {
        s
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn writable_key_directories_are_found() {
        let tmp = tempfile::tempdir().unwrap();
        let pki = tmp.path().join("pki");
        for d in ["ca/root", "ca/namespaces/p", "certs/w1", "archive/x"] {
            fs::create_dir_all(pki.join(d)).unwrap();
        }
        for d in [
            "",
            "ca",
            "ca/root",
            "ca/namespaces",
            "ca/namespaces/p",
            "certs",
            "certs/w1",
            "archive",
            "archive/x",
        ] {
            fs::set_permissions(pki.join(d), fs::Permissions::from_mode(0o700)).unwrap();
        }
        assert_eq!(exposures(&pki), vec![]);
        fs::set_permissions(
            pki.join("ca/namespaces/p"),
            fs::Permissions::from_mode(0o777),
        )
        .unwrap();
        fs::set_permissions(pki.join("certs/w1"), fs::Permissions::from_mode(0o770)).unwrap();
        let found = exposures(&pki);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].path.ends_with("ca/namespaces/p"));
        assert!(
            found[0]
                .why
                .contains("group- and world-writable (mode 0777)")
        );
        assert!(found[0].fix.starts_with("chmod go-w "));
        assert!(found[1].why.starts_with("group-writable"));
    }
}
