//! Mål och aktiviteter: one goal of one year, its area and its status.

use serde::Serialize;

use crate::format::fold;

/// Socialstyrelsen's six areas of god vård och omsorg, in their usual order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NationalArea {
    Kunskapsbaserad,
    Saker,
    Individanpassad,
    Effektiv,
    Jamlik,
    Tillganglig,
}

impl NationalArea {
    pub const ALL: [NationalArea; 6] = [
        NationalArea::Kunskapsbaserad,
        NationalArea::Saker,
        NationalArea::Individanpassad,
        NationalArea::Effektiv,
        NationalArea::Jamlik,
        NationalArea::Tillganglig,
    ];

    pub fn label(self) -> &'static str {
        match self {
            NationalArea::Kunskapsbaserad => "Kunskapsbaserad",
            NationalArea::Saker => "Säker",
            NationalArea::Individanpassad => "Individanpassad",
            NationalArea::Effektiv => "Effektiv",
            NationalArea::Jamlik => "Jämlik",
            NationalArea::Tillganglig => "Tillgänglig",
        }
    }

    /// Matched without case or diacritics: "säker", "SAKER".
    pub fn parse(s: &str) -> Option<NationalArea> {
        let f = fold(s);
        NationalArea::ALL.into_iter().find(|a| fold(a.label()) == f)
    }
}

impl Serialize for NationalArea {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.label())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GoalStatus {
    Pagaende,
    Klart,
    Lopande,
    Delvis,
    EjPaborjad,
}

impl GoalStatus {
    pub const ALL: [GoalStatus; 5] = [
        GoalStatus::Pagaende,
        GoalStatus::Klart,
        GoalStatus::Lopande,
        GoalStatus::Delvis,
        GoalStatus::EjPaborjad,
    ];

    pub fn label(self) -> &'static str {
        match self {
            GoalStatus::Pagaende => "Pågående",
            GoalStatus::Klart => "Klart",
            GoalStatus::Lopande => "Löpande",
            GoalStatus::Delvis => "Delvis",
            GoalStatus::EjPaborjad => "Ej påbörjad",
        }
    }

    /// Matched without case or diacritics; "klar" and "ej påbörjat" are accepted too.
    pub fn parse(s: &str) -> Option<GoalStatus> {
        let f = fold(s);
        GoalStatus::ALL
            .into_iter()
            .find(|st| fold(st.label()) == f)
            .or(match f.as_str() {
                "klar" => Some(GoalStatus::Klart),
                "ej_paborjat" | "inte_paborjad" | "inte_paborjat" => Some(GoalStatus::EjPaborjad),
                _ => None,
            })
    }
}

impl Serialize for GoalStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.label())
    }
}

/// One goal (or activity) of one year.
#[derive(Debug, Clone, Serialize)]
pub struct Goal {
    /// The year the goal is set for: followed up in the report for this year.
    pub year: i32,
    /// The area as printed: a national area's label or the free area as written.
    pub area: String,
    /// `None` for a free area (e.g. "Samverkan").
    pub national_area: Option<NationalArea>,
    pub goal: Option<String>,
    pub activity: Option<String>,
    pub responsible: Option<String>,
    pub status: Option<GoalStatus>,
    /// A status of the project's own as written ("Fortlöpande"), counted as `status`.
    pub status_label: Option<String>,
    /// The last year of a goal period (`år: 2025–2027`); `year` for a goal of one year.
    pub until: i32,
    /// A target with a deadline and intermediate values (`målvärde:`).
    pub target: Option<GoalTarget>,
    /// May hold several paragraphs, separated by blank lines.
    pub follow_up: Option<String>,
    /// Indicator ids whose results follow the goal up.
    pub indicators: Vec<String>,
    pub file: String,
    pub line: usize,
}

/// `målvärde: {värde: 90, år: 2027, delmål: {2025: 86}}`: the value an indicator is to reach
/// by a year, with the values on the way.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalTarget {
    pub indicator: String,
    /// In the indicator's unit, as the data writes it.
    pub value: f64,
    pub year: i32,
    /// Intermediate values by year.
    pub steps: std::collections::BTreeMap<i32, f64>,
}

impl Goal {
    /// Whether the goal is set for `year` (the goal period holds it).
    pub fn covers(&self, year: i32) -> bool {
        (self.year..=self.until).contains(&year)
    }

    /// The status as printed: the project's own word, else the fixed status's label.
    pub fn status_text(&self) -> Option<String> {
        self.status_label
            .clone()
            .or_else(|| self.status.map(|s| s.label().to_string()))
    }

    /// Sort key: national areas in their order, then free areas.
    pub fn area_order(&self) -> usize {
        self.national_area
            .and_then(|a| NationalArea::ALL.iter().position(|x| *x == a))
            .unwrap_or(NationalArea::ALL.len())
    }
}

/// Goals in report order: national areas first, in their order, then free areas, each in
/// file order.
pub fn sorted<'a>(goals: impl IntoIterator<Item = &'a Goal>) -> Vec<&'a Goal> {
    let mut v: Vec<&Goal> = goals.into_iter().collect();
    v.sort_by_key(|g| g.area_order());
    v
}
