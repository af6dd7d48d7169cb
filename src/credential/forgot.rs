//! "Forgot password": what the portal's link asks for. The request names an employee by code
//! or work address; the answer never says whether one exists. What happens is decided here,
//! in one write transaction that counts the limits, records the request and audits it; the
//! new password then goes through the outbox like `send-password --regenerate` (pending until
//! its mail is accepted; the old one works until then; a second factor still needs its code).

use crate::delivery::send::Address;
use crate::model::{Status, StoredEmployee};
use crate::store::{EmployeeFilter, Store, audit, employees, factors};
use anyhow::Result;

/// The one answer every request gets, whoever it names, when forgot mails passwords.
pub const ANSWER: &str = "If an employee with that code or address exists, a new password is \
    on its way to the address HR has for them.";

/// The one answer every request gets when forgot mails links.
pub const ANSWER_LINK: &str = "If an employee with that code or address exists, a link to set \
    a new password is on its way to the address HR has for them.";

/// The longest code or address looked up (RFC 5321's path limit); longer matches nobody.
const MAX_INPUT: usize = 320;

/// The limits look back this far.
const HOUR: i64 = 3_600;

/// What a request came to. Only `Issue` sends anything.
#[derive(Debug)]
pub enum Outcome {
    /// Send this employee a new password, to this address.
    Issue {
        employee: Box<StoredEmployee>,
        address: Address,
    },
    /// Nobody has that code or work address.
    Unknown,
    /// The employee has left.
    Inactive,
    /// A limit of the policy was reached (the employee's, or everyone's in the hour).
    Limited,
    /// The policy turned forgot-password off (`forgot_per_employee = 0`).
    Disabled,
}

impl Outcome {
    fn as_str(&self) -> &'static str {
        match self {
            Outcome::Issue { .. } => "issued",
            Outcome::Unknown => "unknown",
            Outcome::Inactive => "inactive",
            Outcome::Limited => "limited",
            Outcome::Disabled => "disabled",
        }
    }
}

/// The employee a request names: by code (case aside), or by work address (case aside),
/// with where a new password goes. `None` unless exactly one matches.
pub(crate) fn named(
    conn: &crate::store::db::Conn,
    who: &str,
) -> Result<Option<(StoredEmployee, Address)>> {
    let who = who.trim();
    if who.is_empty() || who.len() > MAX_INPUT {
        return Ok(None);
    }
    if who.contains('@') {
        // The search index narrows the rows; the address must match whole.
        let mut matching = employees::search(
            conn,
            &EmployeeFilter {
                text: Some(who.to_owned()),
                email: Some(who.to_owned()),
                limit: Some(2),
                ..EmployeeFilter::default()
            },
        )?;
        return Ok(match (matching.pop(), matching.is_empty()) {
            (Some(e), true) => Some((e, Address::Work)),
            _ => None,
        });
    }
    // By code: a new hire's private address when they have no password yet.
    Ok(employees::find_code(conn, who)?.map(|e| (e, Address::Auto)))
}

/// Decides a request under the policy's limits, records it and audits it, in one write
/// transaction (so two requests at once cannot both pass a limit of one). The typed text is
/// never stored: people type passwords into the wrong field.
pub fn request(store: &mut Store, who: &str, now: i64, operator: &str) -> Result<Outcome> {
    let policy = crate::policy::current(store.conn())?.policy;
    let tx = store.write()?;
    let closed = policy.forgot_per_employee == 0
        || (policy.forgot_per_hour > 0
            && factors::forgot_count_since(&tx, now - HOUR)? >= policy.forgot_per_hour);
    // Off or over the hour's limit: nobody is looked up, so a flood costs no search.
    let found = if closed { None } else { named(&tx, who)? };
    let employee_id = found.as_ref().map(|(e, _)| e.id);
    let code = found.as_ref().map(|(e, _)| e.employee.code.clone());
    let outcome = match found {
        _ if policy.forgot_per_employee == 0 => Outcome::Disabled,
        _ if closed => Outcome::Limited,
        None => Outcome::Unknown,
        Some((e, _)) if e.employee.status == Status::Inactive => Outcome::Inactive,
        Some((e, _))
            if factors::forgot_issued_since(&tx, now - HOUR, e.id)?
                >= policy.forgot_per_employee =>
        {
            Outcome::Limited
        }
        Some((e, address)) => Outcome::Issue {
            employee: Box::new(e),
            address,
        },
    };
    factors::record_forgot(&tx, now, employee_id, outcome.as_str())?;
    let detail = match &outcome {
        Outcome::Issue { address, .. } => format!("to the {} address", address_word(*address)),
        Outcome::Unknown => "no employee has that code or work address".to_owned(),
        Outcome::Inactive => "inactive employee: nothing sent".to_owned(),
        Outcome::Limited => format!(
            "limit reached ({} an employee, {} in all, an hour): nothing sent",
            policy.forgot_per_employee, policy.forgot_per_hour
        ),
        Outcome::Disabled => "forgot-password is off in the policy: nothing sent".to_owned(),
    };
    audit::record(
        &tx,
        operator,
        &format!("forgot.{}", outcome.as_str()),
        code.as_deref(),
        &detail,
    )?;
    tx.commit()?;
    Ok(outcome)
}

fn address_word(address: Address) -> &'static str {
    match address {
        Address::Work => "work",
        Address::Personal => "personal",
        Address::Auto => "usual",
    }
}
