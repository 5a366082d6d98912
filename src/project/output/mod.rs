//! Writing a build's outputs as one set: `out/<PERIOD>/` is replaced as a whole, so a reader
//! sees either the complete old set or the complete new set, never a mix, and a failed or
//! killed build leaves the earlier outputs as they were.
//!
//! Under an exclusive lock (`out/.<PERIOD>.lock`, see [`lock`]), one write phase:
//!
//! 1. recover: roll back a swap a killed build left half done (only possible with two renames)
//!    and remove stale leftovers (`out/.<PERIOD>.staging`, `out/.<PERIOD>.old`);
//! 2. stage: a complete new folder `out/.<PERIOD>.staging` beside the old one, with this
//!    build's files (each written and fsynced) and, hard-linked (copied where links are
//!    refused), every entry of the old folder this build does not produce: another report's
//!    files after `--report`, the coordinator's own files. Temp files an older version of the
//!    tool left (`.<name>.tmp-<pid>`) are not carried over. The staging folder is fsynced;
//! 3. swap: on Linux one `renameat2(RENAME_EXCHANGE)` puts the new folder in place and the old
//!    one at the staging name; elsewhere (or on a file system without it) two renames through
//!    `out/.<PERIOD>.old`, which step 1 of the next build rolls back if a build dies between
//!    them. The parent folder is fsynced; if that fails the swap is undone;
//! 4. the old folder is removed and the lock released (the lock file removed).
//!
//! A failure before the swap removes the staging folder; the old set was never touched.
//!
//! Test hook (test-only, not for users): `BERATTELSE_ABORT_AFTER_WRITE_STEP=N` aborts the
//! process right after the N-th write step above (every folder created, file written, entry
//! carried over, fsync, rename and removal is one step), so the kill tests can stop a build
//! at every point of the write phase.

mod carry;
mod lock;
mod swap;

use std::ffi::{OsStr, OsString};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

/// Test-only: abort the process right after this write step (1-based).
pub const ABORT_ENV: &str = "BERATTELSE_ABORT_AFTER_WRITE_STEP";
/// How many seconds a build waits for another build's lock on the folder (default 60).
pub const LOCK_TIMEOUT_ENV: &str = "BERATTELSE_LOCK_TIMEOUT_SECS";
pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Debug, Clone)]
pub struct Options {
    /// How long to wait for another build that holds the folder's lock before giving up.
    pub lock_timeout: Duration,
    /// Test hook: abort the process right after this write step (1-based).
    pub abort_after_step: Option<u64>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            lock_timeout: DEFAULT_LOCK_TIMEOUT,
            abort_after_step: None,
        }
    }
}

