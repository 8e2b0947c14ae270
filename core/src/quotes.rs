//! Quotations and voice: double quotations (nesting, straight marks inside straight ones, quotes
//! over several paragraphs or broken over lines, unclosed marks), then single quotation marks
//! told apart from apostrophes, and the [`Voice`] queries over the result.
//!
//! Offsets are code points (`&[char]` indices). Where the Python implementation indexed
//! `text[i - 1]` at `i == 0` it read the text's last character; [`before`] keeps that, so both
//! give the same quotations on every text.
use crate::offsets::Span;
use crate::pychar::{is_alnum, is_digit, is_letterish, is_space, is_word, skip_chunks};

/// Positions of every double quotation mark, and of every mark that may open a single quotation
/// (' and ‘), in one pass: the searches then jump between them.
fn mark_positions(chars: &[char]) -> (Vec<usize>, Vec<usize>) {
    let mut doubles = Vec::new();
    let mut singles = Vec::new();
    // sixteen characters at a time, a test without branches: most hold no mark at all
    let maybe_mark =
        |x: u32| (x == '"' as u32) as u32 | (x == '\'' as u32) as u32 | (x >= '«' as u32) as u32;
    let mut p = 0;
    while p < chars.len() {
        p = skip_chunks(chars, p, chars.len(), maybe_mark);
        let stop = (p + 16).min(chars.len());
        for (i, &c) in chars[p..stop].iter().enumerate() {
            // most characters are neither: ASCII other than " and ', or below U+00AB («)
            if c == '"' || (c >= '«' && is_double_mark(c)) {
                doubles.push(p + i);
            } else if is_single_open_mark(c) {
                singles.push(p + i);
            }
        }
        p = stop;
    }
    (doubles, singles)
}

/// Marks that open a double quotation (besides the straight one).
fn is_opener(c: char) -> bool {
    matches!(c, '“' | '«' | '„')
}

/// Marks that may start a paragraph continuing the quotation the previous one left open.
fn is_reopener(c: char) -> bool {
    matches!(c, '“' | '"' | '«' | '„')
}

/// Every mark a double quotation can open or close with.
pub(crate) fn is_double_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '«' | '»' | '„')
}

/// Whether `c` closes a quotation opened by `opener`.
fn closes(opener: char, c: char) -> bool {
    match opener {
        '"' => matches!(c, '"' | '”'), // "...” is common in scraped text
        '„' => matches!(c, '“' | '”'), // German „...“ (and „...”)
        '«' => c == '»',
        _ => matches!(c, '”' | '»'),
    }
}

/// The character before `i`, and at 0 the text's last (Python's `text[-1]`).
fn before(chars: &[char], i: usize) -> char {
    match i.checked_sub(1) {
        Some(k) => chars[k],
        None => chars.last().copied().unwrap_or(' '),
    }
}

/// The closing marks whose positions one check counts: the curly and guillemet closers, plus “
/// when a German „ quotation is involved.
const CLOSERS: &[char] = &['”', '»'];
const CLOSERS_GERMAN: &[char] = &['”', '»', '“'];

/// Positions of the double marks of one paragraph, by mark, found on first use.
struct ParagraphMarks<'a> {
    pe: usize,
    /// every double mark of the paragraph, in order
    all: &'a [usize],
    found: [Option<Vec<usize>>; 6],
    /// `net_closing[k]`: over the straight marks k.. of the paragraph, those that look closing less
    /// those that open a word.
    net_closing: Option<Vec<i64>>,
}

impl<'a> ParagraphMarks<'a> {
    fn new(all: &'a [usize], pe: usize) -> Self {
        ParagraphMarks {
            pe,
            all,
            found: Default::default(),
            net_closing: None,
        }
    }

    fn positions(&mut self, chars: &[char], mark: char) -> &[usize] {
        let slot = match mark {
            '"' => 0,
            '“' => 1,
            '”' => 2,
            '«' => 3,
            '»' => 4,
            _ => 5,
        };
        let all = self.all;
        self.found[slot]
            .get_or_insert_with(|| all.iter().copied().filter(|&j| chars[j] == mark).collect())
    }

    /// Marks of any of `marks` in this paragraph after `pos`.
    fn after(&mut self, chars: &[char], marks: &[char], pos: usize) -> usize {
        marks
            .iter()
            .map(|&m| {
                let found = self.positions(chars, m);
                found.len() - found.partition_point(|&j| j <= pos)
            })
            .sum()
    }

