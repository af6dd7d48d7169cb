//! `hrpass mail login` / `mail logout`: the device authorization grant (RFC 8628) against a
//! local stand-in authorization server (tests/smtp/oauth.py; Microsoft's and Google's cannot be
//! reached from here), the refresh token sealed in the store and rotated by compare-and-set,
//! and the XOAUTH2 exchange with the refreshed access token on a real SMTP server.

use crate::common::TestEnv;
use crate::delivery::{SmtpServer, free_port, require_tool, said, use_smtp};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};
use std::time::{Duration, Instant};

const CLIENT_ID: &str = "7c1e2a90-hrpass-test-client";
const ACCESS: &str = "eyJ0eXAiOi-canary-Access-Token-51d9";
const REFRESH: &str = "M.C5-canary-Refresh-Token-7f3a";

/// The stand-in authorization server.
struct AuthServer {
    child: Child,
    port: u16,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl AuthServer {
    fn start(extra: &[&str]) -> AuthServer {
        require_tool(
            "python3",
            Command::new("python3").arg("--version"),
            "apt-get install python3",
        );
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("requests.jsonl");
        let port = free_port();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp/oauth.py");
        let child = crate::common::start_server(
            Command::new("python3")
                .arg(script)
                .args(["--port", &port.to_string(), "--log", log.to_str().unwrap()])
                .args(["--client-id", CLIENT_ID, "--access-token", ACCESS])
                .args(["--refresh-prefix", REFRESH])
                .args(extra),
            "the stand-in authorization server",
        );
        AuthServer {
            child,
            port,
            log,
            _dir: dir,
        }
    }

    /// Every request it answered, in order.
    fn requests(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    fn of_grant(&self, grant: &str) -> Vec<serde_json::Value> {
        self.requests()
            .into_iter()
            .filter(|r| r["grant"] == grant)
            .collect()
    }
}

impl Drop for AuthServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// SMTP through `smtp_port` as hr@acme.test with XOAUTH2, signed in at Microsoft 365 whose
/// endpoints are the stand-in's; `extra` goes into `[smtp]`.
fn configure(env: &TestEnv, smtp_port: u16, auth: &AuthServer, extra: &str) {
    use_smtp(env, smtp_port);
    let path = env.home.join("hrpass.toml");
    let base = format!("http://127.0.0.1:{}", auth.port);
    let config = std::fs::read_to_string(&path).unwrap().replacen(
        "[smtp]\n",
        &format!(
            "[smtp]\nprovider = \"microsoft365\"\nusername = \"hr@acme.test\"\nauth = \"xoauth2\"\n\
             client_id = \"{CLIENT_ID}\"\ndevice_authorization_url = \"{base}/devicecode\"\n\
             token_url = \"{base}/token\"\n{extra}"
        ),
        1,
    );
    std::fs::write(path, config).unwrap();
}

fn expect(out: &Output, code: i32) -> String {
    let text = said(out);
    assert_eq!(out.status.code(), Some(code), "{text}");
    text
}

/// The secrets that must never be written or shown: the access token and every refresh token
/// the stand-in handed out (R-1, R-2, …).
fn canaries(auth: &AuthServer) -> Vec<String> {
    let issued = auth
        .requests()
        .iter()
        .filter(|r| r["outcome"] == "ok")
        .count();
    let mut secrets = vec![ACCESS.to_owned()];
    secrets.extend((1..=issued + 1).map(|n| format!("{REFRESH}-{n}")));
    secrets
}

#[test]
fn login_polls_as_rfc_8628_says_and_the_stored_sign_in_sends_with_a_refreshed_token() {
    let env = TestEnv::with_examples();
    // An open store keeps the WAL from being checkpointed away when each command exits.
    let _reader = env.store();
    let smtp = SmtpServer::start(&["--xoauth2", &format!("hr@acme.test:{ACCESS}")]);
    let auth = AuthServer::start(&["--polls", "pending,slow_down,pending,ok", "--interval", "1"]);
    configure(&env, smtp.port, &auth, "");
    let mut captured = Vec::new();

    let started = Instant::now();
    let login = env.run(&["--format", "json", "mail", "login"]);
    let text = expect(&login, 0);
    captured.extend(text.clone().into_bytes());
    assert!(text.contains("WDJB-MJHT"), "the code is shown: {text}");
    assert!(
        text.contains("https://login.stand-in.test/device"),
        "the address is shown: {text}"
    );
    let result: serde_json::Value = serde_json::from_slice(&login.stdout).unwrap();
    assert_eq!(result["mailbox"], "hr@acme.test");
    assert_eq!(result["version"], 1);

    // Four polls: the first at once, then 1 s (pending), 1 s + 5 s after the slow_down, and
    // never sooner than the interval in force.
    let polls = auth.of_grant("device_code");
    let outcomes: Vec<&str> = polls
        .iter()
        .map(|p| p["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(
        outcomes,
        ["pending", "slow_down", "pending", "ok"],
        "{polls:?}"
    );
    let gaps: Vec<f64> = polls[1..]
        .iter()
        .map(|p| p["gap"].as_f64().unwrap())
        .collect();
    assert!(gaps[0] >= 0.95 && gaps[1] >= 0.95, "{gaps:?}");
    assert!(
        gaps[2] >= 5.9,
        "slow_down adds 5 s to the interval: {gaps:?}"
    );
    assert!(started.elapsed() >= Duration::from_secs(7));
    let scope = auth.requests()[0]["scope"].as_str().unwrap().to_owned();
    assert!(
        scope.contains("https://outlook.office.com/SMTP.Send") && scope.contains("offline_access"),
        "{scope}"
    );
    assert_eq!(env.sql_value("SELECT count(*) FROM mail_logins"), "1");

    // A send with no token_command: the stored refresh token gets an access token, which the
    // SMTP server takes over XOAUTH2.
    let send = env.run(&[
        "--format",
        "json",
        "send-password",
        "--regenerate",
        "--yes",
        "--to",
        "E0002",
        "E0003",
    ]);
    captured.extend(expect(&send, 0).into_bytes());
    let messages = smtp.messages();
    assert_eq!(messages.len(), 2);
    assert!(messages.iter().all(|m| m["auth_user"] == "hr@acme.test"));
    assert_eq!(auth.of_grant("refresh_token").len(), 1, "one refresh a run");

    let test = env.run(&["mail", "test", "it@acme.test"]);
    let text = expect(&test, 0);
    assert!(
        text.contains("signed in with XOAUTH2 as hr@acme.test (token from the sign-in"),
        "{text}"
    );
    captured.extend(text.into_bytes());
    let check = env.run(&["mail", "test", "--token-only"]);
    captured.extend(expect(&check, 0).into_bytes());
    assert_eq!(auth.of_grant("refresh_token").len(), 3);
    assert_eq!(smtp.messages().len(), 3, "--token-only sends nothing");
    for args in [
        vec!["--format", "csv", "log"],
        vec!["config", "show"],
        vec!["store", "status"],
    ] {
        captured.extend(said(&env.run(&args)).into_bytes());
    }
    let log = env.ok(&["--format", "csv", "log"]);
    assert!(log.contains("mail.login"), "{log}");

    let mut files = crate::common::home_files(&env);
    files.push(("captured output".to_owned(), captured));
    crate::common::assert_no_secret(&canaries(&auth), &files);
}

#[test]
fn a_declined_or_expired_sign_in_says_so_and_stores_nothing() {
    let env = TestEnv::with_examples();
    let smtp_port = free_port();
    for (polls, extra, says) in [
        ("denied", vec![], "declined"),
        ("pending,expired", vec![], "expired"),
        // The code runs out on the client's side too: expires_in is 2 s, the stand-in never
        // stops answering pending.
        ("pending", vec!["--expires-in", "2"], "expired"),
    ] {
        let mut args = vec!["--polls", polls, "--interval", "1"];
        args.extend(extra);
        let auth = AuthServer::start(&args);
        configure(&env, smtp_port, &auth, "");
        let started = Instant::now();
        let out = env.run(&["mail", "login"]);
        let text = expect(&out, 1);
        assert!(text.contains(says), "{polls}: {text}");
        assert!(text.contains("nothing was stored"), "{polls}: {text}");
        assert!(started.elapsed() < Duration::from_secs(20), "{polls}");
        assert_eq!(env.sql_value("SELECT count(*) FROM mail_logins"), "0");
    }
    // A client the provider does not know.
    let auth = AuthServer::start(&[]);
    configure(&env, smtp_port, &auth, "");
    let config = std::fs::read_to_string(env.home.join("hrpass.toml")).unwrap();
    std::fs::write(
        env.home.join("hrpass.toml"),
        config.replace(CLIENT_ID, "someone-else"),
    )
    .unwrap();
    let text = expect(&env.run(&["mail", "login"]), 1);
    assert!(
        text.contains("invalid_client") && text.contains("client_id"),
        "{text}"
    );
    assert_eq!(env.sql_value("SELECT count(*) FROM mail_logins"), "0");
}

#[test]
fn rotated_refresh_tokens_are_stored_and_two_processes_refreshing_at_once_both_get_tokens() {
    let env = TestEnv::with_examples();
    let _reader = env.store();
    let smtp = SmtpServer::start(&["--xoauth2", &format!("hr@acme.test:{ACCESS}")]);
    // Each refresh answers a new refresh token and revokes the one used; it takes 0.5 s, so
    // the second of two processes that read the same token asks while the first holds it.
    let auth = AuthServer::start(&["--rotate", "--refresh-delay", "0.5"]);
    configure(&env, smtp.port, &auth, "");
    let mut captured = said(&env.run(&["mail", "login"])).into_bytes();

    for round in 0..3 {
        let children: Vec<_> = (0..2)
            .map(|_| env.spawn(&["mail", "test", "--token-only"]))
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            captured.extend(expect(&out, 0).into_bytes());
        }
        // Each process's refresh rotated the token once: the store holds the newest.
        assert_eq!(
            env.sql_value("SELECT version FROM mail_logins"),
            (1 + 2 * (round + 1)).to_string(),
            "round {round}: {:?}",
            auth.of_grant("refresh_token")
        );
    }
    // The one a process read and the other had just rotated away was refused once, then the
    // newer one was read back and used.
    let refreshes = auth.of_grant("refresh_token");
    let ok = refreshes.iter().filter(|r| r["outcome"] == "ok").count();
    assert_eq!(ok, 6, "{refreshes:?}");
    // A send after all that uses the newest token.
    let send = env.run(&["send-password", "--regenerate", "--yes", "--to", "E0002"]);
    captured.extend(expect(&send, 0).into_bytes());
    assert_eq!(smtp.messages().len(), 1);
    let mut files = crate::common::home_files(&env);
    files.push(("captured output".to_owned(), captured));
    crate::common::assert_no_secret(&canaries(&auth), &files);
}

#[test]
fn token_command_wins_a_revoked_sign_in_says_sign_in_again_and_logout_forgets() {
    let env = TestEnv::with_examples();
    let smtp = SmtpServer::start(&["--xoauth2", &format!("hr@acme.test:{ACCESS}")]);
    let auth = AuthServer::start(&[]);
    configure(&env, smtp.port, &auth, "");
    expect(&env.run(&["mail", "login"]), 0);

    // With a token_command set, it gives the token; the stored sign-in is not used.
    let token_file = env.dir.path().join("token");
    std::fs::write(&token_file, format!("{ACCESS}\n")).unwrap();
    let path = env.home.join("hrpass.toml");
    let plain = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        plain.replacen(
            "[smtp]\n",
            &format!("[smtp]\ntoken_command = \"cat {}\"\n", token_file.display()),
            1,
        ),
    )
    .unwrap();
    let text = expect(&env.run(&["mail", "test", "it@acme.test"]), 0);
    assert!(text.contains("token from [smtp] token_command"), "{text}");
    assert!(auth.of_grant("refresh_token").is_empty());
    std::fs::write(&path, &plain).unwrap();

    // The provider revoked the sign-in (a new stand-in knows no refresh token): the run
    // stops before any message, the deliveries stay queued, and the message says what to do.
    drop(auth);
    let revoked = AuthServer::start(&[]);
    configure(&env, smtp.port, &revoked, "");
    let out = env.run(&["send-password", "--regenerate", "--yes", "--to", "E0002"]);
    let text = said(&out);
    assert_ne!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("no longer accepts the stored mail sign-in")
            && text.contains("hrpass mail login"),
        "{text}"
    );
    assert_eq!(smtp.messages().len(), 1, "only the earlier test message");
    assert_eq!(
        env.sql_value("SELECT count(*) FROM outbox WHERE state = 'queued'"),
        "1"
    );

    let text = expect(&env.run(&["mail", "logout"]), 0);
    assert!(text.contains("Signed out"), "{text}");
    assert_eq!(env.sql_value("SELECT count(*) FROM mail_logins"), "0");
    let text = expect(&env.run(&["mail", "logout"]), 0);
    assert!(text.contains("nothing changed"), "{text}");
    let text = expect(&env.run(&["mail", "test", "--token-only"]), 1);
    assert!(text.contains("run `hrpass mail login`"), "{text}");
    let log = env.ok(&["--format", "csv", "log"]);
    assert!(log.contains("mail.logout"), "{log}");
}
