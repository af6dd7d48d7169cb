//! The new-password page: forced right after a sign-in with a temporary (or expired-policy)
//! password, or chosen from the account page (then the current password is asked too). The
//! change is the domain's `change`, the same compare-and-set as `hrpass passwd`: an HR send
//! in flight is superseded, every other session ends, and this browser gets a new one.

use super::{Portal, busy, check_post, internal, page_of, require, with_session_cookie};
use crate::credential::session::{self, Limits, Session, Stage};
use crate::credential::{self, Attempt, Change, Hasher, Verdict, Within};
use crate::portal::web::{self, Peer};
use axum::extract::{Extension, Form, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

pub async fn page(State(portal): State<&'static Portal>, headers: HeaderMap) -> Response {
    let (s, token) = match require(portal, &headers, &[Stage::Change, Stage::Full], "/change").await
    {
        Ok(found) => found,
        Err(elsewhere) => return elsewhere,
    };
    match rules(portal).await {
        Ok(rules) => form(portal, StatusCode::OK, &s, &token, &rules, &[]),
        Err(e) => internal(portal, "the password page", &e),
    }
}

async fn rules(portal: &'static Portal) -> anyhow::Result<Vec<String>> {
    portal
        .pool
        .run(|store| Ok(crate::policy::current(store.conn())?.policy.rules()))
        .await
}

fn form(
    portal: &Portal,
    status: StatusCode,
    s: &Session,
    token: &session::Token,
    rules: &[String],
    reasons: &[String],
) -> Response {
    let forced = s.stage == Stage::Change;
    portal.pages.render(
        status,
        "change.html",
        if forced {
            "Choose your password"
        } else {
            "Change password"
        },
        minijinja::context! {
            csrf => token.form_token(),
            forced => forced,
            why => "The password you signed in with was a temporary one. Choose your own \
                    now; the temporary one stops working once you have.",
            username => &s.employee.employee.code,
            look => super::look(s),
            rules => minijinja::Value::from(minijinja::value::Serde(rules)),
            reasons => minijinja::Value::from(minijinja::value::Serde(reasons)),
        },
    )
}

#[derive(Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    current: SecretString,
    #[serde(default)]
    new: SecretString,
    #[serde(default)]
    again: SecretString,
}

/// What a submitted change came to.
enum Outcome {
    Changed(Stage, session::Token),
    Refused(Vec<String>),
    /// Another tab's change came first and ended this session: nothing set.
    Stale,
    /// The current password was wrong and that locked the account.
    Locked,
}

pub async fn submit(
    State(portal): State<&'static Portal>,
    Extension(Peer(peer)): Extension<Peer>,
    headers: HeaderMap,
    Form(f): Form<ChangeForm>,
) -> Response {
    let (s, token) = match require(portal, &headers, &[Stage::Change, Stage::Full], "/change").await
    {
        Ok(found) => found,
        Err(elsewhere) => return elsewhere,
    };
    if let Err(refusal) = check_post(portal, &headers, &f.csrf, &token.form_token())
        .and_then(|()| super::read_only(portal, &s))
    {
        return refusal;
    }
    let rules = match rules(portal).await {
        Ok(rules) => rules,
        Err(e) => return internal(portal, "the password page", &e),
    };
    if f.new.expose_secret() != f.again.expose_secret() {
        let reasons = ["does not match the one typed again below it".to_owned()];
        return form(portal, StatusCode::OK, &s, &token, &rules, &reasons);
    }
    let Ok(_pass) = portal.gate.enter().await else {
        return busy(portal);
    };
    let client = web::client(portal, peer.ip(), &headers);
    let session = s.clone();
    let changed = portal
        .pool
        .run_hashing(&portal.hashers, move |store| {
            let code = session.employee.employee.code.clone();
            let operator = format!("portal {}", client.address);
            let now = credential::now();
            if session.stage == Stage::Full {
                // A change by choice asks the current password, counted like a sign-in.
                let verdict = credential::sign_in(
                    store,
                    &Attempt {
                        code: &code,
                        password: f.current.expose_secret(),
                        one_time: None,
                    },
                    now,
                    &portal.params,
                    None,
                    &operator,
                )?;
                match verdict {
                    Verdict::Valid { .. } | Verdict::SecondFactorRequired => {}
                    Verdict::Wrong { .. } => {
                        return Ok(Outcome::Refused(vec![
                            "cannot be set: the current password is not right".to_owned(),
                        ]));
                    }
                    _ => {
                        session::sign_out(store, &session, now, &operator)?;
                        return Ok(Outcome::Locked);
                    }
                }
            }
            let policy = crate::policy::current(store.conn())?;
            let limits = Limits::of(&policy);
            let require_2fa = policy.policy.require_2fa;
            let company = portal.company.clone();
            let mut next = None;
            let mut hasher = Hasher::new(portal.params.clone());
            let change = credential::change_then(
                store,
                &code,
                &f.new,
                now,
                &mut hasher,
                &company,
                &operator,
                Within {
                    expects: |tx: &crate::store::Tx<'_>| session::still_current(tx, &session),
                    then: |tx: &crate::store::Tx<'_>, credential_id| {
                        let enrolled = crate::store::factors::active(tx, session.employee.id)?;
                        let stage = Stage::after_sign_in(false, require_2fa && enrolled.is_none());
                        next = Some((
                            stage,
                            session::begin(
                                tx,
                                session.employee.id,
                                credential_id,
                                stage,
                                now,
                                limits,
                                &client,
                            )?,
                        ));
                        Ok(())
                    },
                },
            )?;
            Ok(match (change, next) {
                (Some(Change::Changed { .. }), Some((stage, token))) => {
                    Outcome::Changed(stage, token)
                }
                (Some(Change::Refused { reasons }), _) => Outcome::Refused(reasons),
                (None, _) => Outcome::Stale,
                (Some(Change::Changed { .. }), None) => {
                    anyhow::bail!("changed without a new session")
                }
            })
        })
        .await;
    drop(_pass);
    match changed {
        Ok(Outcome::Changed(stage, token)) => {
            let to = match stage {
                Stage::Full => "/account?changed=1",
                stage => page_of(stage),
            };
            with_session_cookie(portal, web::see_other(to), Some(&token))
        }
        Ok(Outcome::Refused(reasons)) => form(portal, StatusCode::OK, &s, &token, &rules, &reasons),
        // The cookie stays as the winning tab's response set it.
        Ok(Outcome::Stale) => portal.pages.message(
            StatusCode::CONFLICT,
            "Not changed",
            "Your password was changed from another tab or window just now, so the one typed \
             here was not set. Use the password you chose there.",
            ("/account", "Your account"),
        ),
        Ok(Outcome::Locked) => with_session_cookie(
            portal,
            portal.pages.message(
                StatusCode::OK,
                "Signed out",
                "The current password was not right too many times, or it is no longer \
                 valid. Sign in again, or use \"Forgot your password?\".",
                ("/signin", "Sign in"),
            ),
            None,
        ),
        Err(e) => internal(portal, "the password change", &e),
    }
}
