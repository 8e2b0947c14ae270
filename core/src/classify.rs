//! The sentence classifiers' inference: featurisation (normalised text, word and character
//! n-grams, TF-IDF, style features) and the calibrated linear scores of several models at once.
//!
//! Training stays scikit-learn in Python, with the n-gram cutting and style features of this
//! module as its analyzers; inference reproduces the fitted pipeline's arithmetic from the stored
//! weights. Text is cut as the Python analyzers this replaced cut it (CPython's `\w`, `\s`,
//! `str.lower()` and `str.split()`, from `pychar`; the old code is the oracle of
//! tests/test_classify_native.py), because the shipped vocabularies were learnt from that cutting.
//! Models that cut text the same way share one vocabulary look-up: a term is hashed once for all.
//! Rule-hit (and any other non-style) dense features are handed in by the caller, which has the
//! article's matches already.
use std::collections::HashMap;
use std::sync::Mutex;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple};

use crate::pychar;
use crate::sentiment::py_round;
use crate::wordmap::WordMap;

// Hashing: rustc's FxHash (the rustc-hash crate). Vocabulary keys are short n-grams, where
// SipHash's set-up dominates; the keys come from trained models, not from an adversary.
type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;

// ---------------------------------------------------------------------------------------------
// Text as the analyzers see it.

/// `text.lower()` with typographic quotes made straight (‘’ -> ', “”„«» -> "), into `out`.
pub fn normalise_into(text: &str, out: &mut String) {
    out.clear();
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // a run of ASCII (most of news text) is copied and lowered at once, not char by char
        let run = bytes[at..]
            .iter()
            .position(|b| !b.is_ascii())
            .map_or(bytes.len(), |n| at + n);
        if run > at {
            let start = out.len();
            out.push_str(&text[at..run]);
            out.as_mut_str()[start..].make_ascii_lowercase();
            at = run;
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        match c {
            '\u{2018}' | '\u{2019}' => out.push('\''),
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{ab}' | '\u{bb}' => out.push('"'),
            '\u{3a3}' if pychar::final_sigma(text, at) => out.push('\u{3c2}'),
            _ => pychar::lower(c).push_to(out),
        }
        at += c.len_utf8();
    }
}

pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalise_into(text, &mut out);
    out
}

/// The character starting at byte `i` (None at the end or inside a character). An ASCII byte is
/// always a whole character, so news text's commonest case skips the boundary check and the
/// UTF-8 decoding (style and the tokenisers walk every character through here).
#[inline]
fn char_at(s: &str, i: usize) -> Option<char> {
    match s.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        _ => s.get(i..).and_then(|r| r.chars().next()),
    }
}

/// End of the run of `\w` characters starting at byte `i`.
fn skip_word(s: &str, mut i: usize) -> usize {
    // ASCII bytes first (a whole character each, `\w` being [0-9A-Za-z_] among them)
    let b = s.as_bytes();
    while let Some(&c) = b.get(i) {
        if c.is_ascii_alphanumeric() || c == b'_' {
            i += 1;
        } else if c.is_ascii() {
            return i;
        } else {
            break;
        }
    }
    while let Some(c) = char_at(s, i) {
        if !pychar::is_word(c) {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// End of `\w+(?:[A]\w+)*` starting at byte `i` (a word character), A one of `apostrophes`.
fn word_end(s: &str, i: usize, apostrophes: &[char]) -> usize {
    let mut end = skip_word(s, i);
    while let Some(a) = char_at(s, end) {
        if !apostrophes.contains(&a) {
            break;
        }
        match char_at(s, end + a.len_utf8()) {
            Some(c) if pychar::is_word(c) => end = skip_word(s, end + a.len_utf8()),
            _ => break,
        }
    }
    end
}

/// The ASCII white space of pychar::is_space (\t \n \x0b \x0c \r, \x1c-\x1f, the space) as bits.
const ASCII_SPACES: u64 = 0x3e00 | 0xf000_0000 | 1 << 32;

/// The length of the character at byte `i` of `s` (a character wider than a byte) when it is
/// not white space, else None (rare in news: kept out of the ASCII loops).
#[inline(never)]
fn wide_non_space(s: &str, i: usize) -> Option<usize> {
    match s[i..].chars().next() {
        Some(c) if pychar::is_space(c) => None,
        Some(c) => Some(c.len_utf8()),
        None => None,
    }
}

/// The non-empty words of `s` between white space, as Python's `str.split()` cuts them (the
/// same as `s.split(pychar::is_space)` without the empty pieces, ASCII read byte by byte).
struct SpaceWords<'a> {
    s: &'a str,
    at: usize,
}

fn space_words(s: &str) -> SpaceWords<'_> {
    SpaceWords { s, at: 0 }
}

impl<'a> Iterator for SpaceWords<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let b = self.s.as_bytes();
        let mut i = self.at;
        // the white space before the word
        while let Some(&c) = b.get(i) {
            if c <= b' ' && ASCII_SPACES >> c & 1 != 0 {
                i += 1;
            } else if c.is_ascii() || wide_non_space(self.s, i).is_some() {
                break;
            } else {
                i += self.s[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
        if i >= b.len() {
            self.at = i;
            return None;
        }
        let start = i;
        while let Some(&c) = b.get(i) {
            if c > b' ' && c.is_ascii() {
                i += 1;
            } else if c.is_ascii() {
                if ASCII_SPACES >> c & 1 != 0 {
                    break;
                }
                i += 1;
            } else {
                match wide_non_space(self.s, i) {
                    Some(n) => i += n,
                    None => break,
                }
            }
        }
        self.at = i;
        Some(&self.s[start..i])
    }
}

/// Byte spans of the tokens of `\w+(?:'\w+)*|[^\w\s]` in `s` (a normalised text).
pub fn token_spans(s: &str, out: &mut Vec<(usize, usize)>) {
    out.clear();
    let mut i = 0;
    while let Some(c) = char_at(s, i) {
        if pychar::is_word(c) {
            let end = word_end(s, i, &['\'']);
            out.push((i, end));
            i = end;
        } else {
            if !pychar::is_space(c) {
                out.push((i, i + c.len_utf8()));
            }
            i += c.len_utf8();
        }
    }
}

/// Calls `f` with each word n-gram (lo..=hi tokens joined by one space) of the tokens `spans` of
/// `norm`, in the Python analyzer's order (all unigrams, then bigrams, ...).
fn for_each_word_gram(
    norm: &str,
    spans: &[(usize, usize)],
    lo: usize,
    hi: usize,
    buf: &mut String,
    mut f: impl FnMut(&str),
) {
    for n in lo.max(1)..=hi {
        if n > spans.len() {
            break;
        }
        for w in spans.windows(n) {
            if n == 1 {
                f(&norm[w[0].0..w[0].1]);
                continue;
            }
            buf.clear();
            for (k, &(a, b)) in w.iter().enumerate() {
                if k > 0 {
                    buf.push(' ');
                }
                buf.push_str(&norm[a..b]);
            }
            f(buf);
        }
    }
}

/// Calls `f` with each character n-gram (lo..=hi characters) of each whitespace-separated word of
/// `norm` padded with one space on either side.
fn for_each_char_gram(
    norm: &str,
    lo: usize,
    hi: usize,
    padded: &mut String,
    offsets: &mut Vec<usize>,
    mut f: impl FnMut(&str),
) {
    for word in space_words(norm) {
        padded.clear();
        padded.push(' ');
        padded.push_str(word);
        padded.push(' ');
        offsets.clear();
        offsets.extend(padded.char_indices().map(|(b, _)| b));
        offsets.push(padded.len());
        let k = offsets.len() - 1;
        for n in lo.max(1)..=hi.min(k) {
            for i in 0..=(k - n) {
                f(&padded[offsets[i]..offsets[i + n]]);
            }
        }
    }
}

pub fn word_ngrams(text: &str, lo: usize, hi: usize) -> Vec<String> {
    let norm = normalise(text);
    let mut spans = Vec::new();
    token_spans(&norm, &mut spans);
    let mut out = Vec::new();
    let mut buf = String::new();
    for_each_word_gram(&norm, &spans, lo, hi, &mut buf, |g| out.push(g.to_string()));
    out
}

pub fn char_ngrams(text: &str, lo: usize, hi: usize) -> Vec<String> {
    let norm = normalise(text);
    let mut out = Vec::new();
    let (mut padded, mut offsets) = (String::new(), Vec::new());
    for_each_char_gram(&norm, lo, hi, &mut padded, &mut offsets, |g| {
        out.push(g.to_string())
    });
    out
}

// ---------------------------------------------------------------------------------------------
// Style features of one sentence.

/// The style features, in their stored order (their names are `style:<name>`).
pub const STYLE: [&str; 13] = [
    "words_log",
    "chars_per_word",
    "quote_share",
    "has_quote",
    "first_person",
    "second_person",
    "question",
    "exclamation",
    "modals",
    "negation",
    "digits",
    "capitalised_share",
    "all_caps",
];
const FIRST: [&str; 10] = [
    "i",
    "me",
    "my",
    "mine",
    "myself",
    "we",
    "us",
    "our",
    "ours",
    "ourselves",
];
const SECOND: [&str; 5] = ["you", "your", "yours", "yourself", "yourselves"];
const MODALS: [&str; 10] = [
    "may", "might", "could", "would", "should", "must", "can", "will", "shall", "ought",
];
const NEGATION: [&str; 9] = [
    "not", "no", "never", "nor", "none", "nothing", "neither", "n't", "cannot",
];

/// The longest word of the lists above, in bytes, and the set of their first bytes (bit b: a
/// listed word starts with byte b): a word longer or starting otherwise is in none of them.
const LISTED_LONGEST: usize = listed_longest(&[&FIRST, &SECOND, &MODALS, &NEGATION]);
const LISTED_FIRST: u128 = listed_first(&[&FIRST, &SECOND, &MODALS, &NEGATION]);

const fn listed_longest(lists: &[&[&str]]) -> usize {
    let (mut most, mut i) = (0, 0);
    while i < lists.len() {
        let mut j = 0;
        while j < lists[i].len() {
            if lists[i][j].len() > most {
                most = lists[i][j].len();
            }
            j += 1;
        }
        i += 1;
    }
    most
}

const fn listed_first(lists: &[&[&str]]) -> u128 {
    let (mut set, mut i) = (0u128, 0);
    while i < lists.len() {
        let mut j = 0;
        while j < lists[i].len() {
            let b = lists[i][j].as_bytes()[0];
            assert!(b < 128, "style's listed words are ASCII");
            set |= 1 << b;
            j += 1;
        }
        i += 1;
    }
    set
}

/// Which of style's lists a lowered word (its UTF-8 bytes) is in: the first of FIRST (1),
/// SECOND (2) and MODALS (3) that holds it, else 0; and whether it is a negation (listed, or
/// ending in "n't").
fn listed(l: &[u8]) -> (u8, bool) {
    let n_t = l.ends_with(b"n't");
    match l.first() {
        Some(&b) if l.len() <= LISTED_LONGEST && b < 128 && LISTED_FIRST >> b & 1 != 0 => {}
        _ => return (0, n_t),
    }
    let holds = |list: &[&str]| list.iter().any(|w| w.as_bytes() == l);
    let kind = if holds(&FIRST) {
        1
    } else if holds(&SECOND) {
        2
    } else if holds(&MODALS) {
        3
    } else {
        0
    };
    (kind, n_t || holds(&NEGATION))
}

/// listed() of an ASCII word `w` (not yet lowered): lowered on the stack, and only when short
/// enough to be listed (a longer word can only end in "n't").
fn listed_ascii(w: &[u8]) -> (u8, bool) {
    if w.len() > LISTED_LONGEST {
        return (
            0,
            w.len() >= 3 && w[w.len() - 3..].eq_ignore_ascii_case(b"n't"),
        );
    }
    let mut buf = [0u8; LISTED_LONGEST];
    let lower = &mut buf[..w.len()];
    lower.copy_from_slice(w);
    lower.make_ascii_lowercase();
    listed(lower)
}

/// Titlecase letters (category Lt), which make `str.isupper()` false (CPython's TITLE_MASK).
const TITLECASE: [(u32, u32); 10] = [
    (0x1c5, 0x1c5),
    (0x1c8, 0x1c8),
    (0x1cb, 0x1cb),
    (0x1f2, 0x1f2),
    (0x1f88, 0x1f8f),
    (0x1f98, 0x1f9f),
    (0x1fa8, 0x1faf),
    (0x1fbc, 0x1fbc),
    (0x1fcc, 0x1fcc),
    (0x1ffc, 0x1ffc),
];

fn is_title(c: char) -> bool {
    let cp = c as u32;
    TITLECASE.iter().any(|&(a, b)| a <= cp && cp <= b)
}

/// `str.isupper()` of a string: some cased character, and no lower or titlecase one.
fn str_isupper(w: &str) -> bool {
    let mut cased = false;
    for c in w.chars() {
        if pychar::is_lower(c) || is_title(c) {
            return false;
        }
        if pychar::is_upper(c) {
            cased = true;
        }
    }
    cased
}

/// The style features of one sentence (see STYLE); `quoted_chars`: how many of its characters
/// lie inside quotations.
pub fn style(sentence: &str, quoted_chars: usize) -> [f64; 13] {
    let (mut nwords, mut chars, mut first, mut second, mut modals) = (0usize, 0usize, 0, 0, 0);
    let (mut neg, mut digits, mut capital, mut caps) = (0, 0, 0, 0);
    let (mut questions, mut exclamations, mut len) = (0, 0, 0usize);
    let mut lw = String::new();
    let mut i = 0;
    while let Some(c) = char_at(sentence, i) {
        len += 1;
        match c {
            '?' => questions += 1,
            '!' => exclamations += 1,
            _ => {}
        }
        if !pychar::is_word(c) {
            i += c.len_utf8();
            continue;
        }
        let end = word_end(sentence, i, &['\'', '\u{2019}']);
        let w = &sentence[i..end];
        let ascii = w.is_ascii();
        let (wlen, (kind, negation)) = if ascii {
            (w.len(), listed_ascii(w.as_bytes()))
        } else {
            lw.clear();
            pychar::push_lower_chars(w, &mut lw);
            (w.chars().count(), listed(lw.as_bytes()))
        };
        len += wlen - 1; // the characters of the word after its first
        chars += wlen;
        match kind {
            1 => first += 1,
            2 => second += 1,
            3 => modals += 1,
            _ => {}
        }
        neg += u32::from(negation);
        let all_digits = if ascii {
            w.bytes().all(|b| b.is_ascii_digit())
        } else {
            w.chars().all(pychar::is_digit)
        };
        if all_digits {
            digits += 1;
        } else if nwords > 0 && pychar::is_upper(c) {
            capital += 1;
            if wlen > 1 && str_isupper(w) {
                caps += 1;
            }
        }
        nwords += 1;
        i = end;
    }
    let nw = nwords.max(1) as f64;
    [
        (nwords as f64).ln_1p(),
        chars as f64 / nw,
        quoted_chars as f64 / len.max(1) as f64,
        f64::from(u8::from(quoted_chars > 0)),
        f64::from(first),
        f64::from(second),
        f64::from(questions),
        f64::from(exclamations),
        f64::from(modals),
        f64::from(neg),
        f64::from(digits),
        f64::from(capital) / nw,
        f64::from(caps),
    ]
}

// ---------------------------------------------------------------------------------------------
// Models.

/// One TF-IDF block of a stored model (its vocabulary borrowed: from the caller's strings, so
/// building copies each term at most once).
pub struct BlockSpec<'a> {
    pub word: bool,
    pub lo: usize,
    pub hi: usize,
    pub sublinear: bool,
    pub vocab: Vec<&'a str>,
    pub idf: Vec<f64>,
    pub coef: Vec<f64>,
}

/// A stored model: its TF-IDF blocks, its dense block (names, mean, scale, coef), intercept and
/// Platt calibration (a, b).
pub struct ModelSpec<'a> {
    pub blocks: Vec<BlockSpec<'a>>,
    pub dense_names: Vec<String>,
    pub dense_mean: Vec<f64>,
    pub dense_scale: Vec<f64>,
    pub dense_coef: Vec<f64>,
    pub intercept: f64,
    pub a: f64,
    pub b: f64,
}

