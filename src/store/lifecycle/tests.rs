//! The life cycle's events on an in-memory store.

use super::*;
use crate::model::{CredentialState, DeliveryState};
use crate::model::{Origin, PasswordFacts};
use crate::store::Store;
use crate::store::credentials::{self, NewCredential};
use crate::store::outbox;

const NOW: i64 = 1_800_000_000;
const LATER: i64 = NOW + 3_600;
const ENDS: Ends = Ends {
    password: LATER,
    link: LATER,
};

/// A store with one employee (id 1) whose own password is active.
fn store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let tx = store.write().unwrap();
    tx.execute(
        "INSERT INTO employees (id, code, email, search_key) VALUES (1, 'E1', 'e1@example.com', 'e1')",
        &[],
    )
    .unwrap();
    employee_changed(&tx, &own("own-1")).unwrap().unwrap();
    tx.commit().unwrap();
    store
}

fn own(hash: &str) -> NewCredential<'_> {
    NewCredential {
        employee_id: 1,
        state: CredentialState::Active,
        origin: Origin::Employee,
        hash,
        must_change: false,
        issued_at: NOW,
        expires_at: None,
        policy_version: 1,
        facts: PasswordFacts::default(),
    }
}

/// Issues a pending password and queues its delivery; returns (credential, delivery).
fn issue_and_queue(conn: &Conn, hash: &str) -> (i64, i64) {
    let (credential, _) = issue(
        conn,
        &NewIssue {
            employee_id: 1,
            hash,
            issued_at: NOW,
            expires_at: LATER,
            policy_version: 1,
            facts: PasswordFacts::default(),
        },
        |_| Ok(vec![1, 2, 3]),
    )
    .unwrap()
    .unwrap();
    let delivery = queue(
        conn,
        &NewDelivery {
            employee_id: 1,
            credential_id: credential,
            expect: CredentialState::Pending,
            kind: "regenerate",
            template: ("new-password", 0),
            address: "e1@example.com",
            domain: "example.com",
            now: NOW,
            lease: None,
        },
    )
    .unwrap()
    .unwrap()
    .id;
    (credential, delivery)
}

