#!/usr/bin/env bash
# Shortage risk of every ingredient as of a day, to CSV, from the real files:
#   bin/risk-scores.sh --as-of 2024-06-01 [--data data/real] [--horizon 30|90] [--out risk.csv]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl batch -am test-compile exec:java -Dexec.mainClass=org.stockbridge.batch.risk.RiskScoresCli \
  -Dexec.args="$*"
