"""Hypothesis strategies for streamed text: how it is cut, and JSON to cut.

Streaming parsers go wrong at chunk boundaries, so the central strategy is
:data:`chunkings`: any way of cutting a text. Cuts are drawn as segment lengths from
the start of the text (so a cut stays where it is when text after it is removed),
and shrink towards few, long segments. A :class:`Chunker` also knows the finest
cutting (one character per chunk, the reference of the split-invariance check) and
the simple ones (the whole text, every single cut) that the checkers try while
shrinking, so that removing text never loses the cut a failure needs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from itertools import accumulate
from typing import Any, AnyStr, Union

from hypothesis import strategies as st

__all__ = [
    "Chunker",
    "chunkings",
    "cut",
    "json_texts",
    "json_values",
    "one_at_a_time",
    "token_streams",
]


def cut(text: AnyStr, positions: Sequence[int]) -> list[AnyStr]:
    """``text`` split at ``positions`` (any order; a repeated position gives an empty chunk)."""
    out: list[AnyStr] = []
    prev = 0
    for pos in sorted(min(max(p, 0), len(text)) for p in positions):
        out.append(text[prev:pos])
        prev = pos
    out.append(text[prev:])
    return out


def one_at_a_time(text: AnyStr) -> list[AnyStr]:
    """One character (or byte) per chunk: the finest chunking, the reference for the others."""
    return [text[i : i + 1] for i in range(len(text))]


Pieces = Callable[..., st.SearchStrategy[list[Any]]]

#: How far before a drawn cut the checkers try single cuts while shrinking a long text.
NEARBY = 48


class Chunker:
    """A way of cutting texts into the chunks a parser reads.

    ``chunker(text)`` is a strategy of chunk lists. The checkers also use
    :meth:`pieces` (the text pieces drawn, before :meth:`deliver` turns them into
    chunks), :meth:`finest` (the reference cutting) and :meth:`simple` (cuttings
    tried first while shrinking). ``any_cut``: every cutting is one this chunker
    could draw, so the checkers may try the simple ones and merge a failure's chunks
    (``False`` for chunkers that promise a shape, like :data:`token_streams`).
    :meth:`delivered` makes a chunker whose chunks are built from the pieces, e.g.
    chat-message chunks; :meth:`replaying` one that always cuts the same way.
    """

    def __init__(
        self, pieces: Pieces, name: str, *, any_cut: bool = True,
        deliver: Callable[[list[Any]], list[Any]] | None = None, replay: bool = False,
    ) -> None:
        self._pieces, self._deliver, self.name = pieces, deliver, name
        self.any_cut, self.replay = any_cut, replay

    def __call__(self, text: Any, **options: Any) -> st.SearchStrategy[list[Any]]:
        return self.pieces(text, **options).map(self.deliver)

    def __repr__(self) -> str:
        return self.name

    def pieces(self, text: Any, **options: Any) -> st.SearchStrategy[list[Any]]:
        """The text pieces, joining back to ``text``."""
        return self._pieces(text, **options)

    @property
    def delivers(self) -> bool:
        """Whether chunks differ from the pieces (made by :meth:`delivered`)."""
        return self._deliver is not None

    def deliver(self, pieces: list[Any]) -> list[Any]:
        """The chunks the parser reads for these pieces (the pieces themselves unless delivered)."""
        return list(pieces) if self._deliver is None else self._deliver(pieces)

    def finest(self, text: Any) -> list[Any]:
        """The pieces of the finest cutting: one character (byte) each."""
        return one_at_a_time(text)

    def simple(self, text: Any, drawn: Sequence[Any] = ()) -> list[list[Any]]:
        """The whole text, then single cuts (none unless ``any_cut``): every one for a short
        text, else those up to :data:`NEARBY` characters before a cut of the ``drawn``
        pieces (where that cut's character was before text in front of it was removed)."""
        if not self.any_cut or not text:
            return []
        size = len(text)
        if size <= 2 * NEARBY:
            places: Iterable[int] = range(1, size)
        else:
            ends = list(accumulate(len(piece) for piece in drawn))[:-1]
            places = sorted({p for end in ends for p in range(max(end - NEARBY, 1), min(end + 2, size))})
        return [[text]] + [[text[:p], text[p:]] for p in places]

    def delivered(self, deliver: Callable[[list[Any]], list[Any]], name: str) -> Chunker:
        """This chunker with its pieces turned into chunks by ``deliver``."""
        return Chunker(self._pieces, name, any_cut=self.any_cut, deliver=deliver)

    def replaying(self, pieces: list[Any]) -> Chunker:
        """A chunker that cuts every text into exactly ``pieces`` (delivered as this one does)."""
        return Chunker(lambda text, **options: st.just(list(pieces)), f"{self.name} replaying",
                       any_cut=self.any_cut, deliver=self._deliver, replay=True)


# Sparse first: a drawn spread shrinks towards long segments (few cuts).
_SPREADS = (128, 32, 8, 4, 2, 1, 1)
_MAX_CUTS = 512  # a bound that does not depend on the text, so shrinking the text keeps the choices


@st.composite
def _segments(draw: st.DrawFn, text: AnyStr, empty_chunks: bool = False) -> list[AnyStr]:
    n = len(text)
    if n == 0 and not empty_chunks:
        return []  # the empty text is no chunks at all
    spread = draw(st.sampled_from(_SPREADS))
    cuts = draw(st.integers(0, _MAX_CUTS))  # shrinks towards 0: the fewest cuts
    positions: list[int] = []
    at = 0
    for _ in range(cuts):
        if empty_chunks and draw(st.integers(0, 3)) == 3:
            positions.append(at)  # with the cut already at ``at``: an empty chunk
        at += draw(st.integers(1, 2 * spread - 1))
        if at >= n:
            break
        positions.append(at)
    if empty_chunks and draw(st.integers(0, 3)) == 3:
        positions.append(n)
    return cut(text, positions)


chunkings = Chunker(_segments, "chunkings")
"""Every way of cutting a text into chunks that join back to it: ``chunkings(text)``.

Cuts are drawn densely or sparsely (from one character per chunk on average to
one cut in a hundred), as segment lengths, and shrink towards the fewest cuts that
still fail. ``chunkings(text, empty_chunks=True)`` adds empty chunks, which model
streams do send.
"""


def _char_starts(data: bytes) -> list[int]:
    """Offsets of the UTF-8 characters' first bytes (continuation bytes are 0b10xxxxxx)."""
    return [i for i, b in enumerate(data) if b & 0xC0 != 0x80]


@st.composite
def _token_pieces(draw: st.DrawFn, text: AnyStr) -> list[AnyStr]:
    if isinstance(text, str):
        bounds = list(range(len(text) + 1))
    else:
        bounds = _char_starts(text) + [len(text)]
    positions: list[int] = []
    at = 0
    while at < len(bounds) - 1:
        at = min(at + 8 - draw(st.integers(0, 7)), len(bounds) - 1)  # shrinks towards 8: fewer tokens
        pos = bounds[at]
        if isinstance(text, bytes) and at < len(bounds) - 1 and bounds[at + 1] - pos > 1:
            pos += draw(st.integers(0, bounds[at + 1] - pos - 1))  # maybe inside the next character
        positions.append(pos)
    return cut(text, positions[:-1]) if text else []


token_streams = Chunker(_token_pieces, "token_streams", any_cut=False)
"""``token_streams(text)``: ``text`` cut like a model's token stream, pieces of 1 to 8 characters.

For ``bytes`` the pieces are counted in UTF-8 characters and a cut may fall
inside the following multi-byte character, as network chunks do. While shrinking,
only the finest cutting is tried besides the drawn one (it keeps the 1-to-8 promise).
"""


_SCALARS: st.SearchStrategy[Any] = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**60), max_value=10**60)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
    | st.text(alphabet=st.sampled_from('"\\/\b\f\n\r\t\x00\x1fa\u00e9\u2028\U0001f600'))
)


