//! What a long-running process (`watch`) keeps between builds of one project: the typst
//! Worlds, one per document, whose generated files are updated in place rather than set up
//! anew, so unchanged sources are not parsed again, fonts are read once, and typst's
//! memoized work (comemo) is found again for everything an edit did not touch; and the data
//! as read (`load::Kept`) while only texts change.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::project::ProjectDir;
use crate::render::typst::world::ReportWorld;

/// The Worlds of the last build, by document (`<slug>/<main file>`).
#[derive(Default)]
pub struct Warm {
    worlds: HashMap<String, ReportWorld>,
    pub(crate) kept: crate::load::Kept,
}

/// How many builds typst's caches keep entries that were not used (as `typst watch` does).
const CACHE_AGE: usize = 10;

impl Warm {
    /// For a one-off build: the Worlds are used once, the data is not kept.
    pub fn new() -> Self {
        Warm::default()
    }

    /// For a long-running process: the Worlds and the data stay for the next build.
    pub fn keeping() -> Self {
        Warm {
            kept: crate::load::Kept::keeping(),
            ..Warm::default()
        }
    }

    /// Forget everything, for a change the Worlds may have read (a template,
    /// berattelse.yaml, a font): the next build reads the data and sets the Worlds up anew.
    /// typst's own caches stay.
    pub fn forget(&mut self) {
        self.worlds.clear();
        self.kept.forget();
    }

    /// Read the data again at the next build (a data file changed); the Worlds stay.
    pub fn forget_data(&mut self) {
        self.kept.forget();
    }

    /// After a build: drop typst's cached work that has not been used for a while, so a
    /// long session does not grow without bound.
    pub fn age(&self) {
        comemo::evict(CACHE_AGE);
    }

    /// The World for a document, kept from the last build with its generated files replaced
    /// by `generated`, or set up anew (with `fonts`) when there is none for it yet or its
    /// date changed.
    pub(crate) fn world(
        &mut self,
        key: String,
        project: &ProjectDir,
        main: &str,
        generated: Vec<(String, Vec<u8>)>,
        date: NaiveDate,
        fonts: impl FnOnce() -> Vec<typst::text::Font>,
    ) -> Option<&mut ReportWorld> {
        use std::collections::hash_map::Entry;
        let fresh = |generated| {
            ReportWorld::new(project.clone(), main, generated, date).map(|w| w.with_fonts(fonts()))
        };
        match self.worlds.entry(key) {
            Entry::Occupied(mut e) => {
                if Some(e.get().date()) == typst_date(date) {
                    e.get_mut().replace_generated(generated);
                } else {
                    *e.get_mut() = fresh(generated)?;
                }
                Some(e.into_mut())
            }
            Entry::Vacant(e) => Some(e.insert(fresh(generated)?)),
        }
    }
}

impl Warm {
    /// The Worlds of `keys` (set up by [`Warm::world`]), in that order, to compile side by side.
    pub(crate) fn worlds_mut(&mut self, keys: &[String]) -> Vec<&mut ReportWorld> {
        let mut found: Vec<(usize, &mut ReportWorld)> = self
            .worlds
            .iter_mut()
            .filter_map(|(k, w)| keys.iter().position(|x| x == k).map(|i| (i, w)))
            .collect();
        found.sort_by_key(|(i, _)| *i);
        found.into_iter().map(|(_, w)| w).collect()
    }
}

fn typst_date(date: NaiveDate) -> Option<typst::foundations::Datetime> {
    use chrono::Datelike;
    typst::foundations::Datetime::from_ymd(date.year(), date.month() as u8, date.day() as u8)
}
