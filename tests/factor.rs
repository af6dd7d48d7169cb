//! The second factor (TOTP) through the CLI and the library: enrolment, confirmation, the
//! code window with an injected clock, replays, recovery codes, reset, `require_2fa`, races
//! and the canary search for secrets.

use crate::common::{TestEnv, assert_no_secret};
use hrpass::credential::factor::{self, Confirmation};
use hrpass::credential::{self, Attempt, Verdict};
use hrpass::vault::Vault;
use secrecy::ExposeSecret;
use std::process::Output;

/// An employee's own password (set with `passwd`).
pub(crate) const GOOD: &str = "lantern-Quokka-orbit-73";

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    )
}

/// The employee sets `GOOD` as their own password.
pub(crate) fn own_password(env: &TestEnv, code: &str) {
    let out = env.feed(&format!("{GOOD}\n"), &["passwd", code]);
    assert!(out.status.success(), "{}", text(&out));
}

/// `2fa enroll CODE --format json`: the authenticator app made from its URI, and the secret.
pub(crate) fn enroll(env: &TestEnv, code: &str) -> (totp_rs::Totp, String) {
    let out = env.ok(&["--format", "json", "2fa", "enroll", code]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let uri = json["uri"].as_str().unwrap();
    assert!(uri.starts_with("otpauth://totp/"), "{uri}");
    let secret = json["secret"].as_str().unwrap().to_owned();
    assert!(uri.contains(&format!("secret={secret}")), "{uri}");
    (totp_rs::Totp::from_url(uri).unwrap(), secret)
}

/// Now, in whole seconds, at least 5 s before the current 30 s step ends (waiting for the
/// next step if need be), so a code made now is still current when hrpass checks it.
pub(crate) fn settled_now() -> u64 {
    loop {
        let now = credential::now() as u64;
        if now % 30 < 25 {
            return now;
        }
        std::thread::sleep(std::time::Duration::from_secs(30 - now % 30));
    }
}

/// The app's code `offset` seconds from now.
pub(crate) fn code(app: &totp_rs::Totp, now: u64, offset: i64) -> String {
    app.generate(now.checked_add_signed(offset).unwrap())
        .to_string()
}

/// `2fa confirm CODE` with the app's current code: the recovery codes.
pub(crate) fn confirm(env: &TestEnv, code_: &str, app: &totp_rs::Totp) -> Vec<String> {
    let now = settled_now();
    let out = env.feed(
        &format!("{}\n", code(app, now, 0)),
        &["--format", "json", "2fa", "confirm", code_],
    );
    assert!(out.status.success(), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect()
}

/// `verify CODE --format json` with the password and, if given, a code on line 2.
pub(crate) fn verify(
    env: &TestEnv,
    code: &str,
    password: &str,
    one_time: Option<&str>,
) -> (i32, serde_json::Value) {
    let input = match one_time {
        Some(c) => format!("{password}\n{c}\n"),
        None => format!("{password}\n"),
    };
    let out = env.feed(&input, &["--format", "json", "verify", code]);
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("JSON from verify: {}", text(&out)));
    (out.status.code().unwrap(), json)
}

#[test]
fn enrolment_is_not_active_before_confirm_and_a_wrong_code_changes_nothing() {
    let env = TestEnv::with_examples();
    own_password(&env, "E0003");
    let (app, _) = enroll(&env, "E0003");
    let status = env.ok(&["--format", "json", "2fa", "status", "E0003"]);
    assert!(status.contains("\"state\": \"pending\""), "{status}");
    // Pending: the password alone still signs in.
    let (exit, json) = verify(&env, "E0003", GOOD, None);
    assert_eq!((exit, &json["outcome"]), (0, &"valid".into()), "{json}");

    let now = settled_now();
    let wrong = format!(
        "{:06}",
        (code(&app, now, 0).parse::<u32>().unwrap() + 1) % 1_000_000
    );
    let before = env.dump(&["second_factors", "recovery_codes"]);
    let out = env.feed(&format!("{wrong}\n"), &["2fa", "confirm", "E0003"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("nothing changed"), "{}", text(&out));
    assert_eq!(env.dump(&["second_factors", "recovery_codes"]), before);

    let shown = env.ok(&["--format", "json", "employees", "show", "E0003"]);
    assert!(shown.contains("\"second_factor\": \"pending\""), "{shown}");
    let codes = confirm(&env, "E0003", &app);
    assert_eq!(codes.len(), 10);
    let shown = env.ok(&["employees", "show", "E0003"]);
    assert!(
        shown
            .lines()
            .any(|l| l.contains("second factor") && l.contains("active")),
        "{shown}"
    );
    let status: serde_json::Value =
        serde_json::from_str(&env.ok(&["--format", "json", "store", "status"])).unwrap();
    assert_eq!(status["second_factors"], 1, "{status}");
    let (exit, json) = verify(&env, "E0003", GOOD, None);
    assert_eq!(exit, 1);
    assert_eq!(json["outcome"], "second_factor_required");
    assert_eq!(json["second_factor_required"], true);
    // A wrong password with the second factor on is still just a wrong password.
    let (exit, json) = verify(&env, "E0003", "not-the-password-at-all", None);
    assert_eq!((exit, &json["outcome"]), (1, &"wrong".into()), "{json}");
    let log = env.ok(&["--format", "csv", "log"]);
    for action in [
        "2fa.enroll",
        "2fa.confirm_refused",
        "2fa.confirm",
        "login.second_factor_required",
    ] {
        assert!(log.contains(action), "{action} in {log}");
    }
}

/// The window with an injected clock, through the library: one step either side accepted,
/// two refused; a code of the last accepted step or an earlier one refused.
#[test]
fn a_code_is_accepted_one_step_either_side_and_never_twice() {
    let env = TestEnv::with_examples();
    own_password(&env, "E0004");
    let vault = Vault::open(&env.home.join("vault.key")).unwrap();
    let mut store = env.store();
    let t0: i64 = 1_900_000_005;
    let enrolment = factor::enroll(&mut store, "E0004", &vault, "Acme", t0, "t").unwrap();
    let app = totp_rs::Totp::from_url(enrolment.uri.expose_secret()).unwrap();
    let at = |t: i64| app.generate(t as u64).to_string();
    // Not confirmed by a code two steps old.
    assert!(matches!(
        factor::confirm(&mut store, "E0004", &at(t0 - 60), &vault, t0, "t").unwrap(),
        Confirmation::WrongCode
    ));
    assert!(matches!(
        factor::confirm(&mut store, "E0004", &at(t0 - 30), &vault, t0, "t").unwrap(),
        Confirmation::Confirmed { .. }
    ));
    let params = argon2::Params::new(256, 1, 1, None).unwrap();
    let mut sign_in = |one_time: &str, now: i64| {
        credential::sign_in(
            &mut store,
            &Attempt {
                code: "E0004",
                password: GOOD,
                one_time: Some(one_time),
            },
            now,
            &params,
            Some(&vault),
            "t",
        )
        .unwrap()
    };
    let t = t0 + 600;
    let wrong = |v: &Verdict, reused: bool| matches!(v, Verdict::WrongCode { reused: r, .. } if *r == reused);
    assert!(wrong(&sign_in(&at(t - 60), t), false), "two steps behind");
    assert!(wrong(&sign_in(&at(t + 60), t), false), "two steps ahead");
    assert!(sign_in(&at(t - 30), t).is_valid(), "one step behind");
    assert!(sign_in(&at(t), t).is_valid(), "this step");
    assert!(sign_in(&at(t + 30), t).is_valid(), "one step ahead");
    assert!(
        wrong(&sign_in(&at(t + 30), t + 5), true),
        "the same code again"
    );
    assert!(
        wrong(&sign_in(&at(t), t + 5), true),
        "an earlier step's code"
    );
    // The code of the confirmation cannot sign in either.
    assert!(wrong(&sign_in(&at(t0 - 30), t0), true));
    // Wrong codes count toward the lockout; the password alone never resets the count.
    let failed = |env: &TestEnv| {
        env.sql_value(
            "SELECT failed_attempts FROM credentials c JOIN employees e ON e.id = c.employee_id
             WHERE e.code = 'E0004' AND c.state = 'active'",
        )
    };
    // Three wrong since the last valid sign-in: two reused codes and the confirmation's.
    assert_eq!(failed(&env), "3");
    let (exit, json) = verify(&env, "E0004", GOOD, None);
    assert_eq!(
        (exit, &json["outcome"]),
        (1, &"second_factor_required".into())
    );
    assert_eq!(
        failed(&env),
        "3",
        "asking for the code counts nothing and clears nothing"
    );
    assert!(sign_in(&at(t + 300), t + 300).is_valid());
    assert_eq!(failed(&env), "0", "a full sign-in clears the count");
}

#[test]
fn wrong_codes_lock_the_password_like_wrong_passwords() {
    let env = TestEnv::with_examples();
    env.ok(&["policy", "set", "--lockout-threshold", "3"]);
    own_password(&env, "E0005");
    let (app, _) = enroll(&env, "E0005");
    confirm(&env, "E0005", &app);
    for left in [2, 1] {
        let (exit, json) = verify(&env, "E0005", GOOD, Some("000000"));
        assert_eq!(exit, 1);
        assert_eq!(json["outcome"], "wrong_code", "{json}");
        assert_eq!(json["attempts_left"], left, "{json}");
    }
    let (_, json) = verify(&env, "E0005", GOOD, Some("not a code"));
    assert_eq!(json["outcome"], "locked", "{json}");
    std::thread::sleep(std::time::Duration::from_secs(1));
    let now = settled_now();
    let (exit, json) = verify(&env, "E0005", GOOD, Some(&code(&app, now + 30, 0)));
    assert_eq!((exit, &json["outcome"]), (1, &"locked".into()), "{json}");
}

#[test]
fn two_sign_ins_racing_with_one_code_let_exactly_one_in() {
    let env = TestEnv::with_examples();
    own_password(&env, "E0006");
    let (app, _) = enroll(&env, "E0006");
    confirm(&env, "E0006", &app);
    // The next step's code (accepted one step early), so the confirmation's step is past.
    let now = settled_now();
    let next = code(&app, now, 30);
    let outcomes: Vec<(i32, serde_json::Value)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| verify(&env, "E0006", GOOD, Some(&next))))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let valid = outcomes.iter().filter(|(exit, _)| *exit == 0).count();
    assert_eq!(valid, 1, "{outcomes:?}");
    for (exit, json) in &outcomes {
        if *exit != 0 {
            assert_eq!(json["outcome"], "wrong_code", "{json}");
            assert_eq!(json["reused"], true, "{json}");
        }
    }
}

