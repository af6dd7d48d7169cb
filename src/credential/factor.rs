//! The second factor: TOTP (RFC 6238; SHA-1, 6 digits, 30 s steps, what every authenticator
//! app understands) with ten single-use recovery codes.
//!
//! Enrolment is two steps, so a mistyped secret cannot lock anyone out: `enroll` makes a
//! pending factor and returns its `otpauth://` URI (for the QR code); `confirm` activates it
//! only with a current code, and shows the recovery codes once. Until then `verify` goes on
//! as before (an older active factor, if any, keeps working).
//!
//! The secret is 160 bits from the OS random source, sealed with the vault key and bound to
//! the employee and the enrolment's version; it is in the clear only in `enroll`'s answer.
//! Recovery codes carry 80 random bits each and are kept as BLAKE2b hashes: at that entropy a
//! slow hash adds nothing, and a fast one lets a code be found by its hash in one query.
//!
//! A code is accepted for the current step, the one before or the one after (±30 s of clock
//! drift) and only for a step later than the last accepted one, so a code seen over a
//! shoulder cannot be used again. That rule is a compare-and-set on the factor's `last_step`.

use crate::model::{Status, StoredEmployee};
use crate::store::factors::{self, Factor};
use crate::store::{Store, Tx, audit, employees};
use crate::vault::Vault;
use anyhow::{Context, Result, bail};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

