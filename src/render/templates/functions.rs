//! The tera functions and filters that narrative texts and templates call, over the trend
//! engine ([`crate::compute`]). Documented for coordinators in docs/templates.md.
//!
//! Functions return Markdown that is already escaped; the footnotes of a generated sentence
//! (missing values, breaks, qualifiers, revisions) are collected while a text renders and
//! appended to it as Markdown footnotes.

use std::sync::{Arc, Mutex, MutexGuard};

use tera::{Kwargs, State, Tera, TeraResult, Value};

use crate::compute::sentence::{self, Text};
use crate::compute::series;
use crate::compute::{Cell, Engine, table};
use crate::diag::did_you_mean;
use crate::format::{self, NumberStyle, Unit};
use crate::model::catalogue::Indicator;
use crate::model::outline::Order;
use crate::model::period::Period;
use crate::render::markdown::escape::escape_markdown;

/// Functions whose first argument is an indicator id (or a list of ids), so that texts may
/// write `andring("lex_sarah.rapporter")` for `andring(id="lex_sarah.rapporter")`.
pub const WITH_ID: &[&str] = &[
    "value",
    "varde",
    "name",
    "namn",
    "andring",
    "change",
    "mening",
    "sentence",
    "forandring",
    "riktning",
    "direction",
    "bedomning",
    "judgement",
    "mal",
    "target",
    "jamforelse",
    "benchmark",
    "parentes",
    "riktningar",
    "malsammanfattning",
    "andel",
    "tabell",
    "table",
];

/// Footnotes of the text being rendered.
#[derive(Debug, Default)]
pub struct NoteSink {
    /// Footnote label prefix (the text's file stem); `None` outside narrative texts, where
    /// notes go in parentheses instead.
    prefix: Option<String>,
    items: Vec<String>,
}

fn lock(sink: &Mutex<NoteSink>) -> MutexGuard<'_, NoteSink> {
    sink.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Start collecting footnotes for the text `file` ("texts/lex-sarah.md").
pub fn start_text(sink: &Mutex<NoteSink>, file: &str) {
    let stem = file.rsplit('/').next().unwrap_or(file).trim_end_matches(".md");
    let prefix: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let mut g = lock(sink);
    g.prefix = Some(format!("not-{prefix}"));
    g.items.clear();
}

