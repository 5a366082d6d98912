//! Generates the case-level example files of data-examples/exempelkommun (Sjöviks kommun,
//! fictitious): data/avvikelser.csv (Windows-1252, `;`, CRLF, `sep=;`, as Swedish Excel
//! writes it), data/lex-sarah.csv (UTF-8 with BOM), data/lex-maria.csv (UTF-8, `,`) and
//! data/synpunkter.csv (UTF-8). The files aggregate to exactly the yearly figures that the
//! example used to keep in data/nyckeltal.csv. Deterministic: the same bytes on every run.
//!
//! ```sh
//! cargo run --example exempelkommun_cases -- data-examples/exempelkommun/data
//! ```

use std::fmt::Write as _;
use std::path::PathBuf;

/// splitmix64: small, deterministic, good enough for example data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
    }
    /// `k` distinct indices of `0..weights.len()`, chosen with probability by weight
    /// (Efraimidis–Spirakis); indices with weight 0 are never chosen.
    fn choose(&mut self, weights: &[f64], k: usize) -> Vec<usize> {
        let mut keys: Vec<(f64, usize)> = weights
            .iter()
            .enumerate()
            .filter(|(_, w)| **w > 0.0)
            .map(|(i, w)| (self.unit().max(1e-12).powf(1.0 / w), i))
            .collect();
        assert!(keys.len() >= k, "cannot choose {k} of {}", keys.len());
        keys.sort_by(|a, b| b.0.total_cmp(&a.0));
        keys.into_iter().take(k).map(|(_, i)| i).collect()
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i + 1));
        }
    }
}

fn date(y: i32, day_of_year: u32) -> (i32, u32, u32) {
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut d = day_of_year;
    let (mut y, mut m) = (y, 0usize);
    loop {
        if m == 12 {
            m = 0;
            y += 1;
        }
        let len = if m == 1 {
            let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
            if leap { 29 } else { 28 }
        } else {
            days[m]
        };
        if d < len {
            return (y, m as u32 + 1, d + 1);
        }
        d -= len;
        m += 1;
    }
}

fn iso((y, m, d): (i32, u32, u32)) -> String {
    format!("{y}-{m:02}-{d:02}")
}

fn year_len(y: i32) -> u32 {
    if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) {
        366
    } else {
        365
    }
}

/// Day of year (0-based) + `days`, as an absolute day count from 1 January of `y`.
fn day_of(y: i32, abs: u32) -> (i32, u32, u32) {
    date(y, abs)
}

const YEARS: [i32; 4] = [2021, 2022, 2023, 2024];

// Categories (rows below) in the order of the catalogue: fall, lakemedel,
// vard_och_behandling, dokumentation, informationsoverforing, mtp, hot_och_vald, ovrigt.
const CAT_TOTALS: [[usize; 8]; 4] = [
    [803, 612, 248, 96, 84, 41, 118, 308],
    [769, 583, 236, 88, 79, 38, 112, 275],
    [843, 741, 274, 102, 93, 47, 131, 359],
    [815, 868, 301, 134, 112, 52, 149, 329],
];
const HSL: [usize; 4] = [1640, 1545, 1812, 1930];
const FALL_INJURED: [usize; 4] = [205, 198, 231, 226];
const SENT: [usize; 4] = [71, 68, 84, 79];
const RECEIVED: [usize; 4] = [14, 11, 9, 12];
const CLOSED_IN_A_MONTH: [f64; 4] = [54.0, 61.0, 68.0, 76.0];