/// The union vocabulary of the blocks that cut text one way (kind and n-gram range).
struct Group {
    word: bool,
    lo: usize,
    hi: usize,
    /// the term of each id (a string group): every term in one string, `ends[id]` where it ends
    text: String,
    ends: Vec<u32>,
    /// the term table: looked up by a term's key (its packed code points, else its string)
    slots: Slots,
    /// character n-grams of at most PACKED_CHARS characters, keyed by their packed code points
    /// (see pack): no string to build or compare per n-gram; `text` is then left empty
    packed: bool,
    /// how many terms (ids 0..len)
    len: u32,
    /// a packed group's key of each id (0: a term too long to pack, never looked up): its terms
    /// are spelled from these when a contribution is explained, so no string is kept per term
    keys: Vec<u128>,
    /// the models with a block cutting text this way
    members: Vec<Member>,
    /// (idf, coef) of each term for each member: `[id * members.len() + k]`, (0, 0) where the
    /// term is not in member k's vocabulary (which adds exactly nothing to its sums). Interleaved,
    /// so one term's weights for every model share a cache line.
    weights: Vec<(f64, f64)>,
    /// a word group cutting 1..=2 tokens (ModelSet::by_tokens): its bigram terms by their two
    /// tokens' ids in `slots` (pair_id), so a sentence's bigram is found from its tokens' ids,
    /// with no string built and no cache of the bigrams met (on distinct text most are met once:
    /// such a cache grew by every one of them). A token that only bigram terms hold has a term
    /// id past `len` (a term of the table without weights). Empty in the other groups.
    pairs: Slots,
    /// each bigram term's pair key (its tokens' ids, first << 32 | second) and term id
    pair_keys: Vec<u64>,
    pair_ids: Vec<u32>,
}

/// A block's weights waiting for the union vocabulary to be complete.
struct PendingBlock {
    group: usize,
    member: usize,
    /// the union id of each of the block's columns
    ids: Vec<u32>,
    idf: Vec<f64>,
    coef: Vec<f64>,
}

#[derive(Clone, Copy)]
struct Member {
    model: usize,
    sublinear: bool,
}

/// Up to 6 code points (each + 1, below 2^21) fit in 126 bits: one u128 per n-gram, distinct for
/// distinct n-grams (no position is 0 inside an n-gram, every position past its end is).
const PACKED_CHARS: usize = 6;

#[inline]
fn pack_step(key: u128, n: usize, c: char) -> u128 {
    key | (u128::from(c as u32 + 1) << (21 * n))
}

fn pack(term: &str) -> Option<u128> {
    let mut key = 0u128;
    for (n, c) in term.chars().enumerate() {
        if n >= PACKED_CHARS {
            return None;
        }
        key = pack_step(key, n, c);
    }
    Some(key)
}

/// The term a packed key stands for (see pack).
fn unpack(mut key: u128) -> String {
    let mut out = String::new();
    while key != 0 {
        let c = (key & 0x1f_ffff) as u32;
        out.extend(char::from_u32(c.wrapping_sub(1)));
        key >>= 21;
    }
    out
}

/// A group's term table: open addressing with linear probing, each slot 1 + a term's id (0:
/// empty), at most half full. Its hashes are fixed (hash_packed, hash_str: no per-process seed),
/// so a table written to a prepared model blob (ModelSet::to_blob) is read back as it is, with
/// no term hashed again.
#[derive(Default)]
struct Slots {
    /// a power of two >= 2 in length
    slots: Vec<u32>,
}

/// Fibonacci hashing's multiplier (2^64 / golden ratio): the product's high bits pick the slot.
const SLOT_MUL: u64 = 0x9e37_79b9_7f4a_7c15;

/// A packed n-gram's hash: its two halves folded.
#[inline]
fn hash_packed(key: u128) -> u64 {
    (key as u64) ^ ((key >> 64) as u64).rotate_left(29)
}

/// A string term's hash: FNV-1a 64 of its UTF-8 bytes.
#[inline]
fn hash_str(term: &str) -> u64 {
    crate::fnv1a(term.as_bytes(), 0xcbf2_9ce4_8422_2325)
}

impl Slots {
    /// A table for up to `n` terms (at most half full).
    fn with_room(n: usize) -> Slots {
        Slots {
            slots: vec![0; (2 * n).next_power_of_two().max(2)],
        }
    }

    /// Ok(id) of the term whose id satisfies `is`, probing from `hash`'s slot; Err(the empty
    /// slot where it would go). The table always holds an empty slot (with_room, from_blob).
    #[inline]
    fn find(&self, hash: u64, is: impl Fn(u32) -> bool) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let shift = 64 - self.slots.len().trailing_zeros();
        let mut i = (hash.wrapping_mul(SLOT_MUL) >> shift) as usize;
        loop {
            match self.slots[i] {
                0 => return Err(i),
                s if is(s - 1) => return Ok(s - 1),
                _ => i = (i + 1) & mask,
            }
        }
    }
}

impl Group {
    /// Ok(the id of a packed n-gram's key), or Err(the empty slot where it would go).
    #[inline]
    fn packed_slot(&self, key: u128) -> Result<u32, usize> {
        self.slots
            .find(hash_packed(key), |id| self.keys[id as usize] == key)
    }

    /// Ok(the id of a term) (a string group), or Err(the empty slot where it would go).
    #[inline]
    fn term_slot(&self, term: &str) -> Result<u32, usize> {
        self.slots.find(hash_str(term), |id| self.term(id) == term)
    }

    /// The id of a packed n-gram's key.
    #[inline]
    fn packed_id(&self, key: u128) -> Option<u32> {
        self.packed_slot(key).ok()
    }

    /// The id of a term (a string group).
    #[inline]
    fn term_id(&self, term: &str) -> Option<u32> {
        self.term_slot(term).ok()
    }

    /// The bigram term of the tokens of term ids `a` and `b` (see `pairs`).
    #[inline]
    fn pair_id(&self, a: u32, b: u32) -> Option<u32> {
        let key = u64::from(a) << 32 | u64::from(b);
        // the key itself is the hash: Slots::find's multiplication spreads it
        self.pairs
            .find(key, |i| self.pair_keys[i as usize] == key)
            .ok()
            .map(|i| self.pair_ids[i as usize])
    }

    /// The term id of a token of a bigram term (a string group): its own when it is a term, else
    /// a new one past `len`, with no weights (see `pairs`).
    fn token_key(&mut self, token: &str) -> u32 {
        if let Ok(id) = self.term_slot(token) {
            return id;
        }
        let next = self.ends.len() as u32;
        self.text.push_str(token);
        self.ends.push(self.text.len() as u32);
        if 2 * self.ends.len() > self.slots.slots.len() {
            // past half full: every term in a table twice the size
            self.slots = Slots::with_room(self.ends.len() * 2);
            for id in 0..self.ends.len() as u32 {
                if let Err(slot) = self.term_slot(self.term(id)) {
                    self.slots.slots[slot] = id + 1;
                }
            }
        } else if let Err(slot) = self.term_slot(token) {
            self.slots.slots[slot] = next + 1;
        }
        next
    }

    /// Indexes the bigram terms of a word group cutting 1..=2 tokens by their tokens' ids (see
    /// `pairs`). A bigram term is two tokens joined by one space, and a token holds no space.
    fn index_pairs(&mut self) {
        let mut pairs = Vec::new();
        for id in 0..self.len {
            let Some((a, b)) = self.term(id).split_once(' ') else {
                continue;
            };
            let (a, b) = (a.to_string(), b.to_string());
            let key = u64::from(self.token_key(&a)) << 32 | u64::from(self.token_key(&b));
            pairs.push((key, id));
        }
        self.pairs = Slots::with_room(pairs.len());
        self.pair_keys = pairs.iter().map(|p| p.0).collect();
        self.pair_ids = pairs.iter().map(|p| p.1).collect();
        for (i, &(key, _)) in pairs.iter().enumerate() {
            if let Err(slot) = self.pairs.find(key, |j| self.pair_keys[j as usize] == key) {
                self.pairs.slots[slot] = i as u32 + 1;
            }
        }
    }

    /// The term of id `id` (a string group).
    fn term(&self, id: u32) -> &str {
        let end = self.ends[id as usize] as usize;
        let start = if id == 0 {
            0
        } else {
            self.ends[id as usize - 1] as usize
        };
        &self.text[start..end]
    }

    /// Looks up a word met for the first time (a packed group): its distinct n-grams with their
    /// counts, and each member's sums over them alone. Returns its index in `known`.
    fn learn(&self, word: &str, cps: &mut Vec<char>, known: &mut WordIds) -> u32 {
        let WordIds {
            spans,
            grams,
            partial,
            fresh,
        } = known;
        fresh.clear();
        look_up_packed(word, self, cps, fresh);
        let start = grams.len();
        // An id met again in the word (a repeated short n-gram: rare) is found by a scan of the
        // word's ids; a 256-bit filter of the ids seen spares that scan for the others (the scan
        // for each id was a third of a new word's instructions).
        let mut seen = [0u64; 4];
        for &id in fresh.iter() {
            let bit = id.wrapping_mul(0x9e37_79b9) >> 24;
            let (at, mask) = ((bit >> 6) as usize, 1u64 << (bit & 63));
            if seen[at] & mask != 0 {
                if let Some(x) = grams[start..].iter_mut().find(|x| x.0 == id) {
                    x.1 += 1;
                    continue;
                }
            }
            seen[at] |= mask;
            grams.push((id, 1));
        }
        let width = self.members.len();
        let from = partial.len();
        partial.resize(from + width, (0.0, 0.0));
        // Member by member, the word's n-grams in order: each member's sums add the same terms
        // in the same order as n-gram by n-gram did, but they stay in registers (the n-gram
        // loop outside kept them in memory: about half of a new word's instructions).
        let pieces = &grams[start..];
        for (k, (member, out)) in self.members.iter().zip(&mut partial[from..]).enumerate() {
            let mut sum = (0.0f64, 0.0f64);
            for &(id, n) in pieces {
                let Some(&(idf, coef)) = self.weights.get(id as usize * width + k) else {
                    continue; // never: every id of the table has a row of weights
                };
                // tf 1 (most n-grams of a word): v is idf itself
                let v = if n == 1 {
                    idf
                } else {
                    tf(member.sublinear, n) * idf
                };
                sum.0 += v * v;
                sum.1 += v * coef;
            }
            *out = sum;
        }
        let w = spans.len() as u32;
        spans.push((start as u32, (grams.len() - start) as u32));
        w
    }

    /// The spelling of each of `ids` (explaining a score only: a string group's terms are found
    /// by one pass over its index, which keeps no reverse list).
    fn spell(&self, ids: &[u32]) -> FxMap<u32, String> {
        let mut out: FxMap<u32, String> = FxMap::default();
        for &id in ids {
            let term = if self.packed {
                unpack(self.keys[id as usize])
            } else {
                self.term(id).to_string()
            };
            out.insert(id, term);
        }
        out
    }
}

#[derive(Clone, Copy)]
enum Dense {
    Style(usize),
    Given(usize),
}

struct Model {
    dense: Vec<Dense>,
    dense_names: Vec<String>,
    mean: Vec<f64>,
    scale: Vec<f64>,
    coef: Vec<f64>,
    intercept: f64,
    a: f64,
    b: f64,
}

/// Several models scored together.
pub struct ModelSet {
    groups: Vec<Group>,
    /// names of the dense features the caller supplies (every non-style one), in index order
    given: Vec<String>,
    models: Vec<Model>,
    uses_style: bool,
    /// the most distinct words whose n-gram ids a Scratch keeps
    pub word_cache: usize,
    /// tf(true, n) of the counts below its length (computed by tf itself): an n-gram two words
    /// of a sentence share has such a count, and a log() for each was ~4% of decide
    log_tfs: Vec<f64>,
}

/// How many counts ModelSet::log_tfs holds.
const LOG_TFS: u32 = 64;

/// The most distinct words a Scratch keeps the n-gram ids of, unless told otherwise.
pub const DEFAULT_WORD_CACHE: usize = 50_000;

impl ModelSet {
    /// A set of these tables (built from specs, or read from a blob), with the default word cache.
    fn assemble(groups: Vec<Group>, given: Vec<String>, models: Vec<Model>) -> ModelSet {
        let uses_style = models
            .iter()
            .any(|m| m.dense.iter().any(|d| matches!(d, Dense::Style(_))));
        ModelSet {
            groups,
            given,
            models,
            uses_style,
            word_cache: DEFAULT_WORD_CACHE,
            log_tfs: (0..LOG_TFS).map(|n| tf(true, n)).collect(),
        }
    }
}

fn check_floats(what: &str, v: &[f64], n: usize) -> Result<(), String> {
    if v.len() != n {
        return Err(format!("{what}: {} values for {n} features", v.len()));
    }
    if !v.iter().all(|x| x.is_finite()) {
        return Err(format!("{what}: holds non-finite values"));
    }
    Ok(())
}

