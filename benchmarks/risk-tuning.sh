#!/usr/bin/env bash
# Compares XGBoost settings of the shortage-risk model on a few origins (hard population), to tune them on early
# origins only before benchmarks/backtest.sh reports the chosen ones on every origin. Deterministic; each setting is
# one XGBoost fit per origin (about a minute each on 2 busy cores).
#   benchmarks/risk-tuning.sh [origins] [settings] [horizon] [data-dir]
#   settings: trees/depth/eta/minChildWeight[/hard], comma-separated; the first is the reference
set -euo pipefail
cd "$(dirname "$0")/.."
origins="${1:-2022-04-01,2022-10-01}"
settings="${2:-150/4/0.1/5,150/4/0.1/5/hard,300/3/0.05/20,150/6/0.1/5}"
./mvnw -B -q -pl batch -am test-compile exec:java \
  -Dexec.mainClass=org.stockbridge.batch.risk.RiskTuningMain \
  -Dexec.args="${4:-data/real} $origins $settings ${3:-90}"