#[test]
fn recovery_codes_each_sign_in_once() {
    let env = TestEnv::with_examples();
    own_password(&env, "E0007");
    let (app, _) = enroll(&env, "E0007");
    let codes = confirm(&env, "E0007", &app);
    let distinct: std::collections::BTreeSet<&String> = codes.iter().collect();
    assert_eq!(distinct.len(), 10);
    let (exit, json) = verify(&env, "E0007", GOOD, Some(&codes[0]));
    assert_eq!(exit, 0, "{json}");
    assert_eq!(json["recovery_codes_left"], 9);
    let (exit, json) = verify(&env, "E0007", GOOD, Some(&codes[0]));
    assert_eq!(
        (exit, &json["outcome"]),
        (1, &"wrong_code".into()),
        "{json}"
    );
    // Typed loosely: lower case, spaces for dashes.
    let loose = codes[1].to_lowercase().replace('-', " ");
    let (exit, json) = verify(&env, "E0007", GOOD, Some(&loose));
    assert_eq!(exit, 0, "{json}");
    assert_eq!(json["recovery_codes_left"], 8);
    // Another employee's code is no use.
    own_password(&env, "E0008");
    let (other, _) = enroll(&env, "E0008");
    confirm(&env, "E0008", &other);
    let (exit, _) = verify(&env, "E0008", GOOD, Some(&codes[2]));
    assert_eq!(exit, 1);
    let status = env.ok(&["--format", "json", "2fa", "status", "E0007"]);
    assert!(status.contains("\"recovery_codes_left\": 8"), "{status}");
}

