//! Readability: Flesch reading ease and Flesch-Kincaid grade with textstat 0.7.13's counts and
//! formulas, and syllables from hyphenation points as pyphen finds them (Liang's algorithm on a
//! hunspell `hyph_*.dic` table), or from a word table the caller gives (CMUdict counts).
//!
//! Everything Python decides with `str` and `re` (`\w`, `\s`, `\b`, `str.lower()`,
//! `str.isalpha()`) is decided here with CPython's own character classes ([`crate::pychar`]).
use std::collections::HashMap;

use crate::pychar;
use crate::sentiment::{py_round, FastMap};
use crate::wordmap::WordMap;

/// Lines of a hyph_*.dic that are settings or comments, not patterns (pyphen's `ignored`).
const IGNORED: [&str; 6] = [
    "%",
    "#",
    "LEFTHYPHENMIN",
    "RIGHTHYPHENMIN",
    "COMPOUNDLEFTHYPHENMIN",
    "COMPOUNDRIGHTHYPHENMIN",
];

/// textstat's English Flesch reading ease constants and Flesch-Kincaid grade coefficients.
const FRE_BASE: f64 = 206.835;
const FRE_SENTENCE_LENGTH: f64 = 1.015;
const FRE_SYLL_PER_WORD: f64 = 84.6;
const FKG_SENTENCE_LENGTH: f64 = 0.39;
const FKG_SYLL_PER_WORD: f64 = 11.8;
const FKG_BASE: f64 = 15.59;
/// textstat ignores "sentences" of at most this many words when it counts sentences.
const SHORT_SENTENCE_WORDS: usize = 2;

/// Hyphenation patterns in a trie: pyphen looks every substring of a word up in a dict; walking
/// the trie stops as soon as no pattern starts with the substring (the same points, fewer looks).
/// The characters of the patterns are numbered 1..=width (0: in no pattern, which ends a walk at
/// once); node k's child by symbol s is `children[k * width + s - 1]` (0: none; node 0, the root,
/// is nobody's child). en_US: 35 characters, 15,334 nodes, 2 MB.
pub struct Hyphenator {
    ascii_symbols: [u16; 128],
    other_symbols: FastMap<char, u16>,
    width: usize,
    children: Vec<u32>,
    /// The pattern ending at each node: the offset of its first value, and the values.
    patterns: Vec<Option<(usize, Vec<u8>)>>,
    left: usize,
    right: usize,
}

impl Hyphenator {
    /// Parses a hyph_*.dic as pyphen's `HyphDict` does; `text` is the whole file decoded with the
    /// encoding its first line names (that line is skipped). left/right: the shortest first and
    /// last parts pyphen allows (2 and 2 by default).
    pub fn new(text: &str, left: usize, right: usize) -> Result<Self, String> {
        let mut parsed = Vec::new();
        for line in text.split('\n').skip(1) {
            let line = line.trim_matches(pychar::is_space);
            if line.is_empty() || IGNORED.iter().any(|p| line.starts_with(p)) {
                continue;
            }
            let mut pattern = replace_hex_escapes(line);
            // a nonstandard alternative ("c1k/k=k,1,1") changes how to split, not where
            if pattern.contains('/') && pattern.contains('=') {
                if let Some(cut) = pattern.find('/') {
                    pattern.truncate(cut);
                }
            }
            let (tags, values) = parse_pattern(&pattern)?;
            let Some(start) = values.iter().position(|&v| v != 0) else {
                continue; // only zeros: pyphen skips the pattern
            };
            let end = values
                .iter()
                .rposition(|&v| v != 0)
                .map_or(start, |e| e + 1);
            parsed.push((tags, start, values[start..end].to_vec()));
        }
        if parsed.is_empty() {
            return Err("hyphenation dictionary holds no pattern".to_string());
        }
        let mut h = Hyphenator {
            ascii_symbols: [0; 128],
            other_symbols: FastMap::default(),
            width: 0,
            children: Vec::new(),
            patterns: vec![None],
            left,
            right,
        };
        for (tags, _, _) in &parsed {
            for &c in tags {
                if h.symbol(c) == 0 {
                    h.width += 1;
                    let id = u16::try_from(h.width).map_err(|_| {
                        "hyphenation patterns use over 65,535 characters".to_string()
                    })?;
                    match h.ascii_symbols.get_mut(c as usize) {
                        Some(slot) => *slot = id,
                        None => {
                            h.other_symbols.insert(c, id);
                        }
                    }
                }
            }
        }
        h.children = vec![0; h.width];
        for (tags, offset, values) in parsed {
            h.insert(&tags, offset, values);
        }
        Ok(h)
    }

