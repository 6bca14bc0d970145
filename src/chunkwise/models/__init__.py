"""The model layer: messages, prompt templates, chat-model and LLM bases, fake models,
tools and retrievers -- the pieces a chain streams through before the parsers.

Built on ``chunkwise.runnables`` (every model, prompt, tool and retriever is a
runnable) and ``chunkwise.jsonstream`` (tool-call arguments are parsed with
``parse_partial_json`` when read). Real providers plug in by subclassing
``BaseChatModel`` or ``BaseLLM``.
"""

from chunkwise.models.chat_models import BaseChatModel, message_to_chunk
from chunkwise.models.content import Content, ContentBlock, content_text
from chunkwise.models.convert import (
    MessageLike,
    coerce_to_message,
    convert_to_messages,
    get_buffer_string,
)
from chunkwise.models.documents import Document
from chunkwise.models.fakes import (
    FakeListLLM,
    FakeStreamingListLLM,
    GenericFakeChatModel,
    ScriptedChatModel,
)
from chunkwise.models.language_models import BaseLanguageModel, LanguageModelInput
from chunkwise.models.llms import BaseLLM
from chunkwise.models.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
    add_ai_message_chunks,
)
from chunkwise.models.prompt_values import ChatPromptValue, PromptValue, StringPromptValue
from chunkwise.models.prompts import (
    ChatPromptTemplate,
    MessagesPlaceholder,
    MissingVariablesError,
    PromptTemplate,
)
from chunkwise.models.retrievers import BaseRetriever, InMemoryKeywordRetriever
from chunkwise.models.tool_calls import (
    InvalidToolCall,
    ToolCall,
    ToolCallChunk,
    merge_tool_call_chunks,
    parse_tool_call_chunks,
    tool_call,
    tool_call_chunk,
)
from chunkwise.models.tools import StructuredTool, tool
from chunkwise.models.usage import UsageMetadata, add_usage

__all__ = [
    "AIMessage",
    "AIMessageChunk",
    "BaseChatModel",
    "BaseLLM",
    "BaseLanguageModel",
    "BaseMessage",
    "BaseRetriever",
    "ChatPromptTemplate",
    "ChatPromptValue",
    "Content",
    "ContentBlock",
    "Document",
    "FakeListLLM",
    "FakeStreamingListLLM",
    "GenericFakeChatModel",
    "HumanMessage",
    "InMemoryKeywordRetriever",
    "InvalidToolCall",
    "LanguageModelInput",
    "MessageLike",
    "MessagesPlaceholder",
    "MissingVariablesError",
    "PromptTemplate",
    "PromptValue",
    "ScriptedChatModel",
    "StringPromptValue",
    "StructuredTool",
    "SystemMessage",
    "ToolCall",
    "ToolCallChunk",
    "ToolMessage",
    "UsageMetadata",
    "add_ai_message_chunks",
    "add_usage",
    "coerce_to_message",
    "content_text",
    "convert_to_messages",
    "get_buffer_string",
    "merge_tool_call_chunks",
    "message_to_chunk",
    "parse_tool_call_chunks",
    "tool",
    "tool_call",
    "tool_call_chunk",
]
