//! Offsets across the boundary: Python indexes a `str` by code point, Rust by UTF-8 byte.
//! Every span the engine returns is in code points, as `text[start:end]` in Python expects.

/// `(start, end)` in code points, end exclusive.
pub type Span = (usize, usize);

/// Maps byte offsets of one text to code-point offsets and back.
///
/// Only the characters of more than one byte are stored: between two of them the two offsets
/// advance together. News text is mostly ASCII (a few dozen curly quotes and dashes an article),
/// so building this scans bytes and records a few entries instead of two tables as long as the
/// text, and a lookup is a binary search over those entries.
pub struct Offsets {
    /// each character of more than one byte, in order
    wide: Vec<Wide>,
    len_bytes: usize,
    len_chars: usize,
}

/// A character of more than one byte: its byte offset, its code-point offset, its width in bytes.
#[derive(Clone, Copy)]
struct Wide {
    byte: u32,
    ch: u32,
    width: u32,
}

/// The offset of the first non-ASCII byte of `bytes` at or after `from` (its length if none),
/// eight bytes at a time.
pub fn next_wide(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while i + 8 <= bytes.len() {
        let high = word_at(bytes, i) & HIGH;
        if high != 0 {
            return i + (high.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i].is_ascii() {
        i += 1;
    }
    i
}

/// The high bit of each byte of `word` that is zero, and no other bit (no borrow runs from one
/// byte into the next, as it does in the shorter `(w - 0x01..) & !w` test).
#[inline]
fn zero_bytes(word: u64) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    !((word & LOW7).wrapping_add(LOW7) | word) & HIGH
}

/// The high bit of each of eight bytes read as one word (`word_at`): the bytes that are not ASCII.
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;

/// The eight bytes at `i` (`bytes.len() >= i + 8`) as one word, the first lowest.
#[inline]
pub(crate) fn word_at(bytes: &[u8], i: usize) -> u64 {
    u64::from_le_bytes(bytes[i..i + 8].try_into().unwrap_or([0; 8]))
}

/// The offset of the first two spaces in a row in `bytes` at or after `from`: eight bytes at a
/// time (`str::find("  ")` ran a general substring search over the whole text).
pub fn find_double_space(bytes: &[u8], from: usize) -> Option<usize> {
    const SPACES: u64 = 0x2020_2020_2020_2020;
    let mut i = from;
    // a word holds the pairs starting at its first seven bytes: the next word starts at the
    // eighth, so a pair across two words is in the second
    while i + 8 <= bytes.len() {
        let spaces = zero_bytes(word_at(bytes, i) ^ SPACES);
        let pairs = spaces & (spaces >> 8);
        if pairs != 0 {
            return Some(i + (pairs.trailing_zeros() / 8) as usize);
        }
        i += 7;
    }
    (i..bytes.len().saturating_sub(1)).find(|&k| bytes[k] == b' ' && bytes[k + 1] == b' ')
}

/// Whether `bytes` hold one of the four information separators (0x1c..=0x1f, `\s` to `re` but
/// not to the regex crate), eight bytes at a time.
pub fn has_separator(bytes: &[u8]) -> bool {
    // a separator is the byte 0b0001_11xx: its top six bits 0x1c
    const TOP6: u64 = 0xFCFC_FCFC_FCFC_FCFC;
    const SEPARATOR: u64 = 0x1C1C_1C1C_1C1C_1C1C;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        if zero_bytes((word & TOP6) ^ SEPARATOR) != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(|b| (0x1c..=0x1f).contains(b))
}

/// The width in bytes of the UTF-8 character whose first byte is `lead` (not ASCII).
fn width_of(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        _ => 2,
    }
}

/// Builds [`Offsets`] from the wide characters of a text met in order, for a scan that walks the
/// text for other ends too (the prepared text's one pass builds two of these as it goes).
#[derive(Default)]
pub struct OffsetsBuilder {
    wide: Vec<Wide>,
    /// bytes beyond the first of the wide characters so far
    extra: usize,
}

impl OffsetsBuilder {
    /// The next character of more than one byte: at byte `byte`, `width` bytes wide.
    #[inline]
    pub fn wide(&mut self, byte: usize, width: usize) {
        self.wide.push(Wide {
            byte: byte as u32,
            ch: (byte - self.extra) as u32,
            width: width as u32,
        });
        self.extra += width - 1;
    }

    /// The offsets of a text of `len_bytes` bytes whose every wide character was given.
    pub fn finish(self, len_bytes: usize) -> Offsets {
        Offsets {
            wide: self.wide,
            len_bytes,
            len_chars: len_bytes - self.extra,
        }
    }
}

