"""A minimal ``tool``: a typed function as a runnable that a model can be told about.

``@tool`` reads the function's signature into a pydantic model (``args_schema``,
whose ``model_json_schema()`` is the JSON schema a model is given), its name into
``name`` and its docstring into ``description``. ``invoke`` takes a dict of
arguments (validated by ``args_schema``), a plain value for a one-argument tool,
or a ``ToolCall`` dict -- then the answer is a ``ToolMessage`` for that call, ready
to send back to the model. ``async def`` functions work too. Events: ``on_tool_*``.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Awaitable, Callable
from typing import Any, overload

import pydantic

from chunkwise.models.messages import ToolMessage
from chunkwise.runnables import Runnable, RunnableConfig
from chunkwise.runnables.bridges import run_coroutine_sync
from chunkwise.runnables.config import var_child_config

__all__ = ["StructuredTool", "tool"]


#: Parameters the tool fills in itself (LangChain's): not arguments a model gives.
INJECTED = ("callbacks", "config", "run_manager")


def _schema_of(func: Callable[..., Any], name: str) -> type[pydantic.BaseModel]:
    hints = typing.get_type_hints(func)
    fields: dict[str, Any] = {}
    for param in inspect.signature(func).parameters.values():
        if param.name in INJECTED:
            continue
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            raise TypeError(f"tool {name!r}: *args and **kwargs cannot be described to a model")
        default = ... if param.default is param.empty else param.default
        fields[param.name] = (hints.get(param.name, Any), default)
    model: type[pydantic.BaseModel] = pydantic.create_model(name, **fields)
    return model


class StructuredTool(Runnable[Any, Any]):
    """A function with a name, a description and an argument schema."""

    run_type = "tool"

    def __init__(
        self,
        func: Callable[..., Any],
        *,
        name: str,
        description: str,
        args_schema: type[pydantic.BaseModel],
    ) -> None:
        self.func = func
        self.name = name
        self.description = description
        self.args_schema = args_schema

    @property
    def args(self) -> dict[str, Any]:
        """The JSON schema of each argument, by name."""
        properties: dict[str, Any] = self.args_schema.model_json_schema().get("properties", {})
        return properties

    def _arguments(self, input: Any) -> tuple[dict[str, Any], str | None]:
        """The validated keyword arguments, and the tool-call id if a ``ToolCall`` came in."""
        call_id = None
        if _is_call(input):
            call_id, input = input.get("id"), input.get("args", {})
        if not isinstance(input, dict):
            names = list(self.args_schema.model_fields)
            if len(names) != 1:
                raise TypeError(f"tool {self.name!r} takes a dict of arguments {names}")
            input = {names[0]: input}
        validated = self.args_schema.model_validate(input)
        return {key: getattr(validated, key) for key in type(validated).model_fields}, call_id

    def _answer(self, result: Any, call_id: str | None) -> Any:
        if call_id is None:
            return result
        content = result if isinstance(result, (str, list)) else str(result)
        return ToolMessage(content, tool_call_id=call_id, name=self.name)

    def _injected(self, config: RunnableConfig) -> dict[str, Any]:
        """``callbacks`` / ``config`` for a function that declares them."""
        wanted = inspect.signature(self.func).parameters
        given = {"callbacks": config.get("callbacks"), "config": config, "run_manager": None}
        return {name: given[name] for name in INJECTED if name in wanted}

    def _run(self, input: Any, config: RunnableConfig) -> tuple[Any, str | None]:
        kwargs, call_id = self._arguments(input)
        token = var_child_config.set(config)  # runnables the function calls nest under the tool
        try:
            return self.func(**kwargs, **self._injected(config)), call_id
        finally:
            var_child_config.reset(token)

    def _invoke(self, input: Any, config: RunnableConfig, **kwargs: Any) -> Any:
        result, call_id = self._run(input, config)
        if inspect.isawaitable(result):  # an async function invoked synchronously
            result = run_coroutine_sync(_awaited(result))
        return self._answer(result, call_id)

    async def _ainvoke(self, input: Any, config: RunnableConfig, **kwargs: Any) -> Any:
        if not inspect.iscoroutinefunction(self.func):
            return await super()._ainvoke(input, config)  # sync function: in the executor
        kwargs, call_id = self._arguments(input)
        token = var_child_config.set(config)
        try:
            result = await self.func(**kwargs, **self._injected(config))
        finally:
            var_child_config.reset(token)
        return self._answer(result, call_id)

    # ---- how its runs look to events and handlers -----------------------------
    def _event_input(self, input: Any) -> Any:
        return input.get("args", {}) if _is_call(input) else input

    def _tool_call_id(self, input: Any) -> str | None:
        """The id of the tool call the input is, if it is one (for ``on_tool_error``)."""
        return input.get("id") if _is_call(input) else None

    def _callback_start(self, input: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
        inputs = self._event_input(input)
        return (str(inputs),), {"inputs": inputs, "tool_call_id": self._tool_call_id(input)}

    def __repr__(self) -> str:
        return f"StructuredTool(name={self.name!r})"


def _is_call(input: Any) -> bool:
    return isinstance(input, dict) and input.get("type") == "tool_call"


async def _awaited(awaitable: Awaitable[Any]) -> Any:
    return await awaitable


def _make_tool(func: Callable[..., Any], name: str | None) -> StructuredTool:
    tool_name = name or func.__name__
    description = inspect.getdoc(func)
    if not description:
        raise ValueError(f"tool {tool_name!r} needs a docstring: it is the model's description")
    return StructuredTool(func, name=tool_name, description=description,
                          args_schema=_schema_of(func, tool_name))


@overload
def tool(func: Callable[..., Any], /) -> StructuredTool: ...


@overload
def tool(name: str, /) -> Callable[[Callable[..., Any]], StructuredTool]: ...


def tool(
    func_or_name: Callable[..., Any] | str, /
) -> StructuredTool | Callable[[Callable[..., Any]], StructuredTool]:
    """``@tool`` or ``@tool("name")``: the decorated typed function as a ``StructuredTool``."""
    if isinstance(func_or_name, str):
        name = func_or_name
        return lambda func: _make_tool(func, name)
    return _make_tool(func_or_name, None)
