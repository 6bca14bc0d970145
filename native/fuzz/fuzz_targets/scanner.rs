//! Fuzz the scanner: any bytes, cut into chunks at fuzzer-chosen places, in strict or
//! lenient mode. It must never panic, must report errors inside the chunk being read,
//! and must reach the same verdict (valid, or the same error message) whatever the cuts.
#![no_main]

use chunkwise_native::numbers::NumState;
use chunkwise_native::scanner::{Options, Scalar, ScanError, Scanner, Sink};
use libfuzzer_sys::fuzz_target;

/// A sink that only checks that the scanner's notifications nest.
#[derive(Default)]
struct Nesting {
    depth: usize,
    partial: bool,
}

impl Sink for Nesting {
    fn open(&mut self, _array: bool) {
        assert!(!self.partial);
        self.depth += 1;
    }
    fn close(&mut self) {
        assert!(self.depth > 0 && !self.partial);
        self.depth -= 1;
    }
    fn key(&mut self, _key: &[u8]) {}
    fn scalar(&mut self, _value: Scalar<'_>) {
        assert!(!self.partial);
    }
    fn string_started(&mut self, _text: &[u8]) {
        self.partial = true;
    }
    fn string_grew(&mut self, text: &[u8]) {
        assert!(self.partial && !text.is_empty());
    }
    fn string_ended(&mut self, _text: &[u8]) {
        assert!(self.partial);
        self.partial = false;
    }
    fn number_started(&mut self, _text: &[u8], _state: NumState) {
        self.partial = true;
    }
    fn number_more(&mut self, _text: &[u8], _state: NumState) {}
    fn number_grew(&mut self) {}
    fn number_ended(&mut self) {
        assert!(self.partial);
        self.partial = false;
    }
}

/// The verdict on `chunks`: None if valid and complete, else the first error's message.
fn verdict(chunks: &[&[u8]], strict: bool) -> Option<String> {
    let options = Options { strict, trailing_ignore: false, max_depth: Some(64), max_int_digits: Some(50) };
    let mut scanner = Scanner::new(options);
    let mut sink = Nesting::default();
    for chunk in chunks.iter().filter(|chunk| !chunk.is_empty()) {
        if let Err(ScanError { msg, index, .. }) = scanner.feed(chunk, &mut sink) {
            assert!(index <= chunk.len() as isize, "error index {index} past a chunk of {}", chunk.len());
            return Some(msg);
        }
    }
    scanner.close(&mut sink).err().map(|error| error.msg)
}

fuzz_target!(|data: &[u8]| {
    let Some((&control, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let bytes = text.as_bytes();
    let strict = control & 1 == 0;
    // Cut at character boundaries, every (control >> 1) + 1 characters.
    let step = usize::from(control >> 1) % 8 + 1;
    let bounds: Vec<usize> = text.char_indices().map(|(index, _)| index).step_by(step).chain([bytes.len()]).collect();
    let chunks: Vec<&[u8]> = bounds.windows(2).map(|pair| &bytes[pair[0]..pair[1]]).collect();
    let whole = verdict(&[bytes], strict);
    let cut = verdict(&chunks, strict);
    assert_eq!(whole, cut, "the verdict depends on the chunking: {text:?}");
});
