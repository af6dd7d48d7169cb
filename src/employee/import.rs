//! Bulk upload: stream the file, check every row, and write all of it in one transaction or
//! nothing at all.

use super::columns::{Column, HeaderMap, StatusMap};
use super::graph::ReportingGraph;
use super::rules::employee_from_record;
use super::source::{CsvSource, Delimiter, Reading};
use super::{RowError, ValidationReport};
use crate::store::db::Conn;
use crate::store::staging::Staging;
use crate::store::{Store, Upsert, audit, employees};
use anyhow::{Context, Result};
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

/// What the manager column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ManagerBy {
    /// The manager's employee code
    #[default]
    Code,
    /// The manager's name, "First Last" or "Last, First", found in the file or the store
    Name,
}

#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub on_existing: OnExisting,
    pub maps: Vec<HeaderMap>,
    pub delimiter: Delimiter,
    /// The export's own status words, as active or inactive.
    pub status_maps: Vec<StatusMap>,
    pub manager_by: ManagerBy,
    /// Check and count everything, then roll back.
    pub dry_run: bool,
    pub operator: String,
}

impl ImportOptions {
    pub fn reading(&self) -> Reading<'_> {
        Reading {
            maps: &self.maps,
            delimiter: self.delimiter,
            manager_names: self.manager_by == ManagerBy::Name,
        }
    }
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
    /// Employees the file marked inactive who lost their passwords, mail and factors.
    pub offboarded: usize,
    pub dry_run: bool,
    /// The field separator read: comma, semicolon or tab.
    pub delimiter: Delimiter,
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
        options.reading(),
        &Column::ALL,
        &[Column::Code, Column::Email],
    )?;
    let mut import = Import {
        summary: ImportSummary {
            file: file.clone(),
            dry_run: options.dry_run,
            delimiter: source.delimiter,
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
    let staging = Staging::create(&tx)?;
    let mut lines = RowLines {
        max_before,
        new: Vec::new(),
        elsewhere: Default::default(),
    };
    // Loading into an empty store: secondary indexes are built once, after the rows.
    let bulk = max_before == 0 && employees::lock_if_empty(&tx)?;
    if bulk {
        employees::drop_bulk_indexes(&tx)?;
    }
    let mut writer = if bulk {
        employees::EmployeeWriter::bulk(&tx, !options.dry_run)?
    } else {
        employees::EmployeeWriter::new(&tx)?
    };
    let rows = write_rows(
        &tx,
        &staging,
        &mut writer,
        &mut source,
        options,
        &mut import,
        &mut lines,
        progress,
    )?;
    progress(source.bytes_read());
    if bulk {
        let code_index = source.layout.position(Column::Code).unwrap_or(0);
        for repeat in employees::restore_unique_code(&tx)? {
            let (Some(line), first) = (lines.new_line(repeat.id), lines.new_line(repeat.first))
            else {
                continue;
            };
            lines.forget(repeat.id);
            import.summary.added -= 1;
            import.report.push(RowError::at(
                line,
                code_index,
                &source.headers[code_index],
                &repeat.code,
                &format!(
                    "appears more than once in the file (first at line {})",
                    first.unwrap_or_default()
                ),
            ));
        }
        employees::create_bulk_indexes(&tx)?;
    }
    let manager_index = source.layout.position(Column::ManagerCode);
    if let Some(index) = manager_index
        && options.manager_by == ManagerBy::Name
    {
        let header = &source.headers[index];
        let column = (index, header.as_str());
        names::resolve(
            &tx,
            &staging,
            column,
            &rows.broken_names,
            &mut import.summary,
            &mut import.report,
        )?;
    }
    // Every class of error is reported in one pass: reporting lines are judged even when
    // rows have errors, leaving out managers that are on a broken row (that row's own error
    // says what is wrong).
    if rows.has_managers {
        check_reporting_lines(
            &tx,
            &staging,
            &lines,
            manager_index,
            &source.headers,
            &rows.broken_codes,
            &mut import.report,
        )?;
    }
    if let Some(index) = source.layout.position(Column::Status) {
        unknown_statuses(
            &rows.unknown_statuses,
            index,
            &source.headers[index],
            &mut import.report,
        );
    }
    import.report.sort();
    staging.finish()?;
    // Without a commit the search index work would be rolled back anyway.
    if import.report.is_valid() && !options.dry_run {
        writer.finish()?;
        let s = &import.summary;
        let detail = format!(
            "{file}: {} added, {} updated, {} unchanged, {} skipped",
            s.added, s.updated, s.unchanged, s.skipped
        );
        audit::record(&tx, &options.operator, "employees.import", None, &detail)?;
        // Rows the file marked inactive lose their passwords, mail and factors with it (a
        // first upload into an empty store has nothing to take away).
        if !bulk {
            import.summary.offboarded = super::records::offboard(&tx, None, &options.operator)?;
        }
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

    /// Forgets a row that was taken out again.
    fn forget(&mut self, id: i64) {
        match self.slot(id) {
            Some(slot) => {
                if let Some(line) = self.new.get_mut(slot) {
                    *line = 0;
                }
            }
            None => {
                self.elsewhere.remove(&id);
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

    fn line_of(&self, staging: &Staging<'_>, id: i64) -> Result<Option<u64>> {
        if let Some(line) = self.new_line(id) {
            return Ok(Some(line));
        }
        staging.existing_line(id)
    }
}

/// What `write_rows` saw beyond the report.
#[derive(Default)]
struct Rows {
    has_managers: bool,
    /// Codes of rows with errors (not written): a manager there is not "unknown".
    broken_codes: std::collections::HashSet<String>,
    /// Name keys (see `names::key`) of rows with errors, for the same reason.
    broken_names: std::collections::HashSet<String>,
    /// Status values that are neither active nor inactive (nor mapped), with their counts.
    unknown_statuses: std::collections::BTreeMap<String, u64>,
}

/// The most distinct unknown status values collected for the summary error.
const MAX_UNKNOWN_STATUSES: usize = 20;

/// Checks and writes each row. The file is read and checked on a thread of its own while
/// this one writes the batches it hands over (two cores: the checking no longer waits for
/// SQLite, nor SQLite for the checking); at most `IN_FLIGHT` batches wait between them.
#[allow(clippy::too_many_arguments)]
fn write_rows(
    tx: &Conn,
    staging: &Staging<'_>,
    writer: &mut employees::EmployeeWriter<'_>,
    source: &mut CsvSource<std::fs::File>,
    options: &ImportOptions,
    import: &mut Import,
    lines: &mut RowLines,
    progress: &mut dyn FnMut(u64),
) -> Result<Rows> {
    const IN_FLIGHT: usize = 4;
    let code_index = source.layout.position(Column::Code).unwrap_or(0);
    let headers = source.headers.clone();
    let sink = Sink {
        tx,
        staging,
        options,
        code_index,
        headers: &headers,
    };
    let (summary, report) = (&mut import.summary, &mut import.report);
    let (batches, received) = flume::bounded::<Batch>(IN_FLIGHT);
    let read = std::thread::scope(|scope| -> Result<Read> {
        // The sender goes with the reader: when it is done, for whatever reason, the loop
        // below sees the end.
        let reader = scope.spawn(move || read_rows(source, options, batches));
        // Dropped on the way out, so a reader still sending stops when writing fails.
        let received = received;
        // A first load into PostgreSQL goes in as one COPY (every row is new, nothing is
        // asked of the store on the way); a manager named by name is remembered in the store
        // as it comes, so that load goes batch by batch.
        let written = if writer.copies_in_one() && options.manager_by != ManagerBy::Name {
            writer.copy_all(|write| {
                received.iter().try_for_each(|batch| {
                    progress(batch.bytes_read);
                    for row in batch.rows {
                        let id = write(&row.employee, &row.key)?;
                        summary.added += 1;
                        lines.record_new(id, row.line);
                    }
                    Ok(())
                })
            })
        } else {
            received.iter().try_for_each(|mut batch| {
                progress(batch.bytes_read);
                settle(&sink, writer, &mut batch.rows, summary, report, lines)
            })
        };
        drop(received);
        let read = reader
            .join()
            .map_err(|_| anyhow::anyhow!("the thread reading the file failed"))?;
        written?;
        read
    })?;
    summary.rows += read.rows;
    report.rows += read.rows;
    report.absorb(read.report);
    Ok(read.seen)
}

/// Checked rows handed from the reading thread to the writing one.
struct Batch {
    rows: Vec<Written>,
    /// Bytes of the file read so far.
    bytes_read: u64,
}

/// What the reading thread found besides the rows it handed over.
struct Read {
    rows: u64,
    report: ValidationReport,
    seen: Rows,
}

/// Reads and checks every record, sending the valid ones in batches of `BATCH`.
fn read_rows(
    source: &mut CsvSource<std::fs::File>,
    options: &ImportOptions,
    batches: flume::Sender<Batch>,
) -> Result<Read> {
    let mut read = Read {
        rows: 0,
        report: ValidationReport::default(),
        seen: Rows::default(),
    };
    let (report, rows) = (&mut read.report, &mut read.seen);
    let mut pending: Vec<Written> = Vec::with_capacity(BATCH);
    let by_name = options.manager_by == ManagerBy::Name;
    let send = |pending: &mut Vec<Written>, bytes_read: u64| {
        let rows = std::mem::replace(pending, Vec::with_capacity(BATCH));
        // The writer stopped (and says why); nothing more to read for.
        batches.send(Batch { rows, bytes_read }).is_ok()
    };

    while let Some(mut record) = source.next_record()? {
        read.rows += 1;
        let line = record.line;
        if let Some(status) = record.get(Column::Status) {
            if let Some(mapped) = StatusMap::apply(&options.status_maps, status) {
                record.fields[Column::Status as usize] = Some(mapped.as_str().to_owned());
            } else if status.parse::<crate::model::Status>().is_err() {
                let seen = rows.unknown_statuses.len();
                match rows.unknown_statuses.get_mut(status) {
                    Some(n) => *n += 1,
                    None if seen < MAX_UNKNOWN_STATUSES => {
                        rows.unknown_statuses.insert(status.to_owned(), 1);
                    }
                    None => {}
                }
            }
        }
        // A manager's name is checked here and resolved once every row is written (it may
        // name someone further down the file).
        let mut manager_name = None;
        if by_name && let Some(name) = record.fields[Column::ManagerCode as usize].take() {
            let index = source.layout.position(Column::ManagerCode).unwrap_or(0);
            match super::rules::check_person_name(&name) {
                Err(why) => record.errors.push(RowError::at(
                    line,
                    index,
                    &source.headers[index],
                    &name,
                    &why,
                )),
                Ok(()) if name.is_empty() => {}
                Ok(()) => manager_name = Some(name),
            }
        }
        let code = record.get(Column::Code).unwrap_or_default().to_owned();
        let full_name = by_name.then(|| {
            let first = record.get(Column::FirstName).unwrap_or_default();
            names::key(&format!(
                "{first} {}",
                record.get(Column::LastName).unwrap_or_default()
            ))
        });
        let employee = match employee_from_record(record, &source.layout, &source.headers) {
            Ok(employee) => employee,
            Err(errors) => {
                report.extend(errors);
                if !code.is_empty() {
                    rows.broken_codes.insert(code);
                }
                rows.broken_names.extend(full_name);
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
        rows.has_managers |= employee.manager_code.is_some() || manager_name.is_some();
        pending.push(Written {
            line,
            key: employee.search_key(),
            employee,
            manager_name,
        });
        if pending.len() >= BATCH && !send(&mut pending, source.bytes_read()) {
            return Ok(read);
        }
    }
    send(&mut pending, source.bytes_read());
    Ok(read)
}

/// Rows written to the store a batch at a time.
const BATCH: usize = 1000;

/// A checked row waiting for its batch to be written.
struct Written {
    line: u64,
    employee: crate::model::Employee,
    /// `employee.search_key()`, made on the reading thread.
    key: String,
    manager_name: Option<String>,
}

/// What writing a batch needs besides the counts.
struct Sink<'a> {
    tx: &'a Conn,
    staging: &'a Staging<'a>,
    options: &'a ImportOptions,
    code_index: usize,
    headers: &'a [String],
}

/// Writes the waiting rows, then settles each: added, a repeat of an earlier row, or one
/// already in the store (an error, skipped or updated, as `--on-existing` says).
fn settle(
    sink: &Sink<'_>,
    writer: &mut employees::EmployeeWriter<'_>,
    pending: &mut Vec<Written>,
    summary: &mut ImportSummary,
    report: &mut ValidationReport,
    lines: &mut RowLines,
) -> Result<()> {
    let keys: Vec<String> = pending
        .iter_mut()
        .map(|w| std::mem::take(&mut w.key))
        .collect();
    let batch: Vec<&crate::model::Employee> = pending.iter().map(|w| &w.employee).collect();
    let upserts = writer.insert_batch(&batch, keys)?;
    let (code_index, headers) = (sink.code_index, sink.headers);
    for (written, upsert) in pending.drain(..).zip(upserts) {
        let Written {
            line,
            mut employee,
            manager_name,
            ..
        } = written;
        let repeated = |first: u64| {
            RowError::at(
                line,
                code_index,
                &headers[code_index],
                &employee.code,
                &format!("appears more than once in the file (first at line {first})"),
            )
        };
        match upsert {
            Upsert::Inserted(id) => {
                summary.added += 1;
                lines.record_new(id, line);
                if let Some(name) = &manager_name {
                    sink.staging.remember_name(id, line, name, false)?;
                }
            }
            Upsert::Exists(id) => {
                if let Some(first) = lines.new_line(id) {
                    report.push(repeated(first));
                    continue;
                }
                if let Some(first) = sink.staging.existing_line(id)? {
                    report.push(repeated(first));
                    continue;
                }
                sink.staging.remember_existing(id, line)?;
                match sink.options.on_existing {
                    OnExisting::Error => report.push(RowError::at(
                        line,
                        code_index,
                        &headers[code_index],
                        &employee.code,
                        "is already in the store (pass --on-existing update or skip)",
                    )),
                    OnExisting::Skip => summary.skipped += 1,
                    OnExisting::Update => {
                        if manager_name.is_some() {
                            // Compared once the name is resolved; the rest is compared now.
                            employee.manager_code = employees::manager_of(sink.tx, id)?;
                        }
                        let changed = writer.update(id, &employee)?;
                        if changed {
                            summary.updated += 1;
                        } else {
                            summary.unchanged += 1;
                        }
                        if let Some(name) = &manager_name {
                            sink.staging.remember_name(id, line, name, !changed)?;
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// One error for the file: the status words it uses that mean nothing to hrpass, and how to
/// map them.
fn unknown_statuses(
    seen: &std::collections::BTreeMap<String, u64>,
    index: usize,
    header: &str,
    report: &mut ValidationReport,
) {
    // The example maps a leaver's word to inactive where there is one.
    const LEAVERS: &[&str] = &["terminated", "left", "resigned", "former", "withdrawn"];
    let leaver = seen
        .keys()
        .find(|v| LEAVERS.iter().any(|w| v.to_lowercase().contains(w)));
    let (example, status) = match (leaver, seen.keys().next()) {
        (Some(value), _) => (value, "inactive"),
        (None, Some(value)) => (value, "active"),
        (None, None) => return,
    };
    let listed: Vec<String> = seen
        .iter()
        .map(|(value, n)| format!("{value:?} ({})", crate::text::count(*n, "row", "rows")))
        .collect();
    let quoted = if example.contains(' ') {
        format!("\"{example}={status}\"")
    } else {
        format!("{example}={status}")
    };
    report.push(RowError::header(
        index,
        header,
        &format!(
            "holds status values hrpass does not know: {}; say what each means with \
             --status-map VALUE=active|inactive, e.g. --status-map {quoted}",
            listed.join(", ")
        ),
    ));
}

fn check_reporting_lines(
    tx: &Conn,
    staging: &Staging<'_>,
    lines: &RowLines,
    manager_index: Option<usize>,
    headers: &[String],
    broken_codes: &std::collections::HashSet<String>,
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
        if broken_codes.contains(&manager) {
            continue;
        }
        let line = lines.line_of(staging, id)?.unwrap_or(0);
        let reason = "names no employee in the file or the store";
        report.push(match manager_index {
            Some(i) => RowError::at(line, i, &headers[i], &manager, reason),
            None => RowError::row(line, &format!("manager {manager:?} {reason}")),
        });
    }
    for cycle in graph.cycles() {
        let mut first_line = u64::MAX;
        for &id in &cycle {
            if let Some(line) = lines.line_of(staging, id)? {
                first_line = first_line.min(line);
            }
        }
        report.push(RowError::row(first_line, &cycle_message(tx, &cycle)?));
    }
    Ok(())
}

/// `--manager-by name`: managers given by name, resolved against the file and the store.
mod names {
    use super::{ImportSummary, RowError, ValidationReport};
    use crate::model::fold;
    use crate::store::db::Conn;
    use crate::store::employees;
    use crate::store::staging::Staging;
    use anyhow::Result;
    use std::collections::{HashMap, HashSet};

    /// How many employees an unknown or ambiguous name lists.
    const CANDIDATES: usize = 5;

    /// "Last, First" and "First Last" as one key: "first last", folded (case and accents)
    /// with runs of spaces as one.
    pub fn key(name: &str) -> String {
        let ordered = match name.split_once(',') {
            Some((last, first)) => format!("{first} {last}"),
            None => name.to_owned(),
        };
        fold(&ordered)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The surname a written name gives: before the comma, else its last word.
    fn surname(name: &str) -> String {
        let last = match name.split_once(',') {
            Some((last, _)) => last,
            None => name.split_whitespace().last().unwrap_or_default(),
        };
        fold(last.trim())
    }

    /// Sets each row's manager from its name, or reports the name as unknown or ambiguous
    /// with the candidates. One pass over the employees, whatever the number of names.
    pub fn resolve(
        tx: &Conn,
        staging: &Staging<'_>,
        (index, header): (usize, &str),
        broken_names: &HashSet<String>,
        summary: &mut ImportSummary,
        report: &mut ValidationReport,
    ) -> Result<()> {
        let pending = staging.pending_names()?;
        if pending.is_empty() {
            return Ok(());
        }
        // (code, "First Last (Department)") of each employee a name may mean.
        let mut exact: HashMap<String, Vec<(String, String)>> =
            pending.iter().map(|p| (key(&p.name), Vec::new())).collect();
        let mut same_surname: HashMap<String, Vec<(String, String)>> = pending
            .iter()
            .map(|p| (surname(&p.name), Vec::new()))
            .collect();
        employees::for_each(tx, |e| {
            let shown = || {
                let who = format!("{} {} {}", e.code, e.first_name, e.last_name);
                match e.department.as_str() {
                    "" => (e.code.clone(), who),
                    dept => (e.code.clone(), format!("{who} ({dept})")),
                }
            };
            if let Some(found) = exact.get_mut(&key(&format!("{} {}", e.first_name, e.last_name)))
                && found.len() <= CANDIDATES
            {
                found.push(shown());
            }
            if let Some(found) = same_surname.get_mut(&fold(e.last_name.trim()))
                && found.len() < CANDIDATES
            {
                found.push(shown());
            }
            Ok(())
        })?;
        let listed = |found: &[(String, String)]| {
            let mut text: Vec<&str> = found
                .iter()
                .take(CANDIDATES)
                .map(|(_, s)| s.as_str())
                .collect();
            if found.len() > CANDIDATES {
                text.push("…");
            }
            text.join(", ")
        };
        for p in &pending {
            let error = |reason: String| RowError::at(p.line, index, header, &p.name, &reason);
            match exact[&key(&p.name)].as_slice() {
                [(code, _)] if *code == p.code => {
                    report.push(error("an employee cannot be their own manager".into()));
                }
                [(code, _)] => {
                    if employees::set_manager(tx, p.id, Some(code))? && p.unchanged {
                        summary.unchanged -= 1;
                        summary.updated += 1;
                    }
                }
                [] if broken_names.contains(&key(&p.name)) => {}
                [] => {
                    let others = &same_surname[&surname(&p.name)];
                    report.push(error(if others.is_empty() {
                        "names no employee in the file or the store".into()
                    } else {
                        format!(
                            "names no employee in the file or the store; with that surname: {}",
                            listed(others)
                        )
                    }));
                }
                several => report.push(error(format!(
                    "is ambiguous: {} employees have that name ({}); put the manager's code \
                     in these rows instead and import with --map \"{header}=manager_code\" \
                     (without --manager-by name)",
                    if several.len() > CANDIDATES {
                        format!("more than {CANDIDATES}")
                    } else {
                        several.len().to_string()
                    },
                    listed(several)
                ))),
            }
        }
        Ok(())
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn both_name_orders_give_one_key() {
            assert_eq!(key("Smith, Jane"), "jane smith");
            assert_eq!(key("  Jane   Smith "), "jane smith");
            assert_eq!(key("Müller, Jürgen"), key("Jurgen Muller"));
            assert_eq!(surname("Smith, Jane"), "smith");
            assert_eq!(surname("Jane van Dijk"), "dijk");
        }
    }
}

/// "reporting cycle: E1 → E2 → E3 → E1", the column it is in and how to break it.
pub(super) fn cycle_message(conn: &Conn, cycle: &[i64]) -> Result<String> {
    let mut codes = employees::codes_of(conn, cycle)?;
    codes.push(codes[0].clone());
    let first = codes[0].clone();
    let joined = codes.join(" → ");
    Ok(format!(
        "reporting cycle: {joined} (in the manager_code column, each reports to the next); \
         give one of them another manager, or none (an empty manager_code for {first}), to \
         break it"
    ))
}

/// Writes the rows that have errors, as they are in the input, with `line` and `error` columns.
pub fn write_report(
    input: &Path,
    reading: Reading<'_>,
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
    let mut writer = crate::text::SafeCsv::new(&mut file);
    let mut source = CsvSource::open(input, reading, &Column::ALL, &[])?;
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
