"""Each service built by its builder, its handlers driven with real payloads (no Kafka).

A built service owns its state and its metrics registry, so all of them can be built in one
process, and importing their modules does nothing.
"""
from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import pytest
from prometheus_client import CollectorRegistry

from services.clean.app import build as build_clean
from services.index.app import build as build_index
from services.ingest.app import build as build_ingest
from services.neardup.index import NearDuplicateIndex
from services.story.app import build as build_story
from services.tag.app import build as build_tag
from shared.app import CannotStart
from shared.contracts import CleanedArticle, IngestedArticle, Origin, TaggedArticle
from shared.deadletter import Rejected
from shared.failures import Unavailable
from shared.labels import Outcome, Reason
from shared.settings import Settings
from shared.stage import Incoming
from tests.support import ROOT, free_port
from tests.unit.test_cleaning_languages import FRENCH, FRENCH_SUBHEADING

SEED = (ROOT.parent / "shared" / "corpus" / "seed")
EXPECTED = json.loads((SEED / "expected.json").read_text())


def incoming(payload: bytes | str, offset: int = 0) -> Incoming:
    data = payload.encode() if isinstance(payload, str) else payload
    return Incoming(data, Origin(topic="news.test", partition=0, offset=offset, key=None))


def sample(registry: CollectorRegistry, name: str, **labels) -> float:
    return registry.get_sample_value(name, labels) or 0.0


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "var", dedup_cache_size=100)


def test_importing_every_service_has_no_side_effect(tmp_path):
    """No folder, no metric in the default registry, no model loaded: only building does that."""
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import services.tag.tagger as tagger\n"
        "def refuse(*a, **k): raise SystemExit('a model was loaded at import')\n"
        "tagger.load_model = refuse\n"
        "import services.tag.languages as languages\n"
        "languages.load_pipeline = refuse\n"
        "import services.ingest.app, services.clean.app, services.story.app, services.tag.app, services.index.app\n"
        "from prometheus_client import REGISTRY\n"
        "print(sorted(m.name for m in REGISTRY.collect() if m.name.startswith('newsflow')))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(ROOT)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert list(tmp_path.iterdir()) == []


def test_two_builds_of_every_service_live_in_one_process(settings):
    builders = (build_ingest, build_clean, build_story, build_tag, build_index)
    services = [build(settings, CollectorRegistry()) for build in builders for _ in range(2)]
    assert [s.name for s in services] == [name for name in ("ingest", "clean", "story", "tag", "index")
                                          for _ in range(2)]
    assert not settings.data_dir.exists(), "building must not create the data folder"
    assert all(s.logic.taggers is None for s in services if s.name == "tag"), "building must not load the model"


def test_ingest_passes_an_article_on_once_and_counts_it_by_language(settings):
    registry = CollectorRegistry()
    ingest = build_ingest(settings, registry).logic
    payload = json.dumps({"title": "Markets", "text": "Shares rose in Frankfurt on Monday.", "language": "en"})
    first = ingest.handle(incoming(payload))
    assert isinstance(first.output, IngestedArticle) and first.key == first.output.id
    assert first.output.language == "en"
    again = ingest.handle(incoming(payload, offset=1))
    assert again.outcome == Outcome.DUPLICATE and again.output is None
    assert sample(registry, "newsflow_articles_total", language="en") == 1


@pytest.mark.parametrize("build, payload, reason", [
    (build_ingest, "[1, 2]", Reason.JSON_NOT_AN_OBJECT),
    (build_clean, '{"id": "a1"}', Reason.CONTRACT_VIOLATION),
])
def test_a_bad_message_is_rejected_with_its_reason(settings, build, payload, reason):
    logic = build(settings, CollectorRegistry()).logic
    with pytest.raises(Rejected) as rejected:
        logic.handle(incoming(payload))
    assert rejected.value.reason == reason


