//! Everything the test modules share: running the binary, private copies of fixtures for tests
//! that change a project, PDF text and the normalisation of output.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// The slug of the combined report for 2024, as the fixtures and exempelkommun name it.
pub const MIN_SLUG: &str = "kvalitets-och-patientsakerhetsberattelse-2024";

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    repo().join("tests/fixtures")
}

pub fn examples() -> PathBuf {
    repo().join("data-examples")
}

/// The binary, with `SOURCE_DATE_EPOCH` removed so that the PDF date comes from the project.
pub fn bin() -> Command {
    let mut c = Command::cargo_bin("berattelse").unwrap();
    c.env_remove("SOURCE_DATE_EPOCH");
    c
}

/// Copy a project folder. This year's build outputs (`out/2024`) are left out; earlier years'
/// reports are inputs (stale-text lint, revisions).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "2024" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

pub fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Assert that a run succeeded; show its stderr if not.
#[track_caller]
pub fn assert_ok(out: &Output) {
    assert!(out.status.success(), "{}", stderr_of(out));
}

/// Whitespace-normalised text of a PDF, page by page joined.
pub fn pdf_text(bytes: &[u8]) -> String {
    let text = pdf_extract::extract_text_from_mem(bytes).expect("PDF text can be extracted");
    normalise(&text)
}

/// Runs of whitespace (including no-break spaces) as one space.
pub fn normalise(s: &str) -> String {
    s.replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------------------------
// A private copy, for tests that change a project
// ---------------------------------------------------------------------------------------------

/// A private copy of a project in a temporary folder, removed when dropped.
pub struct Project {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

impl Project {
    /// A private copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Project {
        Project::copy_of(&fixtures().join(name))
    }

    pub fn copy_of(src: &Path) -> Project {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("projekt");
        copy_dir(src, &root);
        Project { _dir: dir, root }
    }

    /// The binary, run in the project folder.
    pub fn cmd(&self) -> Command {
        let mut c = bin();
        c.current_dir(&self.root);
        c
    }

    /// Run the binary in the project folder.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().unwrap()
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
