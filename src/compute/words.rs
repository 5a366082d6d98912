//! The Swedish words for change: direction, judgement and magnitude, and the thresholds that
//! choose them. Every word is derived from the printed numbers, never typed by hand.
//!
//! # Thresholds
//!
//! Changes are measured on the values as printed (rounded to the indicator's decimals), in one
//! of three ways chosen by the unit (see [`Measure`]):
//!
//! | measure | used for | neutral band (oförändrat) | marginellt | något | tydligt | markant |
//! |---|---|---|---|---|---|---|
//! | procentenheter | shares (`procent`, `andel`) | < 0,5 p.e. | 0,5–< 2 p.e. | 2–< 5 p.e. | 5–< 10 p.e. | ≥ 10 p.e. |
//! | relative | counts and amounts (`antal`, `dagar`, `kr`, …) | < 0,5 % | 0,5–< 5 % | 5–< 15 % | 15–< 40 % | ≥ 40 % |
//! | absolute | scores (`poäng`) | relative < 0,5 % | as relative | | | |
//!
//! * A change inside the neutral band is "oförändrat" (the sentence says the level stayed about
//!   the same); outside it the direction is the sign of the difference, so "ökade" is never
//!   written under a decrease.
//! * Counts (`antal`) where both values are below 20 get no magnitude word: +50 % from 2 to 3
//!   says little. A change from 0 has no relative size and gets no magnitude word either.
//! * Small numbers: a change of a count where both values are below 20, or the difference is
//!   below 5, is given as a count ("+3"), never in percent ([`Thresholds::small_counts`]).
//! * Shares take their base level into account: the magnitude is the larger of the one by
//!   procentenheter and the one by the relative change (11,9 % → 10,6 % is −11 %: "något").
//! * A marginal change is negligible: it carries no judgement, and sentences say the level was
//!   "i stort sett oförändrat" ([`judgement_of`]).
//! * The judgement follows the indicator's polarity: an increase of a `higher_better` indicator
//!   is a förbättring, of a `lower_better` one a försämring; `neutral` indicators (counts of
//!   reports, where more can mean better reporting) get no judgement at all.

use crate::format::Unit;
use crate::model::catalogue::Polarity;

/// How a change of an indicator is measured and printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Difference of two shares in procentenheter, never in percent.
    Points,
    /// Counts and amounts: the difference and the relative change in percent.
    Relative,
    /// Scores: the difference in the unit only.
    Absolute,
}

impl Measure {
    pub fn of(unit: Unit) -> Measure {
        match unit {
            Unit::Procent | Unit::Andel => Measure::Points,
            Unit::Poang => Measure::Absolute,
            Unit::Antal
            | Unit::Dagar
            | Unit::Kronor
            | Unit::Tkr
            | Unit::Mkr
            | Unit::PerPatient
            | Unit::Timmar => Measure::Relative,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Up,
    Down,
    /// Inside the neutral band.
    Flat,
}

impl Direction {
    /// Past tense for sentences: "ökade", "minskade".
    pub fn verb(self) -> &'static str {
        match self {
            Direction::Up => "ökade",
            Direction::Down => "minskade",
            Direction::Flat => "var oförändrat",
        }
    }

    /// Supine for "har ökat": "ökat", "minskat", "oförändrat".
    pub fn participle(self) -> &'static str {
        match self {
            Direction::Up => "ökat",
            Direction::Down => "minskat",
            Direction::Flat => "oförändrat",
        }
    }

