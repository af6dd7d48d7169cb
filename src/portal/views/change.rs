//! The new-password page: forced right after a sign-in with a temporary (or expired-policy)
//! password, or chosen from the account page (then the current password is asked too). The
//! change is the domain's `change`, the same compare-and-set as `hrpass passwd`: an HR send
//! in flight is superseded, every other session ends, and this browser gets a new one.

use super::signin::{Tried, sign_in_once};
use super::{Portal, busy, check_post, internal, page_of, require, with_session_cookie};
use crate::credential::session::{self, Limits, Session, Stage};
use crate::credential::{self, Change, Changing, Hasher, Verdict, Within};
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
    let Ok(pass) = portal.gate.enter().await else {
        return busy(portal);
    };
    let client = web::client(portal, peer.ip(), &headers);
    // Spawned, with its place at the gate: a client that goes away cannot stop the change
    // between a hash and its write (a wrong current password is always counted).
    let session = s.clone();
    let changed = tokio::spawn(async move {
        let changed = change(portal, session, f.current, f.new, client).await;
        drop(pass);
        changed
    })
    .await
    .unwrap_or_else(|e| Err(anyhow::anyhow!("the password change failed: {e}")));
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

/// The change past the gate, in steps that hold a store connection only to read and to write
/// (the hashing threads hash with none held): a change by choice first asks the current
/// password, checked and counted like a sign-in; then `Changing`'s read, hash and write, the
/// write checking that the session is still live and beginning the new one.
async fn change(
    portal: &'static Portal,
    session: Session,
    current: SecretString,
    new: SecretString,
    client: session::Client,
) -> anyhow::Result<Outcome> {
    let code = session.employee.employee.code.clone();
    let operator = format!("portal {}", client.address);
    if session.stage == Stage::Full {
        match current_password(portal, &code, current, &operator).await? {
            Verdict::Valid { .. } | Verdict::SecondFactorRequired => {}
            Verdict::Wrong { .. } => {
                return Ok(Outcome::Refused(vec![
                    "cannot be set: the current password is not right".to_owned(),
                ]));
            }
            _ => {
                portal
                    .pool
                    .run(move |store| {
                        session::sign_out(store, &session, credential::now(), &operator)
                    })
                    .await?;
                return Ok(Outcome::Locked);
            }
        }
    }
    let changing = {
        let code = code.clone();
        portal
            .pool
            .read(move |conn| Changing::read(conn, &code))
            .await?
    };
    let (hashed, changing) = portal
        .hash(move || {
            let mut hasher = Hasher::new(portal.params.clone());
            let hashed = changing.hash(&new, &mut hasher, &portal.company);
            hashed.map(|hashed| (hashed, changing))
        })
        .await??;
    let limits = Limits::of(changing.policy());
    let require_2fa = changing.policy().policy.require_2fa;
    portal
        .pool
        .run(move |store| {
            let now = credential::now();
            let mut next = None;
            let change = changing.write(
                store,
                hashed,
                now,
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
        .await
}

/// The current password of a change by choice: a sign-in's check (`sign_in_once`, counted
/// and audited like one, with no session begun), tried again when the password changed while
/// it was hashed.
async fn current_password(
    portal: &'static Portal,
    code: &str,
    password: SecretString,
    operator: &str,
) -> anyhow::Result<Verdict> {
    let password = std::sync::Arc::new(password);
    for _ in 0..credential::SIGN_IN_TRIES {
        let code = code.to_owned();
        let name = move |_: &crate::store::db::Conn| Ok(code.clone());
        let no_session =
            |_: &crate::store::Tx<'_>, _: &Verdict, _: Option<&_>, _, _| Ok(None::<()>);
        match sign_in_once(portal, None, name, password.clone(), operator, no_session).await? {
            Tried::Judged(verdict, _) => return Ok(verdict),
            Tried::Changed { .. } => {}
        }
    }
    Err(credential::changed_too_often(code))
}
