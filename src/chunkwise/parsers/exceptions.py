"""``OutputParserException``: the model's output could not be parsed.

Named as in LangChain so ``except OutputParserException`` clauses carry over. It
holds the offending output (``llm_output``) and, for JSON, where in that output the
problem was found (``pos``, ``lineno``, ``colno``, the JSON ``path`` being written,
an ``excerpt``); the engine's or pydantic's error is its ``__cause__``.
"""

from __future__ import annotations

from typing import Any

from chunkwise.jsonstream import IncompleteJsonError, JsonStreamError

__all__ = ["OutputParserException"]


class OutputParserException(ValueError):
    """Output that is not what the parser expects (truncated, not JSON, invalid).

    ``observation`` and ``send_to_llm`` are kept for LangChain compatibility (retry
    loops read them); ``errors`` holds pydantic's error details when validation failed.
    """

    def __init__(
        self,
        error: str,
        *,
        llm_output: str | None = None,
        observation: str | None = None,
        send_to_llm: bool = False,
        pos: int | None = None,
        lineno: int | None = None,
        colno: int | None = None,
        path: str | None = None,
        excerpt: str | None = None,
        errors: list[Any] | None = None,
    ) -> None:
        super().__init__(error)
        self.llm_output = llm_output
        self.observation = observation
        self.send_to_llm = send_to_llm
        self.pos = pos
        self.lineno = lineno
        self.colno = colno
        self.path = path
        self.excerpt = excerpt
        self.errors = errors

    @classmethod
    def from_json_error(
        cls, error: JsonStreamError, output: str, offset: int | None
    ) -> OutputParserException:
        """Wrap the engine's ``error``, its position shifted by ``offset`` (where the JSON
        started in ``output``; None: no JSON was found) so that ``pos``, ``lineno`` and
        ``colno`` count in ``output``."""
        if offset is None:
            exc = cls(f"No JSON value in the output: {output[:80]!r}", llm_output=output,
                      pos=len(output), path="")
            exc.__cause__ = error
            return exc
        kind = "Truncated JSON output" if isinstance(error, IncompleteJsonError) else "Invalid JSON output"
        exc = cls.located(f"{kind}: {error.msg}", output, offset + error.pos, path=error.path,
                          excerpt=error.excerpt)
        exc.__cause__ = error
        return exc

    @classmethod
    def located(
        cls, what: str, output: str, pos: int, *, path: str = "", excerpt: str | None = None
    ) -> OutputParserException:
        """``what`` went wrong at ``pos`` in ``output``: the message adds the line, column
        and ``path``; the excerpt (by default the text around ``pos``) marks it with ``>>>``."""
        pos = min(pos, len(output))
        lineno = output.count("\n", 0, pos) + 1
        colno = pos - output.rfind("\n", 0, pos)
        where = f"line {lineno} column {colno} (char {pos})"
        if path:
            where += f", at {path}"
        if excerpt is None:
            excerpt = output[max(0, pos - 24) : pos] + ">>>" + output[pos : pos + 24]
        return cls(f"{what}: {where}", llm_output=output, pos=pos, lineno=lineno, colno=colno,
                   path=path, excerpt=excerpt)
