#!/usr/bin/env bash
# Make the upstream images docker-compose.yml names available to the local engine.
#
#   build.sh IMAGE...     e.g. build.sh python:3.11-slim-bookworm apache/kafka:4.1.1
#
# For each image: use it if the engine has it, else pull it (short timeout), and only when it
# cannot be pulled (Docker Hub does not answer on the CI machines) build the local stand-in
# from this folder under the same name and tag. README.md says what each stand-in mirrors.
# Exit status 3: an image that cannot be pulled and has no stand-in (Grafana, kafka-exporter).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
BASE=newsflow-standin/debian:bookworm
PULL_TIMEOUT="${STANDIN_PULL_TIMEOUT:-20}"

log() { echo "standins: $*" >&2; }
die() { log "$*"; exit 1; }

# The Debian mirror the host's apt sources name (deb822 .sources files or one-line lists).
host_mirror() {
  local url
  url="$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | awk '$2 ~ /\/debian\/?$/ {print $2; exit}')"
  [[ -n "$url" ]] || url="$(grep -hsE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
                            | awk '$2 ~ /\/debian\/?$/ {print $2; exit}')"
  echo "${url:-http://deb.debian.org/debian}"
}

# Debian bookworm (minbase) that trusts the host's CA bundle: containers here reach the
# package registries only through that trust store.
build_base() {
  docker image inspect "$BASE" >/dev/null 2>&1 && return 0
  command -v debootstrap >/dev/null || die "debootstrap is needed to build $BASE (apt-get install debootstrap)"
  local bundle=/etc/ssl/certs/ca-certificates.crt mirror rootfs
  [[ -s "$bundle" ]] || die "no host CA bundle at $bundle (Debian's ca-certificates package)"
  mirror="$(host_mirror)"
  rootfs="$(mktemp -d)"
  trap 'rm -rf "$rootfs"' RETURN
  log "debootstrap bookworm from $mirror (about 1.5 minutes, once)"
  nice -n 10 debootstrap --variant=minbase --include=ca-certificates bookworm "$rootfs" "$mirror" \
    > "$rootfs.log" 2>&1 || { tail -n 30 "$rootfs.log" >&2; die "debootstrap failed"; }
  rm -f "$rootfs.log"
  cat > "$rootfs/etc/apt/sources.list" <<LIST
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${mirror%/debian*}/debian-security bookworm-security main
LIST
  install -m 0644 "$bundle" "$rootfs/usr/local/share/ca-certificates/host-ca-bundle.crt"
  chroot "$rootfs" update-ca-certificates >/dev/null
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8' \
    -c 'CMD ["bash"]' - "$BASE" >/dev/null
  log "built $BASE"
}

# The Kafka stand-in needs deploy/kafka's broker jars plus the kafka-tools artifact (the
# classes behind kafka-broker-api-versions.sh), fetched once into .cache/kafka-libs and
# copied with the stand-in's files into one build context (the engine's classic builder
# has no extra build contexts).
kafka_context() {
  local libs="$here/.cache/kafka-libs" ctx="$here/.cache/kafka-context"
  bash "$repo/deploy/kafka/kafka.sh" fetch >&2
  if [[ ! -f "$libs/.complete" ]]; then
    rm -rf "$libs"; mkdir -p "$libs"
    cp "$repo/deploy/kafka/.cache/libs/"*.jar "$libs/"
    mvn -B -q -f "$here/kafka/pom.xml" dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$libs" >&2 || die "could not fetch kafka-tools"
    touch "$libs/.complete"
  fi
  rm -rf "$ctx"; mkdir -p "$ctx/libs"
  cp -r "$here/kafka/." "$ctx/"
  cp "$libs/"*.jar "$ctx/libs/"
  echo "$ctx"
}

standin_dir() {
  case "$1" in
    python:3.11-slim-bookworm) echo python ;;
    apache/kafka:4.1.1) echo kafka ;;
    prom/prometheus:v2.53.0) echo prometheus ;;
    *) return 1 ;;
  esac
}

ensure() {
  local image=$1 dir
  if docker image inspect "$image" >/dev/null 2>&1; then
    log "$image: present"; return 0
  fi
  if timeout "$PULL_TIMEOUT" docker pull -q "$image" >/dev/null 2>&1; then
    log "$image: pulled"; return 0
  fi
  if ! dir="$(standin_dir "$image")"; then
    log "$image cannot be pulled within ${PULL_TIMEOUT}s and has no stand-in"
    exit 3
  fi
  log "$image cannot be pulled within ${PULL_TIMEOUT}s: building the stand-in from tests/compose/standins/$dir"
  build_base
  local context="$here/$dir"
  [[ $dir == kafka ]] && context="$(kafka_context)"
  # The classic builder: the engine's BuildKit would fetch its frontend from Docker Hub.
  DOCKER_BUILDKIT=0 nice -n 10 docker build -q --build-arg "BASE=$BASE" -t "$image" "$context" \
    >/dev/null || die "building the stand-in for $image failed"
  docker image inspect "$image" >/dev/null 2>&1 || die "$image still missing after its build"
  log "$image: stand-in built"
}

(($#)) || die "usage: build.sh IMAGE... (or: build.sh --base)"
if [[ $1 == --base ]]; then build_base; exit; fi
for image in "$@"; do ensure "$image"; done
