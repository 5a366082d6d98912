//! Kolada (JSON and CSV), mål och aktiviteter, egenkontroller and brukarundersökningar: the
//! binary on the `other` fixture, correct files and bad ones.

use super::support::{MIN_SLUG, Project, stderr_of};

/// Run `check 2024` and return exit code and stderr.
fn check(p: &Project) -> (Option<i32>, String) {
    let out = p.cmd().args(["check", "2024"]).output().unwrap();
    (out.status.code(), stderr_of(&out))
}

/// Assert that `check 2024` fails with exit code 1 and that stderr holds every string.
fn fails_with(p: &Project, expected: &[&str]) -> String {
    let (code, err) = check(p);
    assert_eq!(code, Some(1), "{err}");
    for e in expected {
        assert!(err.contains(e), "stderr lacks {e:?}:\n{err}");
    }
    err
}

fn utf16le_without_bom(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn build_md(p: &Project) -> String {
    let out = p
        .cmd()
        .args(["build", "2024", "--format", "md"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    p.read_string(&format!("out/2024/{MIN_SLUG}.md"))
}

// ---------------------------------------------------------------------------------------
// The whole fixture
// ---------------------------------------------------------------------------------------

#[test]
fn fixture_passes_strict_check_and_prints_values_from_every_source() {
    let p = Project::fixture("other");
    let out = p.cmd().args(["check", "2024", "--strict"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let md = build_md(&p);
    // Kolada (the kommun's T value), the survey file and egenkontroller in the narrative.
    assert!(md.contains("Nöjda med hemtjänsten: 87\u{a0}%"), "{md}");
    assert!(md.contains("Bra bemötande:\n96\u{a0}%"), "{md}");
    assert!(md.contains("Läkemedelsgenomgångar:\n251."), "{md}");
    // Tables: Kolada series, survey series with a missing year, a qualified value.
    for row in [
        "| Hemtjänst, nöjd med hemtjänsten som helhet (%) | 86 | 84 | 87 | +3\u{a0}p.e. |",
        "| Personalkontinuitet i hemtjänsten | .. | .. | 13 | – |",
        "| Hemtjänst, bra bemötande från personalen (%) | .. | 94 | 96 | +2\u{a0}p.e. |",
        "| Hemtjänst, svarsfrekvens (%) | .. | .. | 55 | – |",
        "| Individ- och familjeomsorg, nöjd med stödet som helhet (%) | .. | ..¹ | 84 | – |",
        "| Personer med läkemedelsgenomgång | ca 185¹ | 224 | 251 | +12\u{a0}% |",
    ] {
        assert!(md.contains(row), "report lacks {row:?}:\n{md}");
    }
}

#[test]
fn a_value_in_two_files_is_a_conflict() {
    let p = Project::fixture("other");
    p.write(
        "data/nyckeltal.csv",
        "indikator;period;enhet;kön;värde;kvalifikator;not\nlakemedelsgenomgangar.antal;2024;;;251;;\n",
    );
    fails_with(
        &p,
        &[
            "error[data.conflict]",
            "lakemedelsgenomgangar.antal 2024 is given in both data/nyckeltal.csv and data/egenkontroller.csv",
        ],
    );
}

// ---------------------------------------------------------------------------------------
// Kolada
// ---------------------------------------------------------------------------------------

#[test]
fn kolada_json_syntax_error_is_located_by_line_and_column() {
    let p = Project::fixture("other");
    p.edit(
        "data/kolada.json",
        "\"municipality\": \"1468\", \"period\": 2023,",
        "\"municipality\": \"1468\" \"period\": 2023,",
    );
    let err = fails_with(
        &p,
        &["error[data.json]", "data/kolada.json:6:46", "expected `,` or `}`"],
    );
    assert!(err.contains("1 error"), "{err}");
}

#[test]
fn kolada_json_in_utf16_without_bom_is_refused() {
    let p = Project::fixture("other");
    let text = p.read_string("data/kolada.json");
    std::fs::write(p.path("data/kolada.json"), utf16le_without_bom(&text)).unwrap();
    fails_with(
        &p,
        &[
            "error[data.encoding]",
            "data/kolada.json looks like UTF-16",
            "save it from Excel as \"CSV UTF-8\"",
        ],
    );
}

#[test]
fn kolada_json_unknown_key_bad_number_missing_key_and_gender_all_reported() {
    let p = Project::fixture("other");
    p.edit(
        "data/kolada.json",
        "\"kpi\": \"U21468\", \"municipality\": \"1468\", \"period\": 2022,",
        "\"kpi\": \"U21468\", \"municipalty\": \"1468\", \"period\": 2022,",
    );
    p.edit("data/kolada.json", "\"value\": 84}", "\"value\": \"8x4\"}");
    p.edit("data/kolada.json", "\"gender\": \"K\"", "\"gender\": \"F\"");
    p.edit(
        "data/kolada.json",
        "{\"kpi\": \"U21401\", \"municipality\": \"1468\", \"period\": 2024,",
        "{\"municipality\": \"1468\", \"period\": 2024,",
    );
    let err = fails_with(
        &p,
        &[
            "unknown key \"municipalty\"",
            "data/kolada.json:4:23",
            "did you mean \"municipality\"?",
            "the item has no \"municipality\"",
            "invalid number \"8x4\" in \"value\"",
            "data/kolada.json:7:68",
            "invalid gender \"F\"",
            "data/kolada.json:10:40",
            "the item has no \"kpi\"",
            "data/kolada.json:16:5",
        ],
    );
    assert!(err.contains("5 errors"), "{err}");
}

#[test]
fn kolada_null_is_missing_not_zero() {
    let p = Project::fixture("other");
    p.edit(
        "data/kolada.json",
        "\"gender\": \"T\", \"status\": \"\", \"value\": 84}",
        "\"gender\": \"T\", \"status\": \"\", \"value\": null}",
    );
    let md = build_md(&p);
    assert!(
        md.contains("| Hemtjänst, nöjd med hemtjänsten som helhet (%) | 86 | .. | 87 |"),
        "{md}"
    );
}

#[test]
fn kolada_unmapped_kpi_and_unknown_indicator_get_suggestions() {
    let p = Project::fixture("other");
    p.write(
        "data/kolada-indikatorer.yaml",
        "U21469: brukarundersokning.hemtjanst_helhet\nU21401: personal.kontinuitet_hemtjanstt\nN01951: ~\n",
    );
    fails_with(
        &p,
        &[
            "error[data.kolada-unmapped]: KPI U21468 (7 values) is not in data/kolada-indikatorer.yaml",
            "data/kolada.json:4:13",
            "did you mean \"U21469\"?",
            "the catalogue names U21468 as the source of brukarundersokning.hemtjanst_helhet",
            "unknown indicator \"personal.kontinuitet_hemtjanstt\"",
            "data/kolada-indikatorer.yaml:2:9",
            "did you mean \"personal.kontinuitet_hemtjanst\"?",
        ],
    );
}

#[test]
fn kolada_without_mapping_is_an_error_naming_the_kpis() {
    let p = Project::fixture("other");
    std::fs::remove_file(p.path("data/kolada-indikatorer.yaml")).unwrap();
    fails_with(
        &p,
        &[
            "error[data.kolada-mapping]",
            "KPIs in the data: N01951, U21401, U21468",
        ],
    );
}

#[test]
fn kolada_other_kommun_warns_and_several_kommuner_need_kommunkod() {
    let p = Project::fixture("other");
    p.edit(
        "data/kolada.json",
        "\"municipality\": \"0014\"",
        "\"municipality\": \"1490\"",
    );
    let (code, err) = check(&p);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("warning[data.kolada-other-municipality]"), "{err}");
    assert!(
        err.contains("1 Kolada value for municipality 1490 is not used"),
        "{err}"
    );
    p.edit("berattelse.yaml", "  kommunkod: \"1468\"\n", "");
    fails_with(
        &p,
        &[
            "error[data.kolada-kommun]",
            "several kommuner (1468, 1490)",
            "kommunkod",
        ],
    );
}

#[test]
fn bad_kommunkod_in_config_is_located() {
    let p = Project::fixture("other");
    p.edit("berattelse.yaml", "kommunkod: \"1468\"", "kommunkod: \"Testby\"");
    fails_with(&p, &["berattelse.yaml:4:", "invalid kommunkod \"Testby\""]);
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
    let json = build_md(&Project::fixture("other"));
    let p = with_kolada_csv(KOLADA_CSV);
    let out = p.cmd().args(["check", "2024", "--strict"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(build_md(&p), json);
}

#[test]
fn kolada_csv_in_windows_1252_with_sep_line_is_read() {
    let mut bytes = b"sep=;\r\n".to_vec();
    // Windows-1252 as Excel writes it: `ö` is the single byte 0xF6.
    bytes.extend(
        KOLADA_CSV
            .replace('\n', "\r\n")
            .chars()
            .map(|c| u8::try_from(u32::from(c)).expect("Latin-1 text")),
    );
    assert!(bytes.contains(&0xf6));
    let p = Project::fixture("other");
    std::fs::remove_file(p.path("data/kolada.json")).unwrap();
    std::fs::write(p.path("data/kolada.csv"), bytes).unwrap();
    let (code, err) = check(&p);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn kolada_csv_bad_number_duplicate_unknown_and_missing_column() {
    let p = with_kolada_csv(
        &KOLADA_CSV
            .replace("U21468;1468;2023;T;84", "U21468;1468;2023;T;8 4x")
            .replace(
                "U21401;1468;2024;;13",
                "U21401;1468;2024;;13\nU21401;1468;2024;T;12",
            ),
    );
    fails_with(
        &p,
        &[
            "invalid number \"8 4x\" in column värde",
            "data/kolada.csv:3:20",
            "duplicate value for U21401 1468 2024 T",
            "data/kolada.csv:10:20",
            "first given at data/kolada.csv:9:19",
        ],
    );
    let p = with_kolada_csv(&KOLADA_CSV.replace("kpi;kommun;period;kön;värde", "kpi;komun;period;kön;värde"));
    fails_with(
        &p,
        &[
            "unknown column \"komun\"",
            "data/kolada.csv:1:5",
            "did you mean \"kommun\"?",
            "required column \"kommun\" is missing",
        ],
    );
}

#[test]
fn kolada_csv_wrong_delimiter_and_utf16() {
    // Comma-separated with decimal commas: the rows split into too many fields.
    let p = with_kolada_csv("kpi,kommun,period,kön,värde\nU21468,1468,2024,T,87,5\n");
    fails_with(
        &p,
        &[
            "row has 6 fields but the header has 5",
            "data/kolada.csv:2",
            "must be quoted",
        ],
    );
    let p = Project::fixture("other");
    std::fs::remove_file(p.path("data/kolada.json")).unwrap();
    std::fs::write(p.path("data/kolada.csv"), utf16le_without_bom(KOLADA_CSV)).unwrap();
    fails_with(&p, &["error[data.encoding]", "data/kolada.csv looks like UTF-16"]);
}

// ---------------------------------------------------------------------------------------
// Mål och aktiviteter
// ---------------------------------------------------------------------------------------

#[test]
fn goals_unknown_key_status_and_area_get_suggestions() {
    let p = Project::fixture("other");
    p.edit("data/mal.yaml", "ansvarig: MAS", "ansvarg: MAS");
    p.edit("data/mal.yaml", "status: Delvis", "status: Delvs");
    p.edit("data/mal.yaml", "område: Tillgänglig", "område: Tillgänlig");
    let err = fails_with(
        &p,
        &[
            "error[goal.unknown-key]: unknown key \"ansvarg\"",
            "data/mal.yaml:5:5",
            "did you mean \"ansvarig\"?",
            "error[goal.bad-status]: unknown status \"Delvs\"",
            "data/mal.yaml:6:13",
            "did you mean \"Delvis\"?",
            "error[goal.bad-area]: unknown quality area \"Tillgänlig\"",
            "data/mal.yaml:13:13",
            "did you mean \"Tillgänglig\"?",
        ],
    );
    assert!(err.contains("3 errors"), "{err}");
}

#[test]
fn goals_missing_year_duplicate_and_syntax_error() {
    let p = Project::fixture("other");
    p.write(
        "data/mal.yaml",
        "mål:\n  - område: Säker\n    mål: A\n    status: Klart\n  - år: 2025\n    område: Jämlik\n    mål: B\n  - år: 2025\n    område: jämlik\n    mål: B\n",
    );
    fails_with(
        &p,
        &[
            "error[goal.missing-key]: the goal has no år",
            "data/mal.yaml:2:5",
            "error[goal.duplicate]: the goal \"B\" for 2025 in Jämlik is given twice",
            "data/mal.yaml:8",
            "first given on line 5",
        ],
    );
    let p = Project::fixture("other");
    p.edit("data/mal.yaml", "    ansvarig: MAS\n", "   ansvarig: MAS\n");
    fails_with(&p, &["error[yaml.invalid]", "data/mal.yaml:5:"]);
}

#[test]
fn goals_file_in_utf16_without_bom_is_refused() {
    let p = Project::fixture("other");
    let text = p.read_string("data/mal.yaml");
    std::fs::write(p.path("data/mal.yaml"), utf16le_without_bom(&text)).unwrap();
    fails_with(&p, &["error[data.encoding]", "data/mal.yaml looks like UTF-16"]);
}

#[test]
fn earlier_goal_without_status_warns_and_fails_strict() {
    let p = Project::fixture("other");
    p.edit("data/mal.yaml", "    status: Delvis\n", "");
    let (code, err) = check(&p);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("warning[goal.no-status]"), "{err}");
    let out = p.cmd().args(["check", "2024", "--strict"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
}

// ---------------------------------------------------------------------------------------
// Egenkontroller
// ---------------------------------------------------------------------------------------

#[test]
fn checks_bad_number_unknown_indicator_duplicate() {
    let p = Project::fixture("other");
    p.edit(
        "data/egenkontroller.csv",
        "lakemedelsgenomgangar.andel;60;;",
        "lakemedelsgenomgangar.andel;6O;;",
    );
    p.edit(
        "data/egenkontroller.csv",
        "2023;;lakemedelsgenomgangar.antal",
        "2023;;lakemedelsgenomgangar.antl",
    );
    let text = p.read_string("data/egenkontroller.csv");
    p.write(
        "data/egenkontroller.csv",
        &format!("{text}loggkontroll;2024-H1;;;Ingen åtkomst;;\n"),
    );
    let err = fails_with(
        &p,
        &[
            "invalid number \"6O\" in column resultat",
            "data/egenkontroller.csv:5:57",
            "unknown indicator \"lakemedelsgenomgangar.antl\"",
            "data/egenkontroller.csv:3:29",
            "did you mean \"lakemedelsgenomgangar.antal\"?",
            "duplicate row for loggkontroll 2024-H1",
            "data/egenkontroller.csv:8",
            "first given on line 6",
        ],
    );
    assert!(err.contains("3 errors"), "{err}");
}

#[test]
fn checks_unknown_and_missing_column_wrong_delimiter_and_encoding() {
    let p = Project::fixture("other");
    p.edit("data/egenkontroller.csv", "resultat", "resultatet");
    fails_with(
        &p,
        &[
            "unknown column \"resultatet\"",
            "data/egenkontroller.csv:1:",
            "did you mean \"resultat\"?",
            "required column \"resultat\" is missing",
        ],
    );
    let p = Project::fixture("other");
    p.write(
        "data/egenkontroller.csv",
        "kontroll,period,enhet,indikator,resultat,kvalifikator,kommentar\nJournalgranskning,2024,,,71,5 %,,\n",
    );
    fails_with(
        &p,
        &[
            "row has 8 fields but the header has 7",
            "data/egenkontroller.csv:2",
        ],
    );
    let p = Project::fixture("other");
    let text = p.read_string("data/egenkontroller.csv");
    std::fs::write(p.path("data/egenkontroller.csv"), utf16le_without_bom(&text)).unwrap();
    fails_with(
        &p,
        &[
            "error[data.encoding]",
            "data/egenkontroller.csv looks like UTF-16",
        ],
    );
}

#[test]
fn checks_percentage_out_of_range() {
    let p = Project::fixture("other");
    p.edit(
        "data/egenkontroller.csv",
        "lakemedelsgenomgangar.andel;60;;",
        "lakemedelsgenomgangar.andel;160;;",
    );
    fails_with(
        &p,
        &["value \"160\" for lakemedelsgenomgangar.andel is outside 0–100"],
    );
}

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
    let (code, err) = check(&p);
    assert_eq!(code, Some(0), "{err}");
    assert!(build_md(&p).contains("Bra bemötande:\n96\u{a0}%"));
}

#[test]
fn survey_bad_share_count_duplicate_and_inconsistency() {
    let p = Project::fixture("other");
    p.edit("data/brukarundersokning.csv", ";2023;94;330;", ";2023;194;330;");
    p.edit("data/brukarundersokning.csv", ";2024;96;348;", ";2024;96;34,8;");
    p.edit("data/brukarundersokning.csv", ";2024;74;331;", ";2024;74;400;");
    let text = p.read_string("data/brukarundersokning.csv");
    p.write(
        "data/brukarundersokning.csv",
        &format!("{text}IFO;Sammantaget nöjd med stödet;;;2024;80;0;;;;\nHemtjänst;;;Hemtjänst Norr;2024;;0;57;;;\n"),
    );
    let err = fails_with(
        &p,
        &[
            "andel_positiva \"194\" is outside 0–100",
            "data/brukarundersokning.csv:3:66",
            "invalid count \"34,8\" in column antal_svarande",
            "400 answered the question but only 352 answered the survey",
            "data/brukarundersokning.csv:6:",
            "duplicate row for IFO, \"Sammantaget nöjd med stödet\" 2024",
            "data/brukarundersokning.csv:9",
            "svarsfrekvens is 57 % but antal_svarande is 0",
            "data/brukarundersokning.csv:10:",
            // The unit's own row now says 0 answered, below its question row's 117.
            "117 answered the question but only 0 answered the survey",
        ],
    );
    assert!(err.contains("7 errors"), "{err}");
}

#[test]
fn survey_unknown_and_missing_column_wrong_delimiter_and_encoding() {
    let p = Project::fixture("other");
    p.edit("data/brukarundersokning.csv", "svarsfrekvens", "svarsfrekvns");
    fails_with(
        &p,
        &[
            "unknown column \"svarsfrekvns\"",
            "did you mean \"svarsfrekvens\"?",
        ],
    );
    let p = Project::fixture("other");
    p.edit("data/brukarundersokning.csv", "andel_positiva", "positiva");
    fails_with(
        &p,
        &[
            "unknown column \"positiva\"",
            "required column \"andel_positiva\" is missing",
        ],
    );
    let p = Project::fixture("other");
    p.write(
        "data/brukarundersokning.csv",
        "undersökning,fråga,period,andel_positiva\nHemtjänst,Bemötande,2024,95,5\n",
    );
    fails_with(
        &p,
        &[
            "row has 5 fields but the header has 4",
            "data/brukarundersokning.csv:2",
        ],
    );
    let p = Project::fixture("other");
    let text = p.read_string("data/brukarundersokning.csv");
    std::fs::write(p.path("data/brukarundersokning.csv"), utf16le_without_bom(&text)).unwrap();
    fails_with(
        &p,
        &[
            "error[data.encoding]",
            "data/brukarundersokning.csv looks like UTF-16",
        ],
    );
}

#[test]
fn survey_indicator_must_exist_and_be_a_percentage() {
    let p = Project::fixture("other");
    p.edit(
        "data/brukarundersokning.csv",
        ";84;71;;84;brukarundersokning.ifo_helhet;",
        ";84;71;;84;lakemedelsgenomgangar.antal;",
    );
    p.edit(
        "data/brukarundersokning.csv",
        "2023;94;330;;95;brukarundersokning.hemtjanst_bemotande",
        "2023;94;330;;95;brukarundersokning.hemtjanst_bemotand",
    );
    fails_with(
        &p,
        &[
            "indicator lakemedelsgenomgangar.antal is not a percentage",
            "unknown indicator \"brukarundersokning.hemtjanst_bemotand\"",
            "did you mean \"brukarundersokning.hemtjanst_bemotande\"?",
        ],
    );
}

// ---------------------------------------------------------------------------------------
// The example project
// ---------------------------------------------------------------------------------------

#[test]
fn example_project_reads_every_new_source_cleanly() {
    let p = Project::copy_of(&super::support::examples().join("exempelkommun"));
    let out = p.cmd().args(["check", "2024", "--strict"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let md = build_md(&p);
    // Figures that moved out of nyckeltal.csv print as before.
    for expected in [
        "En hemtjänsttagare mötte i genomsnitt 13 olika medarbetare",
        "| ca 160¹ | ca 185¹ | 224 | 251 | +12\u{a0}% |",
        "| 40² | 46² | 55 | 60 | +5\u{a0}p.e. |",
        "| ..¹ | 81 | ..¹ | 84 | – |",
    ] {
        assert!(md.contains(expected), "report lacks {expected:?}");
    }
}
