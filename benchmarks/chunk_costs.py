#!/usr/bin/env python
"""Where the engine's time goes: the cost of a chunk by what the parser was doing.

    python benchmarks/chunk_costs.py numeric            # feed() only
    python benchmarks/chunk_costs.py records --compact  # feed() + patches(compact=True)

Streams one of bench_jsonstream's documents (100 KB by default) and times every
chunk, grouped by the parser's state when the chunk arrived: inside a number
(``number+digits``: digits only, ``number+chars``: other number characters,
``number-end``: the number ends in the chunk), inside a string or key (``-plain``:
no quote or backslash in the chunk, ``-end``: there is one), or between tokens
(``expect-<state>``, ``+carry`` when an unfinished literal or escape was carried,
``blank``: white space only). The table, costliest group first, shows where a
speed-up pays. It reads the scanner's state, so it is a development tool and may
need updating when the scanner changes.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

from bench_jsonstream import SHAPES, make_chunks, make_document, parse_size

from chunkwise import IncrementalJsonParser
from chunkwise.jsonstream import scanner as engine

_NUMBER_CHARS = frozenset("0123456789.eE+-")


def kind_of(parser: IncrementalJsonParser, chunk: str) -> str:
    """The group a chunk falls in, from the scanner's state before it is fed."""
    scanner = parser._scanner  # (a development tool: it reads the scanner's state)
    token = scanner.token
    if token == engine.NUMBER:
        if chunk.isdigit():
            return "number+digits"
        return "number+chars" if set(chunk) <= _NUMBER_CHARS else "number-end"
    if token in (engine.STRING, engine.KEY_STRING):
        name = "string" if token == engine.STRING else "key"
        return f"{name}-end" if '"' in chunk or "\\" in chunk else f"{name}-plain"
    if not chunk.strip(" \t\n\r") and not scanner.carry:
        return "blank"
    return "expect-" + scanner.state.name.lower().replace("_", "-") + ("+carry" if scanner.carry else "")


def measure(chunks: list[str], compact: bool, runs: int) -> tuple[dict[str, float], Counter[str]]:
    """Total seconds and chunk count per group (the fastest of ``runs`` runs per group)."""
    best: dict[str, float] = {}
    counts: Counter[str] = Counter()
    clock = time.perf_counter
    for run in range(runs):
        totals = dict.fromkeys(best, 0.0)
        parser = IncrementalJsonParser(backend="python")  # (it reads the Python scanner's state)
        for chunk in chunks:
            kind = kind_of(parser, chunk)
            start = clock()
            parser.feed(chunk)
            if compact:
                parser.patches(compact=True)
            totals[kind] = totals.get(kind, 0.0) + clock() - start
            if run == 0:
                counts[kind] += 1
        parser.close()
        for kind, seconds in totals.items():
            best[kind] = seconds if run == 0 else min(best[kind], seconds)
    return best, counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("shape", choices=SHAPES)
    ap.add_argument("--size", default="100k")
    ap.add_argument("--compact", action="store_true", help="also drain compact patches after each chunk")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    chunks = make_chunks(make_document(args.shape, parse_size(args.size)))
    seconds, counts = measure(chunks, args.compact, args.runs)
    print(f"{args.shape} {args.size}: {len(chunks):,} chunks, {'feed + compact patches' if args.compact else 'feed'}")
    print(f"{'group':<26}{'chunks':>8}{'total':>10}{'per chunk':>11}")
    for kind, total in sorted(seconds.items(), key=lambda item: -item[1]):
        print(f"{kind:<26}{counts[kind]:>8,}{total * 1e3:>8.1f}ms{total / counts[kind] * 1e6:>9.2f}µs")
    print(f"{'all':<26}{len(chunks):>8,}{sum(seconds.values()) * 1e3:>8.1f}ms")


if __name__ == "__main__":
    main()
