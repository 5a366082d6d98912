//! Integration tests: the real `berattelse` binary run on fixture projects (mdBook style:
//! one test binary, one module per capability, fixtures under tests/fixtures/).

mod apparatus;
mod atomic;
mod build;
mod charts;
mod check;
mod errors;
mod fuzz_corpus;
mod goals;
mod hostile;
mod init;
mod kinds;
mod outline;
mod pdf;
mod sources_cases;
mod sources_other;
mod sources_registries;
mod support;
mod trends;