/// The collected footnotes as Markdown definitions; stops collecting.
pub fn finish_text(sink: &Mutex<NoteSink>) -> String {
    let mut g = lock(sink);
    let prefix = g.prefix.take().unwrap_or_default();
    let items = std::mem::take(&mut g.items);
    items
        .iter()
        .enumerate()
        .map(|(i, n)| format!("[^{prefix}-{}]: {}\n", i + 1, escape_markdown(n)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Escaped text with references to its footnotes.
fn emit(sink: &Mutex<NoteSink>, t: Text) -> Value {
    let (head, tail) = t.split();
    let tail = escape_markdown(tail);
    let mut s = escape_markdown(head);
    if !t.notes.is_empty() {
        let mut g = lock(sink);
        match g.prefix.clone() {
            Some(p) => {
                for n in t.notes {
                    let i = match g.items.iter().position(|x| *x == n) {
                        Some(i) => i + 1,
                        None => {
                            g.items.push(n);
                            g.items.len()
                        }
                    };
                    s.push_str(&format!("[^{p}-{i}]"));
                }
            }
            None => {
                s.push_str(" (");
                s.push_str(&escape_markdown(&t.notes.join(" ")));
                s.push(')');
            }
        }
    }
    s.push_str(&tail);
    Value::safe_string(&s)
}

fn err(msg: impl Into<String>) -> tera::Error {
    tera::Error::message(msg.into())
}

/// Rejects arguments the function does not know, with a did-you-mean.
fn check(kw: &Kwargs, func: &str, allowed: &[&str]) -> TeraResult<()> {
    for (k, _) in kw.iter() {
        let Some(name) = k.as_str() else { continue };
        if !allowed.contains(&name) {
            let hint = did_you_mean(name, allowed.iter().copied())
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            return Err(err(format!(
                "{func}() has no argument `{name}`{hint} (arguments: {})",
                allowed.join(", ")
            )));
        }
    }
    Ok(())
}

fn first<'k, T: tera::ArgFromValue<'k, Output = T>>(
    kw: &'k Kwargs,
    keys: &[&'k str],
) -> TeraResult<Option<T>> {
    for k in keys {
        if let Some(v) = kw.get::<T>(k)? {
            return Ok(Some(v));
        }
    }
    Ok(None)
}

fn year_arg(kw: &Kwargs, keys: &[&str], default: i32) -> TeraResult<i32> {
    match first::<i64>(kw, keys)? {
        Some(y) => i32::try_from(y)
            .ok()
            .filter(|y| crate::model::observation::YEAR_RANGE.contains(y))
            .ok_or_else(|| err(format!("year {y} is out of range"))),
        None => Ok(default),
    }
}

const YEAR: &[&str] = &["year", "ar"];
const FROM: &[&str] = &["from", "fran", "jamfor"];
const SUBJECT: &[&str] = &["subjekt", "subject"];
/// The arguments of every function that compares two periods.
const COMPARISON: &[&str] = &["id", "year", "ar", "from", "fran", "jamfor", "period"];

/// The indicator of `id=`, and the periods: `year=`/`ar=` (default the report year) and
/// `from=`/`fran=` (default the year before), or `period="2024-T2"` compared with the same
/// period a year earlier.
struct Call<'e> {
    ind: &'e Indicator,
    year: i32,
    from: Period,
    to: Period,
}

impl Call<'_> {
    fn cells(&self, engine: &Engine) -> (Cell, Cell) {
        (
            engine.cell_at(&self.ind.id, self.from),
            engine.cell_at(&self.ind.id, self.to),
        )
    }
}

fn call<'e>(engine: &'e Engine, kw: &Kwargs) -> TeraResult<Call<'e>> {
    let id: String = kw.must_get("id")?;
    let ind = engine.lookup(&id).map_err(err)?;
    if let Some(p) = kw.get::<String>("period")? {
        if first::<i64>(kw, YEAR)?.is_some() || first::<i64>(kw, FROM)?.is_some() {
            return Err(err(
                "give either period= (compared with the same period a year earlier) or ar=/fran=",
            ));
        }
        let to = Period::parse(&p)
            .filter(|p| crate::model::observation::YEAR_RANGE.contains(&p.year()))
            .ok_or_else(|| err(format!("period=\"{p}\": expected {}", Period::EXPECTED)))?;
        let from = to
            .previous_year()
            .ok_or_else(|| err(format!("period=\"{p}\" has no counterpart a year earlier")))?;
        return Ok(Call {
            ind,
            year: to.year(),
            from,
            to,
        });
    }
    let year = year_arg(kw, YEAR, engine.year)?;
    let from = year_arg(kw, FROM, year - 1)?;
    if from >= year {
        return Err(err(format!(
            "compare with an earlier year: from={from} is not before {year}"
        )));
    }
    Ok(Call {
        ind,
        year,
        from: Period::Year { year: from },
        to: Period::Year { year },
    })
}

/// The report period must have a row; a typo in `year=` should not become "uppgift saknas".
fn require_row(engine: &Engine, c: &Call<'_>) -> TeraResult<()> {
    if engine.has_row_at(&c.ind.id, c.to) {
        Ok(())
    } else {
        Err(err(format!(
            "no value for \"{}\" in {}: the data has no row for that {}",
            c.ind.id,
            c.to,
            if c.to.is_year() { "year" } else { "period" }
        )))
    }
}

fn ids(engine: &Engine, kw: &Kwargs) -> TeraResult<Vec<String>> {
    let v: Value = kw.must_get("id")?;
    let list: Vec<String> = if let Some(s) = v.as_str() {
        s.split(',')
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
            .collect()
    } else {
        kw.must_get::<Vec<String>>("id")?
    };
    if list.is_empty() {
        return Err(err("give at least one indicator id"));
    }
    for id in &list {
        engine.lookup(id).map_err(err)?;
    }
    Ok(list)
}

fn indicators<'e>(engine: &'e Engine, ids: &[String]) -> Vec<&'e Indicator> {
    ids.iter().filter_map(|i| engine.indicator(i)).collect()
}

/// A function body: the engine, the footnote sink and the call's arguments.
type Body = Arc<dyn Fn(&Engine, &Mutex<NoteSink>, &Kwargs) -> TeraResult<Value> + Send + Sync>;