const AREAS: [&str; 5] = [
    "Hemtjänst",
    "Särskilt boende",
    "Funktionsstöd",
    "Hälso- och sjukvård",
    "Individ- och familjeomsorg",
];
const AREA_TOTALS: [[usize; 5]; 4] = [
    [820, 930, 310, 205, 45],
    [770, 880, 290, 195, 45],
    [905, 1045, 345, 240, 55],
    [960, 1110, 370, 255, 65],
];
const UNITS: [&[&str]; 5] = [
    &[
        "Hemtjänst Norr",
        "Hemtjänst Söder",
        "Hemtjänst Centrum",
        "Nattpatrullen",
    ],
    &["Björkgården", "Solbacken", "Ekhagen", "Lindgården"],
    &[
        "Gruppbostad Tallen",
        "Gruppbostad Lärken",
        "Daglig verksamhet Verkstan",
        "Personlig assistans",
    ],
    &["Hemsjukvård Norr", "Hemsjukvård Söder", "Rehabilitering"],
    &["Barn och familj", "Vuxenenheten", "Stödboendet Kajen"],
];
// Plausibility of a category in an area (rows: categories, columns: areas).
const WEIGHTS: [[f64; 5]; 8] = [
    [1.0, 1.6, 0.3, 0.2, 0.0],
    [1.2, 1.0, 0.6, 0.8, 0.0],
    [1.0, 1.0, 0.6, 0.8, 0.3],
    [0.6, 0.6, 0.6, 1.0, 1.5],
    [0.8, 0.6, 0.4, 1.2, 1.0],
    [0.6, 1.0, 0.6, 1.0, 0.0],
    [0.3, 1.0, 2.0, 0.1, 1.5],
    [1.2, 1.0, 1.0, 0.5, 2.0],
];
// Likelihood that an avvikelse in a category falls under HSL (outside HoS and IFO).
const HSL_WEIGHT: [f64; 8] = [0.85, 0.97, 0.6, 0.5, 0.6, 0.9, 0.05, 0.3];

/// Category names as the systems wrote them: the old system until February 2022, the new
/// one (with finer categories within övrigt) from March 2022.
fn source_category(rng: &mut Rng, cat: usize, old_system: bool) -> &'static str {
    if old_system {
        return [
            "Fall",
            "Läkemedelshantering",
            "Vård/omsorg",
            "Dokumentation",
            "Kommunikation",
            "Medicinteknisk produkt",
            "Hot/våld",
            "Övrigt",
        ][cat];
    }
    if cat == 7 {
        return ["Bemötande", "Teknik och larm", "Stöld och förlust", "Övrigt"]
            [rng.weighted(&[0.3, 0.35, 0.1, 0.25])];
    }
    [
        "Fall",
        "Läkemedel",
        "Vård och behandling",
        "Dokumentation",
        "Informationsöverföring",
        "Medicintekniska produkter och hjälpmedel",
        "Hot och våld",
        "Övrigt",
    ][cat]
}

const REGION: [&str; 4] = [
    "Sjöviks sjukhus",
    "Vårdcentralen Sjövik",
    "Vårdcentralen Norrby",
    "Regionens psykiatri",
];

#[derive(Clone)]
struct Event {
    day: u32,
    cat: usize,
    area: usize,
    unit: &'static str,
    hsl: bool,
    injured: Option<bool>,
    direction: &'static str,
    counterpart: &'static str,
    closed_in_month: bool,
}

