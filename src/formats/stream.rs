//! Reading a large delimited export record by record, without holding the file in memory:
//! event-level exports (one row per avvikelse) can have a million rows. Each row is handed
//! to a callback, so that the caller aggregates on the way.
//!
//! Why this reader exists beside `table.rs` (whose `csv`-crate reader holds the whole file)
//! is written there, under "Two delimited readers, one dialect". The rules are those of
//! `table.rs`, and the code of the shared dialect is taken from it: the encoding is found as `decode.rs` finds it (a BOM
//! gives UTF-8 or UTF-16, otherwise UTF-8 if the whole file is valid UTF-8, otherwise
//! Windows-1252; deciding that needs one extra pass over the bytes, which costs no memory);
//! the delimiter and Excel's `sep=;` line are sniffed from the first kilobyte; headers are
//! matched without case or diacritics; every cell keeps its line and column.

use std::io::{BufRead, BufReader, Cursor, Read, Seek, SeekFrom};

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use encoding_rs_io::DecodeReaderBytesBuilder;

use crate::diag::{Diagnostic, Location};
use crate::project::ProjectDir;

use crate::formats::table::{self, Cell, Column, Row};

/// How much of the decoded text the delimiter is sniffed from.
const SNIFF_BYTES: usize = 1024;
/// A physical line longer than this is an error (a binary file, or a file without line
/// breaks): it is skipped instead of being read into memory.
pub const MAX_LINE_BYTES: usize = 1 << 20;
/// A quoted field may span at most this many lines; an unclosed quote would otherwise
/// swallow the rest of the file.
const MAX_RECORD_LINES: usize = 200;

/// What was read, for messages and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamInfo {
    pub encoding: &'static str,
    pub delimiter: u8,
    /// Data rows handed to the callback.
    pub rows: usize,
}

