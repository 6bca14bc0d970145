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
use pyo3::types::{PyDict, PyList, PyString};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::sync::Arc;

use crate::numbers::NumState;
use crate::pyutil::{number_object, py_str, same_json, Helpers};
use crate::scanner::{Scalar, Sink, Where};

/// How many distinct keys are shared at most (the memo starts again when it has more).
const KEY_MEMO_LIMIT: usize = 4096;

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
            Storage::List(list) => list.bind(py).get_item(index - self.released.get()),
            _ => Ok(py.None().into_bound(py)),
        }
    }

    /// A shallow copy of what it holds, as a plain container.
    fn copy<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
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

/// A number being read across chunks: its text, and what it shows.
pub struct NumShown {
    pub text: Vec<u8>,
    pub state: NumState,
    shown_len: Option<usize>,
    shown_state: NumState,
    shown: Option<Py<PyAny>>,
}

enum NumValue {
    Int,
    Float(f64),
}

impl NumShown {
    fn value_of(text: &[u8]) -> NumValue {
        if crate::numbers::is_float(text) {
            NumValue::Float(std::str::from_utf8(text).ok().and_then(|t| t.parse().ok()).unwrap_or(f64::NAN))
        } else {
            NumValue::Int
        }
    }

    /// Update what it shows (its longest complete prefix); whether that changed.
    fn show(&mut self) -> bool {
        let length = self.text.len() - self.state.unfinished_tail();
        let before = self.shown_len;
        if before == Some(length) {
            return false;
        }
        let before_state = self.shown_state;
        self.shown_len = Some(length);
        self.shown_state = self.state;
        self.shown = None;
        let Some(before) = before else { return true };
        if self.state.integer() {
            return true;
        }
        let _ = before_state;
        match (Self::value_of(&self.text[..before]), Self::value_of(&self.text[..length])) {
            (NumValue::Float(a), NumValue::Float(b)) => a != b,
            _ => true, // an int that grew, or a change of type
        }
    }

    fn shown_value(&mut self, py: Python<'_>, helpers: &Helpers) -> PyResult<Option<Py<PyAny>>> {
        let Some(length) = self.shown_len else { return Ok(None) };
        if self.shown.is_none() {
            self.shown = Some(number_object(py, &self.text[..length], helpers)?.unbind());
        }
        Ok(self.shown.as_ref().map(|value| value.clone_ref(py)))
    }
}

