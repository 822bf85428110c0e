"""index: news.tagged -> the search index; serves the search API on the same web server."""
import asyncio
import logging
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from prometheus_client import REGISTRY, CollectorRegistry

from services.index.api import article_response, health_response, search_response
from services.index.backend import open_index
from services.index.opensearch_index import IndexUnavailableError
from services.index.schema import IndexSchemaError
from services.index.search_index import IndexLockedError
from shared.app import CannotStart, Service, run
from shared.contracts import TaggedArticle
from shared.deadletter import Rejected
from shared.failures import Unavailable
from shared.labels import Outcome, Reason
from shared.metrics import Metrics
from shared.settings import Settings
from shared.stage import Incoming, Result, assemble, parse_message
from shared.topics import TAGGED

if TYPE_CHECKING:
    from services.index.backend import AnyIndex

log = logging.getLogger(__name__)


class Index:
    """The index handler and its state: the search index (tantivy or OpenSearch), opened by ``open``."""

    def __init__(self, settings: Settings, metrics: Metrics) -> None:
        self.settings = settings
        self.metrics = metrics
        self.index: "AnyIndex | None" = None

    def open(self) -> None:
        if self.index is not None:
            return
        try:
            self.index = open_index(self.settings)
        except (IndexLockedError, IndexUnavailableError, IndexSchemaError) as exc:
            raise CannotStart(str(exc)) from exc
        self.metrics.index_documents.set(self.index.count())

    def handle_batch(self, batch: list[Incoming]) -> list[Result | Rejected]:
        """Upsert the batch; only when the index has confirmed it may its offsets be acknowledged.

        An article the index refuses as malformed becomes a dead letter. If the index itself
        fails (a disk, a lock, OpenSearch down or overloaded past the backend's retries), no
        article is to blame and none may be acknowledged: the stage retries, then stops the worker.
        Articles the cleaner left empty are not searchable: they stay in news.tagged, with what
        was removed.
        """
        parsed = [parse_message(TaggedArticle, incoming) for incoming in batch]
        articles = [a for a in parsed if isinstance(a, TaggedArticle) and not a.empty]
        refused: dict[str, str] = {}
        if articles:
            try:
                refused = self.index.upsert_batch(articles)
            except Unavailable:
                raise
            except Exception as exc:
                # The articles parsed: a failing write is the index's problem, not theirs.
                raise Unavailable(f"the search index could not be written: {type(exc).__name__}: {exc}") from exc
            now = datetime.now(timezone.utc)
            for article in articles:
                if article.id not in refused:
                    self.metrics.end_to_end_seconds.observe(max(0.0, (now - article.received_at).total_seconds()))
            self._count_documents()
        return [_outcome(item, refused) for item in parsed]

    def _count_documents(self) -> None:
        """The newsflow_index_documents gauge. The batch is written by now: a count that fails
        (OpenSearch busy for a moment) must not turn it into dead letters."""
        try:
            self.metrics.index_documents.set(self.index.count())
        except Exception:  # noqa: BLE001 - only a gauge is at stake
            log.warning("could not count the index's documents", exc_info=True)


def _outcome(item: TaggedArticle | Rejected, refused: dict[str, str]) -> Result | Rejected:
    if isinstance(item, Rejected):
        return item
    if item.id in refused:
        return Rejected(Reason.INDEX_REFUSED, f"the index refused the article: {refused[item.id]}")
    return Result(outcome=Outcome.EMPTY if item.empty else Outcome.PROCESSED)


def _params(request) -> dict[str, list[str]]:
    query = request.query
    if hasattr(query, "getall"):
        return {key: query.getall(key) for key in set(query.keys())}
    return {key: [value] for key, value in query.items()}


def _serve_search_api(app, logic: Index) -> None:
    @app.page("/search")
    async def search(self, request):
        with logic.metrics.search_seconds.time():
            status, body = await asyncio.to_thread(search_response, logic.index, _params(request))
        return self.json(body, status=status)

    @app.page("/articles/{article_id}")
    async def article(self, request, article_id):
        status, body = await asyncio.to_thread(article_response, logic.index, article_id)
        return self.json(body, status=status)

    @app.page("/health")
    async def health(self, request):
        status, body = await asyncio.to_thread(health_response, logic.index)
        return self.json(body, status=status)


def build(settings: Settings | None = None, registry: CollectorRegistry = REGISTRY) -> Service:
    service, stage = assemble("index", settings, registry, Index, TAGGED, None)
    stage.in_batches(service.logic.handle_batch, service.settings.index_batch_size,
                     service.settings.batch_within_seconds)
    _serve_search_api(service.app, service.logic)
    return service


if __name__ == "__main__":
    run(build())
