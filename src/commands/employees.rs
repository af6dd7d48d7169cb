//! `hrpass employees …`: search, show, add, update, deactivate, export (import and validate
//! live in `upload`).

use super::upload;
use crate::context::Ctx;
use crate::employee::columns::Column;
use crate::employee::records::{self, Changes, InvalidEmployee};
use crate::model::{Employee, Status, StoredEmployee};
use crate::output::{Format, TableRow, print_list, print_record, print_result};
use crate::store::{EmployeeFilter, employees};
use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum EmployeesCommand {
    /// Bulk upload from CSV: every row is checked first; any error and nothing is written
    #[command(after_help = "Examples:
  hrpass employees import staff.csv --dry-run
  hrpass employees import staff.csv --on-existing update
  hrpass employees import export.csv --map \"Mitarbeiter-Nr=employee_code\"
  hrpass employees import bamboohr.csv --manager-by name --status-map Terminated=inactive")]
    Import(upload::ImportArgs),
    /// Check a CSV file the way import would, writing nothing
    #[command(after_help = "Examples:
  hrpass employees validate staff.csv
  hrpass employees validate staff.csv --report errors.csv
  hrpass --format json employees validate staff.csv")]
    Validate(upload::ValidateArgs),
    /// Find employees by code, name or email, and narrow by department, status, manager, title
    #[command(after_help = "Examples:
  hrpass employees search garcia
  hrpass employees search --department Sales --status active
  hrpass employees search --manager E0001 --recursive
  hrpass employees search --locked --format csv")]
    Search(SearchArgs),
    /// Show one employee, with where their password stands
    Show {
        /// The employee's code (case does not matter)
        code: String,
    },
    /// Add one employee
    Add(AddArgs),
    /// Change fields of one employee
    Update(UpdateArgs),
    /// Mark an employee as no longer active
    Deactivate {
        /// The employee's code (case does not matter)
        code: String,
    },
    /// Write every employee as CSV (to FILE, or stdout); formula-like cells are neutralised
    Export {
        /// Where to write (mode 0600, whole or not at all); `-` or nothing: stdout
        file: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Matches code, first and last name and email as a substring, ignoring case and accents
    pub text: Option<String>,
    /// Everyone in this department (case does not matter)
    #[arg(long, value_name = "D")]
    pub department: Option<String>,
    /// Only active or only inactive employees
    #[arg(long, value_parser = parse_status, value_name = "active|inactive")]
    pub status: Option<Status>,
    /// Direct reports of this manager (employee code)
    #[arg(long, value_name = "CODE")]
    pub manager: Option<String>,
    /// With --manager: everyone below that manager, not only direct reports
    #[arg(long, requires = "manager")]
    pub recursive: bool,
    /// Job title contains this text
    #[arg(long)]
    pub title: Option<String>,
    /// Whose active password breaks the policy in force (judged from stored facts)
    #[arg(long)]
    pub non_compliant: bool,
    /// Whose active password has expired
    #[arg(long)]
    pub expired: bool,
    /// Whose password is locked after too many wrong sign-ins
    #[arg(long)]
    pub locked: bool,
    /// At most this many results
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The new employee's code (unique, no spaces)
    #[arg(long)]
    pub code: String,
    /// Their work email address
    #[arg(long)]
    pub email: String,
    /// First name
    #[arg(long, default_value = "")]
    pub first_name: String,
    /// Last name
    #[arg(long, default_value = "")]
    pub last_name: String,
    /// Department
    #[arg(long, default_value = "")]
    pub department: String,
    /// Job title
    #[arg(long, default_value = "")]
    pub job_title: String,
    /// The manager's employee code
    #[arg(long, value_name = "CODE")]
    pub manager: Option<String>,
    /// active or inactive
    #[arg(long, value_parser = parse_status, default_value = "active")]
    pub status: Status,
    /// A private address, for a new hire without a company mailbox yet
    /// (`send-password --address personal|auto`)
    #[arg(long, value_name = "ADDRESS")]
    pub personal_email: Option<String>,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The employee's code (case does not matter)
    pub code: String,
    /// New work email address
    #[arg(long)]
    pub email: Option<String>,
    /// New first name
    #[arg(long)]
    pub first_name: Option<String>,
    /// New last name
    #[arg(long)]
    pub last_name: Option<String>,
    /// New department
    #[arg(long)]
    pub department: Option<String>,
    /// New job title
    #[arg(long)]
    pub job_title: Option<String>,
    /// The manager's employee code; an empty value removes the manager
    #[arg(long, value_name = "CODE")]
    pub manager: Option<String>,
    /// active or inactive
    #[arg(long, value_parser = parse_status)]
    pub status: Option<Status>,
    /// New private address; an empty value removes it
    #[arg(long, value_name = "ADDRESS")]
    pub personal_email: Option<String>,
}

fn parse_status(s: &str) -> Result<Status, String> {
    s.parse()
}

impl TableRow for Employee {
    fn header() -> Vec<&'static str> {
        vec![
            "Code",
            "Name",
            "Email",
            "Department",
            "Job title",
            "Manager",
            "Status",
        ]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.code.clone(),
            self.full_name(),
            self.email.clone(),
            self.department.clone(),
            self.job_title.clone(),
            self.manager_code.clone().unwrap_or_default(),
            self.status.to_string(),
        ]
    }

    fn csv_header() -> Vec<&'static str> {
        Column::ALL.map(Column::name).to_vec()
    }
}

