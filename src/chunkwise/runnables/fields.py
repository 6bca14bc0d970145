"""``RunnableSerializable``: a runnable declared with fields, LangChain style.

``class Retriever(BaseRetriever): documents: list[Document]`` and then
``Retriever(documents=[...])``: annotated class attributes are keyword-only
constructor arguments (a class value is the default, copied per instance when it
is a list, dict or set). Missing required fields and unknown ones raise
``TypeError``. Values are not validated or converted (LangChain's are, by
pydantic), and chunkwise does not serialise runnables.
"""

from __future__ import annotations

import copy
import typing
from typing import Any, ClassVar, TypeVar

from chunkwise.runnables.base import Runnable

Input = TypeVar("Input")
Output = TypeVar("Output")

__all__ = ["RunnableSerializable", "declared_fields"]

_MISSING: Any = object()


def declared_fields(cls: type) -> dict[str, Any]:
    """Field name -> default (``_MISSING`` if required), base classes first."""
    fields: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        for name, annotation in vars(klass).get("__annotations__", {}).items():
            text = annotation if isinstance(annotation, str) else repr(annotation)
            if name.startswith("_") or "ClassVar" in text or typing.get_origin(annotation) is ClassVar:
                continue
            fields[name] = vars(klass).get(name, fields.get(name, _MISSING))
    return fields


class RunnableSerializable(Runnable[Input, Output]):
    """A runnable whose annotated class attributes are its keyword constructor arguments."""

    def __init__(self, **values: Any) -> None:
        fields = declared_fields(type(self))
        unknown = sorted(set(values) - set(fields))
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field(s) {unknown}; "
                            f"its fields are {sorted(fields)}")
        for name, default in fields.items():
            if name in values:
                setattr(self, name, values[name])
            elif default is _MISSING:
                raise TypeError(f"{type(self).__name__} needs the field {name!r}")
            elif isinstance(default, (list, dict, set)):
                setattr(self, name, copy.copy(default))