    /// Curly and guillemet closing marks after `pos` and before the next opening one (“ or «),
    /// less the straight marks there that open a word (`"You are ...”` closes its own): those
    /// that may close a quotation open at `pos`.
    fn closers_before_next_opener(&mut self, chars: &[char], pos: usize) -> usize {
        let pe = self.pe;
        let next_open = ['“', '«']
            .iter()
            .map(|&m| {
                let found = self.positions(chars, m);
                found
                    .get(found.partition_point(|&j| j <= pos))
                    .copied()
                    .unwrap_or(pe)
            })
            .min()
            .unwrap_or(pe);
        let closers: usize = CLOSERS
            .iter()
            .map(|&m| {
                let found = self.positions(chars, m);
                found.partition_point(|&j| j < next_open) - found.partition_point(|&j| j <= pos)
            })
            .sum();
        let straight = self.positions(chars, '"');
        let opening = straight[straight.partition_point(|&j| j <= pos)..]
            .iter()
            .take_while(|&&j| j < next_open)
            .filter(|&&j| is_space(before(chars, j)) && j + 1 < pe && !is_space(chars[j + 1]))
            .count();
        closers.saturating_sub(opening)
    }

    /// Straight marks after `pos` that look closing, less those that open a word (each of those
    /// needs a closing mark of its own). Built once per paragraph, from the end: linear however
    /// many marks.
    fn closing_straight_after(&mut self, chars: &[char], pos: usize) -> i64 {
        let pe = self.pe;
        if self.net_closing.is_none() {
            let found = self.positions(chars, '"');
            let mut net = vec![0i64; found.len() + 1];
            for k in (0..found.len()).rev() {
                let j = found[k];
                let step = if !is_space(before(chars, j)) {
                    1
                } else if j + 1 < pe && !is_space(chars[j + 1]) {
                    -1
                } else {
                    0
                };
                net[k] = net[k + 1] + step;
            }
            self.net_closing = Some(net);
        }
        let k = self.positions(chars, '"').partition_point(|&j| j <= pos);
        self.net_closing.as_ref().map_or(0, |net| net[k])
    }
}

/// Whether a line's first quotation mark closes the quotation the previous line left open (a line
/// break inside the quote): a closing mark right after a word, . , ! ? or a closing single mark,
/// not before a word, within `limit` characters of the line's start.
fn closes_carried_quote(
    chars: &[char],
    marks: &[usize],
    opener: char,
    (ps, pe): Span,
    limit: usize,
) -> bool {
    let stop = pe.min(ps.saturating_add(limit));
    let Some(&j) = marks.first().filter(|&&j| j < stop) else {
        return false;
    };
    let c = chars[j];
    if c != '"' {
        return closes(opener, c);
    }
    let before_ok = j > ps
        && (is_alnum(chars[j - 1])
            || matches!(chars[j - 1], '.' | ',' | '!' | '?' | '…' | '\'' | '’' | ')'));
    before_ok && !(j + 1 < pe && is_alnum(chars[j + 1]))
}

/// Quotations, double quotes first, then single quotes used as quotation marks; sorted, overlaps
/// merged. `paras` are the paragraphs (non-empty, in order, within the text).
///
/// A quotation may run over paragraphs when each new paragraph reopens it. Nested quotations
/// count only when their closing marks are there; an opening mark never closed is quoted to its
/// paragraph's end (or to the next opening mark), and only when that is at most `max_unclosed`
/// characters: never the rest of the article.
///
/// Two apostrophes in a row (as the New York Times writes its double quotation marks, opening and
/// closing alike) are one double mark: `''We're a content provider,'' he said` quotes its words
/// as `“We're a content provider,” he said` does, the span covering both apostrophes. A pair
/// before a word (after a space or an opening bracket) opens, one after a word or punctuation
/// closes; a closing pair with no quotation open (a sentence cut from a longer quotation) is no
/// quotation, and a pair between two words is left alone.
pub fn find_quotes(chars: &[char], paras: &[Span], max_unclosed: usize) -> Vec<Span> {
    let pairs = apostrophe_pairs(chars);
    if pairs.is_empty() {
        return find_quotes_in(chars, paras, max_unclosed);
    }
    // Each pair read as a curly mark followed by a character that is neither a space, a word
    // character nor a mark (U+2060, word joiner), so that offsets stay those of the text.
    let mut read = chars.to_vec();
    for &(i, opening) in &pairs {
        read[i] = if opening { '“' } else { '”' };
        read[i + 1] = '\u{2060}';
    }
    let spans = find_quotes_in(&read, paras, max_unclosed)
        .into_iter()
        .map(|(s, e)| {
            let closed_by_pair = e > 0 && pairs.binary_search(&(e - 1, false)).is_ok();
            (s, if closed_by_pair { e + 1 } else { e })
        })
        .collect();
    merged(spans)
}

