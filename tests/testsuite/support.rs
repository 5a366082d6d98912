//! Everything the test modules share: running the binary, private copies of fixtures for tests
//! that change a project, shared read-only builds (each made once per test run), PDF text and
//! the normalisation of output.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

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

/// The binary as a plain `std` command, for [`output_with_peak_memory`].
pub fn bin_std() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_berattelse"));
    c.env_remove("SOURCE_DATE_EPOCH");
    c
}

/// Runs `cmd` to the end like [`std::process::Command::output`] and also gives the child's
/// peak resident memory in bytes (from `wait4`; `None` where that is not available).
pub fn output_with_peak_memory(cmd: &mut std::process::Command) -> (Output, Option<u64>) {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn berattelse");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr")));
    let (status, peak) = wait_with_usage(child);
    let output = Output {
        status,
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    };
    (output, peak)
}

#[cfg(unix)]
fn wait_with_usage(child: std::process::Child) -> (std::process::ExitStatus, Option<u64>) {
    use std::os::unix::process::ExitStatusExt;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in; the pid is our own unreaped child,
    // which `child` (dropped without waiting) never waits for again.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            break;
        }
        let err = std::io::Error::last_os_error();
        assert_eq!(err.kind(), std::io::ErrorKind::Interrupted, "wait4: {err}");
    }
    // Linux reports ru_maxrss in KiB.
    let peak = u64::try_from(usage.ru_maxrss).ok().map(|kib| kib * 1024);
    (std::process::ExitStatus::from_raw(status), peak)
}

#[cfg(not(unix))]
fn wait_with_usage(mut child: std::process::Child) -> (std::process::ExitStatus, Option<u64>) {
    (child.wait().expect("wait"), None)
}

