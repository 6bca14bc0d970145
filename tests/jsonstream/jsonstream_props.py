"""The properties of the incremental JSON engine, as plain functions over a text.

Shared by the Hypothesis tests in tests/jsonstream/test_*.py, the regression corpus
replay and the fuzz campaign (fuzz/campaign_jsonstream.py), so the campaign runs
exactly the same checks with more examples. Every check takes a concrete text (and
chunkings), so a failure can be saved to fuzz/corpus/jsonstream/ as a plain file;
``LAST_TEXT`` holds the text of the check that ran last, and a failing check adds a
note with the text to its exception.
"""

from __future__ import annotations

import copy
import json
import random
from contextlib import contextmanager
from functools import partial
from typing import Any, Iterator, Sequence

import jsonpatch
from hypothesis import strategies as st

from chunkwise import (
    Completion,
    IncompleteJsonError,
    IncrementalJsonParser,
    JsonStreamError,
    parse_partial_json,
)
from chunkwise.jsonstream import copy_json
from chunkwise.testing import chunkings as _chunkings
from chunkwise.testing import cut, from_grammar, json_texts, mutated_texts, one_at_a_time
from chunkwise.testing import json_values as _json_values
from jsonstream_reference import (
    NOTHING,
    extends,
    first_bad_char,
    grammar_accepts,
    has_duplicate_keys,
    reference_loads,
    same,
    scan_prefix,
    viable,
)

LAST_TEXT: str | bytes | None = None
RFC6902_OPS = {"add", "remove", "replace", "move", "copy", "test"}
MODES = {"partial": Completion.PARTIAL, "atomic": Completion.ATOMIC, "complete": Completion.COMPLETE}


@contextmanager
def about(text: str | bytes) -> Iterator[None]:
    """Remember the text under test; on failure, attach it to the exception."""
    global LAST_TEXT
    LAST_TEXT = text
    try:
        yield
    except BaseException as e:
        LAST_TEXT = text
        if hasattr(e, "add_note"):
            e.add_note(f"jsonstream text under test: {text!r}")
        raise


# --------------------------------------------------------------------------- strategies
# The generic strategies live in chunkwise.testing; these names are what the engine's
# tests (and tests/parsers) import from here.

json_values = _json_values()
dumped_texts = json_texts  # json.dumps in varied layouts, blank space around
chunkings = partial(_chunkings, empty_chunks=True)  # the engine must take empty chunks too
ones = one_at_a_time


def grammar_texts() -> st.SearchStrategy[str]:
    """Texts drawn from grammars/json.lark (whitespace included), size-bounded."""
    return from_grammar("json")


_KEYS = st.sampled_from(["a", "b", "", "a\\u0062", "~/"])
_SCALARS = st.sampled_from(["1", "-0.5", "12345678901234567890", "1e5", '"x"', '"\\u00e9\\n"', "true", "null", '""'])


def _object(members: list[tuple[str, str]]) -> str:
    return "{" + ", ".join(f'"{key}": {value}' for key, value in members) + "}"


#: JSON texts whose objects repeat keys often (several keys from a handful, nested).
repeated_key_texts = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(st.tuples(_KEYS, inner), max_size=5).map(_object),
        st.lists(inner, max_size=4).map(lambda items: "[" + ",".join(items) + "]"),
    ),
    max_leaves=12,
)

valid_texts = st.one_of(dumped_texts(), grammar_texts(), repeated_key_texts)


def random_chunks(text: str | bytes, rng: random.Random, lo: int = 1, hi: int = 8) -> list[Any]:
    out, i = [], 0
    while i < len(text):
        n = rng.randint(lo, hi)
        out.append(text[i : i + n])
        i += n
    return out


# --------------------------------------------------------------------------- runners


