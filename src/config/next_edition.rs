//! berattelse.yaml for the next edition (`berattelse init --from`): the document metadata of
//! last year's report reset, line by line so that the coordinator's comments and layout stay.
//!
//! - `document.date` and `tjansteskrivelse.datum`: one year later;
//! - `document.diarienummer` and `tjansteskrivelse.diarienummer`: the year moved on and the
//!   number left to fill in (`SN 2025/0042` → `SN 2026/[fyll i]`), which `check` flags;
//! - `document.version`: `1.0`, a new document;
//! - `document.status`: `utkast`, as the new edition is not yet decided;
//! - each of these also in a report's own `document:` and `tjansteskrivelse:` in `reports:`;
//! - `tjansteskrivelse.arende`: the report year moved on;
//! - `revisions.previous`: the previous edition's stored data, where `init --from` put it.

use chrono::{Datelike, NaiveDate};

use crate::config::{Config, FILE_NAME};
use crate::diag::Diagnostic;

/// A reset: the block (and its aliases), the key (and its aliases), the new value from the old.
type Reset<'a> = (&'a [&'a str], &'a [&'a str], &'a dyn Fn(&str) -> Option<String>);

/// What one reset changed, for the summary `init` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub key: String,
    pub was: String,
    pub now: String,
}

/// `text` (berattelse.yaml of the report for `year`) made ready for the report for
/// `year + 1`; `previous` is the project path of the stored data of the `year` edition, if
/// one was carried over. The result is parsed again: an error means the edit went wrong.
pub fn next_edition(
    text: &str,
    year: i32,
    previous: Option<&str>,
) -> Result<(String, Vec<Change>), Diagnostic> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let memo: &[&str] = &["tjansteskrivelse", "tjänsteskrivelse"];
    let document: &[&str] = &["document"];
    let date = |v: &str| later_date(v).map(|d| d.to_string());
    let number = |v: &str| Some(quoted(&diarienummer(v)));
    let arende = |v: &str| {
        let moved = next_year_in(&unquoted(v), year);
        (moved != unquoted(v)).then(|| quoted(&moved))
    };
    let stored = |_: &str| previous.map(quoted);
    let resets: [Reset<'_>; 8] = [
        (document, &["date"], &date),
        // A new edition is not yet decided: its cover says "Förslag till …" again.
        (document, &["status"], &|_| Some("utkast".to_string())),
        (document, &["diarienummer"], &number),
        (document, &["version"], &|_| Some(quoted("1.0"))),
        (memo, &["datum", "date"], &date),
        (memo, &["diarienummer"], &number),
        (memo, &["arende", "ärende", "rubrik"], &arende),
        (
            &["revisions", "revideringar"],
            &["previous", "föregående", "foregaende"],
            &stored,
        ),
    ];
    let changes: Vec<Change> = resets
        .iter()
        .flat_map(|(block, keys, f)| edit(&mut lines, block, keys, *f))
        .collect();
    let mut out = lines.join("\n");
    if text.ends_with('\n') {
        out.push('\n');
    }
    crate::formats::yaml::parse::<Config>(FILE_NAME, &out)?;
    Ok((out, changes))
}

/// Replace the value of the first `key:` directly under each `block:`: the top-level one and
/// those of the entries of `reports:` (a report's own `document:` and `tjansteskrivelse:`).
fn edit(
    lines: &mut [String],
    blocks: &[&str],
    keys: &[&str],
    new_value: &dyn Fn(&str) -> Option<String>,
) -> Vec<Change> {
    let starts: Vec<(usize, usize)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let trimmed = l.trim_start();
            let indent = l.len() - trimmed.len();
            blocks
                .iter()
                .any(|b| {
                    trimmed
                        .strip_prefix(b)
                        .is_some_and(|r| r.trim_start().starts_with(':'))
                })
                .then_some((i, indent))
        })
        .collect();
    starts
        .into_iter()
        .filter_map(|(start, indent)| edit_block(lines, start, indent, blocks[0], keys, new_value))
        .collect()
}

