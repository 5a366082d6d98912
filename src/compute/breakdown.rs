//! Breakdowns: one indicator's values per kön, verksamhet or enhet, from the rows of the data
//! that carry a `kön` or `enhet` (nyckeltal.csv, brukarundersokning.csv, Kolada's kvinnor and
//! män, the counts per verksamhetsområde and enhet of the event files).
//!
//! Each part is a cell like the organisation's: small-number protection applies per cell,
//! with the secondary suppression the engine worked out for the model (a part that would let
//! a protected part be computed from the total is hidden). A table ([`table`]) shows the parts
//! as rows and the years as columns, or several indicators as rows and the parts as columns;
//! a sentence ([`sentence`]) speaks the parts of one year: "Andelen … var 89 % bland kvinnor
//! och 84 % bland män."

use crate::model::catalogue::Indicator;
use crate::model::observation::Sex;
use crate::model::period::Period;

use super::sentence::{self as sentences, Text};
use super::suppress::Protection;
use super::table::{Marks, TableData, row_label};
use super::{Cell, CellKind, Engine, Point, words};

/// What the parts are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    /// Kvinnor and män.
    Kon,
    /// The verksamhetsområden: units named without " / ".
    Verksamhet,
    /// The enheter: units named "Verksamhet / Enhet"; when the data has none, every unit.
    Enhet,
}

/// How a unit within a verksamhet is named in the data ("Hemtjänst / Hemtjänst Norr").
pub const UNIT_SEP: &str = " / ";

impl Dimension {
    pub const EXPECTED: &str = "\"kon\", \"verksamhet\" or \"enhet\"";

    pub fn parse(text: &str) -> Option<Dimension> {
        match text.trim().to_lowercase().as_str() {
            "kon" | "kön" | "sex" => Some(Dimension::Kon),
            "verksamhet" | "verksamhetsomrade" | "verksamhetsområde" => Some(Dimension::Verksamhet),
            "enhet" | "unit" => Some(Dimension::Enhet),
            _ => None,
        }
    }

    /// The header of the parts' column.
    pub fn heading(self) -> &'static str {
        match self {
            Dimension::Kon => "Kön",
            Dimension::Verksamhet => "Verksamhet",
            Dimension::Enhet => "Enhet",
        }
    }

    /// "andra verksamheter": the other parts, for a contribution sentence.
    pub fn others(self) -> &'static str {
        match self {
            Dimension::Kon => "det andra könet",
            Dimension::Verksamhet => "andra verksamheter",
            Dimension::Enhet => "andra enheter",
        }
    }
}

/// One part: a sex, or a unit as the data names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Sex(Sex),
    Unit(String),
}

impl Part {
    /// As a table row or column names it: "Kvinnor", "Hemtjänst Norr".
    pub fn label(&self) -> String {
        match self {
            Part::Sex(Sex::K) => "Kvinnor".to_string(),
            Part::Sex(Sex::M) => "Män".to_string(),
            Part::Sex(Sex::T) => "Totalt".to_string(),
            Part::Unit(u) => u.rsplit(UNIT_SEP).next().unwrap_or(u).to_string(),
        }
    }

    /// As running text places it after a value: "bland kvinnor", "inom Hemtjänst".
    pub fn phrase(&self) -> String {
        match self {
            Part::Sex(Sex::K) => "bland kvinnor".to_string(),
            Part::Sex(Sex::M) => "bland män".to_string(),
            Part::Sex(Sex::T) => "totalt".to_string(),
            Part::Unit(_) => format!("inom {}", self.label()),
        }
    }

    fn unit(&self) -> Option<&str> {
        match self {
            Part::Unit(u) => Some(u),
            Part::Sex(_) => None,
        }
    }

    fn sex(&self) -> Option<Sex> {
        match self {
            Part::Sex(Sex::T) => None,
            Part::Sex(s) => Some(*s),
            Part::Unit(_) => None,
        }
    }
}

/// Swedish alphabetical order: å, ä, ö after z.
pub fn swedish_key(s: &str) -> Vec<u32> {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' => 'z' as u32 + 1,
            'ä' | 'æ' => 'z' as u32 + 2,
            'ö' | 'ø' => 'z' as u32 + 3,
            c => c as u32,
        })
        .collect()
}

