//! Offsets across the boundary: Python indexes a `str` by code point, Rust by UTF-8 byte.
//! Every span the engine returns is in code points, as `text[start:end]` in Python expects.

/// `(start, end)` in code points, end exclusive.
pub type Span = (usize, usize);

/// Maps byte offsets of one text to code-point offsets and back.
pub struct Offsets {
    /// `chars_before[b]` for every byte offset on a character boundary (and the end); empty when
    /// the text is ASCII, where the two coincide.
    chars_before: Vec<u32>,
    /// byte offset of each code point, plus the end; empty when ASCII.
    byte_of_char: Vec<u32>,
    len_bytes: usize,
}

impl Offsets {
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return Offsets {
                chars_before: Vec::new(),
                byte_of_char: Vec::new(),
                len_bytes: text.len(),
            };
        }
        let mut chars_before = vec![0u32; text.len() + 1];
        let mut byte_of_char = Vec::with_capacity(text.len() + 1);
        let mut n = 0u32;
        for (b, c) in text.char_indices() {
            byte_of_char.push(b as u32);
            for k in 0..c.len_utf8() {
                chars_before[b + k] = n; // inside a character: the character's own index
            }
            n += 1;
        }
        chars_before[text.len()] = n;
        byte_of_char.push(text.len() as u32);
        Offsets {
            chars_before,
            byte_of_char,
            len_bytes: text.len(),
        }
    }

    /// Code-point offset of a byte offset (a byte inside a character maps to that character).
    pub fn to_char(&self, byte: usize) -> usize {
        if self.chars_before.is_empty() {
            byte.min(self.len_bytes)
        } else {
            self.chars_before[byte.min(self.len_bytes)] as usize
        }
    }

    /// Byte offset of a code-point offset (past the end: the end).
    pub fn to_byte(&self, ch: usize) -> usize {
        if self.byte_of_char.is_empty() {
            ch.min(self.len_bytes)
        } else {
            self.byte_of_char[ch.min(self.byte_of_char.len() - 1)] as usize
        }
    }

    /// Number of code points.
    pub fn len_chars(&self) -> usize {
        self.to_char(self.len_bytes)
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
    }
}
