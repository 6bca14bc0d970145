"""Message chunks, fakes, prompt pieces, retrievers, tools and model runs as in LangChain (issue 14)."""

from __future__ import annotations

import asyncio
import gc
import json
import time
import warnings
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from chunkwise.models import (
    AIMessage,
    AIMessageChunk,
    BaseChatModel,
    BaseRetriever,
    ChatMessageChunk,
    ChatPromptTemplate,
    Document,
    FakeListChatModel,
    FakeListLLM,
    FakeMessagesListChatModel,
    FakeStreamingListLLM,
    FunctionMessageChunk,
    GenericFakeChatModel,
    HumanMessage,
    HumanMessageChunk,
    MessagesPlaceholder,
    ParrotFakeChatModel,
    PromptTemplate,
    SystemMessagePromptTemplate,
    add_usage,
    merge_dicts,
    merge_lists,
    message_chunk_to_message,
    tool,
    tool_call_chunk,
)
from chunkwise.parsers import JsonOutputParser
from chunkwise.runnables import BaseCallbackHandler, RunnableConfig, RunnableLambda
from tests.runnables.helpers import collect, events


# ---- messages ------------------------------------------------------------------------
def test_usage_adds_up_and_non_int_counts_raise() -> None:
    one = {"input_tokens": 1, "output_tokens": 2, "total_tokens": 3,
           "input_token_details": {"cache_read": 1}}
    total = AIMessageChunk("", usage_metadata=one) + AIMessageChunk("", usage_metadata=one)  # type: ignore[arg-type]
    assert total.usage_metadata == {"input_tokens": 2, "output_tokens": 4, "total_tokens": 6,
                                    "input_token_details": {"cache_read": 2}}
    assert (AIMessageChunk("") + AIMessageChunk("", usage_metadata=one)).usage_metadata == one  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Unknown value types"):
        add_usage({**one, "input_token_details": {"x": 0.5}},  # type: ignore[typeddict-item]
                  {**one, "input_token_details": {"x": 0.5}})  # type: ignore[typeddict-item]


def test_chunk_position_and_ids_of_a_sum() -> None:
    total = AIMessageChunk("a", id="run-1") + AIMessageChunk("b", id="msg_1",
                                                             chunk_position="last")
    assert (total.content, total.id, total.chunk_position) == ("ab", "msg_1", "last")
    assert (AIMessageChunk("", id="run-2") + AIMessageChunk("")).id == "run-2"


def test_chunk_classes_add_up_as_their_left_operand() -> None:
    assert HumanMessageChunk("I ") + AIMessageChunk("am") == HumanMessageChunk("I am")
    assert AIMessageChunk("I ") + HumanMessageChunk("am") == AIMessageChunk("I am")
    assert message_chunk_to_message(HumanMessageChunk("hi")) == HumanMessage("hi")
    with pytest.raises(ValueError, match="different roles"):
        ChatMessageChunk("a", role="user") + ChatMessageChunk("b", role="bot")
    with pytest.raises(ValueError, match="different names"):
        FunctionMessageChunk("a", name="f") + FunctionMessageChunk("b", name="g")
    assert message_chunk_to_message(AIMessage("x")) == AIMessage("x")  # not a chunk: as is


def test_conflicting_metadata_raises_and_lists_merge_by_index() -> None:
    with pytest.raises(TypeError, match="different types"):
        merge_dicts({"a": 1}, {"a": "1"})
    with pytest.raises(TypeError, match="unsupported type"):
        merge_dicts({"flag": True}, {"flag": False})
    assert merge_dicts({"n": 1, "index": 0}, {"n": 2, "index": 1}) == {"n": 3, "index": 1}
    assert merge_dicts({"a": {"b": "x"}}, {"a": {"b": "y"}}) == {"a": {"b": "xy"}}
    assert merge_lists([{"index": 0, "t": "a"}], [{"index": 0, "t": "b"}, "c"]) == [
        {"index": 0, "t": "ab"}, "c"]
    assert merge_lists(None, None) is None


