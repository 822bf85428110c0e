#!/usr/bin/env bash
# `make dev`: a local Kafka and the five services, without Docker. Logs in var/logs/.
# Ctrl-C stops everything. KAFKA_BOOTSTRAP_SERVERS set means: use that broker instead.
# NEWSFLOW_INDEX_BACKEND=opensearch: the index goes to OpenSearch at NEWSFLOW_OPENSEARCH_URL,
# or, if that is unset, to a local node this script starts on 127.0.0.1:9200 (var/opensearch).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p var/logs
pids=()
own_kafka=""
own_opensearch=""

stop_all() {  # exits with the status the script was exiting with: 0 on Ctrl-C, 1 if a service died
  local status=$?
  trap - INT TERM EXIT
  echo; echo "stopping..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$own_kafka" ]; then bash deploy/kafka/kafka.sh stop var/kafka; fi
  if [ -n "$own_opensearch" ]; then bash deploy/opensearch/opensearch.sh stop var/opensearch; fi
  echo "stopped."
  exit "$status"
}
trap stop_all EXIT
trap 'exit 0' INT TERM

if [ -z "${KAFKA_BOOTSTRAP_SERVERS:-}" ]; then
  port=${NEWSFLOW_DEV_KAFKA_PORT:-9092}
  export KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$port"
  if python3 deploy/kafka/ready.py "$KAFKA_BOOTSTRAP_SERVERS"; then
    echo "using the broker already answering on $KAFKA_BOOTSTRAP_SERVERS"
  else
    own_kafka=1
    bash deploy/kafka/kafka.sh start "$port" var/kafka
  fi
fi
if [ "${NEWSFLOW_INDEX_BACKEND:-tantivy}" = opensearch ] && [ -z "${NEWSFLOW_OPENSEARCH_URL:-}" ]; then
  os_port=${NEWSFLOW_DEV_OPENSEARCH_PORT:-9200}
  export NEWSFLOW_OPENSEARCH_URL="http://127.0.0.1:$os_port"
  if bash deploy/opensearch/opensearch.sh wait "$os_port" 1 2>/dev/null; then
    echo "using the OpenSearch node already answering on $NEWSFLOW_OPENSEARCH_URL"
  else
    bash deploy/opensearch/opensearch.sh fetch
    own_opensearch=1
    bash deploy/opensearch/opensearch.sh start "$os_port" var/opensearch
  fi
fi
export NEWSFLOW_DATA_DIR="${NEWSFLOW_DATA_DIR:-var}"
.venv/bin/newsflow topics create
for service in ingest clean story tag index; do
  .venv/bin/python -m "services.$service.app" worker >"var/logs/$service.log" 2>&1 &
  pids+=($!)
  echo "started $service (pid $!, log var/logs/$service.log)"
done
cat <<MSG

newsflow is running on Kafka $KAFKA_BOOTSTRAP_SERVERS, index: ${NEWSFLOW_INDEX_BACKEND:-tantivy}${NEWSFLOW_OPENSEARCH_URL:+ at $NEWSFLOW_OPENSEARCH_URL}. Try:
  .venv/bin/newsflow push ../shared/corpus/seed/article.txt
  .venv/bin/newsflow search Kremlin
Metrics: http://127.0.0.1:6066/metrics (ingest) 6067 (clean) 6071 (story) 6068 (tag) 6069 (index; search API)
Ctrl-C stops everything.
MSG
while true; do
  for i in "${!pids[@]}"; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      echo "a service exited; see var/logs/. stopping the rest."
      exit 1
    fi
  done
  sleep 2
done
