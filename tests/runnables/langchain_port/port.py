"""Fetch langchain-core's source distribution and port its streaming tests to chunkwise.

Run by ``test_langchain_port.py`` (or by hand: ``python tests/runnables/langchain_port/port.py``
prints where the ported tree is). The sdist is downloaded with pip into a cache dir
(``$CHUNKWISE_PORT_CACHE``, default ``.cache/langchain-port`` at the repository root),
the selected test files and their helpers are extracted, and every import from
``langchain_core`` is rewritten to import the same names from ``lc_names`` (which
finds them in chunkwise). Nothing from langchain-core's tests is kept in the repository.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from selection import SELECTED, SUPPORT, VERSION  # type: ignore[no-redef]
else:
    from .selection import SELECTED, SUPPORT, VERSION

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]

# `from langchain_core.x.y import (a, b)` / `from langchain_core import a`, one or more lines.
_FROM_IMPORT = re.compile(
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


def _rewrite_import(match: re.Match[str]) -> str:
    module, indent = match["module"], match["indent"]
    if not module.startswith(_NO_COUNTERPART):
        return f"{indent}from lc_names import {match['names']}"
    names = [n.strip() for n in match["names"].strip("()").replace("\n", " ").split(",") if n.strip()]
    found = [n for n in names if n.split(" as ")[0] in _COUNTERPARTS]
    lines = [f"{indent}from lc_missing import ({', '.join(n for n in names if n not in found)},)"]
    if found:
        lines.append(f"{indent}from lc_names import ({', '.join(found)},)")
    return "\n".join(line for line in lines if "(,)" not in line)


def rewrite(source: str) -> str:
    """The test source with its langchain imports taken from chunkwise instead."""
    return _FROM_IMPORT.sub(_rewrite_import, source)


def port(version: str = VERSION) -> Path:
    """The ported test tree (built once per version): test files, helpers, conftest."""
    tree = cache_dir() / f"ported-{version}"
    stamp = tree / ".complete"
    sources = [HERE / name for name in ("port.py", "lc_names.py", "lc_missing.py", "conftest_port.py",
                                         "selection.py")]
    if stamp.exists() and all(s.stat().st_mtime <= stamp.stat().st_mtime for s in sources):
        return tree
    archive = fetch_sdist(version)
    if tree.exists():
        shutil.rmtree(tree)
    tree.mkdir(parents=True)
    prefix = f"langchain_core-{version}/"
    wanted = {*SELECTED, *SUPPORT}
    with tarfile.open(archive) as sdist:
        for member in sdist.getmembers():
            name = member.name.removeprefix(prefix)
            if name in wanted:
                data = sdist.extractfile(member)
                assert data is not None
                destination = tree / name
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_text(rewrite(data.read().decode("utf-8")), encoding="utf-8")
                wanted.discard(name)
    for missing in sorted(wanted):  # a helper package without an __init__ in this release
        if missing.endswith("__init__.py"):
            (tree / missing).parent.mkdir(parents=True, exist_ok=True)
            (tree / missing).write_text("", encoding="utf-8")
        else:
            raise PortUnavailable(f"{missing} is not in langchain-core {version}'s sdist")
    for name in ("lc_names.py", "lc_missing.py", "selection.py"):
        shutil.copy(HERE / name, tree / name)
    shutil.copy(HERE / "conftest_port.py", tree / "conftest.py")
    (tree / "pytest.ini").write_text(
        "[pytest]\naddopts = -p no:cacheprovider\n"
        "filterwarnings = ignore::DeprecationWarning\n", encoding="utf-8")
    stamp.touch()
    return tree


if __name__ == "__main__":
    print(port())