/// Read a tabular project file row by row: delimited text is streamed; `.xlsx` is read by
/// `table::read_file` and its rows are handed on the same way. `Ok(None)`-like: returns
/// `None` when the file does not exist or its header is unusable (errors are in `diags`).
pub fn for_each_row(
    project: &ProjectDir,
    rel: &str,
    columns: &[Column],
    diags: &mut Vec<Diagnostic>,
    mut on_row: impl FnMut(&Row, &mut Vec<Diagnostic>),
) -> Option<StreamInfo> {
    if rel.to_ascii_lowercase().ends_with(".xlsx") {
        let t = crate::formats::read_file(project, rel, columns, diags)?;
        for row in &t.rows {
            on_row(row, diags);
        }
        return Some(StreamInfo {
            encoding: t.encoding,
            delimiter: t.delimiter,
            rows: t.rows.len(),
        });
    }
    match project.open_optional(rel) {
        Ok(Some(f)) => read(rel, f, columns, diags, on_row),
        Ok(None) => None,
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// Stream delimited text from `input` (seekable: the encoding check reads it once first).
pub fn read<R: Read + Seek>(
    file: &str,
    mut input: R,
    columns: &[Column],
    diags: &mut Vec<Diagnostic>,
    mut on_row: impl FnMut(&Row, &mut Vec<Diagnostic>),
) -> Option<StreamInfo> {
    let io_error = |e: std::io::Error| {
        Diagnostic::error("project.read", format!("cannot read {file}: {e}")).at(Location::file(file))
    };
    let encoding = match detect_encoding(file, &mut input, diags) {
        Ok(Some(e)) => e,
        Ok(None) => return None,
        Err(e) => {
            diags.push(io_error(e));
            return None;
        }
    };
    if let Err(e) = input.seek(SeekFrom::Start(0)) {
        diags.push(io_error(e));
        return None;
    }
    let mut decoder = DecodeReaderBytesBuilder::new()
        .encoding(Some(encoding))
        .bom_override(true)
        .strip_bom(true)
        .build(input);
    // Sniff the delimiter from the first kilobyte of decoded text, then read on from the start.
    let (prefix, delimiter, sep_line) = match sniff(&mut decoder) {
        Ok(s) => s,
        Err(e) => {
            diags.push(io_error(e));
            return None;
        }
    };
    let mut lines = Lines {
        reader: BufReader::with_capacity(1 << 16, Cursor::new(prefix).chain(decoder)),
        buf: String::new(),
        raw: Vec::new(),
        number: 0,
        file,
    };
    if sep_line {
        match lines.next(diags) {
            Ok(_) => {}
            Err(e) => {
                diags.push(io_error(e));
                return None;
            }
        }
    }
    let mut parser = RecordParser::new(delimiter as char);
    // Header: the first record that is not empty.
    let mut header = Record::default();
    loop {
        match parser.next_record(&mut lines, &mut header, diags) {
            Ok(true) if header.all_empty() => continue,
            Ok(true) if header.bad => return None,
            Ok(true) => break,
            Ok(false) => {
                diags.push(table::empty_file(file, columns));
                return None;
            }
            Err(e) => {
                diags.push(io_error(e));
                return None;
            }
        }
    }
    let index = match_header(file, &header, columns, diags)?;
    let width = header.len();
    let mut rows = 0;
    // One record and one row, refilled for every line.
    let mut rec = Record::default();
    let mut row = Row {
        line: 0,
        cells: index
            .iter()
            .map(|i| {
                i.map(|_| Cell {
                    text: String::new(),
                    line: 0,
                    column: 0,
                })
            })
            .collect(),
    };
    loop {
        match parser.next_record(&mut lines, &mut rec, diags) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                diags.push(io_error(e).at(Location::line(file, lines.number)));
                break;
            }
        }
        if rec.bad || rec.all_empty() {
            continue;
        }
        if rec.len() != width {
            diags.push(table::ragged_row(file, rec.line, rec.len(), width, delimiter));
            continue;
        }
        row.line = rec.line;
        for (cell, i) in row.cells.iter_mut().zip(&index) {
            if let (Some(cell), Some(i)) = (cell, *i) {
                cell.text.clear();
                cell.text.push_str(rec.field(i));
                cell.line = rec.lines[i];
                cell.column = rec.columns[i];
            }
        }
        rows += 1;
        on_row(&row, diags);
    }
    Some(StreamInfo {
        encoding: encoding.name(),
        delimiter,
        rows,
    })
}

/// Read the first kilobyte of decoded text and sniff the delimiter (and Excel's `sep=` line)
/// from its complete lines; the bytes read are returned to be read again.
fn sniff<R: Read>(decoder: &mut R) -> std::io::Result<(Vec<u8>, u8, bool)> {
    let mut prefix = Vec::with_capacity(SNIFF_BYTES + 64);
    let mut chunk = [0u8; 256];
    while prefix.len() < SNIFF_BYTES {
        match decoder.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => prefix.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let sniff_text = String::from_utf8_lossy(&prefix);
    let sniff_text = match sniff_text.rfind('\n') {
        Some(i) if prefix.len() >= SNIFF_BYTES => &sniff_text[..i],
        _ => &sniff_text[..],
    };
    let (delimiter, sep_line) = table::sniff_delimiter(sniff_text);
    Ok((prefix, delimiter, sep_line))
}

/// Decide the encoding as `decode.rs` does, reading the input once in chunks: a BOM wins;
/// otherwise UTF-8 when every byte is valid UTF-8, else Windows-1252. `Ok(None)` when the
/// file cannot be text in a supported encoding (UTF-16 without BOM).
fn detect_encoding<R: Read>(
    file: &str,
    input: &mut R,
    diags: &mut Vec<Diagnostic>,
) -> std::io::Result<Option<&'static Encoding>> {
    let mut buf = vec![0u8; 1 << 16];
    let mut check = Utf8Check::default();
    let mut first = true;
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if first {
            first = false;
            let mut head = buf[..n].to_vec();
            // A short first read: make sure at least a few bytes are looked at.
            while head.len() < 4 {
                let mut more = [0u8; 4];
                match input.read(&mut more)? {
                    0 => break,
                    m => head.extend_from_slice(&more[..m]),
                }
            }
            if let Some((enc, _)) = Encoding::for_bom(&head) {
                return Ok(Some(enc));
            }
            if let Some(d) = crate::project::decode::utf16_without_bom(file, &head) {
                diags.push(d);
                return Ok(None);
            }
            check.feed(&head);
        } else {
            check.feed(&buf[..n]);
        }
    }
    check.finish();
    match (check.first_invalid, check.first_multibyte) {
        (None, _) => Ok(Some(UTF_8)),
        (Some((line, byte)), Some(utf8_line)) => {
            diags.push(
                Diagnostic::error(
                    "data.mixed-encoding",
                    format!("{file} mixes two text encodings"),
                )
                .at(Location::line(file, line))
                .note(format!(
                    "line {utf8_line} has UTF-8 characters, but byte 0x{byte:02X} on line {line} is not UTF-8 (Windows-1252?)"
                ))
                .note("the file is read as Windows-1252, so its UTF-8 letters come out garbled; save the whole file in one encoding"),
            );
            Ok(Some(WINDOWS_1252))
        }
        (Some(_), None) => Ok(Some(WINDOWS_1252)),
    }
}

