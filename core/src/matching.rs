//! Rule matching with Python's meaning: the matching view, regexes run as Python's `re.finditer`
//! would run them, and the character classes on which the crates and `re` disagree.
//!
//! Patterns arrive already rewritten by framing/engine/patterns.py (case-insensitivity spelled out
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
    crate::pychar::in_ranges_cp(disputed_ranges(), c as u32)
}

/// Does any character of `s` need the exact form?
pub fn has_disputed(s: &str) -> bool {
    !s.is_ascii() && s.chars().any(is_disputed)
}

/// The ranges of a class as the `regex` crate reads it (`\\w`, `\\s`, `\\d`, Unicode mode).
pub fn crate_class(src: &str) -> Vec<(u32, u32)> {
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
    let mut out: Vec<(u32, u32)> = Vec::new();
    for w in events.windows(2) {
        let (lo, next) = (w[0], w[1]);
        if lo >= next {
            continue;
        }
        if crate::pychar::in_ranges_cp(a, lo) != crate::pychar::in_ranges_cp(b, lo) {
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

/// The text the relaxed forms run over: the text with ASCII letters lowered (every other byte as it
/// is, so byte offsets hold).
pub fn folded(text: &str) -> String {
    text.to_ascii_lowercase()
}

/// A relaxed form folded to its ASCII-lowercase image: every literal and class holds the
/// ASCII-lowercase of each of its members instead. On `folded(text)` it matches wherever the form
/// matches on `text` (at the same byte offsets, an ASCII-lowercased character being one byte as
/// before), so it is still a superset of the pattern's matches; and a case-expanded alternation
/// ("[Ss\x{17F}][Hh][Oo]...") becomes one of plain lowercase literals, which the regex crate finds
/// with a literal prefilter instead of running its lazy DFA over every byte. None where that
/// prefilter would not pay (below).
/// The range lo..=hi of a class with its part inside A-Z lowered: the part below 'A', the part
/// above 'Z' (both as they are) and the lowered part, those that are not empty. `[at, a, z, bracket]`
/// are '@', 'A', 'Z', '[' in the class's own unit (char or byte).
fn lowered<T: Copy + Ord>(
    lo: T,
    hi: T,
    [at, a, z, bracket]: [T; 4],
    lower: impl Fn(T) -> T,
) -> impl Iterator<Item = (T, T)> {
    let below = (lo < a).then(|| (lo, hi.min(at)));
    let above = (hi > z).then(|| (lo.max(bracket), hi));
    let (from, to) = (lo.max(a), hi.min(z));
    let inside = (from <= to).then(|| (lower(from), lower(to)));
    [below, above, inside].into_iter().flatten()
}

/// A pattern's syntax with its literals and classes rewritten (`literal` of a literal's bytes,
/// `class` of a class), the rest of its structure kept.
fn map_leaves(
    hir: regex_syntax::hir::Hir,
    literal: &impl Fn(Box<[u8]>) -> regex_syntax::hir::Hir,
    class: &impl Fn(regex_syntax::hir::Class) -> regex_syntax::hir::Hir,
) -> regex_syntax::hir::Hir {
    use regex_syntax::hir::{Hir, HirKind};
    let walk = |h: Hir| map_leaves(h, literal, class);
    match hir.into_kind() {
        HirKind::Literal(lit) => literal(lit.0),
        HirKind::Class(cls) => class(cls),
        HirKind::Repetition(mut rep) => {
            rep.sub = Box::new(walk(*rep.sub));
            Hir::repetition(rep)
        }
        HirKind::Capture(mut cap) => {
            cap.sub = Box::new(walk(*cap.sub));
            Hir::capture(cap)
        }
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(walk).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.into_iter().map(walk).collect()),
        HirKind::Empty => Hir::empty(),
        HirKind::Look(look) => Hir::look(look),
    }
}

/// A pattern's syntax folded to its ASCII-lowercase image (see `fold_ascii_lower`).
fn fold(hir: regex_syntax::hir::Hir) -> regex_syntax::hir::Hir {
    use regex_syntax::hir::{Class, ClassBytes, ClassBytesRange, Hir};
    use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};
    let literal = |bytes: Box<[u8]>| Hir::literal(bytes.to_ascii_lowercase());
    let class = |cls: Class| match cls {
        Class::Unicode(cls) => {
            let parts = cls.ranges().iter().flat_map(|r| {
                lowered(r.start(), r.end(), ['@', 'A', 'Z', '['], |c| {
                    c.to_ascii_lowercase()
                })
            });
            Hir::class(Class::Unicode(ClassUnicode::new(
                parts.map(|(a, b)| ClassUnicodeRange::new(a, b)),
            )))
        }
        Class::Bytes(cls) => {
            let parts = cls.ranges().iter().flat_map(|r| {
                lowered(r.start(), r.end(), [b'@', b'A', b'Z', b'['], |c| {
                    c.to_ascii_lowercase()
                })
            });
            Hir::class(Class::Bytes(ClassBytes::new(
                parts.map(|(a, b)| ClassBytesRange::new(a, b)),
            )))
        }
    };
    map_leaves(hir, &literal, &class)
}

pub fn fold_ascii_lower(src: &str) -> Result<Option<String>, String> {
    Ok(folded_form(parse(src)?).map(|hir| hir.to_string()))
}

/// `fold_ascii_lower` of a parsed pattern: its folded syntax, where the fold pays.
fn folded_form(hir: regex_syntax::hir::Hir) -> Option<regex_syntax::hir::Hir> {
    use regex_syntax::hir::literal::Extractor;
    let hir = trim(fold(hir));
    // The fold pays where the folded form starts with a few literals, not too short: a literal
    // prefilter finds those far faster than the lazy DFA scans every byte. Where it starts with
    // many short ones ("a", "an", "the", ...) the prefilter stops at every other word and the plain
    // DFA scan is faster (measured per pack pattern, benchmarks/RESULTS.md): the form stays as it is.
    let mut prefixes = Extractor::new().extract(&hir);
    prefixes.optimize_for_prefix_by_preference();
    let fast = match (prefixes.len(), prefixes.min_literal_len()) {
        (Some(n), Some(min)) => (min >= 3 && n <= 40) || (min == 2 && n <= 18),
        _ => false,
    };
    fast.then_some(hir)
}

/// Sets of literals, on the folded text, every match of a relaxed form holding one of each: one
/// Aho-Corasick pass over the folded text finds the windows where each pattern may match, instead
/// of a pass of each relaxed form (most without a literal prefix of their own, so the regex
/// crate's lazy DFA scans every byte). The rarest set first, then where there is one a second,
/// required by another part of the form ("officials" and "said"): a window must hold a literal of
/// each, which marks far fewer than either alone. Empty where no set is rare enough to pay (an "i"
/// or "me").
pub fn required_literals(src: &str) -> Result<Vec<Vec<Vec<u8>>>, String> {
    let hir = regex_syntax::Parser::new()
        .parse(src)
        .map_err(|e| e.to_string())?;
    // expected hits per byte of English text above which a literal set marks too much
    const MAX_COST: f64 = 0.02;
    let hir = fold(hir);
    let Some((_, first)) = best_required(&hir).filter(|(cost, _)| *cost <= MAX_COST) else {
        return Ok(Vec::new());
    };
    let second = second_required(&hir, &first).filter(|(cost, _)| *cost <= MAX_COST);
    Ok(std::iter::once(first)
        .chain(second.map(|(_, lits)| lits))
        .collect())
}

/// Whether every hit of `first` holds a literal of `set` (a literal of `first` contains one of
/// `set`): requiring `set` beside `first` would then mark nothing less.
fn implied(first: &[Vec<u8>], set: &[Vec<u8>]) -> bool {
    first.iter().all(|f| {
        set.iter()
            .any(|s| s.is_empty() || f.windows(s.len()).any(|w| w == s.as_slice()))
    })
}

/// A literal set every match of `hir` holds one of besides one of `first` (the cheapest not
/// implied by it): the rarest set of any piece of a concatenation (pieces match apart); of an
/// alternation, the union of each branch's own second set beside its first.
fn second_required(hir: &regex_syntax::hir::Hir, first: &[Vec<u8>]) -> Option<(f64, Vec<Vec<u8>>)> {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Concat(subs) => subs
            .iter()
            .filter_map(best_required)
            .filter(|(_, set)| !implied(first, set))
            .min_by(|a, b| a.0.total_cmp(&b.0)),
        HirKind::Alternation(subs) => {
            let mut all = Vec::new();
            for sub in subs {
                let (_, own) = best_required(sub)?;
                all.extend(second_required(sub, &own)?.1);
            }
            all.sort();
            all.dedup();
            (!implied(first, &all)).then(|| (literals_cost(&all), all))
        }
        HirKind::Repetition(rep) if rep.min >= 1 => second_required(&rep.sub, first),
        HirKind::Capture(cap) => second_required(&cap.sub, first),
        _ => None,
    }
}

/// How often a byte stands in English text (folded: no capitals), roughly, per byte.
fn byte_frequency(b: u8) -> f64 {
    const LETTERS: [f64; 26] = [
        0.065, 0.012, 0.022, 0.034, 0.10, 0.018, 0.016, 0.05, 0.057, 0.001, 0.006, 0.032, 0.02,
        0.055, 0.06, 0.015, 0.001, 0.048, 0.05, 0.075, 0.022, 0.008, 0.019, 0.0012, 0.016, 0.0006,
    ];
    match b {
        b'a'..=b'z' => LETTERS[(b - b'a') as usize],
        b' ' => 0.17,
        b'.' | b',' => 0.01,
        b'0'..=b'9' => 0.003,
        _ => 0.002,
    }
}

/// Expected hits per byte of a set of literals.
fn literals_cost(lits: &[Vec<u8>]) -> f64 {
    lits.iter()
        .map(|l| l.iter().map(|&b| byte_frequency(b)).product::<f64>())
        .sum()
}

/// The form that marks the windows of a pattern of whole words, `\\b(?:w1|w2|...)\\b` (every
/// string between its two boundaries, a finite set with no assertion, starting and ending with an
/// ASCII word character): the same with ASCII boundaries, searched once over a whole text. A match
/// `w` in a window (any form: Python's word characters or the crate's) is one of this form over
/// the whole text, but where the window ends right after `w` and the text goes on with an ASCII
/// word character (`mark_words` marks such windows anyway): `w` starts and ends with an ASCII word
/// character, so a boundary there means the character beside it is none of re's or the crate's
/// word characters, so no ASCII one either. The whole-text search then finds a match that starts
/// at or before `w`'s start and ends after it (else its next search would find one starting at
/// `w`'s start), which overlaps the window: the windows it marks hold every window's match. None
/// for any other pattern.
fn whole_word_form(native: &str) -> Option<Plain> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    use regex_syntax::hir::{Hir, HirKind, Look};
    // most patterns fail this before a parse
    if !(native.starts_with("\\b") && native.ends_with("\\b")) {
        return None;
    }
    let hir = parse(native).ok()?;
    let HirKind::Concat(subs) = hir.kind() else {
        return None;
    };
    let (first, rest) = subs.split_first()?;
    let (last, inner) = rest.split_last()?;
    let boundary = |h: &Hir| matches!(h.kind(), HirKind::Look(Look::WordUnicode | Look::WordAscii));
    if !(boundary(first) && boundary(last)) || inner.is_empty() {
        return None;
    }
    let inner = Hir::concat(inner.to_vec());
    if !inner.properties().look_set().is_empty() {
        return None;
    }
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&inner);
    let word = |b: Option<&u8>| b.is_some_and(|&b| ascii_word(b));
    let words = seq.is_exact()
        && seq.literals().is_some_and(|lits| {
            !lits.is_empty()
                && lits
                    .iter()
                    .all(|l| word(l.as_bytes().first()) && word(l.as_bytes().last()))
        });
    if !words {
        return None;
    }
    let ascii = Hir::concat(vec![
        Hir::look(Look::WordAscii),
        inner,
        Hir::look(Look::WordAscii),
    ]);
    plain_hir(&ascii, Search::Unanchored).ok()
}

/// What a literal hit must have beside it to stand in a match of its pattern where the pattern's
/// marks need it (`HitFacts::check`): first-person-plural's "us" in "because" or "we" in "were"
/// marks a sentence for nothing. Checked on the folded text; a hit failing it marks no window for
/// that literal set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HitCheck {
    /// no ASCII word byte right before the hit
    pub word_start: bool,
    /// the ASCII word bytes that may follow the hit, a bit each (`1 << b`; every bit: any)
    pub next: u128,
}

impl HitCheck {
    /// Every hit passes.
    pub const NONE: HitCheck = HitCheck {
        word_start: false,
        next: u128::MAX,
    };

    /// Whether a hit passes: `before_word`, an ASCII word byte stands right before it; `after`,
    /// the byte right after it where that is an ASCII word byte (else None, the window's end too,
    /// where a search sees the text end).
    #[inline]
    pub fn passes(&self, before_word: bool, after: Option<u8>) -> bool {
        !(self.word_start && before_word)
            && after.is_none_or(|b| self.next & (1u128 << (b & 0x7F)) != 0)
    }
}

/// An ASCII letter, digit or underscore: a word character for `re` and the crates alike.
/// (Inline: called on the hot literal-hit loop of `Engine::literal_marks`.)
#[inline]
pub fn ascii_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether every match of `hir` is not empty and never ends with an ASCII word character.
fn ends_nonword(hir: &regex_syntax::hir::Hir) -> bool {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Literal(lit) => lit.0.last().is_some_and(|&b| !ascii_word(b)),
        HirKind::Class(Class::Unicode(cls)) => cls.ranges().iter().all(|r| {
            let (a, b) = (r.start() as u32, (r.end() as u32).min(0x7F));
            (a..=b).all(|c| !ascii_word(c as u8))
        }),
        HirKind::Class(Class::Bytes(cls)) => cls
            .ranges()
            .iter()
            .all(|r| (r.start()..=r.end()).all(|b| !ascii_word(b))),
        HirKind::Concat(subs) => subs
            .last()
            .is_some_and(|h| h.properties().minimum_len() != Some(0) && ends_nonword(h)),
        HirKind::Alternation(subs) => subs.iter().all(ends_nonword),
        HirKind::Capture(cap) => ends_nonword(&cap.sub),
        HirKind::Repetition(rep) => rep.min >= 1 && ends_nonword(&rep.sub),
        _ => false,
    }
}

