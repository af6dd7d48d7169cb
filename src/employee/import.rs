//! Bulk upload: stream the file, check every row, and write all of it in one transaction or
//! nothing at all.

use super::columns::{Column, HeaderMap};
use super::graph::ReportingGraph;
use super::rules::employee_from_record;
use super::source::CsvSource;
use super::{RowError, ValidationReport};
use crate::store::{Store, Upsert, audit, employees};
use anyhow::{Context, Result};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

/// What to do with a row whose employee code is already in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnExisting {
    Update,
    Skip,
    #[default]
    Error,
}

impl FromStr for OnExisting {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "update" => Ok(OnExisting::Update),
            "skip" => Ok(OnExisting::Skip),
            "error" => Ok(OnExisting::Error),
            other => Err(format!("unknown choice {other:?} (update, skip or error)")),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub on_existing: OnExisting,
    pub maps: Vec<HeaderMap>,
    /// Check and count everything, then roll back.
    pub dry_run: bool,
    pub operator: String,
}

/// What an upload did (or, with dry_run or errors, would have done).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportSummary {
    pub file: String,
    pub rows: u64,
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub skipped: u64,
    pub dry_run: bool,
    /// Headers that name none of our columns; ignored.
    pub ignored_columns: Vec<String>,
}

#[derive(Debug)]
pub struct Import {
    pub summary: ImportSummary,
    pub report: ValidationReport,
}

