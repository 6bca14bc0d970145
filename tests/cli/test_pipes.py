"""The real process behind a pipe fed slowly: output appears before the input ends.

Each test starts ``python -m chunkwise`` (or the ``chunkwise`` console script),
writes part of the input, reads the output that part produced while the pipe is
still open (no newline, no end of input needed), then writes the rest.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.providers.recordings import recorded

from .helpers import ROOT, Process


def test_values_appear_before_the_input_ends() -> None:
    process = Process("parse")
    process.send(b'{"countries": [{"name": "Fra')  # no newline, input still open
    assert json.loads(process.read_line()) == {"countries": [{"name": "Fra"}]}
    process.send(b'nce"}, {"name": "Spain"}')
    assert json.loads(process.read_line()) == {"countries": [{"name": "France"}, {"name": "Spain"}]}
    process.send(b"]}\n")
    result = process.finish()
    assert (result.status, result.out, result.err) == (0, b"", "")  # the last send changed nothing


def test_items_as_they_complete_then_the_error_after_them() -> None:
    process = Process("parse", "--items", "/*", merge_stderr=True)
    process.send(b'[{"id": 1}, {"id": ')
    assert process.read_line() == b'{"id": 1}'
    process.send(b'2}, ')
    assert process.read_line() == b'{"id": 2}'
    process.send(b'{"id": 3,, ')
    result = process.finish()
    assert result.status == 1
    assert result.out.decode().splitlines() == [
        "chunkwise parse: invalid JSON: Expecting property name enclosed in double quotes",
        '  at line 1, column 33 (character 32), path "/2"',
        '  excerpt: "1}, {\\"id\\": 2}, {\\"id\\": 3,>>>, "',  # 24 characters before the error
    ]


def test_cut_off_input_exits_2() -> None:
    process = Process("parse", "--patches", "--compact")
    process.send(b'{"text": "The sky')
    assert json.loads(process.read_line()) == [{"op": "add", "path": "", "value": {"text": "The sky"}}]
    process.send(b" is blue")
    assert json.loads(process.read_line()) == [{"op": "append", "path": "/text", "value": " is blue"}]
    result = process.finish()
    assert result.status == 2 and result.out == b""
    assert result.err.splitlines() == [
        "chunkwise parse: input cut off: Unterminated string: the text ended inside it",
        '  at line 1, column 26 (character 25), path "/text"',
        '  excerpt: "\\"text\\": \\"The sky is blue>>>"']


def test_a_raw_event_stream_as_curl_gives_it() -> None:
    body = next(rec.body for rec in recorded() if rec.name == "llamacpp_json_schema")
    half = body.index(b'"delta":{"content":"p"}')  # the name is complete, the rest to come
    process = Process("parse", "--sse", "openai", "--items", "/name")
    process.send(body[:half])
    assert json.loads(process.read_line()) == " but only by"
    process.send(body[half:])
    assert process.finish().status == 0


def test_events_of_a_utf8_character_split_between_writes() -> None:
    process = Process("parse", "--events")
    process.send('["Espa'.encode() + "\u00f1".encode()[:1])
    assert [json.loads(process.read_line()) for _ in range(2)] == [
        {"kind": "start_array"}, {"kind": "string_part", "value": "Espa"}]
    process.send("\u00f1".encode()[1:] + b'a"]')
    result = process.finish()
    assert result.status == 0
    assert [json.loads(line) for line in result.out.splitlines()] == [
        {"kind": "string_part", "value": "\u00f1a"}, {"kind": "value", "value": "Espa\u00f1a"},
        {"kind": "end_array"}]


def test_the_console_script_and_version() -> None:
    script = Path(sys.executable).with_name("chunkwise")
    command = [str(script)] if script.exists() else [shutil.which("chunkwise") or "chunkwise"]
    process = Process("parse", "--items", "/a", command=command)
    process.send(b'{"a": 1, "b"')
    assert process.read_line() == b"1"
    process.send(b": 2}")
    assert process.finish().status == 0
    version = subprocess.run([*command, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("chunkwise 0.")


@pytest.mark.parametrize("command", [[], ["parse"], ["chat"], ["demo"]])
def test_help_on_every_subcommand(command: list[str]) -> None:
    done = subprocess.run([sys.executable, "-m", "chunkwise", *command, "--help"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith(f"usage: chunkwise {' '.join(command)}".rstrip())
    if command:
        assert "exit status" in done.stdout or command == ["demo"]


def test_ctrl_c_exits_130_without_a_traceback() -> None:
    process = Process("parse", "--items", "/*")
    process.send(b"[1, ")
    assert process.read_line() == b"1"  # running, and waiting for more input
    process.proc.send_signal(signal.SIGINT)
    assert process.proc.wait(20) == 130
    assert process.proc.stderr is not None and process.proc.stderr.read() == b""


def test_a_reader_that_goes_away_ends_the_process_quietly() -> None:
    process = subprocess.Popen(
        f"{sys.executable} -c 'import sys; sys.stdout.write(\"[\" + \"1, \" * 200000 + \"1]\")' 2>/dev/null | "
        f"{sys.executable} -m chunkwise parse --items '/*' | head -n 2",
        shell=True, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = process.communicate(timeout=60)
    assert out == b"1\n1\n" and err == b""
