//! OAuth2 access tokens for XOAUTH2: `[smtp] token_command`'s output, bounded and never shown,
//! and what a server's refusal of one means.

use super::replies::classify;
use crate::mail::Failure;
use std::io;
use std::time::Duration;

/// The most an access token may be (Microsoft's JWTs are a few KiB).
pub(super) const MAX_TOKEN_BYTES: u64 = 64 * 1024;
/// How much of a failing token command's error output is shown.
pub(super) const MAX_SHOWN_STDERR: usize = 600;

/// Runs `[smtp] token_command` (with `sh -c`, stdin closed, within `limit`) and returns the
/// access token it prints. Any failure stops the run before a message is sent; the token is
/// never shown, and the command's error output is shown escaped and cut short.
pub(super) async fn access_token(command: &str, limit: Duration) -> Result<String, Failure> {
    use tokio::io::AsyncReadExt;
    let failed = |why: String| Failure::Fatal(format!("[smtp] token_command {why}"));
    let mut child = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| failed(format!("cannot be started: {e}")))?;
    let (mut stdout, mut stderr) = (
        child.stdout.take().expect("piped"),
        child.stderr.take().expect("piped"),
    );
    let run = async {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let (read_out, read_err) = futures_util::future::join(
            (&mut stdout)
                .take(MAX_TOKEN_BYTES + 1)
                .read_to_end(&mut out),
            (&mut stderr).take(16 * 1024).read_to_end(&mut err),
        )
        .await;
        read_out?;
        read_err?;
        if out.len() as u64 > MAX_TOKEN_BYTES {
            return Ok((None, out, err));
        }
        Ok::<_, io::Error>((Some(child.wait().await?), out, err))
    };
    let (status, out, err) = tokio::time::timeout(limit, run)
        .await
        .map_err(|_| failed(format!("did not finish within {} s", limit.as_secs())))?
        .map_err(|e| failed(format!("failed: {e}")))?;
    let Some(status) = status else {
        return Err(failed(format!(
            "printed more than {} KiB; an access token is one line",
            MAX_TOKEN_BYTES / 1024
        )));
    };
    if !status.success() {
        let err = String::from_utf8_lossy(&err);
        let mut shown: String = crate::text::escape_line(err.trim())
            .chars()
            .take(MAX_SHOWN_STDERR)
            .collect();
        if shown.is_empty() {
            shown = "no error output".into();
        }
        // `sh` exits 127 for a command it cannot find and 126 for one it cannot run: then
        // signing in again is no help.
        let advice = match status.code() {
            Some(127) => "The tool it runs is not installed (or not on PATH): install it, or \
                 give its full path in token_command"
                .to_owned(),
            Some(126) => "The tool it runs cannot be executed: check its permissions".to_owned(),
            _ => "Sign in again with the tool it runs (e.g. `az login`, `gcloud auth login`)"
                .to_owned(),
        };
        return Err(failed(format!("failed ({status}): {shown}. {advice}")));
    }
    let token = String::from_utf8(out)
        .map_err(|_| failed("printed something that is not UTF-8 text".into()))?;
    let token = token.trim();
    if token.is_empty() {
        return Err(failed("printed no token".into()));
    }
    if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(failed(
            "printed more than one word; an access token is one line without spaces".into(),
        ));
    }
    Ok(token.to_owned())
}

/// A failed XOAUTH2 sign-in. Google and Microsoft answer a bad token with a `334` error
/// challenge (which lettre reports as a client error) or a `535`.
pub(super) fn token_refused(e: &lettre::transport::smtp::Error, tokens: &super::Tokens) -> Failure {
    if let Failure::Transient(why) = classify(e) {
        return Failure::Transient(why);
    }
    let reply = if e
        .to_string()
        .contains("No compatible authentication mechanism")
    {
        return Failure::Fatal(
            "the mail server does not offer XOAUTH2 sign-in ([smtp] auth = \"xoauth2\")".into(),
        );
    } else if e.is_client() {
        "it answered the sign-in with an error challenge".to_owned()
    } else {
        e.to_string()
    };
    let advice = match tokens {
        super::Tokens::Command(_) => {
            "get a new one (sign in again with the tool token_command runs, e.g. `az login` or \
             `gcloud auth login`)"
        }
        // The provider issued the token but the mail server will not take it: the mailbox
        // or the app lacks the right to send over SMTP.
        super::Tokens::Stored(_) => {
            "check that SMTP AUTH is enabled for the mailbox and the app has the SMTP sending \
             permission (README: \"Mail sign-in\"), then run `hrpass mail login` again"
        }
    };
    Failure::Fatal(format!(
        "the mail server refused the OAuth2 access token from {} ({reply}): {advice}, then \
         `hrpass outbox retry` sends what is queued",
        tokens.origin()
    ))
}
