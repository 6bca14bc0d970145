"""chunkwise.testing: property-based fuzzing of streaming parsers, built on Hypothesis and lark.

Strategies for texts and the ways a stream cuts them (and delivers them, as chat
message chunks too), checkers for the contracts a streaming parser should keep
(split invariance, the right final value, nothing shown later lost, no internal
errors on junk), adapters so a parser may be a runnable, a ``feed``/``close``
object, a generator function or a function re-parsing the text so far, targets
that collect a campaign's distinct failures, and Hypothesis profiles. Needs the
``testing`` extra; the runtime library never imports it. See ``docs/fuzzing.md``.
"""

from chunkwise.testing.adapters import InvalidResult, StreamFunction, adapt, feed_close, read_status
from chunkwise.testing.campaign import CHECKS, Target
from chunkwise.testing.checkers import (
    INTERNAL_ERRORS,
    check_final_matches,
    check_monotone,
    check_no_internal_errors,
    check_split_invariance,
)
from chunkwise.testing.grammars import from_grammar, grammar_parser, grammar_text
from chunkwise.testing.messages import message_chunks, tool_call_deltas
from chunkwise.testing.mutations import MUTATION_PIECES, mutated_texts, truncated_texts
from chunkwise.testing.profiles import CI, DEV, EXPLORE, LONG, PROFILES, SMOKE, load_profile, register_profiles
from chunkwise.testing.reparse import IncompleteText, reparse_prefix
from chunkwise.testing.running import NOTHING, Combine, Run, grows, run, same
from chunkwise.testing.search import OutOfTime, Problem, PropertyFailure, time_budget
from chunkwise.testing.strategies import Chunker, chunkings, cut, json_texts, json_values, one_at_a_time, token_streams
from chunkwise.testing.wrapping import Part, WrappedText, llm_wrapped

__all__ = [
    "CHECKS",
    "CI",
    "DEV",
    "EXPLORE",
    "INTERNAL_ERRORS",
    "LONG",
    "MUTATION_PIECES",
    "NOTHING",
    "PROFILES",
    "SMOKE",
    "Chunker",
    "Combine",
    "IncompleteText",
    "InvalidResult",
    "OutOfTime",
    "Part",
    "Problem",
    "PropertyFailure",
    "Run",
    "StreamFunction",
    "Target",
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
    "message_chunks",
    "mutated_texts",
    "one_at_a_time",
    "read_status",
    "register_profiles",
    "reparse_prefix",
    "run",
    "same",
    "time_budget",
    "token_streams",
    "tool_call_deltas",
    "truncated_texts",
]
