"""Static checks of the deployment: docker-compose.yml, the Dockerfile, Prometheus, Grafana.

These run without a Docker engine (`make compose-test` runs the file on a real one): the
compose file is checked the way an engine would read it (Debian's docker-compose resolves
and validates it), and against the code: the
environment the services get is what shared/settings.py reads, every Prometheus target is
a compose service on the port it listens on, and every metric the dashboard and alerts use
is one the code exports. Prometheus's promtool checks the config, the alert rules (with the
unit tests in deploy/prometheus/alerts_test.yml) and the syntax of every dashboard query.

Needs Debian's `docker-compose` and `prometheus` packages (promtool); a missing tool fails
the test with the install command, it does not skip.
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
import yaml
from prometheus_client import CollectorRegistry

from shared.metrics import Metrics
from shared.settings import PORTS, Settings
from shared.topics import MAX_MESSAGE_BYTES

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
PROMETHEUS_DIR = ROOT / "deploy" / "prometheus"
GRAFANA_DIR = ROOT / "deploy" / "grafana"
DASHBOARD = GRAFANA_DIR / "dashboards" / "newsflow.json"
DATASOURCES = GRAFANA_DIR / "provisioning" / "datasources" / "prometheus.yml"
DASHBOARD_PROVIDERS = GRAFANA_DIR / "provisioning" / "dashboards" / "newsflow.yml"

SERVICES = tuple(PORTS)  # ingest, clean, tag, index
PROJECT_IMAGE_SERVICES = SERVICES + ("topics",)

# Grafana's template variables, replaced the way the integration test does.
GRAFANA_VARIABLES = {"$__rate_interval": "1m", "$__range": "5m", "$__interval": "15s"}

# Metrics that come from elsewhere than shared/metrics.py, with their labels.
PROMETHEUS_METRICS = {"up": set()}  # Prometheus's own per-target series
KAFKA_EXPORTER_METRICS = {  # danielqsj/kafka-exporter
    "kafka_consumergroup_lag": {"consumergroup", "topic", "partition"},
    "kafka_consumergroup_lag_sum": {"consumergroup", "topic"},
    "kafka_brokers": set(),
    "kafka_topic_partition_current_offset": {"topic", "partition"},
}
FAUST_PREFIX = "newsflow_faust_"  # Faust's Prometheus sensor, also on each service's /metrics
TARGET_LABELS = {"job", "instance"}


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: apt-get install -y --no-install-recommends {package}")
    return path


def _compose(*args: str) -> subprocess.CompletedProcess:
    """Run Debian's docker-compose on our file with no .env file and no GRAFANA_* variables,
    as on a fresh clone."""
    exe = _tool("docker-compose", "docker-compose")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAFANA_")}
    # An empty env file instead of the developer's .env, which compose would otherwise read.
    with tempfile.NamedTemporaryFile(suffix=".env") as empty_env_file:
        return subprocess.run([exe, "--env-file", empty_env_file.name, "-f", str(COMPOSE_FILE), *args],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def compose() -> dict:
    """The compose file as an engine sees it: anchors merged, variables interpolated."""
    done = _compose("config")
    assert done.returncode == 0, done.stderr
    return yaml.safe_load(done.stdout)


@pytest.fixture(scope="module")
def prometheus_config() -> dict:
    return yaml.safe_load((PROMETHEUS_DIR / "prometheus.yml").read_text())


@pytest.fixture(scope="module")
def dashboard() -> dict:
    return json.loads(DASHBOARD.read_text())


def _settings_env_names() -> set[str]:
    """The environment variables Settings reads, derived from its fields."""
    prefix = Settings.model_config.get("env_prefix", "")
    names = set()
    for field_name, field in Settings.model_fields.items():
        alias = field.validation_alias
        names.add(alias if isinstance(alias, str) else f"{prefix}{field_name}".upper())
    return names


def _published(service: dict) -> list[tuple[str, int, int]]:
    """(host ip, published port, container port) of a service, from compose's port syntax."""
    out = []
    for spec in service.get("ports", []):
        if isinstance(spec, dict):
            out.append((spec.get("host_ip", ""), int(spec["published"]), int(spec["target"])))
            continue
        match = re.fullmatch(r"(?:(?P<ip>[\d.]+):)?(?P<published>\d+):(?P<target>\d+)(?:/tcp)?", str(spec))
        assert match, f"unexpected port syntax {spec!r}"
        out.append((match["ip"] or "", int(match["published"]), int(match["target"])))
    return out


