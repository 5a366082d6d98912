//! Writes a project folder with a large event-level avvikelser export, for measuring that
//! streaming does not need memory in proportion to the file (docs/performance.md):
//!
//! ```sh
//! cargo run --release --example avvikelser_stor -- /tmp/stor 1000000
//! /usr/bin/time -v target/release/berattelse check 2024 --project /tmp/stor
//! ```
//!
//! The export is what Swedish Excel writes (Windows-1252, `;`, CRLF, `sep=;`), 2020–2024,
//! with 40 units in five areas. Deterministic: the same bytes on every run.

use std::io::Write as _;
use std::path::PathBuf;

const CATEGORIES: [&str; 8] = [
    "Fall",
    "Läkemedel",
    "Vård och behandling",
    "Dokumentation",
    "Informationsöverföring",
    "Medicintekniska produkter och hjälpmedel",
    "Hot och våld",
    "Övrigt",
];
const AREAS: [&str; 5] = [
    "Hemtjänst",
    "Särskilt boende",
    "Funktionsstöd",
    "Hälso- och sjukvård",
    "Individ- och familjeomsorg",
];

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "/tmp/avvikelser-stor".to_string()));
    let rows: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    std::fs::create_dir_all(dir.join("data"))?;
    std::fs::write(
        dir.join("berattelse.yaml"),
        "organisation:\n  kommun: Storby kommun\n  namnd: Socialnämnden\n  forvaltning: Socialförvaltningen\n\
         report:\n  kind: kvalitets-och-patientsakerhetsberattelse\n\
         document:\n  date: 2025-02-01\n  diarienummer: SN 2025/1\n  version: \"1.0\"\n  adopted_by: Socialnämnden\n  owner: MAS\n\
         outline:\n  - id: avvikelser\n    title: Avvikelser\n    tables:\n      - id: avvikelser\n        caption: Avvikelser\n        indicators: [avvikelser.totalt, avvikelser.fall, avvikelser.hsl]\n",
    )?;
    let file = std::fs::File::create(dir.join("data/avvikelser.csv"))?;
    let mut out = std::io::BufWriter::new(file);
    out.write_all(b"sep=;\r\n")?;
    let header = "Id;Händelsedatum;Rapporteringsdatum;Verksamhetsområde;Enhet;Kategori;Lagrum;Allvarlighetsgrad;Sannolikhet;Status;Avslutsdatum;Intern/extern;Motpart;Fallskada\r\n";
    out.write_all(&encoding_rs::WINDOWS_1252.encode(header).0)?;
    let mut state: u64 = 1;
    let mut next = || {
        // xorshift64
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut line = String::new();
    for i in 0..rows {
        let year = 2020 + (i * 5 / rows) as i32;
        let month = 1 + next() % 12;
        let day = 1 + next() % 28;
        let cat = (next() % 8) as usize;
        let area = (next() % 5) as usize;
        let unit = next() % 8;
        let closed_after = next() % 60;
        let (close_month, close_day) = if day + closed_after <= 28 {
            (month, day + closed_after)
        } else {
            (month + 1, (day + closed_after) % 28 + 1)
        };
        let close_year = if close_month > 12 { year + 1 } else { year };
        let close_month = (close_month - 1) % 12 + 1;
        let law = if area == 3 || (area != 4 && next() % 3 != 0) {
            "HSL"
        } else if area == 2 {
            "LSS"
        } else {
            "SoL"
        };
        line.clear();
        use std::fmt::Write as _;
        let _ = write!(
            line,
            "AVV-{i:07};{year}-{month:02}-{day:02};{year}-{month:02}-{day:02};{area_name};{area_name} {unit};{category};{law};{grade};{likelihood};Avslutad;{close_year}-{close_month:02}-{close_day:02};Intern;;{injury}\r\n",
            area_name = AREAS[area],
            category = CATEGORIES[cat],
            grade = 1 + next() % 4,
            likelihood = 1 + next() % 4,
            injury = if cat == 0 {
                if next() % 4 == 0 { "Ja" } else { "Nej" }
            } else {
                ""
            },
        );
        out.write_all(&encoding_rs::WINDOWS_1252.encode(&line).0)?;
    }
    out.flush()?;
    println!(
        "wrote {} rows to {}",
        rows,
        dir.join("data/avvikelser.csv").display()
    );
    Ok(())
}
