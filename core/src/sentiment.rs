//! VADER sentiment (Hutto & Gilbert 2014) as vaderSentiment 3.3.2's
//! `SentimentIntensityAnalyzer.polarity_scores` computes it, step for step, so the scores are the
//! same to the last rounded digit. The lexicons and word lists are not copied here: the Python
//! front reads them from the installed vaderSentiment package and hands them to [`Vader::new`].
//!
//! What must match Python exactly: words are split, stripped, lower-cased and tested for capitals
//! with `str`'s own rules ([`crate::pychar`]); floating-point operations run in vaderSentiment's
//! order; scores are rounded as Python's `round` does (correctly, ties to even).
use std::collections::BTreeSet;

use crate::offsets::{next_wide, Offsets};
use crate::pychar;
use crate::wordmap::WordMap;

// vaderSentiment's literals, inline in its code (its module-level constants come in VaderData):
// a booster two and three words back counts 0.95 and 0.9; "never so/this" 1.25; scores before
// "but" halve, after it grow by half; exclamation and question marks; the normalising alpha.
const DISTANCE_DAMPING: [f64; 3] = [1.0, 0.95, 0.9];
const NEVER_SO_BOOST: f64 = 1.25;
const BUT_BEFORE: f64 = 0.5;
const BUT_AFTER: f64 = 1.5;
const EXCLAMATION_BOOST: f64 = 0.292;
const EXCLAMATION_MAX: usize = 4;
const QUESTION_BOOST: f64 = 0.18;
const QUESTION_MAX: f64 = 0.96;
const NORMALIZE_ALPHA: f64 = 15.0;

/// vaderSentiment's data: the lexicon and emoji files, and the word lists and scalars of its
/// module (`NEGATE`, `BOOSTER_DICT`, `SPECIAL_CASES`, `C_INCR`, `N_SCALAR`).
pub struct VaderData<'a> {
    pub lexicon: &'a str,
    pub emoji: &'a str,
    pub negations: Vec<String>,
    pub boosters: Vec<(String, f64)>,
    pub special_cases: Vec<(String, f64)>,
    pub caps_increment: f64,
    pub negation_scalar: f64,
    /// Whether Python's `sum()` of floats is compensated (Neumaier; CPython 3.12 and later), as
    /// vaderSentiment's sum of the word scores then is.
    pub compensated_sum: bool,
}

/// VADER's four scores of one text, rounded as vaderSentiment rounds them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Polarity {
    pub neg: f64,
    pub neu: f64,
    pub pos: f64,
    pub compound: f64,
}

/// rustc's FxHash (the rustc-hash crate): the tables are fixed word lists only looked up, never
/// filled from input, so the DoS resistance of std's SipHash buys nothing, and each word of a
/// sentence costs several look-ups.
pub(crate) type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// A VADER analyser: immutable once built, shared freely between threads.
pub struct Vader {
    /// what the rules ask of a single word (lexicon valence, booster, negation, phrase start), all
    /// in one entry: a sentence looks each of its words up once. Keyed as the classifiers' word
    /// caches are (WordMap).
    words: WordMap<Facts>,
    /// the number of lexicon entries
    lexicon_len: usize,
    /// each byte's classes (`SPACE`, `UPPER`, `LOWER`, `PUNCT`, `MARK` for an ASCII byte, read
    /// from pychar's definitions once; `WIDE` for a byte of a wider character): a token of ASCII
    /// bytes is split, stripped and tested for capitals from it
    bytes: [u8; 256],
    emojis: FastMap<char, String>,
    /// Whether any emoji is an ASCII character (none in vaderSentiment 3.3.2): if none is, most
    /// sentences need no emoji look-up at all.
    ascii_emoji: bool,
    /// the boosters of several words ("kind of"); a single word's is in its Facts
    boosters: FastMap<String, f64>,
    special_cases: FastMap<String, f64>,
    caps_increment: f64,
    negation_scalar: f64,
    compensated_sum: bool,
}

/// What VADER's rules ask of one lower-cased word.
#[derive(Clone, Copy, Default, Debug, PartialEq)]
struct Facts {
    /// its lexicon valence
    valence: Option<f64>,
    /// its `BOOSTER_DICT` scalar
    booster: Option<f64>,
    /// in `NEGATE` (a word holding "n't" negates too: tested where asked)
    negation: bool,
    /// the first word of an idiom or of a booster of several words ("kind of")
    phrase_start: bool,
}

// A byte's classes in `Vader::bytes`.
const SPACE: u8 = 1;
const UPPER: u8 = 2;
const LOWER: u8 = 4;
const PUNCT: u8 = 8;
/// '!' or '?' (punctuation emphasis)
const MARK: u8 = 16;
/// a byte of a character of more than one byte
const WIDE: u8 = 32;

/// One token of `SentiText.words_and_emoticons`, with what the rules ask of it; its lower-cased
/// text is `lower[start..end]` of its [`Scratch`].
#[derive(Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    upper: bool,
    facts: Facts,
}

/// The buffers of one sentence's scoring, kept from sentence to sentence of one call (cleared, not
/// freed): built anew, the token, word and score vectors took several growing allocations a
/// sentence, and each idiom look-up formatted its phrases.
#[derive(Default)]
pub struct Scratch {
    lower: String,
    tokens: Vec<Token>,
    sentiments: Vec<f64>,
    /// an idiom or booster phrase being looked up
    phrase: String,
}

/// A sentence's words: its tokens and their lower-cased text.
#[derive(Clone, Copy)]
struct Words<'a> {
    lower: &'a str,
    tokens: &'a [Token],
}

impl<'a> Words<'a> {
    fn len(&self) -> usize {
        self.tokens.len()
    }

    fn low(&self, k: usize) -> &'a str {
        let t = &self.tokens[k];
        &self.lower[t.start..t.end]
    }

    fn in_lexicon(&self, k: usize) -> bool {
        self.tokens[k].facts.valence.is_some()
    }

    fn facts(&self, k: usize) -> Facts {
        self.tokens[k].facts
    }
}

/// `parts` joined by single spaces in `buf` (an n-gram key of the idiom and booster tables).
fn phrase<'b>(buf: &'b mut String, parts: &[&str]) -> &'b str {
    buf.clear();
    for (n, p) in parts.iter().enumerate() {
        if n > 0 {
            buf.push(' ');
        }
        buf.push_str(p);
    }
    buf
}