impl Options {
    /// The defaults, with [`LOCK_TIMEOUT_ENV`] and [`ABORT_ENV`] when they are set.
    pub fn from_env() -> Options {
        let var = |name: &str| std::env::var(name).ok();
        Options {
            lock_timeout: var(LOCK_TIMEOUT_ENV)
                .and_then(|v| v.trim().parse::<f64>().ok())
                .filter(|s| s.is_finite() && (0.0..1e9).contains(s))
                .map(Duration::from_secs_f64)
                .unwrap_or(DEFAULT_LOCK_TIMEOUT),
            abort_after_step: var(ABORT_ENV)
                .and_then(|v| v.trim().parse::<u64>().ok())
                .filter(|n| *n > 0),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// Another build held the folder's lock for longer than the timeout.
    #[error("another build has held {} for more than {} s", lock.display(), waited.as_secs())]
    Locked { lock: PathBuf, waited: Duration },
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Replace the files of `dir` with `files` as one set (see the module documentation) and
/// return the written paths, in the order given. Entries of `dir` that are not in `files`
/// stay as they are.
pub fn write_set(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    options: &Options,
) -> Result<Vec<PathBuf>, OutputError> {
    let mut steps = Steps::new(options.abort_after_step);
    write_set_with(dir, files, options, swap::Swap::best(), &mut steps)
}

fn write_set_with(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    options: &Options,
    swap: swap::Swap,
    steps: &mut Steps,
) -> Result<Vec<PathBuf>, OutputError> {
    for (name, _) in files {
        check_name(name)?;
    }
    let layout = Layout::of(dir)?;
    create_parent(&layout.parent)?;
    let lock = lock::DirLock::acquire(&layout.lock, options.lock_timeout)?;
    let result = replace(&layout, files, swap, steps);
    lock.release(steps);
    result?;
    Ok(files.iter().map(|(name, _)| dir.join(name)).collect())
}

/// The paths of one output folder: the folder, its parent and the siblings the write uses.
#[derive(Debug)]
struct Layout {
    dir: PathBuf,
    parent: PathBuf,
    staging: PathBuf,
    old: PathBuf,
    lock: PathBuf,
}

impl Layout {
    fn of(dir: &Path) -> io::Result<Layout> {
        // A folder that is a symlink stays one: the swap happens where it points.
        let dir = match std::fs::symlink_metadata(dir) {
            Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(dir)?,
            _ => dir.to_path_buf(),
        };
        let name = dir
            .file_name()
            .map(OsStr::to_os_string)
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the output folder has no name"))?;
        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let sibling = |suffix: &str| {
            let mut s = OsString::from(".");
            s.push(&name);
            s.push(suffix);
            parent.join(s)
        };
        Ok(Layout {
            staging: sibling(".staging"),
            old: sibling(".old"),
            lock: sibling(".lock"),
            dir,
            parent,
        })
    }
}

/// Every output is one plain file name inside the folder.
/// A file name, or a path of names inside the folder (`<slug>.typst/report.typ`, the typst
/// sources of `--format typ`): never absolute, never `.` or `..`.
fn check_name(name: &str) -> io::Result<()> {
    let parts: Vec<&str> = name.split('/').collect();
    let plain = parts.iter().all(|part| {
        let mut components = Path::new(part).components();
        matches!(
            (components.next(), components.next()),
            (Some(Component::Normal(n)), None) if n == OsStr::new(part)
        )
    });
    if plain {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{name:?} is not a file name"),
        ))
    }
}

/// The top-level entry of the folder a produced file is in (itself, or its first folder).
fn top_level(name: &str) -> &str {
    name.split('/').next().unwrap_or(name)
}

fn create_parent(parent: &Path) -> io::Result<()> {
    if parent.is_dir() {
        return Ok(());
    }
    std::fs::create_dir_all(parent)?;
    if let Some(grand) = parent.parent().filter(|p| !p.as_os_str().is_empty()) {
        swap::sync_dir(grand)?;
    }
    Ok(())
}

/// Steps 1 to 3 of the module documentation, under the lock.
fn replace(l: &Layout, files: &[(String, Vec<u8>)], swap: swap::Swap, steps: &mut Steps) -> io::Result<()> {
    swap::recover(l, steps)?;
    let existed = match std::fs::symlink_metadata(&l.dir) {
        Ok(m) if m.is_dir() => true,
        Ok(_) => {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "a file of that name is in the way",
            ));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(e),
    };
    if let Err(e) = stage(l, files, existed, steps) {
        let _ = std::fs::remove_dir_all(&l.staging);
        return Err(e);
    }
    swap.commit(l, existed, steps)
}

fn stage(l: &Layout, files: &[(String, Vec<u8>)], existed: bool, steps: &mut Steps) -> io::Result<()> {
    std::fs::create_dir(&l.staging)?;
    steps.step()?;
    for (name, bytes) in files {
        let path = l.staging.join(name);
        if let Some(parent) = path.parent().filter(|p| *p != l.staging) {
            std::fs::create_dir_all(parent)?;
        }
        let mut f = std::fs::File::create(path)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        steps.step()?;
    }
    if existed {
        let produced: Vec<&OsStr> = files.iter().map(|(n, _)| OsStr::new(top_level(n))).collect();
        carry::carry_over(&l.dir, &l.staging, &produced, steps)?;
        std::fs::set_permissions(&l.staging, std::fs::metadata(&l.dir)?.permissions())?;
    }
    swap::sync_dir(&l.staging)?;
    steps.step()
}

/// Counts the write steps, for the test hooks.
#[derive(Debug, Default)]
struct Steps {
    done: u64,
    abort_after: Option<u64>,
    #[cfg(test)]
    fail_after: Option<u64>,
}

impl Steps {
    fn new(abort_after: Option<u64>) -> Steps {
        Steps {
            abort_after,
            ..Steps::default()
        }
    }

    /// One write step is done: abort here when the test hook asks for it.
    fn step(&mut self) -> io::Result<()> {
        self.done += 1;
        if self.abort_after == Some(self.done) {
            eprintln!("{ABORT_ENV}: aborting after write step {}", self.done);
            std::process::abort();
        }
        #[cfg(test)]
        if self.fail_after == Some(self.done) {
            return Err(io::Error::other(format!(
                "injected failure after write step {}",
                self.done
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
