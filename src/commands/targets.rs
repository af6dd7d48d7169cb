//! Which employees a sending command mails: the selection, `--to`, `--all`, a department,
//! the non-compliant or the expired.

use crate::context::Ctx;
use crate::credential;
use crate::delivery::send::Problem;
use crate::model::StoredEmployee;
use crate::store::{EmployeeFilter, employees, selection};
use crate::text::count;
use anyhow::{Result, bail};
use clap::Args;
use std::collections::BTreeMap;

/// Who a sending command mails (the same flags for send-password and send-email).
#[derive(Debug, Args)]
pub struct TargetArgs {
    /// These employees, by code (case does not matter; several after one --to, or
    /// comma-separated; default: the selection)
    #[arg(long, value_name = "CODE", num_args = 1.., value_delimiter = ',')]
    pub to: Vec<String>,
    /// Every employee
    #[arg(long)]
    pub all: bool,
    /// Everyone in this department
    #[arg(long, value_name = "D")]
    pub department: Option<String>,
    /// Everyone whose password breaks the policy in force
    #[arg(long)]
    pub non_compliant: bool,
    /// Everyone whose password has expired
    #[arg(long)]
    pub expired: bool,
}

/// The employees the flags name, or the selection.
pub(super) fn targets(
    args: &TargetArgs,
    ctx: &mut Ctx,
) -> Result<(Vec<StoredEmployee>, Vec<Problem>)> {
    let actor = ctx.actor()?.clone();
    let scope = actor.scope_filter();
    let conn = ctx.store()?.conn();
    let mut found: BTreeMap<i64, StoredEmployee> = BTreeMap::new();
    let mut unknown = Vec::new();
    for code in &args.to {
        match employees::find_code(conn, code)? {
            Some(e) => match actor.outside_scope(conn, &e)? {
                Some(reason) => unknown.push(Problem {
                    employee_code: e.employee.code,
                    reason,
                }),
                None => {
                    found.insert(e.id, e);
                }
            },
            None => unknown.push(Problem {
                employee_code: code.clone(),
                reason: "no employee has this code".into(),
            }),
        }
    }
    let mut filters = Vec::new();
    if args.all {
        filters.push(EmployeeFilter::default());
    }
    if let Some(d) = &args.department {
        if employees::department(conn, d)?.is_none() {
            bail!("--department: no employee is in a department called {d:?}");
        }
        filters.push(EmployeeFilter {
            department: Some(d.clone()),
            ..EmployeeFilter::default()
        });
    }
    if args.non_compliant {
        let policy = crate::policy::current(conn)?.policy;
        filters.push(EmployeeFilter {
            non_compliant: Some(policy),
            ..EmployeeFilter::default()
        });
    }
    if args.expired {
        filters.push(EmployeeFilter {
            expired_at: Some(credential::now()),
            ..EmployeeFilter::default()
        });
    }
    // Inactive employees are not targets of a filter (they would only be refused, and a
    // clean nightly run would exit 3 for ever); one named explicitly is refused with why.
    let mut skipped = std::collections::BTreeSet::new();
    for filter in &mut filters {
        // An operator's filters match only within their scope.
        filter.scope = scope.clone();
        for e in employees::search(conn, filter)? {
            if e.employee.status == crate::model::Status::Inactive {
                skipped.insert(e.id);
            } else {
                found.insert(e.id, e);
            }
        }
    }
    skipped.retain(|id| !found.contains_key(id));
    if args.to.is_empty() && filters.is_empty() {
        for e in selection::list(conn)? {
            match actor.outside_scope(conn, &e)? {
                Some(reason) => unknown.push(Problem {
                    employee_code: e.employee.code,
                    reason,
                }),
                None => {
                    found.insert(e.id, e);
                }
            }
        }
        if found.is_empty() && unknown.is_empty() {
            bail!(
                "no employee is selected: add some with `hrpass select add`, or pass --to, --all, --department, --non-compliant or --expired"
            );
        }
    }
    if !skipped.is_empty() {
        ctx.status(&format!(
            "Skipped {} matched by the filters.",
            count(
                skipped.len() as u64,
                "inactive employee",
                "inactive employees"
            )
        ));
    }
    Ok((found.into_values().collect(), unknown))
}
