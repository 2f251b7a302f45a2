#!/usr/bin/env bash
# Scale benchmark (issue 20): for each demo size profile, starts the packaged service on a new database loaded with
# that profile and measures in one run what each cost is, then prints a table (one row per cost, one column per
# profile) and each cost's growth exponent from the smallest to the largest profile:
#   exponent = ln(value_big / value_small) / ln(series_big / series_small)
# where series is the number of (site, product) series with stock of each profile (queried from the balances).
# An exponent of 1 grows like the data, 0 not at all; for a throughput (req/s) a negative exponent is a loss.
#
# Measured per profile, in this order (so nothing competes with a measurement, and the feed is read before the
# benchmark's own POSTs add to it):
#   1. load: seconds from launching the jar to readiness (the first-start data load), database size, series, lots
#   2. the forecast job (retrain the demand and risk models, score every series): the service runs it once after
#      start on a new database (stockbridge.forecast.train-on-start); seconds from readiness until its log line
#      "Forecast job run N COMPLETED", cross-checked with its own timer stockbridge_forecast_job_seconds
#   3. the change feed caught up from zero by the reference partner client as admin (both countries):
#      partner-client/target/stockbridge-partner-client-exec.jar --until-head on an empty store
#   4. the dashboard's national view in headless Chromium (benchmarks/scale/national-view.mjs through chromedriver):
#      milliseconds from navigation until the national table has its rows; the median of 3 loads after a first one
#   5. a national transfer recommendation (POST /api/v1/transfer-recommendations, quantile 0.9, 28 days, every
#      site and product): seconds of the request, with the solver's status
#   6. API latency p50/p95/p99 and throughput at 16 connections (wrk, after a warm-up on the same endpoint) for a
#      balance read, a site's stock page, the national summary, the by-site map, the expiring list and POST /movements
#      (benchmarks/wrk/post-movement.lua); percentiles from wrk's own histogram (benchmarks/wrk/percentiles.lua); a
#      request may take up to 60 s (wrk's default of 2 s would count a slow national summary as a socket error and
#      leave it out of the percentiles)
#   7. the national rollups' rebuilds during the wrk measurements, from the service's meters: how many, their mean
#      time and the period the last rebuild set until the next (ADR 0017)
#
# Usage: benchmarks/scale.sh [profile ...]        profiles 1x, 10x, 100x; default: 1x 10x
# Environment:
#   STOCKBRIDGE_DB_URL  an external PostgreSQL server instead of the embedded one, as a JDBC URL naming a database
#                       (jdbc:postgresql://127.0.0.1:5432/scale?user=postgres): each profile gets a new database
#                       of that name with _<profile> appended (scale_1x, ...), created here; it must not exist yet
#   BENCH_REUSE_DB      set to 1 (with STOCKBRIDGE_DB_URL and one profile) to measure a database already loaded with
#                       that profile (benchmarks/demo-load.sh), named as it is in the URL: nothing is created or loaded,
#                       so "load to readiness" is the start-up alone; the forecast job is measured only when no demand
#                       model is registered yet (the service then runs it after start)
#   BENCH_SECONDS       seconds per wrk measurement (default 15)
#   BENCH_WARMUP        seconds of unmeasured wrk load on each endpoint just before its measurement (default 15)
#   BENCH_CONNECTIONS   wrk connections (default 16)
#   BENCH_HEAP          the service's -Xmx (default 2g at 1x, 4g at 10x, 8g at 100x; the demo loader streams its
#                       lines, docs/benchmarks/demo-load.md)
#   BENCH_SKIP_BUILD    set to 1 to use the jars already built instead of running ./mvnw package first
#   BENCH_FORECAST_LAST set to 1 to measure the forecast job and the recommendation last: the service starts without
#                       training, the feed, the national view and wrk run first, then it is restarted to train
#                       (for a large profile whose forecast job would otherwise hold every other measurement back)
#   BENCH_RECORD        a markdown file to append the result to (with date, commit, machine and command)
# Needs wrk, psql, chromium, chromium-driver and node (wrk, psql and the two Chromium packages installed with
# apt-get when missing). Kills what it started when it ends, however it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
profiles=("$@")
[ ${#profiles[@]} -gt 0 ] || profiles=(1x 10x)
seconds="${BENCH_SECONDS:-15}"
warmup="${BENCH_WARMUP:-15}"
connections="${BENCH_CONNECTIONS:-16}"
threads=2
for p in "${profiles[@]}"; do
  case "$p" in 1x | 10x | 100x) ;; *) echo "unknown profile '$p' (1x, 10x or 100x)" >&2; exit 2 ;; esac
