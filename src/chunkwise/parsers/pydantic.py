"""``PydanticOutputParser``: the JSON in a model's output as a pydantic model instance.

While streaming it yields partial instances that never claim more than the data
says. pydantic's own partial validation does not get there (checked with pydantic
2.13: ``model_validate_json`` has no ``experimental_allow_partial``, and
``TypeAdapter(...).validate_python(..., experimental_allow_partial=True)`` only
relaxes the outermost list or dict, not a model's fields, and fills defaults), so:

* the engine shows complete scalars only (``Completion.COMPLETE``): no population
  of 67 that is really 67413000, no ``"in"`` that is really ``"inactive"``;
* each changed partial value is validated with ``model_validate``: an instance is
  yielded only when it is valid so far (every required field present); while an
  open object on the path being written surely lacks a required field
  (:mod:`.pydantic_paths`) neither a snapshot is taken nor anything validated, so
  a long member streamed before a required one costs nothing per chunk;
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
from chunkwise.parsers.base import ParserInput, same_value, text_of
from chunkwise.parsers.exceptions import OutputParserException
from chunkwise.parsers.json import DEFAULT_MAX_DEPTH, JsonOutputParser, _JsonSession, require_v2
from chunkwise.parsers.pydantic_paths import surely_invalid

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
    try:
        instance = model.model_validate(value)
    except ValidationError:
        return None
    _forget_defaults(instance)
    return instance


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
    """The partial instance of ``model`` for the latest valid one of a growing value:
    validated again only when the value is a new object (the engine's snapshot
    changed). Once an instance was valid it stays until a later one is: a value that
    grows through an invalid state (a list item that lacks its required field so
    far) never takes back what was shown."""

    __slots__ = ("model", "value", "instance")

    def __init__(self, model: type[M]) -> None:
        self.model = model
        self.value: Any = None  # the value validated last
        self.instance: M | None = None  # its partial instance (None: not valid so far)

    def instance_of(self, value: Any) -> M | None:
        if value is not self.value:
            self.value = value
            instance = partial_instance(self.model, value)
            if instance is not None:
                self.instance = instance
        return self.instance


class _PydanticSession(_JsonSession, Generic[M]):
    def __init__(self, parser: PydanticOutputParser[M]) -> None:
        super().__init__(parser)
        self.model = parser.pydantic_object
        self.skip_invalid = parser._skip_invalid

    def view(self, changed: bool) -> Sequence[Any]:
        # (the test costs the depth; a snapshot and its validation cost the open value)
        if changed and self.skip_invalid and surely_invalid(self.model, self.reader.engine.open_containers()):
            return ()
        return super().view(changed)

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
        #: False: validate every change, the reference the open-path test is checked against.
        self._skip_invalid = True

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
