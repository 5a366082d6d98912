//! tera setup: built-in Markdown templates under the `builtin/` prefix, a project's
//! `templates/*.md` overriding them by name, and the functions texts may call.

pub mod functions;

use std::sync::Arc;

use tera::{Context, Tera};

use crate::compute::Engine;
use crate::diag::{Diagnostic, Location};
use crate::project::ProjectDir;
use crate::project::assets;
use functions::NoteSink;

pub struct Templates {
    /// Shared with the worker that renders a text; copied on write should a worker that ran
    /// out of time still hold it.
    tera: Arc<Tera>,
    notes: Arc<std::sync::Mutex<NoteSink>>,
    /// A text that ran out of render time: its worker is left running (a tera loop cannot be
    /// interrupted) and may still touch the shared notes, so nothing more is rendered.
    overran: Option<String>,
}

/// The most Markdown one text may render to: 16 MiB. A loop that writes more is stopped
/// there, instead of filling memory.
pub const MAX_RENDERED: usize = 16 * 1024 * 1024;

/// Why a render was stopped by [`Bounded`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Overrun {
    Size,
    Time,
}

/// The output of one text's render: refuses to grow beyond [`MAX_RENDERED`] or to be
/// written after the deadline, which stops a looping text at its next write.
struct Bounded {
    buf: Vec<u8>,
    deadline: std::time::Instant,
    overrun: Option<Overrun>,
}