/// Every entry under `dir`, relative path → bytes, folders with a trailing `/` and no bytes;
/// empty when `dir` does not exist. Two equal trees mean nothing under `dir` changed.
pub fn file_tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
            if p.is_dir() {
                out.insert(format!("{rel}/"), Vec::new());
                walk(base, &p, out);
            } else {
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(dir, dir, &mut out);
    out
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

/// A string of a PDF object: UTF-16BE with a byte order mark, or PDFDocEncoding read as Latin-1.
pub fn decode_pdf_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c.get(1).copied().unwrap_or(0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}

/// The XMP metadata of a PDF.
pub fn xmp(doc: &lopdf::Document) -> String {
    let catalog = doc.catalog().unwrap();
    let meta = catalog.get(b"Metadata").unwrap();
    let stream = doc.dereference(meta).unwrap().1.as_stream().unwrap();
    String::from_utf8_lossy(&stream.content).into_owned()
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

    /// A private copy of `data-examples/<name>`.
    pub fn example(name: &str) -> Project {
        Project::copy_of(&examples().join(name))
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

    /// `build <year> --format md`, which must succeed; the combined report's Markdown.
    pub fn report_md(&self, year: &str) -> String {
        assert_ok(&self.run(&["build", year, "--format", "md"]));
        self.read_string(&format!(
            "out/{year}/kvalitets-och-patientsakerhetsberattelse-{year}.md"
        ))
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

// ---------------------------------------------------------------------------------------------
// Shared read-only builds
// ---------------------------------------------------------------------------------------------

/// A project copied and built (or checked) once per test run; tests only read it. The first
/// test that asks runs the commands, the others wait for it and share the result. Tests that
/// change a project take a [`Project`] instead.
pub struct Shared {
    pub root: PathBuf,
    runs: Vec<(String, Output)>,
}

impl Shared {
    /// The output of the command given as `args` when the project was made.
    #[track_caller]
    pub fn output(&self, args: &str) -> &Output {
        self.runs
            .iter()
            .find(|(a, _)| a == args)
            .map(|(_, o)| o)
            .unwrap_or_else(|| panic!("no run {args:?} in {}", self.root.display()))
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

    /// Run a command that only reads (`check`) on the built project.
    pub fn run(&self, args: &[&str]) -> Output {
        bin().current_dir(&self.root).args(args).output().unwrap()
    }
}

/// Copy `src` to a folder of its own and run each command in it, in order; every run must
/// succeed. The folder lives in the test target's tmp folder for the whole test run (statics are
/// never dropped); folders of earlier runs are removed on the next run.
fn make_shared(name: &str, src: &Path, runs: &[&[&str]]) -> Shared {
    let root = shared_dir().join(name);
    copy_dir(src, &root);
    let runs = runs
        .iter()
        .map(|args| {
            let out = bin().current_dir(&root).args(*args).output().unwrap();
            assert!(
                out.status.success(),
                "{name}: `berattelse {}` failed:\n{}",
                args.join(" "),
                stderr_of(&out)
            );
            (args.join(" "), out)
        })
        .collect();
    Shared { root, runs }
}

/// `<target>/tmp/shared-builds/<process id>`, after removing the folders of test runs that have
/// ended.
fn shared_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("shared-builds");
        if let Ok(entries) = std::fs::read_dir(&base) {
            for entry in entries.flatten() {
                let pid = entry.file_name().to_str().and_then(|s| s.parse::<u32>().ok());
                if !pid.is_some_and(process_alive) {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
        }
        let dir = base.join(std::process::id().to_string());
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    // Without /proc (not Linux) nothing is known to have ended, so nothing is removed.
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

macro_rules! shared_project {
    ($(#[$doc:meta])* $fn:ident, $name:literal, $src:expr, [$($run:expr),+ $(,)?]) => {
        $(#[$doc])*
        pub fn $fn() -> &'static Shared {
            static CELL: OnceLock<Shared> = OnceLock::new();
            CELL.get_or_init(|| make_shared($name, &$src, &[$(&$run),+]))
        }
    };
}

shared_project!(
    /// `tests/fixtures/minimal` built with the default formats (Markdown and PDF).
    minimal,
    "minimal",
    fixtures().join("minimal"),
    [["build", "2024"]]
);

shared_project!(
    /// `tests/fixtures/charts` built to Markdown, PDF and typst sources.
    charts,
    "charts",
    fixtures().join("charts"),
    [["build", "2024", "--format", "md,pdf,typ"]]
);

shared_project!(
    /// `tests/fixtures/other` (Kolada, goals, egenkontroller, surveys): checked and built to
    /// Markdown.
    other,
    "other",
    fixtures().join("other"),
    [["check", "2024", "--strict"], ["build", "2024", "--format", "md"]]
);

shared_project!(
    /// `tests/fixtures/vanersborg-2023`, the trend engine's fixture: checked and built to
    /// Markdown and typst sources.
    vanersborg,
    "vanersborg-2023",
    fixtures().join("vanersborg-2023"),
    [["check", "2023", "--strict"], ["build", "2023", "--format", "md,typ"]]
);

shared_project!(
    /// `data-examples/exempelkommun`: checked strictly and built to every format.
    exempelkommun,
    "exempelkommun",
    examples().join("exempelkommun"),
    [["check", "2024", "--strict"], ["build", "2024", "--format", "md,pdf,typ,html,docx,xlsx,csv"]]
);

shared_project!(
    /// `data-examples/separata-berattelser` (a KB and a PSB): checked strictly and built to
    /// every format.
    separata_berattelser,
    "separata-berattelser",
    examples().join("separata-berattelser"),
    [["check", "2024", "--strict"], ["build", "2024", "--format", "md,pdf,typ,html,docx,xlsx,csv"]]
);

shared_project!(
    /// `data-examples/avvikelserapport-halvar`: checked strictly and built to every format for
    /// the first half-year.
    avvikelserapport_halvar,
    "avvikelserapport-halvar",
    examples().join("avvikelserapport-halvar"),
    [["check", "2024-H1", "--strict"], ["build", "2024-H1", "--format", "md,pdf,typ,html,docx,xlsx,csv"]]
);

/// A test setting from the environment (`BERATTELSE_KILL_POINTS=200`), else `default`.
pub fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// xorshift64*: deterministic randomness for tests, replayable from its seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}
