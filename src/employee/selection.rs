//! Turning what an admin types (a code or a name) into employees, and the selection list.

use crate::access::Scope;
use crate::model::{StoredEmployee, fold};
use crate::store::{EmployeeFilter, Store, audit, employees, selection};
use anyhow::Result;

/// How many candidates an ambiguous name lists at most.
pub const MAX_CANDIDATES: usize = 25;

/// What a typed name or code matched.
#[derive(Debug)]
pub enum Match {
    One(StoredEmployee),
    /// Several employees fit; `more` says whether there were more than listed.
    Ambiguous {
        candidates: Vec<StoredEmployee>,
        more: bool,
    },
    None,
}

/// Exact code first, then full name, then a substring of code, name or email that only one
/// employee has. Names and substrings match only within `scope` (an operator's: nobody
/// outside it is listed as a candidate); an exact code matches whoever has it, for the
/// caller to refuse by name.
pub fn resolve(store: &Store, term: &str, scope: Option<&Scope>) -> Result<Match> {
    let conn = store.conn();
    if let Some(e) = employees::find_code(conn, term)? {
        return Ok(Match::One(e));
    }
    let folded = fold(term.trim());
    let mut by_name = employees::find_by_full_name(conn, &folded)?;
    if let Some(scope) = scope {
        let mut kept = Vec::with_capacity(by_name.len());
        for e in by_name {
            if scope.contains(conn, &e)? {
                kept.push(e);
            }
        }
        by_name = kept;
    }
    let mut found = if by_name.is_empty() {
        let filter = EmployeeFilter {
            text: Some(term.trim().to_owned()),
            limit: Some(MAX_CANDIDATES as u64 + 1),
            scope: scope.cloned(),
            ..EmployeeFilter::default()
        };
        employees::search(conn, &filter)?
    } else {
        by_name
    };
    Ok(match found.len() {
        0 => Match::None,
        1 => Match::One(found.remove(0)),
        _ => {
            let more = found.len() > MAX_CANDIDATES;
            found.truncate(MAX_CANDIDATES);
            Match::Ambiguous {
                candidates: found,
                more,
            }
        }
    })
}

/// Counts of a change to the selection.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct SelectionChange {
    pub changed: usize,
    pub unchanged: usize,
}

/// Adds employees to the selection in one transaction.
pub fn add(
    store: &mut Store,
    chosen: &[StoredEmployee],
    operator: &str,
) -> Result<SelectionChange> {
    apply(store, chosen, operator, "selection.add", |tx, id| {
        selection::add(tx, id, operator)
    })
}

/// Removes employees from the selection in one transaction.
pub fn remove(
    store: &mut Store,
    chosen: &[StoredEmployee],
    operator: &str,
) -> Result<SelectionChange> {
    apply(
        store,
        chosen,
        operator,
        "selection.remove",
        selection::remove,
    )
}

/// Applies `step` to each employee in one transaction, auditing those it changed.
fn apply(
    store: &mut Store,
    chosen: &[StoredEmployee],
    operator: &str,
    action: &str,
    step: impl Fn(&crate::store::db::Conn, i64) -> Result<bool>,
) -> Result<SelectionChange> {
    let tx = store.write()?;
    let mut change = SelectionChange::default();
    for e in chosen {
        if step(&tx, e.id)? {
            change.changed += 1;
            audit::record(&tx, operator, action, Some(&e.employee.code), "")?;
        } else {
            change.unchanged += 1;
        }
    }
    tx.commit()?;
    Ok(change)
}

/// Empties the selection; returns how many were on it.
pub fn clear(store: &mut Store, operator: &str) -> Result<usize> {
    let tx = store.write()?;
    let cleared = selection::clear(&tx)?;
    audit::record(
        &tx,
        operator,
        "selection.clear",
        None,
        &format!("{cleared} removed"),
    )?;
    tx.commit()?;
    Ok(cleared)
}
