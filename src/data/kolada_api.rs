//! What `berattelse hamta kolada` asks Kolada's API for and what it writes, without the network:
//! the request URLs (v2 paths or v3 query parameters), the check of each page, the merge of
//! all pages into `data/kolada/*.json`, the provenance file and the list of what changed since
//! the last fetch. The HTTP transport is in the subcommand (src/cmd/hamta.rs), the only code
//! that touches the network.

use std::collections::BTreeMap;

use crate::data::kolada::{self, Gender, KoladaValue};
use crate::diag::Diagnostic;

/// The public API; `--api` or [`API_ENV`] name another host (a mirror, a test server).
pub const DEFAULT_API: &str = "https://api.kolada.se/v2";
pub const API_ENV: &str = "BERATTELSE_KOLADA_API";
/// At most this many KPIs, municipalities or units in one request, to keep URLs short.
pub const BATCH: usize = 25;
/// Items per page asked for (Kolada's maximum is 5000).
pub const PER_PAGE: usize = 5000;

/// The API version, from the base URL: `…/v3` is v3 (query parameters), anything else v2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V2,
    V3,
}

impl Version {
    pub fn of(base: &str) -> Version {
        if base.trim_end_matches('/').ends_with("/v3") {
            Version::V3
        } else {
            Version::V2
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Version::V2 => "v2",
            Version::V3 => "v3",
        }
    }
}

/// Which file of `data/kolada/` a response goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// KPI values of municipalities and groups (`/data`).
    Data,
    /// KPI values of organisational units (`/oudata`).
    OuData,
    /// Titles of municipalities, groups and units (`/municipality`, `/municipality_groups`, `/ou`).
    Names,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Data, Kind::OuData, Kind::Names];
    pub fn file(self) -> &'static str {
        match self {
            Kind::Data => "data.json",
            Kind::OuData => "oudata.json",
            Kind::Names => "namn.json",
        }
    }
}

/// One first page to fetch; later pages follow its `next_page`.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub kind: Kind,
    pub url: String,
}

/// What to fetch: KPIs, the municipalities (own, comparisons, groups, län, riket), units and
/// years, and the ids whose titles are wanted.
#[derive(Debug, Clone, Default)]
pub struct Wanted {
    pub kpis: Vec<String>,
    pub municipalities: Vec<String>,
    pub units: Vec<String>,
    pub years: Vec<i32>,
    /// Municipality ids, group ids and unit ids without a configured name.
    pub names: Vec<String>,
}

/// Percent-encode a query value (RFC 3986 unreserved characters stay).
pub fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The first pages to fetch, in a fixed order.
pub fn plan(base: &str, w: &Wanted) -> Vec<Request> {
    let base = base.trim_end_matches('/');
    let v = Version::of(base);
    let years = w.years.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
    let mut out = Vec::new();
    for kpis in w.kpis.chunks(BATCH) {
        let k = kpis.join(",");
        for munis in w.municipalities.chunks(BATCH) {
            let m = munis.join(",");
            let url = match v {
                Version::V2 => {
                    format!("{base}/data/kpi/{k}/municipality/{m}/year/{years}?per_page={PER_PAGE}")
                }
                Version::V3 => {
                    format!("{base}/data?kpi={k}&municipality={m}&year={years}&per_page={PER_PAGE}")
                }
            };
            out.push(Request {
                kind: Kind::Data,
                url,
            });
        }
        for units in w.units.chunks(BATCH) {
            let u = units.join(",");
            let url = match v {
                Version::V2 => format!("{base}/oudata/kpi/{k}/ou/{u}/year/{years}?per_page={PER_PAGE}"),
                Version::V3 => format!("{base}/oudata?kpi={k}&ou={u}&year={years}&per_page={PER_PAGE}"),
            };
            out.push(Request {
                kind: Kind::OuData,
                url,
            });
        }
    }
    let groups: Vec<&str> = w
        .names
        .iter()
        .map(String::as_str)
        .filter(|i| is_group(i))
        .collect();
    let munis: Vec<&str> = w
        .names
        .iter()
        .map(String::as_str)
        .filter(|i| is_municipality(i))
        .collect();
    let units: Vec<&str> = w
        .names
        .iter()
        .map(String::as_str)
        .filter(|i| !is_group(i) && !is_municipality(i))
        .collect();
    for (route, ids) in [
        ("municipality", munis),
        ("municipality_groups", groups),
        ("ou", units),
    ] {
        for chunk in ids.chunks(BATCH) {
            let ids = chunk.join(",");
            let url = match v {
                Version::V2 => format!("{base}/{route}/{ids}"),
                Version::V3 => format!("{base}/{route}?id={ids}"),
            };
            out.push(Request {
                kind: Kind::Names,
                url,
            });
        }
    }
    out
}

