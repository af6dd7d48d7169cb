//! Email templates: Jinja syntax (minijinja), versioned in the store, checked when set, and
//! rendered with an allowlist of variables, strict undefined, and HTML escaping in HTML parts.

pub use crate::model::{Template, TemplateKind};

use super::sandbox;
use crate::model::Employee;
use crate::store::{Store, audit, templates};
use anyhow::{Result, anyhow, bail};
use minijinja::{AutoEscape, Environment, UndefinedBehavior, context};
use serde::Serialize;
use std::collections::BTreeSet;

/// The template `send-password --regenerate` uses unless told otherwise.
pub const NEW_PASSWORD: &str = "new-password";
/// The template `send-password --existing` uses unless told otherwise.
pub const EXISTING_PASSWORD: &str = "existing-password";
/// The mail `hrpass forgot` sends: a new temporary password the employee asked for.
pub const FORGOT_PASSWORD: &str = "forgot-password";
/// The reminder `notify-expiring` sends unless told otherwise (a message: no password).
pub const EXPIRING_PASSWORD: &str = "expiring-password";
/// The mail `send-password --link` sends: a single-use link to set a password.
pub const ACTIVATION_LINK: &str = "activation-link";
/// The mail "forgot password" sends when it sends links.
pub const FORGOT_LINK: &str = "forgot-link";
/// The notice the portal sends once a link was used (a message: no password, no link).
pub const PASSWORD_SET: &str = "password-set";

/// The notice an employee gets when an hr-admin looked at their account (masquerade).
pub const MASQUERADE_NOTICE: &str = "masquerade-notice";

/// The names of the built-in templates.
pub const BUILTIN: &[&str] = &[
    NEW_PASSWORD,
    EXISTING_PASSWORD,
    FORGOT_PASSWORD,
    EXPIRING_PASSWORD,
    ACTIVATION_LINK,
    FORGOT_LINK,
    PASSWORD_SET,
    MASQUERADE_NOTICE,
];

/// Every variable a template may use.
pub const VARIABLES: &[&str] = &[
    "employee.code",
    "employee.first_name",
    "employee.last_name",
    "employee.full_name",
    "employee.email",
    "employee.department",
    "employee.job_title",
    "password",
    "link",
    "login_url",
    "change_url",
    "company",
    "expires_at",
    "operator",
    "reason",
];

/// The built-in templates.
pub fn builtin(name: &str) -> Option<Template> {
    let (kind, subject, text, html) = match name {
        NEW_PASSWORD => (
            TemplateKind::Password,
            "Your new {{ company }} portal password",
            include_str!("templates/new-password.txt"),
            include_str!("templates/new-password.html"),
        ),
        EXISTING_PASSWORD => (
            TemplateKind::Password,
            "Your {{ company }} portal password",
            include_str!("templates/existing-password.txt"),
            include_str!("templates/existing-password.html"),
        ),
        FORGOT_PASSWORD => (
            TemplateKind::Password,
            "Your new {{ company }} portal password (you asked for it)",
            include_str!("templates/forgot-password.txt"),
            include_str!("templates/forgot-password.html"),
        ),
        EXPIRING_PASSWORD => (
            TemplateKind::Message,
            "Your temporary {{ company }} portal password expires soon",
            include_str!("templates/expiring-password.txt"),
            include_str!("templates/expiring-password.html"),
        ),
        ACTIVATION_LINK => (
            TemplateKind::Link,
            "Set your {{ company }} portal password",
            include_str!("templates/activation-link.txt"),
            include_str!("templates/activation-link.html"),
        ),
        FORGOT_LINK => (
            TemplateKind::Link,
            "Set a new {{ company }} portal password (you asked for it)",
            include_str!("templates/forgot-link.txt"),
            include_str!("templates/forgot-link.html"),
        ),
        PASSWORD_SET => (
            TemplateKind::Message,
            "Your {{ company }} portal password was set",
            include_str!("templates/password-set.txt"),
            include_str!("templates/password-set.html"),
        ),
        MASQUERADE_NOTICE => (
            TemplateKind::Message,
            "HR looked at your {{ company }} portal account",
            include_str!("templates/masquerade-notice.txt"),
            include_str!("templates/masquerade-notice.html"),
        ),
        _ => return None,
    };
    Some(Template {
        name: name.to_owned(),
        version: 0,
        kind,
        subject: subject.to_owned(),
        text: text.to_owned(),
        html: Some(html.to_owned()),
    })
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(sandbox::FUEL));
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env
}

