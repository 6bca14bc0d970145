//! The input as it came, kept for the positions and excerpts of errors (the port of
//! `errors.Position` as the Python repairer uses it): the last chunks received, at
//! most `LIMIT` of them; past that the older ones are counted into the offset and
//! line and dropped, `EXCERPT` chunks staying. Chunks sit in one buffer, so keeping
//! one costs a copy and no allocation.

use super::Failure;
use crate::position::{char_count, EXCERPT};
use crate::repair::chars::skip_chars;

/// The chunks kept before the older ones are dropped (`Position.LIMIT`).
const LIMIT: usize = 64;

pub struct Origin {
    /// Characters before the chunks kept, the line there and the offset that line starts at.
    offset: usize,
    line: usize,
    line_start: usize,
    /// The chunks kept, one after another, and each one's length in bytes and characters.
    text: Vec<u8>,
    chunks: Vec<(usize, usize)>,
}

impl Default for Origin {
    fn default() -> Self {
        Self::new()
    }
}

impl Origin {
    pub fn new() -> Self {
        Origin { offset: 0, line: 1, line_start: 0, text: Vec::new(), chunks: Vec::new() }
    }

    /// Keep a chunk of `chars` characters.
    pub fn push(&mut self, chunk: &[u8], chars: usize) {
        self.text.extend_from_slice(chunk);
        self.chunks.push((chunk.len(), chars));
        if self.chunks.len() > LIMIT {
            self.trim(self.chunks.len() - EXCERPT);
        }
    }

    /// Count the first `count` chunks kept into the offset and line, and drop them.
    fn trim(&mut self, count: usize) {
        let (bytes, chars) = self.chunks[..count].iter().fold((0, 0), |(b, c), &(nb, nc)| (b + nb, c + nc));
        let dropped = &self.text[..bytes];
        if let Some(last) = memchr::memrchr(b'\n', dropped) {
            self.line += memchr::memchr_iter(b'\n', dropped).count();
            self.line_start = self.offset + char_count(&dropped[..last]) + 1;
        }
        self.offset += chars;
        self.text.drain(..bytes);
        self.chunks.drain(..count);
    }

    /// An error at input offset `pos` (clamped to the text kept), located and excerpted.
    pub fn failure(&self, incomplete: bool, msg: String, pos: isize, path: Vec<u8>) -> Failure {
        let kept: usize = self.chunks.iter().map(|&(_, chars)| chars).sum();
        let index = (pos - self.offset as isize).clamp(0, kept as isize) as usize;
        let split = skip_chars(&self.text, 0, index);
        let head = &self.text[..split];
        let line = self.line + memchr::memchr_iter(b'\n', head).count();
        let column = match memchr::memrchr(b'\n', head) {
            Some(newline) => char_count(&head[newline..]),
            None => self.offset + index - self.line_start + 1,
        };
        let from = skip_chars(&self.text, 0, index.saturating_sub(EXCERPT));
        let to = skip_chars(&self.text, split, EXCERPT);
        let mut excerpt = self.text[from..split].to_vec();
        excerpt.extend_from_slice(b">>>");
        excerpt.extend_from_slice(&self.text[split..to]);
        Failure { incomplete, msg, pos: self.offset + index, line, column, excerpt, path }
    }
}
