#!/usr/bin/env bash
# Shortage risk of every ingredient as of a day, to CSV, from the real files:
#   bin/risk-scores.sh --as-of 2024-06-01 [--data data/real] [--horizon 30|90] [--out risk.csv]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl forecasting -am compile exec:java -Dexec.mainClass=org.stockbridge.forecasting.risk.RiskScoresCli \
  -Dexec.args="$*"
