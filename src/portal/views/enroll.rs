//! The employee enrols their own second factor: a new secret (its QR code inline as SVG and
//! the key in groups for typing), confirmed with a code from the app, then ten recovery codes
//! shown once. With `require_2fa` a sign-in without a factor comes here first. A confirmed
//! factor gives the browser a new session; new recovery codes from the account page too.

use super::{Portal, internal, require, signed_in_post, with_session_cookie};
use crate::credential::factor::{self, Confirmation, Enrolment};
use crate::credential::session::{self, Limits, Session, Stage};
use crate::credential::{self};
use crate::portal::views::signin::PlainForm;
use crate::portal::web::{self, Peer};
use axum::extract::{Extension, Form, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

const STAGES: &[Stage] = &[Stage::Enroll, Stage::Full];

pub async fn page(State(portal): State<&'static Portal>, headers: HeaderMap) -> Response {
    let (s, token) = match require(portal, &headers, STAGES, "/enroll").await {
        Ok(found) => found,
        Err(elsewhere) => return elsewhere,
    };
    let code = s.employee.employee.code.clone();
    let id = s.employee.id;
    let found = portal
        .pool
        .run(move |store| {
            let pending =
                factor::pending_enrolment(store.conn(), &code, &portal.vault, &portal.company)?;
            let active = crate::store::factors::active(store.conn(), id)?.is_some();
            Ok((pending, active))
        })
        .await;
    match found {
        Ok((pending, active)) => form(portal, &s, &token, pending.as_ref(), active, None),
        Err(e) => internal(portal, "the second-factor page", &e),
    }
}

fn form(
    portal: &Portal,
    s: &Session,
    token: &session::Token,
    enrolment: Option<&Enrolment>,
    active: bool,
    error: Option<&str>,
) -> Response {
    let qr = match enrolment.map(|e| factor::qr_svg(&e.uri)).transpose() {
        Ok(svg) => svg.map(|svg| {
            let svg = String::from_utf8_lossy(&svg).into_owned();
            // Inline: the XML declaration has no place inside HTML.
            let start = svg.find("<svg").unwrap_or(0);
            minijinja::Value::from_safe_string(svg[start..].to_owned())
        }),
        Err(e) => return internal(portal, "the QR code", &e),
    };
    portal.pages.render(
        StatusCode::OK,
        "enroll.html",
        "Second factor",
        minijinja::context! {
            csrf => token.form_token(),
            look => super::look(s),
            required => s.stage == Stage::Enroll,
            company => &portal.company,
            active => active,
            qr => qr,
            key => enrolment.map(|e| factor::grouped(&e.secret)),
            error => error,
        },
    )
}

pub async fn start(
    State(portal): State<&'static Portal>,
    Extension(Peer(peer)): Extension<Peer>,
    headers: HeaderMap,
    Form(f): Form<PlainForm>,
) -> Response {
    let (s, token, address) =
        match signed_in_post(portal, &headers, peer, &f.csrf, STAGES, "/enroll").await {
            Ok(found) => found,
            Err(refusal) => return refusal,
        };
    let code = s.employee.employee.code.clone();
    let id = s.employee.id;
    let started = portal
        .pool
        .run(move |store| {
            let enrolment = factor::enroll(
                store,
                &code,
                &portal.vault,
                &portal.company,
                credential::now(),
                &format!("portal {address}"),
            )?;
            let active = crate::store::factors::active(store.conn(), id)?.is_some();
            Ok((enrolment, active))
        })
        .await;
    match started {
        Ok((enrolment, active)) => form(portal, &s, &token, Some(&enrolment), active, None),
        Err(e) => internal(portal, "starting the enrolment", &e),
    }
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: SecretString,
}

enum Confirmed {
    Done(session::Token, Vec<SecretString>),
    Wrong(Option<Enrolment>),
    /// Another tab moved the session on meanwhile.
    Moved,
}

pub async fn confirm(
    State(portal): State<&'static Portal>,
    Extension(Peer(peer)): Extension<Peer>,
    headers: HeaderMap,
    Form(f): Form<ConfirmForm>,
) -> Response {
    let (s, token, address) =
        match signed_in_post(portal, &headers, peer, &f.csrf, STAGES, "/enroll").await {
            Ok(found) => found,
            Err(refusal) => return refusal,
        };
    let session = s.clone();
    let done = portal
        .pool
        .run(move |store| {
            let code = session.employee.employee.code.clone();
            let now = credential::now();
            let confirmation = factor::confirm(
                store,
                &code,
                f.code.expose_secret(),
                &portal.vault,
                now,
                &format!("portal {address}"),
            )?;
            let Confirmation::Confirmed { recovery_codes, .. } = confirmation else {
                let pending =
                    factor::pending_enrolment(store.conn(), &code, &portal.vault, &portal.company)?;
                return Ok(Confirmed::Wrong(pending));
            };
            // A factor change: this browser's session is replaced by a new one.
            let limits = Limits::of(&crate::policy::current(store.conn())?);
            let tx = store.write()?;
            let next = session::advance(
                &tx,
                &session,
                Stage::Full,
                session.credential_id,
                now,
                limits,
            )?;
            tx.commit()?;
            Ok(match next {
                Some(token) => Confirmed::Done(token, recovery_codes),
                None => Confirmed::Moved,
            })
        })
        .await;
    match done {
        Ok(Confirmed::Done(next, codes)) => {
            let page = recovery_page(portal, "Your second factor is set up", &codes);
            with_session_cookie(portal, page, Some(&next))
        }
        Ok(Confirmed::Wrong(pending)) => form(
            portal,
            &s,
            &token,
            pending.as_ref(),
            false,
            Some("That code is not right. Type the 6 digits the app shows now."),
        ),
        Ok(Confirmed::Moved) => with_session_cookie(portal, web::see_other("/signin"), None),
        Err(e) => internal(portal, "confirming the second factor", &e),
    }
}

fn recovery_page(portal: &Portal, heading: &str, codes: &[SecretString]) -> Response {
    let codes: Vec<&str> = codes.iter().map(|c| c.expose_secret()).collect();
    portal.pages.render(
        StatusCode::OK,
        "recovery.html",
        "Recovery codes",
        minijinja::context! { heading => heading, codes => minijinja::Value::from(minijinja::value::Serde(&codes)), next => "/account" },
    )
}

pub async fn new_recovery_codes(
    State(portal): State<&'static Portal>,
    Extension(Peer(peer)): Extension<Peer>,
    headers: HeaderMap,
    Form(f): Form<PlainForm>,
) -> Response {
    let (s, _, address) =
        match signed_in_post(portal, &headers, peer, &f.csrf, &[Stage::Full], "/account").await {
            Ok(found) => found,
            Err(refusal) => return refusal,
        };
    let code = s.employee.employee.code.clone();
    let made = portal
        .pool
        .run(move |store| {
            factor::new_recovery_codes(
                store,
                &code,
                credential::now(),
                &format!("portal {address}"),
            )
        })
        .await;
    match made {
        Ok(codes) => recovery_page(portal, "New recovery codes", &codes),
        Err(e) => internal(portal, "new recovery codes", &e),
    }
}