/// Whether every match of `hir` holds a literal of `set` with no ASCII word character before it
/// where the literal begins with one: a literal that starts the match (every prefix of `hir`
/// begins with one) where `left` (the match starts after a word boundary, or after a part that
/// never ends with an ASCII word character); or, recursively, such a literal of a part (each
/// branch of an alternation, a piece of a concatenation with what stands before that piece).
/// After a boundary, a literal beginning with an ASCII word character has none before it; one
/// beginning otherwise is never checked (`HitFacts::check`).
fn word_start_cover(hir: &regex_syntax::hir::Hir, set: &[Vec<u8>], left: bool) -> bool {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    use regex_syntax::hir::{Hir, HirKind};
    let starts = |h: &Hir, left: bool| {
        if !left {
            return false;
        }
        let seq = Extractor::new().kind(ExtractKind::Prefix).extract(h);
        seq.literals().is_some_and(|ps| {
            !ps.is_empty()
                && ps.iter().all(|p| {
                    set.iter()
                        .any(|l| !l.is_empty() && p.as_bytes().starts_with(l))
                })
        })
    };
    if starts(hir, left) {
        return true;
    }
    match hir.kind() {
        HirKind::Concat(subs) => {
            let left_of = |i: usize| match i {
                0 => left,
                _ => {
                    subs[i - 1].properties().minimum_len() != Some(0) && ends_nonword(&subs[i - 1])
                }
            };
            (1..subs.len()).any(|i| starts(&Hir::concat(subs[i..].to_vec()), left_of(i)))
                || (0..subs.len()).any(|i| word_start_cover(&subs[i], set, left_of(i)))
        }
        HirKind::Alternation(subs) => subs.iter().all(|h| word_start_cover(h, set, left)),
        HirKind::Capture(cap) => word_start_cover(&cap.sub, set, left),
        HirKind::Repetition(rep) if rep.min >= 1 => word_start_cover(&rep.sub, set, left),
        _ => false,
    }
}

/// Whether every match of a native form (or gate, as patterns.py writes them: every literal
/// backslash is `\x{5C}`, so each `\b` is a boundary) starts (`end` false) or ends (`end` true)
/// at a word boundary: the form opens (closes) with `\b` or the half of it on that side, and has
/// no alternation outside a group. Read from the source: a parse of a form costs about as much as
/// compiling it (two parses of each pattern were 2 ms at every engine build).
fn at_boundary(src: &str, end: bool) -> bool {
    let edge = if end {
        (src.ends_with("\\b") && !src.ends_with("\\\\b")) || src.ends_with("\\b{end-half}")
    } else {
        src.starts_with("\\b") && !src.starts_with("\\b{end-half}")
    };
    if !edge {
        return false;
    }
    let bytes = src.as_bytes();
    // classes nest (`[\w[...]--[...]]`); escapes are ASCII
    let (mut depth, mut classes, mut i) = (0usize, 0usize, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' => classes += 1,
            b']' if classes > 0 => classes -= 1,
            b'(' if classes == 0 => depth += 1,
            b')' if classes == 0 => depth = depth.saturating_sub(1),
            b'|' if classes == 0 && depth == 0 => return false,
            _ => {}
        }
        i += 1;
    }
    true
}

/// A relaxed form longer than this is not analysed for hit checks: each engine build parses it
/// once more (~2 M instructions for a form of 3 kB) and extracts the prefixes of its parts. With
/// 4,000 the shipped packs' analyses cost 112 M a build and spared ~100 searches a steady pass of
/// 40 PolNeAR dev rows more than with 1,000 (of ~950: first-person-plural's and conditional's
/// forms are short).
const HIT_FACTS_MAX_BYTES: usize = 1_000;

/// What the `HitCheck`s of a pattern's literal sets rest on.
struct HitFacts {
    /// per literal set: every match holds one of its literals with no ASCII word character before
    /// it (`word_start_cover`)
    word_start: Vec<bool>,
    /// the prefixes of the folded relaxed form, (prefix, exact): every match's folded text starts
    /// with one (is one, where exact); None: not a finite set
    prefixes: Option<Vec<(Vec<u8>, bool)>>,
    /// every match ends at a word boundary (a plain pattern's native form says so)
    ends_at_boundary: bool,
    /// per literal set: every prefix begins with one of its literals (and the matches start at a
    /// word boundary)
    covers_prefixes: Vec<bool>,
}

fn hit_facts(src: &PatternSource, sets: &[Vec<Vec<u8>>]) -> Option<HitFacts> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let relaxed = src.relaxed.as_deref()?;
    if relaxed.len() > HIT_FACTS_MAX_BYTES {
        return None;
    }
    // the form whose leading boundary every match shares: the native one, or a look-around
    // pattern's gate (each match starts where one of the gate's does)
    let lead = if src.fancy {
        src.gate.as_deref()
    } else {
        Some(src.native.as_str())
    };
    let starts_at_boundary = lead.is_some_and(|l| at_boundary(l, false));
    let hir = fold(parse(relaxed).ok()?);
    let word_start: Vec<bool> = sets
        .iter()
        .map(|set| word_start_cover(&hir, set, starts_at_boundary))
        .collect();
    if !word_start.iter().any(|&w| w) {
        return None;
    }
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    let prefixes = seq.literals().and_then(|ls| {
        let ps: Vec<(Vec<u8>, bool)> = ls
            .iter()
            .map(|l| (l.as_bytes().to_vec(), l.is_exact()))
            .collect();
        (!ps.is_empty() && ps.iter().all(|(p, _)| !p.is_empty())).then_some(ps)
    });
    // a look-around pattern's ends are not its gate's
    let ends_at_boundary = !src.fancy && at_boundary(&src.native, true);
    let covers_prefixes = sets
        .iter()
        .map(|set| {
            starts_at_boundary
                && prefixes.as_ref().is_some_and(|ps| {
                    ps.iter()
                        .all(|(p, _)| set.iter().any(|l| !l.is_empty() && p.starts_with(l)))
                })
        })
        .collect();
    Some(HitFacts {
        word_start,
        prefixes,
        ends_at_boundary,
        covers_prefixes,
    })
}

impl HitFacts {
    /// The check of a hit of `key` (a literal of set `s`, maybe cut short). A match keeps a hit
    /// that passes both halves:
    /// Before the hit, for a `key` beginning with an ASCII word character where `word_start[s]`:
    /// a match holds a literal `l` of the set with no ASCII word character before it where `l`
    /// begins with one, so its hit of `key` (`l` cut short) passes; a key beginning otherwise is
    /// not checked.
    /// After it, where every match starts with a literal of the set (each prefix begins with one)
    /// at a word boundary: a match `m` holds such a hit at its start (passing the check before
    /// it, by the boundary); its folded text goes through a prefix `p`: if `key` is a proper
    /// prefix of `p`, the next byte is `p`'s (allowed); if `p` is `key` and exact, `m` ends after
    /// `key` at a boundary (`key` ending with an ASCII word character), so no ASCII word
    /// character follows; any other `p` allows any byte. An exact `p` shorter than `key` is a
    /// whole match that `key` is no prefix of.
    fn check(&self, s: usize, key: &[u8]) -> HitCheck {
        let word_start = self.word_start.get(s).copied().unwrap_or(false)
            && key.first().is_some_and(|&b| ascii_word(b));
        let covered = self.covers_prefixes.get(s).copied().unwrap_or(false);
        let next = self.prefixes.as_ref().and_then(|prefixes| {
            if !covered || key.is_empty() {
                return None;
            }
            let mut mask = 0u128;
            for (p, exact) in prefixes {
                if p.len() > key.len() && p.starts_with(key) {
                    let b = p[key.len()];
                    if b < 128 {
                        mask |= 1u128 << b;
                    }
                } else if key.starts_with(p) {
                    if *exact && p.len() < key.len() {
                        continue;
                    }
                    let ends_here = *exact && key.last().is_some_and(|&b| ascii_word(b));
                    if !(ends_here && self.ends_at_boundary) {
                        return None;
                    }
                }
            }
            Some(mask)
        });
        HitCheck {
            word_start,
            next: next.unwrap_or(u128::MAX),
        }
    }
}

/// Marks the windows (sorted and disjoint) that each match overlaps.
fn mark_overlapped(
    matches: impl Iterator<Item = regex_automata::Match>,
    windows: &[(usize, usize)],
    marked: &mut [bool],
) {
    for m in matches {
        let mut k = windows.partition_point(|&(_, e)| e <= m.start());
        while k < windows.len() && windows[k].0 < m.end() {
            if let Some(slot) = marked.get_mut(k) {
                *slot = true;
            }
            k += 1;
        }
    }
}

/// The literals of an extracted sequence, where it is finite and none is empty.
fn seq_literals(seq: &regex_syntax::hir::literal::Seq) -> Option<Vec<Vec<u8>>> {
    let lits = seq.literals()?;
    if lits.is_empty() || lits.iter().any(|l| l.as_bytes().is_empty()) {
        return None;
    }
    Some(lits.iter().map(|l| l.as_bytes().to_vec()).collect())
}

/// The cheapest literal set (cost, literals) every match of `hir` holds one of: its prefixes,
/// its suffixes, those of the parts of a concatenation from (or up to) each of its pieces, and
/// recursively what each piece requires (an alternation: what each of its branches requires).
fn best_required(hir: &regex_syntax::hir::Hir) -> Option<(f64, Vec<Vec<u8>>)> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    use regex_syntax::hir::{Hir, HirKind};
    let mut best: Option<(f64, Vec<Vec<u8>>)> = None;
    // rare enough: the search for better sets costs time at every engine build
    const GOOD: f64 = 0.000001;
    // keeps the cheaper set; true once the best is good enough
    let mut consider = |lits: Option<Vec<Vec<u8>>>| {
        if let Some(lits) = lits {
            let cost = literals_cost(&lits);
            if best.as_ref().is_none_or(|b| cost < b.0) {
                best = Some((cost, lits));
            }
        }
        best.as_ref().is_some_and(|b| b.0 <= GOOD)
    };
    let prefixes = |h: &Hir| {
        let mut seq = Extractor::new().kind(ExtractKind::Prefix).extract(h);
        seq.optimize_for_prefix_by_preference();
        seq_literals(&seq)
    };
    let suffixes = |h: &Hir| {
        let mut seq = Extractor::new().kind(ExtractKind::Suffix).extract(h);
        seq.optimize_for_suffix_by_preference();
        seq_literals(&seq)
    };
    if consider(prefixes(hir)) || consider(suffixes(hir)) {
        return best;
    }
    match hir.kind() {
        HirKind::Concat(subs) => {
            for i in 1..subs.len() {
                consider(prefixes(&Hir::concat(subs[i..].to_vec())));
                consider(suffixes(&Hir::concat(subs[..i].to_vec())));
            }
            for sub in subs {
                consider(best_required(sub).map(|b| b.1));
            }
        }
        HirKind::Alternation(subs) => {
            let mut all = Vec::new();
            for sub in subs {
                match best_required(sub) {
                    Some((_, lits)) => all.extend(lits),
                    None => {
                        all.clear();
                        break;
                    }
                }
            }
            if !all.is_empty() {
                all.sort();
                all.dedup();
                consider(Some(all));
            }
        }
        HirKind::Repetition(rep) if rep.min >= 1 => {
            consider(best_required(&rep.sub).map(|b| b.1));
        }
        HirKind::Capture(cap) => {
            consider(best_required(&cap.sub).map(|b| b.1));
        }
        _ => {}
    }
    best
}

/// An assertion-free pattern without the parts at its ends that may match nothing (a leading
/// `[\t ]*`): wherever the pattern matches, the rest matches inside that match, and wherever the
/// rest matches the pattern matches too (those parts matching nothing), so it marks the same
/// windows; and a leading literal is one the regex crate can prefilter on.
fn trim(hir: regex_syntax::hir::Hir) -> regex_syntax::hir::Hir {
    use regex_syntax::hir::{Hir, HirKind};
    let nullable = |h: &Hir| h.properties().minimum_len() == Some(0);
    match hir.kind() {
        HirKind::Concat(_) | HirKind::Alternation(_) | HirKind::Capture(_) => {}
        _ => return hir,
    }
    match hir.into_kind() {
        HirKind::Concat(mut subs) => {
            let end = subs.iter().rposition(|h| !nullable(h)).map_or(0, |e| e + 1);
            subs.truncate(end);
            let start = subs.iter().position(|h| !nullable(h)).unwrap_or(subs.len());
            subs.drain(..start);
            if subs.len() == 1 {
                trim(subs.swap_remove(0))
            } else {
                Hir::concat(subs)
            }
        }
        HirKind::Alternation(subs) => Hir::alternation(subs.into_iter().map(trim).collect()),
        HirKind::Capture(cap) => trim(*cap.sub),
        _ => Hir::empty(), // not reached: the kinds above
    }
}

/// The three forms of one pattern, as framing/engine/patterns.py writes them.
pub struct PatternSource {
    pub native: String,
    pub fancy: bool,
    pub gate: Option<String>,
    pub exact: String,
    pub relaxed: Option<String>,
    /// `required_literals` of the relaxed form computed before (the compiled-pack cache keeps
    /// them: the analysis is most of an engine build): empty where it found none; None: computed
    /// here
    pub literals: Option<Vec<Vec<Vec<u8>>>>,
}

enum Native {
    Plain(Plain),
    Fancy(fancy_regex::Regex),
}

/// Which form of a pattern is exact on a window (see `window_form`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// no non-ASCII word character: ASCII word boundaries, which the regex crate's DFAs run
    Ascii,
    /// a non-ASCII word character: the crates' Unicode boundaries (slower: no DFA for them)
    Unicode,
    /// a disputed character: re's own classes spelled out
    Exact,
}

/// The form exact on the window `hay[ctx..end]` (the character before a search's start
/// included: a boundary looks at it).
pub fn window_form(window: &str) -> Form {
    if window.is_ascii() {
        return if crate::offsets::has_separator(window.as_bytes()) {
            Form::Exact
        } else {
            Form::Ascii
        };
    }
    let mut form = Form::Ascii;
    for c in window.chars() {
        if is_disputed(c) {
            return Form::Exact;
        }
        if !c.is_ascii() && pychar::is_word(c) {
            form = Form::Unicode;
        }
    }
    form
}

/// The native form with ASCII word boundaries: on a window whose word characters are all ASCII it
/// finds what the Unicode boundaries find, and the regex crate's DFAs run it (they give up on a
/// Unicode boundary at the first non-ASCII byte). Every backslash of a literal is written
/// `\x{5C}` by engine_patterns, so each `\b` and `\B` here is a boundary.
fn ascii_boundaries(native: &str) -> String {
    native
        .replace("\\b{start-half}", "\u{1}")
        .replace("\\b{end-half}", "\u{2}")
        .replace("\\b", "(?-u:\\b)")
        .replace("\\B", "(?-u:\\B)")
        .replace('\u{1}', "(?-u:\\b{start-half})")
        .replace('\u{2}', "(?-u:\\b{end-half})")
}

