//! `Engine`: the façade's Rust half. It decodes byte chunks, hands text to the
//! scanner (which drives the builder), keeps the first error and raises it again
//! from every later call, and serves the views; see `jsonstream/parser.py`, whose
//! behaviour it follows call for call.

use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyList, PyString, PyTuple};
use std::borrow::Cow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use crate::builder::{Builder, Items, Mode, Storage};
use crate::patches::PatchTracker;
use crate::position::{char_count, Position};
use crate::pyutil::{py_str, str_bytes, Helpers, Names};
use crate::reading::Feeding;
use crate::repair::{self, flags, Downstream, Failure, Refusal, Repairer, Stop};
use crate::scanner::{Options, ScanError, Scanner, State};
use crate::utf8::Utf8Input;

const PATCHES: usize = 0;
const ITEMS: usize = 1;
const EVENTS: usize = 2;

/// Run `body`, turning a Rust panic into a Python error instead of unwinding into Python.
fn guard<T>(body: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(result) => result,
        Err(panic) => {
            let detail = panic
                .downcast_ref::<&str>()
                .map(|text| text.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(PyRuntimeError::new_err(format!(
                "chunkwise_native internal error (a bug: please report it; the Python engine, backend='python', is unaffected): {detail}"
            )))
        }
    }
}

#[pyclass(subclass, module = "chunkwise_native._engine")]
pub struct Engine {
    helpers: Arc<Helpers>,
    scanner: Scanner,
    builder: Builder,
    position: Position,
    tracker: Option<PatchTracker>,
    bytes: Option<Utf8Input>,
    error: Option<Py<PyAny>>,
    closed: bool,
    feedable: bool,
    drained_since_error: [bool; 3],
    retain: bool,
    releasing: bool,
    snapshot: Option<Option<Py<PyAny>>>,
    snapshot_version: u64,
    /// With `repair`: the repairer in front of the scanner, and the flags.
    repairer: Option<Repairer>,
    repair: u32,
}

/// The scanner (with the builder as its sink) behind the repairer.
struct Engaged<'a, 'py> {
    scanner: &'a mut Scanner,
    builder: &'a mut Builder,
    py: Python<'py>,
}

impl Engaged<'_, '_> {
    fn refusal(&self, scanned: Result<(), ScanError>) -> Result<(), Refusal> {
        if self.builder.error.is_some() {
            return Err(Refusal::Held);
        }
        scanned.map_err(|error| Refusal::Scan { index: error.index, msg: error.msg, incomplete: error.incomplete })
    }
}

impl Downstream for Engaged<'_, '_> {
    fn send(&mut self, text: &[u8]) -> Result<(), Refusal> {
        let mut sink = Feeding { builder: self.builder, py: self.py };
        let scanned = self.scanner.feed(text, &mut sink);
        self.refusal(scanned)
    }

    fn close(&mut self) -> Result<(), Refusal> {
        let mut sink = Feeding { builder: self.builder, py: self.py };
        let closed = self.scanner.close(&mut sink);
        self.refusal(closed)
    }

    fn path(&self) -> Vec<u8> {
        self.builder.path(self.py, self.scanner.where_())
    }
}

/// A chunk's text: its UTF-8 bytes and its length in characters.
struct Text<'a> {
    bytes: Cow<'a, [u8]>,
    chars: usize,
}