/// Incremental UTF-8 validation that remembers where the first invalid byte and the first
/// valid multi-byte character were.
#[derive(Default)]
struct Utf8Check {
    /// Bytes of an incomplete character at the end of the last chunk.
    carry: Vec<u8>,
    line: usize,
    first_invalid: Option<(usize, u8)>,
    first_multibyte: Option<usize>,
}

impl Utf8Check {
    fn feed(&mut self, chunk: &[u8]) {
        let mut data = std::mem::take(&mut self.carry);
        data.extend_from_slice(chunk);
        let mut rest = &data[..];
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    self.valid(s.as_bytes());
                    break;
                }
                Err(e) => {
                    let (ok, bad) = rest.split_at(e.valid_up_to());
                    self.valid(ok);
                    match e.error_len() {
                        Some(n) => {
                            if self.first_invalid.is_none() {
                                self.first_invalid = Some((self.line + 1, bad[0]));
                            }
                            self.line += bad[..n].iter().filter(|&&b| b == b'\n').count();
                            rest = &bad[n..];
                        }
                        None => {
                            self.carry = bad.to_vec();
                            break;
                        }
                    }
                }
            }
        }
    }

    fn valid(&mut self, bytes: &[u8]) {
        if self.first_multibyte.is_none()
            && let Some(i) = bytes.iter().position(|&b| b >= 0x80)
        {
            let before = bytes[..i].iter().filter(|&&b| b == b'\n').count();
            self.first_multibyte = Some(self.line + before + 1);
        }
        self.line += bytes.iter().filter(|&&b| b == b'\n').count();
    }

    /// An incomplete character at the end of the file is invalid too.
    fn finish(&mut self) {
        if let Some(&b) = self.carry.first()
            && self.first_invalid.is_none()
        {
            self.first_invalid = Some((self.line + 1, b));
        }
    }
}

/// Physical lines of decoded text, without their line break, numbered from 1.
struct Lines<'f, R> {
    reader: R,
    buf: String,
    /// The line's bytes before they are checked as UTF-8; kept to reuse its allocation.
    raw: Vec<u8>,
    number: usize,
    file: &'f str,
}

