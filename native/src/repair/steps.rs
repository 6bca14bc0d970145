//! The repairer's steps between tokens and in comments (the port of `repairer.py`'s
//! handlers): blank space, brackets, separators (a comma held until the next token
//! shows whether it was a trailing one), comments, and the text after the value.

use super::chars::{skip_chars, starts_word};
use super::flags::COMMENT;
use super::words::{Quote, LEFT_DOUBLE, LEFT_SINGLE};
use super::{Downstream, Expect, Mode, Repairer, Step, Stop, WRAPPER};

/// Comment text kept in a record (a longer comment is shortened).
const COMMENT_TEXT: usize = 200;

#[inline]
fn blank(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n')
}

fn skip_blank(text: &[u8], mut pos: usize) -> usize {
    while pos < text.len() && blank(text[pos]) {
        pos += 1;
    }
    pos
}

/// A separator with blank space around it, then a string's opening quote or something
/// that is not blank space, a comment or a bracket: the separator, the end, and
/// whether it ends with the quote.
fn separator_quote(text: &[u8], pos: usize) -> Option<(u8, usize, bool)> {
    let at = skip_blank(text, pos);
    let separator = *text.get(at).filter(|&&byte| byte == b',' || byte == b':')?;
    let next = skip_blank(text, at + 1);
    match *text.get(next)? {
        b'"' => Some((separator, next + 1, true)),
        b'/' | b'#' | b']' | b'}' => None,
        _ => Some((separator, next, false)),
    }
}

impl Repairer {
    pub(crate) fn step_out<D: Downstream>(&mut self, text: &[u8], pos: usize, down: &mut D) -> Step {
        let expect = self.expect;
        if expect == Expect::After || expect == Expect::Colon {
            // the commonest: ', "' or ': "' on one line
            if let Some((separator, end, quote)) = separator_quote(text, pos) {
                let fits = (expect == Expect::Colon) == (separator == b':') && self.stack.last() != Some(&WRAPPER);
                if fits && !(expect == Expect::After && self.hold_commas && !quote) {
                    return Ok(self.separator(text, pos, separator, end, quote));
                }
            }
        }
        let byte = text[pos];
        match byte {
            b' ' | b'\t' | b'\r' | b'\n' => Ok(self.space(text, pos)),
            b'"' | b'\'' => self.quote_token(text, pos, pos + 1, down),
            0xE2 if text[pos..].starts_with(LEFT_DOUBLE) || text[pos..].starts_with(LEFT_SINGLE) => {
                self.quote_token(text, pos, pos + 3, down)
            }
            b'{' | b'[' => self.open(text, pos, down),
            b'}' | b']' => self.close_token(text, pos, down),
            b',' => self.comma(text, pos, down),
            b':' => self.colon(text, pos, down),
            b'-' | b'+' | b'.' | b'0'..=b'9' => self.number(text, pos, down),
            b'/' => self.slash(text, pos, down),
            b'#' => self.hash(text, pos, down),
            _ if starts_word(text, pos) => self.word_token(text, pos, down),
            _ => self.invalid(text, pos, down),
        }
    }

    /// A `,` or `:` (and the blank space around it), then maybe a string's opening quote.
    fn separator(&mut self, text: &[u8], pos: usize, separator: u8, end: usize, quote: bool) -> usize {
        self.count_lines(text, pos, end, false);
        self.newline = false;
        self.expect = if separator == b':' || self.stack.last() == Some(&b'[') { Expect::Value } else { Expect::Key };
        if quote {
            self.is_key = self.expect == Expect::Key;
            self.quote = Quote::Double;
            self.mode = Mode::Str;
        }
        self.output.keep(text, pos, end);
        end
    }

    fn space(&mut self, text: &[u8], start: usize) -> usize {
        let end = skip_blank(text, start);
        self.count_lines(text, start, end, false);
        if !self.held.is_empty() {
            let at = self.output.at(text, start);
            self.hold(&text[start..end], at);
        } else {
            self.output.keep(text, start, end);
        }
        end
    }

    fn open<D: Downstream>(&mut self, text: &[u8], start: usize, down: &mut D) -> Step {
        if !self.prepare(text, start, false, false, down)? {
            return self.invalid(text, start, down);
        }
        let char = text[start];
        self.output.keep(text, start, start + 1);
        self.stack.push(char);
        self.expect = if char == b'{' { Expect::FirstKey } else { Expect::FirstValue };
        Ok(start + 1)
    }

    fn close_token<D: Downstream>(&mut self, text: &[u8], start: usize, down: &mut D) -> Step {
        let char = text[start];
        if !self.held.is_empty() {
            self.drop_trailing_comma(text, down)?;
        }
        let expect = self.expect;
        let first = if char == b'}' { Expect::FirstKey } else { Expect::FirstValue };
        let opener = if char == b'}' { b'{' } else { b'[' };
        if self.stack.last() == Some(&opener) && (expect == Expect::After || expect == first) {
            self.output.keep(text, start, start + 1);
            self.stack.pop();
            self.after_value();
            return Ok(start + 1);
        }
        if self.stack.last() == Some(&WRAPPER) {
            let at = self.output.at(text, start);
            return Err(self.fail(text, format!("Mismatched '{}'", char as char), at, down));
        }
        self.invalid(text, start, down)
    }

