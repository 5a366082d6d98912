//! Values: a figure with its unit, an indicator's name, this year's value with last year's,
//! one indicator as a share of another.

use std::sync::Mutex;

use tera::{TeraResult, Value};

use super::args::{Args, ID, PERIOD, YEAR, call, err, require_row, year};
use super::notes::{NoteSink, emit};
use super::{Arg, Function, Need, Type};
use crate::compute::Engine;
use crate::compute::sentence;

pub const FUNCTIONS: &[Function] = &[
    Function {
        names: &["value", "varde"],
        shown: "varde",
        args: &[ID, YEAR, PERIOD, WORDS],
        gives: "the value with its unit; a count of 0 or 2–12 in words",
        example: "`42 %`, `1 298`, `ca 255`, `färre än 5`, `fem`, `inga`",
        body: varde,
    },
    Function {
        names: &["name", "namn"],
        shown: "namn",
        args: &[ID],
        gives: "the indicator's printed name",
        example: "`Rapporter enligt lex Sarah`",
        body: namn,
    },
    Function {
        names: &["parentes"],
        shown: "parentes",
        args: &[ID, YEAR],
        gives: "this year's value with last year's in parentheses",
        example: "`961 (1 016)`",
        body: parentes,
    },
    Function {
        names: &["parentesforklaring"],
        shown: "parentesforklaring",
        args: &[YEAR],
        gives: "the legend for `parentes`, from the year",
        example: "`Siffrorna inom parentes avser 2022.`",
        body: parentesforklaring,
    },
    Function {
        names: &["andel"],
        shown: "andel",
        args: &[ID, OF, YEAR, SHARE_DECIMALS],
        gives: "one indicator as a share of another",
        example: "`12,1 %`",
        body: andel,
    },
];

const OF: Arg = Arg {
    names: &["av", "of"],
    shown: "av",
    ty: Type::Id,
    need: Need::Needs("indicator id of the whole"),
    doc: "the indicator of the whole",
};
const WORDS: Arg = Arg {
    names: &["ord", "words"],
    shown: "ord",
    ty: Type::Bool,
    need: Need::Bool(true),
    doc: "a count standing alone in running text in words: `inga` for 0, `två` … `tolv` (1 stays a digit: en or ett depends on the noun); `false` keeps digits, for comparisons of figures",
};
const SHARE_DECIMALS: Arg = Arg {
    names: &["decimaler", "decimals"],
    shown: "decimaler",
    ty: Type::Int,
    need: Need::Int(1),
    doc: "decimals (at most 9)",
};

fn varde(e: &Engine, n: &Mutex<NoteSink>, a: &Args) -> TeraResult<Value> {
    let c = call(e, a)?;
    require_row(e, &c)?;
    let words: bool = a.value(&WORDS)?;
    let cell = c.cells(e).1;
    let mut text = sentence::cell_text(e, c.ind, &cell);
    if words && let Some(w) = sentence::count_in_words(c.ind, &cell) {
        text.text = w.to_string();
    }
    Ok(emit(n, text))
}

fn namn(e: &Engine, _: &Mutex<NoteSink>, a: &Args) -> TeraResult<Value> {
    let id: String = a.value(&ID)?;
    Ok(Value::from(e.lookup(&id).map_err(err)?.name.clone()))
}

fn parentes(e: &Engine, n: &Mutex<NoteSink>, a: &Args) -> TeraResult<Value> {
    let c = call(e, a)?;
    require_row(e, &c)?;
    Ok(emit(n, sentence::parenthesis(e, c.ind, c.year)))
}

fn parentesforklaring(e: &Engine, _: &Mutex<NoteSink>, a: &Args) -> TeraResult<Value> {
    let y = year(a, &YEAR, e.year)?;
    Ok(Value::from(sentence::parenthesis_legend(y)))
}

fn andel(e: &Engine, n: &Mutex<NoteSink>, a: &Args) -> TeraResult<Value> {
    let c = call(e, a)?;
    let of: String = a.value(&OF)?;
    let whole = e.lookup(&of).map_err(err)?;
    let d: i64 = a.value(&SHARE_DECIMALS)?;
    let d = u8::try_from(d).map_err(|_| err("decimaler must be 0–9"))?;
    Ok(emit(n, sentence::share_of(e, c.ind, whole, c.year, d.min(9))))
}
