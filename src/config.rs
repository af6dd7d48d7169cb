//! `hrpass.toml`: how mail leaves and what the portal is called. Secrets never live here.

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The annotated file that `hrpass init` writes.
pub const DEFAULT_FILE: &str = include_str!("config/default.toml");

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub smtp: Smtp,
    pub delivery: Delivery,
    pub portal: Portal,
    pub hashing: Hashing,
    pub store: StoreSettings,
}

/// `[store]`: where the employee store lives. No `url` means the SQLite file in the home.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct StoreSettings {
    /// `postgres://user@host:port/database` (no password: it comes from PGPASSWORD or a
    /// password file). `HRPASS_STORE` overrides it.
    pub url: Option<String>,
    /// A PEM file with the CA that signed the PostgreSQL server's certificate.
    pub ca_file: Option<std::path::PathBuf>,
}

/// argon2id parameters; OWASP's m=19456 KiB, t=2, p=1 is the floor and the default.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Hashing {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Default for Hashing {
    fn default() -> Self {
        use crate::credential::hash::{OWASP_ITERATIONS, OWASP_MEMORY_KIB, OWASP_PARALLELISM};
        Hashing {
            memory_kib: OWASP_MEMORY_KIB,
            iterations: OWASP_ITERATIONS,
            parallelism: OWASP_PARALLELISM,
        }
    }
}

impl Hashing {
    /// The parameters, refused below the floor.
    pub fn params(&self) -> Result<argon2::Params> {
        crate::credential::hash::params(self.memory_kib, self.iterations, self.parallelism)
    }
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    #[default]
    Starttls,
    Tls,
    /// Plain text; refused unless the host is a loopback address.
    None,
}

/// A mail provider whose settings and sending limits hrpass knows (`[smtp] provider`).
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// Nothing filled in: every key as written (or its default).
    #[default]
    Custom,
    /// Exchange Online SMTP client submission: 30 messages a minute, 10,000 recipients a day.
    Microsoft365,
    /// Google Workspace: 2,000 messages a day.
    Google,
}

/// One value a provider preset fills in when hrpass.toml does not set the key.
#[derive(Debug, Clone, Copy)]
enum Preset {
    Host(&'static str),
    Port(u16),
    Security(Security),
    RatePerMinute(u32),
    MaxConnections(u32),
    DailyLimit(u32),
}

impl Provider {
    /// The (section, key, value) the preset fills in. Microsoft's and Google's published
    /// limits; the per-minute rate for Google and both connection caps are hrpass's own
    /// conservative choice (Google publishes no per-minute figure; both throttle bursts of
    /// parallel sessions).
    fn preset(self) -> &'static [(&'static str, &'static str, Preset)] {
        use Preset::*;
        match self {
            Provider::Custom => &[],
            Provider::Microsoft365 => &[
                ("smtp", "host", Host("smtp.office365.com")),
                ("smtp", "port", Port(587)),
                ("smtp", "security", Security(self::Security::Starttls)),
                ("delivery", "rate_per_minute", RatePerMinute(30)),
                ("delivery", "max_connections", MaxConnections(3)),
                ("delivery", "daily_limit", DailyLimit(10_000)),
            ],
            Provider::Google => &[
                ("smtp", "host", Host("smtp.gmail.com")),
                ("smtp", "port", Port(587)),
                ("smtp", "security", Security(self::Security::Starttls)),
                ("delivery", "rate_per_minute", RatePerMinute(60)),
                ("delivery", "max_connections", MaxConnections(3)),
                ("delivery", "daily_limit", DailyLimit(2_000)),
            ],
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Provider::Custom => "custom",
            Provider::Microsoft365 => "microsoft365",
            Provider::Google => "google",
        }
    }
}

/// How hrpass signs in to the SMTP server as `username`.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SmtpAuth {
    /// PLAIN or LOGIN with the password from `password_env`.
    #[default]
    Password,
    /// XOAUTH2 with an OAuth2 access token printed by `token_command` (Microsoft 365,
    /// Google Workspace).
    Xoauth2,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Smtp {
    /// Fills host, port, security and the sending limits; keys written in the file win.
    pub provider: Provider,
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: Option<String>,
    pub auth: SmtpAuth,
    /// The name of the environment variable that holds the SMTP password.
    pub password_env: Option<String>,
    /// With `auth = "xoauth2"`: a shell command whose standard output is an access token,
    /// run each time a connection signs in (as msmtp's `passwordeval`).
    pub token_command: Option<String>,
    /// `hrpass mail login`: the application (client) id registered with the provider.
    pub client_id: Option<String>,
    /// Microsoft 365: the directory (tenant) id or domain; "organizations" when unset.
    pub tenant: Option<String>,
    /// The environment variable holding the OAuth client's secret (Google's device flow
    /// needs one; Microsoft's public clients have none).
    pub client_secret_env: Option<String>,
    /// The provider's device authorization and token endpoints, for a national cloud or a
    /// local stand-in (https, or http to a loopback address).
    pub device_authorization_url: Option<String>,
    pub token_url: Option<String>,
    pub from: String,
    pub ca_file: Option<std::path::PathBuf>,
    pub timeout_secs: u64,
}

