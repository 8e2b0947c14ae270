//! One native call per article (issue 16): segmentation, publisher furniture, rule matching,
//! attribution, the finder's unnamed-source matches, reported voice, words by voice and the
//! per-category tallies, with the GIL released while it works. framing/scoring.py builds an
//! `ArticleEngine` once per Scorer and calls `score` per article; the `ArticleResult` it gets back
//! hands out plain data (numbers for a corpus row; spans and rule indices for the dataclasses),
//! each part only when asked for.
use pyo3::exceptions::PyValueError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat, PyList, PySlice, PyString};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::attribution::{merge_names, normalise, row, AttributionOut, Out, PyAttributionFinder};
use crate::engine::{windows_as_sentences, Engine, LimitRow, Quotes, SentenceData, Text};
use crate::guard::guard;
use crate::pychar;
use crate::quotes::Voice;
use crate::scare_quotes::{scare_quotes_of, Owner, Windows};
use crate::segment::{self, Segmentation, WordIndex};
use crate::segment_py::{segmentation_out, PyAbbreviations, PyVoice, SegmentOut};
use crate::suppress::{self, Found, Subject};
use crate::tallies::{
    category_tallies, figures, voice_tallies, ArticleCounts, Feature, Figures, Regions,
    ATTRIBUTION_KEYS, FIGURE_KEYS, VOICES,
};

/// The rule index of the finder's unnamed-source matches (rule `attribution.unnamed-source`).
const UNNAMED: usize = usize::MAX;
pub const UNNAMED_RULE: &str = "attribution.unnamed-source";
const TRAILING_BLOCK: &str = "furniture.trailing-block";
const GAVE_UP: &str = "gave_up";
const TOO_LONG: &str = "too_long";
/// Voice indices, as tallies::VOICES.
pub(crate) const AUTHORIAL: u8 = 0;
const QUOTED: u8 = 1;
const REPORTED: u8 = 2;
/// A rule's `attribution` class: none, anonymous, vague.
const ANONYMOUS: u8 = 1;
const VAGUE: u8 = 2;

/// The numbers of rules/scoring.toml the per-article work reads.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// segmentation.max_unclosed_quote_chars
    pub max_unclosed: usize,
    /// furniture.trailing_max_words
    pub trailing_max_words: f64,
    /// furniture.footer_max_prose_words
    pub footer_max_prose_words: f64,
    /// whether the finder's unnamed sources become matches (the speculation pack is loaded and
    /// sourcing is not turned off)
    pub unnamed: bool,
    /// attribution.unnamed_source_weight
    pub unnamed_weight: f64,
    /// attribution.min_quote_words
    pub min_quote_words: f64,
    /// attribution.scare_naming_words_before, scare_naming_words_after, scare_next_sentence_words
    pub scare_windows: Windows,
}

/// One match of the article: character offsets, rule (UNNAMED for the finder's), sentence index,
/// weight, voice (AUTHORIAL, QUOTED, REPORTED), attribution class, and for an unnamed-source match
/// the attribution it stands for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub rule: usize,
    pub sentence: usize,
    pub weight: f64,
    pub voice: u8,
    pub class: u8,
    pub attribution: Option<usize>,
}

/// Per-article counts of the attribution summary: (named, anonymous, vague, documents, direct
/// quotes, words inside quotation marks).
pub type AttributionCounts = (usize, usize, usize, usize, usize, usize);

