//! Carrying the entries of the old folder that this build does not produce into the staged
//! folder: hard links (the files are never changed in place, so old and new folder may share
//! them), copies where the file system refuses links, symlinks recreated, folders rebuilt.

use std::ffi::OsStr;
use std::io;
use std::path::Path;

use super::Steps;
use super::swap::sync_dir;

/// Every entry of `from` not named in `produced` (and not an old temp file) into `to`; one
/// write step per top-level entry.
pub(super) fn carry_over(from: &Path, to: &Path, produced: &[&OsStr], steps: &mut Steps) -> io::Result<()> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if produced.contains(&name.as_os_str()) || is_legacy_temp(&name) {
            continue;
        }
        carry(&entry.path(), &to.join(&name))?;
        steps.step()?;
    }
    Ok(())
}

fn carry(src: &Path, dst: &Path) -> io::Result<()> {
    let meta = std::fs::symlink_metadata(src)?;
    if meta.is_dir() {
        std::fs::create_dir(dst)?;
        for entry in std::fs::read_dir(src)? {
            let entry = entry?;
            carry(&entry.path(), &dst.join(entry.file_name()))?;
        }
        std::fs::set_permissions(dst, meta.permissions())?;
        return sync_dir(dst);
    }
    match std::fs::hard_link(src, dst) {
        Ok(()) => Ok(()),
        Err(_) if meta.is_file() => {
            std::fs::copy(src, dst)?;
            std::fs::File::open(dst)?.sync_all()
        }
        Err(e) => copy_symlink(src, dst, &meta).unwrap_or(Err(e)),
    }
}

#[cfg(unix)]
fn copy_symlink(src: &Path, dst: &Path, meta: &std::fs::Metadata) -> Option<io::Result<()>> {
    meta.file_type()
        .is_symlink()
        .then(|| std::os::unix::fs::symlink(std::fs::read_link(src)?, dst))
}

#[cfg(not(unix))]
fn copy_symlink(_src: &Path, _dst: &Path, _meta: &std::fs::Metadata) -> Option<io::Result<()>> {
    None
}

/// `.<name>.tmp-<pid>`: what versions before the locked output set left when killed.
fn is_legacy_temp(name: &OsStr) -> bool {
    let Some(name) = name.to_str() else {
        return false;
    };
    match name.rsplit_once(".tmp-") {
        Some((stem, pid)) => {
            stem.starts_with('.')
                && stem.len() > 1
                && !pid.is_empty()
                && pid.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_legacy_temp;
    use std::ffi::OsStr;

    #[test]
    fn legacy_temp_names() {
        for yes in [".a.md.tmp-1234", ".kb.pdf.tmp-7"] {
            assert!(is_legacy_temp(OsStr::new(yes)), "{yes}");
        }
        for no in [
            "a.md.tmp-1234",
            ".a.md.tmp-",
            ".a.md.tmp-12x",
            ".tmp-12",
            "notes.txt",
        ] {
            assert!(!is_legacy_temp(OsStr::new(no)), "{no}");
        }
    }
}
