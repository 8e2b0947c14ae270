//! Segmentation: words, paragraphs and sentences (with the abbreviation lexicon), and the
//! per-sentence word counts by voice.
//!
//! Everything works on the text as code points (`&[char]`), so every offset is a Python `str`
//! index already; character classes are CPython's ([`crate::pychar`]). Each function states the
//! Python regular expression it replaces: the behaviour, backtracking included, is that
//! expression's, which the differential test (tests/test_native_segment.py) checks.
use rustc_hash::FxHashSet;

use crate::pychar::{
    is_alnum, is_alpha, is_decimal, is_digit, is_letterish, is_lower, is_space, is_upper, is_word,
};
use crate::quotes::{find_quotes, Voice};

pub use crate::offsets::Span;
use crate::offsets::{next_wide, word_at};

/// Abbreviations that do not end a sentence (`never`), or only when no sentence starter follows
/// (`ambiguous`); `starters` are the words that begin sentences. All lower-cased.
#[derive(Debug, Clone, Default)]
pub struct Abbreviations {
    pub never: FxHashSet<String>,
    pub ambiguous: FxHashSet<String>,
    pub starters: FxHashSet<String>,
}

/// One sentence: its span (trailing space trimmed), its paragraph's index, and whether more than
/// half of its characters stand inside quotations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentenceSpan {
    pub start: usize,
    pub end: usize,
    pub paragraph: usize,
    pub quoted: bool,
}

/// One quotation (marks included) and its number of words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteSpan {
    pub start: usize,
    pub end: usize,
    pub words: usize,
}

/// Words of a sentence: all of them, and those that start inside a quotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WordCounts {
    pub words: usize,
    pub quoted: usize,
}

/// Everything segmentation finds in one text, offsets in code points.
#[derive(Debug, Clone)]
pub struct Segmentation {
    pub paragraphs: Vec<Span>,
    pub sentences: Vec<SentenceSpan>,
    pub quotes: Vec<QuoteSpan>,
    /// One per sentence, in order: what scoring's "words by voice" tallies.
    pub sentence_words: Vec<WordCounts>,
    pub voice: Voice,
    /// The word starts of the whole text, for the word counts of later stages.
    pub words: WordIndex,
}

/// Segments `text`: paragraphs, quotations (an unclosed one counts only up to `max_unclosed`
/// characters), sentences and their voice. Offsets are code points.
pub fn segment(text: &str, abbr: &Abbreviations, max_unclosed: usize) -> Segmentation {
    segment_chars(text, &chars_of(text), abbr, max_unclosed)
}

/// The code points of `text`, allocated once (`collect` would grow the vector as it goes), its
/// ASCII runs copied a byte to a character without decoding.
pub fn chars_of(text: &str) -> Vec<char> {
    let bytes = text.as_bytes();
    let mut chars = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let run = crate::offsets::next_wide(bytes, i);
        chars.extend(bytes[i..run].iter().map(|&b| b as char));
        let Some(c) = text.get(run..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        chars.push(c);
        i = run + c.len_utf8();
    }
    chars
}

/// [`segment`] of a text already split into code points (`chars`: `chars_of(text)`).
pub fn segment_chars(
    text: &str,
    chars: &[char],
    abbr: &Abbreviations,
    max_unclosed: usize,
) -> Segmentation {
    let (words, marks) = index_text(text);
    let paras = paragraphs_in(chars, &marks);
    let quote_spans = find_quotes(chars, &paras, max_unclosed);
    let voice = Voice::new(&quote_spans);
    let quotes = quote_spans
        .iter()
        .map(|&(s, e)| QuoteSpan {
            start: s,
            end: e,
            words: words.count(chars, s, s, e),
        })
        .collect();
    let mut sentences = Vec::new();
    let mut sentence_words = Vec::new();
    let mut cuts = Vec::new();
    for (pi, &(ps, pe)) in paras.iter().enumerate() {
        cuts.clear();
        sentence_spans(chars, ps, pe, abbr, &marks, &mut cuts);
        for &(s, mut e) in &cuts {
            while e > s && is_space(chars[e - 1]) {
                e -= 1;
            }
            if e <= s {
                continue;
            }
            let q = voice.quoted_chars(s, e);
            sentences.push(SentenceSpan {
                start: s,
                end: e,
                paragraph: pi,
                quoted: q * 2 > e - s,
            });
            sentence_words.push(words_by_voice(chars, &words, s, e, &voice));
        }
    }
    Segmentation {
        paragraphs: paras,
        sentences,
        quotes,
        sentence_words,
        voice,
        words,
    }
}

/// Words in `chars[start..end]` and how many of them start inside a quotation (`voice` holds
/// sorted, disjoint quotations, as segmentation finds them; `words`: the text's word starts).
pub fn words_by_voice(
    chars: &[char],
    words: &WordIndex,
    start: usize,
    end: usize,
    voice: &Voice,
) -> WordCounts {
    WordCounts {
        words: words.count(chars, start, start, end),
        quoted: voice
            .overlapping(start, end)
            .map(|(qs, qe)| words.count(chars, start, qs.max(start), qe.min(end)))
            .sum(),
    }
}

// --- words: WORD_RE = \w+(?:['’.-]\w+)*

/// `is_word` with the ASCII answer from a table: the word loops run on every character.
#[inline]
fn word_char(c: char) -> bool {
    word_class(c) & WORD != 0
}

/// The bits of [`word_class`].
const WORD: u8 = 1;
const JOINER: u8 = 2;

/// WORD for a word character, JOINER for one of `['’.-]`: for ASCII from one table lookup.
#[inline]
fn word_class(c: char) -> u8 {
    const ASCII: [u8; 128] = {
        let mut t = [0u8; 128];
        let mut i = 0;
        while i < 128 {
            let b = i as u8;
            t[i] = if b.is_ascii_alphanumeric() || b == b'_' {
                WORD
            } else if matches!(b, b'\'' | b'.' | b'-') {
                JOINER
            } else {
                0
            };
            i += 1;
        }
        t
    };
    match ASCII.get(c as usize) {
        Some(&k) => k,
        None if c == '’' => JOINER,
        None => is_word(c) as u8,
    }
}

