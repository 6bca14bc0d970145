"""``PydanticOutputParser``: the JSON in a model's output as a pydantic model instance.

While streaming it yields partial instances that never claim more than the data
says. pydantic's own partial validation does not get there (checked with pydantic
2.13: ``model_validate_json`` has no ``experimental_allow_partial``, and
``TypeAdapter(...).validate_python(..., experimental_allow_partial=True)`` only
relaxes the outermost list or dict, not a model's fields, and fills defaults), so:

* the engine shows complete scalars only (``Completion.COMPLETE``): no population
  of 67 that is really 67413000, no ``"in"`` that is really ``"inactive"``;
* each changed partial value is validated with ``model_validate``: an instance is
  yielded only when it is valid so far (every required field present);
* fields the data has not set are removed from the partial instances (not filled
  with defaults): reading one raises ``AttributeError`` and ``model_fields_set``,
  ``repr`` and ``model_dump`` show only what arrived.

The final instance is validated normally, defaults included; failure is an
:class:`OutputParserException` carrying pydantic's error details (``errors``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from chunkwise.jsonstream import Completion, Repair
from chunkwise.parsers.exceptions import OutputParserException
from chunkwise.parsers.json import JsonOutputParser, _JsonSession

__all__ = ["PydanticOutputParser", "partial_instance", "validated"]

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
    try:
        instance = model.model_validate(value)
    except ValidationError:
        return None
    _forget_defaults(instance)
    return instance


def _forget_defaults(value: Any) -> None:
    """Remove the fields the data did not set from every model instance in ``value``."""
    if isinstance(value, BaseModel):
        fields = value.__dict__
        for name in type(value).model_fields.keys() - value.model_fields_set:
            fields.pop(name, None)
        children: Any = fields.values()
    elif isinstance(value, (list, tuple, set, frozenset)):
        children = value
    elif isinstance(value, dict):
        children = value.values()
    else:
        return
    for child in children:
        _forget_defaults(child)


class _PydanticSession(_JsonSession, Generic[M]):
    def __init__(self, parser: PydanticOutputParser[M]) -> None:
        super().__init__(parser)
        self.model = parser.pydantic_object

    def end(self) -> Sequence[Any]:
        value = self.reader.close()
        self.final = validated(self.model, value, "".join(self.reader.pieces))
        return (self.final,) if self.final != self.last else ()

    def show(self, value: Any) -> Sequence[Any]:
        instance = partial_instance(self.model, value)
        if instance is None or instance == self.last:
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
        repair: bool | Repair = False,
    ) -> None:
        super().__init__(pydantic_object, strict=strict, completion=completion,
                         allow_incomplete=allow_incomplete, repair=repair)

    def session(self) -> _PydanticSession[M]:
        return _PydanticSession(self)

    def parse(self, text: str) -> M:
        result: M = super().parse(text)
        return result
