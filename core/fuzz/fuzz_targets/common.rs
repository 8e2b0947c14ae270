//! What both targets share: the shipped abbreviation lexicon, and the invariants of a
//! segmentation (every span inside the text and in order).
use _core::segment::{Abbreviations, Segmentation};

pub fn abbreviations() -> Abbreviations {
    let mut abbr = Abbreviations::default();
    let lexicon = include_str!("../../../framing/lexicons/abbreviations.txt");
    for line in lexicon.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((kind, term)) = line.split_once('\t') else {
            continue;
        };
        let term = term.trim().to_lowercase();
        match kind {
            "never" => abbr.never.insert(term),
            "ambiguous" => abbr.ambiguous.insert(term),
            "starter" => abbr.starters.insert(term),
            _ => false,
        };
    }
    abbr
}

pub fn check_segmentation(seg: &Segmentation, len: usize) {
    let mut prev = 0;
    for &(s, e) in &seg.paragraphs {
        assert!(
            prev <= s && s <= e && e <= len,
            "paragraph ({s}, {e}) of {len}"
        );
        prev = e;
    }
    let mut prev = 0;
    for s in &seg.sentences {
        assert!(
            prev <= s.start && s.start <= s.end && s.end <= len,
            "sentence {s:?} of {len}"
        );
        assert!(
            s.paragraph < seg.paragraphs.len().max(1),
            "sentence {s:?}: no paragraph"
        );
        prev = s.end;
    }
    for q in &seg.quotes {
        assert!(q.start <= q.end && q.end <= len, "quotation {q:?} of {len}");
    }
    assert_eq!(seg.sentence_words.len(), seg.sentences.len());
    for (w, s) in seg.sentence_words.iter().zip(&seg.sentences) {
        assert!(
            w.quoted <= w.words && w.words <= s.end - s.start + 1,
            "{w:?} in {s:?}"
        );
    }
}
