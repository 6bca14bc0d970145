"""Generated XML model outputs for the XML parser's tests: documents (in LangChain's
shape, or any), with the wrappings models add (prose, fences, an XML declaration)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

NAMES = st.sampled_from(["a", "b", "foo", "bar_1", "x:y", "ns:q", "é", "_z", "A.b-c"])
#: Pieces of element text: plain, escaped, character references, CDATA, blank space.
TEXT_PIECES = st.sampled_from(
    ["x", "slim.shady", " ", "\n  ", "\t", "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#65;", "&#x1F600;",
     "<![CDATA[<raw> & ]]>", "<!-- note -->", "é", "😀", "a > b", "\r\n", "1 < 2".replace("<", "&lt;")]
)
BLANK = st.sampled_from(["", " ", "\n", "\n    ", "\t", "<!-- c -->", "<?pi data?>"])
ATTRIBUTES = st.sampled_from(["", ' id="1"', " k='v &amp; w'"])

#: Root names that LangChain's stream finds (it looks for ``<[a-zA-Z:_]``).
ROOT_NAMES = st.sampled_from(["a", "foo", "x:y", "_z"])
NAMESPACES = ' xmlns:x="urn:x" xmlns:ns="urn:ns"'


def _leaf(name: str, attributes: str, pieces: list[str], empty: bool) -> str:
    if empty:
        return f"<{name}{attributes}/>"
    return f"<{name}{attributes}>{''.join(pieces)}</{name}>"


leaves = st.builds(_leaf, NAMES, ATTRIBUTES, st.lists(TEXT_PIECES, max_size=4), st.booleans())


def _branch(name: str, attributes: str, children: list[str], gaps: list[str], text: str) -> str:
    inner = "".join(gap + child for gap, child in zip(gaps, children)) + gaps[-1]
    return f"<{name}{attributes}>{text}{inner}</{name}>"


def _elements(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def branch(children: st.SearchStrategy[list[str]]) -> st.SearchStrategy[str]:
        return st.builds(_branch, NAMES, ATTRIBUTES, children, st.lists(BLANK, min_size=5, max_size=5), text)
    return st.recursive(leaves, lambda kids: branch(st.lists(kids, min_size=1, max_size=4)), max_leaves=12)


def _root(name: str, body: str) -> str:
    """A root element around ``body`` (an element), declaring the namespaces used."""
    return f"<{name}{NAMESPACES}>{body}</{name}>"


#: Documents whose stream adds up to ``parse``'s value: a root with children, and no
#: text beside child elements (LangChain's shape).
shaped_documents = st.builds(_root, ROOT_NAMES, st.lists(_elements(st.just("")), min_size=1, max_size=3).map("\n".join))
#: A root and leaves only: here the stream's chunks added with ``+`` are ``parse``'s value.
flat_documents = st.builds(_root, ROOT_NAMES, st.lists(leaves, min_size=1, max_size=5).map("\n".join))
#: Any document of elements: text beside children, an empty root, a root leaf too.
any_documents = st.one_of(
    shaped_documents,
    st.builds(_root, ROOT_NAMES, _elements(st.sampled_from(["", " ", "text ", "&amp;"]))),
    st.builds(_root, ROOT_NAMES, st.lists(TEXT_PIECES, max_size=3).map("".join)),
)

PROSE = st.sampled_from(["", "Here it is:\n", "a < b and 3<4\n", "<think>hmm</think>\n", "<!-- c -->", "<"])
HEADER = st.sampled_from(["", '<?xml version="1.0" encoding="UTF-8"?>\n', '<?xml version="1.0"?>',
                          "<!DOCTYPE foo>\n", '<!DOCTYPE foo [<!ENTITY e "E">]>\n'])
AFTER = st.sampled_from(["", "\n", "\nHope this helps! <b>x</b>", "<junk", "</a>"])


def _wrapped(prose: str, header: str, document: str, after: str, fence: bool) -> str:
    if fence:
        return f"{prose}```xml\n{header}{document}\n```{after}"
    return f"{prose}{header}{document}{after}"


def outputs(documents: st.SearchStrategy[str] = any_documents) -> st.SearchStrategy[str]:
    """Model outputs holding one of ``documents``, wrapped as models wrap XML."""
    return st.builds(_wrapped, PROSE, HEADER, documents, AFTER, st.booleans())


def leaves_of(value: Any) -> list[tuple[tuple[str, ...], Any]]:
    """The leaf elements (path, text) of a parsed value or a streamed chunk, in document
    order (iteratively)."""
    found, todo = [], [((), value)]
    while todo:
        path, entry = todo.pop()
        ((tag, inner),) = entry.items()
        if isinstance(inner, list) and inner:
            todo.extend(((*path, tag), child) for child in reversed(inner))
        else:
            found.append(((*path, tag), inner))
    return found
