//! Bad input: located messages, all errors in one run, exit codes, earlier outputs kept.

use super::support::{MIN_SLUG, Project, stderr_of};

#[test]
fn bad_number_exits_1_with_location_and_keeps_previous_pdf() {
    let p = Project::fixture("minimal");
    p.cmd().args(["build", "2024"]).assert().success();
    let pdf_path = format!("out/2024/{MIN_SLUG}.pdf");
    let before = p.read(&pdf_path);
    p.edit(
        "data/nyckeltal.csv",
        "test.fall;2023;;;1 356;;",
        "test.fall;2023;;;1 3x6;;",
    );
    let out = p.cmd().args(["build", "2024"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("data/nyckeltal.csv:3:18"), "{err}");
    assert!(err.contains("\"1 3x6\""), "{err}");
    assert!(err.contains("no files were written"), "{err}");
    assert_eq!(p.read(&pdf_path), before, "the earlier PDF must be untouched");
}

#[test]
fn all_errors_in_all_files_are_reported_in_one_run() {
    let p = Project::fixture("minimal");
    p.edit(
        "data/nyckeltal.csv",
        "test.lex_sarah;2022;;;44;;",
        "test.lex_sarah;2022;;;-44;;",
    );
    p.edit(
        "data/nyckeltal.csv",
        "test.brytpunkt;2022;;;35,5;;",
        "test.brytpunkt;2022;;;135,5;;",
    );
    p.edit(
        "data/nyckeltal.csv",
        "test.lakemedel;2022;;;412;;",
        "test.lakemedl;2022;;;412;;",
    );
    p.edit(
        "data/nyckeltal.csv",
        "test.fall;2024;;;1 298;;",
        "test.fall;2023;;;1 298;;",
    );
    p.edit("berattelse.yaml", "version: \"1.0\"", "versoin: \"1.0\"");
    let out = p.cmd().args(["check", "2024"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    for expected in [
        "is negative",
        "is outside 0–100",
        "unknown indicator \"test.lakemedl\"",
        "did you mean \"test.lakemedel\"?",
        "duplicate row for test.fall 2023",
        "first given on line 3",
        "berattelse.yaml:",
        "unknown field `versoin`",
        "did you mean `version`?",
    ] {
        assert!(err.contains(expected), "stderr lacks {expected:?}:\n{err}");
    }
    // Five planted errors, nothing else (no follow-on noise when the config is broken).
    assert!(err.contains("5 errors, 0 warnings"), "{err}");
}

#[test]
fn unknown_column_gets_a_suggestion() {
    let p = Project::fixture("minimal");
    p.edit("data/nyckeltal.csv", "värde", "vrde");
    let out = p.cmd().args(["check", "2024"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("unknown column \"vrde\""), "{err}");
    assert!(err.contains("did you mean \"värde\"?"), "{err}");
    assert!(err.contains("required column \"värde\" is missing"), "{err}");
}

#[test]
fn template_error_in_a_text_names_file_line_and_suggests() {
    let p = Project::fixture("minimal");
    p.write(
        "texts/palliativ.md",
        "Rad ett.\nVärdet {{ value(\"test.brytpunk\") }} saknas.\n",
    );
    let out = p.cmd().args(["build", "2024"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("texts/palliativ.md:2:"), "{err}");
    assert!(err.contains("did you mean \"test.brytpunkt\"?"), "{err}");
}

#[test]
fn typst_error_in_an_overridden_template_names_file_and_line() {
    let p = Project::fixture("minimal");
    p.write(
        "templates/report.typ",
        "#import \"berattelse.typ\": report\n#show: report\n#undefined-function(1)\n",
    );
    let out = p.cmd().args(["build", "2024"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("templates/report.typ:3:"), "{err}");
    assert!(err.contains("unknown variable"), "{err}");
    assert!(!p.path("out").exists());
}

#[test]
fn typst_cannot_read_outside_the_project() {
    let p = Project::fixture("minimal");
    std::fs::write(p.root.parent().unwrap().join("hemligt.txt"), "HEMLIGT").unwrap();
    p.write(
        "templates/report.typ",
        "#import \"berattelse.typ\": report\n#show: report\n#read(\"../hemligt.txt\")\n",
    );
    let out = p.cmd().args(["build", "2024"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    #[cfg(unix)]
    {
        let p = Project::fixture("minimal");
        std::fs::write(p.root.parent().unwrap().join("hemligt.txt"), "HEMLIGT").unwrap();
        std::os::unix::fs::symlink(p.root.parent().unwrap().join("hemligt.txt"), p.path("lank.txt")).unwrap();
        p.write(
            "templates/report.typ",
            "#import \"berattelse.typ\": report\n#show: report\n#read(\"lank.txt\")\n",
        );
        let out = p.cmd().args(["build", "2024"]).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stderr_of(&out).contains("templates/report.typ:3:"),
            "{}",
            stderr_of(&out)
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    let p = Project::fixture("minimal");
    assert_eq!(p.cmd().args(["build"]).output().unwrap().status.code(), Some(2));
    assert_eq!(
        p.cmd()
            .args(["build", "2024", "--format", "docx"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        p.cmd().args(["frobnicate"]).output().unwrap().status.code(),
        Some(2)
    );
}

#[test]
fn a_year_without_data_is_an_error() {
    let p = Project::fixture("minimal");
    let out = p.cmd().args(["check", "2026"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("the data covers 2022–2024"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn missing_project_config_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("berattelse")
        .unwrap()
        .current_dir(dir.path())
        .args(["build", "2024"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("has no berattelse.yaml"));
}

#[test]
fn key_figures_in_utf16_without_bom_are_refused_with_a_clear_message() {
    let p = Project::fixture("minimal");
    let text = p.read_string("data/nyckeltal.csv");
    let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(p.path("data/nyckeltal.csv"), utf16).unwrap();
    let out = p.cmd().args(["check", "2024"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains(
            "error[data.encoding]: data/nyckeltal.csv looks like UTF-16 text without a byte order mark"
        ),
        "{err}"
    );
    assert!(err.contains("--> data/nyckeltal.csv:1"), "{err}");
    assert!(err.contains("save it from Excel as \"CSV UTF-8\""), "{err}");
}

#[test]
fn key_figures_with_a_wrong_delimiter_say_so() {
    let p = Project::fixture("minimal");
    let text = p.read_string("data/nyckeltal.csv").replace(';', ":");
    p.write("data/nyckeltal.csv", &text);
    let out = p.cmd().args(["check", "2024"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("unknown column \"indikator:period:enhet:kön:värde:kvalifikator:not\""),
        "{err}"
    );
    assert!(err.contains("--> data/nyckeltal.csv:1:1"), "{err}");
    assert!(err.contains("is the delimiter `;`, `,` or tab?"), "{err}");
}

#[test]
fn key_figures_in_windows_1252_as_excel_writes_them_are_read() {
    let p = Project::fixture("minimal");
    let original = p.read_string("data/nyckeltal.csv");
    let excel = |text: &str| {
        let text = format!("sep=;\r\n{}", text.replace('\n', "\r\n"));
        encoding_rs::WINDOWS_1252.encode(&text).0.into_owned()
    };
    std::fs::write(p.path("data/nyckeltal.csv"), excel(&original)).unwrap();
    p.cmd().args(["check", "2024", "--strict"]).assert().success();
    // Line numbers still match the file (the sep= line and CRLF are counted).
    let broken = original.replace("test.fall;2023;;;1 356;;", "test.fall;2023;;;1 3x6;;");
    std::fs::write(p.path("data/nyckeltal.csv"), excel(&broken)).unwrap();
    let out = p.cmd().args(["check", "2024"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("data/nyckeltal.csv:4:18"),
        "{}",
        stderr_of(&out)
    );
}