done
reuse="${BENCH_REUSE_DB:-}"
if [ "$reuse" = 1 ] && { [ -z "${STOCKBRIDGE_DB_URL:-}" ] || [ ${#profiles[@]} -ne 1 ]; }; then
  echo "BENCH_REUSE_DB=1 needs STOCKBRIDGE_DB_URL naming the loaded database and exactly one profile" >&2
  exit 2
fi
command -v wrk > /dev/null || apt-get install -y -qq wrk > /dev/null
command -v psql > /dev/null || apt-get install -y -qq postgresql-client > /dev/null
command -v chromedriver > /dev/null || apt-get install -y -qq chromium chromium-driver > /dev/null
command -v node > /dev/null || { echo "node is needed for the national view (apt-get install nodejs)" >&2; exit 1; }

heap_for() {
  if [ -n "${BENCH_HEAP:-}" ]; then echo "$BENCH_HEAP"; return; fi
  case "$1" in 1x) echo 2g ;; 10x) echo 4g ;; 100x) echo 8g ;; esac
}
# 100x needs its heap and room for the database's cache beside it: refuse early rather than swap or die at minute 30
for p in "${profiles[@]}"; do
  need_gb=$(( $(heap_for "$p" | tr -dc 0-9) + 2 ))
  avail_gb=$(awk '/MemAvailable/ { print int($2 / 1048576) }' /proc/meminfo)
  if [ "$avail_gb" -lt "$need_gb" ]; then
    echo "profile $p needs about $need_gb GB of memory (heap $(heap_for "$p") and the database); $avail_gb GB available" >&2
    exit 1
  fi
done

[ "${BENCH_SKIP_BUILD:-}" = 1 ] || ./mvnw -q -B -DskipTests package
jar=api/target/stockbridge.jar
partner_jar=partner-client/target/stockbridge-partner-client-exec.jar
[ -f "$jar" ] && [ -f "$partner_jar" ] || { echo "missing $jar or $partner_jar: build first" >&2; exit 1; }

work=$(mktemp -d)
results="$work/results"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2> /dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
record() { echo "$1 $2 $3" >> "$results"; } # profile key value
stop() { # pid
  kill "$1" 2> /dev/null || true
  wait "$1" 2> /dev/null || true
}

# wrk with the percentiles script (wrapping the POST script when given); prints "req/s p50ms p95ms p99ms errors"
run_wrk() { # url duration lua-or-empty [args for the lua script]
  local url="$1" duration="$2" inner="$3"
  shift 3
  WRK_INNER="$inner" wrk -t$threads -c"$connections" -d"${duration}s" --timeout 60s --latency -H "$auth" \
    -s benchmarks/wrk/percentiles.lua "$url" -- "$@" 2>&1 | awk '
    /Requests\/sec/ { rate = $2 }
    /^percentiles / { p50 = $2 / 1000; p95 = $3 / 1000; p99 = $4 / 1000 }
    /Non-2xx or 3xx responses/ { refused += $NF }
    /Socket errors/ { gsub(/,/, ""); socket += $4 + $6 + $8 + $10 }
    END { printf "%s %.2f %.2f %.2f %d %d\n", rate == "" ? 0 : rate, p50, p95, p99, refused, socket }'
}

