//! One module per command group: its clap types and the `run` that turns them into domain
//! calls and domain results into output.

pub mod config;
pub mod employees;
pub mod factor;
pub mod forgot;
pub mod generate;
pub mod init;
pub mod log;
pub mod login;
pub mod mail;
pub mod message;
pub mod notice;
pub mod operator;
pub mod outbox;
pub mod policy;
pub mod relations;
pub mod select;
pub mod send;
pub mod sender;
pub mod signin;
pub mod store;
pub mod targets;
pub mod template;
mod upload;
pub mod vault;

use anyhow::{Result, bail};
use secrecy::SecretString;
use std::io::BufRead;
use std::io::Read;

/// Refuses an employee outside the operator's scope, by name, before a command acts on
/// them; an unknown code is left to the command to report.
pub fn check_scope(ctx: &mut crate::context::Ctx, code: &str) -> Result<()> {
    let actor = ctx.actor()?.clone();
    if actor.scope.everyone {
        return Ok(());
    }
    let conn = ctx.store()?.conn();
    match crate::store::employees::find_code(conn, code)? {
        Some(e) => actor.check_scope(conn, &e),
        None => Ok(()),
    }
}

/// A password: asked hidden on a terminal (never echoed into the scrollback), else the first
/// line of stdin.
pub fn read_password(ctx: &mut crate::context::Ctx, prompt: &str) -> Result<SecretString> {
    if ctx.interactive() {
        ctx.prompter.password(prompt, false, "pipe it on stdin")
    } else {
        read_secret_line()
    }
}

/// A count and a unit, "3d", "36h", "90m" or "45s", as seconds; `None` for anything else
/// (or a count too large to hold).
pub(crate) fn duration_secs(text: &str) -> Option<i64> {
    let text = text.trim();
    let unit = text.chars().last()?;
    let number = &text[..text.len() - unit.len_utf8()];
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let unit = match unit {
        'd' => 86_400,
        'h' => 3_600,
        'm' => 60,
        's' => 1,
        _ => return None,
    };
    number.parse::<i64>().ok()?.checked_mul(unit)
}

/// The first line of stdin, without its line ending: how scripts and portals pass passwords.
pub fn read_secret_line() -> Result<SecretString> {
    match read_stdin_line("password")? {
        Some(password) => Ok(password),
        None => bail!("no password on stdin: pass it as the first line"),
    }
}

/// The next line of stdin without its line ending, `None` at the end of input or for an
/// empty line. Bounded: a line is short, so a hostile stdin (a 256 MB line) costs nothing.
pub fn read_stdin_line(what: &str) -> Result<Option<SecretString>> {
    // One byte more than allowed tells a line that is too long from one that fits.
    const MAX_LINE: u64 = 4096;
    let mut line = zeroize::Zeroizing::new(Vec::new());
    std::io::stdin()
        .lock()
        .take(MAX_LINE + 1)
        .read_until(b'\n', &mut line)?;
    if line.len() as u64 > MAX_LINE {
        bail!("the {what} line on stdin is longer than {MAX_LINE} bytes");
    }
    let text = std::str::from_utf8(&line)
        .map_err(|_| anyhow::anyhow!("the {what} on stdin is not UTF-8"))?;
    let text = text.trim_end_matches(['\n', '\r']);
    Ok((!text.is_empty()).then(|| SecretString::from(text.to_owned())))
}