# --- compose ------------------------------------------------------------------------------

def test_compose_file_validates():
    done = _compose("config", "-q")
    assert done.returncode == 0, done.stderr


def test_compose_needs_no_variable_on_a_fresh_clone():
    done = _compose("config", "-q")
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr  # not even a warning about an unset variable
    assert "${" not in COMPOSE_FILE.read_text()


def test_grafana_admin_password_is_generated_once_into_a_volume_grafana_reads(compose, tmp_path):
    services = compose["services"]
    job, grafana = services["grafana-password"], services["grafana"]
    assert job["image"] == "newsflow:local" and job.get("restart", "no") == "no"
    assert grafana["depends_on"]["grafana-password"]["condition"] == "service_completed_successfully"
    env = grafana["environment"]
    assert "GF_SECURITY_ADMIN_PASSWORD" not in env  # no password in the file or the environment
    password_file = Path(env["GF_SECURITY_ADMIN_PASSWORD__FILE"])
    job_dir = {target: source for target, source in _mounts(job).items()}
    grafana_dir = _mounts(grafana)
    volume = grafana_dir[str(password_file.parent)]
    assert volume in compose["volumes"] and volume in job_dir.values()
    written_dir = next(target for target, source in job_dir.items() if source == volume)
    # Run the job's own command, pointed at a temporary folder instead of the volume.
    command = job["command"]
    assert command[:2] == ["python", "-c"] and written_dir in command[2]
    code = command[2].replace(written_dir, str(tmp_path))
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30)
    written = tmp_path / password_file.name
    first = written.read_text()
    assert len(first) >= 24 and first not in ("admin", "")
    assert written.stat().st_mode & 0o777 == 0o440  # root:root in the container; Grafana's group is root
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30)
    assert written.read_text() == first  # kept across restarts


def test_the_dashboard_opens_without_a_login_as_a_viewer_only(compose):
    env = compose["services"]["grafana"]["environment"]
    assert env["GF_AUTH_ANONYMOUS_ENABLED"] == "true"
    assert env["GF_AUTH_ANONYMOUS_ORG_ROLE"] == "Viewer"
    assert env["GF_USERS_ALLOW_SIGN_UP"] == "false"
    assert _published(compose["services"]["grafana"]) == [("127.0.0.1", 3000, 3000)]


def test_service_environment_is_read_by_the_settings(compose):
    known = _settings_env_names()
    assert "KAFKA_BOOTSTRAP_SERVERS" in known and "NEWSFLOW_WEB_PORT" in known
    for name in PROJECT_IMAGE_SERVICES:
        env = compose["services"][name].get("environment", {})
        assert env, f"{name} sets no environment"
        unknown = set(env) - known
        assert not unknown, f"{name} sets variables no code reads: {sorted(unknown)}"


def test_services_see_their_port_host_and_broker(compose, monkeypatch):
    """Settings built from each service's compose environment listen where compose expects."""
    internal_bootstrap = _kafka_internal_address(compose)
    for name in SERVICES:
        service = compose["services"][name]
        for key in _settings_env_names():
            monkeypatch.delenv(key, raising=False)
        for key, value in service["environment"].items():
            monkeypatch.setenv(key, str(value))
        settings = Settings()
        port = settings.port_of(name)
        assert port == PORTS[name]
        assert settings.web_host == "0.0.0.0"
        assert settings.kafka_bootstrap_servers == internal_bootstrap
        # Only index (the search API, one writer) publishes its port: the others can be
        # scaled to several replicas, which one fixed host port would refuse.
        assert _published(service) == ([("127.0.0.1", port, port)] if name == "index" else [])
        assert f"http://127.0.0.1:{port}/metrics" in " ".join(service["healthcheck"]["test"])


def test_services_run_their_worker_after_kafka_and_the_topics(compose):
    for name in SERVICES:
        service = compose["services"][name]
        # No -l: the worker logs at NEWSFLOW_LOG_LEVEL (a -l would override it).
        assert service["command"] == ["python", "-m", f"services.{name}.app", "worker"]
        assert service["environment"]["NEWSFLOW_LOG_LEVEL"]
        assert importlib.util.find_spec(f"services.{name}.app") is not None
        assert service["image"] == "newsflow:local" and service["build"]["context"] == str(ROOT)
        assert service["depends_on"]["kafka"]["condition"] == "service_healthy"
        assert service["depends_on"]["topics"]["condition"] == "service_completed_successfully"
        assert service["restart"] in ("always", "unless-stopped", "on-failure")


