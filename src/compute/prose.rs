//! What the sentences of one report may claim and how often they may repeat themselves: the
//! section being written (which years its own tables and charts show), a per-chapter budget
//! for judgement phrases, and a record of every generated sentence (the corpus the prose
//! checks and the `sentences` snapshot read).
//!
//! # Scope
//!
//! A narrative is written inside a [`Scope`]: its chapter, its section and, per indicator,
//! the years the section's own tables and charts show. Streaks ("för tredje året i rad") and
//! extremes ("den högsta nivån sedan 2021") are claims about those years only: an indicator
//! the section does not show gets neither, since a reader could not check them. Outside any
//! scope (a template function called from a template, unit tests) nothing is restricted.
//!
//! # Phrase budget
//!
//! A judgement phrase (the judgement of a change, a streak, an extreme) is used at most
//! [`BUDGET`] times per chapter. Each kind of phrase has documented alternatives
//! (`docs/sprak.md`); [`Prose::pick`] gives the first alternative that still has uses left in
//! the chapter, or `None` when all are spent and the claim is left out. The order in which
//! texts are written is fixed (the outline's), so the same input gives the same words.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

/// How many times one phrase may be used in one chapter.
pub const BUDGET: usize = 2;

/// The section a text is written for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// The chapter's section id: the phrase budget is per chapter.
    pub chapter: String,
    /// The section's id.
    pub section: String,
    /// Per indicator, the first and last year the section's tables and charts show.
    pub shown: BTreeMap<String, (i32, i32)>,
}

/// Which years a claim about an indicator may reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// Outside any scope: every year.
    Any,
    /// The years from the first to the last, inclusive.
    Years(i32, i32),
    /// The section shows no table or chart of the indicator: no claim beyond the change.
    None,
}

impl Shown {
    /// Whether `year` is shown.
    pub fn contains(self, year: i32) -> bool {
        match self {
            Shown::Any => true,
            Shown::Years(a, b) => (a..=b).contains(&year),
            Shown::None => false,
        }
    }

    /// The first year shown, when restricted.
    pub fn first(self) -> Option<i32> {
        match self {
            Shown::Any => None,
            Shown::Years(a, _) => Some(a),
            Shown::None => Some(i32::MAX),
        }
    }
}

/// One generated text as it went into the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub chapter: String,
    pub section: String,
    /// The template function ("mening"), or "resultat" for a generated Resultat block.
    pub function: String,
    pub text: String,
    /// The first year any table or chart of the section shows (`None`: none, or no scope).
    pub shown_from: Option<i32>,
}

#[derive(Debug, Default)]
struct State {
    scope: Option<Scope>,
    used: BTreeMap<(String, &'static str), usize>,
    said: Vec<Said>,
}

/// The prose state of one report (held by the [`super::Engine`]).
#[derive(Debug, Default)]
pub struct Prose {
    state: Mutex<State>,
}

impl Prose {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Start writing for `scope`.
    pub fn enter(&self, scope: Scope) {
        self.lock().scope = Some(scope);
    }

    /// Stop writing for a section: nothing is restricted any more.
    pub fn leave(&self) {
        self.lock().scope = None;
    }

    /// The years a claim about `id` may reach.
    pub fn shown(&self, id: &str) -> Shown {
        match &self.lock().scope {
            None => Shown::Any,
            Some(s) => match s.shown.get(id) {
                Some(&(a, b)) => Shown::Years(a, b),
                None => Shown::None,
            },
        }
    }

    /// The first of `alternatives` with uses left in the chapter, counted as used; `None` when
    /// all are spent. Outside a scope the first is always given.
    pub fn pick(&self, alternatives: &[&'static str]) -> Option<&'static str> {
        let mut g = self.lock();
        let Some(chapter) = g.scope.as_ref().map(|s| s.chapter.clone()) else {
            return alternatives.first().copied();
        };
        for &a in alternatives {
            let n = g.used.entry((chapter.clone(), a)).or_insert(0);
            if *n < BUDGET {
                *n += 1;
                return Some(a);
            }
        }
        None
    }

    /// Whether `phrase` still has uses left in the chapter (without using it).
    pub fn available(&self, phrase: &'static str) -> bool {
        let g = self.lock();
        match &g.scope {
            None => true,
            Some(s) => g.used.get(&(s.chapter.clone(), phrase)).copied().unwrap_or(0) < BUDGET,
        }
    }

    /// Record a generated text under the current scope.
    pub fn record(&self, function: &str, text: &str) {
        let mut g = self.lock();
        let (chapter, section) = g
            .scope
            .as_ref()
            .map(|s| (s.chapter.clone(), s.section.clone()))
            .unwrap_or_default();
        let shown_from = g.scope.as_ref().and_then(|s| s.shown.values().map(|y| y.0).min());
        g.said.push(Said {
            chapter,
            section,
            shown_from,
            function: function.to_string(),
            text: text.to_string(),
        });
    }

    /// Every generated text so far, in the order written.
    pub fn said(&self) -> Vec<Said> {
        self.lock().said.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_per_chapter() {
        let p = Prose::default();
        // Outside a scope: always the first.
        for _ in 0..5 {
            assert_eq!(p.pick(&["a", "b"]), Some("a"));
        }
        p.enter(Scope {
            chapter: "k1".into(),
            ..Scope::default()
        });
        let got: Vec<_> = (0..5).map(|_| p.pick(&["a", "b"])).collect();
        assert_eq!(got, [Some("a"), Some("a"), Some("b"), Some("b"), None]);
        p.enter(Scope {
            chapter: "k2".into(),
            ..Scope::default()
        });
        assert_eq!(p.pick(&["a", "b"]), Some("a"));
        assert_eq!(p.shown("x"), Shown::None);
        p.leave();
        assert_eq!(p.shown("x"), Shown::Any);
    }
}
