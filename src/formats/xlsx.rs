//! Reading `.xlsx` workbooks into the same rows as delimited files.
//!
//! # Rules
//!
//! * **Sheet**: the worksheet whose name is the file's stem, compared like headers (without
//!   case or diacritics; `Personal` in `personal.xlsx`, `Senior alert` in `senior-alert.xlsx`);
//!   otherwise the first visible worksheet. Other sheets (notes, pivots, charts) are ignored.
//! * **Header**: the first row with any non-empty cell; column names are matched exactly as in
//!   CSV files (`table::fold`). Columns with an empty header are ignored, as in CSV.
//! * **Positions**: `line` is the spreadsheet row number and `column` the column number
//!   (A = 1), so `data/personal.xlsx:5:3` is cell C5; messages name the cell where it helps.
//! * **Values** become the text a CSV export would hold, so every source validates both the same
//!   way:
//!   - text as typed (trimmed);
//!   - numbers as the shortest decimal that reads back to exactly the same `f64`, never in
//!     scientific notation (`100000`, `0.1`, `12.345`); whole numbers without decimals;
//!   - numbers formatted as percent (`85 %` in Excel, stored as 0.85) as the percent number
//!     `85 %`, shifting the decimal point in the text so no precision is lost;
//!   - dates as ISO dates `2024-03-01`, date-times as `2024-03-01T14:30:00`, times of day and
//!     durations as `14:30:00`;
//!   - booleans as `TRUE`/`FALSE`; error values as Excel shows them (`#DIV/0!`), which the
//!     sources then report as invalid;
//!   - a formula without a saved result (a file written by a program that does not calculate)
//!     is an error, never a silent missing value.
//! * **Bounds**: a workbook that unpacks to more than [`MAX_INFLATED_BYTES`] (a zip bomb), a
//!   sheet with more than [`MAX_CELLS`] filled cells, or a stray cell so far from the table that
//!   the used rectangle exceeds [`MAX_AREA`] cells is refused with the file, sheet and cell;
//!   only filled cells are ever held in memory.
//! * A corrupt file, an old `.xls`, an encrypted workbook or a CSV renamed to `.xlsx` gives one
//!   clear error.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, SheetType, SheetVisible, Xlsx, XlsxError};

use crate::diag::{Diagnostic, Location};

use crate::format::fold;
use crate::formats::table::{Cell, Column, HeaderField, Row, Table, column_names, match_header};

