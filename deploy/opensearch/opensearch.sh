#!/usr/bin/env bash
# A real single-node OpenSearch 2.19 from Maven Central, without Docker.
#
#   opensearch.sh fetch                  fetch the distribution and the analysis-common module
#                                        once, unpack them into deploy/opensearch/.cache/
#   opensearch.sh start PORT DATA_DIR    start a node on 127.0.0.1:PORT in the background with
#                                        its data, logs and config in DATA_DIR; wait until green
#   opensearch.sh run PORT DATA_DIR      the same, in the foreground (Ctrl-C stops it)
#   opensearch.sh stop DATA_DIR          stop the node started on DATA_DIR
#   opensearch.sh wait PORT [SECONDS]    wait until a node on PORT answers (default 180 s)
#
# OpenSearch refuses to run as root. Run as root (as CI and these machines do), the script
# creates a system user (newsflow-os, or $OPENSEARCH_USER) if it is missing and runs the node
# as that user through runuser; DATA_DIR is handed to that user. The node listens on
# 127.0.0.1 only and has no security plugin: it is for tests and local development.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
version=2.19.4
cache="$here/.cache"
home="$cache/opensearch-$version"
os_user="${OPENSEARCH_USER:-newsflow-os}"
heap="${OPENSEARCH_HEAP:-512m}"

die() { echo "opensearch.sh: $*" >&2; exit 1; }

