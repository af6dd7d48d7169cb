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

    /// A filtering list: typing narrows it (case and accents aside), Enter marks or unmarks
    /// the highlighted one and clears the filter, and the "Done" line on top, always shown
    /// whatever the filter, takes the marks: Home (or Ctrl-A) goes to it from anywhere, End
    /// (Ctrl-E) to the last line, Esc cancels. dialoguer has no list that both filters and
    /// keeps a line out of the filter, so this one is drawn here with console, as dialoguer
    /// draws its own.
    fn pick(
        &mut self,
        question: &str,
        options: &[String],
        _flag: &str,
    ) -> Result<Option<Vec<usize>>> {
        restore_terminal_on_ctrl_c();
        let term = console::Term::stderr();
        let options: Vec<String> = options
            .iter()
            .map(|o| escape_line(o).into_owned())
            .collect();
        let folded: Vec<String> = options.iter().map(|o| crate::model::fold(o)).collect();
        let question = format!(
            "{} (type to filter, Enter marks, Home: Done, Esc cancels)",
            escape_line(question)
        );
        let mut picker = Picker {
            marked: vec![false; options.len()],
            filter: String::new(),
            // The first candidate, as the list opens.
            cursor: usize::from(!options.is_empty()),
            drawn: 0,
        };
        let picked = (|| -> std::io::Result<Option<Vec<usize>>> {
            term.hide_cursor()?;
            loop {
                let needle = crate::model::fold(&picker.filter);
                let shown: Vec<usize> = (0..options.len())
                    .filter(|&i| folded[i].contains(&needle))
                    .collect();
                picker.cursor = picker.cursor.min(shown.len());
                picker.draw(&term, &question, &options, &shown)?;
                match term.read_key()? {
                    console::Key::Escape => return Ok(None),
                    console::Key::Enter if picker.cursor == 0 => {
                        let marked = &picker.marked;
                        return Ok(Some((0..options.len()).filter(|&i| marked[i]).collect()));
                    }
                    console::Key::Enter => {
                        let i = shown[picker.cursor - 1];
                        picker.marked[i] = !picker.marked[i];
                        picker.filter.clear();
                        // The same one stays highlighted in the whole list.
                        picker.cursor = i + 1;
                    }
                    console::Key::Home => picker.cursor = 0,
                    console::Key::End => picker.cursor = shown.len(),
                    console::Key::ArrowUp | console::Key::BackTab => {
                        picker.cursor = picker.cursor.checked_sub(1).unwrap_or(shown.len());
                    }
                    console::Key::ArrowDown | console::Key::Tab => {
                        picker.cursor = if picker.cursor >= shown.len() {
                            0
                        } else {
                            picker.cursor + 1
                        };
                    }
                    console::Key::PageUp => picker.cursor = picker.cursor.saturating_sub(10),
                    console::Key::PageDown => picker.cursor += 10,
                    console::Key::Backspace => {
                        picker.filter.pop();
                        picker.cursor = 1;
                    }
                    console::Key::Char(c) if !c.is_control() => {
                        picker.filter.push(c);
                        // The first match, or Done when nothing matches.
                        picker.cursor = 1;
                    }
                    _ => {}
                }
            }
        })();
        let _ = term.clear_last_lines(picker.drawn);
        restore_terminal();
        match picked {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
                let _ = term.write_line("");
                std::process::exit(130);
            }
            other => Ok(other?),
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

/// The state of `TerminalPrompter::pick`'s list.
struct Picker {
    marked: Vec<bool>,
    filter: String,
    /// 0 is the Done line; n is the n-th shown candidate.
    cursor: usize,
    /// Lines drawn last time, cleared before the next drawing.
    drawn: usize,
}

impl Picker {
    /// Draws the question with the filter, the Done line and as many of the `shown`
    /// candidates as fit, the highlighted one in view; every line cut to the width, so none
    /// wraps and each redraw clears exactly what it drew.
    fn draw(
        &mut self,
        term: &console::Term,
        question: &str,
        options: &[String],
        shown: &[usize],
    ) -> std::io::Result<()> {
        let (rows, cols) = term.size();
        let width = usize::from(cols).max(20) - 1;
        let room = usize::from(rows).saturating_sub(3).max(3);
        let first = self.cursor.saturating_sub(room);
        let count = self.marked.iter().filter(|&&m| m).count();
        let pointer = |at: usize| if at == self.cursor { ">" } else { " " };
        let mut lines = vec![
            format!("{question}: {}", escape_line(&self.filter)),
            format!("{} Done: take the {count} marked", pointer(0)),
        ];
        for (at, &i) in shown.iter().enumerate().skip(first).take(room) {
            let mark = if self.marked[i] { "x" } else { " " };
            lines.push(format!("{} [{mark}] {}", pointer(at + 1), options[i]));
        }
        if shown.is_empty() {
            lines.push("  (nothing matches)".to_owned());
        }
        term.clear_last_lines(self.drawn)?;
        for line in &lines {
            term.write_line(&console::truncate_str(line, width, "…"))?;
        }
        term.flush()?;
        self.drawn = lines.len();
        Ok(())
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
