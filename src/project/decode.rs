//! Text decoding. Exports: BOM (UTF-8, UTF-16) wins, then strict UTF-8, then Windows-1252,
//! which is what Swedish Excel writes for "CSV (semikolonavgränsad)"; a file mixing the two
//! is reported ([`export_problem`]). Files the coordinator writes are UTF-8 (or declare their
//! encoding by a BOM) and are never guessed ([`decode_typed`]).

use encoding_rs::{Encoding, WINDOWS_1252};

use crate::diag::{Diagnostic, Location};

/// Whether the bytes of an export can be text at all: not UTF-16 without a byte order mark
/// (valid UTF-8 full of NUL bytes, so no header would match), and no control character (NUL
/// and the like never occur in a text export; a stray one is reported with its line and
/// column, not as UTF-16). `bytes` may be the whole file or its start. `None` when fine.
///
/// A file mixing UTF-8 and Windows-1252 passes here; [`export_problem`] reports that too.
pub fn utf16_without_bom(file: &str, bytes: &[u8]) -> Option<Diagnostic> {
    if Encoding::for_bom(bytes).is_some() {
        return None;
    }
    if looks_like_utf16(bytes) {
        return Some(
            Diagnostic::error(
                "data.encoding",
                format!("{file} looks like UTF-16 text without a byte order mark"),
            )
            .at(Location::line(file, 1))
            .note("expected UTF-8 (with or without BOM), UTF-16 with BOM or Windows-1252")
            .note("save it from Excel as \"CSV UTF-8\" or \"CSV (semikolonavgränsad)\""),
        );
    }
    let at = bytes
        .iter()
        .position(|&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7F)?;
    let (line, column) = line_column(bytes, at);
    Some(control_character(
        file,
        line,
        column,
        char::from(bytes[at]),
        "data.control-character",
    ))
}

/// Every reason a whole export cannot be decoded faithfully, checked before [`decode`] picks
/// an encoding: those of [`utf16_without_bom`], and a mixed file (mostly UTF-8 with a stray
/// byte that is not, or the other way round), which any one encoding would garble. `None`
/// when the file is clean. A character cut at the end of `bytes` is not a problem.
pub fn export_problem(file: &str, bytes: &[u8]) -> Option<Diagnostic> {
    if Encoding::for_bom(bytes).is_some() {
        return None;
    }
    utf16_without_bom(file, bytes).or_else(|| mixed_encodings(file, bytes))
}

/// UTF-16 without a BOM is valid UTF-8 full of NUL bytes: every other byte of ASCII text.
/// A few stray NULs in a UTF-8 or Windows-1252 file are not UTF-16 (they are reported as
/// control characters instead).
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let pairs = head.len() / 2;
    if pairs == 0 {
        return false;
    }
    let even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    even.max(odd) * 2 >= pairs
}

/// 1-based line and column (in characters, each non-UTF-8 byte one) of byte `at`.
fn line_column(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at];
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, column)
}

fn char_name(c: char) -> String {
    let name = match c {
        '\0' => " (NUL)",
        '\u{7}' => " (BEL)",
        '\u{8}' => " (backspace)",
        '\u{b}' => " (vertical tab)",
        '\u{c}' => " (form feed)",
        '\u{1a}' => " (Ctrl-Z, end of file)",
        '\u{1b}' => " (escape)",
        '\u{7f}' => " (DEL)",
        _ => "",
    };
    format!("U+{:04X}{name}", u32::from(c))
}

fn control_character(file: &str, line: usize, column: usize, c: char, code: &'static str) -> Diagnostic {
    Diagnostic::error(
        code,
        format!(
            "{file} has the control character {} at line {line}, column {column}",
            char_name(c)
        ),
    )
    .at(Location::at(file, line, column))
    .note("expected text: no control characters other than tab and line breaks (they are invisible in most editors and cannot be printed)")
    .note("delete the character; if it cannot be seen, retype the line")
}

/// A file that is neither all UTF-8 nor free of UTF-8: both encodings named, with a line each.
fn mixed_encodings(file: &str, bytes: &[u8]) -> Option<Diagnostic> {
    let mut first_invalid: Option<(usize, u8)> = None;
    let mut first_multibyte: Option<(usize, char)> = None;
    let mut rest = bytes;
    let mut offset = 0;
    loop {
        let (valid, bad) = match std::str::from_utf8(rest) {
            Ok(s) => (s, None),
            Err(e) => (
                std::str::from_utf8(&rest[..e.valid_up_to()]).unwrap_or_default(),
                Some((e.valid_up_to(), e.error_len())),
            ),
        };
        if first_multibyte.is_none()
            && let Some((i, c)) = valid.char_indices().find(|(_, c)| !c.is_ascii())
        {
            first_multibyte = Some((offset + i, c));
        }
        match bad {
            None | Some((_, None)) => break,
            Some((at, Some(n))) => {
                if first_invalid.is_none() {
                    first_invalid = Some((offset + at, rest[at]));
                }
                if first_multibyte.is_some() {
                    break;
                }
                offset += at + n;
                rest = &rest[at + n..];
            }
        }
    }
    let ((bad_at, byte), (utf8_at, c)) = (first_invalid?, first_multibyte?);
    let (line, column) = line_column(bytes, bad_at);
    let (utf8_line, _) = line_column(bytes, utf8_at);
    let as_1252 = WINDOWS_1252.decode_without_bom_handling(&[byte]).0.into_owned();
    Some(
        Diagnostic::error("data.mixed-encoding", format!("{file} mixes two text encodings"))
            .at(Location::at(file, line, column))
            .note(format!(
                "line {utf8_line} has UTF-8 characters, but byte 0x{byte:02X} on line {line} is not UTF-8 (Windows-1252?): \"{c}\" on line {utf8_line} is UTF-8, 0x{byte:02X} would be \"{as_1252}\" in Windows-1252"
            ))
            .note("read as one encoding, the other part would come out garbled; save the whole file in one encoding (in Excel: \"CSV UTF-8\")"),
    )
}

