//! Single-record work: show, add, update, deactivate, export.

use crate::common::TestEnv;
use std::os::unix::fs::PermissionsExt;

#[test]
fn show_prints_one_employee_in_each_format() {
    let env = TestEnv::with_examples();
    let table = env.ok(&["employees", "show", "E0001"]);
    assert!(
        table.contains("first_name") && table.contains("Zoë"),
        "{table}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["--format", "json", "employees", "show", "E0001"])).unwrap();
    assert_eq!(json["email"], "zoe.muller@example.com");
    assert_eq!(json["manager_code"], serde_json::Value::Null);
    let text = env.fails(1, &["employees", "show", "E9999"]);
    assert!(text.contains("no employee has code \"E9999\""), "{text}");
}

#[test]
fn add_checks_every_field_and_names_the_flag() {
    let env = TestEnv::with_examples();
    let before = env.snapshot();
    let text = env.fails(
        1,
        &[
            "employees",
            "add",
            "--code",
            "N1",
            "--email",
            "n1@",
            "--first-name",
            "Ann\u{1b}",
            "--manager",
            "NOPE",
        ],
    );
    assert!(
        text.contains("--email \"n1@\": is not a valid email address"),
        "{text}"
    );
    assert!(
        text.contains("--first-name \"Ann\\u{1b}\": contains a control character"),
        "{text}"
    );
    assert!(
        text.contains("--manager \"NOPE\": no employee has this code"),
        "{text}"
    );
    let text = env.fails(
        1,
        &[
            "employees",
            "add",
            "--code",
            "E0001",
            "--email",
            "x@example.com",
        ],
    );
    assert!(
        text.contains("--code \"E0001\": is already in the store"),
        "{text}"
    );
    assert_eq!(env.snapshot(), before);

    env.ok(&[
        "employees",
        "add",
        "--code",
        "N1",
        "--email",
        "n1@example.com",
        "--first-name",
        "Nia",
        "--manager",
        "E0002",
    ]);
    assert_eq!(env.codes(&["--manager", "E0002", "nia"]), ["N1"]);
}

#[test]
fn update_changes_only_what_is_given_and_refuses_a_cycle() {
    let env = TestEnv::with_examples();
    let out = env.ok(&[
        "employees",
        "update",
        "E0007",
        "--job-title",
        "Senior Analyst",
    ]);
    assert!(out.contains("job_title"), "{out}");
    let again = env.ok(&[
        "employees",
        "update",
        "E0007",
        "--job-title",
        "Senior Analyst",
    ]);
    assert!(again.contains("nothing changed"), "{again}");
    assert_eq!(env.codes(&["--title", "senior analyst"]), ["E0007"]);

    let before = env.snapshot();
    let text = env.fails(1, &["employees", "update", "E0003", "--manager", "E0007"]);
    assert!(
        text.contains("reporting cycle E0003 → E0007 → E0003"),
        "{text}"
    );
    assert_eq!(env.snapshot(), before);

    env.ok(&["employees", "update", "E0007", "--manager", ""]);
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["--format", "json", "employees", "show", "E0007"])).unwrap();
    assert_eq!(json["manager_code"], serde_json::Value::Null);
}

#[test]
fn search_follows_every_kind_of_write() {
    let env = TestEnv::with_examples();
    env.ok(&[
        "employees",
        "update",
        "E0007",
        "--last-name",
        "Yamamoto",
        "--email",
        "h.yamamoto@example.com",
    ]);
    assert_eq!(env.codes(&["yamamoto"]), ["E0007"]);
    assert!(
        env.codes(&["tanaka"]).is_empty(),
        "the old name is gone from the index"
    );
    let file = env.file(
        "upd.csv",
        "employee_code,email,last_name\nE0007,hiroshi@example.com,Kobayashi\nN9,n9@example.com,Newcomer\n",
    );
    env.ok(&["employees", "import", &file, "--on-existing", "update"]);
    assert_eq!(env.codes(&["kobayashi"]), ["E0007"]);
    assert!(env.codes(&["yamamoto"]).is_empty());
    assert_eq!(env.codes(&["newcomer"]), ["N9"]);
}

#[test]
fn deactivate_marks_inactive_once() {
    let env = TestEnv::with_examples();
    assert!(
        env.ok(&["employees", "deactivate", "E0002"])
            .contains("Deactivated")
    );
    assert!(
        env.ok(&["employees", "deactivate", "E0002"])
            .contains("already inactive")
    );
    assert!(
        env.codes(&["--status", "inactive"])
            .contains(&"E0002".to_owned())
    );
}

