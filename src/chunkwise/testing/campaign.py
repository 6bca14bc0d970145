"""A parser with everything its four checks need, and the distinct failures of a campaign.

A :class:`Target` names a parser (any shape :func:`~chunkwise.testing.adapt`
accepts), the good texts it reads with an oracle for their value, junk it must
reject cleanly, and how its outputs add up. ``target.check("split")`` runs one
check; :meth:`Target.failures` goes on after a failure, passing over the kinds
already found, and returns each distinct failure, shrunk::

    target = Target("partial-json", reparse_prefix(partial_json_parser.loads),
                    texts=json_texts(), oracle=json.loads, junk=truncated_texts())
    with time_budget(60):
        for failure in target.failures():
            print(failure)

The target's name seeds its examples, so two targets with the same parser class
draw different ones and keep separate example databases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from hypothesis import settings as Settings
from hypothesis import strategies as st

from chunkwise.testing.checkers import (
    INTERNAL_ERRORS,
    check_final_matches,
    check_monotone,
    check_no_internal_errors,
    check_split_invariance,
)
from chunkwise.testing.running import NOTHING, Combine, same
from chunkwise.testing.search import Chunkings, PropertyFailure, out_of_time
from chunkwise.testing.strategies import Chunker, chunkings

__all__ = ["CHECKS", "Target"]

#: The four checks of a target, by the short names campaigns use.
CHECKS = ("split", "final", "monotone", "junk")


@dataclass(frozen=True)
class Target:
    """A parser with its inputs: valid ``texts`` (checked against ``oracle``) and ``junk``.

    ``promised`` limits the monotone check to the texts it holds for (None: all);
    ``allowed`` and ``internal`` are those of
    :func:`~chunkwise.testing.check_no_internal_errors`; ``equal`` compares values
    with the oracle and across chunkings.
    """

    name: str
    parser: Any
    texts: st.SearchStrategy[Any]
    oracle: Callable[[Any], Any]
    junk: st.SearchStrategy[Any]
    combine: Combine = "last"
    start: Any = NOTHING
    chunkings: Chunkings = chunkings
    allowed: tuple[type[BaseException], ...] = (ValueError,)
    internal: tuple[type[BaseException], ...] = INTERNAL_ERRORS
    equal: Callable[[Any, Any], bool] = same
    promised: Callable[[Any], bool] | None = None
    tags: frozenset[str] = field(default_factory=frozenset)

    def check(
        self, name: str, settings: Settings | None = None, *,
        texts: Iterable[Any] | None = None, chunks: list[Any] | None = None, ignore: Iterable[str] = (),
    ) -> None:
        """Run check ``name`` (one of :data:`CHECKS`); with ``texts`` and ``chunks`` (the
        text pieces), on exactly those, as a saved failure is replayed."""
        kw: dict[str, Any] = {"settings": settings, "chunkings": self._replaying(chunks), "ignore": ignore,
                              "seed": self.name}
        if name == "junk":
            check_no_internal_errors(self.parser, self.junk if texts is None else texts, allowed=self.allowed,
                                     internal=self.internal, **kw)
            return
        given = self.texts if texts is None else texts
        shows = {"combine": self.combine, "start": self.start}
        if name == "split":
            check_split_invariance(self.parser, given, equal=self.equal, **shows, **kw)
        elif name == "final":
            check_final_matches(self.parser, given, self.oracle, equal=self.equal, **shows, **kw)
        elif name == "monotone":
            if self.promised is not None and texts is None:
                given = given.filter(self.promised)  # type: ignore[union-attr]
            check_monotone(self.parser, given, **shows, **kw)
        else:
            raise ValueError(f"unknown check {name!r}; choose from {CHECKS}")

    def _replaying(self, pieces: list[Any] | None) -> Chunkings:
        if pieces is None:
            return self.chunkings
        if isinstance(self.chunkings, Chunker):
            return self.chunkings.replaying(pieces)
        return lambda _text: st.just(list(pieces))

    def failures(
        self, checks: Iterable[str] = CHECKS, *, settings: Settings | None = None, limit: int = 10
    ) -> list[PropertyFailure]:
        """The distinct failures (by :attr:`~chunkwise.testing.PropertyFailure.kind`) of the
        ``checks``, each shrunk: after a failure the check runs again, passing over the
        kinds found, until it passes, ``limit`` failures are found or a
        :func:`~chunkwise.testing.time_budget` runs out."""
        found: list[PropertyFailure] = []
        for name in checks:
            kinds: set[str] = set()
            while len(found) < limit and not out_of_time():
                try:
                    self.check(name, settings, ignore=kinds)
                except PropertyFailure as failure:
                    found.append(failure)
                    kinds.add(failure.kind)
                else:
                    break
        return found
