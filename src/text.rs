//! Text that is safe to show and to store: terminal escaping, counts, times, CSV cells. The
//! bottom layer: every other layer may use it, and it uses none of them.

use anyhow::Result;
use serde::Serialize;
use std::io::Write;

/// Whether a character could change what a terminal shows beyond itself: control
/// characters (ESC sequences repaint the screen, NUL and BEL misbehave) and the Unicode
/// controls that reorder or hide text (bidi overrides and isolates, zero-width marks).
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// `text` with every unsafe character written as an escape (`\u{1b}`), for one line of
/// output: anything printed that came from input (names, headers, values) goes through this.
pub fn escape_line(text: &str) -> std::borrow::Cow<'_, str> {
    escape(text, false)
}

/// Like `escape_line`, keeping line breaks: for messages of several lines.
pub fn escape_text(text: &str) -> std::borrow::Cow<'_, str> {
    escape(text, true)
}

fn escape(text: &str, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| is_unsafe(c) && !(keep_newlines && c == '\n');
    if !text.chars().any(unsafe_char) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if unsafe_char(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// "1 employee", "2 employees": a count with the word that fits it.
pub fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    match n.into() {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

/// A Unix time as `2026-11-27 05:41:11Z` (UTC).
pub fn timestamp(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.strftime("%Y-%m-%d %H:%M:%SZ").to_string())
        .unwrap_or_else(|_| seconds.to_string())
}

/// A Unix time for a person reading a mail, in `zone`: "Monday 30 November 2026, 15:13 CET".
/// A zone whose abbreviation is only an offset ("+03") is named instead.
pub fn local_time(seconds: i64, zone: &jiff::tz::TimeZone) -> String {
    let Ok(at) = jiff::Timestamp::from_second(seconds) else {
        return seconds.to_string();
    };
    let zoned = at.to_zoned_datetime(zone.clone());
    let abbreviation = zoned.strftime("%Z").to_string();
    let label = if abbreviation.starts_with(['+', '-']) {
        format!(
            "{abbreviation} ({})",
            zone.iana_name().unwrap_or("local time")
        )
    } else {
        abbreviation
    };
    format!("{} {label}", zoned.strftime("%A %-d %B %Y, %H:%M"))
}

/// A Unix time as RFC 3339 (`2026-11-27T05:41:11Z`), for JSON and CSV output.
pub fn rfc3339(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|_| seconds.to_string())
}

/// serde `serialize_with` for an optional Unix time written as RFC 3339 (or null).
pub fn serialize_opt_rfc3339<S: serde::Serializer>(
    seconds: &Option<i64>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match seconds {
        Some(seconds) => s.serialize_str(&rfc3339(*seconds)),
        None => s.serialize_none(),
    }
}

/// serde `serialize_with` for a Unix time written as RFC 3339.
pub fn serialize_rfc3339<S: serde::Serializer>(seconds: &i64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&rfc3339(*seconds))
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first) gets a
/// leading apostrophe (OWASP's CSV-injection rule).
pub fn neutralise_cell(value: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    match value.first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => {
            let mut safe = Vec::with_capacity(value.len() + 1);
            safe.push(b'\'');
            safe.extend_from_slice(value);
            safe.into()
        }
        _ => value.into(),
    }
}

/// Every CSV hrpass writes goes through this writer: each data cell is neutralised
/// (`neutralise_cell`), whatever wrote it: a listing, an export or a report.
pub struct SafeCsv<W: Write> {
    out: csv::Writer<W>,
    wrote_header: bool,
}

impl<W: Write> SafeCsv<W> {
    pub fn new(out: W) -> SafeCsv<W> {
        SafeCsv {
            out: csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(out),
            wrote_header: false,
        }
    }

    /// The header row: our own column names, written as they are.
    pub fn header<S: AsRef<[u8]>>(&mut self, names: &[S]) -> Result<()> {
        self.out.write_record(names)?;
        self.wrote_header = true;
        Ok(())
    }

    /// A data row, each cell neutralised.
    pub fn row<S: AsRef<[u8]>>(&mut self, cells: impl IntoIterator<Item = S>) -> Result<()> {
        let cells: Vec<Vec<u8>> = cells
            .into_iter()
            .map(|c| neutralise_cell(c.as_ref()).into_owned())
            .collect();
        self.out.write_record(&cells)?;
        Ok(())
    }

    /// A row from a serde struct (its field names are the header, written before the first
    /// row), each cell neutralised.
    pub fn serialize<T: Serialize>(&mut self, item: &T) -> Result<()> {
        let mut plain = csv::Writer::from_writer(Vec::new());
        plain.serialize(item)?;
        let bytes = plain.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
        let mut records = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes.as_slice())
            .into_byte_records();
        let header = records.next().transpose()?.unwrap_or_default();
        if !self.wrote_header {
            self.header(&header.iter().collect::<Vec<_>>())?;
        }
        for row in records {
            self.row(row?.iter())?;
        }
        Ok(())
    }

    /// Flushes and hands back the underlying writer.
    pub fn finish(self) -> Result<W> {
        self.out
            .into_inner()
            .map_err(|e| anyhow::anyhow!("{}", e.error()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_times_read_as_local_times_with_their_zone() {
        let at = 1_796_739_221; // 2026-12-08T14:13:41Z
        let utc = jiff::tz::TimeZone::UTC;
        assert_eq!(local_time(at, &utc), "Tuesday 8 December 2026, 14:13 UTC");
        let berlin = jiff::tz::TimeZone::get("Europe/Berlin").unwrap();
        assert_eq!(
            local_time(at, &berlin),
            "Tuesday 8 December 2026, 15:13 CET"
        );
        let istanbul = jiff::tz::TimeZone::get("Europe/Istanbul").unwrap();
        assert_eq!(
            local_time(at, &istanbul),
            "Tuesday 8 December 2026, 17:13 +03 (Europe/Istanbul)"
        );
    }

    #[derive(Serialize)]
    struct Row<'a> {
        employee_code: &'a str,
        reason: &'a str,
    }

    #[test]
    fn control_and_bidi_characters_are_escaped_for_the_terminal() {
        assert_eq!(escape_line("a\u{1b}[2Jb\0c"), "a\\u{1b}[2Jb\\u{0}c");
        assert_eq!(escape_line("evil\u{202e}gpj.exe"), "evil\\u{202e}gpj.exe");
        assert_eq!(escape_text("two\nlines\r"), "two\nlines\\u{d}");
        assert_eq!(escape_line("Zoë Müller"), "Zoë Müller");
    }

    #[test]
    fn every_data_cell_that_could_be_a_formula_is_neutralised() {
        for cell in [
            "=HYPERLINK(\"x\")",
            "+1",
            "-2+3+cmd|' /C calc'!A0",
            "@x",
            "\tx",
            "\rx",
        ] {
            assert_eq!(
                neutralise_cell(cell.as_bytes()),
                format!("'{cell}").as_bytes()
            );
        }
        assert_eq!(neutralise_cell("Zoë".as_bytes()), "Zoë".as_bytes());
        let mut csv = SafeCsv::new(Vec::new());
        csv.serialize(&Row {
            employee_code: "=1+1",
            reason: "a, \"b\"",
        })
        .unwrap();
        csv.serialize(&Row {
            employee_code: "E2",
            reason: "@SUM(A1)",
        })
        .unwrap();
        let text = String::from_utf8(csv.finish().unwrap()).unwrap();
        assert_eq!(
            text,
            "employee_code,reason\n'=1+1,\"a, \"\"b\"\"\"\nE2,'@SUM(A1)\n"
        );
    }
}
