#!/usr/bin/env python
"""The worst cases a model's output can construct for each output parser, at two sizes.

    python benchmarks/hostile_parsers.py            # n = 10 000 and 20 000 characters
    python benchmarks/hostile_parsers.py --n 5000   # n and 2n

Each case is a text built to be costly (deep nesting, a long number, a long key,
repeated keys, a long string or array, many tiny chunks), fed to each parser one
character (or token) per chunk, as a hostile model could stream it: text parsers get
it as content, tool parsers as the arguments of one tool call. A run ends at the
parser's error if the text provokes one (the depth limit, the digit limit); that is
part of the cost. Printed per case and parser: CPU seconds at n and 2n, the growth
exponent (log2 of their ratio: 1 is linear, 2 quadratic) and what the stream handed
out at 2n (``out``: the characters of every output, shared subtrees counted again,
so value mode on a long open string shows its quadratic hand-out). Outputs are
dropped as they come, as a consumer that only shows the latest would.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel

from chunkwise import (
    AIMessageChunk,
    CommaSeparatedListOutputParser,
    JsonOutputKeyToolsParser,
    JsonOutputParser,
    JsonOutputToolsParser,
    MarkdownListOutputParser,
    NumberedListOutputParser,
    OutputParserException,
    PydanticOutputParser,
    PydanticToolsParser,
)
from chunkwise.models import tool_call_chunk
from chunkwise.parsers import DEFAULT_MAX_DEPTH


class Doc(BaseModel):
    """What the pydantic parsers read: any JSON object (the cases' shapes are not models)."""

    model_config = {"extra": "allow"}


class Item(BaseModel):
    id: int


class Order(BaseModel):
    """A model with required fields, for the cases that keep a partial value invalid."""

    name: str
    items: list[Item]


def _deep(n: int) -> list[str]:
    return ["["] * n


def _deep_then_items(n: int) -> list[str]:
    """As deep as the parsers allow, then many small items: every item copies the open path."""
    depth = DEFAULT_MAX_DEPTH - 1
    return ['{"a":'] + ["["] * (depth - 1) + ["1,"] * ((n - depth) // 2)


CASES: dict[str, Callable[[int], list[str]]] = {
    "deep nesting": _deep,
    "deep, then items": _deep_then_items,
    "long number": lambda n: ['{"a": 1.'] + ["1"] * n + ["}"],
    "long key": lambda n: ['{"'] + ["k"] * n + ['": 1}'],
    "repeated keys": lambda n: ["{"] + ['"a": [1], '] * (n // 10) + ['"b": 2}'],
    "long string": lambda n: ['{"a": "'] + ["x"] * n + ['"}'],
    "long array": lambda n: ['{"a": ['] + ["1,"] * (n // 2) + ["1]}"],
    "many tiny chunks": lambda n: ["{"] + list("".join(f'"k{i}": [1, "ab", {{"c": null}}], ' for i in range(n // 32)))
    + ['"z": 0}'],
}
LIST_CASES: dict[str, Callable[[int], list[str]]] = {
    "long item": lambda n: ["x"] * n,
    "many items": lambda n: ["a,", "\n"] * (n // 3),
    "quoted item": lambda n: ['"'] + ["x,"] * (n // 2) + ['"'],
    "blank lines": lambda n: ["\r", "\n"] * (n // 2),
}

#: Output that stays invalid for the model while it grows (pydantic parsers, with Order).
ORDER_CASES: dict[str, Callable[[int], list[str]]] = {
    "required field last": lambda n: ['{"items": ['] + ['{"id": 1}, '] * (n // 10) + [']}'],
    "nested item invalid": lambda n: ['{"name": "x", "items": [{'] + [f'"k{i}": 1, ' for i in range(n // 10)]
    + ['"id": 1}]}'],
}
ORDER_PARSERS: dict[str, Callable[[], Any]] = {
    "pydantic": lambda: PydanticOutputParser(Order),
    "tools pydantic": lambda: PydanticToolsParser([Order]),
}

TEXT_PARSERS: dict[str, Callable[[], Any]] = {
    "json": JsonOutputParser,
    "json diff": lambda: JsonOutputParser(diff=True, compact=True),
    "json items": lambda: JsonOutputParser(items="/a/*"),
    "pydantic": lambda: PydanticOutputParser(Doc),
}
TOOL_PARSERS: dict[str, Callable[[], Any]] = {
    "tools": JsonOutputToolsParser,
    "tools key": lambda: JsonOutputKeyToolsParser("Doc", first_tool_only=True),
    "tools pydantic": lambda: PydanticToolsParser([Doc]),
}
LIST_PARSERS: dict[str, Callable[[], Any]] = {
    "comma list": CommaSeparatedListOutputParser,
    "numbered list": NumberedListOutputParser,
    "markdown list": MarkdownListOutputParser,
}


def as_tool_call(pieces: list[str], name: str = "Doc") -> Iterator[AIMessageChunk]:
    yield AIMessageChunk("", tool_call_chunks=[tool_call_chunk(name=name, id="c1", args="", index=0)])
    for piece in pieces:
        yield AIMessageChunk("", tool_call_chunks=[tool_call_chunk(args=piece, index=0)])


def size(value: Any) -> int:
    """The characters a value stands for (iterative: values may be deep)."""
    total, work = 0, [value]
    while work:
        item = work.pop()
        if isinstance(item, BaseModel):
            work.extend((item.__dict__, item.__pydantic_extra__ or {}))
        elif isinstance(item, dict):
            total += 2 + sum(len(key) for key in item)
            work.extend(item.values())
        elif isinstance(item, (list, tuple)):
            total += 2
            work.extend(item)
        else:
            total += len(item) if isinstance(item, str) else 1
    return total


def run(parser: Any, chunks: Iterator[Any], count: bool) -> tuple[float, int]:
    """CPU seconds for the stream (to its end or its error), and the size handed out."""
    handed = 0
    start = time.process_time()
    try:
        for output in parser.transform(chunks):
            if count:
                handed += size(output)
    except OutputParserException:
        pass
    return time.process_time() - start, handed


def row(case: str, name: str, make: Callable[[], Any], build: Callable[[int], list[str]],
        feed: Callable[[list[str]], Iterator[Any]], n: int) -> str:
    small, _ = run(make(), feed(build(n)), False)
    large, _ = run(make(), feed(build(2 * n)), False)
    _, handed = run(make(), feed(build(2 * n)), True)
    growth = math.log2(large / small) if small > 0 and large > 0 else float("nan")
    return f"{case:<18} {name:<15} {small:>9.3f} {large:>9.3f} {growth:>7.2f} {handed:>13,}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="the smaller size, in characters")
    n = parser.parse_args().n
    print(f"{'case':<18} {'parser':<15} {'s at n':>9} {'s at 2n':>9} {'growth':>7} {'out at 2n':>13}")
    for case, build in CASES.items():
        for name, make in TEXT_PARSERS.items():
            print(row(case, name, make, build, iter, n))
        for name, make in TOOL_PARSERS.items():
            print(row(case, name, make, build, as_tool_call, n))
    for case, build in ORDER_CASES.items():
        print(row(case, "pydantic", ORDER_PARSERS["pydantic"], build, iter, n))
        print(row(case, "tools pydantic", ORDER_PARSERS["tools pydantic"], build,
                  lambda pieces: as_tool_call(pieces, "Order"), n))
    for case, build in LIST_CASES.items():
        for name, make in LIST_PARSERS.items():
            print(row(case, name, make, build, iter, n))


if __name__ == "__main__":
    main()
