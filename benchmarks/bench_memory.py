#!/usr/bin/env python
"""Peak memory of one streamed document: chunkwise's modes beside json.loads.

    python benchmarks/bench_memory.py                 # a 50 MB records document
    python benchmarks/bench_memory.py --size 200m --chunk 4096

The document (LLM-shaped records, as in bench_jsonstream) is written to a temporary
file once; each case then runs in a fresh process (the peak resident set,
``ru_maxrss``, is per process) and reads the file in chunks of ``--chunk``
characters, as a stream from a socket would arrive:

  baseline       the interpreter with chunkwise imported, nothing read
  json.loads     the whole text read, then parsed at once
  cw-feed        IncrementalJsonParser().feed(chunk) for each chunk, then close()
  cw-items       items="/records/*", items() after each chunk (the document is kept)
  cw-release     items="/records/*", retain=False (items leave once handed out)
  cwn-*          the same three on the native engine (skipped when chunkwise_native
                 is not installed); the cw-* cases run on the Python engine
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterator

from bench_jsonstream import fmt_size, parse_size

from chunkwise.jsonstream.backends import native_available

CASES = ("baseline", "json.loads", "cw-feed", "cw-items", "cw-release", "cwn-feed", "cwn-items", "cwn-release")
_CITIES = ["Paris", "Madrid", "Zürich", "New York", "São Paulo"]


def records_text(size: int) -> Iterator[str]:
    """A records document of about ``size`` characters, piece by piece."""
    rng = random.Random(size)
    yield '{"source": "bench", "records": [\n'
    written, index = 0, 0
    while written < size:
        record = {
            "id": index, "name": f"Record {rng.randrange(10**6)}", "city": rng.choice(_CITIES),
            "population": rng.randint(1_000, 50_000_000), "score": round(rng.uniform(-100, 100), 3),
            "active": rng.random() < 0.5, "tags": ["x"] * rng.randint(0, 3), "note": None,
        }
        piece = ("," if index else "") + json.dumps(record, ensure_ascii=False) + "\n"
        written += len(piece)
        index += 1
        yield piece
    yield "]}"


def run(case: str, path: Path, chunk: int) -> int:
    """Peak RSS in KiB of ``case`` (in this process)."""
    from chunkwise import IncrementalJsonParser

    kept: Any = None
    with path.open(encoding="utf-8") as stream:
        if case == "json.loads":
            kept = json.loads(stream.read())
        elif case != "baseline":
            engine, mode = case.split("-")
            options: dict[str, Any] = {}
            if mode != "feed":
                options = {"items": "/records/*", "retain": mode == "items"}
            parser = IncrementalJsonParser(**options, backend="native" if engine == "cwn" else "python")
            while piece := stream.read(chunk):
                parser.feed(piece)
                if options:
                    parser.items()
            kept = parser.close()
    del kept
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", default="50m")
    ap.add_argument("--chunk", type=int, default=4096, help="characters per chunk")
    ap.add_argument("--case", nargs=2, metavar=("CASE", "FILE"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.case:
        print(run(args.case[0], Path(args.case[1]), args.chunk))
        return 0
    size = parse_size(args.size)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "records.json"
        with path.open("w", encoding="utf-8") as out:
            out.writelines(records_text(size))
        print(f"# peak RSS, records document of {fmt_size(size)}, {args.chunk}-character chunks")
        for case in CASES:
            if case.startswith("cwn-") and not native_available():
                print(f"{case:<12}    (chunkwise_native is not installed)")
                continue
            command = [sys.executable, __file__, "--chunk", str(args.chunk), "--case", case, str(path)]
            peak = int(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
            print(f"{case:<12}{peak / 1024:>10,.0f} MB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
