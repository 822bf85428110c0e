"""Session-wide rules: with NEWSFLOW_REQUIRE_INTEGRATION=1 (as `make test` sets), a run in
which an integration test was skipped, or none passed, fails."""
from __future__ import annotations

import os

_integration = {"passed": 0, "skipped": 0}


def pytest_runtest_logreport(report):
    if "integration" not in report.keywords:
        return
    if report.skipped:
        _integration["skipped"] += 1
    elif report.when == "call" and report.passed:
        _integration["passed"] += 1


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("NEWSFLOW_REQUIRE_INTEGRATION") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    problem = None
    if _integration["skipped"]:
        problem = f"{_integration['skipped']} integration test(s) were skipped"
    elif not _integration["passed"]:
        problem = "no integration test passed against a real Kafka broker"
    if problem:
        if reporter:
            reporter.write_line(f"NEWSFLOW_REQUIRE_INTEGRATION: {problem}: failing the run", red=True)
        session.exitstatus = 1
