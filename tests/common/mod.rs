//! `TestEnv`: a temporary home and a cleared environment for each test.

pub mod fault_smtp;
pub mod pg;

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Output;
use tempfile::TempDir;

pub const BIN: &str = env!("CARGO_BIN_EXE_hrpass");

/// The bundled example files.
pub fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

/// The engine the suite runs on: `HRPASS_TEST_STORE=postgres` runs every test against a real
/// PostgreSQL server (scripts/test.sh runs the suite once on each engine).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

pub fn engine() -> Engine {
    match std::env::var("HRPASS_TEST_STORE").as_deref() {
        Ok("postgres") => Engine::Postgres,
        _ => Engine::Sqlite,
    }
}

/// Ends a test that is about SQLite's own file (its header, WAL, page checks) on a
/// PostgreSQL run; the SQLite run of the suite carries it.
#[macro_export]
macro_rules! sqlite_only {
    () => {
        if $crate::common::engine() == $crate::common::Engine::Postgres {
            eprintln!("about SQLite's file: runs in the SQLite run of the suite");
            return;
        }
    };
}

/// The built `examples/NAME.rs`: cargo builds examples beside the test binary's folder.
pub fn example_binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent()
        .and_then(Path::parent)
        .unwrap()
        .join("examples")
        .join(name)
}

/// Runs `examples/NAME.rs` (cargo builds examples beside the test binary's folder), with a
/// new database of the test server as its store on a PostgreSQL run.
pub fn run_example(name: &str) -> Output {
    let mut cmd = std::process::Command::new(example_binary(name));
    if engine() == Engine::Postgres {
        // The library against PostgreSQL: the examples take a store URL.
        cmd.arg(pg::server().database());
    }
    cmd.output()
        .unwrap_or_else(|e| panic!("examples/{name}.rs is built by cargo test: {e}"))
}

pub struct TestEnv {
    pub dir: TempDir,
    pub home: PathBuf,
    /// The test's own PostgreSQL database, on a PostgreSQL run.
    pub store_url: Option<String>,
}

impl TestEnv {
    /// A home folder that does not exist yet (and, on a PostgreSQL run, a new empty
    /// database every command of this test reaches through `HRPASS_STORE`).
    pub fn bare() -> TestEnv {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let home = dir.path().join("home");
        let store_url = (engine() == Engine::Postgres).then(|| pg::server().database());
        TestEnv {
            dir,
            home,
            store_url,
        }
    }

    /// A home whose store is wherever its own commands say (for tests that choose the engine
    /// themselves): no `HRPASS_STORE` on either run.
    pub fn home_only() -> TestEnv {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let home = dir.path().join("home");
        TestEnv {
            dir,
            home,
            store_url: None,
        }
    }

    /// The variables that point a command at this test's store (none for SQLite, whose
    /// store is in the home).
    pub fn store_env(&self) -> Vec<(&'static str, String)> {
        self.store_url
            .iter()
            .map(|url| ("HRPASS_STORE", url.clone()))
            .collect()
    }

    /// The store, through the library, on either engine.
    pub fn store(&self) -> hrpass::store::Store {
        match &self.store_url {
            Some(url) => hrpass::store::open_url(url).expect("open the store"),
            None => hrpass::store::Store::open(&self.db()).expect("open the store"),
        }
    }

    /// The first column of the first row of `sql`, as text.
    pub fn sql_value(&self, sql: &str) -> String {
        self.store()
            .conn()
            .query_one(sql, &[], |r| Ok(r.shown(0)))
            .unwrap_or_else(|e| panic!("{sql}: {e:#}"))
    }