impl Vader {
    /// Builds the analyser; a malformed lexicon line is an error naming the file and line.
    pub fn new(data: VaderData<'_>) -> Result<Self, String> {
        let (words, lexicon_len) = word_facts(&data)?;
        let emojis = parse_emoji(data.emoji)?;
        let mut bytes = [WIDE; 256];
        for (b, class) in bytes.iter_mut().enumerate().take(128) {
            let c = char::from(b as u8);
            *class = 0;
            for (is, bit) in [
                (pychar::is_space(c), SPACE),
                (pychar::is_upper(c), UPPER),
                (pychar::is_lower(c), LOWER),
                // string.punctuation, which _strip_punc_if_word strips
                (c.is_ascii_punctuation(), PUNCT),
                (c == '!' || c == '?', MARK),
            ] {
                if is {
                    *class |= bit;
                }
            }
        }
        Ok(Vader {
            words,
            lexicon_len,
            bytes,
            ascii_emoji: emojis.keys().any(char::is_ascii),
            emojis,
            // a single word's booster is in its Facts: only phrases need this table
            boosters: data
                .boosters
                .into_iter()
                .filter(|(k, _)| k.contains(' '))
                .collect(),
            special_cases: data.special_cases.into_iter().collect(),
            caps_increment: data.caps_increment,
            negation_scalar: data.negation_scalar,
            compensated_sum: data.compensated_sum,
        })
    }

    /// Number of lexicon entries (for the Python front's `repr` and tests).
    /// The compound score of each sentence of `text`, given as (start, end) code-point offsets; a
    /// sentence of more than `max_words` words (framing's words, `WORD_RE`) is scored in windows
    /// of `max_words` words (from a window's first word to its last), averaged by words, since
    /// VADER's compound saturates on long texts. Err for a span outside the text or no window.
    pub fn sentence_compounds(
        &self,
        text: &str,
        spans: &[(usize, usize)],
        max_words: usize,
    ) -> Result<Vec<f64>, String> {
        if max_words == 0 {
            return Err("max_sentence_words must be at least 1".to_string());
        }
        // the text's characters of more than one byte, found eight bytes at a time: a vector of
        // every character's byte offset cost ~14 instructions a character
        let offsets = Offsets::new(text);
        let at = |ch: usize| offsets.to_byte(ch);
        let n_chars = offsets.len_chars();
        let mut out = Vec::with_capacity(spans.len());
        let mut words: Vec<(usize, usize)> = Vec::new();
        let mut scratch = Scratch::default();
        // the characters of one long sentence: only those are counted in words (no copy of the text)
        let mut chars: Vec<char> = Vec::new();
        for &(start, end) in spans {
            if start > end || end > n_chars {
                return Err(format!(
                    "sentence span ({start}, {end}) outside a text of {n_chars} characters"
                ));
            }
            // words are at least a character long and one apart: a sentence this short needs no count
            if (end - start).div_ceil(2) <= max_words {
                out.push(self.compound_with(&text[at(start)..at(end)], &mut scratch));
                continue;
            }
            words.clear();
            chars.clear();
            chars.extend(text[at(start)..at(end)].chars());
            // a word is found from its own characters on, never those before the span
            crate::segment::for_each_word(&chars, 0, chars.len(), |s, e| {
                words.push((start + s, start + e))
            });
            if words.len() <= max_words {
                out.push(self.compound_with(&text[at(start)..at(end)], &mut scratch));
                continue;
            }
            let weighted: Vec<f64> = words
                .chunks(max_words)
                .map(|c| {
                    let piece = &text[at(c[0].0)..at(c[c.len() - 1].1)];
                    self.compound_with(piece, &mut scratch) * c.len() as f64
                })
                .collect();
            out.push(py_sum(&weighted, self.compensated_sum) / words.len() as f64);
        }
        Ok(out)
    }

    pub fn lexicon_len(&self) -> usize {
        self.lexicon_len
    }

    /// `SentimentIntensityAnalyzer.polarity_scores(text)`.
    pub fn polarity_scores(&self, text: &str) -> Polarity {
        self.polarity_with(text, &mut Scratch::default())
    }

    /// `polarity_scores` in the buffers of `scratch` (a caller scoring many texts keeps one).
    pub fn polarity_with(&self, text: &str, scratch: &mut Scratch) -> Polarity {
        self.with_word_scores(text, scratch, |scores, amplifier| {
            self.score_valence(scores, amplifier)
        })
    }

    /// `polarity_scores(text)["compound"]` in the buffers of `scratch`, without the three
    /// proportions (three roundings and a pass over the scores a sentence).
    pub fn compound_with(&self, text: &str, scratch: &mut Scratch) -> f64 {
        self.with_word_scores(text, scratch, |scores, amplifier| {
            if scores.is_empty() {
                return 0.0;
            }
            let sum = self.emphasised_sum(scores, amplifier);
            py_round(normalize(sum), 4)
        })
    }

    /// `f` of the words' scores of `text` (after `_but_check`) and of its punctuation emphasis.
    fn with_word_scores<R>(
        &self,
        text: &str,
        scratch: &mut Scratch,
        f: impl FnOnce(&[f64], f64) -> R,
    ) -> R {
        let replaced = self.replace_emoji(text);
        let text = py_strip(replaced.as_deref().unwrap_or(text));
        let Scratch {
            lower,
            tokens,
            sentiments,
            phrase,
        } = scratch;
        sentiments.clear();
        let classes = self.tokenize(text, lower, tokens);
        let words = Words { lower, tokens };
        let n_upper = tokens.iter().filter(|w| w.upper).count();
        let cap_diff = n_upper > 0 && n_upper < words.len();

        for i in 0..words.len() {
            let low = words.low(i);
            let kind_of = low == "kind" && i + 1 < words.len() && words.low(i + 1) == "of";
            let facts = words.facts(i);
            // a word outside the lexicon scores 0 (valence's first test, without the call)
            if facts.booster.is_some() || kind_of || facts.valence.is_none() {
                sentiments.push(0.0);
            } else {
                sentiments.push(self.valence(words, i, cap_diff, phrase));
            }
        }
        but_check(words, sentiments);
        // a text without '!' or '?' (most) is not searched for them
        let amplifier = if classes & MARK != 0 {
            punctuation_emphasis(text)
        } else {
            0.0
        };
        f(sentiments, amplifier)
    }

