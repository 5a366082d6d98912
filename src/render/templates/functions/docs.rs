//! The function and filter lists of docs/templates.md, written from the declarations.
//!
//! The lists sit between marker comments in the document; the prose around them is written by
//! hand. A test fails when the committed document is out of date; regenerate it with
//!
//! ```text
//! UPDATE_DOCS=1 cargo test --lib templates_md
//! ```

use std::fmt::Write as _;

use super::{Arg, Filter, Function, Need, Type, filters, functions};

/// The generated blocks of docs/templates.md, by marker name.
pub fn blocks() -> [(&'static str, String); 2] {
    [
        ("functions", functions_markdown(functions())),
        ("filters", filters_markdown(filters())),
    ]
}

/// `doc` with every generated block replaced; `None` when a block's markers are missing.
pub fn update(doc: &str) -> Option<String> {
    let mut out = doc.to_string();
    for (name, body) in blocks() {
        out = splice(&out, name, &body)?;
    }
    Some(out)
}

fn begin_marker(name: &str) -> String {
    format!(
        "<!-- begin generated: {name} (from src/render/templates/functions/; \
         regenerate with UPDATE_DOCS=1 cargo test --lib templates_md) -->"
    )
}

fn end_marker(name: &str) -> String {
    format!("<!-- end generated: {name} -->")
}

/// Replaces what lies between the markers of block `name` (the markers' own lines stay).
fn splice(doc: &str, name: &str, body: &str) -> Option<String> {
    let begin_prefix = format!("<!-- begin generated: {name} ");
    let start = doc.find(&begin_prefix)?;
    let line_end = start + doc[start..].find('\n')? + 1;
    let end = end_marker(name);
    let stop = line_end + doc[line_end..].find(&end)?;
    Some(format!(
        "{}{}\n\n{body}\n{}",
        &doc[..start],
        begin_marker(name),
        &doc[stop..]
    ))
}

/// A table cell: pipes escaped so that they do not end the cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

fn code(s: &str) -> String {
    format!("`{}`", cell(s))
}

/// `varde(id)`, `riktningar([id, …])`, `andel(id, av=…)`, `parentesforklaring()`.
fn signature(f: &Function) -> String {
    let required: Vec<String> = f
        .args
        .iter()
        .filter(|a| matches!(a.need, Need::Required | Need::Needs(_)))
        .map(|a| match (a.shown, a.ty) {
            ("id", Type::Ids) => "[id, …]".to_string(),
            ("id", _) => "id".to_string(),
            (name, _) => format!("{name}=…"),
        })
        .collect();
    format!("{}({})", f.shown, required.join(", "))
}

/// The other names of a function or an argument: "(`value`)".
fn also(shown: &str, names: &[&str]) -> String {
    names
        .iter()
        .filter(|n| **n != shown)
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `ar`, `antal_ar=3`, `ordning="stigande"`: the optional arguments, with their default
/// where it is a value.
fn optional(args: &[Arg]) -> String {
    args.iter()
        .filter_map(|a| match a.need {
            Need::Required | Need::Needs(_) => None,
            Need::Int(n) => Some(code(&format!("{}={n}", a.shown))),
            Need::Bool(b) => Some(code(&format!("{}={b}", a.shown))),
            Need::Text(t) => Some(code(&format!("{}=\"{t}\"", a.shown))),
            Need::Else(_) => Some(code(a.shown)),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn type_name(ty: Type) -> &'static str {
    match ty {
        Type::Id => "indicator id",
        Type::Ids => "indicator ids",
        Type::Int => "number",
        Type::Text => "text",
        Type::Bool => "`true` or `false`",
        Type::Period => "period",
    }
}

fn left_out(need: Need) -> String {
    match need {
        Need::Required | Need::Needs(_) => "required".to_string(),
        Need::Int(n) => format!("`{n}`"),
        Need::Bool(b) => format!("`{b}`"),
        Need::Text(t) => format!("`\"{t}\"`"),
        Need::Else(s) => cell(s),
    }
}

/// Every distinct argument once, those of one name together, in the order they first appear.
/// When a name has variants (`decimaler` left out is 0 in one filter, 2 in another), each
/// row says whose it is.
fn arguments_table<'a>(uses: impl Iterator<Item = (&'a str, &'a Arg)>) -> String {
    let mut rows: Vec<(&Arg, Vec<&str>)> = Vec::new();
    for (owner, a) in uses {
        match rows.iter_mut().find(|(b, _)| *b == a) {
            Some((_, owners)) => owners.push(owner),
            None => {
                let at = rows
                    .iter()
                    .rposition(|(b, _)| b.shown == a.shown)
                    .map_or(rows.len(), |i| i + 1);
                rows.insert(at, (a, vec![owner]));
            }
        }
    }
    let mut out = String::from("| argument | also | takes | left out | meaning |\n|---|---|---|---|---|\n");
    for (a, owners) in &rows {
        let variants = rows.iter().filter(|(b, _)| b.shown == a.shown).count();
        let whose = if variants > 1 {
            let names: Vec<String> = owners.iter().map(|o| format!("`{o}`")).collect();
            format!(" ({})", names.join(", "))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {}{whose} | {} |",
            a.shown,
            also(a.shown, a.names),
            type_name(a.ty),
            left_out(a.need),
            cell(a.doc)
        );
    }
    out
}

pub fn functions_markdown<'a>(fs: impl Iterator<Item = &'a Function> + Clone) -> String {
    let mut out = String::from("| function | arguments | gives | example output |\n|---|---|---|---|\n");
    for f in fs.clone() {
        let names = also(f.shown, f.names);
        let _ = writeln!(
            out,
            "| `{}`{} | {} | {} | {} |",
            signature(f),
            if names.is_empty() {
                String::new()
            } else {
                format!(" ({names})")
            },
            optional(f.args),
            cell(f.gives),
            cell(f.example)
        );
    }
    out.push('\n');
    out.push_str(&arguments_table(
        fs.flat_map(|f| f.args.iter().map(move |a| (f.shown, a))),
    ));
    out
}

pub fn filters_markdown<'a>(fs: impl Iterator<Item = &'a Filter> + Clone) -> String {
    let mut out = String::from("| filter | arguments | example | output |\n|---|---|---|---|\n");
    for f in fs.clone() {
        let (calls, outputs): (Vec<_>, Vec<_>) = f.examples.iter().map(|(c, o)| (code(c), code(o))).unzip();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            f.name,
            optional(f.args),
            calls.join(", "),
            outputs.join(", ")
        );
    }
    out.push('\n');
    out.push_str(&arguments_table(
        fs.flat_map(|f| f.args.iter().map(move |a| (f.name, a))),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/templates.md");

    /// docs/templates.md lists the functions and filters as declared. To regenerate:
    /// `UPDATE_DOCS=1 cargo test --lib templates_md`.
    #[test]
    fn docs_templates_md_is_current() {
        let doc = std::fs::read_to_string(DOC).unwrap();
        let want = update(&doc).expect("docs/templates.md lost a `begin generated`/`end generated` marker");
        if std::env::var_os("UPDATE_DOCS").is_some() {
            if want != doc {
                std::fs::write(DOC, &want).unwrap();
            }
            return;
        }
        assert!(
            want == doc,
            "docs/templates.md is out of date with the declarations in src/render/templates/functions/; \
             regenerate it with UPDATE_DOCS=1 cargo test --lib templates_md"
        );
    }

    #[test]
    fn splice_keeps_the_prose_around_a_block() {
        let doc = format!("intro\n{}\nold\n{}\noutro\n", begin_marker("x"), end_marker("x"));
        assert_eq!(
            splice(&doc, "x", "new\n").unwrap(),
            format!(
                "intro\n{}\n\nnew\n\n{}\noutro\n",
                begin_marker("x"),
                end_marker("x")
            )
        );
        assert_eq!(splice("no markers", "x", "new\n"), None);
    }
}
