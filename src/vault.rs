//! The vault key: 32 random bytes in `vault.key`, beside the store and never inside it.

use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::Path;

pub const KEY_LEN: usize = 32;

/// Writes a fresh key from the operating system's random source, readable by the owner only,
/// whole or not at all (written aside, synced, then linked into place; an existing key is
/// never replaced).
pub fn create_key(path: &Path) -> Result<()> {
    let mut key = zeroize::Zeroizing::new([0u8; KEY_LEN]);
    getrandom::fill(key.as_mut())
        .map_err(|e| anyhow::anyhow!("the OS random source failed: {e}"))?;
    let written = (|| -> std::io::Result<()> {
        let mut file = crate::paths::PrivateFile::create(path)?;
        file.write_all(key.as_ref())?;
        file.commit_new()
    })();
    written.with_context(|| format!("cannot create the vault key {}", path.display()))
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

/// Seals issued passwords under `vault.key` with XChaCha20-Poly1305. The associated data
/// binds each sealed copy to its employee and credential version, so a copy moved to another
/// row does not open.
pub struct Vault {
    cipher: chacha20poly1305::XChaCha20Poly1305,
    fingerprint: String,
}

/// A short public name for a key: 8 bytes of BLAKE2b-512 over a label and the key, as four
/// groups of hex. It tells two keys apart and reveals nothing about either.
pub fn fingerprint(key: &[u8]) -> String {
    use blake2::Digest;
    let digest = blake2::Blake2b512::new()
        .chain_update(b"hrpass vault.key fingerprint v1\0")
        .chain_update(key)
        .finalize();
    digest[..8]
        .chunks(2)
        .map(|pair| format!("{:02x}{:02x}", pair[0], pair[1]))
        .collect::<Vec<_>>()
        .join("-")
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vault(…)")
    }
}

const NONCE_LEN: usize = 24;

fn associated_data(employee_id: i64, version: i64) -> [u8; 16] {
    let mut ad = [0u8; 16];
    ad[..8].copy_from_slice(&employee_id.to_be_bytes());
    ad[8..].copy_from_slice(&version.to_be_bytes());
    ad
}

/// A second factor's associated data: a label, then employee and version (longer than a
/// password's, so the two can never be equal).
fn factor_data(employee_id: i64, version: i64) -> Vec<u8> {
    let mut ad = b"hrpass totp secret v1\0".to_vec();
    ad.extend_from_slice(&associated_data(employee_id, version));
    ad
}

/// A mail sign-in's associated data: a label, the mailbox and the version (a different label
/// from a password's or a factor's, so no sealed secret opens in another's place).
fn mail_token_data(mailbox: &str, version: i64) -> Vec<u8> {
    let mut ad = b"hrpass mail refresh token v1\0".to_vec();
    ad.extend_from_slice(&version.to_be_bytes());
    ad.extend_from_slice(mailbox.as_bytes());
    ad
}

/// An activation link's associated data: a label, the employee and the hash of its token
/// (so a sealed link opens only for its own row, and never in a password's place).
fn link_data(employee_id: i64, token_hash: &[u8]) -> Vec<u8> {
    let mut ad = b"hrpass activation link v1\0".to_vec();
    ad.extend_from_slice(&employee_id.to_be_bytes());
    ad.extend_from_slice(token_hash);
    ad
}

/// An operator's TOTP secret's associated data: a label and the operator's row (a different
/// label from an employee's factor, so neither opens in the other's place).
fn operator_factor_data(operator_id: i64) -> Vec<u8> {
    let mut ad = b"hrpass operator totp secret v1\0".to_vec();
    ad.extend_from_slice(&operator_id.to_be_bytes());
    ad
}

impl Vault {
    /// Opens the key file; a missing, damaged or readable-by-others key is a clear error.
    pub fn open(path: &Path) -> Result<Vault> {
        check_key(path)?;
        let mut bytes = zeroize::Zeroizing::new(
            std::fs::read(path)
                .with_context(|| format!("cannot read the vault key {}", path.display()))?,
        );
        let vault = Vault::from_key(&bytes);
        bytes.fill(0);
        vault
    }

    /// A vault over raw key bytes (32 of them).
    pub fn from_key(key: &[u8]) -> Result<Vault> {
        use chacha20poly1305::KeyInit;
        let cipher = chacha20poly1305::XChaCha20Poly1305::new_from_slice(key)
            .map_err(|_| anyhow::anyhow!("a vault key is {KEY_LEN} bytes, not {}", key.len()))?;
        Ok(Vault {
            cipher,
            fingerprint: fingerprint(key),
        })
    }

