//! Case sources: avvikelser (events, counts, category mapping), lex Sarah, lex Maria,
//! synpunkter och klagomål. Fixtures: tests/fixtures/cases (case lists; the avvikelser
//! export is Windows-1252 with `sep=;` and CRLF) and tests/fixtures/cases-antal (counts).

use super::support::{MIN_SLUG, Project, stderr_of};

const AVV: &str = "data/avvikelser.csv";

/// Replace text in a Windows-1252 file.
fn edit_1252(p: &Project, rel: &str, from: &str, to: &str) {
    let bytes = p.read(rel);
    let (text, _, bad) = encoding_rs::WINDOWS_1252.decode(&bytes);
    assert!(!bad);
    assert!(text.contains(from), "{rel} does not contain {from:?}");
    let text = text.replacen(from, to, 1);
    std::fs::write(p.path(rel), encoding_rs::WINDOWS_1252.encode(&text).0).unwrap();
}

/// `check 2024`: exit code and stderr.
fn check(p: &Project) -> (Option<i32>, String) {
    let out = p.cmd().args(["check", "2024"]).output().unwrap();
    (out.status.code(), stderr_of(&out))
}

fn assert_has(err: &str, expected: &[&str]) {
    for e in expected {
        assert!(err.contains(e), "stderr lacks {e:?}:\n{err}");
    }
}

fn markdown(p: &Project) -> String {
    let out = p
        .cmd()
        .args(["build", "2024", "--format", "md"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    p.read_string(&format!("out/2024/{MIN_SLUG}.md"))
}

#[test]
fn case_lists_are_aggregated_into_the_report() {
    let p = Project::fixture("cases");
    let out = p.cmd().args(["check", "2024", "--strict"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let md = markdown(&p);
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
    assert!(md.contains("Under 2024 rapporterades 7 avvikelser."), "{md}");
}

#[test]
fn counts_files_are_read_and_mapped_categories_add_up() {
    let p = Project::fixture("cases-antal");
    let out = p.cmd().args(["check", "2024", "--strict"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let md = markdown(&p);
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
fn avvikelser_bad_rows_are_each_located() {
    let p = Project::fixture("cases");
    edit_1252(&p, AVV, "A-4;2024-01-31", "A-4;2024-13-01");
    edit_1252(&p, AVV, "Avslutad;2024-04-02", "Avslutad;2024-02-01");
    edit_1252(&p, AVV, "A-6;", "A-1;");
    edit_1252(
        &p,
        AVV,
        "Gruppbostad Tallen;Hot och våld",
        "Gruppbostad Tallen;Hot och vld",
    );
    edit_1252(&p, AVV, "Bemötande;SoL", "Bemötande;SOL/HSL");
    edit_1252(
        &p,
        AVV,
        "Vård och behandling;HSL;Måttlig",
        "Vård och behandling;HSL;5",
    );
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "invalid date \"2024-13-01\" in column händelsedatum",
            "data/avvikelser.csv:6:5",
            "expected a date such as 2024-03-05",
            "avslutsdatum 2024-02-01 is before the händelsedatum 2024-02-14",
            "data/avvikelser.csv:7:86",
            "duplicate avvikelse id \"A-1\"",
            "data/avvikelser.csv:8:1",
            "first given on line 3",
            "unknown avvikelse category \"Hot och vld\"",
            "data/avvikelser.csv:9:60",
            "did you mean \"Hot och våld\"?",
            "invalid value \"SOL/HSL\" in column lagrum",
            "data/avvikelser.csv:10:63",
            "expected one of: HSL, SoL",
            "invalid value \"5\" in column allvarlighetsgrad",
            "data/avvikelser.csv:12:80",
        ],
    );
    assert!(err.contains("6 errors, 0 warnings"), "{err}");
}

#[test]
fn avvikelser_utf16_without_bom_is_refused() {
    let p = Project::fixture("cases");
    let mut bytes = Vec::new();
    for u in "Id;Händelsedatum;Kategori\r\nA-1;2024-01-02;Fall\r\n".encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    std::fs::write(p.path(AVV), bytes).unwrap();
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "error[data.encoding]: data/avvikelser.csv looks like UTF-16 text without a byte order mark",
            "--> data/avvikelser.csv",
        ],
    );
}

#[test]
fn avvikelser_mixed_encodings_are_reported_with_lines() {
    let p = Project::fixture("cases");
    let mut bytes = p.read(AVV);
    bytes.extend_from_slice(
        "A-12;2024-12-30;2024-12-30;Särskilt boende;Solbacken;Läkemedel;HSL;Mindre;Liten;Pågående;;Intern;;\r\n"
            .as_bytes(),
    );
    std::fs::write(p.path(AVV), bytes).unwrap();
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "error[data.mixed-encoding]: data/avvikelser.csv mixes two text encodings",
            "--> data/avvikelser.csv:2",
            "line 14 has UTF-8 characters, but byte 0xE4 on line 2 is not UTF-8",
        ],
    );
}

#[test]
fn avvikelser_wrong_delimiter() {
    let p = Project::fixture("cases");
    // One row written with commas in a semicolon file.
    edit_1252(
        &p,
        AVV,
        "A-3;2023-11-30;2023-12-01;Hemtjänst;Hemtjänst Norr;Hot/våld;SoL;Betydande;Stor;Avslutad;2023-12-15;Intern;;",
        "A-3,2023-11-30,2023-12-01,Hemtjänst,Hemtjänst Norr,Hot/våld,SoL,Betydande,Stor,Avslutad,2023-12-15,Intern,,",
    );
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "row has 1 fields but the header has 14",
            "data/avvikelser.csv:5",
            "fields are separated by `;`",
        ],
    );
    // A whole file with a delimiter that is not one of ; , tab.
    std::fs::write(p.path(AVV), "Id:Händelsedatum:Kategori\nA-1:2024-01-02:Fall\n").unwrap();
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "unknown column \"Id:Händelsedatum:Kategori\"",
            "data/avvikelser.csv:1:1",
            "required column \"kategori\" is missing",
        ],
    );
}

