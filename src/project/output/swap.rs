//! Putting the staged folder in place of the old one, undoing that when a later step fails,
//! and recovering what a killed build left behind.

use std::io;
use std::path::Path;

use super::{Layout, Steps};

/// How the staged folder replaces the old one.
#[derive(Debug, Clone, Copy)]
pub(super) struct Swap {
    /// Try `renameat2(RENAME_EXCHANGE)` first (Linux); otherwise, or where the file system
    /// refuses it, two renames through `.<PERIOD>.old`.
    pub(super) exchange: bool,
}

impl Swap {
    pub(super) fn best() -> Swap {
        Swap {
            exchange: cfg!(any(target_os = "linux", target_os = "android")),
        }
    }

    /// Put the complete staged folder in place (a failure puts the old set back), fsync the
    /// parent and remove the old set.
    pub(super) fn commit(self, l: &Layout, existed: bool, steps: &mut Steps) -> io::Result<()> {
        if !existed {
            return first(l, steps);
        }
        if self.exchange {
            match exchange(&l.staging, &l.dir) {
                Ok(()) => {}
                Err(Unsupported) => return two_renames(l, steps),
                Err(Failed(e)) => return Err(discard(l, e)),
            }
            // The new set is in place; the old one is at the staging name.
            if let Err(e) = settle(l, steps) {
                if exchange(&l.staging, &l.dir).is_ok() {
                    let _ = sync_dir(&l.parent);
                }
                return Err(discard(l, e));
            }
            remove_quietly(&l.staging, steps);
            Ok(())
        } else {
            two_renames(l, steps)
        }
    }
}

/// No folder yet: one rename makes the staged folder the folder.
fn first(l: &Layout, steps: &mut Steps) -> io::Result<()> {
    if let Err(e) = std::fs::rename(&l.staging, &l.dir) {
        return Err(discard(l, e));
    }
    if let Err(e) = settle(l, steps) {
        if std::fs::rename(&l.dir, &l.staging).is_ok() {
            let _ = sync_dir(&l.parent);
        }
        return Err(discard(l, e));
    }
    Ok(())
}

/// The old folder to `.<PERIOD>.old`, the staged one in its place; between the two renames
/// there is no folder, which [`recover`] rolls back if the build dies there.
fn two_renames(l: &Layout, steps: &mut Steps) -> io::Result<()> {
    std::fs::rename(&l.dir, &l.old).map_err(|e| discard(l, e))?;
    let put_back = |e: io::Error| {
        if std::fs::rename(&l.old, &l.dir).is_ok() {
            let _ = sync_dir(&l.parent);
        }
        discard(l, e)
    };
    steps.step().map_err(put_back)?;
    std::fs::rename(&l.staging, &l.dir).map_err(put_back)?;
    if let Err(e) = settle(l, steps) {
        if std::fs::rename(&l.dir, &l.staging).is_ok() {
            return Err(put_back(e));
        }
        return Err(e);
    }
    remove_quietly(&l.old, steps);
    Ok(())
}

/// After the rename that put the new set in place: count it, make it durable.
fn settle(l: &Layout, steps: &mut Steps) -> io::Result<()> {
    steps.step()?;
    sync_dir(&l.parent)?;
    steps.step()
}

/// Remove the staging folder after a failure and hand the error on.
fn discard(l: &Layout, e: io::Error) -> io::Error {
    let _ = std::fs::remove_dir_all(&l.staging);
    e
}

/// The old set, once the new one is in place: a failure leaves it for the next build.
fn remove_quietly(path: &Path, steps: &mut Steps) {
    if std::fs::remove_dir_all(path).is_ok() {
        let _ = steps.step();
    }
}

/// Before staging, under the lock: roll back a two-rename swap that was cut off between its
/// renames (the folder is missing and the old set waits at `.<PERIOD>.old`), then remove
/// stale staging and old folders.
pub(super) fn recover(l: &Layout, steps: &mut Steps) -> io::Result<()> {
    let exists = |p: &Path| std::fs::symlink_metadata(p).is_ok();
    if !exists(&l.dir) && l.old.is_dir() {
        std::fs::rename(&l.old, &l.dir)?;
        sync_dir(&l.parent)?;
        steps.step()?;
    }
    for stale in [&l.staging, &l.old] {
        match std::fs::symlink_metadata(stale) {
            Ok(m) if m.is_dir() => std::fs::remove_dir_all(stale)?,
            Ok(_) => std::fs::remove_file(stale)?,
            Err(_) => continue,
        }
        steps.step()?;
    }
    Ok(())
}

/// Make a folder's entries durable (a no-op where folders cannot be opened as files).
pub(super) fn sync_dir(dir: &Path) -> io::Result<()> {
    if cfg!(unix) {
        std::fs::File::open(dir)?.sync_all()
    } else {
        Ok(())
    }
}

enum ExchangeError {
    /// The system or file system has no atomic exchange.
    Unsupported,
    /// Only Linux has the exchange call that can fail otherwise.
    #[cfg_attr(not(any(target_os = "linux", target_os = "android")), allow(dead_code))]
    Failed(io::Error),
}
use ExchangeError::{Failed, Unsupported};

#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> Result<(), ExchangeError> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        Err(e) if e == Errno::INVAL || e == Errno::NOSYS || e == Errno::OPNOTSUPP => Err(Unsupported),
        Err(e) => Err(Failed(e.into())),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_a: &Path, _b: &Path) -> Result<(), ExchangeError> {
    Err(Unsupported)
}
