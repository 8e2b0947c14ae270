//! The Python classes of the sentiment and readability engines (`framing._core.Vader`,
//! `framing._core.Readability`): built once from the data files the Python front reads, then
//! called with whole batches of texts. No panic crosses into Python: each call runs under the
//! guard (crate::guard) and a panic becomes a RuntimeError naming the call.
use std::collections::HashMap;
use std::sync::Mutex;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::guard::guard;
use crate::readability::{Hyphenator, Readability as Engine, SyllableCache};
use crate::sentiment::{py_isupper, py_round, Polarity, Scratch, Vader as VaderEngine, VaderData};

/// Runs `f` without the GIL; a panic inside becomes a Python RuntimeError.
fn guarded<T: Send>(py: Python<'_>, what: &str, f: impl FnOnce() -> T + Send) -> PyResult<T> {
    py.detach(|| guard(what, || Ok(f())))
}

type Scores = (f64, f64, f64, f64);

fn tuple(p: Polarity) -> Scores {
    (p.neg, p.neu, p.pos, p.compound)
}

/// VADER sentiment, vaderSentiment's algorithm on vaderSentiment's data.
#[pyclass(frozen, module = "framing._core")]
pub struct Vader {
    pub(crate) engine: VaderEngine,
}

#[pymethods]
impl Vader {
    /// lexicon, emoji: vaderSentiment's two lexicon files; constants: its module's NEGATE,
    /// BOOSTER_DICT, SPECIAL_CASES, C_INCR and N_SCALAR; compensated_sum: whether this Python's
    /// `sum()` of floats is compensated (3.12 and later).
    #[new]
    fn new(
        lexicon: &str,
        emoji: &str,
        constants: &Bound<'_, PyDict>,
        compensated_sum: bool,
    ) -> PyResult<Self> {
        let item = |key: &str| {
            constants
                .get_item(key)?
                .ok_or_else(|| PyValueError::new_err(format!("vaderSentiment's {key} is missing")))
        };
        let negations: Vec<String> = item("NEGATE")?.extract()?;
        let boosters: HashMap<String, f64> = item("BOOSTER_DICT")?.extract()?;
        let special_cases: HashMap<String, f64> = item("SPECIAL_CASES")?.extract()?;
        let data = VaderData {
            lexicon,
            emoji,
            negations,
            boosters: boosters.into_iter().collect(),
            special_cases: special_cases.into_iter().collect(),
            caps_increment: item("C_INCR")?.extract()?,
            negation_scalar: item("N_SCALAR")?.extract()?,
            compensated_sum,
        };
        let engine = guard("Vader", || {
            VaderEngine::new(data).map_err(PyValueError::new_err)
        })?;
        Ok(Vader { engine })
    }

    /// (neg, neu, pos, compound) of one text.
    fn polarity_scores(&self, py: Python<'_>, text: &str) -> PyResult<Scores> {
        guarded(py, "Vader.polarity_scores", || {
            tuple(self.engine.polarity_scores(text))
        })
    }

    /// (neg, neu, pos, compound) of each text.
    fn polarity_scores_many(&self, py: Python<'_>, texts: Vec<String>) -> PyResult<Vec<Scores>> {
        guarded(py, "Vader.polarity_scores_many", || {
            let mut scratch = Scratch::default();
            texts
                .iter()
                .map(|t| tuple(self.engine.polarity_with(t, &mut scratch)))
                .collect()
        })
    }

    /// The compound score of each text.
    fn compounds(&self, py: Python<'_>, texts: Vec<String>) -> PyResult<Vec<f64>> {
        guarded(py, "Vader.compounds", || {
            let mut scratch = Scratch::default();
            texts
                .iter()
                .map(|t| self.engine.compound_with(t, &mut scratch))
                .collect()
        })
    }