/// Everything the one call computes.
pub struct Article {
    pub seg: Segmentation,
    /// (start, end, rule id) of each excluded paragraph, sorted
    pub excluded: Vec<(usize, usize, String)>,
    /// (rule id, "gave_up" | "too_long"), sorted by rule id
    pub limits: Vec<(String, &'static str)>,
    /// each sentence's voice index, None for a sentence in publisher furniture
    pub sentence_voice: Vec<Option<usize>>,
    /// (total, authorial, reported) words
    pub words: (usize, usize, usize),
    pub hits: Vec<Hit>,
    pub attributions: Vec<Out>,
    /// per category slot and voice (slot * 3 + voice): (count, weighted sum, sentences)
    pub tallies: Vec<(usize, f64, usize)>,
    pub counts: AttributionCounts,
    /// for each quotation of `seg.quotes`, whether it is a scare quote (in the author's voice)
    pub scare: Vec<bool>,
    /// the reported-speech regions (attribution.reported_regions), sorted and disjoint
    pub reported: Vec<(usize, usize)>,
    /// the inline markers of the text, their regions (with what each dropped) and warnings;
    /// None when the text has none or markers are off
    pub suppressed: Option<Found>,
}

/// A rule match of a caller's overlap policy: (start, end, rule, sentence, weight).
pub type GivenMatch = (usize, usize, usize, usize, f64);

/// The per-rule data of the matcher the article call needs beside its Engine.
pub struct RuleInfo {
    /// each matcher rule's attribution class (0 none, 1 anonymous, 2 vague)
    pub class: Vec<u8>,
    /// each matcher rule's category slot
    pub category: Vec<usize>,
    /// the category slot of the unnamed-source matches ("sourcing")
    pub sourcing: usize,
    /// how many category slots there are
    pub slots: usize,
}

/// Records a limit as Python's dict did: a rule that gave up anywhere says "gave_up".
fn note_limit(limits: &mut Vec<(String, &'static str)>, id: &str, why: &'static str) {
    match limits.iter_mut().find(|(r, _)| r == id) {
        Some(entry) => {
            if entry.1 != GAVE_UP {
                entry.1 = why;
            }
        }
        None => limits.push((id.to_string(), why)),
    }
}

fn why(row: &LimitRow) -> &'static str {
    if row.1 > 0 {
        GAVE_UP
    } else {
        TOO_LONG
    }
}

/// Publisher furniture: every paragraph a furniture match touches, plus the footer block (the
/// short lines without sentence punctuation after the last such line, when little prose follows
/// it and more of the article stands above it). Returns the excluded paragraphs, sorted.
/// `(chars, words)`: the text's characters and their word starts.
pub fn furniture(
    furniture: &Engine,
    text: &Text,
    (chars, words): (&[char], &WordIndex),
    paras: &[(usize, usize)],
    settings: &Settings,
    limits: &mut Vec<(String, &'static str)>,
) -> Vec<(usize, usize, String)> {
    let (mut cands, stopped) = furniture.candidates_in_text(text, 0, usize::MAX);
    // A look-around rule searches no region over lookaround_max_bytes: on a longer text it runs
    // paragraph by paragraph (a line of furniture is a paragraph), and what stops it there counts.
    let long: Vec<usize> = stopped
        .iter()
        .filter(|r| why(r) == TOO_LONG)
        .map(|r| r.0)
        .collect();
    let mut found_limits: Vec<(String, &'static str)> = stopped
        .iter()
        .filter(|r| why(r) != TOO_LONG)
        .map(|r| (furniture.rule_id(r.0).to_string(), why(r)))
        .collect();
    if !long.is_empty() && !paras.is_empty() {
        let windows = windows_as_sentences(paras);
        let (rows, stopped) = furniture.match_in(text, &windows, &Quotes::NONE, false);
        for row in stopped.iter().filter(|r| long.contains(&r.0)) {
            let id = furniture.rule_id(row.0);
            found_limits.retain(|(r, _)| r != id);
            note_limit(&mut found_limits, id, why(row));
        }
        cands.extend(
            rows.into_iter()
                .filter(|r| long.contains(&r.2))
                .map(|(s, e, i, _, w, _)| (s, e, i, w)),
        );
    }
    for (id, w) in found_limits {
        note_limit(limits, &id, w);
    }
    let starts: Vec<usize> = paras.iter().map(|p| p.0).collect();
    let mut found: Vec<Option<String>> = vec![None; paras.len()];
    for &(start, end, rule, _) in &cands {
        let mut i = starts.partition_point(|&s| s <= start);
        if i > 0 && start < paras[i - 1].1 {
            found[i - 1].get_or_insert_with(|| furniture.rule_id(rule).to_string());
        }
        while i < paras.len() && starts[i] < end {
            found[i].get_or_insert_with(|| furniture.rule_id(rule).to_string());
            i += 1;
        }
    }
    let Some(last) = found.iter().rposition(|f| f.is_some()) else {
        return vec![];
    };
    let trailing_max = settings.trailing_max_words;
    // paragraphs start in order and differ: those after the last one found are the later ones
    let after: Vec<(usize, usize)> = ((last + 1)..paras.len())
        .map(|k| (k, words.count(chars, paras[k].0, paras[k].0, paras[k].1)))
        .collect();
    let prose: usize = after
        .iter()
        .filter(|&&(_, n)| n as f64 > trailing_max)
        .map(|a| a.1)
        .sum();
    let below: usize = after.iter().map(|a| a.1).sum();
    if prose as f64 <= settings.footer_max_prose_words
        && words.count(chars, 0, 0, paras[last].0) > below
    {
        for &(k, n) in &after {
            let (s, e) = paras[k];
            // a last line ending '."' or '.”' is a sentence, not a footer: look past closing marks
            let closing = chars[s..e]
                .iter()
                .rev()
                .find(|&&c| !matches!(c, ' ' | '\t' | '"' | '\'' | '”' | '’' | '»' | ')' | ']'));
            if n as f64 <= trailing_max && !matches!(closing, Some('.' | '!' | '?')) {
                found[k].get_or_insert_with(|| TRAILING_BLOCK.to_string());
            }
        }
    }
    found
        .into_iter()
        .enumerate()
        .filter_map(|(k, f)| f.map(|r| (paras[k].0, paras[k].1, r)))
        .collect()
}

/// attribution.unnamed_matches: a match for each anonymous, vague or unnamed-document source the
/// finder found and no rule already marks (on its source or its cue).
fn unnamed_hits(
    chars: &[char],
    attributions: &[Out],
    hits: &[Hit],
    weight: f64,
    ignored: &[(usize, usize)],
) -> Vec<Hit> {
    let tagged: Vec<(usize, usize)> = hits
        .iter()
        .filter(|h| h.class != 0)
        .map(|h| (h.start, h.end))
        .collect();
    let covered = |s: usize, e: usize| tagged.iter().any(|&(ts, te)| ts < e && s < te);
    let mut out = Vec::new();
    for (k, att) in attributions.iter().enumerate() {
        let Some((s, e)) = att.source else { continue };
        if !matches!(att.typ, "anonymous" | "vague" | "document") {
            continue;
        }
        let source: String = chars[s..e].iter().collect();
        let first = source
            .split(pychar::is_space)
            .find(|w| !w.is_empty())
            .map(pychar::lower_str)
            .unwrap_or_default();
        // "any sensible person would disagree", "Nobody asked": no one's report
        if matches!(first.as_str(), "any" | "every" | "no")
            || matches!(
                pychar::lower_str(&source).as_str(),
                "nobody"
                    | "everybody"
                    | "everyone"
                    | "somebody"
                    | "someone"
                    | "anybody"
                    | "anyone"
                    | "none"
            )
        {
            continue;
        }
        if att.typ == "document" && !document_name(chars, att).is_empty() {
            continue; // "data compiled by Rhodium": named
        }
        if covered(s, e) || covered(att.cue.0, att.cue.1) {
            continue;
        }
        if ignored.iter().any(|&(a, b)| a <= s && e <= b) {
            continue;
        }
        out.push(Hit {
            start: s,
            end: e,
            rule: UNNAMED,
            sentence: att.sentence,
            weight,
            voice: AUTHORIAL,
            class: if att.typ == "anonymous" {
                ANONYMOUS
            } else {
                VAGUE
            },
            attribution: Some(k),
        });
    }
    out
}

/// A document attribution's normalised name ("" without a name span).
fn document_name(chars: &[char], att: &Out) -> String {
    match att.name_span {
        Some((a, b)) if a < b => normalise(&chars[a..b].iter().collect::<String>()),
        Some(_) => normalise(""),
        None => String::new(),
    }
}

/// attribution.reported_regions: the content of each attribution to someone (not vague, not an
/// unnamed document), merged into sorted, disjoint ranges.
fn reported_regions(chars: &[char], attributions: &[Out]) -> Vec<(usize, usize)> {
    regions_of(attributions.iter().map(|a| {
        let named = a.typ == "document" && !document_name(chars, a).is_empty();
        (a.typ, named, a.content)
    }))
}

/// The reported-speech regions of attributions given as (type, has a name, content): each
/// content but a vague source's or an unnamed document's, merged into sorted, disjoint ranges.
pub fn regions_of<'a>(
    items: impl Iterator<Item = (&'a str, bool, Option<(usize, usize)>)>,
) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = items
        .filter(|&(typ, named, _)| typ != "vague" && (typ != "document" || named))
        .filter_map(|(_, _, content)| content)
        .collect();
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (s, e) in spans {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// An attribution as reported_regions needs it: (type, has a name, content).
type RegionItem = (String, bool, Option<(usize, usize)>);

/// framing.attribution.reported_regions: attributions as (type, has a name, content or None).
#[pyfunction]
#[pyo3(name = "reported_regions")]
fn py_reported_regions(items: Vec<RegionItem>) -> PyResult<Vec<(usize, usize)>> {
    guard("reported_regions", || {
        Ok(regions_of(
            items.iter().map(|(t, n, c)| (t.as_str(), *n, *c)),
        ))
    })
}

/// attribution._one_per_source, counted: overlapping unnamed-source matches are one source (the
/// longest), then one source of each class per sentence. Returns (anonymous, vague).
fn one_per_source(hits: &[&Hit]) -> (usize, usize) {
    let mut sorted: Vec<&Hit> = hits.to_vec();
    sorted.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end - h.start)));
    let mut kept: Vec<&Hit> = Vec::new();
    for h in sorted {
        if let Some(last) = kept.last_mut() {
            if h.start < last.end {
                if h.end - h.start > last.end - last.start {
                    *last = h;
                }
                continue;
            }
        }
        kept.push(h);
    }
    let mut seen: Vec<(usize, u8)> = kept.iter().map(|h| (h.sentence, h.class)).collect();
    seen.sort_unstable();
    seen.dedup();
    let anonymous = seen.iter().filter(|k| k.1 == ANONYMOUS).count();
    (anonymous, seen.len() - anonymous)
}

/// The engines and settings of one Scorer, built once.
#[pyclass(name = "ArticleEngine", module = "framing._core", frozen)]
pub struct ArticleEngine {
    abbreviations: Py<PyAbbreviations>,
    furniture: Py<Engine>,
    matcher: Py<Engine>,
    finder: Py<PyAttributionFinder>,
    rules: RuleInfo,
    settings: Settings,
    /// the names inline markers may give; None: markers are off (read as text)
    suppression: Option<suppress::Names>,
}

/// What one call hands back to Python: plain data, each part built when asked for.
#[pyclass(name = "ArticleResult", module = "framing._core", frozen)]
pub struct ArticleResult {
    pub(crate) article: Article,
}

/// The data from segmentation to the rule matches, before attribution.
struct Prepared {
    seg: Segmentation,
    excluded: Vec<(usize, usize, String)>,
    limits: Vec<(String, &'static str)>,
    /// (start, end, index, scored) of every sentence
    sentences: Vec<SentenceData>,
}

/// The speech of a prepared article: its attributions, and which quotations are scare quotes
/// (`seg.voice` and the sentences' quoted words then count only the others).
struct Speech {
    attributions: Vec<Out>,
    scare: Vec<bool>,
}

impl ArticleEngine {
    /// The text the pass reads: with its inline markers blanked (offsets unchanged) and what they
    /// found, or the text itself when markers are off or it has none.
    fn unmarked<'t>(&self, text: &'t str) -> (std::borrow::Cow<'t, str>, Option<Found>) {
        match self
            .suppression
            .as_ref()
            .and_then(|n| suppress::scan(text, n))
        {
            Some((blanked, found)) => (blanked.into(), Some(found)),
            None => (text.into(), None),
        }
    }