/// [`edit`] in the block that starts at line `start` with indentation `block_indent`.
fn edit_block(
    lines: &mut [String],
    start: usize,
    block_indent: usize,
    block: &str,
    keys: &[&str],
    new_value: &dyn Fn(&str) -> Option<String>,
) -> Option<Change> {
    let mut child_indent = None;
    for line in lines.iter_mut().skip(start + 1) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if indent <= block_indent {
            return None;
        }
        if *child_indent.get_or_insert(indent) != indent {
            continue;
        }
        let Some(key) = keys.iter().find(|k| {
            trimmed
                .strip_prefix(**k)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        }) else {
            continue;
        };
        let after = &trimmed[key.len()..].trim_start()[1..];
        let (value, comment) = split_comment(after);
        let value = value.trim();
        let now = new_value(value)?;
        if unquoted(&now) == unquoted(value) {
            return None;
        }
        let where_ = if block_indent == 0 {
            String::new()
        } else {
            format!(" (line {})", start + 1)
        };
        let change = Change {
            key: format!("{block}.{key}{where_}"),
            was: unquoted(value),
            now: unquoted(&now),
        };
        let comment = comment.map(|c| format!("  {c}")).unwrap_or_default();
        *line = format!("{}{key}: {now}{comment}", " ".repeat(indent));
        return Some(change);
    }
    None
}

/// A value and its trailing `# comment`, if any (a `#` inside quotes is not one).
fn split_comment(s: &str) -> (&str, Option<&str>) {
    let mut quote = None;
    let mut prev_space = true;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if prev_space => return (&s[..i], Some(&s[i..])),
            _ => {}
        }
        prev_space = c.is_whitespace();
    }
    (s, None)
}

fn unquoted(v: &str) -> String {
    let v = v.trim();
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner.replace("\\\"", "\"").replace("''", "'");
        }
    }
    v.to_string()
}

