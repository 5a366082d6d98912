//! The fixed parts of the Word package: styles (Word's built-in heading styles, caption,
//! footnote and table styles in the profile's colours), settings, numbering, and the
//! document properties.

use std::fmt::Write as _;

use super::xml;
use crate::render::document::Meta;
use crate::render::html::Palette;

pub const W_NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"";

const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

fn hex(colour: &str) -> String {
    colour.trim_start_matches('#').to_ascii_uppercase()
}

/// The font family for Word: the profile's body font, else one every Word has.
fn font(name: Option<&str>) -> String {
    xml(name.unwrap_or("Arial"))
}

pub fn styles(meta: &Meta, p: &Palette) -> String {
    let body = font(meta.profile.body_font.as_deref());
    let heading = font(
        meta.profile
            .heading_font
            .as_deref()
            .or(meta.profile.body_font.as_deref()),
    );
    // Text colours at AA contrast on white (as in the HTML).
    let accent = hex(&crate::render::html::contrast_colour(&p.accent, "#ffffff", 4.5));
    let muted = hex(&crate::render::html::contrast_colour(&p.muted, "#ffffff", 4.5));
    let light = hex(&p.accent_light);
    let rule = hex(&p.rule);
    let mut s = String::from(DECL);
    let _ = write!(
        s,
        "<w:styles {W_NS}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"{body}\" w:hAnsi=\"{body}\" w:eastAsia=\"{body}\" w:cs=\"{body}\"/><w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/><w:lang w:val=\"sv-SE\" w:eastAsia=\"sv-SE\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"276\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
    );
    s.push_str("<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>");
    let _ = write!(
        s,
        "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:spacing w:before=\"480\" w:after=\"240\"/></w:pPr><w:rPr><w:rFonts w:ascii=\"{heading}\" w:hAnsi=\"{heading}\"/><w:b/><w:color w:val=\"{accent}\"/><w:sz w:val=\"52\"/></w:rPr></w:style>"
    );
    let sizes = [32, 28, 24, 22, 22, 22, 22, 22, 22];
    for (i, size) in sizes.iter().enumerate() {
        let n = i + 1;
        let _ = write!(
            s,
            "<w:style w:type=\"paragraph\" w:styleId=\"Heading{n}\"><w:name w:val=\"heading {n}\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"{}\" w:after=\"120\"/><w:outlineLvl w:val=\"{i}\"/></w:pPr><w:rPr><w:rFonts w:ascii=\"{heading}\" w:hAnsi=\"{heading}\"/><w:b/><w:color w:val=\"{accent}\"/><w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr></w:style>",
            if n == 1 { 480 } else { 240 }
        );
    }
    let _ = write!(
        s,
        "<w:style w:type=\"paragraph\" w:styleId=\"TOCHeading\"><w:name w:val=\"TOC Heading\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:pPr><w:spacing w:before=\"240\" w:after=\"240\"/></w:pPr><w:rPr><w:rFonts w:ascii=\"{heading}\" w:hAnsi=\"{heading}\"/><w:b/><w:color w:val=\"{accent}\"/><w:sz w:val=\"32\"/></w:rPr></w:style>"
    );
    for n in 1..=9 {
        let _ = write!(
            s,
            "<w:style w:type=\"paragraph\" w:styleId=\"TOC{n}\"><w:name w:val=\"toc {n}\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"60\"/><w:ind w:left=\"{}\"/></w:pPr></w:style>",
            (n - 1) * 240
        );
    }
    let _ = write!(
        s,
        "<w:style w:type=\"paragraph\" w:styleId=\"Caption\"><w:name w:val=\"caption\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:spacing w:before=\"240\" w:after=\"80\"/></w:pPr><w:rPr><w:b/><w:color w:val=\"1A1A1A\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"FootnoteText\"><w:name w:val=\"footnote text\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>\
<w:style w:type=\"character\" w:styleId=\"FootnoteReference\"><w:name w:val=\"footnote reference\"/><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr></w:style>\
<w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name w:val=\"Hyperlink\"/><w:rPr><w:color w:val=\"{accent}\"/><w:u w:val=\"single\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"ListParagraph\"><w:name w:val=\"List Paragraph\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr><w:spacing w:after=\"60\"/><w:ind w:left=\"720\"/></w:pPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Quote\"><w:name w:val=\"Quote\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr><w:ind w:left=\"567\"/></w:pPr><w:rPr><w:i/><w:color w:val=\"{muted}\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Code\"><w:name w:val=\"Code\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\"/></w:pPr><w:rPr><w:rFonts w:ascii=\"Consolas\" w:hAnsi=\"Consolas\"/><w:sz w:val=\"20\"/></w:rPr></w:style>\
<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
<w:style w:type=\"table\" w:styleId=\"Tabell\"><w:name w:val=\"Tabell\"/><w:basedOn w:val=\"TableNormal\"/><w:pPr><w:spacing w:after=\"0\"/></w:pPr><w:rPr><w:sz w:val=\"20\"/></w:rPr><w:tblPr><w:tblBorders><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"{rule}\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"{rule}\"/></w:tblBorders></w:tblPr><w:tblStylePr w:type=\"firstRow\"><w:rPr><w:b/></w:rPr><w:tcPr><w:tcBorders><w:bottom w:val=\"single\" w:sz=\"12\" w:space=\"0\" w:color=\"{accent}\"/></w:tcBorders><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{light}\"/></w:tcPr></w:tblStylePr></w:style>"
    );
    s.push_str("</w:styles>");
    s
}

