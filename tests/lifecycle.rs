//! The credential life cycle under races and faults (issue 8): deterministic races against a
//! server that holds its 250, a scripted fault server, crash points, `kill -9` at random
//! moments and several processes on one store. After each, `Invariant::check` asserts for
//! every employee: an active credential if and only if they had one before or a mailed
//! password was accepted, and the active one is a password they know.

use crate::common::fault_smtp::{Arrived, FaultServer, OnData, Script};
use crate::common::{BIN, TestEnv};
use std::collections::{HashMap, HashSet};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub(crate) const OLD: &str = "lantern-Quokka-orbit-73";
const OWN: &str = "harbour-Falcon-velvet-58";

/// A home with the example employees, plain templates (a "Password: …" line the fault
/// server reads) and SMTP pointed at `port`.
pub(crate) fn home(port: u16, timeout_secs: u32) -> TestEnv {
    let env = TestEnv::with_examples();
    plain_templates(&env);
    point_at(&env, port, timeout_secs);
    env
}

/// Templates whose text is a "Password: …" line the fault server reads.
pub(crate) fn plain_templates(env: &TestEnv) {
    let text = env.file(
        "plain.txt",
        "Hello {{ employee.code }}\nPassword: {{ password }}\n",
    );
    for name in ["new-password", "existing-password"] {
        env.ok(&[
            "template",
            "set",
            name,
            "--subject",
            "Portal",
            "--text",
            &text,
        ]);
    }
}

pub(crate) fn point_at(env: &TestEnv, port: u16, timeout_secs: u32) {
    let config = format!(
        "[smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\nfrom = \"Acme HR <hr@acme.test>\"\ntimeout_secs = {timeout_secs}\n\n\
         [delivery]\ntransport = \"smtp\"\nmax_attempts = 3\nretry_within_secs = 5\n\n\
         [portal]\ncompany = \"Acme\"\nlogin_url = \"https://portal.acme.test/login\"\n"
    );
    std::fs::write(env.home.join("hrpass.toml"), config).unwrap();
}

