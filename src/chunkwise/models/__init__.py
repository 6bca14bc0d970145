"""The model layer: messages, prompt templates, chat-model and LLM bases, fake models,
tools and retrievers -- the pieces a chain streams through before the parsers.

Built on ``chunkwise.runnables`` (every model, prompt, tool and retriever is a
runnable) and ``chunkwise.jsonstream`` (tool-call arguments are parsed with
``parse_partial_json`` when read). Real providers plug in by subclassing
``BaseChatModel`` or ``BaseLLM``.
"""

from chunkwise.models.chat_models import BaseChatModel, message_to_chunk
from chunkwise.models.chunks import (
    AIMessageChunk,
    BaseMessageChunk,
    ChatMessageChunk,
    FunctionMessageChunk,
    HumanMessageChunk,
    SystemMessageChunk,
    ToolMessageChunk,
    add_ai_message_chunks,
    message_chunk_to_message,
)
from chunkwise.models.content import (
    Content,
    ContentBlock,
    content_text,
    merge_content,
    merge_dicts,
    merge_lists,
)
from chunkwise.models.convert import (
    MessageLike,
    coerce_to_message,
    convert_to_messages,
    get_buffer_string,
)
from chunkwise.models.documents import Document
from chunkwise.models.fakes import (
    FakeListChatModel,
    FakeListLLM,
    FakeMessagesListChatModel,
    FakeStreamingListLLM,
    GenericFakeChatModel,
    ParrotFakeChatModel,
    ScriptedChatModel,
)
from chunkwise.models.language_models import BaseLanguageModel, LanguageModelInput
from chunkwise.models.llms import BaseLLM
from chunkwise.models.message_templates import (
    AIMessagePromptTemplate,
    BaseMessagePromptTemplate,
    ChatMessagePromptTemplate,
    HumanMessagePromptTemplate,
    MessagesPlaceholder,
    SystemMessagePromptTemplate,
)
from chunkwise.models.messages import (
    AIMessage,
    BaseMessage,
    ChatMessage,
    FunctionMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from chunkwise.models.outputs import (
    ChatGeneration,
    ChatGenerationChunk,
    ChatResult,
    Generation,
    GenerationChunk,
    LLMResult,
)
from chunkwise.models.prompt_values import ChatPromptValue, PromptValue, StringPromptValue
from chunkwise.models.prompts import ChatPromptTemplate, MissingVariablesError, PromptTemplate
from chunkwise.models.retrievers import BaseRetriever, InMemoryKeywordRetriever
from chunkwise.models.tool_calls import (
    InvalidToolCall,
    ToolCall,
    ToolCallChunk,
    invalid_tool_call,
    merge_tool_call_chunks,
    parse_tool_call_chunks,
    tool_call,
    tool_call_chunk,
)
from chunkwise.models.tools import StructuredTool, tool
from chunkwise.models.usage import (
    InputTokenDetails,
    OutputTokenDetails,
    UsageMetadata,
    add_usage,
    subtract_usage,
)

__all__ = [
    "AIMessage",
    "AIMessageChunk",
    "AIMessagePromptTemplate",
    "BaseChatModel",
    "BaseLLM",
    "BaseLanguageModel",
    "BaseMessage",
    "BaseMessageChunk",
    "BaseMessagePromptTemplate",
    "BaseRetriever",
    "ChatGeneration",
    "ChatGenerationChunk",
    "ChatMessage",
    "ChatMessageChunk",
    "ChatMessagePromptTemplate",
    "ChatPromptTemplate",
    "ChatPromptValue",
    "ChatResult",
    "Content",
    "ContentBlock",
    "Document",
    "FakeListChatModel",
    "FakeListLLM",
    "FakeMessagesListChatModel",
    "FakeStreamingListLLM",
    "FunctionMessage",
    "FunctionMessageChunk",
    "Generation",
    "GenerationChunk",
    "GenericFakeChatModel",
    "HumanMessage",
    "HumanMessageChunk",
    "HumanMessagePromptTemplate",
    "InMemoryKeywordRetriever",
    "InputTokenDetails",
    "InvalidToolCall",
    "LLMResult",
    "LanguageModelInput",
    "MessageLike",
    "MessagesPlaceholder",
    "MissingVariablesError",
    "OutputTokenDetails",
    "ParrotFakeChatModel",
    "PromptTemplate",
    "PromptValue",
    "ScriptedChatModel",
    "StringPromptValue",
    "StructuredTool",
    "SystemMessage",
    "SystemMessageChunk",
    "SystemMessagePromptTemplate",
    "ToolCall",
    "ToolCallChunk",
    "ToolMessage",
    "ToolMessageChunk",
    "UsageMetadata",
    "add_ai_message_chunks",
    "add_usage",
    "coerce_to_message",
    "content_text",
    "convert_to_messages",
    "get_buffer_string",
    "invalid_tool_call",
    "merge_content",
    "merge_dicts",
    "merge_lists",
    "merge_tool_call_chunks",
    "message_chunk_to_message",
    "message_to_chunk",
    "parse_tool_call_chunks",
    "subtract_usage",
    "tool",
    "tool_call",
    "tool_call_chunk",
]
