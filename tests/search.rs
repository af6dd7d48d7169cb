//! `employees search`: substring, case- and accent-insensitive, with filters.

use crate::common::{HEADER, TestEnv};

#[test]
fn text_matches_code_names_and_email_ignoring_case_and_accents() {
    let env = TestEnv::with_examples();
    assert_eq!(env.codes(&["zoe"]), ["E0001"], "Zoë from zoe");
    assert_eq!(env.codes(&["ZOË"]), ["E0001"]);
    assert_eq!(env.codes(&["müll"]), ["E0001"]);
    assert_eq!(env.codes(&["E0001"]), ["E0001"]);
    assert_eq!(env.codes(&["wrobel@"]), ["E0005"], "Łukasz Wróbel by email");
    assert_eq!(env.codes(&["lukasz"]), ["E0005"], "Ł folds to L");
    assert_eq!(env.codes(&["smith"]), ["E0017", "E0032", "E0049"]);
    assert_eq!(
        env.codes(&["julia smith"]),
        ["E0049"],
        "across first and last name"
    );
    assert!(env.codes(&["nobody-at-all"]).is_empty());
}

#[test]
fn short_text_still_matches_as_a_substring() {
    let env = TestEnv::with_examples();
    // Below three characters the trigram index cannot help; the scan must still be right.
    let codes = env.codes(&["øs"]);
    assert!(
        codes.contains(&"E0027".to_owned()),
        "Greta Østergaard: {codes:?}"
    );
    assert!(
        codes.contains(&"E0047".to_owned()),
        "Oskar Sørensen (oskar.sorensen): {codes:?}"
    );
}

#[test]
fn filters_narrow_the_result() {
    let env = TestEnv::with_examples();
    let finance = env.codes(&["--department", "finance"]);
    assert!(finance.len() > 3, "{finance:?}");
    assert_eq!(env.codes(&["smith", "--department", "Sales"]), ["E0049"]);
    let inactive = env.codes(&["--status", "inactive"]);
    assert_eq!(inactive, ["E0018", "E0042"]);
    let managers = env.codes(&["--title", "manager"]);
    assert_eq!(managers, ["E0002", "E0003", "E0004", "E0005", "E0006"]);
    assert_eq!(env.codes(&["--limit", "2"]).len(), 2);
}

#[test]
fn manager_finds_direct_reports_or_everyone_below() {
    let env = TestEnv::new();
    let file = env.file(
        "org.csv",
        format!("{HEADER}C,Ceo,X,c@example.com,,,,\nM,Man,X,m@example.com,,,C,\nW1,Wor,X,w1@example.com,,,M,\nW2,Wor,Y,w2@example.com,,,M,\nO,Oth,X,o@example.com,,,C,\n"),
    );
    env.ok(&["employees", "import", &file]);
    assert_eq!(env.codes(&["--manager", "C"]), ["M", "O"]);
    assert_eq!(
        env.codes(&["--manager", "C", "--recursive"]),
        ["M", "O", "W1", "W2"]
    );
    assert_eq!(env.codes(&["--manager", "M", "--recursive", "w1"]), ["W1"]);
}

#[test]
fn csv_output_uses_our_column_names_and_imports_again() {
    let env = TestEnv::with_examples();
    let csv = env.ok(&["--format", "csv", "employees", "search", "smith"]);
    let header = format!("{},personal_email\n", HEADER.trim_end());
    assert!(csv.starts_with(&header), "{csv}");
    assert_eq!(csv.lines().count(), 4);
    let other = TestEnv::with_examples();
    let file = other.file("again.csv", &csv);
    other.ok(&["employees", "import", &file, "--on-existing", "update"]);
}

#[test]
fn a_search_with_no_match_says_so_on_stderr_and_prints_nothing() {
    let env = TestEnv::with_examples();
    let out = env.run(&["employees", "search", "qqqqq"]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("No employee matches"));
}

/// `--limit` says on stderr when more matched than it shows, and says nothing when all did
/// (issue 19); stdout holds just the rows.
#[test]
fn a_limit_that_cuts_the_list_says_so_on_stderr() {
    let env = TestEnv::with_examples();
    let out = env.run(&["--format", "json", "employees", "search", "--limit", "2"]);
    assert!(out.status.success());
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 2);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("Showing the first 2 employees; more match"),
        "{said}"
    );
    let out = env.run(&["employees", "search", "--limit", "50"]);
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("more match"));
}