    /// `SentiText`'s tokens of `text`: split at white space (`str.split()`), punctuation stripped
    /// (`_strip_punc_if_word`), lower-cased character by character and tested for capitals
    /// (`str.isupper()`), each looked up once. A token of ASCII bytes (nearly all) is split,
    /// stripped and tested in one pass over its bytes, and its lower-cased text is its own place
    /// in a lower-cased copy of the text; any other token is read character by character. The
    /// classes of all the text's bytes but white space are returned.
    fn tokenize(&self, text: &str, lower: &mut String, tokens: &mut Vec<Token>) -> u8 {
        lower.clear();
        tokens.clear();
        // ASCII lower-casing keeps every byte in its place and leaves other characters as they are
        lower.push_str(text);
        lower.make_ascii_lowercase();
        let bytes = text.as_bytes();
        let class = |b: u8| self.bytes[usize::from(b)];
        let mut all = 0u8;
        let mut i = 0;
        while i < bytes.len() {
            let start = i;
            // the classes of the token's ASCII bytes, and whether it holds a wider character
            let mut seen = 0u8;
            let mut wide = false;
            let mut space_width = 0;
            while i < bytes.len() {
                let c = class(bytes[i]);
                if c & (SPACE | WIDE) == 0 {
                    seen |= c;
                    i += 1;
                    continue;
                }
                if c & SPACE != 0 {
                    space_width = 1;
                    break;
                }
                let c = text[i..].chars().next().unwrap_or(' ');
                if pychar::is_space(c) {
                    space_width = c.len_utf8();
                    break;
                }
                wide = true;
                i += c.len_utf8();
            }
            all |= seen;
            let end = i;
            i += space_width;
            if start == end {
                continue;
            }
            let (s, e, upper) = if wide {
                let t = strip_punc_if_word(&text[start..end]);
                let s = lower.len();
                pychar::push_lower_chars(t, lower);
                (s, lower.len(), py_isupper(t))
            } else {
                let (mut s, mut e) = (start, end);
                if seen & PUNCT != 0 {
                    let punct = |b: u8| class(b) & PUNCT != 0;
                    let a = (start..end).find(|&k| !punct(bytes[k])).unwrap_or(end);
                    let z = (a..end)
                        .rev()
                        .find(|&k| !punct(bytes[k]))
                        .map_or(a, |k| k + 1);
                    // two characters or fewer left: an emoticon such as ":)", kept whole
                    if z - a > 2 {
                        (s, e) = (a, z);
                    }
                }
                // stripped bytes are punctuation, never cased: the whole token's classes decide
                (s, e, seen & UPPER != 0 && seen & LOWER == 0)
            };
            tokens.push(Token {
                start: s,
                end: e,
                upper,
                facts: self.words.get(&lower[s..e]).unwrap_or_default(),
            });
        }
        all
    }

    /// VADER's emoji rewrite: each emoji character becomes its description, with a space before it
    /// unless one is there already. None when the text holds no emoji (nothing to copy).
    fn replace_emoji(&self, text: &str) -> Option<String> {
        let has_emoji = if self.ascii_emoji {
            text.chars().any(|c| self.emojis.contains_key(&c))
        } else {
            // no emoji is ASCII (vaderSentiment's): only the wider characters, found eight bytes
            // at a time, are looked up
            let bytes = text.as_bytes();
            let mut b = next_wide(bytes, 0);
            loop {
                let Some(c) = text.get(b..).and_then(|t| t.chars().next()) else {
                    break false;
                };
                if self.emojis.contains_key(&c) {
                    break true;
                }
                b = next_wide(bytes, b + c.len_utf8());
            }
        };
        if !has_emoji {
            return None;
        }
        let mut out = String::with_capacity(text.len() + 32);
        let mut prev_space = true;
        for c in text.chars() {
            match self.emojis.get(&c) {
                Some(description) => {
                    if !prev_space {
                        out.push(' ');
                    }
                    out.push_str(description);
                    prev_space = false;
                }
                None => {
                    out.push(c);
                    prev_space = c == ' ';
                }
            }
        }
        Some(out)
    }

    /// `sentiment_valence` for word i (boosters and "kind of" never reach here).
    fn valence(&self, words: Words<'_>, i: usize, cap_diff: bool, phrase: &mut String) -> f64 {
        let word = &words.tokens[i];
        let Some(base) = word.facts.valence else {
            return 0.0;
        };
        let mut valence = base;
        let low = |k: usize| words.low(k);
        // "no" before another lexicon word negates that word rather than scoring itself
        if low(i) == "no" && i + 1 < words.len() && words.in_lexicon(i + 1) {
            valence = 0.0;
        }
        if (i > 0 && low(i - 1) == "no")
            || (i > 1 && low(i - 2) == "no")
            || (i > 2 && low(i - 3) == "no" && matches!(low(i - 1), "or" | "nor"))
        {
            valence = base * self.negation_scalar;
        }
        if word.upper && cap_diff {
            if valence > 0.0 {
                valence += self.caps_increment;
            } else {
                valence -= self.caps_increment;
            }
        }
        for (start_i, &damping) in DISTANCE_DAMPING.iter().enumerate() {
            if i > start_i && !words.in_lexicon(i - (start_i + 1)) {
                let mut s = self.scalar_inc_dec(words, i - (start_i + 1), valence, cap_diff);
                if start_i > 0 && s != 0.0 {
                    s *= damping;
                }
                valence += s;
                valence = self.negation_check(valence, words, start_i, i);
                if start_i == 2 {
                    valence = self.special_idioms_check(valence, words, i, phrase);
                }
            }
        }
        least_check(valence, words, i, self.negation_scalar)
    }

    /// `scalar_inc_dec`: a booster or dampener before the word, louder in capitals.
    /// `scalar_inc_dec` of word k.
    fn scalar_inc_dec(&self, words: Words<'_>, k: usize, valence: f64, cap_diff: bool) -> f64 {
        let Some(b) = words.facts(k).booster else {
            return 0.0;
        };
        let mut scalar = b;
        if valence < 0.0 {
            scalar *= -1.0;
        }
        if words.tokens[k].upper && cap_diff {
            if valence > 0.0 {
                scalar += self.caps_increment;
            } else {
                scalar -= self.caps_increment;
            }
        }
        scalar
    }

