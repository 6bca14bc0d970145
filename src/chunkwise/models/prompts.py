"""Prompt templates: runnables (``run_type = "prompt"``) from a dict of variables to a
prompt value.

Templates use ``str.format`` syntax (``{topic}``; ``{{`` for a literal brace). A
template with exactly one variable also accepts that variable's value directly
(``prompt.invoke("bears")``). A missing variable raises ``MissingVariablesError``
(a ``KeyError``) naming it. Fed by a stream, a prompt waits for its whole input
(the chunks added with ``+``), then emits one prompt value.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from typing import Any, Union

from chunkwise.models.convert import MessageLike, coerce_to_message, convert_to_messages
from chunkwise.models.messages import BaseMessage
from chunkwise.models.prompt_values import ChatPromptValue, StringPromptValue
from chunkwise.runnables import Runnable, RunnableConfig

__all__ = [
    "ChatPromptTemplate",
    "MessagesPlaceholder",
    "MissingVariablesError",
    "PromptTemplate",
]


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


def template_variables(template: str) -> list[str]:
    """The variables a ``str.format`` template uses, in order of first use."""
    names: dict[str, None] = {}
    for _, field, _, _ in string.Formatter().parse(template):
        if field is not None:
            if not field or field.isdigit():
                raise ValueError(f"template fields must be named, got {{{field}}} in {template!r}")
            names[field.split(".")[0].split("[")[0]] = None
    return list(names)


class _BasePromptTemplate(Runnable[Any, Any]):
    """Input handling shared by the templates: one-variable shorthand, missing check."""

    run_type = "prompt"
    input_variables: list[str]

    def _variables(self, input: Any) -> Mapping[str, Any]:
        if not isinstance(input, Mapping):
            if len(self.input_variables) == 1:
                return {self.input_variables[0]: input}
            raise TypeError(
                f"{type(self).__name__} expects a dict of variables "
                f"{self.input_variables}, got {type(input).__name__}"
            )
        missing = [name for name in self.input_variables if name not in input]
        if missing:
            raise MissingVariablesError(type(self).__name__, missing,
                                        self.input_variables, sorted(input))
        return input


class PromptTemplate(_BasePromptTemplate):
    """A string template; ``invoke`` gives a ``StringPromptValue``."""

    def __init__(self, template: str) -> None:
        self.template = template
        self.input_variables = template_variables(template)

    @classmethod
    def from_template(cls, template: str) -> PromptTemplate:
        """The template for ``template`` (e.g. ``"tell me a joke about {topic}"``)."""
        return cls(template)

    def format(self, **variables: Any) -> str:
        """The template filled in."""
        return self.template.format(**self._variables(variables))

    def _invoke(self, input: Any, config: RunnableConfig) -> StringPromptValue:
        return StringPromptValue(self.template.format(**self._variables(input)))

    def __repr__(self) -> str:
        return f"PromptTemplate(template={self.template!r})"


class MessagesPlaceholder:
    """Stands for a list of messages given as the variable ``variable_name``
    (message-likes are accepted: strings, ``(role, text)`` tuples, dicts)."""

    def __init__(self, variable_name: str, *, optional: bool = False) -> None:
        self.variable_name = variable_name
        self.optional = optional

    def __repr__(self) -> str:
        return f"MessagesPlaceholder(variable_name={self.variable_name!r})"


class _MessageTemplate:
    """One message of a chat template: a role and a string template for its content."""

    def __init__(self, role: str, template: str) -> None:
        self.role = role
        self.template = template
        self.input_variables = template_variables(template)

    def format(self, variables: Mapping[str, Any]) -> BaseMessage:
        return coerce_to_message((self.role, self.template.format(**variables)))


_Part = Union[BaseMessage, MessagesPlaceholder, _MessageTemplate]


def _part(message: MessageLike | MessagesPlaceholder) -> _Part:
    if isinstance(message, (BaseMessage, MessagesPlaceholder)):
        return message
    if isinstance(message, str):
        return _MessageTemplate("human", message)
    if isinstance(message, tuple) and len(message) == 2 and isinstance(message[1], str):
        role, text = message[0], message[1]
        if role == "placeholder":  # LangChain's ("placeholder", "{history}")
            names = template_variables(text)
            if len(names) != 1 or text.strip() != "{" + names[0] + "}":
                raise ValueError(f"a placeholder is written '{{name}}', got {text!r}")
            return MessagesPlaceholder(names[0], optional=True)
        return _MessageTemplate(role, text)
    return coerce_to_message(message)


class ChatPromptTemplate(_BasePromptTemplate):
    """A list of message templates and placeholders; ``invoke`` gives a ``ChatPromptValue``.

    Messages are written as ``(role, template)`` tuples, template strings (human),
    messages (kept as they are) or ``MessagesPlaceholder``s.
    """

    def __init__(self, messages: Sequence[MessageLike | MessagesPlaceholder]) -> None:
        self.messages: list[_Part] = [_part(m) for m in messages]
        names: dict[str, None] = {}
        for part in self.messages:
            if isinstance(part, _MessageTemplate):
                names.update(dict.fromkeys(part.input_variables))
            elif isinstance(part, MessagesPlaceholder) and not part.optional:
                names[part.variable_name] = None
        self.input_variables = list(names)

    @classmethod
    def from_messages(
        cls, messages: Sequence[MessageLike | MessagesPlaceholder]
    ) -> ChatPromptTemplate:
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
            if isinstance(part, _MessageTemplate):
                result.append(part.format(variables))
            elif isinstance(part, MessagesPlaceholder):
                value = variables.get(part.variable_name)
                if value is not None:
                    result.extend(convert_to_messages(value))
            else:
                result.append(part)
        return result

    def _invoke(self, input: Any, config: RunnableConfig) -> ChatPromptValue:
        return ChatPromptValue(self._format(self._variables(input)))

    def __repr__(self) -> str:
        return f"ChatPromptTemplate(input_variables={self.input_variables!r})"
