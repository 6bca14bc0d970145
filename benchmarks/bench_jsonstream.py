#!/usr/bin/env python
"""Streaming-JSON benchmark: chunkwise's engine side by side with the libraries it replaces.

    pip install -e ".[bench]"
    python benchmarks/bench_jsonstream.py --sizes 1k,10k,100k,1m     # the full table (several minutes)
    python benchmarks/bench_jsonstream.py --quick                     # 1k,10k, short cap

Generated LLM-shaped JSON documents (seeded RNG) of three shapes --
``records`` (a list of small objects), ``text`` (long strings with escapes and
non-ASCII) and ``numeric`` (arrays of numbers) -- at each size, cut into 1-8
character chunks (mean about 4), are streamed through:

  cw-value     chunkwise, feed(); read .value whenever feed() returns True
  cw-compact   chunkwise, feed(); patches(compact=True) after each feed
  cw-rfc       chunkwise, feed(); patches() (RFC 6902) after each feed
  cw-items     chunkwise items=<the shape's natural pattern>, items() after each feed
  cw-events    chunkwise events=True, events() after each feed
  cw-whole     chunkwise, the whole document as one feed() + close()
  cw-oneshot   chunkwise parse_partial_json(<complete text>) (on the backend "auto" picks)
  cwn-*        the cw-* cases (but oneshot) on the native engine (chunkwise_native), when installed;
               the cw-* cases run on the Python engine (backend="python")
  langchain    langchain_core JsonOutputParser().transform(iter(chunks))
  partial-json partial_json_parser.loads(<accumulated text>) after each chunk
  jiter        jiter.from_json(<accumulated>.encode(), partial_mode="trailing-strings") after each chunk
  sjp-feed     streaming_json_parser.StreamingJsonParser().feed(chunk), then finish()
  ijson-items  ijson's yajl2_c backend, items_coro(<the items pattern>).send(chunk.encode());
               its final value is the list of items (checked against json.loads')

Per case (the fastest of --best-of runs, default 3, for cases under 2 s; the
slow quadratic ones run once): total CPU time (process time), per-chunk wall
latency p50/p99, the ratio
to one json.loads of the whole document, and the growth exponent
log(t2/t1)/log(size2/size1) from the previous size. A case that passes the time
cap (--cap, default 20 s) is stopped and shown as "> cap" (nothing is
extrapolated). Each final value is compared with json.loads (MISMATCH flagged).
A summary of ratios between libraries follows the table.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import random
import statistics
import string
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

SHAPES = ("records", "text", "numeric")
#: Shapes that used to be cost cliffs, for growth checks (--shapes repeated,bignum).
HARD_SHAPES = ("repeated", "bignum")
PATTERNS = {
    "records": "/records/*",
    "text": "/sections/*",
    "numeric": "/values/*",
    "repeated": "/records/*",
    "bignum": "/values/*",
}


# --------------------------------------------------------------------------- documents

_WORDS = (
    "the model said that streaming output should be parsed while it arrives and never re-read "
    "population capital river mountain café naïve résumé Zürich São Paulo 東京 emoji 😀 data value"
).split()


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n))


def make_document(shape: str, size: int, seed: int = 1) -> str:
    """An LLM-shaped JSON text of about ``size`` characters."""
    rng = random.Random(f"{shape}-{size}-{seed}")
    if shape == "records":
        recs: list[Any] = []
        doc: dict[str, Any] = {"records": recs, "source": "bench"}
        total = 40
        i = 0
        while total < size:
            rec = {
                "id": i,
                "name": _sentence(rng, 2).title(),
                "city": rng.choice(["Paris", "Madrid", "Zürich", "New York", "São Paulo"]),
                "population": rng.randint(1_000, 50_000_000),
                "score": round(rng.uniform(-100, 100), 3),
                "active": rng.random() < 0.5,
                "tags": [rng.choice(_WORDS) for _ in range(rng.randint(0, 3))],
                "note": None,
            }
            recs.append(rec)
            total += len(json.dumps(rec, ensure_ascii=False)) + 2
            i += 1
        return json.dumps(doc, ensure_ascii=False, indent=1)
    if shape == "text":
        # long strings (a quarter of the document each), with escapes: quotes,
        # backslashes, newlines, tabs, \\u escapes (ensure_ascii for some) and non-ASCII
        sections = []
        n_sections = 4
        per = max(20, size // n_sections - 60)
        for k in range(n_sections):
            parts, length = [], 0
            while length < per:
                s = _sentence(rng, rng.randint(4, 14))
                r = rng.random()
                if r < 0.15:
                    s = f'"{s}"'
                elif r < 0.25:
                    s += "\n\n"
                elif r < 0.30:
                    s += " C:\\path\\to\\file\t"
                parts.append(s)
                length += len(s) + 1
            body = " ".join(parts)[:per]
            sections.append({"heading": f"Section {k}", "body": body})
        doc = {"title": "A long answer", "sections": sections}
        text = json.dumps(doc, ensure_ascii=False)
        # escape a few non-ASCII characters as \\uXXXX as well
        return text.replace("é", "\\u00e9")
    if shape == "numeric":
        vals: list[Any] = []
        total = 20
        while total < size:
            v: Any = rng.choice(
                [rng.randint(-10**6, 10**6), round(rng.uniform(-1e3, 1e3), 6), rng.uniform(-1, 1) * 10 ** rng.randint(-30, 30)]
            )
            vals.append(v)
            total += len(json.dumps(v)) + 2
        return json.dumps({"values": vals}, separators=(", ", ": "))
    if shape == "repeated":
        # records in which every object repeats a key (json.loads keeps the last value)
        return make_document("records", size, seed).replace('"note": null', '"note": null, "note": "again"')
    if shape == "bignum":
        # integers of 4 000 digits (below Python's 4 300-digit int-string limit)
        big: list[str] = []
        total = 20
        while total < size:
            big.append(str(rng.randint(1, 9)) + "".join(rng.choices(string.digits, k=3999)))
            total += 4002
        return '{"values": [' + ", ".join(big) + "]}"
    raise ValueError(shape)


def make_chunks(text: str, seed: int = 7) -> list[str]:
    """1-8 character chunks with mean about 4 (seeded)."""
    rng = random.Random(seed)
    sizes = [1, 2, 3, 4, 5, 6, 7, 8]
    weights = [10, 16, 18, 18, 14, 10, 8, 6]  # mean ~ 4.0
    out, i = [], 0
    while i < len(text):
        n = rng.choices(sizes, weights)[0]
        out.append(text[i : i + n])
        i += n
    return out


def parse_size(s: str) -> int:
    s = s.strip().lower()
    mult = {"k": 1_000, "m": 1_000_000}.get(s[-1], 1)
    return int(float(s.rstrip("km")) * mult)


def fmt_size(n: int) -> str:
    return f"{n // 1_000_000}MB" if n >= 1_000_000 else f"{n // 1_000}KB" if n >= 1_000 else f"{n}B"


# --------------------------------------------------------------------------- runners


@dataclass
class Result:
    cpu: float = 0.0  # total process time, s
    lat: list[float] = field(default_factory=list)  # per-chunk wall latency, s
    capped: bool = False
    final: Any = None
    has_final: bool = False
    error: str | None = None


class Capped(Exception):
    pass


def per_chunk(chunks: list[str], step: Callable[[str], Any], finish: Callable[[], Any] | None, cap: float) -> Result:
    """Run ``step`` for each chunk, timing each call; stop at the cap."""
    res = Result()
    lat = res.lat
    pc = time.perf_counter
    t_cpu = time.process_time()
    t_start = pc()
    for c in chunks:
        t0 = pc()
        step(c)
        t1 = pc()
        lat.append(t1 - t0)
        if t1 - t_start > cap:
            res.capped = True
            break
    if not res.capped and finish is not None:
        res.final = finish()
        res.has_final = True
    res.cpu = time.process_time() - t_cpu
    return res


def single(fn: Callable[[], Any], repeat: int) -> Result:
    """One call (the best of ``repeat``), for the whole-document cases."""
    res = Result()
    best = best_wall = math.inf
    for _ in range(repeat):
        t0 = time.process_time()
        w0 = time.perf_counter()
        res.final = fn()
        best = min(best, time.process_time() - t0)
        best_wall = min(best_wall, time.perf_counter() - w0)
    res.cpu = best
    res.lat = [best_wall]
    res.has_final = True
    return res


def run_case(name: str, shape: str, text: str, chunks: list[str], cap: float, repeat: int) -> Result:
    if name == "json.loads":
        return single(lambda: json.loads(text), repeat)
    if name.startswith(("cw-", "cwn-")):
        from functools import partial

        from chunkwise import IncrementalJsonParser as Parser
        from chunkwise import parse_partial_json

        backend = "native" if name.startswith("cwn-") else "python"
        IncrementalJsonParser = partial(Parser, backend=backend)
        name = "cw-" + name.split("-", 1)[1]
        if name == "cw-whole":
            def whole() -> Any:
                p = IncrementalJsonParser()
                p.feed(text)
                return p.close()
            return single(whole, repeat)
        if name == "cw-oneshot":
            return single(lambda: parse_partial_json(text), repeat)
        if name == "cw-value":
            p = IncrementalJsonParser()

            def step(c: str) -> None:
                if p.feed(c):
                    p.value
        elif name == "cw-compact":
            p = IncrementalJsonParser()

            def step(c: str) -> None:
                p.feed(c)
                p.patches(compact=True)
        elif name == "cw-rfc":
            p = IncrementalJsonParser()

            def step(c: str) -> None:
                p.feed(c)
                p.patches()
        elif name == "cw-items":
            p = IncrementalJsonParser(items=PATTERNS[shape])

            def step(c: str) -> None:
                p.feed(c)
                p.items()
        elif name == "cw-events":
            p = IncrementalJsonParser(events=True)

            def step(c: str) -> None:
                p.feed(c)
                p.events()
        else:
            raise ValueError(name)
        return per_chunk(chunks, step, p.close, cap)
    if name == "langchain":
        from langchain_core.output_parsers import JsonOutputParser

        res = Result()
        lat = res.lat
        pc = time.perf_counter
        state = {"last": None, "start": 0.0, "prev": 0.0}

        def source() -> Iterator[str]:
            state["start"] = state["prev"] = pc()
            for c in chunks:
                yield c
                now = pc()
                lat.append(now - state["prev"])
                state["prev"] = now
                if now - state["start"] > cap:
                    res.capped = True
                    return

        t_cpu = time.process_time()
        last = None
        for out in JsonOutputParser().transform(source()):
            last = out
        res.cpu = time.process_time() - t_cpu
        if not res.capped:
            res.final, res.has_final = last, True
        return res
    if name == "partial-json":
        from partial_json_parser import loads

        acc: list[str] = [""]

        def step(c: str) -> None:
            acc[0] += c
            loads(acc[0])
        return per_chunk(chunks, step, lambda: loads(acc[0]), cap)
    if name == "jiter":
        import jiter

        acc2: list[str] = [""]

        def step(c: str) -> None:
            acc2[0] += c
            jiter.from_json(acc2[0].encode(), partial_mode="trailing-strings")
        return per_chunk(chunks, step, lambda: jiter.from_json(acc2[0].encode()), cap)
    if name == "sjp-feed":
        from streaming_json_parser import StreamingJsonParser

        sp = StreamingJsonParser()

        def finish() -> Any:
            r = sp.finish()
            return r.value
        return per_chunk(chunks, sp.feed, finish, cap)
    if name == "ijson-items":
        return _ijson_items(shape, chunks, cap)
    raise ValueError(name)


def _ijson_items(shape: str, chunks: list[str], cap: float) -> Result:
    """ijson's C backend, pushed chunk by chunk; the items it found are the final value."""
    import ijson

    found = ijson.sendable_list()
    coro = ijson.get_backend("yajl2_c").items_coro(found, ijson_prefix(PATTERNS[shape]), use_float=True)
    every: list[Any] = []

    def step(c: str) -> None:
        coro.send(c.encode())
        every.extend(found)
        del found[:]

    def finish() -> list[Any]:
        coro.close()
        return every + found
    return per_chunk(chunks, step, finish, cap)