    fn negated(words: Words<'_>, k: usize) -> bool {
        // a word is a few bytes: comparing each three costs less than a substring search's set-up
        words.facts(k).negation || words.low(k).as_bytes().windows(3).any(|w| w == b"n't")
    }

    /// `_negation_check` for the word start_i + 1 places before word i.
    fn negation_check(&self, valence: f64, words: Words<'_>, start_i: usize, i: usize) -> f64 {
        let low = |k: usize| words.low(k);
        let so_or_this = |w: &str| w == "so" || w == "this";
        match start_i {
            0 => {
                if Self::negated(words, i - 1) {
                    return valence * self.negation_scalar;
                }
            }
            1 => {
                if low(i - 2) == "never" && so_or_this(low(i - 1)) {
                    return valence * NEVER_SO_BOOST;
                } else if low(i - 2) == "without" && low(i - 1) == "doubt" {
                    return valence;
                } else if Self::negated(words, i - 2) {
                    return valence * self.negation_scalar;
                }
            }
            _ => {
                if (low(i - 3) == "never" && so_or_this(low(i - 2))) || so_or_this(low(i - 1)) {
                    return valence * NEVER_SO_BOOST;
                } else if low(i - 3) == "without"
                    && (low(i - 2) == "doubt" || low(i - 1) == "doubt")
                {
                    return valence;
                } else if Self::negated(words, i - 3) {
                    return valence * self.negation_scalar;
                }
            }
        }
        valence
    }

    /// `_special_idioms_check` (only reached for i >= 3): idioms around word i set its valence;
    /// booster bigrams and trigrams before it ("kind of") add to it.
    fn special_idioms_check(
        &self,
        mut valence: f64,
        words: Words<'_>,
        i: usize,
        buf: &mut String,
    ) -> f64 {
        let low = |k: usize| words.low(k);
        // every phrase below starts at word i-3, i-2, i-1 or i: none can match unless one of
        // those starts an idiom or a booster phrase (words hold no space)
        let starts = |k: usize| words.facts(k).phrase_start;
        if !(starts(i - 3) || starts(i - 2) || starts(i - 1) || starts(i)) {
            return valence;
        }
        let (w3, w2, w1, w0) = (low(i - 3), low(i - 2), low(i - 1), low(i));
        // vaderSentiment's order: onezero, twoonezero, twoone, threetwoone, threetwo; the first found
        let sequences: [&[&str]; 5] = [
            &[w1, w0],
            &[w2, w1, w0],
            &[w2, w1],
            &[w3, w2, w1],
            &[w3, w2],
        ];
        for seq in sequences {
            if let Some(&v) = self.special_cases.get(phrase(buf, seq)) {
                valence = v;
                break;
            }
        }
        if words.len() - 1 > i {
            if let Some(&v) = self.special_cases.get(phrase(buf, &[w0, low(i + 1)])) {
                valence = v;
            }
        }
        if words.len() - 1 > i + 1 {
            let zeroonetwo = phrase(buf, &[w0, low(i + 1), low(i + 2)]);
            if let Some(&v) = self.special_cases.get(zeroonetwo) {
                valence = v;
            }
        }
        // threetwoone, threetwo, twoone
        let n_grams: [&[&str]; 3] = [&[w3, w2, w1], &[w3, w2], &[w2, w1]];
        for n_gram in n_grams {
            if let Some(&b) = self.boosters.get(phrase(buf, n_gram)) {
                valence += b;
            }
        }
        valence
    }

    /// The sum of the scores, moved away from zero by the punctuation's `amplifier`.
    fn emphasised_sum(&self, sentiments: &[f64], amplifier: f64) -> f64 {
        let sum_s = py_sum(sentiments, self.compensated_sum);
        if sum_s > 0.0 {
            sum_s + amplifier
        } else if sum_s < 0.0 {
            sum_s - amplifier
        } else {
            sum_s
        }
    }

    /// `score_valence`: the sum with punctuation emphasis, normalised; and the three proportions.
    fn score_valence(&self, sentiments: &[f64], amplifier: f64) -> Polarity {
        if sentiments.is_empty() {
            return Polarity {
                neg: 0.0,
                neu: 0.0,
                pos: 0.0,
                compound: 0.0,
            };
        }
        let compound = normalize(self.emphasised_sum(sentiments, amplifier));
        let (mut pos_sum, mut neg_sum, mut neu_count) = (0.0f64, 0.0f64, 0u64);
        for &s in sentiments {
            if s > 0.0 {
                pos_sum += s + 1.0;
            }
            if s < 0.0 {
                neg_sum += s - 1.0;
            }
            if s == 0.0 {
                neu_count += 1;
            }
        }
        if pos_sum > neg_sum.abs() {
            pos_sum += amplifier;
        } else if pos_sum < neg_sum.abs() {
            neg_sum -= amplifier;
        }
        let total = pos_sum + neg_sum.abs() + neu_count as f64;
        Polarity {
            neg: py_round((neg_sum / total).abs(), 3),
            neu: py_round((neu_count as f64 / total).abs(), 3),
            pos: py_round((pos_sum / total).abs(), 3),
            compound: py_round(compound, 4),
        }
    }
}

/// `_least_check`: "least" before a word negates it, except in "at least" and "very least".
fn least_check(valence: f64, words: Words<'_>, i: usize, negation_scalar: f64) -> f64 {
    let low = |k: usize| words.low(k);
    if i > 1 && !words.in_lexicon(i - 1) && low(i - 1) == "least" {
        if low(i - 2) != "at" && low(i - 2) != "very" {
            return valence * negation_scalar;
        }
    } else if i > 0 && !words.in_lexicon(i - 1) && low(i - 1) == "least" {
        return valence * negation_scalar;
    }
    valence
}

/// `_but_check`, including its quirk: each score is looked up by value (`list.index`), so the
/// first equal score earlier in the sentence is the one scaled.
fn but_check(words: Words<'_>, sentiments: &mut [f64]) {
    let Some(bi) = (0..words.len()).position(|k| words.low(k) == "but") else {
        return;
    };
    // a sentence holds a few lexicon words: finding each score among those few costs less than
    // the table; a long text of many keeps n log n
    if sentiments.iter().filter(|&&v| v != 0.0).count() <= BUT_SCAN_MOST {
        but_scan(bi, sentiments);
    } else {
        but_table(bi, sentiments);
    }
}

