//! The per-article tallies scoring.py computes after attribution: words by voice (authorial,
//! quoted, reported), each sentence's voice, which offsets lie in reported speech, and the
//! per-category counts by voice. Plain numbers in and out; Python keeps the dataclasses and the
//! rounding.
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::guard::guard;
use crate::quotes::Voice;
use crate::segment::word_starts;
use crate::segment_py::PyVoice;

/// A sentence's voice, as scoring.py names them (results.AUTHORIAL, QUOTED, REPORTED).
pub const VOICES: [&str; 3] = ["authorial", "quoted", "reported"];

/// Reported-speech regions: sorted, disjoint (start, end) ranges (attribution.reported_regions).
pub struct Regions<'a> {
    starts: Vec<usize>,
    ends: Vec<usize>,
    voice: &'a Voice,
}

impl<'a> Regions<'a> {
    pub fn new(regions: &[(usize, usize)], voice: &'a Voice) -> Self {
        Regions {
            starts: regions.iter().map(|r| r.0).collect(),
            ends: regions.iter().map(|r| r.1).collect(),
            voice,
        }
    }

    /// Whether any region overlaps [start, end).
    pub fn touches(&self, start: usize, end: usize) -> bool {
        if end == 0 {
            return false;
        }
        let i = self.starts.partition_point(|&s| s < end);
        i > 0 && self.ends[i - 1] > start
    }

    /// How many words of `chars[start..end]` (as segment::for_each_word finds them there) start in
    /// reported speech outside quotations, as [`Regions::at`] tells: the regions and the
    /// quotations are sorted and disjoint, so that is the words starting in each region's part
    /// of the range less those starting in a quotation inside that part.
    pub fn reported_words(&self, chars: &[char], start: usize, end: usize) -> usize {
        let from = self
            .starts
            .partition_point(|&s| s <= start)
            .saturating_sub(1);
        let mut n = 0;
        for (&rs, &re) in self.starts[from..].iter().zip(&self.ends[from..]) {
            if rs >= end {
                break;
            }
            let (a, b) = (rs.max(start), re.min(end));
            if a >= b {
                continue;
            }
            n += word_starts(chars, start, a, b);
            n -= self
                .voice
                .overlapping(a, b)
                .map(|(qs, qe)| word_starts(chars, start, qs.max(a), qe.min(b)))
                .sum::<usize>();
        }
        n
    }

    /// Whether `pos` lies in reported speech and not in a quotation.
    pub fn at(&self, pos: usize) -> bool {
        let i = self.starts.partition_point(|&s| s <= pos);
        i > 0 && pos < self.ends[i - 1] && !self.voice.quoted_at(pos)
    }
}

/// Words by voice over the kept sentences ((start, end, quoted) and their (words, quoted words)):
/// (total, authorial, reported, each sentence's voice index into VOICES), and for each position
/// asked whether it lies in reported speech.
pub fn voice_tallies(
    chars: &[char],
    regions: &Regions,
    kept: &[(usize, usize, bool)],
    words: &[(usize, usize)],
    positions: &[usize],
) -> (usize, usize, usize, Vec<usize>, Vec<bool>) {
    let (mut total, mut auth, mut rep) = (0, 0, 0);
    let mut voices = Vec::with_capacity(kept.len());
    for (&(start, end, quoted), &(n, q)) in kept.iter().zip(words) {
        let r = if q < n && regions.touches(start, end) {
            regions.reported_words(chars, start, end)
        } else {
            0
        };
        total += n;
        auth += n - q - r;
        rep += r;
        voices.push(if quoted {
            1
        } else if r * 2 > n {
            2
        } else {
            0
        });
    }
    let at = positions.iter().map(|&p| regions.at(p)).collect();
    (total, auth, rep, voices, at)
}

/// Per category and voice (index category * 3 + voice): (matches, sum of their weights in match
/// order, distinct sentences among them whose own voice is that voice). `sentence_voice[k]` is
/// sentence k's voice index, or None for a sentence not scored.
pub fn category_tallies(
    categories: usize,
    matches: &[(usize, usize, usize, f64)],
    sentence_voice: &[Option<usize>],
) -> Vec<(usize, f64, usize)> {
    let mut out = vec![(0usize, 0.0f64, 0usize); categories * 3];
    // (slot, sentence) pairs counted
    let mut seen = rustc_hash::FxHashSet::default();
    for &(cat, voice, sentence, weight) in matches {
        let k = cat * 3 + voice;
        out[k].0 += 1;
        out[k].1 += weight;
        if sentence_voice.get(sentence).copied().flatten() == Some(voice)
            && seen.insert((k, sentence))
        {
            out[k].2 += 1;
        }
    }
    out
}