def ijson_prefix(pattern: str) -> str:
    """ijson's prefix for an items pattern of chunkwise's: ``/records/*`` -> ``records.item``."""
    return ".".join("item" if part == "*" else part for part in pattern.strip("/").split("/"))


def items_of(value: Any, shape: str) -> Any:
    """The array that the shape's items pattern walks (``/records/*`` -> value["records"])."""
    return value[PATTERNS[shape].strip("/").split("/")[0]]


CHUNKWISE = ["cw-value", "cw-compact", "cw-rfc", "cw-items", "cw-events", "cw-whole", "cw-oneshot"]
NATIVE = ["cwn-value", "cwn-compact", "cwn-rfc", "cwn-items", "cwn-events", "cwn-whole"]
OTHERS = ["langchain", "partial-json", "jiter", "sjp-feed", "ijson-items"]


def available(names: Iterable[str]) -> list[str]:
    out = []
    for n in names:
        if n.startswith("cwn-"):
            from chunkwise.jsonstream.backends import native_available

            if not native_available():
                print(f"# skipping {n}: chunkwise_native is not installed (pip install ./native)", file=sys.stderr)
                continue
        mod = {"langchain": "langchain_core", "partial-json": "partial_json_parser", "jiter": "jiter",
               "sjp-feed": "streaming_json_parser", "ijson-items": "ijson"}.get(n, "chunkwise" if n.startswith(("cw-", "cwn-")) else "json")
        try:
            __import__(mod)
        except ImportError as e:
            print(f"# skipping {n}: {e}", file=sys.stderr)
            continue
        out.append(n)
    return out


