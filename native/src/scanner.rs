//! The scanner: lexing and the state machine, chunk by chunk (the port of the
//! reference path, `jsonstream/scanner.py`, which the Python shortcuts must agree with).
//!
//! It reads each chunk once, from where the previous one stopped, and tells a
//! [`Sink`] (the tree builder, or nothing at all in the fuzz target) what it read.
//! A token cut off by the end of a chunk keeps a small state: a string or key goes on
//! being decoded, a number keeps its grammar state, and an unfinished escape or
//! literal (a few characters) is *carried* and read again in front of the next chunk.

use crate::numbers::NumState;
use crate::strings::plain_end;

/// Between tokens: what may come next (see `jsonstream/states.py`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Value,
    FirstValue,
    Key,
    FirstKey,
    Colon,
    AfterValue,
    Done,
}

/// The token the previous chunk ended in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    None,
    String,
    Key,
    Number,
}

/// Where the scanner is in the innermost container's current member (for paths).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Where {
    Before,
    Inside,
    After,
}

/// A complete scalar: decoded string text, number text, or the index of a literal in
/// `true, false, null, NaN, Infinity, -Infinity` (the order of `tokens.LITERAL_VALUES`).
pub enum Scalar<'a> {
    Str(&'a [u8]),
    Number(&'a [u8]),
    Literal(usize),
}

pub(crate) const LITERALS: [&[u8]; 6] = [b"true", b"false", b"null", b"NaN", b"Infinity", b"-Infinity"];

/// What the scanner tells the tree builder, in document order.
pub trait Sink {
    fn open(&mut self, array: bool);
    fn close(&mut self);
    fn key(&mut self, key: &[u8]);
    fn scalar(&mut self, value: Scalar<'_>);
    fn string_started(&mut self, text: &[u8]);
    /// More decoded text (not empty) of the string value being read.
    fn string_grew(&mut self, text: &[u8]);
    fn string_ended(&mut self, text: &[u8]);
    fn number_started(&mut self, text: &[u8], state: NumState);
    /// More characters of the number being read (shown at `number_grew` or `number_ended`).
    fn number_more(&mut self, text: &[u8], state: NumState);
    fn number_grew(&mut self);
    fn number_ended(&mut self);
}

/// Invalid text at byte `index` of the chunk being read (clamped to it when located).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanError {
    pub msg: String,
    pub index: isize,
    pub incomplete: bool,
}

pub(crate) type Step = Result<usize, ScanError>;

pub struct Options {
    pub strict: bool,
    pub trailing_ignore: bool,
    pub max_depth: Option<i64>,
    pub max_int_digits: Option<usize>,
}

pub struct Scanner {
    pub options: Options,
    pub state: State,
    /// The closing bracket of each open container.
    pub brackets: Vec<u8>,
    pub token: Token,
    pub(crate) key: Vec<u8>,
    pub(crate) number: Vec<u8>,
    pub(crate) number_state: NumState,
    pub(crate) number_integer_digits: Option<usize>,
    /// An unfinished escape or literal, read again with the next chunk.
    pub carry: Vec<u8>,
    /// Bytes of carried text in front of the text being read.
    pub(crate) shift: usize,
}

/// Python's `repr` of ASCII text without quotes or control characters.
pub(crate) fn ascii_repr(text: &[u8]) -> String {
    format!("'{}'", String::from_utf8_lossy(text).replace('\\', "\\\\"))
}

pub(crate) fn control_repr(byte: u8) -> String {
    match byte {
        b'\t' => "'\\t'".into(),
        b'\n' => "'\\n'".into(),
        b'\r' => "'\\r'".into(),
        _ => format!("'\\x{byte:02x}'"),
    }
}

#[inline]
fn skip_space(text: &[u8], mut pos: usize) -> usize {
    while pos < text.len() && matches!(text[pos], b' ' | b'\t' | b'\n' | b'\r') {
        pos += 1;
    }
    pos
}

impl Scanner {
    pub fn new(options: Options) -> Self {
        Scanner {
            options,
            state: State::Value,
            brackets: Vec::new(),
            token: Token::None,
            key: Vec::new(),
            number: Vec::new(),
            number_state: NumState::Start,
            number_integer_digits: None,
            carry: Vec::new(),
            shift: 0,
        }
    }

    /// Read the next (non-empty) chunk.
    pub fn feed<S: Sink>(&mut self, chunk: &[u8], sink: &mut S) -> Result<(), ScanError> {
        if self.token == Token::Number {
            return self.continue_number(chunk, sink);
        }
        if self.carry.is_empty() {
            self.shift = 0;
            return self.read(chunk, sink);
        }
        let mut text = std::mem::take(&mut self.carry);
        self.shift = text.len();
        text.extend_from_slice(chunk);
        self.read(&text, sink)
    }

    fn read<S: Sink>(&mut self, text: &[u8], sink: &mut S) -> Result<(), ScanError> {
        let pos = match self.token {
            Token::String | Token::Key => match self.continue_string(text, sink)? {
                Some(end) => end,
                None => return Ok(()),
            },
            _ => 0,
        };
        self.run(text, pos, sink)
    }

    /// The input ended: finish a top-level number, or say why the text is cut off.
    pub fn close<S: Sink>(&mut self, sink: &mut S) -> Result<(), ScanError> {
        if self.token == Token::Number && self.brackets.is_empty() {
            if !self.number_state.complete() {
                return Err(self.incomplete("The text ended inside a number".into()));
            }
            self.end_number(sink);
        }
        if self.state != State::Done {
            return Err(self.incomplete(self.cut_off_reason()));
        }
        Ok(())
    }

    fn incomplete(&self, msg: String) -> ScanError {
        ScanError { msg, index: 0, incomplete: true }
    }

    pub(crate) fn run<S: Sink>(&mut self, text: &[u8], mut pos: usize, sink: &mut S) -> Result<(), ScanError> {
        while pos < text.len() {
            pos = match self.state {
                State::Value | State::FirstValue => self.step_value(text, pos, sink)?,
                State::Key | State::FirstKey => self.step_key(text, pos, sink)?,
                State::Colon => self.step_colon(text, pos)?,
                State::AfterValue => self.step_after_value(text, pos, sink)?,
                State::Done => self.step_done(text, pos)?,
            };
        }
        Ok(())
    }

    /// An error at `text[index]`, `text` being the carried text and the chunk.
    pub(crate) fn fail(&self, msg: String, index: usize) -> ScanError {
        ScanError { msg, index: index as isize - self.shift as isize, incomplete: false }
    }

    // ------------------------------------------------------------------ steps

    fn step_value<S: Sink>(&mut self, text: &[u8], pos: usize, sink: &mut S) -> Step {
        let pos = skip_space(text, pos);
        if pos == text.len() {
            return Ok(pos);
        }
        match text[pos] {
            b'"' => self.start_string(text, pos, sink),
            b'{' | b'[' => self.open(text, pos, sink),
            b']' if self.state == State::FirstValue => self.close_container(text, pos, sink),
            b'-' if !self.options.strict && text[pos..].starts_with(b"-I") => self.literal(text, pos, sink),
            b'-' | b'0'..=b'9' => self.start_number(text, pos, sink),
            _ => self.literal(text, pos, sink),
        }
    }

    fn step_key<S: Sink>(&mut self, text: &[u8], pos: usize, sink: &mut S) -> Step {
        let pos = skip_space(text, pos);
        if pos == text.len() {
            return Ok(pos);
        }
        match text[pos] {
            b'"' => {
                let body = pos + 1;
                let end = plain_end(text, body, self.options.strict);
                if end < text.len() && text[end] == b'"' {
                    sink.key(&text[body..end]);
                    self.state = State::Colon;
                    return Ok(end + 1);
                }
                let mut key = text[body..end].to_vec();
                match self.scan(text, end, &mut key)? {
                    Some(end) => {
                        sink.key(&key);
                        self.state = State::Colon;
                        Ok(end)
                    }
                    None => {
                        self.key = key;
                        self.token = Token::Key;
                        Ok(text.len())
                    }
                }
            }
            b'}' if self.state == State::FirstKey => self.close_container(text, pos, sink),
            _ => Err(self.fail("Expecting property name enclosed in double quotes".into(), pos)),
        }
    }

    fn step_colon(&mut self, text: &[u8], pos: usize) -> Step {
        let pos = skip_space(text, pos);
        if pos == text.len() {
            return Ok(pos);
        }
        if text[pos] != b':' {
            return Err(self.fail("Expecting ':' delimiter".into(), pos));
        }
        self.state = State::Value;
        Ok(pos + 1)
    }

    fn step_after_value<S: Sink>(&mut self, text: &[u8], pos: usize, sink: &mut S) -> Step {
        let pos = skip_space(text, pos);
        if pos == text.len() {
            return Ok(pos);
        }
        match text[pos] {
            b',' => {
                self.state = if self.brackets.last() == Some(&b']') { State::Value } else { State::Key };
                Ok(pos + 1)
            }
            b'}' | b']' => self.close_container(text, pos, sink),
            _ => {
                let closer = self.brackets.last().copied().unwrap_or(b'?');
                Err(self.fail(format!("Expecting ',' delimiter or {}", ascii_repr(&[closer])), pos))
            }
        }
    }

    fn step_done(&mut self, text: &[u8], pos: usize) -> Step {
        let pos = skip_space(text, pos);
        if pos < text.len() && !self.options.trailing_ignore {
            return Err(self.fail("Extra data after the JSON value".into(), pos));
        }
        Ok(text.len())
    }

    /// The state after a complete value.
    pub(crate) fn up(&mut self) {
        self.state = if self.brackets.is_empty() { State::Done } else { State::AfterValue };
    }

    // ------------------------------------------------------------- containers

    fn open<S: Sink>(&mut self, text: &[u8], pos: usize, sink: &mut S) -> Step {
        if let Some(limit) = self.options.max_depth {
            if self.brackets.len() as i64 >= limit {
                return Err(self.fail(format!("Nesting deeper than max_depth={limit}"), pos));
            }
        }
        let array = text[pos] == b'[';
        sink.open(array);
        self.brackets.push(if array { b']' } else { b'}' });
        self.state = if array { State::FirstValue } else { State::FirstKey };
        Ok(pos + 1)
    }

    fn close_container<S: Sink>(&mut self, text: &[u8], pos: usize, sink: &mut S) -> Step {
        let char = text[pos];
        if self.brackets.last() != Some(&char) {
            return Err(self.fail(format!("Mismatched {}", ascii_repr(&[char])), pos));
        }
        self.brackets.pop();
        sink.close();
        self.up();
        Ok(pos + 1)
    }

    // ----------------------------------------------------------------- errors

    /// Where the scanner is in the innermost container's member (for paths).
    pub fn where_(&self) -> Where {
        match self.state {
            State::Key | State::FirstKey => Where::Before,
            State::AfterValue | State::Done => Where::After,
            _ => Where::Inside,
        }
    }

    fn cut_off_reason(&self) -> String {
        match self.token {
            Token::String | Token::Key => "Unterminated string: the text ended inside it".into(),
            Token::Number => {
                format!("The text ended inside a number, before the JSON value did (still open: {})", self.closers())
            }
            Token::None if !self.carry.is_empty() => {
                format!("Unfinished token {}: the text ended inside it", ascii_repr(&self.carry))
            }
            Token::None if self.brackets.is_empty() => "Expecting value: the text holds no JSON value".into(),
            Token::None => format!("The text ended before the JSON value did (still open: {})", self.closers()),
        }
    }

    /// The brackets that would close the containers still open (the last 20 of them).
    fn closers(&self) -> String {
        let start = self.brackets.len().saturating_sub(20);
        let mut closers: String = self.brackets[start..].iter().rev().map(|&b| b as char).collect();
        if self.brackets.len() > 20 {
            closers.push_str(&format!("… ({} containers)", self.brackets.len()));
        }
        closers
    }
}

pub(crate) fn limit_message(limit: usize) -> String {
    format!("Integer part longer than max_int_digits={limit} digits")
}