fetch() {
  if [ -f "$home/.complete" ]; then return 0; fi
  command -v mvn >/dev/null || die "Maven (mvn) is needed to fetch OpenSearch"
  command -v unzip >/dev/null || command -v python3 >/dev/null || die "unzip or python3 is needed"
  rm -rf "$cache/download" "$home"
  mvn -B -q -f "$here/pom.xml" dependency:copy-dependencies -DexcludeTransitive=true \
      -DoutputDirectory="$cache/download" || die "could not fetch OpenSearch from Maven Central"
  python3 -m zipfile -e "$cache/download/opensearch-$version.zip" "$cache"
  chmod +x "$home"/bin/*
  local module="$home/modules/analysis-common"
  mkdir -p "$module"
  cp "$cache/download/analysis-common-$version.jar" "$module/"
  # Written like the distribution's own transport-netty4 descriptor.
  cat > "$module/plugin-descriptor.properties" <<PROPS
description=Adds "built in" analyzers to OpenSearch.
version=$version
name=analysis-common
classname=org.opensearch.analysis.common.CommonAnalysisPlugin
java.version=11
opensearch.version=$version
custom.foldername=
extended.plugins=
has.native.controller=false
PROPS
  chmod -R a+rX "$home"
  rm -rf "$cache/download"
  touch "$home/.complete"
}

as_user() {  # run a command as the unprivileged user when we are root
  if [ "$(id -u)" != 0 ]; then "$@"; return; fi
  id "$os_user" >/dev/null 2>&1 || useradd -r -M -s /usr/sbin/nologin "$os_user" \
    || die "could not create the user $os_user to run OpenSearch as (it refuses root)"
  runuser -u "$os_user" -- "$@"
}

prepare() {  # DATA_DIR: a config folder, data and logs owned by whoever runs the node
  local data=$1
  [ -f "$home/.complete" ] || die "OpenSearch is not fetched yet: run '$0 fetch'"
  mkdir -p "$data/data" "$data/logs" "$data/tmp"
  rm -rf "$data/config"
  cp -r "$home/config" "$data/config"
  # jvm.options names the GC log, error file and heap dumps relative to the (read-only) home.
  sed -i -e "s#logs/#$data/logs/#g" -e "s#HeapDumpPath=data#HeapDumpPath=$data/data#" "$data/config/jvm.options"
  if [ "$(id -u)" = 0 ]; then
    as_user true
    chown -R "$os_user" "$data"
    as_user test -x "$data" || die "user $os_user cannot reach $data (a parent folder is private)"
    if ! as_user test -r "$home/lib"; then
      # The checkout sits in a folder private to root (/root, say): run a copy kept where
      # the unprivileged user can read it.
      local shared_home="/var/tmp/newsflow-opensearch-$version"
      if [ ! -f "$shared_home/.complete" ]; then
        rm -rf "$shared_home"
        cp -r "$home" "$shared_home"
        chmod -R a+rX "$shared_home"
      fi
      home=$shared_home
    fi
  fi
}

node() {  # PORT DATA_DIR EXTRA_ARGS...
  local port=$1 data=$2; shift 2
  local tport
  tport=$(free_port)
  as_user env OPENSEARCH_PATH_CONF="$data/config" OPENSEARCH_TMPDIR="$data/tmp" \
    OPENSEARCH_JAVA_OPTS="-Xms$heap -Xmx$heap" OPENSEARCH_JAVA_HOME="$(java_home)" PATH="$PATH" \
    "$home/bin/opensearch" -Ediscovery.type=single-node -Enetwork.host=127.0.0.1 \
    -Ehttp.port="$port" -Etransport.port="$tport" -Epath.data="$data/data" -Epath.logs="$data/logs" \
    -Ecluster.routing.allocation.disk.threshold_enabled=false -Enode.name=newsflow "$@"
}

java_home() {  # the integ-test distribution bundles no JDK: use the machine's Java 17
  if [ -n "${OPENSEARCH_JAVA_HOME:-}" ]; then echo "$OPENSEARCH_JAVA_HOME"; return; fi
  if [ -n "${JAVA_HOME:-}" ]; then echo "$JAVA_HOME"; return; fi
  command -v java >/dev/null || die "Java 17 is needed to run OpenSearch"
  dirname "$(dirname "$(readlink -f "$(command -v java)")")"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

wait_ready() {  # PORT [SECONDS]
  local port=$1 seconds=${2:-180} deadline
  deadline=$(( $(date +%s) + seconds ))
  while (( $(date +%s) < deadline )); do
    if python3 - "$port" <<'PY' 2>/dev/null; then return 0; fi
import json, sys, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/_cluster/health?wait_for_status=yellow&timeout=1s"
with urllib.request.urlopen(url, timeout=3) as response:
    sys.exit(0 if json.load(response)["status"] in ("green", "yellow") else 1)
PY
    sleep 1
  done
  echo "opensearch.sh: no node answered on 127.0.0.1:$port within ${seconds}s" >&2
  return 1
}

cmd=${1:-}
case "$cmd" in
  fetch) fetch ;;
  start)
    [ $# -eq 3 ] || die "usage: $0 start PORT DATA_DIR"
    port=$2; data=$(mkdir -p "$3" && cd "$3" && pwd)
    prepare "$data"
    node "$port" "$data" -d -p "$data/opensearch.pid" >"$data/opensearch.out" 2>&1 \
      || { tail -n 40 "$data/opensearch.out" >&2; die "OpenSearch did not start"; }
    wait_ready "$port" "${OPENSEARCH_START_SECONDS:-180}" \
      || { tail -n 40 "$data/logs/"*.log >&2 2>/dev/null; "$0" stop "$data"; exit 1; }
    echo "OpenSearch $version on http://127.0.0.1:$port (data in $data)"
    ;;
  run)
    [ $# -eq 3 ] || die "usage: $0 run PORT DATA_DIR"
    port=$2; data=$(mkdir -p "$3" && cd "$3" && pwd)
    prepare "$data"
    node "$port" "$data"
    ;;
  stop)
    [ $# -eq 2 ] || die "usage: $0 stop DATA_DIR"
    pidfile="$2/opensearch.pid"
    [ -f "$pidfile" ] || exit 0
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
    rm -f "$pidfile"
    ;;
  wait) wait_ready "${2:?usage: $0 wait PORT [SECONDS]}" "${3:-180}" ;;
  *) die "usage: $0 fetch | start PORT DATA_DIR | run PORT DATA_DIR | stop DATA_DIR | wait PORT [SECONDS]" ;;
esac