/// A pattern, compiled form by form on first use: building an engine costs little, and a text
/// compiles only the forms its windows need (most windows of English text need the ASCII form of
/// the few patterns whose prefilter marks them). The prefilter is the pattern's literals (the
/// engine finds those of every pattern in one pass) or, without literals, its relaxed form, then
/// compiled at once. `compile_all` compiles every form now (before forking workers, so that they
/// share them; and pack validation, which reports what fails).
pub struct Pattern {
    /// the native form with ASCII boundaries (a look-around pattern: with its classes narrowed
    /// when compiled, `ascii_window_src`); a look-around pattern with a gate has it anchored
    /// where the search starts (`\\G`): it is tried at each start of a gate match
    ascii_src: String,
    ascii: OnceLock<Option<Native>>,
    unicode_src: String,
    /// the form for the other windows; a look-around pattern's for those without "\u{130}" or
    /// "\u{131}" (`Window::Undotted`), and `unicode_dotted` for those with one (the same for
    /// `exact` and `exact_dotted`): most texts hold neither, and their forms build fewer
    /// delegated regexes
    unicode: OnceLock<Option<Native>>,
    unicode_dotted: OnceLock<Option<Native>>,
    fancy: bool,
    /// literal sets (on the folded text), every match holding one literal of each, from the
    /// relaxed form: the engine finds those of all its patterns in one pass over a text (empty:
    /// none)
    literals: Vec<Vec<Vec<u8>>>,
    /// the pattern without any assertion: a superset of its matches whatever the context, so one
    /// search over a whole text shows the sentences where a match may stand (a pattern without
    /// literals), or one search of a window tells whether a match may stand there (one a literal
    /// stands in: compiled at the first such window)
    relaxed_src: Option<String>,
    relaxed: OnceLock<Option<Relaxed>>,
    /// the relaxed form for `may_match` on a short window (see `Relaxed::new`)
    relaxed_window: OnceLock<Option<Relaxed<Exists>>>,
    /// what the checks of its literal hits rest on (`HitCheck`; None: every hit counts)
    hit_facts: Option<HitFacts>,
    /// a pattern of whole words without literals (`whole_word_form`): that form, which marks its
    /// windows more narrowly than the relaxed form (which is then compiled only if asked for)
    word_form: Option<Plain>,
    gate_src: Option<String>,
    /// a look-around pattern with a gate whose native form is an alternation: its branches in
    /// order, those without look-around grouped into linear forms (see `Piece`); empty: the
    /// backtracking form runs whole
    pieces: Vec<Piece>,
    gate: OnceLock<Option<Plain>>,
    gate_unicode: OnceLock<Option<Plain>>,
    exact_src: String,
    exact: OnceLock<Option<fancy_regex::Regex>>,
    exact_dotted: OnceLock<Option<fancy_regex::Regex>>,
    backtrack_limit: usize,
    lookaround_max_bytes: usize,
}

/// The relaxed form of a pattern: as written, or folded (`fold_ascii_lower`) to run over the folded
/// text. `R`: a `Plain` regex, which finds spans (a whole text's, `mark_windows`), or an `Exists`,
/// which only tells whether there is a match (a short window's, `may_match`).
struct Relaxed<R = Plain> {
    re: R,
    folded: bool,
}

impl Relaxed {
    /// The form searched over a whole text (its matches mark windows), or asked about one.
    fn new(hir: regex_syntax::hir::Hir) -> Result<Option<Relaxed>, String> {
        let (re, folded) = match folded_form(hir.clone()) {
            Some(f) => (plain_hir(&f, Search::Unanchored)?, true),
            None => (plain_hir(&hir, Search::Unanchored)?, false),
        };
        // a relaxed form that matches the empty string marks nothing: no prefilter then
        Ok((re.find("").is_none()).then_some(Relaxed { re, folded }))
    }
}

impl Relaxed<Exists> {
    /// The form that only tells whether a match may stand in a short window (`may_match`) that a
    /// literal of the pattern marked already, never searched over a whole text (`mark_windows`):
    /// folded always (a superset on the folded text, and a smaller automaton, its letters of one
    /// case), and built for that question alone (`Exists`), so without the analysis of its
    /// prefixes that tells whether folding pays for a literal prefilter.
    fn window(hir: regex_syntax::hir::Hir) -> Result<Option<Relaxed<Exists>>, String> {
        let re = Exists::new(&fold(hir))?;
        // a relaxed form that matches the empty string marks nothing
        Ok((!re.is_match("")).then_some(Relaxed { re, folded: true }))
    }
}

impl<R> Relaxed<R> {
    /// The haystack this form runs over: a text or its folded image.
    fn hay<'a>(&self, text: &'a str, folded_text: &'a str) -> &'a str {
        if self.folded {
            folded_text
        } else {
            text
        }
    }
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

/// How the searches over windows ended, where a limit stopped them.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SearchStats {
    /// searches given up: at the backtrack limit (their window yields no further match), or a form
    /// the regex crate could not compile within its size limit
    pub gave_up: usize,
    /// windows too long for a look-around pattern, not searched
    pub too_long: usize,
}

/// A linear pattern: the regex crate's own engine (regex-automata's meta regex), built as
/// `regex::Regex::new` builds one (leftmost-first, UTF-8 haystacks, empty matches only between
/// characters, a 10 MB NFA limit), so it finds the same spans. Configured for what the engine
/// asks of it, a match's span and never a group's, so that a form costs less to build: no
/// explicit capture states in its NFAs, no full DFA (the regex crate builds one for every
/// pattern of at most 30 NFA states, most of the cost of building a small one: it was 11% of a
/// one-article process) and no one-pass DFA (used only for groups and anchored searches, built
/// for every pattern with a Unicode word boundary). The lazy DFA gets room for the states of a
/// long pack pattern (a few hundred alternatives): with the default cache it rebuilds states
/// over and over.
type Plain = regex_automata::meta::Regex;

fn plain(src: &str) -> Result<Plain, String> {
    plain_hir(&parse(src)?, Search::Unanchored)
}

/// A pattern's syntax as the regex crate parses it (Unicode, UTF-8 only; its error message), its
/// case-expanded letters read as runs (`case_runs`: the same matches).
fn parse(src: &str) -> Result<regex_syntax::hir::Hir, String> {
    // an error is reported as the source as written reads it (its offsets, its text)
    parse_written(&case_runs(src, Runs::Crate)).or_else(|_| parse_written(src))
}

/// `parse` of the source as written (a class stays a Unicode class).
fn parse_written(src: &str) -> Result<regex_syntax::hir::Hir, String> {
    regex_syntax::ParserBuilder::new()
        .utf8(true)
        .build()
        .parse(src)
        .map_err(|e| e.to_string())
}

/// How a linear form is searched.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Search {
    /// unanchored, with a literal prefilter: over a whole text (a relaxed form) or a window of
    /// the Unicode forms
    Unanchored,
    /// unanchored, over the windows (sentences) a literal prefilter marked already: a short
    /// window gains little from a literal prefilter of the form's own, which costs about as much
    /// to build as its NFAs (the literals of a large alternation: their extraction, the Teddy
    /// searcher, the reverse-inner search)
    Window,
    /// only anchored where a search starts (a look-around pattern's piece, `Piece`): a literal
    /// prefilter, which only an unanchored search runs, is not built (its literals are most of
    /// what a large alternation costs to build besides its NFAs)
    Anchored,
}

fn plain_hir(hir: &regex_syntax::hir::Hir, search: Search) -> Result<Plain, String> {
    use regex_automata::{meta, nfa::thompson::WhichCaptures, MatchKind};
    let config = meta::Config::new()
        .auto_prefilter(search == Search::Unanchored)
        .match_kind(MatchKind::LeftmostFirst)
        .utf8_empty(true)
        .nfa_size_limit(Some(10 << 20))
        .hybrid_cache_capacity(32 << 20)
        .which_captures(WhichCaptures::Implicit)
        .dfa(false)
        .onepass(false);
    meta::Builder::new()
        .configure(config)
        .build_from_hir(hir)
        .map_err(|e| match e.size_limit() {
            // the regex crate's own words (regex::Error)
            Some(limit) => format!("Compiled regex exceeds size limit of {limit} bytes."),
            None => e.to_string(),
        })
}

/// The lazy DFA's cache of an `Exists`, made per thread as the meta regex makes its own.
type ExistsCacheFn = Box<
    dyn Fn() -> regex_automata::hybrid::dfa::Cache
        + Send
        + Sync
        + std::panic::UnwindSafe
        + std::panic::RefUnwindSafe,
>;

/// A linear form asked only whether it matches somewhere in a haystack (a relaxed form on a short
/// window, `may_match`): the forward lazy DFA alone, as the meta regex's `is_match` runs it (which
/// stops at the first match state), without what a span needs and `Plain` builds: the reverse
/// NFA (a match's start), the capture states, the PikeVM and backtracker and the analysis of
/// literals for a reverse-suffix search. Same answers as `Plain::is_match`.
struct Exists {
    dfa: std::sync::Arc<regex_automata::hybrid::dfa::DFA>,
    caches: regex_automata::util::pool::Pool<regex_automata::hybrid::dfa::Cache, ExistsCacheFn>,
}

impl Exists {
    fn new(hir: &regex_syntax::hir::Hir) -> Result<Exists, String> {
        use regex_automata::{hybrid, nfa::thompson, MatchKind};
        // `plain_hir`'s limits and match semantics
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .utf8(true)
                    .nfa_size_limit(Some(10 << 20))
                    .which_captures(thompson::WhichCaptures::None),
            )
            .build_from_hir(hir)
            .map_err(|e| match e.size_limit() {
                Some(limit) => format!("Compiled regex exceeds size limit of {limit} bytes."),
                None => e.to_string(),
            })?;
        let config = hybrid::dfa::Config::new()
            .match_kind(MatchKind::LeftmostFirst)
            .unicode_word_boundary(true)
            .cache_capacity(32 << 20);
        let dfa = hybrid::dfa::DFA::builder()
            .configure(config)
            .build_from_nfa(nfa)
            .map_err(|e| e.to_string())?;
        let dfa = std::sync::Arc::new(dfa);
        let for_caches = std::sync::Arc::clone(&dfa);
        let create: ExistsCacheFn = Box::new(move || for_caches.create_cache());
        Ok(Exists {
            dfa,
            caches: regex_automata::util::pool::Pool::new(create),
        })
    }

    /// Whether the form matches somewhere in `hay`; true where the lazy DFA gives up (a
    /// superset's answer: the window is then searched).
    fn is_match(&self, hay: &str) -> bool {
        let mut cache = self.caches.get();
        let input = regex_automata::Input::new(hay).earliest(true);
        self.dfa
            .try_search_fwd(&mut cache, &input)
            .map_or(true, |m| m.is_some())
    }
}

/// A linear form for windows of `Form::Ascii` only (`plain` of `src` otherwise): each character
/// class narrowed to the characters such a window may hold. A window of that form holds no
/// non-ASCII word character (Python's or the crate's: the two differ only on disputed characters,
/// which make a window `Form::Exact`), so a class keeps its ASCII part, where the rest of it is
/// such characters ("[Ss\x{17F}]" is "[Ss]", the crate's `\w` is `[0-9A-Z_a-z]` there), or
/// takes every non-ASCII character, where it held all those a window may hold (`\W`). The same
/// spans on such a window, and far smaller automata to build: a case-expanded literal of the
/// packs is one byte class instead of a UTF-8 alternation, in the forward and the reverse NFA,
/// and its prefilter's literals are not multiplied by "İ", "ı" and "ſ".
/// The classes are narrowed in the source, once per distinct class (`ascii_window_src`), before
/// the one parse: the parse of the shorter source and the narrowing cost less than parsing as
/// written and narrowing each class of the syntax (a pack pattern repeats a few dozen classes
/// hundreds of times: 9,000 narrowings for one article's 28 forms).
fn plain_ascii(src: &str, search: Search) -> Result<Plain, String> {
    plain_hir(&parse(&ascii_window_src(src))?, search)
}

/// Which syntax a source's runs of case-expanded letters are written for (`case_runs`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Runs {
    /// the regex crate: a run of ASCII folds is `(?i-u:...)`
    Crate,
    /// fancy-regex, which reads no `(?-u:...)`: every run `(?i:...)`, a run of letters one
    /// case-insensitive literal to its VM (a `LitCasei` instruction) instead of a delegated meta
    /// regex to build (a regex-crate NFA, reverse NFA and lazy DFA for each word of a list in a
    /// backtracking context). `window`: what the windows the form runs on may hold.
    Fancy { window: Window },
}

/// What the windows a look-around form runs on may hold, where that lets a class read as a letter
/// of a run (`case_runs`). A match reads forward only the window's characters (the haystack ends
/// where the window does); a look-behind may read before the window, so its classes stay. (A
/// piece's forms are kept in this order, `Piece::Backtracking`.)
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Window {
    /// `Form::Ascii`, undotted too: the classes narrowed (`ascii_window_src`), and "[Ss]" and
    /// "[Kk]" read as "s" and "k" with their third member, "\u{17F}" and "\u{212A}" being word
    /// characters that are not ASCII, which no such window holds
    Ascii,
    /// neither "\u{130}" nor "\u{131}" (`has_dotted_i`): "[Ii\x{130}-\x{131}]" (re's "i" without
    /// case) reads as the letter "i" (the crate's and fancy-regex's fold of "i" adds neither)
    Undotted,
    /// any character
    Any,
}

/// Whether a window holds "\u{130}" or "\u{131}" (C4 B0 and C4 B1 in UTF-8).
fn has_dotted_i(window: &str) -> bool {
    window
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == 0xC4 && matches!(w[1], 0xB0 | 0xB1))
}