/// Bytes of a TOTP secret (RFC 4226 recommends 160 bits).
pub(crate) const SECRET_LEN: usize = 20;
/// Recovery codes made at each confirmation.
pub const RECOVERY_CODES: usize = 10;
/// Characters of a recovery code (base32: 5 bits each, 80 bits).
const RECOVERY_LEN: usize = 16;
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// The TOTP of a secret: SHA-1, 6 digits, 30 s, one step of drift either way.
pub(crate) fn totp(secret: Vec<u8>, issuer: Option<&str>, account: &str) -> Result<totp_rs::Totp> {
    // The otpauth label separates issuer and account with ':', so neither may hold one.
    let clean = |s: &str| s.replace(':', " ").trim().to_owned();
    totp_rs::Builder::new()
        .with_algorithm(totp_rs::Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_skew(1)
        .with_secret(secret)
        .with_issuer(issuer.map(clean).filter(|s| !s.is_empty()))
        .with_account_name(clean(account))
        .build()
        .map_err(|e| anyhow::anyhow!("cannot set up the one-time codes: {e}"))
}

/// What `enroll` gives the employee's authenticator app. Secret: show it once, never store,
/// log or mail it.
pub struct Enrolment {
    /// The employee's code as the store spells it.
    pub employee_code: String,
    pub version: i64,
    /// `otpauth://totp/Issuer:account?secret=…&issuer=…`, for the QR code.
    pub uri: SecretString,
    /// The secret in base32, for typing into an app by hand.
    pub secret: SecretString,
}

/// Finds an active employee by code, or says why not.
fn active_employee(conn: &crate::store::db::Conn, code: &str) -> Result<StoredEmployee> {
    match employees::find_code(conn, code)? {
        Some(e) if e.employee.status == Status::Active => Ok(e),
        Some(_) => bail!("{code} is inactive: someone who left enrols no second factor"),
        None => bail!("no employee has code {code:?}"),
    }
}

/// Starts an enrolment: a new secret, sealed, as the employee's pending factor (replacing a
/// pending one; an active one keeps working until this one is confirmed).
pub fn enroll(
    store: &mut Store,
    code: &str,
    vault: &Vault,
    issuer: &str,
    now: i64,
    operator: &str,
) -> Result<Enrolment> {
    let mut secret = zeroize::Zeroizing::new(vec![0u8; SECRET_LEN]);
    getrandom::fill(&mut secret)
        .map_err(|e| anyhow::anyhow!("the OS random source failed: {e}"))?;
    let tx = store.write()?;
    let e = active_employee(&tx, code)?;
    factors::retire_pending(&tx, e.id)?;
    let version = factors::next_version(&tx, e.id)?;
    let sealed = vault.seal_factor(&secret, e.id, version)?;
    factors::insert_pending(&tx, e.id, version, &sealed, now)?;
    audit::record(
        &tx,
        operator,
        "2fa.enroll",
        Some(&e.employee.code),
        &format!("second factor {version}, pending"),
    )?;
    let enrolment = enrolment(&secret, issuer, e, version)?;
    tx.commit()?;
    Ok(enrolment)
}

/// The enrolment waiting for its code, shown again (the page that shows it was reloaded, or
/// a wrong code was typed): `None` when there is none.
pub fn pending_enrolment(
    conn: &crate::store::db::Conn,
    code: &str,
    vault: &Vault,
    issuer: &str,
) -> Result<Option<Enrolment>> {
    let e = active_employee(conn, code)?;
    let Some(pending) = factors::pending(conn, e.id)? else {
        return Ok(None);
    };
    let sealed = pending
        .sealed
        .as_deref()
        .context("a pending second factor has no sealed secret")?;
    let secret = vault.unseal_factor(sealed, e.id, pending.version)?;
    Ok(Some(enrolment(&secret, issuer, e, pending.version)?))
}

/// The secret in groups of four for typing ("JBSW Y3DP …").
pub fn grouped(secret: &SecretString) -> String {
    let chars: Vec<char> = secret.expose_secret().chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Replaces the unused recovery codes of the employee's active factor with ten new ones,
/// shown this once (the old ones stop working in the same transaction).
pub fn new_recovery_codes(
    store: &mut Store,
    code: &str,
    now: i64,
    operator: &str,
) -> Result<Vec<SecretString>> {
    let tx = store.write()?;
    let e = active_employee(&tx, code)?;
    let Some(active) = factors::active(&tx, e.id)? else {
        bail!("{code} has no second factor, so no recovery codes");
    };
    let retired = factors::retire_recovery_codes(&tx, active.id, now)?;
    let recovery_codes = add_recovery_codes(&tx, active.id, e.id)?;
    audit::record(
        &tx,
        operator,
        "2fa.recovery_codes",
        Some(&e.employee.code),
        &format!(
            "second factor {}: {RECOVERY_CODES} new recovery codes, {retired} unused ones \
             retired",
            active.version
        ),
    )?;
    tx.commit()?;
    Ok(recovery_codes)
}

/// What the authenticator app is given for a secret: the `otpauth://` URI and the key.
fn enrolment(secret: &[u8], issuer: &str, e: StoredEmployee, version: i64) -> Result<Enrolment> {
    let t = totp(secret.to_vec(), Some(issuer), &e.employee.email)?;
    let uri = t
        .to_url()
        .map_err(|e| anyhow::anyhow!("cannot write the otpauth URI: {e}"))?;
    let base32 = t.secret().to_base32();
    Ok(Enrolment {
        employee_code: e.employee.code,
        version,
        uri: SecretString::from(uri),
        secret: SecretString::from(base32),
    })
}

/// Ten new recovery codes for a factor, stored as hashes; the codes themselves are returned
/// to be shown once.
fn add_recovery_codes(tx: &Tx<'_>, factor_id: i64, employee_id: i64) -> Result<Vec<SecretString>> {
    let recovery_codes: Vec<SecretString> = (0..RECOVERY_CODES)
        .map(|_| new_recovery_code())
        .collect::<Result<_>>()?;
    let hashes: Vec<String> = recovery_codes
        .iter()
        .map(|c| recovery_hash(employee_id, &c.expose_secret().replace('-', "")))
        .collect();
    factors::add_recovery_codes(tx, factor_id, &hashes)?;
    Ok(recovery_codes)
}

/// What a confirmation came to.
pub enum Confirmation {
    /// Active now. The recovery codes are shown this once.
    Confirmed {
        version: i64,
        recovery_codes: Vec<SecretString>,
    },
    /// The code is not the current one for the pending secret: nothing changed.
    WrongCode,
}

/// Activates the employee's pending factor when `one_time` is a current code for it.
pub fn confirm(
    store: &mut Store,
    code: &str,
    one_time: &str,
    vault: &Vault,
    now: i64,
    operator: &str,
) -> Result<Confirmation> {
    let tx = store.write()?;
    let e = active_employee(&tx, code)?;
    let Some(pending) = factors::pending(&tx, e.id)? else {
        bail!(
            "{} has no enrolment waiting for a code: start one with `hrpass 2fa enroll {}`",
            e.employee.code,
            e.employee.code
        );
    };
    let Some(step) = matching_step(&pending, vault, one_time, now)? else {
        audit::record(
            &tx,
            operator,
            "2fa.confirm_refused",
            Some(&e.employee.code),
            &format!("second factor {}: wrong code", pending.version),
        )?;
        tx.commit()?;
        return Ok(Confirmation::WrongCode);
    };
    if !factors::activate(&tx, pending.id, e.id, step, now)? {
        bail!("the enrolment of {code} changed meanwhile; nothing changed, try again");
    }
    let recovery_codes = add_recovery_codes(&tx, pending.id, e.id)?;
    audit::record(
        &tx,
        operator,
        "2fa.confirm",
        Some(&e.employee.code),
        &format!(
            "second factor {} active, {RECOVERY_CODES} recovery codes",
            pending.version
        ),
    )?;
    tx.commit()?;
    Ok(Confirmation::Confirmed {
        version: pending.version,
        recovery_codes,
    })
}

/// The time step `one_time` is the code of (now, or one step either side), if any.
fn matching_step(factor: &Factor, vault: &Vault, one_time: &str, now: i64) -> Result<Option<i64>> {
    let sealed = factor
        .sealed
        .as_deref()
        .context("a live second factor has no sealed secret")?;
    let secret = vault.unseal_factor(sealed, factor.employee_id, factor.version)?;
    step_of(&secret, one_time, now)
}

/// The TOTP step (of the current one, the one before or after) that `code` is right for
/// under `secret` at `now`, if any; spaces in the code do not count.
pub(crate) fn step_of(secret: &[u8], code: &str, now: i64) -> Result<Option<i64>> {
    let t = totp(secret.to_vec(), None, "")?;
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let Ok(time) = u64::try_from(now) else {
        return Ok(None);
    };
    Ok(t.check(&digits, time).and_then(|s| i64::try_from(s).ok()))
}

/// What a code given at sign-in came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    /// A current one-time code, first use.
    OneTime,
    /// An unused recovery code; now used up.
    Recovery {
        left: u32,
    },
    /// A code of this step or an earlier one was accepted before.
    Reused,
    Wrong,
}

/// Checks a code against the employee's active factor inside the caller's write
/// transaction, using it up when it is accepted.
pub fn check_code(
    tx: &Tx<'_>,
    factor: &Factor,
    vault: &Vault,
    input: &str,
    now: i64,
) -> Result<CodeCheck> {
    let input = input.trim();
    if input.chars().filter(|c| !c.is_whitespace()).count() == 6 {
        return Ok(match matching_step(factor, vault, input, now)? {
            Some(step) if factors::use_step(tx, factor.id, step)? => CodeCheck::OneTime,
            Some(_) => CodeCheck::Reused,
            None => CodeCheck::Wrong,
        });
    }
    let Some(normal) = normal_recovery_code(input) else {
        return Ok(CodeCheck::Wrong);
    };
    let hash = recovery_hash(factor.employee_id, &normal);
    if factors::use_recovery_code(tx, factor.id, &hash, now)? {
        Ok(CodeCheck::Recovery {
            left: factors::recovery_codes_left(tx, factor.id)?,
        })
    } else {
        Ok(CodeCheck::Wrong)
    }
}

/// A recovery code as shown: four groups of four base32 characters.
fn new_recovery_code() -> Result<SecretString> {
    let mut bytes = zeroize::Zeroizing::new([0u8; RECOVERY_LEN]);
    getrandom::fill(bytes.as_mut())
        .map_err(|e| anyhow::anyhow!("the OS random source failed: {e}"))?;
    let mut code = String::with_capacity(RECOVERY_LEN + 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 && i % 4 == 0 {
            code.push('-');
        }
        code.push(char::from(BASE32[usize::from(b & 31)]));
    }
    Ok(SecretString::from(code))
}

/// A typed recovery code without dashes or spaces, upper-case; `None` when it cannot be one.
fn normal_recovery_code(input: &str) -> Option<String> {
    let code: String = input
        .chars()
        .filter(|c| *c != '-' && !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == RECOVERY_LEN && code.bytes().all(|b| BASE32.contains(&b))).then_some(code)
}

/// How a recovery code is kept: BLAKE2b-256 over a label, the employee and the code in its
/// normal form (`normal_recovery_code`).
fn recovery_hash(employee_id: i64, normal: &str) -> String {
    use blake2::Digest;
    let digest = blake2::Blake2b512::new()
        .chain_update(b"hrpass recovery code v1\0")
        .chain_update(employee_id.to_be_bytes())
        .chain_update(normal.as_bytes())
        .finalize();
    digest[..32].iter().map(|b| format!("{b:02x}")).collect()
}

/// Where an employee's second factor stands: never the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FactorStatus {
    pub employee_code: String,
    /// `none`, `pending` (enrolled, not confirmed) or `active`.
    pub state: &'static str,
    /// An enrolment is waiting for its code (besides an active factor, when replacing one).
    pub pending: bool,
    #[serde(serialize_with = "crate::text::serialize_opt_rfc3339")]
    pub confirmed_at: Option<i64>,
    pub recovery_codes_left: Option<u32>,
}

