"""Hypothesis strategies for streamed text: how it is cut, what it holds, what models wrap it in.

Streaming parsers go wrong at chunk boundaries, so the central strategy is
:func:`chunkings`: any way of cutting a text, shrinking towards few cuts so a
failure is reported with the smallest chunking that shows it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, AnyStr, Union

from hypothesis import strategies as st

__all__ = [
    "WrappedText",
    "chunkings",
    "cut",
    "json_texts",
    "json_values",
    "llm_wrapped",
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


@st.composite
def _chunkings(draw: st.DrawFn, text: AnyStr, empty_chunks: bool) -> list[AnyStr]:
    n = len(text)
    if n == 0 and not empty_chunks:
        return []  # the empty text is no chunks at all
    # One choice per place between characters, 1 meaning "cut here" (2: cut twice,
    # leaving an empty chunk); a choice shrinks to 0, so a failing chunking shrinks
    # to the cuts it needs. ``spread`` sets how sparse the cuts are when generated.
    spread = draw(st.sampled_from([1, 1, 2, 4, 8, 32, 128]))
    places = range(0, n + 1) if empty_chunks else range(1, n)
    top = spread if not empty_chunks else max(spread, 2)
    positions: list[int] = []
    for place in places:
        choice = draw(st.integers(0, top))
        if choice in (1, 2):
            positions += [place] * choice if empty_chunks else [place]
    return cut(text, positions)


def chunkings(text: AnyStr, *, empty_chunks: bool = False) -> st.SearchStrategy[list[AnyStr]]:
    """Every way of cutting ``text`` into chunks that join back to it.

    Cuts are drawn densely or sparsely (from one character per chunk on average
    to one cut in a hundred) and shrink towards the fewest cuts that still fail.
    With ``empty_chunks``, empty chunks (which model streams do send) appear too.
    """
    return _chunkings(text, empty_chunks)


def _char_starts(data: bytes) -> list[int]:
    """Offsets of the UTF-8 characters' first bytes (continuation bytes are 0b10xxxxxx)."""
    return [i for i, b in enumerate(data) if b & 0xC0 != 0x80]


@st.composite
def _token_streams(draw: st.DrawFn, text: AnyStr) -> list[AnyStr]:
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


def token_streams(text: AnyStr) -> st.SearchStrategy[list[AnyStr]]:
    """``text`` cut like a model's token stream: pieces of 1 to 8 characters.

    For ``bytes`` the pieces are counted in UTF-8 characters and a cut may fall
    inside the following multi-byte character, as network chunks do.
    """
    return _token_streams(text)


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


class WrappedText(str):
    """A model-like output (a ``str``) that remembers the text it wraps, as ``.inner``."""

    inner: str

    def __new__(cls, text: str, inner: str) -> WrappedText:
        self = super().__new__(cls, text)
        self.inner = inner
        return self


_PROSE = st.sampled_from(
    ["Here is the JSON:", "Sure! Here you go.", "The answer is below", "Certainly", "OK, as requested:"]
) | st.from_regex(r"[A-Za-z][A-Za-z ,.:!?']{0,30}", fullmatch=True)
_AFTER = st.sampled_from(["Hope this helps!", "Hope this helps", "Let me know if you need more.", ""])
_BLANK = st.sampled_from(["", " ", "\n", "\n\n", "\t", " \r\n"])
_TAG = st.sampled_from(["json", "JSON", "", "jsonc", "text", "python"]) | st.from_regex(r"[A-Za-z0-9_+-]{0,8}",
                                                                                      fullmatch=True)
_THOUGHT = st.text(st.characters(blacklist_characters="<>", blacklist_categories=["Cs"]), max_size=40)


@st.composite
def _llm_wrapped(draw: st.DrawFn, texts: st.SearchStrategy[str], prose: bool) -> WrappedText:
    inner = draw(texts)
    parts = [draw(_BLANK)]
    if draw(st.booleans()):
        parts += ["<think>", draw(_THOUGHT), "</think>", draw(_BLANK)]
    fenced = draw(st.booleans())
    if prose and draw(st.booleans()):
        parts += [draw(_PROSE), draw(st.sampled_from(["\n", "\n\n", " "]))]
    if fenced:
        parts += ["`" * draw(st.integers(3, 4)), draw(_TAG), "\n"]
    parts += [inner, draw(_BLANK)]
    if fenced:
        parts += ["```" if not draw(st.booleans()) else "````", draw(_BLANK)]
    if prose:
        parts += [draw(_AFTER), draw(_BLANK)]
    return WrappedText("".join(parts), inner)


def llm_wrapped(texts: st.SearchStrategy[str], *, prose: bool = True) -> st.SearchStrategy[WrappedText]:
    """``texts`` as a model writes them: maybe a ``<think>…</think>`` block, a sentence
    of prose, a Markdown fence with any tag (or none), blank space, and a closing
    remark such as "Hope this helps!". Each result is a :class:`WrappedText` whose
    ``.inner`` is the text drawn from ``texts``, for oracles.

    The prose never holds brackets or backticks and starts with a letter, so it
    cannot be read as data; but prose around unfenced data only suits data that
    starts with ``{`` or ``[`` (a bare ``true`` followed by words is prose), so pass
    ``prose=False`` for anything else.
    """
    return _llm_wrapped(texts, prose)
