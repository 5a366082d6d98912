//! Sentences: a comparison worded by the trend engine (change, direction, judgement, targets,
//! benchmarks), for one indicator or summed up over several.

use std::sync::Mutex;

use tera::{TeraResult, Value};

use super::args::{
    Args, COMPARISON, FROM, ID, IDS, PERIOD, SUBJECT, YEAR, call, call_for, err, ids, indicators,
    require_row, year,
};
use super::notes::{NoteSink, emit};
use super::{Arg, Function, Need, Type};
use crate::compute::paragraph::Depth;
use crate::compute::sentence::{self, Text};
use crate::compute::{Cell, Engine};
use crate::model::catalogue::{Indicator, Polarity};
use crate::model::period::Period;

pub const FUNCTIONS: &[Function] = &[
    Function {
        names: &["andring", "change"],
        shown: "andring",
        args: &[ID_OR_LIST, YEAR, FROM, PERIOD, SUBJECT, LIST_NOUN],
        gives: "the change as a short sentence; for a list, a paragraph",
        example: "`Antalet rapporter enligt lex Sarah ökade markant, från 44 till 76 (+73 %).`",
        body: andring,
    },
    Function {
        names: &["mening", "sentence"],
        shown: "mening",
        args: &[ID_OR_LIST, YEAR, FROM, PERIOD, SUBJECT, LIST_NOUN],
        gives: "the change with years, then extreme, targets and benchmarks; for a list, a \
                paragraph that groups the indicators that moved the same way and states \
                targets and riket once",
        example: "`Betaldagar för utskrivningsklara ökade för andra året i rad, från 196 dagar 2022 \
                  till 473 dagar 2023, en försämring med 141 %. Det var den högsta nivån under \
                  perioden 2021–2023.`",
        body: mening,
    },
    Function {
        names: &["forandring"],
        shown: "forandring",
        args: &COMPARISON,
        gives: "only the change",
        example: "`+19 procentenheter`, `+73 %`, `–`",
        body: forandring,
    },
    Function {
        names: &["riktning", "direction"],
        shown: "riktning",
        args: &COMPARISON,
        gives: "`ökat`, `minskat` or `oförändrat`",
        example: "`Antalet har {{ riktning(\"x\") }}`",
        body: riktning,
    },
    Function {
        names: &["bedomning", "judgement"],
        shown: "bedomning",
        args: &COMPARISON,
        gives: "`förbättrats`, `försämrats` or `inte förändrats` (an error for neutral indicators)",
        example: "`Resultatet har {{ bedomning(\"x\") }}`",
        body: bedomning,
    },
    Function {
        names: &["mal", "target"],
        shown: "mal",
        args: &[ID, YEAR],
        gives: "the target sentences",
        example: "`Målvärdet 90 % nåddes inte, men det saknades bara 1 procentenhet.`",
        body: mal,
    },
    Function {
        names: &["jamforelse", "benchmark"],
        shown: "jamforelse",
        args: &[ID, YEAR, WITH, SUBJECT],
        gives: "against riket, länet or another comparison value",
        example: "`Väntetiden till särskilt boende var 66 dagar år 2023, i nivå med riket (64 dagar).`",
        body: jamforelse,
    },
    Function {
        names: &["riktningar"],
        shown: "riktningar",
        args: &[IDS, YEAR, FROM, DIRECTIONS_NOUN],
        gives: "how many went which way",
        example: "`14 av 16 kategorier ökade, 1 minskade och 1 var i stort sett oförändrad`",
        body: riktningar,
    },
    Function {
        names: &["malsammanfattning"],
        shown: "malsammanfattning",
        args: &[IDS, YEAR, TARGETS_NOUN],
        gives: "how many met their targets, national and local apart",
        example: "`Det nationella målvärdet nåddes för 1 av 6 indikatorer och nästan för ytterligare 1; det lokala målvärdet nåddes inte för någon av de 2 indikatorerna`",
        body: malsammanfattning,
    },
];

const ID_OR_LIST: Arg = Arg {
    names: &["id"],
    shown: "id",
    ty: Type::Ids,
    need: Need::Required,
    doc: "the indicator, or a list `[\"a\", \"b\"]` for a paragraph about several (the first \
          argument)",
};
const LIST_NOUN: Arg = Arg {
    names: &["namn", "noun"],
    shown: "namn",
    ty: Type::Text,
    need: Need::Text("indikatorer"),
    doc: "for a list: what the indicators are, in the indefinite plural: \
          `\"indikatorer för vård i livets slutskede\"`",
};
const WITH: Arg = Arg {
    names: &["med", "with"],
    shown: "med",
    ty: Type::Text,
    need: Need::Else("every comparison value the indicator has"),
    doc: "the comparison value to speak of: `\"riket\"`, `\"länet\"`, …",
};
const DIRECTIONS_NOUN: Arg = Arg {
    names: &["namn", "noun"],
    shown: "namn",
    ty: Type::Text,
    need: Need::Else("none: \"14 av 16 ökade\""),
    doc: "what the indicators are, in the plural: `\"kategorier\"`",
};
const TARGETS_NOUN: Arg = Arg {
    names: &["namn", "noun"],
    shown: "namn",
    ty: Type::Text,
    need: Need::Text("indikatorer"),
    doc: "what the indicators are, in the plural: `\"kategorier\"`",
};

/// `andring` and `mening` differ only in how much they say.
type Say = fn(&Engine, &Indicator, &Cell, &Cell, Option<&str>) -> Text;

