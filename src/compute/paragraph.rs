//! Paragraphs: several indicators in one text (`mening` or `andring` over a list, a generated
//! Resultat block). Instead of one sentence block per indicator, the indicators that moved the
//! same way are said together, the exceptions are named, and targets and riket are stated once
//! for the group. The wording rules are in `docs/sprak.md` ("Paragraphs, not sentence lists").
//!
//! # Grouping
//!
//! Each indicator is sorted into a [`Move`]: improved, worsened, rose or fell (neutral
//! indicators), about the same (a flat or negligible change), or not comparable. The largest
//! group of indicators that moved, when it has at least two members, leads the paragraph ("Tre
//! av fyra indikatorer förbättrades; mest ökade …"); ties go to the first in the order
//! improved, worsened, rose, fell. The other indicators that moved get a sentence each, those
//! about the same one sentence together, and those not comparable their level. Within a group
//! the indicators are ordered by the size of their change, largest first, then as listed, so
//! the same input gives the same words.

use crate::model::catalogue::{Indicator, TargetLevel};
use crate::model::period::Period;

use super::benchmarks::{self, Position};
use super::change::{self, Change};
use super::sentence::{self, Text};
use super::words::{self, Direction, Judgement, Magnitude, Measure};
use super::{Cell, Engine, series, targets};

/// How an indicator moved, for grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Better,
    Worse,
    /// Rose, with no judgement (a neutral indicator).
    Up,
    /// Fell, with no judgement.
    Down,
    /// The same, or a negligible change.
    Flat,
    /// No comparison (missing, protected, a break).
    None,
}

impl Move {
    /// The group's verb in the plural: "förbättrades", "ökade".
    fn verb(self) -> &'static str {
        match self {
            Move::Better => "förbättrades",
            Move::Worse => "försämrades",
            Move::Up => "ökade",
            Move::Down => "minskade",
            Move::Flat => "var i stort sett oförändrade",
            Move::None => "kunde inte jämföras",
        }
    }
}

/// The move of one comparison.
pub fn classify(c: &change::Comparison) -> Move {
    match c {
        Err(_) => Move::None,
        Ok(c) if c.direction == Direction::Flat || c.magnitude == Some(Magnitude::Marginal) => Move::Flat,
        Ok(c) => match (c.judgement, c.direction) {
            (Some(Judgement::Better), _) => Move::Better,
            (Some(Judgement::Worse), _) => Move::Worse,
            (None, Direction::Up) => Move::Up,
            _ => Move::Down,
        },
    }
}

/// The group that leads a paragraph: the largest group of indicators that moved, with at least
/// two members; ties go to the first of improved, worsened, rose, fell.
pub fn leading(moves: &[Move]) -> Option<Move> {
    let mut best: Option<(Move, usize)> = None;
    for m in [Move::Better, Move::Worse, Move::Up, Move::Down] {
        let n = moves.iter().filter(|x| **x == m).count();
        if n >= 2 && best.is_none_or(|(_, b)| n > b) {
            best = Some((m, n));
        }
    }
    best.map(|(m, _)| m)
}

/// How much a paragraph says: the changes only (`andring`), or with extremes, targets and
/// riket (`mening`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    Change,
    Full,
}

/// One indicator of a paragraph.
struct Item<'e> {
    ind: &'e Indicator,
    subj: String,
    from: Cell,
    to: Cell,
    change: change::Comparison,
    moved: Move,
}

impl Item<'_> {
    /// The subject mid-sentence: "andelen som …".
    fn lower(&self) -> String {
        words::lower_first(&self.subj)
    }

    fn consecutive(&self) -> bool {
        self.from.period.is_year() && self.to.period.is_year() && self.to.year == self.from.year + 1
    }

    /// The size of the change, for ordering: procentenheter for shares, else the relative change.
    fn size(&self) -> f64 {
        match &self.change {
            Ok(c) if c.measure == Measure::Points => c.diff.abs(),
            Ok(c) => c.relative.map_or(c.diff.abs(), f64::abs),
            Err(_) => 0.0,
        }
    }
}

