//! The per-article tallies scoring.py computes after attribution: words by voice (authorial,
//! quoted, reported), each sentence's voice, which offsets lie in reported speech, and the
//! per-category counts by voice; and from them an article's figures (rates and shares rounded
//! as Python's `round` does, the index), which article.rs's RowBuilder shapes for Python.
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::guard::guard;
use crate::quotes::Voice;
use crate::segment::WordIndex;
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
    /// of the range less those starting in a quotation inside that part (`words`: the word
    /// starts of `chars`).
    pub fn reported_words(
        &self,
        (chars, words): (&[char], &WordIndex),
        start: usize,
        end: usize,
    ) -> usize {
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
            n += words.count(chars, start, a, b);
            n -= self
                .voice
                .overlapping(a, b)
                .map(|(qs, qe)| words.count(chars, start, qs.max(a), qe.min(b)))
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
/// asked whether it lies in reported speech. `text`: the characters and their word starts.
pub fn voice_tallies(
    text: (&[char], &WordIndex),
    regions: &Regions,
    kept: &[(usize, usize, bool)],
    words: &[(usize, usize)],
    positions: &[usize],
) -> (usize, usize, usize, Vec<usize>, Vec<bool>) {
    let (mut total, mut auth, mut rep) = (0, 0, 0);
    let mut voices = Vec::with_capacity(kept.len());
    for (&(start, end, quoted), &(n, q)) in kept.iter().zip(words) {
        let r = if q < n && regions.touches(start, end) {
            regions.reported_words(text, start, end)
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

/// Python's `round(x, digits)` for a float: the value correctly rounded to `digits` decimals (a
/// tie, exact in binary, to even) and read back, bit for bit CPython's result.
pub fn round_py(x: f64, digits: usize) -> f64 {
    const POW10: [f64; 7] = [1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6];
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    if let Some(&p) = POW10.get(digits) {
        // Below 2^31 the product is within 2^-22 of x * 10^digits, so away from a half it rounds
        // to the same integer n; n / 10^digits (both exact) is then the double nearest the decimal,
        // which is what Python reads back. Near a half, the exact decimal decides (below).
        let s = x * p;
        if s.abs() < 2147483648.0 && (s - s.floor() - 0.5).abs() > 1e-6 {
            return s.round() / p;
        }
    }
    round_exact(x, digits)
}

/// [`round_py`] by the exact decimal: Rust's fixed-precision formatting rounds the exact binary
/// value as CPython's does (ties to even; checked against Python on 200,000 random and tie
/// values), and parsing reads the decimal back as Python does.
fn round_exact(x: f64, digits: usize) -> f64 {
    format!("{x:.digits$}").parse().unwrap_or(x)
}

/// One category's figures in one voice, as Scorer's numbers give them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VoiceFigures {
    pub count: usize,
    /// round(weighted sum, 3); None with no match (the figure is the integer 0 then)
    pub weighted: Option<f64>,
    pub per_1000_words: f64,
    pub sentence_share: f64,
}

/// The attribution figures: named, anonymous, vague, documents, direct quotes, and the shares
/// and rates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AttributionFigures {
    pub counts: [usize; 5],
    pub quoted_word_share: f64,
    pub named_per_1000_words: f64,
    pub unnamed_per_1000_words: f64,
}

/// The attribution figures' names, in order (counts first).
pub const ATTRIBUTION_KEYS: [&str; 8] = [
    "named",
    "anonymous",
    "vague",
    "documents",
    "direct_quotes",
    "quoted_word_share",
    "named_per_1000_words",
    "unnamed_per_1000_words",
];

/// A category figure's names.
pub const FIGURE_KEYS: [&str; 4] = ["count", "weighted", "per_1000_words", "sentence_share"];

/// What an index term reads: a category slot's figure in a voice, or an attribution figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Feature {
    /// (slot, voice, index into FIGURE_KEYS)
    Category(usize, usize, usize),
    /// index into ATTRIBUTION_KEYS
    Attribution(usize),
}

impl VoiceFigures {
    fn get(&self, key: usize) -> f64 {
        match key {
            0 => self.count as f64,
            1 => self.weighted.unwrap_or(0.0),
            2 => self.per_1000_words,
            _ => self.sentence_share,
        }
    }
}

impl AttributionFigures {
    fn get(&self, key: usize) -> f64 {
        match key {
            0..=4 => self.counts[key] as f64,
            5 => self.quoted_word_share,
            6 => self.named_per_1000_words,
            _ => self.unnamed_per_1000_words,
        }
    }
}

/// An article's numbers (Scorer's `summary` without sentiment, readability and classifiers).
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// total, authorial, quoted, reported words
    pub words: [usize; 4],
    pub sentences: usize,
    pub excluded: usize,
    /// per category slot shown (in slot order), its figures by voice
    pub categories: Vec<[VoiceFigures; 3]>,
    pub attribution: AttributionFigures,
    pub index: f64,
    pub rates_reliable: bool,
}

