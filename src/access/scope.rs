//! An operator's scope: which employees they see and act on. Departments (compared as
//! `employees search --department` compares them, case aside) and/or everyone below one
//! employee in the reporting graph (not that employee).

use crate::model::StoredEmployee;
use crate::store::db::Conn;
use anyhow::Result;
use std::fmt;

/// How deep `contains` walks up a reporting line (the graph has no cycles: every write path
/// refuses one; the bound only keeps a damaged store from looping).
const MAX_DEPTH: i64 = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Scope {
    /// Every employee (an hr-admin; an auditor without a narrower scope).
    pub everyone: bool,
    pub departments: Vec<String>,
    pub reports_to: Option<String>,
}

impl Scope {
    pub fn everyone() -> Scope {
        Scope {
            everyone: true,
            ..Scope::default()
        }
    }

    /// A scope of these departments and/or everyone below `reports_to`; everyone when both
    /// are empty.
    pub fn of(departments: Vec<String>, reports_to: Option<String>) -> Scope {
        Scope {
            everyone: departments.is_empty() && reports_to.is_none(),
            departments,
            reports_to,
        }
    }

    /// Whether the employee is in the scope.
    pub fn contains(&self, conn: &Conn, e: &StoredEmployee) -> Result<bool> {
        if self.everyone {
            return Ok(true);
        }
        let department = e.employee.department.to_lowercase();
        if self
            .departments
            .iter()
            .any(|d| d.to_lowercase() == department)
        {
            return Ok(true);
        }
        let Some(top) = &self.reports_to else {
            return Ok(false);
        };
        conn.value(
            "WITH RECURSIVE up (code, depth) AS (
                 SELECT manager_code, 1 FROM employees WHERE id = $1
                 UNION ALL
                 SELECT e.manager_code, u.depth + 1 FROM employees e JOIN up u ON e.code = u.code
                 WHERE u.depth < $3)
             SELECT EXISTS (SELECT 1 FROM up WHERE code = $2)",
            &[&e.id, top, &MAX_DEPTH],
        )
    }

    /// The ids of the employees in the scope.
    pub fn ids(&self, conn: &Conn) -> Result<std::collections::HashSet<i64>> {
        Ok(self.column(conn, "id")?.into_iter().collect())
    }

    /// The codes of the employees in the scope.
    pub fn codes(&self, conn: &Conn) -> Result<std::collections::HashSet<String>> {
        Ok(self.column(conn, "code")?.into_iter().collect())
    }

    fn column<T: crate::store::db::Column>(&self, conn: &Conn, column: &str) -> Result<Vec<T>> {
        let (condition, values) = self
            .numbered("e", 1)
            .unwrap_or_else(|| ("1 = 1".to_owned(), Vec::new()));
        conn.query(
            &format!("SELECT e.{column} FROM employees e WHERE {condition}"),
            &crate::store::db::params_of(&values),
            |r| r.get(0),
        )
    }

    /// `condition` with placeholders numbered from `$first` on, and their values in order.
    pub fn numbered(&self, alias: &str, first: usize) -> Option<(String, Vec<String>)> {
        let mut values = Vec::new();
        let condition = self.condition(alias, |value| {
            values.push(value);
            format!("${}", first + values.len() - 1)
        })?;
        Some((condition, values))
    }

    /// The scope as a condition on the employees table under `alias`, with its values bound
    /// by `bind` (which returns each one's placeholder); `None` for everyone.
    pub fn condition(&self, alias: &str, mut bind: impl FnMut(String) -> String) -> Option<String> {
        if self.everyone {
            return None;
        }
        let mut any = Vec::new();
        if !self.departments.is_empty() {
            let list: Vec<String> = self
                .departments
                .iter()
                .map(|d| bind(d.to_lowercase()))
                .collect();
            any.push(format!(
                "lower({alias}.department) IN ({})",
                list.join(", ")
            ));
        }
        if let Some(top) = &self.reports_to {
            let p = bind(top.clone());
            any.push(format!(
                "{alias}.code IN (WITH RECURSIVE below (code) AS (
                     SELECT code FROM employees WHERE manager_code = {p}
                     UNION SELECT x.code FROM employees x JOIN below b ON x.manager_code = b.code)
                 SELECT code FROM below)"
            ));
        }
        Some(match any.is_empty() {
            true => "1 = 0".to_owned(),
            false => format!("({})", any.join(" OR ")),
        })
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.everyone {
            return f.write_str("everyone");
        }
        let mut parts = Vec::new();
        if !self.departments.is_empty() {
            parts.push(format!("departments {}", self.departments.join(", ")));
        }
        if let Some(top) = &self.reports_to {
            parts.push(format!("everyone below {top}"));
        }
        match parts.is_empty() {
            true => f.write_str("nobody"),
            false => f.write_str(&parts.join("; ")),
        }
    }
}
