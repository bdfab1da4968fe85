//! Atomic writes: a reader or a crash sees the old content or the new, never a mix.
//! Files: temporary file in the same directory, fsync, rename, fsync the directory.
//! Sets of files (a certificate with its key and chain): a staging directory, swapped in
//! with one rename.
//!
//! Three kinds of destination, three rules:
//! - files inside the PKI ([`write_file`]): replaced, never followed. Whatever is at the
//!   path (a symlink, a FIFO) is renamed over; a symlink's target is never written or
//!   chmod'ed.
//! - key-bearing outputs the user names ([`write_secret_output`], [`write_new_secret`]):
//!   only a new regular file created 0600, never a FIFO, device or symlink someone else
//!   may have put there.
//! - public outputs the user names outside the PKI ([`write_output`]): `/dev/stdout`, a
//!   pipe or a symlinked dotfile are the user's choice and are written through.
//!
//! Every temporary name starts with [`TEMP_PREFIX`], a prefix reserved for tcerts, so that
//! [`recover`] touches only what tcerts itself created.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::Error;

/// Mode of files holding private keys.
pub const KEY_MODE: u32 = 0o600;
/// Mode of certificates and other public files.
pub const PUBLIC_MODE: u32 = 0o644;
/// Mode of every directory tcerts creates: they may hold keys.
pub const DIR_MODE: u32 = 0o700;

/// The prefix of every temporary file or directory tcerts creates beside its target.
pub const TEMP_PREFIX: &str = ".tcerts-";
/// A file being written: `.tcerts-tmp-RANDOM`.
const TMP_FILE: &str = ".tcerts-tmp-";
/// A set of files being staged: `.tcerts-staging-NAME-RANDOM`.
const STAGING_DIR: &str = ".tcerts-staging-";
/// A set moved aside during a swap without `RENAME_EXCHANGE`: `.tcerts-old-PID-NAME`.
const ASIDE_DIR: &str = ".tcerts-old-";

/// Writes `bytes` to the PKI file `path` atomically with `mode`, replacing what is there.
///
/// The new file is renamed over the path: a symlink, FIFO or device there is replaced,
/// never written through, so a link planted in the PKI cannot redirect the write.
pub fn write_file(path: &Path, bytes: &[u8], mode: u32) -> Result<(), Error> {
    write_file_parts(path, &[bytes], mode)
}

/// [`write_file`] of `parts` one after the other: a file with lines added in the middle
/// is written without first copying it whole in memory.
pub fn write_file_parts(path: &Path, parts: &[&[u8]], mode: u32) -> Result<(), Error> {
    refuse_directory(path)?;
    replace_with_new_file(path, parts, mode, true)
}

/// Like [`write_file`] for files tcerts can rebuild from others (the inventory): still
/// replaced atomically, so a killed process leaves the old or the new content, but not
/// synced to disk, which a power loss may undo; the next run then rebuilds it.
pub fn write_cache_file(path: &Path, bytes: &[u8], mode: u32) -> Result<(), Error> {
    refuse_directory(path)?;
    replace_with_new_file(path, &[bytes], mode, false)
}

/// Writes a public output the user named (a bundle, Helm values, a CRL outside the PKI).
///
/// Anything that is not a regular file — `/dev/null`, `/dev/stdout`, a pipe — is written
/// into directly: renaming over it would replace a device node with a file. A symlink to
/// a regular file (a dotfiles repository) is followed: its target is replaced. Never use
/// this for anything holding a private key: see [`write_secret_output`].
pub fn write_output(path: &Path, bytes: &[u8], mode: u32) -> Result<(), Error> {
    match fs::metadata(path) {
        Ok(m) if m.is_dir() => return refuse_directory(path),
        Ok(m) if !m.is_file() => {
            let mut f = fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| Error::io(path, e))?;
            return f.write_all(bytes).map_err(|e| Error::io(path, e));
        }
        _ => {}
    }
    let resolved;
    let path = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            resolved = fs::canonicalize(path).map_err(|e| Error::io(path, e))?;
            resolved.as_path()
        }
        _ => path,
    };
    replace_with_new_file(path, &[bytes], mode, true)
}

