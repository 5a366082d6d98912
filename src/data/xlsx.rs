//! Reading `.xlsx` workbooks into the same rows as delimited files.

use crate::diag::{Diagnostic, Location};

use super::table::{Column, Table};

pub fn read(file: &str, _bytes: &[u8], _columns: &[Column], diags: &mut Vec<Diagnostic>) -> Option<Table> {
    diags.push(
        Diagnostic::error(
            "data.xlsx-unsupported",
            format!("{file}: reading .xlsx is not available in this build"),
        )
        .at(Location::file(file))
        .note("save the sheet as CSV (semikolonavgränsad) instead"),
    );
    None
}
