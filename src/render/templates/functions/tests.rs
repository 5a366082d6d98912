//! Functions and filters as texts call them: output, footnotes, and every kind of argument
//! error word for word.

use std::sync::{Arc, Mutex};

use tera::Tera;

use super::*;
use crate::compute::Engine;
use crate::compute::testing::model;
use crate::model::period::Period;
use crate::render::markdown::escape::escape_markdown;

fn render(src: &str, engine: Engine) -> Result<String, String> {
    let mut tera = Tera::new();
    tera.autoescape_on([".md"]);
    tera.set_escape_fn(|input: &str, out: &mut dyn std::io::Write| {
        out.write_all(escape_markdown(input).as_bytes())
    });
    let notes = Arc::new(Mutex::new(NoteSink::default()));
    register(&mut tera, Arc::new(engine), notes.clone());
    let src = crate::render::templates::positional_to_keyword(src, &WITH_ID);
    tera.add_raw_template("texts/t.md", &src)
        .map_err(|e| format!("{e:?}"))?;
    start_text(&notes, "texts/t.md");
    let out = tera.render("texts/t.md", &tera::Context::new());
    let defs = finish_text(&notes);
    out.map(|s| format!("{s}\n{defs}").replace('\u{a0}', " "))
        .map_err(|e| {
            use std::error::Error as _;
            let mut m = e.to_string();
            let mut s = e.source();
            while let Some(x) = s {
                m.push_str(&format!(" / {x}"));
                s = x.source();
            }
            m
        })
}

const SARAH: &str = "{id: lex_sarah.rapporter, name: Rapporter enligt lex Sarah, unit: antal}";

fn sarah() -> Engine {
    Engine::plain(
        model(
            SARAH,
            &[(2021, Some(44.0)), (2022, Some(44.0)), (2023, Some(76.0))],
        ),
        2023,
    )
}

#[test]
fn andring_in_a_text() {
    let out = render("{{ andring(\"lex_sarah.rapporter\") }}", sarah()).unwrap();
    assert_eq!(
        out.trim(),
        "Antalet rapporter enligt lex Sarah ökade markant, från 44 till 76 (+73 %)."
    );
    let out = render("{{ varde(\"lex_sarah.rapporter\", ar=2021) }}", sarah()).unwrap();
    assert_eq!(out.trim(), "44");
    let out = render("{{ riktning(\"lex_sarah.rapporter\") }}", sarah()).unwrap();
    assert_eq!(out.trim(), "ökat");
}

#[test]
fn same_period_a_year_earlier() {
    let mut m = model(SARAH, &[(2023, Some(70.0)), (2024, Some(80.0))]);
    for (p, v) in [("2023-T2", 20.0), ("2024-T2", 31.0)] {
        let period = Period::parse(p).unwrap();
        let mut o = crate::compute::testing::observation("lex_sarah.rapporter", period.year(), Some(v));
        o.period = period;
        m.breakdowns.push(o);
    }
    let e = || Engine::plain(m.clone(), 2024);
    let out = render("{{ andring(\"lex_sarah.rapporter\", period=\"2024-T2\") }}", e()).unwrap();
    assert_eq!(
        out.trim(),
        "Antalet rapporter enligt lex Sarah ökade markant, från 20 till 31 (+55 %)."
    );
    let out = render("{{ mening(\"lex_sarah.rapporter\", period=\"2024-T2\") }}", e()).unwrap();
    assert_eq!(
        out.trim(),
        "Antalet rapporter enligt lex Sarah ökade från 20 (tertial 2 2023) till 31 (tertial 2 2024), en ökning med 55 %."
    );
    let out = render("{{ varde(\"lex_sarah.rapporter\", period=\"2024-T2\") }}", e()).unwrap();
    assert_eq!(out.trim(), "31");
    let err = render(
        "{{ andring(\"lex_sarah.rapporter\", period=\"2024-T2\", ar=2024) }}",
        e(),
    )
    .unwrap_err();
    assert!(err.contains("either period="), "{err}");
    let err = render("{{ andring(\"lex_sarah.rapporter\", period=\"2024-T3\") }}", e()).unwrap_err();
    assert!(err.contains("no row for that period"), "{err}");
    let err = render("{{ andring(\"lex_sarah.rapporter\", period=\"2024-X\") }}", e()).unwrap_err();
    assert!(err.contains("expected a year (2024)"), "{err}");
}

