"""Texts that are not quite right: cut off, or with a few characters changed.

A stream that stops early (a length limit, a dropped connection) must end in an
error, not in a silently shortened value; a model's near-miss must be rejected
with a clear error, not an internal one. :func:`truncated_texts` and
:func:`mutated_texts` draw both from any strategy of good texts (JSON by default).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from chunkwise.testing.grammars import from_grammar
from chunkwise.testing.strategies import json_texts

__all__ = ["MUTATION_PIECES", "mutated_texts", "truncated_texts"]

#: What :func:`mutated_texts` inserts or puts in place of a character: JSON's
#: punctuation and literals' letters, control characters, lone surrogates and the
#: pieces models get wrong.
MUTATION_PIECES: tuple[str, ...] = (
    *'{}[]:,"\\/ \t\n\r0123456789-+.eEtrufalsnbNIy\x00\x01\x1f\x7f\u00e9\u2028\ud800\U0001f600',
    "\\u", "\\ud83d", "NaN", "Infinity", "true", "null", '"",', "[]", "{}",
)


def _good(texts: st.SearchStrategy[Any] | None) -> st.SearchStrategy[Any]:
    return json_texts() | from_grammar("json") if texts is None else texts


@st.composite
def _mutated(draw: st.DrawFn, texts: st.SearchStrategy[Any], pieces: Sequence[Any], max_edits: int) -> Any:
    text = draw(texts)
    for _ in range(draw(st.integers(1, max_edits))):
        kind = draw(st.sampled_from(["insert", "delete", "replace", "truncate"]))
        i = draw(st.integers(0, len(text)))
        piece = draw(st.sampled_from(pieces))
        if kind == "insert":
            text = text[:i] + piece + text[i:]
        elif kind == "delete":
            text = text[:i] + text[i + 1 :]
        elif kind == "replace":
            text = text[:i] + piece + text[i + 1 :]
        else:
            text = text[:i]
    return text


def mutated_texts(
    texts: st.SearchStrategy[Any] | None = None, *, pieces: Sequence[Any] = MUTATION_PIECES, max_edits: int = 3
) -> st.SearchStrategy[Any]:
    """Texts from ``texts`` (default: JSON texts, from ``json.dumps`` and the JSON
    grammar) with 1 to ``max_edits`` edits: a piece inserted, a character deleted or
    replaced, or the text cut off. Most are invalid; some stay valid. For ``bytes``
    texts pass ``pieces`` of bytes."""
    return _mutated(_good(texts), tuple(pieces), max_edits)


@st.composite
def _truncated(draw: st.DrawFn, texts: st.SearchStrategy[Any]) -> Any:
    text = draw(texts.filter(len))
    return text[: draw(st.integers(0, len(text) - 1))]


def truncated_texts(texts: st.SearchStrategy[Any] | None = None) -> st.SearchStrategy[Any]:
    """Texts from ``texts`` (default: JSON texts) cut off before their end, as a stream
    that stopped early delivers them: any proper prefix, the empty text included."""
    return _truncated(_good(texts))
