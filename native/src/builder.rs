//! The tree builder: the one owner of the value being built and of "what changed"
//! (the port of `jsonstream/builder.py` and `release.py`).
//!
//! The open containers are real Python `dict`/`list` objects holding the members
//! completed so far; a completed value is placed in its parent and never mutated
//! again, so snapshots share it. `version` changes, between chunks, exactly when
//! what the value shows changed. With `retain=False` the containers at and above the
//! items' parents are skeletons that only count their members (`Mode::Skeleton`),
//! or, for the patches view, containers release what it reported (`Mode::Releasable`).

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use std::sync::Arc;

use crate::numbers::NumState;
use crate::pyutil::{number_object, py_str, same_json, Helpers};
use crate::scanner::Scalar;
pub use crate::tree::{
    build_snapshot, escape_part, Count, Frame, FrameRef, Key, KeyData, NumShown, Partial, Storage, StrBuf, TextBuf,
};

/// How many distinct keys are shared at most (the memo starts again when it has more).
const KEY_MEMO_LIMIT: usize = 4096;

/// A member that a repeated key is writing, until it is placed.
struct Replacement {
    frame: FrameRef,
    key: Key,
    level: usize,
    old: Py<PyAny>,
    mark: u64,
    settled: bool,
}

/// A repeated key's member placed: what the patches view is told.
pub struct Replaced {
    pub level: usize,
    pub frame: FrameRef,
    pub key: Key,
    pub old: Py<PyAny>,
    pub new: Py<PyAny>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Plain,
    /// Skeletons at this depth and above.
    Skeleton(usize),
    Releasable,
}

/// The items view's pattern: its reference tokens (None: `*`) and what it found.
pub struct Items {
    pub parts: Vec<Option<Vec<u8>>>,
    pub found: Vec<Py<PyAny>>,
    pub root_taken: bool,
}

pub struct Builder {
    pub helpers: Arc<Helpers>,
    pub stack: Vec<FrameRef>,
    /// Per frame: the pending key of an object (None for arrays and before a key).
    pub keys: Vec<Option<Key>>,
    pub root: Option<Py<PyAny>>,
    pub done: bool,
    pub version: u64,
    pub unsettled: usize,
    pub serial: u64,
    pub partial: Partial,
    pub partial_strings: bool,
    pub partial_numbers: bool,
    pub mode: Mode,
    memo: rustc_hash::FxHashMap<Vec<u8>, Key>,
    replacing: Vec<Replacement>,
    watched: Option<FrameRef>,
    pub items: Option<Items>,
    pub events: Option<Vec<Py<PyAny>>>,
    /// Replacements for the patches view, once it exists.
    pub replaced: Option<Vec<Replaced>>,
    /// The first Python error met while building (memory, mostly): raised after the chunk.
    pub error: Option<PyErr>,
}

impl Builder {
    pub fn new(helpers: Arc<Helpers>, partial_strings: bool, partial_numbers: bool, mode: Mode) -> Self {
        Builder {
            helpers,
            stack: Vec::new(),
            keys: Vec::new(),
            root: None,
            done: false,
            version: 0,
            unsettled: 0,
            serial: 0,
            partial: Partial::None,
            partial_strings,
            partial_numbers,
            mode,
            memo: rustc_hash::FxHashMap::default(),
            replacing: Vec::new(),
            watched: None,
            items: None,
            events: None,
            replaced: None,
            error: None,
        }
    }

    pub(crate) fn record(&mut self, result: PyResult<()>) {
        if let Err(error) = result {
            self.error.get_or_insert(error);
        }
    }

