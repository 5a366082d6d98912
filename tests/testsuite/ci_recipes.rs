//! The CI recipes in docs/ci.md and the release workflow: each YAML block parses, and the
//! `berattelse` commands of each recipe run, in the recipe's order and working directory, on a
//! copy of the example project; the files its artifact step keeps exist afterwards.

use super::support::{Project, examples, repo, stderr_of};
use serde_yaml::Value;

/// The fenced ```yaml blocks of a Markdown file, in order.
fn yaml_blocks(md: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in md.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```yaml") => current = Some(String::new()),
            (Some(block), "```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

/// Every shell line of a recipe (GitHub `run:` steps, GitLab `script:` entries), in order.
fn shell_lines(recipe: &Value) -> Vec<String> {
    let mut lines = Vec::new();
    let mut push = |text: &str| lines.extend(text.lines().map(str::to_owned));
    if let Some(jobs) = recipe.get("jobs").and_then(Value::as_mapping) {
        for job in jobs.values() {
            for step in job["steps"].as_sequence().into_iter().flatten() {
                if let Some(run) = step.get("run").and_then(Value::as_str) {
                    push(run);
                }
            }
        }
    }
    if let Some(map) = recipe.as_mapping() {
        for job in map.values() {
            for entry in job
                .get("script")
                .and_then(Value::as_sequence)
                .into_iter()
                .flatten()
            {
                push(entry.as_str().expect("a script entry is a string"));
            }
        }
    }
    lines
}

/// The artifact paths a recipe keeps (GitHub `upload-artifact` `path`, GitLab `artifacts.paths`).
fn artifact_globs(recipe: &Value) -> Vec<String> {
    let mut globs = Vec::new();
    if let Some(jobs) = recipe.get("jobs").and_then(Value::as_mapping) {
        for job in jobs.values() {
            for step in job["steps"].as_sequence().into_iter().flatten() {
                let uses = step.get("uses").and_then(Value::as_str).unwrap_or("");
                if uses.starts_with("actions/upload-artifact") {
                    globs.push(step["with"]["path"].as_str().unwrap().to_owned());
                }
            }
        }
    }
    if let Some(map) = recipe.as_mapping() {
        for job in map.values() {
            let paths = job.get("artifacts").and_then(|a| a.get("paths"));
            for p in paths.and_then(Value::as_sequence).into_iter().flatten() {
                globs.push(p.as_str().unwrap().to_owned());
            }
        }
    }
    globs
}

/// `out/${{ env.REPORT_YEAR }}/*.pdf` or `out/$REPORT_YEAR/*.pdf` with the year put in.
fn with_year(text: &str, year: &str) -> String {
    text.replace("${{ env.REPORT_YEAR }}", year)
        .replace("\"$REPORT_YEAR\"", year)
        .replace("$REPORT_YEAR", year)
}

#[test]
fn the_ci_recipes_parse_and_their_commands_build_the_example() {
    let md = std::fs::read_to_string(repo().join("docs/ci.md")).unwrap();
    let blocks = yaml_blocks(&md);
    assert_eq!(blocks.len(), 2, "docs/ci.md has a GitHub and a GitLab recipe");
    for block in &blocks {
        let recipe: Value = serde_yaml::from_str(block).expect("the recipe is valid YAML");
        let commands: Vec<String> = shell_lines(&recipe)
            .into_iter()
            .filter(|l| l.trim_start().starts_with("berattelse "))
            .collect();
        assert!(
            commands
                .iter()
                .any(|c| c.contains("check") && c.contains("--strict")),
            "the recipe runs check --strict: {commands:?}"
        );
        assert!(commands.iter().any(|c| c.contains(" build ")), "{commands:?}");
        // The example is a 2024 report: run each command as the job would, in the project's folder.
        let project = Project::copy_of(&examples().join("exempelkommun"));
        for command in &commands {
            let command = with_year(command, "2024");
            let args: Vec<&str> = command.split_whitespace().skip(1).collect();
            let out = project.cmd().args(&args).output().unwrap();
            assert!(out.status.success(), "`{command}` failed:\n{}", stderr_of(&out));
        }
        for glob in artifact_globs(&recipe) {
            let glob = with_year(&glob, "2024");
            let (folder, pattern) = glob.rsplit_once('/').unwrap();
            let suffix = pattern.strip_prefix('*').expect("a *.ext pattern");
            let found = std::fs::read_dir(project.path(folder))
                .unwrap()
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().ends_with(suffix))
                .count();
            assert!(found > 0, "the artifact {glob} exists after the recipe");
        }
    }
}

#[test]
fn the_release_workflow_parses_and_runs_the_release_script() {
    let text = std::fs::read_to_string(repo().join(".github/workflows/release.yml")).unwrap();
    let workflow: Value = serde_yaml::from_str(&text).unwrap();
    let runs = shell_lines(&workflow);
    assert!(runs.iter().any(|l| l.trim() == ".ci/release"), "{runs:?}");
    assert!(repo().join(".ci/release").is_file());
    // The targets the script builds are the ones the workflow installs.
    let script = std::fs::read_to_string(repo().join(".ci/release")).unwrap();
    for target in ["x86_64-unknown-linux-musl", "x86_64-pc-windows-gnu"] {
        assert!(script.contains(&format!("--target {target}")), "{target}");
        assert!(
            runs.iter()
                .any(|l| l.contains("rustup target add") && l.contains(target))
        );
    }
}
