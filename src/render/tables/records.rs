//! Tables built from records rather than indicator series (issue 14): avvikelser per
//! verksamhet, severity × probability, handling time, counterparts and falls per person (from
//! the event file, for the report period); the lex Sarah and lex Maria case tables; the risk
//! register; inspections (IVO tillsyn and others) and the follow-up of private providers.
//! Each is a plain grid of plain text.

use chrono::{Datelike, NaiveDate};

use crate::compute::Engine;
use crate::compute::records::{self as agg, Filter};
use crate::diag::{Diagnostic, Location};
use crate::format::{self, Unit};
use crate::model::outline::{LawFilter, TableKind, TableSpec};
use crate::model::records::{CaseKind, Event, Law};

use super::Table;

pub const SEVERITY: [&str; 4] = ["Mindre", "Måttlig", "Betydande", "Katastrofal"];
pub const PROBABILITY: [&str; 4] = ["Mycket liten", "Liten", "Stor", "Mycket stor"];
/// Default limit of "closed within N days".
pub const DEFAULT_DAYS: u32 = 30;

/// A record table of kind `spec.kind`: the Markdown view and the typst table.
pub fn build(
    engine: &Engine,
    spec: &TableSpec,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Table, Table)> {
    warn_ignored(spec, file, diags);
    let built = match spec.kind {
        TableKind::AvvikelserVerksamhet => per_area(engine, spec),
        TableKind::Allvarlighet => severity(engine, spec),
        TableKind::Handlaggningstid => handling(engine, spec),
        TableKind::Motpart => counterparts(engine, spec),
        TableKind::FallPersoner => falls(engine, spec),
        TableKind::LexSarah => cases(engine, spec, CaseKind::LexSarah),
        TableKind::LexMaria => cases(engine, spec, CaseKind::LexMaria),
        TableKind::Risker => risks(engine, spec),
        TableKind::Tillsyn => inspections(engine, spec),
        TableKind::UppfoljningUtforare => followups(engine, spec),
        _ => return None,
    };
    let Some(grid) = built else {
        diags.push(
            Diagnostic::warning(
                "table.empty",
                format!(
                    "table \"{}\" ({}) has no data for {} and is left out",
                    spec.id,
                    spec.caption,
                    engine.period.label()
                ),
            )
            .note(empty_note(spec.kind)),
        );
        return None;
    };
    // report.md escapes every cell (tera's autoescape), so both views hold the plain text.
    let typst = grid.table(spec);
    Some((typst.clone(), typst))
}

fn empty_note(kind: TableKind) -> &'static str {
    match kind {
        TableKind::LexSarah => "add the period's cases to data/lex-sarah.csv",
        TableKind::LexMaria => "add the period's cases to data/lex-maria.csv",
        TableKind::Risker => "add the risk register as data/risker.csv",
        TableKind::Tillsyn => "add the year's inspections to data/tillsyn.csv",
        TableKind::UppfoljningUtforare => "add the year's follow-ups to data/uppfoljning-utforare.csv",
        TableKind::Allvarlighet => {
            "the table needs data/avvikelser.csv with columns allvarlighetsgrad and sannolikhet"
        }
        TableKind::Handlaggningstid => "the table needs data/avvikelser.csv with column avslutsdatum",
        TableKind::Motpart => {
            "the table needs data/avvikelser.csv with columns intern_extern and motpart, and external avvikelser"
        }
        _ => "the table needs the period's avvikelser in data/avvikelser.csv",
    }
}

