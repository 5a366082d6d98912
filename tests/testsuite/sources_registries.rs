//! Measure sources (Senior alert, palliativregistret, BPSD, PPM-BHK, personal, rättssäkerhet):
//! the binary on the `registries` fixture, with correct files and with each kind of bad file.

use super::support::{MIN_SLUG, Project, normalise, stderr_of};

/// The fixture's delimited source files, a line of each that the tests break, and how the
/// file is encoded.
struct Source {
    file: &'static str,
    /// A data line as it is in the file (line `line`), and its delimiter.
    row: &'static str,
    line: usize,
    delimiter: char,
    windows_1252: bool,
}

const SOURCES: &[Source] = &[
    Source {
        file: "data/senior-alert.csv",
        row: "2024;;riskbedömningar;;936",
        line: 8,
        delimiter: ';',
        windows_1252: false,
    },
    Source {
        file: "data/palliativregistret.csv",
        row: "2024,smärtskattning,58,47,49,preliminär,",
        line: 7,
        delimiter: ',',
        windows_1252: false,
    },
    Source {
        file: "data/bpsd.csv",
        row: "2024\tregistreringar\t167",
        line: 5,
        delimiter: '\t',
        windows_1252: false,
    },
    Source {
        file: "data/hygien.csv",
        row: "2024;Observationer;;251;",
        line: 5,
        delimiter: ';',
        windows_1252: true,
    },
    Source {
        file: "data/rattssakerhet.csv",
        row: "2024;;beslut;;avslag;93",
        line: 14,
        delimiter: ';',
        windows_1252: false,
    },
];

fn text_of(p: &Project, s: &Source) -> String {
    let bytes = p.read(s.file);
    if s.windows_1252 {
        bytes.iter().map(|&b| char::from(b)).collect()
    } else {
        String::from_utf8(bytes).unwrap()
    }
}

/// Write a source file back in its own encoding (Windows-1252 is Latin-1 for these letters).
fn write_as(p: &Project, s: &Source, text: &str) {
    let bytes: Vec<u8> = if s.windows_1252 {
        text.chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap())
            .collect()
    } else {
        text.as_bytes().to_vec()
    };
    std::fs::write(p.path(s.file), bytes).unwrap();
}

fn edit(p: &Project, s: &Source, from: &str, to: &str) {
    let text = text_of(p, s);
    assert!(text.contains(from), "{} does not contain {from:?}", s.file);
    write_as(p, s, &text.replacen(from, to, 1));
}

/// Run `check 2024` and expect exit code 1; return stderr.
fn check_fails(p: &Project) -> String {
    let out = p.cmd().args(["check", "2024"]).output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    err
}

fn assert_has(err: &str, expected: &str) {
    assert!(err.contains(expected), "stderr lacks {expected:?}:\n{err}");
}

/// 1-based column of the `field`th field (0-based) of a line.
fn column_of(row: &str, delimiter: char, field: usize) -> usize {
    if field == 0 {
        return 1;
    }
    row.char_indices()
        .filter(|(_, c)| *c == delimiter)
        .nth(field - 1)
        .map(|(i, _)| row[..i].chars().count() + 2)
        .unwrap()
}

