"""One-shot completion of a JSON prefix."""

from __future__ import annotations

import json
import sys
from typing import Any, Literal, NoReturn

from chunkwise.jsonstream.parser import IncrementalJsonParser, digit_limit
from chunkwise.jsonstream.policy import Completion
from chunkwise.jsonstream.repairs import Repair


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(name)


_STRICT_DECODER = json.JSONDecoder(parse_constant=_reject_constant)
_LENIENT_DECODER = json.JSONDecoder(strict=False)


def parse_partial_json(
    text: str,
    *,
    strict: bool = False,
    completion: Completion | str = Completion.PARTIAL,
    max_int_digits: int | None | Literal["interpreter"] = "interpreter",
    repair: bool | Repair = False,
) -> Any:
    """The auto-completed value of ``text``, a complete JSON text or a prefix of one.

    Complete text takes the fast path of ``json.loads``. A prefix gives the value the
    incremental parser shows for it (``'{"a": [1, 2'`` → ``{'a': [1, 2]}``); None
    when nothing shows yet. Text that is not a prefix of any JSON text raises
    :class:`JsonStreamError` (LangChain's function of this name returns None
    there, hiding the garbage). ``strict=False`` by default, as for model output;
    ``max_int_digits`` and ``repair`` (mend model mistakes: ``docs/repair.md``; a text
    cut off is a prefix here, so there is nothing to record about it) as for
    :class:`IncrementalJsonParser`.
    """
    limit = digit_limit(max_int_digits)
    interpreter = sys.get_int_max_str_digits()
    if limit is None or (interpreter and limit >= interpreter):  # json.loads's limit is not looser
        try:
            return (_STRICT_DECODER if strict else _LENIENT_DECODER).decode(text)
        except (ValueError, RecursionError):
            pass  # a prefix, invalid text, a huge integer or deep nesting: let the engine say which
    parser = IncrementalJsonParser(strict=strict, completion=completion, max_depth=None,
                                   max_int_digits=max_int_digits, repair=repair)
    parser.feed(text)
    return parser.value
