//! Reading delimited text exports into rows of named cells, keeping each cell's line and
//! column so that every later error can point at it.
//!
//! # Two delimited readers, one dialect
//!
//! There are two readers of delimited text, on purpose:
//!
//! - [`read`] (this module) decodes the whole file and parses it with the `csv` crate. The
//!   tidy exports (nyckeltal, measure sources, surveys, Kolada CSV) are small and are read as
//!   a [`Table`], which the xlsx reader also produces, so a reader sees the same rows from
//!   either format.
//! - `stream.rs` reads record by record with its own parser and hands each row to a
//!   callback: event-level exports (avvikelser, one row per event) can have a million rows,
//!   and holding them, or their decoded text, would cost hundreds of megabytes. It also
//!   finds the encoding in one extra pass and reports files that mix two encodings, and it
//!   skips over-long lines instead of reading them into memory.
//!
//! Making the table reader a wrapper of the streamed one would change what the tidy sources
//! report (the `csv` crate's error messages, and its handling of stray quotes inside
//! unquoted fields), so both stay. What makes them one dialect lives here and is used by
//! both: [`sniff_delimiter`] (Excel's `sep=` line, then the most consistent delimiter),
//! [`match_header`] (names without case or diacritics, aliases, did-you-mean), and the
//! diagnostics of the file's shape, [`empty_file`] and [`ragged_row`]. Their tests
//! (`stream.rs`) check that both readers locate the same cells.

use crate::diag::{Diagnostic, Location, did_you_mean};
use crate::format::fold;

use crate::project::decode::decode;

/// One expected column: its canonical name and the spellings accepted in headers.
pub struct Column {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
}

/// A cell with its 1-based position in the file.
#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug)]
pub struct Row {
    pub line: usize,
    /// Indexed like the `columns` passed to `read`; `None` where an optional column is absent.
    pub cells: Vec<Option<Cell>>,
}

pub struct Table {
    pub rows: Vec<Row>,
    pub encoding: &'static str,
    pub delimiter: u8,
}

/// One header cell as written, where it is, and an optional note (xlsx names the cell).
pub struct HeaderField<'a> {
    pub name: &'a str,
    pub at: Location,
    pub note: Option<String>,
}

/// Match header names to the expected columns, for every reader (CSV, streaming, xlsx):
/// case, diacritics and aliases do not matter; unknown and duplicate columns are errors with
/// a did-you-mean, and so are missing required ones. Returns, for each of `columns`, the
/// index of its field; `None` when the header is unusable. `delimited` adds the delimiter
/// hint for a header that did not split; `missing_note` says where the header was found.
pub fn match_header(
    file: &str,
    fields: &[HeaderField],
    header_line: usize,
    columns: &[Column],
    delimited: bool,
    missing_note: Option<String>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<Option<usize>>> {
    let mut index: Vec<Option<usize>> = vec![None; columns.len()];
    let mut ok = true;
    for (i, field) in fields.iter().enumerate() {
        let name = field.name;
        let folded = fold(name);
        let found = columns
            .iter()
            .position(|c| fold(c.name) == folded || c.aliases.iter().any(|a| fold(a) == folded));
        let mut d = match found {
            Some(k) if index[k].is_some() => Diagnostic::error(
                "data.duplicate-column",
                format!("column \"{name}\" appears twice in the header"),
            ),
            Some(k) => {
                index[k] = Some(i);
                continue;
            }
            None if name.trim().is_empty() => continue,
            None => Diagnostic::error("data.unknown-column", format!("unknown column \"{name}\"")),
        };
        ok = false;
        d = d.at(field.at.clone());
        if let Some(note) = &field.note {
            d = d.note(note.clone());
        }
        if found.is_none() {
            d = d.note(format!("expected columns: {}", column_names(columns)));
            if let Some(s) = did_you_mean(name, columns.iter().map(|c| c.name)) {
                d = d.note(format!("did you mean \"{s}\"?"));
            } else if delimited && fields.len() == 1 {
                d = d.note("the header has a single column: is the delimiter `;`, `,` or tab?");
            }
        }
        diags.push(d);
    }
    for (k, c) in columns.iter().enumerate() {
        if c.required && index[k].is_none() {
            ok = false;
            let mut d = Diagnostic::error(
                "data.missing-column",
                format!("required column \"{}\" is missing", c.name),
            )
            .at(Location::line(file, header_line));
            if let Some(note) = &missing_note {
                d = d.note(note.clone());
            }
            diags.push(d.note(format!("expected columns: {}", column_names(columns))));
        }
    }
    ok.then_some(index)
}

/// `sep=X` on the first line (Excel) wins; otherwise the candidate that splits the first
/// lines most consistently.
pub fn sniff_delimiter(text: &str) -> (u8, bool) {
    if let Some(first) = text.lines().next()
        && let Some(rest) = first.trim().strip_prefix("sep=")
        && let Some(c) = rest.bytes().next()
    {
        return (c, true);
    }
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(20).collect();
    let mut best: (u8, usize, usize) = (b';', 0, 0);
    for d in [b';', b'\t', b',', b'|'] {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| {
                let mut quoted = false;
                l.bytes()
                    .filter(|&b| {
                        if b == b'"' {
                            quoted = !quoted;
                        }
                        !quoted && b == d
                    })
                    .count()
            })
            .collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        let consistent = counts.iter().filter(|&&c| c == first).count();
        if first > 0 && (consistent, first) > (best.1, best.2) {
            best = (d, consistent, first);
        }
    }
    (best.0, false)
}

