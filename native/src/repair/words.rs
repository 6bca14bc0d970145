//! Bare words and quotes (the port of `repair_words.py` and of the word steps of
//! `repair_scalars.py`): a bare word is held until it ends, then it is a key
//! (`UNQUOTED_KEY`), a literal in another spelling, or refused; a literal already
//! complete at the end of a chunk is handed on at once.

use super::chars::{char_len, skip_chars, word_end};
use super::flags::{NAN_INFINITY, PYTHON_LITERAL, UNQUOTED_KEY};
use super::{Downstream, Expect, Mode, Repairer, Step, Stop};

/// A bare word standing for a value: its spelling, what the engine reads instead, and
/// the repair it is (0: plain JSON). In the order of `repair_words.LITERALS`.
pub(crate) const LITERALS: [(&[u8], &[u8], u32); 9] = [
    (b"true", b"true", 0),
    (b"false", b"false", 0),
    (b"null", b"null", 0),
    (b"True", b"true", PYTHON_LITERAL),
    (b"False", b"false", PYTHON_LITERAL),
    (b"None", b"null", PYTHON_LITERAL),
    (b"NaN", b"NaN", NAN_INFINITY),
    (b"Infinity", b"Infinity", NAN_INFINITY),
    (b"-Infinity", b"-Infinity", NAN_INFINITY),
];

/// The literal spelled `word`: what the engine reads instead, and its repair.
pub(crate) fn literal(word: &[u8]) -> Option<(&'static [u8], u32)> {
    LITERALS.iter().find(|(name, _, _)| *name == word).map(|&(_, replacement, kind)| (replacement, kind))
}

pub(crate) const LEFT_DOUBLE: &[u8] = "\u{201c}".as_bytes();
pub(crate) const LEFT_SINGLE: &[u8] = "\u{2018}".as_bytes();

/// The quotes of a string: `"`, `'`, `“…”` or `‘…’`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Quote {
    Double,
    Single,
    SmartDouble,
    SmartSingle,
}

impl Quote {
    /// The quote opened by the character at `text[pos]` (the caller checked it is one).
    pub(crate) fn opened_at(text: &[u8], pos: usize) -> Quote {
        match text[pos] {
            b'"' => Quote::Double,
            b'\'' => Quote::Single,
            _ if text[pos..].starts_with(LEFT_DOUBLE) => Quote::SmartDouble,
            _ => Quote::SmartSingle,
        }
    }

    /// The closing quote's bytes.
    pub(crate) fn closing(self) -> &'static [u8] {
        match self {
            Quote::Double => b"\"",
            Quote::Single => b"'",
            Quote::SmartDouble => "\u{201d}".as_bytes(),
            Quote::SmartSingle => "\u{2019}".as_bytes(),
        }
    }

    /// The end of the run from `pos` that a string in these quotes hands on unchanged:
    /// everything but its closing quote, `"`, a backslash and (unless `lenient`) control characters.
    pub(crate) fn plain_end(self, text: &[u8], pos: usize, lenient: bool) -> usize {
        if self == Quote::Double {
            return crate::strings::plain_end(text, pos, !lenient);
        }
        let closing = self.closing();
        let stop = closing[0];
        let mut end = pos;
        while end < text.len() {
            let byte = text[end];
            if byte == b'"' || byte == b'\\' || (byte < 0x20 && !lenient) {
                break;
            }
            if byte == stop && text[end..].starts_with(closing) {
                break;
            }
            end += 1;
        }
        end
    }
}

impl Repairer {
    /// The first character of a bare word.
    pub(crate) fn word_token<D: Downstream>(&mut self, text: &[u8], start: usize, down: &mut D) -> Step {
        if !self.prepare(text, start, true, true, down)? {
            return self.invalid(text, start, down);
        }
        let at = self.output.at(text, start);
        self.start_word(at, b"");
        Ok(start)
    }

    /// Start reading a bare word at input offset `at` (`prefix`: a held `-`).
    pub(crate) fn start_word(&mut self, at: usize, prefix: &[u8]) {
        self.minus_at = None;
        self.word.clear();
        self.word.extend_from_slice(prefix);
        self.word_len = prefix.len();
        self.word_where = self.where_(at);
        self.word_shown = false;
        self.mode = Mode::Word;
    }

    fn expects_key(&self) -> bool {
        self.expect == Expect::Key || self.expect == Expect::FirstKey
    }

