//! The lint of texts carried over from last year's project (`berattelse init --from`): an
//! unedited draft (load/draft.rs) is flagged until someone has edited it.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Location};
use crate::load::draft::unedited;
use crate::load::{Loaded, all_sections};
use crate::project::ProjectDir;

pub const CODE: &str = "lint.draft-text";

/// Flag every unedited draft: the section texts and the tjänsteskrivelse's sammanfattning.
pub fn lint(project: &ProjectDir, loaded: &Loaded, year: i32, diags: &mut Vec<Diagnostic>) {
    let titles: BTreeMap<String, &str> = all_sections(&loaded.sections)
        .map(|s| (s.text_file(), s.title.as_str()))
        .collect();
    let mut texts: Vec<(String, String)> = loaded.texts.iter().map(|(f, t)| (f.clone(), t.clone())).collect();
    if let Some(memo) = &loaded.config.tjansteskrivelse {
        let file = memo
            .sammanfattning
            .clone()
            .unwrap_or_else(|| crate::config::memo::DEFAULT_SUMMARY.to_string());
        if let Ok(Some(t)) = crate::load::read_text(project, &file, &loaded.config.limits) {
            texts.push((file, t));
        }
    }
    for (file, text) in texts {
        let Some(from) = unedited(&text) else { continue };
        let what = titles.get(&file).map_or_else(
            || "the tjänsteskrivelse's sammanfattning".to_string(),
            |t| format!("the text of \"{t}\""),
        );
        diags.push(
            Diagnostic::warning(
                CODE,
                format!("{what} is the {from} report's, carried over and not yet edited"),
            )
            .at(Location::line(file, 1))
            .note(format!(
                "update it for {year}; the warning stops once the text has changed (its first line, a comment, may then go)"
            )),
        );
    }
}