/// Read a delimited file. Errors (unknown, duplicate or missing columns, ragged rows) are
/// pushed to `diags`; rows that could be read are returned so later checks still run.
pub fn read(file: &str, bytes: &[u8], columns: &[Column], diags: &mut Vec<Diagnostic>) -> Option<Table> {
    if let Some(d) = crate::project::decode::export_problem(file, bytes) {
        diags.push(d);
        return None;
    }
    let decoded = decode(bytes);
    let (delimiter, sep_line) = sniff_delimiter(&decoded.text);
    let body = if sep_line {
        decoded.text.split_once('\n').map_or("", |(_, rest)| rest)
    } else {
        decoded.text.as_str()
    };
    let line_offset = usize::from(sep_line);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(body.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            diags.push(csv_error(file, &LineIndex::new(body), &e, line_offset));
            return None;
        }
        None => {
            diags.push(empty_file(file, columns));
            return None;
        }
    };
    let lines = LineIndex::new(body);
    let header_line = header.position().map_or(1, |p| lines.record_line(p)) + line_offset;
    let stray = stray_quotes(body, delimiter);
    let mut bad_records = std::collections::BTreeSet::new();
    for &(line, column, record) in &stray {
        diags.push(stray_quote(file, line + line_offset, column));
        bad_records.insert(record + line_offset);
    }
    if stray
        .iter()
        .any(|&(_, _, record)| record + line_offset <= header_line)
    {
        return None;
    }
    let mut col = 1;
    let fields: Vec<HeaderField> = header
        .iter()
        .map(|name| {
            let at = Location::at(file, header_line, col);
            col += name.chars().count() + 1;
            HeaderField { name, at, note: None }
        })
        .collect();
    let index = match_header(file, &fields, header_line, columns, true, None, diags)?;
    let mut rows = Vec::new();
    for rec in records {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                diags.push(csv_error(file, &lines, &e, line_offset));
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| lines.record_line(p)) + line_offset;
        if bad_records.contains(&line) || rec.iter().all(|c| c.is_empty()) {
            continue;
        }
        if rec.len() != header.len() {
            diags.push(ragged_row(file, line, rec.len(), header.len(), delimiter));
            continue;
        }
        let raw_line = lines.text(line - line_offset);
        let starts = field_columns(raw_line, delimiter);
        let cells = index
            .iter()
            .map(|i| {
                i.and_then(|i| {
                    Some(Cell {
                        text: rec.get(i)?.to_string(),
                        line,
                        column: starts.get(i).copied().unwrap_or(1),
                    })
                })
            })
            .collect();
        rows.push(Row { line, cells });
    }
    Some(Table {
        rows,
        encoding: decoded.encoding,
        delimiter,
    })
}

/// 1-based character column where each field of a raw line starts.
fn field_columns(line: &str, delimiter: u8) -> Vec<usize> {
    let mut starts = vec![1];
    let mut quoted = false;
    for (i, c) in line.chars().enumerate() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted && c == delimiter as char {
            starts.push(i + 2);
        }
    }
    starts
}

/// `data.empty-file`: a delimited file without a header row.
pub fn empty_file(file: &str, columns: &[Column]) -> Diagnostic {
    Diagnostic::error("data.empty-file", format!("{file} is empty"))
        .at(Location::file(file))
        .note(format!(
            "expected a header row with the columns: {}",
            column_names(columns)
        ))
}

