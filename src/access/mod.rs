//! Access control: operators, their roles and scopes, and the one question every command asks
//! before it acts, `allowed(actor, permission, employee)`.
//!
//! Until the first operator is added hrpass works as it always has: whoever can open the
//! store is the OS user acting as an hr-admin (`Actor::local`). Once operators exist every
//! command but the few that touch no store data runs as a signed-in operator (`signin`): a
//! CLI session from `hrpass login`, or a token from `operator token` for scripts.
//!
//! | role | may |
//! |---|---|
//! | hr-admin | everything, on every employee |
//! | hr-manager | search, select, send passwords and emails, the outbox, 2FA status and reset, the log; only for employees in scope |
//! | sender | send passwords and emails, remind, retry the outbox; only for employees in scope |
//! | auditor | read everything (log, outbox, policy, templates, operators, store status), change nothing |
//!
//! A scope is a set of departments and/or everyone below an employee in the reporting graph.
//! An hr-manager or sender needs one; an hr-admin's is everyone; an auditor's is everyone
//! unless one is given.

pub mod manage;
pub mod postgres;
pub mod scope;
pub mod session_file;
pub mod signin;

pub use scope::Scope;

use anyhow::{Result, bail};
use std::fmt;

/// The four roles. Names are the contract (`--role`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    HrAdmin,
    HrManager,
    Sender,
    Auditor,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::HrAdmin => "hr-admin",
            Role::HrManager => "hr-manager",
            Role::Sender => "sender",
            Role::Auditor => "auditor",
        }
    }

    pub fn parse(text: &str) -> Result<Role> {
        Ok(match text {
            "hr-admin" => Role::HrAdmin,
            "hr-manager" => Role::HrManager,
            "sender" => Role::Sender,
            "auditor" => Role::Auditor,
            other => bail!("an operator with an unknown role {other:?}"),
        })
    }

    /// Whether the role holds the permission.
    pub fn holds(self, permission: Permission) -> bool {
        use Permission::*;
        match self {
            Role::HrAdmin => true,
            Role::HrManager => matches!(
                permission,
                ReadEmployees
                    | Select
                    | SendPasswords
                    | SendEmail
                    | ReadOutbox
                    | RetryOutbox
                    | CancelOutbox
                    | ReadFactors
                    | ResetFactors
                    | ReadLog
            ),
            Role::Sender => matches!(permission, SendPasswords | SendEmail | RetryOutbox),
            Role::Auditor => matches!(
                permission,
                ReadEmployees
                    | ReadOutbox
                    | ReadFactors
                    | ReadLog
                    | ReadPolicy
                    | ReadTemplates
                    | ReadOperators
                    | ReadStore
            ),
        }
    }

    /// Whether the role only ever acts within a scope (it must be given one).
    pub fn needs_scope(self) -> bool {
        matches!(self, Role::HrManager | Role::Sender)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a command needs. Each has a stable name, the one a refusal gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Search, show and export employees; the reporting graph.
    ReadEmployees,
    /// Import, add, update and deactivate employees; import reporting lines.
    ManageEmployees,
    /// Add to, remove from and clear the selection.
    Select,
    /// `send-password`.
    SendPasswords,
    /// `send-email`, `notify-expiring`.
    SendEmail,
    /// `outbox list`.
    ReadOutbox,
    /// `outbox retry`.
    RetryOutbox,
    /// `outbox cancel`.
    CancelOutbox,
    /// `2fa status`.
    ReadFactors,
    /// `2fa reset`.
    ResetFactors,
    /// `2fa enroll` and `confirm` on an employee's behalf.
    EnrollFactors,
    /// `verify`, `passwd`, `forgot`: the portal's own checks, for scripts.
    Credentials,
    /// `log`.
    ReadLog,
    /// `policy show`, `history`, `check`.
    ReadPolicy,
    /// `policy set`.
    ManagePolicy,
    /// `template list`, `show`, `preview`.
    ReadTemplates,
    /// `template set`, `edit`.
    ManageTemplates,
    /// `operator list`.
    ReadOperators,
    /// `operator add`, `set`, `remove`, `token`, `masquerade`.
    ManageOperators,
    /// `store status`, `vault fingerprint`.
    ReadStore,
    /// `init` of an existing store, `store copy`, `mail login|logout|test`, `serve`.
    ManageStore,
}

impl Permission {
    pub fn name(self) -> &'static str {
        use Permission::*;
        match self {
            ReadEmployees => "employees.read",
            ManageEmployees => "employees.write",
            Select => "selection.write",
            SendPasswords => "send.passwords",
            SendEmail => "send.email",
            ReadOutbox => "outbox.read",
            RetryOutbox => "outbox.retry",
            CancelOutbox => "outbox.cancel",
            ReadFactors => "2fa.read",
            ResetFactors => "2fa.reset",
            EnrollFactors => "2fa.enroll",
            Credentials => "credentials.check",
            ReadLog => "log.read",
            ReadPolicy => "policy.read",
            ManagePolicy => "policy.write",
            ReadTemplates => "templates.read",
            ManageTemplates => "templates.write",
            ReadOperators => "operators.read",
            ManageOperators => "operators.write",
            ReadStore => "store.read",
            ManageStore => "store.write",
        }
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Who runs a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// What the audit trail names: the operator, or the OS user before operators exist.
    pub name: String,
    pub role: Role,
    pub scope: Scope,
    /// The operator's row and the session or token they signed in with; `None` for the
    /// local OS user of a store without operators.
    pub signed_in: Option<SignedIn>,
    /// PostgreSQL: the login role the operator signs in to the database as.
    pub db_role: Option<String>,
}

