"""The runtime library never imports Hypothesis or lark: only chunkwise.testing does."""

from __future__ import annotations

import subprocess
import sys

CHECK = (
    "import sys, chunkwise\n"
    "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('hypothesis', 'lark', 'chunkwise')"
    " and (m.startswith(('hypothesis', 'lark')) or m.startswith('chunkwise.testing')))\n"
    "print(loaded)\n"
)


def test_import_chunkwise_loads_no_hypothesis_or_lark() -> None:
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_testing_names_are_not_in_the_flat_namespace() -> None:
    import chunkwise

    assert not any(hasattr(chunkwise, name) for name in ("check_split_invariance", "chunkings", "CI"))