/// `data.csv`: a quoted field whose quote at `column` ends it though more follows: a quote
/// inside the field that should have been doubled.
pub fn stray_quote(file: &str, line: usize, column: usize) -> Diagnostic {
    Diagnostic::error("data.csv", "a quote inside a quoted field is not doubled")
        .at(Location::at(file, line, column))
        .note("in a value that starts with \", a quote is written \"\"; the value ends at the quote before the delimiter or the line end")
}

/// Quoting the csv crate lets pass: a quoted field whose closing quote is followed by more
/// than blanks before the delimiter or the line end (`"a "b" c"`), which it reads with a
/// quote dropped. Each such quote as (line, column), 1-based, and the line its record
/// starts on. A quote counts only as the first character of a field, as for the csv crate.
fn stray_quotes(body: &str, delimiter: u8) -> Vec<(usize, usize, usize)> {
    let delimiter = delimiter as char;
    let mut found = Vec::new();
    let (mut line, mut column) = (1, 0);
    let mut record_line = 1;
    let mut quoted = false;
    let mut field_start = true;
    let mut closed_at: Option<(usize, usize)> = None;
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    column += 1;
                } else {
                    quoted = false;
                    closed_at = Some((line, column));
                }
            } else if c == '\n' {
                (line, column) = (line + 1, 0);
            }
            continue;
        }
        if c == '\n' || c == delimiter {
            if c == '\n' {
                (line, column) = (line + 1, 0);
                record_line = line;
            }
            field_start = true;
            closed_at = None;
            continue;
        }
        if let Some((l, col)) = closed_at.filter(|_| !c.is_whitespace()) {
            found.push((l, col, record_line));
            closed_at = None;
        } else if c == '"' && field_start {
            quoted = true;
        }
        field_start = false;
    }
    found
}

/// `data.ragged-row`: a row with another number of fields than the header.
pub fn ragged_row(file: &str, line: usize, fields: usize, header: usize, delimiter: u8) -> Diagnostic {
    Diagnostic::error(
        "data.ragged-row",
        format!("row has {fields} fields but the header has {header}"),
    )
    .at(Location::line(file, line))
    .note(format!(
        "fields are separated by {}; a value containing it must be quoted",
        delimiter_name(delimiter)
    ))
}

pub fn column_names(columns: &[Column]) -> String {
    columns.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
}

pub fn delimiter_name(d: u8) -> &'static str {
    match d {
        b';' => "`;`",
        b',' => "`,`",
        b'\t' => "tab",
        b'|' => "`|`",
        _ => "the delimiter",
    }
}

/// Where each line of the text starts, so that a record's line and text are found without
/// rescanning the file for every row.
struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of the start of each line.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// The 1-based line where a record starts, from its byte offset. (The csv crate's own
    /// line count is one short after a CRLF line end, as Excel writes: the record then starts
    /// at the `\n` that ends the previous line.)
    fn record_line(&self, p: &csv::Position) -> usize {
        let bytes = self.text.as_bytes();
        let mut start = usize::try_from(p.byte()).unwrap_or(usize::MAX).min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        // The number of line starts at or before `start`.
        self.starts.partition_point(|&s| s <= start).max(1)
    }

    /// The text of a 1-based line, without its line end.
    fn text(&self, line: usize) -> &'a str {
        let Some(&start) = line.checked_sub(1).and_then(|i| self.starts.get(i)) else {
            return "";
        };
        let end = self.starts.get(line).map_or(self.text.len(), |&e| e - 1);
        let s = &self.text[start..end.max(start)];
        s.strip_suffix('\r').unwrap_or(s)
    }
}

fn csv_error(file: &str, lines: &LineIndex, e: &csv::Error, line_offset: usize) -> Diagnostic {
    let line = e.position().map(|p| lines.record_line(p) + line_offset);
    let d = Diagnostic::error("data.csv", format!("cannot read {file}: {e}"));
    match line {
        Some(l) => d.at(Location::line(file, l)),
        None => d.at(Location::file(file)),
    }
}

#[cfg(test)]
pub(crate) mod tests_support {
    //! Columns shared by the tests of the delimited, streamed and xlsx readers.
    use super::Column;

