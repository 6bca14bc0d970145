"""Fetch langchain-core's source distribution and port some of its tests to chunkwise.

A :class:`Spec` says what is ported and how its imports are rewritten. ``RUNNABLES``
(this folder's) ports the streaming tests with every import from ``langchain_core``
rewritten to import the same names from ``lc_names`` (which finds them in
chunkwise); ``tests/langchain/port`` ports the output-parser tests with only the
parser classes pointed at ``chunkwise.langchain``. Run by the ``test_*_port.py``
tests (or by hand: ``python tests/runnables/langchain_port/port.py`` prints where
the ported tree is). The sdist is downloaded with pip into a cache dir
(``$CHUNKWISE_PORT_CACHE``, default ``.cache/langchain-port`` at the repository
root), shared by every spec; nothing from langchain-core's tests is kept in the
repository.
"""

from __future__ import annotations

import inspect
import os
import re
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import selection  # type: ignore[no-redef]
    from selection import VERSION  # type: ignore[no-redef]
else:
    from . import selection
    from .selection import VERSION

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]

# `from langchain_core.x.y import (a, b)` / `from langchain_core import a`, one or more lines.
FROM_IMPORT = re.compile(
    r"^(?P<indent>[ \t]*)from[ \t]+(?P<module>(?:langchain_core|langsmith|syrupy"
    r")[\w.]*)[ \t]+import[ \t]+(?P<names>\([^)]*\)|[^\n]*)",
    re.MULTILINE,
)
#: Modules with no chunkwise counterpart: their names import as placeholders that fail
#: when used (so only the tests that really need them fail).
_NO_COUNTERPART = ("langchain_core.tracers", "langchain_core.load", "langsmith", "syrupy")


class PortUnavailable(RuntimeError):
    """The source distribution could not be had (no network, pip failed)."""


def cache_dir() -> Path:
    return Path(os.environ.get("CHUNKWISE_PORT_CACHE", ROOT / ".cache" / "langchain-port"))


def fetch_sdist(version: str = VERSION) -> Path:
    """The sdist archive, downloaded once into the cache dir."""
    target = cache_dir() / "sdist"
    found = sorted(target.glob(f"langchain_core-{version}.tar.gz"))
    if found:
        return found[0]
    target.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
               "--disable-pip-version-check", "-q", f"langchain-core=={version}", "-d", str(target)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PortUnavailable(f"pip download langchain-core=={version}: {exc}") from exc
    found = sorted(target.glob(f"langchain_core-{version}.tar.gz"))
    if done.returncode != 0 or not found:
        raise PortUnavailable(
            f"pip download langchain-core=={version} failed: {done.stderr.strip()[-500:]}"
        )
    return found[0]


#: Names that the modules above do have counterparts for in chunkwise.
_COUNTERPARTS = {"RunLog", "RunLogPatch"}


def imported_names(match: re.Match[str]) -> list[str]:
    """The names (``X`` or ``X as Y``) a ``FROM_IMPORT`` match imports."""
    return [n.strip() for n in match["names"].strip("()").replace("\n", " ").split(",") if n.strip()]


def _rewrite_import(match: re.Match[str]) -> str:
    module, indent = match["module"], match["indent"]
    if not module.startswith(_NO_COUNTERPART):
        return f"{indent}from lc_names import {match['names']}"
    names = imported_names(match)
    found = [n for n in names if n.split(" as ")[0] in _COUNTERPARTS]
    lines = [f"{indent}from lc_missing import ({', '.join(n for n in names if n not in found)},)"]
    if found:
        lines.append(f"{indent}from lc_names import ({', '.join(found)},)")
    return "\n".join(line for line in lines if "(,)" not in line)


def rewrite(source: str) -> str:
    """The test source with its langchain imports taken from chunkwise instead."""
    return FROM_IMPORT.sub(_rewrite_import, source)


@dataclass(frozen=True)
class Spec:
    """One port: the tree's name, its ``selection`` module (``SELECTED``, ``SUPPORT``,
    ``VERSION``, ``EXCLUDED``, ``DIFFERENCES``), how a test file's source is
    rewritten, and the helper files copied beside the tests (``selection.py`` and
    ``conftest.py`` among them: name in the tree -> file)."""

    name: str
    selection: ModuleType
    rewrite: Callable[[str], str]
    helpers: dict[str, Path]

    @property
    def version(self) -> str:
        return str(self.selection.VERSION)


RUNNABLES = Spec("ported", selection, rewrite, {
    "lc_names.py": HERE / "lc_names.py",
    "lc_missing.py": HERE / "lc_missing.py",
    "selection.py": HERE / "selection.py",
    "conftest.py": HERE / "conftest_port.py",
})


def port(spec: Spec = RUNNABLES) -> Path:
    """The ported test tree (built once per version): test files, helpers, conftest."""
    version = spec.version
    tree = cache_dir() / f"{spec.name}-{version}"
    stamp = tree / ".complete"
    sources = [Path(__file__), Path(inspect.getfile(spec.rewrite)), *spec.helpers.values()]
    if stamp.exists() and all(s.stat().st_mtime <= stamp.stat().st_mtime for s in sources):
        return tree
    archive = fetch_sdist(version)
    if tree.exists():
        shutil.rmtree(tree)
    tree.mkdir(parents=True)
    prefix = f"langchain_core-{version}/"
    wanted = {*spec.selection.SELECTED, *spec.selection.SUPPORT}
    with tarfile.open(archive) as sdist:
        for member in sdist.getmembers():
            name = member.name.removeprefix(prefix)
            if name in wanted:
                data = sdist.extractfile(member)
                assert data is not None
                destination = tree / name
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_text(spec.rewrite(data.read().decode("utf-8")), encoding="utf-8")
                wanted.discard(name)
    for missing in sorted(wanted):  # a helper package without an __init__ in this release
        if missing.endswith("__init__.py"):
            (tree / missing).parent.mkdir(parents=True, exist_ok=True)
            (tree / missing).write_text("", encoding="utf-8")
        else:
            raise PortUnavailable(f"{missing} is not in langchain-core {version}'s sdist")
    for name, source in spec.helpers.items():
        shutil.copy(source, tree / name)
    (tree / "pytest.ini").write_text(
        "[pytest]\naddopts = -p no:cacheprovider\n"
        "filterwarnings = ignore::DeprecationWarning\n", encoding="utf-8")
    stamp.touch()
    return tree


if __name__ == "__main__":
    print(port())
