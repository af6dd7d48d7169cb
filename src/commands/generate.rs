//! `hrpass completions SHELL` and `hrpass man`: generated from the same clap definition.

use crate::cli::Cli;
use anyhow::{Context, Result};
use clap::{Args, CommandFactory};
use clap_complete::Shell;
use std::io::Write;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Generated into memory first: clap_complete panics when its writer fails, and a closed
/// pipe (`hrpass completions zsh | head -1`) must end the command quietly instead.
pub fn completions(args: CompletionsArgs) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "hrpass", &mut script);
    write_stdout(&script)
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print, e.g. `send-password` or `employees import`; the main
    /// page when none
    pub command: Vec<String>,
    /// Write every page (hrpass.1 and one per command, hrpass-send-password.1 …) into DIR
    /// instead, for `man -M` or /usr/local/share/man/man1
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub dir: Option<std::path::PathBuf>,
}

/// The command tree as the pages show it (built, so each command knows its full name).
fn tree() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

pub fn man(args: ManArgs) -> Result<()> {
    if let Some(dir) = &args.dir {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        clap_mangen::generate_to(tree(), dir)
            .with_context(|| format!("cannot write the pages into {}", dir.display()))?;
        return Ok(());
    }
    let mut cmd = tree();
    for name in &args.command {
        cmd = cmd.find_subcommand(name).cloned().ok_or_else(|| {
            crate::error::Failure::usage(format!(
                "no command {:?} (see `hrpass --help`)",
                args.command.join(" ")
            ))
        })?;
    }
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut page)?;
    write_stdout(&page)
}

fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(())
}