pub enum Partial {
    None,
    Str(StrBuf),
    Num(NumShown),
}

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

    fn record(&mut self, result: PyResult<()>) {
        if let Err(error) = result {
            self.error.get_or_insert(error);
        }
    }

    fn event(&mut self, py: Python<'_>, kind_value: Option<(bool, Bound<'_, PyAny>)>, fixed: Option<Py<PyAny>>) -> PyResult<()> {
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

    fn open(&mut self, py: Python<'_>, array: bool) -> PyResult<()> {
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

    fn close(&mut self, py: Python<'_>) -> PyResult<()> {
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

    fn key(&mut self, py: Python<'_>, bytes: &[u8]) -> PyResult<()> {
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
        let frame = self.stack.last().expect("an open object").clone();
        *self.keys.last_mut().expect("an open object") = Some(key.clone());
        if let Some(old) = frame.member(py, &key)? {
            let level = self.stack.len() - 1;
            self.replacing.push(Replacement { frame, key, level, old: old.unbind(), mark: self.version, settled: false });
            self.unsettled += 1; // what it shows is compared with the old member's value
        }
        Ok(())
    }

    fn scalar(&mut self, py: Python<'_>, value: Scalar<'_>) -> PyResult<()> {
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

    fn string_started(&mut self, py: Python<'_>, text: &[u8]) -> PyResult<()> {
        self.serial += 1;
        self.partial = Partial::Str(Arc::new(TextBuf(Mutex::new(text.to_vec()))));
        if self.partial_strings {
            self.version += 1; // even "" shows
        }
        if !text.is_empty() {
            self.string_part(py, text)?;
        }
        Ok(())
    }

    fn string_part(&mut self, py: Python<'_>, text: &[u8]) -> PyResult<()> {
        if self.events.is_some() {
            let part = py_str(py, text)?.into_any();
            let event = self.helpers.event(py, &self.helpers.names.string_part, part)?;
            self.events.as_mut().expect("events").push(event);
        }
        Ok(())
    }

    fn string_grew(&mut self, py: Python<'_>, text: &[u8]) -> PyResult<()> {
        if let Partial::Str(buffer) = &self.partial {
            buffer.borrow_mut().extend_from_slice(text);
        }
        if self.partial_strings {
            self.version += 1;
        }
        self.string_part(py, text)
    }

    fn string_ended(&mut self, py: Python<'_>, text: &[u8]) -> PyResult<()> {
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

    fn number_started(&mut self, text: &[u8], state: NumState) {
        self.serial += 1;
        let mut number = NumShown { text: text.to_vec(), state, shown_len: None, shown_state: state, shown: None };
        if self.partial_numbers && number.show() {
            self.version += 1;
        }
        self.partial = Partial::Num(number);
    }

    fn number_more(&mut self, text: &[u8], state: NumState) {
        if let Partial::Num(number) = &mut self.partial {
            number.text.extend_from_slice(text);
            number.state = state;
        }
    }

    fn number_grew(&mut self) {
        if let Partial::Num(number) = &mut self.partial {
            if self.partial_numbers && number.show() {
                self.version += 1;
            }
        }
    }

    fn number_ended(&mut self, py: Python<'_>) -> PyResult<()> {
        let Partial::Num(mut number) = std::mem::replace(&mut self.partial, Partial::None) else {
            return Ok(());
        };
        if !self.partial_numbers || number.show() {
            self.version += 1;
        }
        let value = number_object(py, &number.text, &self.helpers)?;
        self.completed(py, value)
    }

    // --------------------------------------------------------------- placing

    /// Insert a complete value into the innermost container (or make it the root).
    fn place(&mut self, py: Python<'_>, value: Bound<'_, PyAny>) -> PyResult<()> {
        let Some(frame) = self.stack.last().cloned() else {
            self.root = Some(value.unbind());
            self.done = true;
            return Ok(());
        };
        let key = self.keys.last().cloned().flatten();
        if self.watched.as_ref().is_some_and(|watched| Arc::ptr_eq(watched, &frame)) {
            self.item_found(py, &frame, key.as_ref(), &value);
        }
        match &frame.storage {
            Storage::List(list) => return list.bind(py).append(value),
            Storage::Skeleton => {
                if frame.array {
                    frame.released.set(frame.released.get() + 1);
                }
                return Ok(());
            }
            Storage::Dict(_) => {}
        }
        let key = key.expect("a member's key");
        if self.replacing.last().is_some_and(|replacement| Arc::ptr_eq(&replacement.frame, &frame)) {
            let replacement = self.replacing.pop().expect("a replacement");
            self.replaced(py, replacement, &value)?;
        }
        if let Storage::Dict(dict) = &frame.storage {
            dict.bind(py).set_item(key.py.bind(py), value)?;
        }
        Ok(())
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
    fn member_shown<'py>(&mut self, py: Python<'py>, level: usize) -> PyResult<Option<Bound<'py, PyAny>>> {
        let partial = self.partial_shown(py)?;
        if self.stack.len() > level + 1 {
            return build_snapshot(py, &self.stack[level + 1..], &self.keys[level + 1..], partial);
        }
        Ok(partial)
    }

    // --------------------------------------------------------------- reading

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
            Partial::Num(number) if self.partial_numbers && number.shown_len.is_some_and(|n| n > 0) => Some(self.serial),
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
                let index = if level == last && where_ == Where::After { length.wrapping_sub(1) as isize } else { length as isize };
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
