//! How results reach the admin or a script: tables for people, JSON and CSV for programs.

use crate::text::{SafeCsv, escape_line, escape_text};
use anyhow::Result;
use serde::Serialize;
use std::io::Write;
use tabled::builder::Builder;
use tabled::settings::peaker::Priority;
use tabled::settings::{Style, Width};

/// `--format`: how listings and summaries are printed on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Json,
    Csv,
}

/// A row of a table drawn for people; JSON and CSV use the type's serde form instead.
pub trait TableRow {
    fn header() -> Vec<&'static str>;
    fn cells(&self) -> Vec<String>;
    /// The CSV header, written even when there are no rows; by default the table's.
    fn csv_header() -> Vec<&'static str> {
        Self::header()
    }
}

/// The width tables must fit: `COLUMNS` when set (as `ls` and `ps` take it), else the
/// terminal's when stdout is one; `None` (draw at full width) for pipes and files, so a
/// script that greps a table still gets whole lines.
fn table_width() -> Option<usize> {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
    {
        return Some(columns);
    }
    console::Term::stdout()
        .size_checked()
        .map(|(_, columns)| usize::from(columns))
}

/// Draws a table, its widest columns wrapped (at word boundaries where it can) until it fits
/// `table_width`, as kubectl and gh keep their listings readable at 80 columns.
fn draw(builder: Builder) -> String {
    let mut table = builder.build();
    table.with(Style::rounded());
    if let Some(width) = table_width() {
        table.with(
            Width::wrap(width)
                .priority(Priority::max(true))
                .keep_words(true),
        );
    }
    table.to_string()
}

/// Prints a list of records in the chosen format.
pub fn print_list<T: TableRow + Serialize>(format: Format, items: &[T]) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, items)?;
            writeln!(out)?;
        }
        Format::Csv => {
            let mut writer = SafeCsv::new(&mut out);
            if items.is_empty() {
                writer.header(&T::csv_header())?;
            }
            for item in items {
                writer.serialize(item)?;
            }
            writer.finish()?;
        }
        Format::Table if items.is_empty() => writeln!(out, "Nothing to list.")?,
        Format::Table => {
            let mut builder = Builder::default();
            builder.push_record(T::header());
            for item in items {
                builder.push_record(item.cells().iter().map(|c| escape_line(c).into_owned()));
            }
            writeln!(out, "{}", draw(builder))?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Prints one result: JSON as a document, otherwise the human sentence `text`.
pub fn print_result<T: Serialize>(format: Format, value: &T, text: &str) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, value)?;
            writeln!(out)?;
        }
        Format::Table | Format::Csv => writeln!(out, "{}", escape_text(text))?,
    }
    out.flush()?;
    Ok(())
}

/// Key/value pairs of one record, drawn as a two-column table.
pub fn print_record(pairs: &[(&str, String)]) -> Result<()> {
    let mut builder = Builder::default();
    for (key, value) in pairs {
        builder.push_record([key.to_string(), escape_line(value).into_owned()]);
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", draw(builder))?;
    out.flush()?;
    Ok(())
}
