//! Kolada (RKA): KPI values as the Kolada API returns them (v2 `/v2/data/...` and v3
//! `/v3/data?...`, saved to `data/kolada.json` or `data/kolada/*.json`), or as a tidy CSV
//! (`data/kolada.csv`: kpi, kommun, period, kön, värde). `data/kolada-indikatorer.yaml` maps
//! each KPI id to the indicator it feeds.
//!
//! The kommun's own values (its kommunkod from `berattelse.yaml`, or the only kommun in the
//! data) become observations; `0000` (Riket) and the län (`00` + the kommunkod's first two
//! digits) become `riket` and `lan` benchmarks; the municipalities and groups listed under
//! `jamforelse:` become benchmarks named by Kolada's title for them ("Trollhättan"), and values
//! of organisational units (`oudata`) become unit breakdowns. Saved metadata responses
//! (`/v2/municipality`, `/v2/ou`: items with `id` and `title`) give those names. `null` values
//! are missing, never zero.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Location, did_you_mean};
use crate::model::period::Period;
use crate::project::ProjectDir;

use crate::data::cells::{self, Cells, First, MISSING_HINT, Named, Place, Reported, Seen};
use crate::formats::spanjson::{self, Node, Value};
use crate::formats::table::{self, Column};
use crate::formats::yamlloc::{Locator, Step, key_text};
use crate::model::catalogue::Catalogue;
use crate::model::collected::{Benchmark, Collected};
use crate::model::observation::{Observation, Sex};

pub const MAPPING_FILE: &str = "data/kolada-indikatorer.yaml";
pub const RIKET: &str = "0000";

pub const COLUMNS: &[Column] = &[
    Column {
        name: "kpi",
        aliases: &["nyckeltal", "kpi_id"],
        required: true,
    },
    Column {
        name: "kommun",
        aliases: &["municipality", "kommunkod", "municipality_id"],
        required: true,
    },
    Column {
        name: "period",
        aliases: &["år", "year"],
        required: true,
    },
    Column {
        name: "kön",
        aliases: &["gender", "sex"],
        required: false,
    },
    Column {
        name: "värde",
        aliases: &["value"],
        required: true,
    },
    Column {
        name: "status",
        aliases: &[],
        required: false,
    },
    Column {
        name: "antal",
        aliases: &["count"],
        required: false,
    },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Gender {
    T,
    K,
    M,
}

impl Gender {
    fn parse(s: &str) -> Option<Gender> {
        match s.trim().to_lowercase().as_str() {
            "" | "t" | "totalt" | "total" | "alla" => Some(Gender::T),
            "k" | "kvinnor" | "kvinna" => Some(Gender::K),
            "m" | "män" | "man" => Some(Gender::M),
            _ => None,
        }
    }
    fn label(self) -> &'static str {
        match self {
            Gender::T => "T",
            Gender::K => "K",
            Gender::M => "M",
        }
    }
}

const GENDER_EXPECTED: &str = "expected T (totalt), K (kvinnor) or M (män)";

/// One KPI value for a municipality, period and gender, with where it was read.
#[derive(Debug, Clone)]
pub struct KoladaValue {
    pub kpi: String,
    /// The municipality's id, or the organisational unit's when `is_unit`.
    pub municipality: String,
    /// An organisational unit's value (Kolada's `oudata`: the item has `ou`).
    pub is_unit: bool,
    pub period: Period,
    pub gender: Gender,
    /// `None` for `null` or a missing marker: never zero.
    pub value: Option<f64>,
    pub status: Option<String>,
    /// Where the value is; `kpi_at` and `municipality_at` point at those ids.
    pub at: Location,
    pub kpi_at: Location,
    pub municipality_at: Location,
}

/// A Kolada municipality id: four digits (leading zeros restored, as Excel drops them) or a
/// group id (`G` + digits).
pub fn municipality_id(text: &str) -> Option<String> {
    let t = text.trim();
    if !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()) {
        return Some(format!("{t:0>4}"));
    }
    let mut chars = t.chars();
    if matches!(chars.next(), Some('G' | 'g'))
        && !chars.as_str().is_empty()
        && chars.as_str().bytes().all(|b| b.is_ascii_digit())
    {
        return Some(t.to_uppercase());
    }
    None
}

const MUNICIPALITY_EXPECTED: &str =
    "expected a four-digit Kolada municipality id such as 1468, 0014 (a län) or 0000 (Riket)";

/// A KPI id: a letter and five digits (`U21468`, `N00945`).
pub fn kpi_id(text: &str) -> Option<String> {
    let t = text.trim().to_uppercase();
    let b = t.as_bytes();
    (b.len() == 6 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit)).then_some(t)
}

const KPI_EXPECTED: &str = "expected a Kolada KPI id: a letter and five digits, such as U21468";

// ---------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------

const ENVELOPE_KEYS: &[&str] = &["values", "count", "next_page", "previous_page"];
const ITEM_KEYS: &[&str] = &["kpi", "municipality", "ou", "period", "values"];
const META_KEYS: &[&str] = &["id", "title", "type", "municipality", "members"];

/// Kolada id (municipality, group or organisational unit) → its title, from saved metadata.
pub type Names = BTreeMap<String, String>;

/// What one saved response holds: data values, or the names of a metadata response.
#[derive(Debug, Default)]
pub struct Response {
    pub values: Vec<KoladaValue>,
    pub names: Names,
}
const VALUE_KEYS: &[&str] = &["gender", "status", "count", "value"];

