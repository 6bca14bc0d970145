"""What every subcommand shares: exit statuses, the streams it uses, error reports.

Exit statuses (the same for every subcommand):

* 0 -- done: a complete, valid document (or answer);
* 1 -- invalid: the input (the model's answer) is not valid JSON, or not the schema;
* 2 -- cut off: the input ended before the JSON value (or the event stream) did;
* 3 -- could not run: bad arguments, an unreadable file, a provider that failed;
* 130 -- interrupted (Ctrl-C); 141 -- the reader of the output went away (``| head``).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from typing import BinaryIO, NoReturn, TextIO

from chunkwise.cli.feeding import Location
from chunkwise.jsonstream import IncompleteJsonError, JsonStreamError

__all__ = ["CUT_OFF", "FAILED", "INVALID", "OK", "ArgumentParser", "Streams", "describe_json_error",
           "exit_status"]

OK, INVALID, CUT_OFF, FAILED = 0, 1, 2, 3
INTERRUPTED, BROKEN_PIPE = 130, 141


@dataclass
class Streams:
    """The process's input (a file descriptor, read as the bytes arrive) and outputs."""

    stdin: int
    stdout: BinaryIO
    stderr: TextIO

    def error(self, command: str, message: str) -> None:
        """Write ``chunkwise COMMAND: message`` to stderr (after what stdout was given)."""
        self.stdout.flush()
        self.stderr.write(f"chunkwise {command}: {message}\n")
        self.stderr.flush()


class ArgumentParser(argparse.ArgumentParser):
    """argparse, except that a usage error exits with 3: 2 means "cut off" here."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(FAILED, f"{self.prog}: error: {message}\n")


def describe_json_error(error: JsonStreamError, at: Location) -> str:
    """The engine's ``error`` as a report: what, where (``at``, in the whole input), the excerpt."""
    kind = "input cut off" if isinstance(error, IncompleteJsonError) else "invalid JSON"
    where = f"at line {at.lineno}, column {at.colno} (character {at.pos}), path {json.dumps(error.path)}"
    report = f"{kind}: {error.msg}\n  {where}"
    if error.excerpt:
        report += f"\n  excerpt: {json.dumps(error.excerpt, ensure_ascii=False)}"
    return report


def exit_status(error: JsonStreamError) -> int:
    """1 for invalid JSON, 2 for JSON cut off."""
    return CUT_OFF if isinstance(error, IncompleteJsonError) else INVALID