# --------------------------------------------------------------------------- report


def pct(xs: list[float], q: float) -> float:
    if not xs:
        return math.nan
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def fmt_t(s: float) -> str:
    if s >= 1:
        return f"{s:8.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:7.1f} ms"
    return f"{s * 1e6:7.0f} µs"


def fmt_ratio(x: float) -> str:
    if math.isnan(x):
        return "-"
    return f"{x:,.0f}×" if x >= 100 else f"{x:.1f}×"


#: A streamed case that takes less CPU time than this is run again (see best_run).
REPEAT_UNDER = 2.0


def best_run(run: Callable[[], Result], times: int) -> Result:
    """The fastest of up to ``times`` runs of a case; only cases under REPEAT_UNDER
    seconds are run again, so the quadratic ones cost one run. This VM's noise
    (20-30% between runs) otherwise decides ratios close to 1."""
    best: Result | None = None
    for _ in range(times):
        gc.collect()
        try:
            res = run()
        except Exception as e:  # a library failing is a result, not a crash
            res = Result(error=f"{type(e).__name__}: {e}"[:60])
        if best is None or (not res.error and res.cpu < best.cpu):
            best = res
        if best.capped or best.error or best.cpu > REPEAT_UNDER:
            break
    assert best is not None
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1k,10k,100k,1m", help="comma-separated sizes (k/m suffixes)")
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--cases", default=None, help="comma-separated case names (default: all available)")
    ap.add_argument("--cap", type=float, default=20.0, help="per-case time cap in seconds (default 20)")
    ap.add_argument("--repeat", type=int, default=5, help="repeats for whole-document cases (best kept)")
    ap.add_argument("--best-of", type=int, default=3,
                    help=f"runs of each streamed case under {REPEAT_UNDER:.0f} s (fastest kept)")
    ap.add_argument("--quick", action="store_true", help="sizes 1k,10k and a 3 s cap")
    args = ap.parse_args(argv)
    if args.quick:
        args.sizes, args.cap = "1k,10k", min(args.cap, 3.0)
    sizes = [parse_size(s) for s in args.sizes.split(",")]
    shapes = args.shapes.split(",")
    cases = available(args.cases.split(",") if args.cases else ["json.loads"] + CHUNKWISE + NATIVE + OTHERS)

    import platform

    print(f"# bench_jsonstream: Python {platform.python_version()} on {platform.machine()}, cap {args.cap:.0f} s, "
          f"chunks 1-8 chars (seeded)")
    mismatches: list[str] = []
    table: dict[tuple[str, int, str], Result] = {}
    for shape in shapes:
        for size in sizes:
            text = make_document(shape, size)
            chunks = make_chunks(text)
            expected = json.loads(text)
            print(f"\n## {shape} {fmt_size(size)}: {len(text):,} chars, {len(chunks):,} chunks "
                  f"(mean {len(text) / len(chunks):.2f}), items pattern {PATTERNS[shape]}")
            print(f"{'case':<13}{'CPU total':>22}{'p50/chunk':>11}{'p99/chunk':>11}{'× loads':>10}{'growth':>8}  check")
            for name in cases:
                res = best_run(lambda: run_case(name, shape, text, chunks, args.cap, args.repeat), args.best_of)
                table[(shape, size, name)] = res
                base = table[(shape, size, "json.loads")].cpu if (shape, size, "json.loads") in table else math.nan
                check = ""
                if res.error:
                    check = f"ERROR {res.error}"
                elif res.has_final and res.final != (items_of(expected, shape) if name == "ijson-items" else expected):
                    check = "MISMATCH"
                    mismatches.append(f"{name} {shape} {fmt_size(size)}")
                elif res.has_final:
                    check = "ok"
                res.final = None  # checked: keep the heap (and so the GC's work) the same for every case
                growth = "-"
                prev = [s for s in sizes if s < size]
                if prev and not res.capped and not res.error:
                    pr = table.get((shape, prev[-1], name))
                    if pr and not pr.capped and not pr.error and pr.cpu > 0 and res.cpu > 0:
                        growth = f"{math.log(res.cpu / pr.cpu) / math.log(size / prev[-1]):.2f}"
                total = f"> cap ({len(res.lat):,}/{len(chunks):,} ch)" if res.capped else fmt_t(res.cpu)
                if res.capped:
                    check = "stopped at the cap"
                ratio = "-" if res.capped or res.error else fmt_ratio(res.cpu / base)
                p50 = fmt_t(pct(res.lat, 0.5)) if res.lat else "-"
                p99 = fmt_t(pct(res.lat, 0.99)) if res.lat else "-"
                print(f"{name:<13}{total:>22}{p50:>11}{p99:>11}{ratio:>10}{growth:>8}  {check}", flush=True)

    # ratios between libraries
    pairs = [("langchain", "cw-value"), ("jiter", "cw-compact"), ("jiter", "cw-items"), ("jiter", "cw-events"),
             ("partial-json", "cw-compact"), ("sjp-feed", "cw-compact"), ("sjp-feed", "cw-items"),
             ("sjp-feed", "cw-events"), ("ijson-items", "cw-items"), ("cw-value", "cw-compact"),
             ("cw-rfc", "cw-compact"), ("sjp-feed", "cwn-compact"), ("sjp-feed", "cwn-items"),
             ("sjp-feed", "cwn-events"), ("ijson-items", "cwn-items"), ("cwn-whole", "json.loads"),
             ("cw-compact", "cwn-compact"), ("cw-items", "cwn-items"), ("cw-events", "cwn-events")]
    print("\n## ratios (CPU time of the first / the second; '>' when the first hit the cap)")
    head = f"{'':<26}" + "".join(f"{shape[:4] + ' ' + fmt_size(s):>13}" for shape in shapes for s in sizes)
    print(head)
    for a, b in pairs:
        if a not in cases or b not in cases:
            continue
        row = f"{a + ' / ' + b:<26}"
        for shape in shapes:
            for s in sizes:
                ra, rb = table.get((shape, s, a)), table.get((shape, s, b))
                if not ra or not rb or ra.error or rb.error or rb.capped or rb.cpu <= 0:
                    cell = "-"
                elif ra.capped:
                    cell = ">" + fmt_ratio(ra.cpu / rb.cpu)
                else:
                    cell = fmt_ratio(ra.cpu / rb.cpu)
                row += f"{cell:>13}"
        print(row)
    if mismatches:
        print("\nMISMATCHES with json.loads: " + ", ".join(mismatches))
    return 0


if __name__ == "__main__":
    sys.exit(main())
