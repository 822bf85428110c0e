"""One way to wire a stage's pure logic to Kafka, so each service's app.py is a few lines.

A handler gets the message bytes and their origin and returns a ``Result``: an output model
to produce (keyed by article id), or none with an outcome such as "duplicate". What happens
when it raises depends on whose fault it is (``shared.failures``): ``Rejected`` is the
input's, and becomes a dead letter; an infrastructure failure is retried with backoff and
then stops the worker; any other exception is our bug on that input (``internal_error``).

At-least-once, on every path: the stream is read without automatic acknowledgement, and a
message is acknowledged only after its output or dead letter is on the broker. Faust commits
only acknowledged offsets, so a message in flight when the worker stops (SIGTERM, a
rebalance, a crash) is never committed: the next owner of its partition reads it again.
(Faust's ``take()`` and ``events()`` acknowledge in a ``finally``, so a cancelled agent would
commit the batch it abandoned; hence ``noack``.)
"""
from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Callable, Optional, Sequence, TypeVar

import faust
from prometheus_client import CollectorRegistry
from pydantic import BaseModel, ValidationError

from shared.app import Service, ServiceLogic, create_app, topic
from shared.contracts import SCHEMA_VERSION, Origin
from shared.deadletter import Rejected, send_dead_letter
from shared.failures import INFRASTRUCTURE_ERRORS, GaveUp, RetryPolicy, with_retries
from shared.labels import Outcome, Reason
from shared.metrics import Metrics
from shared.settings import Settings, get_settings
from shared.topics import DEADLETTER, MAX_VALUE_BYTES, TopicSpec

log = logging.getLogger(__name__)


@dataclass
class Result:
    outcome: Outcome = Outcome.PROCESSED
    output: Optional[BaseModel] = None
    key: Optional[str] = None
    # (topic, key, value) records written and confirmed before ``output``: a stage's own state
    # (the story stage's), so that whatever an output says is already durable.
    state: tuple[tuple[TopicSpec, str, bytes], ...] = ()


@dataclass
class Incoming:
    payload: bytes
    origin: Origin


Model = TypeVar("Model", bound=BaseModel)


