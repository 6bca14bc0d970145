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

from chunkwise.jsonstream.snapshot import LIST, MISSING, build_snapshot, escape_pointer_part, pointer, same_json

if TYPE_CHECKING:
    from chunkwise.jsonstream.parser import IncrementalJsonParser

Patch = dict[str, Any]


class _ShownScalar:
    """The partial scalar shown at the last look.

    For a string only its pieces list and how many pieces were shown are kept,
    so a look costs nothing more for a long string than for a short one.
    """

    __slots__ = ("serial", "number", "pieces", "piece_count", "path")

    def __init__(self, serial: int, number: Any, pieces: list[str] | None) -> None:
        self.serial = serial
        self.number = number  # the number shown (strings: MISSING)
        self.pieces = pieces  # for a string: its pieces list (it keeps growing)
        self.piece_count = len(pieces) if pieces is not None else 0
        self.path: str | None = None  # its JSON Pointer, once an operation needed it

    def seen(self, parser: IncrementalJsonParser) -> None:
        """It has been shown again, grown as the parser now shows it."""
        if self.pieces is not None:
            self.piece_count = len(self.pieces)
        else:
            self.number = parser._partial_scalar()

    def grown(self, parser: IncrementalJsonParser, final: Any, compact: bool) -> Patch | None:
        """The operation for its growth since shown (``final``: its complete value, if
        it completed), or None if it shows the same; from now on it counts as shown."""
        pieces = self.pieces
        if pieces is not None:
            count = self.piece_count
            if len(pieces) == count:
                return None
            self.piece_count = len(pieces)
            if compact:
                added = pieces[count] if len(pieces) == count + 1 else "".join(pieces[count:])
                return {"op": "append", "path": self.path, "value": added}
            return {"op": "replace", "path": self.path, "value": "".join(pieces) if final is MISSING else final}
        before = self.number
        now = self.number = parser._number.shown_value() if final is MISSING else final
        if type(now) is not type(before) or now != before:
            return {"op": "replace", "path": self.path, "value": now}
        return None


