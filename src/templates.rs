//! tera setup: built-in Markdown templates under the `builtin/` prefix, a project's
//! `templates/*.md` overriding them by name, and the functions texts may call.

use std::sync::Arc;

use tera::{Context, Kwargs, State, Tera, TeraResult};

use crate::assets;
use crate::diag::{Diagnostic, Location, did_you_mean};
use crate::format::{self, NumberStyle};
use crate::model::Model;
use crate::project::ProjectDir;

/// Functions callable from templates and texts. Each takes the indicator id as its first
/// (positional or `id=`) argument.
pub const FUNCTIONS: &[&str] = &["value", "name"];

pub struct Templates {
    tera: Tera,
}

impl Templates {
    pub fn load(project: &ProjectDir, model: Arc<Model>, year: i32) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        let mut diags = Vec::new();
        tera.set_fallback_prefixes(["builtin/"])
            .map_err(|e| vec![internal(&e)])?;
        tera.autoescape_on([".md"]);
        tera.set_escape_fn(escape_md);
        register_functions(&mut tera, model, year);
        // Added in one batch: includes and extends are resolved across the whole set.
        let mut batch: Vec<(String, String)> = Vec::new();
        for (name, bytes) in assets::builtin_files() {
            if name.ends_with(".md") {
                batch.push((
                    format!("builtin/{name}"),
                    String::from_utf8_lossy(bytes).into_owned(),
                ));
            }
        }
        for rel in project.list("templates") {
            if !rel.ends_with(".md") {
                continue;
            }
            match project.read_text_optional(&rel) {
                Ok(Some(text)) => batch.push((rel.trim_start_matches("templates/").to_string(), text)),
                Ok(None) => {}
                Err(d) => diags.push(d),
            }
        }
        if let Err(e) = tera.add_raw_templates(batch.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
            diags.push(template_error(&display_name(&e), &e));
        }
        if diags.is_empty() {
            Ok(Templates { tera })
        } else {
            Err(diags)
        }
    }

    /// Render a narrative text (a Markdown file that may contain template expressions).
    pub fn render_text(&mut self, file: &str, text: &str, context: &Context) -> Result<String, Diagnostic> {
        let source = positional_to_keyword(text, FUNCTIONS);
        self.tera
            .add_raw_template(file, &source)
            .map_err(|e| template_error(file, &e))?;
        self.tera
            .render(file, context)
            .map_err(|e| template_error(file, &e))
    }

    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| template_error(&template_file(name), &e))
    }
}

/// Built-in templates are shown as `<built-in>/name`, project ones as `templates/name`.
fn display_name(e: &tera::Error) -> String {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => template_file(r.filename()),
        _ => "templates".to_string(),
    }
}

pub fn template_file(name: &str) -> String {
    match name.strip_prefix("builtin/") {
        Some(n) => format!("<built-in>/{n}"),
        None if name.starts_with("texts/") => name.to_string(),
        None => format!("templates/{name}"),
    }
}

fn internal(e: &tera::Error) -> Diagnostic {
    Diagnostic::error("internal.template", e.to_string())
}

/// tera's own reports already carry file:line:col and a caret snippet; keep them whole and
/// lift the position into the location so that `--format json` has it too.
pub fn template_error(file: &str, e: &tera::Error) -> Diagnostic {
    use std::error::Error as _;
    let (location, message) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let name = if r.filename().is_empty() {
                file.to_string()
            } else {
                template_file(r.filename())
            };
            let span = r.span();
            (
                Location::at(name, span.start_line, span.start_col + 1),
                r.message().to_string(),
            )
        }
        _ => (Location::file(file.to_string()), e.to_string()),
    };
    let mut d = Diagnostic::error("template.error", format!("in {}: {message}", location.file)).at(location);
    let mut source = e.source();
    while let Some(s) = source {
        d = d.note(s.to_string());
        source = s.source();
    }
    d
}

fn escape_md(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(crate::markdown::escape::escape_markdown(input).as_bytes())
}

