//! The account page: the password's expiry, the second factor, the last sign-ins (time,
//! address, browser), and the ways to change password, replace the factor, get new recovery
//! codes and sign out everywhere.

use super::{Portal, internal, page_of, require, shown_time, signed_in_post, with_session_cookie};
use crate::credential::session::{self, Stage};
use crate::credential::{self, factor};
use crate::portal::views::signin::PlainForm;
use crate::portal::web::{self, Peer};
use axum::extract::{Extension, Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};

/// `/`: the account for a signed-in employee, else where their session belongs or sign-in.
pub async fn home(State(portal): State<&'static Portal>, headers: HeaderMap) -> Response {
    match super::session_of(portal, &headers).await {
        Ok(Some((s, _))) => web::see_other(page_of(s.stage)),
        Ok(None) => web::see_other("/signin"),
        Err(e) => internal(portal, "the portal's home", &e),
    }
}

#[derive(Deserialize, Default)]
pub struct Notice {
    #[serde(default)]
    changed: Option<String>,
}

#[derive(Serialize)]
struct SignInRow {
    at: String,
    address: String,
    client: String,
    live: bool,
}

pub async fn page(
    State(portal): State<&'static Portal>,
    headers: HeaderMap,
    Query(notice): Query<Notice>,
) -> Response {
    let (s, token) = match require(portal, &headers, &[Stage::Full], "/account").await {
        Ok(found) => found,
        Err(elsewhere) => return elsewhere,
    };
    let employee = s.employee.clone();
    let facts = portal
        .pool
        .run(move |store| {
            let conn = store.conn();
            let policy = crate::policy::current(conn)?;
            let now = credential::now();
            let password = credential::password_state(
                conn,
                employee.id,
                now,
                policy.policy.lockout_threshold,
            )?;
            let factor = factor::status(conn, &employee)?;
            let sign_ins = crate::store::sessions::recent_sign_ins(conn, employee.id, 10)?;
            Ok((password, factor, sign_ins))
        })
        .await;
    let (password, factor, sign_ins) = match facts {
        Ok(facts) => facts,
        Err(e) => return internal(portal, "the account page", &e),
    };
    let password_text = match password.expires_at {
        Some(at) => format!("set; valid until {} UTC", shown_time(at)),
        None => "set; does not expire".to_owned(),
    };
    let factor_text = match (factor.state, factor.recovery_codes_left) {
        ("active", Some(left)) => format!(
            "authenticator app, since {} UTC; {} left",
            factor.confirmed_at.map(shown_time).unwrap_or_default(),
            crate::text::count(u64::from(left), "recovery code", "recovery codes")
        ),
        _ => "none".to_owned(),
    };
    let rows: Vec<SignInRow> = sign_ins
        .into_iter()
        .map(|r| SignInRow {
            at: shown_time(r.at),
            address: r.address,
            client: r.client,
            live: r.live,
        })
        .collect();
    let e = &s.employee.employee;
    portal.pages.render(
        StatusCode::OK,
        "account.html",
        "Your account",
        minijinja::context! {
            csrf => token.form_token(),
            notice => notice.changed.map(|_| "Your password is changed. Every other session was signed out."),
            look => super::look(&s),
            name => format!("{} {}", e.first_name, e.last_name),
            code => &e.code,
            email => &e.email,
            password => password_text,
            factor => factor_text,
            has_factor => factor.state == "active",
            session_ends => format!("{} UTC unless used before; {} UTC at the latest",
                shown_time(s.idle_until), shown_time(s.expires_at)),
            sign_ins => minijinja::Value::from(minijinja::value::Serde(&rows)),
        },
    )
}

pub async fn sign_out_everywhere(
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
    let ended = portal
        .pool
        .run(move |store| {
            session::sign_out_everywhere(store, &s, credential::now(), &format!("portal {address}"))
        })
        .await;
    match ended {
        Ok(_) => with_session_cookie(portal, web::see_other("/signin?out=1"), None),
        Err(e) => internal(portal, "signing out everywhere", &e),
    }
}