# the service's rollup rebuilds so far: "count sum period" from its meters, empty when the scrape fails
rebuilds() { # port
  curl -fs -H "$auth" "localhost:$1/actuator/prometheus" 2> /dev/null | awk '
    /^stockbridge_stock_summary_refresh_seconds_count\{.*outcome="rebuilt"/ { c = $2 }
    /^stockbridge_stock_summary_refresh_seconds_sum\{.*outcome="rebuilt"/ { s = $2 }
    /^stockbridge_stock_summary_refresh_period_seconds/ { v = $2 }
    END { if (c != "") printf "%d %s %.1f\n", c, s, v }' || true
}

# starts the service on the profile's database and waits for its readiness; sets app, start and ready
launch() { # profile dir port url pg_port train-on-start
  local p="$1" dir="$2" port="$3" url="$4" pg_port="$5" train="$6"
  start=$(now)
  STOCKBRIDGE_DB_URL="$url" java -Xmx"$(heap_for "$p")" -jar "$jar" --server.port="$port" \
    --stockbridge.demo.size="$p" \
    --stockbridge.db.embedded.data-directory="$dir/pgdata" ${pg_port:+--stockbridge.db.embedded.port=$pg_port} \
    --stockbridge.security.local-issuer.enabled=true --stockbridge.security.local-issuer.key-file="$dir/local-issuer-key.json" \
    --stockbridge.security.rate-limit.requests-per-second=1000000 \
    --stockbridge.forecast.train-on-start="$train" --stockbridge.forecast.schedule=- \
    --management.endpoint.health.probes.enabled=true \
    --logging.level.root=WARN --logging.level.org.stockbridge.api.forecast=INFO >> "$dir/app.log" 2>&1 &
  app=$!
  pids+=("$app")
  for _ in $(seq 1 7200); do
    curl -fs "localhost:$port/actuator/health/readiness" > /dev/null 2>&1 && break
    kill -0 "$app" 2> /dev/null || { tail -n 50 "$dir/app.log"; exit 1; }
    sleep 1
  done
  ready=$(now)
}

# 2. the forecast job the service started after readiness (a reused database may have its models already)
forecast_step() {
  if [ "$reuse" = 1 ] && [ "$(psql "$db" -qAtc "SELECT count(*) FROM forecast_model WHERE kind = 'DEMAND'")" != 0 ] \
      && ! grep -q 'Forecast job run' "$dir/app.log"; then
    echo "   forecast job: not run (the reused database has a demand model registered)"
  else
  until line=$(grep -Eo 'Forecast job run [0-9]+ [A-Z]+' "$dir/app.log"); do
    kill -0 "$app" 2> /dev/null || { tail -n 50 "$dir/app.log"; exit 1; }
    sleep 1
  done
  t1=$(now)
  record "$p" forecast_s "$(elapsed "$ready" "$t1")"
  local timer
  timer=$(curl -fs -H "$auth" "localhost:$port/actuator/prometheus" 2> /dev/null \
    | awk '/^stockbridge_forecast_job_seconds_sum/ { s += $2 } END { printf "%.1f", s }' || true)
  echo "   $line after $(elapsed "$ready" "$t1") s (its own timer: ${timer:-?} s)"
  case "$line" in *COMPLETED) ;; *) echo "   the forecast job did not complete: $line" >&2 ;; esac
  fi
}

# 5. a national transfer recommendation
recommendation_step() {
  t0=$(now)
  curl -fs -o "$dir/recommendation.json" -X POST -H "$auth" -H 'Content-Type: application/json' \
    -d '{"quantile": 0.9, "horizonDays": 28}' "localhost:$port/api/v1/transfer-recommendations" \
    || { echo "the recommendation failed" >&2; exit 1; }
  t1=$(now)
  record "$p" recommendation_s "$(elapsed "$t0" "$t1")"
  echo "   recommendation: $(python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); s = d.get("solver", {});
print(len(d.get("recommendations", [])), "recommendations,", len(d.get("shortfalls", [])), "shortfalls, solver", s)' \
    "$dir/recommendation.json" 2> /dev/null || echo '?')"
}

