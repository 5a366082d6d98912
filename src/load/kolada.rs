//! What `berattelse hamta kolada` reads before it fetches: the configuration (kommunkod and
//! `jamforelse:`), the catalogue and the KPI mapping, and the values of the last fetch.

use crate::config::Config;
use crate::data::kolada::{self, KoladaValue, Mapping, Names};
use crate::data::kolada_api::Kind;
use crate::diag::{Diagnostic, Location};
use crate::model::catalogue::Catalogue;
use crate::project::ProjectDir;

pub struct Setup {
    pub config: Config,
    pub catalogue: Catalogue,
    pub mapping: Mapping,
}

/// The configuration, catalogue and mapping; `None` after an error.
pub fn setup(project: &ProjectDir, diags: &mut Vec<Diagnostic>) -> Option<Setup> {
    let config = super::load_config(project, diags)?;
    let catalogue = super::load_catalogue(project, diags);
    let text = match project.read_text_optional(kolada::MAPPING_FILE) {
        Ok(Some(t)) => t,
        Ok(None) => {
            diags.push(
                Diagnostic::error(
                    "data.kolada-mapping",
                    format!("no {}: which KPIs should be fetched?", kolada::MAPPING_FILE),
                )
                .at(Location::file(kolada::MAPPING_FILE))
                .note("add one line per KPI, e.g. `U21468: brukarundersokning.hemtjanst_helhet`")
                .note("`berattelse hamta kolada --sok TEXT --lagg-till` finds KPIs and adds them"),
            );
            return None;
        }
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let mapping = kolada::read_mapping(kolada::MAPPING_FILE, &text, &catalogue, diags)?;
    Some(Setup {
        config,
        catalogue,
        mapping,
    })
}

/// The values and names of the last fetch (empty before the first); unreadable files are
/// taken as empty: the new fetch replaces them.
pub fn last_fetch(project: &ProjectDir) -> (Vec<KoladaValue>, Names) {
    let mut values = Vec::new();
    let mut names = Names::new();
    for kind in Kind::ALL {
        let rel = format!("{}/{}", kolada::FETCH_DIR, kind.file());
        if let Ok(Some(text)) = project.read_text_optional(&rel) {
            let r = kolada::read_response(&rel, &text, &mut Vec::new());
            values.extend(r.values);
            names.extend(r.names);
        }
    }
    (values, names)
}

/// The catalogue alone (for `--sok --lagg-till`'s suggestions).
pub fn catalogue(project: &ProjectDir, diags: &mut Vec<Diagnostic>) -> Catalogue {
    super::load_catalogue(project, diags)
}