    /// "en ökning", "en minskning".
    pub fn noun(self) -> &'static str {
        match self {
            Direction::Up => "ökning",
            Direction::Down => "minskning",
            Direction::Flat => "oförändrat",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Magnitude {
    Marginal,
    Slight,
    Clear,
    Marked,
}

impl Magnitude {
    pub fn adverb(self) -> &'static str {
        match self {
            Magnitude::Marginal => "marginellt",
            Magnitude::Slight => "något",
            Magnitude::Clear => "tydligt",
            Magnitude::Marked => "markant",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Judgement {
    Better,
    Worse,
}

impl Judgement {
    /// "en förbättring", "en försämring".
    pub fn noun(self) -> &'static str {
        match self {
            Judgement::Better => "förbättring",
            Judgement::Worse => "försämring",
        }
    }

    /// "har förbättrats", "har försämrats".
    pub fn participle(self) -> &'static str {
        match self {
            Judgement::Better => "förbättrats",
            Judgement::Worse => "försämrats",
        }
    }
}

/// The documented thresholds (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Neutral band for shares, in procentenheter (strictly below is oförändrat).
    pub points_band: f64,
    /// Lower bounds of något, tydligt, markant for shares, in procentenheter.
    pub points_steps: [f64; 3],
    /// Neutral band for relative changes, as a fraction.
    pub relative_band: f64,
    /// Lower bounds of något, tydligt, markant for relative changes, as fractions.
    pub relative_steps: [f64; 3],
    /// Counts where both values are below this get no magnitude word, and their change is
    /// given as a count ("+3"), never in percent.
    pub small_count: f64,
    /// Counts that change by less than this are given as a count too ("+3").
    pub small_change: f64,
}

pub const THRESHOLDS: Thresholds = Thresholds {
    points_band: 0.5,
    points_steps: [2.0, 5.0, 10.0],
    relative_band: 0.005,
    relative_steps: [0.05, 0.15, 0.40],
    small_count: 20.0,
    small_change: 5.0,
};

impl Default for Thresholds {
    fn default() -> Self {
        THRESHOLDS
    }
}

/// Slack for comparisons with thresholds: 1005 / 1000 − 1 is 0,004999… in binary, but 0,5 %.
const EPS: f64 = 1e-9;

/// Relative change `to / from − 1`, or `None` from zero.
pub fn relative(from: f64, to: f64) -> Option<f64> {
    (from != 0.0).then(|| to / from - 1.0).filter(|r| r.is_finite())
}

impl Thresholds {
    /// The direction of a change from `from` to `to` (printed values, display units).
    pub fn direction(&self, measure: Measure, from: f64, to: f64) -> Direction {
        let diff = to - from;
        let flat = match measure {
            Measure::Points => diff.abs() < self.points_band - EPS,
            Measure::Relative | Measure::Absolute => match relative(from, to) {
                Some(r) => r.abs() < self.relative_band - EPS,
                None => diff == 0.0,
            },
        };
        if flat || diff == 0.0 {
            Direction::Flat
        } else if diff > 0.0 {
            Direction::Up
        } else {
            Direction::Down
        }
    }

    /// The size of a change outside the neutral band; `None` inside it, from zero, and for
    /// small counts.
    pub fn magnitude(&self, measure: Measure, unit: Unit, from: f64, to: f64) -> Option<Magnitude> {
        if self.direction(measure, from, to) == Direction::Flat {
            return None;
        }
        let (size, steps) = match measure {
            // A share's change is as large as the larger of its two readings: in procentenheter,
            // and relative to the base level, so that 11,9 % → 10,6 % (−1,3 procentenheter, −11 %)
            // is "något", not "marginellt".
            Measure::Points => {
                let points = self.step((to - from).abs(), self.points_steps);
                let relative = relative(from, to).map(|r| self.step(r.abs(), self.relative_steps));
                return Some(points.max(relative.unwrap_or(points)));
            }
            Measure::Relative | Measure::Absolute => {
                if unit == Unit::Antal && from.abs() < self.small_count && to.abs() < self.small_count {
                    return None;
                }
                (relative(from, to)?.abs(), self.relative_steps)
            }
        };
        Some(self.step(size, steps))
    }

    fn step(&self, size: f64, steps: [f64; 3]) -> Magnitude {
        if size >= steps[2] - EPS {
            Magnitude::Marked
        } else if size >= steps[1] - EPS {
            Magnitude::Clear
        } else if size >= steps[0] - EPS {
            Magnitude::Slight
        } else {
            Magnitude::Marginal
        }
    }

