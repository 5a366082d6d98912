//! The trend engine on the Vänersborg 2023 fixture (figures from
//! seed-vanersborg-2023.md): the generated statements, including where the printed report got
//! them wrong; tables with a Förändring column and notes; small-number protection; revisions.

use std::sync::OnceLock;

use super::support::{Project, assert_ok, normalise, stderr_of, vanersborg};

const SLUG_2023: &str = "kvalitets-och-patientsakerhetsberattelse-2023";

/// The shared Vänersborg build's report, whitespace-normalised once.
fn md() -> &'static str {
    static MD: OnceLock<String> = OnceLock::new();
    MD.get_or_init(|| normalise(&vanersborg().read_string(&format!("out/2023/{SLUG_2023}.md"))))
}

#[track_caller]
fn has(md: &str, s: &str) {
    assert!(md.contains(s), "expected {s:?} in\n{md}");
}

#[test]
fn the_sentences_of_the_issue() {
    let md = md();
    has(
        md,
        "Antalet rapporter enligt lex Sarah ökade markant, från 44 till 76 (+73 %).",
    );
    has(
        md,
        "Andelen som fick sin smärta skattad sista levnadsveckan ökade från 23 % 2022 till 42 % 2023, en förbättring med 19 procentenheter. Målvärdet 100 % nåddes inte.",
    );
}

#[test]
fn fixture_passes_strict_check() {
    assert_ok(vanersborg().output("check 2023 --strict"));
}

/// Appendix A, item 2: "Positivt att trenden har vänt gällande antal trycksår, risk för
/// undernäring och ohälsa i munnen" although all three increased.
#[test]
fn increases_are_called_increases() {
    let md = md();
    has(
        md,
        "Antalet personer med trycksår ökade något, från 46 till 50 (+4), ett sämre resultat.",
    );
    has(
        md,
        "Antalet registrerade trycksår ökade något, från 65 till 72 (+11 %).",
    );
    has(
        md,
        "Antalet personer med risk för undernäring var i stort sett oförändrat, 272 jämfört med 260 året innan (+4,6 %).",
    );
    has(
        md,
        "Antalet personer med ohälsa i munnen ökade något, från 253 till 268 (+5,9 %).",
    );
    assert!(!md.contains("trenden har vänt"));
    // The process measures that the report called "försämrats något" are worded by threshold,
    // with the change in procentenheter.
    has(
        md,
        "Andelen med en åtgärdsplan vid risk minskade något, från 92 % till 90 % (−2 procentenheter), en försämring.",
    );
    has(
        md,
        "Andelen med en analys av bakomliggande orsaker minskade markant, från 87 % till 77 % (−10 procentenheter), en försämring.",
    );
    has(
        md,
        "Antalet riskbedömda personer var i stort sett oförändrat, 712 jämfört med 718 året innan (−0,8 %).",
    );
}

/// Appendix A, item 1: the legend of the parenthesis notation named the wrong year.
#[test]
fn parenthesis_legend_names_the_previous_year() {
    let md = md();
    has(md, "Riskbedömningar 961 (1 016), varav med risk 898 (938).");
    has(md, "Siffrorna inom parentes avser 2022.");
    assert!(!md.contains("parentes avser 2023"));
}

/// Percentage points are never called percent (§4.2 item 10, and "ökat från 51-62%").
#[test]
fn shares_change_in_procentenheter() {
    let md = md();
    has(
        md,
        "Följsamheten till basala hygienrutiner minskade markant, från 79,6 % till 68,9 % (−10,7 procentenheter).",
    );
    has(
        md,
        "Följsamheten till klädreglerna minskade markant, från 87,4 % till 76,3 % (−11,1 procentenheter).",
    );
    has(
        md,
        "Andelen på särskilt boende som var nöjda med aktiviteterna ökade markant, från 51 % till 62 % (+11 procentenheter), ett bättre resultat.",
    );
    assert!(!md.contains("51-62"));
}

/// Targets: "når inte målvärdet i någon av dom fem", with 89 % against 90 % not met.
#[test]
fn targets_are_strict_and_summarised() {
    let md = md();
    has(
        md,
        "Andelen som var utan trycksår vid dödsfallet var i stort sett oförändrad, 89 % 2023 jämfört med 90 % året innan (−1 procentenhet). Målvärdet 90 % nåddes inte, men det saknades bara 1 procentenhet.",
    );
    has(
        md,
        "Andelen med ett dokumenterat brytpunktssamtal var i stort sett oförändrad, 52 % 2023 jämfört med 51 % året innan (+1 procentenhet). Målvärdet 98 % nåddes inte.",
    );
    has(
        md,
        "Det nationella målvärdet nåddes inte för någon av de 5 indikatorerna, men nästan för 1.",
    );
}