def shown_sequence(
    chunks: Sequence[str | bytes], *, completion: str = "partial", check_prefix: str | None = None,
    strict_changed: bool = False, **opts: Any
) -> tuple[list[Any], Any, list[tuple[Any, Any]]]:
    """Feed the chunks, looking at ``p.value`` after every feed.

    Returns (distinct shown values in order, starting with NOTHING; the value of
    close(); [(snapshot, deep copy made when handed out)]). Checks on the way:
    feed() returning False means the shown value did not change (and with
    ``strict_changed``, True means it did: check_feed_result); with ``check_prefix``
    (the whole text, str chunks only), each shown value is the one the prefix model
    gives for the text fed so far, and parse_partial_json agrees.
    """
    p = IncrementalJsonParser(completion=MODES[completion], **opts)
    seq: list[Any] = [NOTHING]
    handed: list[tuple[Any, Any]] = []
    fed = 0
    for c in chunks:
        changed = p.feed(c)
        fed += len(c)
        v = p.value
        shown = NOTHING if v is None and not p.done else v  # a top-level null shows only once done
        handed.append((v, copy.deepcopy(v)))
        if changed:
            if strict_changed:
                assert not same(shown, seq[-1]), f"feed({c!r}) returned True but the value stayed {shown!r}"
            if not same(shown, seq[-1]):
                seq.append(shown)
        else:
            assert same(shown, seq[-1]), f"feed({c!r}) returned False but the value changed {seq[-1]!r} -> {shown!r}"
        if check_prefix is not None:
            prefix = check_prefix[:fed]
            expect = scan_prefix(prefix, completion)[0]
            assert same(shown, expect), f"after {prefix!r}: engine shows {shown!r}, completion rules say {expect!r}"
            one_shot = parse_partial_json(prefix, strict=True, completion=MODES[completion])
            if grammar_accepts(prefix):  # documented: a complete text gives json.loads' value
                expect = reference_loads(prefix)
            assert same(one_shot, None if expect is NOTHING else expect), (
                f"parse_partial_json({prefix!r}) = {one_shot!r}, expected {expect!r}"
            )
    final = p.close()
    assert p.done
    return seq, final, handed


def is_subsequence(sub: Sequence[Any], seq: Sequence[Any]) -> bool:
    it = iter(seq)
    return all(any(same(x, y) for y in it) for x in sub)


def dedupe(seq: Sequence[Any]) -> list[Any]:
    out: list[Any] = []
    for v in seq:
        if not out or not same(out[-1], v):
            out.append(v)
    return out


def check_snapshots(handed: list[tuple[Any, Any]]) -> None:
    for i, (snap, at_hand_out) in enumerate(handed):
        assert same(snap, at_hand_out), f"snapshot #{i} was mutated later: {at_hand_out!r} -> {snap!r}"


# --------------------------------------------------------------------------- properties


def check_split_invariance(text: str, chunks: Sequence[str], completion: str = "partial") -> None:
    """Final == json.loads; shown values for ``chunks`` are a subsequence of the
    one-character sequence; every one-char step matches the prefix model; each shown
    value extends the previous one; snapshots never change; bytes agree."""
    with about(text):
        expected = reference_loads(text)
        seq1, final1, handed1 = shown_sequence(ones(text), completion=completion, check_prefix=text)
        assert same(final1, expected), f"close() = {final1!r}, json.loads = {expected!r}"
        if not has_duplicate_keys(text):
            for a, b in zip(seq1, seq1[1:]):
                problem = extends(a, b, completion)
                assert problem is None, f"shown value lost something: {a!r} -> {b!r}: {problem}"
        seqc, finalc, handedc = shown_sequence(chunks, completion=completion)
        assert same(finalc, expected)
        assert is_subsequence(seqc, seq1), f"chunked values {seqc!r} not a subsequence of {seq1!r}"
        data = text.encode("utf-8")
        seqb, finalb, handedb = shown_sequence(ones(data), completion=completion)
        assert same(finalb, expected)
        assert len(seqb) == len(seq1) and all(same(a, b) for a, b in zip(seqb, seq1)), (
            f"one byte at a time shows {seqb!r}, one char at a time {seq1!r}"
        )
        bchunks = cut(data, _byte_cuts(chunks))
        seqbc, _, _ = shown_sequence(bchunks, completion=completion)
        assert is_subsequence(seqbc, seq1), f"byte-chunked values {seqbc!r} not a subsequence of {seq1!r}"
        check_snapshots(handed1)
        check_snapshots(handedc)
        check_snapshots(handedb)
        # copy_json gives an equal, independent copy
        c = copy_json(final1)
        assert same(c, expected)


