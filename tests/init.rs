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
    if env.store_url.is_none() {
        assert_eq!(mode(&env.home.join("hrpass.db")), 0o600);
    }
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
    let source = match env.store_url {
        None => "from HRPASS_HOME",
        Some(_) => "HRPASS_STORE",
    };
    assert!(
        text.contains(source),
        "says where the store came from: {text}"
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
    let operator =
        env.sql_value("SELECT operator FROM audit WHERE action = 'policy.set' ORDER BY id DESC");
    assert_eq!(operator, whoami::username().unwrap());
    assert_ne!(operator, "anonymous");
}

/// Damaged homes (issue 9): init never works around a missing key, a replaced key or a
/// damaged store; it says what is wrong and changes nothing.
#[test]
fn init_refuses_a_missing_or_replaced_vault_key_while_passwords_are_sealed() {
    let env = TestEnv::with_examples();
    env.ok(&["send-password", "--regenerate", "--yes", "--to", "E0002"]);
    let key = env.home.join("vault.key");
    let fingerprint = env.ok(&["--format", "json", "vault", "fingerprint"]);
    let fingerprint: serde_json::Value = serde_json::from_str(&fingerprint).unwrap();
    assert_eq!(fingerprint["matches"], true);
    let original = std::fs::read(&key).unwrap();

    std::fs::remove_file(&key).unwrap();
    let before = env.snapshot();
    let text = env.fails(1, &["init"]);
    assert!(
        text.contains("the store holds 1 sealed password,"),
        "{text}"
    );
    assert!(
        text.contains(fingerprint["key"].as_str().unwrap()),
        "{text}"
    );
    assert!(!key.exists(), "no new key was made");
    assert_eq!(env.snapshot(), before);

    let other = tempfile::tempdir().unwrap();
    hrpass::vault::create_key(&other.path().join("k")).unwrap();
    std::fs::copy(other.path().join("k"), &key).unwrap();
    let text = env.fails(1, &["init"]);
    assert!(
        text.contains("is not the key this store's passwords were sealed with"),
        "{text}"
    );
    env.fails(1, &["vault", "fingerprint"]);
    assert_eq!(env.snapshot(), before);

    std::fs::write(&key, &original).unwrap();
    env.ok(&["vault", "fingerprint"]);
    env.ok(&["init"]);
}

#[test]
fn an_empty_or_damaged_store_is_named_and_never_initialised_over() {
    crate::sqlite_only!();
    let env = TestEnv::with_examples();
    let db = env.db();
    let good = std::fs::read(&db).unwrap();
    std::fs::write(&db, b"").unwrap();
    for args in [
        &["init"][..],
        &["employees", "export"],
        &["employees", "search"],
    ] {
        let text = env.fails(1, args);
        assert!(
            text.contains("is empty (0 bytes): it is not a store"),
            "{args:?}: {text}"
        );
    }
    assert_eq!(
        std::fs::metadata(&db).unwrap().len(),
        0,
        "init left it alone"
    );
    // Truncated: the header is there, the pages are not.
    std::fs::write(&db, &good[..good.len() / 3]).unwrap();
    let _ = std::fs::remove_file(env.home.join("hrpass.db-wal"));
    for args in [&["init"][..], &["employees", "export"]] {
        let text = env.fails(1, args);
        assert!(text.contains("damaged"), "{args:?}: {text}");
        assert!(!text.contains("already initialised"), "{text}");
    }
    std::fs::write(&db, b"this is not a database at all, just text\n").unwrap();
    assert!(env.fails(1, &["init"]).contains("not an SQLite database"));
}

