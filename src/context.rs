//! `Ctx`: what every command runs with — resolved settings, the operator, the store (opened
//! on first use), output choices and the prompter.

use crate::config::Config;
use crate::output::Format;
use crate::paths::Home;
use crate::prompt::{NoPrompter, Prompter, TerminalPrompter};
use crate::store::Store;
use crate::store::location::Location;
use anyhow::{Result, bail};
use std::io::IsTerminal;

/// Settings resolved from flags, environment and defaults.
#[derive(Debug, Clone)]
pub struct Settings {
    pub home: Home,
    pub format: Format,
    pub yes: bool,
    pub quiet: bool,
    /// Progress bars on stderr: only on a terminal, never with `--quiet` (`NO_COLOR` removes
    /// their colour only).
    pub progress: bool,
}

pub struct Ctx {
    pub settings: Settings,
    /// Whether questions can be asked: stdin and stderr are both terminals.
    interactive: bool,
    /// Who is running the command, for the audit trail (the OS user for now).
    pub operator: String,
    pub prompter: Box<dyn Prompter>,
    store: Option<Store>,
    config: Option<Config>,
}

impl Ctx {
    pub fn new(settings: Settings) -> Ctx {
        let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
        let prompter: Box<dyn Prompter> = if interactive {
            Box::new(TerminalPrompter)
        } else {
            Box::new(NoPrompter)
        };
        Ctx {
            settings,
            interactive,
            operator: operator(),
            prompter,
            store: None,
            config: None,
        }
    }

    pub fn interactive(&self) -> bool {
        self.interactive
    }

    /// The store, opened once on first use; an uninitialised home is an error that says what
    /// to do.
    pub fn store(&mut self) -> Result<&mut Store> {
        if self.store.is_none() {
            if let (Location::Postgres(url), _) = self.location()? {
                let ca_file = self.config()?.store.ca_file.clone();
                let store = crate::store::postgres::open(&url, ca_file.as_deref())?;
                self.store = Some(store.into_store());
                return Ok(self.store.as_mut().expect("opened above"));
            }
            let home = &self.settings.home;
            if !home.is_initialised() {
                bail!(
                    "no hrpass store in {} ({}); run `hrpass init` first, or pass --home",
                    home.dir.display(),
                    home.source
                );
            }
            self.store = Some(Store::open(&home.db())?);
        }
        Ok(self.store.as_mut().expect("opened above"))
    }

    /// Where the store is: `HRPASS_STORE`, `[store] url`, or the home's SQLite file; and
    /// which of them said so.
    pub fn location(&mut self) -> Result<(Location, &'static str)> {
        let db = self.settings.home.db();
        let configured = self.config()?.store.url.clone();
        Location::resolve(&db, configured.as_deref())
    }

    /// `hrpass.toml`, read once on first use.
    pub fn config(&mut self) -> Result<&Config> {
        if self.config.is_none() {
            // Every command that uses the home reads its config first: the one place to
            // refuse a pipe or a directory among its files before anything opens one.
            self.settings.home.check_files()?;
            self.config = Some(Config::load(&self.settings.home.config())?);
        }
        Ok(self.config.as_ref().expect("loaded above"))
    }

    /// A status line on stderr, unless `--quiet`.
    pub fn status(&self, message: &str) {
        if !self.settings.quiet {
            eprintln!("{}", crate::text::escape_text(message));
        }
    }

    /// A warning on stderr; `--quiet` does not hide it.
    pub fn warn(&self, message: &str) {
        let prefix = console::style("warning:").yellow().bold().for_stderr();
        eprintln!("{prefix} {}", crate::text::escape_text(message));
    }

    /// A progress bar over `total` bytes on stderr, hidden where progress bars are off.
    pub fn progress_bar(&self, total: u64, what: &str) -> indicatif::ProgressBar {
        if !self.settings.progress {
            return indicatif::ProgressBar::hidden();
        }
        Self::styled(
            indicatif::ProgressBar::new(total),
            "{msg} [{bar:30}] {bytes}/{total_bytes} ({eta} left)",
            what,
        )
    }

    /// Progress bars over counts, drawn together on stderr (hashing and sending go on at
    /// once), hidden where progress bars are off.
    pub fn count_bars(&self, bars: &[(u64, &str)]) -> Vec<indicatif::ProgressBar> {
        if !self.settings.progress {
            return bars
                .iter()
                .map(|_| indicatif::ProgressBar::hidden())
                .collect();
        }
        let multi = indicatif::MultiProgress::new();
        bars.iter()
            .map(|&(total, what)| {
                let bar = multi.add(indicatif::ProgressBar::new(total));
                Self::styled(bar, "{msg:8} [{bar:30}] {pos}/{len} ({eta} left)", what)
            })
            .collect()
    }

    fn styled(bar: indicatif::ProgressBar, template: &str, what: &str) -> indicatif::ProgressBar {
        let style = indicatif::ProgressStyle::with_template(template)
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message(what.to_owned());
        bar
    }
}

/// The OS user running hrpass.
fn operator() -> String {
    whoami::username().unwrap_or_else(|_| "unknown".to_owned())
}
