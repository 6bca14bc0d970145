"""``retain=False``: tree builders that keep no more than their views still need.

With ``items=`` (or ``events=True``) and ``retain=False`` the containers at the item
parents' depth and above (all of them, for events alone) are *skeletons*: they count
their members (array indices and error paths still need that) and hold none of them.
Items go to the items view and leave the parser when ``items()`` hands them out; any
other member at that depth is built and then dropped. Memory is therefore bounded by
the nesting depth plus the largest member being read at the items' depth, whatever
the length of the stream. A skeleton object forgets its keys, so a key repeated in it
is not recognised (no view shows the members anyway: ``value`` and ``patches()``
refuse to).

With ``retain=False`` alone, the patches view is the one served: containers keep
their members until ``patches()`` has reported them, then *release* them (an array
keeps counting from where it was). Memory is bounded by the depth plus what changed
between two calls of ``patches()``. A key repeated after its first member was
released is not recognised: its member is reported as an ``add`` again, which
replaces the first, as RFC 6902 says.
"""

from __future__ import annotations

from typing import Any

from chunkwise.jsonstream.builder import TreeBuilder
from chunkwise.jsonstream.policy import Completion
from chunkwise.jsonstream.snapshot import MISSING


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


class SkeletonBuilder(TreeBuilder):
    """A :class:`TreeBuilder` whose containers at depth ``skeleton_depth`` and above are skeletons."""

    __slots__ = ("skeleton_depth",)

    def __init__(self, completion: Completion, skeleton_depth: int) -> None:
        super().__init__(completion)
        self.skeleton_depth = skeleton_depth

    def new_container(self, array: bool) -> Any:
        if len(self.stack) <= self.skeleton_depth:
            return Tally() if array else Forget()
        return [] if array else {}


class ReleasableList(list):  # type: ignore[type-arg]
    """An array whose items can be released once reported; indices count them still."""

    __slots__ = ("released",)

    def __init__(self) -> None:
        super().__init__()
        self.released = 0

    def __len__(self) -> int:
        return self.released + list.__len__(self)

    def __getitem__(self, index: Any) -> Any:
        return list.__getitem__(self, index - self.released)

    def release(self, keep: Any = None) -> None:
        self.released += list.__len__(self)
        list.clear(self)


class ReleasableDict(dict):  # type: ignore[type-arg]
    """An object whose members can be released once reported; its length counts them still."""

    __slots__ = ("released",)

    def __init__(self) -> None:
        super().__init__()
        self.released = 0

    def __len__(self) -> int:
        return self.released + dict.__len__(self)

    def release(self, keep: Any) -> None:
        """Release every member but the one at ``keep``, which a repeated key is replacing."""
        kept = dict.pop(self, keep, MISSING)
        self.released += dict.__len__(self)
        dict.clear(self)
        if kept is not MISSING:
            dict.__setitem__(self, keep, kept)


class ReleasableBuilder(TreeBuilder):
    """A :class:`TreeBuilder` whose containers release the members the patches view reported."""

    __slots__ = ()

    def new_container(self, array: bool) -> Any:
        return ReleasableList() if array else ReleasableDict()

    def close(self) -> None:
        frame = self.stack[-1]
        if not frame.released:  # nothing released: it may be reported whole, as a plain container
            self.stack[-1] = frame.copy()
        super().close()

    def release(self, innermost_only: bool) -> None:
        """Drop the members of the open containers (or of the innermost): they were reported.

        An object keeps the member its pending key names, if it has one: a repeated key
        is replacing it, and its replacement must not count as one more member.
        """
        first = len(self.stack) - 1 if innermost_only else 0
        for frame, key in zip(self.stack[first:], self.keys[first:]):
            frame.release(key)
