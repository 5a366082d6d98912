//! Integration tests: the real `berattelse` binary run on fixture projects (mdBook style:
//! one test binary, one module per capability, fixtures under tests/fixtures/).
//!
//! - `support`: the helpers every module uses.
//! - `error_cases`: every bad-input case, one folder each under `tests/fixtures/errors/`.

mod apparatus;
mod build;
mod charts;
mod check;
mod error_cases;
mod errors;
mod goals;
mod init;
mod kinds;
mod outline;
mod pdf;
mod sources_cases;
mod sources_other;
mod sources_registries;
mod support;
mod trends;
