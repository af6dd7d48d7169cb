//! Reading an employee CSV: headers resolved to our columns, records streamed one at a time.

use super::RowError;
use super::columns::{Column, HeaderMap};
use super::guard::Guarded;
use anyhow::{Context, Result};
use csv::ByteRecord;
use std::fs::File;
use std::io::{Read, Seek};
use std::path::Path;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The field separator of an input CSV: given, or detected from the header row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Delimiter {
    /// Detect from the header row (`,`, `;` or tab)
    #[default]
    Auto,
    /// `,`
    Comma,
    /// `;` (common in European exports)
    Semicolon,
    /// A tab
    Tab,
}

impl Delimiter {
    fn byte(self) -> Option<u8> {
        match self {
            Delimiter::Auto => None,
            Delimiter::Comma => Some(b','),
            Delimiter::Semicolon => Some(b';'),
            Delimiter::Tab => Some(b'\t'),
        }
    }

    /// The separator a header row uses: whichever of `,` `;` and tab occurs most often
    /// outside quotes; a comma when none does.
    pub fn detect(start: &[u8]) -> Delimiter {
        let start = start.strip_prefix(BOM).unwrap_or(start);
        let (mut quoted, mut counts) = (false, [0usize; 3]);
        for &b in start {
            match b {
                b'"' => quoted = !quoted,
                b'\n' if !quoted => break,
                b',' if !quoted => counts[0] += 1,
                b';' if !quoted => counts[1] += 1,
                b'\t' if !quoted => counts[2] += 1,
                _ => {}
            }
        }
        let choices = [Delimiter::Comma, Delimiter::Semicolon, Delimiter::Tab];
        let best = (0..3).fold(0, |best, i| if counts[i] > counts[best] { i } else { best });
        choices[best]
    }

    /// How a status line names it.
    pub fn describe(self) -> &'static str {
        match self {
            Delimiter::Auto | Delimiter::Comma => "comma-separated",
            Delimiter::Semicolon => "semicolon-separated",
            Delimiter::Tab => "tab-separated",
        }
    }
}

/// How an input CSV is read: header renames and the field separator.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reading<'a> {
    pub maps: &'a [HeaderMap],
    pub delimiter: Delimiter,
    /// The manager column holds names ("Reports To"), not codes.
    pub manager_names: bool,
}

/// Where each of our columns sits in the file.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    index: [Option<usize>; Column::ALL.len()],
}

impl Layout {
    pub fn position(&self, column: Column) -> Option<usize> {
        self.index[column as usize]
    }
}

/// One record with the fields of our columns decoded; `None` where the file lacks the column.
#[derive(Debug, Default)]
pub struct Record {
    pub line: u64,
    pub fields: [Option<String>; Column::ALL.len()],
    /// Problems found while decoding (wrong field count, invalid UTF-8).
    pub errors: Vec<RowError>,
}

impl Record {
    pub fn get(&self, column: Column) -> Option<&str> {
        self.fields[column as usize].as_deref()
    }
}

pub struct CsvSource<R: Read> {
    reader: csv::Reader<Guarded<R>>,
    /// The header names as written in the file.
    pub headers: Vec<String>,
    pub layout: Layout,
    /// Headers that name none of our columns; their values are ignored.
    pub unknown: Vec<String>,
    /// Problems with the header itself; when any, records cannot be read meaningfully.
    pub header_errors: Vec<RowError>,
    record: ByteRecord,
    /// The file's name, for errors that stop the reading.
    origin: String,
    /// The separator used (detected, unless given).
    pub delimiter: Delimiter,
}

impl CsvSource<File> {
    pub fn open(
        path: &Path,
        reading: Reading<'_>,
        allowed: &[Column],
        required: &[Column],
    ) -> Result<Self> {
        let open = || File::open(path).with_context(|| format!("cannot open {}", path.display()));
        let mut file = open()?;
        let reading = Reading {
            delimiter: match reading.delimiter {
                Delimiter::Auto => {
                    // The header row, bounded like any row (the guard refuses a longer one).
                    let mut start = Vec::new();
                    (&mut file)
                        .take(super::guard::MAX_RECORD_BYTES as u64)
                        .read_to_end(&mut start)
                        .with_context(|| format!("cannot read {}", path.display()))?;
                    file.rewind()
                        .with_context(|| format!("cannot read {}", path.display()))?;
                    Delimiter::detect(&start)
                }
                given => given,
            },
            ..reading
        };
        let mut source = CsvSource::new(file, reading, allowed, required)
            .with_context(|| format!("cannot read {}", path.display()))?;
        source.origin = path.display().to_string();
        Ok(source)
    }
}

impl<R: Read> CsvSource<R> {
    /// Reads `input`; an `Auto` delimiter here means a comma (`open` detects it from the file).
    pub fn new(
        input: R,
        reading: Reading<'_>,
        allowed: &[Column],
        required: &[Column],
    ) -> Result<Self> {
        let delimiter = match reading.delimiter {
            Delimiter::Auto => Delimiter::Comma,
            given => given,
        };
        let byte = delimiter.byte().unwrap_or(b',');
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(byte)
            .from_reader(Guarded::new(input, byte));
        let mut header = ByteRecord::new();
        let has_header = reader.read_byte_record(&mut header).map_err(unwrap_io)?;
        let mut source = CsvSource {
            reader,
            headers: Vec::new(),
            layout: Layout::default(),
            unknown: Vec::new(),
            header_errors: Vec::new(),
            record: ByteRecord::new(),
            origin: "the input".to_owned(),
            delimiter,
        };
        if has_header {
            source.resolve_headers(&header, reading, allowed, required);
        } else {
            source
                .header_errors
                .push(RowError::row(1, "the file is empty: no header row"));
        }
        Ok(source)
    }

