#!/usr/bin/env bash
# Change-feed wake-ups across replicas: two instances of the service on one database; for each of N movements posted
# on replica A, how long a long-poll follower on replica B waits for it, against a follower on A (the baseline).
#   benchmarks/feed-wakeups.sh [posts]     (default: 100)
set -euo pipefail
cd "$(dirname "$0")/.."
posts="${1:-100}"
log="$(mktemp)"
./mvnw -q -B -pl api -am verify -Dtest=CrossReplicaWakeupBenchmarkIntegrationTests \
  -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true -Dbenchmark.wakeups="$posts" > "$log" 2>&1 \
  || { tail -n 60 "$log"; exit 1; }
sed -n '/feed wake-ups:/,/ratio other\/same/p' \
  api/target/surefire-reports/TEST-org.stockbridge.api.CrossReplicaWakeupBenchmarkIntegrationTests.xml
rm -f "$log"