    /// Drops the hits a marker's region silences (each counted by its region).
    fn silence(&self, hits: &mut Vec<Hit>, found: &mut Found) {
        let (Some(names), false) = (&self.suppression, found.regions.is_empty()) else {
            return;
        };
        let matcher = self.matcher.get();
        hits.retain(|h| {
            let (id, slot, pack) = if h.rule == UNNAMED {
                // its pack as --disable has it: pack:speculation turns it off
                (UNNAMED_RULE, self.rules.sourcing, "speculation")
            } else {
                let id = matcher.rule_id(h.rule);
                let pack = id.split_once('.').map_or(id, |p| p.0);
                (id, self.rules.category[h.rule], pack)
            };
            let category = names.slots.get(slot).map_or("", String::as_str);
            !found.silences(h.start, &Subject { id, category, pack })
        });
    }

    fn prepare(&self, text: &str, prepared: &Text) -> Prepared {
        let chars = prepared.chars();
        let seg = segment::segment_chars(
            text,
            chars,
            &self.abbreviations.get().inner,
            self.settings.max_unclosed,
        );
        let mut limits = Vec::new();
        let excluded = furniture(
            self.furniture.get(),
            prepared,
            (chars, &seg.words),
            &seg.paragraphs,
            &self.settings,
            &mut limits,
        );
        let ex_starts: Vec<usize> = excluded.iter().map(|x| x.0).collect();
        let excluded_at = |pos: usize| {
            let i = ex_starts.partition_point(|&s| s <= pos);
            i > 0 && pos < excluded[i - 1].1
        };
        let sentences = seg
            .sentences
            .iter()
            .enumerate()
            .map(|(k, s)| (s.start, s.end, k, !excluded_at(s.start)))
            .collect();
        Prepared {
            seg,
            excluded,
            limits,
            sentences,
        }
    }

    /// The matcher's rows over the scored sentences (with the default overlap policy or without
    /// any), its limits noted.
    fn match_rows(
        &self,
        text: &Text,
        p: &mut Prepared,
        overlap: bool,
    ) -> Vec<crate::engine::MatchRow> {
        // the quotations someone speaks: a scare quote is matched as the author's words
        let starts: Vec<usize> = p.seg.voice.spans().map(|q| q.0).collect();
        let ends: Vec<usize> = p.seg.voice.spans().map(|q| q.1).collect();
        let quotes = Quotes {
            starts: &starts,
            ends: &ends,
        };
        let matcher = self.matcher.get();
        let (rows, stopped) = matcher.match_in(text, &p.sentences, &quotes, overlap);
        for row in &stopped {
            note_limit(&mut p.limits, matcher.rule_id(row.0), why(row));
        }
        rows
    }

    /// Attribution over the scored sentences, then the scare quotes it leaves: a quotation under
    /// `min_quote_words` words that no attribution claims is the author's, so `p.seg`'s Voice,
    /// its sentences' quoted flags and quoted words then count only the other quotations (the
    /// quotation itself stays in `seg.quotes`). Runs before matching: a rule's scope and each
    /// match's voice follow the speech Voice.
    fn speech(&self, text: &str, prepared: &Text, p: &mut Prepared) -> Speech {
        let kept: Vec<(usize, usize, usize)> = p
            .sentences
            .iter()
            .filter(|s| s.3)
            .map(|s| (s.0, s.1, s.2))
            .collect();
        let attributions = self.finder.get().inner.find(
            (text, prepared.folded()),
            prepared.chars(),
            &kept,
            &p.seg.voice,
        );
        let chars = prepared.chars();
        let seg = &mut p.seg;
        let min_words = self.settings.min_quote_words;
        if !seg.quotes.iter().any(|q| (q.words as f64) < min_words) {
            let scare = vec![false; seg.quotes.len()];
            return Speech {
                attributions,
                scare,
            };
        }
        let owners: Vec<Owner> = attributions
            .iter()
            .map(|a| Owner {
                sentence: a.sentence,
                first: a.source.map_or(a.cue.0, |s| s.0.min(a.cue.0)),
                content: a.content,
            })
            .collect();
        let scare = scare_quotes_of(chars, seg, &owners, min_words, &self.settings.scare_windows);
        if scare.contains(&true) {
            // the quotations split once: the scare quotes and those someone speaks
            let (mut scared, mut spoken) = (Vec::new(), Vec::new());
            for (q, &s) in seg.quotes.iter().zip(&scare) {
                if s { &mut scared } else { &mut spoken }.push((q.start, q.end));
            }
            let scared = Voice::new(&scared);
            seg.voice = Voice::new(&spoken);
            // only the sentences a scare quote touches change
            for (s, w) in seg.sentences.iter_mut().zip(seg.sentence_words.iter_mut()) {
                if scared.quoted_chars(s.start, s.end) > 0 {
                    s.quoted = seg.voice.quoted_chars(s.start, s.end) * 2 > s.end - s.start;
                    *w = segment::words_by_voice(chars, &seg.words, s.start, s.end, &seg.voice);
                }
            }
        }
        Speech {
            attributions,
            scare,
        }
    }