/// Keys that do nothing for record tables.
fn warn_ignored(spec: &TableSpec, file: &str, diags: &mut Vec<Diagnostic>) {
    let event_kind = matches!(
        spec.kind,
        TableKind::AvvikelserVerksamhet
            | TableKind::Allvarlighet
            | TableKind::Handlaggningstid
            | TableKind::Motpart
            | TableKind::FallPersoner
    );
    let keys = [
        ("indicators", !spec.indicators.is_empty()),
        ("years", spec.years.is_some()),
        ("year", spec.year.is_some()),
        ("group_by", spec.group_by.is_some()),
        ("level", spec.level.is_some()),
        ("benchmarks", !spec.benchmarks.is_empty()),
        ("change", spec.change.is_some()),
        ("lagrum", spec.lagrum.is_some() && !event_kind),
        (
            "dagar",
            spec.days.is_some() && spec.kind != TableKind::Handlaggningstid,
        ),
        (
            "anmalda_ivo",
            spec.anmalda_ivo && !matches!(spec.kind, TableKind::LexSarah | TableKind::LexMaria),
        ),
    ];
    for (key, given) in keys {
        if given {
            diags.push(
                Diagnostic::warning(
                    "outline.ignored-key",
                    format!("`{key}:` of table \"{}\" has no effect for its kind", spec.id),
                )
                .at(Location::file(file)),
            );
        }
    }
}

/// A table before it is numbered.
struct Grid {
    header: Vec<String>,
    align: Vec<&'static str>,
    rows: Vec<Vec<String>>,
    notes: Vec<String>,
    source: Option<String>,
}

impl Grid {
    fn new(header: &[&str]) -> Grid {
        Grid {
            header: header.iter().map(|h| h.to_string()).collect(),
            align: header
                .iter()
                .enumerate()
                .map(|(i, _)| if i == 0 { "left" } else { "right" })
                .collect(),
            rows: Vec::new(),
            notes: Vec::new(),
            source: None,
        }
    }

    /// Columns that hold sentences: left-aligned, sharing the page width and wrapping
    /// (`wrap` in berattelse.typ; the Markdown prints them left-aligned); the other columns
    /// left-aligned and as wide as their content.
    fn text_columns(mut self, wrapping: &[usize], wide: &[usize]) -> Grid {
        for (i, a) in self.align.iter_mut().enumerate() {
            *a = if wide.contains(&i) {
                "wide"
            } else if wrapping.contains(&i) {
                "wrap"
            } else {
                "left"
            };
        }
        self
    }

    fn table(self, spec: &TableSpec) -> Table {
        Table {
            id: spec.id.clone(),
            block: format!("tabell-{}", spec.id),
            number: 0,
            caption: spec.caption.clone(),
            header: self.header,
            align: self.align,
            rows: self.rows,
            source: self.source,
            notes: self.notes,
            markdown: None,
        }
    }
}

fn filter(spec: &TableSpec) -> Filter<'_> {
    Filter {
        area: spec.verksamhet.as_deref(),
        law: spec.lagrum.map(|l| match l {
            LawFilter::Hsl => Law::Hsl,
            LawFilter::SolLss => Law::SolLss,
        }),
    }
}

/// The first column: verksamhet, or enhet in a table limited to one verksamhet.
fn group_header(spec: &TableSpec) -> &'static str {
    if spec.verksamhet.is_some() {
        "Enhet"
    } else {
        "Verksamhet"
    }
}

fn events(engine: &Engine) -> &[Event] {
    &engine.model().records.avvikelser.events
}

fn count(n: u32, engine: &Engine) -> String {
    format::number(f64::from(n), 0, &engine.style)
}

fn days_text(d: Option<f64>, engine: &Engine) -> String {
    d.map_or("–".to_string(), |d| {
        format::number(d, if d.fract() == 0.0 { 0 } else { 1 }, &engine.style)
    })
}

fn percent(v: Option<f64>, engine: &Engine) -> String {
    v.map_or("–".to_string(), |v| {
        format::with_unit(v, Unit::Procent, 0, &engine.style)
    })
}

fn event_source(engine: &Engine) -> Option<String> {
    engine
        .model()
        .records
        .avvikelser
        .file
        .as_ref()
        .map(|_| "Källa: Avvikelsesystemet".to_string())
}

/// The printed name of a harmonised category.
fn category_name(engine: &Engine, id: &str) -> String {
    engine
        .model()
        .indicator(&format!("avvikelser.{id}"))
        .map_or_else(|| id.replace('_', " "), |i| i.name.clone())
}

fn period_end(engine: &Engine) -> Option<NaiveDate> {
    engine.period.dates().map(|(_, e)| e)
}

