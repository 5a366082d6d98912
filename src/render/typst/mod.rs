//! typst embedded as a library: our own `World` (no network, no system fonts, no packages)
//! and the PDF export.

pub mod pdf;
pub mod world;