/// Two apostrophes in a row (or three, a single mark beside the pair; not more) that open or close a quotation: the
/// position of the first, and whether it opens.
fn apostrophe_pairs(chars: &[char]) -> Vec<(usize, bool)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < chars.len() {
        // most stretches of sixteen hold no apostrophe: skipped without a branch a character
        i = skip_chunks(chars, i, chars.len(), |x| (x == '\'' as u32) as u32);
        // the apostrophe is in the sixteen from `i` (or none is left)
        match chars[i..].iter().position(|&c| c == '\'') {
            Some(k) => i += k,
            None => break,
        }
        if i + 1 < chars.len() && chars[i + 1] == '\'' {
            let mut j = i;
            while j < chars.len() && chars[j] == '\'' {
                j += 1;
            }
            if j - i == 2 || j - i == 3 {
                let prev = i.checked_sub(1).map(|k| chars[k]);
                let next = chars.get(j).copied();
                let opens = next.is_some_and(|c| !is_space(c))
                    && prev.is_none_or(|c| is_space(c) || matches!(c, '(' | '[' | '—' | '–' | '-'));
                let closes = !opens && prev.is_some_and(|c| !is_space(c));
                // three: a single mark nested at the quotation's edge. `''He said, 'No,''' she
                // recalled` closes the inner quotation with the first and the outer with the
                // pair; `'''No,' he said,''` opens the outer with the pair, the inner with the last
                let between_words = prev.is_some_and(is_word) && next.is_some_and(is_word);
                if (opens || closes) && (j - i == 2 || !between_words) {
                    out.push((if opens || j - i == 2 { i } else { i + 1 }, opens));
                }
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

fn find_quotes_in(chars: &[char], paras: &[Span], max_unclosed: usize) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    let unclosed = |spans: &mut Vec<Span>, open_at: usize, stop: usize| {
        let mut stop = stop;
        while stop > open_at && is_space(chars[stop - 1]) {
            stop -= 1;
        }
        // (stop < open_at only for paragraphs out of order, which the Python face refuses)
        if stop >= open_at && stop - open_at <= max_unclosed {
            spans.push((open_at, stop));
        }
    };
    let (doubles, single_opens) = mark_positions(chars);
    let mut stack: Vec<char> = Vec::new(); // opening marks of the quotation open now, outermost first
    let mut open_at = 0;
    let mut prev_end = 0;
    for &(ps, pe) in paras {
        let pe = pe.min(chars.len());
        if ps >= pe {
            continue;
        }
        // the paragraph's double marks: the loop jumps between them
        let from = doubles.partition_point(|&j| j < ps);
        let para_marks = &doubles[from..from + doubles[from..].partition_point(|&j| j < pe)];
        let mut i = ps;
        if let Some(&top) = stack.last() {
            if !is_reopener(chars[ps]) {
                if !closes_carried_quote(chars, para_marks, top, (ps, pe), max_unclosed) {
                    // The previous paragraph left a quote open and this one does not continue it.
                    unclosed(&mut spans, open_at, prev_end);
                    stack.clear();
                } // else its first mark closes the open quotation: a line break inside the quote
            } else {
                stack.truncate(1);
                i = ps + 1; // the reopening mark continues the same quotation
            }
        }
        prev_end = pe;
        let mut marks = ParagraphMarks::new(para_marks, pe);
        for &i in &para_marks[para_marks.partition_point(|&j| j < i)..] {
            let c = chars[i];
            let looks_opening = c == '"'
                && (i == ps || is_space(chars[i - 1]))
                && i + 1 < pe
                && !is_space(chars[i + 1]);
            let curly_open = stack.iter().filter(|&&o| o != '"').count();
            let german = stack.contains(&'„');
            let closing = match stack.last() {
                None => false,
                Some(&top) => {
                    (closes(top, c) && !(top == '"' && looks_opening))
                        // an opening curly mark typed for a closing one, after the quoted words
                        // and before a space: “It is unusual,“ said Ann Lee
                        || (c == '“'
                            && top == '“'
                            && !is_space(before(chars, i))
                            && i > ps
                            && (i + 1 >= pe || is_space(chars[i + 1])))
                        // Mixed marks, “...": a straight closing mark where no curly one follows
                        // before the next curly opening mark (a later “...” closes its own).
                        || (c == '"'
                            && top != '"'
                            && !looks_opening
                            && !is_digit(before(chars, i))
                            && if german {
                                marks.after(chars, CLOSERS_GERMAN, i) < curly_open
                            } else {
                                marks.closers_before_next_opener(chars, i) < curly_open
                            })
                }
            };
            if closing {
                stack.pop();
                if stack.is_empty() {
                    spans.push((open_at, i + 1));
                }
            } else if is_opener(c) || (c == '"' && (i == ps || !is_alnum(chars[i - 1]))) {
                let Some(&top) = stack.last() else {
                    open_at = i;
                    stack.push(c);
                    continue;
                };
                // Nested only if its closing marks follow in this paragraph; otherwise the open
                // quotation was never closed and this mark starts a new one.
                let nested = if c == '"' && top == '"' {
                    // Straight inside straight ("It was a "sham," he said): this mark opens a
                    // word, so it is nested when the open quotation's own mark opened a word too
                    // (a stray '" He said' does not) and closing-looking marks follow for it and
                    // for every quotation open now (net of the marks that open others). At most 4
                    // levels: deeper nesting of one mark is noise, and the bound keeps each check
                    // constant-time on hostile input.
                    let straight_open = stack.iter().filter(|&&o| o == '"').count() as i64;
                    stack.len() < 4
                        && !chars.get(open_at + 1).is_some_and(|&n| is_space(n))
                        && marks.closing_straight_after(chars, i) > straight_open
                } else if c == '"' {
                    marks.after(chars, &['"'], i) > 0
                } else {
                    let closers = if german || c == '„' {
                        CLOSERS_GERMAN
                    } else {
                        CLOSERS
                    };
                    marks.after(chars, closers, i) > curly_open
                };
                if nested {
                    stack.push(c);
                } else {
                    unclosed(&mut spans, open_at, i);
                    open_at = i;
                    stack.clear();
                    stack.push(c);
                }
            }
        }
    }
    if !stack.is_empty() {
        unclosed(&mut spans, open_at, prev_end);
    }
    let singles = single_quotes(chars, paras, &spans, &single_opens);
    spans.extend(singles);
    merged(spans)
}

/// Spans sorted, overlapping ones merged into one (touching ones stay apart).
pub fn merged(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_unstable();
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for (s, e) in spans {
        if let Some(last) = out.last_mut() {
            if s < last.1 {
                last.1 = last.1.max(e);
                continue;
            }
        }
        out.push((s, e));
    }
    out
}

// --- single quotation marks
//
// A single quotation mark opens before a letter (not after one: don't, Xi’s) and not as an
// elision (’em, 'n', 'til, 'tis); it closes after a letter or punctuation, not before one
// (students’ union closes only when a quotation is open, ’90s never opens).

/// The longest a single quotation may be, in characters between its marks.
const SINGLE_MAX: usize = 400;

/// Words that follow an eliding apostrophe, matched as Python's re.IGNORECASE does.
const ELISIONS: [&str; 8] = ["em", "til", "tis", "twas", "cause", "cos", "bout", "round"];

/// `c` equals the lowercase ASCII `letter` under re.IGNORECASE (which also folds İ and ı to i,
/// and ſ to s).
fn ignorecase_eq(c: char, letter: char) -> bool {
    c == letter
        || c == letter.to_ascii_uppercase()
        || (letter == 'i' && matches!(c, 'İ' | 'ı'))
        || (letter == 's' && c == 'ſ')
}

/// `(?:n['’]|(?:em|til|tis|twas|cause|cos|bout|round)\b)` at `r`, the text ending at `end`.
fn elision_at(chars: &[char], r: usize, end: usize) -> bool {
    if r + 1 < end && ignorecase_eq(chars[r], 'n') && matches!(chars[r + 1], '\'' | '’') {
        return true;
    }
    ELISIONS.iter().any(|w| {
        let n = w.chars().count();
        r + n <= end
            && w.chars()
                .zip(&chars[r..r + n])
                .all(|(l, &c)| ignorecase_eq(c, l))
            && !(r + n < end && is_word(chars[r + n]))
    })
}

fn is_single_open_mark(c: char) -> bool {
    matches!(c, '‘' | '\'')
}

fn is_single_close_mark(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// `(?<![\w’'])` at `p`: the character before is not a word character or an apostrophe (the
/// look-behind sees before the search's start).
fn not_after_word(chars: &[char], p: usize) -> bool {
    p == 0 || !(is_word(chars[p - 1]) || matches!(chars[p - 1], '’' | '\''))
}

/// `_SINGLE_RE.search(text, pos, end)`:
/// `(?<![\w’'])[‘'](?!ELISION)(?=[^\W\d_])(.{1,400}?)(?<=[\w.,!?])['’](?![\w])`.
fn single_search(chars: &[char], opens: &[usize], pos: usize, end: usize) -> Option<Span> {
    let from = opens.partition_point(|&p| p < pos);
    for &p in opens[from..].iter().take_while(|&&p| p < end) {
        if !not_after_word(chars, p) {
            continue;
        }
        let q = p + 1;
        if elision_at(chars, q, end) || !(q < end && is_letterish(chars[q])) {
            continue;
        }
        // the shortest body that a closing mark ends
        let last = end.min(q + SINGLE_MAX + 1);
        for m in q + 1..last {
            let c = chars[m - 1];
            if is_single_close_mark(chars[m])
                && (is_word(c) || matches!(c, '.' | ',' | '!' | '?'))
                && !(m + 1 < end && is_word(chars[m + 1]))
            {
                return Some((p, m + 1));
            }
        }
    }
    None
}

/// The end of a single quotation whose first closing candidate is a plural possessive ("the
/// workers’ rights"): the next mark that can only close it (',’' '.’'), when one follows before
/// any new opening mark and within the quotation's length limit; else the end found.
fn past_possessive(chars: &[char], start: usize, end: usize, stop: usize) -> usize {
    // (?<=s)['’]\s+[a-z] at the closing mark, over the whole text
    let mark = end - 1;
    let mut r = end;
    while r < chars.len() && is_space(chars[r]) {
        r += 1;
    }
    let possessive = mark > 0
        && chars[mark - 1] == 's'
        && r > end
        && r < chars.len()
        && chars[r].is_ascii_lowercase();
    if !possessive {
        return end;
    }
    // [.,!?]['’](?!\w) within [end, limit)
    let limit = stop.min(start + SINGLE_MAX);
    let close = (end..limit).find(|&p| {
        matches!(chars[p], '.' | ',' | '!' | '?')
            && p + 1 < limit
            && is_single_close_mark(chars[p + 1])
            && !(p + 2 < limit && is_word(chars[p + 2]))
    });
    let Some(close) = close else {
        return end;
    };
    // (?<![\w’'])[‘'](?=[^\W\d_]) within [end, close): a new quotation opens first
    let reopens = (end..close).any(|p| {
        is_single_open_mark(chars[p])
            && not_after_word(chars, p)
            && p + 1 < close
            && is_letterish(chars[p + 1])
    });
    if reopens {
        end
    } else {
        close + 2
    }
}

/// Single quotations in each paragraph that do not start inside a double one.
fn single_quotes(chars: &[char], paras: &[Span], doubles: &[Span], opens: &[usize]) -> Vec<Span> {
    let doubles = merged(doubles.to_vec());
    let mut found = Vec::new();
    for &(ps, pe) in paras {
        let pe = pe.min(chars.len());
        let mut pos = ps;
        while let Some((s, e)) = single_search(chars, opens, pos, pe) {
            let e = past_possessive(chars, s, e, pe);
            pos = e;
            let k = doubles.partition_point(|&(ds, _)| ds <= s);
            if !(k > 0 && s < doubles[k - 1].1) {
                found.push((s, e));
            }
        }
    }
    found
}

/// Answers whether a character offset stands in quoted speech.
#[derive(Debug, Clone, Default)]
pub struct Voice {
    starts: Vec<usize>,
    ends: Vec<usize>,
}

impl Voice {
    /// Over quotations sorted by start and not overlapping, as [`find_quotes`] gives them.
    pub fn new(quotes: &[Span]) -> Self {
        Voice {
            starts: quotes.iter().map(|q| q.0).collect(),
            ends: quotes.iter().map(|q| q.1).collect(),
        }
    }

    /// Whether the character at `pos` is inside a quotation.
    pub fn quoted_at(&self, pos: usize) -> bool {
        let k = self.starts.partition_point(|&s| s <= pos);
        k > 0 && pos < self.ends[k - 1]
    }

    /// Whether the span's middle character is quoted (its start when empty).
    pub fn span_quoted(&self, start: usize, end: usize) -> bool {
        self.quoted_at(if end > start {
            (start + end - 1) / 2
        } else {
            start
        })
    }

    /// How many characters of `start..end` stand inside quotations.
    pub fn quoted_chars(&self, start: usize, end: usize) -> usize {
        let mut n = 0;
        let mut k = self
            .starts
            .partition_point(|&s| s <= start)
            .saturating_sub(1);
        while k < self.starts.len() && self.starts[k] < end {
            n += end
                .min(self.ends[k])
                .saturating_sub(start.max(self.starts[k]));
            k += 1;
        }
        n
    }

    /// The quotations that overlap `start..end`, in order.
    pub fn overlapping(&self, start: usize, end: usize) -> impl Iterator<Item = Span> + '_ {
        let from = self
            .starts
            .partition_point(|&s| s <= start)
            .saturating_sub(1);
        self.spans()
            .skip(from)
            .take_while(move |&(s, _)| s < end)
            .filter(move |&(s, e)| s < e && e > start)
    }

    /// [`Voice::quoted_at`] for positions asked in ascending order, without a search each.
    pub fn cursor(&self) -> VoiceCursor<'_> {
        VoiceCursor { voice: self, k: 0 }
    }

    /// The quotations, as (start, end).
    pub fn spans(&self) -> impl Iterator<Item = Span> + '_ {
        self.starts.iter().copied().zip(self.ends.iter().copied())
    }
}

