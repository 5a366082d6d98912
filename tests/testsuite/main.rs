//! Integration tests: the real `berattelse` binary run on fixture projects (mdBook style:
//! one test binary, one module per capability, fixtures under tests/fixtures/).

mod apparatus;
mod build;
mod check;
mod errors;
mod init;
mod pdf;
mod sources_cases;
mod sources_other;
mod sources_registries;
mod support;
mod trends;