def test_clean_makes_the_seed_article_clean_text_and_counts_removed_lines(settings):
    registry = CollectorRegistry()
    ingest = build_ingest(settings, CollectorRegistry()).logic
    clean = build_clean(settings, registry).logic
    ingested = ingest.handle(incoming((SEED / "article.txt").read_bytes())).output
    result = clean.handle(incoming(ingested.model_dump_json()))
    cleaned = result.output
    assert isinstance(cleaned, CleanedArticle) and result.outcome == Outcome.PROCESSED
    assert cleaned.text == EXPECTED["clean_text"]
    assert cleaned.id == ingested.id and cleaned.published == ingested.published
    counted = sum(sample(registry, "newsflow_boilerplate_lines_removed_total", rule=rule)
                  for rule in {line.rule for line in cleaned.removed})
    assert counted == len(cleaned.removed) > 0


def test_clean_applies_english_wording_rules_to_english_only(settings):
    clean = build_clean(settings, CollectorRegistry()).logic
    text = "\n".join(FRENCH[:2] + [FRENCH_SUBHEADING] + FRENCH[2:])
    as_english = IngestedArticle(id="a1", content_hash="h", text=text, language="en",
                                 received_at="2025-01-01T00:00:00Z")
    as_french = as_english.model_copy(update={"language": "fr"})
    assert FRENCH_SUBHEADING not in clean.handle(incoming(as_english.model_dump_json())).output.text
    assert FRENCH_SUBHEADING in clean.handle(incoming(as_french.model_dump_json())).output.text


def test_clean_passes_an_article_of_only_boilerplate_on_as_empty(settings):
    clean = build_clean(settings, CollectorRegistry()).logic
    article = IngestedArticle(id="a1", content_hash="h", text="Subscribe Free To Our Daily Newsletters",
                              received_at="2025-01-01T00:00:00Z")
    result = clean.handle(incoming(article.model_dump_json()))
    assert result.outcome == Outcome.EMPTY and result.output.empty and result.output.text == ""


def test_tag_tags_a_batch_and_rejects_only_the_bad_message(settings):
    registry = CollectorRegistry()
    tag = build_tag(settings, registry).logic
    tag.open()
    good = CleanedArticle(id="a1", content_hash="h", received_at="2025-01-01T00:00:00Z",
                          text="Vladimir Putin met Xi Jinping in Moscow on Wednesday.")
    results = tag.handle_batch([incoming(good.model_dump_json()), incoming(b"not json", offset=1)])
    tagged, rejected = results
    assert isinstance(tagged.output, TaggedArticle) and tagged.key == "a1"
    canonicals = {e.canonical for e in tagged.output.entities}
    assert {"Vladimir Putin", "Xi Jinping", "Moscow"} <= canonicals
    assert isinstance(rejected, Rejected) and rejected.reason == Reason.CONTRACT_VIOLATION
    assert sample(registry, "newsflow_entities_total", label="PERSON") >= 2


def test_tag_passes_an_article_without_a_model_for_its_language_on_untagged(settings):
    tag = build_tag(settings, CollectorRegistry()).logic
    tag.open()
    german = CleanedArticle(id="de1", content_hash="h", received_at="2025-01-01T00:00:00Z", language="de",
                            text="Bundeskanzler Friedrich Merz traf am Montag in Berlin den Präsidenten Frankreichs.")
    french = CleanedArticle(id="fr1", content_hash="h", received_at="2025-01-01T00:00:00Z", language="fr",
                            text="Le président Emmanuel Macron s'est rendu mardi à Marseille pour un discours.")
    untagged, tagged = tag.handle_batch([incoming(german.model_dump_json()), incoming(french.model_dump_json(), 1)])
    assert untagged.outcome == Outcome.UNTAGGED_LANGUAGE and untagged.output.entities == []
    assert untagged.output.language == "de" and untagged.key == "de1"
    assert tagged.outcome == Outcome.PROCESSED
    assert {"Emmanuel Macron", "Marseille"} <= {e.canonical for e in tagged.output.entities}


