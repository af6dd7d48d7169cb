//! Reporting relationships uploaded on their own: (employee_code, manager_code) pairs.

use super::columns::Column;
use super::graph::ReportingGraph;
use super::import::cycle_message;
use super::rules::check_field;
use super::source::CsvSource;
use super::{RowError, ValidationReport};
use crate::store::{Store, audit, employees};
use anyhow::Result;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone, Default, Serialize)]
pub struct RelationsSummary {
    pub file: String,
    pub rows: u64,
    pub changed: u64,
    pub unchanged: u64,
}

/// Sets each listed employee's manager (an empty manager_code clears it), all or nothing.
pub fn import_relations(
    store: &mut Store,
    path: &Path,
    reading: super::source::Reading<'_>,
    operator: &str,
) -> Result<(RelationsSummary, ValidationReport)> {
    let file = path.display().to_string();
    let columns = [Column::Code, Column::ManagerCode];
    let mut source = CsvSource::open(path, reading, &columns, &columns)?;
    let mut summary = RelationsSummary {
        file: file.clone(),
        ..Default::default()
    };
    let mut report = ValidationReport::new(&file);
    if !source.header_errors.is_empty() {
        report.extend(std::mem::take(&mut source.header_errors));
        return Ok((summary, report));
    }
    let code_at = source.layout.position(Column::Code).unwrap_or(0);
    let manager_at = source.layout.position(Column::ManagerCode).unwrap_or(0);

    let tx = store.write()?;
    let mut line_of: HashMap<i64, u64> = HashMap::new();
    {
        while let Some(record) = source.next_record()? {
            summary.rows += 1;
            report.rows += 1;
            let line = record.line;
            let at = |index: usize, value: &str, reason: &str| {
                RowError::at(line, index, &source.headers[index], value, reason)
            };
            let code = record.get(Column::Code).unwrap_or_default();
            let manager = record.get(Column::ManagerCode).unwrap_or_default();
            let mut errors = record.errors.clone();
            if let Err(why) = check_field(Column::Code, code) {
                errors.push(at(code_at, code, &why));
            }
            if let Err(why) = check_field(Column::ManagerCode, manager) {
                errors.push(at(manager_at, manager, &why));
            } else if !code.is_empty() && code == manager {
                errors.push(at(
                    manager_at,
                    manager,
                    "an employee cannot be their own manager",
                ));
            }
            let employee = employees::find(&tx, code)?;
            if employee.is_none() && !code.is_empty() {
                errors.push(at(code_at, code, "no employee has this code"));
            }
            if !manager.is_empty() && employees::find(&tx, manager)?.is_none() {
                errors.push(at(manager_at, manager, "no employee has this code"));
            }
            if let Some(e) = &employee
                && let Some(first) = line_of.insert(e.id, line)
            {
                errors.push(at(
                    code_at,
                    code,
                    &format!("appears more than once in the file (first at line {first})"),
                ));
            }
            if !errors.is_empty() {
                report.extend(errors);
                continue;
            }
            if let Some(e) = employee {
                let manager = (!manager.is_empty()).then_some(manager);
                if employees::set_manager(&tx, e.id, manager)? {
                    summary.changed += 1;
                } else {
                    summary.unchanged += 1;
                }
            }
        }
    }
    if report.is_valid() {
        let mut graph = ReportingGraph::default();
        employees::reporting_lines(&tx, |e, m| graph.add(e, m), |_, _| {})?;
        for cycle in graph.cycles() {
            let line = cycle
                .iter()
                .filter_map(|id| line_of.get(id))
                .min()
                .copied()
                .unwrap_or(0);
            report.push(RowError::row(line, &cycle_message(&tx, &cycle)?));
        }
    }
    report.sort();
    if report.is_valid() {
        let detail = format!(
            "{file}: {} changed, {} unchanged",
            summary.changed, summary.unchanged
        );
        audit::record(&tx, operator, "relations.import", None, &detail)?;
        tx.commit()?;
    }
    Ok((summary, report))
}
