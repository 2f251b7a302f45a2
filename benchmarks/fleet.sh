#!/usr/bin/env bash
# The fleet test: three replicas of the service on loopback ports, one PostgreSQL database, and a client that proves
# what must hold across replicas. Phases:
#   1. load    workers post movements round-robin over the replicas with Idempotency-Keys, retrying a connection
#              error, 5xx or 429 with the same key on the next replica, and sending every fifth key's first try to
#              two replicas at once; replica C is killed with SIGKILL a third of the way in and restarted at once
#   2. feed    a follower long-polls GET /api/v1/changes?wait=20 on replica B while single movements are posted on A
#              and C, one at a time; the time from each post to its arrival at the follower
#   3. rate    one client sends reads round-robin to all three as fast as it can; accepted requests a second against
#              the per-client limit (stockbridge.security.rate-limit.requests-per-second, lowered for the test)
# then checks, in the database: every acknowledged key applied exactly once, an unacknowledged one at most once, a
# refused one never; every balance equal to the sum of its movements. Prints one table and exits 1 when a check fails.
#
# Usage: benchmarks/fleet.sh
# Environment:
#   FLEET_JAR              the service jar to run; given, nothing is built (CI passes the jar ./mvnw verify built);
#                          unset, the script builds api/target/stockbridge.jar first
#   FLEET_PG_URL           the PostgreSQL server (default postgresql://postgres@127.0.0.1:5432); a database of its own
#                          is created there and dropped at the end
#   FLEET_REDIS_URL        passed to every replica as stockbridge.redis.url (default redis://127.0.0.1:6379)
#   FLEET_LOAD_SECONDS     length of the load phase (default 45); FLEET_LOAD_WORKERS its concurrent posters (8)
#   FLEET_FEED_PROBES      movements the feed phase posts (default 24), FLEET_FEED_INTERVAL_MS their mean spacing
#                          (2500, each 0.8-1.2 times that): above 2 s, so a change that does not wake the follower
#                          at once is late whatever comes after it
#   FLEET_RATE_SECONDS     length of the rate phase (default 20); FLEET_RATE_THREADS its concurrent callers (16)
#   FLEET_RATE_LIMIT       the per-client limit the replicas are given (default 20 requests a second);
#                          the rate check needs the client to offer at least twice that
#   FLEET_HEAP             each replica's -Xmx (default 512m)
#   FLEET_APP_ARGS         more arguments for every replica
#   FLEET_KEEP             a directory to keep the replicas' logs and the client's key file in (default: deleted)
# Needs psql, curl and python3 (a free port).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
pg="${FLEET_PG_URL:-postgresql://postgres@127.0.0.1:5432}"
redis="${FLEET_REDIS_URL:-redis://127.0.0.1:6379}"
load_seconds="${FLEET_LOAD_SECONDS:-45}"
load_workers="${FLEET_LOAD_WORKERS:-8}"
probes="${FLEET_FEED_PROBES:-24}"
probe_interval="${FLEET_FEED_INTERVAL_MS:-2500}"
rate_seconds="${FLEET_RATE_SECONDS:-20}"
rate_threads="${FLEET_RATE_THREADS:-16}"
rate_limit="${FLEET_RATE_LIMIT:-20}"
heap="${FLEET_HEAP:-512m}"
command -v psql > /dev/null || apt-get install -y -qq postgresql-client > /dev/null

if [ -n "${FLEET_JAR:-}" ]; then
  jar="$FLEET_JAR"
else
  ./mvnw -q -B -DskipTests package
  jar=api/target/stockbridge.jar
fi
[ -f "$jar" ] || { echo "fleet test: no service jar at $jar (build it with ./mvnw -DskipTests package)" >&2; exit 1; }