impl Engine {
    /// The parts of `id` along `dim` that the data has for any of `periods`: kvinnor before
    /// män, units in Swedish alphabetical order.
    pub fn parts(&self, id: &str, dim: Dimension, periods: &[Period]) -> Vec<Part> {
        let rows = self
            .model()
            .breakdowns
            .iter()
            .filter(|o| o.indicator == id && periods.contains(&o.period));
        match dim {
            Dimension::Kon => {
                let sexes: Vec<Sex> = rows
                    .filter(|o| o.unit.is_none())
                    .filter_map(|o| o.sex.filter(|s| *s != Sex::T))
                    .collect();
                [Sex::K, Sex::M]
                    .into_iter()
                    .filter(|s| sexes.contains(s))
                    .map(Part::Sex)
                    .collect()
            }
            Dimension::Verksamhet | Dimension::Enhet => {
                let mut units: Vec<&str> = rows
                    .filter(|o| matches!(o.sex, None | Some(Sex::T)))
                    .filter_map(|o| o.unit.as_deref())
                    .collect();
                let nested = units.iter().any(|u| u.contains(UNIT_SEP));
                units.retain(|u| match dim {
                    Dimension::Verksamhet => !u.contains(UNIT_SEP),
                    _ => !nested || u.contains(UNIT_SEP),
                });
                units.sort_by_key(|u| swedish_key(u));
                units.dedup();
                units.into_iter().map(|u| Part::Unit(u.to_string())).collect()
            }
        }
    }

    /// A part's value for a period, protected as every cell is.
    pub fn part_cell(&self, id: &str, period: Period, part: &Part) -> Cell {
        let Some(ind) = self.indicator(id) else {
            return Cell::missing_at(period);
        };
        let key = (
            id.to_string(),
            period,
            part.unit().map(str::to_string),
            part.sex(),
        );
        match self.protection.get(&key).copied().unwrap_or(Protection::Shown) {
            Protection::Small => return Cell::new(period, CellKind::Small),
            Protection::Hidden => return Cell::new(period, CellKind::Hidden),
            Protection::Shown => {}
        }
        let found = self.model().breakdowns.iter().find(|o| {
            o.indicator == id
                && o.period == period
                && o.unit.as_deref() == part.unit()
                && o.sex.filter(|s| *s != Sex::T) == part.sex()
        });
        let Some(o) = found else {
            return Cell::missing_at(period);
        };
        Cell::new(period, super::observed(ind, o))
    }
}

/// Why nothing can be shown.
#[derive(Debug, PartialEq, Eq)]
pub enum Problem {
    /// The data has no values of this indicator per kön, verksamhet or enhet.
    NoParts { id: String, dim: Dimension },
}

impl Problem {
    pub fn message(&self) -> String {
        match self {
            Problem::NoParts { id, dim } => format!(
                "the data has no values of \"{id}\" per {} for these years",
                dim.heading().to_lowercase()
            ),
        }
    }
}

/// One indicator over `years`: a row per part, then the organisation's own value ("Totalt").
pub fn table(engine: &Engine, ind: &Indicator, dim: Dimension, years: &[i32]) -> Result<TableData, Problem> {
    let periods: Vec<Period> = years.iter().map(|&year| Period::Year { year }).collect();
    let parts = engine.parts(&ind.id, dim, &periods);
    if parts.is_empty() {
        return Err(Problem::NoParts {
            id: ind.id.clone(),
            dim,
        });
    }
    let mut out = TableData::default();
    let mut used = Marks::default();
    for part in &parts {
        let mut row = vec![part.label()];
        for p in &periods {
            row.push(used.value_text(&engine.part_cell(&ind.id, *p, part).kind, ind, engine));
        }
        out.rows.push(row);
    }
    let mut total = vec!["Totalt".to_string()];
    for p in &periods {
        total.push(used.value_text(&engine.cell_at(&ind.id, *p).kind, ind, engine));
    }
    out.rows.push(total);
    out.header
        .push(format!("{}, {}", row_label(ind), dim.heading().to_lowercase()));
    out.header.extend(years.iter().map(i32::to_string));
    out.align.push("left");
    out.align.extend(years.iter().map(|_| "right"));
    out.notes = used.symbol_notes(engine.privacy.threshold);
    out.add_source(ind);
    Ok(out)
}

