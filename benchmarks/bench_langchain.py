#!/usr/bin/env python
"""LangChain's JsonOutputParser against chunkwise's drop-in, inside a LangChain chain.

    pip install -e ".[bench]"
    python benchmarks/bench_langchain.py                  # 10 KB and 100 KB, best of 3
    python benchmarks/bench_langchain.py --sizes 10k --repeat 5

The chain is ``GenericFakeChatModel | parser``, all LangChain, streamed with
``stream`` and ``astream``; the model replays an LLM-shaped JSON document
(``bench_jsonstream.make_document``: ``records``, a list of small objects, and
``text``, long strings) cut the way LangChain's fake cuts text (at whitespace).
Side by side in one run:

  model only    the fake model's stream with no parser (the floor both share)
  langchain     langchain_core.output_parsers.JsonOutputParser (re-parses the
                whole output so far on every chunk: quadratic)
  chunkwise     chunkwise.langchain.JsonOutputParser (one engine session fed
                each chunk once: linear)

For each: the best total time of --repeat runs (one run when a run takes over 2 s),
the parser's share (total - model only), and the ratio langchain / chunkwise of
totals and of parser shares (none when chunkwise's share is within 2% of the
floor: the machine's noise). A run still going after --cap seconds (default 30) is
stopped and shown as "> cap" with its ratio as a lower bound (">"); nothing is
extrapolated. Each final value of a finished run is checked against json.loads.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from langchain_core.language_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from langchain_core.output_parsers import JsonOutputParser as LangChainJsonOutputParser

from chunkwise.langchain import JsonOutputParser as ChunkwiseJsonOutputParser

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_jsonstream import fmt_size, make_document, parse_size  # noqa: E402

PARSERS: dict[str, Callable[[], Any] | None] = {
    "model only": None,
    "langchain": LangChainJsonOutputParser,
    "chunkwise": ChunkwiseJsonOutputParser,
}


def chain(text: str, parser: Callable[[], Any] | None) -> Any:
    model = GenericFakeChatModel(messages=iter([AIMessage(content=text)]))
    return model if parser is None else model | parser()


class Capped:
    """The last value of a run stopped at the time cap."""


Run = Callable[[str, Any, float], tuple[float, Any]]


def run_sync(text: str, parser: Callable[[], Any] | None, cap: float) -> tuple[float, Any]:
    stream = chain(text, parser).stream("")
    start = time.perf_counter()
    last: Any = None
    for last in stream:
        if time.perf_counter() - start > cap:
            stream.close()
            return time.perf_counter() - start, Capped()
    return time.perf_counter() - start, last


def run_async(text: str, parser: Callable[[], Any] | None, cap: float) -> tuple[float, Any]:
    runnable = chain(text, parser)

    async def main() -> Any:
        last: Any = None
        stream = runnable.astream("")
        async for last in stream:
            if time.perf_counter() - start > cap:
                await stream.aclose()
                return Capped()
        return last

    start = time.perf_counter()
    last = asyncio.run(main())
    return time.perf_counter() - start, last


def best(run: Run, text: str, parser: Any, repeat: int, cap: float) -> tuple[float, Any]:
    times, last = [], None
    for _ in range(repeat):
        elapsed, last = run(text, parser, cap)
        times.append(elapsed)
        if elapsed > 2:
            break
    return min(times), last


def shown(seconds: float, capped: bool) -> str:
    return f"{'>' if capped else ''}{seconds * 1e3:.1f}ms"


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--sizes", default="10k,100k")
    args.add_argument("--shapes", default="records,text")
    args.add_argument("--repeat", type=int, default=3)
    args.add_argument("--cap", type=float, default=30.0, help="seconds a run may take")
    options = args.parse_args(argv)
    print(f"{'shape':8} {'size':>6} {'call':7} {'chunks':>7} {'model only':>11} "
          f"{'langchain':>10} {'chunkwise':>10}  {'total ratio':>11} {'parser ratio':>12}")
    bad = 0
    for shape in options.shapes.split(","):
        for size in map(parse_size, options.sizes.split(",")):
            text = make_document(shape, size)
            expected = json.loads(text)
            chunks = len(list(chain(text, None).stream("")))
            for call, run in (("stream", run_sync), ("astream", run_async)):
                times: dict[str, float] = {}
                capped: set[str] = set()
                for name, parser in PARSERS.items():
                    times[name], last = best(run, text, parser, options.repeat, options.cap)
                    if isinstance(last, Capped):
                        capped.add(name)
                    elif parser is not None and last != expected:
                        print(f"MISMATCH: {name} {shape} {fmt_size(size)} {call}")
                        bad += 1
                floor = times["model only"]
                ours = times["chunkwise"] - floor
                # Below the floor's noise the parser's share is not measured: no ratio.
                parsers = ((times["langchain"] - floor) / ours if ours > 0.02 * floor else None)
                bound = ">" if "langchain" in capped else " "
                print(f"{shape:8} {fmt_size(size):>6} {call:7} {chunks:7d} "
                      f"{shown(floor, 'model only' in capped):>11} "
                      f"{shown(times['langchain'], 'langchain' in capped):>10} "
                      f"{shown(times['chunkwise'], 'chunkwise' in capped):>10}  "
                      f"{bound}{times['langchain'] / times['chunkwise']:9.1f}x "
                      + (f"{bound}{parsers:10.1f}x" if parsers else f"{'(noise)':>12}"))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