/// An operator signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedIn {
    pub operator_id: i64,
    pub session_id: i64,
    pub expires_at: i64,
}

impl Actor {
    /// The OS user of a store without operators: an hr-admin over everyone.
    pub fn local(os_user: &str) -> Actor {
        Actor {
            name: os_user.to_owned(),
            role: Role::HrAdmin,
            scope: Scope::everyone(),
            signed_in: None,
            db_role: None,
        }
    }

    /// The scope as a search filter: `None` when it is everyone.
    pub fn scope_filter(&self) -> Option<Scope> {
        (!self.scope.everyone).then(|| self.scope.clone())
    }

    /// Why an employee is refused to this actor, in words for a report; `None` when they
    /// are in scope.
    pub fn outside_scope(
        &self,
        conn: &crate::store::db::Conn,
        e: &crate::model::StoredEmployee,
    ) -> Result<Option<String>> {
        Ok((!self.scope.contains(conn, e)?).then(|| {
            format!(
                "outside the scope of operator {} ({})",
                self.name, self.scope
            )
        }))
    }

    /// Refuses an employee outside the scope, naming them and the scope.
    pub fn check_scope(
        &self,
        conn: &crate::store::db::Conn,
        e: &crate::model::StoredEmployee,
    ) -> Result<()> {
        if self.scope.contains(conn, e)? {
            return Ok(());
        }
        Err(Refused::OutOfScope {
            actor: self.name.clone(),
            code: e.employee.code.clone(),
            scope: self.scope.to_string(),
        }
        .into())
    }

    /// Refuses what the role does not hold, naming the permission.
    pub fn require(&self, permission: Permission) -> Result<()> {
        if self.role.holds(permission) {
            return Ok(());
        }
        Err(Refused::Permission {
            actor: self.name.clone(),
            role: self.role,
            permission,
        }
        .into())
    }
}

/// A refusal: exit 1, nothing changed.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error(
        "refused: operator {actor:?} ({role}) does not hold the permission {permission}; \
         nothing was changed"
    )]
    Permission {
        actor: String,
        role: Role,
        permission: Permission,
    },
    #[error(
        "refused: employee {code:?} is outside the scope of operator {actor:?} ({scope}); \
         nothing was changed"
    )]
    OutOfScope {
        actor: String,
        code: String,
        scope: String,
    },
}

/// The one check: whether `actor` may use `permission` on `employee` (its id, code and
/// department); with no employee, whether the role holds the permission.
pub fn allowed(
    conn: &crate::store::db::Conn,
    actor: &Actor,
    permission: Permission,
    employee: Option<&crate::model::StoredEmployee>,
) -> Result<()> {
    actor.require(permission)?;
    match employee {
        Some(e) => actor.check_scope(conn, e),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_hr_admin_holds_the_writes_of_the_store_policy_templates_and_operators() {
        for p in [
            Permission::ManageEmployees,
            Permission::ManagePolicy,
            Permission::ManageTemplates,
            Permission::ManageOperators,
            Permission::ManageStore,
            Permission::EnrollFactors,
            Permission::Credentials,
        ] {
            assert!(Role::HrAdmin.holds(p), "{p}");
            for role in [Role::HrManager, Role::Sender, Role::Auditor] {
                assert!(!role.holds(p), "{role} holds {p}");
            }
        }
    }

    #[test]
    fn a_sender_only_sends_and_an_auditor_only_reads() {
        let sender: Vec<_> = ALL.iter().filter(|p| Role::Sender.holds(**p)).collect();
        assert_eq!(
            sender,
            [
                &Permission::SendPasswords,
                &Permission::SendEmail,
                &Permission::RetryOutbox
            ]
        );
        for p in ALL {
            if Role::Auditor.holds(p) {
                assert!(p.name().ends_with(".read"), "the auditor holds {p}");
            }
        }
    }

    const ALL: [Permission; 21] = [
        Permission::ReadEmployees,
        Permission::ManageEmployees,
        Permission::Select,
        Permission::SendPasswords,
        Permission::SendEmail,
        Permission::ReadOutbox,
        Permission::RetryOutbox,
        Permission::CancelOutbox,
        Permission::ReadFactors,
        Permission::ResetFactors,
        Permission::EnrollFactors,
        Permission::Credentials,
        Permission::ReadLog,
        Permission::ReadPolicy,
        Permission::ManagePolicy,
        Permission::ReadTemplates,
        Permission::ManageTemplates,
        Permission::ReadOperators,
        Permission::ManageOperators,
        Permission::ReadStore,
        Permission::ManageStore,
    ];
}
