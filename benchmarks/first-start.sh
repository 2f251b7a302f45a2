#!/usr/bin/env bash
# First start of the service on a new, empty embedded data directory: seconds from launch until /actuator/health is UP
# and the start-up loads (reference data, demo stock, shortage reports) have finished, then the loads' own log lines.
# Usage: benchmarks/first-start.sh (builds the service first; uses port 18090)
set -u
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests package
d=$(mktemp -d)
start=$(date +%s.%N)
java -jar api/target/stockbridge.jar --server.port=18090 --stockbridge.db.embedded.data-directory=$d/pgdata \
  --stockbridge.security.local-issuer.key-file=$d/key.json > $d/log 2>&1 &
pid=$!
until grep -q 'Start-up data ready' $d/log 2>/dev/null && curl -sf localhost:18090/actuator/health 2>/dev/null | grep -q '"UP"'; do
  if ! kill -0 $pid 2>/dev/null; then echo "service died"; tail -30 $d/log; exit 1; fi
  sleep 0.5
done
end=$(date +%s.%N)
echo "ready after $(echo "$end - $start" | bc) s"
grep -E 'Reference data loaded|Demo stock generated|Shortage reports and DPD|Start-up data ready|Started Stockbridge|Ingested ' $d/log | sed 's/^.*\] //' | cut -c1-220
kill $pid; wait $pid 2>/dev/null
rm -rf $d
