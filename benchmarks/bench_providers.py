"""The provider path, chunkwise vs the official SDKs, on the same streams and the same client.

Run (after ``pip install -e ".[bench]"``, or ``.[test]``)::

    python benchmarks/bench_providers.py                 # in-memory bodies, best of 3
    python benchmarks/bench_providers.py --socket        # over a real 127.0.0.1 socket
    python benchmarks/bench_providers.py --sizes 200 2000 --repeat 5

Both libraries read the body through the same ``httpx2`` client (the one the SDKs
ship with): by default its ``MockTransport`` hands out the body in 256-byte reads,
so the figures are the libraries' own cost; ``--socket`` serves it from the
suite's replay server instead. The streams are chat-completions bodies of N
chunks -- text tokens, one tool call's argument fragments, a JSON answer -- and
the recorded llama-server streams, and the same as Anthropic Messages events.

Measured, per chunk of the stream (microseconds):

* ``chunks``: bytes to message chunks -- ``ChatOpenAI.stream`` vs iterating
  ``client.chat.completions.create(stream=True)`` (``ChatCompletionChunk`` objects);
  ``ChatAnthropic.stream`` vs ``client.messages.create(stream=True)`` events;
* ``parsed``: bytes to parsed values -- chunkwise's model piped into
  ``JsonOutputToolsParser`` / ``JsonOutputParser`` (one incremental engine per value)
  vs the SDKs' own helpers, which re-parse the whole text so far on every chunk
  (``chat.completions.stream`` with a strict tool or a pydantic response format,
  ``messages.stream`` on tool input). Those helpers are quadratic: they run up to
  ``--helper-limit`` chunks.

Constant figures down a column mean linear in the stream's length.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import anthropic  # noqa: E402
import httpx2  # noqa: E402
import openai  # noqa: E402
from pydantic import BaseModel  # noqa: E402

from chunkwise import ChatAnthropic, ChatOpenAI, JsonOutputParser, JsonOutputToolsParser  # noqa: E402

SSE = {"content-type": "text/event-stream"}
READ = 256  # bytes per read, as a socket hands them out


class Items(BaseModel):
    items: list[str]


# ---- the streams ----------------------------------------------------------------------

def _event(payload: Any, name: str | None = None) -> str:
    return (f"event: {name}\n" if name else "") + f"data: {json.dumps(payload)}\n\n"


def _chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {"id": "chatcmpl-b", "object": "chat.completion.chunk", "created": 1,
            "model": "bench", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def _usage() -> dict[str, Any]:
    return {"id": "chatcmpl-b", "object": "chat.completion.chunk", "created": 1, "model": "bench",
            "choices": [], "usage": {"prompt_tokens": 5, "completion_tokens": 9,
                                     "total_tokens": 14}}


def _pieces(text: str, count: int) -> list[str]:
    size = max(1, len(text) // count)
    return [text[i:i + size] for i in range(0, len(text), size)]


def _items_json(count: int) -> str:
    return json.dumps({"items": [f"item number {i}" for i in range(count // 4 + 1)]})


def openai_text(n: int) -> bytes:
    events = [_chunk({"content": f" tok{i % 10}"}) for i in range(n)]
    return "".join(_event(e) for e in [*events, _chunk({}, "stop"), _usage()]).encode() + \
        b"data: [DONE]\n\n"


def openai_tool(n: int) -> bytes:
    fragments = _pieces(_items_json(n), n)
    first = {"index": 0, "id": "call_1", "type": "function",
             "function": {"name": "Items", "arguments": ""}}
    events = [_chunk({"tool_calls": [first]})]
    events += [_chunk({"tool_calls": [{"index": 0, "function": {"arguments": f}}]})
               for f in fragments]
    return "".join(_event(e) for e in [*events, _chunk({}, "tool_calls"), _usage()]).encode() + \
        b"data: [DONE]\n\n"


def openai_json(n: int) -> bytes:
    events = [_chunk({"content": piece}) for piece in _pieces(_items_json(n), n)]
    return "".join(_event(e) for e in [*events, _chunk({}, "stop"), _usage()]).encode() + \
        b"data: [DONE]\n\n"


def anthropic_tool(n: int) -> bytes:
    events: list[dict[str, Any]] = [
        {"type": "message_start", "message": {"id": "msg_b", "type": "message",
                                              "role": "assistant", "content": [], "model": "bench",
                                              "usage": {"input_tokens": 5, "output_tokens": 1}}},
        {"type": "content_block_start", "index": 0,
         "content_block": {"type": "tool_use", "id": "toolu_1", "name": "Items", "input": {}}}]
    events += [{"type": "content_block_delta", "index": 0,
                "delta": {"type": "input_json_delta", "partial_json": piece}}
               for piece in _pieces(_items_json(n), n)]
    events += [{"type": "content_block_stop", "index": 0},
               {"type": "message_delta", "delta": {"stop_reason": "tool_use"},
                "usage": {"output_tokens": 9}}, {"type": "message_stop"}]
    return "".join(_event(e, e["type"]) for e in events).encode()


def events_in(body: bytes) -> int:
    return body.count(b"\n\n")


# ---- the clients -----------------------------------------------------------------------

class _Reads(httpx2.SyncByteStream):
    def __init__(self, body: bytes) -> None:
        self.body = body

    def __iter__(self) -> Iterator[bytes]:
        body = self.body
        for start in range(0, len(body), READ):
            yield body[start:start + READ]


def memory_client(body: bytes) -> httpx2.Client:
    handler = lambda request: httpx2.Response(200, headers=SSE, stream=_Reads(body))  # noqa: E731
    return httpx2.Client(transport=httpx2.MockTransport(handler))


class Endpoint:
    """Where both libraries read ``body`` from: memory, or the replay server's socket."""

    def __init__(self, socket: bool) -> None:
        self.server = None
        if socket:
            from tests.providers.server import ReplayServer

            self.server = ReplayServer(seed=1, max_piece=READ)

    def client(self, path: str, body: bytes) -> tuple[httpx2.Client, str]:
        if self.server is None:
            return memory_client(body), "http://bench.invalid"
        from tests.providers.server import Reply

        self.server.script(path, Reply(body))
        return httpx2.Client(), self.server.url


