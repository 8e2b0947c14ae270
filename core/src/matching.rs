//! Rule matching with Python's meaning: the matching view, regexes run as Python's `re.finditer`
//! would run them, and the character classes on which the crates and `re` disagree.
//!
//! Patterns arrive already rewritten by framing/engine_patterns.py (case-insensitivity spelled out
//! as explicit character sets). Each comes in three forms: `native` (the crates' `\w`, `\s`, `\d`,
//! `\b`), `gate` (native without look-around, for the linear `regex` crate) and `exact` (`re`'s
//! classes as code-point ranges). The native form is exact on any window without a *disputed*
//! character (one that `re` and the crates class differently); the exact form runs elsewhere.
use crate::pychar;
use std::sync::OnceLock;

/// A disputed character: `re` and the `regex` crate differ on whether it is `\w`, `\s` or `\d`
/// (combining marks, "²", circled letters, characters newer than CPython's Unicode version).
pub fn is_disputed(c: char) -> bool {
    if c.is_ascii() {
        // re's \s holds the four information separators, the crate's does not
        return ('\x1c'..='\x1f').contains(&c);
    }
    let cp = c as u32;
    disputed_ranges()
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

/// Does any character of `s` need the exact form?
pub fn has_disputed(s: &str) -> bool {
    !s.is_ascii() && s.chars().any(is_disputed)
}

fn crate_class(src: &str) -> Vec<(u32, u32)> {
    use regex_syntax::hir::{Class, HirKind};
    let Ok(hir) = regex_syntax::Parser::new().parse(src) else {
        return Vec::new();
    };
    match hir.kind() {
        HirKind::Class(Class::Unicode(cls)) => cls
            .ranges()
            .iter()
            .map(|r| (r.start() as u32, r.end() as u32))
            .collect(),
        _ => Vec::new(),
    }
}

/// Code points in exactly one of two range lists (each sorted and disjoint).
fn symmetric_difference(a: &[(u32, u32)], b: &[(u32, u32)]) -> Vec<(u32, u32)> {
    // Sweep over the boundaries of both lists: membership flips at each start and after each end.
    let mut events: Vec<u32> = Vec::with_capacity(2 * (a.len() + b.len()));
    for &(lo, hi) in a.iter().chain(b) {
        events.push(lo);
        events.push(hi + 1);
    }
    events.sort_unstable();
    let inside = |t: &[(u32, u32)], cp: u32| {
        t.binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
    };
    let mut out: Vec<(u32, u32)> = Vec::new();
    for w in events.windows(2) {
        let (lo, next) = (w[0], w[1]);
        if lo >= next {
            continue;
        }
        if inside(a, lo) != inside(b, lo) {
            match out.last_mut() {
                Some(last) if last.1 + 1 == lo => last.1 = next - 1,
                _ => out.push((lo, next - 1)),
            }
        }
    }
    out
}

fn merge(mut ranges: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    ranges.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
    for (lo, hi) in ranges {
        match out.last_mut() {
            Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
            _ => out.push((lo, hi)),
        }
    }
    out
}

fn disputed_ranges() -> &'static [(u32, u32)] {
    // Computed once from the two libraries' own tables: immutable data, not a cache of results.
    static DISPUTED: OnceLock<Vec<(u32, u32)>> = OnceLock::new();
    DISPUTED.get_or_init(|| {
        let table = |name| pychar::table(name).map(|t| t.to_vec()).unwrap_or_default();
        let py_word = merge([table("alnum"), vec![(0x5F, 0x5F)]].concat());
        let mut all = symmetric_difference(&crate_class(r"\w"), &py_word);
        all.extend(symmetric_difference(&crate_class(r"\s"), &table("space")));
        all.extend(symmetric_difference(&crate_class(r"\d"), &table("decimal")));
        merge(all)
    })
}

/// The three forms of one pattern, as framing/engine_patterns.py writes them.
pub struct PatternSource {
    pub native: String,
    pub fancy: bool,
    pub gate: Option<String>,
    pub exact: String,
}

enum Native {
    Plain(regex::Regex),
    Fancy(fancy_regex::Regex),
}

/// A compiled pattern. The exact form is compiled on first use: most texts never need it.
pub struct Pattern {
    native: Native,
    gate: Option<regex::Regex>,
    exact_src: String,
    exact: OnceLock<Option<fancy_regex::Regex>>,
    backtrack_limit: usize,
    lookaround_max_bytes: usize,
}