fn is_group(id: &str) -> bool {
    crate::config::jamforelse::group_id(id).is_some()
}

fn is_municipality(id: &str) -> bool {
    id.len() == 4 && id.bytes().all(|b| b.is_ascii_digit())
}

/// The KPI search: KPIs whose title contains `text`.
pub fn search_url(base: &str, text: &str) -> String {
    format!("{}/kpi?title={}", base.trim_end_matches('/'), encode(text))
}

/// One page as received: its items and the URL of the next page, if any. `Err` says what is
/// wrong with it (the caller names the URL).
pub fn page(body: &str) -> Result<(Vec<serde_json::Value>, Option<String>), String> {
    let root: serde_json::Value = serde_json::from_str(body).map_err(|e| {
        if e.is_eof() {
            format!("the response ends early (truncated?): {e}")
        } else {
            format!("the response is not valid JSON: {e}")
        }
    })?;
    let serde_json::Value::Object(mut map) = root else {
        return Err("the response is not a JSON object with \"values\"".to_string());
    };
    let Some(serde_json::Value::Array(items)) = map.remove("values") else {
        return Err("the response has no \"values\" array".to_string());
    };
    let next = match map.remove("next_page") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) if s.trim().is_empty() => None,
        Some(serde_json::Value::String(s)) => Some(s),
        Some(other) => return Err(format!("\"next_page\" is {other}, not a URL")),
    };
    Ok((items, next))
}

/// The absolute URL of a `next_page` (Kolada gives absolute URLs; a path is taken relative
/// to the host of `current`).
pub fn next_url(current: &str, next: &str) -> String {
    if next.starts_with("http://") || next.starts_with("https://") {
        return next.to_string();
    }
    let host_end = current
        .find("://")
        .and_then(|i| current[i + 3..].find('/').map(|j| i + 3 + j))
        .unwrap_or(current.len());
    format!("{}/{}", &current[..host_end], next.trim_start_matches('/'))
}

/// Check one page's items with the reader the build uses, so that a fetch never writes what
/// the build would refuse. The diagnostics' file is the URL.
pub fn check_items(url: &str, items: &[serde_json::Value]) -> Result<(), String> {
    let text = serde_json::to_string(items).map_err(|e| e.to_string())?;
    let mut diags = Vec::new();
    kolada::read_response(url, &text, &mut diags);
    match diags.iter().find(|d| d.is_error()) {
        Some(d) => Err(format!("unexpected content: {}", d.message)),
        None => Ok(()),
    }
}

/// The file of one kind: every item of its pages, in a fixed order (by KPI, municipality or
/// unit and period; names by id), so that equal responses give equal bytes.
pub fn file_bytes(mut items: Vec<serde_json::Value>) -> Result<Vec<u8>, Diagnostic> {
    let key = |v: &serde_json::Value| {
        let s = |k: &str| match v.get(k) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        };
        (s("kpi"), s("municipality"), s("ou"), s("period"), s("id"))
    };
    items.sort_by_key(key);
    items.dedup();
    let doc = serde_json::json!({ "count": items.len(), "values": items });
    let mut s = crate::diag::json_pretty(&doc, "data/kolada")?;
    s.push('\n');
    Ok(s.into_bytes())
}

/// The provenance file: the API, its version, the time of the fetch and every URL fetched.
pub fn provenance(base: &str, fetched_at: &str, urls: &[String]) -> Vec<u8> {
    let mut s = String::from(
        "# Written by `berattelse hamta kolada`: where and when the files beside it were fetched.\n",
    );
    s.push_str(&format!("api: {}\n", yaml_string(base)));
    s.push_str(&format!("version: {}\n", Version::of(base).label()));
    s.push_str(&format!("hamtad: {}\n", yaml_string(fetched_at)));
    s.push_str("filer:\n");
    for k in Kind::ALL {
        s.push_str(&format!("  - {}\n", k.file()));
    }
    s.push_str("urls:\n");
    for u in urls {
        s.push_str(&format!("  - {}\n", yaml_string(u)));
    }
    s.into_bytes()
}

fn yaml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

type Key = (String, String, crate::model::period::Period, Gender);

fn by_key(values: Vec<KoladaValue>) -> BTreeMap<Key, Option<f64>> {
    values
        .into_iter()
        .map(|v| ((v.kpi, v.municipality, v.period, v.gender), v.value))
        .collect()
}