/// Register every function and filter.
pub fn register(tera: &mut Tera, engine: Arc<Engine>, notes: Arc<Mutex<NoteSink>>) {
    let function = |tera: &mut Tera, names: &[&'static str], f: Body| {
        for &name in names {
            let (e, n, f) = (engine.clone(), notes.clone(), f.clone());
            tera.register_function(name, move |kw: Kwargs, _: &State| -> TeraResult<Value> {
                f(&e, &n, &kw)
            });
        }
    };

    function(
        tera,
        &["value", "varde"],
        Arc::new(|e, n, kw| {
            check(kw, "value", &["id", "year", "ar", "period"])?;
            let c = call(e, kw)?;
            require_row(e, &c)?;
            Ok(emit(n, sentence::cell_text(e, c.ind, &c.cells(e).1)))
        }),
    );
    function(
        tera,
        &["name", "namn"],
        Arc::new(|e, _, kw| {
            check(kw, "name", &["id"])?;
            let id: String = kw.must_get("id")?;
            Ok(Value::from(e.lookup(&id).map_err(err)?.name.clone()))
        }),
    );
    // The two sentence functions differ only in how much they say.
    type Sentence = fn(&Engine, &Indicator, &Cell, &Cell, Option<&str>) -> Text;
    let sentences: [(&[&'static str], Sentence); 2] = [
        (&["andring", "change"], sentence::change_cells),
        (&["mening", "sentence"], sentence::full_cells),
    ];
    for (names, say) in sentences {
        function(
            tera,
            names,
            Arc::new(move |e, n, kw| {
                let args: Vec<&str> = COMPARISON.iter().chain(SUBJECT).copied().collect();
                check(kw, names[0], &args)?;
                let c = call(e, kw)?;
                require_row(e, &c)?;
                let own: Option<String> = first(kw, SUBJECT)?;
                let (from, to) = c.cells(e);
                Ok(emit(n, say(e, c.ind, &from, &to, own.as_deref())))
            }),
        );
    }
    function(
        tera,
        &["forandring"],
        Arc::new(|e, n, kw| {
            check(kw, "forandring", COMPARISON)?;
            let c = call(e, kw)?;
            require_row(e, &c)?;
            let (from, to) = c.cells(e);
            Ok(emit(n, sentence::change_amount(e, c.ind, &from, &to)))
        }),
    );
    function(
        tera,
        &["riktning", "direction"],
        Arc::new(|e, _, kw| {
            check(kw, "riktning", COMPARISON)?;
            let c = call(e, kw)?;
            let (from, to) = c.cells(e);
            match crate::compute::change::compare(c.ind, &from, &to, &e.thresholds) {
                Ok(ch) => Ok(Value::from(ch.direction.participle())),
                Err(why) => Err(err(format!(
                    "cannot say how \"{}\" changed: {} Use andring(), which words this case.",
                    c.ind.id,
                    why.footnote(&from.label())
                ))),
            }
        }),
    );
    function(
        tera,
        &["bedomning", "judgement"],
        Arc::new(|e, _, kw| {
            check(kw, "bedomning", COMPARISON)?;
            let c = call(e, kw)?;
            if c.ind.polarity == crate::model::catalogue::Polarity::Neutral {
                return Err(err(format!(
                    "\"{}\" is neutral: a change is neither förbättrats nor försämrats; use riktning()",
                    c.ind.id
                )));
            }
            let (from, to) = c.cells(e);
            match crate::compute::change::compare(c.ind, &from, &to, &e.thresholds) {
                Ok(ch) => Ok(Value::from(
                    ch.judgement.map_or("inte förändrats", |j| j.participle()),
                )),
                Err(why) => Err(err(format!(
                    "cannot judge the change of \"{}\": {} Use andring(), which words this case.",
                    c.ind.id,
                    why.footnote(&from.label())
                ))),
            }
        }),
    );
    function(
        tera,
        &["mal", "target"],
        Arc::new(|e, n, kw| {
            check(kw, "mal", &["id", "year", "ar"])?;
            let c = call(e, kw)?;
            require_row(e, &c)?;
            Ok(emit(n, sentence::target(e, c.ind, c.year).map_err(err)?))
        }),
    );
    function(
        tera,
        &["jamforelse", "benchmark"],
        Arc::new(|e, n, kw| {
            check(
                kw,
                "jamforelse",
                &["id", "year", "ar", "med", "with", "subjekt", "subject"],
            )?;
            let c = call(e, kw)?;
            require_row(e, &c)?;
            let with: Option<String> = first(kw, &["med", "with"])?;
            let own: Option<String> = first(kw, SUBJECT)?;
            let t = sentence::benchmark(e, c.ind, c.year, with.as_deref(), own.as_deref()).map_err(err)?;
            Ok(emit(n, t))
        }),
    );
    function(
        tera,
        &["parentes"],
        Arc::new(|e, n, kw| {
            check(kw, "parentes", &["id", "year", "ar"])?;
            let c = call(e, kw)?;
            require_row(e, &c)?;
            Ok(emit(n, sentence::parenthesis(e, c.ind, c.year)))
        }),
    );
    function(
        tera,
        &["parentesforklaring"],
        Arc::new(|e, _, kw| {
            check(kw, "parentesforklaring", &["year", "ar"])?;
            let y = year_arg(kw, YEAR, e.year)?;
            Ok(Value::from(sentence::parenthesis_legend(y)))
        }),
    );
    function(
        tera,
        &["riktningar"],
        Arc::new(|e, n, kw| {
            check(
                kw,
                "riktningar",
                &["id", "year", "ar", "from", "fran", "jamfor", "namn", "noun"],
            )?;
            let list = ids(e, kw)?;
            let year = year_arg(kw, YEAR, e.year)?;
            let from = year_arg(kw, FROM, year - 1)?;
            let noun: Option<String> = first(kw, &["namn", "noun"])?;
            let inds = indicators(e, &list);
            Ok(emit(
                n,
                Text::plain(sentence::directions(
                    e,
                    &inds,
                    from,
                    year,
                    noun.as_deref().unwrap_or(""),
                )),
            ))
        }),
    );
    function(
        tera,
        &["malsammanfattning"],
        Arc::new(|e, n, kw| {
            check(kw, "malsammanfattning", &["id", "year", "ar", "namn", "noun"])?;
            let list = ids(e, kw)?;
            let year = year_arg(kw, YEAR, e.year)?;
            let noun: Option<String> = first(kw, &["namn", "noun"])?;
            let inds = indicators(e, &list);
            Ok(emit(
                n,
                Text::plain(sentence::target_summary(
                    e,
                    &inds,
                    year,
                    noun.as_deref().unwrap_or(""),
                )),
            ))
        }),
    );
    function(
        tera,
        &["andel"],
        Arc::new(|e, n, kw| {
            check(
                kw,
                "andel",
                &["id", "av", "of", "year", "ar", "decimaler", "decimals"],
            )?;
            let c = call(e, kw)?;
            let of: String = first(kw, &["av", "of"])?
                .ok_or_else(|| err("andel() needs av=\"<indicator id of the whole>\""))?;
            let whole = e.lookup(&of).map_err(err)?;
            let d: Option<i64> = first(kw, &["decimaler", "decimals"])?;
            let d = u8::try_from(d.unwrap_or(1)).map_err(|_| err("decimaler must be 0–9"))?;
            Ok(emit(n, sentence::share_of(e, c.ind, whole, c.year, d.min(9))))
        }),
    );
    function(
        tera,
        &["tabell", "table"],
        Arc::new(|e, _, kw| {
            check(
                kw,
                "tabell",
                &[
                    "id",
                    "year",
                    "ar",
                    "antal_ar",
                    "years",
                    "ordning",
                    "order",
                    "forandring",
                    "change",
                ],
            )?;
            let list = ids(e, kw)?;
            let year = year_arg(kw, YEAR, e.year)?;
            let span: Option<i64> = first(kw, &["antal_ar", "years"])?;
            let span = u32::try_from(span.unwrap_or(i64::from(crate::model::outline::DEFAULT_YEARS)))
                .ok()
                .filter(|s| (1..=20).contains(s))
                .ok_or_else(|| err("antal_ar must be 1–20"))?;
            let order = match first::<String>(kw, &["ordning", "order"])?.as_deref() {
                None | Some("stigande" | "ascending") => Order::Ascending,
                Some("fallande" | "descending") => Order::Descending,
                Some(o) => {
                    return Err(err(format!(
                        "ordning=\"{o}\": expected \"stigande\" or \"fallande\""
                    )));
                }
            };
            let change: bool = first(kw, &["forandring", "change"])?.unwrap_or(true);
            let t = table::build(
                e,
                &list,
                &table::Options {
                    years: series::window(year, span, order),
                    change,
                },
            );
            Ok(Value::safe_string(&crate::render::tables::indicator::markdown(
                &t,
            )))
        }),
    );
    register_filters(tera);
}

/// A number from a template value: a number, or a string in Swedish or plain notation.
fn number_arg(v: &Value, filter: &str) -> TeraResult<f64> {
    if let Some(x) = v.as_f64() {
        return Ok(x);
    }
    if let Some(s) = v.as_str()
        && let Ok(crate::number::Cell::Value(x)) = crate::number::parse_cell(s)
    {
        return Ok(x);
    }
    Err(err(format!("{filter} expects a number, got {}", v.name())))
}

fn decimals(kw: &Kwargs, default: u8) -> TeraResult<u8> {
    match first::<i64>(kw, &["decimaler", "decimals"])? {
        Some(d) => u8::try_from(d)
            .ok()
            .filter(|d| *d <= 9)
            .ok_or_else(|| err("decimaler must be 0–9")),
        None => Ok(default),
    }
}

fn register_filters(tera: &mut Tera) {
    let style = NumberStyle::default();
    tera.register_filter(
        "sv_tal",
        move |v: Value, kw: Kwargs, _: &State| -> TeraResult<String> {
            check(&kw, "sv_tal", &["decimaler", "decimals"])?;
            let x = number_arg(&v, "sv_tal")?;
            let d = decimals(&kw, format::natural_decimals(x, 2))?;
            Ok(format::number(x, d, &style))
        },
    );
    tera.register_filter(
        "procent",
        move |v: Value, kw: Kwargs, _: &State| -> TeraResult<String> {
            check(&kw, "procent", &["decimaler", "decimals", "andel"])?;
            let x = number_arg(&v, "procent")?;
            let share: bool = kw.get("andel")?.unwrap_or(false);
            let unit = if share { Unit::Andel } else { Unit::Procent };
            Ok(format::with_unit(x, unit, decimals(&kw, 0)?, &style))
        },
    );
    tera.register_filter(
        "procentenheter",
        move |v: Value, kw: Kwargs, _: &State| -> TeraResult<String> {
            check(
                &kw,
                "procentenheter",
                &["decimaler", "decimals", "tecken", "sign"],
            )?;
            let x = number_arg(&v, "procentenheter")?;
            let signed: bool = first(&kw, &["tecken", "sign"])?.unwrap_or(false);
            let d = decimals(&kw, 0)?;
            Ok(if signed {
                format::percentage_points_signed(x, d, &style)
            } else {
                format::percentage_points(x, d, &style)
            })
        },
    );
    for (name, unit) in [
        ("kronor", Unit::Kronor),
        ("tkr", Unit::Tkr),
        ("mkr", Unit::Mkr),
        ("dagar", Unit::Dagar),
    ] {
        tera.register_filter(
            name,
            move |v: Value, kw: Kwargs, _: &State| -> TeraResult<String> {
                check(&kw, name, &["decimaler", "decimals"])?;
                let x = number_arg(&v, name)?;
                Ok(format::with_unit(x, unit, decimals(&kw, 0)?, &style))
            },
        );
    }
    tera.register_filter(
        "med_tecken",
        move |v: Value, kw: Kwargs, _: &State| -> TeraResult<String> {
            check(&kw, "med_tecken", &["decimaler", "decimals"])?;
            let x = number_arg(&v, "med_tecken")?;
            let d = decimals(&kw, format::natural_decimals(x, 2))?;
            Ok(format::signed(x, d, &style))
        },
    );
    tera.register_filter(
        "forandring_procent",
        move |v: Value, kw: Kwargs, _: &State| -> TeraResult<String> {
            check(&kw, "forandring_procent", &["decimaler", "decimals"])?;
            let x = number_arg(&v, "forandring_procent")?;
            let d = decimals(&kw, crate::compute::change::relative_decimals(x))?;
            Ok(format::percent_change(x, d, &style))
        },
    );
    let date = |v: &Value, name: &str| -> TeraResult<chrono::NaiveDate> {
        v.as_str()
            .and_then(|s| chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
            .ok_or_else(|| err(format!("{name} expects a date written 2025-03-01")))
    };
    tera.register_filter(
        "datum",
        move |v: Value, kw: Kwargs, _: &State| -> TeraResult<String> {
            check(&kw, "datum", &[])?;
            Ok(format::date_long(date(&v, "datum")?))
        },
    );
    tera.register_filter(
        "datum_iso",
        move |v: Value, kw: Kwargs, _: &State| -> TeraResult<String> {
            check(&kw, "datum_iso", &[])?;
            Ok(format::date_iso(date(&v, "datum_iso")?))
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::testing::model;

    fn render(src: &str, engine: Engine) -> Result<String, String> {
        let mut tera = Tera::new();
        tera.autoescape_on([".md"]);
        tera.set_escape_fn(|input: &str, out: &mut dyn std::io::Write| {
            out.write_all(escape_markdown(input).as_bytes())
        });
        let notes = Arc::new(Mutex::new(NoteSink::default()));
        register(&mut tera, Arc::new(engine), notes.clone());
        let src = crate::render::templates::positional_to_keyword(src, WITH_ID);
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
    fn filters() {
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
             (arguments: id, year, ar, from, fran, jamfor, period, subjekt, subject)"
        );
        assert_eq!(
            error_of("{{ varde(\"lex_sarah.rapporter\", xyzzy=1) }}"),
            "value() has no argument `xyzzy` (arguments: id, year, ar, period)"
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
            error_of("{{ andring([\"lex_sarah.rapporter\"]) }}"),
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
}
