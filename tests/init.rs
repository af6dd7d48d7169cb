//! `init`: the home, its files and their modes; idempotent.

use crate::common::TestEnv;
use std::os::unix::fs::PermissionsExt;

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn init_creates_a_private_home() {
    let env = TestEnv::bare();
    let out = env.ok(&["init"]);
    assert!(out.contains("Initialised"), "{out}");
    assert_eq!(mode(&env.home), 0o700);
    assert_eq!(mode(&env.home.join("hrpass.db")), 0o600);
    assert_eq!(mode(&env.home.join("hrpass.toml")), 0o600);
    assert_eq!(mode(&env.home.join("vault.key")), 0o600);
    assert_eq!(
        std::fs::metadata(env.home.join("vault.key")).unwrap().len(),
        32
    );
}

#[test]
fn init_again_changes_nothing_and_says_so() {
    let env = TestEnv::new();
    let key = std::fs::read(env.home.join("vault.key")).unwrap();
    let config = std::fs::read(env.home.join("hrpass.toml")).unwrap();
    let before = env.snapshot();
    let out = env.ok(&["init"]);
    assert!(
        out.contains("already initialised; nothing changed"),
        "{out}"
    );
    assert_eq!(std::fs::read(env.home.join("vault.key")).unwrap(), key);
    assert_eq!(std::fs::read(env.home.join("hrpass.toml")).unwrap(), config);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn two_homes_get_different_vault_keys() {
    let (a, b) = (TestEnv::new(), TestEnv::new());
    assert_ne!(
        std::fs::read(a.home.join("vault.key")).unwrap(),
        std::fs::read(b.home.join("vault.key")).unwrap()
    );
}

#[test]
fn a_command_before_init_says_to_run_init() {
    let env = TestEnv::bare();
    let text = env.fails(1, &["employees", "search"]);
    assert!(text.contains("run `hrpass init` first"), "{text}");
    assert!(
        text.contains("from HRPASS_HOME"),
        "says where the home came from: {text}"
    );
}

#[test]
fn a_damaged_vault_key_is_reported_not_replaced() {
    let env = TestEnv::new();
    std::fs::write(env.home.join("vault.key"), b"short").unwrap();
    let text = env.fails(1, &["init"]);
    assert!(text.contains("holds 5 bytes"), "{text}");
}

#[test]
fn usage_errors_exit_2() {
    let env = TestEnv::new();
    env.fails(2, &["employees", "search", "--status", "retired"]);
    env.fails(2, &["no-such-command"]);
    env.fails(2, &["employees", "search", "--recursive"]);
}

#[test]
fn the_audit_trail_names_the_os_user() {
    let env = TestEnv::new();
    env.ok(&["policy", "set", "--history", "6"]);
    let conn = rusqlite::Connection::open(env.home.join("hrpass.db")).unwrap();
    let operator: String = conn
        .query_row(
            "SELECT operator FROM audit WHERE action = 'policy.set' ORDER BY id DESC",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(operator, whoami::username().unwrap());
    assert_ne!(operator, "anonymous");
}
