//! Our typst `World`: serves the generated report body and data, the templates (project
//! override, else built-in), the embedded fonts, and files inside the project folder. No
//! system fonts, no packages, no network, no path outside the project.

use std::collections::HashMap;
use std::sync::Mutex;

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::project::ProjectDir;
use crate::project::assets;

pub struct ReportWorld {
    library: LazyHash<Library>,
    main: FileId,
    project: ProjectDir,
    generated: HashMap<String, Bytes>,
    sources: Mutex<HashMap<FileId, Source>>,
    today: Datetime,
    /// The embedded fonts plus the project's own (graphic profile), when it has any.
    own_fonts: Option<(LazyHash<FontBook>, Vec<Font>)>,
    /// Every file typst read, by path, for writing the sources out (`--format typ`).
    served: Mutex<std::collections::BTreeMap<String, Bytes>>,
}

pub fn file_id(path: &str) -> Option<FileId> {
    Some(RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).ok()?).intern())
}

/// Where a virtual path is served from, for diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Served {
    Generated(String),
    Template(assets::Origin, String),
    Project(String),
}

impl ReportWorld {
    /// `generated` maps virtual paths (`body.typ`, `data.json`) to their contents.
    pub fn new(
        project: ProjectDir,
        main: &str,
        generated: Vec<(String, Vec<u8>)>,
        today: chrono::NaiveDate,
    ) -> Option<Self> {
        use chrono::Datelike;
        Some(ReportWorld {
            // `a11y-extras` gives the layout `pdf.header-cell` (row headers for PDF/UA).
            library: LazyHash::new(
                Library::builder()
                    .with_features([typst::Feature::A11yExtras].into_iter().collect())
                    .build(),
            ),
            main: file_id(main)?,
            project,
            generated: generated.into_iter().map(|(p, b)| (p, Bytes::new(b))).collect(),
            sources: Mutex::new(HashMap::new()),
            today: Datetime::from_ymd(today.year(), today.month() as u8, today.day() as u8)?,
            own_fonts: None,
            served: Mutex::new(std::collections::BTreeMap::new()),
        })
    }

    /// Replaces (or adds) a generated file, for the next compilation. A source typst has
    /// already parsed is edited in place (`Source::replace`), so only the changed part is
    /// parsed again and typst's caches keep what did not change.
    pub fn set_generated(&mut self, path: &str, bytes: Vec<u8>) {
        if self
            .generated
            .get(path)
            .is_some_and(|b| b.as_slice() == bytes.as_slice())
        {
            return;
        }
        let cache = self.sources.get_mut().unwrap_or_else(|e| e.into_inner());
        if let Some(id) = file_id(path) {
            match (cache.get_mut(&id), std::str::from_utf8(&bytes)) {
                (Some(source), Ok(text)) => {
                    source.replace(text);
                }
                _ => {
                    cache.remove(&id);
                }
            }
        }
        self.generated.insert(path.to_string(), Bytes::new(bytes));
    }

    /// Sets the whole set of generated files for the next compilation (a rebuild in a
    /// World kept from the last one): files no longer generated are dropped, the page
    /// breaks of the last compilation (`layout::BREAKS_FILE`) among them.
    pub fn replace_generated(&mut self, generated: Vec<(String, Vec<u8>)>) {
        let gone: Vec<String> = self
            .generated
            .keys()
            .filter(|k| !generated.iter().any(|(p, _)| p == *k))
            .cloned()
            .collect();
        let cache = self.sources.get_mut().unwrap_or_else(|e| e.into_inner());
        for path in gone {
            self.generated.remove(&path);
            if let Some(id) = file_id(&path) {
                cache.remove(&id);
            }
        }
        for (path, bytes) in generated {
            self.set_generated(&path, bytes);
        }
    }

