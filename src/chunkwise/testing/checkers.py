"""Property checkers for streaming parsers, usable in any test.

Each checker runs a Hypothesis property: it draws a text from ``texts`` (a
strategy, one text, or a list of texts) and a chunking of it, runs the parser (any
shape :func:`~chunkwise.testing.adapters.adapt` accepts) and checks one contract.
A failure is shrunk by Hypothesis and raised as :class:`PropertyFailure`, which
carries the minimal ``text`` and ``chunks``. Call checkers from plain test
functions, not from inside ``@given``; ``settings`` defaults to the loaded profile.

What a parser *shows* after each output is given by ``combine``: ``"last"`` when
every output is the whole value so far (snapshots, e.g. ``JsonOutputParser``),
``"sum"`` when outputs are pieces added with ``+`` (``StrOutputParser``'s text, the
list parsers' one-item lists), or a function ``(shown, output) -> shown``. ``start``
is what the parser shows before any output: :data:`NOTHING` by default, the empty
value (``""``, ``[]``) when outputs add up, so that no output at all means empty.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Union

from hypothesis import given, settings as Settings
from hypothesis import strategies as st

from chunkwise.testing.adapters import adapt
from chunkwise.testing.strategies import chunkings as default_chunkings
from chunkwise.testing.strategies import one_at_a_time

__all__ = [
    "NOTHING",
    "Combine",
    "PropertyFailure",
    "Run",
    "check_final_matches",
    "check_monotone",
    "check_no_internal_errors",
    "check_split_invariance",
    "grows",
    "run",
    "same",
]

Combine = Union[Literal["last", "sum"], Callable[[Any, Any], Any]]
Texts = Union[st.SearchStrategy[Any], str, bytes, Iterable[Any]]
Chunkings = Callable[[Any], st.SearchStrategy[list[Any]]]
Equal = Callable[[Any, Any], bool]


class _Nothing:
    def __repr__(self) -> str:
        return "<nothing shown>"


#: What a parser shows before its first output.
NOTHING: Any = _Nothing()


class PropertyFailure(AssertionError):
    """A checker's property does not hold for ``text`` cut into ``chunks``."""

    def __init__(self, message: str, text: Any, chunks: Sequence[Any]) -> None:
        super().__init__(f"{message}\n  text:   {text!r}\n  chunks: {list(chunks)!r}")
        self.text = text
        self.chunks = list(chunks)


def same(a: Any, b: Any) -> bool:
    """Deep equality that keeps types apart (1, 1.0, True), NaN == NaN, -0.0 != 0.0,
    and dict key order significant (iterative: deep values cannot hit the recursion limit)."""
    todo = [(a, b)]
    while todo:
        x, y = todo.pop()
        if type(x) is not type(y):
            return False
        if isinstance(x, float):
            if math.isnan(x) or math.isnan(y):
                if not (math.isnan(x) and math.isnan(y)):
                    return False
            elif x != y or math.copysign(1.0, x) != math.copysign(1.0, y):
                return False
        elif isinstance(x, dict):
            if list(x) != list(y):
                return False
            todo.extend((x[k], y[k]) for k in x)
        elif isinstance(x, (list, tuple)):
            if len(x) != len(y):
                return False
            todo.extend(zip(x, y))
        elif x != y:
            return False
    return True


def _plain(value: Any) -> Any:
    """A pydantic model as the dict of the fields it sets; anything else as is."""
    dump = getattr(value, "model_dump", None)
    return dump(exclude_unset=True) if callable(dump) and not isinstance(value, type) else value