def test_tool_calls_and_chunks_carry_their_type_keys() -> None:
    message = AIMessage("", tool_calls=[{"name": "f", "args": {"a": 1}, "id": "1"}])  # type: ignore[typeddict-item]
    assert message.tool_calls[0]["type"] == "tool_call"
    chunk = AIMessageChunk("", tool_calls=message.tool_calls)
    assert chunk.tool_call_chunks == [tool_call_chunk(name="f", args='{"a": 1}', id="1")]
    assert chunk.tool_call_chunks[0]["type"] == "tool_call_chunk"
    openai = AIMessageChunk("", additional_kwargs={"tool_calls": [
        {"index": 0, "id": "c", "function": {"name": "g", "arguments": '{"b"'}}]})
    more = openai + AIMessageChunk("", additional_kwargs={"tool_calls": [
        {"index": 0, "function": {"arguments": ": 2}"}}]})
    assert more.tool_calls == [{"name": "g", "args": {"b": 2}, "id": "c", "type": "tool_call"}]


# ---- fakes ---------------------------------------------------------------------------
def test_langchains_fakes() -> None:
    chat = FakeListChatModel(responses=["ab", "c"])
    chunks = list(chat.stream("?"))
    assert [(c.content, c.chunk_position) for c in chunks] == [("a", None), ("b", "last")]
    assert chat.invoke("?").content == "c"
    parrot = ParrotFakeChatModel()
    assert parrot.invoke([("ai", "blah")]).content == "blah"
    with pytest.raises(IndexError):
        FakeListLLM(responses=["only"], i=1).invoke("?")
    slow = FakeMessagesListChatModel(responses=[AIMessage("A")], sleep=0.05)
    start = time.perf_counter()
    assert slow.invoke("?").content == "A"
    assert time.perf_counter() - start >= 0.05


def test_fake_list_chat_model_batch_keeps_the_order() -> None:
    for _ in range(5):
        chat = FakeListChatModel(responses=["a", "b", "c"])
        assert [m.content for m in chat.batch(["1", "2", "3"])] == ["a", "b", "c"]


def test_generic_fake_streams_additional_kwargs_key_by_key() -> None:
    message = AIMessage("", additional_kwargs={"function_call": {"name": "f", "arguments": "a,b"}})
    model = GenericFakeChatModel(messages=iter([message]))
    chunks = list(model.stream("?"))
    assert [c.additional_kwargs for c in chunks] == [
        {"function_call": {"name": "f"}}, {"function_call": {"arguments": "a"}},
        {"function_call": {"arguments": ","}}, {"function_call": {"arguments": "b"}}, {}]
    assert chunks[-1].chunk_position == "last"


def test_fake_streaming_list_llm_sleeps_and_hands_its_answer_on() -> None:
    llm = FakeStreamingListLLM(responses=["abc"], sleep=0.02)
    start = time.perf_counter()
    assert list(llm.stream("?")) == ["a", "b", "c"]
    assert time.perf_counter() - start >= 0.05


# ---- prompts -------------------------------------------------------------------------
def test_message_templates_partials_and_placeholders() -> None:
    prompt = (SystemMessagePromptTemplate.from_template("Be {mood}.") + "{q}"
              + MessagesPlaceholder("history", optional=True, n_messages=1))
    assert isinstance(prompt, ChatPromptTemplate)
    assert prompt.input_variables == ["mood", "q"]
    value = prompt.partial(mood=lambda: "kind").invoke(
        {"q": "hi", "history": [("human", "old"), ("ai", "new")]})
    assert [m.text for m in value.to_messages()] == ["Be kind.", "hi", "new"]
    template = PromptTemplate.from_template("{a}-{b}", partial_variables={"b": "2"})
    assert template.invoke({"a": "1"}).to_string() == "1-2"
    assert (template + "!").format(a="x") == "x-2!"


# ---- retrievers and tools -----------------------------------------------------------
class HardCoded(BaseRetriever):
    documents: list[Document]
    k: int = 1

    def _get_relevant_documents(self, query: str, *, run_manager: Any) -> list[Document]:
        child = run_manager.get_child()
        RunnableLambda(lambda x: x, name="inside").invoke(query, {"callbacks": child})
        return self.documents[: self.k]


