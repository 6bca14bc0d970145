"""Fuzz a function that re-parses the whole text received so far, after every chunk.

This is how most partial-JSON libraries are used with a stream: keep the text,
call ``loads(text_so_far)`` after each chunk, show the result. :func:`reparse_prefix`
turns such a function into a parser the checkers accept, in one line::

    reparse_prefix(partial_json_parser.loads)
    reparse_prefix(lambda t: jiter.from_json(t.encode(), partial_mode="trailing-strings"),
                   final=lambda t: jiter.from_json(t.encode()))
    reparse_prefix(lambda t: pydantic_core.from_json(t, allow_partial=True), final=pydantic_core.from_json)
    reparse_prefix(langchain_core.utils.json.parse_partial_json)

Each run costs a parse per chunk, quadratic in the text: fine for fuzzing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Union

from chunkwise.testing.adapters import StreamFunction

__all__ = ["IncompleteText", "reparse_prefix"]

ExceptionTypes = Union[type[BaseException], tuple[type[BaseException], ...]]
Incomplete = Union[ExceptionTypes, Callable[[Any], bool]]


class IncompleteText(ValueError):
    """The stream ended while the parser still said it needed more text."""


def _is_exception_types(incomplete: Any) -> bool:
    kinds = incomplete if isinstance(incomplete, tuple) else (incomplete,)
    return all(isinstance(k, type) and issubclass(k, BaseException) for k in kinds)


def _split(incomplete: Incomplete) -> tuple[ExceptionTypes, Callable[[Any], bool]]:
    """(exceptions meaning "not enough text yet", predicate on results meaning the same)."""
    if _is_exception_types(incomplete):
        return incomplete, lambda value: False  # type: ignore[return-value]
    if callable(incomplete):
        return (), incomplete  # type: ignore[return-value]
    raise TypeError(f"incomplete must be exception types or a predicate on results, not {incomplete!r}")


def _blank(text: Any) -> bool:
    return not text.strip()


def reparse_prefix(
    parse: Callable[[Any], Any],
    *,
    incomplete: Incomplete = (),
    final: Callable[[Any], Any] | None = None,
) -> StreamFunction:
    """A streaming parser made of ``parse``, called on all the text received so far.

    After each chunk, ``parse(text_so_far)`` is shown, unless the text so far is
    only blank space (nothing to parse yet) or ``parse`` says "not enough text yet":
    ``incomplete`` is the exception type(s) it raises for that, or a predicate on
    its result (``lambda v: v is None``). Any other exception ends the run: the text
    is invalid. When the stream ends, ``final(text)`` (by default ``parse``) gives
    the final value; an ``incomplete`` answer then means the text was cut off, and
    raises (the exception itself, or :class:`IncompleteText` for a result). Chunks
    may be ``str`` or ``bytes``; an empty stream is the text ``""``.
    """
    too_short, too_short_result = _split(incomplete)
    finish = parse if final is None else final

    def stream(chunks: Iterable[Any]) -> Iterator[Any]:
        text: Any = None
        for chunk in chunks:
            text = chunk if text is None else text + chunk
            if _blank(text):
                continue
            try:
                value = parse(text)
            except too_short:
                continue
            if not too_short_result(value):
                yield value
        whole = "" if text is None else text
        value = finish(whole)
        if too_short_result(value):
            raise IncompleteText(f"the stream ended and the text is still incomplete: {whole!r}")
        yield value

    name = getattr(parse, "__qualname__", None) or type(parse).__qualname__
    return StreamFunction(stream, f"reparse_prefix({name})", parse)