/// init on a full disk (here: a file-size limit) leaves no half-written file, and the next
/// init finishes the home.
#[test]
fn init_on_a_full_disk_leaves_nothing_half_written() {
    crate::sqlite_only!();
    let env = TestEnv::bare();
    for limit_kib in [1, 8] {
        let _ = std::fs::remove_dir_all(&env.home);
        let script = format!("trap '' XFSZ; ulimit -f {limit_kib}; exec \"$0\" init");
        let out = std::process::Command::new("bash")
            .args(["-c", &script, crate::common::BIN])
            .env("HRPASS_HOME", &env.home)
            .envs(env.store_env())
            .env("HOME", env.dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "limit {limit_kib} KiB");
        let config = env.home.join("hrpass.toml");
        if config.exists() {
            let text = std::fs::read_to_string(&config).unwrap();
            assert!(text.contains("[delivery]"), "a whole config or none");
        }
        let key = env.home.join("vault.key");
        if key.exists() {
            assert_eq!(
                std::fs::metadata(&key).unwrap().len(),
                32,
                "a whole key or none"
            );
        }
        assert!(
            !env.home.join("hrpass.db").exists(),
            "no half store left behind"
        );
        let leftovers: Vec<_> = std::fs::read_dir(&env.home)
            .map(|d| d.map(|e| e.unwrap().file_name()).collect())
            .unwrap_or_default();
        assert!(
            leftovers
                .iter()
                .all(|n| !n.to_string_lossy().contains("partial")),
            "{leftovers:?}"
        );
        env.ok(&["init"]);
        env.ok(&["employees", "search"]);
    }
}

/// A new home says what to do next, and an empty listing says so in a sentence (issue 10).
#[test]
fn init_says_what_comes_next_and_empty_listings_say_so() {
    let env = TestEnv::bare();
    let out = env.cmd().arg("init").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Next:") && stderr.contains("send-password --regenerate --dry-run"),
        "{stderr}"
    );
    assert_eq!(env.ok(&["outbox", "list"]).trim(), "Nothing to list.");
    assert!(
        !env.ok(&["--format", "json", "outbox", "list"])
            .contains("Nothing")
    );
}

/// Runs `hrpass args` and gives up after `secs` seconds, killing it: a hang fails the test
/// instead of stalling the suite.
fn run_bounded(env: &TestEnv, args: &[&str], secs: u64) -> std::process::Output {
    let mut child = std::process::Command::new(crate::common::BIN)
        .env_clear()
        .env("HRPASS_HOME", &env.home)
        .env("NO_COLOR", "1")
        .envs(env.store_env())
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("hrpass {args:?} still ran after {secs} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// A named pipe, a socket or a directory in place of one of the home's files is named and
/// refused, by `init` and every other command, before anything opens it: `init` used to
/// block forever on a FIFO (issue 19).
#[test]
fn a_pipe_socket_or_directory_among_the_home_files_is_named_and_refused() {
    for (file, kind, what) in [
        ("hrpass.db", "fifo", "a named pipe (FIFO)"),
        ("hrpass.toml", "fifo", "a named pipe (FIFO)"),
        ("vault.key", "fifo", "a named pipe (FIFO)"),
        ("hrpass.db-wal", "fifo", "a named pipe (FIFO)"),
        ("hrpass.db", "socket", "a socket"),
        ("hrpass.db", "dir", "a directory"),
    ] {
        let env = TestEnv::bare();
        std::fs::create_dir_all(&env.home).unwrap();
        let path = env.home.join(file);
        let _socket = match kind {
            "fifo" => {
                let made = std::process::Command::new("mkfifo").arg(&path).status();
                assert!(made.unwrap().success(), "mkfifo (coreutils) makes {file}");
                None
            }
            "socket" => Some(std::os::unix::net::UnixListener::bind(&path).unwrap()),
            _ => {
                std::fs::create_dir(&path).unwrap();
                None
            }
        };
        for args in [
            &["init"][..],
            &["employees", "search"],
            &["store", "status"],
        ] {
            let out = run_bounded(&env, args, 10);
            let text = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{file} {kind} {args:?}: {text}");
            assert!(
                text.contains(&format!("{} is {what}, not a file", path.display())),
                "{file} {kind} {args:?}: {text}"
            );
            assert!(!text.contains("run `hrpass init` first"), "{text}");
        }
        assert!(
            !env.home.join("hrpass.db").is_file(),
            "{file} {kind}: no store made"
        );
    }
}
