//! `hrpass relations import FILE`: who reports to whom, all or nothing.

use crate::context::Ctx;
use crate::employee::relations::import_relations;
use crate::employee::source::{Delimiter, Reading};
use crate::error::Failure;
use crate::output::{Format, print_result};
use anyhow::Result;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum RelationsCommand {
    /// Set managers from a CSV of employee_code, manager_code (an empty manager clears it);
    /// unknown codes and reporting cycles are refused and nothing is written
    Import {
        /// The CSV file (header: employee_code, manager_code, or names `--map` gives them)
        file: PathBuf,
        /// Read the file's column SOURCE as employee_code or manager_code (e.g. --map
        /// "Reports To ID=manager_code")
        #[arg(long = "map", value_name = "SOURCE=COLUMN")]
        maps: Vec<crate::employee::columns::HeaderMap>,
        /// The field separator; auto detects `,` `;` or tab from the header row
        #[arg(long, value_enum, default_value_t)]
        delimiter: Delimiter,
    },
}

pub fn run(command: RelationsCommand, ctx: &mut Ctx) -> Result<()> {
    match command {
        RelationsCommand::Import {
            file,
            maps,
            delimiter,
        } => import(&file, &maps, delimiter, ctx),
    }
}

fn import(
    file: &std::path::Path,
    maps: &[crate::employee::columns::HeaderMap],
    delimiter: Delimiter,
    ctx: &mut Ctx,
) -> Result<()> {
    use crate::employee::columns::Column;
    if let Some(map) = maps
        .iter()
        .find(|m| !matches!(m.column, Column::Code | Column::ManagerCode))
    {
        return Err(Failure::usage(format!(
            "--map {}={}: relations import reads only employee_code and manager_code",
            map.source, map.column
        )));
    }
    let operator = ctx.operator.clone();
    let reading = Reading {
        maps,
        delimiter,
        manager_names: false,
    };
    let (summary, report) = import_relations(ctx.store()?, file, reading, &operator)?;
    if !report.is_valid() {
        if ctx.settings.format == Format::Json {
            print_result(Format::Json, &report, "")?;
        } else {
            for e in &report.errors {
                eprintln!("{}", e.display(&report.file));
            }
        }
        return Err(Failure::Reported(format!(
            "{} in {}; no reporting line was changed",
            crate::text::count(report.error_count, "problem", "problems"),
            report.file
        ))
        .into());
    }
    let text = format!(
        "Imported {}: {} reporting lines changed, {} unchanged.",
        summary.file, summary.changed, summary.unchanged
    );
    print_result(ctx.settings.format, &summary, &text)
}
