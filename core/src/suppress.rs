//! Inline suppression (USERS.md item 6, Vale's `<!-- vale off -->`): HTML comments in the text,
//! `<!-- framing off -->` ... `<!-- framing on -->` for every rule, `<!-- framing off: NAME, NAME
//! -->` ... `<!-- framing on: NAME -->` for rules or categories. The markers are not article
//! text: the article pass reads a copy of the text with each marker's characters blanked to
//! spaces (offsets unchanged), and drops a match starting inside a region that silences its rule
//! before anything counts it. A region left open runs to the end of the text.
//! `<!-- framing off-next[: NAMES] -->` silences the line after the marker's line only, as
//! linters' "disable-next-line" does.
use rustc_hash::FxHashMap;

/// What a marker's name means (the Scorer resolves a name as `--disable` does).
pub const RULE: u8 = 0;
/// a rule's name without its pack ("modal-may")
pub const BARE: u8 = 1;
pub const CATEGORY: u8 = 2;
pub const PACK: u8 = 3;

const OPEN: &str = "<!--";
const CLOSE: &str = "-->";
const KEYWORD: &str = "framing";

/// The names a marker may give: each known name's (kind, target), e.g. "hedging" ->
/// (CATEGORY, "hedging"), "pack:speculation" -> (PACK, "speculation").
#[derive(Clone, Debug, Default)]
pub struct Names {
    by_name: FxHashMap<String, (u8, String)>,
    /// the category name of each category slot
    pub slots: Vec<String>,
    /// every rule as (id, category, pack): what a name covers, so a rule named inside a category
    /// (or pack) already off is said to be off already
    rules: Vec<(String, String, String)>,
}

/// Each known name as (name, kind, target, the (category, pack) of the rule a rule id names:
/// None for the other names).
pub type Known = Vec<(String, u8, String, Option<(String, String)>)>;

impl Names {
    pub fn new(known: Known, slots: Vec<String>) -> Names {
        let mut rules: Vec<(String, String, String)> = Vec::new();
        let mut by_name = FxHashMap::default();
        for (name, kind, target, of) in known {
            if let (RULE, Some((category, pack))) = (kind, of) {
                if !rules.iter().any(|r| r.0 == target) {
                    rules.push((target.clone(), category, pack));
                }
            }
            by_name.insert(name, (kind, target));
        }
        Names {
            by_name,
            slots,
            rules,
        }
    }

    /// What keeps `target` off already among the `open` regions: "every rule is" or "'NAME' is"
    /// (the first open region covering one of its rules) when every rule it names is covered;
    /// None when one is not, or no rule is known by that name.
    fn off_with(
        &self,
        regions: &[Region],
        open: &[usize],
        target: &(u8, String),
    ) -> Option<String> {
        let mut by: Option<&Region> = None;
        for (id, category, pack) in &self.rules {
            let s = Subject { id, category, pack };
            if !covers(Some(target), &s) {
                continue;
            }
            let region = open
                .iter()
                .map(|&r| &regions[r])
                .find(|r| covers(r.target.as_ref(), &s))?;
            by = by.or(Some(region));
        }
        let region = by?;
        Some(
            region
                .name
                .as_deref()
                .map_or("every rule is".to_string(), |n| format!("'{n}' is")),
        )
    }

    /// The name of the first open region narrower than `target` (every rule it covers is one of
    /// target's), for an on-marker naming a category while only a rule of it is off.
    fn narrower<'r>(
        &self,
        regions: &'r [Region],
        open: &[usize],
        target: &(u8, String),
    ) -> Option<&'r str> {
        open.iter().map(|&r| &regions[r]).find_map(|r| {
            let mut inside =
                self.rules
                    .iter()
                    .map(|(id, category, pack)| Subject { id, category, pack });
            let mut any = false;
            let all = inside.all(|s| {
                let theirs = covers(r.target.as_ref(), &s);
                any |= theirs;
                !theirs || covers(Some(target), &s)
            });
            (any && all).then_some(r.name.as_deref()).flatten()
        })
    }
}

/// A match as a region tests it: its rule id, bare rule name, category and pack.
pub struct Subject<'a> {
    pub id: &'a str,
    pub category: &'a str,
    pub pack: &'a str,
}

