//! Load on a running `hrpass serve` (issue 20's targets), from real HTTP clients on loopback:
//!
//! 1. forward-auth: `GET /auth` with a valid session from 4, 8 and 16 keep-alive clients
//!    (tasks on one thread with hyper's client) for a few seconds each, after a second not
//!    counted: requests per second, the latency's p50 and p99, and the CPU a check took;
//!    then at a fixed 5,000 and 10,000 checks a second over 16 connections, the latency
//!    from each check's due time (p50, p99, p99.9, max);
//! 2. sign-ins per second from 16 clients (tasks on one thread with hyper's client: a fresh
//!    sign-in page, then the right password, a fresh session each), against
//!    the argon2id verify bound of this machine (the same stored hash checked on every core
//!    at once, in-process), the two taking turns in short windows;
//! 3. 1,000 sign-in attempts at once: how many were answered 503 (the hash queue full) and
//!    the server's peak RSS (`VmHWM`).
//!
//! The bench stands where the company's reverse proxy would (`[portal] trusted_proxies` is
//! loopback): each sign-in is forwarded from its own employee address, under the default
//! per-address limit.
//!
//! Usage: `cargo bench --bench portal -- BASE_URL HOME CODE PID` (scripts/bench-portal.sh
//! sets up the home, starts the server and passes its pid). CODE's password is
//! `bench-Pass-word-42`. Knobs: `PHASES` (any of `auth,signin,flood`), `CLIENTS` (the
//! sign-ins'), `ROUNDS` and `WINDOW` (seconds) for the sign-ins' turns, `SECONDS_EACH` for
//! forward-auth's runs.

use bytes::Bytes;
use hrpass::credential::hash;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper::header::{self, HeaderMap};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PASSWORD: &str = "bench-Pass-word-42";

/// The `hrpass` binary's allocator (src/main.rs), so that the bound hashes on the memory the
/// binary's hashes get: mimalloc backs a 19 MiB block with 2 MiB pages, glibc's malloc with
/// 4 KiB ones, and argon2's reads across the block are several per cent quicker on the former.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const CLIENTS: usize = 16;

/// The keep-alive connections a paced forward-auth phase spreads its checks over, as a
/// reverse proxy keeps a pool to its auth backend (nginx's `keepalive 16`).
const PACED_CONNECTIONS: usize = 16;

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// The address of the next employee to sign in, as the bench (their reverse proxy, which
/// the portal trusts) forwards it: every sign-in from its own address, as in an office where
/// each desk signs in once.
fn next_address() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    let [_, a, b, c] = NEXT.fetch_add(1, Ordering::Relaxed).to_be_bytes();
    format!("10.{a}.{b}.{c}")
}

/// A request through the proxy: the employee's address forwarded, and what a browser sends
/// with a form post under `Referrer-Policy: no-referrer`.
fn proxied<B>(request: ureq::RequestBuilder<B>, address: &str) -> ureq::RequestBuilder<B> {
    request
        .header("X-Forwarded-For", address)
        .header("Sec-Fetch-Site", "same-origin")
        .header("Origin", "null")
}

/// The visitor cookie and form token of a fresh sign-in page.
fn signin_form(agent: &ureq::Agent, base: &str, address: &str) -> (String, String) {
    let mut page = proxied(agent.get(format!("{base}/signin")), address)
        .call()
        .unwrap();
    let cookie = page
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap()
        .to_owned();
    let body = page.body_mut().read_to_string().unwrap();
    (cookie, csrf_of(&body))
}

/// The form token in a sign-in page.
fn csrf_of(page: &str) -> String {
    let at = page.find("name=\"csrf\" value=\"").unwrap() + 19;
    page[at..at + page[at..].find('"').unwrap()].to_owned()
}

/// One keep-alive HTTP/1.1 connection to the portal (hyper's client, no pool), for the
/// sign-in rate's clients.
struct Connection {
    send: hyper::client::conn::http1::SendRequest<Full<Bytes>>,
}

impl Connection {
    async fn open(authority: &str) -> Connection {
        let stream = tokio::net::TcpStream::connect(authority).await.unwrap();
        stream.set_nodelay(true).unwrap();
        let (send, connection) =
            hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
                .await
                .unwrap();
        tokio::spawn(connection);
        Connection { send }
    }

