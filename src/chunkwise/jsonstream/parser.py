"""The incremental JSON parser: the façade over the scanner, the tree builder and the views.

``IncrementalJsonParser`` checks the options, decodes byte chunks, hands text to the
:class:`~.scanner.Scanner` (which drives the :class:`~.builder.TreeBuilder`), keeps
the first error and raises it again from every later call, and serves the views:
``value`` (a snapshot, cached per version), ``patches()``, ``items()`` and
``events()``, each a client of the builder. ``docs/architecture.md`` shows how one
chunk flows through these parts.
"""

from __future__ import annotations

import sys
from typing import Any, Literal, NoReturn

from chunkwise.jsonstream import backends
from chunkwise.jsonstream.builder import OpenContainer, TreeBuilder
from chunkwise.jsonstream.decoding import InvalidUtf8, Utf8Input
from chunkwise.jsonstream.errors import IncompleteJsonError, JsonStreamError
from chunkwise.jsonstream.events import EventRecorder, JsonEvent
from chunkwise.jsonstream.items import ItemCollector, parse_pattern
from chunkwise.jsonstream.patches import PatchTracker
from chunkwise.jsonstream.policy import Completion
from chunkwise.jsonstream.release import ReleasableBuilder, SkeletonBuilder
from chunkwise.jsonstream.repair_fast import FastRepairer
from chunkwise.jsonstream.repairer import Repairer
from chunkwise.jsonstream.repairs import Repair, RepairRecord, repairs_of
from chunkwise.jsonstream.scanner import Scanner
from chunkwise.jsonstream.shortcuts import FastScanner
from chunkwise.jsonstream.snapshot import MISSING
from chunkwise.jsonstream.states import DONE
from chunkwise.jsonstream.tokens import LENIENT, STRICT


