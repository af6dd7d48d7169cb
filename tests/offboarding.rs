//! Offboarding (issue 19): an employee marked inactive, by `deactivate`, `update --status` or
//! an upload, loses every password, sealed copy, queued mail and second factor in the same
//! transaction; the history stays in the audit trail, and coming back needs a new password.

use crate::common::TestEnv;
use crate::common::fault_smtp::{FaultServer, OnData, Script};
use crate::factor::{confirm, enroll};
use crate::lifecycle::{home, passwd, send_args, spawn, verifies};

const OWN: &str = "harbour-Falcon-velvet-58";

/// What `code` still holds: credentials not retired, sealed copies, queued or failed mail,
/// second factors not retired.
fn holdings(env: &TestEnv, code: &str) -> [String; 4] {
    let of = |sql: &str| {
        env.sql_value(&format!(
            "SELECT count(*) FROM {sql} AND employee_id = (SELECT id FROM employees WHERE code = '{code}')"
        ))
    };
    [
        of("credentials WHERE state <> 'retired'"),
        of("credentials WHERE sealed IS NOT NULL"),
        of("outbox WHERE state IN ('queued', 'failed')"),
        of("second_factors WHERE state <> 'retired'"),
    ]
}

fn offboard_entries(env: &TestEnv, code: &str) -> Vec<serde_json::Value> {
    let log = env.ok(&["--format", "json", "log", "--employee", code]);
    let log: serde_json::Value = serde_json::from_str(&log).unwrap();
    log.as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "employee.offboard")
        .cloned()
        .collect()
}

/// Everything an employee holds, by every way of marking them inactive: a password of their
/// own, an issued one waiting (sealed, its mail failed), and a second factor. Afterwards none
/// of it works, not even once they are active again, and the audit trail says what ended.
#[test]
fn deactivation_ends_passwords_seals_mail_and_factors_and_reactivation_needs_a_new_password() {
    let refusing = FaultServer::start(Script {
        rcpt: Box::new(|_, _| Some("550 5.1.1 mailbox unavailable")),
        ..Script::default()
    });
    for how in ["deactivate", "update", "import"] {
        let env = home(refusing.port, 5);
        let code = "E0004";
        passwd(&env, code, OWN);
        let (app, _) = enroll(&env, code);
        confirm(&env, code, &app);
        // A new password whose mail failed: pending, sealed, its delivery failed.
        let target = vec![code.to_owned()];
        assert_eq!(
            env.run(&send_args("--regenerate", &target)).status.code(),
            Some(1)
        );
        assert_eq!(holdings(&env, code), ["2", "1", "1", "1"], "{how}: before");

        match how {
            "deactivate" => {
                let out = env.ok(&["employees", "deactivate", code]);
                assert!(out.contains("no longer work"), "{out}");
            }
            "update" => {
                env.ok(&["employees", "update", code, "--status", "inactive"]);
            }
            _ => {
                let file = env.file(
                    "leavers.csv",
                    "employee_code,first_name,last_name,email,department,job_title,manager_code,status\n\
                     E0004,Søren,Kierkegaard,soren.kierkegaard@example.com,Human Resources,HR Manager,E0001,inactive\n",
                );
                let out = env.ok(&[
                    "--format",
                    "json",
                    "employees",
                    "import",
                    &file,
                    "--on-existing",
                    "update",
                ]);
                let summary: serde_json::Value = serde_json::from_str(&out).unwrap();
                assert_eq!(summary["offboarded"], 1, "{how}: {out}");
            }
        }
        assert_eq!(holdings(&env, code), ["0", "0", "0", "0"], "{how}: after");
        let entries = offboard_entries(&env, code);
        assert_eq!(entries.len(), 1, "{how}: {entries:?}");
        let detail = entries[0]["detail"].as_str().unwrap();
        assert!(
            detail.contains("retired 2 passwords and 1 second factor")
                && detail.contains("destroyed 1 sealed copy")
                && detail.contains("cancelled 1 delivery"),
            "{how}: {detail}"
        );
        let outbox = env.ok(&["--format", "json", "outbox", "list", "--state", "cancelled"]);
        assert!(
            outbox.contains("the employee was deactivated"),
            "{how}: {outbox}"
        );

        // Back again: the old password no longer opens anything, and nothing is left to send
        // with --existing.
        let out = env.run(&["employees", "update", code, "--status", "active"]);
        assert!(out.status.success());
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            said.contains("send-password --regenerate --to E0004"),
            "{said}"
        );
        assert!(
            !verifies(&env, code, OWN),
            "{how}: the old password came back"
        );
        let existing = env.run(&send_args("--existing", &target));
        assert_eq!(
            existing.status.code(),
            Some(1),
            "{how}: nothing sealed to send"
        );
        // Deactivating again finds nothing more to end, and says so.
        env.ok(&["employees", "deactivate", code]);
        let again = env.ok(&["employees", "deactivate", code]);
        assert!(
            again.contains("was already inactive; nothing changed"),
            "{again}"
        );
        assert_eq!(offboard_entries(&env, code).len(), 1, "{how}");
    }
}

