use std::path::Path;

use berattelse::config::{FILE_NAME, ReportKind};
use berattelse::diag::Diagnostic;
use berattelse::model::outline::Outline;
use berattelse::pipeline::new_year;
use berattelse::project::scaffold::{self, NewFile};
use berattelse::project::{ProjectDir, assets};

use crate::cli::InitArgs;

use super::{EXIT_OK, fail_early};

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
    if let Some(from) = &args.from {
        return match new_year(from, &dir, args.force) {
            Ok(()) => EXIT_OK,
            Err(d) => fail_early(d),
        };
    }
    let result = if args.eject_templates {
        eject()
    } else {
        create(args.kind)
    }
    .and_then(|files| scaffold::write_all(&dir, &files, args.force));
    match result {
        Ok(written) => {
            for p in written {
                println!("created {}", p.display());
            }
            EXIT_OK
        }
        Err(d) => fail_early(d),
    }
}

fn create(kind: ReportKind) -> Result<Vec<NewFile>, Diagnostic> {
    let mut files = vec![
        NewFile::new(FILE_NAME, CONFIG.replace("{kind}", kind.id())),
        NewFile::new("data/nyckeltal.csv", KEY_FIGURES),
        NewFile::new("data/indikatorer.yaml", CATALOGUE),
    ];
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
        files.push(NewFile::new(s.text_file(), text));
    }
    Ok(files)
}

fn eject() -> Result<Vec<NewFile>, Diagnostic> {
    Ok(assets::builtin_files()
        .into_iter()
        .map(|(name, bytes)| NewFile::new(format!("templates/{name}"), bytes))
        .collect())
}

/// `init --from LAST-YEAR DIR`: the next year's project from last year's.
fn new_year(from: &Path, dir: &Path, force: bool) -> Result<(), Diagnostic> {
    let source = ProjectDir::open(from)?;
    if scaffold::is_inside(dir, source.root()) {
        return Err(Diagnostic::error(
            "init.inside-source",
            format!(
                "{} is inside last year's project {}",
                dir.display(),
                from.display()
            ),
        )
        .note("create the new year's project in a folder of its own, beside last year's"));
    }
    let plan = new_year::plan(&source)?;
    scaffold::write_all(dir, &plan.files, force)?;
    let year = plan.previous_year + 1;
    println!(
        "created {} for {year} from {} ({}): {} files",
        dir.display(),
        from.display(),
        plan.previous_year,
        plan.files.len()
    );
    println!("  data/ kept: add the rows for {year}");
    println!(
        "  {} texts carried over as drafts: `berattelse check {year}` lists each until it is edited",
        plan.drafts.len()
    );
    for c in &plan.changes {
        println!("  berattelse.yaml {}: {} → {}", c.key, c.was, c.now);
    }
    println!(
        "  last year's report in out/{}/ ({} files), for the revision list and the stale-text check",
        plan.previous_year,
        plan.previous_outputs.len()
    );
    println!("next: add {year}'s data, edit the texts, then `berattelse build {year}`");
    Ok(())
}
