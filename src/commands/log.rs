//! `hrpass log [--employee CODE] [--since DATE]`: the audit trail.

use crate::context::Ctx;
use crate::output::{TableRow, print_list, timestamp};
use crate::store::audit::{self, Entry};
use anyhow::{Context, Result};
use clap::Args;
use serde::Serialize;

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Only entries about this employee
    #[arg(long, value_name = "CODE")]
    pub employee: Option<String>,
    /// Only entries at or after this date (2026-11-27) or time (2026-11-27T09:00:00Z)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// At most this many, newest last
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
}

#[derive(Debug, Serialize)]
struct Row {
    at: String,
    operator: String,
    action: String,
    employee_code: Option<String>,
    detail: String,
}

impl TableRow for Row {
    fn header() -> Vec<&'static str> {
        vec!["at", "operator", "action", "employee_code", "detail"]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.at.clone(),
            self.operator.clone(),
            self.action.clone(),
            self.employee_code.clone().unwrap_or_default(),
            self.detail.clone(),
        ]
    }
}

/// Control characters (a CR/LF in a value could fake a log line) shown escaped.
fn neutralise(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// "2026-11-27" (midnight UTC) or an RFC 3339 time, as unix seconds.
fn parse_since(text: &str) -> Result<i64> {
    if let Ok(t) = text.parse::<jiff::Timestamp>() {
        return Ok(t.as_second());
    }
    let date: jiff::civil::Date = text.parse().with_context(|| {
        format!("--since {text:?} is not a date (2026-11-27) or a time (2026-11-27T09:00:00Z)")
    })?;
    Ok(date
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)?
        .timestamp()
        .as_second())
}

pub fn run(args: LogArgs, ctx: &mut Ctx) -> Result<()> {
    let since = args
        .since
        .as_deref()
        .map(parse_since)
        .transpose()
        .map_err(|e| crate::error::Failure::usage(format!("{e:#}")))?;
    let entries = audit::list(
        ctx.store()?.conn(),
        args.employee.as_deref(),
        since,
        args.limit,
    )?;
    let rows: Vec<Row> = entries
        .into_iter()
        .map(
            |Entry {
                 at,
                 operator,
                 action,
                 employee_code,
                 detail,
             }| Row {
                at: timestamp(at),
                operator: neutralise(&operator),
                action: neutralise(&action),
                employee_code: employee_code.as_deref().map(neutralise),
                detail: neutralise(&detail),
            },
        )
        .collect();
    print_list(ctx.settings.format, &rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_in_values_cannot_fake_a_line() {
        assert_eq!(neutralise("a\r\nb\u{1b}[31m"), "a\\r\\nb\\u{1b}[31m");
    }

    #[test]
    fn since_takes_a_date_or_a_time() {
        assert_eq!(parse_since("2026-11-27").unwrap(), 1_795_737_600);
        assert_eq!(parse_since("2026-11-27T01:00:00Z").unwrap(), 1_795_741_200);
        assert!(parse_since("yesterday").is_err());
    }
}