pub fn run(command: EmployeesCommand, ctx: &mut Ctx) -> Result<()> {
    match command {
        EmployeesCommand::Import(args) => upload::import(args, ctx),
        EmployeesCommand::Validate(args) => upload::validate(args, ctx),
        EmployeesCommand::Search(args) => search(args, ctx),
        EmployeesCommand::Show { code } => show(&code, ctx),
        EmployeesCommand::Add(args) => add(args, ctx),
        EmployeesCommand::Update(args) => update(args, ctx),
        EmployeesCommand::Deactivate { code } => deactivate(&code, ctx),
        EmployeesCommand::Export { file } => export(file, ctx),
    }
}

fn search(args: SearchArgs, ctx: &mut Ctx) -> Result<()> {
    // A manager or department nobody has is a mistake to name, not an empty result.
    let conn = ctx.store()?.conn();
    let manager = match &args.manager {
        Some(code) => Some(
            employees::find_code(conn, code)?
                .with_context(|| format!("--manager: no employee has code {code:?}"))?
                .employee
                .code,
        ),
        None => None,
    };
    if let Some(d) = &args.department
        && employees::department(conn, d)?.is_none()
    {
        anyhow::bail!("--department: no employee is in a department called {d:?}");
    }
    let filter = EmployeeFilter {
        text: args.text,
        department: args.department,
        status: args.status,
        manager,
        recursive: args.recursive,
        title: args.title,
        non_compliant: match args.non_compliant {
            true => Some(crate::policy::current(ctx.store()?.conn())?.policy),
            false => None,
        },
        expired_at: args.expired.then(crate::credential::now),
        locked_at: match args.locked {
            true => Some(
                crate::policy::current(ctx.store()?.conn())?
                    .policy
                    .lockout_threshold,
            ),
            false => None,
        },
        email: None,
        scope: ctx.actor()?.scope_filter(),
        // One more than asked for tells "exactly N match" from "more match" without
        // counting every match.
        limit: args.limit.map(|n| n.saturating_add(1)),
    };
    let found = employees::search(ctx.store()?.conn(), &filter)?;
    let mut found: Vec<Employee> = found.into_iter().map(|s| s.employee).collect();
    if found.is_empty() && ctx.settings.format == Format::Table {
        ctx.status("No employee matches.");
        return Ok(());
    }
    let cut = args
        .limit
        .and_then(|n| usize::try_from(n).ok())
        .filter(|&n| found.len() > n);
    if let Some(n) = cut {
        found.truncate(n);
    }
    print_list(ctx.settings.format, &found)?;
    if let Some(n) = cut {
        ctx.status(&format!(
            "Showing the first {}; more match (raise --limit, or narrow the search).",
            crate::text::count(n as u64, "employee", "employees")
        ));
    }
    Ok(())
}

/// The employee of that code, refused when outside the operator's scope.
fn find(ctx: &mut Ctx, code: &str) -> Result<StoredEmployee> {
    let actor = ctx.actor()?.clone();
    let conn = ctx.store()?.conn();
    let e = employees::find_code(conn, code)?.with_context(|| {
        format!("no employee has code {code:?} (try `hrpass employees search`)")
    })?;
    crate::access::allowed(
        conn,
        &actor,
        crate::access::Permission::ReadEmployees,
        Some(&e),
    )?;
    Ok(e)
}