/// A source with each run of case-expanded ASCII letters, `[Tt][Oo][Tt][Aa][Ll]` as patterns.py
/// spells a case-insensitive literal (and `ascii_window_src` narrows "[Ss\x{17F}]" to), written
/// `(?i-u:total)` for the regex crate: the same byte classes on any text (`[Tt]` holds two ASCII
/// characters, `(?i-u:t)` the bytes of those two), parsed in a fraction of the time (each
/// bracketed class is a class set of its own in the syntax tree, with its own allocations,
/// translation and canonical form; the letters of one flagged group are literals folded by a
/// table). A run holding "[Ss\x{17F}]" or "[Kk\x{212A}]" is `(?i:...)`, whose Unicode simple
/// case folding gives those two classes and "[Xx]" for every other ASCII letter (fancy-regex's
/// `(?i:...)` folds by the same table). A letter followed by a repetition is a group of its own
/// (the repetition applies to it alone). For fancy-regex, see `Runs::Fancy`: the VM then runs
/// the same instructions but for a literal where a delegate stood (one of either fails or
/// succeeds as one step), so a search takes the same backtracking steps.
fn case_runs(src: &str, syntax: Runs) -> String {
    // Which groups a letter may stand in: `(?i-u:...)` folds ASCII letters only, `(?i:...)` by
    // the regex crate's simple case folding, which adds "\u{17F}" to "s" and "\u{212A}" to "k"
    // (as re's IGNORECASE does, so patterns.py writes them) and nothing to any other ASCII letter
    #[derive(Clone, Copy, PartialEq)]
    enum Fold {
        Either,
        Ascii,
        Unicode,
    }
    let bytes = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let (mut run, mut mode) = (String::new(), Fold::Either);
    let flush = |out: &mut String, run: &mut String, mode: Fold| {
        if !run.is_empty() {
            out.push_str(if mode == Fold::Unicode || syntax != Runs::Crate {
                "(?i:"
            } else {
                "(?i-u:"
            });
            out.push_str(run);
            out.push(')');
            run.clear();
        }
    };
    // open groups, true for a look-behind (or a group inside one), which may read before a window
    let mut groups: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let end = match bytes[i] {
            b'\\' => escape_end(bytes, i),
            b'[' => class_end(bytes, i),
            _ => i + src[i..].chars().next().map_or(1, char::len_utf8),
        };
        let Some(piece) = src.get(i..end) else {
            return src.to_string(); // not as patterns.py writes: left as it is
        };
        let behind = groups.last().copied().unwrap_or(false);
        // "[Xx]": an ASCII letter in both cases, nothing else; or "s" or "k" with its third
        let letter = match piece.as_bytes() {
            &[b'[', up, low, b']'] if up.is_ascii_uppercase() && low == up.to_ascii_lowercase() => {
                match (matches!(low, b'k' | b's'), syntax) {
                    (false, _) => Some((low as char, Fold::Either)),
                    (true, Runs::Crate) => Some((low as char, Fold::Ascii)),
                    (true, Runs::Fancy { window }) if window == Window::Ascii && !behind => {
                        Some((low as char, Fold::Unicode))
                    }
                    (true, Runs::Fancy { .. }) => None,
                }
            }
            br"[Ii\x{130}-\x{131}]"
                if syntax
                    == (Runs::Fancy {
                        window: Window::Undotted,
                    })
                    && !behind =>
            {
                Some(('i', Fold::Either))
            }
            br"[Ss\x{17F}]" => Some(('s', Fold::Unicode)),
            br"[Kk\x{212A}]" => Some(('k', Fold::Unicode)),
            _ => None,
        };
        match letter {
            Some((c, fold)) => {
                let alone = matches!(bytes.get(end), Some(b'?' | b'*' | b'+' | b'{'));
                if alone || (fold != mode && fold != Fold::Either && mode != Fold::Either) {
                    flush(&mut out, &mut run, mode);
                }
                if run.is_empty() {
                    mode = Fold::Either;
                }
                if fold != Fold::Either {
                    mode = fold;
                }
                run.push(c);
                if alone {
                    flush(&mut out, &mut run, mode);
                }
            }
            None => {
                flush(&mut out, &mut run, mode);
                match piece {
                    "(" => groups.push(
                        behind || src[i..].starts_with("(?<=") || src[i..].starts_with("(?<!"),
                    ),
                    ")" => {
                        groups.pop();
                    }
                    _ => {}
                }
                out.push_str(piece);
            }
        }
        i = end;
    }
    flush(&mut out, &mut run, mode);
    out
}

/// Non-ASCII characters as sorted, disjoint ranges: those no window of `Form::Ascii` holds
/// (`unseen`), and the others.
struct AsciiWindowChars {
    unseen: Vec<(u32, u32)>,
    seen: Vec<(u32, u32)>,
    seen_len: u64,
}

fn ascii_window_chars() -> &'static AsciiWindowChars {
    // Computed once from the two libraries' own tables: immutable data, not a cache of results.
    static CHARS: OnceLock<AsciiWindowChars> = OnceLock::new();
    CHARS.get_or_init(|| {
        let words = [crate_class(r"\w"), disputed_ranges().to_vec()].concat();
        let unseen: Vec<(u32, u32)> = merge(words)
            .into_iter()
            .filter(|&(_, hi)| hi >= 0x80)
            .map(|(lo, hi)| (lo.max(0x80), hi))
            .collect();
        let seen = symmetric_difference(&unseen, &[(0x80, 0x10FFFF)]);
        let seen_len = seen.iter().map(|&(lo, hi)| u64::from(hi - lo + 1)).sum();
        AsciiWindowChars {
            unseen,
            seen,
            seen_len,
        }
    })
}

/// Whether every code point of lo..=hi is in `ranges` (sorted, disjoint and merged).
fn covered(ranges: &[(u32, u32)], lo: u32, hi: u32) -> bool {
    let k = ranges.partition_point(|&(_, e)| e < lo);
    ranges.get(k).is_some_and(|&(a, b)| a <= lo && hi <= b)
}

/// A class narrowed for windows of `Form::Ascii` (see `plain_ascii`).
fn ascii_window_class(cls: regex_syntax::hir::ClassUnicode) -> regex_syntax::hir::ClassUnicode {
    use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};
    let chars = ascii_window_chars();
    let non_ascii: Vec<(u32, u32)> = cls
        .ranges()
        .iter()
        .map(|r| (r.start() as u32, r.end() as u32))
        .filter(|&(_, hi)| hi >= 0x80)
        .map(|(lo, hi)| (lo.max(0x80), hi))
        .collect();
    if non_ascii.is_empty() {
        return cls;
    }
    let ascii = cls
        .ranges()
        .iter()
        .filter(|r| r.start() < '\u{80}')
        .map(|r| ClassUnicodeRange::new(r.start(), r.end().min('\u{7f}')));
    if non_ascii
        .iter()
        .all(|&(lo, hi)| covered(&chars.unseen, lo, hi))
    {
        return ClassUnicode::new(ascii);
    }
    let len: u64 = non_ascii
        .iter()
        .map(|&(lo, hi)| u64::from(hi - lo + 1))
        .sum();
    let merged = merge(non_ascii);
    if len >= chars.seen_len && chars.seen.iter().all(|&(lo, hi)| covered(&merged, lo, hi)) {
        let all = ClassUnicodeRange::new('\u{80}', '\u{10FFFF}');
        return ClassUnicode::new(ascii.chain(std::iter::once(all)));
    }
    // otherwise its ASCII part and the non-ASCII members such a window may hold ("[\x{2019}\w]"
    // is "[\x{2019}0-9A-Z_a-z]"), where those are fewer ranges (an automaton's size follows
    // them: `\S` keeps its few, where it holds hundreds of ranges of non-word characters)
    let seen = intersection(&merged, &chars.seen);
    if seen.len() >= merged.len() {
        return cls;
    }
    let seen = seen.into_iter().filter_map(|(lo, hi)| {
        // an end among the surrogates (no character) moved to the nearest character inside
        let lo = if (0xD800..=0xDFFF).contains(&lo) {
            0xE000
        } else {
            lo
        };
        let hi = if (0xD800..=0xDFFF).contains(&hi) {
            0xD7FF
        } else {
            hi
        };
        (lo <= hi).then(|| {
            Some(ClassUnicodeRange::new(
                char::from_u32(lo)?,
                char::from_u32(hi)?,
            ))
        })?
    });
    ClassUnicode::new(ascii.chain(seen))
}

/// Code points in both of two range lists (each sorted and disjoint).
fn intersection(a: &[(u32, u32)], b: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        let (lo, hi) = (a[i].0.max(b[j].0), a[i].1.min(b[j].1));
        if lo <= hi {
            out.push((lo, hi));
        }
        if a[i].1 < b[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// A pattern (fancy-regex or regex-crate syntax, as patterns.py writes it: every literal character
/// other than an ASCII letter or digit escaped) for windows of `Form::Ascii`: each class (`[...]`,
/// `\\w`, `\\s`, `\\d` and their negations) narrowed as `ascii_window_class` narrows it, except
/// inside a look-behind, which may look before the window. A match reads forward only characters
/// of the window (the haystack ends where the window does), so on such a window the narrowed
/// classes accept what the written ones accept, and the backtracking runs the same steps; its
/// linear parts (fancy-regex's delegates) are far smaller automata ("[Ss\\x{17F}]" is "[Ss]", the
/// crate's `\\w` 4 ASCII ranges instead of 700).
fn ascii_window_src(src: &str) -> String {
    use std::collections::HashMap;
    let bytes = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    // one narrowing per distinct class: a pack pattern repeats a few dozen classes
    let mut narrowed: HashMap<&str, Option<String>> = HashMap::new();
    let narrow = |class| -> Option<String> {
        use regex_syntax::hir::{Class, HirKind};
        match parse_written(class).ok()?.into_kind() {
            HirKind::Class(Class::Unicode(cls)) => {
                let narrow = ascii_window_class(cls.clone());
                // unchanged: as written (`\\s` is shorter than its ranges)
                (narrow != cls).then(|| class_src(&narrow))
            }
            _ => None,
        }
    };
    // open groups, true for a look-behind (or a group inside one)
    let mut groups: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let behind = groups.last().copied().unwrap_or(false);
        let b = bytes[i];
        let end = match b {
            b'\\' => escape_end(bytes, i),
            b'[' => class_end(bytes, i),
            _ => i + src[i..].chars().next().map_or(1, char::len_utf8),
        };
        let Some(piece) = src.get(i..end) else {
            return src.to_string(); // not as patterns.py writes: left as it is
        };
        match b {
            b'(' => {
                let look_behind = src[i..].starts_with("(?<=") || src[i..].starts_with("(?<!");
                groups.push(behind || look_behind);
                out.push_str(piece);
            }
            b')' => {
                groups.pop();
                out.push_str(piece);
            }
            b'[' if !behind => {
                let n = narrowed.entry(piece).or_insert_with(|| narrow(piece));
                out.push_str(n.as_deref().unwrap_or(piece));
            }
            b'\\'
                if !behind
                    && matches!(
                        bytes.get(i + 1),
                        Some(b'w' | b'W' | b's' | b'S' | b'd' | b'D')
                    ) =>
            {
                let n = narrowed.entry(piece).or_insert_with(|| narrow(piece));
                out.push_str(n.as_deref().unwrap_or(piece));
            }
            _ => out.push_str(piece),
        }
        i = end;
    }
    out
}

/// The end of the escape at `i` (`\\x{...}`, or a backslash and one character).
fn escape_end(bytes: &[u8], i: usize) -> usize {
    if bytes.get(i + 1) == Some(&b'x') && bytes.get(i + 2) == Some(&b'{') {
        if let Some(k) = bytes[i..].iter().position(|&c| c == b'}') {
            return i + k + 1;
        }
    }
    let next = i + 1;
    // a backslash and the (possibly multi-byte) character after it
    let len = match bytes.get(next) {
        Some(&c) if c >= 0xF0 => 4,
        Some(&c) if c >= 0xE0 => 3,
        Some(&c) if c >= 0xC0 => 2,
        Some(_) => 1,
        None => 0,
    };
    (next + len).min(bytes.len())
}

/// The end of the class opening at `i` (nested classes and escapes inside it skipped); the end
/// of `bytes` when it does not close.
fn class_end(bytes: &[u8], i: usize) -> usize {
    let (mut depth, mut k) = (0usize, i);
    while k < bytes.len() {
        match bytes[k] {
            b'\\' => {
                k = escape_end(bytes, k);
                continue;
            }
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return k + 1;
                }
            }
            _ => {}
        }
        k += 1;
    }
    bytes.len()
}

/// A class in the syntax patterns.py writes (ASCII letters and digits as they are, every other
/// character `\\x{...}`), which fancy-regex and the regex crate read alike.
fn class_src(cls: &regex_syntax::hir::ClassUnicode) -> String {
    use std::fmt::Write;
    let esc = |out: &mut String, c: char| {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            let _ = write!(out, "\\x{{{:X}}}", c as u32);
        }
    };
    if cls.ranges().is_empty() {
        return "[^\\x{0}-\\x{10FFFF}]".to_string();
    }
    let mut out = String::from("[");
    for r in cls.ranges() {
        esc(&mut out, r.start());
        if r.end() != r.start() {
            out.push('-');
            esc(&mut out, r.end());
        }
    }
    out.push(']');
    out
}

/// A look-around pattern's gate for windows of `Form::Ascii`.
fn gate_ascii(src: &str) -> Result<Plain, String> {
    plain_ascii(&ascii_boundaries(src), Search::Window)
}

/// A linear piece (`Piece::Linear`) for windows of `Form::Ascii`, searched anchored.
fn piece_ascii(src: &str) -> Result<Plain, String> {
    plain_ascii(&ascii_boundaries(src), Search::Anchored)
}

/// A linear piece for the other windows, searched anchored.
fn piece_unicode(src: &str) -> Result<Plain, String> {
    plain_hir(&parse(src)?, Search::Anchored)
}

/// The leftmost-first match in `hay` starting at or after `pos`, the text before `pos` seen as
/// context (`regex::Regex::find_at`).
fn find_at(re: &Plain, hay: &str, pos: usize) -> Option<regex_automata::Match> {
    re.search(&regex_automata::Input::new(hay).span(pos..hay.len()))
}

/// A look-around pattern for the windows `window` says (`Window::Ascii`: its classes narrowed by
/// `ascii_window_src`), its runs of case-expanded letters read as literals (`Runs::Fancy`).
/// Its delegates keep the meta regex's default full-DFA size limit: fancy-regex hands
/// `delegate_dfa_size_limit` to the full DFA (not the lazy one's cache), and a 32 MB limit there
/// had every small delegate determinised at each engine's first use.
fn fancy(src: &str, window: Window, backtrack_limit: usize) -> Result<fancy_regex::Regex, String> {
    let build = |src: &str| {
        fancy_regex::RegexBuilder::new(src)
            .backtrack_limit(backtrack_limit)
            .build()
            .map_err(|e| e.to_string())
    };
    let narrowed;
    let src = if window == Window::Ascii {
        narrowed = ascii_window_src(src);
        narrowed.as_str()
    } else {
        src
    };
    // an error is reported as the source before the runs reads it
    build(&case_runs(src, Runs::Fancy { window })).or_else(|_| build(src))
}

