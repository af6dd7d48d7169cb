//! `employees import` and `employees validate`: the bulk upload and the file validation utility.

use crate::context::Ctx;
use crate::employee::columns::{HeaderMap, StatusMap};
use crate::employee::import::{self, Import, ImportOptions, ManagerBy, OnExisting};
use crate::employee::source::Delimiter;
use crate::employee::{RowError, ValidationReport};
use crate::error::Failure;
use crate::output::{Format, TableRow, print_list, print_result};
use crate::store::Store;
use anyhow::Result;
use clap::Args;
use clap::builder::TypedValueParser as _;
use std::path::PathBuf;

/// How many errors the terminal shows; the rest are counted (and all go to `--report`).
const SHOWN_ERRORS: usize = 50;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The CSV file (UTF-8, header row first)
    pub file: PathBuf,
    /// Check everything and say what would change, writing nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub shared: SharedArgs,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The CSV file (UTF-8, header row first)
    pub file: PathBuf,
    /// Write the rows that have errors, with `line` and `error` columns, to this CSV file
    #[arg(long, value_name = "OUT.csv")]
    pub report: Option<PathBuf>,
    #[command(flatten)]
    pub shared: SharedArgs,
}

#[derive(Debug, Args)]
pub struct SharedArgs {
    /// What to do with a row whose employee code is already in the store
    #[arg(long, value_name = "ACTION", default_value = "error",
          value_parser = clap::builder::PossibleValuesParser::new(["update", "skip", "error"])
              .map(|s| s.parse::<OnExisting>().expect("a listed value")))]
    pub on_existing: OnExisting,
    /// Read the file's column SOURCE as our COLUMN (e.g. --map "Mitarbeiter-Nr=employee_code")
    #[arg(long = "map", value_name = "SOURCE=COLUMN")]
    pub maps: Vec<HeaderMap>,
    /// The field separator; auto detects `,` `;` or tab from the header row
    #[arg(long, value_enum, default_value_t)]
    pub delimiter: Delimiter,
    /// What one of the file's status words means (repeatable; e.g. --status-map
    /// Terminated=inactive --status-map "On Leave=active")
    #[arg(long = "status-map", value_name = "VALUE=active|inactive")]
    pub status_maps: Vec<StatusMap>,
    /// What the manager column holds: codes, or names ("First Last" or "Last, First", from a
    /// "Reports To" or "Manager" column) looked up in the file and the store
    #[arg(long, value_enum, default_value_t)]
    pub manager_by: ManagerBy,
}

impl SharedArgs {
    fn options(&self, dry_run: bool, ctx: &Ctx) -> ImportOptions {
        ImportOptions {
            on_existing: self.on_existing,
            maps: self.maps.clone(),
            delimiter: self.delimiter,
            status_maps: self.status_maps.clone(),
            manager_by: self.manager_by,
            dry_run,
            operator: ctx.operator.clone(),
        }
    }
}

impl TableRow for RowError {
    fn header() -> Vec<&'static str> {
        vec!["line", "column", "header", "value", "reason"]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.line.to_string(),
            self.column.map(|c| c.to_string()).unwrap_or_default(),
            self.header.clone().unwrap_or_default(),
            self.value.clone().unwrap_or_default(),
            self.reason.clone(),
        ]
    }
}

/// Runs the upload against the home's store, or against an empty in-memory one when
/// `on_disk` is false (validating a file where no store exists yet).
fn run_import(
    ctx: &mut Ctx,
    file: &PathBuf,
    options: &ImportOptions,
    on_disk: bool,
) -> Result<Import> {
    let total = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    let bar = ctx.progress_bar(total, "Checking");
    let mut progress = |bytes| bar.set_position(bytes);
    let result = if on_disk {
        import::import(ctx.store()?, file, options, &mut progress)
    } else {
        import::import(&mut Store::open_in_memory()?, file, options, &mut progress)
    };
    bar.finish_and_clear();
    let result = result?;
    // As with errors: the same reason is shown three times, then counted.
    let mut by_reason: std::collections::BTreeMap<&str, usize> = Default::default();
    for w in &result.report.warnings {
        let seen = by_reason.entry(w.reason.as_str()).or_default();
        *seen += 1;
        if *seen <= 3 {
            ctx.warn(&w.display(&result.report.file));
        }
    }
    for (reason, n) in by_reason.into_iter().filter(|&(_, n)| n > 3) {
        ctx.warn(&format!(
            "… and {} with the same warning: {reason}",
            crate::text::count((n - 3) as u64, "more row", "more rows")
        ));
    }
    if result.report.warnings.len() >= ValidationReport::KEPT {
        ctx.warn(&format!(
            "only the first {} warnings were counted",
            ValidationReport::KEPT
        ));
    }
    if result.summary.delimiter != Delimiter::Comma {
        ctx.status(&format!(
            "notice: reading {} as {}{}",
            result.summary.file,
            result.summary.delimiter.describe(),
            if options.delimiter == Delimiter::Auto {
                " (detected from the header; --delimiter overrides)"
            } else {
                ""
            }
        ));
    }
    if !result.summary.ignored_columns.is_empty() {
        ctx.status(&format!(
            "notice: ignoring columns hrpass does not know: {}",
            result.summary.ignored_columns.join(", ")
        ));
        for column in &result.summary.ignored_columns {
            if let Some(hint) = ignored_column_hint(column, options) {
                ctx.status(&format!("  {column:?}: {hint}"));
            }
        }
    }
    Ok(result)
}