/// A paragraph about `inds` between the periods `from` and `to`. `noun` is what the indicators
/// are, in the indefinite plural ("indikatorer för vård i livets slutskede"). One indicator
/// gets the sentences of `andring` or `mening`.
pub fn paragraph(
    engine: &Engine,
    inds: &[&Indicator],
    (from, to): (Period, Period),
    noun: &str,
    depth: Depth,
) -> Text {
    if let [ind] = inds {
        let (a, b) = (engine.cell_at(&ind.id, from), engine.cell_at(&ind.id, to));
        return match depth {
            Depth::Change => sentence::change_cells(engine, ind, &a, &b, None),
            Depth::Full => sentence::full_cells(engine, ind, &a, &b, None),
        };
    }
    let items: Vec<Item> = inds
        .iter()
        .map(|ind| {
            let (a, b) = (engine.cell_at(&ind.id, from), engine.cell_at(&ind.id, to));
            let change = change::compare(ind, &a, &b, &engine.thresholds);
            Item {
                ind,
                subj: sentence::subject(ind, None),
                moved: classify(&change),
                from: a,
                to: b,
                change,
            }
        })
        .collect();
    let noun = if noun.trim().is_empty() {
        "indikatorer"
    } else {
        noun.trim()
    };
    let mut w = Writer {
        engine,
        out: Text::default(),
        sentences: Vec::new(),
        years_said: depth == Depth::Change,
    };
    let moves: Vec<Move> = items.iter().map(|i| i.moved).collect();
    let lead = leading(&moves);
    if lead.is_none() && moves.iter().filter(|m| **m == Move::Flat).count() < 2 {
        // Nothing moved together: each indicator's own sentences.
        return each(engine, inds, (from, to), depth);
    }
    if let Some(m) = lead {
        let group: Vec<&Item> = items.iter().filter(|i| i.moved == m).collect();
        w.lead(&group, items.len(), m, noun, depth);
    }
    w.exceptions(&items, lead, depth);
    if depth == Depth::Full && to.is_year() {
        let valued: Vec<&Item> = items.iter().filter(|i| i.to.point().is_some()).collect();
        w.extremes(&valued);
        w.targets(&valued, items.len());
        w.riket(&valued);
    }
    w.out.text = w.sentences.join(" ");
    w.out
}

/// Whether a paragraph about `inds` says anything together: some indicators moved the same
/// way, or several are about the same. When not, each indicator's own sentences are written
/// (with their footnotes after each sentence).
pub fn groups(engine: &Engine, inds: &[&Indicator], (from, to): (Period, Period)) -> bool {
    let moves: Vec<Move> = inds
        .iter()
        .map(|ind| {
            let (a, b) = (engine.cell_at(&ind.id, from), engine.cell_at(&ind.id, to));
            classify(&change::compare(ind, &a, &b, &engine.thresholds))
        })
        .collect();
    inds.len() > 1 && (leading(&moves).is_some() || moves.iter().filter(|m| **m == Move::Flat).count() >= 2)
}

/// The sentences of `andring` or `mening` for each indicator, one after the other.
fn each(engine: &Engine, inds: &[&Indicator], (from, to): (Period, Period), depth: Depth) -> Text {
    let mut out = Text::default();
    let mut texts = Vec::new();
    for ind in inds {
        let (a, b) = (engine.cell_at(&ind.id, from), engine.cell_at(&ind.id, to));
        let t = match depth {
            Depth::Change => sentence::change_cells(engine, ind, &a, &b, None),
            Depth::Full => sentence::full_cells(engine, ind, &a, &b, None),
        };
        texts.push(t.text.clone());
        for n in t.notes {
            out.note(n);
        }
    }
    out.text = texts.join(" ");
    out
}

