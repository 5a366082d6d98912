//! Measure sources (Senior alert, palliativregistret, BPSD, PPM-BHK, personal, rättssäkerhet):
//! the binary on the `registries` fixture. Each kind of bad file, in every source, is a case
//! folder under `tests/fixtures/errors/` (`registries-*`).

use super::support::{MIN_SLUG, Project, assert_ok, exempelkommun, normalise, stderr_of};

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
        "Smärtskattning sista levnadsveckan: 58 %.[^not-egenkontroller-1]", // palliativregistret.csv, preliminär
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
fn example_project_prints_the_registry_figures() {
    let p = exempelkommun();
    assert_ok(p.output("check 2024 --strict"));
    let md = p.read_string(&format!("out/2024/{MIN_SLUG}.md"));
    for expected in [
        "| Riskbedömningar i Senior alert | 842 | 905 | 874 | 936 | +7,1\u{a0}% |",
        "| Registrerade dödsfall | 148 | 161 | 154 | 167¹ | +8,4\u{a0}% |",
        "| Registreringar i BPSD-registret | 118 | 131 | 142 | 167 | +18\u{a0}% |",
        "| Följsamhet i samtliga åtta steg (%) | 58,5 | 66,9 | 61,0 | 73,7¹ | +12,7 |",
        "| Sjukfrånvaro (%) | 10,1 | 9,4 | 8,7 | 8,2 | −0,5 |",
        "| Andel heltidsanställda (%) | 71 | 76 | 81 | 84 | +3 |",
    ] {
        assert!(md.contains(expected), "report lacks {expected:?}");
    }
}
