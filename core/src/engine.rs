//! The `Engine`: every rule of a set of packs compiled once, immutable, shared between threads and
//! picklable (rebuilt from the plain data it was built from). framing/scoring/matching.py validates the
//! packs and hands over one tuple a rule; the engine returns plain tuples, one a match.
use crate::guard::guard;
use crate::matching::{
    ascii_word, context_start, folded, view_char, window_form, Form, HitCheck, Limits, Pattern,
    PatternSource, SearchStats,
};
use crate::offsets::{find_double_space, has_separator, next_wide, Offsets, OffsetsBuilder};
use crate::pychar;
use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA as Dfa;
use aho_corasick::nfa::contiguous::NFA as ContiguousNfa;
use aho_corasick::{Anchored, MatchKind};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// A rule's scope: where its matches count.
const SCOPE_ANY: u8 = 0;
const SCOPE_AUTHORIAL: u8 = 1;
const SCOPE_QUOTED: u8 = 2;

/// The forms of a pattern as Python hands them over: (native, fancy, gate, exact, relaxed,
/// literals: the sets `required_literals` finds for relaxed, or None to compute them here).
pub type PatternData = (
    String,
    bool,
    Option<String>,
    String,
    Option<String>,
    Option<Vec<Vec<Vec<u8>>>>,
);
/// One rule: (id, category, weight, scope, terms (key, weight, prefix), pattern, exceptions,
/// reach of the exceptions around a match in characters).
pub type RuleData = (
    String,
    String,
    f64,
    u8,
    Vec<(String, f64, bool)>,
    Option<PatternData>,
    Option<PatternData>,
    usize,
);
/// A sentence: (start, end, index, scored) in characters.
pub type SentenceData = (usize, usize, usize, bool);

/// Windows (paragraphs, say) searched as if they were sentences, every one scored.
pub fn windows_as_sentences(windows: &[(usize, usize)]) -> Vec<SentenceData> {
    windows
        .iter()
        .enumerate()
        .map(|(k, &(s, e))| (s, e, k, true))
        .collect()
}
/// A match handed back: (start, end, rule, sentence index, weight, voice).
pub type MatchRow = (usize, usize, usize, usize, f64, u8);
/// A candidate handed back: (start, end, rule, weight).
pub type CandidateRow = (usize, usize, usize, f64);
/// A rule a limit stopped in one call: (rule, searches given up, windows too long to search).
pub type LimitRow = (usize, usize, usize);

/// The rules whose searches a limit stopped, in rule order (empty on almost every text).
fn limit_rows(stats: &[SearchStats]) -> Vec<LimitRow> {
    stats
        .iter()
        .enumerate()
        .filter(|(_, s)| s.gave_up + s.too_long > 0)
        .map(|(rule, s)| (rule, s.gave_up, s.too_long))
        .collect()
}

struct Rule {
    id: String,
    category: usize,
    weight: f64,
    scope: u8,
    exceptions: Option<(Pattern, usize)>,
}

/// A match before the overlap policy: character offsets into the text.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    start: usize,
    end: usize,
    rule: usize,
    weight: f64,
}

/// The default of `Engine(literal_min_bytes=...)`: a pattern's literal set holding a literal
/// shorter than this is not looked for when the pattern has another set (a steady pass over 40
/// PolNeAR dev rows, callgrind: 3 saves 1.6% of the article call, 4 only 0.5%).
pub const LITERAL_MIN_BYTES: usize = 3;

/// The default of `Engine(literal_max_bytes=...)`: a literal is looked for by its first this
/// many bytes (the automaton's build is about its states times 256, and a prefix marks every
/// window the literal marks). One article's whole `framing score` process (callgrind): 762 M
/// with whole literals, 735 M with 8, 742 M with 10, 724 M with 6; a steady pass over 40
/// PolNeAR dev rows searches more windows for nothing: +0.6 M of 105 M with 8, +1.8 M with 6.
pub const LITERAL_MAX_BYTES: usize = 8;

/// The default of `Engine(literal_dfa_bytes_per_state=...)`: the literals are looked for with a
/// contiguous NFA (cheap to build, slower to run) until the engine has scanned this many bytes of
/// text per state of its literal trie, then with a DFA built then. Its build grows with the
/// states, the NFA's extra cost with the bytes: building it later (callgrind, 40 PolNeAR dev
/// rows) cost the matcher 52 M for 6,662 states and the furniture 5.7 M for 774, and the NFA
/// scanned 28.6 and 27.4 instructions a byte more than the DFA: break-even at 275 and 269 bytes a
/// state. Switching at the break-even never costs more than twice the better choice made ahead.
/// The phrase and lexicon terms' automaton switches by the same rule: its DFA cost the rules
/// profile's matcher 97 M for 15,547 states and saved 28 instructions a byte (224 bytes a state).
pub const LITERAL_DFA_BYTES_PER_STATE: usize = 270;

/// The literal automaton of an engine, or its terms' (keys searched overlapping, every hit
/// reported: the NFA and the DFA report the same hits in the same order). A DFA costs about
/// 6,400 instructions a trie state to build (it walks 256 bytes a state) and runs fastest; a
/// contiguous NFA builds for a fraction of that and runs slower on every byte. The NFA is built
/// with the engine; the DFA once the engine has scanned `dfa_after` bytes with the NFA (None:
/// never), or when asked (`Engine.compile`, `Engine.build_literal_dfa`: before forking workers,
/// so they inherit it). Both are scanned by `overlapping`, not through `AhoCorasick`.
struct LiteralScan {
    /// the automaton's keys, for building the DFA later
    keys: Vec<Vec<u8>>,
    nfa: ContiguousNfa,
    /// built once; None inside: the DFA could not be built, the NFA goes on
    dfa: OnceLock<Option<Dfa>>,
    /// bytes scanned with the NFA so far (any thread; a count, not a lock)
    scanned: AtomicUsize,
    /// the bytes to scan with the NFA before the DFA is built: the bytes per state times the
    /// trie's states (None: never)
    dfa_after: Option<usize>,
}

/// Every hit of `aut`'s keys in `hay`, overlapping, as `AhoCorasick::find_overlapping_iter`
/// reports them (by end, then in the automaton's order at one end): `hit(key, start, end)`.
/// The crate's iterator leaves and re-enters its search at every hit and keeps its place in
/// memory (~20 instructions a byte on the DFA, callgrind); this loop keeps the state in a
/// register. `aut` is built without a prefilter, so only dead and match states are special.
fn overlapping<A: Automaton>(aut: &A, hay: &[u8], mut hit: impl FnMut(usize, usize, usize)) {
    let Ok(mut sid) = aut.start_state(Anchored::No) else {
        return;
    };
    let mut report = |sid: StateID, end: usize| {
        for i in 0..aut.match_len(sid) {
            let key = aut.match_pattern(sid, i);
            hit(key.as_usize(), end - aut.pattern_len(key), end);
        }
    };
    // an empty key: a match before the first byte too (the engines hold none)
    if aut.is_match(sid) {
        report(sid, 0);
    }
    let mut at = 0;
    while at < hay.len() {
        (at, sid) = next_special(aut, hay, at, sid);
        if aut.is_dead(sid) {
            return;
        }
        if aut.is_match(sid) {
            report(sid, at);
        }
    }
}

/// From state `sid` before `hay[at]`: the place after the first byte that leads to a special
/// state and that state, or the end and the state there. Not inlined, so that the loop keeps
/// its few values in registers (the caller's hit handling spilled them: 15 instructions a byte
/// on the DFA against 11; 9 with four bytes a step).
#[inline(never)]
fn next_special<A: Automaton>(
    aut: &A,
    hay: &[u8],
    at: usize,
    mut sid: StateID,
) -> (usize, StateID) {
    // four bytes a step: one test of the end for four (the inner loop is unrolled)
    let mut chunks = hay[at..].chunks_exact(4);
    for (c, chunk) in chunks.by_ref().enumerate() {
        for (k, &b) in chunk.iter().enumerate() {
            sid = aut.next_state(Anchored::No, sid, b);
            if aut.is_special(sid) {
                return (at + 4 * c + k + 1, sid);
            }
        }
    }
    let rest = chunks.remainder();
    for (k, &b) in rest.iter().enumerate() {
        sid = aut.next_state(Anchored::No, sid, b);
        if aut.is_special(sid) {
            return (hay.len() - rest.len() + k + 1, sid);
        }
    }
    (hay.len(), sid)
}

impl LiteralScan {
    /// keys: unique; bytes_per_state: see `LITERAL_DFA_BYTES_PER_STATE` (None: never a DFA)
    fn new(keys: Vec<Vec<u8>>, bytes_per_state: Option<usize>) -> Result<LiteralScan, String> {
        // the trie's states: the root and one a byte of each key beyond the prefix it shares
        // with the key before it in sorted order (a copy: the keys' order is their pattern ids)
        let mut sorted: Vec<&[u8]> = keys.iter().map(Vec::as_slice).collect();
        sorted.sort_unstable();
        let mut states = 1usize;
        for (k, key) in sorted.iter().enumerate() {
            let shared = k.checked_sub(1).map_or(0, |p| {
                key.iter()
                    .zip(sorted[p])
                    .take_while(|(a, b)| a == b)
                    .count()
            });
            states += key.len() - shared;
        }
        let dfa_after = bytes_per_state.map(|b| b.saturating_mul(states));
        // no prefilter: `overlapping` treats only dead and match states as special (the
        // automata of thousands of keys got none from the crate anyway, rx12)
        let nfa = ContiguousNfa::builder()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(&keys)
            .map_err(|e| e.to_string())?;
        Ok(LiteralScan {
            keys,
            nfa,
            dfa: OnceLock::new(),
            scanned: AtomicUsize::new(0),
            dfa_after,
        })
    }

    /// The DFA, built now if it is not yet (None: it cannot be built).
    fn dfa(&self) -> Option<&Dfa> {
        self.dfa
            .get_or_init(|| {
                Dfa::builder()
                    .match_kind(MatchKind::Standard)
                    .prefilter(false)
                    .build(&self.keys)
                    .ok()
            })
            .as_ref()
    }

    /// "dfa" once the DFA is built, else "nfa".
    fn kind(&self) -> &'static str {
        match self.dfa.get() {
            Some(Some(_)) => "dfa",
            _ => "nfa",
        }
    }

    /// The DFA to scan `len` bytes with, once built or once the NFA has scanned its budget; else
    /// None, the NFA (and the bytes count towards the budget).
    fn dfa_for(&self, len: usize) -> Option<&Dfa> {
        if let Some(built) = self.dfa.get() {
            return built.as_ref();
        }
        match self.dfa_after {
            Some(after) if self.scanned.load(Ordering::Relaxed) >= after => self.dfa(),
            _ => {
                self.scanned.fetch_add(len, Ordering::Relaxed);
                None
            }
        }
    }

    /// Every hit of the keys in `hay` (see `overlapping`), with the DFA or the NFA.
    fn hits(&self, hay: &[u8], hit: impl FnMut(usize, usize, usize)) {
        match self.dfa_for(hay.len()) {
            Some(dfa) => overlapping(dfa, hay, hit),
            None => overlapping(&self.nfa, hay, hit),
        }
    }
}

