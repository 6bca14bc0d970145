"""What a partial value shows: the completion policy (DESIGN.md, "Completion rules")."""

from __future__ import annotations

import enum


class Completion(str, enum.Enum):
    """Which unfinished scalars a partial value shows.

    Open objects and arrays always show as soon as their bracket is read, under
    every policy; a member shows once its key is complete and its value shows.
    """

    #: LangChain-compatible default: a string shows its characters so far, a number
    #: the longest prefix that is a number (so ``67`` may later read ``67413000``).
    PARTIAL = "partial"
    #: Numbers, ``true``, ``false`` and ``null`` show only when complete; strings
    #: grow. Every shown value then only ever grows (the jsonriver/BAML invariant).
    ATOMIC = "atomic"
    #: Strings too show only when complete: every scalar shown is final.
    COMPLETE = "complete"

    @property
    def partial_strings(self) -> bool:
        """Whether an unfinished string shows its text so far."""
        return self is not Completion.COMPLETE

    @property
    def partial_numbers(self) -> bool:
        """Whether an unfinished number shows its longest valid prefix."""
        return self is Completion.PARTIAL