    /// The whole per-article computation. `given`: the rule matches of a caller's overlap policy
    /// as (start, end, rule, sentence, weight) instead of the matcher's.
    pub fn article(
        &self,
        text: &str,
        ignored: &[(usize, usize)],
        given: Option<Vec<GivenMatch>>,
    ) -> Result<Article, String> {
        let (text, mut suppressed) = self.unmarked(text);
        let text: &str = &text;
        let prepared = Text::new(text);
        let mut p = self.prepare(text, &prepared);
        let Speech {
            attributions,
            scare,
        } = self.speech(text, &prepared, &mut p);
        let rules = &self.rules;
        let mut hits: Vec<Hit> = match given {
            None => self.match_rows(&prepared, &mut p, true),
            Some(rows) => {
                let n = self.matcher.get().rule_count();
                let mut out = Vec::with_capacity(rows.len());
                for (s, e, r, k, w) in rows {
                    if r >= n || s > e || e > prepared.chars().len() || k >= p.sentences.len() {
                        return Err(format!(
                            "match ({s}, {e}) of rule {r} in sentence {k}: not a rule, span or \
                             sentence of this text"
                        ));
                    }
                    let quoted = p.seg.voice.span_quoted(s, e);
                    out.push((s, e, r, k, w, if quoted { 2 } else { 1 }));
                }
                out
            }
        }
        .into_iter()
        .map(|(start, end, rule, sentence, weight, voice)| Hit {
            start,
            end,
            rule,
            sentence,
            weight,
            voice: if voice == 2 { QUOTED } else { AUTHORIAL },
            class: rules.class[rule],
            attribution: None,
        })
        .collect();

        // The voice attribution gives: the content of an attribution outside quotation marks is
        // the source's (reported) voice, so its matches and words leave the author's.
        if self.settings.unnamed {
            let found = unnamed_hits(
                prepared.chars(),
                &attributions,
                &hits,
                self.settings.unnamed_weight,
                ignored,
            );
            hits.extend(found);
            let matcher = self.matcher.get();
            let id = |h: &Hit| {
                if h.rule == UNNAMED {
                    UNNAMED_RULE
                } else {
                    matcher.rule_id(h.rule)
                }
            };
            hits.sort_by(|a, b| {
                (a.start, a.end)
                    .cmp(&(b.start, b.end))
                    .then_with(|| id(a).cmp(id(b)))
            });
        }
        // a match a marker silences is gone before anything counts it
        if let Some(found) = suppressed.as_mut() {
            self.silence(&mut hits, found);
        }
        let regions_spans = reported_regions(prepared.chars(), &attributions);
        let regions = Regions::new(&regions_spans, &p.seg.voice);
        let kept_q: Vec<(usize, usize, bool)> = p
            .sentences
            .iter()
            .filter(|s| s.3)
            .map(|s| (s.0, s.1, p.seg.sentences[s.2].quoted))
            .collect();
        let kept_words: Vec<(usize, usize)> = p
            .sentences
            .iter()
            .filter(|s| s.3)
            .map(|s| {
                let w = &p.seg.sentence_words[s.2];
                (w.words, w.quoted)
            })
            .collect();
        let positions: Vec<usize> = hits
            .iter()
            .filter(|h| h.voice == AUTHORIAL)
            .map(|h| h.start)
            .collect();
        let (total, auth, rep, voices, at) = voice_tallies(
            (prepared.chars(), &p.seg.words),
            &regions,
            &kept_q,
            &kept_words,
            &positions,
        );
        let mut at = at.into_iter();
        for h in hits.iter_mut().filter(|h| h.voice == AUTHORIAL) {
            if at.next() == Some(true) {
                h.voice = REPORTED;
            }
        }
        let mut sentence_voice = vec![None; p.sentences.len()];
        for (s, v) in p.sentences.iter().filter(|s| s.3).zip(&voices) {
            sentence_voice[s.2] = Some(*v);
        }
        let rows: Vec<(usize, usize, usize, f64)> = hits
            .iter()
            .map(|h| {
                let slot = if h.rule == UNNAMED {
                    rules.sourcing
                } else {
                    rules.category[h.rule]
                };
                (slot, h.voice as usize, h.sentence, h.weight)
            })
            .collect();
        let tallies = category_tallies(rules.slots, &rows, &sentence_voice);

        let named = attributions
            .iter()
            .filter(|a| {
                matches!(a.typ, "named" | "document")
                    && a.name_span.is_some()
                    && a.antecedent.is_none()
            })
            .count();
        let documents = attributions.iter().filter(|a| a.typ == "document").count();
        let unnamed: Vec<&Hit> = hits
            .iter()
            .filter(|h| h.class != 0 && h.voice == AUTHORIAL)
            .collect();
        let (anonymous, vague) = one_per_source(&unnamed);
        let min_quote = self.settings.min_quote_words;
        let direct = p
            .seg
            .quotes
            .iter()
            .filter(|q| q.words as f64 >= min_quote)
            .count();
        // words in quotations someone speaks (a scare quote's are the author's)
        let quoted_words = p
            .seg
            .quotes
            .iter()
            .zip(&scare)
            .filter(|(_, &s)| !s)
            .map(|(q, _)| q.words)
            .sum();
        let mut limits = p.limits;
        limits.sort();
        Ok(Article {
            seg: p.seg,
            excluded: p.excluded,
            limits,
            sentence_voice,
            words: (total, auth, rep),
            hits,
            attributions,
            tallies,
            counts: (named, anonymous, vague, documents, direct, quoted_words),
            scare,
            reported: regions_spans,
            suppressed,
        })
    }
}

type Limits = Vec<(String, &'static str)>;
type CandidatesOut = (Vec<SentenceData>, Vec<crate::engine::MatchRow>, Limits);

#[pymethods]
impl ArticleEngine {
    /// abbreviations, the furniture and matcher Engines and the attribution finder of a Scorer;
    /// per matcher rule its attribution class (0 none, 1 anonymous, 2 vague) and category slot;
    /// the slot of the unnamed-source matches and the number of slots; settings as
    /// (max_unclosed, trailing_max_words, footer_max_prose_words, unnamed matches on,
    /// unnamed_weight, min_quote_words, (scare quotes' naming words before, after, next
    /// sentence's words)); suppression: None (inline markers off) or the names a marker may give
    /// as (name, kind: 0 rule id, 1 rule name, 2 category, 3 pack, target) and each category
    /// slot's name.
    #[new]
    #[allow(clippy::too_many_arguments)]
    fn new(
        abbreviations: Py<PyAbbreviations>,
        furniture: Py<Engine>,
        matcher: Py<Engine>,
        finder: Py<PyAttributionFinder>,
        rule_class: Vec<u8>,
        rule_category: Vec<usize>,
        sourcing: usize,
        slots: usize,
        settings: (usize, f64, f64, bool, f64, f64, (usize, usize, usize)),
        suppression: Option<(suppress::Known, Vec<String>)>,
    ) -> PyResult<Self> {
        guard("ArticleEngine", || {
            let n = matcher.get().rule_count();
            if rule_class.len() != n || rule_category.len() != n {
                return Err(PyValueError::new_err(format!(
                    "ArticleEngine: {n} rules but {} classes and {} categories",
                    rule_class.len(),
                    rule_category.len()
                )));
            }
            if rule_class.iter().any(|&c| c > VAGUE)
                || rule_category.iter().any(|&c| c >= slots)
                || sourcing >= slots
            {
                return Err(PyValueError::new_err(
                    "ArticleEngine: an attribution class above 2 or a category slot out of range",
                ));
            }
            if let Some((known, names)) = &suppression {
                if known.iter().any(|k| k.1 > suppress::PACK) || names.len() != slots {
                    return Err(PyValueError::new_err(
                        "ArticleEngine: a marker name's kind above 3, or not one name a slot",
                    ));
                }
            }
            let (max_unclosed, trailing, footer, unnamed, weight, min_quote, scare) = settings;
            Ok(ArticleEngine {
                abbreviations,
                furniture,
                matcher,
                finder,
                rules: RuleInfo {
                    class: rule_class,
                    category: rule_category,
                    sourcing,
                    slots,
                },
                settings: Settings {
                    max_unclosed,
                    trailing_max_words: trailing,
                    footer_max_prose_words: footer,
                    unnamed,
                    unnamed_weight: weight,
                    min_quote_words: min_quote,
                    scare_windows: Windows {
                        naming_before: scare.0,
                        naming_after: scare.1,
                        next_sentence: scare.2,
                    },
                },
                suppression: suppression.map(|(known, slots)| suppress::Names::new(known, slots)),
            })
        })
    }

    /// Scores one article. ignored: spans of the ignore list's phrases (an unnamed-source match
    /// inside one is dropped); matches: a caller's overlap policy's rule matches as (start, end,
    /// rule, sentence, weight), used instead of the matcher's.
    #[pyo3(signature = (text, ignored = vec![], matches = None))]
    fn score(
        &self,
        py: Python<'_>,
        text: &str,
        ignored: Vec<(usize, usize)>,
        matches: Option<Vec<GivenMatch>>,
    ) -> PyResult<ArticleResult> {
        py.detach(|| {
            guard("ArticleEngine.score", || {
                self.article(text, &ignored, matches)
                    .map(|article| ArticleResult { article })
                    .map_err(PyValueError::new_err)
            })
        })
    }

    /// For a caller's overlap policy: the sentences as (start, end, index, scored), every rule
    /// candidate of the scored ones as (start, end, rule, sentence, weight, voice 1|2) with no
    /// overlap policy, and the limits of furniture and matching, sorted by rule id.
    fn candidates(&self, py: Python<'_>, text: &str) -> PyResult<CandidatesOut> {
        py.detach(|| {
            guard("ArticleEngine.candidates", || {
                // the pass's own text: inline markers blanked as `score` reads them
                let (text, _) = self.unmarked(text);
                let text: &str = &text;
                let prepared = Text::new(text);
                let mut p = self.prepare(text, &prepared);
                self.speech(text, &prepared, &mut p);
                let rows = self.match_rows(&prepared, &mut p, false);
                let mut limits = std::mem::take(&mut p.limits);
                limits.sort();
                Ok((p.sentences, rows, limits))
            })
        })
    }
}

type SummaryOut = (
    (usize, usize, usize),
    (usize, usize, usize, usize),
    Vec<(usize, f64, usize)>,
    AttributionCounts,
    usize,
    Limits,
);
type HitOut = (usize, usize, isize, usize, f64, u8, u8, Option<usize>);
/// A suppressed region: (start, end, names or None for every rule, matches dropped).
type RegionOut = (usize, usize, Option<Vec<String>>, usize);
type SuppressedOut = (
    Vec<RegionOut>,
    Vec<(usize, usize)>,
    Vec<(usize, usize, usize, usize, String, Option<String>)>,
);

#[pymethods]
impl ArticleResult {
    /// What a corpus row needs: ((total, authorial, reported) words, (scored sentences and how
    /// many of them are authorial, quoted, reported), per category slot and voice (count,
    /// weighted sum, sentences), (named, anonymous, vague, documents, direct quotes, quoted
    /// words), excluded paragraphs, limits as (rule id, why) sorted by rule id).
    fn summary(&self) -> SummaryOut {
        let a = &self.article;
        let mut by_voice = [0usize; 3];
        for v in a.sentence_voice.iter().flatten() {
            by_voice[*v] += 1;
        }
        (
            a.words,
            (by_voice.iter().sum(), by_voice[0], by_voice[1], by_voice[2]),
            a.tallies.clone(),
            a.counts,
            a.excluded.len(),
            a.limits.clone(),
        )
    }

    /// (paragraphs, sentences as (start, end, paragraph, quoted), quotations as (start, end,
    /// words), words per sentence as (words, quoted words), Voice), as framing._core.segment.
    fn segmentation(&self) -> SegmentOut {
        segmentation_out(&self.article.seg)
    }

    /// For each quotation of `segmentation()`, whether it is a scare quote: under
    /// `min_quote_words` words and spoken by no one, so its words are the author's (the
    /// segmentation's Voice leaves it out).
    fn scare_quotes(&self) -> Vec<bool> {
        self.article.scare.clone()
    }

    /// Each sentence's voice index into ("authorial", "quoted", "reported"), None when it stands
    /// in publisher furniture (not scored).
    fn sentence_voices(&self) -> Vec<Option<usize>> {
        self.article.sentence_voice.clone()
    }

    /// The excluded paragraphs: (start, end, rule id), sorted.
    fn excluded(&self) -> Vec<(usize, usize, String)> {
        self.article.excluded.clone()
    }

    /// The matches in order: (start, end, matcher rule index or -1 for an unnamed source,
    /// sentence, weight, voice index, attribution class 0|1|2, the attribution of an unnamed
    /// source).
    fn matches(&self) -> Vec<HitOut> {
        self.article
            .hits
            .iter()
            .map(|h| {
                (
                    h.start,
                    h.end,
                    if h.rule == UNNAMED {
                        -1
                    } else {
                        h.rule as isize
                    },
                    h.sentence,
                    h.weight,
                    h.voice,
                    h.class,
                    h.attribution,
                )
            })
            .collect()
    }

    /// The inline markers (None when the text has none, or markers are off): (regions as
    /// (start, end, names as written or None for every rule, matches dropped), one a marker and
    /// end; markers as (start, end); warnings as (start, end, line, column, message, the unknown
    /// name it gave or None)).
    fn suppressed(&self) -> Option<SuppressedOut> {
        let found = self.article.suppressed.as_ref()?;
        let mut regions: Vec<RegionOut> = Vec::new();
        let mut keys: Vec<(usize, usize)> = Vec::new();
        for r in &found.regions {
            // the names one marker turned off and one marker on again: one entry
            match keys.iter().position(|&k| k == (r.marker, r.end)) {
                Some(i) => {
                    let entry = &mut regions[i];
                    if let (Some(names), Some(name)) = (entry.2.as_mut(), &r.name) {
                        names.push(name.clone());
                    }
                    entry.3 += r.silenced;
                }
                None => {
                    keys.push((r.marker, r.end));
                    regions.push((r.start, r.end, r.name.clone().map(|n| vec![n]), r.silenced));
                }
            }
        }
        let warnings = found
            .warnings
            .iter()
            .map(|w| {
                (
                    w.start,
                    w.end,
                    w.line,
                    w.column,
                    w.message.clone(),
                    w.unknown.clone(),
                )
            })
            .collect();
        Some((regions, found.markers.clone(), warnings))
    }

    /// The attributions, as AttributionFinder.find gives them.
    fn attributions(&self) -> Vec<AttributionOut> {
        self.article.attributions.iter().map(row).collect()
    }

    /// The article's attributions as the JSON contract's plain data, built once here:
    /// (`attributions`: each what plain(Attribution) gives, in its field order; `named_sources`:
    /// the distinct merged names, sorted; `named_spans`: each named or document source's name span
    /// with its sentence, cue, merged name and role). `text` is the article as given (a lone
    /// surrogate included): each span's text is its slice.
    fn attribution_data<'py>(
        &self,
        text: &Bound<'py, PyString>,
    ) -> PyResult<(Bound<'py, PyList>, Bound<'py, PyList>, Bound<'py, PyList>)> {
        let rows: Vec<AttributionOut> = self.article.attributions.iter().map(row).collect();
        let (attributions, named) = attribution_dicts(text, &rows)?;
        let py = text.py();
        let names: Vec<String> = named.iter().map(|n| n.name.clone()).collect();
        // each distinct name once, mapped to its fullest form
        let merged: FxHashMap<String, String> = merge_names(&names).into_iter().collect();
        let mut sources: Vec<&String> = merged
            .values()
            .collect::<FxHashSet<_>>()
            .into_iter()
            .collect();
        sources.sort_unstable();
        let spans = PyList::empty(py);
        for n in &named {
            let d = PyDict::new(py);
            d.set_item(intern!(py, "start"), n.span.0)?;
            d.set_item(intern!(py, "end"), n.span.1)?;
            d.set_item(intern!(py, "text"), &n.text)?;
            d.set_item(intern!(py, "sentence"), n.sentence)?;
            d.set_item(intern!(py, "cue_start"), n.cue.0)?;
            d.set_item(intern!(py, "cue_end"), n.cue.1)?;
            d.set_item(intern!(py, "name"), merged.get(&n.name).unwrap_or(&n.name))?;
            d.set_item(intern!(py, "role"), &n.role)?;
            spans.append(d)?;
        }
        Ok((attributions, PyList::new(py, sources)?, spans))
    }
}

/// A named or document source of an article's attributions, for its `named_spans` entry.
struct NamedSpan<'py> {
    span: (usize, usize),
    text: Bound<'py, PyAny>,
    sentence: usize,
    cue: (usize, usize),
    name: String,
    role: Bound<'py, PyAny>,
}

