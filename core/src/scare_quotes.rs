//! Scare quotes: a short quotation no one speaks ('the so-called "reform"', 'a "historic" deal')
//! is the writer's own distancing, not a source's words, so its words stay in the author's voice
//! (issue 15). A stage after segmentation ([`crate::segment`], which finds the quotations) and
//! attribution (which gives each quotation's possible owners).
use crate::offsets::Span;
use crate::pychar::{is_space, is_word};
use crate::quotes::{is_double_mark, Voice};

/// An attribution as [`scare_quotes`] reads it: the sentence it stands in, where its source (or
/// its cue, without a source) begins, and its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner {
    pub sentence: usize,
    pub first: usize,
    pub content: Option<Span>,
}

/// Verbs that give a short quotation near them to their subject, who names, says or judges with
/// it: "Trump called the deal 'a disaster'", "the mayor has been attacking her rival as a 'fraud'",
/// "the 'routinely cheats' line Moolenaar used".
const NAMING_VERBS: &[&str] = &[
    "accuse",
    "accused",
    "accuses",
    "accusing",
    "add",
    "added",
    "adds",
    "admire",
    "admired",
    "admires",
    "argue",
    "argued",
    "argues",
    "ask",
    "asked",
    "asks",
    "attack",
    "attacked",
    "attacks",
    "blast",
    "blasted",
    "blasts",
    "brand",
    "branded",
    "brands",
    "call",
    "called",
    "calling",
    "calls",
    "chant",
    "chanted",
    "chanting",
    "characterize",
    "characterized",
    "characterizes",
    "claim",
    "claimed",
    "claims",
    "coin",
    "coined",
    "compare",
    "compared",
    "compares",
    "condemn",
    "condemned",
    "condemns",
    "criticise",
    "criticised",
    "criticize",
    "criticized",
    "criticizes",
    "declare",
    "declared",
    "declares",
    "decried",
    "decries",
    "decry",
    "denounce",
    "denounced",
    "denounces",
    "deride",
    "derided",
    "derides",
    "describe",
    "described",
    "describes",
    "describing",
    "dismiss",
    "dismissed",
    "dismisses",
    "dub",
    "dubbed",
    "dubbing",
    "dubs",
    "echo",
    "echoed",
    "echoes",
    "echoing",
    "hail",
    "hailed",
    "hails",
    "insist",
    "insisted",
    "insists",
    "label",
    "labeled",
    "labeling",
    "labelled",
    "labelling",
    "labels",
    "liken",
    "likened",
    "likens",
    "mock",
    "mocked",
    "mocks",
    "naming",
    "nicknamed",
    "pledge",
    "pledged",
    "pledges",
    "portray",
    "portrayed",
    "portrays",
    "praise",
    "praised",
    "praises",
    "predict",
    "predicted",
    "predicting",
    "predicts",
    "promise",
    "promised",
    "promises",
    "quote",
    "quoted",
    "quotes",
    "read",
    "reading",
    "reads",
    "refer",
    "referred",
    "referring",
    "refers",
    "repeat",
    "repeated",
    "repeats",
    "rip",
    "ripped",
    "rips",
    "rule",
    "ruled",
    "rules",
    "said",
    "say",
    "saying",
    "says",
    "shout",
    "shouted",
    "shouting",
    "slam",
    "slammed",
    "slams",
    "tell",
    "tells",
    "term",
    "termed",
    "terms",
    "told",
    "tout",
    "touted",
    "touts",
    "tweet",
    "tweeted",
    "tweets",
    "urge",
    "urged",
    "urges",
    "use",
    "used",
    "uses",
    "using",
    "vow",
    "vowed",
    "vows",
    "warn",
    "warned",
    "warns",
    "write",
    "writes",
    "wrote",
    "yell",
    "yelled",
    "yelling",
];

/// Pronouns that may name the one who uses a quotation after it ("the 'reform' they called").
const SUBJECT_PRONOUNS: &[&str] = &["he", "i", "she", "they", "we", "you"];