impl<R: BufRead> Lines<'_, R> {
    /// The next line into `self.buf`; `Ok(false)` at the end. Over-long lines are reported
    /// and replaced by an empty line, so that line numbers stay right.
    fn next(&mut self, diags: &mut Vec<Diagnostic>) -> std::io::Result<bool> {
        self.buf.clear();
        // Read as bytes: the limit may cut a character in two, which `read_line` would
        // report as invalid UTF-8 (at the line before, and the rest of the file unread).
        let mut bytes = std::mem::take(&mut self.raw);
        bytes.clear();
        let n = (&mut self.reader)
            .take(MAX_LINE_BYTES as u64)
            .read_until(b'\n', &mut bytes)?;
        if n == 0 {
            self.raw = bytes;
            return Ok(false);
        }
        self.number += 1;
        let long = !bytes.ends_with(b"\n") && n >= MAX_LINE_BYTES;
        if !long {
            match std::str::from_utf8(&bytes) {
                Ok(line) => self.buf.push_str(line),
                Err(e) => {
                    self.raw = bytes;
                    return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, e));
                }
            }
        }
        self.raw = bytes;
        if long {
            // Skip the rest of the line without keeping it.
            let mut skipped = 0usize;
            loop {
                let available = self.reader.fill_buf()?;
                if available.is_empty() {
                    break;
                }
                match available.iter().position(|&b| b == b'\n') {
                    Some(i) => {
                        self.reader.consume(i + 1);
                        skipped += i + 1;
                        break;
                    }
                    None => {
                        let len = available.len();
                        self.reader.consume(len);
                        skipped += len;
                    }
                }
            }
            diags.push(
                Diagnostic::error(
                    "data.long-line",
                    format!(
                        "line is longer than {} MiB ({} bytes) and was skipped",
                        MAX_LINE_BYTES >> 20,
                        n + skipped
                    ),
                )
                .at(Location::line(self.file, self.number))
                .note("is this a text export? expected one row per line"),
            );
            self.buf.clear();
            return Ok(true);
        }
        if self.buf.ends_with('\n') {
            self.buf.pop();
            if self.buf.ends_with('\r') {
                self.buf.pop();
            }
        }
        Ok(true)
    }
}

/// One record: its fields (trimmed, unquoted) and where each starts. The fields' text is
/// kept in one buffer that is reused from record to record: a million-row file is read
/// without an allocation per field.
#[derive(Debug, Default)]
struct Record {
    line: usize,
    text: String,
    spans: Vec<std::ops::Range<usize>>,
    lines: Vec<usize>,
    columns: Vec<usize>,
    /// A field broke the quoting rules (reported): the record is not passed on.
    bad: bool,
}

impl Record {
    fn clear(&mut self, line: usize) {
        self.line = line;
        self.text.clear();
        self.spans.clear();
        self.lines.clear();
        self.columns.clear();
        self.bad = false;
    }

    fn len(&self) -> usize {
        self.spans.len()
    }

    fn field(&self, i: usize) -> &str {
        &self.text[self.spans[i].clone()]
    }

    fn all_empty(&self) -> bool {
        self.spans.iter().all(|s| s.is_empty())
    }

    /// Ends the field that started at byte `start` of the buffer, trimmed.
    fn end_field(&mut self, start: usize, at: (usize, usize)) {
        self.add_field(start, self.text.len(), at);
    }

    /// The field at bytes `start..end` of the buffer, trimmed.
    fn add_field(&mut self, start: usize, end: usize, (line, column): (usize, usize)) {
        let field = &self.text[start..end];
        let lead = field.len() - field.trim_start().len();
        let len = field.trim().len();
        self.spans.push(start + lead..start + lead + len);
        self.lines.push(line);
        self.columns.push(column);
    }
}

/// Splits lines into fields: fields are separated by the delimiter; a field that starts
/// with `"` is quoted up to the next lone `"` (`""` is a quote) and may hold delimiters and
/// line breaks. Columns count characters from 1, as `table.rs` does.
struct RecordParser {
    delimiter: char,
}

impl RecordParser {
    fn new(delimiter: char) -> Self {
        RecordParser { delimiter }
    }

