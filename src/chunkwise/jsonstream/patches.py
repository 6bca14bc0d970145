"""The patches view: JSON Patch operations from the parse itself, without diffing trees.

The builder's tree only ever grows at its *frontier*: the open containers on the
stack and the scalar being read. Everything else is complete and never changes,
except that a repeated key replaces a member (the builder says so: ``replaced``).
So at each call the tracker remembers the frontier: the open containers, how many
members of each were shown, and the partial scalar shown. At the next call it walks
that remembered frontier from the innermost container outwards and emits, in
document order:

* growth of the scalar that was partial (``replace``; ``append`` in compact form);
* ``add`` for each member completed after the shown ones, with its final value;
* ``add`` for a shown member that a repeated key replaced by a different value;
* ``add`` for a container or scalar opened since, with its current snapshot.

The cost is proportional to what changed (plus the depth of the frontier), never to
the size of the document. Two shortcuts take the commonest calls (only the shown
scalar grew; only the innermost container changed) without the general walk.
"""

from __future__ import annotations

from itertools import islice
from collections.abc import Callable
from typing import Any

from chunkwise.jsonstream.builder import Listener, TreeBuilder
from chunkwise.jsonstream.snapshot import LIST, MISSING, build_snapshot, escape_pointer_part, pointer, same_json

Patch = dict[str, Any]


class _ShownScalar:
    """The partial scalar shown at the last call.

    For a string only its pieces list and how many pieces were shown are kept, so a
    call costs nothing more for a long string than for a short one.
    """

    __slots__ = ("serial", "number", "pieces", "piece_count", "path")

    def __init__(self, serial: int, number: Any, pieces: list[str] | None) -> None:
        self.serial = serial
        self.number = number  # the number shown (strings: MISSING)
        self.pieces = pieces  # for a string: its pieces list (it keeps growing)
        self.piece_count = len(pieces) if pieces is not None else 0
        self.path: str | None = None  # its JSON Pointer, once an operation needed it

    def shown(self) -> Any:
        """What it showed at the last call."""
        return self.number if self.pieces is None else "".join(self.pieces[: self.piece_count])

    def grown(self, builder: TreeBuilder, final: Any, compact: bool) -> Patch | None:
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
        now = self.number = builder.partial_shown() if final is MISSING else final
        if type(now) is not type(before) or now != before:
            return {"op": "replace", "path": self.path, "value": now}
        return None


