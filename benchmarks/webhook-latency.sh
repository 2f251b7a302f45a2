#!/usr/bin/env bash
# Webhook latency: for each of N movements that raise or clear an alert, the time from sending the movement until a
# receiver on loopback gets the signed webhook, with the default evaluator and delivery intervals.
#   benchmarks/webhook-latency.sh [movements]     (default: 200)
set -euo pipefail
cd "$(dirname "$0")/.."
movements="${1:-200}"
log="$(mktemp)"
./mvnw -q -B -pl api -am verify -Dtest=WebhookLatencyBenchmarkIntegrationTests \
  -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true -Dbenchmark.webhooks="$movements" > "$log" 2>&1 \
  || { tail -n 60 "$log"; exit 1; }
sed -n '/webhook latency:/,/webhook received/p' \
  api/target/surefire-reports/TEST-org.stockbridge.api.alert.WebhookLatencyBenchmarkIntegrationTests.xml
rm -f "$log"
