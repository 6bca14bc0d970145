"""``JsonFramer``: the JSON part of model output, the same however the output is split."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chunkwise.jsonstream import JsonFramer
from jsonstream_props import chunkings, dumped_texts


def framed(chunks: list[str]) -> tuple[str, int | None]:
    """What the framer hands on for ``chunks`` (close included), and where the JSON started."""
    framer = JsonFramer()
    handed = [framer.feed(chunk) for chunk in chunks]
    handed.append(framer.close())
    return "".join(handed), framer.start


# (output, where the JSON starts, or None when the output holds none)
CASES = [
    ('{"a": 1}', 0),
    ('  \n[1, 2]', 3),
    ('```json\n{"a": 1}\n```\nHope this helps!', 8),
    ('```JSON\r\n{"a": 1}\r\n```', 9),
    ("``` \n [1]\n```", 6),
    ('```{"a": 1}```', 3),
    ('```json {"a": 1} ```', 8),
    ('````python\n"tilde"\n````', 11),
    ('Sure! Here is the JSON: {"a": 1}. Anything else?', 24),
    ('Here you go:\n\n```json\n{"a": 1}\n```', 22),
    ('Use `x` and ``y``: [1]', 19),
    ('<think>Maybe {"no": 1} or ```json?</think>\n{"yes": 1}', 43),
    ('<think></think><think>a</think>```\n[]\n```', 35),
    ("<thinking>no", None),
    ("<b>bold</b> [1]", 12),
    ('"just a string" and more', 0),
    ("-12.5e3 units", 0),
    ("42", 0),
    ("true", 0),
    (" null \n ", 1),
    ("NaN", 0),
    ("nothing here", None),
    ("true story: [1]", 12),
    ("nullable {}", 9),
    ("", None),
    ("```json\n", None),
    ("<think>unfinished {", None),
]


# The fenced cases whose fence closes on a line of its own: the JSON text ends before that line.
FENCE_ENDS = {
    '```json\n{"a": 1}\n```\nHope this helps!': '{"a": 1}\n',
    '```JSON\r\n{"a": 1}\r\n```': '{"a": 1}\r\n',
    "``` \n [1]\n```": "[1]\n",
    '````python\n"tilde"\n````': '"tilde"\n',
    'Here you go:\n\n```json\n{"a": 1}\n```': '{"a": 1}\n',
    "<think></think><think>a</think>```\n[]\n```": "[]\n",
}


@pytest.mark.parametrize(("output", "start"), CASES)
def test_rules_and_every_split(output: str, start: int | None) -> None:
    expected = (FENCE_ENDS.get(output, output[start:] if start is not None else ""), start)
    if output.strip() in ("true", "null", "NaN"):  # a bare literal is handed on without blank space
        expected = (output.strip(), start)
    assert framed([output]) == expected
    assert framed(list(output)) == expected
    for i in range(len(output) + 1):
        assert framed([output[:i], output[i:]]) == expected, i
        for j in range(i, len(output) + 1, 3):
            assert framed([output[:i], output[i:j], output[j:]]) == expected, (i, j)


def test_each_chunk_is_handed_on_whole_once_the_json_started() -> None:
    framer = JsonFramer()
    assert framer.feed("Here: ") == "" and not framer.found
    assert framer.feed('{"a"') == '{"a"' and framer.found
    chunk = ': 1}\n```\nbye'
    assert framer.feed(chunk) is chunk


wrappers = st.sampled_from([
    ("", ""), ("```json\n", "\n```"), ("```\n", "```\nHope this helps."),
    ("Here is the JSON:\n", "\nDone."), ("<think>Let me think {[`</think>\n", ""),
    ("<think>a</think>Sure: ```json\n", "\n```"),
])


@given(st.data())
def test_any_wrapped_json_any_chunking(data: st.DataObject) -> None:
    text = data.draw(dumped_texts()).strip()
    if not text or text[0] not in "{[":  # prose and fences find brackets, not scalars
        text = json.dumps([text])
    before, after = data.draw(wrappers)
    output = before + text + after
    chunks = data.draw(chunkings(output))
    handed, start = framed(chunks)
    assert start == len(before)
    closes = after.startswith("\n```")  # the fence closes on a line of its own: nothing after is handed on
    assert handed == (text + "\n" if closes else output[len(before):])


@pytest.mark.parametrize(("output", "handed"), [
    ("```\n[1,\n```", "[1,\n"),  # cut off: the engine is told the text ended (truncated, not invalid)
    ("```\n[1,\n   ```  \t\nmore", "[1,\n"),  # up to three spaces, blank space after
    ("```\n[1,\n    ```\n2]\n```", "[1,\n    ```\n2]\n"),  # four spaces: not a fence
    ("````\n[1,\n```\n2]\n````", "[1,\n```\n2]\n"),  # fewer backticks than the opening
    ('```\n["a\n```py\nb"]\n```', '["a\n```py\nb"]\n'),  # an info string: not a closing fence
    ("```\n[1]\n``", "[1]\n``"),  # the output ends inside a run too short to close
    ("```\n[1]\n```", "[1]\n"),  # the output ends on the closing fence
])
def test_the_fence_ends_at_its_closing_line_however_split(output: str, handed: str) -> None:
    assert framed([output]) == (handed, output.index("["))
    assert framed(list(output)) == (handed, output.index("["))
    for i in range(len(output) + 1):
        assert framed([output[:i], output[i:]])[0] == handed, i


def test_an_empty_fence_holds_no_json() -> None:
    assert framed(["```json\n```\n"]) == ("", None)
    assert framed(list("```\n```")) == ("", None)