#[test]
fn correct_files_pass_strict_check_and_reach_the_report() {
    let p = Project::fixture("registries");
    let out = p.cmd().args(["check", "2024", "--strict"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    p.cmd()
        .args(["build", "2024", "--format", "md"])
        .assert()
        .success();
    let md = normalise(&p.read_string(&format!("out/2024/{MIN_SLUG}.md")));
    // One value from each source, as the report prints it.
    for expected in [
        "Under 2024 gjordes 936 riskbedömningar i Senior alert.", // senior-alert.csv
        "Sjukfrånvaron var 8,2 % och",                            // personal.xlsx, a percent cell
        "Smärtskattning sista levnadsveckan: 58 %[^not-egenkontroller-1].", // palliativregistret.csv, preliminär
        "ändrade nämndens beslut: 3.",                                      // rattssakerhet.csv
        "73,7 % av",                                                        // hygien.csv (Windows-1252)
        "| Uppföljande skattningar i BPSD-registret | 52 | 63 |",           // bpsd.csv (tab)
        "| Personal utbildad i demensvård | 52 | 57 |",                     // xlsx with a dimension
        "| Genomsnittlig NPI-poäng vid senaste skattning (poäng) | 15,1 | 14,2 |",
    ] {
        assert!(md.contains(expected), "report lacks {expected:?}:\n{md}");
    }
}

#[test]
fn unknown_column_is_located_with_a_suggestion_in_every_source() {
    for s in SOURCES {
        let p = Project::fixture("registries");
        let text = text_of(&p, s);
        let header = text.lines().next().unwrap();
        let (first, _) = header.split_once(s.delimiter).unwrap();
        // "värde" misspelt in the header.
        let bad = header.replacen("ärde", "ärd", 1);
        edit(&p, s, header, &bad);
        let err = check_fails(&p);
        let col = column_of(
            &bad,
            s.delimiter,
            bad.split(s.delimiter).position(|f| f.ends_with("ärd")).unwrap(),
        );
        assert_has(&err, &format!("{}:1:{col}", s.file));
        assert_has(&err, "unknown column");
        assert_has(&err, "did you mean \"värde\"?");
        assert_has(&err, "required column \"värde\" is missing");
        assert!(!first.is_empty());
    }
}

#[test]
fn missing_column_is_reported_in_every_source() {
    for s in SOURCES {
        let p = Project::fixture("registries");
        // Remove the first column (år) from every line.
        let text = text_of(&p, s);
        let cut: String = text
            .split_inclusive('\n')
            .map(|l| l.split_once(s.delimiter).map_or(l, |(_, rest)| rest).to_string())
            .collect();
        write_as(&p, s, &cut);
        let err = check_fails(&p);
        assert_has(&err, &format!("{}:1", s.file));
        assert_has(&err, "required column \"år\" is missing");
        assert_has(&err, "expected columns: år, enhet, kön, mått, värde");
    }
}

#[test]
fn bad_number_names_file_line_column_and_value_in_every_source() {
    for s in SOURCES {
        let p = Project::fixture("registries");
        let fields: Vec<&str> = s.row.split(s.delimiter).collect();
        let value_field = fields
            .iter()
            .position(|f| f.chars().next().is_some_and(|c| c.is_ascii_digit()) && *f != "2024")
            .unwrap();
        let mut broken: Vec<String> = fields.iter().map(ToString::to_string).collect();
        broken[value_field] = "1x3".to_string();
        let broken = broken.join(&s.delimiter.to_string());
        edit(&p, s, s.row, &broken);
        let err = check_fails(&p);
        let col = column_of(&broken, s.delimiter, value_field);
        assert_has(&err, &format!("{}:{}:{col}", s.file, s.line));
        assert_has(&err, "\"1x3\"");
        assert_has(&err, "column värde");
        assert_has(&err, "expected");
    }
}

#[test]
fn duplicate_row_points_at_the_first_in_every_source() {
    for s in SOURCES {
        let p = Project::fixture("registries");
        let newline = if s.windows_1252 { "\r\n" } else { "\n" };
        edit(&p, s, s.row, &format!("{}{newline}{}", s.row, s.row));
        let err = check_fails(&p);
        assert_has(&err, "error[data.duplicate-row]");
        assert_has(&err, &format!("{}:{}", s.file, s.line + 1));
        assert_has(&err, &format!("first given on line {}", s.line));
    }
}

#[test]
fn wrong_delimiter_is_caught_in_every_source() {
    // Decimal commas in a comma-delimited export: the row has more fields than the header.
    for s in SOURCES {
        let p = Project::fixture("registries");
        let text = text_of(&p, s);
        let commas: String = text.replace(s.delimiter, ",");
        let mut lines: Vec<String> = commas.lines().map(str::to_string).collect();
        let row = s.row.replace(s.delimiter, ",");
        let i = lines.iter().position(|l| *l == row).unwrap();
        lines[i] = format!("{row},5");
        let newline = if s.windows_1252 { "\r\n" } else { "\n" };
        write_as(&p, s, &(lines.join(newline) + newline));
        let err = check_fails(&p);
        assert_has(&err, &format!("{}:{}", s.file, s.line));
        assert_has(&err, "fields but the header has");
        assert_has(&err, "fields are separated by `,`");
    }
}

#[test]
fn utf16_without_bom_is_rejected_with_located_errors_in_every_source() {
    for s in SOURCES {
        let p = Project::fixture("registries");
        let text = text_of(&p, s);
        let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        std::fs::write(p.path(s.file), bytes).unwrap();
        let err = check_fails(&p);
        // Refused as a whole, with the likely cause, instead of as garbled columns.
        assert_has(&err, &format!("--> {}:1\n", s.file));
        assert_has(&err, "error[data.encoding]");
        assert_has(&err, "looks like UTF-16 text without a byte order mark");
    }
}

#[test]
fn unknown_measure_and_breakdown_get_suggestions() {
    let p = Project::fixture("registries");
    let s = &SOURCES[0];
    edit(
        &p,
        s,
        "2024;;händelser;trycksår;49",
        "2024;;händelser;trycksårr;49",
    );
    edit(&p, s, "2024;;med risk;;861", "2024;;med risc;;861");
    let err = check_fails(&p);
    assert_has(&err, "data/senior-alert.csv:9:7\n");
    assert_has(&err, "unknown measure \"med risc\" in column mått");
    assert_has(&err, "did you mean \"med risk\"?");
    assert_has(&err, "data/senior-alert.csv:13:17\n");
    assert_has(&err, "unknown riskområde \"trycksårr\"");
    assert_has(&err, "did you mean \"trycksår\"?");
}

#[test]
fn consistency_rules_are_errors_with_both_lines() {
    let p = Project::fixture("registries");
    edit(&p, &SOURCES[0], "2024;;med risk;;861", "2024;;med risk;;961");
    edit(
        &p,
        &SOURCES[4],
        "2024;;domar;förvaltningsrätt;fastställt;17",
        "2024;;domar;förvaltningsrätt;fastställt;18",
    );
    edit(
        &p,
        &SOURCES[4],
        "2024;Funktionsstöd;ej verkställda beslut;;;9",
        "2024;Funktionsstöd;ej verkställda beslut;;;19",
    );
    let err = check_fails(&p);
    assert_has(&err, "data/senior-alert.csv:9:17");
    assert_has(
        &err,
        "med risk (961) is larger than riskbedömningar (936) for 2024",
    );
    assert_has(
        &err,
        "andel med risk is 92 but med risk / riskbedömningar = 961 / 936 is 102,7 % for 2024",
    );
    assert_has(&err, "domar, instans förvaltningsrätt is 20 but");
    assert_has(&err, "add up to 21 for 2024");
    assert_has(
        &err,
        "ej verkställda beslut is 17 for 2024 but its units add up to 19",
    );
    assert_has(&err, "4 errors");
}

#[test]
fn a_value_in_both_nyckeltal_and_a_registry_file_is_a_conflict() {
    let p = Project::fixture("registries");
    p.write(
        "data/nyckeltal.csv",
        "indikator;period;värde\nbpsd.registreringar;2024;167\n",
    );
    let err = check_fails(&p);
    assert_has(&err, "error[data.conflict]");
    assert_has(&err, "bpsd.registreringar 2024 is given in both");
}

#[test]
fn xlsx_errors_name_row_column_and_cell() {
    let p = Project::fixture("registries");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Personal").unwrap();
    for (c, h) in ["År", "Kön", "Mått", "Värde", "Anmärkningar"].iter().enumerate() {
        ws.write(0, c as u16, *h).unwrap();
    }
    let wb_bytes = |wb: &mut rust_xlsxwriter::Workbook| wb.save_to_buffer().unwrap();
    std::fs::write(p.path("data/personal.xlsx"), wb_bytes(&mut wb)).unwrap();
    let err = check_fails(&p);
    assert_has(&err, "data/personal.xlsx:1:5");
    assert_has(&err, "unknown column \"Anmärkningar\"");
    assert_has(&err, "in cell E1");
    // No snippet of the zip archive is printed.
    assert!(!err.contains("PK"), "{err}");

    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["År", "Kön", "Mått", "Värde"].iter().enumerate() {
        ws.write(0, c as u16, *h).unwrap();
    }
    ws.write(1, 0, 2024).unwrap();
    ws.write(1, 2, "sjukfrånvaro").unwrap();
    ws.write(1, 3, 108.2).unwrap();
    ws.write(2, 0, 2024).unwrap();
    ws.write(2, 2, "anställda").unwrap();
    ws.write(2, 3, "tusen").unwrap();
    ws.write(3, 0, 2024).unwrap();
    ws.write(3, 2, "heltidsandel").unwrap();
    ws.write(3, 3, 84).unwrap();
    ws.write(4, 0, 2024).unwrap();
    ws.write(4, 2, "heltidsandel").unwrap();
    ws.write(4, 3, 84).unwrap();
    std::fs::write(p.path("data/personal.xlsx"), wb_bytes(&mut wb)).unwrap();
    let err = check_fails(&p);
    assert_has(&err, "data/personal.xlsx:2:4");
    assert_has(&err, "share \"108.2\" for sjukfrånvaro in column värde");
    assert_has(&err, "cell D2");
    assert_has(&err, "data/personal.xlsx:3:4");
    assert_has(&err, "invalid count \"tusen\"");
    assert_has(&err, "cell D3");
    assert_has(&err, "data/personal.xlsx:5");
    assert_has(&err, "duplicate row for heltidsandel 2024");
    assert_has(&err, "3 errors");
}

#[test]
fn corrupt_or_renamed_xlsx_is_one_clear_error() {
    let p = Project::fixture("registries");
    std::fs::write(
        p.path("data/personal.xlsx"),
        "år;mått;värde\n2024;sjukfrånvaro;8,2\n",
    )
    .unwrap();
    let err = check_fails(&p);
    assert_has(
        &err,
        "error[data.xlsx]: cannot read data/personal.xlsx as an Excel workbook",
    );
    assert_has(&err, "is it a CSV file named .xlsx? rename it to .csv");
    assert_has(&err, "1 error");

    let mut bytes = std::fs::read(super::support::fixtures().join("registries/data/personal.xlsx")).unwrap();
    bytes.truncate(bytes.len() / 3);
    std::fs::write(p.path("data/personal.xlsx"), bytes).unwrap();
    let err = check_fails(&p);
    assert_has(&err, "cannot read data/personal.xlsx as an Excel workbook");
    assert_has(&err, "damaged");
}

#[test]
fn two_files_for_one_source_are_ambiguous() {
    let p = Project::fixture("registries");
    p.write("data/personal.csv", "år;mått;värde\n2022;sjukfrånvaro;9,4\n");
    let err = check_fails(&p);
    assert_has(&err, "error[data.ambiguous-source]");
    assert_has(&err, "data/personal.csv, data/personal.xlsx");
}

#[test]
fn example_project_prints_the_registry_figures() {
    let p = Project::copy_of(&super::support::examples().join("exempelkommun"));
    let out = p.cmd().args(["check", "2024", "--strict"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    p.cmd()
        .args(["build", "2024", "--format", "md"])
        .assert()
        .success();
    let md = p.read_string(&format!("out/2024/{MIN_SLUG}.md"));
    for expected in [
        "| Riskbedömningar i Senior alert | 842 | 905 | 874 | 936 | +7,1\u{a0}% |",
        "| Registrerade dödsfall | 148 | 161 | 154 | 167¹ | +8,4\u{a0}% |",
        "| Registreringar i BPSD-registret | 118 | 131 | 142 | 167 | +18\u{a0}% |",
        "| Följsamhet i samtliga åtta steg (%) | 58,5 | 66,9 | 61,0 | 73,7¹ | +12,7\u{a0}p.e. |",
        "| Sjukfrånvaro (%) | 10,1 | 9,4 | 8,7 | 8,2 | −0,5\u{a0}p.e. |",
        "| Andel heltidsanställda (%) | 71 | 76 | 81 | 84 | +3\u{a0}p.e. |",
    ] {
        assert!(md.contains(expected), "report lacks {expected:?}");
    }
}
