//! framing's native engine: the per-article work (segmentation, voice, matching, tallies) in one
//! call per article. The Python package validates packs and hands this crate plain data; the
//! boundary is a few coarse calls, never a call per token.
use pyo3::prelude::*;

/// The extension module `framing._core`.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn version_is_the_crate_version() {
        assert_eq!(env!("CARGO_PKG_VERSION"), "0.1.0");
    }
}