/// The word windows in which a quotation finds its speaker (rules/scoring.toml, [attribution]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Windows {
    /// words between a naming verb and the quotation it names before it: "called the deal
    /// 'a disaster'" (2), "called the council's plan to sell the harbour site 'a giveaway'" (8)
    pub naming_before: usize,
    /// ... and after it: "the 'X' line Moolenaar used" (2)
    pub naming_after: usize,
    /// words that may open the next sentence before the attribution that claims a quotation
    /// ending the sentence before: `her answer was "no comment." She said it twice.`
    pub next_sentence: usize,
}

/// Which quotations are scare quotes: under `min_words` words and spoken by no one. A quotation
/// is someone's when it overlaps an attribution's content; when its sentence holds an attribution
/// or is mostly quoted (speech standing alone: `"Never." She left.`); when it ends its sentence
/// and an attribution opens the next one in the same paragraph; when a naming verb stands next to
/// it ("Trump called the deal 'a disaster'") or a colon introduces it; or when another quotation
/// of its sentence is speech. `quotes`: (start, end, words), sorted;
/// `sentences`: (start, end, paragraph), in order; `owners`: the attributions; `voice`: the
/// quotations' Voice.
pub fn scare_quotes(
    chars: &[char],
    quotes: &[(usize, usize, usize)],
    sentences: &[(usize, usize, usize)],
    owners: &[Owner],
    voice: &Voice,
    min_words: f64,
    windows: &Windows,
) -> Vec<bool> {
    let starts: Vec<usize> = sentences.iter().map(|s| s.0).collect();
    let owned_sentence = |k: usize| owners.iter().any(|o| o.sentence == k);
    let mut out = Vec::with_capacity(quotes.len());
    for &(qs, qe, words) in quotes {
        if words as f64 >= min_words {
            out.push(false);
            continue;
        }
        let k = starts.partition_point(|&s| s <= qs);
        let Some(k) = k.checked_sub(1).filter(|&k| qs < sentences[k].1) else {
            out.push(false); // outside every sentence: left as quoted
            continue;
        };
        let (ss, se, para) = sentences[k];
        let spoken = owners
            .iter()
            .any(|o| o.content.is_some_and(|(cs, ce)| cs < qe && qs < ce))
            || owned_sentence(k)
            || voice.quoted_chars(ss, se) * 2 > se - ss
            || (chars[qe.min(se)..se].iter().all(|&c| !is_word(c))
                && sentences.get(k + 1).is_some_and(|&(ns, _, np)| {
                    np == para
                        && owners.iter().any(|o| {
                            o.sentence == k + 1
                                && o.first >= ns
                                && crate::segment::count_words(chars, ns, o.first)
                                    <= windows.next_sentence
                        })
                }))
            || introduced_by_colon(chars, ss, qs)
            || named_by_verb(chars, (ss, se), (qs, qe), windows);
        out.push(!spoken);
    }
    // A short quotation beside speech in its sentence is that speech's: "the mayor has called her
    // rival 'a man who would sell the harbour for a song' and a 'fraud.'"
    let sentence_of = |q: usize| starts.partition_point(|&s| s <= q).checked_sub(1);
    let speech: Vec<Option<usize>> = quotes
        .iter()
        .zip(&out)
        .filter(|(_, &scare)| !scare)
        .map(|(q, _)| sentence_of(q.0))
        .collect();
    for (q, scare) in quotes.iter().zip(out.iter_mut()) {
        if *scare && speech.contains(&sentence_of(q.0)) {
            *scare = false;
        }
    }
    out
}

/// [`scare_quotes`] over a segmentation's quotations and sentences.
pub fn scare_quotes_of(
    chars: &[char],
    seg: &crate::segment::Segmentation,
    owners: &[Owner],
    min_words: f64,
    windows: &Windows,
) -> Vec<bool> {
    let quotes: Vec<(usize, usize, usize)> = seg
        .quotes
        .iter()
        .map(|q| (q.start, q.end, q.words))
        .collect();
    let sentences: Vec<(usize, usize, usize)> = seg
        .sentences
        .iter()
        .map(|s| (s.start, s.end, s.paragraph))
        .collect();
    scare_quotes(
        chars, &quotes, &sentences, owners, &seg.voice, min_words, windows,
    )
}

