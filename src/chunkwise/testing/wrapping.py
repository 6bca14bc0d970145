"""What models write around the data they were asked for: think blocks, prose, fences.

:func:`llm_wrapped` draws texts as a chat model writes them. Each part can be
switched off (``False``), left to chance (``True``, the default) or forced
(``"always"``), so a parser that promises less than chunkwise's framing (say, only
fences) is fuzzed on exactly what it promises.
"""

from __future__ import annotations

from typing import Literal, Union

from hypothesis import strategies as st

__all__ = ["Part", "WrappedText", "llm_wrapped"]

Part = Union[bool, Literal["always"]]


class WrappedText(str):
    """A model-like output (a ``str``) that remembers the text it wraps, as ``.inner``."""

    inner: str

    def __new__(cls, text: str, inner: str) -> WrappedText:
        self = super().__new__(cls, text)
        self.inner = inner
        return self


_PROSE = st.sampled_from(
    ["Here is the JSON:", "Sure! Here you go.", "The answer is below", "Certainly", "OK, as requested:"]
) | st.from_regex(r"[A-Za-z][A-Za-z ,.:!?']{0,30}", fullmatch=True)
_REMARK = st.sampled_from(["Hope this helps!", "Hope this helps", "Let me know if you need more.", ""])
_BLANK = st.sampled_from(["", " ", "\n", "\n\n", "\t", " \r\n"])
_TAG = st.sampled_from(["json", "JSON", "", "jsonc", "text", "python"]) | st.from_regex(r"[A-Za-z0-9_+-]{0,8}",
                                                                                      fullmatch=True)
_THOUGHT = st.text(st.characters(blacklist_characters="<>", blacklist_categories=["Cs"]), max_size=40)


def _check_part(name: str, part: Part) -> None:
    if part not in (True, False, "always"):
        raise ValueError(f"llm_wrapped: {name} must be True, False or 'always', not {part!r}")


@st.composite
def _llm_wrapped(
    draw: st.DrawFn, texts: st.SearchStrategy[str], think: Part, prose: Part, fence: Part, remark: Part, blank: bool
) -> WrappedText:
    def has(part: Part) -> bool:
        return part == "always" or (part is True and draw(st.booleans()))

    def space() -> str:
        return draw(_BLANK) if blank else ""

    inner = draw(texts)
    parts = [space()]
    if has(think):
        parts += ["<think>", draw(_THOUGHT), "</think>", space()]
    fenced = has(fence)
    if has(prose):
        parts += [draw(_PROSE), draw(st.sampled_from(["\n", "\n\n", " "]))]
    if fenced:
        parts += ["`" * draw(st.integers(3, 4)), draw(_TAG), "\n"]
    parts += [inner, space()]
    if fenced:
        parts += ["```" if not draw(st.booleans()) else "````", space()]
    if has(remark):
        parts += [draw(_REMARK), space()]
    return WrappedText("".join(parts), inner)


def llm_wrapped(
    texts: st.SearchStrategy[str],
    *,
    think: Part = True,
    prose: Part = True,
    fence: Part = True,
    remark: Part | None = None,
    blank: bool = True,
) -> st.SearchStrategy[WrappedText]:
    """``texts`` as a model writes them: maybe a ``<think>…</think>`` block (``think``),
    a sentence of prose (``prose``), a Markdown fence with any tag or none
    (``fence``), blank space (``blank``), and a closing remark such as "Hope this
    helps!" (``remark``, by default as ``prose``). Each result is a
    :class:`WrappedText` whose ``.inner`` is the text drawn from ``texts``, for oracles.

    Each part is ``True`` (drawn), ``False`` (never) or ``"always"``. The prose never
    holds brackets or backticks and starts with a letter, so it cannot be read as
    data; but prose around unfenced data only suits data that starts with ``{`` or
    ``[`` (a bare ``true`` followed by words is prose), so pass ``prose=False`` (or
    ``fence="always"``) for anything else.
    """
    after = prose if remark is None else remark
    for name, part in (("think", think), ("prose", prose), ("fence", fence), ("remark", after)):
        _check_part(name, part)
    return _llm_wrapped(texts, think, prose, fence, after, blank)