    /// The compound of each sentence span (code-point offsets) of `text`, a sentence of over
    /// `max_words` words scored in windows of that many words, averaged by words; with `digits`,
    /// each rounded as Python's `round(compound, digits)` rounds it.
    #[pyo3(signature = (text, spans, max_words, digits=None))]
    fn sentence_compounds(
        &self,
        py: Python<'_>,
        text: &str,
        spans: Vec<(usize, usize)>,
        max_words: usize,
        digits: Option<usize>,
    ) -> PyResult<Vec<f64>> {
        py.detach(|| {
            guard("Vader.sentence_compounds", || {
                let mut out = self
                    .engine
                    .sentence_compounds(text, &spans, max_words)
                    .map_err(PyValueError::new_err)?;
                if let Some(d) = digits {
                    for v in out.iter_mut() {
                        *v = py_round(*v, d);
                    }
                }
                Ok(out)
            })
        })
    }

    fn __len__(&self) -> PyResult<usize> {
        guard("Vader.__len__", || Ok(self.engine.lexicon_len()))
    }
}

/// `str.isupper()` of each word as the engine decides it (for the test against CPython).
#[pyfunction]
pub fn _isupper(words: Vec<String>) -> PyResult<Vec<bool>> {
    guard("_isupper", || {
        Ok(words.iter().map(|w| py_isupper(w)).collect())
    })
}

/// Flesch reading ease and Flesch-Kincaid grade with pyphen's syllables (or a word table).
#[pyclass(frozen, module = "framing._core")]
pub struct Readability {
    engine: Engine,
    /// syllables of the words met so far (`word_cache` of them at most), one cache taken out a
    /// call: threads counting at once (framing corpus --workers) each take their own
    caches: Mutex<Vec<SyllableCache>>,
    word_cache: usize,
}

#[pymethods]
impl Readability {
    /// hyphenation: a hyph_*.dic decoded whole; table: syllable counts by lower-case word that
    /// take precedence over hyphenation; word_cache: the most distinct words whose syllables are
    /// kept between calls (then the cache starts afresh).
    #[new]
    #[pyo3(signature = (hyphenation, left = 2, right = 2, table = None, word_cache = 50_000))]
    fn new(
        hyphenation: &str,
        left: usize,
        right: usize,
        table: Option<HashMap<String, u32>>,
        word_cache: usize,
    ) -> PyResult<Self> {
        guard("Readability", || {
            let hyphenator =
                Hyphenator::new(hyphenation, left, right).map_err(PyValueError::new_err)?;
            Ok(Readability {
                engine: Engine::new(hyphenator, table),
                caches: Mutex::new(Vec::new()),
                word_cache,
            })
        })
    }

    /// (reading ease, grade) of each text; None for a text without a letter.
    fn flesch_many(&self, py: Python<'_>, texts: Vec<String>) -> PyResult<Vec<Option<(f64, f64)>>> {
        guarded(py, "Readability.flesch_many", || {
            texts.iter().map(|t| self.flesch(t)).collect()
        })
    }

    /// Syllables of each word (textstat's count).
    fn syllables(&self, py: Python<'_>, words: Vec<String>) -> PyResult<Vec<usize>> {
        guarded(py, "Readability.syllables", || {
            words.iter().map(|w| self.engine.syllables(w)).collect()
        })
    }

    /// `len(Pyphen.positions(word))` of each word (for the test against pyphen).
    fn hyphenation_points(&self, py: Python<'_>, words: Vec<String>) -> PyResult<Vec<usize>> {
        guarded(py, "Readability.hyphenation_points", || {
            words
                .iter()
                .map(|w| self.engine.hyphenator().count_points(w))
                .collect()
        })
    }
}

impl Readability {
    /// (reading ease, grade) of one text, None without a letter, with a word cache taken out of
    /// the pool for the call (the lock is held only to take it out and put it back, never while
    /// counting: threads counting at once each take their own).
    pub(crate) fn flesch(&self, text: &str) -> Option<(f64, f64)> {
        let mut cache = self
            .caches
            .lock()
            .ok()
            .and_then(|mut free| free.pop())
            .unwrap_or_else(|| SyllableCache::new(self.word_cache));
        let out = self
            .engine
            .flesch_cached(text, &mut cache)
            .map(|f| (f.reading_ease, f.grade));
        // reached only without a panic: a half-written cache is never put back
        if let Ok(mut free) = self.caches.lock() {
            free.push(cache);
        }
        out
    }
}

/// Adds the sentiment and readability classes to `framing._core`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Vader>()?;
    m.add_class::<Readability>()?;
    m.add_function(wrap_pyfunction!(_isupper, m)?)?;
    Ok(())
}