    /// Whether a change of a count is stated as a count ("+3") instead of in percent: both
    /// values below [`Self::small_count`], or the difference below [`Self::small_change`].
    pub fn small_counts(&self, unit: Unit, from: f64, to: f64) -> bool {
        unit == Unit::Antal
            && ((from.abs() < self.small_count && to.abs() < self.small_count)
                || (to - from).abs() < self.small_change - EPS)
    }
}

/// Förbättring or försämring by polarity; none for neutral indicators and unchanged values.
/// A negligible (marginal) change is not judged either: see [`judgement_of`].
pub fn judgement(polarity: Polarity, direction: Direction) -> Option<Judgement> {
    match (polarity, direction) {
        (Polarity::Neutral, _) | (_, Direction::Flat) => None,
        (Polarity::HigherBetter, Direction::Up) | (Polarity::LowerBetter, Direction::Down) => {
            Some(Judgement::Better)
        }
        (Polarity::HigherBetter, Direction::Down) | (Polarity::LowerBetter, Direction::Up) => {
            Some(Judgement::Worse)
        }
    }
}

/// The judgement of a change of the given size: none for a negligible (marginal) one, which
/// the sentences call "i stort sett oförändrat".
pub fn judgement_of(
    polarity: Polarity,
    direction: Direction,
    magnitude: Option<Magnitude>,
) -> Option<Judgement> {
    if magnitude == Some(Magnitude::Marginal) {
        return None;
    }
    judgement(polarity, direction)
}

/// Swedish ordinal for "för tredje året i rad": andra, tredje, …, tolfte, then "13:e".
pub fn ordinal(n: usize) -> String {
    const WORDS: [&str; 11] = [
        "andra", "tredje", "fjärde", "femte", "sjätte", "sjunde", "åttonde", "nionde", "tionde", "elfte",
        "tolfte",
    ];
    match n {
        2..=12 => WORDS[n - 2].to_string(),
        1 => "första".to_string(),
        _ => format!("{n}:e"),
    }
}

/// "för tredje året i rad" for a streak of `n` ≥ 2 changes in the same direction.
pub fn streak_phrase(n: usize) -> Option<String> {
    (n >= 2).then(|| format!("för {} året i rad", ordinal(n)))
}

/// Lower-case the first letter of a name for use inside a sentence, unless it starts an
/// abbreviation ("IVO", "SIP"): "Rapporter enligt lex Sarah" → "rapporter enligt lex Sarah".
pub fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_uppercase() => name.to_string(),
        (Some(a), _) => a.to_lowercase().chain(name.chars().skip(1)).collect(),
        (None, _) => String::new(),
    }
}

/// Capitalise the first letter of a sentence.
pub fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(a) => a.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The subject of a sentence about an indicator when the catalogue gives none: "Antalet
/// rapporter enligt lex Sarah" for counts, "Andelen heltidsanställda" for a share named "Andel
/// heltidsanställda", else the name. See [`derive_subject`] for when a name cannot be made into
/// a subject (then the name itself is used, and `check` warns).
pub fn subject(name: &str, unit: Unit) -> String {
    derive_subject(name, unit).unwrap_or_else(|| name.to_string())
}

/// Words a share's name may start with that make "Andelen …" a noun phrase: "Utan trycksår
/// vid dödsfallet" → "Andelen utan trycksår vid dödsfallet".
const SHARE_PREPOSITIONS: [&str; 9] = ["utan", "med", "som", "i", "på", "vid", "bland", "inom", "av"];

/// A grammatical subject made from an indicator's name by its unit and the name's pattern, or
/// `None` when the name cannot be made into one:
///
/// * counts (`antal`): "Antal X" → "Antalet X", else "Antalet" and the name ("Antalet fall
///   med skada");
/// * shares (`procent`, `andel`): "Andel X" → "Andelen X"; a name starting with a preposition
///   → "Andelen utan trycksår vid dödsfallet"; a name starting with a participle → "Andelen
///   med dokumenterat brytpunktssamtal"; any other name (a noun such as "Sjukfrånvaro" or
///   "Smärtskattning …") is not derivable: "Andelen med sjukfrånvaro" would be wrong;
/// * scores (`poang`): "Medelvärdet för X", unless the name already is an average;
/// * other units (days, amounts): the name, which names what is measured ("Betaldagar för
///   utskrivningsklara").
///
/// A name with a comma ("Hemtjänst, nöjd med …") or a colon is a label, never a subject.
pub fn derive_subject(name: &str, unit: Unit) -> Option<String> {
    let name = name.trim();
    if name.is_empty() || name.contains([',', ':', ';']) {
        return None;
    }
    let strip = |prefix: &str| {
        name.strip_prefix(prefix)
            .or_else(|| name.strip_prefix(&prefix.to_lowercase()))
            .map(str::to_string)
    };
    let first = name.split_whitespace().next().unwrap_or("").to_lowercase();
    match unit {
        Unit::Antal => Some(match strip("Antal ") {
            Some(rest) => format!("Antalet {rest}"),
            None => format!("Antalet {}", lower_first(name)),
        }),
        Unit::Procent | Unit::Andel => {
            if let Some(rest) = strip("Andel ") {
                Some(format!("Andelen {rest}"))
            } else if SHARE_PREPOSITIONS.contains(&first.as_str()) {
                Some(format!("Andelen {}", lower_first(name)))
            } else if is_neuter_participle(&first) && name.split_whitespace().count() > 1 {
                Some(format!("Andelen med {}", lower_first(name)))
            } else {
                None
            }
        }
        Unit::Poang => (!first.starts_with("genomsnitt") && !first.starts_with("medel"))
            .then(|| format!("Medelvärdet för {}", lower_first(name))),
        _ => is_noun_phrase(name).then(|| name.to_string()),
    }
}

