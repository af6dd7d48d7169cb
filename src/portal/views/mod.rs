//! The portal's pages, one module each, and what they share: finding the session a request
//! carries, sending a session to the page its stage allows, the POST checks, and the pages
//! for "not found", "refused" and "something went wrong".

// A refusal is a whole response, as axum handlers return it.
#![allow(clippy::result_large_err)]

pub mod account;
pub mod activate;
pub mod auth;
pub mod change;
pub mod enroll;
pub mod forgot;
pub mod masquerade;
pub mod signin;

use super::Portal;
use super::web::{self, CrossSite};
use crate::credential::session::{self, Gone, Session, Stage};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub async fn static_css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        super::pages::CSS,
    )
        .into_response()
}

pub async fn not_found(State(portal): State<&'static Portal>) -> Response {
    portal.pages.message(
        StatusCode::NOT_FOUND,
        "Page not found",
        "There is no such page on this portal.",
        ("/", "Go to the portal"),
    )
}

/// Something on hrpass's side failed: logged (never with a secret: errors carry none), and a
/// plain page for the employee.
pub fn internal(portal: &Portal, what: &str, e: &anyhow::Error) -> Response {
    eprintln!(
        "portal: {what} failed: {}",
        crate::text::escape_line(&format!("{e:#}"))
    );
    portal.pages.message(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong",
        "The portal could not finish this. Nothing was changed; try again in a moment.",
        ("/", "Back to the portal"),
    )
}

/// The portal is hashing as much as it can: try again in a moment.
pub fn busy(portal: &Portal) -> Response {
    let mut response = portal.pages.message(
        StatusCode::SERVICE_UNAVAILABLE,
        "Busy",
        "The portal is busy just now. Try again in a few seconds.",
        ("/signin", "Back to sign-in"),
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, header::HeaderValue::from_static("2"));
    response
}

/// A POST that did not come from this portal's own page.
pub fn refused(portal: &Portal, why: &str) -> Response {
    portal.pages.message(
        StatusCode::FORBIDDEN,
        "Request refused",
        &format!(
            "This request was refused: {why}. Open the page again from the portal and submit \
             it from there."
        ),
        ("/", "Go to the portal"),
    )
}

/// The cross-site checks of a POST: `Origin`/`Sec-Fetch-Site`, then the form token against
/// the one this session (or visitor) was given.
pub fn check_post(
    portal: &Portal,
    headers: &HeaderMap,
    sent: &str,
    expected: &str,
) -> Result<(), Response> {
    match web::same_origin(portal, headers) {
        Err(CrossSite::Unmarked) => {
            return Err(refused(portal, "it did not say which site it came from"));
        }
        Err(CrossSite::Foreign) => return Err(refused(portal, "it came from another site")),
        Ok(()) => {}
    }
    if sent.is_empty() || !constant_eq(sent.as_bytes(), expected.as_bytes()) {
        return Err(refused(
            portal,
            "its form token is missing or belongs to another session",
        ));
    }
    Ok(())
}

/// Equal, in a time that depends only on the lengths.
fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The session the request's cookie names, live and judged now; `None` when there is none
/// (no cookie, ended, idle, expired).
pub async fn session_of(
    portal: &'static Portal,
    headers: &HeaderMap,
) -> anyhow::Result<Option<(Session, session::Token)>> {
    let Some(token) = web::session_token(portal, headers) else {
        return Ok(None);
    };
    // Nearly every request finds its session by reads alone, answered here (on SQLite). One
    // that ends or marks its session seen (once a minute) writes on a blocking thread, unless
    // another request of the session is writing the same: it then answers from its reads.
    let now = crate::credential::now();
    let judged = match portal
        .pool
        .read_here(|conn| session::judge(conn, &token, now).map(Some))
    {
        Some(judged) => judged,
        None => {
            let raw = token.expose().to_owned();
            portal
                .pool
                .run(move |store| {
                    let token = session::Token::parse(&raw).expect("parsed before");
                    session::judge(store.conn(), &token, now)
                })
                .await?
        }
    };
    let found = match judged.writes().map(|id| portal.writing(id)) {
        None | Some(None) => judged.answer(),
        // `_write` is let go once the write is made (or the request is gone).
        Some(Some(_write)) => {
            portal
                .pool
                .run(move |store| session::settle(store, judged, now))
                .await?
        }
    };
    Ok(match found {
        Ok(session) => Some((session, token)),
        Err(Gone::Unknown | Gone::Idle | Gone::Expired | Gone::Inactive) => None,
    })
}

