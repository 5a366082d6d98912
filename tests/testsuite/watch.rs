//! `watch`: the real binary watching a private copy of a fixture. Waits are bounded (a
//! build that never comes fails the test) but nothing is timed: rebuild speed is measured
//! in docs/performance.md.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{MIN_SLUG, Project, bin_std};

/// The watching process, killed when the test ends (also on a failed assertion).
struct Watching {
    child: Child,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Watching {
    fn start(project: &Project) -> Watching {
        let mut child = bin_std()
            .args(["watch", "2024", "--project"])
            .arg(&project.root)
            .env("CI", "true")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        Watching { child, stderr }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Wait until `done` holds, failing the test after a generous bound.
    fn wait_until(&mut self, what: &str, mut done: impl FnMut(&Watching) -> bool) {
        let start = Instant::now();
        while !done(self) {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("watch exited ({status}) waiting for {what}:\n{}", self.stderr());
            }
            if start.elapsed() > Duration::from_secs(180) {
                panic!("no {what} after 180 s:\n{}", self.stderr());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Replace a text as an editor does: write a hidden file beside it, then rename it over
/// (the hidden file is itself a change the watcher must ignore).
fn save(project: &Project, rel: &str, text: &str) {
    let path = project.path(rel);
    let tmp = path.with_file_name(".berattelse-test-save");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
}

fn read(path: &Path) -> Option<Vec<u8>> {
    std::fs::read(path).ok()
}

#[test]
fn watch_rebuilds_on_an_edit_and_keeps_the_last_good_pdf_when_one_breaks() {
    let project = Project::fixture("minimal");
    let pdf = project.path(&format!("out/2024/{MIN_SLUG}.pdf"));
    let mut w = Watching::start(&project);
    w.wait_until("first build", |w| w.stderr().contains("watching "));
    let first = read(&pdf).expect("the first build wrote no PDF");

    let text = project.read_string("texts/sammanfattning.md");
    save(
        &project,
        "texts/sammanfattning.md",
        &format!("{text}\nEn ny mening om året som gick.\n"),
    );
    w.wait_until("rebuilt PDF", |_| read(&pdf).is_some_and(|b| b != first));
    let second = read(&pdf).unwrap();
    let built = w.stderr().matches("] built ").count();
    assert!(built >= 2, "{}", w.stderr());

    save(&project, "texts/sammanfattning.md", "Under {{ year \n");
    w.wait_until("failed build", |w| w.stderr().contains("build failed"));
    let err = w.stderr();
    assert!(err.contains("error[template.error]"), "{err}");
    assert!(err.contains("texts/sammanfattning.md:1:"), "{err}");
    assert!(err.contains("the last good output in"), "{err}");
    assert!(read(&pdf).unwrap() == second, "the last good PDF was replaced");
}
