//! The zip package of the Word document, with fixed timestamps and permissions: the same
//! document gives the same bytes.

use std::io::Write;

use super::{Picture, parts};
use crate::render::document::Meta;
use crate::render::html::Palette;

pub struct Parts<'a> {
    pub meta: &'a Meta,
    pub palette: &'a Palette,
    pub body: &'a str,
    pub footnotes: &'a [String],
    pub media: &'a [(String, Picture)],
    pub links: &'a [String],
    pub ordered_lists: &'a [u64],
}

pub fn pack(p: &Parts<'_>) -> Result<Vec<u8>, String> {
    let media_names: Vec<String> = p.media.iter().map(|(n, _)| n.clone()).collect();
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), parts::content_types().into_bytes()),
        ("_rels/.rels".into(), parts::package_rels().into_bytes()),
        ("docProps/core.xml".into(), parts::core(p.meta).into_bytes()),
        ("docProps/app.xml".into(), parts::app(p.meta).into_bytes()),
        ("word/document.xml".into(), parts::document(p.body).into_bytes()),
        (
            "word/_rels/document.xml.rels".into(),
            parts::document_rels(&media_names, p.links).into_bytes(),
        ),
        (
            "word/styles.xml".into(),
            parts::styles(p.meta, p.palette).into_bytes(),
        ),
        ("word/settings.xml".into(), parts::settings().into_bytes()),
        (
            "word/numbering.xml".into(),
            parts::numbering(p.ordered_lists).into_bytes(),
        ),
        (
            "word/footnotes.xml".into(),
            parts::footnotes(p.footnotes).into_bytes(),
        ),
    ];
    for (name, pic) in p.media {
        files.push((format!("word/media/{name}"), pic.bytes.clone()));
    }
    zip_files(&files)
}

/// A zip of `files` in the order given, every entry dated 1980-01-01 00:00 (the zip epoch) and
/// marked as made on Unix: the zip crate writes the host system into every entry, which would
/// make the Windows binary's documents differ from Linux's by one byte per entry.
pub fn zip_files(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, String> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644)
        .system(zip::System::Unix);
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options)
            .map_err(|e| e.to_string())?;
        zip.write_all(bytes).map_err(|e| e.to_string())?;
    }
    zip.finish()
        .map(std::io::Cursor::into_inner)
        .map_err(|e| e.to_string())
}