/// text[start:end] of the text as given (with a lone surrogate, unlike the engine's copy).
fn slice_of<'py>(
    text: &Bound<'py, PyString>,
    (s, e): (usize, usize),
) -> PyResult<Bound<'py, PyAny>> {
    let py = text.py();
    text.get_item(PySlice::new(py, s as isize, e as isize, 1))
}

/// `{"start", "end", "text"}` of text[start:end] (plain(Span)), and that text.
fn span_dict<'py>(
    text: &Bound<'py, PyString>,
    (s, e): (usize, usize),
) -> PyResult<(Bound<'py, PyDict>, Bound<'py, PyAny>)> {
    let py = text.py();
    let d = PyDict::new(py);
    let t = slice_of(text, (s, e))?;
    d.set_item(intern!(py, "start"), s)?;
    d.set_item(intern!(py, "end"), e)?;
    d.set_item(intern!(py, "text"), &t)?;
    Ok((d, t))
}

/// The attribution rows as plain(Attribution) dicts (framing.scoring.attribution.attribution_rows'
/// data: a pronoun takes its antecedent's type and role; a role is the title's tokens joined by
/// spaces, then the appositive, apart by ", "), and the named sources among them (named or
/// document, with a name span, not a pronoun).
fn attribution_dicts<'py>(
    text: &Bound<'py, PyString>,
    rows: &[AttributionOut],
) -> PyResult<(Bound<'py, PyList>, Vec<NamedSpan<'py>>)> {
    let py = text.py();
    let slice = |r| slice_of(text, r);
    let span = |r: Option<(usize, usize)>| -> PyResult<Bound<'py, PyAny>> {
        Ok(match r {
            Some(r) => span_dict(text, r)?.0.into_any(),
            None => py.None().into_bound(py),
        })
    };
    let empty = PyString::intern(py, "").into_any();
    let out = PyList::empty(py);
    // each row's (type, role) as written, for the pronouns tied to it
    let mut written: Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)> = Vec::with_capacity(rows.len());
    let mut named = Vec::new();
    for (source, cue, content, typ, name_span, title, role, sentence, ante, name) in rows {
        let d = PyDict::new(py);
        d.set_item(intern!(py, "source"), span(*source)?)?;
        d.set_item(intern!(py, "cue"), span_dict(text, *cue)?.0)?;
        d.set_item(intern!(py, "content"), span(*content)?)?;
        let (typ_py, name_py, role_py, name_span_py, pronoun) = match (source, ante) {
            (None, _) => (
                PyString::intern(py, typ).into_any(),
                empty.clone(),
                empty.clone(),
                None,
                false,
            ),
            (Some(_), Some(a)) => {
                let (t, r) = written.get(*a).cloned().ok_or_else(|| {
                    PyValueError::new_err("attribution: a pronoun's antecedent comes after it")
                })?;
                (t, PyString::new(py, name).into_any(), r, None, true)
            }
            (Some(_), None) => {
                let titled = match title.as_slice() {
                    [] => None,
                    [one] => Some(slice(*one)?),
                    many => Some(
                        intern!(py, " ").call_method1(
                            intern!(py, "join"),
                            (PyList::new(
                                py,
                                many.iter()
                                    .map(|&p| slice(p))
                                    .collect::<PyResult<Vec<_>>>()?,
                            )?,),
                        )?,
                    ),
                };
                let appositive = role.map(slice).transpose()?;
                // ", ".join of the non-empty ones, as attribution_rows wrote it
                let nonempty = |x: &Bound<'py, PyAny>| x.len().map_or(true, |n| n > 0);
                let role_py = match (titled.filter(nonempty), appositive.filter(nonempty)) {
                    (None, None) => empty.clone(),
                    (Some(one), None) | (None, Some(one)) => one,
                    (Some(a), Some(b)) => a.add(intern!(py, ", "))?.add(b)?,
                };
                let name_span_py = name_span.map(|p| span_dict(text, p)).transpose()?;
                (
                    PyString::intern(py, typ).into_any(),
                    PyString::new(py, name).into_any(),
                    role_py,
                    name_span_py,
                    false,
                )
            }
        };
        d.set_item(intern!(py, "type"), &typ_py)?;
        d.set_item(intern!(py, "name"), &name_py)?;
        d.set_item(intern!(py, "role"), &role_py)?;
        d.set_item(intern!(py, "sentence"), *sentence)?;
        match &name_span_py {
            Some((ns, ns_text)) => {
                d.set_item(intern!(py, "name_span"), ns)?;
                if matches!(*typ, "named" | "document") {
                    named.push(NamedSpan {
                        span: name_span.unwrap_or_default(),
                        text: ns_text.clone(),
                        sentence: *sentence,
                        cue: *cue,
                        name: name.clone(),
                        role: role_py.clone(),
                    });
                }
            }
            None => d.set_item(intern!(py, "name_span"), py.None())?,
        }
        d.set_item(intern!(py, "pronoun"), pronoun)?;
        written.push((typ_py, role_py));
        out.append(d)?;
    }
    Ok((out, named))
}

