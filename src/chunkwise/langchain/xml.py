"""Drop-in ``XMLOutputParser``: LangChain's class, chunkwise's streaming XML parser.

LangChain's fields (``tags``, ``parser``, ``encoding_matcher``) and format
instructions; the XML is read by ``chunkwise.parsers.XMLOutputParser``'s session, one
expat pass per stream. ``parser="defusedxml"`` (LangChain's default) is chunkwise's
policy of that name -- a DTD may be declared, entities may not -- and needs no
``defusedxml`` package; ``parser="xml"`` is the standard library's. An
``encoding_matcher`` other than LangChain's is refused: chunkwise finds the
encoding line by its own (linear) rule, and would silently ignore another pattern.
"""

from __future__ import annotations

from typing import Any, ClassVar

from langchain_core.output_parsers import xml as lc_xml

import chunkwise.parsers as cw
from chunkwise.langchain.dropin import ChunkwiseParsing

__all__ = ["XMLOutputParser"]


class XMLOutputParser(ChunkwiseParsing, lc_xml.XMLOutputParser):
    """LangChain's ``XMLOutputParser``, parsing with chunkwise's streaming XML parser."""

    max_depth: int = 10_000
    model_fields: ClassVar[dict[str, Any]]

    def model_post_init(self, context: Any, /) -> None:
        default = type(self).model_fields["encoding_matcher"].default
        if self.encoding_matcher.pattern != default.pattern:
            raise ValueError("XMLOutputParser finds the encoding line by chunkwise's rule; a "
                             "custom encoding_matcher is not supported: use LangChain's parser")

    def engine(self) -> cw.XMLOutputParser:
        return cw.XMLOutputParser(self.tags, parser=self.parser, max_depth=self.max_depth)
