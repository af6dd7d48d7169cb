//! The store's location and engines: `init --store` on a real PostgreSQL server, its
//! migrations under an advisory lock, `store status` on both engines, and the URL rules.

use crate::common::TestEnv;
use crate::common::pg::{self, database_of};

fn status(env: &TestEnv) -> serde_json::Value {
    serde_json::from_str(&env.ok(&["--format", "json", "store", "status"])).expect("JSON")
}

#[test]
fn init_store_creates_the_schema_on_postgresql_and_records_the_url() {
    let server = pg::server();
    let url = server.database();
    let env = TestEnv::home_only();
    let out = env.ok(&["--format", "json", "init", "--store", &url]);
    let created: serde_json::Value = serde_json::from_str(&out).unwrap();
    let created = created["created"].to_string();
    for part in [
        "schema",
        "policy version 1",
        "templates",
        "[store] url in hrpass.toml",
    ] {
        assert!(created.contains(part), "{part} in {created}");
    }
    let config = std::fs::read_to_string(env.home.join("hrpass.toml")).unwrap();
    assert!(config.contains(&format!("url = \"{url}\"")), "{config}");
    assert!(
        !env.db().exists(),
        "no SQLite file beside a PostgreSQL store"
    );

    let s = status(&env);
    assert_eq!(s["engine"], "postgresql");
    assert_eq!(s["schema_version"], s["schema_latest"]);
    assert_eq!(s["policy_version"], 1);
    assert!(
        s["server_version"]
            .as_str()
            .unwrap()
            .starts_with(char::is_numeric),
        "{s}"
    );
    let db = database_of(&url);
    assert_eq!(
        server.psql(db, "SELECT count(*) FROM templates").trim(),
        "2"
    );
    assert_eq!(
        server
            .psql(db, "SELECT action FROM audit ORDER BY id")
            .trim(),
        "init\nvault.fingerprint\npolicy.set\ntemplate.set\ntemplate.set"
    );
    // The audit trail is append-only there too.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "psql -X -q -h {} -p {} -U hrpass -d {db} -c 'DELETE FROM audit' 2>&1",
            server.socket_dir.display(),
            server.port
        ))
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("append-only"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // Again: nothing changes.
    let again = env.ok(&["init"]);
    assert!(again.contains("already initialised"), "{again}");
    assert_eq!(server.psql(db, "SELECT count(*) FROM audit").trim(), "5");
    let fingerprint = env.ok(&["--format", "json", "vault", "fingerprint"]);
    assert!(fingerprint.contains("\"matches\": true"), "{fingerprint}");
    // Over TCP on loopback the same store answers (TLS is not required there).
    let out = env
        .cmd()
        .env("HRPASS_STORE", server.tcp_url(db))
        .args(["--format", "json", "store", "status"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        s["location"].as_str().unwrap().contains("@127.0.0.1:"),
        "{s}"
    );
}

/// TLS to a real server: with `sslmode=require` the connection is encrypted and the
/// server's certificate checked against `[store] ca_file`; without that CA the certificate
/// is refused, naming why, and nothing is created.
#[test]
fn tls_to_postgresql_checks_the_certificate_against_ca_file() {
    let server = pg::server();
    let db_url = server.database();
    let db = database_of(&db_url);
    let url = server.tls_url(db);

    let env = TestEnv::home_only();
    let out = env.cmd().args(["init", "--store", &url]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("certificate") && stderr.contains("UnknownIssuer"),
        "{stderr}"
    );
    assert_eq!(
        server
            .psql(
                db,
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
            )
            .trim(),
        "0",
        "nothing created over a refused connection"
    );

    std::fs::write(
        env.home.join("hrpass.toml"),
        format!(
            "[store]\nurl = \"{url}\"\nca_file = \"{}\"\n",
            server.ca_file.display()
        ),
    )
    .unwrap();
    env.ok(&["init"]);
    assert_eq!(status(&env)["engine"], "postgresql");
    // The library over the same URL: the server says the session is encrypted.
    let location = hrpass::store::location::Location::parse(&url).unwrap();
    let store = hrpass::store::open_location(&location, Some(&server.ca_file)).unwrap();
    let ssl: bool = store
        .conn()
        .value(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .unwrap();
    assert!(ssl, "the session is not encrypted");
}

/// Two machines (homes) set up one store at once: the migrations take turns under the
/// advisory lock, the schema, policy and templates are made once, and a home with another
/// vault key is refused with both fingerprints.
#[test]
fn two_homes_initialising_one_store_at_once_take_turns() {
    let server = pg::server();
    let url = server.database();
    let first = TestEnv::home_only();
    let second = TestEnv::home_only();
    first.ok(&["init", "--store", &url]);
    // The second machine gets the first one's vault key, as the docs say to.
    std::fs::create_dir_all(&second.home).unwrap();
    std::fs::copy(first.home.join("vault.key"), second.home.join("vault.key")).unwrap();
    std::fs::remove_file(first.home.join("hrpass.toml")).unwrap();
    let db = database_of(&url);
    server.psql(db, "DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    let spawn = |env: &TestEnv| {
        std::process::Command::new(crate::common::BIN)
            .env_clear()
            .env("HRPASS_HOME", &env.home)
            .env("HOME", env.dir.path())
            .env("USER", "test-admin")
            .args(["init", "--store", &url])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(&first), spawn(&second));
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(
        server.psql(db, "SELECT version FROM hrpass_schema").trim(),
        hrpass::store::Store::latest_schema().to_string()
    );
    assert_eq!(
        server.psql(db, "SELECT count(*) FROM templates").trim(),
        "2"
    );
    assert_eq!(server.psql(db, "SELECT count(*) FROM policies").trim(), "1");

    // A third machine without the key is told to copy it, and gets no key of its own.
    let stranger = TestEnv::home_only();
    let text = stranger.fails(1, &["init", "--store", &url]);
    assert!(
        text.contains("Copy the vault.key the other machines use"),
        "{text}"
    );
    assert!(!stranger.home.join("vault.key").exists());
    // One with a key of its own is refused naming both.
    std::fs::create_dir_all(&stranger.home).unwrap();
    hrpass::vault::create_key(&stranger.home.join("vault.key")).unwrap();
    let text = stranger.fails(1, &["init", "--store", &url]);
    assert!(
        text.contains("is not the key this store's passwords were sealed with"),
        "{text}"
    );
    assert_eq!(server.psql(db, "SELECT count(*) FROM meta").trim(), "1");
}

/// A store written by a newer hrpass is refused, never written to.
#[test]
fn a_store_from_a_newer_hrpass_is_refused() {
    let server = pg::server();
    let url = server.database();
    let env = TestEnv::home_only();
    env.ok(&["init", "--store", &url]);
    server.psql(database_of(&url), "UPDATE hrpass_schema SET version = 99");
    let text = env.fails(1, &["store", "status"]);
    assert!(
        text.contains("written by a newer hrpass (schema 99"),
        "{text}"
    );
}

/// The URL's rules, checked before anything is made: no password in it, TLS beyond
/// loopback, a database that exists.
#[test]
fn store_urls_are_checked_before_anything_is_created() {
    let env = TestEnv::home_only();
    for (url, expected) in [
        ("postgres://hr:pw-in-url-77@127.0.0.1/x", "holds a password"),
        (
            "postgres://hr@db.corp.example/hrpass?sslmode=disable",
            "TLS is required to any host that is not loopback",
        ),
        ("mysql://hr@db/x", "is not a store URL"),
    ] {
        let text = env.fails(1, &["init", "--store", url]);
        assert!(text.contains(expected), "{url}: {text}");
        assert!(!text.contains("pw-in-url-77"), "{text}");
        assert!(!env.home.exists(), "{url}: nothing was created");
    }
    let server = pg::server();
    let text = env.fails(1, &["init", "--store", &server.url("no_such_database")]);
    assert!(
        text.contains("cannot connect to the store") && text.contains("no_such_database"),
        "{text}"
    );
}

/// `store status` on the default SQLite store counts what it holds; HRPASS_STORE points a
/// home at PostgreSQL; a command that does not run on PostgreSQL yet says so.
#[test]
fn store_status_on_sqlite_and_hrpass_store_overrides_the_config() {
    let env = TestEnv::with_examples_here();
    let s = status(&env);
    assert_eq!(s["engine"], "sqlite");
    assert_eq!(s["employees"], 50);
    assert_eq!(s["source"], "the default");

    let server = pg::server();
    let url = server.database();
    let other = TestEnv::home_only();
    other.ok(&["init", "--store", &url]);
    std::fs::copy(other.home.join("vault.key"), env.home.join("vault.key")).unwrap();
    let out = env
        .cmd()
        .env("HRPASS_STORE", &url)
        .args(["--format", "json", "store", "status"])
        .output()
        .unwrap();
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["engine"], "postgresql");
    assert_eq!(s["source"], "HRPASS_STORE");
    assert_eq!(s["employees"], 0);
    // Every command runs on the PostgreSQL store.
    other.ok(&[
        "employees",
        "import",
        crate::common::example("employees.csv").to_str().unwrap(),
    ]);
    assert_eq!(other.codes(&["muller"]), ["E0001"]);
    assert_eq!(
        server
            .psql(database_of(&url), "SELECT count(*) FROM employees")
            .trim(),
        "50"
    );
}

/// A machine of a shared store: a home on `url` with the shared vault key (the first one
/// makes it), the example employees (imported once), plain test templates and SMTP pointed
/// at `port`.
fn machine(url: &str, port: u16, key_from: Option<&TestEnv>) -> TestEnv {
    let env = TestEnv::on_store(url);
    if let Some(first) = key_from {
        std::fs::create_dir_all(&env.home).unwrap();
        std::fs::copy(first.home.join("vault.key"), env.home.join("vault.key")).unwrap();
    }
    env.ok(&["init"]);
    if key_from.is_none() {
        env.ok(&[
            "employees",
            "import",
            crate::common::example("employees.csv").to_str().unwrap(),
        ]);
        crate::lifecycle::plain_templates(&env);
    }
    crate::lifecycle::point_at(&env, port, 5);
    env
}

/// A fault server that answers each message after `delay_ms`, and two machines on one new
/// PostgreSQL store sending through it.
fn two_machines(delay_ms: u64) -> (crate::common::fault_smtp::FaultServer, TestEnv, TestEnv) {
    use crate::common::fault_smtp::{FaultServer, OnData, Script};
    let server = FaultServer::start(Script {
        data: Box::new(move |_| OnData::Delay(std::time::Duration::from_millis(delay_ms))),
        ..Script::default()
    });
    let url = pg::server().database();
    let a = machine(&url, server.port, None);
    let b = machine(&url, server.port, Some(&a));
    (server, a, b)
}

/// Asserts that no Message-ID arrived twice.
fn no_message_twice(accepted: &[crate::common::fault_smtp::Arrived]) {
    let mut ids = std::collections::HashSet::new();
    for m in accepted {
        assert!(
            ids.insert(m.message_id.clone()),
            "{} mailed twice",
            m.message_id
        );
    }
}

/// Two machines on one PostgreSQL store (two homes, the shared key; their send locks are
/// their own, so nothing but the store keeps them apart). Both send to overlapping employees
/// at once: no delivery is mailed twice, and every employee still signs in with the last
/// password mailed to them. Then one is killed right after queueing: the other leaves its
/// deliveries alone while the lease runs, and sends them once it ran out, each once.
#[test]
fn two_machines_on_one_postgresql_store_never_send_one_delivery_twice() {
    use crate::lifecycle::{Invariant, codes, expect_exit, send_args, spawn};
    let (server, a, b) = two_machines(40);
    let invariant = Invariant::before(&a);

    let (first, second) = (codes(2..20), codes(10..28));
    let runs = [
        spawn(&a, &send_args("--regenerate", &first), None),
        spawn(&b, &send_args("--regenerate", &second), None),
    ];
    let mut sent = std::collections::BTreeSet::new();
    for run in runs {
        let out = run.wait_with_output().unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 3)),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for code in summary["sent"].as_array().unwrap() {
            sent.insert(code.as_str().unwrap().to_owned());
        }
    }
    let accepted = server.accepted();
    no_message_twice(&accepted);
    let recipients: std::collections::BTreeSet<_> =
        accepted.iter().map(|m| m.to[0].clone()).collect();
    // Every active employee of either list (E0002–E0027, inactive ones refused) was mailed.
    assert!(sent.len() >= 20, "{sent:?}");
    assert_eq!(recipients.len(), sent.len(), "{recipients:?} for {sent:?}");
    invariant.check(&a, &accepted, None);

    // A sender killed right after it queued holds its deliveries until its lease runs out.
    let targets = codes(30..38);
    let killed = spawn(
        &a,
        &send_args("--regenerate", &targets),
        Some("send.after_queue_commit=return"),
    );
    let out = killed.wait_with_output().unwrap();
    assert_ne!(out.status.code(), Some(0), "the crash point stopped it");
    let held: i64 = a
        .sql_value("SELECT count(*) FROM outbox WHERE state = 'queued' AND leased_by IS NOT NULL")
        .parse()
        .unwrap();
    assert_eq!(held, 8);
    let before = server.accepted().len();
    let out = b.run(&["--format", "json", "outbox", "retry"]);
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["sent"], serde_json::json!([]), "{summary}");
    assert!(
        summary["refused"].to_string().contains("is sending it"),
        "{summary}"
    );
    assert_eq!(
        server.accepted().len(),
        before,
        "nothing of the held ones was sent"
    );
    // The lease runs out (moved into the past rather than waited for).
    a.sql("UPDATE outbox SET lease_until = 1 WHERE state = 'queued'");
    let out = b.run(&["--format", "json", "outbox", "retry"]);
    expect_exit(&out, 0);
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["sent"].as_array().unwrap().len(), 8, "{summary}");
    let accepted = server.accepted();
    no_message_twice(&accepted);
    invariant.check(&a, &accepted, None);
}

