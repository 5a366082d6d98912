//! The scope a section's texts are written in ([`crate::compute::prose::Scope`]): its chapter,
//! and per indicator the years the section's own tables and charts show, so that a generated
//! streak or extreme only speaks of years the reader has in front of them.

use crate::compute::Engine;
use crate::compute::prose::Scope;
use crate::model::outline::{DEFAULT_YEARS, Order, SectionSpec, TableKind};

/// Every section with the id of its chapter, in the outline's order.
pub fn with_chapters(chapters: &[SectionSpec]) -> Vec<(&SectionSpec, &str)> {
    fn walk<'a>(s: &'a SectionSpec, chapter: &'a str, out: &mut Vec<(&'a SectionSpec, &'a str)>) {
        out.push((s, chapter));
        for sub in &s.sections {
            walk(sub, chapter, out);
        }
    }
    let mut out = Vec::new();
    for c in chapters {
        walk(c, &c.id, &mut out);
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
    for c in &spec.charts {
        let known: Vec<_> = c.indicators.iter().filter_map(|i| engine.indicator(i)).collect();
        let years = crate::render::chart::build::window(engine, c, &known);
        for ind in known {
            widen(&ind.id, &years);
        }
    }
    scope
}
