//! The pipeline end to end, as a library: `prepare` runs everything up to the Markdown
//! report (used by `check`), `build` goes on to typst and PDF. Nothing here writes files or
//! prints; results and diagnostics are returned as data.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::compute::{self, Engine};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{self, Loaded};
use crate::project::ProjectDir;
use crate::render::{self, document::Document, pdf, world::ReportWorld};
use crate::templates::Templates;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    pub md: bool,
    pub pdf: bool,
    pub typ: bool,
}

pub struct Prepared {
    pub loaded: Loaded,
    /// The trend engine the report was written with: protection, revisions.
    pub engine: Arc<Engine>,
    pub document: Document,
    pub markdown: String,
    /// The tjänsteskrivelse, when berattelse.yaml asks for one.
    pub tjansteskrivelse: Option<render::tjansteskrivelse::Prepared>,
}

pub struct Products {
    pub slug: String,
    pub markdown: String,
    /// The generated typst sources (main, library, body, data) for `--format typ`.
    pub typst: Vec<(String, Vec<u8>)>,
    /// The data the report used (`<slug>.underlag.json`), for the next edition's revisions.
    pub underlag: Vec<u8>,
    pub pdf: Option<Vec<u8>>,
    /// `<slug>-tjansteskrivelse` Markdown and PDF, when configured.
    pub tjansteskrivelse: Option<(String, Option<Vec<u8>>)>,
}

/// Why the report is prepared: `check` enforces the legal checklist, a build of a draft
/// only warns about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Check,
    Build,
}

/// Load, validate and render the report to Markdown.
pub fn prepare(
    project: &ProjectDir,
    year: i32,
    purpose: Purpose,
    diags: &mut Diagnostics,
) -> Option<Prepared> {
    let loaded = load::load(project, diags)?;
    check_year(&loaded, year, diags);
    if diags.has_errors() {
        return None;
    }
    let engine = Arc::new(engine(project, &loaded, year, diags));
    if diags.has_errors() {
        return None;
    }
    let mut templates = match Templates::load(project, engine.clone()) {
        Ok(t) => t,
        Err(ds) => {
            diags.extend(ds);
            return None;
        }
    };
    let mut found = Vec::new();
    let narratives = render::narratives(&loaded, &mut templates, year, &mut found);
    let document = render::document::build(&loaded, &engine, &narratives, &mut found);
    let enforce = purpose == Purpose::Check;
    crate::check::run(
        project,
        &loaded,
        year,
        &narratives,
        &document,
        enforce,
        &mut found,
    );
    diags.extend(found);
    if diags.has_errors() {
        return None;
    }
    let markdown = render::markdown(&templates, &document)
        .map_err(|d| diags.push(d))
        .ok()?;
    let mut found = Vec::new();
    let tjansteskrivelse =
        render::tjansteskrivelse::prepare(project, &loaded, &mut templates, &document.meta, &mut found);
    diags.extend(found);
    if diags.has_errors() {
        return None;
    }
    Some(Prepared {
        loaded,
        engine,
        document,
        markdown,
        tjansteskrivelse,
    })
}

/// The trend engine for the report year, with the previous edition's stored data when found.
fn engine(project: &ProjectDir, loaded: &Loaded, year: i32, diags: &mut Diagnostics) -> Engine {
    let mut found = Vec::new();
    let default = compute::revisions::default_path(year - 1, &render::document::slug(loaded, year - 1));
    let previous = compute::revisions::load_previous(
        project,
        loaded.config.revisions.as_ref(),
        &default,
        year,
        &mut found,
    );
    let engine = Engine::new(
        Arc::new(loaded.model.clone()),
        year,
        loaded.config.privacy.clone(),
        previous,
        &mut found,
    );
    diags.extend(found);
    engine
}

fn check_year(loaded: &Loaded, year: i32, diags: &mut Diagnostics) {
    if !crate::data::keyfigures::YEAR_RANGE.contains(&year) {
        diags.push(Diagnostic::error(
            "cli.bad-year",
            format!("report year {year} is not a plausible year"),
        ));
        return;
    }
    let years = loaded.model.years();
    if let (Some(first), Some(last)) = (years.first(), years.last())
        && !years.contains(&year)
    {
        diags.push(
            Diagnostic::error("data.year-outside", format!("the data has no values for {year}"))
                .note(format!("the data covers {first}–{last}")),
        );
    }
}

/// The PDF's date: `SOURCE_DATE_EPOCH` when set (reproducible-builds convention), else the
/// document date from berattelse.yaml. Never the clock.
pub fn pdf_date(document_date: NaiveDate) -> Result<NaiveDate, Diagnostic> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(s) => s
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
            .map(|t| t.date_naive())
            .ok_or_else(|| {
                Diagnostic::error(
                    "env.source-date-epoch",
                    format!("SOURCE_DATE_EPOCH=\"{s}\" is not a Unix timestamp"),
                )
            }),
        Err(_) => Ok(document_date),
    }
}