/// The password line of the .eml files a home's file transport wrote, newest last.
fn mailed_passwords(env: &TestEnv) -> Vec<String> {
    let mut files: Vec<_> = std::fs::read_dir(env.home.join("outbox-mail"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort_by_key(|p| std::fs::metadata(p).unwrap().modified().unwrap());
    files
        .iter()
        .map(|p| {
            let text = quoted_printable(&std::fs::read_to_string(p).unwrap());
            let line = text
                .lines()
                .find(|l| l.trim_start().starts_with("Password:"))
                .expect("a Password: line")
                .to_owned();
            line.trim_start()
                .trim_start_matches("Password:")
                .trim()
                .to_owned()
        })
        .collect()
}

/// The text of a quoted-printable body (RFC 2045): soft breaks joined, `=HH` decoded.
fn quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'=' && i + 2 < bytes.len())
            .then(|| std::str::from_utf8(&bytes[i + 1..i + 3]).ok())
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn verifies(env: &TestEnv, code: &str, password: &str) -> bool {
    env.feed(&format!("{password}\n"), &["verify", code])
        .status
        .success()
}

/// `store copy` SQLite → PostgreSQL → SQLite: the same employees export on every side, every
/// password verifies and every sealed copy opens after each hop; a target with data is
/// refused.
#[test]
fn store_copy_round_trip_keeps_everything_and_refuses_a_full_target() {
    const OWN: &str = "harbour-Falcon-velvet-58";
    let a = TestEnv::home_only();
    a.ok(&["init"]);
    a.ok(&[
        "employees",
        "import",
        crate::common::example("employees.csv").to_str().unwrap(),
    ]);
    assert!(
        a.feed(&format!("{OWN}\n"), &["passwd", "E0003"])
            .status
            .success()
    );
    // E0003 signs in with a second factor too: its sealed secret and recovery codes travel.
    let (app, _) = crate::factor::enroll(&a, "E0003");
    let recovery = crate::factor::confirm(&a, "E0003", &app);
    let with_code = |env: &TestEnv, one_time: &str| {
        crate::factor::verify(env, "E0003", OWN, Some(one_time)).0 == 0
    };
    a.ok(&["send-password", "--regenerate", "--yes", "--to", "E0004"]);
    let issued = mailed_passwords(&a).pop().unwrap();
    assert!(verifies(&a, "E0004", &issued));
    let export = a.ok(&["employees", "export"]);

    // Into PostgreSQL.
    let url = pg::server().database();
    let out = a.ok(&["--format", "json", "store", "copy", "--to", &url]);
    let copied: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows = |table: &str| {
        copied
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["table"] == table)
            .unwrap()["rows"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(rows("employees"), 50);
    assert!(rows("credentials") >= 2 && rows("outbox") >= 1, "{copied}");
    let b = TestEnv::on_store(&url);
    std::fs::create_dir_all(&b.home).unwrap();
    for file in ["vault.key", "hrpass.toml"] {
        std::fs::copy(a.home.join(file), b.home.join(file)).unwrap();
    }
    assert_eq!(b.ok(&["employees", "export"]), export);
    assert!(!verifies(&b, "E0003", OWN), "the second factor came along");
    let now = crate::factor::settled_now();
    assert!(
        with_code(&b, &crate::factor::code(&app, now, 30)),
        "its secret opens there"
    );
    assert!(with_code(&b, &recovery[0]));
    assert!(verifies(&b, "E0004", &issued));
    // The sealed copy opens there: --existing mails the same password again.
    b.ok(&["send-password", "--existing", "--yes", "--to", "E0004"]);
    assert_eq!(mailed_passwords(&b).pop().unwrap(), issued);
    assert_eq!(b.codes(&["muller"]), ["E0001"], "search works on the copy");

    // A full target is refused, and keeps what it has.
    let text = a.fails(1, &["store", "copy", "--to", &url]);
    assert!(text.contains("already holds data"), "{text}");
    assert_eq!(b.ok(&["employees", "export"]), export);

    // And back into a new SQLite file.
    let back = b.dir.path().join("back.db");
    b.ok(&["store", "copy", "--to", back.to_str().unwrap()]);
    let c = TestEnv::home_only();
    std::fs::create_dir_all(&c.home).unwrap();
    for file in ["vault.key", "hrpass.toml"] {
        std::fs::copy(a.home.join(file), c.home.join(file)).unwrap();
    }
    std::fs::copy(&back, c.db()).unwrap();
    assert_eq!(c.ok(&["employees", "export"]), export);
    assert!(
        !with_code(&c, &recovery[0]),
        "a used recovery code stays used"
    );
    assert!(with_code(&c, &recovery[1]));
    assert!(verifies(&c, "E0004", &issued));
    assert_eq!(
        c.codes(&["muller"]),
        ["E0001"],
        "the search index was rebuilt"
    );
    c.ok(&["send-password", "--existing", "--yes", "--to", "E0004"]);
    assert_eq!(mailed_passwords(&c).pop().unwrap(), issued);
    let text = b.fails(1, &["store", "copy", "--to", back.to_str().unwrap()]);
    assert!(text.contains("exists: copy into a new file"), "{text}");
}

/// Two machines sending at once from one PostgreSQL store (their send locks are their own)
/// share one `[delivery] daily_limit`: the count is taken under the store's write lock.
#[test]
fn two_machines_share_one_daily_limit() {
    use crate::lifecycle::{codes, send_args, spawn};
    let (server, a, b) = two_machines(20);
    for env in [&a, &b] {
        let path = env.home.join("hrpass.toml");
        let config = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            config.replacen("[delivery]\n", "[delivery]\ndaily_limit = 7\n", 1),
        )
        .unwrap();
    }
    let runs = [
        spawn(&a, &send_args("--regenerate", &codes(2..8)), None),
        spawn(&b, &send_args("--regenerate", &codes(20..26)), None),
    ];
    for run in runs {
        let out = run.wait_with_output().unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 3)),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let accepted = server.accepted();
    no_message_twice(&accepted);
    assert_eq!(accepted.len(), 7, "exactly the limit of 7 out of 12");
    assert_eq!(
        a.sql_value("SELECT count(*) FROM outbox WHERE state = 'queued'"),
        "5"
    );
}

