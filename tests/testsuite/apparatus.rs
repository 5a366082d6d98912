//! The document apparatus: graphic profile (font files, colours, logo), the list of
//! abbreviations, footnotes and the tjänsteskrivelse. A bad profile or memo: the cases
//! `profile-*` and `tjansteskrivelse-*` under `tests/fixtures/errors/`.

use lopdf::{Document, Object};

use super::support::{MIN_SLUG, Project, assert_ok, decode_pdf_string, normalise, pdf_text, xmp};

const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="10" height="10"><circle cx="5" cy="5" r="4" fill="#8a1538"/></svg>"##;

/// A "project font": the embedded regular Source Sans 3 renamed to "Kommun Sans 9" (and
/// PostScript name "KommunSans9-Regular") in its name table, so the PDF shows whether the
/// project's file, not the built-in one, was used. Same-length replacement keeps the table
/// layout; the name table's checksum is not verified by font readers.
fn project_font() -> Vec<u8> {
    let mut font = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/fonts/SourceSans3-Regular.ttf"
    ))
    .unwrap();
    for (from, to) in [("Source Sans 3", "Kommun Sans 9"), ("SourceSans3", "KommunSans9")] {
        let utf16 = |s: &str| s.encode_utf16().flat_map(u16::to_be_bytes).collect::<Vec<u8>>();
        for (f, t) in [
            (from.as_bytes().to_vec(), to.as_bytes().to_vec()),
            (utf16(from), utf16(to)),
        ] {
            let mut i = 0;
            while let Some(at) = font[i..].windows(f.len()).position(|w| w == f.as_slice()) {
                font[i + at..i + at + f.len()].copy_from_slice(&t);
                i += at + f.len();
            }
        }
    }
    font
}

/// The minimal fixture with a profile, a Förkortningar section, footnotes in two texts and a
/// tjänsteskrivelse.
fn apparatus_project() -> Project {
    let p = Project::fixture("minimal");
    std::fs::create_dir_all(p.path("typsnitt")).unwrap();
    std::fs::write(p.path("typsnitt/Kommunsans.ttf"), project_font()).unwrap();
    p.write("bilder/logo.svg", LOGO);
    p.edit(
        "berattelse.yaml",
        "  - id: avvikelser\n",
        "  - id: forkortningar\n    title: Förkortningar\n    generated: forkortningar\n  - id: avvikelser\n",
    );
    let yaml = p.read_string("berattelse.yaml");
    p.write(
        "berattelse.yaml",
        &format!(
            "{yaml}profile:\n  colours: {{accent: \"#8A1538\"}}\n  fonts: [typsnitt/Kommunsans.ttf]\n  heading_font: Kommun Sans 9\n  \
             logo: {{file: bilder/logo.svg, alt: Testby kommuns logotyp med en röd cirkel}}\n\
             abbreviations:\n  TBE: Testby boendeenhet\n\
             tjansteskrivelse:\n  handlaggare: {{namn: Åsa Öberg, titel: medicinskt ansvarig sjuksköterska}}\n  \
             forslag_till_beslut:\n    - att godkänna kvalitets- och patientsäkerhetsberättelsen för 2024\n    \
             - lägga berättelsen till handlingarna\n  \
             underskrifter: [{{namn: Per Persson, titel: förvaltningschef}}]\n  \
             expedieras_till: [Kommunstyrelsen]\n"
        ),
    );
    let sammanfattning = p.read_string("texts/sammanfattning.md");
    p.write(
        "texts/sammanfattning.md",
        &format!(
            "{sammanfattning}\n\nMAS och IVO följde upp arbetet på TBE.[^1] Personalen besökte MASsan, \
             se https://www.SKR.se/LSS och [länken](https://example.se/HSL).\n\n[^1]: Fotnot om uppföljningen i sammanfattningen.\n"
        ),
    );
    let avvikelser = p.read_string("texts/avvikelser.md");
    p.write(
        "texts/avvikelser.md",
        &format!("{avvikelser}\n\nEnligt SoL ska avvikelser utredas.[^1]\n\n[^1]: Fotnot om avvikelser, en annan text.\n"),
    );
    p.write(
        "texts/tjansteskrivelse.md",
        "Under {{ year }} rapporterades {{ value(\"test.fall\") }} fallhändelser.\n",
    );
    p
}

fn struct_alt_texts(doc: &Document) -> Vec<String> {
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter_map(|d| match d.get(b"Alt") {
            Ok(Object::String(bytes, _)) => Some(decode_pdf_string(bytes)),
            _ => None,
        })
        .collect()
}

fn font_names(doc: &Document) -> Vec<String> {
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(Object::as_name).ok() == Some(b"FontDescriptor".as_slice()))
        .map(|d| String::from_utf8_lossy(d.get(b"FontName").unwrap().as_name().unwrap()).into_owned())
        .collect()
}