#[test]
fn export_neutralises_formulas_and_is_private() {
    let env = TestEnv::new();
    let file = env.file(
        "evil.csv",
        "employee_code,first_name,last_name,email,department\nX1,=HYPERLINK(\"http://x\"),+1,x1@example.com,@SUM(A1)\nX2,-2,Plain,x2@example.com,Ops\n",
    );
    env.ok(&["employees", "import", &file]);
    let out = env.dir.path().join("out.csv");
    env.ok(&["employees", "export", out.to_str().unwrap()]);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("X1,\"'=HYPERLINK(\"\"http://x\"\")\",'+1,x1@example.com,'@SUM(A1)"),
        "{text}"
    );
    assert!(text.contains("X2,'-2,Plain,x2@example.com,Ops"), "{text}");
    let mode = std::fs::metadata(&out).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let stdout = env.ok(&["employees", "export"]);
    assert_eq!(stdout, text, "stdout and file agree");
}

#[test]
fn export_then_import_round_trips_the_examples() {
    let env = TestEnv::with_examples();
    let csv = env.ok(&["employees", "export"]);
    let other = TestEnv::new();
    let file = other.file("all.csv", &csv);
    other.ok(&["employees", "import", &file]);
    assert_eq!(other.ok(&["employees", "export"]), csv);
}

/// Every CSV hrpass writes neutralises formula cells, and every file it creates is private
/// (issue 9).
#[test]
fn every_csv_output_neutralises_formulas_and_every_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    let rows = format!(
        "{}E1,=HYPERLINK(\"http://x\"),+1,ann@example.com,-2+3+cmd|' /C calc'!A0,@SUM(A1),,active\n",
        crate::common::HEADER
    );
    let file = env.file("formula.csv", &rows);
    env.ok(&["employees", "import", &file]);
    env.ok(&["select", "add", "E1"]);
    let formula = |text: &str| {
        text.lines().skip(1).any(|line| {
            line.split(',').any(|cell| {
                cell.trim_start_matches('"')
                    .starts_with(['=', '+', '-', '@'])
            })
        })
    };
    for args in [
        vec!["--format", "csv", "employees", "search"],
        vec!["--format", "csv", "select", "list"],
        vec!["--format", "csv", "employees", "show", "E1"],
    ] {
        let out = env.ok(&args);
        assert!(out.contains("'=HYPERLINK"), "{args:?}: {out}");
        assert!(!formula(&out), "{args:?}: {out}");
    }
    // The validation report copies the file's cells: neutralised too, and private.
    let bad = env.file(
        "bad.csv",
        format!("{rows}E2,=cmd,x,not-an-email,,,,active\n"),
    );
    let report = env.dir.path().join("report.csv");
    env.fails(
        1,
        &[
            "employees",
            "validate",
            &bad,
            "--report",
            report.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(text.contains("'=cmd") && !formula(&text), "{text}");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&report), 0o600);
    // The send report and the send lock.
    let sent = env.dir.path().join("sent.csv");
    env.ok(&[
        "send-password",
        "--regenerate",
        "--yes",
        "--to",
        "E1",
        "--report",
        sent.to_str().unwrap(),
    ]);
    assert_eq!(mode(&sent), 0o600);
    assert_eq!(mode(&env.home.join("send.lock")), 0o600);
    let exported = env.dir.path().join("all.csv");
    env.ok(&["employees", "export", exported.to_str().unwrap()]);
    assert_eq!(mode(&exported), 0o600);
    assert!(!formula(&std::fs::read_to_string(&exported).unwrap()));
}

