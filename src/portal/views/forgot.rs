//! Forgot password: the same request as `hrpass forgot` (the same limits, the same one
//! answer whoever it names), answered before the mail goes, so the time taken tells nothing
//! either. The new password then goes through the outbox exactly as the CLI sends it.

use super::{Portal, busy, internal, visitor, visitor_post, with_visitor};
use crate::credential::{self, forgot, session};
use crate::portal::web::{self, Peer};
use axum::extract::{Extension, Form, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

fn render(portal: &Portal, visitor: &str, new: bool, answer: Option<&str>) -> Response {
    let response = portal.pages.render(
        StatusCode::OK,
        "forgot.html",
        "Forgot password",
        minijinja::context! {
            csrf => session::visitor_form_token(visitor),
            answer => answer,
        },
    );
    with_visitor(portal, response, visitor, new)
}

pub async fn page(State(portal): State<&'static Portal>, headers: HeaderMap) -> Response {
    match visitor(portal, &headers) {
        Ok((visitor, new)) => render(portal, &visitor, new, None),
        Err(e) => internal(portal, "the forgot page", &e),
    }
}

#[derive(Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    who: String,
}

pub async fn submit(
    State(portal): State<&'static Portal>,
    Extension(Peer(peer)): Extension<Peer>,
    headers: HeaderMap,
    Form(f): Form<ForgotForm>,
) -> Response {
    let (visitor, new) = match visitor_post(portal, &headers, &f.csrf) {
        Ok(v) => v,
        Err(refusal) => return refusal,
    };
    // A place among the forgot requests at work, held until its mail is sent; none free
    // and the queue full, the answer is "busy" at once.
    let Ok(pass) = portal.forgetting.enter().await else {
        return busy(portal);
    };
    let address = web::client_address(portal, peer.ip(), &headers).to_string();
    let settings = portal.settings.clone();
    // One blocking task decides the request, says so, and then sends the mail on its own:
    // the answer does not wait for the mail server.
    let (decided, answer) = tokio::sync::oneshot::channel::<anyhow::Result<&'static str>>();
    tokio::task::spawn_blocking(move || {
        let _pass = pass;
        // The tests' slow request (`FAILPOINTS=portal-forgot=sleep(MS)`): the places stay
        // taken that long, so the queue can be filled on purpose.
        #[cfg(feature = "failpoints")]
        fail::eval("portal-forgot", |_| ());
        let mut ctx = crate::context::Ctx::new(settings);
        ctx.operator = format!("portal {address}");
        let now = credential::now();
        let operator = ctx.operator.clone();
        let ready = crate::commands::forgot::prepare(&mut ctx);
        let outcome = ready.and_then(|ready| {
            let outcome = forgot::request(ctx.store()?, &f.who, now, &operator)?;
            Ok((ready, outcome))
        });
        match outcome {
            Ok((ready, outcome)) => {
                let _ = decided.send(Ok(ready.answer()));
                crate::commands::forgot::deliver(
                    &mut ctx,
                    &ready,
                    outcome,
                    now,
                    Some(&portal.hashers),
                );
            }
            Err(e) => {
                let _ = decided.send(Err(e));
            }
        }
    });
    let said = match answer.await {
        Ok(Ok(said)) => said,
        Ok(Err(e)) => return internal(portal, "forgot", &e),
        Err(_) => return internal(portal, "forgot", &anyhow::anyhow!("the request was lost")),
    };
    render(portal, &visitor, new, Some(said))
}
