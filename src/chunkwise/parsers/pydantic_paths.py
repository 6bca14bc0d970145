"""Whether a model's partial value is surely invalid, told from the open path alone.

A pydantic parser validates each new partial value. An object that lacks a required
field keeps the value invalid until the field arrives, so output that streams a
long member before a required field, or a list item that grows before its own
required field, would cost a snapshot and a validation of the whole open value on
every chunk: quadratic in the output. :func:`surely_invalid` walks the engine's open
containers (``IncrementalJsonParser.open_containers()``, a cost of the depth) with
the model's field types and says True only where validation must fail: an open
object, at a place the model types as a model, that lacks one of its required
fields (the key is neither among its complete members nor the member being
written). Where the type at a place cannot be known (unions, validators that run
before the fields, alias paths, types other than models, lists, tuples and dicts),
it says False, and the value is validated as it would be without the test.
"""

from __future__ import annotations

import collections.abc
import functools
import types
import typing
from collections.abc import Sequence
from typing import Any, Union

from pydantic import BaseModel, BeforeValidator, PlainValidator, RootModel, WrapValidator
from pydantic.fields import FieldInfo

from chunkwise.jsonstream import OpenContainer

__all__ = ["lacks_required", "surely_invalid"]

#: Validators that see the raw input before the field's type does (so it may be anything).
_RAW_VALIDATORS = (BeforeValidator, PlainValidator, WrapValidator)
_SEQUENCES = (list, set, frozenset, collections.abc.Sequence, collections.abc.MutableSequence,
              collections.abc.Set, collections.abc.MutableSet, collections.abc.Iterable)
_MAPPINGS = (dict, collections.abc.Mapping, collections.abc.MutableMapping)


def surely_invalid(model: type[BaseModel], open_path: Sequence[OpenContainer]) -> bool:
    """Whether any value with the open containers ``open_path`` (outermost first) fails
    to validate as ``model`` because an open object lacks a required field."""
    annotation: Any = model
    for container in open_path:
        target = _resolved(annotation)
        if target is None:
            return False
        if container.keys is not None and _is_model(target) and lacks_required(target, container):
            return True
        if container.key is None:
            return False
        annotation = _child(target, container.key)
    return False


def lacks_required(model: type[BaseModel], container: OpenContainer) -> bool:
    """Whether the open object ``container`` surely lacks a required field of ``model``."""
    required = _required_keys(model)
    if required is None or container.keys is None:
        return False
    present = container.keys
    pending = container.key
    # (each key looked up: ``isdisjoint`` would walk all of a long object's keys)
    return any(pending not in keys and all(key not in present for key in keys) for keys in required)


def _resolved(annotation: Any) -> Any:
    """``annotation`` with ``Optional``, ``Annotated`` and root models unwrapped: the type
    a value at that place is validated as, or None where that is not one known type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            if any(isinstance(meta, _RAW_VALIDATORS) for meta in annotation.__metadata__):
                return None
            annotation = typing.get_args(annotation)[0]
        elif origin is Union or origin is types.UnionType:
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(options) != 1:
                return None
            annotation = options[0]
        elif isinstance(annotation, type) and issubclass(annotation, RootModel):
            field = annotation.model_fields["root"]
            if _model_sees_input(annotation) or _raw_input(annotation, "root", field):
                return None
            annotation = field.annotation
        else:
            return annotation


def _child(target: Any, key: str | int) -> Any:
    """The annotation of the member ``key`` (or item ``key``) of a value typed ``target``,
    or None where it is unknown."""
    if _is_model(target):
        if not isinstance(key, str) or _required_keys(target) is None:
            return None
        return _field_types(target).get(key)
    origin = typing.get_origin(target) or target
    args = typing.get_args(target)
    if isinstance(key, int) and origin in _SEQUENCES:
        return args[0] if args else None
    if isinstance(key, int) and origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return args[0]
        return args[key] if key < len(args) else None
    if isinstance(key, str) and origin in _MAPPINGS:
        return args[1] if len(args) == 2 else None
    return None


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _model_sees_input(model: type[BaseModel]) -> bool:
    """Whether a model validator of ``model`` sees the input before its fields do."""
    return any(decorator.info.mode in ("before", "wrap")
               for decorator in model.__pydantic_decorators__.model_validators.values())


def _raw_input(model: type[BaseModel], name: str, field: FieldInfo) -> bool:
    """Whether a validator of ``model`` sees field ``name``'s input before its type does."""
    if any(isinstance(meta, _RAW_VALIDATORS) for meta in field.metadata):
        return True
    return any(decorator.info.mode != "after" and (name in decorator.info.fields or "*" in decorator.info.fields)
               for decorator in model.__pydantic_decorators__.field_validators.values())


def _setting_keys(model: type[BaseModel], name: str, field: FieldInfo) -> frozenset[str] | None:
    """The input keys that set field ``name`` (None: an alias path or choices)."""
    alias = field.validation_alias if field.validation_alias is not None else field.alias
    if alias is None:
        return frozenset((name,))
    if not isinstance(alias, str):
        return None
    config = model.model_config
    by_name = config.get("populate_by_name") or config.get("validate_by_name")
    return frozenset((alias, name)) if by_name else frozenset((alias,))


@functools.lru_cache(maxsize=256)
def _required_keys(model: type[BaseModel]) -> tuple[frozenset[str], ...] | None:
    """For each required field of ``model``, the keys that may set it; None when that
    cannot be known (a model validator that sees the input first, alias paths)."""
    if _model_sees_input(model):
        return None
    required = []
    for name, field in model.model_fields.items():
        keys = _setting_keys(model, name, field)
        if keys is None:
            return None
        if field.is_required():
            required.append(keys | {name})  # (the name too: "lacks" must be sure)
    return tuple(required)


@functools.lru_cache(maxsize=256)
def _field_types(model: type[BaseModel]) -> dict[str, Any]:
    """Input key → the annotation of the field it sets, for the keys that set exactly one
    field whose input no validator sees first."""
    fields: dict[str, Any] = {}
    ambiguous: set[str] = set()
    for name, field in model.model_fields.items():
        for key in _setting_keys(model, name, field) or ():
            ambiguous.update(fields.keys() & {key})
            fields[key] = None if _raw_input(model, name, field) else field.annotation
    return {key: annotation for key, annotation in fields.items() if key not in ambiguous}
