//! A tiny HTTP sign-in endpoint for a portal, on hrpass as a library: `POST /sign-in` with a
//! form (`code`, `password`, and `otp` for employees with a second factor) answers the
//! verdict as JSON: 200 when it lets the employee in, 401 when not, 503 when the sign-in
//! could not be checked (nothing was counted; a portal must not call a right password wrong).
//!
//! Run it: `cargo run --example portal_http -- HOME [ADDRESS]` (ADDRESS defaults to
//! 127.0.0.1:8080; port 0 picks a free one). HOME is an hrpass home: its `hrpass.toml` names
//! the store (`[store] url`, or `HRPASS_STORE`, else `hrpass.db`) and the argon2 settings,
//! and its `vault.key` opens second-factor secrets. It prints `listening on ADDRESS`, then
//! serves until killed, two sign-ins at a time (each worker has its own store connection).
//!
//! ```sh
//! curl -d code=E0001 --data-urlencode password@pw.txt --data-urlencode otp=123456 \
//!      http://127.0.0.1:8080/sign-in
//! ```
//!
//! Plain HTTP, for a portal on the same host or behind a TLS-terminating proxy.

use anyhow::{Context, Result};
use hrpass::config::Config;
use hrpass::credential::{self, Attempt, Verdict};
use hrpass::store::location::Location;
use hrpass::vault::Vault;
use std::path::PathBuf;

/// A sign-in form is small: anything bigger is refused unread.
const MAX_BODY: u64 = 8 * 1024;
const WORKERS: usize = 2;

#[derive(serde::Serialize)]
struct Answer<'a> {
    #[serde(flatten)]
    verdict: &'a Verdict,
    second_factor_required: bool,
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let home = PathBuf::from(args.next().context("usage: portal_http HOME [ADDRESS]")?);
    let address = args.next().unwrap_or_else(|| "127.0.0.1:8080".to_owned());
    let config = Config::load(&home.join("hrpass.toml"))?;
    let params = config.hashing.params()?;
    let (location, _) = Location::resolve(&home.join("hrpass.db"), config.store.url.as_deref())?;
    let vault = Vault::open(&home.join("vault.key"))?;
    let server = tiny_http::Server::http(&address)
        .map_err(|e| anyhow::anyhow!("cannot listen on {address}: {e}"))?;
    println!("listening on {}", server.server_addr());

    std::thread::scope(|scope| {
        for _ in 0..WORKERS {
            let (server, location, config, params, vault) =
                (&server, &location, &config, &params, &vault);
            scope.spawn(move || {
                let worker = || -> Result<()> {
                    let mut store =
                        hrpass::store::open_location(location, config.store.ca_file.as_deref())?;
                    loop {
                        let mut request = server.recv()?;
                        let (status, body) = match read_form(&mut request) {
                            Err((status, why)) => (status, error(why)),
                            Ok(form) => {
                                let field = |name: &str| {
                                    form.iter()
                                        .find(|(key, _)| key == name)
                                        .map(|(_, value)| value.as_str())
                                };
                                match (field("code"), field("password")) {
                                    (Some(code), Some(password)) => {
                                        let attempt = Attempt {
                                            code,
                                            password,
                                            one_time: field("otp").filter(|otp| !otp.is_empty()),
                                        };
                                        let now = credential::now();
                                        match credential::sign_in(
                                            &mut store,
                                            &attempt,
                                            now,
                                            params,
                                            Some(vault),
                                            "portal-http",
                                        ) {
                                            Ok(verdict) => (
                                                if verdict.is_valid() { 200 } else { 401 },
                                                serde_json::to_string(&Answer {
                                                    verdict: &verdict,
                                                    second_factor_required: verdict
                                                        == Verdict::SecondFactorRequired,
                                                })?,
                                            ),
                                            Err(e) => {
                                                eprintln!("sign-in of {code:?} not checked: {e:#}");
                                                (
                                                    503,
                                                    error(
                                                        "the sign-in could not be checked; nothing \
                                                     was counted",
                                                    ),
                                                )
                                            }
                                        }
                                    }
                                    _ => (400, error("the form needs code and password")),
                                }
                            }
                        };
                        respond(request, status, &body);
                    }
                };
                // A worker that cannot go on says why (the others keep serving).
                if let Err(e) = worker() {
                    eprintln!("portal_http: a worker stopped: {e:#}");
                }
            });
        }
    });
    Ok(())
}

/// The form of a `POST /sign-in`, read within `MAX_BODY`; or the HTTP status (and why)
/// that refuses the request.
fn read_form(request: &mut tiny_http::Request) -> Result<Vec<(String, String)>, (u16, &str)> {
    use std::io::Read;
    if request.url() != "/sign-in" {
        return Err((404, "POST /sign-in is the only endpoint"));
    }
    if *request.method() != tiny_http::Method::Post {
        return Err((405, "POST /sign-in is the only endpoint"));
    }
    match request.body_length() {
        Some(n) if n as u64 <= MAX_BODY => {}
        Some(_) => return Err((413, "the form is too large")),
        None => return Err((411, "give the form's Content-Length")),
    }
    let mut body = Vec::new();
    request
        .as_reader()
        .take(MAX_BODY)
        .read_to_end(&mut body)
        .map_err(|_| (400, "the form could not be read"))?;
    Ok(form_urlencoded::parse(&body).into_owned().collect())
}

fn error(why: &str) -> String {
    serde_json::json!({ "error": why }).to_string()
}

fn respond(request: tiny_http::Request, status: u16, body: &str) {
    let header = tiny_http::Header::from_bytes(&b"Content-Type"[..], &b"application/json"[..])
        .expect("a valid header");
    let response = tiny_http::Response::from_string(body)
        .with_status_code(status)
        .with_header(header);
    // The client may have gone; nothing to do about it.
    let _ = request.respond(response);
}