/// Several indicators in one year: a row per indicator, a column per part, then "Totalt".
pub fn table_across(
    engine: &Engine,
    inds: &[&Indicator],
    dim: Dimension,
    year: i32,
) -> Result<TableData, Problem> {
    let period = Period::Year { year };
    let mut parts: Vec<Part> = Vec::new();
    for ind in inds {
        for p in engine.parts(&ind.id, dim, &[period]) {
            if !parts.contains(&p) {
                parts.push(p);
            }
        }
    }
    if parts.is_empty() {
        return Err(Problem::NoParts {
            id: inds.iter().map(|i| i.id.as_str()).collect::<Vec<_>>().join(", "),
            dim,
        });
    }
    if dim != Dimension::Kon {
        parts.sort_by_key(|p| swedish_key(&p.label()));
    }
    let mut out = TableData::default();
    let mut used = Marks::default();
    for ind in inds {
        let mut row = vec![row_label(ind)];
        for part in &parts {
            row.push(used.value_text(&engine.part_cell(&ind.id, period, part).kind, ind, engine));
        }
        row.push(used.value_text(&engine.cell_at(&ind.id, period).kind, ind, engine));
        out.rows.push(row);
        out.add_source(ind);
    }
    out.header.push(format!("Mått {year}"));
    out.header.extend(parts.iter().map(Part::label));
    out.header.push("Totalt".to_string());
    out.align.push("left");
    out.align.extend(parts.iter().map(|_| "right"));
    out.align.push("right");
    out.notes = used.symbol_notes(engine.privacy.threshold);
    Ok(out)
}

/// Most parts a sentence names one by one; with more, it names the highest and the lowest.
pub const MAX_LISTED: usize = 4;

/// "Andelen … var 89 % bland kvinnor och 84 % bland män." for one period (named when it is
/// not the report period: "År 2023 var …", "Under halvår 1 2023 var …"). With more than [`MAX_LISTED`] parts: "… var högst inom A
/// (97 %) och lägst inom B (86 %)." A protected part reads "färre än 5"; a missing one
/// "uppgift saknas".
pub fn sentence(
    engine: &Engine,
    ind: &Indicator,
    dim: Dimension,
    period: Period,
    own: Option<&str>,
) -> Result<Text, Problem> {
    let parts = engine.parts(&ind.id, dim, &[period]);
    if parts.is_empty() {
        return Err(Problem::NoParts {
            id: ind.id.clone(),
            dim,
        });
    }
    let mut out = Text::default();
    let cells: Vec<(Part, Cell)> = parts
        .into_iter()
        .map(|p| {
            let c = engine.part_cell(&ind.id, period, &p);
            (p, c)
        })
        .collect();
    let subject = sentences::subject(ind, own);
    let values = if cells.len() > MAX_LISTED {
        extremes(engine, ind, &cells, &mut out)
    } else {
        let items: Vec<String> = cells
            .iter()
            .map(|(p, c)| {
                let t = sentences::cell_text(engine, ind, c);
                let v = out.absorb(t);
                format!("{v} {}", p.phrase())
            })
            .collect();
        words::join_list(&items)
    };
    let subject_lower = words::lower_first(&subject);
    out.text = match period {
        p if p == engine.period => format!("{subject} var {values}."),
        Period::Year { year } => format!("År {year} var {subject_lower} {values}."),
        p => format!("Under {} var {subject_lower} {values}.", p.label()),
    };
    Ok(out)
}

/// "högst inom A (97 %) och lägst inom B (86 %)", over the parts with values.
fn extremes(engine: &Engine, ind: &Indicator, cells: &[(Part, Cell)], out: &mut Text) -> String {
    let shown: Vec<(&Part, &Point, &Cell)> = cells
        .iter()
        .filter_map(|(p, c)| c.point().map(|v| (p, v, c)))
        .collect();
    let by = |a: &&(&Part, &Point, &Cell), b: &&(&Part, &Point, &Cell)| a.1.shown.total_cmp(&b.1.shown);
    let (Some(hi), Some(lo)) = (shown.iter().max_by(by), shown.iter().min_by(by)) else {
        return "uppgift saknas för alla delar".to_string();
    };
    let text = |p: &Part, c: &Cell, out: &mut Text| {
        let v = out.absorb(sentences::cell_text(engine, ind, c));
        format!("{} ({v})", p.phrase())
    };
    if hi.1.shown == lo.1.shown {
        return format!(
            "lika inom alla delar ({})",
            sentences::point_text(engine, ind, hi.1)
        );
    }
    let a = text(hi.0, hi.2, out);
    let b = text(lo.0, lo.2, out);
    format!("högst {a} och lägst {b}")
}

#[cfg(test)]
mod tests;
