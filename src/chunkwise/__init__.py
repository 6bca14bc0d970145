"""chunkwise: parse LLM output while it streams.

The flat namespace re-exports the public names of every layer (see DESIGN.md):
the incremental JSON engine, the runnable layer, the model layer and the output
parsers, under the names LangChain users know.
"""

from chunkwise.jsonstream import (
    Completion,
    IncompleteJsonError,
    IncrementalJsonParser,
    JsonEvent,
    JsonStreamError,
    parse_partial_json,
)
from chunkwise.models import (
    AIMessage,
    AIMessageChunk,
    BaseChatModel,
    BaseLLM,
    BaseMessage,
    BaseRetriever,
    ChatPromptTemplate,
    Document,
    FakeListLLM,
    FakeStreamingListLLM,
    GenericFakeChatModel,
    HumanMessage,
    InMemoryKeywordRetriever,
    MessagesPlaceholder,
    PromptTemplate,
    ScriptedChatModel,
    SystemMessage,
    ToolCall,
    ToolCallChunk,
    ToolMessage,
    tool,
)
from chunkwise.runnables import (
    AddableDict,
    RunLog,
    RunLogPatch,
    Runnable,
    RunnableConfig,
    RunnableGenerator,
    RunnableLambda,
    RunnableParallel,
    RunnablePassthrough,
    RunnableSequence,
    StreamEvent,
)

__all__ = [
    "Completion",
    "IncompleteJsonError",
    "IncrementalJsonParser",
    "JsonEvent",
    "JsonStreamError",
    "parse_partial_json",
    # runnables
    "AddableDict",
    "RunLog",
    "RunLogPatch",
    "Runnable",
    "RunnableConfig",
    "RunnableGenerator",
    "RunnableLambda",
    "RunnableParallel",
    "RunnablePassthrough",
    "RunnableSequence",
    "StreamEvent",
    # models
    "AIMessage",
    "AIMessageChunk",
    "BaseChatModel",
    "BaseLLM",
    "BaseMessage",
    "BaseRetriever",
    "ChatPromptTemplate",
    "Document",
    "FakeListLLM",
    "FakeStreamingListLLM",
    "GenericFakeChatModel",
    "HumanMessage",
    "InMemoryKeywordRetriever",
    "MessagesPlaceholder",
    "PromptTemplate",
    "ScriptedChatModel",
    "SystemMessage",
    "ToolCall",
    "ToolCallChunk",
    "ToolMessage",
    "tool",
]