    /// Sends a request and reads the whole answer: its status, headers and body.
    async fn call(&mut self, request: Request<Full<Bytes>>) -> (u16, HeaderMap, Bytes) {
        self.send.ready().await.unwrap();
        let (head, body) = self.send.send_request(request).await.unwrap().into_parts();
        let body = body.collect().await.unwrap().to_bytes();
        (head.status.as_u16(), head.headers, body)
    }

    /// What `sign_in` does, over this connection: a fresh sign-in page, then the form
    /// posted with the right password, both from a new employee address. The POST's status.
    async fn sign_in(&mut self, authority: &str, code: &str) -> u16 {
        let address = next_address();
        let request = |method: &str, path: &str| {
            Request::builder()
                .method(method)
                .uri(path)
                .header(header::HOST, authority)
                .header("X-Forwarded-For", &address)
                .header("Sec-Fetch-Site", "same-origin")
        };
        let page = request("GET", "/signin").body(Full::default()).unwrap();
        let (status, headers, body) = self.call(page).await;
        assert_eq!(status, 200, "the sign-in page");
        let cookie = headers
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .unwrap()
            .to_owned();
        let csrf = csrf_of(std::str::from_utf8(&body).unwrap());
        let form = form_urlencoded::Serializer::new(String::new())
            .append_pair("csrf", &csrf)
            .append_pair("who", code)
            .append_pair("password", PASSWORD)
            .finish();
        let post = request("POST", "/signin")
            .header("Origin", "null")
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Full::from(form))
            .unwrap();
        self.call(post).await.0
    }
}

/// Signs in from an employee's own address; the status and the session cookie.
fn sign_in(agent: &ureq::Agent, base: &str, code: &str) -> (u16, Option<String>) {
    let address = next_address();
    let (cookie, csrf) = signin_form(agent, base, &address);
    let response = proxied(agent.post(format!("{base}/signin")), &address)
        .header("Cookie", &cookie)
        .send_form([
            ("csrf", csrf.as_str()),
            ("who", code),
            ("password", PASSWORD),
        ])
        .unwrap();
    let session = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("__Host-hrpass="))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned);
    (response.status().as_u16(), session)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize].as_secs_f64() * 1000.0
}

fn peak_rss_mib(pid: &str) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// CPU seconds (user and system) process `pid` has used so far, from `/proc/PID/stat`.
fn cpu_secs(pid: &str) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // After the command's closing parenthesis: state is field 3, utime 14, stime 15.
    let rest = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i)?.parse::<f64>().ok())
        .sum();
    ticks / 100.0 // USER_HZ
}

/// CPU seconds the threads of process `pid` whose names start with `prefix` have used so far
/// (`/proc/PID/task/*/stat`; a thread that has ended is no longer counted).
fn threads_cpu_secs(pid: &str, prefix: &str) -> f64 {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return 0.0;
    };
    tasks
        .filter_map(Result::ok)
        .filter(|task| {
            std::fs::read_to_string(task.path().join("comm"))
                .is_ok_and(|name| name.starts_with(prefix))
        })
        .map(|task| {
            cpu_secs(&format!(
                "{pid}/task/{}",
                task.file_name().to_string_lossy()
            ))
        })
        .sum()
}

/// The machine's CPU seconds so far, all cores, from `/proc/stat`: idle (and iowait), and
/// stolen by the hypervisor.
fn machine_secs() -> [f64; 2] {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let cpu = stat.lines().next().unwrap_or_default();
    // cpu user nice system idle iowait irq softirq steal …
    let ticks: Vec<f64> = cpu
        .split_whitespace()
        .skip(1)
        .filter_map(|t| t.parse::<f64>().ok())
        .collect();
    let tick = |i: usize| ticks.get(i).copied().unwrap_or(0.0) / 100.0; // USER_HZ
    [tick(3) + tick(4), tick(7)]
}

