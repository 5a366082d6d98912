//! Filters: numbers and dates written the Swedish way, `{{ 1234.5 | sv_tal }}`.

use tera::{TeraResult, Value};

use super::args::{Args, err};
use super::{Arg, Filter, Need, Type};
use crate::format::{self, NumberStyle, Unit};

pub const FILTERS: &[Filter] = &[
    Filter {
        name: "sv_tal",
        args: &[DECIMALS_NATURAL],
        examples: &[("{{ 1234.5 | sv_tal }}", "1 234,5")],
        body: sv_tal,
    },
    Filter {
        name: "procent",
        args: &[DECIMALS, SHARE],
        examples: &[
            ("{{ 42 | procent }}", "42 %"),
            ("{{ 0.425 | procent(andel=true, decimaler=1) }}", "42,5 %"),
        ],
        body: procent,
    },
    Filter {
        name: "procentenheter",
        args: &[DECIMALS, SIGN],
        examples: &[("{{ -3 | procentenheter(tecken=true) }}", "−3 procentenheter")],
        body: procentenheter,
    },
    Filter {
        name: "kronor",
        args: &[DECIMALS],
        examples: &[("{{ -1250000 | kronor }}", "−1 250 000 kr")],
        body: kronor,
    },
    Filter {
        name: "tkr",
        args: &[DECIMALS],
        examples: &[("{{ 51311 | tkr }}", "51 311 tkr")],
        body: tkr,
    },
    Filter {
        name: "mkr",
        args: &[DECIMALS],
        examples: &[("{{ 51.3 | mkr(decimaler=1) }}", "51,3 mkr")],
        body: mkr,
    },
    Filter {
        name: "dagar",
        args: &[DECIMALS],
        examples: &[("{{ 64 | dagar }}", "64 dagar")],
        body: dagar,
    },
    Filter {
        name: "med_tecken",
        args: &[DECIMALS_NATURAL],
        examples: &[("{{ 12 | med_tecken }}", "+12")],
        body: med_tecken,
    },
    Filter {
        name: "forandring_procent",
        args: &[DECIMALS_CHANGE],
        examples: &[("{{ 0.727 | forandring_procent }}", "+73 %")],
        body: forandring_procent,
    },
    Filter {
        name: "datum",
        args: &[],
        examples: &[("{{ \"2025-03-01\" | datum }}", "1 mars 2025")],
        body: datum,
    },
    Filter {
        name: "datum_iso",
        args: &[],
        examples: &[("{{ \"2025-03-01\" | datum_iso }}", "2025-03-01")],
        body: datum_iso,
    },
];

const DECIMALS: Arg = Arg {
    names: &["decimaler", "decimals"],
    shown: "decimaler",
    ty: Type::Int,
    need: Need::Int(0),
    doc: "decimals (0–9)",
};
const DECIMALS_NATURAL: Arg = Arg {
    need: Need::Else("as many as the number has, at most 2"),
    ..DECIMALS
};
const DECIMALS_CHANGE: Arg = Arg {
    need: Need::Else("1 for changes under 9,5 %, else 0"),
    ..DECIMALS
};
const SHARE: Arg = Arg {
    names: &["andel"],
    shown: "andel",
    ty: Type::Bool,
    need: Need::Bool(false),
    doc: "the number is a share: 0.425 is 42,5 %",
};
const SIGN: Arg = Arg {
    names: &["tecken", "sign"],
    shown: "tecken",
    ty: Type::Bool,
    need: Need::Bool(false),
    doc: "a sign also before positive numbers",
};

/// The report's number format (filters have no project settings).
fn style() -> NumberStyle {
    NumberStyle::default()
}

/// A number from a template value: a number, or a string in Swedish or plain notation.
fn number(v: &Value, a: &Args) -> TeraResult<f64> {
    if let Some(x) = v.as_f64() {
        return Ok(x);
    }
    if let Some(s) = v.as_str()
        && let Ok(crate::number::Cell::Value(x)) = crate::number::parse_cell(s)
    {
        return Ok(x);
    }
    Err(err(format!("{} expects a number, got {}", a.func(), v.name())))
}

fn digits(d: i64) -> TeraResult<u8> {
    u8::try_from(d)
        .ok()
        .filter(|d| *d <= 9)
        .ok_or_else(|| err("decimaler must be 0–9"))
}

/// `decimaler=`, or `default` when left out.
fn decimals(a: &Args, arg: &Arg, default: u8) -> TeraResult<u8> {
    match a.get::<i64>(arg)? {
        Some(d) => digits(d),
        None => Ok(default),
    }
}

fn sv_tal(v: &Value, a: &Args) -> TeraResult<String> {
    let x = number(v, a)?;
    let d = decimals(a, &DECIMALS_NATURAL, format::natural_decimals(x, 2))?;
    Ok(format::number(x, d, &style()))
}

fn procent(v: &Value, a: &Args) -> TeraResult<String> {
    let x = number(v, a)?;
    let unit = if a.value(&SHARE)? {
        Unit::Andel
    } else {
        Unit::Procent
    };
    Ok(format::with_unit(x, unit, digits(a.value(&DECIMALS)?)?, &style()))
}

fn procentenheter(v: &Value, a: &Args) -> TeraResult<String> {
    let x = number(v, a)?;
    let signed: bool = a.value(&SIGN)?;
    let d = digits(a.value(&DECIMALS)?)?;
    Ok(if signed {
        format::percentage_points_signed(x, d, &style())
    } else {
        format::percentage_points(x, d, &style())
    })
}

fn amount(v: &Value, a: &Args, unit: Unit) -> TeraResult<String> {
    let x = number(v, a)?;
    Ok(format::with_unit(x, unit, digits(a.value(&DECIMALS)?)?, &style()))
}

fn kronor(v: &Value, a: &Args) -> TeraResult<String> {
    amount(v, a, Unit::Kronor)
}

fn tkr(v: &Value, a: &Args) -> TeraResult<String> {
    amount(v, a, Unit::Tkr)
}

fn mkr(v: &Value, a: &Args) -> TeraResult<String> {
    amount(v, a, Unit::Mkr)
}

fn dagar(v: &Value, a: &Args) -> TeraResult<String> {
    amount(v, a, Unit::Dagar)
}

fn med_tecken(v: &Value, a: &Args) -> TeraResult<String> {
    let x = number(v, a)?;
    let d = decimals(a, &DECIMALS_NATURAL, format::natural_decimals(x, 2))?;
    Ok(format::signed(x, d, &style()))
}

fn forandring_procent(v: &Value, a: &Args) -> TeraResult<String> {
    let x = number(v, a)?;
    let d = decimals(a, &DECIMALS_CHANGE, crate::compute::change::relative_decimals(x))?;
    Ok(format::percent_change(x, d, &style()))
}

fn date(v: &Value, a: &Args) -> TeraResult<chrono::NaiveDate> {
    v.as_str()
        .and_then(|s| chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
        .ok_or_else(|| err(format!("{} expects a date written 2025-03-01", a.func())))
}

fn datum(v: &Value, a: &Args) -> TeraResult<String> {
    Ok(format::date_long(date(v, a)?))
}

fn datum_iso(v: &Value, a: &Args) -> TeraResult<String> {
    Ok(format::date_iso(date(v, a)?))
}
