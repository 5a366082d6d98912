//! Claims against data: hand-written sentences in texts/*.md that the data contradicts.
//!
//! Only what the writer typed is read: template calls (`{{ … }}`, `{% … %}`, `{# … #}`) and
//! HTML comments are blanked out first, since generated words come from the data. A sentence
//! is checked against an indicator only when it names exactly one indicator of the catalogue
//! that has a value in the report year (by its subject without "Antalet"/"Andelen", or by a
//! name of at least two words or twelve letters, compared word by word without Swedish
//! endings) and names no other year than the report year. The patterns (docs/document.md,
//! "Claims against data"):
//!
//! * `lint.claim-none`: "ingen", "inga" or "inget" directly before (up to two words between) a
//!   count indicator whose value is above zero ("Inga fall med skada rapporterades"), unless
//!   the phrase goes on to narrow it ("som", "där", "ledde", "bedömdes" …); and "ingen … allvarlig
//!   vårdskada" or "inget … missförhållande" while lex Maria notifications or lex Sarah
//!   missförhållanden were counted in the year.
//! * `lint.claim-number`: "<indicator> var/uppgick till/låg på N", "… ökade till N", "… från N1 till N2":
//!   a number that differs from the data's value by more than the typed precision (a share
//!   must be typed with "%" or "procent", a count without).
//! * `lint.claim-direction`: "ökade", "steg", "minskade", "sjönk" (and "ökat", "minskat") within five
//!   words of the indicator, not negated, while the data moved clearly the other way (a change
//!   inside the neutral band is never contradicted).

use std::collections::BTreeMap;

use crate::compute::words::{Direction, Thresholds};
use crate::compute::{Cell, change};
use crate::diag::{Diagnostic, Location};
use crate::format::{self, NumberStyle, Unit};
use crate::model::Model;
use crate::model::catalogue::Indicator;
use crate::model::observation::Sex;
use crate::model::period::Period;

/// Check every text against the report period (a year, or a halvår, tertial … compared with
/// the same period a year earlier); warnings go to `diags`.
pub fn check(model: &Model, texts: &BTreeMap<String, String>, period: Period, diags: &mut Vec<Diagnostic>) {
    let data = Data { model, period };
    let forms = Forms::of(&data);
    for (file, text) in texts {
        let visible = blank_markup(text);
        for s in sentences(&visible) {
            check_sentence(&data, &forms, &s, diags, &|offset| position(text, offset, file));
        }
    }
}

/// The values a claim is compared with: the report period's and the same period's a year
/// earlier, for the organisation as a whole.
struct Data<'m> {
    model: &'m Model,
    period: Period,
}

impl Data<'_> {
    fn at(&self, id: &str, period: Period) -> Option<f64> {
        match period {
            Period::Year { year } => self.model.observation(id, year)?.value,
            _ => {
                self.model
                    .breakdowns
                    .iter()
                    .find(|o| {
                        o.indicator == id
                            && o.period == period
                            && o.unit.is_none()
                            && matches!(o.sex, None | Some(Sex::T))
                    })?
                    .value
            }
        }
    }

    fn now(&self, id: &str) -> Option<f64> {
        self.at(id, self.period)
    }

    fn before(&self, id: &str) -> Option<f64> {
        self.at(id, self.period.previous_year()?)
    }

    fn year(&self) -> i32 {
        self.period.year()
    }
}

/// One word of a sentence: its text, stem and byte offset in the file.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    stem: String,
    at: usize,
}

/// Template code and comments replaced by spaces (newlines kept), so offsets stay the file's.
fn blank_markup(text: &str) -> String {
    let mut out = text.to_string();
    for (open, close) in [("{{", "}}"), ("{%", "%}"), ("{#", "#}"), ("<!--", "-->")] {
        let mut from = 0;
        while let Some(i) = out[from..].find(open) {
            let start = from + i;
            let end = out[start..]
                .find(close)
                .map_or(out.len(), |e| start + e + close.len());
            let blank: String = out[start..end]
                .chars()
                .map(|c| if c == '\n' { '\n' } else { ' ' })
                .collect();
            // Multi-byte characters become one space each: pad to keep byte offsets.
            let pad = (end - start).saturating_sub(blank.len());
            out.replace_range(start..end, &format!("{blank}{}", " ".repeat(pad)));
            from = end;
        }
    }
    out
}

