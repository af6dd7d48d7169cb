//! The whole journey in a real browser: headless Chromium from Debian's packages, driven over
//! WebDriver (chromedriver, fantoccini) against a real `hrpass serve` on loopback. HR sends a
//! password (file transport), the employee signs in with it, is made to change it, enrols a
//! second factor (the code computed from the key the page shows), signs out, signs in with
//! password and code, asks for a new password, and the new mail works. A screenshot of every
//! page goes to `HRPASS_SCREENSHOTS` (README's are made with `HRPASS_SCREENSHOTS=docs/portal`),
//! else to the test's own folder; each is checked to be a PNG.

use crate::common::TestEnv;
use crate::portal::{OWN, Portal, mail_count, mailed_password};
use fantoccini::{Client, ClientBuilder, Locator};
use std::path::{Path, PathBuf};
use std::time::Duration;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// chromedriver on a free loopback port, killed when dropped.
struct Driver {
    child: std::process::Child,
    url: String,
}

impl Driver {
    fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = std::process::Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let url = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Driver { child, url };
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("chromedriver did not listen on {port}");
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The page's path as the browser shows it.
async fn path(browser: &Client) -> String {
    let url = browser.current_url().await.unwrap();
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    }
}

async fn type_into(browser: &Client, css: &str, text: &str) {
    let field = browser.find(Locator::Css(css)).await.unwrap();
    field.send_keys(text).await.unwrap();
}

/// Whether the browser's document has loaded. Right after `goto` returned, `source` was seen
/// to answer an empty document (CI on PostgreSQL; here 2 of 12 runs beside three busy loops on
/// 2 cores), and a click's next page could be read while it was still arriving.
async fn loaded(browser: &Client) -> bool {
    let state = browser
        .execute("return document.readyState", vec![])
        .await
        .unwrap();
    state == "complete"
}

