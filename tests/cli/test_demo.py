"""``chunkwise demo`` when its output is not a terminal: plain lines, each printed once."""

from __future__ import annotations

import json

import pytest

from chunkwise.samples import COUNTRIES_JSON, COUNTRIES_TOKENS

from .helpers import run_cli


def test_the_tokens_the_values_the_items_then_the_patches() -> None:
    result = run_cli("demo", "--delay", "0")
    assert result.status == 0 and result.err == ""
    lines = result.out.decode().splitlines()
    tagged = [(line[:6].strip(), json.loads(line[6:])) for line in lines if line[:6].strip() in
              ("token", "value", "item", "patch")]
    tokens = [body for tag, body in tagged if tag == "token"]
    assert tokens == list(COUNTRIES_TOKENS)  # every token, as it came
    values = [body for tag, body in tagged if tag == "value"]
    assert values[-1] == json.loads(COUNTRIES_JSON) and len(values) == len(set(map(json.dumps, values)))
    items = [body for tag, body in tagged if tag == "item"]
    assert items == json.loads(COUNTRIES_JSON)["countries"]
    tags = [tag for tag, _ in tagged]
    assert tags.index("item") > max(i for i, tag in enumerate(tags) if tag == "value")  # in order
    assert tags.index("patch") > max(i for i, tag in enumerate(tags) if tag == "item")
    shown = [line for line in lines if line and not line.startswith("token ")]  # (tokens repeat)
    assert len(shown) == len(set(shown))  # nothing printed twice


def test_the_default_pace_fits_in_three_seconds() -> None:
    from chunkwise.cli.demo import DEFAULT_DELAY

    assert 3 * len(COUNTRIES_TOKENS) * DEFAULT_DELAY <= 2.0  # three passes; the rest is start-up


@pytest.mark.parametrize("delay", ["-1", "soon", "nan"])
def test_a_delay_must_be_seconds(delay: str) -> None:
    with pytest.raises(SystemExit) as info:
        run_cli("demo", "--delay", delay)
    assert info.value.code == 3
