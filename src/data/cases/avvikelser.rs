//! Avvikelser: the event-level export of a deviation system (`data/avvikelser.csv`, one row
//! per report), streamed and aggregated by period × unit × category into the catalogue's
//! `avvikelser.*` (and `samverkan.avvikelser_*`) indicators; or pre-aggregated counts
//! (`data/avvikelser-antal.csv`). Category names are harmonised by `kategorier.rs`.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};

use crate::diag::{Diagnostic, Location, did_you_mean};
use crate::formats::stream;
use crate::formats::table::{Column, Row};
use crate::model::catalogue::Catalogue;
use crate::model::collected::Collected;
use crate::model::observation::{Observation, Qualifier};
use crate::project::ProjectDir;
use crate::project::files;

use super::common::{self, Count, IdSet, PartsRule, Sink, Tally, at, choice, date_cell, text};
use super::counts;
use super::kategorier::Categories;

pub const STEM: &str = "avvikelser";
pub const COUNTS_STEM: &str = "avvikelser-antal";

pub const COLUMNS: &[Column] = &[
    Column {
        name: "id",
        aliases: &[
            "avvikelse_id",
            "avvikelsenummer",
            "ärendenummer",
            "nr",
            "löpnummer",
        ],
        required: true,
    },
    Column {
        name: "händelsedatum",
        aliases: &["händelsedag", "datum", "event_date"],
        required: true,
    },
    Column {
        name: "rapporteringsdatum",
        aliases: &["rapportdatum", "registreringsdatum", "reported"],
        required: false,
    },
    Column {
        name: "verksamhetsområde",
        aliases: &["verksamhet", "område", "area"],
        required: false,
    },
    Column {
        name: "enhet",
        aliases: &["unit"],
        required: false,
    },
    Column {
        name: "kategori",
        aliases: &["avvikelsetyp", "category"],
        required: true,
    },
    Column {
        name: "lagrum",
        aliases: &["lag", "law"],
        required: false,
    },
    Column {
        name: "allvarlighetsgrad",
        aliases: &["allvarlighet", "konsekvens", "severity"],
        required: false,
    },
    Column {
        name: "sannolikhet",
        aliases: &["probability"],
        required: false,
    },
    Column {
        name: "status",
        aliases: &[],
        required: false,
    },
    Column {
        name: "avslutsdatum",
        aliases: &["avslutad", "avslutningsdatum", "closed"],
        required: false,
    },
    Column {
        name: "intern_extern",
        aliases: &["intern/extern", "internt/externt", "extern"],
        required: false,
    },
    Column {
        name: "motpart",
        aliases: &["mottagare", "avsändare", "vårdgivare", "counterpart"],
        required: false,
    },
    Column {
        name: "fallskada",
        aliases: &["fall_med_skada", "skada_vid_fall", "skada"],
        required: false,
    },
];

const ID: usize = 0;
const EVENT: usize = 1;
const REPORTED: usize = 2;
const AREA: usize = 3;
const UNIT: usize = 4;
const CATEGORY: usize = 5;
const LAW: usize = 6;
const SEVERITY: usize = 7;
const PROBABILITY: usize = 8;
const STATUS: usize = 9;
const CLOSED: usize = 10;
const DIRECTION: usize = 11;
const COUNTERPART: usize = 12;
const FALL_INJURY: usize = 13;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Law {
    Hsl,
    SolLss,
}

const LAWS: &[(Law, &[&str])] = &[
    (Law::Hsl, &["HSL", "PSL", "Hälso- och sjukvårdslagen"]),
    (
        Law::SolLss,
        &["SoL", "LSS", "SoL/LSS", "SoL och LSS", "Socialtjänstlagen"],
    ),
];

const GRADES: &[(u8, &[&str])] = &[
    (1, &["1", "mindre", "ringa"]),
    (2, &["2", "måttlig"]),
    (3, &["3", "betydande", "allvarlig"]),
    (4, &["4", "katastrofal", "mycket allvarlig"]),
];

const LIKELIHOODS: &[(u8, &[&str])] = &[
    (1, &["1", "mycket liten", "mycket osannolik"]),
    (2, &["2", "liten", "osannolik"]),
    (3, &["3", "stor", "möjlig", "sannolik"]),
    (4, &["4", "mycket stor", "mycket sannolik"]),
];

