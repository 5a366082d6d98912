//! Hostile input (issue 10): files a coordinator or an export could hand the tool that must
//! give one clear error with file, line and column, never a crash, a garbled report or a
//! write outside out/. Helpers stay in this module.

use crate::support::{MIN_SLUG, Project, stderr_of};

/// Run `check 2024` on the project: (exit code, stderr).
fn check(p: &Project) -> (Option<i32>, String) {
    let out = p.cmd().args(["check", "2024"]).output().unwrap();
    (out.status.code(), stderr_of(&out))
}

/// Assert that `err` holds every line of `wanted`.
fn assert_has(err: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(err.contains(w), "missing {w:?} in:\n{err}");
    }
}

/// Replace the first `from` in a project file by raw bytes.
fn edit_bytes(p: &Project, rel: &str, from: &str, to: &[u8]) {
    let bytes = p.read(rel);
    let at = bytes
        .windows(from.len())
        .position(|w| w == from.as_bytes())
        .unwrap_or_else(|| panic!("{rel} does not contain {from:?}"));
    let mut out = bytes[..at].to_vec();
    out.extend_from_slice(to);
    out.extend_from_slice(&bytes[at + from.len()..]);
    std::fs::write(p.path(rel), out).unwrap();
}

#[test]
fn a_slug_that_is_a_path_is_refused_and_nothing_is_written_outside_out() {
    let p = Project::fixture("minimal");
    p.edit(
        "berattelse.yaml",
        "  kind: kvalitets-och-patientsakerhetsberattelse\n",
        "  kind: kvalitets-och-patientsakerhetsberattelse\n  slug: ../../../utanfor\n",
    );
    let out = p
        .cmd()
        .args(["build", "2024", "--format", "md"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_has(
        &err,
        &[
            "slug \"../../../utanfor\" is a path",
            "expected one file name",
            "--> berattelse.yaml:6:3",
        ],
    );
    assert!(!p.root.parent().unwrap().join("utanfor.md").exists());
    assert!(!p.path("utanfor.md").exists());
    assert!(!p.path(&format!("out/2024/{MIN_SLUG}.md")).exists());
}

#[test]
fn a_stray_windows_1252_byte_in_the_config_is_an_error_not_mojibake() {
    let p = Project::fixture("minimal");
    // A comment typed in an editor that saved one line as Windows-1252 ("ö" = 0xF6).
    edit_bytes(
        &p,
        "berattelse.yaml",
        "organisation:\n",
        b"# S\xf6dra\norganisation:\n",
    );
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "berattelse.yaml is not UTF-8: byte 0xF6 at line 1, column 4",
            "--> berattelse.yaml:1:4",
            "in Windows-1252 (\"ANSI\") the byte is \"ö\"",
        ],
    );
}

#[test]
fn a_stray_windows_1252_byte_in_a_text_is_an_error_not_mojibake() {
    let p = Project::fixture("minimal");
    edit_bytes(
        &p,
        "texts/avvikelser.md",
        "den vanligaste",
        b"den vanligaste (s\xe5 kallade)",
    );
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "texts/avvikelser.md is not UTF-8: byte 0xE5 at line 3, column 35",
            "--> texts/avvikelser.md:3:35",
        ],
    );
}

#[test]
fn a_declared_utf16_text_is_still_read() {
    let p = Project::fixture("minimal");
    let text = p.read_string("texts/avvikelser.md");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(p.path("texts/avvikelser.md"), bytes).unwrap();
    let (code, err) = check(&p);
    assert_eq!(code, Some(0), "{err}");
}

/// A tidy export that mixes encodings is refused before any one encoding garbles it.
#[test]
fn a_csv_export_mixing_utf8_and_windows_1252_names_the_encodings_not_a_column() {
    let p = Project::fixture("minimal");
    // The header is UTF-8 ("kön", "värde"); one value line has a Windows-1252 "å".
    let mut bytes = p.read("data/nyckeltal.csv");
    bytes.extend_from_slice(b"test.fall;2021;;;1 100;;p\xe5 prov\n");
    std::fs::write(p.path("data/nyckeltal.csv"), bytes).unwrap();
    let lines = String::from_utf8_lossy(&p.read("data/nyckeltal.csv"))
        .lines()
        .count();
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "error[data.mixed-encoding]: data/nyckeltal.csv mixes two text encodings",
            &format!("--> data/nyckeltal.csv:{lines}:26"),
            &format!(
                "line 1 has UTF-8 characters, but byte 0xE5 on line {lines} is not UTF-8 (Windows-1252?)"
            ),
        ],
    );
    assert!(!err.contains("unknown column"), "{err}");
}