def parse_message(model: type[Model], incoming: Incoming) -> "Model | Rejected":
    """The message as ``model``, or a Rejected naming the first contract violation (or a
    schema version newer than this code knows: a newer producer's message is not guessed at)."""
    try:
        message = model.model_validate_json(incoming.payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(message)"
        return Rejected(Reason.CONTRACT_VIOLATION, f"not a valid {model.__name__}: {exc.error_count()} error(s), "
                        f"first at {where}: {first['msg']}")
    version = getattr(message, "schema_version", SCHEMA_VERSION)
    if version > SCHEMA_VERSION:
        return Rejected(Reason.UNSUPPORTED_SCHEMA_VERSION, f"{model.__name__} schema_version {version} is newer than "
                        f"the {SCHEMA_VERSION} this service reads")
    return message


Handler = Callable[[Incoming], Result]
BatchHandler = Callable[[Sequence[Incoming]], Sequence["Result | Rejected"]]


class SystematicFailure(RuntimeError):
    """Every message of a batch failed with an unexpected error: our fault, not the inputs'."""


# Failures that are not the input's: they propagate and stop the worker.
_NOT_THE_INPUTS = (GaveUp, *INFRASTRUCTURE_ERRORS)


def _incoming(event: faust.EventT) -> Incoming:
    message = event.message
    key = message.key.decode("utf-8", "replace") if isinstance(message.key, bytes) else message.key
    value = message.value if message.value is not None else b""
    return Incoming(value, Origin(topic=message.topic, partition=message.partition,
                                  offset=message.offset, key=key))


def _run_handler(handle_batch: BatchHandler, batch: Sequence[Incoming]) -> list["Result | Rejected"]:
    results = list(handle_batch(batch))
    if len(results) != len(batch):
        raise RuntimeError(f"the handler returned {len(results)} results for {len(batch)} messages")
    return results


def _blame(exc: Exception) -> Rejected:
    """The dead letter for a message whose handling raised ``exc`` (not an infrastructure error)."""
    if isinstance(exc, Rejected):
        return exc
    log.error("unexpected error handling a message", exc_info=exc)
    return Rejected(Reason.INTERNAL_ERROR, f"{type(exc).__name__}: {exc}")


class Stage:
    """The Kafka side of one service: its input, output and dead-letter topics."""

    def __init__(self, app: faust.App, service: str, source: TopicSpec, sink: TopicSpec | None,
                 metrics: Metrics, retry: RetryPolicy) -> None:
        self.app = app
        self.service = service
        self.source = topic(app, source)
        self.sink = topic(app, sink) if sink else None
        self.deadletters = topic(app, DEADLETTER)
        self.state_topics = {}
        self.metrics = metrics
        self.retry = retry

    async def emit(self, incoming: Incoming, result: "Result | Rejected") -> None:
        if isinstance(result, Rejected):
            await send_dead_letter(self.deadletters, self.metrics, self.service, result.reason,
                                   result.detail, incoming.origin, incoming.payload)
            return
        for spec, key, value in result.state:
            if spec.name not in self.state_topics:
                self.state_topics[spec.name] = topic(self.app, spec)
            await (await self.state_topics[spec.name].send(key=key.encode(), value=value))
        if result.output is not None and self.sink is not None:
            try:
                value = result.output.model_dump_json().encode()
            except Exception as exc:  # noqa: BLE001 - our bug on this input: a dead letter, not a crash loop
                await self.emit(incoming, _blame(exc))
                return
            if len(value) > MAX_VALUE_BYTES:
                # Checked here, not left to the broker: a send that fails would stop the worker.
                await self.emit(incoming, Rejected(
                    Reason.OUTPUT_TOO_LARGE, f"the {self.service} output of {len(value)} bytes exceeds "
                    f"the {MAX_VALUE_BYTES}-byte limit"))
                return
            future = await self.sink.send(key=(result.key or "").encode() or None, value=value)
            await future
        self.metrics.messages.labels(self.service, result.outcome).inc()

    async def results(self, handle_batch: BatchHandler, batch: list[Incoming]) -> list["Result | Rejected"]:
        """What ``handle_batch`` makes of ``batch``, run off the event loop (it may be CPU-heavy).

        Infrastructure failures are retried, then raised. When the handler raises anything
        else for a batch, each message is handled again on its own, so that one bad message
        does not take the others down with it.
        """
        try:
            return await self._attempt(handle_batch, batch)
        except _NOT_THE_INPUTS:
            raise
        except Exception as exc:  # noqa: BLE001 - no input may crash the service
            if len(batch) == 1:
                return [_blame(exc)]
            log.warning("a batch of %d failed (%s: %s); handling its messages one by one",
                        len(batch), type(exc).__name__, exc)
        results: list[Result | Rejected] = []
        for incoming in batch:
            try:
                results += await self._attempt(handle_batch, [incoming])
            except _NOT_THE_INPUTS:
                raise
            except Exception as exc:  # noqa: BLE001
                results.append(_blame(exc))
        if all(isinstance(r, Rejected) and r.reason == Reason.INTERNAL_ERROR for r in results):
            raise SystematicFailure(f"all {len(batch)} messages of a batch failed with unexpected errors")
        return results

    async def _attempt(self, handle_batch: BatchHandler, batch: list[Incoming]) -> list["Result | Rejected"]:
        return await with_retries(lambda: asyncio.to_thread(_run_handler, handle_batch, batch),
                                  f"{self.service}: handling messages", self.retry, log)

    async def process(self, handle_batch: BatchHandler, batch: list[Incoming]) -> None:
        """Handle ``batch`` and put every output and dead letter on the broker."""
        started = time.perf_counter()
        results = await self.results(handle_batch, batch)
        for incoming, result in zip(batch, results):
            await self.emit(incoming, result)
        per_message = (time.perf_counter() - started) / max(1, len(batch))
        for _ in batch:
            self.metrics.processing_seconds.labels(self.service).observe(per_message)

    async def _stop_worker(self, exc: BaseException) -> None:
        """A failure that is not the input's: stop the whole worker, not just the agent.

        Faust would restart a crashed agent on the same stream, past the message it failed
        on; stopping the worker (exit status 1) makes the restart read it again.
        """
        log.critical("%s: stopping the worker, messages in flight are not committed: %s: %s",
                     self.service, type(exc).__name__, exc)
        await self.app.crash(exc)

    async def _consume(self, manual: faust.StreamT, batches, handle_batch: BatchHandler) -> None:
        """Process each batch of events, then acknowledge it; any failure stops the worker."""
        try:
            async for events in batches:
                await self.process(handle_batch, [_incoming(e) for e in events])
                for event in events:
                    await manual.ack(event)
        except Exception as exc:  # noqa: BLE001
            await self._stop_worker(exc)
            raise

    def one_at_a_time(self, handle: Handler) -> None:
        """Run ``handle`` on each message."""

        def handle_batch(batch: Sequence[Incoming]) -> list[Result]:
            return [handle(incoming) for incoming in batch]

        async def agent(stream):
            manual = stream.noack()
            await self._consume(manual, ([event] async for event in manual.events()), handle_batch)

        self.app.agent(self.source, name=f"newsflow-{self.service}", concurrency=1)(agent)

    def in_batches(self, handle_batch: BatchHandler, size: int, within: float) -> None:
        """Run ``handle_batch`` on up to ``size`` messages at a time (waiting at most ``within``
        seconds to fill a batch)."""

        async def agent(stream):
            manual = stream.noack()
            await self._consume(manual, manual.noack_take(size, within=within), handle_batch)

        self.app.agent(self.source, name=f"newsflow-{self.service}", concurrency=1)(agent)


def assemble(name: str, settings: Settings | None, registry: CollectorRegistry,
             logic_of: Callable[[Settings, Metrics], ServiceLogic], source: TopicSpec,
             sink: TopicSpec | None) -> tuple[Service, Stage]:
    """A service's parts, as every ``build`` makes them: the settings (the environment's unless
    given), metrics in ``registry``, the logic, the app, and the stage the build wires."""
    settings = settings or get_settings()
    metrics = Metrics(registry)
    logic = logic_of(settings, metrics)
    app = create_app(name, settings, metrics)
    stage = Stage(app, name, source, sink, metrics, RetryPolicy(give_up_after=settings.retry_seconds))
    return Service(name, app, logic, settings, metrics), stage
