#!/usr/bin/env bash
# Read-replica benchmark: how much of the primary's time the national summary and the by-site map cost with and
# without stockbridge.db.read-url. It makes a PostgreSQL primary and a hot standby streaming from it (initdb,
# pg_basebackup -R) on free loopback ports, both with pg_stat_statements, loads the reference data and the demo stock
# into the primary through the service's first start, then runs the same requests against
#   A. the service on the primary alone, and
#   B. the service with the standby as its read url,
# and prints, per request, the primary's statement execution time (pg_stat_statements total_exec_time of every
# statement but those the idle service runs by itself: the feed sequencer, the replica checks) and the standby's, and
# the ratio B / A.
#
# Usage: benchmarks/read-replica.sh [requests per endpoint, default 200]
# Environment:
#   STOCKBRIDGE_PG_BIN  the PostgreSQL binaries (initdb, pg_ctl, pg_basebackup); default the newest
#                       /usr/lib/postgresql/N/bin (Debian's postgresql package), the embedded one has no pg_basebackup
#   BENCH_DEMO_DAYS     days of demo history (default 365)
#   BENCH_NO_BUILD      1: measure the api/target/stockbridge.jar already built
# Needs psql and curl; as root, the servers run as the postgres user.
set -euo pipefail
cd "$(dirname "$0")/.."
requests="${1:-200}"
bin="${STOCKBRIDGE_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1)}"
[ -x "$bin/pg_basebackup" ] || { echo "no pg_basebackup in '$bin': apt-get install postgresql" >&2; exit 1; }
command -v psql > /dev/null || apt-get install -y -qq postgresql-client > /dev/null

[ "${BENCH_NO_BUILD:-}" = 1 ] || ./mvnw -q -B -DskipTests package
dir=$(mktemp -d)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" != 0 ] || chown postgres:postgres "$dir"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
primary_port=$(free_port)
standby_port=$(free_port)
app_pid=""
cleanup() {
  [ -z "$app_pid" ] || { kill "$app_pid" 2> /dev/null || true; wait "$app_pid" 2> /dev/null || true; }
  as_pg "$bin/pg_ctl" -D "$dir/standby" -m immediate stop > /dev/null 2>&1 || true
  as_pg "$bin/pg_ctl" -D "$dir/primary" -m immediate stop > /dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

common="-c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c shared_preload_libraries=pg_stat_statements"
common="$common -c pg_stat_statements.track=all -c max_connections=100"
as_pg "$bin/initdb" -D "$dir/primary" -U postgres -A trust -E UTF8 --locale=C > /dev/null
as_pg "$bin/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w \
  -o "-p $primary_port -c wal_level=replica -c max_wal_senders=4 $common" start > /dev/null
as_pg "$bin/pg_basebackup" -D "$dir/standby" -R -X stream -h 127.0.0.1 -p "$primary_port" -U postgres
as_pg "$bin/pg_ctl" -D "$dir/standby" -l "$dir/standby.log" -w -o "-p $standby_port -c hot_standby=on $common" \
  start > /dev/null
primary="postgresql://postgres@127.0.0.1:$primary_port/postgres"
standby="postgresql://postgres@127.0.0.1:$standby_port/postgres"
psql "$primary" -qc "CREATE EXTENSION pg_stat_statements"

start_app() { # more arguments
  app_port=$(free_port)
  java -Xmx2g -jar api/target/stockbridge.jar --server.port="$app_port" --stockbridge.db.url="$primary" \
    --stockbridge.security.local-issuer.enabled=true \
    --stockbridge.security.local-issuer.key-file="$dir/local-issuer-key.json" \
    --stockbridge.security.rate-limit.requests-per-second=1000000 \
    --stockbridge.forecast.train-on-start=false --stockbridge.forecast.schedule=- \
    --stockbridge.shortages.load-on-start=false --stockbridge.demo.days="${BENCH_DEMO_DAYS:-365}" \
    --management.endpoint.health.probes.enabled=true --logging.level.root=WARN "$@" > "$dir/app.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 1800); do
    curl -fs "localhost:$app_port/actuator/health/readiness" > /dev/null 2>&1 && break
    kill -0 "$app_pid" 2> /dev/null || { tail -n 50 "$dir/app.log"; exit 1; }
    sleep 1
  done
  token=$(curl -fs -X POST "localhost:$app_port/auth/local-token?client=admin")
}
stop_app() { kill "$app_pid"; wait "$app_pid" 2> /dev/null || true; app_pid=""; }

exec_ms() { # url: milliseconds of statement execution since the last reset, background statements left out
  psql "$1" -Atc "SELECT round(coalesce(sum(total_exec_time), 0)::numeric, 3) FROM pg_stat_statements
                  WHERE query NOT LIKE '%pg_stat_statements%' AND queryid <> ALL ('{${background:-0}}'::bigint[])"
}
reset() { psql "$primary" -Atc "SELECT pg_stat_statements_reset()" > /dev/null
          psql "$standby" -Atc "SELECT pg_stat_statements_reset()" > /dev/null; }
# The statements the idle service runs by itself (the feed sequencer every 0.2 s, the replica checks), by queryid.
learn_background() {
  reset
  sleep 6
  background=$( { psql "$primary" -Atc "SELECT queryid FROM pg_stat_statements"; \
                  psql "$standby" -Atc "SELECT queryid FROM pg_stat_statements"; } | paste -sd, -)
}
# Prints "primary-ms-per-request standby-ms-per-request" for $requests GETs of a path.
measure() { # path
  local busy_primary busy_standby
  for _ in $(seq 1 20); do curl -fs -o /dev/null -H "Authorization: Bearer $token" "localhost:$app_port$1"; done
  reset
  for _ in $(seq 1 "$requests"); do curl -fs -o /dev/null -H "Authorization: Bearer $token" "localhost:$app_port$1"; done
  busy_primary=$(exec_ms "$primary")
  busy_standby=$(exec_ms "$standby")
  awk -v p="$busy_primary" -v s="$busy_standby" -v n="$requests" 'BEGIN { printf "%.3f %.3f\n", p / n, s / n }'
}

summary="/api/v1/stock/summary?limit=100"
map="/api/v1/stock/by-site?kind=DRUG&limit=100"
start_app
echo "read-replica benchmark: $requests requests per endpoint, $(nproc) cores, PostgreSQL $("$bin/postgres" -V | awk '{print $3}')," \
  "app $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- api infra || echo '+changes')," \
  "$(psql "$primary" -Atc 'SELECT count(*) FROM balance') balances, $(psql "$primary" -Atc 'SELECT count(*) FROM site') sites"
echo "load before: $(uptime | sed 's/.*load average/load average/')"
learn_background
read -r a_summary _ < <(measure "$summary")
read -r a_map _ < <(measure "$map")
stop_app
start_app --stockbridge.db.read-url="$standby"
learn_background
read -r b_summary b_summary_standby < <(measure "$summary")
read -r b_map b_map_standby < <(measure "$map")
stop_app
report() { # name a b b-standby
  awk -v n="$1" -v a="$2" -v b="$3" -v s="$4" 'BEGIN {
    printf "%-16s primary ms/request: without read url %8.3f  with %8.3f  ratio with/without %.4f  (standby %8.3f)\n",
      n, a, b, (a > 0 ? b / a : 0), s }'
}
report "national summary" "$a_summary" "$b_summary" "$b_summary_standby"
report "by-site map" "$a_map" "$b_map" "$b_map_standby"
echo "load after: $(uptime | sed 's/.*load average/load average/')"
