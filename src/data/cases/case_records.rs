//! The lex Sarah and lex Maria case lists kept as records for the case tables (verksamhet,
//! kind of event, assessment, anmäld till IVO, IVO's decision, measures). The counting readers
//! (`lex_sarah.rs`, `lex_maria.rs`) validate every cell and report its problems; this pass
//! reads the same small files again for the printable fields only, keeps the rows whose date
//! is valid, and applies the free-text rule (`data::free_text`) to the printed text columns.

use crate::data::cells::{self, Cells, YES_NO};
use crate::data::free_text;
use crate::diag::Diagnostic;
use crate::formats::table::Column;
use crate::model::collected::Collected;
use crate::model::records::{Case, CaseKind};
use crate::project::files;

/// Read the case lists that exist into `collected.records.cases`.
pub fn load(inputs: &crate::data::Inputs, collected: &mut Collected, diags: &mut Vec<Diagnostic>) {
    let sources: [(CaseKind, &str, &[Column]); 2] = [
        (
            CaseKind::LexSarah,
            super::lex_sarah::STEM,
            super::lex_sarah::COLUMNS,
        ),
        (
            CaseKind::LexMaria,
            super::lex_maria::STEM,
            super::lex_maria::COLUMNS,
        ),
    ];
    for (kind, stem, columns) in sources {
        let Ok(Some(file)) = files::find(inputs.project, stem, files::TABULAR) else {
            continue;
        };
        // Problems of the file were reported by the counting reader.
        let mut quiet = Vec::new();
        let Some(table) = crate::formats::read_file(inputs.project, &file, columns, &mut quiet) else {
            continue;
        };
        let position = |name: &str| columns.iter().position(|c| c.name == name);
        let cx = Cells::new(&file);
        for row in &table.rows {
            let cell = |name: &str| position(name).and_then(|i| row.cells[i].as_ref());
            let Some(date) = cells::text(cell("datum")).and_then(cells::parse_date) else {
                continue;
            };
            let reported = cells::text(cell("anmäld_ivo")).and_then(|t| {
                cells::choice(t, cx.row(row.line), "anmäld_ivo", YES_NO, &mut quiet)
                    .ok()
                    .flatten()
            });
            let plain = |name: &str| cells::text(cell(name)).map(|t| t.trim().to_string());
            collected.records.cases.push(Case {
                kind,
                id: plain("id").unwrap_or_default(),
                date,
                unit: plain("verksamhet"),
                event_kind: free_text::printable(&cx, cell("händelse"), "händelse", diags),
                assessment: plain("bedömning"),
                reported_ivo: reported,
                decision: plain("ivo_beslut"),
                measures: free_text::printable(&cx, cell("åtgärder"), "åtgärder", diags),
                file: file.clone(),
                line: row.line,
            });
        }
    }
}