/// Decode a file the coordinator writes (configuration, texts, templates, YAML under data/):
/// UTF-8, or the encoding its byte order mark declares. Anything else is an error naming the
/// first byte that is not UTF-8, never a guess, so one stray byte cannot garble the whole
/// file. Control characters other than tab and line breaks are refused with their place.
pub fn decode_typed(file: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    let text = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        enc.decode_without_bom_handling(&bytes[bom_len..]).0.into_owned()
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(e) => {
                let at = e.valid_up_to();
                let (line, column) = line_column(bytes, at);
                let byte = bytes[at];
                let as_1252 = WINDOWS_1252.decode_without_bom_handling(&[byte]).0.into_owned();
                return Err(Diagnostic::error(
                    "project.encoding",
                    format!("{file} is not UTF-8: byte 0x{byte:02X} at line {line}, column {column}"),
                )
                .at(Location::at(file, line, column))
                .note(format!(
                    "expected UTF-8, as editors save by default; in Windows-1252 (\"ANSI\") the byte is \"{as_1252}\", so the file, or a part pasted into it, was saved in another encoding"
                ))
                .note("save the file as UTF-8 (in Anteckningar: Spara som → Kodning: UTF-8) and check the letters around that place"));
            }
        }
    };
    for (n, line) in text.split('\n').enumerate() {
        if let Some((i, c)) = line
            .chars()
            .enumerate()
            .find(|(_, c)| c.is_control() && !matches!(c, '\t' | '\r'))
        {
            return Err(control_character(
                file,
                n + 1,
                i + 1,
                c,
                "project.control-character",
            ));
        }
    }
    Ok(text)
}

pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded {
            text: s.to_owned(),
            encoding: "UTF-8",
        },
        Err(_) => Decoded {
            text: WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
            encoding: "windows-1252",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_is_recognised() {
        let d = decode(b"v\xe4rde;k\xf6n\n");
        assert_eq!(d.text, "värde;kön\n");
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let d = decode("\u{feff}år".as_bytes());
        assert_eq!(d.text, "år");
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn utf16le_bom() {
        let mut bytes = vec![0xff, 0xfe];
        for u in "år;1".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&bytes).text, "år;1");
    }

    #[test]
    fn a_stray_nul_is_a_control_character_not_utf16() {
        let d = utf16_without_bom("a.csv", b"kpi;v\xe4rde\na;1\nb\0;2\n").unwrap();
        assert_eq!(d.code, "data.control-character");
        assert!(
            d.message.contains("U+0000 (NUL) at line 3, column 2"),
            "{}",
            d.message
        );
        let mut le = Vec::new();
        for u in "kpi;värde\na;1\n".encode_utf16() {
            le.extend(u.to_le_bytes());
        }
        assert_eq!(utf16_without_bom("a.csv", &le).unwrap().code, "data.encoding");
        assert!(utf16_without_bom("a.csv", b"kpi;v\xe4rde\t\r\n").is_none());
    }

    #[test]
    fn a_mixed_export_names_both_lines() {
        let d = export_problem(
            "a.csv",
            "kpi;kön\nx;1\n"
                .as_bytes()
                .iter()
                .chain(b"p\xe5;2\n")
                .copied()
                .collect::<Vec<_>>()
                .as_slice(),
        )
        .unwrap();
        assert_eq!(d.code, "data.mixed-encoding");
        assert_eq!(d.location.as_deref(), Some(&Location::at("a.csv", 3, 2)));
        assert!(
            d.notes[0].starts_with("line 1 has UTF-8 characters, but byte 0xE5 on line 3"),
            "{:?}",
            d.notes
        );
        assert!(d.notes[0].contains("\"å\" in Windows-1252"), "{:?}", d.notes);
        // One encoding throughout is fine, and so is a character cut at the end of a slice.
        assert!(export_problem("a.csv", b"kpi;k\xf6n\nx;\xe5\n").is_none());
        assert!(export_problem("a.csv", "kpi;kön".as_bytes()).is_none());
        assert!(export_problem("a.csv", &"kpi;kön".as_bytes()[..6]).is_none());
    }

    #[test]
    fn typed_files_must_be_utf8_or_declare_their_encoding() {
        let e = decode_typed("t.md", b"# Rubrik\nS\xf6dra\n").unwrap_err();
        assert_eq!(e.code, "project.encoding");
        assert_eq!(e.message, "t.md is not UTF-8: byte 0xF6 at line 2, column 2");
        assert_eq!(e.location.as_deref(), Some(&Location::at("t.md", 2, 2)));
        assert!(e.notes[0].contains("\"ö\""), "{:?}", e.notes);
        assert_eq!(decode_typed("t.md", "\u{feff}Södra".as_bytes()).unwrap(), "Södra");
        let mut be = vec![0xFE, 0xFF];
        be.extend("Södra".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode_typed("t.md", &be).unwrap(), "Södra");
        let e = decode_typed("t.md", "ett\ntv\u{7}å\u{85}".as_bytes()).unwrap_err();
        assert_eq!(e.code, "project.control-character");
        assert!(
            e.message.contains("U+0007 (BEL) at line 2, column 3"),
            "{}",
            e.message
        );
        assert!(decode_typed("t.md", "a\tb\r\nc".as_bytes()).is_ok());
    }
}
