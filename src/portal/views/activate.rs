//! `/activate/TOKEN`: the page an activation link opens (`send-password --link`). The
//! employee chooses their password there with the same checks as `passwd` and the portal's
//! change; the link is used up in the same transaction as the change, so two browsers on one
//! link set exactly one password. A link that cannot be used, whatever the reason (unknown,
//! not delivered yet, used, replaced, cancelled, expired, the employee gone), answers one
//! page. The token is never logged: errors carry no part of the path.

use super::{Portal, busy, check_post, internal, page_of, with_session_cookie};
use crate::credential::link::{self, LinkToken};
use crate::credential::session::{self, Limits, Stage};
use crate::credential::{self, Change, Hasher, Within};
use crate::model::StoredEmployee;
use crate::portal::web::{self, Peer};
use crate::store::{Tx, audit, factors, links};
use axum::extract::{Extension, Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// The one answer for every link that cannot be used.
fn gone(portal: &Portal) -> Response {
    portal.pages.message(
        StatusCode::GONE,
        "This link can no longer be used",
        "It was used already, it expired, or a newer mail replaced it. Sign in with your \
         password, use \"Forgot your password?\", or ask HR for a new link.",
        ("/signin", "Sign in"),
    )
}

fn form(
    portal: &Portal,
    status: StatusCode,
    token: &LinkToken,
    employee: &StoredEmployee,
    rules: &[String],
    reasons: &[String],
) -> Response {
    portal.pages.render(
        status,
        "activate.html",
        "Set your password",
        minijinja::context! {
            csrf => token.form_token(),
            action => format!("/activate/{}", token.secret().expose_secret()),
            name => &employee.employee.first_name,
            username => &employee.employee.code,
            rules => minijinja::Value::from(minijinja::value::Serde(rules)),
            reasons => minijinja::Value::from(minijinja::value::Serde(reasons)),
        },
    )
}

/// The link's employee and the policy's rules, if the link can be used now.
async fn open(
    portal: &'static Portal,
    raw: &str,
) -> anyhow::Result<Option<(LinkToken, StoredEmployee, Vec<String>)>> {
    let Some(token) = LinkToken::parse(raw) else {
        return Ok(None);
    };
    let secret = token.secret().clone();
    let found = portal
        .pool
        .run(move |store| {
            let token = LinkToken::from_secret(secret);
            let found = link::usable(store.conn(), &token, credential::now())?;
            let rules = crate::policy::current(store.conn())?.policy.rules();
            Ok(found.map(|(_, employee)| (employee, rules)))
        })
        .await?;
    Ok(found.map(|(employee, rules)| (token, employee, rules)))
}

pub async fn page(State(portal): State<&'static Portal>, Path(raw): Path<String>) -> Response {
    match open(portal, &raw).await {
        Ok(Some((token, employee, rules))) => {
            form(portal, StatusCode::OK, &token, &employee, &rules, &[])
        }
        Ok(None) => gone(portal),
        Err(e) => internal(portal, "the activation page", &e),
    }
}

#[derive(Deserialize)]
pub struct ActivateForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    new: SecretString,
    #[serde(default)]
    again: SecretString,
}

/// What a submitted password came to.
enum Outcome {
    /// Set with link `.1`; the employee is signed in (`Some`) or must sign in with their
    /// code (`None`).
    Set(Option<(Stage, session::Token)>, i64),
    Refused(Vec<String>),
    /// The link was used, voided or ran out meanwhile.
    Gone,
}

