//! Writing outputs atomically: each file goes to a temporary file in the same folder and is
//! renamed into place, so a reader never sees half a PDF and a failed build leaves earlier
//! outputs untouched (nothing is written until everything has been produced).

use std::io::Write;
use std::path::{Path, PathBuf};

pub fn write_all(dir: &Path, files: &[(String, Vec<u8>)]) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut staged = Vec::new();
    for (name, bytes) in files {
        let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        let result = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            for (t, _) in &staged {
                let _ = std::fs::remove_file(t);
            }
            return Err(e);
        }
        staged.push((tmp, dir.join(name)));
    }
    let mut written = Vec::new();
    for (tmp, target) in staged {
        std::fs::rename(&tmp, &target)?;
        written.push(target);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    #[test]
    fn writes_and_replaces_without_leftovers() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("out/2024");
        crate::project::output::write_all(&dir, &[("a.md".into(), b"one".to_vec())]).unwrap();
        crate::project::output::write_all(&dir, &[("a.md".into(), b"two".to_vec())]).unwrap();
        assert_eq!(std::fs::read(dir.join("a.md")).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1);
    }
}
