//! typst embedded as a library: our own `World` (no network, no system fonts, no packages)
//! the PDF export and a typographer's reading of the laid-out pages.

pub mod layout;

pub mod pdf;
pub mod world;
