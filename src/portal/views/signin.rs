//! Sign in: code or work email and password, then the one-time code when the employee has a
//! second factor; sign out. Every way a sign-in can fail (unknown, inactive, wrong, locked,
//! expired) gets the same page after the same work (a hash for each).

use super::{
    Portal, busy, check_post, internal, page_of, require, signed_in_post, visitor, visitor_post,
    with_session_cookie, with_visitor,
};
use crate::credential::session::{self, Limits, Stage};
use crate::credential::{self, Attempt, Checking, Verdict};
use crate::model::Credential;
use crate::portal::pool::{Busy, Pass};
use crate::portal::web::{self, Peer};
use crate::store::db::Conn;
use crate::store::{Tx, sessions};
use axum::extract::{Extension, Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// The one answer to every failed sign-in.
const FAILED: &str = "The code or email and password do not match an account that can sign \
    in. Check them and try again. After too many tries, or once a temporary password has \
    expired, use \"Forgot your password?\" or ask HR for a new one.";

/// The sign-in path with a way back to `back` (a path on the portal).
pub fn signin_path(back: &str) -> String {
    if back.is_empty() || back == "/" || back == "/account" {
        return "/signin".to_owned();
    }
    format!(
        "/signin?rd={}",
        form_urlencoded::byte_serialize(back.as_bytes()).collect::<String>()
    )
}

#[derive(Deserialize, Default)]
pub struct Back {
    #[serde(default)]
    rd: String,
    #[serde(default)]
    out: Option<String>,
}

/// The sign-in page as it is shown and shown again after a failure.
fn form(
    portal: &Portal,
    status: StatusCode,
    visitor: &str,
    rd: &str,
    who: &str,
    error: Option<&str>,
    notice: Option<&str>,
) -> Response {
    portal.pages.render(
        status,
        "signin.html",
        "Sign in",
        minijinja::context! {
            csrf => session::visitor_form_token(visitor),
            rd => rd,
            who => who,
            error => error,
            notice => notice,
        },
    )
}

pub async fn page(
    State(portal): State<&'static Portal>,
    headers: HeaderMap,
    Query(back): Query<Back>,
) -> Response {
    // Already signed in: on to where the session belongs.
    if let Ok(Some((s, _))) = super::session_of(portal, &headers).await {
        let to = match s.stage {
            Stage::Full => web::safe_redirect(portal, &back.rd).unwrap_or("/account".into()),
            stage => page_of(stage).to_owned(),
        };
        return web::see_other(&to);
    }
    let (visitor, new) = match visitor(portal, &headers) {
        Ok(v) => v,
        Err(e) => return internal(portal, "the sign-in page", &e),
    };
    let notice = back.out.as_ref().map(|_| "You are signed out.");
    let response = form(portal, StatusCode::OK, &visitor, &back.rd, "", None, notice);
    with_visitor(portal, response, &visitor, new)
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    rd: String,
    #[serde(default)]
    who: String,
    #[serde(default)]
    password: SecretString,
}

pub async fn submit(
    State(portal): State<&'static Portal>,
    Extension(Peer(peer)): Extension<Peer>,
    headers: HeaderMap,
    Form(f): Form<SignInForm>,
) -> Response {
    let (visitor, new) = match visitor_post(portal, &headers, &f.csrf) {
        Ok(v) => v,
        Err(refusal) => return refusal,
    };
    let client = web::client(portal, peer.ip(), &headers);
    let who = f.who.trim().chars().take(320).collect::<String>();
    let rd = f.rd.clone();

    // Judged before any hash, per client address: a flood from one address stops here.
    let limit = portal.attempts_per_address;
    let address = client.address.clone();
    let may_try = portal
        .pool
        .read(move |conn| session::address_may_try(conn, &address, credential::now(), limit))
        .await;
    match may_try {
        Ok(true) => {}
        Ok(false) => {
            return form(
                portal,
                StatusCode::TOO_MANY_REQUESTS,
                &visitor,
                &rd,
                &who,
                Some(
                    "Too many sign-in attempts from your network. Wait ten minutes and try again.",
                ),
                None,
            );
        }
        Err(e) => return internal(portal, "sign-in", &e),
    }

    let Ok(pass) = portal.gate.enter().await else {
        return busy(portal);
    };
    // Spawned, so a client that goes away mid-check cannot stop it between its hash and its
    // write: every attempt is counted and audited.
    let checked = tokio::spawn(check(portal, pass, who.clone(), f.password, client)).await;
    let (verdict, token) = match checked {
        Ok(Ok(Some(done))) => done,
        Ok(Ok(None)) => return busy(portal),
        Ok(Err(e)) => return internal(portal, "sign-in", &e),
        Err(e) => return internal(portal, "sign-in", &anyhow::anyhow!("{e}")),
    };
    let Some(token) = token else {
        let response = form(
            portal,
            StatusCode::OK,
            &visitor,
            &rd,
            &who,
            Some(FAILED),
            None,
        );
        return with_visitor(portal, response, &visitor, new);
    };
    let to = match verdict {
        Verdict::SecondFactorRequired => match rd.is_empty() {
            true => "/signin/code".to_owned(),
            false => format!(
                "/signin/code?rd={}",
                form_urlencoded::byte_serialize(rd.as_bytes()).collect::<String>()
            ),
        },
        Verdict::Valid {
            must_change,
            must_enroll,
            ..
        } => match Stage::after_sign_in(must_change, must_enroll) {
            Stage::Full => web::safe_redirect(portal, &rd).unwrap_or("/account".into()),
            stage => page_of(stage).to_owned(),
        },
        _ => "/signin".to_owned(),
    };
    with_session_cookie(portal, web::see_other(&to), Some(&token))
}

pub async fn code_page(
    State(portal): State<&'static Portal>,
    headers: HeaderMap,
    Query(back): Query<Back>,
) -> Response {
    let (_, token) = match require(portal, &headers, &[Stage::SecondFactor], "/").await {
        Ok(found) => found,
        Err(elsewhere) => return elsewhere,
    };
    code_form(portal, StatusCode::OK, &token, &back.rd, None)
}

fn code_form(
    portal: &Portal,
    status: StatusCode,
    token: &session::Token,
    rd: &str,
    error: Option<&str>,
) -> Response {
    portal.pages.render(
        status,
        "code.html",
        "One-time code",
        minijinja::context! {
            csrf => token.form_token(),
            rd => rd,
            error => error,
            company => &portal.company,
        },
    )
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    rd: String,
    #[serde(default)]
    code: SecretString,
}

pub async fn code_submit(
    State(portal): State<&'static Portal>,
    Extension(Peer(peer)): Extension<Peer>,
    headers: HeaderMap,
    Form(f): Form<CodeForm>,
) -> Response {
    let (s, token, address) =
        match signed_in_post(portal, &headers, peer, &f.csrf, &[Stage::SecondFactor], "/").await {
            Ok(found) => found,
            Err(refusal) => return refusal,
        };
    let session = s.clone();
    let code = f.code;
    let checked = portal
        .pool
        .run(move |store| {
            let now = credential::now();
            let limits = Limits::of(&crate::policy::current(store.conn())?);
            let mut next = None;
            let verdict = credential::second_step(
                store,
                &session.employee.employee.code,
                session.credential_id,
                code.expose_secret(),
                now,
                &portal.vault,
                &format!("portal {address}"),
                &mut |tx, verdict, credential| {
                    match (verdict, credential) {
                        (
                            Verdict::Valid {
                                must_change,
                                must_enroll,
                                ..
                            },
                            Some(credential),
                        ) => {
                            let to = Stage::after_sign_in(*must_change, *must_enroll);
                            next = session::advance(tx, &session, to, credential.id, now, limits)?
                                .map(|token| (to, token));
                        }
                        (Verdict::WrongCode { .. }, _) => {}
                        _ => {
                            sessions::end(tx, session.id, "sign-in refused", now)?;
                        }
                    }
                    Ok(())
                },
            )?;
            Ok((verdict, next))
        })
        .await;
    let (verdict, next) = match checked {
        Ok(done) => done,
        Err(e) => return internal(portal, "the one-time code", &e),
    };
    match (verdict, next) {
        (Verdict::Valid { .. }, Some((stage, token))) => {
            let to = match stage {
                Stage::Full => web::safe_redirect(portal, &f.rd).unwrap_or("/account".into()),
                stage => page_of(stage).to_owned(),
            };
            with_session_cookie(portal, web::see_other(&to), Some(&token))
        }
        (Verdict::WrongCode { reused, .. }, _) => {
            let error = if reused {
                "That code was used already. Wait for the next one your app shows."
            } else {
                "That code is not right. Type the code your app shows now, or a recovery code."
            };
            code_form(portal, StatusCode::OK, &token, &f.rd, Some(error))
        }
        (Verdict::Locked, _) => with_session_cookie(
            portal,
            portal.pages.message(
                StatusCode::OK,
                "Locked",
                "Too many wrong codes: your account is locked. Ask HR for a new password, or \
                 use \"Forgot your password?\".",
                ("/forgot", "Forgot your password?"),
            ),
            None,
        ),
        // Ended meanwhile, or the password changed since it was checked: from the start.
        _ => with_session_cookie(portal, web::see_other("/signin"), None),
    }
}

#[derive(Deserialize)]
pub struct PlainForm {
    #[serde(default)]
    pub csrf: String,
}

pub async fn sign_out(
    State(portal): State<&'static Portal>,
    Extension(Peer(peer)): Extension<Peer>,
    headers: HeaderMap,
    Form(f): Form<PlainForm>,
) -> Response {
    let Ok(Some((s, token))) = super::session_of(portal, &headers).await else {
        return with_session_cookie(portal, web::see_other("/signin?out=1"), None);
    };
    if let Err(refusal) = check_post(portal, &headers, &f.csrf, &token.form_token()) {
        return refusal;
    }
    let address = web::client_address(portal, peer.ip(), &headers).to_string();
    let ended = portal
        .pool
        .run(move |store| {
            session::sign_out(store, &s, credential::now(), &format!("portal {address}"))
        })
        .await;
    if let Err(e) = ended {
        return internal(portal, "sign-out", &e);
    }
    with_session_cookie(portal, web::see_other("/signin?out=1"), None)
}

/// A sign-in past the gate (`SIGN_IN_TRIES` tries of `sign_in_once`), with the client's
/// attempt counted and, when it gets in, its session begun in the verdict's transaction.
/// `None`: the password changed while it was hashed, and the gate was full when the check
/// started over.
async fn check(
    portal: &'static Portal,
    pass: Pass<'static>,
    typed: String,
    password: SecretString,
    client: session::Client,
) -> anyhow::Result<Option<(Verdict, Option<session::Token>)>> {
    let password = std::sync::Arc::new(password);
    let operator = format!("portal {}", client.address);
    let mut pass = Some(pass);
    let mut named = String::new();
    for _ in 0..credential::SIGN_IN_TRIES {
        let pass = match pass.take() {
            Some(pass) => pass,
            None => match portal.gate.enter().await {
                Ok(pass) => pass,
                Err(Busy) => return Ok(None),
            },
        };
        // A work address or a code names an employee. When nothing matches, what was typed is
        // not kept (people type passwords into the wrong field): the attempt is checked, and
        // audited, as one for nobody, with the same dummy hash.
        let typed = typed.clone();
        let name = move |conn: &Conn| {
            Ok(match crate::credential::forgot::named(conn, &typed)? {
                Some((e, _)) => e.employee.code,
                None => String::new(),
            })
        };
        let client = client.clone();
        let begin =
            move |tx: &Tx<'_>, verdict: &Verdict, credential: Option<&Credential>, now, limits| {
                session::count_attempt(tx, &client.address, now)?;
                let stage = match verdict {
                    Verdict::Valid {
                        must_change,
                        must_enroll,
                        ..
                    } => Stage::after_sign_in(*must_change, *must_enroll),
                    Verdict::SecondFactorRequired => Stage::SecondFactor,
                    _ => return Ok(None),
                };
                let Some(credential) = credential else {
                    return Ok(None);
                };
                let token = session::begin(
                    tx,
                    credential.employee_id,
                    credential.id,
                    stage,
                    now,
                    limits,
                    &client,
                )?;
                Ok(Some(token))
            };
        match sign_in_once(portal, Some(pass), name, password.clone(), &operator, begin).await? {
            Tried::Judged(verdict, token) => return Ok(Some((verdict, token))),
            Tried::Changed { code } => named = code,
        }
    }
    Err(credential::changed_too_often(&named))
}

