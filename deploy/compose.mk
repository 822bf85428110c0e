# Docker Compose verbs, included by the Makefile (`include deploy/compose.mk`).
#
#   make up                  build the image, create the topics, start everything (detached)
#   make down                stop and remove the containers (volumes stay; `docker compose down -v` wipes them)
#   make logs [SERVICE=tag]  follow the logs of all services, or of one
#   make push FILE=path      push a file or folder to news.raw through the compose Kafka
#   make grafana-password    print Grafana's admin password (generated at first start)
#   make compose-test        the compose file for real on a Docker engine (tests/compose/)
#
# push runs the `newsflow` client in a one-off container of the project image on the compose
# network, so it reaches Kafka at kafka:19092 (the INTERNAL listener) and needs nothing on the
# host but Docker. FILE is mounted read-only under /input with its own name, because the
# client picks the format by extension (.json, .jsonl, else one article per file); the
# container runs as an unprivileged user, so FILE must be world-readable. From the host,
# `.venv/bin/newsflow push --bootstrap localhost:9092 FILE` works too (the EXTERNAL listener).

COMPOSE ?= docker compose
SERVICE ?=

.PHONY: up down logs push grafana-password compose-test

up: ## docker compose: build the image, create the topics, start everything (detached)
	$(COMPOSE) up -d --build
	@echo "search API http://localhost:6069/search?q=...  Grafana http://localhost:3000  Prometheus http://localhost:9090"

down: ## docker compose: stop and remove the containers (volumes stay)
	$(COMPOSE) down

logs: ## docker compose: follow the logs (SERVICE=tag for one service)
	$(COMPOSE) logs -f --tail=200 $(SERVICE)

push: ## docker compose: push FILE=path (file or folder) to news.raw via the compose Kafka
	@test -n "$(FILE)" || { echo "usage: make push FILE=path/to/file-or-folder" >&2; exit 2; }
	@test -e "$(FILE)" || { echo "make push: $(FILE) does not exist" >&2; exit 2; }
	$(COMPOSE) run --rm --no-deps \
	  -v "$(abspath $(FILE)):/input/$(notdir $(abspath $(FILE))):ro" \
	  ingest newsflow push "/input/$(notdir $(abspath $(FILE)))"

grafana-password: ## docker compose: print Grafana's admin password (user admin; generated at first start)
	@$(COMPOSE) run --rm --no-deps -T grafana-password >/dev/null
	@$(COMPOSE) run --rm --no-deps -T grafana-password cat /run/grafana/admin-password; echo

# The Debian base of the stand-ins (debootstrap, mostly download) is made while Compose v2
# compiles (CPU); on a fresh machine that overlaps the two longest steps. If the base fails,
# the test itself tries again and fails with the reason.
compose-test: venv ## docker compose up for real: build, push, restart, down/up, scale, down -v (needs a Docker engine)
	@mkdir -p var; flock var/compose-prepare.lock bash -c \
	  'bash tests/compose/standins/build.sh --base & base=$$!; bash tests/compose/compose_plugin.sh; plugin=$$?; wait $$base; exit $$plugin'
	$(PY) -m tests.compose.run_compose_test
