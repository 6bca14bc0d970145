"""Prompt templates: runnables (``run_type = "prompt"``) from a dict of variables to a
prompt value.

Templates use ``str.format`` syntax (``{topic}``; ``{{`` for a literal brace). A
template with exactly one variable also accepts that variable's value directly
(``prompt.invoke("bears")``). A missing variable raises ``MissingVariablesError``
(a ``KeyError``) naming it. ``partial_variables`` (or ``.partial(name=value)``) fill
variables in advance (a callable is called at each format). Fed by a stream, a
prompt waits for its whole input (the chunks added with ``+``), then emits one
prompt value. Templates add up with ``+``: ``SystemMessagePromptTemplate.from_template(
"...") + "{question}"`` is a chat template of two messages.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any, Union

from chunkwise.models.convert import MessageLike, coerce_to_message
from chunkwise.models.message_templates import (
    AIMessagePromptTemplate,
    BaseMessagePromptTemplate,
    ChatMessagePromptTemplate,
    HumanMessagePromptTemplate,
    MessagesPlaceholder,
    SystemMessagePromptTemplate,
    resolved,
    template_variables,
)
from chunkwise.models.messages import BaseMessage
from chunkwise.models.prompt_values import ChatPromptValue, StringPromptValue
from chunkwise.runnables import Runnable, RunnableConfig

__all__ = ["ChatPromptTemplate", "MissingVariablesError", "PromptTemplate"]


class MissingVariablesError(KeyError):
    """The input of a prompt lacks variables the template needs (``missing``)."""

    def __init__(self, prompt: str, missing: list[str], expected: list[str],
                 received: list[str]) -> None:
        super().__init__(missing)
        self.missing = missing
        self.message = (f"Input to {prompt} is missing variables {missing}. "
                        f"Expected: {expected} Received: {received}")

    def __str__(self) -> str:
        return self.message


class _BasePromptTemplate(Runnable[Any, Any]):
    """Input handling shared by the templates: one-variable shorthand, missing check."""

    run_type = "prompt"
    input_variables: list[str]
    partial_variables: dict[str, Any]

    def _variables(self, input: Any) -> dict[str, Any]:
        if not isinstance(input, Mapping):
            if len(self.input_variables) == 1:
                input = {self.input_variables[0]: input}
            else:
                raise TypeError(
                    f"{type(self).__name__} expects a dict of variables "
                    f"{self.input_variables}, got {type(input).__name__}"
                )
        missing = [name for name in self.input_variables if name not in input]
        if missing:
            raise MissingVariablesError(type(self).__name__, missing,
                                        self.input_variables, sorted(input))
        return {**resolved(self.partial_variables), **input}

    def partial(self, **variables: Any) -> Any:
        """A copy with ``variables`` filled in advance."""
        filled = copy.copy(self)
        filled.partial_variables = {**self.partial_variables, **variables}
        filled.input_variables = [v for v in self.input_variables if v not in variables]
        return filled


class PromptTemplate(_BasePromptTemplate):
    """A string template; ``invoke`` gives a ``StringPromptValue``."""

    def __init__(
        self,
        template: str,
        partial_variables: Mapping[str, Any] | None = None,
        *,
        input_variables: Sequence[str] | None = None,
        validate_template: bool = False,
    ) -> None:
        """``input_variables`` is accepted as LangChain accepts it: the variables are the
        template's own; with ``validate_template=True`` a list that differs is an error."""
        self.template = template
        self.partial_variables = dict(partial_variables or {})
        self.input_variables = [v for v in template_variables(template)
                                if v not in self.partial_variables]
        if validate_template and input_variables is not None and set(input_variables) != set(self.input_variables):
            raise ValueError(f"input_variables {list(input_variables)} do not match the template's "
                             f"variables {self.input_variables}")

    @classmethod
    def from_template(cls, template: str,
                      partial_variables: Mapping[str, Any] | None = None) -> PromptTemplate:
        """The template for ``template`` (e.g. ``"tell me a joke about {topic}"``)."""
        return cls(template, partial_variables)

    def format(self, **variables: Any) -> str:
        """The template filled in."""
        return self.template.format(**self._variables(variables))

    def _invoke(self, input: Any, config: RunnableConfig, **kwargs: Any) -> StringPromptValue:
        return StringPromptValue(self.template.format(**self._variables(input)))

    def __add__(self, other: PromptTemplate | str) -> PromptTemplate:
        if isinstance(other, str):
            other = PromptTemplate(other)
        if not isinstance(other, PromptTemplate):
            return NotImplemented
        return PromptTemplate(self.template + other.template,
                              {**self.partial_variables, **other.partial_variables})

    def __repr__(self) -> str:
        return f"PromptTemplate(template={self.template!r})"


