use std::path::{Path, PathBuf};

use berattelse::config::{FILE_NAME, ReportKind};
use berattelse::diag::Diagnostic;
use berattelse::model::outline::Outline;
use berattelse::project::assets;

use crate::cli::InitArgs;

use super::{EXIT_INVALID, EXIT_OK, fail_early};

const CONFIG: &str = "# berattelse project: see `berattelse --help` and docs/ in the berattelse repository.
organisation:
  kommun: Exempelkommun
  namnd: Socialnämnden
  forvaltning: Socialförvaltningen
report:
  kind: {kind}
document:
  date: 2025-02-15          # document date; also the PDF's date
  diarienummer: SN 2025/0001
  version: \"1.0\"
  adopted_by: Socialnämnden
  owner: Namn Efternamn, medicinskt ansvarig sjuksköterska
";

const KEY_FIGURES: &str = "indikator;period;enhet;kön;värde;kvalifikator;not\n";

const CATALOGUE: &str =
    "# Project indicators: add to or override the built-in catalogue by id.\nindicators: []\n";

pub fn run(args: &InitArgs) -> u8 {
    let dir = args.dir.clone().unwrap_or_else(|| args.project.project.clone());
    let result = if args.eject_templates {
        eject(&dir, args.force)
    } else {
        create(&dir, args.kind, args.force)
    };
    match result {
        Ok(written) => {
            for p in written {
                println!("created {}", p.display());
            }
            EXIT_OK
        }
        Err(d) => {
            fail_early(d);
            EXIT_INVALID
        }
    }
}

fn write_new(
    path: &Path,
    contents: &[u8],
    force: bool,
    written: &mut Vec<PathBuf>,
) -> Result<(), Diagnostic> {
    if path.exists() && !force {
        return Err(
            Diagnostic::error("init.exists", format!("{} already exists", path.display()))
                .note("pass --force to overwrite it"),
        );
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            Diagnostic::error("init.write", format!("cannot create {}: {e}", parent.display()))
        })?;
    }
    std::fs::write(path, contents)
        .map_err(|e| Diagnostic::error("init.write", format!("cannot write {}: {e}", path.display())))?;
    written.push(path.to_path_buf());
    Ok(())
}

fn create(dir: &Path, kind: ReportKind, force: bool) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut written = Vec::new();
    let config = CONFIG.replace("{kind}", kind.id());
    write_new(&dir.join(FILE_NAME), config.as_bytes(), force, &mut written)?;
    write_new(
        &dir.join("data/nyckeltal.csv"),
        KEY_FIGURES.as_bytes(),
        force,
        &mut written,
    )?;
    write_new(
        &dir.join("data/indikatorer.yaml"),
        CATALOGUE.as_bytes(),
        force,
        &mut written,
    )?;
    let name = format!("outlines/{}.yaml", kind.id());
    let outline: Outline = assets::builtin(&name)
        .ok_or_else(|| Diagnostic::error("internal.outline", "no built-in outline"))
        .and_then(|t| berattelse::formats::yaml::parse(&name, t))?;
    // Sections the tool writes itself (the Förkortningar list) need no text.
    for s in berattelse::load::all_sections(&outline.sections).filter(|s| s.generated.is_none()) {
        let text = format!(
            "{{# {}: skriv avsnittets text här i Markdown. Hämta värden ur data i stället för att skriva av dem, \
             till exempel value(\"lex_sarah.rapporter\") inom dubbla klammerparenteser. #}}\n",
            s.title
        );
        write_new(&dir.join(s.text_file()), text.as_bytes(), force, &mut written)?;
    }
    Ok(written)
}

fn eject(dir: &Path, force: bool) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut written = Vec::new();
    for (name, bytes) in assets::builtin_files() {
        write_new(&dir.join("templates").join(&name), bytes, force, &mut written)?;
    }
    Ok(written)
}
