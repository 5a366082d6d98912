//! The footnotes of the text being rendered: generated sentences carry notes (missing values,
//! breaks, qualifiers, revisions), which become Markdown footnotes of the text.

use std::sync::{Mutex, MutexGuard};

use tera::Value;

use crate::compute::sentence::Text;
use crate::render::markdown::escape::escape_markdown;

/// Footnotes of the text being rendered.
#[derive(Debug, Default)]
pub struct NoteSink {
    /// Footnote label prefix (the text's file stem); `None` outside narrative texts, where
    /// notes go in parentheses instead.
    prefix: Option<String>,
    items: Vec<String>,
}

fn lock(sink: &Mutex<NoteSink>) -> MutexGuard<'_, NoteSink> {
    sink.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Start collecting footnotes for the text `file` ("texts/lex-sarah.md").
pub fn start_text(sink: &Mutex<NoteSink>, file: &str) {
    let stem = file.rsplit('/').next().unwrap_or(file).trim_end_matches(".md");
    let prefix: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let mut g = lock(sink);
    g.prefix = Some(format!("not-{prefix}"));
    g.items.clear();
}

/// The collected footnotes as Markdown definitions; stops collecting.
pub fn finish_text(sink: &Mutex<NoteSink>) -> String {
    let mut g = lock(sink);
    let prefix = g.prefix.take().unwrap_or_default();
    let items = std::mem::take(&mut g.items);
    items
        .iter()
        .enumerate()
        .map(|(i, n)| format!("[^{prefix}-{}]: {}\n", i + 1, escape_markdown(n)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Escaped text with references to its footnotes.
pub fn emit(sink: &Mutex<NoteSink>, t: Text) -> Value {
    let (head, tail) = t.split();
    let tail = escape_markdown(tail);
    let mut s = escape_markdown(head);
    if !t.notes.is_empty() {
        let mut g = lock(sink);
        match g.prefix.clone() {
            Some(p) => {
                for n in t.notes {
                    let i = match g.items.iter().position(|x| *x == n) {
                        Some(i) => i + 1,
                        None => {
                            g.items.push(n);
                            g.items.len()
                        }
                    };
                    s.push_str(&format!("[^{p}-{i}]"));
                }
            }
            None => {
                s.push_str(" (");
                s.push_str(&escape_markdown(&t.notes.join(" ")));
                s.push(')');
            }
        }
    }
    s.push_str(&tail);
    Value::safe_string(&s)
}
