//! How an employee portal uses hrpass as a library: check a sign-in with `verify`, and when
//! the verdict says the password must be changed (an issued, temporary one), take the new
//! one and store it with `change`, which enforces the policy and the history.
//!
//! Run it: `cargo run --example portal [STORE]`. Without STORE it builds a throw-away SQLite
//! store in a temporary folder; with the URL of an empty PostgreSQL database
//! (`postgres://user@host/db`, password in PGPASSWORD) it works there: the library takes a
//! store URL and runs the same on both engines. A real portal opens its store with
//! `hrpass::store::open_url` (the URL in `[store] url`, or the path of `hrpass.db`) and reads
//! argon2 settings from `hrpass.toml` (`Config::load(..).hashing.params()`).

use anyhow::{Result, ensure};
use hrpass::credential::{self, Change, Hasher, Verdict};
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
    let params = argon2::Params::default(); // OWASP: m=19456 KiB, t=2, p=1
    let mut hasher = Hasher::new(params.clone());
    let now = credential::now();

    let ana = Employee {
        code: "E042".into(),
        first_name: "Ana".into(),
        last_name: "Lima".into(),
        email: "ana.lima@example.com".into(),
        department: "Finance".into(),
        job_title: "Analyst".into(),
        manager_code: None,
        status: Status::Active,
        personal_email: None,
    };
    records::add(&mut store, &ana, "portal-demo")?;

    // HR issues a temporary password; send-password does this and mails it, promoting it
    // once the mail server accepts the message.
    let policy = hrpass::policy::current(store.conn())?;
    let stored = hrpass::store::employees::find(store.conn(), "E042")?.expect("just added");
    let tx = store.write()?;
    let issued = credential::issue(
        &tx,
        &stored,
        &policy,
        &mut hasher,
        &vault,
        now,
        "Example Corp",
    )?;
    credential::promote(&tx, issued.credential_id, &policy, now)?;
    tx.commit()?;
    println!(
        "HR issued credential {} to E042 (the password went by mail).",
        issued.version
    );

    // 1. Ana signs in with the mailed password: valid, but it must be changed now.
    let verdict = credential::verify(
        &mut store,
        "E042",
        issued.password.expose_secret(),
        now,
        &params,
        "portal",
    )?;
    println!("sign-in with the mailed password: {verdict:?}");
    ensure!(matches!(
        verdict,
        Verdict::Valid {
            must_change: true,
            ..
        }
    ));

    // 2. The portal forces the change. A weak choice is refused with every reason.
    let weak = SecretString::from("ana2024".to_owned());
    if let Change::Refused { reasons } = credential::change(
        &mut store,
        "E042",
        &weak,
        now,
        &mut hasher,
        "Example Corp",
        "portal",
    )? {
        println!("\"ana2024\" refused:");
        for reason in reasons {
            println!("  - it {reason}");
        }
    }
    let chosen = SecretString::from("velvet-Harbour-kite-2031".to_owned());
    let change = credential::change(
        &mut store,
        "E042",
        &chosen,
        now,
        &mut hasher,
        "Example Corp",
        "portal",
    )?;
    println!("her own password: {change:?}");

    // 3. From now on her own password signs in, needs no change; the mailed one is dead.
    let verdict = credential::verify(
        &mut store,
        "E042",
        chosen.expose_secret(),
        now,
        &params,
        "portal",
    )?;
    println!("sign-in with her own password: {verdict:?}");
    ensure!(
        verdict
            == Verdict::Valid {
                must_change: false,
                must_enroll: false,
                expires_at: None,
                recovery_codes_left: None,
            }
    );
    let old = credential::verify(
        &mut store,
        "E042",
        issued.password.expose_secret(),
        now,
        &params,
        "portal",
    )?;
    println!("sign-in with the mailed password again: {old:?}");
    ensure!(matches!(old, Verdict::Wrong { .. }));
    Ok(())
}
