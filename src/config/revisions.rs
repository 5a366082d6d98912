//! The `revisions:` block of berattelse.yaml: where the previous edition's data is.

use serde::Deserialize;

/// The `revisions:` block of berattelse.yaml.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevisionSettings {
    /// Project-relative path of the previous edition's `.underlag.json`.
    #[serde(default, alias = "föregående", alias = "foregaende")]
    pub previous: Option<String>,
}
