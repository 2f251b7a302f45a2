#!/usr/bin/env bash
# Loads the demo stock of one size profile (1x, 10x or 100x) into a new database and prints how long the service took
# to be ready with it, the generator's own summary line and the database's size.
# Usage: benchmarks/demo-load.sh [1x|10x|100x] [jdbc-url]
#   with no url, into the embedded PostgreSQL on a new, empty data directory;
#   with a url (an empty database, e.g. jdbc:postgresql://127.0.0.1:5432/demo10x?user=postgres), into that database.
# Builds the service if its jar is missing (JAR=path runs another build); uses port 18091 (PORT= another, when two
# loads share a machine). JAVA_OPTS is passed to the JVM (e.g. -Xmx1g -Xlog:gc:file=gc.log to bound and log the heap).
set -u
cd "$(dirname "$0")/.."
size=${1:-1x}
url=${2:-}
jar=${JAR:-api/target/stockbridge.jar}
port=${PORT:-18091}
[ -f "$jar" ] || ./mvnw -q -B -pl api -am -DskipTests package
d=$(mktemp -d)
echo "size $size, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD)"
start=$(date +%s.%N)
STOCKBRIDGE_DB_URL=$url java ${JAVA_OPTS:-} -jar "$jar" --server.port=$port \
  --stockbridge.demo.size="$size" --stockbridge.db.embedded.data-directory=$d/pgdata \
  --stockbridge.security.local-issuer.enabled=true --stockbridge.security.local-issuer.key-file=$d/key.json \
  > $d/log 2>&1 &
pid=$!
until grep -q 'Start-up data ready' $d/log 2>/dev/null && curl -sf localhost:$port/actuator/health 2>/dev/null | grep -q '"UP"'; do
  if ! kill -0 $pid 2>/dev/null; then echo "service died"; tail -30 $d/log; rm -rf $d; exit 1; fi
  sleep 1
done
end=$(date +%s.%N)
echo "ready after $(echo "$end - $start" | bc) s"
grep -E 'Reference data loaded|Demo stock generated|Start-up data ready|Started Stockbridge' $d/log | sed 's/^.*\] //' | cut -c1-400
kill $pid; wait $pid 2>/dev/null
rm -rf $d