fn say(say: Say, depth: Depth, e: &Engine, n: &Mutex<NoteSink>, a: &Args) -> TeraResult<Value> {
    let given: Value = a.value(&ID_OR_LIST)?;
    let several = given.as_str().is_none_or(|s| s.contains(','));
    if several {
        return paragraph(depth, e, n, a);
    }
    let c = call(e, a)?;
    require_row(e, &c)?;
    let own: Option<String> = a.get(&SUBJECT)?;
    let (from, to) = c.cells(e);
    Ok(emit(n, say(e, c.ind, &from, &to, own.as_deref())))
}

/// `mening` or `andring` over a list: one paragraph.
fn paragraph(depth: Depth, e: &Engine, n: &Mutex<NoteSink>, a: &Args) -> TeraResult<Value> {
    if a.get::<String>(&SUBJECT)?.is_some() {
        return Err(err(format!(
            "{}() over a list takes no subjekt=: give each indicator a subject: in the catalogue",
            a.func()
        )));
    }
    let list = ids(e, a)?;
    let inds = indicators(e, &list);
    let (from, to) = match a.get::<String>(&PERIOD)? {
        Some(_) => {
            let c = call_for(e, a, &list[0])?;
            (c.from, c.to)
        }
        None => {
            let to = year(a, &YEAR, e.year)?;
            let from = year(a, &FROM, to - 1)?;
            if from >= to {
                return Err(err(format!(
                    "compare with an earlier year: from={from} is not before {to}"
                )));
            }
            (Period::Year { year: from }, Period::Year { year: to })
        }
    };
    for ind in &inds {
        if !e.has_row_at(&ind.id, to) {
            return Err(err(format!(
                "no value for \"{}\" in {to}: the data has no row for that period",
                ind.id
            )));
        }
    }
    let noun: String = a.value(&LIST_NOUN)?;
    if !crate::compute::paragraph::groups(e, &inds, (from, to)) {
        // Nothing to say together: each indicator's sentences, each with its notes.
        let mut out = Vec::new();
        for ind in &inds {
            let (a, b) = (e.cell_at(&ind.id, from), e.cell_at(&ind.id, to));
            let t = match depth {
                Depth::Change => sentence::change_cells(e, ind, &a, &b, None),
                Depth::Full => sentence::full_cells(e, ind, &a, &b, None),
            };
            out.push(emit(n, t).as_str().unwrap_or_default().to_string());
        }
        return Ok(Value::safe_string(&out.join(" ")));
    }
    Ok(emit(
        n,
        crate::compute::paragraph::paragraph(e, &inds, (from, to), &noun, depth),
    ))
}

fn andring(e: &Engine, n: &Mutex<NoteSink>, a: &Args) -> TeraResult<Value> {
    say(sentence::change_cells, Depth::Change, e, n, a)
}

fn mening(e: &Engine, n: &Mutex<NoteSink>, a: &Args) -> TeraResult<Value> {
    say(sentence::full_cells, Depth::Full, e, n, a)
}

fn forandring(e: &Engine, n: &Mutex<NoteSink>, a: &Args) -> TeraResult<Value> {
    let c = call(e, a)?;
    require_row(e, &c)?;
    let (from, to) = c.cells(e);
    Ok(emit(n, sentence::change_amount(e, c.ind, &from, &to)))
}

fn riktning(e: &Engine, _: &Mutex<NoteSink>, a: &Args) -> TeraResult<Value> {
    let c = call(e, a)?;
    let (from, to) = c.cells(e);
    match crate::compute::change::compare(c.ind, &from, &to, &e.thresholds) {
        Ok(ch) => Ok(Value::from(ch.direction.participle())),
        Err(why) => Err(err(format!(
            "cannot say how \"{}\" changed: {} Use andring(), which words this case.",
            c.ind.id,
            why.footnote(&from.label())
        ))),
    }
}

fn bedomning(e: &Engine, _: &Mutex<NoteSink>, a: &Args) -> TeraResult<Value> {
    let c = call(e, a)?;
    if c.ind.polarity == Polarity::Neutral {
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
}

fn mal(e: &Engine, n: &Mutex<NoteSink>, a: &Args) -> TeraResult<Value> {
    let c = call(e, a)?;
    require_row(e, &c)?;
    Ok(emit(n, sentence::target(e, c.ind, c.year).map_err(err)?))
}

fn jamforelse(e: &Engine, n: &Mutex<NoteSink>, a: &Args) -> TeraResult<Value> {
    let c = call(e, a)?;
    require_row(e, &c)?;
    let with: Option<String> = a.get(&WITH)?;
    let own: Option<String> = a.get(&SUBJECT)?;
    let t = sentence::benchmark(e, c.ind, c.year, with.as_deref(), own.as_deref()).map_err(err)?;
    Ok(emit(n, t))
}

fn riktningar(e: &Engine, n: &Mutex<NoteSink>, a: &Args) -> TeraResult<Value> {
    let list = ids(e, a)?;
    let to = year(a, &YEAR, e.year)?;
    let from = year(a, &FROM, to - 1)?;
    let noun: Option<String> = a.get(&DIRECTIONS_NOUN)?;
    let inds = indicators(e, &list);
    let text = sentence::directions(e, &inds, from, to, noun.as_deref().unwrap_or(""));
    Ok(emit(n, Text::plain(text)))
}

fn malsammanfattning(e: &Engine, n: &Mutex<NoteSink>, a: &Args) -> TeraResult<Value> {
    let list = ids(e, a)?;
    let to = year(a, &YEAR, e.year)?;
    let noun: String = a.value(&TARGETS_NOUN)?;
    let inds = indicators(e, &list);
    Ok(emit(
        n,
        Text::plain(sentence::target_summary(e, &inds, to, &noun)),
    ))
}
