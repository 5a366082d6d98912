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

// ---------------------------------------------------------------------------------------------
// The structure tree (PDF/UA-1)
// ---------------------------------------------------------------------------------------------

/// A structure element: its type, its scope attribute (TH) and its children.
#[derive(Debug)]
struct Elem {
    role: String,
    scope: Option<String>,
    kids: Vec<Elem>,
}

fn name_of(o: &Object) -> Option<String> {
    o.as_name().ok().map(|n| String::from_utf8_lossy(n).into_owned())
}

fn elem(doc: &Document, o: &Object, depth: usize) -> Option<Elem> {
    let dict = doc.dereference(o).ok()?.1.as_dict().ok()?;
    let role = name_of(dict.get(b"S").ok()?)?;
    let mut scope = None;
    if let Ok(a) = dict.get(b"A").and_then(|a| doc.dereference(a).map(|(_, o)| o)) {
        let attrs: Vec<&Object> = match a.as_array() {
            Ok(arr) => arr.iter().collect(),
            Err(_) => vec![a],
        };
        for at in attrs {
            if let Ok(d) = doc.dereference(at).and_then(|(_, o)| o.as_dict()) {
                scope = scope.or_else(|| d.get(b"Scope").ok().and_then(name_of));
            }
        }
    }
    let mut kids = Vec::new();
    if depth < 64
        && let Ok(k) = dict.get(b"K").and_then(|k| doc.dereference(k).map(|(_, o)| o))
    {
        let list: Vec<&Object> = match k.as_array() {
            Ok(arr) => arr.iter().collect(),
            Err(_) => vec![k],
        };
        kids = list.into_iter().filter_map(|c| elem(doc, c, depth + 1)).collect();
    }
    Some(Elem { role, scope, kids })
}

fn structure(doc: &Document) -> Elem {
    let root = doc.catalog().unwrap().get(b"StructTreeRoot").unwrap();
    let root = doc.dereference(root).unwrap().1.as_dict().unwrap();
    let k = doc.dereference(root.get(b"K").unwrap()).unwrap().1;
    let kids = match k.as_array() {
        Ok(arr) => arr.iter().filter_map(|c| elem(doc, c, 0)).collect(),
        Err(_) => elem(doc, k, 0).into_iter().collect(),
    };
    Elem {
        role: "StructTreeRoot".into(),
        scope: None,
        kids,
    }
}

/// Every element in document order, with its parent's type.
fn flatten<'a>(e: &'a Elem, parent: &'a str, out: &mut Vec<(&'a Elem, &'a str)>) {
    out.push((e, parent));
    for k in &e.kids {
        flatten(k, &e.role, out);
    }
}

fn outline_titles(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(outlines) = doc.catalog().unwrap().get(b"Outlines") else {
        return out;
    };
    let outlines = doc.dereference(outlines).unwrap().1.as_dict().unwrap();
    let mut stack: Vec<Object> = outlines.get(b"First").ok().cloned().into_iter().collect();
    while let Some(o) = stack.pop() {
        let d = doc.dereference(&o).unwrap().1.as_dict().unwrap();
        let t = doc.dereference(d.get(b"Title").unwrap()).unwrap().1;
        out.push(decode_pdf_string(t.as_str().unwrap()));
        stack.extend(d.get(b"Next").ok().cloned());
        stack.extend(d.get(b"First").ok().cloned());
    }
    out
}

