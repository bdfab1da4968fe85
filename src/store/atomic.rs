//! Atomic writes: a reader or a crash sees the old content or the new, never a mix.
//! Files: temporary file in the same directory, fsync, rename, fsync the directory.
//! Sets of files (a certificate with its key and chain): a staging directory, swapped in
//! with one rename.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::Error;

/// Mode of files holding private keys.
pub const KEY_MODE: u32 = 0o600;
/// Mode of certificates and other public files.
pub const PUBLIC_MODE: u32 = 0o644;
/// Mode of every directory tcerts creates: they may hold keys.
pub const DIR_MODE: u32 = 0o700;

/// Writes `bytes` to `path` atomically with `mode`, replacing what is there.
///
/// A symlink is followed (its target is replaced, the link stays). Anything that is not a
/// regular file — `/dev/null`, `/dev/stdout`, a FIFO — is written into directly: renaming
/// over it would replace a device node with a file.
pub fn write_file(path: &Path, bytes: &[u8], mode: u32) -> Result<(), Error> {
    write_file_with(path, bytes, mode, true)
}

/// Like [`write_file`] for files tcerts can rebuild from others (the inventory): still
/// replaced atomically, so a killed process leaves the old or the new content, but not
/// synced to disk, which a power loss may undo; the next run then rebuilds it.
pub fn write_cache_file(path: &Path, bytes: &[u8], mode: u32) -> Result<(), Error> {
    write_file_with(path, bytes, mode, false)
}

fn write_file_with(path: &Path, bytes: &[u8], mode: u32, durable: bool) -> Result<(), Error> {
    // What the path leads to (through symlinks): a device, FIFO or pipe is written into.
    match fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            return Err(Error::io(
                path,
                std::io::Error::new(std::io::ErrorKind::IsADirectory, "is a directory"),
            ));
        }
        Ok(m) if !m.is_file() => {
            let mut f = fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| Error::io(path, e))?;
            return f.write_all(bytes).map_err(|e| Error::io(path, e));
        }
        _ => {}
    }
    // A symlink to a file: replace the file, keep the link.
    let resolved;
    let path = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            resolved = fs::canonicalize(path).map_err(|e| Error::io(path, e))?;
            resolved.as_path()
        }
        _ => path,
    };
    let dir = parent(path);
    let mut tmp = tempfile::Builder::new()
        .prefix(".tcerts-")
        .suffix(".tmp")
        .permissions(fs::Permissions::from_mode(mode))
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    // The umask may have narrowed the mode at creation; set it exactly.
    fs::set_permissions(tmp.path(), fs::Permissions::from_mode(mode))
        .map_err(|e| Error::io(tmp.path(), e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    if durable {
        tmp.as_file().sync_data().map_err(|e| Error::io(path, e))?;
    }
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    if durable {
        sync_dir(dir)?;
    }
    Ok(())
}

/// Like [`write_file`] but refuses to replace an existing file.
pub fn write_new_file(path: &Path, bytes: &[u8], mode: u32) -> Result<(), Error> {
    if path.exists() {
        return Err(Error::Exists(path.to_path_buf()));
    }
    write_file(path, bytes, mode)
}

/// Creates `dir` and its missing parents with mode 0700.
pub fn create_dir_all(dir: &Path) -> Result<(), Error> {
    if dir.is_dir() {
        return Ok(());
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(DIR_MODE)
        .create(dir)
        .map_err(|e| Error::io(dir, e))
}

pub fn sync_dir(dir: &Path) -> Result<(), Error> {
    fs::File::open(dir)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io(dir, e))
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// One file of a set.
pub struct SetFile<'a> {
    pub name: &'static str,
    pub bytes: &'a [u8],
    pub mode: u32,
}

/// Replaces the directory `target` by a new one holding exactly `files`, atomically:
/// the files are written and synced in a staging directory beside it, which is then
/// swapped in with `renameat2(RENAME_EXCHANGE)` (or renamed, when `target` is new).
/// A crash leaves either the old set or the new one, plus a staging directory that
/// [`recover`] removes.
pub fn replace_dir(target: &Path, files: &[SetFile<'_>]) -> Result<(), Error> {
    let staged = stage_dir(target, files, true)?;
    staged.commit()?;
    sync_dir(parent(target))
}

/// A complete set of files in a staging directory beside its target, not yet swapped in.
/// Dropped without [`Staged::commit`], the staging directory is removed.
pub struct Staged {
    staging: PathBuf,
    target: PathBuf,
    committed: bool,
}

/// Writes `files` into a new staging directory beside `target`. With `sync`, every file
/// and the staging directory are fsynced; without, the caller makes them durable before
/// committing (one `syncfs` for a whole batch: see [`sync_filesystem`]).
pub fn stage_dir(target: &Path, files: &[SetFile<'_>], sync: bool) -> Result<Staged, Error> {
    let dir = parent(target);
    create_dir_all(dir)?;
    let base = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{base}.staging-"))
        .permissions(fs::Permissions::from_mode(DIR_MODE))
        .tempdir_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    let mut written = Vec::with_capacity(files.len());
    for f in files {
        let path = staging.path().join(f.name);
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(f.mode)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        fs::set_permissions(&path, fs::Permissions::from_mode(f.mode))
            .map_err(|e| Error::io(&path, e))?;
        file.write_all(f.bytes).map_err(|e| Error::io(&path, e))?;
        written.push((path, file));
    }
    if sync {
        // Sync the files concurrently: the filesystem folds them into fewer journal commits.
        std::thread::scope(|scope| {
            let handles: Vec<_> = written
                .iter()
                .map(|(path, file)| {
                    scope.spawn(move || file.sync_data().map_err(|e| Error::io(path, e)))
                })
                .collect();
            handles.into_iter().try_for_each(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(Error::io(
                        staging.path(),
                        std::io::Error::other("sync thread failed"),
                    ))
                })
            })
        })?;
        sync_dir(staging.path())?;
    }
    Ok(Staged {
        staging: staging.keep(),
        target: target.to_path_buf(),
        committed: false,
    })
}