/// A stretch of text where one name (or every rule) is off: [start, end) in characters.
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    pub start: usize,
    pub end: usize,
    /// the name as written; None: every rule
    pub name: Option<String>,
    target: Option<(u8, String)>,
    /// the marker that opened it (for the JSON's grouping: one entry per marker and end)
    pub marker: usize,
    /// how many matches it dropped
    pub silenced: usize,
}

/// Whether a name's target (None: every rule) covers a rule.
fn covers(target: Option<&(u8, String)>, s: &Subject) -> bool {
    match target {
        None => true,
        Some((RULE, t)) => s.id == t,
        Some((BARE, t)) => s.id.split_once('.').is_some_and(|(_, b)| b == t),
        Some((CATEGORY, t)) => s.category == t,
        Some((_, t)) => s.pack == t,
    }
}

impl Region {
    fn covers(&self, start: usize, s: &Subject) -> bool {
        self.start <= start && start < self.end && covers(self.target.as_ref(), s)
    }
}

/// A problem with a marker: where (character offsets, 1-based line and column) and what.
#[derive(Clone, Debug, PartialEq)]
pub struct Warning {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// the name a marker gave that no rule, category or pack has (for a "did you mean")
    pub unknown: Option<String>,
}

/// The markers of a text, the regions they make and their warnings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Found {
    /// each marker's [start, end) in characters, in text order
    pub markers: Vec<(usize, usize)>,
    /// in the order they opened
    pub regions: Vec<Region>,
    pub warnings: Vec<Warning>,
}

impl Found {
    /// `text` as the article pass reads it: each marker blanked to spaces (as many characters),
    /// for `scan` and for a later stage over the same text (the full profile's sentences).
    pub fn blanked(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut markers = self.markers.iter().peekable();
        for (k, c) in text.chars().enumerate() {
            while markers.next_if(|m| m.1 <= k).is_some() {}
            out.push(match markers.peek() {
                Some(&&(start, _)) if start <= k => ' ',
                _ => c,
            });
        }
        out
    }

    /// Whether a region covers the match starting at `start` (nothing counted: for a second pass
    /// over the same text, the full profile's classifier hits).
    pub fn covers(&self, start: usize, subject: &Subject) -> bool {
        self.regions.iter().any(|r| r.covers(start, subject))
    }

    /// Whether a region silences the match starting at `start`; the first such region counts it.
    pub fn silences(&mut self, start: usize, subject: &Subject) -> bool {
        match self.regions.iter_mut().find(|r| r.covers(start, subject)) {
            Some(r) => {
                r.silenced += 1;
                true
            }
            None => false,
        }
    }
}

/// What a marker does.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Off,
    On,
    /// off for the next line only
    OffNext,
}

/// One parsed marker: its kind and the names it gives (empty: every rule).
enum Parsed<'a> {
    Marker(Kind, Vec<&'a str>),
    Malformed(&'static str),
}

const MALFORMED: &str = "malformed marker: expected <!-- framing off -->, <!-- framing on --> or \
                         <!-- framing off-next -->, optionally with ': RULE, CATEGORY' after the word";

fn parse(body: &str) -> Parsed<'_> {
    let body = body.trim();
    let (word, rest) = match body.find(|c: char| c == ':' || c.is_whitespace()) {
        Some(k) => (&body[..k], body[k..].trim_start()),
        None => (body, ""),
    };
    let kind = match word.to_ascii_lowercase().as_str() {
        "off" => Kind::Off,
        "on" => Kind::On,
        "off-next" => Kind::OffNext,
        _ => return Parsed::Malformed(MALFORMED),
    };
    if rest.is_empty() {
        return Parsed::Marker(kind, vec![]);
    }
    let Some(list) = rest.strip_prefix(':') else {
        return Parsed::Malformed(MALFORMED);
    };
    let names: Vec<&str> = list.split(',').map(str::trim).collect();
    if names.iter().any(|n| n.is_empty()) {
        return Parsed::Malformed(
            "malformed marker: an empty name in its list (names are separated by commas)",
        );
    }
    // no rule, category or pack name holds white space; said so in one line (the warning would
    // otherwise carry the marker's line break into every `path:line:col` reader)
    if names.iter().any(|n| n.chars().any(char::is_whitespace)) {
        return Parsed::Malformed(
            "malformed marker: a name holds a space or line break (names are separated by commas)",
        );
    }
    Parsed::Marker(kind, names)
}