#[test]
fn a_nul_in_a_csv_export_is_a_control_character_not_utf16() {
    let p = Project::fixture("minimal");
    edit_bytes(&p, "data/nyckeltal.csv", "test.fall;2023", b"test.fall\0;2023");
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "data/nyckeltal.csv has the control character U+0000 (NUL) at line 3, column 10",
            "--> data/nyckeltal.csv:3:10",
        ],
    );
    assert!(!err.contains("UTF-16"), "{err}");
}

#[test]
fn a_nul_in_a_text_fails_check_at_its_place() {
    let p = Project::fixture("minimal");
    edit_bytes(&p, "texts/avvikelser.md", "vanligaste", b"vanli\0gaste");
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "texts/avvikelser.md has the control character U+0000 (NUL) at line 3, column 27",
            "--> texts/avvikelser.md:3:27",
        ],
    );
}

#[test]
fn a_control_character_in_yaml_is_located_not_at_1_1() {
    let p = Project::fixture("minimal");
    edit_bytes(&p, "berattelse.yaml", "Testby kommun", b"Testby\x0b kommun");
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "berattelse.yaml has the control character U+000B (vertical tab) at line 2, column 17",
            "--> berattelse.yaml:2:17",
        ],
    );
}

#[test]
fn duplicate_keys_in_kolada_json_are_refused_with_their_place() {
    let p = Project::fixture("other");
    p.edit(
        "data/kolada.json",
        "\"status\": \"\", \"value\": 86}",
        "\"status\": \"\", \"value\": 86, \"value\": 99}",
    );
    let text = p.read_string("data/kolada.json");
    let (line, column) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| {
            l.find("\"value\": 99")
                .map(|c| (i + 1, l[..c].chars().count() + 1))
        })
        .unwrap();
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "invalid JSON in data/kolada.json: duplicate key \"value\" in an object",
            &format!("--> data/kolada.json:{line}:{column}"),
        ],
    );
}

#[test]
fn impossible_catalogue_values_are_refused_at_their_place() {
    let p = Project::fixture("minimal");
    p.edit(
        "data/indikatorer.yaml",
        "{ level: national, value: 100 }",
        "{ level: national, value: .nan }",
    );
    p.edit(
        "data/indikatorer.yaml",
        "    decimals: 1\n",
        "    decimals: 255\n",
    );
    p.edit("data/indikatorer.yaml", "id: test.lex_sarah", "id: Lex Sarah");
    let text = p.read_string("data/indikatorer.yaml");
    let line_of = |s: &str| text.lines().position(|l| l.contains(s)).unwrap() + 1;
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "error[catalogue.invalid]: the target of indicator \"test.smartskattning\" is NaN, not a number",
            &format!("--> data/indikatorer.yaml:{}:", line_of("value: .nan")),
            "expected a finite number",
            "error[catalogue.invalid]: indicator \"test.brytpunkt\" has decimals: 255",
            &format!("--> data/indikatorer.yaml:{}:15", line_of("decimals: 255")),
            "expected 0 to 6 decimals",
            "error[catalogue.invalid]: indicator id \"Lex Sarah\" is not a valid id",
            &format!("--> data/indikatorer.yaml:{}:9", line_of("id: Lex Sarah")),
        ],
    );
}

#[test]
fn profile_errors_name_their_line() {
    let p = Project::fixture("minimal");
    let mut text = p.read_string("berattelse.yaml");
    text.push_str("profil:\n  typsnitt:\n    - typsnitt/saknas.ttf\n  brödtext: Comic Sans\n  logotyp:\n    fil: bilder/saknas.svg\n    alt: \" \"\n");
    p.write("berattelse.yaml", &text);
    let line_of = |s: &str| text.lines().position(|l| l.contains(s)).unwrap() + 1;
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "font file \"typsnitt/saknas.ttf\" does not exist",
            &format!("--> berattelse.yaml:{}:7", line_of("- typsnitt/saknas.ttf")),
            "body_font \"Comic Sans\" is not the family of any font",
            &format!("--> berattelse.yaml:{}:13", line_of("brödtext:")),
            "logo \"bilder/saknas.svg\" does not exist",
            &format!("--> berattelse.yaml:{}:10", line_of("fil: bilder")),
            "the logo's alt text is empty",
            &format!("--> berattelse.yaml:{}:10", line_of("alt: ")),
        ],
    );
}