/// The rows of the Förkortningar table in the Markdown report.
fn abbreviation_rows(md: &str) -> Vec<String> {
    let start = md
        .find("<!-- berattelse:block forkortningar -->")
        .expect("abbreviation block");
    let end = start + md[start..].find("<!-- berattelse:end -->").unwrap();
    md[start..end]
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Förkortning"))
        .map(|l| {
            l.split(" | ")
                .next()
                .unwrap()
                .trim_start_matches("| ")
                .to_string()
        })
        .collect()
}

#[test]
fn profile_abbreviations_footnotes_and_tjansteskrivelse() {
    let p = apparatus_project();
    assert_ok(&p.run(&["build", "2024", "--format", "md,pdf,typ"]));

    // Abbreviations: exactly the used ones, whole words, not in addresses, Swedish order.
    let md = p.read_string(&format!("out/2024/{MIN_SLUG}.md"));
    assert_eq!(abbreviation_rows(&md), ["IVO", "MAS", "SoL", "TBE"], "{md}");
    assert!(md.contains("| TBE | Testby boendeenhet |"), "{md}");
    assert!(md.contains("| IVO | Inspektionen för vård och omsorg |"), "{md}");
    let toc = md.find("## Innehåll").unwrap();
    assert!(
        md[toc..].contains("- 2 Förkortningar"),
        "after Sammanfattning in the contents: {md}"
    );

    // The profile reaches typst as data.
    let data = p.read_string(&format!("out/2024/{MIN_SLUG}.data.json"));
    assert!(data.contains("\"#8a1538\""), "{data}");
    assert!(data.contains("\"/bilder/logo.svg\""), "{data}");

    let pdf = p.read(&format!("out/2024/{MIN_SLUG}.pdf"));
    let doc = Document::load_mem(&pdf).unwrap();
    let fonts = font_names(&doc);
    assert!(
        fonts.iter().any(|f| f.contains("KommunSans9")),
        "project font used: {fonts:?}"
    );
    assert!(
        fonts.iter().any(|f| f.contains("SourceSans3")),
        "built-in body font: {fonts:?}"
    );
    let alts = struct_alt_texts(&doc);
    assert!(
        alts.iter()
            .any(|a| a == "Testby kommuns logotyp med en röd cirkel"),
        "logo alt text in the structure tree: {alts:?}"
    );
    let x = xmp(&doc);
    assert!(x.contains("<pdfaid:part>2</pdfaid:part>") && x.contains("<pdfuaid:part>1</pdfuaid:part>"));

    // Footnotes: both texts keep their own note, as real footnotes.
    let text = pdf_text(&pdf);
    for expected in [
        "Fotnot om uppföljningen i sammanfattningen.",
        "Fotnot om avvikelser, en annan text.",
        "Förkortning Betydelse",
        "MAS medicinskt ansvarig sjuksköterska",
    ] {
        assert!(text.contains(expected), "PDF text lacks {expected:?}:\n{text}");
    }
    assert!(!text.contains("[^1]"), "{text}");

    // The tjänsteskrivelse.
    let memo_md = p.read_string(&format!("out/2024/{MIN_SLUG}-tjansteskrivelse.md"));
    assert!(
        memo_md.contains("- att godkänna kvalitets- och patientsäkerhetsberättelsen för 2024"),
        "{memo_md}"
    );
    assert!(
        memo_md.contains("- att lägga berättelsen till handlingarna"),
        "{memo_md}"
    );
    let memo = p.read(&format!("out/2024/{MIN_SLUG}-tjansteskrivelse.pdf"));
    let memo_text = pdf_text(&memo);
    for expected in [
        "Testby kommun",
        "Vård- och omsorgsförvaltningen",
        "SN 2025/0007",
        "2025-03-01",
        "Förslag till beslut",
        "Socialnämnden beslutar",
        "att godkänna kvalitets- och patientsäkerhetsberättelsen för 2024",
        "att lägga berättelsen till handlingarna",
        "Sammanfattning",
        "fallhändelser",
        "Beslutsunderlag",
        "Kvalitets- och patientsäkerhetsberättelse 2024",
        "Per Persson",
        "förvaltningschef",
        "Expedieras till",
        "Kommunstyrelsen",
    ] {
        assert!(
            memo_text.contains(&normalise(expected)),
            "memo lacks {expected:?}:\n{memo_text}"
        );
    }
    let memo_doc = Document::load_mem(&memo).unwrap();
    let x = xmp(&memo_doc);
    assert!(x.contains("<pdfaid:part>2</pdfaid:part>"), "{x}");
    assert!(x.contains("<pdfaid:conformance>A</pdfaid:conformance>"), "{x}");
    assert!(x.contains("<pdfuaid:part>1</pdfuaid:part>"), "{x}");
    assert!(struct_alt_texts(&memo_doc).iter().any(|a| a.contains("logotyp")));
}
