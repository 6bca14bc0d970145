"""``XMLOutputParser``: the XML in a model's output, streamed one element at a time.

The same outputs as LangChain's ``XMLOutputParser``: ``parse`` gives nested dicts and
lists (:class:`~chunkwise.parsers.xml_shapes.Tree`), the stream gives each element
without children, once it ends, as a one-path nested ``AddableDict``
(:class:`~chunkwise.parsers.xml_shapes.Leaves`). Unlike LangChain's, the stream raises
:class:`OutputParserException` for truncated or invalid XML (LangChain's stops silently
or raises ``ParseError``), DTDs are refused by default (:mod:`.xml_reading`), and every
character is read once: the text before the XML is scanned as it comes, not searched
again per chunk.

Where the XML is, as in LangChain: the stream skips the text up to the first ``<``
followed by a name character (prose, fences, ``<?xml ...?>``, comments) and ignores
everything after the root element; ``parse`` takes what is inside a ```` ``` ````
fence (an ``xml`` tag dropped), drops a ``<... encoding ...>`` line, strips blank space
and parses the rest as one document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from chunkwise.parsers.base import BaseTransformOutputParser, ParserInput, ParseSession, text_of
from chunkwise.parsers.exceptions import OutputParserException
from chunkwise.parsers.format_instructions import XML_INSTRUCTIONS
from chunkwise.parsers.xml_reading import POLICIES, Policy, XmlReader, located
from chunkwise.parsers.xml_shapes import Leaves, Tree

__all__ = ["XMLOutputParser", "xml_body"]

#: ``<`` and a character that may start an XML name. LangChain's pattern is ``<[a-zA-Z:_]``,
#: which skips a root element whose name starts with any other letter (``<é>``) and reads
#: its first child as the root.
_XML_START = re.compile(
    "<[:_A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D"
    "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF]"
)
_FENCE = re.compile(r"```(xml)?(.*)```", re.DOTALL)


def _after_encoding_line(text: str) -> int:
    """Where the text after LangChain's ``<([^>]*encoding[^>]*)>\\n`` match starts (0: no
    match), found in linear time: a match ends at the first ``>`` after its ``<``, so
    only the first ``<`` between two ``>`` can start one."""
    segment = 0
    while (close := text.find(">", segment)) >= 0:
        if text.startswith("\n", close + 1):
            opening = text.find("<", segment, close)
            if opening >= 0 and text.find("encoding", opening + 1, close) >= 0:
                return close + 2
        segment = close + 1
    return 0


def xml_body(text: str) -> tuple[str, int]:
    """The document ``parse`` reads in ``text`` and where it starts: inside a fence, after
    an encoding line, blank space stripped (LangChain's rules)."""
    start = 0
    fence = _FENCE.search(text)
    if fence is not None:
        start = fence.start(2)
        text = fence.group(2)
    skip = _after_encoding_line(text)
    body = text[skip:].strip()
    if body:
        start += text.index(body[0], skip)
    return body, start


class _XmlSession(ParseSession[dict[str, Any]]):
    """Skips to the XML, then feeds each chunk to expat and hands out the leaves found.

    An error found inside a chunk is raised at the next call, after the leaves the
    chunk completed before it (so nothing is lost); every later call raises it again.
    """

    def __init__(self, parser: XMLOutputParser) -> None:
        self.policy = parser.parser
        self.leaves = Leaves(parser.max_depth)
        self.output: list[str] = []  # the output up to the root's end, for errors
        self.size = 0  # its length, while the XML has not started
        self.held = ""  # before the XML: a "<" that ended the last chunk
        self.reader: XmlReader | None = None  # made when the XML starts
        self.error: OutputParserException | None = None

    def feed(self, chunk: ParserInput) -> Sequence[dict[str, Any]]:
        if self.error is not None:
            raise self.error
        text = text_of(chunk)
        leaves = self.leaves
        if leaves.done:  # nothing after the root can fail: it need not be kept
            return ()
        self.output.append(text)
        reader = self.reader
        if reader is None:
            reader, text = self.find_start(text)
            if reader is None:
                return ()
        try:
            reader.feed(text)
        except OutputParserException as error:
            if not leaves.done:  # after the root, anything goes (as in LangChain)
                self.error = error
        found = leaves.found
        if not found:
            return ()
        leaves.found = []
        return found

    def find_start(self, text: str) -> tuple[XmlReader | None, str]:
        """The reader and the text from the XML's start on, once it is found."""
        self.size += len(text)
        text = self.held + text
        found = _XML_START.search(text)
        if found is None:
            self.held = "<" if text.endswith("<") else ""
            return None, ""
        start = self.size - len(text) + found.start()
        self.reader = XmlReader(self.leaves, self.policy, self.output, start)
        return self.reader, text[found.start() :]

    def end(self) -> Sequence[dict[str, Any]]:
        if self.error is not None:
            raise self.error
        if self.reader is None:
            output = "".join(self.output)
            raise located("no XML element in the output", output, len(output), [])
        if not self.leaves.done:
            self.reader.close()
        return ()


class XMLOutputParser(BaseTransformOutputParser[dict[str, Any]]):
    """The XML document in a model's output, as LangChain's ``XMLOutputParser`` gives it.

    * ``tags``: the tags the format instructions ask for (they are not checked);
    * ``parser``: what the XML may declare: ``"safe"`` (no DTD), ``"defusedxml"``
      (a DTD but no entities) or ``"xml"`` (the standard library's); see
      :mod:`chunkwise.parsers.xml_reading`;
    * ``max_depth``: elements nested deeper raise (nothing recurses on the document).
    """

    def __init__(self, tags: list[str] | None = None, *, parser: Policy = "safe",
                 max_depth: int = 10_000) -> None:
        if parser not in POLICIES:
            raise ValueError(f"parser must be one of {', '.join(map(repr, POLICIES))}, not {parser!r}")
        if max_depth < 1:
            raise ValueError("max_depth must be at least 1")
        self.tags = tags
        self.parser: Policy = parser
        self.max_depth = max_depth

    def __repr__(self) -> str:
        shown = [f"tags={self.tags!r}"] if self.tags is not None else []
        if self.parser != "safe":
            shown.append(f"parser={self.parser!r}")
        return f"{type(self).__name__}({', '.join(shown)})"

    def session(self) -> _XmlSession:
        return _XmlSession(self)

    def parse(self, text: str) -> dict[str, Any]:
        """The document's value: ``{tag: text}`` or ``{tag: [child, ...]}``, nested."""
        body, start = xml_body(text)
        if not body:
            raise located("no XML element in the output", text, len(text), [])
        tree = Tree(self.max_depth)
        reader = XmlReader(tree, self.parser, [text], start)
        reader.feed(body)
        reader.close()
        assert tree.result is not None  # expat ended the document without an error
        return tree.result

    def get_format_instructions(self) -> str:
        return XML_INSTRUCTIONS.format(tags=self.tags)