class PatchTracker:
    """Remembers the frontier at each look and turns its growth into operations."""

    def __init__(self, parser: IncrementalJsonParser) -> None:
        self._parser = parser
        self._version = -1  # the parser's version at the last look
        self._shown_anything = False
        self._done = False  # the complete value was shown: nothing can change any more
        self._frames: list[Any] = []
        self._counts: list[int] = []  # members of each frame shown, its open member included
        self._parts: list[Any] = []  # key or index of each frame's open member
        self._bases: list[str | None] = []  # each frame's JSON Pointer, once an operation needed it
        self._scalar: _ShownScalar | None = None
        self._look_value: Any = MISSING  # the value at the last look, once a key repeated

    # ------------------------------------------------------------ looking

    def look(self, common: int | None = None) -> None:
        """Remember what is shown now (``common``: the frames shared with the stack, if known)."""
        parser = self._parser
        if self._version == parser.version:
            return  # nothing shown changed: the remembered frontier still describes it
        self._version = parser.version
        self._remember_value()
        if parser.done:
            self._done = self._shown_anything = True
            return
        if self._only_scalar_grew():
            assert self._scalar is not None
            self._scalar.seen(parser)
            return
        stack, keys = parser._stack, parser._keys
        frames, counts, parts, bases = self._frames, self._counts, self._parts, self._bases
        # Frames below the innermost common one still have the same open child:
        # their counts and parts are unchanged. The pointers of all common frames
        # depend only on the frames above them, so they are kept too.
        if common is None:
            common = _common_depth(frames, stack)
        start = max(common - 1, 0)
        del frames[common:], bases[common:], counts[start:], parts[start:]
        scalar = self._shown_scalar()
        self._scalar = scalar
        last = len(stack) - 1
        for index in range(start, len(stack)):
            frame, key = stack[index], keys[index]
            count = len(frame)
            open_member = index < last or scalar is not None
            if key is LIST:
                parts.append(count)
                if open_member:
                    count += 1
            else:
                parts.append(key)
                if open_member and key not in frame:
                    count += 1
            counts.append(count)
            if index >= common:
                frames.append(frame)
                bases.append(None)
        self._shown_anything = bool(stack) or scalar is not None
        parser._duplicates.clear()

    def _remember_value(self) -> None:
        """In a document that repeats a key, keep the value shown at this look.

        A member set again may bring back what was shown before; then there is
        nothing to report, which only a comparison can tell.
        """
        parser = self._parser
        if parser._watching:
            self._look_value = parser._build_value()

    def _only_scalar_grew(self) -> bool:
        """Whether the only change since the look is growth of the scalar shown then.

        The commonest change while streaming. The same scalar still being read means
        that nothing else happened: every token started since would have ended it.
        """
        scalar = self._scalar
        return scalar is not None and scalar.serial == self._parser._shown_scalar_serial()

    def _shown_scalar(self) -> _ShownScalar | None:
        parser = self._parser
        serial = parser._shown_scalar_serial()
        if serial is None:
            return None
        pieces = parser._partial_string_pieces()
        number = parser._partial_scalar() if pieces is None else MISSING
        return _ShownScalar(serial, number, pieces)

    # ------------------------------------------------------------ draining

    def drain(self, compact: bool) -> list[Patch]:
        """Operations since the last look; then look."""
        parser = self._parser
        if self._done or self._version == parser.version:
            return []
        if parser._watching and same_json(parser._build_value(), self._look_value):
            self.look()  # a repeated key brought back what was shown: nothing to say
            return []
        scalar = self._scalar
        if self._only_scalar_grew() and not parser._watching:
            assert scalar is not None
            self._version = parser.version
            if scalar.path is None:
                scalar.path = self._path(len(self._frames) - 1, self._parts[-1]) if self._frames else ""
            op = scalar.grown(parser, MISSING, compact)
            return [] if op is None else [op]
        ops: list[Patch] = []
        frames, stack = self._frames, parser._stack
        if frames and len(frames) == len(stack) and frames[-1] is stack[-1] and not parser._watching:
            self._innermost_ops(ops, compact)
            return ops
        if not self._shown_anything:
            current = self._parser._build_value()
            if current is not MISSING:
                ops.append({"op": "add", "path": "", "value": current})
        elif not self._frames:
            self._scalar_ops(ops, "", self._root_final(), compact)
        else:
            self.look(self._frontier_ops(ops, compact))
            return ops
        self.look()
        return ops

    def _innermost_ops(self, ops: list[Patch], compact: bool) -> None:
        """Operations when the innermost open container is the one of the last look.

        The commonest case after a scalar's growth: the whole open path is the same,
        so only that container can have changed (its shown scalar completed, members
        were added, a new scalar started). Emits them and looks, touching nothing else.
        """
        parser = self._parser
        frame = parser._stack[-1]
        level = len(self._frames) - 1
        counts, parts = self._counts, self._parts
        scalar = self._scalar
        if scalar is not None:  # it completed (see _only_scalar_grew)
            if scalar.path is None:
                scalar.path = self._path(level, parts[level])
            op = scalar.grown(parser, frame[parts[level]], compact)
            if op is not None:
                ops.append(op)
        if len(frame) > counts[level]:
            self._new_member_ops(ops, level)
        key = parser._keys[-1]
        part = len(frame) if key is LIST else key
        scalar = self._shown_scalar()
        if scalar is not None:
            scalar.path = self._path(level, part)
            shown = scalar.number if scalar.pieces is None else "".join(scalar.pieces)
            ops.append({"op": "add", "path": scalar.path, "value": shown})
            counts[level] = len(frame) + 1
        else:
            counts[level] = len(frame)
        self._scalar = scalar
        parts[level] = part
        self._version = parser.version

    def _root_final(self) -> Any:
        parser = self._parser
        return parser._root if parser.done else MISSING

    def _scalar_ops(self, ops: list[Patch], path: str, final: Any, compact: bool) -> None:
        """Growth of the scalar shown partially at ``path``; ``final`` if it completed."""
        shown = self._scalar
        assert shown is not None
        if final is not MISSING and self._parser._watching:
            # A repeated key may have set the member again since: say its value whole.
            before = "".join(shown.pieces[: shown.piece_count]) if shown.pieces is not None else shown.number
            if not same_json(final, before):
                ops.append({"op": "replace", "path": path, "value": final})
            return
        shown.path = path
        op = shown.grown(self._parser, final, compact)
        if op is not None:
            ops.append(op)

    def _frontier_ops(self, ops: list[Patch], compact: bool) -> int:
        """Emit the operations; return how many frames the frontier shares with the stack."""
        parser = self._parser
        frames, counts, parts = self._frames, self._counts, self._parts
        common = _common_depth(frames, parser._stack)
        deepest = len(frames) - 1
        duplicates = bool(parser._duplicates)
        # Levels below common - 1 kept the same open child, so nothing was placed
        # in them (not even a duplicate key): they cannot have changed.
        for level in range(deepest, max(common - 1, 0) - 1, -1):
            frame = frames[level]
            if level == deepest and self._scalar is not None:
                key = parts[level]
                still_partial = self._parser._shown_scalar_serial() == self._scalar.serial
                final = MISSING if still_partial else frame[key]
                self._scalar_ops(ops, self._path(level, key), final, compact)
            if len(frame) > counts[level]:
                self._new_member_ops(ops, level)
            if duplicates:
                self._duplicate_ops(ops, level)
            if level == common - 1:
                self._opened_since(ops, level)
        return common

    def _path(self, level: int, part: str | int) -> str:
        """The JSON Pointer of member ``part`` of the remembered frame at ``level``.

        A frame's own pointer is built the first time an operation needs it and kept
        while the frame stays on the frontier; building every frame's pointer at
        every look would cost the square of the depth.
        """
        base = self._bases[level]
        if base is None:
            base = self._bases[level] = pointer(self._parts[:level])
        return base + "/" + escape_pointer_part(part)

    def _new_member_ops(self, ops: list[Patch], level: int) -> None:
        """``add`` each member of a remembered frame past the ones shown."""
        frame, shown = self._frames[level], self._counts[level]
        if isinstance(frame, list):
            for index in range(shown, len(frame)):
                ops.append({"op": "add", "path": self._path(level, index), "value": frame[index]})
            return
        names = list(islice(reversed(frame), len(frame) - shown))
        names.reverse()
        for name in names:
            ops.append({"op": "add", "path": self._path(level, name), "value": frame[name]})

    def _duplicate_ops(self, ops: list[Patch], level: int) -> None:
        """``add`` the members of a remembered frame that a repeated key set again.

        Not the open member shown at the last look closing (its growth is emitted
        at the deeper level), and not a shown scalar completing (its ``replace``
        already carries the current value); each key once, with its current value.
        """
        frames, parts = self._frames, self._parts
        frame = frames[level]
        deepest = len(frames) - 1
        open_key = parts[level] if level < deepest or self._scalar is not None else MISSING
        child = frames[level + 1] if level < deepest else MISSING
        done = set()
        for container, key, value in self._parser._duplicates:
            if container is not frame or key in done:
                continue
            if key == open_key and (value is child or level == deepest):
                continue
            done.add(key)
            ops.append({"op": "add", "path": self._path(level, key), "value": frame[key]})

    def _opened_since(self, ops: list[Patch], level: int) -> None:
        """Add what opened under the innermost remembered frame that is still open."""
        parser = self._parser
        stack, keys = parser._stack, parser._keys
        if level + 1 < len(stack):
            value = build_snapshot(stack[level + 1 :], keys[level + 1 :], parser._partial_scalar())
        else:
            if self._scalar is not None and self._parser._shown_scalar_serial() == self._scalar.serial:
                return
            value = parser._partial_scalar()
            if value is MISSING:
                return
        frame, key = stack[level], keys[level]
        where = len(frame) if key is LIST else key
        ops.append({"op": "add", "path": self._path(level, where), "value": value})


def _common_depth(frames: list[Any], stack: list[Any]) -> int:
    """How many outermost frames the remembered frontier shares with the stack."""
    if len(frames) == len(stack) and (not stack or frames[-1] is stack[-1]):
        return len(stack)  # the same innermost container: the same path
    depth = 0
    limit = min(len(frames), len(stack))
    while depth < limit and frames[depth] is stack[depth]:
        depth += 1
    return depth