type Tallies = (usize, usize, usize, Vec<&'static str>, Vec<bool>);

/// scoring.py's words by voice: text, reported regions (sorted, disjoint), the text's Voice, the
/// kept sentences as (start, end, quoted), their (words, quoted words), and offsets to test for
/// reported speech. Returns (total, authorial, reported words, each kept sentence's voice,
/// whether each offset is in reported speech).
#[pyfunction]
#[pyo3(name = "voice_tallies")]
pub(crate) fn py_voice_tallies(
    text: &str,
    regions: Vec<(usize, usize)>,
    voice: PyRef<'_, PyVoice>,
    kept: Vec<(usize, usize, bool)>,
    words: Vec<(usize, usize)>,
    positions: Vec<usize>,
) -> PyResult<Tallies> {
    guard("voice_tallies", || {
        let chars = crate::segment::chars_of(text);
        if kept.len() != words.len() {
            return Err(PyValueError::new_err(format!(
                "voice_tallies: {} sentences but {} word counts",
                kept.len(),
                words.len()
            )));
        }
        if let Some(&(s, e, _)) = kept.iter().find(|&&(s, e, _)| s > e || e > chars.len()) {
            return Err(PyValueError::new_err(format!(
                "voice_tallies: sentence span ({s}, {e}) is not within the text of {} characters",
                chars.len()
            )));
        }
        if let Some(&(n, q)) = words.iter().find(|&&(n, q)| q > n) {
            return Err(PyValueError::new_err(format!(
                "voice_tallies: {q} quoted words of {n}"
            )));
        }
        let regions = Regions::new(&regions, &voice.inner);
        let (t, a, r, v, at) = voice_tallies(&chars, &regions, &kept, &words, &positions);
        Ok((t, a, r, v.into_iter().map(|k| VOICES[k]).collect(), at))
    })
}

/// The per-category tallies: matches as (category index, voice index, sentence, weight);
/// sentence_voice per sentence index (None: not scored). A list, category-major, of (count,
/// weighted sum, sentences) for each voice of VOICES.
#[pyfunction]
#[pyo3(name = "category_tallies")]
pub fn py_category_tallies(
    categories: usize,
    matches: Vec<(usize, usize, usize, f64)>,
    sentence_voice: Vec<Option<usize>>,
) -> PyResult<Vec<(usize, f64, usize)>> {
    guard("category_tallies", || {
        if let Some(m) = matches.iter().find(|m| m.0 >= categories || m.1 >= 3) {
            return Err(PyValueError::new_err(format!(
                "category_tallies: match (category {}, voice {}) outside {categories} categories and 3 voices",
                m.0, m.1
            )));
        }
        Ok(category_tallies(categories, &matches, &sentence_voice))
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(py_voice_tallies, m)?)?;
    m.add_function(wrap_pyfunction!(py_category_tallies, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::for_each_word;

    #[test]
    fn words_in_reported_speech_by_hand() {
        // "Ann said the plan works." : content "the plan works" (9..23), no quotations
        let text: Vec<char> = "Ann said the plan works.".chars().collect();
        let voice = Voice::new(&[]);
        let regions = Regions::new(&[(9, 23)], &voice);
        let (t, a, r, v, at) =
            voice_tallies(&text, &regions, &[(0, 24, false)], &[(5, 0)], &[0, 9]);
        // 5 words, 3 reported: the sentence is mostly reported
        assert_eq!((t, a, r, v, at), (5, 2, 3, vec![2], vec![false, true]));
    }

    #[test]
    fn reported_words_agree_with_at() {
        // regions 4..20 and 25..40, quotations 8..14 and 30..33: every sentence range
        let text: Vec<char> = "Ann said the “plan” works; Bob said “so” it is and more."
            .chars()
            .collect();
        let voice = Voice::new(&[(8, 14), (30, 33)]);
        let regions = Regions::new(&[(4, 20), (25, 40)], &voice);
        for start in 0..text.len() {
            for end in start..=text.len() {
                let mut want = 0;
                for_each_word(&text, start, end, |s, _| want += regions.at(s) as usize);
                assert_eq!(
                    regions.reported_words(&text, start, end),
                    want,
                    "{start}..{end}"
                );
            }
        }
    }

    #[test]
    fn category_counts_by_hand() {
        // two matches of category 0 in authorial sentence 0, one quoted in sentence 1
        let m = [(0, 0, 0, 1.0), (0, 0, 0, 0.5), (0, 1, 1, 2.0)];
        let out = category_tallies(1, &m, &[Some(0), Some(1)]);
        assert_eq!(out, vec![(2, 1.5, 1), (1, 2.0, 1), (0, 0.0, 0)]);
    }
}
