//! Locating a node of a YAML file by its path, for diagnostics on values that were read as a
//! `serde_yaml::Value` (which keeps no positions). The file is parsed again with a visitor that
//! walks down the path and fails on purpose at the node; serde_yaml attaches the node's line
//! and column to that error. Only called when there is something to report, so the extra
//! parse costs nothing on correct files.

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::diag::Location;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    /// The value under this key of a mapping (the key as written in the file).
    Key(&'a str),
    /// The n-th (0-based) item of a sequence.
    Index(usize),
}

/// Marker message of the deliberate error; never shown to users.
const MARK: &str = "\u{1}berattelse-locate\u{1}";

/// Line and column (1-based) of the node at `path`; with `at_key`, of the last step's key
/// instead of its value. `None` when the path does not exist or the text does not parse.
pub fn locate(text: &str, path: &[Step<'_>], at_key: bool) -> Option<(usize, usize)> {
    let de = serde_yaml::Deserializer::from_str(text);
    match (Seek { path, at_key }).deserialize(de) {
        Err(e) if e.to_string().contains(MARK) => e.location().map(|l| (l.line(), l.column())),
        _ => None,
    }
}

/// A located position in one file, falling back to the file itself.
pub struct Locator<'a> {
    pub file: &'a str,
    pub text: &'a str,
}

impl Locator<'_> {
    pub fn value(&self, path: &[Step<'_>]) -> Location {
        self.loc(path, false)
    }

    pub fn key(&self, path: &[Step<'_>]) -> Location {
        self.loc(path, true)
    }

    fn loc(&self, path: &[Step<'_>], at_key: bool) -> Location {
        match locate(self.text, path, at_key) {
            Some((l, c)) => Location::at(self.file, l, c),
            None => Location::file(self.file),
        }
    }
}

struct Seek<'p, 'a> {
    path: &'p [Step<'a>],
    at_key: bool,
}

impl<'de> DeserializeSeed<'de> for Seek<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl Seek<'_, '_> {
    fn scalar<E: de::Error>(&self) -> Result<(), E> {
        if self.path.is_empty() {
            Err(E::custom(MARK))
        } else {
            Ok(())
        }
    }
}

impl<'de> Visitor<'de> for Seek<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.scalar()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.scalar()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.scalar()
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.scalar()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        // Tagged values (`!tag x`): locate the tagged node itself.
        if self.path.is_empty() {
            return Err(de::Error::custom(MARK));
        }
        let (_, variant) = data.variant::<IgnoredAny>()?;
        de::VariantAccess::newtype_variant::<IgnoredAny>(variant)?;
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.path.split_first() else {
            return Err(de::Error::custom(MARK));
        };
        if let Step::Index(i) = *first {
            let mut n = 0;
            while n < i {
                if seq.next_element::<IgnoredAny>()?.is_none() {
                    return Ok(());
                }
                n += 1;
            }
            seq.next_element_seed(Seek {
                path: rest,
                at_key: self.at_key,
            })?;
        }
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.path.split_first() else {
            return Err(de::Error::custom(MARK));
        };
        let Step::Key(target) = *first else {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(());
        };
        let fail_on_key = rest.is_empty() && self.at_key;
        while let Some(found) = map.next_key_seed(KeySeed {
            target,
            fail: fail_on_key,
        })? {
            if found {
                map.next_value_seed(Seek {
                    path: rest,
                    at_key: self.at_key,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// Reads a mapping key and tells whether it is the target; fails on it when asked to.
struct KeySeed<'a> {
    target: &'a str,
    fail: bool,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl KeySeed<'_> {
    fn check<E: de::Error>(&self, key: &str) -> Result<bool, E> {
        match (key == self.target, self.fail) {
            (true, true) => Err(E::custom(MARK)),
            (found, _) => Ok(found),
        }
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a mapping key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        self.check(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        self.check(&v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        self.check(&v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<bool, E> {
        self.check(&v.to_string())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        self.check(&v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        self.check("~")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(false)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(false)
    }
}

/// The text of a mapping key as `Step::Key` expects it.
pub fn key_text(key: &serde_yaml::Value) -> Option<String> {
    match key {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
mål:
  - år: 2024
    område: Säker
  - år: 2025
    status: Pågående
    text: |
      Rad ett.

      Rad två.
  - {år: 2025, område: Jämlik}
";

    #[test]
    fn values_and_keys_are_located() {
        use Step::*;
        assert_eq!(locate(TEXT, &[Key("mål")], true), Some((1, 1)));
        assert_eq!(locate(TEXT, &[Key("mål"), Index(0)], false), Some((2, 5)));
        assert_eq!(
            locate(TEXT, &[Key("mål"), Index(0), Key("område")], false),
            Some((3, 13))
        );
        assert_eq!(
            locate(TEXT, &[Key("mål"), Index(1), Key("status")], true),
            Some((5, 5))
        );
        assert_eq!(
            locate(TEXT, &[Key("mål"), Index(1), Key("status")], false),
            Some((5, 13))
        );
        assert_eq!(
            locate(TEXT, &[Key("mål"), Index(2), Key("område")], false),
            Some((10, 24))
        );
    }

    #[test]
    fn missing_paths_and_bad_text_give_none() {
        use Step::*;
        assert_eq!(locate(TEXT, &[Key("mål"), Index(9)], false), None);
        assert_eq!(locate(TEXT, &[Key("x")], false), None);
        assert_eq!(locate(TEXT, &[Key("mål"), Key("x")], false), None);
        assert_eq!(locate("x: ]\na: 1\n", &[Key("a")], false), None);
    }

    #[test]
    fn numeric_keys_match_their_text() {
        assert_eq!(
            locate("2024:\n  - a\n", &[Step::Key("2024"), Step::Index(0)], false),
            Some((2, 5))
        );
    }
}
