"""Command line: ``python -m chunkwise demo`` streams the built-in sample through the engine,
then through a whole chain (fake chat model | JsonOutputParser)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from typing import TextIO

from chunkwise.jsonstream import IncrementalJsonParser
from chunkwise.models import ScriptedChatModel
from chunkwise.parsers import JsonOutputParser
from chunkwise.samples import COUNTRIES_PROMPT, COUNTRIES_TOKENS


def run_demo(delay: float, out: TextIO) -> None:
    """Feed the sample tokens one by one and print each partial value as it grows."""
    out.write("Streaming the countries answer token by token through IncrementalJsonParser:\n\n")
    parser = IncrementalJsonParser()
    for token in COUNTRIES_TOKENS:
        if parser.feed(token):
            out.write(f"{parser.value!r}\n")
            out.flush()
        if delay:
            time.sleep(delay)
    final = parser.close()
    out.write(f"\nclose() -> {final!r}\n")
    model = ScriptedChatModel(streams=[list(COUNTRIES_TOKENS)], delay=delay)
    out.write("\nThe same answer through a chain: ScriptedChatModel | JsonOutputParser():\n\n")
    for value in (model | JsonOutputParser()).stream(COUNTRIES_PROMPT):
        out.write(f"{value!r}\n")
        out.flush()
    out.write('\nWith JsonOutputParser(items="/countries/*"), each country once complete:\n\n')
    for country in (model | JsonOutputParser(items="/countries/*")).stream(COUNTRIES_PROMPT):
        out.write(f"{country!r}\n")
        out.flush()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``chunkwise`` console script."""
    cli = argparse.ArgumentParser(prog="chunkwise", description=__doc__)
    commands = cli.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="stream the built-in countries sample and print each partial value")
    demo.add_argument("--delay", type=float, default=0.05, help="seconds to wait between tokens (default 0.05)")
    args = cli.parse_args(argv)
    if args.command == "demo":
        run_demo(args.delay, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
