//! File formats without domain: text decoding lives in `project`; here are delimited text,
//! the streamed event reader, xlsx, JSON with spans, and YAML with locations.

pub mod spanjson;
pub mod stream;
pub mod table;
pub mod xlsx;
pub mod yaml;
pub mod yamlloc;