/// The bounds on what a backtracking (look-around) search may cost.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// backtracking steps of one search before it gives up (fancy-regex's own limit)
    pub backtrack_limit: usize,
    /// the longest window (a sentence, in bytes) a look-around pattern searches: a look-ahead
    /// rescans the window from every position, so its cost grows with the square of the window
    pub lookaround_max_bytes: usize,
}

/// How a search over one window ended.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SearchStats {
    /// searches given up at the backtrack limit (their window yields no further match), or
    /// windows too long for a look-around pattern
    pub backtrack_limit_hits: usize,
}

fn fancy(src: &str, backtrack_limit: usize) -> Result<fancy_regex::Regex, String> {
    fancy_regex::RegexBuilder::new(src)
        .backtrack_limit(backtrack_limit)
        .build()
        .map_err(|e| e.to_string())
}

impl Pattern {
    pub fn new(src: &PatternSource, limits: Limits) -> Result<Pattern, String> {
        let backtrack_limit = limits.backtrack_limit;
        let native = if src.fancy {
            Native::Fancy(fancy(&src.native, backtrack_limit)?)
        } else {
            Native::Plain(regex::Regex::new(&src.native).map_err(|e| e.to_string())?)
        };
        let gate = match (&src.gate, src.fancy) {
            (Some(g), true) => Some(regex::Regex::new(g).map_err(|e| e.to_string())?),
            _ => None,
        };
        Ok(Pattern {
            native,
            gate,
            exact_src: src.exact.clone(),
            exact: OnceLock::new(),
            backtrack_limit,
            lookaround_max_bytes: limits.lookaround_max_bytes,
        })
    }

    /// Compiles the exact form now (pack validation: a pattern the engine cannot run is an error
    /// at load, not at the first text that needs it).
    pub fn check_exact(&self) -> Result<(), String> {
        fancy(&self.exact_src, self.backtrack_limit).map(|_| ())
    }

    fn exact(&self) -> Option<&fancy_regex::Regex> {
        self.exact
            .get_or_init(|| fancy(&self.exact_src, self.backtrack_limit).ok())
            .as_ref()
    }

    /// Non-empty matches (byte spans) in `hay[..end]` from `start`, as Python's
    /// `pattern.finditer(hay, start, end)` finds them: the pattern sees `end` as the end of the
    /// text and the characters before `start` as context.
    pub fn find_all(
        &self,
        hay: &str,
        start: usize,
        end: usize,
        out: &mut Vec<(usize, usize)>,
        stats: &mut SearchStats,
    ) {
        let Some(hay) = hay.get(..end) else {
            return;
        };
        if start > hay.len() || !hay.is_char_boundary(start) {
            return;
        }
        let ctx = hay[..start]
            .chars()
            .next_back()
            .map_or(start, |c| start - c.len_utf8());
        // A look-ahead may rescan the window from every position: backtracking forms search no
        // window longer than the bound (a long one with a disputed character takes the native
        // form when it is a linear one: exact but for the disputed characters).
        let short = hay.len() - start <= self.lookaround_max_bytes;
        if !short && matches!(self.native, Native::Fancy(_)) {
            stats.backtrack_limit_hits += 1;
            return;
        }
        if short && has_disputed(&hay[ctx..]) {
            // validated at load (check_exact), so the exact form compiles
            if let Some(re) = self.exact() {
                fancy_all(re, hay, start, out, stats);
            }
            return;
        }
        match &self.native {
            Native::Plain(re) => {
                let mut pos = start;
                while let Some(m) = re.find_at(hay, pos) {
                    if m.end() > m.start() {
                        out.push((m.start(), m.end()));
                        pos = m.end();
                    } else {
                        match hay[m.end()..].chars().next() {
                            Some(c) => pos = m.end() + c.len_utf8(),
                            None => break,
                        }
                    }
                }
            }
            Native::Fancy(re) => {
                if let Some(gate) = &self.gate {
                    if !gate.is_match_at(hay, start) {
                        return;
                    }
                }
                fancy_all(re, hay, start, out, stats);
            }
        }
    }
}

fn fancy_all(
    re: &fancy_regex::Regex,
    hay: &str,
    start: usize,
    out: &mut Vec<(usize, usize)>,
    stats: &mut SearchStats,
) {
    let mut pos = start;
    while pos <= hay.len() {
        match re.find_from_pos(hay, pos) {
            Ok(Some(m)) => {
                if m.end() > m.start() {
                    out.push((m.start(), m.end()));
                    pos = m.end();
                } else {
                    match hay[m.end()..].chars().next() {
                        Some(c) => pos = m.end() + c.len_utf8(),
                        None => break,
                    }
                }
            }
            Ok(None) => break,
            Err(_) => {
                stats.backtrack_limit_hits += 1;
                break;
            }
        }
    }
}

