"""``configurable_fields``: attributes a call's ``config["configurable"]`` may set.

``model.configurable_fields(temperature=ConfigurableField(id="temperature"))`` gives
a runnable that, for each call, copies the model with the attributes whose ids
appear in ``config["configurable"]`` set to the given values (the original is never
changed) and runs the copy.
"""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from chunkwise.runnables.base import Runnable
from chunkwise.runnables.config import RunnableConfig, ensure_config

Input = TypeVar("Input")
Output = TypeVar("Output")

__all__ = ["ConfigurableField", "RunnableConfigurableFields"]


@dataclass(frozen=True)
class ConfigurableField:
    """Names a configurable attribute: ``id`` is its key in ``config["configurable"]``."""

    id: str
    name: str | None = None
    description: str | None = None
    annotation: Any = None
    is_shared: bool = False


class RunnableConfigurableFields(Runnable[Input, Output], Generic[Input, Output]):
    """``default``, with ``fields`` (attribute name -> ``ConfigurableField``) settable per call."""

    def __init__(self, *, default: Runnable[Input, Output],
                 fields: Mapping[str, ConfigurableField]) -> None:
        for attribute, field in fields.items():
            if not isinstance(field, ConfigurableField):
                raise TypeError(f"configurable_fields({attribute}=...) takes a ConfigurableField")
            if not hasattr(default, attribute):
                raise ValueError(f"{type(default).__name__} has no attribute {attribute!r}")
        self.default = default
        self.fields = dict(fields)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("default", "fields"):
            raise AttributeError(name)
        return getattr(self.default, name)

    def prepare(self, config: RunnableConfig | None) -> Runnable[Input, Output]:
        """The runnable this call uses: ``default``, or a copy with the configured values."""
        values = ensure_config(config).get("configurable", {})
        changes = {attr: values[f.id] for attr, f in self.fields.items() if f.id in values}
        if not changes:
            return self.default
        configured = copy.copy(self.default)
        for attribute, value in changes.items():
            setattr(configured, attribute, value)
        return configured

    def invoke(self, input: Input, config: RunnableConfig | None = None, **kwargs: Any) -> Output:
        return self.prepare(config).invoke(input, config, **kwargs)

    async def ainvoke(
        self, input: Input, config: RunnableConfig | None = None, **kwargs: Any
    ) -> Output:
        return await self.prepare(config).ainvoke(input, config, **kwargs)

    def stream(
        self, input: Input, config: RunnableConfig | None = None, **kwargs: Any
    ) -> Iterator[Output]:
        return self.prepare(config).stream(input, config, **kwargs)

    def transform(
        self, input: Iterator[Input], config: RunnableConfig | None = None, **kwargs: Any
    ) -> Iterator[Output]:
        return self.prepare(config).transform(input, config, **kwargs)

    def astream(
        self, input: Input, config: RunnableConfig | None = None, **kwargs: Any
    ) -> AsyncIterator[Output]:
        return self.prepare(config).astream(input, config, **kwargs)

    def atransform(
        self, input: AsyncIterator[Input], config: RunnableConfig | None = None, **kwargs: Any
    ) -> AsyncIterator[Output]:
        return self.prepare(config).atransform(input, config, **kwargs)
