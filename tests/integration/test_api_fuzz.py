"""schemathesis against docs/openapi.yaml and the running search API: generated requests,
valid and invalid, never get a 500, and every response matches the documented schema.

(schemathesis' own pytest plugin does not run under this pytest, so the test drives its
strategies with hypothesis directly.)"""
from __future__ import annotations

import schemathesis
import yaml
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.support import ROOT

EXAMPLES_PER_OPERATION = 150


def test_the_search_api_answers_every_request_as_documented(pipeline):
    document = yaml.safe_load((ROOT / "docs" / "openapi.yaml").read_text())
    schema = schemathesis.openapi.from_dict(document)
    schema.config.update(base_url=pipeline.search_url)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/search", "/articles/{id}", "/health"}
    calls = []
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck),
                  database=None)
        def answers_as_documented(case):
            # Not positive_data_acceptance: a schema-valid string can still be bad query
            # syntax, or `since` after `until` (a documented 400).
            response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
            calls.append(response.status_code)
            assert response.status_code < 500

        answers_as_documented()
    assert len(calls) >= len(operations) * 10 and 200 in calls and 400 in calls
