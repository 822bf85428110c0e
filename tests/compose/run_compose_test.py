"""`make compose-test`: the repository's docker-compose.yml, unchanged, on a real Docker engine,
used from the host the way the README tells a user to.

    .venv/bin/python -m tests.compose.run_compose_test

Builds our image from our Dockerfile, brings the stack up with `docker compose up -d --wait`
(Compose v2), pushes the seed article and 200 handbook pages with `newsflow push`, and checks
that every one that is not a dead letter becomes searchable, that Prometheus scrapes every
target and loaded the alert rules, that `docker compose restart tag` while articles flow
loses none, that the index and Kafka's data survive `down` and `up`, that two tag replicas
both consume and are both scraped, and that `down -v` leaves nothing behind.

An upstream image that cannot be pulled is replaced by its stand-in (tests/compose/standins);
one with no stand-in (Grafana, kafka-exporter on machines without Docker Hub) is not run,
and the summary line names it. Anything else that cannot start fails the run with the
reason; it never skips. The last line printed is the summary.
"""
from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import httpx
import yaml
from aiokafka import AIOKafkaConsumer, TopicPartition

from services.ingest.normalise import ingest
from shared.contracts import DeadLetter, TaggedArticle
from shared.settings import Settings
from shared.topics import ALL as TOPICS
from shared.topics import DEADLETTER, GROUPED, TAGGED, TopicSpec
from tests.support import HANDBOOK, NEWSFLOW, ROOT, SEED

PROJECT = os.environ.get("COMPOSE_TEST_PROJECT", "newsflow-compose-test")
COMPOSE = ["docker", "compose", "--project-directory", str(ROOT), "-f", str(ROOT / "docker-compose.yml"),
           "-p", PROJECT]
BOOTSTRAP = "127.0.0.1:9092"
SEARCH = "http://127.0.0.1:6069"
PROMETHEUS = "http://127.0.0.1:9090"
PAGES = sorted((HANDBOOK / "corpus" / "pages" / "dragnet" / "input").glob("*.html"))
FIRST, DURING_RESTART = PAGES[:200], PAGES[200:300]
WHILE_SCALED = sorted((HANDBOOK / "corpus" / "pages" / "cleaneval-dev" / "input").glob("*.html"))[:40]
STANDINS = ROOT / "tests" / "compose" / "standins" / "build.sh"
NO_STANDIN = 3  # build.sh's exit status for an image that cannot be pulled and has no stand-in
WAIT_S = 900  # generous for a cold machine; a healthy run needs far less


class Failed(Exception):
    """A step failed; the message says which and why."""


