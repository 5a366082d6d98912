//! Per-report document metadata: `document:` and `tjansteskrivelse:` inside an entry of
//! `reports:` replace, key by key, the project's own (which are the defaults), so that a
//! kvalitetsberättelse and a patientsäkerhetsberättelse from one project each have their own
//! diarienummer, owner, keywords and memo. And the decision status that decides what the
//! cover says: "Förslag till Socialnämnden" until the nämnd has fastställt the report.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::config::DocumentMeta;
use crate::diag::{Diagnostic, Location};

/// Where the report is in the decision process.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not yet decided: the cover says "Förslag till <nämnd>" (the default).
    #[default]
    #[serde(alias = "förslag", alias = "forslag", alias = "draft")]
    Utkast,
    /// Decided: the cover says "Fastställd av <nämnd> <date>, § <n>"; needs `decided:` and
    /// `paragraph:`.
    #[serde(alias = "fastställd", alias = "adopted")]
    Faststalld,
}

/// A report's own `document:` in `reports:`; every key it gives replaces the project's.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentOverride {
    #[serde(default)]
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub diarienummer: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default, alias = "fastställd_av")]
    pub adopted_by: Option<String>,
    #[serde(default, alias = "dokumentansvarig")]
    pub owner: Option<String>,
    #[serde(default)]
    pub authors: Option<Vec<String>>,
    #[serde(default)]
    pub status: Option<Status>,
    #[serde(default, alias = "beslutsdatum")]
    pub decided: Option<NaiveDate>,
    #[serde(default, alias = "paragraf")]
    pub paragraph: Option<String>,
    #[serde(default, alias = "nyckelord")]
    pub keywords: Option<Vec<String>>,
}

impl DocumentOverride {
    /// The project's `document:` with this report's keys put over it.
    pub fn apply(&self, base: &DocumentMeta) -> DocumentMeta {
        let mut d = base.clone();
        let o = self.clone();
        d.date = o.date.unwrap_or(d.date);
        d.diarienummer = o.diarienummer.or(d.diarienummer);
        d.version = o.version.or(d.version);
        d.adopted_by = o.adopted_by.or(d.adopted_by);
        d.owner = o.owner.or(d.owner);
        d.authors = o.authors.unwrap_or(d.authors);
        d.status = o.status.unwrap_or(d.status);
        d.decided = o.decided.or(d.decided);
        d.paragraph = o.paragraph.or(d.paragraph);
        d.keywords = o.keywords.unwrap_or(d.keywords);
        d
    }
}

/// What the cover and the document information say about the decision: the row label and
/// its text. `namnd` decides when `adopted_by` is not given.
pub fn decision(doc: &DocumentMeta, namnd: &str) -> (&'static str, String) {
    let by = doc.adopted_by.as_deref().unwrap_or(namnd);
    match doc.status {
        Status::Utkast => ("Status", format!("Förslag till {by}")),
        Status::Faststalld => {
            let date = doc.decided.map(crate::format::date_iso).unwrap_or_default();
            let paragraph = doc.paragraph.as_deref().map(paragraph).unwrap_or_default();
            let when = [date, paragraph]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                // No line break before the paragraph sign (docs/sprak.md).
                .join(",\u{a0}");
            ("Fastställd av", format!("{by} {when}").trim_end().to_string())
        }
    }
}

/// "45", "§ 45" and "§45" all print "§ 45".
fn paragraph(p: &str) -> String {
    let bare = p.trim().trim_start_matches('§').trim();
    format!("§\u{a0}{bare}")
}

/// A fastställd report names its decision: date and paragraph. `report` names the entry of
/// `reports:` (or "the report") for the message.
pub fn check(doc: &DocumentMeta, report: &str, diags: &mut Vec<Diagnostic>) {
    if doc.status != Status::Faststalld {
        return;
    }
    let missing: Vec<&str> = [
        ("decided", doc.decided.is_none()),
        (
            "paragraph",
            doc.paragraph
                .as_deref()
                .is_none_or(|p| p.trim().trim_start_matches('§').trim().is_empty()),
        ),
    ]
    .into_iter()
    .filter_map(|(k, m)| m.then_some(k))
    .collect();
    if !missing.is_empty() {
        diags.push(
            Diagnostic::error(
                "document.decision-missing",
                format!(
                    "{report} is `status: fastställd` but its decision has no {}",
                    missing.join(" and no ")
                ),
            )
            .at(Location::file(crate::config::FILE_NAME))
            .note("give the date and paragraph of the nämnd's decision, e.g. `decided: 2025-03-20` and `paragraph: \"§ 45\"`, or leave `status: utkast` until the nämnd has decided"),
        );
    }
    if let Some(d) = doc.decided
        && d < doc.date
    {
        diags.push(
            Diagnostic::error(
                "document.decided-before-date",
                format!(
                    "{report} is fastställd {} , before its own date {}",
                    crate::format::date_iso(d),
                    crate::format::date_iso(doc.date)
                ),
            )
            .at(Location::file(crate::config::FILE_NAME))
            .note("the nämnd decides on the finished document: `decided:` is on or after `date:`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(yaml: &str) -> DocumentMeta {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn utkast_is_a_proposal_and_faststalld_names_the_decision() {
        let d = doc("{date: 2025-02-18, adopted_by: Socialnämnden}");
        assert_eq!(
            decision(&d, "SN"),
            ("Status", "Förslag till Socialnämnden".to_string())
        );
        let d = doc("{date: 2025-02-18}");
        assert_eq!(
            decision(&d, "Vård- och omsorgsnämnden").1,
            "Förslag till Vård- och omsorgsnämnden"
        );
        let d = doc("{date: 2025-02-18, status: fastställd, decided: 2025-03-20, paragraph: '§45'}");
        assert_eq!(
            decision(&d, "Socialnämnden"),
            (
                "Fastställd av",
                "Socialnämnden 2025-03-20,\u{a0}§\u{a0}45".to_string()
            )
        );
        let mut diags = Vec::new();
        check(&d, "the report", &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn faststalld_without_decision_is_an_error() {
        let mut diags = Vec::new();
        check(
            &doc("{date: 2025-02-18, status: fastställd}"),
            "report \"kb\"",
            &mut diags,
        );
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "document.decision-missing");
        assert!(
            diags[0].message.contains("no decided and no paragraph"),
            "{}",
            diags[0].message
        );
        let mut diags = Vec::new();
        check(
            &doc("{date: 2025-02-18, status: fastställd, decided: 2025-01-10, paragraph: '3'}"),
            "the report",
            &mut diags,
        );
        assert_eq!(diags[0].code, "document.decided-before-date");
    }

    #[test]
    fn a_report_s_keys_replace_the_project_s() {
        let base = doc("{date: 2025-02-18, diarienummer: SN 2025/1, owner: MAS, authors: [A, B]}");
        let o: DocumentOverride = serde_yaml::from_str("{diarienummer: SN 2025/2, owner: SAS}").unwrap();
        let d = o.apply(&base);
        assert_eq!(d.diarienummer.as_deref(), Some("SN 2025/2"));
        assert_eq!(d.owner.as_deref(), Some("SAS"));
        assert_eq!(d.authors, ["A", "B"]);
        assert_eq!(d.date, base.date);
        assert!(serde_yaml::from_str::<DocumentOverride>("{owner: X, agare: Y}").is_err());
    }
}
