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

use crate::data::cells::{self, Cells, First, Report, text};
use crate::formats::table::Cell;

use super::common::{self, Count, IdSet, PartsRule, Sink, Tally};
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
    Column {
        name: "person",
        aliases: &[
            "personnyckel",
            "person_id",
            "pseudonym",
            "brukar_id",
            "patient_id",
        ],
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
const PERSON: usize = 14;
/// Which columns a file has, by index into `COLUMNS`.
type Present = [bool; COLUMNS.len()];

use crate::model::records::{Direction, Law};

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

// Direction::Sent is about another caregiver's care and not counted in the kommun's
// avvikelser; Direction::Received is about the kommun's care and counted.

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
        let (observations, records) = read_events_recording(project, &file, catalogue, &categories, diags);
        collected.observations.extend(observations);
        collected.records.avvikelser = records;
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
    read_events_recording(project, file, catalogue, categories, diags).0
}

/// [`read_events`], also keeping each valid event as a record (`model::records`).
pub fn read_events_recording(
    project: &ProjectDir,
    file: &str,
    catalogue: &Catalogue,
    categories: &Categories,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Observation>, crate::model::records::Avvikelser) {
    let measures = Measures::new(categories);
    let mut state = EventState {
        file,
        categories,
        measures: &measures,
        sink: Sink::new(file),
        ids: IdSet::default(),
        tally: None,
        present: [false; COLUMNS.len()],
        unknown: BTreeMap::new(),
        falls_without_injury: (0, 0),
        records: super::avvikelser_records::Collector::default(),
        memos: Default::default(),
        category_memo: Default::default(),
    };
    let info = stream::for_each_row(project, file, COLUMNS, diags, |row, _| state.row(row));
    let EventState {
        sink,
        tally,
        present,
        unknown,
        falls_without_injury,
        records,
        ..
    } = state;
    let records = records.finish(file, |name| {
        COLUMNS
            .iter()
            .position(|c| c.name == name)
            .is_some_and(|i| present[i])
    });
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
        return (Vec::new(), records);
    };
    let observations = emit(file, &tally, &measures, &present, categories, catalogue);
    (observations, records)
}

struct EventState<'a> {
    file: &'a str,
    categories: &'a Categories,
    measures: &'a Measures,
    sink: Sink,
    ids: IdSet,
    /// Created at the first row, when the header line is known.
    tally: Option<Tally>,
    /// Which columns the file has (from the first row).
    present: Present,
    /// Folded unknown category → (as written, first location, rows, year).
    unknown: BTreeMap<String, (String, Location, usize, i32)>,
    /// Fall without a fallskada value: count and first line.
    falls_without_injury: (usize, usize),
    /// Every valid event, for the tables that aggregate per report period.
    records: super::avvikelser_records::Collector,
    /// The closed-list columns' values seen before (lagrum, allvarlighetsgrad, sannolikhet,
    /// status, intern_extern, fallskada).
    memos: [cells::ChoiceMemo; 6],
    /// Händelseår → kategori as written → the harmonised category, for names seen before.
    category_memo: FastMap<i32, FastMap<String, Option<usize>>>,
}

type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// The dates of an event row, and whether they were valid and in order.
struct Dates {
    event: Option<NaiveDate>,
    reported: Option<NaiveDate>,
    closed: Option<NaiveDate>,
    ok: bool,
}

/// The closed-list cells of an event row that decide what it counts in.
struct Kinds {
    law: Option<Law>,
    direction: Direction,
    injury: Option<bool>,
    grade: Option<u8>,
    likelihood: Option<u8>,
    status: Option<bool>,
    ok: bool,
}