const STATUSES: &[(bool, &[&str])] = &[
    (
        false,
        &[
            "pågående",
            "registrerad",
            "ny",
            "öppen",
            "under utredning",
            "under handläggning",
            "utredning pågår",
        ],
    ),
    (true, &["avslutad", "stängd", "klar", "åtgärdad"]),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Internal,
    /// Sent to another caregiver: about their care, not counted in the kommun's avvikelser.
    Sent,
    /// Received from another caregiver about the kommun's care: counted.
    Received,
}

const DIRECTIONS: &[(Direction, &[&str])] = &[
    (Direction::Internal, &["intern", "internt"]),
    (
        Direction::Sent,
        &["extern", "externt", "skickad", "extern skickad", "utgående"],
    ),
    (
        Direction::Received,
        &[
            "inkommen",
            "mottagen",
            "extern inkommen",
            "extern mottagen",
            "ingående",
        ],
    ),
];

const INJURY: &[(bool, &[&str])] = &[
    (true, &["ja", "med skada", "j", "x"]),
    (false, &["nej", "utan skada", "n"]),
];

/// Source loader: `data/avvikelser.*` (events) and `data/avvikelser-antal.*` (counts), with
/// the category mapping `data/avvikelser-kategorier.yaml`.
pub fn load(inputs: &crate::data::Inputs, collected: &mut Collected, diags: &mut Vec<Diagnostic>) {
    let (project, catalogue) = (inputs.project, inputs.catalogue);
    let events = match files::find(project, STEM, files::TABULAR) {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            None
        }
    };
    let counts_file = match files::find(project, COUNTS_STEM, files::TABULAR) {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            None
        }
    };
    if events.is_none() && counts_file.is_none() {
        if project.root().join(super::kategorier::MAPPING_FILE).exists() {
            diags.push(
                Diagnostic::warning(
                    "data.unused-file",
                    format!(
                        "{} is not used: there is no avvikelser file",
                        super::kategorier::MAPPING_FILE
                    ),
                )
                .at(Location::file(super::kategorier::MAPPING_FILE))
                .note("add data/avvikelser.csv (one row per avvikelse) or data/avvikelser-antal.csv"),
            );
        }
        return;
    }
    let categories = Categories::load(project, catalogue, &mut collected.files, diags);
    if let Some(file) = events {
        collected
            .observations
            .extend(read_events(project, &file, catalogue, &categories, diags));
        collected.files.push(file);
    }
    if let Some(file) = counts_file {
        collected
            .observations
            .extend(read_counts(project, &file, catalogue, &categories, diags));
        collected.files.push(file);
    }
}

/// Measures counted per event, as indices into `Measures::ids`.
struct Measures {
    ids: Vec<String>,
    totalt: u16,
    hsl: u16,
    sol_lss: u16,
    fall_med: u16,
    fall_utan: u16,
    closed_in_month: u16,
    sent: u16,
    received: u16,
    /// Index of the first category; category k is `first_category + k`.
    first_category: u16,
}