def grows(old: Any, new: Any) -> str | None:
    """None if ``new`` keeps everything ``old`` showed, else what was lost.

    Strings and bytes may grow at their end, lists and dicts gain entries and their
    entries grow, a number may become another number (a number being read grows);
    anything else must stay equal. Pydantic models compare by the fields they set.
    """
    todo = [("", _plain(old), _plain(new))]
    while todo:
        where, x, y = todo.pop()
        numbers = (int, float)
        if isinstance(x, numbers) and isinstance(y, numbers) and not isinstance(x, bool) and not isinstance(y, bool):
            continue
        if type(x) is not type(y):
            return f"at {where or 'the top'}: {x!r} became {y!r}"
        if isinstance(x, (str, bytes)):
            if not y.startswith(x):
                return f"at {where or 'the top'}: {x!r} is not a prefix of {y!r}"
        elif isinstance(x, (list, tuple)):
            if len(y) < len(x):
                return f"at {where or 'the top'}: {len(x) - len(y)} element(s) lost from {x!r}"
            todo.extend((f"{where}/{i}", _plain(a), _plain(b)) for i, (a, b) in enumerate(zip(x, y)))
        elif isinstance(x, dict):
            lost = [k for k in x if k not in y]
            if lost:
                return f"at {where or 'the top'}: key(s) {lost!r} lost from {x!r}"
            todo.extend((f"{where}/{k}", _plain(x[k]), _plain(y[k])) for k in x)
        elif not same(x, y):
            return f"at {where or 'the top'}: {x!r} changed to {y!r}"
    return None


@dataclass
class Run:
    """What one run of a parser over some chunks showed."""

    shown: list[Any] = field(default_factory=list)
    """The distinct values shown, in order (consecutive repeats dropped), deep-copied when shown."""
    outputs: list[tuple[Any, Any]] = field(default_factory=list)
    """Each output as handed out and a deep copy taken then (to catch later mutation)."""
    error: Exception | None = None
    """The exception the run raised, if any."""
    start: Any = NOTHING
    """What was shown before any output."""

    @property
    def final(self) -> Any:
        """The last value shown (``start`` if there was none)."""
        return self.shown[-1] if self.shown else self.start

    def outcome(self) -> str:
        """``"ok"`` or the name of the exception type raised."""
        return "ok" if self.error is None else type(self.error).__name__


def _combiner(combine: Combine) -> Callable[[Any, Any], Any]:
    if combine == "last":
        return lambda shown, output: output
    if combine == "sum":
        return lambda shown, output: output if shown is NOTHING else shown + output
    if callable(combine):
        return combine
    raise ValueError(f"combine must be 'last', 'sum' or a function, not {combine!r}")


def run(
    parser: Any, chunks: Iterable[Any], *, combine: Combine = "last", start: Any = NOTHING, equal: Equal = same
) -> Run:
    """Run ``parser`` over ``chunks``, recording what it shows; exceptions are recorded, not raised."""
    stream, step = adapt(parser), _combiner(combine)
    result = Run(start=start)
    shown = start
    try:
        for output in stream(chunks):
            result.outputs.append((output, copy.deepcopy(output)))
            shown = step(shown, output)
            if not equal(result.final, shown):
                result.shown.append(copy.deepcopy(shown))
    except Exception as error:  # recorded: the checkers decide which errors are allowed
        result.error = error
    return result


def _strategy(texts: Texts) -> st.SearchStrategy[Any]:
    if isinstance(texts, st.SearchStrategy):
        return texts
    if isinstance(texts, (str, bytes)):
        return st.just(texts)
    return st.sampled_from(list(texts))


def _check(
    texts: Texts,
    chunkings: Chunkings,
    settings: Settings | None,
    body: Callable[[Any, list[Any]], str | None],
) -> None:
    """Run ``body(text, chunks)`` (a failure message or None) as a Hypothesis property."""

    @given(text=_strategy(texts), data=st.data())
    def prop(text: Any, data: st.DataObject) -> None:
        chunks = data.draw(chunkings(text), label="chunks")
        problem = body(text, chunks)
        if problem is not None:
            raise PropertyFailure(problem, text, chunks)

    (settings(prop) if settings is not None else prop)()


def _is_subsequence(sub: Sequence[Any], seq: Sequence[Any], equal: Equal) -> bool:
    it = iter(seq)
    return all(any(equal(x, y) for y in it) for x in sub)