/// "dokumenterat", "erbjudet": a past participle in the neuter, which leads a share's name
/// before a neuter noun ("Dokumenterat brytpunktssamtal" → "Andelen med dokumenterat
/// brytpunktssamtal"). Other participles ("Legitimerad personal som …") are not derived.
fn is_neuter_participle(word: &str) -> bool {
    ["erat", "judet", "fört", "gjort"]
        .iter()
        .any(|e| word.ends_with(e))
}

/// "dokumenterat", "erbjudet", "genomförd": a past participle leading a name.
fn is_participle(word: &str) -> bool {
    [
        "erat", "erad", "erade", "judet", "jöds", "förd", "fört", "gjord", "gjort",
    ]
    .iter()
    .any(|e| word.ends_with(e))
}

/// Whether a subject reads as a noun phrase: it starts with a word in definite form
/// ("Andelen", "Antalet", "Sjukfrånvaron", "Följsamheten"), with "Den"/"Det"/"De" and an
/// adjective, or with an indefinite plural noun ("Betaldagar för …"); never with a
/// preposition, a participle or an adjective alone, and never with a label ("Hemtjänst, …").
pub fn is_noun_phrase(subject: &str) -> bool {
    let Some(first) = subject.split_whitespace().next() else {
        return false;
    };
    let f = first.to_lowercase();
    if SHARE_PREPOSITIONS.contains(&f.as_str())
        || is_participle(&f)
        || [
            "nöjd", "korrekt", "korrekta", "inga", "erbjudet", "uppsatt", "korta",
        ]
        .contains(&f.as_str())
    {
        return false;
    }
    ["den", "det", "de"].contains(&f.as_str())
        || ["en", "et", "na", "n", "ar", "er", "or"]
            .iter()
            .any(|e| f.ends_with(e))
}

/// The adjective "oförändrad" agreeing with a subject: "Antalet … var i stort sett
/// oförändrat", "Andelen … oförändrad", "Betaldagar … oförändrade".
pub fn unchanged_for(subject: &str) -> &'static str {
    let f = subject.split_whitespace().next().unwrap_or("").to_lowercase();
    if f == "det" || (f.ends_with('t') && f.len() > 3) {
        "oförändrat"
    } else if f == "de" || f.ends_with("na") || f.ends_with("ar") || f.ends_with("er") || f.ends_with("or") {
        "oförändrade"
    } else {
        "oförändrad"
    }
}

/// Swedish words for the numbers 0–12 standing alone in running text ("två", "tolv"); zero
/// is "inga" (as in "inga anmälningar") and one has no word here, since "en" or "ett" depends
/// on the noun the tool does not know.
pub fn count_word(n: f64) -> Option<&'static str> {
    const WORDS: [&str; 13] = [
        "inga", "", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv",
    ];
    if n.fract() != 0.0 || !(0.0..=12.0).contains(&n) {
        return None;
    }
    let w = WORDS[n as usize];
    (!w.is_empty()).then_some(w)
}

