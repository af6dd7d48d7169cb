//! Offboarding: what an employee marked inactive loses, in the transaction that marks them.
//!
//! | event | expects | applies |
//! |---|---|---|
//! | `offboard` | the employee inactive (any state of their rows) | every credential retired and every sealed copy destroyed; queued and failed deliveries cancelled; second factors retired; portal sessions ended; activation links void |
//!
//! A delivery in flight when it runs is recorded `superseded` when the server accepts it
//! (`accepted` finds it cancelled), so its password never becomes active. The rows stay, retired,
//! for the history; a reactivated employee has no working password until a new one is sent.
//! The events that give an employee something new (`issue`, `queue_message`,
//! `employee_changed`) expect the employee active, so nothing arrives after this ran.

use super::db::Conn;
use anyhow::Result;

/// What offboarding ended for one employee.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Offboarded {
    pub employee_id: i64,
    pub code: String,
    /// Credentials (active or pending) retired.
    pub passwords: u64,
    /// Sealed copies destroyed.
    pub sealed: u64,
    /// Queued or failed deliveries cancelled.
    pub deliveries: u64,
    /// Second factors (pending or active) retired.
    pub factors: u64,
    /// Activation links (pending or usable) voided.
    pub links: u64,
}

impl Offboarded {
    /// The audit entry's detail: what ended, never a secret.
    pub fn detail(&self) -> String {
        let mut detail = format!(
            "retired {} and {}, destroyed {}, cancelled {}",
            crate::text::count(self.passwords, "password", "passwords"),
            crate::text::count(self.factors, "second factor", "second factors"),
            crate::text::count(self.sealed, "sealed copy", "sealed copies"),
            crate::text::count(self.deliveries, "delivery", "deliveries"),
        );
        if self.links > 0 {
            let links = crate::text::count(self.links, "activation link", "activation links");
            detail.push_str(&format!(", voided {links}"));
        }
        detail
    }
}

/// The inactive employees who still hold something live, with what they hold: all of them,
/// or only `only`.
fn holdings(conn: &Conn, only: Option<i64>) -> Result<Vec<Offboarded>> {
    let one = if only.is_some() { "AND e.id = $1" } else { "" };
    let sql = format!(
        "SELECT e.id, e.code,
            (SELECT count(*) FROM credentials c WHERE c.employee_id = e.id AND c.state <> 'retired'),
            (SELECT count(*) FROM credentials c WHERE c.employee_id = e.id AND c.sealed IS NOT NULL),
            (SELECT count(*) FROM outbox o WHERE o.employee_id = e.id
                                              AND o.state IN ('queued', 'failed')),
            (SELECT count(*) FROM second_factors f WHERE f.employee_id = e.id
                                                     AND f.state <> 'retired'),
            (SELECT count(*) FROM activation_links l WHERE l.employee_id = e.id
                                                       AND l.state IN ('pending', 'usable'))
         FROM employees e
         WHERE e.status = 'inactive' {one}
           AND (EXISTS (SELECT 1 FROM credentials c WHERE c.employee_id = e.id
                          AND (c.state <> 'retired' OR c.sealed IS NOT NULL))
             OR EXISTS (SELECT 1 FROM outbox o WHERE o.employee_id = e.id
                          AND o.state IN ('queued', 'failed'))
             OR EXISTS (SELECT 1 FROM second_factors f WHERE f.employee_id = e.id
                          AND f.state <> 'retired')
             OR EXISTS (SELECT 1 FROM activation_links l WHERE l.employee_id = e.id
                          AND l.state IN ('pending', 'usable')))
         ORDER BY e.code"
    );
    let params: Vec<&dyn super::db::Param> = match &only {
        Some(id) => vec![id],
        None => vec![],
    };
    conn.query(&sql, &params, |r| {
        Ok(Offboarded {
            employee_id: r.get(0)?,
            code: r.get(1)?,
            passwords: r.get::<i64>(2)?.try_into().unwrap_or(0),
            sealed: r.get::<i64>(3)?.try_into().unwrap_or(0),
            deliveries: r.get::<i64>(4)?.try_into().unwrap_or(0),
            factors: r.get::<i64>(5)?.try_into().unwrap_or(0),
            links: r.get::<i64>(6)?.try_into().unwrap_or(0),
        })
    })
}

/// Offboarded: every inactive employee (or only `only`, when it is inactive) loses what still
/// lets them in or reaches them. Runs inside the write transaction that marked them inactive;
/// returns, by code, what each lost (nothing for an employee who held nothing).
pub fn offboard(conn: &Conn, only: Option<i64>) -> Result<Vec<Offboarded>> {
    let found = holdings(conn, only)?;
    for chunk in found.chunks(500) {
        let list: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let list = list.join(", ");
        let params: Vec<&dyn super::db::Param> = chunk
            .iter()
            .map(|o| &o.employee_id as &dyn super::db::Param)
            .collect();
        conn.execute(
            &format!(
                "UPDATE credentials SET state = 'retired', sealed = NULL
                 WHERE employee_id IN ({list}) AND (state <> 'retired' OR sealed IS NOT NULL)"
            ),
            &params,
        )?;
        conn.execute(
            &format!(
                "UPDATE outbox SET state = 'cancelled', updated_at = unixepoch(),
                     last_reply = 'the employee was deactivated'
                 WHERE employee_id IN ({list}) AND state IN ('queued', 'failed')"
            ),
            &params,
        )?;
        conn.execute(
            &format!(
                "UPDATE portal_sessions SET ended_at = unixepoch(), ended_why = 'deactivated'
                 WHERE employee_id IN ({list}) AND ended_at IS NULL"
            ),
            &params,
        )?;
        conn.execute(
            &format!(
                "UPDATE activation_links
                 SET state = 'void', sealed = NULL, ended_at = unixepoch(),
                     ended_why = 'the employee was deactivated'
                 WHERE employee_id IN ({list}) AND state IN ('pending', 'usable')"
            ),
            &params,
        )?;
        conn.execute(
            &format!(
                "UPDATE second_factors SET state = 'retired', sealed = NULL
                 WHERE employee_id IN ({list}) AND state <> 'retired'"
            ),
            &params,
        )?;
    }
    Ok(found)
}

/// Whether the employee is active: what the events that give them something new expect.
pub fn is_active(conn: &Conn, employee_id: i64) -> Result<bool> {
    let status: Option<String> = conn.query_opt(
        "SELECT status FROM employees WHERE id = $1",
        &[&employee_id],
        |r| r.get(0),
    )?;
    Ok(status.as_deref() == Some("active"))
}