def log(message: str) -> None:
    print(f"[compose-test {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(*args: str, timeout: float = 600, check: bool = True, quiet: bool = False) -> subprocess.CompletedProcess:
    done = subprocess.run(list(args), cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if check and done.returncode != 0:
        lines = [line for line in (done.stderr + done.stdout).splitlines() if line.strip()]
        last = lines[-1] if lines else "no output"
        raise Failed(f"`{' '.join(args[-4:])}` exited {done.returncode}: {last}\n"
                     f"{done.stdout[-3000:]}{done.stderr[-3000:]}")
    if not quiet and done.stderr.strip():
        print(done.stderr.rstrip()[-2000:], flush=True)
    return done


def compose(*args: str, timeout: float = WAIT_S, check: bool = True) -> subprocess.CompletedProcess:
    return run(*COMPOSE, *args, timeout=timeout, check=check)


def eventually(check, what: str, timeout: float = 300, interval: float = 2.0, stall: float | None = None):
    """Poll ``check`` until it returns something other than a string (the string says what
    is still missing). With ``stall``, give up once that string stays the same that long:
    the pipeline has stopped moving, and waiting out ``timeout`` would only cost time."""
    deadline = time.monotonic() + timeout
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        try:
            now = check()
        except (httpx.HTTPError, OSError) as exc:
            now = f"{type(exc).__name__}: {exc}"
        if now is True or (now and not isinstance(now, str)):
            return now
        if now != last:
            last, since = now, time.monotonic()
        elif stall is not None and time.monotonic() - since > stall:
            raise Failed(f"{what}: no progress for {stall:.0f}s ({last})")
        time.sleep(interval)
    raise Failed(f"{what}: not within {timeout:.0f}s (last: {last!r})")


# --- the engine and the images -------------------------------------------------------------

def check_engine() -> None:
    info = run("docker", "info", "--format", "{{.ServerVersion}}", check=False, quiet=True)
    if info.returncode != 0:
        raise Failed(f"no Docker engine answers (`docker info`): {info.stderr.strip()[:500]}")
    version = run("docker", "compose", "version", "--short", check=False, quiet=True)
    if version.returncode != 0 or not version.stdout.strip().startswith("2."):
        raise Failed("Compose v2 (`docker compose`) is missing: run tests/compose/compose_plugin.sh")
    log(f"Docker engine {info.stdout.strip()}, Compose {version.stdout.strip()}")


def jobs_waited_for(config: dict, services: list[str]) -> set[str]:
    """The services some running service waits for with service_completed_successfully."""
    return {dependency for name in services
            for dependency, condition in config["services"][name].get("depends_on", {}).items()
            if condition.get("condition") == "service_completed_successfully"}


def compose_config() -> dict:
    return yaml.safe_load(compose("config").stdout)


def dockerfile_base() -> str:
    match = re.search(r"^ARG PYTHON_IMAGE=(\S+)", (ROOT / "Dockerfile").read_text(), re.M)
    if not match:
        raise Failed("the Dockerfile names no PYTHON_IMAGE base")
    return match.group(1)


def prepare_images(config: dict) -> dict[str, str]:
    """Make every upstream image available (present, pulled, or its stand-in built); return
    the services that cannot run here, with the reason."""
    not_run = {}
    upstream = {dockerfile_base(): []}
    for name, service in config["services"].items():
        if "build" not in service:
            upstream.setdefault(service["image"], []).append(name)
    for image, services in upstream.items():
        done = run("bash", str(STANDINS), image, timeout=1800, check=False)
        if done.returncode == NO_STANDIN and services:
            for name in services:
                not_run[name] = f"{image} cannot be pulled here and has no stand-in"
        elif done.returncode != 0:
            raise Failed(f"image {image} is not available and its stand-in did not build:\n{done.stderr[-3000:]}")
    return not_run


# --- the pipeline from the host ------------------------------------------------------------

@dataclass
class Batch:
    """What was pushed, and the article ids the pipeline must index (or dead-letter)."""

    files: list[Path]
    ids: dict[str, Path] = field(default_factory=dict)  # article id -> first file with it
    rejected_at_ingest: list[bytes] = field(default_factory=list)

    @classmethod
    def of(cls, files: list[Path]) -> "Batch":
        batch = cls(files)
        max_bytes = Settings().max_article_bytes
        for path in files:
            payload = path.read_bytes()
            try:  # ingest's own pure function: the id the service gives this payload
                article = ingest(payload, datetime.now(timezone.utc), max_bytes)
            except Exception:  # noqa: BLE001 - a payload ingest rejects must be a dead letter
                batch.rejected_at_ingest.append(payload)
                continue
            batch.ids.setdefault(article.id, path)
        return batch


def _push_recording(batch: "Batch", errors: list[Exception]) -> None:
    try:
        push(batch)
    except Exception as exc:  # noqa: BLE001 - reported by the main thread
        errors.append(exc)


def push(batch: Batch) -> None:
    done = run(NEWSFLOW, "push", "--bootstrap", BOOTSTRAP, *map(str, batch.files), timeout=300)
    log(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "pushed")


def searchable_ids() -> set[str]:
    """Every article id GET /search returns, page by page (q empty, copies not collapsed: all articles)."""
    found: set[str] = set()
    offset = 0
    while True:
        response = httpx.get(f"{SEARCH}/search", timeout=30,
                             params={"q": "", "limit": 100, "offset": offset, "collapse": "none"})
        response.raise_for_status()
        body = response.json()
        found |= {hit["id"] for hit in body["hits"]}
        offset += 100
        if offset >= body["total"] or not body["hits"]:
            return found


def read_topic(spec: TopicSpec) -> list[tuple[bytes | None, bytes]]:
    """(key, value) of every message in a topic now, from the host as any client would."""
    async def read() -> list[tuple[bytes | None, bytes]]:
        consumer = AIOKafkaConsumer(bootstrap_servers=BOOTSTRAP, enable_auto_commit=False,
                                    max_partition_fetch_bytes=16 * 1024 * 1024)
        await consumer.start()
        try:
            partitions = [TopicPartition(spec.name, p) for p in range(spec.partitions)]
            consumer.assign(partitions)
            await consumer.seek_to_beginning(*partitions)
            ends = await consumer.end_offsets(partitions)
            messages = []
            while [tp for tp in partitions if await consumer.position(tp) < ends[tp]]:
                for records in (await consumer.getmany(timeout_ms=1000)).values():
                    messages += [(r.key, r.value) for r in records]
            return messages
        finally:
            await consumer.stop()

    return asyncio.run(read())


@dataclass
class Outcome:
    searchable: set[str]
    dead_letters: set[str]  # ids dead-lettered after ingest
    empty: set[str]  # tagged, but the cleaner left no text: not searchable by design


def account(batch: Batch) -> tuple[Outcome, set[str], int]:
    """Where the batch's articles are now; the ids not accounted for; and how many payloads
    ingest rejects have no dead letter."""
    letters = [DeadLetter.model_validate_json(value) for _key, value in read_topic(DEADLETTER)]
    payloads = {letter.payload() for letter in letters if letter.service == "ingest"}
    unlettered = sum(p not in payloads for p in batch.rejected_at_ingest)
    ids = set(batch.ids)
    lettered = {letter.origin.key for letter in letters if letter.origin.key} & ids
    empty = {key.decode() for key, value in read_topic(TAGGED)
             if key and key.decode() in ids and TaggedArticle.model_validate_json(value).empty}
    found = searchable_ids() & ids
    return Outcome(found, lettered, empty), ids - found - lettered - empty, unlettered


def settled(batch: Batch) -> Outcome | str:
    """Where every article of the batch ended, once each is searchable, a dead letter, or
    tagged empty; else what is still missing."""
    outcome, waiting, unlettered = account(batch)
    if unlettered:
        return f"{unlettered} payloads ingest rejects have no dead letter yet"
    if waiting:
        return f"{len(waiting)} of {len(batch.ids)} articles neither searchable, dead letters nor empty"
    return outcome


def end_offsets() -> dict[str, int]:
    async def read() -> dict[str, int]:
        consumer = AIOKafkaConsumer(bootstrap_servers=BOOTSTRAP)
        await consumer.start()
        try:
            partitions = [TopicPartition(t.name, p) for t in TOPICS for p in range(t.partitions)]
            ends = await consumer.end_offsets(partitions)
            return {f"{tp.topic}[{tp.partition}]": offset for tp, offset in ends.items()}
        finally:
            await consumer.stop()

    return asyncio.run(read())


# --- Prometheus ----------------------------------------------------------------------------

def prometheus(path: str, **params) -> dict:
    response = httpx.get(f"{PROMETHEUS}/api/v1/{path}", params=params, timeout=30)
    response.raise_for_status()
    return response.json()["data"]


def targets_by_job() -> dict[str, list[dict]]:
    jobs: dict[str, list[dict]] = {}
    for target in prometheus("targets")["activeTargets"]:
        jobs.setdefault(target["labels"]["job"], []).append(target)
    return jobs


def all_targets_up(expected_jobs: set[str]) -> dict[str, list[dict]] | str:
    jobs = targets_by_job()
    missing = expected_jobs - set(jobs)
    if missing:
        return f"no target yet for {sorted(missing)}"
    down = [f"{t['labels']['job']} {t['labels']['instance']}: {t['lastError'] or t['health']}"
            for job in expected_jobs for t in jobs[job] if t["health"] != "up"]
    return f"down: {down}" if down else jobs


def rules_loaded() -> set[str]:
    return {rule["name"] for group in prometheus("rules")["groups"] for rule in group["rules"]}


def alert_names() -> set[str]:
    alerts = yaml.safe_load((ROOT / "deploy" / "prometheus" / "alerts.yml").read_text())
    return {rule["alert"] for group in alerts["groups"] for rule in group["rules"]}


def tag_instances() -> set[str]:
    """The tag replicas Prometheus scrapes now. (Series of the containers before `down` stay
    visible to queries for 5 minutes: Prometheus was down too, so it never marked them stale.)"""
    return {t["labels"]["instance"] for t in targets_by_job().get("tag", []) if t["health"] == "up"}


def tag_replicas_consuming() -> dict[str, set[str]] | str:
    """instance -> the news.grouped partitions its newsflow_consumer_lag reports, once two
    replicas report disjoint sets covering all of the topic's partitions (a stale series
    would show twice)."""
    result = prometheus("query", query='newsflow_consumer_lag{job="tag",topic="news.grouped"}')["result"]
    current = tag_instances()
    owned: dict[str, set[str]] = {}
    for series in result:
        if series["metric"]["instance"] in current:
            owned.setdefault(series["metric"]["instance"], set()).add(series["metric"]["partition"])
    every = [p for parts in owned.values() for p in parts]
    if len(owned) != 2 or sorted(every, key=int) != [str(p) for p in range(GROUPED.partitions)]:
        return f"partitions by replica: { {k: sorted(v) for k, v in owned.items()} }"
    return owned


def messages_by_tag_replica() -> dict[str, float]:
    result = prometheus("query", query='sum by (instance) (newsflow_messages_total{job="tag"})')["result"]
    current = tag_instances()
    return {series["metric"]["instance"]: float(series["value"][1]) for series in result
            if series["metric"]["instance"] in current}


def every_replica_handled_more(replicas, before: dict[str, float]) -> dict[str, float] | str:
    now = messages_by_tag_replica()
    if all(now.get(instance, 0) > before.get(instance, 0) for instance in replicas):
        return now
    return f"messages by replica: before {before}, now {now}"


def prometheus_jobs() -> set[str]:
    config = yaml.safe_load((ROOT / "deploy" / "prometheus" / "prometheus.yml").read_text())
    return {job["job_name"] for job in config["scrape_configs"]}


# --- the run -------------------------------------------------------------------------------

def leftovers() -> list[str]:
    """Containers, volumes and networks of the test's compose project."""
    label = f"label=com.docker.compose.project={PROJECT}"
    found = []
    for kind in (["ps", "-a"], ["volume", "ls"], ["network", "ls"]):
        names = run("docker", *kind, "-q", "--filter", label, quiet=True).stdout.split()
        found += [f"{kind[0]} {name}" for name in names]
    return found


def all_volumes() -> set[str]:
    """Every volume on the engine: an anonymous one (an image's VOLUME) has no project label."""
    return set(run("docker", "volume", "ls", "-q", quiet=True).stdout.split())


def logs_tail() -> str:
    done = compose("logs", "--no-color", "--tail", "30", check=False, timeout=120)
    return done.stdout[-6000:]


def main() -> int:
    started = time.monotonic()
    summary = {}
    step = "checking the engine"
    try:
        check_engine()
        if leftovers():
            log(f"removing what an earlier run of project {PROJECT} left: {leftovers()}")
            compose("down", "-v", "--remove-orphans", timeout=300)

        volumes_before = all_volumes()
        step = "making the upstream images available"
        config = compose_config()
        not_run = prepare_images(config)
        for name, reason in not_run.items():
            log(f"not run: {name} ({reason})")
        services = [name for name in config["services"] if name not in not_run]
        dependents = {name for name in services if set(config["services"][name].get("depends_on", {})) & set(not_run)}
        if dependents:
            raise Failed(f"{sorted(dependents)} depend on services that cannot run here: {sorted(not_run)}")
        # A one-shot job whose only dependents cannot run (grafana-password without Grafana)
        # runs on its own: `up --wait` counts a finished container nothing waits for as a failure.
        orphan_jobs = [job for job in services if job not in jobs_waited_for(config, services)
                       and config["services"][job].get("restart") == "no"]
        services = [name for name in services if name not in orphan_jobs]

        step = "docker compose up --build --wait"
        t0 = time.monotonic()
        compose("up", "-d", "--build", "--wait", "--wait-timeout", str(WAIT_S), *services)
        log(f"up and healthy in {time.monotonic() - t0:.0f}s: {', '.join(services)}")
        for job in orphan_jobs:
            compose("up", "--no-deps", "--exit-code-from", job, job)
            log(f"{job} ran and exited 0")
        topics_log = compose("logs", "--no-color", "topics").stdout
        if "every topic matches the registry" not in topics_log:
            raise Failed(f"the topics job did not report its check:\n{topics_log[-2000:]}")
        if "grafana-password" in services + orphan_jobs:
            password = compose("run", "--rm", "--no-deps", "-T", "grafana-password",
                               "cat", "/run/grafana/admin-password").stdout.strip()
            if len(password) < 24:
                raise Failed(f"the generated Grafana password is {len(password)} characters")

        step = "pushing the seed article and 200 pages"
        first = Batch.of([SEED / "article.txt", *FIRST])
        push(first)
        outcome = eventually(lambda: settled(first), "every article searchable, a dead letter or empty",
                             timeout=WAIT_S, stall=180)
        expected = len(first.ids) - len(outcome.dead_letters) - len(outcome.empty)
        summary["searchable"] = (f"{len(outcome.searchable)}/{expected} searchable "
                                 f"({len(outcome.dead_letters) + len(first.rejected_at_ingest)} dead letters, "
                                 f"{len(outcome.empty)} empty after cleaning)")
        log(summary["searchable"])
        if len(outcome.searchable) != expected:
            raise Failed(summary["searchable"])

        step = "Prometheus targets and rules"
        expected_jobs = prometheus_jobs() - set(not_run)
        jobs = eventually(lambda: all_targets_up(expected_jobs), "every target up", timeout=120)
        checked = [t for job in sorted(expected_jobs) for t in jobs[job]]
        up = sum(t["health"] == "up" for t in checked)
        summary["targets"] = f"{up}/{len(checked)} targets up" + (f" ({', '.join(sorted(set(not_run) & set(jobs)))} not run)"
                                                              if set(not_run) & set(jobs) else "")
        loaded, wanted = rules_loaded(), alert_names()
        if loaded != wanted:
            raise Failed(f"alert rules loaded {sorted(loaded)}, alerts.yml has {sorted(wanted)}")
        summary["rules"] = f"{len(loaded)}/{len(wanted)} alert rules loaded"
        log(f"{summary['targets']}, {summary['rules']}")

        step = "docker compose restart tag while articles flow"
        during = Batch.of(DURING_RESTART)
        push_errors: list[Exception] = []
        pusher = threading.Thread(target=lambda: _push_recording(during, push_errors))
        pusher.start()
        eventually(lambda: len(searchable_ids() & set(during.ids)) > 0, "the first articles of the second batch",
                   timeout=300, interval=0.5)
        indexed_before = len(searchable_ids() & set(during.ids))
        compose("restart", "tag")
        pusher.join()
        if push_errors:
            raise Failed(f"pushing the second batch failed: {push_errors[0]}")
        if indexed_before >= len(during.ids):
            raise Failed("every article was indexed before tag restarted: the restart tested nothing")
        try:
            eventually(lambda: settled(during), "every article after the restart", timeout=WAIT_S, stall=180)
        except Failed as stalled:
            log(str(stalled))
        lost = len(account(during)[1])
        summary["restart"] = f"{lost} lost across restart ({indexed_before}/{len(during.ids)} indexed when tag restarted)"
        log(summary["restart"])
        if lost:
            raise Failed(summary["restart"])

        step = "docker compose down, then up: the named volumes keep the data"
        offsets_before, ids_before = end_offsets(), searchable_ids()
        compose("down", timeout=300)
        compose("up", "-d", "--wait", "--wait-timeout", str(WAIT_S), *services)
        offsets_after = eventually(end_offsets, "Kafka answering after up", timeout=120)
        ids_after = eventually(lambda: searchable_ids() or "empty index", "the search API after up", timeout=120)
        if offsets_after != offsets_before:
            raise Failed(f"Kafka's data changed across down/up: {offsets_before} -> {offsets_after}")
        if ids_after != ids_before:
            raise Failed(f"the index changed across down/up: {len(ids_before)} -> {len(ids_after)} articles")
        log(f"down/up kept {len(ids_after)} indexed articles and {sum(offsets_after.values())} Kafka messages")

        step = "docker compose up --scale tag=2"
        compose("up", "-d", "--wait", "--wait-timeout", str(WAIT_S), "--scale", "tag=2", *services)
        owned = eventually(tag_replicas_consuming, "two tag replicas sharing news.grouped's partitions", timeout=180)
        before = messages_by_tag_replica()
        scaled = Batch.of(WHILE_SCALED)
        push(scaled)
        eventually(lambda: settled(scaled), "the articles pushed to two tag replicas", timeout=WAIT_S, stall=180)
        after = eventually(lambda: every_replica_handled_more(owned, before), "both tag replicas handling messages",
                           timeout=120)
        scraped = [t for t in targets_by_job()["tag"] if t["health"] == "up"]
        summary["scale"] = f"{len(scraped)}/2 tag replicas scraped"
        log(f"{summary['scale']}; messages by replica {after}")
        if len(scraped) != 2:
            raise Failed(summary["scale"])

        step = "docker compose down -v"
        compose("down", "-v", timeout=300)
        left = leftovers() + [f"volume {name}" for name in all_volumes() - volumes_before]
        if left:
            raise Failed(f"down -v left {left}")
        not_run_note = f"; not run: {', '.join(sorted(not_run))}" if not_run else ""
        print(f"compose: {summary['searchable']}, {summary['targets']}, {summary['rules']}, "
              f"{summary['restart']}, {summary['scale']}, down -v left nothing{not_run_note}; "
              f"{time.monotonic() - started:.0f}s", flush=True)
        return 0
    except Exception as exc:  # noqa: BLE001 - any failure: logs, clean up, and the summary line
        logs = ""
        try:
            logs = logs_tail()
        except Exception as inner:  # noqa: BLE001 - the logs are a courtesy, the failure is the news
            logs = f"(no logs: {inner})"
        print(logs, flush=True)
        print(f"compose-test: {exc}", flush=True)
        try:
            compose("down", "-v", "--remove-orphans", timeout=300, check=False)
        except subprocess.TimeoutExpired:
            pass
        reason = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__
        print(f"compose: FAILED while {step}: {reason}", flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
