//! Breakdowns and contributions: an indicator per kön, verksamhet or enhet as a sentence or a
//! table ([`crate::compute::breakdown`]), and the parts that account for a change
//! ([`crate::compute::contribution`]).

use std::sync::Mutex;

use tera::{TeraResult, Value};

use super::args::{Args, FROM, ID, IDS, PERIOD, SUBJECT, YEAR, call, err, ids, indicators, year};
use super::notes::{NoteSink, emit};
use super::{Arg, Function, Need, Type};
use crate::compute::breakdown::{self, Dimension};
use crate::compute::contribution::{self, Per};
use crate::compute::{Engine, series};
use crate::model::outline::Order;

pub const FUNCTIONS: &[Function] = &[
    Function {
        names: &["fordelning", "breakdown"],
        shown: "fordelning",
        args: &[ID, PER, YEAR, SUBJECT],
        gives: "the values of one year per kön, verksamhet or enhet as a sentence; with more than \
                four parts, the highest and the lowest. Protected cells read \"färre än 5\"",
        example: "`Andelen nöjda med hemtjänsten som helhet var 89 % bland kvinnor och 84 % bland män.`",
        body: fordelning,
    },
    Function {
        names: &["fordelningstabell", "breakdown_table"],
        shown: "fordelningstabell",
        args: &[IDS, PER, YEAR, SPAN],
        gives: "a Markdown table per kön, verksamhet or enhet: for one indicator a row per part \
                and a column per year, with Totalt; for a list, a row per indicator and a column \
                per part for `ar`. Protected cells show `<5` and `x` with their legend",
        example: "see [Tables](#tables)",
        body: fordelningstabell,
    },
    Function {
        names: &["bidrag", "contribution"],
        shown: "bidrag",
        args: &[ID, CONTRIBUTION_PER, YEAR, FROM, PERIOD],
        gives: "the parts that account for most of a change, by the rule in docs/sprak.md \
                (\"Where a change came from\"); empty when the change is spread, zero or \
                protected",
        example: "`Ökningen av antalet läkemedelsavvikelser gällde främst Hemtjänst, +85 av +127.`",
        body: bidrag,
    },
];

const PER: Arg = Arg {
    names: &["per", "efter"],
    shown: "per",
    ty: Type::Text,
    need: Need::Needs("kon|verksamhet|enhet"),
    doc: "the parts: `\"kon\"` (kvinnor and män), `\"verksamhet\"` or `\"enhet\"`",
};
const CONTRIBUTION_PER: Arg = Arg {
    names: &["per", "efter"],
    shown: "per",
    ty: Type::Text,
    need: Need::Text("verksamhet"),
    doc: "the parts: `\"verksamhet\"`, `\"enhet\"` (values per unit in the data) or \
          `\"kategori\"` (the indicator's `parts:` in the catalogue)",
};
const SPAN: Arg = Arg {
    names: &["antal_ar", "years"],
    shown: "antal_ar",
    ty: Type::Int,
    need: Need::Int(1),
    doc: "for one indicator: how many years, up to `ar` (1–20)",
};

fn dimension(a: &Args) -> TeraResult<Dimension> {
    let per: String = a.value(&PER)?;
    Dimension::parse(&per).ok_or_else(|| err(format!("per=\"{per}\": expected {}", Dimension::EXPECTED)))
}

fn fordelning(e: &Engine, n: &Mutex<NoteSink>, a: &Args) -> TeraResult<Value> {
    let id: String = a.value(&ID)?;
    let ind = e.lookup(&id).map_err(err)?;
    let dim = dimension(a)?;
    let year = year(a, &YEAR, e.year)?;
    let own: Option<String> = a.get(&SUBJECT)?;
    let t = breakdown::sentence(e, ind, dim, year, own.as_deref()).map_err(|p| err(p.message()))?;
    Ok(emit(n, t))
}

fn fordelningstabell(e: &Engine, _: &Mutex<NoteSink>, a: &Args) -> TeraResult<Value> {
    let list = ids(e, a)?;
    let dim = dimension(a)?;
    let year = year(a, &YEAR, e.year)?;
    let span = u32::try_from(a.value::<i64>(&SPAN)?)
        .ok()
        .filter(|s| (1..=20).contains(s))
        .ok_or_else(|| err("antal_ar must be 1–20"))?;
    let inds = indicators(e, &list);
    let table = match inds.as_slice() {
        [one] => breakdown::table(e, one, dim, &series::window(year, span, Order::Ascending)),
        many if span == 1 => breakdown::table_across(e, many, dim, year),
        _ => {
            return Err(err(
                "fordelningstabell() over a list shows one year: leave out antal_ar, or give one indicator",
            ));
        }
    }
    .map_err(|p| err(p.message()))?;
    Ok(Value::safe_string(&crate::render::tables::indicator::markdown(
        &table,
    )))
}

fn bidrag(e: &Engine, _: &Mutex<NoteSink>, a: &Args) -> TeraResult<Value> {
    let c = call(e, a)?;
    let per: String = a.value(&CONTRIBUTION_PER)?;
    let per = Per::parse(&per).ok_or_else(|| err(format!("per=\"{per}\": expected {}", Per::EXPECTED)))?;
    let text = contribution::sentence(e, c.ind, per, c.from, c.to).map_err(err)?;
    Ok(Value::safe_string(
        &crate::render::markdown::escape::escape_markdown(&text),
    ))
}
