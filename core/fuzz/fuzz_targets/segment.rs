//! Segmentation of arbitrary text: no panic, and every span inside the text and in order.
//! The first byte picks the unclosed-quotation limit (0-255 characters; 600 when it is 255).
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

#[path = "common.rs"]
mod common;

static ABBR: OnceLock<_core::segment::Abbreviations> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let max_unclosed = if first == 255 { 600 } else { first as usize };
    let abbr = ABBR.get_or_init(common::abbreviations);
    let seg = _core::segment::segment(text, abbr, max_unclosed);
    common::check_segmentation(&seg, text.chars().count());
});
