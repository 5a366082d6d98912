//! Escaping for the three text contexts the report writer produces: typst markup, typst string
//! literals and CommonMark.

/// Appends `text` to `out` so that typst reads every character of it literally in markup mode.
///
/// Every character the typst markup lexer treats specially (typst-syntax 0.15 `Lexer::markup`) is
/// prefixed with a backslash; escaping them everywhere, not only where they would be significant,
/// keeps this context-free. `'` and `"` stay unescaped on purpose: they become smart quotes that
/// `set text(lang: "sv")` localises to ”…” and ’…’. Characters that typst counts as line breaks
/// but CommonMark does not (VT, FF, NEL, LS, PS) become spaces so they cannot form a paragraph
/// break.
pub fn escape_markup(text: &str, out: &mut String) {
    out.reserve(text.len());
    for c in text.chars() {
        match c {
            '\\' | '#' | '$' | '*' | '_' | '@' | '<' | '>' | '`' | '[' | ']' | '~' | '=' | '-' | '+'
            | '/' | '.' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push(' '),
            _ => out.push(c),
        }
    }
}

/// A complete typst string literal (quotes included) whose value is `text`.
///
/// Only `\` and `"` need escaping inside a typst string; markup escapes such as `\*` would be
/// invalid there. Carriage returns are dropped so CRLF sources yield the same strings as LF ones.
pub fn string_literal(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for c in text.chars() {
        match c {
            '\\' => s.push_str("\\\\"),
            '"' => s.push_str("\\\""),
            '\r' => {}
            _ => s.push(c),
        }
    }
    s.push('"');
    s
}

/// Escapes a plain string so that CommonMark renders it literally.
///
/// Used as tera's autoescape function for `.md` templates, so the output stays readable: only
/// characters that can start inline syntax are escaped everywhere; characters that matter only at
/// the start of a line (`+`, `-`, `=`, `1.`, `1)`) are escaped only there, and `&` only where it
/// could start an entity reference. NUL cannot be preserved: CommonMark replaces it with U+FFFD.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        escape_markdown_line(line, &mut out);
    }
    out
}

fn escape_markdown_line(line: &str, out: &mut String) {
    // Line-start rules apply to the first character after indentation.
    let indent_len = line.len() - line.trim_start_matches([' ', '\t']).len();
    let (indent, rest) = line.split_at(indent_len);
    out.push_str(indent);

    // Byte index (in `rest`) of the `.` or `)` that would make `rest` an ordered-list marker.
    // Block syntax at line start only counts when followed by a blank or the line end
    // ("- x", "1. x"), or when the line is nothing but the marker ("---", "==="): escaping
    // only then keeps values such as "1.0" or "-5" readable in the Markdown.
    let blank_after = |i: usize| rest[i + 1..].chars().next().is_none_or(|n| n == ' ' || n == '\t');
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let list_delim = (digits > 0
        && digits <= 9
        && matches!(rest.as_bytes().get(digits), Some(b'.' | b')'))
        && blank_after(digits))
    .then_some(digits);
    let only = |c: char| rest.trim_end().chars().all(|x| x == c || x == ' ');

    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let escape = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' => true,
            '+' | '-' | '=' => i == 0 && (blank_after(0) || only(c)),
            '.' | ')' => list_delim == Some(i),
            // `&amp;`, `&#38;` … would be decoded; a lone `&` (as in "Vård & omsorg") is literal.
            '&' => chars
                .peek()
                .is_some_and(|&(_, n)| n.is_ascii_alphanumeric() || n == '#'),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};

    /// The text pulldown-cmark renders for `markdown`, provided it is exactly one plain paragraph.
    fn rendered_paragraph(markdown: &str) -> Option<String> {
        let mut events = Parser::new_ext(markdown, super::super::parser_options());
        if events.next() != Some(Event::Start(Tag::Paragraph)) {
            return None;
        }
        let mut text = String::new();
        for event in events.by_ref() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::Paragraph) => break,
                _ => return None,
            }
        }
        events.next().is_none().then_some(text)
    }

    #[test]
    fn markup_escapes_every_special_character() {
        let mut s = String::new();
        escape_markup("a#b $c* _@<>`[]~=-+/.:\\ 'q\" å", &mut s);
        assert_eq!(
            s,
            "a\\#b \\$c\\* \\_\\@\\<\\>\\`\\[\\]\\~\\=\\-\\+\\/\\.\\:\\\\ 'q\" å"
        );
    }

    #[test]
    fn markup_neutralises_typst_only_line_breaks() {
        let mut s = String::new();
        escape_markup("a\u{2028}\u{2029}b\u{0B}c", &mut s);
        assert_eq!(s, "a  b c");
    }

    #[test]
    fn string_literal_escapes_backslash_and_quote_only() {
        assert_eq!(string_literal(r#"a\b"c*d"#), r#""a\\b\"c*d""#);
        assert_eq!(string_literal("x\r\ny"), "\"x\ny\"");
        assert_eq!(string_literal(""), "\"\"");
    }

    #[test]
    fn string_literal_parses_as_typst_string() {
        let lit = string_literal("\\ \" # $ \n å");
        let root = typst_syntax::parse_code(&lit);
        assert!(root.errors_and_warnings().0.is_empty(), "{lit}");
        let s = root
            .cast::<typst_syntax::ast::Str>()
            .or_else(|| root.children().find_map(|c| c.cast::<typst_syntax::ast::Str>()));
        assert_eq!(s.map(|s| s.get().to_string()), Some("\\ \" # $ \n å".into()));
    }

    #[test]
    fn markdown_escape_is_readable() {
        assert_eq!(
            escape_markdown("Vård & omsorg, 2022-2024 (ca 5,3 %)."),
            "Vård & omsorg, 2022-2024 (ca 5,3 %)."
        );
        assert_eq!(escape_markdown("- a"), "\\- a");
        assert_eq!(escape_markdown("12. a"), "12\\. a");
        assert_eq!(escape_markdown("3) a"), "3\\) a");
        assert_eq!(escape_markdown("  + a"), "  \\+ a");
        assert_eq!(escape_markdown("a | *b* &amp;"), "a \\| \\*b\\* \\&amp;");
        assert_eq!(escape_markdown("x\n= y"), "x\n\\= y");
    }

    #[test]
    fn markdown_escape_renders_literally() {
        for s in [
            "# rubrik",
            "- punkt",
            "1. ett",
            "1) ett",
            "***",
            "<!-- x -->",
            "<b>fet</b>",
            "[länk](x) ![bild](y)",
            "a  \\",
            "&amp; &#35; &copy",
            "~~struken~~",
            "`kod`",
            "> citat",
            "=",
            "namn@kommun.se https://x.se",
            "[^1]",
        ] {
            assert_eq!(
                rendered_paragraph(&escape_markdown(s)).as_deref(),
                Some(s),
                "{s:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn markdown_escape_round_trips(
            s in "[a-zåäö0-9 \u{a0}\\\\`*_\\[\\]<>#|~!+\\-=.)(&;:/'\"{}^$%@]{1,40}"
        ) {
            let s = s.trim();
            if s.is_empty() {
                return Ok(());
            }
            prop_assert_eq!(rendered_paragraph(&escape_markdown(s)), Some(s.to_owned()));
        }

        #[test]
        fn markdown_escape_round_trips_any_line(s in "[^\n\r\0]{1,40}") {
            let s = s.trim();
            if s.is_empty() {
                return Ok(());
            }
            prop_assert_eq!(rendered_paragraph(&escape_markdown(s)), Some(s.to_owned()));
        }
    }
}
