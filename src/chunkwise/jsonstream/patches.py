"""JSON Patch operations from the parse itself, without diffing trees.

The parser's tree only ever grows at its *frontier*: the open containers on the
stack and the scalar being read. Everything else is complete and never changes
(except a duplicate key overwriting an earlier member, which the parser records).
So at each *look* (a read of ``value`` or a call of ``patches()``) the tracker
remembers the frontier: the open containers, how many members of each were shown,
and the partial scalar shown. At the next call it walks that remembered frontier
from the innermost container outwards and emits, in document order:

* growth of the scalar that was partial (``replace``; ``append`` in compact form);
* ``add`` for each member completed after the shown ones, with its final value;
* ``add`` for a container or scalar opened since, with its current snapshot.

The cost is proportional to what changed (plus the depth of the frontier), never
to the size of the document.
"""

from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING, Any

from chunkwise.jsonstream.snapshot import LIST, MISSING, build_snapshot, escape_pointer_part

if TYPE_CHECKING:
    from chunkwise.jsonstream.parser import IncrementalJsonParser

Patch = dict[str, Any]


class _ShownScalar:
    """The partial scalar shown at the last look."""

    __slots__ = ("serial", "value", "pieces", "piece_count")

    def __init__(self, serial: int, value: Any, pieces: list[str] | None) -> None:
        self.serial = serial
        self.value = value  # the value shown
        self.pieces = pieces  # for a string: its pieces list (it keeps growing)
        self.piece_count = len(pieces) if pieces is not None else 0


class PatchTracker:
    """Remembers the frontier at each look and turns its growth into operations."""

    def __init__(self, parser: IncrementalJsonParser) -> None:
        self._parser = parser
        self._shown_anything = False
        self._done = False  # the complete value was shown: nothing can change any more
        self._frames: list[Any] = []
        self._counts: list[int] = []  # members of each frame shown, its open member included
        self._parts: list[Any] = []  # key or index of each frame's open member
        self._scalar: _ShownScalar | None = None

    # ------------------------------------------------------------ looking

    def look(self) -> None:
        """Remember what is shown now."""
        if self._done:
            return
        parser = self._parser
        if parser.done:
            self._done = self._shown_anything = True
            return
        stack, keys = parser._stack, parser._keys
        scalar = self._shown_scalar()
        self._scalar = scalar
        self._frames = stack[:]
        counts = []
        parts = []
        last = len(stack) - 1
        for index, (frame, key) in enumerate(zip(stack, keys)):
            count = len(frame)
            if key is LIST:
                parts.append(count)
                if index < last or scalar is not None:
                    count += 1
            else:
                parts.append(key)
                if (index < last or scalar is not None) and key not in frame:
                    count += 1
            counts.append(count)
        self._counts = counts
        self._parts = parts
        self._shown_anything = bool(stack) or scalar is not None
        parser._duplicates.clear()

    def _shown_scalar(self) -> _ShownScalar | None:
        parser = self._parser
        value = parser._partial_scalar()
        if value is MISSING:
            return None
        pieces = parser._pieces if isinstance(value, str) else None
        return _ShownScalar(parser._scalar_serial, value, pieces)

    # ------------------------------------------------------------ draining

    def drain(self, compact: bool) -> list[Patch]:
        """Operations since the last look; then look."""
        if self._done:
            return []
        ops: list[Patch] = []
        if not self._shown_anything:
            current = self._parser._build_value()
            if current is not MISSING:
                ops.append({"op": "add", "path": "", "value": current})
        elif not self._frames:
            self._scalar_ops(ops, "", self._root_final(), compact)
        else:
            self._frontier_ops(ops, compact)
        self.look()
        return ops

    def _root_final(self) -> Any:
        parser = self._parser
        return parser._root if parser.done else MISSING

    def _current_serial(self) -> int | None:
        parser = self._parser
        return parser._scalar_serial if parser._partial_scalar() is not MISSING else None

    def _scalar_ops(self, ops: list[Patch], path: str, final: Any, compact: bool) -> None:
        """Growth of the scalar shown partially at ``path``; ``final`` if it completed."""
        shown = self._scalar
        assert shown is not None
        if final is MISSING:
            if self._current_serial() != shown.serial:
                return  # not shown any more is impossible; a different scalar is handled by the caller
            now = self._parser._partial_scalar()
        else:
            now = final
        if shown.pieces is not None:
            added = "".join(shown.pieces[shown.piece_count :])
            if added:
                if compact:
                    ops.append({"op": "append", "path": path, "value": added})
                else:
                    ops.append({"op": "replace", "path": path, "value": now})
        elif type(now) is not type(shown.value) or now != shown.value:
            ops.append({"op": "replace", "path": path, "value": now})

    def _frontier_ops(self, ops: list[Patch], compact: bool) -> None:
        parser = self._parser
        frames, counts, parts = self._frames, self._counts, self._parts
        stack = parser._stack
        common = 0
        while common < len(frames) and common < len(stack) and frames[common] is stack[common]:
            common += 1
        bases = _prefix_pointers(parts)
        duplicates = parser._duplicates
        deepest = len(frames) - 1
        for level in range(deepest, -1, -1):
            frame = frames[level]
            base = bases[level]
            if level == deepest and self._scalar is not None:
                key = parts[level]
                still_partial = self._current_serial() == self._scalar.serial
                final = MISSING if still_partial else frame[key]
                self._scalar_ops(ops, base + "/" + escape_pointer_part(key), final, compact)
            added_keys = _emit_new_members(ops, frame, counts[level], base)
            if duplicates:
                for container, key in duplicates:
                    if container is frame and key not in added_keys:
                        ops.append({"op": "add", "path": base + "/" + escape_pointer_part(key), "value": frame[key]})
            if level == common - 1:
                self._opened_since(ops, level, base)

    def _opened_since(self, ops: list[Patch], level: int, base: str) -> None:
        """Add what opened under the innermost remembered frame that is still open."""
        parser = self._parser
        stack, keys = parser._stack, parser._keys
        if level + 1 < len(stack):
            value = build_snapshot(stack[level + 1 :], keys[level + 1 :], parser._partial_scalar())
        else:
            if self._scalar is not None and self._current_serial() == self._scalar.serial:
                return
            value = parser._partial_scalar()
            if value is MISSING:
                return
        frame, key = stack[level], keys[level]
        where = len(frame) if key is LIST else key
        ops.append({"op": "add", "path": base + "/" + escape_pointer_part(where), "value": value})


def _prefix_pointers(parts: list[Any]) -> list[str]:
    """The pointer of each remembered frame: ``bases[i]`` is built from ``parts[:i]``."""
    bases = [""]
    for part in parts[:-1]:
        bases.append(bases[-1] + "/" + escape_pointer_part(part))
    return bases


def _emit_new_members(ops: list[Patch], frame: Any, shown: int, base: str) -> set[str]:
    """``add`` each member of ``frame`` past the first ``shown``; return the keys added."""
    fresh = len(frame) - shown
    if fresh <= 0:
        return set()
    if isinstance(frame, list):
        for index in range(shown, len(frame)):
            ops.append({"op": "add", "path": f"{base}/{index}", "value": frame[index]})
        return set()
    names = list(islice(reversed(frame), fresh))
    names.reverse()
    for name in names:
        ops.append({"op": "add", "path": base + "/" + escape_pointer_part(name), "value": frame[name]})
    return set(names)
