//! The vault key: 32 random bytes in `vault.key`, beside the store and never inside it.

use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::Path;

pub const KEY_LEN: usize = 32;

/// Writes a fresh key from the operating system's random source, readable by the owner only.
pub fn create_key(path: &Path) -> Result<()> {
    let mut key = [0u8; KEY_LEN];
    getrandom::fill(&mut key).map_err(|e| anyhow::anyhow!("the OS random source failed: {e}"))?;
    let mut file = crate::paths::create_private_file(path)
        .with_context(|| format!("cannot create the vault key {}", path.display()))?;
    let written = file.write_all(&key).and_then(|()| file.sync_all());
    key.fill(0);
    written.with_context(|| format!("cannot write the vault key {}", path.display()))
}

/// Checks that the key file exists, has the right size and is private to its owner.
pub fn check_key(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path)
        .with_context(|| format!("cannot read the vault key {}", path.display()))?;
    if meta.len() != KEY_LEN as u64 {
        bail!(
            "the vault key {} holds {} bytes, not {KEY_LEN}: it is damaged or not a vault key",
            path.display(),
            meta.len()
        );
    }
    if meta.permissions().mode() & 0o077 != 0 {
        bail!(
            "the vault key {} can be read by other users; run `chmod 600 {}`",
            path.display(),
            path.display()
        );
    }
    Ok(())
}
