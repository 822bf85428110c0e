"""clean: news.ingested -> news.cleaned (main text from HTML, boilerplate removed and recorded)."""
from collections import Counter

from prometheus_client import REGISTRY, CollectorRegistry

from services.clean.cleaner import CleaningError, clean_article
from shared.app import Service, run
from shared.contracts import CleanedArticle, IngestedArticle
from shared.deadletter import Rejected
from shared.labels import Outcome
from shared.metrics import Metrics
from shared.settings import Settings
from shared.stage import Incoming, Result, assemble, parse_message
from shared.topics import CLEANED, INGESTED


class Clean:
    """The clean handler (the cleaner itself is pure: services/clean/cleaner.py)."""

    def __init__(self, settings: Settings, metrics: Metrics) -> None:
        self.metrics = metrics

    def open(self) -> None:
        pass

    def handle(self, incoming: Incoming) -> Result:
        article = parse_message(IngestedArticle, incoming)
        if isinstance(article, Rejected):
            raise article
        try:
            result = clean_article(article)
        except CleaningError as exc:
            raise Rejected(exc.reason, str(exc)) from None
        # Once per rule, not per line: a page removes hundreds of lines.
        for rule, count in Counter(line.rule for line in result.removed).items():
            self.metrics.boilerplate_lines_removed.labels(rule).inc(count)
        cleaned = CleanedArticle(
            **article.model_dump(exclude={"text", "html", "title", "published"}),
            title=article.title or result.title,
            published=article.published or result.published,
            text=result.text,
            removed=result.removed,
            empty=result.empty,
        )
        return Result(outcome=Outcome.EMPTY if result.empty else Outcome.PROCESSED, output=cleaned, key=article.id)


def build(settings: Settings | None = None, registry: CollectorRegistry = REGISTRY) -> Service:
    service, stage = assemble("clean", settings, registry, Clean, INGESTED, CLEANED)
    stage.one_at_a_time(service.logic.handle)
    return service


if __name__ == "__main__":
    run(build())