/// "Alla fyra indikatorerna", "Båda indikatorerna", "Tre av fyra indikatorer".
fn count_phrase(k: usize, n: usize, noun: &str) -> String {
    let definite = sentence::definite_plural(noun);
    if k == n && n == 2 {
        format!("Båda {definite}")
    } else if k == n {
        format!("Alla {} {definite}", number_word(n))
    } else {
        format!(
            "{} av {} {noun}",
            words::upper_first(&number_word(k)),
            number_word(n)
        )
    }
}

/// Clauses with commas of their own: "a, och b"; "a, b, och c" would read as a list, so
/// "a; b; och c" is not used either: three and more are "a, b och c".
fn join_clauses(clauses: &[String]) -> String {
    match clauses {
        [a, b] => format!("{a}, och {b}"),
        _ => words::join_list(clauses),
    }
}

/// "två" … "tolv", else digits.
fn number_word(n: usize) -> String {
    match n {
        1 => "en".to_string(),
        _ => words::count_word(n as f64).map_or_else(|| n.to_string(), str::to_string),
    }
}

/// "Alla fyra", "Båda", "Tre av fyra" without a noun.
fn count_alone(k: usize, n: usize) -> String {
    if k == n && n == 2 {
        "Båda".to_string()
    } else if k == n {
        format!("Alla {}", number_word(n))
    } else {
        format!("{} av {}", words::upper_first(&number_word(k)), number_word(n))
    }
}

struct Writer<'e> {
    engine: &'e Engine,
    out: Text,
    sentences: Vec<String>,
    /// Whether the years have been named (the first change of a `mening` paragraph names them).
    years_said: bool,
}

