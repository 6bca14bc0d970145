"""JsonOutputParser: the guide's chain examples, views, framing, errors, properties."""

from __future__ import annotations

import asyncio
import copy
import json
from typing import Any

import jsonpatch
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from chunkwise import (
    Completion,
    IncompleteJsonError,
    JsonOutputParser,
    JsonStreamError,
    OutputParserException,
    ScriptedChatModel,
)
from chunkwise.samples import COUNTRIES_JSON, COUNTRIES_PROMPT, COUNTRIES_TOKENS
from jsonstream_props import chunkings, dumped_texts

from .helpers import run_async, run_sync, streamed

F = {"name": "France", "population": 67413000}
S = {"name": "Spain", "population": 47351567}
J = {"name": "Japan", "population": 125584000}

#: The partial dicts the streaming guide prints for the countries prompt.
GUIDE = [
    {},
    {"countries": []},
    {"countries": [{}]},
    {"countries": [{"name": ""}]},
    {"countries": [{"name": "France"}]},
    {"countries": [{"name": "France", "population": 67}]},
    {"countries": [{"name": "France", "population": 67413}]},
    {"countries": [F]},
    {"countries": [F, {}]},
    {"countries": [F, {"name": ""}]},
    {"countries": [F, {"name": "Spain"}]},
    {"countries": [F, {"name": "Spain", "population": 47}]},
    {"countries": [F, {"name": "Spain", "population": 47351}]},
    {"countries": [F, S]},
    {"countries": [F, S, {}]},
    {"countries": [F, S, {"name": ""}]},
    {"countries": [F, S, {"name": "Japan"}]},
    {"countries": [F, S, {"name": "Japan", "population": 125}]},
    {"countries": [F, S, {"name": "Japan", "population": 125584}]},
    {"countries": [F, S, J]},
]


def model() -> ScriptedChatModel:
    return ScriptedChatModel(streams=[list(COUNTRIES_TOKENS)])


# ------------------------------------------------------------------ the guide's chains


def test_chain_streams_the_guides_partial_dicts() -> None:
    chain = model() | JsonOutputParser()
    assert list(chain.stream(COUNTRIES_PROMPT)) == GUIDE

    async def main() -> list[Any]:
        return [value async for value in chain.astream(COUNTRIES_PROMPT)]

    assert asyncio.run(main()) == GUIDE
    assert chain.invoke(COUNTRIES_PROMPT) == json.loads(COUNTRIES_JSON)


def _extract_country_names(inputs: Any) -> Any:
    """The guide's function that works on finalized input (and so stops streaming)."""
    if not isinstance(inputs, dict) or "countries" not in inputs:
        return ""
    countries = inputs["countries"]
    if not isinstance(countries, list):
        return ""
    return [country.get("name") for country in countries if isinstance(country, dict)]


async def _extract_country_names_streaming(input_stream: Any) -> Any:
    """The guide's generator function that works on the input stream."""
    country_names_so_far = set()
    async for input in input_stream:
        if not isinstance(input, dict) or "countries" not in input:
            continue
        countries = input["countries"]
        if not isinstance(countries, list):
            continue
        for country in countries:
            name = country.get("name")
            if not name:
                continue
            if name not in country_names_so_far:
                yield name
                country_names_so_far.add(name)


def test_plain_function_after_the_parser_yields_only_the_final_list() -> None:
    chain = model() | JsonOutputParser() | _extract_country_names

    async def main() -> list[Any]:
        return [text async for text in chain.astream(COUNTRIES_PROMPT)]

    assert asyncio.run(main()) == [["France", "Spain", "Japan"]]


def test_generator_function_after_the_parser_keeps_streaming() -> None:
    chain = model() | JsonOutputParser() | _extract_country_names_streaming

    async def main() -> str:
        return "".join([f"{text}|" async for text in chain.astream(COUNTRIES_PROMPT)])

    assert asyncio.run(main()) == "France|Spain|Japan|"
    assert "".join(f"{t}|" for t in chain.stream(COUNTRIES_PROMPT)) == "France|Spain|Japan|"


