"""story: news.cleaned -> news.grouped (which story each article belongs to: near-duplicates).

news.cleaned has one partition, so one story worker owns the whole state at a time and sees
the articles in one order; another worker waits as a standby. The state is on
news.story-state, written before each article goes on (docs/neardup.md).
"""
import json
import threading

from prometheus_client import REGISTRY, CollectorRegistry

from services.neardup.index import NearDuplicateIndex
from services.story.state import load_index
from shared.app import Service, run
from shared.contracts import CleanedArticle, GroupedArticle
from shared.deadletter import Rejected
from shared.failures import Unavailable
from shared.metrics import Metrics
from shared.settings import Settings
from shared.stage import Incoming, Result, assemble, parse_message
from shared.topics import CLEANED, GROUPED, STORY_STATE


class Story:
    """The story handler and its state: the near-duplicate index, rebuilt from news.story-state
    whenever this worker is (re)assigned the input."""

    def __init__(self, settings: Settings, metrics: Metrics) -> None:
        self.settings = settings
        self.metrics = metrics
        self.index: NearDuplicateIndex | None = None
        self._stale = True
        self._lock = threading.Lock()

    def open(self) -> None:
        pass

    def forget(self) -> None:
        """The input was reassigned: another worker may have added to the state meanwhile.
        (Called on the event loop: it only marks the index, the next message reloads it.)"""
        self._stale = True

    def _load(self) -> NearDuplicateIndex:
        try:
            return load_index(self.settings.kafka_bootstrap_servers)
        except Exception as exc:
            # No article is to blame: the stage retries, then stops the worker.
            raise Unavailable(f"the story state could not be read from {STORY_STATE.name}: "
                              f"{type(exc).__name__}: {exc}") from exc

    def handle(self, incoming: Incoming) -> Result:
        article = parse_message(CleanedArticle, incoming)
        if isinstance(article, Rejected):
            raise article
        with self._lock:
            if self._stale:
                self.index = self._load()
                self._stale = False
            state = ()
            if article.empty:
                duplicate_of = None  # nothing to compare: its own story, and no state to keep
            else:
                known = article.id in self.index
                duplicate_of = self.index.add(article.id, article.text)
                if not known:
                    record = json.dumps(self.index.record_of(article.id)).encode()
                    state = ((STORY_STATE, article.id, record),)
                    self.metrics.stories.labels("copy" if duplicate_of else "original").inc()
        grouped = GroupedArticle(**article.model_dump(), story_id=duplicate_of or article.id,
                                 duplicate_of=duplicate_of)
        return Result(output=grouped, key=article.id, state=state)


def build(settings: Settings | None = None, registry: CollectorRegistry = REGISTRY) -> Service:
    service, stage = assemble("story", settings, registry, Story, CLEANED, GROUPED)
    stage.one_at_a_time(service.logic.handle)

    @service.app.on_partitions_assigned.connect
    async def _reassigned(app, assigned, **kwargs) -> None:
        service.logic.forget()

    return service


if __name__ == "__main__":
    run(build())