/// The most non-zero scores for which [`but_scan`] looks each one up among them (m^2 / 2
/// comparisons at most: 512 here, about what the table's allocations cost).
const BUT_SCAN_MOST: usize = 32;

/// The new value of the score `v` found first at `si` by `_but_check` ("but" at `bi`).
fn but_scaled(v: f64, si: usize, bi: usize) -> Option<f64> {
    match si.cmp(&bi) {
        std::cmp::Ordering::Less => Some(v * BUT_BEFORE),
        std::cmp::Ordering::Greater => Some(v * BUT_AFTER),
        std::cmp::Ordering::Equal => None,
    }
}

/// `_but_check` for at most [`BUT_SCAN_MOST`] non-zero scores: a zero score is found at the
/// first zero, any other among the places that held one at the start (a score never becomes
/// non-zero; one scaled to zero is found as a zero after).
fn but_scan(bi: usize, sentiments: &mut [f64]) {
    let mut nonzero = [0usize; BUT_SCAN_MOST];
    let mut m = 0;
    for (i, &v) in sentiments.iter().enumerate() {
        if v != 0.0 {
            nonzero[m] = i;
            m += 1;
        }
    }
    let mut first_zero = sentiments.iter().position(|&v| v == 0.0);
    for k in 0..sentiments.len() {
        let v = sentiments[k];
        let found = if v == 0.0 {
            first_zero
        } else {
            // by bits, as the table keys them (equal for two equal non-zero numbers)
            nonzero[..m]
                .iter()
                .copied()
                .find(|&j| sentiments[j].to_bits() == v.to_bits())
        };
        let Some(si) = found else {
            continue;
        };
        if let Some(scaled) = but_scaled(v, si, bi) {
            sentiments[si] = scaled;
            if scaled == 0.0 {
                first_zero = Some(first_zero.map_or(si, |z| z.min(si)));
            }
        }
    }
}

/// `_but_check` with the indices holding each value kept in a table, so a long text costs
/// n log n rather than vaderSentiment's n^2.
fn but_table(bi: usize, sentiments: &mut [f64]) {
    // -0.0 == 0.0 in Python as in Rust: one key for both
    let key = |v: f64| if v == 0.0 { 0u64 } else { v.to_bits() };
    let mut holding: FastMap<u64, BTreeSet<usize>> = FastMap::default();
    for (i, &v) in sentiments.iter().enumerate() {
        holding.entry(key(v)).or_default().insert(i);
    }
    for k in 0..sentiments.len() {
        let v = sentiments[k];
        let Some(si) = holding.get(&key(v)).and_then(|at| at.first().copied()) else {
            continue;
        };
        let Some(scaled) = but_scaled(v, si, bi) else {
            continue;
        };
        if let Some(at) = holding.get_mut(&key(v)) {
            at.remove(&si);
        }
        sentiments[si] = scaled;
        holding.entry(key(scaled)).or_default().insert(si);
    }
}

/// Python's `sum()` of the scores: left to right, or with CPython 3.12's Neumaier compensation
/// (the correction is added at the end, unless it is zero or not finite).
pub(crate) fn py_sum(values: &[f64], compensated: bool) -> f64 {
    let mut sum = 0.0;
    let mut c = 0.0;
    for &x in values {
        let t = sum + x;
        if compensated {
            if f64::abs(sum) >= x.abs() {
                c += (sum - t) + x;
            } else {
                c += (x - t) + sum;
            }
        }
        sum = t;
    }
    if c != 0.0 && c.is_finite() {
        sum += c;
    }
    sum
}

/// `_punctuation_emphasis`: up to four exclamation marks; two or more question marks.
fn punctuation_emphasis(text: &str) -> f64 {
    // both counted in one pass over the bytes (ASCII marks: a byte is one only as the character)
    let (mut ep, mut qm) = (0usize, 0usize);
    for &b in text.as_bytes() {
        ep += usize::from(b == b'!');
        qm += usize::from(b == b'?');
    }
    let ep = ep.min(EXCLAMATION_MAX);
    let qm_amplifier = if qm > 1 {
        if qm <= 3 {
            qm as f64 * QUESTION_BOOST
        } else {
            QUESTION_MAX
        }
    } else {
        0.0
    };
    ep as f64 * EXCLAMATION_BOOST + qm_amplifier
}

/// `normalize`: the sum mapped into [-1, 1].
fn normalize(score: f64) -> f64 {
    let norm = score / (score * score + NORMALIZE_ALPHA).sqrt();
    norm.clamp(-1.0, 1.0)
}

/// Python's `round(x, digits)`: the decimal nearest the exact binary value (ties to even), read
/// back as the nearest double. Far from a tie, scaling and rounding decide the same digit (the
/// scaled value's error is below 1e-7 under 1e9) and k / 10^digits is the nearest double to the
/// decimal; near a tie, Rust's exact formatting decides as Python does.
pub fn py_round(x: f64, digits: usize) -> f64 {
    let scale = 10f64.powi(digits as i32);
    let y = x * scale;
    if y.abs() < 1e9 && ((y - y.trunc()).abs() - 0.5).abs() > 1e-6 {
        return y.round() / scale;
    }
    format!("{x:.digits$}").parse().unwrap_or(x)
}

/// `str.strip()` (Python's whitespace).
pub fn py_strip(s: &str) -> &str {
    s.trim_matches(pychar::is_space)
}

/// Titlecase letters (category Lt): `str.isupper()` is false for a word holding one.
const TITLECASE: [(u32, u32); 10] = [
    (0x01C5, 0x01C5),
    (0x01C8, 0x01C8),
    (0x01CB, 0x01CB),
    (0x01F2, 0x01F2),
    (0x1F88, 0x1F8F),
    (0x1F98, 0x1F9F),
    (0x1FA8, 0x1FAF),
    (0x1FBC, 0x1FBC),
    (0x1FCC, 0x1FCC),
    (0x1FFC, 0x1FFC),
];

fn is_title(c: char) -> bool {
    let cp = c as u32;
    TITLECASE.iter().any(|&(lo, hi)| lo <= cp && cp <= hi)
}