/// Someone left inactive before offboarding existed still holds a password: deactivating
/// them again ends it, and the command says it did something.
#[test]
fn deactivating_an_inactive_employee_who_still_holds_a_password_ends_it() {
    let env = TestEnv::with_examples();
    let code = "E0006";
    crate::lifecycle::passwd(&env, code, OWN);
    env.sql("UPDATE employees SET status = 'inactive' WHERE code = 'E0006'");
    assert_eq!(holdings(&env, code)[0], "1");
    let out = env.ok(&["employees", "deactivate", code]);
    assert!(
        out.contains("Deactivated") && !out.contains("nothing changed"),
        "{out}"
    );
    assert_eq!(holdings(&env, code), ["0", "0", "0", "0"]);
}

/// The race the issue names: HR deactivates an employee while the mail with their new
/// password is at the server. The server accepts it, but the delivery was cancelled: it is
/// recorded `superseded`, the mailed password never becomes active, and their own password
/// is retired too, so the leaver holds no working password, even once reactivated.
#[test]
fn deactivation_while_a_new_password_is_in_flight_activates_nothing() {
    let server = FaultServer::start(Script {
        data: Box::new(|_| OnData::Hold),
        ..Script::default()
    });
    let env = home(server.port, 5);
    let code = "E0003";
    passwd(&env, code, OWN);
    let target = vec![code.to_owned()];
    let child = spawn(&env, &send_args("--regenerate", &target), None);
    server.wait_held(1);
    env.ok(&["employees", "deactivate", code]);
    server.release();
    let out = child.wait_with_output().unwrap();
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["superseded"][0]["employee_code"], code, "{summary}");
    let mailed = server.accepted()[0].password();
    assert_eq!(holdings(&env, code), ["0", "0", "0", "0"]);
    env.ok(&["employees", "update", code, "--status", "active"]);
    assert!(
        !verifies(&env, code, &mailed),
        "the mailed password never works"
    );
    assert!(!verifies(&env, code, OWN), "their old password is gone");
}

/// A send planned before the deactivation commits issues nothing for the leaver: `issue`
/// expects the employee active in its own transaction. Many rounds of a send to ten
/// employees racing a deactivation of one of them; whatever the order, the leaver ends with
/// nothing live and no delivery that is still queued.
#[test]
fn a_send_racing_a_deactivation_never_leaves_the_leaver_a_password() {
    let server = FaultServer::start(Script::default());
    let env = home(server.port, 5);
    let targets = crate::lifecycle::codes(1..11);
    for round in 0..4 {
        let leaver = &targets[round * 2 + 1];
        let child = spawn(&env, &send_args("--regenerate", &targets), None);
        std::thread::sleep(std::time::Duration::from_millis(40 * round as u64));
        env.ok(&["employees", "deactivate", leaver]);
        let out = child.wait_with_output().unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 3)),
            "round {round}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            holdings(&env, leaver),
            ["0", "0", "0", "0"],
            "round {round}: {leaver}"
        );
    }
    // The others got their passwords: each of them has exactly one active one.
    let active =
        env.sql_value("SELECT count(DISTINCT employee_id) FROM credentials WHERE state = 'active'");
    assert_eq!(active, "6", "the six who stayed");
}