impl Article {
    /// The counts [`figures`] reads.
    fn counts(&self) -> ArticleCounts<'_> {
        let mut by_voice = [0usize; 3];
        for v in self.sentence_voice.iter().flatten() {
            by_voice[*v] += 1;
        }
        let (named, anonymous, vague, documents, direct, in_marks) = self.counts;
        ArticleCounts {
            words: self.words,
            sentences: by_voice,
            tallies: &self.tallies,
            attribution: [named, anonymous, vague, documents, direct, in_marks],
            excluded: self.excluded.len(),
        }
    }
}

/// Interned names, made once per RowBuilder.
struct Names {
    /// the numbers' own keys (NUMBER_KEYS)
    numbers: Vec<Py<PyString>>,
    voices: Vec<Py<PyString>>,
    figures: Vec<Py<PyString>>,
    attribution: Vec<Py<PyString>>,
    /// category names by slot (the last: the unnamed sources' own "sourcing")
    categories: Vec<Py<PyString>>,
    /// the row's columns before the categories, then after them (ROW_HEAD, ROW_TAIL)
    head: Vec<Py<PyString>>,
    tail: Vec<Py<PyString>>,
    /// "<category>.<voice>.<count|per_1000_words|sentence_share>" by slot, voice, figure
    cells: Vec<Py<PyString>>,
    /// "attribution.<key>" of ROW_ATTRIBUTION
    row_attribution: Vec<Py<PyString>>,
}