/// Two machines running `notify-expiring` at once on one PostgreSQL store remind each issued
/// password once: the second finds the first's reminders under the store's write lock.
#[test]
fn two_machines_reminding_at_once_remind_each_password_once() {
    use crate::lifecycle::{codes, expect_exit, send_args, spawn};
    let (server, a, b) = two_machines(20);
    let targets = codes(2..10);
    expect_exit(&a.run(&send_args("--regenerate", &targets)), 0);
    let issued = server.accepted().len();
    assert_eq!(issued, targets.len());

    let remind = [
        "--format",
        "json",
        "--yes",
        "notify-expiring",
        "--within",
        "4d",
    ];
    let runs = [spawn(&a, &remind, None), spawn(&b, &remind, None)];
    for run in runs {
        let out = run.wait_with_output().unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 1 | 3)),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let accepted = server.accepted();
    no_message_twice(&accepted);
    let reminders: Vec<_> = accepted[issued..].iter().map(|m| m.to[0].clone()).collect();
    let unique: std::collections::BTreeSet<_> = reminders.iter().collect();
    assert_eq!(reminders.len(), targets.len(), "{reminders:?}");
    assert_eq!(
        unique.len(),
        targets.len(),
        "one reminder each: {reminders:?}"
    );
    assert_eq!(
        a.sql_value("SELECT count(*) FROM outbox WHERE kind = 'expiry'"),
        targets.len().to_string()
    );
}

