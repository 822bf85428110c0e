"""ingest: news.raw -> news.ingested (validate, normalise, stable id, drop exact duplicates)."""
from datetime import datetime, timezone

from prometheus_client import REGISTRY, CollectorRegistry

from services.ingest.dedup import RecentlySeen
from services.ingest.language import load_detector
from services.ingest.normalise import ingest
from shared.app import Service, run
from shared.labels import Outcome
from shared.metrics import UNDETERMINED, Metrics
from shared.settings import Settings
from shared.stage import Incoming, Result, assemble
from shared.topics import INGESTED, RAW


class Ingest:
    """The ingest handler and its state: the ids and content hashes seen recently."""

    def __init__(self, settings: Settings, metrics: Metrics) -> None:
        self.settings = settings
        self.metrics = metrics
        self.seen = RecentlySeen(settings.dedup_cache_size)

    def open(self) -> None:
        load_detector()  # ~2 s: at start, not on the first article

    def handle(self, incoming: Incoming) -> Result:
        article = ingest(incoming.payload, datetime.now(timezone.utc), self.settings.max_article_bytes)
        if self.seen.check_and_add(article.id, article.content_hash):
            return Result(outcome=Outcome.DUPLICATE)
        self.metrics.articles_by_language.labels(article.language or UNDETERMINED).inc()
        return Result(output=article, key=article.id)


def build(settings: Settings | None = None, registry: CollectorRegistry = REGISTRY) -> Service:
    service, stage = assemble("ingest", settings, registry, Ingest, RAW, INGESTED)
    stage.one_at_a_time(service.logic.handle)
    return service


if __name__ == "__main__":
    run(build())