#[pymethods]
impl Engine {
    /// `Engine(strict, partial_strings, partial_numbers, item_parts, events, max_depth,
    /// max_int_digits, trailing_ignore, retain, repair, helpers)`, `repair` being the
    /// `Repair` flags' value; the Python side checks the options.
    #[new]
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (strict, partial_strings, partial_numbers, item_parts, events, max_depth, max_int_digits, trailing_ignore, retain, repair, helpers))]
    fn new(
        py: Python<'_>,
        strict: bool,
        partial_strings: bool,
        partial_numbers: bool,
        item_parts: Option<Vec<Bound<'_, PyString>>>,
        events: bool,
        max_depth: Option<i64>,
        max_int_digits: Option<usize>,
        trailing_ignore: bool,
        retain: bool,
        repair: u32,
        helpers: Bound<'_, PyTuple>,
    ) -> PyResult<Self> {
        let helpers = Arc::new(make_helpers(py, &helpers)?);
        let releasing = !retain && item_parts.is_none() && !events;
        let mode = if retain {
            Mode::Plain
        } else if releasing {
            Mode::Releasable
        } else {
            match &item_parts {
                Some(parts) if parts.is_empty() => Mode::Plain,
                Some(parts) => Mode::Skeleton(parts.len() - 1),
                None => Mode::Skeleton(usize::MAX),
            }
        };
        let mut builder = Builder::new(helpers.clone(), partial_strings, partial_numbers, mode);
        if let Some(parts) = item_parts {
            let mut pattern = Vec::new();
            for part in parts {
                let bytes = str_bytes(&part)?.into_owned();
                pattern.push(if bytes == b"*" { None } else { Some(bytes) });
            }
            builder.items = Some(Items { parts: pattern, found: Vec::new(), root_taken: false });
        }
        if events {
            builder.events = Some(Vec::new());
        }
        let repairer = (repair != 0)
            .then(|| Repairer::new(repair::Options { flags: repair, lenient_input: !strict, trailing_ignore }));
        // the repairer says where NaN is a mistake
        let strict = strict && repair & flags::NAN_INFINITY == 0;
        let options = Options { strict, trailing_ignore, max_depth, max_int_digits };
        Ok(Engine {
            helpers,
            scanner: Scanner::new(options),
            builder,
            position: Position::new(),
            tracker: None,
            bytes: None,
            error: None,
            closed: false,
            feedable: true,
            drained_since_error: [false; 3],
            retain,
            releasing,
            snapshot: None,
            snapshot_version: 0,
            repairer,
            repair,
        })
    }

    /// The repairs made so far, as `(kind, pos, lineno, colno, path, text, replacement)`.
    fn repair_records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        guard(|| {
            let list = PyList::empty(py);
            for record in self.repairer.iter().flat_map(|repairer| &repairer.records) {
                let fields = (
                    record.kind,
                    record.pos,
                    record.line,
                    record.column,
                    py_str(py, &record.path)?,
                    py_str(py, &record.text)?,
                    py_str(py, &record.replacement)?,
                );
                list.append(fields)?;
            }
            Ok(list)
        })
    }

    /// Consume the next chunk; return True when the shown value changed (see the Python docstring).
    fn feed(&mut self, py: Python<'_>, chunk: &Bound<'_, PyAny>) -> PyResult<bool> {
        guard(|| self.feed_chunk(py, chunk)).inspect_err(|error| self.note_internal(py, error))
    }

    /// End the input and return the complete value (None with `retain=False`).
    fn close(&mut self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        guard(|| self.close_input(py)).inspect_err(|error| self.note_internal(py, error))
    }

    /// True once the top-level value is complete (more text may be whitespace).
    #[getter]
    fn done(&self) -> bool {
        self.scanner.state == State::Done
    }

    /// JSON Pointer of the value being written (`""` for the top level).
    #[getter]
    fn path(&self, py: Python<'_>) -> PyResult<Py<PyString>> {
        guard(|| Ok(py_str(py, &self.builder.path(py, self.scanner.where_()))?.unbind()))
    }

    /// Changes when the shown value changed (compare it, don't count it).
    #[getter]
    fn version(&self) -> u64 {
        self.builder.version
    }

    /// The value shown so far, auto-completed; None while nothing shows.
    #[getter]
    fn value(&mut self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        guard(|| {
            self.check_view(py, "value")?;
            if self.snapshot.is_none() || self.snapshot_version != self.builder.version {
                self.snapshot = Some(self.builder.snapshot(py)?.map(Bound::unbind));
                self.snapshot_version = self.builder.version;
            }
            Ok(match self.snapshot.as_ref().and_then(|value| value.as_ref()) {
                Some(value) => value.clone_ref(py),
                None => py.None(),
            })
        })
    }

    /// JSON Patch operations turning the value at the previous call into the current one.
    #[pyo3(signature = (*, compact = false))]
    fn patches<'py>(&mut self, py: Python<'py>, compact: bool) -> PyResult<Bound<'py, PyList>> {
        guard(|| {
            if self.tracker.is_none() || self.error.is_some() {
                if !self.retain && !self.releasing {
                    return Err(PyValueError::new_err(
                        "patches() is not available with retain=False and items or events",
                    ));
                }
                if self.error.is_some() {
                    self.after_error(py, PATCHES)?;
                }
                if self.tracker.is_none() {
                    self.tracker = Some(PatchTracker::new());
                    self.builder.replaced = Some(Vec::new());
                }
            }
            let tracker = self.tracker.as_mut().expect("a tracker");
            tracker.drain(py, &mut self.builder, compact)
        })
    }

    /// The open containers on the path being written, outermost first: for each, an
    /// object's keys (a live view) or None, and the key or index being written.
    fn open_containers<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        guard(|| {
            self.check_view(py, "open_containers()")?;
            let class = self.helpers.open_container.bind(py);
            let path = PyList::empty(py);
            for (frame, key) in self.builder.stack.iter().zip(&self.builder.keys) {
                let (keys, part) = match &frame.storage {
                    Storage::Dict(dict) => (
                        dict.bind(py).call_method0("keys")?,
                        key.as_ref().map_or_else(|| py.None().into_bound(py), |key| key.py.bind(py).clone().into_any()),
                    ),
                    _ => (py.None().into_bound(py), frame.len(py).into_pyobject(py)?.into_any()),
                };
                path.append(class.call1((keys, part))?)?;
            }
            Ok(path)
        })
    }

    /// Values matching the `items` pattern completed since the last call, in order.
    fn items<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        guard(|| {
            if self.builder.items.is_none() {
                return Err(PyValueError::new_err("items() needs a pattern: IncrementalJsonParser(items='/path/*')"));
            }
            if self.error.is_some() {
                self.after_error(py, ITEMS)?;
            }
            let done = self.builder.done;
            let root = self.builder.root.as_ref().map(|root| root.clone_ref(py));
            let items = self.builder.items.as_mut().expect("items");
            if items.parts.is_empty() && done && !items.root_taken {
                items.root_taken = true;
                items.found.push(root.unwrap_or_else(|| py.None()));
            }
            PyList::new(py, std::mem::take(&mut items.found))
        })
    }

    /// Low-level events since the last call (needs `events=True`).
    fn events<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        guard(|| {
            if self.builder.events.is_none() {
                return Err(PyValueError::new_err("events() needs IncrementalJsonParser(events=True)"));
            }
            if self.error.is_some() {
                self.after_error(py, EVENTS)?;
            }
            PyList::new(py, std::mem::take(self.builder.events.as_mut().expect("events")))
        })
    }
}

