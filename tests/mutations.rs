//! Property tests over mutated inputs (issue 9): valid CSV files and templates with bytes
//! flipped, inserted, cut and lines duplicated. Whatever the mutation, hrpass must not panic,
//! must exit 0, 1 or 2, must leave the store as it was when it exits non-zero, and must
//! answer in bounded time and memory (each command runs in a 512 MiB address space).

use crate::common::{TestEnv, example};
use proptest::prelude::*;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
enum Mutation {
    Flip { at: usize, byte: u8 },
    Insert { at: usize, byte: u8 },
    Truncate { at: usize },
    DuplicateLine { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    // Bytes that matter to parsers more often than chance would pick them.
    let byte = prop_oneof![
        Just(b'"'),
        Just(b','),
        Just(b'\n'),
        Just(b'\r'),
        Just(0u8),
        Just(0x1b),
        Just(b'{'),
        Just(b'}'),
        Just(b'%'),
        Just(b'|'),
        Just(0xff),
        Just(0xe2),
        any::<u8>(),
    ];
    prop_oneof![
        (any::<usize>(), byte.clone()).prop_map(|(at, byte)| Mutation::Flip { at, byte }),
        (any::<usize>(), byte).prop_map(|(at, byte)| Mutation::Insert { at, byte }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        any::<usize>().prop_map(|at| Mutation::DuplicateLine { at }),
    ]
}

fn apply(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len().max(1);
        match *m {
            Mutation::Flip { at, byte } if !bytes.is_empty() => bytes[at % len] = byte,
            Mutation::Flip { .. } => {}
            Mutation::Insert { at, byte } => bytes.insert(at % (bytes.len() + 1), byte),
            Mutation::Truncate { at } => bytes.truncate(at % len),
            Mutation::DuplicateLine { at } => {
                let lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
                if let Some(line) = lines.get(at % lines.len().max(1)) {
                    let mut copy = line.to_vec();
                    copy.extend_from_slice(&bytes);
                    bytes = copy;
                }
            }
        }
    }
    bytes
}

/// The address space each command may use: a normal one needs under 200 MB.
const MEMORY: u64 = 512 * 1024 * 1024;

/// Runs hrpass and checks the properties; returns the exit code.
fn check(env: &TestEnv, args: &[&str]) -> i32 {
    let before = env.snapshot();
    let started = Instant::now();
    let out = env.run_within(MEMORY, args);
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out
        .status
        .code()
        .unwrap_or_else(|| panic!("{args:?} died by a signal: {stderr}"));
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    assert!(matches!(code, 0..=2), "{args:?} exited {code}: {stderr}");
    assert!(took < Duration::from_secs(10), "{args:?} took {took:?}");
    if code != 0 {
        assert_eq!(
            env.snapshot(),
            before,
            "{args:?} exited {code} but changed the store"
        );
    }
    code
}

fn cases() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("HRPASS_MUTATION_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(48),
        ..ProptestConfig::default()
    }
}

#[test]
fn mutated_csv_files_never_panic_and_a_refusal_changes_nothing() {
    let env = TestEnv::new();
    let valid: Vec<u8> = std::fs::read_to_string(example("employees.csv"))
        .unwrap()
        .lines()
        .take(12)
        .flat_map(|l| format!("{l}\n").into_bytes())
        .collect();
    let exits = std::cell::RefCell::new([0u32; 3]);
    proptest!(cases(), |(mutations in prop::collection::vec(mutation(), 1..6))| {
        let file = env.file("mutated.csv", apply(valid.clone(), &mutations));
        exits.borrow_mut()[check(&env, &["employees", "validate", &file]) as usize] += 1;
        exits.borrow_mut()[check(&env, &["employees", "import", &file, "--on-existing", "update"]) as usize] += 1;
        exits.borrow_mut()[check(&env, &["relations", "import", &file]) as usize] += 1;
    });
    eprintln!("mutated CSV: exits 0/1/2 = {:?}", exits.borrow());
}

#[test]
fn mutated_templates_never_panic_and_a_refusal_changes_nothing() {
    let env = TestEnv::with_examples();
    let valid = include_bytes!("../src/delivery/templates/new-password.txt").to_vec();
    let exits = std::cell::RefCell::new([0u32; 3]);
    proptest!(cases(), |(mutations in prop::collection::vec(mutation(), 1..6))| {
        let file = env.file("mutated.txt", apply(valid.clone(), &mutations));
        let set = check(&env, &["template", "set", "fuzzed", "--subject", "Hi {{ employee.first_name }}", "--text", &file]);
        exits.borrow_mut()[set as usize] += 1;
        if set == 0 {
            exits.borrow_mut()[check(&env, &["template", "preview", "fuzzed", "--employee", "E0002"]) as usize] += 1;
            exits.borrow_mut()[check(&env, &["send-password", "--regenerate", "--dry-run", "--to", "E0002", "--template", "fuzzed"]) as usize] += 1;
        }
    });
    eprintln!("mutated templates: exits 0/1/2 = {:?}", exits.borrow());
}
