"""``RunnableWithFallbacks`` (``with_fallbacks``): try other runnables when one fails.

The runnable runs first; if it raises one of ``exceptions_to_handle``, each fallback
is tried in turn on the same input (with ``exception_key``, the input dict gets the
last error under that key). If all fail, the first error is raised. Streaming, a
fallback takes over only if the error comes before the first chunk: once a chunk
has been handed on, the error propagates. Methods of the runnable that return
runnables (``bind_tools``...) are applied to every fallback too.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any, Generic, TypeVar

from chunkwise.runnables.aggregate import acombine, combine
from chunkwise.runnables.base import Runnable
from chunkwise.runnables.config import RunnableConfig
from chunkwise.runnables.iterators import aclose_iter, close_iter

Input = TypeVar("Input")
Output = TypeVar("Output")

__all__ = ["RunnableWithFallbacks"]


class RunnableWithFallbacks(Runnable[Input, Output], Generic[Input, Output]):
    """``runnable``, then ``fallbacks`` in order, until one does not raise."""

    _aggregates_input = True

    def __init__(
        self,
        *,
        runnable: Runnable[Input, Output],
        fallbacks: Sequence[Runnable[Input, Output]],
        exceptions_to_handle: tuple[type[BaseException], ...] = (Exception,),
        exception_key: str | None = None,
    ) -> None:
        self.runnable = runnable
        self.fallbacks = list(fallbacks)
        self.exceptions_to_handle = exceptions_to_handle
        self.exception_key = exception_key

    @property
    def runnables(self) -> Iterator[Runnable[Input, Output]]:
        yield self.runnable
        yield from self.fallbacks

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("runnable", "fallbacks"):
            raise AttributeError(name)
        attribute = getattr(self.runnable, name)
        if not _returns_runnable(attribute):
            return attribute

        def on_each(*args: Any, **kwargs: Any) -> RunnableWithFallbacks[Any, Any]:
            return RunnableWithFallbacks(
                runnable=attribute(*args, **kwargs),
                fallbacks=[getattr(f, name)(*args, **kwargs) for f in self.fallbacks],
                exceptions_to_handle=self.exceptions_to_handle, exception_key=self.exception_key)

        return on_each

    def _attempts(
        self, input: Any, errors: list[BaseException]
    ) -> Iterator[tuple[Runnable[Input, Output], Any]]:
        """Each runnable with its input (with ``exception_key``: ``errors[-1]`` added)."""
        if self.exception_key is not None and not isinstance(input, dict):
            raise TypeError(f"with exception_key the input must be a dict, got {type(input).__name__}")
        for runnable in self.runnables:
            yield runnable, input
            if self.exception_key is not None:
                input = {**input, self.exception_key: errors[-1]}

    def batch(self, inputs: Sequence[Input], config: Any = None, *,
              return_exceptions: bool = False, **kwargs: Any) -> list[Any]:
        """``invoke`` per input; an input whose tries all fail gets the *last* error (as
        LangChain's batch does; ``invoke`` raises the first)."""
        return super().batch(inputs, config, return_exceptions=return_exceptions,
                             _raise_last=True, **kwargs)

    async def abatch(self, inputs: Sequence[Input], config: Any = None, *,
                     return_exceptions: bool = False, **kwargs: Any) -> list[Any]:
        """``ainvoke`` per input, the last error for inputs whose tries all fail."""
        return await super().abatch(inputs, config, return_exceptions=return_exceptions,
                                    _raise_last=True, **kwargs)

    def _invoke(self, input: Input, config: RunnableConfig, _raise_last: bool = False,
                **kwargs: Any) -> Output:
        errors: list[BaseException] = []
        for runnable, item in self._attempts(input, errors):
            try:
                return runnable.invoke(item, config, **kwargs)
            except self.exceptions_to_handle as exc:
                errors.append(exc)
        raise errors[-1 if _raise_last else 0]

    async def _ainvoke(self, input: Input, config: RunnableConfig, _raise_last: bool = False,
                       **kwargs: Any) -> Output:
        errors: list[BaseException] = []
        for runnable, item in self._attempts(input, errors):
            try:
                return await runnable.ainvoke(item, config, **kwargs)
            except self.exceptions_to_handle as exc:
                errors.append(exc)
        raise errors[-1 if _raise_last else 0]

    def _transform(self, input: Iterator[Input], config: RunnableConfig,
                   **kwargs: Any) -> Iterator[Output]:
        whole = combine(input)
        errors: list[BaseException] = []
        for runnable, item in self._attempts(whole, errors):
            stream = runnable.stream(item, config, **kwargs)
            try:
                head = next(stream)
            except StopIteration:
                return
            except self.exceptions_to_handle as exc:
                errors.append(exc)
                close_iter(stream)
                continue
            try:
                yield head
                yield from stream
            finally:
                close_iter(stream)
            return
        raise errors[0]

    async def _atransform(self, input: AsyncIterator[Input], config: RunnableConfig,
                          **kwargs: Any) -> AsyncIterator[Output]:
        whole = await acombine(input)
        errors: list[BaseException] = []
        for runnable, item in self._attempts(whole, errors):
            stream = runnable.astream(item, config, **kwargs)
            try:
                head = await anext(stream)
            except StopAsyncIteration:
                return
            except self.exceptions_to_handle as exc:
                errors.append(exc)
                await aclose_iter(stream)
                continue
            try:
                yield head
                async for chunk in stream:
                    yield chunk
            finally:
                await aclose_iter(stream)
            return
        raise errors[0]


def _returns_runnable(attribute: Any) -> bool:
    if not callable(attribute) or isinstance(attribute, Runnable):
        return False
    try:
        annotation = inspect.signature(attribute).return_annotation
    except (TypeError, ValueError):
        return False
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    return "Runnable" in str(text) or (isinstance(annotation, type) and issubclass(annotation, Runnable))