#[test]
fn reset_is_audited_and_the_password_alone_signs_in_again() {
    let env = TestEnv::with_examples();
    own_password(&env, "E0009");
    let (app, _) = enroll(&env, "E0009");
    confirm(&env, "E0009", &app);
    // No terminal and no --yes: refused, nothing changed.
    let before = env.dump(&["second_factors"]);
    env.fails(2, &["2fa", "reset", "E0009"]);
    assert_eq!(env.dump(&["second_factors"]), before);
    let out = env.ok(&["2fa", "reset", "E0009", "--yes"]);
    assert!(out.contains("removed"), "{out}");
    assert_eq!(
        env.sql_value(
            "SELECT count(*) FROM second_factors WHERE state <> 'retired' OR sealed IS NOT NULL"
        ),
        "0",
        "retired, and the secret destroyed"
    );
    let (exit, json) = verify(&env, "E0009", GOOD, None);
    assert_eq!(exit, 0, "{json}");
    let log = env.ok(&["--format", "csv", "log"]);
    assert!(
        log.lines().any(|l| l.contains(",2fa.reset,E0009,")),
        "{log}"
    );
    let status = env.ok(&["--format", "json", "2fa", "status", "E0009"]);
    assert!(status.contains("\"state\": \"none\""), "{status}");
}

