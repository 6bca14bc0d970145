#!/usr/bin/env python
"""Fuzz campaign for the incremental JSON engine (chunkwise.jsonstream).

Runs the same Hypothesis properties as tests/jsonstream (split invariance and the
completion rules, patches, items, events, near-JSON vs the grammar) with the "long"
profile, round after round with fresh random seeds, for a fixed time. A failing
property is shrunk by Hypothesis; its minimal text is written to
fuzz/corpus/jsonstream/ (replayed by tests/jsonstream/test_corpus.py from then on),
the property is dropped from later rounds, the others keep running, and the run
ends with status 1. Failing examples are also kept in Hypothesis' database
(.hypothesis/), so the next run tries them first.

    python fuzz/campaign_jsonstream.py --minutes 10
    python fuzz/campaign_jsonstream.py --seconds 20 --profile ci     # a smoke run
    python fuzz/campaign_jsonstream.py --minutes 5 --only near_json  # one property

Needs the test extra: pip install -e ".[test]".
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import sys
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "fuzz" / "corpus" / "jsonstream"
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "tests" / "jsonstream"))

# (module, test function) pairs: the property tests of tests/jsonstream
PROPERTIES = [
    ("test_properties", "test_split_invariance_dumped_values"),
    ("test_properties", "test_split_invariance_grammar_texts"),
    ("test_properties", "test_feed_returns_true_exactly_when_value_changed"),
    ("test_patches_oracle", "test_patches_rebuild_every_shown_value"),
    ("test_patches_oracle", "test_patches_over_bytes"),
    ("test_items_oracle", "test_items_match_oracle"),
    ("test_events_oracle", "test_events_replay_to_loads"),
    ("test_events_oracle", "test_events_replay_bytes"),
    ("test_grammar_oracle", "test_near_json_accepted_iff_grammar_accepts"),
]


def save_to_corpus(text: str | bytes, prop: str) -> Path:
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    CORPUS.mkdir(parents=True, exist_ok=True)
    path = CORPUS / f"{prop.removeprefix('test_')[:40]}-{hashlib.sha1(data).hexdigest()[:12]}.json"
    if not path.exists():
        path.write_bytes(data)
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=None, help="how long to run (default 10)")
    ap.add_argument("--seconds", type=float, default=None, help="how long to run, in seconds")
    ap.add_argument("--profile", default="long", help="Hypothesis profile from tests/conftest.py (default: long)")
    ap.add_argument("--examples", type=int, default=None, help="override max_examples per round")
    ap.add_argument("--only", default=None, help="run only properties whose name contains this")
    ap.add_argument("--no-save", action="store_true", help="do not write findings to the corpus")
    args = ap.parse_args(argv)
    budget = args.seconds if args.seconds is not None else 60 * (args.minutes if args.minutes is not None else 10)

    import conftest  # registers the Hypothesis profiles  # noqa: F401
    import jsonstream_props
    from hypothesis import settings

    settings.load_profile(args.profile)
    if args.examples is not None:
        settings.register_profile("campaign", settings(settings.get_profile(args.profile), max_examples=args.examples))
        settings.load_profile("campaign")

    props = [(m, f) for m, f in PROPERTIES if args.only is None or args.only in f]
    if not props:
        print(f"no property matches {args.only!r}", file=sys.stderr)
        return 2
    tests = [(f, getattr(importlib.import_module(m), f)) for m, f in props]

    deadline = time.monotonic() + budget
    rounds = 0
    failed: dict[str, str] = {}
    start = time.monotonic()
    print(f"jsonstream campaign: {len(tests)} properties, {settings.default.max_examples} examples/round, "
          f"{budget:.0f} s", flush=True)
    while time.monotonic() < deadline or rounds == 0:
        live = [(name, test) for name, test in tests if name not in failed]
        if not live:
            break
        for name, test in live:
            if time.monotonic() >= deadline and rounds > 0:
                break
            t0 = time.monotonic()
            jsonstream_props.LAST_TEXT = None
            try:
                test()
            except Exception:
                print(f"FAIL {name}\n{traceback.format_exc()}", flush=True)
                text = jsonstream_props.LAST_TEXT
                where = ""
                if text is not None and not args.no_save:
                    where = str(save_to_corpus(text, name))
                    print(f"     minimal text saved to {where}", flush=True)
                failed[name] = where or repr(text)
                continue  # keep fuzzing the other properties
            print(f"  ok  {name:55s} {time.monotonic() - t0:6.1f} s", flush=True)
        rounds += 1
    print(f"done: {rounds} round(s) in {time.monotonic() - start:.0f} s, {len(failed)} failing propert"
          f"{'y' if len(failed) == 1 else 'ies'}")
    for name, where in failed.items():
        print(f"  FAILED {name}: {where}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