def check_feed_result(text: str, chunks: Sequence[str]) -> None:
    """feed() returns True exactly when the shown value changed (str and bytes)."""
    with about(text):
        for mode in MODES:
            shown_sequence(list(chunks), completion=mode, strict_changed=True)
            shown_sequence(ones(text.encode("utf-8")), completion=mode, strict_changed=True)


def _byte_cuts(chunks: Sequence[str]) -> list[int]:
    """Byte positions shifted by one inside multi-byte characters where possible,
    so byte chunkings also split UTF-8 sequences."""
    out, pos = [], 0
    for c in chunks[:-1]:
        pos += len(c.encode("utf-8"))
        out.append(pos + (1 if c and ord(c[-1]) > 0x7F else 0))
    return out


def apply_rfc(doc: Any, ops: list[dict[str, Any]]) -> Any:
    """Apply RFC 6902 ops with the jsonpatch library. jsonpatch can only replace the
    root of a mapping document, so root add/replace (value "" path) is done here."""
    for op in ops:
        if op["path"] == "" and op["op"] in ("add", "replace"):
            doc = copy.deepcopy(op["value"])
        else:
            doc = jsonpatch.apply_patch(doc, [op])
    return doc


def apply_compact(doc: Any, ops: list[dict[str, Any]]) -> Any:
    """A tiny applier for the compact patch form: add / replace / remove as in
    RFC 6902 plus {"op": "append", "path", "value"} (string grows by value)."""
    for op in ops:
        path = op["path"]
        if path == "":
            if op["op"] in ("add", "replace"):
                doc = copy.deepcopy(op["value"])
                continue
            if op["op"] == "append":
                assert type(doc) is str, f"append to non-string root {doc!r}"
                doc = doc + op["value"]
                continue
            raise AssertionError(f"unexpected root op {op!r}")
        parts = [t.replace("~1", "/").replace("~0", "~") for t in path.split("/")[1:]]
        parent = doc
        for t in parts[:-1]:
            parent = parent[int(t)] if isinstance(parent, list) else parent[t]
        last = parts[-1]
        if isinstance(parent, list):
            idx = len(parent) if last == "-" else int(last)
            if op["op"] == "add":
                parent.insert(idx, copy.deepcopy(op["value"]))
            elif op["op"] == "replace":
                parent[idx] = copy.deepcopy(op["value"])
            elif op["op"] == "remove":
                del parent[idx]
            elif op["op"] == "append":
                assert type(parent[idx]) is str, f"append to non-string at {path}"
                parent[idx] += op["value"]
            else:
                raise AssertionError(f"unexpected op {op!r}")
        else:
            if op["op"] in ("add", "replace"):
                if op["op"] == "replace":
                    assert last in parent, f"replace of missing member {path}"
                parent[last] = copy.deepcopy(op["value"])
            elif op["op"] == "remove":
                del parent[last]
            elif op["op"] == "append":
                assert type(parent[last]) is str, f"append to non-string at {path}"
                parent[last] += op["value"]
            else:
                raise AssertionError(f"unexpected op {op!r}")
    return doc


