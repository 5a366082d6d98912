//! A project folder on disk, and the only way the tool reads from it: every path is
//! resolved inside the project root, so neither `..`, absolute paths nor symlinks can
//! lead a template, a text or typst outside it.

pub mod assets;
pub mod decode;
pub mod files;
pub mod output;
pub mod scaffold;

use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostic, Location};

/// The file that makes a folder a project: `berattelse.yaml`.
pub const CONFIG_FILE: &str = "berattelse.yaml";

/// [`Path::canonicalize`] without Windows' verbatim prefix: `\\?\C:\Users\Åsa` becomes
/// `C:\Users\Åsa` (and `\\?\UNC\server\share` becomes `\\server\share`), so that paths read
/// as the coordinator knows them and compare equal however they were reached. std adds the
/// prefix back itself where a long path needs it. Elsewhere this is `canonicalize`.
pub fn canonical(path: &Path) -> std::io::Result<PathBuf> {
    let real = path.canonicalize()?;
    Ok(without_verbatim_prefix(real))
}

fn without_verbatim_prefix(path: PathBuf) -> PathBuf {
    let Some(text) = path.to_str() else {
        return path;
    };
    if let Some(rest) = text.strip_prefix(r"\\?\UNC\") {
        return PathBuf::from(format!(r"\\{rest}"));
    }
    match text.strip_prefix(r"\\?\") {
        Some(rest) if rest.as_bytes().get(1) == Some(&b':') => PathBuf::from(rest),
        _ => path,
    }
}

#[derive(Debug, Clone)]
pub struct ProjectDir {
    root: PathBuf,
    /// Where to look for the previous edition's stored data outside the project (`--out`,
    /// `--previous`); see [`PreviousEdition`].
    previous: Option<PreviousEdition>,
}

/// Where the previous edition's outputs are, when not in the project's own `out/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreviousEdition {
    /// `--out DIR`: the previous edition was built with the same `--out`, so its outputs are in
    /// `DIR/<year − 1>/` (or next to DIR, when DIR is itself a year's folder).
    Out(PathBuf),
    /// `--previous DIR`: the previous edition's output folder (or its `.underlag.json`).
    Given(PathBuf),
}

impl ProjectDir {
    pub fn open(dir: &Path) -> Result<ProjectDir, Diagnostic> {
        let root = canonical(dir).map_err(|e| {
            Diagnostic::error(
                "project.not-found",
                format!("cannot open project folder {}: {e}", dir.display()),
            )
        })?;
        if !root.join(CONFIG_FILE).is_file() {
            return Err(Diagnostic::error(
                "project.no-config",
                format!("{} has no {}", dir.display(), CONFIG_FILE),
            )
            .note("run `berattelse init` to create a project, or pass --project DIR"));
        }
        Ok(ProjectDir { root, previous: None })
    }

    /// The project, with the previous edition looked for in `previous` as well.
    pub fn with_previous(mut self, previous: Option<PreviousEdition>) -> ProjectDir {
        self.previous = previous;
        self
    }