#[test]
fn footnotes_become_markdown_footnotes() {
    let out = render("{{ andring(\"lex_sarah.rapporter\", fran=2019) }}", sarah()).unwrap();
    assert_eq!(
        out.trim(),
        "Antalet rapporter enligt lex Sarah var 76 år 2023.[^not-t-1]\n[^not-t-1]: Ingen jämförelse med 2019: uppgift för 2019 saknas."
    );
}

#[test]
fn helpful_errors() {
    let e = render("{{ andring(\"lex_sarah.rapport\") }}", sarah()).unwrap_err();
    assert!(e.contains("did you mean \"lex_sarah.rapporter\""), "{e}");
    let e = render("{{ andring(\"lex_sarah.rapporter\", yaer=2022) }}", sarah()).unwrap_err();
    assert!(e.contains("no argument `yaer`; did you mean `year`?"), "{e}");
    let e = render("{{ bedomning(\"lex_sarah.rapporter\") }}", sarah()).unwrap_err();
    assert!(e.contains("is neutral"), "{e}");
    let e = render("{{ mal(\"lex_sarah.rapporter\") }}", sarah()).unwrap_err();
    assert!(e.contains("has no target"), "{e}");
    let e = render("{{ andring(\"lex_sarah.rapporter\", ar=2030) }}", sarah()).unwrap_err();
    assert!(e.contains("no row for that year"), "{e}");
}

#[test]
fn filters_in_a_text() {
    let src = "{{ 1234.5 | sv_tal }}|{{ 42 | procent }}|{{ 0.425 | procent(andel=true, decimaler=1) }}|\
               {{ -3 | procentenheter(tecken=true) }}|{{ 1 | procentenheter }}|{{ 51311 | tkr }}|\
               {{ -1250000 | kronor }}|{{ 0.727 | forandring_procent }}|{{ -12 | med_tecken }}|\
               {{ \"2025-03-01\" | datum }}|{{ \"2025-03-01\" | datum_iso }}|{{ \"1 234,5\" | sv_tal }}";
    let out = render(src, sarah()).unwrap();
    assert_eq!(
        out.trim(),
        "1 234,5|42 %|42,5 %|−3 procentenheter|1 procentenhet|51 311 tkr|−1 250 000 kr|+73 %|−12|1 mars 2025|2025-03-01|1 234,5"
    );
    let e = render("{{ \"abc\" | sv_tal }}", sarah()).unwrap_err();
    assert!(e.contains("expects a number"), "{e}");
}

#[test]
fn summaries_and_tables() {
    let out = render(
        "{{ riktningar([\"lex_sarah.rapporter\"], namn=\"mått\") }}",
        sarah(),
    )
    .unwrap();
    assert_eq!(out.trim(), "1 av 1 mått ökade");
    let out = render("{{ tabell([\"lex_sarah.rapporter\"], antal_ar=2) }}", sarah()).unwrap();
    assert!(out.contains("| Mått | 2022 | 2023 | Förändring |"), "{out}");
    assert!(
        out.contains("| Rapporter enligt lex Sarah | 44 | 76 | +73 % |"),
        "{out}"
    );
    let out = render(
        "{{ parentes(\"lex_sarah.rapporter\") }} {{ parentesforklaring() }}",
        sarah(),
    )
    .unwrap();
    assert_eq!(out.trim(), "76 (44) Siffrorna inom parentes avser 2022.");
}

/// The first line of the error a call gives, as the user reads it.
fn error_of(src: &str) -> String {
    let e = render(src, sarah()).unwrap_err();
    let line = e.lines().next().unwrap_or_default();
    line.strip_prefix("error: ").unwrap_or(line).to_string()
}

