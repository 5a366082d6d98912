//! The fuzz targets on stable Rust, for a bounded time in every test run: each target's seeds
//! (the example projects' and fixtures' files) and deterministic mutations of them go through
//! the same bodies the cargo-fuzz binaries run (fuzz/targets.rs). Longer runs with libFuzzer
//! are described in docs/robustness.md.
//!
//! `BERATTELSE_FUZZ_CASES` sets the mutations per seed (default 8); `BERATTELSE_FUZZ_SECONDS`
//! bounds each target's time (default 4 s). A failing input is written to
//! `target/fuzz-corpus-failures/<target>-<n>` so it can become a regression test.

#[path = "../../fuzz/targets.rs"]
mod targets;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::support::{Rng, env_number};

/// A number below `n` (0 for 0).
fn below(rng: &mut Rng, n: usize) -> usize {
    if n == 0 {
        0
    } else {
        (rng.next() % n as u64) as usize
    }
}

/// Bytes that matter to our formats: delimiters, quotes, line ends, NUL, a lone UTF-8 lead
/// byte, Windows-1252 å, a UTF-16 BOM, YAML and Markdown and typst markup.
const INTERESTING: &[&[u8]] = &[
    b";",
    b",",
    b"\t",
    b"\"",
    b"\"\"",
    b"\n",
    b"\r\n",
    b"\r",
    b"\0",
    b"\xc3",
    b"\xe5",
    b"\xff\xfe",
    b": ",
    b"- ",
    b"{",
    b"}",
    b"[",
    b"]",
    b"#",
    b"*",
    b"_",
    b"`",
    b"$",
    b"@",
    b"<",
    b"\\",
    b"..",
    b"-",
    b"1e308",
    b"NaN",
    b"99999999999999999999",
    b"\xe2\x88\x92",
    b"\xc2\xa0",
];

fn mutate(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..=below(rng, 4) {
        let at = below(rng, data.len() + 1);
        match below(rng, 7) {
            0 if !data.is_empty() => {
                let i = below(rng, data.len());
                data[i] ^= 1 << below(rng, 8);
            }
            1 => {
                let piece = INTERESTING[below(rng, INTERESTING.len())];
                data.splice(at..at, piece.iter().copied());
            }
            2 if !data.is_empty() => {
                let end = (at + 1 + below(rng, 64)).min(data.len());
                data.drain(at.min(end)..end);
            }
            3 => data.truncate(at),
            4 if !data.is_empty() => {
                // Repeat a chunk: long lines, many columns, deep nesting.
                let start = below(rng, data.len());
                let end = (start + 1 + below(rng, 32)).min(data.len());
                let chunk = data[start..end].to_vec();
                for _ in 0..=below(rng, 64) {
                    data.splice(at..at, chunk.iter().copied());
                }
            }
            5 => {
                let byte = (rng.next() & 0xff) as u8;
                data.insert(at, byte);
            }
            _ => {
                let line_starts: Vec<usize> = std::iter::once(0)
                    .chain(
                        data.iter()
                            .enumerate()
                            .filter(|(_, b)| **b == b'\n')
                            .map(|(i, _)| i + 1),
                    )
                    .collect();
                let from = line_starts[below(rng, line_starts.len())];
                data.splice(at..at, data[from..].iter().copied().take(80).collect::<Vec<_>>());
            }
        }
    }
    data
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files_under(dir: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if entry.file_name() != "out" {
                files_under(&path, keep, out);
            }
        } else if keep(&path) {
            out.push(path);
        }
    }
}

