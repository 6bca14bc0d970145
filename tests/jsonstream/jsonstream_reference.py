"""Independent oracles for the incremental JSON engine (test helpers, no use of the engine).

* ``GRAMMAR`` / ``grammar_accepts``: grammars/json.lark (strict RFC 8259) run by lark's
  LALR parser, the reference recogniser.
* ``reference_loads``: ``json.loads`` that also parses integers beyond Python's
  int-string limit (``int(Decimal(text))``).
* ``scan_prefix``: a small, separately written model of a *prefix* of a strict JSON
  text. It gives what the completion rules of DESIGN.md say should be shown for that
  prefix (for each completion policy) and a suffix that closes the prefix into a
  complete text (used to decide whether a prefix is *viable*, i.e. can still be
  completed: the closed text is then checked by the grammar, so a wrong suffix can
  only make a viable prefix look non-viable, never the reverse).
* ``same``: type-exact, NaN-aware, key-order-aware deep equality (iterative), from
  ``chunkwise.testing`` (which shares it with every checker).
* ``extends``: "nothing shown disappears" between two consecutive shown values.

Everything is iterative or bounded so deep inputs cannot hit the recursion limit.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from chunkwise.testing import same

REPO = Path(__file__).resolve().parents[2]
CONFORMANCE_DIR = REPO.parent / "shared" / "conformance" / "JSONTestSuite" / "test_parsing"

NOTHING: Any = type("Nothing", (), {"__repr__": lambda self: "<nothing shown>"})()

NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_STRING_BODY = r'(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*'
STRING = re.compile('"' + _STRING_BODY + '"')
# A string cut off before its closing quote; group 1 is an unfinished escape, if any.
PARTIAL_STRING = re.compile('"(' + _STRING_BODY + r")(\\(?:u[0-9a-fA-F]{0,3})?)?\Z")
_ESCAPE_TOKENS = re.compile(r"\\u[0-9a-fA-F]{4}|\\.|[^\\]+", re.S)
_NUM_RUN = re.compile(r"[-+0-9.eE]+")
_WS = re.compile(r"[ \t\n\r]*")
LITERALS = {"true": True, "false": False, "null": None}

COMPLETIONS = ("partial", "atomic", "complete")


# --------------------------------------------------------------------------- grammar


def grammar_text() -> str:
    """grammars/json.lark, read as package data (falls back to the repo path)."""
    try:
        from importlib.resources import files

        return (files("chunkwise.grammars") / "json.lark").read_text(encoding="utf-8")
    except Exception:  # the package not importable (e.g. engine not built yet)
        return (REPO / "grammars" / "json.lark").read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def grammar():  # type: ignore[no-untyped-def]
    from lark import Lark

    return Lark(grammar_text(), parser="lalr", lexer="contextual")


def grammar_accepts(text: str) -> bool:
    from lark.exceptions import LarkError

    try:
        grammar().parse(text)
    except LarkError:
        return False
    except RecursionError:  # pragma: no cover - lark's tree building on absurd depth
        raise
    return True


# --------------------------------------------------------------------------- values


def parse_int(s: str) -> int:
    try:
        return int(s)
    except ValueError:  # beyond sys.get_int_max_str_digits()
        return int(Decimal(s))


def reference_loads(text: str | bytes, *, strict: bool = True) -> Any:
    return json.loads(text, parse_int=parse_int, strict=strict)


def _is_number(v: Any) -> bool:
    return type(v) in (int, float)


def extends(old: Any, new: Any, completion: str = "partial") -> str | None:
    """None if ``new`` keeps everything ``old`` showed, else a description.

    Allowed growth: containers gain members/elements, only the *last* member or
    element (the one being written) may itself grow; a string grows at its end;
    in the partial policy a number may change value and int -> float. Completed
    values are unchanged.
    """
    if old is NOTHING:
        return None
    todo = [(old, new, "", True)]
    while todo:
        x, y, path, last = todo.pop()
        if isinstance(x, dict):
            if type(y) is not dict:
                return f"{path or '/'}: object became {type(y).__name__}"
            keys = list(x)
            if list(y)[: len(keys)] != keys:
                return f"{path or '/'}: keys {keys} not a prefix of {list(y)}"
            for i, k in enumerate(keys):
                todo.append((x[k], y[k], f"{path}/{k}", last and i == len(keys) - 1))
        elif isinstance(x, list):
            if type(y) is not list or len(y) < len(x):
                return f"{path or '/'}: array {x!r} became {y!r}"
            for i, v in enumerate(x):
                todo.append((v, y[i], f"{path}/{i}", last and i == len(x) - 1))
        elif not last:
            if not same(x, y):
                return f"{path or '/'}: completed value {x!r} changed to {y!r}"
        elif type(x) is str:
            if type(y) is not str or not y.startswith(x) or (completion == "complete" and x != y):
                return f"{path or '/'}: string {x!r} became {y!r}"
        elif _is_number(x):
            if not _is_number(y) or (completion != "partial" and not same(x, y)):
                return f"{path or '/'}: number {x!r} became {y!r}"
        elif not same(x, y):
            return f"{path or '/'}: {x!r} became {y!r}"
    return None


# --------------------------------------------------------------------------- prefix model


class NotViable(Exception):
    """The prefix cannot be the start of any strict JSON text."""


_LOW_SURROGATE_START = re.compile(r"(?:\\(?:u(?:[dD](?:[c-fC-F][0-9a-fA-F]?)?)?)?)?\Z")


def _shown_partial_string(body: str, unfinished: str) -> str:
    """Decoded text of a string body cut off before the ``unfinished`` escape: a
    trailing high-surrogate escape waits while a low surrogate may still follow
    (not once the next escape has proved it lone, as in ``\\ud800\\u0``)."""
    toks = _ESCAPE_TOKENS.findall(body)
    if toks and _LOW_SURROGATE_START.match(unfinished):
        t = toks[-1]
        if len(t) == 6 and t[0] == "\\" and t[1] == "u" and 0xD800 <= int(t[2:], 16) <= 0xDBFF:
            body = body[: len(body) - 6]
    return json.loads('"' + body + '"')


def scan_prefix(text: str, completion: str = "partial") -> tuple[Any, str]:
    """Model a prefix of a strict JSON text.

    Returns ``(shown, suffix)``: the value the completion rules show for this prefix
    (``NOTHING`` when nothing shows) and a suffix such that ``text + suffix`` should
    be a complete JSON text. Raises ``NotViable`` when the prefix is provably bad.
    """
    stack: list[list[Any]] = []  # [container, is_object, state, key]
    root: list[Any] = [NOTHING, "value"]  # [value, state]
    n = len(text)
    i = 0
    partial: tuple[str, Any] | None = None

    def state() -> str:
        return stack[-1][2] if stack else root[1]

    def attach(v: Any) -> None:
        if not stack:
            root[0], root[1] = v, "done"
        else:
            f = stack[-1]
            if f[1]:
                f[0][f[3]] = v
            else:
                f[0].append(v)
            f[2] = "comma_or_end"

    value_states = ("value", "value_or_end")
    key_states = ("key", "key_or_end")
    while True:
        i = _WS.match(text, i).end()
        if i >= n:
            break
        c = text[i]
        st = state()
        if c in "{[":
            if st not in value_states:
                raise NotViable(i)
            new: Any = {} if c == "{" else []
            attach(new)
            stack.append([new, c == "{", "key_or_end" if c == "{" else "value_or_end", None])
            i += 1
        elif c in "}]":
            if not stack:
                raise NotViable(i)
            f = stack[-1]
            if c == "}" and f[1] and f[2] in ("key_or_end", "comma_or_end"):
                pass
            elif c == "]" and not f[1] and f[2] in ("value_or_end", "comma_or_end"):
                pass
            else:
                raise NotViable(i)
            stack.pop()
            i += 1
        elif c == ",":
            if st != "comma_or_end":
                raise NotViable(i)
            stack[-1][2] = "key" if stack[-1][1] else "value"
            i += 1
        elif c == ":":
            if st != "colon":
                raise NotViable(i)
            stack[-1][2] = "value"
            i += 1
        elif c == '"':
            if st not in value_states and st not in key_states:
                raise NotViable(i)
            m = STRING.match(text, i)
            if m:
                s = json.loads(m.group())
                if st in key_states:
                    stack[-1][3] = s
                    stack[-1][2] = "colon"
                else:
                    attach(s)
                i = m.end()
            else:
                pm = PARTIAL_STRING.match(text, i)
                if not pm:
                    raise NotViable(i)
                partial = ("key" if st in key_states else "string", pm)
                break
        elif c == "-" or "0" <= c <= "9":
            if st not in value_states:
                raise NotViable(i)
            run = _NUM_RUN.match(text, i).group()
            if i + len(run) == n:
                if not (NUMBER.fullmatch(run) or NUMBER.fullmatch(run + "0")):
                    raise NotViable(i)
                partial = ("number", run)
                break
            if not NUMBER.fullmatch(run):
                raise NotViable(i)
            attach(reference_loads(run))
            i += len(run)
        elif c in "tfn":
            if st not in value_states:
                raise NotViable(i)
            for lit, v in LITERALS.items():
                if text.startswith(lit, i):
                    attach(v)
                    i += len(lit)
                    break
            else:
                rest = text[i:]
                if not any(lit.startswith(rest) for lit in LITERALS):
                    raise NotViable(i)
                partial = ("literal", rest)
                break
        else:
            raise NotViable(i)

    # What closes the text: first the token cut off, then each open container.
    suffix: list[str] = []
    after_partial = None
    if partial is not None:
        kind, x = partial
        if kind in ("string", "key"):
            esc = x.group(2) or ""
            if esc == "\\":
                suffix.append("n")
            elif esc:
                suffix.append("0" * (6 - len(esc)))
            suffix.append('"')
            after_partial = "colon" if kind == "key" else "comma_or_end"
        elif kind == "number":
            if not NUMBER.fullmatch(x):
                suffix.append("0")
            after_partial = "comma_or_end"
        else:
            suffix.append(next(lit for lit in LITERALS if lit.startswith(x))[len(x):])
            after_partial = "comma_or_end"
    states = [f[2] for f in stack]
    if after_partial is not None and states:
        states[-1] = after_partial
    closers = {
        "key_or_end": "}",
        "key": '"":0}',
        "colon": ":0}",
        "value": "0",
        "value_or_end": "]",
        "comma_or_end": "",
    }
    for f, s in zip(reversed(stack), reversed(states)):
        suffix.append(closers[s])
        if s == "value":
            suffix.append("}" if f[1] else "]")
        elif s == "comma_or_end":
            suffix.append("}" if f[1] else "]")
    if not stack and root[1] == "value" and partial is None:
        suffix.append("0")

    # What shows: the token cut off, per the completion policy.
    if partial is not None:
        kind, x = partial
        if kind == "string" and completion != "complete":
            attach(_shown_partial_string(x.group(1), x.group(2) or ""))
        elif kind == "number" and completion == "partial":
            m = NUMBER.match(x)
            if m:
                attach(reference_loads(m.group()))
    return root[0], "".join(suffix)


def shown_for_prefix(text: str, completion: str = "partial") -> Any:
    return scan_prefix(text, completion)[0]


def viable(prefix: str) -> bool:
    """Whether ``prefix`` can still be completed into a strict JSON text."""
    try:
        _, suffix = scan_prefix(prefix)
    except NotViable:
        return False
    return grammar_accepts(prefix + suffix)


def first_bad_char(text: str) -> int | None:
    """Index of the first character that makes the text non-viable, or None."""
    lo, hi = 0, len(text)  # viable(text[:lo]) holds (empty text is viable)
    if viable(text):
        return None
    # viability is prefix-closed, so binary search for the longest viable prefix
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if viable(text[:mid]):
            lo = mid
        else:
            hi = mid - 1
    return lo


def has_duplicate_keys(text: str) -> bool:
    dup = False

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal dup
        keys = [k for k, _ in pairs]
        if len(set(keys)) != len(keys):
            dup = True
        return dict(pairs)

    json.loads(text, object_pairs_hook=hook, parse_int=parse_int)
    return dup
