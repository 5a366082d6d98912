//! The scope a section's texts are written in ([`crate::compute::prose::Scope`]): its chapter,
//! and per indicator the years the section's own tables and charts show, so that a generated
//! streak or extreme only speaks of years the reader has in front of them.

use crate::compute::Engine;
use crate::compute::prose::Scope;
use crate::model::outline::{DEFAULT_YEARS, Order, SectionSpec, TableKind};

/// A section as placed in the report: its chapter, level (1 for a chapter) and number.
#[derive(Debug, Clone)]
pub struct Placed<'a> {
    pub spec: &'a SectionSpec,
    pub chapter: &'a str,
    pub level: u8,
    /// "2.7.12", "Bilaga 1", or "" for an unnumbered section.
    pub number: String,
}

/// Every section of the outline at every depth, in order, numbered: chapters 1, 2 …, their
/// sections 2.1, 2.7.12 …; `numbered: false` sections (and theirs) get no number and do not
/// count; appendices are "Bilaga 1", "Bilaga 2" … with unnumbered subsections. Nothing is
/// left out: depth is limited when the outline is loaded (`outline.too-deep`).
pub fn placed(chapters: &[SectionSpec]) -> Vec<Placed<'_>> {
    fn walk<'a>(
        subs: &'a [SectionSpec],
        chapter: &'a str,
        level: u8,
        parent: &str,
        out: &mut Vec<Placed<'a>>,
    ) {
        let mut n = 0;
        for s in subs {
            let number = if parent.is_empty() || !s.numbered {
                String::new()
            } else {
                n += 1;
                format!("{parent}.{n}")
            };
            out.push(Placed {
                spec: s,
                chapter,
                level,
                number: number.clone(),
            });
            walk(&s.sections, chapter, level.saturating_add(1), &number, out);
        }
    }
    let mut out = Vec::new();
    let (mut chapter_no, mut appendix_no) = (0, 0);
    for c in chapters {
        let (number, children) = if c.appendix {
            appendix_no += 1;
            (format!("Bilaga {appendix_no}"), String::new())
        } else if c.numbered {
            chapter_no += 1;
            (chapter_no.to_string(), chapter_no.to_string())
        } else {
            (String::new(), String::new())
        };
        out.push(Placed {
            spec: c,
            chapter: &c.id,
            level: 1,
            number,
        });
        walk(&c.sections, &c.id, 2, &children, &mut out);
    }
    out
}

/// The scope of `spec`, a section of the chapter `chapter`.
pub fn of(engine: &Engine, chapter: &str, spec: &SectionSpec) -> Scope {
    let mut scope = Scope {
        chapter: chapter.to_string(),
        section: spec.id.clone(),
        ..Scope::default()
    };
    let mut widen = |id: &str, years: &[i32]| {
        let (Some(&a), Some(&b)) = (years.iter().min(), years.iter().max()) else {
            return;
        };
        let e = scope.shown.entry(id.to_string()).or_insert((a, b));
        *e = (e.0.min(a), e.1.max(b));
    };
    if !engine.period.is_year() {
        return scope;
    }
    for t in spec.tables.iter().filter(|t| t.kind == TableKind::Series) {
        let span = t.years.unwrap_or(DEFAULT_YEARS).clamp(1, 20);
        let years = crate::compute::series::window(engine.year, span, Order::Ascending);
        for id in &t.indicators {
            widen(id, &years);
        }
    }
    // A chart per kön or unit shows the parts of one year, not the organisation's series.
    for c in spec.charts.iter().filter(|c| c.per.is_none()) {
        let known: Vec<_> = c.indicators.iter().filter_map(|i| engine.indicator(i)).collect();
        let years = crate::render::chart::build::window(engine, c, &known);
        for ind in known {
            widen(&ind.id, &years);
        }
    }
    scope
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(yaml: &str) -> Vec<String> {
        let sections: Vec<SectionSpec> = serde_yaml::from_str(yaml).unwrap();
        placed(&sections)
            .iter()
            .map(|p| format!("{}:{}:{}", p.level, p.number, p.spec.id))
            .collect()
    }

    #[test]
    fn four_levels_unnumbered_and_appendices() {
        let got = numbers(
            "[{id: sammanfattning, title: S, numbered: false},
              {id: inledning, title: I},
              {id: resultat, title: R, sections: [
                {id: a, title: A},
                {id: egenkontroll, title: E, sections: [
                  {id: e1, title: E1},
                  {id: e2, title: E2, sections: [{id: e21, title: E21}, {id: e22, title: E22}]}]},
                {id: fritt, title: F, numbered: false, sections: [{id: f1, title: F1}]},
                {id: b, title: B}]},
              {id: forkortningar, title: F, numbered: false},
              {id: mal, title: M},
              {id: bilaga-a, title: BA, appendix: true, sections: [{id: ba1, title: BA1}]},
              {id: bilaga-b, title: BB, appendix: true}]",
        );
        assert_eq!(
            got,
            [
                "1::sammanfattning",
                "1:1:inledning",
                "1:2:resultat",
                "2:2.1:a",
                "2:2.2:egenkontroll",
                "3:2.2.1:e1",
                "3:2.2.2:e2",
                "4:2.2.2.1:e21",
                "4:2.2.2.2:e22",
                "2::fritt",
                "3::f1",
                "2:2.3:b",
                "1::forkortningar",
                "1:3:mal",
                "1:Bilaga 1:bilaga-a",
                "2::ba1",
                "1:Bilaga 2:bilaga-b",
            ]
        );
    }

    #[test]
    fn twelve_subsections_number_to_twelve() {
        let subs: Vec<String> = (1..=12).map(|i| format!("{{id: s{i}, title: S{i}}}")).collect();
        let yaml = format!(
            "[{{id: a, title: A}}, {{id: b, title: B, sections: [{{id: x, title: X}}, {{id: e, title: E, sections: [{}]}}]}}]",
            subs.join(", ")
        );
        let got = numbers(&yaml);
        assert_eq!(got[4], "3:2.2.1:s1");
        assert_eq!(got.last().unwrap(), "3:2.2.12:s12");
    }
}