impl Offsets {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut out = OffsetsBuilder::default();
        let mut b = next_wide(bytes, 0);
        while b < bytes.len() {
            let width = width_of(bytes[b]);
            out.wide(b, width);
            b = next_wide(bytes, b + width);
        }
        out.finish(text.len())
    }

    /// Code-point offset of a byte offset (a byte inside a character maps to that character).
    #[inline]
    pub fn to_char(&self, byte: usize) -> usize {
        let byte = byte.min(self.len_bytes);
        let i = self.wide.partition_point(|w| w.byte as usize <= byte);
        let Some(w) = i.checked_sub(1).map(|k| self.wide[k]) else {
            return byte;
        };
        let after = (w.byte + w.width) as usize;
        if byte < after {
            w.ch as usize
        } else {
            w.ch as usize + 1 + (byte - after)
        }
    }

    /// Byte offset of a code-point offset (past the end: the end).
    #[inline]
    pub fn to_byte(&self, ch: usize) -> usize {
        let ch = ch.min(self.len_chars);
        let i = self.wide.partition_point(|w| w.ch as usize <= ch);
        let Some(w) = i.checked_sub(1).map(|k| self.wide[k]) else {
            return ch;
        };
        if ch == w.ch as usize {
            w.byte as usize
        } else {
            (w.byte + w.width) as usize + (ch - w.ch as usize - 1)
        }
    }

    /// Number of code points.
    pub fn len_chars(&self) -> usize {
        self.len_chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_multibyte() {
        let o = Offsets::new("abc");
        assert_eq!((o.to_char(2), o.to_byte(2), o.len_chars()), (2, 2, 3));
        let t = "a€b😀c";
        let o = Offsets::new(t);
        assert_eq!(o.len_chars(), 5);
        for (i, (b, _)) in t.char_indices().enumerate() {
            assert_eq!(o.to_char(b), i);
            assert_eq!(o.to_byte(i), b);
        }
        assert_eq!(o.to_byte(5), t.len());
        assert_eq!(o.to_char(t.len()), 5);
        // a byte inside a character maps to it; past the end maps to the end
        assert_eq!((o.to_char(2), o.to_char(3), o.to_char(4)), (1, 1, 2));
        assert_eq!((o.to_char(99), o.to_byte(99)), (5, t.len()));
    }

    /// Byte strings of every length up to 40 from a small alphabet (a simple generator: the
    /// same strings every run).
    fn samples(alphabet: &[u8]) -> Vec<Vec<u8>> {
        let mut next = crate::testing::below(0x2545_F491_4F6C_DD1D);
        let mut out = Vec::new();
        for len in 0..=40 {
            for _ in 0..40 {
                let s = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
                out.push(s);
            }
        }
        out
    }

    #[test]
    fn double_spaces_found_as_a_plain_scan_finds_them() {
        // bytes next to a space that fool the short zero-byte test ('!' is one above ' ')
        for s in samples(b"  a!\x1f\xe2") {
            for from in 0..=s.len() {
                let want = (from..s.len().saturating_sub(1)).find(|&k| &s[k..k + 2] == b"  ");
                assert_eq!(find_double_space(&s, from), want, "{s:?} from {from}");
            }
        }
        assert_eq!(find_double_space(b"abcdefg  h", 0), Some(7)); // across two words
        assert_eq!(find_double_space(b"a b c d e f g h i", 0), None);
        assert_eq!(find_double_space(b"", 0), None);
    }

    #[test]
    fn separators_found_as_a_plain_scan_finds_them() {
        for s in samples(b"a\x1b\x1c\x1d\x1e\x1f\x20\x3c\x9c\xfc") {
            let want = s.iter().any(|b| (0x1c..=0x1f).contains(b));
            assert_eq!(has_separator(&s), want, "{s:?}");
        }
        // every byte value at every place of a word and of the rest after it
        for b in 0..=255u8 {
            for at in 0..11 {
                let mut s = vec![b'x'; 11];
                s[at] = b;
                assert_eq!(
                    has_separator(&s),
                    (0x1c..=0x1f).contains(&b),
                    "{b:#x} at {at}"
                );
            }
        }
    }

    #[test]
    fn every_offset_as_a_full_table_gives_it() {
        // ASCII runs longer and shorter than the eight-byte scan, wide characters at both ends
        for t in [
            "",
            "é",
            "😀abcdefghijklmnopq€",
            "abcdefgh\u{2019}ijklmnopqrstu\u{201c}v\u{201d}",
            "ÀÁÂÃ plain ascii text of some length “quoted” — dash… 中文 end",
        ] {
            let o = Offsets::new(t);
            let mut chars_before = Vec::new();
            let mut n = 0;
            for (b, c) in t.char_indices() {
                chars_before.extend(std::iter::repeat_n(n, c.len_utf8()));
                assert_eq!(o.to_byte(n), b, "{t:?}");
                n += 1;
            }
            chars_before.push(n);
            assert_eq!(o.len_chars(), n);
            assert_eq!(o.to_byte(n), t.len());
            for (b, &want) in chars_before.iter().enumerate() {
                assert_eq!(o.to_char(b), want, "{t:?} byte {b}");
            }
        }
    }
}
