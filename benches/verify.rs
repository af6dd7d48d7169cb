//! Times a portal sign-in as the library runs it (`credential::verify`: read the policy and
//! the credential, argon2id, record the outcome) beside the argon2id check alone on the same
//! stored hash, so the store's share is seen apart from the hash's. Then the rate of
//! sign-ins on every core at once, which shows whether sign-ins wait for each other. Last,
//! the same sign-in with a second factor (TOTP): the employee is enrolled with a throw-away
//! vault key, each sign-in gives the code of a later time step (the clock is passed in), and
//! the factor is removed again at the end.
//!
//! Usage: `cargo bench --bench verify -- HOME|URL CODE` where CODE's password is
//! `bench-Pass-word-42` (scripts/bench-postgres.sh sets it with `hrpass passwd`).

use hrpass::credential::{self, Attempt, Verdict, factor, hash};
use hrpass::store::{Store, credentials, employees};
use std::time::{Duration, Instant};

const PASSWORD: &str = "bench-Pass-word-42";
const RUNS: usize = 51;

fn open(home: &str) -> anyhow::Result<Store> {
    if home.starts_with("postgres") {
        hrpass::store::open_url(home)
    } else {
        Store::open(&std::path::Path::new(home).join("hrpass.db"))
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentiles(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let at = |p: f64| ms(times[((times.len() - 1) as f64 * p).round() as usize]);
    (at(0.5), at(0.95))
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let [home, code] = args.as_slice() else {
        anyhow::bail!("usage: cargo bench --bench verify -- HOME|URL CODE");
    };
    // Production's parameters (OWASP), which `hrpass passwd` hashed with.
    let params = argon2::Params::default();
    let mut store = open(home)?;
    let employee = employees::find(store.conn(), code)?
        .ok_or_else(|| anyhow::anyhow!("no employee {code}"))?;
    let stored = credentials::active(store.conn(), employee.id)?
        .ok_or_else(|| anyhow::anyhow!("{code} has no active password"))?
        .hash;

    let mut hashes = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        anyhow::ensure!(
            hash::verify(PASSWORD, &stored)?,
            "the password is not {PASSWORD}"
        );
        hashes.push(start.elapsed());
    }
    let mut sign_ins = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        let verdict = credential::verify(
            &mut store,
            code,
            PASSWORD,
            credential::now(),
            &params,
            "bench",
        )?;
        sign_ins.push(start.elapsed());
        anyhow::ensure!(matches!(verdict, Verdict::Valid { .. }), "{verdict:?}");
    }
    let (hash50, hash95) = percentiles(hashes);
    let (verify50, verify95) = percentiles(sign_ins);
    println!(
        "argon2id check alone: p50 {hash50:.2} ms, p95 {hash95:.2} ms ({RUNS} runs)\n\
         verify (library):     p50 {verify50:.2} ms, p95 {verify95:.2} ms ({RUNS} runs)\n\
         store's share at p50: {:.2} ms",
        verify50 - hash50
    );

    // Every core signing in at once, each on its own connection.
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let per_thread = RUNS;
    let start = Instant::now();
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let params = &params;
                scope.spawn(move || -> anyhow::Result<()> {
                    let mut store = open(home)?;
                    for _ in 0..per_thread {
                        let verdict = credential::verify(
                            &mut store,
                            code,
                            PASSWORD,
                            credential::now(),
                            params,
                            "bench",
                        )?;
                        anyhow::ensure!(verdict.is_valid(), "{verdict:?}");
                    }
                    Ok(())
                })
            })
            .collect();
        for worker in workers {
            worker.join().expect("a sign-in thread panicked")?;
        }
        Ok(())
    })?;
    let elapsed = start.elapsed().as_secs_f64();
    let total = threads * per_thread;
    println!(
        "{threads} threads at once:     {:.0} sign-ins/s ({total} in {elapsed:.2} s; one thread alone would do {:.0}/s)",
        total as f64 / elapsed,
        1000.0 / verify50
    );

    // With a second factor.
    let vault = hrpass::vault::Vault::from_key(&[0x5a; 32])?;
    let t0 = 1_900_000_005;
    let enrolment = factor::enroll(&mut store, code, &vault, "Bench", t0, "bench")?;
    let app = totp_rs::Totp::from_url(secrecy::ExposeSecret::expose_secret(&enrolment.uri))?;
    let at = |t: i64| app.generate(t as u64).to_string();
    let confirmed = factor::confirm(&mut store, code, &at(t0), &vault, t0, "bench")?;
    anyhow::ensure!(matches!(confirmed, factor::Confirmation::Confirmed { .. }));
    let mut with_code = Vec::with_capacity(RUNS);
    for i in 0..RUNS {
        let now = t0 + 30 * (i as i64 + 1);
        let start = Instant::now();
        let verdict = credential::sign_in(
            &mut store,
            &Attempt {
                code,
                password: PASSWORD,
                one_time: Some(&at(now)),
            },
            now,
            &params,
            Some(&vault),
            "bench",
        )?;
        with_code.push(start.elapsed());
        anyhow::ensure!(verdict.is_valid(), "{verdict:?}");
    }
    factor::reset(&mut store, code, "bench")?;
    let (code50, code95) = percentiles(with_code);
    println!(
        "sign_in with a code:  p50 {code50:.2} ms, p95 {code95:.2} ms ({RUNS} runs); the second \
         factor adds {:.2} ms at p50",
        code50 - verify50
    );
    Ok(())
}
