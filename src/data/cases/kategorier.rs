//! Avvikelse categories: the harmonised categories the report counts (`avvikelser.fall`,
//! `avvikelser.lakemedel`, ...) and the optional mapping file
//! `data/avvikelser-kategorier.yaml`, which says for each year which category names of the
//! deviation system mean which harmonised category. Systems and their category models
//! change; the mapping keeps a series comparable (or marks where it is an estimate).

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use crate::diag::{Diagnostic, Location, did_you_mean};
use crate::format::Unit;
use crate::model::catalogue::Catalogue;
use crate::project::ProjectDir;

use super::common::fold;

pub const MAPPING_FILE: &str = "data/avvikelser-kategorier.yaml";

/// The built-in harmonised categories (ids after `avvikelser.`) and extra spellings accepted
/// without a mapping file, besides the id and the catalogue's printed name.
pub const BUILTIN: &[(&str, &[&str])] = &[
    ("fall", &[]),
    ("lakemedel", &[]),
    ("vard_och_behandling", &[]),
    ("dokumentation", &[]),
    ("informationsoverforing", &[]),
    ("mtp", &["Medicintekniska produkter"]),
    ("hot_och_vald", &[]),
    ("ovrigt", &["Övrigt", "Övriga"]),
];

/// Measures of the avvikelser source that are not categories.
pub const DERIVED: &[&str] = &[
    "totalt",
    "hsl",
    "sol_lss",
    "fall_med_skada",
    "fall_utan_skada",
    "avslutade_inom_en_manad",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    #[serde(alias = "mappings")]
    mappningar: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    #[serde(default, rename = "år", alias = "ar", alias = "year")]
    year: Option<i32>,
    #[serde(default, rename = "från", alias = "fran", alias = "from")]
    from: Option<i32>,
    #[serde(default, rename = "till", alias = "to")]
    to: Option<i32>,
    #[serde(default, alias = "categories")]
    kategorier: BTreeMap<String, String>,
    #[serde(default, alias = "estimated")]
    uppskattade: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
struct Mapped {
    from: i32,
    to: i32,
    target: usize,
}

/// The harmonised categories and how names of a given year map onto them.
#[derive(Debug, Default)]
pub struct Categories {
    /// Harmonised ids without the `avvikelser.` prefix.
    pub ids: Vec<String>,
    direct: HashMap<String, usize>,
    /// Folded source name → the years it maps and to what.
    mapped: HashMap<String, Vec<Mapped>>,
    /// Source names as written in the mapping, for did-you-mean.
    mapped_names: Vec<(String, i32, i32)>,
    /// (from, to, category, note): counts of the category in those years are estimates.
    estimated: Vec<(i32, i32, usize, String)>,
}

impl Categories {
    /// The built-in categories, with the names the catalogue prints.
    pub fn builtin(catalogue: &Catalogue) -> Categories {
        let mut c = Categories::default();
        for (id, extra) in BUILTIN {
            c.add_category(id, catalogue);
            let k = c.ids.len() - 1;
            for e in *extra {
                c.direct.insert(fold(e), k);
            }
        }
        c
    }

    fn add_category(&mut self, id: &str, catalogue: &Catalogue) -> usize {
        if let Some(k) = self.ids.iter().position(|i| i == id) {
            return k;
        }
        let k = self.ids.len();
        self.ids.push(id.to_string());
        self.direct.insert(fold(id), k);
        self.direct.insert(fold(&format!("avvikelser.{id}")), k);
        if let Some(ind) = catalogue.get(&format!("avvikelser.{id}")) {
            self.direct.insert(fold(&ind.name), k);
        }
        k
    }

    /// The built-in categories plus the mapping file, if the project has one.
    pub fn load(
        project: &ProjectDir,
        catalogue: &Catalogue,
        files: &mut Vec<String>,
        diags: &mut Vec<Diagnostic>,
    ) -> Categories {
        let mut c = Categories::builtin(catalogue);
        let text = match project.read_text_optional(MAPPING_FILE) {
            Ok(Some(t)) => t,
            Ok(None) => return c,
            Err(d) => {
                diags.push(d);
                return c;
            }
        };
        files.push(MAPPING_FILE.to_string());
        c.read_mapping(&text, catalogue, diags);
        c
    }

    /// Read the mapping file's text (see docs/data-formats/cases.md).
    pub fn read_mapping(&mut self, text: &str, catalogue: &Catalogue, diags: &mut Vec<Diagnostic>) {
        let file: MappingFile = match crate::formats::yaml::parse(MAPPING_FILE, text) {
            Ok(f) => f,
            Err(d) => return diags.push(d),
        };
        let locate = |needles: &[&str]| -> Location {
            match text.lines().position(|l| needles.iter().all(|n| l.contains(n))) {
                Some(i) => Location::line(MAPPING_FILE, i + 1),
                None => Location::file(MAPPING_FILE),
            }
        };
        let mut entry_lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.trim_start().starts_with("- "))
            .map(|(i, _)| i + 1);
        for entry in &file.mappningar {
            let line = entry_lines.next();
            let here = || match line {
                Some(l) => Location::line(MAPPING_FILE, l),
                None => Location::file(MAPPING_FILE),
            };
            let range = match (entry.year, entry.from, entry.to) {
                (Some(y), None, None) => Some((y, y)),
                (None, Some(f), None) => Some((f, i32::MAX)),
                (None, Some(f), Some(t)) if t >= f => Some((f, t)),
                (None, Some(f), Some(t)) => {
                    diags.push(
                        Diagnostic::error(
                            "data.bad-mapping",
                            format!("mapping from {f} till {t}: till is before från"),
                        )
                        .at(here()),
                    );
                    None
                }
                _ => {
                    diags.push(
                        Diagnostic::error(
                            "data.bad-mapping",
                            "a mapping needs either `år: 2021` or `från: 2022` (optionally with `till:`)",
                        )
                        .at(here()),
                    );
                    None
                }
            };
            let Some((from, to)) = range else { continue };
            for (source, target) in &entry.kategorier {
                let Some(k) = self.target(target, catalogue) else {
                    let mut d = Diagnostic::error(
                        "data.unknown-category",
                        format!("\"{source}\" is mapped to unknown category \"{target}\""),
                    )
                    .at(locate(&[source.as_str(), target.as_str()]))
                    .note(format!(
                        "expected one of: {} (or a project indicator avvikelser.<id> with unit antal)",
                        self.ids.join(", ")
                    ));
                    if let Some(s) = did_you_mean(target, self.ids.iter().map(String::as_str)) {
                        d = d.note(format!("did you mean \"{s}\"?"));
                    }
                    diags.push(d);
                    continue;
                };
                let list = self.mapped.entry(fold(source)).or_default();
                if let Some(other) = list
                    .iter()
                    .find(|m| m.from <= to && from <= m.to && m.target != k)
                {
                    diags.push(
                        Diagnostic::error(
                            "data.bad-mapping",
                            format!(
                                "\"{source}\" is mapped to both {} and {} in overlapping years",
                                self.ids[other.target], self.ids[k]
                            ),
                        )
                        .at(locate(&[source.as_str(), target.as_str()]))
                        .note("each source category may mean one harmonised category in a given year"),
                    );
                    continue;
                }
                list.push(Mapped { from, to, target: k });
                self.mapped_names.push((source.clone(), from, to));
            }
            for (category, note) in &entry.uppskattade {
                match self.target(category, catalogue) {
                    Some(k) => self.estimated.push((from, to, k, note.clone())),
                    None => {
                        let mut d = Diagnostic::error(
                            "data.unknown-category",
                            format!("unknown category \"{category}\" in uppskattade"),
                        )
                        .at(locate(&[category.as_str()]))
                        .note(format!("expected one of: {}", self.ids.join(", ")));
                        if let Some(s) = did_you_mean(category, self.ids.iter().map(String::as_str)) {
                            d = d.note(format!("did you mean \"{s}\"?"));
                        }
                        diags.push(d);
                    }
                }
            }
        }
    }

    /// A harmonised category named in the mapping: a known id (with or without
    /// `avvikelser.`), or a project indicator `avvikelser.<id>` that counts (unit antal).
    fn target(&mut self, name: &str, catalogue: &Catalogue) -> Option<usize> {
        let id = name.trim().strip_prefix("avvikelser.").unwrap_or(name.trim());
        if let Some(k) = self.ids.iter().position(|i| i == id) {
            return Some(k);
        }
        if DERIVED.contains(&id) {
            return None;
        }
        let ind = catalogue.get(&format!("avvikelser.{id}"))?;
        (ind.unit == Unit::Antal).then(|| self.add_category(id, catalogue))
    }

    /// The harmonised category a source name means in `year`.
    pub fn resolve(&self, name: &str, year: i32) -> Option<usize> {
        let f = fold(name);
        if let Some(list) = self.mapped.get(&f)
            && let Some(m) = list.iter().find(|m| m.from <= year && year <= m.to)
        {
            return Some(m.target);
        }
        self.direct.get(&f).copied()
    }

    /// Names accepted in `year`, for did-you-mean.
    pub fn names(&self, year: i32, catalogue: &Catalogue) -> Vec<String> {
        let mut names: Vec<String> = self
            .mapped_names
            .iter()
            .filter(|(_, f, t)| *f <= year && year <= *t)
            .map(|(n, _, _)| n.clone())
            .collect();
        for id in &self.ids {
            names.push(id.clone());
            if let Some(ind) = catalogue.get(&format!("avvikelser.{id}")) {
                names.push(ind.name.clone());
            }
        }
        names
    }

    /// The note when the category's counts in `year` are estimates.
    pub fn estimated(&self, category: usize, year: i32) -> Option<&str> {
        self.estimated
            .iter()
            .find(|(f, t, k, _)| *k == category && *f <= year && year <= *t)
            .map(|(_, _, _, n)| n.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        let text = crate::project::assets::builtin("indicators.yaml").unwrap();
        let file: crate::model::catalogue::CatalogueFile = crate::formats::yaml::parse("x", text).unwrap();
        crate::model::catalogue::merge(file.indicators, Vec::new())
    }

    #[test]
    fn builtin_names_match_without_a_mapping() {
        let cat = catalogue();
        let c = Categories::builtin(&cat);
        let id = |n: &str| c.resolve(n, 2024).map(|k| c.ids[k].as_str());
        assert_eq!(id("Läkemedel"), Some("lakemedel"));
        assert_eq!(id("LAKEMEDEL"), Some("lakemedel"));
        assert_eq!(id("Medicintekniska produkter och hjälpmedel"), Some("mtp"));
        assert_eq!(id("Övrigt"), Some("ovrigt"));
        assert_eq!(id("avvikelser.hot_och_vald"), Some("hot_och_vald"));
        assert_eq!(id("Läkemedelshantering"), None);
    }

    #[test]
    fn mapping_applies_by_year() {
        let cat = catalogue();
        let mut c = Categories::builtin(&cat);
        let mut d = Vec::new();
        c.read_mapping(
            "mappningar:\n  - år: 2021\n    kategorier:\n      Läkemedelshantering: lakemedel\n      Kommunikation: informationsoverforing\n    uppskattade:\n      informationsoverforing: uppskattat ur fritext\n  - från: 2022\n    kategorier:\n      Bemötande: ovrigt\n      Läkemedel: avvikelser.lakemedel\n",
            &cat,
            &mut d,
        );
        assert!(d.is_empty(), "{d:?}");
        let id = |n: &str, y| c.resolve(n, y).map(|k| c.ids[k].as_str());
        assert_eq!(id("Läkemedelshantering", 2021), Some("lakemedel"));
        assert_eq!(id("Läkemedelshantering", 2022), None);
        assert_eq!(id("bemötande", 2030), Some("ovrigt"));
        assert_eq!(id("Bemötande", 2021), None);
        let info = c.ids.iter().position(|i| i == "informationsoverforing").unwrap();
        assert_eq!(c.estimated(info, 2021), Some("uppskattat ur fritext"));
        assert_eq!(c.estimated(info, 2022), None);
    }

    #[test]
    fn mapping_errors_are_located() {
        let cat = catalogue();
        let mut c = Categories::builtin(&cat);
        let mut d = Vec::new();
        c.read_mapping(
            "mappningar:\n  - år: 2021\n    kategorier:\n      Fel dos: lakemedl\n  - från: 2020\n    kategorier:\n      Fel dos: fall\n  - till: 2020\n    kategorier: {}\n",
            &cat,
            &mut d,
        );
        let msgs: Vec<String> = d
            .iter()
            .map(|d| format!("{} @ {}", d.message, d.location.as_ref().unwrap()))
            .collect();
        assert_eq!(d.len(), 2, "{msgs:?}");
        assert!(
            msgs[0].contains("unknown category \"lakemedl\" @ data/avvikelser-kategorier.yaml:4"),
            "{msgs:?}"
        );
        assert!(
            d[0].notes
                .iter()
                .any(|n| n.contains("did you mean \"lakemedel\""))
        );
        assert!(
            msgs[1].contains("needs either") && msgs[1].ends_with(":8"),
            "{msgs:?}"
        );
    }

    #[test]
    fn conflicting_overlaps_are_errors() {
        let cat = catalogue();
        let mut c = Categories::builtin(&cat);
        let mut d = Vec::new();
        c.read_mapping(
            "mappningar:\n  - från: 2020\n    kategorier:\n      Fel dos: lakemedel\n  - år: 2022\n    kategorier:\n      Fel dos: ovrigt\n",
            &cat,
            &mut d,
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].message.contains("both lakemedel and ovrigt"),
            "{}",
            d[0].message
        );
        assert_eq!(d[0].location.as_deref(), Some(&Location::line(MAPPING_FILE, 7)));
    }
}
