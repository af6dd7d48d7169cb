//! Operators (issue 22): roles and scopes checked by hrpass on both engines, CLI sessions
//! and script tokens, and their secrets never stored in the clear.

use crate::common::{TestEnv, assert_no_secret, home_files};
use crate::factor::settled_now;
use std::os::unix::fs::PermissionsExt;
use std::process::Output;

/// An operator's password that the rules take (12+ characters, zxcvbn 3 of 4).
const PASSWORD: &str = "quiet otter ledger 7 window";

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    )
}

/// On PostgreSQL, `--db-role` for an operator: a login role unique to this test's database
/// (roles are the whole server's, and the tests share one).
fn db_role_args(env: &TestEnv, name: &str) -> Vec<String> {
    match &env.store_url {
        Some(url) => vec![
            "--db-role".into(),
            format!("{name}_{}", crate::common::pg::database_of(url)),
        ],
        None => Vec::new(),
    }
}

/// On PostgreSQL, the store URL that signs in to the database as the operator's own login.
fn url_of(env: &TestEnv, name: &str) -> Option<String> {
    env.store_url.as_ref().map(|url| {
        let db = crate::common::pg::database_of(url);
        let (scheme, rest) = url.split_once("://").unwrap();
        let (_, host) = rest.split_once('@').unwrap();
        format!("{scheme}://{name}_{db}@{host}")
    })
}

/// From now on this test's commands reach the store as `name`'s own login (PostgreSQL).
fn connect_as(env: &mut TestEnv, name: &str) {
    if let Some(url) = url_of(env, name) {
        env.store_url = Some(url);
    }
}

