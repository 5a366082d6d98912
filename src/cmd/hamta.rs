//! `berattelse hamta kolada`: fetch Kolada's values into `data/kolada/`, or search its KPIs.
//! The only code of berattelse that touches the network: HTTPS through ureq with rustls and
//! the bundled webpki roots, a timeout per request, bounded retries with backoff on 429 and
//! 5xx, and nothing written unless every page arrived and reads as Kolada data.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use berattelse::config::jamforelse::Jamforelse;
use berattelse::data::kolada::{self, Names};
use berattelse::data::kolada_api::{self, Kind, Wanted};
use berattelse::diag::{Diagnostic, Location};
use berattelse::load::kolada::Setup;
use berattelse::project::ProjectDir;

use crate::cli::{HamtaArgs, HamtaSource, KoladaArgs};

use super::{EXIT_INVALID, EXIT_OK, fail_early, failure_code, report};

/// Seconds a request may take in all (connect, send, receive), unless set in the environment.
pub const TIMEOUT_ENV: &str = "BERATTELSE_HTTP_TIMEOUT_SECS";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The first wait before a retry, in milliseconds; doubled for each further retry.
pub const BACKOFF_ENV: &str = "BERATTELSE_HTTP_BACKOFF_MS";
const DEFAULT_BACKOFF: Duration = Duration::from_secs(2);
/// Retries after a 429 or 5xx answer.
const RETRIES: u32 = 3;
/// The longest `Retry-After` honoured.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
/// The largest response read: far beyond a page of 5000 values.
const MAX_BODY: u64 = 64 * 1024 * 1024;
/// Pages followed for one request at most (5000 values each).
const MAX_PAGES: usize = 1000;

pub fn run(args: &HamtaArgs) -> u8 {
    match &args.source {
        HamtaSource::Kolada(a) => kolada(a),
    }
}

fn kolada(args: &KoladaArgs) -> u8 {
    let project = match ProjectDir::open(&args.project.project) {
        Ok(p) => p,
        Err(d) => return fail_early(d),
    };
    let base = args
        .api
        .clone()
        .or_else(|| {
            std::env::var(kolada_api::API_ENV)
                .ok()
                .filter(|s| !s.trim().is_empty())
        })
        .unwrap_or_else(|| kolada_api::DEFAULT_API.to_string());
    let base = base.trim().trim_end_matches('/').to_string();
    let client = Client::from_env();
    if let Some(text) = &args.sok {
        return search(&project, &client, &base, text, args.lagg_till);
    }
    let mut diags = Vec::new();
    let setup = berattelse::load::kolada::setup(&project, &mut diags);
    let wanted = setup.as_ref().and_then(|s| wanted(s, args, &mut diags));
    let (Some(setup), Some(wanted), false) = (setup, wanted, diags.iter().any(Diagnostic::is_error)) else {
        report(project.root(), &diags);
        return failure_code(&diags);
    };
    report(project.root(), &diags);
    let mut urls = Vec::new();
    let mut items: BTreeMap<Kind, Vec<serde_json::Value>> = BTreeMap::new();
    for r in kolada_api::plan(&base, &wanted) {
        match client.fetch_all(&r.url, &mut urls) {
            Ok(got) => items.entry(r.kind).or_default().extend(got),
            Err(d) => {
                report(project.root(), &vec![d]);
                eprintln!("nothing was written: {} is as it was", kolada::FETCH_DIR);
                return EXIT_INVALID;
            }
        }
    }
    write(&project, &setup, &base, items, &urls)
}

/// What to fetch, from the mapping, the kommunkod, `jamforelse:` and `--ar`.
fn wanted(setup: &Setup, args: &KoladaArgs, diags: &mut Vec<Diagnostic>) -> Option<Wanted> {
    let Some(kommun) = setup.config.organisation.kommunkod.as_ref() else {
        diags.push(
            Diagnostic::error("config.kommunkod", "hamta kolada needs the kommun's kommunkod")
                .at(Location::file(berattelse::config::FILE_NAME))
                .note("add it under organisation:, e.g. `kommunkod: \"1468\"`"),
        );
        return None;
    };
    let kpis: Vec<String> = setup
        .mapping
        .iter()
        .filter(|(_, target)| target.is_some())
        .map(|(kpi, _)| kpi.clone())
        .collect();
    if kpis.is_empty() {
        diags.push(
            Diagnostic::error(
                "data.kolada-mapping",
                format!(
                    "{} maps no KPI to an indicator: nothing to fetch",
                    kolada::MAPPING_FILE
                ),
            )
            .at(Location::file(kolada::MAPPING_FILE)),
        );
        return None;
    }
    let j: &Jamforelse = &setup.config.jamforelse;
    let mut municipalities = vec![kommun.as_str().to_string()];
    municipalities.extend(j.kommuner.iter().chain(&j.grupper).map(|e| e.id.clone()));
    municipalities.push(format!("00{}", kommun.lan()));
    municipalities.push(kolada::RIKET.to_string());
    let years = match &args.years {
        Some(y) => y.0.clone(),
        None => {
            let now = chrono::Datelike::year(&chrono::Local::now().date_naive());
            (now - 4..now).collect()
        }
    };
    Some(Wanted {
        kpis,
        municipalities,
        units: j.enheter.iter().map(|e| e.id.clone()).collect(),
        years,
        names: j
            .kommuner
            .iter()
            .chain(&j.grupper)
            .chain(&j.enheter)
            .filter(|e| e.namn.is_none())
            .map(|e| e.id.clone())
            .collect(),
    })
}