/// Where a session in `stage` belongs.
pub fn page_of(stage: Stage) -> &'static str {
    match stage {
        Stage::SecondFactor => "/signin/code",
        Stage::Change => "/change",
        Stage::Enroll => "/enroll",
        Stage::Full => "/account",
    }
}

/// The session of a page that needs one in `allowed` stages: else a redirect to where the
/// session belongs, or to sign-in (with a way back) when there is none.
pub async fn require(
    portal: &'static Portal,
    headers: &HeaderMap,
    allowed: &[Stage],
    back: &str,
) -> Result<(Session, session::Token), Response> {
    match session_of(portal, headers).await {
        Ok(Some((s, token))) if allowed.contains(&s.stage) => Ok((s, token)),
        Ok(Some((s, _))) => Err(web::see_other(page_of(s.stage))),
        Ok(None) => Err(web::see_other(&signin::signin_path(back))),
        Err(e) => Err(internal(portal, "reading the session", &e)),
    }
}

/// What a page's banner says of an hr-admin's look at the account (`None`: not one).
pub fn look(s: &Session) -> Option<minijinja::Value> {
    s.masquerade.as_ref().map(|l| {
        minijinja::context! {
            operator => &l.operator,
            reason => &l.reason,
        }
    })
}

/// Refuses a change the session may not make (`Session::may_change`: an hr-admin's look).
pub fn read_only(portal: &Portal, s: &Session) -> Result<(), Response> {
    s.may_change().map_err(|why| refused(portal, &why))
}

/// The session of a form post from a page that needs one in `allowed` stages, its form
/// token checked, and the client's address: else the response that refuses it (or sends the
/// browser where it belongs).
pub async fn signed_in_post(
    portal: &'static Portal,
    headers: &HeaderMap,
    peer: std::net::SocketAddr,
    csrf: &str,
    allowed: &[Stage],
    back: &str,
) -> Result<(Session, session::Token, String), Response> {
    let (s, token) = require(portal, headers, allowed, back).await?;
    check_post(portal, headers, csrf, &token.form_token())?;
    read_only(portal, &s)?;
    let address = web::client_address(portal, peer.ip(), headers).to_string();
    Ok((s, token, address))
}

/// The visitor value of the request's cookie (before sign-in), or a new one, then set by
/// `with_visitor`.
pub fn visitor(portal: &Portal, headers: &HeaderMap) -> anyhow::Result<(String, bool)> {
    let name = web::visitor_cookie(portal.secure);
    match web::cookie(headers, name).and_then(session::Token::parse) {
        Some(v) => Ok((v.expose().to_owned(), false)),
        None => Ok((session::new_visitor()?, true)),
    }
}

/// The response, setting the visitor cookie when it is `new`.
pub fn with_visitor(portal: &Portal, mut response: Response, visitor: &str, new: bool) -> Response {
    if new {
        response.headers_mut().append(
            header::SET_COOKIE,
            web::set_cookie(
                web::visitor_cookie(portal.secure),
                Some(visitor),
                portal.secure,
            ),
        );
    }
    response
}

/// The visitor of a form post before sign-in, its form token checked: else the refusal.
pub fn visitor_post(
    portal: &Portal,
    headers: &HeaderMap,
    csrf: &str,
) -> Result<(String, bool), Response> {
    let (visitor, new) = visitor(portal, headers).map_err(|e| internal(portal, "a form", &e))?;
    check_post(
        portal,
        headers,
        csrf,
        &session::visitor_form_token(&visitor),
    )?;
    Ok((visitor, new))
}

/// A response that sets the session cookie to `token` (or removes it).
pub fn with_session_cookie(
    portal: &Portal,
    mut response: Response,
    token: Option<&session::Token>,
) -> Response {
    let name = web::session_cookie(portal.secure);
    response.headers_mut().append(
        header::SET_COOKIE,
        web::set_cookie(name, token.map(|t| t.expose()), portal.secure),
    );
    response
}

/// The time a page shows: UTC, to the minute.
pub fn shown_time(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.strftime("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}
