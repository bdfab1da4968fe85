//! What commands print: results on stdout (or one JSON document with --json), warnings
//! and progress on stderr. Colour only on a terminal and never with NO_COLOR (anstream
//! decides), spinners only on a terminal.
//!
//! `--quiet` means: no progress (spinners, "waiting for a lock"), no success or summary
//! lines, no next steps, no notes (advice that holds for every run), no tables or
//! descriptions. Warnings (something about this run is wrong, risky or not what was asked:
//! a cut validity, a fake clock, a CA that admits more than intended, certificates about to
//! expire) and errors always print on stderr, as do doctor's error and warning findings:
//! hiding them would make a quiet run look better than it was. Data asked for on stdout
//! (JSON, `--output -`, completions, man, `doctor --explain`) is printed as usual.

pub mod json;

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anstyle::{AnsiColor, Style};
use indicatif::{ProgressBar, ProgressStyle};

const BOLD: Style = Style::new().bold();
const GREEN: Style = AnsiColor::Green.on_default();
const YELLOW: Style = AnsiColor::Yellow.on_default().bold();
const DIM: Style = Style::new().dimmed();

/// Set once by `--quiet`, for progress messages printed below the commands (lock waits).
static QUIET: AtomicBool = AtomicBool::new(false);

/// Records `--quiet` for code that prints progress without an `Output` at hand.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// A progress message on stderr, unless `--quiet`.
pub fn progress(text: &str) {
    if !QUIET.load(Ordering::Relaxed) {
        let _ = writeln!(anstream::stderr(), "{text}");
    }
}

/// A path as it would be typed in a shell (quoted when it needs to be).
pub fn shell_path(p: &Path) -> String {
    let s = p.display().to_string();
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:@".contains(c))
    {
        s
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub json: bool,
    pub quiet: bool,
}

impl Output {
    /// Whether text for people is shown: neither --json nor --quiet.
    pub fn human(self) -> bool {
        !self.json && !self.quiet
    }

    /// A heading line: what was done.
    pub fn done(&self, text: &str) {
        if self.human() {
            let _ = writeln!(anstream::stdout(), "{GREEN}✓{GREEN:#} {BOLD}{text}{BOLD:#}");
        }
    }

    /// Reports the rewritten self-hosted trust files (and the older tcerts' root-anchored
    /// trust files removed).
    pub fn trust_files(&self, t: &crate::store::TrustFiles) {
        for p in &t.written {
            let what = if p.ends_with("internode.pem") {
                "internode clientCaFiles: every trusted issuing CA generation"
            } else {
                "frontend clientCaFiles: every trusted issuing and namespace CA generation"
            };
            self.wrote(p, what);
        }
        for p in &t.removed_legacy {
            self.warn(&format!(
                "removed {}: it anchored on the root, so it accepted certificates of retired CAs; point clientCaFiles at {} ({} for internode) instead",
                p.display(),
                crate::store::CLIENTS_FILE,
                crate::store::INTERNODE_FILE
            ));
        }
    }

    /// A file that was written, and what it is.
    pub fn wrote(&self, path: &Path, what: &str) {
        self.wrote_all(&[(path, what)]);
    }

    /// Files that were written, each with what it is, in one aligned column: as wide as
    /// the longest path (at least 44), so long paths do not push their line out of line.
    pub fn wrote_all(&self, files: &[(&Path, &str)]) {
        if !self.human() {
            return;
        }
        let shown: Vec<String> = files.iter().map(|(p, _)| p.display().to_string()).collect();
        let width = shown
            .iter()
            .map(|p| p.chars().count())
            .max()
            .unwrap_or(0)
            .max(44);
        let mut out = anstream::stdout();
        for (p, (_, what)) in shown.iter().zip(files) {
            let _ = writeln!(out, "  {p:<width$} {DIM}{what}{DIM:#}");
        }
    }

    /// A plain line of detail (or many: a table is printed in one piece).
    pub fn line(&self, text: &str) {
        if self.human() {
            // Text without escape sequences has nothing for anstream to strip, and its
            // byte-by-byte scan is most of the cost of printing a 10,000-row table.
            if memchr::memchr(b'\x1b', text.as_bytes()).is_none() {
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(text.as_bytes());
                let _ = out.write_all(b"\n");
            } else {
                let _ = writeln!(anstream::stdout(), "{text}");
            }
        }
    }

    /// The next steps, as commands or settings to copy.
    pub fn next(&self, title: &str, lines: &[String]) {
        if self.human() && !lines.is_empty() {
            let mut out = anstream::stdout();
            let _ = writeln!(out, "\n{BOLD}{title}{BOLD:#}");
            for l in lines {
                let _ = writeln!(out, "  {l}");
            }
        }
    }

    /// A note on stderr: advice true of every run, suppressed by --quiet (not by --json).
    pub fn note(&self, text: &str) {
        if !self.quiet {
            let _ = writeln!(anstream::stderr(), "{BOLD}note:{BOLD:#} {text}");
        }
    }

    /// A warning, shown even with --quiet and --json (on stderr): see the module comment.
    pub fn warn(&self, text: &str) {
        let _ = writeln!(anstream::stderr(), "{YELLOW}warning:{YELLOW:#} {text}");
    }

    /// The JSON document of a command, when --json was given.
    pub fn json(&self, value: &serde_json::Value) {
        self.json_of(value);
    }

    /// Like [`Output::json`] for any serializable document (a large one is written as it
    /// is serialized, without building a `Value` first).
    pub fn json_of<T: serde::Serialize>(&self, value: &T) {
        if self.json {
            // Buffered: stdout is line-buffered, and a pretty document of 10,000 entries would
            // otherwise be written in 180,000 write calls.
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let _ = serde_json::to_writer_pretty(&mut out, value);
            let _ = writeln!(out);
            let _ = out.flush();
        }
    }

    /// Like [`Output::json_of`] for a document whose first key holds many rows: the
    /// object with `key` holding `rows`, then the keys of `rest` (see
    /// [`json::write_rows_first`]), the rows written by `write_row` on every core.
    pub fn json_rows_first<T, F, R>(&self, key: &str, rows: &[T], write_row: F, rest: &R)
    where
        T: Sync,
        F: Fn(&mut Vec<u8>, usize, &T) + Sync,
        R: serde::Serialize,
    {
        if self.json {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let _ = json::write_rows_first(&mut out, key, rows, write_row, rest);
            let _ = writeln!(out);
            let _ = out.flush();
        }
    }

    /// A spinner on stderr while slow work (RSA key generation) runs; none when stderr is
    /// not a terminal or output is quiet.
    pub fn spinner(&self, message: &str) -> Option<ProgressBar> {
        if self.quiet || !std::io::stderr().is_terminal() {
            return None;
        }
        let pb = ProgressBar::new_spinner();
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg}") {
            pb.set_style(style);
        }
        pb.set_message(message.to_string());
        pb.enable_steady_tick(Duration::from_millis(80));
        Some(pb)
    }
}

/// Prints an error the way every tcerts error looks.
pub fn print_error(err: &dyn std::fmt::Display) {
    const RED: Style = AnsiColor::Red.on_default().bold();
    let _ = writeln!(anstream::stderr(), "{RED}error:{RED:#} {err}");
}

/// A path for a JSON document. serde_json refuses (and `json!` panics on) paths that are
/// not UTF-8, so such bytes are replaced with U+FFFD rather than lose the document.
pub fn json_path(p: &Path) -> serde_json::Value {
    serde_json::Value::String(p.to_string_lossy().into_owned())
}
