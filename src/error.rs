//! Errors whose exit code matters, and the one place that turns an outcome into an exit code.

use std::io;
use std::process::ExitCode;

/// Exit codes that scripts rely on (PRODUCT.md).
pub mod exit {
    pub const OK: u8 = 0;
    pub const ERROR: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const PARTIAL: u8 = 3;
    pub const UNCHECKED: u8 = 4;
}

/// A failure whose exit code is not the generic 1.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The command line asked for something that cannot be: exit 2.
    #[error("{0}")]
    Usage(String),
    /// Some targets were done and some were not; the summary was already printed: exit 3.
    #[error("{0}")]
    Partial(String),
    /// `verify` could not check the password (the store or config could not be read or
    /// written): exit 4, so a portal never tells an employee a right password is wrong.
    #[error("{0}")]
    Unchecked(String),
    /// The person said no at a confirmation: "Cancelled." and exit 1, not an error.
    #[error("Cancelled.")]
    Cancelled,
    /// The reason was already printed in full (a validation report, say); exit 1 with a one-line
    /// closing message.
    #[error("{0}")]
    Reported(String),
}

impl Failure {
    pub fn usage(msg: impl Into<String>) -> anyhow::Error {
        Failure::Usage(msg.into()).into()
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        let kind = if let Some(e) = cause.downcast_ref::<io::Error>() {
            Some(e.kind())
        } else if let Some(e) = cause.downcast_ref::<serde_json::Error>() {
            e.io_error_kind()
        } else if let Some(e) = cause.downcast_ref::<csv::Error>() {
            match e.kind() {
                csv::ErrorKind::Io(e) => Some(e.kind()),
                _ => None,
            }
        } else {
            None
        };
        kind == Some(io::ErrorKind::BrokenPipe)
    })
}

/// Prints the error (if any) on stderr and chooses the exit code.
pub fn report(outcome: anyhow::Result<()>) -> ExitCode {
    let Err(err) = outcome else {
        return ExitCode::from(exit::OK);
    };
    // `hrpass employees search | head` closing the pipe early is not a failure.
    if is_broken_pipe(&err) {
        return ExitCode::from(exit::OK);
    }
    if let Some(Failure::Cancelled) = err.downcast_ref::<Failure>() {
        eprintln!("Cancelled.");
        return ExitCode::from(exit::ERROR);
    }
    let code = match err.downcast_ref::<Failure>() {
        Some(Failure::Usage(_)) => exit::USAGE,
        Some(Failure::Partial(_)) => exit::PARTIAL,
        Some(Failure::Unchecked(_)) => exit::UNCHECKED,
        Some(Failure::Reported(_) | Failure::Cancelled) | None => exit::ERROR,
    };
    // Only what came from the error is escaped: the prefix is hrpass's own styling, and
    // escaping it too printed its colour codes as `\u{1b}[31m` text.
    let mut text = err.to_string();
    for cause in err.chain().skip(1) {
        text.push_str(&format!("\n  caused by: {cause}"));
    }
    let prefix = console::style("error:").red().bold().for_stderr();
    eprintln!("{prefix} {}", crate::text::escape_text(&text));
    ExitCode::from(code)
}
