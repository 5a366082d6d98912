//! `berattelse.yaml`: who the report is for, which kind of report, and document metadata.

pub mod blocks;
pub mod document;
pub mod goals;
pub mod jamforelse;
pub mod limits;
pub mod memo;
pub mod next_edition;
pub mod outline_changes;
pub mod privacy;
pub mod profile;
pub mod revisions;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::model::outline::SectionSpec;

pub const FILE_NAME: &str = crate::project::CONFIG_FILE;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub organisation: Organisation,
    #[serde(default)]
    pub report: ReportSettings,
    /// Several reports from one project (e.g. a kvalitetsberättelse and a
    /// patientsäkerhetsberättelse); replaces `report:` when given. See [`Config::report_list`].
    #[serde(default, alias = "rapporter")]
    pub reports: Vec<ReportSettings>,
    pub document: DocumentMeta,
    /// Replaces the kind's default outline when given.
    #[serde(default)]
    pub outline: Option<Vec<SectionSpec>>,
    /// Drops, renames, moves and additions applied to the outline (src/outline_edit.rs).
    #[serde(default, alias = "disposition")]
    pub outline_changes: Option<crate::config::outline_changes::OutlineChanges>,
    /// Small-number protection: threshold, which indicators count persons, which are totals.
    #[serde(default, alias = "röjandeskydd", alias = "rojandeskydd")]
    pub privacy: crate::config::privacy::Privacy,
    /// Where the previous edition's stored data is, for listing revised values.
    #[serde(default, alias = "revideringar")]
    pub revisions: Option<crate::config::revisions::RevisionSettings>,
    /// Labels of the section blocks Bakgrund, Mål, Metod, Resultat, Analys, Åtgärder.
    #[serde(default, alias = "block")]
    pub blocks: crate::config::blocks::BlockLabels,
    /// Graphic profile: colours, font files, logo.
    #[serde(default, alias = "profil")]
    pub profile: Option<crate::config::profile::Profile>,
    /// Abbreviations added to (or overriding) the built-in list, abbreviation → expansion.
    #[serde(default, alias = "förkortningar", alias = "forkortningar")]
    pub abbreviations: std::collections::BTreeMap<String, String>,
    /// The tjänsteskrivelse for the committee agenda; written beside the report when given.
    #[serde(default, alias = "tjänsteskrivelse")]
    pub tjansteskrivelse: Option<crate::config::memo::Memo>,
    /// How large a text may be and how long rendering it may take.
    #[serde(default, alias = "gränser", alias = "granser")]
    pub limits: crate::config::limits::Limits,
    /// Comparison municipalities, Kolada groups and organisational units (`hamta kolada`).
    #[serde(default, alias = "jämförelse", alias = "comparisons")]
    pub jamforelse: crate::config::jamforelse::Jamforelse,
    /// Goal statuses of the project's own, and whether a status alone follows a goal up.
    #[serde(default, alias = "mål", alias = "mal")]
    pub goals: crate::config::goals::GoalSettings,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub kommun: String,
    #[serde(alias = "nämnd")]
    pub namnd: String,
    #[serde(default, alias = "förvaltning")]
    pub forvaltning: Option<String>,
    /// SCB's four-digit kommunkod, e.g. "1468". Picks the kommun's own values out of Kolada
    /// data; its first two digits are the län, whose values become `lan` benchmarks.
    #[serde(default)]
    pub kommunkod: Option<Kommunkod>,
}

/// A kommunkod: four digits, the first two the län (`01`–`25`). Written as a string ("0180")
/// or, since YAML drops leading zeros, as a number (180 → "0180").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kommunkod(String);

impl Kommunkod {
    pub const EXPECTED: &'static str =
        "a four-digit kommunkod such as \"1468\" or \"0180\" (quote it to keep a leading zero)";

