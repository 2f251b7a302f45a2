#!/usr/bin/env bash
# The expiring list (GET /api/v1/stock/expiring, issue 20) under wrk, unfiltered and filtered, on a database already
# loaded with a demo profile (benchmarks/demo-load.sh): starts the packaged service on it and measures, at 16
# connections after a warm-up on the same URL, p50/p95/p99 and req/s of
#   all_50 / all_500   the whole list, a first page of 50 and of 500 (withinDays=90, as benchmarks/scale.sh)
#   all_3650_500       the whole list within 3650 days, a first page of 500
#   deep_3650          the same, a page of 50 deep in it (the cursor after the first 2,000 rows)
#   us / ca            a jurisdiction, a page of 50 (withinDays=3650)
#   site               one site (the one with the most balances with stock), a page of 50 (withinDays=3650)
#   partner            a partner caller limited to 5 U.S. dispensing sites with stock (a local client made for the
#                      run), a page of 50 (withinDays=3650)
# Usage: benchmarks/expiring.sh jdbc-url     e.g. jdbc:postgresql://127.0.0.1:5432/expiring10?user=postgres
# Environment: JAR (default api/target/stockbridge.jar), PORT (18093), BENCH_SECONDS (15), BENCH_WARMUP (10),
# BENCH_CONNECTIONS (16), JAVA_OPTS (default -Xmx2g).
# Needs wrk and psql. Stops the service it started when it ends, however it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
url=${1:?usage: benchmarks/expiring.sh jdbc-url}
jar=${JAR:-api/target/stockbridge.jar}
port=${PORT:-18093}
seconds=${BENCH_SECONDS:-15}
warmup=${BENCH_WARMUP:-10}
connections=${BENCH_CONNECTIONS:-16}
db="${url#jdbc:}"
command -v wrk > /dev/null || apt-get install -y -qq wrk > /dev/null
command -v psql > /dev/null || apt-get install -y -qq postgresql-client > /dev/null
[ -f "$jar" ] || ./mvnw -q -B -pl api -am -DskipTests package

dir=$(mktemp -d)
app=""
trap '[ -n "$app" ] && kill "$app" 2> /dev/null; wait 2> /dev/null; rm -rf "$dir"' EXIT

site=$(psql "$db" -qAtc "SELECT s.code FROM balance b JOIN site s ON s.id = b.site_id WHERE b.on_hand > 0
                         GROUP BY s.code ORDER BY count(*) DESC, s.code LIMIT 1")
partner_sites=$(psql "$db" -qAtc "SELECT string_agg(code, ',') FROM (SELECT s.code FROM site s
                                  WHERE s.jurisdiction = 'US' AND s.kind = 'DISPENSING' AND EXISTS (SELECT 1 FROM
                                  balance b WHERE b.site_id = s.id AND b.on_hand > 0) ORDER BY s.id LIMIT 5) s")
partner="--stockbridge.security.local-issuer.clients.bench-partner"
STOCKBRIDGE_DB_URL="$url" java ${JAVA_OPTS:--Xmx2g} -jar "$jar" --server.port="$port" \
  --stockbridge.demo.enabled=false --stockbridge.reference.load-on-start=false \
  --stockbridge.shortages.load-on-start=false --stockbridge.forecast.train-on-start=false \
  --stockbridge.forecast.schedule=- \
  --stockbridge.security.local-issuer.enabled=true --stockbridge.security.local-issuer.key-file="$dir/key.json" \
  --stockbridge.security.rate-limit.requests-per-second=1000000 \
  "$partner.description=benchmark partner" "$partner.scopes=read" "$partner.jurisdiction=US" \
  "$partner.sites=$partner_sites" \
  --logging.level.root=WARN > "$dir/app.log" 2>&1 &
app=$!
until curl -fs "localhost:$port/actuator/health" 2> /dev/null | grep -q '"UP"'; do
  kill -0 "$app" 2> /dev/null || { tail -n 40 "$dir/app.log"; exit 1; }
  sleep 1
done
admin="Authorization: Bearer $(curl -fs -X POST "localhost:$port/auth/local-token?client=admin")"
partner_auth="Authorization: Bearer $(curl -fs -X POST "localhost:$port/auth/local-token?client=bench-partner")"
base="http://localhost:$port/api/v1/stock/expiring?"
deep=""
for _ in 1 2 3 4; do
  deep=$(curl -fs -H "$admin" "${base}withinDays=3650&limit=500${deep:+&cursor=$deep}" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["nextCursor"] or "")')
done

echo "expiring list: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD)," \
  "$connections connections, ${warmup}s warm-up then ${seconds}s each; site $site; partner sites $partner_sites"
echo "| call | req/s | p50 (ms) | p95 (ms) | p99 (ms) | rows | non-2xx |"
echo "|---|---|---|---|---|---|---|"
while read -r name auth query; do
  header=$([ "$auth" = partner ] && echo "$partner_auth" || echo "$admin")
  rows=$(curl -fs -H "$header" "$base$query" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["items"]))')
  wrk -t2 -c"$connections" -d"${warmup}s" --timeout 60s -H "$header" "$base$query" > /dev/null
  wrk -t2 -c"$connections" -d"${seconds}s" --timeout 60s --latency -H "$header" -s benchmarks/wrk/percentiles.lua \
    "$base$query" 2>&1 | awk -v name="$name" -v rows="$rows" '
      /Requests\/sec/ { rate = $2 }
      /^percentiles / { p50 = $2 / 1000; p95 = $3 / 1000; p99 = $4 / 1000 }
      /Non-2xx or 3xx responses/ { refused += $NF }
      END { printf "| %s | %s | %.1f | %.1f | %.1f | %s | %d |\n", name, rate, p50, p95, p99, rows, refused }'
done << EOF
all_50 admin withinDays=90&limit=50
all_500 admin withinDays=90&limit=500
all_3650_500 admin withinDays=3650&limit=500
deep_3650 admin withinDays=3650&limit=50&cursor=$deep
us admin withinDays=3650&limit=50&jurisdiction=US
ca admin withinDays=3650&limit=50&jurisdiction=CA
site admin withinDays=3650&limit=50&site=$site
partner partner withinDays=3650&limit=50
EOF
