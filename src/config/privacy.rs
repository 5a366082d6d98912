//! The `privacy:` block of berattelse.yaml: small-number protection settings (the rules are
//! in compute/suppress.rs).

use serde::Deserialize;

/// The `privacy:` block of berattelse.yaml.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Privacy {
    /// Counts of persons below this are shown as "färre än N"; 0 turns protection off.
    #[serde(alias = "tröskel", alias = "troskel")]
    pub threshold: u32,
    /// Further indicators that count persons, in addition to `persons: true` in the catalogue.
    #[serde(alias = "personer")]
    pub persons: Vec<String>,
    /// Indicators that are the sum of others, so that a total cannot reveal a protected part.
    #[serde(alias = "summor")]
    pub totals: Vec<TotalSpec>,
}

impl Default for Privacy {
    fn default() -> Self {
        Privacy {
            threshold: DEFAULT_THRESHOLD,
            persons: Vec::new(),
            totals: Vec::new(),
        }
    }
}

pub const DEFAULT_THRESHOLD: u32 = 5;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TotalSpec {
    #[serde(alias = "summa")]
    pub total: String,
    #[serde(alias = "delar")]
    pub parts: Vec<String>,
}