def test_retrievers_take_fields_and_a_run_manager() -> None:
    retriever = HardCoded(documents=[Document("a"), Document("b")])
    assert retriever.invoke("q") == [Document("a")]
    seen = events(retriever, "q")
    assert [(e["event"], e["name"]) for e in seen] == [
        ("on_retriever_start", "HardCoded"), ("on_chain_start", "inside"),
        ("on_chain_end", "inside"), ("on_retriever_end", "HardCoded")]
    assert seen[1]["parent_ids"] == [seen[0]["run_id"]]
    with pytest.raises(TypeError, match="needs the field 'documents'"):
        HardCoded()
    with pytest.raises(TypeError, match="no field"):
        HardCoded(documents=[], colour="red")


def test_tool_errors_are_events_and_callbacks_are_injected() -> None:
    @tool
    def failing(x: int) -> int:
        """Always fails."""
        raise ValueError("tool failed")

    async def run() -> list[Any]:
        seen: list[Any] = []
        with pytest.raises(ValueError):
            async for event in failing.astream_events(
                    {"name": "failing", "args": {"x": 1}, "id": "call-9", "type": "tool_call"}):
                seen.append(event)
        return seen

    seen = asyncio.run(run())
    assert [e["event"] for e in seen] == ["on_tool_start", "on_tool_error"]
    assert seen[-1]["data"]["tool_call_id"] == "call-9"
    assert seen[-1]["data"]["input"] == {"x": 1}

    @tool
    def nested(query: str, callbacks: Any) -> str:
        """Calls a runnable with the tool's callbacks."""
        return RunnableLambda(lambda q: q.upper(), name="upper").invoke(
            query, {"callbacks": callbacks})

    assert nested.args_schema.model_json_schema()["required"] == ["query"]
    names = [e["name"] for e in events(nested, {"query": "q"}) if e["event"].endswith("start")]
    assert names == ["nested", "upper"]


# ---- model runs ---------------------------------------------------------------------
def test_chat_model_runs_have_langchains_shapes_and_metadata() -> None:
    model = GenericFakeChatModel(messages=iter(["hello world"] * 2)).bind(stop=["!"])

    def calls(x: str, config: RunnableConfig) -> Any:
        return model.invoke(x, config)  # invoked, yet its tokens are events

    seen = events(RunnableLambda(calls), "hi")
    start = next(e for e in seen if e["event"] == "on_chat_model_start")
    assert start["data"] == {"input": {"messages": [[HumanMessage("hi")]]}}
    assert start["metadata"]["ls_model_type"] == "chat" and start["metadata"]["ls_stop"] == ["!"]
    tokens = [e["data"]["chunk"].content for e in seen if e["event"] == "on_chat_model_stream"]
    assert tokens == ["hello", " ", "world"]
    end = next(e for e in seen if e["event"] == "on_chat_model_end")
    assert type(end["data"]["output"]) is AIMessage


def test_handlers_get_tokens_and_the_llm_result() -> None:
    class Tokens(BaseCallbackHandler):
        def __init__(self) -> None:
            self.tokens: list[str] = []
            self.text = ""
            self.prompts: Any = None

        def on_chat_model_start(self, serialized: Any, messages: Any, **kw: Any) -> None:
            self.prompts = messages

        def on_llm_new_token(self, token: str, **kw: Any) -> None:
            self.tokens.append(token)

        def on_llm_end(self, response: Any, **kw: Any) -> None:
            self.text = response.generations[0][0].text

    handler = Tokens()
    model = GenericFakeChatModel(messages=iter(["a b"]))
    assert [c.content for c in model.stream("q", {"callbacks": [handler]})] == ["a", " ", "b"]
    assert (handler.tokens, handler.text) == (["a", " ", "b"], "a b")
    assert handler.prompts == [[HumanMessage("q")]]