impl std::io::Write for Bounded {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        if self.buf.len() + b.len() > MAX_RENDERED {
            self.overrun = Some(Overrun::Size);
        } else if std::time::Instant::now() > self.deadline {
            self.overrun = Some(Overrun::Time);
        } else {
            self.buf.extend_from_slice(b);
            return Ok(b.len());
        }
        Err(std::io::Error::other("render limit reached"))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Templates {
    pub fn load(project: &ProjectDir, engine: Arc<Engine>) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        let mut diags = Vec::new();
        tera.set_fallback_prefixes(["builtin/"])
            .map_err(|e| vec![internal(&e)])?;
        tera.autoescape_on([".md"]);
        tera.set_escape_fn(escape_md);
        let notes = Arc::new(std::sync::Mutex::new(NoteSink::default()));
        functions::register(&mut tera, engine, notes.clone());
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
            Ok(Templates {
                tera: Arc::new(tera),
                notes,
                overran: None,
            })
        } else {
            Err(diags)
        }
    }

    /// Render a narrative text (a Markdown file that may contain template expressions). The
    /// footnotes that generated sentences carry are appended as Markdown footnotes.
    /// Rendering runs on a worker thread with a deadline (`limits.render_seconds`) and a
    /// bounded output ([`MAX_RENDERED`]): a text that loops is an error naming the limit.
    pub fn render_text(
        &mut self,
        file: &str,
        text: &str,
        context: &Context,
        limits: &crate::config::limits::Limits,
    ) -> Result<String, Diagnostic> {
        if let Some(first) = &self.overran {
            return Err(Diagnostic::error(
                "template.not-rendered",
                format!("{file} was not rendered: {first} ran out of render time before it"),
            )
            .at(Location::file(file)));
        }
        let source = positional_to_keyword(text, &functions::WITH_ID);
        Arc::make_mut(&mut self.tera)
            .add_raw_template(file, &source)
            .map_err(|e| unknown_function_hint(template_error(file, &e), &source))?;
        functions::start_text(&self.notes, file);
        let rendered = self.render_bounded(file, context, limits);
        let notes = functions::finish_text(&self.notes);
        let mut md = rendered?;
        if !notes.is_empty() {
            while md.ends_with('\n') {
                md.pop();
            }
            md.push_str("\n\n");
            md.push_str(&notes);
        }
        Ok(md)
    }

    fn render_bounded(
        &mut self,
        file: &str,
        context: &Context,
        limits: &crate::config::limits::Limits,
    ) -> Result<String, Diagnostic> {
        let too_slow = || {
            Diagnostic::error(
                "template.too-slow",
                format!(
                    "{file} did not finish rendering within the render time limit of {} s",
                    limits.render_seconds
                ),
            )
            .at(Location::file(file))
            .note("look for loops in the text that run very often; or raise limits.render_seconds in berattelse.yaml")
        };
        let deadline = std::time::Instant::now() + limits.render_time();
        let (tera, name, ctx) = (Arc::clone(&self.tera), file.to_string(), context.clone());
        let (tx, rx) = std::sync::mpsc::channel();
        let worker = std::thread::Builder::new()
            .name("render-text".into())
            .spawn(move || {
                let mut out = Bounded {
                    buf: Vec::new(),
                    deadline,
                    overrun: None,
                };
                let result = tera.render_to(&name, &ctx, &mut out);
                // The receiver is gone only when it stopped waiting: nothing to report to.
                let _ = tx.send((result, out));
            })
            .map_err(|e| {
                Diagnostic::error("internal.thread", format!("cannot start a render worker: {e}"))
            })?;
        let Ok((result, out)) = rx.recv_timeout(limits.render_time()) else {
            // Left running: it ends with the process, or at its next write (past the deadline).
            self.overran = Some(file.to_string());
            return Err(too_slow());
        };
        let _ = worker.join();
        match (result, out.overrun) {
            (Ok(()), _) => String::from_utf8(out.buf)
                .map_err(|e| Diagnostic::error("internal.template", format!("{file}: {e}"))),
            (Err(_), Some(Overrun::Time)) => Err(too_slow()),
            (Err(_), Some(Overrun::Size)) => Err(Diagnostic::error(
                "template.too-large",
                format!(
                    "{file} renders to more than {}",
                    crate::project::byte_size(MAX_RENDERED as u64)
                ),
            )
            .at(Location::file(file))
            .note("look for loops in the text that repeat its content very often")),
            (Err(e), None) => Err(template_error(file, &e)),
        }
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

/// A misspelt function reaches tera either as "Unknown function `x`" or, called with a
/// leading string as only our own functions are, as a syntax error about the string
/// ("Found string but expected identifier"). Either way, say which call is unknown and
/// which function was probably meant.
fn unknown_function_hint(mut d: Diagnostic, source: &str) -> Diagnostic {
    let named = d
        .message
        .contains("Unknown function `")
        .then(|| d.message.split('`').nth(1).map(str::to_string))
        .flatten();
    let called = named.or_else(|| {
        let location = d.location.as_deref()?;
        let line = source.lines().nth(location.line?.checked_sub(1)?)?;
        let before: String = line.chars().take(location.column?.saturating_sub(1)).collect();
        called_function(&before).map(str::to_string)
    });
    let Some(called) = called else { return d };
    let names = || functions::functions().flat_map(|f| f.names.iter().copied());
    if names().any(|n| n == called) {
        return d;
    }
    let file = d.location.as_ref().map_or(String::new(), |l| l.file.clone());
    d.message = format!("in {file}: unknown function `{called}`");
    match crate::diag::did_you_mean(&called, names()) {
        Some(near) => d.note(format!("did you mean `{near}`?")),
        None => d.note("docs/templates.md lists the functions a text may call"),
    }
}

/// The function whose argument list `before` (a line up to an error) is in: `foo(` at its end.
fn called_function(before: &str) -> Option<&str> {
    let open = before.trim_end().strip_suffix('(')?.trim_end();
    let start = open
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map_or(0, |i| i + open[i..].chars().next().map_or(1, char::len_utf8));
    let name = &open[start..];
    let preceded_by_dot = open[..start].ends_with('.');
    (!name.is_empty() && !preceded_by_dot).then_some(name)
}

fn escape_md(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(crate::render::markdown::escape::escape_markdown(input).as_bytes())
}

/// Lets texts write `value("lex_sarah.rapporter")`: tera functions take keyword arguments
/// only, so a leading string (or list) argument of our functions becomes `id=`. Only template tags
/// are touched; line numbers stay the same.
pub fn positional_to_keyword(text: &str, functions: &[&str]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(start) = rest.find('{') {
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
            if tag[after + ws..].starts_with(['"', '\'', '[']) {
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
        // A list of ids, and the Swedish names.
        let f = &functions::WITH_ID;
        assert_eq!(
            positional_to_keyword("{{ riktningar([\"a\", \"b\"], namn=\"kategorier\") }}", f),
            "{{ riktningar(id=[\"a\", \"b\"], namn=\"kategorier\") }}"
        );
        assert_eq!(
            positional_to_keyword("{{ andring(\"a\") }} {{ mening('b', ar=2023) }}", f),
            "{{ andring(id=\"a\") }} {{ mening(id='b', ar=2023) }}"
        );
        // `andring` inside another name is not touched.
        assert_eq!(
            positional_to_keyword("{{ x.andring(\"a\") }}", f),
            "{{ x.andring(\"a\") }}"
        );
    }
}
