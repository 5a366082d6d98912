//! The report's tables for reuse (`--format xlsx`, `--format csv`): every numbered table and
//! every chart's table of figures, one worksheet (or CSV file) each, taken from the same
//! document model as the PDF. Figures the report prints as numbers ("1 204", "72,5 %",
//! "−3 procentenheter") become numbers with a Swedish number format that shows them the same
//! way; suppressed and missing values ("<5", "x", "..") stay text marks. The caption, the
//! notes and the source are cell text around the table.

use crate::render::markdown::tree::{self, GridTable, Inline, Node};

/// One table as the sheets give it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// "Tabell 3", "Figur 2": the sheet's name.
    pub name: String,
    /// "Tabell 3. Fallrisk …"
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Notes and the source line, as printed under the table.
    pub notes: Vec<String>,
}

/// The tables of the report Markdown, in order: each data block's captioned table.
pub fn collect(markdown: &str) -> Vec<Sheet> {
    let tree = tree::parse(markdown);
    let mut out = Vec::new();
    for node in &tree.nodes {
        if let Node::Block { fallback, .. } = node {
            collect_block(fallback, &mut out);
        }
    }
    out
}

fn collect_block(nodes: &[Node], out: &mut Vec<Sheet>) {
    let mut caption: Option<String> = None;
    let mut current: Option<Sheet> = None;
    for n in nodes {
        match n {
            Node::Paragraph(inl) if caption_text(inl).is_some() => {
                out.extend(current.take());
                caption = caption_text(inl);
            }
            Node::Table(t) => {
                out.extend(current.take());
                if let Some(c) = caption.take() {
                    current = Some(sheet(&c, t));
                }
            }
            Node::Paragraph(inl) => {
                if let Some(s) = current.as_mut() {
                    let text = cell(inl);
                    if !text.trim().is_empty() {
                        s.notes.push(text);
                    }
                }
            }
            _ => {}
        }
    }
    out.extend(current);
}

fn caption_text(inl: &[Inline]) -> Option<String> {
    let [Inline::Strong(c)] = inl else { return None };
    let text = tree::plain(c);
    (text.starts_with("Tabell ") || text.starts_with("Figur ")).then_some(text)
}

fn sheet(caption: &str, t: &GridTable) -> Sheet {
    let name = caption
        .split_once('.')
        .map_or(caption, |(head, _)| head)
        .trim()
        .to_string();
    Sheet {
        name,
        caption: caption.to_string(),
        header: t.head.iter().map(|c| cell(c)).collect(),
        rows: t
            .rows
            .iter()
            .map(|r| r.iter().map(|c| cell(c)).collect())
            .collect(),
        notes: Vec::new(),
    }
}

fn cell(inl: &[Inline]) -> String {
    tree::plain(inl).trim().to_string()
}

/// A figure as printed, read back: its value and the Excel number format that prints it so.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub value: f64,
    pub format: String,
    pub decimals: usize,
}

/// Reads "1 204", "72,5 %", "+3", "−12 %", "4,5 dagar", "−3 procentenheter". `None` for
/// anything else (text, "<5", "x", "..").
pub fn figure(text: &str) -> Option<Figure> {
    let t = text.trim();
    let (sign, rest) = match t.chars().next()? {
        '+' => ('+', &t[1..]),
        '-' => ('-', &t[1..]),
        '\u{2212}' => ('-', &t['\u{2212}'.len_utf8()..]),
        _ => (' ', t),
    };
    let mut digits = String::new();
    let mut grouped = false;
    let mut decimals = 0usize;
    let mut seen_comma = false;
    let mut chars = rest.char_indices().peekable();
    let mut suffix_at = rest.len();
    while let Some((i, c)) = chars.next() {
        match c {
            '0'..='9' => {
                digits.push(c);
                if seen_comma {
                    decimals += 1;
                }
            }
            ',' if !seen_comma && !digits.is_empty() => {
                seen_comma = true;
                digits.push('.');
            }
            ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'
                if !seen_comma && matches!(chars.peek(), Some((_, d)) if d.is_ascii_digit()) =>
            {
                grouped = true;
            }
            _ => {
                suffix_at = i;
                break;
            }
        }
    }
    if digits.is_empty() || digits.ends_with('.') {
        return None;
    }
    let suffix = rest[suffix_at..].trim_matches([' ', '\u{a0}', '\u{202f}']);
    const UNITS: [&str; 14] = [
        "",
        "%",
        "kr",
        "tkr",
        "mkr",
        "dag",
        "dagar",
        "timme",
        "timmar",
        "poäng",
        "procentenhet",
        "procentenheter",
        "per patient",
        "st",
    ];
    if !UNITS.contains(&suffix) {
        return None;
    }
    let magnitude: f64 = digits.parse().ok()?;
    let value = if sign == '-' { -magnitude } else { magnitude };
    let int_digits = digits.split('.').next().map_or(0, str::len);
    let body = {
        let int = if grouped || int_digits > 4 { "#,##0" } else { "0" };
        if decimals > 0 {
            format!("{int}.{}", "0".repeat(decimals))
        } else {
            int.to_string()
        }
    };
    let unit = if suffix.is_empty() {
        String::new()
    } else {
        format!("\" {suffix}\"")
    };
    // [$-41D]: Swedish. A signed figure keeps its "+" and the typographic minus.
    let format = if sign == ' ' {
        format!("[$-41D]{body}{unit}")
    } else {
        format!("[$-41D]\"+\"{body}{unit};\"\u{2212}\"{body}{unit};{body}{unit}")
    };
    Some(Figure {
        value,
        format,
        decimals,
    })
}