/// Writes a key-bearing output the user named (a Secret, a PKCS#12 file, inline PEM):
/// a new regular file created 0600 beside the path and renamed into place, so no other
/// process ever holds it open. What is at the path decides:
/// - nothing, or a regular file the invoking user owns (an earlier export): replaced;
/// - a symlink, FIFO, socket, device or directory, or a file owned by another user:
///   refused ([`Error::UnsafeOutput`]), since writing there could hand the key to
///   whoever made it. For standard output, the user passes `-`.
pub fn write_secret_output(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    if let Ok(m) = fs::symlink_metadata(path)
        && let Some(why) = unsafe_for_secret(&m)
    {
        return Err(Error::UnsafeOutput(path.to_path_buf(), why));
    }
    replace_with_new_file(path, &[bytes], KEY_MODE, true)
}

/// Writes a key to a path where nothing exists yet (`O_CREAT|O_EXCL`, mode 0600): refuses
/// anything already there, a symlink or FIFO included. For a key whose only copy this
/// becomes (`ca export-root-key`), which must never replace another file.
pub fn write_new_secret(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() || !m.is_file() => {
            return Err(Error::UnsafeOutput(
                path.to_path_buf(),
                unsafe_for_secret(&m).unwrap_or("it is not a regular file"),
            ));
        }
        Ok(_) => return Err(Error::Exists(path.to_path_buf())),
        Err(_) => {}
    }
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(KEY_MODE)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => Error::Exists(path.to_path_buf()),
            _ => Error::io(path, e),
        })?;
    let written = f
        .set_permissions(fs::Permissions::from_mode(KEY_MODE))
        .and_then(|()| f.write_all(bytes))
        .and_then(|()| f.sync_all());
    if let Err(e) = written {
        // A partial key must not stay behind looking like the copy.
        let _ = fs::remove_file(path);
        return Err(Error::io(path, e));
    }
    sync_dir(parent(path))
}

/// Why an existing path must not receive a key, or `None` for a regular file the invoking
/// user owns.
fn unsafe_for_secret(m: &fs::Metadata) -> Option<&'static str> {
    let t = m.file_type();
    if t.is_symlink() {
        Some(
            "it is a symlink; a key goes only to a new regular file (or `--output -` for standard output)",
        )
    } else if t.is_fifo() {
        Some("it is a FIFO: whoever reads it would receive the private key")
    } else if t.is_socket() {
        Some("it is a socket: whoever listens would receive the private key")
    } else if t.is_char_device() || t.is_block_device() {
        Some(
            "it is a device; a key goes only to a regular file (or `--output -` for standard output)",
        )
    } else if t.is_dir() {
        Some("it is a directory; give a file name")
    } else if !t.is_file() {
        Some("it is not a regular file")
    } else if m.uid() != rustix::process::geteuid().as_raw() {
        Some("the existing file belongs to another user; remove it or choose another path")
    } else {
        None
    }
}

fn refuse_directory(path: &Path) -> Result<(), Error> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => Err(Error::io(
            path,
            std::io::Error::new(std::io::ErrorKind::IsADirectory, "is a directory"),
        )),
        _ => Ok(()),
    }
}

/// A new file with exactly `mode` beside `path` (created `O_EXCL`, so nothing else holds
/// it), renamed over `path`.
fn replace_with_new_file(
    path: &Path,
    parts: &[&[u8]],
    mode: u32,
    durable: bool,
) -> Result<(), Error> {
    let dir = parent(path);
    let mut tmp = tempfile::Builder::new()
        .prefix(TMP_FILE)
        .permissions(fs::Permissions::from_mode(mode))
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    // The umask may have narrowed the mode at creation; set it exactly, on the open file.
    tmp.as_file()
        .set_permissions(fs::Permissions::from_mode(mode))
        .map_err(|e| Error::io(tmp.path(), e))?;
    for bytes in parts {
        tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    }
    if durable {
        tmp.as_file().sync_data().map_err(|e| Error::io(path, e))?;
    }
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    if durable {
        sync_dir(dir)?;
    }
    Ok(())
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
        .prefix(&format!("{STAGING_DIR}{base}-"))
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
        file.set_permissions(fs::Permissions::from_mode(f.mode))
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
        // between the two renames leaves it in a `.tcerts-old-` directory that `recover`
        // restores.
        Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS) => {
            let aside = aside_path(b);
            fs::rename(b, &aside).map_err(|e| Error::io(b, e))?;
            fs::rename(a, b).map_err(|e| Error::io(b, e))?;
            fs::rename(&aside, a).map_err(|e| Error::io(a, e))
        }
        Err(e) => Err(Error::io(b, e.into())),
    }
}

