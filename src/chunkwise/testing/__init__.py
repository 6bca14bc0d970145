"""chunkwise.testing: property-based fuzzing of streaming parsers, built on Hypothesis and lark.

Strategies for texts and the ways a stream cuts them, checkers for the contracts a
streaming parser should keep (split invariance, the right final value, nothing
shown later lost, no internal errors on junk), adapters so a parser may be a
runnable, a ``feed``/``close`` object or a generator function, and Hypothesis
profiles. Needs the ``testing`` extra (``pip install chunkwise[testing]``); the
runtime library never imports it. See ``docs/fuzzing.md``.
"""

from chunkwise.testing.adapters import StreamFunction, adapt, feed_close
from chunkwise.testing.checkers import (
    NOTHING,
    Combine,
    PropertyFailure,
    Run,
    check_final_matches,
    check_monotone,
    check_no_internal_errors,
    check_split_invariance,
    grows,
    run,
    same,
)
from chunkwise.testing.grammars import from_grammar, grammar_parser, grammar_text
from chunkwise.testing.profiles import CI, DEV, LONG, PROFILES, SMOKE, load_profile, register_profiles
from chunkwise.testing.strategies import (
    WrappedText,
    chunkings,
    cut,
    json_texts,
    json_values,
    llm_wrapped,
    one_at_a_time,
    token_streams,
)

__all__ = [
    "CI",
    "DEV",
    "LONG",
    "NOTHING",
    "PROFILES",
    "SMOKE",
    "Combine",
    "PropertyFailure",
    "Run",
    "StreamFunction",
    "WrappedText",
    "adapt",
    "check_final_matches",
    "check_monotone",
    "check_no_internal_errors",
    "check_split_invariance",
    "chunkings",
    "cut",
    "feed_close",
    "from_grammar",
    "grammar_parser",
    "grammar_text",
    "grows",
    "json_texts",
    "json_values",
    "llm_wrapped",
    "load_profile",
    "one_at_a_time",
    "register_profiles",
    "run",
    "same",
    "token_streams",
]