    /// The next record into `rec`; `Ok(false)` at the end.
    fn next_record<R: BufRead>(
        &mut self,
        lines: &mut Lines<'_, R>,
        rec: &mut Record,
        diags: &mut Vec<Diagnostic>,
    ) -> std::io::Result<bool> {
        if !lines.next(diags)? {
            return Ok(false);
        }
        rec.clear(lines.number);
        if !lines.buf.contains('"') {
            self.split_plain(&lines.buf, lines.number, rec);
            return Ok(true);
        }
        let mut field_start = (lines.number, 1);
        let mut start = 0;
        let mut quoted = false;
        let mut field_empty = true;
        // Where the quoted field just closed, if it did: only blanks may follow before the
        // delimiter or the line end.
        let mut closed_at: Option<usize> = None;
        let mut spanned = 0;
        loop {
            let mut chars = lines.buf.chars().enumerate().peekable();
            while let Some((i, c)) = chars.next() {
                if quoted {
                    if c == '"' {
                        if chars.peek().is_some_and(|&(_, n)| n == '"') {
                            chars.next();
                            rec.text.push('"');
                        } else {
                            quoted = false;
                            closed_at = Some(i);
                        }
                    } else {
                        rec.text.push(c);
                    }
                } else if c == self.delimiter {
                    rec.end_field(start, field_start);
                    start = rec.text.len();
                    field_start = (lines.number, i + 2);
                    field_empty = true;
                    closed_at = None;
                } else if let Some(quote) = closed_at.filter(|_| !c.is_whitespace()) {
                    diags.push(table::stray_quote(lines.file, lines.number, quote + 1));
                    rec.bad = true;
                    closed_at = None;
                    rec.text.push('"');
                    rec.text.push(c);
                } else if c == '"' && field_empty {
                    quoted = true;
                    field_empty = false;
                } else {
                    rec.text.push(c);
                    field_empty = false;
                }
            }
            if !quoted {
                break;
            }
            // A line break inside a quoted field.
            spanned += 1;
            if spanned > MAX_RECORD_LINES {
                diags.push(
                    Diagnostic::error(
                        "data.csv",
                        format!(
                            "a quoted field that starts here is not closed within {MAX_RECORD_LINES} lines"
                        ),
                    )
                    .at(Location::at(lines.file, field_start.0, field_start.1))
                    .note("a value that starts with \" must end with \"; the rest of the file is not read"),
                );
                return Ok(false);
            }
            if !lines.next(diags)? {
                diags.push(
                    Diagnostic::error("data.csv", "a quoted field is not closed at the end of the file")
                        .at(Location::at(lines.file, field_start.0, field_start.1))
                        .note("a value that starts with \" must end with \""),
                );
                break;
            }
            rec.text.push('\n');
        }
        rec.end_field(start, field_start);
        Ok(true)
    }

    /// A line without quotes: its fields are the text between delimiters, kept where they
    /// are in one copy of the line.
    fn split_plain(&self, line: &str, number: usize, rec: &mut Record) {
        rec.text.push_str(line);
        let ascii = line.is_ascii();
        let step = self.delimiter.len_utf8();
        let (mut start, mut column) = (0, 1);
        loop {
            let end = line[start..]
                .find(self.delimiter)
                .map_or(line.len(), |i| start + i);
            rec.add_field(start, end, (number, column));
            if end == line.len() {
                break;
            }
            column += 1 + if ascii {
                end - start
            } else {
                line[start..end].chars().count()
            };
            start = end + step;
        }
    }
}

