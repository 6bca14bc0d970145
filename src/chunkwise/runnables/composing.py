"""The composition methods of ``Runnable``: ``|``, ``with_config``, ``bind``, ``assign``,
``pick``, ``map``, ``with_retry``, ``with_fallbacks``, ``with_types``,
``configurable_fields``.

Each builds a small wrapper runnable from its own module (imported when first
used, so ``import chunkwise`` stays light).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chunkwise.runnables.assign import RunnableAssign, RunnablePick
    from chunkwise.runnables.base import Runnable, RunnableLike
    from chunkwise.runnables.binding import RunnableBinding, RunnableEach
    from chunkwise.runnables.config import RunnableConfig
    from chunkwise.runnables.configurable import RunnableConfigurableFields
    from chunkwise.runnables.fallbacks import RunnableWithFallbacks
    from chunkwise.runnables.retry import RunnableRetry
    from chunkwise.runnables.sequence import RunnableSequence

__all__ = ["Composing"]


class Composing:
    """Mixed into ``Runnable``; ``self`` is always a runnable."""

    def pipe(self, *others: RunnableLike, name: str | None = None) -> RunnableSequence[Any, Any]:
        """``self | others[0] | others[1] ...``"""
        from chunkwise.runnables.sequence import RunnableSequence

        return RunnableSequence(self, *others, name=name)

    def __or__(self, other: RunnableLike) -> RunnableSequence[Any, Any]:
        from chunkwise.runnables.sequence import RunnableSequence

        return RunnableSequence(self, other)

    def __ror__(self, other: RunnableLike) -> RunnableSequence[Any, Any]:
        from chunkwise.runnables.sequence import RunnableSequence

        return RunnableSequence(other, self)

    def _binding(self, **fields: Any) -> RunnableBinding[Any, Any]:
        from chunkwise.runnables.binding import RunnableBinding

        return RunnableBinding(bound=self, **fields)  # type: ignore[arg-type]

    def with_config(self, config: RunnableConfig | None = None,
                    **kwargs: Any) -> RunnableBinding[Any, Any]:
        """This runnable with config values (``run_name``, ``tags``, ``metadata``...) bound."""
        return self._binding(config={**(config or {}), **kwargs})

    def bind(self, **kwargs: Any) -> Runnable[Any, Any]:
        """This runnable with keyword arguments bound (``model.bind(stop=["\\n"])``): a
        ``RunnableBinding`` here; a subclass may return its own kind (a provider model
        returns a copy of itself), so the type is LangChain's, ``Runnable``."""
        return self._binding(kwargs=kwargs)

    def with_types(self, *, input_type: Any = None,
                   output_type: Any = None) -> RunnableBinding[Any, Any]:
        """This runnable declaring its input and output types (they are only recorded)."""
        return self._binding(custom_input_type=input_type, custom_output_type=output_type)

    def assign(self, **steps: RunnableLike) -> RunnableSequence[Any, Any]:
        """``self``, then its dict output with ``steps``' outputs added under their keys."""
        from chunkwise.runnables.assign import RunnableAssign
        from chunkwise.runnables.parallel import RunnableParallel

        return self | RunnableAssign(RunnableParallel(steps))

    def pick(self, keys: str | list[str]) -> RunnableSequence[Any, Any]:
        """``self``, then only ``keys`` of its dict output (one key: its value)."""
        from chunkwise.runnables.assign import RunnablePick

        return self | RunnablePick(keys)

    def map(self) -> RunnableEach[Any, Any]:
        """This runnable applied to each item of a list input."""
        from chunkwise.runnables.binding import RunnableEach

        return RunnableEach(bound=self)  # type: ignore[arg-type]

    def with_retry(
        self,
        *,
        retry_if_exception_type: tuple[type[BaseException], ...] = (Exception,),
        wait_exponential_jitter: bool = True,
        exponential_jitter_params: dict[str, float] | None = None,
        stop_after_attempt: int = 3,
    ) -> RunnableRetry[Any, Any]:
        """Invoke again (up to ``stop_after_attempt`` times) when one of those errors is raised."""
        from chunkwise.runnables.retry import RunnableRetry

        return RunnableRetry(
            bound=self,  # type: ignore[arg-type]
            retry_exception_types=retry_if_exception_type,
            wait_exponential_jitter=wait_exponential_jitter,
            exponential_jitter_params=exponential_jitter_params,
            max_attempt_number=stop_after_attempt,
        )

    def with_fallbacks(
        self,
        fallbacks: Sequence[Runnable[Any, Any]],
        *,
        exceptions_to_handle: tuple[type[BaseException], ...] = (Exception,),
        exception_key: str | None = None,
    ) -> RunnableWithFallbacks[Any, Any]:
        """Try ``fallbacks`` in order when this runnable raises one of ``exceptions_to_handle``."""
        from chunkwise.runnables.fallbacks import RunnableWithFallbacks

        return RunnableWithFallbacks(
            runnable=self,  # type: ignore[arg-type]
            fallbacks=list(fallbacks),
            exceptions_to_handle=exceptions_to_handle,
            exception_key=exception_key,
        )

    def configurable_fields(self, **fields: Any) -> RunnableConfigurableFields[Any, Any]:
        """Attributes that ``config["configurable"][field.id]`` may set for one call."""
        from chunkwise.runnables.configurable import RunnableConfigurableFields

        return RunnableConfigurableFields(default=self, fields=fields)  # type: ignore[arg-type]
