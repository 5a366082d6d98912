//! Goals tables, the long per-unit avvikelser table, section blocks and the generated
//! Resultat: Markdown snapshots and PDF text.

use super::support::{MIN_SLUG, Project, exempelkommun, pdf_text, stderr_of};

/// The part of the Markdown between a block's markers.
fn block<'a>(md: &'a str, id: &str) -> &'a str {
    let begin = format!("<!-- berattelse:block {id} -->");
    let start = md
        .find(&begin)
        .unwrap_or_else(|| panic!("no block {id} in:\n{md}"));
    let end = md[start..].find("<!-- berattelse:end -->").unwrap() + start;
    &md[start..end]
}

fn out_file(p: &Project, ext: &str) -> Vec<u8> {
    let dir = p.path("out/2024");
    let entry = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|f| f.extension().is_some_and(|e| e == ext) && !f.to_string_lossy().contains("underlag"))
        .unwrap_or_else(|| panic!("no .{ext} in {}", dir.display()));
    std::fs::read(entry).unwrap()
}

fn with_goals_tables() -> Project {
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
    p
}

#[test]
fn goals_tables_in_markdown_and_pdf() {
    let p = with_goals_tables();
    let out = p.cmd().args(["build", "2024"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let md = String::from_utf8(out_file(&p, "md")).unwrap();
    insta::assert_snapshot!(
        "goals_tables_md",
        format!(
            "{}\n{}",
            block(&md, "tabell-mal-uppfoljning"),
            block(&md, "tabell-mal-kommande")
        )
    );
    // Numbered with the other tables, in outline order.
    assert!(
        md.contains("**Tabell 1. Uppföljning av mål och aktiviteter för 2024**"),
        "{md}"
    );
    assert!(md.contains("**Tabell 2. Mål och aktiviteter för 2025**"), "{md}");
    assert!(md.contains("**Tabell 3. Brukarbedömning"), "{md}");
    let text = pdf_text(&out_file(&p, "pdf"));
    for expected in [
        "Tabell 1. Uppföljning av mål och aktiviteter för 2024",
        "Mål och aktivitet",
        "Uppföljning",
        "Säker",
        "Fler läkemedelsgenomgångar.",
        "Delvis",
        // Both paragraphs of the multi-paragraph uppföljning.
        "Antalet ökade.",
        "Målet nåddes inte.",
        "Tabell 2. Mål och aktiviteter för 2025",
        "Fasta tider för återkoppling på klagomål.",
        "Tabell 3.",
    ] {
        assert!(text.contains(expected), "PDF text lacks {expected:?}:\n{text}");
    }
}

#[test]
fn goals_text_is_data_not_markup() {
    let p = with_goals_tables();
    p.edit(
        "data/mal.yaml",
        "      Målet nåddes inte.",
        "      Målet #nåddes $inte | *ännu* <b>.\n\n      - punkt [ett](x)",
    );
    let out = p.cmd().args(["build", "2024"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let md = String::from_utf8(out_file(&p, "md")).unwrap();
    let b = block(&md, "tabell-mal-uppfoljning");
    assert!(
        b.contains("Antalet ökade.<br><br>Målet \\#nåddes $inte \\| ännu .<br><br>– punkt ett |"),
        "{b}"
    );
    let text = pdf_text(&out_file(&p, "pdf"));
    assert!(text.contains("Målet #nåddes $inte | ännu ."), "{text}");
    assert!(text.contains("– punkt ett"), "{text}");
}

#[test]
fn goals_table_without_goals_is_left_out_with_a_warning() {
    let p = with_goals_tables();
    let goals = p.read_string("data/mal.yaml");
    let cut = goals.find("  - år: 2025").unwrap();
    p.write("data/mal.yaml", &goals[..cut]);
    let out = p
        .cmd()
        .args(["build", "2024", "--format", "md"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("warning[table.empty]: table \"mal-kommande\" (Mål och aktiviteter för {år}) has no goals for 2025 and is left out"),
        "{err}"
    );
    let md = String::from_utf8(out_file(&p, "md")).unwrap();
    assert!(!md.contains("tabell-mal-kommande"), "{md}");
    // The numbering has no gap.
    assert!(md.contains("**Tabell 2. Brukarbedömning"), "{md}");
}

#[test]
fn avvikelser_per_verksamhet_long_table() {
    let p = Project::fixture("cases");
    p.edit(
        "berattelse.yaml",
        "        years: 2\n  - id: lex-sarah",
        "        years: 2
      - id: avvikelser-verksamhet
        caption: Avvikelser per kategori och verksamhet
        kind: per-enhet
        indicators: [avvikelser.fall, avvikelser.lakemedel, avvikelser.hot_och_vald, avvikelser.ovrigt]
        years: 2
  - id: lex-sarah",
    );
    let out = p.cmd().args(["build", "2024"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let md = String::from_utf8(out_file(&p, "md")).unwrap();
    insta::assert_snapshot!(
        "avvikelser_per_verksamhet_md",
        block(&md, "tabell-avvikelser-verksamhet")
    );
    let text = pdf_text(&out_file(&p, "pdf"));
    assert!(
        text.contains("Tabell 2. Avvikelser per kategori och verksamhet"),
        "{text}"
    );
    for expected in [
        "Kategori",
        "Verksamhet",
        "Särskilt boende",
        "Hot och våld",
        "Totalt",
    ] {
        assert!(text.contains(expected), "PDF text lacks {expected:?}:\n{text}");
    }
}

#[test]
fn generated_resultat_and_configured_block_labels() {
    let p = Project::fixture("other");
    p.edit(
        "berattelse.yaml",
        "    title: Resultat\n",
        "    title: Resultat\n    resultat: auto\n",
    );
    p.edit(
        "berattelse.yaml",
        "document:\n",
        "blocks:\n  resultat: Utfall\n  åtgärder: Förbättringar\ndocument:\n",
    );
    p.write(
        "texts/resultat.md",
        "### Bakgrund\n\nUppföljningen bygger på Kolada och egna enkäter.\n\n### Åtgärder\n\nFler genomgångar.\n",
    );
    let out = p
        .cmd()
        .args(["build", "2024", "--format", "md"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let md = String::from_utf8(out_file(&p, "md")).unwrap();
    let start = md.find("### Bakgrund").unwrap();
    let end = md[start..].find("<!-- berattelse:block tabell").unwrap() + start;
    insta::assert_snapshot!("generated_resultat_md", &md[start..end]);
    let utfall = md.find("### Utfall").expect("generated block");
    let atgarder = md.find("### Förbättringar").expect("relabelled heading");
    assert!(utfall < atgarder);
    // A Resultat of its own: nothing is generated.
    p.write("texts/resultat.md", "**Resultat:** Egna ord om resultaten.\n");
    let out = p
        .cmd()
        .args(["build", "2024", "--format", "md"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let md = String::from_utf8(out_file(&p, "md")).unwrap();
    assert!(!md.contains("Utfall"), "{md}");
}

#[test]
fn egenkontroller_table_lists_the_years_checks_that_are_not_indicators() {
    let p = exempelkommun();
    let md = p.read_string(&format!("out/2024/{MIN_SLUG}.md"));
    let at = md
        .find("Årets egenkontroller utöver kvalitetsregistren**")
        .expect("the table");
    let table: Vec<&str> = md[at..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert_eq!(
        table[0],
        "| Egenkontroll | Enhet | Period | Resultat | Kommentar |"
    );
    // The result as written, the kontroll on its group's first row, halvår named.
    assert!(table.contains(&"| Journalgranskning, hälso- och sjukvård | Särskilt boende | 2024 | 71\u{a0}% | 40 journaler granskades, planer för munvård och smärtlindring saknades ofta |"));
    assert!(table.contains(
        &"| | Hela verksamheten | halvår 2 2024 | Ingen otillåten åtkomst | Stickprov på 25 användare |"
    ));
    // Rows that feed an indicator are in the series tables, not here.
    assert!(!table.iter().any(|l| l.contains("Läkemedelsgenomgångar")));
    assert_eq!(table.len(), 2 + 7);
    let text = pdf_text(&p.read(&format!("out/2024/{MIN_SLUG}.pdf")));
    assert!(text.contains("Kontroll av narkotikaförråd"), "{text}");
}
