"""Run chunkwise's fuzz campaigns for a fixed time: ``python -m fuzz --minutes 10``.

Round after round, with fresh random seeds, every selected check runs under a
Hypothesis profile (``long`` by default): the four checkers of ``chunkwise.testing``
over each target of ``fuzz/targets.py`` (the engine and every output parser), and
the engine's own deeper properties from ``tests/jsonstream``. The time is shared
out from the first round on: each check of a round gets an equal slice of what
is left (at most ``--batch`` examples), so the run ends on time however slow a
check is. A failure is shrunk by Hypothesis and saved to the regression corpus,
which the normal test suite replays: ``fuzz/corpus/parsers/`` (target, check, text
and chunks, as JSON) or, for the engine's properties, ``fuzz/corpus/jsonstream/``
(the text). A target's check then goes on looking for failures of other kinds
(an engine property, which cannot tell kinds apart, is dropped), and the run ends
with status 1. Run from the repository root, with the test extra installed:

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
from dataclasses import dataclass, field
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
    """Write a shrunk failure of a target's check (its text pieces) to fuzz/corpus/parsers/."""
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


@dataclass
class Job:
    """One check of the campaign: ``run(ignore)`` runs a batch passing over the failure
    kinds already found; ``save(error)`` writes a failure to the corpus (its path, or '')."""

    name: str
    run: Callable[[set[str]], None]
    save: Callable[[BaseException], str]
    kinds_apart: bool = True  # False: the job cannot pass over a kind, so a failure ends it
    found: set[str] = field(default_factory=set)
    dead: bool = False


def _target_job(target: Any, check: str) -> Job:
    def save(error: BaseException) -> str:
        return str(save_failure(target.name, check, error.text, error.pieces))  # type: ignore[attr-defined]

    return Job(f"{target.name}:{check}", lambda ignore: target.check(check, ignore=ignore), save)


def _legacy_job(module: str, fname: str) -> Job:
    """An engine property of tests/jsonstream, stopped by the campaign's time budget too."""
    from hypothesis import settings

    from chunkwise.testing.search import OutOfTime, out_of_time, seeded_if_budgeted

    test = getattr(importlib.import_module(module), fname)
    inner = test.hypothesis.inner_test

    def budgeted(*args: Any, **kwargs: Any) -> None:
        if out_of_time():
            raise OutOfTime
        inner(*args, **kwargs)

    def run(ignore: set[str]) -> None:
        test.hypothesis.inner_test = budgeted  # Hypothesis' documented hook for wrapping a test's body
        try:
            seeded_if_budgeted(test, settings.default)()
        finally:
            test.hypothesis.inner_test = inner

    def save(error: BaseException) -> str:
        import jsonstream_props

        text = jsonstream_props.LAST_TEXT
        return str(save_engine_text(text, fname)) if text is not None else ""

    return Job(f"jsonstream:{fname}", run, save, kinds_apart=False)


def select(target: str, check: str | None) -> list[Job]:
    """Every check matching the selection."""
    from fuzz.targets import CHECKS, LEGACY, TARGETS

    chosen = [_target_job(t, c) for t in TARGETS.values()
              if target in ("all", t.name) or target in t.tags or (target == "parsers" and "engine" not in t.tags)
              for c in CHECKS if check in (None, c)]
    if target in ("all", "engine", "jsonstream") and check in (None, "legacy"):
        chosen += [_legacy_job(module, fname) for module, fname in LEGACY]
    return chosen


def _run_slice(job: Job, seconds: float, no_save: bool) -> str:
    """Run one batch of ``job`` for at most ``seconds``; returns the line to print."""
    from chunkwise.testing import PropertyFailure, time_budget
    from chunkwise.testing.search import OutOfTime

    t0 = time.monotonic()
    try:
        with time_budget(seconds):
            job.run(job.found)
    except OutOfTime:
        pass  # the slice ended before the batch did
    except Exception as error:
        where = "" if no_save else job.save(error)
        kind = error.kind if isinstance(error, PropertyFailure) else repr(error)[:200]
        job.found.add(kind)
        job.dead = not (job.kinds_apart and isinstance(error, PropertyFailure))
        saved = f"\n     shrunk failure saved to {where}" if where else ""
        return f"FAIL {job.name} [{kind}]\n{traceback.format_exc()}{saved}"
    return f"  ok  {job.name:60s} {time.monotonic() - t0:6.1f} s"


def _campaign(jobs: list[Job], budget: float, rounds: int | None, no_save: bool) -> int:
    """Run rounds until the time (or the rounds) run out; returns how many ran."""
    deadline = time.monotonic() + budget
    done = 0
    while (rounds is None or done < rounds) and time.monotonic() < deadline:
        live = [j for j in jobs if not j.dead]
        if not live:
            break
        for i, job in enumerate(live):
            left = deadline - time.monotonic()
            if left <= 0:
                break
            print(_run_slice(job, left / (len(live) - i), no_save), flush=True)
        done += 1
    return done


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m fuzz", description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=None, help="how long to run (default 10)")
    ap.add_argument("--seconds", type=float, default=None, help="how long to run, in seconds")
    ap.add_argument("--rounds", type=int, default=None, help="stop after this many rounds (default: run out the time)")
    ap.add_argument("--target", default="all",
                    help="all (default), engine, parsers, or one target of fuzz/targets.py (e.g. json)")
    ap.add_argument("--check", default=None, help="split, final, monotone, junk or legacy (default: all)")
    ap.add_argument("--profile", default="long", help="Hypothesis profile from chunkwise.testing (default: long)")
    ap.add_argument("--batch", type=int, default=300, help="examples per check per round, at most the profile's")
    ap.add_argument("--no-save", action="store_true", help="do not write failures to the corpus")
    args = ap.parse_args(argv)
    budget = args.seconds if args.seconds is not None else 60 * (args.minutes if args.minutes is not None else 10)

    sys.path.insert(0, str(REPO))
    from hypothesis import settings

    from chunkwise.testing import PROFILES

    profile = PROFILES[args.profile]
    settings.register_profile("campaign", settings(profile, max_examples=min(args.batch, profile.max_examples)))
    settings.load_profile("campaign")
    jobs = select(args.target, args.check)
    if not jobs:
        print(f"nothing matches --target {args.target} --check {args.check}", file=sys.stderr)
        return 2

    print(f"campaign: {len(jobs)} checks, at most {settings.default.max_examples} examples each per round, "
          f"profile {args.profile}, {budget:.0f} s", flush=True)
    start = time.monotonic()
    rounds = _campaign(jobs, budget, args.rounds, args.no_save)
    failing = [j for j in jobs if j.found]
    print(f"done: {rounds} round(s), {len(jobs)} checks in {time.monotonic() - start:.0f} s, "
          f"{sum(len(j.found) for j in failing)} distinct failure(s) in {len(failing)} check(s)", flush=True)
    for job in failing:
        for kind in sorted(job.found):
            print(f"  FAILED {job.name}: {kind}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