/// Spreadsheet column letters for a 1-based column number: 1 → A, 27 → AA.
pub fn column_label(column: usize) -> String {
    let mut n = column;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A cell reference such as `C5` for a 1-based row and column.
pub fn cell_name(line: usize, column: usize) -> String {
    format!("{}{line}", column_label(column))
}

/// Whether a project file is read as a workbook.
pub fn is_xlsx(file: &str) -> bool {
    file.to_ascii_lowercase().ends_with(".xlsx")
}

/// At most this many bytes are unpacked from a workbook (all its zip entries together): an
/// .xlsx export of a few hundred thousand rows unpacks to well under this, while a zip bomb
/// (a tiny file that unpacks to gigabytes) is refused before anything is read.
pub const MAX_INFLATED_BYTES: u64 = 256 * 1024 * 1024;
/// At most this many filled cells are read from a sheet.
pub const MAX_CELLS: usize = 2_000_000;
/// At most this many cells in the rectangle from the first to the last filled cell
/// (rows × columns). A stray value far from the table (say at XFD1048576) makes this huge;
/// it is reported by cell instead of being read.
pub const MAX_AREA: u64 = 20_000_000;

pub fn read(file: &str, bytes: &[u8], columns: &[Column], diags: &mut Vec<Diagnostic>) -> Option<Table> {
    if let Err(d) = check_inflated_size(file, bytes, MAX_INFLATED_BYTES) {
        diags.push(d);
        return None;
    }
    let mut workbook = match Xlsx::new(Cursor::new(bytes)) {
        Ok(w) => w,
        Err(e) => {
            diags.push(open_error(file, bytes, &e));
            return None;
        }
    };
    let Some(sheet) = choose_sheet(file, workbook.sheets_metadata()) else {
        diags.push(
            Diagnostic::error("data.xlsx", format!("{file} has no worksheet"))
                .at(Location::file(file))
                .note("expected a sheet with a header row and one row per value"),
        );
        return None;
    };
    let grid = match Grid::read(file, &sheet, &mut workbook, Limits::default()) {
        Ok(g) => g,
        Err(d) => {
            diags.push(*d);
            return None;
        }
    };
    // Formulas are only needed to tell an unsaved formula from an empty cell; a failure to
    // read them is not fatal (values are still read), so errors fall back to "no formulas".
    let formulas = unsaved_formulas(&mut workbook, &sheet, MAX_CELLS);
    let has_formula = |row: u32, col: u32| formulas.contains(&(row, col));
    read_grid(file, &grid, columns, &has_formula, diags)
}

/// Refuse a workbook whose zip entries unpack to more than `limit` bytes, by the sizes the
/// archive declares and by actually unpacking (a damaged or hostile archive may declare
/// less than it holds). Nothing is kept in memory. A file that is not a readable zip archive
/// passes; opening it as a workbook then reports what it is.
fn check_inflated_size(file: &str, bytes: &[u8], limit: u64) -> Result<(), Diagnostic> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let too_large = |entry: &str| {
        Diagnostic::error(
            "data.xlsx-too-large",
            format!(
                "{file} unpacks to more than {} MB",
                limit / (1024 * 1024)
            ),
        )
        .at(Location::file(file))
        .note(format!(
            "an .xlsx file is a zip archive; its part {entry} alone brings the unpacked size over the limit (a damaged file or a zip bomb?)"
        ))
        .note(format!(
            "expected an export of at most {} MB unpacked; split the data or save it as CSV",
            limit / (1024 * 1024)
        ))
    };
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index(i) else { continue };
        declared = declared.saturating_add(entry.size());
        if declared > limit {
            return Err(too_large(
                &entry.name().map(|n| n.into_owned()).unwrap_or_default(),
            ));
        }
    }
    let mut inflated: u64 = 0;
    for i in 0..zip.len() {
        let Ok(mut entry) = zip.by_index(i) else { continue };
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let room = limit - inflated;
        let n = std::io::copy(&mut (&mut entry).take(room + 1), &mut std::io::sink()).unwrap_or(0);
        inflated += n;
        if inflated > limit {
            return Err(too_large(&name));
        }
    }
    Ok(())
}

/// Positions of cells in `sheet` with a formula but no saved result.
fn unsaved_formulas(
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    sheet: &str,
    limit: usize,
) -> std::collections::HashSet<(u32, u32)> {
    let mut out = std::collections::HashSet::new();
    let Ok(mut cells) = workbook.worksheet_cells_reader(sheet) else {
        return out;
    };
    while let Ok(Some(c)) = cells.next_cell_with_formula() {
        if out.len() >= limit {
            break;
        }
        let empty = cell_text(&Data::from(c.value), false).is_empty();
        if empty && c.formula.is_some_and(|f| !f.trim().is_empty()) {
            out.insert(c.pos);
        }
    }
    out
}

/// The bounds a sheet must keep to be read (see [`MAX_CELLS`], [`MAX_AREA`]).
#[derive(Debug, Clone, Copy)]
struct Limits {
    cells: usize,
    area: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            cells: MAX_CELLS,
            area: MAX_AREA,
        }
    }
}

/// The filled cells of a sheet as text, with absolute 0-based positions. Only filled cells
/// are kept, so memory follows the number of values, never the sheet's extent.
struct Grid {
    /// (0-based sheet row, cells as (0-based sheet column, text)), both ascending.
    rows: Vec<(u32, Vec<(u32, String)>)>,
}

/// The rectangle of filled cells seen so far, and the cell that set its widest column.
#[derive(Default)]
struct Extent {
    first_row: u32,
    last_row: u32,
    left: (u32, u32),
    right: (u32, u32),
    cells: usize,
}

impl Extent {
    fn area(&self) -> u64 {
        u64::from(self.last_row - self.first_row + 1) * u64::from(self.right.1 - self.left.1 + 1)
    }
}