const NUMBER_KEYS: [&str; 11] = [
    "words",
    "authorial_words",
    "quoted_words",
    "reported_words",
    "sentence_count",
    "excluded_count",
    "categories",
    "attribution",
    "index",
    "rates_reliable",
    "limits",
];
const ROW_HEAD: [&str; 7] = [
    "words",
    "authorial_words",
    "quoted_words",
    "reported_words",
    "sentences",
    "index",
    "rates_reliable",
];
const ROW_TAIL: [&str; 3] = ["excluded", "limits", "schema_version"];
/// The category figures of a row, as indices into FIGURE_KEYS (the weighted sum is not a column).
const ROW_FIGURES: [usize; 3] = [0, 2, 3];
/// The attribution figures of a row, as indices into ATTRIBUTION_KEYS (documents is not a column).
const ROW_ATTRIBUTION: [usize; 7] = [0, 1, 2, 4, 5, 6, 7];

/// An article's numbers (Scorer's `summary` numbers) and its flat corpus row (the columns of
/// results.flatten), from an ArticleResult's tallies: one computation (tallies::figures) and
/// two shapes, the names made once per Scorer.
#[pyclass(name = "RowBuilder", module = "framing._core", frozen)]
pub struct RowBuilder {
    /// category slots shown always (the Scorer's categories); one more, "sourcing", with a match
    shown: usize,
    terms: Vec<(f64, Option<Feature>)>,
    min_rate_words: f64,
    schema_version: i64,
    names: Names,
}

type LimitsIn = Option<Vec<(String, String)>>;

impl RowBuilder {
    fn figures(&self, res: &ArticleResult) -> Figures {
        figures(
            &res.article.counts(),
            self.shown,
            &self.terms,
            self.min_rate_words,
        )
    }
}

/// The limits of an article as (rule id, why) in rule order: a caller's, or the article's own.
fn limits_of<'a>(
    res: &'a ArticleResult,
    limits: &'a LimitsIn,
) -> Box<dyn Iterator<Item = (&'a str, &'a str)> + 'a> {
    match limits {
        Some(given) => Box::new(given.iter().map(|(r, w)| (r.as_str(), w.as_str()))),
        None => Box::new(res.article.limits.iter().map(|(r, w)| (r.as_str(), *w))),
    }
}

#[pymethods]
impl RowBuilder {
    /// categories: the Scorer's category names (slots 0..n; slot n is the unnamed sources'
    /// "sourcing" when no pack has that category); index terms as (weight, feature path split
    /// at "."); the rates' word floor; the JSON schema version.
    #[new]
    fn new(
        py: Python<'_>,
        categories: Vec<String>,
        terms: Vec<(f64, Vec<String>)>,
        min_rate_words: f64,
        schema_version: i64,
    ) -> Self {
        let mut names: Vec<String> = categories.clone();
        names.push("sourcing".to_string());
        let intern = |s: &str| PyString::intern(py, s).unbind();
        let all = |keys: &[&str]| keys.iter().map(|k| intern(k)).collect::<Vec<_>>();
        let feature = |path: &[String]| -> Option<Feature> {
            match path {
                [c, cat, voice, key] if c == "categories" => Some(Feature::Category(
                    names.iter().position(|n| n == cat)?,
                    VOICES.iter().position(|v| v == voice)?,
                    FIGURE_KEYS.iter().position(|k| k == key)?,
                )),
                [a, key] if a == "attribution" => Some(Feature::Attribution(
                    ATTRIBUTION_KEYS.iter().position(|k| k == key)?,
                )),
                _ => None,
            }
        };
        let terms = terms.iter().map(|(w, p)| (*w, feature(p))).collect();
        let mut cells = Vec::with_capacity(names.len() * 9);
        for cat in &names {
            for voice in VOICES {
                for k in ROW_FIGURES {
                    cells.push(intern(&format!("{cat}.{voice}.{}", FIGURE_KEYS[k])));
                }
            }
        }
        let names_py = Names {
            numbers: all(&NUMBER_KEYS),
            voices: all(&VOICES),
            figures: all(&FIGURE_KEYS),
            attribution: all(&ATTRIBUTION_KEYS),
            categories: names.iter().map(|n| intern(n)).collect(),
            head: all(&ROW_HEAD),
            tail: all(&ROW_TAIL),
            cells,
            row_attribution: ROW_ATTRIBUTION
                .iter()
                .map(|&k| intern(&format!("attribution.{}", ATTRIBUTION_KEYS[k])))
                .collect(),
        };
        RowBuilder {
            shown: categories.len(),
            terms,
            min_rate_words,
            schema_version,
            names: names_py,
        }
    }

