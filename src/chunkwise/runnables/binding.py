"""``RunnableBinding`` (``bind`` / ``with_config`` / ``with_types``) and ``RunnableEach`` (``map``).

A binding adds no run of its own: each call goes to the bound runnable with the
bound keyword arguments and the bound config merged under the call's (tags
concatenated, metadata merged, the call's values winning). Attributes the binding
does not have are read from the bound runnable.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any, Generic, TypeVar

from chunkwise.runnables.base import Runnable
from chunkwise.runnables.config import RunnableConfig, ensure_config, merge_configs

Input = TypeVar("Input")
Output = TypeVar("Output")

__all__ = ["RunnableBinding", "RunnableEach"]


class RunnableBinding(Runnable[Input, Output], Generic[Input, Output]):
    """``bound`` with ``kwargs`` and ``config`` bound."""

    def __init__(
        self,
        *,
        bound: Runnable[Input, Output],
        kwargs: dict[str, Any] | None = None,
        config: RunnableConfig | None = None,
        custom_input_type: Any = None,
        custom_output_type: Any = None,
    ) -> None:
        if isinstance(bound, RunnableBinding):  # bind(...).bind(...): one binding
            inner: RunnableBinding[Input, Output] = bound
            kwargs = {**inner.kwargs, **(kwargs or {})}
            config = merge_configs(inner.config, config)
            custom_input_type = custom_input_type or inner.custom_input_type
            custom_output_type = custom_output_type or inner.custom_output_type
            bound = inner.bound
        self.bound: Runnable[Input, Output] = bound
        self.kwargs: dict[str, Any] = kwargs or {}
        self.config: RunnableConfig = config or {}
        self.custom_input_type: Any = custom_input_type
        self.custom_output_type: Any = custom_output_type

    def __repr__(self) -> str:
        shown = [f"bound={self.bound!r}"]
        shown += [f"{k}={v!r}" for k, v in (("kwargs", self.kwargs), ("config", self.config)) if v]
        return f"RunnableBinding({', '.join(shown)})"

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "bound":
            raise AttributeError(name)
        return getattr(self.bound, name)

    def get_name(self, suffix: str | None = None, *, name: str | None = None) -> str:
        return self.bound.get_name(suffix, name=name or self.config.get("run_name"))

    def _merged(self, config: RunnableConfig | None) -> RunnableConfig:
        return merge_configs(self.config, ensure_config(config))

    def _kwargs(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        return {**self.kwargs, **kwargs} if self.kwargs else kwargs

    def invoke(self, input: Input, config: RunnableConfig | None = None, **kwargs: Any) -> Output:
        return self.bound.invoke(input, self._merged(config), **self._kwargs(kwargs))

    async def ainvoke(
        self, input: Input, config: RunnableConfig | None = None, **kwargs: Any
    ) -> Output:
        return await self.bound.ainvoke(input, self._merged(config), **self._kwargs(kwargs))

    def batch(self, inputs: Sequence[Input], config: Any = None, *,
              return_exceptions: bool = False, **kwargs: Any) -> list[Any]:
        configs = [self._merged(c) for c in _each(config, len(inputs))]
        return self.bound.batch(inputs, configs, return_exceptions=return_exceptions,
                                **self._kwargs(kwargs))

    async def abatch(self, inputs: Sequence[Input], config: Any = None, *,
                     return_exceptions: bool = False, **kwargs: Any) -> list[Any]:
        configs = [self._merged(c) for c in _each(config, len(inputs))]
        return await self.bound.abatch(inputs, configs, return_exceptions=return_exceptions,
                                       **self._kwargs(kwargs))

    def stream(
        self, input: Input, config: RunnableConfig | None = None, **kwargs: Any
    ) -> Iterator[Output]:
        return self.bound.stream(input, self._merged(config), **self._kwargs(kwargs))

    def transform(
        self, input: Iterator[Input], config: RunnableConfig | None = None, **kwargs: Any
    ) -> Iterator[Output]:
        return self.bound.transform(input, self._merged(config), **self._kwargs(kwargs))

    def astream(
        self, input: Input, config: RunnableConfig | None = None, **kwargs: Any
    ) -> AsyncIterator[Output]:
        return self.bound.astream(input, self._merged(config), **self._kwargs(kwargs))

    def atransform(
        self, input: AsyncIterator[Input], config: RunnableConfig | None = None, **kwargs: Any
    ) -> AsyncIterator[Output]:
        return self.bound.atransform(input, self._merged(config), **self._kwargs(kwargs))


def _each(config: Any, n: int) -> list[RunnableConfig | None]:
    if config is None or isinstance(config, dict):
        return [config] * n  # type: ignore[list-item]
    return list(config)


class RunnableEach(Runnable[list[Input], list[Output]], Generic[Input, Output]):
    """``bound`` applied to every item of a list (``runnable.map()``), as one batch."""

    def __init__(self, *, bound: Runnable[Input, Output]) -> None:
        self.bound = bound

    def get_name(self, suffix: str | None = None, *, name: str | None = None) -> str:
        return name or self.name or f"RunnableEach<{self.bound.get_name()}>"

    def __repr__(self) -> str:
        return f"{self.bound!r}.map()"

    def _invoke(self, input: list[Input], config: RunnableConfig, **kwargs: Any) -> list[Output]:
        return self.bound.batch(input, [config] * len(input), **kwargs)

    async def _ainvoke(
        self, input: list[Input], config: RunnableConfig, **kwargs: Any
    ) -> list[Output]:
        return await self.bound.abatch(input, [config] * len(input), **kwargs)

    def astream_events(self, input: Any, config: Any = None, **kwargs: Any) -> Any:
        """Not supported, as in LangChain (each item is a separate run of ``bound``)."""
        raise NotImplementedError("RunnableEach does not support astream_events")
