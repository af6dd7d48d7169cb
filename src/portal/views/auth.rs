//! `GET /auth`: forward-auth for the company's other web apps behind nginx `auth_request`,
//! Traefik `forwardAuth` or Caddy `forward_auth`. A signed-in employee (a session past every
//! sign-in step) gets 200 with `Remote-User` (the code), `Remote-Email` and `Remote-Name`;
//! anyone else 401, or, when asked for (`rd`, or `redirect` with the proxy's forwarded URL),
//! a redirect to sign-in that brings them back, only to the portal or an allowed origin.

use super::{Portal, internal};
use crate::credential::session::Stage;
use crate::portal::web::{self, Peer};
use axum::extract::{Extension, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct AuthQuery {
    /// Where to come back to after signing in.
    #[serde(default)]
    rd: Option<String>,
    /// Build `rd` from the trusted proxy's `X-Forwarded-Proto`, `-Host` and `-Uri`.
    #[serde(default)]
    redirect: Option<String>,
}

pub async fn check(
    State(portal): State<&'static Portal>,
    Extension(Peer(peer)): Extension<Peer>,
    headers: HeaderMap,
    Query(q): Query<AuthQuery>,
) -> Response {
    match super::session_of(portal, &headers).await {
        // An hr-admin's look at the account signs nobody in to other apps.
        Ok(Some((s, _))) if s.stage == Stage::Full && s.masquerade.is_none() => {
            let e = &s.employee.employee;
            let value = |text: &str| {
                HeaderValue::from_bytes(text.as_bytes()).unwrap_or(HeaderValue::from_static(""))
            };
            let name = format!("{} {}", e.first_name, e.last_name);
            (
                StatusCode::OK,
                [
                    ("remote-user", value(&e.code)),
                    ("remote-email", value(&e.email)),
                    ("remote-name", value(&name)),
                ],
            )
                .into_response()
        }
        Ok(_) => denied(portal, peer.ip(), &headers, &q),
        Err(e) => internal(portal, "forward-auth", &e),
    }
}

fn denied(portal: &Portal, peer: std::net::IpAddr, headers: &HeaderMap, q: &AuthQuery) -> Response {
    let forwarded = || {
        if !portal.trusted_proxies.contains(&peer) {
            return None;
        }
        let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        Some(format!(
            "{}://{}{}",
            get("x-forwarded-proto").unwrap_or("https"),
            get("x-forwarded-host")?,
            get("x-forwarded-uri").unwrap_or("/")
        ))
    };
    let back = match (&q.rd, &q.redirect) {
        (Some(rd), _) => Some(rd.clone()),
        (None, Some(_)) => forwarded(),
        (None, None) => None,
    };
    let Some(back) = back.and_then(|b| web::safe_redirect(portal, &b)) else {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "not signed in\n",
        )
            .into_response();
    };
    let signin = format!(
        "{}/signin?rd={}",
        portal.origin.as_deref().unwrap_or(""),
        form_urlencoded::byte_serialize(back.as_bytes()).collect::<String>()
    );
    let location = HeaderValue::from_str(&signin).unwrap_or(HeaderValue::from_static("/signin"));
    (StatusCode::FOUND, [(header::LOCATION, location)]).into_response()
}
