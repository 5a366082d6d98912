//! Reading a call's arguments by their declarations ([`Arg`]), and the arguments most
//! functions share: the indicator and the periods to compare.
//!
//! Unknown arguments are rejected before the body runs, with a did-you-mean. Each argument is
//! then read when the body needs it, by every name it has and as its declared type, so a
//! missing or mistyped argument is reported where it was before the table existed: the first
//! error of a call with several stays the same.

use tera::{ArgFromValue, Kwargs, TeraResult, Value};

use super::{Arg, Need, Type};
use crate::compute::{Cell, Engine};
use crate::diag::did_you_mean;
use crate::model::catalogue::Indicator;
use crate::model::period::Period;

pub(super) fn err(msg: impl Into<String>) -> tera::Error {
    tera::Error::message(msg.into())
}

/// The keyword arguments of one call of the function (or filter) `func`.
pub struct Args<'k> {
    func: &'static str,
    kw: &'k Kwargs,
}

/// A Rust type an argument is read as, and the declared types it may be read for.
pub trait Kind: for<'k> ArgFromValue<'k, Output = Self> + Sized {
    fn reads(ty: Type) -> bool;
    /// The value of a left-out argument with this default.
    fn default(_need: Need) -> Option<Self> {
        None
    }
}

impl Kind for String {
    fn reads(ty: Type) -> bool {
        matches!(ty, Type::Id | Type::Text | Type::Period)
    }
    fn default(need: Need) -> Option<Self> {
        match need {
            Need::Text(t) => Some(t.to_string()),
            _ => None,
        }
    }
}

impl Kind for i64 {
    fn reads(ty: Type) -> bool {
        ty == Type::Int
    }
    fn default(need: Need) -> Option<Self> {
        match need {
            Need::Int(n) => Some(n),
            _ => None,
        }
    }
}

impl Kind for bool {
    fn reads(ty: Type) -> bool {
        ty == Type::Bool
    }
    fn default(need: Need) -> Option<Self> {
        match need {
            Need::Bool(b) => Some(b),
            _ => None,
        }
    }
}

/// A list of ids as given (a text or a list), before it is split.
impl Kind for Value {
    fn reads(ty: Type) -> bool {
        ty == Type::Ids
    }
}

impl Kind for Vec<String> {
    fn reads(ty: Type) -> bool {
        ty == Type::Ids
    }
}

impl<'k> Args<'k> {
    pub(super) fn new(func: &'static str, kw: &'k Kwargs) -> Self {
        Args { func, kw }
    }

    /// The name of the function or filter, as messages give it.
    pub fn func(&self) -> &'static str {
        self.func
    }

    /// Rejects arguments the function does not declare, with a did-you-mean.
    pub(super) fn check(&self, declared: &[Arg]) -> TeraResult<()> {
        let allowed: Vec<&str> = declared.iter().flat_map(|a| a.names.iter().copied()).collect();
        for (k, _) in self.kw.iter() {
            let Some(name) = k.as_str() else { continue };
            if !allowed.contains(&name) {
                let hint = did_you_mean(name, allowed.iter().copied())
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                return Err(err(format!(
                    "{}() has no argument `{name}`{hint} (arguments: {})",
                    self.func,
                    allowed.join(", ")
                )));
            }
        }
        Ok(())
    }

    /// The argument by the first of its names that was given, if any. An argument the
    /// function does not declare is never given (see [`Args::check`]).
    pub fn get<T: Kind>(&self, arg: &Arg) -> TeraResult<Option<T>> {
        debug_assert!(T::reads(arg.ty), "`{}` is declared {:?}", arg.names[0], arg.ty);
        for name in arg.names {
            if let Some(v) = self.kw.get::<T>(name)? {
                return Ok(Some(v));
            }
        }
        Ok(None)
    }

    /// The argument, or its declared default; an error when a required one is missing.
    pub fn value<T: Kind>(&self, arg: &Arg) -> TeraResult<T> {
        if let Some(v) = self.get(arg)? {
            return Ok(v);
        }
        match arg.need {
            // tera's own message for a missing argument.
            Need::Required => self.kw.must_get::<T>(arg.names[0]),
            Need::Needs(what) => Err(err(format!(
                "{}() needs {}=\"<{what}>\"",
                self.func, arg.names[0]
            ))),
            need => T::default(need).ok_or_else(|| {
                err(format!(
                    "internal: {}() reads `{}` without a default of that type",
                    self.func, arg.names[0]
                ))
            }),
        }
    }
}

// The arguments most functions share.

