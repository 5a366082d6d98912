//! The forms besides Markdown and PDF (`--format html,docx,xlsx,csv`): they combine with the
//! others in one output set, the same input gives the same bytes, the workbook holds numbers,
//! the HTML and the Word document are built from the report and escape what it says, and the
//! Word document of every example opens in LibreOffice with the Markdown's text.
//! (The HTML in a real browser with axe-core: tests/browser/check.sh, run by .ci/run.)

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use super::support::{self, Project, Shared, assert_ok};

const SLUG: &str = "kvalitets-och-patientsakerhetsberattelse-2024";
pub const ALL: &str = "md,pdf,html,docx,xlsx,csv";

fn out_files(p: &Shared, period: &str) -> BTreeMap<String, Vec<u8>> {
    support::file_tree(&p.path(&format!("out/{period}")))
}

/// The parts of a zip package (docx, xlsx) by name.
fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip package");
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        parts.insert(f.name().unwrap().to_string(), data);
    }
    parts
}

#[test]
fn formats_combine_in_one_set_and_repeat_byte_for_byte() {
    let p = support::exempelkommun();
    let first = out_files(p, "2024");
    for suffix in [".md", ".pdf", ".html", ".docx", ".xlsx", "-tabell-1.csv"] {
        assert!(
            first.contains_key(&format!("{SLUG}{suffix}")),
            "{SLUG}{suffix} missing: {:?}",
            first.keys()
        );
    }
    let again = tempfile::tempdir().unwrap();
    let out = p.run(&[
        "build",
        "2024",
        "--format",
        &format!("{ALL},typ"),
        "--out",
        again.path().to_str().unwrap(),
    ]);
    assert_ok(&out);
    let second = support::file_tree(&again.path().join("2024"));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &first {
        assert!(
            second[name] == *bytes,
            "{name} differs between two builds of the same input"
        );
    }
}

#[test]
fn workbook_figures_are_numbers() {
    use calamine::{Data, Reader, Xlsx};
    let p = support::exempelkommun();
    let bytes = p.read(&format!("out/2024/{SLUG}.xlsx"));
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let names = wb.sheet_names().to_vec();
    assert!(names.iter().any(|n| n == "Tabell 1"), "{names:?}");
    assert!(names.iter().any(|n| n.starts_with("Figur ")), "{names:?}");
    let (mut numbers, mut marks) = (0, 0);
    for name in &names {
        let range = wb.worksheet_range(name).unwrap();
        // Row 0 is the caption, row 2 the header; data from row 3 to the first empty row.
        for row in range
            .rows()
            .skip(3)
            .take_while(|r| r.iter().any(|c| *c != Data::Empty))
        {
            for cell in row.iter().skip(1) {
                match cell {
                    Data::Float(_) | Data::Int(_) => numbers += 1,
                    Data::String(s) => {
                        assert!(
                            berattelse::render::sheets::figure(s).is_none(),
                            "{name}: the figure {s:?} is text"
                        );
                        marks += 1;
                    }
                    _ => {}
                }
            }
        }
    }
    assert!(numbers > 50, "only {numbers} numbers in the workbook");
    assert!(
        marks > 0,
        "no text marks (suppressed or missing values) in the workbook"
    );
    let csv = String::from_utf8(p.read(&format!("out/2024/{SLUG}-tabell-1.csv"))).unwrap();
    assert!(csv.starts_with("\u{feff}Tabell 1. "), "{csv}");
}

#[test]
fn html_is_one_accessible_self_contained_page() {
    let p = support::exempelkommun();
    let html = p.read_string(&format!("out/2024/{SLUG}.html"));
    let md = p.read_string(&format!("out/2024/{SLUG}.md"));
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"));
    for needle in [
        "<header>",
        "<nav aria-labelledby",
        "<main id=",
        "<th scope=\"col\"",
        "<th scope=\"row\"",
        "<caption",
        "role=\"img\"",
        "@media print",
        "id=\"fotnot-1\"",
    ] {
        assert!(html.contains(needle), "no {needle}");
    }
    assert!(!html.contains("<script"), "the page has a script");
    assert!(!html.contains("src=\"http"), "the page loads from the network");
    // Every chart is drawn, and named by its caption.
    let charts = md.matches("**Figur ").count();
    assert_eq!(html.matches("<svg ").count(), charts);
    // Every section is in the contents, linked to its heading.
    let links = html.matches("<a href=\"#avsnitt-").count();
    assert!(links > 10, "{links} contents links");
    for id in html
        .split("<a href=\"#avsnitt-")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
    {
        assert!(
            html.contains(&format!("id=\"avsnitt-{id}\"")),
            "contents link to avsnitt-{id} has no target"
        );
    }
}