    fn symbol(&self, c: char) -> u16 {
        match self.ascii_symbols.get(c as usize) {
            Some(&s) => s,
            None => self.other_symbols.get(&c).copied().unwrap_or(0),
        }
    }

    /// Adds a pattern; a later pattern of the same letters replaces an earlier one (a dict).
    fn insert(&mut self, tags: &[char], offset: usize, values: Vec<u8>) {
        let mut node = 0usize;
        for &c in tags {
            let slot = node * self.width + usize::from(self.symbol(c)) - 1;
            node = match self.children[slot] {
                0 => {
                    let n = self.patterns.len();
                    self.patterns.push(None);
                    self.children.resize(self.children.len() + self.width, 0);
                    self.children[slot] = n as u32;
                    n
                }
                n => n as usize,
            };
        }
        self.patterns[node] = Some((offset, values));
    }

    /// `len(Pyphen.positions(word))`: the hyphenation points at least `left` characters from the
    /// start and `right` from the end.
    pub fn count_points(&self, word: &str) -> usize {
        self.count_points_lower(
            &pychar::lower_str(word),
            word.chars().count(),
            &mut Points::default(),
        )
    }

    /// [`Hyphenator::count_points`] of a word already lower-cased (`str.lower()` changes nothing
    /// the second time), whose original had `len` characters, in the buffers of `points` (a
    /// caller counting many words keeps one: two allocations a word were a third of the count).
    fn count_points_lower(&self, lower: &str, len: usize, points: &mut Points) -> usize {
        let dot = self.symbol('.');
        let Points { pointed, refs } = points;
        pointed.clear();
        pointed.push(dot);
        pointed.extend(lower.chars().map(|c| self.symbol(c)));
        pointed.push(dot);
        let n = pointed.len();
        refs.clear();
        refs.resize(n + 1, 0);
        for i in 0..n - 1 {
            let mut node = 0usize;
            for &s in &pointed[i..] {
                if s == 0 {
                    break;
                }
                node = self.children[node * self.width + usize::from(s) - 1] as usize;
                if node == 0 {
                    break;
                }
                if let Some((offset, values)) = &self.patterns[node] {
                    for (k, &v) in values.iter().enumerate() {
                        if let Some(r) = refs.get_mut(i + offset + k) {
                            *r = (*r).max(v);
                        }
                    }
                }
            }
        }
        // a point at refs[k] lies before character k - 1 of the word
        (1..refs.len())
            .filter(|&k| refs[k] % 2 == 1)
            .map(|k| k - 1)
            .filter(|&p| self.left <= p && p + self.right <= len)
            .count()
    }
}

/// The buffers of one word's hyphenation: its pattern symbols between two dots, and the
/// highest value found at each place.
#[derive(Default)]
struct Points {
    pointed: Vec<u16>,
    refs: Vec<u8>,
}

/// The buffers of [`Readability::syllables_with`]: the lower-cased word and its points.
#[derive(Default)]
pub struct Scratch {
    lower: String,
    points: Points,
}

