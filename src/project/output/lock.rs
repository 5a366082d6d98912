//! The exclusive lock on one output folder, held for the whole write phase: a file beside
//! the folder (`out/.<PERIOD>.lock`) locked with the operating system's advisory lock
//! (`flock` on Unix), which the kernel releases when the process ends, however it ends.
//!
//! A build that finds the lock taken polls until it is free or `timeout` has passed, then
//! gives up with [`OutputError::Locked`]. The holder removes the lock file before it
//! unlocks, so no lock file stays behind; a waiter that then gets the lock of the removed
//! file notices that the path no longer names the file it locked and locks the current one.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{OutputError, Steps};

const POLL: Duration = Duration::from_millis(20);

#[derive(Debug)]
pub(super) struct DirLock {
    file: File,
    path: PathBuf,
    /// False where the file system has no locks: the build goes on unlocked, as before.
    locked: bool,
}

impl DirLock {
    pub(super) fn acquire(path: &Path, timeout: Duration) -> Result<DirLock, OutputError> {
        let started = Instant::now();
        loop {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)?;
            loop {
                match file.try_lock() {
                    Ok(()) => break,
                    Err(TryLockError::WouldBlock) => {
                        if started.elapsed() >= timeout {
                            return Err(OutputError::Locked {
                                lock: path.to_path_buf(),
                                waited: started.elapsed(),
                            });
                        }
                        std::thread::sleep(POLL);
                    }
                    Err(TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {
                        return Ok(DirLock {
                            file,
                            path: path.to_path_buf(),
                            locked: false,
                        });
                    }
                    Err(TryLockError::Error(e)) => return Err(e.into()),
                }
            }
            if still_at(&file, path) {
                return Ok(DirLock {
                    file,
                    path: path.to_path_buf(),
                    locked: true,
                });
            }
            // The holder removed this file as it let go: lock the one at the path now.
        }
    }

    /// Remove the lock file (a write step), then unlock.
    pub(super) fn release(self, steps: &mut Steps) {
        if self.locked && cfg!(unix) && std::fs::remove_file(&self.path).is_ok() {
            let _ = steps.step();
        }
        drop(self.file);
    }
}

/// Whether `path` still names the file `file` has open.
#[cfg(unix)]
fn still_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Elsewhere an open file cannot be removed, so the lock file stays and is always current.
#[cfg(not(unix))]
fn still_at(_file: &File, _path: &Path) -> bool {
    true
}
