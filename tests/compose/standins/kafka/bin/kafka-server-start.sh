#!/usr/bin/env bash
# kafka-server-start.sh server.properties: the broker, as Kafka's own script starts it.
[[ $# -ge 1 ]] || { echo "USAGE: $0 server.properties" >&2; exit 1; }
export KAFKA_LOG4J_OPTS="${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=/opt/kafka/config/log4j2.properties}"
export KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx1G -Xms1G}"
exec /opt/kafka/bin/kafka-run-class.sh kafka.Kafka "$@"