fn per_area(engine: &Engine, spec: &TableSpec) -> Option<Grid> {
    let rows = agg::per_area(events(engine), engine.period, filter(spec));
    if rows.is_empty() {
        return None;
    }
    let previous = engine.period.previous_year().map(|p| p.label());
    let has_previous = rows.iter().any(|r| r.previous.is_some());
    let now = engine.period.label();
    let mut header = vec![group_header(spec).to_string()];
    if has_previous && let Some(p) = &previous {
        header.push(format!("Antal {p}"));
    }
    header.extend([
        format!("Antal {now}"),
        "Andel".into(),
        "Vanligaste kategorier".into(),
        "Allvarlighetsgrad 3–4".into(),
        "Handläggningstid, median (dagar)".into(),
    ]);
    let total: u32 = rows.iter().map(|r| r.count).sum();
    let mut g = Grid::new(&header.iter().map(String::as_str).collect::<Vec<_>>());
    g.align[header.len() - 3] = "left";
    for r in &rows {
        let mut row = vec![r.area.clone()];
        if has_previous {
            row.push(count(r.previous.unwrap_or(0), engine));
        }
        let tops: Vec<String> = r
            .top
            .iter()
            .map(|(c, n)| format!("{} ({})", category_name(engine, c), count(*n, engine)))
            .collect();
        row.extend([
            count(r.count, engine),
            percent(Some(f64::from(r.count) * 100.0 / f64::from(total.max(1))), engine),
            tops.join(", "),
            count(r.serious, engine),
            days_text(r.median_days, engine),
        ]);
        g.rows.push(row);
    }
    g.notes.push(
        "Avvikelser skickade till andra vårdgivare ingår inte. Handläggningstid räknas från rapportering till avslut, för avvikelser som avslutats före periodens slut."
            .to_string(),
    );
    g.source = event_source(engine);
    Some(g)
}

fn severity(engine: &Engine, spec: &TableSpec) -> Option<Grid> {
    let a = &engine.model().records.avvikelser;
    if !(a.has_severity && a.has_probability) {
        return None;
    }
    let evs = agg::counted(&a.events, engine.period, filter(spec));
    if evs.is_empty() {
        return None;
    }
    let m = agg::severity_matrix(&evs);
    let mut header = vec!["Allvarlighetsgrad".to_string()];
    header.extend(
        PROBABILITY
            .iter()
            .enumerate()
            .map(|(i, p)| format!("Sannolikhet {} – {}", i + 1, p.to_lowercase())),
    );
    header.push("Totalt".into());
    let mut g = Grid::new(&header.iter().map(String::as_str).collect::<Vec<_>>());
    for s in (0..4).rev() {
        let mut row = vec![format!("{} ({})", SEVERITY[s], s + 1)];
        row.extend(m.cells[s].iter().map(|n| count(*n, engine)));
        row.push(count(m.cells[s].iter().sum(), engine));
        g.rows.push(row);
    }
    let graded: u32 = m.cells.iter().flatten().sum();
    g.notes.push(format!(
        "Riskvärde = allvarlighetsgrad × sannolikhet (1–16). {} av {} avvikelser har bedömts.",
        count(graded, engine),
        count(graded + m.unassessed, engine)
    ));
    g.source = event_source(engine);
    Some(g)
}

fn handling(engine: &Engine, spec: &TableSpec) -> Option<Grid> {
    let a = &engine.model().records.avvikelser;
    let end = period_end(engine)?;
    if !a.has_closed {
        return None;
    }
    let days = spec.days.unwrap_or(DEFAULT_DAYS);
    let evs = agg::counted(&a.events, engine.period, filter(spec));
    if evs.is_empty() {
        return None;
    }
    let within = format!("Avslutade inom {days} dagar");
    let mut g = Grid::new(&[
        group_header(spec),
        "Antal",
        "Avslutade",
        "Handläggningstid, median (dagar)",
        &within,
        "Öppna vid periodens slut",
    ]);
    let f = filter(spec);
    let mut areas: Vec<String> = evs.iter().map(|e| agg::group_of(e, f)).collect();
    areas.sort();
    areas.dedup();
    let mut push = |name: &str, group: &[&Event]| {
        let h = agg::handling(group, end, days);
        g.rows.push(vec![
            name.to_string(),
            count(h.total, engine),
            count(h.closed, engine),
            days_text(h.median_days, engine),
            percent(h.within_share(), engine),
            count(h.open_at_end, engine),
        ]);
    };
    if areas.len() > 1 {
        for area in &areas {
            let group: Vec<&Event> = evs
                .iter()
                .copied()
                .filter(|e| agg::group_of(e, f) == *area)
                .collect();
            push(area, &group);
        }
    }
    push("Totalt", &evs);
    g.notes.push(format!(
        "Handläggningstid räknas i dagar från rapportering till avslut. Andelen avslutade inom {days} dagar räknas av alla avvikelser under perioden; öppna avvikelser räknas den {}.",
        format::date_long(end)
    ));
    g.source = event_source(engine);
    Some(g)
}

