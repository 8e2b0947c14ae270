//! What the crate's tests share (compiled for tests only).

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
