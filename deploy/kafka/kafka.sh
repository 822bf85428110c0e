#!/usr/bin/env bash
# A real single-node Apache Kafka (KRaft) from Maven Central jars, without Docker.
#
#   kafka.sh fetch                      fetch the jars once into deploy/kafka/.cache/libs
#   kafka.sh start PORT DATA_DIR        format DATA_DIR (first time), start the broker in the
#                                       background, wait until it answers a metadata request
#   kafka.sh run PORT DATA_DIR          the same, in the foreground (Ctrl-C stops it)
#   kafka.sh stop DATA_DIR              stop the broker started on DATA_DIR, cleanly
#   kafka.sh wait PORT [SECONDS]        wait until a broker on PORT answers (default 120 s)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
libs="$here/.cache/libs"
heap="${KAFKA_HEAP:-512m}"
java_opts=(-Xmx"$heap" -Xms"$heap" -XX:+UseG1GC -Djava.awt.headless=true
           -Dlog4j2.configurationFile="$here/log4j2.properties")

die() { echo "kafka.sh: $*" >&2; exit 1; }

fetch() {
  if [ -f "$libs/.complete" ]; then return 0; fi
  command -v mvn >/dev/null || die "Maven (mvn) is needed to fetch the Kafka jars"
  rm -rf "$libs"
  mvn -B -q -f "$here/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$libs" || die "could not fetch the Kafka jars"
  ls "$libs"/kafka_2.13-*.jar >/dev/null 2>&1 || die "no kafka_2.13 jar after the fetch"
  touch "$libs/.complete"
}

kafka_java() { java "${java_opts[@]}" -cp "$libs/*" "$@"; }

write_config() {  # PORT DATA_DIR
  local port=$1 data=$2 cport
  cport=$(free_port)
  mkdir -p "$data/logs"
  cat > "$data/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$data/logs
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
message.max.bytes=16777216
replica.fetch.max.bytes=16777216
PROPS
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

format() {  # DATA_DIR
  local data=$1
  [ -f "$data/logs/meta.properties" ] && return 0
  local id
  id=$(kafka_java kafka.tools.StorageTool random-uuid)
  kafka_java kafka.tools.StorageTool format -t "$id" -c "$data/server.properties" -g >"$data/format.log" 2>&1 \
    || { cat "$data/format.log" >&2; die "formatting $data failed"; }
}

wait_ready() {  # PORT [SECONDS]
  local port=$1 seconds=${2:-120} deadline
  deadline=$(( $(date +%s) + seconds ))
  while (( $(date +%s) < deadline )); do
    python3 "$here/ready.py" "127.0.0.1:$port" && return 0
    sleep 0.5
  done
  echo "kafka.sh: no broker answered a metadata request on 127.0.0.1:$port within ${seconds}s" >&2
  return 1
}

prepare() {  # PORT DATA_DIR
  fetch
  command -v java >/dev/null || die "Java 17 is needed to run Kafka"
  local port=$1 data
  mkdir -p "$2"; data=$(cd "$2" && pwd)
  # Keep the controller port of an existing data dir: the quorum is formatted with it.
  if [ ! -f "$data/server.properties" ]; then write_config "$port" "$data"; fi
  sed -i "s#^listeners=PLAINTEXT://127.0.0.1:[0-9]*#listeners=PLAINTEXT://127.0.0.1:$port#; s#^advertised.listeners=.*#advertised.listeners=PLAINTEXT://127.0.0.1:$port#" "$data/server.properties"
  format "$data"
  echo "$data"
}

start() {  # PORT DATA_DIR
  local port=$1 data
  data=$(prepare "$1" "$2")
  if [ -f "$data/kafka.pid" ] && kill -0 "$(cat "$data/kafka.pid")" 2>/dev/null; then
    die "a broker already runs on $data (pid $(cat "$data/kafka.pid"))"
  fi
  nohup java "${java_opts[@]}" -Dkafka.logs.dir="$data" -cp "$libs/*" kafka.Kafka "$data/server.properties" \
    >"$data/kafka.out" 2>&1 &
  echo $! > "$data/kafka.pid"
  if ! wait_ready "$port" "${KAFKA_START_TIMEOUT:-120}"; then
    tail -n 40 "$data/kafka.out" >&2
    stop "$data"
    die "the broker did not become ready"
  fi
  echo "kafka ready on 127.0.0.1:$port (data $data, pid $(cat "$data/kafka.pid"))"
}

run() {  # PORT DATA_DIR
  local data
  data=$(prepare "$1" "$2")
  exec java "${java_opts[@]}" -Dkafka.logs.dir="$data" -cp "$libs/*" kafka.Kafka "$data/server.properties"
}

stop() {  # DATA_DIR
  local pidfile="$1/kafka.pid" pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$pidfile"
}

case "${1:-}" in
  fetch) fetch ;;
  start) [ $# -eq 3 ] || die "usage: kafka.sh start PORT DATA_DIR"; start "$2" "$3" ;;
  run)   [ $# -eq 3 ] || die "usage: kafka.sh run PORT DATA_DIR"; run "$2" "$3" ;;
  stop)  [ $# -eq 2 ] || die "usage: kafka.sh stop DATA_DIR"; stop "$2" ;;
  wait)  [ $# -ge 2 ] || die "usage: kafka.sh wait PORT [SECONDS]"; wait_ready "$2" "${3:-120}" ;;
  *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
