"""Streaming XML in small chunks: chunkwise's XMLOutputParser vs langchain_core's.

Run (after ``pip install -e ".[test]"``)::

    python benchmarks/bench_xml.py                  # 10 KB and 100 KB, 4-character chunks
    python benchmarks/bench_xml.py --chunk 1 --repeat 9

The output is a catalogue of books as a model writes it (indented, one leaf per
line), alone or behind a paragraph of prose (the text before the XML, which LangChain
searches again with each chunk). Both parsers stream it through ``transform`` (the
runnable path a chain takes) and must yield the same chunks, checked before timing.
LangChain's parser is run with ``parser="xml"`` (the standard library) and
``"defusedxml"`` (its default); chunkwise's with its default (DTDs refused). Times are
the best of ``--repeat`` runs taken in turns; peak memory is measured apart, with ``tracemalloc``.
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from langchain_core.output_parsers.xml import XMLOutputParser as LangChainXML

from chunkwise import XMLOutputParser

PROSE = "Here is the catalogue you asked for. Each book has its title, author and price. " * 20


def catalogue(size: int) -> str:
    """An indented XML catalogue of about ``size`` characters."""
    books, n = [], 0
    while sum(map(len, books)) < size:
        books.append(
            f"  <book>\n    <title>Book number {n} &amp; its sequel</title>\n"
            f"    <author>Author {n % 97}</author>\n    <price>{n % 50}.99</price>\n  </book>\n"
        )
        n += 1
    return "<catalogue>\n" + "".join(books) + "</catalogue>"


def chunked(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


def best_times(runs: dict[str, Callable[[], Any]], repeat: int) -> dict[str, float]:
    """The best time of each run; the runs take turns, so a busy moment of the machine
    slows them all instead of one."""
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeat):
        for name, run in runs.items():
            gc.collect()
            start = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def peak_memory(run: Callable[[], Any]) -> int:
    gc.collect()
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--chunk", type=int, default=4, help="characters per chunk (default 4)")
    options.add_argument("--repeat", type=int, default=5, help="runs per measurement (best kept)")
    options.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = options.parse_args()

    parsers: dict[str, Any] = {
        "langchain xml": LangChainXML(parser="xml"),
        "langchain defusedxml": LangChainXML(parser="defusedxml"),
        "chunkwise": XMLOutputParser(),
    }
    print(f"chunks of {args.chunk} characters, best of {args.repeat}; ratio = LangChain time / chunkwise time")
    header = f"{'case':<22}{'size':>9}{'chunks':>8}  " + "".join(f"{name:>22}" for name in parsers)
    print(header + f"{'ratio (xml)':>13}{'ratio (defused)':>17}")
    for size in args.sizes:
        for label, prefix in (("xml", ""), ("prose + xml", PROSE)):
            text = prefix + catalogue(size)
            chunks = chunked(text, args.chunk)
            runs = {name: (lambda p=parser: list(p.transform(iter(chunks)))) for name, parser in parsers.items()}
            outputs = {name: run() for name, run in runs.items()}
            assert all(out == outputs["chunkwise"] for out in outputs.values()), "the parsers disagree"
            times = best_times(runs, args.repeat)
            peaks = {name: peak_memory(run) for name, run in runs.items()}
            cells = "".join(f"{times[n] * 1000:>10.1f} ms {peaks[n] / 1e6:>6.2f} MB" for n in parsers)
            ours = times["chunkwise"]
            print(f"{label:<22}{len(text):>9}{len(chunks):>8}  {cells}"
                  f"{times['langchain xml'] / ours:>12.2f}x{times['langchain defusedxml'] / ours:>16.2f}x")


if __name__ == "__main__":
    main()
