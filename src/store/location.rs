//! Where the store lives: the SQLite file in the home (the default), or a PostgreSQL database
//! named by `[store] url` or `HRPASS_STORE`. The rules of a shared store's URL are checked
//! here, before any connection: no password in it (it comes from `PGPASSWORD` or a libpq
//! password file), and TLS to any host that is not loopback or a Unix socket, as for SMTP.

use anyhow::{Context, Result, bail};
use postgres::config::{Host, SslMode};
use std::path::{Path, PathBuf};

/// The environment variable that names the store, over `[store] url`.
pub const STORE_ENV: &str = "HRPASS_STORE";

#[derive(Debug, Clone)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(Box<PgUrl>),
}

/// A checked PostgreSQL URL, ready to connect with.
#[derive(Debug, Clone)]
pub struct PgUrl {
    pub config: postgres::Config,
    /// The URL as it may be shown (it never holds a password).
    pub shown: String,
}

impl Location {
    /// `HRPASS_STORE`, else `[store] url`, else the home's SQLite file.
    pub fn resolve(home_db: &Path, configured: Option<&str>) -> Result<(Location, &'static str)> {
        let from_env = std::env::var(STORE_ENV)
            .ok()
            .filter(|v| !v.trim().is_empty());
        let (url, source) = match (&from_env, configured) {
            (Some(url), _) => (Some(url.as_str()), STORE_ENV),
            (None, Some(url)) => (Some(url), "[store] url in hrpass.toml"),
            (None, None) => (None, "the default"),
        };
        match url {
            None => Ok((Location::Sqlite(home_db.to_path_buf()), source)),
            Some(url) => Ok((
                Location::parse(url).with_context(|| source.to_string())?,
                source,
            )),
        }
    }

    /// A store URL: `postgres://` or `postgresql://`.
    pub fn parse(url: &str) -> Result<Location> {
        let url = url.trim();
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            bail!(
                "{url:?} is not a store URL: give postgres://USER@HOST:PORT/DATABASE (without \
                 [store] url, the store is the SQLite file hrpass.db in the home)"
            );
        }
        let mut config: postgres::Config = url
            .parse()
            .map_err(|e| anyhow::anyhow!("{url:?} is not a PostgreSQL URL: {e}"))?;
        if config.get_password().is_some() {
            bail!(
                "the store URL holds a password; take it out (it would sit in hrpass.toml or the \
                 shell history) and give it in PGPASSWORD or a password file (~/.pgpass or \
                 PGPASSFILE)"
            );
        }
        if config.get_user().is_none() {
            bail!("the store URL names no user: postgres://USER@HOST:PORT/DATABASE");
        }
        if config.get_dbname().is_none() {
            bail!("the store URL names no database: postgres://USER@HOST:PORT/DATABASE");
        }
        let ports = config.get_ports().to_vec();
        let remote: Vec<String> = config
            .get_hosts()
            .iter()
            .enumerate()
            .filter_map(|(i, host)| match host {
                Host::Tcp(name) => {
                    let port = ports.get(i).or(ports.first()).copied().unwrap_or(5432);
                    (!crate::tls::is_loopback(name, port)).then(|| name.clone())
                }
                Host::Unix(_) => None,
            })
            .collect();
        if !remote.is_empty() {
            if config.get_ssl_mode() == SslMode::Disable {
                bail!(
                    "sslmode=disable would send the store's data in plain text to {}; TLS is \
                     required to any host that is not loopback or a Unix socket",
                    remote.join(", ")
                );
            }
            config.ssl_mode(SslMode::Require);
        } else if !url.contains("sslmode=") {
            // Loopback and Unix sockets: nothing leaves the machine, so no TLS unless asked
            // for. libpq's default (`prefer`) would take TLS without checking the
            // certificate; rustls always checks it, so a local server with a self-signed one
            // (Debian's packages enable TLS with a "snakeoil" certificate) would be refused.
            config.ssl_mode(SslMode::Disable);
        }
        let shown = shown(&config);
        Ok(Location::Postgres(Box::new(PgUrl { config, shown })))
    }

    /// The engine's name, as `store status` prints it.
    pub fn engine(&self) -> &'static str {
        match self {
            Location::Sqlite(_) => "sqlite",
            Location::Postgres(_) => "postgresql",
        }
    }

    /// Where it is, for people: a path, or the URL (never with a password).
    pub fn shown(&self) -> String {
        match self {
            Location::Sqlite(path) => path.display().to_string(),
            Location::Postgres(url) => url.shown.clone(),
        }
    }
}