impl Measures {
    fn new(categories: &Categories) -> Measures {
        let mut ids: Vec<String> = [
            "avvikelser.totalt",
            "avvikelser.hsl",
            "avvikelser.sol_lss",
            "avvikelser.fall_med_skada",
            "avvikelser.fall_utan_skada",
            "avvikelser.avslutade_inom_en_manad",
            "samverkan.avvikelser_skickade",
            "samverkan.avvikelser_mottagna",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        ids.extend(categories.ids.iter().map(|c| format!("avvikelser.{c}")));
        Measures {
            ids,
            totalt: 0,
            hsl: 1,
            sol_lss: 2,
            fall_med: 3,
            fall_utan: 4,
            closed_in_month: 5,
            sent: 6,
            received: 7,
            first_category: 8,
        }
    }
}

/// Stream the event file and aggregate it. Public for the streaming measurement.
pub fn read_events(
    project: &ProjectDir,
    file: &str,
    catalogue: &Catalogue,
    categories: &Categories,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Observation> {
    let measures = Measures::new(categories);
    let mut state = EventState {
        file,
        catalogue,
        categories,
        measures: &measures,
        sink: Sink::new(file),
        ids: IdSet::default(),
        tally: None,
        present: [false; 14],
        unknown: BTreeMap::new(),
        falls_without_injury: (0, 0),
    };
    let info = stream::for_each_row(project, file, COLUMNS, diags, |row, _| state.row(row));
    let EventState {
        sink,
        tally,
        present,
        unknown,
        falls_without_injury,
        ..
    } = state;
    sink.finish(diags);
    for (_, (cell_text, loc, n, year)) in unknown {
        let mut d = Diagnostic::error(
            "data.unknown-category",
            format!("unknown avvikelse category \"{cell_text}\""),
        )
        .at(loc)
        .note(if n > 1 {
            format!("{n} rows have this category; the first is shown")
        } else {
            "expected a harmonised category or a name mapped in data/avvikelser-kategorier.yaml".to_string()
        });
        let names = categories.names(year, catalogue);
        if let Some(s) = did_you_mean(&cell_text, names.iter().map(String::as_str)) {
            d = d.note(format!("did you mean \"{s}\"?"));
        }
        if n > 1 {
            d = d.note("expected a harmonised category or a name mapped in data/avvikelser-kategorier.yaml");
        }
        diags.push(d);
    }
    if falls_without_injury.0 > 0 {
        diags.push(
            Diagnostic::warning(
                "data.fall-without-injury",
                format!(
                    "{} fall have no value in column fallskada; they count as fall but in neither fall_med_skada nor fall_utan_skada",
                    falls_without_injury.0
                ),
            )
            .at(Location::line(file, falls_without_injury.1))
            .note("the first is shown; write ja or nej"),
        );
    }
    let (Some(_), Some(tally)) = (info, tally) else {
        return Vec::new();
    };
    emit(file, &tally, &measures, &present, categories, catalogue)
}

struct EventState<'a> {
    file: &'a str,
    catalogue: &'a Catalogue,
    categories: &'a Categories,
    measures: &'a Measures,
    sink: Sink,
    ids: IdSet,
    /// Created at the first row, when the header line is known.
    tally: Option<Tally>,
    /// Which columns the file has (from the first row).
    present: [bool; 14],
    /// Folded unknown category → (as written, first location, rows, year).
    unknown: BTreeMap<String, (String, Location, usize, i32)>,
    /// Fall without a fallskada value: count and first line.
    falls_without_injury: (usize, usize),
}

impl EventState<'_> {
    fn row(&mut self, row: &Row) {
        let file = self.file;
        let cell = |i: usize| row.cells[i].as_ref();
        if self.tally.is_none() {
            for (i, p) in self.present.iter_mut().enumerate() {
                *p = row.cells[i].is_some();
            }
        }
        let tally = self
            .tally
            .get_or_insert_with(|| Tally::new(row.line.saturating_sub(1).max(1)));
        let sink = &mut self.sink;
        let mut ok = true;
        let required = |i: usize, sink: &mut Sink| match cell(i) {
            Some(c) if c.text.is_empty() => {
                sink.push(
                    Diagnostic::error(
                        "data.missing-value",
                        format!("column {} is empty", COLUMNS[i].name),
                    )
                    .at(at(file, c))
                    .note("every avvikelse needs an id, a händelsedatum and a kategori"),
                );
                false
            }
            Some(_) => true,
            None => false,
        };
        let has_id = required(ID, sink);
        let has_date = required(EVENT, sink);
        let has_category = required(CATEGORY, sink);
        if has_id
            && let Some(c) = cell(ID)
            && let Some(first) = self.ids.first_line(&c.text, row.line)
        {
            ok = false;
            sink.push(
                Diagnostic::error(
                    "data.duplicate-row",
                    format!("duplicate avvikelse id \"{}\"", c.text),
                )
                .at(at(file, c))
                .note(format!(
                    "first given on line {first}; each avvikelse may occur once"
                )),
            );
        }
        let event = if has_date {
            date_cell(file, cell(EVENT), "händelsedatum", sink).ok().flatten()
        } else {
            None
        };
        let reported = date_cell(file, cell(REPORTED), "rapporteringsdatum", sink);
        let closed = date_cell(file, cell(CLOSED), "avslutsdatum", sink);
        ok &= event.is_some() && reported.is_ok() && closed.is_ok();
        let reported = reported.ok().flatten();
        let closed = closed.ok().flatten();
        if let (Some(e), Some(r), Some(c)) = (event, reported, cell(REPORTED))
            && r < e
        {
            ok = false;
            sink.push(
                Diagnostic::error(
                    "data.date-order",
                    format!("rapporteringsdatum {r} is before the händelsedatum {e}"),
                )
                .at(at(file, c))
                .note("an avvikelse cannot be reported before it happened; are the two columns swapped?"),
            );
        }
        if let (Some(cl), Some(c)) = (closed, cell(CLOSED)) {
            let before = [(event, "händelsedatum"), (reported, "rapporteringsdatum")]
                .into_iter()
                .find_map(|(d, name)| d.filter(|d| cl < *d).map(|d| (d, name)));
            if let Some((d, name)) = before {
                ok = false;
                sink.push(
                    Diagnostic::error(
                        "data.date-order",
                        format!("avslutsdatum {cl} is before the {name} {d}"),
                    )
                    .at(at(file, c))
                    .note("an avvikelse cannot be closed before it happened and was reported"),
                );
            }
        }
        let law = choice(file, cell(LAW), "lagrum", LAWS, sink);
        if let Some(c) = cell(LAW).filter(|c| c.text.is_empty()) {
            ok = false;
            sink.push(
                Diagnostic::error("data.missing-value", "column lagrum is empty")
                    .at(at(file, c))
                    .note("expected HSL, SoL or LSS: every avvikelse counts under one law"),
            );
        }
        let grade = choice(file, cell(SEVERITY), "allvarlighetsgrad", GRADES, sink);
        let likelihood = choice(file, cell(PROBABILITY), "sannolikhet", LIKELIHOODS, sink);
        let status = choice(file, cell(STATUS), "status", STATUSES, sink);
        let direction = choice(file, cell(DIRECTION), "intern_extern", DIRECTIONS, sink);
        let injury = choice(file, cell(FALL_INJURY), "fallskada", INJURY, sink);
        ok &= law.is_ok() && grade.is_ok() && likelihood.is_ok() && status.is_ok();
        ok &= direction.is_ok() && injury.is_ok();
        let law = law.ok().flatten();
        let status = status.ok().flatten();
        let direction = direction.ok().flatten().unwrap_or(Direction::Internal);
        let injury = injury.ok().flatten();
        match (status, closed, cell(STATUS)) {
            (Some(false), Some(cl), Some(c)) => {
                ok = false;
                sink.push(
                    Diagnostic::error(
                        "data.inconsistent",
                        format!("status \"{}\" but avslutsdatum {cl}", c.text),
                    )
                    .at(at(file, c))
                    .note("an avvikelse with an avslutsdatum has status avslutad"),
                );
            }
            (Some(true), None, Some(c)) if self.present[CLOSED] => {
                ok = false;
                sink.push(
                    Diagnostic::error(
                        "data.inconsistent",
                        format!("status \"{}\" but no avslutsdatum", c.text),
                    )
                    .at(at(file, c))
                    .note("write the date the avvikelse was closed"),
                );
            }
            _ => {}
        }
        let counterpart = text(cell(COUNTERPART));
        match (direction, counterpart, cell(DIRECTION)) {
            (Direction::Sent | Direction::Received, None, Some(c)) if self.present[COUNTERPART] => {
                ok = false;
                sink.push(
                    Diagnostic::error(
                        "data.missing-value",
                        format!("an external avvikelse (\"{}\") has no motpart", c.text),
                    )
                    .at(at(file, c))
                    .note("write the other caregiver in column motpart, e.g. Regionen, vårdcentralen"),
                );
            }
            (Direction::Internal, Some(m), _) => {
                ok = false;
                let c = cell(COUNTERPART).expect("counterpart text comes from the cell");
                sink.push(
                    Diagnostic::error(
                        "data.inconsistent",
                        format!("motpart \"{m}\" is given for an internal avvikelse"),
                    )
                    .at(at(file, c))
                    .note(
                        "set intern_extern to extern (sent) or inkommen (received), or leave motpart empty",
                    ),
                );
            }
            _ => {}
        }
        let category = match (has_category, cell(CATEGORY), event) {
            (true, Some(c), Some(e)) => {
                let year = chrono::Datelike::year(&e);
                match self.categories.resolve(&c.text, year) {
                    Some(k) => Some(k),
                    None => {
                        ok = false;
                        let entry = self
                            .unknown
                            .entry(common::fold(&c.text))
                            .or_insert_with(|| (c.text.clone(), at(file, c), 0, year));
                        entry.2 += 1;
                        None
                    }
                }
            }
            _ => {
                ok = false;
                None
            }
        };
        let is_fall = category.is_some_and(|k| self.categories.ids[k] == "fall");
        if let (Some(true), false, Some(c)) = (injury, is_fall, cell(FALL_INJURY))
            && category.is_some()
        {
            ok = false;
            sink.push(
                Diagnostic::error(
                    "data.inconsistent",
                    format!("fallskada \"{}\" but the category is not fall", c.text),
                )
                .at(at(file, c))
                .note("fallskada applies to fall only; leave it empty (or nej) for other avvikelser"),
            );
        }
        let area = text(cell(AREA));
        let unit = text(cell(UNIT));
        let path;
        let mut units: Vec<&str> = Vec::with_capacity(2);
        match (area, unit) {
            (Some(a), Some(u)) => {
                path = format!("{a} / {u}");
                units.push(a);
                units.push(&path);
            }
            (Some(a), None) => units.push(a),
            (None, Some(u)) => units.push(u),
            (None, None) => {}
        }
        let Some(event) = event else { return };
        if !ok {
            // Keep the year covered so that its other counts are still reported.
            tally.cover(event, &units);
            return;
        }
        let m = self.measures;
        let mut counted: Vec<u16> = Vec::with_capacity(6);
        if direction == Direction::Sent {
            counted.push(m.sent);
        } else {
            counted.push(m.totalt);
            if let Some(k) = category {
                counted.push(m.first_category + u16::try_from(k).unwrap_or(u16::MAX - m.first_category));
            }
            match law {
                Some(Law::Hsl) => counted.push(m.hsl),
                Some(Law::SolLss) => counted.push(m.sol_lss),
                None => {}
            }
            if is_fall {
                match injury {
                    Some(true) => counted.push(m.fall_med),
                    Some(false) => counted.push(m.fall_utan),
                    None if self.present[FALL_INJURY] => {
                        if self.falls_without_injury.0 == 0 {
                            self.falls_without_injury.1 = row.line;
                        }
                        self.falls_without_injury.0 += 1;
                    }
                    None => {}
                }
            }
            if let Some(cl) = closed
                && closed_within_a_month(reported.unwrap_or(event), cl)
            {
                counted.push(m.closed_in_month);
            }
            if direction == Direction::Received {
                counted.push(m.received);
            }
        }
        let _ = self.catalogue;
        tally.add(event, &units, &counted, row.line);
    }
}

