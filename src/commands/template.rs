//! `hrpass template list|show|set|edit|preview`: the email templates.

use crate::context::Ctx;
use crate::delivery::template::{self, Template, Values};
use crate::model::{Employee, Status};
use crate::output::{Format, TableRow, print_list, print_result};
use crate::store::{employees, templates};
use anyhow::{Context, Result, bail};
use clap::{Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum TemplateCommand {
    /// The templates and the version of each in force
    List,
    /// Print a template (the version in force, or an older one)
    Show {
        /// The template's name (new-password, existing-password, or one you set)
        name: String,
        #[arg(long, value_name = "N")]
        version: Option<i64>,
    },
    /// Store a new version from files; a password template is refused if it lacks
    /// {{ password }}, a link template if it lacks {{ link }}, a message template if it uses
    /// either, any of them if it uses an unknown variable
    Set {
        /// The template's name (new-password, existing-password, expiring-password,
        /// activation-link, password-set, or a new one)
        name: String,
        /// password (for send-password), link (for send-password --link) or message (for
        /// send-email and notify-expiring; neither); default: the kind the name already has,
        /// else password
        #[arg(long, value_enum)]
        kind: Option<crate::model::TemplateKind>,
        /// The subject line (a template too; one line, at most 200 characters rendered)
        #[arg(long)]
        subject: String,
        /// The plain-text part
        #[arg(long, value_name = "FILE")]
        text: PathBuf,
        /// The HTML part (values are HTML-escaped in it)
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
    },
    /// Edit one part in $EDITOR and store the result as a new version
    Edit {
        /// The template's name
        name: String,
        /// Which part to edit
        #[arg(long, value_enum, default_value = "text")]
        part: Part,
    },
    /// Render a template with the password masked
    Preview {
        /// The template's name
        name: String,
        /// Render for this employee (default: a sample one)
        #[arg(long, value_name = "CODE")]
        employee: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Part {
    Subject,
    Text,
    Html,
}

impl TableRow for Template {
    fn csv_header() -> Vec<&'static str> {
        vec!["name", "version", "kind", "subject", "text", "html"]
    }

    fn header() -> Vec<&'static str> {
        vec!["name", "version", "kind", "subject", "html"]
    }

    fn cells(&self) -> Vec<String> {
        let version = match self.version {
            0 => "0 (built-in)".to_owned(),
            n => n.to_string(),
        };
        let html = if self.html.is_some() { "yes" } else { "no" };
        vec![
            self.name.clone(),
            version,
            self.kind.as_str().to_owned(),
            self.subject.clone(),
            html.to_owned(),
        ]
    }
}

/// What previews show instead of a password.
const MASK: &str = "••••••••••••••••••••";

pub fn run(command: TemplateCommand, ctx: &mut Ctx) -> Result<()> {
    match command {
        TemplateCommand::List => {
            let all = template::list(ctx.store()?)?;
            print_list(ctx.settings.format, &all)
        }
        TemplateCommand::Show { name, version } => {
            let store = ctx.store()?;
            let t = match version {
                Some(v) => templates::get(store.conn(), &name, v)?
                    .with_context(|| format!("template {name:?} has no version {v}"))?,
                None => template::current(store, &name)?,
            };
            let text = format!(
                "{} version {}\nSubject: {}\n\n--- text ---\n{}\n--- html ---\n{}",
                t.name,
                t.version,
                t.subject,
                t.text.trim_end(),
                t.html.as_deref().unwrap_or("(none)").trim_end()
            );
            print_result(ctx.settings.format, &t, &text)
        }
        TemplateCommand::Set {
            name,
            kind,
            subject,
            text,
            html,
        } => {
            let kind = match kind {
                Some(kind) => kind,
                None => template::current(ctx.store()?, &name)
                    .map(|t| t.kind)
                    .unwrap_or_default(),
            };
            let read = |path: &PathBuf| {
                std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read {}", path.display()))
            };
            let t = Template {
                name,
                version: 0,
                kind,
                subject,
                text: read(&text)?,
                html: html.as_ref().map(read).transpose()?,
            };
            save(ctx, &t)
        }
        TemplateCommand::Edit { name, part } => {
            let mut t = template::current(ctx.store()?, &name)?;
            let slot = match part {
                Part::Subject => &mut t.subject,
                Part::Text => &mut t.text,
                Part::Html => t.html.get_or_insert_with(String::new),
            };
            let edited = edit(slot)?;
            if edited == *slot {
                ctx.status("No change; nothing stored.");
                return Ok(());
            }
            *slot = match part {
                Part::Subject => edited.trim_end_matches(['\n', '\r']).to_owned(),
                _ => edited,
            };
            save(ctx, &t)
        }
        TemplateCommand::Preview { name, employee } => {
            let config = ctx.config()?.clone();
            let store = ctx.store()?;
            let t = template::current(store, &name)?;
            let sample;
            let e = match employee {
                Some(code) => {
                    sample = employees::find(store.conn(), &code)?
                        .with_context(|| format!("no employee has code {code:?}"))?
                        .employee;
                    &sample
                }
                None => {
                    sample = Employee {
                        code: "E0000".into(),
                        first_name: "Sam".into(),
                        last_name: "Sample".into(),
                        email: "sam.sample@example.com".into(),
                        department: "Operations".into(),
                        job_title: "Analyst".into(),
                        manager_code: None,
                        status: Status::Active,
                        personal_email: None,
                    };
                    &sample
                }
            };
            let zone = config.portal.time_zone()?;
            let expires = crate::text::local_time(crate::credential::now() + 72 * 3600, &zone);
            // Each kind as it will be sent: a password, a link, or neither.
            let base = config.portal.public_url.as_deref();
            let base = base
                .unwrap_or(&config.portal.login_url)
                .trim_end_matches('/');
            let link = format!("{base}/activate/{MASK}");
            let (password, link) = match t.kind {
                template::TemplateKind::Password => (MASK, ""),
                template::TemplateKind::Message => ("", ""),
                template::TemplateKind::Link => ("", link.as_str()),
            };
            let rendered = template::render(
                &t,
                &Values {
                    employee: e,
                    password,
                    link,
                    login_url: &config.portal.login_url,
                    change_url: &config.portal.change_url(),
                    company: &config.portal.company,
                    expires_at: &expires,
                    operator: &ctx.operator,
                    reason: "checking a sign-in problem you reported",
                },
            )?;
            let text = format!(
                "To: {} <{}>\nSubject: {}\n\n{}\n--- html ---\n{}",
                e.full_name(),
                e.email,
                rendered.subject,
                rendered.text.trim_end(),
                rendered.html.as_deref().unwrap_or("(none)").trim_end()
            );
            match ctx.settings.format {
                Format::Json => print_result(Format::Json, &rendered, ""),
                _ => print_result(Format::Table, &rendered, &text),
            }
        }
    }
}

fn save(ctx: &mut Ctx, t: &Template) -> Result<()> {
    let operator = ctx.operator.clone();
    let version = template::set(ctx.store()?, t, &operator)?;
    let stored = Template {
        version,
        ..t.clone()
    };
    print_result(
        ctx.settings.format,
        &stored,
        &format!("Template {} version {version} is now in force.", t.name),
    )
}

/// Opens `current` in $VISUAL or $EDITOR (default vi) and returns what was saved.
fn edit(current: &str) -> Result<String> {
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".to_owned());
    let dir = std::env::temp_dir().join(format!("hrpass-template-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("template.txt");
    std::fs::write(&path, current)?;
    // The editor line may carry arguments ("code --wait"), so the shell runs it.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(&path)
        .status()
        .with_context(|| format!("cannot start the editor {editor:?}"))?;
    let edited = std::fs::read_to_string(&path);
    let _ = std::fs::remove_dir_all(&dir);
    if !status.success() {
        bail!("the editor {editor:?} failed ({status}); nothing stored");
    }
    Ok(edited?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_csv_header_is_the_same_empty_or_not() {
        let mut csv = crate::text::SafeCsv::new(Vec::new());
        csv.serialize(&template::builtin(template::NEW_PASSWORD).unwrap())
            .unwrap();
        let text = String::from_utf8(csv.finish().unwrap()).unwrap();
        assert_eq!(
            text.lines().next().unwrap(),
            Template::csv_header().join(",")
        );
    }
}
