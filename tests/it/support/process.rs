//! Child processes that never outlive their test: a kill-on-drop guard, servers
//! supervised in their own process group, and runs bounded in time.

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, Read};
use std::ops::{Deref, DerefMut};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use super::tools::find_in_path;

/// Hard upper bound on the life of any server started here. It is enforced by
/// coreutils `timeout` (when present), so even a test runner killed with SIGKILL,
/// whose destructors never run, leaves nothing running for longer than this.
pub const MAX_SERVER_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// A child process killed and reaped when dropped, however the test ends (a failed
/// assertion included). [`ChildGuard::group`] kills the child's whole process group.
pub struct ChildGuard {
    child: Child,
    group: bool,
}

impl ChildGuard {
    /// Kills and reaps `child` on drop.
    pub fn new(child: Child) -> ChildGuard {
        ChildGuard {
            child,
            group: false,
        }
    }

    /// For a child spawned with `process_group(0)`: kills its whole group on drop (see
    /// [`kill_group`]), so grandchildren (nginx workers, a server under `timeout`) go too.
    pub fn group(child: Child) -> ChildGuard {
        ChildGuard { child, group: true }
    }
}

impl Deref for ChildGuard {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.child
    }
}

impl DerefMut for ChildGuard {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.child
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        if self.group {
            kill_group(&mut self.child);
        } else {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

pub(crate) fn display_args(args: &[OsString]) -> String {
    args.iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs `cmd` with captured stdout/stderr. `Ok(Ok(output))` if it exited in time,
/// `Ok(Err(partial))` if it was killed at the deadline, `Err` if it could not start.
pub fn run_with_timeout(mut cmd: Command, timeout: Duration) -> io::Result<Result<Output, Output>> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let mut child = cmd.spawn()?;
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let deadline = Instant::now() + timeout;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if Instant::now() >= deadline {
            kill_group(&mut child);
            break None;
        }
        thread::sleep(Duration::from_millis(20));
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    Ok(match status {
        Some(status) => Ok(Output {
            status,
            stdout,
            stderr,
        }),
        None => Err(Output {
            status: child.wait()?,
            stdout,
            stderr,
        }),
    })
}

fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut pipe) = pipe {
            // A read error just truncates the captured output.
            let _ = pipe.read_to_end(&mut buf);
        }
        buf
    })
}

/// A long-running child in its own process group, SIGKILLed (whole group) on drop.
pub(crate) struct Supervised {
    name: &'static str,
    child: ChildGuard,
    logs: Vec<PathBuf>,
}

impl Supervised {
    /// Spawns `program args` in a new process group with stdout/stderr appended to
    /// `log`, under coreutils `timeout` so it cannot outlive [`MAX_SERVER_LIFETIME`].
    pub(crate) fn spawn(
        name: &'static str,
        program: &Path,
        args: &[OsString],
        log: &Path,
        extra_logs: Vec<PathBuf>,
        configure: impl FnOnce(&mut Command),
    ) -> Self {
        let open_log = || {
            File::options()
                .create(true)
                .append(true)
                .open(log)
                .unwrap_or_else(|e| panic!("cannot open {}: {e}", log.display()))
        };
        let mut cmd = match find_in_path("timeout") {
            Some(timeout) => {
                let mut cmd = Command::new(timeout);
                cmd.arg("--signal=KILL")
                    .arg(format!("{}s", MAX_SERVER_LIFETIME.as_secs()))
                    .arg(program);
                cmd
            }
            None => Command::new(program),
        };
        cmd.args(args)
            .stdin(Stdio::null())
            .stdout(open_log())
            .stderr(open_log())
            .process_group(0);
        configure(&mut cmd);
        let child = cmd.spawn().unwrap_or_else(|e| {
            panic!(
                "cannot start {name} ({} {}): {e}",
                program.display(),
                display_args(args)
            )
        });
        let mut logs = vec![log.to_path_buf()];
        logs.extend(extra_logs);
        Supervised {
            name,
            child: ChildGuard::group(child),
            logs,
        }
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `Some(status)` if the process has already exited.
    pub(crate) fn exited(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    pub(crate) fn log_tail(&self) -> String {
        let mut out = String::new();
        for log in &self.logs {
            let text = fs::read_to_string(log).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            let start = lines.len().saturating_sub(40);
            out.push_str(&format!(
                "--- {} ({} of {} lines) ---\n{}\n",
                log.display(),
                lines.len() - start,
                lines.len(),
                lines[start..].join("\n")
            ));
        }
        out
    }
}

impl Drop for Supervised {
    fn drop(&mut self) {
        if thread::panicking() {
            eprintln!(
                "{} (pid {}) logs at the time of the failure:\n{}",
                self.name,
                self.pid(),
                self.log_tail()
            );
        }
        // The ChildGuard field then kills the process group.
    }
}

/// SIGKILLs the process group led by `child` (it was spawned with
/// `process_group(0)`), reaps the child, and waits (at most ~5 s) until no process
/// of the group is left, so ports and files are released when this returns.
pub fn kill_group(child: &mut Child) {
    let pgid = child.id().to_string();
    // std has no killpg; the shell's kill builtin does it. Failures mean the group
    // is already gone, which is what we want anyway. The group is killed even if
    // the leader already exited: nginx workers or a server under `timeout` may not
    // have.
    group_shell("kill -s KILL -- \"-$1\" 2>/dev/null", &pgid);
    let _ = child.kill();
    let _ = child.wait();
    group_shell(
        "i=0; while kill -0 -- \"-$1\" 2>/dev/null && [ $i -lt 100 ]; do \
         sleep 0.05; i=$((i+1)); done",
        &pgid,
    );
}

/// Runs `sh -c script sh pgid`, ignoring the outcome.
fn group_shell(script: &str, pgid: &str) {
    let _ = Command::new("sh")
        .args(["-c", script, "sh", pgid])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}
