//! `hrpass forgot`: one answer for every request, rate limits that hold under concurrency,
//! a real SMTP delivery of the new password, and the second factor not bypassed.

use crate::common::TestEnv;
use crate::delivery::{SmtpServer, password_in, recipient, use_smtp};
use crate::factor::{GOOD, confirm, enroll, own_password, verify};
use std::process::Output;

fn forgot(env: &TestEnv, who: &str, json: bool) -> Output {
    let mut args = vec!["forgot", who];
    if json {
        args = vec!["--format", "json", "forgot", who];
    }
    env.run(&args)
}

/// The .eml files the file transport wrote for `address`.
fn mails_to(env: &TestEnv, address: &str) -> usize {
    let Ok(entries) = std::fs::read_dir(env.home.join("outbox-mail")) else {
        return 0;
    };
    entries
        .filter_map(|e| std::fs::read_to_string(e.unwrap().path()).ok())
        .filter(|m| m.contains(&format!("To: {address}")) || m.contains(&format!("<{address}>")))
        .count()
}

fn actions(env: &TestEnv, prefix: &str) -> Vec<String> {
    let log = env.ok(&["--format", "json", "log"]);
    let log: serde_json::Value = serde_json::from_str(&log).unwrap();
    log.as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .filter(|a| a.starts_with(prefix))
        .collect()
}

#[test]
fn the_answer_is_the_same_whether_or_not_the_employee_exists() {
    let env = TestEnv::with_examples();
    env.ok(&["employees", "update", "E0020", "--status", "inactive"]);
    let email = env.sql_value("SELECT email FROM employees WHERE code = 'E0002'");
    let long = "x".repeat(5000);
    for json in [false, true] {
        let answers: Vec<(Option<i32>, Vec<u8>)> = [
            "E0001",        // known, by code
            email.as_str(), // known, by work address
            email.to_uppercase().as_str(),
            "E9999",              // unknown code
            "nobody@example.com", // unknown address
            "E0020",              // inactive
            "' OR 1=1 --",        // hostile
            long.as_str(),        // too long to be anyone
        ]
        .iter()
        .map(|who| {
            let out = forgot(&env, who, json);
            (out.status.code(), out.stdout)
        })
        .collect();
        for answer in &answers {
            assert_eq!(
                answer,
                &answers[0],
                "{}",
                String::from_utf8_lossy(&answer.1)
            );
        }
        assert_eq!(answers[0].0, Some(0));
    }
    let e0001 = env.sql_value("SELECT email FROM employees WHERE code = 'E0001'");
    assert_eq!(mails_to(&env, &e0001), 2, "E0001 by code, once per format");
    assert_eq!(
        mails_to(&env, &email),
        3,
        "E0002 by address: four asks, a limit of 3"
    );
    let issued = actions(&env, "forgot.issued").len();
    let unknown = actions(&env, "forgot.unknown").len();
    let inactive = actions(&env, "forgot.inactive").len();
    let limited = actions(&env, "forgot.limited").len();
    // 16 requests: E0001 twice (issued), E0002 four times (three issued, one limited),
    // unknown ones (E9999, nobody, hostile, long) eight times, the inactive one twice.
    assert_eq!((issued, limited, unknown, inactive), (5, 1, 8, 2));
    // What was typed for an unknown request is not kept (people type passwords there).
    let log = env.ok(&["--format", "csv", "log"]);
    assert!(
        !log.contains("nobody@example.com") && !log.contains("1=1"),
        "{log}"
    );
}

#[test]
fn forgot_mails_a_new_password_over_smtp_and_the_second_factor_still_needs_its_code() {
    let env = TestEnv::with_examples();
    let server = SmtpServer::start(&[]);
    use_smtp(&env, server.port);
    own_password(&env, "E0014");
    let (app, _) = enroll(&env, "E0014");
    confirm(&env, "E0014", &app);
    let email = env.sql_value("SELECT email FROM employees WHERE code = 'E0014'");

    let out = forgot(&env, &email, true);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let messages = server.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(recipient(&messages[0]), email);
    assert_eq!(
        messages[0]["subject"],
        "Your new Acme portal password (you asked for it)"
    );
    let text = messages[0]["text"].as_str().unwrap();
    assert!(
        !text.contains("otpauth") && !text.contains("secret="),
        "{text}"
    );
    let mailed = password_in(&messages[0]);

    // Accepted, so active: the old password is retired, the new one must be changed, and it
    // still needs the second factor.
    let (exit, json) = verify(&env, "E0014", GOOD, None);
    assert_eq!((exit, &json["outcome"]), (1, &"wrong".into()), "{json}");
    let (exit, json) = verify(&env, "E0014", &mailed, None);
    assert_eq!(
        (exit, &json["outcome"]),
        (1, &"second_factor_required".into())
    );
    std::thread::sleep(std::time::Duration::from_secs(1));
    let now = hrpass::credential::now() as u64;
    let code = app.generate(now + 30).to_string();
    let (exit, json) = verify(&env, "E0014", &mailed, Some(&code));
    assert_eq!(exit, 0, "{json}");
    assert_eq!(json["must_change"], true, "{json}");
}