/// The parts of a template with the names that choose their escaping.
fn parts(t: &Template) -> Vec<(&'static str, &str)> {
    let mut parts = vec![
        ("subject", t.subject.as_str()),
        ("body.txt", t.text.as_str()),
    ];
    if let Some(html) = &t.html {
        parts.push(("body.html", html.as_str()));
    }
    parts
}

/// Every problem with a template: syntax, unknown variables, a body without the password,
/// a subject that spans lines.
pub fn problems(t: &Template) -> Vec<String> {
    let env = environment();
    let mut found = Vec::new();
    if t.subject.contains(['\r', '\n']) {
        found.push("the subject must be one line (no CR or LF)".to_owned());
    }
    for (part, source) in parts(t) {
        let bounds = sandbox::check_source(part, source);
        if !bounds.is_empty() {
            found.extend(bounds);
            continue;
        }
        let template = match env.template_from_named_str(part, source) {
            Ok(template) => template,
            Err(e) => {
                found.push(format!("{part}: {e}"));
                continue;
            }
        };
        let used: BTreeSet<String> = template.undeclared_variables(true).into_iter().collect();
        for name in &used {
            if !VARIABLES.contains(&name.as_str()) {
                found.push(format!(
                    "{part}: unknown variable {name:?} (known: {})",
                    VARIABLES.join(", ")
                ));
            }
        }
        for secret in ["password", "link"] {
            if part == "subject" && used.contains(secret) {
                found.push(format!(
                    "subject: must not use {{{{ {secret} }}}} (a subject shows in notifications, \
                     on lock screens and in mail server logs)"
                ));
            }
        }
        let body = part.starts_with("body");
        match t.kind {
            TemplateKind::Password if body && !used.contains("password") => {
                found.push(format!("{part}: does not use {{{{ password }}}}"));
            }
            TemplateKind::Link if body && !used.contains("link") => {
                found.push(format!("{part}: does not use {{{{ link }}}}"));
            }
            TemplateKind::Message | TemplateKind::Link
                if part != "subject" && used.contains("password") =>
            {
                found.push(format!(
                    "{part}: uses {{{{ password }}}}, but a {} template carries no password \
                     (send passwords with send-password and a password template)",
                    t.kind.as_str()
                ));
            }
            _ => {}
        }
        if t.kind != TemplateKind::Link && part != "subject" && used.contains("link") {
            found.push(format!(
                "{part}: uses {{{{ link }}}}, but only a link template carries one (send links \
                 with send-password --link and a link template)"
            ));
        }
    }
    found
}

/// What a rendered message says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

/// The values a message is rendered with.
pub struct Values<'a> {
    pub employee: &'a Employee,
    pub password: &'a str,
    /// The activation link a link template carries (empty for the other kinds).
    pub link: &'a str,
    pub login_url: &'a str,
    /// The portal's change-password page (`[portal] public_url` + `/change`), else
    /// `login_url`.
    pub change_url: &'a str,
    pub company: &'a str,
    pub expires_at: &'a str,
    pub operator: &'a str,
    /// Why the operator did what the message is about (a masquerade's reason); empty in
    /// every other message.
    pub reason: &'a str,
}

/// Renders every part of `t`, and checks that the text part carries the password or the
/// link (a condition or a filter could hide it, and the employee would get a mail without
/// it). An error never carries either: where the template put one into the message (an
/// `include` named after it, say), it is masked.
pub fn render(t: &Template, values: &Values<'_>) -> Result<Rendered> {
    let mask = |text: String| {
        let mut text = text;
        for (secret, shown) in [(values.password, "[password]"), (values.link, "[link]")] {
            if !secret.is_empty() {
                text = text.replace(secret, shown);
            }
        }
        text
    };
    let rendered = render_parts(t, values).map_err(|e| anyhow!(mask(e.to_string())))?;
    for (secret, what) in [(values.password, "password"), (values.link, "link")] {
        if !secret.is_empty() && !rendered.text.contains(secret) {
            bail!(
                "template {} version {}: the rendered text part does not carry the {what}",
                t.name,
                t.version
            );
        }
    }
    Ok(rendered)
}