#[test]
fn avvikelser_unknown_and_missing_columns() {
    let p = Project::fixture("cases");
    edit_1252(&p, AVV, ";Kategori;", ";Kategory;");
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "unknown column \"Kategory\"",
            "data/avvikelser.csv:2:61",
            "did you mean \"kategori\"?",
            "required column \"kategori\" is missing",
        ],
    );
}

#[test]
fn avvikelser_status_and_external_rows_are_checked() {
    let p = Project::fixture("cases");
    edit_1252(
        &p,
        AVV,
        "Pågående;;Intern;;Nej",
        "Pågående;2024-12-28;Intern;;Nej",
    );
    edit_1252(&p, AVV, "Extern;Vårdcentralen Sjövik;", "Extern;;");
    edit_1252(
        &p,
        AVV,
        "Hot och våld;LSS;Måttlig;Liten;Avslutad;2024-04-30;Intern;;",
        "Hot och våld;LSS;Måttlig;Liten;Avslutad;2024-04-30;Intern;;Ja",
    );
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "status \"Pågående\" but avslutsdatum 2024-12-28",
            "data/avvikelser.csv:13:76",
            "an external avvikelse (\"Extern\") has no motpart",
            "data/avvikelser.csv:11:112",
            "fallskada \"Ja\" but the category is not fall",
            "data/avvikelser.csv:9:119",
        ],
    );
}

