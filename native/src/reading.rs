//! The builder's read API for the views (what shows, the path, releasing what was
//! reported) and the builder as the scanner's [`Sink`].

use pyo3::prelude::*;

use crate::pyutil::py_str;

use crate::builder::{build_snapshot, escape_part, Builder, Partial, Storage};
use crate::numbers::NumState;
use crate::scanner::{Scalar, Sink, Where};

impl Builder {
    /// What the scalar being read shows under the completion policy (None: nothing).
    pub fn partial_shown<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        match &mut self.partial {
            Partial::Str(buffer) if self.partial_strings => Ok(Some(py_str(py, &buffer.borrow())?.into_any())),
            Partial::Num(number) if self.partial_numbers => {
                Ok(number.shown_value(py, &self.helpers)?.map(|value| value.into_bound(py)))
            }
            _ => Ok(None),
        }
    }

    /// The serial of the scalar being read if it shows something.
    pub fn shown_serial(&self) -> Option<u64> {
        match &self.partial {
            Partial::Str(_) if self.partial_strings => Some(self.serial),
            Partial::Num(number) if self.partial_numbers && number.shown_len.is_some_and(|n| n > 0) => {
                Some(self.serial)
            }
            _ => None,
        }
    }

    /// The value shown now (None while nothing shows).
    pub fn snapshot<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        if self.done {
            return Ok(self.root.as_ref().map(|root| root.bind(py).clone()));
        }
        let partial = self.partial_shown(py)?;
        build_snapshot(py, &self.stack, &self.keys, partial)
    }

    /// JSON Pointer of the member or index being written (`""`: the top level), as UTF-8/WTF-8.
    pub fn path(&self, py: Python<'_>, where_: Where) -> Vec<u8> {
        let mut out = Vec::new();
        let last = self.stack.len().wrapping_sub(1);
        for (level, (frame, key)) in self.stack.iter().zip(&self.keys).enumerate() {
            if frame.array {
                let length = frame.len(py);
                let index = if level == last && where_ == Where::After {
                    length.wrapping_sub(1) as isize
                } else {
                    length as isize
                };
                out.push(b'/');
                out.extend_from_slice(index.to_string().as_bytes());
            } else if let Some(key) = key {
                if level < last || where_ != Where::Before {
                    out.push(b'/');
                    escape_part(&mut out, &key.bytes);
                }
            }
        }
        out
    }

    /// Drop the members of the open containers (or of the innermost) that the patches
    /// view reported; an object keeps the member its pending key names (a repeated key
    /// is replacing it).
    pub fn release(&self, py: Python<'_>, innermost_only: bool) -> PyResult<()> {
        let first = if innermost_only { self.stack.len().saturating_sub(1) } else { 0 };
        for (frame, key) in self.stack[first..].iter().zip(&self.keys[first..]) {
            match &frame.storage {
                Storage::List(list) => {
                    let list = list.bind(py);
                    frame.released.set(frame.released.get() + list.len());
                    list.del_slice(0, list.len())?;
                }
                Storage::Dict(dict) => {
                    let dict = dict.bind(py);
                    let kept = match key {
                        Some(key) => dict.get_item(key.py.bind(py))?,
                        None => None,
                    };
                    frame.released.set(frame.released.get() + dict.len() - usize::from(kept.is_some()));
                    dict.clear();
                    if let (Some(key), Some(kept)) = (key, kept) {
                        dict.set_item(key.py.bind(py), kept)?;
                    }
                }
                Storage::Skeleton => {}
            }
        }
        Ok(())
    }
}

/// The builder as the scanner's sink, for one chunk.
pub struct Feeding<'a, 'py> {
    pub builder: &'a mut Builder,
    pub py: Python<'py>,
}

impl Sink for Feeding<'_, '_> {
    fn open(&mut self, array: bool) {
        let result = self.builder.open(self.py, array);
        self.builder.record(result);
    }
    fn close(&mut self) {
        let result = self.builder.close(self.py);
        self.builder.record(result);
    }
    fn key(&mut self, key: &[u8]) {
        let result = self.builder.key(self.py, key);
        self.builder.record(result);
    }
    fn scalar(&mut self, value: Scalar<'_>) {
        let result = self.builder.scalar(self.py, value);
        self.builder.record(result);
    }
    fn string_started(&mut self, text: &[u8]) {
        let result = self.builder.string_started(self.py, text);
        self.builder.record(result);
    }
    fn string_grew(&mut self, text: &[u8]) {
        let result = self.builder.string_grew(self.py, text);
        self.builder.record(result);
    }
    fn string_ended(&mut self, text: &[u8]) {
        let result = self.builder.string_ended(self.py, text);
        self.builder.record(result);
    }
    fn number_started(&mut self, text: &[u8], state: NumState) {
        self.builder.number_started(text, state);
    }
    fn number_more(&mut self, text: &[u8], state: NumState) {
        self.builder.number_more(text, state);
    }
    fn number_grew(&mut self) {
        self.builder.number_grew();
    }
    fn number_ended(&mut self) {
        let result = self.builder.number_ended(self.py);
        self.builder.record(result);
    }
}