    /// Runs a statement on the store (to set up a state a test needs).
    pub fn sql(&self, sql: &str) {
        self.store()
            .conn()
            .batch(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e:#}"));
    }

    /// A home after `hrpass init`.
    pub fn new() -> TestEnv {
        let env = TestEnv::bare();
        env.ok(&["init"]);
        env
    }

    /// A home whose every command uses the store at `url` (another machine of a shared
    /// PostgreSQL store), on either run.
    pub fn on_store(url: &str) -> TestEnv {
        let mut env = TestEnv::home_only();
        env.store_url = Some(url.to_owned());
        env
    }

    /// `with_examples` in a home whose store is its own SQLite file, on either run.
    pub fn with_examples_here() -> TestEnv {
        let env = TestEnv::home_only();
        env.ok(&["init"]);
        env.ok(&[
            "employees",
            "import",
            example("employees.csv").to_str().unwrap(),
        ]);
        env
    }

    /// A home with the bundled example employees imported.
    pub fn with_examples() -> TestEnv {
        let env = TestEnv::new();
        env.ok(&[
            "employees",
            "import",
            example("employees.csv").to_str().unwrap(),
        ]);
        env
    }

    /// `program` with only the variables a test sets: this home and store, no user config,
    /// no colour.
    pub fn std_cmd(&self, program: &str) -> std::process::Command {
        let mut cmd = std::process::Command::new(program);
        cmd.env_clear()
            .env("HRPASS_HOME", &self.home)
            .env("HOME", self.dir.path())
            .env("USER", "test-admin")
            .env("NO_COLOR", "1")
            .env("HRPASS_TEST_CLOCK", self.clock_file())
            .env("XDG_RUNTIME_DIR", self.runtime_dir())
            .envs(self.store_env())
            .current_dir(self.dir.path());
        cmd
    }

    /// This test's user runtime folder (`$XDG_RUNTIME_DIR`: where `hrpass login` keeps its
    /// session file), made 0700 as systemd makes the real one.
    pub fn runtime_dir(&self) -> PathBuf {
        use std::os::unix::fs::DirBuilderExt;
        let dir = self.dir.path().join("run");
        let _ = std::fs::DirBuilder::new().mode(0o700).create(&dir);
        dir
    }

    /// The file of the injected clock's offset (see `credential::now`): every command of
    /// this test, a running `serve` too, reads it at every look at the time.
    fn clock_file(&self) -> PathBuf {
        self.dir.path().join("clock-offset")
    }

    /// Moves this test's clock on by `seconds` (for every command, running ones included).
    pub fn clock_forward(&self, seconds: i64) {
        let now = std::fs::read_to_string(self.clock_file())
            .ok()
            .and_then(|text| text.trim().parse::<i64>().ok())
            .unwrap_or(0);
        std::fs::write(self.clock_file(), (now + seconds).to_string()).expect("the clock file");
    }

    /// `hrpass`, set up as `std_cmd` does.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd(BIN))
    }

    /// `hrpass` started in the background (as `cmd` sets it up), its output piped.
    pub fn spawn(&self, args: &[&str]) -> std::process::Child {
        use std::process::Stdio;
        self.std_cmd(BIN)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("hrpass starts")
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("hrpass runs")
    }

    /// Runs with its address space limited to `bytes` (util-linux's `prlimit`): a command
    /// that needs more fails its allocation and dies, which the caller sees.
    pub fn run_within(&self, bytes: u64, args: &[&str]) -> Output {
        let mut cmd = self.std_cmd("prlimit");
        cmd.arg(format!("--as={bytes}"))
            .arg("--")
            .arg(BIN)
            .args(args);
        cmd.output()
            .expect("prlimit runs hrpass (prlimit is in Debian's util-linux)")
    }

    /// Runs and expects exit 0; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "hrpass {args:?} failed ({:?}):\nstdout: {}\nstderr: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("stdout is UTF-8")
    }

    /// Runs and expects exit `code`; returns stderr (and stdout after it).
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.run(args);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        assert_eq!(out.status.code(), Some(code), "hrpass {args:?}: {text}");
        text
    }

    /// Writes a file into the temporary folder and returns its path as text.
    pub fn file(&self, name: &str, content: impl AsRef<[u8]>) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, content).expect("write test file");
        path.to_str().unwrap().to_owned()
    }

    pub fn db(&self) -> PathBuf {
        self.home.join("hrpass.db")
    }

    /// Everything the store holds, as text: to prove a failed command changed nothing.
    pub fn snapshot(&self) -> String {
        self.dump(&["employees", "selection", "audit"])
    }

    /// The rows of `tables`, as text.
    pub fn dump(&self, tables: &[&str]) -> String {
        let store = self.store();
        let mut text = String::new();
        for table in tables {
            let rows = store
                .conn()
                .query(&format!("SELECT * FROM {table} ORDER BY 1"), &[], |row| {
                    Ok((0..row.len()).map(|i| row.shown(i)).collect::<Vec<_>>())
                })
                .unwrap();
            for row in rows {
                text.push_str(&format!("{table}: {}\n", row.join(" | ")));
            }
        }
        text
    }

    /// Runs with `input` on stdin.
    pub fn feed(&self, input: &str, args: &[&str]) -> Output {
        self.cmd()
            .args(args)
            .write_stdin(input.as_bytes().to_vec())
            .output()
            .expect("hrpass runs")
    }

    /// The employee codes `employees search ARGS` finds, in order.
    pub fn codes(&self, args: &[&str]) -> Vec<String> {
        let mut full = vec!["employees", "search", "--format", "json"];
        full.extend_from_slice(args);
        let found: serde_json::Value = serde_json::from_str(&self.ok(&full)).expect("JSON");
        found
            .as_array()
            .expect("a JSON array")
            .iter()
            .map(|e| e["employee_code"].as_str().unwrap().to_owned())
            .collect()
    }
}