#[test]
fn avvikelser_mapping_errors_are_located() {
    let p = Project::fixture("cases");
    p.edit(
        "data/avvikelser-kategorier.yaml",
        "Bemötande: ovrigt",
        "Bemötande: ovrig",
    );
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "\"Bemötande\" is mapped to unknown category \"ovrig\"",
            "data/avvikelser-kategorier.yaml:9",
            "did you mean \"ovrigt\"?",
            // Without the mapping, the 2024 row is an unknown category.
            "unknown avvikelse category \"Bemötande\"",
            "data/avvikelser.csv:10:53",
        ],
    );
}

#[test]
fn avvikelser_counts_bad_number_duplicate_and_parts() {
    let p = Project::fixture("cases-antal");
    let f = "data/avvikelser-antal.csv";
    p.edit(f, "2023;Fall;;40", "2023;Fall;;40,5");
    p.edit(f, "2023;HSL;;70", "2023;HSL;;71");
    p.edit(f, "2024;Fall;;44\n", "2024;Fall;;44\n2024;fall;;45\n");
    p.edit(
        f,
        "2024;totalt;Särskilt boende;50",
        "2024;totalt;Särskilt boende;51",
    );
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "invalid count \"40,5\" in column antal",
            "data/avvikelser-antal.csv:3:12",
            "duplicate row for fall 2024",
            "data/avvikelser-antal.csv:17",
            "first given on line 16",
            "avvikelser.totalt 2023 is 100, but its parts add up to 101",
            "parts: avvikelser.hsl 71 + avvikelser.sol_lss 30",
            "avvikelser.totalt 2024 is 110 for the whole organisation, but the units add up to more: 111",
        ],
    );
}

#[test]
fn avvikelser_counts_unknown_category_gets_a_suggestion() {
    let p = Project::fixture("cases-antal");
    p.edit(
        "data/avvikelser-antal.csv",
        "2023;Dokumentation;;5",
        "2023;Dokumentaton;;5",
    );
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "unknown kategori \"Dokumentaton\"",
            "data/avvikelser-antal.csv:6:6",
            "did you mean \"dokumentation\"?",
        ],
    );
}

#[test]
fn lex_sarah_case_list_errors() {
    let p = Project::fixture("cases");
    let f = "data/lex-sarah.csv";
    p.edit(f, "2023-03-20;Missförhållande", "2023-02-20;Missförhållandet");
    p.edit(
        f,
        "LS-2;2023-10-10;Särskilt boende;Nej;;Nej;",
        "LS-2;2023-10-10;Särskilt boende;Nej;;Nej;Kritik",
    );
    p.edit(f, "LS-4;", "LS-3;");
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "utredd 2023-02-20 is before the rapport's datum 2023-03-01",
            "data/lex-sarah.csv:2:27",
            "invalid value \"Missförhållandet\" in column bedömning",
            "did you mean \"missförhållande\"?",
            "IVO-beslut \"Kritik\" for a rapport not anmäld till IVO",
            "data/lex-sarah.csv:3:42",
            "duplicate id \"LS-3\"",
            "data/lex-sarah.csv:5:1",
        ],
    );
}

#[test]
fn lex_sarah_counts_in_the_case_file_get_a_hint_and_bad_counts_are_errors() {
    let p = Project::fixture("cases");
    p.write("data/lex-sarah.csv", "period;mått;antal\n2024;rapporter;71\n");
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "unknown column \"mått\"",
            "data/lex-sarah.csv:1:8",
            "yearly counts (period;mått;enhet;antal) belong in data/lex-sarah-antal.csv",
        ],
    );
    let p = Project::fixture("cases-antal");
    p.edit(
        "data/lex-sarah-antal.csv",
        "2024;rapporter;;52",
        "2024;rapportr;;-52",
    );
    p.edit(
        "data/lex-sarah-antal.csv",
        "2024;missförhållanden;;12",
        "2024;missförhållanden;;45",
    );
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "unknown mått \"rapportr\"",
            "data/lex-sarah-antal.csv:5:6",
            "did you mean \"rapporter\"?",
            "invalid count \"-52\" in column antal",
            "data/lex-sarah-antal.csv:5:16",
            "lex_sarah.utredningar 2024 is 50, but its parts add up to more: 54",
        ],
    );
}