fn make_helpers(py: Python<'_>, helpers: &Bound<'_, PyTuple>) -> PyResult<Helpers> {
    let item = |index: usize| -> PyResult<Py<PyAny>> { Ok(helpers.get_item(index)?.unbind()) };
    let literals: Vec<Py<PyAny>> =
        helpers.get_item(2)?.try_iter()?.map(|value| value.map(Bound::unbind)).collect::<PyResult<_>>()?;
    if literals.len() != 6 {
        return Err(PyValueError::new_err("LITERAL_VALUES must hold 6 values"));
    }
    let event_class = item(4)?;
    let tuple_new = item(5)?;
    let fixed = |kind: &str| -> PyResult<Py<PyAny>> {
        let args = PyTuple::new(py, [PyString::new(py, kind).into_any(), py.None().into_bound(py)])?;
        Ok(tuple_new.bind(py).call1((event_class.bind(py), args))?.unbind())
    };
    Ok(Helpers {
        stream_error: item(0)?,
        incomplete_error: item(1)?,
        literals,
        to_number: item(3)?,
        open_container: item(6)?,
        start_object: fixed("start_object")?,
        end_object: fixed("end_object")?,
        start_array: fixed("start_array")?,
        end_array: fixed("end_array")?,
        event_class,
        tuple_new,
        names: Names::new(py),
    })
}