impl Staged {
    /// Swaps the staged set in for the target's (the directory holding both is not synced:
    /// the caller syncs it once, after one or many commits).
    pub fn commit(mut self) -> Result<(), Error> {
        if self.target.exists() {
            exchange(&self.staging, &self.target)?;
            self.committed = true;
            // `staging` now holds the old set.
            fs::remove_dir_all(&self.staging).map_err(|e| Error::io(&self.staging, e))?;
        } else {
            fs::rename(&self.staging, &self.target).map_err(|e| Error::io(&self.target, e))?;
            self.committed = true;
        }
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// Flushes every file of the filesystem holding `dir` to disk (`syncfs`): one call that
/// makes a batch of staged sets durable, instead of an fsync per file.
pub fn sync_filesystem(dir: &Path) -> Result<(), Error> {
    let f = fs::File::open(dir).map_err(|e| Error::io(dir, e))?;
    rustix::fs::syncfs(&f).map_err(|e| Error::io(dir, e.into()))
}

fn exchange(a: &Path, b: &Path) -> Result<(), Error> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        // Filesystems without RENAME_EXCHANGE: move the old set aside first. A crash
        // between the two renames leaves it in an `.old-` directory that `recover` restores.
        Err(rustix::io::Errno::INVAL) | Err(rustix::io::Errno::NOSYS) => {
            let aside = with_suffix(b, ".old");
            fs::rename(b, &aside).map_err(|e| Error::io(b, e))?;
            fs::rename(a, b).map_err(|e| Error::io(b, e))?;
            fs::rename(&aside, a).map_err(|e| Error::io(a, e))
        }
        Err(e) => Err(Error::io(b, e.into())),
    }
}

