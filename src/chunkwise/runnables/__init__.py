"""The runnable layer: LangChain's ``Runnable`` interface, small and fast.

Runnables compose with ``|`` into chains that ``invoke``, ``batch``, ``stream`` (sync
and async), report ``astream_events`` and ``astream_log``. Later layers (models,
parsers) subclass ``Runnable``: set ``run_type`` and override ``_invoke`` and/or
``_transform`` / ``_atransform`` -- see ``chunkwise.runnables.base``.
"""

from chunkwise.runnables.aggregate import AddableDict, add_chunks
from chunkwise.runnables.base import Runnable, RunnableBinding, RunnableLike
from chunkwise.runnables.coerce import coerce_to_runnable
from chunkwise.runnables.config import RunnableConfig, child_config, ensure_config
from chunkwise.runnables.events import StreamEvent
from chunkwise.runnables.generators import RunnableGenerator
from chunkwise.runnables.lambdas import RunnableLambda
from chunkwise.runnables.log import RunLog, RunLogPatch
from chunkwise.runnables.parallel import RunnableParallel
from chunkwise.runnables.passthrough import RunnablePassthrough
from chunkwise.runnables.sequence import RunnableSequence
from chunkwise.runnables.tracing import Run, RunListener

__all__ = [
    "AddableDict",
    "Run",
    "RunListener",
    "RunLog",
    "RunLogPatch",
    "Runnable",
    "RunnableBinding",
    "RunnableConfig",
    "RunnableGenerator",
    "RunnableLambda",
    "RunnableLike",
    "RunnableParallel",
    "RunnablePassthrough",
    "RunnableSequence",
    "StreamEvent",
    "add_chunks",
    "child_config",
    "coerce_to_runnable",
    "ensure_config",
]
