//! The finder's tokens: word sets and their bit masks, the article's text as UTF-8 and folded,
//! the tokeniser of a sentence and the cue pre-scan that skips sentences without a cue word.
use super::*;
use std::borrow::Cow;

// FxHash (rustc's): the sets are fixed word lists only looked up, with short keys, where SipHash
// cost about 4% of the engine's time.
pub(super) type WordSet = FxHashSet<String>;

pub(super) fn set_of(xs: &[&str]) -> WordSet {
    xs.iter().map(|s| s.to_string()).collect()
}

/// One of the finder's word sets, with its bit in the masks of `Keyed`.
pub(super) struct Set {
    pub(super) bit: u128,
    pub(super) words: WordSet,
}

/// Numbers the word sets as they are made and notes, for each word, the bits of the sets that
/// hold it.
#[derive(Default)]
pub(super) struct Masks {
    next: u32,
    pub(super) of: FxHashMap<String, u128>,
}

impl Masks {
    pub(super) fn set(&mut self, words: WordSet) -> Set {
        assert!(self.next < 128, "more word sets than bits in a mask");
        let bit = 1u128 << self.next;
        self.next += 1;
        for w in &words {
            *self.of.entry(w.clone()).or_default() |= bit;
        }
        Set { bit, words }
    }
}

/// A token's text or lower case with the sets that hold it (a bit each): one lookup per token
/// instead of one per question the finder asks of it. It reads as the string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Keyed<'a> {
    pub(super) s: &'a str,
    pub(super) sets: u128,
}

impl std::ops::Deref for Keyed<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.s
    }
}

impl PartialEq<&str> for Keyed<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.s == *other
    }
}

/// What `is` can look up: a string (hashed) or a token's `Keyed` string (its mask).
pub(super) trait Key {
    fn in_set(self, s: &Set) -> bool;
}

impl Key for &str {
    fn in_set(self, s: &Set) -> bool {
        s.words.contains(self)
    }
}

impl Key for &String {
    fn in_set(self, s: &Set) -> bool {
        s.words.contains(self.as_str())
    }
}

impl Key for Keyed<'_> {
    fn in_set(self, s: &Set) -> bool {
        self.sets & s.bit != 0
    }
}

/// A token of a sentence (framing.scoring.attribution._Tok): code-point offsets, its text, its lower
/// case (curly apostrophes straight), whether it is a word and whether it starts with a capital.
/// The strings borrow the article's `Text` (or, for the few tokens with other characters than
/// ASCII, the sentence's `Tokens`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tok<'a> {
    pub start: usize,
    pub end: usize,
    pub text: Keyed<'a>,
    pub low: Keyed<'a>,
    pub word: bool,
    pub cap: bool,
}

pub(super) fn is_digit_str(s: &str) -> bool {
    !s.is_empty() && s.chars().all(pychar::is_digit)
}

pub(super) fn lower(s: &str) -> String {
    pychar::lower_str(s)
}

/// The article as UTF-8, as it is and with ASCII letters lower-cased (each character keeps its
/// byte length, so one offset serves both): a token of ASCII characters is a slice of each. Both
/// are the engine's own (its prepared text and `matching::folded` of it), borrowed, not rebuilt.
pub(super) struct Text<'a> {
    utf8: &'a str,
    folded: &'a str,
    /// every character is ASCII: a character offset is a byte offset
    pub(super) ascii: bool,
}

impl<'a> Text<'a> {
    /// `utf8`: the text whose code points are `chars`; `folded`: its ASCII-lowercase image.
    pub(super) fn new(utf8: &'a str, folded: &'a str, chars: &[char]) -> Text<'a> {
        debug_assert_eq!(utf8.len(), folded.len());
        Text {
            utf8,
            folded,
            ascii: utf8.len() == chars.len(), // a byte a character
        }
    }
}

/// Where a token's string is: a slice of the article's `Text` (as is or folded), or a byte range
/// of the sentence's own buffer (which grows while the sentence is read).
#[derive(Clone, Copy, Debug)]
pub(super) enum Loc<'t> {
    Text(&'t str),
    Own(u32, u32),
}

