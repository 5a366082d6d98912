//! berattelse: the annual kvalitets- och patientsäkerhetsberättelse of a Swedish
//! socialnämnd, built from data.
//!
//! The folders are the pipeline, and imports only point down (docs/architecture.md):
//! `pipeline` → `check` → `render` → `load` → `data`, `compute` → `config` → `formats`,
//! `model` → `project` → the ground (`diag`, `number`, `format`).

pub mod check;
pub mod compute;
pub mod config;
pub mod data;
pub mod diag;
pub mod format;
pub mod formats;
pub mod load;
pub mod model;
pub mod number;
pub mod pipeline;
pub mod project;
pub mod render;