pub async fn submit(
    State(portal): State<&'static Portal>,
    Extension(Peer(peer)): Extension<Peer>,
    Path(raw): Path<String>,
    headers: HeaderMap,
    Form(f): Form<ActivateForm>,
) -> Response {
    let (token, employee, rules) = match open(portal, &raw).await {
        Ok(Some(found)) => found,
        Ok(None) => return gone(portal),
        Err(e) => return internal(portal, "the activation page", &e),
    };
    if let Err(refusal) = check_post(portal, &headers, &f.csrf, &token.form_token()) {
        return refusal;
    }
    if f.new.expose_secret() != f.again.expose_secret() {
        let reasons = ["does not match the one typed again below it".to_owned()];
        return form(portal, StatusCode::OK, &token, &employee, &rules, &reasons);
    }
    let Ok(_pass) = portal.gate.enter().await else {
        return busy(portal);
    };
    let client = web::client(portal, peer.ip(), &headers);
    let hash = token.hash();
    let who = employee.clone();
    let outcome = portal
        .pool
        .run(move |store| {
            let now = credential::now();
            let operator = format!("portal {}", client.address);
            let Some((link, _)) = link::usable(store.conn(), &token, now)? else {
                return Ok(Outcome::Gone);
            };
            let policy = crate::policy::current(store.conn())?;
            let limits = Limits::of(&policy);
            let require_2fa = policy.policy.require_2fa;
            let mut hasher = Hasher::new(portal.params.clone());
            let mut signed_in = None;
            let change = credential::change_then(
                store,
                &who.employee.code,
                &f.new,
                now,
                &mut hasher,
                &portal.company,
                &operator,
                Within {
                    // Used up here, under the write lock, before the change voids the
                    // employee's links: of two browsers on one link, one gets this.
                    expects: |tx: &Tx<'_>| {
                        Ok(links::by_hash(tx, &hash)?.is_some_and(|l| l.id == link.id)
                            && links::use_up(tx, link.id, now)?)
                    },
                    then: |tx: &Tx<'_>, credential_id| {
                        audit::record(
                            tx,
                            &operator,
                            "link.used",
                            Some(&who.employee.code),
                            &format!("link {}", link.id),
                        )?;
                        // A link proves the mailbox, not the second factor: an employee who
                        // has one signs in with it.
                        if factors::active(tx, who.id)?.is_some() {
                            return Ok(());
                        }
                        let stage = Stage::after_sign_in(false, require_2fa);
                        let token =
                            session::begin(tx, who.id, credential_id, stage, now, limits, &client)?;
                        signed_in = Some((stage, token));
                        Ok(())
                    },
                },
            )?;
            Ok(match change {
                Some(Change::Changed { .. }) => Outcome::Set(signed_in, link.id),
                Some(Change::Refused { reasons }) => Outcome::Refused(reasons),
                None => Outcome::Gone,
            })
        })
        .await;
    drop(_pass);
    if let Ok(Outcome::Set(_, link_id)) = &outcome {
        notify(
            portal,
            &employee.employee.code,
            *link_id,
            peer.ip(),
            &headers,
        );
    }
    match outcome {
        Ok(Outcome::Set(Some((stage, session)), _)) => {
            let to = match stage {
                Stage::Full => "/account?changed=1",
                stage => page_of(stage),
            };
            with_session_cookie(portal, web::see_other(to), Some(&session))
        }
        Ok(Outcome::Set(None, _)) => web::see_other("/signin?set=1"),
        Ok(Outcome::Refused(reasons)) => {
            let token = LinkToken::parse(&raw).expect("parsed before");
            form(portal, StatusCode::OK, &token, &employee, &rules, &reasons)
        }
        Ok(Outcome::Gone) => gone(portal),
        Err(e) => internal(portal, "setting a password with a link", &e),
    }
}

/// Mails the employee that their password was set, on a blocking task of its own: the answer
/// does not wait for the mail server.
fn notify(portal: &Portal, code: &str, link_id: i64, peer: std::net::IpAddr, headers: &HeaderMap) {
    let settings = portal.settings.clone();
    let address = web::client_address(portal, peer, headers).to_string();
    let code = code.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut ctx = crate::context::Ctx::new(settings);
        ctx.operator = format!("portal {address}");
        crate::commands::notice::password_set(&mut ctx, &code, link_id, credential::now());
    });
}
