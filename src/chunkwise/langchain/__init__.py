"""chunkwise inside LangChain and LangChain inside chunkwise (extra ``[langchain]``).

* Drop-in parsers: ``langchain_core``'s output parsers (subclasses of them, same
  names, fields and outputs) whose parsing is chunkwise's: switch the import.
* :func:`to_langchain` / :func:`from_langchain`: a chunkwise runnable as a
  ``langchain_core`` runnable, and any LangChain runnable (chat models included) as
  a chunkwise one, streaming both ways; messages convert with nothing lost.

The only module of chunkwise that imports ``langchain_core``; ``import chunkwise``
does not import it. See docs/langchain.md.
"""

from chunkwise.langchain.dropin import OutputParserException
from chunkwise.langchain.json import *  # noqa: F403 (each module's __all__)
from chunkwise.langchain.json import __all__ as _json
from chunkwise.langchain.lists import *  # noqa: F403
from chunkwise.langchain.lists import __all__ as _lists
from chunkwise.langchain.messages import *  # noqa: F403
from chunkwise.langchain.messages import __all__ as _messages
from chunkwise.langchain.runnables import *  # noqa: F403
from chunkwise.langchain.runnables import __all__ as _runnables
from chunkwise.langchain.tools import *  # noqa: F403
from chunkwise.langchain.tools import __all__ as _tools
from chunkwise.langchain.xml import XMLOutputParser

__all__ = ["OutputParserException", "XMLOutputParser", *_json, *_lists, *_messages, *_runnables,
           *_tools]
