"""Invalid and truncated input: clear errors at the first character that proves it."""

from __future__ import annotations

import json
import pickle

import pytest

from chunkwise import IncompleteJsonError, IncrementalJsonParser, JsonStreamError


def error_of(chunks: list[str] | list[bytes], **options: object) -> JsonStreamError:
    parser = IncrementalJsonParser(**options)  # type: ignore[arg-type]
    with pytest.raises(JsonStreamError) as caught:
        for chunk in chunks:
            parser.feed(chunk)
        parser.close()
    return caught.value


@pytest.mark.parametrize(
    ("text", "pos", "message"),
    [
        ("[1,]", 3, "Expecting value"),
        ('{"a":1,}', 7, "Expecting property name"),
        ("[01]", 2, "Invalid number"),
        ("[1.]", 3, "Expecting digit"),
        ("[-]", 2, "Expecting digit"),
        ("[1e]", 3, "Expecting digit"),
        ("[1.e5]", 3, "Invalid number"),
        ('{"a" 1}', 5, "Expecting ':'"),
        ('"\\x"', 2, "Invalid \\escape"),
        ('"\\u12g4"', 5, "Invalid \\uXXXX"),
        ('"a\tb"', 2, "Invalid control character"),
        ("[NaN]", 1, "Expecting value"),
        ("[1 2]", 3, "Expecting ','"),
        ("{]", 1, "Expecting property name"),
        ("[}", 1, "Expecting value"),
        ('{"a": 1]', 7, "Mismatched"),
        ("[trux]", 4, "Expecting value"),
        ("[1] x", 4, "Extra data"),
        ("{} {}", 3, "Extra data"),
        ("\ufeff[]", 0, "Expecting value"),  # a BOM in *text* is an error, as in json.loads
    ],
)
def test_error_at_the_first_proving_character(text: str, pos: int, message: str) -> None:
    for size in (1, 2, len(text)):
        chunks = [text[i : i + size] for i in range(0, len(text), size)]
        parser = IncrementalJsonParser()
        with pytest.raises(JsonStreamError) as caught:
            for chunk in chunks:
                parser.feed(chunk)
        assert not isinstance(caught.value, IncompleteJsonError)  # raised by feed, not close
        assert caught.value.pos == pos, (size, str(caught.value))
        assert message in caught.value.msg


def test_error_says_where_line_column_path_and_excerpt() -> None:
    text = '{\n  "items": [\n    {"name": "x", "n": 1,]\n'
    error = error_of([text[i : i + 3] for i in range(0, len(text), 3)])
    assert (error.lineno, error.colno) == (3, 26)
    assert error.pos == text.index(",]") + 1
    assert error.path == "/items/0"
    assert error.excerpt.endswith('"n": 1,>>>]\n')
    assert "line 3 column 26" in str(error)


def test_errors_are_json_decode_errors_and_pickle() -> None:
    error = error_of(["[1,", "]"])
    assert isinstance(error, json.JSONDecodeError)
    assert isinstance(error, ValueError)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is JsonStreamError and str(copy) == str(error) and copy.path == error.path


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "no JSON value"),
        ("   ", "no JSON value"),
        ('{"a": [1, 2', "ended inside a number, before the JSON value did"),  # 2 may have gone on
        ('{"a": [1, 2 ', "ended before"),
        ('{"a": "xy', "Unterminated string"),
        ('{"ke', "Unterminated string"),
        ("[tru", "Unfinished token 'tru'"),
        ('"\\u12', "Unterminated string"),
        ("[1.", "inside a number"),
        ("-", "Unfinished token '-'"),
        ('{"a":', "ended before"),
    ],
)
def test_truncated_text_is_an_incomplete_error_at_close(text: str, reason: str) -> None:
    parser = IncrementalJsonParser()
    parser.feed(text)
    with pytest.raises(IncompleteJsonError) as caught:
        parser.close()
    assert reason in caught.value.msg
    assert caught.value.pos == len(text)


def test_a_top_level_number_completes_at_close() -> None:
    parser = IncrementalJsonParser()
    parser.feed("12")
    parser.feed("3")
    assert not parser.done
    assert parser.close() == 123


def test_after_an_error_every_call_raises_the_same_error() -> None:
    parser = IncrementalJsonParser()
    with pytest.raises(JsonStreamError) as first:
        parser.feed("[1,,")
    for call in (lambda: parser.feed("2]"), lambda: parser.feed(""), parser.close):
        with pytest.raises(JsonStreamError) as again:
            call()
        assert again.value is first.value


def test_feed_after_close_is_an_error_and_close_is_idempotent() -> None:
    parser = IncrementalJsonParser()
    parser.feed("[1]")
    assert parser.close() == [1]
    assert parser.close() == [1]
    with pytest.raises(JsonStreamError, match="after close"):
        parser.feed(" ")


def test_max_depth() -> None:
    error = error_of(["[" * 11], max_depth=10)
    assert "max_depth=10" in error.msg and error.pos == 10
    assert IncrementalJsonParser(max_depth=10).feed("[" * 10)