/// What changed since the last fetch, one line per value, worded like the revision list of
/// `check`: "U21468 1468 2023: 87 in the last fetch, now 88"; new values as "new: …".
pub fn changes(old: Vec<KoladaValue>, new: Vec<KoladaValue>, names: &kolada::Names) -> Vec<String> {
    let (old, new) = (by_key(old), by_key(new));
    let v = |x: Option<f64>| x.map_or("missing".to_string(), |x| x.to_string());
    let who = |m: &str| match names.get(m) {
        Some(n) => format!("{n} ({m})"),
        None => m.to_string(),
    };
    let sex = |g: Gender| match g {
        Gender::T => "",
        Gender::K => " kvinnor",
        Gender::M => " män",
    };
    let mut out = Vec::new();
    for ((kpi, m, period, g), after) in &new {
        let key = (kpi.clone(), m.clone(), *period, *g);
        let place = format!("{kpi} {} {period}{}", who(m), sex(*g));
        match old.get(&key) {
            None => out.push(format!("new: {place}: {}", v(*after))),
            Some(before) if before != after => out.push(format!(
                "revised: {place}: {} in the last fetch, now {}",
                v(*before),
                v(*after)
            )),
            Some(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted() -> Wanted {
        Wanted {
            kpis: vec!["U21468".into(), "U23471".into()],
            municipalities: vec!["1468".into(), "1488".into(), "0014".into(), "0000".into()],
            units: vec!["V15E146800101".into()],
            years: vec![2023, 2024],
            names: vec!["1488".into(), "G124072".into(), "V15E146800101".into()],
        }
    }

    #[test]
    fn urls_in_v2_paths_and_v3_parameters() {
        let p = plan("https://api.kolada.se/v2/", &wanted());
        let urls: Vec<&str> = p.iter().map(|r| r.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://api.kolada.se/v2/data/kpi/U21468,U23471/municipality/1468,1488,0014,0000/year/2023,2024?per_page=5000",
                "https://api.kolada.se/v2/oudata/kpi/U21468,U23471/ou/V15E146800101/year/2023,2024?per_page=5000",
                "https://api.kolada.se/v2/municipality/1488",
                "https://api.kolada.se/v2/municipality_groups/G124072",
                "https://api.kolada.se/v2/ou/V15E146800101",
            ]
        );
        let p = plan("http://127.0.0.1:9/v3", &wanted());
        assert_eq!(
            p[0].url,
            "http://127.0.0.1:9/v3/data?kpi=U21468,U23471&municipality=1468,1488,0014,0000&year=2023,2024&per_page=5000"
        );
        assert_eq!(p[4].url, "http://127.0.0.1:9/v3/ou?id=V15E146800101");
        assert_eq!(
            search_url("x/v2", "nöjd hemtjänst"),
            "x/v2/kpi?title=n%C3%B6jd%20hemtj%C3%A4nst"
        );
    }

    #[test]
    fn pages_and_their_faults() {
        let (items, next) =
            page(r#"{"count": 1, "values": [{"a": 1}], "next_page": "https://x/v2/data?page=2"}"#).unwrap();
        assert_eq!(
            (items.len(), next.as_deref()),
            (1, Some("https://x/v2/data?page=2"))
        );
        assert!(page("{\"values\": [").unwrap_err().contains("ends early"));
        assert!(page("<html>").unwrap_err().contains("not valid JSON"));
        assert!(page("{\"error\": 1}").unwrap_err().contains("no \"values\""));
        assert_eq!(
            next_url("http://h:1/v2/data/kpi/X", "/v2/data?page=2"),
            "http://h:1/v2/data?page=2"
        );
        let bad = serde_json::json!([{"kpi": "U21468", "municipality": "1468", "period": 2024, "values": [{"gender": "X", "value": 1}]}]);
        let serde_json::Value::Array(bad) = bad else {
            unreachable!()
        };
        assert!(
            check_items("http://h/v2/data", &bad)
                .unwrap_err()
                .contains("unexpected content")
        );
    }

    #[test]
    fn files_are_sorted_and_changes_listed() {
        let a = serde_json::json!({"kpi": "U21468", "municipality": "1488", "period": 2024, "values": [{"gender": "T", "value": 96}]});
        let b = serde_json::json!({"kpi": "U21468", "municipality": "1468", "period": 2024, "values": [{"gender": "T", "value": 88}]});
        let one = file_bytes(vec![a.clone(), b.clone()]).unwrap();
        assert_eq!(one, file_bytes(vec![b, a]).unwrap());
        let mut d = Vec::new();
        let new = kolada::read_json("n", std::str::from_utf8(&one).unwrap(), &mut d);
        let old_text = r#"[{"kpi": "U21468", "municipality": "1468", "period": 2024, "values": [{"gender": "T", "value": 87}]}]"#;
        let old = kolada::read_json("o", old_text, &mut d);
        assert!(d.is_empty(), "{d:?}");
        let names = kolada::Names::from([("1488".to_string(), "Trollhättan".to_string())]);
        assert_eq!(
            changes(old, new, &names),
            [
                "revised: U21468 1468 2024: 87 in the last fetch, now 88",
                "new: U21468 Trollhättan (1488) 2024: 96"
            ]
        );
    }
}
