"""The incremental JSON parser: a push parser fed chunk by chunk.

How it works. The parser keeps an explicit stack of the open containers (real
``dict``/``list`` objects that hold the members completed so far) and one *state*
saying what may come next (a value, a key, a colon, a comma or closing bracket).
For each state one compiled regex both recognises the next token and checks that
it may stand there, so the common case (a whole token inside the chunk) costs one
C-level match and no per-character Python work. When a match fails the slow path
finds out why: the token runs past the end of the chunk (a string, a number or a
literal cut off; see :mod:`.strings` and :mod:`.numbers`), or the text is invalid
(a :class:`JsonStreamError` at the first character that proves it).

Text of an unfinished escape or literal (at most a few characters) is *carried*
and put in front of the next chunk; string bodies and numbers are kept as decoded
pieces, so nothing consumed is ever read again.

A finished child container is inserted into its parent when it closes; open
containers are reached only through the stack. Completed values are therefore
never mutated, which is what lets snapshots share them (see :mod:`.snapshot`).

Shortcuts that change nothing but the cost: a container that is complete within
the chunk is decoded whole by the standard library's C scanner (see
``_open_container``); the value and key patterns also recognise a token cut off by
the chunk's end, and one match finishes a string that an earlier chunk began (or,
in an array, takes the comma and the next number after a number that ends); a
chunk that only continues the string or number being read, or is blank space
between tokens, does not enter the state machine at all.
"""

from __future__ import annotations

import sys
from json.decoder import scanstring as c_scanstring  # type: ignore[attr-defined]
from typing import Any, Literal, cast

from chunkwise.jsonstream.decoding import InvalidUtf8, Utf8Input
from chunkwise.jsonstream.errors import IncompleteJsonError, JsonStreamError, Position
from chunkwise.jsonstream.events import JsonEvent
from chunkwise.jsonstream.items import ItemCollector
from chunkwise.jsonstream.numbers import (
    DIGIT_RUN_STATES,
    NUMBER_CHARS,
    STATE_OF_GROUP,
    NumberReading,
    match_number_prefix,
    to_number,
)
from chunkwise.jsonstream.patches import PatchTracker
from chunkwise.jsonstream.policy import Completion
from chunkwise.jsonstream.snapshot import LIST, MISSING, build_snapshot, pointer, same_json
from chunkwise.jsonstream.strings import StringSyntaxError, scan_string
from chunkwise.jsonstream.tokens import (
    DIGITS,
    FUSED_MIN,
    G_ARRAY,
    G_CUT_KEY,
    G_CUT_NUMBER,
    G_CUT_STRING,
    G_FIRST_LITERAL,
    G_KEY,
    G_KEY_COLON,
    G_NUMBER,
    G_OBJECT,
    G_STRING,
    LENIENT,
    LITERAL_VALUES,
    NAMED_SCALARS,
    NEXT_NUMBER_MINUS,
    STRICT,
    WHOLE_MIN,
    WHOLE_TRIES,
    match_after_value,
    match_colon,
    match_comma_number,
    skip_space,
)

# What may come next.
_VALUE = 0  # a value (top level, after ':' or after ',' in an array)
_FIRST_VALUE = 1  # a value or ']' (just after '[')
_KEY = 2  # a key (after ',' in an object)
_FIRST_KEY = 3  # a key or '}' (just after '{')
_COLON = 4
_AFTER_VALUE = 5  # ',' or the closing bracket
_DONE = 6  # the top-level value is complete

# Token being read across chunks.
_NO_TOKEN = 0
_STRING = 1
_KEY_STRING = 2
_NUMBER = 3

_END_OBJECT = JsonEvent("end_object", None)
_END_ARRAY = JsonEvent("end_array", None)
_START_OBJECT = JsonEvent("start_object", None)
_START_ARRAY = JsonEvent("start_array", None)