def test_topic_job_runs_the_cli_once(compose):
    from services.cli import parser

    job = compose["services"]["topics"]
    assert job["command"][:3] == ["newsflow", "topics", "create"]
    args = parser().parse_args(job["command"][1:])  # the CLI accepts exactly these arguments
    assert args.action == "create"
    assert job["depends_on"]["kafka"]["condition"] == "service_healthy"
    assert job.get("restart", "no") == "no"
    assert job["environment"]["KAFKA_BOOTSTRAP_SERVERS"] == _kafka_internal_address(compose)


def _kafka_internal_address(compose) -> str:
    env = compose["services"]["kafka"]["environment"]
    listeners = dict(item.split("://") for item in env["KAFKA_ADVERTISED_LISTENERS"].split(","))
    return listeners[env["KAFKA_INTER_BROKER_LISTENER_NAME"]]


def test_kafka_listeners_serve_containers_and_the_host(compose):
    kafka = compose["services"]["kafka"]
    env = kafka["environment"]
    assert kafka["image"] == "apache/kafka:4.1.1"
    assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"  # KRaft, one node
    assert int(env["KAFKA_MESSAGE_MAX_BYTES"]) == MAX_MESSAGE_BYTES
    advertised = dict(item.split("://") for item in env["KAFKA_ADVERTISED_LISTENERS"].split(","))
    bound = dict(item.split("://") for item in env["KAFKA_LISTENERS"].split(","))
    # Containers: the internal listener is advertised under the compose service name.
    host, port = _kafka_internal_address(compose).split(":")
    assert host == "kafka"
    assert bound[env["KAFKA_INTER_BROKER_LISTENER_NAME"]] == f":{port}"
    # The host: a listener advertised as localhost:9092 whose container port is published.
    external = [name for name, address in advertised.items() if address == "localhost:9092"]
    assert len(external) == 1
    assert bound[external[0]] == ":9092"
    assert ("127.0.0.1", 9092, 9092) in _published(kafka)
    # The healthcheck starts no JVM (tests/integration/test_kafka_healthcheck.py runs it).
    test = kafka["healthcheck"]["test"]
    assert test[:3] == ["CMD", "bash", "-c"] and "java" not in test[3] and ".sh" not in test[3]
    assert f"/dev/tcp/127.0.0.1/{port}" in test[3]


def _mounts(service: dict) -> dict[str, str]:
    """target -> source of a service's volumes, from compose's short or long syntax."""
    out = {}
    for volume in service.get("volumes", []):
        if isinstance(volume, dict):
            out[volume["target"]] = volume["source"]
        else:
            source, target = volume.split(":")[:2]
            out[target] = source
    return out


def test_named_volumes_hold_the_state(compose):
    assert set(compose["volumes"]) >= {"kafka-data", "index-data", "prometheus-data", "grafana-data"}
    services = compose["services"]
    assert _mounts(services["kafka"])[services["kafka"]["environment"]["KAFKA_LOG_DIRS"]] == "kafka-data"
    assert _mounts(services["index"])[services["index"]["environment"]["NEWSFLOW_INDEX_DIR"]] == "index-data"
    assert _mounts(services["prometheus"])["/prometheus"] == "prometheus-data"
    assert _mounts(services["grafana"])["/var/lib/grafana"] == "grafana-data"


def test_kafka_exporter_speaks_a_protocol_kafka_4_accepts(compose):
    exporter = compose["services"]["kafka-exporter"]
    assert exporter["image"].startswith("danielqsj/kafka-exporter:")
    flags = dict(arg.lstrip("-").split("=", 1) for arg in exporter["command"])
    assert flags["kafka.server"] == _kafka_internal_address(compose)
    assert int(flags["kafka.version"].split(".")[0]) >= 3


def test_grafana_provisioning_is_mounted_where_grafana_looks(compose):
    grafana = compose["services"]["grafana"]
    mounts = _mounts(grafana)
    assert Path(mounts["/etc/grafana/provisioning"]) == GRAFANA_DIR / "provisioning"
    providers = yaml.safe_load(DASHBOARD_PROVIDERS.read_text())["providers"]
    dashboards_path = providers[0]["options"]["path"]
    assert Path(mounts[dashboards_path]) == DASHBOARD.parent
    assert grafana["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"] == f"{dashboards_path}/{DASHBOARD.name}"
    datasource = yaml.safe_load(DATASOURCES.read_text())["datasources"][0]
    host, port = re.fullmatch(r"http://([\w-]+):(\d+)", datasource["url"]).groups()
    assert host in compose["services"] and ("127.0.0.1", int(port), int(port)) in _published(compose["services"][host])


