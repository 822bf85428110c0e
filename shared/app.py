"""The shape every service has: built by a function, not at import, then run.

Each service's ``app.py`` has a ``build(settings, registry)`` that returns a ``Service``, its
parts made by ``shared.stage.assemble``: its Faust app (broker, web port, metrics, topics wired
by ``shared.stage.Stage``) and its ``logic``, the one object holding the service's state and
handlers. Building has no side effect beyond those objects: no folder, no model, no index is
opened, and a fresh metrics registry keeps two built services apart (tests build them all in
one process). ``run`` does the rest, in the
same order for every service, when ``python -m services.<name>.app worker`` starts it.
"""
from __future__ import annotations

import asyncio
import gc
import logging
import sys
from dataclasses import dataclass
from typing import Protocol

import faust
from faust.sensors.prometheus import setup_prometheus_sensors

from shared import __version__
from shared import outage as outage_log
from shared.kafka_admin import ensure_topics
from shared.lag import track_consumer_lag
from shared.metrics import Metrics
from shared.settings import Settings
from shared.topics import MAX_MESSAGE_BYTES, TopicSpec


class CannotStart(RuntimeError):
    """What a service needs at start (its index, its model) is not there; the message says why."""


class ServiceLogic(Protocol):
    """A service's state and handlers."""

    def open(self) -> None:
        """Acquire what the handlers need (a model, an index): once, before the first message."""


@dataclass
class Service:
    name: str
    app: faust.App
    logic: ServiceLogic
    settings: Settings
    metrics: Metrics


def datadir(settings: Settings, service: str):
    return settings.data_dir / "faust" / service


def create_app(service: str, settings: Settings, m: Metrics) -> faust.App:
    """A Faust app for ``service`` with newsflow's conventions.

    Faust's own sensor metrics are served under ``newsflow_faust_*`` on /metrics, beside
    newsflow's metrics (in ``m``'s registry).
    """
    app = faust.App(
        f"{settings.app_prefix}-{service}",
        broker=f"kafka://{settings.kafka_bootstrap_servers}",
        web_host=settings.web_host,
        web_port=settings.port_of(service),
        web_bind=settings.web_host,
        datadir=str(datadir(settings, service)),
        producer_max_request_size=MAX_MESSAGE_BYTES,
        consumer_max_fetch_size=MAX_MESSAGE_BYTES,
        # A killed worker's partitions move on after 10 s, not Faust's default minute.
        broker_session_timeout=10.0,
        broker_heartbeat_interval=3.0,
        broker_commit_interval=1.0,
        stream_wait_empty=False,
        processing_guarantee=settings.processing_guarantee,
        topic_allow_declare=False,
        topic_disable_leader=True,
        logging_config=None,
    )
    setup_prometheus_sensors(app, registry=m.registry, name_prefix="newsflow_faust")
    m.build_info.info({"version": __version__})

    @app.timer(interval=5.0)
    async def _export_lag() -> None:
        track_consumer_lag(app, service, m)

    outage = outage_log.install()

    @app.timer(interval=2.0)
    async def _watch_broker() -> None:
        if outage.down_since is not None and await outage_log.broker_answers(settings.kafka_bootstrap_servers):
            outage.recovered()

    return app


def topic(app: faust.App, spec: TopicSpec) -> faust.TopicT:
    """A topic of the registry, read and written as raw bytes (we validate with pydantic)."""
    return app.topic(spec.name, key_type=bytes, value_type=bytes, key_serializer="raw",
                     value_serializer="raw", partitions=spec.partitions, allow_empty=True)


def freeze_loaded_objects() -> None:
    """Move every object alive now (modules, libraries, a loaded model) out of the garbage
    collector's reach. They live as long as the process, yet each full collection walks them
    all while messages churn out short-lived objects; frozen, a collection only walks what
    the messages made (measured in docs/design-notes.md)."""
    gc.freeze()


def with_log_level(argv: list[str], level: str) -> list[str]:
    """The worker's command line with ``--loglevel`` from the settings, unless it gives one.

    The worker configures logging from its own ``-l`` option (default: warning), which would
    otherwise override NEWSFLOW_LOG_LEVEL."""
    if any(arg in ("-l", "--loglevel") or arg.startswith("--loglevel=") for arg in argv[1:]):
        return argv
    return [*argv, "--loglevel", level.lower()]


def run(service: Service) -> None:
    """Entry point of a service process: make sure the topics exist, open what the handlers
    need, then run the worker."""
    settings = service.settings
    logging.basicConfig(level=settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s [%(name)s] %(message)s")
    datadir(settings, service.name).mkdir(parents=True, exist_ok=True)
    asyncio.run(ensure_topics(settings.kafka_bootstrap_servers))
    try:
        service.logic.open()
    except CannotStart as exc:
        sys.exit(f"{service.name}: {exc}")
    freeze_loaded_objects()
    sys.argv = with_log_level(sys.argv, settings.log_level)
    service.app.main()