/// Reads `path`, checks every row, and writes the employees in one transaction when, and only
/// when, there is no error and this is no dry run. `progress` is told the bytes read so far.
pub fn import(
    store: &mut Store,
    path: &Path,
    options: &ImportOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<Import> {
    let file = path.display().to_string();
    let mut source = CsvSource::open(
        path,
        &options.maps,
        &Column::ALL,
        &[Column::Code, Column::Email],
    )?;
    let mut import = Import {
        summary: ImportSummary {
            file: file.clone(),
            dry_run: options.dry_run,
            ignored_columns: source.unknown.clone(),
            ..ImportSummary::default()
        },
        report: ValidationReport::new(&file),
    };
    if !source.header_errors.is_empty() {
        import
            .report
            .extend(std::mem::take(&mut source.header_errors));
        return Ok(import);
    }

    let tx = store.write()?;
    let max_before = employees::max_id(&tx)?;
    tx.execute_batch(
        "CREATE TEMP TABLE import_existing (id INTEGER PRIMARY KEY, line INTEGER NOT NULL)",
    )?;
    let mut lines = RowLines {
        max_before,
        new: Vec::new(),
        elsewhere: Default::default(),
    };
    // Loading into an empty store: secondary indexes are built once, after the rows.
    let bulk = max_before == 0;
    if bulk {
        employees::drop_bulk_indexes(&tx)?;
    }
    let mut writer = employees::EmployeeWriter::new(&tx)?;
    let has_managers = write_rows(
        &tx,
        &mut writer,
        &mut source,
        options,
        &mut import,
        &mut lines,
        progress,
    )?;
    progress(source.bytes_read());
    if bulk {
        employees::create_bulk_indexes(&tx)?;
    }

    // Reporting lines are judged once every row is valid: a manager on a broken row would
    // otherwise show up again as an unknown manager.
    if import.report.is_valid() && has_managers {
        let code_index = source.layout.position(Column::ManagerCode);
        check_reporting_lines(&tx, &lines, code_index, &source.headers, &mut import.report)?;
    }
    import.report.sort();
    tx.execute_batch("DROP TABLE temp.import_existing")?;
    // Without a commit the search index work would be rolled back anyway.
    if import.report.is_valid() && !options.dry_run {
        writer.finish()?;
        let s = &import.summary;
        let detail = format!(
            "{file}: {} added, {} updated, {} unchanged, {} skipped",
            s.added, s.updated, s.unchanged, s.skipped
        );
        audit::record(&tx, &options.operator, "employees.import", None, &detail)?;
        tx.commit()?;
    }
    Ok(import)
}

/// The file line each written row came from, to point errors found later at their line.
struct RowLines {
    max_before: i64,
    /// Lines of rows added by this upload, indexed by row id − max_before − 1 (four bytes a
    /// row keeps a million-row upload's memory small).
    new: Vec<u32>,
    /// Rows whose id does not follow on (SQLite picks ids at random once the largest id is
    /// taken): looked up by id.
    elsewhere: std::collections::HashMap<i64, u32>,
}

/// The most rows `RowLines` indexes directly.
const DIRECT_ROWS: i64 = 64 * 1024 * 1024;

impl RowLines {
    fn slot(&self, id: i64) -> Option<usize> {
        let offset = id.checked_sub(self.max_before)?.checked_sub(1)?;
        (0..DIRECT_ROWS)
            .contains(&offset)
            .then_some(offset as usize)
    }

    fn record_new(&mut self, id: i64, line: u64) {
        let line = u32::try_from(line).unwrap_or(u32::MAX);
        match self.slot(id) {
            Some(slot) => {
                if self.new.len() <= slot {
                    self.new.resize(slot + 1, 0);
                }
                self.new[slot] = line;
            }
            None => {
                self.elsewhere.insert(id, line);
            }
        }
    }

    fn new_line(&self, id: i64) -> Option<u64> {
        let line = match self.slot(id) {
            Some(slot) => self.new.get(slot).copied().filter(|&l| l != 0),
            None => self.elsewhere.get(&id).copied(),
        };
        line.map(u64::from)
    }

    fn line_of(&self, conn: &Connection, id: i64) -> Result<Option<u64>> {
        if let Some(line) = self.new_line(id) {
            return Ok(Some(line));
        }
        existing_line(conn, id)
    }
}

fn existing_line(conn: &Connection, id: i64) -> Result<Option<u64>> {
    Ok(conn
        .prepare_cached("SELECT line FROM temp.import_existing WHERE id = ?1")?
        .query_row([id], |r| r.get::<_, i64>(0))
        .optional()?
        .map(|line| line as u64))
}

/// Checks and writes each row; returns whether any row names a manager.
fn write_rows(
    tx: &Connection,
    writer: &mut employees::EmployeeWriter<'_>,
    source: &mut CsvSource<std::fs::File>,
    options: &ImportOptions,
    import: &mut Import,
    lines: &mut RowLines,
    progress: &mut dyn FnMut(u64),
) -> Result<bool> {
    const PROGRESS_EVERY: u64 = 4096;
    let mut remember = tx.prepare("INSERT INTO temp.import_existing (id, line) VALUES (?1, ?2)")?;
    let code_index = source.layout.position(Column::Code).unwrap_or(0);
    let (summary, report) = (&mut import.summary, &mut import.report);
    let mut has_managers = false;

    while let Some(record) = source.next_record()? {
        summary.rows += 1;
        report.rows += 1;
        if summary.rows % PROGRESS_EVERY == 0 {
            progress(source.bytes_read());
        }
        let line = record.line;
        let employee = match employee_from_record(record, &source.layout, &source.headers) {
            Ok(employee) => employee,
            Err(errors) => {
                report.extend(errors);
                continue;
            }
        };
        for (column, why) in super::rules::warnings(&employee) {
            if let Some(index) = source.layout.position(column) {
                let value = super::rules::value_of(&employee, column);
                report.warn(RowError::at(
                    line,
                    index,
                    &source.headers[index],
                    &value,
                    &why,
                ));
            }
        }
        has_managers |= employee.manager_code.is_some();
        let repeated = |first: u64| {
            RowError::at(
                line,
                code_index,
                &source.headers[code_index],
                &employee.code,
                &format!("appears more than once in the file (first at line {first})"),
            )
        };
        match writer.insert(&employee)? {
            Upsert::Inserted(id) => {
                summary.added += 1;
                lines.record_new(id, line);
            }
            Upsert::Exists(id) => {
                if let Some(first) = lines.new_line(id) {
                    report.push(repeated(first));
                    continue;
                }
                if let Some(first) = existing_line(tx, id)? {
                    report.push(repeated(first));
                    continue;
                }
                remember.execute(rusqlite::params![id, line as i64])?;
                match options.on_existing {
                    OnExisting::Error => report.push(RowError::at(
                        line,
                        code_index,
                        &source.headers[code_index],
                        &employee.code,
                        "is already in the store (pass --on-existing update or skip)",
                    )),
                    OnExisting::Skip => summary.skipped += 1,
                    OnExisting::Update if writer.update(id, &employee)? => summary.updated += 1,
                    OnExisting::Update => summary.unchanged += 1,
                }
            }
        }
    }
    Ok(has_managers)
}

fn check_reporting_lines(
    tx: &Connection,
    lines: &RowLines,
    manager_index: Option<usize>,
    headers: &[String],
    report: &mut ValidationReport,
) -> Result<()> {
    let mut graph = ReportingGraph::default();
    let mut unknown = Vec::new();
    employees::reporting_lines(
        tx,
        |e, m| graph.add(e, m),
        |e, code| unknown.push((e, code)),
    )?;
    for (id, manager) in unknown {
        let line = lines.line_of(tx, id)?.unwrap_or(0);
        let reason = "names no employee in the file or the store";
        report.push(match manager_index {
            Some(i) => RowError::at(line, i, &headers[i], &manager, reason),
            None => RowError::row(line, &format!("manager {manager:?} {reason}")),
        });
    }
    if !report.is_valid() {
        return Ok(());
    }
    for cycle in graph.cycles() {
        let mut first_line = u64::MAX;
        for &id in &cycle {
            if let Some(line) = lines.line_of(tx, id)? {
                first_line = first_line.min(line);
            }
        }
        report.push(RowError::row(first_line, &cycle_message(tx, &cycle)?));
    }
    Ok(())
}

/// "reporting cycle: E1 → E2 → E3 → E1".
pub(super) fn cycle_message(conn: &Connection, cycle: &[i64]) -> Result<String> {
    let mut codes = employees::codes_of(conn, cycle)?;
    codes.push(codes[0].clone());
    Ok(format!("reporting cycle: {}", codes.join(" → ")))
}

/// Writes the rows that have errors, as they are in the input, with `line` and `error` columns.
pub fn write_report(
    input: &Path,
    maps: &[HeaderMap],
    report: &ValidationReport,
    out: &Path,
) -> Result<()> {
    let mut by_line: HashMap<u64, Vec<String>> = HashMap::new();
    for e in &report.errors {
        let text = match (&e.header, e.column) {
            (Some(h), _) => format!("{h}: {}", e.reason),
            (None, Some(c)) => format!("column {c}: {}", e.reason),
            (None, None) => e.reason.clone(),
        };
        by_line.entry(e.line).or_default().push(text);
    }
    let mut file = crate::paths::PrivateFile::create(out)
        .with_context(|| format!("cannot write the report {}", out.display()))?;
    let mut writer = crate::output::SafeCsv::new(&mut file);
    let mut source = CsvSource::open(input, maps, &Column::ALL, &[])?;
    let width = source.headers.len();
    let mut header: Vec<String> = source.headers.clone();
    header.extend(["line".to_owned(), "error".to_owned()]);
    // The header comes from the file: neutralised like any cell it holds.
    writer.row(&header)?;
    if let Some(errors) = by_line.get(&1) {
        let mut row = vec![String::new(); width];
        row.extend(["1".to_owned(), errors.join("; ")]);
        writer.row(&row)?;
    }
    while let Some(record) = source.next_record()? {
        if let Some(errors) = by_line.get(&record.line) {
            let raw = source.raw();
            let mut row: Vec<&[u8]> = (0..width).map(|i| raw.get(i).unwrap_or_default()).collect();
            let (line, joined) = (record.line.to_string(), errors.join("; "));
            row.extend([line.as_bytes(), joined.as_bytes()]);
            writer.row(row)?;
        }
    }
    writer.finish()?;
    file.commit()
        .with_context(|| format!("cannot write the report {}", out.display()))
}