    pub fn previous_edition(&self) -> Option<&PreviousEdition> {
        self.previous.as_ref()
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Resolve a project-relative path. `None` if it is absolute, has `..`, or leads
    /// (through a symlink) outside the project.
    pub fn resolve(&self, rel: &str) -> Option<PathBuf> {
        let rel_path = Path::new(rel);
        if rel.contains('\\')
            || rel_path
                .components()
                .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
        {
            return None;
        }
        let real = canonical(&self.root.join(rel_path)).ok()?;
        real.starts_with(&self.root).then_some(real)
    }

    /// Whether something is at this project path (a file, a folder, a FIFO, a symlink even
    /// if it dangles): a source whose name is taken is not absent, and reading it says why.
    pub fn is_present(&self, rel: &str) -> bool {
        std::fs::symlink_metadata(self.root.join(rel)).is_ok()
    }

    /// The real path of a project file to read, `Ok(None)` if nothing is there. Only a
    /// regular file passes: a dangling symlink, a FIFO, a socket, a device or a folder is an
    /// error naming what it is, checked before anything is opened (a FIFO would block).
    pub fn regular_file(&self, rel: &str) -> Result<Option<PathBuf>, Diagnostic> {
        let joined = self.root.join(rel);
        let Ok(link) = std::fs::symlink_metadata(&joined) else {
            return Ok(None);
        };
        let target = match std::fs::metadata(&joined) {
            Ok(m) => m,
            Err(e) if link.file_type().is_symlink() && e.kind() == std::io::ErrorKind::NotFound => {
                let to = std::fs::read_link(&joined)
                    .map(|t| format!(" (to {})", t.display()))
                    .unwrap_or_default();
                return Err(Diagnostic::error(
                    "project.dangling-symlink",
                    format!("{rel} is a symlink to nothing{to}"),
                )
                .at(Location::file(rel))
                .note("expected a regular file: fix or remove the link"));
            }
            Err(e) => {
                return Err(
                    Diagnostic::error("project.read", format!("cannot read {rel}: {e}"))
                        .at(Location::file(rel)),
                );
            }
        };
        let Some(path) = self.resolve(rel) else {
            return Err(Diagnostic::error(
                "project.outside",
                format!("{rel} leads outside the project folder"),
            )
            .at(Location::file(rel))
            .note("files are only read from inside the project; symlinks may not point out of it"));
        };
        if !target.is_file() {
            return Err(not_a_file(rel, &target.file_type()));
        }
        Ok(Some(path))
    }

    /// Open a project file for reading, or `Ok(None)` if it does not exist; see
    /// [`ProjectDir::regular_file`] for what is refused.
    pub fn open_optional(&self, rel: &str) -> Result<Option<std::fs::File>, Diagnostic> {
        let Some(path) = self.regular_file(rel)? else {
            return Ok(None);
        };
        let read_error = |e: std::io::Error| {
            Diagnostic::error("project.read", format!("cannot read {rel}: {e}")).at(Location::file(rel))
        };
        let file = open_no_block(&path).map_err(read_error)?;
        // Swapped for something else between the check and the open?
        let kind = file.metadata().map_err(read_error)?.file_type();
        if !kind.is_file() {
            return Err(not_a_file(rel, &kind));
        }
        Ok(Some(file))
    }

    /// Read a project file, or `Ok(None)` if it does not exist.
    pub fn read_optional(&self, rel: &str) -> Result<Option<Vec<u8>>, Diagnostic> {
        let Some(mut file) = self.open_optional(rel)? else {
            return Ok(None);
        };
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut bytes).map_err(|e| {
            Diagnostic::error("project.read", format!("cannot read {rel}: {e}")).at(Location::file(rel))
        })?;
        Ok(Some(bytes))
    }

    /// Read a typed file (config, catalogue, template, mapping) as text, or `Ok(None)` if it
    /// does not exist; larger than [`MAX_TYPED_FILE`] is an error. Texts have their own,
    /// configurable limit: [`ProjectDir::read_text_limited`].
    pub fn read_text_optional(&self, rel: &str) -> Result<Option<String>, Diagnostic> {
        self.read_text_limited(rel, MAX_TYPED_FILE, "limit for files written by hand")
    }

