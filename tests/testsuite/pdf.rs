//! The PDF itself: text, headings, Swedish characters, escaping, metadata, standards, fonts.

use lopdf::{Document, Object};

use super::support::{MIN_SLUG, decode_pdf_string, minimal, normalise, pdf_text, xmp};

/// The minimal fixture's PDF, built once for all tests of this module.
fn pdf() -> Vec<u8> {
    minimal().read(&format!("out/2024/{MIN_SLUG}.pdf"))
}

#[test]
fn text_has_headings_values_and_swedish_characters() {
    let pdf = pdf();
    let text = pdf_text(&pdf);
    for expected in [
        "Kvalitets- och patientsäkerhetsberättelse",
        "Testby kommun",
        "Innehåll",
        "1 Sammanfattning",
        "2 Avvikelser och lex Sarah",
        "3.1 Palliativ vård i livets slut",
        "Fall och läkemedel",
        "Tabell 1. Rapporterade avvikelser",
        "Fallhändelser 1 204 1 356 1 298",
        "Källa: Avvikelsesystemet",
        "Åsa Öberg",
        "sida 2",
        "Socialnämnden, Kvalitets- och patientsäkerhetsberättelse – 2024",
    ] {
        assert!(text.contains(expected), "PDF text lacks {expected:?}:\n{text}");
    }
}

#[test]
fn hostile_narrative_text_comes_out_literally() {
    let pdf = pdf();
    let text = pdf_text(&pdf);
    for expected in [
        "Tecken som ska synas: # $ * _ @ < > \\ [ ] ~ ` och // samt 2022-2024, -5 och namn@kommun.se.",
        "#let x = 1, $a + b$, <etikett>, @ref, \\u{41}, /* kommentar */ och = rubrik?",
        "]#strong[inte fet]; i sig.",
    ] {
        assert!(
            text.contains(&normalise(expected)),
            "PDF text lacks {expected:?}:\n{text}"
        );
    }
}

fn info_string(doc: &Document, key: &[u8]) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok()?;
    let info = doc.dereference(info).ok()?.1.as_dict().ok()?;
    let obj = info.get(key).ok()?;
    let bytes = doc.dereference(obj).ok()?.1.as_str().ok()?.to_vec();
    Some(decode_pdf_string(&bytes))
}

#[test]
fn metadata_title_language_and_standards() {
    let pdf = pdf();
    let doc = Document::load_mem(&pdf).unwrap();
    assert_eq!(
        info_string(&doc, b"Title").as_deref(),
        Some("Kvalitets- och patientsäkerhetsberättelse 2024")
    );
    let catalog = doc.catalog().unwrap();
    let lang = catalog.get(b"Lang").and_then(Object::as_str).unwrap();
    assert!(lang.starts_with(b"sv"), "{:?}", String::from_utf8_lossy(lang));
    // Tagged PDF with a structure tree (PDF/UA).
    assert!(catalog.get(b"StructTreeRoot").is_ok());
    let mark = catalog
        .get(b"MarkInfo")
        .and_then(|o| doc.dereference(o))
        .unwrap()
        .1
        .as_dict()
        .unwrap()
        .clone();
    assert!(mark.get(b"Marked").unwrap().as_bool().unwrap());
    // XMP declares PDF/A-2a and PDF/UA-1.
    let xmp = xmp(&doc);
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{xmp}");
    assert!(
        xmp.contains("<pdfaid:conformance>A</pdfaid:conformance>"),
        "{xmp}"
    );
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");
    assert!(xmp.contains("Kvalitets- och patientsäkerhetsberättelse 2024"));
}

#[test]
fn every_font_is_embedded_and_it_is_our_sans() {
    let pdf = pdf();
    let doc = Document::load_mem(&pdf).unwrap();
    let mut descriptors = 0;
    for (_, obj) in doc.objects.iter() {
        let Ok(dict) = obj.as_dict() else { continue };
        if dict.get(b"Type").and_then(Object::as_name).ok() != Some(b"FontDescriptor".as_slice()) {
            continue;
        }
        descriptors += 1;
        let name = String::from_utf8_lossy(dict.get(b"FontName").unwrap().as_name().unwrap()).into_owned();
        assert!(name.contains("SourceSans3"), "unexpected font {name}");
        assert!(
            dict.has(b"FontFile2") || dict.has(b"FontFile3") || dict.has(b"FontFile"),
            "font {name} is not embedded"
        );
    }
    assert!(
        descriptors >= 2,
        "expected regular and bold faces, found {descriptors}"
    );
}

#[test]
fn pages_start_with_cover_and_contents() {
    let pdf = pdf();
    let doc = Document::load_mem(&pdf).unwrap();
    assert!(
        doc.get_pages().len() >= 3,
        "the cover and the contents on pages of their own, then the chapters"
    );
    let cover = normalise(&pdf_extract::extract_text_from_mem_by_pages(&pdf).unwrap()[0]);
    assert!(cover.contains("SN 2025/0007"), "{cover}");
    assert!(cover.contains("1 mars 2025"), "{cover}");
    assert!(!cover.contains("sida"), "the cover has no footer: {cover}");
}