/// Match header names to the expected columns, by the rules every reader shares.
fn match_header(
    file: &str,
    header: &Record,
    columns: &[Column],
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<Option<usize>>> {
    let fields: Vec<table::HeaderField> = (0..header.len())
        .map(|i| table::HeaderField {
            name: header.field(i),
            at: Location::at(file, header.lines[i], header.columns[i]),
            note: None,
        })
        .collect();
    table::match_header(file, &fields, header.line, columns, true, None, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::formats::table::tests_support::COLS;

    /// Stream `bytes`, returning the info, the rows and the diagnostics.
    fn stream(bytes: &[u8]) -> (Option<StreamInfo>, Vec<Row>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut rows = Vec::new();
        let info = read("x.csv", Cursor::new(bytes.to_vec()), COLS, &mut diags, |r, _| {
            rows.push(Row {
                line: r.line,
                cells: r.cells.clone(),
            });
        });
        (info, rows, diags)
    }

    fn text(r: &Row, i: usize) -> Option<&str> {
        r.cells[i].as_ref().map(|c| c.text.as_str())
    }

    /// LF files without blank lines: there the csv crate's record positions (used by
    /// table.rs) are right. After a blank line or with CRLF they are one line early; see
    /// `crlf_lines_are_numbered_from_the_line_they_start_on` for what this reader does.
    #[test]
    fn cells_are_located_like_table_rs() {
        let inputs: &[&[u8]] = &[
            b"sep=;\nindikator;v\xe4rde\na;1\nb;2\n",
            "\u{feff}Indikator;VARDE;not\na;1;\"x;y\"\n b ; 2 ;\n".as_bytes(),
            b"indikator,value\n\"a, b\",\"1,5\"\n",
            b"indikator\tv\xe4rde\tnot\nl\xe4kemedel\t3\t\n",
        ];
        for input in inputs {
            let (info, rows, diags) = stream(input);
            let mut table_diags = Vec::new();
            let t = table::read("x.csv", input, COLS, &mut table_diags).unwrap();
            assert!(diags.is_empty() && table_diags.is_empty(), "{diags:?}");
            let info = info.unwrap();
            assert_eq!((info.encoding, info.delimiter), (t.encoding, t.delimiter));
            assert_eq!(rows.len(), t.rows.len());
            for (a, b) in rows.iter().zip(&t.rows) {
                assert_eq!(a.line, b.line, "{input:?}");
                for (x, y) in a.cells.iter().zip(&b.cells) {
                    let x = x.as_ref().map(|c| (&c.text, c.line, c.column));
                    let y = y.as_ref().map(|c| (&c.text, c.line, c.column));
                    assert_eq!(x, y, "{input:?}");
                }
            }
        }
    }

    #[test]
    fn crlf_lines_are_numbered_from_the_line_they_start_on() {
        let (_, rows, diags) = stream(b"sep=;\r\nindikator;v\xe4rde\r\na;1\r\n\r\nb;2\r\n");
        assert!(diags.is_empty(), "{diags:?}");
        let lines: Vec<usize> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [3, 5]);
        let c = rows[1].cells[1].as_ref().unwrap();
        assert_eq!((c.text.as_str(), c.line, c.column), ("2", 5, 3));
    }

    #[test]
    fn windows_1252_and_utf16_are_decoded() {
        let (info, rows, _) = stream(b"indikator;v\xe4rde\nk\xf6n;1\n");
        assert_eq!(info.unwrap().encoding, "windows-1252");
        assert_eq!(text(&rows[0], 0), Some("kön"));
        let mut bytes = vec![0xff, 0xfe];
        for u in "indikator;värde\r\nå;1\r\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let (info, rows, diags) = stream(&bytes);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(info.unwrap().encoding, "UTF-16LE");
        assert_eq!(text(&rows[0], 0), Some("å"));
    }

    #[test]
    fn windows_1252_late_in_the_file_is_found() {
        // The first kilobytes are plain ASCII; the only non-ASCII byte comes much later.
        let mut bytes = b"indikator;not;value\n".to_vec();
        for i in 0..20_000 {
            bytes.extend_from_slice(format!("a{i};x;1\n").as_bytes());
        }
        bytes.extend_from_slice(b"\xf6;x;2\n");
        let (info, rows, diags) = stream(&bytes);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(info.unwrap().encoding, "windows-1252");
        assert_eq!(text(rows.last().unwrap(), 0), Some("ö"));
        assert_eq!(rows.last().unwrap().line, 20_002);
    }

    #[test]
    fn utf16_without_bom_is_an_encoding_error() {
        let mut bytes = Vec::new();
        for u in "indikator;värde\r\nå;1\r\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let (info, rows, diags) = stream(&bytes);
        assert!(info.is_none() && rows.is_empty());
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "data.encoding");
        assert!(diags[0].message.contains("UTF-16"), "{}", diags[0].message);
    }

    #[test]
    fn mixed_utf8_and_windows_1252_is_reported_with_lines() {
        let mut bytes = "indikator;value\nkön;1\nx;2\n".as_bytes().to_vec();
        bytes.extend_from_slice(b"k\xf6n;3\n");
        let (info, rows, diags) = stream(&bytes);
        assert_eq!(info.unwrap().encoding, "windows-1252");
        assert_eq!(rows.len(), 3);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "data.mixed-encoding");
        assert_eq!(diags[0].location.as_ref().unwrap().line, Some(4));
        assert!(
            diags[0].notes[0].contains("line 2 has UTF-8"),
            "{:?}",
            diags[0].notes
        );
        assert!(diags[0].notes[0].contains("0xF6"), "{:?}", diags[0].notes);
    }

    #[test]
    fn quoted_fields_may_span_lines_and_hold_quotes() {
        let (_, rows, diags) = stream(b"indikator;not;v\xe4rde\na;\"rad 1\nrad \"\"2\"\"\";3\nb;;4\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(text(&rows[0], 2), Some("rad 1\nrad \"2\""));
        let v = rows[0].cells[1].as_ref().unwrap();
        assert_eq!((v.line, v.column), (3, 12));
        assert_eq!(rows[1].line, 4);
    }

    #[test]
    fn an_undoubled_quote_inside_a_quoted_field_is_an_error_at_the_quote() {
        let (_, rows, diags) = stream(b"indikator;not;v\xe4rde\na;\"sa \"ja\" till\";3\nb;\"ok\" ;4\n");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].location.as_deref(), Some(&Location::at("x.csv", 2, 7)));
        assert_eq!(diags[0].message, "a quote inside a quoted field is not doubled");
        assert_eq!(rows.len(), 1);
        assert_eq!(text(&rows[0], 2), Some("ok"));
    }

    #[test]
    fn unclosed_quote_is_reported_at_its_start() {
        let (_, rows, diags) = stream(b"indikator;v\xe4rde\na;1\nb;\"2\nc;3\n");
        assert_eq!(rows.len(), 2);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].location.as_deref(), Some(&Location::at("x.csv", 3, 3)));
    }

    #[test]
    fn header_errors_match_table_rs() {
        let (info, _, diags) = stream(b"indikatr;annat\n");
        assert!(info.is_none());
        let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
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
            diags[0]
                .notes
                .iter()
                .any(|n| n.contains("did you mean \"indikator\""))
        );
        assert_eq!(diags[1].location.as_ref().unwrap().column, Some(10));
    }

    #[test]
    fn ragged_rows_and_empty_files() {
        let (_, rows, diags) = stream(b"indikator;v\xe4rde\na;1;2\nb;3\n");
        assert_eq!(rows.len(), 1);
        assert_eq!(diags[0].code, "data.ragged-row");
        assert_eq!(diags[0].location.as_ref().unwrap().line, Some(2));
        let (info, _, diags) = stream(b"");
        assert!(info.is_none());
        assert_eq!(diags[0].code, "data.empty-file");
    }

    #[test]
    fn an_over_long_utf8_line_is_skipped_and_the_rest_read() {
        // "å" is two bytes: the line limit falls inside a character.
        let mut bytes = "indikator;värde\na;1\n".as_bytes().to_vec();
        bytes.extend("å".repeat(MAX_LINE_BYTES / 2 + 7).bytes());
        bytes.extend_from_slice("x\nb;3\n".as_bytes());
        let (_, rows, diags) = stream(&bytes);
        assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 4]);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].code, "data.long-line");
        assert_eq!(diags[0].location.as_ref().unwrap().line, Some(3));
    }

    #[test]
    fn over_long_lines_are_skipped_not_kept() {
        let mut bytes = b"indikator;v\xe4rde\n".to_vec();
        bytes.extend(std::iter::repeat_n(b'x', MAX_LINE_BYTES + 10));
        bytes.extend_from_slice(b"\nb;3\n");
        let (_, rows, diags) = stream(&bytes);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 3);
        assert_eq!(diags[0].code, "data.long-line");
        assert_eq!(diags[0].location.as_ref().unwrap().line, Some(2));
    }
}
