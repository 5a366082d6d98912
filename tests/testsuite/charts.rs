//! Charts: the Markdown (caption, alt text, figures), the data typst draws from, and the PDF
//! (caption text, the alt text in the structure tree, still PDF/A-2a + PDF/UA-1).

use lopdf::{Document, Object};

use super::support::{MIN_SLUG, charts, decode_pdf_string, pdf_text, xmp};

#[test]
fn charts_in_markdown() {
    let p = charts();
    let md = p.read_string(&format!("out/2024/{MIN_SLUG}.md"));
    // Figures are numbered in their own sequence; tables keep theirs.
    assert!(
        md.contains("**Figur 1. Fall och läkemedelsavvikelser per år**"),
        "{md}"
    );
    assert!(md.contains("**Figur 4. Rapporter enligt lex Sarah**"), "{md}");
    assert!(md.contains("**Tabell 1. Rapporterade avvikelser**"), "{md}");
    insta::assert_snapshot!("charts_report_md", md);
}

#[test]
fn chart_data_for_typst() {
    let p = charts();
    let body = p.read_string(&format!("out/2024/{MIN_SLUG}.body.typ"));
    assert!(
        body.contains("#berattelse-block(\"figur-fall-per-ar\")"),
        "{body}"
    );
    let lib = p.read_string(&format!("out/2024/{MIN_SLUG}.charts.typ"));
    assert!(lib.contains("#let chart("));
    let data: serde_json::Value =
        serde_json::from_slice(&p.read(&format!("out/2024/{MIN_SLUG}.data.json"))).unwrap();
    let fall = &data["blocks"]["figur-fall-per-ar"];
    assert_eq!(fall["kind"], "chart");
    assert_eq!(fall["chart_type"], "columns");
    assert_eq!(fall["number"], 1);
    assert_eq!(fall["categories"], serde_json::json!(["2022", "2023", "2024"]));
    assert_eq!(fall["series"][0]["values"][0]["label"], "1\u{a0}204");
    assert_eq!(fall["markers"][0]["label"], "Målvärde 1\u{a0}250 (Fallhändelser)");
    // A protected count is not drawn: no value, the table's symbol instead.
    let tryck = &data["blocks"]["figur-trycksar"]["series"][0]["values"];
    assert_eq!(tryck[1]["value"], serde_json::Value::Null);
    assert_eq!(tryck[1]["label"], "<5");
    assert_eq!(tryck[2]["state"], "missing");
    let bars = &data["blocks"]["figur-palliativ"];
    assert_eq!(bars["chart_type"], "bars");
    assert_eq!(
        bars["table"]["header"],
        serde_json::json!(["Mått", "2023", "2024", "Riket 2024", "Målvärde"])
    );
    let line = &data["blocks"]["figur-lex-sarah"];
    assert_eq!(line["categories"][0], "2017");
    assert_eq!(line["series"][0]["breaks"], serde_json::json!([4]));
}

#[test]
fn charts_in_the_pdf_have_alt_text_and_stay_accessible() {
    let p = charts();
    let pdf = p.read(&format!("out/2024/{MIN_SLUG}.pdf"));
    let text = pdf_text(&pdf);
    for expected in [
        "Figur 1. Fall och läkemedelsavvikelser per år",
        "Figur 3. Vård i livets slutskede jämfört med målvärde och riket",
        "Tabell 1. Rapporterade avvikelser",
        "Källa: Senior alert",
        "Målvärde 1 250",
    ] {
        assert!(text.contains(expected), "PDF text lacks {expected:?}:\n{text}");
    }
    let doc = Document::load_mem(&pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    assert!(catalog.get(b"StructTreeRoot").is_ok());
    // Every chart is a Figure element of the structure tree with the generated alt text.
    let mut alts = Vec::new();
    for (_, obj) in doc.objects.iter() {
        let Ok(dict) = obj.as_dict() else { continue };
        if dict.get(b"S").and_then(Object::as_name).ok() != Some(b"Figure".as_slice()) {
            continue;
        }
        if let Ok(alt) = dict
            .get(b"Alt")
            .and_then(|o| doc.dereference(o))
            .and_then(|(_, o)| o.as_str())
        {
            alts.push(decode_pdf_string(alt));
        }
    }
    alts.sort();
    assert_eq!(alts.len(), 4, "{alts:#?}");
    assert!(
        alts.iter().any(|a| a.starts_with(
            "Stapeldiagram: Fall och läkemedelsavvikelser per år, 2022–2024. Fallhändelser: 2022: 1\u{a0}204,"
        )),
        "{alts:#?}"
    );
    assert!(
        alts.iter()
            .any(|a| a.contains("Personer med trycksår: 2021: 12, 2022: färre än 5, 2023: uppgift saknas")),
        "{alts:#?}"
    );
    assert!(
        alts.iter()
            .any(|a| a.starts_with("Linjediagram: Rapporter enligt lex Sarah, 2017–2024."))
    );
    assert!(
        alts.iter()
            .any(|a| a.contains("Smärtskattning sista levnadsveckan: 2023: 42\u{a0}%, 2024: 51\u{a0}% (riket 45\u{a0}%, målvärde 100\u{a0}%)")),
        "{alts:#?}"
    );
    // Still PDF/A-2a and PDF/UA-1.
    let xmp = xmp(&doc);
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"));
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"));
}