#[test]
fn structure_tree_has_title_row_headers_tables_lists_and_captions() {
    let ex = super::support::exempelkommun();
    let pdf = ex.read(&format!("out/2024/{MIN_SLUG}.pdf"));
    let doc = Document::load_mem(&pdf).unwrap();
    let tree = structure(&doc);
    let mut all = Vec::new();
    flatten(&tree, "", &mut all);
    let first = |role: &str| all.iter().position(|(e, _)| e.role == role);
    // The cover title is the document's title element, before the first heading.
    let h1 = first("H1").expect("an H1");
    assert!(
        first("Title").is_some_and(|t| t < h1),
        "no Title before the first H1"
    );
    // The cover metadata is a table whose rows are named by row headers.
    let cover = all[..h1]
        .iter()
        .find(|(e, _)| e.role == "Table")
        .map(|(e, _)| e)
        .expect("the cover metadata as a Table");
    let row_headers = cover
        .kids
        .iter()
        .filter(|tr| {
            tr.kids
                .first()
                .is_some_and(|c| c.role == "TH" && c.scope.as_deref() == Some("Row"))
        })
        .count();
    assert_eq!(row_headers, cover.kids.len(), "{cover:?}");
    assert!(row_headers >= 4, "Diarienummer, Datum, Version, …: {cover:?}");
    // Data tables: the first cell of a body row is a row header.
    let rows = all
        .iter()
        .filter(|(e, _)| e.role == "TH" && e.scope.as_deref() == Some("Row"))
        .count();
    assert!(rows > 50, "{rows} row headers");
    // Captions sit inside their Table, or beside their Figure in the Div typst wraps both in.
    for (i, (e, parent)) in all.iter().enumerate() {
        if e.role != "Caption" {
            continue;
        }
        let ok = *parent == "Table"
            || *parent == "Figure"
            || (*parent == "Div"
                && all[..i]
                    .iter()
                    .rev()
                    .find(|(d, _)| d.role == "Div")
                    .is_some_and(|(d, _)| d.kids.iter().any(|k| k.role == "Figure")));
        assert!(ok, "caption {i} inside {parent}");
    }
    assert!(
        all.iter()
            .filter(|(e, p)| e.role == "Caption" && *p == "Table")
            .count()
            >= 10,
        "table captions inside their tables"
    );
    // Bookmarks: "1 Sammanfattning", "10.1 Senior alert", with the space.
    let titles = outline_titles(&doc);
    assert!(titles.iter().any(|t| t == "1 Sammanfattning"), "{titles:?}");
    for t in &titles {
        let (number, rest) = t.split_once(' ').unwrap_or((t, ""));
        assert!(
            number.chars().all(|c| c.is_ascii_digit() || c == '.') && !rest.is_empty(),
            "bookmark {t:?}"
        );
    }
    // Diarienummer, nämnd and report kind in the XMP metadata.
    let xmp = xmp(&doc);
    for expected in [
        "SN 2025/0042",
        "Socialnämnden",
        "Kvalitets- och patientsäkerhetsberättelse",
    ] {
        assert!(xmp.contains(expected), "XMP lacks {expected:?}:\n{xmp}");
    }
}

#[test]
fn the_att_satser_are_a_list() {
    let ex = super::support::exempelkommun();
    let pdf = ex.read(&format!("out/2024/{MIN_SLUG}-tjansteskrivelse.pdf"));
    let doc = Document::load_mem(&pdf).unwrap();
    let tree = structure(&doc);
    let mut all = Vec::new();
    flatten(&tree, "", &mut all);
    let list = all
        .iter()
        .find(|(e, _)| e.role == "L")
        .map(|(e, _)| e)
        .expect("a list");
    let items: Vec<&Elem> = list.kids.iter().filter(|k| k.role == "LI").collect();
    assert_eq!(items.len(), 3, "three att-satser: {list:?}");
    assert!(items.iter().all(|li| li.kids.iter().any(|k| k.role == "Lbl")));
}

