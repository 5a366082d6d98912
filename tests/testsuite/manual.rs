//! Shell completions and manual pages, generated from the clap definition.

use super::support::{assert_ok, bin};

fn stdout_of(args: &[&str]) -> String {
    let out = bin().args(args).output().unwrap();
    assert_ok(&out);
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn completions_for_each_shell_know_the_subcommands_and_options() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = stdout_of(&["completions", shell]);
        for word in ["build", "check", "init", "eject-templates", "strict", "from"] {
            assert!(script.contains(word), "{shell}: no {word}");
        }
    }
    // The bash script is valid bash.
    let script = stdout_of(&["completions", "bash"]);
    if let Ok(out) = std::process::Command::new("bash")
        .args(["-n", "-c", &script])
        .output()
    {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let out = bin().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn man_pages_for_the_tool_and_each_subcommand() {
    let page = stdout_of(&["man"]);
    assert!(page.contains(".TH berattelse 1"), "{page}");
    for sub in ["build", "check", "watch", "init", "completions", "man"] {
        assert!(
            page.contains(&format!("berattelse\\-{sub}(1)")),
            "{sub} not listed"
        );
        let sub_page = stdout_of(&["man", sub]);
        assert!(
            sub_page.contains(&format!(".TH berattelse-{sub} 1")),
            "{sub}: {sub_page}"
        );
    }
    assert!(stdout_of(&["man", "init"]).contains("\\-\\-from"));
}
