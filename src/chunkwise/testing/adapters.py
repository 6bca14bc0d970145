"""Adapters: run any kind of streaming parser over a list of chunks the same way.

The checkers accept a *parser* in any of these shapes and call :func:`adapt` on it:

* an object with ``transform(iterator)`` (a chunkwise ``Runnable``, a LangChain
  runnable): used as is, since such parsers keep per-call state in the call;
* a generator function (or any one-argument function) that takes the iterator of
  chunks and yields outputs, as in ``model | my_generator`` chains;
* a zero-argument factory (often a class) returning either of the above or a
  stateful ``feed``/``close`` object, made fresh for every run;
* :func:`feed_close` (``factory, view=...``) to say how a ``feed``/``close`` object
  shows its value.

A ``feed``/``close`` object follows one of two conventions, found from what
``feed`` returns: ``True``/``False`` (whether the shown value changed, the value
being ``view(obj)``, by default ``obj.value``; ``close()`` returns the final value),
as :class:`~chunkwise.IncrementalJsonParser` does; or the outputs of the chunk (an
iterable, or ``None`` for none), with ``close()`` returning the last outputs.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from typing import Any

__all__ = ["StreamFunction", "adapt", "feed_close"]


class StreamFunction:
    """A parser seen as a function from an iterable of chunks to an iterator of outputs."""

    def __init__(self, run: Callable[[Iterable[Any]], Iterable[Any]], name: str) -> None:
        self._run = run
        self.name = name

    def __call__(self, chunks: Iterable[Any]) -> Iterator[Any]:
        """The outputs of one fresh run over ``chunks``."""
        return iter(self._run(iter(chunks)))

    def __repr__(self) -> str:
        return f"<stream {self.name}>"


def _name(obj: Any) -> str:
    return getattr(obj, "__qualname__", None) or type(obj).__qualname__


def _required_positional(fn: Callable[..., Any]) -> int | None:
    """How many positional parameters ``fn`` needs (None if it cannot be told)."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return None
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return sum(1 for p in params if p.kind in kinds and p.default is inspect.Parameter.empty)


def _feed_close_run(obj: Any, chunks: Iterable[Any], view: Callable[[Any], Any] | None) -> Iterator[Any]:
    snapshots = view is not None
    for chunk in chunks:
        result = obj.feed(chunk)
        if isinstance(result, bool):
            snapshots = True
            if result:
                yield view(obj) if view is not None else obj.value
        elif result is not None and not snapshots:
            yield from result
    final = obj.close()
    if snapshots:
        yield final if view is None else view(obj)
    elif final is not None:
        yield from final


def feed_close(factory: Callable[[], Any], *, view: Callable[[Any], Any] | None = None) -> StreamFunction:
    """A ``feed``/``close`` parser made fresh by ``factory`` for every run.

    With ``view``, the parser's outputs are ``view(obj)`` after each ``feed`` that
    did not return ``False``, and after ``close``.
    """
    return StreamFunction(lambda chunks: _feed_close_run(factory(), chunks, view), _name(factory))


def _adapt_made(made: Any, factory: Any) -> Callable[[Iterable[Any]], Iterable[Any]]:
    if hasattr(made, "transform"):
        return made.transform  # type: ignore[no-any-return]
    if hasattr(made, "feed") and hasattr(made, "close"):
        return lambda chunks: _feed_close_run(made, chunks, None)
    if callable(made):
        return made  # type: ignore[no-any-return]
    raise TypeError(f"{factory!r} made {made!r}: not a parser (no transform, feed/close, or call)")


def adapt(parser: Any) -> StreamFunction:
    """``parser`` (any shape listed in the module docstring) as a :class:`StreamFunction`."""
    if isinstance(parser, StreamFunction):
        return parser
    if not isinstance(parser, type) and hasattr(parser, "transform"):
        return StreamFunction(parser.transform, _name(parser))
    if not isinstance(parser, type) and hasattr(parser, "feed") and hasattr(parser, "close"):
        raise TypeError(
            f"{parser!r} keeps state in feed/close: pass a factory (e.g. its class or a lambda) "
            "so each run gets a fresh one"
        )
    if not callable(parser):
        raise TypeError(f"{parser!r} is not a parser: no transform, feed/close, generator function or factory")
    if inspect.isgeneratorfunction(parser) or _required_positional(parser) == 1:
        return StreamFunction(parser, _name(parser))
    return StreamFunction(lambda chunks: _adapt_made(parser(), parser)(chunks), _name(parser))