pub fn build(project: &ProjectDir, year: i32, formats: Formats, diags: &mut Diagnostics) -> Option<Products> {
    let prepared = prepare(project, year, Purpose::Build, diags)?;
    let Prepared {
        loaded,
        engine,
        document,
        markdown,
        tjansteskrivelse,
    } = prepared;
    let mut found = Vec::new();
    let inputs = render::typst_inputs(&markdown, &document, &mut found);
    check_images(project, &inputs.images, &mut found);
    diags.extend(found);
    if diags.has_errors() {
        return None;
    }
    let generated = vec![
        (render::BODY_FILE.to_string(), inputs.body.clone().into_bytes()),
        (
            render::DATA_FILE.to_string(),
            inputs.data_json.clone().into_bytes(),
        ),
    ];
    let mut typst_files = Vec::new();
    if formats.typ {
        for name in [render::MAIN_FILE, render::LIB_FILE] {
            if let Ok(Some((text, _))) = crate::assets::template(project, name) {
                typst_files.push((name.to_string(), text.into_bytes()));
            }
        }
        typst_files.extend(generated.iter().cloned());
    }
    let mut pdf_bytes = None;
    if formats.pdf {
        let date = match pdf_date(loaded.config.document.date) {
            Ok(d) => d,
            Err(d) => {
                diags.push(d);
                return None;
            }
        };
        let Some(world) = ReportWorld::new(
            project.clone(),
            render::MAIN_FILE,
            generated,
            loaded.config.document.date,
        )
        .map(|w| w.with_fonts(profile_fonts(project, &loaded))) else {
            diags.push(Diagnostic::error(
                "internal.world",
                "cannot set up the typst world",
            ));
            return None;
        };
        let mut found = Vec::new();
        let doc = pdf::compile(&world, &mut found);
        let bytes = doc.and_then(|doc| {
            if found.iter().any(Diagnostic::is_error) {
                return None;
            }
            let settings = pdf::PdfSettings {
                ident: document.meta.slug.clone(),
                timestamp: date,
            };
            pdf::export(&world, &doc, &settings, &mut found)
        });
        diags.extend(found);
        pdf_bytes = Some(bytes?);
    }
    let memo = tjansteskrivelse.map(|memo| {
        let pdf = formats
            .pdf
            .then(|| memo_pdf(project, &loaded, &document, &memo, diags))
            .flatten();
        (memo.markdown, pdf)
    });
    if diags.has_errors() {
        return None;
    }
    Some(Products {
        slug: document.meta.slug.clone(),
        markdown,
        typst: typst_files,
        underlag: compute::revisions::to_json(&compute::revisions::underlag(&engine)),
        pdf: pdf_bytes,
        tjansteskrivelse: memo,
    })
}

/// The graphic profile's font files (already validated when the project was loaded).
fn profile_fonts(project: &ProjectDir, loaded: &Loaded) -> Vec<typst::text::Font> {
    crate::profile::load_fonts(project, loaded.config.profile.as_ref(), &mut Vec::new())
}

/// The tjänsteskrivelse as PDF/A-2a + PDF/UA-1, in the same World as the report.
fn memo_pdf(
    project: &ProjectDir,
    loaded: &Loaded,
    document: &Document,
    memo: &render::tjansteskrivelse::Prepared,
    diags: &mut Diagnostics,
) -> Option<Vec<u8>> {
    let date = pdf_date(loaded.config.document.date)
        .map_err(|d| diags.push(d))
        .ok()?;
    let generated = render::tjansteskrivelse::typst_inputs(&document.meta, memo);
    let Some(world) = ReportWorld::new(
        project.clone(),
        render::tjansteskrivelse::MAIN_FILE,
        generated,
        loaded.config.document.date,
    )
    .map(|w| w.with_fonts(profile_fonts(project, loaded))) else {
        diags.push(Diagnostic::error(
            "internal.world",
            "cannot set up the typst world",
        ));
        return None;
    };
    let mut found = Vec::new();
    let bytes = pdf::compile(&world, &mut found).and_then(|doc| {
        if found.iter().any(Diagnostic::is_error) {
            return None;
        }
        let settings = pdf::PdfSettings {
            ident: format!("{}-{}", document.meta.slug, render::tjansteskrivelse::SUFFIX),
            timestamp: date,
        };
        pdf::export(&world, &doc, &settings, &mut found)
    });
    diags.extend(found);
    bytes
}

fn check_images(project: &ProjectDir, images: &[crate::markdown::typst::Image], diags: &mut Vec<Diagnostic>) {
    for img in images {
        if project.resolve(&img.path).is_none() {
            diags.push(
                Diagnostic::error(
                    "text.image-missing",
                    format!("image \"{}\" is not a file inside the project", img.path),
                )
                .note("image paths are relative to the project folder, e.g. bilder/organisation.png"),
            );
        }
        if img.alt.trim().is_empty() {
            diags.push(
                Diagnostic::error(
                    "text.image-alt",
                    format!("image \"{}\" has no alternative text", img.path),
                )
                .note("write it as ![what the image shows](path): accessible PDFs need alt text"),
            );
        }
    }
}
