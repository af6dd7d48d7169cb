//! argon2id hashes per second at OWASP's parameters: hrpass's `Hasher` (reused memory block,
//! PHC string) against the argon2 crate on its own, on one thread and on every core.
//!
//! Usage: `cargo bench --bench hashing [-- SECONDS]` (default 2 s a measurement, 5 rounds).
//! `cargo bench --bench hashing -- bound N` instead hashes N passwords the way
//! `send-password --regenerate` does (rayon over every core, one kept hasher a thread) and
//! prints the rate: the bound a regenerate run is measured against (scripts/bench-delivery.sh).

use argon2::{Algorithm, Argon2, Block, Params, PasswordHasher, Version};
use hrpass::credential::Hasher;
use rayon::prelude::*;
use std::time::{Duration, Instant};

const PASSWORD: &str = "lantern-Quokka-orbit-73";

/// The `hrpass` binary's allocator (src/main.rs), so that the bound hashes on the memory the
/// binary's hashes get: mimalloc backs a 19 MiB block with 2 MiB pages, glibc's malloc with
/// 4 KiB ones, and argon2's reads across the block are several per cent quicker on the former.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Makes one thread's hasher: a closure that hashes `PASSWORD` once per call.
type Work = fn() -> Box<dyn FnMut() + Send>;

fn ours() -> Box<dyn FnMut() + Send> {
    let mut hasher = Hasher::owasp();
    Box::new(move || {
        hasher.hash(PASSWORD).unwrap();
    })
}

fn crate_reused() -> Box<dyn FnMut() + Send> {
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default());
    let mut memory = vec![Block::default(); Params::default().block_count()];
    Box::new(move || {
        let mut out = [0u8; 32];
        argon
            .hash_password_into_with_memory(
                PASSWORD.as_bytes(),
                b"sixteen byte salt",
                &mut out,
                &mut memory,
            )
            .unwrap();
    })
}

fn crate_phc() -> Box<dyn FnMut() + Send> {
    let argon = Argon2::default();
    Box::new(move || {
        argon.hash_password(PASSWORD.as_bytes()).unwrap();
    })
}

/// Hashes per second of `work`, run on `threads` threads for about `seconds`.
fn rate(threads: usize, seconds: f64, work: Work) -> f64 {
    let deadline = Duration::from_secs_f64(seconds);
    let start = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let counts: Vec<u64> = pool.install(|| {
        (0..threads)
            .into_par_iter()
            .map(|_| {
                let mut hash_one = work();
                let mut n = 0;
                while start.elapsed() < deadline {
                    hash_one();
                    n += 1;
                }
                n
            })
            .collect()
    });
    counts.iter().sum::<u64>() as f64 / start.elapsed().as_secs_f64()
}

/// Hashes `n` passwords as a regenerate run does; prints hashes per second.
fn bound(n: usize) {
    let params = Params::default();
    let start = Instant::now();
    (0..n).into_par_iter().for_each(|_| {
        Hasher::with_thread_local(&params, |hasher| hasher.hash(PASSWORD).unwrap());
    });
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "hashing bound: {n} hashes in {seconds:.2} s on {} threads = {:.1}/s",
        rayon::current_num_threads(),
        n as f64 / seconds
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(at) = args.iter().position(|a| a == "bound") {
        let n = args
            .get(at + 1)
            .and_then(|n| n.parse().ok())
            .unwrap_or(2000);
        return bound(n);
    }
    let seconds: f64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(2.0);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let params = Params::default();
    println!(
        "argon2id m={} KiB, t={}, p={}; {cores} cores; {seconds} s a measurement",
        params.m_cost(),
        params.t_cost(),
        params.p_cost()
    );

    // Rounds interleave the variants so that drift in the machine's speed (other load,
    // frequency) falls on all of them alike; each figure is the median of its rounds.
    let variants: [(&str, Work); 3] = [
        ("hrpass Hasher::hash (PHC, reused block)", ours),
        ("argon2 hash_password_into_with_memory", crate_reused),
        ("argon2 hash_password (PHC, allocates)", crate_phc),
    ];
    let rounds = 5;
    let mut rates = vec![(Vec::new(), Vec::new()); variants.len()];
    for _ in 0..rounds {
        for (i, (_, work)) in variants.iter().enumerate() {
            rates[i].0.push(rate(1, seconds, *work));
            rates[i].1.push(rate(cores, seconds, *work));
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v[v.len() / 2]
    };
    println!(
        "{:<44} {:>12} {:>12}",
        format!("median of {rounds} rounds"),
        "1 thread",
        format!("{cores} threads")
    );
    let mut medians = Vec::new();
    for ((name, _), (one, all)) in variants.iter().zip(rates.iter_mut()) {
        let (one, all) = (median(one), median(all));
        println!("{name:<44} {one:>9.1}/s {all:>9.1}/s");
        medians.push((one, all));
    }
    println!(
        "hrpass / crate (same reused-block work): {:.3} on 1 thread, {:.3} on {cores}",
        medians[0].0 / medians[1].0,
        medians[0].1 / medians[1].1
    );
}