impl Writer<'_> {
    /// "från 45 % 2023 till 58 % 2024" the first time, then "från 41 % till 52 %"; both years
    /// always when the change is not from the year before.
    fn span(&mut self, it: &Item, c: &Change) -> String {
        let (a, b) = sentence::values(self.engine, it.ind, &it.from, &it.to, c, &mut self.out);
        let unit_once = it.consecutive() || !it.from.period.is_year();
        if !unit_once || (!self.years_said && it.from.period.is_year()) {
            self.years_said = true;
            format!(
                "från {} till {}",
                sentence::at_period(it.ind, &a, &it.from),
                sentence::at_period(it.ind, &b, &it.to)
            )
        } else {
            format!(
                "från {} till {b}",
                sentence::point_number(self.engine, it.ind, &c.from)
            )
        }
    }

    /// "+13 procentenheter", "−18 %".
    fn signed(&self, it: &Item, c: &Change) -> String {
        c.signed_text(it.ind, &self.engine.style)
    }

    /// The leading group: "Alla fyra indikatorerna förbättrades; mest ökade X, från … (…). Y
    /// ökade från …, Z från … och W från …." When the group moved in different directions or
    /// units, or two changes are as large: "Båda indikatorerna förbättrades: X ökade tydligt,
    /// från … (…), och Y minskade tydligt, från … (…)."
    fn lead(&mut self, group: &[&Item], n: usize, m: Move, noun: &str, depth: Depth) {
        let head = format!("{} {}", count_phrase(group.len(), n, noun), m.verb());
        let mut sorted: Vec<&Item> = group.to_vec();
        let first = |i: &Item| i.change.as_ref().ok().map(|c| (c.direction, c.measure));
        let kind = first(sorted[0]);
        // Sizes compare only in one direction and one measure; else the order as listed.
        let comparable = sorted.iter().all(|i| match &i.change {
            Ok(c) => {
                Some((c.direction, c.measure)) == kind
                    && (c.measure == Measure::Points || (c.relative.is_some() && !c.small))
            }
            Err(_) => false,
        });
        if comparable {
            sorted.sort_by(|a, b| b.size().total_cmp(&a.size()));
        }
        let changes: Vec<&Change> = sorted.iter().filter_map(|i| i.change.as_ref().ok()).collect();
        let direction = changes[0].direction;
        let unique_top = (sorted[0].size() - sorted[1].size()).abs() > 1e-9;
        if comparable && unique_top {
            let verb = direction.verb();
            let (top, c) = (sorted[0], changes[0]);
            let span = self.span(top, c);
            self.sentences.push(format!(
                "{head}; mest {verb} {}, {span} ({}).",
                top.lower(),
                self.signed(top, c)
            ));
            let mut rest = Vec::new();
            for (k, (it, c)) in sorted[1..].iter().zip(&changes[1..]).enumerate() {
                let span = self.span(it, c);
                let subj = if k == 0 { it.subj.clone() } else { it.lower() };
                rest.push(if k == 0 {
                    format!("{subj} {verb} {span}")
                } else {
                    format!("{subj} {span}")
                });
            }
            self.sentences.push(format!("{}.", words::join_list(&rest)));
        } else {
            let mut clauses = Vec::new();
            for (it, c) in sorted.iter().zip(&changes) {
                let adverb = match (depth, c.magnitude) {
                    (Depth::Change, Some(m)) => format!(" {},", m.adverb()),
                    _ => String::new(),
                };
                let span = self.span(it, c);
                clauses.push(format!(
                    "{} {}{adverb} {span} ({})",
                    it.lower(),
                    c.direction.verb(),
                    self.signed(it, c)
                ));
            }
            self.sentences
                .push(format!("{head}: {}.", join_clauses(&clauses)));
        }
    }

    /// The indicators outside the leading group: each that moved in a sentence of its own,
    /// those about the same together, those not comparable with their level.
    fn exceptions(&mut self, items: &[Item], lead: Option<Move>, depth: Depth) {
        let mut moved = Vec::new();
        for it in items
            .iter()
            .filter(|i| Some(i.moved) != lead && i.moved != Move::Flat)
        {
            let Ok(c) = &it.change else { continue };
            if it.moved == Move::None {
                continue;
            }
            moved.push(self.exception(it, c, lead, depth));
        }
        let flat: Vec<&Item> = items.iter().filter(|i| i.moved == Move::Flat).collect();
        let flat_text = self.flat(&flat);
        match (lead, moved.len(), flat_text) {
            (None, 1, Some(f)) => {
                let one = moved.pop().unwrap_or_default();
                self.sentences.push(format!(
                    "{}, medan {}",
                    one.trim_end_matches('.'),
                    words::lower_first(&f)
                ));
            }
            (_, _, f) => {
                self.sentences.extend(moved);
                self.sentences.extend(f);
            }
        }
        for it in items.iter().filter(|i| i.moved == Move::None) {
            let s = sentence::level_sentence(self.engine, it.ind, &it.subj, &it.to, &mut self.out);
            self.sentences.push(s);
            if let Err(why) = &it.change
                && let Some(n) = sentence::gap_note(why, &it.from, &it.to)
            {
                self.out.note(n);
            }
        }
    }

    /// "Andelen X minskade däremot något, från 85 % till 80 % (−5 procentenheter), en
    /// försämring."
    fn exception(&mut self, it: &Item, c: &Change, lead: Option<Move>, depth: Depth) -> String {
        let contrary = matches!(
            (lead, it.moved),
            (Some(Move::Better), Move::Worse) | (Some(Move::Worse), Move::Better)
        );
        let mut adverbials: Vec<String> = Vec::new();
        if contrary {
            adverbials.push("däremot".to_string());
        }
        if depth == Depth::Change {
            adverbials.extend(c.magnitude.map(|m| m.adverb().to_string()));
        }
        adverbials.extend(sentence::streak_of(self.engine, it.ind, &it.from, &it.to));
        let lead_words = if adverbials.is_empty() {
            String::new()
        } else {
            format!(" {},", adverbials.join(" "))
        };
        let judged = if contrary || lead.is_none() {
            sentence::judged(self.engine, c.judgement)
                .map(|j| format!(", {j}"))
                .unwrap_or_default()
        } else {
            String::new()
        };
        let span = self.span(it, c);
        format!(
            "{} {}{lead_words} {span} ({}){judged}.",
            it.subj,
            c.direction.verb(),
            self.signed(it, c)
        )
    }

    /// "Antalet fall och antalet fall med skada var i stort sett oförändrade (815 jämfört med
    /// 843 och 226 jämfört med 231 året innan)."
    fn flat(&mut self, flat: &[&Item]) -> Option<String> {
        let mut pairs = Vec::new();
        let mut consecutive = true;
        for it in flat {
            let Ok(c) = &it.change else { continue };
            let (a, b) = sentence::values(self.engine, it.ind, &it.from, &it.to, c, &mut self.out);
            consecutive &= it.consecutive();
            pairs.push((it, a, b, c));
        }
        match pairs.as_slice() {
            [] => None,
            [(it, a, b, c)] => {
                let when = sentence::earlier(it.ind, a, &it.from, &it.to);
                Some(format!(
                    "{} var i stort sett {}, {b} jämfört med {when} ({}).",
                    it.subj,
                    words::unchanged_for(&it.subj),
                    self.signed(it, c)
                ))
            }
            _ => {
                let subjects: Vec<String> = pairs
                    .iter()
                    .enumerate()
                    .map(|(k, p)| if k == 0 { p.0.subj.clone() } else { p.0.lower() })
                    .collect();
                let values: Vec<String> = pairs
                    .iter()
                    .map(|(it, a, b, _)| {
                        if consecutive {
                            format!("{b} jämfört med {a}")
                        } else {
                            format!(
                                "{} jämfört med {}",
                                sentence::at_period(it.ind, b, &it.to),
                                sentence::at_period(it.ind, a, &it.from)
                            )
                        }
                    })
                    .collect();
                let tail = if consecutive { " året innan" } else { "" };
                Some(format!(
                    "{} var i stort sett oförändrade ({}{tail}).",
                    words::join_list(&subjects),
                    words::join_list(&values)
                ))
            }
        }
    }
}