    pub(crate) fn step_word<D: Downstream>(&mut self, text: &[u8], pos: usize, down: &mut D) -> Step {
        let end = word_end(text, pos);
        if end > pos {
            if self.word_shown {
                return Err(self.word_goes_on(text, pos, down));
            }
            self.word.extend_from_slice(&text[pos..end]);
            let at = self.output.at(text, pos);
            self.word_len += self.output.at(text, end) - at;
            if !self.expects_key() {
                if let Some(head) = self.literal_head() {
                    // as if the chunk had ended after the literal (split invariance)
                    self.show_literal(text, head, down)?;
                    let index = self.word_where.0 + head.len() - self.base;
                    let index = self.output.byte_of(text, index);
                    return Err(self.word_goes_on(text, index, down));
                }
            }
        }
        if end < text.len() {
            self.finish_word(text, false, down)?;
            return Ok(end);
        }
        if !self.expects_key() && self.word_len <= 9 {
            if let Some(&(name, _, _)) = LITERALS.iter().find(|(name, _, _)| *name == self.word.as_slice()) {
                self.show_literal(text, name, down)?; // a complete literal: shown now, as the engine shows one
            }
        }
        Ok(end)
    }

    /// The literal that the bare word being read begins with and goes on after, if any.
    fn literal_head(&self) -> Option<&'static [u8]> {
        let word = &self.word[..skip_chars(&self.word, 0, 10)];
        LITERALS.iter().map(|&(name, _, _)| name).find(|name| word.len() > name.len() && word.starts_with(name))
    }

    /// Hand on the literal `word` before the word is known to have ended.
    fn show_literal<D: Downstream>(&mut self, text: &[u8], word: &[u8], down: &mut D) -> Result<(), Stop> {
        self.emit_value_word(text, word, down)?;
        self.word_shown = true;
        self.mode = Mode::Word;
        Ok(())
    }

    /// A bare word goes on after a literal already handed on: the engine says why that is wrong.
    fn word_goes_on<D: Downstream>(&mut self, text: &[u8], index: usize, down: &mut D) -> Stop {
        let at = self.output.at(text, index);
        self.output.keep(text, index, index + char_len(text[index]));
        if let Err(stop) = self.output.flush(text, down) {
            return stop;
        }
        self.fail(text, "A bare word goes on after a literal".into(), at, down)
    }

    /// The bare word ended: a key, a literal, or an error (`closing`: cut off by the end).
    pub(crate) fn finish_word<D: Downstream>(&mut self, text: &[u8], closing: bool, down: &mut D) -> Result<(), Stop> {
        if self.word_shown {
            self.after_value();
            return Ok(());
        }
        let word = std::mem::take(&mut self.word);
        let finished = self.finish_word_as(text, &word, closing, down);
        self.word = word;
        finished
    }

    fn finish_word_as<D: Downstream>(
        &mut self,
        text: &[u8],
        word: &[u8],
        closing: bool,
        down: &mut D,
    ) -> Result<(), Stop> {
        let at = self.word_where.0;
        if self.expects_key() {
            if self.flags & UNQUOTED_KEY == 0 {
                return Err(self.refuse_word(text, word, at, down));
            }
            self.output.synth(text, b"\"", at);
            self.output.verbatim(text, word, self.word_len, at);
            self.output.synth(text, b"\"", at + self.word_len);
            self.expect = Expect::Colon;
            self.mode = Mode::Out;
            let quoted = [b"\"", word, b"\""].concat();
            return self.record(text, UNQUOTED_KEY, self.word_where, word, &quoted, down);
        }
        if closing {
            for &(name, replacement, kind) in &LITERALS {
                if name.starts_with(word) && self.allowed(kind) {
                    // cut off: the engine says so
                    self.output.synth(text, &replacement[..word.len()], at);
                    return Ok(());
                }
            }
        }
        self.emit_value_word(text, word, down)
    }

    /// Whether a literal of this kind is read (0: plain JSON).
    fn allowed(&self, kind: u32) -> bool {
        kind == 0 || self.flags & kind != 0 || (kind == NAN_INFINITY && self.lenient_input)
    }

    /// Hand on the value that the bare `word` stands for, or let the engine refuse it.
    fn emit_value_word<D: Downstream>(&mut self, text: &[u8], word: &[u8], down: &mut D) -> Result<(), Stop> {
        let at = self.word_where.0;
        let (replacement, kind) = match literal(word) {
            Some((replacement, kind)) if self.allowed(kind) => (replacement, kind),
            _ => return Err(self.refuse_word(text, word, at, down)),
        };
        if replacement == word {
            self.output.verbatim(text, word, word.len(), at);
        } else {
            self.output.synth(text, replacement, at);
        }
        self.after_value();
        if kind != 0 && !(kind == NAN_INFINITY && self.lenient_input) {
            self.record(text, kind, self.word_where, word, replacement, down)?;
        }
        Ok(())
    }

    /// A bare word that is no repair asked for: the engine says why it is wrong.
    fn refuse_word<D: Downstream>(&mut self, text: &[u8], word: &[u8], at: usize, down: &mut D) -> Stop {
        self.output.verbatim(text, word, crate::position::char_count(word), at);
        if let Err(stop) = self.output.flush(text, down) {
            return stop;
        }
        let msg = format!("Expecting value: the bare word '{}' is not JSON", String::from_utf8_lossy(word));
        self.fail(text, msg, at, down)
    }
}
