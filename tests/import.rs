//! `employees import` and `employees validate`: all or nothing, and every error located.

use crate::common::{HEADER, TestEnv, example};

fn summary(out: &str) -> serde_json::Value {
    serde_json::from_str(out).expect("a JSON summary")
}

#[test]
fn the_example_file_imports_every_row_in_one_go() {
    let env = TestEnv::new();
    let out = env.ok(&[
        "--format",
        "json",
        "employees",
        "import",
        example("employees.csv").to_str().unwrap(),
    ]);
    let s = summary(&out);
    assert_eq!(s["added"], 50);
    assert_eq!(s["rows"], 50);
    assert_eq!(env.codes(&[]).len(), 50);
    // Non-ASCII names arrive intact.
    let zoe = env.ok(&["--format", "json", "employees", "show", "E0001"]);
    assert!(zoe.contains("\"first_name\": \"Zoë\""), "{zoe}");
}

#[test]
fn foreign_headers_bom_crlf_and_quoting_are_understood() {
    let env = TestEnv::new();
    let csv = "\u{feff}Employee ID,Given Name,Surname,Email Address,Cost Centre,Badge\r\n\
               A1,\"Smith, Jr.\",\"O\"\"Neil\",a1@example.com,100,x\r\n\
               A2,Zoë,Ünal,a2@example.com,200,y\r\n";
    let file = env.file("foreign.csv", csv);
    let out = env.run(&["employees", "import", &file]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Cost Centre, Badge"),
        "unknown columns are named: {stderr}"
    );
    let a1 = env.ok(&["--format", "json", "employees", "show", "A1"]);
    assert!(a1.contains(r#""first_name": "Smith, Jr.""#), "{a1}");
    assert!(a1.contains(r#""last_name": "O\"Neil""#), "{a1}");
    assert_eq!(env.codes(&["unal"]), ["A2"]);
}

#[test]
fn map_renames_a_foreign_header_to_one_of_ours() {
    let env = TestEnv::new();
    let file = env.file(
        "hr.csv",
        "Mitarbeiter-Nr,E-Mail-Adresse\nM7,m7@example.com\n",
    );
    let text = env.fails(1, &["employees", "import", &file]);
    assert!(
        text.contains("required column employee_code is missing"),
        "{text}"
    );
    env.ok(&[
        "employees",
        "import",
        &file,
        "--map",
        "Mitarbeiter-Nr=employee_code",
        "--map",
        "E-Mail-Adresse=email",
    ]);
    assert_eq!(env.codes(&[]), ["M7"]);
}

#[test]
fn a_map_to_a_column_we_do_not_have_is_a_usage_error() {
    let env = TestEnv::new();
    let file = env.file("hr.csv", HEADER);
    let text = env.fails(2, &["employees", "import", &file, "--map", "Gehalt=salary"]);
    assert!(text.contains("salary"), "{text}");
}

#[test]
fn a_map_whose_source_is_not_in_the_file_is_reported() {
    let env = TestEnv::new();
    let file = env.file("hr.csv", format!("{HEADER}E1,A,B,e1@example.com,,,,\n"));
    let text = env.fails(
        1,
        &[
            "employees",
            "import",
            &file,
            "--map",
            "Personalnummer=employee_code",
        ],
    );
    assert!(text.contains("no column \"Personalnummer\""), "{text}");
}

/// Each bad row (after a good one on line 2), and what the error must say.
fn bad_rows() -> Vec<(&'static str, String, String)> {
    let long = "L".repeat(101);
    [
        ("bad email", "E1,Ann,Lee,ann@,,,,\n", "bad.csv:3:4: email \"ann@\": is not a valid email address"),
        ("missing code", ",Ann,Lee,ann@example.com,,,,\n", "bad.csv:3:1: employee_code \"\": is required"),
        ("missing email", "E1,Ann,Lee,,,,,\n", "bad.csv:3:4: email \"\": is required"),
        ("unknown status", "E1,Ann,Lee,ann@example.com,,,,retired\n", "bad.csv:3:8: status \"retired\": unknown status"),
        ("line feed", "E1,\"An\nn\",Lee,ann@example.com,,,,\n", "bad.csv:3:2: first_name \"An\\nn\": contains a control character (U+000A)"),
        ("carriage return", "E1,\"An\rn\",Lee,ann@example.com,,,,\n", "bad.csv:3:2: first_name \"An\\rn\": contains a control character (U+000D)"),
        ("NUL", "E1,Ann,Le\0e,ann@example.com,,,,\n", "bad.csv:3:3: last_name \"Le\\0e\": contains a control character (U+0000)"),
        ("escape", "E1,Ann,Lee,ann@example.com,Sa\u{1b}[31mles,,,\n", "bad.csv:3:5: department \"Sa\\u{1b}[31mles\": contains a control character (U+001B)"),
        ("tab", "E1,Ann,Lee,ann@example.com,,Chief\tClerk,,\n", "bad.csv:3:6: job_title \"Chief\\tClerk\": contains a control character (U+0009)"),
        ("too long", "E1,Ann,LONG,ann@example.com,,,,\n", "bad.csv:3:3: last_name \"LLLL"),
        ("too few fields", "E1,Ann,Lee,ann@example.com\n", "bad.csv:3: the row has 4 fields but the header has 8"),
        ("too many fields", "E1,Ann,Lee,ann@example.com,,,,,extra\n", "bad.csv:3: the row has 9 fields but the header has 8"),
        ("duplicate code", "E1,Ann,Lee,ann@example.com,,,,\nE2,Bo,Ma,bo@example.com,,,,\nE1,Cy,Ng,cy@example.com,,,,\n", "bad.csv:5:1: employee_code \"E1\": appears more than once in the file (first at line 3)"),
        ("space in code", "E 1,Ann,Lee,ann@example.com,,,,\n", "bad.csv:3:1: employee_code \"E 1\": must not contain spaces"),
        ("own manager", "E1,Ann,Lee,ann@example.com,,,E1,\n", "bad.csv:3:7: manager_code \"E1\": an employee cannot be their own manager"),
        ("unknown manager", "E1,Ann,Lee,ann@example.com,,,NOBODY,\n", "bad.csv:3:7: manager_code \"NOBODY\": names no employee in the file or the store"),
        ("reporting cycle", "E1,Ann,Lee,ann@example.com,,,E2,\nE2,Bo,Ma,bo@example.com,,,E1,\n", "bad.csv:3: reporting cycle: E1 → E2 → E1"),
    ]
    .into_iter()
    .map(|(what, rows, expected)| (what, rows.replace("LONG", &long), expected.to_owned()))
    .collect()
}

#[test]
fn every_bad_row_is_located_and_nothing_is_written() {
    for (what, rows, expected) in bad_rows() {
        let env = TestEnv::with_examples();
        let before = env.snapshot();
        let file = env.file(
            "bad.csv",
            format!("{HEADER}E9,Ok,Row,ok@example.com,,,,\n{rows}"),
        );
        let text = env.fails(1, &["employees", "import", &file]);
        assert!(
            text.contains(&expected),
            "{what}: expected {expected:?} in\n{text}"
        );
        assert!(text.contains("nothing was imported"), "{what}: {text}");
        assert_eq!(env.snapshot(), before, "{what}: the store changed");
    }
}

#[test]
fn invalid_utf8_is_located() {
    let env = TestEnv::new();
    let before = env.snapshot();
    let mut csv = HEADER.as_bytes().to_vec();
    csv.extend_from_slice(b"E1,Ren\xe9,Lee,rene@example.com,,,,\n");
    let file = env.file("latin1.csv", csv);
    let text = env.fails(1, &["employees", "import", &file]);
    assert!(text.contains("latin1.csv:2:2: first_name"), "{text}");
    assert!(text.contains("not valid UTF-8"), "{text}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn header_problems_are_reported_before_any_row() {
    let cases = [
        (
            "first_name,last_name\nAnn,Lee\n",
            "required column employee_code is missing",
        ),
        (
            "employee_code,first_name\nE1,Ann\n",
            "required column email is missing",
        ),
        (
            "employee_code,email,Email Address\nE1,a@example.com,b@example.com\n",
            "bad.csv:1:3: Email Address: column 2 (\"email\") gives email already",
        ),
        ("", "the file is empty"),
    ];
    for (csv, expected) in cases {
        let env = TestEnv::with_examples();
        let before = env.snapshot();
        let file = env.file("bad.csv", csv);
        let text = env.fails(1, &["employees", "import", &file]);
        assert!(text.contains(expected), "expected {expected:?} in\n{text}");
        assert_eq!(env.snapshot(), before);
    }
}

#[test]
fn an_existing_code_is_an_error_by_default_and_nothing_is_written() {
    let env = TestEnv::with_examples();
    let before = env.snapshot();
    let file = env.file(
        "more.csv",
        format!(
            "{HEADER}N1,New,Person,n1@example.com,,,,\nE0002,José,García,jose@example.com,,,,\n"
        ),
    );
    let text = env.fails(1, &["employees", "import", &file]);
    assert!(
        text.contains("more.csv:3:1: employee_code \"E0002\": is already in the store"),
        "{text}"
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn on_existing_update_and_skip_count_what_they_did() {
    let env = TestEnv::with_examples();
    let file = env.file(
        "more.csv",
        format!("{HEADER}N1,New,Person,n1@example.com,,,,\nE0002,José,García,jose.new@example.com,Engineering,Engineering Manager,E0001,active\nE0003,Anaïs,Lefèvre,anais.lefevre@example.com,Finance,Finance Manager,E0001,active\n"),
    );
    let skipped = summary(&env.ok(&[
        "--format",
        "json",
        "employees",
        "import",
        &file,
        "--on-existing",
        "skip",
        "--dry-run",
    ]));
    assert_eq!(
        (skipped["added"].as_u64(), skipped["skipped"].as_u64()),
        (Some(1), Some(2))
    );
    let updated = summary(&env.ok(&[
        "--format",
        "json",
        "employees",
        "import",
        &file,
        "--on-existing",
        "update",
    ]));
    assert_eq!(updated["added"], 1);
    assert_eq!(updated["updated"], 1, "E0002's email changed");
    assert_eq!(updated["unchanged"], 1, "E0003 is as it was");
    let jose = env.ok(&["--format", "json", "employees", "show", "E0002"]);
    assert!(jose.contains("jose.new@example.com"), "{jose}");
}

#[test]
fn a_dry_run_reports_what_it_would_do_and_writes_nothing() {
    let env = TestEnv::new();
    let before = env.snapshot();
    let out = env.ok(&[
        "--format",
        "json",
        "employees",
        "import",
        "--dry-run",
        example("employees.csv").to_str().unwrap(),
    ]);
    let s = summary(&out);
    assert_eq!(s["added"], 50);
    assert_eq!(s["dry_run"], true);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn every_error_is_counted_and_the_listing_is_capped() {
    let env = TestEnv::new();
    // Names of 101, 102, … characters: 120 errors, each with its own reason.
    let rows: String = (0..120)
        .map(|i| format!("E{i},{},B,e{i}@example.com,,,,\n", "a".repeat(101 + i)))
        .collect();
    let file = env.file("many.csv", format!("{HEADER}{rows}"));
    let text = env.fails(1, &["employees", "import", &file]);
    assert!(text.contains("many.csv:2:2:"), "{text}");
    assert!(
        text.contains("many.csv:51:2:"),
        "the 50th error is listed: {text}"
    );
    assert!(!text.contains("many.csv:52:2:"), "the 51st is not: {text}");
    assert!(text.contains("and 70 more errors"), "{text}");
    assert!(text.contains("120 errors"), "{text}");
}

#[test]
fn validate_writes_nothing_and_reports_rows_with_errors() {
    let env = TestEnv::with_examples();
    let before = env.snapshot();
    let file = env.file(
        "check.csv",
        "Employee ID,Email Address,Notes\nV1,v1@example.com,fine\nV2,v2@,\"has, comma\"\nV3,v3@example.com,ok\n",
    );
    let report = env.dir.path().join("report.csv");
    let text = env.fails(
        1,
        &[
            "employees",
            "validate",
            &file,
            "--report",
            report.to_str().unwrap(),
        ],
    );
    assert!(
        text.contains("check.csv:3:2: Email Address \"v2@\""),
        "{text}"
    );
    let written = std::fs::read_to_string(&report).unwrap();
    let mut lines = written.lines();
    assert_eq!(
        lines.next(),
        Some("Employee ID,Email Address,Notes,line,error")
    );
    let row = lines.next().unwrap();
    assert!(
        row.starts_with("V2,v2@,\"has, comma\",3,Email Address: is not a valid email address"),
        "{row}"
    );
    assert_eq!(lines.next(), None, "only rows with errors are listed");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn validate_works_without_a_store_and_passes_a_good_file() {
    let env = TestEnv::bare();
    let out = env.ok(&[
        "employees",
        "validate",
        example("employees.csv").to_str().unwrap(),
    ]);
    assert!(out.contains("50 rows, no errors"), "{out}");
    assert!(!env.home.exists(), "validate creates no home");
}

#[test]
fn errors_come_as_json_for_scripts() {
    let env = TestEnv::new();
    let file = env.file("bad.csv", format!("{HEADER}E1,Ann,Lee,ann@,,,,\n"));
    let out = env.run(&["--format", "json", "employees", "import", &file]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(report["error_count"], 1);
    assert_eq!(report["errors"][0]["line"], 2);
    assert_eq!(report["errors"][0]["column"], 4);
    assert_eq!(report["errors"][0]["header"], "email");
}

#[test]
fn a_missing_file_is_an_error_that_names_it() {
    let env = TestEnv::new();
    let text = env.fails(1, &["employees", "import", "no-such.csv"]);
    assert!(text.contains("no-such.csv"), "{text}");
}

/// A corpus of hostile CSV files (issue 9): each is refused with a message that says what
/// and where, nothing is written, and no control character from the file reaches the
/// terminal.
#[test]
fn hostile_csv_files_are_refused_clearly_and_change_nothing() {
    let env = TestEnv::with_examples();
    let before = env.snapshot();
    let utf16 = |text: &str, bom: bool| -> Vec<u8> {
        let text = if bom {
            format!("\u{feff}{text}")
        } else {
            text.to_owned()
        };
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    };
    let row = "Z1,Ann,Lee,ann@example.com,,,,active\n";
    let corpus: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "unclosed quote",
            format!("{HEADER}{row}Z2,\"Bob,Lee,b@example.com,,,,active\n").into_bytes(),
            "line 3: a quote (\") opens a value that never closes",
        ),
        (
            "UTF-16 with BOM",
            utf16(&format!("{HEADER}{row}"), true),
            "save it as \"CSV UTF-8\"",
        ),
        (
            "UTF-16 without BOM",
            utf16(&format!("{HEADER}{row}"), false),
            "UTF-16",
        ),
        (
            "NUL in a header",
            b"employee_code,first\0_name,email\nZ1,Ann,ann@example.com\n".to_vec(),
            "1:2: first\\u{0}_name: the header contains a control character (U+0000)",
        ),
        (
            "ESC in a header",
            b"employee_code,email,\x1b[2J\x1b]0;pwned\x07\nZ1,ann@example.com,x\n".to_vec(),
            "the header contains a control character (U+001B)",
        ),
        (
            "a 2 MB field",
            format!(
                "{HEADER}Z1,{},Lee,ann@example.com,,,,active\n",
                "x".repeat(2_000_000)
            )
            .into_bytes(),
            "line 2: column 2: a value longer than 64 KiB",
        ),
        (
            "a 3-million-column header",
            format!("employee_code,email{}\n", ",".repeat(3_000_000)).into_bytes(),
            "more than 1000 columns",
        ),
        (
            "a 1 MB header name",
            format!("employee_code,email,{}\n", "h".repeat(1_000_000)).into_bytes(),
            "a value longer than 64 KiB",
        ),
        (
            "a right-to-left override in a name",
            format!("{HEADER}Z1,Ann\u{202e}eciv,Lee,ann@example.com,,,,active\n").into_bytes(),
            "bidirectional override (U+202E)",
        ),
        (
            "a zero-width space in a code",
            format!("{HEADER}E00\u{200b}01,Ann,Lee,ann@example.com,,,,active\n").into_bytes(),
            "invisible character (U+200B)",
        ),
    ];
    for (what, bytes, expected) in corpus {
        let file = env.file("hostile.csv", &bytes);
        for command in ["import", "validate"] {
            let started = std::time::Instant::now();
            // In a 256 MiB address space: a file must not cost its size in memory.
            let out = env.run_within(256 * 1024 * 1024, &["employees", command, &file]);
            assert_eq!(out.status.code(), Some(1), "{what} ({command})");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stderr.contains(expected), "{what} ({command}): {stderr}");
            let shown = [out.stdout.as_slice(), out.stderr.as_slice()].concat();
            assert!(
                !shown.iter().any(|&b| b == 0x1b || b == 0 || b == 0x07),
                "{what} ({command}): a control byte reached the terminal"
            );
            assert!(
                started.elapsed() < std::time::Duration::from_secs(10),
                "{what}"
            );
        }
        assert_eq!(env.snapshot(), before, "{what}: the store changed");
    }
}

/// Look-alike codes and domains (Cyrillic letters among Latin ones) import, with a warning
/// that names the line (issue 9).
#[test]
fn mixed_script_codes_and_domains_are_imported_with_a_warning_naming_the_line() {
    let env = TestEnv::new();
    let file = env.file(
        "mixed.csv",
        format!("{HEADER}E0001,Ann,Lee,ann@example.com,,,,active\nE0\u{0415}01,Anna,Lee,anna@ex\u{0430}mple.com,,,,active\n"),
    );
    let out = env.run(&["employees", "import", &file]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(":3:1: employee_code"), "{stderr}");
    assert!(
        stderr.contains("mixes Latin and Cyrillic letters"),
        "{stderr}"
    );
    assert!(stderr.contains(":3:4: email"), "{stderr}");
    assert_eq!(env.codes(&[]).len(), 2);
}

/// Error lines are the file's own lines for LF, CRLF, BOM + CRLF, and quoted values that
/// span lines (issue 10).
#[test]
fn error_lines_are_right_for_lf_crlf_bom_and_multi_line_values() {
    let env = TestEnv::new();
    let body = "employee_code,first_name,email\n\
                E1,Ann,bad-email\n\
                E2,\"Bob\nJr\",b@example.com\n\
                E3,Cy,also-bad\n";
    for (what, text) in [
        ("LF", body.to_owned()),
        ("CRLF", body.replace('\n', "\r\n")),
        (
            "BOM + CRLF",
            format!("\u{feff}{}", body.replace('\n', "\r\n")),
        ),
    ] {
        let file = env.file("lines.csv", &text);
        let out = env.fails(1, &["employees", "validate", &file]);
        for expected in [
            "lines.csv:2:3: email",
            "lines.csv:3:2: first_name",
            "lines.csv:5:3: email",
        ] {
            assert!(out.contains(expected), "{what}: {expected} in {out}");
        }
        let report = env.dir.path().join("lines-report.csv");
        env.fails(
            1,
            &[
                "employees",
                "validate",
                &file,
                "--report",
                report.to_str().unwrap(),
            ],
        );
        let rows = std::fs::read_to_string(&report).unwrap();
        assert!(
            !rows.lines().any(|l| l.trim().is_empty()),
            "{what}: a blank row in {rows}"
        );
    }
}

/// Re-importing a file says "already in the store" three times and counts the rest
/// (issue 10).
#[test]
fn a_repeated_reason_is_shown_three_times_and_counted() {
    let env = TestEnv::with_examples();
    let text = env.fails(
        1,
        &[
            "employees",
            "import",
            example("employees.csv").to_str().unwrap(),
        ],
    );
    assert_eq!(text.matches("is already in the store").count(), 4, "{text}");
    assert!(
        text.contains("… and 47 more rows with the same reason: is already in the store"),
        "{text}"
    );
}

/// A semicolon- or tab-separated export (European Excel) is read from its header, and the
/// separator used is named; `--delimiter` overrides (issue 10).
#[test]
fn semicolon_and_tab_files_are_detected_and_the_separator_named() {
    let env = TestEnv::new();
    let semicolon = env.file(
        "eu.csv",
        "Personalnummer;Vorname;Nachname;E-Mail;Abteilung\r\n\
         P1;Jürgen;Müller;p1@example.com;\"Vertrieb; Süd\"\r\n\
         P2;Anna;Schmidt;p2@example.com;Einkauf\r\n",
    );
    let out = env.run(&["--format", "json", "employees", "import", &semicolon]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("as semicolon-separated (detected from the header"),
        "{stderr}"
    );
    assert_eq!(
        summary(&String::from_utf8_lossy(&out.stdout))["delimiter"],
        "semicolon"
    );
    let p1 = env.ok(&["--format", "json", "employees", "show", "P1"]);
    assert!(p1.contains(r#""department": "Vertrieb; Süd""#), "{p1}");

    let tab = env.file("tab.tsv", "Employee ID\tWork Email\nT1\tt1@example.com\n");
    let out = env.ok(&["--format", "json", "employees", "import", &tab]);
    assert_eq!(summary(&out)["delimiter"], "tab");
    assert_eq!(env.codes(&["t1@"]), ["T1"]);

    // Forced to a comma, the semicolon file is one column, and the error says why.
    let text = env.fails(
        1,
        &["employees", "validate", &semicolon, "--delimiter", "comma"],
    );
    assert!(text.contains("read as one column with comma"), "{text}");
    assert!(text.contains("--delimiter"), "{text}");
}

/// Export status words are mapped with --status-map, and an unmapped one is an error that
/// lists every value seen and how to map it (issue 10).
#[test]
fn status_words_are_mapped_and_unknown_ones_listed_with_the_fix() {
    let env = TestEnv::new();
    let file = env.file(
        "status.csv",
        "Employee ID,Work Email,Employment Status\n\
         S1,s1@example.com,Employed\n\
         S2,s2@example.com,Terminated\n\
         S3,s3@example.com,On Leave\n\
         S4,s4@example.com,Terminated\n",
    );
    let text = env.fails(1, &["employees", "import", &file]);
    assert!(
        text.contains(r#""Employed" (1 row), "On Leave" (1 row), "Terminated" (2 rows)"#),
        "{text}"
    );
    assert!(
        text.contains("--status-map VALUE=active|inactive"),
        "{text}"
    );
    assert!(
        text.contains("status.csv:3:3"),
        "each row is located: {text}"
    );
    assert!(env.codes(&[]).is_empty());

    env.ok(&[
        "employees",
        "import",
        &file,
        "--status-map",
        "Employed=active",
        "--status-map",
        "terminated=inactive",
        "--status-map",
        "On Leave=active",
    ]);
    let s2 = env.ok(&["--format", "json", "employees", "show", "S2"]);
    assert!(s2.contains(r#""status": "inactive""#), "{s2}");
    let s3 = env.ok(&["--format", "json", "employees", "show", "S3"]);
    assert!(s3.contains(r#""status": "active""#), "{s3}");
    let usage = env.fails(
        2,
        &["employees", "validate", &file, "--status-map", "Left=gone"],
    );
    assert!(usage.contains("active or inactive"), "{usage}");
}

/// Managers given by name ("First Last" or "Last, First") are found in the file and the
/// store; unknown and ambiguous names are errors with candidates (issue 10).
#[test]
fn managers_by_name_resolve_against_the_file_and_the_store() {
    let env = TestEnv::new();
    env.ok(&[
        "employees",
        "import",
        &env.file(
            "store.csv",
            "employee_code,first_name,last_name,email,department\n\
             B1,Grace,Hopper,grace@example.com,Engineering\n",
        ),
    ]);
    let file = env.file(
        "bamboo.csv",
        "Employee #,First Name,Last Name,Work Email,Reports To\n\
         B2,Ada,Lovelace,ada@example.com,\"Hopper, Grace\"\n\
         B3,Alan,Turing,alan@example.com,Ada Lovelace\n\
         B4,Jürgen,Müller,j@example.com,\n",
    );
    env.ok(&["employees", "import", &file, "--manager-by", "name"]);
    let managers = env.ok(&["--format", "json", "employees", "search", "--manager", "B1"]);
    assert!(managers.contains("\"B2\""), "{managers}");
    let alan = env.ok(&["--format", "json", "employees", "show", "B3"]);
    assert!(alan.contains(r#""manager_code": "B2""#), "{alan}");

    let before = env.snapshot();
    let bad = env.file(
        "bad.csv",
        "Employee #,First Name,Last Name,Work Email,Reports To\n\
         B5,Grace,Hopper,grace2@example.com,Alan Turing\n\
         B6,Kay,Nobody,kay@example.com,Grace Hopper\n\
         B7,Lin,Ng,lin@example.com,Juergen Hopper\n\
         B8,Max,Self,max@example.com,\"Self, Max\"\n",
    );
    let text = env.fails(1, &["employees", "import", &bad, "--manager-by", "name"]);
    assert!(
        text.contains("bad.csv:3:5: Reports To \"Grace Hopper\": is ambiguous: 2 employees"),
        "{text}"
    );
    assert!(text.contains("B1 Grace Hopper (Engineering)"), "{text}");
    assert!(
        text.contains("bad.csv:4:5: Reports To \"Juergen Hopper\": names no employee"),
        "{text}"
    );
    assert!(
        text.contains("with that surname: B1 Grace Hopper"),
        "{text}"
    );
    assert!(
        text.contains("bad.csv:5:5") && text.contains("their own manager"),
        "{text}"
    );
    assert_eq!(env.snapshot(), before, "nothing was written");
}

/// Row errors, a duplicate code, an unknown manager and a reporting cycle come in one pass,
/// not four rounds of fix-and-retry (issue 10).
#[test]
fn every_class_of_error_is_reported_in_one_pass() {
    let env = TestEnv::new();
    let file = env.file(
        "all.csv",
        format!(
            "{HEADER}E1,Ann,Lee,not-an-email,,,,active\n\
             E2,Bob,Ray,bob@example.com,,,E9,active\n\
             E2,Bob,Ray,bob2@example.com,,,,active\n\
             E3,Cy,Fox,cy@example.com,,,E4,active\n\
             E4,Di,Fox,di@example.com,,,E3,active\n\
             E5,Ed,Lo,ed@example.com,,,E1,active\n"
        ),
    );
    let text = env.fails(1, &["employees", "validate", &file]);
    for expected in [
        "all.csv:2:4: email",
        "appears more than once in the file (first at line 3)",
        "\"E9\": names no employee",
        "reporting cycle: E3 → E4 → E3",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    // E5's manager is E1, a row with its own error: not reported again as unknown.
    assert!(!text.contains("\"E1\": names no employee"), "{text}");
}

/// Rows are written a thousand at a time (one statement a batch on PostgreSQL): a repeated
/// code is found within a batch and across batches, and the summary counts every row.
#[test]
fn repeated_codes_are_found_within_and_across_write_batches() {
    let env = TestEnv::new();
    let mut csv = String::from("employee_code,email\n");
    for n in 0..1500 {
        let code = match n {
            1200 => 10,
            1499 => 1300,
            n => n,
        };
        csv.push_str(&format!("B{code:05},b{n}@example.com\n"));
    }
    let file = env.file("batches.csv", &csv);
    let text = env.fails(1, &["employees", "validate", &file]);
    // File lines are rows + 2 (the header is line 1).
    assert!(text.contains("batches.csv:1202:1: employee_code \"B00010\": appears more than once in the file (first at line 12)"), "{text}");
    assert!(text.contains("batches.csv:1501:1: employee_code \"B01300\": appears more than once in the file (first at line 1302)"), "{text}");
    let fixed = env.file(
        "fixed.csv",
        csv.replace("B00010,b1200", "B09999,b1200")
            .replace("B01300,b1499", "B09998,b1499"),
    );
    let out = env.ok(&["--format", "json", "employees", "import", &fixed]);
    let summary: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(summary["added"], 1500, "{summary}");
    assert_eq!(env.codes(&["b09998"]), ["B09998"]);
}

/// The same warning row after row is shown three times and counted, as errors are.
#[test]
fn a_repeated_warning_is_shown_three_times_and_counted() {
    let env = TestEnv::new();
    let mut csv = String::from("employee_code,email\n");
    for n in 0..20 {
        csv.push_str(&format!("W{n:03},zoë{n}@example.com\n"));
    }
    let out = env.run(&["employees", "import", &env.file("warn.csv", &csv)]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.matches("has non-ASCII characters").count(),
        4,
        "{stderr}"
    );
    assert!(
        stderr.contains("… and 17 more rows with the same warning: has non-ASCII characters"),
        "{stderr}"
    );
}

/// The optional personal address, under the names HR exports give it: checked like the work
/// address (a bad one is an error at its row and column, and nothing is written).
#[test]
fn a_personal_email_column_is_read_under_its_usual_names_and_checked() {
    let env = TestEnv::new();
    let good = env.file(
        "hires.csv",
        "Employee ID,First Name,Last Name,Work Email,Personal Email\n\
         N001,Ada,Byron,ada.byron@corp.example,ada.b@mail.example\n\
         N002,Alan,Turing,alan.turing@corp.example,\n",
    );
    env.ok(&["employees", "import", &good]);
    let ada = env.ok(&["--format", "json", "employees", "show", "N001"]);
    assert!(
        ada.contains("\"personal_email\": \"ada.b@mail.example\""),
        "{ada}"
    );
    let alan = env.ok(&["--format", "json", "employees", "show", "N002"]);
    assert!(alan.contains("\"personal_email\": null"), "{alan}");

    let other = TestEnv::new();
    let bad = other.file(
        "bad.csv",
        "employee_code,email,Private Email\nN003,grace@corp.example,grace(at)mail\n",
    );
    let out = other.run(&["employees", "import", &bad]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.csv:2:3")
            && err.contains("Private Email")
            && err.contains("grace(at)mail"),
        "{err}"
    );
    assert!(other.codes(&[]).is_empty(), "nothing written");
}

/// An export's manager and title columns are not just "ignored": the notice names the flag
/// that would use each, and the advice for a name two people share is one that works: it
/// imports once the rows carry codes (issue 19).
#[test]
fn hints_for_ignored_columns_and_ambiguous_managers_name_flags_that_work() {
    let env = TestEnv::new();
    let file = env.file(
        "export.csv",
        "Employee ID,First Name,Last Name,Email,Reports to,Title\n\
         B1,Ann,Lee,ann@example.com,,Boss\n\
         B2,Ann,Lee,ann2@example.com,,Boss\n\
         B3,Bo,Kim,bo@example.com,Ann Lee,Clerk\n",
    );
    let out = env.run(&["employees", "validate", &file]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("--manager-by name --map \"Reports to\"=manager_code"),
        "{said}"
    );
    assert!(said.contains("--map \"Title\"=job_title"), "{said}");

    let out = env.run(&[
        "employees",
        "import",
        &file,
        "--manager-by",
        "name",
        "--map",
        "Reports to=manager_code",
    ]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("--map \\\"Reports to=manager_code\\\"")
            || said.contains("--map \"Reports to=manager_code\""),
        "{said}"
    );
    // Following it: the codes in the column, the same --map, no --manager-by name.
    let fixed = env.file(
        "fixed.csv",
        std::fs::read_to_string(&file)
            .unwrap()
            .replace(",Ann Lee,", ",B1,"),
    );
    env.ok(&[
        "employees",
        "import",
        &fixed,
        "--map",
        "Reports to=manager_code",
        "--map",
        "Title=job_title",
    ]);
    let shown = env.ok(&["--format", "json", "employees", "show", "B3"]);
    assert!(shown.contains("\"manager_code\": \"B1\""), "{shown}");
    assert!(shown.contains("\"job_title\": \"Clerk\""), "{shown}");
}