#[pyclass(frozen, module = "framing._core")]
pub struct Engine {
    /// the rule data it was built from, for pickling (None: built from Rust, as the fuzz targets do)
    data: Option<Py<PyAny>>,
    limits: Limits,
    /// the shortest literal a literal set may hold and still be looked for (see `from_rules_with`)
    literal_min_bytes: usize,
    /// the longest prefix of a literal looked for (see `from_rules_with`)
    literal_max_bytes: usize,
    /// the bytes scanned a trie state before the literal and term DFAs are built (None: never;
    /// see `LiteralScan`)
    literal_dfa_bytes_per_state: Option<usize>,
    rules: Vec<Rule>,
    /// the phrase and lexicon terms' keys, run once over a text's view (an NFA, then a DFA once
    /// it pays, as the literals)
    terms: Option<LiteralScan>,
    /// per automaton key: (rule, weight, prefix term)
    key_terms: Vec<Vec<(usize, f64, bool)>>,
    /// regex and token rules, in rule order
    patterns: Vec<(usize, Pattern)>,
    /// the literals of every pattern that has them (`Pattern::literals`), in one automaton run
    /// once over a text's folded image
    literals: Option<LiteralScan>,
    /// per literal: the patterns (indices into `patterns`) that hold it, each with the bit of
    /// the set (of the pattern's literal sets) it stands in and what a hit must have beside it
    /// to count for that set (`Pattern::hit_check`)
    literal_patterns: Vec<Vec<(usize, u8, HitCheck)>>,
    /// per pattern: the bits of all its literal sets (a window must hold a literal of each)
    literal_sets: Vec<u8>,
}

fn source((native, fancy, gate, exact, relaxed, literals): PatternData) -> PatternSource {
    PatternSource {
        native,
        fancy,
        gate,
        exact,
        relaxed,
        literals,
    }
}

/// `view_char` of an ASCII character: lowered; '\t', '\n', '\x0b', '\x0c' and '\r' (9..=13) as
/// a space.
#[inline]
fn view_ascii(b: u8) -> u8 {
    match b {
        b'\t'..=b'\r' => b' ',
        _ => b.to_ascii_lowercase(),
    }
}

/// The matching view of a text: one character per character of the text (offsets stay valid).
struct View {
    /// the text's own characters, as many as the view's
    chars: TextChars,
    text: String,
    offsets: Offsets,
}

/// The characters of the text itself (segmentation and attribution read them as `&[char]`):
/// an article keeps one such copy, shared with its view, which needs only their number and
/// [`View::word_at`]. No indexing, so that no search reads a character of the text where it
/// means the view's.
struct TextChars(Vec<char>);

impl TextChars {
    fn len(&self) -> usize {
        self.0.len()
    }
}

impl View {
    #[cfg(test)]
    fn new(text: &str) -> View {
        prepare(text).1
    }

    /// Whether the view's character `i` is a word character.
    fn word_at(&self, i: usize) -> bool {
        self.chars
            .0
            .get(i)
            .is_some_and(|&c| pychar::is_word(view_char(c)))
    }
}

/// `text` with each run of spaces cut to its first, where it holds a run: the squeezed text and,
/// per run, (its squeezed offset after the space kept, spaces dropped up to and with it).
fn squeeze_spaces(text: &str) -> Option<(String, Vec<(usize, usize)>)> {
    let bytes = text.as_bytes();
    let mut at = find_double_space(bytes, 0)?;
    let mut hay = String::with_capacity(text.len());
    let mut gaps = Vec::new();
    let mut from = 0;
    loop {
        // text[at..] starts with two spaces: keep text[from..=at], drop the rest of the run
        hay.push_str(&text[from..=at]);
        let mut run_end = at + 1;
        while run_end < bytes.len() && bytes[run_end] == b' ' {
            run_end += 1;
        }
        let dropped = gaps.last().map_or(0, |g: &(usize, usize)| g.1) + (run_end - at - 1);
        gaps.push((hay.len(), dropped));
        from = run_end;
        match find_double_space(bytes, from) {
            Some(k) => at = k,
            None => break,
        }
    }
    hay.push_str(&text[from..]);
    Some((hay, gaps))
}

/// Where windows of a text need another form than the ASCII one (`matching::window_form`): the
/// byte offsets of its characters whose own form is Exact, and of those whose own form is
/// Unicode. A window's form is its most demanding character's, so one scan of the text gives the
/// form of every window (each sentence's, the whole text's) by two binary searches.
struct WindowForms {
    exact: Vec<usize>,
    unicode: Vec<usize>,
}

impl WindowForms {
    #[cfg(test)]
    fn new(text: &str) -> WindowForms {
        prepare(text).2
    }

    /// `window_form(&text[from..to])`.
    fn of(&self, from: usize, to: usize) -> Form {
        let any = |at: &[usize]| {
            at.get(at.partition_point(|&b| b < from))
                .is_some_and(|&b| b < to)
        };
        if any(&self.exact) {
            Form::Exact
        } else if any(&self.unicode) {
            Form::Unicode
        } else {
            Form::Ascii
        }
    }
}

/// A text's characters, offsets, matching view (with the view's own offsets) and windows' forms,
/// in one scan: each ASCII run (most of news text) is found once and copied a byte to a
/// character and into the view without decoding, and each character of more than one byte is
/// decoded once for all (`chars_of`, `Offsets::new` of the text and of the view and
/// `WindowForms` scanned it apart before).
fn prepare(text: &str) -> (Offsets, View, WindowForms) {
    let bytes = text.as_bytes();
    let mut chars: Vec<char> = Vec::with_capacity(text.len());
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    let (mut offsets, mut view_offsets) = (OffsetsBuilder::default(), OffsetsBuilder::default());
    let (mut exact, mut unicode) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < bytes.len() {
        let wide = next_wide(bytes, i);
        let run = &bytes[i..wide];
        // two plain loops the compiler vectorises: a widening copy, a byte map
        chars.extend(run.iter().map(|&b| b as char));
        out.extend(run.iter().map(|&b| view_ascii(b)));
        // an ASCII run needs the exact form only where it holds an information separator
        if has_separator(run) {
            exact.extend((i..wide).filter(|&b| window_form(&text[b..b + 1]) == Form::Exact));
        }
        let Some(c) = text[wide..].chars().next() else {
            break;
        };
        let next = wide + c.len_utf8();
        offsets.wide(wide, c.len_utf8());
        match window_form(&text[wide..next]) {
            Form::Exact => exact.push(wide),
            Form::Unicode => unicode.push(wide),
            Form::Ascii => {}
        }
        let v = view_char(c);
        if !v.is_ascii() {
            view_offsets.wide(out.len(), v.len_utf8());
        }
        chars.push(c);
        out.extend_from_slice(v.encode_utf8(&mut [0; 4]).as_bytes());
        i = next;
    }
    // every byte pushed is an ASCII byte or a whole encoded character
    let (text_view, view_offsets) = match String::from_utf8(out) {
        Ok(t) => {
            let o = view_offsets.finish(t.len());
            (t, o)
        }
        Err(e) => {
            let t = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let o = Offsets::new(&t);
            (t, o)
        }
    };
    let view = View {
        chars: TextChars(chars),
        text: text_view,
        offsets: view_offsets,
    };
    (
        offsets.finish(text.len()),
        view,
        WindowForms { exact, unicode },
    )
}

/// A text with what every search over it needs, built once per text (an article's furniture and
/// rule matching share it): its offsets, its matching view, its folded image and its windows'
/// forms.
pub struct Text<'a> {
    text: &'a str,
    offsets: Offsets,
    view: View,
    folded: String,
    forms: WindowForms,
}

impl<'a> Text<'a> {
    pub fn new(text: &'a str) -> Text<'a> {
        let (offsets, view, forms) = prepare(text);
        Text {
            text,
            offsets,
            view,
            folded: folded(text),
            forms,
        }
    }

    /// `matching::folded` of the text (the attribution finder's lower-cased twin too).
    pub fn folded(&self) -> &str {
        &self.folded
    }

    /// The text's code points (`segment::chars_of(text)`): segmentation's and attribution's
    /// offsets are indices into them.
    pub fn chars(&self) -> &[char] {
        &self.view.chars.0
    }
}

/// The quotations of a text: their starts and ends (sorted by start), in characters.
pub struct Quotes<'a> {
    pub starts: &'a [usize],
    pub ends: &'a [usize],
}

impl Quotes<'_> {
    /// A text without quotations.
    pub const NONE: Quotes<'static> = Quotes {
        starts: &[],
        ends: &[],
    };

    /// framing.scoring.segment.Voice.quoted_at: the last quotation starting at or before `pos` holds it.
    fn quoted_at(&self, pos: usize) -> bool {
        let i = self.starts.partition_point(|&s| s <= pos);
        i > 0 && self.ends.get(i - 1).is_some_and(|&e| pos < e)
    }

    /// Voice.of_span: the voice of a span's middle character.
    fn scope_of(&self, start: usize, end: usize) -> u8 {
        let pos = if end > start {
            (start + end - 1) / 2
        } else {
            start
        };
        if self.quoted_at(pos) {
            SCOPE_QUOTED
        } else {
            SCOPE_AUTHORIAL
        }
    }
}

impl Engine {
    /// How many rules the engine holds.
    pub fn rule_count(&self) -> usize {
        self.rules.len()
    }

    /// The id of rule `i` ("pack.rule").
    pub fn rule_id(&self, i: usize) -> &str {
        &self.rules[i].id
    }

    /// The literal and term DFAs built now, whatever has been scanned (not under
    /// `literal_dfa_bytes_per_state=None`).
    fn literal_dfa_now(&self) {
        for scan in [&self.literals, &self.terms].into_iter().flatten() {
            if scan.dfa_after.is_some() {
                scan.dfa();
            }
        }
    }

    /// Engine.compile: every form of every pattern and exception compiled now.
    fn compile_all(&self) -> PyResult<()> {
        self.literal_dfa_now();
        for (i, pattern) in &self.patterns {
            pattern
                .compile_all()
                .map_err(|e| PyValueError::new_err(format!("rule {}: {e}", self.rules[*i].id)))?;
        }
        for rule in &self.rules {
            if let Some((pattern, _)) = &rule.exceptions {
                pattern.compile_all().map_err(|e| {
                    PyValueError::new_err(format!("rule {}: exceptions: {e}", rule.id))
                })?;
            }
        }
        Ok(())
    }

    fn build(
        data: &Bound<'_, PyAny>,
        limits: Limits,
        literal_bytes: (usize, usize, Option<usize>),
    ) -> PyResult<Engine> {
        let specs: Vec<RuleData> = data.extract()?;
        Engine::from_rules_with(specs, limits, literal_bytes, Some(data.clone().unbind()))
            .map_err(PyValueError::new_err)
    }

