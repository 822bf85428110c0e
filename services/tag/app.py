"""tag: news.cleaned -> news.tagged (named entities with offsets and canonical names)."""
import asyncio
import threading

from services.tag.tagger import Tagger
from shared.app import create_app, run
from shared.contracts import CleanedArticle, TaggedArticle
from shared.deadletter import Rejected
from shared.metrics import metrics
from shared.stage import Incoming, Result, Stage, parse_message
from shared.topics import CLEANED, TAGGED

app = create_app("tag")
settings = app.newsflow_settings
_tagger: Tagger | None = None
_tagger_lock = threading.Lock()


def tagger() -> Tagger:
    """The model, loaded once per worker (importing this module does not load it)."""
    global _tagger
    with _tagger_lock:
        if _tagger is None:
            _tagger = Tagger()
        return _tagger


@app.task
async def _load_model() -> None:
    """Load at start, off the event loop, so the first batch does not wait for it."""
    await asyncio.to_thread(tagger)


def handle_batch(batch: list[Incoming]) -> list[Result | Rejected]:
    parsed = [parse_message(CleanedArticle, incoming) for incoming in batch]
    articles = [a for a in parsed if isinstance(a, CleanedArticle)]
    tags = iter(tagger().tag_many([a.text for a in articles]))
    results: list[Result | Rejected] = []
    for item in parsed:
        if isinstance(item, Rejected):
            results.append(item)
            continue
        tagged = next(tags)
        for entity in tagged.entities:
            metrics().entities.labels(entity.label).inc()
        article = TaggedArticle(**item.model_dump(), entities=tagged.entities,
                                entity_summary=tagged.summary)
        results.append(Result(output=article, key=item.id))
    return results


Stage(app, "tag", CLEANED, TAGGED).in_batches(handle_batch, settings.tag_batch_size,
                                               settings.batch_within_seconds)

if __name__ == "__main__":
    run(app)
