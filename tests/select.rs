//! `select`: the persistent "Selected employees" list, by code or name, with a real terminal
//! for `--interactive`.

use crate::common::{BIN, TestEnv};
use rexpect::process::WaitStatus;

fn selected(env: &TestEnv) -> Vec<String> {
    let list: serde_json::Value =
        serde_json::from_str(&env.ok(&["--format", "json", "select", "list"])).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| e["employee_code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn add_by_code_full_name_and_unique_substring() {
    let env = TestEnv::with_examples();
    env.ok(&["select", "add", "E0002", "Zoë Müller", "kierkegaard"]);
    assert_eq!(selected(&env), ["E0001", "E0002", "E0004"]);
    // The list persists between runs, and adding again changes nothing.
    let out = env.ok(&["--format", "json", "select", "add", "zoe muller"]);
    let change: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (
            change["changed"].as_u64(),
            change["unchanged"].as_u64(),
            change["selected"].as_u64()
        ),
        (Some(0), Some(1), Some(3))
    );
}

#[test]
fn an_ambiguous_name_lists_every_candidate_and_adds_nothing() {
    let env = TestEnv::with_examples();
    env.ok(&["select", "add", "E0002"]);
    let before = env.snapshot();
    let text = env.fails(1, &["select", "add", "E0003", "smith"]);
    for candidate in [
        "E0017  Liam Smith",
        "E0032  Carlos Smith",
        "E0049  Julia Smith",
    ] {
        assert!(text.contains(candidate), "{candidate} missing from\n{text}");
    }
    assert!(
        text.contains("--interactive"),
        "names the way to pick: {text}"
    );
    assert_eq!(env.snapshot(), before, "E0003 was not added either");
}