fn avvikelser(rng: &mut Rng) -> String {
    let mut rows: Vec<(i32, Event)> = Vec::new();
    for (yi, &year) in YEARS.iter().enumerate() {
        let n: usize = CAT_TOTALS[yi].iter().sum();
        assert_eq!(n, AREA_TOTALS[yi].iter().sum::<usize>());
        // Categories × areas with both margins exact: areas pick from the pool in turn.
        let mut pool = CAT_TOTALS[yi];
        let mut events: Vec<Event> = Vec::new();
        for area in [4, 3, 2, 0, 1] {
            for k in 0..AREA_TOTALS[yi][area] {
                let cat = if area == 1 {
                    // The last area takes what is left.
                    let c = pool.iter().position(|&p| p > 0).unwrap();
                    let _ = k;
                    c
                } else {
                    let w: Vec<f64> = (0..8).map(|c| WEIGHTS[c][area] * pool[c] as f64).collect();
                    rng.weighted(&w)
                };
                pool[cat] -= 1;
                let units = UNITS[area];
                events.push(Event {
                    day: 0,
                    cat,
                    area,
                    unit: units[rng.below(units.len())],
                    hsl: area == 3,
                    injured: None,
                    direction: "Intern",
                    counterpart: "",
                    closed_in_month: false,
                });
            }
        }
        // Lagrum: exactly HSL[yi] under HSL; HoS always, IFO never.
        let forced = events.iter().filter(|e| e.area == 3).count();
        let w: Vec<f64> = events
            .iter()
            .map(|e| match e.area {
                3 | 4 => 0.0,
                2 => HSL_WEIGHT[e.cat] * 0.5,
                _ => HSL_WEIGHT[e.cat],
            })
            .collect();
        for i in rng.choose(&w, HSL[yi] - forced) {
            events[i].hsl = true;
        }
        // Fall with and without injury.
        let w: Vec<f64> = events.iter().map(|e| f64::from(u8::from(e.cat == 0))).collect();
        for e in events.iter_mut().filter(|e| e.cat == 0) {
            e.injured = Some(false);
        }
        for i in rng.choose(&w, FALL_INJURED[yi]) {
            events[i].injured = Some(true);
        }
        // Received from the region: HSL avvikelser about information, medication or care.
        let w: Vec<f64> = events
            .iter()
            .map(|e| {
                if e.hsl && [1, 2, 4].contains(&e.cat) && e.area != 2 {
                    1.0
                } else {
                    0.0
                }
            })
            .collect();
        for i in rng.choose(&w, RECEIVED[yi]) {
            events[i].direction = "Inkommen";
            events[i].counterpart = REGION[rng.below(REGION.len())];
        }
        // Closed within a month: the share of the year's avvikelser.
        let closed = (CLOSED_IN_A_MONTH[yi] * n as f64 / 100.0).round() as usize;
        let w = vec![1.0; n];
        for i in rng.choose(&w, closed) {
            events[i].closed_in_month = true;
        }
        // Sent to the region: not the kommun's avvikelser, not in the counts above.
        for _ in 0..SENT[yi] {
            let area = [0, 1, 3][rng.weighted(&[0.4, 0.35, 0.25])];
            let units = UNITS[area];
            events.push(Event {
                day: 0,
                cat: [4, 1, 2, 7][rng.weighted(&[0.5, 0.2, 0.2, 0.1])],
                area,
                unit: units[rng.below(units.len())],
                hsl: true,
                injured: None,
                direction: "Extern",
                counterpart: REGION[rng.below(REGION.len())],
                closed_in_month: rng.unit() < 0.6,
            });
        }
        // Dates: a little more in winter (fall, infections), a little less in July.
        let len = year_len(year);
        for e in &mut events {
            loop {
                let d = rng.below(len as usize) as u32;
                let (_, m, _) = date(year, d);
                let w = match m {
                    1 | 2 | 12 => 1.0,
                    7 => 0.75,
                    _ => 0.9,
                };
                if rng.unit() < w {
                    e.day = d;
                    break;
                }
            }
        }
        events.sort_by_key(|e| e.day);
        rows.extend(events.into_iter().map(|e| (year, e)));
    }
    let mut out = String::from("sep=;\r\n");
    out.push_str("Id;Händelsedatum;Rapporteringsdatum;Verksamhetsområde;Enhet;Kategori;Lagrum;Allvarlighetsgrad;Sannolikhet;Status;Avslutsdatum;Intern/extern;Motpart;Fallskada\r\n");
    let mut serial = [0usize; 4];
    for (year, e) in &rows {
        let yi = (year - 2021) as usize;
        serial[yi] += 1;
        // The new system from 1 March 2022 (day 59).
        let old_system = *year == 2021 || (*year == 2022 && e.day < 59);
        let id = if old_system {
            format!("P{}-{:05}", year % 100, serial[yi])
        } else {
            format!("AVV-{year}-{:05}", serial[yi])
        };
        let reported = e.day + [0, 0, 0, 1, 1, 2, 3][rng.below(7)];
        let law = if e.hsl {
            "HSL"
        } else if e.area == 2 {
            "LSS"
        } else {
            "SoL"
        };
        let severity =
            ["Mindre", "Måttlig", "Betydande", "Katastrofal"][rng.weighted(&[0.46, 0.36, 0.16, 0.02])];
        let likelihood =
            ["Mycket liten", "Liten", "Stor", "Mycket stor"][rng.weighted(&[0.2, 0.45, 0.28, 0.07])];
        let closed = if e.closed_in_month {
            Some(reported + rng.below(29) as u32)
        } else {
            Some(reported + 32 + rng.below(90) as u32)
        };
        // Late-2024 avvikelser that were not closed within a month are still open.
        let (status, closed) = match closed {
            Some(c) if *year == 2024 && !e.closed_in_month && c > year_len(2024) + 20 => ("Pågående", None),
            Some(c) => ("Avslutad", Some(c)),
            None => ("Pågående", None),
        };
        let _ = writeln!(
            out,
            "{id};{};{};{};{};{};{law};{severity};{likelihood};{status};{};{};{};{}\r",
            iso(date(*year, e.day)),
            iso(day_of(*year, reported)),
            AREAS[e.area],
            e.unit,
            source_category(rng, e.cat, old_system),
            closed.map(|c| iso(day_of(*year, c))).unwrap_or_default(),
            e.direction,
            e.counterpart,
            match e.injured {
                Some(true) => "Ja",
                Some(false) => "Nej",
                None => "",
            },
        );
    }
    out.replace("\r\n", "\n").replace('\n', "\r\n")
}