fn seeds(target: &str) -> Vec<Vec<u8>> {
    let ext = |p: &Path, e: &[&str]| {
        p.extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| e.contains(&x))
    };
    let name = |p: &Path| p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
    let in_dir = |p: &Path, d: &str| p.parent().and_then(|q| q.file_name()).is_some_and(|n| n == d);
    let keep: Box<dyn Fn(&Path) -> bool> = match target {
        "csv_table" => Box::new(move |p| {
            in_dir(p, "data") && ext(p, &["csv", "tsv", "txt"]) && !name(p).starts_with("avvikelser")
        }),
        "csv_stream" => Box::new(move |p| name(p).starts_with("avvikelser") && ext(p, &["csv"])),
        "xlsx" => Box::new(move |p| ext(p, &["xlsx"])),
        "yaml_config" => Box::new(move |p| name(p) == "berattelse.yaml"),
        "yaml_catalogue" => Box::new(move |p| name(p) == "indikatorer.yaml" || name(p) == "indicators.yaml"),
        "spanjson" => Box::new(move |p| ext(p, &["json"])),
        "markdown_typst" => Box::new(move |p| in_dir(p, "texts") && ext(p, &["md"])),
        "number" => Box::new(|_| false),
        _ => Box::new(|_| false),
    };
    let mut paths = Vec::new();
    for dir in ["data-examples", "tests/fixtures", "report-templates"] {
        files_under(&root().join(dir), keep.as_ref(), &mut paths);
    }
    paths.sort();
    let mut out: Vec<Vec<u8>> = paths.iter().filter_map(|p| std::fs::read(p).ok()).collect();
    match target {
        "number" => out.extend(
            [
                "1 234,5",
                "\u{2212}12",
                "12,5 %",
                "1.234.567,89",
                "..",
                "-",
                "ca 3",
                "1e3",
                "0,000001",
            ]
            .iter()
            .map(|s| s.as_bytes().to_vec()),
        ),
        "project_check" => {
            // The first byte chooses the file to replace (see fuzz/targets.rs).
            let example = root().join("data-examples/exempelkommun");
            for (i, f) in ["berattelse.yaml", "data/nyckeltal.csv", "data/avvikelser.csv"]
                .iter()
                .enumerate()
            {
                if let Ok(bytes) = std::fs::read(example.join(f)) {
                    let mut seed = vec![i as u8];
                    seed.extend(bytes);
                    out.push(seed);
                }
            }
        }
        _ => {}
    }
    out
}

fn run_target(name: &str, body: fn(&[u8]), cases_per_seed: u64, budget: Duration) -> usize {
    let seeds = seeds(name);
    assert!(!seeds.is_empty(), "{name} has no seeds");
    let started = Instant::now();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ name.len() as u64);
    let mut ran = 0;
    'outer: for seed in &seeds {
        let mut inputs = vec![seed.clone()];
        inputs.extend((0..cases_per_seed).map(|_| mutate(seed, &mut rng)));
        for input in inputs {
            if started.elapsed() > budget {
                break 'outer;
            }
            let result = std::panic::catch_unwind(|| body(&input));
            if result.is_err() {
                let dir = root().join("target/fuzz-corpus-failures");
                let _ = std::fs::create_dir_all(&dir);
                let path = dir.join(format!("{name}-{ran}"));
                let _ = std::fs::write(&path, &input);
                panic!(
                    "fuzz target {name} failed on an input saved to {}",
                    path.display()
                );
            }
            ran += 1;
        }
    }
    ran
}

/// Inputs libFuzzer once failed on (fuzz/findings/<target>-<what>) pass their target.
#[test]
fn fuzz_findings_stay_fixed() {
    let dir = root().join("fuzz/findings");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&dir).expect("fuzz/findings") {
        let path = entry.expect("entry").path();
        let file = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if file.ends_with(".md") {
            continue;
        }
        let (_, body) = targets::TARGETS
            .iter()
            .find(|(name, _)| file.strip_prefix(name).is_some_and(|rest| rest.starts_with('-')))
            .unwrap_or_else(|| panic!("{file}: no fuzz target of that name"));
        body(&std::fs::read(&path).expect("finding"));
        replayed += 1;
    }
    assert!(replayed > 0, "no findings replayed");
}

#[test]
fn every_fuzz_target_survives_its_seeds_and_their_mutations() {
    let cases = env_number("BERATTELSE_FUZZ_CASES", 8);
    let seconds = env_number("BERATTELSE_FUZZ_SECONDS", 4);
    let mut ran = Vec::new();
    for (name, body) in targets::TARGETS {
        // The whole-project target runs the pipeline: a few cases are enough per run.
        let (cases, budget) = if *name == "project_check" {
            (1, Duration::from_secs(seconds * 2))
        } else {
            (cases, Duration::from_secs(seconds))
        };
        ran.push((*name, run_target(name, *body, cases, budget)));
    }
    for (name, n) in &ran {
        eprintln!("fuzz corpus: {name}: {n} inputs");
        assert!(*n > 0, "{name} ran no input");
    }
}
