//! `Ctx`: what every command runs with — resolved settings, the operator, the store (opened
//! on first use), output choices and the prompter.

use crate::access::{Actor, Permission, session_file, signin};
use crate::config::Config;
use crate::output::Format;
use crate::paths::Home;
use crate::prompt::{NoPrompter, Prompter, TerminalPrompter};
use crate::store::Store;
use crate::store::location::Location;
use anyhow::{Result, bail};
use secrecy::{ExposeSecret, SecretString};
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
    /// `--token-file`: an operator's token for this run.
    pub token_file: Option<std::path::PathBuf>,
}

pub struct Ctx {
    pub settings: Settings,
    /// Whether questions can be asked: stdin and stderr are both terminals.
    interactive: bool,
    /// Who is running the command, for the audit trail: the signed-in operator once
    /// `authorize` has run, the OS user before (and on a store without operators).
    pub operator: String,
    /// Who runs the command and in which role and scope, once `authorize` has found out.
    actor: Option<Actor>,
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
            actor: None,
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

    /// Who runs this command, found once: the OS user as an hr-admin on a store without
    /// operators, else the operator whose session or token this run was given
    /// (`--token-file`, `HRPASS_TOKEN`, or the session `hrpass login` left).
    pub fn actor(&mut self) -> Result<&Actor> {
        if self.actor.is_none() {
            // Without a store yet (`init`, `employees validate`) there is nobody to ask.
            let actor = if self.has_store()?
                && crate::store::operators::any_live(self.store()?.conn())?
            {
                let token = self.token()?.ok_or(signin::NotSignedIn::Nobody)?;
                let token = signin::Token::parse(token.expose_secret())
                    .ok_or(signin::NotSignedIn::Malformed)?;
                let actor = signin::authenticate(self.store()?, &token, crate::credential::now())?;
                let conn = self.store()?.conn();
                if conn.engine() == crate::store::db::Engine::Postgres {
                    crate::access::postgres::check_connection(
                        conn,
                        &actor.name,
                        actor.db_role.as_deref(),
                    )?;
                }
                actor
            } else {
                Actor::local(&self.operator)
            };
            self.operator = actor.name.clone();
            self.actor = Some(actor);
        }
        Ok(self.actor.as_ref().expect("found above"))
    }

    /// Whether there is a store to work on: the home's SQLite file, or a PostgreSQL database
    /// that holds an hrpass schema (a shared store is there whatever the home holds).
    pub fn has_store(&mut self) -> Result<bool> {
        match self.location()?.0 {
            Location::Sqlite(_) => Ok(self.settings.home.is_initialised()),
            Location::Postgres(_) => match self.store() {
                Err(e)
                    if e.downcast_ref::<crate::store::postgres::NoStoreYet>()
                        .is_some() =>
                {
                    Ok(false)
                }
                opened => opened.map(|_| true),
            },
        }
    }

    /// Refuses the command unless its actor holds `permission` (naming it).
    pub fn authorize(&mut self, permission: Permission) -> Result<()> {
        self.actor()?.require(permission)
    }

    /// The token this run was given: `--token-file`, else `HRPASS_TOKEN`, else this store's
    /// session file.
    pub fn token(&mut self) -> Result<Option<SecretString>> {
        if let Some(path) = self.settings.token_file.clone() {
            return match session_file::read(&path)? {
                Some(token) => Ok(Some(token)),
                None => bail!("--token-file {}: no such file", path.display()),
            };
        }
        if let Some(token) = std::env::var_os("HRPASS_TOKEN").filter(|t| !t.is_empty()) {
            let token = token
                .into_string()
                .map_err(|_| anyhow::anyhow!("HRPASS_TOKEN is not a token"))?;
            return Ok(Some(SecretString::from(token)));
        }
        session_file::read(&self.session_file()?)
    }

    /// Where `hrpass login` keeps this store's session for this user.
    pub fn session_file(&mut self) -> Result<std::path::PathBuf> {
        let (location, _) = self.location()?;
        let shown = match &location {
            Location::Sqlite(path) => std::fs::canonicalize(path)
                .unwrap_or_else(|_| path.clone())
                .display()
                .to_string(),
            Location::Postgres(_) => location.shown(),
        };
        session_file::path_for(&shown)
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