/// Read the text of a saved Kolada API response. Every problem is pushed to `diags`; values
/// that could be read are returned.
pub fn read_json(file: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Vec<KoladaValue> {
    read_response(file, text, diags).values
}

/// Read a saved Kolada response: data (`/data`, `/oudata`) or metadata (`/municipality`,
/// `/municipality_groups`, `/ou`) whose titles name the ids in the data.
pub fn read_response(file: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Response {
    let mut out = Response::default();
    let Some(items) = envelope(file, text, diags) else {
        return out;
    };
    for item in &items {
        if let Value::Object(members) = &item.value
            && members.iter().any(|m| m.key == "id")
        {
            read_name(file, item, members, &mut out.names, diags);
        } else {
            read_item(file, item, &mut out.values, diags);
        }
    }
    out
}

/// A metadata item: `id` and `title` (other keys of Kolada's metadata are not used).
fn read_name(
    file: &str,
    item: &Node,
    members: &[spanjson::Member],
    names: &mut Names,
    diags: &mut Vec<Diagnostic>,
) {
    let text = |key: &str| {
        members
            .iter()
            .find(|m| m.key == key)
            .and_then(|m| match &m.value.value {
                Value::String(s) => Some(s.trim().to_string()),
                Value::Number(_, t) => Some(t.clone()),
                _ => None,
            })
    };
    for m in members {
        if !META_KEYS.contains(&m.key.as_str()) {
            diags.push(unknown_key(
                &m.key,
                Location::at(file, m.line, m.column),
                META_KEYS,
            ));
        }
    }
    match (text("id"), text("title")) {
        (Some(id), Some(title)) if !id.is_empty() && !title.is_empty() => {
            let id = municipality_id(&id).unwrap_or(id.to_uppercase());
            names.insert(id, title);
        }
        _ => diags.push(
            Diagnostic::error(
                "data.missing-key",
                "the metadata item has no \"id\" and \"title\"",
            )
            .at(Location::at(file, item.line, item.column))
            .note("expected Kolada's metadata: {\"id\": \"1488\", \"title\": \"Trollhättan\"}"),
        ),
    }
}

/// The items of a saved response (an envelope `{"values": [...]}` or a bare array).
fn envelope(file: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Option<Vec<Node>> {
    let root = match spanjson::parse(text) {
        Ok(n) => n,
        Err(e) => {
            diags.push(
                Diagnostic::error("data.json", format!("invalid JSON in {file}: {}", e.message))
                    .at(Location::at(file, e.line, e.column))
                    .note("save the API response unchanged, e.g. `curl -o data/kolada.json URL`"),
            );
            return None;
        }
    };
    let at = |n: &Node| Location::at(file, n.line, n.column);
    let items = match &root.value {
        Value::Array(items) => items.clone(),
        Value::Object(members) => {
            let mut items = None;
            for m in members {
                let kat = Location::at(file, m.line, m.column);
                match m.key.as_str() {
                    "values" => match &m.value.value {
                        Value::Array(a) => items = Some(a),
                        other => diags.push(type_error(file, &m.value, "values", "an array", other)),
                    },
                    "next_page" => {
                        if let Value::String(url) = &m.value.value {
                            diags.push(
                                Diagnostic::warning(
                                    "data.kolada-partial",
                                    format!("{file} is one page of a longer result"),
                                )
                                .at(at(&m.value))
                                .note(format!("the next page is {url}"))
                                .note("save every page, e.g. as data/kolada/1.json, data/kolada/2.json"),
                            );
                        }
                    }
                    "count" | "previous_page" => {}
                    key => diags.push(unknown_key(key, kat, ENVELOPE_KEYS)),
                }
            }
            match items {
                Some(i) => i.clone(),
                None => {
                    diags.push(
                        Diagnostic::error("data.missing-key", format!("{file} has no \"values\" array"))
                            .at(at(&root))
                            .note("expected the response of Kolada's data API: {\"values\": [...]}"),
                    );
                    return None;
                }
            }
        }
        other => {
            diags.push(type_error(
                file,
                &root,
                "the file",
                "an object or an array",
                other,
            ));
            return None;
        }
    };
    Some(items)
}

fn type_error(file: &str, n: &Node, what: &str, expected: &str, found: &Value) -> Diagnostic {
    Diagnostic::error(
        "data.json-type",
        format!("{what} must be {expected}, found {}", found.kind()),
    )
    .at(Location::at(file, n.line, n.column))
}

fn unknown_key(key: &str, at: Location, known: &[&str]) -> Diagnostic {
    let mut d = Diagnostic::error("data.unknown-key", format!("unknown key \"{key}\""))
        .at(at)
        .note(format!("expected keys: {}", known.join(", ")));
    if let Some(s) = did_you_mean(key, known.iter().copied()) {
        d = d.note(format!("did you mean \"{s}\"?"));
    }
    d
}

/// The keys of one item of "values": the KPI, the municipality and the period its values
/// are of, each with where it is.
struct Item<'n> {
    kpi: (String, Location),
    municipality: (String, Location),
    is_unit: bool,
    period: Period,
    values: &'n [Node],
}

fn read_item(file: &str, item: &Node, out: &mut Vec<KoladaValue>, diags: &mut Vec<Diagnostic>) {
    let Some(item) = item_keys(file, item, diags) else {
        return;
    };
    for entry in item.values {
        if let Some(v) = read_entry(file, entry, &item, diags) {
            out.push(v);
        }
    }
}

/// The item's keys; `None` when one is missing or invalid (each problem is reported).
fn item_keys<'n>(file: &str, item: &'n Node, diags: &mut Vec<Diagnostic>) -> Option<Item<'n>> {
    let at = |n: &Node| Location::at(file, n.line, n.column);
    let Value::Object(members) = &item.value else {
        diags.push(type_error(
            file,
            item,
            "an item of \"values\"",
            "an object",
            &item.value,
        ));
        return None;
    };
    let (mut kpi, mut muni, mut period, mut values) = (None, None, None, None);
    let is_unit = members.iter().any(|m| m.key == "ou");
    let mut ok = true;
    for m in members {
        let kat = Location::at(file, m.line, m.column);
        let v = &m.value;
        let read = match m.key.as_str() {
            "kpi" => kpi_node(file, v, diags).map(|k| kpi = Some((k, at(v)))),
            "municipality" => municipality_node(file, v, diags).map(|id| muni = Some((id, at(v)))),
            "period" => period_node(file, v, diags).map(|p| period = Some(p)),
            "values" => match &v.value {
                Value::Array(a) => {
                    values = Some(a.as_slice());
                    Ok(())
                }
                other => {
                    diags.push(type_error(file, v, "\"values\"", "an array", other));
                    Err(Reported)
                }
            },
            "ou" if members.iter().any(|m| m.key == "municipality") => {
                diags.push(
                    Diagnostic::error("data.kolada-ou", "an item has both \"ou\" and \"municipality\"")
                        .at(kat)
                        .note("an organisational unit's value (oudata) names only its \"ou\""),
                );
                Err(Reported)
            }
            "ou" => ou_node(file, v, diags).map(|id| muni = Some((id, at(v)))),
            key => {
                diags.push(unknown_key(key, kat, ITEM_KEYS));
                Err(Reported)
            }
        };
        ok &= read.is_ok();
    }
    let place = if is_unit { "ou" } else { "municipality" };
    for (present, key) in [
        (kpi.is_some(), "kpi"),
        (muni.is_some(), place),
        (period.is_some(), "period"),
        (values.is_some(), "values"),
    ] {
        if !present && !members.iter().any(|m| m.key == key) {
            ok = false;
            diags.push(
                Diagnostic::error("data.missing-key", format!("the item has no \"{key}\""))
                    .at(at(item))
                    .note(format!("expected keys: {}", ITEM_KEYS.join(", "))),
            );
        }
    }
    let (Some(kpi), Some(municipality), Some(period), Some(values), true) = (kpi, muni, period, values, ok)
    else {
        return None;
    };
    Some(Item {
        kpi,
        municipality,
        is_unit,
        period,
        values,
    })
}