/// `GET /auth` with a valid session from `clients` keep-alive clients for `seconds`, and
/// the CPU it took the server (`pid`) and this load generator per check. The clients are
/// tasks on one thread with hyper's client, as the sign-ins' are: the load generator shares
/// the two cores with the server, and a thread per client took more CPU a check than the
/// server (ureq's, 124–173 µs against the server's 53–116 µs).
fn forward_auth(base: &str, session: &str, pid: &str, clients: usize, seconds: u64) -> String {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let authority = base.trim_start_matches("http://").to_owned();
    let window = Duration::from_secs(seconds);
    let started = Instant::now();
    let (server_cpu, own_cpu) = (cpu_secs(pid), cpu_secs("self"));
    let mut times = runtime.block_on(async {
        let mut clients_done = tokio::task::JoinSet::new();
        for _ in 0..clients {
            let (authority, session) = (authority.clone(), session.to_owned());
            clients_done.spawn(async move {
                let mut connection = Connection::open(&authority).await;
                let mut mine = Vec::new();
                while started.elapsed() < window {
                    let check = Request::get("/auth")
                        .header(header::HOST, &authority)
                        .header(header::COOKIE, &session)
                        .body(Full::default())
                        .unwrap();
                    let t = Instant::now();
                    let (status, _, _) = connection.call(check).await;
                    assert_eq!(status, 200, "forward-auth with a valid session");
                    mine.push(t.elapsed());
                }
                mine
            });
        }
        let mut times = Vec::new();
        while let Some(mine) = clients_done.join_next().await {
            times.extend(mine.unwrap());
        }
        times
    });
    let elapsed = started.elapsed().as_secs_f64();
    let (server_cpu, own_cpu) = (cpu_secs(pid) - server_cpu, cpu_secs("self") - own_cpu);
    times.sort();
    let per_check = |cpu: f64| cpu / times.len().max(1) as f64 * 1e6;
    format!(
        "forward-auth, {clients} clients, {seconds} s: {} requests, {:.0} requests/s, p50 \
         {:.3} ms, p99 {:.3} ms; CPU a check: server {:.0} µs, load generator {:.0} µs",
        times.len(),
        times.len() as f64 / elapsed,
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        per_check(server_cpu),
        per_check(own_cpu)
    )
}

/// `GET /auth` with a valid session at a fixed `rate` for `seconds`, over `connections`
/// keep-alive connections, as a reverse proxy's subrequests come: each request is due at its
/// own time, whether or not the ones before it were answered. A thread of its own keeps the
/// time (a tokio timer wakes on whole milliseconds); a request waits for the next idle
/// connection, and its latency runs from its due time, so a stall counts against every
/// request it held up, not only the one it caught (no coordinated omission).
fn forward_auth_paced(
    base: &str,
    session: &str,
    pid: &str,
    rate: u32,
    connections: usize,
    seconds: u64,
) -> String {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let authority = base.trim_start_matches("http://").to_owned();
    let total = u64::from(rate) * seconds;
    let gap = Duration::from_secs(1) / rate;
    let (due_tx, due_rx) = tokio::sync::mpsc::unbounded_channel::<Instant>();
    let (server_cpu, own_cpu) = (cpu_secs(pid), cpu_secs("self"));
    let (mut times, elapsed) = runtime.block_on(async {
        let mut open = Vec::new();
        for _ in 0..connections {
            open.push(Connection::open(&authority).await);
        }
        let started = Instant::now();
        let pacer = std::thread::spawn(move || {
            for i in 0..total {
                let due = started + gap * u32::try_from(i).unwrap();
                if let Some(wait) = due.checked_duration_since(Instant::now()) {
                    std::thread::sleep(wait);
                }
                due_tx.send(due).unwrap();
            }
        });
        let queue = Arc::new(tokio::sync::Mutex::new(due_rx));
        let mut workers = tokio::task::JoinSet::new();
        for mut connection in open {
            let (authority, session, queue) =
                (authority.clone(), session.to_owned(), queue.clone());
            workers.spawn(async move {
                let mut mine = Vec::new();
                loop {
                    let Some(due) = queue.lock().await.recv().await else {
                        break mine;
                    };
                    let check = Request::get("/auth")
                        .header(header::HOST, &authority)
                        .header(header::COOKIE, &session)
                        .body(Full::default())
                        .unwrap();
                    let (status, _, _) = connection.call(check).await;
                    assert_eq!(status, 200, "forward-auth with a valid session");
                    mine.push(due.elapsed());
                }
            });
        }
        let mut times = Vec::new();
        while let Some(mine) = workers.join_next().await {
            times.extend(mine.unwrap());
        }
        pacer.join().unwrap();
        (times, started.elapsed().as_secs_f64())
    });
    let (server_cpu, own_cpu) = (cpu_secs(pid) - server_cpu, cpu_secs("self") - own_cpu);
    times.sort();
    let per_check = |cpu: f64| cpu / times.len().max(1) as f64 * 1e6;
    let over = times
        .iter()
        .filter(|t| **t > Duration::from_millis(2))
        .count();
    format!(
        "forward-auth at {rate}/s, {connections} connections, {seconds} s: {} requests, \
         {:.0} answered/s, from each one's due time p50 {:.3} ms, p99 {:.3} ms, p99.9 {:.3} \
         ms, max {:.3} ms, {over} over 2 ms; CPU a check: server {:.0} µs, load generator \
         {:.0} µs",
        times.len(),
        times.len() as f64 / elapsed,
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        percentile(&times, 0.999),
        percentile(&times, 1.0),
        per_check(server_cpu),
        per_check(own_cpu)
    )
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let [base, home, code, pid] = args.as_slice() else {
        eprintln!("usage: cargo bench --bench portal -- BASE_URL HOME CODE PID");
        std::process::exit(2);
    };
    let number = |name: &str, default: u64| -> u64 {
        std::env::var(name)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(default)
    };
    let seconds = number("SECONDS_EACH", 5);
    // `PHASES=signin` (any of auth, signin, flood) runs only those; the sign-ins take ROUNDS
    // turns of WINDOW seconds with the bound.
    let phases = std::env::var("PHASES").unwrap_or_else(|_| "auth,signin,flood".into());
    let clients = number("CLIENTS", CLIENTS as u64) as usize;
    let rounds = number("ROUNDS", 6).max(1);
    let window = Duration::from_secs(number("WINDOW", 3));

    // 1. Forward-auth, at a moderate load and at 16 clients.
    if phases.contains("auth") {
        let (status, session) = sign_in(&agent(), base, code);
        assert_eq!(status, 303, "the bench employee signs in");
        let session = session.expect("a session cookie");
        // A second not counted first: the server's first requests open connections and
        // fill SQLite's cache, and would land in the first phase's p99.
        forward_auth(base, &session, pid, 4, 1);
        for clients in [4, 8, CLIENTS] {
            println!("{}", forward_auth(base, &session, pid, clients, seconds));
        }
        // The target's reading: at 5,000 checks a second, the p99. The phases above keep
        // their clients always waiting, so their latency is their queue (Little's law: 16
        // clients at 17,000/s wait 0.94 ms on average however quick each check is).
        for rate in [5_000, 10_000] {
            println!(
                "{}",
                forward_auth_paced(base, &session, pid, rate, PACED_CONNECTIONS, seconds)
            );
        }
    }
    if phases.contains("signin") {
        sign_in_rate(base, home, code, pid, clients, rounds, window);
    }
    if phases.contains("flood") {
        flood(base, pid);
    }
}

