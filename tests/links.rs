//! `send-password --link` against a real SMTP server on loopback and a real `hrpass serve`:
//! a link that sets the password (the old one working until then, a notice after), every
//! link that cannot be used answering one page, two browsers on one link, and a `kill -9`
//! between the server's 250 and its record (the resent mail carries the same link).

use crate::common::fault_smtp::{Arrived, FaultServer, OnData, Script};
use crate::common::{TestEnv, assert_no_secret, home_files};
use crate::lifecycle::{expect_exit, home, json, passwd, send_args, spawn, verifies};
use crate::portal::{OTHER, OWN, Page, Portal};
use std::time::{Duration, Instant};

/// Where the links point (the tests reach the portal on its loopback port).
const PUBLIC_URL: &str = "http://p.test";

/// A home mailing through `server`, with `[portal] public_url` and a link template whose
/// text is one short line the test reads the link from.
fn link_home(server: &FaultServer) -> TestEnv {
    let env = home(server.port, 5);
    let config = env.home.join("hrpass.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(&format!("public_url = \"{PUBLIC_URL}\"\n"));
    std::fs::write(&config, text).unwrap();
    let template = env.file("link.txt", "Hello {{ employee.code }}\nL: {{ link }}\n");
    env.ok(&[
        "template",
        "set",
        "activation-link",
        "--kind",
        "link",
        "--subject",
        "Set your password",
        "--text",
        &template,
    ]);
    env
}

/// The token of the link a message carries.
fn token(message: &Arrived) -> String {
    let line = message
        .body
        .lines()
        .find_map(|l| l.strip_prefix("L: "))
        .unwrap_or_else(|| panic!("no link in {}", message.body));
    let token = line
        .trim()
        .strip_prefix(&format!("{PUBLIC_URL}/activate/"))
        .unwrap_or_else(|| panic!("not a link of this portal: {line}"));
    assert_eq!(token.len(), 43, "32 bytes, base64url: {token}");
    token.to_owned()
}

fn send_link(env: &TestEnv, to: &str) -> std::process::Output {
    env.run(&["--yes", "send-password", "--link", "--to", to])
}

