"""``chunkwise parse [FILE|-]``: JSON as it arrives on a pipe, one JSON line per change.

The input is read with ``os.read`` on its file descriptor, so each chunk is handled
the moment it arrives -- a slow pipe, ``curl -N``, a socket: nothing waits for the
end of the input or of a line -- and what it produced is written and flushed at once.
When the input ends, the exit status says whether the document was complete (0),
invalid (1) or cut off (2); an error is reported on stderr after everything the
engine gave was written.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Iterator
from typing import Any

from chunkwise.cli.common import CUT_OFF, FAILED, INVALID, OK, Streams, describe_json_error, exit_status
from chunkwise.cli.feeding import JsonFeed
from chunkwise.cli.output import JsonLines
from chunkwise.cli.sse import PROVIDERS, SseText
from chunkwise.cli.views import Mode, View, make_view
from chunkwise.jsonstream import Completion, IncrementalJsonParser, JsonStreamError, Repair
from chunkwise.providers.errors import ProviderError

__all__ = ["add_parser", "read_chunks", "run"]

#: The most bytes one read takes (a pipe gives what it holds, up to this).
READ_SIZE = 1 << 16

DESCRIPTION = """\
Parse the JSON value read from FILE (or stdin) while it arrives, and write one JSON
line per change: the partial value (--values, the default), its JSON Patch
(--patches), each complete item under a JSON Pointer pattern (--items), or the
low-level events (--events)."""

EPILOG = """\
exit status: 0 complete and valid, 1 invalid, 2 cut off (the error, with its line,
column, character offset, JSON path and an excerpt, goes to stderr after the output),
3 could not run.

