//! The full profile's article in one native call (issue 17): the engine's pass (article.rs) and
//! what the full profile adds over its kept sentences (each sentence's VADER compound, the Flesch
//! figures of the kept sentences, the sentence classifiers' probabilities from the same pass's
//! rule hits, the sentiment and classifier summaries), with the GIL released from start to end.
//! Two threads scoring at once then meet only at the call's two ends; framing/scoring/scorer.py
//! only assembles what it returns.
use pyo3::exceptions::PyValueError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::article::{Article, ArticleEngine, ArticleResult, GivenMatch, AUTHORIAL};
use crate::classify::PyModelSet;
use crate::guard::guard;
use crate::offsets::Offsets;
use crate::pychar;
use crate::scores_py::{Readability, Vader};
use crate::sentiment::{py_round, py_sum};
use crate::suppress::Subject;

/// Voices of a hit (authorial, quoted, reported).
const VOICES: usize = crate::tallies::VOICES.len();

/// The text an authorial sentence's sentiment reads: its quotations and reported speech blanked
/// (each character a space, so offsets hold), since what someone else says is not the author's
/// sentiment (README, "Voice"); None when no authorial sentence holds any.
fn authors_words(text: &str, a: &Article, kept: &[(usize, usize, usize, usize)]) -> Option<String> {
    let mut gaps: Vec<(usize, usize)> = Vec::new();
    for &(_, s, e, _) in kept.iter().filter(|k| k.3 == AUTHORIAL as usize) {
        gaps.extend(
            a.seg
                .voice
                .overlapping(s, e)
                .map(|(qs, qe)| (qs.max(s), qe.min(e))),
        );
        let from = a.reported.partition_point(|r| r.1 <= s);
        gaps.extend(
            a.reported[from..]
                .iter()
                .take_while(|r| r.0 < e)
                .map(|r| (r.0.max(s), r.1.min(e))),
        );
    }
    if gaps.is_empty() {
        return None;
    }
    gaps.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut gap = gaps.iter().peekable();
    for (i, c) in text.chars().enumerate() {
        while gap.peek().is_some_and(|g| g.1 <= i) {
            gap.next();
        }
        let blank = gap.peek().is_some_and(|g| g.0 <= i) && !pychar::is_space(c);
        out.push(if blank { ' ' } else { c });
    }
    Some(out)
}

/// The sentence classifiers of a Scorer.
struct Models {
    set: Py<PyModelSet>,
    names: Vec<String>,
    thresholds: Vec<f64>,
    /// at rule * VOICES + voice: the given features one hit of that rule in that voice adds 1 to
    features: Vec<Vec<usize>>,
}

/// What the full profile adds to an article, as plain numbers.
struct Extras {
    /// each kept sentence's rounded compound (0.0 with sentiment off)
    compounds: Vec<f64>,
    /// mean, mean of the absolute values, authorial sentences
    sentiment: (f64, f64, usize),
    /// reading ease and grade (None without a letter); None with readability off
    readability: Option<Option<(f64, f64)>>,
    /// each model's mean and share above its threshold over the authorial sentences
    summaries: Vec<(f64, f64)>,
    /// each kept sentence's probability under each model (None: a sentence without a word,
    /// left unscored); empty unless asked for
    probabilities: Vec<Option<Vec<f64>>>,
}

/// An article's engine pass and its full-profile extras (framing.Scorer builds one).
#[pyclass(name = "FullArticle", module = "framing._core", frozen)]
pub struct FullArticle {
    engine: Py<ArticleEngine>,
    vader: Option<Py<Vader>>,
    max_words: usize,
    readability: Option<(Py<Readability>, String)>,
    models: Option<Models>,
    digits: usize,
    compensated_sum: bool,
    /// (id, category) of each rule of the matcher whose hits the models count, by index: what an
    /// inline marker's region tests a given hit by
    rules: Vec<(String, String)>,
}

/// (sentence, rule, voice) of the hits the classifiers count.
type HitRow = (usize, usize, usize);

