//! A portal sign-in's store work, on a real SQLite file.

use super::*;
use crate::credential::session::{self, Client, Limits, Stage};
use crate::store::db::planned_again;
use crate::store::lifecycle::employee_changed;

const PASSWORD: &str = "a-Known-pass-word-7";

/// A store on disk with one active employee, E1, whose own password is `PASSWORD`; and
/// test-sized argon2 parameters, the ones that password was hashed with.
fn store_with_e1(dir: &tempfile::TempDir) -> (Store, Params) {
    let params = Params::new(64, 1, 1, Some(32)).unwrap();
    let hash = Hasher::new(params.clone()).hash(PASSWORD).unwrap();
    let mut store = Store::create(&dir.path().join("hrpass.db")).unwrap();
    let tx = store.write().unwrap();
    tx.execute(
        "INSERT INTO employees (id, code, email, search_key) \
         VALUES (1, 'E1', 'e1@example.com', 'e1')",
        &[],
    )
    .unwrap();
    employee_changed(
        &tx,
        &NewCredential {
            employee_id: 1,
            state: CredentialState::Active,
            origin: Origin::Employee,
            hash: &hash,
            must_change: false,
            issued_at: now(),
            expires_at: None,
            policy_version: 0,
            facts: PasswordFacts::default(),
        },
    )
    .unwrap()
    .unwrap();
    tx.commit().unwrap();
    (store, params)
}

/// What the portal's sign-in does with the store (views/signin.rs): the per-address count,
/// the employee named and the credential read, the hash, the verdict written with the
/// attempt counted and the session begun; then forward-auth's read of that session.
fn portal_sign_in(store: &mut Store, params: &Params) {
    let now = now();
    let client = Client {
        address: "10.0.0.1".into(),
        agent: "test".into(),
    };
    assert!(session::address_may_try(store.conn(), &client.address, now, 1_000).unwrap());
    let (named, _) = forgot::named(store.conn(), "E1").unwrap().unwrap();
    let code = named.employee.code;
    let checking = Checking::read(store.conn(), &code).unwrap();
    let hashed = checking.hash(PASSWORD, now, params).unwrap();
    let limits = Limits::of(checking.policy());
    let mut token = None;
    let verdict = checking
        .write(
            store,
            hashed,
            &Attempt {
                code: &code,
                password: PASSWORD,
                one_time: None,
            },
            now,
            None,
            "portal 10.0.0.1",
            &mut |tx, _, credential| {
                session::count_attempt(tx, &client.address, now)?;
                let credential = credential.expect("E1's credential");
                token = Some(session::begin(
                    tx,
                    credential.employee_id,
                    credential.id,
                    Stage::Full,
                    now,
                    limits,
                    &client,
                )?);
                Ok(())
            },
        )
        .unwrap();
    assert!(
        matches!(verdict, Some(Verdict::Valid { .. })),
        "{verdict:?}"
    );
    let token = token.expect("a session");
    let found = session::judge(store.conn(), &token, now).unwrap();
    assert!(
        matches!(found, session::Judged::Found(Ok(_))),
        "forward-auth finds the session, with nothing to write"
    );
}

/// SQLite's statement cache keeps a statement prepared for its next run, unless its plan
/// depends on a bound value: then it is parsed and planned again on every run. That was
/// 13 % of a sign-in's CPU outside its hash (BENCHMARKS.md, "Eighth measurement"). Run again
/// on the same connection, a sign-in prepares none of its statements again.
#[test]
fn a_sign_in_run_again_on_one_connection_plans_none_of_its_statements_again() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, params) = store_with_e1(&dir);
    portal_sign_in(&mut store, &params);
    planned_again();
    for _ in 0..3 {
        portal_sign_in(&mut store, &params);
    }
    let again = planned_again();
    assert!(
        again.is_empty(),
        "planned again on every run:\n  {}",
        again.join("\n  ")
    );
}
