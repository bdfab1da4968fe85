//! The committed fixtures: the export fixture PKI (`fixtures/export/pki`, made by
//! `fixtures/export/make-pki.sh`) and golden files (`fixtures/export/golden/`), the doctor
//! cases (`fixtures/doctor`, made by `fixtures/doctor/generate.sh`), and copying them to a
//! scratch directory (tcerts takes a lock file in a PKI directory).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Placeholder for the PKI directory's absolute path in golden files: exports write
/// absolute paths, and the fixture is copied to a scratch directory before use (tcerts
/// takes a lock file in the PKI directory).
pub const PKI_PLACEHOLDER: &str = "@PKI@";

pub fn fixtures() -> PathBuf {
    fixture_path("export")
}

/// `fixtures/REL` in the repository.
pub fn fixture_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

/// `fixtures/doctor/REL`: one doctor case's files.
pub fn doctor_fixture(rel: &str) -> PathBuf {
    fixture_path("doctor").join(rel)
}

/// [`doctor_fixture`] as a string, for argument lists.
pub fn doctor_fixture_str(rel: &str) -> String {
    doctor_fixture(rel).to_string_lossy().into_owned()
}

/// A scratch copy of the fixture PKI: (scratch dir guard, path of the PKI copy).
pub fn fixture_pki() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dest = tmp.path().join("pki");
    copy_dir(&fixtures().join("pki"), &dest);
    (tmp, dest)
}

/// Copies the tree `from` to `to`, as it is in the checkout.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("mkdir {}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run fixtures/export/make-pki.sh to create the fixture PKI",
            from.display()
        )
    }) {
        let entry = entry.expect("dir entry");
        let dst = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &dst);
        } else {
            std::fs::copy(entry.path(), &dst)
                .unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
        }
    }
}

/// Gives every `key.pem` under `dir` the 0600 tcerts writes keys with (git does not keep
/// modes, so a checked-out fixture's keys are 0644).
pub fn restrict_keys(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            restrict_keys(&path);
        } else if path.file_name().is_some_and(|n| n == "key.pem") {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
                .unwrap_or_else(|e| panic!("chmod {}: {e}", path.display()));
        }
    }
}

/// Compares `actual` (with `pki` replaced by [`PKI_PLACEHOLDER`]) with the golden file
/// `name`, or rewrites the golden file when TCERTS_UPDATE_GOLDEN is set.
pub fn golden(name: &str, pki: &Path, actual: &[u8]) {
    let text = String::from_utf8_lossy(actual);
    let abs = std::path::absolute(pki).expect("absolute");
    let normalised = text.replace(&*abs.to_string_lossy(), PKI_PLACEHOLDER);
    let path = fixtures().join("golden").join(name);
    if std::env::var_os("TCERTS_UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, normalised.as_bytes())
            .unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; create it with TCERTS_UPDATE_GOLDEN=1 cargo test",
            path.display()
        )
    });
    assert!(
        expected == normalised,
        "output differs from the golden file {} (if the change is intended, regenerate with \
         TCERTS_UPDATE_GOLDEN=1 cargo test):\n--- expected ---\n{expected}\n--- actual ---\n{normalised}",
        path.display()
    );
}