def test_prometheus_gets_this_folder_as_its_config(compose):
    prometheus = compose["services"]["prometheus"]
    assert Path(_mounts(prometheus)["/etc/prometheus"]) == PROMETHEUS_DIR
    assert "--config.file=/etc/prometheus/prometheus.yml" in prometheus["command"]


# --- the healthcheck command itself -------------------------------------------------------

class _Metrics(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        self.send_response(200 if self.path == "/metrics" else 404)
        self.end_headers()
        self.wfile.write(b"up 1\n")

    def log_message(self, *args):
        pass


def test_healthcheck_command_passes_on_metrics_and_fails_without(compose):
    """Run a service's healthcheck (python, as in the image) against a real HTTP server."""
    test = compose["services"]["ingest"]["healthcheck"]["test"]
    assert test[0] == "CMD" and test[1] == "python"
    server = HTTPServer(("127.0.0.1", 0), _Metrics)
    port = server.server_address[1]
    command = [sys.executable, *[arg.replace(":6066/", f":{port}/") for arg in test[2:]]]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        assert subprocess.run(command, timeout=30).returncode == 0
    finally:
        server.shutdown()
        server.server_close()
    assert subprocess.run(command, timeout=30, capture_output=True).returncode != 0


# --- Dockerfile ---------------------------------------------------------------------------

def test_dockerfile_builds_in_stages_and_runs_unprivileged():
    text = (ROOT / "Dockerfile").read_text()
    stages = re.findall(r"^FROM\s+(\S+)", text, re.M)
    assert len(stages) >= 2, "multi-stage: a build stage and a slim runtime stage"
    assert re.search(r"^ARG PYTHON_IMAGE=python:3\.11-slim", text, re.M)
    users = re.findall(r"^USER\s+(\S+)", text, re.M)
    assert users and users[-1] not in ("root", "0")
    assert "-r requirements.txt" in text and "--require-hashes -r requirements-model.txt" in text
    assert "pip install --no-deps ." in text
    allowed = {line[1:].rstrip("/") for line in (ROOT / ".dockerignore").read_text().splitlines()
               if line.startswith("!")}
    for sources in re.findall(r"^COPY\s+(?!--from)(.+)\s+\S+$", text, re.M):
        for source in sources.split():
            assert source in allowed, f"COPY {source}: excluded from the build context by .dockerignore"
            assert (ROOT / source).exists(), f"COPY {source}: no such file"


# --- Prometheus ---------------------------------------------------------------------------

def test_promtool_accepts_the_config_and_rules():
    promtool = _tool("promtool", "prometheus")
    done = subprocess.run([promtool, "check", "config", "prometheus.yml"], cwd=PROMETHEUS_DIR,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_alert_rules_pass_their_unit_tests():
    promtool = _tool("promtool", "prometheus")
    done = subprocess.run([promtool, "test", "rules", "alerts_test.yml"], cwd=PROMETHEUS_DIR,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_scrape_target_is_a_compose_service_on_its_port(compose, prometheus_config):
    services = compose["services"]
    jobs = {}
    for job in prometheus_config["scrape_configs"]:
        # Every replica of a service, found by DNS (compose answers a service name with one
        # address per container), or a fixed target.
        targets = [f"{name}:{sd['port']}" for sd in job.get("dns_sd_configs", []) for name in sd["names"]]
        targets += [t for sc in job.get("static_configs", []) for t in sc["targets"]]
        jobs[job["job_name"]] = targets
        for target in targets:
            host, port = target.rsplit(":", 1)
            if job["job_name"] == "prometheus":
                assert host == "localhost" and ("127.0.0.1", int(port), int(port)) in _published(services["prometheus"])
                continue
            assert host in services, f"{target}: no compose service {host}"
            assert int(port) == _listen_port(services[host]), f"{target}: {host} listens elsewhere"
    by_name = {job["job_name"]: job for job in prometheus_config["scrape_configs"]}
    for name in SERVICES:  # one job per service, named after it (dashboard and alerts use job=)
        assert jobs[name] == [f"{name}:{PORTS[name]}"]
        assert by_name[name]["dns_sd_configs"][0]["type"] == "A"


def _listen_port(service: dict) -> int:
    env = service.get("environment", {})
    if "NEWSFLOW_WEB_PORT" in env:
        return int(env["NEWSFLOW_WEB_PORT"])
    for arg in service.get("command", []):
        if arg.startswith("--web.listen-address="):
            return int(arg.rsplit(":", 1)[1])
    raise AssertionError(f"cannot tell which port {service.get('image')} listens on")


def test_prometheus_loads_the_rule_file(prometheus_config):
    rule_files = prometheus_config["rule_files"]
    assert rule_files == ["alerts.yml"] and (PROMETHEUS_DIR / "alerts.yml").exists()


# --- PromQL: names used by the dashboard and the alerts ------------------------------------

_LABEL_LIST = re.compile(r"\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)")
_KEYWORDS = {"and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring",
             "group_left", "group_right", "inf", "nan"}


def promql_names(expr: str) -> tuple[set[str], set[str]]:
    """(metric names, label names) an expression uses. Enough PromQL for our expressions."""
    labels = set()
    for _, names in _LABEL_LIST.findall(expr):
        labels |= {n.strip() for n in names.split(",") if n.strip()}
    for matchers in re.findall(r"\{([^}]*)\}", expr):
        labels |= set(re.findall(r"([A-Za-z_]\w*)\s*(?:=~|!~|!=|=)", matchers))
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    text = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", text)
    text = _LABEL_LIST.sub(" ", text)
    text = re.sub(r"\boffset\s+\w+", " ", text)
    metrics = set()
    for match in re.finditer(r"(?<![\w.])[A-Za-z_:][\w:]*", text):
        if text[match.end():].lstrip().startswith("(") or match.group() in _KEYWORDS:
            continue  # a function or an aggregation, not a metric
        metrics.add(match.group())
    return metrics, labels


def test_promql_names_reads_metrics_and_labels():
    metrics, labels = promql_names(
        'histogram_quantile(0.95, sum by (service, le) (rate(newsflow_processing_seconds_bucket'
        '{job="index"}[$__rate_interval]))) / on (service) up offset 5m and kafka_brokers > 0')
    assert metrics == {"newsflow_processing_seconds_bucket", "up", "kafka_brokers"}
    assert labels == {"service", "le", "job"}


def newsflow_series() -> dict[str, set[str]]:
    """Every series name shared/metrics.py can export, with its labels."""
    registry = CollectorRegistry()
    m = Metrics(registry)
    for metric in vars(m).values():
        labelnames = getattr(metric, "_labelnames", ())
        if labelnames:
            metric = metric.labels(*["x"] * len(labelnames))
        if hasattr(metric, "inc"):
            metric.inc()
        elif hasattr(metric, "observe"):
            metric.observe(1)
        elif hasattr(metric, "info"):
            metric.info({"version": "x"})
    series: dict[str, set[str]] = {}
    for family in registry.collect():
        for sample in family.samples:
            series.setdefault(sample.name, set()).update(sample.labels)
    return series


def _dashboard_targets(dashboard: dict) -> list[tuple[dict, dict]]:
    return [(panel, target) for panel in dashboard["panels"] for target in panel.get("targets", [])]


def _alert_rules() -> list[dict]:
    groups = yaml.safe_load((PROMETHEUS_DIR / "alerts.yml").read_text())["groups"]
    return [rule for group in groups for rule in group["rules"]]


def _expand(expr: str) -> str:
    for variable, value in GRAFANA_VARIABLES.items():
        expr = expr.replace(variable, value)
    return expr


def test_every_metric_and_label_used_is_exported(dashboard):
    known = {**newsflow_series(), **PROMETHEUS_METRICS, **KAFKA_EXPORTER_METRICS}
    assert "newsflow_messages_total" in known and "newsflow_end_to_end_seconds_bucket" in known
    expressions = [t["expr"] for _, t in _dashboard_targets(dashboard)] + [r["expr"] for r in _alert_rules()]
    for expr in expressions:
        metrics, labels = promql_names(_expand(expr))
        assert metrics, f"no metric in {expr!r}"
        available = set(TARGET_LABELS)
        for name in metrics:
            if name.startswith(FAUST_PREFIX):
                continue
            assert name in known, f"{name} (in {expr!r}) is exported by nothing we run"
            available |= known[name]
        assert labels <= available, f"{expr!r} uses labels {sorted(labels - available)} its metrics lack"


def test_every_panel_queries_the_provisioned_datasource(dashboard):
    datasources = yaml.safe_load(DATASOURCES.read_text())["datasources"]
    assert len(datasources) == 1
    provisioned = {"type": datasources[0]["type"], "uid": datasources[0]["uid"]}
    queried = [p for p in dashboard["panels"] if p["type"] != "row"]
    assert len(queried) >= 15
    for panel in queried:
        assert panel["datasource"] == provisioned, panel["title"]
        assert panel["targets"], f"{panel['title']} has no query"
        for target in panel["targets"]:
            assert target.get("datasource", provisioned) == provisioned, panel["title"]
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids)), "panel ids must be unique"


def test_dashboard_covers_what_the_issue_asks_for(dashboard):
    """Each required view has a panel querying the metric behind it."""
    exprs = " ".join(t["expr"] for _, t in _dashboard_targets(dashboard))
    for needle in ("newsflow_messages_total", "newsflow_deadletters_total",
                   "newsflow_processing_seconds_bucket", "newsflow_consumer_lag",
                   "newsflow_end_to_end_seconds_bucket", "newsflow_entities_total",
                   "newsflow_boilerplate_lines_removed_total", "newsflow_index_documents",
                   "newsflow_search_seconds_bucket", "kafka_consumergroup_lag"):
        assert needle in exprs, f"no panel uses {needle}"
    for quantile in ("0.5", "0.95", "0.99"):
        assert f"histogram_quantile({quantile}, sum by (service, le) (rate(newsflow_processing_seconds_bucket" in exprs


def test_promtool_parses_every_dashboard_query(dashboard, tmp_path):
    """Each panel query, with Grafana's variables filled in, as a recording rule for promtool."""
    promtool = _tool("promtool", "prometheus")
    rules = [{"record": f"dashboard:panel{panel['id']}_{target['refId']}", "expr": _expand(target["expr"])}
             for panel, target in _dashboard_targets(dashboard)]
    rule_file = tmp_path / "dashboard_rules.yml"
    rule_file.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}))
    done = subprocess.run([promtool, "check", "rules", str(rule_file)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{len(rules)} rules found" in done.stdout


def test_alerts_cover_what_the_issue_asks_for():
    by_name = {rule["alert"]: rule for rule in _alert_rules()}
    assert "newsflow_deadletters_total" in by_name["NewsflowDeadLetters"]["expr"]
    assert "newsflow_consumer_lag" in by_name["NewsflowConsumerLagGrowing"]["expr"]
    assert by_name["NewsflowConsumerLagGrowing"]["for"] == "10m"
    assert 'up{job=~"ingest|clean|story|tag|index"}' in by_name["NewsflowServiceDown"]["expr"]
    assert "newsflow_end_to_end_seconds_bucket" in by_name["NewsflowEndToEndLatencyHigh"]["expr"]
    # Kafka or its exporter unreachable, and a stage with lag that processes nothing.
    assert 'up{job="kafka-exporter"} == 0' in by_name["NewsflowKafkaExporterDown"]["expr"]
    assert "kafka_topic_partition_current_offset" in by_name["NewsflowKafkaUnreachable"]["expr"]
    stalled = by_name["NewsflowStageStalled"]
    assert "newsflow_consumer_lag" in stalled["expr"] and "newsflow_messages_total" in stalled["expr"]
    assert stalled["for"] == "10m"
    for rule in by_name.values():
        assert rule["annotations"]["summary"] and rule["labels"]["severity"] in ("warning", "critical")


def _github_anchor(heading: str) -> str:
    """The fragment GitHub gives a Markdown heading: lower case, punctuation dropped, spaces to -."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_docs_describe_every_alert_where_its_runbook_url_points():
    doc_path = ROOT / "docs" / "monitoring.md"
    anchors = {_github_anchor(line.lstrip("#")) for line in doc_path.read_text().splitlines() if line.startswith("#")}
    for rule in _alert_rules():
        url = rule["annotations"].get("runbook_url", "")
        path, _, anchor = url.partition("#")
        assert (ROOT / path) == doc_path, f"{rule['alert']}: runbook_url {url!r} is not docs/monitoring.md"
        assert anchor in anchors, f"{rule['alert']}: docs/monitoring.md has no section #{anchor}"
        assert anchor.startswith(rule["alert"].lower()), f"{rule['alert']}: #{anchor} is another alert's section"

