//! typst → PDF: compile the generated sources in our World and export an archival
//! (PDF/A-2a) and accessible (PDF/UA-1) PDF, with typst's diagnostics turned into ours.

use chrono::NaiveDate;
use typst::WorldExt;
use typst::diag::{Severity as TypstSeverity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::diag::{Diagnostic, Location};
use crate::render::typst::world::ReportWorld;

pub struct PdfSettings {
    /// Stable document identifier, so the PDF's /ID does not change between builds.
    pub ident: String,
    /// Creation date written into the PDF (from the document date or SOURCE_DATE_EPOCH).
    pub timestamp: NaiveDate,
}

pub fn compile(world: &ReportWorld, diags: &mut Vec<Diagnostic>) -> Option<PagedDocument> {
    let warned = typst::compile::<PagedDocument>(world);
    for w in &warned.warnings {
        let mut d = convert(world, w);
        // A font we do not embed silently falls back to another; a report must not.
        if w.message.contains("unknown font family") {
            d.severity = crate::diag::Severity::Error;
            d = d.note(format!(
                "embedded fonts: {}",
                crate::load::profile::embedded_families().join(", ")
            ));
        }
        diags.push(d);
    }
    match warned.output {
        Ok(doc) => Some(doc),
        Err(errors) => {
            diags.extend(errors.iter().map(|e| convert(world, e)));
            None
        }
    }
}

/// Compiles, reads the pages (`layout::inspect`) and compiles again, up to three times, with
/// every heading that would stand at the foot of a page moved to the next one. Same input,
/// same passes, same pages. Diagnostics are those of the last compilation.
pub fn compile_flowing(world: &mut ReportWorld, diags: &mut Vec<Diagnostic>) -> Option<PagedDocument> {
    use crate::render::typst::layout;
    let mut found = Vec::new();
    let Some(mut doc) = compile(world, &mut found) else {
        diags.extend(found);
        return None;
    };
    let mut breaks: Vec<usize> = Vec::new();
    for _ in 0..3 {
        let stranded = layout::stranded_headings(&layout::inspect(&doc));
        if stranded.is_empty() || found.iter().any(Diagnostic::is_error) {
            break;
        }
        breaks.extend(stranded);
        breaks.sort_unstable();
        breaks.dedup();
        let json = serde_json::to_vec(&breaks).unwrap_or_else(|_| b"[]".to_vec());
        world.set_generated(layout::BREAKS_FILE, json);
        found.clear();
        match compile(world, &mut found) {
            Some(d) => doc = d,
            None => {
                diags.extend(found);
                return None;
            }
        }
    }
    diags.extend(found);
    Some(doc)
}

pub fn export(
    world: &ReportWorld,
    doc: &PagedDocument,
    settings: &PdfSettings,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<u8>> {
    use chrono::Datelike;
    let standards = match PdfStandards::new(&[PdfStandard::A_2a, PdfStandard::Ua_1]) {
        Ok(s) => s,
        Err(e) => {
            diags.push(Diagnostic::error("internal.pdf-standards", format!("{e:?}")));
            return None;
        }
    };
    let t = settings.timestamp;
    let options = PdfOptions {
        ident: Smart::Custom(settings.ident.clone()),
        timestamp: Datetime::from_ymd_hms(t.year(), t.month() as u8, t.day() as u8, 12, 0, 0)
            .map(Timestamp::new_utc),
        standards,
        ..PdfOptions::default()
    };
    match typst_pdf::pdf(doc, &options) {
        Ok(bytes) => Some(bytes),
        Err(errors) => {
            diags.extend(errors.iter().map(|e| convert(world, e)));
            None
        }
    }
}

fn convert(world: &ReportWorld, d: &SourceDiagnostic) -> Diagnostic {
    let mut out = match d.severity {
        TypstSeverity::Error => Diagnostic::error("typst.error", d.message.to_string()),
        TypstSeverity::Warning => Diagnostic::warning("typst.warning", d.message.to_string()),
    };
    if let Some(id) = d.span.id() {
        let name = world.display_name(id);
        let pos = world.range(d.span).and_then(|range| {
            let source = typst::World::source(world, id).ok()?;
            let lines = source.lines();
            let (line, col) = lines.byte_to_line_column(range.start)?;
            let text = source.text().lines().nth(line)?.to_string();
            Some((line + 1, col + 1, text))
        });
        match pos {
            Some((line, col, text)) => {
                // Project files get their snippet from the renderer; built-in and generated
                // ones are not on disk, so the line is carried in the diagnostic.
                if name.starts_with('<') {
                    let shown: String = text.chars().take(160).collect();
                    out = out.note(format!("{line} | {shown}"));
                }
                out = out.at(Location::at(name, line, col));
            }
            None => out = out.at(Location::file(name)),
        }
    }
    for h in &d.hints {
        out = out.note(typst_hint(&h.v));
    }
    out
}

/// typst's hints speak of its own command line; this tool has no `--root`: the project
/// folder is the root.
fn typst_hint(hint: &str) -> String {
    if hint.contains("--root") {
        "hint: files are read from inside the project folder only; copy the file into it".to_string()
    } else {
        format!("hint: {hint}")
    }
}
