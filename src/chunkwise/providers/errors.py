"""The errors a provider call raises: what the server said, or how the stream broke.

Every failure of a call is a :class:`ProviderError` -- an HTTP error status, an
``error`` event in the middle of a stream, a body that is not the stream asked
for, a connection that could not be made -- carrying the HTTP ``status`` (None
when there was no response) and the provider's own ``message``. A stream that
stops before its terminator (``[DONE]``, ``message_stop``, a finish reason) is an
:class:`IncompleteStreamError`, raised after the chunks that did arrive were
yielded: the answer is cut off, and chunkwise never passes it off as complete.
"""

from __future__ import annotations

__all__ = ["IncompleteStreamError", "ProviderError"]


class ProviderError(Exception):
    """A provider call failed.

    ``status``: the HTTP status (None: no response, or the failure came mid-stream);
    ``message``: the provider's own words when it gave any; ``type``: its error type
    or code (``"rate_limit_error"``, ``"invalid_request_error"``...); ``provider``:
    which model class called; ``body``: the start of the response body, for details.
    """

    def __init__(
        self,
        summary: str,
        *,
        provider: str,
        status: int | None = None,
        message: str | None = None,
        type: str | None = None,
        body: str | None = None,
    ) -> None:
        self.provider = provider
        self.status = status
        self.message = message
        self.type = type
        self.body = body
        super().__init__(summary)


class IncompleteStreamError(ProviderError):
    """The stream ended, broke or fell silent before its terminator: the chunks yielded
    so far are all there is, and they are not the whole answer."""
