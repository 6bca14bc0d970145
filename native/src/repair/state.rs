//! The moves the repairer's steps share (the port of `repair_state.RepairState`):
//! locating and recording a repair, making the engine ready for the next token (handing
//! on a held comma, inserting a missing one), and ending a value.

use super::chars::{char_len, char_repr};
use super::flags::{MISSING_COLON, MISSING_COMMA, SEVERAL_VALUES, TRAILING_COMMA};
use super::{Downstream, Expect, Mode, Record, Repairer, Step, Stop, Where, WRAPPER};

impl Repairer {
    /// Offset, line and column of input offset `at` (on the line being read).
    pub(crate) fn where_(&self, at: usize) -> Where {
        (at, self.line, at - self.line_start + 1)
    }

    /// Count the newlines of `text[start..end]`, input read outside strings unless `in_string`.
    pub(crate) fn count_lines(&mut self, text: &[u8], start: usize, end: usize, in_string: bool) {
        let run = &text[start..end];
        if let Some(last) = memchr::memrchr(b'\n', run) {
            self.line += memchr::memchr_iter(b'\n', run).count();
            self.line_start = self.output.at(text, start + last) + 1;
            if !in_string {
                self.newline = true;
            }
        }
    }

    /// An error of the repairer's own at input offset `at` (the output so far is handed on first).
    pub(crate) fn fail<D: Downstream>(&mut self, text: &[u8], msg: String, at: usize, down: &mut D) -> Stop {
        if let Err(stop) = self.output.flush(text, down) {
            return stop;
        }
        self.located(false, msg, at as isize, down)
    }

    /// Record a repair (the output so far is handed on first, so that the path is current).
    pub(crate) fn record<D: Downstream>(
        &mut self,
        text: &[u8],
        kind: u32,
        where_: Where,
        original: &[u8],
        replacement: &[u8],
        down: &mut D,
    ) -> Result<(), Stop> {
        self.output.flush(text, down)?;
        let (pos, line, column) = where_;
        self.records.push(Record {
            kind,
            pos,
            line,
            column,
            path: down.path(),
            text: original.to_vec(),
            replacement: replacement.to_vec(),
        });
        Ok(())
    }

    /// Make the engine ready for a value (or, if `key`, a key) at `text[start]`: hand on a
    /// held comma, insert a missing comma or colon, or start the next of several top-level
    /// values. False when the token cannot stand here.
    pub(crate) fn prepare<D: Downstream>(
        &mut self,
        text: &[u8],
        start: usize,
        key: bool,
        word: bool,
        down: &mut D,
    ) -> Result<bool, Stop> {
        let mut expect = self.expect;
        if !self.held.is_empty() {
            self.release_held(text);
        } else if expect == Expect::After || expect == Expect::Colon {
            if !self.insert_separator(text, start, word, down)? {
                return Ok(false);
            }
            expect = self.expect;
        } else if expect == Expect::Done {
            return Ok(false);
        }
        if expect == Expect::Key || expect == Expect::FirstKey {
            return Ok(key);
        }
        if self.several && self.stack.is_empty() {
            let at = self.output.at(text, start);
            self.output.synth(text, b"[", at);
            self.stack.push(WRAPPER);
        }
        if self.stack == [WRAPPER] {
            self.values += 1;
            if self.values > 1 {
                let at = self.output.at(text, start);
                self.record(text, SEVERAL_VALUES, self.where_(at), b"", b"", down)?;
            }
        }
        Ok(true)
    }

    /// Insert the comma or colon missing in front of `text[start]`, if that is a repair asked for.
    fn insert_separator<D: Downstream>(
        &mut self,
        text: &[u8],
        start: usize,
        word: bool,
        down: &mut D,
    ) -> Result<bool, Stop> {
        let at = self.output.at(text, start);
        if self.expect == Expect::Colon {
            if self.flags & MISSING_COLON == 0 {
                return Ok(false);
            }
            self.output.synth(text, b":", at);
            self.expect = Expect::Value;
            self.record(text, MISSING_COLON, self.where_(at), b"", b":", down)?;
            return Ok(true);
        }
        let top = *self.stack.last().expect("a value ended inside a container");
        if top == WRAPPER {
            if word && self.trailing_ignore {
                return Ok(false); // prose after the values, not one more of them
            }
        } else if !(self.newline && self.flags & MISSING_COMMA != 0) {
            return Ok(false);
        }
        self.output.synth(text, b",", at);
        self.expect = if top == b'{' { Expect::Key } else { Expect::Value };
        if top != WRAPPER {
            self.record(text, MISSING_COMMA, self.where_(at), b"", b",", down)?;
        }
        Ok(true)
    }

    /// Hold a comma (or the blank space after one) at input offset `at`.
    pub(crate) fn hold(&mut self, piece: &[u8], at: usize) {
        let start = self.held_text.len();
        self.held_text.extend_from_slice(piece);
        self.held.push((start, self.held_text.len(), at));
    }

    /// Hand on the held comma (it was not a trailing one) and the space after it.
    pub(crate) fn release_held(&mut self, text: &[u8]) {
        self.hand_on_held(text, 0);
    }

    /// Hand on the held pieces from the `first` on, and forget them all.
    fn hand_on_held(&mut self, text: &[u8], first: usize) {
        for &(start, end, at) in self.held.iter().skip(first) {
            self.output.verbatim(text, &self.held_text[start..end], end - start, at);
        }
        self.held.clear();
        self.held_text.clear();
    }

    /// The held comma was a trailing one: drop it, keep the space after it.
    pub(crate) fn drop_trailing_comma<D: Downstream>(&mut self, text: &[u8], down: &mut D) -> Result<(), Stop> {
        self.hand_on_held(text, 1);
        self.expect = Expect::After;
        self.record(text, TRAILING_COMMA, self.comma_where, b",", b"", down)
    }

    /// A value ended: a separator (or the end) comes next.
    pub(crate) fn after_value(&mut self) {
        self.newline = false;
        if !self.stack.is_empty() {
            self.expect = Expect::After;
            self.mode = Mode::Out;
        } else {
            self.expect = Expect::Done;
            self.mode = if self.trailing_ignore { Mode::Trailing } else { Mode::Out };
        }
    }

    /// `text[start]` cannot stand here: end the values read as a list, or let the engine say why.
    pub(crate) fn invalid<D: Downstream>(&mut self, text: &[u8], start: usize, down: &mut D) -> Step {
        let at = self.output.at(text, start);
        if self.ends_values(text, at, down)? {
            return Ok(start);
        }
        self.release_held(text);
        self.output.keep(text, start, start + char_len(text[start]));
        self.output.flush(text, down)?; // the engine raises here
        let msg = format!("Unexpected {}", char_repr(text, start));
        Err(self.fail(text, msg, at, down))
    }

    /// Whether what is at input offset `at`, which starts no value, ends several values
    /// read as a list (after them only ignored text may follow: else it is an error).
    pub(crate) fn ends_values<D: Downstream>(&mut self, text: &[u8], at: usize, down: &mut D) -> Result<bool, Stop> {
        if self.stack != [WRAPPER] || self.expect != Expect::After {
            return Ok(false);
        }
        if !self.trailing_ignore {
            return Err(self.fail(text, "Extra data after the JSON values".into(), at, down));
        }
        if !self.held.is_empty() {
            self.drop_trailing_comma(text, down)?;
        }
        self.output.synth(text, b"]", at);
        self.stack.pop();
        self.expect = Expect::Done;
        self.mode = Mode::Trailing;
        Ok(true)
    }
}
