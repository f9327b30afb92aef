#!/usr/bin/env bash
# Records the build logs BuildLogParserTest reads: the engine's own JSON message stream of three
# legacy-builder builds (POST /build, as docker-java receives it), one message a line.
#
#   success.jsonl      a two-stage build that succeeds
#   failing-step.jsonl a build whose RUN step exits 3
#   tls-failure.jsonl  a build whose RUN step fetches from an HTTPS server it does not trust
#
# Needs a Docker engine on /var/run/docker.sock (or DOCKER_SOCKET) with the legacy builder, the
# images scylla-ci/busybox:local and debian:trixie-slim, curl and openssl. It removes the images
# it made; the tags it uses are scylla-build-log-test:*.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
socket="${DOCKER_SOCKET:-/var/run/docker.sock}"
bridge="${BRIDGE_ADDRESS:-172.17.0.1}"
port="${TLS_PORT:-18443}"
work="$(mktemp -d)"
server_pid=""

cleanup() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# record NAME DOCKERFILE: builds the Dockerfile's text as scylla-build-log-test:NAME, no cache.
record() {
  local name="$1" dockerfile="$2" context="$work/$1" layer
  mkdir -p "$context"
  printf '%s\n' "$dockerfile" >"$context/Dockerfile"
  tar -C "$context" -cf "$work/$name.tar" Dockerfile
  docker images -aq --no-trunc | sort -u >"$work/before"
  curl -sS --unix-socket "$socket" -X POST -H 'Content-Type: application/x-tar' \
    --data-binary "@$work/$name.tar" \
    "http://localhost/v1.41/build?t=scylla-build-log-test:$name&rm=1&forcerm=1&nocache=1&pull=0" \
    | tr -d '\r' | sed '/^$/d' >"$here/$name.jsonl"
  docker rmi "scylla-build-log-test:$name" >/dev/null 2>&1 || true
  # Layers of the steps that ran are left untagged. Remove those this build made (new since it
  # started, named in its log, still untagged); never the base images or anyone else's.
  docker images -aq --no-trunc | sort -u >"$work/after"
  comm -13 "$work/before" "$work/after" | while read -r layer; do
    if grep -q "${layer#sha256:}" "$here/$name.jsonl" \
      || grep -q "${layer:7:12}" "$here/$name.jsonl"; then
      if [[ "$(docker image inspect --format '{{len .RepoTags}}' "$layer")" == 0 ]]; then
        docker rmi "$layer" >/dev/null || true
      fi
    fi
  done
}

record success "FROM scylla-ci/busybox:local AS greeting
RUN echo hello > /greeting
FROM scylla-ci/busybox:local
COPY --from=greeting /greeting /greeting
RUN cat /greeting"

record failing-step "FROM scylla-ci/busybox:local
RUN echo preparing
RUN echo compiling && exit 3"

openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=scylla-build-log-test -days 1 \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
openssl s_server -quiet -accept "$port" -cert "$work/cert.pem" -key "$work/key.pem" -www \
  >/dev/null 2>&1 &
server_pid=$!
sleep 1
record tls-failure "FROM debian:trixie-slim
RUN /usr/lib/apt/apt-helper download-file https://$bridge:$port/index.html /tmp/index.html"