/// pyphen's `^^hh` escapes (two lower-case hex digits) become the character they name.
fn replace_hex_escapes(s: &str) -> String {
    if !s.contains("^^") {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    let hex = |c: char| c.is_ascii_digit() || ('a'..='f').contains(&c);
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if i + 3 < chars.len()
            && chars[i] == '^'
            && chars[i + 1] == '^'
            && hex(chars[i + 2])
            && hex(chars[i + 3])
        {
            let code = chars[i + 2].to_digit(16).unwrap_or(0) * 16
                + chars[i + 3].to_digit(16).unwrap_or(0);
            out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
            i += 4;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// pyphen's `re.findall(r'(\d?)(\D?)', pattern)`: the letters, and the digit before each letter
/// plus the one after the last (0 where none is written).
fn parse_pattern(pattern: &str) -> Result<(Vec<char>, Vec<u8>), String> {
    let chars: Vec<char> = pattern.chars().collect();
    let (mut tags, mut values) = (Vec::new(), Vec::new());
    let mut i = 0;
    loop {
        let mut value = 0u8;
        let mut matched = false;
        if let Some(&c) = chars.get(i) {
            if pychar::is_decimal(c) {
                value = c.to_digit(10).ok_or_else(|| {
                    format!("hyphenation pattern {pattern:?}: digit {c:?} is not an ASCII digit")
                })? as u8;
                i += 1;
                matched = true;
            }
        }
        if let Some(&c) = chars.get(i) {
            if !pychar::is_decimal(c) {
                tags.push(c);
                i += 1;
                matched = true;
            }
        }
        values.push(value);
        if !matched {
            break;
        }
    }
    Ok((tags, values))
}

/// The readability engine: a hyphenator and, optionally, a table of syllable counts that takes
/// precedence for the words it holds (keys lower-case).
pub struct Readability {
    hyphenator: Hyphenator,
    table: Option<HashMap<String, u32>>,
    classes: Classes,
}

/// Flesch reading ease and Flesch-Kincaid grade, rounded to two decimals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Flesch {
    pub reading_ease: f64,
    pub grade: f64,
}

impl Readability {
    pub fn new(hyphenator: Hyphenator, table: Option<HashMap<String, u32>>) -> Self {
        Readability {
            hyphenator,
            table,
            classes: Classes::new(),
        }
    }

    pub fn hyphenator(&self) -> &Hyphenator {
        &self.hyphenator
    }

    /// Syllables of one word as textstat counts them: hyphenation points + 1, unless the table
    /// knows the (lower-cased) word.
    pub fn syllables(&self, word: &str) -> usize {
        self.syllables_with(word, &mut Scratch::default())
    }

    /// [`Readability::syllables`] in the buffers of `scratch` (no allocation once they have
    /// grown: an archive's unseen words each pay this).
    pub fn syllables_with(&self, word: &str, scratch: &mut Scratch) -> usize {
        let Scratch { lower, points } = scratch;
        lower.clear();
        pychar::push_lower_str(word, lower);
        if let Some(&n) = self.table.as_ref().and_then(|t| t.get(lower.as_str())) {
            return n as usize;
        }
        self.hyphenator
            .count_points_lower(lower, lower.chars().count(), points)
            + 1
    }

    /// None when the text holds no letter (nothing to read).
    pub fn flesch(&self, text: &str) -> Option<Flesch> {
        self.flesch_cached(text, &mut SyllableCache::new(usize::MAX))
    }

    /// [`Readability::flesch`], taking the syllables of words met before from `cache` (and
    /// adding the new ones).
    pub fn flesch_cached(&self, text: &str, cache: &mut SyllableCache) -> Option<Flesch> {
        if !text.chars().any(pychar::is_alpha) {
            return None;
        }
        let mut word = String::new();
        let (mut n_words, mut n_syll) = (0usize, 0usize);
        self.classes.for_each_word(text, &mut word, |w| {
            n_words += 1;
            n_syll += cache.syllables(w, |w, scratch| self.syllables_with(w, scratch));
        });
        let (mut n_sentences, mut short) = (0usize, 0usize);
        self.classes.for_each_sentence(text, |s| {
            n_sentences += 1;
            if self.classes.count_words(s, SHORT_SENTENCE_WORDS + 1) <= SHORT_SENTENCE_WORDS {
                short += 1;
            }
        });
        let n_sent = n_sentences.saturating_sub(short).max(1);
        let wps = n_words as f64 / n_sent as f64;
        let spw = if n_words == 0 {
            0.0
        } else {
            n_syll as f64 / n_words as f64
        };
        let (ease, grade) = if wps == 0.0 || spw == 0.0 {
            (0.0, 0.0)
        } else {
            (
                FRE_BASE - FRE_SENTENCE_LENGTH * wps - FRE_SYLL_PER_WORD * spw,
                FKG_SENTENCE_LENGTH * wps + FKG_SYLL_PER_WORD * spw - FKG_BASE,
            )
        };
        Some(Flesch {
            reading_ease: py_round(ease, 2),
            grade: py_round(grade, 2),
        })
    }
}

/// Syllables by word, kept between texts (news repeats its words, and hyphenating is most of
/// the work); at most `limit` words, then it starts afresh.
pub struct SyllableCache {
    known: WordMap<usize>,
    limit: usize,
    /// the buffers the counts of new words reuse
    scratch: Scratch,
}

impl SyllableCache {
    pub fn new(limit: usize) -> Self {
        SyllableCache {
            known: WordMap::default(),
            limit,
            scratch: Scratch::default(),
        }
    }

    fn syllables(&mut self, word: &str, count: impl FnOnce(&str, &mut Scratch) -> usize) -> usize {
        if let Some(n) = self.known.get(word) {
            return n;
        }
        let n = count(word, &mut self.scratch);
        if self.known.len() >= self.limit {
            self.known.clear();
        }
        if self.limit > 0 {
            self.known.insert(word, n);
        }
        n
    }
}

/// textstat's words: apostrophes that do not start a contraction ('t 's 'd 've 'll 're) go, then
/// every character that is neither a word character, whitespace nor an apostrophe; then split on
/// whitespace.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    Classes::new().for_each_word(text, &mut String::new(), |w| out.push(w.to_string()));
    out
}

/// textstat's sentences: `re.findall(r"\b[^.!?]+[.!?]*", text)`.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    Classes::new().for_each_sentence(text, |s| out.push(s.to_string()));
    out
}