/// The second-factor state of one employee.
pub fn status(conn: &crate::store::db::Conn, e: &StoredEmployee) -> Result<FactorStatus> {
    let active = factors::active(conn, e.id)?;
    let pending = factors::pending(conn, e.id)?.is_some();
    let left = match &active {
        Some(f) => Some(factors::recovery_codes_left(conn, f.id)?),
        None => None,
    };
    Ok(FactorStatus {
        employee_code: e.employee.code.clone(),
        state: match (&active, pending) {
            (Some(_), _) => "active",
            (None, true) => "pending",
            (None, false) => "none",
        },
        pending,
        confirmed_at: active.as_ref().and_then(|f| f.confirmed_at),
        recovery_codes_left: left,
    })
}

/// Whether the employee has an active second factor (a sign-in needs a code).
pub fn has_active(conn: &crate::store::db::Conn, employee_id: i64) -> Result<bool> {
    Ok(factors::active(conn, employee_id)?.is_some())
}

/// Removes the employee's second factor (a lost phone): HR only, audited. The next sign-in
/// needs only the password; with `require_2fa` the portal then asks them to enrol again.
/// Returns how many enrolments (active and pending) were retired.
pub fn reset(store: &mut Store, code: &str, operator: &str) -> Result<usize> {
    let tx = store.write()?;
    let Some(e) = employees::find_code(&tx, code)? else {
        bail!("no employee has code {code:?}");
    };
    let retired = factors::retire_all(&tx, e.id)?;
    crate::store::sessions::end_all(&tx, e.id, "the second factor was reset", super::now())?;
    audit::record(
        &tx,
        operator,
        "2fa.reset",
        Some(&e.employee.code),
        &format!("{retired} enrolment(s) retired"),
    )?;
    tx.commit()?;
    Ok(retired)
}

