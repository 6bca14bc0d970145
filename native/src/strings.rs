//! String bodies that may arrive in pieces (the port of `jsonstream/strings.py`).
//!
//! Text is UTF-8, or WTF-8 when the Python chunk held lone surrogates; decoded text
//! is written the same way (a lone `\uD800` escape is kept as it is, as `json.loads`
//! keeps it), and turned into a Python `str` with the `surrogatepass` handler.

/// Invalid string content at `index` of the scanned text.
#[derive(Debug, PartialEq, Eq)]
pub struct StringError {
    pub index: usize,
    pub kind: StringErrorKind,
}

#[derive(Debug, PartialEq, Eq)]
pub enum StringErrorKind {
    /// A raw control character (strict mode); the character.
    Control(u8),
    Escape,
    Unicode,
}

/// How a scan ended: past the closing quote, or at the end of the text with
/// `text[stop..]` an unfinished escape to carry over (empty when the text ended
/// between characters).
#[derive(Debug, PartialEq, Eq)]
pub enum Scanned {
    Closed(usize),
    Open(usize),
}

/// Whether `byte` stops a run of characters that stand for themselves.
#[inline]
fn stops(byte: u8, strict: bool) -> bool {
    byte == b'"' || byte == b'\\' || (strict && byte < 0x20)
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether any byte of `word` is zero (the classic bit trick: exact, no false positive
/// once combined with `!word`).
#[inline]
fn has_zero(word: u64) -> bool {
    word.wrapping_sub(ONES) & !word & HIGHS != 0
}

/// Whether any byte of `word` is a quote, a backslash or (strict) below 0x20.
#[inline]
fn word_stops(word: u64, strict: bool) -> bool {
    let control = strict && (word.wrapping_sub(ONES * 0x20) & !word & HIGHS) != 0;
    control || has_zero(word ^ (ONES * u64::from(b'"'))) || has_zero(word ^ (ONES * u64::from(b'\\')))
}

/// The end of the run of plain characters from `pos` (eight bytes at a time).
#[inline]
pub fn plain_end(text: &[u8], mut pos: usize, strict: bool) -> usize {
    while pos + 8 <= text.len() {
        let word = u64::from_le_bytes(text[pos..pos + 8].try_into().expect("eight bytes"));
        if word_stops(word, strict) {
            break;
        }
        pos += 8;
    }
    while pos < text.len() && !stops(text[pos], strict) {
        pos += 1;
    }
    pos
}

fn hex_value(byte: u8) -> Option<u32> {
    (byte as char).to_digit(16)
}

/// The number of hex digits (at most 4) from `pos`.
fn hex_run(text: &[u8], pos: usize) -> usize {
    text[pos.min(text.len())..].iter().take(4).take_while(|b| b.is_ascii_hexdigit()).count()
}

/// The length of the longest prefix of `\uDCxx`..`\uDFxx` at `pos`.
fn low_surrogate_prefix(text: &[u8], pos: usize) -> usize {
    let rest = &text[pos.min(text.len())..];
    let mut n = 0;
    let checks: [fn(u8) -> bool; 6] = [
        |b| b == b'\\',
        |b| b == b'u',
        |b| b == b'd' || b == b'D',
        |b| matches!(b, b'c'..=b'f' | b'C'..=b'F'),
        |b| b.is_ascii_hexdigit(),
        |b| b.is_ascii_hexdigit(),
    ];
    while n < 6 && n < rest.len() && checks[n](rest[n]) {
        n += 1;
    }
    n
}

/// Write code point `code` (a surrogate too) as (generalised) UTF-8.
pub fn push_code_point(out: &mut Vec<u8>, code: u32) {
    if code < 0x80 {
        out.push(code as u8);
    } else if code < 0x800 {
        out.extend_from_slice(&[0xC0 | (code >> 6) as u8, 0x80 | (code & 0x3F) as u8]);
    } else if code < 0x10000 {
        out.extend_from_slice(&[
            0xE0 | (code >> 12) as u8,
            0x80 | ((code >> 6) & 0x3F) as u8,
            0x80 | (code & 0x3F) as u8,
        ]);
    } else {
        out.extend_from_slice(&[
            0xF0 | (code >> 18) as u8,
            0x80 | ((code >> 12) & 0x3F) as u8,
            0x80 | ((code >> 6) & 0x3F) as u8,
            0x80 | (code & 0x3F) as u8,
        ]);
    }
}

fn hex4(text: &[u8], pos: usize) -> u32 {
    text[pos..pos + 4].iter().fold(0, |acc, &b| acc * 16 + hex_value(b).unwrap_or(0))
}

/// Decode the string body starting at `text[pos]` into `out`; see [`Scanned`].
pub fn scan_string(text: &[u8], mut pos: usize, out: &mut Vec<u8>, strict: bool) -> Result<Scanned, StringError> {
    let n = text.len();
    loop {
        let end = plain_end(text, pos, strict);
        out.extend_from_slice(&text[pos..end]);
        pos = end;
        if pos == n {
            return Ok(Scanned::Open(n));
        }
        let byte = text[pos];
        if byte == b'"' {
            return Ok(Scanned::Closed(pos + 1));
        }
        if byte != b'\\' {
            return Err(StringError { index: pos, kind: StringErrorKind::Control(byte) });
        }
        if pos + 1 == n {
            return Ok(Scanned::Open(pos));
        }
        let simple = match text[pos + 1] {
            b'"' => Some(b'"'),
            b'\\' => Some(b'\\'),
            b'/' => Some(b'/'),
            b'b' => Some(8),
            b'f' => Some(12),
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            _ => None,
        };
        if let Some(simple) = simple {
            out.push(simple);
            pos += 2;
            continue;
        }
        if text[pos + 1] != b'u' {
            return Err(StringError { index: pos + 1, kind: StringErrorKind::Escape });
        }
        let hex_end = pos + 2 + hex_run(text, pos + 2);
        if hex_end - pos < 6 {
            if hex_end == n {
                return Ok(Scanned::Open(pos));
            }
            return Err(StringError { index: hex_end, kind: StringErrorKind::Unicode });
        }
        let code = hex4(text, pos + 2);
        if (0xD800..=0xDBFF).contains(&code) {
            let low_end = pos + 6 + low_surrogate_prefix(text, pos + 6);
            if low_end - pos == 12 {
                let low = hex4(text, pos + 8);
                push_code_point(out, 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00));
                pos += 12;
                continue;
            }
            if low_end == n {
                return Ok(Scanned::Open(pos));
            }
        }
        push_code_point(out, code);
        pos += 6;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &str, strict: bool) -> (Result<Scanned, StringError>, Vec<u8>) {
        let mut out = Vec::new();
        let result = scan_string(text.as_bytes(), 0, &mut out, strict);
        (result, out)
    }

    #[test]
    fn plain_and_escapes() {
        assert_eq!(scan(r#"ab\n\u00e9" x"#, true), (Ok(Scanned::Closed(11)), "ab\né".as_bytes().to_vec()));
        assert_eq!(scan(r#"\ud83d\ude00""#, true).1, "😀".as_bytes());
    }

    #[test]
    fn cut_off_escapes_are_carried() {
        assert_eq!(scan(r"ab\", true).0, Ok(Scanned::Open(2)));
        assert_eq!(scan(r"ab\u12", true).0, Ok(Scanned::Open(2)));
        assert_eq!(scan(r"\ud83d", true).0, Ok(Scanned::Open(0)));
        assert_eq!(scan(r"\ud83d\u", true).0, Ok(Scanned::Open(0)));
        assert_eq!(scan("abc", true), (Ok(Scanned::Open(3)), b"abc".to_vec()));
    }

    #[test]
    fn lone_surrogates_are_kept() {
        assert_eq!(scan(r#"\ud83dx""#, true).1, vec![0xED, 0xA0, 0xBD, b'x']);
    }

    #[test]
    fn runs_of_plain_characters() {
        let text = b"abcdefghijklmnop\"";
        assert_eq!(plain_end(text, 0, true), 16);
        assert_eq!(plain_end(b"abcdefgh\x1fijklmnop", 0, true), 8);
        assert_eq!(plain_end(b"abcdefgh\x1fijklmnop", 0, false), 17);
        assert_eq!(plain_end("ééééé\\x".as_bytes(), 0, true), 10);
        for index in 0..20 {
            let mut text = vec![b'a'; 20];
            text[index] = b'\\';
            assert_eq!(plain_end(&text, 0, true), index);
        }
    }

    #[test]
    fn errors() {
        assert_eq!(scan("a\x01", true).0, Err(StringError { index: 1, kind: StringErrorKind::Control(1) }));
        assert_eq!(scan("a\x01\"", false).0, Ok(Scanned::Closed(3)));
        assert_eq!(scan(r"\x", true).0, Err(StringError { index: 1, kind: StringErrorKind::Escape }));
        assert_eq!(scan(r"\u12x", true).0, Err(StringError { index: 4, kind: StringErrorKind::Unicode }));
    }
}
