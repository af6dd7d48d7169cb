//! send-password and the outbox against a real SMTP server (aiosmtpd) on loopback.

use crate::common::{BIN, TestEnv};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

/// aiosmtpd in a child process, saving each accepted message as JSON.
pub(crate) struct SmtpServer {
    child: Child,
    pub(crate) port: u16,
    out: tempfile::TempDir,
}

impl SmtpServer {
    pub(crate) fn start(extra: &[&str]) -> SmtpServer {
        SmtpServer::start_on(free_port(), extra)
    }

    fn start_on(port: u16, extra: &[&str]) -> SmtpServer {
        require_tool(
            "python3 with aiosmtpd",
            Command::new("python3").args(["-c", "import aiosmtpd"]),
            "python3 -m pip install aiosmtpd",
        );
        let out = tempfile::tempdir().unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp/server.py");
        let child = crate::common::start_server(
            Command::new("python3")
                .arg(script)
                .args([
                    "--port",
                    &port.to_string(),
                    "--out",
                    out.path().to_str().unwrap(),
                ])
                .args(extra),
            "the test SMTP server",
        );
        SmtpServer { child, port, out }
    }

    /// Accepted messages, in order.
    pub(crate) fn messages(&self) -> Vec<serde_json::Value> {
        let mut names: Vec<_> = std::fs::read_dir(self.out.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        names.sort();
        let messages: Vec<serde_json::Value> = names
            .iter()
            .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
            .collect();
        // What every automated message carries, and what transactional mail must not.
        for m in &messages {
            let headers = &m["headers"];
            assert_eq!(headers["auto-submitted"], "auto-generated", "{m}");
            assert_eq!(headers["x-auto-response-suppress"], "All", "{m}");
            assert!(headers["list-unsubscribe"].is_null(), "{m}");
        }
        messages
    }

    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Points the home's config at a loopback SMTP server on `port`.
pub(crate) fn use_smtp(env: &TestEnv, port: u16) {
    let config = format!(
        "[smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\nfrom = \"Acme HR <hr@acme.test>\"\ntimeout_secs = 5\n\n\
         [delivery]\ntransport = \"smtp\"\nmax_attempts = 3\nretry_within_secs = 5\n\n\
         [portal]\ncompany = \"Acme\"\nlogin_url = \"https://portal.acme.test/login\"\n"
    );
    std::fs::write(env.home.join("hrpass.toml"), config).unwrap();
}

/// The password line of a mailed message's text part.
pub(crate) fn password_in(message: &serde_json::Value) -> String {
    let text = message["text"].as_str().unwrap();
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("Password:"))
        .expect("a Password: line");
    line.trim_start()
        .trim_start_matches("Password:")
        .trim()
        .to_owned()
}

pub(crate) fn recipient(message: &serde_json::Value) -> String {
    message["to"][0].as_str().unwrap().to_owned()
}

/// The server got exactly one mail for each (address, employee code), and each mailed
/// password signs that employee in.
fn each_mail_verifies(env: &TestEnv, server: &SmtpServer, expected: &[(&str, &str)]) {
    let messages = server.messages();
    assert_eq!(messages.len(), expected.len());
    for m in &messages {
        let to = recipient(m);
        let (_, code) = expected
            .iter()
            .find(|(address, _)| *address == to)
            .unwrap_or_else(|| panic!("mail to {to}"));
        assert!(verifies(env, code, &password_in(m)), "{code}");
    }
}

/// A loopback port nothing listens on (until a test starts a server there).
pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The employee sets `OLD` as their own password.
fn set_old_password(env: &TestEnv, code: &str) {
    let out = env.feed(&format!("{OLD}\n"), &["passwd", code]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn verifies(env: &TestEnv, code: &str, password: &str) -> bool {
    env.feed(&format!("{password}\n"), &["verify", code])
        .status
        .success()
}

/// How many deliveries `outbox list` shows queued.
fn queued(env: &TestEnv) -> usize {
    let list = env.ok(&["--format", "json", "outbox", "list", "--state", "queued"]);
    serde_json::from_str::<serde_json::Value>(&list)
        .unwrap()
        .as_array()
        .unwrap()
        .len()
}

fn summary(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("JSON summary: {}", String::from_utf8_lossy(&out.stdout)))
}

const OLD: &str = "lantern-Quokka-orbit-73";

/// `hrpass --format json send-password ARGS`.
fn send(env: &TestEnv, args: &[&str]) -> Output {
    let mut full = vec!["--format", "json", "send-password"];
    full.extend_from_slice(args);
    env.run(&full)
}

fn expect_exit(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_mailed_password_verifies_and_must_be_changed() {
    let env = TestEnv::with_examples();
    let server = SmtpServer::start(&[]);
    use_smtp(&env, server.port);
    env.ok(&["select", "add", "E0002", "E0003", "E0004"]);
    let out = send(&env, &["--regenerate", "--yes"]);
    expect_exit(&out, 0);
    assert_eq!(
        summary(&out)["sent"],
        serde_json::json!(["E0002", "E0003", "E0004"])
    );
    let messages = server.messages();
    assert_eq!(messages.len(), 3);
    // Four connections: the messages arrive in any order.
    for m in &messages {
        let code = env.sql_value(&format!(
            "SELECT code FROM employees WHERE email = '{}'",
            recipient(m)
        ));
        let code = code.as_str();
        let password = password_in(m);
        assert_eq!(password.chars().count(), 20, "{password}");
        let out = env.feed(&format!("{password}\n"), &["verify", code]);
        assert!(
            out.status.success(),
            "{code}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("must be changed now"));
        assert!(
            m["message_id"].as_str().unwrap().starts_with("<hrpass."),
            "{m}"
        );
        assert!(
            m["html"].as_str().unwrap().contains("<code>"),
            "an HTML part too"
        );
    }
    let list: serde_json::Value =
        serde_json::from_str(&env.ok(&["--format", "json", "outbox", "list"])).unwrap();
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|d| d["state"] == "sent" && d["attempts"] == 1),
        "{list}"
    );
}

#[test]
fn a_550_fails_one_employee_and_their_old_password_keeps_working() {
    let env = TestEnv::with_examples();
    set_old_password(&env, "E0003");
    let server = SmtpServer::start(&["--reject", "anais.lefevre@example.com"]);
    use_smtp(&env, server.port);
    let report = env.dir.path().join("report.csv");
    let out = send(
        &env,
        &[
            "--regenerate",
            "--yes",
            "--to",
            "E0002",
            "E0003",
            "E0004",
            "E9999",
            "--report",
            report.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(3), "partly done");
    let rows = std::fs::read_to_string(&report).unwrap();
    assert!(
        rows.starts_with("employee_code,outcome,address,reason\n"),
        "{rows}"
    );
    assert!(
        rows.contains("E0002,sent,jose.garcia@example.com,\n")
            && rows.contains("E0004,sent,soren.kierkegaard@example.com,\n"),
        "{rows}"
    );
    assert!(
        rows.contains("E0003,failed,anais.lefevre@example.com,"),
        "the address tried: {rows}"
    );
    assert!(
        rows.contains("E0003,failed,") && rows.contains("550"),
        "{rows}"
    );
    assert!(
        rows.contains("E9999,refused,,no employee has this code"),
        "{rows}"
    );
    let s = summary(&out);
    assert_eq!(s["sent"], serde_json::json!(["E0002", "E0004"]));
    assert_eq!(s["failed"][0]["employee_code"], "E0003");
    assert!(
        s["failed"][0]["reason"].as_str().unwrap().contains("550"),
        "{s}"
    );
    assert!(
        verifies(&env, "E0003", OLD),
        "no one is locked out by an undelivered mail"
    );
    assert_eq!(server.messages().len(), 2);
    assert!(
        server
            .messages()
            .iter()
            .all(|m| recipient(m) != "anais.lefevre@example.com")
    );
}

#[test]
fn a_451_is_retried_within_the_run() {
    let env = TestEnv::with_examples();
    let server = SmtpServer::start(&["--tempfail", "1"]);
    use_smtp(&env, server.port);
    let out = send(&env, &["--regenerate", "--yes", "--to", "E0005"]);
    expect_exit(&out, 0);
    let list: serde_json::Value =
        serde_json::from_str(&env.ok(&["--format", "json", "outbox", "list"])).unwrap();
    assert_eq!(list[0]["attempts"], 2);
    assert_eq!(list[0]["state"], "sent");
    assert!(verifies(&env, "E0005", &password_in(&server.messages()[0])));
}

#[test]
fn with_the_server_down_the_delivery_waits_and_retry_sends_the_same_password() {
    let env = TestEnv::with_examples();
    set_old_password(&env, "E0006");
    let port = free_port();
    use_smtp(&env, port);
    let codes = ["E0006", "E0007", "E0008", "E0009", "E0010", "E0011"];
    let mut args = vec!["--regenerate", "--yes", "--to"];
    args.extend(codes);
    let out = send(&env, &args);
    assert_eq!(out.status.code(), Some(1));
    let s = summary(&out);
    // The server being down stops the run after one message's retries: the others do not
    // each wait out the same retries.
    assert!(
        s["stopped"]
            .as_str()
            .is_some_and(|r| r.contains("the mail server is unavailable")),
        "{s}"
    );
    let failed = s["failed"].as_array().unwrap();
    assert_eq!(failed.len(), codes.len(), "{s}");
    assert!(
        failed
            .iter()
            .all(|f| f["reason"].as_str().unwrap().contains("still queued")),
        "{s}"
    );
    assert!(
        verifies(&env, "E0006", OLD),
        "the old password works while the new one waits"
    );
    assert_eq!(queued(&env), codes.len());
    let hash_before = pending_hash(&env, "E0006");

    let server = SmtpServer::start_on(port, &[]);
    let out = env.run(&["--format", "json", "outbox", "retry"]);
    expect_exit(&out, 0);
    assert_eq!(server.messages().len(), codes.len());
    let mailed = server
        .messages()
        .iter()
        .find(|m| recipient(m) == "ngozi.okafor@example.com")
        .map(password_in)
        .expect("a mail to E0006");
    assert!(verifies(&env, "E0006", &mailed));
    assert!(!verifies(&env, "E0006", OLD));
    // The same credential that waited was promoted: no second password was made.
    let (count, hash): (i64, String) = env
        .store()
        .conn()
        .query_one("SELECT count(*), max(hash) FROM credentials c JOIN employees e ON e.id = c.employee_id WHERE e.code = 'E0006' AND c.origin = 'issued'", &[], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(count, 1);
    assert_eq!(hash[..40], hash_before[..40]);
    server.stop();
}

fn pending_hash(env: &TestEnv, code: &str) -> String {
    env.store()
        .conn()
        .value(
            "SELECT hash FROM credentials c JOIN employees e ON e.id = c.employee_id
             WHERE c.state = 'pending' AND e.code = $1",
            &[&code],
        )
        .unwrap()
}

#[test]
fn existing_sends_the_issued_password_and_refuses_after_the_employee_set_their_own() {
    let env = TestEnv::with_examples();
    let server = SmtpServer::start(&[]);
    use_smtp(&env, server.port);
    env.ok(&[
        "send-password",
        "--regenerate",
        "--yes",
        "--to",
        "E0007",
        "E0008",
    ]);
    let first = server.messages();
    let out = send(&env, &["--existing", "--yes", "--to", "E0007"]);
    expect_exit(&out, 0);
    let again = &server.messages()[2];
    assert_eq!(
        password_in(again),
        password_in(&first[0]),
        "the same password again"
    );
    assert_eq!(again["subject"], "Your Acme portal password");

    set_old_password(&env, "E0008");
    let out = send(&env, &["--existing", "--yes", "--to", "E0008"]);
    assert_eq!(out.status.code(), Some(1), "nothing sent");
    let reason = summary(&out)["refused"][0]["reason"].to_string();
    assert!(
        reason.contains("no issued password to send: they set their own password"),
        "{reason}"
    );
    assert_eq!(server.messages().len(), 3);
    // Each refusal says what actually happened (issue 19): never issued, or expired.
    let out = send(&env, &["--existing", "--yes", "--to", "E0009"]);
    let reason = summary(&out)["refused"][0]["reason"].to_string();
    assert!(
        reason.contains("hrpass never issued them a password"),
        "{reason}"
    );
    env.sql(
        "UPDATE credentials SET expires_at = 1000
         WHERE employee_id = (SELECT id FROM employees WHERE code = 'E0007')",
    );
    let out = send(&env, &["--existing", "--yes", "--to", "E0007"]);
    let reason = summary(&out)["refused"][0]["reason"].to_string();
    assert!(
        reason.contains("the password hrpass issued expired at 1970-01-01T00:16:40Z"),
        "{reason}"
    );
}

#[test]
fn a_body_line_starting_with_a_dot_after_a_bare_lf_arrives_intact() {
    let env = TestEnv::with_examples();
    let server = SmtpServer::start(&[]);
    use_smtp(&env, server.port);
    let body = env.file(
        "dots.txt",
        "Your password:\n{{ password }}\n.\n..two dots\n.hidden line\nend\n",
    );
    env.ok(&[
        "template",
        "set",
        "dots",
        "--subject",
        "Dots",
        "--text",
        &body,
    ]);
    env.ok(&[
        "send-password",
        "--regenerate",
        "--yes",
        "--to",
        "E0009",
        "--template",
        "dots",
    ]);
    let text = server.messages()[0]["text"]
        .as_str()
        .unwrap()
        .replace("\r\n", "\n");
    assert!(
        text.contains("\n.\n..two dots\n.hidden line\nend\n"),
        "{text:?}"
    );
}

/// Without a terminal and without `--yes` the confirmation cannot be asked: a usage error
/// (exit 2, issue 19) that names `--yes`, and nothing is written.
#[test]
fn without_a_terminal_and_without_yes_nothing_is_sent() {
    let env = TestEnv::with_examples();
    let server = SmtpServer::start(&[]);
    use_smtp(&env, server.port);
    let before = env.snapshot();
    let text = env.fails(2, &["send-password", "--regenerate", "--to", "E0002"]);
    assert!(text.contains("--yes"), "{text}");
    assert_eq!(env.snapshot(), before);
    let out = send(
        &env,
        &["--regenerate", "--dry-run", "--to", "E0002", "E0018"],
    );
    expect_exit(&out, 3);
    let s = summary(&out);
    assert_eq!(s["would_send"], serde_json::json!(["E0002"]));
    assert_eq!(s["refused"][0]["reason"], "inactive employee");
    assert_eq!(env.snapshot(), before, "a dry run changes nothing");
    assert!(server.messages().is_empty());
}

#[test]
fn plain_text_smtp_to_a_non_loopback_host_is_refused_before_connecting() {
    let env = TestEnv::with_examples();
    std::fs::write(
        env.home.join("hrpass.toml"),
        "[smtp]\nhost = \"192.0.2.25\"\nport = 25\nsecurity = \"none\"\nfrom = \"Acme HR <hr@acme.test>\"\n\
         [delivery]\ntransport = \"smtp\"\n[portal]\ncompany = \"Acme\"\nlogin_url = \"https://portal.acme.test/login\"\n",
    )
    .unwrap();
    let text = env.fails(
        1,
        &["send-password", "--regenerate", "--yes", "--to", "E0002"],
    );
    assert!(text.contains("only to a loopback host"), "{text}");
}

#[test]
fn the_confirmation_is_answered_on_a_real_terminal() {
    let env = TestEnv::with_examples();
    let server = SmtpServer::start(&[]);
    use_smtp(&env, server.port);
    let mut cmd = Command::new(BIN);
    cmd.env_clear()
        .env("HRPASS_HOME", &env.home)
        .envs(env.store_env())
        .env("TERM", "xterm")
        .args(["send-password", "--regenerate", "--to", "E0010"]);
    let mut session = rexpect::session::spawn_command(cmd, Some(15_000)).unwrap();
    // rexpect reads bytes as Latin-1, so match the ASCII part of "Chloé Dubois".
    session
        .exp_string("Send new passwords to 1 employee (Chlo")
        .unwrap();
    // dialoguer hides the cursor just before it reads the key.
    session.exp_string("\u{1b}[?25l").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    session.send("y").unwrap();
    session.flush().unwrap();
    session.exp_string("Passwords sent to 1 employee.").unwrap();
    session.exp_eof().unwrap();
    assert_eq!(server.messages().len(), 1);
    assert_eq!(recipient(&server.messages()[0]), "chloe.dubois@example.com");
}

/// `hrpass ARGS` (plain words) for a pseudo-terminal `cols` wide: the shell sets the width
/// and then becomes hrpass.
fn on_terminal(env: &TestEnv, cols: u16, args: &str) -> Command {
    let mut cmd = env.std_cmd("sh");
    cmd.env("TERM", "xterm")
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .args([
            "-c",
            &format!("stty cols {cols} rows 30; exec {BIN} {args}"),
        ]);
    cmd
}

/// On a terminal narrower than the question, the question is printed wrapped to the width
/// once and the prompt is short: dialoguer redraws only the prompt's own line after the
/// answer, so a wrapped prompt had its first line left on screen twice.
#[test]
fn a_confirmation_wider_than_the_terminal_is_wrapped_and_drawn_once() {
    let env = TestEnv::with_examples();
    let server = SmtpServer::start(&[]);
    use_smtp(&env, server.port);
    let cmd = on_terminal(&env, 60, "send-password --regenerate --to E0010");
    let mut session = rexpect::session::spawn_command(cmd, Some(15_000)).unwrap();
    let before = session.exp_string("Go ahead?").unwrap();
    session.exp_string("\u{1b}[?25l").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    session.send("y").unwrap();
    session.flush().unwrap();
    let after = session.exp_string("Passwords sent to 1 employee.").unwrap();
    session.exp_eof().unwrap();
    let shown = before + &after;
    assert_eq!(
        shown.matches("Send new passwords to 1 employee").count(),
        1,
        "{shown:?}"
    );
    // Every line of the question fits the 60 columns.
    let question: Vec<&str> = shown
        .split(['\r', '\n'])
        .skip_while(|l| !l.contains("Send new passwords"))
        .take_while(|l| !l.contains("Go ahead?"))
        .filter(|l| !l.is_empty())
        .collect();
    assert!(question.len() >= 2, "{shown:?}");
    assert!(
        question.iter().all(|l| l.chars().count() < 60),
        "{question:?}"
    );
    assert_eq!(server.messages().len(), 1);
}

/// The question says where the mail goes and how many targets will be refused; "n" cancels
/// quietly: "Cancelled.", exit 1, nothing queued (issue 10).
#[test]
fn declining_the_confirmation_cancels_quietly_and_the_question_says_where_mail_goes() {
    let env = TestEnv::with_examples();
    let server = SmtpServer::start(&[]);
    use_smtp(&env, server.port);
    let before = env.dump(&["credentials", "outbox"]);
    // A terminal wide enough for the whole question on one line.
    let cmd = on_terminal(&env, 200, "send-password --regenerate --to E0010 E0018");
    let mut session = rexpect::session::spawn_command(cmd, Some(15_000)).unwrap();
    session
        .exp_string(&format!(
            "by SMTP through 127.0.0.1:{} (plain text",
            server.port
        ))
        .unwrap();
    session.exp_string("(1 target will be refused").unwrap();
    session.exp_string("\u{1b}[?25l").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    session.send("n").unwrap();
    session.flush().unwrap();
    session.exp_string("Cancelled.").unwrap();
    let rest = session.exp_eof().unwrap();
    assert!(!rest.contains("error"), "{rest}");
    match session.process().wait().unwrap() {
        rexpect::process::WaitStatus::Exited(_, code) => assert_eq!(code, 1),
        other => panic!("{other:?}"),
    }
    assert_eq!(env.dump(&["credentials", "outbox"]), before);
    assert!(server.messages().is_empty());
}

/// A private CA and a server certificate for 127.0.0.1 signed by it, as PEM files.
fn private_ca(dir: &Path) -> (String, String, String) {
    use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair, SanType};
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
    params
        .subject_alt_names
        .push(SanType::IpAddress("127.0.0.1".parse().unwrap()));
    let cert = params.signed_by(&key, &ca).unwrap();
    let write = |name: &str, pem: String| {
        let path = dir.join(name);
        std::fs::write(&path, pem).unwrap();
        path.to_str().unwrap().to_owned()
    };
    (
        write("ca.pem", ca.pem()),
        write("server.pem", cert.pem()),
        write("server.key", key.serialize_pem()),
    )
}

/// SMTP with TLS: `security` is "starttls" or "tls" (implicit).
fn use_tls(env: &TestEnv, port: u16, security: &str, ca_file: Option<&str>) {
    let ca = ca_file
        .map(|f| format!("ca_file = \"{f}\"\n"))
        .unwrap_or_default();
    let config = format!(
        "[smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"{security}\"\n{ca}from = \"Acme HR <hr@acme.test>\"\ntimeout_secs = 5\n\n\
         [delivery]\ntransport = \"smtp\"\nmax_attempts = 2\nretry_within_secs = 2\n\n\
         [portal]\ncompany = \"Acme\"\nlogin_url = \"https://portal.acme.test/login\"\n"
    );
    std::fs::write(env.home.join("hrpass.toml"), config).unwrap();
}

/// Adds a setting to the [delivery] section (the last one `use_smtp` and `use_tls` write).
fn set_delivery(env: &TestEnv, line: &str) {
    let path = env.home.join("hrpass.toml");
    let config = std::fs::read_to_string(&path).unwrap();
    let config = config.replacen("[delivery]\n", &format!("[delivery]\n{line}\n"), 1);
    std::fs::write(path, config).unwrap();
}

/// Both TLS modes: STARTTLS, and implicit TLS (the server's `--implicit-tls`).
const TLS_MODES: [(&str, &[&str]); 2] = [("starttls", &[]), ("tls", &["--implicit-tls"])];

fn tls_server(cert: &str, key: &str, extra: &[&str]) -> SmtpServer {
    let mut args = vec!["--tls-cert", cert, "--tls-key", key];
    args.extend_from_slice(extra);
    SmtpServer::start(&args)
}

#[test]
fn tls_with_a_private_ca_from_ca_file() {
    for (security, extra) in TLS_MODES {
        let env = TestEnv::with_examples();
        let (ca, cert, key) = private_ca(env.dir.path());
        let server = tls_server(&cert, &key, extra);
        use_tls(&env, server.port, security, Some(&ca));
        let out = send(&env, &["--regenerate", "--yes", "--to", "E0014", "E0015"]);
        expect_exit(&out, 0);
        each_mail_verifies(
            &env,
            &server,
            &[
                ("siobhan.obrien@example.com", "E0014"),
                ("aarav.sharma@example.com", "E0015"),
            ],
        );
    }
}

#[test]
fn an_untrusted_certificate_stops_the_batch_and_keeps_it_queued() {
    for (security, extra) in TLS_MODES {
        let env = TestEnv::with_examples();
        let (_ca, cert, key) = private_ca(env.dir.path());
        let server = tls_server(&cert, &key, extra);
        use_tls(&env, server.port, security, None);
        let out = send(
            &env,
            &["--regenerate", "--yes", "--to", "E0016", "E0017", "E0019"],
        );
        assert_eq!(out.status.code(), Some(1), "{security}");
        let s = summary(&out);
        assert!(
            s["stopped"].as_str().is_some_and(|r| r.contains("TLS")),
            "{security}: {s}"
        );
        assert_eq!(s["failed"].as_array().unwrap().len(), 3, "{security}: {s}");
        assert!(server.messages().is_empty(), "{security}");
        assert_eq!(queued(&env), 3, "{security}");
    }
}

/// The client ports the server saw, one per connection.
fn connections(server: &SmtpServer) -> std::collections::BTreeSet<u64> {
    server
        .messages()
        .iter()
        .map(|m| m["peer_port"].as_u64().unwrap())
        .collect()
}

#[test]
fn concurrency_sets_how_many_connections_share_a_batch() {
    let codes: Vec<String> = (43..51).map(|n| format!("E{n:04}")).collect();
    let mut args = vec!["--regenerate", "--yes", "--to"];
    args.extend(codes.iter().map(String::as_str));
    for (concurrency, at_least, at_most) in [(1, 1, 1), (4, 2, 4)] {
        let env = TestEnv::with_examples();
        let server = SmtpServer::start(&["--delay", "0.3"]);
        use_smtp(&env, server.port);
        set_delivery(&env, &format!("concurrency = {concurrency}"));
        expect_exit(&send(&env, &args), 0);
        assert_eq!(server.messages().len(), 8);
        let used = connections(&server).len();
        assert!(
            (at_least..=at_most).contains(&used),
            "concurrency {concurrency}: {used} connections"
        );
    }
}

#[test]
fn rate_per_minute_spaces_the_messages() {
    let env = TestEnv::with_examples();
    let server = SmtpServer::start(&[]);
    use_smtp(&env, server.port);
    // One message every 0.25 s, however many connections.
    set_delivery(&env, "rate_per_minute = 240");
    let out = send(
        &env,
        &[
            "--regenerate",
            "--yes",
            "--to",
            "E0041",
            "E0043",
            "E0044",
            "E0045",
            "E0046",
        ],
    );
    expect_exit(&out, 0);
    let mut at: Vec<f64> = server
        .messages()
        .iter()
        .map(|m| m["received_at"].as_f64().unwrap())
        .collect();
    at.sort_by(f64::total_cmp);
    assert_eq!(at.len(), 5);
    let span = at[4] - at[0];
    assert!(
        span >= 0.9,
        "5 messages at 240 a minute took only {span:.2} s"
    );
}

#[test]
fn killed_mid_batch_then_resumed_everyone_holds_the_last_password_mailed_to_them() {
    let env = TestEnv::with_examples();
    let server = SmtpServer::start(&["--delay", "0.2"]);
    use_smtp(&env, server.port);
    let codes: Vec<String> = (20..32).map(|n| format!("E{n:04}")).collect();
    let mut args = vec!["send-password", "--regenerate", "--yes", "--to"];
    args.extend(codes.iter().map(String::as_str));
    let mut child = Command::new(BIN)
        .env_clear()
        .env("HRPASS_HOME", &env.home)
        .envs(env.store_env())
        .env("NO_COLOR", "1")
        .args(&args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while server.messages().len() < 4 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL: no cleanup of any kind
    child.wait().unwrap();
    let before_resume = server.messages().len();
    assert!(
        before_resume >= 4 && before_resume < codes.len(),
        "killed mid-batch: {before_resume}"
    );

    let out = env.run(&["--format", "json", "outbox", "retry"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let messages = server.messages();
    let store = env.store();
    let conn = store.conn();
    for code in &codes {
        let email: String = conn
            .value("SELECT email FROM employees WHERE code = $1", &[code])
            .unwrap();
        let last = messages.iter().rev().find(|m| recipient(m) == email);
        match last {
            Some(m) => assert!(
                verifies(&env, code, &password_in(m)),
                "{code}: the last mailed password must work"
            ),
            None => {
                // Never mailed: the run died before queueing them, so no password was issued.
                let issued: i64 = conn
                    .value("SELECT count(*) FROM credentials c JOIN employees e ON e.id = c.employee_id WHERE e.code = $1", &[code])
                    .unwrap();
                assert_eq!(issued, 0, "{code} has a password nobody mailed");
            }
        }
    }
    assert_eq!(queued(&env), 0);
}

#[test]
fn an_overlapping_run_waits_for_the_first_and_sends_nothing_twice() {
    let env = TestEnv::with_examples();
    let server = SmtpServer::start(&["--delay", "0.5"]);
    use_smtp(&env, server.port);
    // One connection, so the first run lasts about 2 s.
    set_delivery(&env, "concurrency = 1");
    let spawn = |args: &[&str]| {
        Command::new(BIN)
            .env_clear()
            .env("HRPASS_HOME", &env.home)
            .envs(env.store_env())
            .env("NO_COLOR", "1")
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let first = spawn(&[
        "send-password",
        "--regenerate",
        "--yes",
        "--to",
        "E0033",
        "E0034",
        "E0035",
        "E0036",
    ]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while server.messages().is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // A cron job starting while the first still sends: it must wait, then find nothing left.
    let second = spawn(&["outbox", "retry"]).wait_with_output().unwrap();
    let first = first.wait_with_output().unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        second.status.success(),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("waiting"),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert_eq!(server.messages().len(), 4, "each password mailed once");
}

#[test]
fn existing_resends_a_password_whose_first_mail_bounced_and_it_then_works() {
    let env = TestEnv::with_examples();
    let bouncing = SmtpServer::start(&["--reject", "lukasz.wrobel@example.com"]);
    use_smtp(&env, bouncing.port);
    expect_exit(&send(&env, &["--regenerate", "--yes", "--to", "E0005"]), 1);
    bouncing.stop();
    let server = SmtpServer::start(&[]);
    use_smtp(&env, server.port);
    expect_exit(&send(&env, &["--existing", "--yes", "--to", "E0005"]), 0);
    assert!(
        verifies(&env, "E0005", &password_in(&server.messages()[0])),
        "the mailed password works"
    );
}

#[test]
fn regenerate_replaces_a_bounced_password_whose_validity_ended() {
    let env = TestEnv::with_examples();
    let bouncing = SmtpServer::start(&["--reject", "lukasz.wrobel@example.com"]);
    use_smtp(&env, bouncing.port);
    expect_exit(&send(&env, &["--regenerate", "--yes", "--to", "E0005"]), 1);
    bouncing.stop();
    // The bounced password's window ends while it waits.
    let store = env.store();
    let conn = store.conn();
    let expired = conn
        .execute(
            "UPDATE credentials SET expires_at = 1 WHERE state = 'pending'",
            &[],
        )
        .unwrap();
    assert_eq!(expired, 1);
    let server = SmtpServer::start(&[]);
    use_smtp(&env, server.port);
    expect_exit(&send(&env, &["--regenerate", "--yes", "--to", "E0005"]), 0);
    assert!(
        verifies(&env, "E0005", &password_in(&server.messages()[0])),
        "a new password was made, mailed and works"
    );
    let stale: i64 = conn
        .value(
            "SELECT count(*) FROM credentials WHERE state = 'retired' AND sealed IS NULL AND expires_at = 1",
            &[],
        )
        .unwrap();
    assert_eq!(
        stale, 1,
        "the expired one was retired, its sealed copy gone"
    );
}

#[test]
fn a_queued_password_whose_validity_ended_is_never_mailed() {
    let env = TestEnv::with_examples();
    set_old_password(&env, "E0007");
    let down = free_port();
    use_smtp(&env, down);
    expect_exit(&send(&env, &["--regenerate", "--yes", "--to", "E0007"]), 1);
    assert_eq!(queued(&env), 1);
    env.sql("UPDATE credentials SET expires_at = 1 WHERE state = 'pending'");
    let server = SmtpServer::start_on(down, &[]);
    let out = env.run(&["--format", "json", "outbox", "retry"]);
    expect_exit(&out, 0);
    assert_eq!(summary(&out)["sent"], serde_json::json!([]));
    let list = env.ok(&["--format", "json", "outbox", "list", "--state", "obsolete"]);
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert!(
        list[0]["last_reply"]
            .as_str()
            .is_some_and(|r| r.contains("expired or was replaced")),
        "{list}"
    );
    assert_eq!(queued(&env), 0, "an obsolete delivery is never retried");
    assert!(server.messages().is_empty());
    assert!(verifies(&env, "E0007", OLD), "the old password still works");
}

#[test]
fn canary_no_mailed_password_reaches_the_store_or_the_output() {
    let env = TestEnv::with_examples();
    // An open store keeps the WAL from being checkpointed away when each command exits.
    let _reader = env.store();
    let server = SmtpServer::start(&["--tempfail", "1"]);
    use_smtp(&env, server.port);
    let mut captured = Vec::new();
    for args in [
        vec![
            "send-password",
            "--regenerate",
            "--yes",
            "--to",
            "E0014",
            "E0015",
        ],
        vec!["send-password", "--existing", "--yes", "--to", "E0014"],
        vec!["--format", "json", "outbox", "list"],
        vec!["--format", "csv", "log"],
    ] {
        let out = env.run(&args);
        captured.extend_from_slice(&out.stdout);
        captured.extend_from_slice(&out.stderr);
    }
    let passwords: Vec<String> = server.messages().iter().map(password_in).collect();
    assert_eq!(passwords.len(), 3);
    let mut files = crate::common::home_files(&env);
    files.push(("captured output".to_owned(), captured));
    crate::common::assert_no_secret(&passwords, &files);
}

/// `transport = "sendmail"` with msmtp, a real sendmail-compatible MTA client (installed by
/// .ci/run), relaying to the test server; its config lives in the test's $HOME.
fn use_sendmail(env: &TestEnv, command: &str, port: u16) {
    use std::os::unix::fs::PermissionsExt;
    let rc = env.dir.path().join(".msmtprc");
    std::fs::write(
        &rc,
        format!("defaults\nauth off\ntls off\n\naccount default\nhost 127.0.0.1\nport {port}\n"),
    )
    .unwrap();
    std::fs::set_permissions(&rc, std::fs::Permissions::from_mode(0o600)).unwrap();
    let config = format!(
        "[smtp]\nfrom = \"Acme HR <hr@acme.test>\"\n\n\
         [delivery]\ntransport = \"sendmail\"\nsendmail_command = \"{command}\"\n\n\
         [portal]\ncompany = \"Acme\"\nlogin_url = \"https://portal.acme.test/login\"\n"
    );
    std::fs::write(env.home.join("hrpass.toml"), config).unwrap();
}

/// Fails the test, naming the tool and how to install it, when `probe` does not run.
pub(crate) fn require_tool(tool: &str, probe: &mut Command, install: &str) {
    let works = probe
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        works,
        "this test needs {tool}, which is missing: run scripts/test.sh (it installs what the \
         tests need), or `{install}`"
    );
}

#[test]
fn sendmail_hands_each_message_to_the_local_mta() {
    require_tool(
        "msmtp",
        Command::new("/usr/bin/msmtp").arg("--version"),
        "apt-get install msmtp",
    );
    let env = TestEnv::with_examples();
    let server = SmtpServer::start(&[]);
    use_sendmail(&env, "/usr/bin/msmtp", server.port);
    let out = send(&env, &["--regenerate", "--yes", "--to", "E0010", "E0011"]);
    expect_exit(&out, 0);
    each_mail_verifies(
        &env,
        &server,
        &[
            ("chloe.dubois@example.com", "E0010"),
            ("mateus.goncalves@example.com", "E0011"),
        ],
    );
    let log = env.ok(&["--format", "json", "log", "--employee", "E0010"]);
    assert!(log.contains("accepted by /usr/bin/msmtp"), "{log}");
}

#[test]
fn a_failing_sendmail_stops_the_run_and_keeps_the_rest_queued() {
    let env = TestEnv::with_examples();
    let missing = env.dir.path().join("no-such-sendmail");
    use_sendmail(&env, missing.to_str().unwrap(), 9);
    let out = send(&env, &["--regenerate", "--yes", "--to", "E0010", "E0011"]);
    assert_eq!(out.status.code(), Some(1));
    let s = summary(&out);
    assert!(
        s["stopped"]
            .as_str()
            .is_some_and(|r| r.contains("no-such-sendmail failed")),
        "{s}"
    );
    assert_eq!(queued(&env), 2);
}

#[test]
fn a_bulk_reset_over_several_batches_mails_each_employee_once_and_promotes_every_password() {
    // 300 employees: three hashing batches, sent while the next ones hash, on 4 connections.
    let env = TestEnv::new();
    let csv = env.dir.path().join("employees.csv");
    let generated = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/gen-employees.py"))
        .arg("300")
        .output()
        .unwrap();
    assert!(generated.status.success());
    std::fs::write(&csv, &generated.stdout).unwrap();
    env.ok(&["employees", "import", csv.to_str().unwrap()]);
    let text = String::from_utf8(generated.stdout).unwrap();
    let active: Vec<(String, String)> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| f[7] == "active")
        .map(|f| (f[0].to_owned(), f[3].to_owned()))
        .collect();
    let server = SmtpServer::start(&[]);
    use_smtp(&env, server.port);

    let out = send(&env, &["--regenerate", "--yes", "--all"]);
    // Inactive employees are no targets of --all: a clean run exits 0 and says how many.
    expect_exit(&out, 0);
    let skipped = 300 - active.len();
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains(&format!("Skipped {skipped} inactive employees")),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = summary(&out);
    assert_eq!(s["refused"], serde_json::json!([]), "{s}");
    assert_eq!(s["sent"].as_array().unwrap().len(), active.len(), "{s}");
    assert!(s["failed"].as_array().unwrap().is_empty(), "{s}");

    let messages = server.messages();
    let recipients: std::collections::BTreeSet<String> = messages.iter().map(recipient).collect();
    assert_eq!(messages.len(), active.len(), "one mail each");
    assert_eq!(recipients.len(), active.len(), "nobody mailed twice");
    let store = env.store();
    let count = |sql: &str| -> i64 { store.conn().value(sql, &[]).unwrap() };
    assert_eq!(
        count("SELECT count(*) FROM credentials WHERE state = 'pending'"),
        0
    );
    assert_eq!(
        count("SELECT count(*) FROM credentials WHERE state = 'active'"),
        active.len() as i64
    );
    assert_eq!(
        count("SELECT count(*) FROM outbox WHERE state = 'sent'"),
        active.len() as i64
    );
    // A sample from each batch signs in with the password mailed to them.
    for (code, email) in active.iter().step_by(97) {
        let mailed = messages
            .iter()
            .find(|m| recipient(m) == *email)
            .map(password_in)
            .unwrap();
        assert!(verifies(&env, code, &mailed), "{code}");
    }
}

/// STARTTLS with AUTH: `username` and `password_env` as the config takes them.
fn use_auth(env: &TestEnv, port: u16, ca: &str) {
    use_tls(env, port, "starttls", Some(ca));
    let path = env.home.join("hrpass.toml");
    let config = std::fs::read_to_string(&path).unwrap().replacen(
        "[smtp]\n",
        "[smtp]\nusername = \"hr-mailer\"\npassword_env = \"HRPASS_SMTP_PASSWORD\"\n",
        1,
    );
    std::fs::write(path, config).unwrap();
}

fn send_with_smtp_password(env: &TestEnv, password: Option<&str>, codes: &[&str]) -> Output {
    let mut cmd = env.cmd();
    if let Some(password) = password {
        cmd.env("HRPASS_SMTP_PASSWORD", password);
    }
    cmd.args([
        "--format",
        "json",
        "send-password",
        "--regenerate",
        "--yes",
        "--to",
    ])
    .args(codes)
    .output()
    .unwrap()
}

#[test]
fn smtp_auth_takes_the_password_from_the_environment() {
    let env = TestEnv::with_examples();
    let (ca, cert, key) = private_ca(env.dir.path());
    let server = tls_server(&cert, &key, &["--auth", "hr-mailer:s3cret-relay"]);
    use_auth(&env, server.port, &ca);

    // No variable: refused before anything is queued, naming the variable.
    let out = send_with_smtp_password(&env, None, &["E0020"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("HRPASS_SMTP_PASSWORD is not set"), "{err}");
    assert_eq!(queued(&env), 0);

    let out = send_with_smtp_password(&env, Some("s3cret-relay"), &["E0020"]);
    expect_exit(&out, 0);
    let messages = server.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["auth_user"], "hr-mailer");
    assert!(verifies(&env, "E0020", &password_in(&messages[0])));
}

#[test]
fn a_rejected_smtp_login_stops_the_batch_and_keeps_it_queued() {
    let env = TestEnv::with_examples();
    let (ca, cert, key) = private_ca(env.dir.path());
    let server = tls_server(&cert, &key, &["--auth", "hr-mailer:s3cret-relay"]);
    use_auth(&env, server.port, &ca);
    let out = send_with_smtp_password(
        &env,
        Some("not-the-relay-password-77"),
        &["E0021", "E0022", "E0023"],
    );
    assert_eq!(out.status.code(), Some(1));
    let s = summary(&out);
    assert!(
        s["stopped"]
            .as_str()
            .is_some_and(|r| r.contains("authentication failed")),
        "{s}"
    );
    assert!(server.messages().is_empty());
    assert_eq!(queued(&env), 3);
    let all =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(!all.contains("not-the-relay-password-77"), "{all}");
}

/// `init`'s example values (`from`, `company`, `login_url`) never reach employees over SMTP
/// or sendmail: the send is refused before anything is queued, naming each key; the file
/// transport still works with them (issue 10).
#[test]
fn the_example_config_values_stop_a_real_send_naming_each_key() {
    let env = TestEnv::with_examples();
    let config = std::fs::read_to_string(env.home.join("hrpass.toml")).unwrap();
    env.ok(&["send-password", "--regenerate", "--yes", "--to", "E0002"]);
    let before = env.dump(&["credentials", "outbox"]);
    for transport in ["smtp", "sendmail"] {
        let real = config.replace(
            "transport = \"file\"",
            &format!("transport = \"{transport}\""),
        );
        assert_ne!(real, config, "init's config names the file transport");
        std::fs::write(env.home.join("hrpass.toml"), &real).unwrap();
        for args in [
            &["send-password", "--regenerate", "--yes", "--to", "E0003"][..],
            &[
                "send-password",
                "--regenerate",
                "--dry-run",
                "--to",
                "E0003",
            ][..],
            &["outbox", "retry"][..],
        ] {
            let text = env.fails(1, args);
            for key in [
                "[smtp] from = \"HR <hr@example.com>\"",
                "[portal] company = \"Example Corp\"",
                "[portal] login_url = \"https://portal.example.com/login\"",
            ] {
                assert!(text.contains(key), "{transport} {args:?}: {key} in {text}");
            }
        }
    }
    assert_eq!(env.dump(&["credentials", "outbox"]), before);
}

/// `NO_COLOR` removes colour, not progress: on a terminal the bars still show (issue 10).
#[test]
fn no_color_keeps_progress_bars_on_a_terminal_without_colour() {
    let env = TestEnv::with_examples();
    let mut cmd = Command::new(BIN);
    cmd.env_clear()
        .env("HRPASS_HOME", &env.home)
        .envs(env.store_env())
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .args(["send-password", "--regenerate", "--yes", "--all"]);
    let mut session = rexpect::session::spawn_command(cmd, Some(60_000)).unwrap();
    let (shown, _) = session.exp_regex("Hashing +\\[").expect("a progress bar");
    let rest = session.exp_eof().unwrap();
    let all = format!("{shown}{rest}");
    assert!(all.contains("warning: the file transport"), "{all}");
    assert!(
        !all.contains("\u{1b}[33m") && !all.contains("\u{1b}[1m"),
        "no colour with NO_COLOR: {all:?}"
    );
}

/// `mail test` sends a message without a password through STARTTLS with sign-in, reporting
/// each step; a wrong relay password fails at the sign-in step, nothing else changes, and the
/// relay password never shows (issue 10).
#[test]
fn mail_test_reports_each_step_over_starttls_with_sign_in() {
    let env = TestEnv::with_examples();
    let (ca, cert, key) = private_ca(env.dir.path());
    let server = tls_server(&cert, &key, &["--auth", "hr-mailer:s3cret-relay"]);
    use_auth(&env, server.port, &ca);
    let before = env.dump(&["credentials", "outbox"]);
    let out = env
        .cmd()
        .env("HRPASS_SMTP_PASSWORD", "s3cret-relay")
        .args(["--format", "json", "mail", "test", "it-admin@example.org"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let probe: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(probe["accepted"], true);
    let steps: Vec<&str> = probe["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(
        steps[0].starts_with(&format!("connected to 127.0.0.1:{}", server.port)),
        "{steps:?}"
    );
    assert!(steps[1].starts_with("greeted by"), "{steps:?}");
    assert!(steps[2].starts_with("STARTTLS"), "{steps:?}");
    assert!(steps[3].starts_with("signed in"), "{steps:?}");
    assert!(
        probe["reply"].as_str().unwrap().starts_with("250"),
        "{probe}"
    );
    assert!(
        stderr.contains("  ok  STARTTLS"),
        "steps are shown as they pass: {stderr}"
    );
    let messages = server.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(recipient(&messages[0]), "it-admin@example.org");
    assert_eq!(messages[0]["auth_user"], "hr-mailer");
    assert!(
        messages[0]["subject"]
            .as_str()
            .unwrap()
            .contains("no password")
    );
    assert_eq!(
        env.dump(&["credentials", "outbox"]),
        before,
        "no delivery, no password"
    );

    let out = env
        .cmd()
        .env("HRPASS_SMTP_PASSWORD", "wrong-relay-pass-55")
        .args(["mail", "test", "it-admin@example.org"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("  ok  STARTTLS"), "{stderr}");
    assert!(
        stderr.contains("FAILED") && stderr.contains("authentication"),
        "{stderr}"
    );
    assert!(!stderr.contains("wrong-relay-pass-55"), "{stderr}");
    assert_eq!(server.messages().len(), 1);
    let log = env.ok(&["log", "--format", "json"]);
    assert_eq!(
        log.matches("mail.test").count(),
        2,
        "both tries are audited: {log}"
    );
}

/// A server that is not there: `mail test` says which step failed and exits 1.
#[test]
fn mail_test_to_a_closed_port_fails_at_connect() {
    let env = TestEnv::new();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    use_smtp(&env, port);
    let text = env.fails(1, &["mail", "test", "it-admin@example.org"]);
    assert!(
        text.contains("FAILED") && text.contains("cannot connect to 127.0.0.1"),
        "{text}"
    );
    assert!(!text.contains("  ok  "), "no step passed: {text}");
    let usage = env.fails(2, &["mail", "test", "not an address"]);
    assert!(usage.contains("is not a mail address"), "{usage}");
}

/// `config show` lists every effective key with its source, flags init's example values and
/// names the SMTP password's variable without its value (issue 10).
#[test]
fn config_show_gives_each_value_its_source_and_masks_the_secret() {
    let env = TestEnv::new();
    let rows = |env: &TestEnv, password: Option<&str>| -> Vec<serde_json::Value> {
        let mut cmd = env.cmd();
        if let Some(p) = password {
            cmd.env("HRPASS_SMTP_PASSWORD", p);
        }
        let out = cmd
            .args(["--format", "json", "config", "show"])
            .output()
            .unwrap();
        assert!(out.status.success());
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let find = |rows: &[serde_json::Value], key: &str| -> (String, String) {
        let row = rows
            .iter()
            .find(|r| r["key"] == key)
            .unwrap_or_else(|| panic!("{key}"));
        (
            row["value"].as_str().unwrap().to_owned(),
            row["source"].as_str().unwrap().to_owned(),
        )
    };
    let shown = rows(&env, None);
    assert_eq!(find(&shown, "home").1, "HRPASS_HOME");
    let (company, source) = find(&shown, "portal.company");
    assert_eq!(company, "Example Corp");
    assert!(source.contains("init's example value"), "{source}");
    assert_eq!(
        find(&shown, "delivery.rate_per_minute"),
        ("(not set)".into(), "default".into())
    );

    std::fs::write(
        env.home.join("hrpass.toml"),
        "[smtp]\nusername = \"hr\"\npassword_env = \"HRPASS_SMTP_PASSWORD\"\n[portal]\ncompany = \"Acme\"\n",
    )
    .unwrap();
    let shown = rows(&env, Some("relay-secret-93"));
    assert_eq!(
        find(&shown, "portal.company"),
        ("Acme".into(), "hrpass.toml".into())
    );
    assert_eq!(find(&shown, "smtp.port"), ("587".into(), "default".into()));
    assert_eq!(
        find(&shown, "smtp.password_env").0,
        "HRPASS_SMTP_PASSWORD (set, value hidden)"
    );
    let all = serde_json::to_string(&shown).unwrap();
    assert!(!all.contains("relay-secret-93"));
    let table = env.ok(&["config", "show"]);
    assert!(
        table.contains("smtp.password_env") && table.contains("NOT set"),
        "{table}"
    );

    // A provider preset is named as the source of what it filled; a written key wins.
    std::fs::write(
        env.home.join("hrpass.toml"),
        "[smtp]\nprovider = \"google\"\nport = 465\nsecurity = \"tls\"\n",
    )
    .unwrap();
    let shown = rows(&env, None);
    assert_eq!(
        find(&shown, "smtp.host"),
        ("smtp.gmail.com".into(), "[smtp] provider = google".into())
    );
    assert_eq!(
        find(&shown, "delivery.daily_limit"),
        ("2000".into(), "[smtp] provider = google".into())
    );
    assert_eq!(
        find(&shown, "smtp.port"),
        ("465".into(), "hrpass.toml".into())
    );

    // A concurrency the provider's connection cap overrides shows the value in effect.
    std::fs::write(
        env.home.join("hrpass.toml"),
        "[smtp]\nprovider = \"microsoft365\"\n[delivery]\nconcurrency = 4\n",
    )
    .unwrap();
    let shown = rows(&env, None);
    assert_eq!(
        find(&shown, "delivery.concurrency").0,
        "3 in effect (4 set; capped by delivery.max_connections)"
    );
}

/// The deadline in a password mail is a local time a person reads, in `[portal] timezone`
/// with its zone name, and the HTML link's href is the plain URL (issue 10).
#[test]
fn the_mail_states_the_deadline_in_the_portal_time_zone_and_links_plainly() {
    let env = TestEnv::with_examples();
    let server = SmtpServer::start(&[]);
    use_smtp(&env, server.port);
    let path = env.home.join("hrpass.toml");
    let config = std::fs::read_to_string(&path).unwrap().replacen(
        "[portal]\n",
        "[portal]\ntimezone = \"Europe/Berlin\"\n",
        1,
    );
    std::fs::write(&path, config).unwrap();
    expect_exit(&send(&env, &["--regenerate", "--yes", "--to", "E0005"]), 0);
    let message = &server.messages()[0];
    // The text is wrapped at 72 columns: a phrase may span a line break.
    let text = message["text"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let expires: i64 = env
        .sql_value(
            "SELECT c.expires_at FROM credentials c JOIN employees e ON e.id = c.employee_id
             WHERE e.code = 'E0005' AND c.state = 'active'",
        )
        .parse()
        .unwrap();
    let berlin = jiff::tz::TimeZone::get("Europe/Berlin").unwrap();
    let local = jiff::Timestamp::from_second(expires)
        .unwrap()
        .to_zoned_datetime(berlin);
    let expected = format!("before {}", local.strftime("%A %-d %B %Y, %H:%M"));
    assert!(text.contains(&expected), "{expected} in {text}");
    assert!(
        text.contains(&format!("{expected} CET")) || text.contains(&format!("{expected} CEST")),
        "the zone is named: {text}"
    );
    assert!(!text.contains(":00Z") && !text.contains("Z."), "{text}");
    let html = message["html"].as_str().unwrap();
    assert!(
        html.contains(r#"<a href="https://portal.acme.test/login">"#),
        "{html}"
    );
}

/// `[smtp] auth = "xoauth2"`: the access token comes from `token_command` (here, a file the
/// test rewrites, as a real helper would print a fresh token), over plain loopback.
fn use_xoauth2(env: &TestEnv, port: u16, token_command: &str) {
    use_smtp(env, port);
    let path = env.home.join("hrpass.toml");
    let config = std::fs::read_to_string(&path).unwrap().replacen(
        "[smtp]\n",
        &format!(
            "[smtp]\nusername = \"hr@acme.test\"\nauth = \"xoauth2\"\ntoken_command = {token_command:?}\n"
        ),
        1,
    );
    std::fs::write(path, config).unwrap();
}

/// All of stdout and stderr.
pub(crate) fn said(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr)
}

#[test]
fn xoauth2_signs_in_with_the_token_command_and_never_shows_the_token() {
    const TOKEN: &str = "ya29.a0-canary-Token-5c1f0e";
    let env = TestEnv::with_examples();
    // An open store keeps the WAL from being checkpointed away when each command exits.
    let _reader = env.store();
    let server = SmtpServer::start(&["--xoauth2", &format!("hr@acme.test:{TOKEN}")]);
    let token_file = env.dir.path().join("token");
    std::fs::write(&token_file, format!("{TOKEN}\n")).unwrap();
    use_xoauth2(&env, server.port, &format!("cat {}", token_file.display()));

    let mut captured = Vec::new();
    let out = send(&env, &["--regenerate", "--yes", "--to", "E0002", "E0003"]);
    expect_exit(&out, 0);
    captured.extend(said(&out).into_bytes());
    // The token reaches neither the store (the config holds only the command) nor output.
    let mut files = crate::common::home_files(&env);
    files.retain(|(name, _)| !name.ends_with("hrpass.toml"));
    each_mail_verifies(
        &env,
        &server,
        &[
            ("jose.garcia@example.com", "E0002"),
            ("anais.lefevre@example.com", "E0003"),
        ],
    );
    assert!(
        server
            .messages()
            .iter()
            .all(|m| m["auth_user"] == "hr@acme.test")
    );
    let test = env.run(&["mail", "test", "someone@acme.test"]);
    assert_eq!(test.status.code(), Some(0), "{}", said(&test));
    assert!(
        said(&test).contains("signed in with XOAUTH2 as hr@acme.test"),
        "{}",
        said(&test)
    );
    captured.extend(said(&test).into_bytes());
    for args in [
        vec!["--format", "json", "outbox", "list"],
        vec!["--format", "csv", "log"],
        vec!["config", "show"],
    ] {
        captured.extend(said(&env.run(&args)).into_bytes());
    }
    files.push(("captured output".to_owned(), captured));
    crate::common::assert_no_secret(&[TOKEN.to_owned()], &files);
}

#[test]
fn a_refused_token_stops_the_run_with_the_rest_queued_and_says_how_to_renew() {
    const GOOD: &str = "ya29.good-token-1";
    const STALE: &str = "ya29.expired-Token-canary-8d2";
    let env = TestEnv::with_examples();
    let server = SmtpServer::start(&["--xoauth2", &format!("hr@acme.test:{GOOD}")]);
    let token_file = env.dir.path().join("token");
    std::fs::write(&token_file, STALE).unwrap();
    use_xoauth2(&env, server.port, &format!("cat {}", token_file.display()));

    let out = send(
        &env,
        &["--regenerate", "--yes", "--to", "E0021", "E0022", "E0023"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    let stopped = summary(&out)["stopped"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        stopped.contains("refused the OAuth2 access token") && stopped.contains("outbox retry"),
        "{stopped}"
    );
    assert!(server.messages().is_empty());
    assert_eq!(queued(&env), 3);
    assert!(!said(&out).contains(STALE), "{}", said(&out));

    // A renewed token: the queued deliveries go, each with its password.
    std::fs::write(&token_file, GOOD).unwrap();
    let retry = env.run(&["--format", "json", "outbox", "retry"]);
    assert_eq!(retry.status.code(), Some(0), "{}", said(&retry));
    assert_eq!(server.messages().len(), 3);
    assert_eq!(queued(&env), 0);
}

#[test]
fn a_failing_or_silent_token_command_stops_the_run_before_any_message() {
    let env = TestEnv::with_examples();
    let server = SmtpServer::start(&["--xoauth2", "hr@acme.test:t"]);
    for (command, expected) in [
        (
            "echo 'ERROR: Please run az login to setup account.' >&2; exit 1",
            "Please run az login",
        ),
        ("true", "printed no token"),
        ("printf 'two words'", "more than one word"),
        ("printf '\\033[31mred\\n' >&2; exit 2", "\\u{1b}[31mred"),
        ("no-such-token-tool --resource smtp", "is not installed"),
    ] {
        use_xoauth2(&env, server.port, command);
        let out = send(&env, &["--regenerate", "--yes", "--to", "E0030"]);
        assert_eq!(out.status.code(), Some(1), "{command}: {}", said(&out));
        let stopped = summary(&out)["stopped"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            stopped.contains("[smtp] token_command") && stopped.contains(expected),
            "{command}: {stopped}"
        );
        assert!(!said(&out).contains('\x1b'), "escaped: {}", said(&out));
        assert_eq!(queued(&env), 1, "{command}");
    }
    assert!(server.messages().is_empty());
    // Settings that cannot work are named before anything is queued.
    let path = env.home.join("hrpass.toml");
    let config = std::fs::read_to_string(&path).unwrap();
    let no_command = config
        .lines()
        .filter(|l| !l.starts_with("token_command"))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&path, no_command).unwrap();
    let out = send(&env, &["--regenerate", "--yes", "--to", "E0031"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        said(&out).contains("needs an access token: run `hrpass mail login`"),
        "{}",
        said(&out)
    );
}

/// `[delivery] daily_limit` counts accepted messages over a rolling 24 hours from the outbox:
/// a run sends up to it and leaves the rest queued saying when they can go, a later run
/// sends none until the window moves, and the dry run says so beforehand.
#[test]
fn the_daily_limit_holds_the_rest_queued_across_runs() {
    let env = TestEnv::with_examples();
    let server = SmtpServer::start(&[]);
    use_smtp(&env, server.port);
    set_delivery(&env, "daily_limit = 3");
    let targets = ["E0037", "E0038", "E0039", "E0040", "E0041"];
    let mut args = vec!["--regenerate", "--yes", "--dry-run", "--to"];
    args.extend(targets);
    let dry = send(&env, &args);
    let dry: serde_json::Value = serde_json::from_slice(&dry.stdout).unwrap();
    assert_eq!(dry["daily_limit"]["left"], 3, "{dry}");
    assert_eq!(dry["daily_limit"]["held"], 2, "{dry}");

    args.retain(|a| *a != "--dry-run");
    let out = send(&env, &args);
    expect_exit(&out, 3);
    let s = summary(&out);
    assert_eq!(s["sent"].as_array().unwrap().len(), 3, "{s}");
    let held = s["failed"].as_array().unwrap();
    assert_eq!(held.len(), 2, "{s}");
    assert!(
        held.iter().all(|p| {
            let reason = p["reason"].as_str().unwrap();
            reason.contains("daily_limit of 3") && reason.contains("it can go from 20")
        }),
        "{s}"
    );
    assert_eq!(server.messages().len(), 3);
    assert_eq!(queued(&env), 2);

    // Another run within the 24 hours sends nothing and keeps both queued.
    let retry = env.run(&["--format", "json", "outbox", "retry"]);
    assert_eq!(retry.status.code(), Some(1), "{}", said(&retry));
    assert_eq!(server.messages().len(), 3);
    assert_eq!(queued(&env), 2);

    // A day later (the accepted messages moved back 24 hours), the rest go.
    env.sql("UPDATE outbox SET updated_at = updated_at - 86401 WHERE state = 'sent'");
    let retry = env.run(&["--format", "json", "outbox", "retry"]);
    assert_eq!(retry.status.code(), Some(0), "{}", said(&retry));
    assert_eq!(queued(&env), 0);
    each_mail_verifies(
        &env,
        &server,
        &targets
            .iter()
            .map(|code| (email_of(&env, code), *code))
            .collect::<Vec<_>>()
            .iter()
            .map(|(email, code)| (email.as_str(), *code))
            .collect::<Vec<_>>(),
    );
}

/// Two runs started at once (a cron job and an admin) share one daily limit.
#[test]
fn two_runs_at_once_share_one_daily_limit() {
    let env = TestEnv::with_examples();
    let server = SmtpServer::start(&[]);
    use_smtp(&env, server.port);
    set_delivery(&env, "daily_limit = 4");
    let send = ["send-password", "--regenerate", "--yes", "--to"];
    let spawn = |codes: &[&str]| {
        let args: Vec<&str> = send.iter().chain(codes).copied().collect();
        crate::lifecycle::spawn(&env, &args, None)
    };
    let a = spawn(&["E0045", "E0046", "E0047"]);
    let b = spawn(&["E0048", "E0049", "E0050"]);
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let codes = [a.status.code(), b.status.code()];
    assert!(
        codes
            .iter()
            .all(|c| matches!(c, Some(1) | Some(3) | Some(0))),
        "{codes:?}"
    );
    assert_eq!(server.messages().len(), 4, "exactly the limit, not 6");
    assert_eq!(queued(&env), 2);
}

/// The address of employee `code`, from the store.
fn email_of(env: &TestEnv, code: &str) -> String {
    env.sql_value(&format!(
        "SELECT email FROM employees WHERE code = '{code}'"
    ))
}

/// A reply that asks to slow down (Microsoft 365's "432 4.3.2 … sender thread limit
/// exceeded") pauses every connection and tries again, without using up `max_attempts`:
/// with one attempt allowed, each message is still delivered once the server takes it.
#[test]
fn slow_down_replies_pause_the_run_and_then_deliver() {
    let env = TestEnv::with_examples();
    let server = SmtpServer::start(&["--slowdown", "2"]);
    use_smtp(&env, server.port);
    let path = env.home.join("hrpass.toml");
    let config = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        config.replace("max_attempts = 3", "max_attempts = 1"),
    )
    .unwrap();
    let started = std::time::Instant::now();
    let out = send(
        &env,
        &["--regenerate", "--yes", "--to", "E0008", "E0009", "E0010"],
    );
    let took = started.elapsed();
    expect_exit(&out, 0);
    let codes = ["E0008", "E0009", "E0010"];
    let pairs: Vec<(String, &str)> = codes.iter().map(|c| (email_of(&env, c), *c)).collect();
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(e, c)| (e.as_str(), *c)).collect();
    each_mail_verifies(&env, &server, &pairs);
    let slowdowns = std::fs::read_to_string(server.out.path().join("slowdowns.txt")).unwrap();
    assert_eq!(slowdowns.lines().count(), 2);
    // The pauses (1 s, then 2 s when the next try is told the same) were waited out.
    assert!(took >= std::time::Duration::from_secs(1), "{took:?}");
    let list: serde_json::Value =
        serde_json::from_str(&env.ok(&["--format", "json", "outbox", "list"])).unwrap();
    let tries: u64 = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["attempts"].as_u64().unwrap())
        .sum();
    assert_eq!(
        tries, 5,
        "3 deliveries, 2 of their tries told to slow down: {list}"
    );
}

/// `--address personal` mails a new hire's private address and refuses an employee without
/// one; `--address auto` takes the private address only for someone with no active password
/// yet. The address each password went to is in the summary, the report, the outbox and
/// the audit trail.
#[test]
fn address_personal_and_auto_choose_where_a_password_goes() {
    let env = TestEnv::with_examples();
    let server = SmtpServer::start(&[]);
    use_smtp(&env, server.port);
    for (code, personal) in [
        ("E0024", "new.hire.24@mail.test"),
        ("E0025", "p25@mail.test"),
    ] {
        env.ok(&["employees", "update", code, "--personal-email", personal]);
    }
    let report = env.dir.path().join("report.csv");
    let out = send(
        &env,
        &[
            "--regenerate",
            "--yes",
            "--address",
            "personal",
            "--report",
            report.to_str().unwrap(),
            "--to",
            "E0024",
            "E0026",
        ],
    );
    expect_exit(&out, 3);
    let s = summary(&out);
    assert_eq!(s["sent"], serde_json::json!(["E0024"]), "{s}");
    assert_eq!(s["addresses"]["E0024"], "new.hire.24@mail.test", "{s}");
    assert!(
        s["refused"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("no personal_email"),
        "{s}"
    );
    each_mail_verifies(&env, &server, &[("new.hire.24@mail.test", "E0024")]);
    let report = std::fs::read_to_string(&report).unwrap();
    assert!(
        report.starts_with("employee_code,outcome,address,reason\n"),
        "{report}"
    );
    assert!(
        report.contains("E0024,sent,new.hire.24@mail.test,"),
        "{report}"
    );
    let outbox = env.ok(&["--format", "json", "outbox", "list"]);
    assert!(
        outbox.contains("\"address\": \"new.hire.24@mail.test\""),
        "{outbox}"
    );
    let log = env.ok(&["--format", "csv", "log"]);
    assert!(log.contains("to new.hire.24@mail.test"), "{log}");

    // auto: E0024 now has an active password (work address); E0025 has none yet (personal);
    // E0027 has no personal address (work).
    let before = server.messages().len();
    let out = send(
        &env,
        &[
            "--regenerate",
            "--yes",
            "--address",
            "auto",
            "--to",
            "E0024",
            "E0025",
            "E0027",
        ],
    );
    expect_exit(&out, 0);
    let s = summary(&out);
    assert_eq!(s["addresses"]["E0024"], email_of(&env, "E0024"), "{s}");
    assert_eq!(s["addresses"]["E0025"], "p25@mail.test", "{s}");
    assert_eq!(s["addresses"]["E0027"], email_of(&env, "E0027"), "{s}");
    let mut to: Vec<String> = server.messages()[before..].iter().map(recipient).collect();
    to.sort();
    let mut expected = vec![
        email_of(&env, "E0024"),
        "p25@mail.test".to_owned(),
        email_of(&env, "E0027"),
    ];
    expected.sort();
    assert_eq!(to, expected);
}

/// A delivery left queued goes, when resent, to the address it was queued for, even after
/// the employee's record changed.
#[test]
fn a_resent_delivery_keeps_the_address_it_was_queued_for() {
    let env = TestEnv::with_examples();
    env.ok(&[
        "employees",
        "update",
        "E0028",
        "--personal-email",
        "hire28@mail.test",
    ]);
    let port = free_port();
    use_smtp(&env, port);
    let out = send(
        &env,
        &[
            "--regenerate",
            "--yes",
            "--address",
            "personal",
            "--to",
            "E0028",
        ],
    );
    expect_exit(&out, 1);
    assert_eq!(queued(&env), 1);
    env.ok(&["employees", "update", "E0028", "--personal-email", ""]);
    let server = SmtpServer::start_on(port, &[]);
    let retry = env.run(&["--format", "json", "outbox", "retry"]);
    assert_eq!(retry.status.code(), Some(0), "{}", said(&retry));
    each_mail_verifies(&env, &server, &[("hire28@mail.test", "E0028")]);
}

/// A message template stored for `send-email`.
fn message_template(env: &TestEnv, name: &str) {
    let text = env.file(
        &format!("{name}.txt"),
        "Hello {{ employee.first_name }},\n\nthe {{ company }} password policy changes on \
         Monday: passwords need 16 characters. Sign in at {{ login_url }}.\n",
    );
    env.ok(&[
        "template",
        "set",
        name,
        "--kind",
        "message",
        "--subject",
        "Password policy changes on Monday",
        "--text",
        &text,
    ]);
}

fn send_email(env: &TestEnv, args: &[&str]) -> Output {
    let mut full = vec!["--format", "json", "send-email"];
    full.extend_from_slice(args);
    env.run(&full)
}

/// `send-email`: a general message to the targets through the outbox, with no password in
/// it and no credential changed; password templates are refused here, message templates by
/// send-password, and a message template that uses the password is refused when set.
#[test]
fn send_email_mails_a_message_without_any_password() {
    let env = TestEnv::with_examples();
    let server = SmtpServer::start(&[]);
    use_smtp(&env, server.port);
    message_template(&env, "policy-change");
    let credentials_before = env.sql_value("SELECT count(*) FROM credentials");

    let out = send_email(
        &env,
        &[
            "--template",
            "policy-change",
            "--yes",
            "--to",
            "E0002",
            "E0003",
        ],
    );
    expect_exit(&out, 0);
    assert_eq!(summary(&out)["sent"], serde_json::json!(["E0002", "E0003"]));
    let messages = server.messages();
    assert_eq!(messages.len(), 2);
    for m in &messages {
        assert_eq!(m["subject"], "Password policy changes on Monday");
        let text = m["text"].as_str().unwrap();
        assert!(text.contains("Acme password policy changes"), "{text}");
        assert!(!text.contains("Password:"), "{text}");
        assert!(m["message_id"].as_str().unwrap().contains(".m."), "{m}");
    }
    assert_eq!(
        env.sql_value("SELECT count(*) FROM credentials"),
        credentials_before,
        "no credential touched"
    );
    let outbox = env.ok(&["--format", "json", "outbox", "list"]);
    let outbox: serde_json::Value = serde_json::from_str(&outbox).unwrap();
    assert!(
        outbox
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["kind"] == "email" && d["state"] == "sent"),
        "{outbox}"
    );
    let log = env.ok(&["--format", "csv", "log"]);
    assert!(log.contains("message.sent"), "{log}");

    // The wrong kind of template, either way.
    let out = send_email(
        &env,
        &["--template", "new-password", "--yes", "--to", "E0004"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(
        said(&out).contains("is a password template"),
        "{}",
        said(&out)
    );
    let out = send(
        &env,
        &[
            "--regenerate",
            "--yes",
            "--template",
            "policy-change",
            "--to",
            "E0004",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(
        said(&out).contains("is a message template"),
        "{}",
        said(&out)
    );
    let leaky = env.file("leaky.txt", "Your password is {{ password }}\n");
    let out = env.run(&[
        "template",
        "set",
        "leaky",
        "--kind",
        "message",
        "--subject",
        "Hi",
        "--text",
        &leaky,
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(said(&out).contains("uses {{ password }}"), "{}", said(&out));
    assert_eq!(server.messages().len(), 2, "nothing more was sent");
}

/// send-email over the faults send-password survives: a server that is down (all stay
/// queued, then `outbox retry` sends them), a 550 for one (exit 3), and a run killed right
/// after it queued (the retry sends each once). A queued password delivery and a queued
/// message to the same employee do not block each other.
#[test]
fn send_email_survives_a_down_server_a_550_and_a_crash() {
    let env = TestEnv::with_examples();
    message_template(&env, "notice");
    let port = free_port();
    use_smtp(&env, port);
    // Down: both queued, exit 1; a password delivery to one of them queues beside it.
    let out = send_email(
        &env,
        &["--template", "notice", "--yes", "--to", "E0005", "E0006"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    let out = send(&env, &["--regenerate", "--yes", "--to", "E0005"]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert_eq!(queued(&env), 3);

    let server = SmtpServer::start_on(port, &["--reject", "lin.wei@example.com"]);
    let retry = env.run(&["--format", "json", "outbox", "retry"]);
    assert_eq!(retry.status.code(), Some(0), "{}", said(&retry));
    assert_eq!(queued(&env), 0);
    let to: Vec<String> = server.messages().iter().map(recipient).collect();
    assert_eq!(to.len(), 3, "{to:?}");
    assert!(verifies(
        &env,
        "E0005",
        &password_in(
            server
                .messages()
                .iter()
                .find(|m| m["text"].as_str().unwrap().contains("Password:"))
                .unwrap()
        )
    ));

    // A 550 for one of two: exit 3, the other delivered.
    let rejected = email_of(&env, "E0008");
    drop(server);
    let server = SmtpServer::start_on(port, &["--reject", &rejected]);
    let out = send_email(
        &env,
        &["--template", "notice", "--yes", "--to", "E0007", "E0008"],
    );
    expect_exit(&out, 3);
    let s = summary(&out);
    assert_eq!(s["sent"], serde_json::json!(["E0007"]), "{s}");
    assert!(
        s["failed"][0]["reason"].as_str().unwrap().contains("550"),
        "{s}"
    );

    // Killed right after queueing: nothing sent; the retry sends each once.
    let before = server.messages().len();
    let crashed = crate::lifecycle::spawn(
        &env,
        &[
            "send-email",
            "--template",
            "notice",
            "--yes",
            "--to",
            "E0009",
            "E0010",
        ],
        Some("send.after_queue_commit=return"),
    )
    .wait_with_output()
    .unwrap();
    assert_ne!(crashed.status.code(), Some(0));
    assert_eq!(server.messages().len(), before);
    env.sql("UPDATE outbox SET lease_until = 1 WHERE state = 'queued'");
    // The retry also tries E0008's refused message again (refused again: exit 3).
    let retry = env.run(&["--format", "json", "outbox", "retry"]);
    assert_eq!(retry.status.code(), Some(3), "{}", said(&retry));
    assert_eq!(
        summary(&retry)["sent"],
        serde_json::json!(["E0009", "E0010"])
    );
    assert!(
        said(&retry).contains("2 employees got their mail"),
        "{}",
        said(&retry)
    );
    let after = server.messages();
    assert_eq!(after.len(), before + 2);
    let ids: std::collections::HashSet<_> = after.iter().map(|m| m["message_id"].clone()).collect();
    assert_eq!(ids.len(), after.len(), "no message twice");
}

/// `notify-expiring`: an issued password not changed yet and expiring within the window gets
/// one reminder (at the address its password went to), never a second; one the employee
/// changed gets none. The dry run lists who would get one.
#[test]
fn notify_expiring_reminds_once_per_issued_password() {
    let env = TestEnv::with_examples();
    let server = SmtpServer::start(&[]);
    use_smtp(&env, server.port);
    env.ok(&[
        "employees",
        "update",
        "E0012",
        "--personal-email",
        "new12@mail.test",
    ]);
    let out = send(&env, &["--regenerate", "--yes", "--to", "E0011", "E0013"]);
    expect_exit(&out, 0);
    let out = send(
        &env,
        &[
            "--regenerate",
            "--yes",
            "--address",
            "personal",
            "--to",
            "E0012",
        ],
    );
    expect_exit(&out, 0);
    // E0013 chose their own password: nothing to remind them of.
    let out = env.feed("saffron-Walrus-canyon-58\n", &["passwd", "E0013"]);
    assert!(out.status.success(), "{}", said(&out));
    let mailed = server.messages().len();

    // Issued passwords last the policy's window (72 h by default): 1 d finds none.
    let none = env.run(&[
        "--format",
        "json",
        "notify-expiring",
        "--within",
        "1d",
        "--dry-run",
    ]);
    let none: serde_json::Value = serde_json::from_slice(&none.stdout).unwrap();
    assert_eq!(none["would_send"], serde_json::json!([]), "{none}");
    let dry = env.run(&[
        "--format",
        "json",
        "notify-expiring",
        "--within",
        "4d",
        "--dry-run",
    ]);
    let dry: serde_json::Value = serde_json::from_slice(&dry.stdout).unwrap();
    assert_eq!(
        dry["would_send"],
        serde_json::json!(["E0011", "E0012"]),
        "{dry}"
    );
    assert_eq!(server.messages().len(), mailed, "a dry run sends nothing");

    let out = env.run(&[
        "--format",
        "json",
        "--yes",
        "notify-expiring",
        "--within",
        "4d",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    let reminders = &server.messages()[mailed..];
    assert_eq!(reminders.len(), 2);
    let mut to: Vec<String> = reminders.iter().map(recipient).collect();
    to.sort();
    assert_eq!(to, [email_of(&env, "E0011"), "new12@mail.test".to_owned()]);
    for m in reminders {
        let text = m["text"].as_str().unwrap();
        // The text is wrapped at 72 columns: a phrase may span a line break.
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words.contains("expires on"), "{text}");
        assert!(!text.contains("Password:"), "{text}");
    }
    // Once per password: the next run finds nothing.
    let again = env.run(&[
        "--format",
        "json",
        "--yes",
        "notify-expiring",
        "--within",
        "4d",
    ]);
    assert_eq!(again.status.code(), Some(0), "{}", said(&again));
    assert_eq!(summary(&again)["sent"], serde_json::json!([]));
    assert_eq!(server.messages().len(), mailed + 2);
}

/// `outbox list` as a table shows where each delivery went, as its JSON does (issue 19).
#[test]
fn the_outbox_table_shows_the_address() {
    let env = TestEnv::with_examples();
    let out = send(&env, &["--regenerate", "--yes", "--to", "E0030"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", said(&out));
    let table = env.ok(&["outbox", "list"]);
    let json = env.ok(&["--format", "json", "outbox", "list"]);
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    let address = rows[0]["address"].as_str().unwrap();
    assert!(
        table.contains("address") && table.contains(address),
        "{table}"
    );
}