/// `str.isupper()`: at least one cased character and none lower or title case. One character
/// alone is upper when it has the uppercase property (CPython's shortcut).
pub fn py_isupper(s: &str) -> bool {
    let mut chars = s.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return pychar::is_upper(c);
    }
    let mut cased = false;
    for c in s.chars() {
        if c.is_ascii() {
            if c.is_ascii_lowercase() {
                return false;
            }
            cased |= c.is_ascii_uppercase();
        } else if pychar::is_lower(c) || is_title(c) {
            return false;
        } else if pychar::is_upper(c) {
            cased = true;
        }
    }
    cased
}

/// `SentiText._strip_punc_if_word`: ASCII punctuation off both ends, unless that leaves two
/// characters or fewer (an emoticon such as ":)").
fn strip_punc_if_word(token: &str) -> &str {
    let stripped = token.trim_matches(|c: char| c.is_ascii_punctuation());
    if stripped.chars().nth(2).is_none() {
        token
    } else {
        stripped
    }
}

/// Each word's [`Facts`] from vaderSentiment's data, and the number of lexicon entries.
fn word_facts(data: &VaderData<'_>) -> Result<(WordMap<Facts>, usize), String> {
    let mut words: WordMap<Facts> = WordMap::default();
    // the lexicon first, into the empty map: each entry is a word's only fact so far (a later
    // entry replaces it), with no look-up first
    for (word, value) in parse_lexicon(data.lexicon)? {
        let facts = Facts {
            valence: Some(value),
            ..Facts::default()
        };
        words.insert(word, facts);
    }
    let lexicon_len = words.len();
    let mut update = |word: &str, f: &mut dyn FnMut(&mut Facts)| {
        let mut facts = words.get(word).unwrap_or_default();
        f(&mut facts);
        words.insert(word, facts);
    };
    // a phrase ("kind of") is no token's text: only single words
    for (word, value) in data.boosters.iter().filter(|(k, _)| !k.contains(' ')) {
        update(word, &mut |f| f.booster = Some(*value));
    }
    for word in &data.negations {
        update(word, &mut |f| f.negation = true);
    }
    for (phrase, _) in data.special_cases.iter().chain(&data.boosters) {
        if let Some((first, _)) = phrase.split_once(' ') {
            update(first, &mut |f| f.phrase_start = true);
        }
    }
    Ok((words, lexicon_len))
}

/// `make_lex_dict`: `word<TAB>measure[<TAB>...]` a line, in the file's order (a later entry
/// wins); blank lines skipped.
fn parse_lexicon(text: &str) -> Result<Vec<(&str, f64)>, String> {
    let mut lexicon = Vec::new();
    for (n, line) in text.trim_end_matches('\n').split('\n').enumerate() {
        if line.is_empty() {
            continue;
        }
        let mut fields = py_strip(line).split('\t');
        let (Some(word), Some(measure)) = (fields.next(), fields.next()) else {
            return Err(format!(
                "vader_lexicon.txt:{}: expected 'word<TAB>valence'",
                n + 1
            ));
        };
        let value: f64 = measure.trim().parse().map_err(|_| {
            format!(
                "vader_lexicon.txt:{}: valence {measure:?} is not a number",
                n + 1
            )
        })?;
        lexicon.push((word, value));
    }
    Ok(lexicon)
}

