"""Running the command line: in this process (fast), or as a real process fed through a pipe."""

from __future__ import annotations

import io
import json
import os
import signal
import select
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chunkwise.cli import main
from chunkwise.cli.common import Streams

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Result:
    status: int
    out: bytes
    err: str

    @property
    def records(self) -> list[Any]:
        """The JSON lines written."""
        return [json.loads(line) for line in self.out.splitlines()]


def run_cli(*argv: str, data: bytes = b"") -> Result:
    """``chunkwise ARGV`` in this process, reading ``data`` from a pipe."""
    read_fd, write_fd = os.pipe()

    def write() -> None:
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(data)

    writer = threading.Thread(target=write)
    writer.start()
    out, err = io.BytesIO(), io.StringIO()
    try:
        status = main(list(argv), Streams(read_fd, out, err))
    finally:
        writer.join()
        os.close(read_fd)
    return Result(status, out.getvalue(), err.getvalue())


def _interruptible() -> None:
    """Give the child Ctrl-C's default action: a suite started in the background (``cmd &``
    without job control) ignores SIGINT, and a child inherits that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Process:
    """``python -m chunkwise ARGV`` as a real process; its stdin is a pipe the test feeds."""

    def __init__(self, *argv: str, merge_stderr: bool = False, env: dict[str, str] | None = None,
                 command: list[str] | None = None) -> None:
        self.proc = subprocess.Popen(
            [*(command or [sys.executable, "-m", "chunkwise"]), *argv], cwd=ROOT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT if merge_stderr else subprocess.PIPE,
            env={**os.environ, **(env or {})}, preexec_fn=_interruptible)
        self.pending = b""

    def send(self, data: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def read_line(self, timeout: float = 20.0) -> bytes:
        """The next line of output, while the input may still be open."""
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        while b"\n" not in self.pending:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([fd], [], [], max(left, 0))
            if not ready:
                raise AssertionError(f"no line within {timeout} s; got {self.pending!r}")
            piece = os.read(fd, 65536)
            if not piece:
                raise AssertionError(f"the output ended; got {self.pending!r}")
            self.pending += piece
        line, self.pending = self.pending.split(b"\n", 1)
        return line

    def finish(self, timeout: float = 30.0) -> Result:
        """Close the input; the exit status, the rest of the output and stderr."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.close()
        rest = self.proc.stdout.read()
        err = self.proc.stderr.read().decode() if self.proc.stderr is not None else ""
        status = self.proc.wait(timeout)
        return Result(status, self.pending + rest, err)
