//! A project folder on disk, and the only way the tool reads from it: every path is
//! resolved inside the project root, so neither `..`, absolute paths nor symlinks can
//! lead a template, a text or typst outside it.

pub mod assets;
pub mod decode;
pub mod files;
pub mod output;

use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostic, Location};

/// The file that makes a folder a project: `berattelse.yaml`.
pub const CONFIG_FILE: &str = "berattelse.yaml";

#[derive(Debug, Clone)]
pub struct ProjectDir {
    root: PathBuf,
}

impl ProjectDir {
    pub fn open(dir: &Path) -> Result<ProjectDir, Diagnostic> {
        let root = dir.canonicalize().map_err(|e| {
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
        Ok(ProjectDir { root })
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
        let real = self.root.join(rel_path).canonicalize().ok()?;
        real.starts_with(&self.root).then_some(real)
    }

    /// Read a project file, or `Ok(None)` if it does not exist.
    pub fn read_optional(&self, rel: &str) -> Result<Option<Vec<u8>>, Diagnostic> {
        if !self.root.join(rel).exists() {
            return Ok(None);
        }
        let Some(path) = self.resolve(rel) else {
            return Err(Diagnostic::error(
                "project.outside",
                format!("{rel} leads outside the project folder"),
            )
            .at(Location::file(rel))
            .note("files are only read from inside the project; symlinks may not point out of it"));
        };
        std::fs::read(&path).map(Some).map_err(|e| {
            Diagnostic::error("project.read", format!("cannot read {rel}: {e}")).at(Location::file(rel))
        })
    }

    pub fn read_text_optional(&self, rel: &str) -> Result<Option<String>, Diagnostic> {
        self.read_optional(rel)?
            .map(|b| crate::project::decode::decode_typed(rel, &b))
            .transpose()
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
}

#[cfg(test)]
mod tests {
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
}