def check_patches(text: str | bytes, chunks: Sequence[Any], looks: Sequence[bool], *, compact: bool,
                  completion: str = "partial") -> None:
    """Patches taken at (some of) the feeds, applied in order, rebuild every shown
    value; RFC mode emits only RFC 6902 ops (applied by the jsonpatch library);
    handed-out patches and values are never mutated later."""
    with about(text):
        p = IncrementalJsonParser(completion=MODES[completion])
        doc: Any = None
        started = False
        handed: list[tuple[Any, Any]] = []
        last_value: Any = NOTHING
        for c, look in zip(chunks, list(looks) + [True] * len(chunks)):
            p.feed(c)
            if not look:
                continue
            ops = p.patches(compact=compact)
            handed.append((ops, copy.deepcopy(ops)))
            v = p.value  # also a look: nothing may have changed since patches()
            handed.append((v, copy.deepcopy(v)))
            assert p.patches(compact=compact) == [], "patches() right after a look must be empty"
            shown = v if (v is not None or p.done) else NOTHING
            if same(shown, last_value) and (not ops or not has_duplicate_keys(text)):
                # With a repeated key, a member may be set again to what was shown
                # before the parser saw the repetition: the operations then net to
                # nothing, and must still rebuild the value (checked below).
                assert ops == [], f"value unchanged ({shown!r}) but patches {ops!r}"
                continue
            if not started:
                assert ops and ops[0]["op"] == "add" and ops[0]["path"] == "", (
                    f"first patch after 'nothing' must add the root: {ops!r}"
                )
                started = True
            if compact:
                doc = apply_compact(doc, ops)
            else:
                assert all(op["op"] in RFC6902_OPS for op in ops), f"non-RFC-6902 op in {ops!r}"
                doc = apply_rfc(doc, ops)
            assert same(doc, v), f"patches {ops!r} rebuilt {doc!r}, value is {v!r}"
            last_value = shown
        final = p.close()
        ops = p.patches(compact=compact)
        if same(final, last_value) and not has_duplicate_keys(text):
            # (With a repeated key the operations may net to nothing: see the loop.)
            assert ops == [], f"close() changed nothing ({final!r}) but patches {ops!r}"
        doc = apply_compact(doc, ops) if compact else apply_rfc(doc, ops)
        assert same(final, doc), f"after close patches rebuilt {doc!r}, final is {final!r}"
        check_snapshots(handed)


def pointer_tokens(path: Sequence[Any]) -> str:
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in path)


def items_oracle(value: Any, pattern: str) -> list[Any]:
    """Values of ``value`` whose JSON Pointer matches ``pattern`` ('*' = any key or
    index), in document order (iterative walk)."""
    toks = [t.replace("~1", "/").replace("~0", "~") for t in pattern.split("/")[1:]] if pattern else []
    out: list[Any] = []
    todo: list[tuple[Any, int]] = [(value, 0)]
    while todo:
        v, depth = todo.pop()
        if depth == len(toks):
            out.append(v)
            continue
        t = toks[depth]
        if isinstance(v, dict):
            kids = [v[k] for k in v if t == "*" or k == t]
        elif isinstance(v, list):
            kids = [x for i, x in enumerate(v) if t == "*" or t == str(i)]
        else:
            kids = []
        todo.extend((k, depth + 1) for k in reversed(kids))
    return out


def patterns_for(value: Any, rng: random.Random) -> list[str]:
    """A few item patterns that match something in ``value`` (some with '*')."""
    pats = ["/*", "/*/*"]
    for _ in range(3):
        path: list[Any] = []
        v = value
        while isinstance(v, (dict, list)) and v and rng.random() < 0.8:
            k = rng.choice(list(v)) if isinstance(v, dict) else rng.randrange(len(v))
            path.append("*" if rng.random() < 0.5 else k)
            v = v[k]
        if path:
            pats.append(pointer_tokens(path))
    return pats


def check_items(text: str, chunks: Sequence[str], pattern: str, looks: Sequence[bool]) -> None:
    with about(text):
        if has_duplicate_keys(text):
            return
        expected = items_oracle(reference_loads(text), pattern)
        p = IncrementalJsonParser(items=pattern)
        got: list[Any] = []
        handed: list[tuple[Any, Any]] = []
        for c, look in zip(chunks, list(looks) + [True] * len(chunks)):
            p.feed(c)
            if look:
                new = p.items()
                handed.append((new, copy.deepcopy(new)))
                got.extend(new)
        p.close()
        got.extend(p.items())
        assert len(got) == len(expected) and all(same(a, b) for a, b in zip(got, expected)), (
            f"items({pattern!r}) gave {got!r}, expected {expected!r}"
        )
        check_snapshots(handed)