/// Waits until the server has accepted `n` messages (panics after 10 s).
fn wait_accepted(server: &FaultServer, n: usize) -> Vec<Arrived> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let accepted = server.accepted();
        if accepted.len() >= n {
            return accepted;
        }
        assert!(
            Instant::now() < deadline,
            "{} of {n} accepted",
            accepted.len()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn audit_actions(env: &TestEnv, code: &str) -> Vec<String> {
    env.store()
        .conn()
        .query(
            "SELECT action FROM audit WHERE employee_code = $1 ORDER BY id",
            &[&code],
            |r| r.get(0),
        )
        .unwrap()
}

/// A post from the link's page as a browser makes it: `Origin: null` under the portal's
/// no-referrer policy, so `Sec-Fetch-Site` speaks.
fn set_password(browser: &mut crate::portal::Browser, token: &str, csrf: &str, new: &str) -> Page {
    browser.post_with(
        &format!("/activate/{token}"),
        &[("csrf", csrf), ("new", new), ("again", new)],
        &[("Origin", "null"), ("Sec-Fetch-Site", "same-origin")],
    )
}

#[test]
fn a_link_sets_the_password_the_old_one_working_until_then_and_a_notice_follows() {
    let server = FaultServer::start(Script::default());
    let env = link_home(&server);
    passwd(&env, "E0001", OWN);
    expect_exit(&send_link(&env, "E0001"), 0);
    let mail = &wait_accepted(&server, 1)[0];
    assert_eq!(mail.to, ["zoe.muller@example.com"]);
    assert!(!mail.body.contains("Password"), "no password in the mail");
    let token = token(mail);
    assert!(verifies(&env, "E0001", OWN), "the old password works on");
    let shown = env.ok(&["employees", "show", "E0001"]);
    assert!(shown.contains("sent, works once until"), "{shown}");

    let portal = Portal::start(&env);
    let mut browser = portal.browser();
    let page = browser.get(&format!("/activate/{token}"));
    assert_eq!(page.status, 200, "{page:?}");
    assert!(page.body.contains("Set your password"), "{}", page.body);
    assert!(page.body.contains("autocomplete=\"new-password\""));
    let csrf = page.csrf();
    // Refusals keep the link: a mismatch, a guessable password, a post from elsewhere.
    let typo = browser.post_with(
        &format!("/activate/{token}"),
        &[("csrf", &csrf), ("new", OTHER), ("again", "x")],
        &[("Sec-Fetch-Site", "same-origin")],
    );
    assert!(typo.alert().is_some(), "{typo:?}");
    let weak = set_password(&mut browser, &token, &csrf, "password1234567");
    assert_eq!(weak.status, 200);
    assert!(weak.body.contains("cannot be used"), "{}", weak.body);
    let foreign = browser.post_with(
        &format!("/activate/{token}"),
        &[("csrf", &csrf), ("new", OTHER), ("again", OTHER)],
        &[
            ("Origin", "https://evil.example"),
            ("Sec-Fetch-Site", "cross-site"),
        ],
    );
    assert_eq!(foreign.status, 403);
    let forged = set_password(&mut browser, &token, "forged", OTHER);
    assert_eq!(forged.status, 403);
    assert!(verifies(&env, "E0001", OWN), "nothing changed yet");

    let set = set_password(&mut browser, &token, &csrf, OTHER);
    assert_eq!(
        set.location.as_deref(),
        Some("/account?changed=1"),
        "{set:?}"
    );
    assert!(browser.session().is_some(), "signed in");
    assert_eq!(browser.get("/auth").status, 200);
    assert!(verifies(&env, "E0001", OTHER));
    assert!(!verifies(&env, "E0001", OWN), "the old one is over");
    let again = browser.get(&format!("/activate/{token}"));
    assert_eq!(again.status, 410, "used: {again:?}");
    assert!(again.body.contains("This link can no longer be used"));
    assert_eq!(set_password(&mut browser, &token, &csrf, OWN).status, 410);
    let shown = env.ok(&["--format", "json", "employees", "show", "E0001"]);
    let shown: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(shown["activation_link"]["state"], "used", "{shown}");

    // The notice goes where the link went.
    let notice = &wait_accepted(&server, 2)[1];
    assert_eq!(notice.to, ["zoe.muller@example.com"]);
    assert!(notice.body.contains("password was set"), "{}", notice.body);
    let actions = audit_actions(&env, "E0001");
    for action in [
        "link.queued",
        "link.sent",
        "link.used",
        "password.change",
        "message.sent",
    ] {
        assert!(
            actions.contains(&action.to_owned()),
            "{action} in {actions:?}"
        );
    }
    assert_eq!(
        env.sql_value("SELECT state FROM activation_links"),
        "used",
        "one link, used"
    );
    assert_eq!(
        env.sql_value("SELECT count(*) FROM activation_links WHERE sealed IS NOT NULL"),
        "0",
        "no seal left"
    );

    // Only its hash at rest: the token is in the mail alone.
    let _open = env.store();
    let mut files = home_files(&env);
    files.push(("serve's output".into(), portal.output()));
    assert_no_secret(&[token, OWN.to_owned(), OTHER.to_owned()], &files);
}

#[test]
fn a_link_needs_the_portals_address_and_a_link_template() {
    let server = FaultServer::start(Script::default());
    let env = home(server.port, 5);
    let out = env.fails(2, &["--yes", "send-password", "--link", "--to", "E0001"]);
    assert!(out.contains("[portal] public_url"), "{out}");
    let env = link_home(&server);
    let out = env.fails(
        2,
        &[
            "--yes",
            "send-password",
            "--link",
            "--template",
            "new-password",
            "--to",
            "E0001",
        ],
    );
    assert!(out.contains("--link needs a link template"), "{out}");
    let out = env.fails(
        2,
        &[
            "--yes",
            "send-password",
            "--regenerate",
            "--template",
            "activation-link",
            "--to",
            "E0001",
        ],
    );
    assert!(out.contains("carries a link, not a password"), "{out}");
    let no_link = env.file("nolink.txt", "Hello {{ employee.code }}\n");
    let out = env.fails(
        1,
        &[
            "template",
            "set",
            "mine",
            "--kind",
            "link",
            "--subject",
            "S",
            "--text",
            &no_link,
        ],
    );
    assert!(out.contains("does not use {{ link }}"), "{out}");
    assert_eq!(server.arrived().len(), 0, "nothing sent");
}

#[test]
fn every_link_that_cannot_be_used_answers_the_same_page_and_nothing_changes() {
    // The fifth message (from 0) is refused for good.
    let server = FaultServer::start(Script {
        data: Box::new(|n| match n {
            4 => OnData::Reply("550 5.1.1 no such mailbox"),
            _ => OnData::Accept,
        }),
        ..Script::default()
    });
    let env = link_home(&server);
    let portal = Portal::start(&env);
    let mut browser = portal.browser();
    let mut gone_pages = Vec::new();
    let mut open = |token: &str| browser.get(&format!("/activate/{token}"));

    // Expired: past the policy's 24 hours on the server's clock.
    expect_exit(&send_link(&env, "E0001"), 0);
    let expired = token(&wait_accepted(&server, 1)[0]);
    assert_eq!(open(&expired).status, 200, "usable at first");
    env.clock_forward(23 * 3600);
    assert_eq!(open(&expired).status, 200, "23 hours on");
    env.clock_forward(3600 + 1);
    gone_pages.push(("expired", open(&expired)));

    // Replaced by a newer link, then that one by a new password.
    expect_exit(&send_link(&env, "E0001"), 0);
    expect_exit(&send_link(&env, "E0001"), 0);
    let accepted = wait_accepted(&server, 3);
    let (older, newer) = (token(&accepted[1]), token(&accepted[2]));
    gone_pages.push(("replaced by a newer link", open(&older)));
    assert_eq!(open(&newer).status, 200, "the newest works");
    expect_exit(
        &env.run(&["--yes", "send-password", "--regenerate", "--to", "E0001"]),
        0,
    );
    gone_pages.push(("replaced by a password", open(&newer)));

    // Its mail refused (550): it never becomes usable.
    expect_exit(&send_link(&env, "E0002"), 1);
    let refused = server.arrived();
    assert!(!refused[4].accepted);
    gone_pages.push(("its mail got 550", open(&token(&refused[4]))));

    // The employee's own change, and deactivation.
    expect_exit(&send_link(&env, "E0003"), 0);
    let changed = token(&wait_accepted(&server, 5)[4]);
    passwd(&env, "E0003", OWN);
    gone_pages.push(("the employee changed their password", open(&changed)));
    expect_exit(&send_link(&env, "E0004"), 0);
    let left = token(&wait_accepted(&server, 6)[5]);
    env.ok(&["employees", "deactivate", "E0004"]);
    gone_pages.push(("deactivated", open(&left)));

    // Unknown and malformed tokens.
    gone_pages.push(("unknown", open(&"A".repeat(43))));
    gone_pages.push(("malformed", open("not-a-token")));

    let first = &gone_pages[0].1;
    for (why, page) in &gone_pages {
        assert_eq!(page.status, 410, "{why}: {page:?}");
        assert_eq!(page.body, first.body, "{why} answers as the others do");
    }
    assert!(first.body.contains("This link can no longer be used"));
    assert_eq!(
        env.sql_value("SELECT count(*) FROM activation_links WHERE state = 'usable'"),
        "0"
    );
    assert_eq!(
        env.sql_value("SELECT count(*) FROM audit WHERE action = 'link.used'"),
        "0",
        "no link was used"
    );
    // The old passwords kept working throughout: E0003's own, E0001's new one stays pending
    // only until accepted (it was), so it is the active one.
    assert!(verifies(&env, "E0003", OWN));
}

#[test]
fn a_link_cancelled_before_it_goes_is_void_and_never_sent() {
    let server = FaultServer::start(Script::default());
    let env = link_home(&server);
    // The run dies right after it queued the link, before any mail.
    let died = env
        .cmd()
        .env("FAILPOINTS", "send.after_queue_commit=return")
        .args(["--yes", "send-password", "--link", "--to", "E0001"])
        .output()
        .unwrap();
    assert!(!died.status.success());
    assert_eq!(server.arrived().len(), 0);
    assert_eq!(
        env.sql_value("SELECT state FROM activation_links"),
        "pending"
    );
    let id = env.sql_value("SELECT id FROM outbox WHERE kind = 'link'");
    env.ok(&["outbox", "cancel", &id]);
    assert_eq!(env.sql_value("SELECT state FROM activation_links"), "void");
    assert_eq!(
        env.sql_value("SELECT ended_why FROM activation_links"),
        "HR cancelled its delivery"
    );
    expect_exit(&env.run(&["--yes", "outbox", "retry"]), 0);
    assert_eq!(server.arrived().len(), 0, "a cancelled link is never sent");
}

#[test]
fn two_browsers_on_one_link_set_exactly_one_password() {
    let server = FaultServer::start(Script::default());
    let env = link_home(&server);
    expect_exit(&send_link(&env, "E0001"), 0);
    let token = token(&wait_accepted(&server, 1)[0]);
    // Each change held 400 ms after its hash: both meet at the write lock.
    let portal = Portal::start_env(&env, &[], &[("FAILPOINTS", "change-hashed=sleep(400)")]);
    let (mut a, mut b) = (portal.browser(), portal.browser());
    let csrf = a.get(&format!("/activate/{token}")).csrf();
    assert_eq!(b.get(&format!("/activate/{token}")).csrf(), csrf);
    let answers: Vec<(&str, u16)> = std::thread::scope(|scope| {
        let handles: Vec<_> = [(&mut a, OWN), (&mut b, OTHER)]
            .into_iter()
            .map(|(browser, new)| {
                let (token, csrf) = (&token, &csrf);
                scope.spawn(move || (new, set_password(browser, token, csrf, new).status))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let won: Vec<_> = answers.iter().filter(|(_, s)| *s == 303).collect();
    let lost: Vec<_> = answers.iter().filter(|(_, s)| *s == 410).collect();
    assert_eq!((won.len(), lost.len()), (1, 1), "{answers:?}");
    assert!(
        verifies(&env, "E0001", won[0].0),
        "the winner's password is set"
    );
    assert!(!verifies(&env, "E0001", lost[0].0));
    assert_eq!(
        env.sql_value("SELECT count(*) FROM audit WHERE action = 'password.change'"),
        "1"
    );
    assert_eq!(
        env.sql_value("SELECT count(*) FROM portal_sessions WHERE ended_at IS NULL"),
        "1"
    );
}

#[test]
fn a_kill_between_the_250_and_its_record_resends_the_same_link_which_then_works() {
    let server = FaultServer::start(Script::default());
    let env = link_home(&server);
    passwd(&env, "E0001", OWN);
    let died = env
        .cmd()
        .env("FAILPOINTS", "send.accepted_before_record=return")
        .args(["--yes", "send-password", "--link", "--to", "E0001"])
        .output()
        .unwrap();
    assert!(!died.status.success(), "aborted");
    let first = wait_accepted(&server, 1)[0].clone();
    let sent = token(&first);
    assert_eq!(
        env.sql_value("SELECT state FROM activation_links"),
        "pending",
        "the 250 was never recorded"
    );
    let portal = Portal::start(&env);
    let mut browser = portal.browser();
    assert_eq!(
        browser.get(&format!("/activate/{sent}")).status,
        410,
        "not usable before its acceptance is recorded"
    );
    assert!(verifies(&env, "E0001", OWN), "nobody locked out");

    expect_exit(&env.run(&["--yes", "outbox", "retry"]), 0);
    let second = wait_accepted(&server, 2)[1].clone();
    assert_eq!(token(&second), sent, "the same link again");
    assert_eq!(second.message_id, first.message_id, "the same message");
    let page = browser.get(&format!("/activate/{sent}"));
    assert_eq!(page.status, 200, "{page:?}");
    let set = set_password(&mut browser, &sent, &page.csrf(), OTHER);
    assert_eq!(
        set.location.as_deref(),
        Some("/account?changed=1"),
        "{set:?}"
    );
    assert!(verifies(&env, "E0001", OTHER));
}

/// Points links at `PUBLIC_URL` in a home made by `init` (its config has the line commented).
pub(crate) fn set_public_url(env: &TestEnv) {
    let config = env.home.join("hrpass.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let commented = "# public_url = \"https://portal.example.com\"";
    assert!(text.contains(commented), "the config names public_url");
    let text = text.replace(commented, &format!("public_url = \"{PUBLIC_URL}\""));
    std::fs::write(&config, text).unwrap();
}

/// The token of the link in the newest .eml of the file transport (its text part is
/// quoted-printable: soft line breaks joined, `=XX` decoded).
pub(crate) fn mailed_token(env: &TestEnv) -> String {
    let text = crate::portal::newest_mail(env)
        .replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=");
    let at = text
        .find(&format!("{PUBLIC_URL}/activate/"))
        .unwrap_or_else(|| panic!("no link in {text}"))
        + PUBLIC_URL.len()
        + "/activate/".len();
    let token: String = text[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    assert_eq!(token.len(), 43, "{token}");
    token
}

#[test]
fn forgot_sends_a_link_once_the_portal_has_an_address_and_a_password_when_told() {
    let server = FaultServer::start(Script::default());
    let env = link_home(&server);
    let template = env.file("forgot.txt", "Hi {{ employee.code }}\nL: {{ link }}\n");
    env.ok(&[
        "template",
        "set",
        "forgot-link",
        "--subject",
        "Forgot",
        "--text",
        &template,
    ]);
    passwd(&env, "E0001", OWN);
    let said = env.ok(&["forgot", "E0001"]);
    assert!(said.contains("a link to set a new password"), "{said}");
    assert_eq!(
        env.ok(&["forgot", "nobody@example.com"]),
        said,
        "the same answer for nobody"
    );
    let mail = &wait_accepted(&server, 1)[0];
    assert!(!mail.body.contains("Password"));
    let token = token(mail);
    assert!(
        verifies(&env, "E0001", OWN),
        "the old password works until the link is used"
    );
    let portal = Portal::start(&env);
    let mut browser = portal.browser();
    let page = browser.get(&format!("/activate/{token}"));
    assert_eq!(page.status, 200, "{page:?}");
    let set = set_password(&mut browser, &token, &page.csrf(), OTHER);
    assert_eq!(set.location.as_deref(), Some("/account?changed=1"));
    assert!(verifies(&env, "E0001", OTHER));

    // Told to send passwords, it does, whatever the portal.
    env.ok(&["policy", "set", "--forgot-sends", "password"]);
    let said = env.ok(&["forgot", "E0002"]);
    assert!(said.contains("a new password is on its way"), "{said}");
    // (The notice of E0001's link goes on its own time: the mail is found by its address.)
    let mail = wait_accepted(&server, 3)
        .into_iter()
        .find(|m| m.to == ["jose.garcia@example.com"])
        .expect("E0002's mail");
    assert!(mail.body.contains("Password"), "{}", mail.body);

    // Told to send links without a portal address: refused for every request alike.
    let bare = home(server.port, 5);
    bare.ok(&["policy", "set", "--forgot-sends", "link"]);
    let out = bare.fails(1, &["forgot", "E0001"]);
    assert!(out.contains("[portal] public_url"), "{out}");
}

#[test]
fn the_expiry_reminder_points_at_the_portals_change_page() {
    let server = FaultServer::start(Script::default());
    let env = link_home(&server);
    expect_exit(
        &env.run(&["--yes", "send-password", "--regenerate", "--to", "E0001"]),
        0,
    );
    expect_exit(&env.run(&["--yes", "notify-expiring", "--within", "4d"]), 0);
    let reminder = &wait_accepted(&server, 2)[1];
    let text = reminder.body.replace("=\r\n", "").replace("=\n", "");
    assert!(
        text.contains(&format!("{PUBLIC_URL}/change")),
        "the change page: {text}"
    );
}

#[test]
fn with_a_second_factor_required_a_link_leads_into_enrolment() {
    let server = FaultServer::start(Script::default());
    let env = link_home(&server);
    env.ok(&["policy", "set", "--require-2fa", "true"]);
    expect_exit(&send_link(&env, "E0001"), 0);
    let token = token(&wait_accepted(&server, 1)[0]);
    let portal = Portal::start(&env);
    let mut browser = portal.browser();
    let page = browser.get(&format!("/activate/{token}"));
    let set = set_password(&mut browser, &token, &page.csrf(), OWN);
    assert_eq!(set.location.as_deref(), Some("/enroll"), "{set:?}");
    assert_eq!(browser.get("/auth").status, 401, "not in before enrolling");
    assert_eq!(browser.get("/enroll").status, 200);
}

#[test]
fn a_preview_shows_each_kind_as_it_is_sent() {
    let server = FaultServer::start(Script::default());
    let env = link_home(&server);
    let link = env.ok(&["template", "preview", "activation-link"]);
    assert!(link.contains(&format!("{PUBLIC_URL}/activate/")), "{link}");
    let message = env.ok(&["template", "preview", "expiring-password"]);
    assert!(message.contains("expires soon"), "{message}");
    assert!(
        !message.contains('•'),
        "a message carries no password: {message}"
    );
    let password = env.ok(&["template", "preview", "new-password"]);
    assert!(password.contains('•'), "the password masked: {password}");
}

/// A link whose mail is held at the server while `during` runs, then accepted: the summary of
/// the send, and the token the message carried.
fn link_in_flight(during: impl FnOnce(&TestEnv)) -> (TestEnv, serde_json::Value, String) {
    let server = FaultServer::start(Script {
        data: Box::new(|_| OnData::Hold),
        ..Script::default()
    });
    let env = link_home(&server);
    passwd(&env, "E0001", OWN);
    let target = vec!["E0001".to_owned()];
    let child = spawn(&env, &send_args("--link", &target), None);
    server.wait_held(1);
    during(&env);
    server.release();
    let out = child.wait_with_output().unwrap();
    expect_exit(&out, 0);
    let token = token(&wait_accepted(&server, 1)[0]);
    (env, json(&out), token)
}

#[test]
fn the_employees_own_change_while_a_link_is_in_flight_voids_it_and_nobody_is_locked_out() {
    let (env, summary, token) = link_in_flight(|env| passwd(env, "E0001", OTHER));
    assert_eq!(
        summary["superseded"][0]["employee_code"], "E0001",
        "{summary}"
    );
    assert_eq!(
        env.sql_value("SELECT ended_why FROM activation_links"),
        "the employee set their own password"
    );
    assert!(verifies(&env, "E0001", OTHER), "their own change stands");
    let portal = Portal::start(&env);
    let page = portal.browser().get(&format!("/activate/{token}"));
    assert_eq!(
        page.status, 410,
        "the link that arrived after does not work"
    );
}

#[test]
fn hrs_cancel_while_a_link_is_in_flight_voids_it_and_the_old_password_works_on() {
    let (env, summary, token) = link_in_flight(|env| {
        let id = env.sql_value("SELECT id FROM outbox WHERE kind = 'link'");
        env.ok(&["outbox", "cancel", &id]);
    });
    assert_eq!(
        summary["superseded"][0]["employee_code"], "E0001",
        "{summary}"
    );
    assert_eq!(env.sql_value("SELECT state FROM outbox"), "superseded");
    assert_eq!(env.sql_value("SELECT state FROM activation_links"), "void");
    assert!(verifies(&env, "E0001", OWN));
    let portal = Portal::start(&env);
    let page = portal.browser().get(&format!("/activate/{token}"));
    assert_eq!(page.status, 410);
}

#[test]
fn a_second_factor_holder_who_uses_a_link_signs_in_with_it_afterwards() {
    let server = FaultServer::start(Script::default());
    let env = link_home(&server);
    passwd(&env, "E0001", OWN);
    let (app, _) = crate::factor::enroll(&env, "E0001");
    crate::factor::confirm(&env, "E0001", &app);
    expect_exit(&send_link(&env, "E0001"), 0);
    let token = token(&wait_accepted(&server, 1)[0]);
    let portal = Portal::start(&env);
    let mut browser = portal.browser();
    let page = browser.get(&format!("/activate/{token}"));
    let set = set_password(&mut browser, &token, &page.csrf(), OTHER);
    assert_eq!(set.location.as_deref(), Some("/signin?set=1"), "{set:?}");
    assert!(
        browser.session().is_none(),
        "the link alone signs nobody in"
    );
    assert_eq!(env.sql_value("SELECT count(*) FROM portal_sessions"), "0");
    // Signed in as a browser on this portal posts (its origin is `PUBLIC_URL`'s, not the
    // loopback address the test reaches it on).
    let csrf = browser.get("/signin").csrf();
    let next = browser.post_with(
        "/signin",
        &[("csrf", &csrf), ("who", "E0001"), ("password", OTHER)],
        &[("Origin", "null"), ("Sec-Fetch-Site", "same-origin")],
    );
    assert_eq!(
        next.location.as_deref(),
        Some("/signin/code"),
        "the new password, then the code: {next:?}"
    );
}
