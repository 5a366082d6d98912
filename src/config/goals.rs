//! The `goals:` block of berattelse.yaml (`mål:`): statuses of the project's own, each counted
//! as one of the fixed statuses, and whether a follow-up may be only a status.
//!
//! ```yaml
//! goals:
//!   statuses:
//!     Fortlöpande: löpande
//!     Tas med i internkontrollplan 2025: pågående
//!   status_only: true
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalSettings {
    /// A status as printed → the fixed status it counts as (pågående, klart, löpande, delvis,
    /// ej påbörjad).
    #[serde(default, alias = "statusar")]
    pub statuses: BTreeMap<String, String>,
    /// A goal followed up with a status alone, without an `uppföljning:` text, is complete.
    #[serde(default, alias = "endast_status", alias = "bara_status")]
    pub status_only: bool,
}