/// Sign-ins per second from `clients` clients against the argon2 bound, in `rounds` turns.
fn sign_in_rate(
    base: &str,
    home: &str,
    code: &str,
    pid: &str,
    clients: usize,
    rounds: u64,
    window: Duration,
) {
    let store = if home.starts_with("postgres") {
        hrpass::store::open_url(home).unwrap()
    } else {
        hrpass::store::Store::open(&std::path::Path::new(home).join("hrpass.db")).unwrap()
    };
    let employee = hrpass::store::employees::find(store.conn(), code)
        .unwrap()
        .unwrap();
    let phc = hrpass::store::credentials::active(store.conn(), employee.id)
        .unwrap()
        .unwrap()
        .hash;
    drop(store);
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    // This machine's argon2 speed drifts by a quarter between minutes (with no steal time
    // in /proc/stat), so the bound and the sign-ins take turns in short windows, each
    // round's sign-ins against the mean of the bounds just before and after.
    let bound = || {
        let checks = AtomicU64::new(0);
        let started = Instant::now();
        std::thread::scope(|scope| {
            for _ in 0..cores {
                scope.spawn(|| {
                    while started.elapsed() < window {
                        assert!(hash::verify(PASSWORD, &phc).unwrap());
                        checks.fetch_add(1, Ordering::Relaxed);
                    }
                });
            }
        });
        checks.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
    };
    // The clients are tasks on one thread, each with its own keep-alive connection: the
    // load generator shares the two cores with the server, so it should take little of them.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let authority = base.trim_start_matches("http://").to_owned();
    let sign_ins = || {
        let started = Instant::now();
        let (server_cpu, own_cpu, machine) = (cpu_secs(pid), cpu_secs("self"), machine_secs());
        let hashing_cpu = threads_cpu_secs(pid, "hrpass-hash-");
        let [signed, busy] = runtime.block_on(async {
            let mut clients_done = tokio::task::JoinSet::new();
            for _ in 0..clients {
                let (authority, code) = (authority.clone(), code.to_owned());
                clients_done.spawn(async move {
                    let mut connection = Connection::open(&authority).await;
                    let mut answers = [0_u64; 2];
                    while started.elapsed() < window {
                        match connection.sign_in(&authority, &code).await {
                            303 => answers[0] += 1,
                            503 => answers[1] += 1,
                            other => panic!("sign-in answered {other}"),
                        }
                    }
                    answers
                });
            }
            let mut total = [0_u64; 2];
            while let Some(answers) = clients_done.join_next().await {
                let answers = answers.unwrap();
                total[0] += answers[0];
                total[1] += answers[1];
            }
            total
        });
        let elapsed = started.elapsed().as_secs_f64();
        let (server_cpu, own_cpu) = (cpu_secs(pid) - server_cpu, cpu_secs("self") - own_cpu);
        let hashing_cpu = threads_cpu_secs(pid, "hrpass-hash-") - hashing_cpu;
        (
            signed as f64 / elapsed,
            busy,
            // The hashing threads' CPU a sign-in, and everything else the server did, in ms.
            [hashing_cpu, server_cpu - hashing_cpu].map(|cpu| cpu / signed.max(1) as f64 * 1e3),
            {
                let [idle, stolen] = machine_secs();
                [server_cpu, own_cpu, idle - machine[0], stolen - machine[1]]
                    .map(|cpu| cpu / elapsed)
            },
        )
    };
    let mut before = bound();
    let mut ratios = Vec::new();
    for round in 1..=rounds {
        let (rate, busy, [hashing, rest], [server, own, idle, stolen]) = sign_ins();
        let after = bound();
        let mean = (before + after) / 2.0;
        // Whatever else ran: the kernel's own threads (the disk's work for each sign-in's
        // fsync among them), and other processes.
        let other = cores as f64 - server - own - idle - stolen;
        println!(
            "  round {round}: {rate:.1} sign-ins/s ({busy} answered 503), bound {mean:.1}/s \
             (before {before:.1}, after {after:.1}), ratio {:.2}; cores: server {server:.2}, \
             load generator {own:.2}, idle {idle:.2}, stolen {stolen:.2}, other {other:.2}; \
             CPU a sign-in: hashing threads {hashing:.1} ms, the rest {rest:.1} ms, the bound's \
             hash {:.1} ms",
            rate / mean,
            cores as f64 / mean * 1e3
        );
        ratios.push(rate / mean);
        before = after;
    }
    ratios.sort_by(f64::total_cmp);
    // The middle round, or the mean of the middle two when the count is even.
    let n = ratios.len();
    let median = (ratios[(n - 1) / 2] + ratios[n / 2]) / 2.0;
    println!(
        "sign-ins, {clients} clients, {rounds} rounds of {:.0} s: ratio to the argon2id verify \
         bound on {cores} cores: median {:.2} (lowest {:.2}, highest {:.2})",
        window.as_secs_f64(),
        median,
        ratios[0],
        ratios[n - 1]
    );
}

