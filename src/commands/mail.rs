//! `hrpass mail test ADDRESS`: a message without any password through the configured
//! transport, each stage reported, so the mail set-up can be checked before a real send.
//! `hrpass mail login` / `mail logout`: the sending mailbox's own OAuth2 sign-in (device
//! code, RFC 8628), its refresh token sealed in the store.

use crate::context::Ctx;
use crate::error::Failure;
use crate::mail::{Letter, Outgoing, mailbox};
use crate::output::print_result;
use crate::store::audit;
use crate::text::escape_text;
use anyhow::{Context, Result};
use clap::Subcommand;
use serde::Serialize;

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Send a test message (no password) to ADDRESS through the configured transport,
    /// reporting each step: connect, TLS, sign-in, accepted
    #[command(after_help = "Examples:\n  hrpass mail test it-admin@example.com\n  \
                            hrpass --format json mail test it-admin@example.com")]
    Test {
        /// Where the test message goes (your own mailbox)
        #[arg(required_unless_present = "token_only")]
        address: Option<String>,
        /// Only get an OAuth2 access token (from `mail login`'s sign-in or token_command),
        /// without connecting to the mail server
        #[arg(long)]
        token_only: bool,
    },
    /// Sign the sending mailbox in to Microsoft 365 or Google (OAuth2 device code): open the
    /// address shown, enter the code, sign in as [smtp] username. The refresh token is sealed
    /// in the store, so every machine that shares it sends without signing in again
    #[command(
        after_help = "Needs in hrpass.toml:\n  [smtp]\n  provider = \"microsoft365\"   # or \"google\"\n  \
                            username = \"hr@example.com\"\n  auth = \"xoauth2\"\n  \
                            client_id = \"…\"            # the app registered for hrpass\n\n\
                            Examples:\n  hrpass mail login\n  hrpass mail test --token-only"
    )]
    Login,
    /// Forget the stored sign-in of the sending mailbox
    Logout,
}

#[derive(Debug, Serialize)]
struct Probe {
    address: String,
    /// "smtp host:port (security)", "sendmail PROGRAM" or "file DIR".
    transport: String,
    steps: Vec<String>,
    accepted: bool,
    /// The server's reply when accepted, else why not.
    reply: String,
}

pub fn run(command: MailCommand, ctx: &mut Ctx) -> Result<()> {
    match command {
        MailCommand::Test {
            token_only: true, ..
        } => check_token(ctx),
        MailCommand::Test { address, .. } => test(&address.unwrap_or_default(), ctx),
        MailCommand::Login => login(ctx),
        MailCommand::Logout => logout(ctx),
    }
}

/// The mailbox that signs in with XOAUTH2, from a config that is set up for it.
fn xoauth2_mailbox(config: &crate::config::Config) -> Result<String> {
    if config.smtp.auth != crate::config::SmtpAuth::Xoauth2 {
        return Err(Failure::usage(
            "[smtp] auth is not \"xoauth2\": set auth = \"xoauth2\" (and provider, username, \
             client_id) in hrpass.toml to sign the mailbox in",
        ));
    }
    config.smtp.username.clone().ok_or_else(|| {
        Failure::usage(
            "[smtp] username is not set: the mailbox that sends, e.g. \"hr@example.com\"",
        )
    })
}

#[derive(Debug, Serialize)]
struct SignedIn {
    mailbox: String,
    provider: &'static str,
    /// The version the refresh token is sealed under (1, 2, … at each sign-in or rotation).
    version: i64,
    /// Whether `[smtp] token_command` is set, and so wins over this sign-in.
    token_command_wins: bool,
}