/// Whether a colon introduces the quotation (`wrote to members saying: "We stay
/// united"`): what follows a colon in quotation marks is someone's words or text.
fn introduced_by_colon(chars: &[char], ss: usize, qs: usize) -> bool {
    chars[ss..qs.max(ss)]
        .iter()
        .rev()
        .find(|&&c| !is_space(c))
        .is_some_and(|&c| c == ':')
}

/// Whether a naming verb stands before the quotation (at most `naming_before` words between) or
/// after it (at most `naming_after` words between, right after a capitalised word or a subject
/// pronoun, "'routinely cheats' line Moolenaar used", or after dialogue) in its sentence.
fn named_by_verb(chars: &[char], (ss, se): Span, (qs, qe): Span, windows: &Windows) -> bool {
    let is = |w: Span, list: &[&str]| in_list(&chars[w.0..w.1], list);
    let before = crate::segment::words(chars, ss, qs.min(se));
    if before
        .iter()
        .rev()
        .take(windows.naming_before + 1)
        .any(|&w| is(w, NAMING_VERBS))
    {
        return true;
    }
    // a quotation ending in , ! or ? inside its marks is dialogue: `"Stop the vote!" the
    // protesters shouted`
    let dialogue = chars[qs..qe]
        .iter()
        .rev()
        .find(|&&c| !is_double_mark(c) && !matches!(c, '\'' | '’'))
        .is_some_and(|&c| matches!(c, ',' | '!' | '?'));
    let after = crate::segment::words(chars, qe.min(se), se);
    after
        .iter()
        .enumerate()
        .take(windows.naming_after + 1)
        .skip(1)
        .any(|(j, &w)| {
            let subject = after[j - 1];
            is(w, NAMING_VERBS)
                && (dialogue
                    || crate::pychar::is_upper(chars[subject.0])
                    || is(subject, SUBJECT_PRONOUNS))
        })
}

/// The most bytes of a word of [`NAMING_VERBS`] or [`SUBJECT_PRONOUNS`] ("characterized": 13).
const LONGEST_LISTED: usize = 16;