/// Write `data/kolada/` as one set and print what changed since the last fetch.
fn write(
    project: &ProjectDir,
    setup: &Setup,
    base: &str,
    mut items: BTreeMap<Kind, Vec<serde_json::Value>>,
    urls: &[String],
) -> u8 {
    let mut files = Vec::new();
    for kind in Kind::ALL {
        match kolada_api::file_bytes(items.remove(&kind).unwrap_or_default()) {
            Ok(bytes) => files.push((kind.file().to_string(), bytes)),
            Err(d) => return failure_code(&vec![d]),
        }
    }
    let (old_values, old_names) = berattelse::load::kolada::last_fetch(project);
    let first = old_values.is_empty() && old_names.is_empty();
    let mut new_values = Vec::new();
    let mut names = Names::new();
    for (name, bytes) in &files {
        let r = kolada::read_response(name, &String::from_utf8_lossy(bytes), &mut Vec::new());
        new_values.extend(r.values);
        names.extend(r.names);
    }
    for e in setup
        .config
        .jamforelse
        .kommuner
        .iter()
        .chain(&setup.config.jamforelse.enheter)
    {
        if let Some(n) = &e.namn {
            names.insert(e.id.clone(), n.clone());
        }
    }
    let count = new_values.len();
    let changes = kolada_api::changes(old_values, new_values, &names);
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    files.push((
        "hamtning.yaml".to_string(),
        kolada_api::provenance(base, &now, urls),
    ));
    if let Err(d) = project.write_folder(kolada::FETCH_DIR, &files) {
        report(project.root(), &vec![d]);
        return EXIT_INVALID;
    }
    println!(
        "fetched {count} values in {} request{} into {}/",
        urls.len(),
        if urls.len() == 1 { "" } else { "s" },
        kolada::FETCH_DIR
    );
    if first {
        println!("first fetch: every value is new");
    } else if changes.is_empty() {
        println!("no values changed since the last fetch");
    } else {
        println!("changed since the last fetch:");
        for c in &changes {
            println!("  {c}");
        }
    }
    EXIT_OK
}

/// `--sok TEXT`: list the KPIs whose title contains TEXT; `--lagg-till` adds them to the
/// mapping, each with the catalogue indicator whose source names it, else `~` and a suggestion.
fn search(project: &ProjectDir, client: &Client, base: &str, text: &str, add: bool) -> u8 {
    let mut urls = Vec::new();
    let items = match client.fetch_pages(&kolada_api::search_url(base, text), &mut urls, false) {
        Ok(items) => items,
        Err(d) => {
            report(project.root(), &vec![d]);
            return EXIT_INVALID;
        }
    };
    let field =
        |v: &serde_json::Value, k: &str| v.get(k).and_then(|s| s.as_str()).unwrap_or("").trim().to_string();
    let mut found: Vec<(String, String)> = items
        .iter()
        .map(|v| (field(v, "id"), field(v, "title")))
        .filter(|(id, _)| kolada::kpi_id(id).is_some())
        .collect();
    found.sort();
    found.dedup();
    if found.is_empty() {
        println!("no KPI's title contains \"{text}\"");
        return EXIT_OK;
    }
    for (id, title) in &found {
        println!("{id}  {title}");
    }
    if add {
        add_to_mapping(project, &found)
    } else {
        EXIT_OK
    }
}

