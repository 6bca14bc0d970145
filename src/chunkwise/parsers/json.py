"""``JsonOutputParser``: the JSON in a model's output, streamed as it grows.

A thin layer over the engine: :class:`JsonReader` puts the framer
(:class:`~chunkwise.jsonstream.JsonFramer`: fences, prose, ``<think>``) in front of
an :class:`~chunkwise.jsonstream.IncrementalJsonParser` with ``trailing="ignore"``,
keeps the output for error messages, and turns the engine's errors into
:class:`OutputParserException`. The session then shows one of the engine's views
per change: the auto-completed value, its JSON Patch, or the complete items.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from chunkwise.jsonstream import (
    Completion,
    IncompleteJsonError,
    IncrementalJsonParser,
    JsonFramer,
    JsonStreamError,
    Repair,
    RepairRecord,
)
from chunkwise.parsers.base import (
    BaseTransformOutputParser,
    ParserInput,
    ParseSession,
    same_value,
    text_of,
)
from chunkwise.parsers.exceptions import OutputParserException
from chunkwise.parsers.format_instructions import JSON_INSTRUCTIONS, json_schema_instructions

__all__ = ["DEFAULT_MAX_DEPTH", "JsonOutputParser", "JsonReader", "SimpleJsonOutputParser", "require_v2"]

#: The nesting limit of the parsers (the engine's own default is 10 000). Model output
#: is untrusted, and in value mode each shown value copies the open containers, so a
#: chunk costs up to the depth: 128 levels (serde_json's limit too) is far beyond any
#: schema a model is asked to follow and keeps that cost small (docs/parsers.md, "Hostile output").
DEFAULT_MAX_DEPTH = 128


def require_v2(model: Any, what: str) -> None:
    """Refuse, at construction, what is not a pydantic v2 model class (a ``pydantic.v1``
    model has none of the methods the parsers call)."""
    if isinstance(model, type) and issubclass(model, BaseModel):
        return
    if isinstance(model, type) and hasattr(model, "__fields__") and hasattr(model, "parse_obj"):
        raise TypeError(f"{what}: {model.__name__} is a pydantic v1 model (pydantic.v1.BaseModel), "
                        "which chunkwise does not support; make it a pydantic (v2) BaseModel")
    raise TypeError(f"{what}: expected a pydantic BaseModel subclass, not {model!r}")

#: Each repair made to a model's output is logged here (INFO), located in the output.
logger = logging.getLogger("chunkwise.parsers")


class JsonReader:
    """One JSON value read from text chunks: framed (model output) or bare (tool arguments).

    ``feed`` returns whether the shown value changed; ``close`` returns the final
    value. Bad text raises :class:`OutputParserException` with the whole output as
    ``llm_output`` and positions counted in it; the output is kept as a list of the
    chunks and joined only for such an error. With ``repair``, each repair the engine
    makes is logged (and listed in :attr:`repairs`), and ``allow_incomplete`` records
    the completion of cut-off output as a ``Repair.TRUNCATED``.
    """

    __slots__ = ("engine", "framer", "allow_incomplete", "pieces", "logged", "shift")

    def __init__(
        self,
        *,
        framed: bool = True,
        strict: bool = False,
        completion: Completion | str = Completion.PARTIAL,
        items: str | None = None,
        allow_incomplete: bool = False,
        max_depth: int | None = DEFAULT_MAX_DEPTH,
        repair: bool | Repair = False,
    ) -> None:
        repairs = repair_flags(repair, allow_incomplete)
        self.engine = IncrementalJsonParser(
            strict=strict, completion=completion, items=items, max_depth=max_depth,
            trailing="ignore" if framed else "error", repair=repairs,
        )
        self.framer = JsonFramer() if framed else None
        self.allow_incomplete = allow_incomplete
        self.pieces: list[str] = []
        self.logged = 0  # the repairs logged so far
        self.shift: tuple[int, int, int] | None = None  # the text before the JSON: length, newlines, last line

    @property
    def repairs(self) -> list[RepairRecord]:
        """The repairs made to the output so far, located in the whole output."""
        records = self.engine.repairs
        start = self.framer.start if self.framer is not None else 0
        if not start or not records:
            return records
        if self.shift is None:
            before = "".join(self.pieces)[:start]
            self.shift = (start, before.count("\n"), len(before) - before.rfind("\n") - 1)
        length, lines, column = self.shift
        return [dataclasses.replace(record, pos=record.pos + length, lineno=record.lineno + lines,
                                    colno=record.colno + (column if record.lineno == 1 else 0))
                for record in records]

    def log_repairs(self) -> None:
        """Log the repairs made since the last call."""
        if self.engine.repair:
            records = self.repairs
            for record in records[self.logged:]:
                logger.info("%s", record)
            self.logged = len(records)

    def feed(self, text: str) -> bool:
        """Read the next chunk of output; True when the shown value changed."""
        self.pieces.append(text)
        engine = self.engine
        if engine.done:  # what follows the value is not the reader's business
            return False
        if self.framer is not None:
            text = self.framer.feed(text)
            if not text:
                return False
        try:
            changed = engine.feed(text)
        except JsonStreamError as error:
            raise self.error(error) from error
        finally:
            self.log_repairs()
        return changed

    def close(self) -> Any:
        """The final value; a truncated value (with ``allow_incomplete``) auto-completed."""
        engine = self.engine
        partial = None
        try:
            if self.framer is not None:
                held = self.framer.close()  # a bare literal that ended the output (strict: NaN is invalid)
                if held:
                    engine.feed(held)
            partial = engine.value if self.allow_incomplete else None  # (after an error the views raise it)
            return engine.close()
        except IncompleteJsonError as error:
            if self.allow_incomplete:
                return partial
            raise self.error(error) from error
        except JsonStreamError as error:
            raise self.error(error) from error
        finally:
            self.log_repairs()

    def error(self, error: JsonStreamError) -> OutputParserException:
        """The engine's ``error`` located in the whole output."""
        start = self.framer.start if self.framer is not None else 0
        return OutputParserException.from_json_error(error, "".join(self.pieces), start)