/// Whether `str.lower()` of `word` is one of `list` (sorted ASCII words of at most LONGEST_LISTED
/// bytes), lowered into a buffer on the stack: the words before each short quotation are tested,
/// and a String a word (two with the lowering) cost ~400 instructions each.
fn in_list(word: &[char], list: &[&str]) -> bool {
    let mut buf = [0u8; LONGEST_LISTED];
    let mut n = 0;
    for &c in word {
        let mut push = |l: char| {
            // a character that lowers to no ASCII character (final sigma included) is in no word
            // of the lists, and neither is a word longer than the longest
            if !l.is_ascii() || n == LONGEST_LISTED {
                return false;
            }
            buf[n] = l as u8;
            n += 1;
            true
        };
        let pushed = match crate::pychar::lower(c) {
            crate::pychar::LowerChars::One(l) => push(l),
            crate::pychar::LowerChars::Many(ls) => ls.chars().all(push),
        };
        if !pushed {
            return false;
        }
    }
    // the lists are sorted (a test checks): ~8 comparisons instead of up to 190
    list.binary_search_by(|w| w.as_bytes().cmp(&buf[..n]))
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// scare_quotes over one text: its quotations and sentences as segmentation finds them.
    fn scare(text: &str, owners: &[Owner]) -> Vec<bool> {
        let chars: Vec<char> = text.chars().collect();
        let seg = crate::segment::segment(text, &crate::segment::Abbreviations::default(), 600);
        // the shipped rules/scoring.toml's numbers
        let windows = Windows {
            naming_before: 8,
            naming_after: 2,
            next_sentence: 3,
        };
        scare_quotes_of(&chars, &seg, owners, 4.0, &windows)
    }

    #[test]
    fn listed_words_as_lowered_strings() {
        // the lists' words fit the buffer, and in_list answers as lower_str and contains did,
        // for cased, accented, long and non-ASCII words (Kelvin sign: lowers to ASCII 'k')
        for list in [NAMING_VERBS, SUBJECT_PRONOUNS] {
            assert!(list
                .iter()
                .all(|w| w.is_ascii() && w.len() <= LONGEST_LISTED));
            assert!(list.windows(2).all(|p| p[0] < p[1]), "sorted, each once");
        }
        let mut words = crate::testing::near_misses(NAMING_VERBS.iter().chain(SUBJECT_PRONOUNS));
        words.extend(
            [
                "",
                "Said",
                "SAID",
                "saïd",
                "\u{212A}ICKED",
                "MOC\u{212A}",
                "\u{212A}",
                "İ",
                "I",
                "HE'S",
                "Σ",
                "characterizedd",
                "characterizedcharacterized",
                "she\u{301}",
                "WE",
            ]
            .map(String::from),
        );
        let mut found = 0;
        for w in &words {
            let chars: Vec<char> = w.chars().collect();
            for list in [NAMING_VERBS, SUBJECT_PRONOUNS] {
                let want = list.contains(&crate::pychar::lower_str(w).as_str());
                assert_eq!(in_list(&chars, list), want, "{w:?}");
                found += usize::from(want);
            }
        }
        assert!(found > NAMING_VERBS.len() + SUBJECT_PRONOUNS.len());
    }

    #[test]
    fn scare_quotes_by_hand() {
        // short and no one's: a scare quote; 4 words or more: a direct quote
        assert_eq!(scare("A \"sham\" audit ended.", &[]), [true]);
        assert_eq!(scare("A \"sham audit of all\" ended.", &[]), [false]);
        // inside an attribution's content, or in a sentence holding one
        let text = "The board's \"sham\" audit ended on a Tuesday. Lee left.";
        let content = Owner {
            sentence: 1,
            first: 47,
            content: Some((0, 25)),
        };
        assert_eq!(scare(text, &[content]), [false]);
        let here = Owner {
            sentence: 0,
            first: 0,
            content: None,
        };
        assert_eq!(scare(text, &[here]), [false]);
        let elsewhere = Owner {
            sentence: 1,
            ..here
        };
        assert_eq!(scare(text, &[elsewhere]), [true]);
        // a sentence mostly quoted is speech standing alone
        assert_eq!(scare("\"Never again.\" Lee left.", &[]), [false]);
        // a naming verb before (within 8 words) or after it (after a name or a pronoun)
        assert_eq!(
            scare("Trump called the deal 'a disaster' today.", &[]),
            [false]
        );
        assert_eq!(scare("The so-called \"reform\" failed.", &[]), [true]);
        assert_eq!(scare("The 'cheats' line Moolenaar used.", &[]), [false]);
        assert_eq!(scare("The 'cheats' line opponents used.", &[]), [true]);
        // a cue opening the next sentence of the paragraph claims a quotation ending this one
        let text = "Her answer was \"a disaster.\" She said it twice.";
        let next = Owner {
            sentence: 1,
            first: text.find("She").unwrap_or(0),
            content: None,
        };
        assert_eq!(scare(text, &[next]), [false]);
        // ... not across a paragraph
        let text = "Her answer was \"a disaster.\"\n\nShe said it twice.";
        let next = Owner {
            sentence: 1,
            first: text.find("She").unwrap_or(0),
            content: None,
        };
        assert_eq!(scare(text, &[next]), [true]);
        let text = "Her answer was \"a disaster.\" Later that day and again at night she said it.";
        let far = Owner {
            sentence: 1,
            first: text.find("she").unwrap_or(0),
            content: None,
        };
        assert_eq!(scare(text, &[far]), [true]); // 7 words before the source
                                                 // beside speech in its sentence: that speech's
        assert_eq!(
            scare(
                "Their \"we will win this one\" mood and the \"landslide\" hope faded over a long summer.",
                &[]
            ),
            [false, false]
        );
    }
}