def test_depth_100000_neither_crashes_nor_hangs() -> None:
    deep = "[" * 100_000
    assert "max_depth" in error_of([deep]).msg  # the default limit
    unlimited = IncrementalJsonParser(max_depth=None)
    unlimited.feed(deep)
    unlimited.value  # a snapshot of 100 000 open arrays, built without recursion
    with pytest.raises(IncompleteJsonError, match="100000 containers"):
        unlimited.close()
    closed = IncrementalJsonParser(max_depth=None)
    closed.feed(deep + "]" * 100_000)
    value = closed.close()
    for _ in range(100_000):
        value = value[0] if value else value
    assert value == []


def test_invalid_utf8_is_a_stream_error_after_the_valid_text() -> None:
    error = error_of([b'[1, "a', b"\xff", b'"]'])
    assert "Invalid UTF-8" in error.msg and error.pos == 6
    assert isinstance(error_of([b"[\xc3\xa9"]), JsonStreamError)  # é outside a string: invalid JSON


def test_invalid_bytes_after_a_character_split_across_chunks_are_invalid_utf8() -> None:
    """The character completed by the second chunk is read first, then the bad byte is
    reported (it used to be taken for a str chunk inside a UTF-8 character)."""
    error = error_of([b'["\xc3', b'\xa9\xff"]'])
    assert error.msg == "Invalid UTF-8 byte(s) b'\\xff'"
    assert (error.pos, error.colno, error.path) == (3, 4, "/0")


def test_bytes_cut_inside_a_character_is_incomplete() -> None:
    parser = IncrementalJsonParser()
    parser.feed(b'"\xc3')
    with pytest.raises(IncompleteJsonError, match="UTF-8"):
        parser.close()


def test_strict_is_rfc_8259_and_lenient_is_json_loads_strict_false() -> None:
    assert "control character" in error_of(['"a\nb"']).msg
    for text in ('["a\nb", NaN, Infinity, -Infinity]', '"\x00"'):
        parser = IncrementalJsonParser(strict=False)
        parser.feed(text)
        assert json.dumps(parser.close()) == json.dumps(json.loads(text, strict=False))


def test_lenient_minus_infinity_split_anywhere() -> None:
    text = "[-Infinity, -1]"
    for cut in range(1, len(text)):
        parser = IncrementalJsonParser(strict=False)
        parser.feed(text[:cut])
        parser.feed(text[cut:])
        assert parser.close() == [float("-inf"), -1]


def test_trailing_text_can_be_ignored() -> None:
    parser = IncrementalJsonParser(trailing="ignore")
    parser.feed('{"a": 1} and then some prose {')
    assert parser.done
    parser.feed(" more")
    assert parser.close() == {"a": 1}
    with pytest.raises(ValueError):
        IncrementalJsonParser(trailing="maybe")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("[1.5", "/0"),
        ('{"a": 1.5', "/a"),
        ("[1, 2", "/1"),
        ("[1, 2 ", "/1"),
        ("[1,", "/1"),
        ('{"a": 1, ', ""),
        ('{"a": [[], {"b": [7', "/a/1/b/0"),
    ],
)
def test_a_cut_off_text_names_the_index_or_member_being_written(text: str, path: str) -> None:
    for size in (1, len(text)):
        parser = IncrementalJsonParser()
        for index in range(0, len(text), size):
            parser.feed(text[index : index + size])
        with pytest.raises(IncompleteJsonError) as caught:
            parser.close()
        assert caught.value.path == path


@pytest.mark.parametrize(("text", "pos"), [("[-Infix]", 6), ("[-Inf]", 5), ("[-I]", 3), ("[-x]", 2), ("[Nan]", 3)])
def test_a_lenient_error_is_at_the_same_position_for_every_chunking(text: str, pos: int) -> None:
    for size in range(1, len(text) + 1):
        error = error_of([text[i : i + size] for i in range(0, len(text), size)], strict=False)
        assert error.pos == pos, (size, str(error))


def test_a_str_chunk_inside_a_utf8_character_is_an_error() -> None:
    parser = IncrementalJsonParser()
    parser.feed(b'["\xc3')
    with pytest.raises(JsonStreamError, match="inside a UTF-8 character") as caught:
        parser.feed("x")
    assert caught.value.pos == 2
    with pytest.raises(JsonStreamError) as again:
        parser.feed(b'\xa9"]')
    assert again.value is caught.value
    mixed = IncrementalJsonParser()  # between characters, str and bytes may alternate
    for chunk in (b'["\xc3\xa9', "x", b'"]'):
        mixed.feed(chunk)
    assert mixed.close() == ["éx"]


def test_a_number_cut_off_inside_a_container_is_never_a_complete_item() -> None:
    parser = IncrementalJsonParser(items="/*")
    parser.feed("[1, 2")
    assert parser.value == [1, 2]  # it shows, as partial numbers do
    with pytest.raises(IncompleteJsonError, match="inside a number") as caught:
        parser.close()
    assert caught.value.path == "/1"
    assert parser.items() == [1]  # 2 might have been 25
