//! The forms of the report besides Markdown and PDF (`--format html,docx,xlsx,csv`), from the
//! same document and Markdown: the accessible HTML page, the Word document, and the tables as
//! a workbook and as CSV files. Here the images they embed are read from the project and the
//! charts rasterised for Word (resvg, with the report's fonts).

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::load::Loaded;
use crate::project::ProjectDir;
use crate::render::document::Document;
use crate::render::docx::{self, Picture};
use crate::render::markdown::typst::Image;
use crate::render::{html, sheets};

use super::Formats;

/// (name after the slug, bytes) of every form asked for.
pub fn all(
    project: &ProjectDir,
    loaded: &Loaded,
    document: &Document,
    markdown: &str,
    images: &[Image],
    formats: Formats,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    if !(formats.html || formats.docx || formats.xlsx || formats.csv) {
        return out;
    }
    let files = image_files(project, document, images);
    if formats.html {
        out.push((
            ".html".to_string(),
            html::render(document, markdown, &files).into_bytes(),
        ));
    }
    if formats.docx {
        let pictures = Rasteriser::new(project, loaded, files);
        match docx::render(document, markdown, &pictures) {
            Ok(bytes) => out.push((".docx".to_string(), bytes)),
            Err(e) => diags.push(Diagnostic::error(
                "internal.docx",
                format!("cannot write the Word document: {e}"),
            )),
        }
    }
    if formats.xlsx || formats.csv {
        let tables = sheets::collect(markdown);
        if formats.xlsx {
            let meta = &document.meta;
            let title = format!("{} {} – tabeller", meta.title, meta.period_text);
            let author = meta.authors.join("; ");
            match sheets::xlsx(&tables, &title, &author, loaded.config.document.date) {
                Ok(bytes) => out.push((".xlsx".to_string(), bytes)),
                Err(e) => diags.push(Diagnostic::error(
                    "internal.xlsx",
                    format!("cannot write the workbook: {e}"),
                )),
            }
        }
        if formats.csv {
            for t in &tables {
                match sheets::csv(t) {
                    Ok(bytes) => out.push((format!("-{}.csv", sheets::file_stem(t)), bytes)),
                    Err(e) => diags.push(Diagnostic::error(
                        "internal.csv",
                        format!("cannot write {}: {e}", t.name),
                    )),
                }
            }
        }
    }
    out
}

/// The narratives' images and the logo, by their path in the project. Paths were checked
/// with the typst inputs; one that cannot be read is shown as its alt text.
fn image_files(project: &ProjectDir, document: &Document, images: &[Image]) -> html::Images {
    let mut paths: Vec<String> = images.iter().map(|i| i.path.clone()).collect();
    if let Some(logo) = &document.meta.profile.logo {
        paths.push(logo.path.trim_start_matches('/').to_string());
    }
    let mut files = BTreeMap::new();
    for p in paths {
        let key = p.trim_start_matches("./").to_string();
        if files.contains_key(&key) || html::mime(&key).is_none() {
            continue;
        }
        if let Ok(Some(bytes)) = project.read_optional(&key) {
            files.insert(key, bytes);
        }
    }
    files
}

/// Pictures for Word: PNG and JPEG as they are, SVG (the charts, an SVG logo) as PNG.
struct Rasteriser {
    files: html::Images,
    fonts: Arc<resvg::usvg::fontdb::Database>,
}

/// The most pixels a rasterised picture may have (about 4000 × 3000).
const MAX_PIXELS: f32 = 12.0e6;

impl Rasteriser {
    fn new(project: &ProjectDir, loaded: &Loaded, files: html::Images) -> Self {
        let mut db = resvg::usvg::fontdb::Database::new();
        for data in crate::project::assets::font_files() {
            db.load_font_data(data.to_vec());
        }
        for font in crate::load::profile::load_fonts(project, loaded.config.profile.as_ref(), &mut Vec::new())
        {
            db.load_font_data(font.data().to_vec());
        }
        db.set_sans_serif_family("Source Sans 3");
        Rasteriser {
            files,
            fonts: Arc::new(db),
        }
    }

    fn rasterise(&self, svg: &[u8]) -> Option<Picture> {
        let options = resvg::usvg::Options {
            fontdb: self.fonts.clone(),
            ..resvg::usvg::Options::default()
        };
        let tree = resvg::usvg::Tree::from_data(svg, &options).ok()?;
        let size = tree.size();
        let (w, h) = (size.width(), size.height());
        // Twice the size for sharp print, less for a huge drawing.
        let scale = 2.0f32.min((MAX_PIXELS / (w * h).max(1.0)).sqrt());
        let (pw, ph) = ((w * scale).ceil() as u32, (h * scale).ceil() as u32);
        let mut pixmap = resvg::tiny_skia::Pixmap::new(pw.max(1), ph.max(1))?;
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        let bytes = pixmap.encode_png().ok()?;
        Some(Picture {
            bytes,
            png: true,
            width: w.ceil() as u32,
            height: h.ceil() as u32,
        })
    }
}

impl docx::Pictures for Rasteriser {
    fn image(&self, path: &str) -> Option<Picture> {
        let bytes = self.files.get(path.trim_start_matches("./"))?;
        if html::mime(path) == Some("image/svg+xml") {
            return self.rasterise(bytes);
        }
        let (png, width, height) = docx::image_size(bytes)?;
        Some(Picture {
            bytes: bytes.clone(),
            png,
            width,
            height,
        })
    }

    fn svg(&self, svg: &str) -> Option<Picture> {
        self.rasterise(svg.as_bytes())
    }
}
