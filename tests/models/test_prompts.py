"""Prompt templates and prompt values."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from chunkwise import (
    AIMessage,
    ChatPromptTemplate,
    HumanMessage,
    MessagesPlaceholder,
    PromptTemplate,
    SystemMessage,
)
from chunkwise.models import ChatPromptValue, MissingVariablesError, StringPromptValue


def test_prompt_template() -> None:
    prompt = PromptTemplate.from_template("tell me a joke about {topic} {{literally}}")
    assert prompt.input_variables == ["topic"]
    value = prompt.invoke({"topic": "bears"})
    assert value == StringPromptValue("tell me a joke about bears {literally}")
    assert value.to_string() == "tell me a joke about bears {literally}"
    assert value.to_messages() == [HumanMessage("tell me a joke about bears {literally}")]
    assert prompt.invoke("cats").to_string().startswith("tell me a joke about cats")  # one variable
    assert prompt.format(topic="owls") == "tell me a joke about owls {literally}"


def test_missing_variable_is_named() -> None:
    prompt = PromptTemplate.from_template("{a} and {b}")
    with pytest.raises(MissingVariablesError) as caught:
        prompt.invoke({"a": 1})
    assert isinstance(caught.value, KeyError)
    assert caught.value.missing == ["b"]
    assert str(caught.value) == (
        "Input to PromptTemplate is missing variables ['b']. Expected: ['a', 'b'] Received: ['a']")
    with pytest.raises(TypeError, match="expects a dict"):
        prompt.invoke("x")
    with pytest.raises(ValueError, match="must be named"):
        PromptTemplate.from_template("{}")


def test_chat_prompt_from_messages_with_placeholders() -> None:
    prompt = ChatPromptTemplate.from_messages([
        ("system", "You are {role}."),
        MessagesPlaceholder("history"),
        ("placeholder", "{extra}"),
        ("human", "{question}"),
        AIMessage("fixed"),
    ])
    assert prompt.input_variables == ["role", "history", "question"]
    value = prompt.invoke({"role": "terse", "history": [("human", "hi"), ("ai", "hello")],
                           "question": "why?"})
    assert isinstance(value, ChatPromptValue)
    assert value.to_messages() == [
        SystemMessage("You are terse."), HumanMessage("hi"), AIMessage("hello"),
        HumanMessage("why?"), AIMessage("fixed"),
    ]
    assert value.to_string() == "System: You are terse.\nHuman: hi\nAI: hello\nHuman: why?\nAI: fixed"
    with_extra = prompt.format_messages(role="r", history=[], question="q", extra=["more"])
    assert with_extra[1] == HumanMessage("more")
    with pytest.raises(MissingVariablesError, match=r"missing variables \['history'\]"):
        prompt.invoke({"role": "r", "question": "q"})


def test_chat_prompt_from_template() -> None:
    prompt = ChatPromptTemplate.from_template("tell me a joke about {topic}")
    assert prompt.invoke({"topic": "parrot"}).to_messages() == [
        HumanMessage("tell me a joke about parrot")]


def test_prompt_is_a_runnable_with_prompt_events() -> None:
    prompt = PromptTemplate.from_template("{x}")

    async def main() -> list[Any]:
        return [e async for e in prompt.astream_events({"x": "1"}, version="v2")]

    events = asyncio.run(main())
    assert events[0]["event"] == "on_prompt_start" and events[0]["data"] == {"input": {"x": "1"}}
    assert events[-1]["event"] == "on_prompt_end"
    assert events[-1]["data"]["output"] == StringPromptValue("1")
    assert prompt.batch([{"x": "a"}, {"x": "b"}]) == [StringPromptValue("a"), StringPromptValue("b")]