    fn resolve_headers(
        &mut self,
        header: &ByteRecord,
        reading: Reading<'_>,
        allowed: &[Column],
        required: &[Column],
    ) {
        let maps = reading.maps;
        for (i, raw) in header.iter().enumerate() {
            let raw = if i == 0 {
                raw.strip_prefix(BOM).unwrap_or(raw)
            } else {
                raw
            };
            let name = match std::str::from_utf8(raw) {
                Ok(name) if name.chars().any(char::is_control) => {
                    let c = name.chars().find(|c| c.is_control()).unwrap_or_default();
                    self.header_errors.push(RowError::header(
                        i,
                        name,
                        &format!(
                            "the header contains a control character (U+{:04X})",
                            c as u32
                        ),
                    ));
                    name.trim().to_owned()
                }
                Ok(name) => name.trim().to_owned(),
                Err(_) => {
                    let shown = String::from_utf8_lossy(raw).into_owned();
                    self.header_errors.push(RowError::header(
                        i,
                        &shown,
                        "the header is not valid UTF-8",
                    ));
                    shown
                }
            };
            let column = match maps.iter().find(|m| m.matches(&name)) {
                Some(map) => Some(map.column),
                None if reading.manager_names => Column::from_header_by_name(&name),
                None => Column::from_header(&name),
            };
            match column {
                Some(column) if allowed.contains(&column) => {
                    if let Some(first) = self.layout.position(column) {
                        self.header_errors.push(RowError::header(
                            i,
                            &name,
                            &format!(
                                "column {} ({:?}) gives {column} already",
                                first + 1,
                                self.headers[first]
                            ),
                        ));
                    } else {
                        self.layout.index[column as usize] = Some(i);
                    }
                }
                _ => self.unknown.push(name.clone()),
            }
            self.headers.push(name);
        }
        for map in maps {
            if !self.headers.iter().any(|h| map.matches(h)) {
                self.header_errors.push(RowError::row(
                    1,
                    &format!(
                        "--map {}={}: the file has no column {:?}",
                        map.source, map.column, map.source
                    ),
                ));
            }
        }
        // One column whose name holds another separator: the file was read with the wrong one.
        let one_column = match self.headers.as_slice() {
            [only] if only.contains([',', ';', '\t']) => Some(only.as_str()),
            _ => None,
        };
        for &column in required {
            if self.layout.position(column).is_none() {
                let hint = match one_column {
                    Some(_) => format!(
                        "the header was read as one column with {}: pass the file's separator \
                         with --delimiter (comma, semicolon or tab)",
                        self.delimiter.describe().trim_end_matches("-separated")
                    ),
                    None => format!("use --map HEADER={column} to name it"),
                };
                self.header_errors.push(RowError::row(
                    1,
                    &format!("the required column {column} is missing ({hint})"),
                ));
            }
        }
    }

    /// The last record as the file has it, every column included.
    pub fn raw(&self) -> &ByteRecord {
        &self.record
    }

    /// The byte offset reached, for progress.
    pub fn bytes_read(&self) -> u64 {
        self.reader.position().byte()
    }

    /// Reads the next record; `None` at the end of the file.
    pub fn next_record(&mut self) -> Result<Option<Record>> {
        let read = self.reader.read_byte_record(&mut self.record);
        if !read
            .map_err(unwrap_io)
            .with_context(|| format!("cannot read {}", self.origin))?
        {
            return Ok(None);
        }
        let start = self.record.position().map_or(0, |p| p.byte());
        let line = self.reader.get_mut().line_at(start);
        let mut record = Record {
            line,
            ..Record::default()
        };
        if self.record.len() != self.headers.len() {
            record.errors.push(RowError::row(
                line,
                &format!(
                    "the row has {} fields but the header has {}",
                    self.record.len(),
                    self.headers.len()
                ),
            ));
        }
        for column in Column::ALL {
            let Some(index) = self.layout.position(column) else {
                continue;
            };
            let raw = self.record.get(index).unwrap_or_default();
            match std::str::from_utf8(raw) {
                Ok(value) => record.fields[column as usize] = Some(value.trim().to_owned()),
                Err(_) => record.errors.push(RowError::at(
                    line,
                    index,
                    &self.headers[index],
                    &String::from_utf8_lossy(raw),
                    "not valid UTF-8 (save the file as UTF-8)",
                )),
            }
        }
        Ok(Some(record))
    }
}

/// The guard's own message for a refused file, without the CSV parser's wrapping.
fn unwrap_io(e: csv::Error) -> anyhow::Error {
    match e.kind() {
        csv::ErrorKind::Io(io) => anyhow::anyhow!(io.to_string()),
        _ => e.into(),
    }
}