def test_index_makes_an_article_searchable_and_leaves_an_empty_one_out(settings):
    registry = CollectorRegistry()
    service = build_index(settings, registry)
    index = service.logic
    index.open()
    searchable = TaggedArticle(id="a1", content_hash="h1", received_at="2025-01-01T00:00:00Z",
                               text="The harbour in Gdansk reopened.", title="Gdansk harbour")
    empty = TaggedArticle(id="a2", content_hash="h2", received_at="2025-01-01T00:00:00Z", text="", empty=True)
    results = index.handle_batch([incoming(searchable.model_dump_json()), incoming(empty.model_dump_json(), 1)])
    assert [r.outcome for r in results] == [Outcome.PROCESSED, Outcome.EMPTY]
    index.index.refresh()
    assert index.index.get("a1")["title"] == "Gdansk harbour"
    assert index.index.get("a2") is None
    assert sample(registry, "newsflow_index_documents") == 1
    assert (settings.data_dir / "index").is_dir()


def test_index_cannot_start_on_a_directory_another_writer_holds(settings):
    first = build_index(settings, CollectorRegistry()).logic
    first.open()
    second = build_index(settings, CollectorRegistry()).logic
    with pytest.raises(CannotStart) as refused:
        second.open()
    assert f"the search index in {settings.index_path()} is already open for writing" in str(refused.value)


def test_story_groups_a_copy_under_its_original_and_writes_the_state_first(settings):
    registry = CollectorRegistry()
    story = build_story(settings, registry).logic
    story.index, story._stale = NearDuplicateIndex(), False  # as if loaded from an empty news.story-state
    paragraphs = [f"Paragraph {n} of the report says the harbour of Gdansk reopened after {n} weeks of repairs "
                  "to the quay walls, with ferries to Sweden running again from Monday morning." for n in range(5)]
    def cleaned(article_id: str, text: str) -> Incoming:
        return incoming(CleanedArticle(id=article_id, content_hash=article_id, received_at="2025-01-01T00:00:00Z",
                                       text=text).model_dump_json())
    original = story.handle(cleaned("o1", "\n".join(paragraphs)))
    copy = story.handle(cleaned("c1", "\n".join(["Wire desk", *paragraphs[:3]])))
    replay = story.handle(cleaned("c1", "\n".join(["Wire desk", *paragraphs[:3]])))
    assert (original.output.story_id, original.output.duplicate_of) == ("o1", None)
    assert (copy.output.story_id, copy.output.duplicate_of) == ("o1", "o1")
    (topic, key, record), = copy.state
    assert topic.name == "news.story-state" and key == "c1" and json.loads(record)["duplicate_of"] == "o1"
    assert replay.output.duplicate_of == "o1" and replay.state == ()  # known id: same answer, nothing rewritten
    assert sample(registry, "newsflow_story_articles_total", kind="copy") == 1


def test_story_state_that_cannot_be_read_is_the_infrastructures_fault(settings):
    story = build_story(settings.model_copy(update={"kafka_bootstrap_servers": f"127.0.0.1:{free_port()}"}),
                        CollectorRegistry()).logic
    article = CleanedArticle(id="a1", content_hash="h", received_at="2025-01-01T00:00:00Z", text="Some text.")
    with pytest.raises(Unavailable, match="news.story-state: KafkaConnectionError"):
        story.handle(incoming(article.model_dump_json()))


async def test_story_reloads_its_state_after_the_input_is_reassigned(settings):
    """Another worker may have added to news.story-state while this one did not own the input."""
    service = build_story(settings.model_copy(update={"kafka_bootstrap_servers": f"127.0.0.1:{free_port()}"}),
                          CollectorRegistry())
    story = service.logic
    story.index, story._stale = NearDuplicateIndex(), False
    article = CleanedArticle(id="a1", content_hash="h", received_at="2025-01-01T00:00:00Z", text="Some text.")
    message = incoming(article.model_dump_json())
    # Off the event loop, as the stage runs handlers.
    assert (await asyncio.to_thread(story.handle, message)).output.story_id == "a1"  # no reload
    await service.app.on_partitions_assigned.send(set())  # what Faust sends on a rebalance
    with pytest.raises(Unavailable, match="KafkaConnectionError"):  # reloads, from a broker that is not there
        await asyncio.to_thread(story.handle, message)
