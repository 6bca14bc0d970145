//! Numbers that may arrive in pieces: the grammar's state after each character
//! (the port of `NUMBER_PREFIX` and `STATE_OF_GROUP` in `jsonstream/numbers.py`).

/// Where a number's text stands: what may follow it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumState {
    Start,
    Minus,
    Zero,
    Int,
    Dot,
    Frac,
    E,
    ESign,
    Exp,
}

impl NumState {
    /// The state after `byte`, or None if `byte` does not continue the number.
    #[inline]
    pub fn next(self, byte: u8) -> Option<NumState> {
        use NumState::*;
        let digit = byte.is_ascii_digit();
        match self {
            Start if byte == b'-' => Some(Minus),
            Start | Minus if byte == b'0' => Some(Zero),
            Start | Minus if digit => Some(Int),
            Int if digit => Some(Int),
            Zero | Int if byte == b'.' => Some(Dot),
            Zero | Int | Frac if byte == b'e' || byte == b'E' => Some(E),
            Dot | Frac if digit => Some(Frac),
            E if byte == b'+' || byte == b'-' => Some(ESign),
            E | ESign | Exp if digit => Some(Exp),
            _ => None,
        }
    }

    /// Whether the text so far is a whole number (it may still grow).
    pub fn complete(self) -> bool {
        matches!(self, NumState::Zero | NumState::Int | NumState::Frac | NumState::Exp)
    }

    /// Whether the number is still its sign and integer part.
    pub fn integer(self) -> bool {
        matches!(self, NumState::Zero | NumState::Int)
    }

    /// How many trailing characters to drop so that the rest is a complete number.
    pub fn unfinished_tail(self) -> usize {
        match self {
            NumState::Dot | NumState::E => 1,
            NumState::ESign => 2,
            NumState::Start | NumState::Minus => 0,
            _ => 0,
        }
    }
}

/// The longest prefix of `text[start..]` that continues a number in `state`: its end and the state there.
#[inline]
pub fn take(text: &[u8], start: usize, mut state: NumState) -> (usize, NumState) {
    let mut pos = start;
    while pos < text.len() {
        match state.next(text[pos]) {
            Some(next) => state = next,
            None => break,
        }
        pos += 1;
    }
    (pos, state)
}

/// Whether `byte` can continue a number (one of them where a number stops makes it invalid).
pub fn number_char(byte: u8) -> bool {
    byte.is_ascii_digit() || matches!(byte, b'.' | b'e' | b'E' | b'+' | b'-')
}

/// How many digits the integer part of number text (or a prefix of one) has.
pub fn integer_digits(text: &[u8]) -> usize {
    let end = text.iter().position(|&b| matches!(b, b'.' | b'e' | b'E')).unwrap_or(text.len());
    end - usize::from(text.first() == Some(&b'-'))
}

/// Whether complete number text is a float (as `to_number` decides).
pub fn is_float(text: &[u8]) -> bool {
    text.iter().any(|&b| matches!(b, b'.' | b'e' | b'E'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states() {
        assert_eq!(take(b"-12.5e+3,", 0, NumState::Start), (8, NumState::Exp));
        assert_eq!(take(b"012", 0, NumState::Start), (1, NumState::Zero));
        assert_eq!(take(b"1.", 0, NumState::Start), (2, NumState::Dot));
        assert_eq!(take(b"5", 0, NumState::Dot), (1, NumState::Frac));
        assert_eq!(take(b"e", 0, NumState::Start), (0, NumState::Start));
        assert!(!NumState::ESign.complete());
        assert_eq!(integer_digits(b"-123.4"), 3);
    }
}
