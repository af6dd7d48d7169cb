//! Times `employees search` queries against an existing store, as the library runs them.
//!
//! Usage: `cargo bench --bench search -- HOME|URL` where HOME holds an imported hrpass.db
//! (scripts/bench.sh makes one with 1,000,000 employees) or URL is a PostgreSQL store
//! (scripts/bench-postgres.sh). Prints p50 and p95 per query.

use hrpass::store::{EmployeeFilter, Store, employees};
use std::time::{Duration, Instant};

const RUNS: usize = 51;

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

fn main() -> anyhow::Result<()> {
    let home = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .ok_or_else(|| anyhow::anyhow!("usage: cargo bench --bench search -- HOME"))?;
    let store: Store = if home.starts_with("postgres") {
        hrpass::store::open_url(&home)?
    } else {
        Store::open(&std::path::Path::new(&home).join("hrpass.db"))?
    };
    let total = employees::count(store.conn())?;
    println!("store: {total} employees");
    let text = |t: &str, limit: Option<u64>| EmployeeFilter {
        text: Some(t.to_owned()),
        limit,
        ..EmployeeFilter::default()
    };
    let cases = [
        ("code", text("E0123456", None)),
        ("email fragment", text("petrov.12345", None)),
        ("name + email, 3 chars", text("zoe", Some(50))),
        ("accented surname", text("müller", Some(50))),
        ("first and last name", text("zoë müller", Some(50))),
        ("no match", text("qqqqq", None)),
        ("surname, every match", text("müller", None)),
        ("2 chars (no index)", text("zo", Some(50))),
        (
            "name + department",
            EmployeeFilter {
                department: Some("finance".into()),
                ..text("petrov", Some(50))
            },
        ),
    ];
    let mut all = Vec::new();
    println!(
        "{:<24} {:>9} {:>9} {:>8}",
        "query", "p50 ms", "p95 ms", "rows"
    );
    for (name, filter) in &cases {
        let mut times = Vec::with_capacity(RUNS);
        let mut rows = 0;
        for _ in 0..RUNS {
            let start = Instant::now();
            rows = employees::search(store.conn(), filter)?.len();
            times.push(start.elapsed());
        }
        times.sort();
        println!(
            "{name:<24} {:>9.2} {:>9.2} {rows:>8}",
            percentile(&times, 0.5),
            percentile(&times, 0.95)
        );
        if !name.contains("no index") && !name.contains("every match") {
            all.extend(times);
        }
    }
    all.sort();
    println!(
        "{:<24} {:>9.2} {:>9.2}",
        "indexed, one screenful",
        percentile(&all, 0.5),
        percentile(&all, 0.95)
    );
    Ok(())
}