fn lex_sarah(rng: &mut Rng) -> String {
    const R: [usize; 4] = [38, 41, 63, 71];
    const U: [usize; 4] = [35, 39, 60, 68];
    const DECISIONS: [&[&str]; 4] = [
        &["Avslutat utan kritik", "Kritik"],
        &[
            "Avslutat utan kritik",
            "Avslutat utan kritik",
            "Kritik",
            "Avslutat utan kritik",
        ],
        &[
            "Avslutat utan kritik",
            "Kritik",
            "Avslutat utan kritik",
            "Avslutat utan kritik",
            "Avslutat utan kritik",
        ],
        &["Pågår", "Avslutat utan kritik", "Pågår"],
    ];
    let mut out = String::from("\u{feff}Id;Datum;Verksamhet;Utredd;Bedömning;Anmäld till IVO;IVO-beslut\r\n");
    for (yi, &year) in YEARS.iter().enumerate() {
        let mut days: Vec<u32> = (0..R[yi])
            .map(|_| rng.below(year_len(year) as usize - 45) as u32)
            .collect();
        days.sort_unstable();
        let investigated: Vec<usize> = rng.choose(&vec![1.0; R[yi]], U[yi]);
        let mut reported: Vec<usize> = investigated.clone();
        rng.shuffle(&mut reported);
        reported.truncate(DECISIONS[yi].len());
        for (i, day) in days.iter().enumerate() {
            let area = rng.weighted(&[0.35, 0.35, 0.2, 0.0, 0.1]);
            let (utredd, assessment, anmald, decision) =
                if let Some(k) = reported.iter().position(|&r| r == i) {
                    let a = [
                        "Allvarligt missförhållande",
                        "Påtaglig risk för allvarligt missförhållande",
                    ][rng.below(2)];
                    (
                        iso(date(year, day + 14 + rng.below(25) as u32)),
                        a,
                        "Ja",
                        DECISIONS[yi][k],
                    )
                } else if investigated.contains(&i) {
                    let a = [
                        "Missförhållande",
                        "Påtaglig risk för missförhållande",
                        "Ej missförhållande",
                    ][rng.weighted(&[0.35, 0.25, 0.4])];
                    (iso(date(year, day + 7 + rng.below(35) as u32)), a, "Nej", "")
                } else {
                    ("Nej".to_string(), "", "Nej", "")
                };
            let _ = write!(
                out,
                "LS-{year}-{:03};{};{};{utredd};{assessment};{anmald};{decision}\r\n",
                i + 1,
                iso(date(year, *day)),
                AREAS[area],
            );
        }
    }
    out
}

