//! The output set is replaced as a whole: a build killed at any write step leaves the complete
//! old set or the complete new set, concurrent builds take turns, `--report` keeps the other
//! reports' files.
//!
//! The kill test stops the real binary with the test-only hook
//! `BERATTELSE_ABORT_AFTER_WRITE_STEP=N` at random steps, one build after another on the same
//! folder, so each build also meets what the previous killed one left behind.
//! `BERATTELSE_KILL_POINTS` sets the number of kills (default 30; the acceptance run used
//! 200), `BERATTELSE_KILL_SEED` replays a run, `BERATTELSE_CONCURRENT_ROUNDS` the rounds of
//! concurrent builds (default 10).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::{Project, Rng, env_number, examples, file_tree};

type Set = BTreeMap<String, Vec<u8>>;

fn snapshot(dir: &Path) -> Set {
    file_tree(dir)
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn overlay(old: &Set, new: &Set) -> Set {
    let mut set = old.clone();
    set.extend(new.iter().map(|(k, v)| (k.clone(), v.clone())));
    set
}

/// The minimal fixture with a tjänsteskrivelse (five files: report and memo as Markdown and
/// PDF, and the underlag). Variant B differs in a value and the diarienummer, so every one
/// of its files differs from A's.
fn variant(b: bool) -> Project {
    let p = Project::fixture("minimal");
    let yaml = p.read_string("berattelse.yaml");
    p.write(
        "berattelse.yaml",
        &format!(
            "{yaml}tjansteskrivelse:\n  handlaggare: {{namn: Åsa Öberg, titel: medicinskt ansvarig sjuksköterska}}\n  \
             forslag_till_beslut:\n    - att godkänna berättelsen\n"
        ),
    );
    if b {
        p.edit("berattelse.yaml", "SN 2025/0007", "SN 2025/0099");
        p.edit(
            "data/nyckeltal.csv",
            "test.fall;2024;;;1 298;",
            "test.fall;2024;;;1 299;",
        );
    }
    p
}

fn build(p: &Project, out: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_berattelse"));
    c.current_dir(&p.root)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("BERATTELSE_ABORT_AFTER_WRITE_STEP")
        .env_remove("BERATTELSE_LOCK_TIMEOUT_SECS")
        .args(["build", "2024", "--format", "md,pdf", "--out"])
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

/// The set a variant builds into an empty folder.
fn reference(p: &Project) -> Set {
    let out = p.path("ref");
    let run = build(p, &out).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let set = snapshot(&out.join("2024"));
    assert_eq!(set.len(), 5, "{:?}", set.keys());
    set
}

#[test]
fn killed_at_random_write_steps_leaves_the_old_or_the_new_set() {
    let projects = [variant(false), variant(true)];
    let sets = [reference(&projects[0]), reference(&projects[1])];
    for (name, bytes) in &sets[0] {
        assert_ne!(
            Some(bytes),
            sets[1].get(name),
            "{name} is the same in both variants"
        );
    }
    let out_root = tempfile::tempdir().unwrap();
    let out = out_root.path().join("out");
    let dir = out.join("2024");
    assert!(build(&projects[0], &out).status().unwrap().success());
    // The coordinator's own files in the folder survive every build.
    std::fs::write(dir.join("anteckningar.txt"), "egna anteckningar").unwrap();
    std::fs::create_dir(dir.join("bilagor")).unwrap();
    std::fs::write(dir.join("bilagor/protokoll.txt"), "protokoll").unwrap();
    let mut state = snapshot(&dir);

    let count = env_number("BERATTELSE_KILL_POINTS", 30);
    let seed = match env_number("BERATTELSE_KILL_SEED", 0) {
        0 => {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        }
        s => s,
    };
    eprintln!("kill test: {count} kill points, BERATTELSE_KILL_SEED={seed}");
    let mut rng = Rng(seed);
    let (mut killed, mut completed) = (0, 0);
    for i in 0..count {
        let v = (rng.next() % 2) as usize;
        let step = 1 + rng.next() % 20;
        let run = build(&projects[v], &out)
            .env("BERATTELSE_ABORT_AFTER_WRITE_STEP", step.to_string())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        let what = format!("kill {i} (seed {seed}): variant {v}, step {step}");
        let now = snapshot(&dir);
        let new = overlay(&state, &sets[v]);
        if run.status.success() {
            completed += 1;
            assert_eq!(now, new, "{what}: the finished build's set");
            assert_eq!(names(&out), ["2024"], "{what}: leftovers after a finished build");
        } else {
            killed += 1;
            assert!(
                stderr.contains("aborting after write step"),
                "{what}: not stopped by the hook: {stderr}"
            );
            assert!(
                now == state || now == new,
                "{what}: neither the old nor the new set: {:?}",
                now.keys()
            );
        }
        state = now;
    }
    eprintln!("kill test: {killed} builds killed, {completed} finished");
    if count >= 10 {
        assert!(
            killed > 0 && completed > 0,
            "{killed} killed, {completed} finished"
        );
    }
    // A last, undisturbed build cleans up whatever the kills left.
    assert!(build(&projects[0], &out).status().unwrap().success());
    assert_eq!(names(&out), ["2024"]);
    assert_eq!(snapshot(&dir), overlay(&state, &sets[0]));
}

#[test]
fn concurrent_builds_never_leave_a_mixed_set() {
    let projects = [variant(false), variant(true)];
    let sets = [reference(&projects[0]), reference(&projects[1])];
    let out_root = tempfile::tempdir().unwrap();
    let out = out_root.path().join("out");
    let rounds = env_number("BERATTELSE_CONCURRENT_ROUNDS", 10);
    for round in 0..rounds {
        let children: Vec<_> = (0..4)
            .map(|i| build(&projects[i % 2], &out).spawn().unwrap())
            .collect();
        for child in children {
            let run = child.wait_with_output().unwrap();
            assert!(
                run.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&run.stderr)
            );
        }
        let now = snapshot(&out.join("2024"));
        assert!(
            now == sets[0] || now == sets[1],
            "round {round}: a mixed set: {:?}",
            now.keys()
        );
        assert_eq!(names(&out), ["2024"], "round {round}: leftovers");
    }
}

/// Takes the build's lock on `out/.2024.lock` the way the tool does.
fn hold_lock(out: &Path) -> std::fs::File {
    std::fs::create_dir_all(out).unwrap();
    let f = std::fs::File::create(out.join(".2024.lock")).unwrap();
    f.lock().unwrap();
    f
}

#[test]
fn a_build_waits_for_the_lock_then_writes() {
    let p = variant(false);
    let out = p.path("out");
    let lock = hold_lock(&out);
    let child = build(&p, &out).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        !out.join("2024").exists(),
        "the build wrote while another held the lock"
    );
    drop(lock);
    let run = child.wait_with_output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert_eq!(snapshot(&out.join("2024")).len(), 5);
    assert_eq!(names(&out), ["2024"], "the lock file is removed");
}