    /// An engine from rule data in Rust (the fuzz targets build theirs so); `data` is what
    /// pickling hands back.
    pub fn from_rules(
        specs: Vec<RuleData>,
        limits: Limits,
        data: Option<Py<PyAny>>,
    ) -> Result<Engine, String> {
        Engine::from_rules_with(
            specs,
            limits,
            (
                LITERAL_MIN_BYTES,
                LITERAL_MAX_BYTES,
                Some(LITERAL_DFA_BYTES_PER_STATE),
            ),
            data,
        )
    }

    /// `from_rules` with (literal_min_bytes, literal_max_bytes, literal_dfa_bytes_per_state): the shortest
    /// literal a pattern's literal set may hold and still be looked for while the pattern has
    /// another set, the longest prefix of a literal looked for, and the bytes scanned before the
    /// literal DFA is built (the literals only choose the windows to search: matches are the same
    /// for any values).
    pub fn from_rules_with(
        specs: Vec<RuleData>,
        limits: Limits,
        (literal_min_bytes, literal_max_bytes, literal_dfa_bytes_per_state): (
            usize,
            usize,
            Option<usize>,
        ),
        data: Option<Py<PyAny>>,
    ) -> Result<Engine, String> {
        let mut categories: HashMap<String, usize> = HashMap::new();
        let mut rules = Vec::with_capacity(specs.len());
        let mut keys: Vec<String> = Vec::new();
        let mut key_index: HashMap<String, usize> = HashMap::new();
        let mut key_terms: Vec<Vec<(usize, f64, bool)>> = Vec::new();
        let mut patterns = Vec::new();
        for (i, (id, category, weight, scope, terms, pattern, exceptions, reach)) in
            specs.into_iter().enumerate()
        {
            if scope > SCOPE_QUOTED {
                return Err(format!("rule {id}: unknown scope {scope}"));
            }
            for (key, w, prefix) in terms {
                if key.is_empty() {
                    continue;
                }
                let k = *key_index.entry(key.clone()).or_insert_with(|| {
                    keys.push(key);
                    key_terms.push(Vec::new());
                    keys.len() - 1
                });
                key_terms[k].push((i, w, prefix));
            }
            if let Some(p) = pattern {
                let compiled =
                    Pattern::new(&source(p), limits).map_err(|e| format!("rule {id}: {e}"))?;
                patterns.push((i, compiled));
            }
            let exceptions = match exceptions {
                // searched only around a candidate, never over a whole text: no prefilter
                Some(p) => Some((
                    Pattern::new(
                        &PatternSource {
                            relaxed: None,
                            literals: None,
                            ..source(p)
                        },
                        limits,
                    )
                    .map_err(|e| format!("rule {id}: exceptions: {e}"))?,
                    reach,
                )),
                None => None,
            };
            let n = categories.len();
            let category = *categories.entry(category).or_insert(n);
            rules.push(Rule {
                id,
                category,
                weight,
                scope,
                exceptions,
            });
        }
        let mut literal_index: HashMap<&[u8], usize> = HashMap::new();
        let mut literals: Vec<&[u8]> = Vec::new();
        let mut literal_patterns: Vec<Vec<(usize, u8, HitCheck)>> = Vec::new();
        let mut literal_sets = Vec::with_capacity(patterns.len());
        for (j, (i, pattern)) in patterns.iter().enumerate() {
            let sets = pattern.literals().unwrap_or_default();
            if sets.len() > 8 {
                return Err(format!("rule {}: more than 8 literal sets", rules[*i].id));
            }
            // A set with a short literal ("as", "y") marks nearly every window, and each of its
            // many hits costs the automaton a report: such a set is left out when the pattern
            // has another (the windows marked can only grow, and every one is still searched).
            let short = |set: &Vec<Vec<u8>>| set.iter().any(|l| l.len() < literal_min_bytes);
            let all_short = sets.iter().all(short);
            let mut bits = 0u8;
            for (s, set) in sets.iter().enumerate() {
                if !all_short && short(set) {
                    continue;
                }
                bits |= 1 << s;
                for lit in set {
                    // a prefix is found wherever the literal is (a byte search: a cut inside a
                    // character is fine); literals that share it become one
                    let lit = &lit[..lit.len().min(literal_max_bytes.max(1))];
                    let k = *literal_index.entry(lit).or_insert_with(|| {
                        literals.push(lit);
                        literal_patterns.push(Vec::new());
                        literals.len() - 1
                    });
                    let entry = (j, 1u8 << s, pattern.hit_check(s, lit));
                    if literal_patterns[k].last() != Some(&entry) {
                        literal_patterns[k].push(entry);
                    }
                }
            }
            literal_sets.push(bits);
        }
        let literals = if literals.is_empty() {
            None
        } else {
            let keys = literals.into_iter().map(<[u8]>::to_vec).collect();
            Some(
                LiteralScan::new(keys, literal_dfa_bytes_per_state)
                    .map_err(|e| format!("literal automaton: {e}"))?,
            )
        };
        let terms = if keys.is_empty() {
            None
        } else {
            let keys = keys.into_iter().map(String::into_bytes).collect();
            Some(
                LiteralScan::new(keys, literal_dfa_bytes_per_state)
                    .map_err(|e| format!("term automaton: {e}"))?,
            )
        };
        Ok(Engine {
            data,
            limits,
            literal_min_bytes,
            literal_max_bytes,
            literal_dfa_bytes_per_state,
            rules,
            terms,
            key_terms,
            patterns,
            literals,
            literal_patterns,
            literal_sets,
        })
    }

    /// Which windows (byte ranges of `folded`, sorted and disjoint) each pattern with literals may
    /// match in: `marks[j * windows.len() + k]` for pattern j (index into `patterns`), window k. A
    /// match inside a window holds a literal of each of its pattern's sets inside that window.
    fn literal_marks(&self, folded: &str, windows: &[(usize, usize)]) -> Vec<bool> {
        let n = windows.len();
        // per pattern and window: the bits of the sets a literal was found of
        let mut found = vec![0u8; self.patterns.len() * n];
        let Some(scan) = &self.literals else {
            return vec![false; found.len()];
        };
        // the one window that can hold a hit: the first ending at or after its end (hits come
        // by end, so it only moves on)
        let mut k = 0;
        let bytes = folded.as_bytes();
        scan.hits(bytes, |key, start, end| {
            while k < n && windows[k].1 < end {
                k += 1;
            }
            if k < n && windows[k].0 <= start {
                // the bytes beside the hit as a search of the window sees them: the text before
                // the window is its context, the window's end the end of the text
                let before_word = start > 0 && ascii_word(bytes[start - 1]);
                let after = (end < windows[k].1)
                    .then(|| bytes[end])
                    .filter(|&b| ascii_word(b));
                for &(j, bit, check) in &self.literal_patterns[key] {
                    if check.passes(before_word, after) {
                        found[j * n + k] |= bit;
                    }
                }
            }
        });
        // pattern by pattern, its sets' bits once (a division a window and pattern cost ~0.7 M
        // instructions a steady pass of 40 articles)
        let mut marks = Vec::with_capacity(found.len());
        for (windows, &sets) in found.chunks(n.max(1)).zip(&self.literal_sets) {
            marks.extend(windows.iter().map(|&bits| bits != 0 && bits == sets));
        }
        marks
    }

    /// Term candidates of one automaton hit [s, last] (view offsets): whole words only; a prefix
    /// term ("investigat*") runs on to the end of its word, but not past `end`.
    fn term_candidates(
        &self,
        view: &View,
        key: usize,
        s: usize,
        last: usize,
        end: usize,
        out: &mut Vec<Candidate>,
    ) {
        if s > 0 && view.word_at(s - 1) {
            return;
        }
        let e = last + 1;
        let right_ok = !view.word_at(e);
        for &(rule, weight, prefix) in &self.key_terms[key] {
            if prefix {
                let mut pe = e;
                while pe < end && view.word_at(pe) {
                    pe += 1;
                }
                out.push(Candidate {
                    start: s,
                    end: pe,
                    rule,
                    weight,
                });
            } else if right_ok {
                out.push(Candidate {
                    start: s,
                    end: e,
                    rule,
                    weight,
                });
            }
        }
    }

    /// Is a candidate inside one of its rule's exceptions (or an ignored phrase)?
    fn excepted(&self, c: &Candidate, view: &View, stats: &mut SearchStats) -> bool {
        let Some((pattern, reach)) = &self.rules[c.rule].exceptions else {
            return false;
        };
        let lo = c.start.saturating_sub(*reach);
        let hi = (c.end + reach).min(view.chars.len());
        let mut spans = Vec::new();
        pattern.find_all(
            &view.text,
            view.offsets.to_byte(lo),
            view.offsets.to_byte(hi),
            None,
            &mut spans,
            stats,
        );
        spans
            .iter()
            .any(|&(a, b)| view.offsets.to_char(a) <= c.start && c.end <= view.offsets.to_char(b))
    }

    /// Matches of every regex rule in text[start:end] (characters), as Python's finditer.
    fn pattern_candidates(
        pattern: &Pattern,
        (rule, weight): (usize, f64),
        text: &str,
        offsets: &Offsets,
        (start, end, form): (usize, usize, Option<Form>),
        out: &mut Vec<Candidate>,
        stats: &mut SearchStats,
    ) {
        let mut spans = Vec::new();
        pattern.find_all(
            text,
            offsets.to_byte(start),
            offsets.to_byte(end),
            form,
            &mut spans,
            stats,
        );
        out.extend(spans.into_iter().map(|(a, b)| Candidate {
            start: offsets.to_char(a),
            end: offsets.to_char(b),
            rule,
            weight,
        }));
    }

    /// Matches over the sentences of a text (see `match_sentences`).
    pub fn match_text(
        &self,
        text: &str,
        sentences: &[SentenceData],
        quotes: &Quotes,
        native_overlap: bool,
    ) -> (Vec<MatchRow>, Vec<LimitRow>) {
        self.match_in(&Text::new(text), sentences, quotes, native_overlap)
    }

