"""The parser class on the native engine: ``chunkwise_native.Engine`` behind this API.

``IncrementalJsonParser.__new__`` returns an instance of the class made here when the
native backend is chosen. It subclasses both the Rust ``Engine`` (first, so that
``feed``, ``close``, ``value``, ``patches()``, ``items()``, ``events()``,
``open_containers()``, ``done``, ``path`` and ``version`` are the Rust methods themselves, with no Python call in
between) and ``IncrementalJsonParser`` (so ``isinstance`` holds and the public
attributes are the same). The options are checked here, as the Python engine checks
them, and handed to the engine normalised.
"""

from __future__ import annotations

from typing import Any, Literal

from chunkwise.jsonstream.builder import OpenContainer
from chunkwise.jsonstream.errors import IncompleteJsonError, JsonStreamError
from chunkwise.jsonstream.events import JsonEvent
from chunkwise.jsonstream.items import parse_pattern
from chunkwise.jsonstream.numbers import to_number
from chunkwise.jsonstream.policy import Completion
from chunkwise.jsonstream.repairs import Repair, RepairRecord, repairs_of
from chunkwise.jsonstream.tokens import LITERAL_VALUES

#: What the engine hands out or raises, in the order ``Engine`` takes them.
_HELPERS = (JsonStreamError, IncompleteJsonError, LITERAL_VALUES, to_number, JsonEvent, tuple.__new__, OpenContainer)


def make_native_parser_class(engine: Any, base: type) -> Any:
    """``class NativeJsonParser(engine, base)``, ``base`` being ``IncrementalJsonParser``."""
    from chunkwise.jsonstream.parser import digit_limit

    class NativeJsonParser(engine, base):  # type: ignore[misc]
        """An ``IncrementalJsonParser`` running on the native engine (``backend="native"``)."""

        def __new__(
            cls,
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
            backend: str = "native",
            _shortcuts: bool = True,  # (False is the Python engine's: backends.wants_native sends it there)
            _repair_shortcuts: bool = True,  # (the Python repairer's switch: ignored here)
        ) -> Any:
            if trailing not in ("error", "ignore"):
                raise ValueError(f"trailing must be 'error' or 'ignore', not {trailing!r}")
            policy = Completion(completion)
            limit = digit_limit(max_int_digits)
            parts = parse_pattern(items) if items is not None else None
            repairs = repairs_of(repair)
            self = engine.__new__(
                cls, bool(strict), policy.partial_strings, policy.partial_numbers, parts, bool(events),
                max_depth, limit, trailing == "ignore", bool(retain), repairs.value, _HELPERS,
            )
            self.strict = strict
            self.completion = policy
            self.max_depth = max_depth
            self.max_int_digits = limit
            self.trailing = trailing
            self.retain = retain
            self.repair = repairs
            return self

        def __init__(self, **options: Any) -> None:
            """Nothing more to set up: ``__new__`` made the engine."""

        @property
        def repairs(self) -> list[RepairRecord]:
            """The repairs made so far, in the order they were decided (empty without ``repair``)."""
            return [RepairRecord(Repair(kind), *fields) for kind, *fields in self.repair_records()]

    return NativeJsonParser
