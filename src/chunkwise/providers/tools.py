"""What a model is told about a tool or an output schema: name, description, JSON schema.

``bind_tools`` and ``with_structured_output`` accept what LangChain's accept:

* a pydantic model class (its ``title`` or class name, docstring, JSON schema);
* a chunkwise ``@tool`` (``StructuredTool``) or a typed function with a docstring;
* a dict: OpenAI's ``{"type": "function", "function": {...}}``, a bare
  ``{"name", "description", "parameters"}`` function, Anthropic's
  ``{"name", "input_schema"}``, or a JSON schema with a ``title``.

Each provider then shapes the :class:`ToolSpec` its own way.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from chunkwise.models import StructuredTool, tool

__all__ = ["ToolSpec", "tool_spec"]


@dataclass(frozen=True)
class ToolSpec:
    """A tool as the model sees it: ``parameters`` is a JSON schema of an object."""

    name: str
    description: str
    parameters: dict[str, Any]


def _model_spec(model: type[BaseModel]) -> ToolSpec:
    schema = model.model_json_schema()
    name = model.model_config.get("title") or model.__name__
    description = schema.pop("description", None) or inspect.getdoc(model) or ""
    schema.pop("title", None)
    return ToolSpec(name, description, schema)


def _dict_spec(value: dict[str, Any]) -> ToolSpec:
    if value.get("type") == "function" and isinstance(value.get("function"), dict):
        value = value["function"]
    if "name" in value and ("parameters" in value or "input_schema" in value):
        parameters = value.get("parameters", value.get("input_schema")) or {}
        return ToolSpec(value["name"], value.get("description", ""), dict(parameters))
    if "title" in value:  # a JSON schema
        schema = dict(value)
        name = schema.pop("title")
        description = schema.pop("description", "")
        return ToolSpec(name, description, schema)
    if "name" in value:  # a function without parameters
        return ToolSpec(value["name"], value.get("description", ""),
                        {"type": "object", "properties": {}})
    raise ValueError(
        f"cannot describe {value!r:.100} as a tool: a dict needs a 'name' (with 'parameters' "
        "or 'input_schema'), or is a JSON schema with a 'title'")


def tool_spec(value: type[BaseModel] | StructuredTool | Callable[..., Any] | dict[str, Any]
              ) -> ToolSpec:
    """The :class:`ToolSpec` of a pydantic model, a tool, a typed function or a dict."""
    if isinstance(value, type) and issubclass(value, BaseModel):
        return _model_spec(value)
    if isinstance(value, dict):
        return _dict_spec(value)
    if not isinstance(value, StructuredTool):
        if not callable(value):
            raise TypeError(f"cannot describe {value!r} as a tool")
        value = tool(value)
    schema = value.args_schema.model_json_schema()
    schema.pop("title", None)
    return ToolSpec(value.get_name(), value.description or "", schema)