    /// Scorer's numbers: words, authorial/quoted/reported words, sentence and excluded counts,
    /// categories {category: {voice: {count, weighted, per_1000_words, sentence_share}}},
    /// attribution {named, ..., unnamed_per_1000_words}, index, rates_reliable and limits
    /// {rule id: why} (a caller's overlap policy's `limits`, else the article's own).
    #[pyo3(signature = (res, limits = None))]
    fn numbers<'py>(
        &self,
        py: Python<'py>,
        res: &Bound<'py, ArticleResult>,
        limits: LimitsIn,
    ) -> PyResult<Bound<'py, PyDict>> {
        let res = res.get();
        let f = self.figures(res);
        let n = &self.names;
        let out = PyDict::new(py);
        let key = |k: usize| n.numbers[k].bind(py);
        for (k, v) in f.words.iter().enumerate() {
            out.set_item(key(k), v)?;
        }
        out.set_item(key(4), f.sentences)?;
        out.set_item(key(5), f.excluded)?;
        let categories = PyDict::new(py);
        for (slot, voices) in f.categories.iter().enumerate() {
            let entry = PyDict::new(py);
            for (v, fig) in voices.iter().enumerate() {
                let d = PyDict::new(py);
                d.set_item(n.figures[0].bind(py), fig.count)?;
                match fig.weighted {
                    Some(w) => d.set_item(n.figures[1].bind(py), PyFloat::new(py, w))?,
                    None => d.set_item(n.figures[1].bind(py), 0)?,
                }
                d.set_item(n.figures[2].bind(py), PyFloat::new(py, fig.per_1000_words))?;
                d.set_item(n.figures[3].bind(py), PyFloat::new(py, fig.sentence_share))?;
                entry.set_item(n.voices[v].bind(py), d)?;
            }
            categories.set_item(n.categories[slot].bind(py), entry)?;
        }
        out.set_item(key(6), categories)?;
        let attribution = PyDict::new(py);
        let a = &f.attribution;
        for (k, c) in a.counts.iter().enumerate() {
            attribution.set_item(n.attribution[k].bind(py), c)?;
        }
        for (k, x) in [
            a.quoted_word_share,
            a.named_per_1000_words,
            a.unnamed_per_1000_words,
        ]
        .into_iter()
        .enumerate()
        {
            attribution.set_item(n.attribution[5 + k].bind(py), PyFloat::new(py, x))?;
        }
        out.set_item(key(7), attribution)?;
        out.set_item(key(8), PyFloat::new(py, f.index))?;
        out.set_item(key(9), f.rates_reliable)?;
        let found = PyDict::new(py);
        for (rule, why) in limits_of(res, &limits) {
            found.set_item(rule, why)?;
        }
        out.set_item(key(10), found)?;
        Ok(out)
    }

    /// The article's flat corpus row without its source (results.flatten's columns): words,
    /// sentences, index, rates_reliable, "<category>.<voice>.<figure>", "attribution.<key>",
    /// then `middle`'s items (the full profile's sentiment, readability and classifier columns),
    /// then excluded, limits ("rule:why" joined by ";") and schema_version.
    #[pyo3(signature = (res, limits = None, middle = None))]
    fn row<'py>(
        &self,
        py: Python<'py>,
        res: &Bound<'py, ArticleResult>,
        limits: LimitsIn,
        middle: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let res = res.get();
        let f = self.figures(res);
        let n = &self.names;
        let out = PyDict::new(py);
        let head = |k: usize| n.head[k].bind(py);
        for k in 0..4 {
            out.set_item(head(k), f.words[k])?;
        }
        out.set_item(head(4), f.sentences)?;
        out.set_item(head(5), PyFloat::new(py, f.index))?;
        out.set_item(head(6), f.rates_reliable)?;
        let mut cells = n.cells.iter();
        for fig in f.categories.iter().flatten() {
            // the row's figures of ROW_FIGURES: count, per_1000_words, sentence_share
            let (Some(count), Some(per_k), Some(share)) =
                (cells.next(), cells.next(), cells.next())
            else {
                break;
            };
            out.set_item(count.bind(py), fig.count)?;
            out.set_item(per_k.bind(py), PyFloat::new(py, fig.per_1000_words))?;
            out.set_item(share.bind(py), PyFloat::new(py, fig.sentence_share))?;
        }
        let a = &f.attribution;
        for (name, &k) in n.row_attribution.iter().zip(&ROW_ATTRIBUTION) {
            match k {
                0..=4 => out.set_item(name.bind(py), a.counts[k])?,
                5 => out.set_item(name.bind(py), PyFloat::new(py, a.quoted_word_share))?,
                6 => out.set_item(name.bind(py), PyFloat::new(py, a.named_per_1000_words))?,
                _ => out.set_item(name.bind(py), PyFloat::new(py, a.unnamed_per_1000_words))?,
            }
        }
        if let Some(middle) = middle {
            out.update(middle.as_mapping())?;
        }
        out.set_item(n.tail[0].bind(py), f.excluded)?;
        // results.format_limits: "rule:why" by rule id, apart by ";" (as a dict: a rule's last why)
        let mut found: Vec<(&str, &str)> = Vec::new();
        for (rule, why) in limits_of(res, &limits) {
            match found.iter_mut().find(|f| f.0 == rule) {
                Some(f) => f.1 = why,
                None => found.push((rule, why)),
            }
        }
        found.sort_unstable();
        let cell = found
            .iter()
            .map(|(rule, why)| format!("{rule}:{why}"))
            .collect::<Vec<_>>()
            .join(";");
        out.set_item(n.tail[1].bind(py), cell)?;
        out.set_item(n.tail[2].bind(py), self.schema_version)?;
        Ok(out)
    }
}

/// The attributions `AttributionFinder.find` finds, as the JSON contract's plain dicts: built by
/// `attribution_dicts`, the one builder of them (`ArticleResult.attribution_data`'s too). `original`
/// is the article as given (a lone surrogate included), whose slices are the span texts; `text` is
/// what the finder reads.
#[pyfunction]
#[pyo3(name = "attribution_dicts")]
fn py_attribution_dicts<'py>(
    finder: PyRef<'_, PyAttributionFinder>,
    original: &Bound<'py, PyString>,
    text: &str,
    sentences: Vec<(usize, usize, usize)>,
    voice: PyRef<'_, PyVoice>,
) -> PyResult<Bound<'py, PyList>> {
    let rows = finder.find(original.py(), text, sentences, voice)?;
    Ok(attribution_dicts(original, &rows)?.0)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ArticleEngine>()?;
    m.add_class::<RowBuilder>()?;
    m.add_class::<ArticleResult>()?;
    m.add_function(wrap_pyfunction!(py_reported_regions, m)?)?;
    m.add_function(wrap_pyfunction!(py_attribution_dicts, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(start: usize, end: usize, sentence: usize, class: u8) -> Hit {
        Hit {
            start,
            end,
            rule: 0,
            sentence,
            weight: 1.0,
            voice: AUTHORIAL,
            class,
            attribution: None,
        }
    }

    #[test]
    fn one_source_per_overlap_and_sentence_by_hand() {
        // 10-40 anonymous and 25-50 vague overlap: one source (the longer, anonymous); 60-70
        // vague stands alone in the same sentence: 1 anonymous, 1 vague
        let (a, b, c) = (hit(10, 40, 0, 1), hit(25, 50, 0, 2), hit(60, 70, 0, 2));
        assert_eq!(one_per_source(&[&a, &b, &c]), (1, 1));
        // two anonymous sources in one sentence count once; in two sentences, twice
        let (d, e) = (hit(0, 5, 1, 1), hit(10, 15, 1, 1));
        assert_eq!(one_per_source(&[&d, &e]), (1, 0));
        let f = hit(10, 15, 2, 1);
        assert_eq!(one_per_source(&[&d, &f]), (2, 0));
    }

    #[test]
    fn reported_regions_by_hand() {
        // a vague source's and an unnamed document's content stay the author's; overlapping
        // contents merge
        let items = [
            ("named", false, Some((10, 20))),
            ("anonymous", false, Some((15, 30))),
            ("vague", false, Some((40, 50))),
            ("document", false, Some((60, 70))),
            ("document", true, Some((80, 90))),
            ("pronoun", false, None),
        ];
        assert_eq!(regions_of(items.iter().copied()), vec![(10, 30), (80, 90)]);
    }

    #[test]
    fn limits_keep_gave_up() {
        let mut l = vec![];
        note_limit(&mut l, "a.x", GAVE_UP);
        note_limit(&mut l, "a.x", TOO_LONG);
        note_limit(&mut l, "a.y", TOO_LONG);
        assert_eq!(l, vec![("a.x".into(), GAVE_UP), ("a.y".into(), TOO_LONG)]);
    }
}
