"""``chunkwise parse --repair``: repaired values on stdout, each repair on stderr."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .helpers import ROOT, run_cli


def test_repairs_are_reported_on_stderr_as_a_process() -> None:
    done = subprocess.run([sys.executable, "-m", "chunkwise", "parse", "--repair"], cwd=ROOT,
                          input=b"{'a': [1, 2,],\n b: True}", capture_output=True, check=False)
    assert done.returncode == 0
    assert [json.loads(line) for line in done.stdout.splitlines()] == [{"a": [1, 2], "b": True}]
    assert done.stderr.decode().splitlines() == [
        'chunkwise parse: repaired single_quotes: "\'" -> "\\"" at line 1, column 2 (character 1), path ""',
        'chunkwise parse: repaired trailing_comma: "," -> "" at line 1, column 12 (character 11), path "/a/1"',
        'chunkwise parse: repaired unquoted_key: "b" -> "\\"b\\"" at line 2, column 2 (character 16), path "/b"',
        'chunkwise parse: repaired python_literal: "True" -> "true" at line 2, column 5 (character 19), path "/b"',
    ]


def test_named_repairs_and_ndjson_as_a_list() -> None:
    result = run_cli("parse", "--repair", "default,several_values", data=b'{"a": 1}\n{"b": 2}\n')
    assert result.status == 0 and result.records == [[{"a": 1}, {"b": 2}]]
    assert "repaired several_values" in result.err and "line 2, column 1 (character 9)" in result.err


def test_positions_count_the_prose_before_the_json() -> None:
    result = run_cli("parse", "--frame", "auto", "--repair", data=b"Here:\n{'a': 1,}")
    assert result.status == 0 and result.records == [{"a": 1}]
    assert "at line 2, column 2 (character 7)" in result.err.splitlines()[0]


def test_without_repair_nothing_is_mended_and_an_unknown_kind_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli("parse", data=b"[1, 2,]")
    assert result.status == 1 and "repaired" not in result.err
    result = run_cli("parse", "--repair", "trailing_comma", data=b"[True]")
    assert result.status == 1 and "invalid JSON" in result.err
    with pytest.raises(SystemExit) as info:
        run_cli("parse", "--repair", "bogus", data=b"[1]")
    assert info.value.code == 3 and "unknown repair 'bogus'" in capsys.readouterr().err


def test_an_error_after_a_repair_is_located_in_the_input() -> None:
    result = run_cli("parse", "--repair", data=b"{'a': 1,\n 'b': }")
    assert result.status == 1
    assert "repaired single_quotes" in result.err
    assert "at line 2, column 7 (character 15)" in result.err
