"""``chunkwise chat MODEL PROMPT``: a real model's answer, streamed.

MODEL is ``provider:model`` as :func:`~chunkwise.providers.init_chat_model` takes it
(keys and base URLs from the provider's environment variables, or ``--base-url``).
Without ``--json`` or ``--schema`` the answer's text is written as it arrives. With
them the answer is parsed as it arrives and its partial value shown growing: on a
terminal one indented JSON document redrawn in place, otherwise one JSON line per
change. ``--json`` finds the JSON anywhere in the answer (fences, prose,
``<think>``: ask for JSON in the prompt); ``--schema module:Class`` asks the model
for that pydantic model (``with_structured_output``) and shows partial instances.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel

from chunkwise.cli.common import CUT_OFF, FAILED, INVALID, OK, Streams
from chunkwise.cli.live import LiveRegion, can_redraw, printable
from chunkwise.cli.output import JsonLines, dumps
from chunkwise.jsonstream import IncompleteJsonError
from chunkwise.parsers import JsonOutputParser, OutputParserException
from chunkwise.providers import IncompleteStreamError, ProviderError, init_chat_model

__all__ = ["add_parser", "load_schema", "run"]

EPILOG = """\
exit status: 0 a complete answer, 1 an invalid one (not JSON, not the schema),
2 cut off (the token limit, or a stream that broke), 3 could not run (bad
arguments, no API key, the provider's error).

examples:
  chunkwise chat openai:gpt-4o-mini "Why is the sky blue?"
  chunkwise chat ollama:llama3.2 "List three countries as JSON" --json
  chunkwise chat anthropic:claude-sonnet-4-5 "Describe France" --schema shapes:Country"""


def add_parser(commands: Any) -> None:
    """Add ``chat`` and its options to the subcommands."""
    parser = commands.add_parser(
        "chat", help="stream a real model's answer, and its partial JSON as it grows",
        description=__doc__, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", metavar="MODEL", help="provider:model, e.g. openai:gpt-4o-mini")
    parser.add_argument("prompt", metavar="PROMPT", help="what to ask ('-': read it from stdin)")
    shape = parser.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="parse the answer as JSON")
    shape.add_argument("--schema", metavar="MODULE:CLASS",
                       help="answer with this pydantic model (or JSON-schema dict)")
    parser.add_argument("--base-url", metavar="URL", help="the provider's API address")
    parser.add_argument("--max-tokens", type=int, metavar="N", help="the longest answer")
    parser.add_argument("--temperature", type=float, metavar="T")
    parser.set_defaults(run=run)


def load_schema(spec: str) -> Any:
    """The pydantic model class (or JSON-schema dict) that ``module:attribute`` names.

    The working directory is searched first, as ``python -m`` does.
    """
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise ValueError(f"--schema takes module:Class, not {spec!r}")
    if os.getcwd() not in sys.path and "" not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        found: Any = importlib.import_module(module_name)
        for part in attribute.split("."):
            found = getattr(found, part)
    except (ImportError, AttributeError) as error:
        raise ValueError(f"cannot load the schema {spec!r}: {error}") from error
    if isinstance(found, dict) or (isinstance(found, type) and issubclass(found, BaseModel)):
        return found
    raise ValueError(f"{spec!r} is neither a pydantic model class nor a JSON-schema dict")


def run(args: argparse.Namespace, streams: Streams) -> int:
    """Run ``chunkwise chat``; return the exit status."""
    try:
        prompt = _read_all(streams.stdin) if args.prompt == "-" else args.prompt
        options = {name: value for name, value in (("base_url", args.base_url),
                   ("max_tokens", args.max_tokens), ("temperature", args.temperature))
                   if value is not None}
        model = init_chat_model(args.model, **options)
        if not (args.json or args.schema):
            return _show_text(model.stream(prompt), streams)
        parsed = (model.with_structured_output(load_schema(args.schema)) if args.schema
                  else model | JsonOutputParser())
        if can_redraw(streams.stdout):
            with LiveRegion(streams.stdout) as live:
                error = _show_values(parsed.stream(prompt),
                                     lambda record: live.draw(dumps(record, pretty=True)))
        else:
            lines = JsonLines(streams.stdout)
            error = _show_values(parsed.stream(prompt), lambda record: lines.write([record]))
        if error is None:
            return OK
        streams.error("chat", str(error))
        return _failed(error)
    except ValueError as error:  # a bad model name, a missing key, a schema that does not load
        streams.error("chat", str(error))
    except ImportError as error:  # no HTTP client: the providers extra is not installed
        streams.error("chat", f"{error}: install the providers extra "
                              "(pip install 'chunkwise[providers]')")
    return FAILED


def _read_all(fd: int) -> str:
    data = bytearray()
    while piece := os.read(fd, 1 << 16):
        data += piece
    return data.decode("utf-8", "replace")


def _show_text(chunks: Iterator[Any], streams: Streams) -> int:
    """Write the answer's text as it arrives (control characters escaped on a terminal)."""
    terminal = streams.stdout.isatty()
    try:
        for chunk in chunks:
            text = printable(chunk.text, keep="\n\t") if terminal else chunk.text
            streams.stdout.write(text.encode("utf-8", "replace"))
            streams.stdout.flush()
    except ProviderError as error:
        streams.stdout.write(b"\n")
        streams.error("chat", str(error))
        return _failed(error)
    streams.stdout.write(b"\n")
    streams.stdout.flush()
    return OK


def _show_values(values: Iterator[Any], show: Callable[[Any], None]) -> Exception | None:
    """``show`` each partial value as JSON-ready data; the error that ended them, if any."""
    try:
        for value in values:
            show(value.model_dump(mode="json") if isinstance(value, BaseModel) else value)
    except (ProviderError, OutputParserException) as error:
        return error
    return None


def _failed(error: Exception) -> int:
    """The exit status for ``error``: 2 when the answer was cut off, 1 when it was
    invalid, 3 when there was no answer to judge (the provider failed)."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, (IncompleteJsonError, IncompleteStreamError)):
            return CUT_OFF
        cause = cause.__cause__
    return INVALID if isinstance(error, OutputParserException) else FAILED
