"""Built-in sample model output: the countries JSON of LangChain's streaming guide.

The demo, the fake models in the docs and the acceptance tests all replay this one
token stream, so the partial values they print can be compared line for line with
the guide's output.
"""

from __future__ import annotations

COUNTRIES_PROMPT = (
    "output a list of the countries france, spain and japan and their populations "
    'in JSON format. Use a dict with an outer key of "countries" which contains a '
    "list of countries. Each country should have the key `name` and `population`"
)

#: The tokens a chat model streamed for ``COUNTRIES_PROMPT``, cut where a real
#: model cut them (numbers arrive in pieces, a string's opening quote arrives
#: before its text).
COUNTRIES_TOKENS: tuple[str, ...] = (
    "{",
    '\n  "countries": [',
    "\n    {",
    '\n      "name": "',
    'France",',
    '\n      "population": 67',
    "413",
    "000",
    "\n    },",
    "\n    {",
    '\n      "name": "',
    'Spain",',
    '\n      "population": 47',
    "351",
    "567",
    "\n    },",
    "\n    {",
    '\n      "name": "',
    'Japan",',
    '\n      "population": 125',
    "584",
    "000",
    "\n    }",
    "\n  ]",
    "\n}",
)

#: The whole answer, as one string.
COUNTRIES_JSON: str = "".join(COUNTRIES_TOKENS)
