//! The streaming repairer: near-JSON in, JSON out, in front of the strict scanner (the
//! port of the Python repairer's general path, `jsonstream/repairer.py` and the modules
//! it uses; the Python one stays the reference).
//!
//! A small state machine reads each chunk once and hands the scanner JSON text through
//! [`output::Output`], which maps the scanner's error positions back to the text as it
//! came. Positions are counted in characters, as in Python, while the text is UTF-8
//! (WTF-8) bytes. The parts: `output.rs` (the repaired text and its map back to the
//! input), `origin.rs` (the input kept for error excerpts), `state.rs` (the state and
//! the moves the steps share), `steps.rs` (between tokens and in comments),
//! `scalars.rs` (strings and numbers), `words.rs` (bare words, literals, quotes),
//! `chars.rs` (character classes on UTF-8 bytes).

mod chars;
pub mod origin;
pub mod output;
mod scalars;
mod state;
mod steps;
#[cfg(test)]
mod tests;
mod words;

use output::Output;
use words::Quote;

/// The `Repair` flags of `jsonstream/repairs.py` (`enum.auto()` values, in their order).
pub mod flags {
    pub const TRAILING_COMMA: u32 = 1;
    pub const COMMENT: u32 = 1 << 1;
    pub const SINGLE_QUOTES: u32 = 1 << 2;
    pub const SMART_QUOTES: u32 = 1 << 3;
    pub const PYTHON_LITERAL: u32 = 1 << 4;
    pub const UNQUOTED_KEY: u32 = 1 << 5;
    pub const MISSING_COMMA: u32 = 1 << 6;
    pub const MISSING_COLON: u32 = 1 << 7;
    pub const NAN_INFINITY: u32 = 1 << 8;
    pub const NUMBER_FORMAT: u32 = 1 << 9;
    pub const CONTROL_CHARACTER: u32 = 1 << 10;
    pub const SEVERAL_VALUES: u32 = 1 << 11;
    pub const TRUNCATED: u32 = 1 << 12;
}

/// What the repairer is reading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    Out,
    Str,
    Number,
    Word,
    LineComment,
    BlockComment,
    Slash,
    Trailing,
}

/// What may come next (the scanner's states, as far as the repairs need them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Expect {
    Value,
    FirstValue,
    Key,
    FirstKey,
    Colon,
    After,
    Done,
}

/// The bottom of the stack while several top-level values are read as one list.
pub(crate) const WRAPPER: u8 = b'W';

/// An input offset (characters), its line and its column.
pub type Where = (usize, usize, usize);

/// One repair made (see `repairs.RepairRecord`); texts are UTF-8 (WTF-8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub kind: u32,
    pub pos: usize,
    pub line: usize,
    pub column: usize,
    pub path: Vec<u8>,
    pub text: Vec<u8>,
    pub replacement: Vec<u8>,
}

/// An error located in the input, ready to become a Python exception.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub incomplete: bool,
    pub msg: String,
    pub pos: usize,
    pub line: usize,
    pub column: usize,
    pub excerpt: Vec<u8>,
    pub path: Vec<u8>,
}

/// Why the repairer stopped: an error it located, or one the engine holds (a Python one).
#[derive(Debug)]
pub enum Stop {
    Failed(Failure),
    Engine,
}

/// How the engine refused repaired text.
pub enum Refusal {
    /// A scanner error at byte `index` of the text sent (clamped to it).
    Scan { index: isize, msg: String, incomplete: bool },
    /// The engine holds the error itself.
    Held,
}

/// The engine behind the repairer: the scanner with the builder as its sink.
pub trait Downstream {
    /// Read repaired text.
    fn send(&mut self, text: &[u8]) -> Result<(), Refusal>;
    /// The input ended.
    fn close(&mut self) -> Result<(), Refusal>;
    /// The JSON Pointer being written.
    fn path(&self) -> Vec<u8>;
}

pub(crate) type Step = Result<usize, Stop>;

/// The options of one stream's repairer.
pub struct Options {
    /// The `Repair` flags.
    pub flags: u32,
    /// `strict=False`: control characters and NaN are not mistakes.
    pub lenient_input: bool,
    pub trailing_ignore: bool,
}

/// Repairs the text of one stream and feeds it on; see the module docs.
pub struct Repairer {
    pub(crate) flags: u32,
    pub(crate) lenient_input: bool,
    /// The scanner takes NaN and raw control characters (strict=False or NAN_INFINITY).
    pub(crate) engine_lenient: bool,
    pub(crate) trailing_ignore: bool,
    pub(crate) hold_commas: bool,
    pub(crate) several: bool,
    pub(crate) output: Output,
    pub records: Vec<Record>,
    pub(crate) mode: Mode,
    pub(crate) expect: Expect,
    /// `{`, `[` or `WRAPPER` for each open container.
    pub(crate) stack: Vec<u8>,
    /// Input offset of the chunk being read, and input characters received.
    pub(crate) base: usize,
    pub(crate) in_len: usize,
    pub(crate) line: usize,
    pub(crate) line_start: usize,
    /// A newline since the last value (a missing comma may be repaired).
    pub(crate) newline: bool,
    /// A held comma and the blank space after it: (start, end) in `held_text`, input offset.
    pub(crate) held: Vec<(usize, usize, usize)>,
    pub(crate) held_text: Vec<u8>,
    pub(crate) comma_where: Where,
    pub(crate) values: usize,
    /// The quotes of the string being read.
    pub(crate) quote: Quote,
    pub(crate) is_key: bool,
    /// A backslash that ended the previous chunk, inside a string.
    pub(crate) escape_at: Option<usize>,
    /// The last character of the number being read (0: none).
    pub(crate) num_last: u8,
    /// A held `-` that may start `-Infinity`.
    pub(crate) minus_at: Option<usize>,
    pub(crate) word: Vec<u8>,
    pub(crate) word_len: usize,
    pub(crate) word_where: Where,
    /// A literal handed on at the end of a chunk.
    pub(crate) word_shown: bool,
    pub(crate) comment: Vec<u8>,
    pub(crate) comment_len: usize,
    pub(crate) comment_where: Where,
    /// A block comment's chunk ended in `*`.
    pub(crate) star: bool,
    pub(crate) slash_at: usize,
}