#[test]
fn unknown_arguments() {
    assert_eq!(
        error_of("{{ andring(\"lex_sarah.rapporter\", yaer=2022) }}"),
        "andring() has no argument `yaer`; did you mean `year`? \
         (arguments: id, year, ar, from, fran, jamfor, period, subjekt, subject, namn, noun)"
    );
    assert_eq!(
        error_of("{{ varde(\"lex_sarah.rapporter\", xyzzy=1) }}"),
        "value() has no argument `xyzzy` (arguments: id, year, ar, period, ord, words)"
    );
    assert_eq!(
        error_of("{{ jamforelse(\"lex_sarah.rapporter\", mde=\"riket\") }}"),
        // Ties go to the earlier argument: `id` and `med` are both two edits away.
        "jamforelse() has no argument `mde`; did you mean `id`? \
         (arguments: id, year, ar, med, with, subjekt, subject)"
    );
    assert_eq!(
        error_of("{{ tabell([\"lex_sarah.rapporter\"], antal_r=2) }}"),
        "tabell() has no argument `antal_r`; did you mean `antal_ar`? \
         (arguments: id, year, ar, antal_ar, years, ordning, order, forandring, change)"
    );
    assert_eq!(
        error_of("{{ parentesforklaring(id=\"x\") }}"),
        "parentesforklaring() has no argument `id`; did you mean `ar`? (arguments: year, ar)"
    );
    assert_eq!(
        error_of("{{ 3 | procent(andle=true) }}"),
        "procent() has no argument `andle`; did you mean `andel`? (arguments: decimaler, decimals, andel)"
    );
    assert_eq!(
        error_of("{{ \"2025-03-01\" | datum(x=1) }}"),
        "datum() has no argument `x` (arguments: )"
    );
}

#[test]
fn missing_arguments() {
    assert_eq!(error_of("{{ andring() }}"), "Missing keyword argument `id`");
    assert_eq!(error_of("{{ varde(ar=2023) }}"), "Missing keyword argument `id`");
    assert_eq!(
        error_of("{{ riktningar(namn=\"x\") }}"),
        "Missing keyword argument `id`"
    );
    assert_eq!(
        error_of("{{ andel(\"lex_sarah.rapporter\") }}"),
        "andel() needs av=\"<indicator id of the whole>\""
    );
}

#[test]
fn arguments_of_the_wrong_type() {
    let int = "Invalid type for the value, expected `i64` but got `string`";
    let bool = "Invalid type for the value, expected `bool` but got `string`";
    assert_eq!(
        error_of("{{ andring(\"lex_sarah.rapporter\", ar=\"2023\") }}"),
        int
    );
    assert_eq!(error_of("{{ parentesforklaring(ar=\"x\") }}"), int);
    assert_eq!(
        error_of("{{ tabell(\"lex_sarah.rapporter\", forandring=\"nej\") }}"),
        bool
    );
    assert_eq!(error_of("{{ 3 | procent(andel=\"ja\") }}"), bool);
    assert_eq!(error_of("{{ 3 | sv_tal(decimaler=\"2\") }}"), int);
    // A list where one id is expected is read as text, and is no indicator.
    assert_eq!(
        error_of("{{ mal([\"lex_sarah.rapporter\"]) }}"),
        "unknown indicator \"[\"lex_sarah.rapporter\"]\"; did you mean \"lex_sarah.rapporter\"?"
    );
    // Values out of range are the function's own to judge.
    assert_eq!(
        error_of("{{ 3 | sv_tal(decimaler=12) }}"),
        "decimaler must be 0–9"
    );
    assert_eq!(
        error_of("{{ tabell(\"lex_sarah.rapporter\", antal_ar=50) }}"),
        "antal_ar must be 1–20"
    );
}

#[test]
fn filter_examples_give_the_documented_output() {
    for f in filters() {
        for (call, want) in f.examples {
            let out = render(call, sarah()).unwrap();
            assert_eq!(out.trim(), *want, "{call}");
        }
    }
}

