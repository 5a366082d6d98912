//! `berattelse hamta kolada` against the replay server (tests/testsuite/replay.rs): recorded
//! responses in Kolada's v2 and v3 shapes, several pages, nulls, K/M/T, unit data, and every
//! way a fetch can fail. A failed fetch exits 1 naming the URL and leaves data/ byte-identical.

use std::process::Output;
use std::time::Duration;

use serde_json::json;

use crate::replay::{Replay, Reply};
use crate::support::{Project, assert_ok, examples, file_tree, stderr_of};

const KPIS: &str = "U21401,U21468,U23471";
const MUNIS: &str = "1468,1488,1485,0014,0000";
const UNITS: &str = "V15E146800101,V15E146800102";
const YEARS: &str = "2021,2022,2023,2024";

/// The example, with comparison municipalities and units, and a section that shows them.
fn example() -> Project {
    let p = Project::copy_of(&examples().join("exempelkommun"));
    let mut config = p.read_string("berattelse.yaml");
    config.push_str(
        r#"
jamforelse:
  kommuner: ["1488", "1485"]
  enheter: [V15E146800101, {id: V15E146800102, namn: Hemtjänst Söder}]
outline_changes:
  add:
    - under: brukarundersokningar
      section:
        id: resultat-per-enhet
        title: Resultat per enhet
        tables:
          - {id: nojdhet-enheter, caption: Nöjdhet med hemtjänsten per enhet, kind: per-enhet, indicators: [brukarundersokning.hemtjanst_helhet]}
          - {id: nojdhet-grannar, caption: Nöjdhet jämfört med grannkommunerna, indicators: [brukarundersokning.hemtjanst_helhet], benchmarks: [riket, Trollhättan, Uddevalla]}
"#,
    );
    p.write("berattelse.yaml", &config);
    p.write(
        "texts/resultat-per-enhet.md",
        "{{ jamforelse(\"brukarundersokning.hemtjanst_helhet\") }}\n",
    );
    p
}

/// One data item: T, K and M, with M missing (null) in 2021.
fn item(kpi: &str, place: (&str, &str), year: i32, t: f64) -> serde_json::Value {
    let m = if year == 2021 { json!(null) } else { json!(t - 2.0) };
    json!({"kpi": kpi, place.0: place.1, "period": year, "values": [
        {"count": 1, "gender": "K", "status": "", "value": t + 1.0},
        {"count": 1, "gender": "M", "status": if year == 2021 { "Missing" } else { "" }, "value": m},
        {"count": 1, "gender": "T", "status": "", "value": t}
    ]})
}

fn municipality_items(kpis: &[&str], own_2024: f64) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for kpi in kpis {
        let base = if *kpi == "U21401" { 14.0 } else { 85.0 };
        for (m, delta) in [
            ("1468", 0.0),
            ("1488", -1.0),
            ("1485", 1.0),
            ("0014", -3.0),
            ("0000", -2.0),
        ] {
            for year in 2021..=2024 {
                let own = if year == 2024 && *kpi == "U21468" {
                    own_2024 - base
                } else {
                    0.0
                };
                out.push(item(kpi, ("municipality", m), year, base + delta + own));
            }
        }
    }
    out
}

fn envelope(values: Vec<serde_json::Value>, next: Option<String>) -> String {
    json!({"count": values.len(), "values": values, "next_page": next, "previous_page": null}).to_string()
}

/// Routes of a complete v2 fetch: the municipality data in two pages, unit data, names.
fn route_v2(r: &Replay, own_2024: f64) {
    let first = format!("/data/kpi/{KPIS}/municipality/{MUNIS}/year/{YEARS}?per_page=5000");
    let second = format!("/data/kpi/{KPIS}/municipality/{MUNIS}/year/{YEARS}?page=2&per_page=5000");
    r.route(
        &first,
        vec![Reply::Json(envelope(
            municipality_items(&["U21401", "U21468"], own_2024),
            Some(r.url(&second)),
        ))],
    );
    r.route(
        &second,
        vec![Reply::Json(envelope(
            municipality_items(&["U23471"], own_2024),
            None,
        ))],
    );
    let ou: Vec<_> = (2023..=2024)
        .flat_map(|y| {
            [
                item("U21468", ("ou", "V15E146800101"), y, 91.0),
                item("U21468", ("ou", "V15E146800102"), y, 84.0),
            ]
        })
        .collect();
    r.route(
        &format!("/oudata/kpi/{KPIS}/ou/{UNITS}/year/{YEARS}?per_page=5000"),
        vec![Reply::Json(envelope(ou, None))],
    );
    r.route(
        "/municipality/1488,1485",
        vec![Reply::Json(envelope(
            vec![
                json!({"id": "1488", "title": "Trollhättan", "type": "K"}),
                json!({"id": "1485", "title": "Uddevalla", "type": "K"}),
            ],
            None,
        ))],
    );
    r.route(
        "/ou/V15E146800101",
        vec![Reply::Json(envelope(
            vec![json!({"id": "V15E146800101", "municipality": "1468", "title": "Hemtjänst Norr"})],
            None,
        ))],
    );
}

