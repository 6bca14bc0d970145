"""llm_wrapped draws what models write around data, each part switchable."""

from __future__ import annotations

import json

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

from chunkwise import JsonOutputParser
from chunkwise.testing import WrappedText, json_texts, llm_wrapped

QUICK = settings(max_examples=30, database=None)


@QUICK
@given(llm_wrapped(json_texts(values=st.lists(st.integers()) | st.dictionaries(st.text(), st.integers()))))
def test_llm_wrapped_keeps_the_data_findable(text: WrappedText) -> None:
    assert text.inner in text
    assert JsonOutputParser().parse(text) == json.loads(text.inner)


def test_llm_wrapped_draws_every_wrapping() -> None:
    wrapped = llm_wrapped(st.just("[1]"))
    for mark in ("<think>", "```", "Hope this helps", "\n"):
        find(wrapped, lambda t, m=mark: m in t, settings=settings(database=None))
    find(llm_wrapped(st.just("[1]"), prose=False), lambda t: t.lstrip().startswith("```"), settings=settings(database=None))


@QUICK
@given(llm_wrapped(st.just("[1]"), think=False, prose=False, remark=False, blank=False, fence="always"))
def test_parts_can_be_switched_off_or_forced(text: WrappedText) -> None:
    assert text.startswith("```") and "\n[1]" in text and "<think>" not in text and not text[0].isspace()
    assert text.rstrip("`").endswith("[1]")


@QUICK
@given(llm_wrapped(st.just("[1]"), think="always", fence=False, prose=False))
def test_a_forced_think_block_without_a_fence(text: WrappedText) -> None:
    assert "<think>" in text and "```" not in text and text.rstrip().endswith("[1]")


def test_the_remark_follows_prose_unless_named() -> None:
    find(llm_wrapped(st.just("[1]"), prose=False, remark=True), lambda t: "Hope this helps" in t,
         settings=settings(database=None))
    with pytest.raises(ValueError, match="think"):
        llm_wrapped(st.just("[1]"), think="sometimes")  # type: ignore[arg-type]
