//! Bad input, one fixture folder per case (mdBook style), all run by one data-driven test.
//!
//! `tests/fixtures/errors/<case>/` holds
//! - `project/`: the project as a coordinator would have it, with the mistake in it;
//! - `case.yaml`: what the case shows (`about`), and the commands run in order on one copy of
//!   the project, each with its exit code, strings its stderr must (`expect`) and must not
//!   (`expect_not`) contain, how often a string occurs (`count`) and paths that must not exist
//!   afterwards (`absent`);
//! - `stderr.snap` (`stderr-2.snap`, … for later commands): an insta snapshot of the command's
//!   stderr, with the temporary project path written as `[PROJECT]`.
//!
//! Every run is also held to what the catalogue promises of all bad input: it ends with its
//! exit code (no panic, no abort), its peak memory stays under [`MEMORY_BOUND`], and when it
//! fails, `out/` is byte for byte as before (each case starts with an earlier output set in
//! `out/<period>/` for every period it builds).
//!
//! A case on a large example sets `base:` (a folder of the repository) and keeps in `project/`
//! only the files it changes; `remove:` lists files of the base it deletes.
//!
//! New case: add the folder and run `INSTA_UPDATE=always cargo test error_cases`, then review
//! the new `.snap` files. `BERATTELSE_CASE=<part of a name>` runs only the matching cases.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Deserialize;

use super::support::{bin_std, copy_dir, file_tree, fixtures, output_with_peak_memory, repo, stderr_of};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    about: String,
    #[serde(default)]
    base: Option<String>,
    #[serde(default)]
    remove: Vec<String>,
    runs: Vec<Run>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Run {
    args: Vec<String>,
    exit: i32,
    #[serde(default)]
    expect: Vec<String>,
    #[serde(default)]
    expect_not: Vec<String>,
    #[serde(default)]
    count: BTreeMap<String, usize>,
    #[serde(default)]
    absent: Vec<String>,
}

fn cases() -> Vec<PathBuf> {
    let filter = std::env::var("BERATTELSE_CASE").ok();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures().join("errors"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("case.yaml").is_file())
        .filter(|p| {
            filter
                .as_deref()
                .is_none_or(|f| p.file_name().unwrap().to_string_lossy().contains(f))
        })
        .collect();
    dirs.sort();
    dirs
}

/// Every folder of `tests/fixtures/errors` is a case: a stray folder would be skipped silently.
#[test]
fn every_case_folder_is_a_case() {
    for entry in std::fs::read_dir(fixtures().join("errors")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            assert!(
                path.join("case.yaml").is_file(),
                "{} has no case.yaml",
                path.display()
            );
        }
    }
}

#[test]
fn error_cases() {
    let cases = cases();
    assert!(!cases.is_empty(), "no error cases found");
    let next = AtomicUsize::new(0);
    let failed = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(dir) = cases.get(i) else { break };
                    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
                    if let Err(e) = std::panic::catch_unwind(|| run_case(dir)) {
                        let msg = e
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                            .unwrap_or_default();
                        failed.lock().unwrap().push(format!("{name}: {msg}"));
                    }
                }
            });
        }
    });
    let failed = failed.into_inner().unwrap();
    eprintln!(
        "error cases: {} cases, largest peak memory of a run {} MiB",
        cases.len(),
        LARGEST_PEAK.load(Ordering::Relaxed) >> 20
    );
    assert!(
        failed.is_empty(),
        "{} of {} error cases failed:\n\n{}",
        failed.len(),
        cases.len(),
        failed.join("\n\n")
    );
}

/// The most memory one run of a case may take: far above what any of them needs (the
/// largest takes about a tenth), far below what an unbounded read would.
const MEMORY_BOUND: u64 = 500 << 20;

/// The largest peak of any run, reported at the end.
static LARGEST_PEAK: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// An earlier output set for each period the case builds, so that a failing run can be
/// seen to leave it as it was.
fn seed_earlier_outputs(root: &Path, runs: &[Run]) {
    for run in runs {
        let mut args = run.args.iter().filter(|a| !a.starts_with('-'));
        if let (Some(command), Some(period)) = (args.next(), args.next())
            && command == "build"
        {
            let dir = root.join("out").join(period);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("earlier-build.md"), "# Förra bygget\n").unwrap();
        }
    }
}

fn run_case(dir: &Path) {
    let text = std::fs::read_to_string(dir.join("case.yaml")).unwrap();
    let case: Case = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("case.yaml: {e}"));
    assert!(!case.about.trim().is_empty(), "case.yaml: empty about");
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("projekt");
    match &case.base {
        Some(base) => {
            copy_dir(&repo().join(base), &root);
            if dir.join("project").is_dir() {
                copy_dir(&dir.join("project"), &root);
            }
        }
        None => copy_dir(&dir.join("project"), &root),
    }
    for rel in &case.remove {
        std::fs::remove_file(root.join(rel)).unwrap_or_else(|e| panic!("remove {rel}: {e}"));
    }
    seed_earlier_outputs(&root, &case.runs);
    for (i, run) in case.runs.iter().enumerate() {
        let before = file_tree(&root.join("out"));
        let (out, peak) = output_with_peak_memory(bin_std().current_dir(&root).args(&run.args));
        let err = stderr_of(&out).replace(&root.display().to_string(), "[PROJECT]");
        let cmd = format!("`berattelse {}`", run.args.join(" "));
        assert_eq!(
            out.status.code(),
            Some(run.exit),
            "{cmd}: exit code; stderr:\n{err}"
        );
        if let Some(bytes) = peak {
            LARGEST_PEAK.fetch_max(bytes, Ordering::Relaxed);
            assert!(
                bytes < MEMORY_BOUND,
                "{cmd}: peak memory {} MiB, above the bound of {} MiB",
                bytes >> 20,
                MEMORY_BOUND >> 20
            );
        }
        if run.exit != 0 {
            assert!(
                file_tree(&root.join("out")) == before,
                "{cmd} failed but changed out/; stderr:\n{err}"
            );
        }
        for e in &run.expect {
            assert!(err.contains(e.as_str()), "{cmd}: stderr lacks {e:?}:\n{err}");
        }
        for e in &run.expect_not {
            assert!(!err.contains(e.as_str()), "{cmd}: stderr has {e:?}:\n{err}");
        }
        for (e, n) in &run.count {
            assert_eq!(
                err.matches(e.as_str()).count(),
                *n,
                "{cmd}: how often {e:?}:\n{err}"
            );
        }
        for rel in &run.absent {
            assert!(!root.join(rel).exists(), "{cmd}: {rel} exists");
        }
        let snapshot = if i == 0 {
            "stderr".to_string()
        } else {
            format!("stderr-{}", i + 1)
        };
        insta::with_settings!({
            snapshot_path => dir,
            prepend_module_to_snapshot => false,
            omit_expression => true,
            description => format!("{cmd} in {}", dir.file_name().unwrap().to_string_lossy()),
        }, {
            insta::assert_snapshot!(snapshot.as_str(), err);
        });
    }
}