    /// The key's fingerprint (`fingerprint`).
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Refuses this key when the store recorded another one's fingerprint.
    pub fn check_fingerprint(&self, recorded: Option<&str>) -> Result<()> {
        match recorded {
            Some(expected) if expected != self.fingerprint => bail!(
                "vault.key (fingerprint {}) is not the key this store's passwords were sealed \
                 with (fingerprint {expected}): restore the original key (nothing was changed)",
                self.fingerprint
            ),
            _ => Ok(()),
        }
    }

    /// Seals an issued password: nonce ‖ ciphertext ‖ tag, bound to its employee and
    /// credential version.
    pub fn seal(
        &self,
        password: &secrecy::SecretString,
        employee_id: i64,
        version: i64,
    ) -> Result<Vec<u8>> {
        use secrecy::ExposeSecret;
        self.seal_with(
            password.expose_secret().as_bytes(),
            &associated_data(employee_id, version),
        )
    }

    /// Opens a sealed password; a wrong key or a copy from another row is an error, never a
    /// panic.
    pub fn unseal(
        &self,
        blob: &[u8],
        employee_id: i64,
        version: i64,
    ) -> Result<secrecy::SecretString> {
        let plain = self
            .open_with(blob, &associated_data(employee_id, version))
            .map_err(|e| {
                anyhow::anyhow!("cannot open the sealed password of credential {version}: {e}")
            })?;
        let text = std::str::from_utf8(&plain)
            .map_err(|_| anyhow::anyhow!("a sealed password is not text"))?;
        Ok(secrecy::SecretString::from(text.to_owned()))
    }

    /// Seals a second factor's secret, bound to its employee and enrolment version. The
    /// associated data is labelled, so a sealed secret moved into a password's place (or the
    /// other way round) does not open.
    pub fn seal_factor(&self, secret: &[u8], employee_id: i64, version: i64) -> Result<Vec<u8>> {
        self.seal_with(secret, &factor_data(employee_id, version))
    }

    /// Seals an operator's TOTP secret, bound to the operator.
    pub fn seal_operator_factor(&self, secret: &[u8], operator_id: i64) -> Result<Vec<u8>> {
        self.seal_with(secret, &operator_factor_data(operator_id))
    }

    /// Opens an operator's sealed TOTP secret (`seal_operator_factor`).
    pub fn unseal_operator_factor(
        &self,
        blob: &[u8],
        operator_id: i64,
    ) -> Result<zeroize::Zeroizing<Vec<u8>>> {
        self.open_with(blob, &operator_factor_data(operator_id))
            .map_err(|e| anyhow::anyhow!("cannot open the operator's sealed TOTP secret: {e}"))
    }

    /// Opens a second factor's sealed secret (`seal_factor`).
    pub fn unseal_factor(
        &self,
        blob: &[u8],
        employee_id: i64,
        version: i64,
    ) -> Result<zeroize::Zeroizing<Vec<u8>>> {
        self.open_with(blob, &factor_data(employee_id, version))
            .map_err(|e| anyhow::anyhow!("cannot open the sealed second-factor secret: {e}"))
    }

    /// Seals the sending mailbox's OAuth2 refresh token, bound to the mailbox and the sign-in's
    /// version.
    pub fn seal_mail_token(
        &self,
        token: &secrecy::SecretString,
        mailbox: &str,
        version: i64,
    ) -> Result<Vec<u8>> {
        use secrecy::ExposeSecret;
        self.seal_with(
            token.expose_secret().as_bytes(),
            &mail_token_data(mailbox, version),
        )
    }

    /// Opens a sealed refresh token (`seal_mail_token`).
    pub fn unseal_mail_token(
        &self,
        blob: &[u8],
        mailbox: &str,
        version: i64,
    ) -> Result<secrecy::SecretString> {
        let plain = self
            .open_with(blob, &mail_token_data(mailbox, version))
            .map_err(|e| {
                anyhow::anyhow!("cannot open the sealed mail sign-in of {mailbox}: {e}")
            })?;
        let text = std::str::from_utf8(&plain)
            .map_err(|_| anyhow::anyhow!("a sealed mail sign-in is not text"))?;
        Ok(secrecy::SecretString::from(text.to_owned()))
    }

    /// Seals an activation link's token, bound to the employee and the token's hash.
    pub fn seal_link(
        &self,
        token: &secrecy::SecretString,
        employee_id: i64,
        token_hash: &[u8],
    ) -> Result<Vec<u8>> {
        use secrecy::ExposeSecret;
        self.seal_with(
            token.expose_secret().as_bytes(),
            &link_data(employee_id, token_hash),
        )
    }

    /// Opens a sealed activation link's token (`seal_link`).
    pub fn unseal_link(
        &self,
        blob: &[u8],
        employee_id: i64,
        token_hash: &[u8],
    ) -> Result<secrecy::SecretString> {
        let plain = self
            .open_with(blob, &link_data(employee_id, token_hash))
            .map_err(|e| anyhow::anyhow!("cannot open a sealed activation link: {e}"))?;
        let text = std::str::from_utf8(&plain)
            .map_err(|_| anyhow::anyhow!("a sealed activation link is not text"))?;
        Ok(secrecy::SecretString::from(text.to_owned()))
    }