    /// Read a typed file as text if it is at most `limit` bytes, checked before it is read:
    /// a larger one is an error naming the file, its size and the limit (`what` says which).
    pub fn read_text_limited(&self, rel: &str, limit: u64, what: &str) -> Result<Option<String>, Diagnostic> {
        let Some(mut file) = self.open_optional(rel)? else {
            return Ok(None);
        };
        let read_error = |e: std::io::Error| {
            Diagnostic::error("project.read", format!("cannot read {rel}: {e}")).at(Location::file(rel))
        };
        let size = file.metadata().map_err(read_error)?.len();
        let too_large = |size: u64| {
            Diagnostic::error(
                "project.too-large",
                format!(
                    "{rel} is {}, above the {what} of {}",
                    byte_size(size),
                    byte_size(limit)
                ),
            )
            .at(Location::file(rel))
        };
        if size > limit {
            return Err(too_large(size));
        }
        // Read no more than the limit allows, should the file grow meanwhile.
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(&mut file, limit + 1), &mut bytes)
            .map_err(read_error)?;
        if bytes.len() as u64 > limit {
            return Err(too_large(bytes.len() as u64));
        }
        crate::project::decode::decode_typed(rel, &bytes).map(Some)
    }

    /// Files directly in a project subfolder, sorted, as project-relative paths.
    pub fn list(&self, dir: &str) -> Vec<String> {
        let Some(path) = self.resolve(dir) else {
            return Vec::new();
        };
        let Ok(entries) = std::fs::read_dir(path) else {
            return Vec::new();
        };
        let mut files: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|e| {
                e.file_type()
                    .map(|t| t.is_file() || t.is_symlink())
                    .unwrap_or(false)
            })
            .filter_map(|e| e.file_name().to_str().map(|n| format!("{dir}/{n}")))
            .collect();
        files.sort();
        files
    }

    /// Every regular file of the project, sorted, as project-relative paths with `/`. Hidden
    /// entries (`.git`, an output's staging folder) and symlinks that lead outside the
    /// project are left out.
    pub fn walk(&self) -> Vec<String> {
        let mut found = Vec::new();
        let mut dirs = vec![String::new()];
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(self.root.join(&dir)) else {
                continue;
            };
            for entry in entries.filter_map(Result::ok) {
                let Some(name) = entry.file_name().to_str().map(str::to_string) else {
                    continue;
                };
                if name.starts_with('.') {
                    continue;
                }
                let rel = if dir.is_empty() {
                    name
                } else {
                    format!("{dir}/{name}")
                };
                let Some(real) = self.resolve(&rel) else {
                    continue;
                };
                if real.is_dir() {
                    // A linked folder could lead back up into itself: only real folders.
                    if !entry.file_type().is_ok_and(|t| t.is_symlink()) {
                        dirs.push(rel);
                    }
                } else if real.is_file() {
                    found.push(rel);
                }
            }
        }
        found.sort();
        found
    }

    /// The path a write to `rel` goes to: inside the project, its parent folder existing (or
    /// to be created inside the project) and not a symlink out of it.
    fn write_target(&self, rel: &str) -> Result<PathBuf, Diagnostic> {
        let bad = || {
            Diagnostic::error(
                "project.path",
                format!("cannot write {rel}: not a path inside the project"),
            )
        };
        let rel_path = Path::new(rel);
        if rel.is_empty()
            || rel.contains('\\')
            || !rel_path.components().all(|c| matches!(c, Component::Normal(_)))
        {
            return Err(bad());
        }
        let mut existing = self.root.clone();
        for c in rel_path.parent().into_iter().flat_map(Path::components) {
            existing.push(c);
            if let Ok(real) = canonical(&existing)
                && !real.starts_with(&self.root)
            {
                return Err(bad());
            }
        }
        Ok(self.root.join(rel_path))
    }

    /// Replace the files of the project folder `rel` (e.g. `data/kolada`) as one set: a reader
    /// sees the old set or the new one, and a failure leaves the old one (`output::write_set`).
    pub fn write_folder(&self, rel: &str, files: &[(String, Vec<u8>)]) -> Result<(), Diagnostic> {
        let dir = self.write_target(rel)?;
        output::write_set(&dir, files, &output::Options::from_env())
            .map(|_| ())
            .map_err(|e| Diagnostic::error("output.write", format!("cannot write {rel}/: {e}")))
    }

    /// Write one file of the project atomically: a temporary file beside it, synced, then
    /// renamed over it.
    pub fn write_file(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        use std::io::Write;
        let path = self.write_target(rel)?;
        let err = |e: std::io::Error| Diagnostic::error("output.write", format!("cannot write {rel}: {e}"));
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
        let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
        let result = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            std::fs::rename(&tmp, &path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result.map_err(err)
    }
}

