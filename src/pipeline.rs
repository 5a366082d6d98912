//! The pipeline end to end, as a library: `prepare` runs everything up to the Markdown
//! report (used by `check`), `build` goes on to typst and PDF. Nothing here writes files or
//! prints; results and diagnostics are returned as data. `new_year` plans the project for
//! the next report year (`init --from`); `warm` is what `watch` keeps between builds.

pub mod new_year;
pub mod publish;
pub mod warm;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::compute::{self, Engine};
use crate::diag::{Diagnostic, Diagnostics, DiagnosticsExt, Location};
use crate::load::{self, Loaded};
use crate::model::period::Period;
use crate::project::ProjectDir;
use crate::render::templates::Templates;
use crate::render::typst::pdf;
use crate::render::{self, document::Document};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Formats {
    pub md: bool,
    pub pdf: bool,
    pub typ: bool,
    /// The forms for the website, for editing and for the figures (`publish`).
    pub html: bool,
    pub docx: bool,
    pub xlsx: bool,
    pub csv: bool,
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
    /// HTML, Word, the workbook and the CSV tables asked for: (name after the slug, bytes),
    /// e.g. (".html", …), ("-tabell-3.csv", …).
    pub published: Vec<(String, Vec<u8>)>,
}

/// Why the report is prepared: `check` enforces the legal checklist, a build of a draft
/// only warns about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Check,
    Build,
}

/// Load, validate and render the report to Markdown (the first report of the project).
pub fn prepare(
    project: &ProjectDir,
    year: i32,
    purpose: Purpose,
    diags: &mut Diagnostics,
) -> Option<Prepared> {
    prepare_all(project, Period::Year { year }, None, purpose, diags)?
        .into_iter()
        .next()
}

/// Load the project once and prepare every report it builds for `period` (or only the one
/// `only` names, by slug or kind). Reports of yearly kinds are left out for a halvår or
/// tertial. `None` when any report has errors.
pub fn prepare_all(
    project: &ProjectDir,
    period: Period,
    only: Option<&str>,
    purpose: Purpose,
    diags: &mut Diagnostics,
) -> Option<Vec<Prepared>> {
    prepare_all_kept(project, period, only, purpose, &mut load::Kept::default(), diags)
}

/// [`prepare_all`] with the data `kept` from the last load (`watch`).
fn prepare_all_kept(
    project: &ProjectDir,
    period: Period,
    only: Option<&str>,
    purpose: Purpose,
    kept: &mut load::Kept,
    diags: &mut Diagnostics,
) -> Option<Vec<Prepared>> {
    let all = load::load_all_kept(project, kept, diags)?;
    let chosen = select(all, period, only, diags)?;
    let many = chosen.len() > 1;
    let mut out = Vec::new();
    // A finding that concerns the shared data comes from every report: say it once, naming
    // the reports it concerns unless that is all of them.
    let mut found: Vec<(Diagnostic, Vec<String>)> = Vec::new();
    let reports = chosen.len();
    for (i, loaded) in chosen.into_iter().enumerate() {
        let mut own = Diagnostics::new();
        let label = format!("{} {}", loaded.title, period.long_label());
        let own_memo = loaded.config.report.tjansteskrivelse.is_some();
        let mut prepared = prepare_report(project, loaded, period, purpose, &mut own);
        if i > 0
            && !own_memo
            && let Some(p) = prepared.as_mut()
        {
            // The project's tjänsteskrivelse goes with the first report; a report with a
            // `tjansteskrivelse:` of its own (in `reports:`) has its own.
            p.tjansteskrivelse = None;
        }
        for d in own {
            match found.iter_mut().find(|(f, _)| *f == d) {
                Some((_, labels)) => labels.push(label.clone()),
                None => found.push((d, vec![label.clone()])),
            }
        }
        out.extend(prepared);
    }
    for (mut d, labels) in found {
        if many && labels.len() < reports {
            d.notes.push(match labels.as_slice() {
                [one] => format!("in the report \"{one}\""),
                _ => format!("in the reports \"{}\"", labels.join("\", \"")),
            });
        }
        diags.push(d);
    }
    (!diags.has_errors()).then_some(out)
}

