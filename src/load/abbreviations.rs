//! The list of abbreviations ("Förkortningar"): a built-in dictionary
//! (report-templates/forkortningar.yaml), extended or overridden by the project
//! (data/forkortningar.yaml, then `abbreviations:` in berattelse.yaml). The report lists
//! exactly the abbreviations its text uses, as whole words, sorted in Swedish order.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Location};
use crate::project::ProjectDir;
use crate::project::assets::{self, Origin};

pub const BUILTIN_FILE: &str = "forkortningar.yaml";
pub const PROJECT_FILE: &str = "data/forkortningar.yaml";
/// Id of the data block that draws the list.
pub const BLOCK: &str = "forkortningar";

/// The dictionary: built-in (or the project's `templates/forkortningar.yaml`), then
/// `data/forkortningar.yaml`, then berattelse.yaml; later sources win.
pub fn dictionary(
    project: &ProjectDir,
    own: &BTreeMap<String, String>,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let mut dict = BTreeMap::new();
    match assets::template(project, BUILTIN_FILE) {
        Ok(Some((text, origin))) => {
            let file = match origin {
                Origin::Builtin => format!("<built-in>/{BUILTIN_FILE}"),
                Origin::Project(p) => p,
            };
            add_file(&file, &text, &mut dict, diags);
        }
        Ok(None) => {}
        Err(d) => diags.push(d),
    }
    match project.read_text_optional(PROJECT_FILE) {
        Ok(Some(text)) => add_file(PROJECT_FILE, &text, &mut dict, diags),
        Ok(None) => {}
        Err(d) => diags.push(d),
    }
    add(crate::config::FILE_NAME, own, &mut dict, diags);
    dict
}

fn add_file(file: &str, text: &str, dict: &mut BTreeMap<String, String>, diags: &mut Vec<Diagnostic>) {
    match crate::formats::yaml::parse::<Option<BTreeMap<String, String>>>(file, text) {
        Ok(map) => add(file, &map.unwrap_or_default(), dict, diags),
        Err(d) => diags.push(d.note(
            "expected a map from abbreviation to expansion, e.g. `MAS: medicinskt ansvarig sjuksköterska`",
        )),
    }
}

fn add(
    file: &str,
    map: &BTreeMap<String, String>,
    dict: &mut BTreeMap<String, String>,
    diags: &mut Vec<Diagnostic>,
) {
    for (abbr, expansion) in map {
        let a = abbr.trim();
        if a.is_empty() || a.chars().any(char::is_whitespace) || !a.chars().any(char::is_alphabetic) {
            diags.push(
                Diagnostic::error("abbreviation.bad", format!("\"{abbr}\" is not an abbreviation"))
                    .at(Location::file(file))
                    .note("expected one word with letters, e.g. \"MAS\" or \"HSLF-FS\""),
            );
        } else if expansion.trim().is_empty() {
            diags.push(
                Diagnostic::error(
                    "abbreviation.empty",
                    format!("abbreviation \"{a}\" has no expansion"),
                )
                .at(Location::file(file)),
            );
        } else {
            dict.insert(a.to_string(), expansion.trim().to_string());
        }
    }
}

/// The abbreviations of `dict` that occur in any of `texts`, as (abbreviation, expansion),
/// sorted in Swedish order.
pub fn used<'a>(
    dict: &BTreeMap<String, String>,
    texts: impl IntoIterator<Item = &'a str>,
) -> Vec<(String, String)> {
    let cleaned: Vec<String> = texts.into_iter().map(strip_addresses).collect();
    let mut out: Vec<(String, String)> = dict
        .iter()
        .filter(|(a, _)| cleaned.iter().any(|t| occurs(t, a)))
        .map(|(a, e)| (a.clone(), e.clone()))
        .collect();
    out.sort_by(|x, y| {
        swedish_key(&x.0)
            .cmp(&swedish_key(&y.0))
            .then_with(|| x.0.cmp(&y.0))
    });
    out
}

