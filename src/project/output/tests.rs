use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::swap::Swap;
use super::{Options, OutputError, Steps, lock, write_set, write_set_with};

type Set = BTreeMap<String, Vec<u8>>;

/// Every entry under `dir`, relative path → bytes (a symlink as "-> target").
fn snapshot(dir: &Path) -> Set {
    fn walk(base: &Path, dir: &Path, out: &mut Set) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
            let m = std::fs::symlink_metadata(&p).unwrap();
            if m.file_type().is_symlink() {
                let target = std::fs::read_link(&p).unwrap();
                out.insert(rel, format!("-> {}", target.display()).into_bytes());
            } else if m.is_dir() {
                out.insert(format!("{rel}/"), Vec::new());
                walk(base, &p, out);
            } else {
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = Set::new();
    walk(dir, dir, &mut out);
    out
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn files(tag: &str) -> Vec<(String, Vec<u8>)> {
    ["a.md", "a.pdf", "a-tjansteskrivelse.md"]
        .iter()
        .map(|n| (n.to_string(), format!("{n} {tag}").into_bytes()))
        .collect()
}

fn expect(set: &Set, files: &[(String, Vec<u8>)]) -> Set {
    let mut set = set.clone();
    for (n, b) in files {
        set.insert(n.clone(), b.clone());
    }
    set
}

fn out_dir() -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("out/2024");
    (t, dir)
}

#[test]
fn writes_and_replaces_without_leftovers() {
    let (_t, dir) = out_dir();
    write_set(&dir, &[("a.md".into(), b"one".to_vec())], &Options::default()).unwrap();
    let paths = write_set(&dir, &[("a.md".into(), b"two".to_vec())], &Options::default()).unwrap();
    assert_eq!(paths, vec![dir.join("a.md")]);
    assert_eq!(std::fs::read(dir.join("a.md")).unwrap(), b"two");
    assert_eq!(names(&dir), ["a.md"]);
    assert_eq!(
        names(dir.parent().unwrap()),
        ["2024"],
        "no lock, staging or old folder"
    );
}

#[test]
fn keeps_what_this_build_does_not_produce() {
    let (_t, dir) = out_dir();
    write_set(&dir, &files("old"), &Options::default()).unwrap();
    std::fs::write(dir.join("b.md"), "another report").unwrap();
    std::fs::write(dir.join("anteckningar.txt"), "mine").unwrap();
    std::fs::create_dir(dir.join("bilagor")).unwrap();
    std::fs::write(dir.join("bilagor/x.txt"), "bilaga").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("b.md", dir.join("senaste.md")).unwrap();
    let before = snapshot(&dir);
    write_set(&dir, &files("new"), &Options::default()).unwrap();
    assert_eq!(snapshot(&dir), expect(&before, &files("new")));
    #[cfg(unix)]
    assert!(
        std::fs::symlink_metadata(dir.join("senaste.md"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn removes_stale_leftovers_under_the_lock() {
    let (_t, dir) = out_dir();
    write_set(&dir, &files("old"), &Options::default()).unwrap();
    let out = dir.parent().unwrap();
    std::fs::create_dir_all(out.join(".2024.staging/deep")).unwrap();
    std::fs::write(out.join(".2024.staging/a.md"), "half").unwrap();
    std::fs::create_dir(out.join(".2024.old")).unwrap();
    std::fs::write(dir.join(".a.md.tmp-4242"), "left by an older version").unwrap();
    write_set(&dir, &files("new"), &Options::default()).unwrap();
    assert_eq!(names(out), ["2024"]);
    assert_eq!(snapshot(&dir), expect(&Set::new(), &files("new")));
}

#[test]
fn rolls_back_a_swap_cut_off_between_two_renames() {
    let (_t, dir) = out_dir();
    write_set(&dir, &files("old"), &Options::default()).unwrap();
    std::fs::write(dir.join("b.md"), "another report").unwrap();
    let old = snapshot(&dir);
    // What a build killed between its two renames leaves: no folder, the old set aside.
    let out = dir.parent().unwrap();
    std::fs::rename(&dir, out.join(".2024.old")).unwrap();
    std::fs::create_dir(out.join(".2024.staging")).unwrap();
    write_set(&dir, &files("new"), &Options::default()).unwrap();
    assert_eq!(snapshot(&dir), expect(&old, &files("new")));
    assert_eq!(names(out), ["2024"]);
}

/// A failure after any write step leaves the complete old set (or, once the new set is in
/// place and only cleaning up is left, the complete new set), and no leftovers.
#[test]
fn a_failure_at_any_step_keeps_the_old_set() {
    for exchange in [true, false] {
        for existed in [true, false] {
            let mut n = 1;
            loop {
                let (_t, dir) = out_dir();
                let out = dir.parent().unwrap().to_path_buf();
                let mut old = Set::new();
                if existed {
                    write_set(&dir, &files("old"), &Options::default()).unwrap();
                    std::fs::write(dir.join("b.md"), "another report").unwrap();
                    std::fs::create_dir(dir.join("bilagor")).unwrap();
                    std::fs::write(dir.join("bilagor/x.txt"), "bilaga").unwrap();
                    old = snapshot(&dir);
                }
                let mut steps = Steps {
                    fail_after: Some(n),
                    ..Steps::default()
                };
                let result = write_set_with(
                    &dir,
                    &files("new"),
                    &Options::default(),
                    Swap { exchange },
                    &mut steps,
                );
                let what = format!("exchange {exchange}, existed {existed}, step {n}");
                match &result {
                    Ok(_) => assert_eq!(snapshot(&dir), expect(&old, &files("new")), "{what}"),
                    Err(e) => {
                        assert!(e.to_string().contains("injected"), "{what}: {e}");
                        assert_eq!(snapshot(&dir), old, "{what}");
                    }
                }
                let left = names(&out);
                if existed || result.is_ok() {
                    assert_eq!(left, ["2024"], "{what}");
                } else {
                    assert!(left.is_empty(), "{what}: {left:?}");
                }
                if steps.done < n {
                    assert!(result.is_ok(), "{what}");
                    assert!(n > 5, "{what}: too few steps");
                    break;
                }
                n += 1;
            }
        }
    }
}

#[test]
fn names_must_be_file_names() {
    let (_t, dir) = out_dir();
    for bad in ["../x.md", "a/../b.md", "a//b.md", "a/", "", ".", "..", "/abs.md"] {
        let err = write_set(&dir, &[(bad.into(), b"x".to_vec())], &Options::default());
        assert!(matches!(err, Err(OutputError::Io(_))), "{bad:?}");
    }
    assert!(!dir.parent().unwrap().exists(), "nothing was written");
}

#[test]
fn files_may_go_into_folders_of_the_set() {
    let (_t, dir) = out_dir();
    let files = [
        ("r.typst/main.typ".to_string(), b"a".to_vec()),
        ("r.typst/fonts/x.ttf".to_string(), b"b".to_vec()),
        ("r.md".to_string(), b"c".to_vec()),
    ];
    write_set(&dir, &files, &Options::default()).unwrap();
    assert_eq!(std::fs::read(dir.join("r.typst/fonts/x.ttf")).unwrap(), b"b");
    // A second build replaces the folder as a whole: a file it no longer makes is gone.
    write_set(&dir, &files[1..], &Options::default()).unwrap();
    assert!(!dir.join("r.typst/main.typ").exists());
    assert_eq!(std::fs::read(dir.join("r.md")).unwrap(), b"c");
}

#[test]
fn a_file_in_the_way_is_an_error_and_stays() {
    let (_t, dir) = out_dir();
    std::fs::create_dir_all(dir.parent().unwrap()).unwrap();
    std::fs::write(&dir, "not a folder").unwrap();
    assert!(write_set(&dir, &files("new"), &Options::default()).is_err());
    assert_eq!(std::fs::read(&dir).unwrap(), b"not a folder");
    assert_eq!(names(dir.parent().unwrap()), ["2024"]);
}

#[cfg(unix)]
#[test]
fn a_symlinked_folder_stays_a_symlink() {
    let (t, dir) = out_dir();
    let real = t.path().join("elsewhere/2024");
    std::fs::create_dir_all(&real).unwrap();
    std::fs::create_dir_all(dir.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(&real, &dir).unwrap();
    write_set(&dir, &files("new"), &Options::default()).unwrap();
    assert!(std::fs::symlink_metadata(&dir).unwrap().file_type().is_symlink());
    assert_eq!(snapshot(&real), expect(&Set::new(), &files("new")));
}

#[test]
fn a_held_lock_makes_the_build_give_up_after_the_timeout() {
    let (_t, dir) = out_dir();
    write_set(&dir, &files("old"), &Options::default()).unwrap();
    let lock_path = dir.parent().unwrap().join(".2024.lock");
    let held = lock::DirLock::acquire(&lock_path, Duration::ZERO).unwrap();
    let options = Options {
        lock_timeout: Duration::from_millis(100),
        ..Options::default()
    };
    let err = write_set(&dir, &files("new"), &options).unwrap_err();
    assert!(matches!(err, OutputError::Locked { .. }), "{err}");
    assert!(err.to_string().contains(".2024.lock"), "{err}");
    assert_eq!(snapshot(&dir), expect(&Set::new(), &files("old")));
    held.release(&mut Steps::default());
    assert!(!lock_path.exists(), "the lock file goes with the lock");
}

#[test]
fn a_waiting_build_writes_once_the_lock_is_released() {
    let (_t, dir) = out_dir();
    std::fs::create_dir_all(dir.parent().unwrap()).unwrap();
    let lock_path = dir.parent().unwrap().join(".2024.lock");
    let held = lock::DirLock::acquire(&lock_path, Duration::ZERO).unwrap();
    let waiter = {
        let dir = dir.clone();
        std::thread::spawn(move || write_set(&dir, &files("new"), &Options::default()))
    };
    std::thread::sleep(Duration::from_millis(150));
    assert!(!dir.exists(), "the waiting build has not written");
    held.release(&mut Steps::default());
    waiter.join().unwrap().unwrap();
    assert_eq!(snapshot(&dir), expect(&Set::new(), &files("new")));
    assert_eq!(names(dir.parent().unwrap()), ["2024"]);
}

#[test]
fn concurrent_writers_never_leave_a_mixed_set() {
    let (_t, dir) = out_dir();
    let writers: Vec<_> = (0..6)
        .map(|w| {
            let dir = dir.clone();
            std::thread::spawn(move || {
                for i in 0..8 {
                    write_set(&dir, &files(&format!("{w}.{i}")), &Options::default()).unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let seen = snapshot(&dir);
    let tags: std::collections::BTreeSet<_> = seen
        .iter()
        .map(|(n, b)| String::from_utf8_lossy(b).replacen(n.as_str(), "", 1))
        .collect();
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert_eq!(tags.len(), 1, "a mixed set: {seen:?}");
    assert_eq!(names(dir.parent().unwrap()), ["2024"]);
}