/// What one try of `sign_in_once` came to.
pub(super) enum Tried<T> {
    /// The verdict, and what the caller's `then` made in its transaction.
    Judged(Verdict, Option<T>),
    /// `code`'s password changed while it was hashed: nothing was written; try again.
    Changed { code: String },
}

/// One try of a sign-in on the portal, in `Checking`'s three steps: the reads on a store
/// connection (`name` gives the employee's code), the hash on a hashing thread with the
/// connection given back (so the places past the gate never wait for connections, whatever
/// the number of cores), then the verdict written on a connection, with `then` in its
/// transaction (given the time and the policy's session limits). `pass`, a place at the gate,
/// is given back as soon as the hash is done, so another sign-in hashes while this one
/// writes; without one the caller holds its own.
pub(super) async fn sign_in_once<T: Send + 'static>(
    portal: &'static Portal,
    pass: Option<Pass<'static>>,
    name: impl Fn(&Conn) -> anyhow::Result<String> + Send + 'static,
    password: std::sync::Arc<SecretString>,
    operator: &str,
    then: impl FnOnce(&Tx<'_>, &Verdict, Option<&Credential>, i64, Limits) -> anyhow::Result<Option<T>>
    + Send
    + 'static,
) -> anyhow::Result<Tried<T>> {
    let now = credential::now();
    let (code, checking) = portal
        .pool
        .read(move |conn| {
            let code = name(conn)?;
            let checking = Checking::read(conn, &code)?;
            Ok((code, checking))
        })
        .await?;
    let (hashed, checking) = {
        let password = password.clone();
        portal
            .hash(move || {
                let hashed = checking.hash(password.expose_secret(), now, &portal.params);
                drop(pass);
                hashed.map(|hashed| (hashed, checking))
            })
            .await??
    };
    let limits = Limits::of(checking.policy());
    let operator = operator.to_owned();
    portal
        .pool
        .run(move |store| {
            let mut then = Some(then);
            let mut made = None;
            let verdict = checking.write(
                store,
                hashed,
                &Attempt {
                    code: &code,
                    password: password.expose_secret(),
                    one_time: None,
                },
                now,
                None,
                &operator,
                &mut |tx, verdict, credential| {
                    if let Some(then) = then.take() {
                        made = then(tx, verdict, credential, now, limits)?;
                    }
                    Ok(())
                },
            )?;
            Ok(match verdict {
                Some(verdict) => Tried::Judged(verdict, made),
                None => Tried::Changed { code },
            })
        })
        .await
}
