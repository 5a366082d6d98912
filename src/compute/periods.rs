//! Tables for a report period shorter than a year (the avvikelserapport for a halvår or
//! tertial): one row per indicator, columns for earlier full years, the same period a year
//! earlier and the report period, and "Förändring" of the period against the same period a
//! year earlier. Values come from the case lists aggregated per period (`Engine::cell_at`).
//!
//! Herrljunga's half-year report lays its overview out the same way: "Helår 2019 | Helår 2020 |
//! Halvår 2020 | Halvår 2021".

use crate::model::period::Period;

use super::Engine;
use super::change::{self};
use super::table::{Marks, TableData, row_label};

/// The columns of a period table: `full_years` full years before the period's year, then the
/// same period a year earlier, then the period. For a whole year: the years up to it.
pub fn columns(period: Period, full_years: u32) -> Vec<Period> {
    let year = period.year();
    let n = i32::try_from(full_years.clamp(0, 20)).unwrap_or(3);
    if period.is_year() {
        return (year - n..=year).map(|y| Period::Year { year: y }).collect();
    }
    let mut cols: Vec<Period> = (year - n..year).map(|y| Period::Year { year: y }).collect();
    if let Some(p) = period.previous_year() {
        cols.push(p);
    }
    cols.push(period);
    cols
}

/// Column header: "Helår 2023", "Halvår 1 2024", "Tertial 2 2024".
pub fn header(p: Period) -> String {
    match p {
        Period::Year { year } => format!("Helår {year}"),
        other => {
            let l = other.label();
            let mut c = l.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        }
    }
}

/// Build the table for `ids` over `cols`; `change` adds the last column against the same
/// period a year earlier (when both are columns).
pub fn build(engine: &Engine, ids: &[String], cols: &[Period], change: bool) -> TableData {
    let mut out = TableData::default();
    let style = engine.style;
    let pair = cols
        .last()
        .and_then(|&to| Some((to.previous_year()?, to)))
        .filter(|(from, _)| cols.contains(from));
    let with_change = change && pair.is_some();
    let mut used = Marks::default();
    let decimals = match pair {
        Some((a, b)) if with_change => {
            let changes: Vec<change::Change> = ids
                .iter()
                .filter_map(|id| {
                    let ind = engine.indicator(id)?;
                    let (x, y) = (engine.cell_at(id, a), engine.cell_at(id, b));
                    change::compare(ind, &x, &y, &engine.thresholds).ok()
                })
                .collect();
            change::column_decimals(&changes)
        }
        _ => 0,
    };
    for id in ids {
        let Some(ind) = engine.indicator(id) else {
            out.unknown.push(id.clone());
            continue;
        };
        if cols.iter().all(|p| !engine.has_row_at(id, *p)) {
            continue;
        }
        let mut row = vec![row_label(ind)];
        for &p in cols {
            let cell = engine.cell_at(id, p);
            row.push(used.value_text(&cell.kind, ind, engine));
        }
        if with_change && let Some((a, b)) = pair {
            let cmp = change::compare(
                ind,
                &engine.cell_at(id, a),
                &engine.cell_at(id, b),
                &engine.thresholds,
            );
            row.push(used.change_text(cmp, ind, &style, decimals, |_, _| String::new()));
        }
        out.rows.push(row);
        out.add_source(ind);
    }
    out.notes.extend(used.symbol_notes(engine.privacy.threshold));
    out.header.push("Mått".to_string());
    out.header.extend(cols.iter().map(|p| header(*p)));
    out.align.push("left");
    out.align.extend(cols.iter().map(|_| "right"));
    if with_change && let Some((a, b)) = pair {
        out.header.push("Förändring".to_string());
        out.align.push("right");
        out.notes.push(used.change_note(&a.label(), &b.label()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    #[test]
    fn columns_are_full_years_then_the_period_a_year_earlier_then_the_period() {
        assert_eq!(
            columns(p("2024-H1"), 3),
            [p("2021"), p("2022"), p("2023"), p("2023-H1"), p("2024-H1")]
        );
        assert_eq!(columns(p("2024-T2"), 1), [p("2023"), p("2023-T2"), p("2024-T2")]);
        assert_eq!(columns(p("2024"), 2), [p("2022"), p("2023"), p("2024")]);
        assert_eq!(header(p("2023")), "Helår 2023");
        assert_eq!(header(p("2024-H1")), "Halvår 1 2024");
        assert_eq!(header(p("2024-T2")), "Tertial 2 2024");
    }

    #[test]
    fn values_per_period_and_change_against_the_same_period() {
        let mut m = model(
            "{id: a, name: Avvikelser, unit: antal, polarity: neutral}",
            &[(2022, Some(900.0)), (2023, Some(1000.0))],
        );
        for (per, v) in [("2023-H1", 480.0), ("2024-H1", 528.0)] {
            let mut o = observation("a", p(per).year(), Some(v));
            o.period = p(per);
            m.breakdowns.push(o);
        }
        let e = Engine::plain(m, 2024);
        let t = build(&e, &["a".into(), "zz".into()], &columns(p("2024-H1"), 2), true);
        assert_eq!(
            t.header,
            [
                "Mått",
                "Helår 2022",
                "Helår 2023",
                "Halvår 1 2023",
                "Halvår 1 2024",
                "Förändring"
            ]
        );
        assert_eq!(t.rows[0][..5], ["Avvikelser", "900", "1\u{a0}000", "480", "528"]);
        assert!(t.rows[0][5].contains("10"), "{:?}", t.rows[0]);
        assert_eq!(t.unknown, ["zz"]);
        assert!(
            t.notes
                .last()
                .unwrap()
                .starts_with("Förändring halvår 1 2024 jämfört med halvår 1 2023")
        );
    }
}