def repair_flags(repair: bool | Repair, allow_incomplete: bool) -> Repair:
    """The engine's repairs for a parser's ``repair`` and ``allow_incomplete`` options."""
    repairs = Repair.DEFAULT if repair is True else Repair.NONE if repair is False else repair
    return repairs | Repair.TRUNCATED if repairs and allow_incomplete else repairs


class _JsonSession(ParseSession[Any]):
    """Shows the value (or its patch, or new items) whenever the engine says it changed."""

    def __init__(self, parser: JsonOutputParser) -> None:
        self.reader = parser.reader()
        self.diff = parser.diff
        self.compact = parser.compact
        self.items = parser.items is not None
        self.last: Any = None  # the value shown last (value view)
        self.final: Any = None

    def feed(self, chunk: ParserInput) -> Sequence[Any]:
        return self.view(self.reader.feed(text_of(chunk)))

    def end(self) -> Sequence[Any]:
        self.final = self.reader.close()
        if self.items or self.diff:
            return self.view(True)
        return () if same_value(self.final, self.last) else self.show(self.final)

    def view(self, changed: bool) -> Sequence[Any]:
        engine = self.reader.engine
        if self.items:
            return engine.items() if changed else ()
        if not changed:
            return ()
        if self.diff:
            patch = engine.patches(compact=self.compact)
            return (patch,) if patch else ()
        return self.show(engine.value)

    def show(self, value: Any) -> Sequence[Any]:
        """The outputs for a new value (the value itself; subclasses convert it)."""
        self.last = value
        return (value,)