/// A native form for the windows `window` says (a linear one: `Window::Ascii` or any window).
fn native(
    src: &str,
    is_fancy: bool,
    backtrack_limit: usize,
    window: Window,
) -> Result<Native, String> {
    if is_fancy {
        Ok(Native::Fancy(fancy(src, window, backtrack_limit)?))
    } else if window == Window::Ascii {
        Ok(Native::Plain(plain_ascii(src, Search::Window)?))
    } else {
        Ok(Native::Plain(plain(src)?))
    }
}

impl Pattern {
    pub fn new(src: &PatternSource, limits: Limits) -> Result<Pattern, String> {
        let backtrack_limit = limits.backtrack_limit;
        // fancy-regex reads no `(?-u:...)`: a look-around pattern keeps Unicode boundaries
        let ascii_src = match (&src.gate, src.fancy) {
            (Some(_), true) => format!("\\G(?:{})", src.native),
            (None, true) => src.native.clone(),
            (_, false) => ascii_boundaries(&src.native),
        };
        let literals = match (&src.relaxed, &src.literals) {
            (None, _) => Vec::new(),
            // an empty set would mark no window, dropping every match: worked out here instead
            (Some(_), Some(given)) if given.iter().all(|set| !set.is_empty()) => given.clone(),
            (Some(r), _) => required_literals(r)?,
        };
        // without literals the relaxed form runs over every text: compiled now, but for a pattern
        // of whole words, whose own form marks the windows instead (`mark_words`)
        let relaxed = OnceLock::new();
        let mut word_form = None;
        if let (Some(r), true) = (&src.relaxed, literals.is_empty()) {
            word_form = if src.fancy {
                None
            } else {
                whole_word_form(&src.native)
            };
            if word_form.is_none() {
                let _ = relaxed.set(Relaxed::new(parse(r)?)?);
            }
        }
        let hit_facts = if literals.is_empty() {
            None
        } else {
            hit_facts(src, &literals)
        };
        Ok(Pattern {
            ascii: OnceLock::new(),
            literals,
            hit_facts,
            relaxed_src: src.relaxed.clone(),
            relaxed,
            relaxed_window: OnceLock::new(),
            word_form,
            // a look-around pattern's on the other windows: its ASCII form, classes as written
            unicode_src: if src.fancy {
                ascii_src.clone()
            } else {
                src.native.clone()
            },
            unicode: OnceLock::new(),
            unicode_dotted: OnceLock::new(),
            fancy: src.fancy,
            // the gate keeps the word boundaries: ASCII ones for ASCII windows, the Unicode ones
            // where a non-ASCII word stands
            gate_src: if src.fancy { src.gate.clone() } else { None },
            pieces: if src.fancy && src.gate.is_some() {
                pieces(&src.native)
            } else {
                Vec::new()
            },
            gate: OnceLock::new(),
            gate_unicode: OnceLock::new(),
            exact_src: src.exact.clone(),
            exact: OnceLock::new(),
            exact_dotted: OnceLock::new(),
            ascii_src,
            backtrack_limit,
            lookaround_max_bytes: limits.lookaround_max_bytes,
        })
    }

    /// Compiles every form now, reporting the first that fails (pack validation: a pattern the
    /// engine cannot run is an error at load, not at the first text that needs it). The forms
    /// stay compiled in this pattern (the forms for windows holding "\u{130}" or "\u{131}" are
    /// left to their first such window: a form that fails reports the error of the source as
    /// written, which is theirs).
    pub fn compile_all(&self) -> Result<(), String> {
        let limit = self.backtrack_limit;
        let ascii = native(&self.ascii_src, self.fancy, limit, Window::Ascii)?;
        let _ = self.ascii.set(Some(ascii));
        let unicode = native(&self.unicode_src, self.fancy, limit, Window::Undotted)?;
        let _ = self.unicode.set(Some(unicode));
        if let Some(g) = &self.gate_src {
            let gate = gate_ascii(g)?;
            let _ = self.gate.set(Some(gate));
            let gate_unicode = plain(g)?;
            let _ = self.gate_unicode.set(Some(gate_unicode));
        }
        for piece in &self.pieces {
            piece.compile_all(self.backtrack_limit)?;
        }
        let exact = fancy(&self.exact_src, Window::Undotted, limit)?;
        let _ = self.exact.set(Some(exact));
        if let Some(r) = &self.relaxed_src {
            // both forms from one parse
            let hir = parse(r)?;
            if !self.literals.is_empty() {
                let _ = self.relaxed_window.set(Relaxed::window(hir.clone())?);
            }
            let _ = self.relaxed.set(Relaxed::new(hir)?);
        }
        Ok(())
    }

    fn ascii(&self) -> Option<&Native> {
        let limit = self.backtrack_limit;
        self.ascii
            .get_or_init(|| native(&self.ascii_src, self.fancy, limit, Window::Ascii).ok())
            .as_ref()
    }

    /// The exact form for a window of `Form::Exact` (`window`: `Window::Any` where it holds
    /// "\u{130}" or "\u{131}", else `Window::Undotted`).
    fn exact(&self, window: Window) -> Option<&fancy_regex::Regex> {
        let (cell, window) = if window == Window::Any {
            (&self.exact_dotted, Window::Any)
        } else {
            (&self.exact, Window::Undotted)
        };
        cell.get_or_init(|| fancy(&self.exact_src, window, self.backtrack_limit).ok())
            .as_ref()
    }

    /// The literal sets, every match holding one literal of each (on the folded text), where the
    /// pattern has them: its windows are then those a literal of each set stands in (`Engine`),
    /// not those `mark_windows` marks.
    pub fn literals(&self) -> Option<&[Vec<Vec<u8>>]> {
        (!self.literals.is_empty()).then_some(self.literals.as_slice())
    }

    /// What a hit of `key` (literal set `set`'s literal, maybe cut short) must have beside it to
    /// stand at the start of a match (`HitCheck`).
    pub fn hit_check(&self, set: usize, key: &[u8]) -> HitCheck {
        match &self.hit_facts {
            Some(facts) => facts.check(set, key),
            None => HitCheck::NONE,
        }
    }

    /// Whether a search of a window of this form runs a DFA (a plain pattern, or a look-around
    /// one through its gate, on an ASCII window): no dearer than the relaxed form's.
    pub fn runs_dfa(&self, form: Form) -> bool {
        form == Form::Ascii && (!self.fancy || self.gate_src.is_some())
    }

    /// Marks the windows (byte ranges, sorted and disjoint) that a match of the relaxed form
    /// overlaps (`folded_text`: `folded(text)`); false when the pattern has no relaxed form (every
    /// window must be searched).
    pub fn mark_windows(
        &self,
        (text, folded_text): (&str, &str),
        windows: &[(usize, usize)],
        marked: &mut [bool],
    ) -> bool {
        let Some(relaxed) = self.relaxed() else {
            return false;
        };
        marked.iter_mut().for_each(|m| *m = false);
        mark_overlapped(
            relaxed.re.find_iter(relaxed.hay(text, folded_text)),
            windows,
            marked,
        );
        true
    }

    /// Marks the windows (byte ranges of `text`, sorted and disjoint) where a match may stand, for
    /// a pattern of whole words (`whole_word_form`): those a match of that form over the whole
    /// text overlaps, and those that end inside an ASCII word (there the text's next character
    /// takes away the trailing boundary the window's end gives). False for any other pattern
    /// (`marked` is then left as it was).
    pub fn mark_words(&self, text: &str, windows: &[(usize, usize)], marked: &mut [bool]) -> bool {
        let Some(re) = &self.word_form else {
            return false;
        };
        let bytes = text.as_bytes();
        let word = |i: usize| bytes.get(i).is_some_and(|&b| ascii_word(b));
        for (slot, &(_, e)) in marked.iter_mut().zip(windows) {
            *slot = e > 0 && word(e - 1) && word(e);
        }
        mark_overlapped(re.find_iter(text), windows, marked);
        true
    }

    /// Whether a match may lie inside `region` (the whole haystack a search's matches must stay
    /// in; `folded_region`: `folded(region)`): false when the relaxed form finds none there. True
    /// without a relaxed form (a pattern with literals: the engine looks for those instead).
    pub fn may_match(&self, region: &str, folded_region: &str) -> bool {
        // A sentence is shorter than this (99% of PolNeAR's under 400 bytes); a whole text
        // (publisher furniture is looked for over one) nearly always longer, and there the form
        // with a prefilter, where it has one, pays for its build on every text: once built, it
        // serves short regions too. Either form is a superset of the matches: the choice changes
        // no output.
        const WINDOW_MAX_BYTES: usize = 1_000;
        let short = region.len() <= WINDOW_MAX_BYTES && self.relaxed.get().is_none();
        if !self.literals.is_empty() && short {
            return self
                .relaxed_window()
                .is_none_or(|r| r.re.is_match(r.hay(region, folded_region)));
        }
        let relaxed = self.relaxed();
        relaxed.is_none_or(|r| r.re.is_match(r.hay(region, folded_region)))
    }

    /// Whether the relaxed form `may_match` runs over a long region is compiled: it then serves
    /// every region.
    pub fn relaxed_compiled(&self) -> bool {
        matches!(self.relaxed.get(), Some(Some(_)))
    }

    fn relaxed(&self) -> Option<&Relaxed> {
        // a form that compiled at load (check_pattern) compiles here
        self.relaxed
            .get_or_init(|| {
                Relaxed::new(parse(self.relaxed_src.as_deref()?).ok()?)
                    .ok()
                    .flatten()
            })
            .as_ref()
    }

    fn relaxed_window(&self) -> Option<&Relaxed<Exists>> {
        self.relaxed_window
            .get_or_init(|| {
                Relaxed::window(parse(self.relaxed_src.as_deref()?).ok()?)
                    .ok()
                    .flatten()
            })
            .as_ref()
    }

    fn gate_for(&self, form: Form) -> Option<&Plain> {
        let src = self.gate_src.as_ref()?;
        if form == Form::Ascii {
            self.gate.get_or_init(|| gate_ascii(src).ok()).as_ref()
        } else {
            self.gate_unicode.get_or_init(|| plain(src).ok()).as_ref()
        }
    }

    /// A look-around pattern's form for a window (narrowed classes on `Window::Ascii`).
    fn fancy_for(&self, window: Window) -> Option<&Native> {
        if window == Window::Ascii {
            self.ascii()
        } else {
            self.unicode(window)
        }
    }

    /// The form for windows of `Form::Unicode` (and long ones of `Form::Exact`); a look-around
    /// pattern's for `window` (`Window::Any`: one holding "\u{130}" or "\u{131}").
    fn unicode(&self, window: Window) -> Option<&Native> {
        let (cell, window) = if self.fancy && window == Window::Any {
            (&self.unicode_dotted, Window::Any)
        } else {
            (&self.unicode, Window::Undotted)
        };
        let limit = self.backtrack_limit;
        cell.get_or_init(|| native(&self.unicode_src, self.fancy, limit, window).ok())
            .as_ref()
    }

