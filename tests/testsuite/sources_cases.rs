//! Case sources: avvikelser (events, counts, category mapping), lex Sarah, lex Maria,
//! synpunkter och klagomål. Fixtures: tests/fixtures/cases (case lists; the avvikelser
//! export is Windows-1252 with `sep=;` and CRLF) and tests/fixtures/cases-antal (counts). Bad
//! files are case folders under `tests/fixtures/errors/` (`avvikelser-*`, `lex-sarah-*`,
//! `lex-maria-*`, `synpunkter-*`).

use super::support::{MIN_SLUG, Project, assert_ok, exempelkommun, stderr_of};

#[test]
fn case_lists_are_aggregated_into_the_report() {
    let p = Project::fixture("cases");
    let out = p.cmd().args(["check", "2024", "--strict"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let md = p.report_md("2024");
    for row in [
        "| Rapporterade avvikelser, totalt | 3 | 7 |",
        "| Avvikelser enligt HSL | 2 | 5 |",
        "| Avvikelser enligt SoL och LSS | 1 | 2 |",
        "| Fall | 1 | 3 |",
        "| Fall med skada | 1 | 1 |",
        "| Läkemedel | 1 | 1 |",
        "| Hot och våld | 1 | 1 |",
        "| Övriga avvikelser | 0 | 1 |",
        "| Avvikelser avslutade inom en månad (%) | 67 | 57 |",
        "| Avvikelser skickade till andra vårdgivare | 0 | 1 |",
        "| Avvikelser mottagna från andra vårdgivare | 0 | 1 |",
        "| Rapporter enligt lex Sarah | 2 | 3 |",
        "| Utredningar enligt lex Sarah | 1 | 2 |",
        "| Anmälningar till IVO enligt lex Sarah | 0 | 1 |",
        "| Utredningar där missförhållande konstaterats | 1 | 1 |",
        "| IVO-beslut med kritik, lex Sarah | 0 | 1 |",
        "| Händelseanalyser och utredningar av vårdskador | 2 | 3 |",
        "| Anmälningar till IVO enligt lex Maria | 0 | 1 |",
        "| Synpunkter och klagomål, totalt | 2 | 4 |",
        "| Klagomål | 1 | 3 |",
        "| Synpunkter och förbättringsförslag | 1 | 0 |",
        "| Beröm | 0 | 1 |",
        "| Klagomål via IVO | 0 | 1 |",
        "| Ärenden via patientnämnden | 0 | 1 |",
        "| Synpunkter och klagomål via e-tjänst | 1 | 1 |",
    ] {
        assert!(md.contains(row), "the report lacks {row:?}:\n{md}");
    }
    assert!(md.contains("Under 2024 rapporterades sju avvikelser."), "{md}");
}

#[test]
fn counts_files_are_read_and_mapped_categories_add_up() {
    let p = Project::fixture("cases-antal");
    let out = p.cmd().args(["check", "2024", "--strict"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let md = p.report_md("2024");
    for row in [
        "| Rapporterade avvikelser, totalt | 100 | 110 |",
        "| Avvikelser enligt HSL | 70 | .. |",
        "| Fall | 40 | 44 |",
        // Bemötande 3 + Teknik 4, both mapped to övrigt in 2024.
        "| Övriga avvikelser | 5 | 7 |",
        // `-` is missing, never zero.
        "| Anmälningar till IVO enligt lex Sarah | 2 | .. |",
        "| Rapporter enligt lex Sarah | 44 | 52 |",
        "| Klagomål via IVO | .. | 2 |",
        "| Synpunkter och klagomål, totalt | 140 | 135 |",
        "| Händelseanalyser och utredningar av vårdskador | 1 | 1 |",
        "| Anmälningar till IVO enligt lex Maria | 0 | 1 |",
    ] {
        assert!(md.contains(row), "the report lacks {row:?}:\n{md}");
    }
}

#[test]
fn the_example_project_reads_its_case_files() {
    let p = exempelkommun();
    assert_ok(p.output("check 2024 --strict"));
    let md = p.read_string(&format!("out/2024/{MIN_SLUG}.md"));
    for row in [
        "| Rapporterade avvikelser, totalt | 2\u{a0}310 | 2\u{a0}180 | 2\u{a0}590 | 2\u{a0}760 | +6,6\u{a0}% |",
        "| Informationsöverföring | 84¹ | 79 | 93 | 112 | +20,4\u{a0}% |",
        "| Fall med skada | 205 | 198 | 231 | 226 | −2,2\u{a0}% |",
        "| Rapporter enligt lex Sarah | 38 | 41 | 63 | 71 | +13\u{a0}% |",
        "| Anmälningar till IVO enligt lex Maria | 1 | 0 | 0 | 2 | +2 |",
        "| Synpunkter och klagomål, totalt | 142 | 128 | 121 | 149 | +23\u{a0}% |",
    ] {
        assert!(md.contains(row), "the report lacks {row:?}");
    }
    let avv = p.read("data/avvikelser.csv");
    assert!(avv.starts_with(b"sep=;\r\n"), "Excel's sep line and CRLF");
    assert!(std::str::from_utf8(&avv).is_err(), "Windows-1252, not UTF-8");
}
