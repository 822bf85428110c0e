"""One way to wire a stage's pure logic to Kafka, so each service's app.py is a few lines.

A handler gets the message bytes and their origin and returns a ``Result``: an output model
to produce (keyed by article id), or none with an outcome such as "duplicate". It raises
``Rejected`` for bad input; any other exception is a bug, and also ends in a dead letter
(reason ``internal_error``) instead of crashing the worker.

At-least-once: every output and dead letter is awaited before the agent takes the next
message (or batch), and Faust only commits offsets of messages the agent has moved past.
"""
from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Callable, Optional, Sequence, TypeVar

import faust
from pydantic import BaseModel, ValidationError

from shared.app import topic
from shared.contracts import Origin
from shared.deadletter import Rejected, send_dead_letter
from shared.metrics import metrics
from shared.topics import DEADLETTER, MAX_VALUE_BYTES, TopicSpec

log = logging.getLogger(__name__)


@dataclass
class Result:
    outcome: str = "processed"
    output: Optional[BaseModel] = None
    key: Optional[str] = None


@dataclass
class Incoming:
    payload: bytes
    origin: Origin


Model = TypeVar("Model", bound=BaseModel)


def parse_message(model: type[Model], incoming: Incoming) -> "Model | Rejected":
    """The message as ``model``, or a Rejected naming the first contract violation."""
    try:
        return model.model_validate_json(incoming.payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(message)"
        return Rejected("contract_violation", f"not a valid {model.__name__}: {exc.error_count()} error(s), "
                        f"first at {where}: {first['msg']}")


Handler = Callable[[Incoming], Result]
BatchHandler = Callable[[Sequence[Incoming]], Sequence["Result | Rejected"]]


def _incoming(event: faust.EventT) -> Incoming:
    message = event.message
    key = message.key.decode("utf-8", "replace") if isinstance(message.key, bytes) else message.key
    value = message.value if message.value is not None else b""
    return Incoming(value, Origin(topic=message.topic, partition=message.partition,
                                  offset=message.offset, key=key))


def _internal_error(exc: BaseException) -> Rejected:
    log.exception("unexpected error", exc_info=exc)
    return Rejected("internal_error", f"{type(exc).__name__}: {exc}")


class Stage:
    """The Kafka side of one service: its input, output and dead-letter topics."""

    def __init__(self, app: faust.App, service: str, source: TopicSpec, sink: TopicSpec | None) -> None:
        self.app = app
        self.service = service
        self.source = topic(app, source)
        self.sink = topic(app, sink) if sink else None
        self.deadletters = topic(app, DEADLETTER)
        self.metrics = metrics()

    async def emit(self, incoming: Incoming, result: "Result | Rejected") -> None:
        if isinstance(result, Rejected):
            await send_dead_letter(self.deadletters, self.metrics, self.service, result.reason,
                                   result.detail, incoming.origin, incoming.payload)
            return
        if result.output is not None and self.sink is not None:
            value = result.output.model_dump_json().encode()
            if len(value) > MAX_VALUE_BYTES:
                # Checked here, not left to the broker: a send that fails would crash the agent.
                await self.emit(incoming, Rejected(
                    "output_too_large", f"the {self.service} output of {len(value)} bytes exceeds "
                    f"the {MAX_VALUE_BYTES}-byte limit"))
                return
            future = await self.sink.send(key=(result.key or "").encode() or None, value=value)
            await future
        self.metrics.messages.labels(self.service, result.outcome).inc()

    def one_at_a_time(self, handle: Handler) -> None:
        """Run ``handle`` on each message, off the event loop (it may be CPU-heavy)."""

        def guarded(incoming: Incoming) -> "Result | Rejected":
            try:
                return handle(incoming)
            except Rejected as rejected:
                return rejected
            except Exception as exc:  # noqa: BLE001 - no input may crash the service
                return _internal_error(exc)

        async def agent(stream):
            async for event in stream.events():
                incoming = _incoming(event)
                started = time.perf_counter()
                result = await asyncio.to_thread(guarded, incoming)
                await self.emit(incoming, result)
                self.metrics.processing_seconds.labels(self.service).observe(time.perf_counter() - started)

        self.app.agent(self.source, name=f"newsflow-{self.service}", concurrency=1)(agent)

    def in_batches(self, handle_batch: BatchHandler, size: int, within: float) -> None:
        """Run ``handle_batch`` on up to ``size`` messages at a time.

        Faust acknowledges a batch only when the agent asks for the next one, so everything
        ``handle_batch`` does (and every output) is done before the batch's offsets commit.
        """

        def guarded(batch: list[Incoming]) -> Sequence["Result | Rejected"]:
            try:
                results = list(handle_batch(batch))
                if len(results) != len(batch):
                    raise RuntimeError(f"{len(results)} results for {len(batch)} messages")
                return results
            except Exception as exc:  # noqa: BLE001
                error = _internal_error(exc)
                return [error] * len(batch)

        async def agent(stream):
            async for events in stream.take_events(size, within=within):
                batch = [_incoming(e) for e in events]
                started = time.perf_counter()
                results = await asyncio.to_thread(guarded, batch)
                for incoming, result in zip(batch, results):
                    await self.emit(incoming, result)
                per_message = (time.perf_counter() - started) / max(1, len(batch))
                for _ in batch:
                    self.metrics.processing_seconds.labels(self.service).observe(per_message)

        self.app.agent(self.source, name=f"newsflow-{self.service}", concurrency=1)(agent)