/// One gap, one wording (Appendix A, item 14), and benchmarks with the difference.
#[test]
fn benchmarks_with_the_difference() {
    let md = md();
    has(
        md,
        "Väntetiden till särskilt boende var 66 dagar år 2023, i nivå med riket (64 dagar).",
    );
    assert!(!md.contains("marginellt över"));
    has(
        md,
        "Väntetiden till särskilt boende ökade markant för andra året i följd, från 39 till 66 dagar (+69 %).",
    );
    has(
        md,
        "Andelen på särskilt boende som var nöjda med aktiviteterna var 62 % år 2023, 8 procentenheter under riket (70 %).",
    );
    has(
        md,
        "Andelen inom vård, stöd och utredning som tyckte att beslutet var anpassat efter behoven var 66 % år 2023, 5 procentenheter under riket (71 %).",
    );
}

/// Streaks and extremes over the series; polarity: betaldagar up is a försämring, counts of
/// reports are neutral.
#[test]
fn streaks_extremes_and_polarity() {
    let md = md();
    has(
        md,
        "Antalet betaldagar för utskrivningsklara ökade för andra året i rad, från 196 dagar 2022 till 473 dagar 2023, en ökning med 141 %.",
    );
    has(
        md,
        "Antalet synpunkter och klagomål var i stort sett oförändrat, 135 år 2023 jämfört med 140 året innan (−3,6 %). Det var den lägsta nivån sedan 2020.",
    );
    has(
        md,
        "Antalet anmälningar till IVO enligt lex Sarah var 6 både 2022 och 2023.",
    );
    has(
        md,
        "Antalet utskrivningsklara patienter ökade något, från 1 264 till 1 343 (+6,3 %).",
    );
    has(
        md,
        "Antalet registrerade dödsfall ökade tydligt, från 90 till 116 (+29 %).",
    );
    // Neutral counts are never judged.
    for s in [
        "lex Sarah ökade markant, från 44 till 76 (+73 %), en",
        "synpunkter och klagomål minskade för andra året i rad, från 140 år 2022 till 135 år 2023, en förb",
    ] {
        assert!(!md.contains(s), "{s}");
    }
}

/// "All decreased" while most increased: the tool counts.
#[test]
fn directions_are_counted() {
    let md = md();
    has(
        md,
        "Jämfört med 2022 gäller att 14 av 16 kategorier ökade och 2 minskade.",
    );
    has(
        md,
        "Antalet läkemedelsavvikelser ökade markant, från 577 till 997 (+73 %).",
    );
    has(
        md,
        "Antalet avvikelser om stöld eller ekonomiska övergrepp ökade från 14 till 17 (+3).",
    );
}

/// Shares computed from counts at one precision (Appendix A, item 3).
#[test]
fn shares_of_a_total() {
    let md = md();
    has(
        md,
        "Av dem kom 66 (12,1 %) från sjukvården, och 200 (36,63 %) gällde missbruk",
    );
}

/// No comparison across a break (avvikelser 2021 → 2022, läkemedelsgenomgångar 2022 → 2023);
/// a footnote with the reason instead. Qualifiers are kept.
#[test]
fn breaks_and_qualifiers_are_footnoted() {
    let md = md();
    has(
        md,
        "Antalet avvikelser ökade markant, från 2 107 till 2 967 (+41 %).",
    );
    has(
        md,
        "Ett år tidigare: Antalet avvikelser var 2 107 år 2022.[^not-avvikelser-1]",
    );
    has(
        md,
        "[^not-avvikelser-1]: Ingen jämförelse med 2021: från 2022 är värdena inte jämförbara med tidigare år. Avvikelsetyperna är vidareutvecklade i modellen från 2022 och därför inte helt jämförbara med tidigare års.",
    );
    has(
        md,
        "Antalet personer med läkemedelsgenomgång var 246 år 2023.[^not-lakemedelsgenomgangar-1]",
    );
    has(md, "Inom myndighetsutövningen kom ca 20 synpunkter.");
    // The tables: a Förändring column, the break marked and explained.
    has(md, "| Mått | 2019 | 2020 | 2021 | 2022 | 2023 | Förändring |");
    has(
        md,
        "| Inkomna avvikelser | 2 865 | 2 480 | 2 653 | 2 107¹,² | 2 967¹ | +41 % |",
    );
    has(md, "¹ Summa av kategoritabellen.");
    has(
        md,
        "² Från 2022 är värdena inte jämförbara med tidigare år: avvikelsetyperna är vidareutvecklade",
    );
    has(md, "| Personer med läkemedelsgenomgång | .. | 246¹ | –¹ |");
    has(md, "| Smärtskattning sista levnadsveckan (%) | 23 | 42 | +19 |");
    has(md, "| Rapporter enligt lex Sarah | 44 | 44 | 76 | +73 % |");
    has(
        md,
        "Förändring 2022–2023 i procent, för andelar i procentenheter.",
    );
    // The footnotes reach typst as footnotes.
    let body = vanersborg().read_string(&format!("out/2023/{SLUG_2023}.body.typ"));
    assert!(body.contains("#footnote["), "footnote expected in typst body");
}

