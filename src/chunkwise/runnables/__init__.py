"""The runnable layer: LangChain's ``Runnable`` interface, small and fast.

Runnables compose with ``|`` into chains that ``invoke``, ``batch``, ``stream`` (sync
and async), report ``astream_events`` and ``astream_log`` and call LangChain-style
callback handlers. Later layers (models, parsers) subclass ``Runnable``: set
``run_type`` and override ``_invoke`` and/or ``_transform`` / ``_atransform`` -- see
``chunkwise.runnables.base``.
"""

from chunkwise.runnables.aggregate import AddableDict, add, add_chunks
from chunkwise.runnables.assign import RunnableAssign, RunnablePassthrough, RunnablePick
from chunkwise.runnables.base import Input, Output, Runnable, RunnableLike
from chunkwise.runnables.binding import RunnableBinding, RunnableEach
from chunkwise.runnables.branch import RunnableBranch
from chunkwise.runnables.callbacks import (
    AsyncCallbackHandler,
    BaseCallbackHandler,
    Callbacks,
    adispatch_custom_event,
    dispatch_custom_event,
)
from chunkwise.runnables.coerce import coerce_to_runnable
from chunkwise.runnables.config import (
    RunnableConfig,
    child_config,
    ensure_config,
    merge_configs,
    patch_config,
)
from chunkwise.runnables.configurable import ConfigurableField, RunnableConfigurableFields
from chunkwise.runnables.events import StreamEvent
from chunkwise.runnables.fallbacks import RunnableWithFallbacks
from chunkwise.runnables.fields import RunnableSerializable
from chunkwise.runnables.generators import RunnableGenerator
from chunkwise.runnables.lambdas import RecursionLimitError, RunnableLambda, chain
from chunkwise.runnables.log import RunLog, RunLogPatch
from chunkwise.runnables.managers import (
    AsyncCallbackManager,
    AsyncCallbackManagerForChainRun,
    AsyncCallbackManagerForRetrieverRun,
    CallbackManager,
    CallbackManagerForChainRun,
    CallbackManagerForRetrieverRun,
    get_async_callback_manager_for_config,
    get_callback_manager_for_config,
)
from chunkwise.runnables.parallel import RunnableMap, RunnableParallel
from chunkwise.runnables.retry import RunnableRetry
from chunkwise.runnables.sequence import RunnableSequence
from chunkwise.runnables.tracing import Run, RunListener

__all__ = [
    "AddableDict",
    "AsyncCallbackHandler",
    "AsyncCallbackManager",
    "AsyncCallbackManagerForChainRun",
    "AsyncCallbackManagerForRetrieverRun",
    "BaseCallbackHandler",
    "CallbackManager",
    "CallbackManagerForChainRun",
    "CallbackManagerForRetrieverRun",
    "Callbacks",
    "ConfigurableField",
    "Input",
    "Output",
    "RecursionLimitError",
    "Run",
    "RunListener",
    "RunLog",
    "RunLogPatch",
    "Runnable",
    "RunnableAssign",
    "RunnableBinding",
    "RunnableBranch",
    "RunnableConfig",
    "RunnableConfigurableFields",
    "RunnableEach",
    "RunnableGenerator",
    "RunnableLambda",
    "RunnableLike",
    "RunnableMap",
    "RunnableParallel",
    "RunnablePassthrough",
    "RunnablePick",
    "RunnableRetry",
    "RunnableSequence",
    "RunnableSerializable",
    "RunnableWithFallbacks",
    "StreamEvent",
    "adispatch_custom_event",
    "add",
    "add_chunks",
    "chain",
    "child_config",
    "coerce_to_runnable",
    "dispatch_custom_event",
    "ensure_config",
    "get_async_callback_manager_for_config",
    "get_callback_manager_for_config",
    "merge_configs",
    "patch_config",
]
