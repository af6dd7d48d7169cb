//! The command line: global options, the command tree, and the one dispatching `match`.

use crate::access::Permission;
use crate::commands::{
    config, employees, factor, forgot, generate, init, log, login, mail, message, operator, outbox,
    policy, relations, select, send, signin, store, template, vault,
};
use crate::context::{Ctx, Settings};
use crate::output::Format;
use crate::paths::{Home, Source};
use anyhow::Result;
use clap::parser::ValueSource;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;

/// The long help's (and the main man page's) closing section: a first session, the exit
/// codes, and where things live.
const MAIN_AFTER_HELP: &str = "Examples:
  hrpass init
  hrpass employees import staff.csv --dry-run
  hrpass employees import staff.csv
  hrpass select add --department Sales
  hrpass mail test you@example.com
  hrpass send-password --regenerate --dry-run
  hrpass send-password --regenerate
  hrpass outbox list --state failed

Exit status:
  0  all done
  1  error, nothing changed; for sending commands: no target was delivered
  2  usage error
  3  partly done: some targets delivered, some failed or were refused
  4  verify only: the password could not be checked

Files (in the home: --home, HRPASS_HOME, or the platform data folder):
  hrpass.db    the store (SQLite)
  hrpass.toml  the configuration ([smtp], [delivery], [portal], [hashing])
  vault.key    the key that seals issued passwords (mode 0600)

Each command has its own page: hrpass man COMMAND, or hrpass man --dir DIR for all.";

/// Keep employees in a local store, load them from CSV, select them and send each a portal
/// password by email.
#[derive(Debug, Parser)]
#[command(name = "hrpass", version, after_long_help = MAIN_AFTER_HELP)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
    /// Where `--home` came from (flag or environment), filled in after parsing.
    #[arg(skip)]
    pub home_source: Option<Source>,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// The folder that holds hrpass.db, hrpass.toml and vault.key
    #[arg(
        long,
        env = "HRPASS_HOME",
        value_name = "DIR",
        global = true,
        help_heading = "Global options"
    )]
    pub home: Option<PathBuf>,
    /// How listings and summaries are printed on stdout
    #[arg(
        long,
        value_enum,
        default_value_t,
        global = true,
        help_heading = "Global options"
    )]
    pub format: Format,
    /// Answer yes to every confirmation
    #[arg(long, short = 'y', global = true, help_heading = "Global options")]
    pub yes: bool,
    /// Print only results and errors: no status lines or progress bars
    #[arg(long, short = 'q', global = true, help_heading = "Global options")]
    pub quiet: bool,
    /// An operator's token for this run, from a file only you can read (else HRPASS_TOKEN,
    /// else the session `hrpass login` made)
    #[arg(
        long,
        value_name = "FILE",
        global = true,
        help_heading = "Global options"
    )]
    pub token_file: Option<PathBuf>,
    /// Colour on stderr: auto means on a terminal and without NO_COLOR
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, help_heading = "Global options")]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the home: store, config and vault key (safe to run again)
    Init(init::InitArgs),
    /// Upload, check, find and edit employees
    #[command(subcommand)]
    Employees(employees::EmployeesCommand),
    /// Reporting relationships (who reports to whom)
    #[command(subcommand)]
    Relations(relations::RelationsCommand),
    /// The "Selected employees" list that send-password works on
    #[command(subcommand)]
    Select(select::SelectCommand),
    /// The password policy: show, change (versioned), history, check a password
    #[command(subcommand)]
    Policy(policy::PolicyCommand),
    /// Check a portal sign-in: password on the first line of stdin, the one-time or recovery
    /// code on the second (asked hidden on a terminal); exit 0 when valid, 1 when not, 4 when
    /// it could not be checked
    Verify {
        /// The employee's code, exactly as the portal has it
        code: String,
    },
    /// Set an employee's own password (asked twice on a terminal, else read from stdin)
    Passwd {
        /// The employee's code
        code: String,
    },
    /// Employees' second factor (TOTP): enrol, confirm, status, reset
    #[command(name = "2fa", subcommand)]
    TwoFactor(factor::FactorCommand),
    /// "Forgot password" for the portal: a new password by mail to the employee, if one
    /// matches, rate-limited; the same answer either way
    Forgot(forgot::ForgotArgs),
    /// Send each target employee a portal password by email (the selection by default)
    SendPassword(send::SendArgs),
    /// The employees' portal: sign-in, first-sign-in change, second factor, forgot password,
    /// account, and forward-auth (GET /auth) for the company's other web apps
    Serve(crate::portal::ServeArgs),
    /// Send each target employee a general email from a message template (no password),
    /// through the same outbox as passwords
    SendEmail(message::SendEmailArgs),
    /// Remind employees whose issued password expires soon and is not changed yet (once per
    /// password; cron-friendly)
    NotifyExpiring(message::NotifyExpiringArgs),
    /// Deliveries that are queued, sent, failed or cancelled
    #[command(subcommand)]
    Outbox(outbox::OutboxCommand),
    /// Email templates: list, show, set, edit, preview
    #[command(subcommand)]
    Template(template::TemplateCommand),
    /// The audit trail: who did what to whom, and when
    Log(log::LogArgs),
    /// The vault key that seals issued passwords: its fingerprint
    #[command(subcommand)]
    Vault(vault::VaultCommand),
    /// The store: which engine, where, its schema and what it holds
    #[command(subcommand)]
    Store(store::StoreCommand),
    /// Check the mail set-up: a test message without any password
    #[command(subcommand)]
    Mail(mail::MailCommand),
    /// The effective configuration and where each value came from
    #[command(subcommand)]
    Config(config::ConfigCommand),
    /// Operators: who may run hrpass on this store, in which role, over which employees
    #[command(subcommand)]
    Operator(operator::OperatorCommand),
    /// Sign in as an operator (password, then a code from the authenticator app); the
    /// session is kept for this user and store until logout or its expiry
    Login(signin::LoginArgs),
    /// End this store's operator session (or the token given)
    Logout,
    /// Who this command runs as: operator, role, scope and session
    Whoami,
    /// Print a shell completion script
    Completions(generate::CompletionsArgs),
    /// Print a man page (roff): the main one, or a command's; --dir writes them all
    Man(generate::ManArgs),
}