fn login(ctx: &mut Ctx) -> Result<()> {
    let config = ctx.config()?.clone();
    let mailbox = xoauth2_mailbox(&config)?;
    let endpoints = crate::mail::oauth::Endpoints::from_config(&config.smtp)?;
    let vault = crate::vault::Vault::open(&ctx.settings.home.vault_key())?;
    // The store is opened (and its vault key checked) before anyone is asked to sign in.
    crate::delivery::send::check_vault(ctx.store()?, &vault)?;
    let token_command_wins = config
        .smtp
        .token_command
        .as_deref()
        .is_some_and(|c| !c.trim().is_empty());
    let provider = endpoints.provider.name();
    let tokens = crate::mail::oauth::device_login(&endpoints, &mut |code| {
        // The instructions go to stderr whatever --quiet says: without them nobody can sign in.
        let url = escape_text(&code.verification_uri);
        eprintln!(
            "To sign {mailbox} in for sending, open\n\n    {url}\n\nand enter the code\n\n    {}\n",
            escape_text(&code.user_code)
        );
        if let Some(complete) = &code.verification_uri_complete {
            eprintln!(
                "(or open {} , which holds the code)\n",
                escape_text(complete)
            );
        }
        eprintln!(
            "Waiting for the sign-in at {provider} (the code is valid for {} minutes; Ctrl-C \
             stops)…",
            code.expires_in.as_secs().div_ceil(60)
        );
    })?;
    let operator = ctx.operator.clone();
    let store = ctx.store()?;
    let tx = store.write()?;
    let now = jiff::Timestamp::now().as_second();
    let version = crate::delivery::signin::store_login(
        &tx, &vault, &endpoints, &mailbox, &tokens, &operator, now,
    )?;
    tx.commit()?;
    drop(tokens);
    if token_command_wins {
        ctx.warn(
            "[smtp] token_command is set and wins over this sign-in: remove it from hrpass.toml \
             to send with the stored sign-in",
        );
    }
    let result = SignedIn {
        mailbox: mailbox.clone(),
        provider,
        version,
        token_command_wins,
    };
    print_result(
        ctx.settings.format,
        &result,
        &format!(
            "Signed in: {mailbox} sends through {provider}; the refresh token is sealed in the \
             store (every machine that shares it can send). Check it with `hrpass mail test \
             ADDRESS`."
        ),
    )
}

#[derive(Debug, Serialize)]
struct SignedOut {
    mailbox: String,
    /// False when no sign-in was stored.
    removed: bool,
}

fn logout(ctx: &mut Ctx) -> Result<()> {
    let config = ctx.config()?.clone();
    let mailbox = config.smtp.username.clone().ok_or_else(|| {
        Failure::usage("[smtp] username is not set: it names the mailbox whose sign-in to forget")
    })?;
    let operator = ctx.operator.clone();
    let store = ctx.store()?;
    let tx = store.write()?;
    let removed = crate::store::mail_logins::remove(&tx, &mailbox)?;
    if removed {
        audit::record(
            &tx,
            &operator,
            "mail.logout",
            None,
            &format!("{mailbox}: stored sign-in removed"),
        )?;
    }
    tx.commit()?;
    let text = if removed {
        format!(
            "Signed out: the sign-in of {mailbox} is gone from the store. The provider honours \
             the refresh token until it expires or is revoked there (Microsoft 365: revoke the \
             mailbox's sessions in Entra ID; Google: myaccount.google.com/permissions)."
        )
    } else {
        format!("No sign-in of {mailbox} was stored; nothing changed.")
    };
    print_result(ctx.settings.format, &SignedOut { mailbox, removed }, &text)
}

#[derive(Debug, Serialize)]
struct TokenCheck {
    /// Where the token came from: token_command or the stored sign-in.
    origin: String,
    ok: bool,
    /// Why not, when not.
    error: Option<String>,
}

/// `mail test --token-only`: an access token got the way a send gets it, nothing sent.
fn check_token(ctx: &mut Ctx) -> Result<()> {
    let config = ctx.config()?.clone();
    xoauth2_mailbox(&config)?;
    let stored = super::sender::stored_sign_in(&config, ctx)?;
    let transport =
        crate::mail::SmtpTransport::new(&config.smtp, super::sender::pace(&config), stored)?;
    let (origin, result) = transport.check_token();
    let check = TokenCheck {
        origin: origin.clone(),
        ok: result.is_ok(),
        error: result.as_ref().err().map(ToString::to_string),
    };
    match result {
        Ok(()) => print_result(
            ctx.settings.format,
            &check,
            &format!("An access token came from {origin} (not shown; nothing was sent)."),
        ),
        Err(failure) => {
            if ctx.settings.format == crate::output::Format::Json {
                print_result(ctx.settings.format, &check, "")?;
            }
            Err(Failure::Reported(format!("no access token from {origin}: {failure}")).into())
        }
    }
}