/// The reports to build for `period`: those `only` names (slug or kind), of a kind that may
/// cover the period.
fn select(
    all: Vec<Loaded>,
    period: Period,
    only: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<Vec<Loaded>> {
    let describe = |l: &Loaded| {
        format!(
            "{} ({})",
            render::document::slug_for(l, period),
            l.config.report.kind.id()
        )
    };
    let known: Vec<String> = all.iter().map(describe).collect();
    let mut seen = std::collections::BTreeMap::new();
    for l in &all {
        let slug = render::document::slug_for(l, period);
        if let Some(other) = seen.insert(slug.clone(), l.title.clone()) {
            diags.push(
                Diagnostic::error(
                    "config.duplicate-report",
                    format!(
                        "the reports \"{other}\" and \"{}\" would both write {slug}.*",
                        l.title
                    ),
                )
                .at(crate::diag::Location::file(crate::config::FILE_NAME))
                .note("give one of them its own title: or slug:"),
            );
        }
    }
    if diags.has_errors() {
        return None;
    }
    let named: Vec<Loaded> = match only {
        Some(name) => {
            let n = name.trim();
            let hits: Vec<Loaded> = all
                .into_iter()
                .filter(|l| {
                    l.config.report.slug.as_deref() == Some(n)
                        || render::document::slug_for(l, period) == n
                        || l.config.report.kind.id() == n
                })
                .collect();
            if hits.is_empty() {
                diags.push(
                    Diagnostic::error("cli.unknown-report", format!("the project has no report \"{n}\""))
                        .note(format!("its reports (slug and kind): {}", known.join(", "))),
                );
                return None;
            }
            hits
        }
        None => all,
    };
    if period.is_year() {
        return Some(named);
    }
    let (fit, yearly): (Vec<Loaded>, Vec<Loaded>) =
        named.into_iter().partition(|l| !l.config.report.kind.yearly());
    if fit.is_empty() || (only.is_some() && !yearly.is_empty()) {
        let kinds: Vec<&str> = yearly.iter().map(|l| l.config.report.kind.id()).collect();
        diags.push(
            Diagnostic::error(
                "cli.period-kind",
                format!(
                    "{period} is not a calendar year, and a {} covers a whole year",
                    kinds.first().copied().unwrap_or("report")
                ),
            )
            .note(
                "give a year (e.g. 2024), or build a report of kind avvikelserapport for a halvår or tertial",
            ),
        );
        return None;
    }
    Some(fit)
}

/// Validate and render one report (one entry of `reports:`) for `period`.
pub fn prepare_report(
    project: &ProjectDir,
    loaded: Loaded,
    period: Period,
    purpose: Purpose,
    diags: &mut Diagnostics,
) -> Option<Prepared> {
    let year = period.year();
    check_year(&loaded, year, diags);
    check_period(&loaded, period, diags);
    if diags.has_errors() {
        return None;
    }
    let mut engine = engine(project, &loaded, year, diags);
    engine.period = period;
    let engine = Arc::new(engine);
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
    let narratives = render::narratives_for(&loaded, &engine, &mut templates, period, diags);
    let document = render::document::build(&loaded, &engine, &narratives, diags);
    let enforce = purpose == Purpose::Check;
    crate::check::run(project, &loaded, year, &narratives, &document, enforce, diags);
    if diags.has_errors() {
        return None;
    }
    let markdown = render::markdown(&templates, &document)
        .map_err(|d| diags.push(d))
        .ok()?;
    let tjansteskrivelse =
        render::tjansteskrivelse::prepare(project, &loaded, &mut templates, &document.meta, diags);
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

/// A halvår or tertial must have data: the case lists aggregate per period.
fn check_period(loaded: &Loaded, period: Period, diags: &mut Diagnostics) {
    if period.is_year() {
        return;
    }
    let has = loaded
        .model
        .breakdowns
        .iter()
        .any(|o| o.period == period && o.unit.is_none());
    if !has {
        diags.push(
            Diagnostic::error(
                "data.period-outside",
                format!("the data has no values for {}", period.long_label()),
            )
            .note("values for a halvår or tertial come from event files with dates, such as data/avvikelser.csv"),
        );
    }
}

/// The trend engine for the report year, with the previous edition's stored data when found.
fn engine(project: &ProjectDir, loaded: &Loaded, year: i32, diags: &mut Diagnostics) -> Engine {
    let default = compute::revisions::default_path(year - 1, &render::document::slug(loaded, year - 1));
    let previous = crate::load::revisions::load_previous(
        project,
        loaded.config.revisions.as_ref(),
        &default,
        year,
        diags,
    );
    Engine::new(
        Arc::new(loaded.model.clone()),
        year,
        loaded.config.privacy.clone(),
        previous,
        diags,
    )
}

fn check_year(loaded: &Loaded, year: i32, diags: &mut Diagnostics) {
    if !crate::model::observation::YEAR_RANGE.contains(&year) {
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
        // The year after the data's last: a new year started (`init --from`), its rows not
        // yet added. A draft of it still checks and builds, with the year's values missing.
        if year == last + 1 {
            diags.push(
                Diagnostic::warning("data.year-missing", format!("the data has no values for {year} yet"))
                    .note(format!(
                        "the data covers {first}–{last}: add the rows for {year}; until then its values are shown as missing"
                    )),
            );
            return;
        }
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
    build_all(project, Period::Year { year }, None, formats, diags)?
        .into_iter()
        .next()
}

/// Build every report of the project for `period` (or the one `only` names). `None` when
/// any report failed; then nothing should be written.
pub fn build_all(
    project: &ProjectDir,
    period: Period,
    only: Option<&str>,
    formats: Formats,
    diags: &mut Diagnostics,
) -> Option<Vec<Products>> {
    build_all_warm(project, period, only, formats, &mut warm::Warm::new(), diags)
}

/// [`build_all`] in the typst Worlds `warm` kept from the last build (`watch`).
pub fn build_all_warm(
    project: &ProjectDir,
    period: Period,
    only: Option<&str>,
    formats: Formats,
    warm: &mut warm::Warm,
    diags: &mut Diagnostics,
) -> Option<Vec<Products>> {
    let prepared = prepare_all_kept(project, period, only, Purpose::Build, &mut warm.kept, diags)?;
    let mut out = Vec::new();
    for p in prepared {
        out.extend(build_prepared_in(project, p, formats, warm, diags));
    }
    (!diags.has_errors()).then_some(out)
}

/// Typst and PDF for one prepared report.
pub fn build_prepared(
    project: &ProjectDir,
    prepared: Prepared,
    formats: Formats,
    diags: &mut Diagnostics,
) -> Option<Products> {
    build_prepared_in(project, prepared, formats, &mut warm::Warm::new(), diags)
}

fn build_prepared_in(
    project: &ProjectDir,
    prepared: Prepared,
    formats: Formats,
    warm: &mut warm::Warm,
    diags: &mut Diagnostics,
) -> Option<Products> {
    let Prepared {
        loaded,
        engine,
        document,
        markdown,
        tjansteskrivelse,
    } = prepared;
    let inputs = render::typst_inputs(&markdown, &document, diags);
    check_images(project, &inputs.images, &loaded.texts, diags);
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
        for name in [
            render::MAIN_FILE,
            render::LIB_FILE,
            render::GOALS_LIB_FILE,
            render::CHARTS_FILE,
        ] {
            if let Ok(Some((text, _))) = crate::project::assets::template(project, name) {
                typst_files.push((name.to_string(), text.into_bytes()));
            }
        }
        typst_files.extend(generated.iter().cloned());
    }
    let memo_inputs = match &tjansteskrivelse {
        Some(memo) => match render::tjansteskrivelse::typst_inputs(&document.meta, memo) {
            Ok(generated) => Some(generated),
            Err(d) => {
                diags.push(d);
                return None;
            }
        },
        None => None,
    };
    let (pdf_bytes, memo_pdf) = if formats.pdf || formats.typ {
        let date = match pdf_date(loaded.config.document.date) {
            Ok(d) => d,
            Err(d) => {
                diags.push(d);
                return None;
            }
        };
        let slug = &document.meta.slug;
        let mut jobs = vec![Job {
            main: render::MAIN_FILE,
            generated,
            ident: slug.clone(),
            flowing: true,
        }];
        if let Some(generated) = memo_inputs {
            jobs.push(Job {
                main: render::tjansteskrivelse::MAIN_FILE,
                generated,
                ident: format!("{slug}-{}", render::tjansteskrivelse::SUFFIX),
                flowing: false,
            });
        }
        let done = compile_jobs(project, &loaded, slug, jobs, formats, date, warm, diags)?;
        let mut pdfs = Vec::new();
        for job in done {
            typst_files.extend(job.files);
            pdfs.push(job.pdf);
        }
        let mut pdfs = pdfs.into_iter();
        (pdfs.next().flatten(), pdfs.next().flatten())
    } else {
        (None, None)
    };
    let memo = tjansteskrivelse.map(|memo| (memo.markdown, memo_pdf));
    let underlag = compute::revisions::to_json(&compute::revisions::underlag(&engine))
        .map_err(|d| diags.push(d))
        .ok();
    let published = publish::all(
        project,
        &loaded,
        &document,
        &markdown,
        &inputs.images,
        formats,
        diags,
    );
    if diags.has_errors() {
        return None;
    }
    Some(Products {
        slug: document.meta.slug.clone(),
        markdown,
        typst: typst_files,
        underlag: underlag?,
        pdf: pdf_bytes,
        tjansteskrivelse: memo,
        published,
    })
}

/// Everything the typst CLI needs to compile a document on its own, as files of a folder
/// `folder` (the sources typst read and the fonts), for `--format typ`; the build prints the
/// command.
fn standalone(world: &crate::render::typst::world::ReportWorld, folder: &str) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = world
        .served_files()
        .into_iter()
        .map(|(path, bytes)| (format!("{folder}/{path}"), bytes))
        .collect();
    let mut written: Vec<*const u8> = Vec::new();
    for (i, font) in world.fonts().iter().enumerate() {
        let data = font.data();
        if written.contains(&data.as_ptr()) {
            continue;
        }
        written.push(data.as_ptr());
        let ext = if data.starts_with(b"OTTO") { "otf" } else { "ttf" };
        files.push((format!("{folder}/fonts/{i:02}.{ext}"), data.to_vec()));
    }
    files
}

/// The graphic profile's font files (already validated when the project was loaded).
fn profile_fonts(project: &ProjectDir, loaded: &Loaded) -> Vec<typst::text::Font> {
    crate::load::profile::load_fonts(project, loaded.config.profile.as_ref(), &mut Vec::new())
}

/// One typst document of a report: the report itself or its tjänsteskrivelse.
struct Job {
    main: &'static str,
    generated: Vec<(String, Vec<u8>)>,
    /// The PDF's identifier (the file's stem).
    ident: String,
    /// Moved headings that would stand at the foot of a page ([`pdf::compile_flowing`]).
    flowing: bool,
}

/// What a [`Job`] made: the PDF (with `pdf` among the formats) and, with `typ`, the layout
/// and the standalone sources.
struct Done {
    pdf: Option<Vec<u8>>,
    files: Vec<(String, Vec<u8>)>,
}

/// Compile the report and its tjänsteskrivelse, each in its own World (kept in `warm`), side
/// by side on two cores. The results and diagnostics come in the order of `jobs`; `None`
/// when any failed.
#[allow(clippy::too_many_arguments)]
fn compile_jobs(
    project: &ProjectDir,
    loaded: &Loaded,
    slug: &str,
    jobs: Vec<Job>,
    formats: Formats,
    date: NaiveDate,
    warm: &mut warm::Warm,
    diags: &mut Diagnostics,
) -> Option<Vec<Done>> {
    let mut keys = Vec::new();
    for job in &jobs {
        let key = format!("{slug}/{}", job.main);
        let world = warm.world(
            key.clone(),
            project,
            job.main,
            job.generated.clone(),
            loaded.config.document.date,
            || profile_fonts(project, loaded),
        );
        if world.is_none() {
            diags.push(Diagnostic::error(
                "internal.world",
                "cannot set up the typst world",
            ));
            return None;
        }
        keys.push(key);
    }
    let mut worlds = warm.worlds_mut(&keys).into_iter();
    let mut jobs = jobs.into_iter();
    let results: Vec<(Option<Done>, Vec<Diagnostic>)> = match (worlds.next(), worlds.next()) {
        (Some(a), Some(b)) => {
            let (ja, jb) = (jobs.next()?, jobs.next()?);
            let (ra, rb) = rayon::join(
                || compile_job(a, &ja, formats, date),
                || compile_job(b, &jb, formats, date),
            );
            vec![ra, rb]
        }
        (Some(a), None) => vec![compile_job(a, &jobs.next()?, formats, date)],
        _ => return None,
    };
    let mut out = Vec::new();
    for (done, found) in results {
        // As when they were compiled one after the other: a failed report leaves the
        // tjänsteskrivelse unreported.
        diags.extend(found);
        out.push(done?);
    }
    (!diags.has_errors()).then_some(out)
}

/// Compile one document and export it as PDF/A-2a + PDF/UA-1.
fn compile_job(
    world: &mut crate::render::typst::world::ReportWorld,
    job: &Job,
    formats: Formats,
    date: NaiveDate,
) -> (Option<Done>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let doc = if job.flowing {
        pdf::compile_flowing(world, &mut found)
    } else {
        pdf::compile(world, &mut found)
    };
    let mut files = Vec::new();
    if formats.typ {
        // With the typst sources, what typst made of the pages (docs/document.md, "Layout").
        if job.flowing
            && let Some(doc) = &doc
            && let Ok(json) = serde_json::to_vec_pretty(&crate::render::typst::layout::inspect(doc))
        {
            files.push((render::LAYOUT_FILE.to_string(), json));
        }
        files.extend(standalone(world, &format!("{}.typst", job.ident)));
    }
    let Some(doc) = doc else {
        return (None, found);
    };
    if found.iter().any(Diagnostic::is_error) {
        return (None, found);
    }
    let pdf = if formats.pdf {
        let settings = pdf::PdfSettings {
            ident: job.ident.clone(),
            timestamp: date,
        };
        match pdf::export(world, &doc, &settings, &mut found) {
            Some(bytes) => Some(bytes),
            None => return (None, found),
        }
    } else {
        None
    };
    (Some(Done { pdf, files }), found)
}

fn check_images(
    project: &ProjectDir,
    images: &[crate::render::markdown::typst::Image],
    texts: &BTreeMap<String, String>,
    diags: &mut Vec<Diagnostic>,
) {
    for img in images {
        let at = |d: Diagnostic| match image_location(texts, &img.path) {
            Some(location) => d.at(location),
            None => d,
        };
        if project.resolve(&img.path).is_none() {
            diags.push(at(Diagnostic::error(
                "text.image-missing",
                format!("image \"{}\" is not a file inside the project", img.path),
            )
            .note(
                "image paths are relative to the project folder, e.g. bilder/organisation.png",
            )));
        }
        if img.alt.trim().is_empty() {
            diags.push(at(Diagnostic::error(
                "text.image-alt",
                format!("image \"{}\" has no alternative text", img.path),
            )
            .note(
                "write it as ![what the image shows](path): accessible PDFs need alt text",
            )));
        }
    }
}

/// Where a text links the image `dest` (`](dest`), as file:line:column of the path. Images
/// are found in the rendered report, so the text that wrote one is looked up by its link.
fn image_location(texts: &BTreeMap<String, String>, dest: &str) -> Option<Location> {
    let needle = format!("]({dest}");
    texts.iter().find_map(|(file, text)| {
        let at = text.find(&needle)? + 2;
        let before = &text[..at];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Some(Location::at(file.clone(), line, column))
    })
}