const NO_NEXT_LINE: &str = "no line follows this off-next marker: it silences nothing";
const BLANK_NEXT_LINE: &str = "the line after this off-next marker is blank: it silences nothing \
                               (off-next silences one line, not a paragraph)";

/// Is `c` a line break (\n, \r; \r\n is one break), as `positions` counts lines.
fn is_break(c: char) -> bool {
    c == '\n' || c == '\r'
}

/// The line after the one holding byte `byte` (at character `chars`) of `text`, as character
/// offsets [start, end) without its line break, empty (start == end) when the line holds only
/// white space; None when no line break follows.
fn next_line(text: &str, byte: usize, chars: usize) -> Option<(usize, usize)> {
    let rest = &text[byte..];
    let brk = rest.find(is_break)?;
    let mut start_byte = brk + 1;
    if rest[brk..].starts_with("\r\n") {
        start_byte += 1;
    }
    let line = &rest[start_byte..];
    let len = line.find(is_break).unwrap_or(line.len());
    let start = chars + rest[..start_byte].chars().count();
    let line = &line[..len];
    let end = if line.trim().is_empty() {
        start
    } else {
        start + line.chars().count()
    };
    Some((start, end))
}

/// The warning for turning off what an open region has off already.
fn already_off(name: Option<&str>) -> String {
    let what = name.map_or("every rule is".to_string(), |n| format!("'{n}' is"));
    format!("{what} already off")
}

/// A problem found in a marker: its span, what, and the unknown name it gave (if that is it).
type Problem = (usize, usize, String, Option<String>);

/// 1-based (line, column) of each character offset in `at` (sorted), counting characters; a
/// line ends at \n, \r\n or a lone \r (as the line format counts).
fn positions(text: &str, at: &[usize]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(at.len());
    let (mut line, mut line_start) = (1, 0);
    let mut chars = text.chars().enumerate().peekable();
    for &pos in at {
        while let Some(&(k, c)) = chars.peek() {
            if k >= pos {
                break;
            }
            chars.next();
            let brk = c == '\n' || (c == '\r' && chars.peek().map(|p| p.1) != Some('\n'));
            if brk {
                line += 1;
                line_start = k + 1;
            }
        }
        out.push((line, pos - line_start + 1));
    }
    out
}

