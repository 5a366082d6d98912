//! Test helpers: copy a fixture to a temporary folder and run the binary on it.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub struct Project {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data-examples")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            // Skip this year's build outputs; earlier years' reports are inputs (stale-text lint).
            if entry.file_name() != "2024" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

impl Project {
    /// A private copy of `tests/fixtures/<name>` (or of an example when `name` is a path).
    pub fn fixture(name: &str) -> Project {
        Project::copy_of(&fixtures().join(name))
    }

    pub fn copy_of(src: &Path) -> Project {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("projekt");
        copy_dir(src, &root);
        Project { _dir: dir, root }
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("berattelse").unwrap();
        c.current_dir(&self.root);
        c.env_remove("SOURCE_DATE_EPOCH");
        c
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn read_string(&self, rel: &str) -> String {
        String::from_utf8(self.read(rel)).unwrap()
    }

    pub fn write(&self, rel: &str, contents: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, contents).unwrap();
    }

    /// Replace the first occurrence of `from` in a project file.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read_string(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }
}

pub const MIN_SLUG: &str = "kvalitets-och-patientsakerhetsberattelse-2024";

pub fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Whitespace-normalised text of a PDF, page by page joined.
pub fn pdf_text(bytes: &[u8]) -> String {
    let text = pdf_extract::extract_text_from_mem(bytes).expect("PDF text can be extracted");
    normalise(&text)
}

pub fn normalise(s: &str) -> String {
    s.replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
