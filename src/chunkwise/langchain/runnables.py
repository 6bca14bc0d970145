"""``to_langchain`` / ``from_langchain``: runnables across the bridge, streaming both ways.

``to_langchain(runnable)`` is a ``langchain_core`` runnable that runs a chunkwise one:
``invoke``, ``batch``, ``stream``, ``transform`` and their async forms go to
chunkwise's methods, chunks stream through as they come, and LangChain records the
run (callbacks, ``astream_events``, tracing) under the chunkwise runnable's name and
run type, so a chunkwise parser shows as ``on_parser_stream`` events. A chunkwise
sequence becomes a LangChain sequence of its steps, each shown on its own.
``from_langchain(runnable)`` is the reverse: any LangChain runnable -- chat models
included -- as a chunkwise runnable that streams.

What crosses is converted at the top level of each input, output and chunk (a
message, a prompt value, and the messages in a list or in a dict's values), never
deeper (nothing recurses on user data). Closing or cancelling the stream on one side
closes the stream on the other: each adapter closes the iterator it pulled from.
Config crosses as ``tags``, ``metadata``, ``configurable`` and ``recursion_limit``;
each side's callbacks stay on its own side (see docs/langchain.md).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, cast

import langchain_core.messages as lc_messages
import langchain_core.prompt_values as lc_prompts
import langchain_core.runnables as lc
from langchain_core.callbacks import AsyncCallbackManagerForChainRun, CallbackManagerForChainRun
from langchain_core.language_models import BaseChatModel, BaseLLM
from langchain_core.output_parsers import BaseOutputParser
from langchain_core.prompts import BasePromptTemplate
from langchain_core.retrievers import BaseRetriever
from langchain_core.tools import BaseTool

import chunkwise.models as cw_models
import chunkwise.runnables as cw
from chunkwise.langchain.messages import from_langchain_message, to_langchain_message
from chunkwise.runnables.iterators import aclose_iter

__all__ = ["from_langchain", "from_langchain_value", "to_langchain", "to_langchain_value"]

_SHARED_CONFIG = ("tags", "metadata", "configurable", "recursion_limit")


def _one_to_langchain(value: Any) -> Any:
    if isinstance(value, cw_models.BaseMessage):
        return to_langchain_message(value)
    if isinstance(value, cw_models.ChatPromptValue):
        return lc_prompts.ChatPromptValue(messages=[to_langchain_message(m) for m in value.messages])
    if isinstance(value, cw_models.StringPromptValue):
        return lc_prompts.StringPromptValue(text=value.text)
    return value


def _one_from_langchain(value: Any) -> Any:
    if isinstance(value, lc_messages.BaseMessage):
        return from_langchain_message(value)
    if isinstance(value, lc_prompts.ChatPromptValue):
        return cw_models.ChatPromptValue([from_langchain_message(m) for m in value.messages])
    if isinstance(value, lc_prompts.StringPromptValue):
        return cw_models.StringPromptValue(value.text)
    return value


def to_langchain_value(value: Any) -> Any:
    """A chunkwise input, output or chunk as LangChain's (the top level only)."""
    if isinstance(value, list):
        return [_one_to_langchain(item) for item in value]
    if type(value) is dict:
        return {key: _one_to_langchain(item) for key, item in value.items()}
    return _one_to_langchain(value)


def from_langchain_value(value: Any) -> Any:
    """A LangChain input, output or chunk as chunkwise's (the top level only)."""
    if isinstance(value, list):
        return [_one_from_langchain(item) for item in value]
    if isinstance(value, dict):
        return {key: _one_from_langchain(item) for key, item in value.items()}
    return _one_from_langchain(value)


def _shared(config: Any) -> Any:
    """The keys of a config that mean the same on both sides."""
    return {key: config[key] for key in _SHARED_CONFIG if config and config.get(key) is not None}


class ChunkwiseRunnable(lc.Runnable[Any, Any]):
    """A chunkwise runnable as a ``langchain_core`` runnable (see :func:`to_langchain`)."""

    def __init__(self, runnable: cw.Runnable[Any, Any]) -> None:
        self.runnable = runnable
        self.name = runnable.get_name()
        inner = runnable
        while isinstance(inner, cw.RunnableBinding):  # with_config, bind: the bound's kind
            inner = inner.bound
        self.run_type = inner.run_type if inner.run_type in ("parser", "prompt") else "chain"

    def __repr__(self) -> str:
        return f"to_langchain({self.runnable!r})"

    def _call(self, input: Any, run_manager: CallbackManagerForChainRun,
              config: lc.RunnableConfig) -> Any:
        output = self.runnable.invoke(from_langchain_value(input), _shared(config))
        return to_langchain_value(output)

    async def _acall(self, input: Any, run_manager: AsyncCallbackManagerForChainRun,
                     config: lc.RunnableConfig) -> Any:
        output = await self.runnable.ainvoke(from_langchain_value(input), _shared(config))
        return to_langchain_value(output)

    def invoke(self, input: Any, config: lc.RunnableConfig | None = None, **kwargs: Any) -> Any:
        return self._call_with_config(self._call, input, config, run_type=self.run_type)

    async def ainvoke(self, input: Any, config: lc.RunnableConfig | None = None,
                      **kwargs: Any) -> Any:
        return await self._acall_with_config(self._acall, input, config, run_type=self.run_type)

    def _pipe(self, chunks: Iterator[Any], run_manager: CallbackManagerForChainRun,
              config: lc.RunnableConfig) -> Iterator[Any]:
        return _map(to_langchain_value,
                    self.runnable.transform(map(from_langchain_value, chunks), _shared(config)))

    def _apipe(self, chunks: AsyncIterator[Any], run_manager: AsyncCallbackManagerForChainRun,
               config: lc.RunnableConfig) -> AsyncIterator[Any]:
        return _amap(to_langchain_value, self.runnable.atransform(
            _amap(from_langchain_value, chunks), _shared(config)))

    def transform(self, input: Iterator[Any], config: lc.RunnableConfig | None = None,
                  **kwargs: Any) -> Iterator[Any]:
        yield from self._transform_stream_with_config(input, self._pipe, config,
                                                      run_type=self.run_type)

    async def atransform(self, input: AsyncIterator[Any], config: lc.RunnableConfig | None = None,
                         **kwargs: Any) -> AsyncIterator[Any]:
        async for chunk in self._atransform_stream_with_config(input, self._apipe, config,
                                                               run_type=self.run_type):
            yield chunk

    def stream(self, input: Any, config: lc.RunnableConfig | None = None,
               **kwargs: Any) -> Iterator[Any]:
        yield from self.transform(iter((input,)), config, **kwargs)

    async def astream(self, input: Any, config: lc.RunnableConfig | None = None,
                      **kwargs: Any) -> AsyncIterator[Any]:
        async def single() -> AsyncIterator[Any]:
            yield input

        async for chunk in self.atransform(single(), config, **kwargs):
            yield chunk


