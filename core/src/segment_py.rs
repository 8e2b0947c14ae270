//! The Python face of segmentation (framing/scoring/segment.py calls these): one call per text, plain
//! tuples and lists back, every offset in code points. A panic inside becomes a RuntimeError
//! naming the call, never a crash.
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::guard::guard;
use crate::quotes::{self, Voice};
use crate::segment::{self, chars_of, Abbreviations, Span};

/// Paragraph spans given by Python, checked: within the text, in order, not overlapping.
fn checked_spans(spans: &[Span], len: usize) -> PyResult<()> {
    let mut prev_end = 0;
    for &(s, e) in spans {
        if s > e || e > len {
            return Err(PyValueError::new_err(format!(
                "paragraph span ({s}, {e}) is not within the text of {len} characters"
            )));
        }
        if s < prev_end {
            return Err(PyValueError::new_err(format!(
                "paragraph span ({s}, {e}) starts before the previous one ends ({prev_end}): \
                 paragraphs must be in order"
            )));
        }
        prev_end = e;
    }
    Ok(())
}

/// The abbreviation lexicon, compiled once (framing.scoring.segment.Abbreviations holds one).
#[pyclass(name = "Abbreviations", module = "framing._core", frozen)]
pub(crate) struct PyAbbreviations {
    pub(crate) inner: Abbreviations,
    /// the sorted lists it was built from, for pickling
    lists: (Vec<String>, Vec<String>, Vec<String>),
}

#[pymethods]
impl PyAbbreviations {
    #[new]
    fn new(never: Vec<String>, ambiguous: Vec<String>, starters: Vec<String>) -> PyResult<Self> {
        guard("Abbreviations", || {
            let set = |xs: &[String]| xs.iter().cloned().collect();
            Ok(PyAbbreviations {
                inner: Abbreviations {
                    never: set(&never),
                    ambiguous: set(&ambiguous),
                    starters: set(&starters),
                },
                lists: (never, ambiguous, starters),
            })
        })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let me = slf.get();
        let args = (me.lists.0.clone(), me.lists.1.clone(), me.lists.2.clone());
        (slf.get_type(), args).into_pyobject(slf.py())
    }
}

/// Whether a character offset stands in quoted speech (framing.scoring.segment.Voice).
#[pyclass(name = "Voice", module = "framing._core", frozen)]
pub(crate) struct PyVoice {
    pub(crate) inner: Voice,
}

#[pymethods]
impl PyVoice {
    /// Over quotations sorted by start, not overlapping: `Quote` objects or `(start, end)` pairs.
    #[new]
    fn new(quotes: &Bound<'_, PyAny>) -> PyResult<Self> {
        guard("Voice", || Self::build(quotes))
    }

    fn quoted_at(&self, pos: usize) -> PyResult<bool> {
        guard("Voice.quoted_at", || Ok(self.inner.quoted_at(pos)))
    }

    /// "quoted" when the span's middle character is quoted, else "authorial" (framing.results'
    /// QUOTED and AUTHORIAL; a test holds them equal).
    fn of_span<'py>(
        &self,
        py: Python<'py>,
        start: usize,
        end: usize,
    ) -> PyResult<&Bound<'py, pyo3::types::PyString>> {
        guard("Voice.of_span", || {
            Ok(if self.inner.span_quoted(start, end) {
                pyo3::intern!(py, "quoted")
            } else {
                pyo3::intern!(py, "authorial")
            })
        })
    }

    fn quoted_chars(&self, start: usize, end: usize) -> PyResult<usize> {
        guard("Voice.quoted_chars", || {
            Ok(self.inner.quoted_chars(start, end))
        })
    }

    /// The quotations, as (start, end) pairs.
    fn spans(&self) -> PyResult<Vec<Span>> {
        guard("Voice.spans", || Ok(self.inner.spans().collect()))
    }
}

