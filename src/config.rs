//! `hrpass.toml`: how mail leaves and what the portal is called. Secrets never live here.

use anyhow::{Context, Result};
use serde::Deserialize;
use std::path::Path;

/// The annotated file that `hrpass init` writes.
pub const DEFAULT_FILE: &str = include_str!("config/default.toml");

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub smtp: Smtp,
    pub delivery: Delivery,
    pub portal: Portal,
    pub hashing: Hashing,
}

/// argon2id parameters; OWASP's m=19456 KiB, t=2, p=1 is the floor and the default.
#[derive(Debug, Clone, Deserialize, PartialEq)]
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

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    #[default]
    Starttls,
    Tls,
    /// Plain text; refused unless the host is a loopback address.
    None,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: Option<String>,
    /// The name of the environment variable that holds the SMTP password.
    pub password_env: Option<String>,
    pub from: String,
    pub ca_file: Option<std::path::PathBuf>,
    pub timeout_secs: u64,
}

impl Default for Smtp {
    fn default() -> Self {
        Smtp {
            host: "localhost".into(),
            port: 587,
            security: Security::Starttls,
            username: None,
            password_env: None,
            from: "HR <hr@example.com>".into(),
            ca_file: None,
            timeout_secs: 30,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    #[default]
    Smtp,
    File,
    Sendmail,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Delivery {
    pub transport: Transport,
    pub file_dir: Option<std::path::PathBuf>,
    /// The local MTA's sendmail program (`transport = "sendmail"`).
    pub sendmail_command: std::path::PathBuf,
    pub concurrency: u32,
    pub rate_per_minute: Option<u32>,
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
            max_attempts: 5,
            retry_within_secs: 30,
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Portal {
    pub login_url: String,
    pub company: String,
}

impl Default for Portal {
    fn default() -> Self {
        Portal {
            login_url: "https://portal.example.com/login".into(),
            company: "Example Corp".into(),
        }
    }
}

impl Config {
    /// Reads the file; a missing file means the defaults.
    pub fn load(path: &Path) -> Result<Config> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        toml::from_str(&text)
            .with_context(|| format!("{} is not a valid hrpass config", path.display()))
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
    fn unknown_keys_are_refused_with_their_name() {
        let err = toml::from_str::<Config>("[smtp]\nhots = \"x\"\n").unwrap_err();
        assert!(err.to_string().contains("hots"), "{err}");
    }
}
