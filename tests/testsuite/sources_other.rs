//! Kolada (JSON and CSV), mål och aktiviteter, egenkontroller and brukarundersökningar: the
//! binary on the `other` fixture. Bad files are case folders under `tests/fixtures/errors/`
//! (`kolada-*`, `goals-*`, `egenkontroller-*`, `survey-*`).

use super::support::{MIN_SLUG, Project, assert_ok, exempelkommun, other, stderr_of};

// ---------------------------------------------------------------------------------------
// The whole fixture
// ---------------------------------------------------------------------------------------

#[test]
fn fixture_passes_strict_check_and_prints_values_from_every_source() {
    let p = other();
    assert_ok(p.output("check 2024 --strict"));
    let md = p.read_string(&format!("out/2024/{MIN_SLUG}.md"));
    // Kolada (the kommun's T value), the survey file and egenkontroller in the narrative.
    assert!(md.contains("Nöjda med hemtjänsten: 87\u{a0}%"), "{md}");
    assert!(md.contains("Bra bemötande:\n96\u{a0}%"), "{md}");
    assert!(md.contains("Läkemedelsgenomgångar:\n251."), "{md}");
    // Tables: Kolada series, survey series with a missing year, a qualified value.
    for row in [
        "| Hemtjänst, nöjd med hemtjänsten som helhet (%) | 86 | 84 | 87 | +3 |",
        "| Personalkontinuitet i hemtjänsten | .. | .. | 13 | – |",
        "| Hemtjänst, bra bemötande från personalen (%) | .. | 94 | 96 | +2 |",
        "| Hemtjänst, svarsfrekvens (%) | .. | .. | 55 | – |",
        "| Individ- och familjeomsorg, nöjd med stödet som helhet (%) | .. | ..¹ | 84 | – |",
        "| Personer med läkemedelsgenomgång | ca 185¹ | 224 | 251 | +12\u{a0}% |",
    ] {
        assert!(md.contains(row), "report lacks {row:?}:\n{md}");
    }
}

// ---------------------------------------------------------------------------------------
// Kolada
// ---------------------------------------------------------------------------------------

#[test]
fn kolada_null_is_missing_not_zero() {
    let p = Project::fixture("other");
    p.edit(
        "data/kolada.json",
        "\"gender\": \"T\", \"status\": \"\", \"value\": 84}",
        "\"gender\": \"T\", \"status\": \"\", \"value\": null}",
    );
    let md = p.report_md("2024");
    assert!(
        md.contains("| Hemtjänst, nöjd med hemtjänsten som helhet (%) | 86 | .. | 87 |"),
        "{md}"
    );
}

const KOLADA_CSV: &str = "kpi;kommun;period;kön;värde\n\
U21468;1468;2022;T;86\n\
U21468;1468;2023;T;84\n\
U21468;1468;2024;T;87\n\
U21468;1468;2024;K;88\n\
U21468;1468;2024;M;..\n\
U21468;0;2024;;86\n\
U21468;14;2024;;85\n\
U21401;1468;2024;;13\n";

fn with_kolada_csv(csv: &str) -> Project {
    let p = Project::fixture("other");
    std::fs::remove_file(p.path("data/kolada.json")).unwrap();
    p.write("data/kolada.csv", csv);
    p
}

#[test]
fn kolada_csv_gives_the_same_report_as_the_json() {
    let json = other().read_string(&format!("out/2024/{MIN_SLUG}.md"));
    let p = with_kolada_csv(KOLADA_CSV);
    let out = p.cmd().args(["check", "2024", "--strict"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(p.report_md("2024"), json);
}

// ---------------------------------------------------------------------------------------
// Mål och aktiviteter
// ---------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------
// Egenkontroller
// ---------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------
// Brukarundersökningar
// ---------------------------------------------------------------------------------------

#[test]
fn survey_in_windows_1252_is_read() {
    let p = Project::fixture("other");
    let text = p.read_string("data/brukarundersokning.csv");
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("Latin-1 text"))
        .collect();
    std::fs::write(p.path("data/brukarundersokning.csv"), bytes).unwrap();
    assert_ok(&p.run(&["check", "2024"]));
    assert!(p.report_md("2024").contains("Bra bemötande:\n96\u{a0}%"));
}

// ---------------------------------------------------------------------------------------
// The example project
// ---------------------------------------------------------------------------------------

#[test]
fn example_project_reads_every_new_source_cleanly() {
    let p = exempelkommun();
    assert_ok(p.output("check 2024 --strict"));
    let md = p.read_string(&format!("out/2024/{MIN_SLUG}.md"));
    // Figures that moved out of nyckeltal.csv print as before.
    for expected in [
        "En hemtjänsttagare mötte i genomsnitt 13 olika medarbetare",
        "| ca 160¹ | ca 185¹ | 224 | 251 | +12\u{a0}% |",
        "| 40² | 46² | 55 | 60 | +5 |",
        "| ..¹ | 81 | ..¹ | 84 | – |",
    ] {
        assert!(md.contains(expected), "report lacks {expected:?}");
    }
}
