//! Masquerade (issue 22): an hr-admin's one-time, read-only look at an employee's portal
//! account, against a real `hrpass serve`, on both engines.

use crate::common::TestEnv;
use crate::portal::{Portal, mail_count, newest_mail, with_own_password};

/// Where the look's URL points (the test reaches the portal on its loopback port).
const PUBLIC_URL: &str = "http://p.test";

fn with_public_url(env: &TestEnv) {
    let config = env.home.join("hrpass.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let commented = "# public_url = \"https://portal.example.com\"";
    assert!(text.contains(commented));
    let text = text.replace(commented, &format!("public_url = \"{PUBLIC_URL}\""));
    std::fs::write(&config, text).unwrap();
}

/// `operator masquerade CODE --reason REASON`: the URL's path on the portal.
fn start(env: &TestEnv, code: &str, reason: &str) -> String {
    let out = env.ok(&[
        "--format",
        "json",
        "operator",
        "masquerade",
        code,
        "--reason",
        reason,
    ]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let url = json["url"].as_str().unwrap();
    url.strip_prefix(PUBLIC_URL)
        .expect("on the public URL")
        .to_owned()
}

#[test]
fn an_hr_admin_looks_at_an_account_read_only_once_and_the_employee_is_told() {
    let env = with_own_password();
    // Without the portal's address there is nowhere to open a look.
    let out = env.fails(
        2,
        &["operator", "masquerade", "E0001", "--reason", "ticket 311"],
    );
    assert!(out.contains("public_url"), "{out}");
    with_public_url(&env);
    env.fails(2, &["operator", "masquerade", "E0001", "--reason", " "]);
    let before = env.dump(&["credentials", "second_factors", "portal_sessions"]);
    let path = start(&env, "E0001", "checking the sign-in problem of ticket 311");
    assert!(path.starts_with("/masquerade/"), "{path}");
    let portal = Portal::start(&env);
    let mails = mail_count(&env);
    let mut browser = portal.browser();
    let page = browser.get(&path);
    assert_eq!(page.status, 303, "{page:?}");
    assert_eq!(page.location.as_deref(), Some("/account"));
    let account = browser.get("/account");
    assert_eq!(account.status, 200);
    assert!(
        account.body.contains("id=\"masquerade\""),
        "{}",
        account.body
    );
    assert!(
        account
            .body
            .contains("checking the sign-in problem of ticket 311"),
        "{}",
        account.body
    );
    // Every page of the look says so.
    for page in ["/change", "/enroll"] {
        let shown = browser.get(page);
        assert!(
            shown.body.contains("id=\"masquerade\""),
            "{page}: {}",
            shown.body
        );
    }
    // It changes nothing: every form post is refused, whatever its token.
    let csrf = account.csrf();
    for (path, form) in [
        (
            "/change",
            vec![("current", "x"), ("password", "y"), ("repeat", "y")],
        ),
        ("/signout-everywhere", vec![]),
        ("/enroll/start", vec![]),
        ("/recovery-codes", vec![]),
    ] {
        let mut form = form;
        form.push(("csrf", &csrf));
        let page = browser.post_with(
            path,
            &form,
            &[("Origin", "null"), ("Sec-Fetch-Site", "same-origin")],
        );
        assert_eq!(page.status, 403, "{path}: {page:?}");
        assert!(
            page.body.contains("read-only look"),
            "{path}: {}",
            page.body
        );
    }
    // Forward-auth does not let the look into other apps.
    let auth = browser.get("/auth");
    assert_eq!(auth.status, 401, "{auth:?}");
    // The URL opens once; one that is not a token opens nothing either.
    let mut other = portal.browser();
    assert_eq!(other.get(&path).status, 410);
    assert_eq!(other.get("/masquerade/not-a-token").status, 410);
    assert!(other.session().is_none());
    // The employee is told who looked and why.
    let started = std::time::Instant::now();
    while mail_count(&env) == mails {
        assert!(started.elapsed().as_secs() < 20, "no notice was mailed");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let mail = newest_mail(&env);
    let os_user = whoami::username().unwrap();
    assert!(mail.contains("HR looked at your"), "{mail}");
    assert!(mail.contains(&os_user), "{mail}");
    assert!(mail.contains("ticket 311"), "{mail}");
    // Audited: who started it, with the reason, and where it was opened from.
    let log = env.ok(&["--format", "json", "log", "--employee", "E0001"]);
    assert!(
        log.contains("operator.masquerade") && log.contains("portal.masquerade.open"),
        "{log}"
    );
    // Nothing of the employee's changed but the look's own session.
    let after = env.dump(&["credentials", "second_factors"]);
    let before_no_sessions: String = before
        .lines()
        .filter(|l| !l.starts_with("portal_sessions"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(after, before_no_sessions);
    // The look ends 15 minutes after it opened, whatever the policy's session length.
    env.clock_forward(15 * 60 + 1);
    let page = browser.get("/account");
    assert_eq!(page.status, 303, "{page:?}");
}

#[test]
fn a_look_not_opened_within_five_minutes_is_gone_and_an_inactive_employee_has_none() {
    let env = with_own_password();
    with_public_url(&env);
    let path = start(&env, "E0001", "ticket 312");
    let portal = Portal::start(&env);
    env.clock_forward(5 * 60 + 1);
    let mut browser = portal.browser();
    assert_eq!(browser.get(&path).status, 410);
    assert!(browser.session().is_none());
    // Two browsers opening one URL at once: exactly one look opens.
    let path = start(&env, "E0001", "ticket 315");
    let answers: Vec<u16> = std::thread::scope(|scope| {
        let runs: Vec<_> = (0..2)
            .map(|_| {
                let mut browser = portal.browser();
                let path = path.clone();
                scope.spawn(move || browser.get(&path).status)
            })
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    let mut sorted = answers.clone();
    sorted.sort();
    assert_eq!(sorted, [303, 410], "{answers:?}");
    assert_eq!(
        env.sql_value("SELECT count(*) FROM portal_sessions WHERE masquerade_id IS NOT NULL"),
        "1"
    );
    let out = env.fails(
        1,
        &["operator", "masquerade", "E0002", "--reason", "ticket 313"],
    );
    assert!(out.contains("has no password in force"), "{out}");
    env.ok(&["-y", "employees", "deactivate", "E0001"]);
    let out = env.fails(
        1,
        &["operator", "masquerade", "E0001", "--reason", "ticket 314"],
    );
    assert!(out.contains("inactive"), "{out}");
}
