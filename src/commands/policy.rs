//! `hrpass policy show|set|history|check`: the password policy, versioned.

use crate::context::Ctx;
use crate::error::Failure;
use crate::model::PasswordPolicy;
use crate::output::{Format, TableRow, print_list, print_record, print_result};
use crate::policy::{self, Context, VersionedPolicy};
use crate::store::{employees, policies};
use anyhow::{Context as _, Result};
use clap::{Args, Subcommand};
use secrecy::ExposeSecret;
use serde::Serialize;

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Show the policy in force (or an older version)
    Show {
        #[arg(long, value_name = "N")]
        version: Option<i64>,
    },
    /// Change settings: makes a new version; contradictions are refused
    Set(SetArgs),
    /// Every version, who made it and when
    History,
    /// Check a password from stdin against the policy (exit 1 with every broken rule)
    Check {
        /// Also refuse this employee's own names, email and code
        #[arg(long, value_name = "CODE")]
        employee: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct SetArgs {
    /// The fewest characters a password may have (at least 8)
    #[arg(long, value_name = "N")]
    pub min_length: Option<u32>,
    /// The most characters a password may have (at least 64)
    #[arg(long, value_name = "N")]
    pub max_length: Option<u32>,
    /// Length of generated passwords
    #[arg(long, value_name = "N")]
    pub generated_length: Option<u32>,
    /// An employee's own password must have an upper-case letter
    #[arg(long, value_name = "BOOL")]
    pub require_upper: Option<bool>,
    /// … a lower-case letter
    #[arg(long, value_name = "BOOL")]
    pub require_lower: Option<bool>,
    /// … a digit
    #[arg(long, value_name = "BOOL")]
    pub require_digit: Option<bool>,
    /// … a symbol
    #[arg(long, value_name = "BOOL")]
    pub require_symbol: Option<bool>,
    /// Leave look-alike characters (0/O, 1/l/I) out of generated passwords
    #[arg(long, value_name = "BOOL")]
    pub exclude_ambiguous: Option<bool>,
    /// Refuse passwords containing this word (repeatable)
    #[arg(long = "block-word", value_name = "WORD")]
    pub block_words: Vec<String>,
    /// Stop refusing this word (repeatable)
    #[arg(long = "unblock-word", value_name = "WORD")]
    pub unblock_words: Vec<String>,
    /// How many previous passwords cannot be used again
    #[arg(long, value_name = "N")]
    pub history: Option<u32>,
    /// Days an employee's own password lasts (0: no expiry, as NIST advises)
    #[arg(long, value_name = "DAYS")]
    pub max_age_days: Option<u32>,
    /// Hours an issued password stays valid
    #[arg(long, value_name = "HOURS")]
    pub temp_valid_hours: Option<u32>,
    /// Failed sign-ins before the password locks
    #[arg(long, value_name = "N")]
    pub lockout_threshold: Option<u32>,
    /// The least strength (0-4, zxcvbn) an employee's own password needs; 0: no check
    #[arg(long, value_name = "0-4", value_parser = clap::value_parser!(u8).range(0..=4))]
    pub min_strength: Option<u8>,
    /// How generated passwords look: random characters, or a passphrase of words
    #[arg(long, value_enum)]
    pub style: Option<crate::model::Style>,
    /// The symbols of random generated passwords: typeable on every common keyboard layout,
    /// or all ASCII punctuation
    #[arg(long, value_enum)]
    pub symbols: Option<crate::model::SymbolSet>,
    /// Words in a generated passphrase (4-20; 12.9 bits each)
    #[arg(long, value_name = "N")]
    pub passphrase_words: Option<u32>,
    /// Every employee must have a second factor: verify answers "must enrol" until they do
    #[arg(long = "require-2fa", value_name = "BOOL")]
    pub require_2fa: Option<bool>,
    /// New passwords `hrpass forgot` gives one employee in an hour (0: forgot is off)
    #[arg(long, value_name = "N")]
    pub forgot_per_employee: Option<u32>,
    /// `hrpass forgot` requests in all in an hour, known or not (0: no overall limit)
    #[arg(long, value_name = "N")]
    pub forgot_per_hour: Option<u32>,
    /// The portal signs an employee out after this many minutes without a request (1-1440)
    #[arg(long, value_name = "MINUTES")]
    pub session_idle_minutes: Option<u32>,
    /// The portal signs an employee out this many hours after they signed in (1-720)
    #[arg(long, value_name = "HOURS")]
    pub session_max_hours: Option<u32>,
    /// Hours an activation link (send-password --link) works once its mail is accepted (1-72)
    #[arg(long, value_name = "HOURS")]
    pub link_valid_hours: Option<u32>,
    /// What "forgot password" mails: auto (a link when [portal] public_url is set), link or
    /// password
    #[arg(long, value_enum, value_name = "WHAT")]
    pub forgot_sends: Option<crate::model::ForgotSends>,
}

impl SetArgs {
    fn apply(self, mut p: PasswordPolicy) -> PasswordPolicy {
        macro_rules! set {
            ($($field:ident),*) => { $( if let Some(v) = self.$field { p.$field = v; } )* };
        }
        set!(
            min_length,
            max_length,
            generated_length,
            require_upper,
            require_lower,
            require_digit,
            require_symbol,
            exclude_ambiguous,
            history,
            max_age_days,
            temp_valid_hours,
            lockout_threshold,
            min_strength,
            style,
            symbols,
            passphrase_words,
            require_2fa,
            forgot_per_employee,
            forgot_per_hour,
            session_idle_minutes,
            session_max_hours,
            link_valid_hours,
            forgot_sends
        );
        for word in self.block_words {
            if !p.blocked_words.contains(&word) {
                p.blocked_words.push(word);
            }
        }
        p.blocked_words.retain(|w| !self.unblock_words.contains(w));
        p
    }
}

fn pairs(v: &VersionedPolicy) -> Vec<(&'static str, String)> {
    let p = &v.policy;
    let version = match v.version {
        0 => "0 (built-in defaults)".to_owned(),
        n => n.to_string(),
    };
    vec![
        ("version", version),
        ("min_length", p.min_length.to_string()),
        ("max_length", p.max_length.to_string()),
        ("generated_length", p.generated_length.to_string()),
        ("require_upper", p.require_upper.to_string()),
        ("require_lower", p.require_lower.to_string()),
        ("require_digit", p.require_digit.to_string()),
        ("require_symbol", p.require_symbol.to_string()),
        ("exclude_ambiguous", p.exclude_ambiguous.to_string()),
        ("blocked_words", p.blocked_words.join(", ")),
        ("history", p.history.to_string()),
        ("max_age_days", p.max_age_days.to_string()),
        ("temp_valid_hours", p.temp_valid_hours.to_string()),
        ("lockout_threshold", p.lockout_threshold.to_string()),
        ("min_strength", p.min_strength.to_string()),
        ("style", p.style.as_str().to_owned()),
        ("symbols", p.symbols.as_str().to_owned()),
        ("passphrase_words", p.passphrase_words.to_string()),
        ("require_2fa", p.require_2fa.to_string()),
        ("forgot_per_employee", p.forgot_per_employee.to_string()),
        ("forgot_per_hour", p.forgot_per_hour.to_string()),
        ("session_idle_minutes", p.session_idle_minutes.to_string()),
        ("session_max_hours", p.session_max_hours.to_string()),
        ("link_valid_hours", p.link_valid_hours.to_string()),
        ("forgot_sends", p.forgot_sends.as_str().to_owned()),
        // The entropy of a generated password, as drawn.
        (
            "generated_bits",
            format!("{:.0}", crate::credential::generate::entropy_bits(p)),
        ),
    ]
}

/// One `policy show --format csv` row.
#[derive(Serialize)]
struct Setting<'a> {
    setting: &'a str,
    value: &'a str,
}

