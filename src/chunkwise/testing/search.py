"""The Hypothesis search behind every checker: draw a text and its chunks, check, shrink.

:func:`search` runs one property over ``texts`` and a chunker's cuttings and raises
:class:`PropertyFailure` for the smallest failing example. Three things make the
shrunk example small and the search fair:

* One example in sixteen (and every example while shrinking, since that choice
  shrinks towards it) also tries the chunker's simple cuttings (the whole text and
  single cuts: all of them for a short text, those just before a drawn cut for a
  long one) and the finest one: text can then be removed in front of the cut a
  failure needs without losing it. The failing chunks are then merged to the
  fewest that still fail.
* A run locks on the kind of the first failure it finds (:attr:`PropertyFailure.kind`),
  so shrinking never slips to another bug; ``ignore`` skips kinds already known,
  which is how :mod:`chunkwise.testing.campaign` collects distinct failures.
* The example database key and the derandomised seed include the check, the
  parser's name and ``seed``: two parsers get different examples, and one
  parser's saved failures are never replayed against another.

:func:`time_budget` bounds any checker in time: when it runs out, a checker that
has found nothing returns, and one that was shrinking raises the smallest failure
found so far.
"""

from __future__ import annotations

import inspect
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Union

from hypothesis import Phase, given, seed, settings as Settings
from hypothesis import strategies as st

from chunkwise.testing.adapters import StreamFunction
from chunkwise.testing.strategies import Chunker, one_at_a_time

__all__ = ["OutOfTime", "Problem", "PropertyFailure", "search", "time_budget"]

Texts = Union[st.SearchStrategy[Any], str, bytes, Iterable[Any]]
Chunkings = Callable[[Any], st.SearchStrategy[list[Any]]]


@dataclass(frozen=True)
class Problem:
    """What a check found wrong: ``kind`` tells distinct failures apart, ``message`` says it
    all, ``cause`` is the parser's exception if it raised one (the failure is raised from it,
    so its traceback shows where in the parser it happened)."""

    kind: str
    message: str
    cause: BaseException | None = None


class PropertyFailure(AssertionError):
    """A checker's property does not hold for ``text`` cut into ``chunks``.

    ``pieces`` are the text pieces (the same as ``chunks`` unless a chunker such as
    :func:`~chunkwise.testing.message_chunks` delivered them as messages), ``kind``
    the failure's kind (e.g. ``"final: value"``), ``parser`` the parser's name.
    """

    def __init__(
        self, message: str, text: Any, chunks: Sequence[Any], *, pieces: Sequence[Any] | None = None,
        kind: str = "", parser: str = "",
    ) -> None:
        self.message, self.text, self.chunks, self.kind, self.parser = message, text, list(chunks), kind, parser
        self.pieces = self.chunks if pieces is None else list(pieces)
        lines = [message] + ([f"  parser: {parser}"] if parser else []) + [f"  text:   {text!r}"]
        lines.append(f"  chunks: {self.chunks!r}" if pieces is None else f"  pieces: {self.pieces!r}")
        super().__init__("\n".join(lines))


class OutOfTime(KeyboardInterrupt):
    """The :func:`time_budget` ran out.

    A ``KeyboardInterrupt`` because that is the one exception Hypothesis stops at
    without recording the example it interrupts (any other would be taken for a
    failure, or trip its check that a test draws the same data each time). The
    checkers and the campaigns catch it; it never reaches the user.
    """


_DEADLINE: ContextVar[float | None] = ContextVar("chunkwise_testing_deadline", default=None)


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Checkers run inside stop after ``seconds`` (nested budgets: the earliest end wins).

    A checker that has found nothing by then returns as if it had passed; one that
    found a failure raises it, shrunk as far as time allowed.
    """
    end = time.monotonic() + seconds
    outer = _DEADLINE.get()
    token = _DEADLINE.set(end if outer is None else min(outer, end))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def out_of_time() -> bool:
    """Whether the current :func:`time_budget` has run out."""
    end = _DEADLINE.get()
    return end is not None and time.monotonic() >= end


def add_note(error: BaseException, note: str) -> None:
    """``error.add_note(note)``, also before Python 3.11 (where tracebacks do not show it)."""
    error.__notes__ = [*getattr(error, "__notes__", ()), note]


def _strategy(texts: Texts) -> st.SearchStrategy[Any]:
    if isinstance(texts, st.SearchStrategy):
        return texts
    if isinstance(texts, (str, bytes)):
        return st.just(texts)
    return st.sampled_from(list(texts))


def finest_chunks(chunkings: Chunkings, text: Any) -> list[Any]:
    """The reference cutting of ``text`` as the parser reads it."""
    if isinstance(chunkings, Chunker):
        return chunkings.deliver(chunkings.finest(text))
    return one_at_a_time(text)


def where(origin: Any) -> str:
    """``file:line`` of the parser's definition (its class for an instance), or ''."""
    target = origin if inspect.isfunction(origin) or inspect.isclass(origin) or inspect.ismethod(origin) else (
        type(origin))
    try:
        return f"{inspect.getsourcefile(target)}:{inspect.getsourcelines(target)[1]}"
    except (OSError, TypeError):
        return ""


def _described(stream: StreamFunction) -> str:
    place = where(stream.origin) if stream.origin is not None else ""
    return f"{stream.name} ({place})" if place else stream.name


