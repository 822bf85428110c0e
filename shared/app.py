"""The Faust app factory every service uses: broker, web port, metrics, logging, topics."""
from __future__ import annotations

import asyncio
import gc
import logging
import sys

import faust
from faust.sensors.prometheus import setup_prometheus_sensors
from prometheus_client import REGISTRY

from shared import __version__
from shared import outage as outage_log
from shared.kafka_admin import ensure_topics
from shared.lag import track_consumer_lag
from shared.metrics import metrics
from shared.settings import Settings, get_settings
from shared.topics import MAX_MESSAGE_BYTES, TopicSpec


def create_app(service: str, settings: Settings | None = None) -> faust.App:
    """A Faust app for ``service`` with newsflow's conventions.

    Faust's own sensor metrics are served under ``newsflow_faust_*`` on /metrics, beside
    newsflow's metrics (same default registry).
    """
    settings = settings or get_settings()
    datadir = settings.data_dir / "faust" / service
    datadir.mkdir(parents=True, exist_ok=True)
    app = faust.App(
        f"{settings.app_prefix}-{service}",
        broker=f"kafka://{settings.kafka_bootstrap_servers}",
        web_host=settings.web_host,
        web_port=settings.port_of(service),
        web_bind=settings.web_host,
        datadir=str(datadir),
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
    app.newsflow_settings = settings
    setup_prometheus_sensors(app, registry=REGISTRY, name_prefix="newsflow_faust")
    m = metrics()
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


def run(app: faust.App) -> None:
    """Entry point of a service process: make sure the topics exist, then run the worker."""
    settings: Settings = app.newsflow_settings
    logging.basicConfig(level=settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s [%(name)s] %(message)s")
    asyncio.run(ensure_topics(settings.kafka_bootstrap_servers))
    freeze_loaded_objects()
    sys.argv = with_log_level(sys.argv, settings.log_level)
    app.main()