/// Whether `abbr` occurs in `text` as a whole word (case-sensitive): not preceded or followed
/// by a letter or digit. "MAS" occurs in "MAS:en" and "MAS-funktionen" but not in "MASsan".
pub fn occurs(text: &str, abbr: &str) -> bool {
    if abbr.is_empty() {
        return false;
    }
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut from = 0;
    while let Some(i) = text[from..].find(abbr) {
        let start = from + i;
        let end = start + abbr.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        if !is_word(before) && !is_word(after) {
            return true;
        }
        from = start + text[start..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// Blanks out web addresses, e-mail addresses, link destinations and HTML comments, where an
/// abbreviation-like word is not text the reader reads as an abbreviation.
fn strip_addresses(text: &str) -> String {
    let mut s = text.to_string();
    // HTML comments (markers, template notes).
    while let Some(a) = s.find("<!--") {
        let end = s[a..].find("-->").map_or(s.len(), |e| a + e + 3);
        s.replace_range(a..end, " ");
    }
    // Markdown link and image destinations: `](…)`.
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(i) = rest.find("](") {
        out.push_str(&rest[..=i]);
        let after = &rest[i + 2..];
        match after.find(')') {
            Some(j) => rest = &after[j + 1..],
            None => rest = "",
        }
        out.push(' ');
    }
    out.push_str(rest);
    // Bare addresses, token by token.
    out.split_inclusive(char::is_whitespace)
        .map(|tok| {
            let t = tok.trim_start_matches(['<', '(', '[']);
            let lower = t.to_lowercase();
            if lower.contains("://")
                || lower.starts_with("www.")
                || lower.starts_with("mailto:")
                || t.contains('@')
            {
                " "
            } else {
                tok
            }
        })
        .collect()
}

/// Sort key in Swedish alphabetical order: case-insensitive, å ä ö after z, é as e, ü as y.
pub fn swedish_key(s: &str) -> Vec<u32> {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '0'..='9' => c as u32 - '0' as u32,
            'a'..='z' => 100 + (c as u32 - 'a' as u32),
            'é' | 'è' | 'ë' => 100 + 4,
            'á' | 'à' => 100,
            'ü' => 100 + 24,
            'å' => 126,
            'ä' | 'æ' => 127,
            'ö' | 'ø' => 128,
            // Other characters (punctuation) before letters, in code point order.
            c if !c.is_alphanumeric() => 10 + (c as u32 % 80),
            c => 1000 + c as u32,
        })
        .collect()
}

/// The list as Markdown, between block markers, for the narrative of the section that shows it.
pub fn markdown(rows: &[(String, String)]) -> String {
    let mut s = format!("<!-- berattelse:block {BLOCK} -->\n\n");
    if rows.is_empty() {
        s.push_str("Rapporten använder inga förkortningar.\n");
    } else {
        s.push_str("| Förkortning | Betydelse |\n|---|---|\n");
        for (a, e) in rows {
            s.push_str(&format!("| {} | {} |\n", escape_md(a), escape_md(e)));
        }
    }
    s.push_str("\n<!-- berattelse:end -->\n");
    s
}

/// Backslash-escapes Markdown punctuation, so an expansion is shown as written.
fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '|' | '*' | '_' | '[' | ']' | '<' | '>' | '`' | '#' | '~' | '!' | '&' | '$'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn whole_words_only() {
        assert!(occurs("Enligt MAS ska", "MAS"));
        assert!(occurs("MAS:en och", "MAS"));
        assert!(occurs("(MAS)", "MAS"));
        assert!(occurs("MAS-funktionen", "MAS"));
        assert!(occurs("text MAS", "MAS"));
        assert!(!occurs("på MASsan", "MAS"));
        assert!(!occurs("SMAS", "MAS"));
        assert!(!occurs("mas", "MAS"));
        assert!(!occurs("HSLF-FS 2017:40", "HSL"));
        assert!(occurs("HSLF-FS 2017:40", "HSLF-FS"));
        assert!(occurs("enligt SoL och LSS", "SoL"));
        assert!(!occurs("SoLbacken", "SoL"));
        assert!(!occurs("ÅMAS", "MAS"));
        assert!(occurs("Ärende – IVO.", "IVO"));
    }

    #[test]
    fn no_hits_in_addresses() {
        let d = dict(&[
            ("IVO", "Inspektionen för vård och omsorg"),
            ("SKR", "Sveriges Kommuner och Regioner"),
        ]);
        let texts = [
            "Se https://www.IVO.se/lex-sarah och [länk](https://SKR.se/x) samt info@IVO.se.",
            "<!-- SKR -->www.SKR.se/om",
        ];
        assert!(used(&d, texts.iter().copied()).is_empty());
        let texts = ["Läs mer hos [IVO](https://ivo.se)."];
        assert_eq!(used(&d, texts.iter().copied()).len(), 1);
    }

    #[test]
    fn used_lists_only_occurring_in_swedish_order() {
        let d = dict(&[
            ("ÖJ", "öppna jämförelser"),
            ("BPSD", "beteendemässiga och psykiska symtom vid demens"),
            ("ÄBIC", "äldres behov i centrum"),
            ("IVO", "Inspektionen för vård och omsorg"),
            ("ZZ", "oanvänd"),
            ("AME", "arbetsmarknadsenheten"),
            ("Z", "zeta"),
        ]);
        let rows = used(&d, ["ÖJ, BPSD och ÄBIC. IVO. AME. Z"].iter().copied());
        let names: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(names, ["AME", "BPSD", "IVO", "Z", "ÄBIC", "ÖJ"]);
    }

    #[test]
    fn swedish_order_of_letters() {
        let mut w = vec!["ör", "år", "är", "zon", "Åsa", "ask", "éta"];
        w.sort_by_key(|s| swedish_key(s));
        assert_eq!(w, ["ask", "éta", "zon", "år", "Åsa", "är", "ör"]);
    }

    #[test]
    fn markdown_table_escapes() {
        let md = markdown(&[("A|B".into(), "x *y*".into())]);
        assert!(md.contains("| A\\|B | x \\*y\\* |"), "{md}");
        assert!(markdown(&[]).contains("inga förkortningar"));
    }

    #[test]
    fn builtin_dictionary_parses_and_has_the_core_terms() {
        let text = assets::builtin(BUILTIN_FILE).unwrap();
        let mut diags = Vec::new();
        let mut d = BTreeMap::new();
        add_file("f", text, &mut d, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        for k in [
            "MAS", "SAS", "MAR", "IVO", "HSL", "SoL", "LSS", "PSL", "SOSFS", "HSLF-FS", "BPSD", "SKR", "IFO",
            "LOV",
        ] {
            assert!(d.contains_key(k), "{k}");
        }
    }

    #[test]
    fn bad_entries_are_diagnosed() {
        let mut diags = Vec::new();
        let mut d = BTreeMap::new();
        add(
            "b.yaml",
            &dict(&[("två ord", "x"), ("OK", " "), ("KF", "kommunfullmäktige")]),
            &mut d,
            &mut diags,
        );
        assert_eq!(diags.len(), 2);
        assert_eq!(d.len(), 1);
    }
}