#[test]
fn narrative_markup_is_text_in_html_and_word() {
    let p = Project::fixture("minimal");
    p.edit(
        "texts/sammanfattning.md",
        "",
        "<script>alert(1)</script> [länk](javascript:void) <img src=x onerror=alert(3)> & \"\n\n",
    );
    let out = p.run(&["build", "2024", "--format", "html,docx"]);
    assert_ok(&out);
    let html = String::from_utf8(p.read(&format!("out/2024/{}.html", support::MIN_SLUG))).unwrap();
    assert!(!html.contains("<script>"));
    assert!(!html.contains("<img src=x"));
    assert!(!html.contains("href=\"javascript"));
    assert!(html.contains("länk"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let docx = unzip(&p.read(&format!("out/2024/{}.docx", support::MIN_SLUG)));
    let body = String::from_utf8(docx["word/document.xml"].clone()).unwrap();
    assert!(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(body.contains("&amp; &quot;"));
}

#[test]
fn word_document_has_styles_tables_pictures_and_notes() {
    let p = support::exempelkommun();
    let parts = unzip(&p.read(&format!("out/2024/{SLUG}.docx")));
    let text = |name: &str| String::from_utf8(parts[name].clone()).unwrap();
    let body = text("word/document.xml");
    for needle in [
        "<w:pStyle w:val=\"Title\"/>",
        "<w:pStyle w:val=\"Heading1\"/>",
        "<w:pStyle w:val=\"Heading2\"/>",
        "<w:tblHeader/>",
        "<w:tblCaption w:val=\"Tabell 1. ",
        "<w:footnoteReference w:id=\"1\"/>",
        "<wp:docPr id=\"1\" name=\"Bild 1\" descr=\"",
        "<w:hyperlink w:anchor=\"avsnitt1\"",
    ] {
        assert!(body.contains(needle), "document.xml has no {needle}");
    }
    assert!(text("word/styles.xml").contains("<w:name w:val=\"heading 1\"/>"));
    assert!(text("word/footnotes.xml").contains("<w:footnote w:id=\"1\">"));
    let core = text("docProps/core.xml");
    assert!(core.contains("<dc:language>sv-SE</dc:language>"));
    assert!(
        core.contains("<dc:title>Kvalitets- och patientsäkerhetsberättelse 2024</dc:title>"),
        "{core}"
    );
    assert!(core.contains("Karin Lindqvist"));
    assert!(
        parts
            .keys()
            .any(|k| k.starts_with("word/media/") && k.ends_with(".png"))
    );
}

/// The words of a text: runs of letters or of digits, lowercased (a footnote number glued
/// to a word, "tkr6", is a word of its own).
fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut last: Option<bool> = None;
    for c in text.chars() {
        if !c.is_alphanumeric() {
            last = None;
            continue;
        }
        let digit = c.is_numeric();
        match out.last_mut() {
            Some(w) if last == Some(digit) => w.extend(c.to_lowercase()),
            _ => out.push(c.to_lowercase().collect()),
        }
        last = Some(digit);
    }
    out
}

/// The text a reader of the Word document sees, from the Markdown: the text, each footnote
/// reference as its number (Word numbers them in order), without the notes themselves
/// (LibreOffice's text export leaves them out), the numbers of ordered lists, and without
/// images' alt texts.
fn markdown_words(md: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let defined: std::collections::HashSet<String> = Parser::new_ext(md, options)
        .filter_map(|e| match e {
            Event::Start(Tag::FootnoteDefinition(name)) => Some(name.to_lowercase()),
            _ => None,
        })
        .collect();
    let mut text = String::new();
    let (mut hidden, mut notes) = (0, 0);
    // Word writes the numbers of ordered lists; the Markdown has them as syntax.
    let mut lists: Vec<Option<u64>> = Vec::new();
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Start(Tag::List(start)) => lists.push(start),
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) if hidden == 0 => {
                if let Some(Some(n)) = lists.last_mut() {
                    text.push_str(&format!(" {n} "));
                    *n += 1;
                }
            }
            Event::Start(Tag::Image { .. } | Tag::FootnoteDefinition(_)) => hidden += 1,
            Event::End(TagEnd::Image | TagEnd::FootnoteDefinition) => hidden -= 1,
            _ if hidden > 0 => {}
            Event::Text(t) | Event::Code(t) => {
                text.push_str(&t);
                text.push(' ');
            }
            Event::FootnoteReference(name) if defined.contains(&name.to_lowercase()) => {
                notes += 1;
                text.push_str(&format!(" {notes} "));
            }
            Event::FootnoteReference(name) => text.push_str(&format!("[^{name}]")),
            _ => text.push(' '),
        }
    }
    words(&text)
}

