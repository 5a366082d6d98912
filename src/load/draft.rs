//! Texts carried over from last year's project (`berattelse init --from`) are drafts: each
//! starts with a comment line that names the year it came from and a fingerprint of the text
//! as it was carried over. `check` flags the text until it differs from that fingerprint, that
//! is until someone has edited it (check/draft.rs). The line is a template comment and never
//! printed.

const START: &str = "{# utkast från ";
const FINGERPRINT: &str = "kontroll ";

/// `text` (last year's, from the `from_year` report) with the draft line in front. A draft line
/// it already has (carried over twice without an edit) is replaced.
pub fn mark(text: &str, from_year: i32) -> String {
    let body = parse(text).map_or(text, |(_, _, body)| body);
    format!(
        "{START}{from_year}: förra årets text. Uppdatera den för det nya året; `berattelse check` \
         påminner tills texten är ändrad ({FINGERPRINT}{}). Raden syns inte i berättelsen. #}}\n{body}",
        fingerprint(body)
    )
}

/// The year a draft came from, its fingerprint and the text after the draft line.
fn parse(text: &str) -> Option<(i32, &str, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (first, body) = text.split_once('\n').unwrap_or((text, ""));
    let rest = first.strip_prefix(START)?;
    let year = rest.get(..4)?.parse().ok()?;
    let (_, after) = rest.split_once(FINGERPRINT)?;
    let fp = after.get(..16)?;
    fp.bytes()
        .all(|b| b.is_ascii_hexdigit())
        .then_some((year, fp, body))
}

/// Whether a text is a carried-over draft that has not been edited; the year it came from.
pub fn unedited(text: &str) -> Option<i32> {
    let (year, fp, body) = parse(text)?;
    (fingerprint(body) == fp).then_some(year)
}

/// FNV-1a (64 bits) of the text with whitespace runs as one space: line endings and an
/// editor's trailing spaces are not an edit.
fn fingerprint(body: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for word in body.split_whitespace() {
        for b in word.bytes().chain([b' ']) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_is_flagged_until_edited() {
        let text = "Vi arbetade med fall.\r\n\r\n{{ andring(\"avvikelser.fall\") }}\n";
        let draft = mark(text, 2024);
        assert!(draft.starts_with("{# utkast från 2024: "), "{draft}");
        assert!(draft.ends_with(text));
        assert_eq!(unedited(&draft), Some(2024));
        // Line endings and trailing spaces are no edit; a changed word is.
        assert_eq!(
            unedited(&draft.replace("\r\n", "\n").replace("fall.", "fall.  ")),
            Some(2024)
        );
        assert_eq!(unedited(&draft.replace("fall.", "fallprevention.")), None);
        assert_eq!(unedited(text), None);
        // Marked again, the old line is replaced, not stacked.
        let again = mark(&draft, 2025);
        assert!(again.starts_with("{# utkast från 2025: "));
        assert_eq!(again.matches("utkast från").count(), 1);
    }
}
