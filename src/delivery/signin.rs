//! The sending mailbox's stored OAuth2 sign-in (`hrpass mail login`): its refresh token,
//! sealed in the store so every machine of a shared store sends without signing in again,
//! turned into access tokens that live only in this process's memory.
//!
//! A provider may rotate the refresh token at every refresh and revoke the old one (RFC 6749
//! §10.4). The new one is stored at once, as a compare-and-set on the version that was read;
//! a process whose refresh is refused because another just rotated the token reads the store
//! again and uses the new one.

use crate::mail::Failure;
use crate::mail::oauth::{self, Endpoints, RefreshError, Tokens};
use crate::store::location::Location;
use crate::store::{self, audit, mail_logins};
use crate::vault::Vault;
use anyhow::{Context, Result};
use secrecy::SecretString;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// An access token is refreshed this long before the provider says it expires.
const EARLY: Duration = Duration::from_secs(60);
/// How long an access token is taken to live when the provider does not say.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);
/// How often a refused refresh looks again for a token another process rotated in.
const RELOADS: u32 = 3;

/// Stores a fresh sign-in of `mailbox` (replacing any earlier one) and audits it.
pub fn store_login(
    conn: &store::db::Conn,
    vault: &Vault,
    endpoints: &Endpoints,
    mailbox: &str,
    tokens: &Tokens,
    operator: &str,
    now: i64,
) -> Result<i64> {
    let version = mail_logins::next_version(conn, mailbox)?;
    let sealed = vault.seal_mail_token(&tokens.refresh, mailbox, version)?;
    mail_logins::replace(
        conn,
        &mail_logins::MailLogin {
            mailbox: mailbox.to_owned(),
            provider: endpoints.provider.name().to_owned(),
            client_id: endpoints.client_id.clone(),
            version,
            sealed,
            signed_in_at: now,
            signed_in_by: operator.to_owned(),
            refreshed_at: None,
        },
    )?;
    audit::record(
        conn,
        operator,
        "mail.login",
        None,
        &format!(
            "{mailbox} signed in at {} for sending (refresh token sealed, version {version})",
            endpoints.provider.name()
        ),
    )?;
    Ok(version)
}

/// The stored sign-in, read and refreshed as sessions need access tokens.
pub struct StoredSignIn {
    endpoints: Endpoints,
    mailbox: String,
    location: Location,
    ca_file: Option<PathBuf>,
    vault: Vault,
    /// The access token in use and when it is to be refreshed; the lock also makes parallel
    /// sessions wait for one refresh instead of each making its own.
    cached: Mutex<Option<(SecretString, Instant)>>,
}

impl std::fmt::Debug for StoredSignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredSignIn")
            .field("mailbox", &self.mailbox)
            .finish_non_exhaustive()
    }
}

impl StoredSignIn {
    /// The sign-in of `mailbox` in the store at `location` (read when a token is needed).
    pub fn new(
        endpoints: Endpoints,
        mailbox: &str,
        location: Location,
        ca_file: Option<PathBuf>,
        vault: Vault,
    ) -> StoredSignIn {
        StoredSignIn {
            endpoints,
            mailbox: mailbox.to_owned(),
            location,
            ca_file,
            vault,
            cached: Mutex::new(None),
        }
    }

    fn open(&self) -> Result<store::Store> {
        store::open_location(&self.location, self.ca_file.as_deref())
    }

    /// The refresh token as stored now, and its version.
    fn load(&self) -> Result<(SecretString, i64)> {
        let store = self.open()?;
        let login = mail_logins::find(store.conn(), &self.mailbox)?.with_context(|| {
            format!(
                "the mail sign-in of {} was removed (hrpass mail logout): run `hrpass mail \
                 login` again",
                self.mailbox
            )
        })?;
        let token = self
            .vault
            .unseal_mail_token(&login.sealed, &self.mailbox, login.version)?;
        Ok((token, login.version))
    }

    /// Stores a rotated refresh token in place of version `expected` (one transaction);
    /// another process's rotation that came first stays.
    fn store_rotated(&self, expected: i64, token: Option<&SecretString>) -> Result<()> {
        let mut store = self.open()?;
        let tx = store.write()?;
        let now = jiff::Timestamp::now().as_second();
        match token {
            Some(token) => {
                let sealed = self
                    .vault
                    .seal_mail_token(token, &self.mailbox, expected + 1)?;
                mail_logins::rotate(&tx, &self.mailbox, expected, &sealed, now)?;
            }
            None => mail_logins::touch(&tx, &self.mailbox, expected, now)?,
        }
        tx.commit()
    }

    /// A refresh with the stored token; refused, with any token another process has rotated
    /// in since.
    fn refresh(&self) -> Result<oauth::Refreshed, Failure> {
        let fatal = |e: anyhow::Error| Failure::Fatal(format!("{e:#}"));
        let (mut token, mut version) = self.load().map_err(fatal)?;
        let mut reloads = 0;
        loop {
            match oauth::refresh(&self.endpoints, &token) {
                Ok(refreshed) => {
                    self.store_rotated(version, refreshed.rotated.as_ref())
                        .map_err(fatal)?;
                    return Ok(refreshed);
                }
                Err(RefreshError::Unavailable(why)) => return Err(Failure::Transient(why)),
                Err(RefreshError::SignInAgain(why)) => {
                    // Another process may have rotated the token (and the provider revoked
                    // the one read here) just before: its write lands right after its answer.
                    loop {
                        if reloads == RELOADS {
                            return Err(Failure::Fatal(why));
                        }
                        reloads += 1;
                        let (again, v) = self.load().map_err(fatal)?;
                        if v != version {
                            (token, version) = (again, v);
                            break;
                        }
                        std::thread::sleep(Duration::from_millis(200));
                    }
                }
            }
        }
    }
}

impl crate::mail::AccessTokens for StoredSignIn {
    fn access_token(&self) -> Result<SecretString, Failure> {
        let mut cached = self
            .cached
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((token, until)) = cached.as_ref()
            && Instant::now() < *until
        {
            return Ok(token.clone());
        }
        let refreshed = self.refresh()?;
        let lifetime = refreshed.expires_in.unwrap_or(DEFAULT_LIFETIME);
        let until = Instant::now() + lifetime.saturating_sub(EARLY);
        *cached = Some((refreshed.access.clone(), until));
        Ok(refreshed.access)
    }

    fn origin(&self) -> String {
        format!(
            "the sign-in `hrpass mail login` stored ({})",
            self.endpoints.provider.name()
        )
    }
}
