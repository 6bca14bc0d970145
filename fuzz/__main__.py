"""Run chunkwise's fuzz campaigns for a fixed time: ``python -m fuzz --minutes 10``.

Round after round, with fresh random seeds, every selected check runs a batch of
examples under a Hypothesis profile (``long`` by default): the four checkers of
``chunkwise.testing`` over each target of ``fuzz/targets.py`` (the engine and every
output parser), and the engine's own deeper properties from ``tests/jsonstream``.
A failure is shrunk by Hypothesis and saved to the regression corpus, which the
normal test suite replays: ``fuzz/corpus/parsers/`` (target, check, text and chunks,
as JSON) or, for the engine's properties, ``fuzz/corpus/jsonstream/`` (the text).
A failing check is dropped from later rounds, the others keep running, and the run
ends with status 1. Run from the repository root, with the test extra installed:

    python -m fuzz --minutes 10                      # everything
    python -m fuzz --minutes 10 --target engine      # the engine only
    python -m fuzz --seconds 20 --target json --check split --profile ci
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "fuzz" / "corpus"


def _encode(value: Any) -> Any:
    """Text or chunks as JSON: bytes as {"bytes": latin-1 text}."""
    if isinstance(value, (bytes, bytearray)):
        return {"bytes": bytes(value).decode("latin-1")}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return str(value)


def decode(value: Any) -> Any:
    """The inverse of the corpus encoding."""
    if isinstance(value, dict):
        return value["bytes"].encode("latin-1")
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


def save_failure(target: str, check: str, text: Any, chunks: list[Any]) -> Path:
    """Write a shrunk failure of a target's check to fuzz/corpus/parsers/."""
    entry = {"target": target, "check": check, "text": _encode(text), "chunks": _encode(chunks)}
    data = json.dumps(entry, ensure_ascii=True, indent=1).encode()
    path = CORPUS / "parsers" / f"{target}--{check}--{hashlib.sha1(data).hexdigest()[:12]}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def save_engine_text(text: str | bytes, prop: str) -> Path:
    """Write the text of a failing engine property to fuzz/corpus/jsonstream/."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    path = CORPUS / "jsonstream" / f"{prop.removeprefix('test_')[:40]}-{hashlib.sha1(data).hexdigest()[:12]}.json"
    path.write_bytes(data)
    return path


def select(target: str, check: str | None) -> list[tuple[str, Callable[[], None], Callable[[BaseException], str]]]:
    """(name, run one batch, save a failure) for every check matching the selection."""
    from chunkwise.testing import PropertyFailure
    from fuzz.targets import CHECKS, LEGACY, TARGETS

    def saver(tname: str, cname: str) -> Callable[[BaseException], str]:
        def save(error: BaseException) -> str:
            found = _find(error, PropertyFailure)
            return str(save_failure(tname, cname, found.text, found.chunks)) if found else ""
        return save

    def legacy_saver(fname: str) -> Callable[[BaseException], str]:
        def save(error: BaseException) -> str:
            import jsonstream_props

            text = jsonstream_props.LAST_TEXT
            return str(save_engine_text(text, fname)) if text is not None else ""
        return save

    chosen: list[tuple[str, Callable[[], None], Callable[[BaseException], str]]] = []
    for t in TARGETS.values():
        if target in ("all", t.name) or target in t.tags or (target == "parsers" and "engine" not in t.tags):
            for c in CHECKS:
                if check in (None, c):
                    chosen.append((f"{t.name}:{c}", lambda t=t, c=c: t.check(c), saver(t.name, c)))
    if target in ("all", "engine", "jsonstream") and check in (None, "legacy"):
        for module, fname in LEGACY:
            test = getattr(importlib.import_module(module), fname)
            chosen.append((f"jsonstream:{fname}", test, legacy_saver(fname)))
    return chosen


def _find(error: BaseException, kind: type[Any]) -> Any:
    """``error`` or the first exception of that kind inside an exception group."""
    if isinstance(error, kind):
        return error
    for inner in getattr(error, "exceptions", ()):
        found = _find(inner, kind)
        if found is not None:
            return found
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m fuzz", description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=None, help="how long to run (default 10)")
    ap.add_argument("--seconds", type=float, default=None, help="how long to run, in seconds")
    ap.add_argument("--target", default="all",
                    help="all (default), engine, parsers, or one target of fuzz/targets.py (e.g. json)")
    ap.add_argument("--check", default=None, help="split, final, monotone, junk or legacy (default: all)")
    ap.add_argument("--profile", default="long", help="Hypothesis profile from chunkwise.testing (default: long)")
    ap.add_argument("--batch", type=int, default=300,
                    help="examples per check per round, at most the profile's (keeps the time budget)")
    ap.add_argument("--no-save", action="store_true", help="do not write failures to the corpus")
    args = ap.parse_args(argv)
    budget = args.seconds if args.seconds is not None else 60 * (args.minutes if args.minutes is not None else 10)

    sys.path.insert(0, str(REPO))
    from hypothesis import settings

    from chunkwise.testing import PROFILES

    profile = PROFILES[args.profile]
    settings.register_profile("campaign", settings(profile, max_examples=min(args.batch, profile.max_examples)))
    settings.load_profile("campaign")
    checks = select(args.target, args.check)
    if not checks:
        print(f"nothing matches --target {args.target} --check {args.check}", file=sys.stderr)
        return 2

    print(f"campaign: {len(checks)} checks, {settings.default.max_examples} examples each per round, "
          f"profile {args.profile}, {budget:.0f} s", flush=True)
    start = time.monotonic()
    deadline = start + budget
    rounds, examples = 0, 0
    failed: dict[str, str] = {}
    while rounds == 0 or time.monotonic() < deadline:
        live = [c for c in checks if c[0] not in failed]
        if not live:
            break
        for name, batch, save in live:
            if rounds > 0 and time.monotonic() >= deadline:
                break
            t0 = time.monotonic()
            try:
                batch()
            except Exception as error:
                print(f"FAIL {name}\n{traceback.format_exc()}", flush=True)
                where = "" if args.no_save else save(error)
                if where:
                    print(f"     shrunk failure saved to {where}", flush=True)
                failed[name] = where or repr(error)[:200]
                continue
            examples += settings.default.max_examples
            print(f"  ok  {name:60s} {time.monotonic() - t0:6.1f} s", flush=True)
        rounds += 1
    print(f"done: {rounds} round(s), {len(checks)} checks, ~{examples} examples in "
          f"{time.monotonic() - start:.0f} s, {len(failed)} failing", flush=True)
    for name, where in failed.items():
        print(f"  FAILED {name}: {where}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