/// A term's contribution to one model: (block "word"/"char"/"dense", feature, value).
pub type Contribution = (&'static str, String, f64);

/// The union ids of the character n-grams (lo..=hi, hi <= PACKED_CHARS) of one word padded with
/// one space, as for_each_char_gram cuts them, pushed to `ids`.
fn look_up_packed(word: &str, group: &Group, cps: &mut Vec<char>, ids: &mut Vec<u32>) {
    let (lo, hi) = (group.lo, group.hi.min(PACKED_CHARS));
    cps.clear();
    cps.push(' ');
    cps.extend(word.chars());
    cps.push(' ');
    for i in 0..cps.len() {
        let gram = &cps[i..cps.len().min(i + hi)];
        let mut key = 0u128;
        // a loop of a constant count (unrolled: each pack_step shifts by a constant)
        for n in 0..PACKED_CHARS {
            let Some(&c) = gram.get(n) else {
                break;
            };
            key = pack_step(key, n, c);
            if n + 1 >= lo {
                if let Some(id) = group.packed_id(key) {
                    ids.push(id);
                }
            }
        }
    }
}

/// The character n-gram ids of the words met so far: news repeats its words, so most words are
/// looked up once, not once per occurrence. Each word also keeps its n-grams' share of every
/// member's sums (as if no other word of the sentence had them), so that a sentence reads the
/// weights only of the n-grams two of its words share (mostly frequent ones, in cache), not of
/// each of its n-grams (the rare ones cost a cache miss each: about a third of the scoring time).
#[derive(Default)]
struct WordIds {
    /// each word's (start, length) in `grams`
    spans: Vec<(u32, u32)>,
    /// (id, occurrences in the word) of each distinct n-gram of a word, in order of first occurrence
    grams: Vec<(u32, u32)>,
    /// each word's (sum of squares, dot product) for each member: `[word * members + k]`
    partial: Vec<(f64, f64)>,
    /// the n-gram ids of the word being looked up, with repeats
    fresh: Vec<u32>,
}

impl WordIds {
    /// Word `w`'s (id, occurrences) pieces.
    #[inline]
    fn pieces(&self, w: u32) -> &[(u32, u32)] {
        let (at, n) = self.spans[w as usize];
        &self.grams[at as usize..(at + n) as usize]
    }
}

/// The term ids of the tokens met so far (a word group cutting 1..=2 tokens): a token is looked
/// up once, when Words first meets it; a bigram is then found from its two tokens' ids
/// (Group::pair_id), not from a string to build, hash and compare against the vocabulary's keys.
#[derive(Default)]
struct TokenIds {
    /// each token's term id (NO_ID: none; at or past the group's `len`: a token only bigram
    /// terms hold, no unigram), by token index (see Words)
    ids: Vec<u32>,
}

/// The whitespace-separated words met so far, each probed once per occurrence for every group
/// that cuts text by words: its index, which is also its index in each packed group's WordIds
/// (every word is learnt by each of them when first met, and they start afresh together), and
/// its tokens (the token pattern never crosses white space, so a word's tokens are the same
/// wherever it stands). One probe per word serves the character and the word n-grams of every
/// model.
#[derive(Default)]
struct Words {
    /// word -> its index
    index: WordMap<u32>,
    /// each word's tokens: a range of `tokens`
    range: Vec<(u32, u32)>,
    /// token indices
    tokens: Vec<u32>,
    /// token -> its index (shared by every word group cutting 1..=2 tokens)
    token_at: WordMap<u32>,
    /// how many tokens (indices 0..tokens_met)
    tokens_met: u32,
}

/// A token the vocabulary does not hold.
const NO_ID: u32 = u32::MAX;

/// tf of an n-gram occurring `n` times: sublinear (1 + ln n) or the count.
#[inline]
fn tf(sublinear: bool, n: u32) -> f64 {
    if !sublinear {
        f64::from(n)
    } else if n == 1 {
        1.0 // 1 + ln 1
    } else {
        1.0 + f64::from(n).ln()
    }
}

/// One distinct id of a sentence: its id, total count, how many of the counted pieces (words)
/// held it, and the sums over those pieces of tf (sublinear) and of tf squared (sublinear, linear)
/// of each piece's count.
#[derive(Clone, Copy)]
struct Tallied {
    id: u32,
    count: u32,
    pieces: u32,
    log_tf: f64,
    log_tf2: f64,
    lin_tf2: f64,
}

/// A reused open-addressing table for tallying ids: a slot is live only when it carries the
/// current stamp, so nothing is cleared between sentences.
#[derive(Default)]
struct Tally {
    /// (stamp, id, index into the output, count of the id's first piece (Tally::shared))
    slots: Vec<(u32, u32, u32, u32)>,
    stamp: u32,
}

/// An odd 64-bit multiplier (FxHash's): its product's high bits spread ids over the slots.
const SPREAD: u64 = 0x517c_c1b7_2722_0a95;

impl Tallied {
    /// A distinct id first met in a piece of count `n`.
    #[inline]
    fn first(id: u32, n: u32) -> Tallied {
        let (log, lin) = (tf(true, n), f64::from(n));
        Tallied {
            id,
            count: n,
            pieces: 1,
            log_tf: log,
            log_tf2: log * log,
            lin_tf2: lin * lin,
        }
    }

    /// The id met again, in a piece of count `n`.
    #[inline]
    fn add(&mut self, n: u32) {
        let (log, lin) = (tf(true, n), f64::from(n));
        self.count += n;
        self.pieces += 1;
        self.log_tf += log;
        self.log_tf2 += log * log;
        self.lin_tf2 += lin * lin;
    }
}

/// In a slot of Tally::shared, marks the index of the id's entry in the output (else the slot
/// holds the position of the id's first piece).
const SHARED: u32 = 1 << 31;

impl Tally {
    /// The table cleared (by a new stamp) for `pieces` pieces; its mask.
    fn start(&mut self, pieces: usize) -> usize {
        let size = (pieces * 2).next_power_of_two().max(64);
        if size > self.slots.len() || self.stamp == u32::MAX {
            self.slots = vec![(0, 0, 0, 0); size.max(self.slots.len())];
            self.stamp = 0;
        }
        self.stamp += 1;
        // this sentence's share of the table (kept as large as the longest sentence's): a short
        // sentence's probes stay within a few cache lines, whatever came before it
        size - 1
    }

    /// Each distinct id of the (id, count) pieces `ids`, in order of first occurrence, into `out`.
    fn count(&mut self, ids: &[(u32, u32)], out: &mut Vec<Tallied>) {
        out.clear();
        let mask = self.start(ids.len());
        let stamp = self.stamp;
        for &(id, n) in ids {
            let mut h = (u64::from(id).wrapping_mul(SPREAD) >> 32) as usize & mask;
            loop {
                let slot = &mut self.slots[h];
                if slot.0 != stamp {
                    *slot = (stamp, id, out.len() as u32, n);
                    out.push(Tallied::first(id, n));
                    break;
                }
                if slot.1 == id {
                    out[slot.2 as usize].add(n);
                    break;
                }
                h = (h + 1) & mask;
            }
        }
    }

    /// What count() gives for the ids held by two pieces or more of the words' pieces `words`
    /// (`pieces` in all), the same values in the same order, into `out`; an id met once (most
    /// of a sentence's character n-grams) costs only its slot, no entry. The pieces are read in
    /// place from each word's cache, not copied. `pending`, `order`: scratch (the entries, and
    /// each one's first piece's position << 32 | its index in `pending`). Not inlined: inside
    /// decide its loop kept its counters on the stack.
    #[inline(never)]
    fn shared<'a>(
        &mut self,
        words: impl Iterator<Item = &'a [(u32, u32)]>,
        pieces: usize,
        out: &mut Vec<Tallied>,
        pending: &mut Vec<Tallied>,
        order: &mut Vec<u64>,
    ) {
        out.clear();
        pending.clear();
        order.clear();
        if pieces >= SHARED as usize {
            // positions would not fit beside the flag (never in a sentence): the plain count
            let all: Vec<(u32, u32)> = words.flatten().copied().collect();
            self.count(&all, out);
            out.retain(|t| t.pieces > 1);
            return;
        }
        let mask = self.start(pieces);
        let stamp = self.stamp;
        // this sentence's share of the table, indexed by `& mask` (so no bounds check is left)
        let slots = &mut self.slots[..=mask];
        let mut at = 0u32;
        for word in words {
            // nested loops, not flatten(): its per-item state costs more than copying the pieces
            for &(id, n) in word {
                let mut h = (u64::from(id).wrapping_mul(SPREAD) >> 32) as usize & mask;
                loop {
                    let slot = &mut slots[h];
                    if slot.0 != stamp {
                        *slot = (stamp, id, at, n);
                        break;
                    }
                    if slot.1 == id {
                        if slot.2 & SHARED != 0 {
                            pending[(slot.2 & !SHARED) as usize].add(n);
                        } else {
                            let k = pending.len() as u32;
                            order.push(u64::from(slot.2) << 32 | u64::from(k));
                            let mut t = Tallied::first(id, slot.3);
                            t.add(n);
                            pending.push(t);
                            slot.2 = SHARED | k;
                        }
                        break;
                    }
                    h = (h + 1) & mask;
                }
                at += 1;
            }
        }
        // entries were made at each id's second piece: put them in order of the first (sorting
        // 8-byte keys, not the entries)
        order.sort_unstable();
        out.extend(order.iter().map(|&k| pending[k as u32 as usize]));
    }
}

/// Reusable buffers of scoring, and the words met so far (a ModelSet keeps one between calls).
#[derive(Default)]
pub struct Scratch {
    tally: Tally,
    tallied: Vec<Tallied>,
    /// Tally::shared's entries, and their order keys
    pending: Vec<Tallied>,
    order: Vec<u64>,
    words: Vec<WordIds>,
    /// per word group cutting 1..=2 tokens, its tokens' unigram ids and bigrams met so far
    tokens: Vec<TokenIds>,
    /// the words (and their tokens) met so far, for every group
    known: Words,
    /// the indices (in `known`) of the words of the sentence being looked up
    sentence_words: Vec<u32>,
    /// the token indices of the sentence being looked up
    sentence_tokens: Vec<u32>,
    cps: Vec<char>,
    sums: Vec<(f64, f64)>,
    norm: String,
    spans: Vec<(usize, usize)>,
    buf: String,
    offsets: Vec<usize>,
    /// per group, the (id, count) pieces of the sentence: an n-gram each for a string group, a
    /// word's distinct n-grams for a packed one
    ids: Vec<Vec<(u32, u32)>>,
    given: Vec<f64>,
}

impl ModelSet {
    pub fn new(specs: Vec<ModelSpec<'_>>) -> Result<ModelSet, String> {
        let mut groups: Vec<Group> = Vec::new();
        // terms a group will hold at most: its maps are sized once, not grown step by step
        let mut sizes: Vec<((bool, usize, usize), usize)> = Vec::new();
        for b in specs.iter().flat_map(|s| &s.blocks) {
            let cut = (b.word, b.lo, b.hi);
            match sizes.iter_mut().find(|(c, _)| *c == cut) {
                Some((_, n)) => *n += b.vocab.len(),
                None => sizes.push((cut, b.vocab.len())),
            }
        }
        let mut given: Vec<String> = Vec::new();
        let mut given_at: HashMap<String, usize> = HashMap::new();
        let mut models = Vec::with_capacity(specs.len());
        let mut pending: Vec<PendingBlock> = Vec::new();
        for (m, spec) in specs.into_iter().enumerate() {
            for b in spec.blocks {
                let kind = if b.word { "word" } else { "char" };
                if b.lo < 1 || b.lo > b.hi || b.hi > 10 {
                    return Err(format!(
                        "model {m}: {kind} n-gram range ({}, {})",
                        b.lo, b.hi
                    ));
                }
                check_floats(&format!("model {m}: {kind}_idf"), &b.idf, b.vocab.len())?;
                check_floats(&format!("model {m}: {kind}_coef"), &b.coef, b.vocab.len())?;
                let g = match groups
                    .iter()
                    .position(|g| g.word == b.word && g.lo == b.lo && g.hi == b.hi)
                {
                    Some(g) => g,
                    None => {
                        let most = sizes
                            .iter()
                            .find(|(c, _)| *c == (b.word, b.lo, b.hi))
                            .map_or(0, |x| x.1);
                        let packs = !b.word && b.hi <= PACKED_CHARS;
                        groups.push(Group {
                            word: b.word,
                            lo: b.lo,
                            hi: b.hi,
                            text: String::new(),
                            ends: Vec::with_capacity(if packs { 0 } else { most }),
                            slots: Slots::with_room(most),
                            packed: packs,
                            len: 0,
                            keys: Vec::with_capacity(if packs { most } else { 0 }),
                            members: Vec::new(),
                            weights: Vec::new(),
                            pairs: Slots::default(),
                            pair_keys: Vec::new(),
                            pair_ids: Vec::new(),
                        });
                        groups.len() - 1
                    }
                };
                let group = &mut groups[g];
                if group.members.iter().any(|x| x.model == m) {
                    return Err(format!("model {m}: two {kind} blocks cutting text one way"));
                }
                group.members.push(Member {
                    model: m,
                    sublinear: b.sublinear,
                });
                let mut ids = Vec::with_capacity(b.vocab.len());
                for term in b.vocab {
                    let next = group.len;
                    let id = if !group.packed {
                        match group.term_slot(term) {
                            Ok(id) => id,
                            Err(slot) => {
                                group.text.push_str(term);
                                group.ends.push(group.text.len() as u32);
                                group.slots.slots[slot] = next + 1;
                                next
                            }
                        }
                    } else {
                        match pack(term) {
                            Some(key) => match group.packed_slot(key) {
                                Ok(id) => id,
                                Err(slot) => {
                                    group.keys.push(key);
                                    group.slots.slots[slot] = next + 1;
                                    next
                                }
                            },
                            None => {
                                group.keys.push(0);
                                next // longer than any n-gram looked up: never found, only weighed
                            }
                        }
                    };
                    if id == next {
                        group.len += 1;
                    }
                    ids.push(id);
                }
                pending.push(PendingBlock {
                    group: g,
                    member: group.members.len() - 1,
                    ids,
                    idf: b.idf,
                    coef: b.coef,
                });
            }
            let n = spec.dense_names.len();
            check_floats(&format!("model {m}: dense_mean"), &spec.dense_mean, n)?;
            check_floats(&format!("model {m}: dense_scale"), &spec.dense_scale, n)?;
            check_floats(&format!("model {m}: dense_coef"), &spec.dense_coef, n)?;
            if spec.dense_scale.iter().any(|&s| s <= 0.0) {
                return Err(format!("model {m}: dense_scale must be positive"));
            }
            for (what, v) in [("intercept", spec.intercept), ("a", spec.a), ("b", spec.b)] {
                if !v.is_finite() {
                    return Err(format!("model {m}: {what} is not finite"));
                }
            }
            let dense = spec
                .dense_names
                .iter()
                .map(|name| {
                    let style = name
                        .strip_prefix("style:")
                        .and_then(|s| STYLE.iter().position(|&k| k == s));
                    match style {
                        Some(i) => Dense::Style(i),
                        None => Dense::Given(*given_at.entry(name.clone()).or_insert_with(|| {
                            given.push(name.clone());
                            given.len() - 1
                        })),
                    }
                })
                .collect();
            models.push(Model {
                dense,
                dense_names: spec.dense_names,
                mean: spec.dense_mean,
                scale: spec.dense_scale,
                coef: spec.dense_coef,
                intercept: spec.intercept,
                a: spec.a,
                b: spec.b,
            });
        }
        for g in groups.iter_mut() {
            g.weights = vec![(0.0, 0.0); g.len as usize * g.members.len()];
            if Self::by_tokens(g) && g.hi >= 2 {
                g.index_pairs();
            }
        }
        for p in pending {
            let group = &mut groups[p.group];
            let width = group.members.len();
            for ((id, idf), coef) in p.ids.into_iter().zip(p.idf).zip(p.coef) {
                // a repeated term: its last column, as a dict answers
                group.weights[id as usize * width + p.member] = (idf, coef);
            }
        }
        Ok(ModelSet::assemble(groups, given, models))
    }