#[test]
fn require_2fa_makes_verify_ask_for_enrolment() {
    let env = TestEnv::with_examples();
    own_password(&env, "E0010");
    let (exit, json) = verify(&env, "E0010", GOOD, None);
    assert_eq!((exit, &json["must_enroll"]), (0, &false.into()), "{json}");
    env.ok(&["policy", "set", "--require-2fa", "true"]);
    let shown = env.ok(&["--format", "json", "policy", "show"]);
    assert!(shown.contains("\"require_2fa\": true"), "{shown}");
    let (exit, json) = verify(&env, "E0010", GOOD, None);
    assert_eq!(exit, 0, "a valid sign-in, with the flag");
    assert_eq!(json["must_enroll"], true, "{json}");
    let (app, _) = enroll(&env, "E0010");
    confirm(&env, "E0010", &app);
    let now = settled_now();
    let (exit, json) = verify(&env, "E0010", GOOD, Some(&code(&app, now, 30)));
    assert_eq!(exit, 0, "{json}");
    assert_eq!(json["must_enroll"], false, "{json}");
    let counts = env.ok(&["--format", "json", "2fa", "status"]);
    let counts: serde_json::Value = serde_json::from_str(&counts).unwrap();
    assert_eq!(counts["enrolled"], 1);
    assert_eq!(counts["require_2fa"], true);
}

#[test]
fn the_qr_code_file_is_private_and_never_replaces_a_file() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::with_examples();
    let png = env.dir.path().join("E0011.png");
    let svg = env.dir.path().join("E0011.svg");
    env.ok(&["2fa", "enroll", "E0011", "--qr", png.to_str().unwrap()]);
    env.ok(&["2fa", "enroll", "E0011", "--qr", svg.to_str().unwrap()]);
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"));
    for path in [&png, &svg] {
        let mode = std::fs::metadata(path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{}", path.display());
    }
    let before = env.dump(&["second_factors"]);
    let out = env.fails(
        2,
        &["2fa", "enroll", "E0011", "--qr", png.to_str().unwrap()],
    );
    assert!(out.contains("exists"), "{out}");
    env.fails(2, &["2fa", "enroll", "E0011", "--qr", "E0011.gif"]);
    assert_eq!(env.dump(&["second_factors"]), before, "nothing enrolled");
    // Only the newest enrolment is pending; the first was retired with its secret.
    assert_eq!(
        env.sql_value("SELECT count(*) FROM second_factors WHERE state = 'pending'"),
        "1"
    );
}

