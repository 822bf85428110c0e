"""ingest: news.raw -> news.ingested (validate, normalise, stable id, drop exact duplicates)."""
from datetime import datetime, timezone

from services.ingest.dedup import RecentlySeen
from services.ingest.normalise import ingest
from shared.app import create_app, run
from shared.labels import Outcome
from shared.stage import Incoming, Result, Stage
from shared.topics import INGESTED, RAW

app = create_app("ingest")
settings = app.newsflow_settings
seen = RecentlySeen(settings.dedup_cache_size)


def handle(incoming: Incoming) -> Result:
    article = ingest(incoming.payload, datetime.now(timezone.utc), settings.max_article_bytes)
    if seen.check_and_add(article.id, article.content_hash):
        return Result(outcome=Outcome.DUPLICATE)
    return Result(output=article, key=article.id)


Stage(app, "ingest", RAW, INGESTED).one_at_a_time(handle)

if __name__ == "__main__":
    run(app)