    /// Validate a code; 1–3 digits are padded with leading zeros, as Excel and YAML drop them.
    pub fn parse(text: &str) -> Option<Kommunkod> {
        let t = text.trim();
        if t.is_empty() || t.len() > 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let code = format!("{t:0>4}");
        let lan: u8 = code[..2].parse().ok()?;
        ((1..=25).contains(&lan) && &code[2..] != "00").then_some(Kommunkod(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The län's two digits ("14" for "1468").
    pub fn lan(&self) -> &str {
        &self.0[..2]
    }
}

impl<'de> Deserialize<'de> for Kommunkod {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Kommunkod;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(Kommunkod::EXPECTED)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Kommunkod, E> {
                Kommunkod::parse(v).ok_or_else(|| {
                    E::custom(format!(
                        "invalid kommunkod \"{v}\", expected {}",
                        Kommunkod::EXPECTED
                    ))
                })
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Kommunkod, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Kommunkod, E> {
                self.visit_str(&v.to_string())
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSettings {
    #[serde(default)]
    pub kind: ReportKind,
    /// Overrides the kind's title, e.g. "Patientsäkerhetsberättelse för hemsjukvården".
    #[serde(default)]
    pub title: Option<String>,
    /// File name stem of the outputs; derived from the title when absent. One file name,
    /// never a path (see [`check_slug`]).
    #[serde(default, deserialize_with = "deserialize_slug")]
    pub slug: Option<String>,
    /// Replaces the kind's default outline for this report (in `reports:`; a single report
    /// uses the top-level `outline:`).
    #[serde(default)]
    pub outline: Option<Vec<SectionSpec>>,
    /// Folder of this report's narrative texts, relative to the project; default `texts`.
    #[serde(default, alias = "texter")]
    pub texts: Option<String>,
    /// Changes to the kind's outline for this report (a single report may also use the
    /// top-level `outline_changes:`).
    #[serde(default, alias = "disposition")]
    pub outline_changes: Option<crate::config::outline_changes::OutlineChanges>,
    /// This report's document metadata (in `reports:`): each key replaces the project's
    /// `document:` for this report alone.
    #[serde(default)]
    pub document: Option<crate::config::document::DocumentOverride>,
    /// This report's tjänsteskrivelse (in `reports:`), in place of the project's.
    #[serde(default, alias = "tjänsteskrivelse")]
    pub tjansteskrivelse: Option<crate::config::memo::Memo>,
}

impl ReportSettings {
    /// The texts folder without trailing slashes: `texts` unless configured.
    pub fn texts_dir(&self) -> &str {
        self.texts
            .as_deref()
            .map(|t| t.trim_end_matches('/'))
            .filter(|t| !t.is_empty())
            .unwrap_or("texts")
    }
}

impl Config {
    /// Every report the project builds: `reports:` when given, else the single `report:`
    /// (with the top-level `outline:`).
    pub fn report_list(&self) -> Vec<ReportSettings> {
        if self.reports.is_empty() {
            let mut r = self.report.clone();
            if r.outline.is_none() {
                r.outline = self.outline.clone();
            }
            if r.outline_changes.is_none() {
                r.outline_changes = self.outline_changes.clone();
            }
            vec![r]
        } else {
            self.reports.clone()
        }
    }

    /// This config narrowed to one report: `report` and `outline` are that report's, so the
    /// rest of the pipeline sees a single-report project.
    pub fn for_report(&self, report: &ReportSettings) -> Config {
        let mut c = self.clone();
        c.report = report.clone();
        c.outline = report.outline.clone();
        c.outline_changes = report.outline_changes.clone();
        if let Some(d) = &report.document {
            c.document = d.apply(&self.document);
        }
        if report.tjansteskrivelse.is_some() {
            c.tjansteskrivelse = report.tjansteskrivelse.clone();
        }
        c.reports = Vec::new();
        c
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub enum ReportKind {
    /// Kvalitets- och patientsäkerhetsberättelse in one document (as Vänersborg's).
    #[default]
    #[serde(rename = "kvalitets-och-patientsakerhetsberattelse")]
    Combined,
    /// Kvalitetsberättelse for socialtjänst and LSS alone (SOSFS 2011:9 7 kap. 1 §).
    #[serde(rename = "kvalitetsberattelse")]
    Kvalitetsberattelse,
    /// Patientsäkerhetsberättelse for HSL alone (PSL 3 kap. 10 §), after SKR's template.
    #[serde(rename = "patientsakerhetsberattelse")]
    Patientsakerhetsberattelse,
    /// Avvikelser for a period (halvår, tertial, …) against the same period a year earlier
    /// and earlier full years.
    #[serde(rename = "avvikelserapport")]
    Avvikelserapport,
}

impl ReportKind {
    pub const ALL: [ReportKind; 4] = [
        ReportKind::Combined,
        ReportKind::Kvalitetsberattelse,
        ReportKind::Patientsakerhetsberattelse,
        ReportKind::Avvikelserapport,
    ];

    pub fn id(self) -> &'static str {
        match self {
            ReportKind::Combined => "kvalitets-och-patientsakerhetsberattelse",
            ReportKind::Kvalitetsberattelse => "kvalitetsberattelse",
            ReportKind::Patientsakerhetsberattelse => "patientsakerhetsberattelse",
            ReportKind::Avvikelserapport => "avvikelserapport",
        }
    }

    /// The legal checklists this kind must meet, and whether a missing "ska" item is an
    /// error (the patientsäkerhetsberättelse is mandatory) or only a warning.
    pub fn checklists(self) -> &'static [(&'static str, bool)] {
        match self {
            ReportKind::Combined => &[
                ("patientsakerhetsberattelse", true),
                ("kvalitetsberattelse", false),
            ],
            ReportKind::Kvalitetsberattelse => &[("kvalitetsberattelse", false)],
            ReportKind::Patientsakerhetsberattelse => &[("patientsakerhetsberattelse", true)],
            // A follow-up report for the nämnd, not a document the law requires.
            ReportKind::Avvikelserapport => &[],
        }
    }

    /// The PDF keywords (XMP) that say what the document is: the combined report is both
    /// berättelser, each other kind only itself.
    pub fn keywords(self) -> &'static [&'static str] {
        match self {
            ReportKind::Combined => &["kvalitetsberättelse", "patientsäkerhetsberättelse"],
            ReportKind::Kvalitetsberattelse => &["kvalitetsberättelse", "socialtjänst"],
            ReportKind::Patientsakerhetsberattelse => &["patientsäkerhetsberättelse", "hälso- och sjukvård"],
            ReportKind::Avvikelserapport => &["avvikelserapport", "avvikelser"],
        }
    }

    /// Whether every chapter starts on a new page unless the profile says otherwise. No
    /// kind's tradition asks for it: Härnösand's kvalitetsberättelse runs chapters 3 and 4 on
    /// one page, Vänersborg's combined report runs 2.1–2.7 on, Herrljunga's halvårsrapport runs
    /// its sections on (docs/document.md, "Page flow"). The tjänsteskrivelse is one memo and
    /// never breaks.
    pub fn new_page_per_chapter(self) -> bool {
        match self {
            ReportKind::Combined
            | ReportKind::Kvalitetsberattelse
            | ReportKind::Patientsakerhetsberattelse
            | ReportKind::Avvikelserapport => false,
        }
    }

    /// Whether the kind is written for a calendar year only (the berättelser are yearly by
    /// law or allmänt råd); the avvikelserapport may cover any period.
    pub fn yearly(self) -> bool {
        self != ReportKind::Avvikelserapport
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentMeta {
    /// The document date; also the PDF's creation date, so builds are reproducible.
    pub date: NaiveDate,
    #[serde(default)]
    pub diarienummer: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
    /// Fastställd av (instans).
    #[serde(default, alias = "fastställd_av")]
    pub adopted_by: Option<String>,
    /// Dokumentansvarig.
    #[serde(default, alias = "dokumentansvarig")]
    pub owner: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    /// `utkast` (default) until the nämnd has decided, then `fastställd` with `decided:` and
    /// `paragraph:`; decides what the cover says (src/config/document.rs).
    #[serde(default)]
    pub status: crate::config::document::Status,
    /// Date of the nämnd's decision (with `status: fastställd`).
    #[serde(default, alias = "beslutsdatum")]
    pub decided: Option<NaiveDate>,
    /// Paragraph of the decision in the minutes, e.g. "§ 45".
    #[serde(default, alias = "paragraf")]
    pub paragraph: Option<String>,
    /// PDF keywords besides the report kind's own, the nämnd, kommun and year.
    #[serde(default, alias = "nyckelord")]
    pub keywords: Vec<String>,
}

/// What a slug may be, for messages.
pub const SLUG_EXPECTED: &str = "one file name of letters a–z, digits, `-`, `_` and `.` (such as \"psb\" or \"kvalitetsberattelse-2024\"), starting with a letter or digit, at most 100 characters";

/// A slug names the output files `out/<period>/<slug>.md`, so it must be one safe file-name
/// component: no `/`, `\\`, `..`, absolute path, drive letter, control or other character that
/// means something to a file system, and not empty or hidden. `Err` says what is wrong.
pub fn check_slug(slug: &str) -> Result<(), &'static str> {
    let first = slug.chars().next();
    if slug.is_empty() {
        Err("is empty")
    } else if slug.contains(['/', '\\']) {
        Err("is a path (it has a `/` or `\\`)")
    } else if slug.contains("..") {
        Err("contains `..`")
    } else if slug.chars().count() > 100 {
        Err("is longer than 100 characters")
    } else if !first.is_some_and(|c| c.is_ascii_alphanumeric()) {
        Err("does not start with a letter or digit")
    } else if !slug
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        Err("has a character other than letters a–z, digits, `-`, `_` and `.`")
    } else {
        Ok(())
    }
}

fn deserialize_slug<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<CheckedSlug>::deserialize(d)?.map(|s| s.0))
}

/// A slug checked while its scalar is read, so that a refused one is located at its value.
struct CheckedSlug(String);

impl<'de> Deserialize<'de> for CheckedSlug {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = String;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(SLUG_EXPECTED)
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<String, E> {
                check_slug(s).map_err(|problem| {
                    E::custom(format!(
                        "slug \"{}\" {problem}; expected {SLUG_EXPECTED}",
                        crate::diag::shorten(s)
                    ))
                })?;
                Ok(s.to_owned())
            }
        }
        d.deserialize_str(Visitor).map(CheckedSlug)
    }
}