/// `make_emoji_dict`: `emoji<TAB>description` a line. Only single characters can ever match
/// (vaderSentiment looks each character of the text up), so only those are kept.
fn parse_emoji(text: &str) -> Result<FastMap<char, String>, String> {
    let mut emojis = FastMap::default();
    for (n, line) in text.trim_end_matches('\n').split('\n').enumerate() {
        let mut fields = py_strip(line).split('\t');
        let (Some(emoji), Some(description)) = (fields.next(), fields.next()) else {
            return Err(format!(
                "emoji_utf8_lexicon.txt:{}: expected 'emoji<TAB>description'",
                n + 1
            ));
        };
        let mut chars = emoji.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            emojis.insert(c, description.to_string());
        }
    }
    Ok(emojis)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vader() -> Vader {
        Vader::new(VaderData {
            lexicon: "good\t1.9\t0.9\t[]\nbad\t-2.5\t0.5\t[]\nhappy\t2.7\t0\t[]\nno\t-1.2\t0\t[]\n",
            emoji: "\u{1F600}\tgrinning face\n",
            negations: vec!["not".into(), "never".into()],
            boosters: vec![("very".into(), 0.293), ("kind of".into(), -0.293)],
            special_cases: vec![("bus stop".into(), 0.0)],
            caps_increment: 0.733,
            negation_scalar: -0.74,
            compensated_sum: false,
        })
        .expect("test lexicon parses")
    }

    // Each value is worked by hand and checked against vaderSentiment with the same word lists.
    #[test]
    fn a_single_word_is_normalised() {
        // 1.9 / sqrt(1.9^2 + 15) = 1.9 / 4.3139 = 0.44044
        assert_eq!(vader().polarity_scores("good").compound, 0.4404);
        assert_eq!(vader().polarity_scores("good").pos, 1.0);
    }

    #[test]
    fn negation_booster_and_caps() {
        // not good: 1.9 * -0.74 = -1.406 -> -1.406 / sqrt(1.976836 + 15) = -0.3412
        assert_eq!(vader().polarity_scores("not good").compound, -0.3412);
        // very good: 1.9 + 0.293 = 2.193 -> 2.193 / sqrt(4.809249 + 15) = 0.4927
        assert_eq!(vader().polarity_scores("very good").compound, 0.4927);
        // GOOD among lower-case words: 1.9 + 0.733 = 2.633 -> 2.633 / sqrt(6.932689 + 15) = 0.56222
        assert_eq!(vader().polarity_scores("the GOOD").compound, 0.5622);
    }

    #[test]
    fn punctuation_and_but() {
        // good!! : 1.9 + 2 * 0.292 = 2.484 -> 0.5399
        assert_eq!(vader().polarity_scores("good!!").compound, 0.5399);
        // good but bad: 1.9 * 0.5 - 2.5 * 1.5 = -2.8 -> -2.8 / sqrt(7.84 + 15) = -0.5859
        assert_eq!(vader().polarity_scores("good but bad").compound, -0.5859);
    }

    #[test]
    fn empty_and_emoji() {
        assert_eq!(vader().polarity_scores("  ").compound, 0.0);
        assert_eq!(vader().polarity_scores("").neu, 0.0);
        assert_eq!(vader().polarity_scores("x\u{1F600}y").neu, 1.0);
    }

    #[test]
    fn python_rounding_and_case() {
        assert_eq!(py_round(0.03125, 4), 0.0312);
        assert_eq!(py_round(0.09375, 4), 0.0938);
        assert!(py_isupper("ABC1") && !py_isupper("AbC") && !py_isupper("123"));
        assert!(!py_isupper("A\u{01C5}") && py_isupper("\u{00C9}T\u{00C9}"));
        assert_eq!(strip_punc_if_word(":)"), ":)");
        assert_eq!(strip_punc_if_word("'good!'"), "good");
    }

    #[test]
    fn sums_as_python_does() {
        // 0.1 + 0.2 + 0.3 left to right is 0.6000000000000001; compensated, 0.6 (Python 3.12's sum)
        assert_eq!(py_sum(&[0.1, 0.2, 0.3], false), 0.6000000000000001);
        assert_eq!(py_sum(&[0.1, 0.2, 0.3], true), 0.6);
        assert_eq!(py_sum(&[1e16, 1.0, -1e16], true), 1.0);
        assert_eq!(py_sum(&[], true), 0.0);
    }

    #[test]
    fn lexicon_words_short_and_long_a_later_entry_wins() {
        // words of at most 15 bytes and longer ones are keyed apart (WordMap): both are found
        let data = VaderData {
            lexicon: "good\t1.0\nwonderfulness-ish\t2.5\ngood\t1.9\n\n",
            emoji: "",
            negations: vec!["not".into(), "good".into()],
            boosters: vec![("very".into(), 0.293), ("kind of".into(), -0.293)],
            special_cases: vec![("bus stop".into(), 0.0)],
            caps_increment: 0.0,
            negation_scalar: 0.0,
            compensated_sum: false,
        };
        let (words, lexicon_len) = word_facts(&data).expect("parses");
        assert_eq!(lexicon_len, 2);
        let valence = |w: &str| words.get(w).and_then(|f| f.valence);
        assert_eq!(valence("good"), Some(1.9));
        assert_eq!(valence("wonderfulness-ish"), Some(2.5));
        assert_eq!((valence("goo"), valence("wonderfulness-is")), (None, None));
        // one entry a word holds all it is: in the lexicon and a negation; a booster; a phrase's
        // first word (of an idiom or of a booster phrase); the phrases themselves are no words
        let good = words.get("good").unwrap_or_default();
        assert!(good.negation && good.booster.is_none() && !good.phrase_start);
        assert_eq!(words.get("very").and_then(|f| f.booster), Some(0.293));
        assert!(words
            .get("kind")
            .is_some_and(|f| f.phrase_start && f.booster.is_none()));
        assert!(words.get("bus").is_some_and(|f| f.phrase_start));
        assert!(words.get("of").is_none() && words.get("kind of").is_none());
        // an upper-case word is lowered whole before its look-up: GOOD scores as good, plus caps
        assert_eq!(vader().polarity_scores("the GOOD").compound, 0.5622);
        assert_eq!(vader().polarity_scores("Good").compound, 0.4404);
    }

    #[test]
    fn a_booster_phrase_before_a_word_adds_to_it() {
        // "kind of" (a booster phrase, looked up as i-2 i-1): 1.9 - 0.293 = 1.607
        // -> 1.607 / sqrt(2.582449 + 15) = 0.38324; "kind" itself scores 0
        assert_eq!(
            vader().polarity_scores("it is kind of good").compound,
            0.3832
        );
        // a booster two words back counts 0.95: 1.9 + 0.293 * 0.95 = 2.17835 -> 0.49022
        assert_eq!(
            vader().polarity_scores("it is very much good").compound,
            0.4902
        );
    }

    /// vaderSentiment's tokens as the engine read them before the one-pass reading: the text
    /// split at pychar's white space, each token stripped, lower-cased and tested on its own.
    fn plain_tokens(v: &Vader, text: &str) -> Vec<(String, bool, Facts)> {
        text.split(pychar::is_space)
            .filter(|t| !t.is_empty())
            .map(strip_punc_if_word)
            .map(|t| {
                let mut low = String::new();
                pychar::push_lower_chars(t, &mut low);
                let facts = v.words.get(&low).unwrap_or_default();
                (low, py_isupper(t), facts)
            })
            .collect()
    }

    #[test]
    fn tokens_in_one_pass_are_the_plain_reading() {
        // pseudo-random texts of words and pieces that make every case meet: ASCII and Unicode
        // white space, capitals (ASCII, accented, titlecase, dotted I, sigma), punctuation on
        // either side and alone (emoticons), digits, emoji, curly quotes, lexicon words
        let pieces: Vec<&str> = vec![
            "good",
            "GOOD",
            "Good",
            "no",
            "kind",
            "of",
            "very",
            "not",
            "isn't",
            "bus",
            "stop",
            "a",
            "A",
            "I",
            "ab",
            "AB",
            "x1",
            "X1",
            "1",
            "!",
            "?",
            "'",
            "\"",
            ":)",
            ":(",
            ":-)",
            "...",
            "--",
            "(",
            ")",
            ",",
            ".",
            "_",
            "~",
            "@",
            "#",
            "$",
            " ",
            " ",
            "  ",
            "\t",
            "\n",
            "\r",
            "\x0b",
            "\x0c",
            "\x1c",
            "\x1f",
            "\u{85}",
            "\u{a0}",
            "\u{2003}",
            "\u{3000}",
            "\u{200b}",
            "\u{e9}",
            "\u{c9}",
            "\u{df}",
            "\u{130}",
            "\u{3a3}",
            "\u{3c3}",
            "\u{1c5}",
            "\u{1f88}",
            "\u{2019}",
            "\u{201c}",
            "\u{2014}",
            "\u{1f600}",
            "\u{4e2d}",
            "\u{10400}",
            "\u{ff21}",
        ];
        let mut next = crate::testing::below(0x2545_f491_4f6c_dd1d);
        let mut texts = vec![
            String::new(),
            "  ".to_string(),
            "It is GOOD!!! :) but \u{c9}T\u{c9} isn't; 'very' good?".to_string(),
            "\u{a0}'ab' '!' !!good!! (A) \"A.\" \u{1c5}X Ab\u{2003}x".to_string(),
        ];
        for _ in 0..5000 {
            let n = next(24);
            texts.push((0..n).map(|_| pieces[next(pieces.len())]).collect());
        }
        let v = vader();
        let (mut lower, mut tokens) = (String::new(), Vec::new());
        for text in &texts {
            let classes = v.tokenize(text, &mut lower, &mut tokens);
            // the marks of punctuation emphasis are met wherever they stand
            assert_eq!(classes & MARK != 0, text.contains(['!', '?']), "{text:?}");
            let got: Vec<(String, bool, Facts)> = tokens
                .iter()
                .map(|t| (lower[t.start..t.end].to_string(), t.upper, t.facts))
                .collect();
            assert_eq!(got, plain_tokens(&v, text), "{text:?}");
        }
    }

    #[test]
    fn but_scan_scales_as_the_table_does() {
        // few distinct values (so each is found by value many times over), zeros of both signs,
        // halves and one-and-a-halves of each other, and the least subnormal (scaled to zero)
        let values = [
            0.0,
            -0.0,
            1.0,
            2.0,
            0.5,
            0.25,
            1.5,
            3.0,
            -1.0,
            -2.0,
            -0.5,
            2.25,
            f64::from_bits(1),
        ];
        let mut next = crate::testing::below(0x9e37_79b9_7f4a_7c15);
        let mut compared = 0;
        for _ in 0..20_000 {
            let n = 1 + next(40);
            let scores: Vec<f64> = (0..n).map(|_| values[next(values.len())]).collect();
            if scores.iter().filter(|&&v| v != 0.0).count() > BUT_SCAN_MOST {
                continue;
            }
            let bi = next(n);
            let (mut scan, mut table) = (scores.clone(), scores.clone());
            but_scan(bi, &mut scan);
            but_table(bi, &mut table);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&scan), bits(&table), "{scores:?} but at {bi}");
            compared += 1;
        }
        assert!(compared > 15_000);
        // by hand (as vaderSentiment, "but" at 2): 2.0 halves to 1.0; the next 1.0 finds that
        // one first and halves it to 0.5; "but" is left; the last 1.0 finds the one at 1
        let mut s = vec![2.0, 1.0, 0.0, 1.0];
        but_scan(2, &mut s);
        assert_eq!(s, vec![0.5, 0.5, 0.0, 1.0]);
    }

    #[test]
    fn a_compound_alone_is_the_polarity_s() {
        let v = vader();
        let mut scratch = Scratch::default();
        for text in [
            "",
            "  ",
            "good",
            "GOOD but bad!!",
            "no no no bad but happy?? ?",
            "x\u{1F600}y",
            "it is kind of good",
        ] {
            assert_eq!(
                v.compound_with(text, &mut scratch),
                v.polarity_scores(text).compound,
                "{text:?}"
            );
        }
    }

    #[test]
    fn punctuation_emphasis_counts_marks_anywhere() {
        // 0.292 an exclamation mark, at most four; question marks from two on: 0.18 each up to
        // three, then 0.96
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(close(punctuation_emphasis("a!b!"), 2.0 * 0.292));
        assert!(close(punctuation_emphasis("!!!!!!\u{e9}!"), 4.0 * 0.292));
        assert!(close(punctuation_emphasis("?"), 0.0));
        assert!(close(punctuation_emphasis("\u{2019}?x?"), 2.0 * 0.18));
        assert!(close(punctuation_emphasis("????!"), 0.96 + 0.292));
    }

    #[test]
    fn one_scratch_scores_each_text_as_a_fresh_one() {
        // long then short, emoji, 'but', booster phrases, capitals, empty: nothing of one text
        // may be left in the buffers for the next
        let v = vader();
        let texts = [
            "it is kind of good but very BAD and not happy at all, no good",
            "good",
            "",
            "x\u{1F600}y GOOD bad",
            "it is kind of good",
            "no no no bad but happy!!",
            "  ",
            "the bus stop is good",
        ];
        let mut scratch = Scratch::default();
        for round in 0..2 {
            for t in texts {
                assert_eq!(
                    v.polarity_with(t, &mut scratch),
                    v.polarity_scores(t),
                    "{round} {t:?}"
                );
            }
        }
    }

    #[test]
    fn long_sentences_are_windowed_at_their_own_words_anywhere_in_the_text() {
        // the words of a sentence found in its own characters, shifted by its start, are the
        // words found in the whole text's (the old reading); spans after non-ASCII text
        let v = vader();
        let text = "\u{00C9}t\u{00E9} good. It was good, very good and not bad but the rest \u{2014} a BAD, \
                    sad mess by any measure! Ok-good don't bad. no";
        let chars: Vec<char> = text.chars().collect();
        let at: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .collect();
        let n = chars.len();
        let spans = [(0, 10), (11, n - 3), (40, n), (0, n), (n, n), (n - 2, n)];
        for max_words in [1, 2, 3, 4, 7, 120] {
            let got = v
                .sentence_compounds(text, &spans, max_words)
                .expect("spans in the text");
            let expected: Vec<f64> = spans
                .iter()
                .map(|&(start, end)| {
                    let mut words = Vec::new();
                    crate::segment::for_each_word(&chars, start, end, |s, e| words.push((s, e)));
                    if words.len() <= max_words {
                        return v.polarity_scores(&text[at[start]..at[end]]).compound;
                    }
                    let weighted: Vec<f64> = words
                        .chunks(max_words)
                        .map(|c| {
                            let piece = &text[at[c[0].0]..at[c[c.len() - 1].1]];
                            v.polarity_scores(piece).compound * c.len() as f64
                        })
                        .collect();
                    py_sum(&weighted, false) / words.len() as f64
                })
                .collect();
            assert_eq!(got, expected, "max_words {max_words}");
        }
        assert!(v.sentence_compounds(text, &[(0, n + 1)], 4).is_err());
    }

    #[test]
    fn malformed_lexicon_is_an_error() {
        let bad = VaderData {
            lexicon: "good 1.9\n",
            emoji: "",
            negations: vec![],
            boosters: vec![],
            special_cases: vec![],
            caps_increment: 0.0,
            negation_scalar: 0.0,
            compensated_sum: false,
        };
        let err = Vader::new(bad).err().unwrap_or_default();
        assert!(err.contains("vader_lexicon.txt:1"), "{err}");
    }
}