fn with_suffix(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Cleans what an interrupted [`replace_dir`] or [`write_file`] left in `dir`: staging
/// directories and temporary files are removed; a set moved aside is put back when its
/// place is empty. Called under the PKI lock, so no other process is mid-write.
pub fn recover(dir: &Path) -> Result<(), Error> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if name.starts_with('.') && name.contains(".staging-") {
            fs::remove_dir_all(&path).map_err(|e| Error::io(&path, e))?;
        } else if name.starts_with(".tcerts-") && name.ends_with(".tmp") {
            fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        } else if let Some(orig) = name.strip_suffix(".old") {
            let orig = dir.join(orig);
            if orig.exists() {
                fs::remove_dir_all(&path).map_err(|e| Error::io(&path, e))?;
            } else {
                fs::rename(&path, &orig).map_err(|e| Error::io(&orig, e))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::{FileTypeExt, MetadataExt};

    #[test]
    fn replace_dir_swaps_whole_sets_and_recover_cleans_up() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("certs").join("w1");
        let set = |b: &'static [u8]| {
            vec![
                SetFile {
                    name: "cert.pem",
                    bytes: b,
                    mode: PUBLIC_MODE,
                },
                SetFile {
                    name: "key.pem",
                    bytes: b,
                    mode: KEY_MODE,
                },
            ]
        };
        replace_dir(&target, &set(b"one")).unwrap();
        replace_dir(&target, &set(b"two")).unwrap();
        assert_eq!(fs::read(target.join("cert.pem")).unwrap(), b"two");
        assert_eq!(
            fs::metadata(target.join("key.pem")).unwrap().mode() & 0o777,
            0o600
        );
        assert_eq!(fs::metadata(&target).unwrap().mode() & 0o777, 0o700);
        let certs = tmp.path().join("certs");
        assert_eq!(
            fs::read_dir(&certs).unwrap().count(),
            1,
            "no staging left behind"
        );

        // A crash after moving the old set aside, before the new one arrived.
        fs::rename(&target, certs.join("w1.old")).unwrap();
        fs::create_dir(certs.join(".w2.staging-abc")).unwrap();
        recover(&certs).unwrap();
        assert_eq!(fs::read(target.join("cert.pem")).unwrap(), b"two");
        assert_eq!(fs::read_dir(&certs).unwrap().count(), 1);
    }

    #[test]
    fn write_file_never_replaces_a_device_or_a_symlink() {
        let tmp = tempfile::tempdir().unwrap();
        // A FIFO stands in for /dev/null: written into, never renamed over.
        let fifo = tmp.path().join("fifo");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        let reader = std::thread::spawn({
            let fifo = fifo.clone();
            move || fs::read(&fifo).unwrap()
        });
        write_file(&fifo, b"through", PUBLIC_MODE).unwrap();
        assert_eq!(reader.join().unwrap(), b"through");
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
        // A symlink to it, as /dev/stdout is to a pipe: written through, both stay.
        let stdout_like = tmp.path().join("stdout");
        std::os::unix::fs::symlink(&fifo, &stdout_like).unwrap();
        let reader = std::thread::spawn({
            let fifo = fifo.clone();
            move || fs::read(&fifo).unwrap()
        });
        write_file(&stdout_like, b"again", PUBLIC_MODE).unwrap();
        assert_eq!(reader.join().unwrap(), b"again");
        assert!(
            fs::symlink_metadata(&stdout_like)
                .unwrap()
                .file_type()
                .is_symlink()
        );

        let real = tmp.path().join("real.toml");
        fs::write(&real, b"old").unwrap();
        let link = tmp.path().join("link.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_file(&link, b"new", PUBLIC_MODE).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).unwrap(), b"new");
        assert!(write_file(tmp.path(), b"x", PUBLIC_MODE).is_err());
    }

    #[test]
    fn write_file_sets_mode_and_write_new_refuses() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("key.pem");
        write_new_file(&p, b"k", KEY_MODE).unwrap();
        assert_eq!(fs::metadata(&p).unwrap().mode() & 0o777, 0o600);
        assert!(matches!(
            write_new_file(&p, b"x", KEY_MODE),
            Err(Error::Exists(_))
        ));
        assert_eq!(fs::read(&p).unwrap(), b"k");
    }
}