#[inline]
fn is_word_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '.' | '-')
}

/// Calls `f(start, end)` for each word of `chars[start..end]`, as `WORD_RE.finditer(text, start,
/// end)`: a run of word characters, joined to the next run by one apostrophe, period or hyphen.
pub fn for_each_word(chars: &[char], start: usize, end: usize, mut f: impl FnMut(usize, usize)) {
    let end = end.min(chars.len());
    let mut i = start;
    while i < end {
        if !word_char(chars[i]) {
            i += 1;
            continue;
        }
        let s = i;
        i = word_end(chars, i, end);
        f(s, i);
    }
}

/// The end of the word (WORD_RE) that starts at `start`, a word character, within `..end`: a run
/// of word characters, joined to the next run by one apostrophe, period or hyphen.
#[inline]
pub fn word_end(chars: &[char], start: usize, end: usize) -> usize {
    let mut i = start;
    while i < end && word_char(chars[i]) {
        i += 1;
    }
    while i + 1 < end && is_word_joiner(chars[i]) && word_char(chars[i + 1]) {
        i += 2;
        while i < end && word_char(chars[i]) {
            i += 1;
        }
    }
    i
}

/// What [`ascii_word_end`] found: where the word ends (or where a character of more than one
/// byte must be classed), and what it read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AsciiWordEnd {
    /// the byte where [`word_end`] ends, or, when `wide`, where it must go on over characters
    pub end: usize,
    /// a byte of `start..end` is an ASCII capital
    pub upper: bool,
    /// the word may go on past `end` over a character of more than one byte
    pub wide: bool,
}

/// [`word_end`] over a text's UTF-8 bytes from `start` (a word character's byte) within
/// `..end`, a table lookup a byte, for as long as the bytes are ASCII (a byte a character): the
/// attribution finder's tokens (~20 k words a steady pass of 40 articles; the `char` loop cost
/// ~120 instructions a word). It stops where it would class a character of more than one byte
/// (`wide`): `word_end` of the characters from there (the same place in characters) finishes
/// the word, since both of its loops can resume at a character after a word character.
#[inline]
pub fn ascii_word_end(bytes: &[u8], start: usize, end: usize) -> AsciiWordEnd {
    const UPPER: u8 = 4;
    const WIDE: u8 = 8;
    const CLASS: [u8; 256] = {
        let mut t = [WIDE; 256];
        let mut i = 0;
        while i < 128 {
            let b = i as u8;
            t[i] = if b.is_ascii_uppercase() {
                WORD | UPPER
            } else if b.is_ascii_alphanumeric() || b == b'_' {
                WORD
            } else if matches!(b, b'\'' | b'.' | b'-') {
                JOINER
            } else {
                0
            };
            i += 1;
        }
        t
    };
    let end = end.min(bytes.len());
    let mut i = start;
    let mut seen = 0u8;
    loop {
        while i < end && CLASS[bytes[i] as usize] & WORD != 0 {
            seen |= CLASS[bytes[i] as usize];
            i += 1;
        }
        if i + 1 < end
            && CLASS[bytes[i] as usize] == JOINER
            && CLASS[bytes[i + 1] as usize] & WORD != 0
        {
            i += 1;
            continue;
        }
        break;
    }
    let at = |k: usize| if k < end { CLASS[bytes[k] as usize] } else { 0 };
    AsciiWordEnd {
        end: i,
        upper: seen & UPPER != 0,
        wide: at(i) == WIDE || (at(i) == JOINER && at(i + 1) == WIDE),
    }
}

/// The words of `chars[start..end]`.
pub fn words(chars: &[char], start: usize, end: usize) -> Vec<Span> {
    let mut out = Vec::new();
    for_each_word(chars, start, end, |s, e| out.push((s, e)));
    out
}

/// The number of words in `chars[start..end]`.
pub fn count_words(chars: &[char], start: usize, end: usize) -> usize {
    word_starts(chars, start, start, end)
}

/// How many of the words [`for_each_word`] finds in `chars[lo..]` start in `from..to`
/// (`lo <= from`). A word starts at a word character that follows neither a word character nor
/// a joiner after a word character (every word character of the range is inside some word, so
/// that is all WORD_RE's scan decides): counted without a branch per character.
pub fn word_starts(chars: &[char], lo: usize, from: usize, to: usize) -> usize {
    let to = to.min(chars.len());
    if from >= to {
        return 0;
    }
    // the classes of the two characters before `from`, inside the range
    let class_at = |k: Option<usize>| k.filter(|&k| k >= lo).map_or(0, |k| word_class(chars[k]));
    let mut c1 = class_at(from.checked_sub(1));
    let mut c2 = class_at(from.checked_sub(2));
    let mut n = 0;
    for &c in &chars[from..to] {
        let c0 = word_class(c);
        n += starts_word(c0, c1, c2) as usize;
        c2 = c1;
        c1 = c0;
    }
    n
}

/// 1 when a character of class `c0`, after characters of classes `c1` and `c2` (the one before
/// it first), starts a word: a word character after neither a word character nor a joiner after
/// one; else 0.
fn starts_word(c0: u8, c1: u8, c2: u8) -> u8 {
    c0 & !c1 & !((c1 >> 1) & c2) & WORD
}

