"""Helpers the integration tests share: free ports, a real broker, the five services."""
from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from shared.client.partitions import read_to_end

ROOT = Path(__file__).resolve().parents[1]
HANDBOOK = Path(os.environ.get("NEWSFLOW_HANDBOOK", ROOT.parent / "shared"))
SEED = HANDBOOK / "corpus" / "seed"
KAFKA_SH = ROOT / "deploy" / "kafka" / "kafka.sh"
OPENSEARCH_SH = ROOT / "deploy" / "opensearch" / "opensearch.sh"
SERVICES = ("ingest", "clean", "story", "tag", "index")
PYTHON = sys.executable
NEWSFLOW = str(Path(sys.executable).parent / "newsflow")


def real_texts(min_chars: int = 300) -> list[str]:
    """The handbook's dragnet article texts that are UTF-8 and at least ``min_chars`` long."""
    texts = []
    for path in sorted((HANDBOOK / "corpus" / "pages" / "dragnet" / "gold").glob("*.txt")):
        try:
            text = path.read_bytes().decode("utf-8").strip()
        except UnicodeDecodeError:
            continue
        if len(text) >= min_chars:
            texts.append(text)
    if len(texts) < 100:
        raise RuntimeError(f"expected the handbook's dragnet texts in {HANDBOOK}")
    return texts


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


class Broker:
    """A real single-node Kafka for the test session, or the one KAFKA_BOOTSTRAP_SERVERS names."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.external = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
        self.bootstrap = self.external or ""

    def start(self) -> None:
        if self.external:
            ready = subprocess.run([PYTHON, str(ROOT / "deploy/kafka/ready.py"), self.external.split(",")[0]])
            if ready.returncode != 0:
                raise RuntimeError(f"KAFKA_BOOTSTRAP_SERVERS={self.external} does not answer a metadata request")
            return
        port = free_port()
        self.bootstrap = f"127.0.0.1:{port}"
        started = subprocess.run(["bash", str(KAFKA_SH), "start", str(port), str(self.workdir)],
                                 capture_output=True, text=True, timeout=400)
        if started.returncode != 0:
            raise RuntimeError("the test Kafka broker did not start:\n" + started.stdout + started.stderr
                               + "\n" + tail(self.workdir / "kafka.out"))

    def stop(self) -> None:
        if not self.external:
            subprocess.run(["bash", str(KAFKA_SH), "stop", str(self.workdir)], timeout=60)

    def outage(self, seconds: float) -> None:
        """Stop the broker cleanly, keep it down for ``seconds``, start it again on the same port and data."""
        if self.external:
            raise RuntimeError(f"cannot stop the external broker KAFKA_BOOTSTRAP_SERVERS={self.external}")
        self.stop()
        time.sleep(seconds)
        port = self.bootstrap.rsplit(":", 1)[1]
        started = subprocess.run(["bash", str(KAFKA_SH), "start", port, str(self.workdir)],
                                 capture_output=True, text=True, timeout=400)
        if started.returncode != 0:
            raise RuntimeError("the broker did not come back:\n" + started.stdout + started.stderr)


class OpenSearchNode:
    """A real single-node OpenSearch for the test session (started as a non-root user by
    deploy/opensearch/opensearch.sh), or the one NEWSFLOW_TEST_OPENSEARCH_URL names."""

    def __init__(self) -> None:
        self.external = os.environ.get("NEWSFLOW_TEST_OPENSEARCH_URL")
        self.url = self.external or ""
        self.workdir: Path | None = None

    def start(self) -> None:
        if self.external:
            try:
                httpx.get(self.external, timeout=10).raise_for_status()
            except httpx.HTTPError as exc:
                raise RuntimeError(f"NEWSFLOW_TEST_OPENSEARCH_URL={self.external} does not answer: {exc}") from exc
            return
        port = free_port()
        # Not under pytest's tmp dir: that is private to root, and the node runs as another user.
        self.workdir = Path(tempfile.mkdtemp(prefix="newsflow-opensearch-"))
        self.url = f"http://127.0.0.1:{port}"
        started = subprocess.run(["bash", str(OPENSEARCH_SH), "start", str(port), str(self.workdir)],
                                 capture_output=True, text=True, timeout=400)
        if started.returncode != 0:
            raise RuntimeError("the test OpenSearch node did not start:\n" + started.stdout + started.stderr)

    def stop(self) -> None:
        if self.workdir is not None:
            subprocess.run(["bash", str(OPENSEARCH_SH), "stop", str(self.workdir)], timeout=60)
            shutil.rmtree(self.workdir, ignore_errors=True)


@dataclass
class Service:
    name: str
    port: int
    log: Path
    process: subprocess.Popen | None = None
    module: str = ""  # services.<module>.app; defaults to the name (a second worker has its own name)
    log_offset: int = 0  # where the log of the current start begins


@dataclass
class Pipeline:
    """The five services as real processes on a real broker."""

    bootstrap: str
    workdir: Path
    services: dict[str, Service] = field(default_factory=dict)

    @property
    def ports(self) -> dict[str, int]:
        return {name: s.port for name, s in self.services.items()}

    @property
    def search_url(self) -> str:
        return f"http://127.0.0.1:{self.services['index'].port}"

    def env(self, service: Service | None = None) -> dict[str, str]:
        env = dict(os.environ, KAFKA_BOOTSTRAP_SERVERS=self.bootstrap,
                   NEWSFLOW_DATA_DIR=str(self.workdir / "data"),
                   NEWSFLOW_INDEX_DIR=str(self.workdir / "data" / "index"),
                   NEWSFLOW_SEARCH_URL=self.search_url if "index" in self.services else "",
                   NEWSFLOW_BATCH_WITHIN_SECONDS="0.2", NEWSFLOW_LOG_LEVEL="info", PYTHONUNBUFFERED="1")
        if service:
            env["NEWSFLOW_WEB_PORT"] = str(service.port)
        return env

    def start_all(self) -> None:
        """The five services, each added, started and ready (RuntimeError with its log if one is not)."""
        for name in SERVICES:
            self.add(name)
        for name in SERVICES:
            self.start(name)
        for name in SERVICES:
            self.wait_ready(name)

    def add(self, name: str, module: str | None = None) -> None:
        self.services[name] = Service(name, free_port(), self.workdir / "logs" / f"{name}.log",
                                      module=module or name)

    def start(self, name: str) -> None:
        service = self.services[name]
        service.log.parent.mkdir(parents=True, exist_ok=True)
        service.log_offset = service.log.stat().st_size if service.log.exists() else 0
        with service.log.open("ab") as log:
            service.process = subprocess.Popen(
                [PYTHON, "-m", f"services.{service.module}.app", "worker"],
                cwd=ROOT, env=self.env(service), stdout=log, stderr=subprocess.STDOUT)

    def wait_ready(self, name: str, timeout: float = 180) -> None:
        """Ready = the worker logged Faust's 'Ready' and serves /metrics."""
        service = self.services[name]
        deadline = time.monotonic() + timeout
        start_size = service.log_offset
        while time.monotonic() < deadline:
            if service.process.poll() is not None:
                raise RuntimeError(f"{name} exited with {service.process.returncode}:\n{tail(service.log)}")
            text = service.log.read_text(errors="replace")[start_size:] if service.log.exists() else ""
            if "Ready" in text:
                try:
                    if httpx.get(f"http://127.0.0.1:{service.port}/metrics", timeout=2).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
            time.sleep(0.5)
        raise RuntimeError(f"{name} was not ready within {timeout}s:\n{tail(service.log)}")

    def stop(self, name: str) -> None:
        stop_process(self.services[name].process)

    def processed(self, name: str) -> float:
        """How many messages the service has finished (every outcome), from its /metrics."""
        total = 0.0
        for line in self.metrics_text(name).splitlines():
            if line.startswith("newsflow_messages_total{"):
                total += float(line.rsplit(" ", 1)[1])
        return total

    def push(self, *items: Path | bytes, topic: str = "news.raw") -> list[tuple[int, int]]:
        """Produce each file's bytes (or the bytes given) as one message; (partition, offset) each."""
        return asyncio.run(produce(self.bootstrap, topic, [i.read_bytes() if isinstance(i, Path) else i
                                                           for i in items]))

    def metrics_text(self, name: str) -> str:
        return httpx.get(f"http://127.0.0.1:{self.services[name].port}/metrics", timeout=5).text

    def search(self, **params) -> httpx.Response:
        return httpx.get(self.search_url + "/search", params=params, timeout=10)