MESSAGES = [{"role": "user", "content": "go"}]


def chunkwise_openai(client: httpx2.Client, url: str, parse: str | None) -> Callable[[], int]:
    model = ChatOpenAI(model="bench", base_url=f"{url}/v1", api_key="k", http_client=client)
    if parse == "tool":
        runnable: Any = model | JsonOutputToolsParser()
    elif parse == "json":
        runnable = model | JsonOutputParser()
    else:
        runnable = model
    return lambda: sum(1 for _ in runnable.stream("go"))


def sdk_openai(client: httpx2.Client, url: str, parse: str | None) -> Callable[[], int]:
    sdk = openai.OpenAI(base_url=f"{url}/v1", api_key="k", http_client=client, max_retries=0)
    if parse is None:
        return lambda: sum(1 for _ in sdk.chat.completions.create(
            model="bench", messages=MESSAGES, stream=True))  # type: ignore[arg-type]
    options: dict[str, Any] = ({"tools": [openai.pydantic_function_tool(Items)]} if parse == "tool"
                               else {"response_format": Items})

    def run() -> int:
        with sdk.chat.completions.stream(model="bench", messages=MESSAGES,  # type: ignore[arg-type]
                                         **options) as stream:
            return sum(1 for _ in stream)
    return run


def chunkwise_anthropic(client: httpx2.Client, url: str, parse: str | None) -> Callable[[], int]:
    model = ChatAnthropic(model="bench", base_url=url, api_key="k", http_client=client)
    runnable: Any = model | JsonOutputToolsParser() if parse else model
    return lambda: sum(1 for _ in runnable.stream("go"))


