#!/usr/bin/env bash
# Starts the PostgreSQL and Redis servers that the persistence tests run against, on loopback only,
# installing Debian's packages first when they are missing (needs root or sudo for that step; nginx,
# for the production-layout test, is installed the same way).
# Idempotent: a server already answering on its port is reused (tests make their own database
# and Redis key prefix, so two checkouts can share one pair of servers).
#   scripts/services.sh          start (or reuse) both; prints `export ...` lines for the tests
#   scripts/services.sh stop     stop the servers this checkout started
# Ports: RECSYS_TEST_PG_PORT (55432), RECSYS_TEST_REDIS_PORT (56379). Data: var/services/.
set -euo pipefail
cd "$(dirname "$0")/.."
PG_PORT="${RECSYS_TEST_PG_PORT:-55432}"
REDIS_PORT="${RECSYS_TEST_REDIS_PORT:-56379}"
PG_USER=recsys
PG_PASSWORD="${RECSYS_TEST_PG_PASSWORD:-recsys-test-only}"
DIR="$(pwd)/var/services"
log() { printf '[services] %s\n' "$*" >&2; }

SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
apt_install() {
  if [ "$(id -u)" != "0" ] && [ -z "$SUDO" ]; then
    log "ERROR: $* missing and this user cannot install it; run: apt-get install $*"
    exit 1
  fi
  log "installing Debian packages: $*"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

if [ "${1:-start}" = "stop" ]; then
  bin=$(pg_bin)
  if [ -n "$bin" ] && [ -f "$DIR/pg/postmaster.pid" ]; then
    if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$DIR/pg" -m fast stop || true
    else "$bin/pg_ctl" -D "$DIR/pg" -m fast stop || true; fi
  fi
  [ -f "$DIR/redis.pid" ] && kill "$(cat "$DIR/redis.pid")" 2>/dev/null || true
  exit 0
fi

missing=()
[ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/postgres" ] || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# nginx: the load balancer of the production-layout test (tests/integration/test_production_hosts.py);
# Debian's package does not start it here (no init), the test runs its own.
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing+=(nginx)
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
PG_BIN=$(pg_bin)
mkdir -p "$DIR"

# PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres system user.
as_pg() { if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
  log "PostgreSQL already answering on 127.0.0.1:$PG_PORT; reusing it"
else
  if [ ! -f "$DIR/pg/PG_VERSION" ]; then
    rm -rf "$DIR/pg"; mkdir -p "$DIR/pg"
    printf '%s\n' "$PG_PASSWORD" > "$DIR/pg.pw"
    if [ "$(id -u)" = "0" ]; then chown postgres "$DIR/pg" "$DIR/pg.pw"; chmod o+x "$DIR" "$(dirname "$DIR")"; fi
    as_pg "$PG_BIN/initdb" -D "$DIR/pg" -U "$PG_USER" --pwfile="$DIR/pg.pw" --auth=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
    rm -f "$DIR/pg.pw"
  fi
  # In the cluster's own config, so a plain `pg_ctl start` (the outage test restarts it) keeps them.
  as_pg tee "$DIR/pg/postgresql.auto.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$DIR/pg'
max_connections = 300
CONF
  log "starting PostgreSQL on 127.0.0.1:$PG_PORT (data: $DIR/pg)"
  started=0
  for attempt in 1 2 3; do
    if as_pg "$PG_BIN/pg_ctl" -D "$DIR/pg" -l "$DIR/pg/server.log" -w -t 60 start >/dev/null; then started=1; break; fi
    # Another server may still hold the port while it shuts down, or may have just come up: wait, then reuse or retry.
    for _ in $(seq 1 20); do "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && break; sleep 1; done
    if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
      log "PostgreSQL answering on 127.0.0.1:$PG_PORT after a failed start; reusing it"; started=1; break
    fi
    log "PostgreSQL did not start (attempt $attempt of 3): $(tail -n 3 "$DIR/pg/server.log" 2>/dev/null | tr '\n' ' ')"
  done
  if [ "$started" != 1 ]; then
    log "ERROR: PostgreSQL could not be started on 127.0.0.1:$PG_PORT; see $DIR/pg/server.log"
    exit 1
  fi
fi

if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  log "Redis already answering on 127.0.0.1:$REDIS_PORT; reusing it"
else
  log "starting Redis on 127.0.0.1:$REDIS_PORT"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --pidfile "$DIR/redis.pid" \
    --logfile "$DIR/redis.log" --dir "$DIR" --save "" --appendonly no --protected-mode yes
  for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

echo "export RECSYS_TEST_POSTGRES_URL='postgresql+psycopg://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/postgres'"
echo "export RECSYS_TEST_REDIS_URL='redis://127.0.0.1:$REDIS_PORT/0'"
echo "export RECSYS_TEST_PG_BIN='$PG_BIN' RECSYS_TEST_PG_DATA='$DIR/pg'"