/// Opens `url` and waits until its page has loaded and shows `text`; it goes there again once
/// if not. The page's source is returned.
async fn goto_showing(browser: &Client, url: &str, text: &str) -> String {
    for _ in 0..2 {
        browser.goto(url).await.unwrap();
        for _ in 0..100 {
            if loaded(browser).await {
                let page = browser.source().await.unwrap();
                if page.contains(text) {
                    return page;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    panic!(
        "{url} never showed {text:?}: {}",
        browser.source().await.unwrap()
    );
}

/// Clicks, and waits until the next page has replaced this one (a form post or a link) and
/// loaded: the old document's root goes stale.
async fn click(browser: &Client, css: &str) {
    let old = browser.find(Locator::Css("html")).await.unwrap();
    browser
        .find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    for _ in 0..200 {
        if old.attr("lang").await.is_err() && loaded(browser).await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "clicking {css} led to no new page: {}",
        browser.source().await.unwrap()
    );
}

/// A screenshot of the page, kept as `NN-name.png` in `dir`.
async fn shot(browser: &Client, dir: &Path, n: &mut u32, name: &str) {
    *n += 1;
    let png = browser.screenshot().await.unwrap();
    assert!(
        png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 2_000,
        "{name}: a PNG"
    );
    std::fs::write(dir.join(format!("{:02}-{name}.png", *n)), png).unwrap();
}

async fn sign_in(browser: &Client, base: &str, who: &str, password: &str) {
    goto_showing(browser, &format!("{base}/signin"), "action=\"/signin\"").await;
    type_into(browser, "#who", who).await;
    type_into(browser, "#password", password).await;
    click(browser, "form[action='/signin'] button[type=submit]").await;
}

/// Headless Chromium over WebDriver, with its profile in `profile`.
async fn chromium(driver: &Driver, profile: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": CHROMIUM,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=900,1000",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    ClientBuilder::rustls()
        .unwrap()
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("a Chromium session over WebDriver")
}

/// The runtime a browser test drives Chromium from.
fn runtime() -> tokio::runtime::Runtime {
    // hyper-rustls (fantoccini's) finds both of rustls's providers in the build: ring, as
    // the rest of hrpass uses.
    let _ = rustls::crypto::ring::default_provider().install_default();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Both browser tools, or a panic that names the missing one.
fn tools_present() {
    for tool in [CHROMIUM, CHROMEDRIVER] {
        if !Path::new(tool).exists() {
            // scripts/test.sh installs both (Debian's chromium and chromium-driver).
            panic!("{tool} is missing: install Debian's chromium and chromium-driver");
        }
    }
}

/// Where screenshots go: `HRPASS_SCREENSHOTS`, else the test's own folder.
fn screenshots(env: &TestEnv) -> PathBuf {
    let dir = std::env::var_os("HRPASS_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| env.dir.path().join("screenshots"));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_whole_journey_in_a_real_browser() {
    tools_present();
    let env = TestEnv::with_examples();
    env.ok(&["send-password", "--regenerate", "--yes", "--to", "E0001"]);
    let temporary = mailed_password(&env);
    let portal = Portal::start(&env);
    let base = portal.base.clone();
    let driver = Driver::start();
    let dir = screenshots(&env);
    let profile = env.dir.path().join("chromium-profile");

    runtime().block_on(async {
        let browser = chromium(&driver, &profile).await;
        let mut n = 0;

        // The mailed password: straight to the forced change.
        goto_showing(&browser, &format!("{base}/signin"), "action=\"/signin\"").await;
        shot(&browser, &dir, &mut n, "sign-in").await;
        sign_in(&browser, &base, "E0001", &temporary).await;
        assert_eq!(
            path(&browser).await,
            "/change",
            "{}",
            browser.source().await.unwrap()
        );
        shot(&browser, &dir, &mut n, "choose-your-password").await;
        type_into(&browser, "#new", "password").await;
        type_into(&browser, "#again", "password").await;
        click(&browser, "form[action='/change'] button[type=submit]").await;
        let refused = browser.source().await.unwrap();
        assert!(refused.contains("at least 15 are needed"), "{refused}");
        shot(&browser, &dir, &mut n, "password-refused").await;
        type_into(&browser, "#new", OWN).await;
        type_into(&browser, "#again", OWN).await;
        click(&browser, "form[action='/change'] button[type=submit]").await;
        let at = path(&browser).await;
        assert_eq!(
            at,
            "/account?changed=1",
            "{}",
            browser.source().await.unwrap()
        );
        shot(&browser, &dir, &mut n, "account").await;

        // A second factor, enrolled by the employee.
        goto_showing(&browser, &format!("{base}/enroll"), "/enroll/start").await;
        click(&browser, "form[action='/enroll/start'] button").await;
        let key: String = browser
            .find(Locator::Css("#key"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        shot(&browser, &dir, &mut n, "enrol-second-factor").await;
        let app = totp_rs::Totp::from_url(format!(
            "otpauth://totp/Example:E0001?secret={key}&issuer=Example"
        ))
        .unwrap();
        let now = crate::factor::settled_now();
        type_into(&browser, "#code", &crate::factor::code(&app, now, 0)).await;
        click(&browser, "form[action='/enroll/confirm'] button").await;
        let codes = browser
            .find_all(Locator::Css("#recovery-codes li"))
            .await
            .unwrap();
        assert_eq!(codes.len(), 10);
        let recovery = codes[0].text().await.unwrap();
        shot(&browser, &dir, &mut n, "recovery-codes").await;
        click(&browser, "a.button").await;
        assert_eq!(path(&browser).await, "/account");
        let factor = browser
            .find(Locator::Css("#factor-state"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(factor.contains("authenticator app"), "{factor}");

        // Signed out; in again with the password and the next step's code.
        click(&browser, "form[action='/signout'] button").await;
        assert_eq!(path(&browser).await, "/signin?out=1");
        sign_in(&browser, &base, "zoe.muller@example.com", OWN).await;
        assert_eq!(path(&browser).await, "/signin/code");
        shot(&browser, &dir, &mut n, "one-time-code").await;
        type_into(&browser, "#code", &crate::factor::code(&app, now, 30)).await;
        click(&browser, "form[action='/signin/code'] button").await;
        assert_eq!(path(&browser).await, "/account");
        click(&browser, "form[action='/signout'] button").await;

        // Forgot password: the new mail's password signs in (and must be changed).
        goto_showing(&browser, &format!("{base}/forgot"), "action=\"/forgot\"").await;
        shot(&browser, &dir, &mut n, "forgot-password").await;
        let before = mail_count(&env);
        type_into(&browser, "#who", "E0001").await;
        click(&browser, "form[action='/forgot'] button").await;
        let answer = browser.source().await.unwrap();
        assert!(answer.contains("If an employee with that code"), "{answer}");
        shot(&browser, &dir, &mut n, "forgot-answer").await;
        for _ in 0..200 {
            if mail_count(&env) > before {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(mail_count(&env), before + 1, "the forgot mail");
        tokio::time::sleep(Duration::from_millis(300)).await;
        let renewed = mailed_password(&env);
        sign_in(&browser, &base, "E0001", &renewed).await;
        assert_eq!(
            path(&browser).await,
            "/signin/code",
            "the factor still holds"
        );
        // A recovery code this time (the app's next code is a step away).
        type_into(&browser, "#code", &recovery).await;
        click(&browser, "form[action='/signin/code'] button").await;
        assert_eq!(path(&browser).await, "/change");
        browser.close().await.unwrap();
    });
    drop(portal);
}

/// The same browser, with a link instead of a password: HR sends `--link`, the employee opens
/// it from the .eml, sets a password (refused once), lands on their account, and the link
/// then answers that it can no longer be used.
#[test]
fn an_activation_link_in_a_real_browser() {
    tools_present();
    let env = TestEnv::with_examples();
    crate::links::set_public_url(&env);
    env.ok(&["send-password", "--link", "--yes", "--to", "E0002"]);
    let token = crate::links::mailed_token(&env);
    let portal = Portal::start(&env);
    let base = portal.base.clone();
    let driver = Driver::start();
    let dir = screenshots(&env);
    let profile = env.dir.path().join("chromium-profile");
    runtime().block_on(async {
        let browser = chromium(&driver, &profile).await;
        let link = format!("{base}/activate/{token}");
        goto_showing(&browser, &link, "Set your password").await;
        shot(&browser, &dir, &mut 9, "activation-link").await;
        let form = format!("form[action='/activate/{token}'] button[type=submit]");
        type_into(&browser, "#new", "password").await;
        type_into(&browser, "#again", "password").await;
        click(&browser, &form).await;
        let refused = browser.source().await.unwrap();
        assert!(refused.contains("at least 15 are needed"), "{refused}");
        type_into(&browser, "#new", OWN).await;
        type_into(&browser, "#again", OWN).await;
        click(&browser, &form).await;
        assert_eq!(
            path(&browser).await,
            "/account?changed=1",
            "{}",
            browser.source().await.unwrap()
        );
        goto_showing(&browser, &link, "This link can no longer be used").await;
        shot(&browser, &dir, &mut 10, "link-used").await;
        browser.close().await.unwrap();
    });
    assert!(
        crate::lifecycle::verifies(&env, "E0002", OWN),
        "set with the link"
    );
    drop(portal);
}
