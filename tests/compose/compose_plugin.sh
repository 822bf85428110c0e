#!/usr/bin/env bash
# Make `docker compose` (Compose v2) available. Debian has only docker-compose 1.29, so
# Compose v2 is built from the Go module proxy once into tests/compose/.cache/ (git-ignored)
# and installed as a Docker CLI plugin. `go install ...@version` refuses the module because
# of its exclude directives, hence `go build` in a writable copy of the module directory.
set -euo pipefail
VERSION=v2.40.3
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="$here/.cache"
binary="$cache/docker-compose-$VERSION"
plugin="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins/docker-compose"

if docker compose version --short 2>/dev/null | grep -qx "${VERSION#v}"; then
  exit 0
fi
if [[ ! -x "$binary" ]]; then
  command -v go >/dev/null || { echo "compose_plugin.sh: Go is needed to build Compose $VERSION" >&2; exit 1; }
  mkdir -p "$cache"
  echo "building Docker Compose $VERSION from the Go module proxy (a few minutes, once)" >&2
  dir="$(go mod download -json "github.com/docker/compose/v2@$VERSION" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["Dir"])')"
  work="$(mktemp -d)"
  trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
  cp -r "$dir/." "$work/"
  chmod -R u+w "$work"
  (cd "$work" && nice -n 10 go build -trimpath \
     -ldflags "-s -w -X github.com/docker/compose/v2/internal.Version=$VERSION" \
     -o "$binary.tmp" ./cmd)
  mv "$binary.tmp" "$binary"
fi
mkdir -p "$(dirname "$plugin")"
install -m 0755 "$binary" "$plugin"
docker compose version