pub const HEADER: &str =
    "employee_code,first_name,last_name,email,department,job_title,manager_code,status\n";

/// Every encoding of `secret` a leak could take.
fn encodings(secret: &str) -> Vec<(String, Vec<u8>)> {
    use base64::Engine as _;
    let raw = secret.as_bytes().to_vec();
    let hex: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    vec![
        ("raw".into(), raw.clone()),
        ("hex".into(), hex.into_bytes()),
        (
            "base64".into(),
            base64::engine::general_purpose::STANDARD
                .encode(&raw)
                .trim_end_matches('=')
                .as_bytes()
                .to_vec(),
        ),
        (
            "base64 (no pad)".into(),
            base64::engine::general_purpose::STANDARD_NO_PAD
                .encode(&raw)
                .into_bytes(),
        ),
    ]
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every file of the home, with its bytes, for a canary search, and the store: on SQLite its
/// file and WAL (asserted present and not empty: keep a connection open so the WAL is not
/// checkpointed away); on PostgreSQL a dump of the test's database and the server's own WAL
/// and data files.
pub fn home_files(env: &TestEnv) -> Vec<(String, Vec<u8>)> {
    let mut files = files_under(&env.home);
    match &env.store_url {
        None => assert!(
            files
                .iter()
                .any(|(name, bytes)| name.ends_with("-wal") && !bytes.is_empty()),
            "the WAL was searched"
        ),
        Some(url) => {
            let server = pg::server();
            let dump = server.dump(pg::database_of(url));
            assert!(dump.len() > 1000, "the database was dumped");
            files.push(("pg_dump of the test database".into(), dump));
            // The segments written last hold this test's writes (the older ones, other tests').
            let mut wal: Vec<_> = std::fs::read_dir(server.socket_dir.join("data").join("pg_wal"))
                .unwrap()
                .filter_map(|e| e.ok())
                .filter(|e| e.path().is_file())
                .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
                .collect();
            wal.sort();
            let recent: Vec<_> = wal.iter().rev().take(2).collect();
            assert!(!recent.is_empty(), "the server's WAL was searched");
            for (_, path) in recent {
                files.push((path.display().to_string(), std::fs::read(path).unwrap()));
            }
        }
    }
    files
}

/// Every file under `dir`, with its bytes (the store, its WAL, reports, keys…).
pub fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                files.push((path.display().to_string(), bytes));
            }
        }
    }
    files
}

/// Asserts that no encoding of any of `secrets` is in any of `files` (name, bytes).
pub fn assert_no_secret(secrets: &[String], files: &[(String, Vec<u8>)]) {
    for secret in secrets {
        for (encoding, needle) in encodings(secret) {
            for (name, bytes) in files {
                assert!(
                    !contains(bytes, &needle),
                    "the {encoding} of a password is in {name}"
                );
            }
        }
    }
}

/// Starts a test server (`cmd`, its stdout piped here) and waits for the "READY" line it
/// prints once it listens.
pub fn start_server(cmd: &mut std::process::Command, what: &str) -> std::process::Child {
    use std::io::BufRead;
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{what} does not start: {e}"));
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line.trim(), "READY", "{what} did not start");
    child
}