/// The QR code of an `otpauth://` URI in the terminal: two rows of modules per line, with a
/// quiet zone, dark on light.
pub fn qr_text(uri: &SecretString) -> Result<String> {
    let code = qrcode::QrCode::new(uri.expose_secret().as_bytes())
        .context("the otpauth URI does not fit a QR code")?;
    Ok(code
        .render::<qrcode::render::unicode::Dense1x2>()
        .dark_color(qrcode::render::unicode::Dense1x2::Light)
        .light_color(qrcode::render::unicode::Dense1x2::Dark)
        .build())
}

/// The QR code as an SVG document.
pub fn qr_svg(uri: &SecretString) -> Result<Vec<u8>> {
    let code = qrcode::QrCode::new(uri.expose_secret().as_bytes())
        .context("the otpauth URI does not fit a QR code")?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(240, 240)
        .build()
        .into_bytes())
}

/// The QR code as a PNG image.
pub fn qr_png(uri: &SecretString) -> Result<Vec<u8>> {
    let code = qrcode::QrCode::new(uri.expose_secret().as_bytes())
        .context("the otpauth URI does not fit a QR code")?;
    let image = code
        .render::<image::Luma<u8>>()
        .min_dimensions(240, 240)
        .build();
    let mut png = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut png, image::ImageFormat::Png)
        .context("cannot encode the QR code as PNG")?;
    Ok(png.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_are_80_bits_of_base32_and_typed_loosely() {
        let code = new_recovery_code().unwrap();
        let shown = code.expose_secret();
        assert_eq!(shown.len(), 19, "{shown}");
        assert_eq!(shown.matches('-').count(), 3);
        let typed = shown.to_lowercase().replace('-', " ");
        let normal = normal_recovery_code(shown).unwrap();
        assert_eq!(
            normal,
            shown.replace('-', ""),
            "what confirm stores the hash of"
        );
        assert_eq!(
            normal_recovery_code(&typed),
            Some(normal.clone()),
            "case and separators do not matter"
        );
        assert_ne!(
            recovery_hash(7, &normal),
            recovery_hash(8, &normal),
            "bound to the employee"
        );
        assert!(normal_recovery_code("123456").is_none());
        assert!(normal_recovery_code("AAAA-AAAA-AAAA-AAA1").is_none());
    }

    #[test]
    fn the_window_is_one_step_either_side() {
        let t = totp(vec![9u8; 20], Some("Example: Corp"), "ana@example.com").unwrap();
        let now = 1_800_000_015u64;
        for (offset, accepted) in [
            (-60i64, false),
            (-30, true),
            (0, true),
            (30, true),
            (60, false),
        ] {
            let code = t
                .generate(now.checked_add_signed(offset).unwrap())
                .to_string();
            assert_eq!(t.check(&code, now).is_some(), accepted, "offset {offset}");
        }
        let uri = t.to_url().unwrap();
        assert!(
            uri.starts_with("otpauth://totp/Example%20%20Corp:ana%40example.com?"),
            "{uri}"
        );
    }
}
