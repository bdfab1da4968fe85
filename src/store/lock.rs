//! The PKI lock: tcerts processes on one directory take turns instead of interleaving
//! their writes. An advisory `flock` on `DIR/.lock`, released by the kernel when the
//! process ends, however it ends.

use std::fs::{File, OpenOptions, TryLockError};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::Error;

pub struct Lock {
    _file: File,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum LockMode {
    /// Readers (inspect, list, doctor) share the lock.
    Shared,
    /// Writers hold it alone.
    Exclusive,
}

/// How long to wait for another tcerts process before giving up (TCERTS_LOCK_TIMEOUT,
/// seconds; default 120).
fn timeout() -> Duration {
    std::env::var("TCERTS_LOCK_TIMEOUT")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map(Duration::from_secs)
        .unwrap_or(Duration::from_secs(120))
}

impl Lock {
    pub fn acquire(dir: &Path, mode: LockMode) -> Result<Lock, Error> {
        let path: PathBuf = dir.join(".lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .mode(0o600)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        let try_lock = |f: &File| match mode {
            LockMode::Shared => f.try_lock_shared(),
            LockMode::Exclusive => f.try_lock(),
        };
        let limit = timeout();
        let start = Instant::now();
        let mut told = false;
        loop {
            match try_lock(&file) {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) => {
                    if start.elapsed() >= limit {
                        return Err(Error::LockTimeout(path, limit.as_secs()));
                    }
                    if !told && start.elapsed() > Duration::from_millis(500) {
                        crate::output::progress(&format!(
                            "waiting for another tcerts process to release {}",
                            path.display()
                        ));
                        told = true;
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(TryLockError::Error(e)) => return Err(Error::io(&path, e)),
            }
        }
        Ok(Lock { _file: file })
    }
}
