"""Reading XML with expat under a safety policy, and locating what went wrong.

:class:`XmlReader` feeds text chunks to one expat parser (the standard library's
``pyexpat``, C, incremental: each character is read once), its events going to a
shape (:mod:`chunkwise.parsers.xml_shapes`). Expat is created as ElementTree creates
it (UTF-8 whatever the XML declaration says, ``"}"`` between namespace and name), so
names, texts and errors are those of LangChain's ``XMLOutputParser``.

The policies (``parser=``):

* ``"safe"`` (the default): a document type declaration (DTD) is refused, so no entity
  can be declared: only the five predefined entities and character references expand.
  No XXE, no billion laughs, whatever the expat version.
* ``"defusedxml"``: the policy of defusedxml's parsers (LangChain's default): a DTD is
  allowed, but entity declarations and external references are refused, by the same
  expat hooks defusedxml sets (the package itself is not needed).
* ``"xml"``: the standard library's: internal entities expand (within expat's
  amplification limits), external ones are never loaded.

Any failure is an :class:`OutputParserException` naming what (expat's message, or
what was refused), where (line, column and offset in the whole output) and in which
element (``/root/child``).
"""

from __future__ import annotations

import re
from typing import Any, Literal, Protocol
from xml.parsers import expat

from chunkwise.parsers.exceptions import OutputParserException
from chunkwise.parsers.xml_shapes import TooDeep

__all__ = ["POLICIES", "Policy", "Shape", "XmlReader", "located"]

Policy = Literal["safe", "defusedxml", "xml"]
POLICIES: tuple[str, ...] = ("safe", "defusedxml", "xml")

_LINE_BREAK = re.compile(r"\r\n?|\n")
_PREFIX = "Failed to parse XML"


class Shape(Protocol):
    """What the reader's events build (:class:`~chunkwise.parsers.xml_shapes.Leaves`, ``Tree``)."""

    @property
    def path(self) -> list[str]:
        """The open elements' tags."""

    def start(self, name: str, attributes: Any) -> None: ...
    def end(self, name: str) -> None: ...
    def data(self, text: str) -> None: ...


class Refused(ValueError):
    """Markup the policy refuses; ``where`` is expat's (line, column) of the event, and
    the markup starts at the last ``markup`` before it (expat reports the declaration
    once it has read into it)."""

    def __init__(self, what: str, where: tuple[int, int], markup: str = "") -> None:
        super().__init__(what)
        self.what = what
        self.where = where
        self.markup = markup


def _refuse(parser: Any, what: str, markup: str) -> Any:
    def hook(*args: Any) -> None:
        raise Refused(what, (parser.CurrentLineNumber, parser.CurrentColumnNumber), markup)
    return hook


def _undefined_entity(parser: Any) -> Any:
    """ElementTree's rule: a reference to an entity expat could not resolve (the DTD may
    define it elsewhere) is an error, not text."""
    def default(text: str) -> None:
        if text.startswith("&") and text.endswith(";"):
            raise Refused(f"undefined entity {text}", (parser.ErrorLineNumber, parser.ErrorColumnNumber))
    return default


def _expat(shape: Shape, policy: str) -> Any:
    parser = expat.ParserCreate("utf-8", "}")
    parser.buffer_text = True
    parser.StartElementHandler = shape.start
    parser.EndElementHandler = shape.end
    parser.CharacterDataHandler = shape.data
    if policy == "safe":
        parser.StartDoctypeDeclHandler = _refuse(parser, "a document type declaration (DTD) is refused", "<!DOCTYPE")
        return parser
    if policy == "defusedxml":
        parser.EntityDeclHandler = _refuse(parser, "an entity declaration is refused", "<!ENTITY")
        parser.UnparsedEntityDeclHandler = _refuse(parser, "an entity declaration is refused", "<!ENTITY")
        parser.ExternalEntityRefHandler = _refuse(parser, "an external entity reference is refused", "&")
    parser.DefaultHandlerExpand = _undefined_entity(parser)
    return parser


def located(what: str, output: str, pos: int, path: list[str]) -> OutputParserException:
    """The exception for ``what`` at ``pos`` of ``output``, inside the elements ``path``."""
    where = "/" + "/".join(path) if path else ""
    return OutputParserException.located(f"{_PREFIX}: {what}", output, pos, path=where)


def offset_of(text: str, line: int, column: int) -> int:
    """The index in ``text`` of expat's (1-based ``line``, 0-based ``column``)."""
    start = 0
    if line > 1:
        for number, found in enumerate(_LINE_BREAK.finditer(text), 2):
            start = found.end()
            if number == line:
                break
    return min(start + column, len(text))


class XmlReader:
    """One XML document read from text chunks by expat, events to ``shape``.

    ``output`` (a list of chunks, joined only for an error) is the whole model output;
    ``start`` is where in it the text fed to expat starts. Every failure raises an
    :class:`OutputParserException` located in the whole output.
    """

    __slots__ = ("shape", "expat", "output", "start")

    def __init__(self, shape: Shape, policy: str, output: list[str], start: int) -> None:
        self.shape = shape
        self.expat = _expat(shape, policy)
        self.output = output
        self.start = start

    def feed(self, text: str, final: bool = False) -> None:
        """Read ``text`` (``final``: it ends the document)."""
        try:
            data = text.encode()
        except UnicodeEncodeError:  # a lone surrogate: expat reports the bytes as not well-formed
            data = text.encode("utf-8", "surrogatepass")
        try:
            self.expat.Parse(data, final)
        except expat.ExpatError as error:
            raise self.error(expat.ErrorString(error.code), (error.lineno, error.offset)) from error
        except Refused as error:
            raise self.error(error.what, error.where, error.markup) from error
        except TooDeep as error:
            where = (self.expat.CurrentLineNumber, self.expat.CurrentColumnNumber)
            raise self.error(str(error), where) from error

    def close(self) -> None:
        """End the document: an element still open is truncated output."""
        path = list(self.shape.path)
        try:
            self.feed("", final=True)
        except OutputParserException as error:  # all fed so far was fine: it is cut off
            what = f"<{path[-1]}> is not closed" if path else "it ends before the root element"
            output = "".join(self.output)
            raise located(f"truncated output: {what}", output, len(output), path) from error.__cause__

    def error(self, what: str, where: tuple[int, int], markup: str = "") -> OutputParserException:
        """``what`` at expat's (line, column) ``where`` (or the ``markup`` that starts
        before it), located in the whole output."""
        output = "".join(self.output)
        pos = self.start + offset_of(output[self.start :], *where)
        if markup:
            pos = max(output.rfind(markup, self.start, pos + 1), self.start)
        return located(what, output, pos, self.shape.path)
