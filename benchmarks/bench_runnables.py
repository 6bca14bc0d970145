"""Per-chunk overhead of a three-step streaming chain: chunkwise vs langchain_core.

Run (after ``pip install -e ".[bench]"``, or ``.[test]``)::

    python benchmarks/bench_runnables.py            # 10k chunks, best of 3
    python benchmarks/bench_runnables.py --chunks 2000 --repeat 5

The chain is ``source | double | increment``, three generator functions: the first
turns one input into N small int chunks, the other two transform chunk by chunk.
The same functions are wrapped by each library (``RunnableGenerator``). Overhead
per chunk = (time through the library - time of the same generators chained by
hand) / N, for ``stream``, ``astream`` and ``astream_events(version="v2")``.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any


def source(inputs: Iterator[int]) -> Iterator[int]:
    for n in inputs:
        yield from range(n)


def double(chunks: Iterator[int]) -> Iterator[int]:
    for c in chunks:
        yield c * 2


def increment(chunks: Iterator[int]) -> Iterator[int]:
    for c in chunks:
        yield c + 1


async def asource(inputs: AsyncIterator[int]) -> AsyncIterator[int]:
    async for n in inputs:
        for i in range(n):
            yield i


async def adouble(chunks: AsyncIterator[int]) -> AsyncIterator[int]:
    async for c in chunks:
        yield c * 2


async def aincrement(chunks: AsyncIterator[int]) -> AsyncIterator[int]:
    async for c in chunks:
        yield c + 1


async def _one(n: int) -> AsyncIterator[int]:
    yield n


def bare_sync(n: int) -> int:
    return sum(1 for _ in increment(double(source(iter([n])))))


async def bare_async(n: int) -> int:
    return sum([1 async for _ in aincrement(adouble(asource(_one(n))))])


def best(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def cases(lib: Any, n: int) -> dict[str, Callable[[], Any]]:
    sync_chain = lib.RunnableGenerator(source) | lib.RunnableGenerator(double) | lib.RunnableGenerator(increment)
    async_chain = lib.RunnableGenerator(asource) | lib.RunnableGenerator(adouble) | lib.RunnableGenerator(aincrement)

    def stream() -> int:
        return sum(1 for _ in sync_chain.stream(n))

    async def astream() -> int:
        return sum([1 async for _ in async_chain.astream(n)])

    async def events() -> int:
        return sum([1 async for _ in async_chain.astream_events(n, version="v2")])

    return {
        "stream (sync)": stream,
        "astream": lambda: asyncio.run(astream()),
        "astream_events v2": lambda: asyncio.run(events()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    n, repeat = args.chunks, args.repeat

    import langchain_core.runnables as langchain

    import chunkwise.runnables as chunkwise

    base = {
        "stream (sync)": best(lambda: bare_sync(n), repeat),
        "astream": best(lambda: asyncio.run(bare_async(n)), repeat),
    }
    base["astream_events v2"] = base["astream"]
    ours = {k: best(f, repeat) for k, f in cases(chunkwise, n).items()}
    theirs = {k: best(f, repeat) for k, f in cases(langchain, n).items()}

    print(f"{n} chunks through 3 generator steps, best of {repeat}; "
          "overhead per chunk over hand-chained generators")
    print(f"{'path':<20}{'chunkwise us':>14}{'langchain us':>14}{'ratio':>9}")
    for key in base:
        mine = (ours[key] - base[key]) / n * 1e6
        other = (theirs[key] - base[key]) / n * 1e6
        if mine < 0.01:  # below timing noise: report a bound, not a ratio of noise
            print(f"{key:<20}{'<0.01':>14}{other:>14.2f}{'>' + format(other / 0.01, '.0f'):>8}x")
        else:
            print(f"{key:<20}{mine:>14.3f}{other:>14.2f}{other / mine:>8.0f}x")


if __name__ == "__main__":
    main()
