//! Matching with the shipped packs' compiled rules (core/fuzz/rules.bin, written by
//! tools/export_fuzz_rules.py) over arbitrary text: the sentences segmentation finds, and arbitrary regions
//! and sentence bounds (as Python may hand them over). No panic; every match inside the text and
//! inside its sentence, on character boundaries.
#![no_main]
use _core::engine::{Engine, PatternData, Quotes, RuleData};
use _core::matching::Limits;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

#[path = "common.rs"]
mod common;

const RULE: char = '\u{1e}';
const FIELD: char = '\u{1f}';
const ITEM: char = '\u{1d}';
const PART: char = '\u{1c}';

fn opt(s: &str) -> Option<String> {
    s.strip_prefix('+').map(str::to_string)
}

fn pattern(s: &str) -> Option<PatternData> {
    let s = s.strip_prefix('+')?;
    let f: Vec<&str> = s.split(ITEM).collect();
    assert_eq!(f.len(), 5, "a pattern has five forms");
    // literals None: the engine computes them
    Some((f[0].into(), f[1] == "1", opt(f[2]), f[3].into(), opt(f[4]), None))
}

fn rules() -> Vec<RuleData> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/rules.bin");
    let data = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{path}: {e} (run tools/export_fuzz_rules.py first)"));
    data.split(RULE)
        .map(|rec| {
            let f: Vec<&str> = rec.split(FIELD).collect();
            assert_eq!(f.len(), 8, "a rule has eight fields");
            let terms = f[4]
                .split(ITEM)
                .filter(|t| !t.is_empty())
                .map(|t| {
                    let p: Vec<&str> = t.split(PART).collect();
                    (p[0].to_string(), p[1].parse().unwrap(), p[2] == "1")
                })
                .collect();
            (
                f[0].to_string(),
                f[1].to_string(),
                f[2].parse().unwrap(),
                f[3].parse().unwrap(),
                terms,
                pattern(f[5]),
                pattern(f[6]),
                f[7].parse().unwrap(),
            )
        })
        .collect()
}

struct State {
    engine: Engine,
    abbr: _core::segment::Abbreviations,
}

static STATE: OnceLock<State> = OnceLock::new();

fn state() -> &'static State {
    STATE.get_or_init(|| {
        let limits = Limits {
            backtrack_limit: 1_000_000,
            lookaround_max_bytes: 20_000,
        };
        State {
            engine: Engine::from_rules(rules(), limits, None).expect("the shipped rules compile"),
            abbr: common::abbreviations(),
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let st = state();
    let n = text.chars().count();
    let (rows, _) = if mode % 4 == 0 {
        // arbitrary sentence bounds and one arbitrary region: the engine clamps what Python sends
        let a = (mode as usize * 7) % (n + 3);
        let b = (mode as usize * 13) % (n + 5);
        let sentences = [
            (a, b, 0, true),
            (b, a, 1, true),
            (0, n + 10, 2, mode % 8 == 0),
        ];
        let (cands, _) = st.engine.candidates_in(text, a, b);
        for (s, e, _, _) in cands {
            assert!(s <= e && e <= n, "candidate ({s}, {e}) of {n}");
        }
        let q = Quotes {
            starts: &[],
            ends: &[],
        };
        st.engine.match_text(text, &sentences, &q, mode % 3 == 0)
    } else {
        let seg = _core::segment::segment(text, &st.abbr, 600);
        common::check_segmentation(&seg, n);
        let sentences: Vec<_> = seg
            .sentences
            .iter()
            .enumerate()
            .map(|(i, s)| (s.start, s.end, i, mode % 5 != 1))
            .collect();
        let starts: Vec<usize> = seg.quotes.iter().map(|q| q.start).collect();
        let ends: Vec<usize> = seg.quotes.iter().map(|q| q.end).collect();
        let q = Quotes {
            starts: &starts,
            ends: &ends,
        };
        let found = st.engine.match_text(text, &sentences, &q, mode % 2 == 0);
        for &(s, e, _, k, _, _) in &found.0 {
            let (ss, se, _, _) = sentences[k];
            assert!(
                ss <= s && s < e && e <= se,
                "match ({s}, {e}) outside sentence {k}"
            );
        }
        found
    };
    for (s, e, ..) in rows {
        assert!(s <= e && e <= n, "match ({s}, {e}) of {n}");
    }
});