/// "Andelen som …" for one, "alla fyra" for all, else the subjects listed.
fn who(items: &[&Item], n: usize) -> String {
    if items.len() == n && n == 2 {
        "båda".to_string()
    } else if items.len() == n {
        format!("alla {}", number_word(n))
    } else {
        let names: Vec<String> = items.iter().map(|i| i.lower()).collect();
        words::join_list(&names)
    }
}

impl Writer<'_> {
    /// "För alla fyra var det den högsta nivån under perioden 2021–2024.", within the phrase
    /// budget, one sentence per kind and span.
    fn extremes(&mut self, items: &[&Item]) {
        let mut groups: Vec<((bool, String), Vec<&Item>)> = Vec::new();
        for it in items {
            let Some(first) = sentence::claims_from(self.engine, it.ind) else {
                continue;
            };
            let s = self.engine.series(it.ind);
            let Some(x) = series::extreme_within(&s, it.to.year, first) else {
                continue;
            };
            let key = (x.is_high(), x.span(it.to.year));
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, g)) => g.push(it),
                None => groups.push((key, vec![it])),
            }
        }
        for ((high, span), g) in groups {
            let (noun, adjective) = if high {
                ("den högsta nivån", "det högsta")
            } else {
                ("den lägsta nivån", "det lägsta")
            };
            let Some(phrase) = self.engine.prose.pick(&[noun, adjective]) else {
                continue;
            };
            let whom = who(&g, items.len());
            self.sentences.push(if phrase == noun {
                format!("För {whom} var det {noun} {span}.")
            } else if g.len() == 1 {
                format!("För {whom} var värdet {adjective} {span}.")
            } else {
                format!(
                    "För {whom} var värdena {} {span}.",
                    adjective.replace("det ", "de ")
                )
            });
        }
    }

    /// The targets once for the group, level by level: "Av de fyra nådde endast X det
    /// nationella målvärdet." One indicator with a target of a level gets it named with the
    /// value: "Det lokala målvärdet 60 % för X nåddes inte, men det saknades bara 2
    /// procentenheter."
    fn targets(&mut self, items: &[&Item], n: usize) {
        let year = items.first().map_or(0, |i| i.to.year);
        let mut by_level: Vec<(TargetLevel, Vec<(&Item, targets::Attainment)>)> = Vec::new();
        for level in [TargetLevel::National, TargetLevel::Local] {
            let mut got = Vec::new();
            for it in items {
                let Some(p) = it.to.point() else { continue };
                if let Some(t) = targets::applicable(it.ind, year)
                    .into_iter()
                    .find(|t| t.level == level)
                {
                    got.push((*it, targets::attain(it.ind, t, p)));
                }
            }
            if !got.is_empty() {
                by_level.push((level, got));
            }
        }
        let both = by_level.len() > 1;
        for (level, got) in by_level {
            let name = match (both, level) {
                (false, _) => "målvärdet",
                (true, TargetLevel::National) => "det nationella målvärdet",
                (true, TargetLevel::Local) => "det lokala målvärdet",
            };
            self.target_level(name, &got, n);
        }
    }

    fn target_level(&mut self, name: &str, got: &[(&Item, targets::Attainment)], n: usize) {
        let style = &self.engine.style;
        if let [(it, a)] = got {
            let target = a.target_text(it.ind, style);
            let subject = format!("{} {target} för {}", words::upper_first(name), it.lower());
            self.sentences.push(match a.status {
                targets::Status::Met => format!("{subject} nåddes."),
                targets::Status::NotMet => format!("{subject} nåddes inte."),
                targets::Status::NearlyMet => format!(
                    "{subject} nåddes inte, men det saknades bara {}.",
                    a.distance_text(it.ind, style)
                ),
            });
            return;
        }
        let t = got.len();
        let indefinite = match name {
            "det nationella målvärdet" => "ett nationellt målvärde",
            "det lokala målvärdet" => "ett lokalt målvärde",
            _ => "ett målvärde",
        };
        let of = if t == n {
            format!("de {}", number_word(t))
        } else {
            format!("de {} som hade {indefinite}", number_word(t))
        };
        let with_target = |v: &[&(&Item, targets::Attainment)]| {
            words::join_list(
                &v.iter()
                    .map(|(i, a)| format!("{} ({})", i.lower(), a.target_text(i.ind, style)))
                    .collect::<Vec<_>>(),
            )
        };
        let met: Vec<&(&Item, targets::Attainment)> = got
            .iter()
            .filter(|(_, a)| a.status == targets::Status::Met)
            .collect();
        let not: Vec<&(&Item, targets::Attainment)> = got
            .iter()
            .filter(|(_, a)| a.status != targets::Status::Met)
            .collect();
        let name_up = words::upper_first(name);
        self.sentences.push(if not.is_empty() {
            let whom = if t == n {
                who_all(t)
            } else {
                format!("alla {} som hade {indefinite}", number_word(t))
            };
            format!("{name_up} nåddes för {whom}.")
        } else if met.is_empty() {
            format!("{name_up} nåddes inte för någon av {of}.")
        } else if met.len() <= not.len() {
            format!("{name_up} nåddes endast för {}.", with_target(&met))
        } else if t == n {
            format!("{name_up} nåddes för alla utom {}.", with_target(&not))
        } else {
            format!("Av {of} nåddes det för alla utom {}.", with_target(&not))
        });
        for (it, a) in got.iter().filter(|(_, a)| a.status == targets::Status::NearlyMet) {
            self.sentences.push(format!(
                "För {} saknades bara {} till {name} {}.",
                it.lower(),
                a.distance_text(it.ind, style),
                a.target_text(it.ind, style)
            ));
        }
    }
}