#[test]
fn deep_outline_bookmarks_have_every_level_and_unnumbered_titles() {
    let p = super::support::Project::fixture("deep-outline");
    let out = p
        .cmd()
        .args(["build", "2024", "--format", "pdf"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", super::support::stderr_of(&out));
    let doc = Document::load_mem(&p.read(&format!("out/2024/{MIN_SLUG}.pdf"))).unwrap();
    let titles = outline_titles(&doc);
    let pos = |t: &str| {
        titles
            .iter()
            .position(|x| x == t)
            .unwrap_or_else(|| panic!("{t:?} in {titles:?}"))
    };
    // In order, at every level, unnumbered ones by their title alone.
    let order = [
        "Sammanfattning",
        "1 Inledning",
        "2.7 Egenkontroll",
        "2.7.12 Läkemedelsgenomgångar",
        "2.7.12.1 Särskilt boende",
        "Säker vård här och nu",
        "2.8 Kompetens",
        "Bilaga 1 Rutiner för avvikelsehantering",
        "Bilaga 2 Ordlista",
    ];
    let at: Vec<usize> = order.iter().map(|t| pos(t)).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{titles:?}");
    // The contents page lists the third and fourth levels too.
    let text = normalise(&pdf_text(&p.read(&format!("out/2024/{MIN_SLUG}.pdf"))));
    // Sammanfattning (before_contents) comes before the contents page.
    let (summary, toc_start) = (
        text.find("Året präglades").unwrap(),
        text.find("Innehåll").unwrap(),
    );
    assert!(summary < toc_start, "{text}");
    let toc = &text[toc_start..text.find("Berättelsen följer").unwrap()];
    assert!(toc.contains("2.7.10 Rättssäkerhet i utredningar"), "{toc}");
    assert!(toc.contains("2.7.12.2 Hemsjukvård"), "{toc}");
}

#[test]
fn separate_reports_have_their_own_metadata_keywords_status_and_memo() {
    let p = super::support::Project::example("separata-berattelser");
    let out = p.cmd().args(["build", "2024"]).output().unwrap();
    assert!(out.status.success(), "{}", super::support::stderr_of(&out));
    let kb = Document::load_mem(&p.read("out/2024/kb.pdf")).unwrap();
    let psb = Document::load_mem(&p.read("out/2024/psb.pdf")).unwrap();
    let (kb_xmp, psb_xmp) = (xmp(&kb), xmp(&psb));
    assert!(kb_xmp.contains("SN 2025/0041") && !kb_xmp.contains("SN 2025/0042"));
    assert!(psb_xmp.contains("SN 2025/0042") && !psb_xmp.contains("SN 2025/0041"));
    // Keywords by kind: the KB never says patientsäkerhetsberättelse, nor the PSB kvalitetsberättelse.
    let keywords = |x: &str| {
        let start = x.find("<pdf:Keywords>").expect("pdf:Keywords");
        let end = x[start..].find("</pdf:Keywords>").unwrap();
        x[start..start + end].to_string()
    };
    let (kbk, psbk) = (keywords(&kb_xmp), keywords(&psb_xmp));
    assert!(
        kbk.contains("kvalitetsberättelse") && !kbk.contains("patientsäkerhetsberättelse"),
        "{kbk}"
    );
    assert!(
        psbk.contains("patientsäkerhetsberättelse") && !psbk.contains("kvalitetsberättelse"),
        "{psbk}"
    );
    // Covers: each its owner; the fastställd KB names the decision, the PSB is a proposal.
    let kb_text = normalise(&pdf_text(&p.read("out/2024/kb.pdf")));
    let psb_text = normalise(&pdf_text(&p.read("out/2024/psb.pdf")));
    assert!(
        kb_text.contains("Jonas Ekström, socialt ansvarig samordnare"),
        "{kb_text}"
    );
    assert!(
        kb_text.contains("Fastställd av Socialnämnden 2025-03-20, § 34"),
        "{kb_text}"
    );
    assert!(psb_text.contains("Karin Lindqvist, medicinskt ansvarig sjuksköterska"));
    assert!(psb_text.contains("Förslag till Socialnämnden"), "{psb_text}");
    assert!(!psb_text.contains("Fastställd av"), "{psb_text}");
    // Two tjänsteskrivelser, each its own.
    let kb_memo = p.read_string("out/2024/kb-tjansteskrivelse.md");
    let psb_memo = p.read_string("out/2024/psb-tjansteskrivelse.md");
    assert!(
        kb_memo.contains("Jonas Ekström") && kb_memo.contains("SN 2025/0041"),
        "{kb_memo}"
    );
    assert!(
        psb_memo.contains("Karin Lindqvist") && psb_memo.contains("SN 2025/0042"),
        "{psb_memo}"
    );
    assert!(psb_memo.contains("Patientsäkerhetsberättelse 2024"));
    assert!(p.path("out/2024/psb-tjansteskrivelse.pdf").exists());
}