def _map(convert: Callable[[Any], Any], chunks: Iterator[Any]) -> Iterator[Any]:
    """``convert`` each chunk; closing this closes ``chunks`` (cancellation crosses over)."""
    try:
        for chunk in chunks:
            yield convert(chunk)
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()


async def _amap(convert: Callable[[Any], Any], chunks: AsyncIterator[Any]) -> AsyncIterator[Any]:
    """``convert`` each chunk; closing (or cancelling) this closes ``chunks``."""
    try:
        async for chunk in chunks:
            yield convert(chunk)
    finally:
        await aclose_iter(chunks)


class LangChainRunnable(cw.Runnable[Any, Any]):
    """A ``langchain_core`` runnable as a chunkwise runnable (see :func:`from_langchain`)."""

    def __init__(self, runnable: lc.Runnable[Any, Any]) -> None:
        self.runnable = runnable
        self.name = runnable.get_name()

    def __repr__(self) -> str:
        return f"from_langchain({self.runnable!r})"

    def _invoke(self, input: Any, config: cw.RunnableConfig, **kwargs: Any) -> Any:
        output = self.runnable.invoke(to_langchain_value(input), _shared(config), **kwargs)
        return from_langchain_value(output)

    async def _ainvoke(self, input: Any, config: cw.RunnableConfig, **kwargs: Any) -> Any:
        output = await self.runnable.ainvoke(to_langchain_value(input), _shared(config), **kwargs)
        return from_langchain_value(output)

    def _transform(self, input: Iterator[Any], config: cw.RunnableConfig,
                   **kwargs: Any) -> Iterator[Any]:
        return _map(from_langchain_value, self.runnable.transform(
            map(to_langchain_value, input), _shared(config), **kwargs))

    def _atransform(self, input: AsyncIterator[Any], config: cw.RunnableConfig,
                    **kwargs: Any) -> AsyncIterator[Any]:
        return _amap(from_langchain_value, self.runnable.atransform(
            _amap(to_langchain_value, input), _shared(config), **kwargs))


def _kind(run_type: str, models: bool = False) -> type[LangChainRunnable]:
    return type(f"LangChainRunnable[{run_type}]", (LangChainRunnable,),
                {"run_type": run_type, "_aggregates_input": models, "__slots__": ()})


#: The adapter class for each kind of LangChain runnable: its run type names its events.
_KINDS: list[tuple[type[Any], type[LangChainRunnable]]] = [
    (BaseChatModel, _kind("chat_model", models=True)), (BaseLLM, _kind("llm", models=True)),
    (BaseOutputParser, _kind("parser")), (BasePromptTemplate, _kind("prompt")),
    (BaseRetriever, _kind("retriever")), (BaseTool, _kind("tool")),
]


def to_langchain(runnable: cw.Runnable[Any, Any]) -> lc.Runnable[Any, Any]:
    """A chunkwise runnable (or chain) as a ``langchain_core`` runnable that streams; a
    sequence becomes LangChain's sequence of its steps (each its own run in events).
    A runnable that came from LangChain goes back as it was."""
    if isinstance(runnable, LangChainRunnable):
        return runnable.runnable
    if isinstance(runnable, cw.RunnableSequence):
        first, *rest = (to_langchain(step) for step in runnable.steps)
        return cast(lc.Runnable[Any, Any], lc.RunnableSequence(first, *rest, name=runnable.name))
    return ChunkwiseRunnable(runnable)


def from_langchain(runnable: lc.Runnable[Any, Any]) -> cw.Runnable[Any, Any]:
    """Any ``langchain_core`` runnable (chat models, LLMs, parsers, chains...) as a
    chunkwise runnable that streams. A runnable that came from chunkwise goes back as it was."""
    if isinstance(runnable, ChunkwiseRunnable):
        return runnable.runnable
    kind = next((adapter for base, adapter in _KINDS if isinstance(runnable, base)),
                LangChainRunnable)
    return kind(runnable)