/// Sentences as lists of words. A sentence ends at ".", "!" or "?" before a space, at a blank
/// line, and at a list item or heading.
fn sentences(text: &str) -> Vec<Vec<Word>> {
    let mut out = Vec::new();
    let mut current: Vec<Word> = Vec::new();
    let mut word = String::new();
    let mut word_at = 0;
    let mut prev = '\n';
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let next = chars.get(k + 1).map_or(' ', |x| x.1);
        let joins_number = (c == ',' || c == '\u{a0}' || c == ' ')
            && word.chars().last().is_some_and(|l| l.is_ascii_digit())
            && next.is_ascii_digit()
            && (c == ',' || thousands_group(&chars, k + 1));
        if c == '%' {
            flush(&mut word, word_at, &mut current);
            word.push('%');
            flush(&mut word, i, &mut current);
        } else if c.is_alphanumeric() || joins_number {
            if word.is_empty() {
                word_at = i;
            }
            word.push(c);
        } else {
            flush(&mut word, word_at, &mut current);
        }
        let line_start = prev == '\n' && matches!(c, '-' | '*' | '#' | '|');
        let end = matches!(c, '.' | '!' | '?') && next.is_whitespace() || (c == '\n' && prev == '\n');
        if (end || line_start) && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        if !c.is_whitespace() || c == '\n' {
            prev = c;
        }
    }
    flush(&mut word, word_at, &mut current);
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Whether three digits follow at `k` and then no further digit: "1 298" is one number.
fn thousands_group(chars: &[(usize, char)], k: usize) -> bool {
    let digits = chars[k..].iter().take_while(|x| x.1.is_ascii_digit()).count();
    digits == 3
}

fn flush(word: &mut String, at: usize, current: &mut Vec<Word>) {
    if word.is_empty() {
        return;
    }
    let text = std::mem::take(word);
    current.push(Word {
        stem: stem(&text.to_lowercase()),
        text,
        at,
    });
}

/// A word without its Swedish inflection endings, so that "läkemedelsavvikelse" and
/// "läkemedelsavvikelser" compare equal.
fn stem(word: &str) -> String {
    const ENDINGS: [&str; 11] = [
        "erna", "arna", "orna", "er", "ar", "or", "na", "en", "et", "e", "n",
    ];
    for e in ENDINGS {
        if let Some(s) = word.strip_suffix(e)
            && s.chars().count() >= 3
        {
            return s.to_string();
        }
    }
    word.to_string()
}

/// The word sequences that name each indicator with a value in the report year.
struct Forms<'m> {
    items: Vec<(&'m Indicator, Vec<String>)>,
}

