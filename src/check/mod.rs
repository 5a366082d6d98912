//! What `berattelse check` knows beyond data validation: the legal content requirements of
//! each report kind (`checklist`) and the mistakes coordinators make by hand (`lint`).

pub mod checklist;
pub mod claims;
pub mod draft;
pub mod goals;
pub mod lint;

use std::collections::BTreeMap;

use crate::diag::Diagnostic;
use crate::load::Loaded;
use crate::project::ProjectDir;
use crate::render::document::Document;

/// Run every content check on a prepared report. `narratives` are the rendered texts by file.
/// With `enforce` false (a build), missing legal content is reported as warnings so that a
/// draft still builds; `check` enforces it.
pub fn run(
    project: &ProjectDir,
    loaded: &Loaded,
    year: i32,
    narratives: &BTreeMap<String, String>,
    document: &Document,
    enforce: bool,
    diags: &mut Vec<Diagnostic>,
) {
    let mut legal = Vec::new();
    checklist::check(project, loaded, year, narratives, document, &mut legal);
    if !enforce {
        for d in &mut legal {
            d.severity = crate::diag::Severity::Warning;
        }
    }
    diags.extend(legal);
    lint::placeholders(loaded, diags);
    lint::empty_required(loaded, narratives, diags);
    draft::lint(project, loaded, year, diags);
    lint::stale_texts(project, loaded, year, narratives, diags);
    lint::totals(&loaded.model, diags);
    lint::at_most(&loaded.model, diags);
    let period = crate::model::period::Period::parse(&document.meta.period)
        .unwrap_or(crate::model::period::Period::Year { year });
    claims::check(&loaded.model, &loaded.texts, period, diags);
    goals::follow_up(&loaded.model, year, loaded.config.goals.status_only, diags);
    goals::done_but_target_missed(&loaded.model, year, diags);
}

/// Visible content of rendered narrative Markdown: without HTML comments and whitespace.
pub fn visible_text(markdown: &str) -> String {
    let mut out = String::new();
    let mut rest = markdown;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("-->")
            .map_or("", |end| &rest[start + end + 3..]);
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn comments_are_not_content() {
        assert_eq!(super::visible_text("<!-- skriv här -->\n\n  \n"), "");
        assert_eq!(super::visible_text("a <!-- x --> b\n<!-- y"), "a b");
    }
}
