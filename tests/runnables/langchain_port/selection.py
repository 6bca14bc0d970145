"""What is ported from langchain-core's own tests, what is left out and why.

``SELECTED`` names, per file of the source distribution, the tests that are ported:
every test of the event-stream and fake-model files, and in the larger files the
tests whose name says they are about the idioms of the issue (a regular expression
on the test's name). ``EXCLUDED`` are tests inside that selection that are left out
on purpose, each with its reason: only tests of callback managers' internals,
tracers, LangSmith, serialisation (``dumpd`` / ``loads`` / ``model_dump``) and syrupy
snapshots may be left out. ``DIFFERENCES`` are ported tests that fail because
chunkwise differs from LangChain on purpose; each names the docs section that says so
(or the sections, when it shows more than one difference).
"""

from __future__ import annotations

#: The langchain-core release whose tests are ported (the one ``[test]`` installed
#: when the port was written); pinned so the pass rate means the same on every run.
VERSION = "1.8.3"

#: Test file (path inside the sdist) -> regular expression a test's name must match.
SELECTED: dict[str, str] = {
    "tests/unit_tests/runnables/test_runnable_events_v2.py": r".",
    "tests/unit_tests/runnables/test_runnable_events_v1.py": r".",
    "tests/unit_tests/fake/test_fake_chat_model.py": r".",
    "tests/unit_tests/runnables/test_fallbacks.py": r".",
    # stream / astream / transform / generator / batch / parallel / passthrough /
    # lambda / branch / fallback tests; tests of JSON schemas are not streaming tests.
    "tests/unit_tests/runnables/test_runnable.py": (
        r"^(?!.*schema).*(stream|transform|_gen|batch|map|parallel|passthrough|assign"
        r"|lambda|branch|fallback)"
    ),
    # the message-chunk tests
    "tests/unit_tests/test_messages.py": r"chunk|merge",
    "tests/unit_tests/messages/test_ai.py": r"chunk|usage|tool_calls",
}

#: Files the selected tests import (helpers), ported the same way but not run.
SUPPORT = [
    "tests/__init__.py",
    "tests/unit_tests/__init__.py",
    "tests/unit_tests/stubs.py",
    "tests/unit_tests/pydantic_utils.py",
    "tests/unit_tests/fake/__init__.py",
    "tests/unit_tests/fake/callbacks.py",
    "tests/unit_tests/messages/__init__.py",
    "tests/unit_tests/runnables/__init__.py",
]

_SNAPSHOT = "syrupy snapshot"
_TRACER = "checks the runs a LangChain tracer (BaseTracer / FakeTracer) records"
_SERDE = "serialisation (dumpd / dumps / loads)"

#: Test id (file stem::name, parameters stripped) -> why it is left out.
EXCLUDED: dict[str, str] = {
    "test_fallbacks::test_fallbacks": _SNAPSHOT,
    "test_runnable::test_prompt_with_llm_and_async_lambda": _SNAPSHOT,
    "test_runnable::test_higher_order_lambda_runnable": _SNAPSHOT,
    "test_runnable::test_seq_prompt_map": _SNAPSHOT,
    "test_runnable::test_higher_order_lambda_runnable_async": _TRACER,
    "test_runnable::test_runnable_lambda_stream_with_callbacks": _TRACER,
    "test_runnable::test_runnable_lambda_astream_with_callbacks": _TRACER,
    "test_runnable::test_seq_batch_return_exceptions": _TRACER,
    "test_runnable::test_seq_abatch_return_exceptions": _TRACER,
    "test_runnable::test_runnable_branch_invoke_callbacks": _TRACER,
    "test_runnable::test_runnable_branch_ainvoke_callbacks": _TRACER,
    "test_runnable::test_runnable_branch_stream_with_callbacks": _TRACER,
    "test_runnable::test_runnable_branch_astream_with_callbacks": _TRACER,
    "test_runnable::test_runnable_gen_context_config": _TRACER,
    "test_runnable::test_runnable_gen_context_config_async": _TRACER,
    "test_runnable::test_runnable_lambda_context_config": _TRACER,
    "test_runnable::test_runnable_lambda_context_config_async": _TRACER,
    "test_runnable::test_invoke_stream_passthrough_assign_trace": _TRACER,
    "test_runnable::test_ainvoke_astream_passthrough_assign_trace": _TRACER,
    "test_ai::test_serdes_message": _SERDE,
    "test_ai::test_serdes_message_chunk": _SERDE,
}

_SCHEMAS = "runnables.md#no-input-or-output-schemas"

#: Test id -> the docs section(s) naming the deliberate difference(s) it shows.
DIFFERENCES: dict[str, str | tuple[str, ...]] = {
    "test_runnable::test_map_stream": _SCHEMAS,
    "test_runnable::test_deep_stream_assign": _SCHEMAS,
    "test_runnable::test_deep_astream_assign": _SCHEMAS,
    "test_runnable::test_runnable_branch_init_coercion": _SCHEMAS,
    "test_runnable::test_runnable_gen": _SCHEMAS,
    "test_runnable::test_runnable_gen_transform": _SCHEMAS,
    "test_runnable::test_runnable_parallel_preserves_required_v1_input_fields": _SCHEMAS,
    "test_runnable::test_runnable_parallel_preserves_v1_default_factory": _SCHEMAS,
    "test_runnable::test_map_astream_iterator_input": "runnables.md#no-serialisation",
    "test_runnable::test_runnable_gen_async":
        "runnables.md#async-only-runnables-run-under-sync-calls",
    "test_runnable_events_v1::test_runnable_with_message_history":
        "runnables.md#no-message-history",
    "test_runnable_events_v2::test_runnable_with_message_history":
        "runnables.md#no-message-history",
    # tool2's cut-off '{"b": ' is an invalid call in the finished message (LangChain:
    # a valid call with args {}), and tool4's invalid call has an error text.
    "test_messages::test_message_chunk_to_message": (
        "models.md#cut-off-arguments-are-invalid-in-a-finished-message",
        "models.md#invalid-tool-calls-say-why",
    ),
    "test_messages::test_merge_content": "models.md#no-empty-text-block",
}
