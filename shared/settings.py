"""Settings from environment variables, through one object. Defaults work locally."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PORTS = {"ingest": 6066, "clean": 6067, "tag": 6068, "index": 6069, "story": 6071}


class Settings(BaseSettings):
    """Every variable is ``NEWSFLOW_<FIELD>`` except the Kafka address, which is the usual
    ``KAFKA_BOOTSTRAP_SERVERS``."""

    model_config = SettingsConfigDict(env_prefix="NEWSFLOW_", extra="ignore")

    kafka_bootstrap_servers: str = Field(
        "127.0.0.1:9092", validation_alias="KAFKA_BOOTSTRAP_SERVERS")
    # Consumer groups are "<app_prefix>-<service>": a second, independent pipeline on the same
    # broker needs its own prefix.
    app_prefix: str = "newsflow"
    web_host: str = "127.0.0.1"
    # A service's web port: NEWSFLOW_WEB_PORT if set, else its default from PORTS.
    web_port: int | None = None
    data_dir: Path = Path("var")
    index_dir: Path | None = None
    log_level: str = "info"
    max_article_bytes: int = 2 * 1024 * 1024
    dedup_cache_size: int = 200_000
    tag_batch_size: int = 32
    index_batch_size: int = 256
    batch_within_seconds: float = 0.5
    kb_path: Path | None = None
    search_url: str = "http://127.0.0.1:6069"
    # How long a failing dependency (index, disk, model file) is retried before the worker stops.
    retry_seconds: float = 120.0
    # Faust's processing guarantee; "exactly_once" (Kafka transactions) is measured in
    # docs/reliability.md and is not the default.
    processing_guarantee: str = "at_least_once"
    # Where the index service keeps articles: a tantivy directory (one writer, one machine)
    # or an OpenSearch cluster (any number of index workers); docs/search.md.
    index_backend: Literal["tantivy", "opensearch"] = "tantivy"
    # May carry credentials: https://user:password@host:9200
    opensearch_url: str = "http://127.0.0.1:9200"
    opensearch_index: str = "newsflow-articles"
    opensearch_shards: int = Field(1, ge=1)
    opensearch_replicas: int = Field(0, ge=0)
    opensearch_verify_certs: bool = True
    # How long a bulk write (or the start-up template call) is retried before the worker
    # gives up with IndexUnavailableError.
    opensearch_retry_seconds: float = 60.0
    # Partitions of every pipeline topic (news.deadletter keeps 1): the most workers one
    # stage can use. Changing it on a running system moves keys: see docs/search.md.
    topic_partitions: int = Field(12, ge=1)

    def port_of(self, service: str) -> int:
        return self.web_port if self.web_port is not None else PORTS[service]

    def index_path(self) -> Path:
        return self.index_dir if self.index_dir is not None else self.data_dir / "index"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