    /// `match_text` on a text prepared once.
    pub fn match_in(
        &self,
        prepared: &Text,
        sentences: &[SentenceData],
        quotes: &Quotes,
        native_overlap: bool,
    ) -> (Vec<MatchRow>, Vec<LimitRow>) {
        let mut stats = vec![SearchStats::default(); self.rules.len()];
        let Text {
            text,
            offsets,
            view,
            folded: folded_text,
            forms: window_forms,
        } = prepared;
        let text: &str = text;
        let n_sent = sentences.len();
        let mut per_sent: Vec<Vec<Candidate>> = vec![Vec::new(); n_sent];
        if let (Some(ac), true) = (&self.terms, n_sent > 0) {
            // Runs of spaces (a double space, a CRLF line break) count as one, so phrase terms
            // match across them: the automaton runs over the view with each run squeezed to its
            // first space. A space is one byte, so a byte of the squeezed text lies as many bytes
            // further in the view as spaces were dropped before it: `gaps` holds, at each run,
            // the squeezed offset after its first space and the spaces dropped up to there.
            let squeezed = squeeze_spaces(&view.text);
            let (hay, gaps) = match &squeezed {
                Some((hay, gaps)) => (hay.as_str(), gaps.as_slice()),
                None => (view.text.as_str(), &[][..]),
            };
            let to_view = |b: usize| {
                let g = gaps.partition_point(|&(at, _)| at <= b);
                let dropped = if g == 0 { 0 } else { gaps[g - 1].1 };
                view.offsets.to_char(b + dropped)
            };
            let starts: Vec<usize> = sentences.iter().map(|s| s.0).collect();
            let ends: Vec<usize> = sentences.iter().map(|s| s.1).collect();
            let hay_bytes = hay.as_bytes();
            ac.hits(hay_bytes, |key, start, end| {
                // most hits of short keys fall inside words ("on" in "nation"): an ASCII word
                // character before the hit says so without mapping it back (the character
                // before a hit in the squeezed text is the view's, or a space either way)
                if start > 0 {
                    let b = hay_bytes[start - 1];
                    if ascii_word(b) {
                        return;
                    }
                }
                let (s, last) = (to_view(start), to_view(end - 1));
                if s > 0 && view.word_at(s - 1) {
                    return; // a word character of more than one byte before it
                }
                // the sentence that can hold the hit: the first ending after its last character
                let k = ends.partition_point(|&e| e <= last);
                if k == n_sent || starts[k] > s || !sentences[k].3 {
                    return;
                }
                self.term_candidates(view, key, s, last, ends[k], &mut per_sent[k]);
            });
        }
        // The form of each sentence's window is worked out once for every pattern.
        let bytes: Vec<(usize, usize)> = sentences
            .iter()
            .map(|&(start, end, _, _)| (offsets.to_byte(start), offsets.to_byte(end)))
            .collect();
        let forms: Vec<Option<Form>> = sentences
            .iter()
            .zip(&bytes)
            .map(|(&(_, _, _, live), &(bs, be))| {
                (live && bs < be).then(|| window_forms.of(context_start(text, bs), be))
            })
            .collect();
        let mut marked = vec![false; n_sent];
        let disjoint = bytes
            .windows(2)
            .all(|w| w[0].0 <= w[0].1 && w[0].1 <= w[1].0);
        // One pass of the literal automaton marks the sentences a match of each pattern with
        // literals may stand in; one search of the whole text with the assertion-free form marks
        // them for a pattern without. Only those are searched sentence by sentence.
        let literal_marks = if disjoint {
            self.literal_marks(folded_text, &bytes)
        } else {
            Vec::new()
        };
        for (j, (rule, pattern)) in self.patterns.iter().enumerate() {
            let weight = self.rules[*rule].weight;
            let prefiltered = disjoint
                && if pattern.literals().is_some() {
                    marked.copy_from_slice(&literal_marks[j * n_sent..(j + 1) * n_sent]);
                    true
                } else {
                    pattern.mark_words(text, &bytes, &mut marked)
                        || pattern.mark_windows((text, folded_text), &bytes, &mut marked)
                };
            for (k, &(start, end, _, _)) in sentences.iter().enumerate() {
                if prefiltered && !marked[k] {
                    continue;
                }
                // a literal is a coarse filter ("said" stands in many a sentence): where the
                // search would not be a DFA's, the relaxed form over the sentence alone tells
                // first whether a match may stand there
                let (bs, be) = bytes[k];
                if prefiltered
                    && pattern.literals().is_some()
                    && forms[k].is_some_and(|f| !pattern.runs_dfa(f))
                    && !pattern.may_match(&text[bs..be], &folded_text[bs..be])
                {
                    continue;
                }
                if let Some(form) = forms[k] {
                    Self::pattern_candidates(
                        pattern,
                        (*rule, weight),
                        text,
                        offsets,
                        (start, end, Some(form)),
                        &mut per_sent[k],
                        &mut stats[*rule],
                    );
                }
            }
        }
        let mut found = Vec::new();
        for (k, cands) in per_sent.into_iter().enumerate() {
            if cands.is_empty() {
                continue;
            }
            let cands: Vec<Candidate> = cands
                .into_iter()
                .filter(|c| {
                    let scope = self.rules[c.rule].scope;
                    !self.excepted(c, view, &mut stats[c.rule])
                        && (scope == SCOPE_ANY || scope == quotes.scope_of(c.start, c.end))
                })
                .collect();
            let kept = if native_overlap {
                self.longest_per_category(cands)
            } else {
                cands
            };
            let index = sentences[k].2;
            found.extend(kept.into_iter().map(|c| {
                (
                    c.start,
                    c.end,
                    c.rule,
                    index,
                    c.weight,
                    quotes.scope_of(c.start, c.end),
                )
            }));
        }
        (found, limit_rows(&stats))
    }

    fn longest_per_category(&self, cands: Vec<Candidate>) -> Vec<Candidate> {
        let spans: Vec<OverlapItem> = cands
            .iter()
            .map(|c| OverlapItem {
                start: c.start,
                end: c.end,
                weight: c.weight,
                category: self.rules[c.rule].category,
                id: &self.rules[c.rule].id,
            })
            .collect();
        longest_per_category(&spans)
            .into_iter()
            .map(|i| cands[i])
            .collect()
    }

    /// Every candidate in text[start:end] (see `candidates`).
    pub fn candidates_in(
        &self,
        text: &str,
        start: usize,
        end: usize,
    ) -> (Vec<CandidateRow>, Vec<LimitRow>) {
        self.candidates_in_text(&Text::new(text), start, end)
    }

    /// `candidates_in` on a text prepared once.
    pub fn candidates_in_text(
        &self,
        prepared: &Text,
        start: usize,
        end: usize,
    ) -> (Vec<CandidateRow>, Vec<LimitRow>) {
        let mut stats = vec![SearchStats::default(); self.rules.len()];
        let Text {
            text,
            offsets,
            view,
            folded: folded_text,
            forms: window_forms,
        } = prepared;
        let text: &str = text;
        let end = end.min(view.chars.len());
        let start = start.min(end);
        let mut out = Vec::new();
        if let Some(ac) = &self.terms {
            let (bs, be) = (view.offsets.to_byte(start), view.offsets.to_byte(end));
            ac.hits(&view.text.as_bytes()[bs..be], |key, hs, he| {
                let s = view.offsets.to_char(bs + hs);
                let last = view.offsets.to_char(bs + he - 1);
                self.term_candidates(view, key, s, last, end, &mut out);
            });
        }
        let (bs, be) = (offsets.to_byte(start), offsets.to_byte(end));
        let (region, folded_region) = (&text[bs..be], &folded_text[bs..be]);
        // the prefilter first, as over sentences: a pattern none of whose literals stands in the
        // region, or whose assertion-free form finds nothing there, is not searched, nor compiled.
        // A match of that form holds a literal of each set (the sets are its required literals),
        // so once it is compiled it decides alone: a region is scanned for literals (~20
        // instructions a byte) only while a pattern with literals lacks it (a fresh engine's
        // first texts), where they spare its compile.
        let scan = self
            .patterns
            .iter()
            .any(|(_, p)| p.literals().is_some() && !p.relaxed_compiled());
        let literal_marks = if scan {
            self.literal_marks(folded_region, &[(0, folded_region.len())])
        } else {
            Vec::new()
        };
        // the form of the region, as each search would work it out (`Pattern::find_all`)
        let form = window_forms.of(context_start(text, bs), be);
        for (j, (rule, pattern)) in self.patterns.iter().enumerate() {
            let literal = !scan || pattern.literals().is_none() || literal_marks[j];
            if !(literal && pattern.may_match(region, folded_region)) {
                continue;
            }
            let weight = self.rules[*rule].weight;
            Self::pattern_candidates(
                pattern,
                (*rule, weight),
                text,
                offsets,
                (start, end, Some(form)),
                &mut out,
                &mut stats[*rule],
            );
        }
        let out = out
            .into_iter()
            .filter(|c| !self.excepted(c, view, &mut stats[c.rule]))
            .map(|c| (c.start, c.end, c.rule, c.weight))
            .collect();
        (out, limit_rows(&stats))
    }
}

/// What the overlap policy looks at in a candidate.
pub struct OverlapItem<'a> {
    pub start: usize,
    pub end: usize,
    pub weight: f64,
    pub category: usize,
    pub id: &'a str,
}

/// The default overlap policy (framing.scoring.matching.longest_per_category): within a category keep the
/// longest match, then the heavier, then the earlier (then the rule id); categories may overlap.
/// Returns the indices of the kept items, ordered by (start, end, rule id).
pub fn longest_per_category(items: &[OverlapItem]) -> Vec<usize> {
    // most sentences hold one candidate or none: nothing to choose
    if items.len() < 2 {
        return (0..items.len()).collect();
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&items[a], &items[b]);
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(b.weight.total_cmp(&a.weight))
            .then(a.start.cmp(&b.start))
            .then_with(|| a.id.cmp(b.id))
    });
    // Kept spans of a category are disjoint, so sorted by start they are sorted by end too: the one
    // span that can overlap a candidate is the last starting before its end.
    // (category, its kept spans): a sentence's candidates fall in a few categories, found by a
    // scan rather than a hash map built per call (with the return above: 0.97 -> 0.37 M
    // instructions a steady pass of 40 articles)
    let mut by_cat: Vec<(usize, Vec<(usize, usize)>)> = Vec::new();
    let mut kept = Vec::new();
    for i in order {
        let c = &items[i];
        let slot = match by_cat.iter().position(|b| b.0 == c.category) {
            Some(slot) => slot,
            None => {
                by_cat.push((c.category, Vec::new()));
                by_cat.len() - 1
            }
        };
        let spans = &mut by_cat[slot].1;
        let at = spans.partition_point(|&(s, _)| s < c.end);
        if at > 0 && spans[at - 1].1 > c.start {
            continue;
        }
        spans.insert(at, (c.start, c.end));
        kept.push(i);
    }
    kept.sort_by(|&a, &b| {
        let (a, b) = (&items[a], &items[b]);
        (a.start, a.end)
            .cmp(&(b.start, b.end))
            .then_with(|| a.id.cmp(b.id))
    });
    kept
}

/// longest_per_category over (start, end, weight, category, rule id) rows: the kept row indices.
#[pyfunction(name = "longest_per_category")]
pub fn py_longest_per_category(
    rows: Vec<(usize, usize, f64, String, String)>,
) -> PyResult<Vec<usize>> {
    guard("longest_per_category", || {
        Ok(longest_per_category_rows(&rows))
    })
}