fn states(conn: &Conn) -> Vec<(String, String)> {
    conn.query(
        "SELECT hash, state FROM credentials ORDER BY version",
        &[],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

fn delivery_state(conn: &Conn, id: i64) -> DeliveryState {
    outbox::state(conn, id).unwrap().unwrap().state
}

fn ok(reply: &str) -> Attempts<'_> {
    Attempts {
        count: 1,
        reply,
        address: None,
    }
}

#[test]
fn an_accepted_message_activates_its_password_and_retires_the_old_one_in_one_step() {
    let mut store = store();
    let tx = store.write().unwrap();
    let (_, delivery) = issue_and_queue(&tx, "issued-2");
    let outcome = accepted(&tx, delivery, &ok("250 ok"), NOW, ENDS).unwrap();
    assert_eq!(outcome, Ok(Accepted::Promoted(2)));
    assert_eq!(
        states(&tx),
        [
            ("own-1".into(), "retired".into()),
            ("issued-2".into(), "active".into())
        ]
    );
    assert_eq!(delivery_state(&tx, delivery), DeliveryState::Sent);
}

#[test]
fn accepted_after_the_employees_own_change_is_superseded_and_their_password_stays() {
    let mut store = store();
    let tx = store.write().unwrap();
    let (_, delivery) = issue_and_queue(&tx, "issued-2");
    employee_changed(&tx, &own("own-3")).unwrap().unwrap();
    let outcome = accepted(&tx, delivery, &ok("250 ok"), NOW, ENDS).unwrap();
    assert!(
        matches!(outcome, Ok(Accepted::Superseded(_))),
        "{outcome:?}"
    );
    assert_eq!(
        states(&tx),
        [
            ("own-1".into(), "retired".into()),
            ("issued-2".into(), "retired".into()),
            ("own-3".into(), "active".into())
        ]
    );
    assert_eq!(delivery_state(&tx, delivery), DeliveryState::Superseded);
}

#[test]
fn accepted_after_hrs_cancel_is_superseded_and_the_old_password_stays() {
    let mut store = store();
    let tx = store.write().unwrap();
    let (_, delivery) = issue_and_queue(&tx, "issued-2");
    assert_eq!(cancel(&tx, delivery).unwrap(), Ok(true));
    let outcome = accepted(&tx, delivery, &ok("250 ok"), NOW, ENDS).unwrap();
    assert!(
        matches!(outcome, Ok(Accepted::Superseded(_))),
        "{outcome:?}"
    );
    assert_eq!(states(&tx)[0], ("own-1".into(), "active".into()));
    assert_eq!(delivery_state(&tx, delivery), DeliveryState::Superseded);
}

#[test]
fn a_password_that_expired_in_flight_is_not_activated() {
    let mut store = store();
    let tx = store.write().unwrap();
    let (_, delivery) = issue_and_queue(&tx, "issued-2");
    let outcome = accepted(
        &tx,
        delivery,
        &ok("250 ok"),
        LATER + 1,
        Ends {
            password: LATER + 99,
            link: LATER + 99,
        },
    )
    .unwrap();
    assert!(
        matches!(outcome, Ok(Accepted::Superseded(_))),
        "{outcome:?}"
    );
    assert_eq!(states(&tx)[0], ("own-1".into(), "active".into()));
}

#[test]
fn a_step_that_finds_its_row_moved_on_changes_nothing() {
    let mut store = store();
    let tx = store.write().unwrap();
    let (credential, delivery) = issue_and_queue(&tx, "issued-2");
    assert_eq!(cancel(&tx, delivery).unwrap(), Ok(true));
    let before = states(&tx);
    assert!(activate(&tx, credential, NOW, LATER).unwrap().is_err());
    assert!(deferred(&tx, delivery, &ok("451 later")).unwrap().is_err());
    assert!(
        rejected(&tx, delivery, &ok("550 no"), NOW)
            .unwrap()
            .is_err()
    );
    assert!(cancel(&tx, delivery).unwrap().is_err());
    assert_eq!(states(&tx), before);
    assert_eq!(delivery_state(&tx, delivery), DeliveryState::Cancelled);
}

#[test]
fn retry_takes_the_newest_usable_delivery_of_each_employee() {
    let mut store = store();
    let tx = store.write().unwrap();
    let (_, first) = issue_and_queue(&tx, "issued-2");
    rejected(&tx, first, &ok("550 no"), NOW).unwrap().unwrap();
    // A newer delivery of the same pending password: the failed one is obsolete now.
    let second = queue(
        &tx,
        &NewDelivery {
            employee_id: 1,
            credential_id: credentials::pending(&tx, 1).unwrap().unwrap().id,
            expect: CredentialState::Pending,
            kind: "existing",
            template: ("existing-password", 0),
            address: "e1@example.com",
            domain: "example.com",
            now: NOW,
            lease: None,
        },
    )
    .unwrap()
    .unwrap()
    .id;
    rejected(&tx, second, &ok("550 no"), NOW).unwrap().unwrap();
    assert_eq!(delivery_state(&tx, first), DeliveryState::Obsolete);
    assert_eq!(
        retry(&tx, NOW, &outbox::Lease::nobody(), None).unwrap(),
        [second]
    );
    assert_eq!(delivery_state(&tx, second), DeliveryState::Queued);
    // Once its password expired, nothing is left to retry.
    assert!(
        retry(&tx, LATER + 1, &outbox::Lease::nobody(), None)
            .unwrap()
            .is_empty()
    );
    assert_eq!(delivery_state(&tx, second), DeliveryState::Obsolete);
}

/// A delivery another live sender holds is left to it; once its lease ran out (the sender
/// crashed) the next sender takes it, and only one of two can.
#[test]
fn a_leased_delivery_is_taken_only_after_its_lease_ran_out_and_by_one_sender() {
    let mut store = store();
    let tx = store.write().unwrap();
    let (_, delivery) = issue_and_queue(&tx, "new-1");
    let lease = |owner: &str, scope: &str| outbox::Lease {
        owner: format!("{scope}:{owner}"),
        scope: scope.into(),
        secs: 60,
    };
    let (a, b) = (lease("a", "host-1:home"), lease("b", "host-2:home"));
    assert!(outbox::claim(&tx, delivery, &a, NOW).unwrap());
    assert!(
        !outbox::claim(&tx, delivery, &b, NOW + 59).unwrap(),
        "a holds it"
    );
    assert!(
        retry(&tx, NOW + 59, &b, None).unwrap().is_empty(),
        "b leaves it to a"
    );
    assert_eq!(
        outbox::leased_elsewhere(&tx, delivery, &b, NOW).unwrap(),
        Some((a.owner.clone(), NOW + 60))
    );
    // A later run of a's own scope (same machine and home, so a's lock is free: a died)
    // takes it at once.
    let a_again = lease("a2", "host-1:home");
    assert_eq!(
        outbox::leased_elsewhere(&tx, delivery, &a_again, NOW).unwrap(),
        None
    );
    // a renews, then crashes: after the lease, b takes it, and a no longer can.
    outbox::renew(&tx, &a, NOW + 30).unwrap();
    assert!(!outbox::claim(&tx, delivery, &b, NOW + 89).unwrap());
    assert!(outbox::claim(&tx, delivery, &b, NOW + 90).unwrap());
    assert!(!outbox::claim(&tx, delivery, &a, NOW + 91).unwrap());
    // Accepted: it leaves the queue and nobody holds it.
    accepted(&tx, delivery, &ok("250 ok"), NOW + 92, ENDS)
        .unwrap()
        .unwrap();
    assert_eq!(
        outbox::leased_elsewhere(&tx, delivery, &a, NOW + 92).unwrap(),
        None
    );
}

#[test]
fn the_schema_allows_one_active_credential_per_employee() {
    let mut store = store();
    let tx = store.write().unwrap();
    let second = credentials::insert(&tx, &own("own-2"));
    assert!(second.is_err(), "a second active credential was stored");
}

/// A link for employee 1 with token hash `hash`, sealed as `[9, 9]`.
fn new_link(hash: &[u8]) -> NewLink<'_> {
    NewLink {
        employee_id: 1,
        token_hash: hash,
        sealed: &[9, 9],
        template: ("activation-link", 0),
        address: "e1@example.com",
        domain: "example.com",
        now: NOW,
        expires_at: LATER,
        lease: None,
    }
}

