"""Adapters: run any kind of streaming parser over a list of chunks the same way.

The checkers accept a *parser* in any of these shapes and call :func:`adapt` on it:

* an object with ``transform(iterator)`` (a chunkwise ``Runnable``, a LangChain
  runnable): used as is, since such parsers keep per-call state in the call;
* a generator function (or any one-argument function) that takes the iterator of
  chunks and yields outputs, as in ``model | my_generator`` chains;
* a zero-argument factory (often a class) returning either of the above or a
  stateful ``feed``/``close`` object, made fresh for every run;
* :func:`feed_close` (``factory, view=..., close=..., read=...``) to say how a
  ``feed``/``close`` object is driven and shows its value;
* :func:`~chunkwise.testing.reparse_prefix` for a function that parses the whole
  text received so far (the commonest way partial-JSON libraries are used).

Without ``read``, a ``feed``/``close`` object's results are told apart by their
type: ``True``/``False`` says whether the shown value changed (the value being
``view(obj)``, by default ``obj.value``, and ``close()`` returning the final value),
as :class:`~chunkwise.IncrementalJsonParser` does; ``None`` is no output; a list, a
plain tuple or an iterator holds the chunk's outputs; anything else (a result
object, a ``NamedTuple``, a dict) is one output.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from typing import Any

__all__ = ["InvalidResult", "StreamFunction", "adapt", "feed_close", "read_status"]

Read = Callable[[Any], Iterable[Any]]


class StreamFunction:
    """A parser seen as a function from an iterable of chunks to an iterator of outputs.

    ``origin`` is what the user handed in (a parser, a class, a function): failures
    name it and point at its source.
    """

    def __init__(self, run: Callable[[Iterable[Any]], Iterable[Any]], name: str, origin: Any = None) -> None:
        self._run = run
        self.name = name
        self.origin = origin

    def __call__(self, chunks: Iterable[Any]) -> Iterator[Any]:
        """The outputs of one fresh run over ``chunks``."""
        return iter(self._run(iter(chunks)))

    def __repr__(self) -> str:
        return f"<stream {self.name}>"


class InvalidResult(ValueError):
    """A parser reported a status-style result saying the input is invalid (see :func:`read_status`)."""


def _name(obj: Any) -> str:
    name = getattr(obj, "__qualname__", None)
    return name if isinstance(name, str) else type(obj).__qualname__


def _status_name(status: Any) -> str:
    name = getattr(status, "name", status)
    return str(name).upper()


def read_status(result: Any, *, status: str = "status", value: str = "value", error: str = "error") -> list[Any]:
    """The outputs of a status-style result (``feed_close(..., read=read_status)``).

    A result whose ``status`` is ``INVALID`` (or ``ERROR``; an enum's name or a
    string, any case) raises :class:`InvalidResult` with the result's ``error``;
    ``EMPTY`` (or ``None``) shows nothing; any other status (``PARTIAL``,
    ``COMPLETE``...) shows the result's ``value``. Other attribute names: pass them,
    e.g. ``functools.partial(read_status, value="data")``.
    """
    if result is None:
        return []
    state = _status_name(getattr(result, status))
    if state in ("INVALID", "ERROR"):
        raise InvalidResult(f"{state.lower()}: {getattr(result, error, None)!r} (result {result!r})")
    if state in ("EMPTY", "NONE"):
        return []
    return [getattr(result, value)]


def _as_outputs(result: Any) -> Iterable[Any]:
    """What a ``feed`` or ``close`` returned, as outputs (the module docstring's rules)."""
    if result is None:
        return ()
    is_named_tuple = isinstance(result, tuple) and hasattr(result, "_fields")
    if isinstance(result, list) or (isinstance(result, tuple) and not is_named_tuple) or isinstance(result, Iterator):
        return result
    return (result,)


def _feed_close_run(
    obj: Any, chunks: Iterable[Any], view: Callable[[Any], Any] | None, close: str, read: Read | None
) -> Iterator[Any]:
    feed, snapshots = obj.feed, view is not None
    for chunk in chunks:
        result = feed(chunk)
        if read is not None:
            yield from read(result)
        elif isinstance(result, bool) or snapshots:
            snapshots = True
            if result is not False:
                yield view(obj) if view is not None else obj.value
        else:
            yield from _as_outputs(result)
    final = getattr(obj, close)()
    if read is not None:
        yield from read(final)
    elif snapshots:
        yield final if view is None else view(obj)
    else:
        yield from _as_outputs(final)


def feed_close(
    factory: Callable[[], Any],
    *,
    view: Callable[[Any], Any] | None = None,
    close: str = "close",
    read: Read | None = None,
) -> StreamFunction:
    """A ``feed``/``close`` parser made fresh by ``factory`` for every run.

    ``close`` names the method that ends the input (``"finish"``, ``"end"``...).
    With ``view``, the parser's outputs are ``view(obj)`` after each ``feed`` that
    did not return ``False`` (whatever else it returned), and after ``close``. With
    ``read``, the outputs are ``read(result)`` for what each ``feed`` and the closing
    call return: :func:`read_status` reads status-style results
    (``PARTIAL``/``COMPLETE``/``INVALID``). Without either, results are read by
    their type (see the module docstring).
    """
    if view is not None and read is not None:
        raise TypeError("feed_close: pass view= or read=, not both")
    return StreamFunction(lambda chunks: _feed_close_run(factory(), chunks, view, close, read), _name(factory),
                          factory)


def _adapt_made(made: Any, factory: Any) -> Callable[[Iterable[Any]], Iterable[Any]]:
    if hasattr(made, "transform"):
        return made.transform  # type: ignore[no-any-return]
    if hasattr(made, "feed") and hasattr(made, "close"):
        return lambda chunks: _feed_close_run(made, chunks, None, "close", None)
    if callable(made):
        return made  # type: ignore[no-any-return]
    raise TypeError(f"{factory!r} made {made!r}: not a parser (no transform, feed/close, or call; "
                    "for other method names use feed_close(factory, close=...))")


def _required_positional(fn: Callable[..., Any]) -> int | None:
    """How many positional parameters ``fn`` needs (None if it cannot be told)."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return None
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return sum(1 for p in params if p.kind in kinds and p.default is inspect.Parameter.empty)


def adapt(parser: Any) -> StreamFunction:
    """``parser`` (any shape listed in the module docstring) as a :class:`StreamFunction`."""
    if isinstance(parser, StreamFunction):
        return parser
    if not isinstance(parser, type) and hasattr(parser, "transform"):
        return StreamFunction(parser.transform, _name(parser), parser)
    if not isinstance(parser, type) and hasattr(parser, "feed") and hasattr(parser, "close"):
        raise TypeError(
            f"{parser!r} keeps state in feed/close: pass a factory (e.g. its class or a lambda) "
            "so each run gets a fresh one"
        )
    if not callable(parser):
        raise TypeError(f"{parser!r} is not a parser: no transform, feed/close, generator function or factory")
    if inspect.isgeneratorfunction(parser) or _required_positional(parser) == 1:
        return StreamFunction(parser, _name(parser), parser)
    return StreamFunction(lambda chunks: _adapt_made(parser(), parser)(chunks), _name(parser), parser)