#[test]
fn a_build_gives_up_on_a_held_lock_with_output_locked() {
    let p = variant(false);
    let out = p.path("out");
    assert!(build(&p, &out).status().unwrap().success());
    let before = snapshot(&out.join("2024"));
    let _lock = hold_lock(&out);
    p.edit("data/nyckeltal.csv", ";1 298;", ";1 299;");
    let run = build(&p, &out)
        .env("BERATTELSE_LOCK_TIMEOUT_SECS", "0.3")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("output.locked"), "{stderr}");
    assert!(stderr.contains(".2024.lock"), "{stderr}");
    assert_eq!(snapshot(&out.join("2024")), before, "nothing was written");
}

#[test]
fn one_report_is_rebuilt_and_the_others_files_stay() {
    let p = Project::copy_of(&examples().join("separata-berattelser"));
    let md = |p: &Project| {
        let mut c = p.cmd();
        c.args(["build", "2024", "--format", "md"]);
        c
    };
    md(&p).assert().success();
    p.write("out/2024/anteckningar.txt", "egna anteckningar");
    let before = snapshot(&p.path("out/2024"));
    assert!(before.contains_key("psb.md") && before.contains_key("kb.md"));
    // The KB's own diarienummer (each report has its own, docs/data-formats.md).
    let kb = p.read_string("berattelse.yaml");
    assert!(kb.contains("SN 2025/0041"));
    p.edit("berattelse.yaml", "SN 2025/0041", "SN 2025/0043");
    md(&p).args(["--report", "kb"]).assert().success();
    let after = snapshot(&p.path("out/2024"));
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    assert_ne!(after["kb.md"], before["kb.md"], "kb was rebuilt");
    for kept in ["psb.md", "psb.underlag.json", "anteckningar.txt"] {
        assert_eq!(after[kept], before[kept], "{kept}");
    }
    assert_eq!(names(&p.path("out")), ["2024"]);
}
