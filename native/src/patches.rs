//! The patches view: JSON Patch operations from the parse itself, without diffing
//! trees (the port of the general path of `jsonstream/patches.py`).
//!
//! The tree only grows at its frontier: the open containers and the scalar being
//! read. At each call the tracker remembers that frontier (the open containers, how
//! many members of each were shown, the partial scalar shown); at the next it walks
//! it from the innermost container outwards and emits, in document order, the growth
//! of the scalar, an `add` for each member completed since, an `add` for a member a
//! repeated key changed, and an `add` for what opened since. Cost: what changed plus
//! the depth of the frontier.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use std::sync::Arc;

use crate::builder::{build_snapshot, escape_part, Builder, FrameRef, Key, Mode, Storage, StrBuf};
use crate::pyutil::{py_str, same_json};

/// The key or index of a frame's open member.
#[derive(Clone)]
enum Part {
    Index(usize),
    Key(Key),
    None,
}

impl Part {
    fn same(&self, other: &Part) -> bool {
        match (self, other) {
            (Part::Index(a), Part::Index(b)) => a == b,
            (Part::Key(a), Part::Key(b)) => a.bytes == b.bytes,
            (Part::None, Part::None) => true,
            _ => false,
        }
    }

    fn push_to(&self, out: &mut Vec<u8>) {
        match self {
            Part::Index(index) => out.extend_from_slice(index.to_string().as_bytes()),
            Part::Key(key) => escape_part(out, &key.bytes),
            Part::None => {}
        }
    }
}

/// The partial scalar shown at the last call (for a string: its buffer and how much of it showed).
struct ShownScalar {
    serial: u64,
    number: Option<Py<PyAny>>,
    text: Option<(StrBuf, usize)>,
    path: Vec<u8>,
}

pub struct PatchTracker {
    version: Option<u64>,
    shown_anything: bool,
    done: bool,
    frames: Vec<FrameRef>,
    counts: Vec<usize>,
    parts: Vec<Part>,
    bases: Vec<Option<Vec<u8>>>,
    shown_dup: Vec<bool>,
    scalar: Option<ShownScalar>,
    /// level -> (key, what showed at that key at the last call), for keys set again since.
    replaced: Vec<(usize, Baselines)>,
}

type Ops<'py> = Bound<'py, PyList>;
/// Keys set again in one frame, each with what showed at it at the last call.
type Baselines = Vec<(Key, Py<PyAny>)>;

fn op<'py>(
    py: Python<'py>,
    builder: &Builder,
    kind: &Py<PyString>,
    path: &[u8],
    value: Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyDict>> {
    let names = &builder.helpers.names;
    let op = PyDict::new(py);
    op.set_item(names.op.bind(py), kind.bind(py))?;
    op.set_item(names.path.bind(py), py_str(py, path)?)?;
    op.set_item(names.value.bind(py), value)?;
    Ok(op)
}

fn common_depth(frames: &[FrameRef], stack: &[FrameRef]) -> usize {
    frames.iter().zip(stack).take_while(|(a, b)| Arc::ptr_eq(a, b)).count()
}

fn differs(a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(!a.get_type().is(b.get_type()) || a.ne(b)?)
}

impl Default for PatchTracker {
    fn default() -> Self {
        Self::new()
    }
}

impl PatchTracker {
    pub fn new() -> Self {
        PatchTracker {
            version: None,
            shown_anything: false,
            done: false,
            frames: Vec::new(),
            counts: Vec::new(),
            parts: Vec::new(),
            bases: Vec::new(),
            shown_dup: Vec::new(),
            scalar: None,
            replaced: Vec::new(),
        }
    }