/// Parses the command line (exiting on a usage error, code 2).
pub fn parse() -> Cli {
    let matches = Cli::command().get_matches();
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    cli.home_source = match matches.value_source("home") {
        Some(ValueSource::CommandLine) => Some(Source::Flag),
        Some(ValueSource::EnvVariable) => Some(Source::Env("HRPASS_HOME")),
        _ => None,
    };
    cli
}

fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Resolves settings, builds the context and runs the command.
pub fn run(cli: Cli) -> Result<()> {
    let global = cli.global;
    let stderr_tty = std::io::stderr().is_terminal();
    let color = match global.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => stderr_tty && !no_color_env(),
    };
    console::set_colors_enabled_stderr(color);
    console::set_colors_enabled(false);
    let explicit = global
        .home
        .map(|dir| (dir, cli.home_source.unwrap_or(Source::Flag)));
    let settings = Settings {
        home: Home::resolve(explicit)?,
        format: global.format,
        yes: global.yes,
        quiet: global.quiet,
        // NO_COLOR removes colour, not progress (no-color.org): a long send on a terminal
        // still shows how far it got.
        progress: stderr_tty && !global.quiet,
        token_file: global.token_file,
    };
    let mut ctx = Ctx::new(settings);
    if let Some(permission) = permission(&cli.command) {
        let authorized = ctx.authorize(permission);
        if let (Err(e), Command::Verify { code }) = (&authorized, &cli.command) {
            // Whatever stopped it, the password was not checked: a portal must not tell the
            // employee a right password is wrong (exit 4, not 1).
            return Err(crate::error::Failure::Unchecked(format!(
                "{code}: the password could not be checked (no attempt was counted): {e:#}"
            ))
            .into());
        }
        authorized?;
    }
    match cli.command {
        Command::Init(args) => init::run(args, &mut ctx),
        Command::Employees(command) => employees::run(command, &mut ctx),
        Command::Relations(command) => relations::run(command, &mut ctx),
        Command::Select(command) => select::run(command, &mut ctx),
        Command::Policy(command) => policy::run(command, &mut ctx),
        Command::Verify { code } => login::verify(&code, &mut ctx),
        Command::Passwd { code } => login::passwd(&code, &mut ctx),
        Command::TwoFactor(command) => factor::run(command, &mut ctx),
        Command::Forgot(args) => forgot::forgot(args, &mut ctx),
        Command::SendPassword(args) => send::send_password(args, &mut ctx),
        Command::Serve(args) => crate::portal::serve(args, &mut ctx),
        Command::SendEmail(args) => message::send_email(args, &mut ctx),
        Command::NotifyExpiring(args) => message::notify_expiring(args, &mut ctx),
        Command::Outbox(command) => outbox::outbox_run(command, &mut ctx),
        Command::Template(command) => template::run(command, &mut ctx),
        Command::Log(args) => log::run(args, &mut ctx),
        Command::Vault(command) => vault::run(command, &mut ctx),
        Command::Mail(command) => mail::run(command, &mut ctx),
        Command::Store(command) => store::run(command, &mut ctx),
        Command::Config(command) => config::run(command, &mut ctx),
        Command::Operator(command) => operator::run(command, &mut ctx),
        Command::Login(args) => signin::login(args, &mut ctx),
        Command::Logout => signin::logout(&mut ctx),
        Command::Whoami => signin::whoami(&mut ctx),
        Command::Completions(args) => generate::completions(args),
        Command::Man(args) => generate::man(args),
    }
}

