//! The folders are the pipeline and imports only point down (docs/architecture.md). This
//! test reads every file under `src/` and fails on an import that points up or sideways.

use std::path::{Path, PathBuf};

/// The stage a top-level module of the library belongs to, and what it may import.
struct Stage {
    name: &'static str,
    modules: &'static [&'static str],
    may_import: &'static [&'static str],
}

const GROUND: &[&str] = &["diag", "number", "format"];

const STAGES: &[Stage] = &[
    Stage {
        name: "pipeline",
        modules: &["pipeline"],
        may_import: &[
            "check", "render", "load", "data", "compute", "config", "formats", "model", "project", "ground",
        ],
    },
    Stage {
        name: "check",
        modules: &["check"],
        may_import: &[
            "render", "load", "data", "compute", "config", "formats", "model", "project", "ground",
        ],
    },
    Stage {
        name: "render",
        modules: &["render"],
        may_import: &[
            "load", "data", "compute", "config", "formats", "model", "project", "ground",
        ],
    },
    Stage {
        name: "load",
        modules: &["load"],
        may_import: &[
            "data", "compute", "config", "formats", "model", "project", "ground",
        ],
    },
    Stage {
        name: "data",
        modules: &["data"],
        may_import: &["config", "formats", "model", "project", "ground"],
    },
    Stage {
        name: "compute",
        modules: &["compute"],
        may_import: &["config", "model", "ground"],
    },
    Stage {
        name: "config",
        modules: &["config"],
        may_import: &["formats", "model", "project", "ground"],
    },
    Stage {
        name: "formats",
        modules: &["formats"],
        may_import: &["project", "ground"],
    },
    Stage {
        name: "model",
        modules: &["model"],
        may_import: &["ground"],
    },
    Stage {
        name: "project",
        modules: &["project"],
        may_import: &["ground"],
    },
    Stage {
        name: "ground",
        modules: GROUND,
        may_import: &["ground"],
    },
];

fn stage_of_module(module: &str) -> Option<&'static Stage> {
    STAGES.iter().find(|s| s.modules.contains(&module))
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `text` with the `#[cfg(test)]` items and comments blanked out (line numbers kept): tests
/// may build their fixtures with any stage.
fn shipped(text: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    let mut depth: i64 = 0;
    let mut opened = false;
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        if !skipping && line.trim_start().starts_with("#[cfg(test)]") {
            skipping = true;
            depth = 0;
            opened = false;
            out.push('\n');
            continue;
        }
        if skipping {
            for c in code.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            // An item without a body (`mod tests;`, `use …;`) ends at its semicolon.
            if (opened && depth <= 0) || (!opened && code.trim_end().ends_with(';')) {
                skipping = false;
            }
            out.push('\n');
            continue;
        }
        out.push_str(code);
        out.push('\n');
    }
    out
}

fn ident(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// The top-level names of a use group that starts right after its `{`, over any number of
/// lines and nested groups: `{data, model::{Model, x}}` gives `data` and `model`.
fn group_names(group: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut depth = 0;
    let mut at_item_start = true;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => at_item_start = true,
            c if c.is_whitespace() => {}
            _ if at_item_start && depth == 0 => {
                at_item_start = false;
                let name = ident(&group[i..]);
                if !name.is_empty() {
                    names.push(name);
                }
            }
            _ => {}
        }
    }
    names
}

/// Every `crate::<module>` (or `berattelse::<module>`) path in `code`, with its line number.
fn imported_modules(code: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for prefix in ["crate::", "berattelse::"] {
        let mut from = 0;
        while let Some(pos) = code[from..].find(prefix) {
            let at = from + pos;
            from = at + prefix.len();
            let before = code[..at].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let line = code[..at].matches('\n').count() + 1;
            let rest = &code[from..];
            let names = match rest.strip_prefix('{') {
                Some(group) => group_names(group),
                None => vec![ident(rest)],
            };
            found.extend(names.into_iter().filter(|n| !n.is_empty()).map(|n| (line, n)));
        }
    }
    found.sort();
    found
}

#[test]
fn imports_only_point_down() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    all.sort();
    let mut problems = Vec::new();
    for path in &all {
        let rel = path.strip_prefix(&src).unwrap();
        let top = rel.components().next().unwrap().as_os_str().to_string_lossy();
        let module = top.trim_end_matches(".rs");
        // The binary (main.rs, cli.rs, cmd/) is the edge: it may use the whole library.
        if matches!(module, "main" | "cli" | "cmd" | "lib") {
            continue;
        }
        let stage = stage_of_module(module).unwrap_or_else(|| {
            panic!(
                "src/{} belongs to no stage: add it to STAGES and docs/architecture.md",
                rel.display()
            )
        });
        let text = std::fs::read_to_string(path).unwrap();
        let code = shipped(&text);
        let lines: Vec<&str> = code.lines().collect();
        for (line_no, target) in imported_modules(&code) {
            let line = lines.get(line_no - 1).copied().unwrap_or("");
            {
                let Some(to) = stage_of_module(&target) else {
                    continue;
                };
                if to.name != stage.name && !stage.may_import.contains(&to.name) {
                    problems.push(format!(
                        "src/{}:{line_no}: {} imports {} (`{target}`), which it may not: {}",
                        rel.display(),
                        stage.name,
                        to.name,
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "imports that point up or sideways:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_checker_sees_grouped_nested_and_plain_imports() {
    let names = |code: &str| -> Vec<String> { imported_modules(code).into_iter().map(|(_, n)| n).collect() };
    assert_eq!(names("use crate::{data, model::Model};"), ["data", "model"]);
    assert_eq!(
        names("use crate::{\n    data::x,\n    render::{a, b},\n    model,\n};"),
        ["data", "model", "render"]
    );
    assert_eq!(names("let x = crate::render::typst::world::x();"), ["render"]);
    assert_eq!(names("use berattelse::pipeline;"), ["pipeline"]);
    assert!(names("notcrate::data").is_empty());
    assert_eq!(imported_modules("\n\nuse crate::load;")[0].0, 3);
    let text = "use crate::data;\n#[cfg(test)]\nmod tests {\n    use crate::render;\n}\nuse crate::model; // crate::check\n";
    assert_eq!(names(&shipped(text)), ["data", "model"]);
}
