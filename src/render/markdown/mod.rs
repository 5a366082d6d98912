//! Markdown handling for narratives and the generated report: conversion to typst markup,
//! escaping for typst and CommonMark, and heading normalisation.

pub mod cells;
pub mod escape;
pub mod footnotes;
pub mod headings;
mod markers;
pub mod tree;
pub mod typst;

use pulldown_cmark::Options;

/// The CommonMark dialect used everywhere, so that conversion and heading normalisation agree on
/// the structure of a text. Smart punctuation stays off: it would produce English quotes, while
/// typst localises plain `"` to Swedish ones.
fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}
