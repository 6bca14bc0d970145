//! The pieces of the tree being built: keys, open containers (frames), the partial
//! scalar, and snapshots of the open path (the port of `jsonstream/snapshot.py`).

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

pub use crate::partial_number::NumShown;

/// A key: its text for pointers and comparisons, and the shared Python string.
pub struct KeyData {
    pub bytes: Vec<u8>,
    pub py: Py<PyString>,
}
pub type Key = Arc<KeyData>;

pub enum Storage {
    List(Py<PyList>),
    Dict(Py<PyDict>),
    /// A skeleton: counts its members (an array's indices need that), keeps none.
    Skeleton,
}

/// An open container.
pub struct Frame {
    pub array: bool,
    pub storage: Storage,
    /// Members counted but not kept: a skeleton's (arrays only), or those released.
    pub released: Count,
}
pub type FrameRef = Arc<Frame>;

impl Frame {
    /// Its members, the released ones included.
    pub fn len(&self, py: Python<'_>) -> usize {
        self.released.get()
            + match &self.storage {
                Storage::List(list) => list.bind(py).len(),
                Storage::Dict(dict) => dict.bind(py).len(),
                Storage::Skeleton => 0,
            }
    }

    /// The Python object (None for a skeleton).
    pub fn object<'py>(&self, py: Python<'py>) -> Bound<'py, PyAny> {
        match &self.storage {
            Storage::List(list) => list.bind(py).clone().into_any(),
            Storage::Dict(dict) => dict.bind(py).clone().into_any(),
            Storage::Skeleton => py.None().into_bound(py),
        }
    }

    /// The member at `key` of an object frame, if it holds one.
    pub fn member<'py>(&self, py: Python<'py>, key: &Key) -> PyResult<Option<Bound<'py, PyAny>>> {
        match &self.storage {
            Storage::Dict(dict) => dict.bind(py).get_item(key.py.bind(py)),
            _ => Ok(None),
        }
    }

    /// The item at `index` of an array frame (released items counted).
    pub fn item<'py>(&self, py: Python<'py>, index: usize) -> PyResult<Bound<'py, PyAny>> {
        match &self.storage {
            Storage::List(list) => match index.checked_sub(self.released.get()) {
                Some(stored) => list.bind(py).get_item(stored),
                None => Err(pyo3::exceptions::PyIndexError::new_err("a released item was read")),
            },
            _ => Ok(py.None().into_bound(py)),
        }
    }

    /// A shallow copy of what it holds, as a plain container.
    pub fn copy<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(match &self.storage {
            Storage::List(list) => {
                let list = list.bind(py);
                list.get_slice(0, list.len()).into_any()
            }
            Storage::Dict(dict) => dict.bind(py).copy()?.into_any(),
            Storage::Skeleton => py.None().into_bound(py),
        })
    }
}

/// A string value being read across chunks (shared with the patches view, which
/// remembers how much of it was shown).
pub type StrBuf = Arc<TextBuf>;

/// The decoded text of a string value being read. (A mutex and atomics instead of
/// `RefCell` and `Cell` keep the engine `Send + Sync`, as a Python object that any
/// thread may use or drop must be; uncontended, they cost a few nanoseconds.)
pub struct TextBuf(Mutex<Vec<u8>>);

impl TextBuf {
    pub fn new(text: Vec<u8>) -> Self {
        TextBuf(Mutex::new(text))
    }

    pub fn borrow(&self) -> MutexGuard<'_, Vec<u8>> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn borrow_mut(&self) -> MutexGuard<'_, Vec<u8>> {
        self.borrow()
    }
}

/// A count of members that a frame counts but does not keep.
#[derive(Default)]
pub struct Count(AtomicUsize);

impl Count {
    pub fn get(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }

    pub fn set(&self, value: usize) {
        self.0.store(value, Ordering::Relaxed);
    }
}

pub enum Partial {
    None,
    Str(StrBuf),
    Num(NumShown),
}

/// One JSON Pointer reference token (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_part(out: &mut Vec<u8>, part: &[u8]) {
    for &byte in part {
        match byte {
            b'~' => out.extend_from_slice(b"~0"),
            b'/' => out.extend_from_slice(b"~1"),
            _ => out.push(byte),
        }
    }
}

/// The value shown for the open `stack` with `partial` at its innermost point.
pub fn build_snapshot<'py>(
    py: Python<'py>,
    stack: &[FrameRef],
    keys: &[Option<Key>],
    partial: Option<Bound<'py, PyAny>>,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    let mut child = partial;
    for (frame, key) in stack.iter().zip(keys).rev() {
        let copy = frame.copy(py)?;
        if let Some(child) = child {
            if frame.array {
                copy.cast::<PyList>()?.append(child)?;
            } else if let Some(key) = key {
                copy.cast::<PyDict>()?.set_item(key.py.bind(py), child)?;
            }
        }
        child = Some(copy);
    }
    Ok(child)
}
