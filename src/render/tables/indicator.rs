//! An indicator table computed by compute/table.rs, as Markdown for `tabell()` in a text.

use crate::compute::table::TableData;
use crate::render::markdown::escape::escape_markdown;

/// The table as Markdown, for `tabell()` in a text: a pipe table, then the notes.
pub fn markdown(t: &TableData) -> String {
    let cell = |s: &str| escape_markdown(s).replace('\n', " ");
    let mut out = String::new();
    out.push('|');
    for h in &t.header {
        out.push_str(&format!(" {} |", cell(h)));
    }
    out.push_str("\n|");
    for a in &t.align {
        out.push_str(if *a == "right" { "---:|" } else { "---|" });
    }
    out.push('\n');
    for r in &t.rows {
        out.push('|');
        for c in r {
            out.push_str(&format!(" {} |", cell(c)));
        }
        out.push('\n');
    }
    if !t.notes.is_empty() {
        out.push('\n');
        let notes: Vec<String> = t.notes.iter().map(|n| cell(n)).collect();
        out.push_str(&notes.join("  \n"));
        out.push('\n');
    }
    if !t.sources.is_empty() {
        out.push_str(&format!(
            "\n*Källa: {}*\n",
            cell(&crate::compute::table::sources_text(&t.sources))
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::Engine;
    use crate::compute::table::{Options, build};
    use crate::compute::testing::model;

    #[test]
    fn protected_cells_are_escaped_and_notes_follow_the_table() {
        let m = model(
            "{id: p, name: Personer, unit: antal, persons: true, source: Verksamhetssystemet}",
            &[(2023, Some(3.0)), (2024, Some(40.0))],
        );
        let e = Engine::new(
            std::sync::Arc::new(m),
            2024,
            Default::default(),
            None,
            &mut Vec::new(),
        );
        let options = Options {
            years: vec![2023, 2024],
            change: true,
        };
        let md = markdown(&build(&e, &["p".into()], &options));
        assert!(
            md.starts_with("| Mått | 2023 | 2024 | Förändring |\n|---|---:|---:|---:|\n"),
            "{md}"
        );
        assert!(md.contains("| Personer | \\<5 | 40 | x |"), "{md}");
        assert!(md.contains("\n\n\\<5: färre än 5 personer"), "{md}");
        assert!(md.ends_with("\n*Källa: Verksamhetssystemet*\n"), "{md}");
    }
}