run_profile() { # profile
  local p="$1" dir="$work/$1" port pg_port url="" db start ready t0 t1 line
  mkdir -p "$dir"
  port=$(free_port)
  if [ -n "${STOCKBRIDGE_DB_URL:-}" ]; then
    url=$STOCKBRIDGE_DB_URL
    [ "$reuse" = 1 ] || url=$(echo "$STOCKBRIDGE_DB_URL" | sed -E "s#^(jdbc:postgresql://[^/]+/)([^?]+)#\\1\\2_$p#")
    db="${url#jdbc:}"
    local server name
    name=$(echo "$url" | sed -E 's#^jdbc:postgresql://[^/]+/([^?]+).*#\1#')
    server=$(echo "$db" | sed -E 's#^(postgresql://[^/]+/)[^?]+#\1postgres#')
    if [ "$reuse" = 1 ]; then
      echo "== $p: external database $name, already loaded (BENCH_REUSE_DB=1)"
    else
      psql "$server" -qAtc "CREATE DATABASE \"$name\"" > /dev/null
      echo "== $p: external database $name"
    fi
  else
    pg_port=$(free_port)
    db="postgresql://postgres@localhost:$pg_port/stockbridge"
  fi
  local last="${BENCH_FORECAST_LAST:-}"
  launch "$p" "$dir" "$port" "$url" "${pg_port:-}" "$([ "$last" = 1 ] && echo false || echo true)"
  record "$p" load_s "$(elapsed "$start" "$ready")"
  echo "== $p ready after $(elapsed "$start" "$ready") s; load $(cut -d' ' -f1-3 /proc/loadavg)"

  # every request below as the embedded default's admin client (read, write, forecast and admin scopes, both countries)
  auth="Authorization: Bearer $(curl -fs -X POST "localhost:$port/auth/local-token?client=admin")"

  [ "$last" = 1 ] || forecast_step

  # A server with autovacuum off (the build machine's is configured so) never reclaims the dead rows of the load or of
  # earlier runs, nor refreshes the planner's statistics; a production server does both. Vacuum and analyse once here,
  # so each run measures the state autovacuum would keep.
  if [ "$(psql "$db" -qAtc 'SHOW autovacuum')" = off ]; then
    t0=$(now)
    psql "$db" -qc "VACUUM (ANALYZE)" > /dev/null
    echo "   autovacuum is off on this server: VACUUM (ANALYZE) of the database took $(elapsed "$t0" "$(now)") s"
  fi

  psql "$db" -qAtF ' ' -c "SELECT (SELECT count(*) FROM (SELECT DISTINCT site_id, product_id FROM balance) s),
      (SELECT count(*) FROM lot), (SELECT count(*) FROM movement), pg_database_size(current_database()) / 1048576" \
    > "$dir/sizes"
  read -r series lots movements size_mb < "$dir/sizes"
  record "$p" series "$series"
  record "$p" lots "$lots"
  record "$p" movements "$movements"
  record "$p" db_mb "$size_mb"


  # 3. the change feed from zero (head, every visible site's balances, then the feed to its head)
  t0=$(now)
  java -jar "$partner_jar" --server "http://localhost:$port" --client admin --store "$dir/partner-store" \
    --until-head > "$dir/partner.log" 2>&1 || { echo "partner client failed:" >&2; tail -n 20 "$dir/partner.log" >&2; exit 1; }
  t1=$(now)
  record "$p" feed_s "$(elapsed "$t0" "$t1")"

  # 4. the national view in headless Chromium
  local driver_port driver
  driver_port=$(free_port)
  chromedriver --port="$driver_port" > "$dir/chromedriver.log" 2>&1 &
  driver=$!
  pids+=("$driver")
  for _ in $(seq 1 30); do curl -fs "localhost:$driver_port/status" > /dev/null 2>&1 && break; sleep 1; done
  node benchmarks/scale/national-view.mjs "http://localhost:$driver_port" "http://localhost:$port" \
    "${auth#Authorization: Bearer }" 4 > "$dir/national" || { stop "$driver"; exit 1; }
  stop "$driver"
  record "$p" national_first_ms "$(head -n 1 "$dir/national")"
  record "$p" national_ms "$(tail -n +2 "$dir/national" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')"

  [ "$last" = 1 ] || recommendation_step

  # 6. the API under wrk; the site with the most stock in one lot at a regional depot, as benchmarks/stock-api.sh
  local site product lot
  read -r site product lot < <(psql "$db" -AtF ' ' -c "
    SELECT s.code, p.code, l.lot_number FROM balance b JOIN site s ON s.id = b.site_id
    JOIN product p ON p.id = b.product_id JOIN lot l ON l.id = b.lot_id
    WHERE s.kind = 'REGIONAL' ORDER BY b.on_hand DESC, b.site_id, b.product_id, b.lot_id LIMIT 1")
  echo "   wrk: ${warmup}s warm-up then ${seconds}s per endpoint, $connections connections; site $site, product $product, lot $lot"
  local base="http://localhost:$port/api/v1" name path lua result rebuilds_before
  rebuilds_before=$(rebuilds "$port")
  while read -r name path lua; do
    [ "$lua" = - ] && lua=""
    run_wrk "$base$path" "$warmup" "$lua" "$site" "$product" "$lot" > /dev/null
    result=$(run_wrk "$base$path" "$seconds" "$lua" "$site" "$product" "$lot")
    read -r rate p50 p95 p99 refused socket <<< "$result"
    record "$p" "${name}_rps" "$rate"
    record "$p" "${name}_p50_ms" "$p50"
    record "$p" "${name}_p95_ms" "$p95"
    record "$p" "${name}_p99_ms" "$p99"
    echo "   $name: $rate req/s, p50 $p50 ms, p95 $p95 ms, p99 $p99 ms, non-2xx answers $refused, socket errors (timeouts included) $socket"
    [ "$refused" = 0 ] || curl -s -H "$auth" "$base$path" -o /dev/null -w "   one more request: HTTP %{http_code}\n" \
      -X "$([ -n "$lua" ] && echo POST || echo GET)"
  done << EOF
balance /sites/$site/products/$product/lots/$lot/balance -
site_stock /sites/$site/stock?limit=50 -
summary /stock/summary -
by_site /stock/by-site -
expiring /stock/expiring?withinDays=90 -
post_movement /movements benchmarks/wrk/post-movement.lua
EOF
  # the rollups' rebuilds during the wrk measurements, from the service's own meters (ADR 0017): their mean time (the
  # rebuilt timer's sum and count before and after the loop) and the period the last one set; "-" when not scraped
  local after rebuilt mean period
  after=$(rebuilds "$port")
  read -r rebuilt mean period <<< "$(awk -v b="$rebuilds_before" -v a="$after" 'BEGIN {
      split(b, x, " "); split(a, y, " "); n = y[1] - x[1]
      if (a == "" || b == "") print "- - -"; else printf "%d %s %s\n", n, (n > 0 ? sprintf("%.3f", (y[2] - x[2]) / n) : "-"), y[3] }')"
  record "$p" refresh_mean_s "$mean"
  record "$p" refresh_period_s "$period"
  echo "   rollups: $rebuilt rebuilds during wrk, mean $mean s; period set by the last $period s"
  if [ "$last" = 1 ]; then
    stop "$app"
    launch "$p" "$dir" "$port" "$url" "${pg_port:-}" true
    record "$p" restart_s "$(elapsed "$start" "$ready")"
    echo "   restarted to train after $(elapsed "$start" "$ready") s"
    forecast_step
    recommendation_step
  fi
  record "$p" load_after "$(cut -d' ' -f1 /proc/loadavg)"
  stop "$app"
}

