#!/usr/bin/env python
"""Instructions the engine executes per streamed document, counted by callgrind.

    python benchmarks/count_instructions.py                       # 100 KB, the usual shapes and modes
    python benchmarks/count_instructions.py --sizes 100k,1m --shapes repeated,bignum
    python benchmarks/count_instructions.py --json > before.json   # keep figures to compare
    python benchmarks/count_instructions.py --compare before.json  # a before/after table
    python benchmarks/count_instructions.py --repair --compare strict.json  # repair mode against strict
    python benchmarks/count_instructions.py --backend native        # the native engine (chunkwise_native)
    python benchmarks/count_instructions.py --warm                  # a second pass: no one-time set-up

Wall times on a shared 2-core machine vary by 20-30% between runs; the number of
instructions a run executes does not (about 1%), so A/B work on the engine counts
them with ``valgrind --tool=callgrind``. Each case streams one of bench_jsonstream's
documents in its 1-8-character chunks through one view (``--modes``: ``feed``
alone, ``value`` read when ``feed()`` says it changed, ``compact`` / ``rfc``
patches, ``items``, ``events`` after every chunk) and is run twice under
callgrind: once with the stream and once without (same imports, same document and
chunks); the difference is the stream's cost. With two sizes or more, the growth
exponent ``log(i2/i1) / log(s2/s1)`` follows each figure (1.00 is linear).
Needs valgrind (``apt-get install valgrind``); counts with ``PYTHONHASHSEED=0``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench_jsonstream import PATTERNS, SHAPES, fmt_size, make_chunks, make_document, parse_size

MODES = ("feed", "value", "compact", "rfc", "items", "events")
DEFAULT_MODES = ("compact", "items", "events")


def stream(shape: str, mode: str, chunks: list[str], repair: bool = False, backend: str = "python") -> Any:
    """Feed ``chunks`` to a parser on ``backend`` read through ``mode``; return the closed value."""
    from chunkwise import IncrementalJsonParser

    options: dict[str, Any] = {"items": PATTERNS[shape]} if mode == "items" else {}
    options["backend"] = backend
    if repair:
        options["repair"] = True
    if mode == "events":
        options["events"] = True
    parser = IncrementalJsonParser(**options)
    feed = parser.feed
    if mode == "feed":
        for chunk in chunks:
            feed(chunk)
    elif mode == "value":
        for chunk in chunks:
            if feed(chunk):
                parser.value
    else:
        read = {
            "compact": lambda: parser.patches(compact=True),
            "rfc": parser.patches,
            "items": parser.items,
            "events": parser.events,
        }[mode]
        for chunk in chunks:
            feed(chunk)
            read()
    return parser.close()


def worker(shape: str, size: int, mode: str, passes: int, repair: bool, backend: str) -> None:
    """The process callgrind runs: build the document, then stream it ``passes`` times."""
    import chunkwise  # noqa: F401  (imported in both runs, so imports cancel out)

    chunks = make_chunks(make_document(shape, size))
    for _ in range(passes):
        stream(shape, mode, chunks, repair, backend)


_SUMMARY = re.compile(r"^(?:summary|totals):\s*(\d+)", re.MULTILINE)


def count(shape: str, size: int, mode: str, passes: int, repair: bool = False, backend: str = "python") -> int:
    """Instructions of one worker process under callgrind."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        command = [
            "valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
            sys.executable, __file__, "--worker", shape, str(size), mode, str(passes), "repair" if repair else "strict",
            backend,
        ]
        env = dict(os.environ, PYTHONHASHSEED="0")
        subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        found = _SUMMARY.search(out.read_text())
        if found is None:
            raise RuntimeError(f"no instruction total in callgrind's output for {shape} {mode}")
        return int(found.group(1))


def measure(
    shapes: list[str], sizes: list[int], modes: list[str], repair: bool = False, backend: str = "python",
    warm: bool = False,
) -> dict[str, int]:
    """Instructions of one streamed pass per ``shape/size/mode`` key (``repair``: with ``repair=True``;
    ``warm``: of a second pass, after the one-time set-up that the first pays, such as compiling patterns)."""
    figures: dict[str, int] = {}
    for shape in shapes:
        for size in sizes:
            base = count(shape, size, "feed", 0, backend=backend)
            for mode in modes:
                key = f"{shape}/{fmt_size(size)}/{mode}"
                if warm:
                    first = count(shape, size, mode, 1, repair, backend)
                    figures[key] = count(shape, size, mode, 2, repair, backend) - first
                else:
                    figures[key] = count(shape, size, mode, 1, repair, backend) - base
                print(f"# {key}: {figures[key] / 1e6:,.1f}M", file=sys.stderr, flush=True)
    return figures


def report(figures: dict[str, int], before: dict[str, int] | None) -> None:
    """A table, with growth exponents between sizes and the change against ``before``."""
    print(f"{'case':<28}{'instructions':>14}{'growth':>8}" + (f"{'before':>14}{'change':>9}" if before else ""))
    previous: dict[tuple[str, str], tuple[int, int]] = {}
    for key, instructions in figures.items():
        shape, size_text, mode = key.split("/")
        size = parse_size(size_text.replace("KB", "k").replace("MB", "m").replace("B", ""))
        growth = "-"
        if (shape, mode) in previous:
            size0, instructions0 = previous[(shape, mode)]
            growth = f"{math.log(instructions / instructions0) / math.log(size / size0):.2f}"
        previous[(shape, mode)] = (size, instructions)
        row = f"{key:<28}{instructions / 1e6:>13,.1f}M{growth:>8}"
        if before and key in before:
            row += f"{before[key] / 1e6:>13,.1f}M{(instructions / before[key] - 1) * 100:>+8.1f}%"
        print(row)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100k")
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--modes", default=",".join(DEFAULT_MODES), help=f"of {','.join(MODES)}")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--compare", help="a file of figures printed by --json, to compare with")
    ap.add_argument("--repair", action="store_true", help="parse with repair=True (valid input: no repair made)")
    ap.add_argument("--warm", action="store_true", help="count a second pass (without one-time set-up)")
    ap.add_argument("--backend", default="python", choices=("python", "native"),
                    help="the engine to count (default: python, the figures' baseline)")
    ap.add_argument("--worker", nargs=6, metavar=("SHAPE", "SIZE", "MODE", "PASSES", "REPAIR", "BACKEND"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        shape, size, mode, passes, repair, backend = args.worker
        worker(shape, int(size), mode, int(passes), repair == "repair", backend)
        return 0
    figures = measure(args.shapes.split(","), [parse_size(s) for s in args.sizes.split(",")], args.modes.split(","),
                      args.repair, args.backend, args.warm)
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        report(figures, json.loads(Path(args.compare).read_text()) if args.compare else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
