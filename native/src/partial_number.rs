//! What a number being read across chunks shows: its longest complete prefix,
//! converted only when read (the port of `NumberReading.show` and its helpers in
//! `jsonstream/numbers.py`).
//!
//! Reading after every chunk must stay linear in the number's length: a long integer
//! is extended from the value read last (`v * 10**k + new digits`, never converted
//! again from its start), and a long fraction or exponent is converted again only
//! while more digits can still change its value.

use pyo3::prelude::*;
use pyo3::types::PyInt;

use crate::numbers::{is_float, NumState};
use crate::pyutil::{number_object, Helpers};

/// Numbers up to this long are converted again whenever they grow (that costs little).
const LONG: usize = 21;
/// Integers up to this many digits convert natively; longer ones are extended.
const NATIVE_DIGITS: usize = 18;

pub struct NumShown {
    pub text: Vec<u8>,
    pub state: NumState,
    pub shown_len: Option<usize>,
    shown_state: NumState,
    /// The value shown, once converted (None: not yet, or it changed).
    shown: Option<Py<PyAny>>,
    /// The float shown at some length, when it was one (compared with the next one
    /// without parsing the text again).
    shown_float: Option<(usize, f64)>,
    /// The absolute value of the integer's first digits, and how many characters it covers.
    magnitude: Option<(Py<PyAny>, usize)>,
    /// The part (fraction or exponent) whose further digits can no longer change the value.
    settled: Option<NumState>,
    /// Whether the exponent has a nonzero digit (None: not known yet).
    exponent_set: Option<bool>,
}

fn parse_float(text: &[u8]) -> Option<f64> {
    std::str::from_utf8(text).ok()?.parse().ok()
}

fn all_zeros(digits: &[u8]) -> bool {
    digits.iter().all(|&digit| digit == b'0')
}

impl NumShown {
    pub fn new(text: &[u8], state: NumState) -> Self {
        NumShown {
            text: text.to_vec(),
            state,
            shown_len: None,
            shown_state: state,
            shown: None,
            shown_float: None,
            magnitude: None,
            settled: None,
            exponent_set: None,
        }
    }

    /// Update what it shows (its longest complete prefix); whether that changed.
    pub fn show(&mut self) -> bool {
        let state = self.state;
        let length = self.text.len() - state.unfinished_tail();
        let Some(before) = self.shown_len else {
            self.shown_len = Some(length);
            self.shown_state = state;
            return true;
        };
        if before == length {
            return false;
        }
        let before_state = std::mem::replace(&mut self.shown_state, state);
        self.shown_len = Some(length);
        if state.integer() {
            self.shown = None; // more digits of an integer always change it
            return true;
        }
        let long_part = length > LONG && matches!(state, NumState::Frac | NumState::Exp);
        if long_part && state == before_state && self.keeps_value(&self.text[before..length]) {
            if let Some((at, value)) = self.shown_float {
                if at == before {
                    self.shown_float = Some((length, value));
                }
            }
            return false; // (what was shown, converted or not, is still the value)
        }
        let prefix = &self.text[..length];
        if !is_float(prefix) {
            self.shown = None;
            return true; // an integer that grew
        }
        let now = parse_float(prefix).unwrap_or(f64::NAN);
        if long_part {
            self.note_part(length);
        }
        let before_value = match self.shown_float {
            Some((at, value)) if at == before => Some(value),
            _ if is_float(&self.text[..before]) => parse_float(&self.text[..before]),
            _ => None, // it showed an integer
        };
        self.shown_float = Some((length, now));
        let changed = before_value != Some(now);
        if changed {
            self.shown = None;
        }
        changed
    }

    /// Whether `digits`, added to the fraction or exponent being read, leave the value
    /// as it was: trailing fraction zeros, leading exponent zeros, or a settled part.
    fn keeps_value(&self, digits: &[u8]) -> bool {
        if self.settled == Some(self.state) {
            return true;
        }
        all_zeros(digits) && (self.state == NumState::Frac || self.exponent_set == Some(false))
    }

    /// After converting the first `length` characters (ending in a fraction or an
    /// exponent): note whether more digits of that part can still change the value (see
    /// `NumberReading._note_part`: past 800 significant digits with a nonzero one after
    /// the 800th no float rounding boundary lies between the number and any longer one;
    /// a zero integer part with more than 400 zeros after the point is below half the
    /// smallest float; an exponent of more than 20 significant digits is past any return).
    fn note_part(&mut self, length: usize) {
        let text = &self.text[..length];
        let unsigned = text.strip_prefix(b"-").unwrap_or(text);
        let settled = if self.state == NumState::Frac {
            let point = unsigned.iter().position(|&b| b == b'.').unwrap_or(unsigned.len());
            let (whole, fraction) = (&unsigned[..point], &unsigned[(point + 1).min(unsigned.len())..]);
            let digits: Vec<u8> = whole.iter().chain(fraction).copied().skip_while(|&b| b == b'0').collect();
            let rounding_settled = digits.len() > 800 && !all_zeros(&digits[800..]);
            let leading_zeros = fraction.iter().take_while(|&&b| b == b'0').count();
            rounding_settled || (all_zeros(whole) && leading_zeros > 400)
        } else {
            let mark = text.iter().rposition(|&b| b == b'e' || b == b'E').map_or(0, |mark| mark + 1);
            let exponent = &text[mark..];
            let exponent = exponent.strip_prefix(b"+").or_else(|| exponent.strip_prefix(b"-")).unwrap_or(exponent);
            let significant = exponent.len() - exponent.iter().take_while(|&&b| b == b'0').count();
            self.exponent_set = Some(significant > 0);
            significant > 20
        };
        self.settled = if settled { Some(self.state) } else { None };
    }

    /// The value shown (None: nothing shows yet), converted when first needed.
    pub fn shown_value(&mut self, py: Python<'_>, helpers: &Helpers) -> PyResult<Option<Py<PyAny>>> {
        let Some(length) = self.shown_len else { return Ok(None) };
        if self.shown.is_none() {
            let value = if self.shown_state.integer() {
                self.integer(py, length, helpers)?
            } else {
                number_object(py, &self.text[..length], helpers)?
            };
            self.shown = Some(value.unbind());
        }
        Ok(self.shown.as_ref().map(|value| value.clone_ref(py)))
    }

    /// The value of the complete number.
    pub fn value<'py>(&mut self, py: Python<'py>, helpers: &Helpers) -> PyResult<Bound<'py, PyAny>> {
        if self.state.integer() {
            return self.integer(py, self.text.len(), helpers);
        }
        number_object(py, &self.text, helpers)
    }

    /// The integer `text[..length]`, extended from the one computed last when it is long.
    fn integer<'py>(&mut self, py: Python<'py>, length: usize, helpers: &Helpers) -> PyResult<Bound<'py, PyAny>> {
        let negative = self.text[0] == b'-';
        let first = usize::from(negative);
        if length - first <= NATIVE_DIGITS {
            return number_object(py, &self.text[..length], helpers);
        }
        let (mut magnitude, done) = match self.magnitude.take() {
            Some((magnitude, done)) if done <= length => (magnitude.into_bound(py), done),
            _ => (0i64.into_pyobject(py)?.into_any(), first),
        };
        for piece in self.text[done..length].chunks(NATIVE_DIGITS) {
            let scale = PyInt::new(py, 10).pow(piece.len(), py.None())?;
            magnitude = magnitude.mul(scale)?.add(number_object(py, piece, helpers)?)?;
        }
        self.magnitude = Some((magnitude.clone().unbind(), length));
        if negative {
            return magnitude.neg();
        }
        Ok(magnitude)
    }
}
