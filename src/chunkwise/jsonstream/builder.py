"""The tree builder: the one owner of the value being built, and of "what changed".

The scanner tells the builder what it read, at the granularity of whole pieces of
the tree (a container opened or closed, a key, a complete scalar, a complete
container decoded at once, a partial string or number that grew). The builder keeps
the open containers (real ``dict``/``list`` objects holding the members completed so
far), their keys, the root and the partial scalar; decides under the completion
policy whether what a partial value shows changed; and notifies its clients, the
views. A completed value is inserted into its parent when it completes and is never
mutated afterwards, which is what lets snapshots share it (see :mod:`.snapshot`).

A repeated key replaces its member (the last one wins, at the first one's place, as
in ``json.loads``). Whether that changes what shows is decided by comparing the new
member with the one it replaces, once: when the new member completes, or at the end
of the first chunk in which it shows something. So a repeated key costs the size of
the member it replaces, and nothing anywhere else.

Read API (for the views, read-only): ``stack``, ``keys``, ``root``, ``done``,
``version`` (it changes, between chunks, exactly when what shows changed),
``serial``, ``partial``, and the methods under "reading"; for clients outside the
engine, :meth:`TreeBuilder.open_containers` describes the open path without copying it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, KeysView
from typing import Any, NamedTuple

from chunkwise.jsonstream.numbers import NumberReading
from chunkwise.jsonstream.policy import Completion
from chunkwise.jsonstream.snapshot import LIST, MISSING, build_snapshot, pointer, same_json

#: How many distinct keys are shared at most (the memo starts again when it has more):
#: bounds the memory the sharing takes on a stream of ever new keys.
KEY_MEMO_LIMIT = 4096


class Where(enum.Enum):
    """Where the scanner is in the innermost container's current member (for paths)."""

    BEFORE = "before a member"  #: an object, before the next key
    INSIDE = "inside a member"  #: writing a member: its key read, or an array item started
    AFTER = "after a member"  #: after a member's value, before ``,`` or the closing bracket


class Listener:
    """A client of the builder's notifications; override the ones you need.

    Notifications are called in document order, after the builder's own state has
    changed. A listener is asked once, at :meth:`TreeBuilder.listen`, which methods it
    overrides; the others cost nothing.
    """

    def opened(self, container: Any, depth: int) -> None:
        """A container opened; ``depth`` containers were open before it."""

    def key(self, key: str) -> None:
        """An object member's key is complete."""

    def scalar(self, value: Any) -> None:
        """A complete scalar was placed (read whole, or a partial one completed)."""

    def grew(self, text: str) -> None:
        """The string value being read grew by ``text`` (decoded, not empty)."""

    def closed(self, container: Any) -> None:
        """The innermost container closed (it is then placed in its parent)."""

    def replaced(self, level: int, frame: dict[str, Any], key: str, old: Any, new: Any) -> None:
        """A repeated ``key`` of ``frame`` (``stack[level]``) replaced ``old`` by ``new``."""


_NOTIFICATIONS = ("opened", "key", "scalar", "grew", "closed", "replaced")


class OpenContainer(NamedTuple):
    """One open container on the path being written (see :meth:`TreeBuilder.open_containers`).

    ``keys``: an object's complete members' keys (a read-only view, true until the
    next chunk), None for an array; ``key``: the key of the object's member being
    written (None before one), or the index of the array's item being written (or next to come).
    """

    keys: KeysView[str] | None
    key: str | int | None


class _Replacement:
    """A member that a repeated key is writing, until it is placed."""

    __slots__ = ("frame", "key", "level", "old", "mark", "settled")

    def __init__(self, frame: dict[str, Any], key: str, level: int, mark: int) -> None:
        self.frame = frame
        self.key = key
        self.level = level
        self.old = frame[key]  # the member it replaces: what shows until the new one does
        self.mark = mark  # the builder's version before the new member
        self.settled = False  # whether the new member showed (then it is an ordinary member)