/// One character of the matching view: `str.lower()` where it keeps the length, curly
/// apostrophes straight, line breaks, tabs and no-break spaces plain spaces (as
/// framing.matching.match_view).
pub fn view_char(c: char) -> char {
    let low = match pychar::lower(c) {
        pychar::LowerChars::One(l) => l,
        pychar::LowerChars::Many(s) => {
            let mut it = s.chars();
            match (it.next(), it.next()) {
                (Some(l), None) => l,
                _ => c, // "İ" lowers to two characters: the view keeps it
            }
        }
    };
    match low {
        '\u{2019}' => '\'',
        '\t' | '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{a0}' | '\u{2007}' | '\u{2009}'
        | '\u{202f}' | '\u{2028}' | '\u{2029}' => ' ',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits {
        backtrack_limit: 1000,
        lookaround_max_bytes: 10_000,
    };

    fn src(native: &str, fancy: bool, gate: Option<&str>, exact: &str) -> PatternSource {
        PatternSource {
            native: native.into(),
            fancy,
            gate: gate.map(Into::into),
            exact: exact.into(),
        }
    }

    #[test]
    fn disputed_characters() {
        assert!(is_disputed('\u{301}')); // a combining mark: \w for the crate, not for re
        assert!(is_disputed('²')); // re's \w (isalnum), not the crate's
        assert!(is_disputed('\u{1c}')); // re's \s only
        assert!(!is_disputed('é') && !is_disputed('a') && !is_disputed('—'));
        // the ASCII shortcut says what the tables say
        let ranges = disputed_ranges();
        for b in 0u8..128 {
            let listed = ranges
                .iter()
                .any(|&(lo, hi)| lo <= b as u32 && b as u32 <= hi);
            assert_eq!(is_disputed(b as char), listed, "{b}");
        }
    }

    #[test]
    fn finditer_semantics() {
        let p = Pattern::new(&src(r"\bmay\b", false, None, r"may"), LIMITS).unwrap();
        let mut out = Vec::new();
        let mut st = SearchStats::default();
        p.find_all("may mayor may", 0, 13, &mut out, &mut st);
        assert_eq!(out, vec![(0, 3), (10, 13)]);
        out.clear();
        // the end of the window is the end of the text; what stands before the start is context
        p.find_all("may mayor may", 4, 7, &mut out, &mut st);
        assert_eq!(out, vec![(4, 7)]);
        out.clear();
        p.find_all("xmay", 1, 4, &mut out, &mut st);
        assert!(out.is_empty());
    }

    #[test]
    fn exact_form_where_disputed() {
        // "may" then a combining mark: re sees a boundary, the crate does not
        let exact =
            r"(?:(?<=\w)(?!\w)|(?<!\w)(?=\w))may(?:(?<=[a-z])(?![a-z])|(?<![a-z])(?=[a-z]))";
        let p = Pattern::new(&src(r"\bmay\b", false, None, exact), LIMITS).unwrap();
        let mut out = Vec::new();
        let mut st = SearchStats::default();
        let t = "may\u{301}";
        p.find_all(t, 0, t.len(), &mut out, &mut st);
        assert_eq!(out, vec![(0, 3)]);
    }

    #[test]
    fn backtrack_limit_is_counted() {
        let limits = Limits {
            backtrack_limit: 50,
            lookaround_max_bytes: 100,
        };
        let p = Pattern::new(&src(r"(?:(?=a)a|a)*(?=b)c", true, None, r"x"), limits).unwrap();
        let mut out = Vec::new();
        let mut st = SearchStats::default();
        p.find_all(&"a".repeat(40), 0, 40, &mut out, &mut st);
        assert!(out.is_empty());
        assert_eq!(st.backtrack_limit_hits, 1);
        // a window longer than the bound is not searched by a look-around pattern at all
        let p = Pattern::new(&src(r"a(?=b)", true, None, r"x"), limits).unwrap();
        let long = "ab".repeat(60);
        p.find_all(&long, 0, long.len(), &mut out, &mut st);
        assert!(out.is_empty());
        assert_eq!(st.backtrack_limit_hits, 2);
        p.find_all(&long, 0, 100, &mut out, &mut st);
        assert_eq!(out.len(), 50);
    }

    #[test]
    fn view_is_python_lower() {
        assert_eq!(view_char('İ'), 'İ');
        assert_eq!(view_char('\u{2019}'), '\'');
        assert_eq!(view_char('\u{a0}'), ' ');
        assert_eq!(view_char('É'), 'é');
    }
}
