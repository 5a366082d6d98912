//! The bodies of the fuzz targets, shared by the cargo-fuzz binaries (fuzz_targets/*.rs, on
//! nightly with libFuzzer) and by the stable corpus runner in the test suite
//! (tests/testsuite/fuzz_corpus.rs), so both exercise exactly the same code. Each body takes
//! arbitrary bytes and must return without a panic, an abort, a hang or unbounded memory;
//! where a property is cheap to state it is asserted too.

#![allow(dead_code)]

use std::io::Cursor;
use std::path::{Path, PathBuf};

use berattelse::diag::Diagnostic;
use berattelse::pipeline::{self, Purpose};
use berattelse::project::ProjectDir;

/// A target's body: arbitrary bytes in, nothing out.
pub type Body = fn(&[u8]);

/// Every target by name, for the corpus runner and the docs.
pub const TARGETS: &[(&str, Body)] = &[
    ("csv_table", csv_table),
    ("csv_stream", csv_stream),
    ("xlsx", xlsx),
    ("yaml_config", yaml_config),
    ("yaml_catalogue", yaml_catalogue),
    ("spanjson", spanjson),
    ("markdown_typst", markdown_typst),
    ("number", number),
    ("project_check", project_check),
];

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Delimited text as the key-figure reader reads it: decoding, sniffing, header matching.
pub fn csv_table(data: &[u8]) {
    let mut diags: Vec<Diagnostic> = Vec::new();
    let table = berattelse::formats::table::read(
        "data/nyckeltal.csv",
        data,
        berattelse::data::keyfigures::COLUMNS,
        &mut diags,
    );
    // A table comes back only when the header was usable; problems always carry a file.
    assert!(
        diags
            .iter()
            .all(|d| d.location.as_ref().is_none_or(|l| !l.file.is_empty()))
    );
    drop(table);
}

/// The streamed reader of event files (avvikelser, millions of rows).
pub fn csv_stream(data: &[u8]) {
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut rows = 0usize;
    let _ = berattelse::formats::stream::read(
        "data/avvikelser.csv",
        Cursor::new(data),
        berattelse::data::cases::avvikelser::COLUMNS,
        &mut diags,
        |_, _| rows += 1,
    );
    assert!(rows <= data.len() + 1, "more rows than bytes");
}

/// A workbook: the zip container, the sheet, the cells.
pub fn xlsx(data: &[u8]) {
    let mut diags: Vec<Diagnostic> = Vec::new();
    let _ = berattelse::formats::xlsx::read(
        "data/nyckeltal.xlsx",
        data,
        berattelse::data::keyfigures::COLUMNS,
        &mut diags,
    );
}

/// berattelse.yaml: YAML with locations and the whole configuration schema.
pub fn yaml_config(data: &[u8]) {
    let _ = berattelse::formats::yaml::parse::<berattelse::config::Config>("berattelse.yaml", &text(data));
}

/// An indicator catalogue (data/indikatorer.yaml).
pub fn yaml_catalogue(data: &[u8]) {
    let _ = berattelse::formats::yaml::parse::<berattelse::model::catalogue::CatalogueFile>(
        "data/indikatorer.yaml",
        &text(data),
    );
}

/// JSON with spans (Kolada's responses).
pub fn spanjson(data: &[u8]) {
    let _ = berattelse::formats::spanjson::parse(&text(data));
}

/// Narrative Markdown to typst markup: whatever the text, the markup parses without errors,
/// so nothing a coordinator writes can become typst code.
pub fn markdown_typst(data: &[u8]) {
    let md = text(data);
    let out = berattelse::render::markdown::typst::to_typst(
        &md,
        &berattelse::render::markdown::typst::TypstOptions { heading_offset: -1 },
    );
    let (errors, _) = typst_syntax::parse(&out.source).errors_and_warnings();
    assert!(
        errors.is_empty(),
        "generated typst does not parse: {errors:?}\nmarkdown: {md:?}\ntypst: {}",
        out.source
    );
}

/// The Swedish number parser: a value it accepts is finite and parses the same again when
/// written back plainly.
pub fn number(data: &[u8]) {
    let s = text(data);
    if let Ok(berattelse::number::Cell::Value(v)) = berattelse::number::parse_cell(&s) {
        assert!(v.is_finite(), "{s:?} gave {v}");
    }
    let _ = berattelse::number::parse_integer_count(&s);
}

/// The example project with one of its files replaced by the input: the first byte chooses
/// the file. `check` must report, never crash.
pub fn project_check(data: &[u8]) {
    const FILES: &[&str] = &[
        "berattelse.yaml",
        "data/nyckeltal.csv",
        "data/avvikelser.csv",
        "data/indikatorer.yaml",
        "data/mal.yaml",
        "texts/sammanfattning.md",
        "data/kolada.json",
        "data/senior-alert.csv",
    ];
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temporary folder");
    copy_dir(&example(), dir.path());
    let file = FILES[usize::from(first) % FILES.len()];
    std::fs::write(dir.path().join(file), rest).expect("write the fuzzed file");
    let Ok(project) = ProjectDir::open(dir.path()) else {
        return;
    };
    let mut diags = Vec::new();
    let period = berattelse::model::period::Period::Year { year: 2024 };
    let _ = pipeline::prepare_all(&project, period, None, Purpose::Check, &mut diags);
}

/// The example project in the repository.
fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|p| p.join("data-examples").is_dir())
        .expect("the repository root")
        .join("data-examples/exempelkommun")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder").flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            if entry.file_name() != "out" {
                copy_dir(&path, &target);
            }
        } else {
            std::fs::copy(&path, &target).expect("copy file");
        }
    }
}