fn test(address: &str, ctx: &mut Ctx) -> Result<()> {
    let config = ctx.config()?.clone();
    // The envelope sender must be the company's own; the example one would be refused by
    // real servers or, worse, accepted as a spoof.
    let from_placeholder = config
        .placeholders()
        .into_iter()
        .filter(|p| p.starts_with("[smtp] from"))
        .collect::<Vec<_>>();
    if config.delivery.transport != crate::config::Transport::File && !from_placeholder.is_empty() {
        return Err(Failure::Reported(format!(
            "hrpass.toml still holds the example {}: set the company's own sender first",
            from_placeholder.join(", ")
        ))
        .into());
    }
    let real = config.delivery.transport != crate::config::Transport::File;
    for other in config
        .placeholders()
        .iter()
        .filter(|p| real && !p.starts_with("[smtp] from"))
    {
        ctx.warn(&format!(
            "{other} is still init's example value: set it before sending passwords"
        ));
    }
    let from: lettre::message::Mailbox =
        config.smtp.from.parse().with_context(|| {
            format!("[smtp] from = {:?} is not a mail address", config.smtp.from)
        })?;
    let to = mailbox("", address)
        .map_err(|e| Failure::usage(format!("{address:?} is not a mail address: {e:#}")))?;
    let home = ctx.settings.home.dir.clone();
    let transport_name = super::send::where_mail_goes(ctx)?;
    let mut transport = super::sender::transport(&config, &home, ctx)?;

    let mut nonce = [0u8; 8];
    getrandom::fill(&mut nonce).map_err(|e| anyhow::anyhow!("the OS random source failed: {e}"))?;
    let hex: String = nonce.iter().map(|b| format!("{b:02x}")).collect();
    let message_id = format!("hrpass.test.{hex}@{}", from.email.domain());
    let text = format!(
        "This message tests the mail settings of hrpass for {company}.\n\n\
         It was sent by {operator} with `hrpass mail test` and holds no password.\n\
         No reply is needed.\n",
        company = config.portal.company,
        operator = ctx.operator,
    );
    let outgoing = Outgoing {
        from: &from,
        to,
        subject: "hrpass: test message (no password)",
        text: &text,
        html: None,
        message_id: &message_id,
    };
    let letter = Letter::new(0, &outgoing)?;
    ctx.status(&format!(
        "Sending a test message to {address}, {transport_name}:"
    ));
    let mut steps = Vec::new();
    let quiet = ctx.settings.quiet;
    let result = transport.probe(letter, &mut |step| {
        if !quiet {
            eprintln!("  ok  {}", escape_text(step));
        }
        steps.push(step.to_owned());
    });
    let probe = Probe {
        address: address.to_owned(),
        transport: transport_name,
        steps,
        accepted: result.is_ok(),
        reply: match &result {
            Ok(reply) => reply.clone(),
            Err(failure) => failure.to_string(),
        },
    };
    let operator = ctx.operator.clone();
    let store = ctx.store()?;
    let tx = store.write()?;
    let outcome = match &result {
        Ok(reply) => format!("to {address}: accepted ({reply})"),
        Err(failure) => format!("to {address}: not accepted ({failure})"),
    };
    audit::record(&tx, &operator, "mail.test", None, &outcome)?;
    tx.commit()?;
    match result {
        Ok(reply) => {
            let text = format!("Test message to {address} accepted: {reply}");
            print_result(ctx.settings.format, &probe, &text)
        }
        Err(failure) => {
            if ctx.settings.format == crate::output::Format::Json {
                print_result(ctx.settings.format, &probe, "")?;
            } else if !quiet {
                eprintln!("  FAILED  {}", escape_text(&failure.to_string()));
            }
            Err(Failure::Reported(format!(
                "the test message to {address} was not accepted: {failure}"
            ))
            .into())
        }
    }
}