class TreeBuilder:
    """Builds the value from the scanner's notifications; see the module docstring."""

    __slots__ = (
        "stack", "keys", "root", "done", "version", "unsettled", "serial", "partial",
        "partial_strings", "partial_numbers", "_memo", "_replacing", "_watched", "_sink",
        "_on_opened", "_on_key", "_on_scalar", "_on_grew", "_on_closed", "_on_replaced",
    )

    def __init__(self, completion: Completion) -> None:
        self.stack: list[Any] = []  # the open containers, outermost first
        self.keys: list[Any] = []  # per frame: LIST for an array, else the pending key (None before one)
        self.root: Any = MISSING  # the complete top-level value
        self.done = False  # whether the top-level value is complete
        self.version = 0  # changes when what shows changes (compare, don't count)
        self.unsettled = 0  # members under repeated keys not compared yet: settle() at the chunk's end
        self.serial = 0  # counts the partial scalars started (tells one from the next)
        self.partial: Any = MISSING  # the scalar being read: its pieces (a string) or a NumberReading
        self.partial_strings = completion.partial_strings
        self.partial_numbers = completion.partial_numbers
        self._memo: dict[str, str] = {}  # keys seen, shared as json.loads shares them
        self._replacing: list[_Replacement] = []  # members being written under repeated keys
        self._watched: Any = None  # the container whose members go to _sink as they complete
        self._sink: Callable[[Any, Any], None] | None = None
        self._on_opened: tuple[Callable[..., None], ...] = ()
        self._on_key: tuple[Callable[..., None], ...] = ()
        self._on_scalar: tuple[Callable[..., None], ...] = ()
        self._on_grew: tuple[Callable[..., None], ...] = ()
        self._on_closed: tuple[Callable[..., None], ...] = ()
        self._on_replaced: tuple[Callable[..., None], ...] = ()

    def listen(self, listener: Listener) -> None:
        """Call ``listener``'s overridden notification methods from now on."""
        for name in _NOTIFICATIONS:
            if getattr(type(listener), name) is not getattr(Listener, name):
                slot = "_on_" + name
                setattr(self, slot, (*getattr(self, slot), getattr(listener, name)))

    def watch(self, container: Any, sink: Callable[[Any, Any], None]) -> None:
        """Hand each member placed in the open ``container`` to ``sink(key or index, value)``."""
        self._watched, self._sink = container, sink

    # ------------------------------------------------------------ structure

    def open(self, array: bool) -> None:
        """An array (or an object) opened."""
        container = self.new_container(array)
        self.stack.append(container)
        self.keys.append(LIST if array else None)
        self.version += 1  # an open container shows at once
        for notify in self._on_opened:
            notify(container, len(self.stack) - 1)

    def new_container(self, array: bool) -> Any:
        """The container to build an array (or an object) in."""
        return [] if array else {}

    def close(self) -> None:
        """The innermost container is complete: place it in its parent."""
        container = self.stack.pop()
        self.keys.pop()
        for notify in self._on_closed:
            notify(container)
        self._place(container)

    def key(self, key: str) -> None:
        """The innermost object's next member has ``key``."""
        memo = self._memo
        if len(memo) > KEY_MEMO_LIMIT:
            memo.clear()
        key = memo.setdefault(key, key)
        self.keys[-1] = key
        for notify in self._on_key:
            notify(key)
        frame = self.stack[-1]
        if key in frame:
            self._replacing.append(_Replacement(frame, key, len(self.stack) - 1, self.version))
            self.unsettled += 1  # what it shows is compared with the old member's value

    def shared_object(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        """An object from its members with the keys shared (for a decoder's ``object_pairs_hook``)."""
        memo = self._memo
        if len(memo) > KEY_MEMO_LIMIT:
            memo.clear()
        if not pairs:
            return {}
        keys, values = zip(*pairs)
        return dict(zip(map(memo.setdefault, keys, keys), values))

    def scalar(self, value: Any) -> None:
        """A complete scalar, read in one piece."""
        self.version += 1
        for notify in self._on_scalar:
            notify(value)
        self._place(value)

    def whole(self, value: Any) -> None:
        """A complete container, decoded at once."""
        self.version += 1
        self._place(value)

    # -------------------------------------------------------- partial scalars

    def string_started(self, text: str) -> None:
        """A string value began; ``text``: its decoded characters in this chunk."""
        self.serial += 1
        self.partial = [text] if text else []
        if self.partial_strings:
            self.version += 1  # even "" shows
        if text:
            for notify in self._on_grew:
                notify(text)

    def string_grew(self, text: str) -> None:
        """More decoded characters (not empty) of the string value being read."""
        self.partial.append(text)
        if self.partial_strings:
            self.version += 1
        for notify in self._on_grew:
            notify(text)

    def string_ended(self, text: str) -> None:
        """The string value being read ended; ``text``: its last decoded characters."""
        if text:
            self.string_grew(text)
        value = "".join(self.partial)
        self.partial = MISSING
        if not self.partial_strings:
            self.version += 1
        for notify in self._on_scalar:
            notify(value)
        self._place(value)

    def number_started(self, number: NumberReading) -> None:
        self.serial += 1
        self.partial = number
        if self.partial_numbers and number.show():
            self.version += 1

    def number_grew(self) -> None:
        if self.partial_numbers and self.partial.show():
            self.version += 1

    def number_ended(self) -> None:
        """The number being read is complete."""
        number: NumberReading = self.partial
        self.partial = MISSING
        if not self.partial_numbers or number.show():
            self.version += 1
        value = number.value()
        for notify in self._on_scalar:
            notify(value)
        self._place(value)

    # -------------------------------------------------------------- placing

    def _place(self, value: Any) -> None:
        """Insert a complete value into the innermost container (or make it the root)."""
        stack = self.stack
        if not stack:
            self.root = value
            self.done = True
            return
        frame = stack[-1]
        key = self.keys[-1]
        if frame is self._watched:
            self._sink(len(frame) if key is LIST else key, value)  # type: ignore[misc]
        if key is LIST:
            frame.append(value)
            return
        replacing = self._replacing
        if replacing and replacing[-1].frame is frame:
            self._replaced(replacing.pop(), value)
        frame[key] = value

    def _replaced(self, replacement: _Replacement, value: Any) -> None:
        if not replacement.settled:  # shown for the first time: compare with the old member
            self.unsettled -= 1
            self.version = replacement.mark + (not same_json(value, replacement.old))
        for notify in self._on_replaced:
            notify(replacement.level, replacement.frame, replacement.key, replacement.old, value)

    def settle(self) -> None:
        """At a chunk's end: compare each new member under a repeated key that shows now
        with the one it replaces (needed while ``unsettled``).

        Until then the version moves as the new member grows; it is then set back to
        what it was before the member, plus one if what shows differs. Views read the
        version only between chunks, so they never see the moves in between.
        """
        first = True
        for replacement in self._replacing:
            if replacement.settled:
                continue
            shown = self._member_shown(replacement.level)
            if first:  # the outermost decides: the inner ones are inside its new member
                first = False
                self.version = replacement.mark + (shown is not MISSING and not same_json(shown, replacement.old))
            if shown is MISSING:
                replacement.mark = self.version
            else:
                replacement.settled = True
                self.unsettled -= 1

    def _member_shown(self, level: int) -> Any:
        """What the member being written under ``stack[level]`` shows (MISSING: nothing)."""
        if len(self.stack) > level + 1:
            return build_snapshot(self.stack[level + 1 :], self.keys[level + 1 :], self.partial_shown())
        return self.partial_shown()

    # -------------------------------------------------------------- reading

    def partial_shown(self) -> Any:
        """What the scalar being read shows under the completion policy, or MISSING."""
        partial = self.partial
        if type(partial) is list:
            return "".join(partial) if self.partial_strings else MISSING
        if partial is not MISSING and self.partial_numbers:
            return partial.shown_value()
        return MISSING

    def shown_serial(self) -> int | None:
        """The serial of the scalar being read if it shows something, else None."""
        partial = self.partial
        if type(partial) is list:
            return self.serial if self.partial_strings else None
        if partial is not MISSING and self.partial_numbers and partial.shown_length > 0:
            return self.serial
        return None

    def snapshot(self) -> Any:
        """The value shown now (MISSING while nothing shows); see :func:`.build_snapshot`."""
        if self.done:
            return self.root
        return build_snapshot(self.stack, self.keys, self.partial_shown())

    def open_containers(self) -> list[OpenContainer]:
        """The open containers, outermost first, without copying them: what a client
        needs to decide about the open path (does an object lack a key?) in time
        proportional to the depth, not to the value."""
        return [OpenContainer(None, len(container)) if key is LIST else OpenContainer(container.keys(), key)
                for container, key in zip(self.stack, self.keys)]

    def path(self, where: Where) -> str:
        """JSON Pointer of the member or index being written (``""``: the top level)."""
        parts: list[str | int] = []
        last = len(self.stack) - 1
        for level, (container, key) in enumerate(zip(self.stack, self.keys)):
            if key is LIST:
                after = level == last and where is Where.AFTER
                parts.append(len(container) - 1 if after else len(container))
            elif key is not None and (level < last or where is not Where.BEFORE):
                parts.append(key)
        return pointer(parts)