/// "a", "a och b", "a, b och c".
pub fn join_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} och {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const T: Thresholds = THRESHOLDS;

    #[test]
    fn measure_by_unit() {
        assert_eq!(Measure::of(Unit::Procent), Measure::Points);
        assert_eq!(Measure::of(Unit::Andel), Measure::Points);
        assert_eq!(Measure::of(Unit::Antal), Measure::Relative);
        assert_eq!(Measure::of(Unit::Tkr), Measure::Relative);
        assert_eq!(Measure::of(Unit::Dagar), Measure::Relative);
        assert_eq!(Measure::of(Unit::Poang), Measure::Absolute);
    }

    #[test]
    fn magnitudes_from_the_seed_report() {
        use Magnitude::*;
        let count = |a, b| T.magnitude(Measure::Relative, Unit::Antal, a, b);
        let share = |a, b| T.magnitude(Measure::Points, Unit::Procent, a, b);
        // lex Sarah 44 → 76 (+72,7 %), betaldagar 196 → 473 (+141 %).
        assert_eq!(count(44.0, 76.0), Some(Marked));
        assert_eq!(
            T.magnitude(Measure::Relative, Unit::Dagar, 196.0, 473.0),
            Some(Marked)
        );
        // Unika personer 718 → 712 (−0,8 %), riskbedömningar med risk 938 → 898 (−4,3 %).
        assert_eq!(count(718.0, 712.0), Some(Marginal));
        assert_eq!(count(938.0, 898.0), Some(Marginal));
        // Personer med trycksår 46 → 50 (+8,7 %), registreringar 90 → 116 (+28,9 %).
        assert_eq!(count(46.0, 50.0), Some(Slight));
        assert_eq!(count(90.0, 116.0), Some(Clear));
        // Åtgärdsplan 92 → 90 %, smärtskattning 23 → 42 %, hygien 79,6 → 68,9 %.
        assert_eq!(share(92.0, 90.0), Some(Slight));
        assert_eq!(share(23.0, 42.0), Some(Marked));
        assert_eq!(share(79.6, 68.9), Some(Marked));
        assert_eq!(share(51.0, 52.0), Some(Marginal));
        assert_eq!(share(72.0, 77.0), Some(Clear));
        // The base level counts: personalomsättning 11,9 → 10,6 % is an 11 % fall.
        assert_eq!(share(11.9, 10.6), Some(Slight));
        assert!(T.small_counts(Unit::Antal, 2.0, 5.0));
        assert!(T.small_counts(Unit::Antal, 231.0, 227.0));
        assert!(!T.small_counts(Unit::Antal, 231.0, 226.0));
        assert!(!T.small_counts(Unit::Dagar, 2.0, 5.0));
        // Inside the band, from zero, and small counts: no word.
        assert_eq!(share(42.0, 42.3), None);
        assert_eq!(count(0.0, 11.0), None);
        assert_eq!(count(2.0, 3.0), None);
        assert_eq!(count(6.0, 6.0), None);
    }

    #[test]
    fn boundaries_are_inclusive_from_below() {
        let share = |a, b| T.magnitude(Measure::Points, Unit::Procent, a, b);
        assert_eq!(T.direction(Measure::Points, 50.0, 50.4), Direction::Flat);
        assert_eq!(T.direction(Measure::Points, 50.0, 50.5), Direction::Up);
        assert_eq!(share(50.0, 52.0), Some(Magnitude::Slight));
        assert_eq!(share(50.0, 55.0), Some(Magnitude::Clear));
        assert_eq!(share(50.0, 60.0), Some(Magnitude::Marked));
        assert_eq!(T.direction(Measure::Relative, 1000.0, 1004.0), Direction::Flat);
        assert_eq!(T.direction(Measure::Relative, 1000.0, 1005.0), Direction::Up);
        assert_eq!(T.direction(Measure::Relative, 0.0, 0.0), Direction::Flat);
        assert_eq!(T.direction(Measure::Relative, 0.0, 3.0), Direction::Up);
    }

    #[test]
    fn polarity_decides_the_judgement() {
        use Direction::*;
        assert_eq!(judgement(Polarity::HigherBetter, Up), Some(Judgement::Better));
        assert_eq!(judgement(Polarity::HigherBetter, Down), Some(Judgement::Worse));
        assert_eq!(judgement(Polarity::LowerBetter, Up), Some(Judgement::Worse));
        assert_eq!(judgement(Polarity::LowerBetter, Down), Some(Judgement::Better));
        for d in [Up, Down, Flat] {
            assert_eq!(judgement(Polarity::Neutral, d), None);
        }
        assert_eq!(judgement(Polarity::HigherBetter, Flat), None);
    }

    #[test]
    fn ordinals_and_streaks() {
        assert_eq!(streak_phrase(1), None);
        assert_eq!(streak_phrase(2).as_deref(), Some("för andra året i rad"));
        assert_eq!(streak_phrase(3).as_deref(), Some("för tredje året i rad"));
        assert_eq!(streak_phrase(12).as_deref(), Some("för tolfte året i rad"));
        assert_eq!(streak_phrase(13).as_deref(), Some("för 13:e året i rad"));
    }

    #[test]
    fn subjects() {
        assert_eq!(
            subject("Rapporter enligt lex Sarah", Unit::Antal),
            "Antalet rapporter enligt lex Sarah"
        );
        assert_eq!(
            subject("Antal observationer", Unit::Antal),
            "Antalet observationer"
        );
        assert_eq!(subject("SIP-möten", Unit::Antal), "Antalet SIP-möten");
        assert_eq!(
            subject("Andel heltidsanställda", Unit::Procent),
            "Andelen heltidsanställda"
        );
        assert_eq!(
            subject("Smärtskattning sista levnadsveckan", Unit::Procent),
            "Smärtskattning sista levnadsveckan"
        );
        assert_eq!(
            derive_subject("Smärtskattning sista levnadsveckan", Unit::Procent),
            None
        );
        assert_eq!(
            derive_subject("Utan trycksår vid dödsfallet", Unit::Procent).as_deref(),
            Some("Andelen utan trycksår vid dödsfallet")
        );
        assert_eq!(
            derive_subject("Dokumenterat brytpunktssamtal", Unit::Procent).as_deref(),
            Some("Andelen med dokumenterat brytpunktssamtal")
        );
        assert_eq!(
            derive_subject("Hemtjänst, nöjd med helheten", Unit::Procent),
            None
        );
        assert_eq!(
            derive_subject("Nöjdhet", Unit::Poang).as_deref(),
            Some("Medelvärdet för nöjdhet")
        );
        for s in [
            "Andelen med åtgärdsplan",
            "Antalet fall",
            "Sjukfrånvaron",
            "Betaldagar för utskrivningsklara",
            "Den genomsnittliga tiden",
        ] {
            assert!(is_noun_phrase(s), "{s}");
        }
        for s in [
            "Utan trycksår vid dödsfallet",
            "Dokumenterat brytpunktssamtal",
            "Smärtskattning sista levnadsveckan",
            "Hemtjänst, nöjd",
        ] {
            assert!(!is_noun_phrase(s), "{s}");
        }
        assert_eq!(unchanged_for("Antalet fall"), "oförändrat");
        assert_eq!(unchanged_for("Andelen med plan"), "oförändrad");
        assert_eq!(unchanged_for("Betaldagar för utskrivningsklara"), "oförändrade");
        assert_eq!(count_word(0.0), Some("inga"));
        assert_eq!(count_word(1.0), None);
        assert_eq!(count_word(12.0), Some("tolv"));
        assert_eq!(count_word(13.0), None);
        assert_eq!(
            subject("Betaldagar för utskrivningsklara", Unit::Dagar),
            "Betaldagar för utskrivningsklara"
        );
    }

    fn polarity() -> impl Strategy<Value = Polarity> {
        prop_oneof![
            Just(Polarity::HigherBetter),
            Just(Polarity::LowerBetter),
            Just(Polarity::Neutral)
        ]
    }

    proptest! {
        /// The direction word always agrees with the sign of the printed difference.
        #[test]
        fn direction_agrees_with_sign(a in -1.0e6f64..1.0e6, b in -1.0e6f64..1.0e6, points in any::<bool>()) {
            let m = if points { Measure::Points } else { Measure::Relative };
            match T.direction(m, a, b) {
                Direction::Up => prop_assert!(b > a),
                Direction::Down => prop_assert!(b < a),
                Direction::Flat => {
                    if points {
                        prop_assert!((b - a).abs() < T.points_band);
                    } else if a != 0.0 {
                        prop_assert!((b / a - 1.0).abs() < T.relative_band);
                    } else {
                        prop_assert!(b == 0.0);
                    }
                }
            }
        }

        /// Polarity flips the judgement: higher_better and lower_better always disagree, and
        /// neutral never judges.
        #[test]
        fn polarity_flips(a in 0.0f64..1000.0, b in 0.0f64..1000.0, p in polarity()) {
            let d = T.direction(Measure::Relative, a, b);
            let hb = judgement(Polarity::HigherBetter, d);
            let lb = judgement(Polarity::LowerBetter, d);
            prop_assert_eq!(hb.is_some(), lb.is_some());
            if let (Some(x), Some(y)) = (hb, lb) {
                prop_assert_ne!(x, y);
            }
            prop_assert_eq!(judgement(Polarity::Neutral, d), None);
            if d == Direction::Flat {
                prop_assert_eq!(judgement(p, d), None);
            }
        }

        /// Larger changes never get a weaker word.
        #[test]
        fn magnitude_is_monotone(a in 20.0f64..1000.0, x in 0.0f64..3.0, y in 0.0f64..3.0) {
            let (small, large) = if x < y { (x, y) } else { (y, x) };
            let m1 = T.magnitude(Measure::Relative, Unit::Antal, a, a * (1.0 + small));
            let m2 = T.magnitude(Measure::Relative, Unit::Antal, a, a * (1.0 + large));
            prop_assert!(m1 <= m2, "{m1:?} > {m2:?}");
        }
    }
}
