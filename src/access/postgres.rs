//! On a shared PostgreSQL store the database itself holds the line, so that an operator who
//! opens psql with their own login sees and changes no more than hrpass would let them.
//!
//! `init` (run by a role that may create roles) sets up, per database:
//! - an owner role nobody signs in as (`DB.owner`), owning every table and the functions
//!   below;
//! - a group role per hrpass role (`DB.hr-admin`, `DB.hr-manager`, `DB.sender`,
//!   `DB.auditor`), of which each operator's own login role is a member;
//! - row-level security, enabled and forced, on every table that holds employees,
//!   credentials, deliveries, factors, selections, sessions and operators, with policies that
//!   admit only the rows in scope of the signed-in role (`current_user`, looked up in
//!   `operators.db_role`);
//! - grants: every group reads what sending needs (policy, templates, mail sign-in) but only
//!   hr-admins write policy, templates, operators and employees; the audit table takes INSERT
//!   only, and a trigger sets its actor from `current_user`, whatever the client wrote.
//!
//! The scope is `SECURITY DEFINER` functions owned by the owner role, the same rule as
//! `Scope::contains` computed as one set a statement; inside them the owner sees every row
//! (its own policy branch), so the check does not recurse into itself. Beside the scope, a
//! login also sees the rows of the employees it has a delivery in flight to
//! (`outbox.queued_by`, set by the database), so a run whose operator's scope changes under
//! it still records what the server answered (while it holds the deliveries' leases).

use crate::access::Role;
use crate::store::db::Conn;
use anyhow::{Context, Result, bail};

/// Every table, and how its rows are scoped: by the employee they are about, or otherwise.
const TABLES: &[(&str, Rows)] = &[
    ("employees", Rows::Employee("id")),
    ("credentials", Rows::Employee("employee_id")),
    ("outbox", Rows::Employee("employee_id")),
    ("selection", Rows::Employee("employee_id")),
    ("second_factors", Rows::Employee("employee_id")),
    ("portal_sessions", Rows::Employee("employee_id")),
    ("activation_links", Rows::Employee("employee_id")),
    ("masquerades", Rows::Employee("employee_id")),
    ("recovery_codes", Rows::Factor),
    ("forgot_requests", Rows::AdminOnly),
    ("portal_attempts", Rows::AdminOnly),
    ("audit", Rows::Audit),
    ("operators", Rows::Operator("id")),
    ("operator_departments", Rows::Operator("operator_id")),
    ("operator_sessions", Rows::Session),
    ("policies", Rows::Everyone),
    ("templates", Rows::Everyone),
    ("meta", Rows::Everyone),
    ("mail_logins", Rows::Everyone),
    ("hrpass_schema", Rows::Everyone),
];