/// Walks the quotations once while positions ascend (see [`Voice::cursor`]).
pub struct VoiceCursor<'a> {
    voice: &'a Voice,
    /// quotations before `k` end at or before the last position asked
    k: usize,
}

impl VoiceCursor<'_> {
    /// Whether `pos` is quoted; `pos` must not be less than the previous one asked.
    pub fn quoted_at(&mut self, pos: usize) -> bool {
        let v = self.voice;
        while self.k < v.ends.len() && v.ends[self.k] <= pos {
            self.k += 1;
        }
        self.k < v.starts.len() && v.starts[self.k] <= pos
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apostrophe_pairs_found_past_the_skipped_stretches() {
        // pairs at a stretch's edges, a run of three and of four, one mark alone at the end
        let text = format!(
            "{}''Opens here,'' she said. {}x '''No,' he said,'' and ''''. end'",
            "a".repeat(14),
            "b ".repeat(9)
        );
        let chars: Vec<char> = text.chars().collect();
        let at = |needle: &str| text.find(needle).unwrap_or(0); // ASCII: bytes are characters
        let pairs = apostrophe_pairs(&chars);
        // after a letter and before one, a pair of two still closes
        assert_eq!(pairs[0], (14, false));
        assert_eq!(pairs[1], (at(",'' she") + 1, false));
        assert_eq!(pairs[2], (at(" '''No") + 1, true));
        assert_eq!(pairs[3], (at(",'' and") + 1, false));
        assert_eq!(pairs.len(), 4); // four marks in a row are no pair
    }
    use crate::segment::paragraphs;

    fn quotes(text: &str) -> Vec<String> {
        quotes_limit(text, 600)
    }

    fn quotes_limit(text: &str, limit: usize) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        find_quotes(&chars, &paragraphs(&chars), limit)
            .iter()
            .map(|&(s, e)| chars[s..e].iter().collect())
            .collect()
    }

    #[test]
    fn double_quotes_of_every_kind() {
        for (o, c) in [('“', '”'), ('"', '"'), ('«', '»'), ('„', '“')] {
            let text = format!("He said {o}it is dead{c} and left.");
            assert_eq!(quotes(&text), [format!("{o}it is dead{c}")]);
        }
        assert_eq!(
            quotes("The player is 6'2\" tall and \"very quick\" here."),
            ["\"very quick\""]
        );
        assert_eq!(quotes("“We will win,\" she said."), ["“We will win,\""]);
    }

    #[test]
    fn a_straight_mark_closes_a_curly_quote_before_the_next_curly_quotation() {
        // the curly closing mark that follows belongs to the next quotation
        assert_eq!(
            quotes("“We will win so much,\" Lee said. He added: “It is big.”"),
            ["“We will win so much,\"", "“It is big.”"]
        );
        assert_eq!(
            quotes("“The plan,\" he said, “is bad.”"),
            ["“The plan,\"", "“is bad.”"]
        );
        // ... or to a straight mark opening the next one
        assert_eq!(
            quotes("“We will win,\" Lee said at a party. \"You are going to be happy.”"),
            ["“We will win,\"", "\"You are going to be happy.”"]
        );
        // a curly closing mark before the next opening one still closes the quotation
        assert_eq!(
            quotes("“He called it \"a sham\" today,” she said. “Yes.”"),
            ["“He called it \"a sham\" today,”", "“Yes.”"]
        );
    }

    #[test]
    fn two_apostrophes_are_a_double_mark() {
        // the New York Times' '' for both marks: the span covers both apostrophes of each pair
        assert_eq!(
            quotes("He told me, ''We are done here,'' and left. ''Fine.''"),
            ["''We are done here,''", "''Fine.''"]
        );
        // a quotation over two paragraphs, the second reopened by its pair
        assert_eq!(
            quotes("''It is over.\n\n''We go home,'' she said."),
            ["''It is over.\n\n''We go home,''"]
        );
        // nested single marks inside, and a closing pair with nothing open (a sentence cut from a
        // longer quotation) quotes nothing
        assert_eq!(
            quotes("She said ''it was 'a sham' all along.''"),
            ["''it was 'a sham' all along.''"]
        );
        assert!(quotes("it was a tragedy,'' said Bo Lee.").is_empty());
        // three apostrophes alone, between words, and a pair between two words, are no marks
        assert!(quotes("a ''' b and rock''n''roll").is_empty());
        assert!(quotes("rock'''n roll").is_empty());
    }

    #[test]
    fn an_opening_curly_mark_after_the_words_and_before_a_space_closes() {
        assert_eq!(
            quotes("“It is unusual,“ said Bo Lee. “It is hard.”"),
            ["“It is unusual,“", "“It is hard.”"]
        );
        // nested opening marks follow a space and stay openers
        assert_eq!(
            quotes("“He called it “a sham” today,” she said."),
            ["“He called it “a sham” today,”"]
        );
    }

    #[test]
    fn three_apostrophes_close_or_open_a_single_and_a_double_mark() {
        // the inner single quotation ends where the outer double one does: the speaker after it
        // is outside both
        assert_eq!(
            quotes("''Ask them, 'Why now?''' Bo Lee said. ''Fine.''"),
            ["''Ask them, 'Why now?'''", "''Fine.''"]
        );
        assert_eq!(
            quotes("'''No,' he said, 'never,''' she recalled."),
            ["'''No,' he said, 'never,'''"]
        );
    }

    #[test]
    fn nesting() {
        assert_eq!(
            quotes("“He called it ‘a sham’ and “a farce” today,” she said."),
            ["“He called it ‘a sham’ and “a farce” today,”"]
        );
        // straight inside straight
        assert_eq!(
            quotes("\"It was a \"sham,\" he said,\" she said."),
            ["\"It was a \"sham,\" he said,\""]
        );
        // a nested opener without closers for both ends the open quotation and starts a new one
        assert_eq!(quotes("“One “two” three"), ["“One", "“two”"]);
    }

    #[test]
    fn over_paragraphs_and_line_breaks() {
        let text = "“First part.\n\n“Second part,” he said.";
        assert_eq!(quotes(text), ["“First part.\n\n“Second part,”"]);
        // a paragraph that does not reopen ends the unclosed quotation at its own end
        assert_eq!(quotes("“First part.\n\nPlain text."), ["“First part."]);
        // a line break inside the quote: the next line's first mark closes it
        assert_eq!(
            quotes("He said “the plan\nworks,” today."),
            ["“the plan\nworks,”"]
        );
    }

    #[test]
    fn german_guillemets_and_mixed_marks() {
        assert_eq!(
            quotes("Er sagte „wir sagen „nein“ dazu“ heute."),
            ["„wir sagen „nein“ dazu“"]
        );
        assert_eq!(quotes("„Nein,\" sagte er."), ["„Nein,\""]);
        assert_eq!(quotes("«Oui», dit-il."), ["«Oui»"]);
        // an inch mark after a digit does not close a curly quotation
        assert_eq!(quotes("“It is 6\" tall,” he said."), ["“It is 6\" tall,”"]);
    }

    #[test]
    fn straight_marks_nest_only_with_their_closers() {
        assert_eq!(quotes("\"a \"b\" c\" d"), ["\"a \"b\" c\""]);
        assert_eq!(quotes("\"a \"b c\" d"), ["\"a", "\"b c\""]);
        // a straight mark at a line's start opens
        assert_eq!(quotes("x\n\"he said"), ["\"he said"]);
    }

    #[test]
    fn carried_quotes_and_the_limit() {
        // the closing mark on the next line must come within the limit of its start
        assert_eq!(
            quotes("“First.\n\nSecond,\" he said."),
            ["“First.\n\nSecond,\""]
        );
        assert_eq!(
            quotes_limit("“First.\n\nSecond,\" he said.", 5),
            Vec::<String>::new()
        );
        assert_eq!(
            quotes_limit(
                "“Unclosed and long.\n\n“Reopened here, closed,” she said.",
                5
            ),
            ["“Unclosed and long.\n\n“Reopened here, closed,”"]
        );
    }

    #[test]
    fn unclosed_quotes_are_bounded() {
        assert_eq!(
            quotes_limit("He said “this runs on and on", 10),
            Vec::<String>::new()
        );
        assert_eq!(quotes_limit("He said “short", 10), ["“short"]);
    }

    #[test]
    fn single_quotes_and_apostrophes() {
        assert_eq!(quotes("Don’t call it ‘a sham’ in the ’90s."), ["‘a sham’"]);
        assert_eq!(
            quotes("They said 'em and 'tis and 'Tis fine'."),
            Vec::<String>::new()
        );
        // ſ folds to s under re.IGNORECASE: 'tiſ is an elision too
        assert_eq!(quotes("x 'tiſ y' z"), Vec::<String>::new());
        // a plural possessive is not the closing mark when a sure closer follows
        assert_eq!(
            quotes("‘The workers’ rights matter,’ he said."),
            ["‘The workers’ rights matter,’"]
        );
        assert_eq!(quotes("The workers’ rights ‘matter’ now."), ["‘matter’"]);
        assert_eq!(
            quotes("‘Hello,’ she said, ‘again.’"),
            ["‘Hello,’", "‘again.’"]
        );
        assert_eq!(quotes("The students’ union ‘won’t’ go."), ["‘won’t’"]);
        assert_eq!(
            quotes("Rock ’n’ roll, 'n' stuff 'til dawn. It's the ‘90s' thing."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn voice_queries() {
        let v = Voice::new(&[(2, 5), (8, 10)]);
        assert!(
            !v.quoted_at(1)
                && v.quoted_at(2)
                && v.quoted_at(4)
                && !v.quoted_at(5)
                && v.quoted_at(9)
        );
        assert_eq!(v.quoted_chars(0, 12), 5);
        let mut cur = v.cursor();
        let walked: Vec<bool> = (0..12).map(|p| cur.quoted_at(p)).collect();
        assert_eq!(walked, (0..12).map(|p| v.quoted_at(p)).collect::<Vec<_>>());
        assert_eq!(v.quoted_chars(3, 9), 3);
        assert!(v.span_quoted(3, 5) && !v.span_quoted(4, 7) && v.span_quoted(9, 9));
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for text in [
            "\"",
            "“",
            "'",
            "\"\"\"\"\"\"\"\"\"",
            "„“„“„“",
            "'a",
            "s' a",
            "a.’",
            "\n\"\n\"\n",
        ] {
            let _ = quotes(text);
            let _ = quotes_limit(text, 0);
        }
        let chars: Vec<char> = "\"ab\"".chars().collect();
        // spans outside the text or empty are skipped, not indexed
        let _ = find_quotes(&chars, &[(3, 2), (2, 99), (9, 12)], 5);
        let chars: Vec<char> = "“a\n”b“c".chars().collect();
        let _ = find_quotes(&chars, &[(3, 7), (0, 2), (3, 5)], 5); // out of order
    }
}