fn kpi_node(file: &str, v: &Node, diags: &mut Vec<Diagnostic>) -> Result<String, Reported> {
    match &v.value {
        Value::String(s) => kpi(s, Location::at(file, v.line, v.column), diags).ok_or(Reported),
        other => {
            diags.push(type_error(file, v, "\"kpi\"", "a string", other));
            Err(Reported)
        }
    }
}

fn municipality_node(file: &str, v: &Node, diags: &mut Vec<Diagnostic>) -> Result<String, Reported> {
    let text = match &v.value {
        Value::String(s) => s,
        Value::Number(_, t) => t,
        _ => {
            diags.push(type_error(file, v, "\"municipality\"", "a string", &v.value));
            return Err(Reported);
        }
    };
    municipality(text, Location::at(file, v.line, v.column), None, diags).ok_or(Reported)
}

fn ou_node(file: &str, v: &Node, diags: &mut Vec<Diagnostic>) -> Result<String, Reported> {
    let at = Location::at(file, v.line, v.column);
    match &v.value {
        Value::String(s) => crate::config::jamforelse::unit_id(s).ok_or_else(|| {
            diags.push(
                Diagnostic::error(
                    "data.bad-municipality",
                    format!("invalid organisational unit id \"{s}\""),
                )
                .at(at)
                .note("expected a Kolada OU id such as V15E146800101"),
            );
            Reported
        }),
        _ => {
            diags.push(type_error(file, v, "\"ou\"", "a string", &v.value));
            Err(Reported)
        }
    }
}

fn period_node(file: &str, v: &Node, diags: &mut Vec<Diagnostic>) -> Result<Period, Reported> {
    let text = match &v.value {
        Value::Number(_, t) => t,
        Value::String(s) => s,
        _ => {
            diags.push(type_error(file, v, "\"period\"", "a year such as 2024", &v.value));
            return Err(Reported);
        }
    };
    cells::period(text, Location::at(file, v.line, v.column), None, diags).ok_or(Reported)
}

/// The keys of one value entry, as read so far.
#[derive(Default)]
struct EntryKeys {
    gender: Option<Gender>,
    value: Option<Option<f64>>,
    status: Option<String>,
    value_at: Option<Location>,
}

/// One value entry of an item: gender, value, status (and count, checked but not kept).
fn read_entry(file: &str, entry: &Node, item: &Item, diags: &mut Vec<Diagnostic>) -> Option<KoladaValue> {
    let at = |n: &Node| Location::at(file, n.line, n.column);
    let Value::Object(members) = &entry.value else {
        diags.push(type_error(
            file,
            entry,
            "a value entry",
            "an object",
            &entry.value,
        ));
        return None;
    };
    let mut keys = EntryKeys::default();
    let mut ok = true;
    for m in members {
        ok &= entry_member(file, m, &mut keys, diags).is_ok();
    }
    for (present, key) in [(keys.gender.is_some(), "gender"), (keys.value.is_some(), "value")] {
        if !present && !members.iter().any(|m| m.key == key) {
            ok = false;
            diags.push(
                Diagnostic::error("data.missing-key", format!("the value entry has no \"{key}\""))
                    .at(at(entry))
                    .note(format!("expected keys: {}", VALUE_KEYS.join(", "))),
            );
        }
    }
    let (true, Some(gender), Some(value)) = (ok, keys.gender, keys.value) else {
        return None;
    };
    Some(KoladaValue {
        kpi: item.kpi.0.clone(),
        municipality: item.municipality.0.clone(),
        is_unit: item.is_unit,
        period: item.period,
        gender,
        value,
        status: keys.status,
        at: keys.value_at.unwrap_or_else(|| at(entry)),
        kpi_at: item.kpi.1.clone(),
        municipality_at: item.municipality.1.clone(),
    })
}

fn entry_member(
    file: &str,
    m: &spanjson::Member,
    keys: &mut EntryKeys,
    diags: &mut Vec<Diagnostic>,
) -> Result<(), Reported> {
    let v = &m.value;
    let at = Location::at(file, v.line, v.column);
    let wrong = |what: &str, expected: &str| type_error(file, v, what, expected, &v.value);
    match (m.key.as_str(), &v.value) {
        ("gender", Value::String(s)) => {
            let parse = |s: &str| Gender::parse(s).filter(|_| !s.trim().is_empty());
            keys.gender = Some(cells::sex_as(
                s,
                at,
                Place::Key("gender"),
                parse,
                GENDER_EXPECTED,
                diags,
            )?);
        }
        ("gender", _) => {
            diags.push(wrong("\"gender\"", "a string"));
            return Err(Reported);
        }
        ("value", value) => {
            keys.value_at = Some(at.clone());
            keys.value = Some(match value {
                Value::Null => None,
                Value::Number(n, _) => Some(*n),
                // Hand-edited files: "87,5" or a missing marker such as "..".
                Value::String(s) => {
                    cells::number(s, at, Named::key("value").hint("a missing value is null"), diags)?
                }
                _ => {
                    diags.push(wrong("\"value\"", "a number or null"));
                    return Err(Reported);
                }
            });
        }
        ("status", Value::String(s)) if !s.trim().is_empty() => keys.status = Some(s.trim().to_string()),
        ("status", Value::String(_) | Value::Null) => {}
        ("status", _) => {
            diags.push(wrong("\"status\"", "a string or null"));
            return Err(Reported);
        }
        ("count", Value::Number(n, _)) if *n >= 0.0 && n.fract() == 0.0 => {}
        ("count", Value::Null) => {}
        ("count", _) => {
            diags.push(wrong("\"count\"", "a whole number of at least 0"));
            return Err(Reported);
        }
        (key, _) => {
            diags.push(unknown_key(key, Location::at(file, m.line, m.column), VALUE_KEYS));
            return Err(Reported);
        }
    }
    Ok(())
}

