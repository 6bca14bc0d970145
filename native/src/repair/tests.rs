//! Unit tests of the repairer's pieces, on a downstream that only records what it is sent.

use super::{flags, Downstream, Options, Refusal, Repairer, Stop};

/// Collects the repaired text; refuses nothing.
#[derive(Default)]
struct Collect(Vec<u8>);

impl Downstream for Collect {
    fn send(&mut self, text: &[u8]) -> Result<(), Refusal> {
        self.0.extend_from_slice(text);
        Ok(())
    }
    fn close(&mut self) -> Result<(), Refusal> {
        Ok(())
    }
    fn path(&self) -> Vec<u8> {
        Vec::new()
    }
}

fn repaired(chunks: &[&str], flags: u32) -> (String, Vec<(u32, usize)>) {
    let mut repairer = Repairer::new(Options { flags, lenient_input: false, trailing_ignore: false });
    let mut down = Collect::default();
    for chunk in chunks {
        repairer.feed(chunk.as_bytes(), chunk.chars().count(), &mut down).expect("repairable");
    }
    repairer.close(&mut down).expect("closed");
    let records = repairer.records.iter().map(|record| (record.kind, record.pos)).collect();
    (String::from_utf8(down.0).expect("UTF-8"), records)
}

const DEFAULT: u32 = (1 << 11) - 1;

#[test]
fn valid_json_goes_through_unchanged() {
    let text = r#"{"a": [1, 2.5, "x\"y"], "b": null}"#;
    assert_eq!(repaired(&[text], DEFAULT), (text.to_string(), vec![]));
}

#[test]
fn quotes_keys_commas_and_literals_in_any_cutting() {
    let text = "{a: 'x', // note\n “b”: [True, .5, 1.,],}";
    let whole = repaired(&[text], DEFAULT);
    assert_eq!(whole.0, "{\"a\": \"x\", \n \"b\": [true, 0.5, 1.0]}");
    let chars: Vec<String> = text.chars().map(String::from).collect();
    let pieces: Vec<&str> = chars.iter().map(String::as_str).collect();
    assert_eq!(repaired(&pieces, DEFAULT), whole);
}

#[test]
fn positions_count_characters_not_bytes() {
    let (_, records) = repaired(&["[“é”, 'x']"], DEFAULT);
    assert_eq!(records, vec![(flags::SMART_QUOTES, 1), (flags::SINGLE_QUOTES, 6)]);
}

#[test]
fn several_values_are_read_as_a_list() {
    let (text, records) = repaired(&["1\n2"], DEFAULT | flags::SEVERAL_VALUES);
    assert_eq!(text, "[1\n,2]");
    assert_eq!(records, vec![(flags::SEVERAL_VALUES, 2)]);
}

#[test]
fn a_bare_word_is_refused_at_its_start() {
    let mut repairer = Repairer::new(Options { flags: DEFAULT, lenient_input: false, trailing_ignore: false });
    let mut down = Collect::default();
    match repairer.feed(b"[1, nope]", 9, &mut down) {
        Err(Stop::Failed(failure)) => {
            assert_eq!((failure.pos, failure.column), (4, 5));
            assert_eq!(failure.excerpt, b"[1, >>>nope]".to_vec());
        }
        other => panic!("expected a failure, got {other:?}"),
    }
}
