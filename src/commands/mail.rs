//! `hrpass mail test ADDRESS`: a message without any password through the configured
//! transport, each stage reported, so the mail set-up can be checked before a real send.

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
        address: String,
    },
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
        MailCommand::Test { address } => test(&address, ctx),
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