/// What textstat's words make of a character: white space (ends a word), a word character, an
/// apostrophe (kept before a contraction, else dropped) or another (dropped).
#[derive(Clone, Copy, PartialEq)]
enum Class {
    Space,
    Word,
    Apostrophe,
    Other,
}

impl Class {
    fn of(c: char) -> Class {
        if pychar::is_space(c) {
            Class::Space
        } else if c == '\'' {
            Class::Apostrophe
        } else if pychar::is_word(c) {
            Class::Word
        } else {
            Class::Other
        }
    }
}

/// Reads textstat's words and sentences from a text's bytes: an ASCII byte is a whole character,
/// its class read from a table made from pychar's classes (no decoding, no call); a wider
/// character is decoded and classed by pychar.
struct Classes {
    ascii: [Class; 128],
}

impl Classes {
    fn new() -> Classes {
        let mut ascii = [Class::Other; 128];
        for (b, class) in (0u8..).zip(ascii.iter_mut()) {
            *class = Class::of(char::from(b));
        }
        Classes { ascii }
    }

    /// The character at byte `i` of `text` (a boundary below its length): its length in bytes,
    /// and whether it goes into a word (`Word`: a word character or an apostrophe starting a
    /// contraction), ends one (`Space`) or goes (`Other`).
    #[inline(always)]
    fn at(&self, text: &str, i: usize) -> (usize, Class) {
        let b = text.as_bytes();
        let (n, class) = match self.ascii.get(usize::from(b[i])) {
            Some(&class) => (1, class),
            None => match text[i..].chars().next() {
                Some(c) => (c.len_utf8(), Class::of(c)),
                None => (1, Class::Other), // not reached: i is a boundary below the length
            },
        };
        if class != Class::Apostrophe {
            (n, class)
        } else if starts_contraction(&b[i + 1..]) {
            (n, Class::Word)
        } else {
            (n, Class::Other)
        }
    }