impl EventState<'_> {
    fn row(&mut self, row: &Row) {
        if self.tally.is_none() {
            for (i, p) in self.present.iter_mut().enumerate() {
                *p = row.cells[i].is_some();
            }
            self.tally = Some(Tally::new(row.line.saturating_sub(1).max(1)));
        }
        let cx = Cells::new(self.file);
        let cell = |i: usize| row.cells[i].as_ref();
        let note = "every avvikelse needs an id, a händelsedatum and a kategori";
        let mut required =
            |i: usize| cell(i).is_some_and(|c| cx.filled(c, COLUMNS[i].name, note, &mut self.sink));
        let (has_id, has_date, has_category) = (required(ID), required(EVENT), required(CATEGORY));
        let mut ok = self.unique_id(&cx, row, has_id);
        let dates = self.dates(&cx, row, has_date);
        let kinds = self.kinds(&cx, row, dates.closed);
        ok &= dates.ok && kinds.ok;
        let category = self.category(&cx, cell(CATEGORY).filter(|_| has_category), dates.event);
        let is_fall = category.is_some_and(|k| self.categories.ids[k] == "fall");
        ok &= category.is_some() && self.injury_fits(&cx, cell(FALL_INJURY), kinds.injury, is_fall);
        let (area, unit) = (text(cell(AREA)), text(cell(UNIT)));
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
        let Some(event) = dates.event else { return };
        if !ok {
            // Keep the year covered so that its other counts are still reported.
            if let Some(tally) = &mut self.tally {
                tally.cover(event, &units);
            }
            return;
        }
        let counted = self.counted(row, &dates, &kinds, category, is_fall);
        if let Some(k) = category {
            self.records.add(super::avvikelser_records::Fields {
                event,
                reported: dates.reported,
                closed: dates.closed,
                status: kinds.status,
                area,
                unit,
                category: &self.categories.ids[k],
                law: kinds.law,
                severity: kinds.grade,
                probability: kinds.likelihood,
                direction: kinds.direction,
                counterpart: text(cell(COUNTERPART)),
                injury: kinds.injury,
                person: text(cell(PERSON)),
            });
        }
        if let Some(tally) = &mut self.tally {
            tally.add(event, &units, &counted, row.line);
        }
    }

    /// Whether the row's id is new; `data.duplicate-row` when it was given before.
    fn unique_id(&mut self, cx: &Cells, row: &Row, has_id: bool) -> bool {
        let Some(c) = row.cells[ID].as_ref().filter(|_| has_id) else {
            return true;
        };
        let Some(first) = self.ids.first_line(&c.text, row.line) else {
            return true;
        };
        self.sink.report(cells::duplicate_row(
            cx.spot(c),
            format!("duplicate avvikelse id \"{}\"", c.text),
            First::Line(first),
            Some("each avvikelse may occur once"),
        ));
        false
    }

    /// Händelse-, rapporterings- and avslutsdatum: real dates, in that order.
    fn dates(&mut self, cx: &Cells, row: &Row, has_date: bool) -> Dates {
        let cell = |i: usize| row.cells[i].as_ref();
        let sink = &mut self.sink;
        let event = if has_date {
            cx.date(cell(EVENT), "händelsedatum", sink).ok().flatten()
        } else {
            None
        };
        let reported = cx.date(cell(REPORTED), "rapporteringsdatum", sink);
        let closed = cx.date(cell(CLOSED), "avslutsdatum", sink);
        let mut ok = event.is_some() && reported.is_ok() && closed.is_ok();
        let reported = reported.ok().flatten();
        let closed = closed.ok().flatten();
        if let (Some(e), Some(r), Some(c)) = (event, reported, cell(REPORTED))
            && r < e
        {
            ok = false;
            sink.report(
                cells::date_order(cx.spot(c), ("rapporteringsdatum", r), ("händelsedatum", e))
                    .note("an avvikelse cannot be reported before it happened; are the two columns swapped?"),
            );
        }
        if let (Some(cl), Some(c)) = (closed, cell(CLOSED)) {
            let before = [(event, "händelsedatum"), (reported, "rapporteringsdatum")]
                .into_iter()
                .find_map(|(d, name)| d.filter(|d| cl < *d).map(|d| (d, name)));
            if let Some((d, name)) = before {
                ok = false;
                sink.report(
                    cells::date_order(cx.spot(c), ("avslutsdatum", cl), (name, d))
                        .note("an avvikelse cannot be closed before it happened and was reported"),
                );
            }
        }
        Dates {
            event,
            reported,
            closed,
            ok,
        }
    }

    /// Lagrum, allvarlighetsgrad, sannolikhet, status, intern/extern and fallskada, and the
    /// rules between them and the dates and motpart.
    fn kinds(&mut self, cx: &Cells, row: &Row, closed: Option<NaiveDate>) -> Kinds {
        let cell = |i: usize| row.cells[i].as_ref();
        let sink = &mut self.sink;
        let m = &mut self.memos;
        let law = m[0].choice(cx, cell(LAW), "lagrum", LAWS, sink);
        let law_note = "expected HSL, SoL or LSS: every avvikelse counts under one law";
        let mut ok = cell(LAW).is_none_or(|c| cx.filled(c, "lagrum", law_note, sink));
        let grade = m[1].choice(cx, cell(SEVERITY), "allvarlighetsgrad", GRADES, sink);
        let likelihood = m[2].choice(cx, cell(PROBABILITY), "sannolikhet", LIKELIHOODS, sink);
        let status = m[3].choice(cx, cell(STATUS), "status", STATUSES, sink);
        let direction = m[4].choice(cx, cell(DIRECTION), "intern_extern", DIRECTIONS, sink);
        let injury = m[5].choice(cx, cell(FALL_INJURY), "fallskada", INJURY, sink);
        ok &= law.is_ok() && grade.is_ok() && likelihood.is_ok() && status.is_ok();
        ok &= direction.is_ok() && injury.is_ok();
        let direction = direction.ok().flatten().unwrap_or(Direction::Internal);
        ok &= status_fits(
            cx,
            status.ok().flatten(),
            closed,
            cell(STATUS),
            &self.present,
            sink,
        );
        ok &= counterpart_fits(
            cx,
            direction,
            cell(DIRECTION),
            cell(COUNTERPART),
            &self.present,
            sink,
        );
        Kinds {
            law: law.ok().flatten(),
            direction,
            injury: injury.ok().flatten(),
            grade: grade.ok().flatten(),
            likelihood: likelihood.ok().flatten(),
            status: status.ok().flatten(),
            ok,
        }
    }

    /// The harmonised category of a row with a date; unknown names are collected and
    /// reported once each after the file.
    fn category(&mut self, cx: &Cells, c: Option<&Cell>, event: Option<NaiveDate>) -> Option<usize> {
        let (c, e) = (c?, event?);
        let year = chrono::Datelike::year(&e);
        // Names are looked up once per year; the memo stays small (a few names, a few years).
        let memo = self.category_memo.entry(year).or_default();
        let k = match memo.get(c.text.as_str()) {
            Some(k) => *k,
            None => {
                let k = self.categories.resolve(&c.text, year);
                if memo.len() < 4096 {
                    memo.insert(c.text.clone(), k);
                }
                k
            }
        };
        if k.is_none() {
            let entry = self
                .unknown
                .entry(common::fold(&c.text))
                .or_insert_with(|| (c.text.clone(), cx.at(c), 0, year));
            entry.2 += 1;
        }
        k
    }

    /// Fallskada ja is only for fall.
    fn injury_fits(&mut self, cx: &Cells, c: Option<&Cell>, injury: Option<bool>, is_fall: bool) -> bool {
        let (Some(true), false, Some(c)) = (injury, is_fall, c) else {
            return true;
        };
        self.sink.report(
            cells::inconsistent(
                cx.spot(c),
                format!("fallskada \"{}\" but the category is not fall", c.text),
            )
            .note("fallskada applies to fall only; leave it empty (or nej) for other avvikelser"),
        );
        false
    }

    /// The measures a valid event counts in.
    fn counted(
        &mut self,
        row: &Row,
        dates: &Dates,
        kinds: &Kinds,
        category: Option<usize>,
        is_fall: bool,
    ) -> Vec<u16> {
        let m = self.measures;
        let mut counted: Vec<u16> = Vec::with_capacity(6);
        if kinds.direction == Direction::Sent {
            counted.push(m.sent);
            return counted;
        }
        counted.push(m.totalt);
        if let Some(k) = category {
            counted.push(m.first_category + u16::try_from(k).unwrap_or(u16::MAX - m.first_category));
        }
        match kinds.law {
            Some(Law::Hsl) => counted.push(m.hsl),
            Some(Law::SolLss) => counted.push(m.sol_lss),
            None => {}
        }
        if is_fall {
            match kinds.injury {
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
        if let (Some(cl), Some(event)) = (dates.closed, dates.event)
            && closed_within_a_month(dates.reported.unwrap_or(event), cl)
        {
            counted.push(m.closed_in_month);
        }
        if kinds.direction == Direction::Received {
            counted.push(m.received);
        }
        counted
    }
}

/// A status that says open with an avslutsdatum, or closed without one (when the file has
/// the column), is inconsistent.
fn status_fits(
    cx: &Cells,
    status: Option<bool>,
    closed: Option<NaiveDate>,
    c: Option<&Cell>,
    present: &Present,
    sink: &mut Sink,
) -> bool {
    let d = match (status, closed, c) {
        (Some(false), Some(cl), Some(c)) => {
            cells::inconsistent(cx.spot(c), format!("status \"{}\" but avslutsdatum {cl}", c.text))
                .note("an avvikelse with an avslutsdatum has status avslutad")
        }
        (Some(true), None, Some(c)) if present[CLOSED] => {
            cells::inconsistent(cx.spot(c), format!("status \"{}\" but no avslutsdatum", c.text))
                .note("write the date the avvikelse was closed")
        }
        _ => return true,
    };
    sink.report(d);
    false
}

/// An external avvikelse names its motpart (when the file has the column); an internal one
/// has none.
fn counterpart_fits(
    cx: &Cells,
    direction: Direction,
    direction_cell: Option<&Cell>,
    counterpart_cell: Option<&Cell>,
    present: &Present,
    sink: &mut Sink,
) -> bool {
    let d = match (direction, text(counterpart_cell), direction_cell) {
        (Direction::Sent | Direction::Received, None, Some(c)) if present[COUNTERPART] => {
            cells::missing_value(
                cx.spot(c),
                format!("an external avvikelse (\"{}\") has no motpart", c.text),
            )
            .note("write the other caregiver in column motpart, e.g. Regionen, vårdcentralen")
        }
        (Direction::Internal, Some(m), _) => {
            let c = counterpart_cell.expect("counterpart text comes from the cell");
            cells::inconsistent(
                cx.spot(c),
                format!("motpart \"{m}\" is given for an internal avvikelse"),
            )
            .note("set intern_extern to extern (sent) or inkommen (received), or leave motpart empty")
        }
        _ => return true,
    };
    sink.report(d);
    false
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
    present: &Present,
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
