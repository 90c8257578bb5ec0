#!/usr/bin/env bash
# Makes sure a Docker engine, a registry on 127.0.0.1:5000 and a registry that wants a login on
# 127.0.0.1:5001 answer (up), or stops what up started (down).
# Where `docker info` already works, that engine is used as it is. Otherwise, as root on Debian, the
# packages docker.io, docker-registry, busybox-static and apache2-utils (htpasswd) are installed when
# missing and the daemons are started in the background, with logs and data under /var/tmp/patchrun-engine/.
# openssh-server is installed when missing too (the Git-over-SSH tests start sshd themselves); nothing
# starts it here. So is postgresql (the PostgreSQL tests run initdb and pg_ctl in a folder of their own).
set -euo pipefail

STATE=/var/tmp/patchrun-engine
REGISTRY_ADDR=127.0.0.1:5000
# The tests of private registries log in here; the login is only good for this local test registry.
LOGIN_REGISTRY_ADDR=127.0.0.1:5001
LOGIN_REGISTRY_USER=patchrun
LOGIN_REGISTRY_PASSWORD=local-test-login

say() { printf 'engine.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

engine_answers() { docker info >/dev/null 2>&1; }
registry_answers() { curl -fsS -o /dev/null --max-time 2 "http://$REGISTRY_ADDR/v2/" 2>/dev/null; }
# It answers 401 to anyone, 200 to its user.
login_registry_answers() {
  curl -fsS -o /dev/null --max-time 2 -u "$LOGIN_REGISTRY_USER:$LOGIN_REGISTRY_PASSWORD" "http://$LOGIN_REGISTRY_ADDR/v2/" 2>/dev/null
}

wait_for() { # what, seconds, command...
  local what=$1 seconds=$2; shift 2
  local i
  for ((i = 0; i < seconds * 4; i++)); do
    "$@" && return 0
    sleep 0.25
  done
  die "$what did not answer within ${seconds}s; see $STATE/*.log"
}

can_install() { # why: what is missing
  [ "$(id -u)" = 0 ] || die "$1 and installing it needs root (run as root, or start an engine and set DOCKER_HOST, and registries on $REGISTRY_ADDR and $LOGIN_REGISTRY_ADDR)"
  command -v apt-get >/dev/null || die "$1 and this is not Debian (no apt-get): install Docker, a registry on $REGISTRY_ADDR and one that wants a login on $LOGIN_REGISTRY_ADDR by hand"
}

install_missing() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  [ -x /bin/busybox ] || missing+=(busybox-static)
  command -v curl >/dev/null || missing+=(curl)
  command -v htpasswd >/dev/null || missing+=(apache2-utils)
  [ ${#missing[@]} = 0 ] && return 0
  can_install "${missing[*]} is missing"
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >"$STATE/apt.log" 2>&1 || die "apt-get update failed; see $STATE/apt.log"
  # The packages try to start their services through init, which is refused here; that is harmless.
  if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$STATE/apt.log" 2>&1; then
    command -v dockerd >/dev/null && command -v docker-registry >/dev/null && [ -x /bin/busybox ] \
      && command -v htpasswd >/dev/null || die "installing ${missing[*]} failed; see $STATE/apt.log"
  fi
}

start_engine() {
  engine_answers && return 0
  can_install "no Docker engine answers"
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

# The PostgreSQL tests make and start a server of their own (Debian's postgresql) on a free 127.0.0.1 port.
install_postgresql() {
  compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    say "postgresql is not installed and this is not root on Debian: the PostgreSQL tests will be skipped"
    return 0
  fi
  say "installing postgresql"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql; } >>"$STATE/apt.log" 2>&1 \
    || die "installing postgresql failed; see $STATE/apt.log"
}

start_login_registry() {
  login_registry_answers && return 0
  command -v docker-registry >/dev/null || die "no registry answers on $LOGIN_REGISTRY_ADDR and docker-registry is not installed"
  command -v htpasswd >/dev/null || die "no registry answers on $LOGIN_REGISTRY_ADDR and htpasswd (apache2-utils) is not installed"
  mkdir -p "$STATE/login-registry"
  htpasswd -Bbc "$STATE/login-registry.htpasswd" "$LOGIN_REGISTRY_USER" "$LOGIN_REGISTRY_PASSWORD" 2>/dev/null
  cat >"$STATE/login-registry.yml" <<YML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $STATE/login-registry
  delete:
    enabled: true
auth:
  htpasswd:
    realm: patchrun-test
    path: $STATE/login-registry.htpasswd
http:
  addr: $LOGIN_REGISTRY_ADDR
YML
  say "starting the registry that wants a login on $LOGIN_REGISTRY_ADDR (log: $STATE/login-registry.log)"
  nohup docker-registry serve "$STATE/login-registry.yml" >"$STATE/login-registry.log" 2>&1 &
  echo $! >"$STATE/login-registry.pid"
  wait_for "the registry on $LOGIN_REGISTRY_ADDR" 30 login_registry_answers
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
    install_postgresql
    if engine_answers && registry_answers && login_registry_answers; then exit 0; fi
    if ! engine_answers || ! command -v docker-registry >/dev/null || [ ! -x /bin/busybox ] \
        || ! command -v htpasswd >/dev/null; then
      install_missing
    fi
    start_engine
    start_registry
    start_login_registry
    say "engine and registries answer ($(docker version --format '{{.Server.Version}}' 2>/dev/null), $REGISTRY_ADDR, $LOGIN_REGISTRY_ADDR)"
    ;;
  down)
    stop_pidfile "login registry" "$STATE/login-registry.pid"
    stop_pidfile registry "$STATE/registry.pid"
    stop_pidfile dockerd "$STATE/dockerd.pid"
    ;;
  *)
    echo "usage: config/engine.sh up|down" >&2
    exit 2
    ;;
esac
