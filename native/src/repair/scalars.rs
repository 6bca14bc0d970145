//! The repairer's steps inside strings and numbers (the port of `repair_scalars.py`'s):
//! single and smart quotes become double ones (a `"` inside is escaped), raw control
//! characters are escaped, and `+1`/`.5`/`1.` get their digits.

use super::chars::{char_len, is_alpha};
use super::flags::{CONTROL_CHARACTER, NUMBER_FORMAT, SINGLE_QUOTES, SMART_QUOTES};
use super::words::Quote;
use super::{Downstream, Expect, Mode, Repairer, Step, Stop};
use crate::scanner::control_repr;

/// The escape that stands for a raw control character.
fn escaped(byte: u8) -> Vec<u8> {
    match byte {
        b'\n' => b"\\n".to_vec(),
        b'\t' => b"\\t".to_vec(),
        b'\r' => b"\\r".to_vec(),
        0x08 => b"\\b".to_vec(),
        0x0C => b"\\f".to_vec(),
        _ => format!("\\u{byte:04x}").into_bytes(),
    }
}

/// The end of the run of number characters from `pos` (`[0-9.eE+\-]*`).
fn number_end(text: &[u8], mut pos: usize) -> usize {
    while pos < text.len() && matches!(text[pos], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-') {
        pos += 1;
    }
    pos
}

impl Repairer {
    /// An opening quote at `text[start..end]`.
    pub(crate) fn quote_token<D: Downstream>(&mut self, text: &[u8], start: usize, end: usize, down: &mut D) -> Step {
        let quote = Quote::opened_at(text, start);
        let kind = if quote == Quote::Single { SINGLE_QUOTES } else { SMART_QUOTES };
        if quote != Quote::Double && self.flags & kind == 0 {
            return self.invalid(text, start, down);
        }
        if !self.prepare(text, start, true, false, down)? {
            return self.invalid(text, start, down);
        }
        let at = self.output.at(text, start);
        self.is_key = self.expect == Expect::Key || self.expect == Expect::FirstKey;
        self.quote = quote;
        self.mode = Mode::Str;
        if quote == Quote::Double {
            self.output.keep(text, start, end);
        } else {
            self.output.synth(text, b"\"", at);
            self.record(text, kind, self.where_(at), &text[start..end], b"\"", down)?;
        }
        Ok(end)
    }

    pub(crate) fn step_string<D: Downstream>(&mut self, text: &[u8], pos: usize, down: &mut D) -> Step {
        if self.escape_at.is_some() {
            return Ok(self.continue_escape(text, pos));
        }
        let end = self.quote.plain_end(text, pos, self.lenient_input);
        if end > pos {
            self.output.keep(text, pos, end);
            if self.lenient_input {
                self.count_lines(text, pos, end, true);
            }
        }
        if end == text.len() {
            return Ok(end);
        }
        let closing = self.quote.closing();
        if text[end..].starts_with(closing) {
            self.end_string(text, end, closing.len());
            return Ok(end + closing.len());
        }
        match text[end] {
            b'\\' if end + 1 == text.len() => {
                self.escape_at = Some(self.output.at(text, end));
                Ok(end + 1)
            }
            b'\\' => Ok(self.escape(text, end)),
            b'"' => {
                // inside a single- or smart-quoted string
                let at = self.output.at(text, end);
                self.output.synth(text, b"\\\"", at);
                Ok(end + 1)
            }
            _ => self.control(text, end, down),
        }
    }

    /// The escape at `text[start]` (a backslash) and the character after it.
    fn escape(&mut self, text: &[u8], start: usize) -> usize {
        let end = start + 1 + char_len(text[start + 1]);
        if text[start + 1] == b'\'' && self.quote != Quote::Double {
            let at = self.output.at(text, start);
            self.output.synth(text, b"'", at); // \' in a single-quoted string is just '
        } else {
            self.output.keep(text, start, end);
        }
        end
    }

