//! Byte chunks to text: incremental UTF-8, a character split across chunks held
//! back until its last byte arrives, a leading byte-order mark skipped (the port of
//! `jsonstream/decoding.py`).

use std::borrow::Cow;

/// Bytes that are not UTF-8, after `valid` text that was.
#[derive(Debug, PartialEq, Eq)]
pub struct InvalidUtf8 {
    pub valid: Vec<u8>,
    pub bad: Vec<u8>,
}

const BOM: &[u8] = "\u{feff}".as_bytes();

pub struct Utf8Input {
    pending: Vec<u8>,
    bom_possible: bool,
}

impl Utf8Input {
    pub fn new(at_start: bool) -> Self {
        Utf8Input { pending: Vec::new(), bom_possible: at_start }
    }

    /// Whether the bytes so far end inside a character.
    pub fn pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// The text of `chunk` (possibly empty), as UTF-8 bytes (the chunk itself when it can be).
    pub fn decode<'a>(&mut self, chunk: &'a [u8]) -> Result<Cow<'a, [u8]>, InvalidUtf8> {
        if self.pending.is_empty() && std::str::from_utf8(chunk).is_ok() {
            let skip = if self.bom_possible && !chunk.is_empty() {
                self.bom_possible = false;
                if chunk.starts_with(BOM) {
                    BOM.len()
                } else {
                    0
                }
            } else {
                0
            };
            return Ok(Cow::Borrowed(&chunk[skip..]));
        }
        self.decode_joined(chunk).map(Cow::Owned)
    }

    /// `decode` for a chunk that continues a character, or holds invalid bytes.
    fn decode_joined(&mut self, chunk: &[u8]) -> Result<Vec<u8>, InvalidUtf8> {
        let mut data = std::mem::take(&mut self.pending);
        data.extend_from_slice(chunk);
        match std::str::from_utf8(&data) {
            Ok(_) => Ok(self.without_bom(data)),
            Err(error) => {
                let valid_up_to = error.valid_up_to();
                let rest = &data[valid_up_to..];
                // As CPython's incremental decoder does (for surrogatepass): ED A0..BF at the very
                // end is held back as a truncated surrogate, and found invalid with the next byte.
                let truncated_surrogate = rest.len() == 2 && rest[0] == 0xED && (0xA0..=0xBF).contains(&rest[1]);
                match error.error_len().filter(|_| !truncated_surrogate) {
                    None => {
                        self.pending = data[valid_up_to..].to_vec();
                        data.truncate(valid_up_to);
                        Ok(self.without_bom(data))
                    }
                    Some(len) => {
                        let bad = data[valid_up_to..valid_up_to + len].to_vec();
                        data.truncate(valid_up_to);
                        Err(InvalidUtf8 { valid: self.without_bom(data), bad })
                    }
                }
            }
        }
    }

    fn without_bom(&mut self, text: Vec<u8>) -> Vec<u8> {
        if self.bom_possible && !text.is_empty() {
            self.bom_possible = false;
            if text.starts_with(BOM) {
                return text[BOM.len()..].to_vec();
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_characters_and_bom() {
        let mut input = Utf8Input::new(true);
        assert_eq!(input.decode(&[0xEF, 0xBB]).unwrap().as_ref(), b"");
        assert_eq!(input.decode(&[0xBF, b'1', 0xC3]).unwrap().as_ref(), b"1");
        assert!(input.pending());
        assert_eq!(input.decode(&[0xA9]).unwrap().as_ref(), "é".as_bytes());
    }

    #[test]
    fn invalid_bytes_after_valid_text() {
        let mut input = Utf8Input::new(false);
        assert_eq!(input.decode(&[0xC3]).unwrap().as_ref(), b"");
        let error = input.decode(&[0xA9, 0xFF]).unwrap_err();
        assert_eq!(error, InvalidUtf8 { valid: "é".as_bytes().to_vec(), bad: vec![0xFF] });
    }

    #[test]
    fn a_truncated_surrogate_waits_for_the_next_byte() {
        let mut input = Utf8Input::new(false);
        assert_eq!(input.decode(&[b'1', 0xED, 0xA0]).unwrap().as_ref(), b"1");
        assert_eq!(input.decode(&[0x80]).unwrap_err(), InvalidUtf8 { valid: vec![], bad: vec![0xED] });
    }
}
