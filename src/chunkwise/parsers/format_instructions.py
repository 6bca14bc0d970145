"""The texts ``get_format_instructions()`` returns, for the prompt."""

from __future__ import annotations

import json
from typing import Any

__all__ = [
    "COMMA_LIST_INSTRUCTIONS",
    "JSON_INSTRUCTIONS",
    "MARKDOWN_LIST_INSTRUCTIONS",
    "NUMBERED_LIST_INSTRUCTIONS",
    "XML_INSTRUCTIONS",
    "json_schema_instructions",
]

COMMA_LIST_INSTRUCTIONS = (
    "Your response should be a list of comma separated values, "
    'eg: `foo, bar, baz` or `foo,bar,baz`. Quote a value that contains a comma: `"foo, bar"`.'
)
NUMBERED_LIST_INSTRUCTIONS = (
    "Your response should be a numbered list with each item on a new line. "
    "For example: \n\n1. foo\n\n2. bar\n\n3. baz"
)
MARKDOWN_LIST_INSTRUCTIONS = "Your response should be a markdown list, eg: `- foo\n- bar\n- baz`"
JSON_INSTRUCTIONS = "Return a JSON object."
# LangChain's text, word for word (``{tags}``: the list of tags, or None), so that a
# prompt built with either library is the same prompt.
XML_INSTRUCTIONS = """The output should be formatted as a XML file.
1. Output should conform to the tags below.
2. If tags are not given, make them on your own.
3. Remember to always open and close all the tags.

As an example, for the tags ["foo", "bar", "baz"]:
1. String "<foo>\n   <bar>\n      <baz></baz>\n   </bar>\n</foo>" is a well-formatted instance of the schema.
2. String "<foo>\n   <bar>\n   </foo>" is a badly-formatted instance.
3. String "<foo>\n   <tag>\n   </tag>\n</foo>" is a badly-formatted instance.

Here are the output tags:
```
{tags}
```"""

_SCHEMA_INSTRUCTIONS = """The output should be a JSON value that conforms to the JSON schema below. \
Return only the JSON value: no prose before or after it.

As an example, for the schema {{"properties": {{"foo": {{"title": "Foo", "description": "a list of \
strings", "type": "array", "items": {{"type": "string"}}}}}}, "required": ["foo"]}} the object \
{{"foo": ["bar", "baz"]}} is a well-formatted instance of the schema. The object \
{{"properties": {{"foo": ["bar", "baz"]}}}} is not well-formatted.

Here is the output schema:
```
{schema}
```"""


def json_schema_instructions(schema: dict[str, Any]) -> str:
    """Instructions asking for an instance of ``schema`` (its ``title`` and top-level
    ``type`` left out, as LangChain does, so the model does not echo them)."""
    reduced = {key: value for key, value in schema.items() if key not in ("title", "type")}
    return _SCHEMA_INSTRUCTIONS.format(schema=json.dumps(reduced, ensure_ascii=False))