    /// Every file typst has read from this World (templates, generated files, images), by
    /// path, as last read: with the fonts, what the typst CLI needs to compile the document
    /// on its own.
    pub fn served_files(&self) -> Vec<(String, Vec<u8>)> {
        let served = self.served.lock().unwrap_or_else(|e| e.into_inner());
        served.iter().map(|(p, b)| (p.clone(), b.to_vec())).collect()
    }

    /// The fonts typst may use: the embedded ones, then the project's own.
    pub fn fonts(&self) -> &[Font] {
        match &self.own_fonts {
            Some((_, all)) => all,
            None => &crate::load::profile::embedded_fonts().1,
        }
    }

    /// The date the World was set up with (`today()`).
    pub fn date(&self) -> Datetime {
        self.today
    }

    /// Adds the project's font files (graphic profile) after the embedded fonts, which stay
    /// the fallback.
    pub fn with_fonts(mut self, extra: Vec<Font>) -> Self {
        if !extra.is_empty() {
            let all: Vec<Font> = crate::load::profile::embedded_fonts()
                .1
                .iter()
                .cloned()
                .chain(extra)
                .collect();
            self.own_fonts = Some((LazyHash::new(FontBook::from_fonts(&all)), all));
        }
        self
    }

    fn lookup(&self, path: &str) -> FileResult<(Bytes, Served)> {
        if let Some(b) = self.generated.get(path) {
            return Ok((b.clone(), Served::Generated(path.to_string())));
        }
        if path == crate::render::typst::layout::BREAKS_FILE {
            return Ok((Bytes::new(b"[]".to_vec()), Served::Generated(path.to_string())));
        }
        if path.ends_with(".typ") {
            return match assets::template(&self.project, path) {
                Ok(Some((text, origin))) => Ok((
                    Bytes::from_string(text),
                    Served::Template(origin, path.to_string()),
                )),
                Ok(None) => Err(FileError::NotFound(path.into())),
                Err(_) => Err(FileError::AccessDenied),
            };
        }
        match self.project.read_optional(path) {
            Ok(Some(bytes)) => Ok((Bytes::new(bytes), Served::Project(path.to_string()))),
            Ok(None) => Err(FileError::NotFound(path.into())),
            Err(d) if d.code == "project.outside" => Err(FileError::AccessDenied),
            Err(d) => Err(FileError::Other(Some(d.message.into()))),
        }
    }

    /// A readable name for a file in diagnostics.
    pub fn display_name(&self, id: FileId) -> String {
        let path = id.vpath().get_without_slash().to_string();
        match self.lookup(&path) {
            Ok((_, Served::Generated(p))) => format!("<generated>/{p}"),
            Ok((_, Served::Template(assets::Origin::Builtin, p))) => format!("<built-in>/{p}"),
            Ok((_, Served::Template(assets::Origin::Project(p), _))) => p,
            _ => path,
        }
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        match &self.own_fonts {
            Some((book, _)) => book,
            None => &crate::load::profile::embedded_fonts().0,
        }
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if let Ok(cache) = self.sources.lock()
            && let Some(s) = cache.get(&id)
        {
            return Ok(s.clone());
        }
        let bytes = self.file(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        let source = Source::new(id, text.to_string());
        if let Ok(mut cache) = self.sources.lock() {
            cache.insert(id, source.clone());
        }
        Ok(source)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let VirtualRoot::Package(spec) = id.root() {
            // Packages are never downloaded; none are bundled.
            return Err(FileError::Package(PackageError::NotFound(spec.clone())));
        }
        let path = id.vpath().get_without_slash();
        let bytes = self.lookup(path).map(|(b, _)| b)?;
        if let Ok(mut served) = self.served.lock() {
            served.insert(path.to_string(), bytes.clone());
        }
        Ok(bytes)
    }

    fn font(&self, index: usize) -> Option<Font> {
        match &self.own_fonts {
            Some((_, all)) => all.get(index).cloned(),
            None => crate::load::profile::embedded_fonts().1.get(index).cloned(),
        }
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