/// The inputs of [`figures`] an article gives: words (total, authorial, reported), scored
/// sentences by voice (authorial, quoted, reported), the category tallies (slot * 3 + voice:
/// count, weighted sum, sentences), the attribution counts (named, anonymous, vague, documents,
/// direct quotes, words inside quotation marks) and the excluded paragraphs.
pub struct ArticleCounts<'a> {
    pub words: (usize, usize, usize),
    pub sentences: [usize; 3],
    pub tallies: &'a [(usize, f64, usize)],
    pub attribution: [usize; 6],
    pub excluded: usize,
}

/// Scorer's numbers of an article: `shown` category slots (the last slot, an unnamed-source
/// category of its own, is shown too when it has a match), each figure rounded as Python did,
/// the index as the sum of weight x figure over `terms` (None: a path to no number, 0), and
/// whether the authorial words reach `min_rate_words`.
pub fn figures(
    a: &ArticleCounts,
    shown: usize,
    terms: &[(f64, Option<Feature>)],
    min_rate_words: f64,
) -> Figures {
    let (total, auth, rep) = a.words;
    let quoted = total - auth - rep;
    let words = [auth, quoted, rep];
    let mut slots = shown;
    if a.tallies.len() > 3 * shown && a.tallies[3 * shown..3 * shown + 3].iter().any(|t| t.0 > 0) {
        slots += 1;
    }
    let categories = (0..slots)
        .map(|slot| {
            std::array::from_fn(|v| {
                let (count, weighted, hits) = a.tallies[3 * slot + v];
                if count == 0 {
                    return VoiceFigures {
                        count: 0,
                        weighted: None,
                        per_1000_words: 0.0,
                        sentence_share: 0.0,
                    };
                }
                let (w, n) = (words[v], a.sentences[v]);
                VoiceFigures {
                    count,
                    weighted: Some(round_py(weighted, 3)),
                    per_1000_words: if w > 0 {
                        round_py(count as f64 * 1000.0 / w as f64, 3)
                    } else {
                        0.0
                    },
                    sentence_share: if n > 0 {
                        round_py(hits as f64 / n as f64, 4)
                    } else {
                        0.0
                    },
                }
            })
        })
        .collect::<Vec<[VoiceFigures; 3]>>();
    let [named, anonymous, vague, documents, direct, in_marks] = a.attribution;
    let per_k = if auth > 0 { 1000.0 / auth as f64 } else { 0.0 };
    let attribution = AttributionFigures {
        counts: [named, anonymous, vague, documents, direct],
        quoted_word_share: if total > 0 {
            round_py(in_marks as f64 / total as f64, 4)
        } else {
            0.0
        },
        named_per_1000_words: round_py(named as f64 * per_k, 3),
        unnamed_per_1000_words: round_py((anonymous + vague) as f64 * per_k, 3),
    };
    let mut index = 0.0;
    for &(weight, feature) in terms {
        let value = match feature {
            Some(Feature::Category(slot, v, key)) => categories
                .get(slot)
                .map_or(0.0, |c: &[VoiceFigures; 3]| c[v].get(key)),
            Some(Feature::Attribution(key)) => attribution.get(key),
            None => 0.0,
        };
        index += weight * value;
    }
    Figures {
        words: [total, auth, quoted, rep],
        sentences: a.sentences.iter().sum(),
        excluded: a.excluded,
        categories,
        attribution,
        index: round_py(index, 3),
        rates_reliable: auth as f64 >= min_rate_words,
    }
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
        let index = WordIndex::new(text);
        let (t, a, r, v, at) = voice_tallies((&chars, &index), &regions, &kept, &words, &positions);
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
        let plain = "Ann said the plan works.";
        let text: Vec<char> = plain.chars().collect();
        let voice = Voice::new(&[]);
        let regions = Regions::new(&[(9, 23)], &voice);
        let index = WordIndex::new(plain);
        let (t, a, r, v, at) = voice_tallies(
            (&text, &index),
            &regions,
            &[(0, 24, false)],
            &[(5, 0)],
            &[0, 9],
        );
        // 5 words, 3 reported: the sentence is mostly reported
        assert_eq!((t, a, r, v, at), (5, 2, 3, vec![2], vec![false, true]));
    }

    #[test]
    fn reported_words_agree_with_at() {
        // regions 4..20 and 25..40, quotations 8..14 and 30..33: every sentence range
        let plain = "Ann said the “plan” works; Bob said “so” it is and more.";
        let text: Vec<char> = plain.chars().collect();
        let voice = Voice::new(&[(8, 14), (30, 33)]);
        let regions = Regions::new(&[(4, 20), (25, 40)], &voice);
        let index = WordIndex::new(plain);
        for start in 0..text.len() {
            for end in start..=text.len() {
                let mut want = 0;
                for_each_word(&text, start, end, |s, _| want += regions.at(s) as usize);
                assert_eq!(
                    regions.reported_words((&text, &index), start, end),
                    want,
                    "{start}..{end}"
                );
            }
        }
    }

    #[test]
    fn python_rounding_by_hand() {
        // ties exact in binary go to even; 2.675 and 1.0005 lie below their ties in binary,
        // -0.0005 beyond its own (Python: round(x, n) gives the same)
        assert_eq!(round_py(0.125, 2), 0.12);
        assert_eq!(round_py(0.375, 2), 0.38);
        assert_eq!(round_py(2.675, 2), 2.67);
        assert_eq!(round_py(1.0005, 3), 1.0);
        assert_eq!(round_py(-0.0005, 3), -0.001);
        assert_eq!(round_py(2000.0 / 7.0, 3), 285.714);
        assert_eq!(round_py(5.0 / 3.0, 4), 1.6667);
        assert!(round_py(-0.0, 3).is_sign_negative());
    }

    #[test]
    fn rounding_fast_path_equals_the_exact_decimal() {
        // ratios as the figures make them, ties, and values around halves and the 2^31 bound
        let mut seed = 0x9e3779b97f4a7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut xs: Vec<f64> = vec![
            0.0005,
            0.00005,
            1.0005,
            2.675,
            0.125,
            2147483.6475,
            2147483.6485,
        ];
        for _ in 0..200_000 {
            let (a, b) = ((next() % 5000) as f64, (next() % 5000 + 1) as f64);
            xs.push(a * 1000.0 / b);
            xs.push(a / b);
            xs.push((next() % 2_000_000) as f64 / 2000.0);
            xs.push((next() % 100_000) as f64 / -16.0);
            xs.push(f64::from_bits(next() >> 2) % 1e7);
        }
        for &x in &xs {
            for d in [3, 4] {
                let (got, want) = (round_py(x, d), round_exact(x, d));
                assert_eq!(got.to_bits(), want.to_bits(), "round({x:?}, {d})");
            }
        }
    }

    #[test]
    fn figures_by_hand() {
        // 20 words: 7 authorial, 3 reported, so 10 quoted; sentences 3 authorial, 1 quoted
        let tallies = [
            (2, 1.2345, 2), // slot 0 authorial: 2 matches in 2 sentences
            (1, 0.4, 1),    // slot 0 quoted
            (1, 1.0, 0),    // slot 0 reported (no reported sentence)
            (0, 0.0, 0),
            (0, 0.0, 0),
            (0, 0.0, 0),
            (1, 0.4, 1), // the unnamed sources' own slot: shown, as it has a match
            (0, 0.0, 0),
            (0, 0.0, 0),
        ];
        let counts = ArticleCounts {
            words: (20, 7, 3),
            sentences: [3, 1, 0],
            tallies: &tallies,
            attribution: [1, 1, 1, 0, 2, 10],
            excluded: 4,
        };
        let terms = [
            (1.0, Some(Feature::Category(0, 0, 2))), // 285.714
            (0.5, Some(Feature::Attribution(6))),    // 142.857 / 2
            (2.0, None),
            (1.0, Some(Feature::Category(2, 0, 0))), // 1 match
        ];
        let f = figures(&counts, 2, &terms, 150.0);
        assert_eq!(f.words, [20, 7, 10, 3]);
        assert_eq!((f.sentences, f.excluded, f.rates_reliable), (4, 4, false));
        assert_eq!(f.categories.len(), 3);
        let a = f.categories[0];
        assert_eq!(
            (
                a[0].count,
                a[0].weighted,
                a[0].per_1000_words,
                a[0].sentence_share
            ),
            (2, Some(1.234), 285.714, 0.6667)
        );
        assert_eq!((a[1].per_1000_words, a[1].sentence_share), (100.0, 1.0));
        assert_eq!((a[2].per_1000_words, a[2].sentence_share), (333.333, 0.0));
        assert_eq!(f.categories[1][0].weighted, None);
        let at = f.attribution;
        assert_eq!(at.counts, [1, 1, 1, 0, 2]);
        assert_eq!(
            (
                at.quoted_word_share,
                at.named_per_1000_words,
                at.unnamed_per_1000_words
            ),
            (0.5, 142.857, 285.714)
        );
        // 285.714 + 71.4285 + 0 + 1 = 358.1425, which is 358.14249... in binary
        assert_eq!(f.index, 358.142);
        // without a match in it, the unnamed sources' slot is not shown
        let mut quiet = tallies;
        quiet[6] = (0, 0.0, 0);
        let counts = ArticleCounts {
            tallies: &quiet,
            ..counts
        };
        assert_eq!(figures(&counts, 2, &terms, 7.0).categories.len(), 2);
        assert!(figures(&counts, 2, &terms, 7.0).rates_reliable);
    }

    #[test]
    fn category_counts_by_hand() {
        // two matches of category 0 in authorial sentence 0, one quoted in sentence 1
        let m = [(0, 0, 0, 1.0), (0, 0, 0, 0.5), (0, 1, 1, 2.0)];
        let out = category_tallies(1, &m, &[Some(0), Some(1)]);
        assert_eq!(out, vec![(2, 1.5, 1), (1, 2.0, 1), (0, 0.0, 0)]);
    }
}