impl Engine {
    fn feed_chunk(&mut self, py: Python<'_>, chunk: &Bound<'_, PyAny>) -> PyResult<bool> {
        if !self.feedable {
            return Err(self.unusable(py));
        }
        let text = if let Ok(text) = chunk.cast_exact::<PyString>() {
            if self.bytes.as_ref().is_some_and(Utf8Input::pending) {
                let error = self.facade_error(py, false, "A str chunk arrived inside a UTF-8 character")?;
                return Err(self.fail(py, error));
            }
            Text { bytes: str_bytes(text)?, chars: text.len()? }
        } else {
            match self.decode(py, chunk)? {
                Some(text) => text,
                None => return Ok(false),
            }
        };
        self.feed_text(py, &text)
    }

    /// Read decoded text; whether the view served changed.
    fn feed_text(&mut self, py: Python<'_>, text: &Text<'_>) -> PyResult<bool> {
        if text.chars == 0 {
            return Ok(false);
        }
        let before = self.builder.version;
        if let Some(repairer) = &mut self.repairer {
            let mut down = Engaged { scanner: &mut self.scanner, builder: &mut self.builder, py };
            if let Err(stop) = repairer.feed(&text.bytes, text.chars, &mut down) {
                return Err(self.stopped(py, stop));
            }
        } else {
            let mut sink = Feeding { builder: &mut self.builder, py };
            let scanned = self.scanner.feed(&text.bytes, &mut sink);
            if let Some(error) = self.builder.error.take() {
                return Err(self.fail(py, error.into_value(py).into_bound(py).into_any()));
            }
            if let Err(error) = scanned {
                let error = self.scan_error(py, &text.bytes, &error)?;
                return Err(self.fail(py, error));
            }
            self.position.consumed(&text.bytes, text.chars, text.bytes.len() == text.chars);
        }
        if self.builder.unsettled > 0 {
            self.builder.settle(py)?;
        }
        if self.retain || self.releasing {
            return Ok(self.builder.version != before);
        }
        Ok(match &self.builder.items {
            Some(items) => !items.found.is_empty(),
            None => self.builder.events.as_ref().is_some_and(|events| !events.is_empty()),
        })
    }