/// Queues a link delivery with token hash `hash`; returns (link, delivery).
fn queue_a_link(conn: &Conn, hash: &[u8]) -> (i64, i64) {
    let q = queue_link(conn, &new_link(hash)).unwrap().unwrap();
    (q.link_id, q.id)
}

fn link_state(conn: &Conn, id: i64) -> (String, Option<Vec<u8>>) {
    let l = crate::store::links::by_id(conn, id).unwrap().unwrap();
    (l.state, l.sealed)
}

#[test]
fn a_link_is_usable_once_its_mail_is_accepted_and_its_seal_goes() {
    let mut store = store();
    let tx = store.write().unwrap();
    let (link, delivery) = queue_a_link(&tx, b"h1");
    assert_eq!(link_state(&tx, link), ("pending".into(), Some(vec![9, 9])));
    let outcome = accepted(&tx, delivery, &ok("250 ok"), NOW, ENDS).unwrap();
    assert_eq!(outcome, Ok(Accepted::Sent));
    assert_eq!(link_state(&tx, link), ("usable".into(), None));
    assert_eq!(delivery_state(&tx, delivery), DeliveryState::Sent);
    assert_eq!(
        states(&tx),
        [("own-1".into(), "active".into())],
        "no credential moved"
    );
}

#[test]
fn a_newer_link_or_password_voids_the_one_in_play_and_its_late_250_is_superseded() {
    let mut store = store();
    let tx = store.write().unwrap();
    let (first, first_delivery) = queue_a_link(&tx, b"h1");
    // A queued one blocks a second (one at a time), until it is done.
    let second = queue_link(&tx, &new_link(b"h2")).unwrap();
    assert!(second.is_err(), "one queued per employee");
    // HR cancels it while in flight: void, and the 250 that comes after supersedes it.
    assert_eq!(cancel(&tx, first_delivery).unwrap(), Ok(false));
    assert_eq!(link_state(&tx, first), ("void".into(), None));
    let late = accepted(&tx, first_delivery, &ok("250 ok"), NOW, ENDS).unwrap();
    assert!(matches!(late, Ok(Accepted::Superseded(_))), "{late:?}");
    // A link accepted, then a new password queued: the link is void.
    let (link, delivery) = queue_a_link(&tx, b"h3");
    accepted(&tx, delivery, &ok("250 ok"), NOW, ENDS)
        .unwrap()
        .unwrap();
    issue_and_queue(&tx, "new-1");
    assert_eq!(link_state(&tx, link).0, "void");
    // The employee's own change voids one in play too.
    let (link, _) = {
        let tx2 = &tx;
        let delivery = outbox::queued_for(tx2, 1).unwrap().unwrap().id;
        accepted(tx2, delivery, &ok("250 ok"), NOW, ENDS)
            .unwrap()
            .unwrap();
        queue_a_link(tx2, b"h4")
    };
    employee_changed(&tx, &own("own-2")).unwrap().unwrap();
    assert_eq!(link_state(&tx, link).0, "void");
}
