"""Memory of ``chunkwise parse`` on an unbounded stream: RSS against the bytes read so far.

Run (from a clone, after ``pip install -e .``)::

    python benchmarks/cli_memory.py                          # 4 GB through --items
    python benchmarks/cli_memory.py --gigabytes 1 --mode events
    python benchmarks/cli_memory.py --gigabytes 0.2 --mode patches

A generator writes ``{"countries": [`` and then records, one block of them again
and again, into the stdin pipe of ``python -m chunkwise parse`` (``--items
'/countries/*'``, or the mode given), and ``]}`` at the end; a reader counts the
lines written. Every ``--every`` seconds the parser's resident memory (VmRSS in
/proc) is printed beside the bytes it was sent. Flat RSS down the table means
memory bounded by the largest item, whatever the length of the stream. At the end:
the peak RSS, the throughput, the exit status and the number of lines (the items,
checked against the number of records sent).

Linux only (it reads /proc). Not part of the test suite: 4 GB take minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MODES = {"items": ["--items", "/countries/*"], "events": ["--events"], "patches": ["--patches", "--compact"]}


def block(records: int = 1000) -> bytes:
    """``records`` varied country records, each followed by ", "."""
    rows = [{"name": f"country {n}", "population": n * 7919, "capital": {"name": f"city {n}", "lat": n / 7},
             "languages": ["en", "fr", "es\u00f1ol"][: n % 3 + 1], "motto": "x" * (n % 40)}
            for n in range(records)]
    return "".join(json.dumps(row, ensure_ascii=False) + ", " for row in rows).encode()


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Feeder(threading.Thread):
    """Writes the stream into ``pipe``; ``sent`` counts the bytes, ``records`` the records."""

    def __init__(self, pipe: int, total: int) -> None:
        super().__init__(daemon=True)
        self.pipe, self.total, self.sent, self.records = pipe, total, 0, 0

    def run(self) -> None:
        data, per_block = block(), 1000
        self.sent += os.write(self.pipe, b'{"countries": [')
        while self.sent < self.total:
            view = memoryview(data)
            while view:
                written = os.write(self.pipe, view)
                view = view[written:]
                self.sent += written
            self.records += per_block
        self.sent += os.write(self.pipe, b'{"last": true}]}\n')
        self.records += 1
        os.close(self.pipe)


class Counter(threading.Thread):
    """Counts the lines the parser writes."""

    def __init__(self, pipe: int) -> None:
        super().__init__(daemon=True)
        self.pipe, self.lines = pipe, 0

    def run(self) -> None:
        while piece := os.read(self.pipe, 1 << 20):
            self.lines += piece.count(b"\n")


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("--gigabytes", type=float, default=4.0)
    cli.add_argument("--mode", choices=sorted(MODES), default="items")
    cli.add_argument("--every", type=float, default=5.0, help="seconds between samples")
    args = cli.parse_args()
    total = int(args.gigabytes * 1e9)
    command = [sys.executable, "-m", "chunkwise", "parse", *MODES[args.mode]]
    print("$", " ".join(command), f"  < {args.gigabytes:g} GB of records")
    process = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert process.stdin is not None and process.stdout is not None
    feeder = Feeder(os.dup(process.stdin.fileno()), total)
    process.stdin.close()
    counter = Counter(process.stdout.fileno())
    start = time.monotonic()
    feeder.start()
    counter.start()
    peak = 0
    print(f"{'seconds':>8} {'sent (MB)':>10} {'RSS (MB)':>9}")
    while process.poll() is None:
        time.sleep(min(args.every, 0.5) if feeder.sent == 0 else args.every)
        try:
            rss = rss_kib(process.pid)
        except FileNotFoundError:
            break
        if not rss:  # the process has ended
            break
        peak = max(peak, rss)
        print(f"{time.monotonic() - start:8.0f} {feeder.sent / 1e6:10.0f} {rss / 1024:9.1f}", flush=True)
    status = process.wait()
    counter.join()
    seconds = time.monotonic() - start
    print(f"exit status {status}; {feeder.sent / 1e9:.2f} GB in {seconds:.0f} s "
          f"({feeder.sent / 1e6 / seconds:.1f} MB/s); peak RSS {peak / 1024:.1f} MB; "
          f"{counter.lines} lines for {feeder.records} records")


if __name__ == "__main__":
    main()
