//! Conversions between the engine's text and Python objects, and the comparison of
//! shown values (`snapshot.same_json`).

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyFloat, PyList, PyString, PyTuple};
use std::borrow::Cow;

use crate::numbers::is_float;

/// The objects of the Python side that the engine hands out or calls.
pub struct Helpers {
    pub stream_error: Py<PyAny>,
    pub incomplete_error: Py<PyAny>,
    /// `tokens.LITERAL_VALUES`: the very objects `json.loads` and the Python engine use.
    pub literals: Vec<Py<PyAny>>,
    /// `numbers.to_number`, for integers too long for 64 bits.
    pub to_number: Py<PyAny>,
    /// `JsonEvent`, and `tuple.__new__` to make one without a Python-level call.
    pub event_class: Py<PyAny>,
    pub tuple_new: Py<PyAny>,
    /// `builder.OpenContainer`, for `open_containers()`.
    pub open_container: Py<PyAny>,
    pub start_object: Py<PyAny>,
    pub end_object: Py<PyAny>,
    pub start_array: Py<PyAny>,
    pub end_array: Py<PyAny>,
    pub names: Names,
}

/// Interned strings used as dict keys and event kinds.
pub struct Names {
    pub op: Py<PyString>,
    pub path: Py<PyString>,
    pub value: Py<PyString>,
    pub add: Py<PyString>,
    pub replace: Py<PyString>,
    pub append: Py<PyString>,
    pub key: Py<PyString>,
    pub string_part: Py<PyString>,
}

impl Names {
    pub fn new(py: Python<'_>) -> Self {
        let name = |text: &str| PyString::intern(py, text).unbind();
        Names {
            op: name("op"),
            path: name("path"),
            value: name("value"),
            add: name("add"),
            replace: name("replace"),
            append: name("append"),
            key: name("key"),
            string_part: name("string_part"),
        }
    }
}

impl Helpers {
    /// A `JsonEvent(kind, value)`.
    pub fn event<'py>(&self, py: Python<'py>, kind: &Py<PyString>, value: Bound<'py, PyAny>) -> PyResult<Py<PyAny>> {
        let args = PyTuple::new(py, [kind.bind(py).clone().into_any(), value])?;
        Ok(self.tuple_new.bind(py).call1((self.event_class.bind(py), args))?.unbind())
    }
}

/// A Python `str` from UTF-8 text that may hold lone surrogates (WTF-8), decoded in one pass.
pub fn py_str<'py>(py: Python<'py>, text: &[u8]) -> PyResult<Bound<'py, PyString>> {
    let length = pyo3::ffi::Py_ssize_t::try_from(text.len()).map_err(|_| PyValueError::new_err("text too long"))?;
    // SAFETY: `text` is a live slice of `length` bytes for the whole call, the errors
    // name is a NUL-terminated static string, and holding `py` means the thread is
    // attached to the interpreter. The call returns a new reference or NULL with an
    // exception set, which `from_owned_ptr_or_err` turns into an owned Bound or a PyErr.
    unsafe {
        let object = pyo3::ffi::PyUnicode_DecodeUTF8(text.as_ptr().cast(), length, c"surrogatepass".as_ptr());
        Ok(Bound::from_owned_ptr_or_err(py, object)?.cast_into_unchecked::<PyString>())
    }
}

/// The UTF-8 (WTF-8 with lone surrogates) bytes of a Python `str`.
pub fn str_bytes<'a>(text: &'a Bound<'_, PyString>) -> PyResult<Cow<'a, [u8]>> {
    match text.to_str() {
        Ok(text) => Ok(Cow::Borrowed(text.as_bytes())),
        Err(_) => {
            let encoded = text.call_method1("encode", ("utf-8", "surrogatepass"))?;
            Ok(Cow::Owned(encoded.cast_into::<PyBytes>()?.as_bytes().to_vec()))
        }
    }
}

/// The value of complete number text, as `json.loads` converts it.
pub fn number_object<'py>(py: Python<'py>, text: &[u8], helpers: &Helpers) -> PyResult<Bound<'py, PyAny>> {
    // Number text is ASCII by construction of the scanner.
    let text = std::str::from_utf8(text).map_err(|_| PyValueError::new_err("number text is not ASCII"))?;
    if is_float(text.as_bytes()) {
        let value: f64 = text.parse().map_err(|_| PyValueError::new_err("invalid float text"))?;
        return Ok(PyFloat::new(py, value).into_any());
    }
    if text.len() <= 18 {
        if let Ok(value) = text.parse::<i64>() {
            return Ok(value.into_pyobject(py)?.into_any());
        }
    }
    helpers.to_number.bind(py).call1((text,))
}

/// Whether two shown values are the same, types included (`1` is not `1.0`); iterative.
pub fn same_json(a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<bool> {
    let mut work = vec![(a.clone(), b.clone())];
    while let Some((x, y)) = work.pop() {
        if x.is(&y) {
            continue;
        }
        if !x.get_type().is(y.get_type()) {
            return Ok(false);
        }
        if let Ok(x) = x.cast::<PyDict>() {
            let y = y.cast::<PyDict>()?;
            if x.len() != y.len() || !x.keys().eq(y.keys())? {
                return Ok(false);
            }
            for (key, value) in x.iter() {
                let other = y.get_item(&key)?.ok_or_else(|| PyValueError::new_err("key vanished"))?;
                work.push((value, other));
            }
        } else if let Ok(x) = x.cast::<PyList>() {
            let y = y.cast::<PyList>()?;
            if x.len() != y.len() {
                return Ok(false);
            }
            for (first, second) in x.iter().zip(y.iter()) {
                work.push((first, second));
            }
        } else if x.ne(&y)? {
            return Ok(false);
        }
    }
    Ok(true)
}
