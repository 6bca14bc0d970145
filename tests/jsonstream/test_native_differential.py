"""The native engine against the Python one, on the same texts, chunkings and options.

Hypothesis draws JSON texts (valid, with repeated keys, or mutated: mostly invalid),
cuts them into chunks (str, bytes cut anywhere, or a mix), draws the options and which
views to look at after each chunk, and runs both backends side by side. Everything
observable must be the same: what each ``feed`` returns, whether ``version`` moved,
every view's result (types exactly: ``1`` is not ``1.0``), ``done``, ``path``, the repairs
made so far, and each error's type, message, position, line, column, path and excerpt,
again at every later call (sticky errors).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chunkwise import IncrementalJsonParser, JsonStreamError
from chunkwise.jsonstream import backends
from chunkwise.jsonstream.repairs import Repair
from chunkwise.testing import mutated_texts
from jsonstream_props import repeated_key_texts, valid_texts
from repair_texts import near_json

pytestmark = [
    pytest.mark.skipif(not backends.native_available(), reason="chunkwise_native is not installed"),
    pytest.mark.python_only("runs both backends itself, once"),
]

#: Every view: value, patches, items, events, open_containers (a bit each in a ``looks`` mask).
ALL = 31
_BAD_BYTES = (b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf0\x9f", b"\xe2\x82\x28", b"\xef\xbb\xbf", b"\xc0\xaf")


def outcome(call: Callable[[], Any]) -> tuple[Any, ...]:
    """What a call gave: its value (as an exact repr) or its error, every field of it."""
    try:
        return ("ok", repr(call()))
    except JsonStreamError as error:
        return (type(error).__name__, error.msg, error.pos, error.lineno, error.colno, error.path, error.doc, str(error))
    except (ValueError, TypeError, ImportError) as error:
        return (type(error).__name__, str(error))


def trace(backend: str, chunks: list[Any], options: dict[str, Any], looks: list[int], compact: bool) -> list[Any]:
    """Everything one backend shows for these chunks (``looks``: which views after each chunk)."""
    # the native repairer is a port of the Python repairer's general path (see check_same)
    shortcut = {"_repair_shortcuts": False} if backend == "python" and options.get("repair") else {}
    parser = IncrementalJsonParser(backend=backend, **options, **shortcut)
    views: list[Callable[[], Any]] = [
        lambda: parser.value,
        lambda: parser.patches(compact=compact),
        lambda: parser.items(),
        lambda: parser.events(),
        lambda: [(None if c.keys is None else list(c.keys), c.key) for c in parser.open_containers()],
    ]
    seen: list[Any] = []

    def look(mask: int) -> None:
        seen.extend(outcome(view) for bit, view in enumerate(views) if mask >> bit & 1)
        seen.append((parser.done, outcome(lambda: parser.path), parser.repairs))

    version = parser.version
    for chunk, mask in zip(chunks, looks):
        seen.append(outcome(lambda: parser.feed(chunk)))
        seen.append(parser.version != version)
        version = parser.version
        look(mask)
    seen.append(outcome(parser.close))
    look(ALL)
    look(ALL)  # after an error: once more, and the delta views raise it now too
    seen.append(outcome(lambda: parser.feed("1")))
    seen.append(outcome(parser.close))
    return seen


def check_same(chunks: list[Any], options: dict[str, Any], looks: list[int], compact: bool) -> None:
    python = trace("python", chunks, options, looks, compact)
    native = trace("native", chunks, options, looks, compact)
    assert native == python, (chunks, options)


#: Sets of repairs: one kind, the common set, all of them, or any mix.
repair_sets = st.one_of(
    st.booleans(),
    st.sampled_from([*Repair, Repair.DEFAULT, Repair.DEFAULT | Repair.SEVERAL_VALUES]),
    st.integers(1, 2**13 - 1).map(Repair),
)
#: Near-JSON: a value written with some model mistakes, maybe mutated further.
near_texts = repair_sets.flatmap(lambda kinds: near_json(Repair.DEFAULT if isinstance(kinds, bool) else kinds))
texts = st.one_of(
    valid_texts, repeated_key_texts, mutated_texts(), mutated_texts(valid_texts), near_texts, mutated_texts(near_texts),
)

options = st.fixed_dictionaries(
    {},
    optional={
        "strict": st.booleans(),
        "completion": st.sampled_from(["partial", "atomic", "complete"]),
        "items": st.sampled_from(["", "/*", "/a", "/*/*", "/a/*", "/0", "/~0~1"]),
        "events": st.booleans(),
        "max_depth": st.integers(0, 4),
        "max_int_digits": st.sampled_from([1, 3, 20, None]),
        "trailing": st.sampled_from(["error", "ignore"]),
        "retain": st.booleans(),
        "repair": repair_sets,
    },
)


@st.composite
def chunked(draw: st.DrawFn, text: str) -> list[Any]:
    """``text`` cut anywhere, as str chunks, as bytes (maybe with bad bytes put in), or mixed."""
    kind = draw(st.sampled_from(["str", "bytes", "mixed"]))
    data: Any = text
    if kind != "str":
        data = text.encode("utf-8", "surrogatepass")
        for _ in range(draw(st.integers(0, 2))):
            at = draw(st.integers(0, len(data)))
            data = data[:at] + draw(st.sampled_from(_BAD_BYTES)) + data[at:]
    cuts = sorted(draw(st.lists(st.integers(0, len(data)), max_size=12)))
    chunks = [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)])]
    if kind == "mixed":
        flips = draw(st.lists(st.booleans(), min_size=len(chunks), max_size=len(chunks)))
        chunks = [_as_str(chunk) if flip else chunk for chunk, flip in zip(chunks, flips)]
    return chunks


def _as_str(chunk: bytes) -> Any:
    try:
        return chunk.decode("utf-8")
    except UnicodeDecodeError:
        return chunk


@given(st.data())
def test_native_shows_what_python_shows(data: st.DataObject) -> None:
    text = data.draw(texts, label="text")
    chunks = data.draw(chunked(text), label="chunks")
    looks = data.draw(st.lists(st.integers(0, ALL), min_size=len(chunks), max_size=len(chunks)), label="looks")
    check_same(chunks, data.draw(options, label="options"), looks, data.draw(st.booleans(), label="compact"))


@given(st.data())
def test_native_one_character_at_a_time(data: st.DataObject) -> None:
    """Every chunk boundary, every view after every chunk."""
    text = data.draw(st.one_of(valid_texts, mutated_texts()), label="text")
    check_same(list(text), data.draw(options, label="options"), [ALL] * len(text), data.draw(st.booleans()))


@pytest.mark.parametrize("chunks", [
    [b"\xc3", b"\xa9\xff"],  # invalid bytes after a character split across chunks
    [b"[\xc3", "1]"],  # a str chunk inside a UTF-8 character
    [b"\xef\xbb", b"\xbf[1]"],  # a byte-order mark split across chunks
    ["[1", b"\xef\xbb\xbf]"],  # not at the start: not a byte-order mark
    [b'["\xed\xa0\x80"]'],  # an encoded surrogate is invalid UTF-8
    ['["\ud800', '\udc00"]'],  # lone surrogates in str chunks stay as they are
    ['["\\ud83d', '\\ude00", "\\ud800x"]'],
    ["[1e400, -0.0, 1E-400, 12345678901234567890123, 0.1e1]"],
])
def test_native_edge_cases(chunks: list[Any]) -> None:
    for options in ({}, {"retain": False}, {"events": True}, {"items": "/*"}):
        check_same(chunks, options, [ALL] * len(chunks), True)


def test_a_native_parser_may_be_used_and_dropped_on_other_threads() -> None:
    """As any Python object may (asyncio executors, thread pools): the engine is Send + Sync."""
    import threading

    parser = IncrementalJsonParser(backend="native")

    def run(work: Callable[[], Any]) -> None:
        thread = threading.Thread(target=work)
        thread.start()
        thread.join()

    run(lambda: parser.feed('[1, "a'))
    assert parser.value == [1, "a"]
    holder = [parser]
    del parser
    run(holder.clear)


_HALFWAY = "1.00000000000000011102230246251565404236316680908203125"  # 1 + 2**-53


@pytest.mark.parametrize("text", [
    "[" + _HALFWAY + "0" * 900 + "1]",
    "[-0." + "0" * 500 + "123e500]",
    "[0." + "0" * 300 + "5e" + "0" * 40 + "1]",
    "[1." + "3" * 1000 + "e-" + "9" * 30 + "]",
    "[2.5E+" + "0" * 50 + "308, 1e" + "0" * 30 + "]",
    "[-" + "7" * 5000 + ", " + "1" * 19 + ".5]",
])
@pytest.mark.parametrize("size", [1, 3, 7])
def test_native_long_numbers(text: str, size: int) -> None:
    """Long integers (extended from the value read last) and long fractions and exponents
    (converted only while their digits can change them), read after every chunk."""
    chunks = [text[i : i + size] for i in range(0, len(text), size)]
    for compact in (False, True):
        check_same(chunks, {"max_int_digits": None}, [3] * len(chunks), compact)