impl<'m> Forms<'m> {
    fn of(data: &Data<'m>) -> Forms<'m> {
        let mut items = Vec::new();
        for (id, ind) in &data.model.catalogue {
            if data.now(id).is_none() {
                continue;
            }
            let mut texts: Vec<String> = Vec::new();
            let s = crate::compute::sentence::subject(ind, None);
            let rest = ["Antalet ", "Andelen ", "Medelvärdet för "]
                .iter()
                .find_map(|p| s.strip_prefix(p))
                .unwrap_or(&s);
            texts.push(rest.to_string());
            let name = ind.name.split(',').next().unwrap_or(&ind.name).trim();
            let long = name.split_whitespace().count() >= 2 || name.chars().count() >= 12;
            if long {
                texts.push(name.to_string());
            }
            for t in texts {
                let stems: Vec<String> = t
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(|w| stem(&w.to_lowercase()))
                    .collect();
                if !stems.is_empty()
                    && !items
                        .iter()
                        .any(|(i, s): &(&Indicator, Vec<String>)| i.id == ind.id && *s == stems)
                {
                    items.push((ind, stems));
                }
            }
        }
        Forms { items }
    }

    /// Every indicator named in `words`: (indicator, first word, one past the last), the
    /// longest match kept where matches overlap.
    fn find(&self, words: &[Word]) -> Vec<(&'m Indicator, usize, usize)> {
        let mut found: Vec<(&Indicator, usize, usize)> = Vec::new();
        for (ind, stems) in &self.items {
            let n = stems.len();
            for start in 0..words.len().saturating_sub(n - 1) {
                if words[start..start + n]
                    .iter()
                    .zip(stems)
                    .all(|(w, s)| w.stem == *s)
                {
                    found.push((ind, start, start + n));
                }
            }
        }
        found.sort_by_key(|(_, s, e)| (std::cmp::Reverse(e - s), *s));
        let mut kept: Vec<(&Indicator, usize, usize)> = Vec::new();
        for f in found {
            if !kept.iter().any(|k| f.1 < k.2 && k.1 < f.2) {
                kept.push(f);
            }
        }
        kept.sort_by_key(|k| k.1);
        kept
    }
}

fn position(text: &str, offset: usize, file: &str) -> Location {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Location::at(file.to_string(), line, col)
}

/// Words that narrow "inga X" to a subset the count does not measure.
const NARROWING: [&str; 10] = [
    "som",
    "där",
    "vilka",
    "ledde",
    "lett",
    "bedömdes",
    "bedömts",
    "medförde",
    "medfört",
    "orsakade",
];
const NONE_WORDS: [&str; 3] = ["ingen", "inga", "inget"];
const NEGATIONS: [&str; 5] = ["inte", "ej", "ingen", "inga", "varken"];
const DETERMINERS: [&str; 6] = ["den", "det", "de", "en", "ett", "sin"];
const SEPARATORS: [&str; 5] = ["medan", "men", "samtidigt", "däremot", "och"];

/// "ingen … allvarlig vårdskada" while lex Maria notifications exist, and the like.
const SEVERE: [(&[&str], &str, &str); 2] = [
    (
        &["allvarlig", "vårdskad"],
        "allvarlig vårdskada",
        "lex_maria.anmalningar",
    ),
    (
        &["missförhållande"],
        "missförhållande",
        "lex_sarah.missforhallanden",
    ),
];

fn check_sentence(
    data: &Data,
    forms: &Forms,
    words: &[Word],
    diags: &mut Vec<Diagnostic>,
    at: &dyn Fn(usize) -> Location,
) {
    let year = data.year();
    let other_year = words.iter().any(|w| {
        w.text.len() == 4
            && w.text
                .parse::<i32>()
                .is_ok_and(|y| (1990..=2100).contains(&y) && y != year)
    });
    if other_year {
        return;
    }
    let lower: Vec<String> = words.iter().map(|w| w.text.to_lowercase()).collect();
    let found = forms.find(words);
    none_claims(data, words, &lower, &found, diags, at);
    let mut named: Vec<&Indicator> = found.iter().map(|f| f.0).collect();
    named.dedup_by(|a, b| a.id == b.id);
    let [ind] = named.as_slice() else {
        return;
    };
    let Some(now) = data.now(&ind.id) else {
        return;
    };
    let prev = data.before(&ind.id);
    let (start, end) = (found[0].1, found[0].2);
    number_claims(data, ind, (prev, now), words, &lower, end, diags, at);
    direction_claims(data, ind, (prev, now), words, &lower, (start, end), diags, at);
}

#[allow(clippy::too_many_arguments)]
fn none_claims(
    data: &Data,
    words: &[Word],
    lower: &[String],
    found: &[(&Indicator, usize, usize)],
    diags: &mut Vec<Diagnostic>,
    at: &dyn Fn(usize) -> Location,
) {
    for (i, w) in lower.iter().enumerate() {
        if !NONE_WORDS.contains(&w.as_str()) {
            continue;
        }
        let count = |id: &str| data.now(id).filter(|v| *v > 0.0);
        for (ind, start, end) in found {
            let near = *start > i && *start <= i + 3;
            let narrowed = lower.get(*end).is_some_and(|n| NARROWING.contains(&n.as_str()))
                || lower
                    .get(*end + 1)
                    .is_some_and(|n| NARROWING.contains(&n.as_str()));
            if near
                && !narrowed
                && ind.unit == Unit::Antal
                && let Some(v) = count(&ind.id)
            {
                diags.push(claim(
                    "lint.claim-none",
                    format!(
                        "the text says \"{} {}\", but the data has {} in {}",
                        words[i].text,
                        phrase(words, *start, *end),
                        number(v, ind),
                        data.period.label()
                    ),
                    at(words[i].at),
                    ind,
                ));
            }
        }
        for (stems, shown, id) in SEVERE {
            let rest = &lower[i + 1..];
            let has = stems.iter().all(|s| rest.iter().any(|w| w.starts_with(s)));
            if has && let (Some(v), Some(ind)) = (count(id), data.model.indicator(id)) {
                diags.push(claim(
                    "lint.claim-none",
                    format!(
                        "the text says \"{} … {}\", but {} was {} in {}",
                        words[i].text,
                        shown,
                        crate::compute::words::lower_first(&crate::compute::sentence::subject(ind, None)),
                        number(v, ind),
                        data.period.label()
                    ),
                    at(words[i].at),
                    ind,
                ));
            }
        }
    }
}

fn phrase(words: &[Word], start: usize, end: usize) -> String {
    words[start..end]
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn number(v: f64, ind: &Indicator) -> String {
    let style = NumberStyle::default();
    format::with_unit(v, ind.unit, ind.decimals(), &style).replace('\u{a0}', " ")
}

fn claim(code: &'static str, message: String, at: Location, ind: &Indicator) -> Diagnostic {
    Diagnostic::warning(code, message)
        .at(at)
        .note(format!(
            "indicator \"{}\"; correct the text, or write the value with a template function such as {{{{ varde(\"{}\") }}}}",
            ind.id, ind.id
        ))
}

/// A typed number at `k` (a share needs "%" or "procent" after it, a count must not have
/// one), with its decimals.
fn typed(words: &[Word], lower: &[String], k: usize, ind: &Indicator) -> Option<(f64, u8)> {
    let w = words.get(k)?;
    let digits: String = w
        .text
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == ',')
        .collect();
    if digits.is_empty() || digits.len() != w.text.chars().filter(|c| !c.is_whitespace()).count() {
        return None;
    }
    let decimals = digits.split_once(',').map_or(0, |(_, d)| d.len()) as u8;
    let v: f64 = digits.replace(',', ".").parse().ok()?;
    let percent = lower.get(k + 1).is_some_and(|n| n == "%" || n == "procent");
    let share = matches!(ind.unit, Unit::Procent | Unit::Andel);
    (percent == share).then_some((v, decimals))
}

/// Whether typed `(v, decimals)` disagrees with the data's `raw` as the report shows it.
fn differs(typed: (f64, u8), raw: f64, ind: &Indicator) -> Option<f64> {
    // Without decimals fixed in the catalogue, compare at the precision the text was typed with.
    let shown = format::shown(raw, ind.unit, ind.decimals.unwrap_or(typed.1))?;
    let tolerance = 0.5 * 10f64.powi(-i32::from(typed.1)) + 1e-9;
    ((typed.0 - shown).abs() > tolerance).then_some(shown)
}

#[allow(clippy::too_many_arguments)]
fn number_claims(
    data: &Data,
    ind: &Indicator,
    (prev, now): (Option<f64>, f64),
    words: &[Word],
    lower: &[String],
    end: usize,
    diags: &mut Vec<Diagnostic>,
    at: &dyn Fn(usize) -> Location,
) {
    const VERBS: [&[&str]; 9] = [
        &["var"],
        &["uppgick", "till"],
        &["låg", "på"],
        &["blev"],
        &["ökade", "till"],
        &["minskade", "till"],
        &["steg", "till"],
        &["sjönk", "till"],
        &["landade", "på"],
    ];
    let mut checks: Vec<(usize, f64, Period)> = Vec::new();
    let (before, period) = (data.period.previous_year(), data.period);
    for k in end..(end + 6).min(lower.len()) {
        if SEPARATORS.contains(&lower[k].as_str()) {
            break;
        }
        if lower[k] == "från"
            && lower.get(k + 2).is_some_and(|t| t == "till")
            && let (Some(p), Some(b)) = (prev, before)
        {
            checks.push((k + 1, p, b));
            checks.push((k + 3, now, period));
            break;
        }
        if let Some(v) = VERBS
            .iter()
            .find(|v| lower[k..].starts_with(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>()))
        {
            checks.push((k + v.len(), now, period));
            break;
        }
    }
    for (k, raw, y) in checks {
        let Some(t) = typed(words, lower, k, ind) else {
            continue;
        };
        if let Some(shown) = differs(t, raw, ind) {
            let style = NumberStyle::default();
            diags.push(claim(
                "lint.claim-number",
                format!(
                    "the text gives {} for {} in {}, but the data has {}",
                    words[k].text,
                    crate::compute::words::lower_first(&crate::compute::sentence::subject(ind, None)),
                    y.label(),
                    format::display_with_unit(shown, ind.unit, ind.decimals.unwrap_or(t.1), &style)
                        .replace('\u{a0}', " ")
                ),
                at(words[k].at),
                ind,
            ));
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn direction_claims(
    data: &Data,
    ind: &Indicator,
    (prev, now): (Option<f64>, f64),
    words: &[Word],
    lower: &[String],
    (start, end): (usize, usize),
    diags: &mut Vec<Diagnostic>,
    at: &dyn Fn(usize) -> Location,
) {
    let Some(prev) = prev else { return };
    let said = |w: &str| match w {
        "ökade" | "ökat" | "steg" => Some(Direction::Up),
        "minskade" | "minskat" | "sjönk" => Some(Direction::Down),
        _ => None,
    };
    let after = (end..(end + 5).min(lower.len())).take_while(|k| !SEPARATORS.contains(&lower[*k].as_str()));
    let before = (start.saturating_sub(3)..start).rev();
    let Some(k) = after.chain(before).find(|k| said(&lower[*k]).is_some()) else {
        return;
    };
    let negated = lower[k.saturating_sub(3)..k]
        .iter()
        .chain(lower.get(k + 1))
        .any(|w| NEGATIONS.contains(&w.as_str()));
    // "den ökade rapporteringen": a participle used as an adjective states no change.
    let adjective = k > 0 && DETERMINERS.contains(&lower[k - 1].as_str());
    if negated || adjective {
        return;
    }
    let Some(before) = data.period.previous_year() else {
        return;
    };
    let cell = |p: Period, v: f64| {
        let mut c = Cell::value(ind, p.year(), v);
        c.period = p;
        c
    };
    let (a, b) = (cell(before, prev), cell(data.period, now));
    let Ok(c) = change::compare(ind, &a, &b, &Thresholds::default()) else {
        return;
    };
    let text = said(&lower[k]);
    let opposite = matches!(
        (text, c.direction),
        (Some(Direction::Up), Direction::Down) | (Some(Direction::Down), Direction::Up)
    );
    if opposite {
        let style = NumberStyle::default();
        let show = |cell: &Cell| {
            cell.point().map_or(String::new(), |p| {
                format::display_with_unit(p.shown, ind.unit, p.decimals, &style).replace('\u{a0}', " ")
            })
        };
        diags.push(claim(
            "lint.claim-direction",
            format!(
                "the text says \"{}\" about {}, but the data {} from {} in {} to {} in {}",
                words[k].text,
                crate::compute::words::lower_first(&crate::compute::sentence::subject(ind, None)),
                c.direction.verb(),
                show(&a),
                before.label(),
                show(&b),
                data.period.label()
            ),
            at(words[k].at),
            ind,
        ));
    }
}

#[cfg(test)]
mod tests;