impl Default for Smtp {
    fn default() -> Self {
        Smtp {
            provider: Provider::Custom,
            host: "localhost".into(),
            port: 587,
            security: Security::Starttls,
            username: None,
            auth: SmtpAuth::Password,
            password_env: None,
            token_command: None,
            client_id: None,
            tenant: None,
            client_secret_env: None,
            device_authorization_url: None,
            token_url: None,
            from: "HR <hr@example.com>".into(),
            ca_file: None,
            timeout_secs: 30,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    #[default]
    Smtp,
    File,
    Sendmail,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Delivery {
    pub transport: Transport,
    pub file_dir: Option<std::path::PathBuf>,
    /// The local MTA's sendmail program (`transport = "sendmail"`).
    pub sendmail_command: std::path::PathBuf,
    pub concurrency: u32,
    pub rate_per_minute: Option<u32>,
    /// A cap on `concurrency` a provider sets (sessions it allows at once per mailbox).
    pub max_connections: Option<u32>,
    /// Messages accepted in any 24 hours, across runs and processes (counted from the
    /// outbox); a run sends up to it and leaves the rest queued.
    pub daily_limit: Option<u32>,
    pub max_attempts: u32,
    pub retry_within_secs: u64,
}

impl Default for Delivery {
    fn default() -> Self {
        Delivery {
            transport: Transport::Smtp,
            file_dir: None,
            sendmail_command: "/usr/sbin/sendmail".into(),
            concurrency: 4,
            rate_per_minute: None,
            max_connections: None,
            daily_limit: None,
            max_attempts: 5,
            retry_within_secs: 30,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Portal {
    /// The address mails point to; with `public_url` set and this one not, `public_url`.
    pub login_url: String,
    pub company: String,
    /// The IANA time zone mail states times in ("Europe/Berlin"); UTC by default.
    pub timezone: String,
    /// Where `hrpass serve` is reached from outside ("https://portal.acme.test"): the origin
    /// its forms must come from, and the base of its redirects and mails.
    pub public_url: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed; with one
    /// set, `serve` may listen on plain HTTP off loopback (the proxy terminates TLS).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Origins besides the portal's own that a sign-in may send the browser back to (`rd`).
    pub allowed_redirects: Vec<String>,
    /// Sign-in attempts one client address may make in 10 minutes (an office behind one NAT
    /// address needs more).
    pub attempts_per_address: u32,
}

impl Default for Portal {
    fn default() -> Self {
        Portal {
            login_url: "https://portal.example.com/login".into(),
            company: "Example Corp".into(),
            timezone: "UTC".into(),
            public_url: None,
            trusted_proxies: Vec::new(),
            allowed_redirects: Vec::new(),
            attempts_per_address: 50,
        }
    }
}

/// Whether `text` is an `http(s)://` URL with nothing that could break out of an attribute
/// or a header.
fn plain_http_url(text: &str) -> bool {
    (text.starts_with("https://") || text.starts_with("http://"))
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"'`".contains(c))
}

/// The origin of an `http(s)://` URL ("https://portal.acme.test:8443"), lower-cased.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    if host.is_empty() || host.contains('@') || !matches!(scheme, "http" | "https") {
        return None;
    }
    Some(format!("{scheme}://{}", host.to_ascii_lowercase()))
}

impl Portal {
    /// The portal's change-password page (`public_url` + `/change`: it asks a signed-out
    /// employee to sign in first), else `login_url`.
    pub fn change_url(&self) -> String {
        match &self.public_url {
            Some(public) => format!("{}/change", public.trim_end_matches('/')),
            None => self.login_url.clone(),
        }
    }

    /// The time zone of `timezone` (checked when the file is loaded).
    pub fn time_zone(&self) -> Result<jiff::tz::TimeZone> {
        jiff::tz::TimeZone::get(&self.timezone).map_err(|_| {
            anyhow::anyhow!(
                "[portal] timezone = {:?} is not a time zone of the IANA database \
                 (e.g. \"Europe/Berlin\", \"America/New_York\", \"UTC\")",
                self.timezone
            )
        })
    }
}

/// The largest config file read.
const MAX_FILE_BYTES: u64 = 1024 * 1024;

impl Config {
    /// Reads the file; a missing file means the defaults. Every numeric value is checked
    /// against its range here, so a wrong one is named before anything uses it.
    pub fn load(path: &Path) -> Result<Config> {
        let size = match std::fs::metadata(path) {
            Ok(meta) => meta.len(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        if size > MAX_FILE_BYTES {
            anyhow::bail!(
                "{} is {size} bytes; a config file may have at most {MAX_FILE_BYTES}",
                path.display()
            );
        }
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let mut config: Config = toml::from_str(&text)
            .with_context(|| format!("{} is not a valid hrpass config", path.display()))?;
        let written: toml::Table = toml::from_str(&text)
            .with_context(|| format!("{} is not a valid hrpass config", path.display()))?;
        config.apply_provider(&written);
        let mut problems = config.out_of_range();
        if let Err(e) = config.portal.time_zone() {
            problems.push(e.to_string());
        }
        let url = &config.portal.login_url;
        if !plain_http_url(url) {
            problems.push(format!(
                "[portal] login_url = {url:?} is not an http(s) URL (no spaces, quotes or <>)"
            ));
        }
        if let Some(public) = &config.portal.public_url {
            if !plain_http_url(public) || origin_of(public).is_none() {
                problems.push(format!(
                    "[portal] public_url = {public:?} is not an http(s) URL (no spaces, quotes \
                     or <>)"
                ));
            } else if written
                .get("portal")
                .and_then(|p| p.get("login_url"))
                .is_none()
            {
                config.portal.login_url = format!("{}/", public.trim_end_matches('/'));
            }
        }
        for allowed in &config.portal.allowed_redirects {
            if origin_of(allowed).as_deref() != Some(allowed.trim_end_matches('/')) {
                problems.push(format!(
                    "[portal] allowed_redirects: {allowed:?} is not an origin \
                     (\"https://host\" or \"https://host:port\", nothing after)"
                ));
            }
        }
        if !problems.is_empty() {
            anyhow::bail!("{}:\n  {}", path.display(), problems.join("\n  "));
        }
        Ok(config)
    }

    /// Fills in what `[smtp] provider` presets and the file (`written`) does not set.
    pub fn apply_provider(&mut self, written: &toml::Table) {
        for (section, key, value) in self.smtp.provider.preset() {
            if written.get(*section).and_then(|s| s.get(*key)).is_some() {
                continue;
            }
            match *value {
                Preset::Host(host) => self.smtp.host = host.to_owned(),
                Preset::Port(port) => self.smtp.port = port,
                Preset::Security(security) => self.smtp.security = security,
                Preset::RatePerMinute(n) => self.delivery.rate_per_minute = Some(n),
                Preset::MaxConnections(n) => self.delivery.max_connections = Some(n),
                Preset::DailyLimit(n) => self.delivery.daily_limit = Some(n),
            }
        }
    }

    /// Whether `[section] key` took its value from the provider preset.
    pub fn from_provider(&self, section: &str, key: &str, written: &toml::Table) -> bool {
        written.get(section).and_then(|s| s.get(key)).is_none()
            && self
                .smtp
                .provider
                .preset()
                .iter()
                .any(|(s, k, _)| *s == section && *k == key)
    }

    /// SMTP sessions a run opens at once: `concurrency`, capped by `max_connections`.
    pub fn connections(&self) -> usize {
        let d = &self.delivery;
        d.concurrency
            .min(d.max_connections.unwrap_or(u32::MAX))
            .max(1) as usize
    }

    /// The keys that still hold the example values `hrpass init` writes, as
    /// "[section] key = value". Mail to real people must not go out with them.
    pub fn placeholders(&self) -> Vec<String> {
        let (smtp, portal) = (Smtp::default(), Portal::default());
        [
            ("[smtp] from", &self.smtp.from, &smtp.from),
            ("[portal] company", &self.portal.company, &portal.company),
            (
                "[portal] login_url",
                &self.portal.login_url,
                &portal.login_url,
            ),
        ]
        .into_iter()
        .filter(|(_, value, example)| value.trim() == example.as_str())
        .map(|(key, value, _)| format!("{key} = {value:?}"))
        .collect()
    }

    /// Refuses to mail employees over SMTP or sendmail while `placeholders` finds any (the
    /// file transport is for trying hrpass out, so the examples are fine there).
    pub fn check_ready_to_mail(&self) -> Result<()> {
        let found = self.placeholders();
        if self.delivery.transport == Transport::File || found.is_empty() {
            return Ok(());
        }
        anyhow::bail!(
            "hrpass.toml still holds the example values `hrpass init` wrote:\n  {}\n\
             set your own before mailing employees (the file transport needs none)",
            found.join("\n  ")
        )
    }

    /// Every numeric value outside its range, as "[section] key = value: range".
    pub fn out_of_range(&self) -> Vec<String> {
        use crate::credential::hash::{
            MAX_ITERATIONS, MAX_MEMORY_KIB, MAX_PARALLELISM, MAX_WORK, OWASP_MEMORY_KIB,
        };
        let mut found = Vec::new();
        let mut check = |key: &str, value: u64, low: u64, high: u64| {
            if !(low..=high).contains(&value) {
                found.push(format!("{key} = {value} is out of range ({low} to {high})"));
            }
        };
        let (h, s, d) = (&self.hashing, &self.smtp, &self.delivery);
        check(
            "[hashing] memory_kib",
            h.memory_kib.into(),
            OWASP_MEMORY_KIB.into(),
            MAX_MEMORY_KIB.into(),
        );
        check(
            "[hashing] iterations",
            h.iterations.into(),
            1,
            MAX_ITERATIONS.into(),
        );
        check(
            "[hashing] parallelism",
            h.parallelism.into(),
            1,
            MAX_PARALLELISM.into(),
        );
        check("[smtp] port", s.port.into(), 1, 65_535);
        check("[smtp] timeout_secs", s.timeout_secs, 1, 300);
        check("[delivery] concurrency", d.concurrency.into(), 1, 32);
        if let Some(rate) = d.rate_per_minute {
            check("[delivery] rate_per_minute", rate.into(), 1, 100_000);
        }
        if let Some(n) = d.max_connections {
            check("[delivery] max_connections", n.into(), 1, 32);
        }
        if let Some(n) = d.daily_limit {
            check("[delivery] daily_limit", n.into(), 1, 10_000_000);
        }
        check("[delivery] max_attempts", d.max_attempts.into(), 1, 10);
        check("[delivery] retry_within_secs", d.retry_within_secs, 0, 300);
        let work = u64::from(h.memory_kib) * u64::from(h.iterations);
        if found.is_empty() && work > MAX_WORK {
            found.push(format!(
                "[hashing] memory_kib × iterations = {work} is more than {MAX_WORK} \
                 (1 GiB × 4): one hash would take many seconds"
            ));
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_annotated_default_file_parses_to_the_defaults() {
        let parsed: Config = toml::from_str(DEFAULT_FILE).unwrap();
        let mut expected = Config::default();
        expected.delivery.transport = Transport::File;
        expected.delivery.file_dir = Some("outbox-mail".into());
        assert_eq!(parsed, expected);
    }

    #[test]
    fn the_example_file_parses() {
        let text = include_str!("../examples/hrpass.toml");
        let parsed: Config = toml::from_str(text).unwrap();
        assert_eq!(
            parsed.smtp.password_env.as_deref(),
            Some("HRPASS_SMTP_PASSWORD")
        );
        assert_eq!(parsed.delivery.rate_per_minute, Some(1200));
    }

    #[test]
    fn the_microsoft_365_example_file_parses_with_its_preset() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hrpass.toml");
        std::fs::write(&path, include_str!("../examples/microsoft365.toml")).unwrap();
        let config = Config::load(&path).unwrap();
        assert_eq!(config.smtp.host, "smtp.office365.com");
        assert_eq!(config.smtp.auth, SmtpAuth::Xoauth2);
        assert_eq!(config.delivery.rate_per_minute, Some(30));
        assert_eq!(
            config.delivery.daily_limit,
            Some(5000),
            "the file's key wins"
        );
        assert_eq!(config.connections(), 3);
    }

    #[test]
    fn example_values_stop_real_mail_but_not_the_file_transport() {
        let mut config = Config::default();
        let err = config.check_ready_to_mail().unwrap_err().to_string();
        for key in ["[smtp] from", "[portal] company", "[portal] login_url"] {
            assert!(err.contains(key), "{key} in {err}");
        }
        config.portal.company = "Acme".into();
        config.portal.login_url = "https://portal.acme.test/".into();
        let err = config.check_ready_to_mail().unwrap_err().to_string();
        assert!(
            err.contains("[smtp] from") && !err.contains("company"),
            "{err}"
        );
        config.delivery.transport = Transport::Sendmail;
        assert!(config.check_ready_to_mail().is_err());
        config.smtp.from = "Acme HR <hr@acme.test>".into();
        assert!(config.check_ready_to_mail().is_ok());
        let mut demo = Config::default();
        demo.delivery.transport = Transport::File;
        assert!(demo.check_ready_to_mail().is_ok());
    }

    #[test]
    fn a_provider_fills_what_the_file_leaves_out_and_written_keys_win() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hrpass.toml");
        std::fs::write(
            &path,
            "[smtp]\nprovider = \"microsoft365\"\nport = 2525\n\n[delivery]\nrate_per_minute = 10\n",
        )
        .unwrap();
        let config = Config::load(&path).unwrap();
        assert_eq!(config.smtp.host, "smtp.office365.com");
        assert_eq!(config.smtp.port, 2525, "written keys win");
        assert_eq!(config.smtp.security, Security::Starttls);
        assert_eq!(
            config.delivery.rate_per_minute,
            Some(10),
            "written keys win"
        );
        assert_eq!(config.delivery.daily_limit, Some(10_000));
        assert_eq!(config.delivery.max_connections, Some(3));
        assert_eq!(config.connections(), 3, "concurrency 4 capped at 3");

        std::fs::write(&path, "[smtp]\nprovider = \"google\"\n").unwrap();
        let google = Config::load(&path).unwrap();
        assert_eq!(
            (google.smtp.host.as_str(), google.delivery.daily_limit),
            ("smtp.gmail.com", Some(2_000))
        );
        std::fs::write(&path, "[smtp]\nhost = \"relay\"\n").unwrap();
        let custom = Config::load(&path).unwrap();
        assert_eq!(custom.delivery.daily_limit, None);
        assert_eq!(custom.connections(), 4);
        std::fs::write(&path, "[smtp]\nprovider = \"yahoo\"\n").unwrap();
        let err = format!("{:#}", Config::load(&path).unwrap_err());
        assert!(err.contains("microsoft365"), "{err}");
    }

    #[test]
    fn unknown_keys_are_refused_with_their_name() {
        let err = toml::from_str::<Config>("[smtp]\nhots = \"x\"\n").unwrap_err();
        assert!(err.to_string().contains("hots"), "{err}");
    }

    #[test]
    fn numbers_out_of_range_are_refused_with_key_value_and_range() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hrpass.toml");
        for (text, expected) in [
            (
                "[hashing]\nmemory_kib = 4294967295\n",
                "[hashing] memory_kib = 4294967295 is out of range (19456 to 1048576)",
            ),
            (
                "[hashing]\niterations = 4294967295\n",
                "[hashing] iterations = 4294967295 is out of range (1 to 64)",
            ),
            (
                "[hashing]\nmemory_kib = 1048576\niterations = 64\n",
                "memory_kib × iterations",
            ),
            (
                "[smtp]\ntimeout_secs = 0\n",
                "[smtp] timeout_secs = 0 is out of range (1 to 300)",
            ),
            (
                "[delivery]\nconcurrency = 100000\n",
                "[delivery] concurrency = 100000",
            ),
            (
                "[delivery]\nrate_per_minute = 0\n",
                "[delivery] rate_per_minute = 0",
            ),
        ] {
            std::fs::write(&path, text).unwrap();
            let err = format!("{:#}", Config::load(&path).unwrap_err());
            assert!(err.contains(expected), "{text}: {err}");
        }
        std::fs::write(&path, "[hashing]\nmemory_kib = 65536\niterations = 3\n").unwrap();
        assert!(Config::load(&path).is_ok());
        for (text, expected) in [
            (
                "[portal]\ntimezone = \"Mars/Olympus\"\n",
                "is not a time zone",
            ),
            (
                "[portal]\nlogin_url = \"portal.acme.test\"\n",
                "is not an http(s) URL",
            ),
            (
                "[portal]\nlogin_url = \"https://x.test/\\\" onclick=\\\"\"\n",
                "is not an http(s) URL",
            ),
        ] {
            std::fs::write(&path, text).unwrap();
            let err = format!("{:#}", Config::load(&path).unwrap_err());
            assert!(err.contains(expected), "{text}: {err}");
        }
        std::fs::write(&path, "[portal]\ntimezone = \"Europe/Berlin\"\n").unwrap();
        assert!(Config::load(&path).is_ok());
    }
}