/// Small-number protection: a person count below the threshold is "färre än 5", no change is
/// computed from it, and the table hides what would reveal it.
#[test]
fn small_person_counts_are_protected() {
    let p = Project::fixture("vanersborg-2023");
    p.edit(
        "data/nyckeltal.csv",
        "senior_alert.personer_med_trycksar;2023;;;50;;",
        "senior_alert.personer_med_trycksar;2023;;;3;;",
    );
    let md = &normalise(&p.report_md("2023"));
    has(md, "Antalet personer med trycksår var färre än 5 år 2023.");
    has(md, "| Personer med trycksår | 46 | \\<5 | x |");
    has(md, "\\<5: färre än 5 personer; antalet redovisas inte");
    assert!(!md.contains("från 46 till 3"));
    // The threshold is configurable.
    p.edit("berattelse.yaml", "threshold: 5", "threshold: 50");
    let md = &normalise(&p.report_md("2023"));
    has(md, "| Personer med trycksår | \\<50 | \\<50 | x |");
    has(md, "Antalet riskbedömda personer var i stort sett oförändrat");
    // Turned off, the count is printed.
    p.edit("berattelse.yaml", "threshold: 50", "threshold: 0");
    let md = &normalise(&p.report_md("2023"));
    has(md, "| Personer med trycksår | 46 | 3 | −93,5 % |");
}

#[test]
fn configured_totals_get_secondary_suppression() {
    let p = Project::fixture("vanersborg-2023");
    p.edit(
        "berattelse.yaml",
        "privacy:\n  threshold: 5\n",
        "privacy:\n  threshold: 5\n  persons: [va.vux.fran_sjukvarden, va.vux.missbruk]\n  totals:\n    - total: va.vux.aktualiseringar\n      parts: [va.vux.fran_sjukvarden, va.vux.missbruk]\n",
    );
    // 547 = 2 + 545: the total and the other part would reveal the 2.
    p.edit(
        "data/nyckeltal.csv",
        "va.vux.aktualiseringar;2023;;;546;;",
        "va.vux.aktualiseringar;2023;;;547;;",
    );
    p.edit(
        "data/nyckeltal.csv",
        "va.vux.missbruk;2023;;;200;;",
        "va.vux.missbruk;2023;;;545;;",
    );
    p.edit(
        "data/nyckeltal.csv",
        "va.vux.fran_sjukvarden;2023;;;66;;",
        "va.vux.fran_sjukvarden;2023;;;2;;",
    );
    let md = &normalise(&p.report_md("2023"));
    has(
        md,
        "Under 2023 kom 547 aktualiseringar. Av dem kom färre än 5 (uppgift redovisas inte",
    );
    has(md, "och uppgift redovisas inte[^not-vuxenenheten-");
    assert!(!md.contains("545"), "the other part would reveal the small one");
    // An unknown id in the privacy block: the case `privacy-unknown-indicator`.
}

/// Each build stores its data; the next edition lists and footnotes values changed since.
#[test]
fn revisions_since_the_previous_edition() {
    let p = Project::fixture("trends-revision");
    p.report_md("2023");
    let stored = p.read_string(&format!("out/2023/{SLUG_2023}.underlag.json"));
    assert!(stored.contains("\"senior_alert.riskbedomningar\""), "{stored}");
    assert!(stored.contains("\"2023\": 961.0"), "{stored}");
    // Deterministic: a second build writes the same bytes.
    p.report_md("2023");
    assert_eq!(
        stored,
        p.read_string(&format!("out/2023/{SLUG_2023}.underlag.json"))
    );
    // The 2024 edition, dated a year later: late registrations raised 2023 from 961 to 966.
    p.edit("berattelse.yaml", "date: 2024-02-20", "date: 2025-02-20");
    p.edit(
        "data/nyckeltal.csv",
        "senior_alert.riskbedomningar;2023;;;961;;",
        "senior_alert.riskbedomningar;2023;;;966;;\nsenior_alert.riskbedomningar;2024;;;990;;",
    );
    let out = p.cmd().args(["check", "2024", "--strict"]).output().unwrap();
    assert!(
        out.status.success(),
        "revisions are information: {}",
        stderr_of(&out)
    );
    let err = stderr_of(&out);
    assert!(
        err.contains(&format!("out/2023/{SLUG_2023}.underlag.json")),
        "{err}"
    );
    assert!(
        err.contains(
            "data/nyckeltal.csv:4: senior_alert.riskbedomningar 2023: 961 in the 2023 edition, now 966"
        ),
        "{err}"
    );
    let out = p
        .cmd()
        .args(["check", "2024", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["revisions"][0]["location"], "data/nyckeltal.csv:4");
    let md = &normalise(&p.report_md("2024"));
    let note = "Värdet för 2023 har reviderats från 961 till 966 sedan berättelsen för 2023.";
    has(md, "| Riskbedömningar i Senior alert | 966¹ | 990 | +2,5 % |");
    has(md, &format!("¹ {note}"));
    has(md, &format!("[^not-senior-alert-1]: {note}"));
    // A named previous edition that does not exist: the case
    // `revisions-previous-edition-missing`.
}
