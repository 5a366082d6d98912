//! Issue 12: the data shapes real reports hold (shares above 100 %, precision per value, period
//! notes), totals and rules on indicators, redefinitions, revisions found with `--out` and
//! `--previous`, and goals over several years.

use super::support::{MIN_SLUG, Project, stderr_of};

/// `tests/fixtures/minimal` with one more indicator (catalogue entry and rows), written in
/// the sammanfattning by `mening`.
fn with_indicator(entry: &str, rows: &str) -> Project {
    let p = Project::fixture("minimal");
    let catalogue = p.read_string("data/indikatorer.yaml");
    p.write("data/indikatorer.yaml", &format!("{catalogue}{entry}"));
    let data = p.read_string("data/nyckeltal.csv");
    p.write("data/nyckeltal.csv", &format!("{data}{rows}"));
    let text = p.read_string("texts/sammanfattning.md");
    p.write(
        "texts/sammanfattning.md",
        &format!("{text}\n{{{{ mening(\"test.ny\") }}}}\n"),
    );
    p
}

fn build_md(p: &Project, year: &str) -> String {
    let out = p.run(&["build", year, "--format", "md"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    p.read_string(&format!(
        "out/{year}/kvalitets-och-patientsakerhetsberattelse-{year}.md"
    ))
}

const BELAGGNING: &str = "  - id: test.ny
    name: Beläggningsgrad i korttidsboende
    subject: Beläggningsgraden i korttidsboende
    unit: procent
    polarity: neutral
    max: 110
";

#[test]
fn a_share_above_100_is_accepted_up_to_the_catalogues_max() {
    let p = with_indicator(BELAGGNING, "test.ny;2023;;;96;;\ntest.ny;2024;;;102;;\n");
    let md = build_md(&p, "2024");
    assert!(md.contains("102\u{a0}%"), "{md}");

    // Without max: 102 % is out of range.
    let p = with_indicator(
        &BELAGGNING.replace("    max: 110\n", ""),
        "test.ny;2023;;;96;;\ntest.ny;2024;;;102;;\n",
    );
    let err = stderr_of(&p.run(&["check", "2024"]));
    assert!(
        err.contains("error[data.out-of-range]") && err.contains("is outside 0–100"),
        "{err}"
    );
    // Above max, the message names the catalogue's max.
    let p = with_indicator(BELAGGNING, "test.ny;2023;;;96;;\ntest.ny;2024;;;112;;\n");
    let err = stderr_of(&p.run(&["check", "2024"]));
    assert!(
        err.contains("error[data.out-of-range]") && err.contains("outside 0–110 (max: 110"),
        "{err}"
    );
    // max: on a count is refused where it is written.
    let p = with_indicator(
        &BELAGGNING.replace("unit: procent", "unit: antal"),
        "test.ny;2024;;;102;;\n",
    );
    let err = stderr_of(&p.run(&["check", "2024"]));
    assert!(
        err.contains("error[catalogue.invalid]") && err.contains("max: 110"),
        "{err}"
    );
}

const ANDEL: &str = "  - id: test.ny
    name: Andel med aktuell genomförandeplan
    subject: Andelen med aktuell genomförandeplan
    unit: procent
    polarity: higher_better
";

#[test]
fn each_value_keeps_the_decimals_it_is_written_with_unless_the_catalogue_fixes_them() {
    let rows = "test.ny;2023;;;71,58;;\ntest.ny;2024;;;80;;\n";
    let md = build_md(&with_indicator(ANDEL, rows), "2024");
    assert!(md.contains("71,58\u{a0}%"), "{md}");
    assert!(md.contains(" 80\u{a0}%"), "{md}");
    assert!(!md.contains("80,00\u{a0}%"), "{md}");

    // `decimals: 2` fixes the precision: 80 is printed 80,00 %.
    let fixed = format!("{ANDEL}    decimals: 2\n");
    let md = build_md(&with_indicator(&fixed, rows), "2024");
    assert!(md.contains("80,00\u{a0}%"), "{md}");
}

#[test]
fn a_values_period_note_is_carried_into_the_sentence_as_a_footnote() {
    let p = with_indicator(ANDEL, "test.ny;2023;;;71;;\ntest.ny;2024;;;80;;\n");
    // The `avser` column: the 2024 value covers januari–november.
    let data = p.read_string("data/nyckeltal.csv");
    let mut lines: Vec<String> = Vec::new();
    for (i, l) in data.lines().enumerate() {
        if i == 0 {
            lines.push(format!("{l};avser"));
        } else if l.starts_with("test.ny;2024") {
            lines.push(format!("{l};januari–november"));
        } else {
            lines.push(format!("{l};"));
        }
    }
    p.write("data/nyckeltal.csv", &(lines.join("\n") + "\n"));
    p.edit(
        "berattelse.yaml",
        "        indicators: [test.fall, test.lakemedel, test.lex_sarah]",
        "        indicators: [test.fall, test.lakemedel, test.lex_sarah, test.ny]",
    );
    let md = build_md(&p, "2024");
    // In the sentence (a footnote) and in the table (a note on the cell).
    assert!(md.contains("Värdet för 2024 avser januari–november."), "{md}");
    assert!(md.contains(" 80¹ |") || md.contains(" 80² |"), "{md}");
}

/// A total of the minimal fixture's counts: `test.ny` = `test.fall` + `test.lakemedel`.
const TOTAL: &str = "  - id: test.ny
    name: Avvikelser totalt
    unit: antal
    parts: [test.fall, test.lakemedel]
";

#[test]
fn a_whole_count_total_off_by_one_is_reported() {
    // 2022: 1 204 + 412 = 1 616; 2023: 1 356 + 389 = 1 745.
    let p = with_indicator(TOTAL, "test.ny;2022;;;1617;;\ntest.ny;2023;;;1745;;\n");
    let err = stderr_of(&p.run(&["check", "2024"]));
    assert!(err.contains("error[data.total-mismatch]"), "{err}");
    assert!(
        err.contains("Avvikelser totalt 2022 is 1\u{a0}617 but its parts sum to 1\u{a0}616 (1 off)")
            || err.contains("Avvikelser totalt 2022 is 1 617 but its parts sum to 1 616 (1 off)"),
        "{err}"
    );
    assert!(err.contains("whole counts must add up exactly"), "{err}");
    assert!(!err.contains("totalt 2023"), "{err}");

    // Exact totals pass.
    let p = with_indicator(TOTAL, "test.ny;2022;;;1616;;\ntest.ny;2023;;;1745;;\n");
    let err = stderr_of(&p.run(&["check", "2024"]));
    assert!(!err.contains("total-mismatch"), "{err}");
}

#[test]
fn the_bpsd_rule_applies_to_values_from_nyckeltal() {
    let p = Project::fixture("minimal");
    let data = p.read_string("data/nyckeltal.csv");
    p.write(
        "data/nyckeltal.csv",
        &format!(
            "{data}bpsd.registreringar;2024;;;50;;\nbpsd.unika_personer;2024;;;60;;\nbpsd.uppfoljningar;2024;;;20;;\n"
        ),
    );
    let out = p.run(&["check", "2024"]);
    let err = stderr_of(&out);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("error[data.inconsistent]"), "{err}");
    assert!(
        err.contains("Registrerade personer i BPSD-registret 2024 (60) is larger than Registreringar i BPSD-registret (50)"),
        "{err}"
    );
    assert!(err.contains("data/nyckeltal.csv:"), "{err}");
    // Follow-ups within registrations are fine.
    assert_eq!(err.matches("error[data.inconsistent]").count(), 1, "{err}");
}

// ---------------------------------------------------------------------------------------------
// Revisions and redefinitions
// ---------------------------------------------------------------------------------------------

/// The minimal fixture built for 2023, then its 2023 value of test.fall changed from 1 356
/// to 1 402, as a later edition finds it.
fn revised_after(build_2023: &[&str]) -> Project {
    let p = Project::fixture("minimal");
    let mut args = vec!["build", "2023", "--format", "md"];
    args.extend_from_slice(build_2023);
    let out = p.run(&args);
    assert!(out.status.success(), "{}", stderr_of(&out));
    p.edit(
        "data/nyckeltal.csv",
        "test.fall;2023;;;1 356;;",
        "test.fall;2023;;;1 402;;",
    );
    p
}

const REVISED: &str =
    "Värdet för 2023 har reviderats från 1\u{a0}356 till 1\u{a0}402 sedan berättelsen för 2023.";

#[test]
fn a_redefined_series_is_worded_as_a_new_definition_not_a_revision() {
    let p = revised_after(&[]);
    // Without a redefinition it is a revision.
    let md = build_md(&p, "2024");
    assert!(
        md.contains(&REVISED.replace('\u{a0}', " ")) || md.contains(REVISED),
        "{md}"
    );
    p.edit(
        "data/indikatorer.yaml",
        "    name: Fallhändelser\n",
        "    name: Fallhändelser\n    redefined:\n      - { edition: 2024, reason: Från 2024 räknas även fall utan skada. }\n",
    );
    let md = build_md(&p, "2024");
    assert!(!md.contains("har reviderats"), "{md}");
    assert!(
        md.contains(
            "Ny definition från och med berättelsen för 2024: från 2024 räknas även fall utan skada."
        ),
        "{md}"
    );
    assert!(
        md.contains("Med den tidigare definitionen var värdet för 2023 1\u{a0}356 i berättelsen för 2023.")
            || md.contains("Med den tidigare definitionen var värdet för 2023 1 356 i berättelsen för 2023."),
        "{md}"
    );
    let out = p.run(&["check", "2024"]);
    let err = stderr_of(&out);
    assert!(err.contains("(new definition from the 2024 edition)"), "{err}");
}

#[test]
fn revisions_are_found_with_out_and_with_previous_on_build_and_check() {
    let p = revised_after(&["--out", "../utdata"]);
    assert!(p.path("../utdata/2023").is_dir());
    assert!(!p.path("out").exists());

    // build --out finds <DIR>/2023.
    let out = p.run(&["build", "2024", "--format", "md", "--out", "../utdata"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let md =
        String::from_utf8(std::fs::read(p.path(&format!("../utdata/2024/{MIN_SLUG}.md"))).unwrap()).unwrap();
    assert!(md.contains("har reviderats från 1"), "{md}");

    // check --out and check --previous list the revision.
    for args in [
        ["check", "2024", "--out", "../utdata"],
        ["check", "2024", "--previous", "../utdata/2023"],
    ] {
        let err = stderr_of(&p.run(&args));
        assert!(
            err.contains("revised since the previous edition"),
            "{args:?}: {err}"
        );
        assert!(err.contains("test.fall 2023:"), "{args:?}: {err}");
    }
    // build --previous with the file itself.
    let stored = p.path("../utdata/2023/kvalitets-och-patientsakerhetsberattelse-2023.underlag.json");
    let out = p.run(&[
        "build",
        "2024",
        "--format",
        "md",
        "--previous",
        stored.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        p.read_string(&format!("out/2024/{MIN_SLUG}.md"))
            .contains("har reviderats från 1")
    );

    // Without either, the project's own out/ has no 2023 edition: no revision, no error.
    std::fs::remove_dir_all(p.path("out")).unwrap();
    let err = stderr_of(&p.run(&["check", "2024"]));
    assert!(!err.contains("revised since"), "{err}");

    // --previous naming a folder without the stored data is an error.
    std::fs::create_dir_all(p.path("../tom")).unwrap();
    let out = p.run(&["check", "2024", "--previous", "../tom"]);
    let err = stderr_of(&out);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("error[cli.previous-missing]"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Goals over several years
// ---------------------------------------------------------------------------------------------

fn with_goals(goals: &str, settings: &str) -> Project {
    let p = Project::fixture("other");
    p.edit(
        "berattelse.yaml",
        "    tables:\n      - id: kolada\n",
        "    tables:
      - id: mal-uppfoljning
        caption: Uppföljning av mål och aktiviteter för {år}
        kind: goals
        year: report
      - id: mal-kommande
        caption: Mål och aktiviteter för {år}
        kind: goals
        year: next
      - id: kolada\n",
    );
    let config = p.read_string("berattelse.yaml");
    p.write("berattelse.yaml", &format!("{config}{settings}"));
    let mal = p.read_string("data/mal.yaml");
    p.write("data/mal.yaml", &format!("{mal}{goals}"));
    p
}

const PERIOD_GOAL: &str = "  - år: 2024–2026
    område: Säker
    mål: Fler läkemedelsgenomgångar i särskilt boende.
    indikatorer: [brukarundersokning.hemtjanst_helhet]
    målvärde: { värde: 90, år: 2026, delmål: { 2024: 86, 2025: 88 } }
    status: Fortlöpande
    uppföljning: Arbetet fortsätter.
";

#[test]
fn a_goal_period_with_a_target_path_and_a_status_of_the_projects_own() {
    let p = with_goals(
        PERIOD_GOAL,
        "goals:\n  statuses:\n    Fortlöpande: löpande\n    Tas med i internkontrollplan 2025: pågående\n",
    );
    let out = p.run(&["check", "2024", "--strict"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let md = build_md(&p, "2024");
    // Followed up in 2024, presented again for 2025 (the period holds both years).
    assert_eq!(
        md.matches("Fler läkemedelsgenomgångar i särskilt boende.")
            .count(),
        2,
        "{md}"
    );
    assert!(md.contains("Period: 2024–2026"), "{md}");
    assert!(
        md.contains("Målvärde: 86\u{a0}% 2024, 88\u{a0}% 2025, 90\u{a0}% 2026"),
        "{md}"
    );
    assert!(md.contains("| Fortlöpande |"), "{md}");
    // Nöjdheten 2024 was 87 %: past the intermediate value, not yet at the target.
    assert!(
        md.contains(
            "Delmålet 86\u{a0}% för 2024 nåddes, men målet 90\u{a0}% år 2026 är ännu inte nått (87\u{a0}%)."
        ),
        "{md}"
    );

    // Without the mapping the status is unknown.
    let p = with_goals(PERIOD_GOAL, "");
    let err = stderr_of(&p.run(&["check", "2024"]));
    assert!(
        err.contains("error[goal.bad-status]") && err.contains("\"Fortlöpande\""),
        "{err}"
    );
    // A mapping to no status is an error.
    let p = with_goals(PERIOD_GOAL, "goals:\n  statuses:\n    Fortlöpande: snart\n");
    let err = stderr_of(&p.run(&["check", "2024"]));
    assert!(err.contains("error[config.goal-status]"), "{err}");
}

#[test]
fn target_sentences_after_the_deadline_and_in_the_other_direction() {
    use berattelse::compute::targets::goal_target_sentence;
    use berattelse::model::catalogue::Indicator;
    use berattelse::model::goals::GoalTarget;
    let ind: Indicator =
        serde_yaml::from_str("{id: x.y, name: Andel, unit: procent, polarity: higher_better}").unwrap();
    let t = GoalTarget {
        indicator: "x.y".into(),
        value: 90.0,
        year: 2027,
        steps: [(2025, 86.0)].into_iter().collect(),
    };
    let s = |year, v| goal_target_sentence(&ind, &t, year, v, true, &Default::default());
    assert_eq!(
        s(2025, 86.0),
        "Delmålet 86\u{a0}% för 2025 nåddes, men målet 90\u{a0}% år 2027 är ännu inte nått (86\u{a0}%)."
    );
    assert_eq!(
        s(2026, 86.0),
        "Målet 90\u{a0}% år 2027 är ännu inte nått (86\u{a0}%)."
    );
    assert_eq!(
        s(2026, 91.0),
        "Målet 90\u{a0}% år 2027 är redan nått (91\u{a0}%)."
    );
    assert_eq!(s(2027, 88.0), "Målet 90\u{a0}% år 2027 nåddes inte (88\u{a0}%).");
    assert_eq!(s(2027, 90.0), "Målet 90\u{a0}% år 2027 nåddes (90\u{a0}%).");
    let lower: Indicator =
        serde_yaml::from_str("{id: x.y, name: Väntetid, unit: dagar, polarity: lower_better}").unwrap();
    let t = GoalTarget {
        indicator: "x.y".into(),
        value: 30.0,
        year: 2026,
        steps: Default::default(),
    };
    assert_eq!(
        goal_target_sentence(&lower, &t, 2026, 28.0, true, &Default::default()),
        "Målet 30\u{a0}dagar år 2026 nåddes (28\u{a0}dagar)."
    );
}

#[test]
fn a_follow_up_that_is_only_a_status_is_complete_when_the_project_says_so() {
    let goal = "  - år: 2024\n    område: Samverkan\n    aktivitet: Tas med i kontrollen.\n    status: Tas med i internkontrollplan 2025\n";
    let statuses = "goals:\n  statuses:\n    Tas med i internkontrollplan 2025: pågående\n";
    let p = with_goals(goal, statuses);
    let err = stderr_of(&p.run(&["check", "2024", "--strict"]));
    assert!(
        err.contains("lint.goal-no-follow-up") && err.contains("Tas med i kontrollen."),
        "{err}"
    );
    let p = with_goals(goal, &format!("{statuses}  status_only: true\n"));
    let out = p.run(&["check", "2024", "--strict"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let md = build_md(&p, "2024");
    assert!(md.contains("| Tas med i internkontrollplan 2025 |"), "{md}");
}

#[test]
fn a_unit_declared_in_the_catalogue_has_its_own_plural_and_abbreviation() {
    let p = with_indicator(
        "  - id: test.ny
    name: Placeringsdygn per barn
    subject: Antalet placeringsdygn per barn
    unit: antal
    decimals: 1
    unit_text: per_barn
    polarity: neutral
",
        "test.ny;2023;;;1;;\ntest.ny;2024;;;3,2;;\n",
    );
    let catalogue = p.read_string("data/indikatorer.yaml");
    p.write(
        "data/indikatorer.yaml",
        &format!(
            "units:\n  per_barn: {{ singular: dygn per barn, plural: dygn per barn, abbreviation: dygn/barn }}\n{catalogue}"
        ),
    );
    p.edit(
        "berattelse.yaml",
        "        indicators: [test.fall, test.lakemedel, test.lex_sarah]",
        "        indicators: [test.fall, test.lakemedel, test.lex_sarah, test.ny]",
    );
    let md = build_md(&p, "2024");
    assert!(md.contains("3,2\u{a0}dygn per barn"), "{md}");
    assert!(md.contains("| Placeringsdygn per barn (dygn/barn) |"), "{md}");

    // Singular and plural differ: "1 placering per barn", "3 placeringar per barn".
    let p2 = with_indicator(
        "  - id: test.ny
    name: Placeringar per barn
    subject: Antalet placeringar per barn
    unit: antal
    unit_text: { singular: placering per barn, plural: placeringar per barn, abbreviation: per barn }
",
        "test.ny;2023;;;1;;\ntest.ny;2024;;;3;;\n",
    );
    let md = build_md(&p2, "2024");
    assert!(md.contains("1\u{a0}placering per barn"), "{md}");
    assert!(md.contains("3\u{a0}placeringar per barn"), "{md}");

    // A unit_text naming no declared unit is an error at its line.
    p.edit(
        "data/indikatorer.yaml",
        "unit_text: per_barn",
        "unit_text: per_barm",
    );
    let err = stderr_of(&p.run(&["check", "2024"]));
    assert!(
        err.contains("error[catalogue.unknown-unit]") && err.contains("did you mean \"per_barn\"?"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// Open vocabularies: riskområden and trainings of the project's own
// ---------------------------------------------------------------------------------------------

#[test]
fn riskomraden_and_trainings_of_the_projects_own_are_read_from_measure_files() {
    let p = Project::fixture("minimal");
    let catalogue = p.read_string("data/indikatorer.yaml");
    p.write(
        "data/indikatorer.yaml",
        &format!(
            "{catalogue}  - id: va.risk_psykisk_ohalsa
    name: Personer med risk för psykisk ohälsa
    unit: antal
    persons: true
    measure: {{ source: senior_alert, measure: personer med risk, dimensions: {{ riskområde: psykisk ohälsa }} }}
  - id: va.utbildade_bemotande
    name: Utbildade i bemötande
    unit: antal
    measure: {{ source: personal, measure: utbildade, dimensions: {{ utbildning: Bemötande }} }}
"
        ),
    );
    p.write(
        "data/senior-alert.csv",
        "år;mått;riskområde;värde\n2024;unika personer;;671\n2024;personer med risk;fall;310\n2024;personer med risk;Psykisk ohälsa;14\n",
    );
    p.write(
        "data/personal.csv",
        "år;mått;utbildning;värde\n2024;utbildad personal;demens;57\n2024;utbildad personal;bemötande;41\n",
    );
    p.edit(
        "berattelse.yaml",
        "        indicators: [test.fall, test.lakemedel, test.lex_sarah]",
        "        indicators: [test.fall, test.lakemedel, test.lex_sarah, senior_alert.personer_risk_fall, va.risk_psykisk_ohalsa, va.utbildade_bemotande]",
    );
    let md = build_md(&p, "2024");
    for row in [
        "| Personer med risk för fall |",
        "| Personer med risk för psykisk ohälsa |",
        "| Utbildade i bemötande |",
    ] {
        assert!(md.contains(row), "{row} missing in {md}");
    }
    assert!(
        md.contains(" 310 |") && md.contains(" 14 |") && md.contains(" 41 |"),
        "{md}"
    );

    // A riskområde nobody declared is still an error with the known ones named.
    p.write(
        "data/senior-alert.csv",
        "år;mått;riskområde;värde\n2024;personer med risk;ensamhet;3\n",
    );
    let err = stderr_of(&p.run(&["check", "2024"]));
    assert!(
        err.contains("error[data.unknown-dimension]") && err.contains("unknown riskområde \"ensamhet\""),
        "{err}"
    );
}

#[test]
fn a_goals_target_path_is_drawn_in_the_chart_of_its_indicator() {
    let p = Project::fixture("charts");
    p.write(
        "data/mal.yaml",
        "mål:
  - år: 2024–2026
    område: Individanpassad
    mål: Alla ska få sin smärta skattad.
    indikatorer: [test.smartskattning]
    målvärde: { värde: 90, år: 2026, delmål: { 2024: 60, 2025: 75 } }
    status: Pågående
    uppföljning: Arbetet fortsätter.
",
    );
    let md = build_md(&p, "2024");
    // Marked on the bar of the report year, and said in the alt text; the Målvärde column keeps
    // the catalogue's målvärde.
    assert!(
        md.contains(
            "(riket 45\u{a0}%, målvärde 100\u{a0}%, delmål 60\u{a0}% för 2024, mål 90\u{a0}% år 2026)"
        ),
        "{md}"
    );
    assert!(
        md.contains("| Smärtskattning sista levnadsveckan (%) | 42 | 51 | 45 | 100 |"),
        "{md}"
    );
    let data = p.read_string("out/2024/kvalitets-och-patientsakerhetsberattelse-2024.md");
    assert!(!data.contains("nationellt / lokalt"), "{data}");
}
