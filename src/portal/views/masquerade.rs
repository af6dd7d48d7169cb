//! `GET /masquerade/TOKEN`: an hr-admin opens the one-time URL of `hrpass operator
//! masquerade` and gets a read-only session as the employee (`credential::masquerade`).

use super::{Portal, internal, with_session_cookie};
use crate::credential::session::Token;
use crate::credential::{self, masquerade};
use crate::portal::web::{self, Peer};
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

/// The one answer for every URL that does not open.
fn gone(portal: &Portal) -> Response {
    portal.pages.message(
        StatusCode::GONE,
        "This look can no longer be opened",
        "Each opens once, within five minutes. Run `hrpass operator masquerade` again.",
        ("/signin", "Sign in"),
    )
}

pub async fn open(
    State(portal): State<&'static Portal>,
    Extension(Peer(peer)): Extension<Peer>,
    Path(raw): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(token) = Token::parse(&raw) else {
        return gone(portal);
    };
    let client = web::client(portal, peer.ip(), &headers);
    let opened = portal
        .pool
        .run(move |store| masquerade::open(store, &token, &client, credential::now()))
        .await;
    match opened {
        Ok(Some(opened)) => {
            let settings = portal.settings.clone();
            let code = opened.employee.employee.code.clone();
            let look = opened.look.clone();
            // The employee is told by mail; the page does not wait for the mail server.
            tokio::task::spawn_blocking(move || {
                let mut ctx = crate::context::Ctx::new(settings);
                crate::commands::notice::masqueraded(&mut ctx, &code, &look, credential::now());
            });
            with_session_cookie(portal, web::see_other("/account"), Some(&opened.session))
        }
        Ok(None) => gone(portal),
        Err(e) => internal(portal, "opening a look", &e),
    }
}
