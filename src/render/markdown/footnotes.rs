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
}