/// What LibreOffice makes of a .docx as plain text, per file; `None` without LibreOffice
/// (unless `BERATTELSE_OFFICE=1`, as in CI, which makes its absence a failure).
fn office_text(files: &[&Path]) -> Option<Vec<String>> {
    let required = std::env::var("BERATTELSE_OFFICE").is_ok_and(|v| v == "1");
    let found = std::process::Command::new("soffice").arg("--version").output();
    if found.is_err() {
        assert!(!required, "BERATTELSE_OFFICE=1 but soffice is not installed");
        eprintln!("soffice not found: the Word documents are not opened in LibreOffice");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}/profile",
            dir.path().display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "txt:Text",
            "--outdir",
        ])
        .arg(dir.path().join("txt"))
        .args(files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "soffice failed: {}",
        support::stderr_of(&out)
    );
    Some(
        files
            .iter()
            .map(|f| {
                let stem = f.file_stem().unwrap().to_str().unwrap();
                let txt = dir.path().join("txt").join(format!("{stem}.txt"));
                let bytes = std::fs::read(&txt)
                    .unwrap_or_else(|e| panic!("LibreOffice did not convert {}: {e}", f.display()));
                String::from_utf8_lossy(&bytes).into_owned()
            })
            .collect(),
    )
}

#[test]
fn word_documents_of_the_examples_open_in_libreoffice_with_the_markdown_text() {
    let examples: [(&Shared, &str); 3] = [
        (support::exempelkommun(), "2024"),
        (support::separata_berattelser(), "2024"),
        (support::avvikelserapport_halvar(), "2024-H1"),
    ];
    let mut docs = Vec::new();
    for (p, period) in examples {
        for name in out_files(p, period).keys().filter(|n| n.ends_with(".docx")) {
            docs.push(p.path(&format!("out/{period}/{name}")));
        }
    }
    assert_eq!(docs.len(), 4, "{docs:?}");
    let paths: Vec<&Path> = docs.iter().map(|p| p.as_path()).collect();
    let Some(texts) = office_text(&paths) else {
        return;
    };
    for (doc, text) in docs.iter().zip(texts) {
        let md = std::fs::read_to_string(doc.with_extension("md")).unwrap();
        let (want, got) = (markdown_words(&md), words(&text));
        if want != got {
            let at = want
                .iter()
                .zip(&got)
                .position(|(a, b)| a != b)
                .unwrap_or(want.len().min(got.len()));
            let show = |w: &[String]| w[at.saturating_sub(8)..(at + 12).min(w.len())].join(" ");
            panic!(
                "{}: the Word text differs from the Markdown at word {at} of {}/{}\n markdown: {}\n word:     {}",
                doc.display(),
                want.len(),
                got.len(),
                show(&want),
                show(&got)
            );
        }
    }
}

#[test]
fn a_failed_build_leaves_every_form_of_the_last_set() {
    let p = Project::fixture("minimal");
    assert_ok(&p.run(&["build", "2024", "--format", ALL]));
    let before = support::file_tree(&p.path("out/2024"));
    assert!(before.keys().any(|k| k.ends_with(".docx")) && before.keys().any(|k| k.ends_with(".html")));
    p.edit("texts/sammanfattning.md", "", "{{ value(\"finns.inte\") }}\n\n");
    let out = p.run(&["build", "2024", "--format", ALL]);
    assert!(!out.status.success());
    assert!(
        support::file_tree(&p.path("out/2024")) == before,
        "a failed build changed the output set"
    );
}