/// Renders `t` once for a made-up employee and password: a template that fails for
/// everyone is refused before a send writes anything.
pub fn trial(t: &Template, login_url: &str, company: &str, operator: &str) -> Result<()> {
    let employee = Employee {
        code: "E-SAMPLE".into(),
        first_name: "Sample".into(),
        last_name: "Employee".into(),
        email: "sample.employee@example.com".into(),
        department: "Sample".into(),
        job_title: "Sample".into(),
        manager_code: None,
        status: crate::model::Status::Active,
        personal_email: None,
    };
    let mut sample = [0u8; 12];
    getrandom::fill(&mut sample).map_err(|e| anyhow!("the OS random source failed: {e}"))?;
    let password: String = sample.iter().map(|b| format!("{b:02x}")).collect();
    // Each kind is rendered as it will be: a message without any password, a link template
    // with a link and no password.
    let (password, link) = match t.kind {
        TemplateKind::Password => (password, String::new()),
        TemplateKind::Message => (String::new(), String::new()),
        TemplateKind::Link => (String::new(), format!("{login_url}/activate/{password}")),
    };
    render(
        t,
        &Values {
            employee: &employee,
            password: &password,
            link: &link,
            login_url,
            change_url: login_url,
            company,
            expires_at: "2026-01-01 00:00:00Z",
            operator,
            reason: "a sample reason",
        },
    )
    .map(drop)
}

/// The width plain-text mail is wrapped to (RFC 3676's advice for readable text).
const TEXT_WIDTH: usize = 72;

/// The plain-text part with its prose paragraphs wrapped evenly at `TEXT_WIDTH` columns:
/// whatever a template interpolated (a long company name, an address) no longer leaves one
/// line far longer than the next. A paragraph is reflowed only when it is plain prose: none
/// of its lines is indented, a list item or a "Label: value" line, and it does not hold the
/// password (which must reach the employee exactly as issued). Words are never broken, so a
/// long address stays whole on a line of its own.
fn wrap_text(text: &str, password: &str) -> String {
    let options = textwrap::Options::new(TEXT_WIDTH)
        .break_words(false)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .wrap_algorithm(textwrap::WrapAlgorithm::new_optimal_fit());
    let structured = |line: &str| {
        let trimmed = line.trim_start();
        let label = line
            .find(": ")
            .is_some_and(|at| at < 24 && !line[..at].contains(['.', ',']));
        line.len() != trimmed.len()
            || trimmed.starts_with(['-', '*', '•', '>'])
            || trimmed
                .split_once(". ")
                .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
            || label
            || (!password.is_empty() && line.contains(password))
    };
    let mut out = String::with_capacity(text.len() + text.len() / 32);
    let mut paragraph: Vec<&str> = Vec::new();
    let flush = |paragraph: &mut Vec<&str>, out: &mut String| {
        if paragraph.is_empty() {
            return;
        }
        let long = paragraph
            .iter()
            .any(|l| textwrap::core::display_width(l) > TEXT_WIDTH);
        if long && !paragraph.iter().any(|l| structured(l)) {
            out.push_str(&textwrap::fill(&paragraph.join(" "), &options));
            out.push('\n');
        } else {
            for line in paragraph.iter() {
                out.push_str(line);
                out.push('\n');
            }
        }
        paragraph.clear();
    };
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        if bare.trim().is_empty() {
            flush(&mut paragraph, &mut out);
            out.push_str(line);
        } else {
            paragraph.push(bare);
        }
    }
    flush(&mut paragraph, &mut out);
    // A text that did not end with a line break keeps ending without one.
    if !text.ends_with('\n') && out.ends_with('\n') {
        out.pop();
    }
    out
}

