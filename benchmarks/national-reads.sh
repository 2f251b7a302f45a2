#!/usr/bin/env bash
# The national reads under load on a database already loaded (e.g. by benchmarks/demo-load.sh 10x <url>): starts the
# service on it (Flyway brings its schema up to the build's), then wrk at 16 connections on GET /api/v1/stock/summary,
# GET /api/v1/stock/by-site and GET /api/v1/stock/below-policy, each after a warm-up on the same endpoint, as
# benchmarks/scale.sh measures them.
# Usage: benchmarks/national-reads.sh jdbc-url [size]
#   size: the demo profile the database holds (default 10x), so the start-up does not load another.
# JAR=path runs another build (default api/target/stockbridge.jar, built if missing); BENCH_SECONDS (15),
# BENCH_WARMUP (15), BENCH_CONNECTIONS (16); JAVA_OPTS is passed to the JVM. Uses port 18092.
set -eu
cd "$(dirname "$0")/.."
url=${1:?usage: benchmarks/national-reads.sh jdbc-url [size]}
size=${2:-10x}
jar=${JAR:-api/target/stockbridge.jar}
seconds=${BENCH_SECONDS:-15}
warmup=${BENCH_WARMUP:-15}
connections=${BENCH_CONNECTIONS:-16}
port=18092
[ -f "$jar" ] || ./mvnw -q -B -pl api -am -DskipTests package
command -v wrk > /dev/null || { echo "needs wrk"; exit 1; }
d=$(mktemp -d)
app=""
trap '[ -n "$app" ] && kill $app 2> /dev/null; [ -n "$app" ] && wait $app 2> /dev/null; rm -rf "$d"' EXIT
STOCKBRIDGE_DB_URL=$url java ${JAVA_OPTS:--Xmx4g} -jar "$jar" --server.port=$port --stockbridge.demo.size="$size" \
  --stockbridge.security.local-issuer.enabled=true --stockbridge.security.local-issuer.key-file="$d/key.json" \
  --stockbridge.security.rate-limit.requests-per-second=1000000 \
  --stockbridge.forecast.train-on-start=false --stockbridge.forecast.schedule=- \
  --management.endpoint.health.probes.enabled=true --logging.level.root=WARN > "$d/log" 2>&1 &
app=$!
until curl -fs "localhost:$port/actuator/health/readiness" > /dev/null 2>&1; do
  kill -0 $app 2> /dev/null || { echo "service died"; tail -30 "$d/log"; exit 1; }
  sleep 1
done
auth="Authorization: Bearer $(curl -fs -X POST "localhost:$port/auth/local-token?client=admin")"
echo "jar $jar ($(unzip -p "$jar" META-INF/MANIFEST.MF 2> /dev/null | grep -i '^Implementation-Version' | tr -d '\r' || true)), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for path in /stock/summary /stock/by-site /stock/below-policy; do
  one=$(curl -fs -o /dev/null -w '%{time_total}' -H "$auth" "http://localhost:$port/api/v1$path")
  wrk -t2 -c"$connections" -d"${warmup}s" --timeout 60s -H "$auth" "http://localhost:$port/api/v1$path" > /dev/null
  wrk -t2 -c"$connections" -d"${seconds}s" --timeout 60s -H "$auth" -s benchmarks/wrk/percentiles.lua \
    "http://localhost:$port/api/v1$path" 2>&1 | awk -v path="$path" -v one="$one" '
    /Requests\/sec/ { rate = $2 }
    /^percentiles / { p50 = $2 / 1000; p95 = $3 / 1000; p99 = $4 / 1000 }
    /Non-2xx or 3xx responses/ { refused += $NF }
    /Socket errors/ { gsub(/,/, ""); socket += $4 + $6 + $8 + $10 }
    END { printf "%s: one request alone %.0f ms; %s req/s, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, non-2xx %d, socket errors %d\n",
          path, one * 1000, rate, p50, p95, p99, refused, socket }'
  echo "  load average $(cut -d' ' -f1-3 /proc/loadavg)"
done
