"""What a person sees: the demo and ``chat --json`` in a real terminal (tmux).

The command is typed into a shell in a detached tmux pane of a known size
(``send-keys``); the screen, and everything that scrolled off it, is read back
with ``capture-pane``. Redrawn in place means: each partial value was on the
screen while it was current, and only the last one is left anywhere -- nothing
printed twice, no intermediate frame in the scrollback.
"""

from __future__ import annotations

import itertools
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.providers.server import ReplayServer

from .helpers import ROOT

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None,
                                reason="needs tmux (apt-get install tmux; .ci/run installs it)")

_NAMES = itertools.count()


class Terminal:
    """A shell in a detached tmux pane of ``columns`` x ``lines``, on a server of its own
    (its socket in ``folder``, so nothing is left behind)."""

    def __init__(self, columns: int, lines: int, folder: Path) -> None:
        self.socket = str(folder / f"tmux-{next(_NAMES)}")
        self.tmux("new-session", "-d", "-x", str(columns), "-y", str(lines), "-c", str(ROOT),
                  "env -u COLUMNS -u LINES PS1='$ ' sh")

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-S", self.socket, "-f", "/dev/null", *args],
                              capture_output=True, text=True, check=True).stdout

    def type(self, command: str) -> None:
        """Type ``command`` and Enter; the shell prints ``EXIT=<status>`` when it is done."""
        self.tmux("send-keys", "-l", f"clear; {command}; echo EXIT=$?")
        self.tmux("send-keys", "Enter")

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-J")

    def everything(self) -> str:
        """The scrollback and the screen, wrapped lines joined."""
        return self.tmux("capture-pane", "-p", "-J", "-S", "-")

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while text not in (screen := self.screen()):
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not on the screen after {timeout} s:\n{screen}")
            time.sleep(0.05)
        return screen

    def close(self) -> None:
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def terminal() -> Iterator[Callable[[int, int], Terminal]]:
    made: list[Terminal] = []
    folder = Path(tempfile.mkdtemp(prefix="chunkwise-tmux-"))  # short: a socket path has a limit

    def make(columns: int = 100, lines: int = 40) -> Terminal:
        made.append(Terminal(columns, lines, folder))
        return made[-1]

    yield make
    for each in made:
        each.close()
    shutil.rmtree(folder, ignore_errors=True)


CHUNKWISE = f"{shlex.quote(sys.executable)} -m chunkwise"


def shown_lines(text: str, start: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(start)]


def test_the_demo_redraws_the_partial_value_in_place(terminal: Callable[[int, int], Terminal]) -> None:
    term = terminal(100, 40)
    term.type(f"{CHUNKWISE} demo --delay 0.04")
    frames = set()
    while "2. Each country" not in (screen := term.screen()):  # part 1: the live frame
        values, tokens = shown_lines(screen, "value: "), shown_lines(screen, "tokens (")
        assert len(values) <= 1 and len(tokens) <= 1, screen  # one frame, drawn over itself
        frames.update(values)
        time.sleep(0.03)
    assert len(frames) >= 5  # seen growing
    everything = term.wait_for("EXIT=0") and term.everything()
    assert shown_lines(everything, "tokens (") == [shown_lines(everything, "tokens (25)")[0]]
    assert shown_lines(everything, "value: ") == [
        'value: {"countries": [{"name": "France", "population": 67413000}, {"name": "Spain", '
        '"population": 47351567}, {"name": "Japan", "population": 125584000}]}']
    assert len(shown_lines(everything, "item  ")) == 3 and len(shown_lines(everything, "patch ")) == 20
    assert everything.index("value: ") < everything.index("item  ") < everything.index("patch ")


def test_chat_json_redraws_the_object_in_place(terminal: Callable[[int, int], Terminal],
                                               server: ReplayServer) -> None:
    term = terminal(80, 30)
    term.type(f"{CHUNKWISE} chat llamacpp:tiny 'Describe a country as JSON.' --json "
              f"--base-url {server.url}/v1")
    everything = term.wait_for("EXIT=0") and term.everything()
    assert everything.count('"name"') == 1 and everything.count('"population": 358') == 1
    assert '" fish live"' in everything and '"languages": []' not in everything


def test_a_frame_taller_than_the_screen_ends_whole_and_once(terminal: Callable[[int, int], Terminal],
                                                            server: ReplayServer) -> None:
    term = terminal(60, 5)  # the final object takes 7 lines
    term.type(f"{CHUNKWISE} chat llamacpp:tiny 'Describe a country as JSON.' --json "
              f"--base-url {server.url}/v1")
    term.wait_for("EXIT=0")
    lines = [line.strip() for line in term.everything().splitlines()]
    start = lines.index("{")
    assert lines[start:start + 8] == [
        "{", '"name": " but only by",', '"population": 358,', '"languages": [', '" fish live"',
        "]", "}", "EXIT=0"]
    assert lines.count("{") == 1 and not any("more line(s) above" in line for line in lines)