/// [`word_starts`] counted once over a whole text, so that the counts of sentences, quotations
/// and regions (which cover the text more than once) are two lookups each instead of a scan.
/// Kept as one bit a character in words of 64 and a running count a word (a count a character
/// cost a 4-byte store for each: the index is built for every article, counted a few hundred times).
#[derive(Debug, Clone)]
pub struct WordIndex {
    /// bit `i % 64` of `starts[i / 64]`: a word starts at `chars[i]`, with the whole text as
    /// context; one word more than the text needs, all zero, so that `rank(len)` reads no further
    starts: Vec<u64>,
    /// `before[b]`: the word starts in `chars[..64 * b]` (a u32: a word start needs a character
    /// before it that is not one, so there are at most half as many as characters, under 2^32
    /// for any text that fits in memory as `char`s)
    before: Vec<u32>,
    len: usize,
}

/// Where a text's sentence marks (`[.!?…]`) and line breaks (`str.splitlines()`'s) stand, a bit
/// a character in words of 64 (one word more than the text needs, as [`WordIndex`]): the scans
/// for them read 64 characters a step.
#[derive(Debug, Clone)]
pub struct Marks {
    terminals: Vec<u64>,
    breaks: Vec<u64>,
}

impl Marks {
    /// The first set bit of `bits` in `from..end` (`end` if none; `end` at most the text's length).
    fn next(bits: &[u64], from: usize, end: usize) -> usize {
        if from >= end {
            return end;
        }
        let mut w = from / 64;
        let mut x = bits[w] & (!0u64 << (from % 64));
        while x == 0 {
            w += 1;
            if w * 64 >= end {
                return end;
            }
            x = bits[w];
        }
        (w * 64 + x.trailing_zeros() as usize).min(end)
    }

    /// The first terminal mark in `from..end` (`end` if none).
    fn next_terminal(&self, from: usize, end: usize) -> usize {
        Marks::next(&self.terminals, from, end)
    }

    /// The first line break in `from..end` (`end` if none).
    fn next_break(&self, from: usize, end: usize) -> usize {
        Marks::next(&self.breaks, from, end)
    }
}

impl WordIndex {
    /// The word index of `text` (see [`index_text`]).
    pub fn new(text: &str) -> WordIndex {
        index_text(text).0
    }
}

/// The word index and the marks of `text`, read from its UTF-8 bytes 64 characters at a time:
/// each block narrowed to a byte a character (an ASCII run copied as it is, no conversion from
/// `char`s; a character of more than one byte, a few curly quotes and dashes an article, as 0
/// and classed alone), then classed at once.
pub fn index_text(text: &str) -> (WordIndex, Marks) {
    let bytes = text.as_bytes();
    let blocks = bytes.len() / 64 + 1;
    let (mut starts, mut before) = (Vec::with_capacity(blocks), Vec::with_capacity(blocks));
    let (mut terminals, mut breaks) = (Vec::with_capacity(blocks), Vec::with_capacity(blocks));
    let (mut prev_word, mut prev_joiner, mut n, mut len) = (0u64, 0u64, 0u32, 0usize);
    let mut i = 0;
    loop {
        let mut block = [0u8; 64];
        // characters in the block, and the classes of its wide ones
        let mut fill = 0usize;
        let mut wide = ByteClasses::default();
        while fill < 64 && i < bytes.len() {
            let limit = bytes.len().min(i + 64 - fill);
            let run = next_wide(&bytes[..limit], i);
            block[fill..fill + run - i].copy_from_slice(&bytes[i..run]);
            fill += run - i;
            i = run;
            if run < limit {
                let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
                    break;
                };
                let class = word_class(c);
                wide.word |= u64::from(class & WORD) << fill;
                wide.joiner |= u64::from(class >> 1) << fill;
                wide.terminal |= u64::from(c == '…') << fill;
                let brk = matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}');
                wide.line_break |= u64::from(brk) << fill;
                fill += 1;
                i += c.len_utf8();
            }
        }
        let ascii = ascii_classes(&block);
        let (word, joiner) = (ascii.word | wide.word, ascii.joiner | wide.joiner);
        terminals.push(ascii.terminal | wide.terminal);
        breaks.push(ascii.line_break | wide.line_break);
        // word_starts' rule on 64 characters at once: a word character after neither a word
        // character nor a joiner after one (the bits before come from the previous block)
        let word1 = word << 1 | prev_word >> 63;
        let word2 = word << 2 | prev_word >> 62;
        let joiner1 = joiner << 1 | prev_joiner >> 63;
        let bits = word & !word1 & !(joiner1 & word2);
        before.push(n);
        starts.push(bits);
        n += bits.count_ones();
        (prev_word, prev_joiner) = (word, joiner);
        len += fill;
        // a text of 64 k characters ends with an empty block: `rank(len)` reads no further
        if fill < 64 {
            break;
        }
    }
    (
        WordIndex {
            starts,
            before,
            len,
        },
        Marks { terminals, breaks },
    )
}

impl WordIndex {
    /// The word starts in `chars[..i]` (`i <= len`).
    #[inline]
    fn rank(&self, i: usize) -> usize {
        let below = (1u64 << (i % 64)) - 1;
        self.before[i / 64] as usize + (self.starts[i / 64] & below).count_ones() as usize
    }

    /// 1 when a word starts at `chars[i]` (`i < len`), else 0.
    #[inline]
    fn at(&self, i: usize) -> usize {
        ((self.starts[i / 64] >> (i % 64)) & 1) as usize
    }

    /// `word_starts(chars, lo, from, to)` (`chars`: the text the index was built from): the whole
    /// text's starts in `from..to`, corrected at `lo` and `lo + 1`, the only characters whose
    /// context (the two characters before) the range cuts.
    pub fn count(&self, chars: &[char], lo: usize, from: usize, to: usize) -> usize {
        let to = to.min(chars.len()).min(self.len);
        if from >= to {
            return 0;
        }
        let mut n = self.rank(to) - self.rank(from);
        if lo == 0 {
            return n;
        }
        let word = |p: usize| (word_class(chars[p]) & WORD) as usize;
        if from == lo {
            // nothing before it in the range: a word character starts a word
            n = n + word(lo) - self.at(lo);
        }
        if from <= lo + 1 && lo + 1 < to {
            // one character before it in the range, so no joiner after a word character
            n = n + (word(lo + 1) & (1 - word(lo))) - self.at(lo + 1);
        }
        n
    }
}