    fn seal_with(&self, plain: &[u8], ad: &[u8]) -> Result<Vec<u8>> {
        use chacha20poly1305::aead::{Aead, Payload};
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce)
            .map_err(|e| anyhow::anyhow!("the OS random source failed: {e}"))?;
        let sealed = self
            .cipher
            .encrypt(
                &nonce.into(),
                Payload {
                    msg: plain,
                    aad: ad,
                },
            )
            .map_err(|_| anyhow::anyhow!("sealing failed"))?;
        let mut blob = nonce.to_vec();
        blob.extend_from_slice(&sealed);
        Ok(blob)
    }

    fn open_with(&self, blob: &[u8], ad: &[u8]) -> Result<zeroize::Zeroizing<Vec<u8>>> {
        use chacha20poly1305::aead::{Aead, Payload};
        if blob.len() < NONCE_LEN {
            bail!("the sealed copy is damaged (too short)");
        }
        let (nonce, sealed) = blob.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().expect("split at NONCE_LEN");
        let plain = self
            .cipher
            .decrypt(
                &nonce.into(),
                Payload {
                    msg: sealed,
                    aad: ad,
                },
            )
            .map_err(|_| {
                anyhow::anyhow!(
                    "the vault key does not match the one it was sealed with (was vault.key \
                     replaced?)"
                )
            })?;
        Ok(zeroize::Zeroizing::new(plain))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::{ExposeSecret, SecretString};

    #[test]
    fn a_sealed_password_opens_only_for_its_row_and_key() {
        let vault = Vault::from_key(&[7u8; 32]).unwrap();
        let secret = SecretString::from("Kw9#pT2$vL7!mQ4&xR8*".to_owned());
        let blob = vault.seal(&secret, 12, 3).unwrap();
        assert!(
            !blob
                .windows(20)
                .any(|w| w == secret.expose_secret().as_bytes())
        );
        assert_eq!(
            vault.unseal(&blob, 12, 3).unwrap().expose_secret(),
            secret.expose_secret()
        );
        assert!(vault.unseal(&blob, 12, 4).is_err(), "another version");
        assert!(vault.unseal(&blob, 13, 3).is_err(), "another employee");
        let other = Vault::from_key(&[8u8; 32]).unwrap();
        let err = other.unseal(&blob, 12, 3).unwrap_err().to_string();
        assert!(err.contains("vault key does not match"), "{err}");
        assert!(vault.unseal(&blob[..10], 12, 3).is_err());
    }

    #[test]
    fn a_factor_secret_and_a_password_never_open_as_each_other() {
        let vault = Vault::from_key(&[7u8; 32]).unwrap();
        let secret = [42u8; 20];
        let blob = vault.seal_factor(&secret, 12, 3).unwrap();
        assert_eq!(
            vault.unseal_factor(&blob, 12, 3).unwrap().as_slice(),
            secret
        );
        assert!(vault.unseal(&blob, 12, 3).is_err(), "opened as a password");
        assert!(
            vault.unseal_factor(&blob, 12, 4).is_err(),
            "another version"
        );
        let password = SecretString::from("Kw9#pT2$vL7!mQ4&xR8*".to_owned());
        let sealed = vault.seal(&password, 12, 3).unwrap();
        assert!(
            vault.unseal_factor(&sealed, 12, 3).is_err(),
            "opened as a secret"
        );
    }

    #[test]
    fn a_missing_or_short_key_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.key");
        assert!(
            Vault::open(&path)
                .unwrap_err()
                .to_string()
                .contains("cannot read the vault key")
        );
        create_key(&path).unwrap();
        assert!(Vault::open(&path).is_ok());
        std::fs::write(&path, [1u8; 5]).unwrap();
        assert!(
            Vault::open(&path)
                .unwrap_err()
                .to_string()
                .contains("holds 5 bytes")
        );
    }

    #[test]
    fn fingerprints_tell_keys_apart_and_are_stable() {
        let a = Vault::from_key(&[7u8; 32]).unwrap();
        assert_eq!(a.fingerprint(), fingerprint(&[7u8; 32]));
        assert_ne!(a.fingerprint(), fingerprint(&[8u8; 32]));
        assert_eq!(a.fingerprint().len(), 19, "{}", a.fingerprint());
    }

    #[test]
    fn debug_prints_no_key() {
        assert_eq!(
            format!("{:?}", Vault::from_key(&[9u8; 32]).unwrap()),
            "Vault(…)"
        );
    }
}
