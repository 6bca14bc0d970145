//! Unit tests of the scanner with a recording sink (no Python involved).

use crate::numbers::NumState;
use crate::scanner::{Options, Scalar, ScanError, Scanner, Sink, State};

/// Records the notifications as short strings.
#[derive(Default)]
struct Record(Vec<String>);

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

impl Sink for Record {
    fn open(&mut self, array: bool) {
        self.0.push(if array { "[" } else { "{" }.into());
    }
    fn close(&mut self) {
        self.0.push("close".into());
    }
    fn key(&mut self, key: &[u8]) {
        self.0.push(format!("key {}", text(key)));
    }
    fn scalar(&mut self, value: Scalar<'_>) {
        self.0.push(match value {
            Scalar::Str(value) => format!("str {}", text(value)),
            Scalar::Number(value) => format!("num {}", text(value)),
            Scalar::Literal(index) => format!("lit {index}"),
        });
    }
    fn string_started(&mut self, value: &[u8]) {
        self.0.push(format!("started {}", text(value)));
    }
    fn string_grew(&mut self, value: &[u8]) {
        self.0.push(format!("grew {}", text(value)));
    }
    fn string_ended(&mut self, value: &[u8]) {
        self.0.push(format!("ended {}", text(value)));
    }
    fn number_started(&mut self, value: &[u8], _state: NumState) {
        self.0.push(format!("number {}", text(value)));
    }
    fn number_more(&mut self, value: &[u8], _state: NumState) {
        self.0.push(format!("more {}", text(value)));
    }
    fn number_grew(&mut self) {}
    fn number_ended(&mut self) {
        self.0.push("number ended".into());
    }
}

fn options(strict: bool) -> Options {
    Options { strict, trailing_ignore: false, max_depth: Some(3), max_int_digits: Some(5) }
}

/// Feed `chunks`, then close; the notifications and the first error.
fn scan(chunks: &[&str], strict: bool) -> (Vec<String>, Option<ScanError>) {
    let mut scanner = Scanner::new(options(strict));
    let mut sink = Record::default();
    for chunk in chunks {
        if let Err(error) = scanner.feed(chunk.as_bytes(), &mut sink) {
            return (sink.0, Some(error));
        }
    }
    let closed = scanner.close(&mut sink).err();
    assert!(closed.is_some() || scanner.state == State::Done);
    (sink.0, closed)
}

fn failure(chunks: &[&str], strict: bool) -> (String, isize) {
    let (_, error) = scan(chunks, strict);
    let error = error.expect("an error");
    (error.msg, error.index)
}

#[test]
fn tokens_across_chunks() {
    let (events, error) = scan(&["{\"a\": [1", "2, \"x", "y\", tr", "ue], \"b", "\": -", "1.5e3}"], true);
    assert_eq!(error, None);
    assert_eq!(
        events,
        [
            "{",
            "key a",
            "[",
            "number 1",
            "more 2",
            "number ended",
            "started x",
            "ended y",
            "lit 0",
            "close",
            "key b",
            "num -1.5e3",
            "close"
        ]
    );
}

#[test]
fn escapes_cut_off_are_carried() {
    let (events, error) = scan(&["[\"a\\", "u00e9\\ud83d", "\\ude00\"]"], true);
    assert_eq!(error, None);
    assert_eq!(events, ["[", "started a", "grew é", "ended 😀", "close"]);
}

#[test]
fn lenient_names_and_controls() {
    let (events, error) = scan(&["[NaN, -", "Infinity, \"\t\"]"], false);
    assert_eq!(error, None);
    assert_eq!(events, ["[", "lit 3", "lit 5", "str \t", "close"]);
    assert_eq!(failure(&["[NaN]"], true), ("Expecting value".into(), 1));
    assert_eq!(failure(&["[\"\t\"]"], true), ("Invalid control character '\\t' in string".into(), 2));
}

#[test]
fn errors_at_the_first_proving_character() {
    assert_eq!(failure(&["[1,]"], true), ("Expecting value".into(), 3));
    assert_eq!(failure(&["{\"a\":1,}"], true), ("Expecting property name enclosed in double quotes".into(), 7));
    assert_eq!(failure(&["[01]"], true), ("Invalid number".into(), 2));
    assert_eq!(failure(&["[1.]"], true), ("Expecting digit".into(), 3));
    assert_eq!(failure(&["[1}"], true), ("Mismatched '}'".into(), 2));
    assert_eq!(failure(&["{\"a\" 1"], true), ("Expecting ':' delimiter".into(), 5));
    assert_eq!(failure(&["[1 2"], true), ("Expecting ',' delimiter or ']'".into(), 3));
    assert_eq!(failure(&["[tx"], true), ("Expecting value".into(), 2));
    assert_eq!(failure(&["1 2"], true), ("Extra data after the JSON value".into(), 2));
    assert_eq!(failure(&["[[[["], true), ("Nesting deeper than max_depth=3".into(), 3));
    assert_eq!(failure(&["[1234", "56]"], true), ("Integer part longer than max_int_digits=5 digits".into(), 1));
}

#[test]
fn an_error_in_carried_text_is_located_at_the_chunk_start() {
    assert_eq!(failure(&["[tr", "x]"], true), ("Expecting value".into(), 0));
}

#[test]
fn cut_off_reasons() {
    assert_eq!(failure(&["[\"ab"], true).0, "Unterminated string: the text ended inside it");
    assert_eq!(failure(&["[1"], true).0, "The text ended inside a number, before the JSON value did (still open: ])");
    assert_eq!(failure(&["[{\"a\": tr"], true).0, "Unfinished token 'tr': the text ended inside it");
    assert_eq!(failure(&["[{"], true).0, "The text ended before the JSON value did (still open: }])");
    assert_eq!(failure(&[" "], true).0, "Expecting value: the text holds no JSON value");
    assert_eq!(failure(&["1."], true).0, "The text ended inside a number");
    assert_eq!(scan(&["12"], true).0, ["number 12", "number ended"]);
}
