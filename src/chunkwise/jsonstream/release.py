"""``retain=False``: a tree builder that keeps nothing at or above the items' parents.

With ``items=`` and ``retain=False`` the containers at the item parents' depth and
above are *skeletons*: they count their members (array indices and error paths
still need that) and hold none of them. Items go to the items view and leave the
parser when ``items()`` hands them out; any other member at that depth is built and
then dropped. Memory is therefore bounded by the nesting depth plus the largest
member being read at the items' depth, whatever the length of the stream.

A skeleton object forgets its keys, so a key repeated in it is not recognised (no
view shows the members anyway: ``value`` and ``patches()`` refuse to).
"""

from __future__ import annotations

from typing import Any

from chunkwise.jsonstream.builder import TreeBuilder
from chunkwise.jsonstream.policy import Completion


class Tally(list):  # type: ignore[type-arg]
    """A skeleton array: counts its items, keeps none."""

    __slots__ = ("length",)

    def __init__(self) -> None:
        super().__init__()
        self.length = 0

    def __len__(self) -> int:
        return self.length

    def append(self, item: Any) -> None:
        self.length += 1


class Forget(dict):  # type: ignore[type-arg]
    """A skeleton object: keeps no member."""

    __slots__ = ()

    def __setitem__(self, key: str, value: Any) -> None:
        pass


class ReleasingBuilder(TreeBuilder):
    """A :class:`TreeBuilder` whose containers at depth ``skeleton_depth`` and above are skeletons."""

    __slots__ = ("skeleton_depth",)

    def __init__(self, completion: Completion, skeleton_depth: int) -> None:
        super().__init__(completion)
        self.skeleton_depth = skeleton_depth

    def new_container(self, array: bool) -> Any:
        if len(self.stack) <= self.skeleton_depth:
            return Tally() if array else Forget()
        return [] if array else {}
