"""The dashboard and the alerts against a real Prometheus scraping the real services.

Prometheus is Debian's binary (`apt-get install prometheus`), started here as a subprocess on
a free port with a temp TSDB: never the system service. Its config is
deploy/prometheus/prometheus.yml, the one compose uses, with only the scrape targets pointed
at the local processes and the intervals shortened to 1 s, so "equivalent to compose's"
holds by construction. Grafana's template variables are filled in as Grafana would with a
short scrape interval ($__rate_interval -> 1m).

What is asserted:
- without the pipeline: Prometheus loads the config and the alert rules, and accepts every
  dashboard and alert expression (/api/v1/query answers status "success");
- with the pipeline (the `pipeline` fixture of conftest.py): every panel returns data (a
  non-empty result with a number that is not NaN) once a batch of articles, two invalid
  messages and a search have gone through, and the dead-letter alert fires while the
  service-down alert does not. Panels fed by the Kafka exporter, which does not run here,
  are exempt from "returns data" only, and are listed by name below.
"""
from __future__ import annotations

import json
import math
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import httpx
import pytest
import yaml

from tests.support import ROOT, SERVICES, eventually, free_port

PROMETHEUS_DIR = ROOT / "deploy" / "prometheus"
DASHBOARD = ROOT / "deploy" / "grafana" / "dashboards" / "newsflow.json"

# Grafana's variables, as Grafana fills them for a 1 s scrape interval (rounded up to a
# window that always holds several samples).
GRAFANA_VARIABLES = {"$__rate_interval": "1m", "$__range": "5m", "$__interval": "15s"}

# Fed only by the Kafka exporter container (compose only): accepted, but not expected to
# have data here.
EXPORTER_JOBS = {"kafka-exporter"}
EXPORTER_PANELS = {"Consumer lag by group (kafka-exporter)"}

DATA_TIMEOUT_S = 60
PIPELINE_TIMEOUT_S = 180

INVALID_PAYLOAD = b'{"title": "a dead letter on purpose: this JSON never ends'
ARTICLE_BODY = """\
Moscow and Beijing declared a "no limits partnership" weeks before Vladimir Putin announced his Ukraine offensive, and the two countries have since expanded their trade and military ties.
The Russian president's office said Xi Jinping would hold bilateral talks with Putin in Moscow on developing partnerships and strategic ties, according to a statement from the Kremlin.
US President Donald Trump has imposed tariffs on many imports from China, and Beijing has responded with duties on US goods, officials in Washington said on Sunday.
Related Links
Learn about the Superpowers of the 21st Century at SpaceWar.com
|Subscribe Free To Our Daily Newsletters
"""


# --- the local Prometheus -----------------------------------------------------------------

def local_config(ports: dict[str, int], prometheus_port: int) -> dict:
    """deploy/prometheus/prometheus.yml with its targets pointed at local processes."""
    config = yaml.safe_load((PROMETHEUS_DIR / "prometheus.yml").read_text())
    config["global"]["scrape_interval"] = "1s"
    config["global"]["evaluation_interval"] = "1s"
    config["rule_files"] = [str(PROMETHEUS_DIR / name) for name in config["rule_files"]]
    jobs = []
    for job in config["scrape_configs"]:
        name = job["job_name"]
        if name in EXPORTER_JOBS:
            continue
        port = prometheus_port if name == "prometheus" else ports[name]
        static = {key: value for key, value in job.items() if key != "dns_sd_configs"}
        jobs.append({**static, "static_configs": [{"targets": [f"127.0.0.1:{port}"]}]})
    config["scrape_configs"] = jobs
    return config