    pub fn given_names(&self) -> &[String] {
        &self.given
    }

    pub fn len(&self) -> usize {
        self.models.len()
    }

    pub fn is_empty(&self) -> bool {
        self.models.is_empty()
    }

    /// tf(true, n), a small count's from the table.
    #[inline]
    fn sublinear_tf(&self, n: u32) -> f64 {
        match self.log_tfs.get(n as usize) {
            Some(&v) => v,
            None => tf(true, n),
        }
    }

    /// Whether group `g` cuts words of 1..=2 tokens (through TokenIds).
    fn by_tokens(group: &Group) -> bool {
        group.word && group.hi <= 2
    }

    /// The (id, count) pieces of `sentence` per group (see Scratch::ids), in order of occurrence;
    /// and the index (in Scratch::known, and in each packed group's WordIds) of each word of the
    /// sentence (Scratch::sentence_words).
    fn look_up(&self, sentence: &str, s: &mut Scratch) {
        let Scratch {
            words,
            tokens,
            known,
            sentence_words,
            sentence_tokens,
            cps,
            norm,
            spans,
            buf,
            offsets,
            ids: all_ids,
            ..
        } = s;
        normalise_into(sentence, norm);
        all_ids.resize_with(self.groups.len(), Vec::new);
        words.resize_with(self.groups.len(), WordIds::default);
        tokens.resize_with(self.groups.len(), TokenIds::default);
        let packed = self.groups.iter().any(|g| g.packed);
        let by_tokens = self.groups.iter().any(Self::by_tokens);
        if known.range.len() > self.word_cache || known.token_at.len() > self.word_cache {
            // bounded memory, however long the call: every cache keyed by Words' indices afresh
            *known = Words::default();
            words.iter_mut().for_each(|w| *w = WordIds::default());
            tokens.iter_mut().for_each(|t| *t = TokenIds::default());
        }
        sentence_words.clear();
        sentence_tokens.clear();
        if packed || by_tokens {
            for word in space_words(norm) {
                let w = match known.index.get(word) {
                    Some(w) => w,
                    None => self.learn_word(word, known, words, tokens, cps, spans, by_tokens),
                };
                sentence_words.push(w);
                if by_tokens {
                    let (at, n) = known.range[w as usize];
                    sentence_tokens
                        .extend_from_slice(&known.tokens[at as usize..(at + n) as usize]);
                }
            }
        }
        let mut tokenised = false;
        for (g, group) in self.groups.iter().enumerate() {
            let ids = &mut all_ids[g];
            ids.clear();
            if group.packed {
                // none: decide reads the words' pieces in place (WordIds::pieces)
            } else if Self::by_tokens(group) {
                Self::look_up_tokens(group, sentence_tokens, &tokens[g], ids);
            } else {
                let push = |t: &str| {
                    if let Some(id) = group.term_id(t) {
                        ids.push((id, 1));
                    }
                };
                if group.word {
                    if !tokenised {
                        token_spans(norm, spans);
                        tokenised = true;
                    }
                    for_each_word_gram(norm, spans, group.lo, group.hi, buf, push);
                } else {
                    for_each_char_gram(norm, group.lo, group.hi, buf, offsets, push);
                }
            }
        }
    }

    /// Looks up a whitespace word met for the first time, for every group cutting text by words:
    /// its character n-grams in each packed group, its tokens (each token new to Words looked up
    /// in each word group cutting 1..=2 tokens). Returns its index in `known`.
    #[allow(clippy::too_many_arguments)]
    fn learn_word(
        &self,
        word: &str,
        known: &mut Words,
        words: &mut [WordIds],
        tokens: &mut [TokenIds],
        cps: &mut Vec<char>,
        spans: &mut Vec<(usize, usize)>,
        by_tokens: bool,
    ) -> u32 {
        let w = known.range.len() as u32;
        for (g, group) in self.groups.iter().enumerate() {
            if group.packed {
                let wi = group.learn(word, cps, &mut words[g]);
                debug_assert_eq!(wi, w, "a packed group's WordIds keep Words' indices");
            }
        }
        let start = known.tokens.len() as u32;
        if by_tokens {
            token_spans(word, spans);
            for &(a, b) in spans.iter() {
                let token = &word[a..b];
                let t = match known.token_at.get(token) {
                    Some(t) => t,
                    None => {
                        let t = known.tokens_met;
                        known.tokens_met += 1;
                        known.token_at.insert(token, t);
                        for (group, ids) in self.groups.iter().zip(tokens.iter_mut()) {
                            if Self::by_tokens(group) {
                                ids.ids.push(group.term_id(token).unwrap_or(NO_ID));
                            }
                        }
                        t
                    }
                };
                known.tokens.push(t);
            }
        }
        known.range.push((start, known.tokens.len() as u32 - start));
        known.index.insert(word, w);
        w
    }

    /// The (id, 1) pieces of a word group cutting lo..=hi <= 2 tokens, in for_each_word_gram's
    /// order (unigrams, then bigrams), of the sentence's tokens `sentence` (indices in Words),
    /// through the term ids of its tokens.
    fn look_up_tokens(group: &Group, sentence: &[u32], of: &TokenIds, ids: &mut Vec<(u32, u32)>) {
        if group.lo <= 1 {
            for &t in sentence {
                let id = of.ids[t as usize];
                if id < group.len {
                    ids.push((id, 1));
                }
            }
        }
        if group.hi >= 2 {
            for pair in sentence.windows(2) {
                let (a, b) = (of.ids[pair[0] as usize], of.ids[pair[1] as usize]);
                if a == NO_ID || b == NO_ID {
                    continue;
                }
                if let Some(id) = group.pair_id(a, b) {
                    ids.push((id, 1));
                }
            }
        }
    }

    /// The dense inputs of one sentence: style features, and the supplied values in `s.given`.
    fn dense_inputs(
        &self,
        sentence: &str,
        quoted: usize,
        given: &[(usize, f64)],
        s: &mut Scratch,
    ) -> [f64; 13] {
        s.given.clear();
        s.given.resize(self.given.len(), 0.0);
        for &(k, v) in given {
            if let Some(slot) = s.given.get_mut(k) {
                *slot += v;
            }
        }
        if self.uses_style {
            style(sentence, quoted)
        } else {
            [0.0; 13]
        }
    }

    /// Decision values (before calibration) of every model for one sentence, into `out`; with
    /// `explain`, each feature's contribution to model `explain.0`, pushed to `explain.1`.
    fn decide(
        &self,
        sentence: &str,
        quoted: usize,
        given: &[(usize, f64)],
        s: &mut Scratch,
        out: &mut [f64],
        mut explain: Option<(usize, &mut Vec<Contribution>)>,
    ) {
        self.look_up(sentence, s);
        let style = self.dense_inputs(sentence, quoted, given, s);
        for z in out.iter_mut() {
            *z = 0.0;
        }
        let explained = explain.as_ref().map(|e| e.0);
        for (g, group) in self.groups.iter().enumerate() {
            let width = group.members.len();
            s.sums.clear();
            s.sums.resize(width, (0.0, 0.0));
            let mut hits: Vec<(u32, f64)> = Vec::new();
            if group.packed && explained.is_none() {
                let known = &s.words[g];
                let pieces = s.sentence_words.iter().map(|&w| known.spans[w as usize].1);
                s.tally.shared(
                    s.sentence_words.iter().map(|&w| known.pieces(w)),
                    pieces.map(|n| n as usize).sum(),
                    &mut s.tallied,
                    &mut s.pending,
                    &mut s.order,
                );
                // Each word's own sums, then a correction for each n-gram two words share: its
                // tf over the sentence in place of the tfs it had in each word.
                for &w in &s.sentence_words {
                    let at = w as usize * width;
                    for (sum, part) in s.sums.iter_mut().zip(&known.partial[at..at + width]) {
                        sum.0 += part.0;
                        sum.1 += part.1;
                    }
                }
                for t in &s.tallied {
                    let at = t.id as usize * width;
                    // the gram's tf over the sentence, each kind computed once for every member
                    let (log_whole, lin_whole) = (self.sublinear_tf(t.count), tf(false, t.count));
                    for (k, (member, sum)) in
                        group.members.iter().zip(s.sums.iter_mut()).enumerate()
                    {
                        let (idf, coef) = group.weights[at + k];
                        let (whole, parts, parts2) = if member.sublinear {
                            (log_whole, t.log_tf, t.log_tf2)
                        } else {
                            (lin_whole, f64::from(t.count), t.lin_tf2)
                        };
                        sum.0 += idf * idf * (whole * whole - parts2);
                        sum.1 += idf * coef * (whole - parts);
                    }
                }
            } else {
                if group.packed {
                    let ids = &mut s.ids[g];
                    for &w in &s.sentence_words {
                        ids.extend_from_slice(s.words[g].pieces(w));
                    }
                }
                s.tally.count(&s.ids[g], &mut s.tallied);
                // Terms in order of first occurrence: the same order for a model alone or with others.
                for t in &s.tallied {
                    let at = t.id as usize * width;
                    for (k, (member, sum)) in
                        group.members.iter().zip(s.sums.iter_mut()).enumerate()
                    {
                        let (idf, coef) = group.weights[at + k];
                        if idf == 0.0 {
                            continue; // not in this model's vocabulary (or weightless: adds nothing)
                        }
                        let v = tf(member.sublinear, t.count) * idf;
                        sum.0 += v * v;
                        sum.1 += v * coef;
                        if explained == Some(member.model) {
                            hits.push((t.id, v * coef));
                        }
                    }
                }
            }
            for (member, &(ss, num)) in group.members.iter().zip(&s.sums) {
                if ss > 0.0 {
                    let norm = ss.sqrt();
                    out[member.model] += num / norm;
                    if let Some((m, parts)) = explain.as_mut() {
                        if *m == member.model {
                            let kind = if group.word { "word" } else { "char" };
                            let ids: Vec<u32> = hits.iter().map(|h| h.0).collect();
                            let spelt = group.spell(&ids);
                            for &(id, c) in &hits {
                                let term = spelt.get(&id).cloned().unwrap_or_default();
                                parts.push((kind, term, c / norm));
                            }
                        }
                    }
                }
            }
        }
        for (m, (model, z)) in self.models.iter().zip(out.iter_mut()).enumerate() {
            let mut total = 0.0;
            for (k, d) in model.dense.iter().enumerate() {
                let raw = match *d {
                    Dense::Style(i) => style[i],
                    Dense::Given(i) => s.given[i],
                };
                let c = (raw - model.mean[k]) / model.scale[k] * model.coef[k];
                total += c;
                if c != 0.0 {
                    if let Some((e, parts)) = explain.as_mut() {
                        if *e == m {
                            parts.push(("dense", model.dense_names[k].clone(), c));
                        }
                    }
                }
            }
            *z += total + model.intercept;
        }
    }

    /// P(positive) of every sentence under every model (`calibrated`: through each model's Platt
    /// scaling; else the raw decision values), as [model][sentence]. `given`: (sentence, given
    /// feature, value) triples, summed per sentence and feature.
    pub fn scores(
        &self,
        sentences: &[String],
        quoted: &[usize],
        given: &[(usize, usize, f64)],
        calibrated: bool,
        s: &mut Scratch,
    ) -> Vec<Vec<f64>> {
        let mut per_row: Vec<Vec<(usize, f64)>> = vec![Vec::new(); sentences.len()];
        for &(row, k, v) in given {
            if let Some(r) = per_row.get_mut(row) {
                r.push((k, v));
            }
        }
        let mut out = vec![Vec::with_capacity(sentences.len()); self.models.len()];
        let mut z = vec![0.0; self.models.len()];
        for (i, sentence) in sentences.iter().enumerate() {
            let q = quoted.get(i).copied().unwrap_or(0);
            self.decide(sentence, q, &per_row[i], s, &mut z, None);
            for ((col, model), &zi) in out.iter_mut().zip(&self.models).zip(&z) {
                col.push(if calibrated {
                    sigmoid(model.a * zi + model.b)
                } else {
                    zi
                });
            }
        }
        out
    }

    /// Every feature's contribution to model `m`'s decision value for one sentence (before
    /// calibration), and the model's intercept.
    pub fn contributions(
        &self,
        m: usize,
        sentence: &str,
        quoted: usize,
        given: &[(usize, f64)],
    ) -> Option<(Vec<Contribution>, f64)> {
        let model = self.models.get(m)?;
        let mut parts = Vec::new();
        let mut z = vec![0.0; self.models.len()];
        let mut s = Scratch::default();
        self.decide(
            sentence,
            quoted,
            given,
            &mut s,
            &mut z,
            Some((m, &mut parts)),
        );
        Some((parts, model.intercept))
    }

    /// (a, b) of model `m`'s calibration.
    pub fn calibration(&self, m: usize) -> Option<(f64, f64)> {
        self.models.get(m).map(|x| (x.a, x.b))
    }
}

/// 1 / (1 + e^-t) without overflow: extreme scores saturate at 0 or 1.
pub fn sigmoid(t: f64) -> f64 {
    if t >= 0.0 {
        1.0 / (1.0 + (-t).exp())
    } else {
        let e = t.exp();
        e / (1.0 + e)
    }
}

// ---------------------------------------------------------------------------------------------
// The Python boundary: a few coarse calls. A panic never crosses it: it becomes a ValueError.

fn guarded<T>(what: &str, f: impl FnOnce() -> Result<T, String>) -> PyResult<T> {
    crate::guard::guard(what, || f().map_err(PyValueError::new_err))
}

fn same_length(sentences: &[String], quoted: &[usize]) -> PyResult<()> {
    if quoted.len() == sentences.len() {
        return Ok(());
    }
    Err(PyValueError::new_err(format!(
        "{} sentences but {} quoted counts",
        sentences.len(),
        quoted.len()
    )))
}

fn floats(bytes: &[u8], what: &str) -> Result<Vec<f64>, String> {
    if !bytes.len().is_multiple_of(8) {
        return Err(format!(
            "{what}: {} bytes is not a whole number of float64 values",
            bytes.len()
        ));
    }
    Ok(bytes
        .chunks_exact(8)
        .map(|c| {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            f64::from_le_bytes(w)
        })
        .collect())
}

fn item<'py>(t: &Bound<'py, PyTuple>, i: usize, what: &str) -> PyResult<Bound<'py, PyAny>> {
    t.get_item(i)
        .map_err(|_| PyValueError::new_err(format!("{what}: expected item {i}")))
}

