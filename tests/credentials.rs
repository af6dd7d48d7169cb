//! Policy, passwd, verify, lockout, expiry, the vault, compliance and the plaintext canary.

use crate::common::TestEnv;
use crate::common::assert_no_secret;
use argon2::Params;
use hrpass::credential::{self, Hasher, Verdict};
use hrpass::store::Store;
use hrpass::vault::Vault;
use secrecy::{ExposeSecret, SecretString};
use std::process::Output;

/// A password the policy accepts and nobody else would use.
const GOOD: &str = "lantern-Quokka-orbit-73";

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Test-sized argon2 parameters, passed explicitly; production keeps OWASP's.
fn quick() -> Hasher {
    Hasher::new(Params::new(64, 1, 1, Some(32)).unwrap())
}

/// Issues a password to `code` through the library, as send-password will; returns the
/// employee's row and the issued credential (still pending).
fn issue(
    env: &TestEnv,
    store: &mut Store,
    code: &str,
    now: i64,
) -> (hrpass::model::StoredEmployee, credential::Issued) {
    let vault = Vault::open(&env.home.join("vault.key")).unwrap();
    let policy = hrpass::policy::current(store.conn()).unwrap();
    let employee = hrpass::store::employees::find(store.conn(), code)
        .unwrap()
        .unwrap();
    let tx = store.write().unwrap();
    let issued = credential::issue(
        &tx,
        &employee,
        &policy,
        &mut quick(),
        &vault,
        now,
        "Example Corp",
    )
    .unwrap();
    tx.commit().unwrap();
    (employee, issued)
}

/// Makes an issued credential the active one, as an accepted mail will.
fn promote(store: &mut Store, issued: &credential::Issued, now: i64) {
    let policy = hrpass::policy::current(store.conn()).unwrap();
    let tx = store.write().unwrap();
    credential::promote(&tx, issued.credential_id, &policy, now).unwrap();
    tx.commit().unwrap();
}

#[test]
fn init_writes_policy_version_1_and_set_makes_new_versions() {
    let env = TestEnv::new();
    let shown: serde_json::Value =
        serde_json::from_str(&env.ok(&["--format", "json", "policy", "show"])).unwrap();
    assert_eq!(
        (shown["version"].as_i64(), shown["min_length"].as_u64()),
        (Some(1), Some(15))
    );
    assert_eq!(shown["history"], 5);
    assert_eq!(shown["temp_valid_hours"], 72);
    env.ok(&[
        "policy",
        "set",
        "--min-length",
        "20",
        "--require-digit",
        "true",
        "--block-word",
        "acme",
    ]);
    let shown: serde_json::Value =
        serde_json::from_str(&env.ok(&["--format", "json", "policy", "show"])).unwrap();
    assert_eq!(
        (shown["version"].as_i64(), shown["min_length"].as_u64()),
        (Some(2), Some(20))
    );
    assert_eq!(shown["blocked_words"][0], "acme");
    let old: serde_json::Value =
        serde_json::from_str(&env.ok(&["--format", "json", "policy", "show", "--version", "1"]))
            .unwrap();
    assert_eq!(old["min_length"], 15);
    let history = env.ok(&["--format", "csv", "policy", "history"]);
    assert_eq!(history.lines().count(), 3, "{history}");
}

#[test]
fn a_contradictory_policy_is_refused_with_every_reason() {
    let env = TestEnv::new();
    let before = env.snapshot();
    let text = env.fails(
        1,
        &[
            "policy",
            "set",
            "--min-length",
            "70",
            "--require-upper",
            "true",
        ],
    );
    assert!(
        text.contains("min_length 70 is above max_length 64"),
        "{text}"
    );
    assert!(text.contains("generated_length 20 is outside"), "{text}");
    assert_eq!(env.snapshot(), before);
    let text = env.fails(1, &["policy", "set", "--lockout-threshold", "0"]);
    assert!(
        text.contains("lockout_threshold must be at least 1"),
        "{text}"
    );
}