machine="$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)"
echo "scale benchmark: profiles ${profiles[*]}; $machine; load average $(cut -d' ' -f1-3 /proc/loadavg);" \
  "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- api infra batch forecasting || echo '+changes')"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for p in "${profiles[@]}"; do run_profile "$p"; done

# the table: one row per cost, one column per profile, and the exponent from the first profile to the last
table=$(awk -v profiles="${profiles[*]}" '
  { v[$1, $2] = $3; if (!($2 in seen)) { seen[$2] = 1; keys[++n] = $2 } }
  END {
    np = split(profiles, ps, " ")
    label["load_s"] = "load to readiness (s)"; label["db_mb"] = "database size (MB)"; label["series"] = "series"
    label["lots"] = "lots"; label["movements"] = "movements"; label["forecast_s"] = "forecast job (s)"
    label["feed_s"] = "change feed from zero (s)"; label["national_first_ms"] = "national view, first load (ms)"
    label["national_ms"] = "national view (ms, median of 3)"; label["recommendation_s"] = "national recommendation (s)"
    label["load_after"] = "load average after"
    label["refresh_mean_s"] = "rollups rebuild, mean (s)"; label["refresh_period_s"] = "rollups refresh period (s)"
    header = "| cost |"; rule = "|---|"
    for (i = 1; i <= np; i++) { header = header " " ps[i] " |"; rule = rule "---|" }
    print header " exponent |"; print rule "---|"
    first = ps[1]; last = ps[np]
    for (k = 1; k <= n; k++) {
      key = keys[k]; name = (key in label) ? label[key] : key
      if (!(key in label)) { gsub(/_rps$/, " (req/s)", name); gsub(/_p50_ms$/, " p50 (ms)", name)
        gsub(/_p95_ms$/, " p95 (ms)", name); gsub(/_p99_ms$/, " p99 (ms)", name) }
      line = "| " name " |"
      for (i = 1; i <= np; i++) line = line " " v[ps[i], key] " |"
      e = "—"
      if (np > 1 && key != "series" && key != "load_after" && v[first, key] > 0 && v[last, key] > 0 \
          && v[last, "series"] != v[first, "series"])
        e = sprintf("%.2f", log(v[last, key] / v[first, key]) / log(v[last, "series"] / v[first, "series"]))
      print line " " e " |"
    }
  }' "$results")
echo
echo "$table"
if [ -n "${BENCH_RECORD:-}" ]; then
  {
    echo
    echo "### $(date -u +'%Y-%m-%d %H:%M UTC'), commit \`$(git rev-parse --short HEAD)\`"
    echo
    echo "Machine: $machine, load average $load_before at the start. Command: \`benchmarks/scale.sh ${profiles[*]}\`" \
      "(${seconds}s per wrk measurement after ${warmup}s of warm-up, $connections connections$([ -n "${STOCKBRIDGE_DB_URL:-}" ] && echo ', external PostgreSQL' || echo ', embedded PostgreSQL')$([ "$reuse" = 1 ] && echo ', the database loaded beforehand'))."
    echo
    echo "$table"
  } >> "$BENCH_RECORD"
fi