pub const ID: Arg = Arg {
    names: &["id"],
    shown: "id",
    ty: Type::Id,
    need: Need::Required,
    doc: "the indicator (the first argument, `id=` may be left out)",
};
pub const IDS: Arg = Arg {
    names: &["id"],
    shown: "id",
    ty: Type::Ids,
    need: Need::Required,
    doc: "the indicators: a list `[\"a\", \"b\"]` or a text `\"a, b\"` (the first argument)",
};
pub const YEAR: Arg = Arg {
    names: &["year", "ar"],
    shown: "ar",
    ty: Type::Int,
    need: Need::Else("the report year"),
    doc: "the year to speak of",
};
pub const FROM: Arg = Arg {
    names: &["from", "fran", "jamfor"],
    shown: "fran",
    ty: Type::Int,
    need: Need::Else("the year before `ar`"),
    doc: "the year to compare with",
};
pub const PERIOD: Arg = Arg {
    names: &["period"],
    shown: "period",
    ty: Type::Period,
    need: Need::Else("whole years"),
    doc: "a halvår, tertial, kvartal, month or delår, compared with the same period a year earlier \
          (instead of `ar`/`fran`)",
};
pub const SUBJECT: Arg = Arg {
    names: &["subjekt", "subject"],
    shown: "subjekt",
    ty: Type::Text,
    need: Need::Else("from the name: \"Antalet …\", \"Andelen …\""),
    doc: "the subject of the sentence",
};
/// The arguments of every function that compares two periods.
pub const COMPARISON: [Arg; 4] = [ID, YEAR, FROM, PERIOD];

/// A year argument within the years the data may hold.
pub fn year(a: &Args, arg: &Arg, default: i32) -> TeraResult<i32> {
    match a.get::<i64>(arg)? {
        Some(y) => i32::try_from(y)
            .ok()
            .filter(|y| crate::model::observation::YEAR_RANGE.contains(y))
            .ok_or_else(|| err(format!("year {y} is out of range"))),
        None => Ok(default),
    }
}

/// The indicator of `id=`, and the periods: `year=`/`ar=` (default the report year) and
/// `from=`/`fran=` (default the year before), or `period="2024-T2"` compared with the same
/// period a year earlier.
pub struct Call<'e> {
    pub ind: &'e Indicator,
    pub year: i32,
    pub from: Period,
    pub to: Period,
}

impl Call<'_> {
    pub fn cells(&self, engine: &Engine) -> (Cell, Cell) {
        (
            engine.cell_at(&self.ind.id, self.from),
            engine.cell_at(&self.ind.id, self.to),
        )
    }
}

pub fn call<'e>(engine: &'e Engine, a: &Args) -> TeraResult<Call<'e>> {
    let id: String = a.value(&ID)?;
    call_for(engine, a, &id)
}

/// [`call`] for the indicator `id` (one of a list).
pub fn call_for<'e>(engine: &'e Engine, a: &Args, id: &str) -> TeraResult<Call<'e>> {
    let ind = engine.lookup(id).map_err(err)?;
    if let Some(p) = a.get::<String>(&PERIOD)? {
        if a.get::<i64>(&YEAR)?.is_some() || a.get::<i64>(&FROM)?.is_some() {
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
    let year_ = year(a, &YEAR, engine.year)?;
    let from = year(a, &FROM, year_ - 1)?;
    if from >= year_ {
        return Err(err(format!(
            "compare with an earlier year: from={from} is not before {year_}"
        )));
    }
    Ok(Call {
        ind,
        year: year_,
        from: Period::Year { year: from },
        to: Period::Year { year: year_ },
    })
}

/// The report period must have a row; a typo in `year=` should not become "uppgift saknas".
pub fn require_row(engine: &Engine, c: &Call<'_>) -> TeraResult<()> {
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

/// The indicator ids of `id=` (a list, or a text of ids separated by commas), each known.
pub fn ids(engine: &Engine, a: &Args) -> TeraResult<Vec<String>> {
    let v: Value = a.value(&IDS)?;
    let list: Vec<String> = if let Some(s) = v.as_str() {
        s.split(',')
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
            .collect()
    } else {
        a.value::<Vec<String>>(&IDS)?
    };
    if list.is_empty() {
        return Err(err("give at least one indicator id"));
    }
    for id in &list {
        engine.lookup(id).map_err(err)?;
    }
    Ok(list)
}

pub fn indicators<'e>(engine: &'e Engine, ids: &[String]) -> Vec<&'e Indicator> {
    ids.iter().filter_map(|i| engine.indicator(i)).collect()
}