/// The largest typed file (config, catalogue, template, mapping) read: 16 MiB, far beyond
/// anything written by hand, so that a stray huge file is an error and not a memory spike.
pub const MAX_TYPED_FILE: u64 = 16 * 1024 * 1024;

/// A size in bytes for messages: "3 145 728 bytes (3.0 MiB)".
pub fn byte_size(n: u64) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    if n >= 1024 * 1024 {
        format!("{grouped} bytes ({:.1} MiB)", n as f64 / (1024.0 * 1024.0))
    } else if n >= 1024 {
        format!("{grouped} bytes ({:.0} KiB)", n as f64 / 1024.0)
    } else {
        format!("{grouped} bytes")
    }
}

/// What a path that is not a regular file is, in words.
fn kind_name(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

fn not_a_file(rel: &str, kind: &std::fs::FileType) -> Diagnostic {
    Diagnostic::error("project.not-a-file", format!("{rel} is {}", kind_name(kind)))
        .at(Location::file(rel))
        .note("expected a regular file: export the data to a file and put it there")
}

/// Open for reading without waiting for a writer, should a FIFO take the file's place
/// after it was checked.
fn open_no_block(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        const O_NONBLOCK: i32 = 0o4000;
        options.custom_flags(O_NONBLOCK);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    #[test]
    fn verbatim_prefixes_are_dropped() {
        use super::without_verbatim_prefix as plain;
        use std::path::PathBuf;
        assert_eq!(
            plain(PathBuf::from(r"\\?\C:\Users\Åsa")),
            PathBuf::from(r"C:\Users\Åsa")
        );
        assert_eq!(
            plain(PathBuf::from(r"\\?\UNC\srv\dela\p")),
            PathBuf::from(r"\\srv\dela\p")
        );
        assert_eq!(plain(PathBuf::from("/home/åsa/p")), PathBuf::from("/home/åsa/p"));
        assert_eq!(
            plain(PathBuf::from(r"\\?\Volume{x}\p")),
            PathBuf::from(r"\\?\Volume{x}\p")
        );
    }

    use super::*;

    fn project() -> (tempfile::TempDir, ProjectDir) {
        let t = tempfile::tempdir().unwrap();
        std::fs::write(t.path().join("berattelse.yaml"), "x").unwrap();
        std::fs::create_dir(t.path().join("data")).unwrap();
        std::fs::write(t.path().join("data/a.csv"), "a").unwrap();
        let p = ProjectDir::open(t.path()).unwrap();
        (t, p)
    }

    #[test]
    fn inside_paths_resolve() {
        let (_t, p) = project();
        assert!(p.resolve("data/a.csv").is_some());
        assert!(p.resolve("./data/a.csv").is_some());
    }

    #[test]
    fn escapes_are_refused() {
        let (t, p) = project();
        assert!(p.resolve("../etc/passwd").is_none());
        assert!(p.resolve("data/../../x").is_none());
        assert!(p.resolve("/etc/passwd").is_none());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc", t.path().join("data/link")).unwrap();
            assert!(p.resolve("data/link/passwd").is_none());
            assert!(p.read_optional("data/link/passwd").is_err());
        }
    }

    #[cfg(unix)]
    #[test]
    fn fifos_and_dangling_symlinks_are_refused_without_blocking() {
        let (t, p) = project();
        let fifo = t.path().join("data/pipe.csv");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        let e = p.read_optional("data/pipe.csv").unwrap_err();
        assert_eq!(e.message, "data/pipe.csv is a FIFO (named pipe)");
        assert!(p.is_present("data/pipe.csv"));
        std::os::unix::fs::symlink("gone.csv", t.path().join("data/link.csv")).unwrap();
        let e = p.read_text_optional("data/link.csv").unwrap_err();
        assert_eq!(e.message, "data/link.csv is a symlink to nothing (to gone.csv)");
        assert!(p.is_present("data/link.csv"));
        assert_eq!(p.read_optional("data/nothing.csv").unwrap(), None);
        let e = p.read_optional("data").unwrap_err();
        assert_eq!(e.message, "data is a folder");
    }
}