fn quoted(v: &str) -> String {
    format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The same day a year later (29 February becomes 28 February).
fn later_date(v: &str) -> Option<NaiveDate> {
    let d = NaiveDate::parse_from_str(&unquoted(v), "%Y-%m-%d").ok()?;
    d.with_year(d.year() + 1)
        .or_else(|| NaiveDate::from_ymd_opt(d.year() + 1, 2, 28))
}

/// `SN 2025/0042` → `SN 2026/[fyll i]`: the year after the one in the number, the number to
/// fill in. Without a year in it: `[fyll i]`.
fn diarienummer(v: &str) -> String {
    let v = unquoted(v);
    let chars: Vec<char> = v.chars().collect();
    for i in 0..chars.len().saturating_sub(3) {
        let digits: String = chars[i..i + 4].iter().collect();
        let bounded = (i == 0 || !chars[i - 1].is_ascii_digit())
            && chars.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        if let (true, Ok(y)) = (bounded, digits.parse::<i32>())
            && (1990..3000).contains(&y)
        {
            let prefix: String = chars[..i].iter().collect();
            let sep = chars.get(i + 4).filter(|c| matches!(c, '/' | '-' | ':' | '.'));
            let sep = sep.map(char::to_string).unwrap_or_else(|| "/".to_string());
            return format!("{prefix}{}{sep}[fyll i]", y + 1);
        }
    }
    "[fyll i]".to_string()
}

/// `year` as a whole number in `s` replaced by `year + 1`.
fn next_year_in(s: &str, year: i32) -> String {
    let from = year.to_string();
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(&from) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + from.len()..].chars().next();
        out.push_str(&rest[..i]);
        if before.is_some_and(|c| c.is_ascii_digit()) || after.is_some_and(|c| c.is_ascii_digit()) {
            out.push_str(&from);
        } else {
            out.push_str(&(year + 1).to_string());
        }
        rest = &rest[i + from.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "organisation:\n  kommun: Sjöviks kommun\n  namnd: Socialnämnden\ndocument:\n  date: 2025-02-18   # dokumentets datum\n  diarienummer: SN 2025/0042\n  version: \"1.3\"\n  owner: Karin\ntjansteskrivelse:\n  arende: Kvalitets- och patientsäkerhetsberättelse 2024\n  datum: 2025-02-20\n  handlaggare:\n    namn: Karin\n    titel: MAS 2024\n  forslag_till_beslut:\n    - att godkänna berättelsen för 2024\n";

    #[test]
    fn each_report_s_own_blocks_are_reset_and_a_decided_report_is_a_draft_again() {
        let config = "organisation:\n  kommun: K\n  namnd: SN\nreports:\n  - kind: kvalitetsberattelse\n    slug: kb\n    document:\n      diarienummer: SN 2025/0041\n      status: fastställd\n      decided: 2025-03-20\n      paragraph: \"§ 34\"\n    tjansteskrivelse:\n      datum: 2025-02-20\n      handlaggare: {namn: J}\n      forslag_till_beslut: [att godkänna]\n  - kind: patientsakerhetsberattelse\n    slug: psb\n    document:\n      diarienummer: SN 2025/0042\ndocument:\n  date: 2025-02-18\n  status: fastställd\n  decided: 2025-03-20\n  paragraph: \"12\"\n";
        let (out, changes) = next_edition(config, 2024, None).unwrap();
        assert!(
            out.contains("      diarienummer: \"SN 2026/[fyll i]\"\n      status: utkast\n"),
            "{out}"
        );
        assert!(out.contains("      status: utkast\n"), "{out}");
        assert!(out.contains("  status: utkast\n"), "{out}");
        assert!(out.contains("      datum: 2026-02-20\n"), "{out}");
        assert_eq!(out.matches("[fyll i]").count(), 2, "{out}");
        let keys: Vec<&str> = changes.iter().map(|c| c.key.as_str()).collect();
        assert!(keys.contains(&"document.status"), "{keys:?}");
        assert!(keys.contains(&"document.status (line 7)"), "{keys:?}");
        assert!(keys.contains(&"tjansteskrivelse.datum (line 12)"), "{keys:?}");
    }

    #[test]
    fn metadata_is_reset_and_the_rest_kept() {
        let (out, changes) = next_edition(CONFIG, 2024, None).unwrap();
        assert!(out.contains("  date: 2026-02-18  # dokumentets datum\n"), "{out}");
        assert!(out.contains("  diarienummer: \"SN 2026/[fyll i]\"\n"), "{out}");
        assert!(out.contains("  version: \"1.0\"\n"), "{out}");
        assert!(
            out.contains("  arende: \"Kvalitets- och patientsäkerhetsberättelse 2025\"\n"),
            "{out}"
        );
        assert!(out.contains("  datum: 2026-02-20\n"), "{out}");
        // Only direct children of the block are reset.
        assert!(out.contains("    titel: MAS 2024\n"), "{out}");
        // The decision text is the nämnd's: left for the coordinator.
        assert!(out.contains("    - att godkänna berättelsen för 2024\n"), "{out}");
        assert!(out.contains("  owner: Karin\n"), "{out}");
        let keys: Vec<&str> = changes.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "document.date",
                "document.diarienummer",
                "document.version",
                "tjansteskrivelse.datum",
                "tjansteskrivelse.arende"
            ]
        );
    }

    #[test]
    fn diarienummer_and_dates() {
        assert_eq!(diarienummer("SN 2025/0042"), "SN 2026/[fyll i]");
        assert_eq!(diarienummer("\"SN-2025-17\""), "SN-2026-[fyll i]");
        assert_eq!(diarienummer("Dnr 12345"), "[fyll i]");
        assert_eq!(later_date("2024-02-29"), NaiveDate::from_ymd_opt(2025, 2, 28));
        assert_eq!(
            next_year_in("Berättelse 2024 (20245)", 2024),
            "Berättelse 2025 (20245)"
        );
        assert_eq!(split_comment("\"a # b\" # c"), ("\"a # b\" ", Some("# c")));
    }

    #[test]
    fn the_previous_edition_is_named_when_the_config_names_one() {
        let text = format!("{CONFIG}revisions:\n  previous: arkiv/2023.underlag.json\n");
        let (out, _) = next_edition(&text, 2024, Some("out/2024/kpb.underlag.json")).unwrap();
        assert!(
            out.ends_with("  previous: \"out/2024/kpb.underlag.json\"\n"),
            "{out}"
        );
    }
}