impl Grid {
    fn read(
        file: &str,
        sheet: &str,
        workbook: &mut Xlsx<Cursor<&[u8]>>,
        limits: Limits,
    ) -> Result<Grid, Box<Diagnostic>> {
        let cannot = |e: &XlsxError| {
            Box::new(
                Diagnostic::error(
                    "data.xlsx",
                    format!("cannot read sheet \"{sheet}\" of {file}: {e}"),
                )
                .at(Location::file(file))
                .note("open the workbook in Excel and save it again as Excel-arbetsbok (.xlsx)"),
            )
        };
        let mut reader = workbook.worksheet_cells_reader(sheet).map_err(|e| cannot(&e))?;
        let percent: Vec<bool> = reader
            .styles()
            .iter()
            .map(|s| {
                s.number_format
                    .as_ref()
                    .is_some_and(|f| is_percent_format(&f.format_code))
            })
            .collect();
        let mut rows: std::collections::BTreeMap<u32, std::collections::BTreeMap<u32, String>> =
            std::collections::BTreeMap::new();
        let mut extent: Option<Extent> = None;
        while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(|e| cannot(&e))? {
            let (row, col) = cell.get_position();
            let data = Data::from(cell.get_value().clone());
            let text = cell_text(&data, percent.get(style).copied().unwrap_or(false));
            if text.is_empty() {
                continue;
            }
            let e = extent.get_or_insert(Extent {
                first_row: row,
                last_row: row,
                left: (row, col),
                right: (row, col),
                cells: 0,
            });
            let before = (e.first_row, e.last_row, e.left, e.right);
            let widened = col > e.right.1 || col < e.left.1;
            let gap = row > e.last_row.saturating_add(1);
            e.first_row = e.first_row.min(row);
            e.last_row = e.last_row.max(row);
            if col > e.right.1 {
                e.right = (row, col);
            }
            if col < e.left.1 {
                e.left = (row, col);
            }
            e.cells += 1;
            if e.cells > limits.cells {
                return Err(Box::new(too_many_cells(file, sheet, row, col, limits.cells)));
            }
            if e.area() > limits.area {
                // The cell that made the rectangle huge: this one when it opened a new column
                // range or came after a gap of rows, else the one that set the far column.
                let (left, right) = (before.2, before.3);
                let far = if widened || gap {
                    (row, col)
                } else if right.1 - col >= col - left.1 {
                    right
                } else {
                    left
                };
                let table = (before.0, before.1, before.2.1, before.3.1);
                return Err(Box::new(far_cell(file, sheet, far, table, limits.area)));
            }
            rows.entry(row).or_default().insert(col, text);
        }
        Ok(Grid {
            rows: rows
                .into_iter()
                .map(|(r, cells)| (r, cells.into_iter().collect()))
                .collect(),
        })
    }
}

fn too_many_cells(file: &str, sheet: &str, row: u32, col: u32, limit: usize) -> Diagnostic {
    let (line, column) = (row as usize + 1, col as usize + 1);
    Diagnostic::error(
        "data.xlsx-too-large",
        format!("sheet \"{sheet}\" of {file} has more than {limit} filled cells"),
    )
    .at(Location::at(file, line, column))
    .note(format!(
        "reading stopped at cell {}; expected an export of at most {limit} values",
        cell_name(line, column)
    ))
    .note("split the data into several files or save it as CSV")
}

/// A filled cell so far from the others that the sheet's used rectangle exceeds the limit.
fn far_cell(file: &str, sheet: &str, far: (u32, u32), table: (u32, u32, u32, u32), limit: u64) -> Diagnostic {
    let (line, column) = (far.0 as usize + 1, far.1 as usize + 1);
    let (top, bottom, left, right) = table;
    let span = format!(
        "{}:{}",
        cell_name(top as usize + 1, left as usize + 1),
        cell_name(bottom as usize + 1, right as usize + 1)
    );
    Diagnostic::error(
        "data.xlsx-far-cell",
        format!(
            "cell {} of sheet \"{sheet}\" in {file} lies far outside the table ({span})",
            cell_name(line, column)
        ),
    )
    .at(Location::at(file, line, column))
    .note(format!(
        "expected one table, a header row and one row per value, with nothing far beside or below it: the rectangle from the first to the last filled cell would hold more than {} cells",
        crate::diag::group_digits(usize::try_from(limit).unwrap_or(usize::MAX))
    ))
    .note("delete the stray cell (or move it back into the table) and save the workbook")
}