#[test]
fn inactive_and_unknown_employees_enrol_nothing() {
    let env = TestEnv::with_examples();
    env.ok(&["employees", "update", "E0012", "--status", "inactive"]);
    let out = env.fails(1, &["2fa", "enroll", "E0012"]);
    assert!(out.contains("inactive"), "{out}");
    let out = env.fails(1, &["2fa", "enroll", "NOPE"]);
    assert!(out.contains("no employee"), "{out}");
    assert_eq!(env.sql_value("SELECT count(*) FROM second_factors"), "0");
}

/// Plants a TOTP secret and recovery codes and searches for them (raw, hex, base64) in the
/// store (its file and WAL, or a dump and the server's WAL) and in every output other than
/// the two answers meant to show them (enroll's and confirm's stdout).
#[test]
fn canary_no_totp_secret_or_recovery_code_reaches_the_store_or_other_output() {
    let env = TestEnv::with_examples();
    let _reader = env.store();
    own_password(&env, "E0013");
    let (app, secret) = enroll(&env, "E0013");
    let codes = confirm(&env, "E0013", &app);
    let mut captured = Vec::new();
    let mut run = |input: &str, args: &[&str]| {
        let out = env.feed(input, args);
        captured.extend_from_slice(&out.stdout);
        captured.extend_from_slice(&out.stderr);
    };
    let now = settled_now();
    run(
        &format!("{GOOD}\n{}\n", code(&app, now, 30)),
        &["verify", "E0013"],
    );
    run(
        &format!("{GOOD}\n{}\n", codes[0]),
        &["--format", "json", "verify", "E0013"],
    );
    run("", &["--format", "json", "2fa", "status", "E0013"]);
    run("", &["--format", "csv", "log"]);
    run("", &["--format", "json", "outbox", "list"]);
    let mut secrets = vec![secret.clone()];
    for c in &codes {
        secrets.push(c.clone());
        secrets.push(c.replace('-', ""));
    }
    let mut files = crate::common::home_files(&env);
    files.push(("captured output".into(), captured));
    assert_no_secret(&secrets, &files);
    // The secret's raw bytes too.
    let raw = totp_rs::Secret::try_from_base32(&secret).unwrap();
    let raw = raw.as_bytes();
    for (name, bytes) in &files {
        assert!(
            !bytes.windows(raw.len()).any(|w| w == raw),
            "the raw TOTP secret is in {name}"
        );
    }
}

#[test]
fn the_portal_2fa_example_runs() {
    let out = crate::common::run_example("portal_2fa");
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("the password alone: SecondFactorRequired"),
        "{stdout}"
    );
    assert!(stdout.contains("recovery_codes_left: Some(9)"), "{stdout}");
}

/// On a real terminal, verify asks for the code after the password (hidden), only of an
/// employee with a second factor.
#[test]
fn verify_asks_for_the_code_on_a_real_terminal() {
    let env = TestEnv::with_examples();
    own_password(&env, "E0022");
    let (app, _) = enroll(&env, "E0022");
    confirm(&env, "E0022", &app);
    let now = settled_now();
    let next = code(&app, now, 30);
    let mut cmd = std::process::Command::new(crate::common::BIN);
    cmd.env_clear()
        .env("HRPASS_HOME", &env.home)
        .envs(env.store_env())
        .env("TERM", "xterm")
        .args(["verify", "E0022"]);
    let mut session = rexpect::session::spawn_command(cmd, Some(15_000)).expect("spawn in a pty");
    session.exp_string("Password for E0022").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    session.send_line(GOOD).unwrap();
    session
        .exp_string("One-time or recovery code for E0022")
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    session.send_line(&next).unwrap();
    let screen = session.exp_eof().unwrap();
    assert!(screen.contains("E0022: valid"), "{screen}");
    assert!(
        !screen.contains(GOOD) && !screen.contains(&next),
        "echoed: {screen}"
    );
}