/// Lets texts write `value("lex_sarah.rapporter")`: tera functions take keyword arguments
/// only, so a leading string argument of our functions becomes `id=`. Only template tags
/// are touched; line numbers stay the same.
pub fn positional_to_keyword(text: &str, functions: &[&str]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(start) = rest.find(['{']).filter(|_| true) {
        let (before, tail) = rest.split_at(start);
        out.push_str(before);
        let close = if tail.starts_with("{{") {
            "}}"
        } else if tail.starts_with("{%") {
            "%}"
        } else {
            out.push('{');
            rest = &tail[1..];
            continue;
        };
        let end = tail.find(close).map_or(tail.len(), |e| e + close.len());
        out.push_str(&rewrite_calls(&tail[..end], functions));
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

fn rewrite_calls(tag: &str, functions: &[&str]) -> String {
    let mut out = String::with_capacity(tag.len() + 8);
    let bytes = tag.as_bytes();
    let mut i = 0;
    while i < tag.len() {
        let boundary =
            i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_' || bytes[i - 1] == b'.');
        let hit = boundary
            .then(|| functions.iter().find(|f| tag[i..].starts_with(&format!("{f}("))))
            .flatten();
        if let Some(f) = hit {
            let after = i + f.len() + 1;
            let ws = tag[after..].len() - tag[after..].trim_start().len();
            out.push_str(&tag[i..after + ws]);
            if tag[after + ws..].starts_with(['"', '\'']) {
                out.push_str("id=");
            }
            i = after + ws;
        } else {
            let ch = tag[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&tag[i..i + ch]);
            i += ch;
        }
    }
    out
}

fn register_functions(tera: &mut Tera, model: Arc<Model>, year: i32) {
    let m = model.clone();
    tera.register_function("value", move |kw: Kwargs, _: &State| -> TeraResult<String> {
        let id: String = kw.must_get("id")?;
        let y: i64 = kw.get("year")?.unwrap_or(i64::from(year));
        let ind = lookup(&m, &id)?;
        let y = i32::try_from(y).map_err(|_| tera::Error::message(format!("year {y} is out of range")))?;
        match m.observation(&id, y) {
            Some(o) => match o.value {
                Some(v) => {
                    let s = format::with_unit(v, ind.unit, ind.decimals, &NumberStyle::default());
                    Ok(match o.qualifier {
                        Some(crate::data::keyfigures::Qualifier::Ca) => format!("ca {s}"),
                        _ => s,
                    })
                }
                None => Ok("uppgift saknas".to_string()),
            },
            None => Err(tera::Error::message(format!(
                "no value for \"{id}\" in {y}: the data has no row for that year"
            ))),
        }
    });
    tera.register_function("name", move |kw: Kwargs, _: &State| -> TeraResult<String> {
        let id: String = kw.must_get("id")?;
        Ok(lookup(&model, &id)?.name.clone())
    });
}

fn lookup<'m>(model: &'m Model, id: &str) -> TeraResult<&'m crate::data::catalogue::Indicator> {
    model.indicator(id).ok_or_else(|| {
        let hint = did_you_mean(id, model.catalogue.keys().map(String::as_str))
            .map(|s| format!("; did you mean \"{s}\"?"))
            .unwrap_or_default();
        tera::Error::message(format!("unknown indicator \"{id}\"{hint}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positional_first_argument_becomes_id() {
        let f = &["value", "name"];
        assert_eq!(
            positional_to_keyword("Det blev {{ value(\"a.b\", year=2023) }} st.", f),
            "Det blev {{ value(id=\"a.b\", year=2023) }} st."
        );
        assert_eq!(
            positional_to_keyword("{{ value( 'x') }}", f),
            "{{ value( id='x') }}"
        );
        // Already keyword, other functions, text outside tags and a lone brace stay as they are.
        assert_eq!(
            positional_to_keyword("{{ value(id=\"x\") }}", f),
            "{{ value(id=\"x\") }}"
        );
        assert_eq!(
            positional_to_keyword("{{ myvalue(\"x\") }}", f),
            "{{ myvalue(\"x\") }}"
        );
        assert_eq!(positional_to_keyword("value(\"x\") {a}", f), "value(\"x\") {a}");
    }
}