/// A KPI id cell or key; `data.bad-kpi` when it is none.
fn kpi(text: &str, at: Location, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let id = kpi_id(text);
    if id.is_none() {
        diags.push(bad_kpi(format!("invalid KPI id \"{text}\""), at));
    }
    id
}

fn bad_kpi(message: impl Into<String>, at: Location) -> Diagnostic {
    Diagnostic::error("data.bad-kpi", message)
        .at(at)
        .note(KPI_EXPECTED)
}

/// A municipality id; `data.bad-municipality` when it is none. `column` is named in the
/// message when given.
fn municipality(
    text: &str,
    at: Location,
    column: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let id = municipality_id(text);
    if id.is_none() {
        let in_column = column.map(|c| format!(" in column {c}")).unwrap_or_default();
        diags.push(
            Diagnostic::error(
                "data.bad-municipality",
                format!("invalid municipality id \"{text}\"{in_column}"),
            )
            .at(at)
            .note(MUNICIPALITY_EXPECTED),
        );
    }
    id
}

// ---------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------

/// Validate the rows of the tidy CSV (or xlsx) form.
pub fn read_rows(file: &str, t: &table::Table, diags: &mut Vec<Diagnostic>) -> Vec<KoladaValue> {
    let cx = Cells::new(file);
    t.rows
        .iter()
        .filter_map(|row| read_row(&cx, row, diags))
        .collect()
}

fn read_row(cx: &Cells, row: &table::Row, diags: &mut Vec<Diagnostic>) -> Option<KoladaValue> {
    let cell = |i: usize| row.cells[i].as_ref();
    let (Some(k), Some(m), Some(p), Some(v)) = (cell(0), cell(1), cell(2), cell(4)) else {
        return None;
    };
    let kpi = kpi(&k.text, cx.at(k), diags);
    let muni = municipality(&m.text, cx.at(m), Some("kommun"), diags);
    let period = cx.period(p, None, diags);
    let expected = format!("{GENDER_EXPECTED}; empty is T");
    let gender = match cell(3) {
        None => Ok(Gender::T),
        Some(c) => cells::sex_as(
            &c.text,
            cx.spot(c),
            Place::Column("kön"),
            Gender::parse,
            &expected,
            diags,
        ),
    };
    let value = cx.number(v, Named::column("värde").hint(MISSING_HINT), diags);
    let count = cell(6).map_or(Ok(None), |c| cx.count(c, Named::column("antal"), diags));
    let status = cell(5)
        .map(|c| c.text.trim().to_string())
        .filter(|s| !s.is_empty());
    count.ok()?;
    Some(KoladaValue {
        kpi: kpi?,
        municipality: muni?,
        is_unit: false,
        period: period?,
        gender: gender.ok()?,
        value: value.ok()?,
        status,
        at: cx.at(v),
        kpi_at: cx.at(k),
        municipality_at: cx.at(m),
    })
}

// ---------------------------------------------------------------------------------------
// Mapping and loading
// ---------------------------------------------------------------------------------------

/// KPI id → indicator id; `None` for a KPI that is deliberately not used (`U21468: ~`).
pub type Mapping = BTreeMap<String, Option<String>>;

/// Read `data/kolada-indikatorer.yaml`: `KPI: indikator-id` per line.
pub fn read_mapping(
    file: &str,
    text: &str,
    catalogue: &Catalogue,
    diags: &mut Vec<Diagnostic>,
) -> Option<Mapping> {
    let value: serde_yaml::Value = match crate::formats::yaml::parse(file, text) {
        Ok(v) => v,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let loc = Locator { file, text };
    let map = match value {
        serde_yaml::Value::Mapping(m) => m,
        serde_yaml::Value::Null => serde_yaml::Mapping::new(),
        _ => {
            diags.push(
                Diagnostic::error(
                    "data.kolada-mapping",
                    format!("{file} must map KPI ids to indicator ids"),
                )
                .at(Location::file(file))
                .note("expected lines such as `U21468: brukarundersokning.hemtjanst_helhet`"),
            );
            return None;
        }
    };
    let mut out = Mapping::new();
    for (k, v) in &map {
        let Some(key) = key_text(k) else {
            diags.push(bad_kpi(
                "a key of the mapping is not a KPI id",
                Location::file(file),
            ));
            continue;
        };
        let Some(kpi) = kpi(&key, loc.key(&[Step::Key(&key)]), diags) else {
            continue;
        };
        let target = match v {
            serde_yaml::Value::Null => None,
            serde_yaml::Value::String(id) => {
                if cells::indicator(catalogue, id, loc.value(&[Step::Key(&key)]), diags).is_none() {
                    continue;
                }
                Some(id.clone())
            }
            _ => {
                diags.push(
                    Diagnostic::error(
                        "data.kolada-mapping",
                        format!("{kpi} must map to an indicator id or ~ (not used)"),
                    )
                    .at(loc.value(&[Step::Key(&key)])),
                );
                continue;
            }
        };
        if out.insert(kpi.clone(), target).is_some() {
            diags.push(
                Diagnostic::error("data.duplicate-key", format!("KPI {kpi} is mapped twice"))
                    .at(loc.key(&[Step::Key(&key)])),
            );
        }
    }
    Some(out)
}

/// The data files of this source: JSON responses and the tidy CSV.
fn data_files(project: &ProjectDir, diags: &mut Vec<Diagnostic>) -> (Vec<String>, Option<String>) {
    let mut json = Vec::new();
    if project.is_present("data/kolada.json") {
        json.push("data/kolada.json".to_string());
    }
    json.extend(
        project
            .list("data/kolada")
            .into_iter()
            .filter(|f| f.to_ascii_lowercase().ends_with(".json")),
    );
    let tabular = match crate::project::files::find(project, "kolada", crate::project::files::TABULAR) {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            None
        }
    };
    (json, tabular)
}