    /// Non-empty matches (byte spans) in `hay[..end]` from `start`, as Python's
    /// `pattern.finditer(hay, start, end)` finds them: the pattern sees `end` as the end of the
    /// text and the characters before `start` as context. form: `window_form` of the window
    /// (None: worked out here).
    pub fn find_all(
        &self,
        hay: &str,
        start: usize,
        end: usize,
        form: Option<Form>,
        out: &mut Vec<(usize, usize)>,
        stats: &mut SearchStats,
    ) {
        let Some(hay) = hay.get(..end) else {
            return;
        };
        if start > hay.len() || !hay.is_char_boundary(start) {
            return;
        }
        let form = form.unwrap_or_else(|| window_form(&hay[context_start(hay, start)..]));
        // A look-ahead may rescan the window from every position: backtracking forms search no
        // window longer than the bound (a long one with a disputed character takes the Unicode
        // form when it is a linear one: exact but for the disputed characters).
        let short = hay.len() - start <= self.lookaround_max_bytes;
        if !short && self.fancy {
            stats.too_long += 1;
            return;
        }
        // what the window holds, for the look-around forms (a linear one reads none of it)
        let window = match form {
            Form::Ascii => Window::Ascii,
            Form::Unicode if !self.fancy => Window::Any,
            _ if has_dotted_i(&hay[start..]) => Window::Any,
            _ => Window::Undotted,
        };
        if self.fancy && !(form == Form::Exact && short) {
            if let Some(gate) = self.gate_for(form) {
                self.gated_all(gate, (hay, window), start, out, stats);
                return;
            }
        }
        let re = match form {
            Form::Exact if short => {
                // validated at load (compile_all), so the exact form compiles
                match self.exact(window) {
                    Some(re) => fancy_all(re, hay, start, out, stats),
                    None => stats.gave_up += 1,
                }
                return;
            }
            // a look-around pattern keeps the crates' Unicode boundaries in both its forms
            _ if self.fancy => match self.fancy_for(window) {
                Some(re) => re,
                None => {
                    stats.gave_up += 1;
                    return;
                }
            },
            Form::Exact | Form::Unicode => match self.unicode(window) {
                Some(re) => re,
                None => {
                    stats.gave_up += 1;
                    return;
                }
            },
            Form::Ascii => match self.ascii() {
                Some(re) => re,
                None => {
                    stats.gave_up += 1;
                    return;
                }
            },
        };
        match re {
            Native::Plain(re) => {
                let mut pos = start;
                while let Some(m) = find_at(re, hay, pos) {
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
            // a look-around pattern with a gate went through gated_all above
            Native::Fancy(re) => fancy_all(re, hay, start, out, stats),
        }
    }

    /// A look-around pattern with a gate: every match starts where a match of the gate (a
    /// superset) starts, so the backtracking form, anchored where the search starts (`\\G`), is
    /// tried at each gate match only, and compiled at the first (a window the gate finds nothing
    /// in costs no compile: the largest pack patterns take tens of milliseconds). Where the
    /// pattern has pieces, they are tried there in turn instead (`Piece`).
    fn gated_all(
        &self,
        gate: &Plain,
        (hay, window): (&str, Window),
        start: usize,
        out: &mut Vec<(usize, usize)>,
        stats: &mut SearchStats,
    ) {
        let mut pos = start;
        while let Some(g) = find_at(gate, hay, pos) {
            let at = g.start();
            let next = at + hay[at..].chars().next().map_or(1, char::len_utf8);
            let found = if self.pieces.is_empty() {
                let Some(Native::Fancy(re)) = self.fancy_for(window) else {
                    stats.gave_up += 1;
                    return;
                };
                re.find_from_pos(hay, at)
                    .map(|m| m.map(|m| (m.start(), m.end())))
                    .map_err(|_| true)
            } else {
                self.pieces_at(hay, at, window)
            };
            match found {
                Ok(Some((a, b))) if b > a => {
                    out.push((a, b));
                    pos = b;
                }
                // an empty match, or none starting here: the gate's next match
                Ok(_) if next <= hay.len() => pos = next,
                Ok(_) => break,
                // the backtrack limit (true: the window yields no further match) or a piece that
                // does not compile
                Err(limit) => {
                    stats.gave_up += 1;
                    if limit {
                        break;
                    }
                    return;
                }
            }
        }
    }

    /// The match starting at `at` of the first piece that has one there (the branches of an
    /// alternation are tried in their order, the first that matches wins), as the whole
    /// backtracking form, anchored at `at`, finds it. Err(true): the backtrack limit; Err(false):
    /// a piece that does not compile.
    fn pieces_at(
        &self,
        hay: &str,
        at: usize,
        window: Window,
    ) -> Result<Option<(usize, usize)>, bool> {
        let limit = self.backtrack_limit;
        for piece in &self.pieces {
            let found = match piece {
                Piece::Linear {
                    src,
                    ascii,
                    unicode,
                } => {
                    let re = if window == Window::Ascii {
                        ascii.get_or_init(|| piece_ascii(src).ok())
                    } else {
                        unicode.get_or_init(|| piece_unicode(src).ok())
                    };
                    let re = re.as_ref().ok_or(false)?;
                    let input = regex_automata::Input::new(hay)
                        .span(at..hay.len())
                        .anchored(regex_automata::Anchored::Yes);
                    re.search(&input).map(|m| (m.start(), m.end()))
                }
                Piece::Backtracking { src, forms } => {
                    let re = forms[window as usize].get_or_init(|| fancy(src, window, limit).ok());
                    let re = re.as_ref().ok_or(false)?;
                    re.find_from_pos(hay, at)
                        .map_err(|_| true)?
                        .map(|m| (m.start(), m.end()))
                }
            };
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }
}

/// A part of a look-around pattern's alternation, tried where its gate matches: `\\b(?:A|B|C)`,
/// where only `B` holds a look-around, is `\\b(?:A)`, then `\\b(?:B)`, then `\\b(?:C)`, and tried in
/// that order the first match of one is the pattern's (the alternation's first branch that
/// matches there wins: backtracking and the regex crate's leftmost-first agree on that). A run of
/// branches without look-around is one linear form, a regex-crate pattern searched anchored:
/// fancy-regex would split them into dozens of pieces of its own, each a regex to build (a
/// look-around pack pattern of 7,500 characters was 300 such, 44 ms to build).
enum Piece {
    Linear {
        src: String,
        /// with ASCII boundaries and narrowed classes, for windows of `Form::Ascii`
        ascii: OnceLock<Option<Plain>>,
        unicode: OnceLock<Option<Plain>>,
    },
    Backtracking {
        /// anchored where the search starts (`\\G`)
        src: String,
        /// its forms by `Window` (boxed: a fancy-regex form is large), for windows of
        /// `Form::Ascii` (narrowed classes, `ascii_window_src`), for the others without
        /// "\u{130}" or "\u{131}", and with one
        forms: Box<[OnceLock<Option<fancy_regex::Regex>>; 3]>,
    },
}

impl Piece {
    fn compile_all(&self, backtrack_limit: usize) -> Result<(), String> {
        match self {
            Piece::Linear {
                src,
                ascii,
                unicode,
            } => {
                let _ = ascii.set(Some(piece_ascii(src)?));
                let _ = unicode.set(Some(piece_unicode(src)?));
            }
            // the form for windows with "\u{130}" or "\u{131}" is left to the first such window
            Piece::Backtracking { src, forms } => {
                for window in [Window::Ascii, Window::Undotted] {
                    let _ = forms[window as usize].set(Some(fancy(src, window, backtrack_limit)?));
                }
            }
        }
        Ok(())
    }
}

/// The pieces of a look-around pattern's native form (fancy-regex syntax, as patterns.py writes
/// it: every literal character other than an ASCII letter or digit escaped, so each `(`, `)`,
/// `|`, `[` and `]` is syntax): the branches of an alternation that is the whole form, or follows
/// a leading `\\b` (a zero-width prefix, put before each branch). Empty where the form is not
/// such an alternation, or none of its branches is free of look-around.
fn pieces(native: &str) -> Vec<Piece> {
    let (prefix, rest) = match native.strip_prefix("\\b") {
        Some(rest) => ("\\b", rest),
        None => ("", native),
    };
    // a back-reference counts the groups of the whole form: not split
    let backref = native
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b'\\' && w[1].is_ascii_digit());
    let Some(branches) = rest.strip_prefix("(?:").and_then(top_branches) else {
        return Vec::new();
    };
    if branches.len() < 2 || backref {
        return Vec::new();
    }
    // branches as a linear form: the halves patterns.py wrote as look-around for fancy-regex back
    // as the regex crate's own
    let linear = |branches: &[&str]| {
        format!("{prefix}(?:{})", branches.join("|"))
            .replace("(?<!\\w)", "\\b{start-half}")
            .replace("(?!\\w)", "\\b{end-half}")
    };
    let mut out: Vec<Piece> = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let flush = |run: &mut Vec<&str>, out: &mut Vec<Piece>| {
        if !run.is_empty() {
            out.push(Piece::Linear {
                src: linear(run),
                ascii: OnceLock::new(),
                unicode: OnceLock::new(),
            });
            run.clear();
        }
    };
    for b in &branches {
        // the look-around (and atomic groups) patterns.py writes; back-references are out above
        let halves = b.replace("(?<!\\w)", "").replace("(?!\\w)", "");
        let backtracks = ["(?=", "(?!", "(?<=", "(?<!", "(?>"]
            .iter()
            .any(|s| halves.contains(s));
        if !backtracks {
            run.push(b);
        } else {
            flush(&mut run, &mut out);
            out.push(Piece::Backtracking {
                src: format!("\\G(?:{prefix}(?:{b}))"),
                forms: Box::default(),
            });
        }
    }
    flush(&mut run, &mut out);
    if out.iter().all(|p| matches!(p, Piece::Backtracking { .. })) {
        return Vec::new();
    }
    out
}

/// The branches of a group's alternation, `body` being what follows the group's `(?:`; None
/// unless the group closes at the end of `body`. Escapes are ASCII (`\\x{...}`, `\\b`, `\\w`).
fn top_branches(body: &str) -> Option<Vec<&str>> {
    let bytes = body.as_bytes();
    let (mut depth, mut in_class, mut from, mut i) = (0usize, false, 0, 0);
    let mut out = Vec::new();
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' if !in_class => in_class = true,
            b']' if in_class => in_class = false,
            b'(' if !in_class => depth += 1,
            b')' if !in_class && depth > 0 => depth -= 1,
            b')' if !in_class => {
                out.push(body.get(from..i)?);
                return (i + 1 == bytes.len()).then_some(out);
            }
            b'|' if !in_class && depth == 0 => {
                out.push(body.get(from..i)?);
                from = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Where the context of a search starting at `start` begins: one character before it.
pub fn context_start(hay: &str, start: usize) -> usize {
    hay[..start]
        .chars()
        .next_back()
        .map_or(start, |c| start - c.len_utf8())
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
                stats.gave_up += 1;
                break;
            }
        }
    }
}

/// One character of the matching view: `str.lower()` where it keeps the length, curly
/// apostrophes straight, line breaks, tabs and no-break spaces plain spaces (as
/// framing.scoring.matching.match_view).
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

    /// A fancy-regex form of a source as written (no narrowing, no runs read as literals).
    fn written_fancy(src: &str) -> fancy_regex::Regex {
        fancy_regex::RegexBuilder::new(src)
            .backtrack_limit(1000)
            .build()
            .unwrap()
    }