fn f64s_of(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<f64>> {
    let bytes: &[u8] = obj.extract()?;
    floats(bytes, what).map_err(PyValueError::new_err)
}

// ---------------------------------------------------------------------------------------------
// Vocabularies read from a model file's JSON without a Python string per term.

// ---------------------------------------------------------------------------------------------
// The prepared model blob: a ModelSet's tables as bytes (little-endian), read back by copying
// them, with no term hashed again (the term tables are written as they are: their hashes are
// fixed). framing.scoring.classify keys the file by the model files and the engine build, and
// checks its length and checksum before this reads it; this checks every length, index and
// string, so a damaged blob is an error, never a panic or a wrong table.

/// The first bytes of a blob; the last one is its layout's version.
const BLOB_MAGIC: &[u8; 16] = b"framing-models\x00\x02";

struct BlobWriter(Vec<u8>);

impl BlobWriter {
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }
    fn f64(&mut self, v: f64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    /// `v.len()` then each value's N little-endian bytes (`BlobReader::array`).
    fn array<const N: usize, T: Copy>(&mut self, v: &[T], to: fn(T) -> [u8; N]) {
        self.len(v.len());
        for &x in v {
            self.0.extend_from_slice(&to(x));
        }
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    fn strs(&mut self, v: &[String]) {
        self.len(v.len());
        for x in v {
            self.str(x);
        }
    }
}

struct BlobReader<'a>(&'a [u8]);

const TRUNCATED: &str = "truncated";

impl<'a> BlobReader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if n > self.0.len() {
            return Err(TRUNCATED.into());
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
    fn u64(&mut self) -> Result<u64, String> {
        Ok(u64::from_le_bytes(
            <[u8; 8]>::try_from(self.take(8)?).unwrap_or_default(),
        ))
    }
    fn f64(&mut self) -> Result<f64, String> {
        Ok(f64::from_bits(self.u64()?))
    }
    /// A count of items of `each` bytes, at most what the rest of the blob can hold.
    fn len(&mut self, each: usize) -> Result<usize, String> {
        let n = self.u64()?;
        if n > (self.0.len() / each) as u64 {
            return Err(TRUNCATED.into());
        }
        Ok(n as usize)
    }
    fn at_most(&mut self, most: usize, what: &str) -> Result<usize, String> {
        let n = self.u64()?;
        if n > most as u64 {
            return Err(format!("{what} out of range"));
        }
        Ok(n as usize)
    }
    /// `len` little-endian values of N bytes each, read by `from` (f64, u32, u128).
    fn array<const N: usize, T>(&mut self, from: fn([u8; N]) -> T) -> Result<Vec<T>, String> {
        let n = self.len(N)?;
        Ok(self
            .take(n * N)?
            .chunks_exact(N)
            .map(|c| from(<[u8; N]>::try_from(c).unwrap_or([0; N])))
            .collect())
    }
    fn f64s(&mut self) -> Result<Vec<f64>, String> {
        self.array(f64::from_le_bytes)
    }
    fn u32s(&mut self) -> Result<Vec<u32>, String> {
        self.array(u32::from_le_bytes)
    }
    fn u128s(&mut self) -> Result<Vec<u128>, String> {
        self.array(u128::from_le_bytes)
    }
    fn str(&mut self) -> Result<String, String> {
        let n = self.len(1)?;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| "a string is not UTF-8".to_string())
    }
    fn strs(&mut self) -> Result<Vec<String>, String> {
        let n = self.len(8)?;
        (0..n).map(|_| self.str()).collect()
    }
}

impl ModelSet {
    /// The set as a prepared model blob (see from_blob).
    pub fn to_blob(&self) -> Vec<u8> {
        let mut w = BlobWriter(BLOB_MAGIC.to_vec());
        w.len(self.groups.len());
        for g in &self.groups {
            for v in [
                g.word as usize,
                g.lo,
                g.hi,
                g.packed as usize,
                g.len as usize,
            ] {
                w.len(v);
            }
            w.len(g.members.len());
            for m in &g.members {
                w.len(m.model);
                w.len(m.sublinear as usize);
            }
            w.array(&g.keys, u128::to_le_bytes);
            w.str(&g.text);
            w.array(&g.ends, u32::to_le_bytes);
            w.array(&g.slots.slots, u32::to_le_bytes);
            let flat: Vec<f64> = g.weights.iter().flat_map(|&(i, c)| [i, c]).collect();
            w.array(&flat, f64::to_le_bytes);
            w.array(&g.pairs.slots, u32::to_le_bytes);
            w.array(&g.pair_keys, u64::to_le_bytes);
            w.array(&g.pair_ids, u32::to_le_bytes);
        }
        w.strs(&self.given);
        w.len(self.models.len());
        for m in &self.models {
            w.len(m.dense.len());
            for d in &m.dense {
                let (tag, i) = match *d {
                    Dense::Style(i) => (0, i),
                    Dense::Given(i) => (1, i),
                };
                w.len(tag);
                w.len(i);
            }
            w.strs(&m.dense_names);
            for v in [&m.mean, &m.scale, &m.coef] {
                w.array(v, f64::to_le_bytes);
            }
            for v in [m.intercept, m.a, m.b] {
                w.f64(v);
            }
        }
        w.0
    }

    /// A set read back from `to_blob`'s bytes (word_cache: the default); an error names what is
    /// wrong with a blob that is not one (truncated, damaged, another layout).
    pub fn from_blob(blob: &[u8]) -> Result<ModelSet, String> {
        let mut r = BlobReader(blob);
        if r.take(BLOB_MAGIC.len())? != BLOB_MAGIC {
            return Err("not a model blob of this layout".into());
        }
        let n_groups = r.len(8)?;
        let mut groups = Vec::with_capacity(n_groups);
        for _ in 0..n_groups {
            let word = r.at_most(1, "a flag")? == 1;
            let lo = r.at_most(10, "an n-gram range")?;
            let hi = r.at_most(10, "an n-gram range")?;
            let packed = r.at_most(1, "a flag")? == 1;
            let len = r.at_most(u32::MAX as usize - 1, "a vocabulary size")?;
            if lo < 1 || lo > hi || packed != (!word && hi <= PACKED_CHARS) {
                return Err("a group's n-gram range".into());
            }
            let n_members = r.len(16)?;
            let members = (0..n_members)
                .map(|_| {
                    Ok(Member {
                        model: r.at_most(u32::MAX as usize, "a member")?,
                        sublinear: r.at_most(1, "a flag")? == 1,
                    })
                })
                .collect::<Result<Vec<_>, String>>()?;
            let keys = r.u128s()?;
            let text = r.str()?;
            let ends = r.u32s()?;
            let slots = r.u32s()?;
            let flat = r.f64s()?;
            let pairs = r.u32s()?;
            let pair_keys = r.array(u64::from_le_bytes)?;
            let pair_ids = r.u32s()?;
            // a string group's table may hold terms past `len`: tokens only bigram terms hold
            let terms = if packed { keys.len() } else { ends.len() };
            let unused = if packed {
                ends.len() + text.len()
            } else {
                keys.len()
            };
            if terms < len || (packed && terms != len) || unused != 0 {
                return Err("a group's term count".into());
            }
            let paired = word && hi == 2; // ModelSet::by_tokens, cutting bigrams
            if pair_keys.len() != pair_ids.len()
                || pair_ids.iter().any(|&i| i as usize >= len)
                || paired == pairs.is_empty() // a table in a bigram group only
                || (paired
                    && (!pairs.len().is_power_of_two()
                        || !pairs.contains(&0)
                        || pairs.iter().any(|&s| s as usize > pair_keys.len())))
            {
                return Err("a group's bigram table".into());
            }
            let mut last = 0;
            for &e in &ends {
                if e < last || !text.is_char_boundary(e as usize) {
                    return Err("a group's term ends".into());
                }
                last = e;
            }
            if !slots.len().is_power_of_two()
                || slots.len() < 2
                || slots.iter().any(|&s| s as usize > terms)
                || !slots.contains(&0)
            {
                return Err("a group's term table".into());
            }
            if Some(flat.len()) != len.checked_mul(2 * members.len()) {
                return Err("a group's weights".into());
            }
            let weights = flat.chunks_exact(2).map(|p| (p[0], p[1])).collect();
            groups.push(Group {
                word,
                lo,
                hi,
                text,
                ends,
                slots: Slots { slots },
                packed,
                len: len as u32,
                keys,
                members,
                weights,
                pairs: Slots { slots: pairs },
                pair_keys,
                pair_ids,
            });
        }
        let given = r.strs()?;
        let n_models = r.len(8)?;
        let mut models = Vec::with_capacity(n_models);
        for _ in 0..n_models {
            let n = r.len(16)?;
            let dense = (0..n)
                .map(|_| match r.at_most(1, "a flag")? {
                    0 => Ok(Dense::Style(r.at_most(STYLE.len() - 1, "a style feature")?)),
                    _ => match r.u64()? as usize {
                        i if i < given.len() => Ok(Dense::Given(i)),
                        _ => Err("a given feature out of range".to_string()),
                    },
                })
                .collect::<Result<Vec<_>, String>>()?;
            let dense_names = r.strs()?;
            let (mean, scale, coef) = (r.f64s()?, r.f64s()?, r.f64s()?);
            if [dense_names.len(), mean.len(), scale.len(), coef.len()] != [n; 4] {
                return Err("a model's dense features".into());
            }
            models.push(Model {
                dense,
                dense_names,
                mean,
                scale,
                coef,
                intercept: r.f64()?,
                a: r.f64()?,
                b: r.f64()?,
            });
        }
        if !r.0.is_empty() {
            return Err("bytes after the end".into());
        }
        if groups
            .iter()
            .any(|g| g.members.iter().any(|m| m.model >= models.len()))
        {
            return Err("a member out of range".into());
        }
        Ok(ModelSet::assemble(groups, given, models))
    }
}

/// A model's vocabulary as read from its file: every term in one string (`framing._core.Vocabulary`;
/// a sequence of str to Python). Parsing the shipped files' 270,000 terms into Python strings,
/// checking them and borrowing them back took most of a `framing score` start-up's model load.
#[pyclass(frozen, module = "framing._core")]
pub struct Vocabulary {
    text: String,
    /// end of each term in `text`
    ends: Vec<usize>,
}

impl Vocabulary {
    fn term(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    pub fn terms(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).map(|i| self.term(i))
    }
}

#[pymethods]
impl Vocabulary {
    /// A vocabulary of the given terms (what a pickle holds).
    #[new]
    fn new(terms: Vec<String>) -> Self {
        let mut text = String::new();
        let ends = terms
            .iter()
            .map(|t| {
                text.push_str(t);
                text.len()
            })
            .collect();
        Vocabulary { text, ends }
    }

    /// Pickled as its list of terms (a model travels to worker processes with its scorer).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (Vec<String>,))> {
        let terms = slf.get().terms().map(str::to_string).collect();
        Ok((slf.get_type().into_any(), (terms,)))
    }

    fn __len__(&self) -> usize {
        self.ends.len()
    }

    fn __getitem__(&self, i: isize) -> PyResult<&str> {
        let n = self.ends.len() as isize;
        let at = if i < 0 { i + n } else { i };
        if at < 0 || at >= n {
            return Err(pyo3::exceptions::PyIndexError::new_err(
                "vocabulary index out of range",
            ));
        }
        Ok(self.term(at as usize))
    }

    /// The terms as a list (to write a model file).
    fn tolist(&self) -> Vec<&str> {
        self.terms().collect()
    }
}

// A small JSON reader for the model file's top level: the vocabularies are long arrays of short
// strings, which a general parser builds one value at a time (serde_json: ~20 ms for the shipped
// files' 2.4 MB); here a string without escapes is one scan for its closing quote. The members
// other than the vocabularies go back as JSON text to the caller's parser, which checks them.

fn json_error(at: usize, what: &str) -> String {
    format!("{what} at byte {at}")
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// The end (past the closing quote) of the string starting at `i`, and whether it has escapes.
fn string_end(b: &[u8], i: usize) -> Result<(usize, bool), String> {
    if b.get(i) != Some(&b'"') {
        return Err(json_error(i, "expected a string"));
    }
    let (mut j, mut escaped) = (i + 1, false);
    while j < b.len() {
        match b[j] {
            b'"' => return Ok((j + 1, escaped)),
            b'\\' => {
                escaped = true;
                j += 2;
            }
            c if c < 0x20 => return Err(json_error(j, "control character in a string")),
            _ => j += 1,
        }
    }
    Err(json_error(i, "unterminated string"))
}

fn hex4(b: &[u8], at: usize) -> Result<u32, String> {
    let digits = b
        .get(at..at + 4)
        .ok_or_else(|| json_error(at, "short \\u escape"))?;
    let text = std::str::from_utf8(digits).map_err(|_| json_error(at, "bad \\u escape"))?;
    u32::from_str_radix(text, 16).map_err(|_| json_error(at, "bad \\u escape"))
}

/// Appends the content of the string `b[i..end]` (quotes included), escapes decoded, to `out`.
fn push_unescaped(b: &[u8], i: usize, end: usize, out: &mut String) -> Result<(), String> {
    let text =
        std::str::from_utf8(&b[i + 1..end - 1]).map_err(|_| json_error(i, "invalid UTF-8"))?;
    let mut rest = text;
    let mut at = i + 1;
    while let Some(k) = rest.find('\\') {
        out.push_str(&rest[..k]);
        let e = &rest.as_bytes()[k..];
        let pos = at + k;
        let (c, used) = match e.get(1) {
            Some(b'"') => ('"', 2),
            Some(b'\\') => ('\\', 2),
            Some(b'/') => ('/', 2),
            Some(b'b') => ('\u{8}', 2),
            Some(b'f') => ('\u{c}', 2),
            Some(b'n') => ('\n', 2),
            Some(b'r') => ('\r', 2),
            Some(b't') => ('\t', 2),
            Some(b'u') => {
                let hi = hex4(b, pos + 2)?;
                if (0xd800..0xdc00).contains(&hi) && b.get(pos + 6..pos + 8) == Some(b"\\u") {
                    let lo = hex4(b, pos + 8)?;
                    if (0xdc00..0xe000).contains(&lo) {
                        let cp = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
                        (char::from_u32(cp).unwrap_or('\u{fffd}'), 12)
                    } else {
                        return Err(json_error(pos, "lone surrogate"));
                    }
                } else {
                    (
                        char::from_u32(hi).ok_or_else(|| json_error(pos, "lone surrogate"))?,
                        6,
                    )
                }
            }
            _ => return Err(json_error(pos, "bad escape")),
        };
        out.push(c);
        rest = &rest[k + used..];
        at = pos + used;
    }
    out.push_str(rest);
    Ok(())
}

/// The end of the JSON value starting at `i` (not checked: the caller's parser checks it).
fn value_end(b: &[u8], i: usize) -> Result<usize, String> {
    match b.get(i) {
        Some(b'"') => Ok(string_end(b, i)?.0),
        Some(b'[') | Some(b'{') => {
            let (mut depth, mut j) = (0usize, i);
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = string_end(b, j)?.0;
                        continue;
                    }
                    b'[' | b'{' => depth += 1,
                    b']' | b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            return Ok(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            Err(json_error(i, "unterminated array or object"))
        }
        Some(_) => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
            {
                j += 1;
            }
            Ok(j)
        }
        None => Err(json_error(i, "expected a value")),
    }
}

