"""``chunkwise parse``: the four views, the options, exit statuses and error reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


from .helpers import run_cli

COUNTRIES = b'{"countries": [{"name": "France"}, {"name": "Spain"}]}'


def test_values_by_default_one_line_per_change_and_exit_0() -> None:
    result = run_cli("parse", data=COUNTRIES)
    assert result.status == 0 and result.err == ""
    assert result.records == [json.loads(COUNTRIES)]  # one chunk: one change


def test_patches_rebuild_the_value_and_compact_appends_text() -> None:
    result = run_cli("parse", "--patches", data=COUNTRIES)
    assert result.records == [[{"op": "add", "path": "", "value": json.loads(COUNTRIES)}]]
    result = run_cli("parse", "--patches", "--compact", "--", "-", data=b'"abc"')
    assert result.status == 0 and result.records == [[{"op": "add", "path": "", "value": "abc"}]]


def test_items_each_complete_value_once() -> None:
    result = run_cli("parse", "--items", "/countries/*/name", data=COUNTRIES)
    assert (result.status, result.records) == (0, ["France", "Spain"])
    assert run_cli("parse", "--items", "", data=b"[1, 2]").records == [[1, 2]]  # the document itself


def test_events_with_their_values() -> None:
    result = run_cli("parse", "--events", data=b'{"a": [1, "x"]}')
    assert result.records == [
        {"kind": "start_object"}, {"kind": "key", "value": "a"}, {"kind": "start_array"},
        {"kind": "value", "value": 1}, {"kind": "value", "value": "x"},
        {"kind": "end_array"}, {"kind": "end_object"},
    ]


def test_events_keep_working_at_any_depth() -> None:
    deep = b"[" * 50 + b"1" + b"]" * 50
    result = run_cli("parse", "--events", "--max-depth", "none", data=deep)
    assert result.status == 0 and len(result.records) == 101


def test_cut_off_input_exits_2_with_the_error_after_the_output() -> None:
    result = run_cli("parse", data=b'{"a": [1, 2')
    assert result.status == 2
    assert result.records == [{"a": [1, 2]}]
    assert result.err == (
        "chunkwise parse: input cut off: The text ended inside a number, before the JSON value did (still open: ]})\n"
        '  at line 1, column 12 (character 11), path "/a/1"\n'
        '  excerpt: "{\\"a\\": [1, 2>>>"\n')


def test_invalid_input_exits_1_with_line_column_path_and_excerpt() -> None:
    result = run_cli("parse", data=b'{"a":\n  [1, 2,, 3]}')
    assert result.status == 1 and result.out == b""
    assert result.err.splitlines() == [
        "chunkwise parse: invalid JSON: Expecting value",
        '  at line 2, column 9 (character 14), path "/a/2"',
        '  excerpt: "{\\"a\\":\\n  [1, 2,>>>, 3]}"',
    ]


def test_what_the_chunk_holding_the_error_completed_is_written() -> None:
    result = run_cli("parse", "--items", "/*", data=b"[1, 2, x]")
    assert result.status == 1 and result.records == [1, 2]
    events = run_cli("parse", "--events", data=b"[1, x]")
    assert events.status == 1 and events.records == [{"kind": "start_array"}, {"kind": "value", "value": 1}]


def test_empty_input_is_cut_off() -> None:
    result = run_cli("parse", data=b"")
    assert result.status == 2 and "holds no JSON value" in result.err


def test_text_after_the_value_is_invalid_unless_framed() -> None:
    assert run_cli("parse", data=b"[1] [2]").status == 1
    framed = run_cli("parse", "--frame", "auto", data=b"[1] and some words")
    assert (framed.status, framed.records) == (0, [[1]])


def test_framed_input_finds_the_json_and_locates_errors_in_the_whole_input() -> None:
    text = "<think>hmm</think>Sure, here it is:\n```json\n{\"name\": \"Espa\u00f1a\", \"n\": tru}\n```"
    result = run_cli("parse", "--frame", "auto", data=text.encode())
    assert result.status == 1
    line = text.split("\n")[2]
    assert f"at line 3, column {line.index('tru}') + 4} (character {text.index('tru}') + 3})" in result.err
    assert 'path "/n"' in result.err


def test_framed_prose_without_json() -> None:
    result = run_cli("parse", "--frame", "auto", data=b"I cannot help with that.\nSorry.")
    assert result.status == 2
    assert "No JSON value in the input" in result.err and "line 2, column 7 (character 31)" in result.err
    assert run_cli("parse", "--frame", "auto", data=b"Sure: true").status == 2  # prose, not a literal
    assert run_cli("parse", "--frame", "auto", data=b" true\n").records == [True]


def test_invalid_utf8_is_located_framed_or_not() -> None:
    for options in ([], ["--frame", "auto"]):
        result = run_cli("parse", *options, data=b'["ok", "\xff"]')
        assert result.status == 1, options
        assert "Invalid UTF-8" in result.err and "character 8" in result.err, (options, result.err)


def test_lenient_accepts_control_characters_and_nan() -> None:
    data = b'{"a": "tab\there", "b": NaN}'
    assert run_cli("parse", data=data).status == 1
    result = run_cli("parse", "--lenient", data=data)
    assert result.status == 0 and result.out == b'{"a": "tab\\there", "b": NaN}\n'


def test_max_depth() -> None:
    assert run_cli("parse", "--max-depth", "3", data=b"[[[1]]]").status == 0
    result = run_cli("parse", "--max-depth", "3", "--items", "/*", data=b"[[[[1]]]]")
    assert result.status == 1 and "depth" in result.err


def test_completion_policy() -> None:
    chunks = b'{"n": 12'
    assert run_cli("parse", data=chunks).records == [{"n": 12}]
    assert run_cli("parse", "--completion", "atomic", data=chunks).records == [{}]


def test_pretty_indents_each_record() -> None:
    result = run_cli("parse", "--pretty", data=b'{"a": [1]}')
    assert result.out == b'{\n  "a": [\n    1\n  ]\n}\n'


def test_lone_surrogates_are_written_escaped() -> None:
    result = run_cli("parse", data=b'["\\ud800", "\xc3\xa9"]')
    assert result.status == 0
    assert result.out == b'["\\ud800", "\\u00e9"]\n' and result.records == [["\ud800", "\u00e9"]]
    assert run_cli("parse", data=b'["\xc3\xa9"]').out == '["\u00e9"]\n'.encode()  # UTF-8 otherwise


def test_a_file_argument(tmp_path: Path) -> None:
    path = tmp_path / "answer.json"
    path.write_bytes(COUNTRIES)
    assert run_cli("parse", "--items", "/countries/*", str(path)).records == [
        {"name": "France"}, {"name": "Spain"}]
    missing = run_cli("parse", str(tmp_path / "nowhere.json"))
    assert missing.status == 3 and "cannot read" in missing.err and "No such file" in missing.err
    folder = run_cli("parse", str(tmp_path))
    assert folder.status == 3 and "cannot read" in folder.err


@pytest.mark.parametrize("argv, message", [
    (["--compact"], "--compact goes with --patches"),
    (["--tool-call", "0"], "--tool-call goes with --sse"),
    (["--items", "countries"], "starting with '/'"),
])
def test_option_combinations_that_make_no_sense(argv: list[str], message: str) -> None:
    result = run_cli("parse", *argv, data=b"[]")
    assert result.status == 3 and message in result.err


@pytest.mark.parametrize("argv", [["--max-depth", "0"], ["--items", "/a", "--events"], ["--frame", "x"]])
def test_usage_errors_exit_3(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        run_cli("parse", *argv)
    assert info.value.code == 3
    assert "usage: chunkwise parse" in capsys.readouterr().err


def test_no_subcommand_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        run_cli()
    assert info.value.code == 3
    assert "the following arguments are required: COMMAND" in capsys.readouterr().err