/// `.tcerts-old-PID-NAME` beside `target`.
fn aside_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    parent(target).join(format!("{ASIDE_DIR}{}-{name}", std::process::id()))
}

/// The target a `.tcerts-old-PID-NAME` directory was moved aside from.
fn aside_target(name: &str) -> Option<&str> {
    let (pid, target) = name.strip_prefix(ASIDE_DIR)?.split_once('-')?;
    (!pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()) && !target.is_empty())
        .then_some(target)
}

/// Whether `name` is a file tcerts 0.1.0 wrote its temporary content to (`.tcerts-XXXXXX.tmp`,
/// under the prefix reserved for tcerts).
fn legacy_tmp_file(name: &str) -> bool {
    name.strip_prefix(TEMP_PREFIX)
        .and_then(|r| r.strip_suffix(".tmp"))
        .is_some_and(|r| r.len() == 6 && r.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Cleans what an interrupted [`replace_dir`] or [`write_file`] left in `dir`: staging
/// directories and temporary files are removed; a set moved aside is put back when its
/// place is empty. Called under the PKI lock, so no other process is mid-write.
///
/// Only names under the prefix reserved for tcerts ([`TEMP_PREFIX`]) are touched, and
/// only when they are what tcerts made there (a directory, or a regular file): a user's
/// `ca.old`, `certs/w1.old` or `tcerts.toml.old` is left alone. tcerts 0.1.0 named its
/// staging directories `.NAME.staging-XXXXXX` and its aside sets `NAME.old`; those names
/// are not reserved, so they are left alone too (see docs/security.md).
pub fn recover(dir: &Path) -> Result<(), Error> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with(TEMP_PREFIX) {
            continue;
        }
        let path = entry.path();
        // The entry itself, not what a symlink points to.
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() && name.starts_with(STAGING_DIR) {
            fs::remove_dir_all(&path).map_err(|e| Error::io(&path, e))?;
        } else if kind.is_file() && (name.starts_with(TMP_FILE) || legacy_tmp_file(&name)) {
            fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        } else if kind.is_dir()
            && let Some(target) = aside_target(&name)
        {
            let orig = dir.join(target);
            if fs::symlink_metadata(&orig).is_ok() {
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

    fn mkfifo(path: &Path) {
        rustix::fs::mknodat(
            rustix::fs::CWD,
            path,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
    }

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
        fs::rename(&target, aside_path(&target)).unwrap();
        fs::create_dir(certs.join(".tcerts-staging-w2-abc")).unwrap();
        fs::write(certs.join(".tcerts-tmp-abc"), b"partial").unwrap();
        fs::write(certs.join(".tcerts-Ab12cd.tmp"), b"partial, 0.1.0").unwrap();
        // Names people use, and 0.1.0's unreserved names: never touched.
        fs::create_dir(certs.join("w1.old")).unwrap();
        fs::write(certs.join("w1.old/key.pem"), b"user's").unwrap();
        fs::write(certs.join("notes.old"), b"user's").unwrap();
        fs::create_dir(certs.join(".w3.staging-xyz")).unwrap();
        recover(&certs).unwrap();
        assert_eq!(fs::read(target.join("cert.pem")).unwrap(), b"two");
        let mut left: Vec<_> = fs::read_dir(&certs)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left, [".w3.staging-xyz", "notes.old", "w1", "w1.old"]);
        assert_eq!(fs::read(certs.join("w1.old/key.pem")).unwrap(), b"user's");

        // An aside set whose target is back: the leftover goes.
        fs::create_dir(aside_path(&target)).unwrap();
        recover(&certs).unwrap();
        assert!(!aside_path(&target).exists());
        assert_eq!(aside_target(".tcerts-old-12-w1"), Some("w1"));
        assert_eq!(aside_target(".tcerts-old-x-w1"), None);
        assert_eq!(aside_target(".tcerts-old-12-"), None);
    }

    #[test]
    fn recover_never_follows_a_symlink() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("outside");
        fs::create_dir(&outside).unwrap();
        fs::write(outside.join("keep"), b"k").unwrap();
        let dir = tmp.path().join("pki");
        fs::create_dir(&dir).unwrap();
        std::os::unix::fs::symlink(&outside, dir.join(".tcerts-staging-x-1")).unwrap();
        std::os::unix::fs::symlink(&outside, dir.join(".tcerts-old-1-gone")).unwrap();
        recover(&dir).unwrap();
        assert_eq!(fs::read(outside.join("keep")).unwrap(), b"k");
        assert!(!dir.join("gone").exists());
    }

    #[test]
    fn pki_files_are_replaced_never_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("outside.txt");
        fs::write(&outside, b"outside").unwrap();
        fs::set_permissions(&outside, fs::Permissions::from_mode(0o640)).unwrap();
        let link = tmp.path().join("inventory.json");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        write_file(&link, b"new", PUBLIC_MODE).unwrap();
        write_cache_file(&link, b"newer", PUBLIC_MODE).unwrap();
        assert_eq!(fs::read(&outside).unwrap(), b"outside");
        assert_eq!(fs::metadata(&outside).unwrap().mode() & 0o777, 0o640);
        assert!(fs::symlink_metadata(&link).unwrap().is_file());
        assert_eq!(fs::read(&link).unwrap(), b"newer");
        // A FIFO is replaced, not opened (opening it would block with no reader).
        let fifo = tmp.path().join("revocations.json");
        mkfifo(&fifo);
        write_file(&fifo, b"[]", PUBLIC_MODE).unwrap();
        assert_eq!(fs::read(&fifo).unwrap(), b"[]");
        assert!(write_file(tmp.path(), b"x", PUBLIC_MODE).is_err());
    }

    #[test]
    fn outputs_write_through_devices_and_symlinked_files() {
        let tmp = tempfile::tempdir().unwrap();
        // A FIFO stands in for /dev/null: written into, never renamed over.
        let fifo = tmp.path().join("fifo");
        mkfifo(&fifo);
        let reader = std::thread::spawn({
            let fifo = fifo.clone();
            move || fs::read(&fifo).unwrap()
        });
        write_output(&fifo, b"through", PUBLIC_MODE).unwrap();
        assert_eq!(reader.join().unwrap(), b"through");
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
        // A symlink to it, as /dev/stdout is to a pipe: written through, both stay.
        let stdout_like = tmp.path().join("stdout");
        std::os::unix::fs::symlink(&fifo, &stdout_like).unwrap();
        let reader = std::thread::spawn({
            let fifo = fifo.clone();
            move || fs::read(&fifo).unwrap()
        });
        write_output(&stdout_like, b"again", PUBLIC_MODE).unwrap();
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
        write_output(&link, b"new", PUBLIC_MODE).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).unwrap(), b"new");
        assert!(write_output(tmp.path(), b"x", PUBLIC_MODE).is_err());
    }

    #[test]
    fn secrets_go_only_to_new_regular_files() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("secret.yaml");
        write_secret_output(&p, b"k1").unwrap();
        assert_eq!(fs::metadata(&p).unwrap().mode() & 0o777, 0o600);
        // The user's earlier export is replaced by a new file (a new inode).
        fs::set_permissions(&p, fs::Permissions::from_mode(0o644)).unwrap();
        let ino = fs::metadata(&p).unwrap().ino();
        write_secret_output(&p, b"k2").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"k2");
        assert_eq!(fs::metadata(&p).unwrap().mode() & 0o777, 0o600);
        assert_ne!(fs::metadata(&p).unwrap().ino(), ino);

        let fifo = tmp.path().join("fifo");
        mkfifo(&fifo);
        let target = tmp.path().join("target");
        fs::write(&target, b"t").unwrap();
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let dangling = tmp.path().join("dangling");
        std::os::unix::fs::symlink(tmp.path().join("nowhere"), &dangling).unwrap();
        for bad in [&fifo, &link, &dangling, &PathBuf::from("/dev/null")] {
            assert!(
                matches!(
                    write_secret_output(bad, b"key"),
                    Err(Error::UnsafeOutput(..))
                ),
                "{}",
                bad.display()
            );
            assert!(
                matches!(write_new_secret(bad, b"key"), Err(Error::UnsafeOutput(..))),
                "{}",
                bad.display()
            );
        }
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
        assert_eq!(fs::read(&target).unwrap(), b"t");
        assert!(!tmp.path().join("nowhere").exists());
    }

    #[test]
    fn write_new_secret_sets_mode_and_refuses_existing() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("key.pem");
        write_new_secret(&p, b"k").unwrap();
        assert_eq!(fs::metadata(&p).unwrap().mode() & 0o777, 0o600);
        assert!(matches!(write_new_secret(&p, b"x"), Err(Error::Exists(_))));
        assert_eq!(fs::read(&p).unwrap(), b"k");
    }
}
