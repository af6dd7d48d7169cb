//! The portal's HTTP plumbing, each piece once: the security headers every response gets,
//! the cookies, where a request comes from (the peer, or the forwarded address from a trusted
//! proxy), the cross-site checks every POST passes, and redirect targets.

use super::Portal;
use crate::credential::session::{self, Token};
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, SocketAddr};

/// The session cookie's name: `__Host-` over TLS (or behind a TLS-terminating proxy), where
/// browsers then refuse it from anything but this host, on `/`, with `Secure`.
pub fn session_cookie(secure: bool) -> &'static str {
    if secure { "__Host-hrpass" } else { "hrpass" }
}

/// The visitor cookie (before sign-in): what the sign-in and forgot forms' token is derived
/// from.
pub fn visitor_cookie(secure: bool) -> &'static str {
    if secure {
        "__Host-hrpass-visitor"
    } else {
        "hrpass-visitor"
    }
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, on `/`, Secure when `secure`; a session
/// cookie (no Max-Age) unless `max_age` is given; `None` as value removes it.
pub fn set_cookie(name: &str, value: Option<&str>, secure: bool) -> HeaderValue {
    let mut cookie = cookie::Cookie::new(name, value.unwrap_or("").to_owned());
    cookie.set_path("/");
    cookie.set_http_only(true);
    cookie.set_same_site(cookie::SameSite::Strict);
    cookie.set_secure(secure);
    if value.is_none() {
        cookie.set_max_age(cookie::time::Duration::ZERO);
    }
    HeaderValue::from_str(&cookie.to_string()).expect("a cookie of URL-safe characters")
}

/// The value of a cookie the request carries.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
}

/// The session token the request's cookie carries, if it can be one.
pub fn session_token(portal: &Portal, headers: &HeaderMap) -> Option<Token> {
    cookie(headers, session_cookie(portal.secure)).and_then(Token::parse)
}

/// Where the request came from, as set by the accept loop.
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub SocketAddr);

/// The client's address: the peer's, or, when the peer is a trusted proxy, the last address
/// in `X-Forwarded-For` that is not one of the trusted proxies.
pub fn client_address(portal: &Portal, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
    if !portal.trusted_proxies.contains(&peer) {
        return peer;
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    forwarded
        .into_iter()
        .rev()
        .find(|a| !portal.trusted_proxies.contains(a))
        .unwrap_or(peer)
}

/// Who is signing in, for the session and the audit trail.
pub fn client(portal: &Portal, peer: IpAddr, headers: &HeaderMap) -> session::Client {
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    session::Client {
        address: client_address(portal, peer, headers).to_string(),
        agent: short_agent(agent),
    }
}

/// A User-Agent cut to 120 printable characters.
fn short_agent(agent: &str) -> String {
    agent
        .chars()
        .filter(|c| !c.is_control())
        .take(120)
        .collect()
}

/// This portal's origin, as browsers name it in `Origin`: `[portal] public_url`'s, else the
/// request's own host.
pub fn own_origin(portal: &Portal, headers: &HeaderMap) -> Option<String> {
    if let Some(origin) = &portal.origin {
        return Some(origin.clone());
    }
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let scheme = if portal.secure { "https" } else { "http" };
    crate::config::origin_of(&format!("{scheme}://{host}"))
}

/// Why a POST was refused before its form was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrossSite {
    /// Neither `Origin` nor `Sec-Fetch-Site`: not a browser's form post.
    Unmarked,
    /// From another site.
    Foreign,
}

/// The POST came from this portal's own pages: `Sec-Fetch-Site: same-origin` when the
/// browser sends it, and `Origin` equal to the portal's own when it sends one (other than
/// `null`); one of the two must be there.
pub fn same_origin(portal: &Portal, headers: &HeaderMap) -> Result<(), CrossSite> {
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    // Under `Referrer-Policy: no-referrer` browsers send `Origin: null` with a form post
    // (the Fetch standard): it says nothing, and `Sec-Fetch-Site` must then speak.
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .filter(|o| *o != "null");
    if fetch_site.is_none() && origin.is_none() {
        return Err(CrossSite::Unmarked);
    }
    if fetch_site.is_some_and(|site| site != "same-origin") {
        return Err(CrossSite::Foreign);
    }
    if let Some(origin) = origin {
        let ours = own_origin(portal, headers);
        if ours.as_deref() != Some(origin.to_ascii_lowercase().as_str()) {
            return Err(CrossSite::Foreign);
        }
    }
    Ok(())
}

/// Where a sign-in may send the browser back to: a path on this portal (not `//host`), or a
/// URL on an origin of `[portal] allowed_redirects`. Anything else is dropped.
pub fn safe_redirect(portal: &Portal, target: &str) -> Option<String> {
    let target = target.trim();
    if target.len() > 2_000 || target.chars().any(|c| c.is_control() || c == '\\') {
        return None;
    }
    if target.starts_with('/') && !target.starts_with("//") {
        return Some(target.to_owned());
    }
    let origin = crate::config::origin_of(target)?;
    let allowed = portal
        .allowed_redirects
        .iter()
        .chain(portal.origin.iter())
        .any(|a| a.trim_end_matches('/').eq_ignore_ascii_case(&origin));
    allowed.then(|| target.to_owned())
}

/// A redirect after a POST (303) or to a page (also 303: the next request is a GET).
pub fn see_other(to: &str) -> Response {
    let location = HeaderValue::from_str(to).unwrap_or(HeaderValue::from_static("/"));
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

/// The headers every response gets, set once here: a CSP that allows nothing but this
/// site's style sheet and images (and forms posting to it), no framing, no sniffing, no
/// referrer, HSTS over TLS, and no caching of anything but the style sheet.
pub async fn security_headers(
    State(portal): State<&'static Portal>,
    request: Request,
    next: Next,
) -> Response {
    let is_static = request.method() == Method::GET && request.uri().path().starts_with("/static/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if portal.tls {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if !is_static {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