def test_astream_events_interleave_model_and_parser_chunks() -> None:
    chain = (model().with_config({"run_name": "model"})
             | JsonOutputParser().with_config({"run_name": "my_parser"}))

    async def main() -> list[tuple[str, Any]]:
        seen = []
        async for event in chain.astream_events(COUNTRIES_PROMPT, version="v2"):
            if event["event"] == "on_chat_model_stream":
                seen.append(("model", event["data"]["chunk"].content))
            elif event["event"] == "on_parser_stream":
                seen.append(("parser", event["data"]["chunk"]))
        return seen

    seen = asyncio.run(main())
    assert [value for kind, value in seen if kind == "parser"] == GUIDE
    assert "".join(value for kind, value in seen if kind == "model") == COUNTRIES_JSON
    # each parser chunk follows the model chunk that produced it
    assert [kind for kind, _ in seen[:6]] == ["model", "parser"] * 3


def test_parser_events() -> None:
    async def main() -> list[str]:
        return [e["event"] async for e in JsonOutputParser().astream_events("[1]")]

    assert asyncio.run(main()) == ["on_parser_start", "on_parser_stream", "on_parser_end"]


# ------------------------------------------------------------------ views


def test_values_only_when_changed() -> None:
    assert streamed(JsonOutputParser(), ['{"a"', ": ", "1", "2", "}", "  "]) == [
        {}, {"a": 1}, {"a": 12}]


def test_diff_patches_rebuild_the_values() -> None:
    for compact in (False, True):
        patches = run_sync(JsonOutputParser(diff=True, compact=compact), list(COUNTRIES_TOKENS))
        doc: Any = {}  # anything: the first operation adds the whole value at ""
        rebuilt = []
        for patch in patches:
            for op in patch:
                doc = _apply(doc, op)
            rebuilt.append(copy.deepcopy(doc))
        assert rebuilt == GUIDE
        if not compact:
            assert jsonpatch.apply_patch({}, [op for p in patches for op in p]) == GUIDE[-1]


def _apply(doc: Any, op: dict[str, Any]) -> Any:
    if op["op"] == "append":
        op = {"op": "replace", "path": op["path"],
              "value": jsonpatch.JsonPointer(op["path"]).resolve(doc) + op["value"]}
    return jsonpatch.apply_patch(doc, [op])


def test_items_each_once_complete() -> None:
    parser = JsonOutputParser(items="/countries/*")
    assert run_sync(parser, list(COUNTRIES_TOKENS)) == [F, S, J]
    assert parser.invoke(COUNTRIES_JSON) == [F, S, J]


def test_completion_policy_is_passed_through() -> None:
    shown = run_sync(JsonOutputParser(completion=Completion.ATOMIC), list(COUNTRIES_TOKENS))
    assert {"countries": [{"name": "France", "population": 67}]} not in shown
    assert shown[-1] == GUIDE[-1]
    shown = run_sync(JsonOutputParser(completion="complete"), list(COUNTRIES_TOKENS))
    assert {"countries": [{"name": ""}]} not in shown


def test_one_parser_many_concurrent_streams() -> None:
    parser = JsonOutputParser()
    texts = [json.dumps({"n": i, "xs": list(range(i))}) for i in range(30)]

    async def one(text: str) -> Any:
        async def chunks() -> Any:
            for i in range(0, len(text), 3):
                await asyncio.sleep(0)
                yield text[i : i + 3]
        return [v async for v in parser.atransform(chunks())][-1]

    async def main() -> list[Any]:
        return await asyncio.gather(*(one(t) for t in texts))

    assert asyncio.run(main()) == [json.loads(t) for t in texts]


# ------------------------------------------------------------------ framing


WRAPPED = [
    '```json\n{"a": [1, 2]}\n```\nHope this helps!',
    'Sure! Here is the JSON:\n\n```\n{"a": [1, 2]}\n```',
    '<think>The user wants {"a": ...}; ```json maybe```</think>\n{"a": [1, 2]}',
    'Here it is: {"a": [1, 2]} -- anything else?',
]


