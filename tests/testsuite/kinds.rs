//! Report kinds: a project with a separate kvalitetsberättelse and patientsäkerhetsberättelse,
//! and a half-year avvikelserapport, built and checked through the binary.

use super::support::{
    Project, assert_ok, avvikelserapport_halvar, pdf_text, separata_berattelser, stderr_of,
};

#[test]
fn separate_reports_pass_strict_check_and_build_both() {
    let p = separata_berattelser();
    assert_ok(p.output("check 2024 --strict"));
    let kb = p.read_string("out/2024/kb.md");
    let psb = p.read_string("out/2024/psb.md");
    assert!(
        kb.contains("# Kvalitetsberättelse för socialtjänst och LSS 2024"),
        "{kb}"
    );
    assert!(psb.contains("# Patientsäkerhetsberättelse 2024"));
    // SKR's headings, each with its legal basis underneath.
    assert!(psb.contains("## 2 Förkortningar"));
    assert!(psb.contains("## 3 Grundläggande förutsättningar för säker vård"));
    // Lagrum lines keep "3 kap. 1 §" together with no-break spaces.
    let plain = psb.replace('\u{a0}', " ");
    assert!(plain.contains("### 3.2 Organisation och ansvar\n\n*Lagrum: PSL 2010:659 3 kap. 1 och 9 §§, SOSFS 2011:9 7 kap. 2 § p. 1*"), "{psb}");
    assert!(
        plain.contains("## 1 Sammanfattning\n\n*Lagrum: PSL 2010:659 3 kap. 10 §, SOSFS 2011:9 7 kap. 3 §*")
    );
    // The report year picks the SoL (2001:453) reference, valid until 30 June 2025.
    assert!(
        kb.replace('\u{a0}', " ")
            .contains("*Lagrum: SoL 2001:453 14 kap. 3–7 §§, LSS 1993:387 24 a–g §§, SOSFS 2011:5*"),
        "{kb}"
    );
    // Each report its own texts.
    assert!(kb.contains("Socialt ansvarig samordnare (SAS)"));
    assert!(!kb.contains("Medicinskt ansvarig för rehabilitering"));
    for slug in ["kb", "psb"] {
        let pdf = p.read(&format!("out/2024/{slug}.pdf"));
        assert!(pdf.starts_with(b"%PDF-"));
        let text = pdf_text(&pdf);
        assert!(text.contains("Lagrum:"), "{slug}");
    }
    let psb_text = pdf_text(&p.read("out/2024/psb.pdf"));
    assert!(psb_text.contains("Lagrum: PSL 2010:659 3 kap. 4 §"), "{psb_text}");
}

#[test]
fn report_option_builds_one_report() {
    let p = Project::example("separata-berattelser");
    assert_ok(&p.run(&["build", "2024", "--report", "psb", "--format", "md"]));
    assert!(p.path("out/2024/psb.md").exists());
    assert!(!p.path("out/2024/kb.md").exists());
    let shared = separata_berattelser();
    assert_ok(&shared.run(&["check", "2024", "--report", "kvalitetsberattelse"]));
    let out = shared.run(&["check", "2024", "--report", "kpb"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("error[cli.unknown-report]"), "{err}");
    assert!(
        err.contains("kb (kvalitetsberattelse), psb (patientsakerhetsberattelse)"),
        "{err}"
    );
}

#[test]
fn half_year_report_compares_with_the_same_period_and_full_years() {
    let p = avvikelserapport_halvar();
    assert_ok(p.output("check 2024-H1 --strict"));
    let md = p.read_string("out/2024-H1/avvikelserapport-2024-h1.md");
    assert!(md.contains("# Avvikelserapport första halvåret 2024"));
    assert!(md.contains(
        "| Mått | Helår 2021 | Helår 2022 | Helår 2023 | Halvår 1 2023 | Halvår 1 2024 | Förändring |"
    ));
    // Counted from the event file's dates: 1 256 avvikelser in H1 2023, 1 411 in H1 2024.
    assert!(
        md.contains("| Rapporterade avvikelser, totalt | 2\u{a0}310 | 2\u{a0}180 | 2\u{a0}590 | 1\u{a0}256 | 1\u{a0}411 | +12\u{a0}% |"),
        "{md}"
    );
    assert!(md.contains("Förändring halvår 1 2024 jämfört med halvår 1 2023"));
    assert!(md.contains("Under första halvåret 2024 rapporterades 1\u{a0}411 avvikelser"));
    let text = pdf_text(&p.read("out/2024-H1/avvikelserapport-2024-h1.pdf"));
    assert!(text.contains("Avvikelserapport – första halvåret 2024"), "{text}");
    assert!(text.contains("Halvår 1 2024"));
}

#[test]
fn yearly_kinds_refuse_a_half_year() {
    let p = separata_berattelser();
    let out = p.run(&["check", "2024-H1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("error[cli.period-kind]"),
        "{}",
        stderr_of(&out)
    );
    let out = p.run(&["check", "2024-H3"]);
    assert_eq!(out.status.code(), Some(2), "a malformed period is a usage error");
    // The event files end 2024-06-30: a later tertial has no data at all.
    let out = avvikelserapport_halvar().run(&["check", "2024-T3"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("error[data.period-outside]"),
        "{}",
        stderr_of(&out)
    );
}
