//! The tera functions and filters that narrative texts and templates call, over the trend
//! engine ([`crate::compute`]).
//!
//! Each function and filter is declared once, in the table of its family: [`values`] (a value,
//! a name, a share), [`sentences`] (comparisons in words), [`breakdowns`] (per kön, verksamhet
//! or enhet, and the parts behind a change), [`tables`] (a data table), and
//! [`filters`] (number and date formats). A declaration gives the names a text may call, the
//! arguments ([`Arg`]: names, type, required or default, meaning), a line of documentation and
//! the body. From the tables come the registration with tera ([`register`]), the argument
//! checks ([`Args`]) and the function list in docs/templates.md ([`docs`]).
//!
//! Functions return Markdown that is already escaped; the footnotes of a generated sentence
//! (missing values, breaks, qualifiers, revisions) are collected while a text renders and
//! appended to it as Markdown footnotes ([`notes`]).

mod args;
mod breakdowns;
pub mod docs;
mod filters;
mod notes;
mod sentences;
mod tables;
mod values;

use std::sync::{Arc, LazyLock, Mutex};

use tera::{Kwargs, State, Tera, TeraResult, Value};

use crate::compute::Engine;

pub use args::Args;
pub use notes::{NoteSink, finish_text, start_text};

/// What an argument takes; checked when the function reads it, with tera's own message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// One indicator id, a text.
    Id,
    /// A list of indicator ids, or one text of ids separated by commas.
    Ids,
    /// A whole number.
    Int,
    /// A text (a number given here is read as its text).
    Text,
    /// `true` or `false`.
    Bool,
    /// A period written as in the data: `2024-H1`, `2024-T2`, `2024-Q3`, `2024-03`, `2024-08-31`.
    Period,
}

/// Whether an argument must be given, and what happens when it is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Must be given; tera's "Missing keyword argument" otherwise.
    Required,
    /// Must be given; otherwise "f() needs name=\"<what>\"" with this `what`.
    Needs(&'static str),
    /// Left out, it is this number.
    Int(i64),
    /// Left out, it is this truth value.
    Bool(bool),
    /// Left out, it is this text.
    Text(&'static str),
    /// Left out, the function works it out as described here ("the report year").
    Else(&'static str),
}

/// One argument of a function or filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arg {
    /// Every name it may be given by, in the order they are read (the first one given wins)
    /// and listed in messages.
    pub names: &'static [&'static str],
    /// The name the documentation leads with (Swedish where there is one).
    pub shown: &'static str,
    pub ty: Type,
    pub need: Need,
    /// One line for docs/templates.md.
    pub doc: &'static str,
}

/// A function body: the engine, the footnote sink and the call's arguments.
pub type Body = fn(&Engine, &Mutex<NoteSink>, &Args) -> TeraResult<Value>;

/// A function texts may call.
pub struct Function {
    /// Every name it may be called by; messages use the first.
    pub names: &'static [&'static str],
    /// The name the documentation leads with.
    pub shown: &'static str,
    pub args: &'static [Arg],
    /// What it gives, for docs/templates.md.
    pub gives: &'static str,
    /// Example output (Markdown) for docs/templates.md.
    pub example: &'static str,
    pub body: Body,
}

/// A filter: `{{ 1234.5 | sv_tal }}`.
pub struct Filter {
    pub name: &'static str,
    pub args: &'static [Arg],
    /// Calls and their output, for docs/templates.md; a test renders them.
    pub examples: &'static [(&'static str, &'static str)],
    pub body: fn(&Value, &Args) -> TeraResult<String>,
}

/// Every function, family by family, in the order docs/templates.md lists them.
pub fn functions() -> impl Iterator<Item = &'static Function> + Clone {
    [
        values::FUNCTIONS,
        sentences::FUNCTIONS,
        breakdowns::FUNCTIONS,
        tables::FUNCTIONS,
    ]
    .into_iter()
    .flatten()
}

pub fn filters() -> impl Iterator<Item = &'static Filter> + Clone {
    filters::FILTERS.iter()
}

/// Names of the functions whose first argument is an indicator id (or a list of ids), so
/// that texts may write `andring("lex_sarah.rapporter")` for `andring(id="lex_sarah.rapporter")`.
pub static WITH_ID: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    functions()
        .filter(|f| f.args.first().is_some_and(|a| a.names == ["id"]))
        .flat_map(|f| f.names.iter().copied())
        .collect()
});

/// Register every function and filter.
pub fn register(tera: &mut Tera, engine: Arc<Engine>, notes: Arc<Mutex<NoteSink>>) {
    for f in functions() {
        for &name in f.names {
            let (e, n) = (engine.clone(), notes.clone());
            tera.register_function(name, move |kw: Kwargs, _: &State| -> TeraResult<Value> {
                let args = Args::new(f.names[0], &kw);
                args.check(f.args)?;
                let out = (f.body)(&e, &n, &args)?;
                // Every generated text is recorded (the sentence corpus); tables are not prose.
                if !f.names[0].ends_with("tabell")
                    && let Some(s) = out.as_str()
                {
                    e.prose.record(f.names[0], s);
                }
                Ok(out)
            });
        }
    }
    for f in filters() {
        tera.register_filter(
            f.name,
            move |v: Value, kw: Kwargs, _: &State| -> TeraResult<String> {
                let args = Args::new(f.name, &kw);
                args.check(f.args)?;
                (f.body)(&v, &args)
            },
        );
    }
}

#[cfg(test)]
mod tests;