impl TableRow for Setting<'_> {
    fn header() -> Vec<&'static str> {
        vec!["setting", "value"]
    }

    fn cells(&self) -> Vec<String> {
        vec![self.setting.to_owned(), self.value.to_owned()]
    }
}

#[derive(Debug, Serialize)]
struct HistoryRow {
    version: i64,
    created_at: String,
    created_by: String,
}

impl TableRow for HistoryRow {
    fn header() -> Vec<&'static str> {
        vec!["version", "created_at", "created_by"]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.version.to_string(),
            self.created_at.to_string(),
            self.created_by.clone(),
        ]
    }
}

#[derive(Debug, Serialize)]
struct Checked {
    policy_version: i64,
    acceptable: bool,
    reasons: Vec<String>,
}

pub fn run(command: PolicyCommand, ctx: &mut Ctx) -> Result<()> {
    match command {
        PolicyCommand::Show { version } => {
            let conn = ctx.store()?.conn();
            let shown = match version {
                Some(v) => policy::version(conn, v)?
                    .with_context(|| format!("there is no policy version {v}"))?,
                None => policy::current(conn)?,
            };
            match ctx.settings.format {
                Format::Table => print_record(&pairs(&shown)),
                Format::Csv => {
                    let pairs = pairs(&shown);
                    let rows: Vec<Setting<'_>> = pairs
                        .iter()
                        .map(|(setting, value)| Setting { setting, value })
                        .collect();
                    print_list(Format::Csv, &rows)
                }
                Format::Json => print_result(Format::Json, &shown, ""),
            }
        }
        PolicyCommand::Set(args) => {
            let current = policy::current(ctx.store()?.conn())?;
            let next = args.apply(current.policy.clone());
            if next == current.policy {
                ctx.status(&format!(
                    "Policy version {} already has those settings; nothing changed.",
                    current.version
                ));
                return Ok(());
            }
            let operator = ctx.operator.clone();
            let version = policy::set(ctx.store()?, &next, &operator)?;
            let shown = VersionedPolicy {
                version,
                policy: next,
            };
            print_result(
                ctx.settings.format,
                &shown,
                &format!("Policy version {version} is now in force."),
            )
        }
        PolicyCommand::History => {
            let rows: Vec<HistoryRow> = policies::all(ctx.store()?.conn())?
                .into_iter()
                .map(|r| HistoryRow {
                    version: r.version,
                    created_at: crate::text::timestamp(r.created_at),
                    created_by: r.created_by,
                })
                .collect();
            print_list(ctx.settings.format, &rows)
        }
        PolicyCommand::Check { employee } => {
            let company = ctx.config()?.portal.company.clone();
            let conn = ctx.store()?.conn();
            let current = policy::current(conn)?;
            let context = match employee {
                Some(code) => {
                    let e = employees::find(conn, &code)?
                        .with_context(|| format!("no employee has code {code:?}"))?;
                    Context::of(&e.employee, &company)
                }
                None => Context::default(),
            };
            let password = super::read_password(ctx, "Password to check")?;
            let reasons = current.policy.check(password.expose_secret(), &context);
            let checked = Checked {
                policy_version: current.version,
                acceptable: reasons.is_empty(),
                reasons,
            };
            if checked.acceptable {
                let text = format!("The password meets policy version {}.", current.version);
                return print_result(ctx.settings.format, &checked, &text);
            }
            if ctx.settings.format == Format::Json {
                print_result(Format::Json, &checked, "")?;
            } else {
                for reason in &checked.reasons {
                    eprintln!("  - the password {}", crate::text::escape_line(reason));
                }
            }
            Err(Failure::Reported(format!(
                "the password breaks policy version {}",
                current.version
            ))
            .into())
        }
    }
}