/// Naming what does not exist is an error that says so, not an empty result; a send's
/// summary has no CSV form; counts read naturally (issue 10).
#[test]
fn unknown_names_are_errors_and_counts_read_naturally() {
    let env = TestEnv::with_examples();
    let text = env.fails(1, &["outbox", "cancel", "999"]);
    assert!(
        text.contains("delivery 999 left as it is: there is no such delivery"),
        "{text}"
    );
    let text = env.fails(1, &["employees", "search", "--manager", "E9999"]);
    assert!(
        text.contains("--manager: no employee has code \"E9999\""),
        "{text}"
    );
    let text = env.fails(1, &["employees", "search", "--department", "Nope"]);
    assert!(
        text.contains("no employee is in a department called \"Nope\""),
        "{text}"
    );
    assert!(
        !env.codes(&["--department", "engineering"]).is_empty(),
        "a department matches without case"
    );
    let text = env.fails(
        1,
        &[
            "send-password",
            "--regenerate",
            "--dry-run",
            "--department",
            "Nope",
        ],
    );
    assert!(text.contains("no employee is in a department"), "{text}");
    let text = env.fails(
        2,
        &[
            "--format",
            "csv",
            "send-password",
            "--regenerate",
            "--dry-run",
            "--to",
            "E0002",
        ],
    );
    assert!(text.contains("--report FILE.csv"), "{text}");
    env.ok(&["policy", "set", "--lockout-threshold", "2"]);
    let out = env
        .cmd()
        .args(["verify", "E0002"])
        .write_stdin("lantern-Quokka-orbit-73\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    env.cmd()
        .args(["passwd", "E0002"])
        .write_stdin("lantern-Quokka-orbit-73\n")
        .assert()
        .success();
    let wrong = env.feed("not-the-right-one-at-all\n", &["verify", "E0002"]);
    let text = String::from_utf8_lossy(&wrong.stderr);
    assert!(text.contains("(1 attempt left before it locks)"), "{text}");
}

/// The display width of a line as a terminal draws it (box-drawing characters are one cell).
fn cells(line: &str) -> usize {
    line.trim_end_matches('\r').chars().count()
}

/// rexpect hands bytes over as Latin-1 characters: back to the UTF-8 the program wrote.
fn from_latin1(text: &str) -> String {
    if text.chars().all(|c| (c as u32) < 256) {
        String::from_utf8_lossy(&text.chars().map(|c| c as u8).collect::<Vec<u8>>()).into_owned()
    } else {
        text.to_owned()
    }
}

/// On a terminal an error's `error:` is red and the rest is plain text: hrpass's own colour
/// codes are sent as codes, never printed escaped, while what came from input still is
/// (issue 19).
#[test]
fn errors_on_a_terminal_are_red_and_never_show_escaped_colour_codes() {
    let env = TestEnv::with_examples();
    for colour in ["", "--color always "] {
        let mut cmd = std::process::Command::new(crate::common::BIN);
        cmd.env_clear()
            .env("HRPASS_HOME", &env.home)
            .envs(env.store_env())
            .env("TERM", "xterm")
            .args(colour.split_whitespace())
            .args(["employees", "show", "NOPE\u{1b}[2J"]);
        let mut session = rexpect::session::spawn_command(cmd, Some(15_000)).expect("a pty");
        let shown = from_latin1(&session.exp_eof().unwrap());
        assert!(
            shown.contains("\u{1b}[31m") && shown.contains("error:"),
            "{colour}: a red prefix: {shown:?}"
        );
        assert!(
            !shown.contains("\\u{1b}[31m"),
            "{colour}: no escaped colour code: {shown:?}"
        );
        assert!(
            shown.contains("NOPE\\u{1b}[2J") && !shown.contains("NOPE\u{1b}[2J"),
            "{colour}: the typed code is escaped: {shown:?}"
        );
    }
}

/// Tables fit the terminal: on an 80-column pty `employees search` and `log` wrap their
/// widest columns instead of overflowing; piped, lines stay whole for scripts (issue 10).
#[test]
fn tables_fit_an_80_column_terminal_and_stay_whole_in_a_pipe() {
    let env = TestEnv::with_examples();
    for args in [
        "employees search",
        "log",
        "employees search --department Engineering",
    ] {
        let mut cmd = std::process::Command::new("sh");
        cmd.env_clear()
            .env("HRPASS_HOME", &env.home)
            .envs(env.store_env())
            .env("TERM", "xterm")
            .env("PATH", "/usr/bin:/bin")
            .arg("-c")
            .arg(format!(
                "stty cols 80 rows 50; exec {} {args}",
                crate::common::BIN
            ));
        let mut session = rexpect::session::spawn_command(cmd, Some(15_000)).expect("a pty");
        let shown = from_latin1(&session.exp_eof().unwrap());
        assert!(shown.lines().count() > 3, "{args}: {shown}");
        let widest = shown.lines().map(cells).max().unwrap();
        assert!(widest <= 80, "{args}: a {widest}-cell line in\n{shown}");
    }
    let piped = env.ok(&["employees", "search"]);
    let widest = piped.lines().map(cells).max().unwrap();
    assert!(widest > 80, "a pipe gets whole lines ({widest} cells)");
    assert!(piped.contains("zoe.muller@example.com"), "{piped}");
}