/// An employee with where their password stands.
#[derive(serde::Serialize)]
struct Shown {
    #[serde(flatten)]
    employee: Employee,
    password: crate::credential::PasswordState,
    /// `none`, `pending` or `active`.
    second_factor: &'static str,
    /// Their newest activation link, if HR ever sent one.
    #[serde(skip_serializing_if = "Option::is_none")]
    activation_link: Option<LinkShown>,
}

/// Where an employee's newest activation link stands.
#[derive(serde::Serialize)]
struct LinkShown {
    /// `pending` (its mail not accepted yet), `usable`, `used` or `void`.
    state: String,
    /// Until when it works (usable) or its mail may go (pending).
    #[serde(serialize_with = "crate::text::serialize_rfc3339")]
    expires_at: i64,
    /// Why it ended (used or void).
    #[serde(skip_serializing_if = "Option::is_none")]
    ended: Option<String>,
}

impl LinkShown {
    fn said(&self) -> String {
        match (self.state.as_str(), &self.ended) {
            ("pending", _) => "waiting for its mail to be accepted".to_owned(),
            ("usable", _) => format!(
                "sent, works once until {}",
                crate::text::timestamp(self.expires_at)
            ),
            ("used", _) => "used to set their password".to_owned(),
            (state, Some(why)) => format!("{state}: {why}"),
            (state, None) => state.to_owned(),
        }
    }
}

fn show(code: &str, ctx: &mut Ctx) -> Result<()> {
    let found = find(ctx, code)?;
    let conn = ctx.store()?.conn();
    let threshold = crate::policy::current(conn)?.policy.lockout_threshold;
    let password =
        crate::credential::password_state(conn, found.id, crate::credential::now(), threshold)?;
    let second_factor = crate::credential::factor::status(conn, &found)?.state;
    let activation_link =
        crate::store::links::latest_of(conn, found.id)?.map(|(state, expires_at, ended)| {
            LinkShown {
                state,
                expires_at,
                ended,
            }
        });
    let employee = found.employee;
    match ctx.settings.format {
        Format::Json => print_result(
            Format::Json,
            &Shown {
                employee,
                password,
                second_factor,
                activation_link,
            },
            "",
        ),
        Format::Csv => print_list(Format::Csv, &[employee]),
        Format::Table => {
            let mut pairs: Vec<(&str, String)> = Column::ALL
                .into_iter()
                .map(|c| (c.name(), crate::employee::rules::value_of(&employee, c)))
                .collect();
            let origin = match password.origin {
                Some(crate::model::Origin::Issued) => " (issued by HR)",
                Some(crate::model::Origin::Employee) => " (their own)",
                None => "",
            };
            pairs.push(("password", format!("{}{origin}", password.state)));
            if let Some(at) = password.expires_at {
                pairs.push(("password expires", crate::text::timestamp(at)));
            }
            pairs.push(("failed sign-ins", password.failed_attempts.to_string()));
            if password.pending_delivery {
                pairs.push(("new password", "waiting for its mail to be accepted".into()));
            }
            pairs.push(("second factor", second_factor.to_owned()));
            if let Some(link) = &activation_link {
                pairs.push(("activation link", link.said()));
            }
            print_record(&pairs)
        }
    }
}

/// The flag that sets each column, for error messages about typed records.
fn flag_of(column: Column) -> &'static str {
    match column {
        Column::Code => "--code",
        Column::FirstName => "--first-name",
        Column::LastName => "--last-name",
        Column::Email => "--email",
        Column::Department => "--department",
        Column::JobTitle => "--job-title",
        Column::ManagerCode => "--manager",
        Column::Status => "--status",
        Column::PersonalEmail => "--personal-email",
    }
}

/// Spells out every problem of a typed record, naming the flag.
fn explain(err: anyhow::Error) -> anyhow::Error {
    match err.downcast::<InvalidEmployee>() {
        Ok(invalid) => {
            let lines: Vec<String> = invalid
                .problems
                .iter()
                .map(|(column, value, why)| format!("  {} {value:?}: {why}", flag_of(*column)))
                .collect();
            anyhow::anyhow!("the employee record is not valid:\n{}", lines.join("\n"))
        }
        Err(other) => other,
    }
}