class IncrementalJsonParser:
    """Parse one JSON value from text that arrives in chunks.

    ``feed`` it ``str`` or ``bytes`` chunks (bytes are decoded incrementally as
    UTF-8; an empty chunk does nothing), look at the partial result at any time,
    and call ``close`` at the end of the input. Views of the partial result:

    * :attr:`value`: the auto-completed value shown so far (see :class:`Completion`);
    * :meth:`patches`: JSON Patch operations since the last look;
    * :meth:`items`: complete values matching the ``items`` pointer pattern;
    * :meth:`events`: the low-level event stream (with ``events=True``).

    Options: ``strict`` (RFC 8259 exactly; ``False`` also accepts raw control
    characters in strings and ``NaN``/``Infinity``/``-Infinity``, like
    ``json.loads(strict=False)``), ``completion`` (what partial values show),
    ``max_depth`` (nesting limit, ``None`` for none: the parser never recurses),
    ``trailing`` (``"error"``: text after the value is invalid; ``"ignore"``: it is
    skipped, for callers that frame the JSON themselves).

    Invalid input raises :class:`JsonStreamError` at the first character that proves
    it; after an error every call raises that same error.
    """

    def __init__(
        self,
        *,
        strict: bool = True,
        completion: Completion | str = Completion.PARTIAL,
        items: str | None = None,
        events: bool = False,
        max_depth: int | None = 10_000,
        trailing: Literal["error", "ignore"] = "error",
    ) -> None:
        if trailing not in ("error", "ignore"):
            raise ValueError(f"trailing must be 'error' or 'ignore', not {trailing!r}")
        self.strict = strict
        self.completion = Completion(completion)
        self._partial_strings = self.completion.partial_strings
        self._partial_numbers = self.completion.partial_numbers
        self.max_depth = max_depth
        self.trailing = trailing
        self._lexicon = lexicon = STRICT if strict else LENIENT
        self._match_value = lexicon.value.match
        self._match_key = lexicon.key.match
        self._match_member = lexicon.member.match
        self._match_item = lexicon.item.match
        self._match_string_end = lexicon.string_end.match
        self._match_key_end = lexicon.key_end.match

        self._stack: list[Any] = []  # open containers, outermost first
        self._keys: list[Any] = []  # per frame: LIST for arrays, else the pending key (None before it)
        self._state = _VALUE
        self._root: Any = MISSING  # the complete top-level value
        self._token = _NO_TOKEN  # token being read across chunks
        self._pieces: list[str] = []  # decoded text of the string being read
        self._number = NumberReading("0", "0")  # the number being read, while the token is one
        self._carry = ""  # unfinished escape or literal, read again with the next chunk
        self._scalar_serial = 0  # counts scalars started; tells one partial scalar from the next
        self._position = Position()
        self._consumed = self._position.recent  # appended to per chunk (see Position)
        self._bytes: Utf8Input | None = None  # decodes byte chunks, once one arrives
        self._error: JsonStreamError | None = None
        self._closed = False
        self._dirty = False  # shown value changed since the last snapshot
        #: Counts the changes of the shown value (read-only; views use it to skip work).
        self.version = 0
        self._snapshot: Any = None
        self._duplicates: list[tuple[dict[str, Any], str, Any]] = []  # (object, key, new value) set twice
        self._watching = False  # a key was repeated: see _watch_duplicates
        self._watch_base: Any = MISSING  # the value shown at the end of the last chunk, when watching
        self._watch_changed = False  # a change came before the watching began, in this chunk
        self._patches = PatchTracker(self)
        self._items = ItemCollector(items) if items is not None else None
        self._events: list[JsonEvent] | None = [] if events else None
        self._whole_from, self._whole_below = self._whole_decoding_depths()
        self._whole_tries = WHOLE_TRIES  # failed whole-container attempts left in this chunk

    def _whole_decoding_depths(self) -> tuple[int, int]:
        """The depths at which a complete container may be decoded in C at once.

        Not with events (each step must be recorded), not at depths whose
        containers may be item parents (they must be seen opening), and not so
        deep that nesting the C decoder accepts could pass ``max_depth``.
        """
        if self._events is not None:
            return 0, 0
        lowest = len(self._items.parts) if self._items is not None else 0
        if self.max_depth is None:
            return lowest, sys.maxsize
        return lowest, self.max_depth - sys.getrecursionlimit()

    # ----------------------------------------------------------------- feeding

    def feed(self, chunk: str | bytes | bytearray | memoryview) -> bool:
        """Consume the next chunk; return True when the shown value changed."""
        if self._error is not None or self._closed:
            self._check_usable()
        if not isinstance(chunk, str):
            chunk = self._decode(chunk)
        if not chunk:
            return False
        token = self._token
        try:
            if token == _NUMBER:
                changed = self._continue_number(chunk)
            elif token and not self._carry and self._lexicon.plain(chunk).end() == len(chunk):
                # The commonest chunk of all: more plain text of the string or key being read.
                self._pieces.append(chunk)
                if token == _KEY_STRING:
                    changed = False  # partial keys never show
                elif self._events is None:
                    changed = self._partial_strings
                else:
                    changed = self._string_grew(chunk)
            elif not token and not self._carry and not chunk.strip(" \t\n\r"):
                changed = False  # only blank space between tokens: nothing to do
            else:
                changed = self._feed_text(chunk)
        except JsonStreamError as error:
            self._error = error
            raise
        consumed = self._consumed
        consumed.append(chunk)
        if len(consumed) > Position.LIMIT:
            self._position.trim()
        if self._watching:
            changed = self._compare_with_watch_base()
        if changed:
            self._dirty = True
            self.version += 1
        return changed

    def _feed_text(self, chunk: str) -> bool:
        """Run the state machine over a chunk (with any carried text before it)."""
        carry = self._carry
        if carry:
            self._carry = ""
            text = carry + chunk
        else:
            text = chunk
        if not self._token:
            return self._parse(text, len(carry), 0, False)
        try:
            pos, changed = self._resume_string(text, self._token)
        except StringSyntaxError as error:
            raise self._error_here(JsonStreamError, error.message, chunk, error.index - len(carry)) from None
        return changed if pos < 0 else self._parse(text, len(carry), pos, changed)

    def _string_grew(self, text: str) -> bool:
        """Plain ``text`` was added to the string value being read: whether that shows."""
        if self._events is not None:
            self._events.append(JsonEvent("string_part", text))
        return self._partial_strings

    def _compare_with_watch_base(self) -> bool:
        now = self._build_value()
        changed = self._watch_changed or not same_json(now, self._watch_base)
        self._watch_base = now
        self._watch_changed = False
        self._snapshot, self._dirty = now, False
        return changed

    def close(self) -> Any:
        """End the input and return the complete value.

        Raises :class:`IncompleteJsonError` if the text was valid so far but the value
        is unfinished, :class:`JsonStreamError` if it was invalid. Calling it again
        returns the same value.
        """
        if self._error is not None:
            raise self._error
        if self._closed:
            return self._root
        try:
            if self._bytes is not None and not self._bytes.complete():
                raise self._error_here(IncompleteJsonError, "The bytes ended inside a UTF-8 character", "", 0)
            changed = self._token == _NUMBER and self._finish_number_at_end()
            if self._state != _DONE:
                raise self._error_here(IncompleteJsonError, self._cut_off_reason(), "", 0)
        except JsonStreamError as error:
            self._error = error
            raise
        self._closed = True
        if changed:
            self._dirty = True
            self.version += 1
        return self._root

    @property
    def done(self) -> bool:
        """True once the top-level value is complete (more text may be whitespace)."""
        return self._state == _DONE

    @property
    def path(self) -> str:
        """JSON Pointer of the value being written (``""`` for the top level)."""
        parts: list[str | int] = []
        for container, key in zip(self._stack, self._keys):
            if key is LIST:
                parts.append(len(container))
            elif key is not None:
                parts.append(key)
        return pointer(parts)

    # ------------------------------------------------------------------ views

    @property
    def value(self) -> Any:
        """The value shown so far, auto-completed; None while nothing shows.

        Snapshots are never changed by later parsing, and may share completed
        subtrees with each other: copy one with :func:`copy_json` before mutating it.
        Reading it is a *look* for :meth:`patches`.
        """
        if self._dirty:
            self._snapshot = self._build_value()
            self._dirty = False
        self._patches.look()
        return None if self._snapshot is MISSING else self._snapshot

    def patches(self, *, compact: bool = False) -> list[dict[str, Any]]:
        """JSON Patch operations turning the value at the last look into the current one.

        A *look* is a read of :attr:`value` or a call of this method; before the
        first look nothing was shown, so the first operation adds the whole value
        at path ``""``. Operations are RFC 6902 ``add`` and ``replace``; with
        ``compact=True`` a string that grew is an ``append`` operation carrying only
        the new text (an extension: cost proportional to what changed).
        """
        return self._patches.drain(compact)

    def items(self) -> list[Any]:
        """Values matching the ``items`` pattern completed since the last call, in order."""
        if self._items is None:
            raise ValueError("items() needs a pattern: IncrementalJsonParser(items='/path/*')")
        return self._items.drain()

    def events(self) -> list[JsonEvent]:
        """Low-level events since the last call (needs ``events=True``); see :class:`JsonEvent`."""
        if self._events is None:
            raise ValueError("events() needs IncrementalJsonParser(events=True)")
        events, self._events = self._events, []
        return events

    # ------------------------------------------------------- partial scalar

    def _shown_scalar_serial(self) -> int | None:
        """The serial of the scalar being read if it shows something, else None."""
        token = self._token
        if token == _STRING:
            return self._scalar_serial if self._partial_strings else None
        if token == _NUMBER and self._partial_numbers and self._number.shown_length > 0:
            return self._scalar_serial
        return None

    def _partial_string_pieces(self) -> list[str] | None:
        """The pieces list of the string value being read, if one is."""
        return self._pieces if self._token == _STRING else None

    def _partial_scalar(self) -> Any:
        """What the scalar being read shows under the completion policy, or MISSING."""
        token = self._token
        if token == _STRING:
            if self._partial_strings:
                return "".join(self._pieces)
        elif token == _NUMBER and self._partial_numbers and self._number.shown_length > 0:
            return self._number.shown_value()
        return MISSING

    def _build_value(self) -> Any:
        if self._state == _DONE:
            return self._root
        return build_snapshot(self._stack, self._keys, self._partial_scalar())

    # ---------------------------------------------------------------- errors

    def _check_usable(self) -> None:
        if self._error is not None:
            raise self._error
        if self._closed:
            raise self._error_here(JsonStreamError, "Parser is closed: feed() after close()", "", 0)

    def _error_here(self, cls: type[JsonStreamError], msg: str, text: str, index: int) -> JsonStreamError:
        return self._position.error(cls, msg, text, index, self.path)

    def _cut_off_reason(self) -> str:
        if self._token in (_STRING, _KEY_STRING):
            return "Unterminated string: the text ended inside it"
        if self._carry:
            return f"Unfinished token {self._carry!r}: the text ended inside it"
        if self._root is MISSING and not self._stack:
            return "Expecting value: the text holds no JSON value"
        closers = "".join("]" if key is LIST else "}" for key in reversed(self._keys[-20:]))
        if len(self._keys) > 20:
            closers += f"… ({len(self._keys)} containers)"
        return f"The text ended before the JSON value did (still open: {closers})"

    # -------------------------------------------------------------- decoding

    def _decode(self, chunk: bytes | bytearray | memoryview) -> str:
        if self._bytes is None:
            self._bytes = Utf8Input(at_start=self._position.at_start and not self._carry)
        try:
            return self._bytes.decode(chunk)
        except InvalidUtf8 as invalid:
            if invalid.valid:
                self.feed(invalid.valid)  # the valid text first: its own errors come first
            self._error = self._error_here(JsonStreamError, str(invalid), "", 0)
            raise self._error from None

    # --------------------------------------------------------------- parsing

    def _fail(self, msg: str, text: str, index: int, shift: int) -> JsonStreamError:
        return self._error_here(JsonStreamError, msg, text[shift:], index - shift)

    def _parse(self, text: str, shift: int, pos: int, changed: bool) -> bool:
        """The state machine over one chunk from ``pos`` (``text[:shift]`` is carried text)."""
        # A failed whole-container attempt costs up to the rest of the chunk; containers
        # still open at its end all fail, so a few attempts a chunk bound the waste.
        self._whole_tries = WHOLE_TRIES
        n = len(text)
        stack = self._stack
        keys = self._keys
        state = self._state
        while pos < n:
            if state == _AFTER_VALUE:
                m = match_after_value(text, pos)
                if m is None:
                    pos = skip_space(text, pos).end()
                    if pos == n:
                        break
                    expected = "']'" if keys[-1] is LIST else "'}'"
                    raise self._fail(f"Expecting ',' delimiter or {expected}", text, pos, shift)
                pos = m.end()
                char = m.group(1)
                if char == "," and keys[-1] is LIST:
                    state = _VALUE  # the commonest separator, without a call
                    continue
                state = self._separator(char, text, pos, shift)
                continue
            if state <= _FIRST_VALUE:
                if stack and n - pos >= FUSED_MIN:
                    m = self._match_item(text, pos)
                    if m is not None:
                        pos = m.end()
                        opener, raw, char = m.group(1, 2, 3)
                        changed = True
                        if opener is not None:
                            state, pos = self._open_container(text, pos - 1, shift)
                            continue
                        if raw[0] == '"' and "\\" not in raw:
                            value: Any = raw[1:-1]
                        else:
                            value = self._raw_value(raw, text, m.start(2))
                        if self._events is not None:
                            self._events.append(JsonEvent("value", value))
                        key = keys[-1]
                        if key is LIST:
                            stack[-1].append(value)
                            if char == ",":
                                state = _VALUE  # the next item (no longer the first: no "]")
                                continue
                        else:
                            self._set_member(stack[-1], key, value)
                        state = self._separator(char, text, pos, shift)
                        continue
                m = self._match_value(text, pos)
                if m is not None:
                    pos = m.end()
                    group = m.lastindex or 0
                    if group == G_STRING:
                        value = m.group(G_STRING)
                        if "\\" in value:
                            value = c_scanstring(text, m.start(G_STRING), self.strict)[0]
                    elif group == G_CUT_STRING:
                        self._scalar_serial += 1
                        self._token = _STRING
                        body = m.group(G_CUT_STRING)
                        self._pieces = [body] if body else []
                        changed = (self._string_grew(body) if body else self._partial_strings) or changed
                        break
                    elif group == G_NUMBER:
                        value = to_number(m.group(G_NUMBER))
                    elif group == G_CUT_NUMBER:
                        self._start_number(text, m.start(G_CUT_NUMBER), shift)
                        if self._token == _NUMBER and self._partial_numbers:
                            changed = self._number.show() or changed
                        break
                    elif group == G_OBJECT or group == G_ARRAY:
                        state, pos = self._open_container(text, pos - 1, shift)
                        changed = True
                        continue
                    else:
                        value = LITERAL_VALUES[group - G_FIRST_LITERAL]
                    state = self._put(value)
                    changed = True
                    continue
                pos = skip_space(text, pos).end()
                if pos == n:
                    break
                char = text[pos]
                if char == '"':
                    self._scalar_serial += 1
                    pos, closed = self._start_string(text, pos, shift, True)
                    if not closed:
                        self._token = _STRING
                        changed = changed or self._partial_strings
                        break
                    state = self._put("".join(self._pieces))
                    changed = True
                    continue
                if char == "]" and state == _FIRST_VALUE:
                    pos += 1
                    state = self._close_container()
                    continue
                if char in "-0123456789":
                    pos = self._start_number(text, pos, shift)
                    if pos < n:
                        raise self._fail("Expecting digit", text, pos, shift)
                    if self._token == _NUMBER and self._partial_numbers:
                        changed = self._number.show() or changed
                    break
                self._start_literal(text, pos, shift)
                break
            if state >= _KEY and state <= _FIRST_KEY:
                if n - pos >= FUSED_MIN:
                    m = self._match_member(text, pos)
                    if m is not None:
                        pos = m.end()
                        key, opener, raw, char = m.group(1, 2, 3, 4)
                        if "\\" in key:
                            key = c_scanstring(text, m.start(1), self.strict)[0]
                        self._key_ready(key, changed)
                        changed = True
                        if opener is not None:
                            state, pos = self._open_container(text, pos - 1, shift)
                            continue
                        if raw[0] == '"' and "\\" not in raw:
                            value = raw[1:-1]
                        else:
                            value = self._raw_value(raw, text, m.start(3))
                        if self._events is not None:
                            self._events.append(JsonEvent("value", value))
                        self._set_member(stack[-1], key, value)
                        if char == ",":
                            keys[-1] = None
                            state = _KEY
                        else:
                            state = self._close_container()
                        continue
                m = self._match_key(text, pos)
                if m is not None:
                    pos = m.end()
                    key = m.group(G_KEY)
                    if key is None:  # cut off by the end of the text
                        body = m.group(G_CUT_KEY)
                        self._pieces = [body] if body else []
                        self._token = _KEY_STRING
                        break
                    self._key_ready(c_scanstring(text, m.start(G_KEY), self.strict)[0] if "\\" in key else key, changed)
                    state = _VALUE if m.group(G_KEY_COLON) else _COLON
                    continue
                pos = skip_space(text, pos).end()
                if pos == n:
                    break
                char = text[pos]
                if char == '"':
                    pos, closed = self._start_string(text, pos, shift, False)
                    if not closed:
                        self._token = _KEY_STRING
                        break
                    self._key_ready("".join(self._pieces), changed)
                    state = _COLON
                    continue
                if char == "}" and state == _FIRST_KEY:
                    pos += 1
                    state = self._close_container()
                    continue
                raise self._fail("Expecting property name enclosed in double quotes", text, pos, shift)
            if state == _COLON:
                m = match_colon(text, pos)
                if m is None:
                    pos = skip_space(text, pos).end()
                    if pos == n:
                        break
                    raise self._fail("Expecting ':' delimiter", text, pos, shift)
                pos = m.end()
                state = _VALUE
                continue
            # _DONE: only whitespace may follow, unless told to ignore the rest.
            pos = skip_space(text, pos).end()
            if pos < n and self.trailing == "error":
                raise self._fail("Extra data after the JSON value", text, pos, shift)
            break
        if self._state != state:
            self._state = state
        return changed

    # ---------------------------------------------------- structure changes

    def _open_container(self, text: str, index: int, shift: int) -> tuple[int, int]:
        """Open the container whose bracket is ``text[index]``; return (state, position).

        With enough text ahead, first try to decode the whole container in C: if it
        is complete in this chunk it is placed at once, as one finished value.
        """
        stack = self._stack
        if (
            self._whole_tries
            and len(text) - index >= WHOLE_MIN
            and self._whole_from <= len(stack) < self._whole_below
        ):
            try:
                value, end = self._lexicon.scan_whole(text, index)
            except (ValueError, StopIteration, RecursionError):
                self._whole_tries -= 1  # cut off, invalid or too deep for C: parse it step by step
            else:
                return self._place(value), end
        if self.max_depth is not None and len(stack) >= self.max_depth:
            raise self._fail(f"Nesting deeper than max_depth={self.max_depth}", text, index, shift)
        is_object = text[index] == "{"
        container: Any = {} if is_object else []
        if self._items is not None:
            container = self._items.opened(container, stack, self._keys)
        stack.append(container)
        self._keys.append(None if is_object else LIST)
        if self._events is not None:
            self._events.append(_START_OBJECT if is_object else _START_ARRAY)
        return (_FIRST_KEY if is_object else _FIRST_VALUE), index + 1

    def _close_container(self) -> int:
        container = self._stack.pop()
        is_array = self._keys.pop() is LIST
        if self._events is not None:
            self._events.append(_END_ARRAY if is_array else _END_OBJECT)
        if self._items is not None:
            container = self._items.closed(container)
        return self._place(container)

    def _separator(self, char: str, text: str, after: int, shift: int) -> int:
        """The state after a ``,`` or closing bracket that follows a value."""
        keys = self._keys
        if char == ",":
            if keys[-1] is LIST:
                return _VALUE
            keys[-1] = None
            return _KEY
        if (char == "]") != (keys[-1] is LIST):
            raise self._fail(f"Mismatched {char!r}", text, after - 1, shift)
        return self._close_container()

    def _raw_value(self, raw: str, text: str, start: int) -> Any:
        """The value of a complete scalar matched at ``text[start:]`` as ``raw``."""
        if raw[0] == '"':
            return c_scanstring(text, start + 1, self.strict)[0]
        if raw[-1] in DIGITS and len(raw) < 20 and "." not in raw and "e" not in raw and "E" not in raw:
            return int(raw)  # the common case, without to_number's checks
        named = NAMED_SCALARS.get(raw, raw)
        return to_number(raw) if named is raw else named

    def _put(self, value: Any) -> int:
        """Place a complete scalar; return the next state."""
        if self._events is not None:
            self._events.append(JsonEvent("value", value))
        return self._place(value)

    def _place(self, value: Any) -> int:
        """Insert a complete value into the open container (or make it the result)."""
        stack = self._stack
        if not stack:
            self._root = value
            if self._items is not None:
                self._items.root_done(value)
            return _DONE
        key = self._keys[-1]
        if key is LIST:
            stack[-1].append(value)
        else:
            self._set_member(stack[-1], key, value)
        return _AFTER_VALUE

    def _set_member(self, container: dict[str, Any], key: str, value: Any) -> None:
        if key in container and not same_json(container[key], value):
            self._duplicates.append((container, key, value))
        container[key] = value

    def _key_ready(self, key: str, changed: bool) -> None:
        """A member's key is complete; ``changed``: whether this chunk changed the value so far."""
        self._keys[-1] = key
        if self._events is not None:
            self._events.append(JsonEvent("key", key))
        if not self._watching and key in self._stack[-1]:
            self._watch_duplicates(changed)

    def _watch_duplicates(self, changed: bool) -> None:
        """From a repeated key on, tell changes by comparing the shown values.

        A member set again may show what the earlier one showed (``{"a": {},
        "a": {``), which the parse steps alone cannot tell. Comparing costs the
        open path per chunk, so it is done only in documents that repeat a key.
        """
        self._watching = True
        self._watch_base = self._build_value()  # the new member shows nothing yet
        self._watch_changed = changed

    # ------------------------------------------------ tokens across chunks

    def _start_string(self, text: str, quote: int, shift: int, is_value: bool) -> tuple[int, bool]:
        """Scan a string that the fast path could not take whole: cut off, or invalid."""
        self._pieces = pieces = cast("list[str]", [])
        try:
            end, closed = scan_string(text, quote + 1, pieces, self._lexicon.plain)
        except StringSyntaxError as error:
            raise self._fail(error.message, text, error.index, shift) from None
        if not closed:
            self._carry = text[end:]
            if self._events is not None and is_value and pieces:
                self._events.append(JsonEvent("string_part", "".join(pieces)))
        return (end if closed else len(text)), closed

    def _start_number(self, text: str, start: int, shift: int) -> int:
        """Read a number the fast path could not take: cut off, unfinished or invalid.

        Returns the length of the text when the number (or a lone ``-``) runs to
        the chunk's end and may continue in the next one; otherwise the index where
        an unfinished number stops, for the caller to report.
        """
        m = match_number_prefix(text, start)
        end = m.end()
        if end < len(text) and text[end] in NUMBER_CHARS:
            raise self._fail("Invalid number", text, end, shift)
        digits = text[start:end]
        if end < len(text):
            if not self.strict and digits == "-" and "-Infinity".startswith(text[start:]):
                self._carry = text[start:]  # -Infinity cut off by the chunk's end
                return len(text)
            return end  # unfinished number followed by something else: the caller reports it
        if digits == "-":
            # A lone minus may start -Infinity (lenient) or a number: read it again with the next chunk.
            self._carry = digits
            return end
        self._begin_number(digits, STATE_OF_GROUP[m.lastindex or 0])
        return end

    def _begin_number(self, digits: str, state: str) -> None:
        """Start reading a number that runs to the chunk's end (``state``: see :mod:`.numbers`)."""
        self._scalar_serial += 1
        self._token = _NUMBER
        self._number = NumberReading(digits, state)

    def _start_literal(self, text: str, start: int, shift: int) -> None:
        """A value starting with a letter: a literal cut off by the chunk's end, or an error."""
        rest = text[start:]
        for literal in self._lexicon.literals:
            if literal.startswith(rest):
                self._carry = rest
                return
        longest = max(len(_common_prefix(rest, literal)) for literal in self._lexicon.literals)
        raise self._fail("Expecting value", text, start + longest if longest else start, shift)

    def _resume_string(self, text: str, token: int) -> tuple[int, bool]:
        """Continue the string or key the previous chunk ended in.

        Returns ``(pos, changed)``; ``pos`` is -1 when the string still goes on.
        """
        pieces = self._pieces
        is_value = token == _STRING
        m = (self._match_string_end if is_value else self._match_key_end)(text)
        if m is not None:  # it ends in this chunk: one match takes the rest
            rest = m.group(1)
            if "\\" in rest:
                rest = c_scanstring(text, 0, self.strict)[0]
            if rest:
                pieces.append(rest)
            end, closed = m.end(), True
        else:  # it goes on past this chunk, or is invalid: scan it step by step
            before = len(pieces)
            end, closed = scan_string(text, 0, pieces, self._lexicon.plain)
            rest = "".join(pieces[before:])
        changed = is_value and bool(rest) and self._string_grew(rest)
        if not closed:
            self._carry = text[end:]
            return -1, changed
        self._token = _NO_TOKEN
        if is_value:
            self._state = self._put("".join(pieces))
            return end, changed or not self._partial_strings
        self._key_ready("".join(pieces), False)
        self._state = _VALUE if m is not None and m.group(2) else _COLON
        return end, False

    def _continue_number(self, chunk: str) -> bool:
        """A chunk while a number is being read: more of it, then whatever follows it."""
        number = self._number
        if number.state in DIGIT_RUN_STATES and chunk.isdigit() and chunk.isascii():
            number.add_digits(chunk)  # more digits: the state stays as it is
            return self._partial_numbers and number.show()
        end = number.take(chunk)
        if end == len(chunk):
            return self._partial_numbers and number.show()
        if chunk[end] in NUMBER_CHARS:
            raise self._error_here(JsonStreamError, "Invalid number", chunk, end)
        if not number.complete:
            raise self._error_here(JsonStreamError, "Expecting digit", chunk, end)
        changed = self._complete_number()
        if self._state == _AFTER_VALUE and self._keys[-1] is LIST:
            # The commonest end of a number in an array: a comma, then the next
            # number up to the chunk's end (or nothing), taken in one match.
            m = match_comma_number(chunk, end)
            last = 0 if m is None else m.lastindex or 0
            if m is not None and last != NEXT_NUMBER_MINUS:
                self._state = _VALUE
                if last == 1:
                    return changed
                self._begin_number(chunk[m.end(1) :], STATE_OF_GROUP[last - 1])
                return (self._partial_numbers and self._number.show()) or changed
        return self._parse(chunk, 0, end, changed)

    def _finish_number_at_end(self) -> bool:
        """Complete the top-level number the text ended in; return whether that shows a change."""
        if not self._number.complete:
            raise self._error_here(IncompleteJsonError, "The text ended inside a number", "", 0)
        return self._complete_number()

    def _complete_number(self) -> bool:
        """Place the number read; return whether that changes what shows."""
        self._token = _NO_TOKEN
        number = self._number
        self._state = self._put(number.value())
        # Showing the whole number tells whether it shows differently from before.
        return not self._partial_numbers or number.show()


def _common_prefix(a: str, b: str) -> str:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return a[:i]
    return a[: min(len(a), len(b))]

