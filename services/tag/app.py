"""tag: news.grouped -> news.tagged (named entities with offsets and canonical names)."""
from prometheus_client import REGISTRY, CollectorRegistry

from services.tag.languages import Taggers
from shared.app import Service, run
from shared.contracts import GroupedArticle, TaggedArticle
from shared.deadletter import Rejected
from shared.metrics import Metrics
from shared.settings import Settings
from shared.stage import Incoming, Result, assemble, parse_message
from shared.topics import GROUPED, TAGGED


class Tag:
    """The tag handler and its state: each language's model, loaded by ``open`` (once per worker)."""

    def __init__(self, settings: Settings, metrics: Metrics) -> None:
        self.metrics = metrics
        self.taggers: Taggers | None = None

    def open(self) -> None:
        if self.taggers is None:
            self.taggers = Taggers()
            self.taggers.load_all()

    def handle_batch(self, batch: list[Incoming]) -> list[Result | Rejected]:
        parsed = [parse_message(GroupedArticle, incoming) for incoming in batch]
        articles = [a for a in parsed if isinstance(a, GroupedArticle)]
        tags = iter(self.taggers.tag_many([(a.text, a.language) for a in articles]))
        results: list[Result | Rejected] = []
        for item in parsed:
            if isinstance(item, Rejected):
                results.append(item)
                continue
            tagged = next(tags)
            for entity in tagged.entities:
                self.metrics.entities.labels(entity.label).inc()
            article = TaggedArticle(**item.model_dump(), entities=tagged.entities,
                                    entity_summary=tagged.summary)
            results.append(Result(outcome=tagged.outcome, output=article, key=item.id))
        return results


def build(settings: Settings | None = None, registry: CollectorRegistry = REGISTRY) -> Service:
    service, stage = assemble("tag", settings, registry, Tag, GROUPED, TAGGED)
    stage.in_batches(service.logic.handle_batch, service.settings.tag_batch_size,
                     service.settings.batch_within_seconds)
    return service


if __name__ == "__main__":
    run(build())
