"""Every Prometheus metric newsflow exports, declared once.

Names follow Prometheus conventions: one prefix, base units, counters end in ``_total``, and
no high-cardinality labels (never an article id, URL or entity name).
"""
from __future__ import annotations

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram, Info

PREFIX = "newsflow"

# The language label of an article whose language neither the producer nor the text says
# (ISO 639-2's code for "undetermined").
UNDETERMINED = "und"

_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
_END_TO_END_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)


class Metrics:
    """The metric objects, bound to one registry (a fresh one per test; REGISTRY in a service)."""

    def __init__(self, registry: CollectorRegistry = REGISTRY) -> None:
        self.registry = registry
        self.messages = Counter(
            f"{PREFIX}_messages_total", "Messages handled, by outcome.",
            ["service", "outcome"], registry=registry)
        self.processing_seconds = Histogram(
            f"{PREFIX}_processing_seconds", "Time to process one message (or one batch, per message).",
            ["service"], buckets=_LATENCY_BUCKETS, registry=registry)
        self.deadletters = Counter(
            f"{PREFIX}_deadletters_total", "Messages sent to the dead-letter topic, by reason.",
            ["service", "reason"], registry=registry)
        self.consumer_lag = Gauge(
            f"{PREFIX}_consumer_lag", "Messages behind the end of each assigned partition.",
            ["service", "topic", "partition"], registry=registry)
        self.build_info = Info(f"{PREFIX}_build", "The running newsflow version.", registry=registry)
        self.boilerplate_lines_removed = Counter(
            f"{PREFIX}_boilerplate_lines_removed_total", "Lines removed by the cleaner, by rule.",
            ["rule"], registry=registry)
        self.articles_by_language = Counter(
            f"{PREFIX}_articles_total", "Articles ingest passed on (duplicates not counted), by language "
            f"(ISO 639-1; {UNDETERMINED} when unknown).", ["language"], registry=registry)
        self.stories = Counter(
            f"{PREFIX}_story_articles_total", "Articles the story stage placed: first of their story "
            "(original) or a copy of an earlier one (copy).", ["kind"], registry=registry)
        self.entities = Counter(
            f"{PREFIX}_entities_total", "Entity mentions tagged, by label.", ["label"], registry=registry)
        self.index_documents = Gauge(
            f"{PREFIX}_index_documents", "Documents in the search index.", registry=registry)
        self.end_to_end_seconds = Histogram(
            f"{PREFIX}_end_to_end_seconds", "From ingest receiving an article to it being searchable.",
            buckets=_END_TO_END_BUCKETS, registry=registry)
        self.search_seconds = Histogram(
            f"{PREFIX}_search_seconds", "Search API request time.", buckets=_LATENCY_BUCKETS,
            registry=registry)