/// `operator add NAME ARGS` with the password piped: the new operator's authenticator app.
fn add_with_sign_in(env: &TestEnv, name: &str, args: &[&str]) -> totp_rs::Totp {
    let mut full: Vec<String> = ["--format", "json", "operator", "add", name]
        .iter()
        .chain(args)
        .map(|a| a.to_string())
        .collect();
    full.extend(db_role_args(env, name));
    let full: Vec<&str> = full.iter().map(String::as_str).collect();
    let out = env.feed(&format!("{PASSWORD}\n"), &full);
    assert!(out.status.success(), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    totp_rs::Totp::from_url(json["totp_uri"].as_str().unwrap()).unwrap()
}

/// `hrpass login NAME` with the password and the app's current code piped.
fn login(env: &TestEnv, name: &str, app: &totp_rs::Totp) -> Output {
    let now = settled_now();
    env.feed(
        &format!("{PASSWORD}\n{}\n", crate::factor::code(app, now, 0)),
        &["login", name],
    )
}

/// The store with the examples and alice, its first hr-admin, signed in (on PostgreSQL
/// through her own login role).
fn with_admin() -> (TestEnv, totp_rs::Totp) {
    let mut env = TestEnv::with_examples();
    let app = add_with_sign_in(&env, "alice", &["--role", "hr-admin"]);
    connect_as(&mut env, "alice");
    let out = login(&env, "alice", &app);
    assert!(out.status.success(), "{}", text(&out));
    (env, app)
}

/// An operator signed in by a token, and where they reach the store.
struct Op {
    token: String,
    url: Option<String>,
}

/// A token-only operator and its token (made by the signed-in admin).
fn operator_with_token(env: &TestEnv, name: &str, args: &[&str]) -> Op {
    let mut full: Vec<String> = ["operator", "add", name]
        .iter()
        .chain(args)
        .map(|a| a.to_string())
        .collect();
    full.extend(db_role_args(env, name));
    let full: Vec<&str> = full.iter().map(String::as_str).collect();
    let out = env.feed("", &full);
    assert!(out.status.success(), "{}", text(&out));
    let out = env.ok(&["-q", "operator", "token", name, "--expires", "1d"]);
    let token = out.trim().to_owned();
    assert!(token.starts_with("hrpo_"), "{token}");
    Op {
        token,
        url: url_of(env, name),
    }
}

/// `hrpass` as the operator: their token, and their own database login.
fn op_cmd(env: &TestEnv, op: &Op) -> assert_cmd::Command {
    let mut cmd = env.cmd();
    if let Some(url) = &op.url {
        cmd.env("HRPASS_STORE", url);
    }
    cmd
}

fn as_token(env: &TestEnv, op: &Op, args: &[&str]) -> Output {
    op_cmd(env, op)
        .env("HRPASS_TOKEN", &op.token)
        .args(args)
        .output()
        .unwrap()
}

/// Every table an operator could change.
fn everything(env: &TestEnv) -> String {
    env.dump(&[
        "employees",
        "selection",
        "audit",
        "policies",
        "templates",
        "credentials",
        "outbox",
        "second_factors",
        "operators",
        "operator_departments",
    ])
}

#[test]
fn a_store_without_operators_runs_as_the_os_user_and_the_first_must_be_an_hr_admin_who_signs_in() {
    let env = TestEnv::with_examples();
    let os_user = whoami::username().unwrap();
    let out = env.ok(&["whoami"]);
    assert!(
        out.contains(&format!("{os_user} (the OS user: hr-admin")),
        "{out}"
    );
    let before = everything(&env);
    let out = env.feed(
        &format!("{PASSWORD}\n"),
        &[
            "operator",
            "add",
            "bob",
            "--role",
            "hr-manager",
            "--departments",
            "Sales",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("the first operator must be an hr-admin"),
        "{}",
        text(&out)
    );
    let out = env.feed("", &["operator", "add", "alice", "--role", "hr-admin"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    // A password the rules refuse, with why.
    let out = env.feed(
        "password1\n",
        &["operator", "add", "alice", "--role", "hr-admin"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("at least 12"), "{}", text(&out));
    assert_eq!(everything(&env), before, "a refused add changed the store");
    // The OS user adds the first hr-admin; the audit trail names who did.
    add_with_sign_in(&env, "alice", &["--role", "hr-admin"]);
    assert_eq!(
        env.sql_value("SELECT operator FROM audit WHERE action = 'operator.add'"),
        os_user
    );
}

#[test]
fn once_operators_exist_every_command_needs_a_sign_in_and_a_code_works_once() {
    let mut env = TestEnv::with_examples();
    let app = add_with_sign_in(&env, "alice", &["--role", "hr-admin"]);
    let superuser = env.store_url.clone();
    connect_as(&mut env, "alice");
    let out = env.fails(1, &["employees", "search", "Müller"]);
    assert!(out.contains("sign in with `hrpass login NAME`"), "{out}");
    // Wrong password, unknown name: one answer.
    let now = settled_now();
    let code = crate::factor::code(&app, now, 0);
    let out = env.feed(
        &format!("not the password at all\n{code}\n"),
        &["login", "alice"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("wrong name, password or code"));
    let out = env.feed(&format!("{PASSWORD}\n{code}\n"), &["login", "nobody"]);
    assert!(text(&out).contains("wrong name, password or code"));
    let out = env.feed(&format!("{PASSWORD}\n{code}\n"), &["login", "alice"]);
    assert!(out.status.success(), "{}", text(&out));
    // The session file is this user's alone.
    let dir = env.runtime_dir().join("hrpass");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(
        std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let out = env.ok(&["whoami"]);
    assert!(
        out.contains("alice (hr-admin, scope everyone), signed in until"),
        "{out}"
    );
    if let Some(url) = &superuser {
        // Signed in, but over a connection row-level security does not bind: refused.
        let session = std::fs::read_to_string(&files[0]).unwrap();
        let out = env
            .cmd()
            .env("HRPASS_STORE", url)
            .env("HRPASS_TOKEN", session.trim())
            .arg("whoami")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(
            text(&out).contains("signs in to PostgreSQL as \"hrpass\", a superuser"),
            "{}",
            text(&out)
        );
    }
    // The same code again (a replay, or one seen over a shoulder) is refused.
    let out = env.feed(&format!("{PASSWORD}\n{code}\n"), &["login", "alice"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(
        env.sql_value(
            "SELECT detail FROM audit WHERE action = 'operator.login.failed' ORDER BY id DESC"
        ),
        "code already used (1 in a row)"
    );
    // Every audit row of the session names the operator.
    env.ok(&["select", "add", "E0005"]);
    assert_eq!(
        env.sql_value("SELECT operator FROM audit ORDER BY id DESC"),
        "alice"
    );
    env.ok(&["logout"]);
    assert!(
        std::fs::read_dir(&dir).unwrap().next().is_none(),
        "the file is gone"
    );
    env.fails(1, &["employees", "search", "Müller"]);
    // Five failures in a row lock the operator for 15 minutes: then even the right password
    // and a fresh code are refused, until the time has passed.
    for _ in 0..5 {
        let out = env.feed("not the password at all\n000000\n", &["login", "alice"]);
        assert_eq!(out.status.code(), Some(1));
    }
    env.clock_forward(60);
    let code = crate::factor::code(&app, settled_now(), 60);
    let out = env.feed(&format!("{PASSWORD}\n{code}\n"), &["login", "alice"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("locked for 15 minutes"),
        "{}",
        text(&out)
    );
    assert!(
        env.sql_value(
            "SELECT detail FROM audit WHERE action = 'operator.login.failed' ORDER BY id DESC"
        )
        .starts_with("locked after failed sign-ins")
    );
    env.clock_forward(15 * 60);
    // The code of the test clock's time (16 minutes on).
    let code = crate::factor::code(&app, settled_now(), 16 * 60);
    let out = env.feed(&format!("{PASSWORD}\n{code}\n"), &["login", "alice"]);
    assert!(out.status.success(), "{}", text(&out));
}

/// Each command as each role: allowed, or refused with the permission named and nothing
/// changed.
#[test]
fn every_command_as_every_role() {
    let (env, _) = with_admin();
    let manager = operator_with_token(
        &env,
        "bob",
        &["--role", "hr-manager", "--departments", "Sales"],
    );
    let sender = operator_with_token(&env, "sam", &["--role", "sender", "--departments", "Sales"]);
    let auditor = operator_with_token(&env, "ada", &["--role", "auditor"]);
    let csv = env.file(
        "new.csv",
        "employee_code,first_name,last_name,email,department,job_title,manager_code,status\n\
         N0001,New,Person,new.person@example.com,Sales,Rep,E0005,active\n",
    );
    // (args, the permission it needs, [manager, sender, auditor] allowed)
    let cases: Vec<(Vec<&str>, &str, [bool; 3])> = vec![
        (
            vec!["employees", "search", "Sales"],
            "employees.read",
            [true, false, true],
        ),
        (
            vec!["employees", "show", "E0005"],
            "employees.read",
            [true, false, true],
        ),
        (
            vec!["employees", "import", &csv],
            "employees.write",
            [false, false, false],
        ),
        (
            vec!["employees", "deactivate", "E0009"],
            "employees.write",
            [false, false, false],
        ),
        (
            vec!["select", "add", "E0009"],
            "selection.write",
            [true, false, false],
        ),
        (
            vec!["select", "list"],
            "employees.read",
            [true, false, true],
        ),
        (
            vec![
                "send-password",
                "--regenerate",
                "--dry-run",
                "--to",
                "E0014",
            ],
            "send.passwords",
            [true, true, false],
        ),
        (vec!["outbox", "list"], "outbox.read", [true, false, true]),
        (
            vec!["2fa", "status", "E0005"],
            "2fa.read",
            [true, false, true],
        ),
        (
            vec!["2fa", "reset", "E0005"],
            "2fa.reset",
            [true, false, false],
        ),
        (vec!["log"], "log.read", [true, false, true]),
        (vec!["policy", "show"], "policy.read", [false, false, true]),
        (
            vec!["policy", "set", "--min-length", "14"],
            "policy.write",
            [false, false, false],
        ),
        (
            vec!["template", "list"],
            "templates.read",
            [false, false, true],
        ),
        (
            vec!["operator", "list"],
            "operators.read",
            [false, false, true],
        ),
        (
            vec!["operator", "token", "bob", "--expires", "1h"],
            "operators.write",
            [false, false, false],
        ),
        (vec!["store", "status"], "store.read", [false, false, true]),
        (
            vec!["vault", "fingerprint"],
            "store.read",
            [false, false, true],
        ),
        (
            vec!["verify", "E0005"],
            "credentials.check",
            [false, false, false],
        ),
        (
            vec!["employees", "validate", &csv],
            "employees.write",
            [false, false, false],
        ),
        (
            vec![
                "employees",
                "add",
                "--code",
                "N0002",
                "--email",
                "n2@example.com",
            ],
            "employees.write",
            [false, false, false],
        ),
        (
            vec!["employees", "update", "E0009", "--job-title", "Boss"],
            "employees.write",
            [false, false, false],
        ),
        (
            vec!["employees", "export"],
            "employees.read",
            [true, false, true],
        ),
        (
            vec!["relations", "import", &csv],
            "employees.write",
            [false, false, false],
        ),
        (
            vec!["select", "remove", "E0009"],
            "selection.write",
            [true, false, false],
        ),
        (
            vec!["select", "clear"],
            "selection.write",
            [true, false, false],
        ),
        (
            vec!["policy", "history"],
            "policy.read",
            [false, false, true],
        ),
        (
            vec!["passwd", "E0009"],
            "credentials.check",
            [false, false, false],
        ),
        (
            vec!["forgot", "E0009"],
            "credentials.check",
            [false, false, false],
        ),
        (
            vec!["2fa", "enroll", "E0009"],
            "2fa.enroll",
            [false, false, false],
        ),
        (
            vec!["2fa", "confirm", "E0009"],
            "2fa.enroll",
            [false, false, false],
        ),
        (
            vec![
                "send-email",
                "--template",
                "expiring-password",
                "--dry-run",
                "--to",
                "E0014",
            ],
            "send.email",
            [true, true, false],
        ),
        (
            vec!["notify-expiring", "--dry-run"],
            "send.email",
            [true, true, false],
        ),
        (vec!["outbox", "retry"], "outbox.retry", [true, true, false]),
        (
            vec!["outbox", "cancel", "999999"],
            "outbox.cancel",
            [true, false, false],
        ),
        (
            vec!["template", "show", "new-password"],
            "templates.read",
            [false, false, true],
        ),
        (
            vec!["template", "preview", "new-password"],
            "templates.read",
            [false, false, true],
        ),
        (
            vec![
                "template",
                "set",
                "new-password",
                "--subject",
                "Hi",
                "--text",
                &csv,
            ],
            "templates.write",
            [false, false, false],
        ),
        (
            vec!["template", "edit", "new-password"],
            "templates.write",
            [false, false, false],
        ),
        (
            vec!["store", "copy", "--to", "/nowhere/x.db"],
            "store.write",
            [false, false, false],
        ),
        (
            vec!["mail", "test", "a@example.com"],
            "store.write",
            [false, false, false],
        ),
        (vec!["mail", "login"], "store.write", [false, false, false]),
        (vec!["mail", "logout"], "store.write", [false, false, false]),
        (vec!["init"], "store.write", [false, false, false]),
        (vec!["serve"], "store.write", [false, false, false]),
        (
            vec!["operator", "add", "eve", "--role", "auditor"],
            "operators.write",
            [false, false, false],
        ),
        (
            vec!["operator", "set", "bob", "--role", "auditor"],
            "operators.write",
            [false, false, false],
        ),
        (
            vec!["operator", "masquerade", "E0009", "--reason", "ticket 1"],
            "operators.write",
            [false, false, false],
        ),
        (
            vec!["operator", "remove", "bob"],
            "operators.write",
            [false, false, false],
        ),
    ];
    let roles = [
        ("bob", "hr-manager", &manager),
        ("sam", "sender", &sender),
        ("ada", "auditor", &auditor),
    ];
    for (args, permission, allowed) in &cases {
        for (i, (name, role, token)) in roles.iter().enumerate() {
            let before = everything(&env);
            let out = as_token(&env, token, args);
            let said = text(&out);
            let refusal = format!(
                "refused: operator \"{name}\" ({role}) does not hold the permission {permission}"
            );
            if allowed[i] {
                assert!(
                    !said.contains("does not hold the permission"),
                    "{role} {args:?}: {said}"
                );
                // Allowed, and it ran: only `outbox cancel` of a delivery that is not there
                // ends in an error of its own.
                if !args.starts_with(&["outbox", "cancel"]) {
                    assert_ne!(out.status.code(), Some(1), "{role} {args:?}: {said}");
                }
            } else {
                // A refused verify is "could not be checked" (4): never "wrong" to a portal.
                let code = if args[0] == "verify" { 4 } else { 1 };
                assert_eq!(out.status.code(), Some(code), "{role} {args:?}: {said}");
                assert!(said.contains(&refusal), "{role} {args:?}: {said}");
                assert_eq!(
                    everything(&env),
                    before,
                    "{role} {args:?} changed the store"
                );
            }
        }
    }
    // The admin holds every one of them.
    env.ok(&["policy", "set", "--min-length", "14"]);
    env.ok(&["operator", "list"]);
}

#[test]
fn an_operator_sees_and_acts_only_within_their_scope() {
    let (env, _) = with_admin();
    let sales = operator_with_token(
        &env,
        "bob",
        &["--role", "hr-manager", "--departments", "sales"],
    );
    let line = operator_with_token(
        &env,
        "cat",
        &["--role", "hr-manager", "--reports-to", "E0002"],
    );
    let search = |token: &Op| -> Vec<String> {
        let out = as_token(&env, token, &["--format", "json", "employees", "search"]);
        assert!(out.status.success(), "{}", text(&out));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json.as_array()
            .unwrap()
            .iter()
            .map(|e| e["employee_code"].as_str().unwrap().to_owned())
            .collect()
    };
    // Departments compare as search compares them, case aside.
    assert_eq!(search(&sales), env.codes(&["--department", "Sales"]));
    assert_eq!(
        search(&line),
        env.codes(&["--manager", "E0002", "--recursive"])
    );
    assert!(
        !search(&line).contains(&"E0002".to_owned()),
        "the top is not below itself"
    );
    // Out of scope: refused by name, nothing changed.
    let before = everything(&env);
    for args in [
        vec!["employees", "show", "E0002"],
        vec!["-y", "2fa", "reset", "E0002"],
        vec!["select", "add", "E0002"],
        vec!["log", "--employee", "E0002"],
    ] {
        let out = as_token(&env, &sales, &args);
        if env.store_url.is_some() && args[0] == "log" {
            // The database shows the operator none of those entries at all.
            assert!(!text(&out).contains("E0002"), "{}", text(&out));
            continue;
        }
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", text(&out));
        // hrpass refuses by name; on PostgreSQL the database does not even show the row.
        let said = text(&out);
        assert!(
            said.contains("outside the scope of operator \"bob\" (departments sales)")
                || said.contains("E0002: outside the scope of operator bob")
                || (env.store_url.is_some() && said.contains("no employee")),
            "{args:?}: {said}"
        );
    }
    assert_eq!(everything(&env), before);
    // A delivery to someone outside the scope is not the operator's to cancel (the run that
    // queued it stopped right after: it stays queued).
    let out = env
        .cmd()
        .env("FAILPOINTS", "send.after_queue_commit=return")
        .args(["send-password", "--regenerate", "--yes", "--to", "E0002"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let id = env.sql_value("SELECT max(id) FROM outbox WHERE state = 'queued'");
    let out = as_token(&env, &sales, &["outbox", "cancel", &id]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(
        env.sql_value(&format!("SELECT state FROM outbox WHERE id = {id}")),
        "queued"
    );
    // A name or a substring lists nobody outside the scope as a candidate.
    let out = as_token(&env, &sales, &["select", "add", "García"]);
    assert!(!text(&out).contains("Engineering"), "{}", text(&out));
    // Sending: a target outside the scope is refused with why; --all means the scope.
    let out = as_token(
        &env,
        &sales,
        &[
            "send-password",
            "--regenerate",
            "--dry-run",
            "--to",
            "E0002",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("outside the scope of operator bob")
            || (env.store_url.is_some() && text(&out).contains("no employee has this code")),
        "{}",
        text(&out)
    );
    let out = as_token(
        &env,
        &sales,
        &[
            "--format",
            "json",
            "send-password",
            "--regenerate",
            "--dry-run",
            "--all",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let sent = String::from_utf8_lossy(&out.stdout).to_string();
    for code in env.codes(&["--department", "Sales"]) {
        assert!(sent.contains(&code), "{code} not in {sent}");
    }
    assert!(!sent.contains("E0002"), "{sent}");
    // The log: entries about the scope's employees and the operator's own.
    env.ok(&["select", "add", "E0002"]);
    as_token(&env, &sales, &["select", "add", "E0009"]);
    let out = as_token(&env, &sales, &["--format", "json", "log"]);
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let about: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["employee_code"].as_str())
        .collect();
    assert!(
        about.contains(&"E0009") && !about.contains(&"E0002"),
        "{about:?}"
    );
    // The selection as the operator sees it, and clears it: their own part only.
    let out = as_token(&env, &sales, &["--format", "json", "select", "list"]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("E0002"));
    as_token(&env, &sales, &["select", "clear"]);
    let left = env.ok(&["--format", "json", "select", "list"]);
    assert!(left.contains("E0002") && !left.contains("E0009"), "{left}");
}

#[test]
fn sessions_and_tokens_end_and_token_files_are_checked() {
    let (env, _) = with_admin();
    let token = operator_with_token(&env, "ada", &["--role", "auditor"]);
    // A token file open to others, or another user's, is refused before it is read.
    let file = env.file("token", format!("{}\n", token.token));
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = op_cmd(&env, &token)
        .args(["--token-file", &file, "whoami"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("is open to others (mode 644)"),
        "{}",
        text(&out)
    );
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    // Another user's file, closed as it should be, is not this user's token: refused too
    // (only root can give a file away, and CI runs as root).
    if rustix::process::getuid().is_root() {
        let theirs = env.file("their-token", format!("{}\n", token.token));
        std::fs::set_permissions(&theirs, std::fs::Permissions::from_mode(0o600)).unwrap();
        std::os::unix::fs::chown(&theirs, Some(65534), Some(65534)).unwrap();
        let out = op_cmd(&env, &token)
            .args(["--token-file", &theirs, "whoami"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(
            text(&out).contains("belongs to another user (uid 65534)"),
            "{}",
            text(&out)
        );
    }
    let out = op_cmd(&env, &token)
        .args(["--token-file", &file, "whoami"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("ada (auditor"),
        "{}",
        text(&out)
    );
    // Not a token at all.
    let bad = Op {
        token: "hunter2".into(),
        url: url_of(&env, "ada"),
    };
    let out = as_token(&env, &bad, &["whoami"]);
    assert!(
        text(&out).contains("not an hrpass operator token"),
        "{}",
        text(&out)
    );
    // The admin's session ends after an hour without a command.
    env.clock_forward(30 * 60);
    env.ok(&["whoami"]);
    env.clock_forward(61 * 60);
    let out = env.fails(1, &["whoami"]);
    assert!(
        out.contains("ended after 60 minutes without a command"),
        "{out}"
    );
    // The token (a day) still works; past its expiry it does not.
    assert!(as_token(&env, &token, &["whoami"]).status.success());
    env.clock_forward(86_400);
    let out = as_token(&env, &token, &["whoami"]);
    assert!(
        text(&out).contains("this token has expired"),
        "{}",
        text(&out)
    );
}

#[test]
fn removing_an_operator_ends_their_tokens_and_the_last_hr_admin_stays() {
    let (env, _) = with_admin();
    let token = operator_with_token(
        &env,
        "bob",
        &["--role", "hr-manager", "--departments", "Sales"],
    );
    assert!(as_token(&env, &token, &["whoami"]).status.success());
    let before = everything(&env);
    let out = env.fails(1, &["operator", "remove", "alice"]);
    assert!(out.contains("the last hr-admin"), "{out}");
    let out = env.fails(1, &["operator", "set", "alice", "--role", "auditor"]);
    assert!(out.contains("the last hr-admin"), "{out}");
    assert_eq!(everything(&env), before);
    // A manager without a scope cannot be.
    env.fails(2, &["operator", "set", "bob", "--departments", ""]);
    // A department is one line: no control characters to reach a terminal later.
    let out = env.fails(
        2,
        &["operator", "set", "bob", "--departments", "Sales\u{1b}[31m"],
    );
    assert!(out.contains("one line of at most 200 characters"), "{out}");
    env.ok(&["operator", "set", "bob", "--departments", "Finance"]);
    let out = as_token(&env, &token, &["whoami"]);
    assert!(text(&out).contains("departments Finance"), "{}", text(&out));
    env.ok(&["operator", "remove", "bob"]);
    let out = as_token(&env, &token, &["whoami"]);
    assert_eq!(out.status.code(), Some(1));
    // On PostgreSQL their database login ends with them: they cannot even connect.
    assert!(
        text(&out).contains("the operator was removed")
            || (env.store_url.is_some() && text(&out).contains("is not permitted to log in")),
        "{}",
        text(&out)
    );
    assert_eq!(
        env.sql_value("SELECT count(*) FROM operator_sessions WHERE ended_at IS NULL AND operator_id = (SELECT id FROM operators WHERE name = 'bob')"),
        "0"
    );
    // The name is free again.
    operator_with_token(&env, "bob", &["--role", "auditor"]);
}

/// The operator's password, TOTP key and tokens are in no file of the home, the store, its
/// WAL or a PostgreSQL dump, and in no output but the one that shows each once.
#[test]
fn operator_secrets_are_never_kept_in_the_clear() {
    let env = TestEnv::with_examples();
    // Held open, so the WAL is not checkpointed away when the last command ends.
    let _open = env.store();
    let mut args: Vec<String> = [
        "--format", "json", "operator", "add", "alice", "--role", "hr-admin",
    ]
    .map(String::from)
    .to_vec();
    args.extend(db_role_args(&env, "alice"));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = env.feed(&format!("{PASSWORD}\n"), &args);
    assert!(out.status.success(), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let key = json["totp_key"].as_str().unwrap().to_owned();
    let app = totp_rs::Totp::from_url(json["totp_uri"].as_str().unwrap()).unwrap();
    let mut env = env;
    connect_as(&mut env, "alice");
    let signed_in = login(&env, "alice", &app);
    assert!(signed_in.status.success(), "{}", text(&signed_in));
    let session = std::fs::read_to_string(
        std::fs::read_dir(env.runtime_dir().join("hrpass"))
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path(),
    )
    .unwrap()
    .trim()
    .to_owned();
    let token = operator_with_token(
        &env,
        "cron",
        &["--role", "sender", "--departments", "Sales"],
    );
    let used = as_token(&env, &token, &["whoami"]);
    let secrets = vec![PASSWORD.to_owned(), key, session, token.token];
    assert_no_secret(&secrets, &home_files(&env));
    assert_no_secret(
        &secrets,
        &[
            (
                "login's output".into(),
                [signed_in.stdout, signed_in.stderr].concat(),
            ),
            (
                "a command's output".into(),
                [used.stdout, used.stderr].concat(),
            ),
        ],
    );
}

/// On a real terminal: `operator add` asks the new operator's password twice (hidden), shows
/// the app's QR code and key, and adds them only with a right code; `login` asks both.
#[test]
fn operator_add_and_login_on_a_real_terminal() {
    fn pty(env: &TestEnv, args: &[&str]) -> rexpect::session::PtySession {
        let mut cmd = env.std_cmd(crate::common::BIN);
        cmd.env("TERM", "xterm").args(args);
        rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn in a pty")
    }
    let mut env = TestEnv::with_examples();
    let pause = || std::thread::sleep(std::time::Duration::from_millis(300));
    let mut add: Vec<String> = ["operator", "add", "alice", "--role", "hr-admin"]
        .map(String::from)
        .to_vec();
    add.extend(db_role_args(&env, "alice"));
    let add: Vec<&str> = add.iter().map(String::as_str).collect();
    let mut session = pty(&env, &add);
    session
        .exp_string("New password for operator alice")
        .unwrap();
    pause();
    session.send_line(PASSWORD).unwrap();
    session.exp_string("Repeat").unwrap();
    pause();
    session.send_line(PASSWORD).unwrap();
    session.exp_string("Key:  ").unwrap();
    let key = session.exp_regex("[A-Z2-7]{32}").unwrap().1;
    session
        .exp_string("Code from the authenticator app")
        .unwrap();
    let app = totp_rs::Totp::from_url(format!(
        "otpauth://totp/hrpass:alice?secret={key}&issuer=hrpass"
    ))
    .unwrap();
    let now = settled_now();
    pause();
    session
        .send_line(&crate::factor::code(&app, now, 0))
        .unwrap();
    let screen = session.exp_eof().unwrap();
    assert!(screen.contains("Added operator alice"), "{screen}");
    assert!(!screen.contains(PASSWORD), "echoed: {screen}");
    // The code checked at enrolment is used up; the next step's (within the one step of
    // drift either way) signs in.
    connect_as(&mut env, "alice");
    let mut session = pty(&env, &["login", "alice"]);
    session.exp_string("Password for operator alice").unwrap();
    pause();
    session.send_line(PASSWORD).unwrap();
    session
        .exp_string("Code from the authenticator app")
        .unwrap();
    pause();
    session
        .send_line(&crate::factor::code(&app, now, 30))
        .unwrap();
    let screen = session.exp_eof().unwrap();
    assert!(screen.contains("Signed in as alice"), "{screen}");
    assert!(env.ok(&["whoami"]).starts_with("alice (hr-admin"));
}

/// On PostgreSQL the database holds the line for someone who bypasses hrpass: a manager
/// with `psql` and their own login sees only their scope, changes nothing outside it, and
/// cannot touch policy, templates, operators or the audit trail; an actor they forge is
/// replaced. (On SQLite the file's permissions are the boundary: README.)
#[test]
fn on_postgresql_a_manager_with_psql_sees_and_changes_only_their_scope() {
    use crate::common::pg;
    let (env, _) = with_admin();
    let Some(url) = env.store_url.clone() else {
        return; // the PostgreSQL run only
    };
    env.feed("Plum ledger otter 7 window\n", &["passwd", "E0002"]);
    env.feed("Plum ledger otter 7 window\n", &["passwd", "E0009"]);
    env.ok(&["select", "add", "E0002", "E0009"]);
    let bob = operator_with_token(
        &env,
        "bob",
        &["--role", "hr-manager", "--departments", "Sales"],
    );
    assert!(as_token(&env, &bob, &["whoami"]).status.success());
    let server = pg::server();
    let db = pg::database_of(&url).to_owned();
    let role = format!("bob_{db}");
    let as_superuser = |sql: &str| server.psql(&db, sql).trim().to_owned();
    let as_bob = |sql: &str| {
        let out = server.psql_as(&role, &db, sql);
        (
            out.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
            .trim()
            .to_owned(),
        )
    };
    let engineering: String = as_superuser("SELECT id FROM employees WHERE code = 'E0002'");
    let before = as_superuser(
        "SELECT string_agg(concat_ws('|', id, employee_id, state, failed_attempts), ';' ORDER BY id)
         FROM credentials",
    );
    // What bob sees: the ten employees of Sales, their credentials and selection only.
    let sales = as_superuser("SELECT count(*) FROM employees WHERE department = 'Sales'");
    assert_eq!(as_bob("SELECT count(*) FROM employees"), (true, sales));
    assert_eq!(
        as_bob("SELECT count(*) FROM employees WHERE department <> 'Sales'"),
        (true, "0".into())
    );
    assert_eq!(
        as_bob("SELECT count(*) FROM credentials"),
        (true, "1".into()),
        "E0009's only"
    );
    assert_eq!(as_bob("SELECT count(*) FROM selection"), (true, "1".into()));
    // Rows outside the scope: neither updated nor deleted.
    assert_eq!(
        as_bob(&format!(
            "UPDATE credentials SET failed_attempts = 99 WHERE employee_id = {engineering}"
        )),
        (true, "".into())
    );
    assert_eq!(
        as_bob(&format!(
            "DELETE FROM selection WHERE employee_id = {engineering} RETURNING 1"
        )),
        (true, "".into())
    );
    // Inserting a row about someone outside the scope is refused by the policy.
    let (ok, said) = as_bob(&format!(
        "INSERT INTO selection (employee_id, added_at, added_by) VALUES ({engineering}, 0, 'bob')"
    ));
    assert!(!ok && said.contains("row-level security"), "{said}");
    // Nor can they mint themselves a script's token, or a session of a year.
    for (kind, until) in [
        ("token", "now() + interval '1 day'"),
        ("session", "now() + interval '1 year'"),
    ] {
        let (ok, said) = as_bob(&format!(
            "INSERT INTO operator_sessions (operator_id, token_hash, kind, created_at, seen_at, expires_at)
             SELECT id, '\\x01'::bytea, '{kind}', 0, 0, extract(epoch FROM {until})::bigint
             FROM operators WHERE name = 'bob'"
        ));
        assert!(!ok && said.contains("row-level security"), "{kind}: {said}");
    }
    // Policy, templates, operators, employees and the audit trail: not theirs to change.
    for sql in [
        "UPDATE policies SET created_by = 'bob'",
        "INSERT INTO templates (name) VALUES ('x')",
        "UPDATE operators SET role = 'hr-admin'",
        "DELETE FROM operator_sessions",
        "UPDATE employees SET job_title = 'x'",
        "DELETE FROM employees",
        "UPDATE audit SET detail = 'x'",
        "DELETE FROM audit",
    ] {
        let (ok, said) = as_bob(sql);
        assert!(!ok && said.contains("permission denied"), "{sql}: {said}");
    }
    assert_eq!(
        as_superuser(
            "SELECT string_agg(concat_ws('|', id, employee_id, state, failed_attempts), ';' ORDER BY id)
             FROM credentials"
        ),
        before
    );
    assert_eq!(
        as_superuser(&format!(
            "SELECT count(*) FROM selection WHERE employee_id = {engineering}"
        )),
        "1"
    );
    assert_eq!(
        as_superuser("SELECT role FROM operators WHERE name = 'bob' AND removed_at IS NULL"),
        "hr-manager"
    );
    // An actor bob writes is replaced by the one the database knows him as.
    let (ok, said) = as_bob(
        "INSERT INTO audit (operator, action, employee_code, detail) VALUES ('alice', 'forged', NULL, '')",
    );
    assert!(ok, "{said}");
    assert_eq!(
        as_superuser("SELECT operator FROM audit WHERE action = 'forged'"),
        "bob"
    );
    // A login that bypasses row-level security is refused by hrpass, naming it.
    as_superuser(&format!("ALTER ROLE \"{role}\" BYPASSRLS"));
    let out = as_token(&env, &bob, &["employees", "search"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains(&format!(
            "signs in to PostgreSQL as \"{role}\", a role that bypasses row-level security"
        )),
        "{}",
        text(&out)
    );
    as_superuser(&format!("ALTER ROLE \"{role}\" NOBYPASSRLS"));
    assert!(
        as_token(&env, &bob, &["employees", "search"])
            .status
            .success()
    );
    // And store status says what the database enforces.
    let status = env.ok(&["store", "status"]);
    let managers = status
        .lines()
        .find(|l| l.contains(&format!("{db}.hr-manager:")))
        .unwrap_or_default();
    assert!(managers.contains(&role), "{status}");
    assert!(
        status.contains("forced on activation_links, audit, credentials, employees"),
        "{status}"
    );
}

/// A manager's send of 140 new passwords (two batches) while an hr-admin changes their
/// scope, then while one removes them, between the batches: what was queued before is sent;
/// nothing outside the new scope is queued after the change, and nothing at all after the
/// removal.
#[test]
fn a_scope_change_or_a_removal_during_a_managers_send() {
    let (env, _) = with_admin();
    let mut csv = String::from(
        "employee_code,first_name,last_name,email,department,job_title,manager_code,status\n",
    );
    for n in 1..=140 {
        csv.push_str(&format!(
            "S{n:04},Seller,Number{n},seller{n}@example.com,Field Sales,Rep,,active\n"
        ));
    }
    let file = env.file("field.csv", csv);
    env.ok(&["employees", "import", &file]);
    for (phase, change) in [
        (
            "scope",
            vec!["operator", "set", "bob", "--departments", "Finance"],
        ),
        ("removal", vec!["operator", "remove", "bob"]),
    ] {
        let bob = operator_with_token(
            &env,
            "bob",
            &["--role", "hr-manager", "--departments", "Field Sales"],
        );
        let queued_before: u64 = env
            .sql_value("SELECT count(*) FROM outbox")
            .parse()
            .unwrap();
        let handle = {
            let mut std_cmd = env.std_cmd(crate::common::BIN);
            if let Some(url) = &bob.url {
                std_cmd.env("HRPASS_STORE", url);
            }
            std_cmd
                .env("HRPASS_TOKEN", &bob.token)
                .env("FAILPOINTS", "send.between_batches=sleep(4000)")
                .args([
                    "--format",
                    "json",
                    "send-password",
                    "--regenerate",
                    "--yes",
                    "--department",
                    "Field Sales",
                ])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        // The first batch (128) is queued and sent; the run sleeps before the second.
        let started = std::time::Instant::now();
        loop {
            let queued: u64 = env
                .sql_value("SELECT count(*) FROM outbox")
                .parse()
                .unwrap();
            if queued >= queued_before + 128 {
                break;
            }
            assert!(
                started.elapsed().as_secs() < 60,
                "{phase}: the first batch never came"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        env.ok(&change);
        let out = handle.wait_with_output().unwrap();
        let said = text(&out);
        let queued: u64 = env
            .sql_value("SELECT count(*) FROM outbox")
            .parse()
            .unwrap();
        assert_eq!(
            queued,
            queued_before + 128,
            "{phase}: queued after the change: {said}"
        );
        assert_eq!(
            env.sql_value(
                "SELECT count(*) FROM outbox WHERE id > (SELECT coalesce(max(id), 0) - 128 FROM outbox) AND state = 'sent'"
            ),
            "128",
            "{phase}: the first batch was sent: {said}"
        );
        match phase {
            "scope" => {
                assert_eq!(out.status.code(), Some(3), "{said}");
                assert_eq!(
                    said.matches("outside the scope of operator bob (departments Finance)")
                        .count(),
                    12,
                    "{said}"
                );
                env.ok(&["operator", "remove", "bob"]);
            }
            _ => {
                assert_eq!(out.status.code(), Some(1), "{said}");
                assert!(
                    said.contains("operator bob was removed during this run"),
                    "{said}"
                );
            }
        }
    }
}
