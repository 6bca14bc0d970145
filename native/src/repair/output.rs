//! The repaired text on its way to the scanner, and the map back to the text as it
//! came (the port of `repair_output.RepairedOutput`).
//!
//! What the repairer hands on is either copied from the input (*verbatim*: runs of the
//! chunk being read are only marked, and the whole chunk is handed on without a copy
//! when nothing else was) or made up (*synthesized*: an inserted comma, a double quote
//! standing for a single one). A breakpoint is kept wherever the two texts stop running
//! in step, so a scanner error at an offset of the repaired text is located at the
//! offset of the input that produced it. Old breakpoints are dropped: memory stays bounded.

use super::origin::Origin;
use super::{Downstream, Refusal, Stop};
use crate::position::char_count;

/// The breakpoints kept: when there are more, the older half is dropped.
const KEEP: usize = 512;

pub struct Output {
    /// Output made or copied, not yet sent.
    pieces: Vec<u8>,
    /// Characters of output (sent or not), and of output sent.
    pub(crate) out_len: usize,
    sent: usize,
    /// The input offset that continues the last verbatim piece (None: it was made up).
    next_in: Option<usize>,
    /// Where each run of output starts, the input offset it stands for, and whether it is copied.
    bp_out: Vec<usize>,
    bp_in: Vec<usize>,
    bp_verbatim: Vec<bool>,
    pub origin: Origin,
    /// The chunk being read: its input offset, characters, and whether it is ASCII.
    base: usize,
    chunk_chars: usize,
    ascii: bool,
    /// A byte index of the chunk and the characters before it (to count characters once).
    cursor: (usize, usize),
    /// `chunk[kept_from..kept_to]` is handed on as it came, not copied yet.
    kept_from: usize,
    kept_to: usize,
}

impl Default for Output {
    fn default() -> Self {
        Self::new()
    }
}

impl Output {
    pub fn new() -> Self {
        Output {
            pieces: Vec::new(),
            out_len: 0,
            sent: 0,
            next_in: Some(0),
            bp_out: vec![0],
            bp_in: vec![0],
            bp_verbatim: vec![true],
            origin: Origin::new(),
            base: 0,
            chunk_chars: 0,
            ascii: true,
            cursor: (0, 0),
            kept_from: 0,
            kept_to: 0,
        }
    }

    /// A new chunk of `chars` characters at input offset `base`.
    pub fn start(&mut self, base: usize, chars: usize, ascii: bool) {
        self.base = base;
        self.chunk_chars = chars;
        self.ascii = ascii;
        self.cursor = (0, 0);
        self.kept_from = 0;
        self.kept_to = 0;
    }

    /// The input offset of byte `index` of the chunk.
    pub fn at(&mut self, chunk: &[u8], index: usize) -> usize {
        if self.ascii {
            return self.base + index;
        }
        let (byte, chars) = self.cursor;
        let chars = if index >= byte {
            chars + char_count(&chunk[byte..index])
        } else {
            chars - char_count(&chunk[index..byte])
        };
        self.cursor = (index, chars);
        self.base + chars
    }

    /// The byte index of the chunk's character `chars` characters from its start.
    pub fn byte_of(&self, chunk: &[u8], chars: usize) -> usize {
        if self.ascii {
            return chars;
        }
        crate::repair::chars::skip_chars(chunk, 0, chars)
    }

    /// Hand on `chunk[start..end]` as it came (runs kept one after another cost nothing).
    pub fn keep(&mut self, chunk: &[u8], start: usize, end: usize) {
        if start != self.kept_to {
            self.commit(chunk);
            self.kept_from = start;
        }
        self.kept_to = end;
    }

    fn commit(&mut self, chunk: &[u8]) {
        if self.kept_to > self.kept_from {
            let (start, end) = (self.kept_from, self.kept_to);
            self.kept_from = end;
            let at = self.at(chunk, start);
            let chars = self.at(chunk, end) - at;
            self.verbatim(chunk, &chunk[start..end], chars, at);
        }
    }

    /// Hand on `text` (`chars` characters), copied from the input at offset `at`.
    pub fn verbatim(&mut self, chunk: &[u8], text: &[u8], chars: usize, at: usize) {
        self.commit(chunk);
        if self.next_in != Some(at) {
            self.breakpoint(at, true);
        }
        self.pieces.extend_from_slice(text);
        self.out_len += chars;
        self.next_in = Some(at + chars);
    }

    /// Hand on ASCII `text`, made up in place of (or in front of) the input at offset `at`.
    pub fn synth(&mut self, chunk: &[u8], text: &[u8], at: usize) {
        self.commit(chunk);
        self.breakpoint(at, false);
        self.pieces.extend_from_slice(text);
        self.out_len += text.len();
        self.next_in = None;
    }

    fn breakpoint(&mut self, at: usize, verbatim: bool) {
        if self.bp_out.len() > KEEP {
            let half = KEEP / 2;
            self.bp_out.drain(..half);
            self.bp_in.drain(..half);
            self.bp_verbatim.drain(..half);
        }
        self.bp_out.push(self.out_len);
        self.bp_in.push(at);
        self.bp_verbatim.push(verbatim);
    }

    /// Send what was collected to the engine.
    pub fn flush<D: Downstream>(&mut self, chunk: &[u8], down: &mut D) -> Result<(), Stop> {
        if self.kept_to > self.kept_from {
            let whole = self.kept_to - self.kept_from == chunk.len();
            if self.pieces.is_empty() && whole && self.next_in == Some(self.base) {
                self.kept_from = self.kept_to; // the whole chunk as it came: the commonest case
                self.out_len += self.chunk_chars;
                self.next_in = Some(self.base + self.chunk_chars);
                return self.send(chunk, down);
            }
            self.commit(chunk);
        }
        if self.pieces.is_empty() {
            return Ok(());
        }
        let pieces = std::mem::take(&mut self.pieces);
        let sent = self.send(&pieces, down);
        self.pieces = pieces;
        self.pieces.clear();
        sent
    }

    fn send<D: Downstream>(&mut self, text: &[u8], down: &mut D) -> Result<(), Stop> {
        let before = self.sent;
        self.sent = self.out_len;
        match down.send(text) {
            Ok(()) => Ok(()),
            Err(Refusal::Held) => Err(Stop::Engine),
            Err(Refusal::Scan { index, msg, incomplete }) => {
                let index = (index.max(0) as usize).min(text.len());
                let out = before + char_count(&text[..index]);
                let at = self.input_offset(out);
                Err(Stop::Failed(self.origin.failure(incomplete, msg, at, down.path())))
            }
        }
    }

    /// The offset in the input of the output character at `out`.
    pub fn input_offset(&self, out: usize) -> isize {
        let k = self.bp_out.partition_point(|&start| start <= out).saturating_sub(1);
        let start = self.bp_in[k] as isize;
        if self.bp_verbatim[k] {
            start + (out as isize - self.bp_out[k] as isize)
        } else {
            start
        }
    }
}