    fn comma<D: Downstream>(&mut self, text: &[u8], start: usize, down: &mut D) -> Step {
        if self.expect != Expect::After || !self.held.is_empty() {
            return self.invalid(text, start, down);
        }
        self.expect = if self.stack.last() == Some(&b'{') { Expect::Key } else { Expect::Value };
        self.newline = false;
        let end = start + 1;
        if self.hold_commas {
            let after = skip_blank(text, end);
            if after == text.len() || matches!(text[after], b']' | b'}' | b'/' | b'#') {
                // it may be a trailing comma: hold it
                let at = self.output.at(text, start);
                self.hold(b",", at);
                self.comma_where = self.where_(at);
                return Ok(end);
            }
        }
        self.output.keep(text, start, end);
        Ok(end)
    }

    fn colon<D: Downstream>(&mut self, text: &[u8], start: usize, down: &mut D) -> Step {
        if self.expect != Expect::Colon {
            return self.invalid(text, start, down);
        }
        self.output.keep(text, start, start + 1);
        self.expect = Expect::Value;
        Ok(start + 1)
    }

    /// After the value, with `trailing="ignore"`: what follows is not read, only handed on.
    pub(crate) fn step_trailing(&mut self, text: &[u8], pos: usize) -> usize {
        self.output.keep(text, pos, text.len());
        text.len()
    }

    fn slash<D: Downstream>(&mut self, text: &[u8], start: usize, down: &mut D) -> Step {
        if self.flags & COMMENT == 0 {
            return self.invalid(text, start, down);
        }
        let end = start + 1;
        if end == text.len() {
            self.slash_at = self.output.at(text, start);
            self.mode = Mode::Slash;
            return Ok(end);
        }
        if text[end] != b'/' && text[end] != b'*' {
            return self.invalid(text, start, down);
        }
        let at = self.output.at(text, start);
        self.comment_where = self.where_(at);
        Ok(self.begin_comment(&text[start..end + 1], end + 1))
    }

    /// The character after a `/` that ended the previous chunk.
    pub(crate) fn step_slash<D: Downstream>(&mut self, text: &[u8], pos: usize, down: &mut D) -> Step {
        self.mode = Mode::Out;
        if text[pos] != b'/' && text[pos] != b'*' {
            self.not_a_comment(text, down)?;
            return Ok(pos);
        }
        self.comment_where = self.where_(self.slash_at);
        let opener = [b'/', text[pos]];
        Ok(self.begin_comment(&opener, pos + 1))
    }

    /// The `/` that ended the previous chunk starts no comment: as `invalid` says.
    pub(crate) fn not_a_comment<D: Downstream>(&mut self, text: &[u8], down: &mut D) -> Result<(), Stop> {
        if self.ends_values(text, self.slash_at, down)? {
            self.output.verbatim(text, b"/", 1, self.slash_at); // ignored text after the values
            return Ok(());
        }
        self.release_held(text);
        self.output.verbatim(text, b"/", 1, self.slash_at);
        self.output.flush(text, down)?;
        Err(self.fail(text, "Unexpected '/'".into(), self.slash_at, down))
    }

    fn hash<D: Downstream>(&mut self, text: &[u8], start: usize, down: &mut D) -> Step {
        if self.flags & COMMENT == 0 {
            return self.invalid(text, start, down);
        }
        let at = self.output.at(text, start);
        self.comment_where = self.where_(at);
        Ok(self.begin_comment(b"#", start + 1))
    }

    fn begin_comment(&mut self, opener: &[u8], pos: usize) -> usize {
        self.comment.clear();
        self.comment.extend_from_slice(opener);
        self.comment_len = opener.len();
        self.star = false;
        self.mode = if opener == b"/*" { Mode::BlockComment } else { Mode::LineComment };
        pos
    }

    /// Keep `part` of the comment being read for its record (at most `COMMENT_TEXT` characters).
    fn keep_comment(&mut self, part: &[u8]) {
        let chars = crate::position::char_count(part);
        if self.comment_len < COMMENT_TEXT {
            let end = skip_chars(part, 0, COMMENT_TEXT - self.comment_len);
            self.comment.extend_from_slice(&part[..end]);
        }
        self.comment_len += chars;
    }

    pub(crate) fn step_line_comment<D: Downstream>(&mut self, text: &[u8], pos: usize, down: &mut D) -> Step {
        match memchr::memchr(b'\n', &text[pos..]) {
            None => {
                self.keep_comment(&text[pos..]);
                Ok(text.len())
            }
            Some(offset) => {
                let end = pos + offset;
                self.keep_comment(&text[pos..end]);
                self.end_comment(text, down)?;
                Ok(end) // the newline is blank space
            }
        }
    }

    pub(crate) fn step_block_comment<D: Downstream>(&mut self, text: &[u8], pos: usize, down: &mut D) -> Step {
        if self.star && text[pos] == b'/' {
            self.keep_comment(b"/");
            self.end_comment(text, down)?;
            return Ok(pos + 1);
        }
        let end = memchr::memmem::find(&text[pos..], b"*/").map(|offset| pos + offset);
        let stop = end.map_or(text.len(), |end| end + 2);
        self.keep_comment(&text[pos..stop]);
        self.count_lines(text, pos, stop, false);
        if end.is_none() {
            self.star = text.ends_with(b"*");
            return Ok(stop);
        }
        self.end_comment(text, down)?;
        Ok(stop)
    }

    pub(crate) fn end_comment<D: Downstream>(&mut self, text: &[u8], down: &mut D) -> Result<(), Stop> {
        self.mode = Mode::Out;
        let mut kept = std::mem::take(&mut self.comment);
        if self.comment_len > COMMENT_TEXT {
            kept.extend_from_slice("…".as_bytes());
        }
        let recorded = self.record(text, COMMENT, self.comment_where, &kept, b"", down);
        kept.clear();
        self.comment = kept;
        recorded
    }
}