/// Classes of up to 64 characters, a bit each (bit k: the k-th): word characters and joiners
/// ([`word_class`]), terminal marks (`[.!?…]`), line breaks (`str.splitlines()`'s).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct ByteClasses {
    word: u64,
    joiner: u64,
    terminal: u64,
    line_break: u64,
}

/// [`ByteClasses`] of `N` ASCII bytes (`N` a multiple of 8, at most 64; a byte 0x80 and above is
/// in no class): a map of byte to flags, which the compiler turns into sixteen bytes an
/// instruction, then each eight flags gathered to a byte by one multiply.
#[inline]
fn ascii_classes<const N: usize>(bytes: &[u8; N]) -> ByteClasses {
    let (mut word, mut joiner) = ([0u8; N], [0u8; N]);
    let (mut terminal, mut line_break) = ([0u8; N], [0u8; N]);
    for (k, &b) in bytes.iter().enumerate() {
        word[k] = u8::from((b | 0x20).wrapping_sub(b'a') < 26)
            | u8::from(b.wrapping_sub(b'0') < 10)
            | u8::from(b == b'_');
        joiner[k] = u8::from(b == b'\'') | u8::from(b.wrapping_sub(b'-') < 2);
        terminal[k] = u8::from(b == b'.') | u8::from(b == b'!') | u8::from(b == b'?');
        // \n \x0b \x0c \r, and \x1c \x1d \x1e
        line_break[k] = u8::from(b.wrapping_sub(b'\n') < 4) | u8::from(b.wrapping_sub(0x1c) < 3);
    }
    ByteClasses {
        word: gather(&word),
        joiner: gather(&joiner),
        terminal: gather(&terminal),
        line_break: gather(&line_break),
    }
}

/// Flags of 0 or 1 a byte (`N` a multiple of 8, at most 64) as bits, bit k for `flags[k]`: the
/// eight flags of a word multiplied to its top byte (the products' bits never meet, so nothing
/// carries).
#[inline]
fn gather<const N: usize>(flags: &[u8; N]) -> u64 {
    let mut bits = 0;
    for k in 0..N / 8 {
        let x = word_at(flags, 8 * k);
        bits |= (x.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k);
    }
    bits
}

// --- paragraphs

/// A line boundary of `str.splitlines()` (what [`Marks`] records; the tests' plain definition).
#[cfg(test)]
fn is_line_break(c: char) -> bool {
    // most characters are printable ASCII: one comparison
    if (' '..='~').contains(&c) {
        return false;
    }
    matches!(
        c,
        '\n' | '\r'
            | '\x0b'
            | '\x0c'
            | '\x1c'
            | '\x1d'
            | '\x1e'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// Lines are paragraphs, except a line whose successor starts lowercase (a hard wrap). Each span
/// is trimmed of surrounding space; blank lines separate paragraphs.
pub fn paragraphs(chars: &[char]) -> Vec<Span> {
    paragraphs_in(chars, &index_text(&chars.iter().collect::<String>()).1)
}

/// [`paragraphs`] of `chars`, whose line breaks `marks` holds.
fn paragraphs_in(chars: &[char], marks: &Marks) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_end = 0;
    let mut pos = 0;
    while pos < chars.len() {
        // one line of str.splitlines(keepends=True): [pos, next)
        let brk = marks.next_break(pos, chars.len());
        let mut next = (brk + 1).min(chars.len());
        if brk < chars.len() && chars[brk] == '\r' && chars.get(brk + 1) == Some(&'\n') {
            next += 1;
        }
        // body = line.rstrip("\r\n")
        let mut body_end = next;
        while body_end > pos && matches!(chars[body_end - 1], '\r' | '\n') {
            body_end -= 1;
        }
        let lstart = pos;
        pos = next;
        let Some(first) = (lstart..body_end).find(|&k| !is_space(chars[k])) else {
            if let Some(s) = start.take() {
                spans.push((s, last_end));
            }
            continue;
        };
        if let Some(s) = start {
            if !is_lower(chars[first]) {
                spans.push((s, last_end));
                start = None;
            }
        }
        if start.is_none() {
            start = Some(first);
        }
        last_end = body_end;
        while is_space(chars[last_end - 1]) {
            last_end -= 1; // stops at `first`, which is not a space
        }
    }
    if let Some(s) = start {
        spans.push((s, last_end));
    }
    spans
}

// --- sentences

/// `[.!?…]`: a mark that can end a sentence.
#[inline]
fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// `["'”’)\]]`: what may close a sentence after its terminal mark.
fn is_end_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']')
}

/// Abbreviations that are also ordinary words ("the answer was no."): abbreviations only before a number.
const NUMBER_ABBR: [&str; 2] = ["no", "nos"];

/// Verbs of the attribution clause after a quoted question or exclamation.
const SPEECH_VERBS: [&str; 22] = [
    "said",
    "says",
    "asked",
    "asks",
    "added",
    "adds",
    "wrote",
    "writes",
    "replied",
    "replies",
    "shouted",
    "cried",
    "wondered",
    "demanded",
    "recalled",
    "noted",
    "continued",
    "explained",
    "insisted",
    "warned",
    "exclaimed",
    "told",
];

