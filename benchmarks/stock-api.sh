#!/usr/bin/env bash
# Stock API benchmark: the running app under wrk against pgbench running the same SQL at the same concurrency, on the
# same embedded PostgreSQL, in one run. Prints requests per second and the ratio app / raw for
#   1. a single balance read         (GET /sites/{s}/products/{p}/lots/{l}/balance  vs  benchmarks/sql/balance.sql)
#   2. a site's stock list           (GET /sites/{s}/stock?limit=50                 vs  benchmarks/sql/site-stock.sql)
#   3. a movement POST               (POST /movements with Idempotency-Key           vs  benchmarks/sql/post-movement.sql)
# Usage: benchmarks/stock-api.sh [seconds per measurement, default 20] [connections, default 16]
# Every API request carries a bearer token from the local issuer (authentication is always on).
# Needs wrk, pgbench and psql (installed with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
connections="${2:-16}"
threads=2
for tool in wrk pgbench psql; do
  if ! command -v "$tool" > /dev/null; then
    apt-get install -y -qq wrk postgresql-client > /dev/null
  fi
done

./mvnw -q -B -DskipTests package
data=$(mktemp -d)
pg_port=55432
app_port=18080
log="$data/app.log"
java -Xmx2g -jar api/target/stockbridge.jar --server.port=$app_port \
  --stockbridge.db.embedded.data-directory="$data/pgdata" --stockbridge.db.embedded.port=$pg_port \
  --stockbridge.security.local-issuer.key-file="$data/local-issuer-key.json" \
  --stockbridge.security.rate-limit.requests-per-second=1000000 \
  --logging.level.root=WARN ${BENCH_APP_ARGS:-} > "$log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 300); do
  curl -fs "localhost:$app_port/actuator/health" > /dev/null 2>&1 && break
  kill -0 $app 2>/dev/null || { tail -n 50 "$log"; exit 1; }
  sleep 1
done
db="postgresql://postgres@localhost:$pg_port/stockbridge"
token=$(curl -fs -X POST "localhost:$app_port/auth/local-token?client=admin")
auth="Authorization: Bearer $token"
read -r site product lot site_id product_id lot_id < <(psql "$db" -AtF ' ' -c "
  SELECT s.code, p.code, l.lot_number, s.id, p.id, l.id FROM balance b JOIN site s ON s.id = b.site_id
  JOIN product p ON p.id = b.product_id JOIN lot l ON l.id = b.lot_id
  WHERE s.kind = 'REGIONAL' ORDER BY b.on_hand DESC LIMIT 1")
echo "benchmark: ${seconds}s per measurement, $connections connections, $threads threads; site $site, product $product, lot $lot"

rate_wrk() { # url [lua script and args...]
  local out
  out=$(wrk -t$threads -c"$connections" -d"${seconds}s" --latency -H "$auth" "$@" 2>&1)
  local errors
  errors=$(echo "$out" | awk '/Non-2xx or 3xx responses/ {print $NF} /Socket errors/ {print "socket"}' | head -1)
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') ${errors:-0}"
}
rate_pgbench() { # script [-D var=value ...]
  pgbench -n -M prepared -c "$connections" -j $threads -T "$seconds" -f "$@" "$db" 2>&1 \
    | awk '/^tps = / {print $3}'
}
report() { # name app raw errors target
  awk -v name="$1" -v app="$2" -v raw="$3" -v errors="$4" -v target="$5" 'BEGIN {
    printf "%-18s app %9.1f req/s   raw SQL %9.1f tx/s   ratio %.2f (target >= %s)   errors %s\n",
      name, app, raw, app / raw, target, errors }'
}

read -r app_rate app_errors < <(rate_wrk "http://localhost:$app_port/api/v1/sites/$site/products/$product/lots/$lot/balance")
raw_rate=$(rate_pgbench benchmarks/sql/balance.sql -D site="$site" -D product="$product" -D lot="$lot")
report "balance read" "$app_rate" "$raw_rate" "$app_errors" 0.20

read -r app_rate app_errors < <(rate_wrk "http://localhost:$app_port/api/v1/sites/$site/stock?limit=50")
raw_rate=$(rate_pgbench benchmarks/sql/site-stock.sql -D site_id="$site_id")
report "site stock list" "$app_rate" "$raw_rate" "$app_errors" 0.20

read -r app_rate app_errors < <(rate_wrk "http://localhost:$app_port" -s benchmarks/wrk/post-movement.lua -- "$site" "$product" "$lot")
raw_rate=$(rate_pgbench benchmarks/sql/post-movement.sql -D site="$site" -D product="$product" -D lot="$lot" \
  -D site_id="$site_id" -D product_id="$product_id" -D lot_id="$lot_id")
report "movement POST" "$app_rate" "$raw_rate" "$app_errors" 0.25

psql "$db" -Atc "SELECT 'ledger check: ' || count(*) || ' balances differ from the sum of their movements' FROM balance b
  LEFT JOIN (SELECT site_id, product_id, lot_id, sum(quantity) AS total FROM movement GROUP BY 1, 2, 3) m
  USING (site_id, product_id, lot_id) WHERE b.on_hand <> coalesce(m.total, 0)"