fn longest_per_category_rows(rows: &[(usize, usize, f64, String, String)]) -> Vec<usize> {
    let mut categories: HashMap<&str, usize> = HashMap::new();
    let items: Vec<OverlapItem> = rows
        .iter()
        .map(|(start, end, weight, category, id)| {
            let n = categories.len();
            OverlapItem {
                start: *start,
                end: (*end).max(*start),
                weight: *weight,
                category: *categories.entry(category.as_str()).or_insert(n),
                id,
            }
        })
        .collect();
    longest_per_category(&items)
}

#[pymethods]
impl Engine {
    /// rules: one tuple a rule, as framing.scoring.matching.Matcher builds them; backtrack_limit: the
    /// most backtracking steps a look-around pattern may take on one window before it gives up;
    /// lookaround_max_bytes: the longest sentence (UTF-8 bytes) a look-around pattern searches;
    /// literal_min_bytes: a pattern's literal set with a shorter literal is not looked for while
    /// the pattern has another (it only chooses fewer windows to search; matches are the same);
    /// literal_max_bytes: a literal is looked for by its first this many bytes (a cheaper
    /// automaton to build, maybe more windows searched; matches are the same);
    /// literal_dfa_bytes_per_state: the literals are looked for with an NFA (cheap to build) until
    /// the engine has scanned this many bytes of text per state of their trie, then with a DFA
    /// (faster; its build grows with the states; None: never; matches are the same), and the
    /// phrase and lexicon terms likewise, each automaton by its own trie's states.
    #[new]
    #[pyo3(signature = (rules, backtrack_limit = 1_000_000, lookaround_max_bytes = 20_000,
                        literal_min_bytes = LITERAL_MIN_BYTES,
                        literal_max_bytes = LITERAL_MAX_BYTES,
                        literal_dfa_bytes_per_state = Some(LITERAL_DFA_BYTES_PER_STATE)))]
    fn new(
        rules: &Bound<'_, PyAny>,
        backtrack_limit: usize,
        lookaround_max_bytes: usize,
        literal_min_bytes: usize,
        literal_max_bytes: usize,
        literal_dfa_bytes_per_state: Option<usize>,
    ) -> PyResult<Engine> {
        guard("Engine", || {
            Engine::build(
                rules,
                Limits {
                    backtrack_limit,
                    lookaround_max_bytes,
                },
                (
                    literal_min_bytes,
                    literal_max_bytes,
                    literal_dfa_bytes_per_state,
                ),
            )
        })
    }

    /// Pickling (process pools, Dask): the engine is rebuilt from the data it was built from.
    fn __getnewargs__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        guard("Engine.__getnewargs__", || self.newargs(py))
    }

    /// Compiles every form of every pattern now (they are otherwise compiled on first use), and
    /// builds the literal DFA (see build_literal_dfa): before forking workers, so that they share
    /// these instead of each building its own. Raises ValueError naming the rule of a pattern
    /// that does not compile.
    fn compile(&self, py: Python<'_>) -> PyResult<()> {
        py.detach(|| guard("Engine.compile", || self.compile_all()))
    }

    #[getter]
    fn backtrack_limit(&self) -> usize {
        self.limits.backtrack_limit
    }

    #[getter]
    fn lookaround_max_bytes(&self) -> usize {
        self.limits.lookaround_max_bytes
    }

    #[getter]
    fn literal_min_bytes(&self) -> usize {
        self.literal_min_bytes
    }

    #[getter]
    fn literal_max_bytes(&self) -> usize {
        self.literal_max_bytes
    }

    #[getter]
    fn literal_dfa_bytes_per_state(&self) -> Option<usize> {
        self.literal_dfa_bytes_per_state
    }

    /// Which automaton the literals are looked for with now: "dfa", "nfa", or None (no
    /// pattern has literals).
    #[getter]
    fn literal_automaton(&self) -> Option<&'static str> {
        self.literals.as_ref().map(LiteralScan::kind)
    }

    /// The same for the phrase and lexicon terms' automaton (None: no terms).
    #[getter]
    fn term_automaton(&self) -> Option<&'static str> {
        self.terms.as_ref().map(LiteralScan::kind)
    }

    /// Builds the literal DFA and the terms' DFA now, whatever the engine has scanned (nothing
    /// under literal_dfa_bytes_per_state=None): before forking workers, so that they inherit them
    /// instead of each building its own. Engine.compile does it too.
    fn build_literal_dfa(&self, py: Python<'_>) -> PyResult<()> {
        py.detach(|| {
            guard("Engine.build_literal_dfa", || {
                self.literal_dfa_now();
                Ok(())
            })
        })
    }

    /// Matches over the sentences of a text; each stays inside its sentence. sentences: (start,
    /// end, index, scored); quotations: their starts and ends (sorted by start). With overlap
    /// (the default policy) the kept matches; without, every candidate, for a policy of the
    /// caller's. Returns ([(start, end, rule, sentence index, weight, voice)], [(rule, searches
    /// given up, sentences too long to search)] for the rules a limit stopped); voice 1 is
    /// authorial, 2 quoted.
    #[pyo3(signature = (text, sentences, quote_starts, quote_ends, overlap = true))]
    fn match_sentences(
        &self,
        py: Python<'_>,
        text: &str,
        sentences: Vec<SentenceData>,
        quote_starts: Vec<usize>,
        quote_ends: Vec<usize>,
        overlap: bool,
    ) -> PyResult<(Vec<MatchRow>, Vec<LimitRow>)> {
        py.detach(|| {
            guard("Engine.match_sentences", || {
                let quotes = Quotes {
                    starts: &quote_starts,
                    ends: &quote_ends,
                };
                Ok(self.match_text(text, &sentences, &quotes, overlap))
            })
        })
    }

    /// Every candidate in text[start:end] (one region, no sentences, no overlap policy), with
    /// exceptions applied: [(start, end, rule, weight)] and the rules a limit stopped, as above.
    #[pyo3(signature = (text, start = 0, end = None))]
    fn candidates(
        &self,
        py: Python<'_>,
        text: &str,
        start: usize,
        end: Option<usize>,
    ) -> PyResult<(Vec<CandidateRow>, Vec<LimitRow>)> {
        py.detach(|| {
            guard("Engine.candidates", || {
                Ok(self.candidates_in(text, start, end.unwrap_or(usize::MAX)))
            })
        })
    }
}

impl Engine {
    fn newargs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let Some(data) = &self.data else {
            return Err(PyValueError::new_err(
                "an engine built in Rust cannot be pickled",
            ));
        };
        PyTuple::new(
            py,
            [
                data.bind(py).clone(),
                self.limits.backtrack_limit.into_pyobject(py)?.into_any(),
                self.limits
                    .lookaround_max_bytes
                    .into_pyobject(py)?
                    .into_any(),
                self.literal_min_bytes.into_pyobject(py)?.into_any(),
                self.literal_max_bytes.into_pyobject(py)?.into_any(),
                self.literal_dfa_bytes_per_state
                    .into_pyobject(py)?
                    .into_any(),
            ],
        )
    }
}

/// Compiles every form of a pattern, the exact one included: pack validation calls this so that
/// a regex the engine cannot run is reported at load with its file and rule.
#[pyfunction]
#[pyo3(signature = (native, fancy, gate, exact, relaxed = None, backtrack_limit = 1_000_000))]
pub fn check_pattern(
    native: String,
    fancy: bool,
    gate: Option<String>,
    exact: String,
    relaxed: Option<String>,
    backtrack_limit: usize,
) -> PyResult<Option<String>> {
    guard("check_pattern", || {
        Ok(check_pattern_forms(
            native,
            fancy,
            gate,
            exact,
            relaxed,
            backtrack_limit,
        ))
    })
}

fn check_pattern_forms(
    native: String,
    fancy: bool,
    gate: Option<String>,
    exact: String,
    relaxed: Option<String>,
    backtrack_limit: usize,
) -> Option<String> {
    let src = PatternSource {
        native,
        fancy,
        gate,
        exact,
        relaxed,
        literals: None,
    };
    let limits = Limits {
        backtrack_limit,
        lookaround_max_bytes: 0,
    };
    match Pattern::new(&src, limits) {
        Ok(p) => p.compile_all().err(),
        Err(e) => Some(e),
    }
}

/// The regex crate's own `\\w`, `\\s` or `\\d` (name "word", "space" or "digit") as code-point
/// ranges: framing/engine_patterns.py writes re's classes as the crate's plus and minus the
/// characters the two disagree on (a short class, fast to compile), instead of spelling out
/// re's hundreds of ranges at every use.
#[pyfunction]
pub fn _crate_table(name: &str) -> PyResult<Vec<(u32, u32)>> {
    guard("_crate_table", || {
        let src = match name {
            "word" => r"\w",
            "space" => r"\s",
            "digit" => r"\d",
            _ => {
                return Err(PyValueError::new_err(format!(
                    "no crate class named {name:?}"
                )))
            }
        };
        Ok(crate::matching::crate_class(src))
    })
}

/// The literal sets (on the folded text) of a relaxed form, every match holding a literal of each,
/// as an engine build finds them (`matching::required_literals`); empty where no set is rare
/// enough. framing/engine/patterns.py keeps them with a pattern's forms, so that the
/// compiled-pack cache spares an engine build the analysis. ValueError where the form does not
/// parse.
#[pyfunction]
pub fn required_literals<'py>(
    py: Python<'py>,
    relaxed: &str,
) -> PyResult<Vec<Vec<Bound<'py, pyo3::types::PyBytes>>>> {
    guard("required_literals", || {
        let sets = crate::matching::required_literals(relaxed).map_err(PyValueError::new_err)?;
        Ok(sets
            .iter()
            .map(|set| {
                set.iter()
                    .map(|l| pyo3::types::PyBytes::new(py, l))
                    .collect()
            })
            .collect())
    })
}