_SIMPLE_TOO = st.integers(0, 15).map(lambda v: v == 0)  # shrinks to True: shrinking tries the simple cuttings
_FINEST_UP_TO = 256  # characters: one at a time costs a parse per character, quadratic for re-parsing parsers


def _candidates(chunkings: Chunkings, text: Any, data: st.DataObject) -> Iterator[tuple[list[Any], list[Any]]]:
    """(pieces, chunks) to check: the drawn cutting, and sometimes the simple ones and the
    finest (their fewest cuts are found afterwards, by :func:`_fewest_cuts`)."""
    if not isinstance(chunkings, Chunker):
        chunks = data.draw(chunkings(text), label="chunks")
        yield chunks, chunks
        return
    simple_too = not chunkings.replay and data.draw(_SIMPLE_TOO, label="also single cuts and one at a time")
    drawn = data.draw(chunkings.pieces(text), label="drawn cutting")
    tries = [drawn]
    if simple_too:
        tries += chunkings.simple(text, drawn)
        tries += [chunkings.finest(text)] if len(text) <= _FINEST_UP_TO else []
    for pieces in tries:
        yield pieces, chunkings.deliver(pieces)


@dataclass
class _Found:
    """The failure a search locked on, and the smallest example of it seen so far."""

    kind: str | None = None
    latest: PropertyFailure | None = None


def _fewest_cuts(
    failure: PropertyFailure, chunker: Chunker, body: Callable[[Any, list[Any]], Problem | None], check: str,
) -> PropertyFailure:
    """``failure`` with adjacent chunks merged while it still fails the same way (a
    bounded greedy pass: the shrunk text is small, its chunking need not be)."""
    pieces, message, tries = list(failure.pieces), failure.message, 0
    i = 0
    while i < len(pieces) - 1 and tries < 2_000 and not out_of_time():
        merged = pieces[:i] + [pieces[i] + pieces[i + 1]] + pieces[i + 2 :]
        tries += 1
        problem = body(failure.text, chunker.deliver(merged))
        if problem is not None and problem.kind == failure.kind:
            pieces, message, i = merged, f"{check}: {problem.message}", max(i - 1, 0)
        else:
            i += 1
    if len(pieces) == len(failure.pieces):
        return failure
    fewer = PropertyFailure(message, failure.text, chunker.deliver(pieces), kind=failure.kind,
                            parser=failure.parser, pieces=pieces if chunker.delivers else None)
    fewer.__notes__ = [*getattr(failure, "__notes__", ()),
                       f"(chunks merged to the fewest that still fail: {len(failure.pieces)} -> {len(pieces)})"]
    return fewer


def _effective(settings: Settings | None) -> Settings:
    """The settings without the explain phase (its notes point into this toolkit, not the parser)."""
    base: Settings = Settings.default if settings is None else settings  # type: ignore[assignment]
    return Settings(base, phases=tuple(p for p in base.phases if p is not Phase.explain))


def seeded_if_budgeted(test: Callable[[], None], settings: Settings) -> Callable[[], None]:
    """``test`` with a random seed of our choosing under a :func:`time_budget`: Hypothesis
    then does not print "You can reproduce this failure by adding @seed(...)" for a run
    the budget stopped, which is no failure."""
    if _DEADLINE.get() is None or settings.derandomize:
        return test
    return seed(random.getrandbits(64))(test)


def search(
    check: str,
    stream: StreamFunction,
    texts: Texts,
    chunkings: Chunkings,
    body: Callable[[Any, list[Any]], Problem | None],
    *,
    settings: Settings | None = None,
    ignore: Iterable[str] = (),
    seed: object = None,
) -> None:
    """Run ``body(text, chunks)`` as a Hypothesis property named after ``check`` and the parser."""
    __tracebackhide__ = True
    skipped, found, parser = frozenset(ignore), _Found(), _described(stream)
    delivered = isinstance(chunkings, Chunker) and chunkings.delivers

    def prop(text: Any, data: st.DataObject) -> None:
        __tracebackhide__ = True
        if out_of_time():
            raise OutOfTime
        for pieces, chunks in _candidates(chunkings, text, data):
            problem = body(text, chunks)
            if problem is None or problem.kind in skipped or found.kind not in (None, problem.kind):
                continue
            found.kind = problem.kind
            found.latest = PropertyFailure(f"{check}: {problem.message}", text, chunks, kind=problem.kind,
                                           parser=parser, pieces=pieces if delivered else None)
            raise found.latest from problem.cause

    prop.__name__ = prop.__qualname__ = check
    test = given(text=_strategy(texts), data=st.data())(prop)
    test.hypothesis.inner_test._hypothesis_internal_add_digest = (  # type: ignore[attr-defined]
        f"chunkwise.testing {check} {stream.name} {seed!r}".encode())
    effective = _effective(settings)
    try:
        try:
            seeded_if_budgeted(effective(test), effective)()
        except OutOfTime:
            if found.latest is None:
                return
            add_note(found.latest, "(shrinking stopped: the time budget ran out)")
            raise found.latest from found.latest.__cause__
    except PropertyFailure as failure:
        if not isinstance(chunkings, Chunker) or not chunkings.any_cut or chunkings.replay:
            raise
        raise _fewest_cuts(failure, chunkings, body, check) from failure.__cause__