def replay_events(events: Sequence[Any]) -> Any:
    """Build a value from JsonEvent(kind, value) events, checking their structure."""
    stack: list[list[Any]] = []  # [container, pending key]
    root: list[Any] = []
    parts: list[str] = []

    def put(v: Any) -> None:
        if not stack:
            assert not root, f"second top-level value {v!r}"
            root.append(v)
        elif isinstance(stack[-1][0], dict):
            assert stack[-1][1] is not None, f"object member {v!r} without a key"
            stack[-1][0][stack[-1][1]] = v
            stack[-1][1] = None
        else:
            stack[-1][0].append(v)

    for ev in events:
        kind, value = ev
        assert ev.kind == kind and ev.value is value
        if kind == "string_part":
            assert type(value) is str
            parts.append(value)
            continue
        if parts:
            so_far = "".join(parts)
            assert kind in ("value", "key") and type(value) is str and value.startswith(so_far), (
                f"string parts {parts!r} not followed by their string (got {ev!r})"
            )
            parts = []
        if kind in ("start_object", "start_array"):
            new: Any = {} if kind == "start_object" else []
            put(new)
            stack.append([new, None])
        elif kind in ("end_object", "end_array"):
            assert stack and isinstance(stack[-1][0], dict) == (kind == "end_object"), f"unbalanced {kind}"
            assert stack[-1][1] is None, "object closed after a key without value"
            stack.pop()
        elif kind == "key":
            assert stack and isinstance(stack[-1][0], dict) and stack[-1][1] is None, f"misplaced key {value!r}"
            assert type(value) is str
            stack[-1][1] = value
        elif kind == "value":
            assert not isinstance(value, (dict, list)), f"'value' event carries a container {value!r}"
            put(value)
        else:
            raise AssertionError(f"unknown event kind {kind!r}")
    assert not stack and not parts, "events ended inside a value"
    assert root, "no value in the events"
    return root[0]


def check_events(text: str | bytes, chunks: Sequence[Any]) -> None:
    with about(text):
        p = IncrementalJsonParser(events=True)
        evs: list[Any] = []
        for c in chunks:
            p.feed(c)
            evs.extend(p.events())
        final = p.close()
        evs.extend(p.events())
        built = replay_events(evs)
        src = text.decode("utf-8-sig") if isinstance(text, bytes) else text
        assert same(built, reference_loads(src)), f"events rebuilt {built!r}"
        assert same(final, built)


# --------------------------------------------------------------------------- near-JSON

def outcome(chunks: Sequence[Any], **opts: Any) -> tuple[str, Any]:
    """('ok', value) | ('feed', error, index of the failing chunk) | ('close', error).
    Anything but JsonStreamError propagates (a failure)."""
    p = IncrementalJsonParser(**opts)
    for n, c in enumerate(chunks):
        try:
            p.feed(c)
        except JsonStreamError as e:
            _check_error(e)
            with_again = _raises_again(p, e)
            assert with_again, "after an error, later calls must raise it again"
            return ("feed", e, n)
    try:
        return ("ok", p.close())
    except JsonStreamError as e:
        _check_error(e)
        return ("close", e)


def _raises_again(p: Any, e: JsonStreamError) -> bool:
    for call in (lambda: p.feed("1"), lambda: p.close()):
        try:
            call()
        except JsonStreamError as again:
            if type(again) is not type(e) or again.pos != e.pos:
                return False
        else:
            return False
    return True


def _check_error(e: JsonStreamError) -> None:
    assert isinstance(e, json.JSONDecodeError)
    assert isinstance(e.msg, str) and e.msg
    assert isinstance(e.pos, int) and e.pos >= 0
    assert isinstance(e.lineno, int) and isinstance(e.colno, int)
    assert isinstance(e.path, str) and (e.path == "" or e.path.startswith("/")), f"bad path {e.path!r}"
    assert isinstance(e.excerpt, str)
    str(e)