class IncrementalJsonParser:
    """Parse one JSON value from text that arrives in chunks.

    ``feed`` it ``str`` or ``bytes`` chunks (bytes are decoded incrementally as
    UTF-8; an empty chunk does nothing), look at the partial result at any time,
    and call ``close`` at the end of the input. Views of the partial result, each
    independent of the others (reading one changes nothing another returns):

    * :attr:`value`: the auto-completed value shown so far (see :class:`Completion`);
    * :meth:`patches`: JSON Patch operations since the previous call;
    * :meth:`items`: complete values matching the ``items`` pointer pattern;
    * :meth:`events`: the low-level event stream (with ``events=True``).

    Options: ``strict`` (RFC 8259 exactly; ``False`` also accepts raw control
    characters in strings and ``NaN``/``Infinity``/``-Infinity``, like
    ``json.loads(strict=False)``), ``completion`` (what partial values show),
    ``max_depth`` (nesting limit, ``None`` for none: the parser never recurses),
    ``max_int_digits`` (the most digits a number's integer part may have;
    ``"interpreter"``: ``sys.get_int_max_str_digits()``, 4300 unless changed;
    ``None``: no limit, knowing that converting a long integer costs the square of
    its length), ``trailing`` (``"error"``: text after the value is invalid;
    ``"ignore"``: it is skipped, for callers that frame the JSON themselves),
    ``retain`` (``False``: the parser keeps no value, so memory stays bounded on
    unbounded input: with ``items`` (or ``events``) items leave it once ``items()`` has
    handed them out, and ``patches()`` refuses; without them members leave once
    ``patches()`` has reported them; either way ``value`` refuses and ``close()``
    returns None), ``repair`` (``True`` or a set of :class:`Repair` flags: mend those
    model mistakes while streaming, each one recorded in :attr:`repairs`; see
    ``docs/repair.md``).

    Invalid input raises :class:`JsonStreamError` at the first character that proves
    it; after an error every call raises that same error, except that the first call
    of ``patches()``, ``items()`` and ``events()`` hands out what completed before the
    error (so that nothing valid is lost).

    ``backend``: ``"auto"`` (the native engine, ``chunkwise_native``, when it is
    installed and the options allow it: not with ``_shortcuts=False``), ``"python"`` or
    ``"native"``; both behave the same (see :mod:`.backends`).
    """

    def __new__(cls, *args: Any, backend: str = "auto", **options: Any) -> IncrementalJsonParser:
        if cls is IncrementalJsonParser and backends.wants_native(backend, options):
            native: type[IncrementalJsonParser] = native_parser_class()
            return native.__new__(native, *args, **options)
        return super().__new__(cls)

    def __init__(
        self,
        *,
        strict: bool = True,
        completion: Completion | str = Completion.PARTIAL,
        items: str | None = None,
        events: bool = False,
        max_depth: int | None = 10_000,
        max_int_digits: int | None | Literal["interpreter"] = "interpreter",
        trailing: Literal["error", "ignore"] = "error",
        retain: bool = True,
        repair: bool | Repair = False,
        backend: str = "auto",
        _shortcuts: bool = True,
        _repair_shortcuts: bool = True,
    ) -> None:
        if trailing not in ("error", "ignore"):
            raise ValueError(f"trailing must be 'error' or 'ignore', not {trailing!r}")
        self.strict = strict
        self.completion = Completion(completion)
        self.max_depth = max_depth
        self.max_int_digits = digit_limit(max_int_digits)
        self.trailing = trailing
        self.retain = retain
        self.repair = repairs_of(repair)
        self._shortcuts = _shortcuts
        parts = parse_pattern(items) if items is not None else None
        #: With retain=False and neither items nor events, the patches view is the one served.
        self._releasing = not retain and parts is None and not events
        if retain:
            self._builder = TreeBuilder(self.completion)
        elif self._releasing:
            self._builder = ReleasableBuilder(self.completion)
        else:  # skeletons at and above the items' parents (everywhere, for events alone)
            self._builder = SkeletonBuilder(self.completion, len(parts) - 1 if parts is not None else sys.maxsize)
        self._items = ItemCollector(items, self._builder) if items is not None else None
        self._events = EventRecorder() if events else None
        if self._events is not None:
            self._builder.listen(self._events)
        self._scanner = self._make_scanner(parts)
        self._patches: PatchTracker | None = None  # made at the first patches() call
        self._bytes: Utf8Input | None = None  # decodes byte chunks, once one arrives
        self._error: JsonStreamError | None = None
        self._closed = False
        self._feedable = True  # neither failed nor closed
        self._drained_since_error: set[str] = set()  # the delta views that handed out their last
        self._scan = self._scanner.feed
        self._repairer: Repairer | None = None
        self._locator: Scanner | Repairer = self._scanner  # locates the errors of the façade itself
        if self.repair:
            kind = FastRepairer if _repair_shortcuts and FastRepairer.serves(self.repair, strict) else Repairer
            self._repairer = self._locator = kind(
                self._scanner, self.repair, lenient_input=not strict, trailing=trailing)
            self._scan = self._repairer.feed
        self._snapshot: Any = MISSING  # the value, as of _snapshot_version
        self._snapshot_version = -1

    def _make_scanner(self, item_parts: list[str] | None) -> Scanner:
        options: dict[str, Any] = {
            "strict": self.strict, "trailing": self.trailing,
            "max_depth": self.max_depth, "max_int_digits": self.max_int_digits,
        }
        if self.repair & Repair.NAN_INFINITY:  # the repairer says where NaN is a mistake
            options["strict"] = False
        lexicon = STRICT if options["strict"] else LENIENT
        if not self._shortcuts:
            return Scanner(self._builder, lexicon, **options)
        return FastScanner(self._builder, lexicon, whole_from=self._whole_from(item_parts), **options)

    def _whole_from(self, item_parts: list[str] | None) -> int | None:
        """The lowest depth at which a complete container may be decoded in C at once.

        None: nowhere. Not with events (each step must be recorded), not where a
        container may be an item parent (it must be seen opening), and not with an
        integer limit lower than the interpreter's (the C decoder checks that one).
        """
        if self._events is not None:
            return None
        interpreter = sys.get_int_max_str_digits() or None
        if self.max_int_digits is not None and (interpreter is None or self.max_int_digits < interpreter):
            return None
        return len(item_parts) if item_parts is not None else 0

    # ----------------------------------------------------------------- feeding

    def feed(self, chunk: str | bytes | bytearray | memoryview) -> bool:
        """Consume the next chunk; return True when the shown value changed.

        With ``retain=False`` there is no value to show: True when the view it serves
        (``items()``, else ``events()``, else ``patches()``) has something new.
        """
        if not self._feedable:
            self._check_usable()
        if type(chunk) is not str:
            chunk = self._decode(chunk)  # type: ignore[arg-type]
        elif self._bytes is not None and self._bytes.pending:
            self._fail(self._locator.error(JsonStreamError, "A str chunk arrived inside a UTF-8 character", "", 0))
        if not chunk:
            return False
        builder = self._builder
        before = builder.version
        try:
            self._scan(chunk)
        except JsonStreamError as error:
            self._fail(error)
        if builder.unsettled:
            builder.settle()
        if self.retain or self._releasing:
            return builder.version != before
        return bool(self._items.found if self._items is not None else self._events and self._events.recorded)

    def close(self) -> Any:
        """End the input and return the complete value (None with ``retain=False``).

        Raises :class:`IncompleteJsonError` if the text was valid so far but the value
        is unfinished, :class:`JsonStreamError` if it was invalid. Calling it again
        returns the same value.
        """
        if self._error is not None:
            raise self._error
        if not self._closed:
            try:
                if self._bytes is not None and not self._bytes.complete():
                    raise self._locator.error(IncompleteJsonError, "The bytes ended inside a UTF-8 character", "", 0)
                self._locator.close()
            except IncompleteJsonError as error:
                if not self._truncated(error):
                    self._fail(error)
            except JsonStreamError as error:
                self._fail(error)
            self._closed = True  # (a complete value has no member under a repeated key left to settle)
            self._feedable = False
        if self._scanner.state is not DONE:  # cut off and completed: the value shown is the value
            return self.value if self.retain else None
        return self._builder.root if self.retain else None

    def _truncated(self, error: IncompleteJsonError) -> bool:
        """Whether cut-off text is completed (``Repair.TRUNCATED``, with something shown); recorded."""
        if self._repairer is None or not self.repair & Repair.TRUNCATED:
            return False
        if self.retain and self.value is None:
            return False  # nothing to complete
        self._repairer.records.append(RepairRecord(
            Repair.TRUNCATED, error.pos, error.lineno, error.colno, error.path, "", ""))
        return True

    @property
    def done(self) -> bool:
        """True once the top-level value is complete (more text may be whitespace)."""
        return self._scanner.state is DONE

    @property
    def path(self) -> str:
        """JSON Pointer of the value being written (``""`` for the top level)."""
        return self._scanner.path()

    def open_containers(self) -> list[OpenContainer]:
        """The open containers on the path being written, outermost first (empty once
        the value is complete): for each, the keys of an object's complete members (a
        read-only view, true until the next ``feed``) and the key or index being
        written. It costs the depth, not the value: a client can tell that an open
        object lacks a key without taking a snapshot. Not with ``retain=False``."""
        self._check_view("open_containers()")
        return self._builder.open_containers()

    @property
    def repairs(self) -> list[RepairRecord]:
        """The repairs made so far, in the order they were decided (empty without ``repair``)."""
        return list(self._repairer.records) if self._repairer is not None else []

    @property
    def version(self) -> int:
        """Counts the chunks that changed the shown value (read-only)."""
        return self._builder.version

    # ------------------------------------------------------------------ views

    @property
    def value(self) -> Any:
        """The value shown so far, auto-completed; None while nothing shows.

        Snapshots are never changed by later parsing, and may share completed
        subtrees with each other: copy one with :func:`copy_json` before mutating it.
        Reading it changes nothing else (a pure read).
        """
        self._check_view("value")
        builder = self._builder
        if self._snapshot_version != builder.version:
            self._snapshot = builder.snapshot()
            self._snapshot_version = builder.version
        return None if self._snapshot is MISSING else self._snapshot

    def patches(self, *, compact: bool = False) -> list[dict[str, Any]]:
        """JSON Patch operations turning the value at the previous call into the current one.

        Before the first call nothing was shown, so the first operation adds the whole
        value at path ``""``. Operations are RFC 6902 ``add`` and ``replace``; with
        ``compact=True`` a string that grew is an ``append`` operation carrying only
        the new text (an extension: cost proportional to what changed).
        """
        tracker = self._patches
        if tracker is None or self._error is not None:
            if not self.retain and not self._releasing:
                raise ValueError("patches() is not available with retain=False and items or events")
            if self._error is not None:
                self._after_error("patches()")
            if tracker is None:
                release = self._builder.release if isinstance(self._builder, ReleasableBuilder) else None
                tracker = self._patches = PatchTracker(self._builder, shortcuts=self._shortcuts, release=release)
        return tracker.drain(compact)

    def items(self) -> list[Any]:
        """Values matching the ``items`` pattern completed since the last call, in order."""
        if self._items is None:
            raise ValueError("items() needs a pattern: IncrementalJsonParser(items='/path/*')")
        if self._error is not None:
            self._after_error("items()")
        return self._items.drain()

    def events(self) -> list[JsonEvent]:
        """Low-level events since the last call (needs ``events=True``); see :class:`JsonEvent`."""
        if self._events is None:
            raise ValueError("events() needs IncrementalJsonParser(events=True)")
        if self._error is not None:
            self._after_error("events()")
        return self._events.drain()

    # ---------------------------------------------------------------- errors

    def _check_view(self, view: str) -> None:
        if self._error is not None:
            raise self._error
        if not self.retain:
            raise ValueError(f"{view} is not available with retain=False: the parser keeps no value")

    def _after_error(self, view: str) -> None:
        """A delta view after an error: its first call hands out what completed before the error."""
        if view in self._drained_since_error and self._error is not None:
            raise self._error
        self._drained_since_error.add(view)

    def _check_usable(self) -> None:
        if self._error is not None:
            raise self._error
        raise self._locator.error(JsonStreamError, "Parser is closed: feed() after close()", "", 0)

    def _fail(self, error: JsonStreamError) -> NoReturn:
        self._error = error
        self._feedable = False
        raise error

    def _decode(self, chunk: bytes | bytearray | memoryview) -> str:
        if self._bytes is None:
            scanner = self._scanner
            at_start = scanner.position.at_start and not scanner.carry
            if self._repairer is not None:
                at_start = self._repairer.at_start
            self._bytes = Utf8Input(at_start=at_start)
        try:
            return self._bytes.decode(chunk)
        except InvalidUtf8 as invalid:
            # The stream fails below; the valid text before the bad bytes is read first (its
            # own errors come first), and is not "inside a character": forget the decoder.
            self._bytes = None
            if invalid.valid:
                self.feed(invalid.valid)
            self._fail(self._locator.error(JsonStreamError, str(invalid), "", 0))


def digit_limit(max_int_digits: int | None | Literal["interpreter"]) -> int | None:
    """The integer-digit limit that the ``max_int_digits`` option stands for (None: no limit)."""
    if max_int_digits == "interpreter":
        return sys.get_int_max_str_digits() or None  # 0: the interpreter has no limit
    if max_int_digits is not None and (type(max_int_digits) is not int or max_int_digits < 1):
        raise ValueError(f"max_int_digits must be a positive int, None or 'interpreter', not {max_int_digits!r}")
    return max_int_digits


_native_class: list[type[IncrementalJsonParser]] = []


def native_parser_class() -> type[IncrementalJsonParser]:
    """The parser class on the native engine, made once (``chunkwise_native`` is installed)."""
    if not _native_class:
        from chunkwise.jsonstream.native import make_native_parser_class

        _native_class.append(make_native_parser_class(backends.native_engine_class(), IncrementalJsonParser))
    return _native_class[0]
