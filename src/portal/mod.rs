//! `hrpass serve`: the employees' portal. Server-rendered pages over the same domain the CLI
//! calls (sign-in, the forced change, second factor, forgot password, account) and `GET
//! /auth` for reverse proxies' forward-auth. Each page is a module of small handlers that
//! read the form, call the domain on a blocking thread, and render a template; the security
//! headers, the body limit and the timeouts are layers applied once; state lives only in the
//! store, so several `serve` processes can share one PostgreSQL store.

mod pages;
mod pool;
mod server;
mod views;
mod web;

use crate::context::Ctx;
use crate::store::location::Location;
use crate::vault::Vault;
use anyhow::{Context, Result, bail};
use axum::Router;
use axum::routing::{get, post};
use clap::Args;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Args)]
#[command(after_help = "Plain HTTP is served on loopback only, unless [portal] \
trusted_proxies names the reverse proxy that terminates TLS in front of it. Forward-auth: \
GET /auth answers 200 with Remote-User, Remote-Email and Remote-Name for a signed-in \
employee, else 401 (README shows nginx, Traefik and Caddy).\n\nExamples:\n  hrpass serve\n  \
hrpass serve --listen 0.0.0.0:8443 --tls-cert cert.pem --tls-key key.pem")]
pub struct ServeArgs {
    /// The address and port to listen on
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Serve HTTPS with this certificate chain (PEM)
    #[arg(long, value_name = "PEM", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The certificate's private key (PEM)
    #[arg(long, value_name = "PEM", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

/// Largest form body read (sign-in, change, codes: far less).
const MAX_BODY: usize = 8 * 1024;
/// A request (headers, body and the work) must be done within this.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// A client has this long to send a request's headers.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Places past the hashing gate, per core: one hashing on the core's hashing thread and one
/// ready behind it (its reads done), so a hashing thread that is done starts the next hash
/// at once instead of waiting for a request to be woken, read the store and hand it over.
const PLACES_PER_CORE: usize = 2;
/// Hashes waiting behind the places before the portal answers 503. A waiting request
/// holds no hash memory (argon2's 19 MiB is taken only while it runs), so the queue can be
/// long enough for a busy morning's bursts; past it the answer is at once.
const HASH_QUEUE_PER_CORE: usize = 16;

/// Forgot requests at work at once, per core: each is a blocking task with its own store
/// connection that decides the request, answers, and then sends the mail (its hash on the
/// hashing threads). Past them `HASH_QUEUE_PER_CORE` a core wait, and past those the portal
/// answers 503: a flood of forgot posts holds a bounded number of threads and connections.
const FORGOT_PLACES_PER_CORE: usize = 2;

/// What every handler shares: read-only settings and the ways to the store and the hash
/// pool. No per-user state.
pub struct Portal {
    pool: pool::Pool,
    gate: pool::Gate,
    /// Forgot requests at work (`FORGOT_PLACES_PER_CORE`).
    forgetting: pool::Gate,
    /// The sessions a request is ending or marking seen now (`Portal::writing`).
    session_writes: std::sync::Mutex<std::collections::HashSet<i64>>,
    /// The hashing threads, one a core: sign-ins, password changes, activations and the
    /// new passwords of forgot hash there, so no more argon2 blocks are in use at once than
    /// there are cores.
    hashers: rayon::ThreadPool,
    pages: pages::Pages,
    params: argon2::Params,
    vault: Vault,
    company: String,
    /// `[portal] public_url`'s origin.
    origin: Option<String>,
    /// Served over TLS here.
    tls: bool,
    /// Cookies are `Secure` and `__Host-` (TLS here, or a TLS-terminating proxy in front).
    secure: bool,
    trusted_proxies: Vec<IpAddr>,
    allowed_redirects: Vec<String>,
    attempts_per_address: u32,
    /// For the forgot page's mail: the same settings the CLI runs with.
    settings: crate::context::Settings,
}

/// A session's write (its end, or its mark of seen) that one request is making; the
/// session's other requests meanwhile answer from their reads (`Portal::writing`).
struct SessionWrite {
    portal: &'static Portal,
    id: i64,
}

impl Drop for SessionWrite {
    fn drop(&mut self) {
        self.portal.session_writes().remove(&self.id);
    }
}

impl Portal {
    /// The write of session `id` for this request to make, or `None` when another request
    /// of the session is making it. Once a minute a session is marked seen, and a page's
    /// many forward-auth checks at that moment would otherwise each take the write lock and
    /// sync a commit, one after the other, each waiting for the last.
    fn writing(&'static self, id: i64) -> Option<SessionWrite> {
        let inserted = self.session_writes().insert(id);
        // Made only when inserted, and after the lock is let go: its drop takes the lock.
        inserted.then(|| SessionWrite { portal: self, id })
    }

