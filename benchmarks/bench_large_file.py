#!/usr/bin/env python
"""A large file's items, read in chunks: chunkwise beside ijson's C backend and json.loads.

    pip install -e ".[bench]"
    python benchmarks/bench_large_file.py                       # 23 MB, chunks of 256 B, 4 KB, 64 KB
    python benchmarks/bench_large_file.py --size 46m --chunks 4096

The file repeats the statuses of ``../shared/reliability-data/native/twitter.json``
(real API records: many escapes, non-ASCII, nesting) under one ``statuses`` array
until it reaches ``--size`` (records generated as in bench_memory when the shared
data is absent). It is read as bytes, ``--chunks`` bytes at a time, as from a socket,
and each case runs in a fresh process, which reports its CPU time and peak resident
set (``ru_maxrss``):

  json.loads        the whole file read, then one json.loads
  ijson-c           ijson.items(file, "statuses.item", buf_size=chunk), yajl2_c backend
  cw-items          IncrementalJsonParser(items="/statuses/*"), items() per chunk
  cw-release        the same with retain=False (items leave once handed out)
  cwn-items         cw-items on the native engine (chunkwise_native), when installed
  cwn-release       cw-release on the native engine

The cw-* cases run on the Python engine (backend="python"), the cwn-* ones on the
native engine (backend="native").

Each case's item count is checked against json.loads'. Ratios are CPU time over
json.loads'.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Iterator

from bench_jsonstream import fmt_size, ijson_prefix, parse_size
from bench_memory import records_text

TWITTER = Path(__file__).resolve().parents[1].parent / "shared" / "reliability-data" / "native" / "twitter.json"
#: The items' array and its pointer pattern: twitter's statuses, else generated records.
ARRAY = "statuses" if TWITTER.exists() else "records"
PATTERN = f"/{ARRAY}/*"


def statuses_text(size: int) -> Iterator[str]:
    """The twitter statuses repeated under one array until about ``size`` characters."""
    statuses = json.loads(TWITTER.read_bytes())["statuses"]
    pieces = [json.dumps(status, ensure_ascii=False) for status in statuses]
    yield '{"statuses": [\n'
    written, index = 0, 0
    while written < size:
        piece = ("," if index else "") + pieces[index % len(pieces)] + "\n"
        written += len(piece.encode())
        index += 1
        yield piece
    yield '], "source": "bench_large_file"}'


def run(case: str, path: Path, chunk: int) -> dict[str, Any]:
    """CPU seconds, peak RSS (KiB) and items counted for ``case``, in this process.

    The libraries are imported before the clock starts: importing chunkwise (0.2 s of
    CPU, most of it its optional integrations) is not reading the file.
    """
    import ijson  # noqa: F401

    import chunkwise  # noqa: F401

    start = time.process_time()
    with path.open("rb") as stream:
        if case == "json.loads":
            count = len(json.loads(stream.read())[ARRAY])
        elif case == "ijson-c":
            import ijson

            items = ijson.get_backend("yajl2_c").items(stream, ijson_prefix(PATTERN), buf_size=chunk, use_float=True)
            count = sum(1 for _ in items)
        else:
            count = _chunkwise(case, stream, chunk)
    cpu = time.process_time() - start
    return {"cpu": cpu, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "items": count}


def _chunkwise(case: str, stream: Any, chunk: int) -> int:
    from chunkwise import IncrementalJsonParser

    backend = "native" if case.startswith("cwn-") else "python"
    parser = IncrementalJsonParser(items=PATTERN, retain=not case.endswith("-release"), backend=backend)
    feed, items, count = parser.feed, parser.items, 0
    while piece := stream.read(chunk):
        feed(piece)
        count += len(items())
    parser.close()
    return count + len(items())


def _write_file(path: Path, size: int) -> str:
    source = statuses_text(size) if TWITTER.exists() else records_text(size)
    with path.open("w", encoding="utf-8") as out:
        out.writelines(source)
    return "twitter statuses" if TWITTER.exists() else f"generated records ({TWITTER} is absent)"


def _case_in_process(case: str, path: Path, chunk: int) -> dict[str, Any] | str:
    command = [sys.executable, __file__, "--chunks", str(chunk), "--case", case, str(path)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        return done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit status {done.returncode}"
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", default="23m")
    ap.add_argument("--chunks", default="256,4096,65536", help="comma-separated chunk sizes in bytes")
    ap.add_argument("--case", nargs=2, metavar=("CASE", "FILE"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.case:
        print(json.dumps(run(args.case[0], Path(args.case[1]), int(args.chunks))))
        return 0
    from chunkwise.jsonstream.backends import native_available

    cases = ["json.loads", "ijson-c", "cw-items", "cw-release"]
    if native_available():
        cases += ["cwn-items", "cwn-release"]
    else:
        print("# skipping cwn-items, cwn-release: chunkwise_native is not installed (pip install ./native)")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.json"
        what = _write_file(path, parse_size(args.size))
        print(f"# bench_large_file: {what}, {fmt_size(path.stat().st_size)} on disk, read as bytes; "
              f"CPU s, × json.loads, peak RSS")
        for chunk in [int(c) for c in args.chunks.split(",")]:
            print(f"\n## chunks of {chunk:,} bytes\n{'case':<20}{'CPU':>9}{'× loads':>9}{'peak RSS':>11}  items")
            base: float | None = None
            expected: int | None = None
            for case in cases:
                result = _case_in_process(case, path, chunk)
                if isinstance(result, str):
                    print(f"{case:<20}  {result[:90]}", flush=True)
                    continue
                base = result["cpu"] if case == "json.loads" else base
                expected = result["items"] if case == "json.loads" else expected
                ratio = f"{result['cpu'] / base:.2f}×" if base else "-"
                check = "ok" if result["items"] == expected else f"MISMATCH (json.loads: {expected})"
                print(f"{case:<20}{result['cpu']:>8.3f}s{ratio:>9}{result['rss'] / 1024:>8,.0f} MB  "
                      f"{result['items']:,} {check}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