/// The workbook: one worksheet per table, the figures as numbers.
pub fn xlsx(sheets: &[Sheet], title: &str, author: &str, date: chrono::NaiveDate) -> Result<Vec<u8>, String> {
    use chrono::Datelike;
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        u16::try_from(date.year()).unwrap_or(2000),
        u8::try_from(date.month()).unwrap_or(1),
        u8::try_from(date.day()).unwrap_or(1),
    )
    .map_err(err)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author(author)
            .set_creation_datetime(&created),
    );
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let mut used = std::collections::BTreeSet::new();
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&s.name, &mut used)).map_err(err)?;
        ws.write_string_with_format(0, 0, &s.caption, &bold)
            .map_err(err)?;
        for (j, h) in s.header.iter().enumerate() {
            ws.write_string_with_format(2, col(j), h, &bold).map_err(err)?;
        }
        let mut r = 3u32;
        for row in &s.rows {
            for (j, c) in row.iter().enumerate() {
                match figure(c).filter(|_| j > 0) {
                    Some(f) => {
                        let fmt = Format::new().set_num_format(&f.format);
                        ws.write_number_with_format(r, col(j), f.value, &fmt)
                            .map_err(err)?;
                    }
                    None => {
                        ws.write_string(r, col(j), c).map_err(err)?;
                    }
                }
            }
            r += 1;
        }
        r += 1;
        for n in &s.notes {
            ws.write_string_with_format(r, 0, n, &wrap).map_err(err)?;
            r += 1;
        }
        let first = s
            .rows
            .iter()
            .filter_map(|row| row.first())
            .chain(s.header.first())
            .map(|c| c.chars().count())
            .max()
            .unwrap_or(10);
        ws.set_column_width(0, (first.clamp(10, 60) + 2) as f64)
            .map_err(err)?;
        for j in 1..s.header.len() {
            ws.set_column_width(col(j), 14).map_err(err)?;
        }
    }
    if sheets.is_empty() {
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "Rapporten har inga tabeller.")
            .map_err(err)?;
    }
    let packed = wb.save_to_buffer().map_err(err)?;
    repack(&packed)
}

/// The workbook's entries, in their order, zipped again by [`zip_files`]: rust_xlsxwriter's
/// zip records the host system, so the same workbook would differ between the Linux and the
/// Windows binary; repacked, the bytes are the same everywhere.
fn repack(packed: &[u8]) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let err = |e: zip::result::ZipError| e.to_string();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(packed)).map_err(err)?;
    let mut files = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(err)?;
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).map_err(|e| e.to_string())?;
        let name = entry.name().map_err(|e| e.to_string())?.into_owned();
        files.push((name, bytes));
    }
    super::docx::package::zip_files(&files)
}

fn col(j: usize) -> u16 {
    u16::try_from(j).unwrap_or(u16::MAX)
}

