//! A real PostgreSQL server for the tests: Debian's `postgresql` package (scripts/test.sh
//! installs it), `initdb` into a temporary folder, `pg_ctl` on a Unix socket and a free
//! loopback port. One server per test run, started on first use; one database per test. As
//! root (CI runs as root, and initdb refuses root) the server runs as the `postgres` user.
//! A watcher process stops the server and removes its folder when the test binary exits.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

pub struct PgServer {
    /// The folder of the Unix socket (also the server's top folder).
    pub socket_dir: PathBuf,
    pub port: u16,
    /// The private CA that signed the server's certificate (for `localhost` and 127.0.0.1):
    /// the server takes TLS on its loopback port.
    pub ca_file: PathBuf,
    bin: PathBuf,
}

static SERVER: OnceLock<Result<PgServer, String>> = OnceLock::new();

/// The test run's server; a test whose tool is missing fails saying which and how to get it.
pub fn server() -> &'static PgServer {
    match SERVER.get_or_init(start) {
        Ok(server) => server,
        Err(why) => panic!("{why}"),
    }
}

/// The folder of initdb and pg_ctl: Debian keeps them under /usr/lib/postgresql/N/bin.
fn bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("initdb").is_file() && bin.join("pg_ctl").is_file())
        .collect();
    versions.sort();
    versions.pop()
}

fn is_root() -> bool {
    // SAFETY-free: `id -u` rather than libc.
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.trim_ascii() == b"0")
        .unwrap_or(false)
}

/// Runs a PostgreSQL program, as `postgres` when we are root.
fn pg_command(bin: &Path, program: &str) -> Command {
    let path = bin.join(program);
    if is_root() {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"]).arg(path);
        cmd
    } else {
        Command::new(path)
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn start() -> Result<PgServer, String> {
    let bin = bin_dir().ok_or(
        "PostgreSQL is missing (no /usr/lib/postgresql/*/bin/initdb): install Debian's \
         postgresql package (`apt-get install postgresql`; scripts/test.sh does)",
    )?;
    let top = tempfile::Builder::new()
        .prefix("hrpass-pg-")
        .tempdir()
        .map_err(|e| e.to_string())?
        .keep();
    let ca_file = write_certificates(&top)?;
    if is_root() {
        let status = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(&top)
            .status()
            .map_err(|e| e.to_string())?;
        if !status.success() {
            return Err(format!(
                "cannot give {} to the postgres user",
                top.display()
            ));
        }
    }
    let data = top.join("data");
    let log = top.join("server.log");
    let run = |cmd: &mut Command, what: &str| -> Result<(), String> {
        let out = cmd.output().map_err(|e| format!("{what}: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{what} failed: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    };
    run(
        pg_command(&bin, "initdb")
            .args([
                "--auth=trust",
                "--username=hrpass",
                "--encoding=UTF8",
                "--no-sync",
            ])
            .arg("-D")
            .arg(&data),
        "initdb",
    )?;
    let port = free_port();
    let options = format!(
        "-k {top} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 \
         -c ssl=on -c ssl_cert_file={top}/server.pem -c ssl_key_file={top}/server.key",
        top = top.display()
    );
    run(
        pg_command(&bin, "pg_ctl")
            .arg("-D")
            .arg(&data)
            .arg("-l")
            .arg(&log)
            .args(["-o", &options, "-w", "start"]),
        "pg_ctl start",
    )?;
    // Stops the server once this test binary has exited, however it exits.
    let stop = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 0.5; done; {runas}{pg_ctl} -D {data} -m immediate stop; rm -rf {top}",
        pid = std::process::id(),
        runas = if is_root() {
            "runuser -u postgres -- "
        } else {
            ""
        },
        pg_ctl = bin.join("pg_ctl").display(),
        data = data.display(),
        top = top.display(),
    );
    Command::new("setsid")
        .args(["sh", "-c", &stop])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start the server's watcher: {e}"))?;
    Ok(PgServer {
        socket_dir: top,
        port,
        ca_file,
        bin,
    })
}

/// A private CA and a server certificate for `localhost` and 127.0.0.1 signed by it, in
/// `top` (the key readable by its owner only, as PostgreSQL insists); the CA's file.
fn write_certificates(top: &Path) -> Result<PathBuf, String> {
    use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair, SanType};
    use std::os::unix::fs::PermissionsExt;
    let e = |e: rcgen::Error| e.to_string();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(e)?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().map_err(e)?).map_err(e)?;
    let key = KeyPair::generate().map_err(e)?;
    let mut params = CertificateParams::new(vec!["localhost".to_owned()]).map_err(e)?;
    params
        .subject_alt_names
        .push(SanType::IpAddress([127, 0, 0, 1].into()));
    let cert = params.signed_by(&key, &ca).map_err(e)?;
    let write = |name: &str, pem: String| -> Result<PathBuf, String> {
        let path = top.join(name);
        std::fs::write(&path, pem).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(path)
    };
    write("server.pem", cert.pem())?;
    let key_file = write("server.key", key.serialize_pem())?;
    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600))
        .map_err(|e| e.to_string())?;
    write("ca.pem", ca.pem())
}

impl PgServer {
    /// A new, empty database for one test; its URL (over the Unix socket).
    pub fn database(&self) -> String {
        static NEXT: AtomicU32 = AtomicU32::new(1);
        let name = format!(
            "t{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        self.psql("postgres", &format!("CREATE DATABASE {name}"));
        self.url(&name)
    }

    /// The URL of database `name`: the socket folder as host, as libpq writes it.
    pub fn url(&self, name: &str) -> String {
        let socket: String = self.socket_dir.display().to_string().replace('/', "%2F");
        format!("postgresql://hrpass@{socket}:{}/{name}", self.port)
    }

    /// The same database over TCP on loopback.
    pub fn tcp_url(&self, name: &str) -> String {
        format!("postgresql://hrpass@127.0.0.1:{}/{name}", self.port)
    }

    /// The same database over TCP by host name, TLS required.
    pub fn tls_url(&self, name: &str) -> String {
        format!(
            "postgresql://hrpass@localhost:{}/{name}?sslmode=require",
            self.port
        )
    }

    /// Runs SQL with psql against `url`'s database and returns its unaligned output.
    pub fn psql(&self, database: &str, sql: &str) -> String {
        let out = self.psql_as("hrpass", database, sql);
        assert!(
            out.status.success(),
            "psql {sql}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

impl PgServer {
    /// Runs SQL with psql as `user` (trust on the socket: any role may connect as itself);
    /// the output, failed or not.
    pub fn psql_as(&self, user: &str, database: &str, sql: &str) -> std::process::Output {
        Command::new(self.bin.join("psql"))
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h"])
            .arg(&self.socket_dir)
            .args([
                "-p",
                &self.port.to_string(),
                "-U",
                user,
                "-d",
                database,
                "-c",
                sql,
            ])
            .output()
            .expect("psql runs")
    }

    /// Everything database `name` holds, as `pg_dump` writes it.
    pub fn dump(&self, name: &str) -> Vec<u8> {
        let out = Command::new(self.bin.join("pg_dump"))
            .arg("-h")
            .arg(&self.socket_dir)
            .args(["-p", &self.port.to_string(), "-U", "hrpass", name])
            .output()
            .expect("pg_dump runs");
        assert!(
            out.status.success(),
            "pg_dump {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }
}

/// The database name of a URL made by `database`.
pub fn database_of(url: &str) -> &str {
    url.rsplit_once('/').map_or(url, |(_, db)| db)
}