/// The terms of the JSON array of strings starting at byte `i` of `s`, or None when it is not one.
fn vocabulary_of(s: &str, i: usize) -> Option<Vocabulary> {
    let b = s.as_bytes();
    let mut j = skip_ws(b, i + 1);
    let (mut text, mut ends) = (
        String::with_capacity(s.len() - i),
        Vec::with_capacity((s.len() - i) / 8),
    );
    if b.get(i) != Some(&b'[') {
        return None;
    }
    if b.get(j) == Some(&b']') {
        return Some(Vocabulary { text, ends });
    }
    loop {
        let (end, escaped) = string_end(b, j).ok()?;
        if escaped {
            push_unescaped(b, j, end, &mut text).ok()?;
        } else {
            text.push_str(s.get(j + 1..end - 1)?); // between ASCII quotes: char boundaries
        }
        ends.push(text.len());
        j = skip_ws(b, end);
        match b.get(j) {
            Some(b',') => j = skip_ws(b, j + 1),
            Some(b']') => return Some(Vocabulary { text, ends }),
            _ => return None,
        }
    }
}

/// The JSON of a model file's members, and its vocabularies.
type SplitModel = (String, Vec<(String, Vocabulary)>);

/// Splits a model file's JSON (bytes) into the JSON of its members (for the caller's parser),
/// where the members named in `keys` that are arrays of strings hold null, and those members as
/// Vocabulary objects. A member of those names that is not such an array stays in the JSON.
#[pyfunction]
fn split_model_json(data: &[u8], keys: Vec<String>) -> PyResult<SplitModel> {
    guarded("split_model_json", || {
        let text = std::str::from_utf8(data).map_err(|e| format!("invalid UTF-8: {e}"))?;
        let b = data;
        let mut i = skip_ws(b, 0);
        if b.get(i) != Some(&b'{') {
            return Err(json_error(i, "expected an object"));
        }
        let mut rest = String::from("{");
        let mut vocabularies = Vec::new();
        i = skip_ws(b, i + 1);
        if b.get(i) == Some(&b'}') {
            i += 1;
        } else {
            loop {
                let (key_end, escaped) = string_end(b, i)?;
                let mut key = String::new();
                if escaped {
                    push_unescaped(b, i, key_end, &mut key)?;
                } else {
                    key.push_str(
                        std::str::from_utf8(&b[i + 1..key_end - 1]).map_err(|e| e.to_string())?,
                    );
                }
                let colon = skip_ws(b, key_end);
                if b.get(colon) != Some(&b':') {
                    return Err(json_error(colon, "expected ':'"));
                }
                let start = skip_ws(b, colon + 1);
                let end = value_end(b, start)?;
                if rest.len() > 1 {
                    rest.push(',');
                }
                // the key's own JSON text, then the value's (valid UTF-8: checked above)
                rest.push_str(std::str::from_utf8(&b[i..key_end]).map_err(|e| e.to_string())?);
                rest.push(':');
                match keys
                    .contains(&key)
                    .then(|| vocabulary_of(&text[..end], start))
                    .flatten()
                {
                    Some(v) => {
                        rest.push_str("null"); // a place holder: the members keep their order
                        vocabularies.push((key, v));
                    }
                    None => rest
                        .push_str(std::str::from_utf8(&b[start..end]).map_err(|e| e.to_string())?),
                }
                i = skip_ws(b, end);
                match b.get(i) {
                    Some(b',') => i = skip_ws(b, i + 1),
                    Some(b'}') => {
                        i += 1;
                        break;
                    }
                    _ => return Err(json_error(i, "expected ',' or '}'")),
                }
            }
        }
        if skip_ws(b, i) != b.len() {
            return Err(json_error(i, "extra data after the object"));
        }
        rest.push('}');
        Ok((rest, vocabularies))
    })
}

/// A block's vocabulary as the caller gave it: str objects, or a Vocabulary read from a file.
enum RawVocab<'py> {
    Strs(Vec<Bound<'py, PyString>>),
    Read(Bound<'py, Vocabulary>),
}

/// A block as read from Python: its vocabulary as the caller's objects, not yet borrowed.
struct RawBlock<'py> {
    word: bool,
    lo: usize,
    hi: usize,
    sublinear: bool,
    vocab: RawVocab<'py>,
    idf: Vec<f64>,
    coef: Vec<f64>,
}

fn raw_block<'py>(obj: &Bound<'py, PyAny>) -> PyResult<RawBlock<'py>> {
    let t = obj.cast::<PyTuple>()?;
    let kind: String = item(t, 0, "block")?.extract()?;
    let vocab = item(t, 4, "block")?;
    let vocab = match vocab.cast::<Vocabulary>() {
        Ok(read) => RawVocab::Read(read.clone()),
        Err(_) => RawVocab::Strs(
            vocab
                .cast::<PyList>()?
                .iter()
                .map(|x| x.cast_into::<PyString>().map_err(PyErr::from))
                .collect::<PyResult<Vec<_>>>()?,
        ),
    };
    Ok(RawBlock {
        word: match kind.as_str() {
            "word" => true,
            "char" => false,
            _ => return Err(PyValueError::new_err(format!("unknown block {kind:?}"))),
        },
        lo: item(t, 1, "block")?.extract()?,
        hi: item(t, 2, "block")?.extract()?,
        sublinear: item(t, 3, "block")?.extract()?,
        vocab,
        idf: f64s_of(&item(t, 5, "block")?, &format!("{kind}_idf"))?,
        coef: f64s_of(&item(t, 6, "block")?, &format!("{kind}_coef"))?,
    })
}

/// The block with its vocabulary borrowed from the str objects (UTF-8 without a copy).
fn block_spec<'a>(raw: &'a mut RawBlock<'_>) -> PyResult<BlockSpec<'a>> {
    Ok(BlockSpec {
        word: raw.word,
        lo: raw.lo,
        hi: raw.hi,
        sublinear: raw.sublinear,
        vocab: match &raw.vocab {
            RawVocab::Strs(strs) => strs.iter().map(|s| s.to_str()).collect::<PyResult<_>>()?,
            RawVocab::Read(read) => read.get().terms().collect(),
        },
        idf: std::mem::take(&mut raw.idf),
        coef: std::mem::take(&mut raw.coef),
    })
}

fn model_spec<'a>(
    obj: &Bound<'_, PyAny>,
    blocks: &'a mut [RawBlock<'_>],
) -> PyResult<ModelSpec<'a>> {
    let t = obj.cast::<PyTuple>()?;
    Ok(ModelSpec {
        blocks: blocks.iter_mut().map(block_spec).collect::<PyResult<_>>()?,
        dense_names: item(t, 1, "model")?.extract()?,
        dense_mean: f64s_of(&item(t, 2, "model")?, "dense_mean")?,
        dense_scale: f64s_of(&item(t, 3, "model")?, "dense_scale")?,
        dense_coef: f64s_of(&item(t, 4, "model")?, "dense_coef")?,
        intercept: item(t, 5, "model")?.extract()?,
        a: item(t, 6, "model")?.extract()?,
        b: item(t, 7, "model")?.extract()?,
    })
}

/// Several sentence models scored together (framing.scoring.classify builds it from the model files).
///
/// `ModelSet([(blocks, dense_names, dense_mean, dense_scale, dense_coef, intercept, a, b), ...])`,
/// blocks a list of `(kind 'word'|'char', lo, hi, sublinear_tf, vocabulary, idf, coef)`; every
/// array is bytes of little-endian float64.
#[pyclass(name = "ModelSet", module = "framing._core", frozen)]
pub struct PyModelSet {
    inner: ModelSet,
    /// buffers and word caches reused by calls, one taken out a call: threads scoring at once
    /// (framing corpus --workers) each take their own and find its word cache warm next time
    scratch: Mutex<Vec<Scratch>>,
}

#[pymethods]
impl PyModelSet {
    #[new]
    #[pyo3(signature = (specs, word_cache=DEFAULT_WORD_CACHE))]
    fn new(specs: &Bound<'_, PyList>, word_cache: usize) -> PyResult<Self> {
        let specs: Vec<Bound<'_, PyAny>> = specs.iter().collect();
        let mut raw = crate::guard::guard("ModelSet", || {
            specs
                .iter()
                .map(|s| {
                    let blocks = item(s.cast::<PyTuple>()?, 0, "model")?;
                    let blocks = blocks.cast::<PyList>()?;
                    blocks
                        .iter()
                        .map(|b| raw_block(&b))
                        .collect::<PyResult<Vec<_>>>()
                })
                .collect::<PyResult<Vec<_>>>()
        })?;
        let specs = crate::guard::guard("ModelSet", || {
            specs
                .iter()
                .zip(raw.iter_mut())
                .map(|(s, blocks)| model_spec(s, blocks))
                .collect::<PyResult<Vec<_>>>()
        })?;
        let mut inner = guarded("ModelSet", || ModelSet::new(specs))?;
        inner.word_cache = word_cache;
        Ok(PyModelSet {
            inner,
            scratch: Mutex::new(Vec::new()),
        })
    }

    /// The set as a prepared model blob (bytes): `ModelSet.from_blob` reads it back without
    /// hashing a term again.
    fn to_blob<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let blob = guarded("ModelSet.to_blob", || Ok(self.inner.to_blob()))?;
        Ok(PyBytes::new(py, &blob))
    }

    /// The set that `to_blob` wrote; ValueError (one line) for bytes that are not such a blob.
    #[staticmethod]
    #[pyo3(signature = (blob, word_cache=DEFAULT_WORD_CACHE))]
    fn from_blob(blob: &[u8], word_cache: usize) -> PyResult<Self> {
        let mut inner = guarded("ModelSet.from_blob", || ModelSet::from_blob(blob))?;
        inner.word_cache = word_cache;
        Ok(PyModelSet {
            inner,
            scratch: Mutex::new(Vec::new()),
        })
    }

    /// Names of the dense features the caller supplies (rule hits, VADER, ...), by index.
    fn given_features(&self) -> PyResult<Vec<String>> {
        guarded("ModelSet.given_features", || {
            Ok(self.inner.given_names().to_vec())
        })
    }

    fn __len__(&self) -> PyResult<usize> {
        guarded("ModelSet.__len__", || Ok(self.inner.len()))
    }

    /// [model][sentence] probabilities (`calibrated`) or decision values. `quoted`: the quoted
    /// characters of each sentence; `given`: (sentence, given feature index, value) triples.
    /// `digits`: each value rounded as Python's `round(value, digits)` rounds it.
    #[pyo3(signature = (sentences, quoted, given, calibrated=true, digits=None))]
    fn scores(
        &self,
        py: Python<'_>,
        sentences: Vec<String>,
        quoted: Vec<usize>,
        given: Vec<(usize, usize, f64)>,
        calibrated: bool,
        digits: Option<usize>,
    ) -> PyResult<Vec<Vec<f64>>> {
        same_length(&sentences, &quoted)?;
        let inner = &self.inner;
        let mut s = self.take_scratch();
        let out = py.detach(|| {
            guarded("ModelSet.scores", || {
                let mut out = inner.scores(&sentences, &quoted, &given, calibrated, &mut s);
                if let Some(d) = digits {
                    for v in out.iter_mut().flatten() {
                        *v = py_round(*v, d);
                    }
                }
                Ok(out)
            })
        });
        // a call that failed (a caught panic) may leave its scratch half-written: dropped
        if out.is_ok() {
            self.give_back(s);
        }
        out
    }

    /// ([(block, feature, contribution)], intercept) of model `m` for one sentence, before
    /// calibration; block is 'word', 'char' (an n-gram) or 'dense' (a named feature).
    fn contributions(
        &self,
        m: usize,
        sentence: &str,
        quoted: usize,
        given: Vec<(usize, f64)>,
    ) -> PyResult<(Vec<Contribution>, f64)> {
        guarded("ModelSet.contributions", || {
            self.inner
                .contributions(m, sentence, quoted, &given)
                .ok_or_else(|| format!("no model {m} in a set of {}", self.inner.len()))
        })
    }

    /// (a, b) of model `m`'s Platt calibration.
    fn calibration(&self, m: usize) -> PyResult<(f64, f64)> {
        guarded("ModelSet.calibration", || {
            self.inner
                .calibration(m)
                .ok_or_else(|| format!("no model {m}"))
        })
    }
}

/// The word n-grams (lo..=hi) of a text, as the models count them.
#[pyfunction]
fn word_ngrams_native(text: &str, lo: usize, hi: usize) -> PyResult<Vec<String>> {
    guarded("word_ngrams_native", || Ok(word_ngrams(text, lo, hi)))
}

/// The character n-grams (lo..=hi) of each word of a text, padded with one space.
#[pyfunction]
fn char_ngrams_native(text: &str, lo: usize, hi: usize) -> PyResult<Vec<String>> {
    guarded("char_ngrams_native", || Ok(char_ngrams(text, lo, hi)))
}

/// A text lower-cased with straight quotes, as both analyzers see it.
#[pyfunction]
fn normalise_text(text: &str) -> PyResult<String> {
    guarded("normalise_text", || Ok(normalise(text)))
}

/// The style features (STYLE_FEATURES) of each sentence, given its quoted characters.
#[pyfunction]
fn style_features(
    py: Python<'_>,
    sentences: Vec<String>,
    quoted: Vec<usize>,
) -> PyResult<Vec<Vec<f64>>> {
    same_length(&sentences, &quoted)?;
    py.detach(|| {
        guarded("style_features", || {
            Ok(sentences
                .iter()
                .zip(&quoted)
                .map(|(s, &q)| style(s, q).to_vec())
                .collect())
        })
    })
}

/// Whether every float64 (little-endian bytes) is finite (model files are checked at load).
#[pyfunction]
fn all_finite(data: &[u8]) -> PyResult<bool> {
    guarded("all_finite", || {
        let v = floats(data, "array")?;
        Ok(v.iter().all(|x| x.is_finite()))
    })
}

/// Adds the classifiers' functions and ModelSet to the extension module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyModelSet>()?;
    m.add_class::<Vocabulary>()?;
    m.add_function(wrap_pyfunction!(split_model_json, m)?)?;
    m.add("STYLE_FEATURES", STYLE.to_vec())?;
    m.add_function(wrap_pyfunction!(word_ngrams_native, m)?)?;
    m.add_function(wrap_pyfunction!(char_ngrams_native, m)?)?;
    m.add_function(wrap_pyfunction!(normalise_text, m)?)?;
    m.add_function(wrap_pyfunction!(style_features, m)?)?;
    m.add_function(wrap_pyfunction!(all_finite, m)?)?;
    Ok(())
}

impl PyModelSet {
    /// How many models the set scores.
    pub(crate) fn models(&self) -> usize {
        self.inner.len()
    }

    /// [model][sentence] calibrated probabilities as `scores` gives them, for a caller that holds
    /// no GIL (framing._core.FullArticle): a scratch is taken out of the pool and put back after.
    pub(crate) fn probabilities(
        &self,
        sentences: &[String],
        quoted: &[usize],
        given: &[(usize, usize, f64)],
    ) -> Vec<Vec<f64>> {
        let mut s = self.take_scratch();
        let out = self.inner.scores(sentences, quoted, given, true, &mut s);
        // reached only without a panic: a half-written scratch is never put back
        self.give_back(s);
        out
    }

    /// A scratch from the pool (a new one when all are in use). The lock is held only to take a
    /// scratch out and to put it back, never while scoring.
    fn take_scratch(&self) -> Scratch {
        self.scratch
            .lock()
            .ok()
            .and_then(|mut free| free.pop())
            .unwrap_or_default()
    }