fn read_grid(
    file: &str,
    grid: &Grid,
    columns: &[Column],
    has_formula: &dyn Fn(u32, u32) -> bool,
    diags: &mut Vec<Diagnostic>,
) -> Option<Table> {
    let mut rows = grid.rows.iter();
    let header = rows
        .by_ref()
        .find(|(_, cells)| cells.iter().any(|(_, t)| !t.is_empty()));
    let Some((header_row, header)) = header else {
        diags.push(
            Diagnostic::error("data.empty-file", format!("{file} is empty"))
                .at(Location::file(file))
                .note(format!(
                    "expected a header row with the columns: {}",
                    column_names(columns)
                )),
        );
        return None;
    };
    let header_line = *header_row as usize + 1;
    let fields: Vec<HeaderField> = header
        .iter()
        .map(|(col, name)| {
            let column = *col as usize + 1;
            HeaderField {
                name,
                at: Location::at(file, header_line, column),
                note: Some(format!("in cell {}", cell_name(header_line, column))),
            }
        })
        .collect();
    let missing = format!("the header is row {header_line} (the first non-empty row)");
    let matched = match_header(file, &fields, header_line, columns, false, Some(missing), diags)?;
    // Index into `columns` → sheet column (0-based).
    let index: Vec<Option<u32>> = matched.iter().map(|i| i.map(|i| header[i].0)).collect();
    let mut out = Vec::new();
    for (row, cells) in rows {
        let line = *row as usize + 1;
        let text_at = |col: u32| {
            cells
                .iter()
                .find(|(c, _)| *c == col)
                .map(|(_, t)| t.as_str())
                .unwrap_or("")
        };
        let mut unsaved = false;
        for col in index.iter().flatten() {
            if text_at(*col).is_empty() && has_formula(*row, *col) {
                unsaved = true;
                let column = *col as usize + 1;
                diags.push(
                    Diagnostic::error(
                        "data.xlsx-formula",
                        format!(
                            "cell {} holds a formula without a saved result",
                            cell_name(line, column)
                        ),
                    )
                    .at(Location::at(file, line, column))
                    .note("the file was written by a program that does not calculate formulas; open it in Excel and save it, or paste the values"),
                );
            }
        }
        if unsaved {
            continue;
        }
        if index.iter().flatten().all(|c| text_at(*c).is_empty()) {
            continue;
        }
        let cells = index
            .iter()
            .map(|i| {
                i.map(|col| Cell {
                    text: text_at(col).to_string(),
                    line,
                    column: col as usize + 1,
                })
            })
            .collect();
        out.push(Row { line, cells });
    }
    Some(Table {
        rows: out,
        encoding: "xlsx",
        delimiter: 0,
    })
}

/// The sheet to read: the worksheet named like the file's stem, else the first visible one.
fn choose_sheet(file: &str, sheets: &[calamine::Sheet]) -> Option<String> {
    let stem = std::path::Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("");
    let worksheets: Vec<&calamine::Sheet> = sheets.iter().filter(|s| s.typ == SheetType::WorkSheet).collect();
    let folded = fold(stem);
    worksheets
        .iter()
        .find(|s| fold(&s.name) == folded)
        .or_else(|| worksheets.iter().find(|s| s.visible == SheetVisible::Visible))
        .or_else(|| worksheets.first())
        .map(|s| s.name.clone())
}

