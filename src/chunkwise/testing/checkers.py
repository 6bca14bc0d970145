"""Property checkers for streaming parsers, usable in any test.

Each checker runs a Hypothesis property (see :mod:`chunkwise.testing.search`): it
draws a text from ``texts`` (a strategy, one text, or a list of texts) and a
chunking of it, runs the parser (any shape :func:`~chunkwise.testing.adapt`
accepts) and checks one contract. A failure is shrunk by Hypothesis and raised as
:class:`~chunkwise.testing.PropertyFailure`, which carries the minimal ``text`` and
``chunks``. Call checkers from plain test functions, not from inside ``@given``;
``settings`` defaults to the loaded profile. ``combine`` and ``start`` say how
outputs add up to what the parser shows (:mod:`chunkwise.testing.running`).

Every checker also takes ``ignore`` (failure kinds to pass over, to look for other
bugs) and ``seed`` (mixed into the examples drawn, so that two targets with the same
parser class draw different ones).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Union

from hypothesis import settings as Settings

from chunkwise.testing.adapters import adapt
from chunkwise.testing.running import NOTHING, Combine, grows, run, same
from chunkwise.testing.search import Chunkings, Problem, Texts, finest_chunks, search
from chunkwise.testing.strategies import chunkings as default_chunkings

__all__ = [
    "INTERNAL_ERRORS",
    "check_final_matches",
    "check_monotone",
    "check_no_internal_errors",
    "check_split_invariance",
]

Equal = Callable[[Any, Any], bool]
ErrorTypes = Union[type[BaseException], tuple[type[BaseException], ...]]

#: Exception types that mean a bug in the parser wherever they show, escaping or
#: behind the documented error that escaped (its ``__cause__`` or ``__context__``).
INTERNAL_ERRORS: tuple[type[BaseException], ...] = (
    LookupError, AttributeError, TypeError, NameError, RecursionError, UnicodeError, AssertionError,
    ArithmeticError,
)


def _collapse(values: Sequence[Any], equal: Equal) -> list[Any]:
    """``values`` with consecutive repeats by ``equal`` dropped."""
    out: list[Any] = []
    for value in values:
        if not out or not equal(out[-1], value):
            out.append(value)
    return out


def _is_subsequence(sub: Sequence[Any], seq: Sequence[Any], equal: Equal) -> bool:
    it = iter(_collapse(seq, equal))
    return all(any(equal(x, y) for y in it) for x in _collapse(sub, equal))


def check_split_invariance(
    parser: Any,
    texts: Texts,
    *,
    combine: Combine = "last",
    start: Any = NOTHING,
    chunkings: Chunkings = default_chunkings,
    equal: Equal = same,
    settings: Settings | None = None,
    ignore: Iterable[str] = (),
    seed: object = None,
) -> None:
    """Where the chunks are cut changes only how often a value is shown, never what.

    For any chunking: the outcome (success or the exception's type) and, on success,
    the final value equal those of one character (byte) at a time, and the values
    shown are a subsequence of the one-at-a-time ones (both compared by ``equal``).
    """
    __tracebackhide__ = True
    stream = adapt(parser)
    reference: list[Any] = []  # [text, its one-at-a-time run]: the candidates of one example share it

    def body(text: Any, chunks: list[Any]) -> Problem | None:
        if not reference or reference[0] is not text:
            reference[:] = [text, run(stream, finest_chunks(chunkings, text), combine=combine, start=start)]
        ref, got = reference[1], run(stream, chunks, combine=combine, start=start)
        if ref.outcome() != got.outcome():
            return Problem(f"split: outcome {got.outcome()}, one at a time {ref.outcome()}",
                           f"outcome {got.outcome()} ({got.error!r}), one at a time: {ref.outcome()} ({ref.error!r})",
                           got.error or ref.error)
        if ref.error is None and not equal(got.final, ref.final):
            return Problem("split: final value", f"final value {got.final!r}, one at a time: {ref.final!r}")
        if not _is_subsequence(got.shown, ref.shown, equal):
            return Problem("split: values shown",
                           f"shown {got.shown!r}, not a subsequence of one at a time: {ref.shown!r}")
        return None

    search("check_split_invariance", stream, texts, chunkings, body, settings=settings, ignore=ignore, seed=seed)


def check_final_matches(
    parser: Any,
    texts: Texts,
    oracle: Callable[[Any], Any],
    *,
    combine: Combine = "last",
    start: Any = NOTHING,
    chunkings: Chunkings = default_chunkings,
    equal: Equal = same,
    settings: Settings | None = None,
    ignore: Iterable[str] = (),
    seed: object = None,
) -> None:
    """For any chunking the final value shown equals ``oracle(text)`` (by ``equal``);
    when the oracle raises (the text is bad), the parser must raise too."""
    __tracebackhide__ = True
    stream = adapt(parser)

    def body(text: Any, chunks: list[Any]) -> Problem | None:
        got = run(stream, chunks, combine=combine, start=start)
        try:
            expected = oracle(text)
        except Exception as error:
            if got.error is None:
                return Problem("final: bad text accepted", f"oracle raised {error!r}, the parser showed {got.final!r}")
            return None
        if got.error is not None:
            return Problem(f"final: parser raised {got.outcome()}",
                           f"parser raised {got.error!r}, oracle gives {expected!r}", got.error)
        if not equal(got.final, expected):
            return Problem("final: value", f"final value {got.final!r}, oracle gives {expected!r}")
        return None

    search("check_final_matches", stream, texts, chunkings, body, settings=settings, ignore=ignore, seed=seed)


def check_monotone(
    parser: Any,
    texts: Texts,
    *,
    combine: Combine = "last",
    start: Any = NOTHING,
    chunkings: Chunkings = default_chunkings,
    keeps: Callable[[Any, Any], str | None] = grows,
    settings: Settings | None = None,
    ignore: Iterable[str] = (),
    seed: object = None,
) -> None:
    """Nothing shown is later lost: each value shown keeps the previous one (by
    ``keeps(old, new)``, a message or None; default :func:`~chunkwise.testing.grows`),
    and no output handed out is mutated afterwards (callers may keep them)."""
    __tracebackhide__ = True
    stream = adapt(parser)

    def body(text: Any, chunks: list[Any]) -> Problem | None:
        got = run(stream, chunks, combine=combine, start=start)
        for old, new in zip(got.shown, got.shown[1:]):
            problem = keeps(old, new)
            if problem is not None:
                return Problem("monotone: value lost", f"shown {old!r} then {new!r}: {problem}")
        for i, (output, at_hand_out) in enumerate(got.outputs):
            if not same(output, at_hand_out):
                return Problem("monotone: output mutated",
                               f"output #{i} was changed after it was handed out: {at_hand_out!r} -> {output!r}")
        return None

    search("check_monotone", stream, texts, chunkings, body, settings=settings, ignore=ignore, seed=seed)


def _error_chain(error: BaseException) -> list[BaseException]:
    """``error`` and what it was raised from or while handling, as a traceback shows them."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and not any(current is seen for seen in chain):
        chain.append(current)
        current = current.__cause__ if current.__cause__ is not None else (
            None if current.__suppress_context__ else current.__context__)
    return chain


def _internal(error: BaseException, allowed: ErrorTypes, internal: ErrorTypes) -> BaseException | None:
    """The first exception of ``error``'s chain that shows a bug (None if none does)."""
    kinds = allowed if isinstance(allowed, tuple) else (allowed,)
    bad = internal if isinstance(internal, tuple) else (internal,)
    documented = tuple(k for k in kinds if issubclass(k, bad))  # named by the user although "internal"
    if not isinstance(error, kinds):
        return error
    for link in _error_chain(error):
        if isinstance(link, bad) and not isinstance(link, documented):
            return link
    return None


def check_no_internal_errors(
    parser: Any,
    junk: Texts,
    *,
    allowed: ErrorTypes = ValueError,
    internal: ErrorTypes = INTERNAL_ERRORS,
    chunkings: Chunkings = default_chunkings,
    settings: Settings | None = None,
    ignore: Iterable[str] = (),
    seed: object = None,
) -> None:
    """On any input, only the parser's documented error types escape (``allowed``,
    by default ``ValueError``, the base of chunkwise's ``JsonStreamError`` and
    ``OutputParserException``), and never one raised from, or while handling, an
    ``internal`` error (:data:`INTERNAL_ERRORS`: ``KeyError``, ``IndexError``,
    ``TypeError``...), as when a ``ValueError`` merely wraps an ``IndexError``.

    Translate an internal error on purpose with ``raise ... from None``, or name its
    type in ``allowed`` if the parser documents it.
    """
    __tracebackhide__ = True
    stream = adapt(parser)

    def body(text: Any, chunks: list[Any]) -> Problem | None:
        got = run(stream, chunks)
        culprit = None if got.error is None else _internal(got.error, allowed, internal)
        if culprit is None:
            return None
        behind = "" if culprit is got.error else f" behind {got.error!r}"
        return Problem(f"junk: {type(culprit).__name__}", f"internal error {culprit!r}{behind}", culprit)

    search("check_no_internal_errors", stream, junk, chunkings, body, settings=settings, ignore=ignore, seed=seed)