fn add(args: AddArgs, ctx: &mut Ctx) -> Result<()> {
    let employee = Employee {
        code: args.code.trim().to_owned(),
        first_name: args.first_name.trim().to_owned(),
        last_name: args.last_name.trim().to_owned(),
        email: args.email.trim().to_owned(),
        department: args.department.trim().to_owned(),
        job_title: args.job_title.trim().to_owned(),
        manager_code: args
            .manager
            .map(|m| m.trim().to_owned())
            .filter(|m| !m.is_empty()),
        status: args.status,
        personal_email: args
            .personal_email
            .map(|m| m.trim().to_owned())
            .filter(|m| !m.is_empty()),
    };
    let operator = ctx.operator.clone();
    records::add(ctx.store()?, &employee, &operator).map_err(explain)?;
    let text = format!("Added {} ({}).", employee.full_name(), employee.code);
    print_result(ctx.settings.format, &employee, &text)
}

fn update(args: UpdateArgs, ctx: &mut Ctx) -> Result<()> {
    let trimmed = |v: Option<String>| v.map(|v| v.trim().to_owned());
    let changes = Changes {
        first_name: trimmed(args.first_name),
        last_name: trimmed(args.last_name),
        email: trimmed(args.email),
        department: trimmed(args.department),
        job_title: trimmed(args.job_title),
        manager_code: trimmed(args.manager).map(|m| (!m.is_empty()).then_some(m)),
        status: args.status,
        personal_email: trimmed(args.personal_email).map(|m| (!m.is_empty()).then_some(m)),
    };
    let operator = ctx.operator.clone();
    let (employee, changed, _) =
        records::update(ctx.store()?, &args.code, changes, &operator).map_err(explain)?;
    let text = if changed.is_empty() {
        format!(
            "{} ({}) already had those values; nothing changed.",
            employee.full_name(),
            employee.code
        )
    } else {
        let names: Vec<_> = changed.iter().map(|c| c.name()).collect();
        format!(
            "Updated {} ({}): {}.",
            employee.full_name(),
            employee.code,
            names.join(", ")
        )
    };
    if changed.contains(&Column::Status) {
        match employee.status {
            Status::Active => ctx.status(&format!(
                "{} is active again with no password (offboarding retired it): send one with \
                 `hrpass send-password --regenerate --to {}`.",
                employee.code, employee.code
            )),
            Status::Inactive => ctx.status(&format!(
                "{}'s passwords, queued mail and second factor no longer work.",
                employee.code
            )),
        }
    }
    print_result(ctx.settings.format, &employee, &text)
}

fn deactivate(code: &str, ctx: &mut Ctx) -> Result<()> {
    let operator = ctx.operator.clone();
    let changed = records::deactivate(ctx.store()?, code, &operator)?;
    let employee = find(ctx, code)?.employee;
    let text = if changed {
        format!(
            "Deactivated {} ({code}): their passwords, queued mail and second factor no \
             longer work; if they come back, send them a new password.",
            employee.full_name()
        )
    } else {
        format!(
            "{} ({code}) was already inactive; nothing changed.",
            employee.full_name()
        )
    };
    print_result(ctx.settings.format, &employee, &text)
}

fn export(file: Option<PathBuf>, ctx: &mut Ctx) -> Result<()> {
    let scope = ctx.actor()?.scope_filter();
    let scope = scope.as_ref();
    let conn = ctx.store()?.conn();
    let Some(path) = file.filter(|p| p.as_os_str() != "-") else {
        let count = records::export(conn, scope, std::io::stdout().lock())?;
        ctx.status(&format!("Exported {count} employees."));
        return Ok(());
    };
    let written = (|| -> Result<u64> {
        let mut file = crate::paths::PrivateFile::create(&path)?;
        let count = records::export(conn, scope, &mut file)?;
        file.commit()?;
        Ok(count)
    })();
    let count = written.with_context(|| format!("cannot write {}", path.display()))?;
    ctx.status(&format!(
        "Exported {count} employees to {} (readable by you only: it holds personal data).",
        path.display()
    ));
    Ok(())
}