fn fetch(p: &Project, api: &str) -> Output {
    p.cmd()
        .args(["hamta", "kolada", "--ar", "2021-2024", "--api", api])
        .env("BERATTELSE_HTTP_BACKOFF_MS", "1")
        .env("BERATTELSE_HTTP_TIMEOUT_SECS", "1")
        .env_remove("BERATTELSE_KOLADA_API")
        .env("NO_PROXY", "127.0.0.1")
        .env("no_proxy", "127.0.0.1")
        .output()
        .unwrap()
}

#[test]
fn fetch_fills_data_kolada_and_the_build_names_the_neighbours() {
    let r = Replay::start("/v2");
    route_v2(&r, 89.0);
    let p = example();
    let out = fetch(&p, &r.base);
    assert_ok(&out);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(stdout.contains("into data/kolada/"), "{stdout}");
    assert!(stdout.contains("first fetch"), "{stdout}");
    for f in ["data.json", "oudata.json", "namn.json", "hamtning.yaml"] {
        assert!(p.path(&format!("data/kolada/{f}")).is_file(), "{f}");
    }
    let provenance = p.read_string("data/kolada/hamtning.yaml");
    assert!(provenance.contains("version: v2"), "{provenance}");
    assert!(provenance.contains("page=2"), "{provenance}");
    let data = p.read_string("data/kolada/data.json");
    assert!(data.contains("\"value\": null"), "nulls are kept: {data}");
    // The same responses give the same bytes; only the provenance's time differs.
    let before = file_tree(&p.path("data/kolada"));
    let again = fetch(&p, &r.base);
    assert_ok(&again);
    assert!(String::from_utf8_lossy(&again.stdout).contains("no values changed"));
    let after = file_tree(&p.path("data/kolada"));
    for (f, bytes) in &before {
        if f != "hamtning.yaml" {
            assert_eq!(Some(bytes), after.get(f), "{f}");
        }
    }
    let md = p.report_md("2024");
    assert!(
        md.contains(
            "var 89\u{a0}% år 2024, 2\u{a0}procentenheter över riket (87\u{a0}%), 3\u{a0}procentenheter \
             över länet (86\u{a0}%) samt i nivå med Trollhättan (88\u{a0}%) och Uddevalla (90\u{a0}%)."
        ),
        "{}",
        md.lines()
            .filter(|l| l.contains("Trollhättan"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        md.contains("| Trollhättan 2024 | Uddevalla 2024 |"),
        "neighbour columns"
    );
    assert!(
        md.contains("Hemtjänst Norr") && md.contains("Hemtjänst Söder"),
        "per-unit table"
    );
}

#[test]
fn a_refetch_lists_revised_values_like_the_revision_engine() {
    let r = Replay::start("/v2");
    route_v2(&r, 89.0);
    let p = example();
    assert_ok(&fetch(&p, &r.base));
    let r2 = Replay::start("/v2");
    route_v2(&r2, 90.0);
    let out = fetch(&p, &r2.base);
    assert_ok(&out);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        stdout.contains("revised: U21468 1468 2024: 89 in the last fetch, now 90"),
        "{stdout}"
    );
}

#[test]
fn v3_query_routes_and_a_429_then_success() {
    let r = Replay::start("/v3");
    let q = format!("/data?kpi={KPIS}&municipality={MUNIS}&year={YEARS}&per_page=5000");
    let all = municipality_items(&["U21401", "U21468", "U23471"], 89.0);
    r.route(
        &q,
        vec![Reply::Status(429, "{}"), Reply::Json(envelope(all, None))],
    );
    r.route(
        &format!("/oudata?kpi={KPIS}&ou={UNITS}&year={YEARS}&per_page=5000"),
        vec![Reply::Json(envelope(
            vec![item("U21468", ("ou", "V15E146800101"), 2024, 91.0)],
            None,
        ))],
    );
    r.route(
        "/municipality?id=1488,1485",
        vec![Reply::Json(envelope(
            vec![json!({"id": "1488", "title": "Trollhättan", "type": "K"})],
            None,
        ))],
    );
    r.route(
        "/ou?id=V15E146800101",
        vec![Reply::Json(envelope(Vec::new(), None))],
    );
    let p = example();
    let out = fetch(&p, &r.base);
    assert_ok(&out);
    assert_eq!(
        r.requests().iter().filter(|u| u.starts_with("/v3/data?")).count(),
        2
    );
    assert!(p.read_string("data/kolada/hamtning.yaml").contains("version: v3"));
    assert!(p.read_string("data/kolada/oudata.json").contains("V15E146800101"));
}

/// Every failure: exit 1, the URL and the cause in the message, data/ as it was.
#[test]
fn failed_fetches_leave_data_untouched_and_name_the_url() {
    let body = envelope(municipality_items(&["U21468"], 89.0), None);
    let bad_gender = envelope(
        vec![
            json!({"kpi": "U21468", "municipality": "1468", "period": 2024, "values": [{"gender": "X", "value": 1}]}),
        ],
        None,
    );
    let cases: Vec<(&str, Reply, &str)> = vec![
        ("500", Reply::Status(500, "{}"), "HTTP 500"),
        ("timeout", Reply::Stall(Duration::from_secs(3)), "timeout"),
        (
            "truncated",
            Reply::Truncated(body.clone(), body.len() / 2),
            "truncated",
        ),
        (
            "invalid JSON",
            Reply::Json("{\"values\": [}".to_string()),
            "not valid JSON",
        ),
        ("not Kolada data", Reply::Json(bad_gender), "unexpected content"),
        ("404", Reply::Status(404, "{}"), "HTTP 404"),
    ];
    let p = example();
    // A successful fetch first: a failed one must keep what it wrote.
    let ok = Replay::start("/v2");
    route_v2(&ok, 89.0);
    assert_ok(&fetch(&p, &ok.base));
    let before = file_tree(&p.path("data"));
    for (name, reply, cause) in cases {
        let r = Replay::start("/v2");
        route_v2(&r, 89.0);
        // The second page fails, after the first arrived.
        let second = format!("/data/kpi/{KPIS}/municipality/{MUNIS}/year/{YEARS}?page=2&per_page=5000");
        r.route(&second, vec![reply]);
        let out = fetch(&p, &r.base);
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert!(err.contains(&r.url(&second)), "{name}: {err}");
        assert!(err.contains(cause), "{name}: {err}");
        assert_eq!(file_tree(&p.path("data")), before, "{name}: data/ changed");
    }
}

#[test]
fn search_lists_kpis_and_adds_them_to_the_mapping() {
    let r = Replay::start("/v2");
    r.route(
        "/kpi?title=helhetssyn",
        vec![Reply::Json(envelope(
            vec![
                json!({"id": "U23471", "title": "Brukarbedömning särskilt boende äldreomsorg - helhetssyn, andel (%)", "municipality_type": "K", "is_divided_by_gender": 1}),
                json!({"id": "U28532", "title": "Brukarbedömning daglig verksamhet LSS - helhetssyn, andel (%)", "municipality_type": "K", "is_divided_by_gender": 0}),
            ],
            None,
        ))],
    );
    let p = example();
    let out = p
        .cmd()
        .args([
            "hamta",
            "kolada",
            "--sok",
            "helhetssyn",
            "--lagg-till",
            "--api",
            &r.base,
        ])
        .env("NO_PROXY", "127.0.0.1")
        .output()
        .unwrap();
    assert_ok(&out);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        stdout.contains("U28532  Brukarbedömning daglig verksamhet LSS"),
        "{stdout}"
    );
    assert!(stdout.contains("added 1 KPI"), "{stdout}");
    let mapping = p.read_string("data/kolada-indikatorer.yaml");
    assert!(
        mapping.contains("U28532: ~   # Brukarbedömning daglig verksamhet LSS"),
        "{mapping}"
    );
    // The mapping still reads: check passes as before.
    assert_ok(&p.run(&["check", "2024"]));
}