fn counterparts(engine: &Engine, spec: &TableSpec) -> Option<Grid> {
    let a = &engine.model().records.avvikelser;
    if !a.has_direction {
        return None;
    }
    let rows = agg::counterparts(&a.events, engine.period, filter(spec));
    if rows.is_empty() {
        return None;
    }
    let mut g = Grid::new(&["Motpart", "Skickade till motparten", "Mottagna från motparten"]);
    let (mut sent, mut received) = (0, 0);
    for (name, s, r) in &rows {
        g.rows
            .push(vec![name.clone(), count(*s, engine), count(*r, engine)]);
        sent += s;
        received += r;
    }
    if rows.len() > 1 {
        g.rows.push(vec![
            "Totalt".into(),
            count(sent, engine),
            count(received, engine),
        ]);
    }
    g.notes.push(
        "Skickade avvikelser gäller motpartens vård och räknas inte bland nämndens avvikelser; mottagna gäller nämndens verksamhet."
            .to_string(),
    );
    g.source = event_source(engine);
    Some(g)
}

fn falls(engine: &Engine, spec: &TableSpec) -> Option<Grid> {
    let a = &engine.model().records.avvikelser;
    let evs = agg::counted(&a.events, engine.period, filter(spec));
    let f = agg::falls(&evs, a.has_person);
    if f.total == 0 {
        return None;
    }
    let threshold = engine.privacy.threshold;
    let mut g = Grid::new(&["Fall", "Antal"]);
    g.rows.push(vec!["Fall, totalt".into(), count(f.total, engine)]);
    if a.has_injury {
        g.rows
            .push(vec!["Fall med skada".into(), count(f.with_injury, engine)]);
        g.rows
            .push(vec!["Fall utan skada".into(), count(f.without_injury, engine)]);
    }
    let small = |n: u32| threshold > 0 && n > 0 && n < threshold;
    if let (Some(persons), Some(repeat), Some(repeat_falls)) = (f.persons, f.repeat, f.repeat_falls) {
        let shown = |n: u32| {
            if small(n) {
                format!("<{threshold}")
            } else {
                count(n, engine)
            }
        };
        g.rows.push(vec!["Personer som fallit".into(), shown(persons)]);
        g.rows
            .push(vec!["Personer som fallit mer än en gång".into(), shown(repeat)]);
        // The falls of repeat fallers reveal a protected count of them (two falls each at least).
        let falls_shown = if small(repeat) || small(persons) {
            "x".to_string()
        } else {
            count(repeat_falls, engine)
        };
        g.rows.push(vec![
            "Fall bland dem som fallit mer än en gång".into(),
            falls_shown,
        ]);
        if small(persons) || small(repeat) {
            g.notes.push(format!(
                "<{threshold}: färre än {threshold} personer; antalet redovisas inte för att skydda enskildas identitet. x: döljs för att ett skyddat antal inte ska kunna räknas fram."
            ));
        }
        g.notes
            .push("Personer räknas med exportens pseudonyma personnyckel, som inte skrivs ut.".to_string());
    }
    g.source = event_source(engine);
    Some(g)
}