#[test]
fn a_refused_mail_leaves_the_old_password_working() {
    let env = TestEnv::with_examples();
    let email = env.sql_value("SELECT email FROM employees WHERE code = 'E0015'");
    let server = SmtpServer::start(&["--reject", &email]);
    use_smtp(&env, server.port);
    own_password(&env, "E0015");
    let out = forgot(&env, "E0015", false);
    assert!(
        out.status.success(),
        "the same answer, whatever the mail server said"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not delivered"), "{stderr}");
    let (exit, json) = verify(&env, "E0015", GOOD, None);
    assert_eq!(exit, 0, "{json}");
}

#[test]
fn forgot_is_limited_per_employee_and_overall() {
    let env = TestEnv::with_examples();
    env.ok(&[
        "policy",
        "set",
        "--forgot-per-employee",
        "2",
        "--forgot-per-hour",
        "5",
    ]);
    let email = |code: &str| {
        env.sql_value(&format!(
            "SELECT email FROM employees WHERE code = '{code}'"
        ))
    };
    for _ in 0..3 {
        assert!(forgot(&env, "E0016", false).status.success());
    }
    assert_eq!(
        mails_to(&env, &email("E0016")),
        2,
        "two an employee an hour"
    );
    // Requests 4 and 5 of the hour pass; the 6th, for someone new, is over the limit.
    assert!(forgot(&env, "E0017", false).status.success());
    assert!(forgot(&env, "nobody@example.com", false).status.success());
    assert!(forgot(&env, "E0018", false).status.success());
    assert_eq!(mails_to(&env, &email("E0017")), 1);
    assert_eq!(mails_to(&env, &email("E0018")), 0, "over the hour's limit");
    assert_eq!(actions(&env, "forgot.limited").len(), 2);
    // Off: nothing goes, and the answer is the same.
    env.ok(&["policy", "set", "--forgot-per-employee", "0"]);
    let out = forgot(&env, "E0019", false);
    assert!(out.status.success());
    assert_eq!(mails_to(&env, &email("E0019")), 0);
    assert_eq!(actions(&env, "forgot.disabled").len(), 1);
}

#[test]
fn requests_racing_for_one_employee_pass_the_limit_once() {
    let env = TestEnv::with_examples();
    let server = SmtpServer::start(&[]);
    use_smtp(&env, server.port);
    env.ok(&["policy", "set", "--forgot-per-employee", "1"]);
    let outs: Vec<Output> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| forgot(&env, "E0021", false)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(outs.iter().all(|o| o.status.success()));
    let email = env.sql_value("SELECT email FROM employees WHERE code = 'E0021'");
    assert_eq!(actions(&env, "forgot.issued").len(), 1);
    assert_eq!(actions(&env, "forgot.limited").len(), 3);
    // The one password mailed works.
    let messages = server.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(recipient(&messages[0]), email);
    let (exit, json) = verify(&env, "E0021", &password_in(&messages[0]), None);
    assert_eq!(exit, 0, "{json}");
}

/// An address inside many others ("an@acme.test" in "dan@acme.test", "jordan@acme.test", …)
/// still finds its one employee, and a fragment finds nobody.
#[test]
fn an_address_inside_many_others_finds_exactly_its_employee() {
    let env = TestEnv::with_examples();
    let mut rows =
        String::from("code,first_name,last_name,email,department,job_title,manager_code,status\n");
    for n in 0..80 {
        rows.push_str(&format!(
            "S{n:03},Sam,Suffix{n},x{n}an@acme.test,Ops,Clerk,,active\n"
        ));
    }
    rows.push_str("S999,An,Exact,AN@acme.test,Ops,Clerk,,active\n");
    let file = env.file("suffix.csv", rows);
    env.ok(&["employees", "import", &file]);
    assert!(forgot(&env, "an@acme.test", false).status.success());
    assert_eq!(mails_to(&env, "AN@acme.test"), 1);
    assert!(forgot(&env, "@acme.test", false).status.success());
    assert_eq!(actions(&env, "forgot.issued").len(), 1);
    assert_eq!(actions(&env, "forgot.unknown").len(), 1);
}
