"""What the campaigns fuzz: the engine and every output parser, each with its inputs and oracle.

Each :class:`~chunkwise.testing.Target` names a parser, the texts it reads, how its
outputs add up (``combine``), an oracle for the final value and junk it must
reject cleanly; its four checks are the checkers of ``chunkwise.testing``.
``tests/testing/test_own_parsers.py`` runs them all under the CI profile,
``python -m fuzz`` runs them for minutes, and ``Target.check`` replays a saved
failure (fixed text and pieces) from ``fuzz/corpus/parsers/``.

``LEGACY`` lists the engine's deeper properties (completion rules against a prefix
model, patches, items, events, strict mode against the grammar, every view the same
with the shortcuts on and off) from ``tests/jsonstream``, which the campaign runs too.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from pydantic import BaseModel

from chunkwise import (
    CommaSeparatedListOutputParser,
    IncrementalJsonParser,
    JsonOutputKeyToolsParser,
    JsonOutputParser,
    JsonOutputToolsParser,
    MarkdownListOutputParser,
    NumberedListOutputParser,
    PydanticOutputParser,
    PydanticToolsParser,
    StrOutputParser,
    XMLOutputParser,
)
from chunkwise.testing import (
    CHECKS,
    NOTHING,
    Target,
    feed_close,
    from_grammar,
    grammar_parser,
    json_texts,
    json_values,
    llm_wrapped,
    mutated_texts,
    token_streams,
    tool_call_deltas,
)

REPO = Path(__file__).resolve().parents[1]
for _path in (REPO, REPO / "tests" / "jsonstream"):  # the engine's oracles and properties
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from jsonstream_props import apply_rfc  # noqa: E402
from jsonstream_reference import has_duplicate_keys, reference_loads  # noqa: E402
from tests.parsers.test_lists import oracle as list_oracle  # noqa: E402
from tests.parsers.xml_docs import leaves_of, outputs, shaped_documents  # noqa: E402

__all__ = ["CHECKS", "KNOWN_BUGS", "LEGACY", "TARGETS"]

# (target, check) pairs failing on an open bug, with the reason: skipped by the CI run of
# the targets while their corpus entries are strict xfails, so a fix makes the suite say so.
# (Empty now: the first entries, the tool parsers' int/float bug, are fixed and kept as
# plain regressions in fuzz/corpus/parsers/tools*.)
KNOWN_BUGS: dict[tuple[str, str], str] = {}


def no_repeated_keys(text: str) -> bool:
    """A repeated key replaces the value shown for it (json.loads keeps the last), so a
    shown member may change type: the engine promises monotonicity without them only."""
    return not has_duplicate_keys(text)


def _inner(text: str) -> str:
    return getattr(text, "inner", text)


# ---------------------------------------------------------------- inputs

# parsers read smaller values than the engine: their checks are about framing and views
VALUES = json_values(max_leaves=10)
CONTAINERS = st.lists(VALUES, max_size=5) | st.dictionaries(st.text(max_size=8), VALUES, max_size=5)
OBJECTS = st.dictionaries(st.text(max_size=8), VALUES, max_size=5)
ENGINE_TEXTS = json_texts() | from_grammar("json")
MODEL_JSON = llm_wrapped(json_texts(values=CONTAINERS))
MODEL_JUNK = st.text() | llm_wrapped(mutated_texts(), prose=False) | ENGINE_TEXTS


def _list_texts(start: str) -> st.SearchStrategy[str]:
    def parses(text: str) -> bool:
        from lark.exceptions import LarkError

        try:
            grammar_parser("lists", start).parse(text)
        except LarkError:
            return False
        return True

    return from_grammar("lists", start, max_size=200).filter(parses)


class Country(BaseModel):
    """The model the pydantic targets read (required, defaulted and nested fields)."""

    name: str
    population: int
    tags: list[str] = []
    capital: str | None = None


COUNTRY_DICTS = st.fixed_dictionaries(
    {"name": st.text(max_size=12), "population": st.integers(0, 10**10)},
    optional={"tags": st.lists(st.text(max_size=6), max_size=3), "capital": st.none() | st.text(max_size=8)},
)
COUNTRIES = llm_wrapped(json_texts(values=COUNTRY_DICTS))
COUNTRY_JUNK = llm_wrapped(json_texts(values=OBJECTS)) | MODEL_JUNK


def _top_items(text: str) -> list[Any]:
    """The items under ``/*`` of the wrapped JSON, in order."""
    value = json.loads(_inner(text))
    return list(value.values() if isinstance(value, dict) else value)


def _apply_patch(doc: Any, ops: list[dict[str, Any]]) -> Any:
    return apply_rfc(None if doc is NOTHING else doc, ops)


# ---------------------------------------------------------------- the targets

TARGETS: dict[str, Target] = {t.name: t for t in [
    Target("jsonstream", feed_close(IncrementalJsonParser), ENGINE_TEXTS, reference_loads,
           st.text() | mutated_texts(), promised=no_repeated_keys, tags=frozenset({"engine"})),
    Target("jsonstream-atomic", feed_close(lambda: IncrementalJsonParser(completion="atomic")), ENGINE_TEXTS,
           reference_loads, mutated_texts(), promised=no_repeated_keys, tags=frozenset({"engine"})),
    Target("jsonstream-bytes", feed_close(IncrementalJsonParser), json_texts().map(str.encode), reference_loads,
           st.binary() | mutated_texts().map(lambda t: t.encode("utf-8", "surrogatepass")),
           chunkings=token_streams, tags=frozenset({"engine"})),
    Target("str", StrOutputParser(), st.text(), lambda t: t, st.text(), combine="sum", start=""),
    *[Target(start, parser, _list_texts(start), lambda t, s=start: list_oracle(s, t), st.text(),
             combine="sum", start=[])
      for start, parser in [("comma_list", CommaSeparatedListOutputParser()),
                            ("numbered_list", NumberedListOutputParser()),
                            ("markdown_list", MarkdownListOutputParser())]],
    Target("json", JsonOutputParser(), MODEL_JSON, lambda t: json.loads(_inner(t)), MODEL_JUNK),
    Target("json-diff", JsonOutputParser(diff=True), MODEL_JSON, lambda t: json.loads(_inner(t)), MODEL_JUNK,
           combine=_apply_patch),
    Target("json-items", JsonOutputParser(items="/*"), MODEL_JSON, _top_items, MODEL_JUNK,
           combine=lambda shown, item: [*shown, item], start=[]),
    Target("pydantic", PydanticOutputParser(pydantic_object=Country), COUNTRIES,
           lambda t: Country.model_validate_json(_inner(t)), COUNTRY_JUNK),
    Target("tools", JsonOutputToolsParser(), json_texts(values=OBJECTS),
           lambda t: [{"type": "lookup", "args": json.loads(t)}], st.text() | mutated_texts(),
           chunkings=tool_call_deltas(name="lookup")),
    Target("tools-key", JsonOutputKeyToolsParser(key_name="lookup", first_tool_only=True),
           json_texts(values=OBJECTS), json.loads, st.text() | mutated_texts(),
           chunkings=tool_call_deltas(name="lookup")),
    Target("tools-pydantic", PydanticToolsParser(tools=[Country]),
           json_texts(values=COUNTRY_DICTS), lambda t: [Country.model_validate_json(t)],
           json_texts(values=OBJECTS) | mutated_texts(), chunkings=tool_call_deltas(name="Country")),
    # the stream's chunks are leaf paths: shown is the leaves so far, parse's leaves the oracle
    Target("xml", XMLOutputParser(), shaped_documents, lambda t: leaves_of(XMLOutputParser().parse(t)),
           st.text() | mutated_texts(outputs(shaped_documents)),
           combine=lambda shown, chunk: [*shown, *leaves_of(chunk)], start=[]),
]}

# (module, test function): the engine's own property tests in tests/jsonstream
LEGACY = [
    ("test_properties", "test_split_invariance_dumped_values"),
    ("test_properties", "test_split_invariance_grammar_texts"),
    ("test_properties", "test_feed_returns_true_exactly_when_value_changed"),
    ("test_patches_oracle", "test_patches_rebuild_every_shown_value"),
    ("test_patches_oracle", "test_patches_over_bytes"),
    ("test_items_oracle", "test_items_match_oracle"),
    ("test_events_oracle", "test_events_replay_to_loads"),
    ("test_events_oracle", "test_events_replay_bytes"),
    ("test_grammar_oracle", "test_near_json_accepted_iff_grammar_accepts"),
    ("test_shortcuts", "test_every_view_is_the_same_with_shortcuts_on_and_off"),
]
