//! Stage 4: rendering. Narratives and the report through tera to Markdown; the Markdown
//! through our converter to typst markup; the data blocks to JSON for typst.

pub mod blocks;
pub mod chart;
pub mod document;
pub mod docx;
pub mod html;
pub mod markdown;
pub mod profile;
pub mod scope;
pub mod sheets;
pub mod tables;
pub mod templates;
pub mod tjansteskrivelse;
pub mod typst;

use std::collections::BTreeMap;

use tera::Context;

use crate::diag::Diagnostic;
use crate::load::Loaded;
use crate::render::templates::Templates;

use document::Document;

/// Render each narrative text with the data functions, then nest its headings below the
/// heading of its section. Texts see `period` ("2024-H1", for `period=period` in the data
/// functions) and `period_text` ("första halvåret 2024"). Each text is written in the scope
/// of its section (the years its tables show, its chapter's phrase budget).
pub fn narratives_for(
    loaded: &Loaded,
    engine: &crate::compute::Engine,
    templates: &mut Templates,
    period: crate::model::period::Period,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let year = period.year();
    let meta = document::meta_for(loaded, period);
    let mut ctx = Context::new();
    ctx.insert("year", &year);
    ctx.insert("previous_year", &(year - 1));
    ctx.insert("period", &period.to_string());
    ctx.insert("period_text", &period.long_label());
    ctx.insert("meta", &meta);
    let mut out = BTreeMap::new();
    for scope::Placed {
        spec, chapter, level, ..
    } in scope::placed(&loaded.sections)
    {
        let file = spec.text_file();
        let Some(text) = loaded.texts.get(&file) else {
            continue;
        };
        // Chapters are `##` in the report, so a chapter's own headings start at `###`.
        let level = level.saturating_add(2);
        engine.prose.enter(scope::of(engine, chapter, spec));
        let rendered = templates.render_text(&file, text, &ctx, &loaded.config.limits);
        engine.prose.leave();
        match rendered {
            Ok(md) => {
                // Footnote labels are per text: all narratives share one Markdown document.
                let md = markdown::footnotes::prefix_labels(&md, &format!("{}-", spec.id));
                // Typography for the whole text, hand-written parts included (docs/sprak.md).
                let md = markdown::footnotes::detach_from_numbers(&crate::format::no_break_spaces(&md));
                out.insert(file, markdown::headings::normalise_headings(&md, level));
            }
            Err(d) => diags.push(draft_error(d, text)),
        }
    }
    out
}

/// A data expression that fails in last year's text, carried over unedited (`init --from`),
/// most likely waits for the new year's data: a warning, and the draft is left out until then.
pub fn draft_error(d: Diagnostic, text: &str) -> Diagnostic {
    if d.code != "template.error" || crate::load::draft::unedited(text).is_none() {
        return d;
    }
    let mut d = d.note("the text is last year's draft: it is left out of the report until its data is added or the text is edited");
    d.severity = crate::diag::Severity::Warning;
    d
}

pub fn markdown(templates: &Templates, doc: &Document) -> Result<String, Diagnostic> {
    let ctx =
        Context::from_serialize(doc).map_err(|e| Diagnostic::error("internal.context", e.to_string()))?;
    let md = templates.render("report.md", &ctx)?;
    Ok(tidy_blank_lines(&md))
}

/// Templates with loops leave runs of blank lines; Markdown gives them no meaning.
fn tidy_blank_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The generated typst inputs: the converted report body and the data it draws from.
pub struct TypstInputs {
    pub body: String,
    pub data_json: String,
    pub images: Vec<markdown::typst::Image>,
}

pub const BODY_FILE: &str = "body.typ";
pub const DATA_FILE: &str = "data.json";
/// What typst made of the pages (`typst::layout::inspect`), written with `--format typ`.
pub const LAYOUT_FILE: &str = "layout.json";
pub const MAIN_FILE: &str = "report.typ";
pub const LIB_FILE: &str = "berattelse.typ";
/// Goals and grouped tables, imported by berattelse.typ.
pub const GOALS_LIB_FILE: &str = "goals.typ";
/// The chart drawing, imported by berattelse.typ.
pub const CHARTS_FILE: &str = "charts.typ";

pub fn typst_inputs(md: &str, doc: &Document, diags: &mut Vec<Diagnostic>) -> TypstInputs {
    // Markdown `##` chapters become typst level-1 headings.
    let out = markdown::typst::to_typst(md, &markdown::typst::TypstOptions { heading_offset: -1 });
    for id in &out.blocks {
        if !doc.blocks.contains_key(id) {
            diags.push(Diagnostic::error(
                "template.unknown-block",
                format!("report.md refers to data block \"{id}\", which does not exist"),
            ));
        }
    }
    let body = format!("#import \"{LIB_FILE}\": berattelse-block\n\n{}", out.source);
    let data = serde_json::json!({ "meta": doc.meta, "blocks": doc.blocks });
    let data_json = crate::diag::json_pretty(&data, DATA_FILE).unwrap_or_else(|d| {
        diags.push(d);
        String::new()
    });
    TypstInputs {
        body,
        data_json,
        images: out.images,
    }
}