class JsonOutputParser(BaseTransformOutputParser[Any]):
    """The JSON value in a model's output; streams its auto-completed partial values.

    * ``diff=True``: stream lists of RFC 6902 operations instead (applied in order
      they rebuild the values; ``compact=True`` makes a growing string an ``append``
      of the new text, an extension);
    * ``items="/countries/*"``: stream each complete value matching the JSON Pointer
      pattern once, in order (``parse``/``invoke`` then return the list of them);
    * ``completion``: what partial values show (:class:`Completion`);
    * ``strict=True``: RFC 8259 exactly (the default also takes raw control
      characters in strings and ``NaN``/``Infinity``, as LangChain does);
    * ``allow_incomplete=True``: output cut off before the value ended gives the
      auto-completed partial value instead of :class:`OutputParserException`;
    * ``max_depth``: the nesting limit (:data:`DEFAULT_MAX_DEPTH`, 128: the cost of a
      chunk grows with the depth; ``None``: none).
    * ``repair=True`` (or a set of :class:`Repair` flags): mend common model mistakes
      (trailing commas, single quotes, ``True``…) while streaming; each repair is
      logged on the ``chunkwise.parsers`` logger and returned by :meth:`parse_with_repairs`
      (see ``docs/repair.md``).

    The JSON is found as :mod:`chunkwise.jsonstream.framing` describes (fences, prose,
    ``<think>``); text after it is ignored. A value is shown only when it changed.
    """

    def __init__(
        self,
        pydantic_object: type[BaseModel] | None = None,
        *,
        diff: bool = False,
        strict: bool = False,
        items: str | None = None,
        completion: Completion | str = Completion.PARTIAL,
        allow_incomplete: bool = False,
        compact: bool = False,
        max_depth: int | None = DEFAULT_MAX_DEPTH,
        repair: bool | Repair = False,
    ) -> None:
        if diff and items is not None:
            raise ValueError("choose one view: diff=True or items=...")
        if pydantic_object is not None:
            require_v2(pydantic_object, type(self).__name__)
        self.pydantic_object = pydantic_object
        self.diff = diff
        self.strict = strict
        self.items = items
        self.completion = Completion(completion)
        self.allow_incomplete = allow_incomplete
        self.compact = compact
        self.max_depth = max_depth
        self.repair = repair

    def __repr__(self) -> str:
        options = {"diff": self.diff, "strict": self.strict, "items": self.items,
                   "allow_incomplete": self.allow_incomplete, "compact": self.compact, "repair": self.repair}
        shown = [f"{k}={v!r}" for k, v in options.items() if v]
        if self.completion is not Completion.PARTIAL:
            shown.append(f"completion={self.completion.value!r}")
        if self.max_depth != DEFAULT_MAX_DEPTH:
            shown.append(f"max_depth={self.max_depth!r}")
        if self.pydantic_object is not None:
            shown.insert(0, self.pydantic_object.__name__)
        return f"{type(self).__name__}({', '.join(shown)})"

    def reader(self, *, allow_incomplete: bool | None = None) -> JsonReader:
        """A fresh reader with this parser's options."""
        return JsonReader(
            strict=self.strict, completion=self.completion, items=self.items, max_depth=self.max_depth,
            allow_incomplete=self.allow_incomplete if allow_incomplete is None else allow_incomplete,
            repair=self.repair,
        )

    def session(self) -> _JsonSession:
        return _JsonSession(self)

    def parse(self, text: str) -> Any:
        session = self.session()
        outputs = [*session.feed(text), *session.end()]
        return outputs if self.items is not None else session.final

    def parse_with_repairs(self, text: str) -> tuple[Any, list[RepairRecord]]:
        """What :meth:`parse` returns, and the repairs made to get it (with ``repair``)."""
        session = self.session()
        outputs = [*session.feed(text), *session.end()]
        return (outputs if self.items is not None else session.final), session.reader.repairs

    def parse_result(self, result: Sequence[ParserInput], *, partial: bool = False) -> Any:
        """The value of ``result[0]``; ``partial=True`` auto-completes truncated output."""
        if not partial:
            return self.parse(text_of(result[0]))
        reader = self.reader(allow_incomplete=True)
        reader.feed(text_of(result[0]))
        return reader.close()

    def get_format_instructions(self) -> str:
        if self.pydantic_object is None:
            return JSON_INSTRUCTIONS
        return json_schema_instructions(self.pydantic_object.model_json_schema())


#: LangChain's other name for the JSON parser.
SimpleJsonOutputParser = JsonOutputParser
