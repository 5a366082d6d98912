//! The tjänsteskrivelse: the officer's memo that carries the report to the committee
//! agenda. Configured by `tjansteskrivelse:` in berattelse.yaml; written as
//! `<slug>-tjansteskrivelse.md` and `.pdf` beside the report, with the same fonts and
//! graphic profile. Markdown through report-templates/tjansteskrivelse.md, layout through
//! report-templates/tjansteskrivelse.typ, which draws everything from data.json.

use serde::Serialize;
use tera::Context;

use crate::config::memo::{DEFAULT_SUMMARY, Person};
use crate::diag::{Diagnostic, Location};
use crate::format;
use crate::load::Loaded;
use crate::project::ProjectDir;
use crate::render::markdown;
use crate::render::templates::Templates;

use crate::render::document::Meta;

pub const SUFFIX: &str = "tjansteskrivelse";
pub const MAIN_FILE: &str = "tjansteskrivelse.typ";
pub const MD_TEMPLATE: &str = "tjansteskrivelse.md";
pub const SUMMARY_FILE: &str = "sammanfattning.typ";

/// The memo as data, for the Markdown template and for typst.
#[derive(Debug, Clone, Serialize)]
pub struct MemoData {
    pub arende: String,
    pub diarienummer: Option<String>,
    pub date_iso: String,
    pub handlaggare: Person,
    pub beslutande: String,
    /// The att-satser without the leading "att".
    pub forslag: Vec<String>,
    pub beslutsunderlag: Vec<String>,
    pub underskrifter: Vec<Person>,
    pub expedieras_till: Vec<String>,
    pub for_kannedom: Vec<String>,
    /// Rendered Sammanfattning Markdown (for the .md; typst gets it converted).
    pub sammanfattning: String,
}

/// What `build` turns into files.
pub struct Prepared {
    pub data: MemoData,
    pub markdown: String,
}

/// Render the memo's Markdown, if berattelse.yaml has a `tjansteskrivelse:` block.
pub fn prepare(
    project: &ProjectDir,
    loaded: &Loaded,
    templates: &mut Templates,
    meta: &Meta,
    diags: &mut Vec<Diagnostic>,
) -> Option<Prepared> {
    let memo = loaded.config.tjansteskrivelse.as_ref()?;
    let file = crate::config::FILE_NAME;
    let proposals: Vec<String> = memo
        .forslag_till_beslut
        .iter()
        .map(|a| strip_att(a).to_string())
        .filter(|a| !a.is_empty())
        .collect();
    if proposals.is_empty() {
        diags.push(
            Diagnostic::error(
                "tjansteskrivelse.no-proposal",
                "the tjänsteskrivelse has no förslag till beslut",
            )
            .at(Location::file(file))
            .note("write the att-satser under `forslag_till_beslut:`, e.g. \"att godkänna kvalitets- och patientsäkerhetsberättelsen för 2024\""),
        );
    }
    for (what, s) in std::iter::once(("handläggare", &memo.handlaggare.namn))
        .chain(memo.underskrifter.iter().map(|p| ("underskrift", &p.namn)))
    {
        if s.trim().is_empty() {
            diags.push(
                Diagnostic::error(
                    "tjansteskrivelse.empty-name",
                    format!("a {what} of the tjänsteskrivelse has no name"),
                )
                .at(Location::file(file)),
            );
        }
    }
    let summary_file = memo
        .sammanfattning
        .clone()
        .unwrap_or_else(|| DEFAULT_SUMMARY.to_string());
    let summary_text = match crate::load::read_text(project, &summary_file, &loaded.config.limits) {
        Ok(Some(t)) => Some(t),
        Ok(None) if memo.sammanfattning.is_some() => {
            diags.push(
                Diagnostic::error(
                    "tjansteskrivelse.summary-missing",
                    format!("the tjänsteskrivelse's sammanfattning \"{summary_file}\" does not exist"),
                )
                .at(Location::file(file))
                .note("the path is relative to the project folder, e.g. texts/tjansteskrivelse.md"),
            );
            None
        }
        Ok(None) => None,
        Err(d) => {
            diags.push(d);
            None
        }
    };
    let mut ctx = Context::new();
    ctx.insert("year", &meta.year);
    ctx.insert("previous_year", &(meta.year - 1));
    ctx.insert("meta", meta);
    let summary = match summary_text {
        Some(t) => match templates.render_text(&summary_file, &t, &ctx, &loaded.config.limits) {
            Ok(md) => markdown::headings::normalise_headings(&md, 3),
            Err(d) => {
                diags.push(super::draft_error(d, &t));
                String::new()
            }
        },
        None => String::new(),
    };
    let date = memo.datum.unwrap_or(loaded.config.document.date);
    let report = format!("{} {}", meta.title, meta.year);
    let data = MemoData {
        arende: memo.arende.clone().unwrap_or_else(|| report.clone()),
        diarienummer: memo.diarienummer.clone().or_else(|| meta.diarienummer.clone()),
        date_iso: format::date_iso(date),
        handlaggare: memo.handlaggare.clone(),
        beslutande: memo.beslutande.clone().unwrap_or_else(|| meta.namnd.clone()),
        forslag: proposals,
        beslutsunderlag: memo.beslutsunderlag.clone().unwrap_or_else(|| {
            vec![
                format!("Tjänsteskrivelse daterad {}", format::date_iso(date)),
                format!("{report}, daterad {}", meta.date_iso),
            ]
        }),
        underskrifter: memo.underskrifter.clone(),
        expedieras_till: memo.expedieras_till.clone(),
        for_kannedom: memo.for_kannedom.clone(),
        sammanfattning: summary,
    };
    ctx.insert("memo", &data);
    let md = match templates.render(MD_TEMPLATE, &ctx) {
        Ok(md) => md,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    Some(Prepared {
        data,
        markdown: super::tidy_blank_lines(&md),
    })
}

/// "att godkänna …" → "godkänna …"; the layout writes the "att".
fn strip_att(s: &str) -> &str {
    let t = s.trim();
    match t.get(..4) {
        Some(head) if head.eq_ignore_ascii_case("att ") => t[4..].trim_start(),
        _ => t,
    }
}

/// The typst inputs: data.json with the report's meta (profile included) and the memo, and
/// the Sammanfattning converted to typst markup.
pub fn typst_inputs(meta: &Meta, memo: &Prepared) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let summary = markdown::typst::to_typst(
        &memo.data.sammanfattning,
        &markdown::typst::TypstOptions { heading_offset: -1 },
    );
    let data = serde_json::json!({ "meta": meta, "memo": memo.data });
    let data = crate::diag::json_pretty(&data, super::DATA_FILE)?;
    Ok(vec![
        (super::DATA_FILE.to_string(), data.into_bytes()),
        (SUMMARY_FILE.to_string(), summary.source.into_bytes()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn att_is_stripped_once() {
        assert_eq!(strip_att("att godkänna rapporten"), "godkänna rapporten");
        assert_eq!(
            strip_att("  Att lägga den till handlingarna"),
            "lägga den till handlingarna"
        );
        assert_eq!(strip_att("attestera"), "attestera");
        assert_eq!(strip_att("godkänna"), "godkänna");
    }
}