/// Closed no later than the same day of the next month (31 January → 29 February).
pub fn closed_within_a_month(start: NaiveDate, closed: NaiveDate) -> bool {
    start
        .checked_add_months(Months::new(1))
        .is_some_and(|limit| closed <= limit)
}

fn emit(
    file: &str,
    tally: &Tally,
    m: &Measures,
    present: &[bool; 14],
    categories: &Categories,
    catalogue: &Catalogue,
) -> Vec<Observation> {
    let mut wanted: Vec<u16> = vec![m.totalt];
    if present[LAW] {
        wanted.extend([m.hsl, m.sol_lss]);
    }
    if present[FALL_INJURY] {
        wanted.extend([m.fall_med, m.fall_utan]);
    }
    if present[DIRECTION] {
        wanted.extend([m.sent, m.received]);
    }
    wanted.extend((0..categories.ids.len()).map(|k| m.first_category + k as u16));
    let mut out = Vec::new();
    tally.emit(|period, unit, count| {
        for &k in &wanted {
            let id = &m.ids[k as usize];
            if !catalogue.contains_key(id) {
                continue;
            }
            let Count { value, line } = count(k);
            let mut o = common::observation(id, period, unit, Some(f64::from(value)), file, line);
            if k >= m.first_category
                && let Some(note) = categories.estimated((k - m.first_category) as usize, period.year())
            {
                o.qualifier = Some(Qualifier::Uppskattad);
                o.note = Some(note.to_string());
            }
            out.push(o);
        }
        let total = count(m.totalt);
        let id = &m.ids[m.closed_in_month as usize];
        if present[CLOSED] && total.value > 0 && catalogue.contains_key(id) {
            let closed = count(m.closed_in_month);
            let share = f64::from(closed.value) * 100.0 / f64::from(total.value);
            out.push(common::observation(
                id,
                period,
                unit,
                Some(share),
                file,
                total.line,
            ));
        }
    });
    out
}