/// Hostile second lines (control characters, other scripts' digits, signs, NULs, huge
/// lines): each is a wrong code, nothing panics, the factor and its recovery codes are as
/// they were; a line over 4 KiB is refused unread and counts nothing.
#[test]
fn hostile_codes_are_wrong_codes_and_change_nothing_else() {
    let env = TestEnv::with_examples();
    env.ok(&["policy", "set", "--lockout-threshold", "100000"]);
    own_password(&env, "E0023");
    let vault = Vault::open(&env.home.join("vault.key")).unwrap();
    let mut store = env.store();
    let t0: i64 = 1_900_000_005;
    let enrolment = factor::enroll(&mut store, "E0023", &vault, "Acme", t0, "t").unwrap();
    let app = totp_rs::Totp::from_url(enrolment.uri.expose_secret()).unwrap();
    let at = |t: i64| app.generate(t as u64).to_string();
    assert!(matches!(
        factor::confirm(&mut store, "E0023", &at(t0), &vault, t0, "t").unwrap(),
        Confirmation::Confirmed { .. }
    ));
    let before = env.dump(&["second_factors", "recovery_codes"]);
    let t = t0 + 3_000;
    let valid = [at(t - 30), at(t), at(t + 30)];
    let mut inputs: Vec<String> = [
        "",
        " ",
        "\0\0\0\0\0\0",
        "+12345",
        "-12345",
        "1234567",
        "12345",
        "١٢٣٤٥٦",
        "１２３４５６",
        "123\u{202e}456",
        "AAAA-AAAA-AAAA-AAA",
        "AAAA-AAAA-AAAA-AAAAA",
        "' OR 1=1 --",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    inputs.push("7".repeat(100_000));
    // And 400 random lines of digits, letters, dashes, controls and other scripts.
    let alphabet: Vec<char> = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ234567- \t\x1b\u{7f}é٣"
        .chars()
        .collect();
    let mut seed: u64 = 0x2fa_5eed;
    for _ in 0..400 {
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let len = (next() % 24) as usize;
        inputs.push(
            (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect(),
        );
    }
    let params = argon2::Params::new(256, 1, 1, None).unwrap();
    let mut refused = 0;
    for input in inputs.iter().filter(|i| !valid.contains(i)) {
        let verdict = credential::sign_in(
            &mut store,
            &Attempt {
                code: "E0023",
                password: GOOD,
                one_time: Some(input),
            },
            t,
            &params,
            Some(&vault),
            "t",
        )
        .unwrap();
        assert_eq!(
            verdict,
            Verdict::WrongCode {
                attempts_left: verdict_left(&verdict),
                reused: false
            },
            "{input:?}"
        );
        refused += 1;
    }
    assert!(refused >= 410, "{refused}");
    assert_eq!(env.dump(&["second_factors", "recovery_codes"]), before);
    let failed = env.sql_value(
        "SELECT failed_attempts FROM credentials c JOIN employees e ON e.id = c.employee_id
         WHERE e.code = 'E0023' AND c.state = 'active'",
    );
    assert_eq!(failed, refused.to_string());
    // Through the CLI: a second line over 4 KiB is not read whole and counts nothing.
    let out = env.feed(
        &format!("{GOOD}\n{}\n", "9".repeat(1 << 20)),
        &["verify", "E0023"],
    );
    assert_ne!(out.status.code(), Some(0));
    assert!(
        text(&out).contains("longer than 4096 bytes"),
        "{}",
        text(&out)
    );
    let after = env.sql_value(
        "SELECT failed_attempts FROM credentials c JOIN employees e ON e.id = c.employee_id
         WHERE e.code = 'E0023' AND c.state = 'active'",
    );
    assert_eq!(after, failed);
}

fn verdict_left(v: &Verdict) -> u32 {
    match v {
        Verdict::WrongCode { attempts_left, .. } => *attempts_left,
        _ => u32::MAX,
    }
}

/// One HTTP/1.1 request to the example server; the status and the JSON body.
fn http(address: &str, request: &str) -> (u16, serde_json::Value) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    // A server that refuses a request unread may close before all of it is written.
    let _ = stream.write_all(request.as_bytes());
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("an HTTP status: {response}"));
    let body = response.split("\r\n\r\n").nth(1).unwrap_or_default();
    let json = serde_json::from_str(body).unwrap_or_else(|_| panic!("JSON: {response}"));
    (status, json)
}

fn sign_in_form(address: &str, form: &str) -> (u16, serde_json::Value) {
    http(
        address,
        &format!(
            "POST /sign-in HTTP/1.1\r\nHost: portal\r\nContent-Type: \
             application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: \
             close\r\n\r\n{form}",
            form.len()
        ),
    )
}

