"""Snapshots of the partial value, and helpers shared by the views.

A snapshot copies only the open containers on the path being written (shallow
copies, innermost first, each holding the copy of its open child); every completed
member is shared with the parser's own tree and with earlier snapshots. That is
safe because the parser never mutates a completed value, and it keeps the cost of
a snapshot to the open path instead of the whole document. A user who wants to
mutate a snapshot copies it first with :func:`copy_json`.
"""

from __future__ import annotations

from typing import Any


class _Marker:
    """A named sentinel."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


#: "Nothing shows here" (None is a JSON value, so it cannot say that).
MISSING: Any = _Marker("MISSING")
#: Marks an array frame in the parser's key stack (object frames hold their key).
LIST: Any = _Marker("LIST")


def build_snapshot(stack: list[Any], keys: list[Any], partial: Any) -> Any:
    """The value shown for the open ``stack`` with ``partial`` at its innermost point.

    ``keys[i]`` is LIST for an array frame, or the key under which the next member
    of the object frame ``stack[i]`` goes. Returns MISSING when nothing shows.
    """
    child = partial
    for index in range(len(stack) - 1, -1, -1):
        copy = stack[index].copy()
        if child is not MISSING:
            key = keys[index]
            if key is LIST:
                copy.append(child)
            else:
                copy[key] = child
        child = copy
    return child


def escape_pointer_part(part: str | int) -> str:
    """One JSON Pointer reference token (RFC 6901: ``~`` → ``~0``, ``/`` → ``~1``)."""
    if isinstance(part, int):
        return str(part)
    if "~" in part or "/" in part:
        return part.replace("~", "~0").replace("/", "~1")
    return part


def pointer(parts: list[str | int]) -> str:
    """The JSON Pointer of a path given as keys and indices."""
    return "".join("/" + escape_pointer_part(part) for part in parts)


def copy_json(value: Any) -> Any:
    """A fully independent deep copy of a JSON value (dicts, lists and scalars).

    Iterative, so any nesting depth works (``copy.deepcopy`` recurses). Use it to
    get a snapshot or item that may be mutated without touching later snapshots.
    """
    if not isinstance(value, (dict, list)):
        return value
    root: Any = {} if isinstance(value, dict) else []
    work = [(value, root)]
    while work:
        source, target = work.pop()
        if isinstance(source, dict):
            for key, member in source.items():
                if isinstance(member, (dict, list)):
                    member_copy: Any = {} if isinstance(member, dict) else []
                    work.append((member, member_copy))
                    target[key] = member_copy
                else:
                    target[key] = member
        else:
            for member in source:
                if isinstance(member, (dict, list)):
                    member_copy = {} if isinstance(member, dict) else []
                    work.append((member, member_copy))
                    target.append(member_copy)
                else:
                    target.append(member)
    return root


def same_json(a: Any, b: Any) -> bool:
    """Whether two shown values are the same, types included (``1`` is not ``1.0``).

    Iterative; subtrees shared by two snapshots compare by identity at once, so
    comparing two snapshots costs the open path, not the document.
    """
    work = [(a, b)]
    while work:
        x, y = work.pop()
        if x is y:
            continue
        if type(x) is not type(y):
            return False
        if isinstance(x, dict):
            if len(x) != len(y) or list(x) != list(y):
                return False
            work.extend((x[key], y[key]) for key in x)
        elif isinstance(x, list):
            if len(x) != len(y):
                return False
            work.extend(zip(x, y))
        elif x != y:
            return False
    return True
