#!/usr/bin/env bash
# Training time and scoring throughput (series per second) of the demand model on all 552 demo pairs, against
# exponential smoothing on the same series in the same run. Prints one CSV line per round (the first warms up).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl batch -am test-compile exec:java \
  -Dexec.mainClass=org.stockbridge.forecasting.backtest.ForecastBenchmark \
  -Dexec.args="${1:-data/real} ${2:-benchmarks/demo-panel.csv} ${3:-3}"