    /// Each of textstat's words (see [`words`]) of `text`: a word whose kept characters stand
    /// together (most words) is a slice of the text; one with a dropped character between two
    /// kept ones is built in `word`.
    fn for_each_word(&self, text: &str, word: &mut String, mut emit: impl FnMut(&str)) {
        // the current word's kept characters span start..end; `gap`: a dropped one lies between
        let (mut start, mut end) = (None::<usize>, 0);
        let (mut gap, mut dropped) = (false, false);
        let mut flush = |start: usize, end: usize, gap: bool| {
            if !gap {
                emit(&text[start..end]);
                return;
            }
            word.clear();
            let mut i = start;
            while i < end {
                let (n, class) = self.at(text, i);
                if class == Class::Word {
                    word.push_str(&text[i..i + n]);
                }
                i += n;
            }
            emit(word);
        };
        let mut i = 0;
        while i < text.len() {
            let (n, class) = self.at(text, i);
            match class {
                Class::Space => {
                    if let Some(s) = start.take() {
                        flush(s, end, gap);
                    }
                    (gap, dropped) = (false, false);
                }
                Class::Word => {
                    if start.is_none() {
                        start = Some(i);
                    } else if dropped {
                        gap = true;
                    }
                    end = i + n;
                    dropped = false;
                }
                _ => dropped = start.is_some(),
            }
            i += n;
        }
        if let Some(s) = start {
            flush(s, end, gap);
        }
    }

    /// How many words [`Classes::for_each_word`] finds in `text`, but at most `most`: a
    /// sentence's words are only counted, and only to tell a short one (the count stops there).
    fn count_words(&self, text: &str, most: usize) -> usize {
        let (mut n, mut in_word) = (0, false);
        let mut i = 0;
        while i < text.len() && n < most {
            let (len, class) = self.at(text, i);
            match class {
                Class::Space => in_word = false,
                Class::Word if !in_word => {
                    n += 1;
                    in_word = true;
                }
                _ => {}
            }
            i += len;
        }
        n
    }

    /// [`sentences`] as slices of `text`.
    fn for_each_sentence(&self, text: &str, mut emit: impl FnMut(&str)) {
        let b = text.as_bytes();
        // terminals are ASCII: a byte is one only where the character is one
        let terminal = |x: u8| matches!(x, b'.' | b'!' | b'?');
        // whether the character before `p` is a word character (a boundary is a change of it)
        let mut after_word = false;
        let mut p = 0;
        while p < b.len() {
            let (n, word) = match self.ascii.get(usize::from(b[p])) {
                Some(&class) => (1, class == Class::Word),
                None => match text[p..].chars().next() {
                    Some(c) => (c.len_utf8(), pychar::is_word(c)),
                    None => break, // not reached: p is a boundary below the length
                },
            };
            if word == after_word || terminal(b[p]) {
                after_word = word;
                p += n;
                continue;
            }
            let mut e = p;
            while e < b.len() && !terminal(b[e]) {
                e += 1;
            }
            while e < b.len() && terminal(b[e]) {
                e += 1;
            }
            emit(&text[p..e]);
            // the character before e is a terminal (or e is the end)
            after_word = false;
            p = e;
        }
    }
}