@pytest.mark.parametrize("text", WRAPPED)
def test_framed_json_split_anywhere(text: str) -> None:
    parser = JsonOutputParser()
    assert parser.parse(text) == {"a": [1, 2]}
    for i in range(len(text) + 1):
        assert streamed(parser, [text[:i], text[i:]])[-1] == {"a": [1, 2]}
    assert run_sync(parser, list(text))[-1] == {"a": [1, 2]}


# ------------------------------------------------------------------ errors


def test_truncated_output_raises_after_the_partial_values() -> None:
    parser = JsonOutputParser()
    outputs: list[Any] = []
    with pytest.raises(OutputParserException) as info:
        for value in parser.transform(iter(["Here: ", '{"a": [1', ", 2"])):
            outputs.append(value)
    assert outputs == [{"a": [1]}, {"a": [1, 2]}]
    error = info.value
    assert error.llm_output == 'Here: {"a": [1, 2'
    assert (error.pos, error.lineno, error.colno, error.path) == (17, 1, 18, "/a/1")  # the index being written
    assert "Truncated" in str(error)
    assert isinstance(error.__cause__, IncompleteJsonError)  # the engine's error, as documented
    with pytest.raises(OutputParserException):
        parser.invoke('{"a": [1, 2')


def test_allow_incomplete_returns_the_completed_partial_value() -> None:
    parser = JsonOutputParser(allow_incomplete=True)
    assert parser.invoke('{"a": [1, 2') == {"a": [1, 2]}
    assert run_sync(parser, ['{"a": [1', ", 2"]) == [{"a": [1]}, {"a": [1, 2]}]
    assert JsonOutputParser().parse_result(['{"a": "x'], partial=True) == {"a": "x"}
    with pytest.raises(OutputParserException):  # still an error: not a prefix of JSON
        parser.invoke('{"a": ]')


def test_invalid_json_is_located_in_the_whole_output() -> None:
    with pytest.raises(OutputParserException) as info:
        JsonOutputParser().invoke('Line one\n```json\n{"a": tru}\n```')
    error = info.value
    assert (error.lineno, error.colno, error.path) == (3, 10, "/a")
    assert error.llm_output is not None and error.llm_output.startswith("Line one")
    assert "Invalid JSON" in str(error)
    assert type(error.__cause__) is JsonStreamError


def test_no_json_at_all() -> None:
    with pytest.raises(OutputParserException, match="No JSON value") as info:
        run_async(JsonOutputParser(), ["Sorry, I ", "can't help with that."])
    assert info.value.llm_output == "Sorry, I can't help with that."


def test_strict_rejects_what_lenient_accepts() -> None:
    assert JsonOutputParser().parse('{"a": "x\ny", "b": NaN}')["a"] == "x\ny"
    with pytest.raises(OutputParserException):
        JsonOutputParser(strict=True).parse('{"a": "x\ny"}')


def test_format_instructions() -> None:
    class Answer(BaseModel):
        countries: list[str]

    assert JsonOutputParser().get_format_instructions() == "Return a JSON object."
    text = JsonOutputParser(Answer).get_format_instructions()
    assert '"countries"' in text and '"title": "Answer"' not in text


def test_repr() -> None:
    assert repr(JsonOutputParser(diff=True)) == "JsonOutputParser(diff=True)"


# ------------------------------------------------------------------ properties


json_outputs = st.builds(lambda wrap, text: wrap[0] + text + wrap[1],
                         st.sampled_from([("", ""), ("```json\n", "\n```\nbye"), ("Here: ", "")]),
                         dumped_texts().map(lambda t: json.dumps([json.loads(t)])))


@given(st.data())
def test_any_chunking_streams_to_the_one_shot_value(data: st.DataObject) -> None:
    text = data.draw(json_outputs)
    parser = JsonOutputParser()
    expected = parser.parse(text)
    outputs = run_sync(parser, data.draw(chunkings(text)))
    assert outputs[-1] == expected
    # never an unchanged repeat (0 then 0.0 is a change: the number became a float)
    assert all(json.dumps(a) != json.dumps(b) for a, b in zip(outputs, outputs[1:]))
    items = run_sync(JsonOutputParser(items="/*"), data.draw(chunkings(text)))
    assert items == expected
