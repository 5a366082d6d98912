//! berattelse: the annual kvalitets- och patientsäkerhetsberättelse of a Swedish
//! socialnämnd, built from data.
//!
//! Stages, each a module with plain data in between:
//! load (`load`, `data`, `config`, `outline`) → model (`model`) → trends (`compute`) → render
//! (`templates`, `render::document`, `markdown`, `render::pdf`) → write (`output`).

pub mod abbreviations;
pub mod assets;
pub mod build;
pub mod check;
pub mod compute;
pub mod config;
pub mod data;
pub mod diag;
pub mod format;
pub mod functions;
pub mod lagrum;
pub mod load;
pub mod markdown;
pub mod model;
pub mod number;
pub mod outline;
pub mod outline_edit;
pub mod output;
pub mod period;
pub mod profile;
pub mod project;
pub mod render;
pub mod templates;
pub mod yaml;