/// A commit syncs SQLite's files with fdatasync, as SQLite's own Linux build does: the
/// bundled build calls fsync unless `HAVE_FDATASYNC` is defined (.cargo/config.toml), and
/// fsync also puts each commit's new mtime through the filesystem's journal. Counted with
/// strace over an import, whose commits are the store's.
#[test]
fn sqlite_commits_sync_with_fdatasync_not_fsync() {
    crate::sqlite_only!();
    crate::delivery::require_tool(
        "strace",
        std::process::Command::new("/usr/bin/strace").arg("-V"),
        "apt-get install strace",
    );
    let env = TestEnv::new();
    let trace = env.dir.path().join("syncs.trace");
    let out = env
        .std_cmd("/usr/bin/strace")
        .args(["-f", "-qq", "-e", "trace=fsync,fdatasync", "-o"])
        .arg(&trace)
        .arg(crate::common::BIN)
        .args(["employees", "import"])
        .arg(crate::common::example("employees.csv"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let trace = std::fs::read_to_string(&trace).unwrap();
    let calls = |name: &str| {
        trace
            .lines()
            .filter(|l| l.contains(&format!(" {name}(")) || l.starts_with(&format!("{name}(")))
            .count()
    };
    assert!(
        calls("fdatasync") >= 1,
        "the import's commit synced: {trace}"
    );
    assert_eq!(calls("fsync"), 0, "no fsync: {trace}");
}

/// A PostgreSQL connection keeps the 64 prepared statements it used last, here and on the
/// server (`pg_prepared_statements`). Some statements are written for their values, and a
/// portal's connection lives for days: it kept every statement it had ever run.
#[test]
fn a_postgresql_connection_keeps_a_bounded_number_of_prepared_statements() {
    let server = pg::server();
    let url = server.database();
    let env = TestEnv::home_only();
    env.ok(&["init", "--store", &url]);
    let store = hrpass::store::open_url(&url).unwrap();
    let one: &dyn hrpass::store::db::Param = &1i64;
    for n in 0..200i64 {
        let sql = format!("SELECT $1::int8 + {n}");
        assert_eq!(store.conn().value::<i64>(&sql, &[one]).unwrap(), n + 1);
    }
    let kept: i64 = store
        .conn()
        .value("SELECT count(*) FROM pg_prepared_statements", &[])
        .unwrap();
    // 64: the count's own statement is one of them (`store::STATEMENT_CACHE`).
    assert_eq!(
        kept, 64,
        "statements prepared on the server after 200 distinct ones"
    );
    // The one used last before the count is still prepared.
    let prepared: i64 = store
        .conn()
        .value(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement = 'SELECT $1::int8 + 199'",
            &[],
        )
        .unwrap();
    assert_eq!(prepared, 1, "the statement run last is kept");
}
