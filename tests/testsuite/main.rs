//! Integration tests: the real `berattelse` binary run on fixture projects (mdBook style:
//! one test binary, one module per capability, fixtures under tests/fixtures/).
//!
//! - `support`: the helpers every module uses, and the shared read-only builds: each fixture
//!   or example that several tests only read is copied and built once per test run.
//! - `error_cases`: every bad-input case, one folder each under `tests/fixtures/errors/`.
//! - `examples`: Markdown and typst-body snapshots of every project in `data-examples/`.
//! - `layout`: every page of every example and fixture read from typst's layout result.
//!
//! Run with `cargo test` (libtest runs the tests as threads of one process, which is what lets
//! them share builds; a process-per-test runner such as nextest would build them per test).

mod apparatus;
mod atomic;
mod build;
mod charts;
mod check;
mod ci_recipes;
mod error_cases;
mod errors;
mod examples;
mod fuzz_corpus;
mod goals;
mod hostile;
mod init;
mod kinds;
mod kolada_fetch;
mod layout;
mod manual;
mod outline;
mod pdf;
mod publish;
mod replay;
mod sentences;
mod shapes;
mod sources_cases;
mod sources_other;
mod sources_registries;
mod support;
mod trends;
mod watch;
