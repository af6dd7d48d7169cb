//! The portal's pages: minijinja templates embedded in the binary (HTML-escaped by their
//! `.html` names), each page rendered into the one layout. Bounded like the mail templates:
//! fuel caps every render.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use minijinja::{Environment, Value};

/// Every page, by name, with its source.
const PAGES: &[(&str, &str)] = &[
    ("layout.html", include_str!("templates/layout.html")),
    ("signin.html", include_str!("templates/signin.html")),
    ("code.html", include_str!("templates/code.html")),
    ("change.html", include_str!("templates/change.html")),
    ("activate.html", include_str!("templates/activate.html")),
    ("enroll.html", include_str!("templates/enroll.html")),
    ("recovery.html", include_str!("templates/recovery.html")),
    ("account.html", include_str!("templates/account.html")),
    ("forgot.html", include_str!("templates/forgot.html")),
    ("message.html", include_str!("templates/message.html")),
];

/// The style sheet, served at `/static/portal.css`.
pub const CSS: &str = include_str!("templates/portal.css");

pub struct Pages {
    env: Environment<'static>,
    company: String,
}

impl Pages {
    pub fn new(company: &str) -> anyhow::Result<Pages> {
        let mut env = Environment::new();
        env.set_fuel(Some(200_000));
        for (name, source) in PAGES {
            env.add_template(name, source)
                .map_err(|e| anyhow::anyhow!("portal page {name}: {e}"))?;
        }
        Ok(Pages {
            env,
            company: company.to_owned(),
        })
    }

    /// A page: `name` rendered with `context`, inside the layout, with `status`.
    pub fn render(&self, status: StatusCode, name: &str, title: &str, context: Value) -> Response {
        match self.html(name, title, context) {
            Ok(html) => (
                status,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                html,
            )
                .into_response(),
            Err(e) => {
                // The error names the template and line, never the values.
                eprintln!("portal: page {name} failed to render: {e}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the page could not be shown",
                )
                    .into_response()
            }
        }
    }

    fn html(&self, name: &str, title: &str, context: Value) -> anyhow::Result<String> {
        // A page of an hr-admin's look at an account (`look` in its context) carries the
        // banner that says so.
        let look = context.get_attr("look").unwrap_or_default();
        let body = self.env.get_template(name)?.render(context)?;
        let page = self
            .env
            .get_template("layout.html")?
            .render(minijinja::context! {
                title => title,
                company => &self.company,
                look => look,
                body => Value::from_safe_string(body),
            })?;
        Ok(page)
    }

    /// A page that says one thing, with a link onwards.
    pub fn message(
        &self,
        status: StatusCode,
        title: &str,
        text: &str,
        link: (&str, &str),
    ) -> Response {
        self.render(
            status,
            "message.html",
            title,
            minijinja::context! { title => title, text => text, href => link.0, link => link.1 },
        )
    }
}
