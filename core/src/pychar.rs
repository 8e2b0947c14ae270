//! Characters as CPython sees them: `str.isalpha()`, `re`'s `\w`, `\s`, `\d`, `str.lower()`.
//!
//! The engine replaces Python stages that must keep giving the same offsets and matches, and Rust's
//! own classes differ (a newer Unicode version; `char::is_alphabetic` includes combining marks
//! that `str.isalpha()` rejects). The tables are generated from CPython (core/tools/gen_pychar.py).
use crate::case_tables;
use crate::pychar_tables as t;

/// Is code point `cp` inside one of `table`'s sorted, disjoint, inclusive ranges?
pub fn in_ranges_cp(table: &[(u32, u32)], cp: u32) -> bool {
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

fn in_ranges(table: &[(u32, u32)], c: char) -> bool {
    in_ranges_cp(table, c as u32)
}

/// `str.isalpha()` of one character.
#[inline]
pub fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    in_ranges(&t::ALPHA, c)
}

/// `str.isalnum()` of one character.
#[inline]
pub fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // News text's other characters are mostly Latin-1 (no-break space, accented letters) and
    // General Punctuation (curly quotes, dashes: none alphanumeric), answered without the
    // table's binary search.
    const LATIN1: u128 = 0xff7fffffff7fffff762c040000000000; // bit k: U+0080 + k
    match c as u32 {
        cp @ 0x80..=0xff => LATIN1 >> (cp - 0x80) & 1 != 0,
        0x2000..=0x206f => false,
        _ => in_ranges(&t::ALNUM, c),
    }
}

/// A character of `re`'s `\w` (str patterns): alphanumeric or the underscore.
#[inline]
pub fn is_word(c: char) -> bool {
    c == '_' || is_alnum(c)
}

/// `str.isspace()` of one character, also `re`'s `\s`.
/// `[^\W\d_]`: a word character that is neither a decimal digit nor the underscore.
#[inline]
pub fn is_letterish(c: char) -> bool {
    c != '_' && is_word(c) && !is_decimal(c)
}

#[inline]
pub fn is_space(c: char) -> bool {
    if c.is_ascii() {
        return matches!(
            c,
            ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' | '\x1c'..='\x1f'
        );
    }
    in_ranges(&t::SPACE, c)
}

/// `str.isdecimal()` of one character, also `re`'s `\d`.
#[inline]
pub fn is_decimal(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_ranges(&t::DECIMAL, c)
}

/// `str.isdigit()` of one character.
#[inline]
pub fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_ranges(&t::DIGIT, c)
}

/// `str.isnumeric()` of one character.
#[inline]
pub fn is_numeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_ranges(&t::NUMERIC, c)
}

/// `str.isupper()` of one character.
#[inline]
pub fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    in_ranges(&t::UPPER, c)
}

/// `str.islower()` of one character.
#[inline]
pub fn is_lower(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    in_ranges(&t::LOWER, c)
}

/// `str.lower()` of one character: one or (rarely, "İ") two characters.
#[inline]
pub fn lower(c: char) -> LowerChars {
    if c.is_ascii() {
        return LowerChars::One(c.to_ascii_lowercase());
    }
    lower_wide(c)
}

/// The code points from U+1FFD to U+2125 (general punctuation: curly quotes, dashes, the
/// ellipsis; currency signs) have no lowercase mapping: news text's commonest non-ASCII
/// characters skip the table search (a test checks the range against LOWER_MAP).
const NO_LOWER: std::ops::Range<u32> = 0x1FFD..0x2126;

/// [`lower`] of a non-ASCII character.
fn lower_wide(c: char) -> LowerChars {
    if NO_LOWER.contains(&(c as u32)) {
        return LowerChars::One(c);
    }
    match t::LOWER_MAP.binary_search_by_key(&(c as u32), |&(cp, _)| cp) {
        Ok(i) => LowerChars::Many(t::LOWER_MAP[i].1),
        Err(_) => LowerChars::One(c),
    }
}

/// The result of [`lower`]: most characters map to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LowerChars {
    One(char),
    Many(&'static str),
}

impl LowerChars {
    /// Appends the lower-cased character(s) to `out`.
    #[inline]
    pub fn push_to(self, out: &mut String) {
        match self {
            LowerChars::One(c) => out.push(c),
            LowerChars::Many(s) => out.push_str(s),
        }
    }
}

/// Appends each character of `s` lower-cased on its own ([`lower`]: no final sigma, unlike
/// [`lower_str`]) to `out`; an ASCII string (most words) is copied and lowered at once.
pub fn push_lower_chars(s: &str, out: &mut String) {
    if s.is_ascii() {
        let start = out.len();
        out.push_str(s);
        out.as_mut_str()[start..].make_ascii_lowercase();
    } else {
        for c in s.chars() {
            lower(c).push_to(out);
        }
    }
}