#[test]
fn ten_thousand_unknown_columns_are_shown_a_hundred_times_then_counted() {
    let p = Project::fixture("minimal");
    let text = p.read_string("data/nyckeltal.csv");
    let (header, rest) = text.split_once('\n').unwrap();
    let extra: String = (0..10_000).map(|i| format!(";okänd{i}")).collect();
    p.write("data/nyckeltal.csv", &format!("{header}{extra}\n{rest}"));
    let (code, err) = check(&p);
    assert_eq!(code, Some(1));
    assert_eq!(
        err.matches("error[data.unknown-column]").count(),
        100,
        "{}",
        &err[..2000.min(err.len())]
    );
    assert_has(
        &err,
        &[
            "unknown column \"okänd99\"",
            "error[data.more-errors]: 9 900 more errors of the kind [data.unknown-column] in data/nyckeltal.csv",
        ],
    );
    assert!(!err.contains("okänd100\""), "{}", &err[..2000.min(err.len())]);
    assert!(err.len() < 100_000, "{} bytes", err.len());
}

#[test]
fn a_huge_bad_value_is_not_echoed_whole() {
    let p = Project::fixture("minimal");
    let huge = "9x".repeat(500_000);
    p.edit(
        "data/nyckeltal.csv",
        "test.fall;2023;;;1 356;;",
        &format!("test.fall;2023;;;{huge};;"),
    );
    let (code, err) = check(&p);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("(1 000 000 characters)"),
        "{}",
        &err[..2000.min(err.len())]
    );
    assert!(err.len() < 20_000, "{} bytes", err.len());
}

#[test]
fn a_stray_xlsx_cell_far_from_the_table_is_named_not_an_abort() {
    let p = Project::fixture("registries");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Personal").unwrap();
    for (c, h) in ["År", "Kön", "Mått", "Värde"].iter().enumerate() {
        ws.write(0, c as u16, *h).unwrap();
    }
    ws.write(1, 0, 2024).unwrap();
    ws.write(1, 2, "anställda").unwrap();
    ws.write(1, 3, 412).unwrap();
    ws.write(1_048_575, 16_383, 1).unwrap();
    std::fs::write(p.path("data/personal.xlsx"), wb.save_to_buffer().unwrap()).unwrap();
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "error[data.xlsx-far-cell]: cell XFD1048576 of sheet \"Personal\" in data/personal.xlsx lies far outside the table (A1:D2)",
            "--> data/personal.xlsx:1048576:16384",
            "delete the stray cell",
        ],
    );
}

/// Run `check 2024`, killing it if it has not finished within `secs` (a blocked read).
fn check_within(p: &Project, secs: u64) -> (Option<i32>, String) {
    let out = p
        .cmd()
        .args(["check", "2024"])
        .timeout(std::time::Duration::from_secs(secs))
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(
        out.status.code().is_some(),
        "check did not finish within {secs} s: {err}"
    );
    (out.status.code(), err)
}

#[cfg(unix)]
#[test]
fn a_fifo_as_a_text_is_refused_without_blocking() {
    let p = Project::fixture("minimal");
    std::fs::remove_file(p.path("texts/sammanfattning.md")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(p.path("texts/sammanfattning.md"))
        .status()
        .unwrap();
    assert!(made.success());
    let (code, err) = check_within(&p, 60);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "texts/sammanfattning.md is a FIFO (named pipe)",
            "expected a regular file",
        ],
    );
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_or_fifo_as_a_data_file_is_reported_not_absent() {
    let p = Project::fixture("minimal");
    std::fs::remove_file(p.path("data/nyckeltal.csv")).unwrap();
    std::os::unix::fs::symlink("export/nyckeltal.csv", p.path("data/nyckeltal.csv")).unwrap();
    let (code, err) = check_within(&p, 60);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &["data/nyckeltal.csv is a symlink to nothing (to export/nyckeltal.csv)"],
    );

    std::fs::remove_file(p.path("data/nyckeltal.csv")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(p.path("data/nyckeltal.csv"))
        .status()
        .unwrap();
    assert!(made.success());
    let (code, err) = check_within(&p, 60);
    assert_eq!(code, Some(1), "{err}");
    assert_has(&err, &["data/nyckeltal.csv is a FIFO (named pipe)"]);
}