examples:
  printf '{"a": [1, 2' | chunkwise parse              # exit status 2: cut off
  chunkwise parse --items '/countries/*' answer.json
  curl -N ... | chunkwise parse --sse openai --items '/countries/*'"""


def add_parser(commands: Any) -> None:
    """Add ``parse`` and its options to the subcommands."""
    parser = commands.add_parser(
        "parse", help="parse JSON from a pipe or a file as it arrives", description=DESCRIPTION,
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", default="-", metavar="FILE",
                        help="the input (default: -, stdin)")
    view = parser.add_argument_group("what to write (one of)").add_mutually_exclusive_group()
    view.add_argument("--values", dest="mode", action="store_const", const="values",
                      help="the auto-completed partial value after each change (the default)")
    view.add_argument("--patches", dest="mode", action="store_const", const="patches",
                      help="the JSON Patch (RFC 6902) of each change")
    view.add_argument("--items", metavar="POINTER",
                      help="each complete value matching the pattern, e.g. '/countries/*'")
    view.add_argument("--events", dest="mode", action="store_const", const="events",
                      help='the low-level events, e.g. {"kind": "key", "value": "name"}')
    parser.add_argument("--compact", action="store_true",
                        help='with --patches: a growing string as {"op": "append"} of the new text')
    parser.add_argument("--lenient", action="store_true",
                        help="accept raw control characters in strings and NaN/Infinity")
    parser.add_argument("--repair", nargs="?", const="default", type=_repairs, metavar="KINDS",
                        help="mend model mistakes (trailing commas, single quotes, True...), each "
                             "repair reported on stderr; KINDS: 'default' or names such as "
                             "'trailing_comma,comment' ('default,several_values' reads NDJSON as a list)")
    parser.add_argument("--frame", choices=("auto", "none"),
                        help="auto: find the JSON inside fences, prose or <think> "
                             "(the default with --sse); none: the input is JSON (the default)")
    parser.add_argument("--sse", choices=sorted(PROVIDERS),
                        help="the input is a provider's raw event stream: read the answer's text")
    parser.add_argument("--tool-call", type=int, metavar="N",
                        help="with --sse: read the arguments of the N-th tool call (0-based) instead")
    parser.add_argument("--max-depth", type=_depth, default=10_000, metavar="N",
                        help="the deepest nesting allowed (default 10000; 'none': no limit)")
    parser.add_argument("--completion", choices=[policy.value for policy in Completion],
                        default="partial", help="what partial values show (default partial)")
    parser.add_argument("--pretty", action="store_true", help="indent each record")
    parser.set_defaults(run=run, mode="values")


def _repairs(text: str) -> Repair:
    """The repairs named in ``text`` (comma-separated; ``default``: ``Repair.DEFAULT``)."""
    repairs = Repair.NONE
    for name in text.split(","):
        key = name.strip().upper().replace("-", "_")
        if key not in Repair.__members__ or key == "NONE":
            known = ", ".join(name.lower() for name in Repair.__members__ if name != "NONE")
            raise argparse.ArgumentTypeError(f"unknown repair {name!r}; the repairs: {known}")
        repairs |= Repair[key]
    return repairs


def _depth(text: str) -> int | None:
    if text == "none":
        return None
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"a positive integer or 'none', not {text!r}")
    return int(text)


class RepairReport:
    """Writes each repair the engine made to stderr, located in the whole input, once."""

    def __init__(self, engine: IncrementalJsonParser, feed: JsonFeed, streams: Streams) -> None:
        self.engine = engine
        self.feed = feed
        self.streams = streams
        self.reported = 0

    def report(self) -> None:
        if not self.engine.repair:
            return
        records = self.engine.repairs
        for record in records[self.reported:]:
            at = self.feed.locate(record)
            name = (record.kind.name or "").lower()
            where = f"line {at.lineno}, column {at.colno} (character {at.pos}), path {json.dumps(record.path)}"
            self.streams.error("parse", f"repaired {name}: {json.dumps(record.text, ensure_ascii=False)} -> "
                                        f"{json.dumps(record.replacement, ensure_ascii=False)} at {where}")
        self.reported = len(records)


class UnreadableInput(Exception):
    """The input could not be read (a folder, a device error...): the reason."""


def read_chunks(fd: int) -> Iterator[bytes]:
    """The bytes of ``fd`` as they arrive (each read returns what is there, up to READ_SIZE)."""
    while True:
        try:
            data = os.read(fd, READ_SIZE)
        except OSError as error:
            raise UnreadableInput(error.strerror) from error
        if not data:
            return
        yield data


class RawInput:
    """The input as it came: the bytes are the JSON text (what ``SseText`` is for events)."""

    def feed(self, data: bytes) -> bytes:
        return data

    def close(self) -> bytes:
        return b""

    def check(self) -> None:
        """Nothing to report: raw input has no errors of its own."""

    def cut_off(self) -> str:
        return ""

    def hint(self) -> str:
        return ""


def run(args: argparse.Namespace, streams: Streams) -> int:
    """Run ``chunkwise parse`` with the parsed ``args``; return the exit status."""
    problem = _check(args)
    if problem:
        streams.error("parse", problem)
        return FAILED
    mode: Mode = "items" if args.items is not None else args.mode
    framed = args.frame == "auto" or (args.frame is None and args.sse is not None)
    view = make_view(mode, items=args.items, compact=args.compact, strict=not args.lenient,
                     framed=framed, max_depth=args.max_depth, completion=args.completion,
                     repair=args.repair or Repair.NONE)
    source = SseText(args.sse, tool_call=args.tool_call) if args.sse else RawInput()
    try:
        fd = streams.stdin if args.file == "-" else os.open(args.file, os.O_RDONLY)
    except OSError as error:
        streams.error("parse", f"cannot read {args.file}: {error.strerror}")
        return FAILED
    try:
        return _parse(read_chunks(fd), source, JsonFeed(view.engine, framed=framed), view,
                      JsonLines(streams.stdout, pretty=args.pretty), streams)
    except UnreadableInput as error:
        streams.error("parse", f"cannot read {args.file}: {error}")
        return FAILED
    finally:
        if fd != streams.stdin:
            os.close(fd)


def _check(args: argparse.Namespace) -> str:
    """What is wrong with the combination of options, if anything."""
    if args.compact and args.mode != "patches":
        return "--compact goes with --patches"
    if args.tool_call is not None and args.sse is None:
        return "--tool-call goes with --sse"
    if args.items and not args.items.startswith("/"):
        return f"--items takes a JSON Pointer pattern starting with '/', not {args.items!r}"
    return ""


def _parse(chunks: Iterator[bytes], source: RawInput | SseText, feed: JsonFeed, view: View,
           out: JsonLines, streams: Streams) -> int:
    """Feed every chunk, write what each produced; at the end, report and return the status."""
    cut = ""  # why the event stream was incomplete
    repairs = RepairReport(view.engine, feed, streams)
    try:
        for data in chunks:
            feed.feed(source.feed(data))
            out.write(view.records())
            repairs.report()
            source.check()
        feed.feed(source.close())
        out.write(view.records())
        source.check()
        cut = source.cut_off()
        feed.close()
        out.write(view.records())
        repairs.report()
    except JsonStreamError as error:
        try:
            out.write(view.records())  # the delta views hand out what completed before the error, once
        except JsonStreamError:
            pass  # (the values view shows no value after an error)
        repairs.report()
        notes = "".join(f"\n  ({note})" for note in (cut, source.hint()) if note)
        streams.error("parse", describe_json_error(error, feed.locate(error)) + notes)
        return exit_status(error)
    except ProviderError as error:  # an error event, or an event that is not JSON
        streams.error("parse", str(error))
        return INVALID
    if cut:
        streams.error("parse", cut)
        return CUT_OFF
    return OK
