//! `hrpass serve` over real HTTP on loopback, on the suite's engine: the journey from a mailed
//! password to a signed-in session and forward-auth, the second factor enrolled on the
//! portal, forgot password, and every refusal (cross-site posts, foreign redirects, sessions
//! ended by time, by a CLI change and by deactivation, a body too large, slow headers).

use crate::common::{TestEnv, assert_no_secret, home_files};
use std::collections::BTreeMap;
use std::io::{BufRead, Read, Write};
use std::process::Child;
use std::time::{Duration, Instant};

/// A password the policy accepts.
pub(crate) const OWN: &str = "violet-Harbor-quartz-58";
pub(crate) const OTHER: &str = "copper-Meadow-signal-41";

/// A running `hrpass serve`, killed when dropped; its output kept for the canary search.
pub(crate) struct Portal {
    child: Child,
    pub(crate) base: String,
    stderr: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
}

impl Portal {
    pub(crate) fn start(env: &TestEnv) -> Portal {
        Portal::start_with(env, &[])
    }

    fn start_with(env: &TestEnv, more: &[&str]) -> Portal {
        Portal::start_env(env, more, &[])
    }

    /// Started with more arguments and more environment (`FAILPOINTS`).
    pub(crate) fn start_env(env: &TestEnv, more: &[&str], vars: &[(&str, &str)]) -> Portal {
        use std::process::Stdio;
        let mut child = env
            .std_cmd(crate::common::BIN)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(more)
            .envs(vars.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("hrpass serve starts");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .trim()
            .strip_prefix("hrpass portal listening on ")
            .unwrap_or_else(|| panic!("serve did not start: {line:?}"))
            .trim_end_matches('/')
            .to_owned();
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let mut pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Portal {
            child,
            base,
            stderr,
        }
    }

    pub(crate) fn browser(&self) -> Browser {
        // The TLS test's certificate is its own, self-signed: what is checked there is the
        // server's side (HSTS, the cookies' prefix and flags), not the chain.
        let tls = ureq::tls::TlsConfig::builder()
            .disable_verification(true)
            .build();
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .tls_config(tls)
            .build()
            .into();
        Browser {
            base: self.base.clone(),
            agent,
            cookies: BTreeMap::new(),
        }
    }

    pub(crate) fn output(&self) -> Vec<u8> {
        self.stderr.lock().unwrap().clone()
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response as a test looks at it.
#[derive(Debug)]
pub(crate) struct Page {
    pub(crate) status: u16,
    pub(crate) location: Option<String>,
    pub(crate) headers: BTreeMap<String, String>,
    pub(crate) body: String,
}

impl Page {
    /// The form token of the page's first form.
    pub(crate) fn csrf(&self) -> String {
        let at = self
            .body
            .find("name=\"csrf\" value=\"")
            .unwrap_or_else(|| panic!("no form token on the page: {}", self.body));
        let rest = &self.body[at + 19..];
        rest[..rest.find('"').unwrap()].to_owned()
    }

    /// The text of the page's alert, if any.
    pub(crate) fn alert(&self) -> Option<String> {
        let at = self.body.find("role=\"alert\">")?;
        let rest = &self.body[at + 13..];
        Some(rest[..rest.find("</").unwrap()].to_owned())
    }
}

/// A browser: its cookie jar, and the headers a browser's own form post carries. A clone is
/// another tab of it: the same cookies, and requests that may run at once with the others'.
#[derive(Clone)]
pub(crate) struct Browser {
    base: String,
    agent: ureq::Agent,
    cookies: BTreeMap<String, String>,
}

impl Browser {
    pub(crate) fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn take(&mut self, response: ureq::http::Response<ureq::Body>) -> Page {
        let mut response = response;
        let status = response.status().as_u16();
        let mut headers = BTreeMap::new();
        for (name, value) in response.headers() {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            if name == "set-cookie" {
                let pair = value.split(';').next().unwrap();
                let (k, v) = pair.split_once('=').unwrap();
                if value.contains("Max-Age=0") {
                    self.cookies.remove(k);
                } else {
                    self.cookies.insert(k.to_owned(), v.to_owned());
                }
            }
            headers
                .entry(name.as_str().to_owned())
                .and_modify(|old: &mut String| {
                    old.push('\n');
                    old.push_str(&value);
                })
                .or_insert(value);
        }
        let body = response.body_mut().read_to_string().unwrap_or_default();
        Page {
            status,
            location: headers.get("location").cloned(),
            headers,
            body,
        }
    }

    pub(crate) fn get(&mut self, path: &str) -> Page {
        let response = self
            .agent
            .get(format!("{}{path}", self.base))
            .header("Cookie", self.cookie_header())
            .header("User-Agent", "portal-test/1")
            .call()
            .unwrap();
        self.take(response)
    }

    /// A form post as this portal's own page makes it.
    pub(crate) fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let origin = self.base.clone();
        self.post_with(
            path,
            form,
            &[("Origin", &origin), ("Sec-Fetch-Site", "same-origin")],
        )
    }

    pub(crate) fn post_with(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Page {
        let mut request = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Cookie", self.cookie_header())
            .header("User-Agent", "portal-test/1");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send_form(form.iter().copied()).unwrap();
        self.take(response)
    }

    /// Signs in with a code and password: the response to the form.
    pub(crate) fn sign_in(&mut self, who: &str, password: &str) -> Page {
        let page = self.get("/signin");
        assert_eq!(page.status, 200, "{page:?}");
        let csrf = page.csrf();
        self.post(
            "/signin",
            &[("csrf", &csrf), ("who", who), ("password", password)],
        )
    }

    /// The session cookie's value.
    pub(crate) fn session(&self) -> Option<String> {
        self.cookies
            .get("hrpass")
            .or(self.cookies.get("__Host-hrpass"))
            .cloned()
    }
}

/// The newest mail in the file transport's folder, as written.
pub(crate) fn newest_mail(env: &TestEnv) -> String {
    let mut mails: Vec<_> = std::fs::read_dir(env.home.join("outbox-mail"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    mails.sort_by_key(|p| std::fs::metadata(p).unwrap().modified().unwrap());
    std::fs::read_to_string(mails.last().expect("a mail")).unwrap()
}

/// The password of the newest mail in the file transport's folder.
pub(crate) fn mailed_password(env: &TestEnv) -> String {
    let mail = newest_mail(env);
    let line = mail
        .lines()
        .find(|l| l.trim_start().starts_with("Password:"))
        .expect("a Password: line");
    let encoded = line.trim_start().trim_start_matches("Password:").trim();
    // The text part is quoted-printable: `=` and the like come as `=3D`.
    let mut password = Vec::new();
    let bytes = encoded.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            password.push(u8::from_str_radix(hex, 16).expect("quoted-printable"));
            i += 3;
        } else {
            password.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(password).unwrap()
}

pub(crate) fn mail_count(env: &TestEnv) -> usize {
    std::fs::read_dir(env.home.join("outbox-mail")).map_or(0, |d| d.count())
}

/// E0001 with a password of their own (no forced change).
pub(crate) fn with_own_password() -> TestEnv {
    let env = TestEnv::with_examples();
    let out = env.feed(&format!("{OWN}\n"), &["passwd", "E0001"]);
    assert!(out.status.success());
    env
}

/// A portal started with `failpoints` (`FAILPOINTS`), and a browser signed in there as E0001
/// with its own password.
fn signed_in_under(env: &TestEnv, failpoints: &str) -> (Portal, Browser) {
    let portal = Portal::start_env(env, &[], &[("FAILPOINTS", failpoints)]);
    let mut browser = portal.browser();
    let page = browser.sign_in("E0001", OWN);
    assert_eq!(page.location.as_deref(), Some("/account"), "{page:?}");
    (portal, browser)
}

pub(crate) fn verify(env: &TestEnv, password: &str) -> bool {
    env.feed(&format!("{password}\n"), &["verify", "E0001"])
        .status
        .success()
}

#[test]
fn a_mailed_password_signs_in_is_changed_on_the_portal_and_forward_auth_follows_the_session() {
    let env = TestEnv::with_examples();
    env.ok(&["send-password", "--regenerate", "--yes", "--to", "E0001"]);
    let temporary = mailed_password(&env);
    let portal = Portal::start(&env);
    let mut browser = portal.browser();

    // Every failure answers the same: wrong password, unknown code, unknown address.
    let wrong = browser.sign_in("E0001", "not-the-password-at-all");
    let unknown = browser.sign_in("E9999", "not-the-password-at-all");
    let nobody = browser.sign_in("nobody@example.com", &temporary);
    // A password typed into the wrong field is not kept anywhere (searched for below).
    let misplaced = browser.sign_in(OTHER, "x");
    assert_eq!(wrong.alert(), misplaced.alert());
    assert_eq!(wrong.status, 200);
    assert!(wrong.alert().is_some(), "{}", wrong.body);
    assert_eq!(wrong.alert(), unknown.alert());
    assert_eq!(wrong.alert(), nobody.alert());
    assert_eq!(browser.session(), None, "no session for a failed sign-in");

    // The mailed password, by work address: straight to the forced change.
    let signed_in = browser.sign_in("zoe.muller@example.com", &temporary);
    assert_eq!(signed_in.status, 303, "{signed_in:?}");
    assert_eq!(signed_in.location.as_deref(), Some("/change"));
    let first_session = browser.session().expect("a session cookie");
    assert_eq!(browser.get("/auth").status, 401, "not in before the change");
    assert_eq!(browser.get("/account").location.as_deref(), Some("/change"));

    let page = browser.get("/change");
    assert!(page.body.contains("autocomplete=\"new-password\""));
    assert!(
        page.body.contains("be 15 to 64 characters long"),
        "{}",
        page.body
    );
    let csrf = page.csrf();
    let mismatch = browser.post(
        "/change",
        &[("csrf", &csrf), ("new", OWN), ("again", OTHER)],
    );
    assert!(
        mismatch.body.contains("does not match"),
        "{}",
        mismatch.body
    );
    let weak = browser.post(
        "/change",
        &[("csrf", &csrf), ("new", "password"), ("again", "password")],
    );
    assert!(
        weak.body.contains("at least 15 are needed"),
        "{}",
        weak.body
    );
    assert!(verify(&env, &temporary), "refusals change nothing");

    let changed = browser.post("/change", &[("csrf", &csrf), ("new", OWN), ("again", OWN)]);
    assert_eq!(changed.status, 303, "{changed:?}");
    assert_eq!(changed.location.as_deref(), Some("/account?changed=1"));
    let second_session = browser.session().unwrap();
    assert_ne!(
        first_session, second_session,
        "a new session after the change"
    );
    assert!(verify(&env, OWN));
    assert!(!verify(&env, &temporary), "the temporary password is gone");

    // Forward-auth: the employee's identity for the signed-in session only.
    let auth = browser.get("/auth");
    assert_eq!(auth.status, 200, "{auth:?}");
    assert_eq!(auth.headers["remote-user"], "E0001");
    assert_eq!(auth.headers["remote-email"], "zoe.muller@example.com");
    assert_eq!(auth.headers["remote-name"], "Zoë Müller");
    let mut stale = portal.browser();
    stale.cookies.insert("hrpass".into(), first_session.clone());
    assert_eq!(
        stale.get("/auth").status,
        401,
        "the rotated session is dead"
    );

    // The account page and the headers every page carries.
    let account = browser.get("/account");
    assert_eq!(account.status, 200);
    assert!(account.body.contains("Zoë Müller"));
    assert!(
        account.body.contains("portal-test&#x2f;1"),
        "the sign-in is listed"
    );
    let csp = &account.headers["content-security-policy"];
    assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"));
    assert_eq!(account.headers["x-content-type-options"], "nosniff");
    assert_eq!(account.headers["referrer-policy"], "no-referrer");
    assert_eq!(account.headers["cache-control"], "no-store");
    let set = &changed.headers["set-cookie"];
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains("Path=/"),
        "{set}"
    );

    // Signing out ends the session here and for forward-auth.
    let csrf = account.csrf();
    let out = browser.post("/signout", &[("csrf", &csrf)]);
    assert_eq!(out.location.as_deref(), Some("/signin?out=1"));
    assert_eq!(browser.session(), None);
    let mut replay = portal.browser();
    replay
        .cookies
        .insert("hrpass".into(), second_session.clone());
    assert_eq!(replay.get("/auth").status, 401);

    // No password and no session token at rest or in the server's output.
    let _open = env.store();
    let mut files = home_files(&env);
    files.retain(|(name, _)| !name.contains("outbox-mail"));
    files.push(("serve's output".into(), portal.output()));
    assert_no_secret(
        &[
            temporary,
            OWN.to_owned(),
            OTHER.to_owned(),
            first_session,
            second_session,
        ],
        &files,
    );
}

#[test]
fn a_post_without_this_portals_origin_or_form_token_is_refused_and_changes_nothing() {
    let env = with_own_password();
    let portal = Portal::start(&env);
    let mut browser = portal.browser();
    let csrf = browser.get("/signin").csrf();
    let form = [("csrf", csrf.as_str()), ("who", "E0001"), ("password", OWN)];
    let cases: [(&str, Vec<(&str, &str)>); 5] = [
        ("no Origin, no Sec-Fetch-Site", vec![]),
        ("a foreign Origin", vec![("Origin", "https://evil.example")]),
        ("a cross-site fetch", vec![("Sec-Fetch-Site", "cross-site")]),
        (
            "a same-site fetch from a sibling host",
            vec![("Sec-Fetch-Site", "same-site")],
        ),
        ("Origin: null alone", vec![("Origin", "null")]),
    ];
    for (what, headers) in cases {
        let page = browser.post_with("/signin", &form, &headers);
        assert_eq!(page.status, 403, "{what}: {page:?}");
        assert_eq!(browser.session(), None, "{what}");
    }
    let origin = portal.base.clone();
    let tokenless = browser.post_with(
        "/signin",
        &[("who", "E0001"), ("password", OWN)],
        &[("Origin", &origin)],
    );
    assert_eq!(tokenless.status, 403);
    let foreign_token = browser.post_with(
        "/signin",
        &[
            ("csrf", "x".repeat(43).as_str()),
            ("who", "E0001"),
            ("password", OWN),
        ],
        &[("Origin", &origin)],
    );
    assert_eq!(foreign_token.status, 403);
    let attempts = env.sql_value("SELECT count(*) FROM audit WHERE action LIKE 'login.%'");
    assert_eq!(attempts, "0", "no refused post reached the sign-in");

    // With both, the same form signs in; a signed-in form needs the session's own token.
    let ok = browser.post("/signin", &form);
    assert_eq!(ok.location.as_deref(), Some("/account"), "{ok:?}");
    let visitor_token = csrf;
    let out = browser.post("/signout", &[("csrf", &visitor_token)]);
    assert_eq!(out.status, 403, "the visitor's token is not the session's");
    assert_eq!(browser.get("/auth").status, 200, "still signed in");
}

#[test]
fn sessions_end_when_idle_past_their_end_by_a_cli_change_by_hr_and_by_deactivation() {
    let env = with_own_password();
    let portal = Portal::start(&env);
    let signed_in = |browser: &mut Browser| {
        let page = browser.sign_in("E0001", OWN);
        assert_eq!(page.location.as_deref(), Some("/account"), "{page:?}");
        assert_eq!(browser.get("/auth").status, 200);
    };
    let mut browser = portal.browser();

    // 31 minutes without a request (the policy's 30 idle), on the server's injected clock.
    signed_in(&mut browser);
    env.clock_forward(29 * 60);
    assert_eq!(
        browser.get("/auth").status,
        200,
        "29 minutes idle is within"
    );
    env.clock_forward(31 * 60);
    assert_eq!(browser.get("/auth").status, 401, "idle");
    assert_eq!(
        env.sql_value("SELECT ended_why FROM portal_sessions ORDER BY id DESC LIMIT 1"),
        "idle"
    );
    // Busy all along, a request every 25 minutes, until the absolute end (12 hours).
    signed_in(&mut browser);
    let mut busy = 0;
    while busy + 25 * 60 < 12 * 3600 {
        env.clock_forward(25 * 60);
        busy += 25 * 60;
        assert_eq!(browser.get("/auth").status, 200, "busy, {busy} s in");
    }
    env.clock_forward(25 * 60);
    assert_eq!(browser.get("/auth").status, 401, "past its end");
    assert_eq!(
        env.sql_value("SELECT ended_why FROM portal_sessions ORDER BY id DESC LIMIT 1"),
        "expired"
    );
    // A policy with a shorter idle limit applies to live sessions at once.
    signed_in(&mut browser);
    env.ok(&["policy", "set", "--session-idle-minutes", "5"]);
    env.clock_forward(6 * 60);
    assert_eq!(
        browser.get("/auth").status,
        401,
        "idle under the new policy"
    );
    env.ok(&["policy", "set", "--session-idle-minutes", "30"]);

    // The employee's own change elsewhere signs every session out.
    signed_in(&mut browser);
    let out = env.feed(&format!("{OTHER}\n"), &["passwd", "E0001"]);
    assert!(out.status.success());
    assert_eq!(browser.get("/auth").status, 401, "changed with passwd");

    // HR's new password, once its mail is accepted.
    let page = browser.sign_in("E0001", OTHER);
    assert_eq!(page.location.as_deref(), Some("/account"));
    env.ok(&["send-password", "--regenerate", "--yes", "--to", "E0001"]);
    assert_eq!(browser.get("/auth").status, 401, "a new password from HR");

    // Deactivation.
    let temporary = mailed_password(&env);
    let page = browser.sign_in("E0001", &temporary);
    assert_eq!(
        page.location.as_deref(),
        Some("/change"),
        "{}",
        env.ok(&["log", "--limit", "6"])
    );
    env.ok(&["employees", "deactivate", "E0001"]);
    assert_eq!(
        browser.get("/change").location.as_deref(),
        Some("/signin?rd=%2Fchange")
    );
    let live = env.sql_value("SELECT count(*) FROM portal_sessions WHERE ended_at IS NULL");
    assert_eq!(live, "0");
}

/// The key the enrolment page shows, and the authenticator app made from it.
fn app_from_page(page: &Page) -> totp_rs::Totp {
    let at = page.body.find("id=\"key\">").expect("the key on the page");
    let rest = &page.body[at + 9..];
    let key: String = rest[..rest.find('<').unwrap()]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(page.body.contains("<svg"), "the QR code inline");
    totp_rs::Totp::from_url(format!(
        "otpauth://totp/Example:E0001?secret={key}&issuer=Example"
    ))
    .unwrap()
}

#[test]
fn a_second_factor_enrolled_on_the_portal_is_asked_at_the_next_sign_in_and_a_code_signs_in_once() {
    let env = with_own_password();
    let portal = Portal::start(&env);
    let mut browser = portal.browser();
    assert_eq!(
        browser.sign_in("E0001", OWN).location.as_deref(),
        Some("/account")
    );
    let page = browser.get("/enroll");
    let started = browser.post("/enroll/start", &[("csrf", &page.csrf())]);
    assert_eq!(started.status, 200, "{started:?}");
    let app = app_from_page(&started);
    let csrf = started.csrf();
    let wrong = browser.post("/enroll/confirm", &[("csrf", &csrf), ("code", "000000")]);
    assert!(
        wrong.alert().unwrap().contains("not right"),
        "{}",
        wrong.body
    );
    assert_eq!(
        app_from_page(&wrong).generate(1),
        app.generate(1),
        "the same key again"
    );
    let before = browser.session();
    let now = crate::factor::settled_now();
    let code = crate::factor::code(&app, now, 0);
    let confirmed = browser.post("/enroll/confirm", &[("csrf", &csrf), ("code", &code)]);
    assert_eq!(confirmed.status, 200, "{confirmed:?}");
    let recovery = confirmed.body.matches("<li><code>").count();
    assert_eq!(recovery, 10, "{}", confirmed.body);
    assert_ne!(
        browser.session(),
        before,
        "a new session after the factor change"
    );
    assert!(
        browser
            .get("/account")
            .body
            .contains("10 recovery codes left")
    );

    // Signed out, then in again: the password alone is not enough.
    let csrf = browser.get("/account").csrf();
    browser.post("/signout", &[("csrf", &csrf)]);
    let mut a = portal.browser();
    let mut b = portal.browser();
    for browser in [&mut a, &mut b] {
        let page = browser.sign_in("E0001", OWN);
        assert_eq!(page.location.as_deref(), Some("/signin/code"), "{page:?}");
        assert_eq!(browser.get("/auth").status, 401, "not in before the code");
    }
    // The next step's code, typed in two browsers at once: exactly one gets in.
    let next = crate::factor::code(&app, now, 30);
    let posts: Vec<(String, String)> = [&a, &b]
        .iter()
        .map(|br| (br.cookie_header(), br.get_csrf_once()))
        .collect();
    let base = portal.base.clone();
    let answers: Vec<u16> = std::thread::scope(|scope| {
        let handles: Vec<_> = posts
            .iter()
            .map(|(cookie, csrf)| {
                let (base, next) = (base.clone(), next.clone());
                scope.spawn(move || {
                    let agent: ureq::Agent = ureq::Agent::config_builder()
                        .max_redirects(0)
                        .http_status_as_error(false)
                        .build()
                        .into();
                    let response = agent
                        .post(format!("{base}/signin/code"))
                        .header("Cookie", cookie)
                        .header("Origin", &base)
                        .send_form([("csrf", csrf.as_str()), ("code", next.as_str())])
                        .unwrap();
                    response.status().as_u16()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let in_ = answers.iter().filter(|s| **s == 303).count();
    assert_eq!(in_, 1, "one code, one sign-in: {answers:?}");
    let used = env.sql_value("SELECT count(*) FROM audit WHERE action = 'login.reused_code'");
    assert_eq!(used, "1");
}

impl Browser {
    /// The form token of the page the session is on (the code page here).
    fn get_csrf_once(&self) -> String {
        let mut copy = Browser {
            base: self.base.clone(),
            agent: self.agent.clone(),
            cookies: self.cookies.clone(),
        };
        copy.get("/signin/code").csrf()
    }
}

#[test]
fn forgot_on_the_portal_answers_alike_for_anyone_and_mails_a_password_that_signs_in() {
    let env = with_own_password();
    let portal = Portal::start(&env);
    let mut browser = portal.browser();
    let ask = |browser: &mut Browser, who: &str| {
        let csrf = browser.get("/forgot").csrf();
        browser.post("/forgot", &[("csrf", &csrf), ("who", who)])
    };
    let known = ask(&mut browser, "zoe.muller@example.com");
    let unknown = ask(&mut browser, "nobody@example.com");
    assert_eq!(known.status, 200);
    let answer = |p: &Page| {
        let at = p.body.find("role=\"status\">").expect("the answer");
        p.body[at..at + 80].to_owned()
    };
    assert_eq!(answer(&known), answer(&unknown));
    // The mail goes after the answer.
    let mut waited = 0;
    while mail_count(&env) == 0 && waited < 200 {
        std::thread::sleep(Duration::from_millis(50));
        waited += 1;
    }
    assert_eq!(mail_count(&env), 1, "one mail, for the employee who exists");
    std::thread::sleep(Duration::from_millis(300));
    let password = mailed_password(&env);
    // Accepted by the mail server (the file transport, at once): the new one replaced it.
    assert!(!verify(&env, OWN));
    let page = browser.sign_in("E0001", &password);
    assert_eq!(
        page.location.as_deref(),
        Some("/change"),
        "{}",
        env.ok(&["log", "--limit", "6"])
    );
}

#[test]
fn redirects_go_only_to_the_portal_or_an_allowed_origin() {
    let env = with_own_password();
    let config = env.home.join("hrpass.toml");
    let text = std::fs::read_to_string(&config).unwrap().replace(
        "[portal]\n",
        "[portal]\nallowed_redirects = [\"https://wiki.example.com\"]\n",
    );
    std::fs::write(&config, text).unwrap();
    let portal = Portal::start(&env);
    for (rd, to) in [
        ("/account", "/account"),
        ("https://evil.example/x", "/account"),
        ("//evil.example/x", "/account"),
        (
            "https://wiki.example.com/page",
            "https://wiki.example.com/page",
        ),
        ("https://wiki.example.com.evil.example/", "/account"),
    ] {
        let mut browser = portal.browser();
        let page = browser.get(&format!(
            "/signin?rd={}",
            form_urlencoded::byte_serialize(rd.as_bytes()).collect::<String>()
        ));
        let csrf = page.csrf();
        let done = browser.post(
            "/signin",
            &[
                ("csrf", &csrf),
                ("who", "E0001"),
                ("password", OWN),
                ("rd", rd),
            ],
        );
        assert_eq!(done.location.as_deref(), Some(to), "rd={rd}");
    }
    let mut anonymous = portal.browser();
    let foreign = anonymous.get("/auth?rd=https%3A%2F%2Fevil.example%2F");
    assert_eq!(foreign.status, 401, "{foreign:?}");
    let allowed = anonymous.get("/auth?rd=https%3A%2F%2Fwiki.example.com%2Fpage");
    assert_eq!(allowed.status, 302);
    assert_eq!(
        allowed.location.as_deref(),
        Some("/signin?rd=https%3A%2F%2Fwiki.example.com%2Fpage")
    );
}

#[test]
fn a_body_too_large_is_refused_and_slow_headers_are_cut_off() {
    let env = with_own_password();
    let portal = Portal::start(&env);
    let mut browser = portal.browser();
    let csrf = browser.get("/signin").csrf();
    let big = "x".repeat(9 * 1024);
    let page = browser.post(
        "/signin",
        &[("csrf", &csrf), ("who", "E0001"), ("password", &big)],
    );
    assert_eq!(page.status, 413, "{page:?}");

    let address = portal.base.trim_start_matches("http://").to_owned();
    let mut slow = std::net::TcpStream::connect(&address).unwrap();
    slow.write_all(b"GET /signin HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let started = std::time::Instant::now();
    let mut buf = Vec::new();
    let _ = slow.read_to_end(&mut buf);
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(15) && took >= Duration::from_secs(9),
        "cut off after {took:?}"
    );
    // The portal still serves others.
    assert_eq!(portal.browser().get("/signin").status, 200);
}

/// Sets `[portal] attempts_per_address` (one test client is one address).
fn allow_attempts(env: &TestEnv, per_address: u32) {
    let config = env.home.join("hrpass.toml");
    let text = std::fs::read_to_string(&config).unwrap().replace(
        "[portal]\n",
        &format!("[portal]\nattempts_per_address = {per_address}\n"),
    );
    std::fs::write(&config, text).unwrap();
}

#[test]
fn wrong_passwords_lock_the_account_and_the_right_one_then_gets_the_same_page() {
    let env = with_own_password();
    env.ok(&["policy", "set", "--lockout-threshold", "3"]);
    let portal = Portal::start(&env);
    let mut browser = portal.browser();
    let wrong = browser.sign_in("E0001", OTHER);
    assert_eq!(wrong.status, 200, "{wrong:?}");
    for _ in 0..2 {
        assert_eq!(browser.sign_in("E0001", OTHER).alert(), wrong.alert());
    }
    // Locked: the right password is refused with the very same words, and nothing signs in.
    let locked = browser.sign_in("E0001", OWN);
    assert_eq!(locked.status, 200, "{locked:?}");
    assert_eq!(
        locked.alert(),
        wrong.alert(),
        "locked answers as wrong does"
    );
    assert!(browser.session().is_none(), "no session");
    assert_eq!(browser.get("/auth").status, 401);
    let actions: Vec<String> = env
        .store()
        .conn()
        .query(
            "SELECT action FROM audit WHERE action LIKE 'login.%' ORDER BY id",
            &[],
            |r| r.get(0),
        )
        .unwrap();
    // The third wrong one reaches the threshold and is the one that locks.
    assert_eq!(
        actions,
        ["login.wrong", "login.wrong", "login.locked", "login.locked"]
    );
    assert!(!verify(&env, OWN), "the CLI sees it locked too");
    // HR's new password opens it again.
    env.ok(&["send-password", "--regenerate", "--yes", "--to", "E0001"]);
    let page = browser.sign_in("E0001", &mailed_password(&env));
    assert_eq!(page.location.as_deref(), Some("/change"), "{page:?}");
}

#[test]
fn sessions_over_are_forgotten_after_ninety_days_at_the_employees_next_sign_in() {
    let env = with_own_password();
    env.ok(&["policy", "set", "--max-age-days", "0"]);
    let portal = Portal::start(&env);
    let mut browser = portal.browser();
    let sign_in_and_out = |browser: &mut Browser| {
        let page = browser.sign_in("E0001", OWN);
        assert_eq!(page.location.as_deref(), Some("/account"), "{page:?}");
        let csrf = browser.get("/account").csrf();
        browser.post("/signout", &[("csrf", &csrf)]);
    };
    let rows = || env.sql_value("SELECT count(*) FROM portal_sessions");
    sign_in_and_out(&mut browser);
    assert_eq!(rows(), "1");
    // Left signed in in a browser that was closed: never ended, over at its absolute expiry
    // (12 hours on).
    let page = portal.browser().sign_in("E0001", OWN);
    assert_eq!(page.location.as_deref(), Some("/account"), "{page:?}");
    assert_eq!(rows(), "2");
    // Another employee's old session is theirs to forget, not this sign-in's.
    let other = env.feed(&format!("{OWN}\n"), &["passwd", "E0002"]);
    assert!(other.status.success());
    let page = browser.sign_in("E0002", OWN);
    assert_eq!(page.location.as_deref(), Some("/account"), "{page:?}");
    let csrf = browser.get("/account").csrf();
    browser.post("/signout", &[("csrf", &csrf)]);
    assert_eq!(rows(), "3");

    env.clock_forward(89 * 86_400);
    sign_in_and_out(&mut browser);
    assert_eq!(
        rows(),
        "4",
        "ended 89 days ago, or expired 88½ days ago: still on the account page"
    );
    env.clock_forward(2 * 86_400);
    sign_in_and_out(&mut browser);
    assert_eq!(
        rows(),
        "3",
        "the first one, ended 91 days ago, and the one left open, expired 90½ days ago, are gone"
    );
    assert_eq!(
        env.sql_value(
            "SELECT count(*) FROM portal_sessions s JOIN employees e ON e.id = s.employee_id
             WHERE e.code = 'E0002'"
        ),
        "1",
        "E0002's own old session waits for E0002's next sign-in"
    );
    assert_eq!(
        env.sql_value("SELECT count(*) FROM audit WHERE action = 'login.ok'"),
        "5",
        "every sign-in stays in the audit trail"
    );
}

#[test]
fn one_address_is_held_to_its_attempts_in_ten_minutes_before_any_hash() {
    let env = with_own_password();
    allow_attempts(&env, 3);
    let portal = Portal::start(&env);
    let mut browser = portal.browser();
    for _ in 0..2 {
        let page = browser.sign_in("E0001", OTHER);
        assert_eq!(page.status, 200, "a wrong password: {page:?}");
    }
    assert_eq!(
        browser.sign_in("E0001", OWN).location.as_deref(),
        Some("/account")
    );
    let audited = || env.sql_value("SELECT count(*) FROM audit WHERE action LIKE 'login.%'");
    let before = audited();
    // The fourth in ten minutes, even with the right password, from another browser.
    let mut other = portal.browser();
    let page = other.sign_in("E0001", OWN);
    assert_eq!(page.status, 429, "{page:?}");
    assert!(
        page.alert()
            .is_some_and(|a| a.contains("Too many sign-in attempts")),
        "{page:?}"
    );
    assert_eq!(audited(), before, "refused before the hash and the audit");
    // Ten minutes on, the address may try again.
    env.clock_forward(9 * 60);
    assert_eq!(other.sign_in("E0001", OWN).status, 429, "nine minutes on");
    env.clock_forward(61);
    let page = other.sign_in("E0001", OWN);
    assert_eq!(page.location.as_deref(), Some("/account"), "{page:?}");
}

/// `flood` visitors, each with the form token of a fresh `path` page, all posting `fields`
/// (and their token) to `path` at once: the answers, and the visitors for more.
fn posts_at_once(
    portal: &Portal,
    path: &str,
    flood: usize,
    fields: &[(&str, &str)],
) -> (Vec<Page>, Vec<(Browser, String)>) {
    let mut visitors: Vec<(Browser, String)> = (0..flood)
        .map(|_| {
            let mut browser = portal.browser();
            let csrf = browser.get(path).csrf();
            (browser, csrf)
        })
        .collect();
    let start = std::sync::Barrier::new(flood);
    let answers = std::thread::scope(|scope| {
        let posts: Vec<_> = visitors
            .iter_mut()
            .map(|(browser, csrf)| {
                let start = &start;
                scope.spawn(move || {
                    let mut form = vec![("csrf", csrf.as_str())];
                    form.extend_from_slice(fields);
                    start.wait();
                    browser.post(path, &form)
                })
            })
            .collect();
        posts.into_iter().map(|p| p.join().unwrap()).collect()
    });
    (answers, visitors)
}

/// How many of a flood's `answers` were 200, once each was 200 or 503, at least `places`
/// were 200 (a post is refused only while every place and queue slot is taken), some were
/// refused, and each refusal said "busy" with `Retry-After: 2`.
fn answered_within_places(answers: &[Page], places: usize) -> usize {
    let flood = answers.len();
    let busy: Vec<&Page> = answers.iter().filter(|p| p.status == 503).collect();
    let answered = answers.iter().filter(|p| p.status == 200).count();
    assert_eq!(busy.len() + answered, flood, "only 200 or 503: {answers:?}");
    assert!(
        answered >= places,
        "{answered} answered of {flood}, {places} places"
    );
    assert!(
        !busy.is_empty(),
        "{flood} at once, {places} places, none refused"
    );
    for page in &busy {
        assert_eq!(
            page.headers.get("retry-after").map(String::as_str),
            Some("2")
        );
        assert!(page.body.contains("busy"), "{}", page.body);
    }
    answered
}

#[test]
fn a_full_hash_queue_answers_503_with_retry_after_and_the_portal_recovers() {
    let env = with_own_password();
    allow_attempts(&env, 100_000);
    // Every hash holds its place for half a second (the crash points' sleep, on the hashing
    // thread), so the flood below finds the gate full: two places for each core and 16 a core
    // waiting (src/portal/mod.rs).
    let portal = Portal::start_env(&env, &[], &[("FAILPOINTS", "portal-hash=sleep(500)")]);
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let places = cores * (2 + 16);
    let flood = places + 16;
    let (answers, _) = posts_at_once(
        &portal,
        "/signin",
        flood,
        &[("who", "nobody"), ("password", "wrong")],
    );
    let checked = answered_within_places(&answers, places);
    // Refused before any hash, nothing was recorded for them; the checked ones were audited.
    let unknown = env.sql_value("SELECT count(*) FROM audit WHERE action = 'login.unknown'");
    assert_eq!(unknown, checked.to_string());
    // And the portal is itself again.
    let mut browser = portal.browser();
    let page = browser.sign_in("E0001", OWN);
    assert_eq!(page.location.as_deref(), Some("/account"), "{page:?}");
    let counted = env.sql_value("SELECT count(*) FROM portal_attempts");
    assert_eq!(
        counted,
        (checked + 1).to_string(),
        "counted with each sign-in"
    );
}

/// Sessions and the per-address count are read on the async worker when the database can
/// answer at once (SQLite). Here every such read finds it busy: each goes to a blocking thread
/// instead, where it waits as every store call does, and the answers are the same.
#[test]
fn reads_that_find_the_database_busy_are_answered_from_a_blocking_thread() {
    let env = with_own_password();
    let portal = Portal::start_env(&env, &[], &[("FAILPOINTS", "portal-read-here=return")]);
    let mut browser = portal.browser();
    assert_eq!(browser.get("/auth").status, 401, "no session");
    let page = browser.sign_in("E0001", OWN);
    assert_eq!(page.location.as_deref(), Some("/account"), "{page:?}");
    let auth = browser.get("/auth");
    assert_eq!(auth.status, 200, "{auth:?}");
    assert_eq!(
        auth.headers.get("remote-user").map(String::as_str),
        Some("E0001")
    );
    let account = browser.get("/account");
    assert_eq!(account.status, 200, "{account:?}");
    let csrf = account.csrf();
    browser.post("/signout", &[("csrf", &csrf)]);
    assert_eq!(browser.get("/auth").status, 401, "signed out");
    assert_eq!(
        env.sql_value("SELECT count(*) FROM portal_attempts"),
        "1",
        "the sign-in counted against its address"
    );
}

/// Once a minute a session is marked seen, by the first request that finds it due; the
/// session's other requests meanwhile answer from their reads rather than each take the
/// write lock and sync a commit in turn. Here that write is held 1.5 s (`session-write`):
/// 16 forward-auth checks at once all answer 200, 15 of them well before the write ends (with
/// a write each, they waited 1.5 s apiece in turn and failed past the 10 s busy timeout), and
/// the session is marked seen at the new time.
#[test]
fn checks_at_once_of_a_session_due_to_be_marked_seen_make_one_write_and_the_rest_wait_for_none() {
    let env = with_own_password();
    let (_portal, browser) = signed_in_under(&env, "session-write=sleep(1500)");
    let seen = |env: &TestEnv| -> i64 {
        env.sql_value("SELECT seen_at FROM portal_sessions ORDER BY id DESC LIMIT 1")
            .parse()
            .unwrap()
    };
    let signed_in_seen = seen(&env);
    env.clock_forward(61);
    let start = std::sync::Barrier::new(16);
    let answers: Vec<(u16, Duration)> = std::thread::scope(|scope| {
        let checks: Vec<_> = (0..16)
            .map(|_| {
                let (mut tab, start) = (browser.clone(), &start);
                scope.spawn(move || {
                    start.wait();
                    let began = Instant::now();
                    let status = tab.get("/auth").status;
                    (status, began.elapsed())
                })
            })
            .collect();
        checks.into_iter().map(|c| c.join().unwrap()).collect()
    });
    assert!(
        answers.iter().all(|(status, _)| *status == 200),
        "{answers:?}"
    );
    let quick = answers
        .iter()
        .filter(|(_, took)| *took < Duration::from_millis(1_000))
        .count();
    assert_eq!(quick, 15, "one check waits for the write: {answers:?}");
    assert!(
        seen(&env) >= signed_in_seen + 61,
        "marked seen at the new time"
    );
}

/// A flood of forgot posts cannot hold more than a bounded number of threads and store
/// connections: each request is held half a second at work (`portal-forgot`), past the
/// places (two a core) and the queue (16 a core) the answer is 503 at once, the refused
/// record nothing, and the portal answers the next one.
#[test]
fn a_flood_of_forgot_requests_past_its_queue_answers_503_and_records_nothing_for_them() {
    let env = with_own_password();
    let portal = Portal::start_env(&env, &[], &[("FAILPOINTS", "portal-forgot=sleep(500)")]);
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let places = cores * (2 + 16);
    let flood = places + 16;
    let (answers, mut visitors) =
        posts_at_once(&portal, "/forgot", flood, &[("who", "nobody@example.com")]);
    let answered = answered_within_places(&answers, places);
    let recorded = env.sql_value("SELECT count(*) FROM forgot_requests");
    assert_eq!(
        recorded,
        answered.to_string(),
        "one request recorded for each answered"
    );
    let (mut browser, csrf) = visitors.pop().unwrap();
    let next = browser.post("/forgot", &[("csrf", &csrf), ("who", "nobody@example.com")]);
    assert_eq!(next.status, 200, "{next:?}");
}

/// A portal with one store connection in all (`HRPASS_TEST_CONNECTIONS`, test builds only)
/// and every hash slowed to three seconds on its hashing thread.
fn one_connection_three_second_hashes(env: &TestEnv) -> Portal {
    Portal::start_env(
        env,
        &[],
        &[
            ("FAILPOINTS", "portal-hash=sleep(3000)"),
            ("HRPASS_TEST_CONNECTIONS", "1"),
        ],
    )
}

/// Forward-auth for `browser`'s session answers 200 at once (within 1.5 s), not after
/// waiting for the one connection a hash holds.
fn auth_answered_at_once(browser: &mut Browser, when: &str) {
    let asked = std::time::Instant::now();
    let auth = browser.get("/auth");
    let waited = asked.elapsed();
    assert_eq!(auth.status, 200, "{auth:?}");
    assert!(
        waited < std::time::Duration::from_millis(1500),
        "forward-auth {when} waited {waited:?} for the store connection"
    );
}

/// A sign-in gives its store connection back while it hashes. With one connection in all
/// and every hash slowed to three seconds, a forward-auth check half a second into another
/// employee's sign-in is answered at once. Were the connection held through the hash, the
/// check would wait the remaining two and a half seconds for it.
#[test]
fn a_sign_in_holds_no_store_connection_while_it_hashes() {
    let env = with_own_password();
    let portal = one_connection_three_second_hashes(&env);
    let mut signed_in = portal.browser();
    let page = signed_in.sign_in("E0001", OWN);
    assert_eq!(page.location.as_deref(), Some("/account"), "{page:?}");
    let mut other = portal.browser();
    let csrf = other.get("/signin").csrf();
    std::thread::scope(|scope| {
        let hashing = scope.spawn(|| {
            other.post(
                "/signin",
                &[("csrf", &csrf), ("who", "nobody"), ("password", "wrong")],
            )
        });
        std::thread::sleep(std::time::Duration::from_millis(500));
        auth_answered_at_once(&mut signed_in, "half a second into the other sign-in");
        assert_eq!(hashing.join().unwrap().status, 200);
    });
}

/// A client that goes away in the middle of a change by choice cannot keep its wrong
/// current password from being counted: the change runs to its end without the request.
/// (Were it dropped with the request between the check's hash and its write, a session could
/// guess the current password without ever reaching the lockout.)
#[test]
fn a_wrong_current_password_is_counted_though_the_client_goes_away_during_its_hash() {
    let env = with_own_password();
    let (portal, mut browser) = signed_in_under(&env, "portal-hash=sleep(1000)");
    let csrf = browser.get("/change").csrf();
    let form = form_urlencoded::Serializer::new(String::new())
        .append_pair("csrf", &csrf)
        .append_pair("current", "not-the-current-password")
        .append_pair("new", OTHER)
        .append_pair("again", OTHER)
        .finish();
    let authority = portal.base.trim_start_matches("http://");
    let mut client = std::net::TcpStream::connect(authority).unwrap();
    write!(
        client,
        "POST /change HTTP/1.1\r\nHost: {authority}\r\nCookie: {}\r\nOrigin: {}\r\n\
         Sec-Fetch-Site: same-origin\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\n\r\n{form}",
        browser.cookie_header(),
        portal.base,
        form.len()
    )
    .unwrap();
    // Gone while the current password's hash runs.
    std::thread::sleep(Duration::from_millis(300));
    drop(client);
    let counted = || env.sql_value("SELECT count(*) FROM audit WHERE action = 'login.wrong'");
    let mut waited = 0;
    while counted() == "0" && waited < 100 {
        std::thread::sleep(Duration::from_millis(50));
        waited += 1;
    }
    assert_eq!(counted(), "1", "the wrong current password was audited");
    assert_eq!(
        env.sql_value(
            "SELECT failed_attempts FROM credentials WHERE employee_id = \
             (SELECT id FROM employees WHERE code = 'E0001') AND state = 'active'"
        ),
        "1",
        "and counted towards the lockout"
    );
}

/// A password change gives its store connection back while it hashes, as a sign-in does:
/// the current password's check and the new password's hash each take three seconds, with
/// one connection in all, and forward-auth is answered at once in the middle of each. Before,
/// the whole change ran on a hashing thread with its connection held, and a check waited.
#[test]
fn a_password_change_holds_no_store_connection_while_it_hashes() {
    let env = with_own_password();
    let portal = one_connection_three_second_hashes(&env);
    let (mut changing, mut checked) = (portal.browser(), portal.browser());
    for browser in [&mut changing, &mut checked] {
        let page = browser.sign_in("E0001", OWN);
        assert_eq!(page.location.as_deref(), Some("/account"), "{page:?}");
    }
    let csrf = changing.get("/change").csrf();
    std::thread::scope(|scope| {
        let started = std::time::Instant::now();
        let change = scope.spawn(|| {
            changing.post(
                "/change",
                &[
                    ("csrf", &csrf),
                    ("current", OWN),
                    ("new", OTHER),
                    ("again", OTHER),
                ],
            )
        });
        // Half a second into the current password's hash, then a second into the new one's.
        for at in [500, 4_000] {
            let wait = std::time::Duration::from_millis(at).saturating_sub(started.elapsed());
            std::thread::sleep(wait);
            auth_answered_at_once(&mut checked, &format!("{at} ms into the change"));
        }
        let changed = change.join().unwrap();
        assert_eq!(
            changed.location.as_deref(),
            Some("/account?changed=1"),
            "{changed:?}"
        );
    });
    assert_eq!(
        checked.get("/auth").status,
        401,
        "the change ended the other session"
    );
}

#[test]
fn plain_http_off_loopback_is_refused_before_anything_listens() {
    let env = with_own_password();
    let out = env.fails(1, &["serve", "--listen", "0.0.0.0:0"]);
    assert!(out.contains("refusing plain HTTP"), "{out}");
}

#[test]
fn over_tls_the_cookies_are_host_only_and_secure_and_hsts_is_sent() {
    let env = with_own_password();
    let rcgen::CertifiedKey { cert, signing_key } =
        rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
    let cert_file = env.file("portal.pem", cert.pem());
    let key_file = env.file("portal.key", signing_key.serialize_pem());
    let portal = Portal::start_with(&env, &["--tls-cert", &cert_file, "--tls-key", &key_file]);
    assert!(portal.base.starts_with("https://"), "{}", portal.base);
    let mut browser = portal.browser();
    let page = browser.get("/signin");
    assert_eq!(page.status, 200);
    assert!(
        page.headers["strict-transport-security"].contains("max-age="),
        "{page:?}"
    );
    let visitor = &page.headers["set-cookie"];
    assert!(
        visitor.starts_with("__Host-hrpass-visitor=") && visitor.contains("Secure"),
        "{visitor}"
    );
    let signed_in = browser.sign_in("E0001", OWN);
    assert_eq!(
        signed_in.location.as_deref(),
        Some("/account"),
        "{signed_in:?}"
    );
    let session = &signed_in.headers["set-cookie"];
    assert!(
        session.starts_with("__Host-hrpass=")
            && session.contains("Secure")
            && session.contains("HttpOnly")
            && session.contains("Path=/")
            && !session.contains("Domain"),
        "{session}"
    );
    assert_eq!(browser.get("/auth").status, 200);
    // The plain-HTTP cookie name means nothing here.
    let mut plain = portal.browser();
    plain
        .cookies
        .insert("hrpass".into(), browser.session().unwrap());
    assert_eq!(plain.get("/auth").status, 401);
}

#[test]
fn a_change_on_the_portal_while_hrs_mail_is_in_flight_wins_and_nobody_is_locked_out() {
    use crate::lifecycle::{OLD, expect_exit, json, outbox, race, verifies};
    let mut kept = None;
    let (env, server, invariant, out) = race("E0001", |env, invariant| {
        let portal = Portal::start(env);
        let mut browser = portal.browser();
        assert_eq!(
            browser.sign_in("E0001", OLD).location.as_deref(),
            Some("/account")
        );
        let csrf = browser.get("/change").csrf();
        let changed = browser.post(
            "/change",
            &[
                ("csrf", &csrf),
                ("current", OLD),
                ("new", OWN),
                ("again", OWN),
            ],
        );
        assert_eq!(
            changed.location.as_deref(),
            Some("/account?changed=1"),
            "{changed:?}"
        );
        invariant.knows("E0001", OWN);
        kept = Some((portal, browser));
    });
    expect_exit(&out, 0);
    let summary = json(&out);
    assert_eq!(summary["sent"], serde_json::json!([]), "{summary}");
    assert_eq!(
        summary["superseded"][0]["employee_code"], "E0001",
        "{summary}"
    );
    let mailed = server.accepted()[0].password();
    assert!(verifies(&env, "E0001", OWN), "the portal's change stands");
    assert!(
        !verifies(&env, "E0001", &mailed),
        "HR's password never became active"
    );
    assert_eq!(outbox(&env)[0]["state"], "superseded");
    // The mail accepted after the change did not end the employee's new session.
    let (_portal, mut browser) = kept.unwrap();
    assert_eq!(browser.get("/auth").status, 200);
    invariant.check(&env, &server.accepted(), None);
}

#[test]
fn two_tabs_choosing_a_password_at_once_set_exactly_one_and_the_other_is_told() {
    let env = TestEnv::with_examples();
    env.ok(&["send-password", "--regenerate", "--yes", "--to", "E0001"]);
    let temporary = mailed_password(&env);
    // Each change is held 400 ms after its hash: both are past their session check and
    // hashed before either takes the write lock.
    let portal = Portal::start_env(&env, &[], &[("FAILPOINTS", "change-hashed=sleep(400)")]);
    let mut browser = portal.browser();
    let page = browser.sign_in("E0001", &temporary);
    assert_eq!(page.location.as_deref(), Some("/change"), "{page:?}");
    let csrf = browser.get("/change").csrf();
    let cookie = browser.cookie_header();
    let base = portal.base.clone();
    let answers: Vec<(&str, u16, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = [OWN, OTHER]
            .into_iter()
            .map(|new| {
                let (base, cookie, csrf) = (base.clone(), cookie.clone(), csrf.clone());
                scope.spawn(move || {
                    let agent: ureq::Agent = ureq::Agent::config_builder()
                        .max_redirects(0)
                        .http_status_as_error(false)
                        .build()
                        .into();
                    let mut response = agent
                        .post(format!("{base}/change"))
                        .header("Cookie", &cookie)
                        .header("Origin", &base)
                        .send_form([("csrf", csrf.as_str()), ("new", new), ("again", new)])
                        .unwrap();
                    let body = response.body_mut().read_to_string().unwrap_or_default();
                    (new, response.status().as_u16(), body)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let winners: Vec<_> = answers.iter().filter(|a| a.1 == 303).collect();
    let losers: Vec<_> = answers.iter().filter(|a| a.1 == 409).collect();
    assert_eq!((winners.len(), losers.len()), (1, 1), "{answers:?}");
    assert!(
        losers[0].2.contains("changed from another tab"),
        "the other tab is told: {}",
        losers[0].2
    );
    let (won, lost) = (winners[0].0, losers[0].0);
    assert!(verify(&env, won), "the winner's password is the one set");
    assert!(!verify(&env, lost), "the other one was not set");
    assert!(!verify(&env, &temporary), "the temporary one is over");
    assert_eq!(
        env.sql_value("SELECT count(*) FROM audit WHERE action = 'password.change'"),
        "1"
    );
    assert_eq!(
        env.sql_value("SELECT count(*) FROM portal_sessions WHERE ended_at IS NULL"),
        "1",
        "one live session: the winner's"
    );
}

#[test]
fn two_portals_on_one_store_share_their_sessions() {
    let env = with_own_password();
    let (a, b) = (Portal::start(&env), Portal::start(&env));
    let mut on_a = a.browser();
    assert_eq!(
        on_a.sign_in("E0001", OWN).location.as_deref(),
        Some("/account")
    );
    let mut on_b = b.browser();
    on_b.cookies = on_a.cookies.clone();
    assert_eq!(
        on_b.get("/auth").status,
        200,
        "a session made on one is valid on the other"
    );
    let csrf = on_b.get("/account").csrf();
    let out = on_b.post("/signout", &[("csrf", &csrf)]);
    assert_eq!(out.location.as_deref(), Some("/signin?out=1"));
    assert_eq!(
        on_a.get("/auth").status,
        401,
        "signed out on the other, signed out here"
    );
}

#[test]
fn every_signed_in_form_refuses_a_missing_token_a_foreign_origin_and_an_ended_session() {
    let env = with_own_password();
    let portal = Portal::start(&env);
    let mut browser = portal.browser();
    assert_eq!(
        browser.sign_in("E0001", OWN).location.as_deref(),
        Some("/account")
    );
    let csrf = browser.get("/account").csrf();
    let audit = || env.sql_value("SELECT count(*) FROM audit");
    let before = audit();
    let routes = [
        "/change",
        "/enroll/start",
        "/enroll/confirm",
        "/recovery-codes",
        "/signout-everywhere",
        "/signout",
    ];
    let origin = portal.base.clone();
    for route in routes {
        let tokenless = browser.post_with(route, &[], &[("Origin", &origin)]);
        assert_eq!(tokenless.status, 403, "{route} without a token");
        let foreign = browser.post_with(
            route,
            &[("csrf", &csrf)],
            &[("Origin", "https://evil.example")],
        );
        assert_eq!(foreign.status, 403, "{route} from another site");
    }
    let mut visitor = portal.browser();
    visitor.get("/forgot");
    let forgot = visitor.post_with("/forgot", &[("who", "E0001")], &[("Origin", &origin)]);
    assert_eq!(forgot.status, 403, "/forgot without a token");
    assert_eq!(audit(), before, "no refused form changed anything");
    assert_eq!(browser.get("/auth").status, 200, "still signed in");
    assert!(verify(&env, OWN));

    // Ended (idle past the policy's limit): the right token no longer acts.
    env.clock_forward(31 * 60);
    for route in routes {
        let page = browser.post(route, &[("csrf", &csrf)]);
        assert_eq!(page.status, 303, "{route} with an ended session: {page:?}");
        assert!(
            page.location
                .as_deref()
                .is_some_and(|l| l.starts_with("/signin")),
            "{route}: {page:?}"
        );
    }
    let code = browser.post("/signin/code", &[("csrf", &csrf), ("code", "123456")]);
    assert!(
        code.location
            .as_deref()
            .is_some_and(|l| l.starts_with("/signin"))
    );
    assert_eq!(
        env.sql_value("SELECT count(*) FROM second_factors"),
        "0",
        "no enrolment was started"
    );
}