/// Prints every error (on stderr for people, on stdout for `--format json|csv`).
fn print_errors(ctx: &Ctx, report: &ValidationReport) -> Result<()> {
    match ctx.settings.format {
        Format::Json => print_result(Format::Json, report, ""),
        Format::Csv => print_list(Format::Csv, &report.errors),
        Format::Table => {
            // The same reason row after row (re-importing a file: "already in the store")
            // is shown three times and then counted, not printed fifty times.
            const SAME_SHOWN: usize = 3;
            let mut by_reason: std::collections::HashMap<&str, usize> = Default::default();
            let mut shown = 0;
            for e in &report.errors {
                let seen = by_reason.entry(e.reason.as_str()).or_default();
                *seen += 1;
                if *seen <= SAME_SHOWN && shown < SHOWN_ERRORS {
                    eprintln!("{}", e.display(&report.file));
                    shown += 1;
                }
            }
            let mut repeated: Vec<(&str, usize)> = by_reason
                .into_iter()
                .filter(|&(_, n)| n > SAME_SHOWN)
                .collect();
            repeated.sort();
            let mut told = shown as u64;
            for (reason, n) in &repeated {
                let hidden = (n - SAME_SHOWN) as u64;
                told += hidden;
                eprintln!(
                    "… and {} with the same reason: {reason}",
                    crate::text::count(hidden, "more row", "more rows")
                );
            }
            let more = report.error_count.saturating_sub(told);
            if more > 0 {
                eprintln!(
                    "… and {} (employees validate --report OUT.csv lists them all)",
                    crate::text::count(more, "more error", "more errors")
                );
            }
            Ok(())
        }
    }
}

fn error_count(report: &ValidationReport) -> String {
    match report.error_count {
        1 => "1 error".to_owned(),
        n => format!("{n} errors"),
    }
}

pub fn import(args: ImportArgs, ctx: &mut Ctx) -> Result<()> {
    let options = args.shared.options(args.dry_run, ctx);
    let result = run_import(ctx, &args.file, &options, true)?;
    if !result.report.is_valid() {
        print_errors(ctx, &result.report)?;
        return Err(Failure::Reported(format!(
            "{} in {}; nothing was imported",
            error_count(&result.report),
            result.report.file
        ))
        .into());
    }
    let s = &result.summary;
    let verb = if s.dry_run {
        "Dry run, nothing written: would import"
    } else {
        "Imported"
    };
    let mut text = format!(
        "{verb} {}: {} added, {} updated, {} unchanged, {} skipped.",
        s.file, s.added, s.updated, s.unchanged, s.skipped
    );
    if s.offboarded > 0 {
        text.push_str(&format!(
            "\n{} now inactive lost their passwords, queued mail and second factors (see \
             `hrpass log`).",
            crate::text::count(s.offboarded as u64, "employee", "employees")
        ));
    }
    print_result(ctx.settings.format, s, &text)
}

pub fn validate(args: ValidateArgs, ctx: &mut Ctx) -> Result<()> {
    let options = args.shared.options(true, ctx);
    let on_disk = ctx.has_store()?;
    if !on_disk {
        ctx.status("notice: no hrpass store here; checking the file on its own");
    }
    let result = run_import(ctx, &args.file, &options, on_disk)?;
    if let Some(out) = &args.report {
        import::write_report(&args.file, options.reading(), &result.report, out)?;
        ctx.status(&format!("Wrote the rows with errors to {}.", out.display()));
    }
    let report = &result.report;
    if !report.is_valid() {
        print_errors(ctx, report)?;
        return Err(Failure::Reported(format!(
            "{} in {} ({})",
            error_count(report),
            report.file,
            crate::text::count(report.rows, "row", "rows")
        ))
        .into());
    }
    let text = format!(
        "{}: {}, no errors.",
        report.file,
        crate::text::count(report.rows, "row", "rows")
    );
    print_result(ctx.settings.format, report, &text)
}

/// For a column an export commonly carries that hrpass could use: the flag that would use it.
fn ignored_column_hint(header: &str, options: &ImportOptions) -> Option<String> {
    let plain = crate::employee::columns::normalise(header);
    let quoted = format!("{header:?}");
    match plain.as_str() {
        "reportsto" | "manager" | "managername" | "supervisor" | "linemanager" | "reportingto"
            if options.manager_by != ManagerBy::Name =>
        {
            Some(format!(
                "names the manager? import with --manager-by name --map {quoted}=manager_code"
            ))
        }
        "title" | "position" | "positiontitle" | "role" | "jobrole" | "designation" => Some(
            format!("the job title? import with --map {quoted}=job_title"),
        ),
        _ => None,
    }
}