fn open_error(file: &str, bytes: &[u8], e: &XlsxError) -> Diagnostic {
    let d = Diagnostic::error("data.xlsx", format!("cannot read {file} as an Excel workbook"))
        .at(Location::file(file));
    if bytes.is_empty() {
        return d.note("the file is empty");
    }
    if matches!(e, XlsxError::Password) {
        return d.note("the workbook is password protected; save a copy without a password");
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return d.note("this is an old Excel 97–2003 file (.xls) or an encrypted workbook; save it as Excel-arbetsbok (.xlsx) or as CSV");
    }
    if !bytes.starts_with(b"PK") {
        let text = bytes
            .iter()
            .take(512)
            .all(|&b| b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r'));
        return if text {
            d.note("the file is text, not a workbook: is it a CSV file named .xlsx? rename it to .csv")
        } else {
            d.note("the file is not an .xlsx workbook (an .xlsx file is a zip archive)")
        };
    }
    d.note(format!("the workbook is damaged or not an Excel file: {e}"))
        .note("open it in Excel and save it again as Excel-arbetsbok (.xlsx)")
}

/// A number format shows percent when it has `%` outside quotes and escapes.
fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' if !quoted => {
                chars.next();
            }
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// The text a cell would have in a CSV export (see the module documentation).
fn cell_text(d: &Data, percent: bool) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) if percent => format!("{} %", shift_decimal(&i.to_string(), 2)),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f, percent),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => {
            let (y, mo, day, h, mi, s, _) = dt.to_ymd_hms_milli();
            if dt.is_duration() || (dt.as_f64() >= 0.0 && dt.as_f64() < 1.0) {
                // A time of day or a duration: hours may exceed 24 for durations.
                let total = (dt.as_f64() * 86_400.0).round() as i64;
                format!("{:02}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60)
            } else if h == 0 && mi == 0 && s == 0 {
                format!("{y:04}-{mo:02}-{day:02}")
            } else {
                format!("{y:04}-{mo:02}-{day:02}T{h:02}:{mi:02}:{s:02}")
            }
        }
        Data::DateTimeIso(s) => s.strip_suffix("T00:00:00").unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

fn float_text(f: f64, percent: bool) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    // `Display` for f64 writes the shortest decimal that parses back to the same value and
    // never uses an exponent.
    let text = if f == 0.0 { "0".to_string() } else { f.to_string() };
    if percent {
        format!("{} %", shift_decimal(&text, 2))
    } else {
        text
    }
}