pub(crate) fn passwd(env: &TestEnv, code: &str, password: &str) {
    let out = env.feed(&format!("{password}\n"), &["passwd", code]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

pub(crate) fn verifies(env: &TestEnv, code: &str, password: &str) -> bool {
    env.feed(&format!("{password}\n"), &["verify", code])
        .status
        .success()
}

pub(crate) fn expect_exit(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

pub(crate) fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("JSON: {}", String::from_utf8_lossy(&out.stdout)))
}

/// `hrpass ARGS` as a child process, for a run the test interrupts or races against.
pub(crate) fn spawn(env: &TestEnv, args: &[&str], failpoint: Option<&str>) -> Child {
    let mut cmd = Command::new(BIN);
    cmd.env_clear()
        .env("HRPASS_HOME", &env.home)
        .envs(env.store_env())
        .env("HOME", env.dir.path())
        .env("USER", "test-admin")
        .env("NO_COLOR", "1")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(point) = failpoint {
        cmd.env("FAILPOINTS", point);
    }
    cmd.spawn().unwrap()
}

pub(crate) fn send_args<'a>(mode: &'a str, codes: &'a [String]) -> Vec<&'a str> {
    let mut args = vec!["--format", "json", "send-password", mode, "--yes", "--to"];
    args.extend(codes.iter().map(String::as_str));
    args
}

pub(crate) fn codes(range: std::ops::Range<u32>) -> Vec<String> {
    range.map(|n| format!("E{n:04}")).collect()
}

/// The outbox as `outbox list --format json` shows it.
pub(crate) fn outbox(env: &TestEnv) -> Vec<serde_json::Value> {
    let list = env.ok(&["--format", "json", "outbox", "list"]);
    serde_json::from_str::<serde_json::Value>(&list)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// What the checker needs to know: who had an active password before, and every password
/// each employee was given (set themselves, or accepted by the server in a mail to them).
/// An employee must have an active password exactly when they had one before, set their
/// own, or a mail to them was accepted; and it must be one of those they were given.
pub(crate) struct Invariant {
    had_active: HashSet<String>,
    known: HashMap<String, Vec<String>>,
}

impl Invariant {
    pub(crate) fn before(env: &TestEnv) -> Invariant {
        Invariant {
            had_active: active_codes(env),
            known: HashMap::new(),
        }
    }

    pub(crate) fn knows(&mut self, code: &str, password: &str) {
        self.had_active.insert(code.to_owned());
        self.known
            .entry(code.to_owned())
            .or_default()
            .push(password.to_owned());
    }

    /// Asserts the invariant for every employee of the store (or those in `only`), with the
    /// messages the server accepted added to what they know.
    pub(crate) fn check(
        &self,
        env: &TestEnv,
        accepted: &[Arrived],
        only: Option<&HashSet<String>>,
    ) {
        let store = env.store();
        let mut by_email = HashMap::new();
        for (code, email) in store
            .conn()
            .query("SELECT code, email FROM employees", &[], |r| {
                Ok((r.get::<String>(0)?, r.get::<String>(1)?))
            })
            .unwrap()
        {
            by_email.insert(email, code);
        }
        let mut known = self.known.clone();
        let mut mailed = HashSet::new();
        for m in accepted {
            let code = &by_email[&m.to[0]];
            mailed.insert(code.clone());
            known.entry(code.clone()).or_default().push(m.password());
        }
        for code in by_email.values() {
            if only.is_some_and(|only| !only.contains(code)) {
                continue;
            }
            let active: Vec<String> = store
                .conn()
                .query(
                    "SELECT c.hash FROM credentials c JOIN employees e ON e.id = c.employee_id
                     WHERE e.code = $1 AND c.state = 'active'",
                    &[code],
                    |r| r.get(0),
                )
                .unwrap();
            assert!(
                active.len() <= 1,
                "{code} has {} active credentials",
                active.len()
            );
            let expected = self.had_active.contains(code) || mailed.contains(code);
            assert_eq!(
                !active.is_empty(),
                expected,
                "{code}: active credential {} but had or set one: {}, mailed and accepted: {}",
                !active.is_empty(),
                self.had_active.contains(code),
                mailed.contains(code)
            );
            if let Some(hash) = active.first() {
                let candidates = known.get(code).map(Vec::as_slice).unwrap_or_default();
                // Newest first: the active one is nearly always the last given.
                assert!(
                    candidates
                        .iter()
                        .rev()
                        .any(|p| hrpass::credential::hash::verify(p, hash).unwrap()),
                    "{code}: the active password is none of the {} they were given: locked out",
                    candidates.len()
                );
            }
        }
    }
}

fn active_codes(env: &TestEnv) -> HashSet<String> {
    env.store()
        .conn()
        .query(
            "SELECT e.code FROM credentials c JOIN employees e ON e.id = c.employee_id
             WHERE c.state = 'active'",
            &[],
            |r| r.get(0),
        )
        .unwrap()
        .into_iter()
        .collect()
}

/// Everything the store holds that a send could change.
fn store_dump(env: &TestEnv) -> String {
    env.dump(&["credentials", "outbox", "audit"])
}

// ---------------------------------------------------------------------------------------
// Deterministic races (defects 1 and 2)

/// A home whose SMTP server holds back its 250, a send of a new password to `code` (whose
/// own password is OLD) running as a child process, and the message already at the server;
/// `during` runs then, before the server answers. Returns the send's output.
pub(crate) fn race(
    code: &str,
    during: impl FnOnce(&TestEnv, &mut Invariant),
) -> (TestEnv, FaultServer, Invariant, Output) {
    let server = FaultServer::start(Script {
        data: Box::new(|_| OnData::Hold),
        ..Script::default()
    });
    let env = home(server.port, 5);
    passwd(&env, code, OLD);
    let mut invariant = Invariant::before(&env);
    invariant.knows(code, OLD);
    let target = vec![code.to_owned()];
    let child = spawn(&env, &send_args("--regenerate", &target), None);
    server.wait_held(1);
    during(&env, &mut invariant);
    server.release();
    let out = child.wait_with_output().unwrap();
    (env, server, invariant, out)
}

#[test]
fn passwd_while_the_mail_is_in_flight_keeps_the_employees_own_password() {
    let (env, server, invariant, out) = race("E0001", |env, invariant| {
        passwd(env, "E0001", OWN);
        invariant.knows("E0001", OWN);
    });
    expect_exit(&out, 0);
    let summary = json(&out);
    assert_eq!(summary["sent"], serde_json::json!([]), "{summary}");
    assert_eq!(
        summary["superseded"][0]["employee_code"], "E0001",
        "{summary}"
    );

    let mailed = server.accepted()[0].password();
    assert!(
        verifies(&env, "E0001", OWN),
        "the employee's own password works"
    );
    assert!(
        !verifies(&env, "E0001", &mailed),
        "the superseded one never became active"
    );
    assert_eq!(outbox(&env)[0]["state"], "superseded");
    invariant.check(&env, &server.accepted(), None);
}

#[test]
fn cancel_while_the_mail_is_in_flight_keeps_the_old_password() {
    let (env, server, invariant, out) = race("E0002", |env, _| {
        let id = outbox(env)[0]["id"].to_string();
        env.ok(&["outbox", "cancel", &id]);
    });
    expect_exit(&out, 0);
    assert_eq!(json(&out)["superseded"][0]["employee_code"], "E0002");

    assert!(
        verifies(&env, "E0002", OLD),
        "the old password keeps working"
    );
    assert!(!verifies(&env, "E0002", &server.accepted()[0].password()));
    assert_eq!(outbox(&env)[0]["state"], "superseded");
    let log = env.ok(&["--format", "json", "log", "--employee", "E0002"]);
    let actions: Vec<String> = serde_json::from_str::<serde_json::Value>(&log)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    let cancelled = actions.iter().position(|a| a == "password.cancelled");
    let superseded = actions.iter().position(|a| a == "password.superseded");
    assert!(
        cancelled.is_some()
            && superseded.is_some()
            && !actions.iter().any(|a| a == "password.sent"),
        "{actions:?}"
    );
    invariant.check(&env, &server.accepted(), None);
}

/// What the concurrency trial once tripped over: HR cancels the first password of a new
/// hire while its mail is in flight. The server accepts the mail, but its password was
/// dropped: it never becomes active, and the new hire has no password (nothing they had was
/// taken away). The delivery says `superseded`, so HR sees what happened.
#[test]
fn cancel_in_flight_of_a_new_hires_first_password_activates_nothing() {
    let server = FaultServer::start(Script {
        data: Box::new(|_| OnData::Hold),
        ..Script::default()
    });
    let env = home(server.port, 5);
    let target = vec!["E0003".to_owned()];
    let child = spawn(&env, &send_args("--regenerate", &target), None);
    server.wait_held(1);
    let id = outbox(&env)[0]["id"].to_string();
    env.ok(&["outbox", "cancel", &id]);
    server.release();
    let out = child.wait_with_output().unwrap();
    expect_exit(&out, 0);
    assert_eq!(json(&out)["superseded"][0]["employee_code"], "E0003");
    assert_eq!(server.accepted().len(), 1, "the mail went");
    assert!(!verifies(&env, "E0003", &server.accepted()[0].password()));
    assert_eq!(outbox(&env)[0]["state"], "superseded");
    assert_eq!(
        env.sql_value(
            "SELECT count(*) FROM credentials c JOIN employees e ON e.id = c.employee_id
             WHERE e.code = 'E0003' AND c.state IN ('active', 'pending')"
        ),
        "0"
    );
}

// ---------------------------------------------------------------------------------------
// The other defects

#[test]
fn outbox_retry_sends_the_newest_usable_delivery_and_obsolete_ones_never_come_back() {
    // 550 to everything at first.
    let refusing = FaultServer::start(Script {
        rcpt: Box::new(|_, _| Some("550 5.1.1 mailbox unavailable")),
        ..Script::default()
    });
    let env = home(refusing.port, 5);
    let target = vec!["E0005".to_owned()];
    expect_exit(&env.run(&send_args("--regenerate", &target)), 1);
    let good = FaultServer::start(Script::default());
    point_at(&env, good.port, 5);
    // The pending password is still deliverable: sent again, now accepted.
    expect_exit(&env.run(&send_args("--regenerate", &target)), 0);
    point_at(&env, refusing.port, 5);
    expect_exit(&env.run(&send_args("--regenerate", &target)), 1);
    let states: Vec<_> = outbox(&env).iter().map(|d| d["state"].clone()).collect();
    assert_eq!(states, ["obsolete", "sent", "failed"], "{states:?}");

    point_at(&env, good.port, 5);
    let out = env.run(&["--format", "json", "outbox", "retry"]);
    expect_exit(&out, 0);
    assert_eq!(json(&out)["sent"], serde_json::json!(["E0005"]));
    let accepted = good.accepted();
    assert_eq!(accepted.len(), 2);
    assert!(
        verifies(&env, "E0005", &accepted[1].password()),
        "the newest password"
    );
    // Nothing left to retry: the next retry sends nothing and exits 0, not 3 for ever.
    let again = env.run(&["--format", "json", "outbox", "retry"]);
    expect_exit(&again, 0);
    assert_eq!(good.accepted().len(), 2);
}

#[test]
fn a_server_that_never_answers_quit_cannot_hold_the_run() {
    let server = FaultServer::start(Script {
        rcpt: Box::new(|_, address| {
            (address == "jose.garcia@example.com").then_some("550 5.1.1 no such user")
        }),
        answer_quit: false,
        ..Script::default()
    });
    let env = home(server.port, 2);
    let targets = codes(2..4);
    let started = Instant::now();
    let out = env.run(&send_args("--regenerate", &targets));
    let took = started.elapsed();
    expect_exit(&out, 3);
    let summary = json(&out);
    assert_eq!(summary["sent"], serde_json::json!(["E0003"]));
    let reason = summary["failed"][0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("550"),
        "the server's own reply, not a timeout: {reason}"
    );
    assert!(
        took < Duration::from_secs(12),
        "took {took:?} with timeout_secs = 2"
    );
}

#[test]
fn a_server_slower_than_the_timeout_is_given_up_on_in_time() {
    let server = FaultServer::start(Script {
        data: Box::new(|_| OnData::Delay(Duration::from_secs(25))),
        ..Script::default()
    });
    let env = home(server.port, 2);
    let started = Instant::now();
    let out = env.run(&send_args("--regenerate", &codes(2..3)));
    let took = started.elapsed();
    expect_exit(&out, 1);
    assert!(took < Duration::from_secs(20), "took {took:?}");
    assert_eq!(
        outbox(&env)[0]["state"],
        "queued",
        "still queued for a retry"
    );
}

#[test]
fn a_rerun_after_a_crash_reports_each_employee_once() {
    let server = FaultServer::start(Script::default());
    let env = home(server.port, 5);
    let targets = codes(10..15);
    let crashed = spawn(
        &env,
        &send_args("--regenerate", &targets),
        Some("send.after_queue_commit=return"),
    )
    .wait_with_output()
    .unwrap();
    assert_eq!(crashed.status.code(), None, "aborted by the crash point");
    assert!(server.arrived().is_empty());
    let out = env.run(&send_args("--regenerate", &targets));
    expect_exit(&out, 0);
    let summary = json(&out);
    let mut sent: Vec<String> = summary["sent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    sent.sort();
    assert_eq!(sent, targets, "{summary}");
    assert_eq!(summary["refused"], serde_json::json!([]), "{summary}");
    assert_eq!(server.accepted().len(), 5, "one mail each");
}

#[test]
fn a_template_that_fails_for_some_employees_refuses_them_and_queues_nothing_for_them() {
    let server = FaultServer::start(Script::default());
    let env = home(server.port, 5);
    let text = env.file(
        "fragile.txt",
        "{% if employee.code == \"E0004\" %}{{ 1 // 0 }}{% endif %}Password: {{ password }}\n",
    );
    env.ok(&[
        "template",
        "set",
        "fragile",
        "--subject",
        "Portal",
        "--text",
        &text,
    ]);
    let mut args = send_args("--regenerate", &[]);
    args.pop();
    args.extend(["--template", "fragile", "--to", "E0003", "E0004"]);
    let out = env.run(&args);
    expect_exit(&out, 3);
    let summary = json(&out);
    assert_eq!(summary["sent"], serde_json::json!(["E0003"]));
    assert_eq!(summary["refused"][0]["employee_code"], "E0004");
    let pending_or_queued = env.sql_value(
        "SELECT (SELECT count(*) FROM credentials WHERE state = 'pending')
              + (SELECT count(*) FROM outbox WHERE state = 'queued')",
    );
    assert_eq!(pending_or_queued, "0", "nothing queued for the refused one");
    // The queue is not poisoned: the default template to someone else goes out.
    expect_exit(&env.run(&send_args("--regenerate", &codes(6..7))), 0);
}

#[test]
fn a_template_that_fails_for_everyone_or_leaks_the_password_changes_nothing() {
    let server = FaultServer::start(Script::default());
    let env = home(server.port, 5);
    for (name, body, why) in [
        (
            "broken",
            "Password: {{ password }} {{ 1 // 0 }}\n",
            "unable to calculate",
        ),
        (
            "leaky",
            "Password: {{ password }}{% include password %}\n",
            "`include` is not allowed",
        ),
        (
            "hidden",
            "{% if false %}{{ password }}{% endif %}Welcome\n",
            "does not carry the password",
        ),
    ] {
        let text = env.file(&format!("{name}.txt"), body);
        let refused = env.fails(
            1,
            &[
                "template",
                "set",
                name,
                "--subject",
                "Portal",
                "--text",
                &text,
            ],
        );
        assert!(refused.contains(why), "{name}: {refused}");
        // As an older hrpass would have stored it: the send refuses it before writing.
        env.store()
            .conn()
            .execute(
                "INSERT INTO templates (name, version, subject, text_body, created_by)
                 VALUES ($1, 1, 'Portal', $2, 'old-hrpass')",
                &[&name, &body],
            )
            .unwrap();
        let before = store_dump(&env);
        let targets = codes(3..5);
        let mut args = send_args("--regenerate", &targets);
        args.extend(["--template", name]);
        let out = env.run(&args);
        expect_exit(&out, 1);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("cannot be used"), "{name}: {stderr}");
        assert_eq!(store_dump(&env), before, "{name}: nothing written");
    }
    assert!(server.arrived().is_empty());
}

#[test]
fn a_replaced_vault_key_is_found_before_anything_is_written() {
    let server = FaultServer::start(Script::default());
    let env = home(server.port, 5);
    let target = codes(3..4);
    expect_exit(&env.run(&send_args("--regenerate", &target)), 0);
    let key = env.home.join("vault.key");
    std::fs::remove_file(&key).unwrap();
    let other = tempfile::tempdir().unwrap();
    hrpass::vault::create_key(&other.path().join("vault.key")).unwrap();
    std::fs::copy(other.path().join("vault.key"), &key).unwrap();
    let before = store_dump(&env);
    let out = env.run(&send_args("--existing", &target));
    expect_exit(&out, 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("is not the key this store's passwords were sealed with"),
        "{stderr}"
    );
    assert_eq!(store_dump(&env), before);
    assert_eq!(server.arrived().len(), 1, "no second mail");
}

#[test]
fn an_unwritable_report_path_is_found_before_anything_is_sent() {
    let server = FaultServer::start(Script::default());
    let env = home(server.port, 5);
    let before = store_dump(&env);
    let targets = codes(3..4);
    let mut args = send_args("--regenerate", &targets);
    args.extend(["--report", "/nonexistent/folder/report.csv"]);
    let out = env.run(&args);
    expect_exit(&out, 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write the report"));
    assert_eq!(store_dump(&env), before);
    assert!(server.arrived().is_empty());
}

// ---------------------------------------------------------------------------------------
// The scripted fault server

/// Sends a new password to E0003 (whose own password is OLD) through a server with
/// `script`; returns the run's output, the server and the checker.
fn one_send(script: Script, timeout_secs: u32) -> (TestEnv, Output, FaultServer, Invariant) {
    let server = FaultServer::start(script);
    let env = home(server.port, timeout_secs);
    passwd(&env, "E0003", OLD);
    let mut invariant = Invariant::before(&env);
    invariant.knows("E0003", OLD);
    let out = env.run(&send_args("--regenerate", &codes(3..4)));
    (env, out, server, invariant)
}

#[test]
fn a_421_greeting_stops_the_run_with_the_delivery_queued() {
    let (env, out, server, invariant) = one_send(
        Script {
            greeting: Some("421 4.3.2 service not available"),
            ..Script::default()
        },
        5,
    );
    expect_exit(&out, 1);
    assert_eq!(outbox(&env)[0]["state"], "queued");
    assert!(verifies(&env, "E0003", OLD));
    invariant.check(&env, &server.accepted(), None);
}

#[test]
fn a_451_at_rcpt_or_after_the_data_is_retried_with_the_same_password() {
    for script in [
        Script {
            rcpt: Box::new(|n, _| (n == 0).then_some("451 4.3.0 try again")),
            ..Script::default()
        },
        Script {
            data: Box::new(|n| {
                if n == 0 {
                    OnData::Reply("451 4.3.0 try again")
                } else {
                    OnData::Accept
                }
            }),
            ..Script::default()
        },
    ] {
        let (env, out, server, invariant) = one_send(script, 5);
        expect_exit(&out, 0);
        let delivery = &outbox(&env)[0];
        assert_eq!(delivery["state"], "sent");
        assert_eq!(delivery["attempts"], 2);
        let accepted = server.accepted();
        assert!(verifies(&env, "E0003", &accepted[0].password()));
        invariant.check(&env, &accepted, None);
    }
}

#[test]
fn a_550_at_rcpt_or_after_the_data_fails_and_the_old_password_keeps_working() {
    for script in [
        Script {
            rcpt: Box::new(|_, _| Some("550 5.1.1 no such user")),
            ..Script::default()
        },
        Script {
            data: Box::new(|_| OnData::Reply("550 5.7.1 message refused")),
            ..Script::default()
        },
    ] {
        let (env, out, server, invariant) = one_send(script, 5);
        expect_exit(&out, 1);
        assert_eq!(outbox(&env)[0]["state"], "failed");
        assert!(verifies(&env, "E0003", OLD));
        invariant.check(&env, &server.accepted(), None);
    }
}

#[test]
fn a_connection_dropped_after_the_data_is_resent_with_the_same_password_and_message_id() {
    let (env, out, server, invariant) = one_send(
        Script {
            data: Box::new(|n| if n == 0 { OnData::Drop } else { OnData::Accept }),
            ..Script::default()
        },
        5,
    );
    expect_exit(&out, 0);
    let arrived = server.arrived();
    assert_eq!(arrived.len(), 2);
    assert!(!arrived[0].accepted && arrived[1].accepted);
    assert_eq!(arrived[0].password(), arrived[1].password());
    assert_eq!(arrived[0].message_id, arrived[1].message_id);
    assert!(verifies(&env, "E0003", &arrived[1].password()));
    invariant.check(&env, &server.accepted(), None);
}

#[test]
fn starttls_advertised_then_refused_stops_the_run_before_any_password_leaves() {
    let server = FaultServer::start(Script {
        refuse_starttls: true,
        ..Script::default()
    });
    let env = home(server.port, 5);
    passwd(&env, "E0003", OLD);
    let config = std::fs::read_to_string(env.home.join("hrpass.toml"))
        .unwrap()
        .replace("security = \"none\"", "security = \"starttls\"");
    std::fs::write(env.home.join("hrpass.toml"), config).unwrap();
    let out = env.run(&send_args("--regenerate", &codes(3..4)));
    expect_exit(&out, 1);
    assert!(server.arrived().is_empty(), "nothing sent in plain text");
    assert_eq!(outbox(&env)[0]["state"], "queued");
    assert!(verifies(&env, "E0003", OLD));
}

// ---------------------------------------------------------------------------------------
// The canary over every error path of the send and template commands (issue 9)

/// Runs the send and template commands through their error paths — refusing servers, a
/// dropped connection, a server that times out, templates that fail at send time, a
/// replaced vault key, an unwritable report, cancel and retry — then searches everything
/// they printed, the store, its WAL and every file in the home for every password involved:
/// each one mailed or attempted (as the server saw it), and the employees' own.
#[test]
fn canary_no_password_from_any_send_error_path_reaches_output_or_the_home() {
    use crate::common::assert_no_secret;
    let server = FaultServer::start(Script {
        rcpt: Box::new(|_, address| {
            (address == "jose.garcia@example.com").then_some("550 5.1.1 no such user")
        }),
        data: Box::new(|n| match n {
            0 => OnData::Drop,
            1 => OnData::Reply("451 4.3.0 later"),
            2 => OnData::Reply("550 5.7.1 refused"),
            _ => OnData::Accept,
        }),
        ..Script::default()
    });
    let env = home(server.port, 2);
    // Keep a connection open so the WAL is not checkpointed away between commands.
    let keep = env.store();
    passwd(&env, "E0003", OLD);
    let mut captured = Vec::new();
    let mut run = |args: &[&str]| {
        let out = env.run(args);
        captured.extend_from_slice(&out.stdout);
        captured.extend_from_slice(&out.stderr);
        out
    };
    let targets = codes(2..8);
    run(&send_args("--regenerate", &targets));
    run(&send_args("--existing", &targets));
    run(&["--format", "json", "outbox", "retry"]);
    // Templates that fail at send time, stored as an older hrpass would have.
    for (name, body) in [
        ("broken", "Password: {{ password }} {{ 1 // 0 }}"),
        ("leaky", "Password: {{ password }}{% include password %}"),
    ] {
        keep.conn()
            .execute(
                "INSERT INTO templates (name, version, subject, text_body, created_by)
                 VALUES ($1, 1, 'Portal', $2, 'old-hrpass')",
                &[&name, &body],
            )
            .unwrap();
        let mut args = send_args("--regenerate", &targets);
        args.extend(["--template", name]);
        run(&args);
        run(&["template", "preview", name, "--employee", "E0004"]);
    }
    let mut args = send_args("--regenerate", &targets);
    args.extend(["--report", "/nonexistent/r.csv"]);
    run(&args);
    let list = env.ok(&["--format", "json", "outbox", "list"]);
    if let Some(id) = serde_json::from_str::<serde_json::Value>(&list).unwrap()[0]["id"].as_i64() {
        run(&["outbox", "cancel", &id.to_string()]);
    }
    let key = env.home.join("vault.key");
    let original = std::fs::read(&key).unwrap();
    std::fs::write(&key, [9u8; 32]).unwrap();
    run(&send_args("--existing", &targets));
    run(&["--format", "json", "outbox", "retry"]);
    std::fs::write(&key, &original).unwrap();
    run(&["log"]);
    run(&["--format", "json", "outbox", "list"]);

    let mut secrets: Vec<String> = server.arrived().iter().map(Arrived::password).collect();
    assert!(
        secrets.len() >= 4,
        "the paths above mailed or attempted passwords"
    );
    secrets.push(OLD.to_owned());
    let mut files = crate::common::home_files(&env);
    files.push(("captured output".into(), captured));
    assert_no_secret(&secrets, &files);
    drop(keep);
}

/// A non-ASCII address imports with a warning, and a server without SMTPUTF8 refusing it is
/// said plainly, with the address (issue 10).
#[test]
fn a_non_ascii_address_is_warned_about_and_its_refusal_said_plainly() {
    let server = FaultServer::start(Script {
        smtputf8: false,
        ..Script::default()
    });
    let env = home(server.port, 5);
    let file = env.file(
        "zoe.csv",
        format!(
            "{}Z1,Zoë,Ünal,zoë@example.com,,,,active\n",
            crate::common::HEADER
        ),
    );
    let out = env.run(&["employees", "import", &file]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("zoe.csv:2:4: email"), "{stderr}");
    assert!(
        stderr.contains("without SMTPUTF8 will refuse it"),
        "{stderr}"
    );
    let out = env.run(&send_args("--regenerate", &["Z1".to_owned()]));
    expect_exit(&out, 1);
    let reason = json(&out)["failed"][0]["reason"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        reason.contains("does not take non-ASCII addresses"),
        "{reason}"
    );
    assert!(reason.contains("(to zoë@example.com)"), "{reason}");
}