/// Whether an apostrophe followed by `rest` (the text's bytes after it) starts one of textstat's
/// contractions: their letters are ASCII, so bytes decide as characters would.
fn starts_contraction(rest: &[u8]) -> bool {
    matches!(
        rest,
        [b't' | b's' | b'd', ..] | [b'v', b'e', ..] | [b'l', b'l', ..] | [b'r', b'e', ..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    // A hand-made table: "1ba" puts an odd value before every "ba".
    fn hyph() -> Hyphenator {
        Hyphenator::new("UTF-8\nLEFTHYPHENMIN 2\n1ba\nzz0\n% comment\n", 2, 2).expect("parses")
    }

    #[test]
    fn liang_points_respect_left_and_right() {
        let h = hyph();
        // "abababa": points before each "ba" at 1, 3, 5; 1 is too near the start (5 + 2 <= 7)
        assert_eq!(h.count_points("abababa"), 2);
        assert_eq!(h.count_points("ABABABAB"), 2); // lower-cased; 3 and 5 (len 8)
        assert_eq!(h.count_points(""), 0);
    }

    #[test]
    fn pattern_parsing_is_pyphens() {
        assert_eq!(
            parse_pattern("a1b").expect("ok"),
            (vec!['a', 'b'], vec![0, 1, 0])
        );
        assert_eq!(
            parse_pattern("ab1").expect("ok"),
            (vec!['a', 'b'], vec![0, 0, 1, 0])
        );
        assert_eq!(replace_hex_escapes("^^e9t"), "\u{e9}t");
        assert!(Hyphenator::new("UTF-8\nabc\n", 2, 2).is_err());
    }

    #[test]
    fn words_and_sentences_are_textstats() {
        // 'm is not among textstat's contractions: its apostrophe goes
        assert_eq!(
            words("I'm 'fine', don't -- ok"),
            ["Im", "fine", "don't", "ok"]
        );
        assert_eq!(sentences("Hi there. Ok!! ...x"), ["Hi there.", "Ok!!", "x"]);
    }

    #[test]
    fn counting_words_finds_what_building_them_finds() {
        for text in [
            "",
            "  ",
            "I'm 'fine', don't -- ok",
            "' 't 'tis -- ' ''ll x'",
            "a\u{a0}b\tc,,  ..  d's'",
            "\u{e9}t\u{e9} 42 \u{1f600} _",
        ] {
            assert_eq!(
                Classes::new().count_words(text, usize::MAX),
                words(text).len(),
                "{text:?}"
            );
        }
    }

    /// The character-by-character reading of textstat's words and sentences this module had
    /// before it read bytes (kept as the reference the byte reading must agree with).
    fn reference_words_and_sentences(text: &str) -> (Vec<String>, Vec<String>) {
        let chars: Vec<char> = text.chars().collect();
        let contraction = |rest: &[char]| {
            matches!(
                rest,
                ['t' | 's' | 'd', ..] | ['v', 'e', ..] | ['l', 'l', ..] | ['r', 'e', ..]
            )
        };
        let (mut words, mut word) = (Vec::new(), String::new());
        for (i, &c) in chars.iter().enumerate() {
            if pychar::is_space(c) {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            } else if c == '\'' {
                if contraction(&chars[i + 1..]) {
                    word.push(c);
                }
            } else if pychar::is_word(c) {
                word.push(c);
            }
        }
        if !word.is_empty() {
            words.push(word);
        }
        let terminal = |c: char| matches!(c, '.' | '!' | '?');
        let word_at = |k: usize| chars.get(k).is_some_and(|&c| pychar::is_word(c));
        let (mut sentences, mut p) = (Vec::new(), 0);
        while p < chars.len() {
            let boundary = word_at(p) != (p > 0 && word_at(p - 1));
            if !boundary || terminal(chars[p]) {
                p += 1;
                continue;
            }
            let mut e = p;
            while e < chars.len() && !terminal(chars[e]) {
                e += 1;
            }
            while e < chars.len() && terminal(chars[e]) {
                e += 1;
            }
            sentences.push(chars[p..e].iter().collect());
            p = e;
        }
        (words, sentences)
    }

    #[test]
    fn words_and_sentences_by_bytes_as_by_characters() {
        // pseudo-random texts over an alphabet that makes every case meet every other: kept,
        // dropped and contraction apostrophes, white space wide and narrow, terminals, letters
        // and digits of one to four bytes, a dropped character between two kept ones
        let alphabet: Vec<char> =
            "ab tsdvelr'.!?,-_9 \t\n\u{a0}\u{2009}\u{e9}\u{3a3}\u{661}\u{2019}\u{1f600}\u{10400}"
                .chars()
                .collect();
        let mut next = crate::testing::below(0x9e37_79b9_7f4a_7c15);
        let mut fixed = vec![
            String::new(),
            "I'm 'fine', don't -- ok".to_string(),
            "it's y'all's; we'd've 'll 're' ve'".to_string(),
            "a.b. c!? ...d e\u{a0}'s".to_string(),
        ];
        for _ in 0..3000 {
            let len = next(40);
            fixed.push((0..len).map(|_| alphabet[next(alphabet.len())]).collect());
        }
        for text in &fixed {
            let (want_words, want_sentences) = reference_words_and_sentences(text);
            assert_eq!(words(text), want_words, "{text:?}");
            assert_eq!(sentences(text), want_sentences, "{text:?}");
            let classes = Classes::new();
            for most in [0, 1, 2, 3, usize::MAX] {
                assert_eq!(
                    classes.count_words(text, most),
                    want_words.len().min(most),
                    "{text:?} {most}"
                );
            }
        }
    }

    #[test]
    fn flesch_by_hand() {
        let r = Readability::new(hyph(), None);
        // "The cat sat. The dog ran now." 7 words, no hyphenation: 7 syllables; 2 sentences
        // wps 3.5, spw 1: ease 206.835 - 3.5525 - 84.6 = 118.6825 -> 118.68;
        // grade 1.365 + 11.8 - 15.59 = -2.425 -> -2.42 (the float lies just above the tie)
        let f = r
            .flesch("The cat sat. The dog ran now.")
            .expect("has letters");
        assert_eq!((f.reading_ease, f.grade), (118.68, -2.42));
        assert_eq!(r.flesch("123 !!"), None);
    }

    #[test]
    fn syllable_cache_counts_each_word_once_until_full() {
        // short words (keyed by their bytes) and a long one (by its string), then a full cache
        let mut cache = SyllableCache::new(3);
        let counted = std::cell::RefCell::new(Vec::new());
        let count = |w: &str, _: &mut Scratch| {
            counted.borrow_mut().push(w.to_string());
            w.len()
        };
        for w in [
            "cat",
            "ca",
            "cat",
            "interdepartmental",
            "ca",
            "interdepartmental",
        ] {
            assert_eq!(cache.syllables(w, count), w.len());
        }
        assert_eq!(*counted.borrow(), ["cat", "ca", "interdepartmental"]);
        assert_eq!(cache.syllables("dog", count), 3); // the fourth word: starts afresh
        assert_eq!(cache.syllables("cat", count), 3);
        assert_eq!(counted.borrow().len(), 5);
        let mut none = SyllableCache::new(0);
        for _ in 0..2 {
            assert_eq!(none.syllables("cat", count), 3);
        }
        assert_eq!(counted.borrow().len(), 7);
    }

    #[test]
    fn reused_buffers_count_as_fresh_ones() {
        // words long and short in turn, so that a buffer left from a longer word would show:
        // one Scratch for all of them against a new one for each
        let r = Readability::new(hyph(), None);
        let mut state = 7u64;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize % n
        };
        let alphabet = ['a', 'b', 'z', 'A', 'B', 'Σ', 'é', 'İ'];
        let mut scratch = Scratch::default();
        let mut odd = 0;
        for k in 0..2000 {
            let len = if k % 2 == 0 { 8 + next(20) } else { next(6) };
            let word: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            let fresh = r.syllables(&word);
            assert_eq!(r.syllables_with(&word, &mut scratch), fresh, "{word:?}");
            if !word.contains('İ') {
                // (lower-cased, "İ" is two characters: syllables counts the lowered word's)
                assert_eq!(fresh, r.hyphenator().count_points(&word) + 1, "{word:?}");
            }
            odd += usize::from(fresh > 1);
        }
        assert!(odd > 100, "the words must hold hyphenation points: {odd}");
    }
}
