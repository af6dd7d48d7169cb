//! How an employee portal signs people in with a password and a second factor (TOTP), using
//! hrpass as a library: enrol (`factor::enroll` gives the otpauth URI for the QR code),
//! confirm with the app's first code (`factor::confirm` gives the recovery codes, once), then
//! `credential::sign_in` with the password and the code.
//!
//! Run it: `cargo run --example portal_2fa [STORE]` (STORE as for examples/portal.rs: without
//! it, a throw-away SQLite store; with the URL of an empty PostgreSQL database, there). The
//! authenticator app is played by `totp-rs` reading the enrolment's URI, and the clock is
//! passed in (`now`), as a portal's tests would.

use anyhow::{Result, ensure};
use hrpass::credential::factor::{self, Confirmation};
use hrpass::credential::{self, Attempt, Change, Hasher, Verdict};
use hrpass::employee::records;
use hrpass::model::{Employee, Status};
use hrpass::store::Store;
use hrpass::vault::{self, Vault};
use secrecy::{ExposeSecret, SecretString};

fn main() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mut store: Store = match std::env::args().nth(1) {
        Some(url) => hrpass::store::create_url(&url)?,
        None => hrpass::store::create_url(&dir.path().join("hrpass.db").display().to_string())?,
    };
    vault::create_key(&dir.path().join("vault.key"))?;
    let vault = Vault::open(&dir.path().join("vault.key"))?;
    let params = argon2::Params::default();
    let mut hasher = Hasher::new(params.clone());
    // A fixed clock: 5 s into a 30 s step.
    let now = 1_800_000_005;

    records::add(
        &mut store,
        &Employee {
            code: "E042".into(),
            first_name: "Ana".into(),
            last_name: "Lima".into(),
            email: "ana.lima@example.com".into(),
            department: "Finance".into(),
            job_title: "Analyst".into(),
            manager_code: None,
            status: Status::Active,
            personal_email: None,
        },
        "portal-demo",
    )?;
    let password = SecretString::from("velvet-Harbour-kite-2031".to_owned());
    let changed = credential::change(
        &mut store,
        "E042",
        &password,
        now,
        &mut hasher,
        "Example Corp",
        "portal",
    )?;
    ensure!(matches!(changed, Change::Changed { .. }));

    // 1. Enrolment: the portal shows the URI as a QR code (factor::qr_svg / qr_png).
    let enrolment = factor::enroll(&mut store, "E042", &vault, "Example Corp", now, "portal")?;
    println!(
        "enrolment {}: {} characters of otpauth URI, an SVG QR code of {} bytes",
        enrolment.version,
        enrolment.uri.expose_secret().len(),
        factor::qr_svg(&enrolment.uri)?.len()
    );
    let app = totp_rs::Totp::from_url(enrolment.uri.expose_secret())?;
    let code_at = |t: i64| app.generate(t as u64).to_string();

    // Not active before it is confirmed: the password alone still signs in.
    let sign_in = |store: &mut Store, one_time: Option<&str>, at: i64| {
        credential::sign_in(
            store,
            &Attempt {
                code: "E042",
                password: password.expose_secret(),
                one_time,
            },
            at,
            &params,
            Some(&vault),
            "portal",
        )
    };
    let before = sign_in(&mut store, None, now)?;
    println!("before confirming, the password alone: {before:?}");
    ensure!(before.is_valid());

    // 2. Confirmation with the app's current code; the recovery codes are shown this once.
    let Confirmation::Confirmed { recovery_codes, .. } =
        factor::confirm(&mut store, "E042", &code_at(now), &vault, now, "portal")?
    else {
        anyhow::bail!("the app's code did not confirm the enrolment");
    };
    println!("confirmed, with {} recovery codes", recovery_codes.len());

    // 3. From now on the password alone is not enough.
    let later = now + 60;
    let alone = sign_in(&mut store, None, later)?;
    println!("the password alone: {alone:?}");
    ensure!(alone == Verdict::SecondFactorRequired);
    let with_code = sign_in(&mut store, Some(&code_at(later)), later)?;
    println!("password and code: {with_code:?}");
    ensure!(with_code.is_valid());
    let replayed = sign_in(&mut store, Some(&code_at(later)), later + 5)?;
    println!("the same code again: {replayed:?}");
    ensure!(matches!(replayed, Verdict::WrongCode { reused: true, .. }));

    // 4. A lost phone: a recovery code signs in once.
    let recovery = recovery_codes[0].expose_secret();
    let first = sign_in(&mut store, Some(recovery), later + 90)?;
    println!("a recovery code: {first:?}");
    ensure!(matches!(
        first,
        Verdict::Valid {
            recovery_codes_left: Some(9),
            ..
        }
    ));
    let second = sign_in(&mut store, Some(recovery), later + 120)?;
    println!("the same recovery code again: {second:?}");
    ensure!(matches!(second, Verdict::WrongCode { .. }));
    Ok(())
}
