//! `hrpass config show`: the effective configuration, where each value came from, secrets
//! masked (hrpass.toml holds none; the SMTP password's variable is named, never read out).

use crate::context::Ctx;
use crate::output::{TableRow, print_list};
use anyhow::{Context, Result};
use clap::Subcommand;
use serde::Serialize;

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// The effective configuration: every key, its value, and where it came from
    /// (hrpass.toml, the default, the environment); secrets masked
    #[command(after_help = "Examples:\n  hrpass config show\n  hrpass --format json config show")]
    Show,
}

#[derive(Debug, Serialize)]
struct Setting {
    key: String,
    value: String,
    source: String,
}

impl TableRow for Setting {
    fn header() -> Vec<&'static str> {
        vec!["key", "value", "source"]
    }

    fn cells(&self) -> Vec<String> {
        vec![self.key.clone(), self.value.clone(), self.source.clone()]
    }
}

pub fn run(command: ConfigCommand, ctx: &mut Ctx) -> Result<()> {
    match command {
        ConfigCommand::Show => show(ctx),
    }
}

fn show(ctx: &mut Ctx) -> Result<()> {
    let home = ctx.settings.home.clone();
    let path = home.config();
    let config = ctx.config()?.clone();
    // Which keys the file sets (it parsed above, so it is valid TOML when it exists).
    let written: toml::Table = match std::fs::read_to_string(&path) {
        Ok(text) => toml::from_str(&text)
            .with_context(|| format!("{} is not a valid hrpass config", path.display()))?,
        Err(_) => toml::Table::new(),
    };
    let in_file = if path.exists() {
        "hrpass.toml"
    } else {
        "default (no hrpass.toml)"
    };
    let mut settings = vec![Setting {
        key: "home".into(),
        value: home.dir.display().to_string(),
        source: home
            .source
            .to_string()
            .trim_start_matches("from ")
            .to_owned(),
    }];
    let effective = serde_json::to_value(&config)?;
    let sections = effective.as_object().expect("Config is a table");
    for (section, keys) in sections {
        for (key, value) in keys.as_object().expect("each section is a table") {
            let set = written.get(section).and_then(|s| s.get(key)).is_some();
            let mut source = if set { "hrpass.toml" } else { in_file }.to_owned();
            if !set && in_file == "hrpass.toml" {
                source = "default".to_owned();
            }
            if config.from_provider(section, key, &written) {
                source = format!("[smtp] provider = {}", config.smtp.provider.name());
            }
            let mut value = match value {
                serde_json::Value::Null => "(not set)".to_owned(),
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            // Secrets in the environment: whether they are there, never what they are.
            let secret_var = match key.as_str() {
                "password_env" => config.smtp.password_env.as_ref(),
                "client_secret_env" => config.smtp.client_secret_env.as_ref(),
                _ => None,
            };
            if section == "smtp"
                && let Some(var) = secret_var
            {
                let state = if std::env::var_os(var).is_some() {
                    "set, value hidden"
                } else {
                    "NOT set"
                };
                value = format!("{var} ({state})");
            }
            // The value a run uses, where another key caps this one.
            if section == "delivery"
                && key == "concurrency"
                && config.connections() < config.delivery.concurrency as usize
            {
                value = format!(
                    "{} in effect ({value} set; capped by delivery.max_connections)",
                    config.connections()
                );
            }
            if config
                .placeholders()
                .iter()
                .any(|p| p.starts_with(&format!("[{section}] {key} ")))
            {
                source.push_str("; init's example value");
            }
            settings.push(Setting {
                key: format!("{section}.{key}"),
                value,
                source,
            });
        }
    }
    print_list(ctx.settings.format, &settings)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_config_key_is_shown() {
        let value = serde_json::to_value(crate::config::Config::default()).unwrap();
        let keys: usize = value
            .as_object()
            .unwrap()
            .values()
            .map(|s| s.as_object().unwrap().len())
            .sum();
        // smtp 16, delivery 9, portal 7, hashing 3, store 2.
        assert_eq!(keys, 37);
    }
}