/// Sentence spans of `chars[start..end]` (one paragraph), appended to `out`; trailing space is
/// still on each span. A cut falls after terminal punctuation (and closing quotes or brackets)
/// before space and a word that starts uppercase or with a digit, unless the token before the
/// period is an abbreviation, an initial, a dotted initialism or a list marker, or the mark ends
/// a quoted question followed by its attribution ("“Why now?” Smith asked."). `marks`: the
/// text's [`Marks`].
pub fn sentence_spans(
    chars: &[char],
    start: usize,
    end: usize,
    abbr: &Abbreviations,
    marks: &Marks,
    out: &mut Vec<Span>,
) {
    let end = end.min(chars.len());
    let mut s = start;
    let mut p = start;
    let mut token = String::new();
    loop {
        p = marks.next_terminal(p, end);
        if p >= end {
            break;
        }
        // _END_RE = [.!?…]+["'”’)\]]*(?=\s): both runs are maximal (backtracking cannot help, the
        // character after a shorter run is never a space), and a failed start fails for every
        // position inside the same run.
        let m_start = p;
        while p < end && is_terminal(chars[p]) {
            p += 1;
        }
        while p < end && is_end_closer(chars[p]) {
            p += 1;
        }
        let cut = p;
        if !(cut < end && is_space(chars[cut])) {
            continue;
        }
        // _STARTER_RE = \s+["'“‘(\[]?(\w+)
        let mut f = cut;
        while f < end && is_space(chars[f]) {
            f += 1;
        }
        if f < end && matches!(chars[f], '"' | '\'' | '“' | '‘' | '(' | '[') {
            f += 1;
        }
        if !(f < end && is_word(chars[f])) {
            continue;
        }
        let following_start = f;
        while f < end && is_word(chars[f]) {
            f += 1;
        }
        let following = &chars[following_start..f];
        let f0 = following[0];
        if !(is_upper(f0) || is_digit(f0)) {
            continue;
        }
        if chars[m_start] == '.' {
            // The token before the period: letters, digits and periods back to the last space or bracket.
            let mut ts = m_start;
            while ts > s && (is_alnum(chars[ts - 1]) || matches!(chars[ts - 1], '.' | '\'' | '’'))
            {
                ts -= 1;
            }
            while ts < m_start && matches!(chars[ts], '\'' | '’') {
                ts += 1;
            }
            lower_into(&chars[ts..m_start], &mut token);
            let token = token.as_str();
            let is_starter = || abbr.starters.contains(&lower_chars(following));
            if NUMBER_ABBR.contains(&token) {
                if is_digit(f0) {
                    continue;
                }
            } else if abbr.never.contains(token) {
                continue;
            } else if single_letter(token).is_some_and(is_alpha) {
                // An initial ("J. R. Smith") unless a sentence starter follows ("Plan B. The ...").
                if !is_starter() || is_initial(chars, following_start, end) {
                    continue;
                }
            } else if (abbr.ambiguous.contains(token) || is_initialism(token)) && !is_starter() {
                continue;
            }
            if is_list_marker(&chars[s..cut]) {
                continue;
            }
        } else if cut > m_start + 1
            && matches!(chars[cut - 1], '"' | '”' | '\'' | '’')
            && attribution_follows(chars, cut, end)
        {
            continue; // "“Why now?” Smith asked."
        }
        out.push((s, cut));
        s = cut;
        while s < end && is_space(chars[s]) {
            s += 1;
        }
    }
    if s < end {
        out.push((s, end));
    }
}

fn lower_chars(chars: &[char]) -> String {
    let mut out = String::with_capacity(chars.len());
    lower_into(chars, &mut out);
    out
}

/// `out` becomes the lower case of `chars`.
fn lower_into(chars: &[char], out: &mut String) {
    out.clear();
    for &c in chars {
        crate::pychar::lower(c).push_to(out);
    }
}

