//! `watch`: build, then rebuild on every change to the project until stopped. The typst
//! Worlds and typst's caches stay warm between builds (`pipeline::warm`); a build that fails
//! prints its diagnostics as `build` does and leaves the last good output set in place (the
//! set is swapped in only when complete). The rebuild logic ([`Session::rebuild`]) takes a
//! set of changed paths and is tested without a file watcher.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use berattelse::diag::Diagnostics;
use berattelse::model::period::Period;
use berattelse::pipeline::{self, Formats, warm::Warm};
use berattelse::project::ProjectDir;

use crate::cli::WatchArgs;

use super::{EXIT_INTERNAL, counts, fail_early, print_diagnostics, report, style};

/// How long the watcher waits for a burst of changes (an editor's save) to settle.
const DEBOUNCE: Duration = Duration::from_millis(100);

pub fn run(args: &WatchArgs) -> u8 {
    let project = match ProjectDir::open(&args.project.project) {
        Ok(p) => p.with_previous(args.out.clone().map(berattelse::project::PreviousEdition::Out)),
        Err(d) => return fail_early(d),
    };
    let out_root = args.out.clone().unwrap_or_else(|| project.root().join("out"));
    let mut session = Session::new(project, args.year, args.report.clone(), &out_root);
    let (tx, rx) = mpsc::channel();
    let mut debouncer = match notify_debouncer_mini::new_debouncer(DEBOUNCE, tx) {
        Ok(d) => d,
        Err(e) => return watch_failed(&session, &e),
    };
    if let Err(e) = debouncer.watcher().watch(
        session.project.root(),
        notify_debouncer_mini::notify::RecursiveMode::Recursive,
    ) {
        return watch_failed(&session, &e);
    }
    let mut opened = !args.open;
    let mut outcome = session.build();
    loop {
        if !opened && let Outcome::Built { pdf: Some(pdf), .. } = &outcome {
            open(pdf);
            opened = true;
        }
        if !style().quiet {
            eprintln!(
                "watching {} for changes (Ctrl-C to stop)",
                session.project.root().display()
            );
        }
        let Some(changed) = next_changes(&rx, session.project.root()) else {
            return EXIT_INTERNAL;
        };
        if let Some(o) = session.rebuild(&changed) {
            outcome = o;
        }
    }
}

fn watch_failed(session: &Session, e: &dyn std::fmt::Display) -> u8 {
    let d = berattelse::diag::Diagnostic::error(
        "watch.start",
        format!(
            "cannot watch {} for changes: {e}",
            session.project.root().display()
        ),
    );
    report(session.project.root(), &vec![d]);
    EXIT_INTERNAL
}

/// The next batch of changed paths, relative to `root` (a burst of events gathered into
/// one); `None` when the watcher has stopped.
fn next_changes(
    rx: &mpsc::Receiver<notify_debouncer_mini::DebounceEventResult>,
    root: &Path,
) -> Option<BTreeSet<PathBuf>> {
    let root = berattelse::project::canonical(root).unwrap_or_else(|_| root.to_path_buf());
    let mut changed = BTreeSet::new();
    let mut take = |result: notify_debouncer_mini::DebounceEventResult| match result {
        Ok(events) => {
            for e in events {
                let path = e.path.strip_prefix(&root).unwrap_or(&e.path);
                changed.insert(path.to_path_buf());
            }
        }
        Err(e) => eprintln!("warning[watch.event]: {e}"),
    };
    take(rx.recv().ok()?);
    while let Ok(more) = rx.try_recv() {
        take(more);
    }
    Some(changed)
}

/// One watched project: what stays between builds.
pub struct Session {
    project: ProjectDir,
    period: Period,
    only: Option<String>,
    out: PathBuf,
    dir: PathBuf,
    warm: Warm,
    /// Modification time and size of every project file as last seen: the watcher also
    /// reports files merely read (a build reads every text), which must not start a build.
    seen: BTreeMap<PathBuf, Stamp>,
}

type Stamp = Option<(Option<std::time::SystemTime>, u64)>;

fn stamp(path: &Path) -> Stamp {
    std::fs::metadata(path).ok().map(|m| (m.modified().ok(), m.len()))
}