/// Whether the capital sigma at byte `at` of `text` ends a word, so `str.lower()` makes it 'ς':
/// a cased letter before it and none after it, skipping case-ignorable characters both ways
/// (CPython's Final_Sigma rule; the sets come from core/tools/gen_case_tables.py).
pub fn final_sigma(text: &str, at: usize) -> bool {
    let ignorable = |c: &char| in_ranges(&case_tables::CASE_IGNORABLE, *c);
    let cased = |c: char| in_ranges(&case_tables::CASED, c);
    let before = text[..at].chars().rev().find(|c| !ignorable(c));
    let after = text[at..].chars().skip(1).find(|c| !ignorable(c));
    before.is_some_and(cased) && !after.is_some_and(cased)
}

/// `str.lower()` of a whole string, final sigma included.
pub fn lower_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_lower_str(s, &mut out);
    out
}

/// Appends [`lower_str`] of `s` to `out` (a caller lowering many words reuses one buffer).
pub fn push_lower_str(s: &str, out: &mut String) {
    // the ASCII prefix (most words, all of them in most texts) lowers byte by byte
    let ascii = s.bytes().position(|b| !b.is_ascii()).unwrap_or(s.len());
    let start = out.len();
    out.push_str(&s[..ascii]);
    out.as_mut_str()[start..].make_ascii_lowercase();
    if ascii == s.len() {
        return;
    }
    for (at, c) in s.char_indices().skip_while(|&(at, _)| at < ascii) {
        if c == '\u{3a3}' && final_sigma(s, at) {
            out.push('\u{3c2}');
        } else {
            lower(c).push_to(out);
        }
    }
}

/// The start of the first chunk of sixteen characters from `from` in which `hit` (1 or 0 for a
/// code point) finds one, or where fewer than sixteen are left before `end`. Integer tests
/// folded with `|` and no branch, so the compiler checks a chunk in a few vector instructions.
#[inline(always)]
pub(crate) fn skip_chunks(
    chars: &[char],
    from: usize,
    end: usize,
    hit: impl Fn(u32) -> u32,
) -> usize {
    let end = end.min(chars.len());
    let mut p = from;
    while p + 16 <= end {
        let mut any = 0;
        for &c in &chars[p..p + 16] {
            any |= hit(c as u32);
        }
        if any != 0 {
            break;
        }
        p += 16;
    }
    p
}

/// The named table, for the test that checks the tables against the running CPython.
pub fn table(name: &str) -> Option<&'static [(u32, u32)]> {
    Some(match name {
        "alpha" => &t::ALPHA,
        "decimal" => &t::DECIMAL,
        "digit" => &t::DIGIT,
        "numeric" => &t::NUMERIC,
        "alnum" => &t::ALNUM,
        "space" => &t::SPACE,
        "upper" => &t::UPPER,
        "lower" => &t::LOWER,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_follow_python_not_rust() {
        // U+0345 COMBINING GREEK YPOGEGRAMMENI is Alphabetic in Rust but not str.isalpha()
        assert!('\u{345}'.is_alphabetic());
        assert!(!is_alpha('\u{345}'));
        assert!(is_word('é') && is_word('_') && is_word('٣') && !is_word('-'));
        assert!(is_space('\u{1c}') && is_space('\u{a0}') && !is_space('\u{200b}'));
        assert!(is_upper('É') && !is_upper('ǅ') && is_lower('ß'));
        assert!(is_decimal('٣') && !is_decimal('²') && is_digit('²') && is_numeric('½'));
    }

    #[test]
    fn alnum_shortcuts_agree_with_the_table() {
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            assert_eq!(is_alnum(c), in_ranges(&t::ALNUM, c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn lower_is_full_mapping() {
        assert_eq!(lower_str("İstanbul ÉTÉ Σ"), "i\u{307}stanbul été σ");
        assert_eq!(lower('K'), LowerChars::One('k'));
        assert_eq!(lower_str("ΣΑΣ aΣ's Σ"), "σας aσ's σ"); // final sigma, as str.lower()
    }

    #[test]
    fn tables_are_sorted_and_disjoint() {
        for name in [
            "alpha", "decimal", "digit", "numeric", "alnum", "space", "upper", "lower",
        ] {
            let t = table(name).unwrap();
            assert!(t.windows(2).all(|w| w[0].1 < w[1].0), "{name}");
            assert!(t.iter().all(|&(a, b)| a <= b), "{name}");
        }
        assert!(t::LOWER_MAP.windows(2).all(|w| w[0].0 < w[1].0));
        // the range lower() answers without the table holds no entry of it
        assert!(t::LOWER_MAP.iter().all(|&(cp, _)| !NO_LOWER.contains(&cp)));
        assert!(t::LOWER_MAP.iter().any(|&(cp, _)| cp == NO_LOWER.start - 1));
        assert!(t::LOWER_MAP.iter().any(|&(cp, _)| cp == NO_LOWER.end));
    }
}
