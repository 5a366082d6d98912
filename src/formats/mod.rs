//! File formats without domain: text decoding lives in `project`; here are delimited text,
//! the streamed event reader, xlsx, JSON with spans, and YAML with locations.

pub mod spanjson;
pub mod stream;
pub mod table;
pub mod xlsx;
pub mod yaml;
pub mod yamlloc;

/// Read a tabular project file, delimited text or `.xlsx`, chosen by its extension.
pub fn read_file(
    project: &crate::project::ProjectDir,
    rel: &str,
    columns: &[table::Column],
    diags: &mut Vec<crate::diag::Diagnostic>,
) -> Option<table::Table> {
    let bytes = match project.read_optional(rel) {
        Ok(Some(b)) => b,
        Ok(None) => return None,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    if rel.to_ascii_lowercase().ends_with(".xlsx") {
        xlsx::read(rel, &bytes, columns, diags)
    } else {
        table::read(rel, &bytes, columns, diags)
    }
}