fn add_to_mapping(project: &ProjectDir, found: &[(String, String)]) -> u8 {
    let mut diags = Vec::new();
    let catalogue = berattelse::load::kolada::catalogue(project, &mut diags);
    let mut text = match project.read_text_optional(kolada::MAPPING_FILE) {
        Ok(t) => t.unwrap_or_default(),
        Err(d) => return fail_early(d),
    };
    let present: BTreeSet<String> = text
        .lines()
        .filter_map(|l| l.split_once(':'))
        .filter_map(|(k, _)| kolada::kpi_id(k))
        .collect();
    let mut added = 0;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for (id, title) in found.iter().filter(|(id, _)| !present.contains(id)) {
        let title = title.replace(['\n', '\r'], " ");
        let known = catalogue
            .values()
            .find(|i| i.source.as_deref().is_some_and(|s| s.contains(id.as_str())));
        text.push_str(&match known {
            Some(ind) => format!("{id}: {}   # {title}\n", ind.id),
            None => format!(
                "{id}: ~   # {title}; suggested indicator: kolada.{} (add it to data/indikatorer.yaml, then map it here)\n",
                id.to_lowercase()
            ),
        });
        added += 1;
    }
    if added == 0 {
        println!("every KPI found is already in {}", kolada::MAPPING_FILE);
        return EXIT_OK;
    }
    if let Err(d) = project.write_file(kolada::MAPPING_FILE, text.as_bytes()) {
        return fail_early(d);
    }
    println!(
        "added {added} KPI{} to {}",
        if added == 1 { "" } else { "s" },
        kolada::MAPPING_FILE
    );
    EXIT_OK
}

/// The HTTP client: one agent, a timeout, retries with backoff.
struct Client {
    agent: ureq::Agent,
    timeout: Duration,
    backoff: Duration,
}

impl Client {
    fn from_env() -> Client {
        let secs = |name: &str, scale: f64| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.trim().parse::<f64>().ok())
                .filter(|s| s.is_finite() && *s >= 0.0 && *s < 1e6)
                .map(|s| Duration::from_secs_f64(s * scale))
        };
        let timeout = secs(TIMEOUT_ENV, 1.0).unwrap_or(DEFAULT_TIMEOUT);
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .user_agent(concat!("berattelse/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Client {
            agent,
            timeout,
            backoff: secs(BACKOFF_ENV, 0.001).unwrap_or(DEFAULT_BACKOFF),
        }
    }

    /// Every page of a data request, each checked to read as Kolada data.
    fn fetch_all(&self, first: &str, urls: &mut Vec<String>) -> Result<Vec<serde_json::Value>, Diagnostic> {
        self.fetch_pages(first, urls, true)
    }

    fn fetch_pages(
        &self,
        first: &str,
        urls: &mut Vec<String>,
        check: bool,
    ) -> Result<Vec<serde_json::Value>, Diagnostic> {
        let fail = |url: &str, why: String| {
            Diagnostic::error("kolada.fetch", format!("{url}: {why}"))
                .note("nothing was written; run the command again, or pass --api URL for another host")
        };
        let mut url = first.to_string();
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        loop {
            if !seen.insert(url.clone()) || seen.len() > MAX_PAGES {
                return Err(fail(
                    &url,
                    "\"next_page\" leads back to a page already fetched".to_string(),
                ));
            }
            urls.push(url.clone());
            let body = self.get(&url).map_err(|why| fail(&url, why))?;
            let (items, next) = kolada_api::page(&body).map_err(|why| fail(&url, why))?;
            if check {
                kolada_api::check_items(&url, &items).map_err(|why| fail(&url, why))?;
            }
            out.extend(items);
            match next {
                Some(n) => url = kolada_api::next_url(&url, &n),
                None => return Ok(out),
            }
        }
    }

    /// One GET, retried on 429 and 5xx; the body as text, or what went wrong.
    fn get(&self, url: &str) -> Result<String, String> {
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let mut resp = self
                .agent
                .get(url)
                .header("Accept", "application/json")
                .call()
                .map_err(|e| self.describe(e))?;
            let status = resp.status();
            let retry = status.as_u16() == 429 || status.is_server_error();
            if retry && attempt <= RETRIES {
                let after = resp
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(|s| Duration::from_secs(s).min(MAX_RETRY_AFTER));
                std::thread::sleep(after.unwrap_or(self.backoff * 2u32.pow(attempt - 1)));
                continue;
            }
            if !status.is_success() {
                let gave_up = if retry {
                    format!(" (gave up after {attempt} attempts)")
                } else {
                    String::new()
                };
                return Err(format!("the server answered HTTP {status}{gave_up}"));
            }
            return resp
                .body_mut()
                .with_config()
                .limit(MAX_BODY)
                .read_to_string()
                .map_err(|e| self.describe(e));
        }
    }

    fn describe(&self, e: ureq::Error) -> String {
        match e {
            ureq::Error::Timeout(_) => format!(
                "no complete answer within {} s (timeout)",
                self.timeout.as_secs_f64()
            ),
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
                format!("the connection closed before the response was complete (truncated): {io}")
            }
            ureq::Error::BodyExceedsLimit(n) => format!("the response is larger than {n} bytes"),
            other => format!("the request failed: {other}"),
        }
    }
}