/// Source loader.
pub fn load(inputs: &crate::data::Inputs, collected: &mut Collected, diags: &mut Vec<Diagnostic>) {
    let (project, catalogue) = (inputs.project, inputs.catalogue);
    let (json, tabular) = data_files(project, diags);
    let mapping_text = match project.read_text_optional(MAPPING_FILE) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            None
        }
    };
    if json.is_empty() && tabular.is_none() {
        if mapping_text.is_some() {
            collected.files.push(MAPPING_FILE.to_string());
        }
        return;
    }
    let mut values = Vec::new();
    let mut names = Names::new();
    for file in &json {
        if let Some(bytes) = super::read_bytes(project, file, diags) {
            let text = crate::project::decode::decode(&bytes).text;
            let r = read_response(file, &text, diags);
            values.extend(r.values);
            names.extend(r.names);
        }
        collected.files.push(file.clone());
    }
    if project.is_present(PROVENANCE_FILE) {
        supersede(&mut values, diags);
    }
    if let Some(file) = &tabular {
        let table = match super::read_bytes(project, file, diags) {
            Some(_) => crate::formats::read_file(project, file, COLUMNS, diags),
            None => None,
        };
        if let Some(t) = table {
            values.extend(read_rows(file, &t, diags));
        }
        collected.files.push(file.clone());
    }
    let first_file = json.first().or(tabular.as_ref()).cloned().unwrap_or_default();
    let Some(text) = mapping_text else {
        let kpis: std::collections::BTreeSet<&str> = values.iter().map(|v| v.kpi.as_str()).collect();
        let mut d = Diagnostic::error(
            "data.kolada-mapping",
            format!("Kolada data without {MAPPING_FILE}: which indicator does each KPI feed?"),
        )
        .at(Location::file(first_file))
        .note(format!(
            "add {MAPPING_FILE} with one line per KPI, e.g. `U21468: brukarundersokning.hemtjanst_helhet`"
        ));
        if !kpis.is_empty() {
            d = d.note(format!(
                "KPIs in the data: {}",
                kpis.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
        diags.push(d);
        return;
    };
    collected.files.push(MAPPING_FILE.to_string());
    let Some(mapping) = read_mapping(MAPPING_FILE, &text, catalogue, diags) else {
        return;
    };
    let place = Whose {
        kommun: inputs.kommunkod,
        jamforelse: inputs.jamforelse,
        names: &names,
    };
    apply(&values, &mapping, &place, catalogue, collected, diags);
}

/// The file `berattelse hamta kolada` writes beside the values it fetched.
pub const PROVENANCE_FILE: &str = "data/kolada/hamtning.yaml";
/// Where `berattelse hamta kolada` writes.
pub const FETCH_DIR: &str = "data/kolada";

/// A fetch (`data/kolada/`) supersedes the same values saved by hand in `data/kolada.json`:
/// those are dropped, with one warning.
fn supersede(values: &mut Vec<KoladaValue>, diags: &mut Vec<Diagnostic>) {
    let fetched = |v: &KoladaValue| v.at.file.starts_with("data/kolada/");
    let keys: std::collections::BTreeSet<(String, String, Period, Gender)> = values
        .iter()
        .filter(|v| fetched(v))
        .map(|v| (v.kpi.clone(), v.municipality.clone(), v.period, v.gender))
        .collect();
    let before = values.len();
    let mut first = None;
    values.retain(|v| {
        let dropped =
            !fetched(v) && keys.contains(&(v.kpi.clone(), v.municipality.clone(), v.period, v.gender));
        if dropped && first.is_none() {
            first = Some(v.at.clone());
        }
        !dropped
    });
    if let Some(at) = first {
        let n = before - values.len();
        diags.push(
            Diagnostic::warning(
                "data.kolada-superseded",
                format!(
                    "{n} value{} in {} also fetched into {FETCH_DIR}/: the fetched ones are used",
                    if n == 1 { "" } else { "s" },
                    at.file
                ),
            )
            .at(at)
            .note("remove the hand-saved file once the fetch has everything you need"),
        );
    }
}

/// Whose values the data holds: the project's kommun, its comparisons and the names of both.
pub struct Whose<'a> {
    /// The configured kommunkod; without one, the only kommun in the data is the project's.
    pub kommun: Option<&'a crate::config::Kommunkod>,
    pub jamforelse: Option<&'a crate::config::jamforelse::Jamforelse>,
    /// Titles from saved metadata responses.
    pub names: &'a Names,
}

impl Whose<'_> {
    /// A comparison's or a unit's name: as configured, else Kolada's title, else the id.
    fn name(&self, id: &str) -> String {
        self.jamforelse
            .and_then(|j| j.name_of(id))
            .or(self.names.get(id).map(String::as_str))
            .unwrap_or(id)
            .to_string()
    }
}

/// What a municipality's values are for this project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Own,
    Riket,
    Lan,
    /// A municipality or group listed under `jamforelse:`: a named benchmark.
    Named,
    /// An organisational unit: a unit breakdown.
    Unit,
    Other,
}

/// The project's kommun and its län, which decide each municipality's [`Role`].
struct Roles<'a> {
    own: Option<String>,
    lan: Option<String>,
    jamforelse: Option<&'a crate::config::jamforelse::Jamforelse>,
}