    fn src(native: &str, fancy: bool, gate: Option<&str>, exact: &str) -> PatternSource {
        PatternSource {
            native: native.into(),
            fancy,
            gate: gate.map(Into::into),
            exact: exact.into(),
            relaxed: None,
            literals: None,
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
        p.find_all("may mayor may", 0, 13, None, &mut out, &mut st);
        assert_eq!(out, vec![(0, 3), (10, 13)]);
        out.clear();
        // the end of the window is the end of the text; what stands before the start is context
        p.find_all("may mayor may", 4, 7, None, &mut out, &mut st);
        assert_eq!(out, vec![(4, 7)]);
        out.clear();
        p.find_all("xmay", 1, 4, None, &mut out, &mut st);
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
        p.find_all(t, 0, t.len(), None, &mut out, &mut st);
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
        p.find_all(&"a".repeat(40), 0, 40, None, &mut out, &mut st);
        assert!(out.is_empty());
        assert_eq!((st.gave_up, st.too_long), (1, 0));
        // a window longer than the bound is not searched by a look-around pattern at all
        let p = Pattern::new(&src(r"a(?=b)", true, None, r"x"), limits).unwrap();
        let long = "ab".repeat(60);
        p.find_all(&long, 0, long.len(), None, &mut out, &mut st);
        assert!(out.is_empty());
        assert_eq!((st.gave_up, st.too_long), (1, 1));
        p.find_all(&long, 0, 100, None, &mut out, &mut st);
        assert_eq!(out.len(), 50);
    }

    #[test]
    fn window_forms_and_ascii_boundaries() {
        assert_eq!(window_form("it \u{201c}may\u{201d} fail"), Form::Ascii);
        assert_eq!(window_form("Jos\u{e9} may"), Form::Unicode);
        assert_eq!(window_form("may\u{301}"), Form::Exact);
        assert_eq!(window_form("a\u{1c}b"), Form::Exact);
        assert_eq!(
            ascii_boundaries(r"\bx\b{start-half}\B\b{end-half}\x{5C}b"),
            r"(?-u:\b)x(?-u:\b{start-half})(?-u:\B)(?-u:\b{end-half})\x{5C}b"
        );
        // the ASCII form on a window without non-ASCII words; the Unicode form where "é" stands
        let p = Pattern::new(&src(r"\bmay\b", false, None, r"may"), LIMITS).unwrap();
        let mut out = Vec::new();
        let mut st = SearchStats::default();
        let t = "\u{201c}may\u{201d} \u{e9}may";
        p.find_all(t, 0, t.len(), None, &mut out, &mut st);
        assert_eq!(out, vec![(3, 6)]);
    }

    #[test]
    fn folded_relaxed_forms() {
        // a case-expanded alternation folds to lowercase literals; on the folded text it finds
        // what the form finds on the text, at the same byte offsets
        let src = r"(?:[Ss\x{17F}][Hh][Oo][Uu][Ll][Dd]|[Mm][Uu][Ss\x{17F}][Tt])";
        let folded_src = fold_ascii_lower(src)
            .unwrap()
            .expect("few long literals: folded");
        let (re, fre) = (plain(src).unwrap(), plain(&folded_src).unwrap());
        let text = "You SHOULD go; they Must not; \u{17F}hould; shoULDer";
        let spans = |re: &Plain, t: &str| {
            re.find_iter(t)
                .map(|m| (m.start(), m.end()))
                .collect::<Vec<_>>()
        };
        assert_eq!(folded(text).len(), text.len());
        assert_eq!(spans(&fre, &folded(text)), spans(&re, text));
        assert_eq!(spans(&fre, &folded(text)).len(), 4);
        // a case-sensitive form folds to a superset: "may" also finds "MAY"
        let fre = plain(&fold_ascii_lower("(?:may|May)").unwrap().unwrap()).unwrap();
        assert_eq!(spans(&fre, &folded("MAY may May")).len(), 3);
        // one-letter literals: a prefilter would stop everywhere, the form stays as written
        assert_eq!(fold_ascii_lower("(?:[Ii]|[Mm][Ee])").unwrap(), None);
        // the ends that may match nothing go: the rest marks the same windows
        let trimmed = fold_ascii_lower(r"(?:[\x{9}\x{20}]){0,}[Aa][Dd][Vv][Ee][Rr][Tt](?:x){0,}")
            .unwrap()
            .unwrap();
        let fre = plain(&trimmed).unwrap();
        assert_eq!(spans(&fre, &folded("  ADVERTxx")), vec![(2, 8)]);
        // windows marked through the folded form: the second sentence holds "Should"
        let p = Pattern::new(
            &PatternSource {
                native: r"\b[Ss]hould\b".into(),
                fancy: false,
                gate: None,
                exact: "x".into(),
                relaxed: Some("[Ss][Hh][Oo][Uu][Ll][Dd]".into()),
                literals: None,
            },
            LIMITS,
        )
        .unwrap();
        let text = "It rains. Should we go?";
        let mut marked = vec![false; 2];
        assert!(p.mark_windows((text, &folded(text)), &[(0, 9), (10, 23)], &mut marked));
        assert_eq!(marked, vec![false, true]);
        assert!(p.may_match(&text[10..], &folded(&text[10..])));
        assert!(!p.may_match(&text[..9], &folded(&text[..9])));
    }

    #[test]
    fn relaxed_window_forms_answer_as_the_span_form() {
        // the window form (the forward lazy DFA alone) says "a match" exactly where the folded
        // span form finds one, at every start and end of a window
        let texts = [
            "Officials SAID it; \u{17F}aid the aide. Sources say: maybe, perhaps\u{2019}s",
            "Nothing here at all, \u{e9}t\u{e9} \u{2014} no.\n  ",
        ];
        for src in [
            r"(?:[Ss\x{17F}][Aa][Ii\x{130}-\x{131}][Dd]|[Ss][Aa][Yy])",
            r"[Oo]fficials\s+[Ss]aid",
            r"(?:[Mm]aybe|[Pp]erhaps)[\x{27}\x{2019}]?[a-z]{0,2}",
            r"\w+\s\w+",
        ] {
            let (hir, window) = (parse(src).unwrap(), Relaxed::window(parse(src).unwrap()));
            let window = window.unwrap().expect("not an empty match");
            let spans = plain_hir(&fold(hir), Search::Window).unwrap();
            for t in texts {
                let t = folded(t);
                let ends = (0..=t.len()).filter(|&i| t.is_char_boundary(i));
                for a in ends.clone() {
                    for b in ends.clone().filter(|&b| b >= a) {
                        let w = &t[a..b];
                        assert_eq!(window.re.is_match(w), spans.is_match(w), "{src} {w:?}");
                    }
                }
            }
        }
        // a form that matches the empty string marks nothing: no window form
        assert!(Relaxed::window(parse(r"[Aa]{0,3}").unwrap())
            .unwrap()
            .is_none());
        // over the NFA size limit: the regex crate's own error, as a span form reports it
        let huge = parse(r"\w{1000}\w{1000}\w{1000}").unwrap();
        let err = Relaxed::window(huge).err().unwrap();
        assert!(
            err.starts_with("Compiled regex exceeds size limit"),
            "{err}"
        );
    }

    #[test]
    fn required_literals_of_relaxed_forms() {
        let sets = |src: &str| {
            required_literals(src)
                .unwrap()
                .into_iter()
                .map(|l| {
                    l.into_iter()
                        .map(|b| String::from_utf8(b).unwrap())
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
        };
        let lits = |src: &str| sets(src).into_iter().next();
        // a case-expanded word: its folded image
        assert_eq!(lits("[Ss][Hh][Oo][Uu][Ll][Dd]").unwrap(), ["should"]);
        // no literal prefix (a class of 26 letters), but every match ends in "?" or " familiar"
        assert_eq!(lits(r"[A-Z](?:[^\n?]){6,400}\?").unwrap(), ["?"]);
        assert_eq!(lits(r"[a-z]+ [Ff]amiliar").unwrap(), [" familiar"]);
        // the prefixes "x" and "y" (0.0012 + 0.016 hits a byte) lose to the suffixes, which
        // reach into the repetitions: "xabc", "ydef" (2e-8 + 1e-6)
        assert_eq!(lits(r"(?:x+abc|y+def)").unwrap(), ["xabc", "ydef"]);
        // a literal inside a concatenation, between two that are not
        assert_eq!(lits(r"[a-z]+ [Ww]ar [0-9]+").unwrap(), [" war "]);
        // "i" alone stands at 5.7% of bytes: no set rare enough, nor for a form matching ""
        assert_eq!(lits("(?:I|me|my|mine)"), None);
        assert_eq!(lits("(?:abc)?"), None);
        assert!(required_literals("(").is_err());
        // a second set from another piece: "people " or "officials ", then "said" or "told"
        assert_eq!(
            sets("(?:people|officials) [a-z]+ (?:said|told)"),
            [vec!["people ", "officials "], vec!["said", "told"]]
        );
        // of an alternation, each branch's own second set beside its first
        assert_eq!(
            sets("(?:critics [a-z]+ said|officials [0-9]+ told)"),
            [vec!["criti", "offic"], vec![" said", " told"]]
        );
        // no second where every literal of the first holds one of the pieces' sets already
        assert_eq!(
            sets("(?:people|officials) (?:said|told)"),
            [vec![
                "people said",
                "people told",
                "officials said",
                "officials told"
            ]]
        );
    }

    #[test]
    fn case_expanded_letters_read_as_runs() {
        let case_runs_crate = |src: &str| case_runs(src, Runs::Crate);
        // runs of "[Xx]" become one ASCII case-insensitive group; any other class, an escape, a
        // letter before a repetition and a class inside a class end a run
        assert_eq!(
            case_runs_crate(r"\b[Tt][Oo][Tt][Aa][Ll]\b"),
            r"\b(?i-u:total)\b"
        );
        assert_eq!(
            case_runs_crate(r"[Pp][Ee][Rr][Ss\x{17F}][Oo][Nn](?:\s){1,}[Ss]?[Aa][Ii]"),
            r"(?i:person)(?:\s){1,}(?i-u:s)?(?i-u:ai)"
        );
        assert_eq!(
            case_runs_crate(r"[Aa]{2,}[Bb]*[Cc]+x[Dd]"),
            r"(?i-u:a){2,}(?i-u:b)*(?i-u:c)+x(?i-u:d)"
        );
        assert_eq!(
            case_runs_crate(r"[aA][Ab][Aa\x{5D}][[Aa]--[a]]\x{41}[Aa]"),
            r"[aA][Ab][Aa\x{5D}][[Aa]--[a]]\x{41}(?i-u:a)"
        );
        assert_eq!(case_runs_crate(r"[Kk\x{212A}]|[^Aa]"), r"(?i:k)|[^Aa]");
        // "[Ss]" and "[Ss\x{17F}]" never share a group; other letters join either
        assert_eq!(
            case_runs_crate(r"[Ss][Ss\x{17F}][Aa][Kk][Ii\x{130}-\x{131}][Kk\x{212A}]{2}"),
            r"(?i-u:s)(?i:sa)(?i-u:k)[Ii\x{130}-\x{131}](?i:k){2}"
        );
        // the Unicode fold of each ASCII letter: "[Xx]", but for "s" and "k"
        for c in 'a'..='z' {
            let written = match c {
                's' => r"[Ss\x{17F}]".to_string(),
                'k' => r"[Kk\x{212A}]".to_string(),
                _ => format!("[{}{c}]", c.to_ascii_uppercase()),
            };
            assert_eq!(parse_written(&format!("(?i:{c})")), parse_written(&written));
        }
        // an error reads as the source as written
        let bad = r"[Aa][Bb](?:[Cc]";
        assert_eq!(parse(bad).unwrap_err(), parse_written(bad).unwrap_err());
        assert!(parse(bad).unwrap_err().contains(bad));
        // the same matches as the classes as written, at every start of texts of any characters
        let texts = [
            "Total TOTAL tOtAl totals \u{17F}ource Source SOURCE aab AAB aBAB ab",
            "K\u{212A}k \u{130}n \u{131}n In in \u{e9}t\u{e9} caf\u{e9}s aaaa-b\u{2019}c",
        ];
        for src in [
            r"\b[Tt][Oo][Tt][Aa][Ll][Ss]?\b",
            r"[Ss\x{17F}][Oo][Uu][Rr][Cc][Ee]|[Kk\x{212A}]+|[Ii\x{130}-\x{131}][Nn]",
            r"[Aa]{2,}(?:[Bb]|[Cc][Aa]){1,3}?",
            r"(?-u:\b)[Aa][Bb](?-u:\b)|[Cc][Aa][Ff][^\x{20}]",
        ] {
            let (runs, written) = (
                plain_hir(&parse(src).unwrap(), Search::Unanchored).unwrap(),
                plain_hir(&parse_written(src).unwrap(), Search::Unanchored).unwrap(),
            );
            assert_ne!(case_runs_crate(src), src);
            for t in texts {
                for at in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                    let m = |re: &Plain| find_at(re, t, at).map(|m| (m.start(), m.end()));
                    assert_eq!(m(&runs), m(&written), "{src} {t:?} {at}");
                }
            }
        }
    }

    #[test]
    fn ascii_window_classes_narrowed() {
        use regex_syntax::hir::{Class, HirKind};
        let narrowed = |src: &str| parse_written(&ascii_window_src(src)).unwrap();
        let class = |src: &str| match narrowed(src).into_kind() {
            HirKind::Class(Class::Unicode(c)) => c
                .ranges()
                .iter()
                .map(|r| (r.start(), r.end()))
                .collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        // a case-expanded letter keeps its ASCII letters; the crate's \w is the ASCII one
        assert_eq!(class(r"[Ss\x{17F}]"), [('S', 'S'), ('s', 's')]);
        assert_eq!(
            class(r"\w"),
            [('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')]
        );
        // a class of non-ASCII letters only matches nothing an ASCII window holds
        assert_eq!(narrowed(r"[\x{E9}\x{130}]"), regex_syntax::hir::Hir::fail());
        // \W held every non-ASCII character such a window may hold: now all of them
        let w = class(r"\W");
        let &(lo, hi) = w.last().unwrap();
        assert!(lo <= '\u{80}' && hi == '\u{10FFFF}');
        let has = |c: char| w.iter().any(|&(lo, hi)| lo <= c && c <= hi);
        assert!(has('-') && has('\u{2014}') && !has('a') && !has('Z') && !has('_'));
        // a class of word characters and a few others keeps those others
        assert_eq!(
            class(r"[\x{2019}\w]"),
            [
                ('0', '9'),
                ('A', 'Z'),
                ('_', '_'),
                ('a', 'z'),
                ('\u{2019}', '\u{2019}')
            ]
        );
        // \S stays whole: the non-word characters it holds are hundreds of ranges
        let big = parse_written(r"\S").unwrap();
        assert_eq!(narrowed(r"\S"), big);
        // \s holds the no-break space, not every non-ASCII character: as it was
        let s = parse_written(r"\s").unwrap();
        assert_eq!(narrowed(r"\s"), s);
        // on windows of the ASCII form, the same spans as the form as written
        let texts = [
            "It \u{201c}may\u{201d} rain\u{a0}\u{2014} SHOULD we? no_way",
            "shouldn\u{2019}t \u{2018}Still\u{2019} it's 42\u{2009}km",
        ];
        for src in [
            r"\b[Ss\x{17F}]hould(?:n[\x{27}\x{2019}]t)?\b",
            r"\w+",
            r"\W+\w",
            r"[^\s]+",
            r"[\x{2019}\w]+\S",
        ] {
            let (narrowed, full) = (
                plain_ascii(&ascii_boundaries(src), Search::Unanchored).unwrap(),
                plain(src).unwrap(),
            );
            for t in texts {
                assert_eq!(window_form(t), Form::Ascii);
                for at in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                    let m = |re: &Plain| find_at(re, t, at).map(|m| (m.start(), m.end()));
                    assert_eq!(m(&narrowed), m(&full), "{src} {t:?} {at}");
                }
            }
        }
    }

    #[test]
    fn ascii_window_look_around_forms() {
        // classes narrowed outside look-behinds; a look-behind kept as written
        let written = r"\b[Ss\x{17F}]aid(?=[\x{2019}\w]{1,}\s)(?<![Ss\x{17F}]\s)\w+[^\x{A}]";
        assert_eq!(
            ascii_window_src(written),
            r"\b[Ss]aid(?=[0-9A-Z\x{5F}a-z\x{2019}]{1,}\s)(?<![Ss\x{17F}]\s)[0-9A-Z\x{5F}a-z]+[^\x{A}]"
        );
        // the same matches on windows of the ASCII form, at every start, as the form as written
        let texts = [
            "He said\u{2019}s said it. SAID: \u{201c}said so\u{201d} \u{2014} sa\u{a0}id ssaid_x",
            "it\u{2019}s may-be  MAY be; \"may\" be? Officials said  that, won\u{2019}t they",
        ];
        for pat in [
            r"\G(?:\b[Ss\x{17F}]aid(?![\x{2D}\w])(?:\s{1,}(?!(?:[Tt]hat|[Ss]o)\b)\w+)?)",
            r"(?<![\x{22}\x{27}\x{2018}\x{201C}\w])(?:[A-Z])(?:[^\x{A}\x{21}-\x{22}\x{3F}]){2,40}\x{3F}",
            r"\b(?:[Mm][Aa][Yy])(?=\s{1,}(?:be|[Ss\x{17F}]o))|(?<=[\x{27}\x{2019}\w])[Ss\x{17F}]\b",
            r"(?:(?<!\b[Hh][Ii\x{130}-\x{131}][Ss\x{17F}]\s)[Oo]fficials)\s+[Ss\x{17F}]aid(?!\s+that)",
            r"\W+(?=\w)|[\x{2019}\w]+(?>[\x{2D}\w]*)\S",
        ] {
            let (narrowed, full) = (fancy(pat, Window::Ascii, 1000).unwrap(), written_fancy(pat));
            for t in texts {
                assert_eq!(window_form(t), Form::Ascii);
                for at in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                    let m = |re: &fancy_regex::Regex| {
                        re.find_from_pos(t, at)
                            .unwrap()
                            .map(|m| (m.start(), m.end()))
                    };
                    assert_eq!(m(&narrowed), m(&full), "{pat} {t:?} {at}");
                }
            }
        }
        // a look-around pattern runs its narrowed form on ASCII windows, the written one elsewhere
        let p = Pattern::new(&src(r"\b[Ss\x{17F}]aid(?!\w)", true, None, "x"), LIMITS).unwrap();
        let mut out = Vec::new();
        let mut st = SearchStats::default();
        let t = "said \u{17F}aid \u{e9}";
        p.find_all(t, 0, t.len(), None, &mut out, &mut st);
        assert_eq!(out, vec![(0, 4), (5, 10)]);
        assert!(p.unicode.get().is_some() && p.ascii.get().is_none());
        out.clear();
        p.find_all("said so", 0, 7, None, &mut out, &mut st);
        assert_eq!(out, vec![(0, 4)]);
        assert!(p.ascii.get().is_some());
    }

    #[test]
    fn look_around_alternation_in_pieces() {
        assert_eq!(
            top_branches(r"a|[|)(]|(b|c))").unwrap(),
            ["a", "[|)(]", "(b|c)"]
        );
        assert_eq!(top_branches("a|b)c"), None);
        assert_eq!(top_branches("a|b"), None);
        let native = r"\b(?:may\b|May(?=(?:\s){1,}be)|mi(?<!\w)ght|might(?!\w)|[Cc]an|c|[Ii\x{130}-\x{131}]t(?!\s))";
        let kinds: Vec<bool> = pieces(native)
            .iter()
            .map(|p| matches!(p, Piece::Linear { .. }))
            .collect();
        // the branches without look-around in runs, the halves read as the regex crate's own
        assert_eq!(kinds, [true, false, true, false]);
        assert!(pieces(r"(?:a(?=b)|c(?=d))").is_empty()); // every branch backtracks
        assert!(pieces(r"(a)(?:b|\1(?=c))").is_empty()); // not one alternation
        assert!(pieces(r"(?:(a)|b\1(?=c))").is_empty()); // a back-reference

        // tried in turn where the gate matches, they find what the whole form finds
        let gate =
            r"\b(?:may\b|May|mi\b{start-half}ght|might\b{end-half}|[Cc]an|c|[Ii\x{130}-\x{131}]t)";
        let p = Pattern::new(&src(native, true, Some(gate), "x"), LIMITS).unwrap();
        assert_eq!(p.pieces.len(), 4);
        let whole = written_fancy(&format!("\\G(?:{native})"));
        for t in [
            "May be may May not; might mightily Can can\u{2019}t cat",
            "\u{e9}may May\u{a0}be Caf\u{e9} might\u{e9} c",
            "\u{130}t, it is \u{131}t. It\u{e9} may",
            "it, It is caf\u{e9}. It",
        ] {
            for at in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                let window = match window_form(&t[context_start(t, at)..]) {
                    Form::Ascii => Window::Ascii,
                    _ if has_dotted_i(&t[at..]) => Window::Any,
                    _ => Window::Undotted,
                };
                let expected = whole
                    .find_from_pos(t, at)
                    .unwrap()
                    .map(|m| (m.start(), m.end()));
                assert_eq!(p.pieces_at(t, at, window), Ok(expected), "{t:?} {at}");
            }
            let mut out = Vec::new();
            let mut st = SearchStats::default();
            p.find_all(t, 0, t.len(), None, &mut out, &mut st);
            assert!(!out.is_empty());
        }
    }

