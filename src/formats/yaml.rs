//! All YAML goes through here, so that the parser crate can be swapped in one place and
//! every YAML error becomes a located diagnostic.

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, Location};

pub fn parse<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, Diagnostic> {
    serde_yaml::from_str(text).map_err(|e| yaml_diagnostic(file, text, &e))
}

/// chrono's date parse errors, which say neither the value nor the form expected.
const DATE_ERRORS: &[&str] = &[
    "input is out of range",
    "input contains invalid characters",
    "premature end of input",
    "trailing input",
    "input is not enough for unique date and time",
    "no possible date and time matching input",
];

/// The scalar written at 1-based `line`, `column` of `text`, without quotes or a comment.
fn scalar_at(text: &str, line: usize, column: usize) -> Option<&str> {
    let l = text.lines().nth(line.checked_sub(1)?)?;
    let start = l.char_indices().nth(column.checked_sub(1)?).map(|(i, _)| i)?;
    let rest = &l[start..];
    let rest = rest.split(" #").next().unwrap_or(rest);
    let rest = rest.trim_end_matches([',', '}', ']', ' ']).trim();
    let value = rest.trim_matches(|c| c == '"' || c == '\'');
    (!value.is_empty()).then_some(value)
}

fn yaml_diagnostic(file: &str, text: &str, e: &serde_yaml::Error) -> Diagnostic {
    // serde_yaml appends " at line L column C" to its message; we show the location separately.
    let msg = e.to_string();
    let mut msg = msg
        .split_once(" at line ")
        .map_or(msg.as_str(), |(m, _)| m)
        .to_string();
    let bad_date = DATE_ERRORS.iter().any(|d| msg.ends_with(d));
    if bad_date {
        let (path, reason) = msg.rsplit_once(": ").unwrap_or(("", msg.as_str()));
        let value = e
            .location()
            .and_then(|l| scalar_at(text, l.line(), l.column()))
            .map(|v| format!(" \"{}\"", crate::diag::shorten(v)))
            .unwrap_or_default();
        let path = if path.is_empty() {
            String::new()
        } else {
            format!("{path}: ")
        };
        msg = format!("{path}invalid date{value} ({reason})");
    }
    let mut d = Diagnostic::error("yaml.invalid", format!("{file}: {msg}"));
    if bad_date {
        d = d.note("expected a date written YYYY-MM-DD, such as 2025-03-01");
    }
    if let Some(suggestion) = suggest_field(&msg) {
        d = d.note(format!("did you mean `{suggestion}`?"));
    }
    match e.location() {
        Some(l) => d.at(Location::at(file, l.line(), l.column())),
        None => d.at(Location::file(file)),
    }
}

/// serde's "unknown field `x`, expected one of `a`, `b`" (or "expected `a`") → the closest name.
fn suggest_field(msg: &str) -> Option<String> {
    let rest = msg
        .split_once("unknown field `")
        .or_else(|| msg.split_once("unknown variant `"))?
        .1;
    let (unknown, expected) = rest.split_once('`')?;
    let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    crate::diag::did_you_mean(unknown, names).map(str::to_string)
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
        let e = crate::formats::yaml::parse::<T>("b.yaml", "kommun: A\nnamd: B\n").unwrap_err();
        assert!(e.message.contains("unknown field `namd`"), "{}", e.message);
        let loc = e.location.unwrap();
        assert_eq!((loc.line, loc.column), (Some(2), Some(1)));
    }

    #[test]
    fn unknown_key_gets_a_suggestion() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct D {
            diarienummer: String,
            version: String,
        }
        let e = crate::formats::yaml::parse::<D>("b.yaml", "versoin: x\n").unwrap_err();
        assert!(
            e.notes.iter().any(|n| n == "did you mean `version`?"),
            "{:?}",
            e.notes
        );
        let e = crate::formats::yaml::parse::<D>("b.yaml", "zzz: x\n").unwrap_err();
        assert!(e.notes.is_empty(), "{:?}", e.notes);
    }
}
