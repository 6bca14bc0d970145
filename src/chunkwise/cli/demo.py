"""``chunkwise demo``: a model's answer streamed through chunkwise, no network needed.

A scripted chat model replays the tokens a real model sent for LangChain's countries
prompt, about 40 a second (``--delay``), three times:

1. the tokens as they arrive, and the partial value (``IncrementalJsonParser``)
   after each -- on a terminal redrawn in place, otherwise as appended lines;
2. each country once it is complete (``JsonOutputParser(items="/countries/*")``);
3. the same stream as compact JSON Patches
   (``JsonOutputParser(diff=True, compact=True)``).

Nothing is printed twice; with the default delay it takes under 3 seconds.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from chunkwise.cli.common import OK, Streams
from chunkwise.cli.live import LiveRegion, can_redraw
from chunkwise.jsonstream import IncrementalJsonParser
from chunkwise.models import AIMessageChunk, ScriptedChatModel
from chunkwise.parsers import JsonOutputParser
from chunkwise.samples import COUNTRIES_PROMPT, COUNTRIES_TOKENS

__all__ = ["add_parser", "run"]

#: Seconds between tokens by default: a model streaming 40 tokens a second.
DEFAULT_DELAY = 0.025


def add_parser(commands: Any) -> None:
    """Add ``demo`` and its options to the subcommands."""
    parser = commands.add_parser(
        "demo", help="stream a built-in model answer and show what chunkwise makes of it",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--delay", type=_seconds, default=DEFAULT_DELAY, metavar="SECONDS",
                        help=f"seconds between tokens (default {DEFAULT_DELAY}; 0: no wait)")
    parser.set_defaults(run=run)


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:
        raise argparse.ArgumentTypeError(f"a number of seconds (0 or more), not {text!r}")
    return seconds


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class _Printer:
    """Plain lines to the output, flushed one by one."""

    def __init__(self, streams: Streams) -> None:
        self.out = streams.stdout

    def line(self, text: str = "") -> None:
        self.out.write(text.encode("utf-8") + b"\n")
        self.out.flush()


def run(args: argparse.Namespace, streams: Streams) -> int:
    """Run the demo's three parts; return the exit status."""
    model = ScriptedChatModel(streams=[list(COUNTRIES_TOKENS)], delay=args.delay or None)
    printer = _Printer(streams)
    printer.line("A scripted model answers LangChain's countries prompt, token by token:")
    printer.line()
    printer.line("1. Tokens as they arrive; the partial value (IncrementalJsonParser) after each:")
    if can_redraw(streams.stdout):
        _tokens_live(model, streams.stdout)
    else:
        _tokens_lines(model, printer)
    printer.line()
    printer.line('2. Each country once complete: JsonOutputParser(items="/countries/*")')
    for country in (model | JsonOutputParser(items="/countries/*")).stream(COUNTRIES_PROMPT):
        printer.line(f"item  {_json(country)}")
    printer.line()
    printer.line("3. The same stream as JSON Patches: JsonOutputParser(diff=True, compact=True)")
    for patch in (model | JsonOutputParser(diff=True, compact=True)).stream(COUNTRIES_PROMPT):
        printer.line(f"patch {_json(patch)}")
    return OK


def _tokens(model: ScriptedChatModel) -> Iterator[AIMessageChunk]:
    """The model's chunks that carry text (its closing chunk carries none)."""
    return (chunk for chunk in model.stream(COUNTRIES_PROMPT) if chunk.text)


def _tokens_lines(model: ScriptedChatModel, printer: _Printer) -> None:
    """Part 1 as appended lines: each token, then the value when the token changed it."""
    parser = IncrementalJsonParser()
    for chunk in _tokens(model):
        printer.line(f"token {_json(chunk.text)}")
        if parser.feed(chunk.text):
            printer.line(f"value {_json(parser.value)}")
    parser.close()


def _tokens_live(model: ScriptedChatModel, out: BinaryIO) -> None:
    """Part 1 on a terminal: the tokens so far and the partial value, redrawn in place."""
    parser = IncrementalJsonParser()
    tokens: list[str] = []
    with LiveRegion(out) as live:
        for chunk in _tokens(model):
            tokens.append(_json(chunk.text))
            parser.feed(chunk.text)
            live.draw(f"tokens ({len(tokens)}): {' '.join(tokens)}\nvalue: {_json(parser.value)}")
    parser.close()