impl Writer<'_> {
    /// Riket once for the group (or, without riket, the first comparison value named): "Tre av
    /// fyra låg över riket; X låg 15 procentenheter under riket (67 %)."
    fn riket(&mut self, items: &[&Item]) {
        let Some(year) = items.first().map(|i| i.to.year) else {
            return;
        };
        let names: Vec<String> = items
            .iter()
            .flat_map(|i| self.engine.benchmark_names(&i.ind.id, year))
            .collect();
        let Some(name) = names
            .iter()
            .find(|n| benchmarks::label(n) == "riket")
            .or(names.first())
            .cloned()
        else {
            return;
        };
        let mut got = Vec::new();
        for it in items {
            let Some(p) = it.to.point() else { continue };
            let Some(v) = self.engine.benchmark(&it.ind.id, &name, year) else {
                continue;
            };
            if let Some(b) = benchmarks::compare(it.ind, p, &name, v) {
                got.push((*it, b));
            }
        }
        let whom = benchmarks::label(&name);
        let style = &self.engine.style;
        let phrase = |(it, b): &(&Item, benchmarks::Benchmark)| b.phrase(it.ind, style);
        let n = got.len();
        let count = |p: Position| got.iter().filter(|(_, b)| b.position == p).count();
        let majority = [Position::Above, Position::Level, Position::Below]
            .into_iter()
            .fold(None, |best: Option<(Position, usize)>, p| {
                let k = count(p);
                if best.is_none_or(|(_, b)| k > b) {
                    Some((p, k))
                } else {
                    best
                }
            });
        let Some((pos, k)) = majority else { return };
        let at = match pos {
            Position::Above => "över",
            Position::Level => "i nivå med",
            Position::Below => "under",
        };
        let sentence = if n == 1 {
            format!("{} låg {}.", got[0].0.subj, phrase(&got[0]))
        } else if k == n {
            format!("{} låg {at} {whom}.", count_alone(n, n))
        } else if k >= 2 {
            let rest: Vec<String> = got
                .iter()
                .filter(|(_, b)| b.position != pos)
                .enumerate()
                .map(|(j, g)| {
                    let opposite = matches!(
                        (pos, g.1.position),
                        (Position::Above, Position::Below) | (Position::Below, Position::Above)
                    );
                    let verb = match (j, opposite) {
                        (0, true) => " låg däremot",
                        (0, false) => " låg",
                        _ => "",
                    };
                    format!("{}{verb} {}", g.0.lower(), phrase(g))
                })
                .collect();
            format!(
                "{} låg {at} {whom}; {}.",
                count_alone(k, n),
                words::join_list(&rest)
            )
        } else {
            let all: Vec<String> = got
                .iter()
                .enumerate()
                .map(|(j, g)| match j {
                    0 => format!("{} låg {}", g.0.subj, phrase(g)),
                    _ => format!("{} {}", g.0.lower(), phrase(g)),
                })
                .collect();
            format!("{}.", words::join_list(&all))
        };
        self.sentences.push(sentence);
    }
}

fn who_all(t: usize) -> String {
    if t == 2 {
        "båda".to_string()
    } else {
        format!("alla {}", number_word(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_moving_group_leads() {
        use Move::{Better, Flat, Up, Worse};
        assert_eq!(leading(&[Better, Better, Worse, Flat]), Some(Better));
        assert_eq!(leading(&[Up, Up, Worse, Worse]), Some(Worse));
        assert_eq!(leading(&[Better, Worse, Flat, Flat]), Option::None);
        assert_eq!(leading(&[Flat, Flat, Flat]), Option::None);
    }

    #[test]
    fn counts_in_words() {
        assert_eq!(count_phrase(4, 4, "indikatorer"), "Alla fyra indikatorerna");
        assert_eq!(count_phrase(2, 2, "indikatorer"), "Båda indikatorerna");
        assert_eq!(count_phrase(3, 4, "indikatorer"), "Tre av fyra indikatorer");
        assert_eq!(count_alone(13, 14), "13 av 14");
    }
}
