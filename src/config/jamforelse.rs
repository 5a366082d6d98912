//! The `jamforelse:` block of berattelse.yaml: the municipalities, Kolada municipality groups
//! and organisational units the report compares with or breaks down by. `berattelse hamta
//! kolada` fetches their values; the Kolada reader turns them into named comparison values
//! (benchmarks) and unit breakdowns.
//!
//! ```yaml
//! jamforelse:
//!   kommuner: ["1488", {id: "1485", namn: Uddevalla}]
//!   grupper: [G124072]                   # "Liknande kommuner, äldreomsorg"
//!   enheter: [{id: V15E146800101, namn: Hemtjänst Norr}]
//! ```

use serde::Deserialize;

/// The `jamforelse:` block of berattelse.yaml.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Jamforelse {
    /// Comparison municipalities by kommunkod.
    #[serde(alias = "municipalities", deserialize_with = "kommuner")]
    pub kommuner: Vec<Entry>,
    /// Kolada municipality groups by id (`G` and digits), e.g. "liknande kommuner".
    #[serde(alias = "groups", deserialize_with = "grupper")]
    pub grupper: Vec<Entry>,
    /// Organisational units (Kolada's OU ids) whose values become unit breakdowns.
    #[serde(alias = "units", deserialize_with = "enheter")]
    pub enheter: Vec<Entry>,
}

/// One comparison: a Kolada id and, optionally, the name the report uses for it (else the
/// name Kolada gives it).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: String,
    pub namn: Option<String>,
}

impl Jamforelse {
    pub fn is_empty(&self) -> bool {
        self.kommuner.is_empty() && self.grupper.is_empty() && self.enheter.is_empty()
    }

    /// The configured name of a municipality or group id, if any.
    pub fn name_of(&self, id: &str) -> Option<&str> {
        self.kommuner
            .iter()
            .chain(&self.grupper)
            .chain(&self.enheter)
            .find(|e| e.id == id)
            .and_then(|e| e.namn.as_deref())
    }

    /// Whether `id` is a listed comparison municipality or group.
    pub fn compares_with(&self, id: &str) -> bool {
        self.kommuner.iter().chain(&self.grupper).any(|e| e.id == id)
    }

    /// Whether `id` is a listed organisational unit.
    pub fn has_unit(&self, id: &str) -> bool {
        self.enheter.iter().any(|e| e.id == id)
    }
}

/// A kommunkod (leading zeros restored), not Riket's 0000.
pub fn kommun_id(text: &str) -> Option<String> {
    super::Kommunkod::parse(text).map(|k| k.as_str().to_string())
}

/// A Kolada municipality group id: `G` and digits.
pub fn group_id(text: &str) -> Option<String> {
    let t = text.trim().to_uppercase();
    let digits = t.strip_prefix('G')?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then_some(t)
}

/// A Kolada organisational-unit id: letters and digits, such as `V15E146800101`.
pub fn unit_id(text: &str) -> Option<String> {
    let t = text.trim().to_uppercase();
    ((4..=20).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphanumeric())).then_some(t)
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawEntry {
    Text(String),
    Number(u64),
    Full {
        id: IdText,
        #[serde(default, alias = "name")]
        namn: Option<String>,
    },
}

#[derive(Deserialize)]
#[serde(untagged)]
enum IdText {
    Text(String),
    Number(u64),
}

fn entries<'de, D: serde::Deserializer<'de>>(
    d: D,
    parse: fn(&str) -> Option<String>,
    expected: &str,
) -> Result<Vec<Entry>, D::Error> {
    let raw: Vec<RawEntry> = Vec::deserialize(d)?;
    let mut out: Vec<Entry> = Vec::new();
    for r in raw {
        let (text, namn) = match r {
            RawEntry::Text(t)
            | RawEntry::Full {
                id: IdText::Text(t),
                namn: None,
            } => (t, None),
            RawEntry::Number(n)
            | RawEntry::Full {
                id: IdText::Number(n),
                namn: None,
            } => (n.to_string(), None),
            RawEntry::Full {
                id: IdText::Text(t),
                namn,
            } => (t, namn),
            RawEntry::Full {
                id: IdText::Number(n),
                namn,
            } => (n.to_string(), namn),
        };
        let Some(id) = parse(&text) else {
            return Err(serde::de::Error::custom(format!(
                "invalid id \"{text}\", expected {expected}"
            )));
        };
        if out.iter().any(|e| e.id == id) {
            return Err(serde::de::Error::custom(format!("\"{id}\" is listed twice")));
        }
        let namn = namn.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
        out.push(Entry { id, namn });
    }
    Ok(out)
}

fn kommuner<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Entry>, D::Error> {
    entries(d, kommun_id, super::Kommunkod::EXPECTED)
}

fn grupper<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Entry>, D::Error> {
    entries(d, group_id, "a Kolada municipality group id such as \"G124072\"")
}

fn enheter<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Entry>, D::Error> {
    entries(
        d,
        unit_id,
        "a Kolada organisational-unit id such as \"V15E146800101\"",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked_and_names_kept() {
        let j: Jamforelse = serde_yaml::from_str(
            "kommuner: [\"1488\", 180, {id: \"1485\", namn: Uddevalla}]\ngrupper: [g124072]\nenheter: [{id: v15e146800101, namn: Hemtjänst Norr}]\n",
        )
        .unwrap();
        let ids: Vec<_> = j.kommuner.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["1488", "0180", "1485"]);
        assert_eq!(j.name_of("1485"), Some("Uddevalla"));
        assert_eq!(j.grupper[0].id, "G124072");
        assert!(j.has_unit("V15E146800101"));
        assert!(j.compares_with("G124072") && !j.compares_with("1468"));
        for bad in [
            "kommuner: [\"0000\"]",
            "grupper: [\"124\"]",
            "kommuner: [\"1488\", 1488]",
        ] {
            let e = serde_yaml::from_str::<Jamforelse>(bad).unwrap_err().to_string();
            assert!(e.contains("invalid id") || e.contains("twice"), "{bad}: {e}");
        }
    }
}