def json_values(*, max_leaves: int = 25) -> st.SearchStrategy[Any]:
    """JSON values: nested lists and dicts of None, bools, ints (big ones too), finite
    floats and strings rich in characters that need escaping."""
    return st.recursive(
        _SCALARS,
        lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=8), inner, max_size=6),
        max_leaves=max_leaves,
    )


_Layout = tuple[list[Union[int, str, None]], list[Union[tuple[str, str], None]]]
_COMPACT: _Layout = ([None], [(",", ":"), None])
_PRETTY: _Layout = ([0, 1, 2, "\t", " \r\n"], [None, (" , ", " : "), (",\n", ":\t")])


@st.composite
def _json_texts(
    draw: st.DrawFn, values: st.SearchStrategy[Any], pretty: bool | None, ensure_ascii: bool | None
) -> str:
    layouts: list[_Layout] = {False: [_COMPACT], True: [_PRETTY], None: [_COMPACT, _PRETTY]}[pretty]
    indents, separators = draw(st.sampled_from(layouts))
    text = json.dumps(
        draw(values),
        indent=draw(st.sampled_from(indents)),
        separators=draw(st.sampled_from(separators)),
        ensure_ascii=draw(st.booleans()) if ensure_ascii is None else ensure_ascii,
    )
    if pretty is False:
        return text
    return draw(st.sampled_from(["", " ", "\n", "\t\r\n "])) + text + draw(st.sampled_from(["", " ", "\n"]))


def json_texts(
    *,
    pretty: bool | None = None,
    ensure_ascii: bool | None = None,
    values: st.SearchStrategy[Any] | None = None,
) -> st.SearchStrategy[str]:
    """JSON texts written by ``json.dumps`` in varied layouts.

    ``pretty``: True for indented layouts with blank space around the text, False for
    compact ones, None for either; ``ensure_ascii`` None draws it. ``values``
    defaults to :func:`json_values`.
    """
    return _json_texts(json_values() if values is None else values, pretty, ensure_ascii)