    /// The set of sessions being written. A panic elsewhere while it was held (none of its
    /// work can panic) leaves it whole, so it is used as it is: were it given up instead,
    /// no session would ever be marked seen again and every one would go idle.
    fn session_writes(&self) -> std::sync::MutexGuard<'_, std::collections::HashSet<i64>> {
        self.session_writes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Runs `work` on one of the hashing threads, without a store connection or a blocking
    /// thread held while it waits or runs. `work` runs to its end even when the request
    /// that asked for it is gone; a panic in it is an error here, not the hashing thread's.
    async fn hash<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T> {
        let (done, result) = tokio::sync::oneshot::channel();
        self.hashers.spawn(move || {
            // The tests' slow hash (`FAILPOINTS=portal-hash=sleep(MS)`): every portal hash
            // takes that long, so the gate's queue can be filled on purpose, and a test can
            // look at what the portal holds while a hash runs.
            #[cfg(feature = "failpoints")]
            fail::eval("portal-hash", |_| ());
            let _ = done.send(std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)));
        });
        match result.await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(_)) => bail!("a hash failed (it panicked)"),
            Err(_) => bail!("a hash was lost"),
        }
    }
}

pub fn serve(args: ServeArgs, ctx: &mut Ctx) -> Result<()> {
    let config = ctx.config()?.clone();
    let portal_config = &config.portal;
    let tls = args.tls_cert.is_some();
    if !tls && !args.listen.ip().is_loopback() && portal_config.trusted_proxies.is_empty() {
        bail!(
            "refusing plain HTTP on {}: passwords would cross the network in clear. Serve \
             TLS (--tls-cert, --tls-key), listen on loopback behind a reverse proxy, or name \
             the proxy that terminates TLS in [portal] trusted_proxies",
            args.listen
        );
    }
    let acceptor = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(server::tls_acceptor(cert, key)?),
        _ => None,
    };
    let (location, _) = ctx.location()?;
    let ca_file = config.store.ca_file.clone();
    // Opened once here, so a store that cannot be reached fails the command, not a request.
    let first = match &location {
        Location::Sqlite(_) => {
            ctx.store()?;
            crate::store::open_location(&location, ca_file.as_deref())?
        }
        Location::Postgres(_) => crate::store::open_location(&location, ca_file.as_deref())?,
    };
    let vault = Vault::open(&ctx.settings.home.vault_key())?;
    let mut first = first;
    crate::delivery::send::check_vault(&mut first, &vault)?;
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut settings = ctx.settings.clone();
    settings.quiet = true;
    settings.progress = false;
    let portal: &'static Portal = Box::leak(Box::new(Portal {
        pool: pool::Pool::new(location, ca_file, first),
        gate: pool::Gate::new(cores * PLACES_PER_CORE, cores * HASH_QUEUE_PER_CORE),
        forgetting: pool::Gate::new(cores * FORGOT_PLACES_PER_CORE, cores * HASH_QUEUE_PER_CORE),
        session_writes: Default::default(),
        hashers: rayon::ThreadPoolBuilder::new()
            .num_threads(cores)
            .thread_name(|i| format!("hrpass-hash-{i}"))
            .build()
            .context("cannot start the portal's hashing threads")?,
        pages: pages::Pages::new(&portal_config.company)?,
        params: config.hashing.params()?,
        vault,
        company: portal_config.company.clone(),
        origin: portal_config
            .public_url
            .as_deref()
            .and_then(crate::config::origin_of),
        tls,
        secure: tls || !portal_config.trusted_proxies.is_empty(),
        trusted_proxies: portal_config.trusted_proxies.clone(),
        allowed_redirects: portal_config.allowed_redirects.clone(),
        attempts_per_address: portal_config.attempts_per_address,
        settings,
    }));
    let app = router(portal);
    // The async side reads requests, writes pages and answers the SQLite reads that need not
    // wait; the rest of the store runs on blocking threads, and hashes on the hashing
    // threads, one a core. Half the cores for it means
    // fewer workers waking each other and pre-empting a hash (on 2 cores, with one worker
    // forward-auth's p99 at 16 clients went from 5.5 to 3.7 ms; BENCHMARKS.md).
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads((cores / 2).max(1))
        .enable_all()
        .build()
        .context("cannot start the portal's runtime")?;
    runtime.block_on(server::run(app, args.listen, acceptor, !ctx.settings.quiet))
}

fn router(portal: &'static Portal) -> Router {
    use tower_http::limit::RequestBodyLimitLayer;
    use tower_http::timeout::TimeoutLayer;
    Router::new()
        .route("/", get(views::account::home))
        .route(
            "/signin",
            get(views::signin::page).post(views::signin::submit),
        )
        .route(
            "/signin/code",
            get(views::signin::code_page).post(views::signin::code_submit),
        )
        .route("/signout", post(views::signin::sign_out))
        .route(
            "/signout-everywhere",
            post(views::account::sign_out_everywhere),
        )
        .route(
            "/change",
            get(views::change::page).post(views::change::submit),
        )
        .route(
            "/activate/{token}",
            get(views::activate::page).post(views::activate::submit),
        )
        .route("/masquerade/{token}", get(views::masquerade::open))
        .route("/enroll", get(views::enroll::page))
        .route("/enroll/start", post(views::enroll::start))
        .route("/enroll/confirm", post(views::enroll::confirm))
        .route("/recovery-codes", post(views::enroll::new_recovery_codes))
        .route("/account", get(views::account::page))
        .route(
            "/forgot",
            get(views::forgot::page).post(views::forgot::submit),
        )
        .route("/auth", get(views::auth::check))
        .route("/static/portal.css", get(views::static_css))
        .fallback(views::not_found)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .layer(RequestBodyLimitLayer::new(MAX_BODY))
        .layer(axum::middleware::from_fn_with_state(
            portal,
            web::security_headers,
        ))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .with_state(portal)
}
