//! Writing a new project folder (`init`, `init --from`): every file inside the target folder,
//! none overwritten without `force`, and, without `force`, nothing written at all when one of
//! the files is already there.

use std::path::{Component, Path, PathBuf};

use crate::diag::Diagnostic;

/// One file of a new project: its path relative to the project folder, and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    pub rel: String,
    pub bytes: Vec<u8>,
}

impl NewFile {
    pub fn new(rel: impl Into<String>, bytes: impl Into<Vec<u8>>) -> NewFile {
        NewFile {
            rel: rel.into(),
            bytes: bytes.into(),
        }
    }
}

/// Write `files` into `dir` (created if need be) and return the paths written. A path that is
/// not plainly inside `dir` (absolute, with `..`, or through a symlink) is refused, as is an
/// existing file unless `force`; both are found before the first file is written.
pub fn write_all(dir: &Path, files: &[NewFile], force: bool) -> Result<Vec<PathBuf>, Diagnostic> {
    for f in files {
        let path = target(dir, &f.rel)?;
        if let Ok(meta) = std::fs::symlink_metadata(&path) {
            if meta.file_type().is_symlink() || meta.is_dir() {
                return Err(Diagnostic::error(
                    "init.exists",
                    format!("{} already exists and is not a file", path.display()),
                )
                .note("move it away first; init does not write through links or replace folders"));
            }
            if !force {
                return Err(
                    Diagnostic::error("init.exists", format!("{} already exists", path.display()))
                        .note("pass --force to overwrite it"),
                );
            }
        }
    }
    let mut written = Vec::new();
    for f in files {
        let path = target(dir, &f.rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Diagnostic::error("init.write", format!("cannot create {}: {e}", parent.display()))
            })?;
        }
        std::fs::write(&path, &f.bytes)
            .map_err(|e| Diagnostic::error("init.write", format!("cannot write {}: {e}", path.display())))?;
        written.push(path);
    }
    Ok(written)
}

/// `dir/rel`, if `rel` is a plain relative path and no folder on the way is a symlink.
fn target(dir: &Path, rel: &str) -> Result<PathBuf, Diagnostic> {
    let outside = || {
        Diagnostic::error(
            "internal.init-path",
            format!(
                "refused to write {rel}: it is not a plain path inside {}",
                dir.display()
            ),
        )
    };
    let rel_path = Path::new(rel);
    if rel.is_empty()
        || rel.contains('\\')
        || !rel_path.components().all(|c| matches!(c, Component::Normal(_)))
    {
        return Err(outside());
    }
    let mut at = dir.to_path_buf();
    for c in rel_path.parent().into_iter().flat_map(Path::components) {
        at.push(c);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(Diagnostic::error(
                "init.symlink",
                format!(
                    "{} is a symlink: init only writes into real folders",
                    at.display()
                ),
            ));
        }
    }
    Ok(dir.join(rel_path))
}

/// Whether `path` (which need not exist yet) is `root` or lies inside it, after resolving
/// symlinks of the part of `path` that exists.
pub fn is_inside(path: &Path, root: &Path) -> bool {
    let Ok(root) = super::canonical(root) else {
        return false;
    };
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        match std::env::current_dir() {
            Ok(cwd) => cwd.join(path),
            Err(_) => return false,
        }
    };
    // The longest existing ancestor, resolved, with the rest appended.
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while super::canonical(existing).is_err() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return false,
        }
    }
    let mut resolved = super::canonical(existing).unwrap_or_default();
    for name in rest.iter().rev() {
        resolved.push(name);
    }
    resolved.starts_with(&root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_written_when_one_file_exists() {
        let t = tempfile::tempdir().unwrap();
        std::fs::create_dir(t.path().join("texts")).unwrap();
        std::fs::write(t.path().join("texts/b.md"), "mine").unwrap();
        let files = [NewFile::new("a.md", "a"), NewFile::new("texts/b.md", "b")];
        let e = write_all(t.path(), &files, false).unwrap_err();
        assert!(e.message.ends_with("texts/b.md already exists"), "{}", e.message);
        assert!(!t.path().join("a.md").exists());
        assert_eq!(
            std::fs::read_to_string(t.path().join("texts/b.md")).unwrap(),
            "mine"
        );
        write_all(t.path(), &files, true).unwrap();
        assert_eq!(std::fs::read_to_string(t.path().join("texts/b.md")).unwrap(), "b");
    }

    #[test]
    fn paths_outside_the_folder_are_refused() {
        let t = tempfile::tempdir().unwrap();
        for rel in ["../x", "/etc/x", "a/../../x", "a\\x", ""] {
            assert!(
                write_all(t.path(), &[NewFile::new(rel, "x")], true).is_err(),
                "{rel}"
            );
        }
        #[cfg(unix)]
        {
            let away = tempfile::tempdir().unwrap();
            std::os::unix::fs::symlink(away.path(), t.path().join("data")).unwrap();
            let e = write_all(t.path(), &[NewFile::new("data/x.csv", "x")], true).unwrap_err();
            assert_eq!(e.code, "init.symlink");
            assert!(!away.path().join("x.csv").exists());
        }
        assert!(is_inside(&t.path().join("not/yet"), t.path()));
        assert!(!is_inside(Path::new("/"), t.path()));
    }
}