fn lex_maria(rng: &mut Rng) -> String {
    const U: [usize; 4] = [3, 4, 2, 5];
    const REPORTED: [&[&str]; 4] = [&["Avslutat utan kritik"], &[], &[], &["Pågår", "Kritik"]];
    let mut out = String::from("id,datum,verksamhet,bedömning,anmäld_ivo,ivo_beslut\n");
    for (yi, &year) in YEARS.iter().enumerate() {
        let mut days: Vec<u32> = (0..U[yi])
            .map(|_| rng.below(year_len(year) as usize) as u32)
            .collect();
        days.sort_unstable();
        for (i, day) in days.iter().enumerate() {
            let area = [0, 1, 3][rng.below(3)];
            let (assessment, anmald, decision) = match REPORTED[yi].get(i) {
                Some(d) => ("Allvarlig vårdskada", "ja", *d),
                None => (
                    ["Vårdskada", "Risk för vårdskada", "Ingen vårdskada"][rng.below(3)],
                    "nej",
                    "",
                ),
            };
            let _ = writeln!(
                out,
                "LM-{year}-{:02},{},{},{assessment},{anmald},{decision}",
                i + 1,
                iso(date(year, *day)),
                AREAS[area],
            );
        }
    }
    out
}

fn synpunkter(rng: &mut Rng) -> String {
    // klagomål (of which via IVO, via Patientnämnden), synpunkter, beröm
    const K: [usize; 4] = [96, 84, 79, 92];
    const F: [usize; 4] = [22, 19, 17, 26];
    const B: [usize; 4] = [24, 25, 25, 31];
    const IVO: [usize; 4] = [2, 3, 1, 2];
    const PN: [usize; 4] = [3, 2, 4, 3];
    const E_SERVICE: [f64; 4] = [0.2, 0.3, 0.45, 0.6];
    let mut out = String::from("id;datum;kanal;verksamhet;tema;typ\n");
    for (yi, &year) in YEARS.iter().enumerate() {
        let mut cases: Vec<(&str, &str)> = Vec::new();
        for i in 0..K[yi] {
            let channel = if i < IVO[yi] {
                "IVO"
            } else if i < IVO[yi] + PN[yi] {
                "Patientnämnden"
            } else {
                ""
            };
            cases.push(("Klagomål", channel));
        }
        cases.extend((0..F[yi]).map(|_| ("Synpunkt", "")));
        cases.extend((0..B[yi]).map(|_| ("Beröm", "")));
        rng.shuffle(&mut cases);
        let mut days: Vec<u32> = (0..cases.len())
            .map(|_| rng.below(year_len(year) as usize) as u32)
            .collect();
        days.sort_unstable();
        for (i, ((kind, channel), day)) in cases.iter().zip(&days).enumerate() {
            let channel = match *channel {
                "" if rng.unit() < E_SERVICE[yi] => "E-tjänst",
                "" => ["Telefon", "Brev", "Direkt", "E-post"][rng.weighted(&[0.4, 0.1, 0.3, 0.2])],
                c => c,
            };
            let area = if *channel == *"Patientnämnden" {
                3
            } else {
                rng.weighted(&[0.4, 0.3, 0.15, 0.05, 0.1])
            };
            let theme = match *kind {
                "Klagomål" => [
                    "Bemötande",
                    "Kontinuitet",
                    "Tider och punktlighet",
                    "Mat och måltider",
                    "Omvårdnad",
                    "Information",
                    "Handläggning",
                ][rng.weighted(&[0.25, 0.2, 0.15, 0.1, 0.15, 0.1, 0.05])],
                "Beröm" => ["Bemötande", "Omvårdnad", "Aktiviteter"][rng.below(3)],
                _ => [
                    "Aktiviteter",
                    "Mat och måltider",
                    "Lokaler och miljö",
                    "Information",
                ][rng.below(4)],
            };
            let _ = writeln!(
                out,
                "SK-{year}-{:04};{};{channel};{};{theme};{kind}",
                i + 1,
                iso(date(year, *day)),
                AREAS[area],
            );
        }
    }
    out
}

fn main() {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "data-examples/exempelkommun/data".to_string()),
    );
    let mut rng = Rng(2024);
    let avv = avvikelser(&mut rng);
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&avv);
    assert!(!unmappable, "every character fits Windows-1252");
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(dir.join(name), bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        println!("wrote {} ({} bytes)", dir.join(name).display(), bytes.len());
    };
    write("avvikelser.csv", &bytes);
    write("lex-sarah.csv", lex_sarah(&mut rng).as_bytes());
    write("lex-maria.csv", lex_maria(&mut rng).as_bytes());
    write("synpunkter.csv", synpunkter(&mut rng).as_bytes());
}