/// What a build did.
#[derive(Debug)]
pub enum Outcome {
    /// The output set was replaced; `pdf` is the (first) report's PDF.
    Built { pdf: Option<PathBuf> },
    /// The build failed; its diagnostics were printed and the last output set kept.
    Failed,
}

impl Session {
    pub fn new(project: ProjectDir, period: Period, only: Option<String>, out: &Path) -> Session {
        let seen = project
            .walk()
            .into_iter()
            .map(|rel| {
                let path = project.root().join(rel);
                let stamp = stamp(&path);
                (path, stamp)
            })
            .collect();
        Session {
            dir: out.join(period.to_string()),
            out: out.to_path_buf(),
            project,
            period,
            only,
            warm: Warm::keeping(),
            seen,
        }
    }

    /// Rebuild for a set of changed paths (relative to the project folder, or absolute):
    /// `None` when none of them is an input (the output folder, editor files, version
    /// control). Texts are always read again; the data only when a file under data/
    /// changed; a change to anything else (berattelse.yaml, a template, a font or logo)
    /// also sets the typst Worlds up anew.
    pub fn rebuild(&mut self, changed: &BTreeSet<PathBuf>) -> Option<Outcome> {
        let mut inputs: Vec<&PathBuf> = Vec::new();
        for path in changed {
            // Every changed input is stamped, not only the first.
            if self.is_input(path) && self.changed_on_disk(path) {
                inputs.push(path);
            }
        }
        if inputs.is_empty() {
            return None;
        }
        let root = self.project.root().to_path_buf();
        let under = |p: &PathBuf, dir: &str| p.strip_prefix(&root).unwrap_or(p).starts_with(dir);
        if !inputs.iter().all(|p| under(p, "texts") || under(p, "data")) {
            self.warm.forget();
        } else if inputs.iter().any(|p| under(p, "data")) {
            self.warm.forget_data();
        }
        Some(self.build())
    }

    /// Whether the file's time or size differs from when it was last seen (or it is new or
    /// gone); records what it is now.
    fn changed_on_disk(&mut self, path: &Path) -> bool {
        let path = if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.project.root().join(path)
        };
        let now = stamp(&path);
        self.seen.insert(path, now) != Some(now)
    }

    /// Whether a changed path is one the report is built from.
    fn is_input(&self, path: &Path) -> bool {
        let root = self.project.root();
        let out = self.out.strip_prefix(root).unwrap_or(&self.out);
        let rel = path.strip_prefix(root).unwrap_or(path);
        if rel.starts_with(out) || (path.is_absolute() && path.starts_with(&self.out)) {
            return false;
        }
        if rel.starts_with("out") && out == Path::new("out") {
            return false;
        }
        !rel.components().any(|c| {
            let name = c.as_os_str().to_string_lossy();
            is_editor_file(&name) || name == ".git" || name == "target"
        })
    }

    /// Build and swap the output set in, printing what `build` prints and the time taken.
    pub fn build(&mut self) -> Outcome {
        let started = Instant::now();
        let formats = Formats {
            md: true,
            pdf: true,
            ..Formats::default()
        };
        let mut diags = Diagnostics::new();
        let products = pipeline::build_all_warm(
            &self.project,
            self.period,
            self.only.as_deref(),
            formats,
            &mut self.warm,
            &mut diags,
        );
        self.warm.age();
        let root = self.project.root();
        let Some(all) = products else {
            report(root, &diags);
            eprintln!(
                "build failed: the last good output in {} is kept",
                self.dir.display()
            );
            return Outcome::Failed;
        };
        let files = super::build::files(all, formats);
        print_diagnostics(root, &diags);
        match super::build::write(&self.dir, &files) {
            Ok(paths) => {
                let seconds = started.elapsed().as_secs_f64();
                if !style().quiet {
                    eprintln!(
                        "[{}] built {} files into {} in {:.3} s: {}",
                        chrono::Local::now().format("%H:%M:%S"),
                        paths.len(),
                        self.dir.display(),
                        seconds,
                        counts(&diags)
                    );
                }
                let pdf = paths
                    .into_iter()
                    .find(|p| p.extension().is_some_and(|e| e == "pdf"));
                Outcome::Built { pdf }
            }
            Err(d) => {
                report(root, &vec![d]);
                Outcome::Failed
            }
        }
    }
}

