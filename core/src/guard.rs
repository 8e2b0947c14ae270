//! The one guard of every exported call: a panic inside the engine never reaches Python as a
//! crash (pyo3's PanicException, a BaseException that ends a batch): it becomes a RuntimeError
//! "framing._core.CALL: internal error (please report it): WHY", which the CLI turns into one line
//! naming the file (and an error row in a corpus run).
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use std::cell::Cell;
use std::panic::{self, catch_unwind, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// how many guards this thread is inside: their panics are reported by the error, not printed
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// The error a panic becomes.
pub fn internal_error(call: &str, payload: &(dyn std::any::Any + Send)) -> PyErr {
    let why = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    PyRuntimeError::new_err(format!(
        "framing._core.{call}: internal error (please report it): {why}"
    ))
}

/// Runs `f` (the body of the exported call `call`), turning a panic into a RuntimeError.
pub fn guard<T>(call: &str, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    DEPTH.with(|d| d.set(d.get() + 1));
    let out = catch_unwind(AssertUnwindSafe(f));
    DEPTH.with(|d| d.set(d.get() - 1));
    out.unwrap_or_else(|payload| Err(internal_error(call, payload.as_ref())))
}

/// Installs (once) a panic hook that stays silent for a panic inside a guard, whose message the
/// error carries: the user sees one line, not a backtrace notice on stderr. Panics elsewhere go
/// to the hook that was there before.
pub fn install_quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if DEPTH.with(|d| d.get()) == 0 {
                previous(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_runtime_error() {
        install_quiet_hook();
        Python::initialize();
        Python::attach(|py| {
            let err = guard("segment", || -> PyResult<()> { panic!("boom") }).unwrap_err();
            assert!(err.is_instance_of::<PyRuntimeError>(py));
            assert_eq!(
                err.value(py).to_string(),
                "framing._core.segment: internal error (please report it): boom"
            );
            // a formatted message and a value are carried as they are
            let err = guard("x", || -> PyResult<()> { panic!("at {}", 3) }).unwrap_err();
            assert!(err.value(py).to_string().ends_with("): at 3"));
            assert_eq!(guard("y", || Ok(5)).unwrap(), 5);
        });
        // the depth is back to zero after a panic: later panics are reported again
        assert_eq!(DEPTH.with(|d| d.get()), 0);
    }
}
