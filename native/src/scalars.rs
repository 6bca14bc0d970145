//! The scanner's scalars: strings and keys, numbers and literals, whole or cut off
//! by the end of a chunk (the second half of the port of `jsonstream/scanner.py`).

use crate::numbers::{integer_digits, number_char, take, NumState};
use crate::scanner::{control_repr, limit_message, Scalar, ScanError, Scanner, Sink, State, Step, Token, LITERALS};
use crate::strings::{plain_end, scan_string, Scanned, StringError, StringErrorKind};

impl Scanner {
    /// A string body from `text[pos]` into `out`: where it ended, or None when the text
    /// ended first (the unfinished escape at its end is carried over).
    pub(crate) fn scan(&mut self, text: &[u8], pos: usize, out: &mut Vec<u8>) -> Result<Option<usize>, ScanError> {
        match scan_string(text, pos, out, self.options.strict) {
            Ok(Scanned::Closed(end)) => Ok(Some(end)),
            Ok(Scanned::Open(stop)) => {
                self.carry = text[stop..].to_vec();
                Ok(None)
            }
            Err(StringError { index, kind }) => Err(self.fail(
                match kind {
                    StringErrorKind::Control(byte) => {
                        format!("Invalid control character {} in string", control_repr(byte))
                    }
                    StringErrorKind::Escape => "Invalid \\escape".into(),
                    StringErrorKind::Unicode => "Invalid \\uXXXX escape".into(),
                },
                index,
            )),
        }
    }

    pub(crate) fn start_string<S: Sink>(&mut self, text: &[u8], quote: usize, sink: &mut S) -> Step {
        let body = quote + 1;
        let end = plain_end(text, body, self.options.strict);
        if end < text.len() && text[end] == b'"' {
            // the commonest string: no escape, complete in the text; no copy
            sink.scalar(Scalar::Str(&text[body..end]));
            self.up();
            return Ok(end + 1);
        }
        let mut out = text[body..end].to_vec();
        match self.scan(text, end, &mut out)? {
            Some(end) => {
                sink.scalar(Scalar::Str(&out));
                self.up();
                Ok(end)
            }
            None => {
                sink.string_started(&out);
                self.token = Token::String;
                Ok(text.len())
            }
        }
    }

    /// Continue the string or key the previous chunk ended in: where it ends, or None.
    pub(crate) fn continue_string<S: Sink>(&mut self, text: &[u8], sink: &mut S) -> Result<Option<usize>, ScanError> {
        let mut decoded = Vec::new();
        let end = self.scan(text, 0, &mut decoded)?;
        if self.token == Token::Key {
            self.key.extend_from_slice(&decoded);
            if end.is_some() {
                self.token = Token::None;
                sink.key(&std::mem::take(&mut self.key));
                self.state = State::Colon;
            }
        } else if end.is_some() {
            self.token = Token::None;
            sink.string_ended(&decoded);
            self.up();
        } else if !decoded.is_empty() {
            sink.string_grew(&decoded);
        }
        Ok(end)
    }

    pub(crate) fn start_number<S: Sink>(&mut self, text: &[u8], start: usize, sink: &mut S) -> Step {
        let (end, state) = take(text, start, NumState::Start);
        let digits = &text[start..end];
        // first: a digit too many comes before the invalid character
        self.check_integer(integer_digits(digits), start + usize::from(digits[0] == b'-'))?;
        if end < text.len() && number_char(text[end]) {
            return Err(self.fail("Invalid number".into(), end));
        }
        if end < text.len() {
            if !state.complete() {
                return Err(self.fail("Expecting digit".into(), end));
            }
            sink.scalar(Scalar::Number(digits));
            self.up();
            return Ok(end);
        }
        if state == NumState::Minus {
            // may start -Infinity (lenient) or a number: read it again with the next chunk
            self.carry = digits.to_vec();
            return Ok(end);
        }
        self.number.clear();
        self.number.extend_from_slice(digits);
        self.number_state = state;
        self.number_integer_digits = None;
        self.token = Token::Number;
        sink.number_started(digits, state);
        Ok(end)
    }

    /// A chunk while a number is being read: more of it, then whatever follows it.
    pub(crate) fn continue_number<S: Sink>(&mut self, chunk: &[u8], sink: &mut S) -> Result<(), ScanError> {
        self.shift = 0;
        let (end, state) = take(chunk, 0, self.number_state);
        if end > 0 {
            self.number.extend_from_slice(&chunk[..end]);
            self.number_state = state;
            sink.number_more(&chunk[..end], state);
        }
        let digits = self.number_integer_digits();
        let first_digit = end as isize - self.number.len() as isize + isize::from(self.number[0] == b'-');
        if let Some(limit) = self.options.max_int_digits {
            if digits > limit {
                return Err(ScanError {
                    msg: limit_message(limit),
                    index: first_digit + limit as isize,
                    incomplete: false,
                });
            }
        }
        if end == chunk.len() {
            sink.number_grew();
            return Ok(());
        }
        if number_char(chunk[end]) {
            return Err(ScanError { msg: "Invalid number".into(), index: end as isize, incomplete: false });
        }
        if !self.number_state.complete() {
            return Err(ScanError { msg: "Expecting digit".into(), index: end as isize, incomplete: false });
        }
        self.end_number(sink);
        self.run(chunk, end, sink)
    }

    /// How many digits the integer part of the number being read has so far.
    pub(crate) fn number_integer_digits(&mut self) -> usize {
        if self.number_state.integer() {
            return self.number.len() - usize::from(self.number[0] == b'-');
        }
        *self.number_integer_digits.get_or_insert_with(|| integer_digits(&self.number))
    }

    pub(crate) fn end_number<S: Sink>(&mut self, sink: &mut S) {
        self.token = Token::None;
        sink.number_ended();
        self.up();
    }

    /// Fail if an integer part has more than `max_int_digits` digits (`first_digit`: its index in the text).
    pub(crate) fn check_integer(&self, digits: usize, first_digit: usize) -> Result<(), ScanError> {
        match self.options.max_int_digits {
            Some(limit) if digits > limit => Err(self.fail(limit_message(limit), first_digit + limit)),
            _ => Ok(()),
        }
    }

    /// `true`, `false`, `null` (and the lenient names) at `text[start]`, or an error.
    pub(crate) fn literal<S: Sink>(&mut self, text: &[u8], start: usize, sink: &mut S) -> Step {
        let count = if self.options.strict { 3 } else { 6 };
        let rest = &text[start..];
        for (index, name) in LITERALS[..count].iter().enumerate() {
            if rest.starts_with(name) {
                sink.scalar(Scalar::Literal(index));
                self.up();
                return Ok(start + name.len());
            }
        }
        if LITERALS[..count].iter().any(|name| name.starts_with(rest)) {
            self.carry = rest.to_vec(); // cut off by the end of the chunk
            return Ok(text.len());
        }
        let longest = LITERALS[..count]
            .iter()
            .map(|name| name.iter().zip(rest).take_while(|(a, b)| a == b).count())
            .max()
            .unwrap_or(0);
        Err(self.fail("Expecting value".into(), start + longest))
    }
}