/// The matching view of a text, as the engine builds it.
#[pyfunction]
pub fn match_view(text: &str) -> PyResult<String> {
    guard("match_view", || Ok(text.chars().map(view_char).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` texts of 2 to 17 of `pieces` each, drawn by a linear congruential generator from `seed`
    fn generated(pieces: &[&str], mut seed: u64, n: usize) -> Vec<String> {
        let mut step = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            seed
        };
        (0..n)
            .map(|_| {
                let k = (step() >> 60) + 2;
                (0..k)
                    .map(|_| pieces[(step() >> 33) as usize % pieces.len()])
                    .collect()
            })
            .collect()
    }

    /// The bounds every engine of these tests is built with.
    const LIMITS: Limits = Limits {
        backtrack_limit: 1000,
        lookaround_max_bytes: 10_000,
    };

    fn engine(pattern: &str) -> Engine {
        gated_engine(pattern, pattern, false)
    }

    /// An engine of one plain pattern with literal sets (from its relaxed form), or without any
    /// prefilter (`plain`: no relaxed form, every window searched).
    fn gated_engine(native: &str, relaxed: &str, plain: bool) -> Engine {
        let forms = (
            native.to_string(),
            false,
            None,
            native.to_string(),
            (!plain).then(|| relaxed.to_string()),
            None,
        );
        let rule = (
            "p.r".into(),
            "c".into(),
            1.0,
            SCOPE_ANY,
            vec![],
            Some(forms),
            None,
            0,
        );
        Engine::from_rules(vec![rule], LIMITS, None).unwrap()
    }

    #[test]
    fn literal_hit_checks_keep_every_match() {
        // first-person-plural's shape (a prefix set: "we" may go on with an apostrophe only) and
        // conditional's ("long" after a space, a word start inside the match)
        let patterns = [
            (
                "\\b(?:we|We|us|our|Our|ours|ourselves|we['’](?:re|ve)|let['’]s)\\b",
                "(?:we|We|us|our|Our|ours|ourselves|we['’](?:re|ve)|let['’]s)",
            ),
            (
                "\\b(?:if|unless|(?:as|so)\\s+long\\s+as|in\\s+case)\\b",
                "(?:if|unless|(?:as|so)\\s+long\\s+as|in\\s+case)",
            ),
        ];
        let pieces = [
            "we",
            "We",
            "WE",
            "were",
            "us",
            "US",
            "because",
            "our",
            "ours",
            "four",
            "ourselves",
            "we're",
            "we’ve",
            "we'd",
            "let's",
            "lets",
            "if",
            "If",
            "gift",
            "iF",
            "İf",
            "unless",
            "as long as",
            "so long as",
            "along",
            "as  long\nas",
            "so\u{a0}long as",
            "in case",
            "incase",
            "_",
            "1",
            "é",
            "ſ",
            "K",
            "\u{301}",
            " ",
            " ",
            "\n",
            ". ",
            "’",
            "'",
        ];
        let texts = generated(&pieces, 16, 1_500);
        let (mut found, mut marked_fewer) = (0, 0);
        for (native, relaxed) in patterns {
            let (fast, plain) = (
                gated_engine(native, relaxed, false),
                gated_engine(native, relaxed, true),
            );
            assert!(fast.patterns[0].1.literals().is_some(), "{native}");
            for (t, text) in texts.iter().enumerate() {
                let n = text.chars().count();
                // whole texts, and windows cut anywhere (inside words too)
                let mut windows = vec![(0, n)];
                let mut at = 0;
                while at < n {
                    let end = (at + 1 + (t * 7 + at * 13) % 9).min(n);
                    windows.push((at, end));
                    at = end;
                }
                for w in [&windows[..1], &windows[1..]] {
                    let sentences = windows_as_sentences(w);
                    let (rows, _) = fast.match_text(text, &sentences, &Quotes::NONE, false);
                    let (want, _) = plain.match_text(text, &sentences, &Quotes::NONE, false);
                    assert_eq!(rows, want, "{native} on {text:?} in {w:?}");
                    found += rows.len();
                }
                // the checks mark fewer windows than the literals alone
                let prepared = Text::new(text);
                let bytes: Vec<(usize, usize)> = windows[1..]
                    .iter()
                    .map(|&(s, e)| (prepared.offsets.to_byte(s), prepared.offsets.to_byte(e)))
                    .collect();
                let with = fast.literal_marks(&prepared.folded, &bytes);
                let without: Vec<bool> = {
                    let mut e = gated_engine(native, relaxed, false);
                    for entries in &mut e.literal_patterns {
                        for entry in entries.iter_mut() {
                            entry.2 = HitCheck::NONE;
                        }
                    }
                    e.literal_marks(&prepared.folded, &bytes)
                };
                assert!(with.iter().zip(&without).all(|(a, b)| !a || *b));
                marked_fewer +=
                    without.iter().filter(|&&b| b).count() - with.iter().filter(|&&b| b).count();
            }
        }
        assert!(
            found > 500 && marked_fewer > 1_000,
            "{found} {marked_fewer}"
        );
    }

    #[test]
    fn view_in_one_pass_is_view_char_of_each_character() {
        for b in 0..128u8 {
            assert_eq!(view_ascii(b) as char, view_char(b as char), "{b}");
        }
        for t in [
            "",
            "A",
            "\u{130}",
            "Plain ASCII\tText\r\nOF some LENGTH, and more",
            "\u{201c}Quoted\u{201d} \u{2019}t \u{c0}\u{c9} caf\u{e9}\u{a0}x\u{2028}\u{1f600}Z \u{130}stanbul\u{3a3}",
        ] {
            let v = View::new(t);
            let want: Vec<char> = t.chars().map(view_char).collect();
            assert_eq!(v.text, want.iter().collect::<String>(), "{t:?}");
            assert_eq!(v.chars.len(), want.len(), "{t:?}");
        }
    }

    #[test]
    fn window_forms_of_every_window_as_window_form() {
        for t in [
            "",
            "plain ascii",
            "a\x1db \u{e9}t\u{e9} \u{201c}q\u{201d} x\u{b2}y \u{2019} \u{1f600} z",
            "\u{301}\u{e9}",
        ] {
            let forms = WindowForms::new(t);
            let bounds: Vec<usize> = (0..=t.len()).filter(|&b| t.is_char_boundary(b)).collect();
            for (k, &a) in bounds.iter().enumerate() {
                for &b in &bounds[k..] {
                    assert_eq!(forms.of(a, b), window_form(&t[a..b]), "{t:?} {a}..{b}");
                }
            }
        }
        // by hand: the separator is exact, "\u{e9}" a Unicode word character, "\u{b2}" disputed
        let forms = WindowForms::new("a\x1db \u{e9} \u{b2}");
        assert_eq!(
            (forms.exact.as_slice(), forms.unicode.as_slice()),
            (&[1, 7][..], &[4][..])
        );
    }

    /// The one-scan preparation against each plain definition it replaces: `Offsets::new` of the
    /// text and of the view, `view_char` of every character and `window_form` of every character,
    /// on generated ASCII and multi-byte text (runs longer and shorter than eight bytes, wide
    /// characters that change width in the view, separators, line breaks, a lone "İ").
    #[test]
    fn one_scan_preparation_as_the_plain_passes() {
        let pieces = [
            "plain words ",
            "A",
            "longer ASCII run of text, ",
            "\t",
            "\r\n",
            "\x1c",
            "\x1f",
            "\u{2019}",
            "\u{201c}",
            "\u{201d}",
            "\u{e9}",
            "\u{c9}",
            "\u{130}",
            "\u{3a3}",
            "\u{a0}",
            "\u{2028}",
            "\u{301}",
            "\u{b2}",
            "\u{1f600}",
            "\u{4e2d}",
            "  ",
            ".",
        ];
        let mut texts = generated(&pieces, 16, 3000);
        texts.extend(["", "\u{1f600}", "ab", "\u{2019}\u{2019}"].map(String::from));
        for t in &texts {
            let (offsets, view, forms) = prepare(t);
            let same_offsets = |o: &Offsets, plain: &Offsets, s: &str| {
                assert_eq!(o.len_chars(), plain.len_chars(), "{s:?}");
                for b in 0..=s.len() + 1 {
                    assert_eq!(o.to_char(b), plain.to_char(b), "{s:?} byte {b}");
                }
                for c in 0..=plain.len_chars() + 1 {
                    assert_eq!(o.to_byte(c), plain.to_byte(c), "{s:?} char {c}");
                }
            };
            same_offsets(&offsets, &Offsets::new(t), t);
            // the text's own characters, and the view's word characters read through them
            assert_eq!(view.chars.0, t.chars().collect::<Vec<_>>(), "{t:?}");
            assert_eq!(view.chars.0, crate::segment::chars_of(t), "{t:?}");
            let want: Vec<char> = t.chars().map(view_char).collect();
            for k in 0..=want.len() + 1 {
                let word = want.get(k).is_some_and(|&c| pychar::is_word(c));
                assert_eq!(view.word_at(k), word, "{t:?} char {k}");
            }
            assert_eq!(view.text, want.iter().collect::<String>(), "{t:?}");
            same_offsets(&view.offsets, &Offsets::new(&view.text), &view.text);
            let form_at = |f: Form| -> Vec<usize> {
                t.char_indices()
                    .filter(|&(b, c)| window_form(&t[b..b + c.len_utf8()]) == f)
                    .map(|(b, _)| b)
                    .collect()
            };
            assert_eq!(forms.exact, form_at(Form::Exact), "{t:?}");
            assert_eq!(forms.unicode, form_at(Form::Unicode), "{t:?}");
        }
    }

    #[test]
    fn runs_of_spaces_squeezed_by_hand() {
        assert!(squeeze_spaces("a b c").is_none());
        // "a" "  " "b" "   " "c" "  ": kept "a b c " with 1, 1 + 2, 1 + 2 + 1 spaces dropped
        let (hay, gaps) = squeeze_spaces("a  b   c  ").unwrap();
        assert_eq!(hay, "a b c ");
        assert_eq!(gaps, [(2, 1), (4, 3), (6, 4)]);
        let (hay, gaps) = squeeze_spaces("\u{e9}  x").unwrap();
        assert_eq!((hay.as_str(), gaps), ("\u{e9} x", vec![(3, 1)]));
    }

    /// A phrase rule of one term (a prefix term: `prefix`), in category "c".
    fn term_rule(id: &str, key: &str, prefix: bool) -> RuleData {
        (
            id.to_string(),
            "c".to_string(),
            1.0,
            SCOPE_ANY,
            vec![(key.to_string(), 1.0, prefix)],
            None,
            None,
            0,
        )
    }

    #[test]
    fn terms_match_across_runs_of_spaces_and_not_inside_words() {
        let rules = vec![
            term_rule("p.a", "on the", false),
            term_rule("p.b", "nat", true),
        ];
        let e = Engine::from_rules(rules, LIMITS, None).unwrap();
        // "on" inside "nation", "\u{e9}on  the" (a wide word character before), "on\r\n the"
        let text = "A nation \u{e9}on  the go, on\r\n the  Nat\u{e9}ion.";
        let sentences = windows_as_sentences(&[(0, text.chars().count())]);
        let (rows, _) = e.match_text(text, &sentences, &Quotes::NONE, false);
        let spans: Vec<(usize, usize, usize)> = rows.iter().map(|r| (r.0, r.1, r.2)).collect();
        assert_eq!(spans, [(2, 8, 1), (22, 30, 0), (32, 39, 1)]);
    }

    /// An engine of one regex rule of source `src` (no look-around), built with the literal
    /// settings `literals` (min bytes, max bytes, DFA bytes a state).
    fn one_regex_rule(src: &str, literals: (usize, usize, Option<usize>)) -> Engine {
        let rule = (
            "p.r".to_string(),
            "c".to_string(),
            1.0,
            SCOPE_ANY,
            vec![],
            Some((src.into(), false, None, src.into(), Some(src.into()), None)),
            None,
            0,
        );
        Engine::from_rules_with(vec![rule], LIMITS, literals, None).unwrap()
    }

    #[test]
    fn a_set_with_a_short_literal_is_left_out_but_matches_stay() {
        // one regex rule of source `src`, its literal sets kept from `min` bytes
        let with = |src: &str, min: usize| {
            one_regex_rule(
                src,
                (min, LITERAL_MAX_BYTES, Some(LITERAL_DFA_BYTES_PER_STATE)),
            )
        };
        // sets: "people ", "officials "; "as", "be" (two bytes each)
        let src = "(?:people|officials) [a-z]+ (?:as|be)\\b";
        let (all, long) = (with(src, 1), with(src, 3));
        assert_eq!(all.literal_sets, [0b11]);
        assert_eq!(long.literal_sets, [0b01]);
        assert_eq!(long.literal_min_bytes, 3);
        let text = "Some people here. So people there be here. And officials now as ever.";
        let windows = [(0, 17), (18, 42), (43, 69)];
        // "people " alone marks the first window too, where the search then finds nothing
        assert_eq!(
            all.literal_marks(&folded(text), &windows),
            [false, true, true]
        );
        assert_eq!(
            long.literal_marks(&folded(text), &windows),
            [true, true, true]
        );
        // a pattern whose every set is short keeps them all
        let short = with("\\b(?:we|us)\\s+\\w+\\s+(?:as|be)\\b", 3);
        assert_eq!(short.literal_sets, [0b11]);
        let sentences = windows_as_sentences(&windows);
        let (a, _) = all.match_text(text, &sentences, &Quotes::NONE, true);
        let (b, _) = long.match_text(text, &sentences, &Quotes::NONE, true);
        assert_eq!(a, b);
        assert_eq!(a.len(), 2);
    }

    #[test]
    fn literals_cut_to_a_prefix_mark_more_windows_but_matches_stay() {
        // one regex rule of source `src`, its literals looked for by `max` bytes at most
        let with = |src: &str, max: usize| {
            one_regex_rule(
                src,
                (LITERAL_MIN_BYTES, max, Some(LITERAL_DFA_BYTES_PER_STATE)),
            )
        };
        let src = "(?:deputies|ministers) [a-z]+ (?:announced|declared)";
        let (whole, cut) = (with(src, 1000), with(src, 4));
        assert_eq!(cut.literal_max_bytes, 4);
        // "depu", "mini", "anno", "decl"
        let literals = |e: &Engine| e.literals.as_ref().map(|l| l.nfa.patterns_len());
        assert_eq!((literals(&whole), literals(&cut)), (Some(4), Some(4)));
        let text =
            "The deputation was announcing. Two ministers have declared it. And deputies no.";
        let windows = [(0, 30), (31, 62), (63, 79)];
        // "depu" and "anno" also mark the first window, where the search then finds nothing
        assert_eq!(
            whole.literal_marks(&folded(text), &windows),
            [false, true, false]
        );
        assert_eq!(
            cut.literal_marks(&folded(text), &windows),
            [true, true, false]
        );
        let sentences = windows_as_sentences(&windows);
        let (a, _) = whole.match_text(text, &sentences, &Quotes::NONE, true);
        let (b, _) = cut.match_text(text, &sentences, &Quotes::NONE, true);
        assert_eq!(a, b);
        assert_eq!(a.len(), 1);
        // a cut inside a character still finds the literal ("é" is two bytes)
        let accented = with("(?:résumé|rése) [a-z]+", 2);
        let text = "Her résumé here.";
        assert_eq!(accented.literal_marks(&folded(text), &[(0, 18)]), [true]);
        let sentences = windows_as_sentences(&[(0, 16)]);
        let (m, _) = accented.match_text(text, &sentences, &Quotes::NONE, true);
        assert_eq!(m.len(), 1);
    }

    #[test]
    fn the_literal_dfa_comes_after_its_budget_and_matches_stay() {
        // one regex rule, its literals looked for with the DFA after `after` bytes a trie state
        let with = |after: Option<usize>| {
            let src = "(?:deputies|ministers) [a-z]+ (?:announced|declared)";
            one_regex_rule(src, (LITERAL_MIN_BYTES, LITERAL_MAX_BYTES, after))
        };
        let built = |e: &Engine| e.literals.as_ref().unwrap().dfa.get().is_some();
        let text =
            "Two ministers have declared it. And deputies no. The deputies have announced it.";
        let sentences = windows_as_sentences(&[(0, 31), (32, 48), (49, 80)]);
        let (never, now, later) = (with(None), with(Some(0)), with(Some(3)));
        // "deputies", "minister", "announce", "declared" (cut to 8 bytes): 31 trie states with
        // the root, "de" shared
        let after = |e: &Engine| e.literals.as_ref().unwrap().dfa_after;
        assert_eq!(
            (after(&never), after(&now), after(&later)),
            (None, Some(0), Some(93))
        );
        let mut all = Vec::new();
        for _ in 0..2 {
            for e in [&never, &now, &later] {
                all.push(e.match_text(text, &sentences, &Quotes::NONE, true).0);
            }
        }
        assert_eq!(all[0].len(), 2);
        assert!(all.iter().all(|m| *m == all[0]));
        // 2 scans of 80 bytes with the NFA, under 93 before the second: the third has the DFA
        assert_eq!(
            (built(&never), built(&now), built(&later)),
            (false, true, false)
        );
        assert_eq!(
            later
                .literals
                .as_ref()
                .unwrap()
                .scanned
                .load(Ordering::Relaxed),
            160
        );
        assert_eq!(
            later.match_text(text, &sentences, &Quotes::NONE, true).0,
            all[0]
        );
        assert!(built(&later));
        assert_eq!(
            never.match_text(text, &sentences, &Quotes::NONE, true).0,
            all[0]
        );
        assert!(!built(&never));
        // asked for, it comes at once; never is never
        let (asked, never) = (with(Some(usize::MAX)), with(None));
        asked.literal_dfa_now();
        never.literal_dfa_now();
        assert_eq!((built(&asked), built(&never)), (true, false));
        assert_eq!(
            asked.match_text(text, &sentences, &Quotes::NONE, true).0,
            all[0]
        );
    }

    #[test]
    fn the_term_dfa_comes_after_its_budget_and_matches_stay() {
        let with = |after: Option<usize>| {
            let rules = vec![
                term_rule("p.a", "on the", false),
                term_rule("p.b", "nat", true),
                term_rule("p.c", "the", false),
                term_rule("p.d", "caf\u{e9}", false),
                term_rule("p.e", "on", false),
            ];
            Engine::from_rules_with(rules, LIMITS, (3, 8, after), None).unwrap()
        };
        let built = |e: &Engine| e.terms.as_ref().unwrap().dfa.get().is_some();
        let (never, now, later) = (with(None), with(Some(0)), with(Some(1)));
        // "caf\u{e9}" (5 bytes), "nat", "on", "on the" ("on" shared), "the": 18 states with the root
        let after = |e: &Engine| e.terms.as_ref().unwrap().dfa_after;
        assert_eq!(
            (after(&never), after(&now), after(&later)),
            (None, Some(0), Some(18))
        );
        // generated texts: the keys, words holding them, runs of spaces, line breaks, wide
        // characters next to them; each engine in turn, twice, so `later` switches on the way
        let pieces = [
            "on",
            "the",
            "on the",
            "nat",
            "nation",
            "Nat\u{e9}ion",
            "caf\u{e9}",
            "Caf\u{c9}",
            "\u{e9}on",
            "  ",
            " ",
            "\r\n ",
            ", ",
            ". ",
            "x",
            "\u{201c}",
            "THE",
            "ON",
        ];
        let texts = generated(&pieces, 7, 300);
        let mut found = 0;
        for pass in 0..2 {
            for t in &texts {
                let n = t.chars().count();
                let sentences = windows_as_sentences(&[(0, n / 2), (n / 2, n)]);
                let want = never.match_text(t, &sentences, &Quotes::NONE, false).0;
                found += want.len();
                for e in [&now, &later] {
                    assert_eq!(
                        e.match_text(t, &sentences, &Quotes::NONE, false).0,
                        want,
                        "{t:?} pass {pass}"
                    );
                    assert_eq!(
                        e.candidates_in(t, 0, n),
                        never.candidates_in(t, 0, n),
                        "{t:?}"
                    );
                }
            }
        }
        assert!(found > 300, "{found}");
        assert_eq!(
            (built(&never), built(&now), built(&later)),
            (false, true, true)
        );
        // the switch comes on the first scan after the budget, 18 bytes: two scans of 14 bytes
        // with the NFA, then the DFA
        let fresh = with(Some(1));
        let sentences = windows_as_sentences(&[(0, 14)]);
        for _ in 0..2 {
            fresh.match_text("on the nation.", &sentences, &Quotes::NONE, false);
            assert!(!built(&fresh));
        }
        fresh.match_text("on the nation.", &sentences, &Quotes::NONE, false);
        assert!(built(&fresh));
        // asked for, it comes at once (with the literals'); never is never
        let (asked, never) = (with(Some(usize::MAX)), with(None));
        asked.literal_dfa_now();
        never.literal_dfa_now();
        assert_eq!((built(&asked), built(&never)), (true, false));
    }

    #[test]
    fn a_window_needs_a_literal_of_each_set() {
        // two sets: "people ", "officials "; "said", "told"
        let e = engine("(?:people|officials) [a-z]+ (?:said|told)");
        let text = "Some people here. They said so. So people there told us.";
        let windows = [(0, 17), (18, 31), (32, 56)];
        assert_eq!(
            e.literal_marks(&folded(text), &windows),
            [false, false, true]
        );
        // the hits must stand in the window: "people " in the first, "said" in the second
        assert_eq!(e.literal_marks(&folded(text), &[(0, 31)]), [true]);
        // sets handed over are used as they are (none: the relaxed form marks); an empty one,
        // which would mark nothing, is worked out again
        let given = |sets: Vec<Vec<Vec<u8>>>| {
            let p = crate::matching::PatternSource {
                native: "x".into(),
                fancy: false,
                gate: None,
                exact: "x".into(),
                relaxed: Some("(?:people|officials) [a-z]+ (?:said|told)".into()),
                literals: Some(sets),
            };
            let limits = e.limits;
            Pattern::new(&p, limits).unwrap().literals().map(<[_]>::len)
        };
        assert_eq!(given(vec![vec![b"said".to_vec()]]), Some(1));
        assert_eq!(given(vec![]), None);
        assert_eq!(given(vec![vec![b"said".to_vec()], vec![]]), Some(2));
        let sentences = windows_as_sentences(&windows);
        let (rows, _) = e.match_text(text, &sentences, &Quotes::NONE, true);
        assert_eq!(rows, [(35, 52, 0, 2, 1.0, SCOPE_AUTHORIAL)]);
    }

    #[test]
    fn a_region_is_scanned_for_literals_only_while_a_relaxed_form_is_missing() {
        // three regex rules: two with literal sets (each relaxed form compiled by the first text
        // that holds its literals), one without (its relaxed form compiled with the engine); the
        // DFA never, so that the NFA's count of bytes shows every scan
        let srcs = [
            "(?i)(?:deputies|ministers) [a-z]+ (?:announced|declared)",
            "(?i)\\bclick\\s+here\\b",
            "(?i)\\b(?:a|i)\\b",
        ];
        let with = || {
            let rules = srcs
                .iter()
                .enumerate()
                .map(|(i, &src)| {
                    let forms = (src.into(), false, None, src.into(), Some(src.into()), None);
                    let id = format!("p.r{i}");
                    (id, "c".into(), 1.0, SCOPE_ANY, vec![], Some(forms), None, 0)
                })
                .collect();
            Engine::from_rules_with(rules, LIMITS, (3, 8, None), None).unwrap()
        };
        let scanned = |e: &Engine| e.literals.as_ref().unwrap().scanned.load(Ordering::Relaxed);
        let compiled = |e: &Engine| {
            e.patterns
                .iter()
                .map(|(_, p)| p.relaxed_compiled())
                .collect::<Vec<_>>()
        };
        let e = with();
        assert_eq!(compiled(&e), [false, false, true]);
        // a region over 1,000 bytes (a shorter one is told by the window form, `may_match`)
        let long = |t: &str| format!("{}{t}", "zz ".repeat(400));
        let end = |t: &str| t.chars().count();
        // a text without literals is scanned, and compiles nothing
        let text = long("A quiet day.");
        assert_eq!(
            e.candidates_in(&text, 0, end(&text)).0,
            [(1200, 1201, 2, 1.0)]
        );
        assert_eq!(
            (scanned(&e), compiled(&e)),
            (1212, vec![false, false, true])
        );
        // literals of the first rule: scanned, its relaxed form compiled to tell, then searched
        let text = long("Two MINISTERS have declared it.");
        assert_eq!(
            e.candidates_in(&text, 0, end(&text)).0,
            [(1204, 1227, 0, 1.0)]
        );
        assert_eq!((scanned(&e), compiled(&e)), (2443, vec![true, false, true]));
        // the second rule's literals: scanned once more; from then on no region is scanned
        let text = long("Click here, minister.");
        assert_eq!(
            e.candidates_in(&text, 0, end(&text)).0,
            [(1200, 1210, 1, 1.0)]
        );
        assert_eq!((scanned(&e), compiled(&e)), (3664, vec![true, true, true]));
        // generated texts: each with the warm engine (no scan) and a fresh one (scanning), the
        // same candidates and the same limit rows
        let pieces = [
            "deputies",
            "Ministers",
            " x ",
            " announced",
            "DECLARED",
            "click",
            " here",
            "  ",
            "\n",
            "a ",
            "I",
            "\u{e9}",
            "d\u{c9}put\u{e9}s",
            "ministers declared",
            ". ",
        ];
        let mut found = 0;
        for t in generated(&pieces, 11, 300) {
            let n = t.chars().count();
            for (from, to) in [(0, n), (1.min(n), n), (0, n / 2)] {
                let want = with().candidates_in(&t, from, to);
                found += want.0.len();
                assert_eq!(e.candidates_in(&t, from, to), want, "{t:?} {from} {to}");
            }
        }
        assert!(found > 300, "{found}");
        assert_eq!(scanned(&e), 3664);
    }

    /// The hits of the crate's own overlapping iterator: (key, start, end).
    fn crate_hits(keys: &[Vec<u8>], hay: &[u8]) -> Vec<(usize, usize, usize)> {
        aho_corasick::AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(keys)
            .unwrap()
            .find_overlapping_iter(hay)
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .collect()
    }

    #[test]
    fn overlapping_hits_as_the_crates_iterator() {
        // keys from the shipped stories: each word lowered, its first 2-4 bytes and its last 3
        // (so that hits overlap and several end at one byte), a few phrases, single bytes and
        // wide characters
        let stories = [
            include_str!("../../framing/examples/wire_a.txt"),
            include_str!("../../framing/examples/wire_b.txt"),
            include_str!("../../framing/examples/editorial.txt"),
        ];
        let mut keys: Vec<Vec<u8>> = Vec::new();
        let mut add = |k: &[u8]| {
            if !k.is_empty() && !keys.iter().any(|x| x == k) {
                keys.push(k.to_vec());
            }
        };
        for story in stories {
            for word in folded(story).split_whitespace() {
                let w = word.as_bytes();
                add(w);
                for n in 2..=4.min(w.len()) {
                    add(&w[..n]);
                }
                add(&w[w.len().saturating_sub(3)..]);
            }
        }
        for k in [
            "the port",
            "said on",
            "e",
            " ",
            "\u{e9}",
            "caf\u{e9}",
            "\u{2019}s",
            "\u{201c}",
        ] {
            add(k.as_bytes());
        }
        assert!(keys.len() > 1_000, "{}", keys.len());
        let pieces = [
            "the ",
            "port ",
            "said",
            " on ",
            "caf\u{e9}",
            "\u{2019}s ",
            "  ",
            "\r\n",
            "e",
            "x",
            "\u{201c}Deal\u{201d}",
            "terminal",
            "\u{1f600}",
        ];
        let mut texts: Vec<String> = stories.iter().map(|s| s.to_string()).collect();
        texts.extend(stories.iter().map(|s| folded(s)));
        texts.extend(generated(&pieces, 7, 300));
        texts.push(String::new());
        let (dfa, nfa) = (
            LiteralScan::new(keys.clone(), Some(0)).unwrap(),
            LiteralScan::new(keys.clone(), None).unwrap(),
        );
        let mut total = 0;
        for text in &texts {
            let want = crate_hits(&keys, text.as_bytes());
            for scan in [&dfa, &nfa] {
                let mut got = Vec::new();
                scan.hits(text.as_bytes(), |k, s, e| got.push((k, s, e)));
                assert_eq!(got, want, "{text:?}");
            }
            total += want.len();
        }
        assert_eq!((dfa.kind(), nfa.kind()), ("dfa", "nfa"));
        assert!(total > 20_000, "{total}");
        // an empty key matches at every place, the first included
        let keys = vec![b"ab".to_vec(), Vec::new(), b"b".to_vec()];
        let want = crate_hits(&keys, b"abab");
        assert_eq!(want.len(), 9);
        for after in [Some(0), None] {
            let scan = LiteralScan::new(keys.clone(), after).unwrap();
            let mut got = Vec::new();
            scan.hits(b"abab", |k, s, e| got.push((k, s, e)));
            assert_eq!(got, want);
        }
    }

    /// An engine of plain patterns given as (native, relaxed) forms, each a rule of its own.
    fn patterns_engine(forms: &[(&str, &str)]) -> Engine {
        let rules = forms
            .iter()
            .enumerate()
            .map(|(i, (native, relaxed))| {
                let forms = (
                    native.to_string(),
                    false,
                    None,
                    native.to_string(),
                    Some(relaxed.to_string()),
                    None,
                );
                let id = format!("p.r{i}");
                (id, "c".into(), 1.0, SCOPE_ANY, vec![], Some(forms), None, 0)
            })
            .collect();
        Engine::from_rules(rules, LIMITS, None).unwrap()
    }

    #[test]
    fn literal_marks_of_many_patterns_as_of_each_alone() {
        // patterns of one and of two literal sets, one without literals, words shared by sets:
        // an engine of all of them marks each pattern's windows as an engine of that one alone
        let forms = [
            (r"(?i)\bsaid\b", r"(?i)said"),
            (r"(?i)\bfollow\s+us\s+on\b", r"(?i)follow\s+us\s+on"),
            (r"\d+", r"\d+"),
            (r"(?i)\bmore\s+than\b", r"(?i)more\s+than"),
            (r"(?i)\b(?:now|then)\b", r"(?i)(?:now|then)"),
            (r"(?i)\bsubscribe\s+now\b", r"(?i)subscribe\s+now"),
        ];
        let e = patterns_engine(&forms);
        let alone: Vec<Engine> = forms.iter().map(|f| patterns_engine(&[*f])).collect();
        let pieces = [
            "said ",
            "follow ",
            "us ",
            "on ",
            "more ",
            "than ",
            "now ",
            "then ",
            "subscribe ",
            "nowhere ",
            "Said",
            "42 ",
            ". ",
            "\u{e9}",
            "  ",
        ];
        let (mut windows_seen, mut marked) = (0, 0);
        for text in generated(&pieces, 29, 300) {
            let f = folded(&text);
            // windows cut at every full stop: disjoint, the last one to the end
            let mut windows = Vec::new();
            let mut from = 0;
            for (at, _) in f.match_indices(". ") {
                windows.push((from, at + 1));
                from = at + 2;
            }
            windows.push((from, f.len()));
            let all = e.literal_marks(&f, &windows);
            let n = windows.len();
            assert_eq!(all.len(), forms.len() * n);
            for (j, one) in alone.iter().enumerate() {
                let want = one.literal_marks(&f, &windows);
                assert_eq!(&all[j * n..(j + 1) * n], &want[..], "{text:?} pattern {j}");
                marked += want.iter().filter(|&&m| m).count();
            }
            windows_seen += n;
        }
        assert!(
            windows_seen > 400 && marked > 500,
            "{windows_seen} {marked}"
        );
    }

    #[test]
    fn longest_per_category_as_a_plain_greedy_choice() {
        // the policy spelt out: by length, weight, start and id; each kept unless it overlaps a
        // kept span of its category; the kept in order of (start, end, id)
        fn plain(items: &[OverlapItem]) -> Vec<usize> {
            let mut order: Vec<usize> = (0..items.len()).collect();
            order.sort_by(|&a, &b| {
                let (a, b) = (&items[a], &items[b]);
                (b.end - b.start, b.weight, a.start, a.id)
                    .partial_cmp(&(a.end - a.start, a.weight, b.start, b.id))
                    .unwrap()
            });
            let mut kept: Vec<usize> = Vec::new();
            for i in order {
                let c = &items[i];
                let clash = kept.iter().any(|&k| {
                    let o = &items[k];
                    o.category == c.category && o.start < c.end && c.start < o.end
                });
                if !clash {
                    kept.push(i);
                }
            }
            kept.sort_by_key(|&k| (items[k].start, items[k].end, items[k].id));
            kept
        }
        let ids = ["p.a", "p.b", "q.a", "q.c"];
        let mut seed = 5u64;
        let mut step = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        let mut kept_some = 0;
        for n in 0..400 {
            let items: Vec<OverlapItem> = (0..n % 9)
                .map(|_| {
                    let start = step(30) as usize;
                    OverlapItem {
                        start,
                        end: start + step(8) as usize,
                        weight: [0.5, 1.0, 2.0][step(3) as usize],
                        category: step(4) as usize * 7,
                        id: ids[step(4) as usize],
                    }
                })
                .collect();
            let got = longest_per_category(&items);
            assert_eq!(got, plain(&items), "{n}");
            kept_some += got.len();
        }
        assert!(kept_some > 1_000, "{kept_some}");
    }
}
