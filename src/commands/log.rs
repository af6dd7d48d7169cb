//! `hrpass log [--employee CODE] [--since DATE]`: the audit trail.

use crate::context::Ctx;
use crate::output::{TableRow, print_list};
use crate::store::audit::{self, Entry};
use crate::text::timestamp;
use anyhow::{Context, Result};
use clap::Args;
use serde::Serialize;

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  hrpass log --since today
  hrpass log --since 7d --employee E0007
  hrpass --format csv log --since 2026-11-01")]
pub struct LogArgs {
    /// Only entries about this employee
    #[arg(long, value_name = "CODE")]
    pub employee: Option<String>,
    /// Only entries since: today, yesterday, 7d, 12h, 30m, a date (2026-11-27) or a time
    /// (2026-11-27T09:00:00Z); days start at midnight UTC
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// At most this many, newest last
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
}

#[derive(Debug, Serialize)]
struct Row {
    /// RFC 3339 in JSON and CSV; the table shows it for people.
    #[serde(serialize_with = "crate::text::serialize_rfc3339")]
    at: i64,
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
            timestamp(self.at),
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
/// `today` and `yesterday` (midnight UTC), `7d` / `12h` / `30m` ago, a date or an RFC 3339
/// time, as unix seconds (`now` for the relative forms).
fn parse_since(text: &str, now: i64) -> Result<i64> {
    const FORMS: &str = "today, yesterday, 7d, 12h, 30m, a date (2026-11-27) or a time \
                         (2026-11-27T09:00:00Z)";
    let midnight = |days_back: i64| -> Result<i64> {
        let today = jiff::Timestamp::from_second(now)?
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .date();
        let day = today.checked_sub(jiff::Span::new().days(days_back))?;
        Ok(day
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)?
            .timestamp()
            .as_second())
    };
    let text = text.trim();
    match text.to_ascii_lowercase().as_str() {
        "today" => return midnight(0),
        "yesterday" => return midnight(1),
        _ => {}
    }
    // 7d, 12h, 30m ago (not seconds: the log is read by the minute at the finest).
    if !text.ends_with('s')
        && let Some(seconds) = super::duration_secs(text)
    {
        if seconds > 100_000 * 86_400 {
            anyhow::bail!("--since {text:?}: too far back");
        }
        return Ok(now - seconds);
    }
    if let Ok(t) = text.parse::<jiff::Timestamp>() {
        return Ok(t.as_second());
    }
    let date: jiff::civil::Date = text
        .parse()
        .with_context(|| format!("--since {text:?} is not one of: {FORMS}"))?;
    Ok(date
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)?
        .timestamp()
        .as_second())
}

pub fn run(args: LogArgs, ctx: &mut Ctx) -> Result<()> {
    let since = args
        .since
        .as_deref()
        .map(|text| parse_since(text, crate::credential::now()))
        .transpose()
        .map_err(|e| crate::error::Failure::usage(format!("{e:#}")))?;
    if let Some(code) = &args.employee {
        super::check_scope(ctx, code)?;
    }
    let actor = ctx.actor()?.clone();
    let scope = actor.scope_filter();
    let conn = ctx.store()?.conn();
    // An operator with a scope reads the entries about employees in it, and their own.
    let limit = if scope.is_some() { None } else { args.limit };
    let mut entries = audit::list(conn, args.employee.as_deref(), since, limit)?;
    if let Some(scope) = scope {
        let codes = scope.codes(conn)?;
        entries.retain(|e| match &e.employee_code {
            Some(code) => codes.contains(code),
            None => e.operator == actor.name,
        });
        if let Some(n) = args.limit.and_then(|n| usize::try_from(n).ok()) {
            let cut = entries.len().saturating_sub(n);
            entries.drain(..cut);
        }
    }
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
                at,
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
    fn since_takes_words_spans_dates_and_times() {
        let now = 1_795_741_200 + 5 * 3_600; // 2026-11-27T06:00:00Z
        assert_eq!(parse_since("2026-11-27", now).unwrap(), 1_795_737_600);
        assert_eq!(
            parse_since("2026-11-27T01:00:00Z", now).unwrap(),
            1_795_741_200
        );
        assert_eq!(parse_since("today", now).unwrap(), 1_795_737_600);
        assert_eq!(
            parse_since("Yesterday", now).unwrap(),
            1_795_737_600 - 86_400
        );
        assert_eq!(parse_since("7d", now).unwrap(), now - 7 * 86_400);
        assert_eq!(parse_since("12h", now).unwrap(), now - 12 * 3_600);
        let err = format!("{:#}", parse_since("last week", now).unwrap_err());
        assert!(err.contains("today, yesterday, 7d"), "{err}");
    }
}