/// 1,000 sign-in attempts at once: the answers and the server's peak RSS.
fn flood(base: &str, pid: &str) {
    let forms: Vec<(String, String, String)> = (0..1_000)
        .map(|_| {
            let address = next_address();
            let (cookie, csrf) = signin_form(&agent(), base, &address);
            (address, cookie, csrf)
        })
        .collect();
    let gate = Arc::new(std::sync::Barrier::new(forms.len()));
    let answers = Mutex::new(std::collections::BTreeMap::<u16, u32>::new());
    std::thread::scope(|scope| {
        for (address, cookie, csrf) in &forms {
            let gate = gate.clone();
            let answers = &answers;
            std::thread::Builder::new()
                .stack_size(256 * 1024)
                .spawn_scoped(scope, move || {
                    let agent = agent();
                    gate.wait();
                    let status = proxied(agent.post(format!("{base}/signin")), address)
                        .header("Cookie", cookie)
                        .send_form([
                            ("csrf", csrf.as_str()),
                            // Nobody: the same dummy hash, and no lockout of the bench
                            // employee.
                            ("who", "FLOOD-NOBODY"),
                            ("password", "a-wrong-password-for-the-flood"),
                        ])
                        .map_or(0, |r| r.status().as_u16());
                    *answers.lock().unwrap().entry(status).or_default() += 1;
                })
                .unwrap();
        }
    });
    println!(
        "1,000 sign-in attempts at once: answers {:?}; server peak RSS {:.1} MiB",
        answers.lock().unwrap(),
        peak_rss_mib(pid)
    );
}
