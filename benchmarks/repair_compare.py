#!/usr/bin/env python
"""chunkwise's streaming repair against json_repair, on a corpus of model mistakes.

    pip install -e ".[bench]"          # json-repair
    python benchmarks/repair_compare.py                       # the corpus below
    python benchmarks/repair_compare.py --json-repair-tests DIR --show refuses,differs

The corpus: the mistakes below (each kind of docs/repair.md, and the lossy guesses
chunkwise must not copy), plus, with ``--json-repair-tests``, the first argument of
every ``repair_json(...)`` call found in json_repair's own test files (a checkout's
``tests/`` folder: read with ``ast``, nothing of it is copied here). Each text is
given whole to ``json_repair.loads`` and streamed one character at a time to
``IncrementalJsonParser(repair=Repair.DEFAULT | Repair.TRUNCATED)``; the table
counts where they agree, where chunkwise refuses (a clear error) and where both give
a value but different ones. ``--speed`` also times repair mode against strict mode
on valid documents (bench_jsonstream's shapes), both streamed in 1-8-character chunks.
"""

from __future__ import annotations

import argparse
import ast
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

from chunkwise import IncrementalJsonParser, JsonStreamError, Repair
from chunkwise.testing import same

#: (mistake, text): near-JSON as models write it.
CORPUS: list[tuple[str, str]] = [
    ("trailing comma", '{"a": [1, 2,], "b": 3,}'),
    ("trailing comma", '[{"x": 1},\n {"x": 2},\n]'),
    ("comment", '{"a": 1 // the first\n, "b": 2}'),
    ("comment", "[1, /* two */ 2, # three\n 3]"),
    ("single quotes", "{'name': 'Ada', 'langs': ['en', 'fr']}"),
    ("single quotes", "{'quote': 'she said \"hi\"', 'it\\'s': 1}"),
    ("smart quotes", "{\u201cname\u201d: \u201cAda\u201d}"),
    ("python literals", '{"ok": True, "missing": None, "bad": False}'),
    ("unquoted keys", "{name: 'Ada', age: 36}"),
    ("missing comma", '{\n  "a": 1\n  "b": 2\n}'),
    ("missing comma", '[\n  "x"\n  "y"\n]'),
    ("missing colon", '{"a" 1, "b" "two"}'),
    ("NaN / Infinity", '{"x": NaN, "y": Infinity, "z": -Infinity}'),
    ("number format", "[+1, .5, 1., -.25]"),
    ("control character", '{"text": "line one\nline two\ttabbed"}'),
    ("several values", '{"a": 1}\n{"b": 2}'),
    ("truncated", '{"items": [{"name": "Fr'),
    ("truncated", '{"a": [1, 2'),
    ("lossy guess", "not json"),
    ("lossy guess", '{"ok": tru'),
    ("lossy guess", '{"a": , "b": 2}'),
    ("lossy guess", '{"a": 1 "b": 2}'),
    ("lossy guess", '{"key": "v"alue"}'),
    ("lossy guess", '{"a": hello world}'),
]

REPAIRS = Repair.DEFAULT | Repair.TRUNCATED


def chunkwise_value(text: str) -> tuple[str, Any]:
    """('ok', value) or ('refuses', the error's message), streaming one character at a time."""
    parser = IncrementalJsonParser(repair=REPAIRS)
    try:
        for char in text:
            parser.feed(char)
        return "ok", parser.close()
    except JsonStreamError as error:
        return "refuses", f"{error.msg} at char {error.pos}"


def json_repair_value(text: str) -> tuple[str, Any]:
    import json_repair

    try:
        return "ok", json_repair.loads(text)
    except Exception as error:  # whatever it raises is its answer
        return "raises", repr(error)


def verdict(ours: tuple[str, Any], theirs: tuple[str, Any]) -> str:
    if ours[0] == "refuses":
        return "refuses"
    if theirs[0] == "ok" and same(ours[1], theirs[1]):
        return "agree"
    return "differs"


def test_inputs(folder: Path) -> list[tuple[str, str]]:
    """The first argument of each ``repair_json(...)`` / ``loads(...)`` call in the test files of ``folder``."""
    found: list[tuple[str, str]] = []
    for path in sorted(folder.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", ""))
                    in ("repair_json", "loads") and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                found.append((path.stem, node.args[0].value))
    return list(dict.fromkeys(found))


def compare(corpus: list[tuple[str, str]], show: set[str]) -> dict[str, int]:
    counts = {"agree": 0, "refuses": 0, "differs": 0}
    for kind, text in corpus:
        ours, theirs = chunkwise_value(text), json_repair_value(text)
        result = verdict(ours, theirs)
        counts[result] += 1
        if result in show:
            print(f"{result:<8} {kind:<18} {text!r:.70}\n         chunkwise: {_brief(ours)}\n"
                  f"         json_repair: {_brief(theirs)}")
    return counts


def _brief(outcome: tuple[str, Any]) -> str:
    status, value = outcome
    text = json.dumps(value, ensure_ascii=False) if status == "ok" and not _has_nan(value) else str(value)
    return f"{status}: {text:.100}"


def _has_nan(value: Any) -> bool:
    return isinstance(value, float) and not math.isfinite(value) or (
        isinstance(value, (list, dict)) and "NaN" in repr(value).replace("nan", "NaN"))


def speed(sizes: list[int]) -> None:
    """Repair mode against strict mode on valid documents, streamed in small chunks."""
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_jsonstream import SHAPES, make_chunks, make_document

    for shape in SHAPES:
        for size in sizes:
            chunks = make_chunks(make_document(shape, size))
            times = [min(_time(chunks, repair) for _ in range(5)) for repair in (False, True)]
            print(f"{shape:<8} {size // 1000:>5} KB  strict {times[0] * 1e3:8.1f} ms  "
                  f"repair {times[1] * 1e3:8.1f} ms  x{times[1] / times[0]:.2f}")


def _time(chunks: list[str], repair: bool) -> float:
    start = time.perf_counter()
    parser = IncrementalJsonParser(repair=repair)
    for chunk in chunks:
        parser.feed(chunk)
    parser.close()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json-repair-tests", type=Path, metavar="DIR", help="json_repair's tests/ folder")
    ap.add_argument("--show", default="", help="comma-separated verdicts to list: agree,refuses,differs")
    ap.add_argument("--speed", metavar="SIZES", help="also time repair against strict, e.g. 20000,80000")
    args = ap.parse_args(argv)
    show = set(filter(None, args.show.split(",")))
    print("corpus of model mistakes:", compare(CORPUS, show))
    if args.json_repair_tests:
        print("json_repair's own test inputs:", compare(test_inputs(args.json_repair_tests), show))
    if args.speed:
        speed([int(size) for size in args.speed.split(",")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