class Prometheus:
    """A Prometheus process with a temp config and TSDB, stopped on exit."""

    def __init__(self, config: dict, workdir: Path, port: int) -> None:
        binary = shutil.which("prometheus") or "/usr/bin/prometheus"
        if not Path(binary).exists():
            pytest.fail("prometheus is missing: apt-get install -y --no-install-recommends prometheus")
        self.url = f"http://127.0.0.1:{port}"
        self.config_file = workdir / "prometheus.yml"
        self.config_file.write_text(yaml.safe_dump(config))
        self.log = workdir / "prometheus.log"
        self.command = [binary, f"--config.file={self.config_file}",
                        f"--storage.tsdb.path={workdir / 'tsdb'}",
                        f"--web.listen-address=127.0.0.1:{port}"]
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Prometheus":
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(self.command, stdout=log, stderr=subprocess.STDOUT)
        eventually(self._ready, timeout=30, interval=1.0, what="Prometheus to be ready")
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"Prometheus exited: {self.log.read_text()[-2000:]}")
        try:
            return httpx.get(f"{self.url}/-/ready", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def api(self, path: str, **params) -> dict:
        return httpx.get(f"{self.url}/api/v1/{path}", params=params, timeout=10).json()

    def query(self, expr: str) -> dict:
        return self.api("query", query=expr)

    def value(self, expr: str) -> float | None:
        """The first sample of an instant query, or None when it returns nothing."""
        result = self.query(expr)["data"]["result"]
        return float(result[0]["value"][1]) if result else None


def has_data(answer: dict) -> bool:
    """A non-empty result holding at least one number (histogram_quantile of nothing is NaN)."""
    if answer.get("status") != "success":
        return False
    result = answer["data"]["result"]
    if answer["data"]["resultType"] == "scalar":
        result = [{"value": result}]
    return any(not math.isnan(float(series["value"][1])) for series in result)


# --- what the dashboard and the alerts ask -------------------------------------------------

def expand(expr: str) -> str:
    for variable, value in GRAFANA_VARIABLES.items():
        expr = expr.replace(variable, value)
    return expr


def panel_queries() -> list[tuple[str, str]]:
    """(panel title + refId, expression) of every dashboard query."""
    dashboard = json.loads(DASHBOARD.read_text())
    return [(f"{panel['title']} [{target['refId']}]", expand(target["expr"]))
            for panel in dashboard["panels"] for target in panel.get("targets", [])]


def alert_queries() -> list[tuple[str, str]]:
    groups = yaml.safe_load((PROMETHEUS_DIR / "alerts.yml").read_text())["groups"]
    return [(rule["alert"], rule["expr"]) for group in groups for rule in group["rules"]]


def is_exempt(name: str) -> bool:
    return name.rsplit(" [", 1)[0] in EXPORTER_PANELS


def test_the_exempt_panels_exist_and_use_only_exporter_metrics():
    queries = dict(panel_queries())
    exempt = {name: expr for name, expr in queries.items() if is_exempt(name)}
    assert {name.rsplit(" [", 1)[0] for name in exempt} == EXPORTER_PANELS
    for expr in exempt.values():
        assert "kafka_" in expr and "newsflow_" not in expr


# --- without the pipeline: config, rules and every expression accepted ---------------------

def test_prometheus_loads_the_config_and_accepts_every_expression(tmp_path):
    ports = {service: free_port() for service in SERVICES}  # nothing listens there
    port = free_port()
    config = local_config(ports, port)
    assert {job["job_name"] for job in config["scrape_configs"]} == set(SERVICES) | {"prometheus"}
    with Prometheus(config, tmp_path, port) as prometheus:
        targets = eventually(lambda: prometheus.api("targets")["data"]["activeTargets"], timeout=30, interval=1.0, what="the targets")
        assert {t["labels"]["job"]: t["scrapeUrl"] for t in targets} == {
            **{s: f"http://127.0.0.1:{p}/metrics" for s, p in ports.items()},
            "prometheus": f"http://127.0.0.1:{port}/metrics"}
        rules = eventually(lambda: _evaluated_rules(prometheus), timeout=30, interval=1.0, what="the alert rules to be evaluated")
        assert {r["name"] for r in rules} == {name for name, _ in alert_queries()}
        assert all(r["health"] == "ok" for r in rules), rules
        for name, expr in panel_queries() + alert_queries():
            answer = prometheus.query(expr)
            assert answer["status"] == "success", f"{name}: {answer.get('error')}"
        # The same check refuses a broken expression, so the loop above means something.
        assert prometheus.query("sum by (service (newsflow_messages_total)")["status"] == "error"
        # Nothing listens on the services' ports: the service-down expression finds all four.
        service_down = dict(alert_queries())["NewsflowServiceDown"]
        down = eventually(lambda: len(prometheus.query(service_down)["data"]["result"]) == len(SERVICES)
                          and prometheus.query(service_down)["data"]["result"],
                          timeout=30, interval=1.0, what="four failed scrapes")
        assert {series["metric"]["job"] for series in down} == set(SERVICES)


def _evaluated_rules(prometheus: Prometheus) -> list[dict] | None:
    groups = prometheus.api("rules")["data"]["groups"]
    rules = [rule for group in groups for rule in group["rules"]]
    return rules if rules and all(r["health"] != "unknown" for r in rules) else None


# --- with the pipeline: every panel has data ------------------------------------------------

def article(run: str, number: int) -> bytes:
    """A distinct article (own URL and text) with the same entities and boilerplate lines."""
    return json.dumps({
        "title": f"Xi visits Moscow ({run} #{number})",
        "url": f"https://example.org/news/{run}/{number}",
        "source": "monitoring-test",
        "published": "2025-05-04",
        "text": f"Dispatch {run}-{number}.\n{ARTICLE_BODY}",
    }).encode()


def test_every_panel_has_data_while_the_pipeline_runs(pipeline, tmp_path):
    port = free_port()
    with Prometheus(local_config(pipeline.ports, port), tmp_path, port) as prometheus:
        eventually(lambda: _all_up(prometheus, set(pipeline.ports)), timeout=60, interval=1.0, what="every service's /metrics to be scraped")
        indexed = 'max(newsflow_index_documents{job="index"})'
        dead = 'sum(newsflow_deadletters_total{service="ingest"})'
        eventually(lambda: prometheus.value(indexed) is not None, timeout=30, interval=1.0, what="the index size")
        documents = prometheus.value(indexed)
        dead_before = prometheus.value(dead) or 0
        run = uuid.uuid4().hex[:8]

        # Wave 1 creates every labelled series (a counter appears at its first value, which
        # rate() cannot count); wave 2 then moves them all, so every rate() has something.
        pipeline.push(article(run, 0), INVALID_PAYLOAD)
        eventually(lambda: (prometheus.value(indexed) or 0) >= documents + 1
                   and (prometheus.value(dead) or 0) >= dead_before + 1,
                   timeout=PIPELINE_TIMEOUT_S, interval=1.0, what="wave 1 to be indexed")
        time.sleep(3)  # a few scrapes of the new series at their first values
        pipeline.push(*(article(run, n) for n in range(1, 6)), article(run, 0), INVALID_PAYLOAD)
        eventually(lambda: (prometheus.value(indexed) or 0) >= documents + 6
                   and (prometheus.value(dead) or 0) >= dead_before + 2,
                   timeout=PIPELINE_TIMEOUT_S, interval=1.0, what="wave 2 to be indexed")
        response = httpx.get(pipeline.search_url.rstrip("/") + "/search", params={"q": "Putin"}, timeout=10)
        assert response.status_code == 200, response.text

        # Every panel query returns data within DATA_TIMEOUT_S (scrapes are 1 s apart).
        queries = panel_queries()
        pending = {name: expr for name, expr in queries if not is_exempt(name)}
        assert len(pending) >= 20
        deadline = time.monotonic() + DATA_TIMEOUT_S
        while pending and time.monotonic() < deadline:
            for name, expr in list(pending.items()):
                if has_data(prometheus.query(expr)):
                    del pending[name]
            time.sleep(1)
        assert not pending, f"panels without data after {DATA_TIMEOUT_S} s: {pending}"

        # Exempt panels and the alerts are still valid queries.
        for name, expr in [q for q in queries if is_exempt(q[0])] + alert_queries():
            answer = prometheus.query(expr)
            assert answer["status"] == "success", f"{name}: {answer.get('error')}"

        # The invalid messages fire the dead-letter alert; no service is down.
        firing = eventually(lambda: _firing(prometheus, "NewsflowDeadLetters"), timeout=30, interval=1.0,
                            what="the dead-letter alert")
        assert {(a["labels"]["service"], a["labels"]["reason"]) for a in firing} >= {("ingest", "invalid_json")}
        alerts = prometheus.api("alerts")["data"]["alerts"]
        assert not [a for a in alerts if a["labels"]["alertname"] == "NewsflowServiceDown"]


def _all_up(prometheus: Prometheus, jobs: set[str]) -> bool:
    targets = prometheus.api("targets")["data"]["activeTargets"]
    return {t["labels"]["job"] for t in targets if t["health"] == "up"} >= jobs


def _firing(prometheus: Prometheus, name: str) -> list[dict]:
    alerts = prometheus.api("alerts")["data"]["alerts"]
    return [a for a in alerts if a["labels"]["alertname"] == name and a["state"] == "firing"]