#[test]
fn an_undoubled_quote_inside_a_quoted_csv_field_is_an_error_at_the_quote() {
    // Read whole (formats::table).
    let p = Project::fixture("minimal");
    p.edit(
        "data/nyckeltal.csv",
        "test.fall;2022;;;1 204;;\n",
        "test.fall;2022;;;1 204;;\"se \"not\" här\"\n",
    );
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "a quote inside a quoted field is not doubled",
            "--> data/nyckeltal.csv:2:29",
        ],
    );
    // Streamed (formats::stream), in a Windows-1252 export.
    let p = Project::fixture("cases");
    edit_bytes(
        &p,
        "data/avvikelser.csv",
        ";Intern;;Ja\r\n",
        b";Intern;\"a \"b\" c\";Ja\r\n",
    );
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "a quote inside a quoted field is not doubled",
            "--> data/avvikelser.csv:3:",
        ],
    );
}

#[test]
fn a_count_beyond_2_pow_53_is_refused_not_printed_with_other_digits() {
    let p = Project::fixture("minimal");
    p.edit(
        "data/nyckeltal.csv",
        "test.fall;2022;;;1 204;;\n",
        "test.fall;2022;;;9 007 199 254 740 993;;\n",
    );
    let (code, err) = check(&p);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "\"9 007 199 254 740 993\" is above 9 007 199 254 740 992",
            "--> data/nyckeltal.csv:2:18",
        ],
    );
}

/// Append a `limits:` block to the project's berattelse.yaml.
fn set_limits(p: &Project, block: &str) {
    let mut config = p.read_string("berattelse.yaml");
    config.push_str(&format!("limits:\n{block}"));
    p.write("berattelse.yaml", &config);
}

#[test]
fn a_text_above_the_size_limit_is_refused_at_load_with_its_size() {
    let p = Project::fixture("minimal");
    let mut text = p.read_string("texts/sammanfattning.md");
    while text.len() <= 600 * 1024 {
        text.push_str("Arbetet har bedrivits i ständig förbättring med fokus på delaktighet.\n");
    }
    p.write("texts/sammanfattning.md", &text);
    let (code, err) = check_within(&p, 120);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            &format!("texts/sammanfattning.md is {} bytes", group(text.len())),
            "above the text size limit of 524 288 bytes (512 KiB)",
            "--> texts/sammanfattning.md",
            "raise limits.text_size in berattelse.yaml",
        ],
    );
    // The limit is the project's to set.
    set_limits(&p, "  text_size: 1000000\n");
    let (code, err) = check_within(&p, 120);
    assert!(!err.contains("text size limit"), "{err}");
    assert_eq!(code, Some(0), "{err}");
}

fn group(n: usize) -> String {
    let d = n.to_string();
    let mut out = String::new();
    for (i, c) in d.chars().enumerate() {
        if i > 0 && (d.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[test]
fn nested_template_loops_in_a_text_stop_at_the_render_limits() {
    // No output: only the deadline stops it.
    let p = Project::fixture("minimal");
    set_limits(&p, "  render_seconds: 1\n");
    p.write(
        "texts/sammanfattning.md",
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}\n",
    );
    let (code, err) = check_within(&p, 60);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &[
            "texts/sammanfattning.md did not finish rendering within the render time limit of 1 s",
            "raise limits.render_seconds",
        ],
    );
    // Output: stopped at the size bound long before memory runs out.
    let p = Project::fixture("minimal");
    set_limits(&p, "  render_seconds: 600\n");
    p.write(
        "texts/sammanfattning.md",
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}Upprepad mening. {% endfor %}{% endfor %}\n",
    );
    let (code, err) = check_within(&p, 60);
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &["texts/sammanfattning.md renders to more than 16 777 216 bytes (16.0 MiB)"],
    );
}