/// The byte offset in `Text` of a character offset, moving forward from the last one asked (the
/// tokeniser asks in text order; asked for an earlier one, it starts again from the beginning).
/// Between two characters of more than one byte, byte = character + the extra bytes of those
/// before: it keeps that stretch and its difference, so most calls are an add (the walk it
/// replaces cost ~5 instructions a character of every article with a curly quote).
#[derive(Clone, Copy)]
pub(super) struct Cursor {
    /// characters `from..=until` are at byte `character + extra`; `until` is a character of
    /// more than one byte (or the text's length), `from` the character after the one before it
    from: usize,
    until: usize,
    extra: usize,
}

impl Default for Cursor {
    /// Nothing known yet (the first call starts from the beginning).
    fn default() -> Self {
        Cursor {
            from: usize::MAX,
            until: 0,
            extra: 0,
        }
    }
}

impl Cursor {
    #[inline]
    pub(super) fn byte(&mut self, text: &Text, i: usize) -> usize {
        if text.ascii {
            return i;
        }
        if self.from <= i && i <= self.until {
            return i + self.extra;
        }
        self.seek(text, i)
    }

    /// `byte` past the known stretch: from stretch to stretch, each ASCII run found eight bytes
    /// at a time.
    #[inline(never)]
    fn seek(&mut self, text: &Text, i: usize) -> usize {
        let bytes = text.utf8.as_bytes();
        if i < self.from {
            self.from = 0;
            self.extra = 0;
            self.until = offsets::next_wide(bytes, 0);
        }
        while i > self.until {
            let at = self.until + self.extra; // the wide character's byte
            let Some(c) = text.utf8.get(at..).and_then(|r| r.chars().next()) else {
                // past the text's end (no caller asks): bytes as characters from here
                self.until = usize::MAX;
                break;
            };
            self.from = self.until + 1;
            self.extra += c.len_utf8() - 1;
            self.until = offsets::next_wide(bytes, at + c.len_utf8()) - self.extra;
        }
        i + self.extra
    }
}

/// One sentence's tokens at a time, reused from sentence to sentence (a String per token cost a
/// third of the finder's time in malloc and free): the tokens, and a buffer for the strings that
/// are not slices of the article (the lower case of a token with other characters than ASCII that
/// lower-casing changes, a curly mark read as another).
#[derive(Default)]
pub(super) struct Tokens<'t> {
    own: String,
    /// the tokens as read; a string in the own buffer (which grows while the sentence is read)
    /// is "" here until `view` sets it from `fix`
    list: Vec<Tok<'t>>,
    /// the strings in the own buffer: (token, its lower case (else its text), byte range)
    fix: Vec<(u32, bool, u32, u32)>,
    pub(super) cursor: Cursor,
}

impl<'t> Tokens<'t> {
    #[inline]
    fn str(&self, s: Loc<'t>) -> &str {
        match s {
            Loc::Text(s) => s,
            Loc::Own(a, b) => &self.own[a as usize..b as usize],
        }
    }