    /// Take in the repeated keys placed since the last call (the builder logs them).
    fn note_replacements(&mut self, py: Python<'_>, builder: &mut Builder) {
        let Some(log) = builder.replaced.as_mut() else { return };
        for note in std::mem::take(log) {
            if note.level >= self.frames.len() || !Arc::ptr_eq(&self.frames[note.level], &note.frame) {
                continue; // a container opened since the last call: it is added whole
            }
            let index = match self.replaced.iter().position(|(level, _)| *level == note.level) {
                Some(index) => index,
                None => {
                    self.replaced.push((note.level, Vec::new()));
                    self.replaced.len() - 1
                }
            };
            let baselines = &mut self.replaced[index].1;
            if baselines.iter().any(|(key, _)| key.bytes == note.key.bytes) {
                continue;
            }
            let completes_shown =
                self.parts[note.level].same(&Part::Key(note.key.clone())) && self.shown_dup[note.level];
            let baseline = if completes_shown { note.new } else { note.old };
            baselines.push((note.key, baseline.clone_ref(py)));
        }
    }

    /// Operations since the last call; then remember what shows.
    pub fn drain<'py>(
        &mut self,
        py: Python<'py>,
        builder: &mut Builder,
        compact: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        self.note_replacements(py, builder);
        let ops = PyList::empty(py);
        if self.done || self.version == Some(builder.version) {
            return Ok(ops);
        }
        if !self.shown_anything {
            if let Some(current) = builder.snapshot(py)? {
                ops.append(op(py, builder, &builder.helpers.names.add, b"", current)?)?;
            }
            self.look(py, builder, None)?;
        } else if self.frames.is_empty() {
            let root = if builder.done { builder.root.as_ref().map(|root| root.bind(py).clone()) } else { None };
            self.scalar_ops(py, builder, &ops, Vec::new(), root, compact)?;
            self.look(py, builder, None)?;
        } else {
            let common = self.frontier_ops(py, builder, &ops, compact)?;
            self.look(py, builder, Some(common))?;
        }
        if builder.mode == Mode::Releasable {
            builder.release(py, false)?;
        }
        Ok(ops)
    }

    /// Remember what shows now (`common`: the frames shared with the stack, if known).
    fn look(&mut self, py: Python<'_>, builder: &mut Builder, common: Option<usize>) -> PyResult<()> {
        self.version = Some(builder.version);
        self.replaced.clear();
        if builder.done {
            self.done = true;
            self.shown_anything = true;
            return Ok(());
        }
        let common = common.unwrap_or_else(|| common_depth(&self.frames, &builder.stack));
        let start = common.saturating_sub(1);
        self.frames.truncate(common);
        self.bases.truncate(common);
        self.counts.truncate(start);
        self.parts.truncate(start);
        self.shown_dup.truncate(start);
        self.scalar = self.shown_scalar(py, builder)?;
        let depth = builder.stack.len();
        for index in start..depth {
            let frame = &builder.stack[index];
            let mut count = frame.len(py);
            let open_member = index + 1 < depth || self.scalar.is_some();
            if frame.array {
                self.parts.push(Part::Index(count));
                self.shown_dup.push(false);
                count += usize::from(open_member);
            } else {
                let key = builder.keys[index].clone();
                let in_frame = match &key {
                    Some(key) => frame.member(py, key)?.is_some(),
                    None => false,
                };
                self.parts.push(key.map_or(Part::None, Part::Key));
                self.shown_dup.push(open_member && in_frame);
                count += usize::from(open_member && !in_frame);
            }
            self.counts.push(count);
            if index >= common {
                self.frames.push(frame.clone());
                self.bases.push(None);
            }
        }
        self.shown_anything = depth > 0 || self.scalar.is_some();
        Ok(())
    }

    fn shown_scalar(&self, py: Python<'_>, builder: &mut Builder) -> PyResult<Option<ShownScalar>> {
        let Some(serial) = builder.shown_serial() else { return Ok(None) };
        if let crate::builder::Partial::Str(buffer) = &builder.partial {
            let shown = buffer.borrow().len();
            return Ok(Some(ShownScalar {
                serial,
                number: None,
                text: Some((buffer.clone(), shown)),
                path: Vec::new(),
            }));
        }
        let number = builder.partial_shown(py)?.map(Bound::unbind);
        Ok(Some(ShownScalar { serial, number, text: None, path: Vec::new() }))
    }

    /// Growth of the scalar shown partially at `path` (`final_value`: its value if it completed).
    fn scalar_ops(
        &mut self,
        py: Python<'_>,
        builder: &mut Builder,
        ops: &Ops<'_>,
        path: Vec<u8>,
        final_value: Option<Bound<'_, PyAny>>,
        compact: bool,
    ) -> PyResult<()> {
        let Some(scalar) = self.scalar.as_mut() else { return Ok(()) };
        scalar.path = path;
        let helpers = builder.helpers.clone();
        let names = &helpers.names;
        if let Some((buffer, count)) = scalar.text.as_mut() {
            let text = buffer.borrow();
            if text.len() == *count {
                return Ok(());
            }
            let shown = std::mem::replace(count, text.len());
            let (kind, value) = if compact {
                (&names.append, py_str(py, &text[shown..])?.into_any())
            } else {
                let value = match final_value {
                    Some(value) => value,
                    None => py_str(py, &text)?.into_any(),
                };
                (&names.replace, value)
            };
            drop(text);
            return ops.append(op(py, builder, kind, &scalar.path, value)?);
        }
        let now = match final_value {
            Some(value) => Some(value),
            None => builder.partial_shown(py)?,
        };
        let Some(now) = now else { return Ok(()) };
        let changed = match &scalar.number {
            Some(before) => differs(&now, before.bind(py))?,
            None => true,
        };
        scalar.number = Some(now.clone().unbind());
        if changed {
            ops.append(op(py, builder, &names.replace, &scalar.path, now)?)?;
        }
        Ok(())
    }

    /// Emit the operations; return how many frames the frontier shares with the stack.
    fn frontier_ops(&mut self, py: Python<'_>, builder: &mut Builder, ops: &Ops<'_>, compact: bool) -> PyResult<usize> {
        let common = common_depth(&self.frames, &builder.stack);
        let deepest = self.frames.len() - 1;
        for level in (common.saturating_sub(1)..=deepest).rev() {
            let frame = self.frames[level].clone();
            if level == deepest && self.scalar.is_some() {
                let part = self.parts[level].clone();
                let serial = self.scalar.as_ref().map(|scalar| scalar.serial);
                let final_value = if builder.shown_serial() == serial {
                    None
                } else {
                    let baseline = match &part {
                        Part::Key(key) => self.baseline(py, level, key),
                        _ => None,
                    };
                    match baseline {
                        Some(value) => Some(value),
                        None => member_at(py, &frame, &part)?,
                    }
                };
                let path = self.path(level, &part);
                self.scalar_ops(py, builder, ops, path, final_value, compact)?;
            }
            let new_names = if frame.len(py) > self.counts[level] {
                self.new_member_ops(py, builder, ops, level)?
            } else {
                Vec::new()
            };
            if self.replaced.iter().any(|(replaced_level, _)| *replaced_level == level) {
                self.replaced_ops(py, builder, ops, level, &new_names)?;
            }
            if level + 1 == common {
                self.opened_since(py, builder, ops, level)?;
            }
        }
        Ok(common)
    }

    fn baseline<'py>(&self, py: Python<'py>, level: usize, key: &Key) -> Option<Bound<'py, PyAny>> {
        let (_, baselines) = self.replaced.iter().find(|(replaced_level, _)| *replaced_level == level)?;
        let (_, value) = baselines.iter().find(|(other, _)| other.bytes == key.bytes)?;
        Some(value.bind(py).clone())
    }

    /// The JSON Pointer of member `part` of the remembered frame at `level` (its base built once).
    fn path(&mut self, level: usize, part: &Part) -> Vec<u8> {
        if self.bases[level].is_none() {
            let mut base = Vec::new();
            for part in &self.parts[..level] {
                base.push(b'/');
                part.push_to(&mut base);
            }
            self.bases[level] = Some(base);
        }
        let mut path = self.bases[level].clone().unwrap_or_default();
        path.push(b'/');
        part.push_to(&mut path);
        path
    }

    /// `add` each member of a remembered frame past the ones shown; return their names.
    fn new_member_ops(
        &mut self,
        py: Python<'_>,
        builder: &Builder,
        ops: &Ops<'_>,
        level: usize,
    ) -> PyResult<Vec<Part>> {
        let frame = self.frames[level].clone();
        let shown = self.counts[level];
        let length = frame.len(py);
        let names: Vec<Part> = match &frame.storage {
            Storage::Dict(dict) => {
                let keys = dict.bind(py).keys();
                let stored = keys.len();
                let new = (length - shown).min(stored);
                let mut names = Vec::with_capacity(new);
                for key in keys.iter().skip(stored - new) {
                    let key = key.cast_into::<PyString>()?;
                    let bytes = crate::pyutil::str_bytes(&key)?.into_owned();
                    names.push(Part::Key(Arc::new(crate::builder::KeyData { bytes, py: key.unbind() })));
                }
                names
            }
            _ => (shown..length).map(Part::Index).collect(),
        };
        for name in &names {
            let value = member_at(py, &frame, name)?.unwrap_or_else(|| py.None().into_bound(py));
            let path = self.path(level, name);
            ops.append(op(py, builder, &builder.helpers.names.add, &path, value)?)?;
        }
        Ok(names)
    }

    /// `add` each shown member of a remembered frame that a repeated key changed.
    fn replaced_ops(
        &mut self,
        py: Python<'_>,
        builder: &Builder,
        ops: &Ops<'_>,
        level: usize,
        new_names: &[Part],
    ) -> PyResult<()> {
        let frame = self.frames[level].clone();
        let Some((_, baselines)) = self.replaced.iter().find(|(replaced_level, _)| *replaced_level == level) else {
            return Ok(());
        };
        let baselines: Vec<(Key, Py<PyAny>)> =
            baselines.iter().map(|(key, value)| (key.clone(), value.clone_ref(py))).collect();
        for (key, baseline) in baselines {
            let part = Part::Key(key.clone());
            if new_names.iter().any(|name| name.same(&part)) {
                continue;
            }
            let Some(current) = frame.member(py, &key)? else { continue };
            if !same_json(&current, baseline.bind(py))? {
                let path = self.path(level, &part);
                ops.append(op(py, builder, &builder.helpers.names.add, &path, current)?)?;
            }
        }
        Ok(())
    }

    /// Add what opened under the innermost remembered frame that is still open.
    fn opened_since(&mut self, py: Python<'_>, builder: &mut Builder, ops: &Ops<'_>, level: usize) -> PyResult<()> {
        let value = if level + 1 < builder.stack.len() {
            let partial = builder.partial_shown(py)?;
            build_snapshot(py, &builder.stack[level + 1..], &builder.keys[level + 1..], partial)?
        } else {
            if let Some(scalar) = &self.scalar {
                if builder.shown_serial() == Some(scalar.serial) {
                    return Ok(());
                }
            }
            builder.partial_shown(py)?
        };
        let Some(value) = value else { return Ok(()) };
        let frame = builder.stack[level].clone();
        let part = if frame.array {
            Part::Index(frame.len(py))
        } else {
            builder.keys[level].clone().map_or(Part::None, Part::Key)
        };
        let path = self.path(level, &part);
        ops.append(op(py, builder, &builder.helpers.names.add, &path, value)?)
    }
}

/// The member of `frame` at `part`.
fn member_at<'py>(py: Python<'py>, frame: &FrameRef, part: &Part) -> PyResult<Option<Bound<'py, PyAny>>> {
    match part {
        Part::Index(index) => Ok(Some(frame.item(py, *index)?)),
        Part::Key(key) => frame.member(py, key),
        Part::None => Ok(None),
    }
}