_Part = Union[BaseMessage, MessagesPlaceholder, BaseMessagePromptTemplate]
_ROLES = {"human": "human", "user": "human", "ai": "ai", "assistant": "ai",
          "system": "system", "developer": "system"}


def _part(message: Any) -> _Part:
    if isinstance(message, (BaseMessage, MessagesPlaceholder, BaseMessagePromptTemplate)):
        return message
    if isinstance(message, str):
        return _template("human", message)
    if isinstance(message, (tuple, list)) and len(message) == 2 and isinstance(message[1], str):
        role, text = message[0], message[1]
        if role == "placeholder":  # LangChain's ("placeholder", "{history}")
            names = template_variables(text)
            if len(names) != 1 or text.strip() != "{" + names[0] + "}":
                raise ValueError(f"a placeholder is written '{{name}}', got {text!r}")
            return MessagesPlaceholder(names[0], optional=True)
        return _template(role, text)
    return coerce_to_message(message)


_KINDS: dict[str, type[BaseMessagePromptTemplate]] = {
    "human": HumanMessagePromptTemplate, "ai": AIMessagePromptTemplate,
    "system": SystemMessagePromptTemplate,
}


def _template(role: str, text: str) -> BaseMessagePromptTemplate:
    if role not in _ROLES:
        return ChatMessagePromptTemplate(text, role=role)
    return _KINDS[_ROLES[role]](text)


class ChatPromptTemplate(_BasePromptTemplate):
    """A list of message templates and placeholders; ``invoke`` gives a ``ChatPromptValue``.

    Messages are written as ``(role, template)`` tuples, template strings (human),
    message templates, messages (kept as they are) or ``MessagesPlaceholder``s.
    """

    def __init__(self, messages: Sequence[MessageLike | _Part],
                 partial_variables: Mapping[str, Any] | None = None) -> None:
        self.messages: list[_Part] = [_part(m) for m in messages]
        self.partial_variables = dict(partial_variables or {})
        names: dict[str, None] = {}
        for part in self.messages:
            names.update(dict.fromkeys(getattr(part, "input_variables", [])))
        self.input_variables = [n for n in names if n not in self.partial_variables]

    @classmethod
    def from_messages(cls, messages: Sequence[MessageLike | _Part]) -> ChatPromptTemplate:
        """The template for ``messages`` (e.g. ``[("system", "..."), ("human", "{q}")]``)."""
        return cls(messages)

    @classmethod
    def from_template(cls, template: str) -> ChatPromptTemplate:
        """A template with one human message."""
        return cls([("human", template)])

    def format_messages(self, **variables: Any) -> list[BaseMessage]:
        """The messages, filled in."""
        return self._format(self._variables(variables))

    def _format(self, variables: Mapping[str, Any]) -> list[BaseMessage]:
        result: list[BaseMessage] = []
        for part in self.messages:
            if isinstance(part, BaseMessage):
                result.append(part)
            else:
                result.extend(part.format_messages(**variables))
        return result

    def _invoke(self, input: Any, config: RunnableConfig, **kwargs: Any) -> ChatPromptValue:
        return ChatPromptValue(self._format(self._variables(input)))

    def __add__(self, other: Any) -> ChatPromptTemplate:
        if isinstance(other, ChatPromptTemplate):
            parts: list[Any] = other.messages
        elif isinstance(other, (list, tuple)) and not (len(other) == 2 and isinstance(other[1], str)):
            parts = list(other)
        else:
            parts = [other]
        return ChatPromptTemplate([*self.messages, *parts],
                                  {**self.partial_variables,
                                   **getattr(other, "partial_variables", {})})

    def __repr__(self) -> str:
        return f"ChatPromptTemplate(input_variables={self.input_variables!r})"
