//! The graphic profile as typst gets it (`meta.profile` in data.json).

use serde::Serialize;

use crate::config::profile::{Colours, Profile};

/// What typst gets in `meta.profile`: only what the project set (`null` otherwise).
#[derive(Debug, Clone, Serialize)]
pub struct ProfileData {
    pub colours: Colours,
    pub body_font: Option<String>,
    pub heading_font: Option<String>,
    pub logo: Option<LogoData>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LogoData {
    /// Absolute virtual path for typst (`/bilder/logotyp.svg`), resolved in the project.
    pub path: String,
    pub alt: String,
}

pub fn data(profile: Option<&Profile>, kommun: &str) -> ProfileData {
    let p = profile.cloned().unwrap_or_default();
    ProfileData {
        colours: p.colours,
        body_font: p.body_font,
        heading_font: p.heading_font,
        logo: p.logo.map(|l| LogoData {
            path: format!("/{}", l.file.trim_start_matches("./")),
            alt: l
                .alt
                .filter(|a| !a.trim().is_empty())
                .unwrap_or_else(|| format!("{kommun} logotyp")),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logo_alt_defaults_to_kommun() {
        let p: Profile = crate::formats::yaml::parse("b.yaml", "logo: {file: bilder/logo.svg}\n").unwrap();
        let d = data(Some(&p), "Sjöviks kommun");
        let logo = d.logo.unwrap();
        assert_eq!(logo.alt, "Sjöviks kommun logotyp");
        assert_eq!(logo.path, "/bilder/logo.svg");
        assert!(data(None, "A").logo.is_none());
    }
}