    /// A scratch back to the pool after a call that finished (never after a caught panic).
    fn give_back(&self, s: Scratch) {
        if let Ok(mut free) = self.scratch.lock() {
            free.push(s);
        }
    }
}

#[cfg(test)]
mod tests {
    /// The test models' coefficient of term `i`.
    fn weigh(i: usize) -> f64 {
        ((i % 7) as f64 - 3.0) / 4.0
    }

    /// The test models' idf of term `i`.
    fn idf(i: usize) -> f64 {
        1.0 + (i % 5) as f64 / 8.0
    }

    /// A sublinear block of the test models over `vocab`, weighed by `idf` and `weigh`, as `part`
    /// reads it.
    fn block(word: bool, vocab: &[String], lo: usize, hi: usize) -> BlockSpec<'_> {
        BlockSpec {
            word,
            lo,
            hi,
            sublinear: true,
            vocab: vocab.iter().map(|s| s.as_str()).collect(),
            idf: (0..vocab.len()).map(idf).collect(),
            coef: (0..vocab.len()).map(weigh).collect(),
        }
    }

    /// The oracle of a block's part of a score: its n-grams counted as strings, tf 1 + ln n times
    /// the test idf, L2-normalised, weighed by `weigh`.
    fn part(grams: Vec<String>, vocab: &[String]) -> f64 {
        let mut counts: Vec<(usize, u32)> = Vec::new();
        for g in grams {
            if let Some(i) = vocab.iter().position(|v| *v == g) {
                match counts.iter_mut().find(|c| c.0 == i) {
                    Some(c) => c.1 += 1,
                    None => counts.push((i, 1)),
                }
            }
        }
        let v: Vec<(usize, f64)> = counts
            .iter()
            .map(|&(i, n)| (i, (1.0 + f64::from(n).ln()) * idf(i)))
            .collect();
        let norm = v.iter().map(|x| x.1 * x.1).sum::<f64>().sqrt();
        if norm > 0.0 {
            v.iter().map(|&(i, x)| x * weigh(i)).sum::<f64>() / norm
        } else {
            0.0
        }
    }

    use super::*;

    #[test]
    fn char_at_and_normalise_by_hand_across_ascii_and_wider_characters() {
        // every byte offset: a character where one starts (ASCII or not), None inside one or past the end
        let s = "aΣ’b😀. C";
        for i in 0..=s.len() + 1 {
            let want = s.get(i..).and_then(|r| r.chars().next());
            assert_eq!(char_at(s, i), want, "offset {i}");
        }
        // inside Σ
        assert_eq!(char_at(s, 2), None);
        // ASCII runs lowered whole, the characters between them as before (final sigma, quotes)
        assert_eq!(normalise("ABC’D“E”ΣΑΣ. x"), "abc'd\"e\"σας. x");
        assert_eq!(normalise("NO ASCII AT END é"), "no ascii at end é");
        assert_eq!(normalise("ÉÉ"), "éé");
        assert_eq!(normalise(""), "");
    }

    #[test]
    fn space_words_are_the_pieces_between_white_space() {
        let by_split = |s: &str| -> Vec<String> {
            s.split(pychar::is_space)
                .filter(|w| !w.is_empty())
                .map(String::from)
                .collect()
        };
        let got = |s: &str| -> Vec<String> { space_words(s).map(String::from).collect() };
        assert_eq!(got(" a\tb\u{a0}c\u{3000} d\u{1f}"), ["a", "b", "c", "d"]);
        assert!(got("").is_empty() && got(" \u{2028}\n").is_empty());
        // every white-space character, a few other wide ones and ASCII, in pseudo-random strings
        let mut alphabet: Vec<char> = (0..=0x3000u32)
            .filter_map(char::from_u32)
            .filter(|&c| pychar::is_space(c))
            .collect();
        assert!(alphabet.len() > 20, "{alphabet:?}");
        alphabet.extend([
            'a', 'Z', '\'', '-', 'é', 'Σ', '😀', '\u{85}', '\u{200b}', '\u{feff}',
        ]);
        let mut x = 99u64;
        for _ in 0..2000 {
            let mut s = String::new();
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            for _ in 0..(x >> 59) {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push(alphabet[(x >> 33) as usize % alphabet.len()]);
            }
            assert_eq!(got(&s), by_split(&s), "{s:?}");
        }
    }

    #[test]
    fn cutting_follows_the_python_analyzers() {
        assert_eq!(
            word_ngrams("He said: “Don’t!”", 1, 2),
            vec![
                "he", "said", ":", "\"", "don't", "!", "\"", "he said", "said :", ": \"",
                "\" don't", "don't !", "! \""
            ]
        );
        assert_eq!(
            char_ngrams("Ab c", 2, 3),
            vec![" a", "ab", "b ", " ab", "ab ", " c", "c ", " c "]
        );
        assert_eq!(normalise("İ «x»"), "i\u{307} \"x\"");
        assert_eq!(normalise("ΣΑΣ. aΣ's Σ a.Σ"), "σας. aσ's σ a.ς"); // final sigma, as str.lower()
        assert!(word_ngrams("", 1, 2).is_empty() && char_ngrams(" \u{a0} ", 2, 5).is_empty());
        assert_eq!(word_ngrams("can't'", 1, 1), vec!["can't", "'"]);
    }

    #[test]
    fn small_sublinear_tfs_from_the_table_equal_tf() {
        let set = ModelSet::new(vec![spec(&["ab"], &[1.0])]).unwrap();
        assert_eq!(set.log_tfs.len(), LOG_TFS as usize);
        for n in 1..LOG_TFS + 50 {
            assert_eq!(set.sublinear_tf(n).to_bits(), tf(true, n).to_bits(), "{n}");
        }
        assert_eq!(
            (set.sublinear_tf(1), set.sublinear_tf(2)),
            (1.0, 1.0 + 2f64.ln())
        );
    }

    #[test]
    fn listed_words_by_the_filters_as_by_the_lists() {
        let plain = |l: &str| {
            let kind = [&FIRST[..], &SECOND, &MODALS]
                .iter()
                .position(|list| list.contains(&l))
                .map_or(0, |k| k as u8 + 1);
            (kind, NEGATION.contains(&l) || l.ends_with("n't"))
        };
        let mut words = crate::testing::near_misses(
            [&FIRST[..], &SECOND, &MODALS, &NEGATION]
                .iter()
                .flat_map(|list| list.iter()),
        );
        words.extend(
            [
                "the",
                "x",
                "I",
                "Mightn't",
                "doN'T",
                "t",
                "n't",
                "yourselvesX",
                "Yourselves",
                "counterbalancedn't",
                "counterbalancedN'T",
                "counterbalanced",
                "ourselves'",
                "né",
                "n\u{2019}t",
            ]
            .map(String::from),
        );
        assert_eq!((LISTED_LONGEST, listed(b"yourselves").0), (10, 2));
        for w in &words {
            let l = w.to_lowercase();
            assert_eq!(listed(l.as_bytes()), plain(&l), "{w}");
            if w.is_ascii() {
                assert_eq!(listed_ascii(w.as_bytes()), plain(&l), "{w}");
            }
        }
        assert_eq!(listed_ascii(b"counterbalancedN'T"), (0, true));
        assert_eq!(listed_ascii(b"Ourselves"), (1, false));
        assert_eq!(listed_ascii(b"CANNOT"), (0, true));
        assert_eq!(listed_ascii(b"Shouldn't"), (0, true));
        assert_eq!(listed_ascii(b"MIGHT"), (3, false));
    }

    #[test]
    fn style_by_hand() {
        // words: We MUST not say 42 NASA's thing -> 7 words of 2+4+3+3+2+6+5 = 25 characters
        let s = style("We MUST not say 42 NASA's \"thing\"?", 7);
        assert!((s[0] - 8f64.ln()).abs() < 1e-12); // log1p(7)
        assert!((s[1] - 25.0 / 7.0).abs() < 1e-12);
        assert!((s[2] - 7.0 / 34.0).abs() < 1e-12); // 7 quoted of 34 characters
        assert_eq!(
            (s[3], s[4], s[6], s[8], s[9], s[10]),
            (1.0, 1.0, 1.0, 1.0, 1.0, 1.0)
        );
        assert!((s[11] - 2.0 / 7.0).abs() < 1e-12); // MUST, NASA's (not We: the first word)
        assert_eq!(s[12], 1.0); // MUST; NASA's has a lower-case s
        assert!(!str_isupper("Aǅ") && str_isupper("A1") && !str_isupper("12"));
        // second person You, yourselves; first Ourselves; modal may (shouldn't is one word);
        // negation shouldn't, cannot (won’t keeps its typographic apostrophe: no "n't")
        let s = style(
            "You shouldn't: yourselves cannot, Ourselves won\u{2019}t may.",
            0,
        );
        assert_eq!((s[4], s[5], s[8], s[9]), (1.0, 2.0, 1.0, 2.0));
    }

    fn spec<'a>(vocab: &[&'a str], coef: &[f64]) -> ModelSpec<'a> {
        ModelSpec {
            blocks: vec![BlockSpec {
                word: true,
                lo: 1,
                hi: 1,
                sublinear: false,
                vocab: vocab.to_vec(),
                idf: vec![1.0; vocab.len()],
                coef: coef.to_vec(),
            }],
            dense_names: vec!["rule:x".into(), "style:question".into()],
            dense_mean: vec![0.0, 0.0],
            dense_scale: vec![2.0, 1.0],
            dense_coef: vec![1.0, 0.5],
            intercept: -1.0,
            a: 1.0,
            b: 0.0,
        }
    }

    /// A model of one block of character 2-5-grams over `vocab` and nothing else.
    fn char_model(
        vocab: &[String],
        sublinear: bool,
        idf: Vec<f64>,
        coef: Vec<f64>,
    ) -> ModelSpec<'_> {
        ModelSpec {
            blocks: vec![BlockSpec {
                word: false,
                lo: 2,
                hi: 5,
                sublinear,
                vocab: vocab.iter().map(|s| s.as_str()).collect(),
                idf,
                coef,
            }],
            dense_names: vec![],
            dense_mean: vec![],
            dense_scale: vec![],
            dense_coef: vec![],
            intercept: 0.0,
            a: 1.0,
            b: 0.0,
        }
    }

    #[test]
    fn packed_char_look_up_finds_what_the_strings_find() {
        let text = "Ab ΣΑΣ 😀x  e\u{301}tude naïve-ish ab";
        let vocab: Vec<String> = vec![
            " a", "ab", "ς ", "😀x", "x ", "ab ", "tude ", "naïve", "zz", " ab ",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        let set = ModelSet::new(vec![char_model(
            &vocab,
            false,
            vec![1.0; vocab.len()],
            vec![0.0; vocab.len()],
        )])
        .unwrap();
        assert!(set.groups[0].packed);
        let mut s = Scratch::default();
        set.look_up(text, &mut s);
        let mut want: Vec<String> = char_ngrams(text, 2, 5)
            .into_iter()
            .filter(|g| vocab.contains(g))
            .collect();
        want.sort_unstable();
        let mut got: Vec<String> = s
            .sentence_words
            .iter()
            .flat_map(|&w| s.words[0].pieces(w))
            .flat_map(|&(id, n)| vec![unpack(set.groups[0].keys[id as usize]); n as usize])
            .collect();
        got.sort_unstable();
        assert_eq!(got, want);
        assert!(want.len() >= 8);
    }

    // a new word's per-member sums: its distinct n-grams in order of first occurrence, each
    // weighed by its count in the word, summed n-gram by n-gram, equal to the last bit
    #[test]
    fn a_new_words_sums_are_its_n_grams_summed_in_order() {
        let text = "banana bandana an ananas Ångström naïve x";
        let mut vocab: Vec<String> = char_ngrams(text, 2, 5);
        vocab.sort_unstable();
        vocab.dedup();
        vocab.retain(|g| !g.contains('d')); // some n-grams left out of the vocabulary
                                            // weights that make the sums' order show in their bits
        let idf_of = |i: usize| 1.0 + (i as f64 + 0.5).sqrt() / 7.0;
        let coef_of = |i: usize| ((i * 37 % 11) as f64 - 5.0) / 3.0 + 1e-3 * i as f64;
        let model = |sublinear| {
            let n = vocab.len();
            char_model(
                &vocab,
                sublinear,
                (0..n).map(idf_of).collect(),
                (0..n).map(coef_of).collect(),
            )
        };
        let set = ModelSet::new(vec![model(true), model(false)]).unwrap();
        let mut s = Scratch::default();
        set.look_up(text, &mut s);
        let known = &s.words[0];
        let mut repeated = 0;
        for (word, &w) in text.split(' ').zip(&s.sentence_words) {
            // the oracle: the word's n-grams as strings by start, then length (the order the
            // word is read in), distinct in order of first occurrence, with their counts
            let padded: Vec<char> = format!(" {} ", normalise(word)).chars().collect();
            let mut grams: Vec<String> = Vec::new();
            for i in 0..padded.len() {
                for n in 2..=5.min(padded.len() - i) {
                    grams.push(padded[i..i + n].iter().collect());
                }
            }
            let mut counts: Vec<(usize, u32)> = Vec::new();
            for g in grams {
                if let Some(i) = vocab.iter().position(|v| *v == g) {
                    match counts.iter_mut().find(|c| c.0 == i) {
                        Some(c) => c.1 += 1,
                        None => counts.push((i, 1)),
                    }
                }
            }
            repeated += counts.iter().filter(|c| c.1 > 1).count();
            let pieces: Vec<(String, u32)> = known
                .pieces(w)
                .iter()
                .map(|&(id, n)| (unpack(set.groups[0].keys[id as usize]), n))
                .collect();
            let want: Vec<(String, u32)> =
                counts.iter().map(|&(i, n)| (vocab[i].clone(), n)).collect();
            assert_eq!(pieces, want, "{word}");
            for (k, sublinear) in [true, false].into_iter().enumerate() {
                let (mut ss, mut dot) = (0.0f64, 0.0f64);
                for &(i, n) in &counts {
                    let v = tf(sublinear, n) * idf_of(i);
                    ss += v * v;
                    dot += v * coef_of(i);
                }
                let got = known.partial[w as usize * 2 + k];
                assert_eq!(
                    (got.0.to_bits(), got.1.to_bits()),
                    (ss.to_bits(), dot.to_bits()),
                    "{word} {sublinear}"
                );
            }
        }
        assert!(repeated >= 4, "words with repeated n-grams: {repeated}");
    }

    #[test]
    fn word_bigrams_through_the_token_cache_by_hand() {
        // "the plan, the plan": tokens the plan , the plan; unigram "plan" twice, bigrams
        // "the plan" twice and "plan ," once ("zz top" never met); linear tf, idf 1
        let mut model = spec(
            &["plan", "the plan", "plan ,", "zz top"],
            &[1.0, 2.0, 4.0, 8.0],
        );
        model.blocks[0].hi = 2;
        model.dense_coef = vec![0.0, 0.0];
        let mut set = ModelSet::new(vec![model]).unwrap();
        let want = (2.0 + 2.0 * 2.0 + 4.0) / (4.0 + 4.0 + 1.0f64).sqrt() - 1.0;
        let text = ["The plan, the plan".to_string()];
        for cache in [50_000, 0] {
            // 0: the cache starts afresh at every sentence; the same values either way
            set.word_cache = cache;
            let mut s = Scratch::default();
            for _ in 0..3 {
                let z = set.scores(&text, &[0], &[], false, &mut s);
                assert!((z[0][0] - want).abs() < 1e-12, "{} {}", z[0][0], want);
            }
            let only_bigrams = set.scores(&["zz top".to_string()], &[0], &[], false, &mut s);
            assert!((only_bigrams[0][0] - (8.0 - 1.0)).abs() < 1e-12);
        }
    }

    #[test]
    fn the_shared_tally_is_the_counts_of_ids_met_twice_in_first_order() {
        let mut tally = Tally::default();
        let (mut all, mut shared) = (Vec::new(), Vec::new());
        let (mut pending, mut order) = (Vec::new(), Vec::new());
        let same = |a: &Tallied, b: &Tallied| {
            (a.id, a.count, a.pieces) == (b.id, b.count, b.pieces)
                && a.log_tf.to_bits() == b.log_tf.to_bits()
                && a.log_tf2.to_bits() == b.log_tf2.to_bits()
                && a.lin_tf2.to_bits() == b.lin_tf2.to_bits()
        };
        // by hand: 7 first, then 3, then 9; 3's second piece comes before 7's
        let ids = [
            (7, 1),
            (3, 2),
            (5, 1),
            (3, 1),
            (9, 4),
            (7, 3),
            (9, 1),
            (7, 1),
        ];
        // in words of 3 pieces (the last of 2)
        tally.shared(
            ids.chunks(3),
            ids.len(),
            &mut shared,
            &mut pending,
            &mut order,
        );
        let got: Vec<(u32, u32, u32)> = shared.iter().map(|t| (t.id, t.count, t.pieces)).collect();
        assert_eq!(got, [(7, 5, 3), (3, 3, 2), (9, 5, 2)]);
        assert_eq!(
            shared[0].log_tf.to_bits(),
            (1.0 + (1.0 + 3f64.ln()) + 1.0f64).to_bits()
        );
        // against count() over pseudo-random sentences, long and short, the table reused
        let mut x = 12345u64;
        for round in 0..300 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = (x >> 33) as usize % if round % 7 == 0 { 2000 } else { 60 };
            let spread = 1 + (x >> 20) as u32 % 400;
            let ids: Vec<(u32, u32)> = (0..len)
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((x >> 35) as u32 % spread, 1 + (x >> 60) as u32 % 3)
                })
                .collect();
            tally.count(&ids, &mut all);
            // cut into words of 1 to 9 pieces
            let word = 1 + round % 9;
            tally.shared(ids.chunks(word), len, &mut shared, &mut pending, &mut order);
            let want: Vec<&Tallied> = all.iter().filter(|t| t.pieces > 1).collect();
            assert_eq!(want.len(), shared.len(), "round {round}");
            assert!(
                want.iter().zip(&shared).all(|(a, b)| same(a, b)),
                "round {round}"
            );
        }
    }

    #[test]
    fn shared_char_ngrams_by_hand() {
        // "ab a": words " ab " and " a "; " a" occurs in both (tf 1 + ln 2), "ab" and "a " once
        let vocab = [" a", "ab", "a "];
        let char_model = |sublinear| ModelSpec {
            blocks: vec![BlockSpec {
                word: false,
                lo: 2,
                hi: 2,
                sublinear,
                vocab: vocab.to_vec(),
                idf: vec![1.0, 1.0, 2.0],
                coef: vec![1.0, 2.0, 4.0],
            }],
            dense_names: vec![],
            dense_mean: vec![],
            dense_scale: vec![],
            dense_coef: vec![],
            intercept: 0.5,
            a: 1.0,
            b: 0.0,
        };
        let set = ModelSet::new(vec![char_model(true), char_model(false)]).unwrap();
        let mut s = Scratch::default();
        let text = ["ab a".to_string(), "ab a ab".to_string()];
        let z = set.scores(&text, &[0, 0], &[], false, &mut s);
        let t = 1.0 + 2f64.ln();
        let want_log = (t + 2.0 + 2.0 * 4.0) / (t * t + 1.0 + 4.0).sqrt() + 0.5;
        let want_lin = (2.0 + 2.0 + 8.0) / (4.0 + 1.0 + 4.0f64).sqrt() + 0.5;
        assert!(
            (z[0][0] - want_log).abs() < 1e-12,
            "{} {}",
            z[0][0],
            want_log
        );
        assert!(
            (z[1][0] - want_lin).abs() < 1e-12,
            "{} {}",
            z[1][0],
            want_lin
        );
        // " a" three times, "ab" twice (in two words), "a " once
        let (t3, t2) = (1.0 + 3f64.ln(), 1.0 + 2f64.ln());
        let want = (t3 + 2.0 * t2 + 8.0) / (t3 * t3 + t2 * t2 + 4.0).sqrt() + 0.5;
        assert!((z[0][1] - want).abs() < 1e-12);
        // the per-term path of an explanation gives the same values
        for (m, row) in z.iter().enumerate() {
            for (k, sentence) in text.iter().enumerate() {
                let (parts, bias) = set.contributions(m, sentence, 0, &[]).unwrap();
                let sum: f64 = parts.iter().map(|p| p.2).sum::<f64>() + bias;
                assert!((sum - row[k]).abs() < 1e-12);
            }
        }
    }

    // a blob reads back the same tables: every score and contribution equal to the last bit;
    // every cut of it and a changed layout byte are refused (an error, no panic)
    #[test]
    fn a_model_blob_reads_back_the_same_set() {
        let mut bigrams = spec(
            &["plan", "the plan", "bad", "zz top"],
            &[1.0, 2.0, 3.0, 4.0],
        );
        bigrams.blocks[0].hi = 2;
        let mut chars = spec(
            &[" a", "ab", "a ", "pla", "long ngram"],
            &[1.0, 2.0, 4.0, 0.5, 9.0],
        );
        chars.blocks[0].word = false;
        chars.blocks[0].lo = 2;
        chars.blocks[0].hi = 3;
        let set = ModelSet::new(vec![bigrams, spec(&["plan"], &[2.0]), chars]).unwrap();
        let blob = set.to_blob();
        let back = ModelSet::from_blob(&blob).unwrap();
        let text: Vec<String> = ["The plan, the bad plan", "ab a zz top", "", "Plan ab?"]
            .map(String::from)
            .to_vec();
        let quoted = [0, 3, 0, 1];
        let given = [(0, 0, 4.0), (3, 0, 1.0)];
        let (mut s, mut t) = (Scratch::default(), Scratch::default());
        let want = set.scores(&text, &quoted, &given, true, &mut s);
        assert_eq!(back.scores(&text, &quoted, &given, true, &mut t), want);
        for m in 0..3 {
            assert_eq!(
                back.contributions(m, &text[0], 0, &[(0, 4.0)]).unwrap(),
                set.contributions(m, &text[0], 0, &[(0, 4.0)]).unwrap()
            );
        }
        assert_eq!(back.given_names(), set.given_names());
        assert_eq!(back.to_blob(), blob);
        for cut in 0..blob.len() {
            assert!(ModelSet::from_blob(&blob[..cut]).is_err(), "{cut}");
        }
        let mut other = blob.clone();
        other[BLOB_MAGIC.len() - 1] ^= 1;
        assert!(ModelSet::from_blob(&other).is_err());
    }

    #[test]
    fn scores_by_hand() {
        let set = ModelSet::new(vec![
            spec(&["bad", "plan"], &[3.0, 1.0]),
            spec(&["plan"], &[2.0]),
        ])
        .unwrap();
        // "bad bad plan?": tf bad 2, plan 1; x = (2, 1)/sqrt(5)
        let mut s = Scratch::default();
        let z = set.scores(
            &["Bad bad plan?".to_string()],
            &[0],
            &[(0, 0, 4.0)],
            false,
            &mut s,
        );
        let want0 = (2.0 * 3.0 + 1.0) / 5f64.sqrt() + 4.0 / 2.0 + 0.5 - 1.0;
        let want1 = 2.0 + 2.0 + 0.5 - 1.0; // plan alone normalises to 1
        assert!((z[0][0] - want0).abs() < 1e-12 && (z[1][0] - want1).abs() < 1e-12);
        let (parts, bias) = set
            .contributions(0, "Bad bad plan?", 0, &[(0, 4.0)])
            .unwrap();
        let sum: f64 = parts.iter().map(|p| p.2).sum::<f64>() + bias;
        assert!((sum - want0).abs() < 1e-12);
        assert!(ModelSet::new(vec![spec(&["a"], &[f64::NAN])]).is_err());
        assert!(ModelSet::new(vec![spec(&["a", "b"], &[1.0])]).is_err());
        assert_eq!(sigmoid(1e6), 1.0);
        assert_eq!(sigmoid(-1e6), 0.0);
    }

    #[test]
    fn bigrams_by_their_tokens_ids_weigh_what_the_strings_cut() {
        // Two word models, (1, 2) and (2, 2), over pseudo-random sentences of a few words: half
        // the unigrams left out of the vocabularies (so bigram terms hold tokens that are no
        // term: ids past `len`), a term of three tokens and one of unmet tokens (never found).
        // The pair table's ids weigh what word_ngrams cuts as strings, read from a blob too.
        let pool = [
            "the",
            "plan",
            ",",
            "cost",
            "plan's",
            "zz",
            "top",
            "of",
            "\u{3a3}\u{3b1}",
            ".",
        ];
        let mut seed = 7u64;
        let mut next = move |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize % n
        };
        let texts: Vec<String> = (0..60)
            .map(|_| {
                let n = 1 + next(9);
                (0..n)
                    .map(|_| pool[next(pool.len())])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let mut vocab: Vec<String> = Vec::new();
        for t in &texts[..30] {
            for g in word_ngrams(t, 1, 2) {
                if !vocab.contains(&g) {
                    vocab.push(g);
                }
            }
        }
        let mut one: Vec<String> = vocab
            .iter()
            .enumerate()
            .filter(|(i, g)| g.contains(' ') || i % 2 == 0)
            .map(|(_, g)| g.clone())
            .collect();
        one.extend(["the plan of".to_string(), "qq rr".to_string()]);
        let two: Vec<String> = vocab
            .iter()
            .filter(|g| g.contains(' '))
            .step_by(2)
            .cloned()
            .collect();
        fn model(vocab: &[String], lo: usize) -> ModelSpec<'_> {
            let mut m = spec(&[], &[]);
            m.blocks[0] = block(true, vocab, lo, 2);
            m.dense_coef = vec![0.0, 0.0];
            m
        }
        let set = ModelSet::new(vec![model(&one, 1), model(&two, 2)]).unwrap();
        assert!(set.groups.len() == 2 && set.groups.iter().all(|g| !g.pair_keys.is_empty()));
        assert!(
            set.groups[0].ends.len() > set.groups[0].len as usize,
            "tokens no term holds"
        );
        let back = ModelSet::from_blob(&set.to_blob()).unwrap();
        let quoted = vec![0; texts.len()];
        let (mut s, mut t) = (Scratch::default(), Scratch::default());
        let got = set.scores(&texts, &quoted, &[], false, &mut s);
        assert_eq!(back.scores(&texts, &quoted, &[], false, &mut t), got);
        for (i, text) in texts.iter().enumerate() {
            let want = [
                part(word_ngrams(text, 1, 2), &one),
                part(word_ngrams(text, 2, 2), &two),
            ];
            for m in 0..2 {
                assert!((got[m][i] - (want[m] - 1.0)).abs() < 1e-12, "{text:?} {m}");
            }
        }
        assert!(got[1].iter().any(|&z| z != -1.0), "some bigrams found");
    }

    #[test]
    fn bigrams_never_start_the_word_cache_afresh() {
        // 6 words in 30 orders: 30 distinct bigrams against a word cache of 10; the words and
        // tokens (6 each) stay learnt (a cache of the bigrams met once started them afresh)
        let mut model = spec(&["a", "a b", "b c"], &[1.0, 2.0, 4.0]);
        model.blocks[0].hi = 2;
        let mut set = ModelSet::new(vec![model]).unwrap();
        set.word_cache = 10;
        let words = ["a", "b", "c", "d", "e", "f"];
        let mut texts: Vec<String> = Vec::new();
        for x in words {
            for y in words.iter().filter(|&&y| y != x) {
                texts.push(format!("{x} {y}"));
            }
        }
        texts.push("a b".into());
        let mut s = Scratch::default();
        set.scores(&texts, &vec![0; texts.len()], &[], false, &mut s);
        assert_eq!((s.known.range.len(), s.known.tokens_met), (6, 6));
        for (i, w) in words.iter().enumerate() {
            // in the order first met: afresh after sentence 11, "c" would have come first
            assert_eq!(s.known.index.get(w), Some(i as u32), "{w}");
        }
    }

    #[test]
    fn one_word_cache_for_word_and_char_groups_matches_the_string_cutting() {
        // A model cutting words (1, 2) and characters (2, 4): the ids found through the shared
        // word cache (one probe per whitespace word) weigh what the string analyzers cut, with
        // the cache warm, cold, or reset at every sentence.
        let texts = [
            "The plan's cost, the plan's \u{201c}cost\u{201d}: (plan) plan-b?",
            "Cost the plan, cost the ΣΑΣ plan! the the counter-intelligence's plan",
            "plan's plan's counter-intelligence's counter-intelligence",
        ];
        let mut words: Vec<String> = Vec::new();
        let mut chars: Vec<String> = Vec::new();
        for t in &texts[..2] {
            for g in word_ngrams(t, 1, 2) {
                if !words.contains(&g) {
                    words.push(g);
                }
            }
            for g in char_ngrams(t, 2, 4) {
                if !chars.contains(&g) && chars.len() % 3 != 1 {
                    chars.push(g);
                } else if !chars.contains(&g) {
                    chars.push(format!("{g}\u{0}")); // a term never met
                }
            }
        }
        let mut set = ModelSet::new(vec![ModelSpec {
            blocks: vec![block(true, &words, 1, 2), block(false, &chars, 2, 4)],
            dense_names: vec![],
            dense_mean: vec![],
            dense_scale: vec![],
            dense_coef: vec![],
            intercept: 0.25,
            a: 1.0,
            b: 0.0,
        }])
        .unwrap();
        let want: Vec<f64> = texts
            .iter()
            .map(|t| part(word_ngrams(t, 1, 2), &words) + part(char_ngrams(t, 2, 4), &chars) + 0.25)
            .collect();
        let sentences: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
        for cache in [50_000, 3, 0] {
            set.word_cache = cache;
            let mut s = Scratch::default();
            for _ in 0..2 {
                let z = set.scores(&sentences, &[0, 0, 0], &[], false, &mut s);
                for (got, want) in z[0].iter().zip(&want) {
                    assert!((got - want).abs() < 1e-12, "cache {cache}: {got} {want}");
                }
            }
        }
        assert!(want.iter().all(|z| (z - 0.25).abs() > 1e-3));
    }
}