/// ASCII slug for file names: "Kvalitets- och patientsäkerhetsberättelse" + 2024 →
/// "kvalitets-och-patientsakerhetsberattelse-2024".
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'å' | 'ä' | 'à' | 'á' => 'a',
            'ö' | 'ó' | 'ø' => 'o',
            'é' | 'è' | 'ë' => 'e',
            'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_is_ascii_and_dashed() {
        assert_eq!(
            slugify("Kvalitets- och patientsäkerhetsberättelse 2024"),
            "kvalitets-och-patientsakerhetsberattelse-2024"
        );
    }

    #[test]
    fn minimal_config_parses_with_swedish_aliases() {
        let c: Config = crate::formats::yaml::parse(
            "b.yaml",
            "organisation: {kommun: A, nämnd: Socialnämnden}\ndocument: {date: 2025-02-18}\n",
        )
        .unwrap();
        assert_eq!(c.organisation.namnd, "Socialnämnden");
        assert_eq!(c.report.kind, ReportKind::Combined);
        assert_eq!(c.report_list().len(), 1);
        assert_eq!(c.report_list()[0].texts_dir(), "texts");
    }

    #[test]
    fn every_kind_parses_and_has_its_checklists() {
        for kind in ReportKind::ALL {
            let c: Config = crate::formats::yaml::parse(
                "b.yaml",
                &format!(
                    "organisation: {{kommun: A, namnd: B}}\nreport: {{kind: {}}}\ndocument: {{date: 2025-02-18}}\n",
                    kind.id()
                ),
            )
            .unwrap();
            assert_eq!(c.report.kind, kind);
        }
        // The PSB alone is mandatory (errors); the KB alone only warns; the
        // avvikelserapport has no legal checklist.
        assert_eq!(
            ReportKind::Patientsakerhetsberattelse.checklists(),
            &[("patientsakerhetsberattelse", true)]
        );
        assert_eq!(
            ReportKind::Kvalitetsberattelse.checklists(),
            &[("kvalitetsberattelse", false)]
        );
        assert!(ReportKind::Avvikelserapport.checklists().is_empty());
        assert!(!ReportKind::Avvikelserapport.yearly());
        assert!(ReportKind::Kvalitetsberattelse.yearly());
    }

    #[test]
    fn reports_list_replaces_the_single_report() {
        let c: Config = crate::formats::yaml::parse(
            "b.yaml",
            "organisation: {kommun: A, namnd: B}\ndocument: {date: 2025-02-18}\nreports:\n  \
             - {kind: kvalitetsberattelse, texts: texts/kb/}\n  \
             - {kind: patientsakerhetsberattelse, slug: psb, texts: texts/psb}\n",
        )
        .unwrap();
        let list = c.report_list();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].texts_dir(), "texts/kb");
        assert_eq!(list[1].slug.as_deref(), Some("psb"));
        let one = c.for_report(&list[1]);
        assert_eq!(one.report.kind, ReportKind::Patientsakerhetsberattelse);
        assert!(one.reports.is_empty());
    }

    #[test]
    fn kommunkod_keeps_leading_zeros_and_rejects_non_codes() {
        let parse = |y: &str| {
            crate::formats::yaml::parse::<Config>(
                "b.yaml",
                &format!(
                    "organisation: {{kommun: A, namnd: B, kommunkod: {y}}}\ndocument: {{date: 2025-02-18}}\n"
                ),
            )
        };
        let c = parse("\"0180\"").unwrap();
        assert_eq!(c.organisation.kommunkod.unwrap().as_str(), "0180");
        let c = parse("180").unwrap();
        assert_eq!(c.organisation.kommunkod.as_ref().unwrap().as_str(), "0180");
        assert_eq!(parse("1468").unwrap().organisation.kommunkod.unwrap().lan(), "14");
        for bad in ["\"0000\"", "\"14\"", "\"Sjövik\"", "12345", "\"1400\""] {
            let e = parse(bad).unwrap_err();
            assert!(e.message.contains("kommunkod"), "{bad}: {}", e.message);
            assert_eq!(e.location.unwrap().line, Some(1), "{bad}");
        }
    }

    #[test]
    fn privacy_and_revisions_blocks() {
        let c: Config = crate::formats::yaml::parse(
            "b.yaml",
            "organisation: {kommun: A, namnd: B}\ndocument: {date: 2025-02-18}\n\
             privacy:\n  threshold: 10\n  persons: [a.b]\n  totals:\n    - {total: t, parts: [a.b, c]}\n\
             revisions: {previous: arkiv/2023.underlag.json}\n",
        )
        .unwrap();
        assert_eq!(c.privacy.threshold, 10);
        assert_eq!(c.privacy.persons, ["a.b"]);
        assert_eq!(c.privacy.totals[0].parts, ["a.b", "c"]);
        assert_eq!(
            c.revisions.and_then(|r| r.previous).as_deref(),
            Some("arkiv/2023.underlag.json")
        );
        let d: Config = crate::formats::yaml::parse(
            "b.yaml",
            "organisation: {kommun: A, namnd: B}\ndocument: {date: 2025-02-18}\n",
        )
        .unwrap();
        assert_eq!(d.privacy.threshold, 5);
        let e = crate::formats::yaml::parse::<Config>(
            "b.yaml",
            "organisation: {kommun: A, namnd: B}\ndocument: {date: 2025-02-18}\nprivacy: {treshold: 3}\n",
        )
        .unwrap_err();
        assert!(e.message.contains("treshold"), "{}", e.message);
    }

    #[test]
    fn bad_date_is_an_error() {
        let e = crate::formats::yaml::parse::<Config>(
            "b.yaml",
            "organisation: {kommun: A, namnd: B}\ndocument: {date: 2024-13-01}\n",
        )
        .unwrap_err();
        // Issue 10: chrono's "input is out of range" alone said neither value nor form.
        assert_eq!(
            e.message,
            "b.yaml: document.date: invalid date \"2024-13-01\" (input is out of range)"
        );
        assert_eq!(
            e.notes,
            ["expected a date written YYYY-MM-DD, such as 2025-03-01"]
        );
        let loc = e.location.unwrap();
        assert_eq!((loc.line, loc.column), (Some(2), Some(18)));
    }

    /// Issue 10: `report.slug` was used as a path, so `../../x` wrote outside out/.
    #[test]
    fn slug_is_one_safe_file_name_checked_at_load() {
        for bad in [
            "../../evil",
            "/tmp/x",
            "a/b",
            "a\\b",
            "..",
            ".hidden",
            "-x",
            "",
            "Sjövik",
            "a b",
            "a\u{0}b",
        ] {
            let text = format!(
                "organisation: {{kommun: A, namnd: B}}\ndocument: {{date: 2025-02-01}}\nreport:\n  slug: \"{}\"\n",
                bad.replace('\\', "\\\\").replace('\0', "\\0")
            );
            let e = crate::formats::yaml::parse::<Config>("berattelse.yaml", &text)
                .err()
                .unwrap_or_else(|| panic!("slug {bad:?} accepted"));
            assert!(e.message.contains("slug \""), "{bad:?}: {}", e.message);
            assert!(e.message.contains("expected one file name"), "{}", e.message);
            let loc = e.location.unwrap();
            // At the value itself, not at the start of `report:`.
            assert_eq!((loc.line, loc.column), (Some(4), Some(9)), "{bad:?}");
        }
        for good in [
            "psb",
            "kb",
            "sjovik-kpb",
            "Rapport_2024.v2",
            "kvalitets-och-patientsakerhetsberattelse-2024",
        ] {
            assert_eq!(check_slug(good), Ok(()), "{good}");
        }
    }
}
