//! Tables: a data table of indicators over the years, as Markdown, with its notes.

use std::sync::Mutex;

use tera::{TeraResult, Value};

use super::args::{Args, IDS, YEAR, err, ids, year};
use super::notes::NoteSink;
use super::{Arg, Function, Need, Type};
use crate::compute::series;
use crate::compute::{Engine, table};
use crate::model::outline::{DEFAULT_YEARS, Order};

pub const FUNCTIONS: &[Function] = &[Function {
    names: &["tabell", "table"],
    shown: "tabell",
    args: &[IDS, YEAR, SPAN, ORDER, CHANGE],
    gives: "a Markdown table with notes; put it in its own paragraph",
    example: "see [Tables](#tables)",
    body: tabell,
}];

const SPAN: Arg = Arg {
    names: &["antal_ar", "years"],
    shown: "antal_ar",
    ty: Type::Int,
    need: Need::Int(DEFAULT_YEARS as i64),
    doc: "how many years, up to `ar` (1–20)",
};
const ORDER: Arg = Arg {
    names: &["ordning", "order"],
    shown: "ordning",
    ty: Type::Text,
    need: Need::Text("stigande"),
    doc: "the years `\"stigande\"` (ascending) or `\"fallande\"` (descending)",
};
const CHANGE: Arg = Arg {
    names: &["forandring", "change"],
    shown: "forandring",
    ty: Type::Bool,
    need: Need::Bool(true),
    doc: "a Förändring column: the last year against the one before",
};

fn tabell(e: &Engine, _: &Mutex<NoteSink>, a: &Args) -> TeraResult<Value> {
    let list = ids(e, a)?;
    let year = year(a, &YEAR, e.year)?;
    let span: i64 = a.value(&SPAN)?;
    let span = u32::try_from(span)
        .ok()
        .filter(|s| (1..=20).contains(s))
        .ok_or_else(|| err("antal_ar must be 1–20"))?;
    let order = match a.value::<String>(&ORDER)?.as_str() {
        "stigande" | "ascending" => Order::Ascending,
        "fallande" | "descending" => Order::Descending,
        o => {
            return Err(err(format!(
                "ordning=\"{o}\": expected \"stigande\" or \"fallande\""
            )));
        }
    };
    let change: bool = a.value(&CHANGE)?;
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
}
