//! Where an operator's CLI session token is kept between commands: a 0600 file in the user's
//! runtime directory (`$XDG_RUNTIME_DIR/hrpass/`, else a 0700 `hrpass-UID` folder in the
//! temporary directory), one per store. A token file (`--token-file`, the session file) is
//! read only when it is a regular file owned by this user and closed to group and others: a
//! copy left readable, or another user's, is refused by its mode before it is read.

use anyhow::{Context, Result, bail};
use blake2::Digest;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// A token is one short line; anything longer is not one.
const MAX_TOKEN_FILE: u64 = 1024;

/// The folder of session files, made (0700) when missing and checked to be this user's.
fn folder() -> Result<PathBuf> {
    let dir = match directories::BaseDirs::new().and_then(|d| d.runtime_dir().map(Path::to_owned)) {
        Some(runtime) => runtime.join("hrpass"),
        None => std::env::temp_dir().join(format!("hrpass-{}", rustix::process::getuid().as_raw())),
    };
    match std::fs::DirBuilder::new().mode(0o700).create(&dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e).with_context(|| format!("cannot make {}", dir.display())),
    }
    let meta = std::fs::symlink_metadata(&dir)
        .with_context(|| format!("cannot read {}", dir.display()))?;
    if !meta.is_dir()
        || meta.uid() != rustix::process::getuid().as_raw()
        || meta.permissions().mode() & 0o077 != 0
    {
        bail!(
            "{} is not a folder of yours closed to others; hrpass keeps sessions only there",
            dir.display()
        );
    }
    Ok(dir)
}

/// The session file of the store shown as `store` (its path or URL without password).
pub fn path_for(store: &str) -> Result<PathBuf> {
    let digest = blake2::Blake2b512::new()
        .chain_update(b"hrpass session file v1\0")
        .chain_update(store.as_bytes())
        .finalize();
    let name: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    Ok(folder()?.join(format!("session-{name}")))
}

/// The token in a token file, checked first as the module says; `None` when there is no
/// such file.
pub fn read(path: &Path) -> Result<Option<secrecy::SecretString>> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let shown = path.display().to_string();
    let shown = crate::text::escape_line(&shown);
    if !meta.file_type().is_file() {
        bail!("the token file {shown} is not a regular file");
    }
    if meta.uid() != rustix::process::getuid().as_raw() {
        bail!(
            "the token file {shown} belongs to another user (uid {}); refused",
            meta.uid()
        );
    }
    if meta.permissions().mode() & 0o077 != 0 {
        bail!(
            "the token file {shown} is open to others (mode {:o}); refused: `chmod 600` it, \
             and sign in again if others could read it",
            meta.permissions().mode() & 0o777
        );
    }
    if meta.len() > MAX_TOKEN_FILE {
        bail!(
            "the token file {shown} is longer than a token ({} bytes)",
            meta.len()
        );
    }
    let text = zeroize::Zeroizing::new(
        std::fs::read_to_string(path).with_context(|| format!("cannot read {shown}"))?,
    );
    Ok(Some(secrecy::SecretString::from(text.trim().to_owned())))
}

/// Writes the token (0600, replacing an older session of the same store).
pub fn write(path: &Path, token: &str) -> Result<()> {
    use std::io::Write;
    let written = (|| -> std::io::Result<()> {
        let mut file = crate::paths::PrivateFile::create(path)?;
        file.write_all(token.as_bytes())?;
        file.write_all(b"\n")?;
        file.commit()
    })();
    written.with_context(|| format!("cannot write the session file {}", path.display()))
}

/// Removes the session file, if there is one.
pub fn remove(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("cannot remove {}", path.display())),
    }
}
