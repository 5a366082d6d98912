//! All YAML goes through here, so that the parser crate can be swapped in one place and
//! every YAML error becomes a located diagnostic.

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, Location};

pub fn parse<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, Diagnostic> {
    serde_yaml::from_str(text).map_err(|e| yaml_diagnostic(file, &e))
}

fn yaml_diagnostic(file: &str, e: &serde_yaml::Error) -> Diagnostic {
    // serde_yaml appends " at line L column C" to its message; we show the location separately.
    let msg = e.to_string();
    let msg = msg
        .split_once(" at line ")
        .map_or(msg.as_str(), |(m, _)| m)
        .to_string();
    let d = Diagnostic::error("yaml.invalid", format!("{file}: {msg}"));
    match e.location() {
        Some(l) => d.at(Location::at(file, l.line(), l.column())),
        None => d.at(Location::file(file)),
    }
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        kommun: String,
    }

    #[test]
    fn unknown_key_is_located() {
        let e = super::parse::<T>("b.yaml", "kommun: A\nnamd: B\n").unwrap_err();
        assert!(e.message.contains("unknown field `namd`"), "{}", e.message);
        let loc = e.location.unwrap();
        assert_eq!((loc.line, loc.column), (Some(2), Some(1)));
    }
}
