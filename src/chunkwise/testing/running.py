"""One run of a parser over some chunks, and the comparisons the checkers make.

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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, Union

from chunkwise.testing.adapters import adapt

__all__ = ["NOTHING", "Combine", "Run", "grows", "run", "same"]

Combine = Union[Literal["last", "sum"], Callable[[Any, Any], Any]]


class _Nothing:
    def __repr__(self) -> str:
        return "<nothing shown>"


#: What a parser shows before its first output.
NOTHING: Any = _Nothing()


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
    """The distinct values shown, in order (consecutive repeats, by :func:`same`, dropped),
    deep-copied when shown."""
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


def run(parser: Any, chunks: Iterable[Any], *, combine: Combine = "last", start: Any = NOTHING) -> Run:
    """Run ``parser`` over ``chunks``, recording what it shows; exceptions are recorded, not raised.

    A new value is recorded whenever what is shown changes by :func:`same` (the
    checkers' ``equal=`` only decides what counts as the right answer, never what
    was shown).
    """
    stream, step = adapt(parser), _combiner(combine)
    result = Run(start=start)
    shown = start
    try:
        for output in stream(chunks):
            result.outputs.append((output, copy.deepcopy(output)))
            shown = step(shown, output)
            if not same(result.final, shown):
                result.shown.append(copy.deepcopy(shown))
    except Exception as error:  # recorded: the checkers decide which errors are allowed
        result.error = error
    return result