    /// The text of a byte chunk (None: empty), or the error it holds.
    fn decode<'a>(&mut self, py: Python<'_>, chunk: &'a Bound<'_, PyAny>) -> PyResult<Option<Text<'a>>> {
        let data: Cow<'a, [u8]> = if let Ok(bytes) = chunk.cast::<PyBytes>() {
            Cow::Borrowed(bytes.as_bytes())
        } else if let Ok(array) = chunk.cast::<PyByteArray>() {
            Cow::Owned(array.to_vec())
        } else if chunk.is_instance_of::<pyo3::types::PyMemoryView>() {
            Cow::Owned(chunk.call_method0("tobytes")?.cast_into::<PyBytes>()?.as_bytes().to_vec())
        } else {
            return Err(PyTypeError::new_err(format!(
                "a str or bytes-like chunk is required, not '{}'",
                chunk.get_type().name()?
            )));
        };
        let at_start = match &self.repairer {
            Some(repairer) => repairer.at_start(),
            None => self.position.at_start() && self.scanner.carry.is_empty(),
        };
        let input = self.bytes.get_or_insert_with(|| Utf8Input::new(at_start));
        let decoded = match &data {
            Cow::Borrowed(slice) => input.decode(slice),
            Cow::Owned(owned) => input.decode(owned).map(|text| Cow::Owned(text.into_owned())),
        };
        match decoded {
            Ok(text) => {
                let chars = char_count(&text);
                Ok(if chars == 0 { None } else { Some(Text { bytes: text, chars }) })
            }
            Err(invalid) => {
                if !invalid.valid.is_empty() {
                    // the valid text first: its own errors come first
                    let chars = char_count(&invalid.valid);
                    self.feed_text(py, &Text { bytes: Cow::Owned(invalid.valid), chars })?;
                }
                let bad = PyBytes::new(py, &invalid.bad).repr()?;
                let message = format!("Invalid UTF-8 byte(s) {bad}");
                let error = self.facade_error(py, false, &message)?;
                Err(self.fail(py, error))
            }
        }
    }

    fn close_input(&mut self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        if let Some(error) = &self.error {
            return Err(PyErr::from_value(error.bind(py).clone()));
        }
        if !self.closed {
            if self.repairer.is_some() {
                self.close_repaired(py)?;
            } else {
                self.close_scanner(py)?;
            }
            self.closed = true;
            self.feedable = false;
        }
        if !self.retain {
            return Ok(py.None());
        }
        if self.scanner.state != State::Done {
            return self.value(py); // cut off and completed (Repair.TRUNCATED): the value shown is the value
        }
        Ok(self.builder.root.as_ref().map_or_else(|| py.None(), |root| root.clone_ref(py)))
    }

    /// `close()` without a repairer: the scanner says whether the value is complete.
    fn close_scanner(&mut self, py: Python<'_>) -> PyResult<()> {
        if self.bytes.as_ref().is_some_and(Utf8Input::pending) {
            let error = self.facade_error(py, true, "The bytes ended inside a UTF-8 character")?;
            return Err(self.fail(py, error));
        }
        let mut sink = Feeding { builder: &mut self.builder, py };
        let closed = self.scanner.close(&mut sink);
        if let Some(error) = self.builder.error.take() {
            return Err(self.fail(py, error.into_value(py).into_bound(py).into_any()));
        }
        if let Err(error) = closed {
            let error = self.scan_error(py, b"", &error)?;
            return Err(self.fail(py, error));
        }
        Ok(())
    }

    /// `close()` with a repairer: cut-off text may be completed (`Repair.TRUNCATED`).
    fn close_repaired(&mut self, py: Python<'_>) -> PyResult<()> {
        let closed = if self.bytes.as_ref().is_some_and(Utf8Input::pending) {
            let path = self.builder.path(py, self.scanner.where_());
            let repairer = self.repairer.as_ref().expect("a repairer");
            Err(Stop::Failed(repairer.failure_here(true, "The bytes ended inside a UTF-8 character", path)))
        } else {
            let repairer = self.repairer.as_mut().expect("a repairer");
            let mut down = Engaged { scanner: &mut self.scanner, builder: &mut self.builder, py };
            repairer.close(&mut down)
        };
        match closed {
            Err(Stop::Failed(failure)) if failure.incomplete && self.truncated(py, &failure)? => Ok(()),
            Err(stop) => Err(self.stopped(py, stop)),
            Ok(()) => Ok(()),
        }
    }

    /// Whether cut-off text is completed (`Repair.TRUNCATED`, with something shown); recorded.
    fn truncated(&mut self, py: Python<'_>, failure: &Failure) -> PyResult<bool> {
        if self.repair & flags::TRUNCATED == 0 || (self.retain && self.value(py)?.is_none(py)) {
            return Ok(false);
        }
        let record = repair::Record {
            kind: flags::TRUNCATED,
            pos: failure.pos,
            line: failure.line,
            column: failure.column,
            path: failure.path.clone(),
            text: Vec::new(),
            replacement: Vec::new(),
        };
        self.repairer.as_mut().expect("a repairer").records.push(record);
        Ok(true)
    }

    /// Keep the error that stopped the repairer (or the engine behind it), and raise it.
    fn stopped(&mut self, py: Python<'_>, stop: Stop) -> PyErr {
        let error = match stop {
            Stop::Engine => {
                let error = self.builder.error.take().expect("the engine's error");
                error.into_value(py).into_bound(py).into_any()
            }
            Stop::Failed(failure) => match self.exception(py, &failure) {
                Ok(error) => error,
                Err(error) => return error,
            },
        };
        self.fail(py, error)
    }

    /// The exception for a located failure.
    fn exception<'py>(&self, py: Python<'py>, failure: &Failure) -> PyResult<Bound<'py, PyAny>> {
        let class = if failure.incomplete { &self.helpers.incomplete_error } else { &self.helpers.stream_error };
        let kwargs = pyo3::types::PyDict::new(py);
        kwargs.set_item("lineno", failure.line)?;
        kwargs.set_item("colno", failure.column)?;
        kwargs.set_item("path", py_str(py, &failure.path)?)?;
        class.bind(py).call((&failure.msg, py_str(py, &failure.excerpt)?, failure.pos), Some(&kwargs))
    }

    /// The exception for a scanner error at its index in `chunk`.
    fn scan_error<'py>(&self, py: Python<'py>, chunk: &[u8], error: &ScanError) -> PyResult<Bound<'py, PyAny>> {
        self.located(py, error.incomplete, &error.msg, chunk, error.index)
    }

    /// An error of the façade itself, located where the text read so far ends.
    fn facade_error<'py>(&self, py: Python<'py>, incomplete: bool, msg: &str) -> PyResult<Bound<'py, PyAny>> {
        if let Some(repairer) = &self.repairer {
            let path = self.builder.path(py, self.scanner.where_());
            return self.exception(py, &repairer.failure_here(incomplete, msg, path));
        }
        self.located(py, incomplete, msg, b"", 0)
    }

    fn located<'py>(
        &self,
        py: Python<'py>,
        incomplete: bool,
        msg: &str,
        chunk: &[u8],
        index: isize,
    ) -> PyResult<Bound<'py, PyAny>> {
        let located = self.position.locate(chunk, index);
        let class = if incomplete { &self.helpers.incomplete_error } else { &self.helpers.stream_error };
        let kwargs = pyo3::types::PyDict::new(py);
        kwargs.set_item("lineno", located.line)?;
        kwargs.set_item("colno", located.column)?;
        kwargs.set_item("path", py_str(py, &self.builder.path(py, self.scanner.where_()))?)?;
        class.bind(py).call((msg, py_str(py, &located.excerpt)?, located.pos), Some(&kwargs))
    }

    /// Keep the first error, refuse further chunks, and raise it.
    fn fail(&mut self, py: Python<'_>, error: Bound<'_, PyAny>) -> PyErr {
        if self.error.is_none() {
            self.error = Some(error.clone().unbind());
        }
        self.feedable = false;
        let _ = py;
        PyErr::from_value(error)
    }

    /// After an internal error (a panic), the parser is unusable: it raises that error again.
    fn note_internal(&mut self, py: Python<'_>, error: &PyErr) {
        if error.is_instance_of::<PyRuntimeError>(py) && self.error.is_none() {
            self.error = Some(error.value(py).clone().into_any().unbind());
            self.feedable = false;
        }
    }

    fn unusable(&self, py: Python<'_>) -> PyErr {
        if let Some(error) = &self.error {
            return PyErr::from_value(error.bind(py).clone());
        }
        match self.facade_error(py, false, "Parser is closed: feed() after close()") {
            Ok(error) => PyErr::from_value(error),
            Err(error) => error,
        }
    }

    fn check_view(&self, py: Python<'_>, view: &str) -> PyResult<()> {
        if let Some(error) = &self.error {
            return Err(PyErr::from_value(error.bind(py).clone()));
        }
        if !self.retain {
            return Err(PyValueError::new_err(format!(
                "{view} is not available with retain=False: the parser keeps no value"
            )));
        }
        Ok(())
    }

    /// A delta view after an error: its first call hands out what completed before the error.
    fn after_error(&mut self, py: Python<'_>, view: usize) -> PyResult<()> {
        if self.drained_since_error[view] {
            if let Some(error) = &self.error {
                return Err(PyErr::from_value(error.bind(py).clone()));
            }
        }
        self.drained_since_error[view] = true;
        Ok(())
    }
}
