"""The layers of DESIGN.md: dependencies point down only, and the engine needs only the standard library.

Walks each module's import statements (without importing anything), so a stray
import is caught even on a path no test runs. A layer may be a sub-package
(``providers.wire``): its files must keep to its own list as well as to the
layer's. Then one import check at run time: ``import chunkwise`` loads no
optional dependency, and the providers' HTTP client only when a request is sent.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "chunkwise"

#: What each layer may import besides the standard library and itself.
ALLOWED = {
    # the standard library, and the optional native engine (imported lazily, by backends.py only)
    "jsonstream": {"chunkwise_native"},
    "runnables": {"pydantic"},
    "models": {"pydantic", "chunkwise.runnables", "chunkwise.jsonstream"},
    "parsers": {"pydantic", "chunkwise.runnables", "chunkwise.jsonstream", "chunkwise.models"},
    # the fuzzing toolkit: Hypothesis and lark, and the models only to deliver texts as message chunks
    "testing": {"hypothesis", "lark", "chunkwise.models"},
    "providers": {"pydantic", "httpx2", "chunkwise.runnables", "chunkwise.jsonstream",
                  "chunkwise.models", "chunkwise.parsers"},
    # the wire decoders: the standard library only, so the CLI can reuse them anywhere
    "providers.wire": set(),
    # interop with LangChain: the only layer that imports langchain_core
    "langchain": {"pydantic", "langchain_core", "chunkwise.runnables", "chunkwise.jsonstream",
                  "chunkwise.models", "chunkwise.parsers"},
    # the command line: a thin layer over all of the above, and no optional dependency
    "cli": {"pydantic", "chunkwise.jsonstream", "chunkwise.runnables", "chunkwise.models",
            "chunkwise.parsers", "chunkwise.providers", "chunkwise.samples"},
}

#: The only module (or folder, ending in ``/``) that may import each optional dependency.
ONLY_IN = {"httpx2": "providers/http.py", "langchain_core": "langchain/", "chunkwise_native": "jsonstream/backends.py"}


def may_import(path: Path, module: str) -> bool:
    """Whether ``path`` may import ``module`` as far as ``ONLY_IN`` goes."""
    where = ONLY_IN.get(module.split(".")[0])
    relative = path.relative_to(PACKAGE).as_posix()
    return where is None or relative == where or (where.endswith("/") and relative.startswith(where))


def imported_modules(path: Path) -> set[str]:
    """Absolute names of the modules a file imports (relative imports resolved)."""
    package = "chunkwise." + ".".join(path.relative_to(PACKAGE).parent.parts)
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                names.add(f"{base}.{node.module}" if node.module else base)
            elif node.module:
                names.add(node.module)
    return names


def allowed(layer: str, module: str) -> bool:
    top = module.split(".")[0]
    if top in sys.stdlib_module_names or top == "__future__":
        return True
    if module == f"chunkwise.{layer}" or module.startswith(f"chunkwise.{layer}."):
        return True
    return any(module == name or module.startswith(name + ".") for name in ALLOWED[layer])


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_only_what_lies_below(layer: str) -> None:
    stray = {
        f"{path.relative_to(PACKAGE)}: {module}"
        for path in sorted((PACKAGE / layer.replace(".", "/")).rglob("*.py"))
        for module in imported_modules(path)
        if not allowed(layer, module) or not may_import(path, module)
    }
    assert not stray, f"{layer} imports outside its layer: {sorted(stray)}"


CHECK = """
import sys, chunkwise, chunkwise.providers.wire
optional = ("httpx", "httpx2", "httpcore2", "anyio", "hypothesis", "lark", "openai", "anthropic",
            "langchain_core", "jsonpatch")
print(sorted(m for m in sys.modules if m.split(".")[0] in optional))
model = chunkwise.ChatOpenAI(model="m", base_url="http://127.0.0.1:9", api_key="k")
model.transport  # the first request makes the transport
print("httpx2" in sys.modules)
"""


def test_import_chunkwise_loads_no_optional_dependency() -> None:
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[:2] == ["[]", "True"]


def test_the_walk_sees_imports() -> None:
    names = imported_modules(PACKAGE / "parsers" / "json.py")
    assert any(name.startswith("chunkwise.jsonstream") for name in names)


def test_the_package_requires_the_python_its_patterns_need() -> None:
    # The engine's patterns use possessive quantifiers (new in 3.11: 3.10 raises
    # "multiple repeat" at import), so the package must not claim 3.10.
    text = (PACKAGE.parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert 'requires-python = ">=3.11"' in text