impl Repairer {
    pub fn new(options: Options) -> Self {
        let flags = options.flags;
        Repairer {
            flags,
            lenient_input: options.lenient_input,
            engine_lenient: options.lenient_input || flags & flags::NAN_INFINITY != 0,
            trailing_ignore: options.trailing_ignore,
            hold_commas: flags & flags::TRAILING_COMMA != 0,
            several: flags & flags::SEVERAL_VALUES != 0,
            output: Output::new(),
            records: Vec::new(),
            mode: Mode::Out,
            expect: Expect::Value,
            stack: Vec::new(),
            base: 0,
            in_len: 0,
            line: 1,
            line_start: 0,
            newline: false,
            held: Vec::new(),
            held_text: Vec::new(),
            comma_where: (0, 1, 1),
            values: 0,
            quote: Quote::Double,
            is_key: false,
            escape_at: None,
            num_last: 0,
            minus_at: None,
            word: Vec::new(),
            word_len: 0,
            word_where: (0, 1, 1),
            word_shown: false,
            comment: Vec::new(),
            comment_len: 0,
            comment_where: (0, 1, 1),
            star: false,
            slash_at: 0,
        }
    }

    /// Whether no input has arrived yet.
    pub fn at_start(&self) -> bool {
        self.in_len == 0
    }

    /// Repair the next (non-empty) chunk of `chars` characters and feed it on.
    pub fn feed<D: Downstream>(&mut self, chunk: &[u8], chars: usize, down: &mut D) -> Result<(), Stop> {
        self.output.origin.push(chunk, chars);
        self.base = self.in_len;
        self.in_len += chars;
        self.output.start(self.base, chars, chars == chunk.len());
        let mut pos = 0;
        while pos < chunk.len() {
            pos = self.step(chunk, pos, down)?;
        }
        self.output.flush(chunk, down)
    }

    fn step<D: Downstream>(&mut self, text: &[u8], pos: usize, down: &mut D) -> Step {
        match self.mode {
            Mode::Out => self.step_out(text, pos, down),
            Mode::Str => self.step_string(text, pos, down),
            Mode::Number => self.step_number(text, pos, down),
            Mode::Word => self.step_word(text, pos, down),
            Mode::LineComment => self.step_line_comment(text, pos, down),
            Mode::BlockComment => self.step_block_comment(text, pos, down),
            Mode::Slash => self.step_slash(text, pos, down),
            Mode::Trailing => Ok(self.step_trailing(text, pos)),
        }
    }

    /// The input ended: finish what is held, then let the engine say whether the value is complete.
    pub fn close<D: Downstream>(&mut self, down: &mut D) -> Result<(), Stop> {
        self.base = self.in_len;
        self.output.start(self.in_len, 0, true);
        match self.mode {
            Mode::Number => self.end_number(b"", self.in_len, down)?,
            Mode::Word => self.finish_word(b"", true, down)?,
            Mode::LineComment => self.end_comment(b"", down)?,
            Mode::BlockComment => {
                return Err(self.error_here(true, "The text ended inside a /* comment */", down));
            }
            Mode::Slash => self.not_a_comment(b"", down)?,
            Mode::Str => {
                if let Some(at) = self.escape_at {
                    self.output.verbatim(b"", b"\\", 1, at);
                }
            }
            _ => {}
        }
        if !self.held.is_empty() && self.stack == [WRAPPER] {
            self.drop_trailing_comma(b"", down)?;
        }
        self.release_held(b"");
        if self.stack == [WRAPPER] && self.expect == Expect::After {
            self.output.synth(b"", b"]", self.in_len);
            self.stack.pop();
        }
        self.output.flush(b"", down)?;
        match down.close() {
            Ok(()) => Ok(()),
            Err(Refusal::Held) => Err(Stop::Engine),
            Err(Refusal::Scan { msg, incomplete, .. }) => {
                // at the end of the output: at the end of the input
                Err(self.located(incomplete, msg, self.in_len as isize, down))
            }
        }
    }

    /// An error at input offset `at`, located and excerpted in the input.
    pub(crate) fn located<D: Downstream>(&self, incomplete: bool, msg: String, at: isize, down: &D) -> Stop {
        Stop::Failed(self.output.origin.failure(incomplete, msg, at, down.path()))
    }

    /// An error where the input read so far ends.
    fn error_here<D: Downstream>(&self, incomplete: bool, msg: &str, down: &D) -> Stop {
        Stop::Failed(self.failure_here(incomplete, msg, down.path()))
    }

    /// An error where the input read so far ends, at `path` (the façade's own errors, too).
    pub fn failure_here(&self, incomplete: bool, msg: &str, path: Vec<u8>) -> Failure {
        self.output.origin.failure(incomplete, msg.to_string(), self.in_len as isize, path)
    }
}