/// Files editors write beside the one being edited: backups (`x~`, `#x#`), swap and lock
/// files (`.x.swp`, `.#x`), vim's write probe (`4913`), and hidden files in general.
fn is_editor_file(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swx", ".swo", ".tmp", ".bak"]
            .iter()
            .any(|s| name.ends_with(s))
        || name == "4913"
}

/// Open a file in the system's viewer, never failing the command: a missing opener is
/// only mentioned.
fn open(path: &Path) {
    let mut command = if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    match command.spawn() {
        // Reaped in the background so no zombie is left while watching.
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => eprintln!("note: could not open {} ({e}); open it yourself", path.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                copy(&e.path(), &to.join(e.file_name()));
            } else {
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    }

    fn session() -> (tempfile::TempDir, Session) {
        let tmp = tempfile::tempdir().unwrap();
        copy(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal"),
            tmp.path(),
        );
        let project = ProjectDir::open(tmp.path()).unwrap();
        let out = tmp.path().join("out");
        let s = Session::new(project, Period::Year { year: 2024 }, None, &out);
        (tmp, s)
    }

    fn set(paths: &[&str]) -> BTreeSet<PathBuf> {
        paths.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn output_editor_and_vcs_files_are_not_inputs() {
        let (tmp, s) = session();
        for p in [
            "out/2024/x.pdf",
            "texts/.x.md.swp",
            "texts/x.md~",
            ".git/index",
            "texts/4913",
        ] {
            assert!(!s.is_input(Path::new(p)), "{p}");
        }
        assert!(!s.is_input(&tmp.path().join("out/2024/x.pdf")));
        for p in [
            "texts/x.md",
            "data/nyckeltal.csv",
            "berattelse.yaml",
            "templates/report.typ",
        ] {
            assert!(s.is_input(Path::new(p)), "{p}");
        }
        assert!(s.is_input(&tmp.path().join("texts/x.md")));
    }

    #[test]
    fn a_text_edit_rebuilds_warm_and_a_broken_one_keeps_the_last_pdf() {
        let (tmp, mut s) = session();
        let Outcome::Built { pdf: Some(pdf), .. } = s.build() else {
            panic!("the fixture does not build")
        };
        let first = std::fs::read(&pdf).unwrap();
        assert!(s.rebuild(&set(&["out/2024/x.pdf", "texts/.#a.md"])).is_none());
        let text = tmp.path().join("texts/sammanfattning.md");
        let mut body = std::fs::read_to_string(&text).unwrap();
        body.push_str("\nEn helt ny mening om året som gick.\n");
        std::fs::write(&text, &body).unwrap();
        let changed = set(&["texts/sammanfattning.md"]);
        assert!(matches!(s.rebuild(&changed), Some(Outcome::Built { .. })));
        let second = std::fs::read(&pdf).unwrap();
        assert_ne!(first, second);
        // A warm rebuild writes the same PDF as a cold one.
        let mut cold = Session::new(s.project.clone(), s.period, None, &tmp.path().join("cold"));
        let Outcome::Built {
            pdf: Some(cold_pdf), ..
        } = cold.build()
        else {
            panic!("no cold build")
        };
        assert!(std::fs::read(cold_pdf).unwrap() == second);
        // A file that was only read (the watcher reports those too) starts no build.
        assert!(s.rebuild(&changed).is_none());
        // A data change reads the data again, in the same Worlds.
        let data = tmp.path().join("data/nyckeltal.csv");
        let mut csv = std::fs::read(&data).unwrap();
        csv.extend_from_slice(b"\n");
        std::fs::write(&data, csv).unwrap();
        assert!(matches!(
            s.rebuild(&set(&["data/nyckeltal.csv"])),
            Some(Outcome::Built { .. })
        ));
        assert!(std::fs::read(&pdf).unwrap() == second);
        std::fs::write(&text, "Under {{ year \n").unwrap();
        assert!(matches!(s.rebuild(&changed), Some(Outcome::Failed)));
        assert!(std::fs::read(&pdf).unwrap() == second);
    }
}