/// Read `data/avvikelser-antal.*`: period; kategori; enhet; antal. `kategori` is a category
/// (harmonised or mapped) or one of the measures totalt, HSL, SoL/LSS, fall med skada, fall
/// utan skada.
pub fn read_counts(
    project: &ProjectDir,
    file: &str,
    catalogue: &Catalogue,
    categories: &Categories,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Observation> {
    const MEASURES: &[(&str, &[&str])] = &[
        ("avvikelser.totalt", &["totalt", "total", "summa", "alla"]),
        ("avvikelser.hsl", &["hsl", "avvikelser enligt hsl"]),
        (
            "avvikelser.sol_lss",
            &["sol_lss", "sol/lss", "sol och lss", "sol", "lss"],
        ),
        ("avvikelser.fall_med_skada", &["fall_med_skada", "fall med skada"]),
        (
            "avvikelser.fall_utan_skada",
            &["fall_utan_skada", "fall utan skada"],
        ),
        (
            "samverkan.avvikelser_skickade",
            &["samverkan.avvikelser_skickade", "skickade", "externa skickade"],
        ),
        (
            "samverkan.avvikelser_mottagna",
            &[
                "samverkan.avvikelser_mottagna",
                "mottagna",
                "inkomna",
                "externa inkomna",
            ],
        ),
    ];
    let resolve = |name: &str, year: i32| -> Result<counts::Resolved, Vec<String>> {
        let f = common::fold(name);
        for (id, spellings) in MEASURES {
            if common::fold(id) == f || spellings.iter().any(|s| common::fold(s) == f) {
                return Ok(counts::Resolved {
                    indicator: (*id).to_string(),
                    qualifier: None,
                });
            }
        }
        match categories.resolve(name, year) {
            Some(k) => Ok(counts::Resolved {
                indicator: format!("avvikelser.{}", categories.ids[k]),
                qualifier: categories
                    .estimated(k, year)
                    .map(|n| (Qualifier::Uppskattad, n.to_string())),
            }),
            None => {
                let mut names = categories.names(year, catalogue);
                names.extend(MEASURES.iter().map(|(_, s)| s[0].to_string()));
                Err(names)
            }
        }
    };
    let category_ids: Vec<String> = categories.ids.iter().map(|c| format!("avvikelser.{c}")).collect();
    let spec = counts::Spec {
        measure: Column {
            name: "kategori",
            aliases: &["mått", "measure", "category"],
            required: true,
        },
        resolve: &resolve,
        rules: vec![
            PartsRule {
                total: "avvikelser.totalt",
                parts: category_ids,
                complete: true,
            },
            PartsRule {
                total: "avvikelser.totalt",
                parts: vec!["avvikelser.hsl".into(), "avvikelser.sol_lss".into()],
                complete: true,
            },
            PartsRule {
                total: "avvikelser.fall",
                parts: vec![
                    "avvikelser.fall_med_skada".into(),
                    "avvikelser.fall_utan_skada".into(),
                ],
                complete: true,
            },
        ],
        expected: format!(
            "expected a category ({}) or totalt, HSL, SoL/LSS, fall med skada, fall utan skada, skickade, mottagna",
            categories.ids.join(", ")
        ),
    };
    counts::read(project, file, &spec, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_ends_on_the_same_day_or_the_month_end() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert!(closed_within_a_month(d(2024, 1, 31), d(2024, 2, 29)));
        assert!(!closed_within_a_month(d(2024, 1, 31), d(2024, 3, 1)));
        assert!(closed_within_a_month(d(2024, 3, 5), d(2024, 4, 5)));
        assert!(!closed_within_a_month(d(2024, 3, 5), d(2024, 4, 6)));
    }
}