/// `postgresql://user@host:port/db` from a parsed config (hosts joined by commas).
fn shown(config: &postgres::Config) -> String {
    let ports = config.get_ports();
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .enumerate()
        .map(|(i, host)| {
            let port = ports.get(i).or(ports.first()).copied().unwrap_or(5432);
            match host {
                Host::Tcp(name) => format!("{name}:{port}"),
                Host::Unix(dir) => format!("{}:{port}", dir.display()),
            }
        })
        .collect();
    format!(
        "postgresql://{}@{}/{}",
        config.get_user().unwrap_or_default(),
        hosts.join(","),
        config.get_dbname().unwrap_or_default()
    )
}

/// The password for `url`: `PGPASSWORD`, else the libpq password file (`PGPASSFILE`, else
/// `~/.pgpass`), whose first matching line wins. A password file others can read is refused,
/// as libpq ignores it.
pub fn password(config: &postgres::Config) -> Result<Option<String>> {
    if let Ok(password) = std::env::var("PGPASSWORD") {
        return Ok(Some(password));
    }
    let file = match std::env::var_os("PGPASSFILE") {
        Some(file) => PathBuf::from(file),
        None => match std::env::var_os("HOME") {
            Some(home) => Path::new(&home).join(".pgpass"),
            None => return Ok(None),
        },
    };
    let Ok(meta) = std::fs::metadata(&file) else {
        return Ok(None);
    };
    use std::os::unix::fs::PermissionsExt;
    if meta.permissions().mode() & 0o077 != 0 {
        bail!(
            "the password file {} can be read by others; `chmod 600` it",
            file.display()
        );
    }
    if meta.len() > 1024 * 1024 {
        bail!("the password file {} is larger than 1 MiB", file.display());
    }
    let text = std::fs::read_to_string(&file)
        .with_context(|| format!("cannot read the password file {}", file.display()))?;
    let ports = config.get_ports();
    let wanted: Vec<String> = {
        let host = match config.get_hosts().first() {
            Some(Host::Tcp(name)) => name.clone(),
            Some(Host::Unix(_)) | None => "localhost".to_owned(),
        };
        vec![
            host,
            ports.first().copied().unwrap_or(5432).to_string(),
            config.get_dbname().unwrap_or_default().to_owned(),
            config.get_user().unwrap_or_default().to_owned(),
        ]
    };
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = pgpass_fields(line);
        if fields.len() != 5 {
            continue;
        }
        if fields[..4]
            .iter()
            .zip(&wanted)
            .all(|(field, want)| field == "*" || field == want)
        {
            return Ok(Some(fields[4].clone()));
        }
    }
    Ok(None)
}

/// The fields of a password file line: `:` separates, `\` escapes `:` and `\`.
fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => fields.last_mut().expect("one field").extend(chars.next()),
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(url: &str) -> String {
        format!("{:#}", Location::parse(url).unwrap_err())
    }

    #[test]
    fn a_password_in_the_url_is_refused() {
        let e = err("postgres://hr:s3cret@db.corp.example/hrpass");
        assert!(
            e.contains("holds a password") && !e.contains("s3cret"),
            "{e}"
        );
    }

    #[test]
    fn tls_is_required_beyond_loopback() {
        let e = err("postgres://hr@db.corp.example/hrpass?sslmode=disable");
        assert!(
            e.contains("plain text") && e.contains("db.corp.example"),
            "{e}"
        );
        let Location::Postgres(remote) =
            Location::parse("postgres://hr@db.corp.example/hrpass").unwrap()
        else {
            panic!()
        };
        assert_eq!(remote.config.get_ssl_mode(), SslMode::Require);
        let Location::Postgres(local) =
            Location::parse("postgres://hr@127.0.0.1:5433/hrpass?sslmode=disable").unwrap()
        else {
            panic!()
        };
        assert_eq!(local.config.get_ssl_mode(), SslMode::Disable);
        assert_eq!(local.shown, "postgresql://hr@127.0.0.1:5433/hrpass");
        // On loopback, TLS only when asked for (then with the certificate checked).
        let mode = |url: &str| match Location::parse(url).unwrap() {
            Location::Postgres(pg) => pg.config.get_ssl_mode(),
            Location::Sqlite(_) => unreachable!(),
        };
        assert_eq!(mode("postgres://hr@localhost/hrpass"), SslMode::Disable);
        assert_eq!(
            mode("postgres://hr@%2Frun%2Fpostgresql/hrpass"),
            SslMode::Disable
        );
        assert_eq!(
            mode("postgres://hr@localhost/hrpass?sslmode=require"),
            SslMode::Require
        );
    }

    #[test]
    fn other_urls_are_refused_with_the_form_to_use() {
        assert!(err("mysql://x@y/z").contains("postgres://USER@HOST:PORT/DATABASE"));
        assert!(err("postgres://db.corp.example/hrpass").contains("no user"));
    }

    #[test]
    fn password_file_lines_unescape_and_wildcards_match() {
        assert_eq!(
            pgpass_fields(r"db\:1:5432:*:hr:pa\:ss\\word"),
            ["db:1", "5432", "*", "hr", r"pa:ss\word"]
        );
    }
}