/// examples/portal_http.rs: the library behind a tiny HTTP endpoint, on the test's store.
#[test]
fn the_http_sign_in_example_answers_each_verdict() {
    use std::io::BufRead;
    let env = TestEnv::with_examples();
    own_password(&env, "E0024");
    own_password(&env, "E0025");
    let (app, _) = enroll(&env, "E0025");
    confirm(&env, "E0025", &app);
    let mut child = std::process::Command::new(crate::common::example_binary("portal_http"))
        .env_clear()
        .envs(env.store_env())
        .args([env.home.to_str().unwrap(), "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("examples/portal_http.rs is built by cargo test");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let address = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_owned();

    let (status, json) = sign_in_form(&address, &format!("code=E0024&password={GOOD}"));
    assert_eq!((status, &json["outcome"]), (200, &"valid".into()), "{json}");
    let (status, json) = sign_in_form(&address, "code=E0024&password=not-it-at-all");
    assert_eq!((status, &json["outcome"]), (401, &"wrong".into()), "{json}");
    let (status, json) = sign_in_form(&address, &format!("code=E0025&password={GOOD}"));
    assert_eq!(status, 401);
    assert_eq!(json["second_factor_required"], true, "{json}");
    let now = settled_now();
    let otp = code(&app, now, 30);
    let (status, json) = sign_in_form(&address, &format!("code=E0025&password={GOOD}&otp={otp}"));
    assert_eq!((status, &json["outcome"]), (200, &"valid".into()), "{json}");
    let (status, _) = sign_in_form(&address, "code=E0024");
    assert_eq!(status, 400, "no password");
    let (status, _) = http(
        &address,
        "GET /sign-in HTTP/1.1\r\nHost: p\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 405);
    let (status, _) = http(
        &address,
        "GET / HTTP/1.1\r\nHost: p\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 404);
    let big = "x".repeat(9000);
    let (status, _) = sign_in_form(&address, &format!("code=E0024&password={big}"));
    assert_eq!(status, 413, "a form over 8 KiB is refused unread");
    let _ = child.kill();
    let _ = child.wait();
    let log = env.ok(&["--format", "csv", "log", "--employee", "E0025"]);
    assert!(log.contains("portal-http"), "audited as the portal: {log}");
}

/// Two confirmations of one enrolment at once: one activates it with ten recovery codes, the
/// other finds nothing waiting. Then four sign-ins at once with one recovery code: one in.
#[test]
fn racing_confirmations_and_recovery_codes_each_take_effect_once() {
    let env = TestEnv::with_examples();
    own_password(&env, "E0026");
    let (app, _) = enroll(&env, "E0026");
    let now = settled_now();
    let current = code(&app, now, 0);
    let outs: Vec<Output> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|_| {
                s.spawn(|| {
                    env.feed(
                        &format!("{current}\n"),
                        &["--format", "json", "2fa", "confirm", "E0026"],
                    )
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let confirmed: Vec<&Output> = outs.iter().filter(|o| o.status.success()).collect();
    assert_eq!(
        confirmed.len(),
        1,
        "{:?}",
        outs.iter().map(text).collect::<Vec<_>>()
    );
    let other = outs.iter().find(|o| !o.status.success()).unwrap();
    assert!(
        text(other).contains("no enrolment waiting"),
        "{}",
        text(other)
    );
    assert_eq!(env.sql_value("SELECT count(*) FROM recovery_codes"), "10");
    let json: serde_json::Value = serde_json::from_slice(&confirmed[0].stdout).unwrap();
    let recovery = json["recovery_codes"][0].as_str().unwrap().to_owned();

    let results: Vec<(i32, serde_json::Value)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| verify(&env, "E0026", GOOD, Some(&recovery))))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(
        results.iter().filter(|(exit, _)| *exit == 0).count(),
        1,
        "{results:?}"
    );
    assert_eq!(
        env.sql_value("SELECT count(*) FROM recovery_codes WHERE used_at IS NOT NULL"),
        "1"
    );
}