class Slow(BaseChatModel):
    """A model whose async stream records when it is closed."""

    def __init__(self) -> None:
        self.closed = 0

    async def _astream(self, messages: Any, **kwargs: Any) -> AsyncIterator[str]:
        try:
            yield "{"
            yield '"a": 1'
            for _ in range(1000):
                yield " "
                await asyncio.sleep(0)
        finally:
            self.closed += 1


def test_the_models_generator_is_closed_at_once_after_aclose_or_a_parser_error() -> None:
    model = Slow()

    async def close_early() -> list[int]:
        closed = []
        for _ in range(10):
            stream = (ChatPromptTemplate.from_template("{q}") | model).astream({"q": "x"})
            await anext(stream)
            await stream.aclose()
            closed.append(model.closed)  # closed by aclose itself, not later by the loop
        return closed

    assert asyncio.run(close_early()) == list(range(1, 11))

    class Broken(BaseChatModel):
        def _stream(self, messages: Any, **kwargs: Any) -> Iterator[str]:
            yield '{"a": '
            yield "]"

    async def parse_error() -> None:
        with pytest.raises(Exception, match="."):
            await collect((model | _fail_on_space).astream("x"))
        with pytest.raises(Exception, match="."):
            await collect((Broken() | JsonOutputParser()).astream("x"))

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Task was destroyed but it is pending!" included
        asyncio.run(parse_error())
        gc.collect()
    assert model.closed == 11


async def _fail_on_space(chunks: AsyncIterator[Any]) -> AsyncIterator[Any]:
    async for chunk in chunks:  # a step that fails mid-stream, the model still streaming
        if chunk.content == " ":
            raise ValueError(f"stop at {json.dumps(chunk.content)}")
        yield chunk


def test_tool_and_retriever_handlers_get_langchains_calls() -> None:
    class Calls(BaseCallbackHandler):
        def __init__(self) -> None:
            self.calls: list[tuple[str, Any]] = []

        def on_tool_start(self, serialized: Any, input_str: str, **kw: Any) -> None:
            self.calls.append(("tool_start", kw["inputs"]))

        def on_tool_end(self, output: Any, **kw: Any) -> None:
            self.calls.append(("tool_end", output))

        def on_tool_error(self, error: BaseException, **kw: Any) -> None:
            self.calls.append(("tool_error", str(error)))

        def on_retriever_start(self, serialized: Any, query: str, **kw: Any) -> None:
            self.calls.append(("retriever_start", query))

        def on_retriever_end(self, documents: Any, **kw: Any) -> None:
            self.calls.append(("retriever_end", len(documents)))

    @tool
    def half(x: int) -> float:
        """Half of x, if x is not zero."""
        if x == 0:
            raise ValueError("zero")
        return x / 2

    calls = Calls()
    assert half.invoke({"x": 4}, {"callbacks": [calls]}) == 2
    with pytest.raises(ValueError):
        half.invoke({"x": 0}, {"callbacks": [calls]})
    HardCoded(documents=[Document("a")]).invoke("q", {"callbacks": [calls]})
    assert calls.calls == [("tool_start", {"x": 4}), ("tool_end", 2), ("tool_start", {"x": 0}),
                           ("tool_error", "zero"), ("retriever_start", "q"), ("retriever_end", 1)]


def test_a_handler_with_only_on_llm_start_hears_chat_models_as_text() -> None:
    class Prompts(BaseCallbackHandler):
        def __init__(self) -> None:
            self.prompts: list[Any] = []

        def on_llm_start(self, serialized: Any, prompts: list[str], **kw: Any) -> None:
            self.prompts.append(prompts)

    class Refuses(Prompts):
        def on_chat_model_start(self, serialized: Any, messages: Any, **kw: Any) -> None:
            raise NotImplementedError  # LangChain's way of asking for the text form

    for handler in (Prompts(), Refuses()):
        GenericFakeChatModel(messages=iter(["ok"])).invoke([("system", "s"), ("human", "h")],
                                                           {"callbacks": [handler]})
        assert handler.prompts == [["System: s\nHuman: h"]]