/// Settings, in the element order the schema requires (Word refuses others).
pub fn settings() -> String {
    format!(
        "{DECL}<w:settings {W_NS}><w:defaultTabStop w:val=\"708\"/><w:characterSpacingControl w:val=\"doNotCompress\"/><w:footnotePr><w:footnote w:id=\"-1\"/><w:footnote w:id=\"0\"/></w:footnotePr><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat><w:themeFontLang w:val=\"sv-SE\"/></w:settings>"
    )
}

/// Bullets (numId 1) and one numbering instance per ordered list, so each starts afresh.
pub fn numbering(ordered_starts: &[u64]) -> String {
    let mut s = format!("{DECL}<w:numbering {W_NS}>");
    let levels = |s: &mut String, ordered: bool| {
        for l in 0..9 {
            let (fmt, text) = if ordered {
                ("decimal", format!("%{}.", l + 1))
            } else {
                ("bullet", ["•", "–", "◦"][l % 3].to_string())
            };
            let _ = write!(
                s,
                "<w:lvl w:ilvl=\"{l}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{fmt}\"/><w:lvlText w:val=\"{text}\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"{}\" w:hanging=\"360\"/></w:pPr></w:lvl>",
                720 + l * 360
            );
        }
    };
    s.push_str("<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"hybridMultilevel\"/>");
    levels(&mut s, false);
    s.push_str(
        "</w:abstractNum><w:abstractNum w:abstractNumId=\"1\"><w:multiLevelType w:val=\"hybridMultilevel\"/>",
    );
    levels(&mut s, true);
    s.push_str("</w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>");
    for (i, start) in ordered_starts.iter().enumerate() {
        let _ = write!(
            s,
            "<w:num w:numId=\"{}\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"{start}\"/></w:lvlOverride></w:num>",
            i + 2
        );
    }
    s.push_str("</w:numbering>");
    s
}

pub fn footnotes(notes: &[String]) -> String {
    let mut s = format!(
        "{DECL}<w:footnotes {W_NS}><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    );
    for (i, body) in notes.iter().enumerate() {
        let _ = write!(s, "<w:footnote w:id=\"{}\">{body}</w:footnote>", i + 1);
    }
    s.push_str("</w:footnotes>");
    s
}

pub fn document(body: &str) -> String {
    // A4, 2,5 cm margins; the last section properties close the body.
    format!(
        "{DECL}<w:document {W_NS}><w:body>{body}<w:sectPr><w:footnotePr><w:numFmt w:val=\"decimal\"/></w:footnotePr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1417\" w:right=\"1417\" w:bottom=\"1417\" w:left=\"1417\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    )
}

/// Title, authors, keywords, language and the document date (never the clock).
pub fn core(meta: &Meta) -> String {
    let date = format!("{}T00:00:00Z", meta.date_iso);
    let creator = if meta.authors.is_empty() {
        meta.owner.clone().unwrap_or_else(|| meta.namnd.clone())
    } else {
        meta.authors.join("; ")
    };
    format!(
        "{DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator><cp:keywords>{}</cp:keywords><dc:language>sv-SE</dc:language><dc:description>{}</dc:description><dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:modified></cp:coreProperties>",
        xml(&format!("{} {}", meta.title, meta.period_text)),
        xml(&format!("{}, {}", meta.kommun, meta.namnd)),
        xml(&creator),
        xml(&meta.keywords.join(", ")),
        xml(&meta.footer),
    )
}

pub fn app(meta: &Meta) -> String {
    format!(
        "{DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><Application>berattelse</Application><Company>{}</Company></Properties>",
        xml(&meta.kommun)
    )
}

pub fn content_types() -> String {
    format!(
        "{DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"png\" ContentType=\"image/png\"/><Default Extension=\"jpeg\" ContentType=\"image/jpeg\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/><Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/><Override PartName=\"/word/footnotes.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml\"/><Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/><Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/></Types>"
    )
}

pub fn package_rels() -> String {
    format!(
        "{DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/></Relationships>"
    )
}

pub fn document_rels(media: &[String], links: &[String]) -> String {
    let base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let mut s = format!(
        "{DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rIdStyles\" Type=\"{base}/styles\" Target=\"styles.xml\"/><Relationship Id=\"rIdSettings\" Type=\"{base}/settings\" Target=\"settings.xml\"/><Relationship Id=\"rIdNumbering\" Type=\"{base}/numbering\" Target=\"numbering.xml\"/><Relationship Id=\"rIdFootnotes\" Type=\"{base}/footnotes\" Target=\"footnotes.xml\"/>"
    );
    for (i, name) in media.iter().enumerate() {
        let _ = write!(
            s,
            "<Relationship Id=\"rIdImg{}\" Type=\"{base}/image\" Target=\"media/{name}\"/>",
            i + 1
        );
    }
    for (i, url) in links.iter().enumerate() {
        let _ = write!(
            s,
            "<Relationship Id=\"rIdLink{}\" Type=\"{base}/hyperlink\" Target=\"{}\" TargetMode=\"External\"/>",
            i + 1,
            xml(url)
        );
    }
    s.push_str("</Relationships>");
    s
}
