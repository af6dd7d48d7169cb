//! Bounds on an input CSV, enforced while it is read: a hostile or broken file is refused as
//! soon as it breaks one, not after it was read whole into memory. It also refuses UTF-16 and
//! UTF-32 files (HR exports from Excel often are) and a quote left open at the end of the
//! file, which the CSV parser would otherwise accept as a field running to the end.

use std::io::{self, Read};

/// One field (a value or a header name). Our longest column takes 254 characters; a foreign
/// export's free-text columns are ignored, but may be long.
pub const MAX_FIELD_BYTES: usize = 64 * 1024;
/// One record (a row, or the header).
pub const MAX_RECORD_BYTES: usize = 1024 * 1024;
/// Columns in one record.
pub const MAX_COLUMNS: usize = 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: the next byte says whether it closed the field or was
    /// the first of an escaped pair.
    QuoteInQuoted,
}

/// A reader that checks the bytes passing through it against the bounds above.
pub struct Guarded<R> {
    inner: R,
    delimiter: u8,
    state: State,
    line: u64,
    /// The line where the open quoted field started.
    quote_line: u64,
    field: usize,
    record: usize,
    columns: usize,
    sniffed: bool,
    /// Bytes passed through so far.
    offset: u64,
    /// Offsets of the line feeds read ahead of the parser, and how many came before them:
    /// the line a record starts on, from its byte offset, whatever the line endings.
    newlines: std::collections::VecDeque<u64>,
    lines_before: u64,
}

impl<R: Read> Guarded<R> {
    pub fn new(inner: R, delimiter: u8) -> Guarded<R> {
        Guarded {
            inner,
            delimiter,
            state: State::FieldStart,
            line: 1,
            quote_line: 0,
            field: 0,
            record: 0,
            columns: 1,
            sniffed: false,
            offset: 0,
            newlines: std::collections::VecDeque::new(),
            lines_before: 0,
        }
    }

    /// The 1-based line of the byte at `offset`. The CSV parser's own count is off by one
    /// after a CRLF header, so lines are counted here from the bytes themselves. Offsets
    /// must come in increasing order (records are read in order).
    pub fn line_at(&mut self, offset: u64) -> u64 {
        // A record after a CRLF starts, for the parser, at the LF it skips: count it too.
        while self.newlines.front().is_some_and(|&at| at <= offset) {
            self.newlines.pop_front();
            self.lines_before += 1;
        }
        self.lines_before + 1
    }