#[test]
fn an_unknown_name_adds_nothing() {
    let env = TestEnv::with_examples();
    let before = env.snapshot();
    let text = env.fails(1, &["select", "add", "E0003", "Nobody Atall"]);
    assert!(
        text.contains("no employee matches \"Nobody Atall\""),
        "{text}"
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn interactive_without_a_terminal_fails_and_names_the_other_way() {
    let env = TestEnv::with_examples();
    let text = env.fails(1, &["select", "add", "--interactive", "smith"]);
    assert!(
        text.contains("needs a terminal") && text.contains("pass employee codes"),
        "{text}"
    );
}

#[test]
fn remove_list_and_clear() {
    let env = TestEnv::with_examples();
    env.ok(&["select", "add", "E0002", "E0003", "E0004"]);
    env.ok(&["select", "remove", "E0003"]);
    assert_eq!(selected(&env), ["E0002", "E0004"]);
    let table = env.ok(&["select", "list"]);
    assert!(
        table.contains("José García") && table.contains("Søren Kierkegaard"),
        "{table}"
    );
    env.ok(&["select", "clear"]);
    assert!(selected(&env).is_empty());
}

fn interactive(env: &TestEnv, term: &str) -> rexpect::session::PtySession {
    let mut cmd = std::process::Command::new(BIN);
    cmd.env_clear()
        .env("HRPASS_HOME", &env.home)
        .envs(env.store_env())
        .env("TERM", "xterm")
        .env("USER", "test-admin")
        .args(["select", "add", "--interactive", term]);
    rexpect::session::spawn_command(cmd, Some(10_000)).expect("spawn in a pty")
}

/// Keys as a person types them: each waits for the prompt to be reading keys again.
fn type_keys(session: &mut rexpect::session::PtySession, keys: &[&str]) {
    for key in keys {
        std::thread::sleep(std::time::Duration::from_millis(300));
        session.send(key).unwrap();
        session.flush().unwrap();
    }
}

/// The list filters as the admin types; Enter marks, and "Done" takes the marks (issue 10).
#[test]
fn interactive_pick_filters_as_you_type_through_a_real_terminal() {
    let env = TestEnv::with_examples();
    let mut session = interactive(&env, "smith");
    session
        .exp_string("fits 3 employees")
        .expect("the question");
    session
        .exp_string("Julia Smith")
        .expect("the last candidate is drawn");
    // Filter to Julia and mark her, then Liam, then take the marks.
    type_keys(&mut session, &["jul", "\r"]);
    session
        .exp_string("[x] E0049  Julia Smith")
        .expect("Julia is marked");
    type_keys(&mut session, &["liam", "\r"]);
    session
        .exp_string("Done: take the 2 marked")
        .expect("two marked");
    type_keys(&mut session, &["done", "\r"]);
    session
        .exp_string("Added 2 employees")
        .expect("the summary");
    session.exp_eof().unwrap();
    assert!(matches!(
        session.process().wait(),
        Ok(WaitStatus::Exited(_, 0))
    ));
    assert_eq!(selected(&env), ["E0017", "E0049"]);
}

/// "Done" stays on top whatever the filter, and Home reaches it from anywhere: mark one, type
/// a filter that matches others, Home, Enter (issue 19).
#[test]
fn home_reaches_done_while_filtering() {
    let env = TestEnv::with_examples();
    let mut session = interactive(&env, "smith");
    session.exp_string("Julia Smith").unwrap();
    type_keys(&mut session, &["jul", "\r"]);
    session
        .exp_string("Done: take the 1 marked")
        .expect("Julia is marked");
    // A filter that matches someone else; the Done line is still drawn above it.
    type_keys(&mut session, &["smi"]);
    session.exp_string("Done: take the 1 marked").unwrap();
    type_keys(&mut session, &["\u{1b}[H", "\r"]);
    session
        .exp_string("Added 1 employee")
        .expect("Home, then Enter, takes the mark");
    session.exp_eof().unwrap();
    assert!(matches!(
        session.process().wait(),
        Ok(WaitStatus::Exited(_, 0))
    ));
    assert_eq!(selected(&env), ["E0049"]);
}

/// Esc cancels quietly: "Cancelled.", exit 1, the cursor shown again, nothing selected; Ctrl-C
/// ends with exit 130 and the cursor shown again (issue 10).
#[test]
fn esc_cancels_the_pick_and_ctrl_c_restores_the_cursor() {
    const SHOW_CURSOR: &str = "\u{1b}[?25h";
    let env = TestEnv::with_examples();
    let mut session = interactive(&env, "smith");
    session.exp_string("Julia Smith").unwrap();
    type_keys(&mut session, &["\u{1b}"]);
    session.exp_string("Cancelled.").unwrap();
    session.exp_eof().unwrap();
    assert!(matches!(
        session.process().wait(),
        Ok(WaitStatus::Exited(_, 1))
    ));
    assert!(selected(&env).is_empty());

    let mut session = interactive(&env, "smith");
    session.exp_string("Julia Smith").unwrap();
    type_keys(&mut session, &["\u{3}"]);
    let rest = session.exp_eof().unwrap();
    assert!(
        rest.contains(SHOW_CURSOR),
        "the cursor is shown again: {rest:?}"
    );
    assert!(matches!(
        session.process().wait(),
        Ok(WaitStatus::Exited(_, 130))
    ));
    assert!(selected(&env).is_empty());
}

/// Codes are matched the same way everywhere a person types one: case does not matter, and
/// `--to` takes comma lists (issue 10).
#[test]
fn codes_match_without_case_and_to_takes_comma_lists() {
    let env = TestEnv::with_examples();
    let out = env.ok(&[
        "--format",
        "json",
        "send-password",
        "--regenerate",
        "--dry-run",
        "--to",
        "e0002,E0003",
        "e0004",
    ]);
    let plan: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        plan["would_send"],
        serde_json::json!(["E0002", "E0003", "E0004"])
    );
    assert!(env.ok(&["employees", "show", "e0005"]).contains("E0005"));
}

/// A closed stdout ends a command quietly with exit 0 (`hrpass completions zsh | head -1`).
#[test]
fn a_closed_pipe_ends_generated_output_quietly() {
    use std::io::{BufRead, BufReader};
    for args in [["completions", "zsh"], ["completions", "bash"]] {
        let mut child = env_command(&args).spawn().unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    }
}

fn env_command(args: &[&str]) -> std::process::Command {
    let mut cmd = std::process::Command::new(crate::common::BIN);
    cmd.args(args)
        .env_clear()
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    cmd
}
