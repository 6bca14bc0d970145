"""chunkwise's own parsers pass every checker under the CI profile.

The targets (the engine over str and bytes, and every output parser with its
inputs and oracle) are those of fuzz/targets.py, which the long campaigns run too.
"""

from __future__ import annotations

import pytest

from fuzz.targets import CHECKS, KNOWN_BUGS, TARGETS


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("target", list(TARGETS))
def test_target_passes_check(target: str, check: str) -> None:
    if (target, check) in KNOWN_BUGS:
        pytest.skip(f"open bug, pinned by a strict xfail in the corpus replay: {KNOWN_BUGS[target, check]}")
    TARGETS[target].check(check)


def test_every_parser_of_chunkwise_is_a_target() -> None:
    import chunkwise.parsers as parsers
    from chunkwise.parsers import BaseOutputParser

    concrete = {name for name in parsers.__all__
                if isinstance(getattr(parsers, name), type) and issubclass(getattr(parsers, name), BaseOutputParser)
                and not getattr(parsers, name).__abstractmethods__ and name != "ListOutputParser"
                and getattr(parsers, name).__name__ == name}  # (not an alias: SimpleJsonOutputParser)
    fuzzed = set()
    for target in TARGETS.values():
        parser = getattr(target.parser, "__closure__", None)
        objs = [target.parser] + [c.cell_contents for c in parser or ()]
        fuzzed |= {type(o).__name__ for o in objs}
    assert concrete <= fuzzed, f"not fuzzed: {concrete - fuzzed}"
