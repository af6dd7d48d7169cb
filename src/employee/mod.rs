//! Employees: the rules for a valid record, bulk upload, reporting lines and the selection.

pub mod columns;
pub mod graph;
pub mod guard;
pub mod import;
pub mod records;
pub mod relations;
pub mod rules;
pub mod selection;
pub mod source;

use serde::Serialize;
use std::fmt::Write as _;

/// One problem with an input file, located by line and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub line: u64,
    /// 1-based column number, when the problem belongs to one field.
    pub column: Option<usize>,
    /// The column's header as the file writes it.
    pub header: Option<String>,
    pub value: Option<String>,
    pub reason: String,
}

/// How much of a value an error message shows.
const SHOWN_VALUE_CHARS: usize = 60;

impl RowError {
    /// A problem with the whole row.
    pub fn row(line: u64, reason: &str) -> RowError {
        RowError {
            line,
            column: None,
            header: None,
            value: None,
            reason: reason.to_owned(),
        }
    }

    /// A problem with the field at 0-based `index`.
    pub fn at(line: u64, index: usize, header: &str, value: &str, reason: &str) -> RowError {
        RowError {
            line,
            column: Some(index + 1),
            header: Some(header.to_owned()),
            value: Some(value.to_owned()),
            reason: reason.to_owned(),
        }
    }

    /// A problem with the header of the column at 0-based `index`.
    pub fn header(index: usize, header: &str, reason: &str) -> RowError {
        RowError {
            line: 1,
            column: Some(index + 1),
            header: Some(header.to_owned()),
            value: None,
            reason: reason.to_owned(),
        }
    }

    /// `file:line:column: header "value": reason`, with control characters escaped.
    pub fn display(&self, file: &str) -> String {
        let mut out = format!("{file}:{}", self.line);
        if let Some(column) = self.column {
            let _ = write!(out, ":{column}");
        }
        out.push_str(": ");
        if let Some(header) = &self.header {
            let _ = write!(out, "{header} ");
        }
        if let Some(value) = &self.value {
            let shown: String = value.chars().take(SHOWN_VALUE_CHARS).collect();
            let ellipsis = if shown.len() < value.len() { "…" } else { "" };
            let _ = write!(out, "{shown:?}{ellipsis} ");
        }
        if self.header.is_some() || self.value.is_some() {
            out.truncate(out.trim_end().len());
            out.push_str(": ");
        }
        out.push_str(&self.reason);
        crate::text::escape_line(&out).into_owned()
    }
}

/// Every problem found in a file, kept up to a limit and counted beyond it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ValidationReport {
    pub file: String,
    /// Data rows read (the header not counted).
    pub rows: u64,
    pub error_count: u64,
    pub errors: Vec<RowError>,
    /// Valid but worth a look (a code that mixes scripts, say); they do not stop an upload.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<RowError>,
}

impl ValidationReport {
    /// Errors kept for the report file; beyond this only the count grows.
    pub const KEPT: usize = 100_000;

    pub fn new(file: &str) -> ValidationReport {
        ValidationReport {
            file: file.to_owned(),
            ..ValidationReport::default()
        }
    }

    pub fn push(&mut self, error: RowError) {
        self.error_count += 1;
        if self.errors.len() < Self::KEPT {
            self.errors.push(error);
        }
    }

    pub fn warn(&mut self, warning: RowError) {
        if self.warnings.len() < Self::KEPT {
            self.warnings.push(warning);
        }
    }

    pub fn extend(&mut self, errors: impl IntoIterator<Item = RowError>) {
        errors.into_iter().for_each(|e| self.push(e));
    }

    pub fn is_valid(&self) -> bool {
        self.error_count == 0
    }

    /// Takes in the errors and warnings of another report on the same file.
    pub fn absorb(&mut self, other: ValidationReport) {
        self.error_count += other.error_count;
        let room = Self::KEPT.saturating_sub(self.errors.len());
        self.errors.extend(other.errors.into_iter().take(room));
        let room = Self::KEPT.saturating_sub(self.warnings.len());
        self.warnings.extend(other.warnings.into_iter().take(room));
    }

    /// Errors in file order.
    pub fn sort(&mut self) {
        self.errors.sort_by_key(|e| (e.line, e.column));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_names_file_line_column_header_value_and_reason() {
        let e = RowError::at(14, 3, "Email", "bob@", "not a valid email address");
        assert_eq!(
            e.display("staff.csv"),
            r#"staff.csv:14:4: Email "bob@": not a valid email address"#
        );
        let e = RowError::row(2, "the row has 3 fields but the header has 8");
        assert_eq!(
            e.display("a.csv"),
            "a.csv:2: the row has 3 fields but the header has 8"
        );
    }

    #[test]
    fn control_characters_in_values_are_shown_escaped() {
        let e = RowError::at(
            5,
            0,
            "first_name",
            "Ann\r\nBcc: x",
            "contains a control character",
        );
        assert!(e.display("f.csv").contains(r#""Ann\r\nBcc: x""#));
    }
}