impl<'a> Roles<'a> {
    /// From the configured kommunkod, or else the only kommun in the data; `None` (after an
    /// error) when the data has several and none is configured.
    fn new(values: &[KoladaValue], place: &Whose<'a>, diags: &mut Vec<Diagnostic>) -> Option<Roles<'a>> {
        let jamforelse = place.jamforelse;
        if let Some(k) = place.kommun {
            return Some(Roles {
                own: Some(k.as_str().to_string()),
                lan: Some(format!("00{}", k.lan())),
                jamforelse,
            });
        }
        let candidates: std::collections::BTreeSet<&str> = values
            .iter()
            .filter(|v| !v.is_unit)
            .map(|v| v.municipality.as_str())
            .filter(|m| m.len() == 4 && !m.starts_with("00") && !m.starts_with('G'))
            .filter(|m| !jamforelse.is_some_and(|j| j.compares_with(m)))
            .collect();
        match candidates.len() {
            0 => Some(Roles {
                own: None,
                lan: None,
                jamforelse,
            }),
            1 => {
                let only = candidates.into_iter().next().unwrap_or_default();
                Some(Roles {
                    own: Some(only.to_string()),
                    lan: Some(format!("00{}", &only[..2])),
                    jamforelse,
                })
            }
            _ => {
                let first = values
                    .iter()
                    .find(|v| candidates.contains(v.municipality.as_str()))
                    .map(|v| v.municipality_at.clone());
                let mut d = Diagnostic::error(
                    "data.kolada-kommun",
                    format!(
                        "the Kolada data has several kommuner ({}): which is this project's?",
                        candidates.into_iter().collect::<Vec<_>>().join(", ")
                    ),
                )
                .note("set organisation.kommunkod in berattelse.yaml, e.g. `kommunkod: \"1468\"`");
                if let Some(at) = first {
                    d = d.at(at);
                }
                diags.push(d);
                None
            }
        }
    }

    fn of(&self, v: &KoladaValue) -> Role {
        let m = v.municipality.as_str();
        if v.is_unit {
            Role::Unit
        } else if Some(m) == self.own.as_deref() {
            Role::Own
        } else if m == RIKET {
            Role::Riket
        } else if Some(m) == self.lan.as_deref() {
            Role::Lan
        } else if self.jamforelse.is_some_and(|j| j.compares_with(m)) {
            Role::Named
        } else {
            Role::Other
        }
    }
}

/// KPI, municipality, period and gender: what makes a Kolada value unique (with the
/// indicator in place of the KPI: what makes an indicator's value unique).
type ValueKey<'a> = (&'a str, &'a str, Period, Gender);

/// Values of a KPI or a municipality that are not read: the first and how many.
type Skipped<'a> = BTreeMap<&'a str, (&'a KoladaValue, usize)>;

/// Turn read values into observations and benchmarks. `kommun` is the configured kommunkod;
/// without one, the only kommun in the data is the project's.
pub fn apply(
    values: &[KoladaValue],
    mapping: &Mapping,
    place: &Whose,
    catalogue: &Catalogue,
    collected: &mut Collected,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(roles) = Roles::new(values, place, diags) else {
        return;
    };
    let mut seen: Seen<ValueKey, &KoladaValue> = Seen::default();
    let mut by_indicator: Seen<ValueKey, &KoladaValue> = Seen::default();
    let mut unmapped: Skipped = BTreeMap::new();
    let mut others: Skipped = BTreeMap::new();
    for v in values {
        let key = (v.kpi.as_str(), v.municipality.as_str(), v.period, v.gender);
        if let Some(first) = seen.first(key, v) {
            diags.push(cells::duplicate_row(
                v.at.clone(),
                format!(
                    "duplicate value for {} {} {} {}",
                    v.kpi,
                    v.municipality,
                    v.period,
                    v.gender.label()
                ),
                First::At(first.at.clone()),
                Some("each KPI, municipality, period and gender may occur once"),
            ));
            continue;
        }
        let indicator = match mapping.get(&v.kpi) {
            Some(Some(id)) => id,
            Some(None) => continue,
            None => {
                unmapped.entry(&v.kpi).or_insert((v, 0)).1 += 1;
                continue;
            }
        };
        let role = roles.of(v);
        if role == Role::Other {
            others.entry(&v.municipality).or_insert((v, 0)).1 += 1;
            continue;
        }
        let ikey = (indicator.as_str(), v.municipality.as_str(), v.period, v.gender);
        if let Some(first) = by_indicator.first(ikey, v) {
            diags.push(cells::duplicate_row(
                v.kpi_at.clone(),
                format!(
                    "{indicator} {} for {} is given by both {} and {}",
                    v.period, v.municipality, first.kpi, v.kpi
                ),
                First::At(first.at.clone()),
                Some("map only one KPI to each indicator"),
            ));
            continue;
        }
        let Some(spec) = catalogue.get(indicator) else {
            continue; // reported when the mapping was read
        };
        if let Some(x) = v.value
            && !cells::within_indicator(
                x,
                spec,
                &format!("value {x} of {} for {indicator}", v.kpi),
                v.at.clone(),
                diags,
            )
        {
            continue;
        }
        add(indicator, v, role, place, collected);
    }
    report_unmapped(&unmapped, mapping, catalogue, diags);
    report_others(&others, &roles, diags);
}

/// The project's own values and its units' are observations; the totals of Riket, the län and
/// the listed comparisons are benchmarks.
fn add(indicator: &str, v: &KoladaValue, role: Role, place: &Whose, collected: &mut Collected) {
    match role {
        Role::Own | Role::Unit => collected.observations.push(Observation {
            indicator: indicator.to_string(),
            year: v.period.year(),
            period: v.period,
            unit: (role == Role::Unit).then(|| place.name(&v.municipality)),
            sex: match v.gender {
                // A total is the whole-organisation value, as an empty kön in nyckeltal.csv.
                Gender::T => None,
                Gender::K => Some(Sex::K),
                Gender::M => Some(Sex::M),
            },
            value: v.value,
            decimals: None,
            period_note: None,
            qualifier: None,
            note: v.status.as_ref().map(|s| format!("Kolada-status: {s}")),
            file: v.at.file.clone(),
            line: v.at.line.unwrap_or(0),
        }),
        Role::Riket | Role::Lan | Role::Named => {
            // Benchmarks are totals; a missing comparison value is simply not shown.
            if let (Gender::T, Some(value)) = (v.gender, v.value) {
                collected.benchmarks.push(Benchmark {
                    indicator: indicator.to_string(),
                    name: match role {
                        Role::Riket => "riket".to_string(),
                        Role::Lan => "lan".to_string(),
                        _ => place.name(&v.municipality),
                    },
                    period: v.period,
                    value,
                });
            }
        }
        Role::Other => {}
    }
}

/// KPIs in the data that the mapping does not name.
fn report_unmapped(
    unmapped: &Skipped,
    mapping: &Mapping,
    catalogue: &Catalogue,
    diags: &mut Vec<Diagnostic>,
) {
    let known: Vec<&str> = mapping.keys().map(String::as_str).collect();
    for (kpi, (v, n)) in unmapped {
        let mut d = Diagnostic::error(
            "data.kolada-unmapped",
            format!(
                "KPI {kpi} ({n} value{}) is not in {MAPPING_FILE}",
                if *n == 1 { "" } else { "s" }
            ),
        )
        .at(v.kpi_at.clone())
        .note(format!(
            "map it to an indicator (`{kpi}: indikator-id`), or write `{kpi}: ~` to leave it out"
        ));
        if let Some(s) = did_you_mean(kpi, known.iter().copied()) {
            d = d.note(format!("did you mean \"{s}\"?"));
        }
        let named: Vec<&str> = catalogue
            .values()
            .filter(|i| i.source.as_deref().is_some_and(|s| s.contains(kpi)))
            .map(|i| i.id.as_str())
            .collect();
        if !named.is_empty() {
            d = d.note(format!(
                "the catalogue names {kpi} as the source of {}",
                named.join(", ")
            ));
        }
        diags.push(d);
    }
}

/// Municipalities other than the project's kommun, Riket and the län: not used.
fn report_others(others: &Skipped, roles: &Roles, diags: &mut Vec<Diagnostic>) {
    for (m, (v, n)) in others {
        let n = *n;
        diags.push(
            Diagnostic::warning(
                "data.kolada-other-municipality",
                format!(
                    "{n} Kolada value{} for municipality {m} {} not used",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "is" } else { "are" }
                ),
            )
            .at(v.municipality_at.clone())
            .note(format!(
                "only the project's kommun ({}), 0000 (Riket), the län ({}) and the municipalities listed under jamforelse: are read",
                roles.own.as_deref().unwrap_or("not set"),
                roles.lan.as_deref().unwrap_or("not set")
            ))
            .note(format!("to compare with it, add it to berattelse.yaml: `jamforelse: {{kommuner: [\"{m}\"]}}`"))
            .note("set organisation.kommunkod in berattelse.yaml if the kommun is another one"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        let yaml = "indicators:\n  - {id: b.helhet, name: Helhet, unit: procent, source: Kolada U21468}\n  - {id: b.antal, name: Antal, unit: antal}\n";
        let f: crate::model::catalogue::CatalogueFile = serde_yaml::from_str(yaml).unwrap();
        crate::model::catalogue::merge(f.indicators, Vec::new())
    }

    const JSON: &str = r#"{"values": [
  {"kpi": "U21468", "municipality": "1468", "period": 2024,
   "values": [{"gender": "T", "status": "", "count": 1, "value": 87},
              {"gender": "K", "status": null, "count": 1, "value": 88.5},
              {"gender": "M", "status": "Missing", "count": 0, "value": null}]},
  {"kpi": "U21468", "municipality": "0000", "period": "2024",
   "values": [{"gender": "T", "count": 290, "value": 86}]},
  {"kpi": "U21468", "municipality": "0014", "period": 2024,
   "values": [{"gender": "T", "count": 49, "value": 85.2}, {"gender": "K", "count": 49, "value": 86}]}
], "count": 3, "next_page": null, "previous_page": null}"#;

    fn run(values: &[KoladaValue], mapping: &str, kommun: Option<&str>) -> (Collected, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let m = read_mapping("m.yaml", mapping, &catalogue(), &mut d).unwrap();
        let k = kommun.and_then(crate::config::Kommunkod::parse);
        let mut c = Collected::default();
        let names = Names::new();
        let place = Whose {
            kommun: k.as_ref(),
            jamforelse: None,
            names: &names,
        };
        apply(values, &m, &place, &catalogue(), &mut c, &mut d);
        (c, d)
    }

    #[test]
    fn api_response_becomes_series_breakdowns_and_benchmarks() {
        let mut d = Vec::new();
        let values = read_json("k.json", JSON, &mut d);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(values.len(), 6);
        let (c, d) = run(&values, "U21468: b.helhet\n", Some("1468"));
        assert!(d.is_empty(), "{d:?}");
        let own: Vec<_> = c.observations.iter().map(|o| (o.sex, o.value)).collect();
        assert_eq!(
            own,
            [
                (None, Some(87.0)),
                (Some(Sex::K), Some(88.5)),
                (Some(Sex::M), None)
            ]
        );
        assert_eq!(c.observations[2].note.as_deref(), Some("Kolada-status: Missing"));
        assert_eq!(
            (c.observations[0].file.as_str(), c.observations[0].line),
            ("k.json", 3)
        );
        let b: Vec<_> = c.benchmarks.iter().map(|b| (b.name.as_str(), b.value)).collect();
        assert_eq!(b, [("riket", 86.0), ("lan", 85.2)]);
    }

    #[test]
    fn comparisons_are_named_benchmarks_and_units_are_breakdowns() {
        let data = r#"{"values": [
  {"kpi": "U21468", "municipality": "1488", "period": 2024, "values": [{"gender": "T", "value": 96}, {"gender": "K", "value": 97}]},
  {"kpi": "U21468", "municipality": "1485", "period": 2024, "values": [{"gender": "T", "value": 90}]},
  {"kpi": "U21468", "municipality": "G124072", "period": 2024, "values": [{"gender": "T", "count": 12, "value": 88}]},
  {"kpi": "U21468", "ou": "V15E146800101", "period": 2024, "values": [{"gender": "T", "value": 91}]}
]}"#;
        let meta = r#"{"values": [{"id": "1488", "title": "Trollhättan", "type": "K"},
  {"id": "V15E146800101", "municipality": "1468", "title": "Hemtjänst Norr"}]}"#;
        let mut d = Vec::new();
        let mut r = read_response("d.json", data, &mut d);
        r.names.extend(read_response("m.json", meta, &mut d).names);
        assert!(d.is_empty(), "{d:?}");
        let j: crate::config::jamforelse::Jamforelse = serde_yaml::from_str(
            "kommuner: [\"1488\", {id: \"1485\", namn: Uddevalla}]\ngrupper: [{id: G124072, namn: liknande kommuner}]\n",
        )
        .unwrap();
        let m = read_mapping("m.yaml", "U21468: b.helhet\n", &catalogue(), &mut d).unwrap();
        let k = crate::config::Kommunkod::parse("1468");
        let place = Whose {
            kommun: k.as_ref(),
            jamforelse: Some(&j),
            names: &r.names,
        };
        let mut c = Collected::default();
        apply(&r.values, &m, &place, &catalogue(), &mut c, &mut d);
        assert!(d.is_empty(), "{d:?}");
        let b: Vec<_> = c.benchmarks.iter().map(|b| (b.name.as_str(), b.value)).collect();
        assert_eq!(
            b,
            [
                ("Trollhättan", 96.0),
                ("Uddevalla", 90.0),
                ("liknande kommuner", 88.0)
            ]
        );
        let units: Vec<_> = c
            .observations
            .iter()
            .map(|o| (o.unit.as_deref(), o.value))
            .collect();
        assert_eq!(units, [(Some("Hemtjänst Norr"), Some(91.0))]);
    }

    #[test]
    fn the_only_kommun_is_the_projects_without_kommunkod() {
        let mut d = Vec::new();
        let values = read_json("k.json", JSON, &mut d);
        let (c, d) = run(&values, "U21468: b.helhet\n", None);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.observations.len(), 3);
        assert_eq!(c.benchmarks.len(), 2);
    }

    #[test]
    fn other_kommun_and_unmapped_kpi_are_reported() {
        let mut d = Vec::new();
        let mut values = read_json("k.json", JSON, &mut d);
        let (c, d) = run(&values, "U21469: b.helhet\n", Some("1468"));
        assert!(c.observations.is_empty());
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, "data.kolada-unmapped");
        assert!(d[0].notes.iter().any(|n| n.contains("did you mean \"U21469\"")));
        assert!(d[0].notes.iter().any(|n| n.contains("source of b.helhet")));
        assert_eq!(
            d[0].location.as_deref().map(ToString::to_string).as_deref(),
            Some("k.json:2:11")
        );
        values[0].municipality = "1490".into();
        values[1].municipality = "1490".into();
        values[2].municipality = "1490".into();
        let (_, d) = run(&values, "U21468: b.helhet\n", Some("1468"));
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, "data.kolada-other-municipality");
        assert!(d[0].message.contains("3 Kolada values for municipality 1490"));
        // Two kommuner and no kommunkod: ambiguous.
        values[0].municipality = "1468".into();
        let (_, d) = run(&values, "U21468: b.helhet\n", None);
        assert_eq!(d[0].code, "data.kolada-kommun");
    }

    #[test]
    fn null_is_missing_and_duplicates_and_ranges_are_errors() {
        let json = r#"[{"kpi": "U21468", "municipality": "1468", "period": 2024, "values": [
  {"gender": "T", "value": null},
  {"gender": "T", "value": 101}]},
  {"kpi": "U21468", "municipality": "0000", "period": 2023, "values": [{"gender": "T", "value": 140}]}]"#;
        let mut d = Vec::new();
        let values = read_json("k.json", json, &mut d);
        assert!(d.is_empty());
        let (c, d) = run(&values, "U21468: b.helhet\n", Some("1468"));
        assert_eq!(c.observations.len(), 1);
        assert_eq!(c.observations[0].value, None);
        let codes: Vec<_> = d.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["data.duplicate-row", "data.out-of-range"]);
        assert_eq!(d[0].location.as_deref().unwrap().to_string(), "k.json:3:28");
        assert!(d[0].notes[0].contains("first given at k.json:2:28"));
    }

    #[test]
    fn json_problems_are_located_and_all_reported() {
        let json = r#"{"values": [
  {"kpi": "U2146", "municipality": "Sjövik", "period": 2024, "values": []},
  {"kpi": "U21468", "municipallity": "1468", "period": 2024, "values": []},
  {"kpi": "U21468", "municipality": "1468", "period": 2024, "values": [
    {"gender": "X", "value": 1}, {"gender": "T", "value": "8x"}, {"gender": "K"}]}
], "next_page": "https://api.kolada.se/v2/data/kpi/U21468?page=2"}"#;
        let mut d = Vec::new();
        let values = read_json("k.json", json, &mut d);
        assert!(values.is_empty());
        let got = crate::diag::codes_at(&d);
        assert_eq!(
            got,
            [
                ("data.kolada-partial", "k.json:6:17".to_string()),
                ("data.bad-kpi", "k.json:2:11".to_string()),
                ("data.bad-municipality", "k.json:2:36".to_string()),
                ("data.unknown-key", "k.json:3:21".to_string()),
                ("data.missing-key", "k.json:3:3".to_string()),
                ("data.bad-sex", "k.json:5:16".to_string()),
                ("data.bad-number", "k.json:5:59".to_string()),
                ("data.missing-key", "k.json:5:66".to_string()),
            ]
        );
        assert!(
            d[3].notes
                .iter()
                .any(|n| n.contains("did you mean \"municipality\""))
        );
        let mut d = Vec::new();
        read_json("k.json", "{\"values\": [\n  {\"kpi\": \"U21468\",}\n]}", &mut d);
        assert_eq!(d[0].code, "data.json");
        assert_eq!(d[0].location.as_deref().unwrap().to_string(), "k.json:2:20");
    }

    #[test]
    fn csv_rows_restore_leading_zeros_and_read_missing_markers() {
        let mut d = Vec::new();
        let t = table::read(
            "k.csv",
            "kpi;kommun;period;kön;värde\nU21468;1468;2024;T;87\nU21468;0;2024;;86\nU21468;14;2024;;..\nU21468;1468;2023;X;8,5\n"
                .as_bytes(),
            COLUMNS,
            &mut d,
        )
        .unwrap();
        let values = read_rows("k.csv", &t, &mut d);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].location.as_deref().unwrap().to_string(), "k.csv:5:18");
        let ids: Vec<_> = values
            .iter()
            .map(|v| (v.municipality.as_str(), v.value))
            .collect();
        assert_eq!(ids, [("1468", Some(87.0)), ("0000", Some(86.0)), ("0014", None)]);
    }

    #[test]
    fn mapping_errors_are_located() {
        let mut d = Vec::new();
        let m = read_mapping(
            "m.yaml",
            "U21468: b.helhett\nX1: b.antal\nU23471: ~\nU21401: [a]\n",
            &catalogue(),
            &mut d,
        )
        .unwrap();
        assert_eq!(m.len(), 1);
        assert_eq!(m["U23471"], None);
        let got = crate::diag::codes_at(&d);
        assert_eq!(
            got,
            [
                ("data.unknown-indicator", "m.yaml:1:9".to_string()),
                ("data.bad-kpi", "m.yaml:2:1".to_string()),
                ("data.kolada-mapping", "m.yaml:4:9".to_string()),
            ]
        );
        assert!(d[0].notes.iter().any(|n| n.contains("did you mean \"b.helhet\"")));
    }
}