#[test]
fn declarations_are_consistent() {
    let all_args = functions()
        .flat_map(|f| f.args.iter())
        .chain(filters().flat_map(|f| f.args.iter()));
    for a in all_args {
        assert!(a.names.contains(&a.shown), "{a:?}");
        let fits = match a.need {
            Need::Int(_) => a.ty == Type::Int,
            Need::Bool(_) => a.ty == Type::Bool,
            Need::Text(_) => a.ty == Type::Text,
            Need::Required | Need::Needs(_) | Need::Else(_) => true,
        };
        assert!(fits, "the default of `{}` is not a {:?}", a.shown, a.ty);
    }
    let mut names: Vec<&str> = Vec::new();
    for f in functions() {
        assert!(f.names.contains(&f.shown), "{}", f.shown);
        for a in f.args {
            let clash = f
                .args
                .iter()
                .filter(|b| b.names.iter().any(|n| a.names.contains(n)))
                .count();
            assert_eq!(
                clash, 1,
                "{}() has two arguments named like `{}`",
                f.shown, a.shown
            );
        }
        names.extend(f.names);
    }
    let n = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), n, "a function name is declared twice");
    // Every function but parentesforklaring takes an indicator (or a list) first.
    assert_eq!(WITH_ID.len(), n - 1);
    assert!(!WITH_ID.contains(&"parentesforklaring"));
}

#[test]
fn every_name_of_a_function_calls_it() {
    for (a, b) in [
        ("varde", "value"),
        ("namn", "name"),
        ("andring", "change"),
        ("mening", "sentence"),
        ("riktning", "direction"),
    ] {
        let call = |f: &str| render(&format!("{{{{ {f}(\"lex_sarah.rapporter\") }}}}"), sarah()).unwrap();
        assert_eq!(call(a), call(b), "{a} and {b}");
    }
}

/// `fordelning`, `fordelningstabell` and `bidrag` as a text calls them, with their errors.
#[test]
fn breakdowns_and_contributions_in_a_text() {
    let mut m = model(SARAH, &[(2022, Some(44.0)), (2023, Some(76.0))]);
    for (unit, a, b) in [
        ("Hemtjänst", 20.0, 46.0),
        ("Särskilt boende", 14.0, 18.0),
        ("IFO", 10.0, 12.0),
    ] {
        for (year, v) in [(2022, a), (2023, b)] {
            let mut o = crate::compute::testing::observation("lex_sarah.rapporter", year, Some(v));
            o.unit = Some(unit.to_string());
            m.breakdowns.push(o);
        }
    }
    let e = || Engine::plain(m.clone(), 2023);
    let out = render("{{ bidrag(\"lex_sarah.rapporter\") }}", e()).unwrap();
    assert_eq!(
        out.trim(),
        "Ökningen av antalet rapporter enligt lex Sarah gällde främst Hemtjänst, +26 av +32."
    );
    let out = render(
        "{{ fordelning(\"lex_sarah.rapporter\", per=\"verksamhet\") }}",
        e(),
    )
    .unwrap();
    assert_eq!(
        out.trim(),
        "Antalet rapporter enligt lex Sarah var 46 inom Hemtjänst, 12 inom IFO och 18 inom Särskilt boende."
    );
    let out = render(
        "{{ fordelningstabell(\"lex_sarah.rapporter\", per=\"verksamhet\", antal_ar=2) }}",
        e(),
    )
    .unwrap();
    assert!(out.contains("| Hemtjänst | 20 | 46 |"), "{out}");
    assert!(out.contains("| Totalt | 44 | 76 |"), "{out}");
    let err = render("{{ fordelning(\"lex_sarah.rapporter\", per=\"kommun\") }}", e()).unwrap_err();
    assert!(
        err.contains("per=\"kommun\": expected \"kon\", \"verksamhet\" or \"enhet\""),
        "{err}"
    );
    let err = render("{{ fordelning(\"lex_sarah.rapporter\", per=\"kon\") }}", e()).unwrap_err();
    assert!(
        err.contains("no values of \"lex_sarah.rapporter\" per kön"),
        "{err}"
    );
    let err = render("{{ bidrag(\"lex_sarah.rapporter\", per=\"kategori\") }}", e()).unwrap_err();
    assert!(err.contains("has no parts:"), "{err}");
}
