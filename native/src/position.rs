//! Where an error is in the stream: offset, line and column in characters, and an
//! excerpt (the port of `errors.Position`). Only the last `EXCERPT` characters read
//! are kept.

pub const EXCERPT: usize = 24;

/// Counts characters (code points) of UTF-8/WTF-8 text: every byte that does not continue one.
#[inline]
pub fn char_count(text: &[u8]) -> usize {
    text.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

/// The byte index of the character `chars` characters from the end of `text` (0 if fewer).
fn last_chars_start(text: &[u8], chars: usize) -> usize {
    let mut seen = 0;
    for index in (0..text.len()).rev() {
        if (text[index] & 0xC0) != 0x80 {
            seen += 1;
            if seen == chars {
                return index;
            }
        }
    }
    0
}

/// The first `chars` characters of `text`.
fn first_chars(text: &[u8], chars: usize) -> &[u8] {
    let mut seen = 0;
    for (index, &b) in text.iter().enumerate() {
        if (b & 0xC0) != 0x80 {
            if seen == chars {
                return &text[..index];
            }
            seen += 1;
        }
    }
    text
}

/// A located error, ready to become a Python exception.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub excerpt: Vec<u8>,
    pub pos: usize,
    pub line: usize,
    pub column: usize,
}

#[derive(Default)]
pub struct Position {
    /// Characters read before the current chunk.
    pub offset: usize,
    line: usize,
    /// Offset of the first character of the current line.
    line_start: usize,
    /// The last `EXCERPT` characters read.
    tail: Vec<u8>,
}

impl Position {
    pub fn new() -> Self {
        Position { offset: 0, line: 1, line_start: 0, tail: Vec::new() }
    }

    /// Whether nothing has been read yet.
    pub fn at_start(&self) -> bool {
        self.offset == 0
    }

    /// Count a chunk of `chars` characters that was read.
    pub fn consumed(&mut self, chunk: &[u8], chars: usize, ascii: bool) {
        if let Some(last) = memrchr(b'\n', chunk) {
            self.line += newlines(&chunk[..=last]);
            let before = if ascii { last } else { char_count(&chunk[..last]) };
            self.line_start = self.offset + before + 1;
        }
        self.offset += chars;
        if chars >= EXCERPT {
            let start = last_chars_start(chunk, EXCERPT);
            self.tail.clear();
            self.tail.extend_from_slice(&chunk[start..]);
        } else {
            self.tail.extend_from_slice(chunk);
            let start = last_chars_start(&self.tail, EXCERPT);
            self.tail.drain(..start);
        }
    }

    /// Locate an error at byte `index` of `chunk`, the chunk being read (clamped to it).
    pub fn locate(&self, chunk: &[u8], index: isize) -> Located {
        let index = (index.max(0) as usize).min(chunk.len());
        let head = &chunk[..index];
        let chars = char_count(head);
        let line = self.line + newlines(head);
        let column = match memrchr(b'\n', head) {
            Some(newline) => char_count(&head[newline..]),
            None => self.offset + chars - self.line_start + 1,
        };
        let mut before = self.tail.clone();
        before.extend_from_slice(head);
        let start = last_chars_start(&before, EXCERPT);
        let mut excerpt = before[start..].to_vec();
        excerpt.extend_from_slice(b">>>");
        excerpt.extend_from_slice(first_chars(&chunk[index..], EXCERPT));
        Located { excerpt, pos: self.offset + chars, line, column }
    }
}

fn memrchr(needle: u8, text: &[u8]) -> Option<usize> {
    memchr::memrchr(needle, text)
}

fn newlines(text: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', text).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_columns_and_excerpt() {
        let mut position = Position::new();
        position.consumed(b"{\n  \"a\": ", 9, true);
        let located = position.locate(b"xy", 1);
        assert_eq!((located.pos, located.line, located.column), (10, 2, 9));
        assert_eq!(located.excerpt, b"{\n  \"a\": x>>>y".to_vec());
        let located = position.locate(b"a\nbc", 3);
        assert_eq!((located.line, located.column), (3, 2));
    }

    #[test]
    fn excerpt_keeps_the_last_characters() {
        let mut position = Position::new();
        position.consumed("é".repeat(30).as_bytes(), 30, false);
        let located = position.locate(b"", 0);
        assert_eq!(located.excerpt, format!("{}>>>", "é".repeat(24)).into_bytes());
    }
}