work=$(mktemp -d)
db="fleet_$(date +%s)_$$"
declare -A pid=()
declare -A port=()
load=""
cleanup() {
  local status=$?
  [ -z "$load" ] || kill "$load" 2> /dev/null || true
  for name in "${!pid[@]}"; do kill "${pid[$name]}" 2> /dev/null || true; done
  for name in "${!pid[@]}"; do wait "${pid[$name]}" 2> /dev/null || true; done
  psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" 2> /dev/null || true
  if [ -n "${FLEET_KEEP:-}" ]; then
    mkdir -p "$FLEET_KEEP" && cp -r "$work"/. "$FLEET_KEEP"/
  fi
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

javac -d "$work/client" benchmarks/fleet/FleetClient.java
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
psql "$pg/postgres" -qc "CREATE DATABASE $db"
for name in a b c; do port[$name]=$(free_port); done

# One replica. Every replica shares the database and the local issuer's key file, so a token from any is accepted by
# all. Start-up work the test does not need is off: the demo stock, the shortage files, the forecast job. Small pools
# keep three replicas (and a fourth during the restart) well inside the server's max_connections; the client
# compiler only (TieredStopAtLevel=1) halves a restart on two busy cores, and the test measures no throughput.
start() { # name
  local name="$1"
  mkdir -p "$work/$name"
  java -Xmx"$heap" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar" --server.port="${port[$name]}" \
    --stockbridge.db.url="$pg/$db" \
    --stockbridge.db.pool.jdbc-max-size=4 --stockbridge.db.pool.r2dbc-max-size=8 \
    --stockbridge.redis.url="$redis" \
    --stockbridge.security.local-issuer.enabled=true \
    --stockbridge.security.local-issuer.key-file="$work/local-issuer-key.json" \
    --stockbridge.security.rate-limit.requests-per-second="$rate_limit" \
    --stockbridge.ingest.upload-directory="$work/$name/uploads" \
    --stockbridge.demo.enabled=false --stockbridge.shortages.load-on-start=false \
    --stockbridge.forecast.train-on-start=false --stockbridge.forecast.schedule=- \
    --management.endpoint.health.probes.enabled=true \
    ${FLEET_APP_ARGS:-} >> "$work/$name/app.log" 2>&1 &
  pid[$name]=$!
}
await_ready() { # name
  local name="$1"
  for _ in $(seq 1 360); do
    curl -fs "127.0.0.1:${port[$name]}/actuator/health/readiness" > /dev/null 2>&1 && return 0
    if ! kill -0 "${pid[$name]}" 2> /dev/null; then
      tail -n 40 "$work/$name/app.log" >&2
      echo "replica $name died" >&2
      exit 1
    fi
    sleep 0.5
  done
  tail -n 40 "$work/$name/app.log" >&2
  echo "replica $name was not ready in 180 s" >&2
  exit 1
}
url() { echo "http://127.0.0.1:${port[$1]}"; }

# The first replica migrates the schema, loads the reference data and writes the issuer's key; the others start after.
t=$(date +%s)
start a
await_ready a
start b
start c
await_ready b
await_ready c
echo "fleet: 3 replicas ready in $(( $(date +%s) - t )) s (ports ${port[a]} ${port[b]} ${port[c]}), database $db," \
  "$(nproc) cores, load $(uptime | sed 's/.*load average: //')"

# Four series at U.S. regional depots (the client's token is a U.S. manager's).
series=$(psql "$pg/$db" -Atc "
  SELECT string_agg(s.code || '/' || p.code || '/FLEET-' || n, ';')
    FROM (SELECT code, row_number() OVER (ORDER BY code) AS n FROM site WHERE kind = 'REGIONAL' AND jurisdiction = 'US'
           ORDER BY code LIMIT 2) s
   CROSS JOIN (SELECT code FROM product WHERE kind = 'PPE' ORDER BY code LIMIT 2) p")
[ -n "$series" ] || { echo "fleet test: no U.S. regional depot or PPE product in the reference data" >&2; exit 1; }

client() { java -Xmx256m -cp "$work/client" FleetClient "$@"; }
run=$(date +%s)
all="$(url a),$(url b),$(url c)"

# 1. Load, with replica C killed and restarted a third of the way in.
client load "$all" "$load_seconds" "$load_workers" "$series" "$work/keys.tsv" "$run" > "$work/load.out" &
load=$!
sleep $(( load_seconds / 3 ))
kill -KILL "${pid[c]}"
wait "${pid[c]}" 2> /dev/null || true
echo "fleet: replica c killed with SIGKILL after $(( load_seconds / 3 )) s of load; restarting it"
t=$(date +%s)
start c
await_ready c
echo "fleet: replica c ready again after $(( $(date +%s) - t )) s"
wait "$load" || { cat "$work/load.out"; echo "fleet test: the load client failed" >&2; exit 1; }

# 2. Feed: posted on A and C, followed on B.
client feed "$(url a),$(url c)" "$(url b)" "$probes" "$probe_interval" "$series" "$run" > "$work/feed.out" \
  || { cat "$work/feed.out"; echo "fleet test: the feed client failed" >&2; exit 1; }

# 3. Rate: one client, every replica.
client rate "$all" "$rate_seconds" "$rate_threads" "$rate_limit" > "$work/rate.out" \
  || { cat "$work/rate.out"; echo "fleet test: the rate client failed" >&2; exit 1; }

# The database's word on the load: each key's movements (the key is the movement's documentRef).
psql "$pg/$db" -qc "CREATE TABLE fleet_key (key text PRIMARY KEY, outcome text, status int, tries int, site text,
  product text, lot text)"
psql "$pg/$db" -qc "\\copy fleet_key FROM '$work/keys.tsv'"
psql "$pg/$db" -AtF= > "$work/db.out" -c "
  WITH applied AS (SELECT document_ref AS key, count(*) AS n FROM movement
                    WHERE document_ref LIKE 'fleet-$run-%' GROUP BY 1),
       k AS (SELECT k.outcome, coalesce(a.n, 0) AS n FROM fleet_key k LEFT JOIN applied a USING (key))
  SELECT 'db.acked_not_once', count(*) FILTER (WHERE outcome = 'ACKED' AND n <> 1) FROM k
  UNION ALL SELECT 'db.unacked_applied', count(*) FILTER (WHERE outcome = 'UNACKED' AND n = 1) FROM k
  UNION ALL SELECT 'db.unacked_more_than_once', count(*) FILTER (WHERE outcome = 'UNACKED' AND n > 1) FROM k
  UNION ALL SELECT 'db.refused_applied', count(*) FILTER (WHERE outcome = 'REFUSED' AND n > 0) FROM k
  UNION ALL SELECT 'db.unknown_keys', count(*) FROM applied WHERE key NOT IN (SELECT key FROM fleet_key)
  UNION ALL SELECT 'db.movements', count(*) FROM movement
  UNION ALL SELECT 'db.series', count(*) FROM balance
  UNION ALL SELECT 'db.balance_mismatches', count(*)
    FROM balance b
    FULL JOIN (SELECT site_id, product_id, lot_id, sum(quantity) AS total FROM movement GROUP BY 1, 2, 3) m
   USING (site_id, product_id, lot_id) WHERE coalesce(b.on_hand, 0) <> coalesce(m.total, 0)"
cat "$work/load.out" "$work/feed.out" "$work/rate.out" "$work/db.out" > "$work/figures"
fig() { awk -F= -v k="$1" '$1 == k { print substr($0, length(k) + 2) }' "$work/figures"; }

failed=()
row() { # what measured required ok
  printf '%-52s %-16s %-18s %s\n' "$1" "$2" "$3" "$([ "$4" = 1 ] && echo PASS || echo FAIL)"
  [ "$4" = 1 ] || failed+=("$1")
}
info() { printf '%-52s %s\n' "$1" "$2"; }
is() { awk "BEGIN { exit !($1) }" && echo 1 || echo 0; }
echo
printf '%-52s %-16s %-18s %s\n' "fleet test" "measured" "required" "result"
info "load: keys posted ($(fig load.seconds) s, $load_workers workers)" \
  "$(fig load.keys) ($(awk -v k="$(fig load.keys)" -v s="$(fig load.seconds)" 'BEGIN { printf "%.1f", k / s }')/s)"
info "load: acknowledged / refused / unacknowledged" "$(fig load.acked) / $(fig load.refused) / $(fig load.unacked)"
info "load: attempts, retries (replayed answers)" "$(fig load.attempts), $(fig load.retries) ($(fig load.replayed))"
info "load: retry causes" "$(fig load.retry_causes)"
info "load: hedged keys (first try on two replicas)" "$(fig load.hedged)"
info "  409 key-in-use answers; pairs both applied" "$(fig load.key_in_use); $(fig load.hedged_both_applied)"
row "exactly once: acknowledged keys not applied once" "$(fig db.acked_not_once)" "0" \
  "$(is "$(fig db.acked_not_once) == 0")"
row "at most once: unacknowledged keys applied twice+" "$(fig db.unacked_more_than_once)" "0" \
  "$(is "$(fig db.unacked_more_than_once) == 0")"
info "  unacknowledged keys applied once (allowed)" "$(fig db.unacked_applied)"
row "refused keys applied" "$(fig db.refused_applied)" "0" "$(is "$(fig db.refused_applied) == 0")"
row "movements with a key the client never sent" "$(fig db.unknown_keys)" "0" "$(is "$(fig db.unknown_keys) == 0")"
row "balances differing from the sum of their movements" "$(fig db.balance_mismatches)" \
  "0 of $(fig db.series) series" "$(is "$(fig db.balance_mismatches) == 0")"
info "feed: probes posted on A and C / arrived on B" "$(fig feed.probes) / $(fig feed.delivered)"
info "feed: p50, max delivery (ms); within 2 s" "$(fig feed.p50_ms), $(fig feed.max_ms); $(fig feed.within_2s)"
row "feed: p99 delivery to a follower on B (ms)" "$(fig feed.p99_ms)" "<= 2000, none lost" \
  "$(is "$(fig feed.missing) == 0 && $(fig feed.p99_ms) >= 0 && $(fig feed.p99_ms) <= 2000")"
info "rate: sent / accepted a second (per replica)" \
  "$(fig rate.sent_per_s) / $(fig rate.accepted_per_s) ($(fig rate.accepted_per_s_per_replica))"
# the check means something only when the client offered well above the limit
row "rate: offered a second / per-client limit $rate_limit" \
  "$(awk -v s="$(fig rate.sent_per_s)" -v l="$rate_limit" 'BEGIN { printf "%.2f", s / l }')" ">= 2.00" \
  "$(is "$(fig rate.sent_per_s) >= 2 * $rate_limit")"
row "rate: accepted a second / per-client limit $rate_limit" "$(fig rate.ratio)" "0.90-1.10" \
  "$(is "$(fig rate.ratio) >= 0.90 && $(fig rate.ratio) <= 1.10")"
echo "fleet test: $(( $(date +%s) - started )) s, commit $(git rev-parse --short HEAD 2> /dev/null || echo unknown)"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fleet test FAILED: $(IFS=';'; echo "${failed[*]}")" >&2
  exit 1
fi
echo "fleet test passed"
