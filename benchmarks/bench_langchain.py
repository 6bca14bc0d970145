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

  model only    the fake model's stream with no parser
  no-op parser  a LangChain parser that reads its input and yields nothing: what
                LangChain's machinery costs any parser (the run adds up its input
                chunks with ``+``, quadratic in the output for string content)
  langchain     langchain_core.output_parsers.JsonOutputParser (re-parses the
                whole output so far on every chunk: quadratic)
  chunkwise     chunkwise.langchain.JsonOutputParser (one engine session fed
                each chunk once; each yielded value holds the strings so far,
                which costs their length per value, as any value output must)
  cw compact    chunkwise.langchain.JsonOutputParser(diff=True, compact=True):
                patches instead of values (another output, shown for the cost of
                the engine alone; its patches are applied and checked too)

For each: the best CPU time (process time, all threads: the machine is shared) of
--repeat runs (one run when a run takes over 2 s)
and the ratios langchain / chunkwise of the totals and of the parsers' own shares
(total - no-op parser; none when chunkwise's share is within 2% of the floor: the
machine's noise). A run still going after --cap CPU seconds (default 30) is
stopped and shown as "> cap" with its ratio as a lower bound (">"); nothing is
extrapolated. Each final value of a finished run is checked against json.loads.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

from langchain_core.language_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.output_parsers import BaseTransformOutputParser
from langchain_core.output_parsers import JsonOutputParser as LangChainJsonOutputParser

from chunkwise.langchain import JsonOutputParser as ChunkwiseJsonOutputParser

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_jsonstream import fmt_size, make_document, parse_size  # noqa: E402

class NoopParser(BaseTransformOutputParser[None]):
    """Reads every chunk, yields one None at the end: LangChain's cost of a parser run."""

    def parse(self, text: str) -> None:
        return None

    def _transform(self, input: Iterator[str | BaseMessage]) -> Iterator[None]:
        for _ in input:
            pass
        yield None

    async def _atransform(self, input: AsyncIterator[str | BaseMessage]) -> AsyncIterator[None]:
        async for _ in input:
            pass
        yield None


PARSERS: dict[str, Callable[[], Any] | None] = {
    "model only": None,
    "no-op parser": NoopParser,
    "langchain": LangChainJsonOutputParser,
    "chunkwise": ChunkwiseJsonOutputParser,
    "cw compact": lambda: ChunkwiseJsonOutputParser(diff=True, compact=True),
}
CHECKED = ("langchain", "chunkwise")


def applied(patches: list[list[dict[str, Any]]]) -> Any:
    """The document the compact patches build (add / replace / append at a JSON Pointer)."""
    root: list[Any] = [None]
    for patch in patches:
        for op in patch:
            keys = [k.replace("~1", "/").replace("~0", "~") for k in op["path"].split("/")[1:]]
            parent, key = root, 0
            for k in keys:
                parent, key = parent[key], (int(k) if isinstance(parent[key], list) else k)
            if op["op"] == "append":
                parent[key] += op["value"]
            elif isinstance(parent, list) and key == len(parent):
                parent.append(op["value"])
            else:
                parent[key] = op["value"]
    return root[0]


def chain(text: str, parser: Callable[[], Any] | None) -> Any:
    model = GenericFakeChatModel(messages=iter([AIMessage(content=text)]))
    return model if parser is None else model | parser()


class Capped:
    """The last value of a run stopped at the time cap."""


Run = Callable[[str, Any, float, bool], tuple[float, Any]]


class Outputs:
    """What a run keeps: every output (patches), or only the last (values: keeping every
    value of a long string would hold its every prefix, gigabytes at 100 KB)."""

    def __init__(self, every: bool) -> None:
        self.every = every
        self.kept: list[Any] = []

    def add(self, output: Any) -> None:
        if self.every or not self.kept:
            self.kept.append(output)
        else:
            self.kept[0] = output


def run_sync(text: str, parser: Callable[[], Any] | None, cap: float,
             every: bool) -> tuple[float, Any]:
    stream = chain(text, parser).stream("")
    cpu = time.process_time()
    outputs = Outputs(every)
    for output in stream:
        outputs.add(output)
        if time.process_time() - cpu > cap:
            stream.close()
            return time.process_time() - cpu, Capped()
    return time.process_time() - cpu, outputs.kept


def run_async(text: str, parser: Callable[[], Any] | None, cap: float,
              every: bool) -> tuple[float, Any]:
    runnable = chain(text, parser)

    async def main() -> Any:
        outputs = Outputs(every)
        stream = runnable.astream("")
        async for output in stream:
            outputs.add(output)
            if time.process_time() - cpu > cap:
                await stream.aclose()
                return Capped()
        return outputs.kept

    cpu = time.process_time()
    outputs = asyncio.run(main())
    return time.process_time() - cpu, outputs


def best(run: Run, text: str, parser: Any, repeat: int, cap: float,
         every: bool) -> tuple[float, Any]:
    """The best time of up to ``repeat`` runs, and the outputs of the last (or Capped)."""
    times, outputs = [], None
    for _ in range(repeat):
        elapsed, outputs = run(text, parser, cap, every)
        times.append(elapsed)
        if elapsed > 2:
            break
    return min(times), outputs


def shown(seconds: float, capped: bool) -> str:
    return f"{'>' if capped else ''}{seconds * 1e3:.1f}ms"


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--sizes", default="10k,100k")
    args.add_argument("--shapes", default="records,text")
    args.add_argument("--repeat", type=int, default=3)
    args.add_argument("--cap", type=float, default=30.0, help="CPU seconds a run may take")
    options = args.parse_args(argv)
    print(f"{'shape':8} {'size':>6} {'call':7} {'chunks':>7} "
          + "".join(f"{name:>13}" for name in PARSERS)
          + f"  {'total ratio':>11} {'parser ratio':>12}")
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
                    times[name], outputs = best(run, text, parser, options.repeat, options.cap,
                                                every=name == "cw compact")
                    if isinstance(outputs, Capped):
                        capped.add(name)
                    elif name in CHECKED + ("cw compact",):
                        final = applied(outputs) if name == "cw compact" else outputs[-1]
                        if final != expected:
                            print(f"MISMATCH: {name} {shape} {fmt_size(size)} {call}")
                            bad += 1
                floor = times["no-op parser"]
                ours = times["chunkwise"] - floor
                # Below the floor's noise the parser's share is not measured: no ratio.
                parsers = ((times["langchain"] - floor) / ours if ours > 0.02 * floor else None)
                bound = ">" if "langchain" in capped else " "
                print(f"{shape:8} {fmt_size(size):>6} {call:7} {chunks:7d} "
                      + "".join(f"{shown(times[n], n in capped):>13}" for n in PARSERS)
                      + f"  {bound}{times['langchain'] / times['chunkwise']:9.1f}x "
                      + (f"{bound}{parsers:10.1f}x" if parsers else f"{'(noise)':>12}"))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