    #[test]
    fn look_around_forms_read_letter_runs_as_literals() {
        let runs = |src: &str, window| case_runs(src, Runs::Fancy { window });
        // every run is `(?i:...)`; "[Ss]" and "[Kk]" join one on an ASCII window only, re's "i"
        // on a window without "\u{130}" and "\u{131}", and neither inside a look-behind (which
        // may read before the window)
        assert_eq!(
            runs(r"\b[Tt][Oo][Tt][Aa][Ll](?![\x{2D}\w])", Window::Any),
            r"\b(?i:total)(?![\x{2D}\w])"
        );
        assert_eq!(
            runs(
                r"[Ss][Aa][Ii][Dd]|[Ss\x{17F}][Aa][Kk\x{212A}][Ee]",
                Window::Any
            ),
            r"[Ss](?i:aid)|(?i:sake)"
        );
        assert_eq!(
            runs(r"(?<!\b[Hh][Ii][Ss]\s)[Ss][Aa][Kk][Ee]{2}", Window::Ascii),
            r"(?<!\b(?i:hi)[Ss]\s)(?i:sak)(?i:e){2}"
        );
        assert_eq!(
            runs(
                r"(?<=[Aa](?:[Ss]))[Ss]|[Ii\x{130}-\x{131}][Tt]",
                Window::Ascii
            ),
            r"(?<=(?i:a)(?:[Ss]))(?i:s)|[Ii\x{130}-\x{131}](?i:t)"
        );
        let dotted = r"(?<![Ii\x{130}-\x{131}])[Ii\x{130}-\x{131}][Tt]|[Hh][Ii\x{130}-\x{131}][Ss]";
        assert_eq!(
            runs(dotted, Window::Undotted),
            r"(?<![Ii\x{130}-\x{131}])(?i:it)|(?i:hi)[Ss]"
        );
        assert_eq!(
            runs(dotted, Window::Any),
            r"(?<![Ii\x{130}-\x{131}])[Ii\x{130}-\x{131}](?i:t)|(?i:h)[Ii\x{130}-\x{131}][Ss]"
        );
        // the same matches, and the same backtracking steps (the same searches give up at each
        // limit), as the written form, at every start of texts of any characters
        let texts = [
            "Truly TRULY awful, utterly hostile; utter-ly. \u{17F}ake SAKE \u{17F}aid so \u{212A}ITE's Kite",
            "His sake, her Sake. \u{130}t \u{131}t It it caf\u{e9} Sa\u{e9}d aaaaaaaaaaaaaaaaaaaac",
            "He said so: \u{201c}Why would we?\u{201d} Is it? Awful!? aAaAaAaAaAaAaAaAaAaAaAaAb",
            "Truly awful, utterly hostile; SAID so. His sake, her SAKE. It KITE's aaaaaaaaaaaaaac",
        ];
        let (mut found, mut gave_up) = (0, 0);
        let patterns = [
            r"\b(?:(?:[Tt][Rr][Uu][Ll][Yy]|[Uu][Tt][Tt][Ee][Rr]|[Uu][Tt][Tt][Ee][Rr][Ll][Yy])\s+)?(?:[Aa][Ww][Ff][Uu][Ll]|[Hh][Oo][Ss\x{17F}][Tt][Ii\x{130}-\x{131}][Ll][Ee])(?![\x{2D}\w])",
            r"(?<!\b[Hh][Ii\x{130}-\x{131}][Ss\x{17F}]\s)(?<!\b[Hh][Ee][Rr]\s)\b[Ss\x{17F}][Aa][Kk\x{212A}][Ee]\b",
            r"\b(?:[Ss][Aa][Ii][Dd]|[Kk][Ii][Tt][Ee])(?=\s+[Ss\x{17F}][Oo]|[\x{27}\x{2019}])|[Ii\x{130}-\x{131}][Tt]\b",
            r"(?:[Aa]|[Aa][Aa]|[Aa][Aa][Aa])*(?:[Aa][Aa])*[Bb](?![Cc])",
            r"\G(?:(?:[Aa]|[Aa][Aa])*[Cc](?=\s|$)|[Ww][Hh][Yy](?:[^\x{3F}]){0,40}\x{3F}(?![\x{22}\x{201D}]))",
        ];
        for pat in patterns {
            for window in [Window::Any, Window::Undotted, Window::Ascii] {
                assert_ne!(runs(pat, window), pat);
                for limit in [
                    1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 10_000,
                ] {
                    let read = fancy(pat, window, limit).unwrap();
                    let written = fancy_regex::RegexBuilder::new(pat)
                        .backtrack_limit(limit)
                        .build()
                        .unwrap();
                    for t in texts {
                        let holds = match window {
                            Window::Any => true,
                            Window::Undotted => !has_dotted_i(t),
                            Window::Ascii => window_form(t) == Form::Ascii,
                        };
                        if !holds {
                            continue;
                        }
                        for at in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                            let m = |re: &fancy_regex::Regex| {
                                re.find_from_pos(t, at)
                                    .map(|m| m.map(|m| (m.start(), m.end())))
                                    .map_err(|e| e.to_string())
                            };
                            let got = m(&read);
                            assert_eq!(got, m(&written), "{pat} {limit} {t:?} {at}");
                            found += usize::from(matches!(got, Ok(Some(_))));
                            gave_up += usize::from(got.is_err());
                        }
                    }
                }
            }
        }
        assert!(found > 1_000 && gave_up > 1_000, "{found} {gave_up}");

        // a window holding "\u{130}" or "\u{131}" runs the forms that keep re's "i" a class
        let p = Pattern::new(
            &src(
                r"\b[Ii\x{130}-\x{131}][Tt](?![\x{2D}\w])",
                true,
                None,
                r"[Ii\x{130}-\x{131}][Tt](?!\w)",
            ),
            LIMITS,
        )
        .unwrap();
        let mut st = SearchStats::default();
        let mut find = |t: &str| {
            let mut out = Vec::new();
            p.find_all(t, 0, t.len(), None, &mut out, &mut st);
            out
        };
        assert_eq!(find("\u{130}t is caf\u{e9}, it"), [(0, 3), (14, 16)]);
        assert_eq!(find("\u{131}t \u{b2} It"), [(0, 3), (7, 9)]);
        assert!(p.unicode.get().is_none() && p.exact.get().is_none());
        assert!(p.unicode_dotted.get().is_some() && p.exact_dotted.get().is_some());
        assert_eq!(find("It is caf\u{e9}, it"), [(0, 2), (13, 15)]);
        assert_eq!(find("It \u{b2} it"), [(0, 2), (6, 8)]);
        assert!(p.unicode.get().is_some() && p.exact.get().is_some());
    }

    #[test]
    fn view_is_python_lower() {
        assert_eq!(view_char('İ'), 'İ');
        assert_eq!(view_char('\u{2019}'), '\'');
        assert_eq!(view_char('\u{a0}'), ' ');
        assert_eq!(view_char('É'), 'é');
    }
    #[test]
    fn hit_checks_of_literal_sets() {
        let source = |native: &str, relaxed: &str| PatternSource {
            native: native.into(),
            fancy: false,
            gate: None,
            exact: native.into(),
            relaxed: Some(relaxed.into()),
            literals: None,
        };
        let limits = LIMITS;
        let p = Pattern::new(
            &source(
                "\\b(?:we|us|our|ours|we['’]re)\\b",
                "(?:we|us|our|ours|we['’]re)",
            ),
            limits,
        )
        .unwrap();
        let (we, us, our) = (
            p.hit_check(0, b"we"),
            p.hit_check(0, b"us"),
            p.hit_check(0, b"our"),
        );
        assert!(we.word_start && we.passes(false, None) && !we.passes(true, None));
        // "were" no, "we're" yes (a quote is no word byte), "ours" yes, "oura" no
        assert!(!we.passes(false, Some(b'r')) && we.passes(false, Some(b'\'')));
        assert!(!us.passes(false, Some(b'e')) && !us.passes(true, None));
        assert!(our.passes(false, Some(b's')) && !our.passes(false, Some(b'a')));
        // no leading boundary: "us" may follow a word character, and go on with one
        let p = Pattern::new(&source("(?:we|us)\\b", "(?:we|us)"), limits).unwrap();
        assert_eq!(p.hit_check(0, b"us"), HitCheck::NONE);
        // an alternation outside a group: the second branch may start anywhere
        let p = Pattern::new(&source("\\bwe|us", "we|us"), limits).unwrap();
        assert_eq!(p.hit_check(0, b"us"), HitCheck::NONE);
        // no trailing boundary: "wee" may be a match's start
        let p = Pattern::new(&source("\\b(?:we|us)", "(?:we|us)"), limits).unwrap();
        let we = p.hit_check(0, b"we");
        assert!(we.word_start && we.passes(false, Some(b'e')) && !we.passes(true, None));

        // a literal after a part that never ends with an ASCII word character
        let set = [b"long".to_vec()];
        let covered = |relaxed: &str| word_start_cover(&fold(parse(relaxed).unwrap()), &set, false);
        assert!(covered("(?:as|so)\\s+long"));
        assert!(covered("(?:as|so)[ ,]long\\s+as|(?:as|so)\\s+long"));
        assert!(!covered("(?:as|so)\\s*long")); // the space may be missing: "aslong"
        assert!(!covered("(?:as|so)long"));
        assert!(!covered("(?:as|so)[ a]long"));
        assert!(!covered("(?:as|so)\\s+long|along"));
        // at the match's start only after a boundary
        assert!(word_start_cover(&parse("long(?:er)?").unwrap(), &set, true));
        assert!(!word_start_cover(
            &parse("long(?:er)?").unwrap(),
            &set,
            false
        ));

        assert!(at_boundary("\\b(?:a|b)\\b", false) && at_boundary("\\b(?:a|b)\\b", true));
        assert!(at_boundary("\\b{start-half}[a|]b\\b{end-half}", true));
        assert!(!at_boundary("\\ba|b\\b", false) && !at_boundary("(?:\\ba|\\bb)", false));
        assert!(!at_boundary("\\b{end-half}a", false) && !at_boundary("a\\b{start-half}", true));
        assert!(!at_boundary("a\\\\b", true));
    }

    #[test]
    fn whole_word_forms_only_for_whole_words() {
        for yes in [
            r"\b(?:I|I['’](?:m|ve|d|ll)|me|Me|my)\b",
            r"\bwe\b",
            r"\b(?:ab|c[de]f)\b",
        ] {
            assert!(whole_word_form(yes).is_some(), "{yes}");
        }
        for no in [
            r"\b(?:I|me\w*)\b",    // not a finite set of strings
            r"\b(?:me|mé)\b",      // a word ending in a non-ASCII character
            r"\b(?:me|'us)\b",     // one starting with a non-word character
            r"\b(?:me|us')\b",     // or ending with one
            r"\b(?:me)\b\s",       // not ending in a boundary
            r"\b(?:me)\B",         // a non-boundary
            r"\b(?:a\bb|cd)\b",    // an assertion between the boundaries
            r"(?:me)\b",           // no boundary first
            r"\b(?:me)\b|\bus\b",  // an alternation of two
            r"\b{start-half}me\b", // a half boundary
            r"\b(?:me|x{0,1})\b",  // the empty string
        ] {
            assert!(whole_word_form(no).is_none(), "{no}");
        }
    }

    /// Every window (generated texts, cut at random, inside words too) where the pattern has a
    /// match is one `mark_words` marks, and it marks fewer windows than the relaxed form.
    #[test]
    fn whole_word_marks_hold_every_window_with_a_match() {
        let native = r"\b(?:I|I['’](?:m|ve|d|ll)|me|Me|my|mine)\b";
        let relaxed = r"I|I['’](?:m|ve|d|ll)|me|Me|my|mine";
        let pattern = Pattern::new(
            &PatternSource {
                relaxed: Some(relaxed.into()),
                literals: Some(Vec::new()),
                ..src(native, false, None, native)
            },
            LIMITS,
        )
        .unwrap();
        let pieces = [
            "I", "I'm", "I’m", "I've", "me", "Me", "my", "mine", "some", "time", "Im", "It", "Imé",
            " ", "  ", ", ", ".", "é", "_", "1", "ſ", "\u{301}", "²", "’", "'", "\n", "mé", "K",
        ];
        let mut below = crate::testing::below(0x5eed_0f1e_77e5);
        let (mut with_match, mut cut_after_match, mut marked_n, mut relaxed_n) = (0, 0, 0, 0);
        for _ in 0..1000 {
            let n = 1 + below(40);
            let text: String = (0..n).map(|_| pieces[below(pieces.len())]).collect();
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            // disjoint windows, with gaps now and then, cut anywhere
            let mut windows = Vec::new();
            let mut at = 0;
            while at + 1 < bounds.len() {
                let from = if below(4) == 0 { at + 1 } else { at };
                let to = (from + 1 + below(12)).min(bounds.len() - 1);
                if from < to {
                    windows.push((bounds[from], bounds[to]));
                }
                at = to;
            }
            let mut marked = vec![false; windows.len()];
            assert!(pattern.mark_words(&text, &windows, &mut marked));
            let mut by_relaxed = vec![false; windows.len()];
            assert!(pattern.mark_windows((&text, &folded(&text)), &windows, &mut by_relaxed));
            for (k, &(a, b)) in windows.iter().enumerate() {
                let mut spans = Vec::new();
                let mut stats = SearchStats::default();
                pattern.find_all(&text, a, b, None, &mut spans, &mut stats);
                if !spans.is_empty() {
                    assert!(marked[k], "{text:?} {:?}", &text[a..b]);
                    with_match += 1;
                    let next = text[b..].bytes().next();
                    if spans.iter().any(|&(_, e)| e == b) && next.is_some_and(ascii_word) {
                        cut_after_match += 1;
                    }
                }
                marked_n += usize::from(marked[k]);
                relaxed_n += usize::from(by_relaxed[k]);
            }
        }
        assert!(
            with_match > 1000 && cut_after_match > 20,
            "{with_match} {cut_after_match}"
        );
        assert!(marked_n * 10 < relaxed_n * 8, "{marked_n} {relaxed_n}");
    }
}