    fn event(
        &mut self,
        py: Python<'_>,
        kind_value: Option<(bool, Bound<'_, PyAny>)>,
        fixed: Option<Py<PyAny>>,
    ) -> PyResult<()> {
        let Some(events) = self.events.as_mut() else { return Ok(()) };
        let event = match (fixed, kind_value) {
            (Some(fixed), _) => fixed,
            (None, Some((is_key, value))) => {
                let names = &self.helpers.names;
                self.helpers.event(py, if is_key { &names.key } else { &names.value }, value)?
            }
            (None, None) => return Ok(()),
        };
        events.push(event);
        Ok(())
    }

    // ------------------------------------------------------------- structure

    pub(crate) fn open(&mut self, py: Python<'_>, array: bool) -> PyResult<()> {
        let skeleton = matches!(self.mode, Mode::Skeleton(depth) if self.stack.len() <= depth);
        let storage = if skeleton {
            Storage::Skeleton
        } else if array {
            Storage::List(PyList::empty(py).unbind())
        } else {
            Storage::Dict(PyDict::new(py).unbind())
        };
        let frame = Arc::new(Frame { array, storage, released: Count::default() });
        self.stack.push(frame.clone());
        self.keys.push(None);
        self.version += 1; // an open container shows at once
        if self.items.is_some() {
            self.opened_for_items(py, &frame);
        }
        if self.events.is_some() {
            let helpers = self.helpers.clone();
            let fixed = if array { &helpers.start_array } else { &helpers.start_object };
            self.event(py, None, Some(fixed.clone_ref(py)))?;
        }
        Ok(())
    }

    /// Watch a container that opened at the items' parent depth on the pattern's path.
    fn opened_for_items(&mut self, py: Python<'_>, frame: &FrameRef) {
        let items = self.items.as_ref().expect("items");
        let depth = self.stack.len() - 1;
        if items.parts.is_empty() || depth != items.parts.len() - 1 {
            return;
        }
        for (level, part) in items.parts[..depth].iter().enumerate() {
            let Some(part) = part else { continue };
            let matches = if self.stack[level].array {
                part == self.stack[level].len(py).to_string().as_bytes()
            } else {
                self.keys[level].as_ref().is_some_and(|key| &key.bytes == part)
            };
            if !matches {
                return;
            }
        }
        self.watched = Some(frame.clone());
    }

    pub(crate) fn close(&mut self, py: Python<'_>) -> PyResult<()> {
        let frame = self.stack.pop().expect("an open container");
        self.keys.pop();
        if self.events.is_some() {
            let helpers = self.helpers.clone();
            let fixed = if frame.array { &helpers.end_array } else { &helpers.end_object };
            self.event(py, None, Some(fixed.clone_ref(py)))?;
        }
        let value = frame.object(py);
        self.place(py, value)
    }

    pub(crate) fn key(&mut self, py: Python<'_>, bytes: &[u8]) -> PyResult<()> {
        if self.memo.len() > KEY_MEMO_LIMIT {
            self.memo.clear();
        }
        let key = match self.memo.get(bytes) {
            Some(key) => key.clone(),
            None => {
                let key = Arc::new(KeyData { bytes: bytes.to_vec(), py: py_str(py, bytes)?.unbind() });
                self.memo.insert(bytes.to_vec(), key.clone());
                key
            }
        };
        if self.events.is_some() {
            self.event(py, Some((true, key.py.bind(py).clone().into_any())), None)?;
        }
        let frame = self.stack.last().expect("an open object");
        if let Some(old) = frame.member(py, &key)? {
            let (frame, level) = (frame.clone(), self.stack.len() - 1);
            self.replacing.push(Replacement {
                frame,
                key: key.clone(),
                level,
                old: old.unbind(),
                mark: self.version,
                settled: false,
            });
            self.unsettled += 1; // what it shows is compared with the old member's value
        }
        *self.keys.last_mut().expect("an open object") = Some(key);
        Ok(())
    }

    pub(crate) fn scalar(&mut self, py: Python<'_>, value: Scalar<'_>) -> PyResult<()> {
        let object = match value {
            Scalar::Str(text) => py_str(py, text)?.into_any(),
            Scalar::Number(text) => number_object(py, text, &self.helpers)?,
            Scalar::Literal(index) => self.helpers.literals[index].bind(py).clone(),
        };
        self.version += 1;
        self.completed(py, object)
    }

    /// A complete scalar: recorded, then placed.
    fn completed(&mut self, py: Python<'_>, object: Bound<'_, PyAny>) -> PyResult<()> {
        if self.events.is_some() {
            self.event(py, Some((false, object.clone())), None)?;
        }
        self.place(py, object)
    }

    // ------------------------------------------------------- partial scalars

    pub(crate) fn string_started(&mut self, py: Python<'_>, text: &[u8]) -> PyResult<()> {
        self.serial += 1;
        self.partial = Partial::Str(Arc::new(TextBuf::new(text.to_vec())));
        if self.partial_strings {
            self.version += 1; // even "" shows
        }
        if !text.is_empty() {
            self.string_part(py, text)?;
        }
        Ok(())
    }

    fn string_part(&mut self, py: Python<'_>, text: &[u8]) -> PyResult<()> {
        if let Some(events) = &mut self.events {
            let part = py_str(py, text)?.into_any();
            events.push(self.helpers.event(py, &self.helpers.names.string_part, part)?);
        }
        Ok(())
    }

    pub(crate) fn string_grew(&mut self, py: Python<'_>, text: &[u8]) -> PyResult<()> {
        if let Partial::Str(buffer) = &self.partial {
            buffer.borrow_mut().extend_from_slice(text);
        }
        if self.partial_strings {
            self.version += 1;
        }
        self.string_part(py, text)
    }

    pub(crate) fn string_ended(&mut self, py: Python<'_>, text: &[u8]) -> PyResult<()> {
        if !text.is_empty() {
            self.string_grew(py, text)?;
        }
        let Partial::Str(buffer) = std::mem::replace(&mut self.partial, Partial::None) else {
            return Ok(());
        };
        let value = py_str(py, &buffer.borrow())?.into_any();
        if !self.partial_strings {
            self.version += 1;
        }
        self.completed(py, value)
    }

    pub(crate) fn number_started(&mut self, text: &[u8], state: NumState) {
        self.serial += 1;
        let mut number = NumShown::new(text, state);
        if self.partial_numbers && number.show() {
            self.version += 1;
        }
        self.partial = Partial::Num(number);
    }

    pub(crate) fn number_more(&mut self, text: &[u8], state: NumState) {
        if let Partial::Num(number) = &mut self.partial {
            number.text.extend_from_slice(text);
            number.state = state;
        }
    }

    pub(crate) fn number_grew(&mut self) {
        if let Partial::Num(number) = &mut self.partial {
            if self.partial_numbers && number.show() {
                self.version += 1;
            }
        }
    }

    pub(crate) fn number_ended(&mut self, py: Python<'_>) -> PyResult<()> {
        let Partial::Num(mut number) = std::mem::replace(&mut self.partial, Partial::None) else {
            return Ok(());
        };
        if !self.partial_numbers || number.show() {
            self.version += 1;
        }
        let value = number.value(py, &self.helpers)?;
        self.completed(py, value)
    }

    // --------------------------------------------------------------- placing

    /// Insert a complete value into the innermost container (or make it the root).
    fn place(&mut self, py: Python<'_>, value: Bound<'_, PyAny>) -> PyResult<()> {
        let Some(frame) = self.stack.last() else {
            self.root = Some(value.unbind());
            self.done = true;
            return Ok(());
        };
        if self.watched.as_ref().is_some_and(|watched| Arc::ptr_eq(watched, frame)) {
            let (frame, key) = (frame.clone(), self.keys.last().cloned().flatten());
            self.item_found(py, &frame, key.as_ref(), &value);
        }
        // (no reference counted here: this runs for every member of the document)
        let frame = self.stack.last().expect("the innermost frame");
        let dict = match &frame.storage {
            Storage::List(list) => return list.bind(py).append(value),
            Storage::Skeleton => {
                if frame.array {
                    frame.released.set(frame.released.get() + 1);
                }
                return Ok(());
            }
            Storage::Dict(dict) => dict,
        };
        let key = self.keys.last().and_then(Option::as_ref).expect("a member's key");
        if !self.replacing.last().is_some_and(|replacement| Arc::ptr_eq(&replacement.frame, frame)) {
            return dict.bind(py).set_item(key.py.bind(py), value);
        }
        let (dict, key) = (dict.clone_ref(py), key.clone());
        let replacement = self.replacing.pop().expect("a replacement");
        self.replaced(py, replacement, &value)?;
        dict.bind(py).set_item(key.py.bind(py), value)
    }

    fn item_found(&mut self, py: Python<'_>, frame: &FrameRef, key: Option<&Key>, value: &Bound<'_, PyAny>) {
        let index = if frame.array { Some(frame.len(py)) } else { None };
        let items = self.items.as_mut().expect("items");
        let wanted = items.parts.last().expect("a pattern part");
        let matches = match (wanted, index, key) {
            (None, _, _) => true,
            (Some(wanted), Some(index), _) => wanted == index.to_string().as_bytes(),
            (Some(wanted), None, Some(key)) => wanted == &key.bytes,
            _ => false,
        };
        if matches {
            items.found.push(value.clone().unbind());
        }
    }

    fn replaced(&mut self, py: Python<'_>, mut replacement: Replacement, value: &Bound<'_, PyAny>) -> PyResult<()> {
        if !replacement.settled {
            self.unsettled -= 1;
            let differs = !same_json(value, replacement.old.bind(py))?;
            self.version = replacement.mark + u64::from(differs);
            replacement.settled = true;
        }
        if let Some(log) = self.replaced.as_mut() {
            log.push(Replaced {
                level: replacement.level,
                frame: replacement.frame,
                key: replacement.key,
                old: replacement.old,
                new: value.clone().unbind(),
            });
        }
        Ok(())
    }

    /// At a chunk's end: compare each new member under a repeated key that shows now
    /// with the one it replaces (see `TreeBuilder.settle`).
    pub fn settle(&mut self, py: Python<'_>) -> PyResult<()> {
        let mut first = true;
        for index in 0..self.replacing.len() {
            if self.replacing[index].settled {
                continue;
            }
            let shown = self.member_shown(py, self.replacing[index].level)?;
            let replacement = &self.replacing[index];
            if first {
                first = false;
                let differs = match &shown {
                    Some(shown) => !same_json(shown, replacement.old.bind(py))?,
                    None => false,
                };
                self.version = replacement.mark + u64::from(differs);
            }
            let replacement = &mut self.replacing[index];
            if shown.is_none() {
                replacement.mark = self.version;
            } else {
                replacement.settled = true;
                self.unsettled -= 1;
            }
        }
        Ok(())
    }

    /// What the member being written under `stack[level]` shows (None: nothing).
    pub(crate) fn member_shown<'py>(&mut self, py: Python<'py>, level: usize) -> PyResult<Option<Bound<'py, PyAny>>> {
        let partial = self.partial_shown(py)?;
        if self.stack.len() > level + 1 {
            return build_snapshot(py, &self.stack[level + 1..], &self.keys[level + 1..], partial);
        }
        Ok(partial)
    }
}