/// "Ej anmäld", "Anmäld, inväntar beslut", "Anmäld, beslut: kritik".
fn ivo_status(reported: Option<bool>, decision: Option<&str>) -> String {
    match (reported, decision) {
        (Some(true), Some(d)) => format!("Anmäld, beslut: {}", lower_first(d)),
        (Some(true), None) => "Anmäld, inväntar beslut".to_string(),
        (Some(false), _) => "Ej anmäld".to_string(),
        (None, _) => "–".to_string(),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if !s.chars().nth(1).is_some_and(char::is_uppercase) => f.to_lowercase().chain(c).collect(),
        _ => s.to_string(),
    }
}

fn yes_no(v: Option<bool>) -> String {
    match v {
        Some(true) => "Ja".into(),
        Some(false) => "Nej".into(),
        None => "–".into(),
    }
}

fn or_dash(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "–".to_string())
}

/// Cases of the report period, in date order.
fn cases(engine: &Engine, spec: &TableSpec, kind: CaseKind) -> Option<Grid> {
    let mut rows: Vec<_> = engine
        .model()
        .records
        .cases
        .iter()
        .filter(|c| c.kind == kind && engine.period.contains(c.date))
        .filter(|c| !spec.anmalda_ivo || c.reported_ivo == Some(true))
        .filter(|c| {
            spec.verksamhet.as_deref().is_none_or(|v| {
                c.unit
                    .as_deref()
                    .is_some_and(|u| format::fold(u) == format::fold(v))
            })
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    rows.sort_by_key(|c| (c.date, c.line));
    let mut g = Grid::new(&[
        "Datum",
        "Verksamhet",
        "Händelse",
        "Bedömning",
        "Anmälan till IVO och beslut",
        "Åtgärder",
    ])
    .text_columns(&[1, 2, 3, 4], &[5]);
    for c in &rows {
        g.rows.push(vec![
            format::date_iso(c.date),
            or_dash(&c.unit),
            or_dash(&c.event_kind),
            or_dash(&c.assessment),
            ivo_status(c.reported_ivo, c.decision.as_deref()),
            or_dash(&c.measures),
        ]);
    }
    g.notes.push(
        "Tabellen bygger på avidentifierade uppgifter: inga namn, personnummer eller beskrivningar av enskilda personer."
            .to_string(),
    );
    g.source = Some(match kind {
        CaseKind::LexSarah => "Källa: Nämndens register över lex Sarah-rapporter".to_string(),
        CaseKind::LexMaria => "Källa: Nämndens register över lex Maria-utredningar".to_string(),
    });
    Some(g)
}

/// The level of a riskvärde, as the matrix colours it.
pub fn risk_level(score: u8) -> &'static str {
    match score {
        0..=3 => "Låg",
        4..=6 => "Måttlig",
        7..=9 => "Hög",
        _ => "Mycket hög",
    }
}

fn risks(engine: &Engine, spec: &TableSpec) -> Option<Grid> {
    let mut all: Vec<_> = engine
        .model()
        .records
        .risks
        .iter()
        .filter(|r| {
            spec.verksamhet.as_deref().is_none_or(|v| {
                r.area
                    .as_deref()
                    .is_some_and(|a| format::fold(a) == format::fold(v))
            })
        })
        .collect();
    if all.is_empty() {
        return None;
    }
    all.sort_by(|a, b| b.score().cmp(&a.score()).then(a.number.cmp(&b.number)));
    let mut g = Grid::new(&["Risk", "Område", "Riskvärde", "Åtgärd", "Ansvarig", "Status"])
        .text_columns(&[1, 4], &[0, 3]);
    for r in all {
        g.rows.push(vec![
            format!("R{} {}", r.number, r.risk),
            or_dash(&r.area),
            format!(
                "{} ({} × {}, {})",
                r.score(),
                r.probability,
                r.consequence,
                risk_level(r.score()).to_lowercase()
            ),
            or_dash(&r.measure),
            or_dash(&r.responsible),
            or_dash(&r.status),
        ]);
    }
    g.notes.push(
        "Riskvärdet är sannolikhet × konsekvens, var och en bedömd från 1 till 4: låg 1–3, måttlig 4–6, hög 8–9, mycket hög 12–16."
            .to_string(),
    );
    g.source = Some("Källa: Nämndens riskanalys".to_string());
    Some(g)
}

fn inspections(engine: &Engine, _spec: &TableSpec) -> Option<Grid> {
    let mut rows: Vec<_> = engine
        .model()
        .records
        .inspections
        .iter()
        .filter(|i| i.date.year() == engine.year)
        .collect();
    rows.sort_by_key(|i| i.date);
    if rows.is_empty() {
        return None;
    }
    let mut g =
        Grid::new(&["Ärende", "Datum", "Område", "Beslut", "Kritik", "Åtgärder"]).text_columns(&[2], &[3, 5]);
    for i in rows {
        // The granskare leads the område unless the ärende already names it ("IVO 3.5.1-…");
        // the ärende stays on one line.
        let named = format::fold(&i.case).starts_with(&format::fold(&i.by));
        let area = match (&i.area, named) {
            (Some(a), true) => a.clone(),
            (Some(a), false) => format!("{}: {a}", i.by),
            (None, true) => "–".to_string(),
            (None, false) => i.by.clone(),
        };
        g.rows.push(vec![
            i.case.clone(),
            format::date_iso(i.date),
            area,
            or_dash(&i.decision),
            yes_no(Some(i.criticism)),
            or_dash(&i.measures),
        ]);
    }
    g.source = Some("Källa: Beslut från IVO och andra granskare".to_string());
    Some(g)
}

fn followups(engine: &Engine, _spec: &TableSpec) -> Option<Grid> {
    let mut rows: Vec<_> = engine
        .model()
        .records
        .followups
        .iter()
        .filter(|f| f.date.year() == engine.year)
        .collect();
    rows.sort_by_key(|f| f.date);
    if rows.is_empty() {
        return None;
    }
    let mut g =
        Grid::new(&["Utförare", "Form", "Datum", "Resultat", "Åtgärder"]).text_columns(&[0, 1], &[3, 4]);
    for f in rows {
        g.rows.push(vec![
            f.provider.clone(),
            or_dash(&f.form),
            format::date_iso(f.date),
            or_dash(&f.result),
            or_dash(&f.measures),
        ]);
    }
    g.source = Some("Källa: Nämndens avtalsuppföljning".to_string());
    Some(g)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::records::tests::{day, event};
    use crate::model::period::Period;
    use crate::model::records::{Avvikelser, Case, Records, Risk};

    fn engine(records: Records, threshold: u32) -> Engine {
        let f: crate::model::catalogue::CatalogueFile =
            serde_yaml::from_str("indicators:\n  - {id: avvikelser.fall, name: Fall, unit: antal}\n")
                .unwrap();
        let catalogue = crate::model::catalogue::merge(f.indicators, Vec::new());
        let model = crate::model::Model::build(
            catalogue,
            crate::model::collected::Collected {
                records,
                ..Default::default()
            },
        );
        let privacy = crate::config::privacy::Privacy {
            threshold,
            ..Default::default()
        };
        let mut e = Engine::new(std::sync::Arc::new(model), 2024, privacy, None, &mut Vec::new());
        e.period = Period::Half { year: 2024, half: 1 };
        e
    }

    fn spec(yaml: &str) -> TableSpec {
        serde_yaml::from_str(yaml).unwrap()
    }

    fn cells(t: &Table) -> Vec<String> {
        t.rows.iter().map(|r| r.join(" | ")).collect()
    }

    #[test]
    fn few_persons_are_protected_and_their_falls_hidden() {
        let mut events = Vec::new();
        for (p, injury) in [(1, true), (1, false), (2, false), (3, false)] {
            let mut e = event("Säbo", "fall", day(3, 1));
            (e.person, e.injury) = (Some(p), Some(injury));
            events.push(e);
        }
        let records = Records {
            avvikelser: Avvikelser {
                events,
                has_person: true,
                has_injury: true,
                ..Default::default()
            },
            ..Default::default()
        };
        let e = engine(records, 5);
        let (md, _) = build(
            &e,
            &spec("{id: f, caption: Fall, kind: fall}"),
            "o",
            &mut Vec::new(),
        )
        .unwrap();
        assert_eq!(
            cells(&md),
            [
                "Fall, totalt | 4",
                "Fall med skada | 1",
                "Fall utan skada | 3",
                "Personer som fallit | <5",
                "Personer som fallit mer än en gång | <5",
                "Fall bland dem som fallit mer än en gång | x",
            ]
        );
        assert!(md.notes[0].starts_with("<5: färre än 5 personer"));
    }

    #[test]
    fn the_severity_table_has_the_most_serious_row_first() {
        let mut a = event("Säbo", "fall", day(2, 1));
        (a.severity, a.probability) = (Some(4), Some(1));
        let b = event("Säbo", "fall", day(2, 1));
        let records = Records {
            avvikelser: Avvikelser {
                events: vec![a, b],
                has_severity: true,
                has_probability: true,
                ..Default::default()
            },
            ..Default::default()
        };
        let e = engine(records, 5);
        let (md, _) = build(
            &e,
            &spec("{id: s, caption: S, kind: allvarlighet}"),
            "o",
            &mut Vec::new(),
        )
        .unwrap();
        assert_eq!(md.header[1], "Sannolikhet 1 – mycket liten");
        assert_eq!(md.rows[0], ["Katastrofal (4)", "1", "0", "0", "0", "1"]);
        assert!(
            md.notes[0].ends_with("1 av 2 avvikelser har bedömts."),
            "{}",
            md.notes[0]
        );
    }

    fn case(id: &str, month: u32, reported: bool, measures: &str) -> Case {
        Case {
            kind: CaseKind::LexSarah,
            id: id.into(),
            date: day(month, 1),
            unit: Some("Hemtjänst".into()),
            event_kind: Some("Missat besök".into()),
            assessment: Some("Missförhållande".into()),
            reported_ivo: Some(reported),
            decision: None,
            measures: Some(measures.into()),
            file: "data/lex-sarah.csv".into(),
            line: 2,
        }
    }

    #[test]
    fn case_tables_keep_the_period_and_may_keep_only_anmalda() {
        let records = Records {
            cases: vec![
                case("A", 2, false, "Ny rutin"),
                case("B", 3, true, "Utbildning"),
                case("C", 9, true, "Ej i perioden"),
            ],
            ..Default::default()
        };
        let e = engine(records, 5);
        let all = spec("{id: c, caption: C, kind: lex-sarah}");
        let (md, _) = build(&e, &all, "o", &mut Vec::new()).unwrap();
        assert_eq!(md.rows.len(), 2);
        let only = spec("{id: c, caption: C, kind: lex-sarah, anmalda_ivo: true}");
        let (md, _) = build(&e, &only, "o", &mut Vec::new()).unwrap();
        assert_eq!(
            cells(&md),
            [
                "2024-03-01 | Hemtjänst | Missat besök | Missförhållande | Anmäld, inväntar beslut | Utbildning"
            ]
        );
        assert_eq!(ivo_status(Some(true), Some("Kritik")), "Anmäld, beslut: kritik");
        assert_eq!(
            ivo_status(Some(true), Some("IVO avslutade")),
            "Anmäld, beslut: IVO avslutade"
        );
        assert_eq!(ivo_status(Some(false), None), "Ej anmäld");
    }

    #[test]
    fn risks_are_listed_highest_first_and_an_empty_register_warns() {
        let risk = |number, p, c| Risk {
            number,
            risk: format!("Risk {number}"),
            area: None,
            probability: p,
            consequence: c,
            measure: None,
            responsible: None,
            status: None,
            date: day(1, 1),
        };
        let records = Records {
            risks: vec![risk(1, 1, 2), risk(2, 3, 4)],
            ..Default::default()
        };
        let e = engine(records, 5);
        let (md, _) = build(
            &e,
            &spec("{id: r, caption: R, kind: risker}"),
            "o",
            &mut Vec::new(),
        )
        .unwrap();
        assert_eq!(md.rows[0][0], "R2 Risk 2");
        assert_eq!(md.rows[0][2], "12 (3 × 4, mycket hög)");
        assert_eq!(md.align, ["wide", "wrap", "left", "wide", "wrap", "left"]);
        let empty = engine(Records::default(), 5);
        let mut d = Vec::new();
        assert!(build(&empty, &spec("{id: r, caption: R, kind: risker}"), "o", &mut d).is_none());
        assert_eq!(d[0].code, "table.empty");
    }
}
