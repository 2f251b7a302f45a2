#!/usr/bin/env bash
# Reliability harness: concurrent clients post movements with Idempotency-Keys while random API database connections
# are killed with pg_terminate_backend; prints what was sent, retried, acknowledged, and the checks that must be zero.
#   benchmarks/reliability.sh [seconds] [clients]     (defaults: 60 s, 16 clients)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
clients="${2:-16}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
./mvnw -q -B -pl api -am verify -Dtest=ReliabilityHarnessIntegrationTests -Dsurefire.failIfNoSpecifiedTests=false \
  -Djacoco.skip=true -Dharness.seconds="$seconds" -Dharness.clients="$clients" > "$log" 2>&1 \
  || { tail -n 60 "$log"; exit 1; }
sed -n '/reliability harness:/,/negative balances/p' api/target/surefire-reports/TEST-org.stockbridge.api.reliability.ReliabilityHarnessIntegrationTests.xml
