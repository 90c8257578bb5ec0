#!/usr/bin/env bash
# Makes sure a Docker engine and a registry on 127.0.0.1:5000 answer (up), or stops what up started (down).
# Where `docker info` already works, that engine is used as it is. Otherwise, as root on Debian, the
# packages docker.io, docker-registry and busybox-static are installed when missing and the daemons are
# started in the background, with logs and data under /var/tmp/patchrun-engine/. openssh-server is
# installed when missing too (the Git-over-SSH tests start sshd themselves); nothing starts it here.
set -euo pipefail

STATE=/var/tmp/patchrun-engine
REGISTRY_ADDR=127.0.0.1:5000
PACKAGES=(docker.io docker-registry busybox-static)

say() { printf 'engine.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

engine_answers() { docker info >/dev/null 2>&1; }
registry_answers() { curl -fsS -o /dev/null --max-time 2 "http://$REGISTRY_ADDR/v2/" 2>/dev/null; }

wait_for() { # what, seconds, command...
  local what=$1 seconds=$2; shift 2
  local i
  for ((i = 0; i < seconds * 4; i++)); do
    "$@" && return 0
    sleep 0.25
  done
  die "$what did not answer within ${seconds}s; see $STATE/*.log"
}

can_install() {
  [ "$(id -u)" = 0 ] || die "no Docker engine answers and installing one needs root (run as root, or start an engine and set DOCKER_HOST)"
  command -v apt-get >/dev/null || die "no Docker engine answers and this is not Debian (no apt-get): install Docker and a registry on $REGISTRY_ADDR by hand"
}

install_missing() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  [ -x /bin/busybox ] || missing+=(busybox-static)
  command -v curl >/dev/null || missing+=(curl)
  [ ${#missing[@]} = 0 ] && return 0
  can_install
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >"$STATE/apt.log" 2>&1 || die "apt-get update failed; see $STATE/apt.log"
  # The packages try to start their services through init, which is refused here; that is harmless.
  if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$STATE/apt.log" 2>&1; then
    command -v dockerd >/dev/null && command -v docker-registry >/dev/null && [ -x /bin/busybox ] \
      || die "installing ${missing[*]} failed; see $STATE/apt.log"
  fi
}

start_engine() {
  engine_answers && return 0
  can_install
  say "starting dockerd (log: $STATE/dockerd.log)"
  nohup dockerd --data-root "$STATE/docker" --pidfile "$STATE/dockerd.pid" >"$STATE/dockerd.log" 2>&1 &
  wait_for "dockerd" 60 engine_answers
}

start_registry() {
  registry_answers && return 0
  command -v docker-registry >/dev/null || die "no registry answers on $REGISTRY_ADDR and docker-registry is not installed"
  mkdir -p "$STATE/registry"
  cat >"$STATE/registry.yml" <<YML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $STATE/registry
  delete:
    enabled: true
http:
  addr: $REGISTRY_ADDR
YML
  say "starting the registry on $REGISTRY_ADDR (log: $STATE/registry.log)"
  nohup docker-registry serve "$STATE/registry.yml" >"$STATE/registry.log" 2>&1 &
  echo $! >"$STATE/registry.pid"
  wait_for "the registry" 30 registry_answers
}

# The Git-over-SSH tests start an sshd of their own (Debian's openssh-server) on a free 127.0.0.1 port.
install_sshd() {
  [ -x /usr/sbin/sshd ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    say "openssh-server is not installed and this is not root on Debian: the Git-over-SSH tests will be skipped"
    return 0
  fi
  say "installing openssh-server"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends openssh-server; } >>"$STATE/apt.log" 2>&1 \
    || die "installing openssh-server failed; see $STATE/apt.log"
}

stop_pidfile() { # name, pidfile
  local pid
  [ -f "$2" ] || return 0
  pid=$(cat "$2")
  if kill -0 "$pid" 2>/dev/null; then
    say "stopping $1 (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  fi
  rm -f "$2"
}

case "${1:-}" in
  up)
    mkdir -p "$STATE"
    install_sshd
    if engine_answers && registry_answers; then exit 0; fi
    if ! engine_answers || ! command -v docker-registry >/dev/null || [ ! -x /bin/busybox ]; then
      install_missing
    fi
    start_engine
    start_registry
    say "engine and registry answer ($(docker version --format '{{.Server.Version}}' 2>/dev/null), $REGISTRY_ADDR)"
    ;;
  down)
    stop_pidfile registry "$STATE/registry.pid"
    stop_pidfile dockerd "$STATE/dockerd.pid"
    ;;
  *)
    echo "usage: config/engine.sh up|down" >&2
    exit 2
    ;;
esac