    /// The character after a backslash that ended the previous chunk.
    fn continue_escape(&mut self, text: &[u8], pos: usize) -> usize {
        let at = self.escape_at.take().expect("an escape");
        let end = pos + char_len(text[pos]);
        if text[pos] == b'\'' && self.quote != Quote::Double {
            self.output.synth(text, b"'", at);
        } else {
            self.output.verbatim(text, b"\\", 1, at);
            self.output.keep(text, pos, end);
        }
        end
    }

    /// A raw control character in a string: escaped if asked, else an error.
    fn control<D: Downstream>(&mut self, text: &[u8], index: usize, down: &mut D) -> Step {
        let char = text[index];
        let at = self.output.at(text, index);
        if self.flags & CONTROL_CHARACTER != 0 {
            let escape = escaped(char);
            self.output.synth(text, &escape, at);
            self.record(text, CONTROL_CHARACTER, self.where_(at), &[char], &escape, down)?;
            self.count_lines(text, index, index + 1, true);
            return Ok(index + 1);
        }
        if self.engine_lenient {
            // the engine would take it: say so here
            let msg = format!("Invalid control character {} in string", control_repr(char));
            return Err(self.fail(text, msg, at, down));
        }
        self.invalid(text, index, down)
    }

    /// The string's closing quote, `len` bytes at `text[index]`.
    fn end_string(&mut self, text: &[u8], index: usize, len: usize) {
        if self.quote == Quote::Double {
            self.output.keep(text, index, index + len);
        } else {
            let at = self.output.at(text, index);
            self.output.synth(text, b"\"", at);
        }
        if self.is_key {
            self.expect = Expect::Colon;
            self.newline = false;
            self.mode = Mode::Out;
        } else {
            self.after_value();
        }
    }

    /// The first character of a number (or of `-Infinity`).
    pub(crate) fn number<D: Downstream>(&mut self, text: &[u8], start: usize, down: &mut D) -> Step {
        if !self.prepare(text, start, false, false, down)? {
            return self.invalid(text, start, down);
        }
        let at = self.output.at(text, start);
        self.mode = Mode::Number;
        self.num_last = 0;
        match text[start] {
            b'-' => {
                self.minus_at = Some(at); // held: "-Infinity" or a negative number
                Ok(start + 1)
            }
            b'+' => {
                if self.flags & NUMBER_FORMAT == 0 {
                    return self.invalid(text, start, down);
                }
                self.record(text, NUMBER_FORMAT, self.where_(at), b"+", b"", down)?;
                Ok(start + 1)
            }
            _ => Ok(start), // the number's run is read by step_number
        }
    }

    pub(crate) fn step_number<D: Downstream>(&mut self, text: &[u8], pos: usize, down: &mut D) -> Step {
        let end = number_end(text, pos);
        if let Some(minus_at) = self.minus_at {
            if end == pos && pos < text.len() && is_alpha(text, pos) {
                self.start_word(minus_at, b"-"); // -Infinity
                return Ok(pos);
            }
            self.output.verbatim(text, b"-", 1, minus_at);
            self.minus_at = None;
            self.num_last = b'-';
        }
        if end > pos {
            let at = self.output.at(text, pos);
            if text[pos] == b'.' && matches!(self.num_last, 0 | b'-' | b'+') {
                if self.flags & NUMBER_FORMAT == 0 {
                    return self.invalid(text, pos, down);
                }
                self.output.synth(text, b"0", at);
                self.record(text, NUMBER_FORMAT, self.where_(at), b".", b"0.", down)?;
            }
            self.output.keep(text, pos, end);
            self.num_last = text[end - 1];
        }
        if end == text.len() {
            return Ok(end);
        }
        let at = self.output.at(text, end);
        self.end_number(text, at, down)?;
        Ok(end)
    }

    /// The number ended before input offset `at`.
    pub(crate) fn end_number<D: Downstream>(&mut self, text: &[u8], at: usize, down: &mut D) -> Result<(), Stop> {
        if let Some(minus_at) = self.minus_at.take() {
            self.output.verbatim(text, b"-", 1, minus_at);
        } else if self.num_last == b'.' && self.flags & NUMBER_FORMAT != 0 {
            self.output.synth(text, b"0", at);
            self.record(text, NUMBER_FORMAT, self.where_(at - 1), b".", b".0", down)?;
        }
        self.after_value();
        Ok(())
    }
}
