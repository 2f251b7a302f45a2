#!/usr/bin/env bash
# What capping the demand model's training and calibration windows costs (stockbridge.forecast.max-training-rows):
# the demand backtest on the demo panel with the model trained on every window and, in the same run, on a seeded
# stratified sample of 50%, 25%, 10% and 5% of them; prints accuracy, its change against every window, training time
# and the memory a training window takes. Deterministic; about 10 minutes on 2 cores.
#   benchmarks/forecast-sampling.sh [data-dir] [panel.csv] [shares] [output.md]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl batch -am test-compile exec:java \
  -Dexec.mainClass=org.stockbridge.forecasting.backtest.SamplingBenchmark \
  -Dexec.args="${1:-data/real} ${2:-benchmarks/demo-panel.csv} ${3:-0.5,0.25,0.1,0.05} ${4:-}"
