//! The example projects of `data-examples/`: each passes `check --strict`, builds, and its
//! Markdown and generated typst body are snapshots (`snapshots/testsuite__examples__*.snap`).
//! Each example is built once for the whole test run (see `support`).

use super::support::{self, Shared, assert_ok};

/// Snapshot every Markdown output and every typst body of `out/<period>/`, and return their
/// names.
fn snapshot_outputs(example: &str, p: &Shared, period: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(p.path(&format!("out/{period}")))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".md") || n.ends_with(".body.typ"))
        .collect();
    names.sort();
    for name in &names {
        let text = p.read_string(&format!("out/{period}/{name}"));
        assert!(
            !text.contains("{{"),
            "unrendered template expression left in {name}"
        );
        if name.ends_with(".typ") {
            let (errors, _) = typst_syntax::parse(&text).errors_and_warnings();
            assert!(errors.is_empty(), "{name}: {errors:?}");
        }
        insta::assert_snapshot!(format!("{example}__{name}"), text);
    }
    names
}

#[test]
fn exempelkommun_snapshots() {
    let p = support::exempelkommun();
    assert_ok(p.output("check 2024 --strict"));
    let names = snapshot_outputs("exempelkommun", p, "2024");
    assert_eq!(
        names,
        [
            "kvalitets-och-patientsakerhetsberattelse-2024-tjansteskrivelse.md",
            "kvalitets-och-patientsakerhetsberattelse-2024.body.typ",
            "kvalitets-och-patientsakerhetsberattelse-2024.md",
        ]
    );
}

#[test]
fn separata_berattelser_snapshots() {
    let p = support::separata_berattelser();
    assert_ok(p.output("check 2024 --strict"));
    let names = snapshot_outputs("separata-berattelser", p, "2024");
    assert_eq!(
        names,
        [
            "kb-tjansteskrivelse.md",
            "kb.body.typ",
            "kb.md",
            "psb-tjansteskrivelse.md",
            "psb.body.typ",
            "psb.md"
        ]
    );
}

#[test]
fn avvikelserapport_halvar_snapshots() {
    let p = support::avvikelserapport_halvar();
    assert_ok(p.output("check 2024-H1 --strict"));
    let names = snapshot_outputs("avvikelserapport-halvar", p, "2024-H1");
    assert_eq!(
        names,
        ["avvikelserapport-2024-h1.body.typ", "avvikelserapport-2024-h1.md"]
    );
}
