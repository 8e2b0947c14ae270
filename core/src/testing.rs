//! What the crate's tests share (compiled for tests only).

/// Each listed word as written, in capitals, with an "s" added and without its first letter: the
/// near misses a test of a word-list look-up runs beside the words themselves.
pub(crate) fn near_misses<'a>(words: impl IntoIterator<Item = &'a &'a str>) -> Vec<String> {
    words
        .into_iter()
        .flat_map(|w| {
            [
                w.to_string(),
                w.to_uppercase(),
                format!("{w}s"),
                w[1..].to_string(),
            ]
        })
        .collect()
}

/// A xorshift generator seeded with `seed` (not zero): each call gives a number below `n`, the
/// same sequence on every run, so a generated test text that fails can be made again.
pub(crate) fn below(seed: u64) -> impl FnMut(usize) -> usize {
    let mut state = seed;
    move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    }
}