def stop_process(process: subprocess.Popen | None, grace: float = 30) -> None:
    """SIGTERM, then SIGKILL if it is still running after ``grace`` seconds."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


async def produce(bootstrap: str, topic: str, payloads: list) -> list[tuple[int, int]]:
    """Produce each payload (bytes, or a (key, bytes) pair) and wait for each; (partition, offset) each."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, max_request_size=16 * 1024 * 1024)
    await producer.start()
    try:
        futures = []
        for payload in payloads:
            key, value = payload if isinstance(payload, tuple) else (None, payload)
            futures.append(await producer.send(topic, value, key=key))
        sent = [await future for future in futures]
    finally:
        await producer.stop()
    return [(m.partition, m.offset) for m in sent]


async def consume_all(bootstrap: str, topic: str, until, timeout: float = 90) -> list[dict]:
    """JSON messages of ``topic`` from the beginning until ``until(messages)`` holds or time runs out."""
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest",
                                enable_auto_commit=False, max_partition_fetch_bytes=16 * 1024 * 1024)
    await consumer.start()
    messages: list[dict] = []
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not until(messages):
            for records in (await consumer.getmany(timeout_ms=500)).values():
                messages += [json.loads(r.value) for r in records]
    finally:
        await consumer.stop()
    return messages


async def read_since(bootstrap: str, topic: str, since: dict[int, int]) -> list[dict]:
    """Every JSON message of ``topic`` from the offsets ``since`` up to the end as it is now."""
    return [json.loads(r.value) async for records in read_to_end(bootstrap, topic, since=since) for r in records]


def eventually(check, timeout: float = 120, interval: float = 0.5, what: str = "condition"):
    """Poll ``check`` until it returns a truthy value; fail with the last value otherwise."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"{what} not met within {timeout}s (last: {last!r})")
