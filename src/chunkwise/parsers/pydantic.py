"""``PydanticOutputParser``: the JSON in a model's output as a pydantic model instance.

While streaming it yields partial instances that never claim more than the data
says. pydantic's own partial validation does not get there (checked with pydantic
2.13: ``model_validate_json`` has no ``experimental_allow_partial``, and
``TypeAdapter(...).validate_python(..., experimental_allow_partial=True)`` only
relaxes the outermost list or dict, not a model's fields, and fills defaults), so:

* the engine shows complete scalars only (``Completion.COMPLETE``): no population
  of 67 that is really 67413000, no ``"in"`` that is really ``"inactive"``;
* each changed partial value is validated with ``model_validate``: an instance is
  yielded only when it is valid so far (every required field present); an object
  that surely lacks a required top-level field is not validated at all, so a long
  member streamed before a required one costs no validation per chunk;
* fields the data has not set are removed from the partial instances (not filled
  with defaults): reading one raises ``AttributeError`` and ``model_fields_set``,
  ``repr`` and ``model_dump`` show only what arrived.

The final instance is validated normally, defaults included; failure is an
:class:`OutputParserException` carrying pydantic's error details (``errors``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from chunkwise.jsonstream import Completion, Repair
from chunkwise.parsers.base import ParserInput, same_value, text_of
from chunkwise.parsers.exceptions import OutputParserException
from chunkwise.parsers.json import DEFAULT_MAX_DEPTH, JsonOutputParser, _JsonSession, require_v2

__all__ = ["PartialValidator", "PydanticOutputParser", "partial_instance", "validated"]

M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], value: Any, llm_output: str) -> M:
    """``model`` validated from ``value``, or :class:`OutputParserException`."""
    try:
        return model.model_validate(value)
    except ValidationError as error:
        exc = OutputParserException(
            f"Failed to parse {model.__name__} from the output: {error}",
            llm_output=llm_output, errors=error.errors(include_url=False),
        )
        raise exc from error


def partial_instance(model: type[M], value: Any) -> M | None:
    """``value`` (a partial value) as an instance holding only the fields it sets, or None
    while it is not valid so far."""
    if isinstance(value, dict) and _lacks_required(model, value):
        return None  # (without validating: that costs the size of the value, on every chunk)
    try:
        instance = model.model_validate(value)
    except ValidationError:
        return None
    _forget_defaults(instance)
    return instance


@functools.lru_cache(maxsize=256)
def _required_keys(model: type[BaseModel]) -> tuple[frozenset[str], ...] | None:
    """For each required field, the keys that may set it; None when that cannot be known
    (a model validator that runs before the fields may fill them in)."""
    decorators = model.__pydantic_decorators__.model_validators.values()
    if any(decorator.info.mode in ("before", "wrap") for decorator in decorators):
        return None
    required = []
    for name, field in model.model_fields.items():
        if not field.is_required():
            continue
        if field.validation_alias is not None and not isinstance(field.validation_alias, str):
            return None  # AliasPath / AliasChoices
        required.append(frozenset(k for k in (name, field.alias, field.validation_alias) if isinstance(k, str)))
    return tuple(required)


def _lacks_required(model: type[BaseModel], value: dict[str, Any]) -> bool:
    """Whether ``value`` surely lacks a required field of ``model`` (a cheap test, so that
    output streaming a long member before a required one is not validated per chunk)."""
    required = _required_keys(model)
    # (each key looked up: ``keys.isdisjoint(value)`` would walk all of a dict's keys)
    return required is not None and any(all(key not in value for key in keys) for keys in required)


def _forget_defaults(value: Any) -> None:
    """Remove the fields the data did not set from every model instance in ``value``
    (iterative: any depth the engine allows)."""
    work = [value]
    while work:
        item = work.pop()
        if isinstance(item, BaseModel):
            fields = item.__dict__
            for name in type(item).model_fields.keys() - item.model_fields_set:
                fields.pop(name, None)
            work.extend(fields.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            work.extend(item)
        elif isinstance(item, dict):
            work.extend(item.values())


class PartialValidator(Generic[M]):
    """The partial instance of ``model`` for the latest of a growing value: validated
    again only when the value is a new object (the engine's snapshot changed)."""

    __slots__ = ("model", "value", "instance")

    def __init__(self, model: type[M]) -> None:
        self.model = model
        self.value: Any = None  # the value validated last
        self.instance: M | None = None  # its partial instance (None: not valid so far)

    def instance_of(self, value: Any) -> M | None:
        if value is not self.value:
            self.value, self.instance = value, partial_instance(self.model, value)
        return self.instance


class _PydanticSession(_JsonSession, Generic[M]):
    def __init__(self, parser: PydanticOutputParser[M]) -> None:
        super().__init__(parser)
        self.model = parser.pydantic_object

    def end(self) -> Sequence[Any]:
        value = self.reader.close()
        self.final = validated(self.model, value, "".join(self.reader.pieces))
        return () if same_value(self.final, self.last) else (self.final,)

    def show(self, value: Any) -> Sequence[Any]:
        instance = partial_instance(self.model, value)
        if instance is None or same_value(instance, self.last):
            return ()
        self.last = instance
        return (instance,)


class PydanticOutputParser(JsonOutputParser, Generic[M]):
    """Parse the JSON in the output into ``pydantic_object``; stream partial instances
    that are valid so far (see the module docstring for what "partial" promises).

    ``completion`` may be relaxed (``Completion.ATOMIC`` lets strings grow) at the
    price of partial strings being validated as if final.
    """

    pydantic_object: type[M]

    def __init__(
        self,
        pydantic_object: type[M],
        *,
        strict: bool = False,
        completion: Completion | str = Completion.COMPLETE,
        allow_incomplete: bool = False,
        max_depth: int | None = DEFAULT_MAX_DEPTH,
        repair: bool | Repair = False,
    ) -> None:
        require_v2(pydantic_object, type(self).__name__)
        super().__init__(pydantic_object, strict=strict, completion=completion,
                         allow_incomplete=allow_incomplete, max_depth=max_depth, repair=repair)

    def session(self) -> _PydanticSession[M]:
        return _PydanticSession(self)

    def parse(self, text: str) -> M:
        result: M = super().parse(text)
        return result

    def parse_result(self, result: Sequence[ParserInput], *, partial: bool = False) -> M | None:
        """The instance for ``result[0]``; ``partial=True``: for output cut off, the partial
        instance (None while it is not valid so far), for complete output the full one."""
        if not partial:
            return self.parse(text_of(result[0]))
        reader = self.reader(allow_incomplete=True)
        reader.feed(text_of(result[0]))
        value = reader.close()
        if reader.engine.done:
            return validated(self.pydantic_object, value, "".join(reader.pieces))
        return partial_instance(self.pydantic_object, value)
