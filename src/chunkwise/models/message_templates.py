"""Templates of one message: ``SystemMessagePromptTemplate``, ``HumanMessagePromptTemplate``,
``AIMessagePromptTemplate``, ``ChatMessagePromptTemplate`` and ``MessagesPlaceholder``.

They are the parts of a ``ChatPromptTemplate``; ``part + "..."`` (or ``+`` another
part, a message or a chat template) builds one.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from chunkwise.models.convert import coerce_to_message, convert_to_messages
from chunkwise.models.messages import BaseMessage, ChatMessage

if TYPE_CHECKING:
    from chunkwise.models.prompts import ChatPromptTemplate

__all__ = [
    "AIMessagePromptTemplate",
    "BaseMessagePromptTemplate",
    "ChatMessagePromptTemplate",
    "HumanMessagePromptTemplate",
    "MessagesPlaceholder",
    "SystemMessagePromptTemplate",
    "template_variables",
]


def template_variables(template: str) -> list[str]:
    """The variables a ``str.format`` template uses, in order of first use."""
    names: dict[str, None] = {}
    for _, field, _, _ in string.Formatter().parse(template):
        if field is not None:
            if not field or field.isdigit():
                raise ValueError(f"template fields must be named, got {{{field}}} in {template!r}")
            names[field.split(".")[0].split("[")[0]] = None
    return list(names)


def resolved(partials: Mapping[str, Any]) -> dict[str, Any]:
    """Partial variables with callables called (LangChain's ``partial(date=today)``)."""
    return {k: v() if callable(v) else v for k, v in partials.items()}


class _Composable:
    """``+`` of chat prompt parts builds a ``ChatPromptTemplate``."""

    def __add__(self, other: Any) -> ChatPromptTemplate:
        from chunkwise.models.prompts import ChatPromptTemplate

        template: ChatPromptTemplate = ChatPromptTemplate([self]) + other  # type: ignore[list-item]
        return template


class BaseMessagePromptTemplate(_Composable):
    """One message whose content is a ``str.format`` template; ``role`` names its kind."""

    role: ClassVar[str] = "human"

    def __init__(self, template: str,
                 partial_variables: Mapping[str, Any] | None = None) -> None:
        self.template = template
        self.partial_variables = dict(partial_variables or {})
        self.input_variables = [v for v in template_variables(template)
                                if v not in self.partial_variables]

    @classmethod
    def from_template(cls, template: str, partial_variables: Mapping[str, Any] | None = None,
                      **kwargs: Any) -> BaseMessagePromptTemplate:
        """The message template for ``template`` (e.g. ``"You are a {style} assistant."``)."""
        return cls(template, partial_variables, **kwargs)

    def _message(self, text: str) -> BaseMessage:
        return coerce_to_message((self.role, text))

    def format(self, **variables: Any) -> BaseMessage:
        """The message, filled in."""
        return self._message(self.template.format(**resolved(self.partial_variables), **variables))

    def format_messages(self, **variables: Any) -> list[BaseMessage]:
        return [self.format(**variables)]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(template={self.template!r})"


class HumanMessagePromptTemplate(BaseMessagePromptTemplate):
    """A human message template."""

    role = "human"


class SystemMessagePromptTemplate(BaseMessagePromptTemplate):
    """A system message template."""

    role = "system"


class AIMessagePromptTemplate(BaseMessagePromptTemplate):
    """An AI message template."""

    role = "ai"


class ChatMessagePromptTemplate(BaseMessagePromptTemplate):
    """A message template with an arbitrary ``role``."""

    def __init__(self, template: str, partial_variables: Mapping[str, Any] | None = None,
                 *, role: str) -> None:
        super().__init__(template, partial_variables)
        self.role = role  # type: ignore[misc]

    def _message(self, text: str) -> BaseMessage:
        return ChatMessage(text, role=self.role)


class MessagesPlaceholder(_Composable):
    """Stands for a list of messages given as the variable ``variable_name``
    (message-likes are accepted: strings, ``(role, text)`` tuples, dicts); ``optional``
    ones may be left out, ``n_messages`` keeps only the last n."""

    def __init__(self, variable_name: str, *, optional: bool = False,
                 n_messages: int | None = None) -> None:
        self.variable_name = variable_name
        self.optional = optional
        self.n_messages = n_messages
        self.input_variables = [] if optional else [variable_name]

    def format_messages(self, **variables: Any) -> list[BaseMessage]:
        value = variables.get(self.variable_name)
        if value is None:
            return []
        messages = convert_to_messages(value)
        return messages[-self.n_messages:] if self.n_messages else messages

    def __repr__(self) -> str:
        return f"MessagesPlaceholder(variable_name={self.variable_name!r})"