#[test]
fn policy_check_lists_every_broken_rule() {
    let env = TestEnv::with_examples();
    let out = env.feed("password\n", &["policy", "check"]);
    assert_eq!(out.status.code(), Some(1));
    let t = text(&out);
    assert!(
        t.contains("at least 15 are needed") && t.contains("common passwords"),
        "{t}"
    );
    let out = env.feed(
        "zoe-muller-walks-the-dog\n",
        &["policy", "check", "--employee", "E0001"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("\"muller\""), "{}", text(&out));
    let out = env.feed(
        &format!("{GOOD}\n"),
        &["policy", "check", "--employee", "E0001"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn passwd_then_verify_and_history() {
    let env = TestEnv::with_examples();
    let out = env.feed(&format!("{GOOD}\n"), &["passwd", "E0002"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = env.feed(&format!("{GOOD}\r\n"), &["verify", "E0002"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("E0002: valid"), "{}", text(&out));
    assert!(!text(&out).contains("must be changed"));

    let before = env.snapshot();
    let out = env.feed(&format!("{GOOD}\n"), &["passwd", "E0002"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("one of the last 5 passwords"),
        "{}",
        text(&out)
    );
    let out = env.feed("short\n", &["passwd", "E0002"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("at least 15 are needed"),
        "{}",
        text(&out)
    );
    // Refusals are audited but change no credential.
    let creds = |s: &str| {
        s.lines()
            .filter(|l| !l.starts_with("audit:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(creds(&env.snapshot()), creds(&before));
}

#[test]
fn wrong_attempts_lock_the_password_at_the_threshold() {
    let env = TestEnv::with_examples();
    env.ok(&["policy", "set", "--lockout-threshold", "3"]);
    assert!(
        env.feed(&format!("{GOOD}\n"), &["passwd", "E0003"])
            .status
            .success()
    );
    let out = env.feed("not-the-password\n", &["verify", "E0003"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("2 attempts left"), "{}", text(&out));
    env.feed("not-the-password\n", &["verify", "E0003"]);
    let out = env.feed("not-the-password\n", &["verify", "E0003"]);
    assert!(text(&out).contains("locked"), "{}", text(&out));
    let out = env.feed(&format!("{GOOD}\n"), &["verify", "E0003"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the right password no longer opens a locked credential"
    );
    assert!(text(&out).contains("locked"), "{}", text(&out));
}

/// Sign-ins hash outside the write lock and count under it: concurrent wrong attempts are
/// each counted once (none lost, none twice), and the lock falls exactly at the threshold.
#[test]
fn concurrent_wrong_sign_ins_are_each_counted_once() {
    let env = TestEnv::with_examples();
    env.ok(&["policy", "set", "--lockout-threshold", "5"]);
    assert!(
        env.feed(&format!("{GOOD}\n"), &["passwd", "E0003"])
            .status
            .success()
    );
    const SIGN_INS: usize = 8;
    let barrier = std::sync::Barrier::new(SIGN_INS);
    let params = Params::new(64, 1, 1, Some(32)).unwrap();
    let verdicts: Vec<Verdict> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..SIGN_INS)
            .map(|_| {
                let (env, barrier, params) = (&env, &barrier, &params);
                scope.spawn(move || {
                    let mut store = env.store();
                    barrier.wait();
                    credential::verify(
                        &mut store,
                        "E0003",
                        "not-the-password",
                        credential::now(),
                        params,
                        "race",
                    )
                    .unwrap()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut left: Vec<u32> = verdicts
        .iter()
        .filter_map(|v| match v {
            Verdict::Wrong { attempts_left } => Some(*attempts_left),
            _ => None,
        })
        .collect();
    left.sort_unstable();
    assert_eq!(left, [1, 2, 3, 4], "{verdicts:?}");
    let locked = verdicts.iter().filter(|v| **v == Verdict::Locked).count();
    assert_eq!(locked, SIGN_INS - 4, "{verdicts:?}");
    assert_eq!(
        env.sql_value(
            "SELECT count(*) FROM audit WHERE operator = 'race'
             AND action IN ('login.wrong', 'login.locked')"
        ),
        SIGN_INS.to_string()
    );
    let out = env.feed(&format!("{GOOD}\n"), &["verify", "E0003"]);
    assert!(text(&out).contains("locked"), "{}", text(&out));
}

/// The password E0005 changes to in the races below.
const NEW: &str = "saffron-Walrus-canyon-58";

/// The example store with E0005's own password `GOOD`, and test-sized argon2 parameters.
fn e0005_with_good() -> (TestEnv, Params) {
    let env = TestEnv::with_examples();
    assert!(
        env.feed(&format!("{GOOD}\n"), &["passwd", "E0005"])
            .status
            .success()
    );
    (env, Params::new(64, 1, 1, Some(32)).unwrap())
}

/// A password changed while a sign-in's hash runs: the sign-in is judged against the
/// password that is active when it writes, never half against each.
#[test]
fn a_sign_in_racing_a_password_change_is_judged_on_one_password() {
    let (env, params) = e0005_with_good();
    let barrier = std::sync::Barrier::new(2);
    let (verdicts, changed) = std::thread::scope(|scope| {
        let signer = scope.spawn(|| {
            let mut store = env.store();
            barrier.wait();
            // Signs in with the old password until it stops working (one wrong attempt).
            let mut verdicts = Vec::new();
            while verdicts.last().is_none_or(Verdict::is_valid) && verdicts.len() < 10_000 {
                verdicts.push(
                    credential::verify(
                        &mut store,
                        "E0005",
                        GOOD,
                        credential::now(),
                        &params,
                        "race",
                    )
                    .unwrap(),
                );
            }
            verdicts
        });
        barrier.wait();
        let changed = env.feed(&format!("{NEW}\n"), &["passwd", "E0005"]);
        (signer.join().unwrap(), changed)
    });
    assert!(changed.status.success(), "{}", text(&changed));
    // Valid while the old password was active, then wrong once it was replaced.
    let (last, valid) = verdicts.split_last().unwrap();
    assert!(valid.iter().all(Verdict::is_valid), "{verdicts:?}");
    assert!(matches!(last, Verdict::Wrong { .. }), "{last:?}");
    let out = env.feed(&format!("{NEW}\n"), &["verify", "E0005"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

/// The sign-in's steps as the portal runs them, with a password change between the hash
/// and the write: the write finds another credential, writes nothing (not even a failure or
/// an audit row), and the sign-in that starts over is judged on the new password.
#[test]
fn a_sign_in_whose_password_changed_after_its_hash_writes_nothing_and_starts_over() {
    let (env, params) = e0005_with_good();
    let now = credential::now();
    let attempt = credential::Attempt {
        code: "E0005",
        password: GOOD,
        one_time: None,
    };
    let mut store = env.store();
    let checking = credential::Checking::read(store.conn(), "E0005").unwrap();
    let hashed = checking.hash(GOOD, now, &params).unwrap();
    let changed = env.feed(&format!("{NEW}\n"), &["passwd", "E0005"]);
    assert!(changed.status.success(), "{}", text(&changed));
    let logins = "SELECT count(*) FROM audit WHERE action LIKE 'login.%'";
    let before = env.sql_value(logins);
    let mut called = false;
    let written = checking
        .write(
            &mut store,
            hashed,
            &attempt,
            now,
            None,
            "race",
            &mut |_, _, _| {
                called = true;
                Ok(())
            },
        )
        .unwrap();
    assert_eq!(
        written, None,
        "judged on a password that is no longer active"
    );
    assert!(!called, "nothing done in the sign-in's transaction");
    assert_eq!(env.sql_value(logins), before, "nothing audited");
    assert_eq!(
        env.sql_value(
            "SELECT failed_attempts FROM credentials c JOIN employees e ON e.id = c.employee_id
             WHERE e.code = 'E0005' AND c.state = 'active'"
        ),
        "0"
    );
    // Started over: the old password is wrong now, the new one right.
    let again = credential::Checking::read(store.conn(), "E0005").unwrap();
    let hashed = again.hash(GOOD, now, &params).unwrap();
    let verdict = again
        .write(
            &mut store,
            hashed,
            &attempt,
            now,
            None,
            "race",
            &mut |_, _, _| Ok(()),
        )
        .unwrap();
    assert!(
        matches!(verdict, Some(Verdict::Wrong { .. })),
        "{verdict:?}"
    );
    let verdict = credential::verify(&mut store, "E0005", NEW, now, &params, "race").unwrap();
    assert!(verdict.is_valid(), "{verdict:?}");
}

#[test]
fn unknown_and_inactive_employees_do_not_verify() {
    let env = TestEnv::with_examples();
    let out = env.feed(&format!("{GOOD}\n"), &["verify", "NOBODY"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        env.feed(&format!("{GOOD}\n"), &["passwd", "E0004"])
            .status
            .success()
    );
    env.ok(&["employees", "deactivate", "E0004"]);
    let out = env.feed(&format!("{GOOD}\n"), &["verify", "E0004"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let out = env.feed("", &["verify", "E0004"]);
    assert!(
        text(&out).contains("no password on stdin"),
        "{}",
        text(&out)
    );
    // Nor can anyone set a new one for them while they are inactive.
    let before = env.sql_value("SELECT count(*) FROM credentials");
    let out = env.feed("saffron-Walrus-canyon-58\n", &["passwd", "E0004"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("E0004 is inactive"), "{}", text(&out));
    assert_eq!(env.sql_value("SELECT count(*) FROM credentials"), before);
}

#[test]
fn an_issued_password_must_be_changed_and_expires() {
    let env = TestEnv::with_examples();
    let mut store = env.store();
    let vault = Vault::open(&env.home.join("vault.key")).unwrap();
    let t0 = 1_900_000_000;
    let (zoe, issued) = issue(&env, &mut store, "E0001", t0);
    let password = issued.password.expose_secret().to_owned();
    let params = Params::new(64, 1, 1, Some(32)).unwrap();

    // Pending: not active until its mail is accepted.
    assert_eq!(
        credential::verify(&mut store, "E0001", &password, t0, &params, "t").unwrap(),
        Verdict::Unknown
    );
    promote(&mut store, &issued, t0);
    let verdict =
        credential::verify(&mut store, "E0001", &password, t0 + 60, &params, "t").unwrap();
    assert_eq!(
        verdict,
        Verdict::Valid {
            must_change: true,
            must_enroll: false,
            expires_at: Some(t0 + 72 * 3600),
            recovery_codes_left: None,
        }
    );
    // The sealed copy is what --existing sends.
    let existing = credential::existing_password(&store, &vault, zoe.id, t0 + 60)
        .unwrap()
        .unwrap();
    assert_eq!(existing.expose_secret(), password);
    // 72 hours later it has expired, and its sealed copy goes with it.
    let verdict =
        credential::verify(&mut store, "E0001", &password, t0 + 72 * 3600, &params, "t").unwrap();
    assert_eq!(verdict, Verdict::Expired);
    assert!(
        credential::existing_password(&store, &vault, zoe.id, t0 + 72 * 3600)
            .unwrap()
            .is_none()
    );
    let sealed: i64 = store
        .conn()
        .value(
            "SELECT count(*) FROM credentials WHERE sealed IS NOT NULL",
            &[],
        )
        .unwrap();
    assert_eq!(
        sealed, 0,
        "an expired issued password's sealed copy is destroyed"
    );
}

#[test]
fn changing_the_password_destroys_the_sealed_copy() {
    let env = TestEnv::with_examples();
    let mut store = env.store();
    let vault = Vault::open(&env.home.join("vault.key")).unwrap();
    let now = credential::now();
    let (jose, issued) = issue(&env, &mut store, "E0002", now);
    promote(&mut store, &issued, now);
    let out = env.feed(
        &format!("{}\n", issued.password.expose_secret()),
        &["verify", "E0002"],
    );
    assert!(text(&out).contains("must be changed now"), "{}", text(&out));

    assert!(
        env.feed(&format!("{GOOD}\n"), &["passwd", "E0002"])
            .status
            .success()
    );
    let sealed: i64 = store
        .conn()
        .value(
            "SELECT count(*) FROM credentials WHERE sealed IS NOT NULL",
            &[],
        )
        .unwrap();
    assert_eq!(sealed, 0);
    assert!(
        credential::existing_password(&store, &vault, jose.id, now)
            .unwrap()
            .is_none()
    );
    let out = env.feed(
        &format!("{}\n", issued.password.expose_secret()),
        &["verify", "E0002"],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "the issued password no longer works"
    );
}

#[test]
fn a_wrong_vault_key_is_an_error_not_a_panic() {
    let env = TestEnv::with_examples();
    let mut store = env.store();
    let (e, _) = issue(&env, &mut store, "E0005", credential::now());
    let other = Vault::from_key(&[42u8; 32]).unwrap();
    let err = credential::existing_password(&store, &other, e.id, credential::now()).unwrap_err();
    assert!(
        err.to_string().contains("vault key does not match"),
        "{err}"
    );
}

#[test]
fn a_weak_stored_hash_is_rehashed_at_the_next_sign_in() {
    let env = TestEnv::with_examples();
    let mut store = env.store();
    let secret = SecretString::from(GOOD.to_owned());
    credential::change(
        &mut store,
        "E0006",
        &secret,
        credential::now(),
        &mut quick(),
        "Example Corp",
        "t",
    )
    .unwrap();
    let hash = || -> String {
        store
            .conn()
            .value("SELECT hash FROM credentials WHERE state = 'active'", &[])
            .unwrap()
    };
    assert!(hash().contains("m=64,t=1,p=1"), "{}", hash());
    assert!(
        env.feed(&format!("{GOOD}\n"), &["verify", "E0006"])
            .status
            .success()
    );
    assert!(hash().contains("m=19456,t=2,p=1"), "{}", hash());
}

#[test]
fn non_compliant_and_expired_are_found_from_stored_facts() {
    let env = TestEnv::with_examples();
    let mut store = env.store();
    let set = |store: &mut Store, code: &str, password: &str| {
        let secret = SecretString::from(password.to_owned());
        let change = credential::change(
            store,
            code,
            &secret,
            credential::now(),
            &mut quick(),
            "Example Corp",
            "t",
        );
        assert!(matches!(
            change.unwrap(),
            credential::Change::Changed { .. }
        ));
    };
    set(&mut store, "E0007", "quiet-lantern-88x"); // 17 characters, no upper case
    set(&mut store, "E0008", "Quiet-Lantern-Harbour-2024-x"); // 28, every class
    assert!(env.codes(&["--non-compliant"]).is_empty());
    env.ok(&[
        "policy",
        "set",
        "--min-length",
        "20",
        "--generated-length",
        "24",
    ]);
    assert_eq!(env.codes(&["--non-compliant"]), ["E0007"]);
    env.ok(&[
        "policy",
        "set",
        "--min-length",
        "15",
        "--require-upper",
        "true",
    ]);
    assert_eq!(env.codes(&["--non-compliant"]), ["E0007"]);
    env.ok(&[
        "policy",
        "set",
        "--require-upper",
        "false",
        "--max-age-days",
        "1",
    ]);
    assert!(env.codes(&["--non-compliant"]).is_empty());

    // A password whose window ended yesterday.
    let day = 86_400;
    let secret = SecretString::from("Harbour-lights-at-dusk-19".to_owned());
    credential::change(
        &mut store,
        "E0009",
        &secret,
        credential::now() - 2 * day,
        &mut quick(),
        "Example Corp",
        "t",
    )
    .unwrap();
    assert_eq!(env.codes(&["--expired"]), ["E0009"]);
}

#[test]
fn canary_no_plaintext_password_reaches_the_store_wal_or_output() {
    let env = TestEnv::with_examples();
    // Keep a connection open so the WAL is not checkpointed away when each command exits.
    let store = env.store();
    let canary = "Canary-Tulip-Vortex-4815";
    let mut captured: Vec<u8> = Vec::new();
    let mut run = |input: &str, args: &[&str]| {
        let out = env.feed(input, args);
        captured.extend_from_slice(&out.stdout);
        captured.extend_from_slice(&out.stderr);
    };
    run(
        &format!("{canary}\n"),
        &["policy", "check", "--employee", "E0010"],
    );
    run(&format!("{canary}\n"), &["passwd", "E0010"]);
    run(&format!("{canary}\n"), &["verify", "E0010"]);
    run("wrong-guess-entirely-12\n", &["verify", "E0010"]);
    run(&format!("{canary}\n"), &["passwd", "E0010"]); // refused: history
    run(
        &format!("{canary}\n"),
        &["--format", "json", "verify", "E0010"],
    );
    run("", &["--format", "json", "employees", "show", "E0010"]);

    // An issued password too: it may exist only inside the sealed blob's ciphertext.
    let mut writer = env.store();
    let (_, issued) = issue(&env, &mut writer, "E0011", credential::now());
    let issued_password = issued.password.expose_secret().to_owned();
    run(&format!("{issued_password}\n"), &["verify", "E0011"]);

    let mut files = crate::common::home_files(&env);
    files.push(("captured output".into(), captured));
    assert_no_secret(&[canary.to_owned(), issued_password], &files);
    drop(store);
}

#[test]
fn the_portal_example_runs() {
    let out = crate::common::run_example("portal");
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Valid { must_change: false"),
        "{}",
        text(&out)
    );
}

#[test]
fn passwd_asks_twice_on_a_real_terminal() {
    let env = TestEnv::with_examples();
    let mut cmd = std::process::Command::new(crate::common::BIN);
    cmd.env_clear()
        .env("HRPASS_HOME", &env.home)
        .envs(env.store_env())
        .env("TERM", "xterm")
        .args(["passwd", "E0012"]);
    let mut session = rexpect::session::spawn_command(cmd, Some(15_000)).expect("spawn in a pty");
    session.exp_string("New password for E0012").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    session.send_line(GOOD).unwrap();
    session.exp_string("Repeat it").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    session.send_line(GOOD).unwrap();
    let screen = session.exp_eof().unwrap();
    assert!(screen.contains("Password changed for E0012"), "{screen}");
    assert!(
        !screen.contains(GOOD),
        "the password is never echoed: {screen}"
    );
    assert!(
        env.feed(&format!("{GOOD}\n"), &["verify", "E0012"])
            .status
            .success()
    );
}

/// `verify` and `policy check` ask hidden on a terminal: the password never reaches the
/// screen or its scrollback (issue 10).
#[test]
fn verify_and_policy_check_read_the_password_hidden_on_a_terminal() {
    let env = TestEnv::with_examples();
    assert!(
        env.feed(&format!("{GOOD}\n"), &["passwd", "E0013"])
            .status
            .success()
    );
    for (args, prompt, answer) in [
        (
            &["verify", "E0013"][..],
            "Password for E0013",
            "E0013: valid",
        ),
        (
            &["policy", "check"][..],
            "Password to check",
            "meets policy version",
        ),
    ] {
        let mut cmd = std::process::Command::new(crate::common::BIN);
        cmd.env_clear()
            .env("HRPASS_HOME", &env.home)
            .envs(env.store_env())
            .env("TERM", "xterm")
            .args(args);
        let mut session = rexpect::session::spawn_command(cmd, Some(15_000)).expect("a pty");
        session.exp_string(prompt).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(300));
        session.send_line(GOOD).unwrap();
        let screen = session.exp_eof().unwrap();
        assert!(screen.contains(answer), "{args:?}: {screen}");
        assert!(
            !screen.contains(GOOD),
            "{args:?}: the password was echoed: {screen}"
        );
    }
}

/// Ctrl-C at a hidden prompt exits 130 and leaves the terminal as it found it: the shell
/// that ran hrpass reads its mode back with `stty` and finds echo on (issue 19).
#[test]
fn ctrl_c_at_a_hidden_prompt_gives_the_terminal_its_echo_back() {
    let env = TestEnv::with_examples();
    for (args, prompt) in [
        ("passwd E0012", "New password for E0012"),
        ("verify E0012", "Password for E0012"),
    ] {
        let mut cmd = std::process::Command::new("sh");
        cmd.env_clear()
            .env("HRPASS_HOME", &env.home)
            .envs(env.store_env())
            .env("TERM", "xterm")
            .env("PATH", "/usr/bin:/bin")
            .arg("-c")
            .arg(format!(
                "trap : INT; stty echo; {} {args}; echo \"exit=$?\"; stty -a | tr ' ' '\\n' | grep -x -- '-\\?echo' | sed 's/^/mode=/'",
                crate::common::BIN
            ));
        let mut session = rexpect::session::spawn_command(cmd, Some(15_000)).expect("a pty");
        session.exp_string(prompt).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(300));
        session.send_control('c').unwrap();
        let rest = session.exp_eof().unwrap();
        assert!(rest.contains("exit=130"), "{args}: {rest:?}");
        assert!(
            rest.contains("mode=echo") && !rest.contains("mode=-echo"),
            "{args}: the terminal's echo is on again: {rest:?}"
        );
    }
}

/// A right password checked while the store cannot be used exits 4 ("could not check"),
/// never 1 ("wrong"), says what failed, and counts no attempt (issue 9).
#[test]
fn verify_exits_4_when_the_store_cannot_be_used_and_counts_nothing() {
    let env = TestEnv::with_examples();
    if env.store_url.is_some() {
        // A PostgreSQL server that cannot be reached: the same exit 4.
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let out = env
            .cmd()
            .env(
                "HRPASS_STORE",
                format!("postgres://hrpass@127.0.0.1:{closed}/x"),
            )
            .args(["verify", "E0004"])
            .write_stdin(format!("{GOOD}\n"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(4), "{}", text(&out));
        assert!(
            text(&out).contains("could not be checked"),
            "{}",
            text(&out)
        );
        return;
    }
    assert!(
        env.feed(&format!("{GOOD}\n"), &["passwd", "E0004"])
            .status
            .success()
    );
    let db = env.db();
    let saved = env.dir.path().join("saved.db");
    std::fs::copy(&db, &saved).unwrap();
    let mut damaged = std::fs::read(&db).unwrap();
    damaged[..16].copy_from_slice(b"not a database!!");
    std::fs::write(&db, &damaged).unwrap();
    let out = env.feed(&format!("{GOOD}\n"), &["verify", "E0004"]);
    assert_eq!(out.status.code(), Some(4), "{}", text(&out));
    assert!(
        text(&out).contains("could not be checked"),
        "{}",
        text(&out)
    );
    // The store a directory (a mount gone wrong): the same.
    std::fs::remove_file(&db).unwrap();
    std::fs::create_dir(&db).unwrap();
    let out = env.feed(&format!("{GOOD}\n"), &["verify", "E0004"]);
    assert_eq!(out.status.code(), Some(4), "{}", text(&out));
    std::fs::remove_dir(&db).unwrap();
    std::fs::copy(&saved, &db).unwrap();
    let failed = env.sql_value("SELECT sum(failed_attempts) FROM credentials");
    assert_eq!(failed, "0", "no attempt counted");
    assert!(
        env.feed(&format!("{GOOD}\n"), &["verify", "E0004"])
            .status
            .success()
    );
    // A 256 MB line on stdin is refused after 4 KB, not read whole.
    let huge = "x".repeat(256 * 1024 * 1024);
    let out = env.feed(&huge, &["verify", "E0004"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("longer than 4096 bytes"),
        "{}",
        text(&out)
    );
}

/// `employees show` says where the password stands, and `search --locked` finds those
/// locked out (issue 10).
#[test]
fn show_gives_the_password_state_and_search_finds_the_locked() {
    let env = TestEnv::with_examples();
    let state = |code: &str| -> serde_json::Value {
        let out = env.ok(&["--format", "json", "employees", "show", code]);
        serde_json::from_str::<serde_json::Value>(&out).unwrap()["password"].clone()
    };
    assert_eq!(state("E0003")["state"], "none");
    env.ok(&["policy", "set", "--lockout-threshold", "2"]);
    assert!(
        env.feed(&format!("{GOOD}\n"), &["passwd", "E0003"])
            .status
            .success()
    );
    assert_eq!(state("E0003")["state"], "active");
    assert_eq!(state("E0003")["origin"], "employee");
    assert!(env.codes(&["--locked"]).is_empty());
    for _ in 0..2 {
        env.feed("wrong-password-entirely-1\n", &["verify", "E0003"]);
    }
    assert_eq!(state("E0003")["state"], "locked");
    assert_eq!(state("E0003")["failed_attempts"], 2);
    assert_eq!(env.codes(&["--locked"]), ["E0003"]);
    let table = env.ok(&["employees", "show", "E0003"]);
    assert!(table.contains("locked (their own)"), "{table}");
}

/// `policy show --format csv` is valid CSV, one `setting,value` row each; a passphrase
/// policy makes passphrases (issue 10).
#[test]
fn policy_show_csv_is_valid_and_a_passphrase_policy_mails_words() {
    let env = TestEnv::with_examples();
    let csv = env.ok(&["--format", "csv", "policy", "show"]);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("setting,value"));
    assert!(csv.lines().all(|l| l.split(',').count() == 2), "{csv}");
    assert!(csv.contains("\nsymbols,typeable\n"), "{csv}");
    assert!(!csv.lines().any(|l| l.trim().is_empty()), "{csv}");
    env.ok(&[
        "policy",
        "set",
        "--style",
        "passphrase",
        "--passphrase-words",
        "5",
    ]);
    let shown = env.ok(&["--format", "csv", "policy", "show"]);
    assert!(
        shown.contains("\ngenerated_bits,68\n"),
        "5 words and a digit: {shown}"
    );
    env.fails(1, &["policy", "set", "--passphrase-words", "3"]);
    env.ok(&["send-password", "--regenerate", "--yes", "--to", "E0002"]);
    let mail = std::fs::read_dir(env.home.join("outbox-mail"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .next()
        .unwrap();
    let line = mail
        .lines()
        .find(|l| l.trim_start().starts_with("Password:"))
        .unwrap();
    let password = line.trim_start().trim_start_matches("Password:").trim();
    let words: Vec<&str> = password.split('-').collect();
    assert!(words.len() >= 5, "{password}");
    assert!(
        words
            .iter()
            .all(|w| w.chars().next().unwrap().is_uppercase()),
        "{password}"
    );
}

/// A policy change that leaves generated passwords too short names the flag that fixes it,
/// with a value that fits, and following the advice works (issue 19).
#[test]
fn a_min_length_above_the_generated_length_suggests_the_flag() {
    let env = TestEnv::new();
    let said = env.fails(1, &["policy", "set", "--min-length", "24"]);
    assert!(said.contains("`--generated-length 24`"), "{said}");
    env.ok(&[
        "policy",
        "set",
        "--min-length",
        "24",
        "--generated-length",
        "24",
    ]);
}
