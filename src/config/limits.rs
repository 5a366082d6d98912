//! The `limits:` block of berattelse.yaml: how large a text may be and how long its template
//! expressions may take, so that no file can make a build take memory or time without bound.

use serde::Deserialize;

/// The `limits:` block of berattelse.yaml.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// The largest text (`texts/*.md`, the tjänsteskrivelse's summary), in bytes; checked
    /// before the file is read.
    #[serde(alias = "textstorlek")]
    pub text_size: u64,
    /// The longest one text's template expressions may take to render, in seconds.
    #[serde(alias = "renderingstid")]
    pub render_seconds: u64,
}

/// 512 KiB: some 250 pages of prose; typst lays out a text of this size in well under 500 MB.
pub const DEFAULT_TEXT_SIZE: u64 = 512 * 1024;
pub const DEFAULT_RENDER_SECONDS: u64 = 10;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            text_size: DEFAULT_TEXT_SIZE,
            render_seconds: DEFAULT_RENDER_SECONDS,
        }
    }
}

impl Limits {
    pub fn render_time(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.render_seconds)
    }
}
