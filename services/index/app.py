"""index: news.tagged -> the search index; serves the search API on the same web server."""
import asyncio
import sys
from datetime import datetime, timezone

from services.index.api import article_response, health_response, search_response
from services.index.search_index import ArticleIndex, IndexLockedError
from shared.app import create_app, run
from shared.contracts import TaggedArticle
from shared.deadletter import Rejected
from shared.failures import Unavailable
from shared.metrics import metrics
from shared.stage import Incoming, Result, Stage, parse_message
from shared.topics import TAGGED

app = create_app("index")
settings = app.newsflow_settings
index: ArticleIndex | None = None


def handle_batch(batch: list[Incoming]) -> list[Result | Rejected]:
    """Upsert the batch with one commit; only then may its offsets be acknowledged. Articles
    the cleaner left empty are not searchable: they stay in news.tagged, with what was removed."""
    parsed = [parse_message(TaggedArticle, incoming) for incoming in batch]
    articles = [a for a in parsed if isinstance(a, TaggedArticle) and not a.empty]
    if articles:
        try:
            index.upsert_batch(articles)
        except Exception as exc:
            # The articles parsed: a failing write is the index's problem (disk, lock), not theirs.
            raise Unavailable(f"the search index could not be written: {type(exc).__name__}: {exc}") from exc
        now = datetime.now(timezone.utc)
        for article in articles:
            metrics().end_to_end_seconds.observe(max(0.0, (now - article.received_at).total_seconds()))
        metrics().index_documents.set(index.count())
    return [item if isinstance(item, Rejected) else Result(outcome="empty" if item.empty else "processed")
            for item in parsed]


Stage(app, "index", TAGGED, None).in_batches(handle_batch, settings.index_batch_size,
                                              settings.batch_within_seconds)


def _params(request) -> dict[str, list[str]]:
    query = request.query
    if hasattr(query, "getall"):
        return {key: query.getall(key) for key in set(query.keys())}
    return {key: [value] for key, value in query.items()}


@app.page("/search")
async def search(self, request):
    with metrics().search_seconds.time():
        status, body = await asyncio.to_thread(search_response, index, _params(request))
    return self.json(body, status=status)


@app.page("/articles/{article_id}")
async def article(self, request, article_id):
    status, body = await asyncio.to_thread(article_response, index, article_id)
    return self.json(body, status=status)


@app.page("/health")
async def health(self, request):
    status, body = await asyncio.to_thread(health_response, index)
    return self.json(body, status=status)


def main() -> None:
    global index
    try:
        index = ArticleIndex(settings.index_path())
    except IndexLockedError as exc:
        sys.exit(f"index: {exc}")
    metrics().index_documents.set(index.count())
    run(app)


if __name__ == "__main__":
    main()