def sdk_anthropic(client: httpx2.Client, url: str, parse: str | None) -> Callable[[], int]:
    sdk = anthropic.Anthropic(base_url=url, api_key="k", http_client=client, max_retries=0)
    if parse is None:
        return lambda: sum(1 for _ in sdk.messages.create(
            model="bench", max_tokens=10, messages=MESSAGES, stream=True))  # type: ignore[arg-type]

    def run() -> int:
        with sdk.messages.stream(model="bench", max_tokens=10,
                                 messages=MESSAGES) as stream:  # type: ignore[arg-type]
            return sum(1 for _ in stream)
    return run


# ---- the runs ----------------------------------------------------------------------------

def best(make: Callable[[], Callable[[], int]], repeat: int) -> float:
    run = make()
    run()  # warm up (imports, first connection)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


CASES = [  # name, path, body builder, ours, theirs, parse, the SDK side is quadratic
    ("openai text -> chunks", "/v1/chat/completions", openai_text, chunkwise_openai,
     sdk_openai, None, False),
    ("openai tool args -> chunks", "/v1/chat/completions", openai_tool, chunkwise_openai,
     sdk_openai, None, False),
    ("openai tool args -> parsed", "/v1/chat/completions", openai_tool, chunkwise_openai,
     sdk_openai, "tool", True),
    ("openai JSON answer -> parsed", "/v1/chat/completions", openai_json, chunkwise_openai,
     sdk_openai, "json", True),
    ("anthropic tool input -> events", "/v1/messages", anthropic_tool, chunkwise_anthropic,
     sdk_anthropic, None, False),
    ("anthropic tool input -> parsed", "/v1/messages", anthropic_tool, chunkwise_anthropic,
     sdk_anthropic, "tool", True),
]


def recorded_rows(endpoint: Endpoint, repeat: int) -> list[tuple[str, int, float, float]]:
    from tests.providers.recordings import recorded

    rows = []
    for rec in recorded("/v1/chat/completions"):
        n = events_in(rec.body)
        client, url = endpoint.client(rec.path, rec.body)
        ours = best(lambda: chunkwise_openai(client, url, None), repeat)
        client, url = endpoint.client(rec.path, rec.body)
        theirs = best(lambda: sdk_openai(client, url, None), repeat)
        rows.append((f"recorded {rec.name} -> chunks", n, ours, theirs))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--helper-limit", type=int, default=3000)
    parser.add_argument("--socket", action="store_true")
    args = parser.parse_args()
    endpoint = Endpoint(args.socket)
    print(f"{'case':46} {'chunks':>7} {'chunkwise us':>13} {'SDK us':>9} {'SDK/chunkwise':>14}")
    for name, path, build, ours, theirs, parse, quadratic in CASES:
        for n in args.sizes:
            body = build(n)
            events = events_in(body)
            client, url = endpoint.client(path, body)
            mine = best(lambda: ours(client, url, parse), args.repeat)
            if quadratic and n > args.helper_limit:
                print(f"{name:46} {events:7d} {mine / events * 1e6:13.1f} {'(skipped)':>9}")
                continue
            client, url = endpoint.client(path, body)
            sdk = best(lambda: theirs(client, url, parse), args.repeat)
            print(f"{name:46} {events:7d} {mine / events * 1e6:13.1f} {sdk / events * 1e6:9.1f}"
                  f" {sdk / mine:13.2f}x")
    for name, events, mine, sdk in recorded_rows(endpoint, args.repeat):
        print(f"{name:46} {events:7d} {mine / events * 1e6:13.1f} {sdk / events * 1e6:9.1f}"
              f" {sdk / mine:13.2f}x")
    if endpoint.server is not None:
        endpoint.server.close()


if __name__ == "__main__":
    main()
