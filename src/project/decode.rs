//! Text decoding for exports: BOM (UTF-8, UTF-16) wins, then strict UTF-8, then Windows-1252,
//! which is what Swedish Excel writes for "CSV (semikolonavgränsad)".

use encoding_rs::{Encoding, WINDOWS_1252};

/// Text in UTF-16 without a byte-order mark is valid UTF-8 full of NUL bytes, so decoding
/// would take it for text and no header would match. `head` is the start of the file; NUL
/// bytes never occur in a text export.
pub fn utf16_without_bom(file: &str, head: &[u8]) -> Option<crate::diag::Diagnostic> {
    let head = &head[..head.len().min(4096)];
    (Encoding::for_bom(head).is_none() && head.contains(&0)).then(|| {
        crate::diag::Diagnostic::error(
            "data.encoding",
            format!("{file} looks like UTF-16 text without a byte order mark"),
        )
        .at(crate::diag::Location::line(file, 1))
        .note("expected UTF-8 (with or without BOM), UTF-16 with BOM or Windows-1252")
        .note("save it from Excel as \"CSV UTF-8\" or \"CSV (semikolonavgränsad)\"")
    })
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
}