impl FullArticle {
    fn extras(
        &self,
        a: &Article,
        text: &str,
        given_hits: Option<&[HitRow]>,
        starts: Option<&[usize]>,
        given: &[(usize, usize, f64)],
        per_sentence: bool,
    ) -> Result<Extras, String> {
        // the text as the article pass read it: inline markers blanked, so none reaches
        // sentiment, readability or the n-grams from inside a sentence
        let unmarked;
        let text = match &a.suppressed {
            Some(found) => {
                unmarked = found.blanked(text);
                unmarked.as_str()
            }
            None => text,
        };
        let offsets = Offsets::new(text);
        let n_chars = offsets.len_chars();
        // the kept sentences (outside publisher furniture) as (index, start, end, voice)
        let mut kept = Vec::with_capacity(a.sentence_voice.len());
        for (k, v) in a.sentence_voice.iter().enumerate() {
            if let Some(v) = *v {
                let s = a
                    .seg
                    .sentences
                    .get(k)
                    .ok_or("a sentence voice without its sentence")?;
                if s.start > s.end || s.end > n_chars {
                    return Err(format!(
                        "sentence ({}, {}) outside a text of {n_chars} characters",
                        s.start, s.end
                    ));
                }
                kept.push((k, s.start, s.end, v));
            }
        }
        let slice = |s: usize, e: usize| &text[offsets.to_byte(s)..offsets.to_byte(e)];
        let digits = self.digits;

        let compounds = match &self.vader {
            Some(vader) => {
                let spans: Vec<(usize, usize)> = kept.iter().map(|k| (k.1, k.2)).collect();
                let voiced = authors_words(text, a, &kept);
                let mut c = vader.get().engine.sentence_compounds(
                    voiced.as_deref().unwrap_or(text),
                    &spans,
                    self.max_words,
                )?;
                c.iter_mut().for_each(|v| *v = py_round(*v, digits));
                c
            }
            None => vec![0.0; kept.len()],
        };
        let auth: Vec<f64> = compounds
            .iter()
            .zip(&kept)
            .filter(|(_, k)| k.3 == AUTHORIAL as usize)
            .map(|(c, _)| *c)
            .collect();
        let abs: Vec<f64> = auth.iter().map(|c| c.abs()).collect();
        let sentiment = (self.mean(&auth), self.mean(&abs), auth.len());

        let readability = self.readability.as_ref().map(|(r, _)| {
            let mut joined = String::new();
            for (i, k) in kept.iter().enumerate() {
                if i > 0 {
                    joined.push('\n');
                }
                joined.push_str(slice(k.1, k.2));
            }
            r.get().flesch(&joined)
        });

        let (mut summaries, mut probabilities) = (Vec::new(), Vec::new());
        if let Some(m) = &self.models {
            // a sentence without a word ("***", an emoji line) gives a model nothing to go on:
            // left unscored and out of the summary
            let mut row_of = vec![None; a.sentence_voice.len()];
            let (mut sentences, mut quoted, mut voices) = (Vec::new(), Vec::new(), Vec::new());
            for &(k, s, e, v) in &kept {
                let t = slice(s, e);
                if t.chars().any(pychar::is_word) {
                    row_of[k] = Some(sentences.len());
                    sentences.push(t.to_string());
                    quoted.push(a.seg.voice.quoted_chars(s, e));
                    voices.push(v);
                }
            }
            let own: Vec<HitRow>;
            let hits = match given_hits {
                Some(h) => h,
                None => {
                    own = a
                        .hits
                        .iter()
                        .map(|h| (h.sentence, h.rule, h.voice as usize))
                        .collect();
                    &own
                }
            };
            // given hits come from a second pass that does not read the markers: a hit a marker's
            // region covers is silenced here as the article pass silenced its own
            let regions = match (given_hits, starts, &a.suppressed) {
                (Some(h), Some(s), Some(found)) if !found.regions.is_empty() => {
                    if s.len() != h.len() {
                        return Err(format!("{} hits but {} starts", h.len(), s.len()));
                    }
                    Some((found, s))
                }
                _ => None,
            };
            let mut triples = Vec::new();
            for (i, &(k, rule, voice)) in hits.iter().enumerate() {
                let Some(Some(row)) = row_of.get(k) else {
                    continue;
                };
                if let (Some((found, s)), Some((id, category))) = (regions, self.rules.get(rule)) {
                    let pack = id.split_once('.').map_or(id.as_str(), |p| p.0);
                    if found.covers(s[i], &Subject { id, category, pack }) {
                        continue;
                    }
                }
                // the finder's unnamed sources (rule usize::MAX) are no rule of the models
                let slot = rule.checked_mul(VOICES).and_then(|r| r.checked_add(voice));
                if let Some(fs) = slot.and_then(|i| m.features.get(i)) {
                    triples.extend(fs.iter().map(|&j| (*row, j, 1.0)));
                }
            }
            for &(k, j, v) in given {
                if let Some(Some(row)) = row_of.get(k) {
                    triples.push((*row, j, v));
                }
            }
            let mut probs = m.set.get().probabilities(&sentences, &quoted, &triples);
            for p in probs.iter_mut().flatten() {
                *p = py_round(*p, digits);
            }
            for (col, &threshold) in probs.iter().zip(&m.thresholds) {
                let auth: Vec<f64> = col
                    .iter()
                    .zip(&voices)
                    .filter(|(_, &v)| v == AUTHORIAL as usize)
                    .map(|(p, _)| *p)
                    .collect();
                let above = auth.iter().filter(|&&p| p >= threshold).count();
                let share = if auth.is_empty() {
                    0.0
                } else {
                    py_round(above as f64 / auth.len() as f64, digits)
                };
                summaries.push((self.mean(&auth), share));
            }
            if per_sentence {
                probabilities = kept
                    .iter()
                    .map(|k| row_of[k.0].map(|r| probs.iter().map(|col| col[r]).collect()))
                    .collect();
            }
        }
        Ok(Extras {
            compounds,
            sentiment,
            readability,
            summaries,
            probabilities,
        })
    }

