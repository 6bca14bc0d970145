//! Characters of UTF-8 (WTF-8) text as the repairer's Python patterns class them.
//!
//! Python's `\w` is Unicode (`str.isalnum()` or `_`); here a word character is
//! `char::is_alphanumeric()` or `_`, and a word starts with `char::is_alphabetic()`
//! or `_` (Python: `\w` but not a decimal digit). They differ only outside ASCII: Rust
//! counts combining marks of the Other_Alphabetic property as letters (Python does
//! not), and Python lets a non-decimal numeric character (`²`, `Ⅻ`) start a word.
//! `char_repr` follows Python's `repr` as far as Rust knows which characters print.

/// The length in bytes of the character that starts with `lead`.
#[inline]
pub(crate) fn char_len(lead: u8) -> usize {
    match lead {
        0..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// The byte index `chars` characters after byte `start` (the end if fewer).
pub(crate) fn skip_chars(text: &[u8], start: usize, chars: usize) -> usize {
    let mut index = start;
    for _ in 0..chars {
        if index >= text.len() {
            break;
        }
        index += char_len(text[index]);
    }
    index.min(text.len())
}

/// The character at `text[pos]` (a lone surrogate of WTF-8 as U+FFFD: no class holds either).
pub(crate) fn char_at(text: &[u8], pos: usize) -> char {
    let end = (pos + char_len(text[pos])).min(text.len());
    std::str::from_utf8(&text[pos..end]).ok().and_then(|s| s.chars().next()).unwrap_or('\u{FFFD}')
}

/// Whether a bare word may start with the character at `text[pos]` (`[^\W\d]|\$`).
pub(crate) fn starts_word(text: &[u8], pos: usize) -> bool {
    let byte = text[pos];
    if byte < 0x80 {
        return byte.is_ascii_alphabetic() || byte == b'_' || byte == b'$';
    }
    char_at(text, pos).is_alphabetic()
}

/// The end of the run of word characters from `pos` (`[\w$\-]*`).
pub(crate) fn word_end(text: &[u8], mut pos: usize) -> usize {
    while pos < text.len() {
        let byte = text[pos];
        if byte < 0x80 {
            if !(byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'$' | b'-')) {
                break;
            }
            pos += 1;
        } else if char_at(text, pos).is_alphanumeric() {
            pos += char_len(byte);
        } else {
            break;
        }
    }
    pos.min(text.len())
}

/// Whether the character at `text[pos]` is a letter (`str.isalpha()`, as Rust knows letters).
pub(crate) fn is_alpha(text: &[u8], pos: usize) -> bool {
    char_at(text, pos).is_alphabetic()
}

/// Python's `repr` of the one character at `text[pos]`.
pub(crate) fn char_repr(text: &[u8], pos: usize) -> String {
    let end = (pos + char_len(text[pos])).min(text.len());
    let c = match std::str::from_utf8(&text[pos..end]).ok().and_then(|s| s.chars().next()) {
        Some(c) => c,
        None => {
            let code = 0xD000 | (u32::from(text[pos + 1] & 0x3F) << 6) | u32::from(text[pos + 2] & 0x3F);
            return format!("'\\u{code:04x}'");
        }
    };
    match c {
        '\'' => "\"'\"".into(),
        '\\' => "'\\\\'".into(),
        '\t' => "'\\t'".into(),
        '\n' => "'\\n'".into(),
        '\r' => "'\\r'".into(),
        c if (c as u32) < 0x20 || (0x7F..0xA0).contains(&(c as u32)) || c == '\u{AD}' => {
            format!("'\\x{:02x}'", c as u32)
        }
        c if !printable(c) && (c as u32) <= 0xFFFF => format!("'\\u{:04x}'", c as u32),
        c if !printable(c) => format!("'\\U{:08x}'", c as u32),
        c => format!("'{c}'"),
    }
}

/// Python's `str.isprintable()` as far as Rust can tell: not a control, format or
/// separator character (other than the space).
fn printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    let code = c as u32;
    let format = matches!(code, 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E
        | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB | 0xE0001 | 0xE0020..=0xE007F);
    let private = matches!(code, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD);
    !(c.is_control() || c.is_whitespace() || format || private)
}