    pub const COLS: &[Column] = &[
        Column {
            name: "indikator",
            aliases: &[],
            required: true,
        },
        Column {
            name: "värde",
            aliases: &["value"],
            required: true,
        },
        Column {
            name: "not",
            aliases: &[],
            required: false,
        },
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::tests_support::COLS;

    #[test]
    fn sniffs_semicolon_comma_tab_and_sep_line() {
        assert_eq!(sniff_delimiter("a;b\n1,5;2\n"), (b';', false));
        assert_eq!(sniff_delimiter("a,b\n1,2\n"), (b',', false));
        assert_eq!(sniff_delimiter("a\tb\n1,5\t2\n"), (b'\t', false));
        assert_eq!(sniff_delimiter("sep=;\na;b\n"), (b';', true));
    }

    #[test]
    fn headers_match_without_case_or_diacritics() {
        let mut d = Vec::new();
        let t = read("x.csv", "Indikator;VARDE\na;1\n".as_bytes(), COLS, &mut d).unwrap();
        assert!(d.is_empty());
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].cells[1].as_ref().unwrap().text, "1");
        assert!(t.rows[0].cells[2].is_none());
    }

    #[test]
    fn an_undoubled_quote_inside_a_quoted_field_is_an_error_at_the_quote() {
        let mut d = Vec::new();
        let csv = "sep=;\nindikator;not;v\u{e4}rde\na;\"sa \"ja\" till\";3\nb;\"ok\" ;4\r\nc;\"rad 1\nrad \"\"2\"\"\";5\n";
        let t = read("x.csv", csv.as_bytes(), COLS, &mut d).unwrap();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].message, "a quote inside a quoted field is not doubled");
        assert_eq!(d[0].location.as_deref(), Some(&Location::at("x.csv", 3, 7)));
        let names: Vec<_> = t
            .rows
            .iter()
            .map(|r| r.cells[0].as_ref().unwrap().text.as_str())
            .collect();
        assert_eq!(names, ["b", "c"]);
        assert_eq!(t.rows[1].cells[2].as_ref().unwrap().text, "rad 1\nrad \"2\"");
        let mut d = Vec::new();
        assert!(read("x.csv", b"\"indikator\"x;v\xe4rde\na;1\n", COLS, &mut d).is_none());
        assert_eq!(d[0].location.as_deref(), Some(&Location::at("x.csv", 1, 11)));
    }

    #[test]
    fn sep_line_keeps_line_numbers_right() {
        let mut d = Vec::new();
        let t = read("x.csv", b"sep=;\nindikator;v\xe4rde\na;1\nb;2\n", COLS, &mut d).unwrap();
        assert_eq!(t.encoding, "windows-1252");
        assert_eq!(t.rows[1].line, 4);
        assert_eq!(t.rows[1].cells[1].as_ref().unwrap().column, 3);
    }

    #[test]
    fn unknown_and_missing_columns_are_reported_together() {
        let mut d = Vec::new();
        assert!(read("x.csv", b"indikatr;annat\n", COLS, &mut d).is_none());
        let codes: Vec<_> = d.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                "data.unknown-column",
                "data.unknown-column",
                "data.missing-column",
                "data.missing-column"
            ]
        );
        assert!(
            d[0].notes
                .iter()
                .any(|n| n.contains("did you mean \"indikator\""))
        );
        assert_eq!(d[1].location.as_ref().unwrap().column, Some(10));
    }

    #[test]
    fn crlf_line_ends_keep_line_numbers_right() {
        let mut d = Vec::new();
        let t = read("x.csv", b"indikator;v\xe4rde\r\na;1\r\n\r\nb;2\r\n", COLS, &mut d).unwrap();
        assert!(d.is_empty());
        assert_eq!(t.rows[0].line, 2);
        assert_eq!(t.rows[1].line, 4);
        assert_eq!(t.rows[1].cells[1].as_ref().unwrap().text, "2");
        assert_eq!(t.rows[1].cells[1].as_ref().unwrap().column, 3);
        let t = read("x.csv", b"sep=;\r\nindikator;v\xe4rde\r\na;1\r\n", COLS, &mut d).unwrap();
        assert_eq!(t.rows[0].line, 3);
    }

    #[test]
    fn long_files_keep_positions_without_rescanning() {
        // 200 000 rows: a rescan of the file per row would take minutes here.
        let mut text = String::from("indikator;v\u{e4}rde\r\n");
        for i in 0..200_000 {
            text.push_str(&format!("a{i};{i}\r\n"));
        }
        let mut d = Vec::new();
        let t = read("x.csv", text.as_bytes(), COLS, &mut d).unwrap();
        let last = t.rows.last().unwrap();
        assert_eq!(last.line, 200_001);
        assert_eq!(last.cells[1].as_ref().unwrap().text, "199999");
        assert_eq!(last.cells[1].as_ref().unwrap().column, 9);
    }

    #[test]
    fn ragged_rows_are_reported_with_line() {
        let mut d = Vec::new();
        let t = read("x.csv", b"indikator;v\xe4rde\na;1;2\nb;3\n", COLS, &mut d).unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!(d[0].location.as_ref().unwrap().line, Some(2));
    }
}
