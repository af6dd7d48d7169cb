//! Single-record work: add, update, deactivate, and the CSV export.

use super::columns::Column;
use super::rules::{check_employee, value_of};
use crate::model::{Employee, Status, StoredEmployee};
use crate::store::db::Conn as Connection;
use crate::store::{EmployeeWriter, Store, Upsert, audit, employees};
use anyhow::{Result, bail};
use std::io::Write;

/// Everything wrong with a record typed on the command line, by column.
#[derive(Debug, thiserror::Error)]
#[error("the employee record is not valid")]
pub struct InvalidEmployee {
    pub problems: Vec<(Column, String, String)>,
}

fn validate(conn: &Connection, e: &Employee) -> Result<()> {
    let mut problems: Vec<_> = check_employee(e)
        .into_iter()
        .map(|(column, why)| (column, value_of(e, column), why))
        .collect();
    if let Some(manager) = &e.manager_code
        && problems.iter().all(|p| p.0 != Column::ManagerCode)
        && employees::find(conn, manager)?.is_none()
    {
        problems.push((
            Column::ManagerCode,
            manager.clone(),
            "no employee has this code".into(),
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(InvalidEmployee { problems }.into())
    }
}

/// Adds one employee; a code that is taken is an error.
pub fn add(store: &mut Store, e: &Employee, operator: &str) -> Result<()> {
    let tx = store.write()?;
    validate(&tx, e)?;
    let mut writer = EmployeeWriter::new(&tx)?;
    if let Upsert::Exists(_) = writer.insert(e)? {
        return Err(InvalidEmployee {
            problems: vec![(
                Column::Code,
                e.code.clone(),
                "is already in the store".into(),
            )],
        }
        .into());
    }
    writer.finish()?;
    audit::record(&tx, operator, "employee.add", Some(&e.code), "")?;
    tx.commit()?;
    Ok(())
}

/// Fields to change; `None` leaves a field as it is. `manager_code: Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub department: Option<String>,
    pub job_title: Option<String>,
    pub manager_code: Option<Option<String>>,
    pub status: Option<Status>,
    pub personal_email: Option<Option<String>>,
}

/// Applies `changes` to the employee with `code`; returns the record as it now is, which
/// fields changed, and whether offboarding ended anything they still held.
pub fn update(
    store: &mut Store,
    code: &str,
    changes: Changes,
    operator: &str,
) -> Result<(Employee, Vec<Column>, bool)> {
    let tx = store.write()?;
    let Some(StoredEmployee {
        id,
        employee: before,
    }) = employees::find_code(&tx, code)?
    else {
        bail!("no employee has code {code:?}");
    };
    let code = before.code.clone();
    let code = code.as_str();
    let mut after = before.clone();
    let set = |field: &mut String, value: Option<String>| {
        if let Some(value) = value {
            *field = value;
        }
    };
    set(&mut after.first_name, changes.first_name);
    set(&mut after.last_name, changes.last_name);
    set(&mut after.email, changes.email);
    set(&mut after.department, changes.department);
    set(&mut after.job_title, changes.job_title);
    if let Some(manager) = changes.manager_code {
        after.manager_code = manager;
    }
    if let Some(status) = changes.status {
        after.status = status;
    }
    if let Some(personal) = changes.personal_email {
        after.personal_email = personal;
    }
    validate(&tx, &after)?;
    if let Some(manager) = &after.manager_code {
        check_no_cycle(&tx, code, manager)?;
    }
    let changed: Vec<Column> = Column::ALL
        .into_iter()
        .filter(|&c| value_of(&before, c) != value_of(&after, c))
        .collect();
    if !changed.is_empty() {
        let mut writer = EmployeeWriter::new(&tx)?;
        writer.update(id, &after)?;
        writer.finish()?;
        let names: Vec<_> = changed.iter().map(|c| c.name()).collect();
        audit::record(
            &tx,
            operator,
            "employee.update",
            Some(code),
            &names.join(","),
        )?;
    }
    // After the row is written (offboarding expects the employee inactive), and for an
    // employee already inactive too: one deactivated before offboarding existed may still
    // hold a password.
    let offboarded = if after.status == Status::Inactive {
        offboard(&tx, Some(id), operator)?
    } else {
        0
    };
    if !changed.is_empty() || offboarded > 0 {
        tx.commit()?;
    }
    Ok((after, changed, offboarded > 0))
}

/// Ends what inactive employees (all of them, or only `only`) still hold: passwords, sealed
/// copies, queued mail, second factors; each one's loss is in the audit trail. Runs inside
/// the write transaction that marked them inactive. Returns how many lost anything.
pub fn offboard(conn: &Connection, only: Option<i64>, operator: &str) -> Result<usize> {
    let ended = crate::store::offboarding::offboard(conn, only)?;
    let entries: Vec<(String, String, String)> = ended
        .iter()
        .map(|o| ("employee.offboard".to_owned(), o.code.clone(), o.detail()))
        .collect();
    audit::record_many(conn, operator, &entries)?;
    Ok(ended.len())
}

/// Refuses a manager whose own reporting line leads back to `code`.
fn check_no_cycle(conn: &Connection, code: &str, manager: &str) -> Result<()> {
    let mut chain = vec![code.to_owned(), manager.to_owned()];
    let mut next = manager.to_owned();
    while let Some(boss) = employees::find(conn, &next)?.and_then(|e| e.employee.manager_code) {
        chain.push(boss.clone());
        if boss == code {
            bail!(
                "{code} cannot report to {manager}: reporting cycle {}",
                chain.join(" → ")
            );
        }
        if chain.len() > 100_000 {
            bail!("the reporting line above {manager} does not end");
        }
        next = boss;
    }
    Ok(())
}

/// Marks the employee inactive and offboards them; returns false when they already were and
/// held nothing.
pub fn deactivate(store: &mut Store, code: &str, operator: &str) -> Result<bool> {
    let changes = Changes {
        status: Some(Status::Inactive),
        ..Changes::default()
    };
    let (_, changed, offboarded) = update(store, code, changes, operator)?;
    Ok(!changed.is_empty() || offboarded)
}

/// Writes every employee as CSV with our column names; returns how many.
pub fn export(
    conn: &Connection,
    scope: Option<&crate::access::Scope>,
    out: impl Write,
) -> Result<u64> {
    let mut writer = crate::text::SafeCsv::new(out);
    writer.header(&Column::ALL.map(Column::name))?;
    let mut count = 0;
    employees::for_each_in(conn, scope, |e| {
        writer.row(Column::ALL.map(|c| value_of(e, c)))?;
        count += 1;
        Ok(())
    })?;
    writer.finish()?;
    Ok(count)
}
