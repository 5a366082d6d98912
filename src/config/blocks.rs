//! `blocks:` in berattelse.yaml: the labels of the section blocks Bakgrund, Mål, Metod,
//! Resultat, Analys and Åtgärder (how they are found and written: render/blocks.rs).

use serde::Deserialize;

use crate::format::fold;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BlockKind {
    Bakgrund,
    Mal,
    Metod,
    Resultat,
    Analys,
    Atgarder,
}

impl BlockKind {
    pub const ALL: [BlockKind; 6] = [
        BlockKind::Bakgrund,
        BlockKind::Mal,
        BlockKind::Metod,
        BlockKind::Resultat,
        BlockKind::Analys,
        BlockKind::Atgarder,
    ];

    /// The default label and other spellings recognised.
    fn defaults(self) -> &'static [&'static str] {
        match self {
            BlockKind::Bakgrund => &["Bakgrund"],
            BlockKind::Mal => &["Mål"],
            BlockKind::Metod => &["Metod", "Metoder"],
            BlockKind::Resultat => &["Resultat"],
            BlockKind::Analys => &["Analys"],
            BlockKind::Atgarder => &["Åtgärder", "Åtgärd"],
        }
    }
}

/// `blocks:` in berattelse.yaml: the label of each block.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BlockLabels {
    pub bakgrund: String,
    #[serde(alias = "mål")]
    pub mal: String,
    pub metod: String,
    pub resultat: String,
    pub analys: String,
    #[serde(alias = "åtgärder")]
    pub atgarder: String,
}

impl Default for BlockLabels {
    fn default() -> Self {
        BlockLabels {
            bakgrund: "Bakgrund".into(),
            mal: "Mål".into(),
            metod: "Metod".into(),
            resultat: "Resultat".into(),
            analys: "Analys".into(),
            atgarder: "Åtgärder".into(),
        }
    }
}

impl BlockLabels {
    pub fn label(&self, kind: BlockKind) -> &str {
        match kind {
            BlockKind::Bakgrund => &self.bakgrund,
            BlockKind::Mal => &self.mal,
            BlockKind::Metod => &self.metod,
            BlockKind::Resultat => &self.resultat,
            BlockKind::Analys => &self.analys,
            BlockKind::Atgarder => &self.atgarder,
        }
    }

    /// The block a heading text or bold lead names, if any.
    pub fn kind_of(&self, text: &str) -> Option<BlockKind> {
        let f = fold(text.trim().trim_end_matches(':').trim());
        BlockKind::ALL
            .into_iter()
            .find(|k| fold(self.label(*k)) == f || k.defaults().iter().any(|d| fold(d) == f))
    }
}