#[derive(Clone, Copy)]
enum Rows {
    /// Rows about the employee in this column: the scope's.
    Employee(&'static str),
    /// Recovery codes: their factor's employee.
    Factor,
    /// Only hr-admins and auditors (the portal's own bookkeeping).
    AdminOnly,
    /// Everyone reads what is in scope or their own; everyone appends.
    Audit,
    /// An operator's own rows (hr-admins and auditors: all).
    Operator(&'static str),
    /// An operator's own sessions; what they add themselves is a sign-in's session, not a
    /// script's token (only hr-admins issue those), ending within two days (the 12 hours of
    /// `signin::SESSION_MAX_SECS`, with room for a clock that is ahead).
    Session,
    /// No row-level policy: grants alone (settings every sender reads).
    Everyone,
}

/// A role name quoted as an SQL identifier.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A text quoted as an SQL literal.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The database's role names.
pub struct Names {
    pub owner: String,
    database: String,
}

impl Names {
    pub fn of(conn: &Conn) -> Result<Names> {
        let database: String = conn.value("SELECT current_database()::text", &[])?;
        Ok(Names {
            owner: format!("{database}.owner"),
            database,
        })
    }

    pub fn group(&self, role: Role) -> String {
        format!("{}.{}", self.database, role.as_str())
    }
}

/// What `init` did about the database's own rules.
pub enum Setup {
    /// `new`: the roles did not exist before (a first set-up, not a repeat).
    Done { new: bool },
    /// The connecting role may not create roles: nothing was set up.
    NotAllowed(String),
}

/// Sets up roles, ownership, row-level security and grants (again: every step replaces
/// what an earlier run made).
pub fn setup(conn: &Conn) -> Result<Setup> {
    let (role, allowed): (String, bool) = conn.query_one(
        "SELECT current_user::text, rolsuper OR rolcreaterole FROM pg_roles
         WHERE rolname = current_user",
        &[],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if !allowed {
        return Ok(Setup::NotAllowed(role));
    }
    let names = Names::of(conn)?;
    let new = !conn.value::<bool>(
        "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)",
        &[&names.owner],
    )?;
    let schema: String = conn.value("SELECT current_schema()::text", &[])?;
    let owner = ident(&names.owner);
    let roles = [Role::HrAdmin, Role::HrManager, Role::Sender, Role::Auditor];
    let mut sql = String::new();
    for name in std::iter::once(names.owner.clone()).chain(roles.map(|r| names.group(r))) {
        sql.push_str(&format!(
            "DO $$ BEGIN
                 IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {lit}) THEN
                     CREATE ROLE {id} NOLOGIN;
                 END IF;
             END $$;\n",
            lit = literal(&name),
            id = ident(&name)
        ));
    }
    // The creating role administers the owner (to hand it the tables) and the groups.
    sql.push_str(&format!("GRANT {owner} TO current_user;\n"));
    for (table, _) in TABLES {
        sql.push_str(&format!("ALTER TABLE {table} OWNER TO {owner};\n"));
    }
    sql.push_str(&functions(&names, &schema));
    for (table, rows) in TABLES {
        sql.push_str(&policy(table, *rows));
    }
    sql.push_str(&grants(&names));
    conn.batch(&sql)
        .context("setting up the database's roles and row-level security")?;
    Ok(Setup::Done { new })
}

/// The functions the policies call, owned by the owner role. The policies call them in
/// uncorrelated subqueries, which PostgreSQL runs once a statement (an InitPlan, or one
/// hashed set), never once a row: a per-row scope check cost a 100,000-row count 3.7 s
/// (BENCHMARKS.md).
fn functions(names: &Names, schema: &str) -> String {
    let groups = [Role::HrAdmin, Role::HrManager, Role::Sender, Role::Auditor]
        .map(|r| ident(&names.group(r)))
        .join(", ");
    let owner_lit = literal(&names.owner);
    let owner = ident(&names.owner);
    let path = ident(schema);
    let signatures = "hrpass_role(name), hrpass_operator(name), hrpass_everyone(name), \
                      hrpass_scope_ids(name), hrpass_scope_codes(name), hrpass_in_flight_ids(name)";
    format!(
        "CREATE OR REPLACE FUNCTION hrpass_role(who name) RETURNS text
         LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {path} AS $f$
         BEGIN
             IF who = {owner_lit} THEN RETURN 'owner'; END IF;
             RETURN (SELECT role FROM operators WHERE db_role = who AND removed_at IS NULL);
         END $f$;
         CREATE OR REPLACE FUNCTION hrpass_operator(who name) RETURNS bigint
         LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {path} AS $f$
         BEGIN
             IF who = {owner_lit} THEN RETURN NULL; END IF;
             RETURN (SELECT id FROM operators WHERE db_role = who AND removed_at IS NULL);
         END $f$;
         -- Whether `who` sees every employee: the owner (the functions' own reads), an
         -- hr-admin, an auditor without a narrower scope.
         CREATE OR REPLACE FUNCTION hrpass_everyone(who name) RETURNS boolean
         LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {path} AS $f$
         DECLARE o record;
         BEGIN
             IF who = {owner_lit} THEN RETURN true; END IF;
             SELECT id, role, reports_to INTO o FROM operators
             WHERE db_role = who AND removed_at IS NULL;
             IF NOT FOUND THEN RETURN false; END IF;
             RETURN o.role = 'hr-admin'
                 OR (o.role = 'auditor' AND o.reports_to IS NULL
                     AND NOT EXISTS (SELECT 1 FROM operator_departments
                                     WHERE operator_id = o.id));
         END $f$;
         -- The employees in `who`'s scope (`Scope::contains`, as one set): their
         -- departments, case aside, and everyone below their `reports_to`.
         CREATE OR REPLACE FUNCTION hrpass_scope_ids(who name) RETURNS SETOF bigint
         LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {path} AS $f$
             WITH RECURSIVE o AS (
                 SELECT id, reports_to FROM operators WHERE db_role = who AND removed_at IS NULL),
             below (code, depth) AS (
                 SELECT e.code, 1 FROM employees e JOIN o ON e.manager_code = o.reports_to
                 UNION ALL
                 SELECT e.code, b.depth + 1 FROM employees e JOIN below b ON e.manager_code = b.code
                 WHERE b.depth < 10000)
             SELECT e.id FROM employees e
                 JOIN operator_departments d ON lower(d.department) = lower(e.department)
                 JOIN o ON d.operator_id = o.id
             UNION
             SELECT e.id FROM employees e JOIN below b ON e.code = b.code
         $f$;
         CREATE OR REPLACE FUNCTION hrpass_scope_codes(who name) RETURNS SETOF text
         LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {path} AS $f$
             SELECT code FROM employees WHERE id IN (SELECT hrpass_scope_ids(who))
         $f$;
         -- The employees `who` has a delivery in flight to: the run holds those deliveries'
         -- leases; the one whose answer is being recorded left the queue (and its lease) in
         -- this very transaction, which began no later than that step.
         CREATE OR REPLACE FUNCTION hrpass_in_flight_ids(who name) RETURNS SETOF bigint
         LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {path} AS $f$
             SELECT employee_id FROM outbox
             WHERE queued_by = who
               AND ((leased_by IS NOT NULL AND lease_until > extract(epoch FROM now()))
                    OR updated_at >= floor(extract(epoch FROM now())))
         $f$;
         CREATE OR REPLACE FUNCTION hrpass_audit_actor() RETURNS trigger
         LANGUAGE plpgsql SECURITY DEFINER SET search_path = {path} AS $f$
         DECLARE named text;
         BEGIN
             -- A removed operator's open connection is still named (their latest row).
             SELECT name INTO named FROM operators
             WHERE db_role = session_user ORDER BY removed_at IS NULL DESC, id DESC LIMIT 1;
             IF FOUND THEN NEW.operator := named; END IF;
             RETURN NEW;
         END $f$;
         ALTER FUNCTION hrpass_role(name) OWNER TO {owner};
         ALTER FUNCTION hrpass_operator(name) OWNER TO {owner};
         ALTER FUNCTION hrpass_everyone(name) OWNER TO {owner};
         ALTER FUNCTION hrpass_scope_ids(name) OWNER TO {owner};
         ALTER FUNCTION hrpass_scope_codes(name) OWNER TO {owner};
         ALTER FUNCTION hrpass_in_flight_ids(name) OWNER TO {owner};
         ALTER FUNCTION hrpass_audit_actor() OWNER TO {owner};
         DROP TRIGGER IF EXISTS hrpass_audit_actor ON audit;
         CREATE TRIGGER hrpass_audit_actor BEFORE INSERT ON audit
             FOR EACH ROW EXECUTE FUNCTION hrpass_audit_actor();
         REVOKE ALL ON FUNCTION {signatures} FROM PUBLIC;
         GRANT EXECUTE ON FUNCTION {signatures} TO {groups};\n"
    )
}

/// Row-level security on one table. Every call is in an uncorrelated subquery (see
/// `functions`).
fn policy(table: &str, rows: Rows) -> String {
    const ADMIN: &str = "(SELECT hrpass_role(current_user)) IN ('owner', 'hr-admin')";
    const READER: &str = "(SELECT hrpass_role(current_user)) IN ('owner', 'hr-admin', 'auditor')";
    let (using, check) = match rows {
        Rows::Everyone => return format!("ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;\n"),
        // The scope's rows, and those of employees this login's run has a delivery in
        // flight to (so a run finishes what it queued when the scope changes under it).
        Rows::Employee(column) => {
            let sees = format!(
                "(SELECT hrpass_everyone(current_user))
                 OR {column} IN (SELECT hrpass_scope_ids(current_user))
                 OR {column} IN (SELECT hrpass_in_flight_ids(current_user))"
            );
            (sees.clone(), sees)
        }
        // The codes of the factors the login sees (that table's own policy).
        Rows::Factor => {
            let sees = "factor_id IN (SELECT f.id FROM second_factors f)".to_owned();
            (sees.clone(), sees)
        }
        Rows::AdminOnly => (READER.to_owned(), ADMIN.to_owned()),
        Rows::Audit => (
            format!(
                "{READER} OR operator = (SELECT o.name FROM operators o \
                 WHERE o.db_role = current_user AND o.removed_at IS NULL) \
                 OR employee_code IN (SELECT hrpass_scope_codes(current_user))"
            ),
            "true".to_owned(),
        ),
        Rows::Operator(column) => (
            format!("{READER} OR {column} = (SELECT hrpass_operator(current_user))"),
            format!("{ADMIN} OR {column} = (SELECT hrpass_operator(current_user))"),
        ),
        Rows::Session => (
            format!("{READER} OR operator_id = (SELECT hrpass_operator(current_user))"),
            format!("{ADMIN} OR operator_id = (SELECT hrpass_operator(current_user))"),
        ),
    };
    // What a login adds to its own sessions is narrowed further (ANDed with the above).
    let narrower = match rows {
        Rows::Session => format!(
            "DROP POLICY IF EXISTS hrpass_own_sessions ON {table};
             CREATE POLICY hrpass_own_sessions ON {table} AS RESTRICTIVE FOR INSERT
                 WITH CHECK ({ADMIN} OR (kind = 'session'
                     AND expires_at <= floor(extract(epoch FROM now())) + 172800));\n"
        ),
        _ => String::new(),
    };
    format!(
        "ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
         ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
         DROP POLICY IF EXISTS hrpass_scope ON {table};
         CREATE POLICY hrpass_scope ON {table} USING ({using}) WITH CHECK ({check});
         {narrower}"
    )
}

/// What each group may do, table by table (row-level security narrows it to the scope).
fn grants(names: &Names) -> String {
    let g = |role| ident(&names.group(role));
    let (admin, manager, sender, auditor) = (
        g(Role::HrAdmin),
        g(Role::HrManager),
        g(Role::Sender),
        g(Role::Auditor),
    );
    let all_groups = format!("{admin}, {manager}, {sender}, {auditor}");
    let senders = format!("{admin}, {manager}, {sender}");
    let tables: Vec<&str> = TABLES.iter().map(|(t, _)| *t).collect();
    let tables = tables.join(", ");
    format!(
        "REVOKE ALL ON {tables} FROM PUBLIC, {all_groups};
         GRANT USAGE ON SCHEMA {schema} TO {all_groups};
         GRANT ALL ON {tables} TO {admin};
         GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {all_groups};
         GRANT SELECT ON {tables} TO {all_groups};
         GRANT INSERT ON audit TO {all_groups};
         -- Signing in: the operator's own session rows, and the last TOTP step used.
         GRANT INSERT, UPDATE (seen_at, ended_at, ended_why) ON operator_sessions TO {all_groups};
         GRANT UPDATE (totp_last_step, failed_logins, locked_until) ON operators TO {all_groups};
         -- Sending: the credentials, deliveries and links of the employees in scope.
         GRANT INSERT, UPDATE ON credentials, outbox, activation_links TO {senders};
         GRANT UPDATE ON mail_logins TO {senders};
         -- Managers: the selection, and a second factor's reset (the portal sessions it ends).
         GRANT INSERT, UPDATE, DELETE ON selection TO {manager};
         GRANT UPDATE ON second_factors, recovery_codes, portal_sessions TO {manager};\n",
        schema = "public",
    )
}

/// Refuses to run an operator's command over a connection that row-level security does not
/// bind (a superuser, a BYPASSRLS role, the owner), or that is not the operator's own login.
pub fn check_connection(conn: &Conn, operator: &str, db_role: Option<&str>) -> Result<()> {
    let (role, superuser, bypass): (String, bool, bool) = conn.query_one(
        "SELECT current_user::text, rolsuper, rolbypassrls FROM pg_roles
         WHERE rolname = current_user",
        &[],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let names = Names::of(conn)?;
    let why = if superuser {
        Some("a superuser")
    } else if bypass {
        Some("a role that bypasses row-level security")
    } else if role == names.owner {
        Some("the tables' owner")
    } else {
        None
    };
    if let Some(why) = why {
        bail!(
            "refused: this store's connection signs in to PostgreSQL as {role:?}, {why}; \
             operators work through their own login role (operator {operator:?}: {})",
            db_role.map_or("none mapped yet".to_owned(), |r| format!("{r:?}"))
        );
    }
    if db_role != Some(role.as_str()) {
        bail!(
            "refused: operator {operator:?} signs in to PostgreSQL as {}, but this store's \
             connection is {role:?}: put their own login role in the store URL",
            db_role.map_or("no role yet".to_owned(), |r| format!("{r:?}"))
        );
    }
    Ok(())
}

/// Gives an operator their database login: the role `db_role`, made when missing (the
/// acting role must be allowed to create roles), a member of the hrpass role's group.
pub fn grant_login(conn: &Conn, db_role: &str, role: Role) -> Result<()> {
    let names = Names::of(conn)?;
    let exists: bool = conn.value(
        "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)",
        &[&db_role],
    )?;
    let id = ident(db_role);
    if !exists {
        conn.batch(&format!("CREATE ROLE {id} LOGIN"))
            .with_context(|| format!("cannot create the database login role {db_role:?}"))?;
    } else {
        conn.batch(&format!("ALTER ROLE {id} LOGIN"))
            .with_context(|| format!("cannot let {db_role:?} sign in"))?;
    }
    set_group(conn, &names, db_role, role)
}

/// Moves a login role into the group of `role` (out of the others). An hr-admin's login
/// also administers every group and may create roles, so that it can add operators itself.
pub fn set_group(conn: &Conn, names: &Names, db_role: &str, role: Role) -> Result<()> {
    let id = ident(db_role);
    let mut sql = String::new();
    for other in [Role::HrAdmin, Role::HrManager, Role::Sender, Role::Auditor] {
        let group = ident(&names.group(other));
        sql.push_str(&format!("REVOKE {group} FROM {id};\n"));
        if role == Role::HrAdmin {
            sql.push_str(&format!("GRANT {group} TO {id} WITH ADMIN OPTION;\n"));
        } else if other == role {
            sql.push_str(&format!("GRANT {group} TO {id};\n"));
        }
    }
    sql.push_str(&format!(
        "ALTER ROLE {id} {};\n",
        if role == Role::HrAdmin {
            "CREATEROLE"
        } else {
            "NOCREATEROLE"
        }
    ));
    conn.batch(&sql)
        .with_context(|| format!("cannot put {db_role:?} in the group of the {role}s"))
}

/// Ends an operator's database login: it can no longer connect, create roles or administer
/// a group. With `finishing`, it stays a plain member of that role's group, so that a run
/// it has going on an open connection can still record what it has in flight; row-level
/// security shows that connection nothing else (the operator's row is removed, so their
/// scope is empty).
pub fn revoke_login(conn: &Conn, db_role: &str, finishing: Option<Role>) -> Result<()> {
    let names = Names::of(conn)?;
    let id = ident(db_role);
    let mut sql = String::new();
    for other in [Role::HrAdmin, Role::HrManager, Role::Sender, Role::Auditor] {
        let group = ident(&names.group(other));
        sql.push_str(&format!("REVOKE {group} FROM {id};\n"));
        if finishing == Some(other) {
            sql.push_str(&format!("GRANT {group} TO {id};\n"));
        }
    }
    sql.push_str(&format!("ALTER ROLE {id} NOLOGIN NOCREATEROLE;\n"));
    conn.batch(&sql)
        .with_context(|| format!("cannot end the database login {db_role:?}"))
}

/// What `store status` shows: the roles and which tables are under row-level security.
#[derive(Debug, serde::Serialize)]
pub struct Status {
    pub owner: String,
    pub groups: Vec<(String, Vec<String>)>,
    pub forced: Vec<String>,
}

pub fn status(conn: &Conn) -> Result<Status> {
    let names = Names::of(conn)?;
    let mut groups = Vec::new();
    for role in [Role::HrAdmin, Role::HrManager, Role::Sender, Role::Auditor] {
        let group = names.group(role);
        let members: Vec<String> = conn.query(
            "SELECT m.rolname::text FROM pg_auth_members a
             JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
             WHERE g.rolname = $1 AND m.rolcanlogin ORDER BY 1",
            &[&group],
            |r| r.get(0),
        )?;
        groups.push((group, members));
    }
    let forced = conn.query(
        "SELECT relname::text FROM pg_class
         WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r'
           AND relrowsecurity AND relforcerowsecurity ORDER BY 1",
        &[],
        |r| r.get(0),
    )?;
    Ok(Status {
        owner: names.owner,
        groups,
        forced,
    })
}