def check_near_json(text: str, chunks: Sequence[str]) -> None:
    """Strict mode accepts exactly what the grammar accepts; an error is raised at the
    first character that proves the text invalid (and has the same position for any
    chunking, str or bytes); IncompleteJsonError exactly for viable but unfinished
    texts; strict=False agrees with json.loads(strict=False)."""
    with about(text):
        accepts = grammar_accepts(text)
        bad = first_bad_char(text)
        results = []
        for ch in (ones(text), list(chunks), [text]):
            res = outcome(ch)
            results.append(res)
            if accepts:
                assert res[0] == "ok", f"grammar accepts, engine raised {res[1]!r}"
                assert same(res[1], reference_loads(text))
            elif bad is None:
                assert res[0] == "close" and isinstance(res[1], IncompleteJsonError), (
                    f"a cut-off text must raise IncompleteJsonError at close, got {res!r}"
                )
            else:
                assert res[0] == "feed", f"invalid at char {bad}, engine gave {res!r}"
                e = res[1]
                assert not isinstance(e, IncompleteJsonError), f"invalid text reported as incomplete: {e!r}"
                assert e.pos == bad, f"error at pos {e.pos}, first bad char is {bad} ({text[bad]!r}): {e}"
                assert e.lineno == text.count("\n", 0, bad) + 1, f"lineno {e.lineno} for pos {bad}"
                assert e.colno == bad - (text.rfind("\n", 0, bad)), f"colno {e.colno} for pos {bad}"
        one = results[0]
        if one[0] == "feed":
            assert one[2] == one[1].pos, f"one char at a time, error raised at char {one[2]}, pos says {one[1].pos}"
        # bytes: same verdict (when the text is encodable: lone surrogates are not)
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            data = None
        if data is not None:
            for ch in (ones(data), cut(data, _byte_cuts(chunks))):
                res = outcome(ch)
                assert res[0] == results[0][0], f"bytes verdict {res!r} != str verdict {results[0]!r}"
                if res[0] == "ok":
                    assert same(res[1], results[0][1])
                elif res[0] == "feed":
                    assert res[1].pos == results[0][1].pos, f"bytes error pos {res[1].pos} != {results[0][1].pos}"
        # lenient mode: like json.loads(strict=False)
        try:
            lenient = ("ok", reference_loads(text, strict=False))
        except json.JSONDecodeError:
            lenient = ("error", None)
        except RecursionError:
            return
        res = outcome(list(chunks), strict=False)
        if lenient[0] == "ok":
            assert res[0] == "ok", f"json.loads(strict=False) accepts, strict=False engine gave {res!r}"
            assert same(res[1], lenient[1])
        else:
            assert res[0] != "ok", f"json.loads(strict=False) rejects, strict=False engine returned {res[1]!r}"


# --------------------------------------------------------------------------- any text


def check_any_text(text: str | bytes, seed: int = 0) -> None:
    """Everything that applies to one text, with deterministic chunkings: used by the
    corpus replay (fuzz/corpus/jsonstream/) and by the campaign to confirm a finding."""
    rng = random.Random(seed)
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            for n in (1, 2, 3, 7, 64):
                res = outcome([text[i : i + n] for i in range(0, len(text), n)])
                assert res[0] != "ok" or text.startswith(b"\xef\xbb\xbf"), f"invalid UTF-8 accepted: {res!r}"
            return
    chunks = random_chunks(text, rng)
    if grammar_accepts(text):
        for mode in MODES:
            check_split_invariance(text, chunks, mode)
        looks = [rng.random() < 0.7 for _ in chunks]
        check_patches(text, chunks, looks, compact=False)
        check_patches(text, chunks, looks, compact=True)
        check_events(text, chunks)
        value = reference_loads(text)
        for pat in patterns_for(value, rng):
            check_items(text, chunks, pat, looks)
    check_near_json(text, chunks)
