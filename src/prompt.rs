//! Questions for the admin at a terminal, and the non-interactive stand-in that names the flag.

use crate::output::escape_line;
use anyhow::{Result, bail};
use secrecy::SecretString;

pub trait Prompter {
    /// Asks a yes/no question; `flag` is how to answer it without a terminal.
    fn confirm(&mut self, question: &str, flag: &str) -> Result<bool>;
    /// Lets the admin pick any number of `options`; returns their indices.
    fn pick(&mut self, question: &str, options: &[String], flag: &str) -> Result<Vec<usize>>;
    /// Asks for a password without echoing it, twice when `confirm`.
    fn password(&mut self, prompt: &str, confirm: bool, flag: &str) -> Result<SecretString>;
}

/// Asks on the terminal with dialoguer (drawn on stderr, so stdout stays data).
pub struct TerminalPrompter;

impl Prompter for TerminalPrompter {
    // What a prompt shows can hold names from the store: escaped like every other output.
    fn confirm(&mut self, question: &str, _flag: &str) -> Result<bool> {
        Ok(dialoguer::Confirm::new()
            .with_prompt(escape_line(question))
            .default(false)
            .interact()?)
    }

    fn pick(&mut self, question: &str, options: &[String], _flag: &str) -> Result<Vec<usize>> {
        let options: Vec<String> = options
            .iter()
            .map(|o| escape_line(o).into_owned())
            .collect();
        Ok(dialoguer::MultiSelect::new()
            .with_prompt(format!(
                "{} (space to mark, enter to accept)",
                escape_line(question)
            ))
            .items(&options)
            .interact()?)
    }

    fn password(&mut self, prompt: &str, confirm: bool, _flag: &str) -> Result<SecretString> {
        let mut input = dialoguer::Password::new().with_prompt(escape_line(prompt));
        if confirm {
            input = input.with_confirmation("Repeat it", "The two entries differ; try again.");
        }
        Ok(SecretString::from(input.interact()?))
    }
}

/// Used when stdin or stderr is not a terminal: every question is an error naming the flag.
pub struct NoPrompter;

impl Prompter for NoPrompter {
    fn confirm(&mut self, question: &str, flag: &str) -> Result<bool> {
        bail!("{question}: cannot ask without a terminal; {flag}")
    }

    fn pick(&mut self, question: &str, _options: &[String], flag: &str) -> Result<Vec<usize>> {
        bail!("{question}: cannot ask without a terminal; {flag}")
    }

    fn password(&mut self, prompt: &str, _confirm: bool, flag: &str) -> Result<SecretString> {
        bail!("{prompt}: cannot ask without a terminal; {flag}")
    }
}