/// A worksheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique.
fn sheet_name(name: &str, used: &mut std::collections::BTreeSet<String>) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\' | '\''))
        .take(28)
        .collect();
    let clean = if clean.trim().is_empty() {
        "Tabell".to_string()
    } else {
        clean
    };
    let mut candidate = clean.clone();
    let mut n = 2;
    while !used.insert(candidate.to_lowercase()) {
        candidate = format!("{clean} {n}");
        n += 1;
    }
    candidate
}

/// A table as CSV for Swedish spreadsheet programs: `;` between fields, the figures as bare
/// numbers with a decimal comma (no grouping, no unit), suppressed values as their marks,
/// caption first and notes last, UTF-8 with a byte order mark.
pub fn csv(s: &Sheet) -> Result<Vec<u8>, String> {
    let mut w = ::csv::WriterBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    let e = |e: ::csv::Error| e.to_string();
    w.write_record([&s.caption]).map_err(e)?;
    w.write_record(&s.header).map_err(e)?;
    for row in &s.rows {
        let fields: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(j, c)| match figure(c).filter(|_| j > 0) {
                Some(f) => format!("{:.*}", f.decimals, f.value).replace('.', ","),
                None => c.clone(),
            })
            .collect();
        w.write_record(&fields).map_err(e)?;
    }
    for n in &s.notes {
        w.write_record([n]).map_err(e)?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

/// File name part of a sheet: "tabell-3", "figur-2".
pub fn file_stem(s: &Sheet) -> String {
    crate::config::slugify(&s.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_read_back() {
        let f = figure("1\u{a0}204").unwrap();
        assert_eq!(f.value, 1204.0);
        assert_eq!(f.format, "[$-41D]#,##0");
        let f = figure("72,5\u{a0}%").unwrap();
        assert_eq!(f.value, 72.5);
        assert_eq!(f.format, "[$-41D]0.0\" %\"");
        let f = figure("\u{2212}3 procentenheter").unwrap();
        assert_eq!(f.value, -3.0);
        assert!(f.format.starts_with("[$-41D]\"+\"0\" procentenheter\";"));
        assert_eq!(figure("2024").unwrap().format, "[$-41D]0");
        for text in ["<5", "x", "..", "", "Riket", "3 äpplen", "12,", "–"] {
            assert_eq!(figure(text), None, "{text}");
        }
    }

    #[test]
    fn tables_of_blocks_become_sheets() {
        let md = "<!-- berattelse:block tabell-a -->\n\n**Tabell 1. Fall**\n\n| Mått | 2023 | 2024 |\n|---|---:|---:|\n| Fall | 1\u{a0}204 | <5 |\n\nNot: om fall.\n\n*Källa: Egen*\n<!-- berattelse:end -->\n\nText\n";
        let sheets = collect(md);
        assert_eq!(sheets.len(), 1);
        let s = &sheets[0];
        assert_eq!(s.name, "Tabell 1");
        assert_eq!(s.rows[0], vec!["Fall", "1\u{a0}204", "<5"]);
        assert_eq!(s.notes, vec!["Not: om fall.", "Källa: Egen"]);
        let csv = String::from_utf8(csv(s).unwrap()).unwrap();
        assert!(csv.contains("Fall;1204;<5"), "{csv}");
    }

    #[test]
    fn the_workbook_is_the_same_on_every_system() {
        let md = "<!-- berattelse:block tabell-a -->\n\n**Tabell 1. Fall**\n\n| Mått | 2024 |\n|---|---:|\n| Fall | 12 |\n<!-- berattelse:end -->\n";
        let date = chrono::NaiveDate::from_ymd_opt(2025, 2, 18).unwrap();
        let bytes = xlsx(&collect(md), "Titel", "Nämnden", date).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert!(archive.len() > 5);
        for i in 0..archive.len() {
            let entry = archive.by_index(i).unwrap();
            // Not the host's: the Windows binary must write the bytes Linux writes.
            assert_eq!(entry.system(), zip::System::Unix, "{:?}", entry.name());
            assert_eq!(entry.last_modified(), Some(zip::DateTime::default()));
        }
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut used = Default::default();
        assert_eq!(sheet_name("Tabell 1", &mut used), "Tabell 1");
        assert_eq!(sheet_name("Tabell 1", &mut used), "Tabell 1 2");
        assert_eq!(sheet_name("a/b:c", &mut used), "abc");
    }
}
