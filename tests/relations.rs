//! `relations import`: reporting lines, with unknown codes and cycles refused.

use crate::common::{TestEnv, example};

#[test]
fn the_example_relations_move_three_engineers_under_a_lead() {
    let env = TestEnv::with_examples();
    let out = env.ok(&[
        "--format",
        "json",
        "relations",
        "import",
        example("relations.csv").to_str().unwrap(),
    ]);
    let summary: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(summary["changed"], 3);
    assert_eq!(
        env.codes(&["--manager", "E0011"]),
        ["E0016", "E0021", "E0026"]
    );
}

#[test]
fn unknown_codes_are_located_and_nothing_changes() {
    let env = TestEnv::with_examples();
    let before = env.snapshot();
    let file = env.file(
        "rel.csv",
        "employee_code,manager_code\nE0016,E0011\nX999,E0001\nE0021,Y888\n",
    );
    let text = env.fails(1, &["relations", "import", &file]);
    assert!(
        text.contains("rel.csv:3:1: employee_code \"X999\": no employee has this code"),
        "{text}"
    );
    assert!(
        text.contains("rel.csv:4:2: manager_code \"Y888\": no employee has this code"),
        "{text}"
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_cycle_is_printed_and_nothing_changes() {
    let env = TestEnv::with_examples();
    let before = env.snapshot();
    // E0003 reports to E0001; making E0001 report to E0007 (who reports to E0003) closes a loop.
    let file = env.file("rel.csv", "Employee ID,Manager ID\nE0001,E0007\n");
    let text = env.fails(1, &["relations", "import", &file]);
    assert!(
        text.contains("reporting cycle: E0001 → E0007 → E0003 → E0001"),
        "{text}"
    );
    // Which column, and how to get out of it (issue 19).
    assert!(
        text.contains("manager_code column") && text.contains("an empty manager_code for E0001"),
        "{text}"
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn an_empty_manager_clears_the_line() {
    let env = TestEnv::with_examples();
    let file = env.file("rel.csv", "employee_code,manager_code\nE0007,\n");
    env.ok(&["relations", "import", &file]);
    assert!(
        !env.codes(&["--manager", "E0003"])
            .contains(&"E0007".to_owned())
    );
}

#[test]
fn a_code_listed_twice_is_refused() {
    let env = TestEnv::with_examples();
    let file = env.file(
        "rel.csv",
        "employee_code,manager_code\nE0007,E0003\nE0007,E0004\n",
    );
    let text = env.fails(1, &["relations", "import", &file]);
    assert!(text.contains("rel.csv:3:1: employee_code \"E0007\": appears more than once in the file (first at line 2)"), "{text}");
}

/// Row ids anywhere in SQLite's 64-bit range (an edited or merged store) neither panic nor
/// take memory by their size (issue 9).
#[test]
fn a_store_with_huge_row_ids_imports_and_checks_reporting_lines() {
    let env = TestEnv::with_examples();
    env.sql(
        "UPDATE employees SET id = 5000000000 WHERE code = 'E0050';
         UPDATE employees SET id = 9223372036854775807 WHERE code = 'E0049';",
    );
    let file = env.file(
        "rel.csv",
        "employee_code,manager_code\nE0050,E0049\nE0049,E0001\n",
    );
    env.ok(&["relations", "import", &file]);
    let cycle = env.file("cycle.csv", "employee_code,manager_code\nE0001,E0050\n");
    let text = env.fails(1, &["relations", "import", &cycle]);
    assert!(text.contains("E0050"), "{text}");
    // New rows after the largest possible id: SQLite picks ids at random.
    let rows = format!(
        "{}N1,New,One,n1@example.com,,,E0050,active\n",
        crate::common::HEADER
    );
    let new = env.file("new.csv", rows);
    env.ok(&["employees", "import", &new]);
}

/// `relations import` takes `--map` for a foreign export's headers, as upload does; a map to
/// a column it does not read is a usage error (issue 10).
#[test]
fn relations_import_takes_map() {
    let env = TestEnv::with_examples();
    let file = env.file("foreign.csv", "Kennung,Chef-Nr\nE0016,E0011\n");
    let text = env.fails(1, &["relations", "import", &file]);
    assert!(text.contains("--map"), "{text}");
    env.ok(&[
        "relations",
        "import",
        &file,
        "--map",
        "Kennung=employee_code",
        "--map",
        "Chef-Nr=manager_code",
    ]);
    assert_eq!(env.codes(&["--manager", "E0011"]), ["E0016"]);
    env.fails(2, &["relations", "import", &file, "--map", "Kennung=email"]);
}
