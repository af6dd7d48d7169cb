//! How results reach the admin or a script: tables for people, JSON and CSV for programs.

use anyhow::Result;
use serde::Serialize;
use std::io::Write;
use tabled::builder::Builder;
use tabled::settings::Style;

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
            let mut writer = csv::Writer::from_writer(&mut out);
            if items.is_empty() {
                writer.write_record(T::csv_header())?;
            }
            for item in items {
                writer.serialize(item)?;
            }
            writer.flush()?;
        }
        Format::Table => {
            let mut builder = Builder::default();
            builder.push_record(T::header());
            for item in items {
                builder.push_record(item.cells());
            }
            writeln!(out, "{}", builder.build().with(Style::rounded()))?;
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
        Format::Table | Format::Csv => writeln!(out, "{text}")?,
    }
    out.flush()?;
    Ok(())
}

/// Key/value pairs of one record, drawn as a two-column table.
pub fn print_record(pairs: &[(&str, String)]) -> Result<()> {
    let mut builder = Builder::default();
    for (key, value) in pairs {
        builder.push_record([key.to_string(), value.clone()]);
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", builder.build().with(Style::rounded()))?;
    out.flush()?;
    Ok(())
}

/// A Unix time as `2026-11-27 05:41:11Z` (UTC).
pub fn timestamp(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.strftime("%Y-%m-%d %H:%M:%SZ").to_string())
        .unwrap_or_else(|_| seconds.to_string())
}

/// A Unix time as RFC 3339 (`2026-11-27T05:41:11Z`), for JSON and CSV output.
pub fn rfc3339(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|_| seconds.to_string())
}

/// serde `serialize_with` for a Unix time written as RFC 3339.
pub fn serialize_rfc3339<S: serde::Serializer>(seconds: &i64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&rfc3339(*seconds))
}
