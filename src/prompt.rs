//! Questions for the admin at a terminal, and the non-interactive stand-in that names the flag.

use crate::text::escape_line;
use anyhow::{Result, bail};
use secrecy::SecretString;

pub trait Prompter {
    /// Asks a yes/no question; `flag` is how to answer it without a terminal.
    fn confirm(&mut self, question: &str, flag: &str) -> Result<bool>;
    /// Lets the admin pick any number of `options`; returns their indices, or `None` when
    /// the admin cancelled (Esc).
    fn pick(
        &mut self,
        question: &str,
        options: &[String],
        flag: &str,
    ) -> Result<Option<Vec<usize>>>;
    /// Asks for a password without echoing it, twice when `confirm`.
    fn password(&mut self, prompt: &str, confirm: bool, flag: &str) -> Result<SecretString>;
}

/// Asks on the terminal with dialoguer (drawn on stderr, so stdout stays data).
pub struct TerminalPrompter;

/// The terminal's mode as it was before hrpass asked anything: dialoguer's hidden entry
/// turns echo off while it reads, and a process ended inside it (Ctrl-C) would leave the
/// shell without echo. Every way out of a question puts this mode back.
static TERMINAL_MODE: std::sync::OnceLock<Option<(std::fs::File, rustix::termios::Termios)>> =
    std::sync::OnceLock::new();

fn remember_terminal_mode() {
    TERMINAL_MODE.get_or_init(|| {
        let tty = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")
            .ok()?;
        let mode = rustix::termios::tcgetattr(&tty).ok()?;
        Some((tty, mode))
    });
}

/// Puts back the mode `remember_terminal_mode` saw, and shows the cursor again.
fn restore_terminal() {
    if let Some(Some((tty, mode))) = TERMINAL_MODE.get() {
        let _ = rustix::termios::tcsetattr(tty, rustix::termios::OptionalActions::Now, mode);
    }
    let _ = console::Term::stderr().show_cursor();
}

/// dialoguer hides the cursor (and, for passwords, echo) while it reads keys, and console
/// answers Ctrl-C by raising SIGINT, whose default action ends the process with both still
/// off. The first question installs a handler that restores the terminal and exits 130, as
/// a shell reports an interrupted command. (Nothing is half-written then: a question is
/// never asked inside a write transaction, and SQLite rolls back an unfinished one anyway.)
fn restore_terminal_on_ctrl_c() {
    remember_terminal_mode();
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            restore_terminal();
            let _ = console::Term::stderr().write_line("");
            std::process::exit(130);
        });
    });
}

/// Restores the terminal when a question ends in an error (a closed terminal). Ctrl-C also
/// arrives here (console raises SIGINT and returns "interrupted"): it ends the process with
/// 130 on this thread, so the handler's exit and this one cannot race to a different code.
fn restored<T>(result: dialoguer::Result<T>) -> Result<T> {
    if let Err(e) = &result {
        restore_terminal();
        let dialoguer::Error::IO(io) = e;
        if io.kind() == std::io::ErrorKind::Interrupted {
            let _ = console::Term::stderr().write_line("");
            std::process::exit(130);
        }
    }
    Ok(result?)
}

impl Prompter for TerminalPrompter {
    // What a prompt shows can hold names from the store: escaped like every other output.
    fn confirm(&mut self, question: &str, _flag: &str) -> Result<bool> {
        restore_terminal_on_ctrl_c();
        let question = escape_line(question);
        // dialoguer redraws its prompt on one line after the answer: a question wider than
        // the terminal would wrap and be drawn twice. Such a question is printed wrapped to
        // the width first, and the prompt itself is short.
        let width = usize::from(console::Term::stderr().size().1).max(20);
        let prompt = if textwrap::core::display_width(&question) + " [y/N] ".len() >= width {
            eprintln!("{}", textwrap::fill(&question, width - 1));
            "Go ahead?".to_owned()
        } else {
            question.into_owned()
        };
        let answer = dialoguer::Confirm::new()
            .with_prompt(prompt)
            .default(false)
            .interact_opt();
        // Esc (or q) is a no.
        Ok(restored(answer)?.unwrap_or(false))
    }

    /// A filtering list: typing narrows it, Enter marks or unmarks the highlighted one (or,
    /// on the first line, accepts the marks), Esc cancels. dialoguer's MultiSelect cannot
    /// filter, so each mark is one pass of its FuzzySelect, the cursor kept where it was.
    fn pick(
        &mut self,
        question: &str,
        options: &[String],
        _flag: &str,
    ) -> Result<Option<Vec<usize>>> {
        restore_terminal_on_ctrl_c();
        let options: Vec<String> = options
            .iter()
            .map(|o| escape_line(o).into_owned())
            .collect();
        let mut marked = vec![false; options.len()];
        let mut cursor = 1;
        loop {
            let count = marked.iter().filter(|&&m| m).count();
            let mut items = vec![format!("Done: take the {count} marked")];
            items.extend(
                options
                    .iter()
                    .zip(&marked)
                    .map(|(option, &on)| format!("[{}] {option}", if on { "x" } else { " " })),
            );
            let chosen = dialoguer::FuzzySelect::new()
                .with_prompt(format!(
                    "{} (type to filter, Enter marks, Esc cancels)",
                    escape_line(question)
                ))
                .items(&items)
                .default(cursor)
                .highlight_matches(false)
                .report(false)
                .interact_opt();
            match restored(chosen)? {
                None => return Ok(None),
                Some(0) => {
                    return Ok(Some((0..options.len()).filter(|&i| marked[i]).collect()));
                }
                Some(i) => {
                    marked[i - 1] = !marked[i - 1];
                    cursor = i;
                }
            }
        }
    }

    fn password(&mut self, prompt: &str, confirm: bool, _flag: &str) -> Result<SecretString> {
        restore_terminal_on_ctrl_c();
        let mut input = dialoguer::Password::new().with_prompt(escape_line(prompt));
        if confirm {
            input = input.with_confirmation("Repeat it", "The two entries differ; try again.");
        }
        Ok(SecretString::from(restored(input.interact())?))
    }
}

/// Used when stdin or stderr is not a terminal: every question is an error naming the flag.
pub struct NoPrompter;

impl Prompter for NoPrompter {
    /// A confirmation that cannot be asked is a usage error (exit 2), not "nothing was
    /// delivered" (exit 1): the command line lacks the flag that answers it.
    fn confirm(&mut self, question: &str, flag: &str) -> Result<bool> {
        Err(crate::error::Failure::usage(format!(
            "no terminal to confirm on ({}): {flag}",
            question
                .lines()
                .next()
                .unwrap_or(question)
                .trim_end_matches('?')
        )))
    }

    fn pick(
        &mut self,
        question: &str,
        _options: &[String],
        flag: &str,
    ) -> Result<Option<Vec<usize>>> {
        bail!("{question}: cannot ask without a terminal; {flag}")
    }

    fn password(&mut self, prompt: &str, _confirm: bool, flag: &str) -> Result<SecretString> {
        bail!("{prompt}: cannot ask without a terminal; {flag}")
    }
}