#[test]
fn lex_maria_missing_column_and_bad_value() {
    let p = Project::fixture("cases-antal");
    let f = "data/lex-maria.csv";
    p.edit(f, "id;datum;", "id;");
    p.edit(f, "M-1;2023-04-04;", "M-1;");
    p.edit(f, "M-2;2024-02-02;", "M-2;");
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &["required column \"datum\" is missing", "data/lex-maria.csv:1"],
    );
    let p = Project::fixture("cases-antal");
    p.edit(f, "Vårdskada;nej;", "Vårdskada;kanske;");
    p.edit(f, "Allvarlig vårdskada;ja;Pågår", "Ingen vårdskada;ja;Pågår");
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "invalid value \"kanske\" in column anmäld_ivo",
            "data/lex-maria.csv:2:42",
            "anmäld till IVO although the bedömning is ingen vårdskada",
            "data/lex-maria.csv:3:42",
        ],
    );
}

#[test]
fn synpunkter_errors_in_list_and_counts() {
    let p = Project::fixture("cases");
    let f = "data/synpunkter.csv";
    p.edit(
        f,
        "IVO\tSärskilt boende\tOmvårdnad\tKlagomål",
        "IVO\tSärskilt boende\tOmvårdnad\tBeröm",
    );
    p.edit(f, "Brev\t", "Fax\t");
    p.edit(f, "S-2\t2023-06-11", "S-2\t2023-02-30");
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "typ \"Beröm\" for an ärende via IVO or Patientnämnden",
            "data/synpunkter.csv:4:46",
            "invalid value \"Fax\" in column kanal",
            "data/synpunkter.csv:6:16",
            "invalid date \"2023-02-30\" in column datum",
            "data/synpunkter.csv:3:5",
        ],
    );
    let p = Project::fixture("cases-antal");
    p.edit("data/synpunkter-antal.csv", "2023;beröm;;25", "2023;beröm;;20");
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "synpunkter.totalt 2023 is 140, but its parts add up to 135",
            "data/synpunkter-antal.csv:2",
        ],
    );
}

#[test]
fn a_value_from_two_files_is_a_conflict() {
    let p = Project::fixture("cases");
    p.write(
        "data/nyckeltal.csv",
        "indikator;period;enhet;kön;värde;kvalifikator;not\navvikelser.totalt;2024;;;7;;\n",
    );
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &["avvikelser.totalt 2024 is given in both data/nyckeltal.csv and data/avvikelser.csv"],
    );
}

#[test]
fn the_example_project_reads_its_case_files() {
    let p = Project::copy_of(&super::support::examples().join("exempelkommun"));
    let out = p.cmd().args(["check", "2024", "--strict"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let md = markdown(&p);
    for row in [
        "| Rapporterade avvikelser, totalt | 2\u{a0}310 | 2\u{a0}180 | 2\u{a0}590 | 2\u{a0}760 | +6,6\u{a0}% |",
        "| Informationsöverföring | 84¹ | 79 | 93 | 112 | +20\u{a0}% |",
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

#[test]
fn a_mistake_on_every_row_is_shown_a_hundred_times_then_counted() {
    let p = Project::fixture("cases");
    let mut text = String::from("id;händelsedatum;kategori\n");
    for i in 0..150 {
        text.push_str(&format!("{i};2024-13-01;Fall\n"));
    }
    p.write(AVV, &text);
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(err.matches("invalid date \"2024-13-01\"").count(), 100, "{err}");
    assert_has(
        &err,
        &[
            "data/avvikelser.csv:2:3",
            "data/avvikelser.csv:101:4",
            "50 more errors of the kind [data.bad-date] in data/avvikelser.csv",
        ],
    );
    assert!(!err.contains("data/avvikelser.csv:102:"), "{err}");
}