/// The values as a part sees them. In the HTML part the login URL is escaped for an
/// attribute by hand and marked safe: minijinja's HTML escaping writes `/` as `&#x2f;`,
/// which some mail clients leave in the link (`https:&#x2f;&#x2f;…`). The URL is checked when
/// the config is loaded (http or https, no spaces, quotes or angle brackets).
fn context_for(values: &Values<'_>, html: bool) -> minijinja::Value {
    let e = values.employee;
    let url = |url: &str| {
        if html {
            minijinja::Value::from_safe_string(attribute_escape(url))
        } else {
            minijinja::Value::from(url)
        }
    };
    let (login_url, link) = (url(values.login_url), url(values.link));
    let change_url = url(values.change_url);
    context! {
        employee => context! {
            code => &e.code,
            first_name => &e.first_name,
            last_name => &e.last_name,
            full_name => e.full_name(),
            email => &e.email,
            department => &e.department,
            job_title => &e.job_title,
        },
        password => values.password,
        link => link,
        login_url => login_url,
        change_url => change_url,
        company => values.company,
        expires_at => values.expires_at,
        operator => values.operator,
        reason => values.reason,
    }
}

/// `&`, `<`, `>` and both quotes as entities: safe inside a quoted attribute and as text.
fn attribute_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn render_parts(t: &Template, values: &Values<'_>) -> Result<Rendered> {
    let (plain, html) = (context_for(values, false), context_for(values, true));
    let env = environment();
    let mut out = Vec::new();
    for (part, source) in parts(t) {
        let name = format!("template {} version {}: {part}", t.name, t.version);
        if let Some(problem) = sandbox::check_source(part, source).into_iter().next() {
            bail!("{name}: {problem}");
        }
        let mut capped = sandbox::Capped::default();
        let rendered = env
            .template_from_named_str(part, source)
            .and_then(|template| {
                let ctx = if part.ends_with(".html") {
                    &html
                } else {
                    &plain
                };
                template.render_captured_to(ctx, &mut capped).map(drop)
            });
        if let Err(e) = rendered {
            if capped.overflowed {
                bail!(
                    "{name}: renders to more than {} KiB",
                    sandbox::MAX_RENDERED_BYTES / 1024
                );
            }
            if e.kind() == minijinja::ErrorKind::OutOfFuel {
                bail!("{name}: runs too long (more than {} steps)", sandbox::FUEL);
            }
            bail!("{name}: {e}");
        }
        out.push(String::from_utf8(capped.bytes).map_err(|_| anyhow!("{name}: not UTF-8"))?);
    }
    let subject = out.remove(0);
    if subject.contains(['\r', '\n']) {
        bail!("template {}: the rendered subject spans lines", t.name);
    }
    let chars = subject.chars().count();
    if chars > sandbox::MAX_SUBJECT_CHARS {
        bail!(
            "template {}: the rendered subject has {chars} characters; at most {}",
            t.name,
            sandbox::MAX_SUBJECT_CHARS
        );
    }
    // The link is kept whole like the password (a link template has no password).
    let secret = if values.password.is_empty() {
        values.link
    } else {
        values.password
    };
    let text = wrap_text(&out.remove(0), secret);
    Ok(Rendered {
        subject,
        text,
        html: out.pop(),
    })
}

/// The version in force for `name`: the newest stored, else the built-in one.
pub fn current(store: &Store, name: &str) -> Result<Template> {
    match templates::latest(store.conn(), name)? {
        Some(t) => Ok(t),
        None => builtin(name).ok_or_else(|| anyhow!("there is no template {name:?}")),
    }
}

/// A given version of `name` (0: the built-in one), as a delivery was rendered with; the
/// version in force when the delivery predates versions being kept.
pub fn version(store: &Store, name: &str, version: Option<i64>) -> Result<Template> {
    match version {
        None => current(store, name),
        Some(0) => builtin(name).ok_or_else(|| anyhow!("there is no built-in template {name:?}")),
        Some(v) => templates::get(store.conn(), name, v)?
            .ok_or_else(|| anyhow!("template {name:?} has no version {v}")),
    }
}

/// Every template name with the version in force.
pub fn list(store: &Store) -> Result<Vec<Template>> {
    let mut all = Vec::new();
    let mut names: BTreeSet<String> = BUILTIN.iter().map(|&n| n.to_owned()).collect();
    names.extend(templates::names(store.conn())?);
    for name in names {
        all.push(current(store, &name)?);
    }
    Ok(all)
}

