//! `/activate/TOKEN`: the page an activation link opens (`send-password --link`). The
//! employee chooses their password there with the same checks as `passwd` and the portal's
//! change (`credential::link::Activating`: the link used up in the change's own
//! transaction, so two browsers on one link set exactly one password). A link that cannot be used, whatever the reason (unknown,
//! not delivered yet, used, replaced, cancelled, expired, the employee gone), answers one
//! page. The token is never logged: errors carry no part of the path.

use super::{Portal, busy, check_post, internal, page_of, with_session_cookie};
use crate::credential;
use crate::credential::link::{self, Activated, Activating, LinkToken, Setting};
use crate::credential::session::{self, Stage};
use crate::model::StoredEmployee;
use crate::portal::web::{self, Peer};
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
    let Ok(pass) = portal.gate.enter().await else {
        return busy(portal);
    };
    let client = web::client(portal, peer.ip(), &headers);
    // Spawned, with its place at the gate: a client that goes away cannot stop the setting
    // between its hash and its write.
    let secret = token.secret().clone();
    let outcome = tokio::spawn(async move {
        let outcome = activate(portal, secret, f.new, client).await;
        drop(pass);
        outcome
    })
    .await
    .unwrap_or_else(|e| Err(anyhow::anyhow!("setting the password failed: {e}")));
    if let Ok(Activated::Set { link_id, .. }) = &outcome {
        notify(
            portal,
            &employee.employee.code,
            *link_id,
            peer.ip(),
            &headers,
        );
    }
    match outcome {
        Ok(Activated::Set {
            session: Some((stage, session)),
            ..
        }) => {
            let to = match stage {
                Stage::Full => "/account?changed=1",
                stage => page_of(stage),
            };
            with_session_cookie(portal, web::see_other(to), Some(&session))
        }
        Ok(Activated::Set { session: None, .. }) => web::see_other("/signin?set=1"),
        Ok(Activated::Refused(reasons)) => {
            form(portal, StatusCode::OK, &token, &employee, &rules, &reasons)
        }
        Ok(Activated::Gone) => gone(portal),
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

/// The password set with the link past the gate, in `Activating`'s steps: a store connection
/// held only to read and to write, none while the hashing thread works.
async fn activate(
    portal: &'static Portal,
    secret: SecretString,
    new: SecretString,
    client: session::Client,
) -> anyhow::Result<Activated> {
    let operator = format!("portal {}", client.address);
    let now = credential::now();
    let Some(activating) = portal
        .pool
        .read(move |conn| Activating::read(conn, &LinkToken::from_secret(secret.clone()), now))
        .await?
    else {
        return Ok(Activated::Gone);
    };
    let (hashed, activating) = {
        let (client, operator) = (client.clone(), operator.clone());
        portal
            .hash(move || {
                let hashed = activating.hash(&new, &setting(portal, now, &client, &operator));
                hashed.map(|hashed| (hashed, activating))
            })
            .await??
    };
    portal
        .pool
        .run(move |store| {
            activating.write(store, hashed, &setting(portal, now, &client, &operator))
        })
        .await
}

fn setting<'a>(
    portal: &'a Portal,
    now: i64,
    client: &'a session::Client,
    operator: &'a str,
) -> Setting<'a> {
    Setting {
        now,
        params: &portal.params,
        company: &portal.company,
        client,
        operator,
    }
}