    /// Python's `round(sum(values) / len(values), digits)`, 0.0 for none.
    fn mean(&self, values: &[f64]) -> f64 {
        if values.is_empty() {
            return 0.0;
        }
        py_round(
            py_sum(values, self.compensated_sum) / values.len() as f64,
            self.digits,
        )
    }

    /// The extras as Python data: (sentiment dict, readability dict, classifiers dict, each kept
    /// sentence's compound, each kept sentence's {model: probability}), the last two None unless
    /// asked for.
    fn out<'py>(&self, py: Python<'py>, x: Extras, per_sentence: bool) -> PyResult<ExtrasOut<'py>> {
        let sentiment = PyDict::new(py);
        sentiment.set_item(intern!(py, "mean"), x.sentiment.0)?;
        sentiment.set_item(intern!(py, "mean_abs"), x.sentiment.1)?;
        sentiment.set_item(intern!(py, "sentences"), x.sentiment.2)?;
        sentiment.set_item(intern!(py, "enabled"), self.vader.is_some())?;
        let readability = PyDict::new(py);
        if let (Some(r), Some((_, syllables))) = (x.readability, &self.readability) {
            readability.set_item(intern!(py, "flesch_reading_ease"), r.map(|r| r.0))?;
            readability.set_item(intern!(py, "flesch_kincaid_grade"), r.map(|r| r.1))?;
            readability.set_item(intern!(py, "syllables"), syllables)?;
        }
        let classifiers = PyDict::new(py);
        if let Some(m) = &self.models {
            for ((name, threshold), (mean, share)) in
                m.names.iter().zip(&m.thresholds).zip(&x.summaries)
            {
                let d = PyDict::new(py);
                d.set_item(intern!(py, "threshold"), threshold)?;
                d.set_item(intern!(py, "mean"), mean)?;
                d.set_item(intern!(py, "share_above"), share)?;
                classifiers.set_item(name, d)?;
            }
        }
        if !per_sentence {
            return Ok((sentiment, readability, classifiers, None, None));
        }
        let compounds = PyList::new(py, &x.compounds)?;
        // each kept sentence's {model: probability}: empty without classifiers or for a sentence
        // left unscored
        let probabilities = PyList::empty(py);
        for i in 0..x.compounds.len() {
            let d = PyDict::new(py);
            if let (Some(Some(p)), Some(m)) = (x.probabilities.get(i), &self.models) {
                for (name, v) in m.names.iter().zip(p) {
                    d.set_item(name, v)?;
                }
            }
            probabilities.append(d)?;
        }
        Ok((
            sentiment,
            readability,
            classifiers,
            Some(compounds),
            Some(probabilities),
        ))
    }
}

type ExtrasOut<'py> = (
    Bound<'py, PyDict>,
    Bound<'py, PyDict>,
    Bound<'py, PyDict>,
    Option<Bound<'py, PyList>>,
    Option<Bound<'py, PyList>>,
);

type ScoreOut<'py> = (
    Py<ArticleResult>,
    Bound<'py, PyDict>,
    Bound<'py, PyDict>,
    Bound<'py, PyDict>,
    Option<Bound<'py, PyList>>,
    Option<Bound<'py, PyList>>,
);

/// (set, model names, thresholds, (rule, voice, given features) of each rule and voice whose
/// hits count, number of rules)
type ModelsIn = (
    Py<PyModelSet>,
    Vec<String>,
    Vec<f64>,
    Vec<(usize, usize, Vec<usize>)>,
    usize,
);