def check_split_invariance(
    parser: Any,
    texts: Texts,
    *,
    combine: Combine = "last",
    start: Any = NOTHING,
    chunkings: Chunkings = default_chunkings,
    equal: Equal = same,
    settings: Settings | None = None,
) -> None:
    """Where the chunks are cut changes only how often a value is shown, never what.

    For any chunking: the outcome (success or the exception's type) and, on success,
    the final value equal those of one character (byte) at a time, and the values
    shown are a subsequence of the one-at-a-time ones.
    """

    def body(text: Any, chunks: list[Any]) -> str | None:
        ref = run(parser, one_at_a_time(text), combine=combine, start=start, equal=equal)
        got = run(parser, chunks, combine=combine, start=start, equal=equal)
        if ref.outcome() != got.outcome():
            return f"outcome {got.outcome()} ({got.error!r}), one at a time: {ref.outcome()} ({ref.error!r})"
        if ref.error is None and not equal(got.final, ref.final):
            return f"final value {got.final!r}, one at a time: {ref.final!r}"
        if not _is_subsequence(got.shown, ref.shown, equal):
            return f"shown {got.shown!r}, not a subsequence of one at a time: {ref.shown!r}"
        return None

    _check(texts, chunkings, settings, body)


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
) -> None:
    """For any chunking the final value shown equals ``oracle(text)``; when the oracle
    raises (the text is bad), the parser must raise too."""

    def body(text: Any, chunks: list[Any]) -> str | None:
        try:
            expected = oracle(text)
        except Exception as error:
            got = run(parser, chunks, combine=combine, start=start, equal=equal)
            return None if got.error else f"oracle raised {error!r}, the parser showed {got.final!r}"
        got = run(parser, chunks, combine=combine, start=start, equal=equal)
        if got.error is not None:
            return f"parser raised {got.error!r}, oracle gives {expected!r}"
        if not equal(got.final, expected):
            return f"final value {got.final!r}, oracle gives {expected!r}"
        return None

    _check(texts, chunkings, settings, body)


def check_monotone(
    parser: Any,
    texts: Texts,
    *,
    combine: Combine = "last",
    start: Any = NOTHING,
    chunkings: Chunkings = default_chunkings,
    keeps: Callable[[Any, Any], str | None] = grows,
    settings: Settings | None = None,
) -> None:
    """Nothing shown is later lost: each value shown keeps the previous one (by
    ``keeps(old, new)``, a message or None; default :func:`grows`), and no output
    handed out is mutated afterwards (callers may keep them)."""

    def body(text: Any, chunks: list[Any]) -> str | None:
        got = run(parser, chunks, combine=combine, start=start)
        for old, new in zip(got.shown, got.shown[1:]):
            problem = keeps(old, new)
            if problem is not None:
                return f"shown {old!r} then {new!r}: {problem}"
        for i, (output, at_hand_out) in enumerate(got.outputs):
            if not same(output, at_hand_out):
                return f"output #{i} was changed after it was handed out: {at_hand_out!r} -> {output!r}"
        return None

    _check(texts, chunkings, settings, body)


def check_no_internal_errors(
    parser: Any,
    junk: Texts,
    *,
    allowed: type[BaseException] | tuple[type[BaseException], ...] = ValueError,
    chunkings: Chunkings = default_chunkings,
    settings: Settings | None = None,
) -> None:
    """On any input, only the parser's documented error types escape (``allowed``,
    by default ``ValueError``, the base of chunkwise's ``JsonStreamError`` and
    ``OutputParserException``): never a ``KeyError``, ``IndexError``, ``TypeError``..."""

    def body(text: Any, chunks: list[Any]) -> str | None:
        got = run(parser, chunks)
        if got.error is not None and not isinstance(got.error, allowed):
            raise PropertyFailure(f"internal error {got.error!r}", text, chunks) from got.error
        return None

    _check(junk, chunkings, settings, body)