/// Multiply a plain decimal number written as text by 10^places, exactly, on its digits.
fn shift_decimal(text: &str, places: usize) -> String {
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let mut frac = frac.to_string();
    while frac.len() < places {
        frac.push('0');
    }
    let (moved, rest) = frac.split_at(places);
    let int = format!("{int}{moved}");
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let rest = rest.trim_end_matches('0');
    if rest.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{rest}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

    use crate::formats::table::tests_support::COLS;

    fn text(t: &Table, row: usize, col: usize) -> &str {
        &t.rows[row].cells[col].as_ref().unwrap().text
    }

    #[test]
    fn column_labels() {
        assert_eq!(column_label(1), "A");
        assert_eq!(column_label(3), "C");
        assert_eq!(column_label(26), "Z");
        assert_eq!(column_label(27), "AA");
        assert_eq!(column_label(28), "AB");
        assert_eq!(column_label(702), "ZZ");
        assert_eq!(column_label(703), "AAA");
        assert_eq!(cell_name(5, 3), "C5");
    }

    #[test]
    fn numbers_keep_every_digit_and_never_use_exponents() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.write(0, 0, "indikator").unwrap();
        ws.write(0, 1, "Värde").unwrap();
        let values = [
            100_000.0,
            0.1 + 0.2,
            1e-7,
            123_456_789.123_456_78,
            9_007_199_254_740_993.0,
            1e21,
            -2.5,
            0.0,
            2024.0,
        ];
        for (i, v) in values.iter().enumerate() {
            ws.write(i as u32 + 1, 0, "x").unwrap();
            ws.write(i as u32 + 1, 1, *v).unwrap();
        }
        let bytes = wb.save_to_buffer().unwrap();
        let mut d = Vec::new();
        let t = read("data/x.xlsx", &bytes, COLS, &mut d).unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(text(&t, 0, 1), "100000");
        assert_eq!(text(&t, 1, 1), "0.30000000000000004");
        assert_eq!(text(&t, 2, 1), "0.0000001");
        assert_eq!(text(&t, 6, 1), "-2.5");
        assert_eq!(text(&t, 7, 1), "0");
        assert_eq!(text(&t, 8, 1), "2024");
        for (i, v) in values.iter().enumerate() {
            let s = text(&t, i, 1);
            assert!(!s.contains(['e', 'E']), "{s}");
            match crate::number::parse_cell(s) {
                Ok(crate::number::Cell::Value(back)) => assert_eq!(back, *v, "{s}"),
                // Beyond 2^53 (1e21 here) a value is refused as implausible, never rounded.
                Err(crate::number::NumberError::TooLarge { .. })
                    if v.abs() > crate::number::MAX_EXACT as f64 => {}
                other => panic!("{s}: {other:?}"),
            }
        }
        // Rows and columns are the spreadsheet's.
        assert_eq!(t.rows[0].line, 2);
        assert_eq!(t.rows[0].cells[1].as_ref().unwrap().column, 2);
        assert!(t.rows[0].cells[2].is_none());
    }

    #[test]
    fn dates_percent_and_header_below_title_rows() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        // Rows 1–2 empty: the header is the first non-empty row (row 3), from column B.
        ws.write(2, 1, "Indikator").unwrap();
        ws.write(2, 2, "VARDE").unwrap();
        ws.write(2, 3, "Not").unwrap();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm");
        let pct = Format::new().set_num_format("0.0%");
        let pct_text = Format::new().set_num_format("0\" %\"");
        ws.write(3, 1, "a").unwrap();
        ws.write_datetime_with_format(3, 2, ExcelDateTime::from_ymd(2024, 2, 29).unwrap(), &date)
            .unwrap();
        ws.write(4, 1, "b").unwrap();
        ws.write_with_format(4, 2, 0.853, &pct).unwrap();
        ws.write(5, 1, "c").unwrap();
        ws.write_datetime_with_format(
            5,
            2,
            ExcelDateTime::from_ymd(2023, 12, 31)
                .unwrap()
                .and_hms(14, 30, 0)
                .unwrap(),
            &datetime,
        )
        .unwrap();
        ws.write(6, 1, "d").unwrap();
        ws.write_with_format(6, 2, 1.0, &pct).unwrap();
        ws.write(7, 1, "e").unwrap();
        ws.write_with_format(7, 2, 42.0, &pct_text).unwrap();
        ws.write(8, 1, "f").unwrap();
        ws.write(8, 2, true).unwrap();
        ws.write(8, 3, "  med mellanslag  ").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let mut d = Vec::new();
        let t = read("data/x.xlsx", &bytes, COLS, &mut d).unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(text(&t, 0, 1), "2024-02-29");
        assert_eq!(text(&t, 1, 1), "85.3 %");
        assert_eq!(text(&t, 2, 1), "2023-12-31T14:30:00");
        assert_eq!(text(&t, 3, 1), "100 %");
        // A quoted "%" in the format is decoration, not a percent format.
        assert_eq!(text(&t, 4, 1), "42");
        assert_eq!(text(&t, 5, 1), "TRUE");
        assert_eq!(text(&t, 5, 2), "med mellanslag");
        assert_eq!(t.rows[0].line, 4);
        assert_eq!(t.rows[1].cells[1].as_ref().unwrap().column, 3);
    }

    #[test]
    fn sheet_named_like_the_file_wins_over_the_first() {
        let mut wb = Workbook::new();
        let notes = wb.add_worksheet();
        notes.set_name("Anteckningar").unwrap();
        notes.write(0, 0, "Det här är inte data").unwrap();
        let data = wb.add_worksheet();
        data.set_name("Senior alert").unwrap();
        data.write(0, 0, "indikator").unwrap();
        data.write(0, 1, "värde").unwrap();
        data.write(1, 0, "x").unwrap();
        data.write(1, 1, 7).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let mut d = Vec::new();
        let t = read("data/senior-alert.xlsx", &bytes, COLS, &mut d).unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(text(&t, 0, 1), "7");
        // In another file the first sheet is read, and its header is wrong.
        let mut d = Vec::new();
        assert!(read("data/annat.xlsx", &bytes, COLS, &mut d).is_none());
        assert_eq!(d[0].code, "data.unknown-column");
    }

    #[test]
    fn header_errors_name_row_column_and_cell() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.write(0, 0, "indikator").unwrap();
        ws.write(0, 1, "vrde").unwrap();
        ws.write(0, 2, "indikator").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let mut d = Vec::new();
        assert!(read("data/x.xlsx", &bytes, COLS, &mut d).is_none());
        let codes: Vec<_> = d.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                "data.unknown-column",
                "data.duplicate-column",
                "data.missing-column"
            ]
        );
        assert_eq!(d[0].location.as_deref(), Some(&Location::at("data/x.xlsx", 1, 2)));
        assert!(d[0].notes.iter().any(|n| n.contains("cell B1")), "{:?}", d[0]);
        assert!(d[0].notes.iter().any(|n| n.contains("did you mean \"värde\"")));
        assert!(d[1].notes.iter().any(|n| n.contains("cell C1")));
    }

    #[test]
    fn formula_without_saved_value_is_an_error() {
        // Written by openpyxl (tests/fixtures/registries-xlsx/make_workbooks.py): B3 holds
        // `=B2*2` and no result. (rust_xlsxwriter always saves a result, 0 by default.)
        let bytes = include_bytes!("../../tests/fixtures/registries-xlsx/formula-without-result.xlsx");
        let mut d = Vec::new();
        let t = read("data/x.xlsx", bytes, COLS, &mut d).unwrap();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, "data.xlsx-formula");
        assert!(d[0].message.contains("cell B3"), "{}", d[0].message);
        assert_eq!(d[0].location.as_deref(), Some(&Location::at("data/x.xlsx", 3, 2)));
        // The row with the unsaved formula is left out; the others keep their values.
        assert_eq!(t.rows.len(), 2);
        assert_eq!(text(&t, 0, 1), "5");
        assert_eq!(text(&t, 1, 1), "15");
    }

    #[test]
    fn corrupt_and_non_xlsx_files_give_one_clear_error() {
        for (bytes, note) in [
            (&b"indikator;v\xe4rde\na;1\n"[..], "CSV file named .xlsx"),
            (
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0][..],
                ".xls",
            ),
            (&b"PK\x03\x04garbage that is not a zip"[..], "damaged"),
            (&[][..], "empty"),
            (&[0u8, 1, 2, 3, 200, 201][..], "not an .xlsx workbook"),
        ] {
            let mut d = Vec::new();
            assert!(read("data/x.xlsx", bytes, COLS, &mut d).is_none());
            assert_eq!(d.len(), 1, "{d:?}");
            assert_eq!(d[0].code, "data.xlsx");
            assert!(
                d[0].notes.iter().any(|n| n.contains(note)),
                "{note}: {:?}",
                d[0].notes
            );
        }
        // A truncated real workbook.
        let mut wb = Workbook::new();
        wb.add_worksheet().write(0, 0, "indikator").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let mut d = Vec::new();
        assert!(read("data/x.xlsx", &bytes[..bytes.len() / 2], COLS, &mut d).is_none());
        assert_eq!(d.len(), 1);
    }

    #[test]
    fn empty_sheet_and_blank_rows() {
        let mut wb = Workbook::new();
        wb.add_worksheet();
        let bytes = wb.save_to_buffer().unwrap();
        let mut d = Vec::new();
        assert!(read("data/x.xlsx", &bytes, COLS, &mut d).is_none());
        assert_eq!(d[0].code, "data.empty-file");

        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.write(0, 0, "indikator").unwrap();
        ws.write(0, 1, "värde").unwrap();
        ws.write(3, 0, "a").unwrap();
        ws.write(3, 1, "..").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let mut d = Vec::new();
        let t = read("data/x.xlsx", &bytes, COLS, &mut d).unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].line, 4);
        assert_eq!(text(&t, 0, 1), "..");
    }

    fn header_and_rows(ws: &mut rust_xlsxwriter::Worksheet) {
        ws.write(0, 0, "indikator").unwrap();
        ws.write(0, 1, "värde").unwrap();
        ws.write(1, 0, "a").unwrap();
        ws.write(1, 1, 1).unwrap();
        ws.write(2, 0, "b").unwrap();
        ws.write(2, 1, 2).unwrap();
    }

    /// Issue 10: one stray cell at XFD1048576 made calamine allocate the whole rectangle
    /// (549 755 813 888 bytes) and the process abort.
    #[test]
    fn a_stray_cell_far_from_the_table_is_named_not_allocated() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Personal").unwrap();
        header_and_rows(ws);
        ws.write(1_048_575, 16_383, "x").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let mut d = Vec::new();
        assert!(read("data/personal.xlsx", &bytes, COLS, &mut d).is_none());
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, "data.xlsx-far-cell");
        assert!(d[0].message.contains("cell XFD1048576"), "{}", d[0].message);
        assert!(d[0].message.contains("sheet \"Personal\""), "{}", d[0].message);
        assert!(d[0].message.contains("A1:B3"), "{}", d[0].message);
        assert_eq!(
            d[0].location.as_deref(),
            Some(&Location::at("data/personal.xlsx", 1_048_576, 16_384))
        );
        assert!(
            d[0].notes.iter().any(|n| n.contains("expected one table")),
            "{:?}",
            d[0].notes
        );

        // A far column in the first row is found even when the rows that make the
        // rectangle too large come later.
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.write(0, 16_383, "anteckning").unwrap();
        for r in 1..1300 {
            ws.write(r, 0, "a").unwrap();
        }
        let bytes = wb.save_to_buffer().unwrap();
        let mut d = Vec::new();
        assert!(read("data/x.xlsx", &bytes, COLS, &mut d).is_none());
        assert_eq!(d[0].code, "data.xlsx-far-cell");
        assert!(d[0].message.contains("cell XFD1 "), "{}", d[0].message);
    }

    #[test]
    fn a_note_near_the_table_is_still_ignored() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        header_and_rows(ws);
        ws.write(4999, 25, "anteckning").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let mut d = Vec::new();
        let t = read("data/x.xlsx", &bytes, COLS, &mut d).unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(t.rows.len(), 2);
    }

    #[test]
    fn too_many_cells_are_refused_with_the_cell_reached() {
        let mut wb = Workbook::new();
        header_and_rows(wb.add_worksheet());
        let bytes = wb.save_to_buffer().unwrap();
        let mut workbook = Xlsx::new(Cursor::new(&bytes[..])).unwrap();
        let limits = Limits {
            cells: 5,
            area: MAX_AREA,
        };
        let Err(e) = Grid::read("data/x.xlsx", "Sheet1", &mut workbook, limits) else {
            panic!("read more than the limit");
        };
        assert_eq!(e.code, "data.xlsx-too-large");
        assert!(e.message.contains("more than 5 filled cells"), "{}", e.message);
        assert!(e.notes[0].contains("cell B3"), "{:?}", e.notes);
    }

    /// Issue 10: a 1.5 MB zip bomb took 1.5 GB of memory. Here a part of 300 MB of zeros
    /// packs to about 300 kB and is refused before the workbook is opened.
    #[test]
    fn a_zip_bomb_is_refused_before_it_is_unpacked() {
        use std::io::Write;
        let mut wb = Workbook::new();
        header_and_rows(wb.add_worksheet());
        let good = wb.save_to_buffer().unwrap();
        let mut src = zip::ZipArchive::new(Cursor::new(&good[..])).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..src.len() {
            out.raw_copy_file(src.by_index_raw(i).unwrap()).unwrap();
        }
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(9))
            .large_file(true);
        out.start_file("xl/media/image1.bin", options).unwrap();
        let zeros = vec![0u8; 1024 * 1024];
        for _ in 0..300 {
            out.write_all(&zeros).unwrap();
        }
        let bomb = out.finish().unwrap().into_inner();
        assert!(bomb.len() < 2 * 1024 * 1024, "{}", bomb.len());
        let mut d = Vec::new();
        assert!(read("data/x.xlsx", &bomb, COLS, &mut d).is_none());
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, "data.xlsx-too-large");
        assert!(
            d[0].message.contains("data/x.xlsx unpacks to more than 256 MB"),
            "{}",
            d[0].message
        );
        assert!(d[0].notes[0].contains("xl/media/image1.bin"), "{:?}", d[0].notes);
        // A part that declares less than it holds is measured by unpacking it.
        assert!(check_inflated_size("data/x.xlsx", &bomb, 1024 * 1024).is_err());
        assert!(check_inflated_size("data/x.xlsx", &good, 1024 * 1024).is_ok());
    }

    #[test]
    fn shifting_the_decimal_point_is_exact() {
        assert_eq!(shift_decimal("0.853", 2), "85.3");
        assert_eq!(shift_decimal("1", 2), "100");
        assert_eq!(shift_decimal("0.5", 2), "50");
        assert_eq!(shift_decimal("0.00001", 2), "0.001");
        assert_eq!(shift_decimal("-0.125", 2), "-12.5");
        assert_eq!(shift_decimal("12.3456", 2), "1234.56");
        assert!(is_percent_format("0%"));
        assert!(is_percent_format("0.0 %"));
        assert!(!is_percent_format("0\" %\""));
        assert!(!is_percent_format("0\\%"));
        assert!(!is_percent_format("General"));
    }
}