/// What a command needs of its operator (`access`); `None` for the few that touch no store
/// data (and `login`, `logout`, `whoami`, which sign in and out). Commands that act on
/// employees also check each one against the operator's scope.
fn permission(command: &Command) -> Option<Permission> {
    use Permission as P;
    Some(match command {
        Command::Init(_) => P::ManageStore,
        Command::Employees(c) => match c {
            // Validating is an import rolled back: it writes, so it is an import's.
            employees::EmployeesCommand::Import(_)
            | employees::EmployeesCommand::Validate(_)
            | employees::EmployeesCommand::Add(_)
            | employees::EmployeesCommand::Update(_)
            | employees::EmployeesCommand::Deactivate { .. } => P::ManageEmployees,
            employees::EmployeesCommand::Search(_)
            | employees::EmployeesCommand::Show { .. }
            | employees::EmployeesCommand::Export { .. } => P::ReadEmployees,
        },
        Command::Relations(_) => P::ManageEmployees,
        Command::Select(select::SelectCommand::List) => P::ReadEmployees,
        Command::Select(_) => P::Select,
        Command::Policy(policy::PolicyCommand::Set(_)) => P::ManagePolicy,
        Command::Policy(_) => P::ReadPolicy,
        Command::Verify { .. } | Command::Passwd { .. } | Command::Forgot(_) => P::Credentials,
        Command::TwoFactor(c) => match c {
            factor::FactorCommand::Enroll { .. } | factor::FactorCommand::Confirm { .. } => {
                P::EnrollFactors
            }
            factor::FactorCommand::Status { .. } => P::ReadFactors,
            factor::FactorCommand::Reset { .. } => P::ResetFactors,
        },
        Command::SendPassword(_) => P::SendPasswords,
        Command::SendEmail(_) | Command::NotifyExpiring(_) => P::SendEmail,
        Command::Serve(_) | Command::Mail(_) => P::ManageStore,
        Command::Outbox(c) => match c {
            outbox::OutboxCommand::List { .. } => P::ReadOutbox,
            outbox::OutboxCommand::Retry => P::RetryOutbox,
            outbox::OutboxCommand::Cancel { .. } => P::CancelOutbox,
        },
        Command::Template(c) => match c {
            template::TemplateCommand::Set { .. } | template::TemplateCommand::Edit { .. } => {
                P::ManageTemplates
            }
            _ => P::ReadTemplates,
        },
        Command::Log(_) => P::ReadLog,
        Command::Vault(_) => P::ReadStore,
        Command::Store(store::StoreCommand::Status) => P::ReadStore,
        Command::Store(_) => P::ManageStore,
        Command::Operator(operator::OperatorCommand::List) => P::ReadOperators,
        Command::Operator(_) => P::ManageOperators,
        Command::Config(_)
        | Command::Login(_)
        | Command::Logout
        | Command::Whoami
        | Command::Completions(_)
        | Command::Man(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every option and argument of every command says what it is for.
    #[test]
    fn every_option_and_argument_has_a_description() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if id != "help" && id != "version" && arg.get_help().is_none() {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "hrpass", &mut missing);
        assert!(missing.is_empty(), "without a description: {missing:#?}");
    }
}