/// The markers of `text`; None when it has none (no copy made). Otherwise the text with each
/// marker blanked to spaces (as many characters: offsets stay the text's) and what they found.
pub fn scan(text: &str, names: &Names) -> Option<(String, Found)> {
    // contains: the SIMD search of a short needle (find is a two-way scan, 4x the instructions)
    if !text.contains(OPEN) {
        return None;
    }
    let mut found = Found::default();
    // (marker span, problem) in text order, made into Warnings with their lines at the end
    let mut problems: Vec<Problem> = Vec::new();
    // the regions still open: indices into found.regions
    let mut open: Vec<usize> = Vec::new();
    let (mut byte, mut chars) = (0usize, 0usize);
    while let Some(k) = text[byte..].find(OPEN) {
        let at = byte + k;
        let head = &text[byte..at];
        chars += head.chars().count();
        byte = at;
        let after = &text[at + OPEN.len()..];
        let inner = after.trim_start();
        let is_marker = inner.len() > KEYWORD.len()
            && inner.is_char_boundary(KEYWORD.len())
            && inner[..KEYWORD.len()].eq_ignore_ascii_case(KEYWORD)
            && inner[KEYWORD.len()..].starts_with(|c: char| c.is_whitespace() || c == ':');
        if !is_marker {
            // another HTML comment: article text as before
            byte += OPEN.len();
            chars += OPEN.chars().count();
            continue;
        }
        let Some(close) = after.find(CLOSE) else {
            let n = after.chars().count() + OPEN.len();
            problems.push((
                chars,
                chars + n,
                "marker not closed with '-->': read as text".to_string(),
                None,
            ));
            break;
        };
        let end_byte = at + OPEN.len() + close + CLOSE.len();
        let len = text[at..end_byte].chars().count();
        let (start, end) = (chars, chars + len);
        found.markers.push((start, end));
        let marker = found.markers.len() - 1;
        let body = &inner[KEYWORD.len()..inner.len() - (after.len() - close)];
        match parse(body) {
            Parsed::Malformed(why) => problems.push((start, end, why.to_string(), None)),
            Parsed::Marker(kind, list) => {
                let every = list.is_empty();
                let mut resolved = Vec::with_capacity(list.len());
                for name in list {
                    match names.by_name.get(name) {
                        Some(t) => resolved.push((name, t)),
                        None => problems.push((
                            start,
                            end,
                            format!("no rule or category named '{name}'"),
                            Some(name.to_string()),
                        )),
                    }
                }
                if kind != Kind::On {
                    // what the marker turns off: to its on-marker (or the text's end), or the
                    // next line
                    let stretch = match kind {
                        Kind::Off => Some((end, usize::MAX)),
                        _ => next_line(text, end_byte, end),
                    };
                    match stretch {
                        None => problems.push((start, end, NO_NEXT_LINE.into(), None)),
                        Some((from, to)) => {
                            if from == to {
                                problems.push((start, end, BLANK_NEXT_LINE.into(), None));
                            }
                            let wanted = if every {
                                vec![(None, None)]
                            } else {
                                resolved.iter().map(|(n, t)| (Some(*n), Some(*t))).collect()
                            };
                            for (name, target) in wanted {
                                // the same name, or every rule, off already
                                let already = open.iter().any(|&r| {
                                    let t = found.regions[r].target.as_ref();
                                    t == target || t.is_none()
                                });
                                if already {
                                    problems.push((start, end, already_off(name), None));
                                    continue;
                                }
                                // every rule it names off already (a rule in a category off)
                                if let (Some(n), Some(t)) = (name, target) {
                                    if let Some(by) = names.off_with(&found.regions, &open, t) {
                                        let why = format!("'{n}' is already off: {by} off here");
                                        problems.push((start, end, why, None));
                                        continue;
                                    }
                                }
                                if kind == Kind::Off {
                                    open.push(found.regions.len());
                                }
                                found.regions.push(Region {
                                    start: from,
                                    end: to,
                                    name: name.map(str::to_string),
                                    target: target.cloned(),
                                    marker,
                                    silenced: 0,
                                });
                            }
                        }
                    }
                } else if every {
                    if open.is_empty() {
                        problems.push((start, end, "no rule is off here".into(), None));
                    }
                    for r in open.drain(..) {
                        found.regions[r].end = start;
                    }
                } else {
                    for (name, target) in resolved {
                        match open
                            .iter()
                            .position(|&r| found.regions[r].target.as_ref() == Some(target))
                        {
                            Some(i) => found.regions[open.remove(i)].end = start,
                            None => {
                                // off only as part of a wider region: it stays off
                                let why = match names.off_with(&found.regions, &open, target) {
                                    Some(by) => format!(
                                        "'{name}' stays off: {by} off here (a rule or category \
                                         is not turned on inside a wider region)"
                                    ),
                                    None => match names.narrower(&found.regions, &open, target) {
                                        Some(part) => format!(
                                            "'{name}' is not off here: only '{part}' is (turn it \
                                             on by that name)"
                                        ),
                                        None => format!("'{name}' is not off here"),
                                    },
                                };
                                problems.push((start, end, why, None))
                            }
                        }
                    }
                }
            }
        }
        byte = end_byte;
        chars = end;
    }
    if found.markers.is_empty() && problems.is_empty() {
        return None;
    }
    let total = chars + text[byte..].chars().count();
    for r in &mut found.regions {
        r.end = r.end.min(total);
    }
    let at: Vec<usize> = problems.iter().map(|p| p.0).collect();
    found.warnings = problems
        .into_iter()
        .zip(positions(text, &at))
        .map(|((start, end, message, unknown), (line, column))| Warning {
            start,
            end,
            line,
            column,
            message,
            unknown,
        })
        .collect();
    Some((found.blanked(text), found))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        let rule = |id: &str, category: &str| {
            let of = Some((
                category.to_string(),
                id.split('.').next().unwrap().to_string(),
            ));
            (id.to_string(), RULE, id.to_string(), of)
        };
        Names::new(
            vec![
                ("hedging".into(), CATEGORY, "hedging".into(), None),
                rule("loaded.smear", "loaded_language"),
                rule("hedging.may", "hedging"),
                rule("hedging.might", "hedging"),
                ("smear".into(), BARE, "smear".into(), None),
                ("pack:loaded".into(), PACK, "loaded".into(), None),
            ],
            vec!["hedging".into(), "loaded_language".into()],
        )
    }

    /// Each warning as (line, column, message).
    fn where_and_what(found: &Found) -> Vec<(usize, usize, &str)> {
        found
            .warnings
            .iter()
            .map(|w| (w.line, w.column, w.message.as_str()))
            .collect()
    }

    fn subject<'a>(id: &'a str, category: &'a str) -> Subject<'a> {
        Subject {
            id,
            category,
            pack: id.split_once('.').map_or(id, |p| p.0),
        }
    }

    #[test]
    fn no_marker_no_copy() {
        assert!(scan("plain text <!-- a comment --> stays", &names()).is_none());
        assert!(scan("no comment at all", &names()).is_none());
    }

    #[test]
    fn only_the_markers_are_blanked() {
        // another comment, an unclosed marker and text between markers stay as they are
        for text in [
            "A é <!-- framing off -->b<!-- framing on --> c",
            "<!-- framing off: nothing -->x",
            "a <!-- other --> <!-- framing off -->\n\nb <!-- framing on: x, y --> é <!-- framing off",
            "ends <!-- framing on -->",
        ] {
            let (blanked, found) = scan(text, &names()).unwrap();
            let (got, was): (Vec<char>, Vec<char>) = (blanked.chars().collect(), text.chars().collect());
            assert_eq!(got.len(), was.len(), "{text}");
            for (k, (g, w)) in got.iter().zip(&was).enumerate() {
                let in_marker = found.markers.iter().any(|m| m.0 <= k && k < m.1);
                assert_eq!(*g, if in_marker { ' ' } else { *w }, "{text} at {k}");
            }
            assert!(found.markers.iter().all(|m| was[m.0..m.1].iter().collect::<String>().starts_with("<!--")));
        }
    }

    #[test]
    fn blanks_markers_and_keeps_offsets() {
        let text = "A é <!-- framing off -->b<!-- framing on --> c";
        let (blanked, found) = scan(text, &names()).unwrap();
        assert_eq!(blanked.chars().count(), text.chars().count());
        assert_eq!(found.markers, vec![(4, 24), (25, 44)]);
        let chars: Vec<char> = blanked.chars().collect();
        assert!(chars[4..24].iter().all(|&c| c == ' '));
        assert_eq!(chars[24], 'b');
        assert_eq!(found.regions.len(), 1);
        assert_eq!((found.regions[0].start, found.regions[0].end), (24, 25));
        assert!(found.warnings.is_empty());
    }

    #[test]
    fn named_regions_and_what_they_silence() {
        let text = "x <!-- framing off: hedging, smear --> y <!-- framing on: smear --> z";
        let (_, mut found) = scan(text, &names()).unwrap();
        assert_eq!(found.regions.len(), 2);
        let (h, s) = (&found.regions[0], &found.regions[1]);
        assert_eq!((h.name.as_deref(), h.end), (Some("hedging"), text.len()));
        assert_eq!((s.name.as_deref(), s.start, s.end), (Some("smear"), 38, 41));
        // a smear match in the region: silenced by the rule's region; a certainty match is not
        assert!(found.silences(39, &subject("loaded.smear", "loaded_language")));
        assert!(!found.silences(39, &subject("certainty.x", "certainty")));
        // after `on: smear` only hedging stays off
        assert!(!found.silences(68, &subject("loaded.smear", "loaded_language")));
        assert!(found.silences(68, &subject("hedging.may", "hedging")));
        assert_eq!(found.regions[0].silenced, 1);
        assert_eq!(found.regions[1].silenced, 1);
    }

    #[test]
    fn a_name_split_by_a_line_break_is_one_malformed_line() {
        let text = "a <!-- framing off: hedg\ning -->\nb";
        let (_, found) = scan(text, &names()).unwrap();
        let got = where_and_what(&found);
        assert_eq!(
            got,
            vec![(
                1,
                3,
                "malformed marker: a name holds a space or line break (names are separated by commas)"
            )]
        );
        assert!(found.regions.is_empty() && !got[0].2.contains('\n'));
    }

    #[test]
    fn a_name_off_while_every_rule_is_off_is_already_off() {
        let text = "<!-- framing off -->a <!-- framing off: hedging -->b<!-- framing on -->";
        let (_, found) = scan(text, &names()).unwrap();
        assert_eq!(
            where_and_what(&found),
            vec![(1, 23, "'hedging' is already off")]
        );
        assert_eq!(found.regions.len(), 1, "no second region");
        assert_eq!(found.regions[0].end, text.find("<!-- framing on").unwrap());
    }

    #[test]
    fn warnings_say_where_and_what() {
        let text = "one\r\ntwo <!-- framing off: nope -->\n<!-- framing of -->\r<!-- framing on: hedging -->";
        let (_, found) = scan(text, &names()).unwrap();
        let got = where_and_what(&found);
        assert_eq!(
            got,
            vec![
                (2, 5, "no rule or category named 'nope'"),
                (3, 1, MALFORMED),
                (4, 1, "'hedging' is not off here"),
            ]
        );
        // a marker naming no known rule opens no region
        assert!(found.regions.is_empty());
        assert_eq!(found.markers.len(), 3);
    }

    #[test]
    fn unclosed_marker_is_text_with_a_warning() {
        let (blanked, found) = scan("a <!-- framing off", &names()).unwrap();
        assert_eq!(blanked, "a <!-- framing off");
        assert!(found.markers.is_empty());
        assert_eq!(found.warnings[0].column, 3);
    }

    #[test]
    fn off_twice_and_on_with_nothing_off_warn() {
        let text = "<!-- framing off --><!-- framing off --><!-- framing on --><!-- framing on -->";
        let (_, found) = scan(text, &names()).unwrap();
        let got: Vec<&str> = found.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            got,
            vec!["every rule is already off", "no rule is off here"]
        );
        assert_eq!(found.regions.len(), 1);
    }

    #[test]
    fn keyword_must_stand_alone() {
        assert!(scan("<!-- framingoff --> <!-- framing-notes -->", &names()).is_none());
    }

    fn span_of(text: &str, r: &Region) -> String {
        text.chars().skip(r.start).take(r.end - r.start).collect()
    }

    #[test]
    fn off_next_covers_the_next_line_only() {
        // alone on its line, at a line's end (\r\n), and naming a category
        for (text, want) in [
            ("a\n<!-- framing off-next -->\nthe line\nafter", "the line"),
            (
                "a b <!-- framing off-next -->\r\nthe line\rafter",
                "the line",
            ),
            ("<!-- framing off-next: hedging -->\né line é\n", "é line é"),
        ] {
            let (blanked, found) = scan(text, &names()).unwrap();
            assert_eq!(found.regions.len(), 1, "{text}");
            assert_eq!(span_of(text, &found.regions[0]), want, "{text}");
            assert_eq!(span_of(&blanked, &found.regions[0]), want, "{text}");
            assert!(found.warnings.is_empty(), "{text}");
        }
        // text after the marker on its own line is not covered; an on-marker does not end it
        let text = "x <!-- framing off-next --> same line\nnext <!-- framing on --> line\nlast";
        let (_, mut found) = scan(text, &names()).unwrap();
        let next = text.find("\nnext").unwrap() + 1;
        let any = subject("loaded.smear", "loaded_language");
        assert!(!found.silences(text.find("same").unwrap(), &any));
        assert!(found.silences(next, &any));
        assert!(found.covers(text.find("line\nlast").unwrap(), &any));
        assert!(!found.covers(text.find("last").unwrap(), &any));
        assert_eq!(found.regions[0].silenced, 1);
        assert_eq!(found.warnings[0].message, "no rule is off here");
    }

    #[test]
    fn off_next_names_and_warnings() {
        let text = "<!-- framing off-next: smear, nope -->\n\nx <!-- Framing OFF-NEXT -->";
        let (_, found) = scan(text, &names()).unwrap();
        let got = where_and_what(&found);
        assert_eq!(
            got,
            vec![
                (1, 1, "no rule or category named 'nope'"),
                (1, 1, BLANK_NEXT_LINE),
                (3, 3, NO_NEXT_LINE),
            ]
        );
        // the blank line's region is empty: it silences nothing
        assert_eq!(found.regions.len(), 1);
        assert_eq!(found.regions[0].start, found.regions[0].end);
        assert_eq!(found.regions[0].name.as_deref(), Some("smear"));
        // already off by an open region; 'on-next' is no marker word
        let text = "<!-- framing off: hedging -->\n<!-- framing off-next: hedging -->\nx\n<!-- framing on-next -->";
        let (_, found) = scan(text, &names()).unwrap();
        let got: Vec<&str> = found.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(got, vec!["'hedging' is already off", MALFORMED]);
        assert_eq!(found.regions.len(), 1);
    }

    #[test]
    fn a_rule_in_a_category_or_pack_already_off_is_already_off() {
        // a rule id, then a bare name, inside regions that have their category or pack off
        let text = "<!-- framing off: hedging, pack:loaded -->a\n\
                    <!-- framing off: hedging.may, smear -->b\n\
                    <!-- framing off-next: hedging.might -->\nc\n<!-- framing on -->";
        let (_, found) = scan(text, &names()).unwrap();
        assert_eq!(
            where_and_what(&found),
            vec![
                (2, 1, "'hedging.may' is already off: 'hedging' is off here"),
                (2, 1, "'smear' is already off: 'pack:loaded' is off here"),
                (
                    3,
                    1,
                    "'hedging.might' is already off: 'hedging' is off here"
                ),
            ]
        );
        let names_of: Vec<Option<&str>> = found.regions.iter().map(|r| r.name.as_deref()).collect();
        assert_eq!(
            names_of,
            vec![Some("hedging"), Some("pack:loaded")],
            "no region of their own"
        );
        // the wider name after the narrower one opens its region: it covers more
        let text = "<!-- framing off: hedging.may -->a <!-- framing off: hedging -->b";
        let (_, found) = scan(text, &names()).unwrap();
        assert!(found.warnings.is_empty());
        assert_eq!(found.regions.len(), 2);
    }

    #[test]
    fn a_rule_turned_on_inside_its_category_stays_off() {
        let text = "<!-- framing off: hedging -->a <!-- framing on: hedging.may -->b\n\
                    <!-- framing on: hedging -->c <!-- framing on: hedging.may -->\n\
                    <!-- framing off -->d <!-- framing on: smear -->";
        let (_, found) = scan(text, &names()).unwrap();
        let on_inside =
            "'hedging.may' stays off: 'hedging' is off here (a rule or category is not \
                         turned on inside a wider region)";
        let every = "'smear' stays off: every rule is off here (a rule or category is not turned \
                     on inside a wider region)";
        assert_eq!(
            where_and_what(&found),
            vec![
                (1, 32, on_inside),
                (2, 31, "'hedging.may' is not off here"),
                (3, 23, every)
            ]
        );
        // hedging's region ends at its own on-marker, not at the rule's
        assert_eq!(
            found.regions[0].end,
            text.find("<!-- framing on: hedging -->").unwrap()
        );
    }

    #[test]
    fn an_unknown_name_is_in_its_warning_as_data() {
        let text = "<!-- framing off: hedgin, smear, nope -->a <!-- framing of -->";
        let (_, found) = scan(text, &names()).unwrap();
        let unknown: Vec<Option<&str>> = found
            .warnings
            .iter()
            .map(|w| w.unknown.as_deref())
            .collect();
        assert_eq!(unknown, vec![Some("hedgin"), Some("nope"), None]);
        assert_eq!(
            found.warnings[0].message,
            "no rule or category named 'hedgin'"
        );
    }

    #[test]
    fn a_category_turned_on_while_only_a_rule_of_it_is_off_says_so() {
        let text = "<!-- framing off: hedging.may -->a <!-- framing on: hedging -->b <!-- framing on: pack:loaded -->";
        let (_, found) = scan(text, &names()).unwrap();
        assert_eq!(
            where_and_what(&found),
            vec![
                (
                    1,
                    36,
                    "'hedging' is not off here: only 'hedging.may' is (turn it on by that name)"
                ),
                (1, 66, "'pack:loaded' is not off here"),
            ]
        );
        assert_eq!(
            found.regions[0].end,
            text.len(),
            "the rule's region stays open"
        );
    }
}