    fn refuse(&self, why: String) -> io::Error {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("line {}: {why}", self.line),
        )
    }

    fn end_field(&mut self) -> io::Result<()> {
        self.field = 0;
        self.columns += 1;
        if self.columns > MAX_COLUMNS {
            return Err(self.refuse(format!("more than {MAX_COLUMNS} columns")));
        }
        Ok(())
    }

    fn end_record(&mut self) {
        self.field = 0;
        self.record = 0;
        self.columns = 1;
    }

    fn check(&mut self, bytes: &[u8]) -> io::Result<()> {
        let mut at = 0;
        while at < bytes.len() {
            // Inside a value, a run of bytes that change nothing is taken at once: up to the
            // next delimiter or line break (unquoted), or quote or line break (quoted).
            let rest = &bytes[at..];
            let run = match self.state {
                State::Unquoted => memchr::memchr2(self.delimiter, b'\n', rest),
                State::Quoted => memchr::memchr2(b'"', b'\n', rest),
                State::FieldStart | State::QuoteInQuoted => Some(0),
            }
            .unwrap_or(rest.len());
            let step = run.max(1);
            self.field += step;
            self.record += step;
            if self.field > MAX_FIELD_BYTES {
                return Err(self.refuse(format!(
                    "column {}: a value longer than {} KiB",
                    self.columns,
                    MAX_FIELD_BYTES / 1024
                )));
            }
            if self.record > MAX_RECORD_BYTES {
                return Err(self.refuse(format!(
                    "a row longer than {} MiB",
                    MAX_RECORD_BYTES / 1024 / 1024
                )));
            }
            if run > 0 {
                self.offset += run as u64;
                at += run;
                continue;
            }
            let b = bytes[at];
            at += 1;
            let at_break = b == b'\n';
            if at_break {
                self.newlines.push_back(self.offset);
            }
            self.offset += 1;
            self.state = match (self.state, b) {
                (State::Quoted, b'"') => State::QuoteInQuoted,
                (State::Quoted, _) => State::Quoted,
                (State::QuoteInQuoted, b'"') => State::Quoted,
                (State::FieldStart, b'"') => {
                    self.quote_line = self.line;
                    State::Quoted
                }
                (_, d) if d == self.delimiter => {
                    self.end_field()?;
                    State::FieldStart
                }
                (_, b'\n') => {
                    self.end_record();
                    State::FieldStart
                }
                (State::FieldStart | State::QuoteInQuoted, b'\r') => State::FieldStart,
                _ => State::Unquoted,
            };
            if at_break {
                self.line += 1;
            }
        }
        Ok(())
    }

    /// Refuses UTF-16 and UTF-32 by their byte-order mark or the NUL bytes of their ASCII.
    fn sniff(&self, start: &[u8]) -> io::Result<()> {
        let wide = start.starts_with(b"\xFF\xFE")
            || start.starts_with(b"\xFE\xFF")
            || start.starts_with(b"\x00\x00\xFE\xFF")
            || start.len() >= 4 && start[..4].iter().filter(|&&b| b == 0).count() >= 2;
        if wide {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "the file is UTF-16 or UTF-32, not UTF-8: save it as \"CSV UTF-8\" and try again",
            ));
        }
        Ok(())
    }
}

impl<R: Read> Read for Guarded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if !self.sniffed && n > 0 {
            self.sniffed = true;
            self.sniff(&buf[..n])?;
        }
        if n == 0 {
            if self.state == State::Quoted {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "line {}: a quote (\") opens a value that never closes before the end of the file",
                        self.quote_line
                    ),
                ));
            }
            return Ok(0);
        }
        self.check(&buf[..n])?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(input: &[u8]) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        Guarded::new(input, b',')
            .read_to_end(&mut out)
            .map(|_| out)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn ordinary_files_pass_through_unchanged() {
        for text in [
            "a,b\n1,2\n",
            "a,b\r\n\"x, \"\"y\"\"\",2\r\n",
            "a,b\n\"two\nlines\",2\n",
            "a,b\n5'10\",2\n",
        ] {
            assert_eq!(
                read_all(text.as_bytes()).unwrap(),
                text.as_bytes(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn an_unclosed_quote_is_an_error_naming_its_line() {
        let err = read_all(b"a,b\n1,2\n\"open,3\n4,5\n").unwrap_err();
        assert!(err.contains("line 3: a quote"), "{err}");
    }

    #[test]
    fn wide_encodings_are_refused_with_what_to_do() {
        let utf16: Vec<u8> = "\u{feff}a,b\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(
            read_all(&utf16)
                .unwrap_err()
                .contains("save it as \"CSV UTF-8\"")
        );
        let no_bom: Vec<u8> = "a,b\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert!(read_all(&no_bom).unwrap_err().contains("UTF-16"));
    }

    #[test]
    fn long_fields_rows_and_wide_headers_stop_at_the_bound() {
        let mut field = b"a,b\n1,".to_vec();
        field.extend(std::iter::repeat_n(b'x', MAX_FIELD_BYTES + 1));
        let err = read_all(&field).unwrap_err();
        assert!(
            err.contains("line 2: column 2: a value longer than 64 KiB"),
            "{err}"
        );
        let wide = ",".repeat(MAX_COLUMNS + 5);
        assert!(
            read_all(wide.as_bytes())
                .unwrap_err()
                .contains("more than 1000 columns")
        );
        let row = format!("{}\n", vec!["y".repeat(60_000); 20].join(","));
        assert!(
            read_all(row.as_bytes())
                .unwrap_err()
                .contains("a row longer than 1 MiB")
        );
    }
}