impl PyVoice {
    fn build(quotes: &Bound<'_, PyAny>) -> PyResult<Self> {
        let mut spans = Vec::new();
        for q in quotes.try_iter()? {
            let q = q?;
            let span = if q.is_instance_of::<PyTuple>() {
                q.extract::<(usize, usize)>()?
            } else {
                (q.getattr("start")?.extract()?, q.getattr("end")?.extract()?)
            };
            spans.push(span);
        }
        Ok(PyVoice {
            inner: Voice::new(&spans),
        })
    }
}

pub(crate) type SegmentOut = (
    Vec<Span>,
    Vec<(usize, usize, usize, bool)>,
    Vec<(usize, usize, usize)>,
    Vec<(usize, usize)>,
    PyVoice,
);

/// A segmentation as Python takes it: (paragraphs, sentences as (start, end, paragraph, quoted),
/// quotes as (start, end, words), words per sentence as (words, quoted words), Voice).
pub(crate) fn segmentation_out(seg: &segment::Segmentation) -> SegmentOut {
    (
        seg.paragraphs.clone(),
        seg.sentences
            .iter()
            .map(|s| (s.start, s.end, s.paragraph, s.quoted))
            .collect(),
        seg.quotes
            .iter()
            .map(|q| (q.start, q.end, q.words))
            .collect(),
        seg.sentence_words
            .iter()
            .map(|w| (w.words, w.quoted))
            .collect(),
        PyVoice {
            inner: Voice::clone(&seg.voice),
        },
    )
}

/// The segmentation of one text (see `segmentation_out`).
#[pyfunction]
#[pyo3(name = "segment")]
fn py_segment(
    py: Python<'_>,
    text: &str,
    abbr: &PyAbbreviations,
    max_unclosed: usize,
) -> PyResult<SegmentOut> {
    guard("segment", || {
        // the work holds no Python object: other threads run meanwhile
        let seg = py.detach(|| segment::segment(text, &abbr.inner, max_unclosed));
        Ok(segmentation_out(&seg))
    })
}

/// Quotations of `text` as (start, end, words), given its paragraphs.
#[pyfunction]
#[pyo3(name = "find_quotes")]
fn py_find_quotes(
    text: &str,
    paragraphs: Vec<Span>,
    max_unclosed: usize,
) -> PyResult<Vec<(usize, usize, usize)>> {
    guard("find_quotes", || {
        let chars = chars_of(text);
        checked_spans(&paragraphs, chars.len())?;
        Ok(quotes::find_quotes(&chars, &paragraphs, max_unclosed)
            .into_iter()
            .map(|(s, e)| (s, e, segment::count_words(&chars, s, e)))
            .collect())
    })
}

/// Paragraph spans of `text`.
#[pyfunction]
#[pyo3(name = "paragraphs")]
fn py_paragraphs(text: &str) -> PyResult<Vec<Span>> {
    guard("paragraphs", || Ok(segment::paragraphs(&chars_of(text))))
}

/// Word spans of `text[start:end]` (WORD_RE.finditer(text, start, end)).
#[pyfunction]
#[pyo3(name = "words")]
fn py_words(text: &str, start: usize, end: usize) -> PyResult<Vec<Span>> {
    guard("words", || Ok(segment::words(&chars_of(text), start, end)))
}

/// Adds segmentation's classes and functions to `framing._core`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyAbbreviations>()?;
    m.add_class::<PyVoice>()?;
    m.add_function(wrap_pyfunction!(py_segment, m)?)?;
    m.add_function(wrap_pyfunction!(py_find_quotes, m)?)?;
    m.add_function(wrap_pyfunction!(py_paragraphs, m)?)?;
    m.add_function(wrap_pyfunction!(py_words, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_spans_are_checked() {
        assert!(checked_spans(&[(0, 2), (2, 4)], 4).is_ok());
        assert!(checked_spans(&[(0, 5)], 4).is_err());
        assert!(checked_spans(&[(3, 2)], 4).is_err());
        assert!(checked_spans(&[(2, 4), (0, 1)], 4).is_err());
    }
}
