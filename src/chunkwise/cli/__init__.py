"""The command line: ``chunkwise parse``, ``chunkwise chat``, ``chunkwise demo``.

A thin layer over the library (DESIGN.md): each subcommand is one module with
``add_parser`` (its options) and ``run(args, streams) -> exit status``;
:mod:`.common` lists the exit statuses. ``python -m chunkwise`` and the console
script ``chunkwise`` both call :func:`main`. See ``docs/cli.md``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

from chunkwise.cli import chat, demo, parse
from chunkwise.cli.common import BROKEN_PIPE, INTERRUPTED, ArgumentParser, Streams

__all__ = ["build_parser", "main"]


def _version() -> str:
    try:
        return version("chunkwise")
    except PackageNotFoundError:  # run from a source tree that was not installed
        return "unknown"


def build_parser() -> ArgumentParser:
    """The ``chunkwise`` argument parser, with every subcommand."""
    cli = ArgumentParser(prog="chunkwise", description="Parse LLM output while it streams.")
    cli.add_argument("--version", action="version", version=f"chunkwise {_version()}")
    commands = cli.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                  parser_class=ArgumentParser)
    for command in (parse, chat, demo):
        command.add_parser(commands)
    return cli


def main(argv: Sequence[str] | None = None, streams: Streams | None = None) -> int:
    """Run the command line ``argv`` (default: the process's arguments); return the exit status."""
    args = build_parser().parse_args(argv)
    if streams is None:
        streams = Streams(sys.stdin.fileno() if sys.stdin is not None else 0, sys.stdout.buffer,
                          sys.stderr)
    try:
        status: int = args.run(args, streams)
    except KeyboardInterrupt:
        return INTERRUPTED
    except BrokenPipeError:  # the reader went away (``| head``): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return BROKEN_PIPE
    return status
