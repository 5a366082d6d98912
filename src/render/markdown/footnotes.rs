//! Footnote labels per narrative. All narratives end up in one Markdown document, where
//! CommonMark lets the first definition of a label win: two texts that both write `[^1]`
//! would share one note. Each text's labels therefore get a prefix of their own.

use pulldown_cmark::{Event, Parser, Tag};

/// Rewrites every footnote reference `[^x]` and definition `[^x]:` in `markdown` to
/// `[^<prefix>x]`. Text that only looks like a footnote (in code, undefined) is left alone.
pub fn prefix_labels(markdown: &str, prefix: &str) -> String {
    let mut at = Vec::new();
    for (event, range) in Parser::new_ext(markdown, super::parser_options()).into_offset_iter() {
        let is_note = matches!(
            event,
            Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_))
        );
        // Generated notes (`[^not-<file>-N]`, src/render/templates/functions/notes.rs) are unique per text already.
        if is_note
            && markdown.get(range.start..range.start + 2) == Some("[^")
            && !markdown[range.start + 2..].starts_with("not-")
        {
            at.push(range.start + 2);
        }
    }
    at.sort_unstable();
    at.dedup();
    let mut out = String::with_capacity(markdown.len() + at.len() * prefix.len());
    let mut last = 0;
    for i in at {
        out.push_str(&markdown[last..i]);
        out.push_str(prefix);
        last = i;
    }
    out.push_str(&markdown[last..]);
    out
}

/// Footnote references glued to a numeral (`167[^1] dödsfall` reads as a power) move to the
/// end of their sentence, after its full stop. Table rows and footnote definitions are left
/// as they are.
pub fn detach_from_numbers(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for line in markdown.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with('|') || t.starts_with("[^") {
            out.push_str(line);
        } else {
            out.push_str(&detach_line(line));
        }
    }
    out
}

fn detach_line(line: &str) -> String {
    let mut rest = line;
    let mut out = String::new();
    let mut pending = String::new();
    while !rest.is_empty() {
        let glued = rest.find("[^").filter(|&i| {
            let before = rest[..i].chars().next_back().or_else(|| out.chars().next_back());
            before.is_some_and(|c| c.is_ascii_digit() || c == '%')
        });
        let end = sentence_end(rest);
        match (glued, end) {
            (Some(g), e) if e.is_none_or(|e| g < e) => {
                let close = rest[g..].find(']').map_or(rest.len(), |j| g + j + 1);
                out.push_str(&rest[..g]);
                pending.push_str(&rest[g..close]);
                rest = &rest[close..];
            }
            (_, Some(e)) => {
                out.push_str(&rest[..=e]);
                out.push_str(&std::mem::take(&mut pending));
                rest = &rest[e + 1..];
            }
            (_, None) => {
                let body = rest.trim_end_matches(['\n', '\r']);
                out.push_str(body);
                out.push_str(&std::mem::take(&mut pending));
                out.push_str(&rest[body.len()..]);
                rest = "";
            }
        }
    }
    out
}

/// The byte offset of the next full stop that ends a sentence: followed by a space and a
/// capital letter, a footnote reference, or the end of the line.
fn sentence_end(s: &str) -> Option<usize> {
    s.char_indices().find_map(|(i, c)| {
        if !matches!(c, '.' | '!' | '?') {
            return None;
        }
        let after = &s[i + 1..];
        let next = after.trim_start_matches([' ', '\u{a0}']).chars().next();
        let ends = after.trim_end_matches(['\n', '\r']).is_empty()
            || (after.starts_with(' ') && next.is_some_and(char::is_uppercase));
        ends.then_some(i)
    })
}

#[cfg(test)]
mod tests {
    use super::prefix_labels;

    #[test]
    fn references_and_definitions_are_prefixed() {
        let md = "Text[^1] och[^a] igen[^1].\n\n`[^1]` i kod.\n\n[^1]: Första.\n[^a]: Andra med [^1].\n";
        let out = prefix_labels(md, "s-");
        assert_eq!(
            out,
            "Text[^s-1] och[^s-a] igen[^s-1].\n\n`[^1]` i kod.\n\n[^s-1]: Första.\n[^s-a]: Andra med [^s-1].\n"
        );
        assert_eq!(prefix_labels("Inga fotnoter.", "s-"), "Inga fotnoter.");
    }

    #[test]
    fn two_texts_keep_their_own_notes() {
        let a = prefix_labels("A[^1]\n\n[^1]: Not A.\n", "a-");
        let b = prefix_labels("B[^1]\n\n[^1]: Not B.\n", "b-");
        let out = crate::render::markdown::typst::to_typst(&format!("{a}\n{b}"), &Default::default());
        assert!(out.source.contains("Not A"), "{}", out.source);
        assert!(out.source.contains("Not B"), "{}", out.source);
        assert_eq!(out.source.matches("#footnote[").count(), 2, "{}", out.source);
    }

    #[test]
    fn notes_leave_numerals() {
        assert_eq!(
            super::detach_from_numbers("Under 2024 registrerades 167[^n-1] dödsfall. Resten.\n"),
            "Under 2024 registrerades 167 dödsfall.[^n-1] Resten.\n"
        );
        assert_eq!(
            super::detach_from_numbers("Värdet 42 %[^a]\n"),
            "Värdet 42 %[^a]\n"
        );
        assert_eq!(
            super::detach_from_numbers("| 167[^a] | x |\n"),
            "| 167[^a] | x |\n"
        );
    }
}