/// Stores a new version of `name` after checking it; returns the version.
pub fn set(store: &mut Store, template: &Template, operator: &str) -> Result<i64> {
    let found = problems(template);
    if !found.is_empty() {
        bail!("the template is refused:\n  {}", found.join("\n  "));
    }
    // Rendered once with a made-up employee and password: a template that fails, runs too
    // long, grows too large or hides the password is refused now, not at every send.
    trial(
        template,
        "https://portal.example.com/login",
        "Example Corp",
        operator,
    )
    .map_err(|e| anyhow!("the template is refused: {e}"))?;
    let tx = store.write()?;
    let version = templates::insert(&tx, template, operator)?;
    audit::record(
        &tx,
        operator,
        "template.set",
        None,
        &format!("{} version {version}", template.name),
    )?;
    tx.commit()?;
    Ok(version)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    #[test]
    fn prose_is_wrapped_evenly_at_72_and_structure_and_the_password_are_left_alone() {
        let company = "The Very Long Name Of A Company With Several Subsidiaries GmbH & Co. KG";
        let text = format!(
            "Hello Zoë,\n\nhere is the password issued for your {company} portal account, sent \
             again.\n\n    Employee code: E7\n    Password:      pass word with spaces\n\n\
             Password: pass word with spaces and a very long tail that goes past seventy-two\n\n\
             - a list item that is long enough to pass the limit of seventy-two columns here\n\n\
             Sign in at https://portal.example.com/a/very/long/path/that/is/one/word/and/stays/whole \
             before the deadline.\n\n{company} HR\n"
        );
        let wrapped = wrap_text(&text, "pass word with spaces");
        for line in wrapped.lines() {
            let structured = line.starts_with(' ')
                || line.starts_with("Password:")
                || line.starts_with("- ")
                || line.starts_with("https://")
                || line == format!("{company} HR");
            assert!(
                line.chars().count() <= 72 || structured,
                "{line:?} in\n{wrapped}"
            );
        }
        // The prose paragraph was reflowed into lines of similar length.
        let prose: Vec<&str> = wrapped
            .lines()
            .skip(2)
            .take_while(|l| !l.is_empty())
            .collect();
        assert!(prose.len() >= 2, "{wrapped}");
        assert!(prose.iter().all(|l| l.chars().count() > 30), "{prose:?}");
        // What must reach the employee exactly as written did.
        assert!(wrapped.contains("    Password:      pass word with spaces\n"));
        assert!(wrapped.contains(
            "Password: pass word with spaces and a very long tail that goes past seventy-two\n"
        ));
        assert!(wrapped.contains(
            "- a list item that is long enough to pass the limit of seventy-two columns here\n"
        ));
        assert!(wrapped.contains("https://portal.example.com/a/very/long/path/that/is/one/word"));
        // Short paragraphs keep the template's own line breaks, and the end stays as it was.
        assert_eq!(wrap_text("a\nb\n", ""), "a\nb\n");
        assert_eq!(wrap_text("a\nb", ""), "a\nb");
    }

    fn employee() -> Employee {
        Employee {
            code: "E7".into(),
            first_name: "Zoë".into(),
            last_name: "O'Brien".into(),
            email: "zoe@example.com".into(),
            department: String::new(),
            job_title: String::new(),
            manager_code: None,
            status: Status::Active,
            personal_email: None,
        }
    }

    fn values<'a>(e: &'a Employee, password: &'a str) -> Values<'a> {
        Values {
            employee: e,
            password,
            link: "",
            login_url: "https://portal.example.com/login",
            change_url: "https://portal.example.com/change",
            company: "Example Corp",
            expires_at: "2026-11-30 09:00Z",
            operator: "hr",
            reason: "",
        }
    }

    #[test]
    fn the_builtin_templates_pass_their_own_checks() {
        for &name in BUILTIN {
            assert_eq!(
                problems(&builtin(name).unwrap()),
                Vec::<String>::new(),
                "{name}"
            );
        }
    }

    #[test]
    fn html_parts_escape_and_text_parts_keep_the_password_intact() {
        let e = employee();
        let rendered = render(&builtin(NEW_PASSWORD).unwrap(), &values(&e, "a<b&c\"d'e")).unwrap();
        assert!(rendered.text.contains("a<b&c\"d'e"), "{}", rendered.text);
        let html = rendered.html.unwrap();
        assert!(html.contains("a&lt;b&amp;c&quot;d&#x27;e"), "{html}");
        assert_eq!(rendered.subject, "Your new Example Corp portal password");
    }

    /// The link's href is the URL as written, not `https:&#x2f;&#x2f;…` (issue 10); the text
    /// part has it raw, and a quote could not leave the attribute.
    #[test]
    fn the_login_link_is_a_plain_url_in_html_and_raw_in_text() {
        let e = employee();
        let mut v = values(&e, "pw-Secret-42");
        v.login_url = "https://portal.acme.test/login?next=/home&lang=de";
        let rendered = render(&builtin(NEW_PASSWORD).unwrap(), &v).unwrap();
        let html = rendered.html.unwrap();
        assert!(
            html.contains(r#"<a href="https://portal.acme.test/login?next=/home&amp;lang=de">"#),
            "{html}"
        );
        assert!(!html.contains("&#x2f;"), "{html}");
        assert!(
            rendered
                .text
                .contains("https://portal.acme.test/login?next=/home&lang=de"),
            "{}",
            rendered.text
        );
        assert_eq!(
            attribute_escape(r#"x" onclick="y"#),
            "x&quot; onclick=&quot;y"
        );
    }

    /// A bulk send of existing passwords does not claim anyone asked for it (issue 10).
    #[test]
    fn the_existing_password_mail_does_not_say_as_requested() {
        let e = employee();
        let rendered = render(
            &builtin(EXISTING_PASSWORD).unwrap(),
            &values(&e, "pw-Secret-42"),
        )
        .unwrap();
        for part in [&rendered.text, rendered.html.as_ref().unwrap()] {
            // The text part is wrapped at 72 columns: a phrase may span a line break.
            let words = part.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(!words.contains("as requested"), "{part}");
            assert!(words.contains("sent again"), "{part}");
        }
    }

    #[test]
    fn unknown_variables_a_missing_password_and_a_two_line_subject_are_refused() {
        let t = Template {
            name: "x".into(),
            version: 0,
            kind: TemplateKind::Password,
            subject: "Hi\nBcc: all@example.com".into(),
            text: "Hello {{ employee.salary }}".into(),
            html: Some("{{ password }} {% if %}".into()),
        };
        let found = problems(&t).join("\n");
        assert!(found.contains("subject must be one line"), "{found}");
        assert!(
            found.contains("unknown variable \"employee.salary\""),
            "{found}"
        );
        assert!(
            found.contains("body.txt: does not use {{ password }}"),
            "{found}"
        );
        assert!(found.contains("body.html:"), "{found}");
        let in_subject = Template {
            subject: "Your password: {{ password }}".into(),
            ..builtin(NEW_PASSWORD).unwrap()
        };
        let found = problems(&in_subject).join("\n");
        assert!(
            found.contains("subject: must not use {{ password }}"),
            "{found}"
        );
    }

    #[test]
    fn strict_undefined_makes_a_missing_value_an_error() {
        let t = Template {
            name: "x".into(),
            version: 3,
            kind: TemplateKind::Password,
            subject: "s".into(),
            text: "{{ password }} {{ nonsense.deep }}".into(),
            html: None,
        };
        let e = employee();
        assert!(render(&t, &values(&e, "pw")).is_err());
    }

    #[test]
    fn the_deepest_source_the_bounds_allow_parses_on_a_small_stack() {
        // Test threads have 2 MiB of stack; a quarter of that is plenty for what the
        // source bounds let through.
        let worst = [
            format!("{{{{ {}password }}}}", "not ".repeat(120)),
            format!("{{{{ {}1 }}}}", "- ".repeat(250)),
            format!("{{{{ {}password{} }}}}", "(".repeat(16), ")".repeat(16)),
            format!(
                "{}{{{{ password }}}}{}",
                "{% if true %}".repeat(16),
                "{% endif %}".repeat(16)
            ),
        ];
        std::thread::Builder::new()
            .stack_size(512 * 1024)
            .spawn(move || {
                for body in worst {
                    // Within the bounds, so the parser really runs on it.
                    assert!(
                        sandbox::check_source("body.txt", &body).is_empty(),
                        "{body}"
                    );
                    let t = Template {
                        name: "deep".into(),
                        version: 1,
                        kind: TemplateKind::Password,
                        subject: "s".into(),
                        text: body,
                        html: None,
                    };
                    let _ = problems(&t);
                }
            })
            .unwrap()
            .join()
            .expect("parsed without overflowing the stack");
    }
}