class PatchTracker(Listener):
    """Remembers the frontier at each call and turns its growth into operations."""

    def __init__(
        self, builder: TreeBuilder, *, shortcuts: bool, release: Callable[[bool], None] | None = None
    ) -> None:
        self._builder = builder
        self._shortcuts = shortcuts
        #: Drops what was reported from the open containers (retain=False); its argument:
        #: whether only the innermost container can hold something reported.
        self._release = release
        self._version = -1  # the builder's version at the last call
        self._shown_anything = False
        self._done = False  # the complete value was shown: nothing can change any more
        self._frames: list[Any] = []
        self._counts: list[int] = []  # members of each frame shown, its open member included
        self._parts: list[Any] = []  # key or index of each frame's open member
        self._bases: list[str | None] = []  # each frame's JSON Pointer, once an operation needed it
        self._shown_dup: list[bool] = []  # whether a frame's shown open member is under a repeated key
        self._scalar: _ShownScalar | None = None
        #: level -> {key: what showed at that key at the last call}, for keys set again since
        self._replaced: dict[int, dict[str, Any]] = {}
        builder.listen(self)

    # ------------------------------------------------------------ notified

    def replaced(self, level: int, frame: dict[str, Any], key: str, old: Any, new: Any) -> None:
        if level >= len(self._frames) or self._frames[level] is not frame:
            return  # a container opened since the last call: it is added whole
        baselines = self._replaced.setdefault(level, {})
        if key not in baselines:
            # When the shown open member itself completes under a repeated key, its
            # growth is said at the level below; a later replacement is measured from it.
            completes_shown = key == self._parts[level] and self._shown_dup[level]
            baselines[key] = new if completes_shown else old

    # ------------------------------------------------------------ looking

    def look(self, common: int | None = None) -> None:
        """Remember what shows now (``common``: the frames shared with the stack, if known)."""
        builder = self._builder
        self._version = builder.version
        self._replaced.clear()
        if builder.done:
            self._done = self._shown_anything = True
            return
        stack, keys = builder.stack, builder.keys
        frames, counts, parts, bases, dups = self._frames, self._counts, self._parts, self._bases, self._shown_dup
        # Frames below the innermost common one still have the same open child: their
        # counts and parts are unchanged. The pointers of all common frames depend
        # only on the frames above them, so they are kept too.
        if common is None:
            common = _common_depth(frames, stack)
        start = max(common - 1, 0)
        del frames[common:], bases[common:], counts[start:], parts[start:], dups[start:]
        scalar = self._scalar = self._shown_scalar()
        last = len(stack) - 1
        for index in range(start, len(stack)):
            frame, key = stack[index], keys[index]
            count = len(frame)
            open_member = index < last or scalar is not None
            if key is LIST:
                parts.append(count)
                dups.append(False)
                count += open_member
            else:
                parts.append(key)
                dups.append(open_member and key in frame)
                count += open_member and key not in frame
            counts.append(count)
            if index >= common:
                frames.append(frame)
                bases.append(None)
        self._shown_anything = bool(stack) or scalar is not None

    def _only_scalar_grew(self) -> bool:
        """Whether the only change since the last call is growth of the scalar shown then.

        The commonest change while streaming. The same scalar still being read means
        that nothing else happened: every token started since would have ended it.
        """
        scalar = self._scalar
        return scalar is not None and scalar.serial == self._builder.shown_serial()

    def _shown_scalar(self) -> _ShownScalar | None:
        builder = self._builder
        serial = builder.shown_serial()
        if serial is None:
            return None
        pieces = builder.partial if type(builder.partial) is list else None
        return _ShownScalar(serial, builder.partial_shown() if pieces is None else MISSING, pieces)

    # ------------------------------------------------------------ draining

    def drain(self, compact: bool) -> list[Patch]:
        """Operations since the last call; then remember what shows."""
        builder = self._builder
        if self._done or self._version == builder.version:
            return []  # (what _replaced holds still says what changed since the last look)
        ops: list[Patch] = []
        if self._shortcuts and not self._replaced:
            if self._only_scalar_grew():
                self._scalar_grew(ops, compact)
                return ops
            frames, stack = self._frames, builder.stack
            if frames and len(frames) == len(stack) and frames[-1] is stack[-1]:
                self._innermost_ops(ops, compact)
                if self._release is not None:
                    self._release(True)
                return ops
        if not self._shown_anything:
            current = builder.snapshot()
            if current is not MISSING:
                ops.append({"op": "add", "path": "", "value": current})
            self.look()
        elif not self._frames:
            self._scalar_ops(ops, "", builder.root if builder.done else MISSING, compact)
            self.look()
        else:
            self.look(self._frontier_ops(ops, compact))
        if self._release is not None:
            self._release(False)
        return ops

    def _scalar_grew(self, ops: list[Patch], compact: bool) -> None:
        """The operation when only the shown scalar grew (a shortcut)."""
        scalar = self._scalar
        assert scalar is not None
        self._version = self._builder.version
        if scalar.path is None:
            scalar.path = self._path(len(self._frames) - 1, self._parts[-1]) if self._frames else ""
        op = scalar.grown(self._builder, MISSING, compact)
        if op is not None:
            ops.append(op)

    def _innermost_ops(self, ops: list[Patch], compact: bool) -> None:
        """Operations when the innermost open container is the one of the last call (a shortcut).

        The commonest case after a scalar's growth: the whole open path is the same, so
        only that container can have changed (its shown scalar completed, members were
        added, a new scalar started). Emits them and remembers, touching nothing else.
        """
        builder = self._builder
        frame = builder.stack[-1]
        level = len(self._frames) - 1
        counts, parts = self._counts, self._parts
        scalar = self._scalar
        if scalar is not None:  # it completed (see _only_scalar_grew)
            if scalar.path is None:
                scalar.path = self._path(level, parts[level])
            op = scalar.grown(builder, frame[parts[level]], compact)
            if op is not None:
                ops.append(op)
        if len(frame) > counts[level]:
            self._new_member_ops(ops, level)
        key = builder.keys[-1]
        part = len(frame) if key is LIST else key
        scalar = self._scalar = self._shown_scalar()
        if scalar is not None:
            scalar.path = self._path(level, part)
            ops.append({"op": "add", "path": scalar.path, "value": scalar.shown()})
            counts[level] = len(frame) + (key is LIST or key not in frame)
            self._shown_dup[level] = key is not LIST and key in frame
        else:
            counts[level] = len(frame)
            self._shown_dup[level] = False
        parts[level] = part
        self._version = builder.version

    def _scalar_ops(self, ops: list[Patch], path: str, final: Any, compact: bool) -> None:
        """Growth of the scalar shown partially at ``path``; ``final`` if it completed."""
        shown = self._scalar
        assert shown is not None
        shown.path = path
        op = shown.grown(self._builder, final, compact)
        if op is not None:
            ops.append(op)

    def _frontier_ops(self, ops: list[Patch], compact: bool) -> int:
        """Emit the operations; return how many frames the frontier shares with the stack."""
        builder = self._builder
        frames, counts, parts = self._frames, self._counts, self._parts
        common = _common_depth(frames, builder.stack)
        deepest = len(frames) - 1
        # Levels below common - 1 kept the same open child, so nothing was placed in
        # them (not even under a repeated key): they cannot have changed.
        for level in range(deepest, max(common - 1, 0) - 1, -1):
            frame = frames[level]
            if level == deepest and self._scalar is not None:
                key = parts[level]
                if builder.shown_serial() == self._scalar.serial:
                    final = MISSING  # still partial
                else:  # completed: with the value it completed with, even if a repeated key replaced it since
                    final = self._replaced.get(level, {}).get(key, frame[key])
                self._scalar_ops(ops, self._path(level, key), final, compact)
            new_names = self._new_member_ops(ops, level) if len(frame) > counts[level] else ()
            if level in self._replaced:
                self._replaced_ops(ops, level, new_names)
            if level == common - 1:
                self._opened_since(ops, level)
        return common

    def _path(self, level: int, part: str | int) -> str:
        """The JSON Pointer of member ``part`` of the remembered frame at ``level``.

        A frame's own pointer is built the first time an operation needs it and kept
        while the frame stays on the frontier; building every frame's pointer at every
        call would cost the square of the depth.
        """
        base = self._bases[level]
        if base is None:
            base = self._bases[level] = pointer(self._parts[:level])
        return base + "/" + escape_pointer_part(part)

    def _new_member_ops(self, ops: list[Patch], level: int) -> list[Any]:
        """``add`` each member of a remembered frame past the ones shown; return their names."""
        frame, shown = self._frames[level], self._counts[level]
        if isinstance(frame, list):
            names: list[Any] = list(range(shown, len(frame)))
        else:
            names = list(islice(reversed(frame), len(frame) - shown))
            names.reverse()
        for name in names:
            ops.append({"op": "add", "path": self._path(level, name), "value": frame[name]})
        return names

    def _replaced_ops(self, ops: list[Patch], level: int, new_names: list[Any] | tuple[()]) -> None:
        """``add`` each shown member of a remembered frame that a repeated key changed."""
        frame = self._frames[level]
        added = set(new_names)
        for key, baseline in self._replaced[level].items():
            if key not in added and not same_json(frame[key], baseline):
                ops.append({"op": "add", "path": self._path(level, key), "value": frame[key]})

    def _opened_since(self, ops: list[Patch], level: int) -> None:
        """Add what opened under the innermost remembered frame that is still open."""
        builder = self._builder
        stack, keys = builder.stack, builder.keys
        if level + 1 < len(stack):
            value = build_snapshot(stack[level + 1 :], keys[level + 1 :], builder.partial_shown())
        else:
            if self._scalar is not None and builder.shown_serial() == self._scalar.serial:
                return
            value = builder.partial_shown()
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