    /// The tokens, borrowing the article's text and the own buffer: the list itself when no
    /// string is in the own buffer (most sentences: no copy), else a copy with those strings set.
    pub(super) fn view(&self) -> Cow<'_, [Tok<'_>]> {
        if self.fix.is_empty() {
            return Cow::Borrowed(&self.list);
        }
        let mut toks: Vec<Tok<'_>> = self.list.clone();
        for &(k, low, a, b) in &self.fix {
            let s = &self.own[a as usize..b as usize];
            let t = &mut toks[k as usize];
            if low {
                t.low.s = s;
            } else {
                t.text.s = s;
            }
        }
        Cow::Owned(toks)
    }

    /// `view` as a list of its own.
    pub(super) fn toks(&self) -> Vec<Tok<'_>> {
        self.view().into_owned()
    }

    /// A token's string as the list holds it: a slice of the article, or "" noted in `fix`.
    #[inline]
    fn place(&mut self, k: usize, low: bool, s: Loc<'t>) -> &'t str {
        match s {
            Loc::Text(s) => s,
            Loc::Own(a, b) => {
                self.fix.push((k as u32, low, a, b));
                ""
            }
        }
    }

    /// Adds the token chars[start..end] with its strings and their word sets. `same`: whether
    /// the two strings are equal, when the caller knows (else they are compared). (Inlined into
    /// `fill`: the call's argument passing and register saves cost ~40 instructions a token.)
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn push(
        &mut self,
        w: &Words,
        (start, end): (usize, usize),
        text: Loc<'t>,
        low: Loc<'t>,
        same: Option<bool>,
        word: bool,
        cap: bool,
    ) {
        let (t, l) = (self.str(text), self.str(low));
        debug_assert!(same.is_none_or(|same| same == (t == l)));
        let low_sets = w.sets_of(l);
        let text_sets = if same.unwrap_or_else(|| t == l) {
            low_sets
        } else {
            w.sets_of(t)
        };
        let k = self.list.len();
        let text = self.place(k, false, text);
        let low = self.place(k, true, low);
        self.list.push(Tok {
            start,
            end,
            text: Keyed {
                s: text,
                sets: text_sets,
            },
            low: Keyed {
                s: low,
                sets: low_sets,
            },
            word,
            cap,
        });
    }

    /// The own buffer's bytes from `at` to its end.
    fn own_from(&self, at: usize) -> Loc<'t> {
        Loc::Own(at as u32, self.own.len() as u32)
    }

    /// `str.lower()` of the token at bytes a..b of the text, of n characters (curly apostrophes
    /// straight when `straight`): a slice of the folded text when they are ASCII, else in the own
    /// buffer.
    #[inline]
    fn low(&mut self, text: &Text<'t>, a: usize, b: usize, n: usize, straight: bool) -> Loc<'t> {
        if b - a == n {
            return Loc::Text(&text.folded[a..b]);
        }
        self.low_wide(text, a, b, straight)
    }

    /// `low` of a token with characters of more than one byte (out of line: a few an article).
    #[inline(never)]
    fn low_wide(&mut self, text: &Text<'t>, a: usize, b: usize, straight: bool) -> Loc<'t> {
        let at = self.own.len();
        // (whole-token lowering: a final sigma depends on its neighbours)
        for c in lower(&text.utf8[a..b]).chars() {
            self.own.push(if straight && c == '’' { '\'' } else { c });
        }
        if self.own[at..] == text.utf8[a..b] {
            // unchanged (a curly quotation mark, "café"): the article's slice, no copy in `view`
            self.own.truncate(at);
            return Loc::Text(&text.utf8[a..b]);
        }
        self.own_from(at)
    }

    /// The tokens of `chars[start..end]`, as `_SPACED_TOKEN.findall(text, start, end)` and
    /// `_tokens` give them: a word keeping inner periods, hyphens and apostrophes, a plural
    /// possessive's apostrophe before a space, and a final period only for abbreviations and
    /// initials; a run of hyphens ("--", a typed dash); or one other non-space character.
    /// `text` is the article of `chars`.
    pub(super) fn fill(
        &mut self,
        text: &Text<'t>,
        chars: &[char],
        start: usize,
        end: usize,
        w: &Words,
    ) {
        self.own.clear();
        self.list.clear();
        self.fix.clear();
        let end = end.min(chars.len());
        // the sentence's end as a byte (on a copy: the cursor goes on from its start)
        let end_byte = {
            self.cursor.byte(text, start.min(end));
            let mut ahead = self.cursor;
            ahead.byte(text, end)
        };
        let bytes = text.utf8.as_bytes();
        let mut i = start;
        while i < end {
            while i < end && is_space(chars[i]) {
                i += 1;
            }
            if i >= end {
                break;
            }
            let s = i;
            let c = chars[i];
            if c == '-' && i + 1 < end && chars[i + 1] == '-' {
                // "--", the typed dash of wire copy ("Kall -- co-editor of the book -- said"): one token
                let mut e = i + 2;
                while e < end && chars[e] == '-' {
                    e += 1;
                }
                let a = self.cursor.byte(text, s);
                let t = Loc::Text(&text.utf8[a..a + (e - s)]);
                self.push(w, (s, e), t, t, Some(true), false, false);
                i = e;
                continue;
            }
            if !is_word(c) {
                // an opening curly mark typed for a closing one (“It is unusual,“ said Ann Lee), as
                // the quotation finder reads it: after a non-space, before a space or the end
                let (t, low, same) = if c == '“'
                    && s > start
                    && !is_space(chars[s - 1])
                    && (s + 1 >= end || is_space(chars[s + 1]))
                {
                    let at = self.own.len();
                    self.own.push('”');
                    let r = self.own_from(at);
                    (r, r, Some(true))
                } else {
                    let a = self.cursor.byte(text, s);
                    let b = a + c.len_utf8();
                    // (an ASCII character that is no word character is no letter: its own lower case)
                    let same = c.is_ascii().then_some(true);
                    (
                        Loc::Text(&text.utf8[a..b]),
                        self.low(text, a, b, 1, true),
                        same,
                    )
                };
                self.push(w, (s, s + 1), t, low, same, c == '_', false);
                i = s + 1;
                continue;
            }
            // a word as the segmenter counts them (WORD_RE): over the bytes while they are
            // ASCII, then over the characters
            let a = self.cursor.byte(text, s);
            let scan = segment::ascii_word_end(bytes, a, end_byte);
            let mut j = s + (scan.end - a);
            if scan.wide {
                j = segment::word_end(chars, j, end);
            }
            // a combining accent ("Pen\u{303}a", decomposed) stays inside the word, and so does
            // UTF-8 read as Latin-1 ("PeÃ±a", "SarukhÃ\u{83}Â¡n"): a lead 'Ã' or 'Â' (composed or
            // not) and its continuation characters (U+0080-U+00BF)
            while j < end && !chars[j].is_ascii() {
                let c = chars[j];
                let lead = matches!(chars[j - 1], 'Ã' | 'Â')
                    || (j >= i + 2
                        && matches!(chars[j - 1], '\u{302}' | '\u{303}')
                        && chars[j - 2] == 'A');
                let inside = ('\u{300}'..='\u{36f}').contains(&c)
                    || (lead && ('\u{80}'..='\u{bf}').contains(&c) && !is_space(c));
                if !inside {
                    break;
                }
                j += 1;
                if j < end && is_word(chars[j]) {
                    j = segment::word_end(chars, j, end);
                }
            }
            if chars[j - 1] == 's'
                && j < end
                && (chars[j] == '\'' || chars[j] == '’')
                && j + 1 < end
                && is_space(chars[j + 1])
            {
                j += 1;
            }
            if j < end && chars[j] == '.' {
                j += 1;
            }
            i = j;
            let e = j;
            let b = self.cursor.byte(text, e);
            // an ASCII word the byte scan read whole: its lower case differs where it has a capital
            let same = (b - a == e - s && !scan.wide).then_some(!scan.upper);
            let alnum = c != '_';
            let cap = alnum && pychar::is_upper(c);
            if alnum && e - s > 1 && chars[e - 1] == '.' {
                // the final period splits off unless the word is an initial, a dotted
                // abbreviation, a listed one or a party tag
                let keep = e - 1 - s == 1
                    || chars[s..e - 1].contains(&'.')
                    || if b - a == e - s {
                        is(&w.abbreviations, &text.folded[a..b])
                    } else {
                        is(&w.abbreviations, &lower(&text.utf8[a..b]))
                    }
                    || party_tag(&text.utf8[a..b]);
                if !keep {
                    // ('.' is one byte)
                    let low = self.low(text, a, b - 1, e - 1 - s, false);
                    self.push(
                        w,
                        (s, e - 1),
                        Loc::Text(&text.utf8[a..b - 1]),
                        low,
                        same,
                        true,
                        cap,
                    );
                    let period = Loc::Text(&text.utf8[b - 1..b]);
                    self.push(w, (e - 1, e), period, period, Some(true), false, false);
                    continue;
                }
            }
            let low = self.low(text, a, b, e - s, true);
            self.push(w, (s, e), Loc::Text(&text.utf8[a..b]), low, same, true, cap);
        }
    }
}

impl Words {
    /// Whether the sentence chars[start..end] may hold a cue word as a token (a superset of what
    /// `Words::any_cue` accepts, without tokenising): a cue word in the folded text between bytes
    /// that are no ASCII letters or digits. A token is a whole word, so its neighbours are none;
    /// its lower case equals an ASCII word only when it is ASCII or holds a KELVIN SIGN (the one
    /// character whose lower case is ASCII), and a sentence with one is always tokenised.
    /// `cursor` is left at `start` when it may (the tokeniser asks for that offset next), else
    /// at `end` (the next sentence's start is not before it).
    pub(super) fn may_cue(
        &self,
        text: &Text,
        cursor: &mut Cursor,
        chars: &[char],
        start: usize,
        end: usize,
    ) -> bool {
        let Some(scan) = &self.cue_scan else {
            return true;
        };
        let end = end.min(chars.len());
        if start >= end {
            return false;
        }
        let a = cursor.byte(text, start);
        let mut ahead = *cursor;
        let b = ahead.byte(text, end);
        if !text.ascii && text.utf8[a..b].contains('\u{212A}') {
            return true;
        }
        let s = &text.folded.as_bytes()[a..b];
        // (the words are letters and digits only: a longest match that fails a boundary has no
        // shorter one at its start that passes, nor one starting inside it)
        let may = scan.find_iter(s).any(|m| {
            (m.start() == 0 || !s[m.start() - 1].is_ascii_alphanumeric())
                && (m.end() == s.len() || !s[m.end()].is_ascii_alphanumeric())
        });
        if !may {
            *cursor = ahead;
        }
        may
    }
}

/// Each word of the sets -> its bits, for `sets_of` (~30 k lookups a steady pass of 40 articles):
/// a word of 1-15 bytes is looked up as its bytes packed into two u64s (its length in the last
/// byte), in an open-addressing table, so a lookup is a multiply-shift and a compare of two words
/// (the string map's FxHash and memcmp cost ~95 instructions a lookup); longer words in a map.
#[derive(Default)]
pub(super) struct MaskTable {
    /// (packed word, bits); an empty slot has a second word of 0 (a packed word's holds its length)
    pub(super) slots: Vec<(u64, u64, u128)>,
    /// 64 - log2(slots.len())
    shift: u32,
    pub(super) long: FxHashMap<String, u128>,
}

impl MaskTable {
    pub(super) fn new(words: FxHashMap<String, u128>) -> MaskTable {
        let short = words.keys().filter(|w| Self::pack(w).is_some()).count();
        // at most a quarter full: few probes past the first slot
        let size = (4 * short).next_power_of_two().max(16);
        let mut t = MaskTable {
            slots: vec![(0, 0, 0); size],
            shift: 64 - size.trailing_zeros(),
            long: FxHashMap::default(),
        };
        for (w, bits) in words {
            match Self::pack(&w) {
                Some(key) => {
                    let mut k = t.slot(key);
                    while t.slots[k].1 != 0 {
                        k = (k + 1) & (size - 1);
                    }
                    t.slots[k] = (key.0, key.1, bits);
                }
                None => {
                    t.long.insert(w, bits);
                }
            }
        }
        t
    }

    /// The bytes of a word of 1-15 bytes, little-endian, its length in the last byte: read as
    /// overlapping words (copying into a zeroed buffer cost a memset and a memcpy call a lookup).
    #[inline]
    pub(super) fn pack(w: &str) -> Option<(u64, u64)> {
        let b = w.as_bytes();
        let n = b.len();
        let r8 = |k: usize| u64::from_le_bytes(b[k..k + 8].try_into().unwrap());
        let r4 = |k: usize| u64::from(u32::from_le_bytes(b[k..k + 4].try_into().unwrap()));
        let r1 = |k: usize| u64::from(b[k]) << (8 * k);
        let (lo, hi) = match n {
            1..=3 => (r1(0) | r1(n / 2) | r1(n - 1), 0),
            4..=7 => (r4(0) | r4(n - 4) << (8 * (n - 4)), 0),
            8 => (r8(0), 0),
            // (bytes n-8..n shifted down past those the first word holds)
            9..=15 => (r8(0), r8(n - 8) >> (8 * (16 - n))),
            _ => return None,
        };
        Some((lo, hi | (n as u64) << 56))
    }

    #[inline]
    fn slot(&self, (lo, hi): (u64, u64)) -> usize {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        ((lo.wrapping_mul(K) ^ hi).wrapping_mul(K) >> self.shift) as usize
    }

    /// The bits of `w` (0 for a word in no set). (Inlined into `Tokens::push`, its one hot caller.)
    #[inline(always)]
    pub(super) fn get(&self, w: &str) -> u128 {
        let Some(key) = Self::pack(w) else {
            return self.get_long(w);
        };
        let mask = self.slots.len() - 1;
        let mut k = self.slot(key);
        loop {
            let (lo, hi, bits) = self.slots[k];
            if (lo, hi) == key {
                return bits;
            }
            if hi == 0 {
                return 0;
            }
            k = (k + 1) & mask;
        }
    }

    /// `get` of a word of another length (rare: out of line).
    #[inline(never)]
    fn get_long(&self, w: &str) -> u128 {
        self.long.get(w).copied().unwrap_or(0)
    }
}

impl Words {
    /// The bits of the word sets holding `s`.
    #[inline]
    pub(super) fn sets_of(&self, s: &str) -> u128 {
        self.masks.get(s)
    }

    /// Whether any token's lower case is a cue word or a possessive cue (read from the masks
    /// the tokens already carry: no second lookup).
    pub(super) fn any_cue(&self, toks: &[Tok]) -> bool {
        let cues = self.cue_words.bit | self.possessive_cues.bit;
        toks.iter().any(|t| t.low.sets & cues != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> Words {
        let mut lex: Vec<Vec<String>> = vec![vec![]; LEXICONS.len()];
        lex[0] = vec!["said".into(), "told".into()];
        Words::new(&lex)
    }

    /// `view` lends the list when no string lies in the own buffer (curly quotation marks and
    /// "café" lower-case to themselves: slices of the article), else copies it with the own
    /// strings set; a sentence read after one with own strings starts without them. Every
    /// token's strings are its characters (or the closing mark for an opening one typed for it)
    /// and their lower case, their masks the lookups of those strings.
    #[test]
    fn view_lends_the_list_or_sets_the_own_strings() {
        let w = words();
        // (sentence, whether some string must be in the own buffer)
        let cases = [
            ("Ann Lee said it was plain.", false),
            ("“No,” Ann Lee said — a café … “so”.", false),
            ("José’s dog, Ann said.", true),
            ("“It is unusual,“ said Ann Lee.", true),
            ("The dogs’ owner told ‘them’ — ÉTÉ.", true),
            ("Plain words again, Ann said.", false),
            ("Ünal said so.", true),
        ];
        let text: String = cases.iter().map(|c| c.0).collect::<Vec<_>>().join(" ");
        let chars: Vec<char> = text.chars().collect();
        let folded = crate::matching::folded(&text);
        let t = Text::new(&text, &folded, &chars);
        let mut buf = Tokens::default();
        let mut a = 0;
        for (sentence, own) in cases {
            let b = a + sentence.chars().count();
            buf.fill(&t, &chars, a, b, &w);
            let view = buf.view();
            assert_eq!(matches!(view, Cow::Owned(_)), own, "{sentence}");
            let mut fresh = Tokens::default();
            fresh.fill(&t, &chars, a, b, &w);
            assert_eq!(*view, *fresh.view(), "{sentence}");
            assert!(view.len() >= 4, "{sentence}");
            for k in view.iter() {
                let s: String = chars[k.start..k.end].iter().collect();
                assert!(
                    k.text.s == s || (s == "“" && k.text.s == "”"),
                    "{sentence}: {k:?}"
                );
                let low = lower(k.text.s);
                let straight = low.replace('’', "'");
                assert!(k.low.s == low || k.low.s == straight, "{sentence}: {k:?}");
                assert_eq!(k.text.sets, w.sets_of(k.text.s), "{sentence}: {k:?}");
                assert_eq!(k.low.sets, w.sets_of(k.low.s), "{sentence}: {k:?}");
            }
            a = b + 1;
        }
    }
}