/// The one character of a one-character string.
fn single_letter(token: &str) -> Option<char> {
    let mut it = token.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// A single letter followed by a period at `pos`: "R. Smith".
fn is_initial(chars: &[char], pos: usize, end: usize) -> bool {
    pos + 1 < end
        && is_alpha(chars[pos])
        && chars[pos + 1] == '.'
        && (pos == 0 || !is_alnum(chars[pos - 1]))
}

/// `^(?:[^\W\d_]\.)+[^\W\d_]$`: a dotted initialism ("u.s", "c.e.o"), not "3.2" or "example.com".
fn is_initialism(token: &str) -> bool {
    let mut n = 0;
    for (k, c) in token.chars().enumerate() {
        let ok = if k % 2 == 0 {
            is_letterish(c)
        } else {
            c == '.'
        };
        if !ok {
            return false;
        }
        n = k + 1;
    }
    n >= 3 && n % 2 == 1
}

/// `^\(?\d{1,3}[.)]$`: a list marker alone before the cut, "1." or "(2)".
fn is_list_marker(chars: &[char]) -> bool {
    let body = match chars.first() {
        Some('(') => &chars[1..],
        _ => chars,
    };
    let Some((last, digits)) = body.split_last() else {
        return false;
    };
    matches!(last, '.' | ')')
        && (1..=3).contains(&digits.len())
        && digits.iter().all(|&c| is_decimal(c))
}

/// `_ATTRIBUTION_RE.match(text, cut, end)`: space, one to four capitalised words, a speech verb,
/// then `.;!?`, a comma not opening another quotation, or the end.
fn attribution_follows(chars: &[char], cut: usize, end: usize) -> bool {
    let mut p = cut;
    while p < end && is_space(chars[p]) {
        p += 1;
    }
    if p == cut {
        return false;
    }
    // (?:[A-Z][\w'’.-]*\s+){1,4}: deterministic (a verb never starts uppercase, so fewer
    // repetitions cannot help where a capitalised word stands).
    let mut reps = 0;
    while reps < 4 && p < end && chars[p].is_ascii_uppercase() {
        let mut r = p + 1;
        while r < end && (is_word(chars[r]) || matches!(chars[r], '\'' | '’' | '.' | '-')) {
            r += 1;
        }
        if !(r < end && is_space(chars[r])) {
            return false;
        }
        while r < end && is_space(chars[r]) {
            r += 1;
        }
        p = r;
        reps += 1;
    }
    if reps == 0 {
        return false;
    }
    SPEECH_VERBS.iter().any(|verb| {
        let mut v = p;
        for want in verb.chars() {
            if v < end && chars[v] == want {
                v += 1;
            } else {
                return false;
            }
        }
        attribution_ends(chars, v, end)
    })
}

/// `(?=[.;!?]|,(?!\s*[“"‘'«„])|\s*$)` at `v`, the text ending at `end`.
fn attribution_ends(chars: &[char], v: usize, end: usize) -> bool {
    if v < end && matches!(chars[v], '.' | ';' | '!' | '?') {
        return true;
    }
    if v < end && chars[v] == ',' {
        let mut r = v + 1;
        while r < end && is_space(chars[r]) {
            r += 1;
        }
        if !(r < end && matches!(chars[r], '“' | '"' | '‘' | '\'' | '«' | '„')) {
            return true;
        }
    }
    chars[v.min(end)..end].iter().all(|&c| is_space(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn abbr() -> Abbreviations {
        let set = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect();
        Abbreviations {
            never: set(&["mr", "dr", "sen", "u.s"]),
            ambiguous: set(&["inc", "st"]),
            starters: set(&["the", "but", "he"]),
        }
    }

    fn sentences(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        segment_chars(text, &chars, &abbr(), 600)
            .sentences
            .iter()
            .map(|s| chars[s.start..s.end].iter().collect())
            .collect()
    }

    fn word_texts(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        words(&chars, 0, chars.len())
            .iter()
            .map(|&(s, e)| chars[s..e].iter().collect())
            .collect()
    }

    #[test]
    fn words_join_apostrophes_periods_and_hyphens() {
        assert_eq!(
            word_texts("Don’t re-run U.S. data 3.5 -x- it's_ok 'q"),
            ["Don’t", "re-run", "U.S", "data", "3.5", "x", "it's_ok", "q"]
        );
        // a range of a text: a word may start mid-run, as WORD_RE.finditer(text, pos) does
        let chars: Vec<char> = "abc def".chars().collect();
        assert_eq!(words(&chars, 1, 6), [(1, 3), (4, 6)]);
        assert_eq!(count_words(&chars, 5, 99), 1);
    }

    #[test]
    fn paragraphs_follow_lines_and_hard_wraps() {
        let chars: Vec<char> = "  One line.\nwrapped on.\r\n\r\nTwo\x0bThree \u{2029}  \n"
            .chars()
            .collect();
        // "One line." continues on the lowercase line; \x0b and U+2029 break lines too
        assert_eq!(paragraphs(&chars), [(2, 23), (27, 30), (31, 36)]);
        assert!(paragraphs(&[]).is_empty());
        assert!(paragraphs(&[' ', '\n', '\t']).is_empty());
    }

    #[test]
    fn abbreviations_initials_and_starters() {
        assert_eq!(
            sentences("Mr. Smith met Dr. Jones. He left."),
            ["Mr. Smith met Dr. Jones.", "He left."]
        );
        // an initial continues the sentence; a one-letter token before a starter ends it
        assert_eq!(
            sentences("J. R. Smith won. Plan B. The end."),
            ["J. R. Smith won.", "Plan B.", "The end."]
        );
        // ambiguous: only before a sentence starter
        assert_eq!(
            sentences("Acme Inc. Sold it. Acme Inc. The end."),
            ["Acme Inc. Sold it.", "Acme Inc.", "The end."]
        );
        // "no." before a number
        assert_eq!(
            sentences("Rule No. 5 applies. The answer was no. Yes."),
            ["Rule No. 5 applies.", "The answer was no.", "Yes."]
        );
        // dotted initialism, not a number
        assert_eq!(
            sentences("In the U.K. Officials met. It grew 3.2. Then fell."),
            ["In the U.K. Officials met.", "It grew 3.2.", "Then fell."]
        );
    }

    #[test]
    fn list_markers_and_closing_marks() {
        assert_eq!(sentences("1. First item here."), ["1. First item here."]);
        assert_eq!(sentences("(2) Second. Third."), ["(2) Second.", "Third."]);
        assert_eq!(
            sentences("He said “Stop.” Then he left."),
            ["He said “Stop.”", "Then he left."]
        );
        // lowercase next word: no cut
        assert_eq!(sentences("It rose. and fell."), ["It rose. and fell."]);
    }

    #[test]
    fn speech_attribution_continues_a_quoted_question() {
        assert_eq!(
            sentences("“Why now?” Smith asked. Nobody knew."),
            ["“Why now?” Smith asked.", "Nobody knew."]
        );
        assert_eq!(
            sentences("“Why now?” Senator Jane Q. Smith said, adding more."),
            ["“Why now?” Senator Jane Q. Smith said, adding more."]
        );
        // a comma opening another quotation, or five capitalised words, is no attribution clause
        assert_eq!(
            sentences("“Why?” Smith said, “because.”"),
            ["“Why?”", "Smith said, “because.”"]
        );
        assert_eq!(
            sentences("“Why?” A B C D E said."),
            ["“Why?”", "A B C D E said."]
        );
        // without a closing quotation mark the question ends the sentence
        assert_eq!(
            sentences("Why now? Smith asked."),
            ["Why now?", "Smith asked."]
        );
    }

    #[test]
    fn dotted_times_and_uppercase_abbreviations() {
        assert_eq!(
            sentences("He left at 5 p.m. The next day he came back."),
            ["He left at 5 p.m.", "The next day he came back."]
        );
        assert_eq!(
            sentences("ST. LOUIS — The Cardinals won."),
            ["ST. LOUIS — The Cardinals won."]
        );
        assert_eq!(
            sentences("Prices rose 5.5 percent. Analysts said so."),
            ["Prices rose 5.5 percent.", "Analysts said so."]
        );
        // a question mark inside a quotation before a new sentence, and before more quotation
        assert_eq!(
            sentences("He asked: “Why?” The room fell silent."),
            ["He asked: “Why?”", "The room fell silent."]
        );
        assert_eq!(
            sentences("“Are you sure?” Mr. Smith asked, “really?”"),
            ["“Are you sure?”", "Mr. Smith asked, “really?”"]
        );
    }

    #[test]
    fn word_counts_by_voice() {
        let seg = segment("He said “we will win the vote” today.", &abbr(), 600);
        assert_eq!(
            seg.sentence_words,
            [WordCounts {
                words: 8,
                quoted: 5
            }]
        );
        assert!(seg.sentences[0].quoted); // 23 of 37 characters
        assert_eq!(
            seg.quotes,
            [QuoteSpan {
                start: 8,
                end: 30,
                words: 5
            }]
        );
    }

    #[test]
    fn word_starts_agree_with_the_scan() {
        // every range and sub-range: the branch-free count is the scan's
        for text in [
            "Don’t re-run U.S. data 3.5 -x- it's_ok 'q a''b a-.b x-y-z ..a é_ñ",
            "a'b'c--d.e. f ’g h’ ‘i’ j",
        ] {
            let chars: Vec<char> = text.chars().collect();
            let index = WordIndex::new(text);
            for lo in 0..chars.len() {
                for to in lo..=chars.len() + 2 {
                    let mut starts = Vec::new();
                    for_each_word(&chars, lo, to, |s, _| starts.push(s));
                    assert_eq!(count_words(&chars, lo, to), starts.len(), "{lo}..{to}");
                    for from in lo..=to {
                        let want = starts.iter().filter(|&&s| s >= from).count();
                        assert_eq!(word_starts(&chars, lo, from, to), want, "{lo} {from}..{to}");
                        assert_eq!(index.count(&chars, lo, from, to), want, "{lo} {from}..{to}");
                    }
                }
            }
        }
    }

    #[test]
    fn word_index_agrees_with_the_scan_across_its_words_of_64() {
        // generated texts of 0-300 characters (every ASCII byte, joiners, non-ASCII word and
        // non-word characters): the index's count is word_starts' for ranges on and around
        // the 64-character boundaries and at random
        let alphabet: Vec<char> = (0u8..128)
            .map(char::from)
            .chain("’’’..--''  éßİ\u{2028}\u{a0}…٣😀中".chars())
            .collect();
        let mut next = crate::testing::below(0x2545_f491_4f6c_dd1d);
        let lens = (0usize..=300)
            .step_by(7)
            .chain([63, 64, 65, 127, 128, 129, 192]);
        // each length twice: ASCII only (every block read eight bytes at a time), and with the
        // rest of the alphabet (blocks of both kinds side by side)
        for (len, ascii) in lens.flat_map(|n| [(n, true), (n, false)]) {
            let letters = if ascii { 128 } else { alphabet.len() };
            let chars: Vec<char> = (0..len)
                .map(|_| match next(3) {
                    0 => 'a',
                    _ => alphabet[next(letters)],
                })
                .collect();
            let index = WordIndex::new(&chars.iter().collect::<String>());
            let mut points: Vec<usize> = [0, 1, 2, 62, 63, 64, 65, 66, 127, 128, 129]
                .into_iter()
                .chain([len.saturating_sub(1), len, len + 1])
                .collect();
            points.extend((0..6).map(|_| next(len + 2)));
            for &lo in &points {
                for &from in &points {
                    for &to in &points {
                        if lo > from {
                            continue;
                        }
                        assert_eq!(
                            index.count(&chars, lo, from, to),
                            word_starts(&chars, lo, from, to),
                            "{len}: {lo} {from}..{to}"
                        );
                    }
                }
            }
        }
    }

    /// The index read from bytes against the plain scan at every character: a character of two,
    /// three or four bytes at every place of ASCII text around the eight-byte words and the
    /// 64-character blocks, two of them in a row, and text that ends inside a word of eight.
    /// The byte scan, finished over the characters where it says `wide`, ends every word where
    /// `word_end` does, for every word start and every end of generated texts (ASCII only, and
    /// with characters of two, three and four bytes beside joiners), and sees its capitals.
    #[test]
    fn ascii_word_end_as_word_end() {
        let ascii: Vec<char> = "aZq9_ '.-,\"Ss".chars().collect();
        let wide: Vec<char> = "aZq9_ '.-,\"Ssé’😀É\u{303}…".chars().collect();
        let mut next = crate::testing::below(0x5eed_0a5c);
        let (mut words, mut wides) = (0, 0);
        for round in 0..3000 {
            let alphabet = if round % 3 == 0 { &ascii } else { &wide };
            let chars: Vec<char> = (0..next(28))
                .map(|_| alphabet[next(alphabet.len())])
                .collect();
            let text: String = chars.iter().collect();
            let byte_of: Vec<usize> = (0..=chars.len())
                .map(|k| chars[..k].iter().map(|c| c.len_utf8()).sum())
                .collect();
            for s in (0..chars.len()).filter(|&s| word_char(chars[s])) {
                for end in s + 1..=chars.len() {
                    let want = word_end(&chars, s, end);
                    let scan = ascii_word_end(text.as_bytes(), byte_of[s], byte_of[end]);
                    // (ASCII up to where it stops: a byte a character)
                    let at = s + (scan.end - byte_of[s]);
                    assert!(text.is_char_boundary(scan.end) && byte_of[at] == scan.end);
                    let got = if scan.wide {
                        word_end(&chars, at, end)
                    } else {
                        at
                    };
                    assert_eq!(got, want, "{text:?} {s}..{end}");
                    let upper = chars[s..at].iter().any(|c| c.is_ascii_uppercase());
                    assert_eq!(scan.upper, upper, "{text:?} {s}..{end}");
                    words += 1;
                    wides += scan.wide as usize;
                }
            }
        }
        assert!(
            words > 10_000 && wides > 1_000 && wides < words / 2,
            "{words} {wides}"
        );
    }

    #[test]
    fn word_index_from_bytes_at_every_place() {
        let ascii = "The U.S.-led plan's 3.5 x_y ... it's won't -- a.b 'q' Z9 end.";
        for wide in ["é", "’", "…", "İ", "\u{2028}", "٣", "😀", "中", "’’", "é😀"]
        {
            for lead in [0, 5, 56, 60, 63, 64, 70] {
                for at in 0..=ascii.len() {
                    let text = format!(
                        "{}{}{wide}{}",
                        "a.".repeat(lead / 2),
                        &ascii[..at],
                        &ascii[at..]
                    );
                    let chars: Vec<char> = text.chars().collect();
                    let index = WordIndex::new(&text);
                    assert_eq!(index.len, chars.len(), "{text:?}");
                    for k in 0..=chars.len() + 1 {
                        assert_eq!(
                            index.count(&chars, 0, k, k + 1),
                            word_starts(&chars, 0, k, k + 1),
                            "{text:?} char {k}"
                        );
                        assert_eq!(
                            index.count(&chars, 0, 0, k),
                            word_starts(&chars, 0, 0, k),
                            "{text:?} ..{k}"
                        );
                    }
                }
            }
        }
    }

    /// The marks against the plain scans (`is_terminal`, `is_line_break`) from every character
    /// to ends on and around the 64-character blocks, over generated ASCII and multi-byte texts
    /// (the wide terminal and line breaks among others of two, three and four bytes).
    #[test]
    fn marks_agree_with_the_plain_scans() {
        let alphabet: Vec<char> =
            " aZ.!?\n\r\x0b\x0c\x1c\x1d\x1e\x1f\t’é…\u{85}\u{2028}\u{2029}\u{a0}😀中"
                .chars()
                .collect();
        let mut next = crate::testing::below(0x9e37_79b9_7f4a_7c15);
        for len in (0usize..=200).step_by(3).chain([63, 64, 65, 127, 128, 129]) {
            for ascii in [true, false] {
                let letters = if ascii { 15 } else { alphabet.len() };
                let chars: Vec<char> = (0..len)
                    .map(|_| match next(4) {
                        0 | 1 => 'a',
                        _ => alphabet[next(letters)],
                    })
                    .collect();
                let text: String = chars.iter().collect();
                let (_, marks) = index_text(&text);
                let first = |from: usize, end: usize, f: fn(char) -> bool| {
                    (from..end).find(|&k| f(chars[k])).unwrap_or(end)
                };
                for from in 0..=len {
                    for end in [from, from + 1, 63, 64, 65, 128, len.saturating_sub(1), len] {
                        let end = end.clamp(from, len);
                        assert_eq!(
                            marks.next_terminal(from, end),
                            first(from, end, is_terminal),
                            "{text:?} {from}..{end}"
                        );
                        assert_eq!(
                            marks.next_break(from, end),
                            first(from, end, is_line_break),
                            "{text:?} {from}..{end}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn ascii_classes_of_every_byte_at_every_place() {
        let check = |bytes: &[u8], got: ByteClasses, what: &str| {
            for (i, &c) in bytes.iter().enumerate() {
                let (class, c) = (word_class(c as char), c as char);
                assert_eq!(
                    got.word >> i & 1,
                    u64::from(class & WORD),
                    "{what}: place {i}"
                );
                assert_eq!(
                    got.joiner >> i & 1,
                    u64::from(class >> 1),
                    "{what}: place {i}"
                );
                let terminal = u64::from(is_terminal(c));
                assert_eq!(got.terminal >> i & 1, terminal, "{what}: place {i}");
                let line_break = u64::from(is_line_break(c));
                assert_eq!(got.line_break >> i & 1, line_break, "{what}: place {i}");
            }
            if bytes.len() < 64 {
                let any = got.word | got.joiner | got.terminal | got.line_break;
                assert_eq!(any >> bytes.len(), 0, "{what}: no bit beyond");
            }
        };
        for b in 0u8..0x80 {
            for k in 0..8 {
                // the byte among others (ASCII letters, a joiner) at place k
                let mut eight = *b"x.-Q_0 '";
                eight[k] = b;
                check(
                    &eight,
                    ascii_classes(&eight),
                    &format!("{b:#x} at {k} of 8"),
                );
            }
            for k in 0..64 {
                let mut block =
                    *b"The U.S.-led plan's 3.5 x_y ... it's won't -- a.b 'q' Z9 end.@[`";
                block[k] = b;
                check(
                    &block,
                    ascii_classes(&block),
                    &format!("{b:#x} at {k} of 64"),
                );
            }
        }
    }

    #[test]
    fn chars_of_decodes_every_text() {
        for t in [
            "",
            "abc",
            "é",
            "aé€😀b",
            "plain ascii longer than eight “quoted” ok…",
        ] {
            assert_eq!(chars_of(t), t.chars().collect::<Vec<_>>(), "{t:?}");
        }
    }

    #[test]
    fn quoted_words_by_hand() {
        // "a “b c” d “e” f": quotations 2..7 and 10..13; words b, c, e start inside them
        let text = "a “b c” d “e” f";
        let chars: Vec<char> = text.chars().collect();
        let voice = Voice::new(&[(2, 7), (10, 13)]);
        let words = WordIndex::new(text);
        let all = words_by_voice(&chars, &words, 0, chars.len(), &voice);
        assert_eq!((all.words, all.quoted), (6, 3));
        // a range starting inside the first quotation: c, d, e, f with c and e quoted
        let part = words_by_voice(&chars, &words, 5, chars.len(), &voice);
        assert_eq!((part.words, part.quoted), (4, 2));
    }

    #[test]
    fn helpers() {
        assert!(is_initialism("u.s") && is_initialism("c.e.o") && !is_initialism("3.2"));
        assert!(!is_initialism("example.com") && !is_initialism("u.") && !is_initialism("u"));
        let lm = |s: &str| is_list_marker(&s.chars().collect::<Vec<_>>());
        assert!(lm("1.") && lm("(12)") && lm("123.") && !lm("1234.") && !lm("(.") && !lm("a."));
    }
}
