//! The native engine behind chunkwise's `IncrementalJsonParser` (module
//! `chunkwise_native._engine`): the same scanner, tree builder, views, completion
//! policies, limits and errors as the Python engine in `src/chunkwise/jsonstream`,
//! which stays the reference. `engine.rs` is the Python-facing class; no Rust panic
//! crosses into Python (each call is guarded, and a panic becomes a clear error).

pub mod builder;
pub mod engine;
pub mod numbers;
pub mod partial_number;
pub mod patches;
pub mod position;
pub mod pyutil;
pub mod reading;
pub mod repair;
pub mod scalars;
pub mod scanner;
#[cfg(test)]
mod scanner_tests;
pub mod strings;
pub mod tree;
pub mod utf8;

use pyo3::prelude::*;

#[pymodule]
fn _engine(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<engine::Engine>()?;
    Ok(())
}