#[pymethods]
impl FullArticle {
    /// engine: the Scorer's ArticleEngine; vader: its Vader (None: sentiment off) and
    /// max_sentence_words; readability: its Readability and syllable source (None: off); models:
    /// (ModelSet, names, thresholds, [(rule, voice, given features)], rules) where a hit of
    /// `rule` (an index into the rules of the matcher whose hits are counted) in `voice` adds 1
    /// to each of the given features (None: no classifiers); digits: the rounding of compounds,
    /// probabilities and summaries; compensated_sum: whether this Python's `sum()` of floats is
    /// compensated (3.12 and later); rules: (id, category) of each rule of the matcher the models
    /// count (by index), for an inline marker's region to silence hits given to `extras_of`.
    #[new]
    #[pyo3(signature = (engine, vader, max_words, readability, models, digits, compensated_sum,
                        rules = vec![]))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        engine: Py<ArticleEngine>,
        vader: Option<Py<Vader>>,
        max_words: usize,
        readability: Option<(Py<Readability>, String)>,
        models: Option<ModelsIn>,
        digits: usize,
        compensated_sum: bool,
        rules: Vec<(String, String)>,
    ) -> PyResult<Self> {
        guard("FullArticle", || {
            if max_words == 0 {
                return Err(PyValueError::new_err(
                    "FullArticle: max_sentence_words must be at least 1",
                ));
            }
            let models = match models {
                None => None,
                Some((set, names, thresholds, table, rules)) => {
                    let n = set.get().models();
                    if names.len() != n || thresholds.len() != n {
                        return Err(PyValueError::new_err(format!(
                            "FullArticle: {n} models but {} names and {} thresholds",
                            names.len(),
                            thresholds.len()
                        )));
                    }
                    let mut features = vec![Vec::new(); rules * VOICES];
                    for (rule, voice, fs) in table {
                        if rule >= rules || voice >= VOICES {
                            return Err(PyValueError::new_err(format!(
                                "FullArticle: rule {rule} in voice {voice} is out of range"
                            )));
                        }
                        features[rule * VOICES + voice] = fs;
                    }
                    Some(Models {
                        set,
                        names,
                        thresholds,
                        features,
                    })
                }
            };
            Ok(FullArticle {
                engine,
                vader,
                max_words,
                readability,
                models,
                digits,
                compensated_sum,
                rules,
            })
        })
    }

    /// Scores one article as ArticleEngine.score does (text, ignored, matches) and adds the
    /// extras over its kept sentences, the classifiers counting the pass's own rule hits:
    /// (ArticleResult, sentiment, readability, classifiers, compounds, probabilities), the last
    /// two (each kept sentence's compound and {model: probability}) only with `per_sentence`.
    #[pyo3(signature = (text, ignored = vec![], matches = None, per_sentence = false))]
    fn score<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        ignored: Vec<(usize, usize)>,
        matches: Option<Vec<GivenMatch>>,
        per_sentence: bool,
    ) -> PyResult<ScoreOut<'py>> {
        let (article, extras) = py.detach(|| {
            guard("FullArticle.score", || {
                let article = self
                    .engine
                    .get()
                    .article(text, &ignored, matches)
                    .map_err(PyValueError::new_err)?;
                let extras = self
                    .extras(&article, text, None, None, &[], per_sentence)
                    .map_err(PyValueError::new_err)?;
                Ok((article, extras))
            })
        })?;
        let (s, r, c, comp, probs) = self.out(py, extras, per_sentence)?;
        Ok((
            Py::new(py, ArticleResult { article })?,
            s,
            r,
            c,
            comp,
            probs,
        ))
    }

    /// The extras of a result the engine gave for `text`, the classifiers counting `hits` (each
    /// (sentence, rule, voice), the rule an index as for `models`; None: the result's own) and
    /// adding `given` ((sentence, given feature, value) triples): for models that count another
    /// matcher's hits or take features of their own. `starts`: each given hit's start (character
    /// offset), so that the result's inline markers silence the given hits as they silenced its
    /// own (the rule's id and category from `rules`); None: none is silenced. (sentiment,
    /// readability, classifiers, compounds, probabilities) as `score` gives them.
    #[pyo3(signature = (result, text, hits = None, given = vec![], per_sentence = false,
                        starts = None))]
    #[allow(clippy::too_many_arguments)]
    fn extras_of<'py>(
        &self,
        py: Python<'py>,
        result: &Bound<'py, ArticleResult>,
        text: &str,
        hits: Option<Vec<HitRow>>,
        given: Vec<(usize, usize, f64)>,
        per_sentence: bool,
        starts: Option<Vec<usize>>,
    ) -> PyResult<ExtrasOut<'py>> {
        let article = &result.get().article;
        let extras = py.detach(|| {
            guard("FullArticle.extras_of", || {
                self.extras(
                    article,
                    text,
                    hits.as_deref(),
                    starts.as_deref(),
                    &given,
                    per_sentence,
                )
                .map_err(PyValueError::new_err)
            })
        })?;
        self.out(py, extras, per_sentence)
    }

    /// `text` as the article pass of `result` read it: its inline markers blanked (offsets
    /// unchanged); None when the result found no marker. For a second matcher's pass over the
    /// same article (Scorer._other_hits), so a marker's words are no match there either.
    fn unmarked(&self, result: &Bound<'_, ArticleResult>, text: &str) -> Option<String> {
        let found = result.get().article.suppressed.as_ref()?;
        Some(found.blanked(text))
    }
}

/// Adds FullArticle to `framing._core`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<FullArticle>()
}
